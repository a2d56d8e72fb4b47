"""The examples in the docstrings of the foundation modules run and give what they show."""

import doctest
import importlib

import pytest

MODULES = [
    "researchkit.errors",
    "researchkit.transcripts",
    "researchkit.codings",
    "researchkit.io",
    "researchkit.io.speakers",
    "researchkit.io.assemble",
    "researchkit.io.metadata",
    "researchkit.io.text",
    "researchkit.io.docx",
    "researchkit.io.subtitles",
    "researchkit.io.attributes",
    "researchkit.cli",
    "researchkit.cli.ingest",
    "researchkit.fileio",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0, f"{name} has no examples"

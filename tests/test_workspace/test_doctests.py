"""The examples in the workspace docstrings run and give what they show."""

import doctest
import importlib

import pytest

MODULES = ["researchkit.workspace.offsets", "researchkit.workspace.layout", "researchkit.workspace.session",
           "researchkit.workspace.review", "researchkit.workspace.segments", "researchkit.workspace.widgets"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0, f"{name} has no examples"

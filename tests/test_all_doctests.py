"""Every example in every docstring of the package runs and gives what it shows.

``tests/test_doctests.py`` pins the foundation modules one by one; this test walks the
whole package so that no module's examples can rot unnoticed.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import researchkit

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(researchkit.__path__, prefix="researchkit.")
    if not info.name.endswith("__main__")
)


def test_the_walk_finds_the_package():
    assert "researchkit.suggest.hybrid" in MODULES and "researchkit.query.language" in MODULES and len(MODULES) > 100


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{name}: {result.failed} failing example(s); run pytest --doctest-modules {module.__file__}"

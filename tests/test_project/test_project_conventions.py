"""API conventions of the project store, checked by a test (as scanpy does): docstrings with
examples that run, type hints, options keyword-only."""

from __future__ import annotations

import doctest
import importlib
import inspect

import pytest

from researchkit.project import Project

MODULES = [
    "researchkit.project",
    "researchkit.project.schema",
    "researchkit.project.migrations",
    "researchkit.project.anchoring",
    "researchkit.project.connect",
    "researchkit.project.faults",
    "researchkit.project.rows",
    "researchkit.project.database",
    "researchkit.project.documents",
    "researchkit.project.codebooks",
    "researchkit.project.codings",
    "researchkit.project.manual",
    "researchkit.project.restructure",
    "researchkit.project.review",
    "researchkit.project.memos",
    "researchkit.project.history",
    "researchkit.project.backup",
    "researchkit.project.layout",
    "researchkit.project.store",
    "researchkit.project.examples",
    "researchkit.cli.project",
]


def _public_callables():
    for name, member in inspect.getmembers(Project):
        if name.startswith("_") or not callable(member):
            continue
        yield f"Project.{name}", member
    for module_name in MODULES[1:]:
        module = importlib.import_module(module_name)
        for name, member in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("_") and member.__module__ == module_name:
                yield f"{module_name}.{name}", member


@pytest.mark.parametrize("name, func", list(_public_callables()), ids=lambda v: v if isinstance(v, str) else "")
def test_public_api_conventions(name, func):
    doc = inspect.getdoc(func)
    assert doc and "Examples" in doc, f"{name} needs a docstring with an example"
    params = [p for p in inspect.signature(func).parameters.values() if p.name not in ("self", "cls")]
    assert all(p.annotation is not p.empty for p in params), f"{name}: parameters need type hints"
    options = [p for p in params if p.default is not p.empty]
    assert all(p.kind is p.KEYWORD_ONLY for p in options), f"{name}: options (parameters with defaults) must be keyword-only"


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0, f"{name} has no examples"

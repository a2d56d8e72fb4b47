"""API conventions, enforced by a test instead of a style guide (as scanpy does)."""

import inspect

import researchkit as rk

PUBLIC = ["read_transcript", "read_corpus", "read_attributes"]


def test_public_names_resolve():
    for name in PUBLIC + ["Transcript", "Turn", "Corpus"]:
        assert getattr(rk, name) is not None


def test_public_functions_have_docstrings_and_keyword_only_options():
    for name in PUBLIC:
        func = getattr(rk, name)
        doc = inspect.getdoc(func)
        assert doc and "Examples" in doc, f"{name} needs a docstring with an example"
        params = list(inspect.signature(func).parameters.values())
        # the first argument is the data; everything after the data arguments is keyword-only
        later = [p for p in params[2:]]
        assert all(p.kind is p.KEYWORD_ONLY for p in later), f"{name}: options must be keyword-only"
        assert all(p.annotation is not p.empty for p in params), f"{name}: parameters need type hints"


def test_unknown_attribute_error():
    import pytest

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        rk.nope


def test_autocode_and_evaluate_stay_functions_after_their_modules_are_imported():
    import importlib

    importlib.import_module("researchkit.autocode")
    importlib.import_module("researchkit.evaluate")
    import researchkit

    assert inspect.isfunction(researchkit.autocode) and researchkit.autocode.__module__ == "researchkit.autocode"
    assert inspect.isfunction(researchkit.evaluate)

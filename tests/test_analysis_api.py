"""API conventions and docstring examples of researchkit.analysis and researchkit.figures."""

import doctest
import importlib
import inspect

import pytest

from researchkit import analysis, figures

MODULES = [
    "researchkit.analysis",
    "researchkit.analysis._common",
    "researchkit.analysis.frequencies",
    "researchkit.analysis.cooccurrence",
    "researchkit.analysis.framework",
    "researchkit.analysis.quotes",
    "researchkit.analysis.words",
    "researchkit.analysis.summaries",
    "researchkit.analysis.infoposition",
    "researchkit.analysis.style",
    "researchkit.figures",
]

FUNCTIONS = [getattr(analysis, n) for n in analysis.__all__ if inspect.isfunction(getattr(analysis, n))] + [
    getattr(figures, n) for n in figures.__all__ if inspect.isfunction(getattr(figures, n))
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0, f"{name} has no examples"


@pytest.mark.parametrize("func", FUNCTIONS, ids=lambda f: f.__name__)
def test_public_function_conventions(func):
    doc = inspect.getdoc(func)
    assert doc and "Examples" in doc, f"{func.__name__} needs a docstring with an example"
    params = list(inspect.signature(func).parameters.values())
    assert all(p.kind is p.KEYWORD_ONLY for p in params[2:]), f"{func.__name__}: options must be keyword-only"
    assert all(p.annotation is not p.empty for p in params), f"{func.__name__}: parameters need type hints"
    assert inspect.signature(func).return_annotation is not inspect.Signature.empty, f"{func.__name__}: return type"


def test_figures_take_ax_and_return_a_figure():
    for name in figures.__all__:
        func = getattr(figures, name)
        if inspect.isfunction(func) and name != "save_figure":
            assert "ax" in inspect.signature(func).parameters, name
            assert inspect.signature(func).return_annotation in ("Figure", figures.Figure), name


def test_style_table_formats_results(data):
    corpus, codings, cb = data
    html = analysis.style_table(analysis.frequencies(codings, corpus, by="group"), caption="Wie noemt wat").to_html()
    assert "Wie noemt wat" in html and "100.0%" in html and "50.0" in html
    spots = analysis.white_spots(codings, corpus, codebook=cb)
    html = analysis.style_table(spots).to_html()
    import re

    rule = re.search(r"([^{}]*)\{\s*background-color: #f4cccc", html).group(1)  # one CSS rule, one selector per cell
    assert rule.count("#T_") == int(spots["white_spot"].sum()) == 2
    wide = analysis.crosstab(codings, corpus, by=["port", "group"], value="respondents")
    assert "Harlingen" in analysis.style_table(wide).to_html()
    co = analysis.cooccurrence(codings, unit="document")
    assert "0.333" in analysis.style_table(co, gradient=None).to_html()  # ACT.DOU with ACT.POL: 1 / (2 + 2 - 1)

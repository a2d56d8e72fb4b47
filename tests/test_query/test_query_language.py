"""The query language: parsing, printing, combinators and syntax errors."""

import doctest
import importlib

import pytest

from researchkit.errors import QueryError
from researchkit.query import attr, code, parse
from researchkit.query.language import And, Attr, Code, FollowedBy, Near, Not, Or, Within


def test_precedence_and_round_trip():
    q = parse("SAM OR INFO AND NOT FEN NEAR 3 ACT WITHIN turn")
    assert q == Within(Or(Code("SAM"), And(Code("INFO"), Not(Near(Code("FEN"), Code("ACT"), 3)))), "turn")
    assert parse(str(q)) == q
    assert parse("a followed by b") == FollowedBy(Code("a"), Code("b"), 10)
    assert parse("A NEAR B").distance == 10
    assert parse('"NEAR" AND x') == And(Code("NEAR"), Code("x"))


def test_filters_and_attributes():
    q = parse("SAM.3[coder=anna|bob, source=manual] AND @port != Harlingen AND NOT @group IN (visser, 'x')".replace("'x'", '"x y"'))
    assert q.left.left == Code("SAM.3", ("anna", "bob"), ("manual",))
    assert q.left.right == Attr("port", ("Harlingen",), negate=True)
    assert q.right == Attr("group", ("visser", "x y"), negate=True)
    assert parse(str(q)) == q


def test_combinators_build_the_same_trees():
    built = (code("SAM") & ~code("VERM")).near(code("ACT"), 5).within("document") | (attr("port") == "Urk")
    assert built == parse("((SAM AND NOT VERM) NEAR 5 ACT WITHIN document) OR @port = Urk")
    assert code("A").followed_by("B", 2) == FollowedBy(Code("A"), Code("B"), 2)
    assert attr("group").isin(["a", "b"]) == Attr("group", ("a", "b"))
    assert built.codes() == ["SAM", "VERM", "ACT"]


@pytest.mark.parametrize("text, where", [
    ("SAM AND", "position 8"),
    ("SAM AND (INFO", "expected ')'"),
    ("SAM WITHIN page", "a unit"),
    ("SAM NEAR", "position 9"),
    ("", "empty"),
    ("SAM $ INFO", "unexpected character '$'"),
    ("smokkel*", "wildcards"),
    ("SAM[who=anna]", "unknown filter"),
    ("@port Harlingen", "'='"),
    ("@port > 3", "unexpected character '>'"),
    ("SAM FOLLOWED INFO", "BY"),
])
def test_syntax_errors_point_at_the_problem(text, where):
    with pytest.raises(QueryError, match="RK510") as info:
        parse(text)
    assert where in str(info.value)
    assert "^" in str(info.value)


def test_bad_combinator_arguments():
    with pytest.raises(QueryError, match="RK511"):
        code("A").near("B", -1)
    with pytest.raises(QueryError, match="RK511"):
        code("A").within("page")
    with pytest.raises(QueryError, match="RK511"):
        code("A") & 3
    with pytest.raises(QueryError, match="RK511"):
        code("")


@pytest.mark.parametrize("name", ["spans", "language", "engine", "retrieve", "matrix", "kwic", "export_segments", "export_matrix"])
def test_docstring_examples(name):
    module = importlib.import_module(f"researchkit.query.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize("name", ["researchkit.query", "researchkit.analysis.casematrix", "researchkit.analysis.saturation"])
def test_package_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def test_public_conventions():
    import inspect

    from researchkit import query as q

    for name in ["segments", "query", "matrix_query", "kwic", "kwic_html", "kwic_suggestions", "export_segments", "export_case_matrix"]:
        func = getattr(q, name)
        doc = inspect.getdoc(func)
        assert doc and "Examples" in doc, name
        params = list(inspect.signature(func).parameters.values())
        assert all(p.kind is p.KEYWORD_ONLY for p in params[2:]), name
        assert all(p.annotation is not p.empty for p in params), name

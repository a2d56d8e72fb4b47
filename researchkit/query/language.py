"""The code query language: expression nodes (Python combinators) and their parser.

A query is a tree of small frozen nodes. Build it in Python with the combinators
(``code("SAM.3") & code("INFO.WV")``, ``.near(...)``, ``.within("turn")``,
``attr("port") == "Harlingen"``) or write it as text and :func:`parse` it; ``str(node)``
gives the text back, so every query can be shown, stored and re-read.

Grammar (keywords in any case; ``#`` starts a comment)::

    query     := scoped
    scoped    := either ( WITHIN unit )?            unit: sentence | turn | paragraph | document
    either    := both ( OR both )*
    both      := negated ( AND negated )*
    negated   := NOT negated | sequence
    sequence  := primary ( NEAR [n] primary | FOLLOWED BY [n] primary )*
    primary   := '(' query ')' | CODE [ '[' filter (',' filter)* ']' ] | '@' NAME op value
    filter    := coder = v('|'v)* | source = v('|'v)*
    op        := '=' | '!=' | IN '(' v (',' v)* ')'

``CODE`` is a code id (``SAM.3``, ``INFO.WV``) and includes its sub-codes; quote ids
that clash with a keyword (``"NEAR"``). ``@`` names a document attribute (``@port``)
or the turn's ``@role`` / ``@speaker``. See :mod:`researchkit.query.engine` for what
each operator returns.

Examples
--------
>>> q = parse('SAM.3 AND INFO.WV WITHIN turn')
>>> q
Within(expr=And(left=Code(code='SAM.3'), right=Code(code='INFO.WV')), unit='turn')
>>> str(q)
'(SAM.3 AND INFO.WV) WITHIN turn'
>>> parse(str(q)) == q
True
>>> str((code("SAM") & ~code("VERM")) & (attr("port") == "Harlingen"))
'(SAM AND (NOT VERM)) AND @port = Harlingen'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from researchkit.errors import QueryError

__all__ = [
    "Query", "Code", "Attr", "And", "Or", "Not", "Near", "FollowedBy", "Within", "AttributeRef",
    "code", "attr", "parse", "UNITS", "DEFAULT_DISTANCE",
]

#: Units a ``WITHIN`` can name.
UNITS = ("sentence", "turn", "paragraph", "document")
#: Words allowed between the two sides of ``NEAR`` / ``FOLLOWED BY`` when no number is given.
DEFAULT_DISTANCE = 10
_KEYWORDS = {"AND", "OR", "NOT", "NEAR", "FOLLOWED", "BY", "WITHIN", "IN"}
_PLAIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:\-]*$")


def _word(value: str) -> str:
    """A value as the language writes it (quoted when it is not a plain word)."""
    if _PLAIN.match(value) and value.upper() not in _KEYWORDS:
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Query:
    """Base of every query node: the Python combinators.

    ``a & b`` (AND), ``a | b`` (OR), ``~a`` (NOT), ``a.near(b, 5)``,
    ``a.followed_by(b, 5)``, ``a.within("turn")``.

    Examples
    --------
    >>> str(code("A").near(code("B"), 5).within("document"))
    '(A NEAR 5 B) WITHIN document'
    """

    def __and__(self, other: "Query") -> "Query":
        return And(self, _as_query(other))

    def __or__(self, other: "Query") -> "Query":
        return Or(self, _as_query(other))

    def __invert__(self) -> "Query":
        return Not(self)

    def near(self, other: "Query | str", distance: int = DEFAULT_DISTANCE) -> "Query":
        """Passages of both sides at most ``distance`` words apart (either order)."""
        return Near(self, _as_query(other), _distance(distance))

    def followed_by(self, other: "Query | str", distance: int = DEFAULT_DISTANCE) -> "Query":
        """Passages of this side followed, within ``distance`` words, by the other."""
        return FollowedBy(self, _as_query(other), _distance(distance))

    def within(self, unit: str) -> "Query":
        """Evaluate the expression per unit: the units (sentence, turn, paragraph, document) where it holds."""
        return Within(self, _unit(unit))

    def __str__(self) -> str:  # pragma: no cover - every node defines it
        raise NotImplementedError

    def codes(self) -> list[str]:
        """Every code id named in the query (in order of appearance)."""
        out: list[str] = []
        for child in self._children():
            out += [c for c in child.codes() if c not in out]
        return out

    def _children(self) -> tuple["Query", ...]:
        return ()


def _as_query(value: Any) -> Query:
    if isinstance(value, Query):
        return value
    if isinstance(value, str):
        return parse(value)
    raise QueryError("RK511", f"cannot combine a query with {type(value).__name__} {value!r}",
                     hint="combine queries made with code(...), attr(...) or parse(...)")


def _distance(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise QueryError("RK511", f"distance {value!r} is not a whole number of words >= 0", hint="e.g. NEAR 5")
    return value


def _unit(value: str) -> str:
    if value not in UNITS:
        raise QueryError("RK511", f"WITHIN {value!r}: not a unit", hint=f"use one of {', '.join(UNITS)}")
    return value


def _wrap(node: Query) -> str:
    text = str(node)
    return text if isinstance(node, (Code, Attr)) else f"({text})"


@dataclass(frozen=True)
class Code(Query):
    """Passages coded with ``code`` or one of its sub-codes, optionally by some coders/sources only."""

    code: str
    coders: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def __repr__(self) -> str:
        extra = "".join(f", {name}={value!r}" for name, value in (("coders", self.coders), ("sources", self.sources)) if value)
        return f"Code(code={self.code!r}{extra})"

    def __str__(self) -> str:
        filters = []
        if self.coders:
            filters.append("coder=" + "|".join(_word(c) for c in self.coders))
        if self.sources:
            filters.append("source=" + "|".join(_word(s) for s in self.sources))
        return _word(self.code) + (f"[{', '.join(filters)}]" if filters else "")

    def codes(self) -> list[str]:
        return [self.code]


@dataclass(frozen=True)
class Attr(Query):
    """The text of documents (or turns, for ``role``/``speaker``) whose attribute is (not) one of ``values``."""

    name: str
    values: tuple[str, ...]
    negate: bool = False

    def __str__(self) -> str:
        if len(self.values) == 1:
            return f"@{_word(self.name)} {'!=' if self.negate else '='} {_word(self.values[0])}"
        inner = ", ".join(_word(v) for v in self.values)
        return f"{'NOT ' if self.negate else ''}@{_word(self.name)} IN ({inner})"


@dataclass(frozen=True)
class And(Query):
    left: Query
    right: Query

    def __str__(self) -> str:
        return f"{_wrap(self.left)} AND {_wrap(self.right)}"

    def _children(self) -> tuple[Query, ...]:
        return (self.left, self.right)


@dataclass(frozen=True)
class Or(Query):
    left: Query
    right: Query

    def __str__(self) -> str:
        return f"{_wrap(self.left)} OR {_wrap(self.right)}"

    def _children(self) -> tuple[Query, ...]:
        return (self.left, self.right)


@dataclass(frozen=True)
class Not(Query):
    expr: Query

    def __str__(self) -> str:
        return f"NOT {_wrap(self.expr)}"

    def _children(self) -> tuple[Query, ...]:
        return (self.expr,)


@dataclass(frozen=True)
class Near(Query):
    left: Query
    right: Query
    distance: int = DEFAULT_DISTANCE

    def __str__(self) -> str:
        return f"{_wrap(self.left)} NEAR {self.distance} {_wrap(self.right)}"

    def _children(self) -> tuple[Query, ...]:
        return (self.left, self.right)


@dataclass(frozen=True)
class FollowedBy(Query):
    left: Query
    right: Query
    distance: int = DEFAULT_DISTANCE

    def __str__(self) -> str:
        return f"{_wrap(self.left)} FOLLOWED BY {self.distance} {_wrap(self.right)}"

    def _children(self) -> tuple[Query, ...]:
        return (self.left, self.right)


@dataclass(frozen=True)
class Within(Query):
    expr: Query
    unit: str

    def __str__(self) -> str:
        return f"{_wrap(self.expr)} WITHIN {self.unit}"

    def _children(self) -> tuple[Query, ...]:
        return (self.expr,)


def code(code_id: str, *, coder: str | Iterable[str] | None = None, source: str | Iterable[str] | None = None) -> Code:
    """A code atom: passages coded with ``code_id`` (and its sub-codes).

    Examples
    --------
    >>> str(code("SAM.3", coder="anna"))
    'SAM.3[coder=anna]'
    """
    def _tuple(v: Any) -> tuple[str, ...]:
        return () if v is None else ((v,) if isinstance(v, str) else tuple(str(x) for x in v))

    if not isinstance(code_id, str) or not code_id.strip():
        raise QueryError("RK511", f"code id {code_id!r} is empty or not text", hint="e.g. code('SAM.3')")
    return Code(code_id.strip(), _tuple(coder), _tuple(source))


class AttributeRef:
    """``attr("port") == "Harlingen"``, ``!=``, ``.isin([...])``: attribute atoms.

    Examples
    --------
    >>> str(attr("group").isin(["visser", "havenmeester"]))
    '@group IN (visser, havenmeester)'
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def __eq__(self, value: object) -> Attr:  # type: ignore[override]
        return Attr(self.name, (str(value),))

    def __ne__(self, value: object) -> Attr:  # type: ignore[override]
        return Attr(self.name, (str(value),), negate=True)

    def isin(self, values: Iterable[Any]) -> Attr:
        return Attr(self.name, tuple(str(v) for v in values))

    __hash__ = None  # type: ignore[assignment]


def attr(name: str) -> AttributeRef:
    """An attribute reference for building attribute atoms (see :class:`AttributeRef`).

    Examples
    --------
    >>> attr("port") == "Harlingen"
    Attr(name='port', values=('Harlingen',), negate=False)
    """
    return AttributeRef(name)


# --------------------------------------------------------------------------- parser

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<comment>\#[^\n]*)
      | (?P<string>"(?:[^"\\]|\\.)*")
      | (?P<op>!=|[()\[\],=|@])
      | (?P<word>[A-Za-z0-9_*][A-Za-z0-9_.:*\-]*)
    )""",
    re.VERBOSE,
)


@dataclass
class _Token:
    kind: str  # word, string, op, end
    text: str
    pos: int

    @property
    def keyword(self) -> str | None:
        return self.text.upper() if self.kind == "word" and self.text.upper() in _KEYWORDS else None


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            start = pos + (len(text[pos:]) - len(text[pos:].lstrip()))
            raise _error(text, start, f"unexpected character {text[start]!r}")
        pos = m.end()
        kind = m.lastgroup
        if kind == "comment":
            continue
        value = m.group(kind)
        if kind == "string":
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        out.append(_Token(kind, value, m.start(kind)))
    out.append(_Token("end", "", len(text)))
    return out


def _error(text: str, pos: int, message: str) -> QueryError:
    pointer = text.replace("\n", " ") + "\n" + " " * pos + "^"
    return QueryError("RK510", f"query syntax: {message} at position {pos + 1}:\n{pointer}",
                      hint="see docs/analysis.md, 'The query language' (e.g. 'SAM.3 AND INFO.WV WITHIN turn')")


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.i = 0

    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def expect_op(self, op: str) -> None:
        if not (self.tok.kind == "op" and self.tok.text == op):
            raise _error(self.text, self.tok.pos, f"expected {op!r}, found {self.tok.text or 'the end'!r}")
        self.take()

    def fail(self, what: str) -> QueryError:
        found = self.tok.text if self.tok.kind != "end" else "the end of the query"
        return _error(self.text, self.tok.pos, f"expected {what}, found {found!r}")

    def parse(self) -> Query:
        if self.tok.kind == "end":
            raise _error(self.text, 0, "the query is empty")
        node = self.scoped()
        if self.tok.kind != "end":
            raise self.fail("AND, OR, NEAR, FOLLOWED BY, WITHIN or the end")
        return node

    def scoped(self) -> Query:
        node = self.either()
        while self.tok.keyword == "WITHIN":
            self.take()
            tok = self.take()
            if tok.kind not in ("word", "string") or tok.text.lower() not in UNITS:
                self.i -= 1
                raise self.fail("a unit (" + ", ".join(UNITS) + ")")
            node = Within(node, tok.text.lower())
        return node

    def either(self) -> Query:
        node = self.both()
        while self.tok.keyword == "OR":
            self.take()
            node = Or(node, self.both())
        return node

    def both(self) -> Query:
        node = self.negated()
        while self.tok.keyword == "AND":
            self.take()
            node = And(node, self.negated())
        return node

    def negated(self) -> Query:
        if self.tok.keyword == "NOT":
            self.take()
            inner = self.negated()
            if isinstance(inner, Attr):  # NOT @port = X reads as @port != X
                return Attr(inner.name, inner.values, not inner.negate)
            return Not(inner)
        return self.sequence()

    def distance(self) -> int:
        if self.tok.kind == "word" and self.tok.text.isdigit():
            return int(self.take().text)
        return DEFAULT_DISTANCE

    def sequence(self) -> Query:
        node = self.primary()
        while self.tok.keyword in ("NEAR", "FOLLOWED"):
            if self.take().text.upper() == "NEAR":
                n = self.distance()
                node = Near(node, self.primary(), n)
            else:
                if self.tok.keyword != "BY":
                    raise self.fail("BY (as in FOLLOWED BY)")
                self.take()
                n = self.distance()
                node = FollowedBy(node, self.primary(), n)
        return node

    def primary(self) -> Query:
        tok = self.tok
        if tok.kind == "op" and tok.text == "(":
            self.take()
            node = self.scoped()
            self.expect_op(")")
            return node
        if tok.kind == "op" and tok.text == "@":
            return self.attribute()
        if tok.kind == "string" or (tok.kind == "word" and tok.keyword is None):
            self.take()
            if "*" in tok.text and tok.kind == "word":
                raise _error(self.text, tok.pos, f"{tok.text!r}: wildcards are for words (kwic), not codes; a code includes its sub-codes")
            coders, sources = self.filters()
            return Code(tok.text, coders, sources)
        raise self.fail("a code, '@attribute', NOT or '('")

    def value(self) -> str:
        tok = self.tok
        if tok.kind in ("word", "string"):
            return self.take().text
        raise self.fail("a value")

    def filters(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        coders: tuple[str, ...] = ()
        sources: tuple[str, ...] = ()
        if not (self.tok.kind == "op" and self.tok.text == "["):
            return coders, sources
        self.take()
        while True:
            name_tok = self.tok
            name = self.value().lower()
            if name not in ("coder", "source"):
                raise _error(self.text, name_tok.pos, f"unknown filter {name!r} (use coder= or source=)")
            self.expect_op("=")
            values = [self.value()]
            while self.tok.kind == "op" and self.tok.text == "|":
                self.take()
                values.append(self.value())
            if name == "coder":
                coders = tuple(values)
            else:
                sources = tuple(values)
            if self.tok.kind == "op" and self.tok.text == ",":
                self.take()
                continue
            self.expect_op("]")
            return coders, sources

    def attribute(self) -> Attr:
        self.take()  # @
        name = self.value()
        tok = self.tok
        if tok.kind == "op" and tok.text in ("=", "!="):
            self.take()
            return Attr(name, (self.value(),), negate=tok.text == "!=")
        if tok.keyword == "IN":
            self.take()
            self.expect_op("(")
            values = [self.value()]
            while self.tok.kind == "op" and self.tok.text == ",":
                self.take()
                values.append(self.value())
            self.expect_op(")")
            return Attr(name, tuple(values))
        raise self.fail("'=', '!=' or IN after the attribute name")


def parse(text: str) -> Query:
    """Parse a query written in the query language (see the module docstring).

    Raises ``RK510`` with the position of the first problem.

    Examples
    --------
    >>> parse('(SIG OR VERM) AND NOT FEN.DRU')
    And(left=Or(left=Code(code='SIG'), right=Code(code='VERM')), right=Not(expr=Code(code='FEN.DRU')))
    >>> parse('SAM NEAR 5 INFO[coder=anna] AND @port IN (Harlingen, Delfzijl)').right
    Attr(name='port', values=('Harlingen', 'Delfzijl'), negate=False)
    """
    if isinstance(text, Query):
        return text
    if not isinstance(text, str):
        raise QueryError("RK511", f"a query must be text or a Query, not {type(text).__name__}", hint="e.g. parse('SAM AND INFO')")
    return _Parser(text).parse()

"""A fast tokenizer for the plain, well-formed HTML researchkit writes, for the leak check.

The leak check reads every HTML output the way :class:`html.parser.HTMLParser` does
(``convert_charrefs=False``): the text between tags, entity and character references,
start tags with their attribute values, comments and the contents of ``<script>`` and
``<style>``. ``html.parser`` is pure Python and costs several microseconds per token;
:class:`FastHtml` reads the same tokens with one regular expression per token and reports
them to a *sink* with the same positions (line, 0-based column of the token start)
``html.parser``'s ``getpos()`` gives.

Only a strict subset is read here: text without a bare ``<`` or ``&``, references ending
in ``;``, start tags whose attributes are separated by white space and quoted (or
without a value), end tags, comments, a doctype, and ``script``/``style`` elements that
are closed. At anything else (a lone ``<``, ``&`` without ``;``, an unquoted attribute,
``<?...>``, ``<![CDATA[``, a comment that is not closed ...) :class:`NotSimple` is raised
and the caller reads the whole page with ``html.parser`` instead, so every page gives
exactly the segments ``html.parser`` gives.

Examples
--------
>>> class Sink:
...     def __init__(self): self.events = []
...     def piece(self, decoded, raw, line, col): self.events.append(("text", decoded, line, col))
...     def flush(self): pass
...     def starttag(self, tag, attrs, line, col): self.events.append(("tag", tag, attrs, line, col))
...     def comment(self, data, line, col): self.events.append(("comment", data, line, col))
>>> sink = Sink()
>>> reader = FastHtml(sink)
>>> reader.feed('<p title="a &amp; b">x\\n&eacute;</p><!-- c -->', final=True)
>>> sink.events  # doctest: +NORMALIZE_WHITESPACE
[('tag', 'p', (('title', 'a & b'),), 1, 0), ('text', 'x\\n', 1, 21), ('text', 'é', 2, 0),
 ('comment', ' c ', 2, 12)]
"""

from __future__ import annotations

import html
import re
from typing import Any, Protocol, Sequence

__all__ = ["FastHtml", "NotSimple", "HtmlSink"]


class NotSimple(Exception):
    """The page has something outside the subset :class:`FastHtml` reads: read it with ``html.parser``."""


class HtmlSink(Protocol):
    """What receives the tokens (positions as ``html.parser.getpos()``: line from 1, column from 0)."""

    def piece(self, decoded: str, raw: str, line: int, col: int) -> None: ...  # noqa: D102

    def flush(self) -> None: ...  # noqa: D102

    def starttag(self, tag: str, attrs: Sequence[tuple[str, str | None]], line: int, col: int) -> None: ...  # noqa: D102

    def comment(self, data: str, line: int, col: int) -> None: ...  # noqa: D102


_WS = r"[ \t\n\r\f]"
_TOKEN = re.compile(
    r"(?P<data>[^<&]+)"
    r"|(?P<ref>&(?:[a-zA-Z][-.a-zA-Z0-9]*|\#[0-9]+|\#[xX][0-9a-fA-F]+);)"
    r"|(?P<start><(?P<tag>[a-zA-Z][a-zA-Z0-9-]*)"
    r"(?P<attrs>(?:" + _WS + r"+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:" + _WS + r"*=" + _WS + r"*(?:\"[^\"]*\"|'[^']*'))?)*)"
    + _WS + r"*(?P<slash>/?)>)"
    r"|(?P<end></[a-zA-Z][-.a-zA-Z0-9:_]*" + _WS + r"*>)"
    r"|(?P<cm><!--(?P<comment>.*?)--\s*>)"
    r"|(?P<decl><![dD][oO][cC][tT][yY][pP][eE][^>]*>)",
    re.DOTALL,
)
_ATTR = re.compile(r"([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:" + _WS + r"*=" + _WS + r"*(?:\"([^\"]*)\"|'([^']*)'))?")
#: How html.parser finds the end of a script or style element (its ``set_cdata_mode``).
_CDATA_END = {name: re.compile(r"</\s*%s\s*>" % name, re.I) for name in ("script", "style")}
#: A token still unfinished after this many characters of carried text: read the page with html.parser.
_MAX_CARRY = 2 << 20


def _attributes(raw: str) -> tuple[tuple[str, str], ...]:
    """The attributes with a value (lower-case names, references decoded): those the leak check reads."""
    return tuple((name.lower(), html.unescape(value) if "&" in value else value)
                 for name, double, single in _ATTR.findall(raw) if (value := double or single))


class FastHtml:
    """Tokenize a page fed in pieces (:meth:`feed`), reporting to ``sink``; :class:`NotSimple` outside the subset.

    Parameters
    ----------
    sink
        An :class:`HtmlSink`.
    """

    def __init__(self, sink: Any) -> None:
        self.sink = sink
        self._carry = ""
        self._base = 0  # file offset (characters) of the carried text
        self._line = 1
        self._line_start = 0  # file offset of the current line
        self._counted = 0  # newlines are counted up to this file offset
        self._cdata: re.Pattern[str] | None = None
        self._resume = 0  # in a script: where to search for its end again (offset in the carried text)
        self._parsed: dict[str, tuple[tuple[str, str], ...]] = {}  # a page repeats the same attributes

    def _where(self, buf: str, rel: int) -> tuple[int, int]:
        start = self._counted - self._base
        n = buf.count("\n", start, rel)
        if n:
            self._line += n
            self._line_start = self._base + buf.rindex("\n", start, rel) + 1
        self._counted = self._base + rel
        return self._line, self._base + rel - self._line_start

    def feed(self, text: str, *, final: bool = False) -> None:
        """Read ``text`` (the next part of the page); ``final`` for the last part."""
        buf = self._carry + text if self._carry else text
        pos = self._read(buf, final)
        if pos < len(buf):
            if final:
                raise NotSimple(f"unreadable at file offset {self._base + pos}")
            self._where(buf, pos)
            if self._cdata is not None:
                # the end tag, when it comes, starts at the last "<" seen or later: search on from there
                last = buf.rfind("<", pos + self._resume)
                self._resume = (last if last >= 0 else len(buf)) - pos
            elif len(buf) - pos > _MAX_CARRY:
                raise NotSimple(f"a token longer than {_MAX_CARRY} characters at file offset {self._base + pos}")
            self._carry = buf[pos:]
            self._base += pos
        else:
            self._where(buf, pos)
            self._carry = ""
            self._base += pos
            self._resume = 0

    def _read(self, buf: str, final: bool) -> int:  # noqa: C901 - one dispatch per token kind
        sink, match, where = self.sink, _TOKEN.match, self._where
        piece, flush, starttag, parsed = sink.piece, sink.flush, sink.starttag, self._parsed
        pos, n = 0, len(buf)
        while pos < n:
            if self._cdata is not None:
                end = self._cdata.search(buf, pos + self._resume)
                if end is None:
                    return pos
                if end.start() > pos:
                    data = buf[pos : end.start()]
                    piece(data, data, *where(buf, pos))
                flush()
                self._cdata, self._resume = None, 0
                pos = end.end()
                continue
            m = match(buf, pos)
            if m is None:
                return pos
            kind = m.lastindex
            if kind == 1:  # text
                data = m.group()
                piece(data, data, *where(buf, pos))
            elif kind == 3:  # start tag
                tag, raw_attrs, slash = m.group(4, 5, 6)
                tag = tag.lower()
                if raw_attrs:
                    attrs = parsed.get(raw_attrs)
                    if attrs is None:
                        if len(parsed) > 4096:  # bounded: some attributes are unique (ids)
                            parsed.clear()
                        attrs = parsed[raw_attrs] = _attributes(raw_attrs)
                    starttag(tag, attrs, *where(buf, pos))
                else:
                    flush()
                if not slash and tag in _CDATA_END:
                    self._cdata = _CDATA_END[tag]
            elif kind == 7:  # end tag
                flush()
            elif kind == 2:  # entity or character reference
                raw = m.group()
                piece(html.unescape(raw), raw, *where(buf, pos))
            elif kind == 8:  # comment
                sink.comment(m.group(9), *where(buf, pos))
            pos = m.end()
        return pos

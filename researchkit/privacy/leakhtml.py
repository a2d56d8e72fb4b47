"""A fast tokenizer for the plain, well-formed HTML researchkit writes, for the leak check.

The leak check reads every HTML output the way :class:`html.parser.HTMLParser` does
(``convert_charrefs=False``): the text between tags, entity and character references,
start tags with their attribute values, comments and the contents of ``<script>`` and
``<style>``. ``html.parser`` is pure Python and costs several microseconds per token;
:class:`FastHtml` reads the same tokens with one regular expression (``finditer`` over
each part of the page) and keeps only what the leak check needs, in bulk: the text
pieces (with the separator between the text of two elements already in place), the raw
attribute text of each start tag, the comments, and the *file offset* of each. Lines and
columns (those ``html.parser``'s ``getpos()`` gives) are found from the offsets only when
a place is asked for (:meth:`HtmlRecords.position`), from the offsets of the page's line
ends; attribute values are read once per page, as the quoted strings of the attribute text (one ``findall``
per 1024 tags, :meth:`HtmlRecords.values`).

Only a strict subset is read here: text without a bare ``<`` or ``&``, references ending
in ``;``, start tags whose attributes are separated by white space and quoted (or
without a value), end tags, comments, a doctype, and ``script``/``style`` elements that
are closed. At anything else (a lone ``<``, ``&`` without ``;``, an unquoted attribute,
``<?...>``, ``<![CDATA[``, a comment that is not closed ...) :class:`NotSimple` is raised
and the caller reads the whole page with ``html.parser`` instead, so every page gives
exactly the segments ``html.parser`` gives.

Examples
--------
>>> reader = FastHtml(sep="|")
>>> reader.feed('<p title="a &amp; b">x\\n&eacute;</p><!-- c -->', final=True)
>>> records = reader.finish()
>>> "".join(records.texts), records.values(), records.comments
('x\\né|', ['a & b'], [(' c ', 35)])
>>> records.position(records.piece_offsets[1]), records.position(records.tag_offsets[0])
((2, 0), (1, 0))
"""

from __future__ import annotations

import bisect
import html
import re
from array import array
from dataclasses import dataclass, field
from operator import add, itemgetter

__all__ = ["FastHtml", "HtmlRecords", "NotSimple"]


class NotSimple(Exception):
    """The page has something outside the subset :class:`FastHtml` reads: read it with ``html.parser``."""


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
_QUOTED = re.compile(r"\"([^\"]*)\"|'([^']*)'")
_ATTR = re.compile(r"([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:" + _WS + r"*=" + _WS + r"*(?:\"([^\"]*)\"|'([^']*)'))?")
#: How html.parser finds the end of a script or style element (its ``set_cdata_mode``).
_CDATA_END = {name: re.compile(r"</\s*%s\s*>" % name, re.I) for name in ("script", "style")}
#: A token still unfinished after this many characters of carried text: read the page with html.parser.
_MAX_CARRY = 2 << 20
_NEWLINE = re.compile("\n")


def _value(raw: str) -> str:
    return html.unescape(raw) if "&" in raw else raw


@dataclass
class HtmlRecords:
    """What :class:`FastHtml` read of a page: text pieces, start tags with attributes and comments, at file offsets.

    Attributes
    ----------
    texts
        The decoded text pieces in order, with the separator after the text of each
        element (``html.parser``'s data between two tags) already in place.
    piece_starts, piece_offsets
        For each text piece (not the separators): its offset in ``"".join(texts)`` and the
        file offset (characters) of its token.
    entities
        The indexes (into ``piece_starts``) of the pieces that are one entity or character reference.
    tags, tag_attrs, tag_offsets
        Each start tag with attribute text: its name as written, the attribute text as
        written (white space first) and its file offset.
    comments
        ``(data, file offset)`` of each comment.
    newlines
        The file offsets of the page's line ends, for :meth:`position`.
    """

    texts: list[str] = field(default_factory=list)
    piece_starts: array = field(default_factory=lambda: array("q"))
    piece_offsets: array = field(default_factory=lambda: array("q"))
    entities: list[int] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    tag_attrs: list[str] = field(default_factory=list)
    tag_offsets: array = field(default_factory=lambda: array("q"))
    comments: list[tuple[str, int]] = field(default_factory=list)
    newlines: array = field(default_factory=lambda: array("q"))

    def position(self, offset: int) -> tuple[int, int]:
        """``(line, column)`` of a file offset as ``html.parser.getpos()`` gives it (line from 1, column from 0)."""
        line = bisect.bisect_left(self.newlines, offset)
        return line + 1, offset - (self.newlines[line - 1] + 1 if line else 0)

    def values(self) -> list[str]:
        """Every non-empty attribute value of the page in order (references decoded): one ``findall`` per 1024 tags."""
        out: list[str] = []
        for i in range(0, len(self.tag_attrs), 1024):
            # in attribute text of the subset a quote only opens or closes a value: the values are the quoted strings
            found = _QUOTED.findall(attrs := "".join(self.tag_attrs[i : i + 1024]))
            values = filter(None, map(add, map(itemgetter(0), found), map(itemgetter(1), found)))  # double + single quoted
            out.extend(map(_value, values) if "&" in attrs else values)
        return out

    def attributes(self, index: int) -> list[tuple[str, str]]:
        """The non-empty attributes of start tag ``index``: ``(name in lower case, value decoded)``."""
        return [(name.lower(), _value(double or single)) for name, double, single in _ATTR.findall(self.tag_attrs[index])
                if double or single]


class FastHtml:
    """Tokenize a page fed in pieces (:meth:`feed`) into :class:`HtmlRecords`; :class:`NotSimple` outside the subset.

    Parameters
    ----------
    sep
        What is put after the text of each element (between the text before a tag,
        comment or end tag and the text after it).
    """

    def __init__(self, sep: str) -> None:
        self.records = HtmlRecords()
        self._sep = sep
        self._length = 0  # characters in records.texts
        self._open = False  # text since the last separator
        self._carry = ""
        self._base = 0  # file offset (characters) of the carried text (line ends are recorded up to it)
        self._cdata: re.Pattern[str] | None = None
        self._resume = 0  # in a script: where to search for its end again (offset in the carried text)

    def feed(self, text: str, *, final: bool = False) -> None:
        """Read ``text`` (the next part of the page); ``final`` for the last part."""
        buf = self._carry + text if self._carry else text
        pos = self._read(buf)
        if pos < len(buf) and final:
            raise NotSimple(f"unreadable at file offset {self._base + pos}")
        base = self._base
        self.records.newlines.extend(base + m.start() for m in _NEWLINE.finditer(buf, 0, pos))
        if pos < len(buf):
            if self._cdata is not None:
                # the end tag, when it comes, starts at the last "<" seen or later: search on from there
                last = buf.rfind("<", pos + self._resume)
                self._resume = (last if last >= 0 else len(buf)) - pos
            elif len(buf) - pos > _MAX_CARRY:
                raise NotSimple(f"a token longer than {_MAX_CARRY} characters at file offset {base + pos}")
            self._carry = buf[pos:]
        else:
            self._carry = ""
            self._resume = 0
        self._base = base + pos

    def finish(self) -> HtmlRecords:
        """The records, the text closed by a separator (as at the end of an element)."""
        if self._open:
            self.records.texts.append(self._sep)
            self._open = False
        return self.records

    def _read(self, buf: str) -> int:  # noqa: C901 - one dispatch per token kind
        """Read tokens from the start of ``buf`` while they are whole; return where reading stopped."""
        rec, sep, base = self.records, self._sep, self._base
        texts, starts, offsets = rec.texts, rec.piece_starts, rec.piece_offsets
        tags, tag_attrs, tag_offsets = rec.tags, rec.tag_attrs, rec.tag_offsets
        length, is_open, pos, n = self._length, self._open, 0, len(buf)
        while pos < n:
            if self._cdata is not None:
                end = self._cdata.search(buf, pos + self._resume)
                if end is None:
                    break
                if end.start() > pos:
                    texts.append(buf[pos : end.start()])
                    starts.append(length)
                    offsets.append(base + pos)
                    length += end.start() - pos
                    is_open = True
                if is_open:
                    texts.append(sep)
                    length += len(sep)
                    is_open = False
                self._cdata, self._resume = None, 0
                pos = end.end()
                continue
            gap = True
            for m in _TOKEN.finditer(buf, pos):
                if m.start() != pos:
                    break
                kind = m.lastindex
                if kind == 1:  # text
                    data = m.group()
                    texts.append(data)
                    starts.append(length)
                    offsets.append(base + pos)
                    length += len(data)
                    is_open = True
                elif kind == 3:  # start tag
                    if is_open:
                        texts.append(sep)
                        length += len(sep)
                        is_open = False
                    tag, raw_attrs, slash = m.group(4, 5, 6)
                    if raw_attrs:
                        tags.append(tag)
                        tag_attrs.append(raw_attrs)
                        tag_offsets.append(base + pos)
                    pos = m.end()
                    if not slash and len(tag) in (5, 6) and (cdata := _CDATA_END.get(tag.lower())) is not None:
                        self._cdata = cdata
                        gap = False
                        break
                    continue
                elif kind == 7:  # end tag
                    if is_open:
                        texts.append(sep)
                        length += len(sep)
                        is_open = False
                elif kind == 2:  # entity or character reference
                    raw = m.group()
                    data = html.unescape(raw)
                    if data != raw:  # a reference: every decoded character points at it
                        rec.entities.append(len(starts))
                    texts.append(data)
                    starts.append(length)
                    offsets.append(base + pos)
                    length += len(data)
                    is_open = True
                elif kind == 8:  # comment
                    if is_open:
                        texts.append(sep)
                        length += len(sep)
                        is_open = False
                    rec.comments.append((m.group(9), base + pos))
                pos = m.end()
            if gap:
                break
        self._length, self._open = length, is_open
        return pos

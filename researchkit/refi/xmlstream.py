"""Streaming XML output, formatted exactly as lxml's ``tostring(..., pretty_print=True)``.

The ``.qdpx`` writer emits ``project.qde`` element by element through :class:`XmlStream`
instead of building an lxml tree first, so memory stays flat however many codings a
project has (a tree costs several kilobytes per coding). The bytes are the ones lxml
would write for the same tree: the XML declaration lxml writes, two spaces of
indentation per level, text-only elements on one line, empty elements as ``<Tag/>``,
and libxml2's escaping (``&``, ``<``, ``>`` everywhere; ``"``, tab, line feed and
carriage return in attributes; carriage return in text). Strings that XML cannot hold
(control characters, lone surrogates) are refused as lxml refuses them, unless the stream
is made with ``replaced=[...]``: then each such character is replaced (a vertical tab or
form feed, Word's line and page breaks, by a line feed; any other by U+FFFD) and the
element and attribute where it happened are appended to that list.

Examples
--------
>>> import io
>>> out = io.BytesIO()
>>> xs = XmlStream(out, "urn:x")
>>> xs.start("Project", {"name": 'a "b"'}, root=True)
>>> xs.leaf("Description", text="x < y")
>>> xs.leaf("Empty", {"v": "1\\n2"})
>>> xs.end()
>>> xs.close()
>>> print(out.getvalue().decode())
<?xml version='1.0' encoding='utf-8'?>
<Project xmlns="urn:x" name="a &quot;b&quot;">
  <Description>x &lt; y</Description>
  <Empty v="1&#10;2"/>
</Project>
<BLANKLINE>
"""

from __future__ import annotations

import re
from typing import BinaryIO, Mapping

__all__ = ["XmlStream", "check_xml_text", "xml_safe_text", "DECLARATION"]

#: The declaration lxml writes for ``xml_declaration=True, encoding="utf-8"``.
DECLARATION = b"<?xml version='1.0' encoding='utf-8'?>\n"
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def check_xml_text(value: str) -> str:
    """``value`` if XML can hold it, else :class:`ValueError` (as lxml raises).

    Examples
    --------
    >>> check_xml_text("ok")
    'ok'
    >>> check_xml_text("bell\\x07")
    Traceback (most recent call last):
    ...
    ValueError: All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters
    """
    if _INVALID.search(value):
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters")
    return value


def xml_safe_text(value: str) -> str:
    """``value`` with every character XML 1.0 cannot hold replaced (see module docstring).

    Examples
    --------
    >>> xml_safe_text("regel\\x0bnieuw\\x07")
    'regel\\nnieuw\\ufffd'
    """
    return _INVALID.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "\ufffd", value)


class XmlStream:
    """Write one XML document element by element (see module docstring).

    Parameters
    ----------
    out
        A binary file-like object; bytes are written in chunks of about 64 KiB.
    namespace
        The default namespace, declared on the root element.
    replaced
        When given, characters XML cannot hold are replaced instead of refused, and
        ``"<Tag> attribute"`` (or ``"<Tag> text"``) is appended here for each string changed.
    """

    def __init__(self, out: BinaryIO, namespace: str, *, replaced: list[str] | None = None) -> None:
        self._out = out
        self._replaced = replaced
        self._ns = namespace
        self._buf: list[str] = []
        self._size = 0
        self._open: list[tuple[str, bool]] = []  # (tag, start tag already closed with ">\n")
        out.write(DECLARATION)

    def _put(self, text: str) -> None:
        self._buf.append(text)
        self._size += len(text)
        if self._size > 65536:
            self.flush()

    def flush(self) -> None:
        """Write what is buffered."""
        if self._buf:
            self._out.write("".join(self._buf).encode("utf-8"))
            self._buf, self._size = [], 0

    def _open_parent(self) -> None:
        if self._open and not self._open[-1][1]:
            self._put(">\n")
            self._open[-1] = (self._open[-1][0], True)

    def _tag(self, tag: str, attrs: Mapping[str, str] | None, root: bool) -> str:
        parts = ["  " * len(self._open), "<", tag]
        if root:
            parts.append(f' xmlns="{self._ns}"')
        for key, value in (attrs or {}).items():
            parts.append(f' {key}="{self._safe(value, tag, key).translate(_ATTR)}"')
        return "".join(parts)

    def _safe(self, value: str, tag: str, where: str) -> str:
        if self._replaced is None or not _INVALID.search(value):
            return check_xml_text(value)
        self._replaced.append(f"<{tag}> {where}")
        return xml_safe_text(value)

    def start(self, tag: str, attrs: Mapping[str, str] | None = None, *, root: bool = False) -> None:
        """Open an element that will hold child elements (closed by :meth:`end`)."""
        self._open_parent()
        self._put(self._tag(tag, attrs, root))
        self._open.append((tag, False))

    def end(self) -> None:
        """Close the innermost open element."""
        tag, has_children = self._open.pop()
        if has_children:
            self._put(f"{'  ' * len(self._open)}</{tag}>\n")
        else:
            self._put("/>\n")

    def leaf(self, tag: str, attrs: Mapping[str, str] | None = None, *, text: str | None = None) -> None:
        """Write an element without children: empty, or with ``text``."""
        self._open_parent()
        head = self._tag(tag, attrs, False)
        if text is None:
            self._put(head + "/>\n")
        else:
            self._put(f"{head}>{self._safe(text, tag, 'text').translate(_TEXT)}</{tag}>\n")

    def close(self) -> None:
        """Check that every element was closed and write the rest."""
        if self._open:
            raise ValueError(f"unclosed elements: {[t for t, _ in self._open]}")
        self.flush()

"""Bare ``&`` and ``<`` in a project file's text: the one damage a real exporter makes that can be undone.

QualCoder (its ``RefiExport.create_annotation_note_xml``, up to the current version) writes
the text of an annotation into ``<PlainTextContent>`` without escaping it, so a note such as
``R&D, zie <3 boven`` makes ``project.qde`` XML that no parser accepts. What was meant is not
in doubt: an ``&`` that starts no character or entity reference, and a ``<`` that cannot
start a tag (followed by a space, a digit, ``=``...), are the characters themselves.

:func:`escape_bare_markup` writes them as ``&amp;`` and ``&lt;`` and says on which lines;
the reader parses the result only after the original failed, and lists the repair in its
report. Anything else that is not well-formed stays an error (``RK602``).

QualCoder 1.x to 3.0 also wrote each coded passage, unescaped, as the ``name`` of its
``<PlainTextSelection>`` (``name="He said "no" <loud>" creatingUser="..."``; only ``&`` was
escaped, from 2.x on): a passage with a double quote made the whole project unreadable.
:func:`escape_selection_names` escapes the ``"`` and ``<`` inside such a name, whose end is
the ``"`` before the next attribute (`` creatingUser="``) or the end of the tag.

Examples
--------
>>> fixed, lines = escape_bare_markup(b'<N>\\n<T>R&D &amp; Q&A, a < b</T></N>')
>>> fixed
b'<N>\\n<T>R&amp;D &amp; Q&amp;A, a &lt; b</T></N>'
>>> lines
[2]
"""

from __future__ import annotations

import re

__all__ = ["escape_bare_markup", "escape_selection_names"]

_BARE_AMP = re.compile(rb"&(?!(?:#[0-9]+|#x[0-9A-Fa-f]+|[A-Za-z_:][A-Za-z0-9_.:-]*);)")
_BARE_LT = re.compile(rb"<(?![A-Za-z_:/!?])")


def escape_bare_markup(data: bytes) -> tuple[bytes, list[int]]:
    """``data`` with each bare ``&`` and ``<`` escaped, and the (1-based) lines where that happened.

    Parameters
    ----------
    data
        XML bytes in UTF-8 (or ASCII). A document with a CDATA section is returned unchanged
        (an ``&`` in it is the character already).

    Returns
    -------
    tuple
        The repaired bytes (``data`` itself when nothing was bare) and the sorted line numbers.
    """
    if b"<![CDATA[" in data:
        return data, []
    hits = sorted({m.start() for m in _BARE_AMP.finditer(data)} | {m.start() for m in _BARE_LT.finditer(data)})
    if not hits:
        return data, []
    lines = sorted({data.count(b"\n", 0, i) + 1 for i in hits})
    fixed = _BARE_LT.sub(b"&lt;", _BARE_AMP.sub(b"&amp;", data))
    return fixed, lines


_SELECTION = re.compile(rb"<PlainTextSelection\b")
_NAME = re.compile(rb'\sname="')
# the quote that closes a value: the next attribute follows it, or the end of the tag
_CLOSE = re.compile(rb'"(?=\s+[A-Za-z_:][A-Za-z0-9_.:-]*\s*=\s*")|"(?=\s*/?>)')


def escape_selection_names(data: bytes) -> tuple[bytes, list[int]]:
    """``data`` with ``"`` and ``<`` escaped inside the ``name`` of each ``<PlainTextSelection>``, and the lines changed.

    Examples
    --------
    >>> fixed, lines = escape_selection_names(b'<S>\\n<PlainTextSelection guid="g" name="He said "no" <b>" '
    ...                                        b'creatingUser="u">\\n</PlainTextSelection></S>')
    >>> fixed
    b'<S>\\n<PlainTextSelection guid="g" name="He said &quot;no&quot; &lt;b>" creatingUser="u">\\n</PlainTextSelection></S>'
    >>> lines
    [2]
    >>> escape_selection_names(b'<PlainTextSelection name="fine" creatingUser="u"/>')
    (b'<PlainTextSelection name="fine" creatingUser="u"/>', [])
    """
    if b"<![CDATA[" in data:
        return data, []
    pieces: list[bytes] = []
    lines: list[int] = []
    done = 0
    for tag in _SELECTION.finditer(data):
        if tag.start() < done:
            continue
        name = _NAME.search(data, tag.end())
        end_of_tag = data.find(b">", tag.end())
        if name is None or end_of_tag < 0 or name.start() > end_of_tag:
            continue
        close = _CLOSE.search(data, name.end())
        if close is None:
            continue
        value = data[name.end():close.start()]
        if b'"' not in value and b"<" not in value:
            continue
        pieces += [data[done:name.end()], value.replace(b'"', b"&quot;").replace(b"<", b"&lt;")]
        lines.append(data.count(b"\n", 0, name.end()) + 1)
        done = close.start()
    if not pieces:
        return data, []
    pieces.append(data[done:])
    return b"".join(pieces), sorted(set(lines))

"""Bare ``&`` and ``<`` in a project file's text: the one damage a real exporter makes that can be undone.

QualCoder (its ``RefiExport.create_annotation_note_xml``, up to the current version) writes
the text of an annotation into ``<PlainTextContent>`` without escaping it, so a note such as
``R&D, zie <3 boven`` makes ``project.qde`` XML that no parser accepts. What was meant is not
in doubt: an ``&`` that starts no character or entity reference, and a ``<`` that cannot
start a tag (followed by a space, a digit, ``=``...), are the characters themselves.

:func:`escape_bare_markup` writes them as ``&amp;`` and ``&lt;`` and says on which lines;
the reader parses the result only after the original failed, and lists the repair in its
report. Anything else that is not well-formed stays an error (``RK602``).

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

__all__ = ["escape_bare_markup"]

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

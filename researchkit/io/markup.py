"""See through Markdown markup in front of a speaker label, keeping offsets into the text as written.

Google Docs, pandoc and other converters write Markdown that escapes punctuation
(``SPEAKER\\_00:``, ``\\[inaudible\\]``, ``\\# Interview``), and transcripts quoted in
Markdown put each turn in a block quote (``> INTERVIEWER: ...``). The text stays as
written (it is what the file says, like ``**bold**`` markers); only label detection reads
the plain form, and every offset found there is mapped back to the written paragraph.

Examples
--------
>>> plain, positions = plain_text("SPEAKER\\\\_00: Hi")
>>> plain, positions[plain.index("Hi")]
('SPEAKER_00: Hi', 13)
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Callable, TypeVar

#: Characters a backslash escapes in Markdown (CommonMark's ASCII punctuation).
_ESCAPABLE = frozenset("\\`*_{}[]()#+-.!:>|~<=\"'")
#: Block-quote markers at the start of a line: ``> ``, ``>> ``, ``> > ``.
_QUOTE_RE = re.compile(r"^(?:[ \t]{0,3}>[ \t]?)+")

T = TypeVar("T")


def has_markup(text: str, head: int = 120) -> bool:
    """Whether the start of ``text`` has a block quote or a backslash escape that may hide a label.

    Examples
    --------
    >>> has_markup("> I: Hoi"), has_markup("SPEAKER\\\\_01: ja"), has_markup("I: 50\\\\50")
    (True, True, False)
    """
    if _QUOTE_RE.match(text):
        return True
    start = text.find("\\", 0, head)
    return start >= 0 and start + 1 < len(text) and text[start + 1] in _ESCAPABLE


def plain_text(text: str) -> tuple[str, list[int]]:
    """``text`` without block-quote markers and backslash escapes, and where each plain character was.

    Returns
    -------
    (plain, positions)
        ``positions[i]`` is the offset in ``text`` of ``plain[i]``; ``positions[len(plain)]``
        is ``len(text)``.
    """
    quote = _QUOTE_RE.match(text)
    index = quote.end() if quote else 0
    chars: list[str] = []
    positions: list[int] = []
    while index < len(text):
        ch = text[index]
        if ch == "\\" and index + 1 < len(text) and text[index + 1] in _ESCAPABLE:
            index += 1
            ch = text[index]
        chars.append(ch)
        positions.append(index)
        index += 1
    positions.append(len(text))
    return "".join(chars), positions


def match_through_markup(text: str, bold_prefix: int, match: Callable[[str, int], T | None]) -> tuple[T | None, list[int] | None]:
    """Run ``match(text, bold_prefix)``; when it finds nothing and markup may hide a label, run it on the plain text.

    Returns
    -------
    (result, positions)
        ``positions`` maps offsets of the plain text back to ``text`` (``None`` when the
        written text matched, or nothing did).

    Examples
    --------
    >>> found, positions = match_through_markup("> R: Ja", 0, lambda t, b: t.find("Ja") if t.startswith("R:") else None)
    >>> found, positions[found]
    (3, 5)
    """
    found = match(text, bold_prefix)
    if found is not None or not has_markup(text):
        return found, None
    plain, positions = plain_text(text)
    found = match(plain, bisect_left(positions, bold_prefix) if bold_prefix else 0)
    return (found, positions) if found is not None else (None, None)

"""See through Markdown markup in front of a speaker label, keeping offsets into the text as written.

Google Docs, pandoc and other converters write Markdown that escapes punctuation
(``SPEAKER\\_00:``, ``\\[inaudible\\]``, ``\\# Interview``), and transcripts quoted in
Markdown put each turn in a block quote (``> INTERVIEWER: ...``) or a bullet list item (``- Moderator: ...``).
The text stays as
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
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Callable, TypeVar

#: Characters a backslash escapes in Markdown (CommonMark's ASCII punctuation).
_ESCAPABLE = frozenset("\\`*_{}[]()#+-.!:>|~<=\"'")
#: Block-quote markers at the start of a line: ``> ``, ``>> ``, ``> > ``.
_QUOTE_RE = re.compile(r"^(?:[ \t]{0,3}>[ \t]?)+")
#: A bullet list marker after the quote markers: ``- ``, ``* ``, ``+ ``, ``• `` (a focus group pasted as a list,
#: ``- Calvin (Port mechanic): ...``); never a numbered item, which is a question list (``1. Wat is ...?``).
_BULLET_RE = re.compile(r"[ \t]{0,3}[-*+•][ \t]+(?=\S)")
#: A backslash and the character it escapes.
_ESCAPE_RE = re.compile("\\\\[" + re.escape("".join(sorted(_ESCAPABLE))) + "]")

T = TypeVar("T")


def has_markup(text: str, head: int = 120) -> bool:
    """Whether the start of ``text`` has a block quote or a backslash escape that may hide a label.

    Examples
    --------
    >>> has_markup("> I: Hoi"), has_markup("SPEAKER\\\\_01: ja"), has_markup("I: 50\\\\50"), has_markup("- P1: Ja")
    (True, True, False, True)
    """
    if _QUOTE_RE.match(text) or _BULLET_RE.match(text):
        return True
    start = text.find("\\", 0, head)
    return start >= 0 and start + 1 < len(text) and text[start + 1] in _ESCAPABLE


class PlainPositions(Sequence[int]):
    """Where each character of a plain text was in the written text (see :func:`plain_text`).

    Kept as the places of the escapes taken out, not one number per character, so a long
    paragraph costs no more memory than its escapes.

    Examples
    --------
    >>> positions = PlainPositions(2, [1], 3, 6)  # "> a\\*b" read as "a*b"
    >>> list(positions)
    [2, 4, 5, 6]
    """

    def __init__(self, lead: int, escaped: list[int], plain_length: int, text_length: int) -> None:
        self._lead, self._escaped, self._plain_length, self._text_length = lead, escaped, plain_length, text_length

    def __len__(self) -> int:
        return self._plain_length + 1

    def __getitem__(self, index: int) -> int:  # type: ignore[override]
        if not isinstance(index, int):
            raise TypeError("PlainPositions takes one integer index")
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        if index == self._plain_length:
            return self._text_length
        return self._lead + index + bisect_right(self._escaped, index)


def plain_text(text: str) -> tuple[str, PlainPositions]:
    """``text`` without block-quote and bullet markers and backslash escapes, and where each plain character was.

    Returns
    -------
    (plain, positions)
        ``positions[i]`` is the offset in ``text`` of ``plain[i]``; ``positions[len(plain)]``
        is ``len(text)``.
    """
    quote = _QUOTE_RE.match(text)
    lead = quote.end() if quote else 0
    bullet = _BULLET_RE.match(text, lead)
    lead = bullet.end() if bullet else lead
    pieces: list[str] = []
    escaped: list[int] = []  # plain offsets of the characters a backslash escaped
    index = lead
    for m in _ESCAPE_RE.finditer(text, lead):
        pieces.append(text[index : m.start()])
        escaped.append(m.start() - lead - len(escaped))
        index = m.start() + 1
    pieces.append(text[index:])
    plain = "".join(pieces)
    return plain, PlainPositions(lead, escaped, len(plain), len(text))


#: A label between double asterisks the converter escaped (``\\*\\*Interviewer\\*\\*:``), bold once read plain.
_PLAIN_BOLD_LABEL_RE = re.compile(r"^[ \t]*\*\*[^\W\d_][^*\n]{0,69}?\*\*[ \t]*:?")


def match_through_markup(
    text: str, bold_prefix: int, match: Callable[[str, int], T | None]
) -> tuple[T | None, PlainPositions | None]:
    """Run ``match(text, bold_prefix)``; when it finds nothing and markup may hide a label, run it on the plain text.

    A label whose double asterisks were escaped (``\\*\\*kDp3Cy37\\*\\*: The overall ...``, a Word file's literal
    asterisks converted to Markdown) is read as the bold label it was typed as.

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
    >>> match_through_markup("\\\\*\\\\*P1\\\\*\\\\*: Ja", 0, lambda t, b: b or None)[0]  # the plain "**P1**:" is bold
    7
    """
    found = match(text, bold_prefix)
    if found is not None or not has_markup(text):
        return found, None
    plain, positions = plain_text(text)
    if bold_prefix:
        plain_bold = bisect_left(positions, bold_prefix)
    else:
        bold = _PLAIN_BOLD_LABEL_RE.match(plain) if text.lstrip().startswith("\\*\\*") else None
        plain_bold = bold.end() if bold else 0
    found = match(plain, plain_bold)
    return (found, positions) if found is not None else (None, None)

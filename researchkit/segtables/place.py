"""Finding a coded passage from another program in a researchkit document.

The passage is searched tolerantly (:func:`researchkit.project.anchoring.find_quote`:
quote marks, dashes, ellipses and runs of white space may differ; case when nothing else
matches). When it occurs more than once, the positions the program wrote choose between
the occurrences:

* character offsets (QualCoder ``pos0``, Dedoose ``Excerpt Range``): the occurrence that
  starts nearest the offset;
* paragraph numbers (MAXQDA ``Beginning``, ATLAS.ti ``Reference``): the occurrence in
  that paragraph, counting every line of the text or only the non-empty ones (programs
  differ in whether empty paragraphs count); else the nearest.

The nearest occurrence is taken only when it is clearly nearer than the next one (less
than half its distance); otherwise the passage is ambiguous and every occurrence is listed.
When the program's offsets hold exactly the passage, they are used as they are.

Examples
--------
>>> text = "I: en de haven?\\nR: de haven is klein.\\nI: ja\\nR: de haven is klein."
>>> locate(text, "de haven is klein").span, locate(text, "de haven is klein").status
(None, 'ambiguous')
>>> locate(text, "de haven is klein", start=4, unit="paragraph").span
(47, 64)
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from researchkit.project.anchoring import closest_match, find_quote, fold

__all__ = ["Located", "locate"]


@dataclass(frozen=True)
class Located:
    """Where a passage is.

    Attributes
    ----------
    status
        ``"placed"``, ``"ambiguous"`` (several occurrences, no position decides),
        ``"not found"`` or ``"empty"`` (no passage text).
    span
        ``(start, end)`` when placed.
    how
        ``"only occurrence"``, ``"at the table's offsets"``, ``"nearest the table's offset"``,
        ``"in the table's paragraph"`` or ``"nearest the table's paragraph"``.
    candidates
        Every occurrence (ambiguous) or the closest passage (not found) as ``(start, end)``.
    ratio
        Similarity of the closest passage (not found).
    """

    status: str
    span: tuple[int, int] | None = None
    how: str = ""
    candidates: tuple[tuple[int, int], ...] = ()
    ratio: float | None = None


def _paragraph_numbers(text: str, starts: list[int]) -> list[tuple[int, int]]:
    """For each offset: its line number counting every line, and counting non-empty lines only (1-based)."""
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    filled = [s for k, s in enumerate(line_starts)
              if text[s:(line_starts[k + 1] - 1 if k + 1 < len(line_starts) else len(text))].strip()]
    out = []
    for pos in starts:
        every = bisect.bisect_right(line_starts, pos)
        out.append((every, max(1, bisect.bisect_right(filled, pos))))
    return out


def _choose(hits: list[tuple[int, int]], distances: list[int]) -> int | None:
    order = sorted(range(len(hits)), key=lambda k: (distances[k], hits[k]))
    best, second = distances[order[0]], distances[order[1]]
    return order[0] if best * 2 < second else None


def _by_hint(text: str, hits: list[tuple[int, int]], start: int, unit: str) -> tuple[int | None, str]:
    if unit == "char":
        k = _choose(hits, [abs(s - start) for s, _ in hits])
        return k, "nearest the table's offset"
    numbers = _paragraph_numbers(text, [s for s, _ in hits])
    exact = [k for k, nums in enumerate(numbers) if start in nums]
    if len(exact) == 1:
        return exact[0], "in the table's paragraph"
    k = _choose(hits, [min(abs(n - start) for n in nums) for nums in numbers]) if not exact else None
    return k, "nearest the table's paragraph"


def locate(text: str, passage: str, *, start: int | None = None, end: int | None = None,
           unit: str | None = None, folded: dict | None = None) -> Located:
    """Find ``passage`` in ``text``, using the program's positions when it occurs more than once.

    Parameters
    ----------
    text
        The canonical document text.
    passage
        The coded passage as the program exported it.
    start, end, unit
        The program's positions and what they count (``"char"`` or ``"paragraph"``).
    folded
        Kept by the caller between passages of the same text (see
        :func:`~researchkit.project.anchoring.find_quote`), so the text is folded once.

    Examples
    --------
    >>> locate("ja ja", "ja", start=3, end=5, unit="char")
    Located(status='placed', span=(3, 5), how="at the table's offsets", candidates=(), ratio=None)
    >>> locate("we werken goed samen", "wij werkten goed samen").status
    'not found'
    """
    if not fold(passage).text:
        return Located("empty")
    if unit == "char" and start is not None and end is not None and 0 <= start < end <= len(text):
        if fold(text[start:end], casefold=True).text == fold(passage, casefold=True).text:
            return Located("placed", (start, end), "at the table's offsets")
    hits = find_quote(text, passage, folded=folded)
    if len(hits) == 1:
        return Located("placed", hits[0], "only occurrence")
    if not hits:
        close = closest_match(text, passage, n=1, folded=folded)
        if close:
            s, e, ratio = close[0]
            return Located("not found", candidates=((s, e),), ratio=ratio)
        return Located("not found")
    if start is not None and unit in ("char", "paragraph") and (unit == "char" or start > 0):
        k, how = _by_hint(text, hits, start, unit)
        if k is not None:
            return Located("placed", hits[k], how, tuple(hits))
    return Located("ambiguous", candidates=tuple(hits))

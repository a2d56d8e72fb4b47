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

A passage found nowhere is searched once more with all white space ignored (at least
12 other characters, whole words at both ends): Taguette writes a highlight's text as
its HTML's pieces joined by spaces (``soup.get_text(' ', strip=True)`` in its
``convert.html_to_plaintext``), so ``the <em>end</em>.`` comes out as ``the end .``, and
text copied out of PDFs and Word lose or gain spaces at line ends.

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
from array import array
from dataclasses import dataclass

from researchkit.project.anchoring import Folded, closest_match, find_quote, fold

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
        ``"in the table's paragraph"`` or ``"nearest the table's paragraph"``; with
        ``" (white space ignored)"`` added when the passage was found only so.
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


def _line_starts(text: str, cache: dict | None) -> tuple[list[int], list[int]]:
    """Where every line starts, and where every non-empty line starts; made once per text (kept in ``cache``)."""
    if cache is not None and "lines" in cache:
        return cache["lines"]
    every: list[int] = []
    filled: list[int] = []
    pos = 0
    for line in text.split("\n"):
        every.append(pos)
        if line.strip():
            filled.append(pos)
        pos += len(line) + 1
    if cache is not None:
        cache["lines"] = (every, filled)
    return every, filled


def _paragraph_numbers(text: str, starts: list[int], cache: dict | None = None) -> list[tuple[int, int]]:
    """For each offset: its line number counting every line, and counting non-empty lines only (1-based).

    Examples
    --------
    >>> _paragraph_numbers("a\\n\\nb", [0, 3])
    [(1, 1), (3, 2)]
    """
    every, filled = _line_starts(text, cache)
    return [(bisect.bisect_right(every, pos), max(1, bisect.bisect_right(filled, pos))) for pos in starts]


def _choose(hits: list[tuple[int, int]], distances: list[int]) -> int | None:
    order = sorted(range(len(hits)), key=lambda k: (distances[k], hits[k]))
    best, second = distances[order[0]], distances[order[1]]
    return order[0] if best * 2 < second else None


#: Passages whose occurrences (and their line numbers) are kept per text: a table that codes one phrase
#: on every row finds its thousands of occurrences once.
_KEPT_PASSAGES = 16


def _occurrences_of(text: str, passage: str, cache: dict | None) -> list:
    """``[hits, line numbers of the hits or None]`` of ``passage``, kept in ``cache`` for the last few passages."""
    if cache is None:
        return [find_quote(text, passage), None]
    kept = cache.setdefault("passages", {})
    if passage not in kept:
        if len(kept) >= _KEPT_PASSAGES:
            del kept[next(iter(kept))]
        kept[passage] = [find_quote(text, passage, folded=cache), None]
    return kept[passage]


def _closest(text: str, passage: str, cache: dict | None) -> list[tuple[int, int, float]]:
    """The passage of ``text`` nearest ``passage`` (:func:`closest_match`), kept in ``cache`` for the last few passages:
    a passage not found that the table gives again and again (a row per code, Dedoose's comment ranges over the same
    excerpt) is compared with the text once, not dozens of ratios for each row."""
    if cache is None:
        return closest_match(text, passage, n=1)
    kept = cache.setdefault("closest", {})
    if passage not in kept:
        if len(kept) >= _KEPT_PASSAGES:
            del kept[next(iter(kept))]
        kept[passage] = closest_match(text, passage, n=1, folded=cache)
    return kept[passage]


#: Characters (white space not counted) a passage needs before it is searched with white space ignored:
#: shorter ones would be found inside unrelated words and phrases.
_SPACELESS_MIN = 12


def _without_spaces(hay: Folded) -> tuple[str, array]:
    """The folded text without its spaces, and for each character kept its index in the folded text."""
    kept = array("i")
    chars = []
    for k, ch in enumerate(hay.text):
        if ch != " ":
            chars.append(ch)
            kept.append(k)
    return "".join(chars), kept


def _spaceless_hits(text: str, passage: str, cache: dict | None) -> list[tuple[int, int]]:
    """Every ``(start, end)`` of ``passage`` in ``text`` when all white space is ignored, whole words at both ends.

    Examples
    --------
    >>> text = "R: The harbour is small. We work well."
    >>> [text[s:e] for s, e in _spaceless_hits(text, "The harbour is small . We work", None)]
    ['The harbour is small. We work']
    >>> _spaceless_hits(text, "harbour is sma", None), _spaceless_hits("a b", "ab", None)
    ([], [])
    """
    for casefold in (False, True):
        needle = fold(passage, casefold=casefold).text.replace(" ", "")
        if len(needle) < _SPACELESS_MIN:
            return []
        if cache is None:
            hay = fold(text, casefold=casefold)
            bare, kept = _without_spaces(hay)
        else:
            hay = cache[casefold] if casefold in cache else cache.setdefault(casefold, fold(text, casefold=casefold))
            key = ("spaceless", casefold)
            if key not in cache:
                cache[key] = _without_spaces(hay)
            bare, kept = cache[key]
        spans = []
        pos = bare.find(needle)
        while pos != -1:
            first, last = kept[pos], kept[pos + len(needle) - 1] + 1
            cut_before = needle[0].isalnum() and first > 0 and hay.text[first - 1].isalnum()
            cut_after = needle[-1].isalnum() and last < len(hay.text) and hay.text[last].isalnum()
            if not (cut_before or cut_after):
                spans.append(hay.span(first, last))
            pos = bare.find(needle, pos + 1)
        if spans:
            return sorted(set(spans))
    return []


def _by_hint(text: str, found: list, start: int, unit: str, cache: dict | None) -> tuple[int | None, str]:
    hits = found[0]
    if unit == "char":
        k = _choose(hits, [abs(s - start) for s, _ in hits])
        return k, "nearest the table's offset"
    if found[1] is None:
        found[1] = _paragraph_numbers(text, [s for s, _ in hits], cache)
    numbers = found[1]
    exact = [k for k, nums in enumerate(numbers) if start in nums]
    if len(exact) == 1:
        return exact[0], "in the table's paragraph"
    k = _choose(hits, [min(abs(n - start) for n in nums) for nums in numbers]) if not exact else None
    return k, "nearest the table's paragraph"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without the white space at either end: offsets one off (Dedoose's ranges, a
    selection that took the space before a word) hold the passage with a space or line break around it.

    Examples
    --------
    >>> _trimmed("R: ja.\\nI: nee", 2, 7)
    (3, 6)
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


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
        :func:`~researchkit.project.anchoring.find_quote`), so the text is folded (and its lines
        counted) once.

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
            return Located("placed", _trimmed(text, start, end), "at the table's offsets")
    found = _occurrences_of(text, passage, folded)
    hits = found[0]
    note = ""
    if not hits:
        found = [_spaceless_hits(text, passage, folded), None]
        hits, note = found[0], " (white space ignored)"
    if len(hits) == 1:
        return Located("placed", hits[0], "only occurrence" + note)
    if not hits:
        close = _closest(text, passage, folded)
        if close:
            s, e, ratio = close[0]
            return Located("not found", candidates=((s, e),), ratio=ratio)
        return Located("not found")
    if start is not None and unit in ("char", "paragraph") and (unit == "char" or start > 0):
        k, how = _by_hint(text, found, start, unit, folded)
        if k is not None:
            return Located("placed", hits[k], how + note, tuple(hits))
    return Located("ambiguous", candidates=tuple(hits))

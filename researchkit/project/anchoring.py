"""Finding quotes in a canonical text and re-anchoring codings when a text changes.

Pure functions, no database: :func:`find_quote` locates a pasted quote despite
curly/straight quote marks, dashes, ellipses, case at the start of a sentence and
runs of spaces or line breaks; :func:`reanchor` maps codings from an old text onto a
corrected new text by aligning the two (:class:`difflib.SequenceMatcher`) and says,
coding by coding, whether it was moved, moved with an edited passage, or could not
be placed.

Examples
--------
>>> text = "R: Ik zeg   \u201cniets\u201d over\\nde haven."
>>> find_quote(text, 'zeg "niets" over de haven')
[(6, 33)]
"""

from __future__ import annotations

import bisect
import difflib
from array import array
from dataclasses import dataclass, field
from typing import Iterable, Sequence

#: Characters folded to a plain equivalent before matching.
_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
    "\u2026": "...", "\u00a0": " ", "\u200b": "",
}


@dataclass(frozen=True)
class Folded:
    """A text folded for matching, with a map back to the original offsets.

    Attributes
    ----------
    text
        The folded text (whitespace runs collapsed to one space, quote marks and
        dashes made plain, optionally lower-cased).
    starts, ends
        For folded character ``k``: the original offsets it came from,
        ``original[starts[k]:ends[k]]``.
    """

    text: str
    starts: Sequence[int]
    ends: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the folded span ``[start, end)``."""
        return self.starts[start], self.ends[end - 1]


def fold(text: str, *, casefold: bool = False) -> Folded:
    """Fold ``text`` for tolerant matching and keep the offset map.

    Parameters
    ----------
    text
        Canonical text (or a quote).
    casefold
        Also lower-case every character.

    Examples
    --------
    >>> f = fold("a \u201cB\u201d\\n\\n c", casefold=True)
    >>> f.text, f.span(2, 5)
    ('a "b" c', (2, 5))
    """
    out: list[str] = []
    starts = array("i")  # machine integers (4 bytes): a tuple of int objects took 70 bytes per character of the text
    ends = array("i")
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace() or ch == "\u200b":
            j = i
            while j < n and (text[j].isspace() or text[j] == "\u200b"):
                j += 1
            if out and out[-1] != " ":
                out.append(" ")
                starts.append(i)
                ends.append(j)
            elif not out:
                pass  # leading whitespace dropped
            i = j
            continue
        rep = _FOLD.get(ch, ch)
        if casefold:
            rep = rep.lower()
        for piece in rep:
            out.append(piece)
            starts.append(i)
            ends.append(i + 1)
        i += 1
    # a trailing collapsed space carries no content
    if out and out[-1] == " ":
        out.pop()
        starts.pop()
        ends.pop()
    return Folded("".join(out), starts, ends)


def occurrences(haystack: str, needle: str) -> list[int]:
    """Every start of ``needle`` in ``haystack``, exactly as written (overlapping ones too).

    Examples
    --------
    >>> occurrences("ja ja ja", "ja ja")
    [0, 3]
    """
    found, pos = [], haystack.find(needle)
    while pos != -1:
        found.append(pos)
        pos = haystack.find(needle, pos + 1)
    return found


_occurrences = occurrences


def find_quote(text: str, quote: str, *, folded: dict | None = None) -> list[tuple[int, int]]:
    """Every ``(start, end)`` where ``quote`` occurs in ``text``, tolerantly.

    Matching folds quote marks, dashes, ellipses and whitespace runs; when that finds
    nothing, case is ignored as well. Offsets are into the original ``text`` and
    never include leading or trailing whitespace.

    Parameters
    ----------
    text
        The canonical document text.
    quote
        The passage as pasted by the researcher.
    folded
        A dict the caller keeps between searches in the same ``text``: the folded text
        is made once and kept in it (searching many quotes in one document).

    Returns
    -------
    list of (int, int)
        Sorted spans; empty when the quote is not there.

    Examples
    --------
    >>> find_quote("Ja. ja. JA.", "ja.")
    [(4, 7)]
    >>> find_quote("Ja. nee.", "ja.")
    [(0, 3)]
    """
    for casefold in (False, True):
        q = fold(quote, casefold=casefold).text
        if not q:
            return []
        if folded is None:
            hay = fold(text, casefold=casefold)
        else:
            hay = folded[casefold] if casefold in folded else folded.setdefault(casefold, fold(text, casefold=casefold))
        hits = _occurrences(hay.text, q)
        if hits:
            return sorted({hay.span(h, h + len(q)) for h in hits})
    return []


#: Windows scored with :meth:`difflib.SequenceMatcher.ratio` after ranking by ``quick_ratio``;
#: word starts and ends tried when a window is widened; quote characters compared.
_SCREEN, _EDGE_TRIES, _MAX_SIMILAR = 20, 8, 500


def _thin(values: list[int], most: int) -> list[int]:
    """At most ``most`` of ``values``, evenly spread, first and last kept."""
    if len(values) <= most:
        return values
    step = (len(values) - 1) / (most - 1)
    return sorted({values[round(i * step)] for i in range(most)})


def _word_starts(hay: str, lo: int, hi: int) -> list[int]:
    return [k for k in range(max(0, lo), min(len(hay), hi + 1)) if hay[k] != " " and (k == 0 or hay[k - 1] == " ")]


def _word_ends(hay: str, lo: int, hi: int) -> list[int]:
    return [e for e in range(max(1, lo), min(len(hay), hi) + 1) if hay[e - 1] != " " and (e == len(hay) or hay[e] == " ")]


def _best_span(matcher: difflib.SequenceMatcher, hay: str, spans: Iterable[tuple[int, int]]) -> tuple[int, int, float] | None:
    best: tuple[int, int, float] | None = None
    for a, b in spans:
        if b > a:
            matcher.set_seq1(hay[a:b])
            ratio = matcher.ratio()
            if best is None or ratio > best[2]:
                best = (a, b, ratio)
    return best


def _widen(matcher: difflib.SequenceMatcher, hay: str, pos: int, length: int) -> tuple[int, int, float] | None:
    """The window at ``pos`` moved to word boundaries: the best start (end fixed), then the best end."""
    half = max(1, length // 2)
    starts = _thin(_word_starts(hay, pos - half, pos + half), _EDGE_TRIES)
    end = hay.find(" ", min(len(hay), pos + length) - 1)
    first = _best_span(matcher, hay, [(a, len(hay) if end == -1 else end) for a in starts])
    if first is None:
        return None
    ends = _thin(_word_ends(hay, first[0] + max(1, length - half), first[0] + length + half), _EDGE_TRIES)
    second = _best_span(matcher, hay, [(first[0], b) for b in ends])
    return second if second is not None and second[2] > first[2] else first


def closest_match(text: str, quote: str, *, n: int = 1, folded: dict | None = None) -> list[tuple[int, int, float]]:
    """The passages of ``text`` most similar to ``quote`` (for "did you mean" messages).

    A window the length of the quote slides over the folded, lower-cased text; the
    windows most alike by :meth:`difflib.SequenceMatcher.quick_ratio` are scored with
    :meth:`~difflib.SequenceMatcher.ratio`, and the best ones widened to whole words. The
    work is bounded whatever the text and the quote: a few dozen ratios, and a quote
    longer than 500 characters is compared by its first 500 (the passage found is then
    the one most like the quote's beginning).

    Parameters
    ----------
    folded
        The cache :func:`find_quote` fills for ``text`` (the folded text is reused).

    Returns
    -------
    list of (start, end, ratio)
        Best first; spans are offsets into the original text.

    Examples
    --------
    >>> text = "R: wij werken goed samen met de douane"
    >>> s, e, r = closest_match(text, "wij werkten goed samen")[0]
    >>> text[s:e], round(r, 2)
    ('wij werken goed samen', 0.98)
    """
    if folded is None:
        hay_folded = fold(text, casefold=True)
    else:
        hay_folded = folded[True] if True in folded else folded.setdefault(True, fold(text, casefold=True))
    q = fold(quote, casefold=True).text[:_MAX_SIMILAR].rstrip()
    hay = hay_folded.text
    if not q or not hay:
        return []
    length = len(q)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(q)
    last = max(0, len(hay) - length)
    positions = sorted(set(range(0, last + 1, max(1, length // 6))) | {last})
    quick: list[tuple[float, int]] = []
    for pos in positions:
        matcher.set_seq1(hay[pos : pos + length])
        ratio = matcher.quick_ratio() if matcher.real_quick_ratio() >= 0.3 else 0.0
        if ratio >= 0.3:
            quick.append((ratio, pos))
    quick.sort(key=lambda t: (-t[0], t[1]))
    scored = sorted(((_best_span(matcher, hay, [(pos, pos + length)]) or (0, 0, 0.0))[2], pos) for _, pos in quick[:_SCREEN])
    scored.sort(key=lambda t: (-t[0], t[1]))
    results: list[tuple[int, int, float]] = []
    for _, pos in scored[: max(3, n * 2)]:
        best = _widen(matcher, hay, pos, length)
        if best is None:
            continue
        span = hay_folded.span(best[0], best[1])
        if all(span != (s, e) for s, e, _ in results):
            results.append((span[0], span[1], best[2]))
    results.sort(key=lambda t: (-t[2], t[0]))
    return results[:n]


# ----------------------------------------------------------------------------- re-anchoring


@dataclass(frozen=True)
class Placement:
    """Where one coding goes in the new text.

    Attributes
    ----------
    id
        The coding's id.
    status
        ``"unchanged"`` (same offsets, same text), ``"moved"`` (same text, new
        offsets), ``"edited"`` (both ends anchored in unchanged text, the passage
        itself was corrected) or ``"unplaced"`` (no safe position; kept with its old
        offsets and text and flagged).
    start, end
        New offsets (old ones for ``unplaced``).
    old_text, new_text
        The passage before and after (``new_text`` is ``None`` when unplaced).
    """

    id: str
    status: str
    start: int
    end: int
    old_text: str
    new_text: str | None
    old_start: int = 0
    old_end: int = 0


@dataclass
class OffsetMap:
    """Offset map from an old text to a new one, built from difflib opcodes.

    Examples
    --------
    >>> m = OffsetMap.build("de haven van Lauwersoog", "de grote haven van Lauwersoog")
    >>> m.start(3), m.end(8)
    (9, 14)
    """

    old: str
    new: str
    opcodes: list[tuple[str, int, int, int, int]] = field(default_factory=list)
    _i1: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, old: str, new: str) -> "OffsetMap":
        """Align ``old`` and ``new``: common prefix and suffix, then lines, then characters.

        Character-level :class:`difflib.SequenceMatcher` over a whole transcript is
        slow and, on repetitive speech, easily misaligned; a correction is local, so
        the unchanged head and tail are matched exactly, the middle line by line, and
        only replaced lines character by character.
        """
        ops = _opcodes(old, new)
        return cls(old, new, ops, [op[1] for op in ops])

    def start(self, pos: int) -> int | None:
        """New offset of old character ``pos`` if it survived unchanged, else ``None``."""
        k = bisect.bisect_right(self._i1, pos) - 1
        # skip empty inserts that start at pos; look for the op covering pos
        while k >= 0 and not (self.opcodes[k][1] <= pos < self.opcodes[k][2]):
            k -= 1
        if k < 0:
            return None
        tag, i1, _, j1, _ = self.opcodes[k]
        return j1 + (pos - i1) if tag == "equal" else None

    def end(self, pos: int) -> int | None:
        """New exclusive end for an old exclusive end ``pos`` (character ``pos - 1`` must survive)."""
        if pos <= 0:
            return None
        mapped = self.start(pos - 1)
        return None if mapped is None else mapped + 1


#: Replaced blocks larger than this (old chars x new chars) are not aligned character by character.
_MAX_CHAR_ALIGN = 4_000_000


def _common_prefix(a: str, b: str) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _opcodes(old: str, new: str) -> list[tuple[str, int, int, int, int]]:
    """difflib-style opcodes (``tag, i1, i2, j1, j2``) covering both texts completely."""
    pre = _common_prefix(old, new)
    suf = _common_suffix(old, new, min(len(old), len(new)) - pre)
    ops: list[tuple[str, int, int, int, int]] = []
    if pre:
        ops.append(("equal", 0, pre, 0, pre))
    a, b = old[pre : len(old) - suf], new[pre : len(new) - suf]
    if a or b:
        ops.extend(_middle(a, b, pre, pre))
    if suf:
        ops.append(("equal", len(old) - suf, len(old), len(new) - suf, len(new)))
    return ops


def _middle(a: str, b: str, ai: int, bi: int) -> list[tuple[str, int, int, int, int]]:
    if not a or not b:
        return [("delete" if a else "insert", ai, ai + len(a), bi, bi + len(b))]
    lines_a, lines_b = a.splitlines(keepends=True), b.splitlines(keepends=True)
    pos_a, pos_b = [0], [0]
    for line in lines_a:
        pos_a.append(pos_a[-1] + len(line))
    for line in lines_b:
        pos_b.append(pos_b[-1] + len(line))
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, lines_a, lines_b, autojunk=False).get_opcodes():
        ca1, ca2, cb1, cb2 = pos_a[i1], pos_a[i2], pos_b[j1], pos_b[j2]
        if tag == "replace" and (ca2 - ca1) * (cb2 - cb1) <= _MAX_CHAR_ALIGN:
            sub = difflib.SequenceMatcher(None, a[ca1:ca2], b[cb1:cb2], autojunk=False)
            for t, x1, x2, y1, y2 in sub.get_opcodes():
                out.append((t, ai + ca1 + x1, ai + ca1 + x2, bi + cb1 + y1, bi + cb1 + y2))
        else:
            out.append((tag, ai + ca1, ai + ca2, bi + cb1, bi + cb2))
    return out


def reanchor(
    old: str,
    new: str,
    codings: Iterable[tuple[str, int, int]],
    *,
    min_ratio: float = 0.8,
) -> list[Placement]:
    """Place codings made on ``old`` onto ``new``.

    A coding keeps its passage when both of its ends fall in stretches of text the
    correction left untouched and the passage reads the same (``moved``/``unchanged``)
    or nearly the same (``edited``: similarity at least ``min_ratio``). Otherwise, if
    its exact passage occurs exactly once in the new text, it goes there. Anything
    else is ``unplaced`` — never guessed.

    Parameters
    ----------
    old, new
        The previous and the corrected canonical text.
    codings
        ``(id, start, end)`` offsets into ``old``.
    min_ratio
        Minimum :meth:`difflib.SequenceMatcher.ratio` between old and new passage for an
        ``edited`` placement.

    Examples
    --------
    >>> old = "R: we zien de haven van Lauwersoog."
    >>> new = "R: we zien de grote haven van Lauwersoog."
    >>> p = reanchor(old, new, [("c1", 14, 34)])[0]
    >>> p.status, new[p.start:p.end]
    ('moved', 'haven van Lauwersoog')
    """
    items = list(codings)
    if old == new:
        return [Placement(i, "unchanged", s, e, old[s:e], old[s:e], s, e) for i, s, e in items]
    omap = OffsetMap.build(old, new)
    placements = []
    for cid, s, e in items:
        passage = old[s:e]
        ns, ne = omap.start(s), omap.end(e)
        if ns is not None and ne is not None and ne > ns:
            got = new[ns:ne]
            if got == passage:
                status = "unchanged" if (ns, ne) == (s, e) else "moved"
                placements.append(Placement(cid, status, ns, ne, passage, got, s, e))
                continue
            if difflib.SequenceMatcher(None, passage, got, autojunk=False).ratio() >= min_ratio:
                placements.append(Placement(cid, "edited", ns, ne, passage, got, s, e))
                continue
        hits = _occurrences(new, passage) if passage else []
        if len(hits) == 1:
            h = hits[0]
            placements.append(Placement(cid, "moved", h, h + len(passage), passage, passage, s, e))
            continue
        placements.append(Placement(cid, "unplaced", s, e, passage, None, s, e))
    return placements


def context(text: str, start: int, end: int, *, width: int = 30) -> str:
    """``text[start:end]`` with a little context, for error messages.

    Examples
    --------
    >>> context("een twee drie vier", 4, 8, width=4)
    'een [twee] dri…'
    """
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    pre = "…" if start - width > 0 else ""
    post = "…" if end + width < len(text) else ""
    return f"{pre}{left}[{text[start:end]}]{right}{post}"


__all__: Sequence[str] = ["fold", "occurrences", "find_quote", "closest_match", "reanchor", "Placement", "OffsetMap", "context"]

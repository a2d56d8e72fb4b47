"""Browser selections to canonical offsets: the one place where UTF-16 meets code points.

A browser reports a selection as UTF-16 code-unit offsets over the text of the DOM it
rendered. researchkit stores code-point offsets into the canonical (NFC) text. The
workspace renders a document as a sequence of *pieces* (:class:`Rendered`): pieces
copied from the canonical text (the speaker label as written, the turn's words, the
line breaks) and generated pieces that are not in it (the role badge, a formatted
timestamp). The JavaScript only counts UTF-16 units of ``Range.toString()`` from the
start of the transcript; everything else happens here:

* :func:`utf16_to_cp` / :func:`cp_to_utf16`: vectorised maps between the two
  conventions (astral characters such as emoji are two UTF-16 units, one code point);
  an offset inside a surrogate pair is snapped outwards.
* :meth:`Rendered.to_canonical`: a rendered UTF-16 offset to a canonical code point; an
  end inside generated text goes back to the canonical text before it, a start
  forward to the canonical text after it.
* :func:`snap`: widen a selection to whole words (combining accents stay with their
  letter), sentences or turns, and trim surrounding spaces and line breaks.

Examples
--------
>>> r = Rendered([("R: ", 0), ("respondent", None), ("Ja 🙂 é", 3)])
>>> r.text
'R: respondentJa 🙂 é'
>>> r.to_canonical(13, side="start"), r.to_canonical(20, side="end")
(3, 9)
>>> r.canonical_text()[3:9]
'Ja 🙂 é'
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np

from researchkit.errors import WorkspaceError

__all__ = ["utf16_to_cp", "cp_to_utf16", "utf16_length", "Rendered", "snap", "SNAP_MODES"]

#: How a selection is widened: to whole words (default), sentences, turns, or not at all.
SNAP_MODES = ("word", "sentence", "turn", "none")


def _units(text: str) -> np.ndarray:
    """UTF-16 length (1 or 2) of every code point of ``text``."""
    if not text:
        return np.zeros(0, dtype=np.int64)
    cps = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    return np.where(cps > 0xFFFF, 2, 1).astype(np.int64)


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (what JavaScript's ``length`` says).

    Examples
    --------
    >>> utf16_length("a🙂b"), len("a🙂b")
    (4, 3)
    """
    return len(text.encode("utf-16-le")) // 2


def utf16_to_cp(text: str, offsets: int | Sequence[int] | np.ndarray, *, side: str = "start") -> int | np.ndarray:
    """Code-point offsets for UTF-16 offsets into ``text``.

    Parameters
    ----------
    text
        The text the offsets count in.
    offsets
        One offset or an array of offsets, ``0 <= offset <= utf16_length(text)``.
    side
        An offset that falls between the two halves of a surrogate pair is moved to
        the start of the character (``"start"``) or past its end (``"end"``), so that a
        selection never cuts an emoji in half.

    Raises
    ------
    WorkspaceError
        RK701 when an offset is outside the text.

    Examples
    --------
    >>> utf16_to_cp("a🙂b", [0, 1, 3, 4])
    array([0, 1, 2, 3])
    >>> utf16_to_cp("a🙂b", 2, side="start"), utf16_to_cp("a🙂b", 2, side="end")
    (1, 2)
    """
    _check_side(side)
    ends = np.cumsum(_units(text))  # UTF-16 end of each code point
    total = int(ends[-1]) if len(ends) else 0
    arr = np.asarray(offsets, dtype=np.int64)
    bad = arr[(arr < 0) | (arr > total)]
    if bad.size:
        raise WorkspaceError(
            "RK701", f"UTF-16 offset {int(bad.flat[0])} is outside the rendered text of {total} units",
            hint="refresh the view (the document may have changed) and select again",
        )
    # number of code points that end at or before the offset
    below = np.searchsorted(ends, arr, side="right")
    if side == "end":
        inside = (below < len(ends)) & (arr > np.concatenate([[0], ends])[below]) if len(ends) else np.zeros_like(arr, bool)
        below = below + inside
    result = below.astype(np.int64)
    return int(result) if np.ndim(offsets) == 0 else result


def cp_to_utf16(text: str, offsets: int | Sequence[int] | np.ndarray) -> int | np.ndarray:
    """UTF-16 offsets for code-point offsets into ``text`` (the inverse of :func:`utf16_to_cp`).

    Examples
    --------
    >>> cp_to_utf16("a🙂b", [0, 1, 2, 3])
    array([0, 1, 3, 4])
    """
    starts = np.concatenate([[0], np.cumsum(_units(text))]).astype(np.int64)
    arr = np.asarray(offsets, dtype=np.int64)
    if arr.size and (arr.min() < 0 or arr.max() > len(text)):
        raise WorkspaceError("RK701", f"code-point offset outside the text of {len(text)} characters", hint="offsets run from 0 to len(text)")
    result = starts[arr]
    return int(result) if np.ndim(offsets) == 0 else result


def _check_side(side: str) -> None:
    if side not in ("start", "end"):
        raise WorkspaceError("RK700", f"side={side!r} is not 'start' or 'end'", hint="use side='start' or side='end'")


@dataclass
class Rendered:
    """A document as the browser renders it: pieces of canonical text and generated text.

    Parameters
    ----------
    pieces
        ``(text, canonical_start)`` in DOM order; ``canonical_start`` is ``None`` for
        generated text (role badge, formatted timestamp). Canonical pieces must appear in
        text order and not overlap.

    Examples
    --------
    >>> r = Rendered([("I: ", 0), ("interviewer", None), ("Wat?", 3)])
    >>> r.to_canonical(3, side="start"), r.to_canonical(14, side="end")
    (3, 3)
    >>> r.to_rendered(3)
    14
    """

    pieces: list[tuple[str, int | None]]
    _starts16: list[int] = field(init=False, repr=False)
    _canon: list[tuple[int, int, int]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.pieces = [(str(t), None if s is None else int(s)) for t, s in self.pieces]
        self._starts16, self._canon = [], []
        pos16, last = 0, 0
        for k, (text, start) in enumerate(self.pieces):
            self._starts16.append(pos16)
            if start is not None:
                if start < last:
                    raise WorkspaceError("RK700", f"rendered piece {k} starts at {start}, before the previous piece ended ({last})",
                                         hint="canonical pieces must follow the text order")
                self._canon.append((start, start + len(text), k))
                last = start + len(text)
            pos16 += utf16_length(text)
        self._length16 = pos16

    @property
    def text(self) -> str:
        """The whole rendered text (what ``Range.toString()`` over the document gives)."""
        return "".join(t for t, _ in self.pieces)

    @property
    def length16(self) -> int:
        """Length of the rendered text in UTF-16 units."""
        return self._length16

    def canonical_text(self) -> str:
        """The canonical text as far as the pieces cover it (gaps filled with NUL)."""
        out: list[str] = []
        pos = 0
        for start, end, k in self._canon:
            out.append("\0" * (start - pos))
            out.append(self.pieces[k][0])
            pos = end
        return "".join(out)

    def to_canonical(self, offset16: int, *, side: str) -> int:
        """The canonical code point for a UTF-16 offset over the rendered text.

        ``side="start"`` moves an offset inside generated text forward to the next
        canonical character; ``side="end"`` moves it back to the end of the previous
        canonical character.

        Raises
        ------
        WorkspaceError
            RK701 for an offset outside the rendered text.
        """
        _check_side(side)
        if not 0 <= offset16 <= self._length16:
            raise WorkspaceError(
                "RK701", f"UTF-16 offset {offset16} is outside the rendered document ({self._length16} units)",
                hint="refresh the view (the document may have changed) and select again",
            )
        if not self._canon:
            return 0
        k = max(bisect.bisect_right(self._starts16, offset16) - 1, 0)
        # at a boundary between pieces, prefer the piece that holds the selected text
        if side == "end" and k > 0 and offset16 == self._starts16[k]:
            k -= 1
        text, start = self.pieces[k]
        if start is not None:
            return start + utf16_to_cp(text, offset16 - self._starts16[k], side=side)
        order = [c[2] for c in self._canon]
        j = bisect.bisect_left(order, k)
        if side == "start":
            return self._canon[j][0] if j < len(self._canon) else self._canon[-1][1]
        return self._canon[j - 1][1] if j > 0 else self._canon[0][0]

    def to_rendered(self, cp: int) -> int:
        """The UTF-16 offset over the rendered text of canonical code point ``cp``.

        A ``cp`` at the boundary of two canonical pieces maps into the later piece.
        """
        starts = [c[0] for c in self._canon]
        j = bisect.bisect_right(starts, cp) - 1
        if j < 0 or cp > self._canon[j][1]:
            raise WorkspaceError("RK701", f"offset {cp} is not in the rendered document", hint="refresh the view")
        start, _, k = self._canon[j]
        return self._starts16[k] + cp_to_utf16(self.pieces[k][0], cp - start)

    def selection(self, start16: int, end16: int) -> tuple[int, int]:
        """A browser selection (UTF-16, either direction) as canonical ``(start, end)``.

        Examples
        --------
        >>> Rendered([("R: ", 0), ("Zoë 🙂", 3)]).selection(9, 3)
        (3, 8)
        """
        lo, hi = sorted((int(start16), int(end16)))
        s = self.to_canonical(lo, side="start")
        e = self.to_canonical(hi, side="end")
        return (s, max(s, e))


_WORD = re.compile(r"[\w\u00AD\u2019'’\-]", re.UNICODE)


def _is_word(ch: str) -> bool:
    return bool(_WORD.match(ch)) or unicodedata.category(ch).startswith("M")


def _is_space(ch: str) -> bool:
    return ch.isspace()


def snap(text: str, start: int, end: int, *, mode: str = "word", spans: Iterable[tuple[int, int]] = ()) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole words, sentences or turns; trim spaces at the ends.

    Parameters
    ----------
    text
        The canonical text.
    start, end
        The selection in code points.
    mode
        ``"word"`` (default): a selection that starts or ends inside a word is widened
        to include the whole word (letters, digits, apostrophes, hyphens and combining
        marks, so ``e`` + U+0301 stays together; an emoji counts as a word of its own).
        ``"sentence"`` / ``"turn"``: widened to the ``spans`` (sentence or turn spans)
        it touches. ``"none"``: only spaces and line breaks at the ends are trimmed.
    spans
        Sorted ``(start, end)`` units for ``"sentence"`` and ``"turn"``.

    Returns
    -------
    tuple of int
        ``(start, end)``; ``start == end`` when the selection held only spaces.

    Examples
    --------
    >>> text = "R: Wij zien café́s en 🙂 boten."
    >>> s, e = snap(text, 9, 14)
    >>> text[s:e]
    'zien café́s'
    >>> snap("a b", 1, 2)
    (2, 2)
    """
    if mode not in SNAP_MODES:
        raise WorkspaceError("RK700", f"snap mode {mode!r} is not one of {', '.join(SNAP_MODES)}", hint="use snap='word', 'sentence', 'turn' or 'none'")
    n = len(text)
    start, end = max(0, min(start, n)), max(0, min(end, n))
    if end < start:
        start, end = end, start
    while start < end and _is_space(text[start]):
        start += 1
    while end > start and _is_space(text[end - 1]):
        end -= 1
    if start == end:
        return (start, start)
    if mode == "word":
        while start > 0 and _is_word(text[start - 1]) and _is_word(text[start]):
            start -= 1
        while end < n and _is_word(text[end]) and _is_word(text[end - 1]):
            end += 1
        while end < n and unicodedata.category(text[end]).startswith("M"):  # a mark after an emoji or symbol
            end += 1
        return (start, end)
    if mode in ("sentence", "turn"):
        touched = [(s, e) for s, e in spans if s < end and e > start]
        if touched:
            start, end = min(start, touched[0][0]), max(end, touched[-1][1])
            while start < end and _is_space(text[start]):
                start += 1
            while end > start and _is_space(text[end - 1]):
                end -= 1
    return (start, end)

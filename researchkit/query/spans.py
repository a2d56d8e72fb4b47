"""Vectorised span algebra: sets of ``(document, start, end)`` spans as numpy arrays.

Documents are integer codes; a span's *key* is ``doc * 2**40 + offset``, so one sorted
array orders all documents at once and a binary search never crosses a document.
Everything here is pure numpy: no loop over spans or documents.

Examples
--------
>>> a = Spans.of([0, 0], [0, 10], [5, 20])
>>> b = Spans.of([0], [3], [12])
>>> intersect(merge(a), merge(b)).tuples()
[(0, 3, 5), (0, 10, 12)]
>>> complement(merge(b), np.array([30])).tuples()
[(0, 0, 3), (0, 12, 30)]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Spans", "SHIFT", "merge", "intersect", "union", "complement", "difference", "overlapping", "expand_ranges"]

SHIFT = np.int64(1) << np.int64(40)


@dataclass(frozen=True)
class Spans:
    """Parallel arrays ``doc, start, end``; ``rows`` optionally points back at codings."""

    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    rows: np.ndarray | None = None

    @classmethod
    def of(cls, doc: list[int], start: list[int], end: list[int]) -> "Spans":
        return cls(np.asarray(doc, np.int64), np.asarray(start, np.int64), np.asarray(end, np.int64))

    @classmethod
    def empty(cls) -> "Spans":
        z = np.empty(0, np.int64)
        return cls(z, z, z)

    def __len__(self) -> int:
        return len(self.doc)

    def key_start(self) -> np.ndarray:
        return self.doc * SHIFT + self.start

    def key_end(self) -> np.ndarray:
        return self.doc * SHIFT + self.end

    def take(self, index: np.ndarray) -> "Spans":
        rows = None if self.rows is None else self.rows[index]
        return Spans(self.doc[index], self.start[index], self.end[index], rows)

    def sorted(self) -> "Spans":
        order = np.lexsort((self.end, self.start, self.doc))
        return self.take(order)

    def unique(self) -> "Spans":
        """Distinct spans, sorted (provenance rows dropped)."""
        if len(self) == 0:
            return Spans.empty()
        s = Spans(self.doc, self.start, self.end).sorted()
        keep = np.ones(len(s), bool)
        keep[1:] = (np.diff(s.doc) != 0) | (np.diff(s.start) != 0) | (np.diff(s.end) != 0)
        return s.take(np.flatnonzero(keep))

    def tuples(self) -> list[tuple[int, int, int]]:
        return list(zip(self.doc.tolist(), self.start.tolist(), self.end.tolist()))


def expand_ranges(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For ranges ``[lo[i], hi[i])`` return ``(i repeated, every index in the range)``.

    Examples
    --------
    >>> [a.tolist() for a in expand_ranges(np.array([0, 5]), np.array([2, 8]))]
    [[0, 0, 1, 1, 1], [0, 1, 5, 6, 7]]
    """
    counts = np.maximum(hi - lo, 0)
    owner = np.repeat(np.arange(len(lo)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return owner, np.repeat(lo, counts) + offsets


def merge(spans: Spans) -> Spans:
    """Sort and merge overlapping or touching spans (per document); empty spans are dropped."""
    s = spans.take(np.flatnonzero(spans.end > spans.start))
    if len(s) == 0:
        return Spans.empty()
    s = Spans(s.doc, s.start, s.end).sorted()
    ks, ke = s.key_start(), s.key_end()
    reach = np.maximum.accumulate(ke)
    new = np.ones(len(s), bool)
    new[1:] = ks[1:] > reach[:-1]
    first = np.flatnonzero(new)
    last_reach = np.maximum.reduceat(ke, first)
    doc = s.doc[first]
    return Spans(doc, s.start[first], last_reach - doc * SHIFT)


def intersect(a: Spans, b: Spans) -> Spans:
    """The parts covered by both; ``a`` and ``b`` must be merged. The result is merged."""
    if len(a) == 0 or len(b) == 0:
        return Spans.empty()
    lo = np.searchsorted(b.key_end(), a.key_start(), side="right")
    hi = np.searchsorted(b.key_start(), a.key_end(), side="left")
    ia, ib = expand_ranges(lo, hi)
    start = np.maximum(a.start[ia], b.start[ib])
    end = np.minimum(a.end[ia], b.end[ib])
    keep = end > start
    return Spans(a.doc[ia][keep], start[keep], end[keep])


def union(a: Spans, b: Spans) -> Spans:
    """Everything covered by either, merged."""
    return merge(Spans(np.concatenate([a.doc, b.doc]), np.concatenate([a.start, b.start]), np.concatenate([a.end, b.end])))


def complement(a: Spans, lengths: np.ndarray) -> Spans:
    """Everything of every document (``lengths[doc]``) not covered by merged ``a``."""
    n = len(lengths)
    docs = np.arange(n, dtype=np.int64)
    left_doc = np.concatenate([docs, a.doc])
    left = np.concatenate([np.zeros(n, np.int64), a.end])
    right_doc = np.concatenate([a.doc, docs])
    right = np.concatenate([a.start, np.asarray(lengths, np.int64)])
    lo = np.lexsort((left, left_doc))
    ro = np.lexsort((right, right_doc))
    out = Spans(left_doc[lo], left[lo], right[ro])
    return out.take(np.flatnonzero(out.end > out.start))


def difference(a: Spans, b: Spans, lengths: np.ndarray) -> Spans:
    """What merged ``a`` covers and merged ``b`` does not."""
    return intersect(a, complement(b, lengths))


def overlapping(units: Spans, spans: Spans) -> np.ndarray:
    """Boolean mask over sorted, non-overlapping ``units``: does a span overlap the unit?"""
    mask = np.zeros(len(units), bool)
    if len(units) == 0 or len(spans) == 0:
        return mask
    lo = np.searchsorted(units.key_end(), spans.key_start(), side="right")
    hi = np.searchsorted(units.key_start(), spans.key_end(), side="left")
    _, idx = expand_ranges(lo, hi)
    mask[idx] = True
    return mask

"""Span helpers: keep non-overlapping hits, drop hits inside placeholders.

Examples
--------
>>> select_non_overlapping([(0, 10), (5, 8), (10, 12)], span=lambda x: x)
[(0, 10), (10, 12)]
"""

from __future__ import annotations

import bisect
from typing import Any, Callable, Sequence

__all__ = ["select_non_overlapping", "inside_spans"]


def select_non_overlapping(items: Sequence[Any], *, span: Callable[[Any], tuple[int, int]]) -> list[Any]:
    """Keep the items (in priority order) whose spans do not overlap an item kept before; return them in text order.

    Examples
    --------
    >>> select_non_overlapping([(0, 10), (5, 8), (10, 12), (9, 11)], span=lambda x: x)
    [(0, 10), (10, 12)]
    """
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Any] = []
    for item in items:
        s, e = span(item)
        i = bisect.bisect_right(starts, s)
        if i > 0 and ends[i - 1] > s:
            continue
        if i < len(starts) and starts[i] < e:
            continue
        if i < len(starts) and starts[i] == s == e:
            continue
        starts.insert(i, s)
        ends.insert(i, e)
        kept.insert(i, item)
    return kept


def inside_spans(items: Sequence[Any], spans: Sequence[tuple[int, int]], *, span: Callable[[Any], tuple[int, int]]) -> list[Any]:
    """The items whose span does not lie inside one of ``spans`` (sorted, non-overlapping).

    Examples
    --------
    >>> inside_spans([(1, 3), (5, 7), (9, 12)], [(0, 4), (9, 11)], span=lambda x: x)
    [(5, 7), (9, 12)]
    """
    if not spans:
        return list(items)
    starts = [s for s, _e in spans]
    out = []
    for item in items:
        s, e = span(item)
        i = bisect.bisect_right(starts, s) - 1
        if i >= 0 and spans[i][0] <= s and e <= spans[i][1]:
            continue
        out.append(item)
    return out

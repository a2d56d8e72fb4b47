"""The deterministic choice of representative quotes among a theme's passages (:func:`researchkit.analysis.quotes`).

Passages are ranked (:func:`_rank_order`: short ones last, human-coded first, then the fit of
whole passages, typicality, document and offset) and picked with one heap over the groups
(:func:`_select`): distinct respondents first, groups in turn.

Examples
--------
>>> f = pd.DataFrame({"text": ["een twee drie", "vier"], "typicality": [0.1, 0.9], "doc_id": ["R1", "R2"],
...                   "start": [0, 0], "respondent": ["R1", "R2"]})
>>> _select(f, 2, [], min_words=2)
[0, 1]
"""

from __future__ import annotations

import numpy as np
import pandas as pd


#: The fit of a whole passage to its theme, best first (:mod:`researchkit.analysis.quote_spans`).
_FIT = ("density", "distinct", "n_sentences")


def _rank_order(frame: pd.DataFrame, min_words: int) -> np.ndarray:
    """Row positions by (short passage last, rules-only passages after human-coded ones, then
    for whole passages the fit: density of the theme's codes, distinct theme codes, sentences;
    most typical first, ``doc_id``, offset); stable."""
    words = [0 if not isinstance(t, str) and pd.isna(t) else len(str(t).split()) for t in frame["text"].tolist()]
    short = np.array(words, dtype=np.int64) < min_words
    machine = ~frame["human"].to_numpy(dtype=bool) if "human" in frame.columns else np.zeros(len(frame), dtype=bool)
    keys = [short, machine, *(-frame[col].to_numpy(dtype=float) for col in _FIT if col in frame.columns),
            -frame["typicality"].to_numpy(dtype=float), frame["doc_id"].astype(str).to_numpy(), frame["start"].to_numpy()]
    # a stable sort on all keys (NaN last), as DataFrame.sort_values(kind="mergesort") sorts them
    return np.lexsort([_sort_key(k) for k in reversed(keys)]).astype(np.int64)


def _sort_key(values: np.ndarray) -> np.ndarray:
    """``values`` as :func:`numpy.lexsort` can order them: numbers as they are (NaN sorts last),
    anything else by its rank among the sorted distinct values (missing last)."""
    if values.dtype.kind in "biuf":
        return values
    codes, uniques = pd.factorize(values, sort=True)
    return np.where(codes < 0, len(uniques), codes)


def _select(frame: pd.DataFrame, n: int, by: list[str], min_words: int = 0) -> list[int]:
    """Deterministic representative choice: distinct respondents first, groups in turn,
    passages of at least ``min_words`` words before shorter ones, most typical first;
    a respondent's second quote only once every respondent has one.

    The next pick is the passage with the lowest (quotes of its group so far, rank)
    among those whose respondent has no quote in the current round; when no such
    passage is left a new round starts. Each group keeps its passages in rank order
    and a heap holds every group's best candidate, so a pick costs ``O(log groups)``
    and a passage is passed over at most once per round: no rescans, no row-wise
    DataFrame access (``n`` picks of ``P`` passages: about ``O(P + n log G)``).

    Examples
    --------
    >>> f = pd.DataFrame({"text": ["a b", "c d", "e f", "g h"], "typicality": [0.9, 0.8, 0.7, 0.1],
    ...                   "doc_id": ["R1", "R1", "R2", "R3"], "start": [0, 5, 0, 0],
    ...                   "respondent": ["R1", "R1", "R2", "R3"], "group": ["a", "a", "a", "b"]})
    >>> _select(f, 4, ["group"])
    [0, 3, 2, 1]
    """
    import heapq

    if n <= 0 or len(frame) == 0:
        return []
    order = _rank_order(frame, min_words)
    # respondents and groups are only told apart: their values (a missing respondent is one of its own) serve as ids
    values = frame["respondent"].to_numpy(dtype=object)
    respondents = np.where(pd.isna(values), "\x00none", values)[order].tolist()
    if by:
        group_ids = list(zip(*(frame[col].to_numpy(dtype=object)[order].tolist() for col in by)))
    else:
        group_ids = [0] * len(order)
    queues: dict[int, list[int]] = {}  # group -> ranks still to quote, best first
    for rank, g in enumerate(group_ids):
        queues.setdefault(g, []).append(rank)
    cursor = dict.fromkeys(queues, 0)
    passed: dict[int, list[int]] = {g: [] for g in queues}  # ranks passed over in this round
    count = dict.fromkeys(queues, 0)
    used: set[int] = set()
    chosen: list[int] = []

    def head(g: int) -> int | None:
        queue, k = queues[g], cursor[g]
        while k < len(queue) and respondents[queue[k]] in used:
            passed[g].append(queue[k])
            k += 1
        cursor[g] = k
        return queue[k] if k < len(queue) else None

    def fill() -> list[tuple[int, int, int]]:
        heap = [(count[g], r, g) for g in queues if (r := head(g)) is not None]
        heapq.heapify(heap)
        return heap

    heap = fill()
    while len(chosen) < min(n, len(order)):
        if not heap:  # round over: every respondent with passages left has a quote in it
            used = set()
            for g in queues:
                queues[g] = passed[g] + queues[g][cursor[g]:]
                cursor[g], passed[g] = 0, []
            heap = fill()
            continue
        c, r, g = heapq.heappop(heap)
        current = head(g)
        if current is None:
            continue
        if current != r or c != count[g]:
            heapq.heappush(heap, (count[g], current, g))
            continue
        chosen.append(int(order[r]))
        used.add(respondents[r])
        count[g] += 1
        cursor[g] += 1
        nxt = head(g)
        if nxt is not None:
            heapq.heappush(heap, (count[g], nxt, g))
    return chosen

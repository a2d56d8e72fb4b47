"""From codings to presence/absence decisions per unit, code and coder.

Two representations, both built with numpy, never with a per-unit or per-character
Python loop:

* **unit presence** (:func:`unit_presence`): for units of analysis (sentences, turns,
  paragraphs, documents) a boolean ``units x codes`` matrix per coder. A coding marks
  every unit it overlaps (offsets into the canonical text): the first and last unit it
  touches are found with :func:`numpy.searchsorted` on the unit boundaries, and the
  range in between is filled with a difference array.
* **character tallies** (:func:`character_tallies`): NVivo-style agreement over
  characters. Each coder's codings of a code are merged into disjoint intervals; a
  single sweep over the interval end points, vectorised over codes, measures how many
  characters are covered by exactly ``k`` coders and by each coder.

Examples
--------
>>> import numpy as np, pandas as pd
>>> units = pd.DataFrame({"doc_id": ["d", "d", "d"], "start": [0, 5, 10], "end": [4, 9, 14]})
>>> codings = pd.DataFrame({"doc_id": ["d", "d"], "start": [2, 11], "end": [6, 12],
...                         "code": ["X", "X"], "coder": ["ann", "ann"]})
>>> p = unit_presence(units, codings, coders=["ann"], codes=["X"], doc_base={"d": 0})
>>> p.matrices["ann"][:, 0].tolist()
[True, True, True]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from researchkit.agreement.coefficients import Tallies

__all__ = ["index_of", "take_base", "Presence", "unit_presence", "tallies_from_matrices", "character_tallies", "doc_offsets"]


def index_of(values: pd.Series, labels: Sequence) -> np.ndarray:
    """Position of each value in ``labels`` (-1 when absent), hash-based and vectorised.

    Examples
    --------
    >>> index_of(pd.Series(["b", "x", "a"]), ["a", "b"]).tolist()
    [1, -1, 0]
    """
    return pd.Index(list(labels)).get_indexer(values.to_numpy(dtype=object))


def take_base(values: pd.Series, doc_base: Mapping[str, int]) -> np.ndarray:
    """Global base offset of each row's document (see :func:`doc_offsets`)."""
    keys = list(doc_base)
    pos = index_of(values, keys)
    if (pos < 0).any():
        raise KeyError(f"documents not laid out: {sorted(set(values[pos < 0]))[:5]}")
    return np.asarray([doc_base[k] for k in keys], dtype=np.int64)[pos]


def doc_offsets(texts: Mapping[str, str], doc_ids: Sequence[str]) -> dict[str, int]:
    """Global start offset of each document when the texts are laid end to end (+1 gap).

    Examples
    --------
    >>> doc_offsets({"a": "xyz", "b": "pq"}, ["a", "b"])
    {'a': 0, 'b': 4}
    """
    out, pos = {}, 0
    for d in doc_ids:
        out[d] = pos
        pos += len(texts[d]) + 1
    return out


@dataclass
class Presence:
    """Boolean ``units x codes`` matrices, one per coder, for one set of units.

    Attributes
    ----------
    units
        The units (rows of the matrices), in document and text order.
    codes
        The codes (columns).
    matrices
        ``coder -> bool array (n_units, n_codes)``.
    unplaced
        Codings (of the requested codes) that overlap no unit.
    """

    units: pd.DataFrame
    codes: list[str]
    matrices: dict[str, np.ndarray]
    unplaced: pd.DataFrame = field(default_factory=pd.DataFrame)


def unit_presence(
    units: pd.DataFrame,
    codings: pd.DataFrame,
    *,
    coders: Sequence[str],
    codes: Sequence[str],
    doc_base: Mapping[str, int],
) -> Presence:
    """Mark, per coder, which units each code touches.

    Parameters
    ----------
    units
        Units with ``doc_id, start, end`` (non-overlapping within a document, in text
        order), e.g. from :func:`researchkit.units.units`.
    codings
        Codings with ``doc_id, start, end, code, coder``; rows of other coders or codes
        are ignored, rows of documents not in ``doc_base`` must be removed beforehand.
    coders, codes
        The coders and codes to build matrices for (column order = ``codes``).
    doc_base
        Global offset of each document (see :func:`doc_offsets`).

    Returns
    -------
    Presence

    Examples
    --------
    >>> import pandas as pd
    >>> u = pd.DataFrame({"doc_id": ["d"] * 2, "start": [0, 4], "end": [3, 8]})
    >>> c = pd.DataFrame({"doc_id": ["d"], "start": [3], "end": [4], "code": ["X"], "coder": ["a"]})
    >>> p = unit_presence(u, c, coders=["a"], codes=["X"], doc_base={"d": 0})
    >>> int(p.matrices["a"].sum()), len(p.unplaced)
    (0, 1)
    """
    base_u = take_base(units["doc_id"], doc_base)
    u_start = base_u + units["start"].to_numpy(dtype=np.int64)
    u_end = base_u + units["end"].to_numpy(dtype=np.int64)
    order = np.argsort(u_start, kind="stable")
    if not np.array_equal(order, np.arange(len(order))):
        units = units.iloc[order].reset_index(drop=True)
        u_start, u_end = u_start[order], u_end[order]
    n_units, n_codes = len(units), len(codes)
    matrices: dict[str, np.ndarray] = {}
    unplaced_parts = []
    for coder in coders:
        rows = codings[(codings["coder"] == coder).to_numpy() & (index_of(codings["code"], codes) >= 0)]
        ci = index_of(rows["code"], codes).astype(np.int64)
        base = take_base(rows["doc_id"], doc_base)
        s = base + rows["start"].to_numpy(dtype=np.int64)
        e = base + rows["end"].to_numpy(dtype=np.int64)
        first = np.searchsorted(u_end, s, side="right")  # first unit ending after s
        last = np.searchsorted(u_start, e, side="left") - 1  # last unit starting before e
        ok = first <= last
        if (~ok).any():
            unplaced_parts.append(rows[~ok])
        diff = np.bincount(first[ok] * n_codes + ci[ok], minlength=(n_units + 1) * n_codes)
        diff = diff - np.bincount((last[ok] + 1) * n_codes + ci[ok], minlength=(n_units + 1) * n_codes)
        matrices[coder] = np.cumsum(diff.reshape(n_units + 1, n_codes), axis=0)[:n_units] > 0
    unplaced = pd.concat(unplaced_parts) if unplaced_parts else codings.iloc[0:0]
    return Presence(units=units, codes=list(codes), matrices=matrices, unplaced=unplaced)


def tallies_from_matrices(matrices: Sequence[np.ndarray], weights: np.ndarray | None = None) -> Tallies:
    """Tallies from per-coder boolean ``units x codes`` matrices.

    Parameters
    ----------
    matrices
        One boolean array ``(n_units, n_codes)`` per coder.
    weights
        Optional ``(n_replicates, n_units)`` unit weights (bootstrap resampling counts);
        the tallies then get a leading replicate axis.

    Examples
    --------
    >>> import numpy as np
    >>> a = np.array([[1], [1], [0], [0]], bool); b = np.array([[1], [0], [0], [0]], bool)
    >>> t = tallies_from_matrices([a, b])
    >>> t.hist[:, 0].tolist(), t.marginals[:, 0].tolist()
    ([2.0, 1.0, 1.0], [2.0, 1.0])
    """
    m = len(matrices)
    n_units = matrices[0].shape[0]
    k = np.zeros(matrices[0].shape, dtype=np.int16)
    for mat in matrices:
        k += mat
    if weights is None:
        marg = np.stack([mat.sum(axis=0) for mat in matrices]).astype(float)
        hist = np.stack([(k == j).sum(axis=0) for j in range(m + 1)]).astype(float)
        n = np.full(matrices[0].shape[1], float(n_units))
        return Tallies(n=n, marginals=marg, hist=hist)
    w = np.asarray(weights, dtype=np.float32)
    marg = np.stack([w @ mat.astype(np.float32) for mat in matrices]).astype(float)
    hist = np.stack([w @ (k == j).astype(np.float32) for j in range(m + 1)]).astype(float)
    n = np.repeat(w.sum(axis=1, keepdims=True).astype(float), matrices[0].shape[1], axis=1)
    return Tallies(n=n, marginals=marg, hist=hist)


def _merge(group: np.ndarray, start: np.ndarray, end: np.ndarray, stride: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Merge overlapping/adjacent intervals within each group; returns (group, start, end)."""
    if len(start) == 0:
        return group, start, end
    gs = group * stride + start
    ge = group * stride + end
    order = np.lexsort((ge, gs))
    gs, ge, group = gs[order], ge[order], group[order]
    run_end = np.maximum.accumulate(ge)
    new = np.ones(len(gs), dtype=bool)
    new[1:] = gs[1:] > run_end[:-1]
    idx = np.flatnonzero(new)
    last = np.r_[idx[1:] - 1, len(gs) - 1]
    g = group[idx]
    return g, gs[idx] - g * stride, run_end[last] - g * stride


def character_tallies(
    codings: pd.DataFrame,
    *,
    coders: Sequence[str],
    codes: Sequence[str],
    universe: tuple[np.ndarray, np.ndarray],
    doc_base: Mapping[str, int],
    doc_of: np.ndarray | None = None,
) -> Tallies | tuple[Tallies, np.ndarray]:
    """Per-character presence tallies over the ``universe`` intervals, vectorised over codes.

    Parameters
    ----------
    codings
        Codings with ``doc_id, start, end, code, coder`` (documents in ``doc_base``).
    coders, codes
        The coders (at most 30) and codes compared.
    universe
        ``(starts, ends)`` of disjoint global intervals whose characters count as units
        (whole documents, or the turns of some roles).
    doc_base
        Global offset of each document.
    doc_of
        Optional: sorted global start offsets of the documents; when given, tallies are
        also split per document and returned as ``(tallies, per_document)`` where
        ``per_document`` has shape ``(n_docs, 1 + m + (m + 1), n_codes)`` (n, marginals,
        hist) for document-level bootstrap.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> c = pd.DataFrame({"doc_id": ["d"] * 3, "start": [0, 2, 5], "end": [4, 6, 8],
    ...                   "code": ["X"] * 3, "coder": ["a", "b", "b"]})
    >>> t = character_tallies(c, coders=["a", "b"], codes=["X"],
    ...                       universe=(np.array([0]), np.array([10])), doc_base={"d": 0})
    >>> t.hist[:, 0].tolist(), t.marginals[:, 0].tolist()
    ([2.0, 6.0, 2.0], [4.0, 6.0])
    """
    m = len(coders)
    if m > 30:
        raise ValueError("character agreement supports at most 30 coders")
    n_codes = len(codes)
    u_start, u_end = (np.asarray(a, dtype=np.int64) for a in universe)
    rows = codings[(index_of(codings["coder"], coders) >= 0) & (index_of(codings["code"], codes) >= 0)]
    base = take_base(rows["doc_id"], doc_base)
    ends = base + rows["end"].to_numpy(np.int64)
    stride = int(max(u_end.max(initial=0), ends.max(initial=0), 1) + 2)
    ci = index_of(rows["code"], codes).astype(np.int64)
    cj = index_of(rows["coder"], coders).astype(np.int64)
    group, s, e = _merge(ci * m + cj, base + rows["start"].to_numpy(np.int64), base + rows["end"].to_numpy(np.int64), stride)
    code_g, coder_g = group // m, group % m
    weight = (np.int64(1) << coder_g).astype(np.int64)
    ubit = np.int64(1) << m
    uc = np.repeat(np.arange(n_codes, dtype=np.int64), len(u_start))
    us = np.tile(u_start, n_codes) + uc * stride
    ue = np.tile(u_end, n_codes) + uc * stride
    pos = np.concatenate([code_g * stride + s, code_g * stride + e, us, ue])
    delta = np.concatenate([weight, -weight, np.full(len(us), ubit), np.full(len(ue), -ubit)])
    order = np.argsort(pos, kind="stable")
    pos, delta = pos[order], delta[order]
    value = np.cumsum(delta)
    length = np.diff(pos)
    value = value[:-1]
    keep = (length > 0) & ((value & ubit) != 0)
    length, value, seg_pos = length[keep].astype(float), value[keep], pos[:-1][keep]
    seg_code = seg_pos // stride
    mask = value & (ubit - 1)
    k = np.zeros(len(mask), dtype=np.int64)
    for j in range(m):
        k += (mask >> j) & 1
    per_code = lambda w: np.bincount(seg_code, weights=w, minlength=n_codes)  # noqa: E731
    hist = np.stack([per_code(length * (k == j)) for j in range(m + 1)])
    marg = np.stack([per_code(length * ((mask >> j) & 1)) for j in range(m)])
    n = np.full(n_codes, float((u_end - u_start).sum()))
    tallies = Tallies(n=n, marginals=marg, hist=hist)
    if doc_of is None:
        return tallies
    # split segments by document for document-level bootstrap
    doc_starts = np.asarray(doc_of, dtype=np.int64)
    seg_doc = np.searchsorted(doc_starts, seg_pos - seg_code * stride, side="right") - 1
    n_docs = len(doc_starts)
    cell = seg_doc * n_codes + seg_code
    per_doc = lambda w: np.bincount(cell, weights=w, minlength=n_docs * n_codes).reshape(n_docs, n_codes)  # noqa: E731
    u_doc = np.searchsorted(doc_starts, u_start, side="right") - 1
    n_doc = np.bincount(u_doc, weights=(u_end - u_start).astype(float), minlength=n_docs)
    parts = [np.repeat(n_doc[:, None], n_codes, axis=1)]
    parts += [per_doc(length * ((mask >> j) & 1)) for j in range(m)]
    parts += [per_doc(length * (k == j)) for j in range(m + 1)]
    return tallies, np.stack(parts, axis=1)

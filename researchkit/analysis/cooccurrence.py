"""Code co-occurrence: counts, Jaccard index and c-coefficient, for every pair of codes.

Two codes co-occur when they are applied within the same unit: a sentence, a turn, a
paragraph, a whole document, or — for ``unit="overlap"`` — when their coded spans
share at least one character. The computation is vectorised: a boolean unit x code
matrix ``B`` (sparse) gives all counts at once as ``B.T @ B``.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from researchkit.analysis._common import (
    ALL_UNITS,
    check_codings,
    check_unit,
    order_codes,
    overlap_pairs,
    overlap_pairs_arrays,
    require_corpus,
    roll_up,
    unit_incidence,
)
from researchkit.analysis.speakercases import check_per, counted_codings
from researchkit.errors import AnalysisError

__all__ = ["cooccurrence", "cooccurrence_matrix", "COOCCURRENCE_COLUMNS"]

COOCCURRENCE_COLUMNS = ["code_a", "code_b", "n_a", "n_b", "count", "jaccard", "c"]


def _select(frame: pd.DataFrame, codes: Sequence[str] | None, codebook: Any) -> tuple[pd.DataFrame, list[str]]:
    all_codes = list(dict.fromkeys(codes)) if codes is not None else order_codes(frame["code"], codebook)
    if codes is not None:
        frame = frame[frame["code"].isin(all_codes)].reset_index(drop=True)
    return frame, all_codes


def _unit_counts(frame: pd.DataFrame, corpus: Any, unit: str, all_codes: list[str], units_table: pd.DataFrame | None,
                 case: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(counts K x K, n per code)`` from the unit x code incidence matrix; with ``case`` (one per
    codings row) its rows are the pairs (unit, case): codes meet only within one case."""
    from scipy import sparse  # here, not at import: scipy takes a tenth of a second to load, and the main job never needs it

    k = len(all_codes)
    if len(frame) == 0:
        return np.zeros((k, k), dtype=np.int64), np.zeros(k, dtype=np.int64)
    rows, unit_ids, _ = unit_incidence(frame, corpus, unit, units_table)
    code_idx = pd.Index(all_codes).get_indexer(frame["code"].to_numpy()[rows])
    if case is not None:
        cases = np.asarray(case, dtype=np.int64)[rows]
        unit_ids = pd.factorize(unit_ids.astype(np.int64) * (int(cases.max()) + 1) + cases)[0].astype(np.int64)
    n_units = int(unit_ids.max()) + 1 if len(unit_ids) else 0
    b = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (unit_ids, code_idx)), shape=(n_units, k))
    b.sum_duplicates()
    b.data[:] = 1
    counts = np.asarray((b.T @ b).todense(), dtype=np.int64)
    return counts, np.diag(counts).copy()


def _merged_spans(frame: pd.DataFrame, code_idx: np.ndarray) -> pd.DataFrame:
    """Union of the spans per (document, code), vectorised (running maximum of ends)."""
    d, _ = pd.factorize(frame["doc_id"].to_numpy(dtype=object))
    s = frame["start"].to_numpy(np.int64)
    e = frame["end"].to_numpy(np.int64)
    width = int(s.max()) + 1 if len(s) else 1
    n_codes = int(code_idx.max()) + 1 if len(code_idx) else 1
    n_docs = int(d.max()) + 1 if len(d) else 1
    if n_docs * n_codes * width < 2**62:  # one integer key sorts fastest
        order = np.argsort((d.astype(np.int64) * n_codes + code_idx) * width + s, kind="stable")
    else:
        order = np.lexsort((s, code_idx, d))
    d, c, s, e = d[order], code_idx[order], s[order], e[order]
    group = d.astype(np.int64) * (int(code_idx.max()) + 1 if len(code_idx) else 1) + c
    new_group = np.r_[True, group[1:] != group[:-1]]
    # running max of ends within each group: offset groups so that maxima never leak
    gid = np.cumsum(new_group) - 1
    shift = (e.max() + 1) if len(e) else 1
    run = np.maximum.accumulate(e + gid * shift) - gid * shift
    prev_run = np.r_[-1, run[:-1]]
    new_span = new_group | (s > prev_run)
    first = np.flatnonzero(new_span)  # spans are contiguous runs of the sorted rows
    last = np.r_[first[1:] - 1, len(s) - 1] if len(first) else first
    return pd.DataFrame({"doc": d[first], "code": c[first], "start": s[first], "end": run[last]})


def _overlap_counts(frame: pd.DataFrame, all_codes: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(pair counts, codings per code, jaccard on coded characters)``."""
    k = len(all_codes)
    code_idx = pd.Index(all_codes).get_indexer(frame["code"].to_numpy())
    n = np.bincount(code_idx, minlength=k).astype(np.int64)
    counts = np.zeros((k, k), dtype=np.int64)
    jac = np.full((k, k), np.nan)
    if len(frame) == 0:
        return counts, n, jac
    a, b = overlap_pairs(frame)
    ca, cb = code_idx[a], code_idx[b]
    keep = ca != cb
    pair_key = np.concatenate([ca[keep] * k + cb[keep], cb[keep] * k + ca[keep]])
    counts = np.bincount(pair_key, minlength=k * k).reshape(k, k).astype(np.int64)
    counts[np.diag_indices(k)] = n
    # Jaccard on characters: |A ∩ B| / |A ∪ B| with A, B the characters coded with each code
    merged = _merged_spans(frame, code_idx)
    length = np.bincount(merged["code"], weights=(merged["end"] - merged["start"]).to_numpy(float), minlength=k)
    ma, mb = overlap_pairs_arrays(merged["doc"].to_numpy(), merged["start"].to_numpy(), merged["end"].to_numpy())
    mca, mcb = merged["code"].to_numpy()[ma], merged["code"].to_numpy()[mb]
    inter_len = np.minimum(merged["end"].to_numpy()[ma], merged["end"].to_numpy()[mb]) - np.maximum(
        merged["start"].to_numpy()[ma], merged["start"].to_numpy()[mb]
    )
    keep = mca != mcb
    key = np.concatenate([mca[keep] * k + mcb[keep], mcb[keep] * k + mca[keep]])
    inter = np.bincount(key, weights=np.concatenate([inter_len[keep], inter_len[keep]]).astype(float), minlength=k * k).reshape(k, k)
    inter[np.diag_indices(k)] = length
    union = length[:, None] + length[None, :] - inter
    with np.errstate(divide="ignore", invalid="ignore"):
        jac = np.where(union > 0, inter / np.where(union > 0, union, 1), np.nan)
    return counts, n, jac


def cooccurrence(
    codings: pd.DataFrame,
    corpus: Any = None,
    *,
    unit: str = "sentence",
    level: int | None = None,
    codebook: Any = None,
    codes: Sequence[str] | None = None,
    units_table: pd.DataFrame | None = None,
    per: str = "document",
) -> pd.DataFrame:
    """Co-occurrence counts, Jaccard index and c-coefficient for every pair of codes.

    Parameters
    ----------
    codings
        A codings table.
    corpus
        Needed for ``unit="sentence" | "turn" | "paragraph"`` (the units come from
        :func:`researchkit.units.units`); not needed for ``"document"`` and ``"overlap"``.
    unit
        ``"sentence"`` (default), ``"turn"``, ``"paragraph"``, ``"document"`` or
        ``"overlap"`` (coded spans share a character). A coding spanning several units
        is present in each; a coding inside no unit (e.g. on a speaker label) counts as
        a unit of its own, so it is never dropped.
    level
        Roll codes up to this codebook level first (needs ``codebook``).
    codebook
        Orders the codes; needed for ``level``.
    codes
        Restrict to (and complete over) these codes, in this order.
    units_table
        A precomputed units table (``doc_id, start, end``) to reuse across calls.
    per
        ``"document"`` (default) or ``"speaker"``: counting per speaker (focus groups) two codes
        co-occur only when the same participant has both in the unit (with ``"document"`` as
        unit: anywhere in the participant's words; with ``"overlap"``: overlapping codings of
        one participant), and ``n_a`` counts a unit once per participant with code a. A
        document without respondent speakers is one case, as per document. Needs the corpus.
        Codings on no respondent's turn are not counted: an ``AnalysisWarning`` says how many,
        ``attrs["unattributed"]`` lists them (``doc_id, start, end, code``).

    Returns
    -------
    pandas.DataFrame
        ``code_a, code_b, n_a, n_b, count, jaccard, c`` for **every** ordered pair of
        the chosen codes (K x K rows, symmetric, diagonal included), in code order:

        - text/document units: ``n_a`` = units with code a, ``count`` = units with
          both; ``jaccard = c = count / (n_a + n_b - count)`` (on units the
          c-coefficient of ATLAS.ti *is* the Jaccard index of the unit sets);
        - ``"overlap"``: ``n_a`` = codings of a, ``count`` = pairs of overlapping
          codings (one of each code), ``c = count / (n_a + n_b - count)`` as in
          ATLAS.ti (it can exceed 1 when one passage overlaps several of the other
          code), and ``jaccard`` = shared coded characters / characters coded with
          either code.

        ``0 / 0`` gives ``NaN``; the diagonal has ``count = n_a`` and 1.0 for
        codes that occur.

    Examples
    --------
    >>> codings = pd.DataFrame({"doc_id": ["d1", "d1", "d2"], "start": [0, 5, 0],
    ...                         "end": [4, 9, 4], "code": ["A", "B", "A"]})
    >>> cooccurrence(codings, unit="document")
      code_a code_b  n_a  n_b  count  jaccard    c
    0      A      A    2    2      2      1.0  1.0
    1      A      B    2    1      1      0.5  0.5
    2      B      A    1    2      1      0.5  0.5
    3      B      B    1    1      1      1.0  1.0
    """
    check_unit(unit, ALL_UNITS)
    check_per(per)
    frame = check_codings(codings, corpus)
    frame = roll_up(frame, codebook, level)
    frame, all_codes = _select(frame, codes, codebook)
    k = len(all_codes)
    case = found = None
    if per == "speaker":
        require_corpus(corpus, "counting per speaker")
        frame, case, found, _ = counted_codings(frame, corpus, per)
    if unit == "overlap":
        # per speaker a case stands in for the document: spans of two participants never meet
        counts, n, jac = _overlap_counts(frame if case is None else frame.assign(doc_id=case), all_codes)
    else:
        counts, n = _unit_counts(frame, corpus, unit, all_codes, units_table, case)
        jac = None
    denom = n[:, None] + n[None, :] - counts
    with np.errstate(divide="ignore", invalid="ignore"):
        c = np.where(denom > 0, counts / np.where(denom > 0, denom, 1), np.nan)
    if jac is None:
        jac = c
    idx_a, idx_b = np.divmod(np.arange(k * k), k) if k else (np.empty(0, int), np.empty(0, int))
    codes_arr = np.array(all_codes, dtype=object)
    out = pd.DataFrame(
        {
            "code_a": codes_arr[idx_a] if k else np.empty(0, object),
            "code_b": codes_arr[idx_b] if k else np.empty(0, object),
            "n_a": n[idx_a].astype(np.int64),
            "n_b": n[idx_b].astype(np.int64),
            "count": counts.reshape(-1).astype(np.int64),
            "jaccard": np.asarray(jac, dtype=float).reshape(-1),
            "c": c.reshape(-1),
        },
        columns=COOCCURRENCE_COLUMNS,
    )
    if found is not None:
        out.attrs["unattributed"] = list(found.unattributed.itertuples(index=False, name=None))
    return out


def cooccurrence_matrix(result: pd.DataFrame, *, value: str = "count") -> pd.DataFrame:
    """Square code x code table of one column of a :func:`cooccurrence` result.

    Examples
    --------
    >>> codings = pd.DataFrame({"doc_id": ["d1", "d1"], "start": [0, 5], "end": [4, 9],
    ...                         "code": ["A", "B"]})
    >>> cooccurrence_matrix(cooccurrence(codings, unit="document"))  # doctest: +NORMALIZE_WHITESPACE
    code_b  A  B
    code_a
    A       1  1
    B       1  1
    """
    if value not in ("n_a", "count", "jaccard", "c"):
        raise AnalysisError("RK504", f"value={value!r} is not one of count, jaccard, c", hint="choose one of the listed values")
    order = list(dict.fromkeys(result["code_a"]))
    return result.pivot(index="code_a", columns="code_b", values=value).reindex(index=order, columns=order)

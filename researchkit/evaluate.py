"""Evaluate auto-coding against a hand-coded gold standard.

:func:`evaluate` compares a codings table (usually from :func:`researchkit.autocode`)
with a gold codings table, per code: precision, recall and F1 at the level of coded
units. Only documents present in the gold table are compared (the gold standard is a
subset of the corpus). A predicted row and a gold row *match* when they have the same
``doc_id`` and ``code`` and their spans overlap; this makes the comparison robust to
small differences in unit boundaries and lets turn-level gold be compared with
sentence-level rules.

- precision = predicted rows that match some gold row / predicted rows
- recall    = gold rows matched by some predicted row / gold rows
- F1        = harmonic mean of the two

Undefined values (no predictions, or no gold rows, for a code) are ``NaN``.

Examples
--------
>>> import pandas as pd
>>> gold = pd.DataFrame({"doc_id": ["R01", "R01"], "start": [0, 10], "end": [9, 20],
...                      "code": ["SAM", "SIG"], "coder": "gold", "source": "manual"})
>>> pred = pd.DataFrame({"doc_id": ["R01", "R01"], "start": [0, 30], "end": [9, 40],
...                      "code": ["SAM", "SIG"], "coder": "rules", "source": "rules"})
>>> evaluate(pred, gold)[["code", "gold", "predicted", "precision", "recall", "f1"]]
  code  gold  predicted  precision  recall   f1
0  SAM     1          1        1.0     1.0  1.0
1  SIG     1          1        0.0     0.0  0.0
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from researchkit.codings import validate_codings
from researchkit.errors import EvaluationError

__all__ = ["evaluate", "summarize", "EVALUATION_COLUMNS"]

#: Columns of the per-code table returned by :func:`evaluate`.
EVALUATION_COLUMNS: list[str] = [
    "code", "gold", "predicted", "matched_gold", "matched_predicted", "precision", "recall", "f1",
]


def _matches(a: pd.DataFrame, b: pd.DataFrame) -> np.ndarray:
    """For each row of ``a``: does some row of ``b`` (same doc and code) overlap it?

    Vectorised: the rows of ``b`` are sorted by (doc and code, start) with the running
    maximum of their ends per doc and code; a row ``[s, e)`` of ``a`` overlaps one of
    them when, among those of its doc and code that start before ``e``, the largest end
    exceeds ``s``.

    Examples
    --------
    >>> a = pd.DataFrame({"doc_id": ["d", "d", "d"], "code": ["A", "A", "B"], "start": [0, 10, 0], "end": [5, 12, 5]})
    >>> b = pd.DataFrame({"doc_id": ["d", "d"], "code": ["A", "A"], "start": [4, 20], "end": [9, 30]})
    >>> _matches(a, b).tolist()
    [True, False, False]
    """
    out = np.zeros(len(a), dtype=bool)
    if a.empty or b.empty:
        return out
    keys = pd.concat([a[["doc_id", "code"]], b[["doc_id", "code"]]], ignore_index=True)
    group = pd.MultiIndex.from_frame(keys).factorize()[0].astype(np.int64)
    group_a, group_b = group[: len(a)], group[len(a):]
    a_start, a_end = a["start"].to_numpy(np.int64), a["end"].to_numpy(np.int64)
    b_start, b_end = b["start"].to_numpy(np.int64), b["end"].to_numpy(np.int64)
    lowest = min(int(a_start.min()), int(b_start.min()), 0)
    span = int(max(a_end.max(), b_end.max(), a_start.max(), b_start.max())) - lowest + 2  # offsets within a group
    order = np.lexsort((b_start, group_b))
    b_key = group_b[order] * span + (b_start[order] - lowest)
    running_end = pd.Series(b_end[order]).groupby(group_b[order]).cummax().to_numpy()
    first = np.searchsorted(b_key, group_a * span, side="left")  # first row of the group (or past it)
    upto = np.searchsorted(b_key, group_a * span + (a_end - lowest), side="left")  # rows starting before the end
    hit = upto > first
    out[hit] = running_end[upto[hit] - 1] > a_start[hit]
    return out


def _ratio(n: int, d: int) -> float:
    return n / d if d else math.nan


def evaluate(
    codings: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    codebook: Any = None,
    level: int | None = None,
) -> pd.DataFrame:
    """Per-code precision, recall and F1 of ``codings`` against ``gold``.

    Parameters
    ----------
    codings
        The codings to judge (e.g. from :func:`researchkit.autocode`).
    gold
        Hand-coded codings (the gold standard). Only its documents are compared.
    codebook
        A :class:`~researchkit.codebook.Codebook`; needed for ``level`` and to add
        code names and codebook order.
    level
        Roll both tables up to this codebook level first (``1`` = top-level codes).

    Returns
    -------
    pandas.DataFrame
        One row per code that occurs in either table: ``code, gold, predicted,
        matched_gold, matched_predicted, precision, recall, f1`` (plus ``name`` with a
        codebook), in codebook order (else sorted by code).

    Raises
    ------
    EvaluationError
        ``RK230`` when ``level`` is given without a codebook, or the gold table is empty.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"doc_id": ["d"], "start": [0], "end": [5], "code": ["A"], "coder": "g", "source": "manual"})
    >>> evaluate(g.assign(coder="rules", source="rules"), g)["f1"].tolist()
    [1.0]
    """
    pred = validate_codings(codings, name="codings")
    ref = validate_codings(gold, name="gold")
    if ref.empty:
        raise EvaluationError("RK230", "the gold table has no rows, so there is nothing to compare against",
                              hint="pass the hand-coded gold codings (e.g. codebook/gold/gold_codings.csv)")
    if level is not None:
        if codebook is None:
            raise EvaluationError("RK230", f"level={level} needs the codebook to roll codes up",
                                  hint="pass codebook=Codebook.load(...)")
    docs = set(ref["doc_id"])
    pred = pred[pred["doc_id"].isin(docs)].reset_index(drop=True)  # (before the roll-up: it works row by row)
    if level is not None:
        pred = codebook.rollup(pred, level=level)
        ref = codebook.rollup(ref, level=level)
    key = ["doc_id", "start", "end", "code"]
    pred = pred.drop_duplicates(key).reset_index(drop=True)
    ref = ref.drop_duplicates(key).reset_index(drop=True)
    pred_hit = _matches(pred, ref)
    gold_hit = _matches(ref, pred)
    codes = sorted(set(pred["code"]) | set(ref["code"]))
    if codebook is not None:
        order = {cid: i for i, cid in enumerate(codebook.ids)}
        codes.sort(key=lambda c: (order.get(c, len(order)), c))
    rows = []
    for code in codes:
        p_mask = (pred["code"] == code).to_numpy()
        g_mask = (ref["code"] == code).to_numpy()
        n_pred, n_gold = int(p_mask.sum()), int(g_mask.sum())
        tp_pred, tp_gold = int(pred_hit[p_mask].sum()), int(gold_hit[g_mask].sum())
        precision, recall = _ratio(tp_pred, n_pred), _ratio(tp_gold, n_gold)
        if math.isnan(precision) or math.isnan(recall):
            f1 = math.nan
        elif precision + recall == 0:
            f1 = 0.0
        else:
            f1 = 2 * precision * recall / (precision + recall)
        rows.append((code, n_gold, n_pred, tp_gold, tp_pred, precision, recall, f1))
    frame = pd.DataFrame(rows, columns=EVALUATION_COLUMNS)
    if codebook is not None:
        names = {c.id: c.name for c in codebook.walk()}
        frame.insert(1, "name", frame["code"].map(names))
    return frame


def summarize(report: pd.DataFrame) -> dict[str, float]:
    """Micro- and macro-averaged precision, recall and F1 of an :func:`evaluate` table.

    Micro averages pool the counts of all codes; macro averages are the unweighted
    means over codes where the value is defined.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"gold": [2, 2], "predicted": [2, 0], "matched_gold": [2, 0], "matched_predicted": [2, 0],
    ...                   "precision": [1.0, float("nan")], "recall": [1.0, 0.0], "f1": [1.0, float("nan")]})
    >>> summarize(r)["micro_recall"]
    0.5
    """
    p = _ratio(int(report["matched_predicted"].sum()), int(report["predicted"].sum()))
    r = _ratio(int(report["matched_gold"].sum()), int(report["gold"].sum()))
    f1 = math.nan if math.isnan(p) or math.isnan(r) else (0.0 if p + r == 0 else 2 * p * r / (p + r))
    return {
        "codes": int(len(report)),
        "gold": int(report["gold"].sum()),
        "predicted": int(report["predicted"].sum()),
        "micro_precision": p,
        "micro_recall": r,
        "micro_f1": f1,
        "macro_precision": float(report["precision"].mean()) if report["precision"].notna().any() else math.nan,
        "macro_recall": float(report["recall"].mean()) if report["recall"].notna().any() else math.nan,
        "macro_f1": float(report["f1"].mean()) if report["f1"].notna().any() else math.nan,
    }

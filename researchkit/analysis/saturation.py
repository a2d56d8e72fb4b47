"""Saturation: how many codes are new in each interview, taken in interview order.

A code is *new* in an interview when no earlier interview (in the chosen order) was
coded with it. When the curve of cumulative codes flattens, further interviews add
little that is new: the usual argument for (code) saturation.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from researchkit.analysis._common import MISSING, check_codings, order_codes, roll_up
from researchkit.errors import AnalysisError

__all__ = ["saturation", "interview_order", "SATURATION_COLUMNS"]

SATURATION_COLUMNS = ["position", "doc_id", "codes", "new_codes", "new_code_ids", "cumulative_codes", "share_of_final"]


def interview_order(corpus: Any, order: str | Sequence[str] | None = None) -> list[str]:
    """Document ids in interview order.

    ``None``: corpus order. A string: the attribute column to sort by (e.g. ``"date"``;
    ties and missing values keep corpus order, missing last). A list: these documents,
    in this order (each must be in the corpus).

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("A", "x", attributes={"date": "2024-03-02"}),
    ...                  Transcript("B", "y", attributes={"date": "2024-01-15"})])
    >>> interview_order(corpus, "date")
    ['B', 'A']
    """
    docs = list(corpus.doc_ids)
    if order is None:
        return docs
    if isinstance(order, str):
        attrs = corpus.attributes
        if order not in attrs.columns:
            raise AnalysisError(
                "RK501", f"order={order!r} is not an attribute column (available: {', '.join(map(str, attrs.columns)) or 'none'})",
                hint="sort by an attribute such as 'date', or pass the doc_ids in interview order",
            )
        values = attrs[order].reindex(docs)
        keys = [(pd.isna(v) or str(v).strip() in ("", MISSING), str(v) if not pd.isna(v) else "", i) for i, v in enumerate(values)]
        return [docs[k[2]] for k in sorted(keys)]
    given = [str(d) for d in order]
    unknown = [d for d in given if d not in set(docs)]
    if unknown:
        raise AnalysisError("RK502", f"order names {len(unknown)} document(s) not in the corpus: {', '.join(unknown[:10])}",
                            hint="list doc_ids of the corpus")
    if len(set(given)) != len(given):
        raise AnalysisError("RK504", "order lists a document twice", hint="list every doc_id once")
    return given


def saturation(
    codings: pd.DataFrame,
    corpus: Any,
    *,
    order: str | Sequence[str] | None = None,
    level: int | None = None,
    codebook: Any = None,
    codes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """New codes per interview, in interview order (a saturation table).

    Parameters
    ----------
    codings, corpus
        The codings table and its corpus.
    order
        Interview order: ``None`` (corpus order), an attribute column such as
        ``"date"``, or a list of doc_ids (see :func:`interview_order`).
    level, codebook
        Roll codes up to this codebook level first (``level=2``: sub-themes).
    codes
        Count only these codes (after roll-up); default every code.

    Returns
    -------
    pandas.DataFrame
        One row per interview (also those without codings): ``position`` (1, 2, ...),
        ``doc_id``, ``codes`` (distinct codes in it), ``new_codes`` (codes not seen in
        an earlier interview), ``new_code_ids`` (them, comma-separated, codebook
        order), ``cumulative_codes`` and ``share_of_final`` (cumulative / all codes).

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "aa bb"), Transcript("R2", "cc dd")])
    >>> codings = pd.DataFrame({"doc_id": ["R1", "R1", "R2", "R2"], "start": [0, 3, 0, 3],
    ...                         "end": [2, 5, 2, 5], "code": ["A", "B", "B", "C"]})
    >>> saturation(codings, corpus)[["doc_id", "codes", "new_codes", "new_code_ids", "cumulative_codes"]]
      doc_id  codes  new_codes new_code_ids  cumulative_codes
    0     R1      2          2         A, B                 2
    1     R2      2          1            C                 3
    """
    docs = interview_order(corpus, order)
    frame = roll_up(check_codings(codings, corpus), codebook, level)
    if codes is not None:
        frame = frame[frame["code"].isin(set(codes))]
    frame = frame[frame["doc_id"].isin(set(docs))]
    position = {d: i for i, d in enumerate(docs)}
    pairs = frame[["doc_id", "code"]].drop_duplicates()
    pos = pairs["doc_id"].map(position).to_numpy(dtype=np.int64)
    pairs = pairs.assign(_pos=pos)
    first = pairs.groupby("code")["_pos"].min()
    per_doc = np.bincount(pos, minlength=len(docs)) if len(pos) else np.zeros(len(docs), dtype=np.int64)
    new = np.bincount(first.to_numpy(dtype=np.int64), minlength=len(docs)) if len(first) else np.zeros(len(docs), dtype=np.int64)
    ordered = order_codes(first.index.tolist(), codebook)
    rank = {c: i for i, c in enumerate(ordered)}
    new_ids = {p: [] for p in range(len(docs))}
    for code, p in sorted(first.items(), key=lambda kv: rank[kv[0]]):
        new_ids[int(p)].append(code)
    cumulative = np.cumsum(new)
    total = max(int(cumulative[-1]) if len(cumulative) else 0, 1)
    return pd.DataFrame({
        "position": np.arange(1, len(docs) + 1, dtype=np.int64),
        "doc_id": docs,
        "codes": per_doc.astype(np.int64),
        "new_codes": new.astype(np.int64),
        "new_code_ids": [", ".join(new_ids[p]) for p in range(len(docs))],
        "cumulative_codes": cumulative.astype(np.int64),
        "share_of_final": np.round(cumulative / total, 4),
    }, columns=SATURATION_COLUMNS)

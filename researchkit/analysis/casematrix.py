"""The case x code matrix for mixed methods: one row per case, one column per code.

A *case* is a document (interview), a respondent (documents sharing the
``respondent`` attribute), or a speaker within a document. Cells hold the number
of codings (``value="count"``) or 0/1 presence (``value="presence"``). Every case
is a row, also one without codings, so the matrix can go to SPSS or R as it is
(see :mod:`researchkit.query.export_matrix`).
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from researchkit.analysis._common import MISSING, check_codings, map_to_units, order_codes, respondent_ids, roll_up
from researchkit.errors import AnalysisError

__all__ = ["case_matrix", "CASES", "speaker_of_codings"]

#: What a row of the matrix can be.
CASES = ("document", "respondent", "speaker")


def speaker_of_codings(codings: pd.DataFrame, corpus: Any) -> pd.DataFrame:
    """Speaker and role of the first turn each coding overlaps (vectorised).

    A coding outside every turn (a header line, a speaker label) gets speaker
    ``"(unknown)"`` and role ``None``: it is counted, never dropped.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript, Turn
    >>> t = Transcript("R1", "I: Ja?\\nR: Nee.", turns=(Turn("I", "interviewer", 3, 6), Turn("R", "respondent", 10, 14)))
    >>> c = pd.DataFrame({"doc_id": ["R1"], "start": [10], "end": [14], "code": ["A"]})
    >>> speaker_of_codings(c, Corpus([t]))
      speaker        role  turn
    0       R  respondent     1
    """
    out = pd.DataFrame({"speaker": pd.Series([MISSING] * len(codings), dtype=object),
                        "role": pd.Series([None] * len(codings), dtype=object),
                        "turn": pd.array([pd.NA] * len(codings), dtype="Int64")})
    turns = corpus.turns
    if len(turns) == 0 or len(codings) == 0:
        return out
    frame = codings[["doc_id", "start", "end"]].reset_index(drop=True).copy()
    rows, unit_ids, units_sorted = map_to_units(frame, turns)
    valid = unit_ids < len(units_sorted)
    first = pd.Series(unit_ids[valid], index=rows[valid]).groupby(level=0).min()
    picked = units_sorted.iloc[first.to_numpy()]
    idx = first.index.to_numpy()
    out.loc[idx, "speaker"] = picked["speaker"].astype(str).to_numpy()
    out.loc[idx, "role"] = picked["role"].to_numpy()
    out.loc[idx, "turn"] = picked["turn"].to_numpy()
    return out


def _case_rows(corpus: Any, per: str) -> pd.DataFrame:
    """Every case of the corpus, in corpus order (so cases without codings are rows too)."""
    if per == "document":
        return pd.DataFrame({"doc_id": list(corpus.doc_ids)})
    if per == "respondent":
        ids = respondent_ids(corpus)
        return pd.DataFrame({"respondent": list(dict.fromkeys(ids.tolist()))})
    turns = corpus.turns
    rows = []
    for doc_id in corpus.doc_ids:
        sub = turns[turns["doc_id"] == doc_id] if len(turns) else turns
        seen = dict.fromkeys(zip(sub["speaker"].astype(str), sub["role"])) if len(sub) else {}
        rows += [(doc_id, s, r) for s, r in seen]
    return pd.DataFrame(rows, columns=["doc_id", "speaker", "role"])


def _columns(frame: pd.DataFrame, codes: Sequence[str] | None, codebook: Any, level: int | None) -> list[str]:
    """The code columns: as given; else the codebook's codes (at ``level``); else the codes coded."""
    if codes is not None:
        return list(dict.fromkeys(str(c) for c in codes))
    if codebook is not None:
        known = [getattr(c, "id", c) for c in codebook.walk()]
        if level is not None:
            known = sorted(set(roll_up(pd.DataFrame({"code": known}), codebook, level)["code"]), key=known.index)
        return order_codes(set(known) | set(frame["code"]), codebook)
    return order_codes(frame["code"])


def case_matrix(
    codings: pd.DataFrame,
    corpus: Any,
    *,
    per: str = "document",
    value: str = "count",
    codes: Sequence[str] | None = None,
    level: int | None = None,
    codebook: Any = None,
    attributes: bool = True,
) -> pd.DataFrame:
    """A case x code matrix: counts of codings or 0/1 presence per case.

    Parameters
    ----------
    codings, corpus
        The codings table and its corpus.
    per
        ``"document"`` (default), ``"respondent"`` or ``"speaker"`` (one row per
        speaker per document; a coding belongs to the turn it starts in).
    value
        ``"count"`` (number of codings) or ``"presence"`` (1 when coded at least once).
    codes
        The code columns, in this order; default every code of the codebook (at
        ``level`` when given) or, without one, every code in the codings.
    level, codebook
        Roll codes up to this level first; the codebook also orders the columns.
    attributes
        Add the corpus attributes after the case columns (for documents and speakers).

    Returns
    -------
    pandas.DataFrame
        Case columns (``doc_id``; ``respondent``; or ``doc_id, speaker, role``), then
        the attributes, then one integer column per code. Every case is a row.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "aa bb", attributes={"port": "Harlingen"}), Transcript("R2", "cc")])
    >>> codings = pd.DataFrame({"doc_id": ["R1", "R1"], "start": [0, 3], "end": [2, 5], "code": ["A", "A"]})
    >>> case_matrix(codings, corpus)
      doc_id       port  A
    0     R1  Harlingen  2
    1     R2        NaN  0
    >>> case_matrix(codings, corpus, value="presence", attributes=False)["A"].tolist()
    [1, 0]
    """
    if per not in CASES:
        raise AnalysisError("RK504", f"per={per!r} is not one of {', '.join(CASES)}", hint="choose one of the listed cases")
    if value not in ("count", "presence"):
        raise AnalysisError("RK504", f"value={value!r} is not 'count' or 'presence'", hint="use value='count' or value='presence'")
    frame = roll_up(check_codings(codings, corpus), codebook, level)
    columns = _columns(frame, codes, codebook, level)
    frame = frame[frame["code"].isin(set(columns))].reset_index(drop=True)
    cases = _case_rows(corpus, per)
    keys = list(cases.columns) if per != "speaker" else ["doc_id", "speaker"]
    if per == "respondent":
        frame["respondent"] = respondent_ids(corpus).reindex(frame["doc_id"]).to_numpy()
    elif per == "speaker":
        info = speaker_of_codings(frame, corpus)
        frame["speaker"] = info["speaker"].to_numpy()
        extra = frame.loc[info["role"].isna().to_numpy(), ["doc_id", "speaker"]].drop_duplicates()
        if len(extra):  # codings outside every turn: a "(unknown)" speaker row of their own
            cases = pd.concat([cases, extra.assign(role=None)], ignore_index=True)
            order = {d: i for i, d in enumerate(corpus.doc_ids)}
            cases = cases.assign(_o=cases["doc_id"].map(order)).sort_values("_o", kind="mergesort").drop(columns="_o").reset_index(drop=True)
    counts = frame.groupby(keys + ["code"], sort=False).size().unstack("code", fill_value=0)
    counts = counts.reindex(columns=columns, fill_value=0)
    matrix = cases.merge(counts, left_on=keys, right_index=True, how="left") if len(counts) else cases.assign(**{c: 0 for c in columns})
    matrix[columns] = matrix[columns].fillna(0).astype(np.int64)
    if value == "presence":
        matrix[columns] = (matrix[columns] > 0).astype(np.int64)
    if attributes and per != "respondent":
        attrs = corpus.attributes
        extra_cols = [c for c in attrs.columns if c not in matrix.columns and c not in columns]
        if extra_cols:
            joined = attrs[extra_cols].reindex(matrix["doc_id"]).reset_index(drop=True)
            matrix = pd.concat([matrix[list(cases.columns)].reset_index(drop=True), joined, matrix[columns].reset_index(drop=True)], axis=1)
    matrix.columns.name = None
    return matrix.reset_index(drop=True)

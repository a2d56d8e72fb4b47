"""Who mentions what: code frequencies per respondent group, and the crosstab.

A *respondent* is a document (one interview = one respondent), unless the corpus
attributes have a ``respondent`` column: documents with the same value there count as
one respondent (e.g. a respondent interviewed twice). With ``per="speaker"`` every
respondent speaker of a document is a respondent (focus groups; see
:mod:`researchkit.analysis.speakercases`).
"""

from __future__ import annotations

import warnings
from typing import Any, Sequence

import numpy as np
import pandas as pd

from researchkit.analysis._common import (
    as_list,
    attribute_frame,
    check_codings,
    code_names,
    order_codes,
    respondent_ids,
    roll_up,
    sort_key,
)
from researchkit.analysis.speakercases import check_per, speaker_cases, unattributed_message
from researchkit.errors import AnalysisError, AnalysisWarning

__all__ = ["frequencies", "crosstab", "FREQUENCY_COLUMNS"]

#: Count columns of :func:`frequencies` (after the code and group columns).
FREQUENCY_COLUMNS = ["codings", "documents", "respondents", "n_respondents", "share", "row_pct", "col_pct"]


def _distinct_per_cell(cell: np.ndarray, item: np.ndarray, n_cells: int, n_items: int) -> np.ndarray:
    """Number of distinct ``item`` values per ``cell`` (integer arrays), vectorised."""
    if len(cell) == 0:
        return np.zeros(n_cells, dtype=np.int64)
    width = max(n_items, 1)
    key = cell.astype(np.int64) * width + item
    if n_cells * width <= 50_000_000:  # a presence bitmap is fastest while it fits in memory
        seen = np.zeros(n_cells * width, dtype=bool)
        seen[key] = True
        return seen.reshape(n_cells, width).sum(axis=1).astype(np.int64)
    pairs = np.unique(key)
    return np.bincount(pairs // width, minlength=n_cells).astype(np.int64)


def frequencies(
    codings: pd.DataFrame,
    corpus: Any,
    *,
    by: str | Sequence[str] | None = None,
    level: int | None = None,
    codebook: Any = None,
    codes: Sequence[str] | None = None,
    per: str = "document",
) -> pd.DataFrame:
    """Count, per code (and per attribute group), the codings, documents and respondents.

    Parameters
    ----------
    codings
        A codings table (``doc_id, start, end, code`` at least).
    corpus
        The corpus the codings were made on; its attributes give the groups and the
        number of respondents per group (also those who never mention the code).
    by
        An attribute column (``"group"``) or several (``["port", "group"]``).
    level
        Roll codes up to this codebook level first (1 = top); needs ``codebook``.
    codebook
        Gives the order of the codes and, with ``level``, the roll-up.
    codes
        Report exactly these codes (in this order), with zeros for codes never coded.
    per
        What a respondent is: ``"document"`` (default; one interview, or the documents
        sharing a ``respondent`` attribute) or ``"speaker"`` (every respondent speaker of
        every document: focus-group participants, with the speaker sheet's attributes
        before the document's; a coding counts for the first respondent turn it
        overlaps). Codings on no respondent's turn (a moderator's question) are then not
        counted: an ``AnalysisWarning`` says how many, and ``attrs["unattributed"]``
        lists them as ``(doc_id, start, end, code)`` tuples.

    Returns
    -------
    pandas.DataFrame
        One row per code (x group), complete (zero rows included), columns
        ``code, name, [by ...], codings, documents, respondents, n_respondents, share,
        row_pct, col_pct``:

        - ``codings``: coded segments; ``documents``: documents with at least one;
          ``respondents``: distinct respondents mentioning the code;
        - ``n_respondents``: respondents in the group (all respondents without ``by``);
        - ``share = respondents / n_respondents`` (``"7 of 12 entrepreneurs"``);
        - ``col_pct = 100 * share`` (column percentage: base = the group);
        - ``row_pct``: the group's respondents as a percentage of all respondents
          mentioning the code (row percentage: base = the code); 100 without ``by``.

        Rows are ordered by code (codebook order, else alphabetical) and group.

    Raises
    ------
    AnalysisError
        ``RK501`` if a ``by`` column is not an attribute (the message lists them),
        ``RK502`` for codings on unknown documents, ``RK503``/``RK505`` for roll-up problems,
        ``RK504`` for an unknown ``per``.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "aa bb", attributes={"group": "politie"}),
    ...                  Transcript("R2", "cc dd", attributes={"group": "ondernemer"})])
    >>> codings = pd.DataFrame({"doc_id": ["R1", "R1", "R2"], "start": [0, 3, 0],
    ...                         "end": [2, 5, 2], "code": ["SIG", "SIG", "VERM"]})
    >>> frequencies(codings, corpus)[["code", "codings", "respondents", "share"]]
       code  codings  respondents  share
    0   SIG        2            1    0.5
    1  VERM        1            1    0.5

    A focus group: each participant is a respondent.

    >>> from researchkit.transcripts import Turn
    >>> fg = Transcript("F1", "A: ja\\nB: nee", turns=(Turn("A", "respondent", 3, 5), Turn("B", "respondent", 9, 12)))
    >>> one = pd.DataFrame({"doc_id": ["F1"], "start": [3], "end": [5], "code": ["SIG"]})
    >>> frequencies(one, Corpus([fg]), per="speaker")[["code", "respondents", "n_respondents"]].values.tolist()
    [['SIG', 1, 2]]
    """
    check_per(per)
    by_cols = as_list(by)
    frame = check_codings(codings, corpus)
    frame = roll_up(frame, codebook, level)
    all_codes = list(dict.fromkeys(codes)) if codes is not None else order_codes(frame["code"], codebook)
    k = len(all_codes)

    # everything is counted on integer keys: code x group cells, cases (documents or speakers), respondents
    docs = list(corpus.doc_ids)
    attributes = corpus.attributes  # built once per call (the corpus makes a new table on every access)
    unattributed = None
    if per == "speaker":
        found = speaker_cases(frame, corpus, by_cols, attributes=attributes)
        resp_idx, resp_uniques = pd.factorize(found.cases["respondent"].to_numpy(dtype=object))
        group_order, case_group = _group_numbers(found.cases, by_cols)
        case_of_coding = found.coding_case
        unattributed = found.unattributed
        if len(unattributed):
            warnings.warn(unattributed_message(unattributed), AnalysisWarning, stacklevel=2)
    else:
        resp = respondent_ids(corpus, attributes=attributes).reindex(docs)
        resp_idx, resp_uniques = pd.factorize(resp.to_numpy(dtype=object))
        group_order, case_group = _groups(corpus, by_cols, docs, attributes)
        case_of_coding = None
    n_groups = len(group_order)
    n_resp = len(resp_uniques)

    code_i = pd.Index(all_codes).get_indexer(frame["code"].to_numpy(dtype=object))
    doc_i = pd.Index(docs).get_indexer(frame["doc_id"].to_numpy(dtype=object))
    case_i = doc_i if case_of_coding is None else case_of_coding
    keep = (code_i >= 0) & (case_i >= 0)  # with codes=..., other codes are left out on request
    code_i, doc_i, case_i = code_i[keep].astype(np.int64), doc_i[keep].astype(np.int64), case_i[keep].astype(np.int64)
    cell = code_i * n_groups + case_group[case_i]
    r_i = resp_idx[case_i].astype(np.int64)
    n_cells = k * n_groups
    counts = np.bincount(cell, minlength=n_cells).astype(np.int64) if len(cell) else np.zeros(n_cells, np.int64)
    documents = _distinct_per_cell(cell, doc_i, n_cells, len(docs))
    respondents = _distinct_per_cell(cell, r_i, n_cells, n_resp)
    code_resp = _distinct_per_cell(code_i, r_i, k, n_resp)  # per code over all groups (row percentage)
    group_sizes = _distinct_per_cell(case_group, resp_idx.astype(np.int64), n_groups, n_resp)

    names = code_names(all_codes, codebook)
    code_col = np.repeat(np.array(all_codes, dtype=object), n_groups)
    columns: dict[str, Any] = {"code": code_col}
    for j, col in enumerate(by_cols):
        columns[col] = np.tile(np.array([g[j] for g in group_order], dtype=object), k)
    n_respondents = np.tile(group_sizes, k).astype(np.int64)
    resp_f = respondents.astype(float)
    n = n_respondents.astype(float)
    share = np.divide(resp_f, n, out=np.zeros(len(n)), where=n > 0)
    totals = np.repeat(code_resp.astype(float), n_groups)
    columns.update({
        "codings": counts.astype(np.int64), "documents": documents.astype(np.int64),
        "respondents": respondents.astype(np.int64), "n_respondents": n_respondents, "share": share,
        "row_pct": 100 * np.divide(resp_f, totals, out=np.zeros(len(n)), where=totals > 0), "col_pct": 100 * share,
    })
    out = pd.DataFrame(columns)
    out.insert(1, "name", out["code"].map(names))
    if unattributed is not None:
        # plain tuples: a DataFrame in attrs breaks pandas' own comparisons of attrs (concat)
        out.attrs["unattributed"] = list(unattributed.itertuples(index=False, name=None))
    return out


def _groups(corpus: Any, by_cols: list[str], docs: list[str], attributes: pd.DataFrame) -> tuple[list[tuple], np.ndarray]:
    """The groups of ``by_cols`` in display order, and each document's group number."""
    if not by_cols:
        return [()], np.zeros(len(docs), dtype=np.int64)
    return _group_numbers(attribute_frame(corpus, by_cols, attributes=attributes).reindex(docs), by_cols)


def _group_numbers(attrs: pd.DataFrame, by_cols: list[str]) -> tuple[list[tuple], np.ndarray]:
    """The groups of ``by_cols`` (string columns of ``attrs``, one row per case) in display order, and each row's group number."""
    if not by_cols:
        return [()], np.zeros(len(attrs), dtype=np.int64)
    levels = [sort_key(attrs[c]) for c in by_cols]
    rows = list(zip(*(attrs[c].tolist() for c in by_cols)))
    rank = [{v: i for i, v in enumerate(lv)} for lv in levels]
    group_order = sorted(set(rows), key=lambda g: tuple(r[v] for r, v in zip(rank, g)))
    gpos = {g: i for i, g in enumerate(group_order)}
    return group_order, np.array([gpos[r] for r in rows], dtype=np.int64)


_VALUES = ("codings", "documents", "respondents", "share", "row_pct", "col_pct", "label")


def crosstab(
    codings: pd.DataFrame,
    corpus: Any,
    *,
    by: str | Sequence[str],
    value: str = "respondents",
    level: int | None = None,
    codebook: Any = None,
    codes: Sequence[str] | None = None,
    total: bool = True,
    per: str = "document",
) -> pd.DataFrame:
    """The code x group table researchers report, in wide form.

    Parameters
    ----------
    codings, corpus, by, level, codebook, codes, per
        As in :func:`frequencies` (``by`` is required).
    value
        Cell content: ``"respondents"`` (default), ``"codings"``, ``"documents"``,
        ``"share"``, ``"row_pct"``, ``"col_pct"`` or ``"label"`` (text such as
        ``"7/12 (58%)"``: respondents mentioning the code / respondents in the group).
    total
        Add a ``"total"`` column computed over all respondents.

    Returns
    -------
    pandas.DataFrame
        Index ``code`` (codebook order), one column per group (a MultiIndex for
        several ``by`` columns), plus ``total``.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "aa", attributes={"group": "politie"}),
    ...                  Transcript("R2", "bb", attributes={"group": "ondernemer"}),
    ...                  Transcript("R3", "cc", attributes={"group": "ondernemer"})])
    >>> codings = pd.DataFrame({"doc_id": ["R1", "R2"], "start": [0, 0], "end": [2, 2],
    ...                         "code": ["SIG", "SIG"]})
    >>> crosstab(codings, corpus, by="group", value="label")  # doctest: +NORMALIZE_WHITESPACE
    group   ondernemer      politie        total
    code
    SIG     1/2 (50%)   1/1 (100%)   2/3 (67%)
    """
    by_cols = as_list(by)
    if not by_cols:
        raise AnalysisError("RK504", "crosstab needs by= (an attribute column)", hint="e.g. by='group'")
    if value not in _VALUES:
        raise AnalysisError("RK504", f"value={value!r} is not one of {', '.join(_VALUES)}", hint="choose one of the listed values")
    with warnings.catch_warnings(record=True) as said:  # said once below, not once per call
        warnings.simplefilter("always", AnalysisWarning)
        long = frequencies(codings, corpus, by=by_cols, level=level, codebook=codebook, codes=codes, per=per)
    code_order = list(dict.fromkeys(long["code"]))

    def cell(frame: pd.DataFrame) -> pd.Series:
        if value == "label":
            pct = (100 * frame["share"]).round().astype(int).astype(str)
            return frame["respondents"].astype(str) + "/" + frame["n_respondents"].astype(str) + " (" + pct + "%)"
        return frame[value]

    long = long.assign(_cell=cell(long))
    group_order = list(dict.fromkeys(tuple(r) if len(by_cols) > 1 else r[0] for r in long[by_cols].itertuples(index=False)))
    wide = long.pivot(index="code", columns=by_cols if len(by_cols) > 1 else by_cols[0], values="_cell")
    wide = wide.reindex(index=code_order, columns=group_order)
    if total:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", AnalysisWarning)
            overall = frequencies(codings, corpus, level=level, codebook=codebook, codes=code_order, per=per)
        column: Any = ("total",) + ("",) * (len(by_cols) - 1) if len(by_cols) > 1 else "total"
        wide[column] = cell(overall).to_numpy()
    wide.index.name = "code"
    for warning in said:
        warnings.warn(warning.message, warning.category, stacklevel=2)
    if "unattributed" in long.attrs:
        wide.attrs["unattributed"] = long.attrs["unattributed"]
    return wide

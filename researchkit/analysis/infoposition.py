"""Study views no QDA tool gives out of the box: the information position per partner,
candidate white spots, and the partner network behind cooperation passages.

All three work with any codebook: the user names the branches (the defaults follow the
demo codebook ``codebook/havens.yaml``: ``ACT`` partners, ``INFO.1``-``INFO.5``
information-position dimensions, ``VERM`` suspicions, ``SIG`` signals, ``FEN``
phenomena, ``SAM`` cooperation). A code "belongs to" a branch when it is the branch
code or one of its descendants (the codebook decides; without one, dotted ids do).
Codes meet when they are applied in the same unit (default: the same sentence).

A respondent is a document (one interview), or, with ``per="speaker"``, every respondent
speaker of a document (focus-group participants, with the speaker sheet's attributes
before the document's; :mod:`researchkit.analysis.speakercases`). Counting per speaker,
codes meet when they are applied in the same unit *and* belong to the same participant
(a coding belongs to the first respondent turn it overlaps); codings on no respondent's
turn (a moderator's question) are not counted, with an ``AnalysisWarning`` and the list
in ``attrs["unattributed"]``.
"""

from __future__ import annotations

import warnings
from typing import Any, Mapping

import numpy as np
import pandas as pd

from researchkit.analysis._common import (
    TEXT_UNITS,
    branch_children,
    check_codings,
    check_unit,
    code_names,
    codebook_order,
    in_branch,
    order_codes,
    require_corpus,
    sort_key,
    unit_incidence,
)
from researchkit.analysis.speakercases import SpeakerCases, check_per, counted_codings, sheet_columns
from researchkit.errors import AnalysisError, AnalysisWarning

__all__ = [
    "information_position",
    "white_spots",
    "partner_network",
    "partner_graph",
    "DEFAULT_DIMENSIONS",
]

#: Information-position dimensions of the demo codebook (name -> code).
DEFAULT_DIMENSIONS: dict[str, str] = {
    "gather": "INFO.1",
    "record": "INFO.2",
    "enrich": "INFO.3",
    "share": "INFO.4",
    "use": "INFO.5",
}

_UNITS = TEXT_UNITS + ("document",)


class _Incidence:
    """Which codes occur in which unit (and whose they are), and the text of each unit.

    Codes *meet* in a unit of one case: ``meet`` numbers the pairs (unit, case). The case of a
    coding is its document's (``case=None``: a unit lies in one document, so a meeting is a
    unit) or, counting per speaker, its participant's (``case``: one number per codings row).
    """

    def __init__(self, frame: pd.DataFrame, corpus: Any, unit: str, units_table: pd.DataFrame | None,
                 case: np.ndarray | None = None) -> None:
        check_unit(unit, _UNITS)
        require_corpus(corpus, "this analysis")
        self.frame = frame
        self.unit = unit
        rows, unit_ids, units_sorted = unit_incidence(frame, corpus, unit, units_table)
        self.units_sorted = units_sorted
        if case is None:
            case = pd.factorize(frame["doc_id"].to_numpy(dtype=object))[0]
        cases = np.asarray(case, dtype=np.int64)[rows]
        width = int(cases.max()) + 1 if len(cases) else 1
        self.table = pd.DataFrame(
            {"unit_id": unit_ids, "row": rows, "doc_id": frame["doc_id"].to_numpy()[rows], "code": frame["code"].to_numpy()[rows],
             "case": cases, "meet": unit_ids.astype(np.int64) * width + cases}
        )
        self.texts = corpus.texts()

    def with_codes(self, mapping: Mapping[str, str], name: str) -> pd.DataFrame:
        """Distinct ``unit_id, meet, doc_id, case, <name>`` for codes in ``mapping`` (code -> value), one per meeting."""
        t = self.table[self.table["code"].isin(mapping.keys())]
        out = pd.DataFrame({"unit_id": t["unit_id"], "meet": t["meet"], "doc_id": t["doc_id"], "case": t["case"],
                            name: t["code"].map(mapping)})
        return out.drop_duplicates(["meet", name]).reset_index(drop=True)

    def with_attribute(self, values: np.ndarray, name: str, units: pd.DataFrame) -> pd.DataFrame:
        """``unit_id, meet, doc_id, case, <name>`` giving each meeting of ``units`` its case's attribute
        (``values``: one per case)."""
        out = units[["unit_id", "meet", "doc_id", "case"]].drop_duplicates("meet").copy()
        out[name] = np.asarray(values, dtype=object)[out["case"].to_numpy(dtype=np.int64)]
        return out.reset_index(drop=True)

    def flag(self, branch: str, codebook: Any) -> set[int]:
        """The meetings (``meet``) with a code of ``branch``."""
        codes = {c for c in set(self.table["code"].unique().tolist()) if in_branch(c, branch, codebook)}
        return set(self.table.loc[self.table["code"].isin(codes), "meet"].tolist())

    def unit_text(self, unit_id: int, doc_id: str, only_codes: set[str] | None = None, case: int | None = None) -> str:
        """The text of a unit; for a whole document (or a coding inside no unit) its coded spans joined by ``[…]``,
        with ``case`` only that case's."""
        if self.units_sorted is not None and unit_id < len(self.units_sorted):
            u = self.units_sorted.iloc[unit_id]
            return self.texts[u["doc_id"]][int(u["start"]) : int(u["end"])]
        t = self.table[self.table["unit_id"] == unit_id]
        if case is not None:
            t = t[t["case"] == case]
        if only_codes is not None:
            t = t[t["code"].isin(only_codes)] if t["code"].isin(only_codes).any() else t
        rows = self.frame.iloc[sorted(set(t["row"]))]
        spans = sorted(set(zip(rows["start"], rows["end"])))
        return " […] ".join(self.texts[doc_id][s:e] for s, e in spans)

    def unit_order(self, unit_ids: pd.Series, doc_ids: pd.Series, corpus_order: dict[str, int]) -> np.ndarray:
        return np.lexsort((unit_ids.to_numpy(), doc_ids.map(corpus_order).to_numpy()))


def _cases(frame: pd.DataFrame, corpus: Any, per: str, by: list[str]) -> tuple[pd.DataFrame, np.ndarray, SpeakerCases, pd.DataFrame]:
    """:func:`researchkit.analysis.speakercases.counted_codings`, the warning pointing at the analysis' caller."""
    require_corpus(corpus, "this analysis")
    return counted_codings(frame, corpus, per, by=by, stacklevel=4)


def _attribute_names(corpus: Any, per: str) -> set[str]:
    """The names that are attributes of a case: the document's, ``doc_id``, and counting per speaker the speaker sheet's."""
    names = set(map(str, corpus.attributes.columns)) | {"doc_id"} if corpus is not None else {"doc_id"}
    return names | set(sheet_columns(corpus)) if per == "speaker" and corpus is not None else names


def _with_unattributed(out: pd.DataFrame, per: str, found: SpeakerCases) -> pd.DataFrame:
    """Counting per speaker, ``out.attrs["unattributed"]``: the codings counted for nobody, as plain tuples."""
    if per == "speaker":
        out.attrs["unattributed"] = list(found.unattributed.itertuples(index=False, name=None))
    return out


def _check_branch(frame: pd.DataFrame, branch: str, codebook: Any, what: str) -> None:
    present = any(in_branch(c, branch, codebook) for c in set(frame["code"].unique().tolist()))
    in_cb = codebook is not None and branch in set(codebook_order(codebook))
    if not present and not in_cb:
        tops = sorted({c.split(".")[0] for c in frame["code"]})
        raise AnalysisError(
            "RK503",
            f"{what}={branch!r} matches no code in the codings" + ("" if codebook is None else " and is not in the codebook"),
            hint=f"name a branch that exists (top-level codes in the codings: {', '.join(tops[:20])})",
        )


def _children(frame: pd.DataFrame, branch: str, codebook: Any) -> tuple[dict[str, str], list[str]]:
    """``(code -> child-of-branch, ordered children)``; with a codebook all children are listed."""
    mapping = branch_children(set(frame["code"].unique().tolist()), branch, codebook)
    values = set(mapping.values())
    if codebook is not None and branch in set(codebook_order(codebook)):
        level = int(codebook[branch].level)
        for child in codebook.descendants(branch):
            child_id = str(getattr(child, "id", child))
            if int(codebook[child_id].level) == level + 1:
                values.add(child_id)
    return mapping, order_codes(values, codebook)


def information_position(
    codings: pd.DataFrame,
    corpus: Any,
    *,
    partners: str = "ACT",
    dimensions: Mapping[str, str] | None = None,
    partner_attribute: str | None = None,
    unit: str = "sentence",
    codebook: Any = None,
    units_table: pd.DataFrame | None = None,
    per: str = "document",
) -> pd.DataFrame:
    """Partners x information-position dimensions: how often, and by whom, each
    partner's gathering, recording, enriching, sharing and use of information is discussed.

    Parameters
    ----------
    codings, corpus
        The codings table and its corpus.
    partners
        Branch whose children are the partners (default ``"ACT"``: ``ACT.POL``,
        ``ACT.KMAR`` ...; deeper codes such as ``ACT.POL.BT`` count for ``ACT.POL``).
        A partner and a dimension meet when both are coded in the same unit.
    dimensions
        Dimension name -> code (its sub-codes count too). Default
        :data:`DEFAULT_DIMENSIONS` (``gather: INFO.1 ... use: INFO.5``), in that order.
    partner_attribute
        Instead of partner codes, use this respondent attribute (e.g.
        ``"organisation"``): what the respondents of each organisation say about each
        dimension. Counting per speaker, a speaker-sheet column will do too, and each
        participant has their own value.
    unit
        ``"sentence"`` (default), ``"turn"``, ``"paragraph"`` or ``"document"``.
    codebook
        Decides the branches, orders the partners and lists partners never coded.
    units_table
        A precomputed :func:`researchkit.units.units` table to reuse.
    per
        What a respondent is: ``"document"`` (default) or ``"speaker"`` (every respondent
        speaker of a focus group, as in :func:`researchkit.analysis.frequencies`). Counting
        per speaker a partner and a dimension meet only in a unit where the same participant
        has both; codings on no respondent's turn are not counted: an ``AnalysisWarning``
        says how many, ``attrs["unattributed"]`` lists them (``doc_id, start, end, code``).

    Returns
    -------
    pandas.DataFrame
        One row per partner x dimension, complete (zeros included): ``partner,
        partner_name, dimension, code, passages`` (units where both are coded),
        ``documents, respondents`` and ``respondent_ids`` (``"; "``-joined, sorted;
        counting per speaker a participant is ``"<doc_id>: <speaker>"`` unless the
        speaker sheet's ``respondent`` column or a single respondent speaker says otherwise).

    Raises
    ------
    AnalysisError
        ``RK501`` for an unknown ``partner_attribute``, ``RK503`` for branches that match
        nothing, ``RK504`` for empty dimensions or an unknown ``per``.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "De Douane deelt weinig. Er zijn camera's.")])
    >>> codings = pd.DataFrame({"doc_id": ["R1", "R1", "R1"], "start": [0, 0, 24],
    ...                         "end": [23, 23, 41], "code": ["ACT.DOU", "INFO.4", "INFO.1"]})
    >>> out = information_position(codings, corpus)
    >>> out[["partner", "dimension", "passages", "respondent_ids"]]  # doctest: +NORMALIZE_WHITESPACE
       partner dimension  passages respondent_ids
    0  ACT.DOU    gather         0
    1  ACT.DOU    record         0
    2  ACT.DOU    enrich         0
    3  ACT.DOU     share         1             R1
    4  ACT.DOU       use         0
    """
    check_per(per)
    dims = dict(DEFAULT_DIMENSIONS if dimensions is None else dimensions)
    if not dims:
        raise AnalysisError("RK504", "dimensions is empty", hint="name at least one dimension, e.g. {'share': 'INFO.4'}")
    frame = check_codings(codings, corpus)
    problems = []
    for code in dims.values():
        try:
            _check_branch(frame, code, codebook, "dimension")
        except AnalysisError as exc:
            problems.append(exc)
    if len(problems) == len(dims):  # one silent dimension is a finding; all of them a mistake
        raise problems[0]
    check_unit(unit, _UNITS)
    require_corpus(corpus, "this analysis")
    if partner_attribute is None:
        _check_branch(frame, partners, codebook, "partners")
    full = frame  # every coding: the partners listed (counting per speaker, also those only a moderator named)
    frame, case, found, values = _cases(frame, corpus, per, [] if partner_attribute is None else [partner_attribute])
    inc = _Incidence(frame, corpus, unit, units_table, case)
    dim_map: dict[str, str] = {}
    for name, dcode in dims.items():
        for c in set(frame["code"].unique().tolist()):
            if in_branch(c, dcode, codebook) and c not in dim_map:
                dim_map[c] = name
    dim_units = inc.with_codes(dim_map, "dimension")
    if partner_attribute is not None:
        part_units = inc.with_attribute(values[partner_attribute].to_numpy(dtype=object), "partner", dim_units)
        partner_order = sort_key(values[partner_attribute])
        names = {p: p for p in partner_order}
    else:
        mapping, partner_order = _children(full, partners, codebook)
        part_units = inc.with_codes(mapping, "partner")
        names = code_names(partner_order, codebook)
    cells = part_units.merge(dim_units[["meet", "dimension"]], on="meet")
    cells["respondent"] = found.cases["respondent"].to_numpy(dtype=object)[cells["case"].to_numpy(dtype=np.int64)]
    grouped = cells.groupby(["partner", "dimension"])
    agg = pd.DataFrame(
        {
            "passages": grouped["unit_id"].nunique(),
            "documents": grouped["doc_id"].nunique(),
            "respondents": grouped["respondent"].nunique(),
            "respondent_ids": grouped["respondent"].agg(lambda s: "; ".join(sorted(set(map(str, s))))),
        }
    )
    grid = pd.MultiIndex.from_product([partner_order, list(dims)], names=["partner", "dimension"])
    out = agg.reindex(grid).reset_index()
    for col in ("passages", "documents", "respondents"):
        out[col] = out[col].fillna(0).astype("int64")
    out["respondent_ids"] = out["respondent_ids"].fillna("")
    out.insert(1, "partner_name", out["partner"].map(names))
    out.insert(3, "code", out["dimension"].map(dims))
    return _with_unattributed(out, per, found)


def _is_attribute(spec: str, names: set[str]) -> bool:
    """Whether a ``rows``/``cols`` value of :func:`white_spots` is an attribute (``"phenomenon"`` never is)."""
    return spec != "phenomenon" and spec in names


def _axis(frame: pd.DataFrame, corpus: Any, inc: _Incidence, spec: str, codebook: Any, name: str, *, phenomena: str,
          cases: pd.DataFrame, per: str = "document") -> tuple[pd.DataFrame, list[str], str]:
    """Rows or columns of :func:`white_spots`: an attribute of the cases (a column of ``cases``: their values), or the
    children of a branch (``frame``: every coding, also those counted for nobody)."""
    attrs = corpus.attributes if corpus is not None else pd.DataFrame()
    if spec == "phenomenon":
        spec_branch = phenomena
    elif spec in cases.columns:
        values = cases[spec]
        units = inc.table[["unit_id", "meet", "doc_id", "case"]]
        return inc.with_attribute(values.to_numpy(dtype=object), name, units), sort_key(values), "attribute"
    else:
        spec_branch = spec
    present = any(in_branch(c, spec_branch, codebook) for c in set(frame["code"].unique().tolist()))
    in_cb = codebook is not None and spec_branch in set(codebook_order(codebook))
    if not present and not in_cb:
        spoken = (f", nor a speaker attribute (available: {', '.join(map(str, sheet_columns(corpus))) or 'none; no speakers sheet'})"
                  if per == "speaker" else "")
        raise AnalysisError(
            "RK501",
            f"{name}={spec!r} is neither an attribute column (available: {', '.join(map(str, attrs.columns)) or 'none'}){spoken} "
            f"nor a code branch in the codings",
            hint="name an attribute such as 'port', a branch such as 'HAV', or 'phenomenon'",
        )
    mapping, order = _children(frame, spec_branch, codebook)
    return inc.with_codes(mapping, name), order, "codes"


def white_spots(
    codings: pd.DataFrame,
    corpus: Any,
    *,
    rows: str = "port",
    cols: str = "phenomenon",
    suspicion: str = "VERM",
    signal: str = "SIG",
    phenomena: str = "FEN",
    unit: str = "sentence",
    codebook: Any = None,
    units_table: pd.DataFrame | None = None,
    per: str = "document",
) -> pd.DataFrame:
    """Suspicions versus concrete signals per cell (e.g. port x phenomenon), flagging
    cells with suspicions but no signals: candidate white spots ("witte vlekken").

    Parameters
    ----------
    codings, corpus
        The codings table and its corpus.
    rows, cols
        Each either an attribute column (``"port"``: the port the interview is about),
        ``"phenomenon"`` (the children of ``phenomena``), or a code branch (``"HAV"``:
        the port *mentioned* in the unit). Counting per speaker, a speaker-sheet column
        is an attribute too, and each participant has their own value (the document's
        where the sheet gives none).
    suspicion, signal, phenomena
        The branches of suspicions, concrete signals and crime phenomena.
    unit
        A suspicion counts for a cell when a suspicion code and the cell's codes meet in
        the same unit (default: sentence).
    codebook, units_table, per
        As in :func:`information_position` (counting per speaker, codes meet in a unit
        when the same participant has them).

    Returns
    -------
    pandas.DataFrame
        One row per cell (complete grid): ``<rows>, <cols>, mentions`` (units with
        both), ``suspicions, signals`` (of those, units with a suspicion / signal code),
        ``documents, respondents``, ``white_spot`` (``suspicions > 0 and signals == 0``).
        Column names are the ``rows``/``cols`` arguments (``port``, ``phenomenon``).
        Counting per speaker, ``attrs["unattributed"]`` lists the codings counted for nobody.

    Raises
    ------
    AnalysisError
        ``RK501`` when ``rows``/``cols`` is neither an attribute nor a branch, ``RK504`` for
        equal ``rows`` and ``cols`` or an unknown ``per``.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "Drugs? Vast wel. Er is een partij sigaretten gevonden.",
    ...                             attributes={"port": "Harlingen"})])
    >>> codings = pd.DataFrame({"doc_id": ["R1"] * 4, "start": [0, 7, 17, 17], "end": [6, 16, 55, 55],
    ...                         "code": ["FEN.DRU", "VERM.1", "FEN.SMO", "SIG.6"]})
    >>> white_spots(codings, corpus, unit="paragraph")[["port", "phenomenon", "suspicions", "signals", "white_spot"]]
            port phenomenon  suspicions  signals  white_spot
    0  Harlingen    FEN.DRU           1        1       False
    1  Harlingen    FEN.SMO           1        1       False
    """
    check_per(per)
    if rows == cols:
        raise AnalysisError("RK504", f"rows and cols are both {rows!r}", hint="use two different dimensions, e.g. rows='port', cols='phenomenon'")
    frame = check_codings(codings, corpus)
    for branch, what in ((suspicion, "suspicion"), (signal, "signal")):
        try:
            _check_branch(frame, branch, codebook, what)
        except AnalysisError as exc:  # zero signals can be the finding itself: warn, do not stop
            warnings.warn(f"{exc} (all its counts will be 0)", AnalysisWarning, stacklevel=2)
    check_unit(unit, _UNITS)
    require_corpus(corpus, "this analysis")
    names = _attribute_names(corpus, per)
    full = frame  # every coding: the branches' children listed (counting per speaker, also a moderator's)
    frame, case, found, values = _cases(frame, corpus, per, [s for s in dict.fromkeys((rows, cols)) if _is_attribute(s, names)])
    inc = _Incidence(frame, corpus, unit, units_table, case)
    row_units, row_order, _ = _axis(full, corpus, inc, rows, codebook, "_row", phenomena=phenomena, cases=values, per=per)
    col_units, col_order, _ = _axis(full, corpus, inc, cols, codebook, "_col", phenomena=phenomena, cases=values, per=per)
    cells = row_units.merge(col_units[["meet", "_col"]], on="meet").drop_duplicates(["meet", "_row", "_col"])
    susp = inc.flag(suspicion, codebook)
    sig = inc.flag(signal, codebook)
    # a unit counts once per cell, also when several participants have the codes in it (a whole document as unit)
    cells["_susp"] = cells["unit_id"].where(cells["meet"].isin(susp))
    cells["_sig"] = cells["unit_id"].where(cells["meet"].isin(sig))
    cells["respondent"] = found.cases["respondent"].to_numpy(dtype=object)[cells["case"].to_numpy(dtype=np.int64)]
    g = cells.groupby(["_row", "_col"])
    agg = pd.DataFrame(
        {
            "mentions": g["unit_id"].nunique(),
            "suspicions": g["_susp"].nunique(),
            "signals": g["_sig"].nunique(),
            "documents": g["doc_id"].nunique(),
            "respondents": g["respondent"].nunique(),
        }
    )
    grid = pd.MultiIndex.from_product([row_order, col_order], names=["_row", "_col"])
    out = agg.reindex(grid, fill_value=0).reset_index().astype(
        {"mentions": "int64", "suspicions": "int64", "signals": "int64", "documents": "int64", "respondents": "int64"}
    )
    out["white_spot"] = (out["suspicions"] > 0) & (out["signals"] == 0)
    return _with_unattributed(out.rename(columns={"_row": rows, "_col": cols}), per, found)


def partner_network(
    codings: pd.DataFrame,
    corpus: Any,
    *,
    partners: str = "ACT",
    context: str | None = "SAM",
    unit: str = "sentence",
    codebook: Any = None,
    min_count: int = 1,
    units_table: pd.DataFrame | None = None,
    per: str = "document",
) -> pd.DataFrame:
    """Which partners are mentioned together in cooperation passages, and where.

    Parameters
    ----------
    codings, corpus
        The codings table and its corpus.
    partners
        Branch whose children are the partners (default ``"ACT"``).
    context
        Only units coded with this branch count (default ``"SAM"``, cooperation);
        ``None`` counts every unit.
    unit
        ``"sentence"`` (default), ``"turn"``, ``"paragraph"`` or ``"document"``.
    codebook, units_table
        As in :func:`information_position`.
    min_count
        Keep edges seen in at least this many units.
    per
        ``"document"`` (default) or ``"speaker"``, as in :func:`information_position`: counting
        per speaker two partners are linked only in a unit where the same participant names
        both (and, with ``context``, has the context code there too); ``respondents`` counts
        participants. Codings on no respondent's turn are not counted (``AnalysisWarning``,
        ``attrs["unattributed"]``).

    Returns
    -------
    pandas.DataFrame
        One row per pair of partners (``source < target`` in code order): ``source,
        target, source_name, target_name, count`` (units), ``documents, respondents``,
        ``doc_ids`` (list), ``passages`` (list of unit texts, corpus and text order).
        Sorted by count (descending), then source and target. A unit counts once per
        edge, also when several participants link the pair in it.

    Raises
    ------
    AnalysisError
        ``RK503`` for branches that match nothing, ``RK504`` for an unknown ``unit`` or ``per``.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "Douane en KMar overleggen goed.")])
    >>> codings = pd.DataFrame({"doc_id": ["R1"] * 3, "start": [0, 10, 0], "end": [6, 14, 31],
    ...                         "code": ["ACT.DOU", "ACT.KMAR", "SAM.1"]})
    >>> partner_network(codings, corpus, unit="document")[["source", "target", "count", "passages"]]
        source    target  count                           passages
    0  ACT.DOU  ACT.KMAR      1  [Douane en KMar overleggen goed.]
    """
    check_per(per)
    frame = check_codings(codings, corpus)
    _check_branch(frame, partners, codebook, "partners")
    if context is not None:
        _check_branch(frame, context, codebook, "context")
    check_unit(unit, _UNITS)
    require_corpus(corpus, "this analysis")
    full = frame  # every coding: the partners listed (counting per speaker, also those only a moderator named)
    frame, case, found, _ = _cases(frame, corpus, per, [])
    inc = _Incidence(frame, corpus, unit, units_table, case)
    mapping, order = _children(full, partners, codebook)
    rank = {p: i for i, p in enumerate(order)}
    part = inc.with_codes(mapping, "partner")
    if context is not None:
        part = part[part["meet"].isin(inc.flag(context, codebook))]
    # partners meet in a unit of one case: per document a unit lies in one document, per speaker one participant's
    pairs = part.merge(part[["meet", "partner"]], on="meet", suffixes=("_a", "_b"))
    pairs = pairs[pairs["partner_a"].map(rank) < pairs["partner_b"].map(rank)]
    columns = ["source", "target", "source_name", "target_name", "count", "documents", "respondents", "doc_ids", "passages"]
    if len(pairs) == 0:
        empty = pd.DataFrame({c: pd.Series(dtype="int64" if c in ("count", "documents", "respondents") else object) for c in columns})
        return _with_unattributed(empty, per, found)
    corpus_order = {d: i for i, d in enumerate(corpus.doc_ids)}
    pairs = pairs.iloc[inc.unit_order(pairs["unit_id"], pairs["doc_id"], corpus_order)]
    context_codes = {c for c in set(frame["code"].unique().tolist()) if context is not None and in_branch(c, context, codebook)} or None
    # a passage is the unit's text; for a whole document per speaker, the linking participants' coded spans
    whose = per == "speaker" and unit == "document"
    text_of = {(u, c): inc.unit_text(u, d, context_codes, c if whose else None)
               for u, d, c in zip(pairs["unit_id"], pairs["doc_id"], pairs["case"])}
    resp = found.cases["respondent"].to_numpy(dtype=object)
    rows = []
    for (a, b), g in pairs.groupby(["partner_a", "partner_b"], sort=False):
        units_seen = list(dict.fromkeys(g["unit_id"]))
        docs = list(dict.fromkeys(g["doc_id"]))
        respondents = {resp[c] for c in g["case"]}
        texts = {u: " […] ".join(dict.fromkeys(text_of[(u, c)] for c in g.loc[g["unit_id"] == u, "case"])) for u in units_seen}
        rows.append((a, b, len(units_seen), len(docs), len(respondents), docs, [texts[u] for u in units_seen]))
    out = pd.DataFrame(rows, columns=["source", "target", "count", "documents", "respondents", "doc_ids", "passages"])
    out = out[out["count"] >= min_count]
    names = code_names(order, codebook)
    out.insert(2, "source_name", out["source"].map(names))
    out.insert(3, "target_name", out["target"].map(names))
    out = out.assign(_a=out["source"].map(rank), _b=out["target"].map(rank))
    out = out.sort_values(["count", "_a", "_b"], ascending=[False, True, True], kind="mergesort").drop(columns=["_a", "_b"])
    return _with_unattributed(out[columns].reset_index(drop=True), per, found)


def partner_graph(edges: pd.DataFrame) -> Any:
    """A :class:`networkx.Graph` from a :func:`partner_network` (or co-occurrence) edge table.

    Nodes carry ``name`` and ``weight`` (sum of their edge counts); edges carry
    ``weight`` (= ``count``), ``documents`` and ``passages`` when present.

    Examples
    --------
    >>> edges = pd.DataFrame({"source": ["A"], "target": ["B"], "count": [3]})
    >>> g = partner_graph(edges)
    >>> g["A"]["B"]["weight"], g.nodes["A"]["weight"]
    (3, 3)
    """
    import networkx as nx

    missing = [c for c in ("source", "target", "count") if c not in edges.columns]
    if missing:
        raise AnalysisError("RK504", f"edge table lacks column(s) {', '.join(missing)}", hint="pass the result of partner_network()")
    graph = nx.Graph()
    for row in edges.itertuples(index=False):
        r = row._asdict()
        for node, name_col in ((r["source"], "source_name"), (r["target"], "target_name")):
            if node not in graph:
                graph.add_node(node, name=r.get(name_col, node), weight=0)
            graph.nodes[node]["weight"] += int(r["count"])
        attrs = {"weight": int(r["count"])}
        for extra in ("documents", "respondents", "passages", "doc_ids"):
            if extra in r:
                attrs[extra] = r[extra]
        graph.add_edge(r["source"], r["target"], **attrs)
    return graph

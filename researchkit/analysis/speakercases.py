"""Focus-group participants as respondents: the speaker cases of a corpus, and whose each coding is.

Counting per document treats one transcript as one respondent. In a focus group or a
group interview one transcript holds several respondents, each with their own group,
organisation or port (a speaker-level attributes sheet, ``read_corpus(speakers=...)``).
Counting *per speaker* makes every respondent speaker of every document a case:

- the cases are the speakers whose role is ``respondent`` (a document without any such
  speaker, e.g. an unlabelled monologue, is one case of its own, speaker ``(unknown)``);
- a case's identity is the speaker sheet's ``respondent`` value when given (the same
  person in two focus groups), else, for a document with a single respondent speaker,
  the document's respondent (its ``respondent`` attribute or ``doc_id``: plain interviews
  count as they do per document), else ``"<doc_id>: <speaker>"``;
- a case's attribute value is the speaker's own (speaker sheet) when the sheet has that
  column and a value, else the document's;
- a coding belongs to the first respondent turn its span overlaps. A coding only on
  other turns (a moderator's question) or outside every turn (a header) belongs to no
  case: it is listed, never dropped silently (``unattributed``).

Examples
--------
>>> from researchkit.transcripts import Corpus, Transcript, Turn
>>> t = Transcript("F1", "M: Vraag?\\nA: Ja.\\nB: Nee.", turns=(Turn("M", "interviewer", 3, 9),
...     Turn("A", "respondent", 13, 16), Turn("B", "respondent", 20, 24)))
>>> codings = pd.DataFrame({"doc_id": ["F1", "F1"], "start": [13, 3], "end": [16, 9], "code": ["X", "Y"]})
>>> cases = speaker_cases(codings, Corpus([t]), [])
>>> cases.cases[["doc_id", "speaker", "respondent"]].values.tolist(), cases.coding_case.tolist()
([['F1', 'A', 'F1: A'], ['F1', 'B', 'F1: B']], [0, -1])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd

from researchkit.analysis._common import MISSING, attribute_frame, map_to_units, respondent_ids
from researchkit.errors import AnalysisError

__all__ = ["SpeakerCases", "speaker_cases", "respondent_cases", "counted_codings", "case_labels", "sheet_columns",
           "unattributed_message", "check_per"]

#: The counting units :func:`researchkit.analysis.frequencies` accepts.
PER = ("document", "speaker")


@dataclass(frozen=True)
class SpeakerCases:
    """The speaker cases of a corpus and the case of each coding.

    Attributes
    ----------
    cases
        One row per case, in corpus order: ``doc_id, speaker, respondent`` and one column
        per requested attribute (``MISSING`` where unknown).
    coding_case
        Per coding row, the row of ``cases`` it belongs to, ``-1`` for none.
    unattributed
        The codings that belong to no case (``doc_id, start, end, code``), in input order.
    """

    cases: pd.DataFrame
    coding_case: np.ndarray
    unattributed: pd.DataFrame


def speaker_cases(codings: pd.DataFrame, corpus: Any, by: Sequence[str], *,
                  attributes: pd.DataFrame | None = None) -> SpeakerCases:
    """The respondent speakers of ``corpus`` as cases, with their ``by`` values, and each coding's case.

    Parameters
    ----------
    codings
        A checked codings table (``doc_id, start, end, code``; integer offsets).
    corpus
        The corpus; its turns give the speakers, ``corpus.speaker_attributes`` their attributes.
    by
        Attribute columns to attach to each case (speaker sheet first, then the document's).
    attributes
        ``corpus.attributes`` if at hand.

    Returns
    -------
    SpeakerCases

    Raises
    ------
    AnalysisError
        ``RK501`` when a ``by`` column is neither a speaker nor a document attribute.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript, Turn
    >>> c = Corpus([Transcript("R1", "R: ja", turns=(Turn("R", "respondent", 3, 5),), attributes={"port": "Urk"})])
    >>> none = pd.DataFrame({"doc_id": [], "start": [], "end": [], "code": []})
    >>> speaker_cases(none, c, ["port"]).cases.values.tolist()
    [['R1', 'R', 'R1', 'Urk']]
    """
    attrs = corpus.attributes if attributes is None else attributes
    sheet = _sheet(corpus)
    sheet_cols = sheet_columns(corpus)
    for col in by:
        if col != "doc_id" and col not in attrs.columns and col not in sheet_cols:
            raise AnalysisError(
                "RK501",
                f"attribute {col!r} is neither a document attribute (available: {', '.join(map(str, attrs.columns)) or 'none'}) "
                f"nor a speaker attribute (available: {', '.join(map(str, sheet_cols)) or 'none; no speakers sheet'})",
                hint="choose one of the available columns, or read the corpus with speakers= (a sheet of doc_id, speaker and attributes)",
            )
    docs = list(corpus.doc_ids)
    turns = corpus.turns
    speakers = pd.DataFrame(corpus.respondent_speakers, columns=["doc_id", "speaker"])
    doc_resp = respondent_ids(corpus, attributes=attrs)
    with_speakers = set(speakers["doc_id"])
    rows = []
    for doc_id in docs:
        mine = speakers[speakers["doc_id"] == doc_id]["speaker"].tolist() if doc_id in with_speakers else []
        for speaker in (mine or [MISSING]):
            rows.append((doc_id, speaker, len(mine) <= 1))
    cases = pd.DataFrame([(d, s) for d, s, _ in rows], columns=["doc_id", "speaker"])
    alone = np.array([a for _, _, a in rows], dtype=bool)
    own = _sheet_values(cases, sheet, "respondent") if "respondent" in sheet_cols else pd.Series([None] * len(cases), dtype=object)
    fallback = np.where(alone, doc_resp.reindex(cases["doc_id"]).to_numpy(dtype=object),
                        (cases["doc_id"] + ": " + cases["speaker"]).to_numpy(dtype=object))
    given = own.notna().to_numpy() & (own.astype(str).str.strip() != "").to_numpy()
    cases["respondent"] = np.where(given, own.astype(str).to_numpy(dtype=object), fallback)
    for col in by:
        if col == "doc_id":
            cases[col] = cases["doc_id"]
            continue
        doc_values = (attrs[col].reindex(cases["doc_id"]).to_numpy(dtype=object) if col in attrs.columns
                      else np.full(len(cases), None, dtype=object))
        values = pd.Series(doc_values, dtype=object)
        if col in sheet_cols:
            spoken = _sheet_values(cases, sheet, col)
            values = spoken.where(spoken.notna(), values)
        cases[col] = values.where(values.notna(), MISSING).astype(str).to_numpy()
    coding_case, unattributed = _coding_cases(codings, turns, cases, with_speakers)
    return SpeakerCases(cases, coding_case, unattributed)


def _sheet(corpus: Any) -> pd.DataFrame | None:
    """The speaker sheet with ``doc_id`` and ``speaker`` as columns (``None`` without one)."""
    sheet = corpus.speaker_attributes
    return sheet.reset_index() if sheet is not None and sheet.index.names != [None] else sheet


def sheet_columns(corpus: Any) -> list[str]:
    """The attribute columns of the corpus' speaker sheet (none without a sheet).

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> sheet_columns(Corpus([Transcript("R1", "ja")]))
    []
    """
    sheet = _sheet(corpus)
    return [c for c in (sheet.columns if sheet is not None else []) if c not in ("doc_id", "speaker")]


def check_per(per: str) -> None:
    """Raise ``RK504`` unless ``per`` is one of :data:`PER`.

    Examples
    --------
    >>> check_per("speaker")
    >>> check_per("turn")
    Traceback (most recent call last):
    ...
    researchkit.errors.AnalysisError: [RK504] per='turn' is not one of document, speaker. What to do: choose one of the listed values.
    """
    if per not in PER:
        raise AnalysisError("RK504", f"per={per!r} is not one of {', '.join(PER)}", hint="choose one of the listed values")


def respondent_cases(codings: pd.DataFrame, corpus: Any, by: Sequence[str], *, per: str = "document",
                     attributes: pd.DataFrame | None = None) -> SpeakerCases:
    """The cases an analysis counts as respondents, with their ``by`` values, and each coding's case.

    ``per="speaker"`` is :func:`speaker_cases`. ``per="document"`` makes every document a case
    (speaker ``(unknown)``; its respondent the ``respondent`` attribute or ``doc_id``; its
    attributes the document's): each coding belongs to its document's case and none is unattributed.

    Parameters
    ----------
    codings, corpus, by, attributes
        As in :func:`speaker_cases`.
    per
        ``"document"`` (default) or ``"speaker"``.

    Returns
    -------
    SpeakerCases

    Raises
    ------
    AnalysisError
        ``RK501`` for an unknown ``by`` column, ``RK504`` for an unknown ``per``.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> c = Corpus([Transcript("R1", "ja", attributes={"port": "Urk"}), Transcript("R2", "nee")])
    >>> one = pd.DataFrame({"doc_id": ["R2"], "start": [0], "end": [3], "code": ["X"]})
    >>> found = respondent_cases(one, c, ["port"])
    >>> found.cases.values.tolist(), found.coding_case.tolist()
    ([['R1', '(unknown)', 'R1', 'Urk'], ['R2', '(unknown)', 'R2', '(unknown)']], [1])
    """
    check_per(per)
    if per == "speaker":
        return speaker_cases(codings, corpus, by, attributes=attributes)
    attrs = corpus.attributes if attributes is None else attributes
    docs = list(corpus.doc_ids)
    cases = pd.DataFrame({"doc_id": pd.Series(docs, dtype=object), "speaker": MISSING})
    cases["respondent"] = respondent_ids(corpus, attributes=attrs).reindex(docs).to_numpy(dtype=object)
    if by:
        values = attribute_frame(corpus, list(by), attributes=attrs).reindex(docs)
        for col in by:
            cases[col] = values[col].to_numpy(dtype=object)
    coding_case = pd.Index(docs).get_indexer(codings["doc_id"].astype(str).to_numpy(dtype=object)).astype(np.int64)
    return SpeakerCases(cases, coding_case, codings[["doc_id", "start", "end", "code"]].iloc[0:0])


def counted_codings(codings: pd.DataFrame, corpus: Any, per: str, *, by: Sequence[str] = (),
                    attributes: pd.DataFrame | None = None,
                    stacklevel: int = 3) -> tuple[pd.DataFrame, np.ndarray, SpeakerCases, pd.DataFrame]:
    """The codings an analysis counts, the case of each (a row number of ``found.cases``), the cases
    (``found``) and the cases' ``by`` values (one row per case).

    Per document every coding counts, for its document's case. Per speaker a coding counts for the
    participant of the first respondent turn it overlaps; the codings on no respondent's turn (a
    moderator's question, a header) are left out of the returned codings, warned about
    (``AnalysisWarning``, :func:`unattributed_message`) and listed in ``found.unattributed``.
    The ``by`` values are apart from ``found.cases``, so that a ``respondent`` attribute does not
    replace the respondent each case counts as.

    Parameters
    ----------
    codings
        A checked codings table (``doc_id, start, end, code``; integer offsets).
    corpus
        The corpus.
    per
        ``"document"`` or ``"speaker"``.
    by
        Attribute columns to give each case (counting per speaker the speaker sheet's first).
    attributes
        ``corpus.attributes`` if at hand.
    stacklevel
        Of the warning (the caller of the analysis by default).

    Returns
    -------
    tuple
        ``(codings counted, their cases, found, by values)``.

    Examples
    --------
    >>> import warnings
    >>> from researchkit.transcripts import Corpus, Transcript, Turn
    >>> t = Transcript("F1", "M: Vraag?\\nA: Ja.", turns=(Turn("M", "interviewer", 3, 9), Turn("A", "respondent", 13, 16)))
    >>> codings = pd.DataFrame({"doc_id": ["F1", "F1"], "start": [3, 13], "end": [9, 16], "code": ["Y", "X"]})
    >>> with warnings.catch_warnings(record=True):
    ...     kept, case, found, _ = counted_codings(codings, Corpus([t]), "speaker")
    >>> kept["code"].tolist(), case.tolist(), found.unattributed["code"].tolist()
    (['X'], [0], ['Y'])
    """
    import warnings

    from researchkit.errors import AnalysisWarning

    attrs = corpus.attributes if attributes is None else attributes  # made once (the corpus builds a new table on every access)
    found = respondent_cases(codings, corpus, [], per=per, attributes=attrs)
    values = (respondent_cases(codings.iloc[0:0], corpus, by, per=per, attributes=attrs).cases[list(by)]
              if by else found.cases.iloc[:, 0:0])
    if len(found.unattributed):
        warnings.warn(unattributed_message(found.unattributed), AnalysisWarning, stacklevel=stacklevel)
    keep = found.coding_case >= 0
    if keep.all():
        return codings, found.coding_case, found, values
    return codings[keep].reset_index(drop=True), found.coding_case[keep], found, values


def case_labels(cases: pd.DataFrame) -> pd.Series:
    """A label per case naming its document: ``doc_id`` for the only case of a document (an interview, or a
    document without respondent speakers), ``"<doc_id>: <speaker>"`` for a participant of a focus group.

    Examples
    --------
    >>> cases = pd.DataFrame({"doc_id": ["F1", "F1", "R1"], "speaker": ["A", "B", "R"]})
    >>> case_labels(cases).tolist()
    ['F1: A', 'F1: B', 'R1']
    """
    docs = cases["doc_id"].astype(str)
    alone = ~docs.duplicated(keep=False)
    return pd.Series(np.where(alone, docs, docs + ": " + cases["speaker"].astype(str)), index=cases.index, dtype=object)


def unattributed_message(unattributed: pd.DataFrame) -> str:
    """The warning about codings on no respondent's turn, counting per speaker (how many, per document).

    Examples
    --------
    >>> unattributed_message(pd.DataFrame({"doc_id": ["F1", "F1"], "start": [0, 9], "end": [5, 12], "code": ["A", "B"]}))
    "2 coding(s) lie on no respondent's turn and are not counted per speaker (F1: 2); see attrs['unattributed']"
    """
    where = unattributed["doc_id"].value_counts(sort=False)
    return (f"{len(unattributed)} coding(s) lie on no respondent's turn and are not counted per speaker "
            f"({', '.join(f'{d}: {n}' for d, n in where.items())}); see attrs['unattributed']")


def _sheet_values(cases: pd.DataFrame, sheet: pd.DataFrame, col: str) -> pd.Series:
    """The speaker sheet's ``col`` for each case (``None`` where the sheet has no row or no value)."""
    lookup = {(str(d), str(s)): v for d, s, v in zip(sheet["doc_id"], sheet["speaker"], sheet[col])}
    values = [lookup.get((d, s)) for d, s in zip(cases["doc_id"], cases["speaker"])]
    out = pd.Series(values, dtype=object)
    return out.where(out.notna() & (out.astype(str).str.strip() != ""), None)


def _coding_cases(codings: pd.DataFrame, turns: pd.DataFrame, cases: pd.DataFrame,
                  with_speakers: set) -> tuple[np.ndarray, pd.DataFrame]:
    """Each coding's case row (first respondent turn it overlaps; the document's case where it has no
    respondent speaker), ``-1`` for none; and the codings without a case."""
    n = len(codings)
    out = np.full(n, -1, dtype=np.int64)
    if n == 0:
        return out, codings[["doc_id", "start", "end", "code"]].iloc[0:0]
    index = {(d, s): i for i, (d, s) in enumerate(zip(cases["doc_id"], cases["speaker"]))}
    doc_ids = codings["doc_id"].to_numpy(dtype=object)
    whole_doc = np.array([d not in with_speakers for d in doc_ids], dtype=bool)
    out[whole_doc] = [index[(d, MISSING)] for d in doc_ids[whole_doc]]
    respondent_turns = turns[turns["role"] == "respondent"] if len(turns) else turns
    if len(respondent_turns) and (~whole_doc).any():
        rows, unit_ids, units = map_to_units(codings[["doc_id", "start", "end"]].reset_index(drop=True), respondent_turns)
        valid = (unit_ids < len(units)) & ~whole_doc[rows]
        first = pd.Series(unit_ids[valid], index=rows[valid]).groupby(level=0).min()
        picked = units.iloc[first.to_numpy()]
        out[first.index.to_numpy()] = [index.get((d, str(s)), -1) for d, s in zip(picked["doc_id"], picked["speaker"])]
    lost = codings.reset_index(drop=True).loc[out < 0, ["doc_id", "start", "end", "code"]]
    return out, lost

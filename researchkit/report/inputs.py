"""What a report is made of: :class:`ReportInputs`, or a Project (:func:`as_inputs`).

Examples
--------
>>> ReportInputs(None, None, None).n_quotes
3
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import pandas as pd

from researchkit.errors import ReportError
from researchkit.privacy import DEFAULT_ATTRIBUTION

#: Sources of codings that are suggestions until a person reviews them.
SUGGESTION_SOURCES = ("rules", "model")

# --------------------------------------------------------------------------- inputs


@dataclass
class ReportInputs:
    """What a report is made of, when there is no :class:`~researchkit.project.Project`.

    Attributes
    ----------
    corpus, codebook, codings
        The transcripts (with attributes), the codebook and the codings table (every
        coder and source; see ``coders``).
    agreement
        A ready inter-coder agreement table (:func:`researchkit.agreement.agreement`);
        default: computed when two or more manual coders coded the same documents.
    title, subtitle, author, organisation, client
        Title page.
    date
        Report date (``date`` or ISO text); default the latest interview date. Never
        the clock, so that the same inputs give the same file.
    names
        Extra names to pseudonymise (besides speakers' and interviewers' names).
    key
        A pseudonymisation key (:class:`researchkit.privacy.PrivacyKey`): its terms get
        their consistent pseudonyms in quotes and tables, and the report is checked
        against it before it is written.
    patterns
        Identifier pattern kinds replaced in quotes (default every kind of
        :data:`researchkit.privacy.PATTERN_KINDS`; ``"none"`` for none).
    attribution
        Attributes shown after the respondent code in a quote's attribution.
    coders
        Whose codings the analysis chapters use; default every coder (a passage coded
        with the same code by several coders counts once).
    group
        Attribute of the respondent groups in the frequency tables (``"group"``).
    count_per
        What a respondent is in the frequency tables, figures and theme summaries, in the
        information-position and white-spot chapters, and in the optional co-occurrence,
        partner-network and framework chapters: ``"document"`` (default) or
        ``"speaker"`` (every respondent speaker of a focus group; groups, ports and other
        attributes from ``corpus.speaker_attributes`` first, see
        :func:`researchkit.analysis.frequencies` and :func:`researchkit.analysis.white_spots`).
    partners, dimensions
        Branch of the partners and the information-position dimensions
        (see :func:`researchkit.analysis.information_position`).
    suspicion, signal, phenomena, white_spot_rows
        Branches and rows of the white-spots chapter (see
        :func:`researchkit.analysis.white_spots`).
    n_quotes
        Quotes per theme chapter.
    suggestions
        ``"include"``: unreviewed suggestions (sources ``rules`` and ``model``) count in the
        analyses, and the method section and the theme tables say so; ``"exclude"``: only
        human and reviewed codings count (accepting a suggestion makes a manual coding), and
        the method section states the rules' precision and recall against the manual codings.
        ``researchkit run`` excludes them unless the configuration asks.
    agreement_roles
        Units of the agreement table: sentences of these speaker roles (respondent sentences,
        as in the notebooks); ``None`` for every sentence.
    reidentification, reidentification_k
        What to do with a respondent whose combination of shown attributes covers fewer
        than ``reidentification_k`` respondents: ``"coarsen"`` (default: show fewer
        fields, with a note naming the quotes changed), ``"warn"`` (a note only) or
        ``"off"`` (see :mod:`researchkit.report.reidentify`).
    quote_choices
        The researcher's pinned and excluded quotes (:func:`researchkit.report.quote_choices.parse_quote_choices`:
        ``theme, doc_id, start, end, action``), or ``None``.
    quote_max_words, quote_max_chars
        Limits of a quote: a whole coded passage is trimmed at sentence boundaries to fit
        (:func:`researchkit.analysis.quotes` with ``whole=True``).
    quote_times
        Add each quote's time in the recording to its attribution (``0:12:34``): the time of
        the subtitle cue, ASR segment or timestamped paragraph the quote starts in (the
        ``timestamp`` of :func:`researchkit.analysis.quotes`); quotes from untimed
        transcripts show none.
    framework
        The optional framework-matrix chapter (:mod:`researchkit.report.chapters.framework`):
        ``rows`` (``"respondent"``, default, or an attribute such as ``"group"``) and ``codes``
        (the theme columns; default the top-level codes).
    review
        How many suggestions a person reviewed (``suggestions``, ``reviewed``, ``accepted``,
        ``rejected``; :func:`researchkit.run.project_source.review_summary`), stated in the
        method section; ``None`` when unknown. A Project passed to :func:`as_inputs` gives it.
    """

    corpus: Any
    codebook: Any
    codings: pd.DataFrame
    agreement: pd.DataFrame | None = None
    title: str = ""
    subtitle: str = ""
    author: str = ""
    organisation: str = ""
    client: str = ""
    date: _dt.date | str | None = None
    names: Sequence[str] = ()
    key: Any = None
    patterns: Sequence[str] | str | None = None
    attribution: Sequence[str] = DEFAULT_ATTRIBUTION
    coders: Sequence[str] | None = None
    group: str = "group"
    count_per: str = "document"
    partners: str = "ACT"
    dimensions: Mapping[str, str] | None = None
    suspicion: str = "VERM"
    signal: str = "SIG"
    phenomena: str = "FEN"
    white_spot_rows: str = "port"
    n_quotes: int = 3
    reidentification: str = "coarsen"
    suggestions: str = "include"
    agreement_roles: Sequence[str] | None = ("respondent",)
    reidentification_k: int = 3
    review: Mapping[str, Any] | None = None
    quote_choices: pd.DataFrame | None = None
    framework: Mapping[str, Any] | None = None
    quote_max_words: int | None = 60
    quote_max_chars: int | None = 400
    quote_times: bool = False


def as_inputs(source: Any) -> ReportInputs:
    """Accept a :class:`ReportInputs` or a Project (anything with ``corpus()``,
    ``codebook()`` and ``codings()`` methods).

    Raises
    ------
    ReportError
        ``RK553`` for anything else, or a project without a codebook.

    Examples
    --------
    >>> as_inputs("project.rkp")
    Traceback (most recent call last):
    ...
    researchkit.errors.ReportError: [RK553] cannot build a report from a str. What to do: pass a researchkit Project or ReportInputs(corpus=..., codebook=..., codings=...).
    """
    if isinstance(source, ReportInputs):
        inputs = source
    elif all(callable(getattr(source, m, None)) for m in ("corpus", "codebook", "codings")):
        codebook = source.codebook()
        if codebook is None:
            raise ReportError("RK553", "the project has no codebook", hint="set one with project.set_codebook(Codebook.load(...))")
        codings = source.codings()
        review = None
        if callable(getattr(source, "reviews", None)):
            review = review_summary(codings, source.reviews())
        inputs = ReportInputs(corpus=source.corpus(), codebook=codebook, codings=codings, review=review)
    else:
        raise ReportError(
            "RK553", f"cannot build a report from a {type(source).__name__}",
            hint="pass a researchkit Project or ReportInputs(corpus=..., codebook=..., codings=...)",
        )
    missing = [name for name in ("corpus", "codebook") if getattr(inputs, name) is None]
    if missing or not isinstance(inputs.codings, pd.DataFrame):
        raise ReportError("RK553", f"report inputs lack {', '.join(missing) or 'a codings DataFrame'}",
                          hint="give the corpus, the codebook and the codings table")
    if len(inputs.corpus) == 0:
        raise ReportError("RK553", "the corpus has no documents", hint="read the transcripts first")
    return inputs


def review_summary(codings: pd.DataFrame, reviews: pd.DataFrame) -> dict[str, Any]:
    """How many suggestions (sources ``rules``/``model``) a person decided on, and how.

    A suggestion counts as reviewed once any reviewer decided on it; ``accepted`` counts
    suggestions with at least one accept, ``rejected`` those only rejected.

    Examples
    --------
    >>> review_summary(pd.DataFrame({"id": ["a"], "source": ["manual"]}), pd.DataFrame(columns=["suggestion"]))
    {'suggestions': 0, 'reviewed': 0, 'accepted': 0, 'rejected': 0, 'reviewers': []}
    """
    if "source" in codings.columns and "id" in codings.columns:
        suggested = codings.loc[codings["source"].astype(str).isin(SUGGESTION_SOURCES), "id"].astype(str)
    else:
        suggested = pd.Series([], dtype=str)
    ids = set(suggested)
    decided = reviews[reviews["suggestion"].astype(str).isin(ids)] if len(reviews) else reviews
    accepted = set(decided.loc[decided["decision"] == "accept", "suggestion"].astype(str)) if len(decided) else set()
    reviewed = set(decided["suggestion"].astype(str)) if len(decided) else set()
    reviewers = sorted(set(decided["reviewer"].astype(str))) if len(decided) else []
    return {"suggestions": len(ids), "reviewed": len(reviewed), "accepted": len(accepted),
            "rejected": len(reviewed - accepted), "reviewers": reviewers}


def group_column(inputs: ReportInputs) -> str | None:
    """The attribute of the respondent groups, if the corpus has it (``None`` otherwise).

    Counting per speaker, a column of the speaker sheet (``corpus.speaker_attributes``) will do too.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "ja", attributes={"group": "politie"})])
    >>> group_column(ReportInputs(corpus=corpus, codebook=None, codings=None)), group_column(ReportInputs(corpus=corpus, codebook=None, codings=None, group="port"))
    ('group', None)
    """
    if not inputs.group:
        return None
    if inputs.group in inputs.corpus.attributes.columns:
        return inputs.group
    sheet = inputs.corpus.speaker_attributes
    if inputs.count_per == "speaker" and sheet is not None and inputs.group in set(sheet.reset_index().columns) - {"doc_id", "speaker"}:
        return inputs.group
    return None

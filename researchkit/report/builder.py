"""The report builder's core: inputs, analysis codings, shared sentence units, numbering.

The chapters (:mod:`researchkit.report.chapters`) are mixins on top of :class:`BuilderCore`;
:func:`researchkit.report.content.build_content` walks them in order.

Examples
--------
>>> BuilderCore.__name__
'BuilderCore'
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from researchkit.errors import ReportError
from researchkit.privacy import Pseudonymiser, respondent_codes
from researchkit.report.blocks import Figure, Table
from researchkit.report.formatting import _figure_png, _slug
from researchkit.report.inputs import ReportInputs, group_column
from researchkit.report.texts import _T

#: Sources of codings that are suggestions until a person reviews them.
from researchkit.report.inputs import SUGGESTION_SOURCES  # noqa: E402 (re-exported)



class BuilderCore:
    """State shared by the chapters: inputs, language, blocks so far, table and figure numbers."""

    def __init__(self, inputs: ReportInputs, language: str, dpi: int, *, key: Any = None,
                 allow_unpseudonymised: bool = False) -> None:
        from researchkit.privacy import resolve_kinds

        self.key = key.assigned() if key is not None and key.unassigned else key
        self.kinds = resolve_kinds(inputs.patterns)
        self.allow_unpseudonymised = allow_unpseudonymised
        self.inputs = inputs
        self.lang = language
        self.dpi = dpi
        self.t = _T[language]
        self.blocks: list = []
        self.notes: list[str] = []
        self.n_tables = 0
        self.n_figures = 0
        self.corpus = inputs.corpus
        self.codebook = inputs.codebook
        self.attrs = self.corpus.attributes
        self.codes = respondent_codes(self.corpus)
        self.pseudo = Pseudonymiser(inputs.names, corpus=self.corpus, key=self.key, kinds=self.kinds)
        self.all_codings = inputs.codings
        self.codings = self._analysis_codings()
        self._note_excluded_suggestions()
        self.per = inputs.count_per
        self.unattributed: pd.DataFrame | None = None  # counting per speaker: the codings on no respondent's turn
        self.group = group_column(inputs)  # of the frequency tables (a speaker attribute too, counting per speaker)
        self.doc_group = self.group if self.group in self.attrs.columns else None  # of the documents
        self.n_respondents = self._count_respondents()
        self.participants = self._participant_codes()
        available = set(self.attrs.columns) | self._speaker_columns()
        self.attribution = [f for f in inputs.attribution if f in available]
        missing = [f for f in inputs.attribution if f not in available]
        if missing:
            self.notes.append(f"attribution field(s) {', '.join(missing)} not in the attributes; quotes show "
                              + (", ".join(self.attribution) if self.attribution else "only the respondent code"))
        self._sentences: pd.DataFrame | None = None
        self._quote_source: Any = None
        self.theme_codes: list[str] = []  # the codes that get a theme chapter (their summaries are made together)
        self.summaries: dict[str, Any] = {}
        self.branches: dict[str, pd.DataFrame] = {}  # a theme's analysis codings (its branch)
        self.theme_counts: dict[str, tuple[pd.DataFrame, pd.DataFrame | None]] = {}  # a theme's frequencies (grouped, overall)
        self.chosen_quotes: list[pd.DataFrame] = []  # theme, doc_id, start, end of every quote shown
        self.coarsened_quotes: list[str] = []  # per theme: its quotes whose attribution the re-identification check coarsened
        self.appendix_fields = [f for f in (self.doc_group, "organisation", "port") if f]
        self.safe = self._reidentification_plan()

    # -- helpers

    def _count_respondents(self) -> int:
        """The respondents the report counts: one per document (or ``respondent`` attribute), or, counting
        per speaker, one per respondent speaker; codings then on no respondent's turn are noted."""
        if self.per != "speaker":
            return len(set(self.codes.values()))
        from researchkit.analysis.speakercases import speaker_cases

        found = speaker_cases(self.codings, self.corpus, [], attributes=self.attrs)
        self.unattributed = found.unattributed
        if len(found.unattributed):
            where = found.unattributed["doc_id"].value_counts(sort=False)
            self.notes.append(f"counting per speaker: {len(found.unattributed)} coding(s) lie on no respondent's turn "
                              f"(a moderator's question, a header) and are not counted ({', '.join(f'{d}: {n}' for d, n in where.items())})")
        return len(set(found.cases["respondent"]))

    def analysis_notes(self, what: str, caught: list) -> list[str]:
        """The notes of an analysis' warnings (``"<what>: <message>"``), without the one about codings on no
        respondent's turn: counting per speaker, the notes say that once for the whole report."""
        from researchkit.analysis.speakercases import unattributed_message

        said = unattributed_message(self.unattributed) if self.unattributed is not None and len(self.unattributed) else None
        return [f"{what}: {w.message}" for w in caught if str(w.message) != said]

    def respondent_code_of(self) -> dict[str, str]:
        """``respondent -> code`` for the respondent ids an analysis gives (its ``respondent_ids``): the document's
        code (``R03``), or counting per speaker the participant's (``R05-2``; the document's for a document without
        respondent speakers). A respondent of several documents has the code of the first."""
        from researchkit.analysis.speakercases import respondent_cases

        none = self.codings.iloc[0:0]
        cases = respondent_cases(none, self.corpus, [], per=self.per, attributes=self.attrs).cases
        out: dict[str, str] = {}
        for doc_id, speaker, respondent in zip(cases["doc_id"], cases["speaker"], cases["respondent"]):
            out.setdefault(str(respondent), self.participants.get((doc_id, speaker)) or self.codes[doc_id])
        return out

    def _reidentification_plan(self) -> pd.DataFrame | None:
        """Which attribute fields may be shown beside each respondent code (:mod:`.reidentify`)."""
        from researchkit.privacy import short_label
        from researchkit.report.reidentify import REIDENTIFICATION_ACTIONS, reidentification_check

        action = self.inputs.reidentification
        if action not in REIDENTIFICATION_ACTIONS:
            raise ReportError("RK530", f"re-identification action {action!r} is not one of {', '.join(REIDENTIFICATION_ACTIONS)}",
                              hint="use coarsen (default), warn or off")
        fields = list(dict.fromkeys(self.attribution + [f for f in self.appendix_fields if f in self.attrs.columns]))
        if action == "off" or not fields:
            return None
        shown = self._respondent_attributes(fields).map(short_label)
        plan = reidentification_check(shown, fields, k=int(self.inputs.reidentification_k))
        unsafe = plan[plan["unsafe"]]
        if len(unsafe):
            k = self.inputs.reidentification_k
            what = "attributions coarsened" if action == "coarsen" else "NOT coarsened (reidentification: warn)"
            self.notes.append(f"re-identification check: {len(unsafe)} respondent(s) ({', '.join(unsafe.index)}) have a "
                              f"combination of {' x '.join(fields)} shared by fewer than {k} respondents; {what}")
        if action == "warn":
            plan["shown"] = [tuple(fields)] * len(plan)
            plan["coarsened"] = False
        return plan

    def _speaker_columns(self) -> set[str]:
        """The speaker sheet's attribute columns, counting per speaker (else none)."""
        sheet = self.corpus.speaker_attributes
        if self.per != "speaker" or sheet is None:
            return set()
        return set(sheet.reset_index().columns) - {"doc_id", "speaker"}

    def _participant_codes(self) -> dict[tuple[str, str], str]:
        """Counting per speaker, ``(doc_id, speaker) -> code`` of every respondent speaker (``R05-2``); else empty."""
        from researchkit.privacy.participants import participant_codes

        return participant_codes(self.corpus, self.codes) if self.per == "speaker" else {}

    def respondent_of(self, doc_id: str, speaker: Any) -> tuple[str, dict]:
        """The code and attributes a quote of ``speaker`` in ``doc_id`` is attributed to (the participant's,
        counting per speaker; else the document's respondent)."""
        from researchkit.privacy.participants import participant_attributes

        key = (doc_id, speaker if isinstance(speaker, str) else None)
        if key in self.participants:
            return self.participants[key], participant_attributes(self.corpus, doc_id, key[1])
        return self.codes[doc_id], dict(self.corpus[doc_id].attributes)

    def _respondent_attributes(self, fields: list[str]) -> pd.DataFrame:
        """One row per respondent code with the ``fields`` shown beside it: per document (its first document),
        and, counting per speaker, per participant too (a focus group's document code stays: the appendix lists it)."""
        from researchkit.privacy.participants import participant_attributes

        rows: dict[str, dict] = {}
        for doc_id, code in self.codes.items():
            rows.setdefault(code, dict(self.corpus[doc_id].attributes))
        for (doc_id, speaker), code in self.participants.items():
            rows.setdefault(code, participant_attributes(self.corpus, doc_id, speaker))
        return pd.DataFrame([{f: row.get(f) for f in fields} for row in rows.values()], index=list(rows), columns=fields)

    def shown_fields(self, code: str, fields: list[str]) -> list[str]:
        """``fields`` without those the re-identification check drops for respondent ``code``."""
        if self.safe is None or code not in self.safe.index:
            return list(fields)
        keep = set(self.safe.at[code, "shown"])
        return [f for f in fields if f in keep]

    # -- helpers --------------------------------------------------------------------

    def suggesters(self) -> str:
        """Who made the suggestions in the inputs: the rules, the model, or both (as the codings' sources say)."""
        frame = self.all_codings
        sources = set(frame["source"].astype(str)) & set(SUGGESTION_SOURCES) if "source" in frame.columns else set()
        nl = self.lang == "nl"
        if sources == {"rules"}:
            return "de zoekregels" if nl else "the rules"
        if sources == {"model"}:
            return "het model" if nl else "the model"
        return "zoekregels en model" if nl else "rules and model"

    def _note_excluded_suggestions(self) -> None:
        """A note when unreviewed suggestions are left out of the analyses (and all of them when nothing else is coded)."""
        frame = self.inputs.codings
        if self.inputs.suggestions != "exclude" or "source" not in frame.columns:
            return
        suggested = frame[frame["source"].astype(str).isin(SUGGESTION_SOURCES)]
        if suggested.empty:
            return
        n_docs = suggested["doc_id"].nunique()
        note = (f"{len(suggested)} unreviewed suggestion(s) of the rules or a model in {n_docs} interview(s) are left out "
                f"of every analysis (report.suggestions: exclude)")
        if self.codings.empty:
            note += ("; no other codings remain, so every theme chapter counts no respondents: review the suggestions "
                     "(researchkit suggest, the notebook's review queue), add your own codings (manual_codings), or set "
                     "report.suggestions: include to report them marked as unreviewed")
        self.notes.append(note)

    def _analysis_codings(self) -> pd.DataFrame:
        frame = self.inputs.codings
        if self.inputs.coders is not None:
            wanted = list(self.inputs.coders)
            known = sorted(set(frame["coder"].astype(str))) if "coder" in frame.columns else []
            unknown = [c for c in wanted if c not in known]
            if unknown:
                raise ReportError("RK553", f"coder(s) {', '.join(unknown)} not in the codings (coders: {', '.join(known) or 'none'})",
                                  hint="choose coders that occur in the codings table")
            frame = frame[frame["coder"].astype(str).isin(wanted)]
        if self.inputs.suggestions not in ("include", "exclude"):
            raise ReportError("RK553", f"suggestions={self.inputs.suggestions!r} is not 'include' or 'exclude'",
                              hint="exclude (only human and reviewed codings) or include (labelled as unreviewed)")
        if self.inputs.suggestions == "exclude" and "source" in frame.columns:
            frame = frame[~frame["source"].astype(str).isin(SUGGESTION_SOURCES)]
        frame = frame.drop_duplicates(["doc_id", "start", "end", "code"]).reset_index(drop=True)
        unknown_codes = sorted(set(frame["code"].astype(str)) - set(self.codebook.ids))
        if unknown_codes:
            raise ReportError(
                "RK553", f"{len(unknown_codes)} code(s) in the codings are not in the codebook: {', '.join(unknown_codes[:15])}",
                hint="add them to the codebook, or merge them into existing codes before reporting",
            )
        return frame

    def sentences(self) -> pd.DataFrame:
        """The sentence units of the corpus, split once and shared by the analyses."""
        if self._sentences is None:
            from researchkit.units import units

            self._sentences = units(self.corpus, "sentence", lang=self.codebook.language or "nl")
        return self._sentences

    def quote_source(self) -> Any:
        """The analysis codings and corpus prepared once for the quotes of every theme chapter
        (:class:`researchkit.analysis.QuoteSource`, with the shared sentence units)."""
        if self._quote_source is None:
            from researchkit.analysis import QuoteSource

            self._quote_source = QuoteSource(self.codings, self.corpus, units_table=self.sentences())
        return self._quote_source

    def add(self, block: Any) -> None:
        self.blocks.append(block)

    def table(self, key: str, caption: str, columns: list[str], rows: list[list[str]], data: pd.DataFrame, note: str = "") -> Table:
        self.n_tables += 1
        table = Table(key=_slug(key), number=self.n_tables, caption=caption, columns=columns, rows=rows, data=data, note=note)
        self.add(table)
        return table

    def figure(self, key: str, caption: str, fig: Any) -> Figure:
        self.n_figures += 1
        figure = Figure(key=_slug(key), number=self.n_figures, caption=caption, png=_figure_png(fig, self.dpi))
        self.add(figure)
        return figure

    def name(self, code: str) -> str:
        return str(self.codebook[code].name or code)

"""The report's content model: built once from the data, rendered to Word and Markdown.

:func:`build_content` turns a corpus, codebook and codings (a :class:`ReportInputs`
or a :class:`~researchkit.project.Project`) into a :class:`ReportContent`: a title
block and an ordered list of blocks (headings, paragraphs, numbered tables and
figures, pseudonymised quotes). Numbers of tables and figures, chapter numbers and
every sentence are decided here, so the Word file (:mod:`.docx_report`) and the
Markdown file (:mod:`.markdown`) say exactly the same. Figures are rendered once to
PNG bytes with :func:`researchkit.figures.save_figure` (fixed metadata).

Quotes, example quotes of the codebook and the respondent overview pass through
:mod:`researchkit.privacy`: respondents appear as ``R01``, ``R02`` ..., never by
document id, names are replaced by ``[naam]``, the terms of a pseudonymisation key
(``ReportInputs.key``) by their pseudonyms (``[PERSOON-1]``) and identifier patterns
(phone numbers, plates ...) by ``[TELEFOON]``, ``[KENTEKEN]`` .... The key's checksum is
stated in the method section (:attr:`ReportContent.privacy`).

Examples
--------
>>> import pandas as pd
>>> from researchkit.codebook import Codebook
>>> from researchkit.transcripts import Corpus, Transcript, Turn
>>> text = "R: Er stond een busje op de kade."
>>> corpus = Corpus([Transcript("R1", text, (Turn("R", "respondent", 3, len(text)),),
...                             {"group": "politie", "port": "Harlingen", "organisation": "Politie", "date": "2026-02-03"})])
>>> cb = Codebook.from_dict({"codes": [{"id": "SIG", "name": "Signalen"}]})
>>> codings = pd.DataFrame([{"doc_id": "R1", "start": 3, "end": len(text), "code": "SIG",
...                          "coder": "anna", "source": "manual"}])
>>> content = build_content(ReportInputs(corpus, cb, codings, title="Havens"))
>>> [b.text for b in content.blocks if isinstance(b, Heading) and b.level == 1][:2]
['1 Methode en verantwoording', '2 Signalen']
"""

from __future__ import annotations

import datetime as _dt
import re
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from researchkit.errors import ReportError, ResearchkitError
from researchkit.privacy import (
    DEFAULT_ATTRIBUTION,
    Pseudonymiser,
    pseudonymise_quotes,
    respondent_codes,
    respondent_overview,
)

__all__ = [
    "ReportInputs",
    "ReportContent",
    "Heading",
    "Paragraph",
    "Bullets",
    "Table",
    "Figure",
    "Quote",
    "PageBreak",
    "TableOfContents",
    "build_content",
    "SPECIAL_CHAPTERS",
    "LANGUAGES",
]

#: Chapters that are not a code: the information position and the white spots.
SPECIAL_CHAPTERS: tuple[str, ...] = ("information_position", "white_spots")
#: Report languages.
LANGUAGES: tuple[str, ...] = ("nl", "en")
#: Longest quote shown in full (characters); longer quotes are cut at a sentence end with " […]".
MAX_QUOTE_CHARS = 600
#: Passages shorter than this (in words) are quoted only when no longer ones exist.
MIN_QUOTE_WORDS = 10

_MONTHS = {
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}
_NUMBER_WORDS = {
    "nl": ["geen", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien"],
    "en": ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
}
_SOURCE_NAMES = {
    "nl": {"rules": "regels (automatisch)", "manual": "handmatig", "model": "model-ondersteund", "import": "geïmporteerd"},
    "en": {"rules": "rules (automatic)", "manual": "manual", "model": "model-assisted", "import": "imported"},
}
_DIMENSIONS = {
    "nl": {"gather": "verzamelen", "record": "vastleggen", "enrich": "veredelen", "share": "delen", "use": "benutten"},
    "en": {"gather": "gather", "record": "record", "enrich": "enrich", "share": "share", "use": "use"},
}
_T: dict[str, dict[str, str]] = {
    "nl": {
        "default_title": "Rapportage interviews",
        "toc": "Inhoudsopgave",
        "toc_placeholder": "Klik met de rechtermuisknop en kies ‘Veld bijwerken’ (of druk op F9) om de inhoudsopgave te tonen.",
        "table": "Tabel",
        "figure": "Figuur",
        "appendix": "Bijlage",
        "method": "Methode en verantwoording",
        "interviews": "Interviews",
        "codebook_h": "Codeboek",
        "coding_h": "Codering",
        "agreement_h": "Betrouwbaarheid van de codering",
        "quotes_intro": "Representatieve citaten:",
        "info_h": "Informatiepositie per partner",
        "ws_h": "Witte vlekken",
        "app_codebook": "Codeboek",
        "app_respondents": "Respondenten",
        "total": "Totaal",
        "code": "Code",
        "name": "Omschrijving",
        "group": "Groep",
        "port": "Haven",
        "organisation": "Organisatie",
        "respondent": "Respondent",
        "source": "Bron",
        "coders": "Codeur(s)",
        "codings": "Coderingen",
        "documents": "Interviews",
        "codes_used": "Codes",
        "partner": "Partner",
        "definition": "Omschrijving",
        "include": "Wel coderen",
        "exclude": "Niet coderen",
        "examples": "Voorbeelden",
        "units": "Eenheden",
        "pa": "Overeenstemming",
        "kappa": "Cohens kappa",
        "alpha": "Krippendorffs alfa",
        "date": "Datum",
    },
    "en": {
        "default_title": "Interview report",
        "toc": "Contents",
        "toc_placeholder": "Right-click and choose ‘Update Field’ (or press F9) to show the table of contents.",
        "table": "Table",
        "figure": "Figure",
        "appendix": "Appendix",
        "method": "Method",
        "interviews": "Interviews",
        "codebook_h": "Codebook",
        "coding_h": "Coding",
        "agreement_h": "Reliability of the coding",
        "quotes_intro": "Representative quotes:",
        "info_h": "Information position per partner",
        "ws_h": "White spots",
        "app_codebook": "Codebook",
        "app_respondents": "Respondents",
        "total": "Total",
        "code": "Code",
        "name": "Description",
        "group": "Group",
        "port": "Port",
        "organisation": "Organisation",
        "respondent": "Respondent",
        "source": "Source",
        "coders": "Coder(s)",
        "codings": "Codings",
        "documents": "Interviews",
        "codes_used": "Codes",
        "partner": "Partner",
        "definition": "Description",
        "include": "Include",
        "exclude": "Exclude",
        "examples": "Examples",
        "units": "Units",
        "pa": "Agreement",
        "kappa": "Cohen's kappa",
        "alpha": "Krippendorff's alpha",
        "date": "Date",
    },
}


# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Heading:
    """A heading; ``text`` includes its number (``"2 Signalen"``, ``"Bijlage A Codeboek"``)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text; ``lead`` is a bold lead-in (``"SIG.1 Verdacht gedrag."``)."""

    text: str
    lead: str = ""
    style: str = "body"


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass
class Table:
    """A numbered, captioned table.

    Attributes
    ----------
    key
        Stable name (file name of its CSV: ``tables/<key>.csv``).
    number
        Its number among the tables (Word ``SEQ Tabel`` field).
    caption
        Caption text without the number.
    columns, rows
        Header and cell texts, as shown.
    data
        The tidy table behind it (written as CSV by the main job).
    note
        A note under the table (source, reading aid).
    """

    key: str
    number: int
    caption: str
    columns: list[str]
    rows: list[list[str]]
    data: pd.DataFrame
    note: str = ""


@dataclass
class Figure:
    """A numbered, captioned figure: PNG bytes, rendered once."""

    key: str
    number: int
    caption: str
    png: bytes
    width_cm: float = 16.0


@dataclass(frozen=True)
class Quote:
    """A pseudonymised quote and its attribution ``(R07, Douane, Harlingen)``."""

    text: str
    attribution: str


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


@dataclass(frozen=True)
class TableOfContents:
    """The table of contents (a Word TOC field; in Markdown left to the renderer)."""


Block = Heading | Paragraph | Bullets | Table | Figure | Quote | PageBreak | TableOfContents


@dataclass
class ReportContent:
    """Everything a report says, in order; rendered by the Word and Markdown writers.

    Attributes
    ----------
    title, subtitle, author, organisation, client
        Title-page texts.
    date
        The report date (also the documents' metadata dates).
    language
        ``"nl"`` or ``"en"``.
    blocks
        The body, in order (title page excluded).
    notes
        Remarks for the researcher (chapters left out and why); not part of the report.
    privacy
        How quotes were pseudonymised: ``key_checksum`` (``""`` without a key),
        ``key_entries``, ``patterns`` (kinds replaced) and ``allow_unpseudonymised``.
    """

    title: str
    subtitle: str
    author: str
    organisation: str
    client: str
    date: _dt.date
    language: str
    blocks: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    privacy: dict = field(default_factory=dict)

    @property
    def tables(self) -> list[Table]:
        """The numbered tables, in order."""
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def figures(self) -> list[Figure]:
        """The numbered figures, in order."""
        return [b for b in self.blocks if isinstance(b, Figure)]

    def label(self, key: str) -> str:
        """A fixed text of the report language (``"table"`` -> ``"Tabel"``)."""
        return _T[self.language][key]


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
    partners, dimensions
        Branch of the partners and the information-position dimensions
        (see :func:`researchkit.analysis.information_position`).
    suspicion, signal, phenomena, white_spot_rows
        Branches and rows of the white-spots chapter (see
        :func:`researchkit.analysis.white_spots`).
    n_quotes
        Quotes per theme chapter.
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
    partners: str = "ACT"
    dimensions: Mapping[str, str] | None = None
    suspicion: str = "VERM"
    signal: str = "SIG"
    phenomena: str = "FEN"
    white_spot_rows: str = "port"
    n_quotes: int = 3


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
        inputs = ReportInputs(corpus=source.corpus(), codebook=codebook, codings=source.codings())
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


# --------------------------------------------------------------------------- formatting helpers


def _parse_date(value: Any) -> _dt.date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    stamp = pd.to_datetime(str(value).strip(), errors="coerce", dayfirst=False)
    if pd.isna(stamp):
        return None
    return stamp.date()


def interview_dates(corpus: Any, column: str = "date") -> list[_dt.date]:
    """The parseable interview dates of the corpus, sorted.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> interview_dates(Corpus([Transcript("a", "x", attributes={"date": "2026-03-02"}),
    ...                         Transcript("b", "y", attributes={"date": "onbekend"})]))
    [datetime.date(2026, 3, 2)]
    """
    attrs = corpus.attributes
    if column not in attrs.columns:
        return []
    return sorted(d for d in (_parse_date(v) for v in attrs[column]) if d is not None)


def report_date(inputs: ReportInputs) -> _dt.date:
    """The report date: ``inputs.date`` or else the latest interview date.

    Raises
    ------
    ReportError
        ``RK554`` for a date that cannot be read, or when there is neither.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("a", "x", attributes={"date": "2026-02-03"}),
    ...                  Transcript("b", "y", attributes={"date": "2026-03-30"})])
    >>> report_date(ReportInputs(corpus, None, None)), report_date(ReportInputs(corpus, None, None, date="2026-04-15"))
    (datetime.date(2026, 3, 30), datetime.date(2026, 4, 15))
    """
    if inputs.date is not None:
        parsed = _parse_date(inputs.date)
        if parsed is None:
            raise ReportError("RK554", f"report date {inputs.date!r} is not a date", hint="use an ISO date such as 2026-04-01")
        return parsed
    dates = interview_dates(inputs.corpus)
    if not dates:
        raise ReportError(
            "RK554", "no report date given and no interview has a readable 'date' attribute",
            hint="pass date='2026-04-01' (the report never uses the clock, so that the same inputs give the same file)",
        )
    return dates[-1]


def format_date(day: _dt.date, language: str = "nl") -> str:
    """``3 februari 2026`` / ``3 February 2026``.

    Examples
    --------
    >>> format_date(_dt.date(2026, 2, 3))
    '3 februari 2026'
    """
    return f"{day.day} {_MONTHS[language][day.month - 1]} {day.year}"


def _count_word(n: int, language: str) -> str:
    words = _NUMBER_WORDS[language]
    return words[n] if 0 <= n < len(words) else str(n)


def _capitalize(word: str) -> str:
    """Capitalise a sentence's first word; Dutch "één" becomes "Eén" (not "Één")."""
    return "Eén" + word[3:] if word.startswith("één") else word[:1].upper() + word[1:]


def _num(value: float, digits: int, language: str) -> str:
    if value is None or pd.isna(value):
        return "–"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if language == "nl" else text


def _pct(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_") or "x"


def _plain_list(text: str) -> str:
    """Codebook include/exclude text ("- a\\n- b") as one line ("a; b")."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    items = [line[2:].strip() if line.startswith("- ") else line for line in lines]
    if len(items) > 1:
        items = [item.rstrip(".;") for item in items]
    return "; ".join(items)


def _join_and(items: Sequence[str], language: str) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" en " if language == "nl" else " and ") + items[-1]


def _sentence(text: str) -> str:
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "”", "’", '"')) else text + "."


def _trim_quote(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    if end > limit // 3:
        cut = cut[: end + 1]
    else:
        cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return cut.rstrip() + " […]"


def _figure_png(fig: Any, dpi: int) -> bytes:
    from researchkit.figures import save_figure

    with tempfile.TemporaryDirectory() as tmp:
        path = save_figure(fig, Path(tmp) / "figure.png", dpi=dpi)
        return path.read_bytes()


# --------------------------------------------------------------------------- the builder


class _Builder:
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
        self.group = inputs.group if inputs.group in self.attrs.columns else None
        self.attribution = [f for f in inputs.attribution if f in self.attrs.columns]
        missing = [f for f in inputs.attribution if f not in self.attrs.columns]
        if missing:
            self.notes.append(f"attribution field(s) {', '.join(missing)} not in the attributes; quotes show "
                              + (", ".join(self.attribution) if self.attribution else "only the respondent code"))
        self._sentences: pd.DataFrame | None = None

    # -- helpers --------------------------------------------------------------------

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

    # -- sections -------------------------------------------------------------------

    def method(self, chapter: int) -> None:
        t, lang = self.t, self.lang
        self.add(Heading(f"{chapter} {t['method']}", 1))
        self.add(Heading(f"{chapter}.1 {t['interviews']}", 2))
        n = len(self.corpus)
        dates = interview_dates(self.corpus)
        interviewers = _people(self.attrs["interviewer"]) if "interviewer" in self.attrs.columns else []
        if self.key is not None:  # interviewers named in the key are not named in the report either
            interviewers = sorted(dict.fromkeys(self.key.pseudonymise(p) for p in interviewers))
        n_resp = len(set(self.codes.values()))
        if lang == "nl":
            text = f"Dit rapport is gebaseerd op {n} interview{'s' if n != 1 else ''} met {n_resp} respondent{'en' if n_resp != 1 else ''}"
            if dates:
                text += f", afgenomen tussen {format_date(dates[0], lang)} en {format_date(dates[-1], lang)}" if dates[0] != dates[-1] else f", afgenomen op {format_date(dates[0], lang)}"
            if interviewers:
                k = len(interviewers)
                text += f" door {_count_word(k, lang)} interviewer{'s' if k != 1 else ''} ({_join_and(interviewers, lang)})"
            text += "."
        else:
            text = f"This report is based on {n} interview{'s' if n != 1 else ''} with {n_resp} respondent{'s' if n_resp != 1 else ''}"
            if dates:
                text += f", held between {format_date(dates[0], lang)} and {format_date(dates[-1], lang)}" if dates[0] != dates[-1] else f", held on {format_date(dates[0], lang)}"
            if interviewers:
                k = len(interviewers)
                text += f" by {_count_word(k, lang)} interviewer{'s' if k != 1 else ''} ({_join_and(interviewers, lang)})"
            text += "."
        cols = [c for c in (self.group, "port" if "port" in self.attrs.columns else None) if c]
        if cols:
            next_table = self.n_tables + 1
            words = {"nl": ("de respondentgroepen", "de havens"), "en": ("respondent groups", "ports")}[lang]
            what = _join_and([words[0] if c == self.group else words[1] for c in cols], lang)
            text += (f" Tabel {next_table} toont hoe de interviews over {what} zijn verdeeld." if lang == "nl" else
                     f" Table {next_table} shows how the interviews are spread over {what}.")
        self.add(Paragraph(text))
        if cols:
            self._interview_table(cols)
        if self.key is not None or self.allow_unpseudonymised:
            self.add(Paragraph(self._privacy_text()))
        # codebook
        self.add(Heading(f"{chapter}.2 {t['codebook_h']}", 2))
        cb = self.codebook
        n_codes, n_top, depth = len(cb), len(cb.codes), cb.depth
        title = f" ‘{cb.title}’" if cb.title else ""
        version = f" (versie {cb.version})" if cb.version is not None and lang == "nl" else (f" (version {cb.version})" if cb.version is not None else "")
        if lang == "nl":
            self.add(Paragraph(f"De interviews zijn gecodeerd met het codeboek{title}{version}. Het telt {n_codes} codes in "
                               f"{n_top} hoofdthema’s en {depth} niveau{'s' if depth != 1 else ''}. Bijlage A geeft per code "
                               "de omschrijving, wanneer de code wel en niet wordt toegekend, en voorbeelden."))
        else:
            self.add(Paragraph(f"The interviews were coded with the codebook{title}{version}. It has {n_codes} codes in "
                               f"{n_top} top-level themes and {depth} level{'s' if depth != 1 else ''}. Appendix A gives "
                               "each code's description, when it is and is not applied, and examples."))
        # coding procedure
        self.add(Heading(f"{chapter}.3 {t['coding_h']}", 2))
        self._coding_procedure()
        # agreement
        table = self._agreement_table()
        if table is not None:
            self.add(Heading(f"{chapter}.4 {t['agreement_h']}", 2))
            agreement, coders = table
            self._agreement_section(agreement, coders)

    def _privacy_text(self) -> str:
        """The method section's account of the pseudonymisation (key version, patterns, opt-out)."""
        nl = self.lang == "nl"
        if nl:
            text = ("Citaten zijn gepseudonimiseerd: respondenten zijn aangeduid met een code en namen van sprekers "
                    "en interviewers zijn vervangen door [naam].")
        else:
            text = ("Quotes are pseudonymised: respondents are identified by a code and the names of speakers and "
                    "interviewers are replaced by [naam].")
        if self.key is not None:
            n = len(self.key)
            if nl:
                text += (f" Namen van personen, bedrijven, schepen en plaatsen uit de pseudonimiseringssleutel zijn "
                         f"vervangen door vaste pseudoniemen zoals [PERSOON-1] (sleutel {self.key.short_checksum}, "
                         f"{n} term{'en' if n != 1 else ''}).")
            else:
                text += (f" Names of persons, companies, vessels and places in the pseudonymisation key are replaced by "
                         f"consistent pseudonyms such as [PERSOON-1] (key {self.key.short_checksum}, {n} term{'s' if n != 1 else ''}).")
        if self.kinds:
            text += (" Telefoonnummers, kentekens, e-mailadressen en andere herleidbare nummers zijn vervangen door een "
                     "aanduiding zoals [TELEFOON]." if nl else
                     " Phone numbers, licence plates, e-mail addresses and other identifying numbers are replaced by a "
                     "label such as [TELEFOON].")
        if self.allow_unpseudonymised:
            text += (" Let op: dit rapport is gemaakt zonder de controle op herleidbare gegevens af te dwingen "
                     "(allow_unpseudonymised); het kan namen of nummers bevatten." if nl else
                     " Note: this report was made without enforcing the check for identifying data "
                     "(allow_unpseudonymised); it may contain names or numbers.")
        return text

    def _interview_table(self, cols: list[str]) -> None:
        t = self.t
        attrs = self.attrs.copy()
        for c in cols:
            attrs[c] = attrs[c].map(lambda v: "(onbekend)" if pd.isna(v) else str(v))
        attrs["respondent"] = [self.codes[d] for d in attrs.index]
        if len(cols) == 2:
            row_col, col_col = cols
            counts = pd.crosstab(attrs[row_col], attrs[col_col])
            row_order = sorted(counts.index, key=str)
            col_order = sorted(counts.columns, key=str)
            counts = counts.reindex(index=row_order, columns=col_order, fill_value=0)
            header = [t.get(row_col, row_col)] + [str(c) for c in col_order] + [t["total"]]
            rows = [[str(r)] + [str(int(v)) for v in counts.loc[r]] + [str(int(counts.loc[r].sum()))] for r in row_order]
            rows.append([t["total"]] + [str(int(counts[c].sum())) for c in col_order] + [str(int(counts.to_numpy().sum()))])
            data = counts.reset_index().melt(id_vars=row_col, var_name=col_col, value_name="interviews")
            caption = ("Interviews per respondentgroep en haven" if self.lang == "nl" else "Interviews per respondent group and port")
        else:
            (row_col,) = cols
            counts = attrs[row_col].value_counts()
            row_order = sorted(counts.index, key=str)
            header = [t.get(row_col, row_col), t["documents"]]
            rows = [[str(r), str(int(counts[r]))] for r in row_order] + [[t["total"], str(int(counts.sum()))]]
            data = pd.DataFrame({row_col: row_order, "interviews": [int(counts[r]) for r in row_order]})
            caption = "Interviews per respondentgroep" if self.lang == "nl" else "Interviews per respondent group"
        self.table("interviews", caption, header, rows, data.astype({"interviews": "int64"}))

    def _coding_procedure(self) -> None:
        t, lang = self.t, self.lang
        frame = self.all_codings
        rows, data_rows = [], []
        source_col = frame["source"].astype(str) if "source" in frame.columns else pd.Series(["manual"] * len(frame))
        coder_col = frame["coder"].astype(str) if "coder" in frame.columns else pd.Series(["?"] * len(frame))
        order = ["rules", "manual", "model", "import"]
        sources = sorted(set(source_col), key=lambda s: (order.index(s) if s in order else len(order), s))
        for source in sources:
            part = frame[source_col.to_numpy() == source]
            coders = sorted(set(coder_col[source_col == source]))
            rows.append([_SOURCE_NAMES[lang].get(source, source), ", ".join(coders), str(len(part)),
                         str(part["doc_id"].nunique()), str(part["code"].nunique())])
            data_rows.append({"source": source, "coders": "; ".join(coders), "codings": len(part),
                              "documents": int(part["doc_id"].nunique()), "codes": int(part["code"].nunique())})
        counts = {r["source"]: r for r in data_rows}
        parts = []
        unit = None
        if "unit" in frame.columns and "rules" in counts:
            units = frame.loc[source_col.to_numpy() == "rules", "unit"].dropna().astype(str).unique()
            unit = units[0] if len(units) == 1 else None
        if lang == "nl":
            unit_nl = {"sentence": "zin", "turn": "spreekbeurt", "paragraph": "alinea", "document": "interview"}
            if "rules" in counts:
                r = counts["rules"]
                parts.append(f"De transcripten zijn eerst automatisch voorgecodeerd met de zoekregels van het codeboek "
                             f"({r['codings']} coderingen in {r['documents']} interviews"
                             + (f", per {unit_nl.get(unit, unit)}" if unit else "") + ").")
            if "manual" in counts:
                r = counts["manual"]
                k = len(r["coders"].split("; "))
                parts.append(f"{_capitalize(_count_word(k, lang))} codeur{'s' if k != 1 else ''} codeerde{'n' if k != 1 else ''} "
                             f"handmatig {r['documents']} interview{'s' if r['documents'] != 1 else ''} ({r['codings']} coderingen).")
            if "model" in counts:
                r = counts["model"]
                parts.append(f"Een model deed {r['codings']} suggesties in {r['documents']} interviews; een onderzoeker beoordeelde ze.")
            if "import" in counts:
                r = counts["import"]
                parts.append(f"{r['codings']} coderingen zijn geïmporteerd uit ander QDA-programmatuur.")
            used = "alle codeurs" if self.inputs.coders is None else ", ".join(self.inputs.coders)
            parts.append(f"De analyses in de volgende hoofdstukken gebruiken de coderingen van {used}; een passage die door "
                         f"meerdere codeurs met dezelfde code is gecodeerd telt één keer ({len(self.codings)} passages). "
                         f"Tabel {self.n_tables + 1} vat de codering samen.")
            caption = "Coderingen per bron"
        else:
            if "rules" in counts:
                r = counts["rules"]
                parts.append(f"The transcripts were first pre-coded automatically with the codebook's rules "
                             f"({r['codings']} codings in {r['documents']} interviews" + (f", per {unit}" if unit else "") + ").")
            if "manual" in counts:
                r = counts["manual"]
                k = len(r["coders"].split("; "))
                parts.append(f"{_capitalize(_count_word(k, lang))} coder{'s' if k != 1 else ''} coded {r['documents']} "
                             f"interview{'s' if r['documents'] != 1 else ''} by hand ({r['codings']} codings).")
            if "model" in counts:
                r = counts["model"]
                parts.append(f"A model made {r['codings']} suggestions in {r['documents']} interviews, reviewed by a researcher.")
            if "import" in counts:
                r = counts["import"]
                parts.append(f"{r['codings']} codings were imported from other QDA software.")
            used = "all coders" if self.inputs.coders is None else ", ".join(self.inputs.coders)
            parts.append(f"The analyses in the following chapters use the codings of {used}; a passage coded with the same "
                         f"code by several coders counts once ({len(self.codings)} passages). Table {self.n_tables + 1} "
                         "summarises the coding.")
            caption = "Codings per source"
        self.add(Paragraph(" ".join(parts)))
        data = pd.DataFrame(data_rows, columns=["source", "coders", "codings", "documents", "codes"])
        self.table("coding_by_source", caption, [t["source"], t["coders"], t["codings"], t["documents"], t["codes_used"]], rows, data)

    def _agreement_table(self) -> tuple[pd.DataFrame, list[str]] | None:
        if self.inputs.agreement is not None:
            table = self.inputs.agreement
            coders = list(table.attrs.get("coders", [])) if hasattr(table, "attrs") else []
            return table, coders
        frame = self.all_codings
        if "source" not in frame.columns or "coder" not in frame.columns:
            return None
        manual = frame[frame["source"].astype(str) == "manual"]
        coders = sorted(set(manual["coder"].astype(str)))
        if len(coders) < 2:
            return None
        from researchkit.agreement import agreement

        level = 1 if self.codebook.depth > 1 else None
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                table = agreement(manual, coders=coders, corpus=self.corpus, unit="sentence", level=level,
                                  codebook=self.codebook, lang=self.codebook.language or "nl")
            self.notes.extend(f"agreement: {w.message}" for w in caught)
        except ResearchkitError as exc:
            self.notes.append(f"no agreement table: {exc}")
            return None
        return table, coders

    def _agreement_section(self, table: pd.DataFrame, coders: list[str]) -> None:
        t, lang = self.t, self.lang
        kappa_col = "cohen_kappa" if "cohen_kappa" in table.columns else ("fleiss_kappa" if "fleiss_kappa" in table.columns else None)
        unit = str(table["unit"].iloc[0]) if "unit" in table.columns and len(table) else "sentence"
        overall = table[table["code"] == "(overall)"]
        per_code = table[table["code"] != "(overall)"]
        docs = table.attrs.get("documents") if hasattr(table, "attrs") else None
        n_docs = len(docs) if isinstance(docs, (list, tuple)) else None
        coders_text = _join_and(coders, lang) if coders else ("twee codeurs" if lang == "nl" else "two coders")
        alpha_overall = float(overall["alpha"].iloc[0]) if len(overall) and "alpha" in overall.columns else float("nan")
        if lang == "nl":
            unit_nl = {"sentence": "zin", "turn": "spreekbeurt", "paragraph": "alinea", "document": "interview", "character": "teken"}
            text = (f"De codeurs {coders_text} hebben dezelfde interviews{f' ({n_docs})' if n_docs else ''} onafhankelijk van "
                    f"elkaar gecodeerd. Per hoofdthema is de overeenstemming berekend over alle eenheden (per "
                    f"{unit_nl.get(unit, unit)}), gecodeerd of niet (tabel {self.n_tables + 1}).")
            if pd.notna(alpha_overall):
                text += f" Over alle thema’s samen is Krippendorffs alfa {_num(alpha_overall, 2, lang)}."
            text += " Waarden vanaf 0,80 gelden als goed, vanaf 0,67 als voldoende voor voorzichtige conclusies."
            caption = "Overeenstemming tussen codeurs per hoofdthema"
        else:
            text = (f"The coders {coders_text} coded the same interviews{f' ({n_docs})' if n_docs else ''} independently. "
                    f"Agreement per top-level theme is computed over every unit ({unit}), coded or not "
                    f"(table {self.n_tables + 1}).")
            if pd.notna(alpha_overall):
                text += f" Over all themes, Krippendorff's alpha is {_num(alpha_overall, 2, lang)}."
            text += " Values from 0.80 count as good, from 0.67 as acceptable for tentative conclusions."
            caption = "Inter-coder agreement per top-level theme"
        self.add(Paragraph(text))
        columns = [t["code"], t["name"], t["units"], t["pa"]] + ([t["kappa"]] if kappa_col else []) + [t["alpha"]]
        rows = []
        for _, r in pd.concat([per_code, overall]).iterrows():
            code = str(r["code"])
            name = self.name(code) if code in self.codebook else (t["total"] if code == "(overall)" else code)
            row = [code if code != "(overall)" else "", name, str(int(r["n_units"])), _num(float(r["percent_agreement"]), 2, lang)]
            if kappa_col:
                row.append(_num(float(r[kappa_col]), 2, lang))
            row.append(_num(float(r["alpha"]), 2, lang))
            rows.append(row)
        keep = [c for c in table.columns if c in ("code", "unit", "n_units", "both", "neither", "percent_agreement",
                                                   "cohen_kappa", "fleiss_kappa", "brennan_prediger", "alpha", "note")
                or c.startswith("n_")]
        self.table("agreement", caption, columns, rows, table[keep].reset_index(drop=True))

    # -- theme chapters -------------------------------------------------------------

    def theme(self, chapter: int, code: str) -> None:
        from researchkit import analysis, figures

        t, lang = self.t, self.lang
        cb = self.codebook
        label = self.name(code)
        self.add(PageBreak())  # every chapter starts on a new page
        self.add(Heading(f"{chapter} {label}", 1))
        description = cb[code].description
        if description:
            self.add(Paragraph(" ".join(description.split()), style="definition"))
        # names never count as distinctive words, and the sentence passes the pseudonymiser too
        name_words = sorted({w.lower() for form in self.pseudo.forms for w in form.split()})
        summary = analysis.theme_summary(self.codings, self.corpus, code=code, codebook=cb, n_quotes=0, stop=name_words)
        text = self.pseudo(summary.text_nl if lang == "nl" else summary.text_en)
        children = [c.id for c in cb[code].children]
        rows_codes = children + [code]
        level = cb[code].level
        in_branch = self.codings[self.codings["code"].isin([code] + cb.descendants(code))]
        # roll the branch up to the children; the theme row counts the whole branch
        rolled = in_branch.assign(code=[cb.ancestor(c, level + 1) if c != code else code for c in in_branch["code"]])
        rolled = rolled[rolled["code"] != code] if children else rolled.iloc[0:0]
        whole = in_branch.assign(code=code)
        by = self.group
        freq_children = analysis.frequencies(rolled, self.corpus, by=by, codes=children, codebook=cb) if children else None
        freq_theme = analysis.frequencies(whole, self.corpus, by=by, codes=[code], codebook=cb)
        freq_all_children = analysis.frequencies(rolled, self.corpus, codes=children, codebook=cb) if children else None
        freq_all_theme = analysis.frequencies(whole, self.corpus, codes=[code], codebook=cb)
        table_no = self.n_tables + 1
        figure_no = self.n_figures + 1
        has_figure = summary.respondents > 0
        if lang == "nl":
            text += f" Tabel {table_no} geeft per {'sub' if children else ''}thema hoeveel respondenten{' per groep' if by else ''} het noemen"
            text += f"; figuur {figure_no} toont hetzelfde als aandeel van de groep." if has_figure and by else "."
        else:
            text += f" Table {table_no} shows how many respondents{' per group' if by else ''} mention each {'sub-' if children else ''}theme"
            text += f"; figure {figure_no} shows the same as a share of each group." if has_figure and by else "."
        self.add(Paragraph(text))
        # frequency table
        if by:
            groups = list(dict.fromkeys(freq_theme[by]))
            sizes = dict(zip(freq_theme[by], freq_theme["n_respondents"]))
        else:
            groups, sizes = [], {}
        n_all = int(freq_all_theme["n_respondents"].iloc[0])
        header = [t["code"], t["name"]] + [f"{g} (n={sizes[g]})" for g in groups] + [f"{t['total']} (n={n_all})"]
        rows = []
        data_parts = []
        for c in rows_codes:
            is_theme = c == code
            grouped = freq_theme if is_theme else freq_children
            overall = freq_all_theme if is_theme else freq_all_children
            row = [c, (f"{t['total']}: {label}" if is_theme and children else self.name(c))]
            for g in groups:
                r = grouped[(grouped["code"] == c) & (grouped[by] == g)].iloc[0]
                row.append(f"{int(r['respondents'])} ({_pct(int(r['respondents']), int(r['n_respondents']))})")
            o = overall[overall["code"] == c].iloc[0]
            row.append(f"{int(o['respondents'])} ({_pct(int(o['respondents']), int(o['n_respondents']))})")
            rows.append(row)
        for frame in (freq_children, freq_theme):
            if frame is not None:
                data_parts.append(frame)
        data = pd.concat(data_parts, ignore_index=True)
        data = data[[c for c in data.columns if c in ("code", "name", by, "codings", "documents", "respondents", "n_respondents", "share") and c]]
        caption = (f"Respondenten die {label} noemen{', per groep' if by else ''}" if lang == "nl"
                   else f"Respondents mentioning {label}{', per group' if by else ''}")
        note = ("Aantal respondenten (percentage van de groep)." if lang == "nl" else "Number of respondents (percentage of the group).")
        self.table(f"theme_{code}", caption, header, rows, data, note)
        # figure
        if has_figure and by:
            freq_fig = (freq_children if children else freq_theme).rename(columns={by: t.get(by, by)})
            fig = figures.frequency_bars(freq_fig, value="share", codebook=cb, lang=lang)
            cap = (f"Aandeel respondenten per groep dat {label} noemt" if lang == "nl" else f"Share of respondents per group mentioning {label}")
            self.figure(f"theme_{code}", cap, fig)
        elif has_figure:
            freq_fig = freq_all_children if children else freq_all_theme
            fig = figures.frequency_bars(freq_fig, value="respondents", codebook=cb, lang=lang)
            cap = (f"Respondenten die {label} noemen" if lang == "nl" else f"Respondents mentioning {label}")
            self.figure(f"theme_{code}", cap, fig)
        # quotes
        if has_figure and self.inputs.n_quotes:
            quotes = analysis.quotes(self.codings, self.corpus, code=code, n=self.inputs.n_quotes, by=by, codebook=cb,
                                     context=0, roles=("respondent",), min_words=MIN_QUOTE_WORDS)
            if len(quotes):
                safe = pseudonymise_quotes(quotes, self.corpus, codes=self.codes, fields=self.attribution, pseudonymiser=self.pseudo)
                self.add(Paragraph(t["quotes_intro"]))
                for text_, attr in zip(safe["text"], safe["attribution"]):
                    self.add(Quote(_trim_quote(text_), attr))

    # -- information position -------------------------------------------------------

    def information_position(self, chapter: int) -> bool:
        from researchkit import analysis, figures
        from researchkit.analysis import DEFAULT_DIMENSIONS

        cb, lang, t = self.codebook, self.lang, self.t
        dims = dict(self.inputs.dimensions or DEFAULT_DIMENSIONS)
        present = {k: v for k, v in dims.items() if v in cb}
        if self.inputs.partners not in cb or not present:
            self.notes.append(
                f"chapter information_position left out: the codebook has no {self.inputs.partners!r} branch "
                f"or none of the dimension codes {', '.join(dims.values())}"
            )
            return False
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = analysis.information_position(self.codings, self.corpus, partners=self.inputs.partners,
                                                   dimensions=present, codebook=cb, units_table=self.sentences())
        self.notes.extend(f"information_position: {w.message}" for w in caught)
        dim_labels = {k: _DIMENSIONS[lang].get(k, k) for k in present}
        self.add(PageBreak())  # every chapter starts on a new page
        self.add(Heading(f"{chapter} {t['info_h']}", 1))
        partner_totals = result.groupby("partner_name", sort=False)["respondents"].sum()
        top = result.sort_values(["respondents", "passages"], ascending=False, kind="mergesort").iloc[0]
        silent = [p for p, v in partner_totals.items() if v == 0]
        table_no, figure_no = self.n_tables + 1, self.n_figures + 1
        if lang == "nl":
            text = (f"Dit hoofdstuk brengt in kaart wat respondenten zeggen over hoe partners informatie "
                    f"{', '.join(dim_labels[d] for d in list(present)[:-1])}{' en ' if len(present) > 1 else ''}{dim_labels[list(present)[-1]]}. "
                    f"Een partner en een dimensie tellen samen als ze in dezelfde zin zijn gecodeerd. ")
            if int(top["respondents"]) > 0:
                text += (f"Het vaakst gaat het over {dim_labels[top['dimension']]} door {top['partner_name']} "
                         f"({int(top['respondents'])} respondenten). ")
            if silent:
                text += f"Over {', '.join(silent)} zegt niemand iets in termen van de informatiepositie. "
            text += f"Tabel {table_no} en figuur {figure_no} geven het volledige beeld (aantal respondenten)."
            caption = "Informatiepositie per partner: aantal respondenten per dimensie"
            fig_caption = "Informatiepositie per partner (aantal respondenten)"
        else:
            text = (f"This chapter maps what respondents say about how partners "
                    f"{', '.join(dim_labels[d] for d in list(present)[:-1])}{' and ' if len(present) > 1 else ''}{dim_labels[list(present)[-1]]} "
                    f"information. A partner and a dimension count together when coded in the same sentence. ")
            if int(top["respondents"]) > 0:
                text += f"Most often this concerns {top['partner_name']} ({dim_labels[top['dimension']]}, {int(top['respondents'])} respondents). "
            if silent:
                text += f"Nobody discusses {', '.join(silent)} in terms of the information position. "
            text += f"Table {table_no} and figure {figure_no} give the full picture (number of respondents)."
            caption = "Information position per partner: respondents per dimension"
            fig_caption = "Information position per partner (respondents)"
        self.add(Paragraph(text))
        partners = list(dict.fromkeys(result["partner"]))
        header = [t["partner"]] + [dim_labels[d] for d in present]
        rows = []
        for p in partners:
            part = result[result["partner"] == p].set_index("dimension")
            rows.append([str(part["partner_name"].iloc[0])] + [str(int(part.at[d, "respondents"])) for d in present])
        data = result.drop(columns=["respondent_ids"]).copy()
        data["respondent_codes"] = [
            "; ".join(sorted({self.codes.get(d, d) for d in ids.split("; ") if d})) for ids in result["respondent_ids"]
        ]
        self.table("information_position", caption, header, rows, data)
        self.figure("information_position", fig_caption, figures.information_position_heatmap(result, lang=lang))
        return True

    # -- white spots ----------------------------------------------------------------

    def white_spots(self, chapter: int) -> bool:
        from researchkit import analysis, figures

        cb, lang, t, inp = self.codebook, self.lang, self.t, self.inputs
        missing = [b for b in (inp.suspicion, inp.signal, inp.phenomena) if b not in cb]
        rows_attr = inp.white_spot_rows
        if missing or (rows_attr not in self.attrs.columns and rows_attr not in cb):
            what = f"branch(es) {', '.join(missing)}" if missing else f"attribute or branch {rows_attr!r}"
            self.notes.append(f"chapter white_spots left out: the inputs have no {what}")
            return False
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = analysis.white_spots(self.codings, self.corpus, rows=rows_attr, cols="phenomenon", suspicion=inp.suspicion,
                                          signal=inp.signal, phenomena=inp.phenomena, codebook=cb,
                                          units_table=self.sentences())
        self.notes.extend(f"white_spots: {w.message}" for w in caught)
        self.add(PageBreak())  # every chapter starts on a new page
        self.add(Heading(f"{chapter} {t['ws_h']}", 1))
        spots = result[result["white_spot"]]
        row_col, col_col = result.columns[0], result.columns[1]
        table_no, figure_no = self.n_tables + 1, self.n_figures + 1
        susp, sig = self.name(inp.suspicion).lower(), self.name(inp.signal).lower()
        items = [f"{r[row_col]} – {self.name(r[col_col])}: {int(r['suspicions'])} "
                 f"{'passage' if int(r['suspicions']) == 1 else 'passages'} {'met vermoedens' if lang == 'nl' else 'with suspicions'}"
                 for _, r in spots.iterrows()]
        if lang == "nl":
            text = (f"Een witte vlek is een combinatie van {t.get(row_col, row_col).lower()} en fenomeen waarover respondenten "
                    f"wel {susp} uiten, maar geen concrete {sig} noemen. Dat is een aanwijzing voor een gat in de "
                    f"informatiepositie, geen bewijs: het kan ook zijn dat het fenomeen er niet speelt. ")
            text += f"De analyse vindt {len(spots)} kandidaat-witte {'vlek' if len(spots) == 1 else 'vlekken'}" + (":" if len(spots) else ".")
            after = (f"Tabel {table_no} geeft per cel het aantal passages met {susp} en met {sig}; figuur {figure_no} toont "
                     "de kandidaat-witte vlekken in oranje.")
            caption = f"Vermoedens en signalen per {t.get(row_col, row_col).lower()} en fenomeen (passages)"
            fig_caption = "Kandidaat-witte vlekken: vermoedens zonder signalen"
        else:
            text = (f"A white spot is a combination of {row_col} and phenomenon about which respondents voice {susp} but "
                    f"mention no concrete {sig}: a hint at a gap in the information position, not proof; the phenomenon may "
                    "also be absent. ")
            text += f"The analysis finds {len(spots)} candidate white spot{'s' if len(spots) != 1 else ''}" + (":" if len(spots) else ".")
            after = (f"Table {table_no} gives, per cell, the passages with {susp} and with {sig}; figure {figure_no} shows "
                     "the candidate white spots in orange.")
            caption = f"Suspicions and signals per {row_col} and phenomenon (passages)"
            fig_caption = "Candidate white spots: suspicions without signals"
        self.add(Paragraph(text))
        if items:
            self.add(Bullets(tuple(items)))
        self.add(Paragraph(after))
        rows_order = list(dict.fromkeys(result[row_col].astype(str)))
        cols_order = list(dict.fromkeys(result[col_col].astype(str)))
        # phenomena down, rows (ports) across: a table that fits the width of a page
        phen_label = "Fenomeen" if lang == "nl" else "Phenomenon"
        header = [phen_label] + rows_order
        cells = result.assign(_r=result[row_col].astype(str), _c=result[col_col].astype(str)).set_index(["_r", "_c"])
        rows = []
        for c in cols_order:
            row = [self.name(c) if c in cb else c]
            for r in rows_order:
                cell = cells.loc[(r, c)]
                if int(cell["mentions"]) == 0:
                    row.append("–")
                else:
                    row.append(f"{int(cell['suspicions'])} / {int(cell['signals'])}" + (" *" if bool(cell["white_spot"]) else ""))
            rows.append(row)
        note = ("Per cel: passages met vermoedens / met signalen; * = kandidaat-witte vlek; – = niet genoemd." if lang == "nl"
                else "Per cell: passages with suspicions / with signals; * = candidate white spot; – = not mentioned.")
        self.table("white_spots", caption, header, rows, result.reset_index(drop=True), note)
        self.figure("white_spots", fig_caption, figures.white_spot_map(result, lang=lang, codebook=cb))
        return True

    # -- appendices -----------------------------------------------------------------

    def appendix_codebook(self, letter: str) -> None:
        t = self.t
        cb = self.codebook
        self.add(PageBreak())
        self.add(Heading(f"{t['appendix']} {letter} {t['app_codebook']}", 1))
        intro = " ".join(str(cb.description or "").split())
        if intro:
            self.add(Paragraph(intro))
        for top in cb.codes:
            self.add(Heading(f"{top.id} {top.name}", 2))
            for code in [top] + [cb[c] for c in cb.descendants(top.id)]:
                lines = []
                if code.description:
                    lines.append(("", " ".join(code.description.split())))
                if code.include:
                    lines.append((f"{t['include']}: ", _plain_list(code.include)))
                if code.exclude:
                    lines.append((f"{t['exclude']}: ", _plain_list(code.exclude)))
                if code.examples:
                    lines.append((f"{t['examples']}: ", " ".join(f"“{self.pseudo(e)}”" for e in code.examples)))
                text = " ".join(_sentence(f"{lead}{body}") for lead, body in lines) if lines else ""
                self.add(Paragraph(text, lead=f"{code.id} {code.name}.", style="codebook"))

    def appendix_respondents(self, letter: str) -> None:
        t = self.t
        self.add(PageBreak())
        self.add(Heading(f"{t['appendix']} {letter} {t['app_respondents']}", 1))
        fields = [f for f in (self.group, "organisation", "port") if f]
        overview = respondent_overview(self.corpus, codes=self.codes, fields=fields)
        self.add(Paragraph(
            "Respondenten zijn aangeduid met een code; organisaties zonder nadere functieaanduiding. "
            f"Tabel {self.n_tables + 1} geeft het overzicht." if self.lang == "nl" else
            f"Respondents are identified by a code; organisations without function details. Table {self.n_tables + 1} lists them."
        ))
        header = [t["respondent"]] + [t.get(f, f) for f in overview.columns[1:]]
        overview = overview.map(lambda v: self.pseudo(v) if isinstance(v, str) else v)
        rows = [[str(v) for v in r] for r in overview.itertuples(index=False)]
        caption = "Overzicht van de respondenten" if self.lang == "nl" else "Respondents"
        self.table("respondents", caption, header, rows, overview)


def _people(values: pd.Series) -> list[str]:
    out: list[str] = []
    for value in values.dropna():
        for part in re.split(r"[;/]", str(value)):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return sorted(out)


def _resolve_chapters(chapters: Sequence[str] | None, codebook: Any) -> list[str]:
    if chapters is None:
        return [c.id for c in codebook.codes] + list(SPECIAL_CHAPTERS)
    if isinstance(chapters, str):
        chapters = [chapters]
    bad = [c for c in chapters if c not in SPECIAL_CHAPTERS and c not in codebook]
    if bad:
        raise ReportError(
            "RK552", f"unknown chapter(s) {', '.join(map(repr, bad))}",
            hint=f"use code ids of the codebook (top level: {', '.join(c.id for c in codebook.codes)}) "
                 f"or {', '.join(SPECIAL_CHAPTERS)}",
        )
    return list(dict.fromkeys(chapters))


def build_content(
    inputs: Any,
    *,
    chapters: Sequence[str] | None = None,
    language: str = "nl",
    dpi: int = 150,
    key: Any = None,
    allow_unpseudonymised: bool = False,
) -> ReportContent:
    """Build the report's content from a :class:`ReportInputs` or a Project.

    Parameters
    ----------
    inputs
        :class:`ReportInputs`, or a :class:`~researchkit.project.Project`.
    chapters
        Code ids to give a chapter each (in this order), plus optionally
        ``"information_position"`` and ``"white_spots"``. Default: every top-level code,
        then the information position and the white spots (each left out, with a note,
        when the codebook lacks the branches they need).
    language
        ``"nl"`` (default) or ``"en"``.
    dpi
        Resolution of the figures.
    key
        A pseudonymisation key (default ``inputs.key``; see :class:`ReportInputs`).
    allow_unpseudonymised
        State in the method section that the report was made without enforcing the
        leak check (the writers then keep a report with findings; see
        :func:`researchkit.report.build_report`).

    Returns
    -------
    ReportContent

    Raises
    ------
    ReportError
        ``RK552`` unknown chapter, ``RK553`` incomplete inputs, ``RK554`` bad date or language.

    Examples
    --------
    >>> import pandas as pd
    >>> from researchkit.codebook import Codebook
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "Busje.", attributes={"date": "2026-01-05"})])
    >>> cb = Codebook.from_dict({"codes": [{"id": "SIG", "name": "Signalen"}]})
    >>> codings = pd.DataFrame([{"doc_id": "R1", "start": 0, "end": 6, "code": "SIG", "coder": "a", "source": "manual"}])
    >>> c = build_content(ReportInputs(corpus, cb, codings), chapters=["SIG"])
    >>> c.date, [t.key for t in c.tables]
    (datetime.date(2026, 1, 5), ['coding_by_source', 'theme_SIG', 'respondents'])
    """
    if language not in LANGUAGES:
        raise ReportError("RK554", f"language {language!r} is not one of {', '.join(LANGUAGES)}", hint="use 'nl' or 'en'")
    inputs = as_inputs(inputs)
    day = report_date(inputs)
    wanted = _resolve_chapters(chapters, inputs.codebook)
    key = key if key is not None else inputs.key
    b = _Builder(inputs, language, dpi, key=key, allow_unpseudonymised=allow_unpseudonymised)
    b.add(TableOfContents())
    b.add(PageBreak())
    number = 1
    b.method(number)
    for chapter in wanted:
        if chapter == "information_position":
            made = b.information_position(number + 1)
        elif chapter == "white_spots":
            made = b.white_spots(number + 1)
        else:
            b.theme(number + 1, chapter)
            made = True
        if made:
            number += 1
    b.appendix_codebook("A")
    b.appendix_respondents("B")
    t = _T[language]
    return ReportContent(
        title=inputs.title or t["default_title"],
        subtitle=inputs.subtitle,
        author=inputs.author,
        organisation=inputs.organisation,
        client=inputs.client,
        date=day,
        language=language,
        blocks=b.blocks,
        notes=b.notes,
        privacy={"key_checksum": b.key.checksum if b.key is not None else "",
                 "key_entries": len(b.key) if b.key is not None else 0,
                 "patterns": list(b.kinds), "allow_unpseudonymised": bool(allow_unpseudonymised)},
    )


def iter_text(content: ReportContent) -> Iterable[str]:
    """Every visible text of the content (headings, paragraphs, cells, quotes), for checks.

    Examples
    --------
    >>> c = ReportContent("T", "", "", "", "", _dt.date(2026, 1, 1), "nl", [Paragraph("Hallo")])
    >>> list(iter_text(c))
    ['T', 'Hallo']
    """
    yield content.title
    for block in content.blocks:
        if isinstance(block, Heading):
            yield block.text
        elif isinstance(block, Paragraph):
            yield (block.lead + " " + block.text).strip()
        elif isinstance(block, Bullets):
            yield from block.items
        elif isinstance(block, Table):
            yield block.caption
            yield from block.columns
            for row in block.rows:
                yield from row
        elif isinstance(block, Figure):
            yield block.caption
        elif isinstance(block, Quote):
            yield block.text
            yield block.attribution

"""The one catalogue of researchkit errors and warnings.

Every error carries a stable code (``RK1xx`` ingestion, ``RK2xx`` codebook and
auto-coding, ``RK3xx`` project store, ``RK4xx`` agreement and models, ``RK5xx``
analysis and reports), names the file and the place (line, paragraph, row) where
it can, shows the bad value and says what to do about it.

Examples
--------
>>> err = InputFileError("RK104", "interview.txt", "the file is empty",
...                      hint="export the transcript again")
>>> print(err)
[RK104] interview.txt: the file is empty. What to do: export the transcript again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


class ResearchkitError(Exception):
    """Base class of every error researchkit raises on purpose.

    Parameters
    ----------
    code
        Stable catalogue code such as ``"RK104"``.
    message
        What went wrong, in plain words, with the bad value.
    hint
        What the user can do about it.
    """

    def __init__(self, code: str, message: str, *, hint: str | None = None) -> None:
        self.code = code
        self.message = message
        self.hint = hint
        text = f"[{code}] {message}"
        if hint:
            # One full stop after the message, and the advice of a multi-line message on its own line.
            end = "" if message.rstrip().endswith((".", "!", "?")) else "."
            text = text.rstrip() + end + ("\n" if "\n" in message else " ") + f"What to do: {hint.rstrip('.')}."
        super().__init__(text)


class InputFileError(ResearchkitError, ValueError):
    """A file could not be read as what it claims to be.

    Parameters
    ----------
    code
        Catalogue code.
    path
        The file.
    message
        What is wrong.
    location
        Where in the file (``"line 12"``, ``"paragraph 4"``, ``"row 3"``), if known.
    hint
        What to do.
    """

    def __init__(
        self,
        code: str,
        path: str | Path,
        message: str,
        *,
        location: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.path = str(path)
        self.location = location
        where = f"{self.path}, {location}" if location else self.path
        super().__init__(code, f"{where}: {message}", hint=hint)


class TranscriptError(InputFileError):
    """A transcript file cannot be turned into a transcript."""


class AttributesError(InputFileError):
    """The respondent-attributes sheet is malformed or does not match the corpus."""


class CorpusError(ResearchkitError, ValueError):
    """Reading a corpus met one or more problems (see ``problems``).

    Parameters
    ----------
    problems
        Every problem met, in file order.
    """

    def __init__(self, problems: Iterable[ResearchkitError]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            "RK120",
            f"{len(self.problems)} problem(s) while reading the corpus:\n{lines}",
            hint="fix each file as its line says, or pass strict=False to skip them and get a report",
        )


class ConfigurationError(ResearchkitError, ValueError):
    """An option passed by the user is invalid (unknown role, language, unit ...)."""


@dataclass(frozen=True)
class Problem:
    """A problem met while reading a corpus with ``strict=False``.

    Attributes
    ----------
    path
        The file concerned.
    error
        The error that was raised for it.
    """

    path: str
    error: ResearchkitError

    def __str__(self) -> str:  # pragma: no cover - trivial
        return str(self.error)


def yaml_problem(exc: Exception) -> tuple[str, str]:
    """Where a YAML syntax error is (``", line 3, column 5"`` or ``""``) and what it is, for messages.

    Examples
    --------
    >>> import yaml
    >>> try:
    ...     yaml.safe_load("a: [1, 2")
    ... except yaml.YAMLError as exc:
    ...     yaml_problem(exc)
    (', line 1, column 9', "expected ',' or ']', but got '<stream end>'")
    """
    mark = getattr(exc, "problem_mark", None)
    where = f", line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    return where, str(getattr(exc, "problem", None) or exc)


# Error codes used so far, kept here so that a new one is never reused by mistake.
CODES: dict[str, str] = {
    "RK101": "file not found",
    "RK102": "unsupported file type",
    "RK103": "corrupt, encrypted or not a real Word file",
    "RK104": "empty file",
    "RK105": "binary data in a text file",
    "RK106": "text encoding could not be detected",
    "RK107": "file too large or a decompression bomb",
    "RK108": "malformed metadata header",
    "RK109": "malformed subtitle file",
    "RK110": "speaker label mapped to an unknown role",
    "RK111": "duplicate doc_id",
    "RK112": "attributes sheet malformed",
    "RK113": "attribute ids do not match the corpus",
    "RK114": "no transcripts found",
    "RK115": "document not found in corpus",
    "RK116": "not a CHAT (.cha) file: its first line is neither a header nor an utterance",
    "RK117": "a CHAT line marked '*' that is no utterance (*CODE:<tab>text)",
    "RK118": "a CHAT utterance before @Begin or after @End",
    "RK119": "a CHAT file's encoding: @UTF8 declared but not UTF-8, or a NUL byte",
    "RK120": "problems while reading a corpus",
    "RK121": "XML transcript not well-formed, nested too deep, or declaring entities (refused)",
    "RK122": "an .xml file whose root element is no transcript layout, or a tool's format to rename (.eaf, .trs, .exb)",
    "RK123": "OHMS or TEI transcript without its parts (no single <record>, no transcript, no <body> or <u> utterances)",
    "RK124": "TTML/DFXP time expression or time parameter that is none, or a root that is not <tt>",
    "RK125": "malformed .sbv cue or SubStation (.ass/.ssa) Format/Dialogue line",
    "RK126": "malformed SBCSAE .trn line (no start and end times in seconds)",
    "RK127": "malformed NIST .stm line (fields, times), or one .stm holding several recordings",
    "RK128": "British National Corpus XML (BNC XML edition <bncDoc>, Spoken BNC2014 <text>) that is no spoken transcript or does not fit",
    "RK129": "TalkBank XML (<CHAT>) without utterances, or with participants, utterances or media times that do not fit",
    "RK130": "a helper program needed to read the format is missing (antiword for .doc)",
    "RK131": "sheet too large or a decompression bomb (.xlsx limits)",
    "RK132": "transcript table without a text column",
    "RK133": "date in an attributes sheet ambiguous, invalid or mixed (warning when ambiguous)",
    "RK134": "speaker attributes name speakers that are not in the transcripts",
    "RK135": "RTF whose font table is never closed (its text cannot be told from font names)",
    "RK136": "text transcript with more lines than a transcript may have (1,000,000)",
    "RK137": "Oyez oral-argument JSON without a transcript, or with sections, turns, speakers or times that do not fit",
    "RK138": "transcript with more units (cues, rows, paragraphs, annotations) than a transcript may have (1,000,000)",
    "RK140": "n_process for reading a corpus is not a whole number >= 1",
    "RK144": "YouTube timed-text captions (XML or json3) without captions, or with a time that is none",
    "RK145": "transcript table whose speaker or text column cannot be told apart from another (both named), or split by a column it lacks",
    "RK146": "transcript table holding several conversations (a conversation-id column with two or more values) read as one transcript; read_corpus reads it as one document a conversation",
    "RK147": "an oTranscribe .otr file that is no oTranscribe JSON (no 'text' string with the transcript's HTML)",
    "RK148": "an oTranscribe .otr file whose transcript ('text') holds no words",
    "RK153": "parliamentary XML (ParlParse <publicwhip>, ParlInfo <hansard>) with nothing spoken in it, or without its record",
    "RK154": "ParlParse time attribute that is no clock time, read strictly (io.publicwhip.clock_time); the readers leave such a time out and note it",
    "RK155": "ParlInfo Hansard XML (<hansard>, Parliament of Australia) without <chamber.xscript> or another record of the sitting",
    "RK156": "transcript table of several conversations with rows that hold text but no conversation id (read into no document)",
    "RK160": "a passage asked for its line numbers is not inside the transcript's text",
    "RK161": "a table of passages to give line numbers lacks doc_id, start or end",
    "RK162": "malformed JSON transcript (not valid JSON, nested too deeply, or an item of the wrong type)",
    "RK163": "malformed ELAN .eaf file (XML not well-formed or unsafe, time slots or tiers that do not fit)",
    "RK164": "malformed Praat TextGrid (binary, not a TextGrid, or its numbers and texts do not fit the format)",
    "RK165": "malformed Transcriber .trs file (XML not well-formed or unsafe, times or speakers that do not fit)",
    "RK166": "malformed EXMARaLDA .exb file (XML not well-formed or unsafe, timeline or tiers that do not fit)",
    "RK167": "Hansard XML (<Hansard>, House of Commons of Canada) without <HansardBody> or with nothing spoken in it",
    "RK168": "Hansard XML <PersonSpeaking> (or Questioner/Responder) that names no speaker",
    "RK169": "Hansard XML <Timestamp> whose Hr/Mn attributes are no clock time, read strictly (io.hansardxml.clock_seconds); the reader leaves such a time out and notes it",
}


# --- RK2xx: codebook, NLP pipelines and auto-coding -------------------------------------


class LanguageError(ConfigurationError):
    """A language or spaCy pipeline cannot be used (unknown code, model not installed)."""


class CodebookError(InputFileError):
    """A codebook cannot be read or is invalid; ``problems`` lists every problem found.

    Parameters
    ----------
    code
        Catalogue code (``RK211`` syntax error, ``RK212`` invalid codebook ...).
    path
        The codebook file, or ``"<codebook>"`` for one built in memory.
    problems
        Every problem, each already naming its line (``"line 12: ..."``).
    hint
        What to do.
    """

    def __init__(self, code: str, path: str | Path, problems: Iterable[str], *, hint: str | None = None) -> None:
        self.problems = list(problems)
        if len(self.problems) == 1:
            message = self.problems[0]
        else:
            message = f"{len(self.problems)} problems:\n" + "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(code, path, message, hint=hint)


class CodebookWarning(UserWarning):
    """Something in a codebook or an auto-coding run a researcher should look at (RK214, RK221)."""


class WorkerError(ResearchkitError, RuntimeError):
    """A helper process (``n_process > 1``) stopped without finishing its work (RK222)."""


class EvaluationError(ResearchkitError, ValueError):
    """Codings and a gold standard cannot be compared."""


CODES.update(
    {
        "RK201": "unknown or unsupported language",
        "RK202": "trained spaCy pipeline not installed",
        "RK203": "lemma lookup tables could not be loaded",
        "RK204": "unknown unit",
        "RK205": "unknown role",
        "RK210": "codebook file not found or unreadable",
        "RK211": "codebook YAML syntax error",
        "RK212": "invalid codebook (all problems listed)",
        "RK213": "unknown code id",
        "RK214": "rule can never match (warning)",
        "RK215": "codings use codes that are not in the codebook",
        "RK216": "invalid roll-up level",
        "RK220": "invalid auto-coding option",
        "RK221": "document has no turns of the requested roles (warning)",
        "RK222": "an auto-coding helper process stopped without finishing its work",
        "RK230": "codings and gold standard cannot be compared",
        "RK240": "codebook uses a YAML tag that is not allowed (Python tags and other custom tags)",
        "RK241": "codebook nested too deeply",
        "RK242": "codebook sheet without a code column (headers seen and names accepted listed)",
        "RK243": "codebook sheet row without a code name (or no codes at all)",
        "RK244": "codebook sheet row whose parent names no code (or more than one)",
        "RK245": "codebook sheet parents that lead round in a circle",
        "RK246": "codebook sheet with the same code twice at one level, or an id used twice",
        "RK247": "codebook sheet cannot be read (file type, encoding, sheet name)",
        "RK248": "codebook sheet value invalid (level, or what the codebook refuses)",
        "RK249": "codebook sheet note: a code made, a value changed or set aside (warning)",
        "RK250": "codebook sheet larger than a saved codebook can hold (YAML values or bytes beyond the loader's limits)",
        "RK251": "codebook sheet code name that is a formula without a computed value (file never calculated)",
        "RK252": "codebook sheet with merged cells over several rows of the code column",
    }
)


class AnalysisError(ResearchkitError, ValueError):
    """An analysis or figure cannot be made from the inputs given (RK5xx).

    Raised for unknown attribute columns in ``by=``, codes that are not in the codings
    or codebook, options that are not allowed, and codings that do not fit the corpus.
    The message names the bad value and lists the valid options.
    """


CODES.update(
    {
        "RK501": "attribute column not in the corpus attributes",
        "RK502": "codings table unusable for analysis (missing columns, unknown documents)",
        "RK503": "code or branch not found in the codings or codebook",
        "RK504": "invalid analysis option (unit, level, form, value ...)",
        "RK505": "option needs a codebook or corpus that was not given",
        "RK506": "figure cannot be drawn or saved (empty data, unknown file type)",
        "RK507": "Excel export failed or sheet malformed",
    }
)


class QueryError(AnalysisError):
    """A query, segment retrieval, keyword-in-context search or export cannot run as asked (RK510-RK529).

    Examples
    --------
    >>> print(QueryError("RK510", "query syntax: expected a code", hint="see docs/analysis.md"))
    [RK510] query syntax: expected a code. What to do: see docs/analysis.md.
    """


CODES.update(
    {
        "RK510": "query syntax error (the message points at the position)",
        "RK511": "query or combinator argument invalid (unit, distance, operand type)",
        "RK512": "query names a code that is in neither the codings nor the codebook",
        "RK513": "segments/query/kwic source is neither a Project nor a codings table with a corpus",
        "RK514": "invalid segments or keyword-in-context option (context, window, pattern, roles)",
        "RK515": "export of segments or of a case x code matrix failed (suffix, columns, folder)",
        "RK516": "matrix query rows or columns invalid",
    }
)


class ProjectError(ResearchkitError, ValueError):
    """The project store cannot do what was asked (see ``CODES`` RK310-RK349).

    Examples
    --------
    >>> print(ProjectError("RK314", "no project at 'x.rkp'", hint="create it with Project.create"))
    [RK314] no project at 'x.rkp'. What to do: create it with Project.create.
    """


class QuoteNotFoundError(ProjectError, LookupError):
    """A quote given to ``Project.code`` is not in the document, or occurs more than once.

    Attributes
    ----------
    candidates
        ``(start, end, text)`` of every occurrence (ambiguous quote) or of the closest
        match (missing quote).
    """

    def __init__(self, code: str, message: str, *, hint: str | None = None, candidates: list | None = None) -> None:
        self.candidates = list(candidates or [])
        super().__init__(code, message, hint=hint)


CODES.update(
    {
        "RK310": "not a researchkit project (not a SQLite database, or no project tables)",
        "RK311": "project written by a newer researchkit (schema version too new)",
        "RK312": "project file or folder is read-only",
        "RK313": "a project already exists there",
        "RK314": "no project at that path or URL",
        "RK315": "document not in the project",
        "RK316": "quote not found in the document",
        "RK317": "quote occurs more than once in the document",
        "RK318": "code not in the project codebook",
        "RK319": "coding id not in the project",
        "RK320": "coding already exists",
        "RK321": "codings could not be re-anchored to the changed text",
        "RK322": "backup folder malformed or incomplete",
        "RK323": "review selection malformed",
        "RK324": "invalid argument for a project operation",
        "RK325": "database busy or connection failed",
        "RK330": "disk or database full; nothing was written",
        "RK331": "NUL character in a text value (id, text, memo, attribute, codebook)",
        "RK332": "the database refused a value (too long, wrong type)",
        "RK333": "memo export failed (unknown format, no memos to write)",
        "RK334": "a transcript's paragraph, furniture, line-number or sync-point offsets lie outside its text (or a sync point's time is none)",
        "RK335": "a stored document's layout (paragraphs, furniture, line numbers, notes) is damaged",
        "RK336": "a speakers sheet gives one speaker of a document more than one row",
        "RK337": "a document's stored speaker attributes are damaged",
    }
)


# --- RK338-RK339, RK666-RK668, RK157: codings CSV files (``researchkit code pin`` / ``code realign``) --------


class CodingsFileError(InputFileError):
    """A codings CSV file cannot be pinned or realigned (RK338-RK339, RK666-RK668, RK157; :mod:`researchkit.codingsfile`).

    Examples
    --------
    >>> print(CodingsFileError("RK339", "anna.csv", "end=90 is beyond the end of 'R01' (80 characters)", location="row 3",
    ...                        hint="fix the offsets"))
    [RK339] anna.csv, row 3: end=90 is beyond the end of 'R01' (80 characters). What to do: fix the offsets.
    """


CODES.update(
    {
        "RK338": "codings CSV cannot be read (not found, encoding, no doc_id/start/end header, a row longer than the header)",
        "RK339": "a coding of a codings CSV does not fit its transcript (document, offsets, pinned text), or its passage "
                 "cannot be written in the file's encoding",
        "RK666": "no transcripts to pin or realign against (neither or both of --transcripts/--config, folder not found)",
        "RK667": "realign cannot run as asked: no pinned text column and no --old-transcripts, or neither/both of --out/--in-place",
        "RK668": "invalid option for realigning codings (minimum score outside 0-1)",
        "RK157": "realign report file (--report) that is no .csv file, or is the codings file read or written; or --report with pin",
    }
)


# --- RK4xx: inter-coder agreement, adjudication and model-assisted coding ---------------


class AgreementError(ResearchkitError, ValueError):
    """Agreement cannot be computed as asked (unknown coder, one coder, bad data ...)."""


class SuggestionError(ResearchkitError, ValueError):
    """A suggestion model cannot be trained, evaluated or applied as asked."""


class AnalysisWarning(UserWarning):
    """Something in an analysis a researcher should check (e.g. a branch with no codings)."""


class AgreementWarning(UserWarning):
    """Something in an agreement computation a researcher should know about (never silent)."""


CODES.update(
    {
        "RK401": "coder not found in the codings",
        "RK402": "fewer than two coders to compare",
        "RK403": "codings outside the corpus (unknown document or offsets beyond the text)",
        "RK404": "unknown unit of analysis",
        "RK405": "no units to compare (documents without text, or no documents coded by every coder)",
        "RK406": "codings that mark no unit of analysis (warning)",
        "RK407": "reliability data malformed (shape, lengths, raters per subject)",
        "RK408": "adjudication decisions incomplete or naming unknown codes",
        "RK409": "not enough coded data to train or evaluate a suggestion model",
        "RK410": "suggestion model misused (unknown backend, bad threshold, ...)",
        "RK411": "level= given without a codebook to roll codes up",
    }
)


# --- RK55x-RK59x: Word/Markdown report, pseudonymisation, main job and reproduction -----


class ReportError(ResearchkitError, ValueError):
    """A report cannot be built as asked (template, style, chapter, inputs) (RK550-RK559)."""


class PrivacyError(ResearchkitError, ValueError):
    """Pseudonymisation cannot be done as asked (name list, attribution fields) (RK570-RK579)."""


class RunError(ResearchkitError, ValueError):
    """The main job or a reproduction cannot run (config, inputs, manifest) (RK580-RK599)."""


CODES.update(
    {
        "RK550": "report template not found or not a Word .docx file",
        "RK551": "style missing from the report template (the template's styles are listed)",
        "RK552": "unknown report chapter",
        "RK553": "report inputs incomplete or of the wrong type",
        "RK554": "invalid report option (language, date, output path)",
        "RK570": "name list for pseudonymisation unreadable or malformed",
        "RK571": "attribution field not in the respondent attributes",
        "RK580": "run configuration not found, not YAML, or with unknown keys",
        "RK581": "input file of the run not found",
        "RK582": "stored manual codings unreadable or not fitting the corpus",
        "RK583": "manifest not found or malformed",
        # report engineer (issue 16): RK530-RK549, RK555-RK559
        "RK530": "re-identification check cannot run as configured (k, fields)",
        "RK531": "a chapter asked for in the configuration cannot be built from these inputs",
        "RK532": "front-matter Markdown file of the report unreadable",
        "RK533": "PDF conversion failed or LibreOffice is not installed",
        "RK534": "study folder for 'researchkit new' exists and is not empty",
        "RK535": "the project named in the run configuration cannot be read (missing, no documents, no codebook)",
        "RK536": "the quote file of the report is unreadable or names quotes that do not exist",
        "RK537": "reproduce: the database password of the manifest's project is not available (it is never recorded)",
    }
)


# --- RK560-RK569: the coded-transcripts HTML page (researchkit.report.html) -------------
# Raised as ReportError; codings that do not fit the corpus raise CodingsError (RK301/RK302).

CODES.update(
    {
        "RK560": "HTML page cannot be written (folder missing, path is a folder, not writable)",
        "RK561": "transcript_html argument of the wrong type (corpus, codings, codebook, title)",
        "RK562": "transcript turns overlap or run past the text, so the page cannot show every character once",
        "RK563": "codebook colour is not #RRGGBB",
    }
)


# --- RK600-RK649: REFI-QDA exchange (researchkit.refi) ----------------------------------


class ExchangeError(InputFileError):
    """A REFI-QDA file (.qdc/.qdpx), a QualCoder (.qda) or RQDA (.rqda) project cannot be read or written as asked (RK600-RK649)."""


class ExchangeWarning(UserWarning):
    """A REFI-QDA file was read despite a defect (schema-invalid part, item not carried over)."""


CODES.update(
    {
        "RK600": "REFI-QDA file not found, not a zip/XML file, or without a .qde project inside",
        "RK601": "unsafe archive member (absolute path, '..', too large, too highly compressed)",
        "RK602": "unsafe or malformed XML (entities, DTD, not well-formed)",
        "RK603": "REFI-QDA XML not valid against the schema shipped with researchkit",
        "RK604": "REFI-QDA reference broken (unknown code, source, user or missing source file)",
        "RK605": "coding offsets do not fit the source text under any known convention",
        "RK606": "invalid exchange option (path, overwrite, offset convention)",
        "RK607": "REFI-QDA code tree nested too deeply (more than 100 levels)",
        "RK608": "export: codings use codes that the codebook does not define and that cannot be defined",
        "RK609": "a .qdc codebook cannot hold relations between codes: written without them (a .qdpx keeps them)",
        "RK610": "Taguette codebook: two codes would be one Taguette tag (same dotted path); rename one",
        "RK611": "Taguette codebook: a tag path or description over Taguette's limits (200 / 102,400 characters)",
        "RK612": "not a QualCoder project: no data.qda, not an SQLite database, or QualCoder's tables missing (named)",
        "RK613": "QualCoder database version newer than the newest known (strict; otherwise read with a note)",
        "RK614": "QualCoder database locked by another program, damaged, or unreadable",
        "RK615": "QualCoder coding whose offsets do not fit its text (strict; otherwise listed in the report)",
        "RK616": "not an RQDA project: no such .rqda file, not an SQLite database, or RQDA's tables missing (named)",
        "RK617": "RQDA database locked by another program, damaged, or unreadable",
        "RK618": "RQDA coding whose offsets do not fit its text (strict; otherwise listed in the report)",
        "RK619": "RQDA coding of a file or code that is not in the database (strict; otherwise listed in the report)",
    }
)


# --- RK660-RK669: coded-segment tables from other QDA programs (researchkit.segtables) ---


class SegmentTableError(InputFileError):
    """A table of coded segments (MAXQDA, ATLAS.ti, NVivo, QualCoder, Dedoose, Taguette) cannot be imported (RK660-RK669)."""


CODES.update(
    {
        "RK660": "coded-segment table not found or of a type that is not read",
        "RK661": "coded-segment table cannot be read (encoding, damaged file, over the size limits)",
        "RK662": "coded-segment table without a document, passage or code column (headers seen and names accepted listed)",
        "RK663": "coded-segment table without any segment rows",
        "RK664": "invalid option for importing coded segments (coder, on_duplicate, codes)",
        "RK665": "report of coded segments (Word, HTML, text) over the size or line limits (a Dedoose Word export's passages "
                 "over 50 million characters), or an unsafe Word container",
    }
)


# --- RK650-RK699: confidentiality and pseudonymisation key (researchkit.privacy) --------
# Raised as PrivacyError (RK570-RK579 hold the name list and attribution errors).

CODES.update(
    {
        "RK572": "privacy key file not found, not UTF-8, or not a YAML/CSV key",
        "RK573": "privacy key entry malformed (term, kind, variants, pseudonym, case)",
        "RK574": "privacy key entries conflict (a term or variant mapped to different pseudonyms)",
        "RK575": "unknown identifier pattern kind",
        "RK576": "codings do not fit the corpus being pseudonymised",
        "RK577": "name-suggestion model not installed or without an entity recogniser",
        "RK578": "name-candidates file malformed (columns, confirm values, kinds)",
        "RK579": "privacy option invalid (paths, key location inside the outputs)",
        "RK650": "an identifier would leak into an output (key term or pattern found)",
        "RK651": "output cannot be checked (missing, unsupported type, unreadable or corrupt)",
        "RK652": "unsafe archive member in a checked file (absolute path, '..', too large, zip bomb)",
        "RK653": "unsafe or malformed XML in a checked file (entities, DTD, not well-formed)",
        "RK654": "a checked file mixes UTF-8 and other bytes more than a pasted line does (read either way, part of it would be garbled)",
    }
)


# --- RK700-RK719: the notebook workspace (researchkit.workspace) ------------------------


class WorkspaceError(ResearchkitError, ValueError):
    """The notebook workspace cannot do what was asked (RK700-RK719).

    Shown in the widget's message bar and raised by the widgets' Python methods.

    Examples
    --------
    >>> print(WorkspaceError("RK702", "the selection holds only spaces", hint="select some words"))
    [RK702] the selection holds only spaces. What to do: select some words.
    """


CODES.update(
    {
        "RK700": "invalid workspace option (snap mode, side, coder, filter)",
        "RK701": "selection offsets outside the rendered document",
        "RK702": "empty selection (nothing to code or annotate)",
        "RK703": "document not in the project",
        "RK704": "conflict: the coding was removed by someone else",
        "RK705": "conflict: the coding was changed by someone else",
        "RK706": "nothing to undo, or the last action can no longer be undone",
        "RK707": "no code matches what was typed, or the code is not in the codebook",
        "RK708": "unknown review ordering",
        "RK709": "segments table malformed (missing columns, unknown documents)",
        "RK710": "no suggestion to review (the queue is empty)",
        "RK711": "the widget library anywidget is not installed",
    }
)

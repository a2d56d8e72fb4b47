"""Reading transcripts and corpora: one entry point per task, one reader per format.

Examples
--------
>>> import researchkit as rk
>>> corpus = rk.read_corpus("transcripts", attributes="transcripts/attributes.csv")  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
import warnings
from pathlib import Path
from typing import Iterable, Mapping

from researchkit.errors import CorpusError, ResearchkitError, TranscriptError
from researchkit.io.corpustables import FileDocuments, read_documents
from researchkit.heap import paused_gc
from researchkit.io.linenumbers import line_range, with_line_ranges
from researchkit.transcripts import Corpus, Source, Transcript, Turn

#: Suffix → reader name.
READERS: dict[str, str] = {
    ".docx": "docx", ".txt": "text", ".md": "text", ".rst": "text", ".vtt": "subtitles", ".srt": "subtitles",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".pdf": "pdf", ".odt": "odt", ".rtf": "rtf", ".doc": "doc",
    ".csv": "table", ".tsv": "table", ".xlsx": "table", ".lrc": "lrc",
    ".json": "json", ".eaf": "eaf", ".textgrid": "textgrid", ".trs": "trs", ".exb": "exb", ".cha": "talkbank",
    ".xml": "xml", ".ttml": "ttml", ".dfxp": "ttml", ".sbv": "sbv", ".ass": "substation", ".ssa": "substation",
    ".trn": "sbcsae", ".stm": "stm", ".otr": "otr",
    # yt-dlp names YouTube captions by their format: video.en.json3, video.en.srv3 (srv1, srv2: XML too)
    ".json3": "json", ".srv1": "xml", ".srv2": "xml", ".srv3": "xml",
}
#: Transcript-like formats we cannot read, with advice.
UNSUPPORTED: dict[str, str] = {
    ".pages": "export it as .docx",
    ".wpd": "save it as .docx or .txt",
    ".docm": "save it as .docx (without macros)",
}
#: File names (upper-cased stems) that are never transcripts: the name alone, or with one short
#: qualifier (``README.nl``, ``LICENSE-MIT``, ``README.repo``) -- not a title that starts with one
#: (``Changes in the port``, ``changelog--friends-3``: a podcast transcript).
NOT_TRANSCRIPTS = ("README", "LICENSE", "LICENCE", "CHANGELOG", "CHANGES", "CONTRIBUTING", "AUTHORS", "NOTICE", "COPYING")
_NOT_TRANSCRIPT_NAME = re.compile(rf"(?:{'|'.join(NOT_TRANSCRIPTS)})(?:[._-][A-Z0-9]{{1,8}})?")
#: Default size limit for one transcript file (bytes).
MAX_BYTES = 25 * 1024 * 1024


def read_transcript(
    path: str | Path,
    *,
    doc_id: str | None = None,
    labels: Mapping[str, str] | None = None,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
    columns: Mapping[str, str] | None = None,
) -> Transcript:
    """Read one transcript file (any suffix in :data:`READERS`; docs/ingestion.md lists them).

    Parameters
    ----------
    path
        The file. It is only read, never modified.
    doc_id
        Document id; default the file name without its suffix.
    labels
        Extra speaker label → role entries, e.g. ``{"Henk": "respondent"}``; roles are
        ``interviewer``, ``respondent``, ``other``.
    encoding
        Force a text encoding (text and subtitle files); detected when omitted.
    max_bytes
        Files larger than this are refused before being read whole (RK107).
    columns
        For transcripts kept as tables: ``{"speaker": ..., "text": ..., "start": ...}``.

    Returns
    -------
    Transcript

    Raises
    ------
    TranscriptError
        With the file, the place and what to do, for every unreadable input.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "R01.txt")
    >>> _ = open(p, "w", encoding="utf-8").write("I: Hoe gaat het?\\nR: Goed.\\n")
    >>> t = read_transcript(p)
    >>> t.doc_id, [t.turn_text(turn) for turn in t.turns]
    ('R01', ['Hoe gaat het?', 'Goed.'])
    """
    path = Path(path)
    data = _load(path, max_bytes=max_bytes)
    if labels:
        from researchkit.io.speakers import LabelMap

        LabelMap(dict(labels))  # validates roles: RK110
    source = Source(str(path), hashlib.sha256(data).hexdigest())
    doc_id = unicodedata.normalize("NFC", doc_id or path.stem)
    with paused_gc():  # many small acyclic objects per unit: the cyclic collector would visit them again and again
        transcript = _dispatch(path, data, doc_id=doc_id, source=source, labels=labels, encoding=encoding, columns=columns)
    return _finish(path, transcript, doc_id)


def _finish(path: Path, transcript: Transcript, doc_id: str) -> Transcript:
    """What every read transcript goes through: refused when empty, surrogates out, a ``doc_id`` attribute noted."""
    if not transcript.text.strip():
        _refuse_empty(path, transcript)
    transcript = _without_surrogates(transcript)
    meta_id = transcript.attributes.pop("doc_id", None)
    if meta_id is not None and str(meta_id) != doc_id:
        transcript.notes = transcript.notes + (f"metadata says doc_id {meta_id!r}; using {doc_id!r} from the file name",)
    return transcript


def _load(path: Path, *, max_bytes: int) -> bytes:
    """The file's bytes, after the existence, type and size checks."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise TranscriptError("RK101", path, "file not found", hint="check the path")
    if path.is_dir():
        raise TranscriptError("RK102", path, "is a folder", hint="use read_corpus() for a folder of transcripts")
    if suffix not in READERS:
        advice = UNSUPPORTED.get(suffix, f"use one of {', '.join(sorted(READERS))}")
        raise TranscriptError("RK102", path, f"unsupported file type {suffix or '(none)'!r}", hint=advice)
    size = path.stat().st_size
    if size > max_bytes:
        raise TranscriptError(
            "RK107", path, f"is {size / 2**20:.1f} MiB, above the {max_bytes / 2**20:.0f} MiB limit for one transcript",
            hint="split the file, or pass max_bytes=... if it really is one interview",
        )
    data = path.read_bytes()
    if not data.strip():
        raise TranscriptError("RK104", path, "the file is empty", hint="check that the transcript was saved with its text")
    return data


def _refuse_empty(path: Path, transcript: Transcript) -> None:
    """RK104 for a file that reads to no text at all (only whitespace, a byte-order mark, or a header).

    Examples
    --------
    >>> _refuse_empty(Path("R01.txt"), Transcript("R01", "\\u3000\\n", [], attributes={"haven": "Urk"}))
    Traceback (most recent call last):
    ...
    researchkit.errors.TranscriptError: [RK104] R01.txt: has no text to read, only a header (haven). What to do: check that the transcript was saved with its text below the header.
    """
    if transcript.attributes:
        keys = ", ".join(map(str, list(transcript.attributes)[:8]))
        raise TranscriptError("RK104", path, f"has no text to read, only a header ({keys})",
                              hint="check that the transcript was saved with its text below the header")
    raise TranscriptError("RK104", path, "has no text to read (only white space, a byte-order mark or markup)",
                          hint="check that the transcript was saved with its text")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(transcript: Transcript) -> Transcript:
    """Each surrogate code point (half of a UTF-16 pair, alone) replaced by U+FFFD, one for one, with a note.

    A lone surrogate (an RTF ``\\u-10240?``, a JSON ``"\\ud800"``) cannot be written as UTF-8, so
    every later step (reports, the project store) would fail on it. Replacing one code point by
    one keeps every offset.

    Examples
    --------
    >>> t = _without_surrogates(Transcript("R01", "R: a\\ud800 b", [Turn("R", "respondent", 3, 6)]))
    >>> t.text, t.notes
    ('R: a\ufffd b', ('1 lone surrogate code point(s) (half of a UTF-16 pair, not a character) replaced by U+FFFD: first at offset 4',))
    """
    first = _SURROGATE.search(transcript.text)
    if first is None and not any(_SURROGATE.search(turn.speaker) for turn in transcript.turns):
        return transcript
    from dataclasses import replace

    text, count = _SURROGATE.subn("\ufffd", transcript.text)
    turns = [replace(turn, speaker=_SURROGATE.sub("\ufffd", turn.speaker)) for turn in transcript.turns]
    attributes = {k: _SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v for k, v in transcript.attributes.items()}
    where = f": first at offset {first.start()}" if first is not None else " in a speaker label"
    note = f"{count} lone surrogate code point(s) (half of a UTF-16 pair, not a character) replaced by U+FFFD{where}"
    return replace(transcript, text=text, turns=tuple(turns), attributes=attributes, notes=transcript.notes + (note,))


def _dispatch(path: Path, data: bytes, *, doc_id: str, source: Source, labels, encoding, columns,
              reader: str | None = None) -> Transcript:
    """Call the reader for the file's suffix (an ``.xml`` file's: the reader for its root element)."""
    reader = reader or READERS[path.suffix.lower()]
    common = dict(doc_id=doc_id, source=source, labels=labels)
    if reader == "xml":
        from researchkit.io.xmlformats import xml_reader

        return _dispatch(path, data, doc_id=doc_id, source=source, labels=labels, encoding=encoding, columns=columns,
                         reader=xml_reader(path, data, READERS))
    if reader in {"ohms", "tei"}:
        from researchkit.io.ohms import read_ohms
        from researchkit.io.tei import read_tei

        return (read_ohms if reader == "ohms" else read_tei)(path, data, **common)
    if reader == "bnc":
        from researchkit.io.bnc import read_bnc

        return read_bnc(path, data, **common)
    if reader == "talkbankxml":
        from researchkit.io.talkbankxml import read_talkbank_xml

        return read_talkbank_xml(path, data, **common)
    if reader == "hansardxml":
        from researchkit.io.hansardxml import read_hansard_xml

        return read_hansard_xml(path, data, **common)
    if reader == "publicwhip":
        from researchkit.io.publicwhip import read_publicwhip

        return read_publicwhip(path, data, **common)
    if reader == "parlinfo":
        from researchkit.io.parlinfo import read_parlinfo

        return read_parlinfo(path, data, **common)
    if reader == "youtubexml":
        from researchkit.io.youtubexml import read_youtube_xml

        return read_youtube_xml(path, data, **common)
    if reader == "ttml":
        from researchkit.io.ttml import read_ttml

        return read_ttml(path, data, **common)
    if reader in {"sbv", "substation"}:
        from researchkit.io.sbv import read_sbv
        from researchkit.io.substation import read_substation

        return (read_sbv if reader == "sbv" else read_substation)(path, data, encoding=encoding, **common)
    if reader == "sbcsae":
        from researchkit.io.sbcsae import read_trn

        return read_trn(path, data, encoding=encoding, **common)
    if reader == "stm":
        from researchkit.io.stm import read_stm

        return read_stm(path, data, encoding=encoding, **common)
    if reader == "docx":
        from researchkit.io.docx import read_docx

        return read_docx(path, data, **common)
    if reader == "text":
        from researchkit.io.text import read_text

        return read_text(path, data, encoding=encoding, **common)
    if reader == "subtitles":
        from researchkit.io.subtitles import read_subtitles

        return read_subtitles(path, data, encoding=encoding, **common)
    if reader == "lrc":
        from researchkit.io.lyrics import read_lrc

        return read_lrc(path, data, encoding=encoding, **common)
    if reader == "otr":
        from researchkit.io.otr import read_otr

        return read_otr(path, data, **common)
    if reader == "html":
        from researchkit.io.html import read_html

        return read_html(path, data, encoding=encoding, **common)
    if reader == "pdf":
        from researchkit.io.pdf import read_pdf

        return read_pdf(path, data, **common)
    if reader == "odt":
        from researchkit.io.odt import read_odt

        return read_odt(path, data, **common)
    if reader == "talkbank":
        from researchkit.io.talkbank import read_cha

        return read_cha(path, data, encoding=encoding, **common)
    if reader == "json":
        from researchkit.io.asrjson import read_json

        return read_json(path, data, **common)
    if reader == "eaf":
        from researchkit.io.elan import read_eaf

        return read_eaf(path, data, **common)
    if reader == "textgrid":
        from researchkit.io.praat import read_textgrid

        return read_textgrid(path, data, encoding=encoding, **common)
    if reader == "trs":
        from researchkit.io.transcriber import read_trs

        return read_trs(path, data, **common)
    if reader == "exb":
        from researchkit.io.exmaralda import read_exb

        return read_exb(path, data, **common)
    if reader in {"rtf", "doc"}:
        from researchkit.io.legacy import read_doc, read_rtf

        return (read_rtf if reader == "rtf" else read_doc)(path, data, **common)
    from researchkit.io.table import read_table

    return read_table(path, data, columns=columns, **common)


def skip_reason(path: Path) -> str | None:
    """Why a file in a transcripts folder is not a transcript, or ``None`` if it may be one.

    README, LICENSE, CHANGELOG (and similar, alone or with one short qualifier such as
    ``README.nl``), ``*.yaml``, ``*.py``, hidden files, Word lock
    files (``~$...``) and names starting with ``_`` are skipped by name; a sheet
    (``.csv``/``.tsv``/``.xlsx``) without speaker and text columns is an attributes sheet,
    and a ``.json`` file that parses but has no transcription tool's layout (``package.json``,
    a settings file) is not a transcript either, nor an ``.xml`` file whose root element is none of
    the transcript layouts (:data:`researchkit.io.xmlformats.XML_ROOTS`).

    Examples
    --------
    >>> skip_reason(Path("README.repo.md")), skip_reason(Path("R01.docx"))
    ('not a transcript by its name', None)
    >>> skip_reason(Path("LICENSE-MIT.txt")), skip_reason(Path("Changes in the port.docx"))
    ('not a transcript by its name', None)
    """
    name = path.name
    if name.startswith((".", "~$", "_")):
        return "hidden, lock or underscore file"
    if _NOT_TRANSCRIPT_NAME.fullmatch(path.stem.upper()) or path.suffix.lower() in {".yaml", ".yml", ".py", ".ipynb"}:
        return "not a transcript by its name"
    suffix = path.suffix.lower()
    if suffix in {".csv", ".tsv", ".xlsx"}:
        from researchkit.errors import InputFileError
        from researchkit.io import sheetmemo
        from researchkit.io.sheets import MAX_SHEET_BYTES, read_sheet
        from researchkit.io.table import is_transcript_table

        try:
            # inside read_corpus the parsed table is kept for its read (io/sheetmemo.py): parsed once, not twice
            keep = sheetmemo.active() and path.is_file() and path.stat().st_size <= MAX_SHEET_BYTES
            data = path.read_bytes() if keep else None
            frame = read_sheet(path, error=TranscriptError, data=data)
            if not is_transcript_table(frame):
                return "a table without speaker and text columns (an attributes sheet?)"
            if data is not None:
                sheetmemo.remember(path, data, frame)
        except InputFileError as err:
            return f"an unreadable table ({err.code})"
    if suffix == ".json":
        return _json_skip_reason(path)
    if suffix == ".xml":
        from researchkit.io.xmlformats import xml_skip_reason

        return xml_skip_reason(path, max_bytes=MAX_BYTES, readers=READERS)
    if suffix not in READERS and suffix not in UNSUPPORTED:
        return f"not a transcript format ({suffix or 'no suffix'})"
    return None


def _json_skip_reason(path: Path) -> str | None:
    """Why a ``.json`` file is not a transcript: it parses, within the size limit, and has no transcript layout.

    A file that does not parse, or is too large, is left to :func:`read_transcript`, whose error names it.
    """
    from researchkit.io.asrjson import is_transcript_json, load_json

    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        root = load_json(path, path.read_bytes())
    except (ResearchkitError, OSError):
        return None
    if is_transcript_json(root):
        return None
    keys = ", ".join(map(str, list(root)[:5])) if isinstance(root, dict) else type(root).__name__
    return f"JSON without a transcription tool's layout (keys: {keys or 'none'})"


def find_transcripts(folder: str | Path, *, recursive: bool = False) -> tuple[list[Path], list[Path], list[Path]]:
    """Sort a folder's files into transcripts, unsupported transcript-like files and others.

    See :func:`skip_reason` for the files that are never transcripts.

    Returns
    -------
    (transcripts, unsupported, ignored)
        Each sorted by path.
    """
    transcripts, unsupported, skipped = _sort_files(folder, recursive=recursive)
    return transcripts, unsupported, list(skipped)


def _sort_files(folder: str | Path, *, recursive: bool) -> tuple[list[Path], list[Path], dict[Path, str]]:
    """:func:`find_transcripts`, with the ignored files' :func:`skip_reason` (each file looked at once)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise TranscriptError("RK101", folder, "folder not found", hint="check the path")
    pattern = "**/*" if recursive else "*"
    transcripts, unsupported, ignored = [], [], {}
    for path in sorted(p for p in folder.glob(pattern) if p.is_file()):
        reason = skip_reason(path)
        if reason is not None:
            ignored[path] = reason
        elif path.suffix.lower() in READERS:
            transcripts.append(path)
        else:
            unsupported.append(path)
    return transcripts, unsupported, ignored


def _folder_paths(folder: Path, *, recursive: bool, exclude: set[Path]) -> tuple[list[Path], list, list[str]]:
    """Transcript paths of a folder, problems for unsupported files and a note on the skipped ones."""
    paths, unsupported, reasons = _sort_files(folder, recursive=recursive)
    paths = [p for p in paths if p.resolve() not in exclude]
    ignored = [p for p in reasons if p.resolve() not in exclude]
    problems = [
        TranscriptError("RK102", p, f"unsupported file type {p.suffix!r}", hint=UNSUPPORTED[p.suffix.lower()]) for p in unsupported
    ]
    notes = []
    if ignored:
        listed = ", ".join(f"{p.name} ({reasons[p]})" for p in ignored)
        notes.append(f"skipped {len(ignored)} file(s) that are not transcripts: {listed}")
    if not paths and not unsupported:
        found = ", ".join(p.name for p in ignored[:20]) or "no files at all"
        raise TranscriptError(
            "RK114", folder, f"contains no transcripts ({', '.join(sorted(READERS))}); found: {found}",
            hint="check the folder, or rename files that were skipped by name",
        )
    return paths, problems, notes


def read_corpus(
    folder_or_paths: str | Path | Iterable[str | Path],
    attributes: str | Path | Mapping | None = None,
    *,
    labels: Mapping[str, str] | None = None,
    strict: bool = True,
    recursive: bool = False,
    max_bytes: int = MAX_BYTES,
    speakers: str | Path | Mapping | None = None,
    date_format: str | None = None,
    columns: Mapping[str, str] | None = None,
    n_process: int = 1,
) -> Corpus:
    """Read a folder (or a list) of transcripts into a :class:`Corpus`.

    Parameters
    ----------
    folder_or_paths
        A folder (its transcript files, sorted by name) or an explicit list of files.
    attributes
        A CSV/XLSX sheet (path) or a DataFrame/mapping with one row per ``doc_id``.
    labels
        Extra speaker label → role entries for all files.
    strict
        ``True``: after trying every file, raise one :class:`CorpusError` listing
        every problem. ``False``: skip the bad files, keep their errors in
        ``corpus.problems`` and warn with the list — never a silent drop.
    recursive
        Also read sub-folders.
    max_bytes
        Size limit per file.
    speakers
        A speaker-level attributes sheet (focus groups): one row per ``doc_id`` and
        ``speaker``, with that speaker's attributes; see ``corpus.speakers``.
    date_format
        How to read dates in the sheets: ``"day-first"`` (default, as in Dutch and
        other European sheets), ``"month-first"``, or a ``strptime`` format.
    columns
        Column names of transcripts kept as tables (``{"speaker": ..., "text": ..., "start": ...}``).
    n_process
        Worker processes reading the files (default 1: this process). The corpus is
        identical for every ``n_process`` (see :mod:`researchkit.io.parallel`).

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> for name in ("R01", "R02"):
    ...     _ = open(os.path.join(d, name + ".txt"), "w").write("I: Vraag?\\nR: Antwoord.\\n")
    >>> corpus = read_corpus(d)
    >>> len(corpus), corpus.doc_ids
    (2, ['R01', 'R02'])
    """
    from researchkit.io import sheetmemo

    problems: list[ResearchkitError] = []
    notes: list[str] = []
    with sheetmemo.collecting():  # a table parsed to sort the folder is not parsed again to be read
        if isinstance(folder_or_paths, (str, Path, os.PathLike)) and Path(folder_or_paths).is_dir():
            exclude = {Path(p).resolve() for p in (attributes, speakers) if isinstance(p, (str, os.PathLike))}
            paths, problems, notes = _folder_paths(Path(folder_or_paths), recursive=recursive, exclude=exclude)
        elif isinstance(folder_or_paths, (str, Path, os.PathLike)):
            if not Path(folder_or_paths).exists():
                raise TranscriptError("RK101", folder_or_paths, "not found", hint="check the path of the transcripts folder or file")
            paths = [Path(folder_or_paths)]
        else:
            paths = [Path(p) for p in folder_or_paths]
        transcripts = _read_all(paths, labels=labels, max_bytes=max_bytes, columns=columns, problems=problems, notes=notes,
                                n_process=n_process)
    if problems and strict:
        raise CorpusError(problems)
    corpus = Corpus(transcripts, problems=problems, notes=notes)
    if problems:
        warnings.warn(
            f"skipped {len(problems)} file(s) that could not be read:\n" + "\n".join(f"  - {p}" for p in problems),
            stacklevel=2,
        )
    if attributes is not None:
        from researchkit.io.attributes import join_attributes

        corpus = join_attributes(corpus, attributes, date_format=date_format)
    if speakers is not None:
        from researchkit.io.attributes import join_speaker_attributes

        corpus = join_speaker_attributes(corpus, speakers, date_format=date_format)
    return corpus


def _read_all(paths, *, labels, max_bytes, columns, problems: list, notes: list, n_process: int = 1) -> list[Transcript]:
    """Read every file; errors and duplicate ids go to ``problems``, notes to ``notes``."""
    from researchkit.io.parallel import read_parallel

    transcripts: list[Transcript] = []
    seen: dict[str, Path] = {}
    read = read_parallel(paths, n_process=n_process, labels=labels, max_bytes=max_bytes, columns=columns)
    for path, transcript in zip(paths, read):
        try:
            if transcript is None:  # it failed: read it here to raise its error (or list its conversations' problems)
                found = read_documents(path, labels=labels, max_bytes=max_bytes, columns=columns)
            else:  # a table of several conversations comes split already (read once)
                found = transcript if isinstance(transcript, FileDocuments) else FileDocuments([transcript])
        except ResearchkitError as err:
            if labels and err.code == "RK110":
                raise  # a bad label map is the caller's mistake, not a file's
            problems.append(err)
            continue
        if found.note:
            notes.append(f"{path.name}: {found.note}")
        for transcript in found.transcripts:
            _add(path, transcript, seen=seen, transcripts=transcripts, problems=problems, notes=notes,
                 part=found.note is not None)
        problems.extend(found.problems)
    return transcripts


def _add(path: Path, transcript: Transcript, *, seen: dict, transcripts: list, problems: list, notes: list,
         part: bool) -> None:
    """Add one read transcript, or a problem when its doc id is taken; ``part``: one of a file's several documents."""
    if transcript.doc_id in seen:
        other = seen[transcript.doc_id]
        subtle = other.stem != path.stem and unicodedata.normalize("NFC", other.stem) == unicodedata.normalize("NFC", path.stem)
        problems.append(
            TranscriptError(
                "RK111", path, f"duplicate doc_id {transcript.doc_id!r} (also {other})"
                + ("; the two file names look the same but are written in different Unicode forms (NFC and NFD)" if subtle else ""),
                hint=(f"the same recording in two formats ({other.suffix} and {path.suffix}, as transcription tools write "
                      f".txt, .json, .srt and .vtt side by side): read one format, e.g. "
                      f"read_corpus(sorted(Path(folder).glob('*{other.suffix}'))), or move the other files out"
                      if other.stem == path.stem and other.suffix.lower() != path.suffix.lower()
                      else f"a table's conversations are read as <file name>-<conversation id>: rename the table or the "
                           f"other file so every doc_id is unique" if part
                      else "rename one of the files so every doc_id is unique"),
            )
        )
        return
    seen[transcript.doc_id] = path
    where = f"{path.name} ({transcript.doc_id})" if part else path.name
    notes.extend(f"{where}: {note}" for note in transcript.notes)
    transcripts.append(transcript)


__all__ = ["read_transcript", "read_corpus", "find_transcripts", "skip_reason", "READERS", "line_range", "with_line_ranges"]

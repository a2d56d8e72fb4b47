"""Reading transcripts and corpora: one entry point per task, one reader per format.

Examples
--------
>>> import researchkit as rk
>>> corpus = rk.read_corpus("transcripts", attributes="transcripts/attributes.csv")  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import os
import warnings
from pathlib import Path
from typing import Iterable, Mapping

from researchkit.errors import CorpusError, ResearchkitError, TranscriptError
from researchkit.transcripts import Corpus, Source, Transcript

#: Suffix → reader name.
READERS: dict[str, str] = {".docx": "docx", ".txt": "text", ".md": "text", ".vtt": "subtitles", ".srt": "subtitles"}
#: Transcript-like formats we cannot read, with advice.
UNSUPPORTED: dict[str, str] = {
    ".doc": "save it as .docx in Word",
    ".rtf": "save it as .docx or .txt",
    ".odt": "save it as .docx in LibreOffice",
    ".pdf": "export the text as .txt or .docx",
    ".pages": "export it as .docx",
}
#: Default size limit for one transcript file (bytes).
MAX_BYTES = 25 * 1024 * 1024


def read_transcript(
    path: str | Path,
    *,
    doc_id: str | None = None,
    labels: Mapping[str, str] | None = None,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Transcript:
    """Read one transcript file (``.docx``, ``.txt``, ``.md``, ``.vtt``, ``.srt``).

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
    if labels:
        from researchkit.io.speakers import LabelMap

        LabelMap(dict(labels))  # validates roles: RK110
    source = Source(str(path), hashlib.sha256(data).hexdigest())
    doc_id = doc_id or path.stem
    reader = READERS[suffix]
    if reader == "docx":
        from researchkit.io.docx import read_docx

        transcript = read_docx(path, data, doc_id=doc_id, source=source, labels=labels)
    elif reader == "text":
        from researchkit.io.text import read_text

        transcript = read_text(path, data, doc_id=doc_id, source=source, labels=labels, encoding=encoding)
    else:
        from researchkit.io.subtitles import read_subtitles

        transcript = read_subtitles(path, data, doc_id=doc_id, source=source, labels=labels, encoding=encoding)
    meta_id = transcript.attributes.pop("doc_id", None)
    if meta_id is not None and str(meta_id) != doc_id:
        transcript.notes = transcript.notes + (f"metadata says doc_id {meta_id!r}; using {doc_id!r} from the file name",)
    return transcript


def _is_ignorable(path: Path) -> bool:
    name = path.name
    return name.startswith((".", "~$", "_")) or path.stem.upper() in {"README", "LICENSE", "LICENCE", "CHANGELOG"}


def find_transcripts(folder: str | Path, *, recursive: bool = False) -> tuple[list[Path], list[Path], list[Path]]:
    """Sort a folder's files into transcripts, unsupported transcript-like files and others.

    README files, hidden files, Word lock files (``~$...``) and names starting with
    ``_`` are never transcripts.

    Returns
    -------
    (transcripts, unsupported, ignored)
        Each sorted by path.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise TranscriptError("RK101", folder, "folder not found", hint="check the path")
    pattern = "**/*" if recursive else "*"
    transcripts, unsupported, ignored = [], [], []
    for path in sorted(p for p in folder.glob(pattern) if p.is_file()):
        suffix = path.suffix.lower()
        if _is_ignorable(path):
            ignored.append(path)
        elif suffix in READERS:
            transcripts.append(path)
        elif suffix in UNSUPPORTED:
            unsupported.append(path)
        else:
            ignored.append(path)
    return transcripts, unsupported, ignored


def read_corpus(
    folder_or_paths: str | Path | Iterable[str | Path],
    attributes: str | Path | Mapping | None = None,
    *,
    labels: Mapping[str, str] | None = None,
    strict: bool = True,
    recursive: bool = False,
    max_bytes: int = MAX_BYTES,
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
    problems: list[ResearchkitError] = []
    notes: list[str] = []
    if isinstance(folder_or_paths, (str, Path, os.PathLike)) and Path(folder_or_paths).is_dir():
        paths, unsupported, ignored = find_transcripts(folder_or_paths, recursive=recursive)
        for path in unsupported:
            problems.append(
                TranscriptError("RK102", path, f"unsupported file type {path.suffix!r}", hint=UNSUPPORTED[path.suffix.lower()])
            )
        if ignored:
            notes.append(f"ignored {len(ignored)} file(s) that are not transcripts: {', '.join(p.name for p in ignored)}")
        if not paths and not unsupported:
            raise TranscriptError("RK114", folder_or_paths, "contains no transcripts (.docx, .txt, .md, .vtt, .srt)", hint="check the folder")
    elif isinstance(folder_or_paths, (str, Path, os.PathLike)):
        if not Path(folder_or_paths).exists():
            raise TranscriptError("RK101", folder_or_paths, "not found", hint="check the path of the transcripts folder or file")
        paths = [Path(folder_or_paths)]
    else:
        paths = [Path(p) for p in folder_or_paths]
    transcripts: list[Transcript] = []
    seen: dict[str, Path] = {}
    for path in paths:
        try:
            transcript = read_transcript(path, labels=labels, max_bytes=max_bytes)
        except ResearchkitError as err:
            if labels and err.code == "RK110":
                raise  # a bad label map is the caller's mistake, not a file's
            problems.append(err)
            continue
        if transcript.doc_id in seen:
            problems.append(
                TranscriptError(
                    "RK111", path, f"duplicate doc_id {transcript.doc_id!r} (also {seen[transcript.doc_id]})",
                    hint="rename one of the files so every doc_id is unique",
                )
            )
            continue
        seen[transcript.doc_id] = path
        for note in transcript.notes:
            notes.append(f"{path.name}: {note}")
        transcripts.append(transcript)
    if problems and strict:
        raise CorpusError(problems)
    corpus = Corpus(transcripts, problems=problems, notes=notes)
    if problems:
        warnings.warn(
            f"skipped {len(problems)} file(s) that could not be read:\n" + "\n".join(f"  - {p}" for p in problems),
            stacklevel=2,
        )
    if attributes is not None:
        corpus = corpus.with_attributes(attributes)
    return corpus


__all__ = ["read_transcript", "read_corpus", "find_transcripts", "READERS"]

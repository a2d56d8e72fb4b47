"""The job's inputs: file hashes, library versions, stored manual codings, the input file list.

Examples
--------
>>> sorted(versions())[:3]
['machine', 'matplotlib', 'numpy']
"""

from __future__ import annotations

import functools
import hashlib
import os
import platform
from pathlib import Path
from typing import Any

import pandas as pd

from researchkit.errors import RunError
from researchkit.run.config import RunConfig

def file_sha256(path: str | os.PathLike) -> str:
    """Hex sha256 of a file's bytes.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "x"); _ = open(p, "wb").write(b"abc")
    >>> file_sha256(p)[:12]
    'ba7816bf8f01'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def versions() -> dict[str, str]:
    """Versions of Python and the libraries that shape the outputs, and the machine's architecture
    (``machine``: the PNG encoder's vector code may deflate differently on another kind of
    processor, the pixels being the same); looked up once per process (the libraries a process
    has imported do not change under it).

    Examples
    --------
    >>> sorted(versions())[:3]
    ['machine', 'matplotlib', 'numpy']
    """
    return dict(_versions())


@functools.lru_cache(maxsize=1)
def _versions() -> tuple[tuple[str, str], ...]:
    from importlib import metadata

    out = {"python": platform.python_version(), "machine": platform.machine() or "unknown"}
    for dist in ("researchkit", "spacy", "spacy-lookups-data", "pandas", "numpy", "python-docx", "matplotlib", "pillow",
                 "zlib-ng"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return tuple(sorted(out.items()))


def read_manual_codings(path: str | os.PathLike, corpus: Any, *, name: str | None = None) -> pd.DataFrame:
    """Read stored manual codings (CSV) and check them against the corpus.

    ``coder`` defaults to the file name (without suffix), ``source`` to ``manual``; a
    ``text`` column, when present, must equal the text at the offsets.

    Raises
    ------
    RunError
        ``RK581`` missing file; ``RK582`` unreadable CSV or codings that do not fit the
        corpus (every bad row is listed).

    Examples
    --------
    >>> import tempfile, os
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> p = os.path.join(tempfile.mkdtemp(), "anna.csv")
    >>> _ = open(p, "w").write("doc_id,start,end,code\\nR1,0,2,SIG\\n")
    >>> read_manual_codings(p, Corpus([Transcript("R1", "ja nee")]))[["code", "coder", "source", "text"]].values.tolist()
    [['SIG', 'anna', 'manual', 'ja']]
    """
    from researchkit.codings import CodingsError, validate_codings

    path = Path(path)
    label = name or str(path)
    if not path.is_file():
        raise RunError("RK581", f"{label}: manual codings file not found", hint="check manual_codings in the run configuration")
    try:
        frame = pd.read_csv(path, dtype={"doc_id": str, "code": str, "coder": str, "source": str, "text": str},
                            keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise RunError("RK582", f"{label}: cannot read the codings CSV ({type(exc).__name__}: {exc})",
                       hint="save it as a UTF-8 CSV with a header line doc_id,start,end,code,coder,source") from None
    if "coder" not in frame.columns:
        frame["coder"] = path.stem
    if "source" not in frame.columns:
        frame["source"] = "manual"
    frame.loc[frame["source"] == "", "source"] = "manual"
    if "text" in frame.columns:
        frame.loc[frame["text"] == "", "text"] = None
    try:
        return validate_codings(frame, corpus, name=label)
    except CodingsError as exc:
        raise RunError("RK582", f"the codings do not fit the transcripts: {exc.message}",
                       hint="the offsets must be code-point indexes into the canonical transcript texts") from None


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    from researchkit.fileio import atomic_write

    table = frame.copy()
    for col in table.columns:
        if table[col].dtype.kind == "f":
            table[col] = table[col].round(6)
        elif table[col].dtype == object:
            table[col] = [("; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v) for v in table[col]]
    atomic_write(path, table.to_csv(index=False, lineterminator="\n").encode("utf-8"))




def _relative(path: Path, start: Path) -> str:
    return Path(os.path.relpath(path.resolve(), start.resolve())).as_posix()


def _input_files(config: RunConfig) -> list[Path]:
    from researchkit.io import find_transcripts

    if config.project:
        # the project holds the transcripts; a project file is an input (a database URL is recorded apart)
        target = config.project_target()
        files = [target] if isinstance(target, Path) else []
    elif config.path(config.transcripts).is_file():
        # one file: a transcript table of several conversations, read as one document each (io/corpustables.py)
        files = [config.path(config.transcripts)]
    else:
        folder = config.path(config.transcripts)
        files, _unsupported, _ignored = find_transcripts(folder, recursive=config.recursive)
    extra = [config.path(config.attributes), config.path(config.speakers), config.path(config.codebook), config.path(config.names_file),
             config.path(config.report.get("template")), config.path(config.privacy_key)]
    extra += [p for p in front_files(config).values() if p.is_file()]
    extra.append(config.path(config.report.get("quotes")))
    extra.append(config.path((config.report.get("framework") or {}).get("summaries")))
    extra += config.manual_files()
    return sorted(set(files) | {p for p in extra if p is not None}, key=lambda p: p.as_posix())



def front_files(config: RunConfig) -> dict[str, Path]:
    """The Markdown files of the researcher's parts named in the configuration (part -> path)."""
    return {part: config.path(config.report[part]) for part in ("summary", "introduction", "conclusions")
            if config.report.get(part)}


def read_front_matter(config: RunConfig) -> tuple[dict[str, str | None], list[str]]:
    """The researcher's parts: part -> Markdown text (``None`` when the file is absent), and notes.

    Raises
    ------
    ReportError
        ``RK532`` a file that exists but is not UTF-8 text.

    Examples
    --------
    >>> read_front_matter(RunConfig.from_dict({"codebook": "cb.yaml", "report": {"summary": "s.md"}}, base="/nonexistent"))
    ({'summary': None}, ['report.summary: /nonexistent/s.md not found; the report shows a marked placeholder'])
    """
    from researchkit.errors import ReportError

    texts: dict[str, str | None] = {}
    notes: list[str] = []
    for part, path in front_files(config).items():
        if not path.is_file():
            texts[part] = None
            notes.append(f"report.{part}: {path.as_posix()} not found; the report shows a marked placeholder")
            continue
        try:
            texts[part] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ReportError("RK532", f"{config.report[part]}: not UTF-8 text (byte {exc.start})",
                              hint="save the Markdown file as UTF-8") from None
    return texts, notes

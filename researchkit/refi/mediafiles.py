"""Recordings inside a ``.qdpx``: copied next to the project, so a quote's time leads to the audio.

A transcript's document names its recording (``media_path``, :mod:`researchkit.refi.media`).
When that is ``internal://...`` the recording is a member of the archive;
:func:`extract_media` copies those members into a folder (``researchkit import
--extract-media``: ``<project>.media/``) and gives each document the attribute
``media_file``, the copy's path relative to the project's folder.

* members are read through :class:`~researchkit.refi.safety.SafeArchive` (no absolute
  paths or ``..``, size and compression limits); only the member's own file name is used
  in the folder, so nothing is written outside it;
* each recording is streamed to disk (an hour of video is never held in memory) and
  written atomically; a file already there with the same bytes is reused (a
  second import writes nothing), one with other bytes is never overwritten: the copy gets
  a suffix (``interview-03-2.mp3``);
* a recording outside the archive (``relative://``, ``absolute://``) or missing from it is
  listed in the report, and its document keeps ``media_path`` as written.

Examples
--------
>>> import tempfile, zipfile, pathlib
>>> from researchkit.refi.model import Exchange, ExchangeReport
>>> from researchkit.transcripts import Corpus, Transcript
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> with zipfile.ZipFile(d / "p.qdpx", "w") as z:
...     z.writestr("sources/a1.mp3", b"ID3 fake audio")
>>> ex = Exchange("p", Corpus([Transcript("R03", "R: ja", attributes={"media_path": "internal://a1.mp3"})]),
...               report=ExchangeReport("p.qdpx"))
>>> out = extract_media(d / "p.qdpx", ex, d / "p.rkp.media", relative_to=d)
>>> out.corpus["R03"].attributes["media_file"], (d / "p.rkp.media" / "a1.mp3").read_bytes()
('p.rkp.media/a1.mp3', b'ID3 fake audio')
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import tempfile
from pathlib import Path, PurePosixPath

from researchkit.fileio import default_file_mode
from researchkit.refi.model import Exchange, ExchangeReport
from researchkit.refi.safety import MAX_MEDIA_BYTES, SafeArchive
from researchkit.refi.sources import SourceFiles
from researchkit.transcripts import Corpus

__all__ = ["extract_media", "free_name"]


def _sha(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def free_name(folder: Path, name: str, sha256: str, size: int) -> tuple[Path, bool]:
    """Where a file of ``size`` bytes with digest ``sha256`` goes in ``folder`` as ``name``, and whether
    it must be written.

    The file itself when absent; the file already there when it holds the same bytes (not
    written again); else ``stem-2.ext``, ``stem-3.ext`` ... (never overwriting a different file).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.mp3").write_bytes(b"x")
    >>> x, y = hashlib.sha256(b"x").hexdigest(), hashlib.sha256(b"y").hexdigest()
    >>> [(p.name, new) for p, new in (free_name(d, "a.mp3", x, 1), free_name(d, "a.mp3", y, 1), free_name(d, "b.mp3", y, 1))]
    [('a.mp3', False), ('a-2.mp3', True), ('b.mp3', True)]
    """
    stem, suffix = PurePosixPath(name).stem, PurePosixPath(name).suffix
    k = 1
    while True:
        target = folder / (name if k == 1 else f"{stem}-{k}{suffix}")
        if not os.path.lexists(target):  # a dangling link is a file of someone else's too
            return target, True
        if target.is_file() and not target.is_symlink() and target.stat().st_size == size and _sha(target) == sha256:
            return target, False
        k += 1


def _copy_out(archive: SafeArchive, member: str, folder: Path, max_bytes: int) -> tuple[Path, bool, int]:
    """Stream ``member`` into ``folder`` under its own file name: ``(file, written, bytes)``.

    The bytes go to a private temporary file first; it is then linked to a free name (a link
    never replaces a file that appeared meanwhile) or, when an identical file is there,
    dropped. On any error nothing is left but what was there before.
    """
    archive.check_size(member, max_bytes)  # refused before anything is made
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".researchkit-", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            size, digest = archive.copy(member, handle, max_bytes=max_bytes)
        os.chmod(tmp, default_file_mode())
        while True:
            target, new = free_name(folder, PurePosixPath(member).name, digest, size)
            if not new:
                return target, False, size
            try:
                os.link(tmp, target)
                return target, True, size
            except FileExistsError:  # someone made that name meanwhile: look again
                continue
    finally:
        os.unlink(tmp)


def _member(files: SourceFiles, path: str) -> str | None:
    """The archive member an ``internal://`` recording path names (in ``sources/`` or not), ``None`` for others."""
    if not path.lower().startswith("internal://"):
        return None
    return files.find(path)


def extract_media(qdpx: str | os.PathLike, ex: Exchange, folder: str | os.PathLike, *,
                  relative_to: str | os.PathLike | None = None, max_member: int = MAX_MEDIA_BYTES) -> Exchange:
    """Copy the recordings of ``ex``'s transcripts out of ``qdpx`` into ``folder``; ``ex`` with ``media_file`` set.

    Parameters
    ----------
    qdpx
        The ``.qdpx`` the exchange was read from.
    ex
        The exchange (:func:`researchkit.refi.read_qdpx`); documents with ``media_path`` are considered.
    folder
        Where the copies go (made when needed).
    relative_to
        ``media_file`` is written relative to this folder (the project's); default: absolute.
    max_member
        Largest recording copied (bytes; default :data:`~researchkit.refi.safety.MAX_MEDIA_BYTES`).
        Recordings are streamed to disk, never held in memory.

    Returns
    -------
    Exchange
        ``ex`` with each extracted document's ``media_file`` attribute; the report lists
        what was extracted, reused and left (``ex.report``).

    Raises
    ------
    ExchangeError
        ``RK601`` an unsafe archive or member (see :mod:`researchkit.refi.safety`).

    Examples
    --------
    >>> import tempfile, zipfile, pathlib
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with zipfile.ZipFile(d / "p.qdpx", "w") as z:
    ...     z.writestr("sources/r01.wav", b"RIFF")
    >>> ex = Exchange("p", Corpus([Transcript("R01", "R: ja", attributes={"media_path": "internal://r01.wav"}),
    ...                           Transcript("R02", "R: nee", attributes={"media_path": "relative:///r02.wav"})]))
    >>> out = extract_media(d / "p.qdpx", ex, d / "media", relative_to=d)
    >>> [t.attributes.get("media_file") for t in out.corpus], out.report.not_carried[0][:41]
    (['media/r01.wav', None], "recording of 'R02': 'relative:///r02.wav'")
    """
    report = ex.report if ex.report is not None else ExchangeReport(str(qdpx))
    folder = Path(folder)
    done: dict[str, str] = {}
    docs = []
    with SafeArchive(qdpx) as archive:
        files = SourceFiles(archive, str(qdpx))
        for t in ex.corpus:
            path = str(t.attributes.get("media_path") or "")
            member = _member(files, path) if path else None
            if path and member is None:
                why = "is not in the archive" if path.lower().startswith("internal://") else "lies outside the archive"
                report.not_carried.append(f"recording of '{t.doc_id}': {path!r} {why}; not extracted (attribute media_path names it)")
            if member is None:
                docs.append(t)
                continue
            if member not in done:
                target, new, size = _copy_out(archive, member, folder, max_member)
                shown = Path(os.path.relpath(target, relative_to)).as_posix() if relative_to is not None else str(target)
                done[member] = shown
                report.warnings.append(f"recording {member} ({size:,} bytes) " + ("extracted to " if new else "already at ") + shown)
            docs.append(dataclasses.replace(t, attributes={**t.attributes, "media_file": done[member]}))
    return dataclasses.replace(ex, corpus=Corpus(docs), report=report)

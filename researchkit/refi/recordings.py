"""Writing the recording of a transcript: an ``<AudioSource>``/``<VideoSource>`` with a ``<Transcript>`` and its sync points.

researchkit exports every document as a ``TextSource``. A document made from the transcript
of an audio or video source knows its recording (the attributes ``media_path``,
``media_guid``, ``media_name``, ``media_current_path``: :mod:`researchkit.refi.media`) and,
in a project, the sync points that tie its text to the recording's time
(``Exchange.sync_points``). With ``write_qdpx(..., recordings=True)`` such a document also gets
the media source it came from, written as ATLAS.ti and QualCoder 1 write theirs: the
``<Transcript>`` names the same file as the ``TextSource`` (``plainTextPath``) and carries one
``<SyncPoint position timeStamp>`` per sync point, ``position`` counted as the target program
counts selection offsets. The codings stay on the ``TextSource`` (REFI-QDA places a
``TranscriptSelection`` only between two sync points, and a coding's ends are rarely at one).

Only a recording left outside the archive is written (``relative://`` or ``absolute://``,
as NVivo, MAXQDA and QualCoder refer to large videos): researchkit carries no recordings,
so a path into the original archive (``internal://``) would point at nothing. Documents
skipped, and why, are listed in the export report.

Examples
--------
>>> from researchkit.transcripts import Transcript
>>> doc = Transcript("R03", "I: Hoe?\\nR: Goed.", attributes={"media_path": "relative:///r03.m4a",
...     "media_guid": "0f6e2a5c-3c51-4c2b-9d0e-2f1a7a3b9c10", "media_name": "r03.m4a"})
>>> found, skipped = plan_recordings([doc], {"R03": ((0, 0), (8, 2260))})
>>> found["R03"].kind, found["R03"].path, skipped
('AudioSource', 'relative:///r03.m4a', [])
"""

from __future__ import annotations

import re
from pathlib import PureWindowsPath
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

from researchkit.refi.model import stable_guid

__all__ = ["Recording", "plan_recordings", "write_recording"]

#: File suffixes written as an ``AudioSource``; any other recording is a ``VideoSource``.
AUDIO_SUFFIXES = frozenset({".mp3", ".m4a", ".wav", ".aac", ".ogg", ".oga", ".opus", ".flac", ".wma", ".aif", ".aiff",
                            ".amr", ".3ga", ".caf"})
_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


class Recording(NamedTuple):
    """The media source written for one transcript.

    Attributes
    ----------
    kind
        ``"AudioSource"`` or ``"VideoSource"`` (from the file's suffix).
    guid, name, path, current_path
        The source's attributes, as the document's ``media_*`` attributes give them.
    points
        ``(offset, milliseconds)`` sync points in the canonical text.
    """

    kind: str
    guid: str
    name: str
    path: str
    current_path: str
    points: tuple[tuple[int, int], ...]


def plan_recordings(docs: Iterable[Any], sync: Mapping[str, Sequence[tuple[int, int]]]) -> tuple[dict[str, Recording], list[str]]:
    """Which documents get their recording written, and why the others with a recording do not.

    Parameters
    ----------
    docs
        The documents (``doc_id``, ``attributes``).
    sync
        ``doc_id -> (offset, milliseconds)`` sync points.

    Returns
    -------
    tuple
        ``doc_id -> Recording``, and one line per document skipped (for the report).

    Examples
    --------
    >>> from researchkit.transcripts import Transcript
    >>> doc = Transcript("R04", "R: ja", attributes={"media_path": "internal://r04.mp4", "media_guid": "x"})
    >>> plan_recordings([doc], {"R04": ((0, 0),)})[1]
    ["'R04': recording 'internal://r04.mp4' not written: it was inside the archive it came from and researchkit carries no recordings (its sync points travel in researchkit's extension)"]
    """
    found: dict[str, Recording] = {}
    skipped: list[str] = []
    for doc in docs:
        attrs = doc.attributes or {}
        path = str(attrs.get("media_path") or "").strip()
        if not path:
            continue
        guid = str(attrs.get("media_guid") or "").strip()
        points = tuple((int(o), int(ms)) for o, ms in sync.get(doc.doc_id, ()))
        why = None
        if not path.lower().startswith(("relative://", "absolute://")):
            why = "it was inside the archive it came from and researchkit carries no recordings"
        elif not points:
            why = "the document has no sync points"
        elif not _GUID.fullmatch(guid):
            why = f"its media_guid {guid!r} is not a GUID"
        if why:
            skipped.append(f"{doc.doc_id!r}: recording {path!r} not written: {why} (its sync points travel in researchkit's extension)"
                           if points else f"{doc.doc_id!r}: recording {path!r} not written: {why}")
            continue
        file_name = PureWindowsPath(path.split("://", 1)[-1]).name
        suffix = PureWindowsPath(file_name).suffix.lower()
        # QualCoder names its copy of the recording after the source's name and stops on a source without one
        name = str(attrs.get("media_name") or "").strip() or file_name or doc.doc_id
        found[doc.doc_id] = Recording("AudioSource" if suffix in AUDIO_SUFFIXES else "VideoSource", guid, name, path,
                                      str(attrs.get("media_current_path") or "").strip(), points)
    return found, skipped


def write_recording(xs: Any, recording: Recording, doc_id: str, doc_guid: str, text: str, target: Any,
                    created: str | None = None) -> None:
    """Write ``recording``'s media source: a ``<Transcript>`` on the document's text file with its ``<SyncPoint>``\\s.

    ``doc_guid`` is the ``TextSource``'s GUID as written (upper case); ``target`` counts the
    positions (:meth:`researchkit.refi.targets.Target.positions`). Sync point GUIDs are
    derived from the document's GUID and their order (the same on every export).
    ``created`` (an ``xsd:dateTime``, the project's) goes on the source and the ``<Transcript>``:
    QualCoder's importer stops on a transcript with neither ``creationDateTime`` nor
    ``modifiedDateTime`` (``refi.py``, ``parse_transcript_with_codings_and_syncpoints``).
    """
    attrs = {"guid": recording.guid.upper()}
    if recording.name:
        attrs["name"] = recording.name
    attrs["path"] = recording.path
    if recording.current_path and recording.current_path != recording.path:
        attrs["currentPath"] = recording.current_path
    dated = {"creationDateTime": created} if created else {}
    xs.start(recording.kind, {**attrs, **dated})
    xs.start("Transcript", {"guid": stable_guid("transcript", doc_guid.lower()).upper(), "name": doc_id,
                            "plainTextPath": f"internal://{doc_guid}.txt", **dated})
    offsets = [o for o, _ in recording.points]
    positions, _ = target.positions(text, offsets, offsets)
    for k, ((_, ms), position) in enumerate(zip(recording.points, positions)):
        xs.leaf("SyncPoint", {"guid": stable_guid("sync-point", doc_guid.lower(), str(k)).upper(),
                              "position": str(int(position)), "timeStamp": str(ms)})
    xs.end()
    xs.end()

"""Picture, audio and video sources of a REFI-QDA project: their transcripts become documents, the rest is listed.

researchkit codes text. What a media source holds is carried as far as text allows:

* each ``<Transcript>`` (its ``plainTextPath`` or ``PlainTextContent``) becomes a document,
  its ``TranscriptSelection``\\s (passages between two sync points) codings on it; a
  transcript that is the very file of a text source (ATLAS.ti exports a media file's
  transcript also as a ``TextSource``) is imported once. A source with one transcript
  lends it its GUID, so cases, variables and sets that name the media name the transcript;
* comments and notes on picture, audio, video and PDF-area selections become memos
  named after the selection and its place (:func:`media_selection_memos`); the media
  source's own comment and notes are memos on its transcript (else on the project);
* the codings of audio and video selections are placed on the source's one transcript
  between the sync points around their times, a coding of the whole recording on the whole
  transcript (:mod:`researchkit.refi.mediacodings`); picture selections, and what cannot be
  placed, are listed in the report with their count and why;
* the document of a transcript knows its recording: the attributes ``media_name``,
  ``media_path`` (as the project writes it: ``internal://`` for a file inside the
  ``.qdpx``, ``relative://`` or ``absolute://`` for one outside), ``media_guid``, and when
  given ``media_current_path`` (the source's ``currentPath``) and, for a ``relative://``
  path, ``media_base_path`` (the project's ``basePath``) (:func:`recording_attributes`),
  text like any variable, so they survive an export;
  ``researchkit import --extract-media`` adds ``media_file``, the copy of the recording
  beside the project (:mod:`researchkit.refi.mediafiles`); :func:`media_time` says where
  in which recording a passage was said.

Examples
--------
>>> from lxml import etree
>>> t = etree.fromstring('<Transcript xmlns="urn:QDA-XML:project:1.0"><SyncPoint guid="A" position="0" timeStamp="0"/>'
...                      '<SyncPoint guid="B" position="12" timeStamp="2260"/></Transcript>')
>>> sync_points(t)
{'a': 0, 'b': 12}
"""

from __future__ import annotations

import dataclasses
from pathlib import PureWindowsPath
from typing import Any, Callable, NamedTuple, Sequence

from researchkit.refi.model import norm_guid
from researchkit.refi.xmlread import kids, note_refs, text_of

__all__ = ["sync_points", "media_selection_memos", "read_media_source", "MEDIA_ATTRIBUTES", "recording_attributes",
           "add_recording", "MediaTime", "media_time"]

#: Document attributes naming the recording a transcript was made from (``media_file``: its copy, when extracted).
MEDIA_ATTRIBUTES = ("media_name", "media_path", "media_guid", "media_current_path", "media_base_path", "media_file")

SELECTION_TAGS = {"PictureSource": "PictureSelection", "AudioSource": "AudioSelection", "VideoSource": "VideoSelection"}


def sync_points(transcript: Any, problems: list[str] | None = None) -> dict[str, Any]:
    """``GUID -> position`` of a transcript's ``SyncPoint``\\s (a position that is no number stays as written).

    A GUID given twice keeps its first position; each repeat is added to ``problems`` (if given).
    """
    points: dict[str, Any] = {}
    for p in kids(transcript, "SyncPoint"):
        position = p.get("position")
        guid = norm_guid(p.get("guid")) or ""
        value = int(position) if (position or "").strip().lstrip("-").isdigit() else position
        if guid in points:
            if problems is not None:
                problems.append(f"sync point {guid} of transcript '{transcript.get('name') or ''}' is given twice "
                                f"(positions {points[guid]!r} and {value!r}, line {p.sourceline}); the first is used")
            continue
        points[guid] = value
    return points


def _media_place(sel: Any) -> str:
    """Where a picture, audio, video or PDF-area selection is, as its program shows it."""
    if sel.get("begin") is not None:
        return f"{sel.get('begin')}-{sel.get('end')} ms"
    page = f"page {sel.get('page')}, " if sel.get("page") is not None else ""
    return f"{page}({sel.get('firstX')},{sel.get('firstY')})-({sel.get('secondX')},{sel.get('secondY')})"


def media_selection_memos(src: Any, selections: list, target_type: str, target: str, ctx: Any) -> int:
    """Comments and notes on selections researchkit cannot hold (picture, audio, video, PDF areas), kept as memos.

    ATLAS.ti writes a comment on a video segment as the selection's ``Description``;
    each becomes a memo on ``target`` (the project, or the document a PDF's text became)
    named after the selection and its place; notes referred to from the selection are
    attached to the same target. Returns the number of comments and notes kept.
    """
    kept = 0
    for sel in selections:
        label = f"{sel.get('name') or norm_guid(sel.get('guid'))} ({_media_place(sel)}) of '{src.get('name') or ''}'"
        comment, notes = text_of(sel, "Description"), note_refs(sel)
        if comment and comment.strip():
            who = ctx.coder_of(sel.get("creatingUser"), src.get("creatingUser"))
            ctx.memos.selection_comment(comment.strip(), target_type, target, norm_guid(sel.get("guid")) or label,
                                        f"on «{label}»", who, sel.get("creationDateTime"))
            kept += 1
        if notes:
            ctx.memos.attach(notes, target_type, target)
            kept += len(notes)
    return kept


def read_media_source(src: Any, kind: str, files: Any, ctx: Any, state: dict, read_text: Callable[..., str | None]) -> None:
    """One picture, audio or video source: transcripts through ``read_text`` (the reader's text-source reader), the rest listed."""
    name, report = src.get("name") or "", ctx.report
    sels = kids(src, SELECTION_TAGS[kind])
    kept = media_selection_memos(src, sels, "project", "", ctx)
    transcripts = kids(src, "Transcript")
    docs = []
    for t in transcripts:
        member = files.find(t.get("plainTextPath")) if t.get("plainTextPath") and _in_file(t) else None
        if member is not None and member in state["members"]:
            doc_id = state["members"][member]
            placed = _selections_on_text(t, doc_id, files, ctx, state, src)
            report.warnings.append(f"{kind} '{name}': transcript '{t.get('name') or ''}' is the text of document "
                                   f"'{doc_id}' (imported once)" + (f"; its {placed} coding(s) placed on it" if placed else "")
                                   + _recording_note(src, doc_id, state, ctx.root.get("basePath")))
            docs.append(doc_id)
            continue
        doc_id = read_text(t, "Transcript", files, ctx, state, media=src)
        if doc_id is not None:
            report.warnings.append(f"{kind} '{name}': transcript '{t.get('name') or ''}' imported as document '{doc_id}'"
                                   + _recording_note(src, doc_id, state, ctx.root.get("basePath")))
            docs.append(doc_id)
    guid = norm_guid(src.get("guid"))
    if guid and len(set(docs)) == 1:
        state["guid_to_doc"].setdefault(guid, docs[0])
    _media_codings(src, kind, sels, sorted(set(docs)), state, ctx, kept)
    _source_memos(src, kind, docs[0] if len(set(docs)) == 1 else None, ctx)


def _media_codings(src: Any, kind: str, sels: list, docs: list[str], state: dict, ctx: Any, kept: int) -> None:
    """Codings of an audio or video source on its one timed transcript (:mod:`researchkit.refi.mediacodings`); the rest listed."""
    from researchkit.refi.mediacodings import media_codings, times_grow
    from researchkit.refi.sources import whole_source_codings

    name, report = src.get("name") or "", ctx.report
    what = SELECTION_TAGS[kind].replace("Selection", "").lower()
    coded = [s for s in sels if kids(s, "Coding")]
    n_codings = sum(len(kids(s, "Coding")) for s in sels) + len(kids(src, "Coding"))
    memo_note = f"; {kept} comment(s) and note(s) on its selections kept as project memos" if kept else ""
    if kind == "PictureSource" or len(docs) != 1:
        parts = [f"{len(sels)} {what} selection(s) with {n_codings} coding(s)"] if sels or n_codings else []
        if not docs and kind != "PictureSource":
            parts.append("no transcript")
        if not parts:  # a picture nobody coded is still a source of the project: say it is not imported
            parts.append("a picture without codings")
        why = (f"{len(docs)} transcripts, and which one the times refer to is unknown" if len(docs) > 1
               else "researchkit codes text only")
        if parts:
            report.not_carried.append(f"{kind} '{name}': {' and '.join(parts)}: {why}{memo_note}")
        return
    doc_id = docs[0]
    if not coded and not kids(src, "Coding"):
        if kept:
            report.not_carried.append(f"{kind} '{name}': {len(sels)} {what} selection(s) without codings{memo_note}")
        return
    text = next(t.text for t in state["transcripts"] if t.doc_id == doc_id)
    points = state["sync"].get(doc_id, ())
    whole = whole_source_codings(src, norm_guid(src.get("guid")) or doc_id, doc_id, text, ctx)
    rows: list[dict] = []
    problems: list[str] = []
    if coded and not points:
        problems = [f"transcript '{doc_id}' has no sync points tying its text to the times"]
    elif coded and not times_grow(points):
        problems = [f"the sync points of transcript '{doc_id}' go back in time as the text goes on"]
    elif coded:
        rows, problems = media_codings(src, kind, coded, doc_id, text, points, ctx)
    state["rows"].extend(rows + whole)
    if rows or whole:
        report.warnings.append(f"{kind} '{name}': " + ", ".join(
            ([f"{len(rows)} coding(s) of its {what} selections placed on transcript '{doc_id}' between the sync points "
              "around their times"] if rows else [])
            + ([f"{len(whole)} coding(s) of the whole recording on the whole transcript '{doc_id}'"] if whole else [])) + memo_note)
    if problems:
        n_sel = sum(len(kids(s, "Coding")) for s in coded) - len(rows)
        report.not_carried.append(f"{kind} '{name}': {n_sel} coding(s) of its {len(coded)} {what} selection(s) not placed: "
                                  + "; ".join(problems[:5]) + (" ..." if len(problems) > 5 else "") + memo_note)
    elif kept and not (rows or whole):
        report.not_carried.append(f"{kind} '{name}': {len(sels)} {what} selection(s) without codings{memo_note}")


def _selections_on_text(t: Any, doc_id: str, files: Any, ctx: Any, state: dict, src: Any) -> int:
    """The ``TranscriptSelection``\\s of a transcript whose file is a document's text: codings on that document.

    Its sync points time the document's turns (:mod:`researchkit.refi.sync`). Returns how
    many codings were placed (the document keeps the offset convention its own selections gave it).
    """
    from researchkit.refi.offsets import SourceText
    from researchkit.refi.sources import read_selections, source_text
    from researchkit.refi.sync import sync_summary, timed_turns, transcript_sync

    if not kids(t, "TranscriptSelection") and not kids(t, "SyncPoint"):
        return 0
    raw, _, _ = source_text(t, files, ctx.report)
    if raw is None:
        return 0
    source, rows = SourceText(raw), []
    if kids(t, "TranscriptSelection"):
        kept = ctx.report.conventions.get(doc_id)
        ctx.source_user = t.get("creatingUser") or src.get("creatingUser")
        rows = read_selections(t, source, doc_id, ctx, sync=sync_points(t, ctx.report.warnings))
        if kept is not None:
            ctx.report.conventions[doc_id] = kept
        state["rows"].extend(rows)
    points = transcript_sync(t, source, ctx.chosen.get(doc_id), doc_id, ctx.report)
    if points:
        state["sync"][doc_id] = points
        document = next(d for d in state["transcripts"] if d.doc_id == doc_id)
        ctx.report.warnings.append(sync_summary(doc_id, document.turns, points))
        state["transcripts"] = [dataclasses.replace(d, turns=timed_turns(d.turns, points)) if d.doc_id == doc_id else d
                                for d in state["transcripts"]]
    return len(rows)


def _source_memos(src: Any, kind: str, doc_id: str | None, ctx: Any) -> None:
    """The media source's own comment and notes (Transana writes both): on its one transcript's document, else the project."""
    target_type, target = ("document", doc_id) if doc_id is not None else ("project", "")
    comment, notes = text_of(src, "Description"), note_refs(src)
    if notes:
        ctx.memos.attach(notes, target_type, target)
    if comment and comment.strip():
        label = f"{kind} '{src.get('name') or ''}'"
        ctx.memos.selection_comment(comment.strip(), target_type, target, norm_guid(src.get("guid")) or label, f"on {label}",
                                    ctx.coder_of(src.get("creatingUser")), src.get("creationDateTime"))


def _in_file(el: Any) -> bool:
    """True when ``el`` keeps its text in a file, not in a ``PlainTextContent`` child."""
    return not kids(el, "PlainTextContent")


def recording_attributes(src: Any, base_path: str | None = None) -> dict[str, str]:
    """The attributes naming an audio or video source (see the module docstring), as written; empty ones left out.

    ``base_path`` is the project's ``basePath``, which a ``relative://`` path is relative to.

    Examples
    --------
    >>> from lxml import etree
    >>> recording_attributes(etree.fromstring('<AudioSource guid="{AB-1}" name="R03" path="internal://ab.mp3"/>'))
    {'media_name': 'R03', 'media_path': 'internal://ab.mp3', 'media_guid': 'ab-1'}
    >>> recording_attributes(etree.fromstring('<VideoSource name="R04" path="relative:///r04.m4a" currentPath="absolute:///d/r04.m4a"/>'),
    ...                      "//PROJECT/Sources")
    {'media_name': 'R04', 'media_path': 'relative:///r04.m4a', 'media_current_path': 'absolute:///d/r04.m4a', 'media_base_path': '//PROJECT/Sources'}
    """
    path, current = (src.get("path") or "").strip(), (src.get("currentPath") or "").strip()
    found = {"media_name": src.get("name") or "", "media_path": path, "media_guid": norm_guid(src.get("guid")) or "",
             "media_current_path": current if current != path else "",
             "media_base_path": (base_path or "").strip() if path.lower().startswith("relative://") else ""}
    return {k: v for k, v in found.items() if v}


def _recording_note(src: Any, doc_id: str, state: dict, base_path: str | None) -> str:
    """Remember the recording of ``doc_id`` (the first, if two sources share a transcript); its words for the report."""
    found = recording_attributes(src, base_path)
    if not found:
        return ""
    state.setdefault("media", {}).setdefault(doc_id, found)
    return "; its recording kept as attribute(s) " + ", ".join(f"{k}={v!r}" for k, v in state["media"][doc_id].items())


def add_recording(attributes: dict, recording: dict[str, str] | None, doc_id: str, report: Any) -> dict:
    """``attributes`` with the recording's attributes added; a variable of the same name keeps its value (warned).

    Examples
    --------
    >>> add_recording({"age": 40}, {"media_name": "R03"}, "R03", None)
    {'age': 40, 'media_name': 'R03'}
    """
    for key, value in (recording or {}).items():
        have = attributes.get(key)
        if have is not None and str(have) != value and report is not None:
            report.warnings.append(f"'{doc_id}': the project's variable {key} is {have!r}, its recording says {value!r}; "
                                   "the variable's value is kept")
        attributes.setdefault(key, value)
    return attributes


class MediaTime(NamedTuple):
    """Where a passage was said: the document, seconds into the recording (``None``: not timed) and the recording.

    ``str()`` gives ``"R03, 00:12:34, interview-03.mp3"``.

    Examples
    --------
    >>> str(MediaTime("R03", 3754.5, "interview-03.mp3")), MediaTime("R04", None, None).clock
    ('R03, 01:02:34, interview-03.mp3', '')
    """

    doc_id: str
    seconds: float | None
    recording: str | None

    @property
    def clock(self) -> str:
        """``hh:mm:ss`` of :attr:`seconds` (``""`` when not timed)."""
        if self.seconds is None:
            return ""
        whole = int(self.seconds)
        return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"

    def __str__(self) -> str:
        return ", ".join([self.doc_id, self.clock or "no time"] + ([self.recording] if self.recording else []))


def media_time(doc: Any, offset: int, points: Sequence[tuple[int, int]] = ()) -> MediaTime:
    """The time at ``offset`` in a transcript and its recording, e.g. ``R03, 00:12:34, interview-03.mp3``.

    The time is the last sync point's at or before ``offset``
    (:func:`researchkit.refi.sync.time_at`; ``points`` default to the transcript's own,
    ``doc.sync_points``); without sync points, the time of the turn the offset is in (or of
    the last timed turn before it): :meth:`~researchkit.transcripts.Transcript.time_at`. The recording is the
    ``media_file`` attribute (the copy extracted beside the project), else the file name of
    ``media_path``, else ``media_name``; ``None`` for a document without them.

    Examples
    --------
    >>> from researchkit.transcripts import Transcript
    >>> doc = Transcript("R03", "I: Hoe?\\nR: Goed.", attributes={"media_name": "R03", "media_path": "internal://interview-03.mp3"})
    >>> str(media_time(doc, 11, ((0, 0), (8, 754_000))))
    'R03, 00:12:34, interview-03.mp3'
    >>> media_time(Transcript("R04", "R: ja"), 3)
    MediaTime(doc_id='R04', seconds=None, recording=None)
    """
    from researchkit.refi.sync import time_at

    seconds = time_at(tuple(points), offset) if points else doc.time_at(offset)
    attrs = doc.attributes or {}
    path = str(attrs.get("media_path") or "")
    name = PureWindowsPath(path.split("://", 1)[-1]).name  # either separator: Windows programs write backslashes
    recording = str(attrs.get("media_file") or "") or name or str(attrs.get("media_name") or "") or None
    return MediaTime(doc.doc_id, seconds, recording)

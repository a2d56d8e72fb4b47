"""Transcripts as speech-recognition tools write them in JSON (``.json``).

The layout is recognised by its keys, never by the file's name:

=====================  =====================================================================
keys                   tool
=====================  =====================================================================
``segments``           openai-whisper, WhisperX, faster-whisper, whisper-timestamped and the
                       pipelines that copy them: ``start``, ``end`` (seconds), ``text``, a
                       speaker in ``speaker`` / ``speaker_id`` / ``speaker_label`` (WhisperX's
                       ``SPEAKER_00``); a top-level list of such segments is read the same way
``word_segments``      WhisperX's words, read only when ``segments`` is empty
``transcription``      whisper.cpp's ``-oj``: ``offsets`` (milliseconds), ``text``, ``speaker``
                       (``--diarize`` on stereo, written ``speaker 0`` as its text output and
                       the ``.lrc`` reader do), ``speaker_turn_next`` (``-tdrz``, noted)
``utterances``         AssemblyAI: ``speaker`` (``A``), ``start``/``end`` in milliseconds,
                       ``text``; without utterances its ``words``, then its ``text``
``results.channels``   Deepgram: ``results.utterances``, else each channel's
                       ``paragraphs``, else its ``words`` (``punctuated_word``), else its
                       ``transcript``; numbered speakers written ``Speaker 0``
``results.items``      AWS Transcribe: ``results.audio_segments``, else the ``items``
                       (words and punctuation) with their ``speaker_label`` (``spk_0``) or
                       the speaker of the ``speaker_labels`` segment they fall in
``monologues``         Rev.ai: ``speaker`` (``Speaker 1``) or ``speaker_name``, ``elements``
``results`` (a list)   Speechmatics json-v2: words and punctuation with ``attaches_to``,
                       the speaker (``S1``) in the first alternative
=====================  =====================================================================

Each segment (utterance, paragraph, monologue) is a paragraph, as a subtitle cue is; a
speaker's consecutive segments form one turn, written once as ``Speaker: text``, whose
timestamp is its first segment's start. Speaker labels are kept as the tool wrote them; a
tool's numbered speaker (Deepgram's and Rev.ai's ``0``) is written ``Speaker 0`` as the
tools' own text exports write it. Words are used only when a layout has no segments: a
new paragraph starts where the speaker changes, or after a sentence's last word followed by
a pause of :data:`PARAGRAPH_PAUSE` seconds or more. A segment without a speaker in a file
whose other segments have one continues the speaker above (noted). Empty segments are
noted; every segment's text is in the canonical text.

The tool's diarization labels only number the speakers: AssemblyAI's ``A`` is not the
``A`` of a question-and-answer transcript, nor Speechmatics' ``S1`` a participant code, so
their roles are found as for ``SPEAKER_00`` (the speaker who asks the questions), unless
``labels=`` names them.

Language, duration and model become the attributes ``language``, ``duration`` (seconds) and
``model``. A JSON file of any other layout is RK102 naming the keys found; JSON that does not
parse, or nests deeper than Python can read, is RK162.

Examples
--------
>>> data = b'{"language": "en", "segments": [{"start": 0.0, "end": 2.1, "text": " How did it start?", "speaker": "SPEAKER_00"},' \\
...        b' {"start": 2.4, "end": 5.0, "text": " With a van.", "speaker": "SPEAKER_01"},' \\
...        b' {"start": 5.2, "end": 7.0, "text": " At night.", "speaker": "SPEAKER_01"}]}'
>>> t = read_json("R01.json", data, doc_id="R01", source=Source("R01.json", "0"))
>>> [(turn.speaker, turn.timestamp, t.turn_text(turn)) for turn in t.turns]
[('SPEAKER_00', 0.0, 'How did it start?'), ('SPEAKER_01', 2.4, 'With a van.\\nAt night.')]
>>> t.attributes
{'language': 'en'}
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from researchkit.errors import TranscriptError
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.roles import LabelMap
from researchkit.io.table import time_scale
from researchkit.transcripts import Source, Transcript, is_generic_speaker

__all__ = ["read_json", "json_layout", "PARAGRAPH_PAUSE"]

#: Seconds of silence after a sentence's last word that start a new paragraph when only words are given.
PARAGRAPH_PAUSE = 1.5
#: Sentence ends, for splitting words into paragraphs.
_SENTENCE_END = (".", "?", "!", "…", "。", "？", "！")
#: Keys that name the transcript's segments, for the error on an unknown layout.
EXPECTED = ("'segments' (Whisper, WhisperX, faster-whisper), 'transcription' (whisper.cpp), 'utterances' (AssemblyAI), "
            "'results' with 'channels' (Deepgram), 'results' with 'transcripts'/'items' (AWS Transcribe), "
            "'monologues' (Rev.ai), or a 'results' list of words (Speechmatics)")


@dataclass
class Segment:
    """One stretch of speech as the tool wrote it: its text, speaker, start (seconds) and place in the file."""

    text: str
    speaker: str | None
    start: float | None
    location: str


@dataclass
class Word:
    """One word (or punctuation mark) of a word-level layout."""

    text: str
    speaker: str | None
    start: float | None
    end: float | None
    location: str
    glue_before: bool = False  # attaches to the word before (punctuation)
    glue_after: bool = False  # the next word attaches to it (an opening quote)


@dataclass
class Layout:
    """What a layout reader found: the tool, where in the file, the segments, notes, and the words joined."""

    tool: str
    where: str
    segments: list[Segment]
    notes: list[str] = field(default_factory=list)
    words: int = 0  # the words a word-level layout joined into its segments


def read_json(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
) -> Transcript:
    """Read a transcription tool's ``.json`` transcript from its bytes (see the module docstring).

    Raises
    ------
    TranscriptError
        RK162 for JSON that does not parse or nests too deep, RK102 for JSON that is not a
        transcript layout researchkit knows (the message lists the keys found), RK104 when the
        transcript has no text.

    Examples
    --------
    >>> data = b'{"utterances": [{"speaker": "A", "start": 250, "end": 2100, "text": "Where were you?"},' \\
    ...        b' {"speaker": "B", "start": 2300, "end": 4000, "text": "At the quay."}]}'
    >>> t = read_json("a.json", data, doc_id="a", source=Source("a.json", "0"))
    >>> [(turn.speaker, turn.timestamp) for turn in t.turns]
    [('A', 0.25), ('B', 2.3)]
    """
    root = load_json(path, data)
    layout = json_layout(path, root)
    segments = [s for s in layout.segments if s.text]
    empty = [s for s in layout.segments if not s.text]
    if not segments:
        raise TranscriptError("RK104", path, f"the {layout.tool} transcript has no text in {layout.where}",
                              hint="check that the tool finished the transcription and exported its text")
    counted = (f"{layout.words} word(s) of {layout.where!r} in {len(layout.segments)} paragraph(s)" if layout.words
               else f"{len(layout.segments)} segment(s) from {layout.where!r}")
    notes = [f"read as {layout.tool} JSON: {counted}"] + layout.notes
    if empty:
        shown = ", ".join(s.location for s in empty[:5]) + (" ..." if len(empty) > 5 else "")
        notes.append(f"{len(empty)} segment(s) without text: {shown}; nothing of them is in the text")
    filled = _fill_speakers(segments)
    if filled:
        notes.append(f"{filled} segment(s) have no speaker; they continue the previous speaker's turn")
    paragraphs = [RawParagraph(s.text, s.location, speaker=s.speaker, timestamp=s.start) for s in segments]
    label_map: LabelMap = LabelMap(dict(labels or {}))
    machine = frozenset(s.speaker for s in segments if s.speaker and is_diarization_label(s.speaker))
    if machine:
        label_map = DiarizationLabels(dict(labels or {}), machine=machine)
    attributes = _metadata(root)
    return assemble(doc_id, paragraphs, labels=label_map, attributes=attributes,
                    source=Source(source.path, source.sha256, "json", "utf-8"), notes=notes)


def load_json(path: str | Path, data: bytes) -> Any:
    """Parse the bytes (UTF-8, a BOM allowed; UTF-16/32 as JSON allows), with errors that name the place.

    Python's parser is linear in the input; nesting deeper than its recursion limit is an error
    (RK162), not a crash. The size was bounded by ``read_transcript``'s ``max_bytes``.

    Examples
    --------
    >>> load_json("a.json", b'\\xef\\xbb\\xbf{"segments": []}')
    {'segments': []}
    >>> load_json("a.json", b"[" * 100000)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    researchkit.errors.TranscriptError: [RK162] a.json: is nested too deeply ...
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return json.loads(data)
    except RecursionError:
        raise TranscriptError("RK162", path, "is nested too deeply to be a transcript (arrays or objects inside each other "
                              "beyond Python's recursion limit)", hint="check that the file is a transcription tool's JSON "
                              "output") from None
    except UnicodeDecodeError as err:
        raise TranscriptError("RK162", path, f"is not UTF-8 text as JSON must be: {err}",
                              hint="save the file as UTF-8, or export the transcript again") from None
    except json.JSONDecodeError as err:
        hint = ("the file holds more than one JSON value (JSON Lines?); save one transcript as one JSON document"
                if err.msg.startswith("Extra data") else "the export may have been cut short; export the transcript again")
        raise TranscriptError("RK162", path, f"is not valid JSON: {err.msg}", location=f"line {err.lineno}, column {err.colno}",
                              hint=hint) from None
    except ValueError as err:  # an integer of thousands of digits
        raise TranscriptError("RK162", path, f"is not valid JSON: {err}", hint="export the transcript again") from None


def json_layout(path: str | Path, root: Any) -> Layout:
    """The transcript layout of parsed JSON, by its keys (RK102 naming the keys found if none fits).

    Examples
    --------
    >>> json_layout("a.json", {"transcription": [{"offsets": {"from": 1500, "to": 3000}, "text": " Hi."}]}).segments
    [Segment(text='Hi.', speaker=None, start=1.5, location='transcription[0]')]
    >>> json_layout("package.json", {"name": "x", "version": "1.0.0"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    researchkit.errors.TranscriptError: [RK102] package.json: is JSON but not a transcript layout researchkit knows (keys found: 'name', 'version'); expected ...
    """
    reader = _layout_reader(root)
    if reader is None:
        for key, wanted in _SEGMENT_KEYS:
            if isinstance(root, dict) and key in root:
                raise TranscriptError(
                    "RK102", path, f"has {key!r}, but not as a transcription tool writes it: expected an array of objects "
                    f"with {' or '.join(map(repr, wanted))}, found {_preview(root[key])}",
                    hint="export the transcript from the tool again, or as .vtt, .srt, .txt or .csv; a .json that is not "
                         "a transcript does not belong in the transcripts folder",
                )
        if isinstance(root, dict):
            keys = ", ".join(repr(str(k)[:40]) for k in list(root)[:12]) + (" ..." if len(root) > 12 else "")
            found = f"keys found: {keys or 'none'}"
        else:
            kind = _json_type(root)
            found = f"the top level is a{'n' if kind[0] in 'aeiou' else ''} {kind}"
        raise TranscriptError(
            "RK102", path, f"is JSON but not a transcript layout researchkit knows ({found}); expected {EXPECTED}",
            hint="export the transcript from the tool as .json of one of these, or as .vtt, .srt, .txt or .csv; "
                 "a .json that is not a transcript does not belong in the transcripts folder",
        )
    try:
        return reader(path, root)
    except _BadSpeaker as bad:
        raise TranscriptError("RK162", path, f"a speaker is a JSON {_json_type(bad.args[0])}, not a label or a number: "
                              f"{_preview(bad.args[0])}", hint="check the export; a speaker must be a string or a number") from None


#: The keys that hold a layout's segments, and the keys their objects have.
_SEGMENT_KEYS = (("segments", ("text", "words")), ("utterances", ("text", "transcript")),
                 ("transcription", ("text", "offsets")), ("monologues", ("elements",)))


def is_transcript_json(root: Any) -> bool:
    """Whether parsed JSON has a transcript layout (for sorting a folder's files).

    Examples
    --------
    >>> is_transcript_json({"segments": []}), is_transcript_json({"name": "app", "dependencies": {}})
    (True, False)
    """
    return _layout_reader(root) is not None


def _layout_reader(root: Any) -> Callable[[Any, Any], Layout] | None:
    """The reader for the layout's keys, or ``None``."""
    if isinstance(root, list):
        return _top_list if root and all(isinstance(x, dict) and "text" in x for x in root[:50]) else None
    if not isinstance(root, dict):
        return None
    results = root.get("results")
    if _items_have(root.get("transcription"), ("text", "offsets")):
        return _whisper_cpp
    if _items_have(root.get("monologues"), ("elements",)):
        return _rev
    if isinstance(results, dict) and any(k in results for k in ("transcripts", "items", "audio_segments")):
        return _aws
    if isinstance(results, dict) and any(k in results for k in ("channels", "utterances")):
        return _deepgram
    if isinstance(results, list) and ("format" in root or any(isinstance(r, dict) and "alternatives" in r for r in results[:50])):
        return _speechmatics
    if _items_have(root.get("utterances"), ("text", "transcript")) or (
            "utterances" in root and root["utterances"] is None and (isinstance(root.get("words"), list) or isinstance(root.get("text"), str))):
        return _assemblyai
    if _items_have(root.get("segments"), ("text", "words")) or (isinstance(root.get("word_segments"), list) and "segments" not in root):
        return _whisper
    return None


def _items_have(items: Any, keys: tuple[str, ...]) -> bool:
    """An array that is empty, or whose first items include an object with one of ``keys`` (a transcript's segments).

    Examples
    --------
    >>> _items_have([{"start": 0, "text": "Hi"}], ("text",)), _items_have([{"start": 0, "end": 4}], ("text",)), _items_have([], ("text",))
    (True, False, True)
    """
    return isinstance(items, list) and (not items or any(isinstance(x, dict) and any(k in x for k in keys) for x in items[:50]))


# ---------------------------------------------------------------- values

def _json_type(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(type(value), "number")


def _seconds(value: Any, scale: float = 1.0) -> float | None:
    """A time in seconds from a number or a numeric string (AWS writes ``"4.87"``); ``None`` if it is not one.

    Examples
    --------
    >>> _seconds("4.87"), _seconds(2100, 0.001), _seconds(float("nan")), _seconds(True), _seconds(-1)
    (4.87, 2.1, None, None, None)
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip()) if len(value) < 40 else None
        except ValueError:
            return None
    if not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        return None
    return round(value * scale, 3)


def _text(value: Any, path: Any, location: str) -> str:
    """A segment's text as one line (line breaks inside it become spaces); RK162 when it is not a string."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TranscriptError("RK162", path, f"the text is a JSON {_json_type(value)}, not a string: {_preview(value)}",
                              location=location, hint="check the export; the text of a segment must be a string")
    return " ".join(line.strip() for line in value.splitlines() if line.strip())


def _speaker(value: Any) -> str | None:
    """A speaker label as the tool wrote it; a bare number as ``Speaker N``, an object by its name or id.

    Examples
    --------
    >>> _speaker("SPEAKER_00"), _speaker(1), _speaker({"id": "spk1", "name": "Ann"}), _speaker(" "), _speaker(None)
    ('SPEAKER_00', 'Speaker 1', 'Ann', None, None)
    """
    if isinstance(value, dict):
        value = value.get("name") or value.get("id")
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return f"Speaker {value}"[:80]
    if isinstance(value, float):
        return f"Speaker {int(value) if value.is_integer() else value}"[:80] if math.isfinite(value) else None
    if not isinstance(value, str):
        raise _BadSpeaker(value)
    return " ".join(value.split())[:80] or None


class _BadSpeaker(Exception):
    """A speaker given as an array or an object without a name (turned into RK162 by :func:`json_layout`)."""


def _preview(value: Any) -> str:
    """A short, safe rendering of a JSON value for a message (never the repr of a deeply nested value).

    Examples
    --------
    >>> _preview("a" * 100), _preview([1, [2]]), _preview({"x": 1}), _preview(3.5)
    ("'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'", 'an array of 2 item(s)', "an object with keys 'x'", '3.5')
    """
    if isinstance(value, str):
        return repr(value[:60])
    if isinstance(value, list):
        return f"an array of {len(value)} item(s)"
    if isinstance(value, dict):
        return "an object with keys " + ", ".join(repr(str(k)[:30]) for k in list(value)[:5])
    return repr(value)[:60]


def _dicts(items: Any, path: Any, where: str) -> list[tuple[int, dict]]:
    """The objects of a JSON array, with their index; RK162 naming the first item that is not an object."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise TranscriptError("RK162", path, f"{where!r} is a JSON {_json_type(items)}, not an array",
                              hint="check the export")
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise TranscriptError("RK162", path, f"the item is a JSON {_json_type(item)}, not an object: {_preview(item)}",
                                  location=f"{where}[{index}]", hint="check the export")
    return list(enumerate(items))


def _get(mapping: Any, *keys: str) -> Any:
    """The first of ``keys`` present (not ``None``) in a mapping."""
    if isinstance(mapping, dict):
        for key in keys:
            if mapping.get(key) is not None:
                return mapping[key]
    return None


# ---------------------------------------------------------------- words

def join_words(words: list[Word]) -> str:
    """The words as text: a space between them unless punctuation attaches, or the tool wrote its own spaces.

    Examples
    --------
    >>> join_words([Word("Hello", None, 0, 0, ""), Word(",", None, 0, 0, "", glue_before=True), Word("there", None, 0, 0, "")])
    'Hello, there'
    >>> join_words([Word(" Hi", None, 0, 0, ""), Word(" you", None, 0, 0, "")])
    'Hi you'
    """
    own_spaces = any(w.text[:1].isspace() for w in words)
    out: list[str] = []
    previous: Word | None = None
    for w in words:
        if own_spaces or previous is None or w.glue_before or previous.glue_after:
            out.append(w.text)
        else:
            out.append(" " + w.text)
        previous = w
    return " ".join("".join(out).split())


def word_paragraphs(words: list[Word]) -> list[Segment]:
    """Words as paragraphs: a new one where the speaker changes, or after a sentence end and a pause.

    Examples
    --------
    >>> ws = [Word("Yes.", "A", 0.0, 0.4, "w0"), Word("Then", "A", 2.5, 2.8, "w1"), Word("No.", "B", 3.0, 3.2, "w2")]
    >>> [(s.text, s.speaker, s.start) for s in word_paragraphs(ws)]
    [('Yes.', 'A', 0.0), ('Then', 'A', 2.5), ('No.', 'B', 3.0)]
    """
    runs: list[list[Word]] = []
    for w in words:
        if not w.text.strip():
            continue
        if runs:
            last = runs[-1][-1]
            pause = (w.start is not None and last.end is not None and w.start - last.end >= PARAGRAPH_PAUSE
                     and last.text.rstrip().endswith(_SENTENCE_END))
            if w.speaker == last.speaker and not pause or w.glue_before:
                runs[-1].append(w)
                continue
        runs.append([w])
    return [Segment(join_words(run), run[0].speaker, next((w.start for w in run if w.start is not None), None),
                    f"{run[0].location}-{run[-1].location.rsplit('[', 1)[-1].rstrip(']')}" if len(run) > 1 else run[0].location)
            for run in runs]


# ---------------------------------------------------------------- layouts

def _whisper(path: Any, root: Any) -> Layout:
    """openai-whisper, WhisperX, faster-whisper: ``segments``; WhisperX's ``word_segments`` when there are none."""
    items = _dicts(root.get("segments"), path, "segments")
    scale = _ms_scale([(s.get("start"), s.get("end")) for _, s in items])
    segments = [Segment(_text(s.get("text"), path, f"segments[{i}]"), _speaker(_get(s, "speaker", "speaker_id", "speaker_label", "speaker_name")),
                        _seconds(s.get("start"), scale), f"segments[{i}]") for i, s in items]
    notes = [_ms_note] if scale != 1.0 else []
    if not items and isinstance(root.get("word_segments"), list):
        words = [Word(_text(_get(w, "word", "text"), path, f"word_segments[{i}]"), _speaker(w.get("speaker")),
                      _seconds(w.get("start")), _seconds(w.get("end")), f"word_segments[{i}]")
                 for i, w in _dicts(root["word_segments"], path, "word_segments")]
        return Layout("WhisperX", "word_segments", word_paragraphs(words), words=len(words),
                      notes=["the file has no segments: its words were joined into paragraphs"])
    if any(s.get("text") is None and isinstance(s.get("words"), list) for _, s in items):
        segments = [seg if seg.text or not isinstance(s.get("words"), list) else
                    Segment(join_words([Word(_text(_get(w, "word", "text"), path, f"segments[{i}].words"), None, None, None, "")
                                        for _, w in _dicts(s["words"], path, f"segments[{i}].words")]), seg.speaker,
                            seg.start, seg.location)
                    for seg, (i, s) in zip(segments, items)]
    tool = "WhisperX" if "word_segments" in root or any(isinstance(s.get("speaker"), str) and s["speaker"].startswith("SPEAKER_") for _, s in items) \
        else "Whisper"
    return Layout(tool, "segments", segments, notes=notes)


def _top_list(path: Any, root: Any) -> Layout:
    """A top-level array of segments (``start``, ``end``, ``text``, ``speaker``), as pipelines dump them."""
    layout = _whisper(path, {"segments": root})
    return Layout("segment list", "[...]", [Segment(s.text, s.speaker, s.start, s.location.replace("segments", "item"))
                                            for s in layout.segments], notes=layout.notes)


def _whisper_cpp(path: Any, root: Any) -> Layout:
    """whisper.cpp's ``-oj``: ``transcription`` with ``offsets`` in milliseconds."""
    segments, turns = [], 0
    for i, s in _dicts(root["transcription"], path, "transcription"):
        offsets = s.get("offsets") if isinstance(s.get("offsets"), dict) else {}
        start = _seconds(offsets.get("from"), 0.001)
        if start is None and isinstance(s.get("timestamps"), dict):
            stamp = s["timestamps"].get("from")
            start = _clock(stamp)
        speaker = s.get("speaker")
        label = f"speaker {speaker}" if isinstance(speaker, (str, int)) and not isinstance(speaker, bool) and str(speaker).strip() else None
        segments.append(Segment(_text(s.get("text"), path, f"transcription[{i}]"), label, start, f"transcription[{i}]"))
        turns += s.get("speaker_turn_next") is True
    notes = []
    if turns:
        notes.append(f"whisper.cpp marked {turns} speaker turn(s) (tinydiarize, speaker_turn_next) without naming the "
                     "speakers: the segments are kept unlabelled; label the file's speakers to get turns")
    return Layout("whisper.cpp", "transcription", segments, notes=notes)


def _clock(value: Any) -> float | None:
    """``00:00:05,000`` in seconds, or ``None``."""
    if not isinstance(value, str) or len(value) > 20:
        return None
    parts = value.replace(",", ".").split(":")
    try:
        seconds = 0.0
        for part in parts:
            seconds = seconds * 60 + float(part)
    except ValueError:
        return None
    return _seconds(seconds)


def _assemblyai(path: Any, root: Any) -> Layout:
    """AssemblyAI: ``utterances`` (milliseconds), else ``words``, else ``text``."""
    items = _dicts(root.get("utterances"), path, "utterances")
    if items:
        scale = _ms_scale([(u.get("start"), u.get("end")) for _, u in items], duration=root.get("audio_duration"))
        segments = [Segment(_text(_get(u, "text", "transcript"), path, f"utterances[{i}]"), _speaker(u.get("speaker")),
                            _seconds(u.get("start"), scale), f"utterances[{i}]") for i, u in items]
        return Layout("AssemblyAI", "utterances", segments, notes=[_ms_note] if scale != 1.0 else [])
    words = _dicts(root.get("words"), path, "words")
    if words:
        scale = _ms_scale([(w.get("start"), w.get("end")) for _, w in words], duration=root.get("audio_duration"))
        return Layout("AssemblyAI", "words", word_paragraphs(
            [Word(_text(w.get("text"), path, f"words[{i}]"), _speaker(w.get("speaker")), _seconds(w.get("start"), scale),
                  _seconds(w.get("end"), scale), f"words[{i}]") for i, w in words]), words=len(words),
            notes=["the file has no utterances (speaker labels were off): its words were joined into paragraphs"])
    return Layout("AssemblyAI", "text", [Segment(_text(root.get("text"), path, "text"), None, None, "text")],
                  notes=["the file has no utterances and no words: its text is one paragraph"])


def _deepgram(path: Any, root: Any) -> Layout:
    """Deepgram: ``results.utterances``, else per channel its paragraphs, words or transcript."""
    results = root["results"]
    utterances = _dicts(results.get("utterances"), path, "results.utterances")
    if utterances:
        segments = [Segment(_text(_get(u, "transcript", "text"), path, f"results.utterances[{i}]"),
                            _speaker(u.get("speaker")) or _channel(u.get("channel"), results),
                            _seconds(u.get("start")), f"results.utterances[{i}]") for i, u in utterances]
        return Layout("Deepgram", "results.utterances", segments)
    channels = _dicts(results.get("channels"), path, "results.channels")
    segments, where, n_words = [], "results.channels", 0
    for c, channel in channels:
        alternatives = _dicts(channel.get("alternatives"), path, f"results.channels[{c}].alternatives")
        if not alternatives:
            continue
        alt = alternatives[0][1]
        base = f"results.channels[{c}].alternatives[0]"
        label = f"Channel {c}" if len(channels) > 1 else None
        paragraphs = alt.get("paragraphs", {}).get("paragraphs") if isinstance(alt.get("paragraphs"), dict) else None
        if isinstance(paragraphs, list) and paragraphs:
            where = "paragraphs"
            for p, para in _dicts(paragraphs, path, f"{base}.paragraphs.paragraphs"):
                loc = f"{base}.paragraphs.paragraphs[{p}]"
                sentences = [_text(s.get("text"), path, f"{loc}.sentences[{k}]") for k, s in _dicts(para.get("sentences"), path, f"{loc}.sentences")]
                segments.append(Segment(" ".join(s for s in sentences if s), _speaker(para.get("speaker")) or label,
                                        _seconds(para.get("start")), loc))
        elif isinstance(alt.get("words"), list) and alt["words"]:
            where = "words"
            n_words += len(alt["words"])
            segments.extend(word_paragraphs([
                Word(_text(_get(w, "punctuated_word", "word"), path, f"{base}.words[{i}]"), _speaker(w.get("speaker")) or label,
                     _seconds(w.get("start")), _seconds(w.get("end")), f"{base}.words[{i}]")
                for i, w in _dicts(alt["words"], path, f"{base}.words")]))
        else:
            where = "transcript"
            segments.append(Segment(_text(alt.get("transcript"), path, f"{base}.transcript"), label, None, f"{base}.transcript"))
    if len(channels) > 1:
        segments.sort(key=lambda s: s.start if s.start is not None else math.inf)  # stable: file order for ties
    return Layout("Deepgram", f"results.channels ({where})", segments, words=n_words)


def _channel(value: Any, results: dict) -> str | None:
    """``Channel N`` for a multichannel utterance without a speaker."""
    channels = results.get("channels")
    if isinstance(value, int) and not isinstance(value, bool) and isinstance(channels, list) and len(channels) > 1:
        return f"Channel {value}"
    return None


def _aws(path: Any, root: Any) -> Layout:
    """AWS Transcribe: ``results.audio_segments``, else the ``items`` with their speakers."""
    results = root["results"]
    audio = _dicts(results.get("audio_segments"), path, "results.audio_segments")
    if audio:
        return Layout("AWS Transcribe", "results.audio_segments", [
            Segment(_text(_get(a, "transcript", "text"), path, f"results.audio_segments[{i}]"),
                    _speaker(_get(a, "speaker_label", "channel_label")), _seconds(a.get("start_time")), f"results.audio_segments[{i}]")
            for i, a in audio])
    items = _dicts(results.get("items"), path, "results.items")
    if not items:
        texts = [(i, t) for i, t in _dicts(results.get("transcripts"), path, "results.transcripts")]
        return Layout("AWS Transcribe", "results.transcripts", [
            Segment(_text(t.get("transcript"), path, f"results.transcripts[{i}]"), None, None, f"results.transcripts[{i}]")
            for i, t in texts], notes=["the file has no items: its transcript text is read without times or speakers"])
    spans = _aws_speaker_spans(results.get("speaker_labels"), path)
    words, k = [], 0
    for i, item in items:
        alternatives = item.get("alternatives")
        content = alternatives[0].get("content") if isinstance(alternatives, list) and alternatives and isinstance(alternatives[0], dict) else None
        start = _seconds(item.get("start_time"))
        speaker = _speaker(_get(item, "speaker_label", "channel_label"))
        if speaker is None and spans and start is not None:
            while k < len(spans) and spans[k][1] < start:
                k += 1
            if k < len(spans) and spans[k][0] <= start:
                speaker = spans[k][2]
        punct = item.get("type") == "punctuation"
        if punct and words:
            speaker = words[-1].speaker  # a full stop is the speaker's before it
        words.append(Word(_text(content, path, f"results.items[{i}]"), speaker, start, _seconds(item.get("end_time")),
                          f"results.items[{i}]", glue_before=punct))
    return Layout("AWS Transcribe", "results.items", word_paragraphs(words), words=len(words))


def _aws_speaker_spans(labels: Any, path: Any) -> list[tuple[float, float, str]]:
    """``(start, end, speaker)`` of AWS's ``speaker_labels.segments``, in time order."""
    if not isinstance(labels, dict):
        return []
    spans = []
    for _, seg in _dicts(labels.get("segments"), path, "results.speaker_labels.segments"):
        start, end, label = _seconds(seg.get("start_time")), _seconds(seg.get("end_time")), _speaker(seg.get("speaker_label"))
        if start is not None and end is not None and label:
            spans.append((start, end, label))
    return sorted(spans)


def _rev(path: Any, root: Any) -> Layout:
    """Rev.ai: ``monologues`` of ``elements`` (text and punctuation, the spaces included)."""
    segments = []
    for i, m in _dicts(root["monologues"], path, "monologues"):
        elements = _dicts(m.get("elements"), path, f"monologues[{i}].elements")
        values = [_text_raw(e.get("value"), path, f"monologues[{i}].elements[{j}]") for j, e in elements]
        start = next((t for t in (_seconds(e.get("ts")) for _, e in elements) if t is not None), None)
        speaker = _speaker(m.get("speaker_name")) or _speaker(m.get("speaker"))
        segments.append(Segment(" ".join("".join(values).split()), speaker, start, f"monologues[{i}]"))
    return Layout("Rev.ai", "monologues", segments)


def _text_raw(value: Any, path: Any, location: str) -> str:
    """An element's value as written (Rev's spaces are elements of their own)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TranscriptError("RK162", path, f"the value is a JSON {_json_type(value)}, not a string", location=location,
                              hint="check the export")
    return value


def _speechmatics(path: Any, root: Any) -> Layout:
    """Speechmatics json-v2: ``results`` of words and punctuation, the speaker in the first alternative."""
    words = []
    for i, r in _dicts(root["results"], path, "results"):
        alternatives = r.get("alternatives")
        alt = alternatives[0] if isinstance(alternatives, list) and alternatives and isinstance(alternatives[0], dict) else None
        if alt is None:
            continue  # a speaker_change marker: no words
        attaches = r.get("attaches_to")
        words.append(Word(_text(alt.get("content"), path, f"results[{i}]"), _speaker(alt.get("speaker")),
                          _seconds(r.get("start_time")), _seconds(r.get("end_time")), f"results[{i}]",
                          glue_before=attaches in ("previous", "both"), glue_after=attaches in ("next", "both")))
    for w, nxt in zip(words, words[1:]):
        if nxt.glue_before and nxt.speaker != w.speaker:
            nxt.speaker = w.speaker  # punctuation belongs to the word it attaches to
    return Layout("Speechmatics", "results", word_paragraphs(words), words=len(words))


# ---------------------------------------------------------------- times and metadata

_ms_note = "the times are whole milliseconds; read as seconds"


def _ms_scale(pairs: list[tuple[Any, Any]], *, duration: Any = None) -> float:
    """``0.001`` when the start and end times are whole milliseconds (AssemblyAI), else ``1``.

    Whole numbers whose segments would each last over two minutes as seconds (the rule of
    Whisper's ``.tsv``), or whose ends run past ten times the file's stated duration in seconds.

    Examples
    --------
    >>> _ms_scale([(0, 2100), (2300, 4000)]), _ms_scale([(0.0, 2.1)]), _ms_scale([(0, 400), (400, 900)], duration=9)
    (0.001, 1.0, 0.001)
    """
    whole = [(a, b) for a, b in pairs if isinstance(a, int) and isinstance(b, int) and not isinstance(a, bool)]
    if not whole or len(whole) != len([p for p in pairs if p[0] is not None]):
        return 1.0
    if isinstance(duration, (int, float)) and not isinstance(duration, bool) and duration > 0 \
            and max(b for _, b in whole) > 10 * duration:
        return 0.001
    return time_scale([str(a) for a, _ in whole], [str(b) for _, b in whole])


_META_KEYS = {
    "language": ("language", "language_code", "detected_language"),
    "duration": ("duration", "audio_duration"),
    "model": ("model", "speech_model", "transcriber"),
}


def _metadata(root: Any) -> dict:
    """Language, duration and model from the top level and the tools' metadata objects.

    Examples
    --------
    >>> _metadata({"metadata": {"duration": 43.8, "transcriber": "whisper_openai"}, "segments": []})
    {'duration': 43.8, 'model': 'whisper_openai'}
    >>> _metadata({"params": {"model": "models/ggml-medium.bin", "language": "id"}, "result": {"language": "id"}})
    {'language': 'id', 'model': 'models/ggml-medium.bin'}
    """
    if not isinstance(root, dict):
        return {}
    places = [root] + [root.get(k) for k in ("metadata", "result", "params", "job")]
    results = root.get("results")
    if isinstance(results, dict):
        places.append(results)
        channels = results.get("channels")
        if isinstance(channels, list) and channels and isinstance(channels[0], dict):
            places.append(channels[0])
    metadata = root.get("metadata")
    if isinstance(metadata, dict):
        places.append(metadata.get("transcription_config"))
        info = metadata.get("model_info")
        if isinstance(info, dict):
            names = sorted({str(v.get("name")) for v in info.values() if isinstance(v, dict) and v.get("name")})
            if names:
                places.insert(0, {"model": ", ".join(names)})
    found: dict = {}
    for attribute, keys in _META_KEYS.items():
        for place in places:
            value = _get(place, *keys)
            if isinstance(value, bool) or not isinstance(value, (str, int, float)) or (isinstance(value, str) and not value.strip()):
                continue
            if attribute == "duration":
                value = _seconds(value)
                if value is None:
                    continue
            found[attribute] = value.strip()[:200] if isinstance(value, str) else value
            break
    return found


# ---------------------------------------------------------------- speakers

def _fill_speakers(segments: list[Segment]) -> int:
    """Give a segment without a speaker, below a segment with one, that speaker; return how many were filled."""
    if not any(s.speaker for s in segments):
        return 0
    filled, previous = 0, None
    for s in segments:
        if s.speaker:
            previous = s.speaker
        elif previous is not None:
            s.speaker = previous
            filled += 1
    return filled


#: A diarization tool's own speaker codes: AssemblyAI's ``A``, Speechmatics' ``S1`` and ``UU``, AWS's ``spk_0`` and
#: ``ch_0``, a channel of Deepgram's multichannel output (``Channel 0``).
_DIARIZATION_CODE_RE = re.compile(r"[A-Z]|S\d{1,3}|UU|spk_\d{1,3}|ch_\d{1,3}|Channel \d{1,3}")


def is_diarization_label(label: str) -> bool:
    """Whether a speaker label only numbers a speaker, as diarization writes it (not a name or a role word).

    Examples
    --------
    >>> [is_diarization_label(x) for x in ("A", "S2", "spk_0", "SPEAKER_01", "Speaker 3", "speaker ?", "Interviewer", "Anna")]
    [True, True, True, True, True, True, False, False]
    """
    return _DIARIZATION_CODE_RE.fullmatch(label) is not None or is_generic_speaker(label.replace("?", "0"))


@dataclass
class DiarizationLabels(LabelMap):
    """A label map in which a tool's diarization labels (``A``, ``S1``, ``spk_0``) only number the speakers.

    Their roles come from the transcript (the speaker who asks the questions), never from the
    role words and codes they happen to spell (``A`` as answer, ``S1`` as a participant code),
    unless the user's ``labels`` name them.

    Examples
    --------
    >>> LabelMap().role("A", has_interviewer=False)
    'respondent'
    >>> m = DiarizationLabels({}, machine=frozenset({"A", "B"}))
    >>> m.known("A"), m.role("A", has_interviewer=True), m.role("B", interviewers=("B",))
    (None, 'respondent', 'interviewer')
    >>> DiarizationLabels({"A": "interviewer"}, machine=frozenset({"A"})).role("A")
    'interviewer'
    """

    machine: frozenset = frozenset()

    def _own(self, label: str) -> bool:
        return label in self.machine and label.strip().casefold() not in self._exact

    def known(self, label: str) -> str | None:
        """``None`` for the tool's own labels (unless the user mapped them), else as :class:`LabelMap`."""
        return None if self._own(label) else super().known(label)

    def role(self, label: str, *, has_interviewer: bool = False, interviewers: tuple[str, ...] = ()) -> str:
        """The tool's labels: interviewer when named so in the attributes, else respondent or other as for names."""
        if not self._own(label):
            return super().role(label, has_interviewer=has_interviewer, interviewers=interviewers)
        if label.strip().casefold() in {n.strip().casefold() for n in interviewers}:
            return "interviewer"
        return "respondent" if has_interviewer or interviewers else "other"

    def with_entries(self, entries: Mapping[str, str]) -> "DiarizationLabels":
        """A copy with ``entries`` below the user's own, keeping the tool's labels."""
        merged = dict(entries)
        merged.update(self.mapping)
        return DiarizationLabels(merged, machine=self.machine - set(entries))

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
``speakers`` and       Amberscript's ``export-json``: ``speakers`` name the ids (``spk1`` as
``segments``           ``Speaker 1`` or the name the editor gave), each segment's ``words``
                       hold its text and times
``transcript`` with    Oyez's US Supreme Court oral arguments, read by :mod:`researchkit.io.oyez`
``sections``
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

The cloud services' layouts (Azure AI Speech's ``recognizedPhrases``, ``phrases`` and Speech SDK
results, Google Speech-to-Text's and IBM Watson's ``results`` with ``alternatives``, Fireflies.ai's
``sentences``) are read in :mod:`researchkit.io.asrcloud`.

This module finds the layout and assembles the transcript; each tool's layout is read in
:mod:`researchkit.io.asrtools`, with the segments, words and values of
:mod:`researchkit.io.asrsegments` and the speaker handling of :mod:`researchkit.io.asrdiarization`.

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
from pathlib import Path
from typing import Any, Callable, Mapping

from researchkit.errors import TranscriptError
from researchkit.io.asrcloud import cloud_attributes, cloud_reader
from researchkit.io.asrlocalized import localized_key, localized_segments
from researchkit.io.asrdiarization import DiarizationLabels, fill_speakers, is_diarization_label
from researchkit.io.asrsegments import PARAGRAPH_PAUSE, BadSpeaker, Layout, Segment, first_of, json_type, preview, to_seconds
from researchkit.io.asrtools import amberscript, assemblyai, aws, deepgram, rev, speechmatics, top_list, whisper, whisper_cpp
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.limits import check_unit_count
from researchkit.io.oyez import is_oyez, read_oyez
from researchkit.io.roles import LabelMap
from researchkit.io.youtubexml import is_youtube_json3, read_youtube_json3
from researchkit.transcripts import Source, Transcript

__all__ = ["read_json", "json_layout", "load_json", "is_transcript_json", "unwrap", "PARAGRAPH_PAUSE", "Segment", "Layout",
           "DiarizationLabels", "is_diarization_label"]

#: Keys that name the transcript's segments, for the error on an unknown layout.
EXPECTED = ("'segments' (Whisper, WhisperX, faster-whisper), 'transcription' (whisper.cpp), 'utterances' (AssemblyAI), "
            "'results' with 'channels' (Deepgram), 'results' with 'transcripts'/'items' (AWS Transcribe), "
            "'monologues' (Rev.ai), a 'results' list of words (Speechmatics), 'speakers' with 'segments' of 'words' (Amberscript), "
            "'recognizedPhrases' or 'phrases' (Azure AI Speech), a 'results' list with 'alternatives' of 'transcript' (Google "
            "Speech-to-Text, IBM Watson), 'sentences' with 'speaker_name' (Fireflies.ai), 'events' with 'tStartMs' (YouTube json3 "
            "captions), 'transcript' with 'sections' (Oyez oral arguments), or such segments under keys in another language "
            "('segmentos' of 'texto', 'inicio', 'hablante'; a team's own Whisper pipeline)")


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
    if is_youtube_json3(root):
        return read_youtube_json3(path, root, doc_id=doc_id, source=source, labels=labels)
    if is_oyez(root):
        return read_oyez(path, root, doc_id=doc_id, source=source, labels=labels)
    outer, wrapper = root, None
    if _layout_reader(root) is None:
        root, wrapper = unwrap(root)
    layout = json_layout(path, root)
    if wrapper is not None:
        layout.notes.insert(0, f"the transcript is the object under {wrapper!r} (a service's response wrapping it); "
                               f"the other keys of the file ({', '.join(repr(str(k)[:30]) for k in outer if k != wrapper) or 'none'}) are not read")
    check_unit_count(path, len(layout.segments), f"paragraphs ({'words' if layout.words else 'segments'} of {layout.where!r})")
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
    filled = fill_speakers(segments)
    if filled:
        notes.append(f"{filled} segment(s) have no speaker; they continue the previous speaker's turn")
    paragraphs = [RawParagraph(s.text, s.location, speaker=s.speaker, timestamp=s.start) for s in segments]
    label_map: LabelMap = LabelMap(dict(labels or {}))
    machine = frozenset(s.speaker for s in segments if s.speaker and is_diarization_label(s.speaker))
    if machine:
        label_map = DiarizationLabels(dict(labels or {}), machine=machine)
    attributes = {**(_metadata(outer) if wrapper is not None else {}), **_metadata(root), **cloud_attributes(root)}  # a service's own units win (Fireflies' minutes)
    del root, outer, layout, segments, empty  # the parsed JSON lives on as paragraphs: not kept through the assembly
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
                    f"with {' or '.join(map(repr, wanted))}, found {preview(root[key])}",
                    hint="export the transcript from the tool again, or as .vtt, .srt, .txt or .csv; a .json that is not "
                         "a transcript does not belong in the transcripts folder",
                )
        if isinstance(root, dict):
            keys = ", ".join(repr(str(k)[:40]) for k in list(root)[:12]) + (" ..." if len(root) > 12 else "")
            found = f"keys found: {keys or 'none'}"
        else:
            kind = json_type(root)
            found = f"the top level is a{'n' if kind[0] in 'aeiou' else ''} {kind}"
        raise TranscriptError(
            "RK102", path, f"is JSON but not a transcript layout researchkit knows ({found}); expected {EXPECTED}",
            hint="export the transcript from the tool as .json of one of these, or as .vtt, .srt, .txt or .csv; "
                 "a .json that is not a transcript does not belong in the transcripts folder",
        )
    try:
        return reader(path, root)
    except BadSpeaker as bad:
        raise TranscriptError("RK162", path, f"a speaker is a JSON {json_type(bad.args[0])}, not a label or a number: "
                              f"{preview(bad.args[0])}", hint="check the export; a speaker must be a string or a number") from None


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
    return _layout_reader(root) is not None or is_youtube_json3(root) or is_oyez(root) or unwrap(root)[1] is not None


def unwrap(root: Any) -> tuple[Any, str | None]:
    """The transcript inside a response that wraps it (``{"id": ..., "output": {"segments": [...]}}``) and its key,
    when exactly one object directly under the top level has a transcript layout; else ``(root, None)``.

    Examples
    --------
    >>> unwrap({"id": "j1", "output": {"duration": 9.5, "segments": [{"start": 0, "end": 2, "text": "Hi."}]}})[1]
    'output'
    >>> unwrap({"a": {"segments": []}, "b": {"segments": []}})[1] is None
    True
    """
    if not isinstance(root, dict):
        return root, None
    inner = [(k, v) for k, v in list(root.items())[:100] if isinstance(v, dict) and _layout_reader(v) is not None]
    return (inner[0][1], str(inner[0][0])) if len(inner) == 1 else (root, None)


def _layout_reader(root: Any) -> Callable[[Any, Any], Layout] | None:
    """The reader for the layout's keys, or ``None``."""
    if isinstance(root, list) and cloud_reader(root) is not None:
        return cloud_reader(root)
    if isinstance(root, list):
        return top_list if root and all(isinstance(x, dict) and "text" in x for x in root[:50]) else None
    if not isinstance(root, dict):
        return None
    results = root.get("results")
    if _items_have(root.get("transcription"), ("text", "offsets")):
        return whisper_cpp
    if _items_have(root.get("monologues"), ("elements",)):
        return rev
    if isinstance(results, dict) and any(k in results for k in ("transcripts", "items", "audio_segments")):
        return aws
    if isinstance(results, dict) and any(k in results for k in ("channels", "utterances")):
        return deepgram
    cloud = cloud_reader(root)
    if cloud is not None:
        return cloud
    if isinstance(results, list) and ("format" in root or any(isinstance(r, dict) and "alternatives" in r for r in results[:50])):
        return speechmatics
    if _items_have(root.get("utterances"), ("text", "transcript")) or (
            "utterances" in root and root["utterances"] is None and (isinstance(root.get("words"), list) or isinstance(root.get("text"), str))):
        return assemblyai
    if _amberscript_speakers(root.get("speakers")) and _items_have(root.get("segments"), ("words",)):
        return amberscript
    if _items_have(root.get("segments"), ("text", "words")) or (isinstance(root.get("word_segments"), list) and "segments" not in root):
        return whisper
    if localized_key(root) is not None:  # a team's own pipeline: "segmentos" of "texto", "inicio", "fin"
        return localized_segments
    return None


def _amberscript_speakers(speakers: Any) -> bool:
    """Amberscript's speaker list: objects with a ``spkid``.

    Examples
    --------
    >>> _amberscript_speakers([{"spkid": "spk1", "name": "Speaker 1"}]), _amberscript_speakers([{"id": 1}]), _amberscript_speakers(None)
    (True, False, False)
    """
    return isinstance(speakers, list) and any(isinstance(s, dict) and "spkid" in s for s in speakers[:50])


def _items_have(items: Any, keys: tuple[str, ...]) -> bool:
    """An array that is empty, or whose first items include an object with one of ``keys`` (a transcript's segments).

    Examples
    --------
    >>> _items_have([{"start": 0, "text": "Hi"}], ("text",)), _items_have([{"start": 0, "end": 4}], ("text",)), _items_have([], ("text",))
    (True, False, True)
    """
    return isinstance(items, list) and (not items or any(isinstance(x, dict) and any(k in x for k in keys) for x in items[:50]))




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
            value = first_of(place, *keys)
            if isinstance(value, bool) or not isinstance(value, (str, int, float)) or (isinstance(value, str) and not value.strip()):
                continue
            if attribute == "duration":
                value = to_seconds(value)
                if value is None:
                    continue
            found[attribute] = value.strip()[:200] if isinstance(value, str) else value
            break
    return found

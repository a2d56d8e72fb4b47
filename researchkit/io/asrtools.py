"""The per-tool layout readers of transcription-tool JSON: one function per layout.

Each takes the file's path (for errors) and the parsed JSON and returns a
:class:`~researchkit.io.asrsegments.Layout`: the tool, where in the file the segments are,
the segments, notes, and the number of words joined when only words were given. Which one
reads a file is decided by its keys (:func:`researchkit.io.asrjson.json_layout`); the module
docstring of :mod:`researchkit.io.asrjson` lists the layouts.

Examples
--------
>>> layout = assemblyai("a.json", {"utterances": [{"speaker": "A", "start": 250, "end": 2100, "text": "Where?"}]})
>>> layout.tool, layout.segments, layout.notes
('AssemblyAI', [Segment(text='Where?', speaker='A', start=0.25, location='utterances[0]')], ['the times are whole milliseconds; read as seconds'])
"""

from __future__ import annotations

import math
from typing import Any

from researchkit.errors import TranscriptError
from researchkit.io.asrsegments import (
    MS_NOTE, Layout, Segment, Word, first_of, join_words, json_objects, json_type, ms_scale, one_line, speaker_label,
    to_seconds, word_paragraphs,
)

__all__ = ["whisper", "top_list", "whisper_cpp", "assemblyai", "deepgram", "aws", "rev", "speechmatics", "amberscript"]

def whisper(path: Any, root: Any) -> Layout:
    """openai-whisper, WhisperX, faster-whisper: ``segments``; WhisperX's ``word_segments`` when there are none."""
    items = json_objects(root.get("segments"), path, "segments")
    scale = ms_scale([(s.get("start"), s.get("end")) for _, s in items])
    segments = [Segment(one_line(s.get("text"), path, f"segments[{i}]"), speaker_label(first_of(s, "speaker", "speaker_id", "speaker_label", "speaker_name")),
                        to_seconds(s.get("start"), scale), f"segments[{i}]") for i, s in items]
    notes = [MS_NOTE] if scale != 1.0 else []
    if not items and isinstance(root.get("word_segments"), list):
        words = [Word(one_line(first_of(w, "word", "text"), path, f"word_segments[{i}]"), speaker_label(w.get("speaker")),
                      to_seconds(w.get("start")), to_seconds(w.get("end")), f"word_segments[{i}]")
                 for i, w in json_objects(root["word_segments"], path, "word_segments")]
        return Layout("WhisperX", "word_segments", word_paragraphs(words), words=len(words),
                      notes=["the file has no segments: its words were joined into paragraphs"])
    if any(s.get("text") is None and isinstance(s.get("words"), list) for _, s in items):
        segments = [seg if seg.text or not isinstance(s.get("words"), list) else
                    Segment(join_words([Word(one_line(first_of(w, "word", "text"), path, f"segments[{i}].words"), None, None, None, "")
                                        for _, w in json_objects(s["words"], path, f"segments[{i}].words")]), seg.speaker,
                            seg.start, seg.location)
                    for seg, (i, s) in zip(segments, items)]
    tool = "WhisperX" if "word_segments" in root or any(isinstance(s.get("speaker"), str) and s["speaker"].startswith("SPEAKER_") for _, s in items) \
        else "Whisper"
    return Layout(tool, "segments", segments, notes=notes)


def top_list(path: Any, root: Any) -> Layout:
    """A top-level array of segments (``start``, ``end``, ``text``, ``speaker``), as pipelines dump them."""
    layout = whisper(path, {"segments": root})
    return Layout("segment list", "[...]", [Segment(s.text, s.speaker, s.start, s.location.replace("segments", "item"))
                                            for s in layout.segments], notes=layout.notes)


def whisper_cpp(path: Any, root: Any) -> Layout:
    """whisper.cpp's ``-oj``: ``transcription`` with ``offsets`` in milliseconds."""
    segments, turns = [], 0
    for i, s in json_objects(root["transcription"], path, "transcription"):
        offsets = s.get("offsets") if isinstance(s.get("offsets"), dict) else {}
        start = to_seconds(offsets.get("from"), 0.001)
        if start is None and isinstance(s.get("timestamps"), dict):
            stamp = s["timestamps"].get("from")
            start = _clock(stamp)
        speaker = s.get("speaker")
        label = f"speaker {speaker}" if isinstance(speaker, (str, int)) and not isinstance(speaker, bool) and str(speaker).strip() else None
        segments.append(Segment(one_line(s.get("text"), path, f"transcription[{i}]"), label, start, f"transcription[{i}]"))
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
    return to_seconds(seconds)


def assemblyai(path: Any, root: Any) -> Layout:
    """AssemblyAI: ``utterances`` (milliseconds), else ``words``, else ``text``."""
    items = json_objects(root.get("utterances"), path, "utterances")
    if items:
        scale = ms_scale([(u.get("start"), u.get("end")) for _, u in items], duration=root.get("audio_duration"))
        segments = [Segment(one_line(first_of(u, "text", "transcript"), path, f"utterances[{i}]"), speaker_label(u.get("speaker")),
                            to_seconds(u.get("start"), scale), f"utterances[{i}]") for i, u in items]
        return Layout("AssemblyAI", "utterances", segments, notes=[MS_NOTE] if scale != 1.0 else [])
    words = json_objects(root.get("words"), path, "words")
    if words:
        scale = ms_scale([(w.get("start"), w.get("end")) for _, w in words], duration=root.get("audio_duration"))
        return Layout("AssemblyAI", "words", word_paragraphs(
            [Word(one_line(w.get("text"), path, f"words[{i}]"), speaker_label(w.get("speaker")), to_seconds(w.get("start"), scale),
                  to_seconds(w.get("end"), scale), f"words[{i}]") for i, w in words]), words=len(words),
            notes=["the file has no utterances (speaker labels were off): its words were joined into paragraphs"])
    return Layout("AssemblyAI", "text", [Segment(one_line(root.get("text"), path, "text"), None, None, "text")],
                  notes=["the file has no utterances and no words: its text is one paragraph"])


def deepgram(path: Any, root: Any) -> Layout:
    """Deepgram: ``results.utterances``, else per channel its paragraphs, words or transcript."""
    results = root["results"]
    utterances = json_objects(results.get("utterances"), path, "results.utterances")
    if utterances:
        segments = [Segment(one_line(first_of(u, "transcript", "text"), path, f"results.utterances[{i}]"),
                            speaker_label(u.get("speaker")) or _channel(u.get("channel"), results),
                            to_seconds(u.get("start")), f"results.utterances[{i}]") for i, u in utterances]
        return Layout("Deepgram", "results.utterances", segments)
    channels = json_objects(results.get("channels"), path, "results.channels")
    segments, where, n_words = [], "results.channels", 0
    for c, channel in channels:
        alternatives = json_objects(channel.get("alternatives"), path, f"results.channels[{c}].alternatives")
        if not alternatives:
            continue
        alt = alternatives[0][1]
        base = f"results.channels[{c}].alternatives[0]"
        label = f"Channel {c}" if len(channels) > 1 else None
        paragraphs = alt.get("paragraphs", {}).get("paragraphs") if isinstance(alt.get("paragraphs"), dict) else None
        if isinstance(paragraphs, list) and paragraphs:
            where = "paragraphs"
            for p, para in json_objects(paragraphs, path, f"{base}.paragraphs.paragraphs"):
                loc = f"{base}.paragraphs.paragraphs[{p}]"
                sentences = [one_line(s.get("text"), path, f"{loc}.sentences[{k}]") for k, s in json_objects(para.get("sentences"), path, f"{loc}.sentences")]
                segments.append(Segment(" ".join(s for s in sentences if s), speaker_label(para.get("speaker")) or label,
                                        to_seconds(para.get("start")), loc))
        elif isinstance(alt.get("words"), list) and alt["words"]:
            where = "words"
            n_words += len(alt["words"])
            segments.extend(word_paragraphs([
                Word(one_line(first_of(w, "punctuated_word", "word"), path, f"{base}.words[{i}]"), speaker_label(w.get("speaker")) or label,
                     to_seconds(w.get("start")), to_seconds(w.get("end")), f"{base}.words[{i}]")
                for i, w in json_objects(alt["words"], path, f"{base}.words")]))
        else:
            where = "transcript"
            segments.append(Segment(one_line(alt.get("transcript"), path, f"{base}.transcript"), label, None, f"{base}.transcript"))
    if len(channels) > 1:
        segments.sort(key=lambda s: s.start if s.start is not None else math.inf)  # stable: file order for ties
    return Layout("Deepgram", f"results.channels ({where})", segments, words=n_words)


def _channel(value: Any, results: dict) -> str | None:
    """``Channel N`` for a multichannel utterance without a speaker."""
    channels = results.get("channels")
    if isinstance(value, int) and not isinstance(value, bool) and isinstance(channels, list) and len(channels) > 1:
        return f"Channel {value}"
    return None


def aws(path: Any, root: Any) -> Layout:
    """AWS Transcribe: ``results.audio_segments``, else the ``items`` with their speakers."""
    results = root["results"]
    audio = json_objects(results.get("audio_segments"), path, "results.audio_segments")
    if audio:
        return Layout("AWS Transcribe", "results.audio_segments", [
            Segment(one_line(first_of(a, "transcript", "text"), path, f"results.audio_segments[{i}]"),
                    speaker_label(first_of(a, "speaker_label", "channel_label")), to_seconds(a.get("start_time")), f"results.audio_segments[{i}]")
            for i, a in audio])
    items = json_objects(results.get("items"), path, "results.items")
    if not items:
        texts = [(i, t) for i, t in json_objects(results.get("transcripts"), path, "results.transcripts")]
        return Layout("AWS Transcribe", "results.transcripts", [
            Segment(one_line(t.get("transcript"), path, f"results.transcripts[{i}]"), None, None, f"results.transcripts[{i}]")
            for i, t in texts], notes=["the file has no items: its transcript text is read without times or speakers"])
    spans = _aws_speaker_spans(results.get("speaker_labels"), path)
    words, k = [], 0
    for i, item in items:
        alternatives = item.get("alternatives")
        content = alternatives[0].get("content") if isinstance(alternatives, list) and alternatives and isinstance(alternatives[0], dict) else None
        start = to_seconds(item.get("start_time"))
        speaker = speaker_label(first_of(item, "speaker_label", "channel_label"))
        if speaker is None and spans and start is not None:
            while k < len(spans) and spans[k][1] < start:
                k += 1
            if k < len(spans) and spans[k][0] <= start:
                speaker = spans[k][2]
        punct = item.get("type") == "punctuation"
        if punct and words:
            speaker = words[-1].speaker  # a full stop is the speaker's before it
        words.append(Word(one_line(content, path, f"results.items[{i}]"), speaker, start, to_seconds(item.get("end_time")),
                          f"results.items[{i}]", glue_before=punct))
    return Layout("AWS Transcribe", "results.items", word_paragraphs(words), words=len(words))


def _aws_speaker_spans(labels: Any, path: Any) -> list[tuple[float, float, str]]:
    """``(start, end, speaker)`` of AWS's ``speaker_labels.segments``, in time order."""
    if not isinstance(labels, dict):
        return []
    spans = []
    for _, seg in json_objects(labels.get("segments"), path, "results.speaker_labels.segments"):
        start, end, label = to_seconds(seg.get("start_time")), to_seconds(seg.get("end_time")), speaker_label(seg.get("speaker_label"))
        if start is not None and end is not None and label:
            spans.append((start, end, label))
    return sorted(spans)


def rev(path: Any, root: Any) -> Layout:
    """Rev.ai: ``monologues`` of ``elements`` (text and punctuation, the spaces included)."""
    segments = []
    for i, m in json_objects(root["monologues"], path, "monologues"):
        elements = json_objects(m.get("elements"), path, f"monologues[{i}].elements")
        values = [_text_raw(e.get("value"), path, f"monologues[{i}].elements[{j}]") for j, e in elements]
        start = next((t for t in (to_seconds(e.get("ts")) for _, e in elements) if t is not None), None)
        speaker = speaker_label(m.get("speaker_name")) or speaker_label(m.get("speaker"))
        segments.append(Segment(" ".join("".join(values).split()), speaker, start, f"monologues[{i}]"))
    return Layout("Rev.ai", "monologues", segments)


def _text_raw(value: Any, path: Any, location: str) -> str:
    """An element's value as written (Rev's spaces are elements of their own)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TranscriptError("RK162", path, f"the value is a JSON {json_type(value)}, not a string", location=location,
                              hint="check the export")
    return value


def speechmatics(path: Any, root: Any) -> Layout:
    """Speechmatics json-v2: ``results`` of words and punctuation, the speaker in the first alternative."""
    words = []
    for i, r in json_objects(root["results"], path, "results"):
        alternatives = r.get("alternatives")
        alt = alternatives[0] if isinstance(alternatives, list) and alternatives and isinstance(alternatives[0], dict) else None
        if alt is None:
            continue  # a speaker_change marker: no words
        attaches = r.get("attaches_to")
        words.append(Word(one_line(alt.get("content"), path, f"results[{i}]"), speaker_label(alt.get("speaker")),
                          to_seconds(r.get("start_time")), to_seconds(r.get("end_time")), f"results[{i}]",
                          glue_before=attaches in ("previous", "both"), glue_after=attaches in ("next", "both")))
    for w, nxt in zip(words, words[1:]):
        if nxt.glue_before and nxt.speaker != w.speaker:
            nxt.speaker = w.speaker  # punctuation belongs to the word it attaches to
    return Layout("Speechmatics", "results", word_paragraphs(words), words=len(words))


def amberscript(path: Any, root: Any) -> Layout:
    """Amberscript's ``export-json``: ``speakers`` (``spkid``, ``name``) and ``segments`` whose ``speaker`` is an id
    and whose ``words`` carry the text and times.

    The speaker is the name the editor gave (``Speaker 1`` unless renamed, ``Interviewer``); an id that
    ``speakers`` does not name stays as written (``spk3``, noted). A ``startTimeOffset`` other than 0 (the media's
    own timecode) is noted; the times are kept as in the file.

    Examples
    --------
    >>> root = {"speakers": [{"spkid": "spk1", "name": "Interviewer"}], "segments": [{"speaker": "spk1",
    ...         "words": [{"text": "Goedemiddag,", "start": 2.11, "end": 2.68}, {"text": "welkom.", "start": 2.68, "end": 3.0}]}]}
    >>> amberscript("a.json", root).segments
    [Segment(text='Goedemiddag, welkom.', speaker='Interviewer', start=2.11, location='segments[0]')]
    """
    names: dict[str, str] = {}
    for _, s in json_objects(root.get("speakers"), path, "speakers"):
        spkid, name = speaker_label(s.get("spkid")), speaker_label(s.get("name"))
        if spkid is not None and name is not None:
            names[spkid] = name
    segments, unnamed = [], set()
    for i, s in json_objects(root.get("segments"), path, "segments"):
        words = json_objects(s.get("words"), path, f"segments[{i}].words")
        text = join_words([Word(one_line(w.get("text"), path, f"segments[{i}].words[{j}]"), None, None, None, "")
                           for j, w in words])
        start = next((t for t in (to_seconds(w.get("start")) for _, w in words) if t is not None), None)
        code = speaker_label(s.get("speaker"))
        if code is not None and code not in names:
            unnamed.add(code)
        segments.append(Segment(text, names.get(code, code), start, f"segments[{i}]"))
    notes = []
    if unnamed:
        notes.append(f"speaker id(s) {', '.join(map(repr, sorted(unnamed)))} are not in the file's 'speakers': kept as written")
    offset = to_seconds(root.get("startTimeOffset"))
    if offset:
        notes.append(f"startTimeOffset is {offset:g} s (the media's own timecode): the times are kept as in the file, not shifted")
    return Layout("Amberscript", "segments", segments, notes=notes)

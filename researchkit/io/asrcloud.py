"""The cloud speech services' JSON: Azure AI Speech, Google Cloud Speech-to-Text, IBM Watson, Fireflies.ai's API.

Each reader takes the file's path (for errors) and the parsed JSON and returns a
:class:`~researchkit.io.asrsegments.Layout`, as the readers of :mod:`researchkit.io.asrtools`
do; :func:`researchkit.io.asrjson.json_layout` picks one by the file's keys
(:func:`cloud_reader`).

=========================  ==================================================================
keys                       service
=========================  ==================================================================
``recognizedPhrases``      Azure batch transcription: each phrase's ``nBest[0].display``,
                           its ``speaker`` (a number, with diarization), ``channel``, start
                           from ``offsetInTicks`` (10,000,000 a second), else
                           ``offsetMilliseconds``, else ``offset`` (``PT1.2S``)
``phrases`` with           Azure fast transcription: each phrase's ``text``, ``speaker``,
``offsetMilliseconds``     ``channel``, ``offsetMilliseconds``
an array with              the Azure Speech SDK's detailed results as a program saves them:
``DisplayText``,           ``Offset`` in ticks, ``SpeakerId`` (``Guest-1``) of the conversation
``Offset``                 transcriber
``results`` of             Google Cloud Speech-to-Text (v1 ``recognize``/``longrunningrecognize``,
``alternatives`` with      v2 ``BatchRecognize`` output, also inside an operation's
``transcript``             ``response``): the top alternative's ``transcript``, its ``words``
                           with ``speakerTag`` (v1) or ``speakerLabel`` (v2), times as
                           ``"1.400s"`` in ``startTime``/``startOffset``
the same with              IBM Watson Speech to Text: the top alternative's ``transcript``
``speaker_labels`` or      and ``timestamps`` (``[word, from, to]``), the speakers from the
``result_index``           top-level ``speaker_labels`` (``from``, ``to``, ``speaker``)
``sentences`` with         Fireflies.ai's GraphQL ``transcript`` (as saved from the API, in
``speaker_name``           ``data.transcript`` or alone): each sentence's ``text``,
                           ``speaker_name``, ``start_time`` (seconds)
=========================  ==================================================================

Numbered speakers are written ``Speaker 1`` as for Deepgram and Rev.ai. Google's diarization
repeats the whole file's words with their speakers in the last result: those words are read
and the earlier results (the same words without speakers) are left out, with a note.

Examples
--------
>>> root = {"recognizedPhrases": [{"speaker": 1, "offsetInTicks": 7600000.0, "nBest": [{"display": "Hello there."}]},
...                               {"speaker": 2, "offsetInTicks": 21000000.0, "nBest": [{"display": "Hi."}]}]}
>>> [(s.text, s.speaker, s.start) for s in azure("a.json", root).segments]
[('Hello there.', 'Speaker 1', 0.76), ('Hi.', 'Speaker 2', 2.1)]
"""

from __future__ import annotations

import math
import re
from typing import Any, Callable

from researchkit.io.asrsegments import Layout, Segment, Word, first_of, json_objects, one_line, speaker_label, to_seconds, word_paragraphs

__all__ = ["cloud_reader", "cloud_attributes", "azure", "azure_fast", "azure_sdk", "google", "watson", "fireflies", "duration_seconds"]

_TICK = 1e-7  # Azure's ticks: 100 nanoseconds
_ISO_DURATION = re.compile(r"P(?:(\d+(?:\.\d+)?)D)?T?(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?")


def cloud_reader(root: Any) -> Callable[[Any, Any], Layout] | None:
    """The reader of a cloud service's layout, by its keys, or ``None``.

    Examples
    --------
    >>> cloud_reader({"recognizedPhrases": []}).__name__, cloud_reader({"results": [{"alternatives": [{"transcript": "Hi"}]}]}).__name__
    ('azure', 'google')
    >>> cloud_reader({"result_index": 0, "results": [{"alternatives": [{"transcript": "hi "}]}]}).__name__
    'watson'
    >>> cloud_reader({"results": [{"alternatives": [{"content": "Hi"}]}]}) is None  # Speechmatics
    True
    """
    if isinstance(root, list):
        return azure_sdk if root and all(isinstance(x, dict) and "DisplayText" in x and "Offset" in x for x in root[:50]) else None
    if not isinstance(root, dict):
        return None
    if _objects_with(root.get("recognizedPhrases"), ("nBest", "recognitionStatus")):
        return azure
    if _objects_with(root.get("phrases"), ("offsetMilliseconds",)) and isinstance(root.get("phrases"), list) and root["phrases"]:
        return azure_fast
    if _fireflies_transcript(root) is not None:
        return fireflies
    results = _google_results(root)
    if results is not None:
        if "speaker_labels" in root or "result_index" in root or any(
                isinstance(_top(r), dict) and "timestamps" in _top(r) for r in results[:50] if isinstance(r, dict)):
            return watson
        return google
    return None


def _objects_with(items: Any, keys: tuple[str, ...]) -> bool:
    return isinstance(items, list) and (not items or any(isinstance(x, dict) and any(k in x for k in keys) for x in items[:50]))


def _top(result: dict) -> Any:
    """A result's first alternative (the most likely), or ``None``."""
    alternatives = result.get("alternatives")
    return alternatives[0] if isinstance(alternatives, list) and alternatives else None


def _google_results(root: dict) -> list | None:
    """The ``results`` of a Google or Watson response (an operation's ``response`` too), when its alternatives
    carry a ``transcript``."""
    response = root.get("response")
    results = root.get("results")
    if results is None and isinstance(response, dict):
        results = response.get("results")
    if not isinstance(results, list) or not results:
        return None
    if any(isinstance(r, dict) and isinstance(_top(r), dict) and "transcript" in _top(r) for r in results[:50]):
        return results
    return None


def duration_seconds(value: Any) -> float | None:
    """Seconds from a JSON duration: protobuf's ``"1.400s"`` or ``{"seconds": 1, "nanos": 400000000}``, ISO 8601's
    ``PT1.4S``, or a plain number.

    Examples
    --------
    >>> duration_seconds("1.400s"), duration_seconds({"seconds": "3", "nanos": 500000000}), duration_seconds("PT1M2.5S")
    (1.4, 3.5, 62.5)
    >>> duration_seconds("soon") is None, duration_seconds(2), duration_seconds({"seconds": 1, "nanos": 10**400})
    (True, 2.0, None)
    """
    if isinstance(value, dict):
        seconds, nanos = to_seconds(value.get("seconds", 0)), to_seconds(value.get("nanos", 0), 1e-9)
        return None if seconds is None or nanos is None else to_seconds(seconds + nanos)
    if isinstance(value, str) and len(value) < 40:
        text = value.strip()
        if text.endswith("s") and not text.startswith("P"):
            return to_seconds(text[:-1])
        match = _ISO_DURATION.fullmatch(text)
        if match and text.startswith("P") and any(match.groups()):
            d, h, m, s = (float(g) if g else 0.0 for g in match.groups())
            return to_seconds(((d * 24 + h) * 60 + m) * 60 + s)
    return to_seconds(value)


def _numbered(value: Any) -> str | None:
    """A speaker as the service numbers it (``1``, ``"1"``) written ``Speaker 1``; a name as written."""
    label = speaker_label(value)
    return f"Speaker {label}" if label is not None and label.isdigit() else label


# ---------------------------------------------------------------- Azure

def azure(path: Any, root: Any) -> Layout:
    """Azure batch transcription: ``recognizedPhrases`` with ``nBest``, in time order."""
    phrases = json_objects(root.get("recognizedPhrases"), path, "recognizedPhrases")
    segments, failed = [], 0
    for i, p in phrases:
        where = f"recognizedPhrases[{i}]"
        best = json_objects(p.get("nBest"), path, f"{where}.nBest")
        text = one_line(first_of(best[0][1], "display", "itn", "lexical"), path, f"{where}.nBest[0]") if best else ""
        failed += not best and p.get("recognitionStatus") not in (None, "Success")
        start = to_seconds(p.get("offsetInTicks"), _TICK)
        if start is None:
            start = to_seconds(p.get("offsetMilliseconds"), 0.001)
        if start is None:
            start = duration_seconds(p.get("offset"))
        segments.append(Segment(text, _numbered(p.get("speaker")), start, where))
    notes = _order_and_channels(segments, [p for _, p in phrases])
    if failed:
        notes.append(f"{failed} phrase(s) were not recognised (recognitionStatus other than Success, no nBest)")
    return Layout("Azure AI Speech", "recognizedPhrases", segments, notes=notes)


def azure_fast(path: Any, root: Any) -> Layout:
    """Azure fast transcription: ``phrases`` with ``text`` and ``offsetMilliseconds``."""
    phrases = json_objects(root.get("phrases"), path, "phrases")
    segments = [Segment(one_line(p.get("text"), path, f"phrases[{i}]"), _numbered(p.get("speaker")),
                        to_seconds(p.get("offsetMilliseconds"), 0.001), f"phrases[{i}]") for i, p in phrases]
    return Layout("Azure AI Speech (fast transcription)", "phrases", segments,
                  notes=_order_and_channels(segments, [p for _, p in phrases]))


def azure_sdk(path: Any, root: Any) -> Layout:
    """The Speech SDK's detailed results saved as a JSON array (``DisplayText``, ``Offset`` in ticks, ``SpeakerId``
    from the conversation transcriber, ``Channel``), as a program that logs each recognised phrase writes them.

    Examples
    --------
    >>> azure_sdk("a.json", [{"Id": "x", "RecognitionStatus": "Success", "Offset": 13000000, "Duration": 5700000,
    ...                      "DisplayText": "Good morning.", "SpeakerId": "Guest-1"}]).segments
    [Segment(text='Good morning.', speaker='Guest-1', start=1.3, location='[0]')]
    """
    items = json_objects(root, path, "[...]")
    segments = [Segment(one_line(p.get("DisplayText"), path, f"[{i}]"), _numbered(p.get("SpeakerId")),
                        to_seconds(p.get("Offset"), _TICK), f"[{i}]") for i, p in items]
    unknown = sum(s.speaker == "Unknown" for s in segments)
    notes = _order_and_channels(segments, [{"channel": p.get("Channel")} for _, p in items])
    if unknown:
        notes.append(f"{unknown} phrase(s) have the speaker 'Unknown' (the transcriber could not tell who spoke): kept as written")
    return Layout("Azure AI Speech (Speech SDK results)", "[...]", segments, notes=notes)


def _order_and_channels(segments: list[Segment], items: list[dict]) -> list[str]:
    """Name the channels when two or more carry speech without speakers, and put the phrases in time order
    (Azure lists a stereo file's channels one after the other). Changes ``segments`` in place."""
    notes = []
    channels = {p.get("channel") for p in items if isinstance(p.get("channel"), int) and not isinstance(p.get("channel"), bool)}
    if len(channels) > 1:
        for k, (seg, p) in enumerate(zip(segments, items)):
            if seg.speaker is None and p.get("channel") in channels:
                segments[k] = Segment(seg.text, f"Channel {p['channel']}", seg.start, seg.location)
    starts = [s.start if s.start is not None else math.inf for s in segments]
    if starts != sorted(starts):
        segments.sort(key=lambda s: s.start if s.start is not None else math.inf)  # stable: file order for ties
        notes.append("the phrases are not in time order in the file (one channel after the other): read in time order")
    return notes


# ---------------------------------------------------------------- Google

def google(path: Any, root: Any) -> Layout:
    """Google Cloud Speech-to-Text: ``results`` with ``alternatives``; diarized words when the file has them."""
    results = json_objects(_google_results(root), path, "results")
    base = "results" if "results" in root else "response.results"
    tops = [(i, r, _top(r)) for i, r in results]
    words_of = {i: _google_words(path, top, f"{base}[{i}].alternatives[0]") for i, _, top in tops if isinstance(top, dict)}
    tagged = [i for i, ws in words_of.items() if ws and any(w.speaker for w in ws)]
    notes: list[str] = []
    if tagged and tagged[-1] == tops[-1][0]:
        last = tagged[-1]
        earlier = sum(len(ws) for i, ws in words_of.items() if i != last)
        if len(tagged) == 1 and len(words_of[last]) >= earlier and len(tops) > 1:
            notes.append(f"the last result repeats the file's words with their speakers (Google's diarization): "
                         f"read from it; the {len(tops) - 1} result(s) before it hold the same words without speakers")
            return Layout("Google Speech-to-Text", f"{base}[{last}] (words)", word_paragraphs(words_of[last]),
                          words=len(words_of[last]), notes=notes)
    segments: list[Segment] = []
    n_words = 0
    previous_end: float | None = 0.0
    for i, r, top in tops:
        where = f"{base}[{i}].alternatives[0]"
        words = words_of.get(i) or []
        if words and any(w.speaker for w in words):
            segments.extend(word_paragraphs(words))
            n_words += len(words)
        else:
            text = one_line(top.get("transcript"), path, f"{where}.transcript") if isinstance(top, dict) else ""
            start = next((w.start for w in words if w.start is not None), previous_end)
            speaker = f"Channel {r['channelTag']}" if isinstance(r.get("channelTag"), int) and _many_channels(results) else None
            segments.append(Segment(text, speaker, start, f"{base}[{i}]"))
        previous_end = duration_seconds(first_of(r, "resultEndTime", "resultEndOffset"))
    if _many_channels(results):
        segments.sort(key=lambda s: s.start if s.start is not None else math.inf)
    if not any(words_of.values()):
        notes.append("the results have no word times: each result starts where the one before it ended (resultEndTime)")
    return Layout("Google Speech-to-Text", base, segments, words=n_words, notes=notes)


def _many_channels(results: list[tuple[int, dict]]) -> bool:
    return len({r.get("channelTag") for _, r in results if isinstance(r.get("channelTag"), int)}) > 1


def _google_words(path: Any, top: dict, where: str) -> list[Word]:
    return [Word(one_line(w.get("word"), path, f"{where}.words[{k}]"), _numbered(first_of(w, "speakerLabel", "speakerTag") or None),
                 duration_seconds(first_of(w, "startTime", "startOffset")), duration_seconds(first_of(w, "endTime", "endOffset")),
                 f"{where}.words[{k}]")
            for k, w in json_objects(top.get("words"), path, f"{where}.words")]


# ---------------------------------------------------------------- IBM Watson

def watson(path: Any, root: Any) -> Layout:
    """IBM Watson Speech to Text: ``results`` with ``timestamps``, speakers from ``speaker_labels``."""
    at = {f: s for f, s in ((to_seconds(x.get("from")), _numbered(x.get("speaker")))
                            for _, x in json_objects(root.get("speaker_labels"), path, "speaker_labels")) if f is not None and s}
    segments: list[Segment] = []
    n_words, unlabelled = 0, 0
    for i, r in json_objects(_google_results(root), path, "results"):
        top = _top(r)
        where = f"results[{i}].alternatives[0]"
        if not isinstance(top, dict):
            continue
        stamps = top.get("timestamps") if isinstance(top.get("timestamps"), list) else []
        words = []
        for k, stamp in enumerate(stamps):
            if not (isinstance(stamp, list) and len(stamp) >= 3):
                continue
            start = to_seconds(stamp[1])
            words.append(Word(one_line(stamp[0], path, f"{where}.timestamps[{k}]"), at.get(start) if start is not None else None,
                              start, to_seconds(stamp[2]), f"{where}.timestamps[{k}]"))
        if at and words:
            unlabelled += sum(w.speaker is None for w in words)
            segments.extend(word_paragraphs(words))
            n_words += len(words)
        else:
            segments.append(Segment(one_line(top.get("transcript"), path, f"{where}.transcript"), None,
                                    words[0].start if words else None, f"results[{i}]"))
    notes = []
    if unlabelled:
        notes.append(f"{unlabelled} word(s) have no speaker label at their time in 'speaker_labels'")
    return Layout("IBM Watson Speech to Text", "results", segments, words=n_words, notes=notes)


def cloud_attributes(root: Any) -> dict:
    """``language`` and ``duration`` (seconds) where the cloud layouts keep them: Azure's ``durationInTicks`` or
    ``durationMilliseconds`` and a phrase's ``locale``, Google's ``languageCode`` in a result; a Fireflies
    meeting's ``title``.

    Examples
    --------
    >>> cloud_attributes({"durationInTicks": 25800000, "recognizedPhrases": [{"locale": "nl-NL", "nBest": []}]})
    {'duration': 2.58, 'language': 'nl-NL'}
    >>> cloud_attributes({"results": [{"alternatives": [], "languageCode": "en-us"}]}), cloud_attributes([])
    ({'language': 'en-us'}, {})
    >>> cloud_attributes({"title": "Haven", "duration": 42.5, "sentences": [{"speaker_name": "Ann", "text": "Hi."}]})
    {'title': 'Haven', 'duration': 2550.0}
    """
    if not isinstance(root, dict):
        return {}
    found: dict = {}
    meeting = _fireflies_transcript(root)
    if meeting is not None:
        if isinstance(meeting.get("title"), str) and meeting["title"].strip():
            found["title"] = " ".join(meeting["title"].split())[:200]
        minutes = to_seconds(meeting.get("duration"), 60.0)  # Fireflies gives the duration in minutes
        if minutes is not None:
            found["duration"] = minutes
        return found
    duration = to_seconds(root.get("durationInTicks"), _TICK)
    if duration is None:
        duration = to_seconds(root.get("durationMilliseconds"), 0.001)
    if duration is not None:
        found["duration"] = duration
    for key, field in (("recognizedPhrases", "locale"), ("phrases", "locale"), ("results", "languageCode")):
        items = root.get(key)
        if isinstance(items, list):
            value = next((x[field] for x in items[:50] if isinstance(x, dict) and isinstance(x.get(field), str) and x[field].strip()), None)
            if value:
                found["language"] = value.strip()[:200]
                break
    return found


# ---------------------------------------------------------------- Fireflies.ai

def _fireflies_transcript(root: Any) -> dict | None:
    """The ``transcript`` object of a saved Fireflies.ai API response (``data.transcript``, or the object itself)
    whose ``sentences`` carry a ``speaker_name``; ``None`` otherwise."""
    data = root.get("data") if isinstance(root.get("data"), dict) else None
    transcript = data.get("transcript") if data is not None and isinstance(data.get("transcript"), dict) else root
    sentences = transcript.get("sentences")
    if isinstance(sentences, list) and sentences and any(
            isinstance(x, dict) and "speaker_name" in x and ("text" in x or "raw_text" in x) for x in sentences[:50]):
        return transcript
    return None


def fireflies(path: Any, root: Any) -> Layout:
    """Fireflies.ai's ``transcript`` from its GraphQL API: ``sentences`` with ``text`` (the edited sentence, else
    ``raw_text``), ``speaker_name`` (else ``speaker_id`` numbered), ``start_time`` in seconds.

    Examples
    --------
    >>> root = {"data": {"transcript": {"title": "Haven", "sentences": [
    ...     {"index": 0, "text": "Where do you work?", "raw_text": "where do you work", "start_time": 0.32, "end_time": 1.9,
    ...      "speaker_id": 0, "speaker_name": "Anna de Boer"}]}}}
    >>> fireflies("f.json", root).segments
    [Segment(text='Where do you work?', speaker='Anna de Boer', start=0.32, location='sentences[0]')]
    """
    transcript = _fireflies_transcript(root) or {}
    segments = []
    for i, x in json_objects(transcript.get("sentences"), path, "sentences"):
        text = x.get("text") if x.get("text") is not None else x.get("raw_text")
        speaker = speaker_label(x.get("speaker_name")) or _numbered(x.get("speaker_id"))
        segments.append(Segment(one_line(text, path, f"sentences[{i}]"), speaker, to_seconds(x.get("start_time")), f"sentences[{i}]"))
    where = "data.transcript.sentences" if transcript is not root else "sentences"
    return Layout("Fireflies.ai", where, segments)

"""The shared pieces of the transcription-tool JSON readers: segments, words and their values.

A layout reader (:mod:`researchkit.io.asrtools`) turns a tool's JSON into :class:`Segment` s
(text, speaker, start in seconds, place in the file) with the helpers here: a time in seconds
from a number or a numeric string (:func:`to_seconds`), whole milliseconds recognised
(:func:`ms_scale`), a segment's text on one line (:func:`one_line`), a speaker label as the tool
wrote it (:func:`speaker_label`), a JSON array's objects with errors naming the place
(:func:`json_objects`), and word-level layouts joined into paragraphs (:func:`word_paragraphs`).
The entry point is :func:`researchkit.io.asrjson.read_json`.

Examples
--------
>>> ws = [Word("Where", "A", 0.0, 0.3, "words[0]"), Word("to?", "A", 0.3, 0.6, "words[1]"), Word("Home.", "B", 1.0, 1.4, "words[2]")]
>>> [(s.text, s.speaker, s.start, s.location) for s in word_paragraphs(ws)]
[('Where to?', 'A', 0.0, 'words[0]-1'), ('Home.', 'B', 1.0, 'words[2]')]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from researchkit.errors import TranscriptError
from researchkit.io.table import time_scale

__all__ = ["PARAGRAPH_PAUSE", "MS_NOTE", "Segment", "Word", "Layout", "BadSpeaker", "json_type", "to_seconds", "one_line",
           "speaker_label", "preview", "json_objects", "first_of", "join_words", "word_paragraphs", "ms_scale"]

#: Seconds of silence after a sentence's last word that start a new paragraph when only words are given.
PARAGRAPH_PAUSE = 1.5
#: Sentence ends, for splitting words into paragraphs.
_SENTENCE_END = (".", "?", "!", "…", "。", "？", "！")


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


def json_type(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(type(value), "number")


def to_seconds(value: Any, scale: float = 1.0) -> float | None:
    """A time in seconds from a number or a numeric string (AWS writes ``"4.87"``); ``None`` if it is not one.

    Examples
    --------
    >>> to_seconds("4.87"), to_seconds(2100, 0.001), to_seconds(float("nan")), to_seconds(True), to_seconds(-1)
    (4.87, 2.1, None, None, None)

    A whole number too large for a float (``1e400`` written out) or one that overflows when
    scaled is not a time either:

    >>> to_seconds(10**400), to_seconds(1e308, 1000.0)
    (None, None)
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip()) if len(value) < 40 else None
        except ValueError:
            return None
    if not isinstance(value, (int, float)):
        return None
    try:
        seconds = float(value) * scale
    except OverflowError:  # an int beyond the float range
        return None
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return round(seconds, 3)


def one_line(value: Any, path: Any, location: str) -> str:
    """A segment's text as one line (line breaks inside it become spaces); RK162 when it is not a string."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TranscriptError("RK162", path, f"the text is a JSON {json_type(value)}, not a string: {preview(value)}",
                              location=location, hint="check the export; the text of a segment must be a string")
    return " ".join(line.strip() for line in value.splitlines() if line.strip())


def speaker_label(value: Any) -> str | None:
    """A speaker label as the tool wrote it; a bare number as ``Speaker N``, an object by its name or id.

    Examples
    --------
    >>> speaker_label("SPEAKER_00"), speaker_label(1), speaker_label({"id": "spk1", "name": "Ann"}), speaker_label(" "), speaker_label(None)
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
        raise BadSpeaker(value)
    return " ".join(value.split())[:80] or None


class BadSpeaker(Exception):
    """A speaker given as an array or an object without a name (turned into RK162 by :func:`json_layout`)."""


def preview(value: Any) -> str:
    """A short, safe rendering of a JSON value for a message (never the repr of a deeply nested value).

    Examples
    --------
    >>> preview("a" * 100), preview([1, [2]]), preview({"x": 1}), preview(3.5)
    ("'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'", 'an array of 2 item(s)', "an object with keys 'x'", '3.5')
    """
    if isinstance(value, str):
        return repr(value[:60])
    if isinstance(value, list):
        return f"an array of {len(value)} item(s)"
    if isinstance(value, dict):
        return "an object with keys " + ", ".join(repr(str(k)[:30]) for k in list(value)[:5])
    return repr(value)[:60]


def json_objects(items: Any, path: Any, where: str) -> list[tuple[int, dict]]:
    """The objects of a JSON array, with their index; RK162 naming the first item that is not an object."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise TranscriptError("RK162", path, f"{where!r} is a JSON {json_type(items)}, not an array",
                              hint="check the export")
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise TranscriptError("RK162", path, f"the item is a JSON {json_type(item)}, not an object: {preview(item)}",
                                  location=f"{where}[{index}]", hint="check the export")
    return list(enumerate(items))


def first_of(mapping: Any, *keys: str) -> Any:
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



# ---------------------------------------------------------------- times

MS_NOTE = "the times are whole milliseconds; read as seconds"


def ms_scale(pairs: list[tuple[Any, Any]], *, duration: Any = None) -> float:
    """``0.001`` when the start and end times are whole milliseconds (AssemblyAI), else ``1``.

    Whole numbers whose segments would each last over two minutes as seconds (the rule of
    Whisper's ``.tsv``), or whose ends run past ten times the file's stated duration in seconds.

    Examples
    --------
    >>> ms_scale([(0, 2100), (2300, 4000)]), ms_scale([(0.0, 2.1)]), ms_scale([(0, 400), (400, 900)], duration=9)
    (0.001, 1.0, 0.001)
    """
    whole = [(a, b) for a, b in pairs if isinstance(a, int) and isinstance(b, int) and not isinstance(a, bool)]
    if not whole or len(whole) != len([p for p in pairs if p[0] is not None]):
        return 1.0
    if isinstance(duration, (int, float)) and not isinstance(duration, bool) and duration > 0 \
            and max(b for _, b in whole) > 10 * duration:
        return 0.001
    return time_scale([str(a) for a, _ in whole], [str(b) for _, b in whole])

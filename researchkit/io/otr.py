"""Reader for oTranscribe's own files (``.otr``) and its time marks.

oTranscribe (otranscribe.com, a browser transcription editor much used for interviews) saves
a transcript as ``.otr``: one JSON object (its ``src/js/app/export.js``, "oTranscribe format")
with the editor's HTML under ``text`` and the player's state beside it::

    {"text": "<p><span class=\\"timestamp\\" contenteditable=\\"false\\"
      data-timestamp=\\"3.42\\">0:00:03</span>&nbsp;Interviewer: Hoe gaat het?</p>...",
     "media": "interview-03.mp3", "media-source": "", "media-time": 1325.6}

The HTML is read as an ``.html`` file's body is (:mod:`researchkit.io.html`): paragraphs,
bold labels. A time mark (``<span class="timestamp" data-timestamp="3.42">0:00:03</span>``,
inserted with a key while typing) opening a paragraph is the paragraph's time, in the seconds of
``data-timestamp`` (older files write the clock there, ``"00:12"``); the mark stays in the text,
before the turn, and a label after it is found as after any time. ``media`` (the recording's file
name) becomes the ``media`` attribute; ``media-time`` (where the player stood when the file was
saved) is editor state, named in a note. oTranscribe's text and Markdown downloads are the same
paragraphs with the mark as plain text (``0:00:03 Interviewer: ...``): the text reader reads them.

Errors: JSON that does not parse is RK162 (as every JSON transcript); JSON without oTranscribe's
``text`` is RK147; an ``.otr`` whose ``text`` holds no words RK148.

Examples
--------
>>> from researchkit.transcripts import Source
>>> data = (b'{"text": "<p><span class=\\\\"timestamp\\\\" data-timestamp=\\\\"3.42\\\\">0:00:03</span> I: Hoe gaat het?</p>'
...         b'<p><span class=\\\\"timestamp\\\\" data-timestamp=\\\\"9.5\\\\">0:00:09</span> R: Goed.</p>", "media": "a.mp3"}')
>>> t = read_otr("a.otr", data, doc_id="a", source=Source("a.otr", "0"))
>>> [(turn.speaker, turn.timestamp, t.turn_text(turn)) for turn in t.turns]
[('I', 3.42, 'Hoe gaat het?'), ('R', 9.5, 'Goed.')]
>>> t.attributes["media"]
'a.mp3'
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.transcripts import Source, Transcript

#: A clock in a ``data-timestamp`` (older oTranscribe files): ``12``, ``0:12``, ``1:02:03.5``.
_CLOCK_RE = re.compile(r"\d+(?::[0-5]?\d){0,2}(?:\.\d+)?")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
#: The keys oTranscribe writes beside ``text``.
OTR_KEYS = ("text", "media", "media-source", "media-time")


def timestamp_seconds(value: str | None) -> float | None:
    """Seconds of an oTranscribe ``data-timestamp`` (``"3.42"``, or the older clock ``"00:12"``), else ``None``.

    Examples
    --------
    >>> timestamp_seconds("3.420000"), timestamp_seconds("00:12"), timestamp_seconds("1:02:03")
    (3.42, 12.0, 3723.0)
    >>> timestamp_seconds("NaN") is None, timestamp_seconds("") is None
    (True, True)
    """
    text = (value or "").strip()
    if not _CLOCK_RE.fullmatch(text):
        return None
    seconds = 0.0
    for part in text.split(":"):
        seconds = seconds * 60 + float(part)
    return round(seconds, 3) if math.isfinite(seconds) else None


def timestamp_span(value: str | None, label: str) -> tuple[float, int] | None:
    """An oTranscribe time mark's seconds and the length of its text as the paragraph's time mark.

    ``label`` is the mark's text (``0:00:03``); it is the mark, outside the turn, when it holds no
    letters (its length, white space collapsed, else 0). ``None`` when ``value`` is no time.

    Examples
    --------
    >>> timestamp_span("3.42", "0:00:03")
    (3.42, 7)
    >>> timestamp_span("x", "0:00:03") is None
    True
    """
    seconds = timestamp_seconds(value)
    if seconds is None:
        return None
    text = " ".join(label.split())
    return seconds, (len(text) if text and not any(ch.isalpha() for ch in text) else 0)


def otr_html(path: str | Path, root: object) -> str:
    """The editor's HTML of a parsed ``.otr`` file; RK147 when it is not oTranscribe's layout.

    Examples
    --------
    >>> otr_html("a.otr", {"text": "<p>Hallo</p>", "media": ""})
    '<p>Hallo</p>'
    >>> otr_html("a.otr", {"segments": []})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    researchkit.errors.TranscriptError: [RK147] a.otr: is no oTranscribe file: ... keys segments ...
    """
    if not isinstance(root, dict) or not isinstance(root.get("text"), str):
        found = (f"a JSON object with the keys {', '.join(sorted(map(str, root))) or '(none)'}" if isinstance(root, dict)
                 else f"a JSON {type(root).__name__}")
        problem = "its 'text' is no string" if isinstance(root, dict) and "text" in root else "no 'text' with the transcript"
        raise TranscriptError("RK147", path, f"is no oTranscribe file: {problem} ({found} instead)",
                              hint="an .otr file is oTranscribe's JSON ({\"text\": \"<p>...</p>\", \"media\": ...}); "
                                   "save the transcript from oTranscribe again, or export it as .txt or .md")
    return root["text"]


def read_otr(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
) -> Transcript:
    """Read an oTranscribe ``.otr`` file from its bytes (see the module docstring)."""
    from researchkit.io.asrjson import load_json
    from researchkit.io.html import read_html

    root = load_json(path, data)
    html = otr_html(path, root)
    if not re.sub(r"<[^>]*>|&nbsp;|&#160;", " ", html).strip():
        raise TranscriptError("RK148", path, "is an oTranscribe file whose transcript ('text') is empty",
                              hint="open it in oTranscribe to check that the transcript was saved, then save it again")
    html, halves = _SURROGATE_RE.subn("\ufffd", html)  # JSON may escape half of a UTF-16 pair; no text can hold it
    page = f"<html><head><meta charset=\"utf-8\"></head><body>{html}</body></html>".encode("utf-8")
    try:
        transcript = read_html(path, page, doc_id=doc_id, source=source, labels=labels, encoding="utf-8")
    except TranscriptError as err:
        if err.code != "RK104":
            raise
        raise TranscriptError("RK148", path, "is an oTranscribe file whose transcript ('text') holds no words",
                              hint="open it in oTranscribe to check that the transcript was saved, then save it again") from None
    attributes = dict(transcript.attributes)
    media = root.get("media")
    if isinstance(media, str) and media.strip():
        attributes["media"] = media.strip()
    notes = list(transcript.notes)
    if halves:
        notes.append(f"{halves} lone surrogate code point(s) (half of a UTF-16 pair, not a character) replaced by U+FFFD")
    where = root.get("media-time")
    if isinstance(where, (int, float)) and not isinstance(where, bool) or isinstance(where, str) and where.strip():
        notes.append(f"oTranscribe's player position when the file was saved (media-time {where}) is editor state, not read")
    others = sorted(str(k) for k in root if k not in OTR_KEYS)
    if others:
        notes.append(f"keys of the .otr file not read: {', '.join(others)}")
    return replace(transcript, attributes=attributes, notes=tuple(notes),
                   source=Source(source.path, source.sha256, "otr", "utf-8"))

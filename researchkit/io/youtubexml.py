"""YouTube's timed-text captions: the XML and JSON that transcript downloaders save.

Public interviews, hearings and lectures on YouTube come with captions that tools such as
``youtube-transcript-api`` and ``yt-dlp`` save in YouTube's own XML layouts:

- **srv1** (root ``<transcript>``): ``<text start="1.23" dur="2.5">words</text>``, times in
  seconds. The words are HTML-escaped once more inside the XML (``&amp;#39;`` for an
  apostrophe, ``&amp;quot;``), so they are unescaped after parsing, as YouTube's own player does;
- **srv2 / srv3** (root ``<timedtext>``; srv3 says ``format="3"``): ``<text t="1230" d="2100">``
  or ``<p t="1230" d="2100">`` cues, times in milliseconds; in srv3 a cue's words are
  ``<s>`` pieces (``<s ac="0">word</s><s t="480"> word</s>``, their own times left out), and
  automatic captions add cues that only hold a line break (``<p t="..." d="..." a="1">``):
  those have no words and are left out;
- **json3** (a ``.json`` whose ``events`` hold ``tStartMs``; ``yt-dlp --sub-format json3``):
  each event with ``segs`` is a cue, its words the ``utf8`` of its segments joined, times in
  milliseconds; events without ``segs`` (window settings) and segments that are only a line
  break are left out.

Each cue is a :class:`~researchkit.io.subtitles.Cue` for the one cue → turn assembly of every
subtitle reader (:func:`researchkit.io.subtitles.cues_to_transcript`): ``>> Name:`` and
``Name:`` at a cue's start name its speaker, rolling captions are kept once. A cue without a
start time, or with one that is not a number, is RK144 with its line.

Examples
--------
>>> from researchkit.transcripts import Source
>>> xml = (b'<?xml version="1.0" encoding="utf-8" ?><transcript><text start="0.5" dur="2.1">'
...        b'&gt;&gt; ANN: where&amp;#39;s the quay?</text><text start="3" dur="1">&gt;&gt; BO: Over there.</text></transcript>')
>>> t = read_youtube_xml("talk.xml", xml, doc_id="talk", source=Source("talk.xml", "0"))
>>> [(turn.speaker, turn.timestamp, t.turn_text(turn)) for turn in t.turns]
[('ANN', 0.5, "where's the quay?"), ('BO', 3.0, 'Over there.')]
"""

from __future__ import annotations

import html
import math
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.io.limits import check_unit_count, count_tags
from researchkit.io.subtitles import Cue, cues_to_transcript
from researchkit.io.xmlsafe import attribute, local_name, parse_xml
from researchkit.transcripts import Source, Transcript

__all__ = ["read_youtube_xml", "youtube_cues", "is_youtube_transcript", "is_youtube_json3", "read_youtube_json3"]

CODE = "RK144"
#: Root elements of YouTube's timed-text layouts.
ROOTS = ("transcript", "timedtext")


def is_youtube_transcript(root) -> bool:
    """Whether a parsed ``<transcript>`` / ``<timedtext>`` root holds YouTube's timed cues (not another
    program's ``<transcript>``): its cue elements carry ``start`` or ``t``.

    Examples
    --------
    >>> from lxml import etree
    >>> is_youtube_transcript(etree.fromstring('<transcript><text start="1" dur="2">a</text></transcript>'))
    True
    >>> is_youtube_transcript(etree.fromstring('<transcript><speaker>A</speaker></transcript>'))
    False
    """
    return local_name(root) in ROOTS and any(True for _ in _cue_elements(root))


def _cue_elements(root):
    for element in root.iter():
        if local_name(element) in ("text", "p") and (attribute(element, "start") is not None
                                                     or attribute(element, "t") is not None):
            yield element


def _seconds(path, element, name: str, scale: float) -> float | None:
    raw = attribute(element, name)
    if raw is None:
        return None
    try:
        value = float(raw) * scale if len(raw) < 30 else math.nan
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise TranscriptError(CODE, path, f"a caption has {name}={raw[:30]!r}, which is not a time",
                              location=f"line {element.sourceline}" if element.sourceline else None,
                              hint="download the captions again; times are seconds (srv1) or milliseconds (srv3)")
    return round(value, 3)


def youtube_cues(path: str | Path, root) -> tuple[list[Cue], int]:
    """The cues of a parsed timed-text document and how many cues without words were left out.

    Examples
    --------
    >>> from lxml import etree
    >>> root = etree.fromstring(b'<timedtext format="3"><body><p t="1200" d="900"><s>we</s><s t="300"> sailed</s></p>'
    ...                         b'<p t="2000" d="10" a="1">\\n</p></body></timedtext>')
    >>> cues, empty = youtube_cues("a.xml", root)
    >>> [(c.text, c.start, c.end) for c in cues], empty
    ([('we sailed', 1.2, 2.1)], 1)
    """
    cues: list[Cue] = []
    empty = 0
    for number, element in enumerate(_cue_elements(root), start=1):
        seconds = attribute(element, "start") is not None
        name, length, scale = ("start", "dur", 1.0) if seconds else ("t", "d", 0.001)
        start = _seconds(path, element, name, scale)
        duration = _seconds(path, element, length, scale)
        text = html.unescape("".join(element.itertext())) if seconds else "".join(element.itertext())
        lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
        text = "\n".join(line for line in lines if line)
        if not text:
            empty += 1
            continue
        where = f"line {element.sourceline}" if element.sourceline else f"caption {number}"
        end = None if start is None or duration is None else round(start + duration, 3)
        cues.append(Cue(text, start, end, location=where, timing=f"{where} ({name}={attribute(element, name)})"))
    return cues, empty


def read_youtube_xml(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
) -> Transcript:
    """Read YouTube timed-text XML (srv1 ``<transcript>``, srv2/srv3 ``<timedtext>``) from its bytes.

    Raises
    ------
    TranscriptError
        RK121 for XML that is not well-formed (or declares entities); RK144 for a root that is not
        YouTube's or a time that is none; RK104 for captions without words.
    """
    check_unit_count(path, count_tags(data, b"text", b"p"), "captions (<text> and <p> elements)")
    root = parse_xml(path, data, what="captions")
    if not is_youtube_transcript(root):
        raise TranscriptError(CODE, path, f"the root <{local_name(root)}> holds no YouTube caption (<text start=...> or "
                              "<p t=...>)", hint="check that the file is YouTube captions saved as XML, or export the "
                              "transcript as .vtt, .srt or .txt")
    cues, empty = youtube_cues(path, root)
    if not cues:
        raise TranscriptError("RK104", path, "the captions hold no words", hint="download the captions again")
    notes = [f"read as YouTube timed-text captions ({'srv1' if local_name(root) == 'transcript' else 'srv2/srv3'}): "
             f"{len(cues)} caption(s)"]
    del root  # the parsed tree is not kept through the assembly
    if empty:
        notes.append(f"{empty} caption(s) without words (line breaks of automatic captions) left out")
    return cues_to_transcript(path, cues, doc_id=doc_id, source=Source(source.path, source.sha256, "youtube-xml", None),
                              labels=labels, notes=notes)


def is_youtube_json3(root: object) -> bool:
    """Whether parsed JSON is YouTube's json3 captions: an ``events`` array whose objects carry ``tStartMs``.

    Examples
    --------
    >>> is_youtube_json3({"wireMagic": "pb3", "events": [{"tStartMs": 0, "segs": [{"utf8": "hi"}]}]})
    True
    >>> is_youtube_json3({"events": [{"name": "launch"}]}), is_youtube_json3([1])
    (False, False)
    """
    if not isinstance(root, dict) or not isinstance(root.get("events"), list):
        return False
    return any(isinstance(e, dict) and "tStartMs" in e for e in root["events"][:50])


def _json_ms(path, value, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise TranscriptError(CODE, path, f"{where} is {str(value)[:30]!r}, not a time in milliseconds",
                              hint="download the captions again")
    return round(value / 1000, 3)


def read_youtube_json3(
    path: str | Path,
    root: dict,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
) -> Transcript:
    """Read YouTube's json3 captions from parsed JSON (see the module docstring).

    Raises
    ------
    TranscriptError
        RK144 for a time that is none or an event that is not an object; RK104 for captions without words.

    Examples
    --------
    >>> root = {"events": [{"tStartMs": 0, "dDurationMs": 5000, "id": 1},
    ...                    {"tStartMs": 1200, "dDurationMs": 2000, "segs": [{"utf8": "Ann: we"}, {"utf8": " sailed", "tOffsetMs": 300}]},
    ...                    {"tStartMs": 3200, "dDurationMs": 10, "aAppend": 1, "segs": [{"utf8": "\\n"}]}]}
    >>> t = read_youtube_json3("a.json", root, doc_id="a", source=Source("a.json", "0"))
    >>> [(turn.speaker, turn.timestamp, t.turn_text(turn)) for turn in t.turns]
    [('Ann', 1.2, 'we sailed')]
    """
    cues: list[Cue] = []
    empty = 0
    for number, event in enumerate(root["events"]):
        where = f"events[{number}]"
        if not isinstance(event, dict):
            raise TranscriptError(CODE, path, f"{where} is not an object", hint="download the captions again")
        segs = event.get("segs")
        if segs is None:
            continue  # a window or style definition, no words
        if not isinstance(segs, list):
            raise TranscriptError(CODE, path, f"{where}.segs is not an array", hint="download the captions again")
        text = "".join(str(seg.get("utf8", "")) for seg in segs if isinstance(seg, dict))
        lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
        text = "\n".join(line for line in lines if line)
        if not text:
            empty += 1
            continue
        start = _json_ms(path, event.get("tStartMs"), f"{where}.tStartMs")
        duration = _json_ms(path, event.get("dDurationMs"), f"{where}.dDurationMs")
        end = None if start is None or duration is None else round(start + duration, 3)
        cues.append(Cue(text, start, end, location=where, timing=f"{where} (tStartMs={event.get('tStartMs')})"))
    if not cues:
        raise TranscriptError("RK104", path, "the captions hold no words", hint="download the captions again")
    notes = [f"read as YouTube timed-text captions (json3): {len(cues)} caption(s)"]
    if empty:
        notes.append(f"{empty} caption(s) without words (line breaks of automatic captions) left out")
    return cues_to_transcript(path, cues, doc_id=doc_id, source=Source(source.path, source.sha256, "youtube-json3", "utf-8"),
                              labels=labels, notes=notes)

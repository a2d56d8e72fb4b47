"""Reader for SubStation Alpha subtitles (``.ass`` Advanced SubStation, ``.ssa`` SubStation v4).

Aegisub, Subtitle Edit and many transcription tools write them. The cues are the ``Dialogue:``
lines of the ``[Events]`` section, their fields named by its ``Format:`` line::

    [Script Info]
    Title: Interview 4
    [Events]
    Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
    Dialogue: 0,0:00:01.00,0:00:04.00,Default,Interviewer,0,0,0,,Where were you {\\i1}born{\\i0}?
    Dialogue: 0,0:00:04.50,0:00:07.25,Default,Respondent,0,0,0,,In Urk,\\Nsince 2001.

- **Fields** by the ``Format:`` line of ``[Events]`` (SSA's ``Marked`` and ASS's ``Layer`` alike); the
  ``Text`` field is last and keeps its commas. Without a ``Format:`` line the standard one of the
  script's type is used (noted).
- **Speaker**: the ``Name`` field (``Actor`` in some older files); SubStation's placeholder ``NTP``
  names nobody (noted). Without a name, a ``Name:`` prefix in the text, as in ``.vtt``/``.srt``.
- **Text**: override blocks ``{...}`` (``{\\i1}``, ``{\\pos(10,20)}``, karaoke ``{\\k20}``) are
  markup and leave the text; ``\\N`` and ``\\n`` are line breaks, ``\\h`` a space. Vector drawings
  (``{\\p1}m 0 0 l 100 0{\\p0}``) are not text: left out and counted in a note.
- HTML and WebVTT tags that converters from ``.srt``/``.vtt`` leave in the text (``<i>``, ``<b>``,
  ``<font color=..>``, ``<c.class>``, ``<lang en>``, ``<ruby>``) are markup and leave it, as in an
  ``.srt``; a cue opening with WebVTT's voice tag ``<v Fred>`` and no ``Name`` is Fred's (counted
  in a note). Other ``<...>`` (a transcriber's ``<mmm>``) stay text.
- ``Comment:`` events are lines switched off in the editor: left out, counted in a note.
- ``[Script Info]``'s ``Title`` becomes the ``title`` attribute; styles, fonts and graphics are
  not text.

The cues go through the one cue → turn assembly of :mod:`researchkit.io.subtitles`. A ``Dialogue:``
line with too few fields or a time that is none (``0:00:61.00``) is RK125 naming its line.

Examples
--------
>>> from researchkit.transcripts import Source
>>> data = (b"[Events]\\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\\n"
...         b"Dialogue: 0,0:00:01.00,0:00:04.00,Default,Interviewer,0,0,0,,Where, {\\\\i1}then{\\\\i0}?\\n"
...         b"Dialogue: 0,0:00:04.50,0:00:07.25,Default,Respondent,0,0,0,,In Urk,\\\\Nsince 2001.\\n")
>>> t = read_substation("R1.ass", data, doc_id="R1", source=Source("R1.ass", "0"))
>>> [(turn.speaker, turn.timestamp, t.turn_text(turn)) for turn in t.turns]
[('Interviewer', 1.0, 'Where, then?'), ('Respondent', 4.5, 'In Urk, since 2001.')]
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.io.limits import check_unit_count
from researchkit.io.subtitles import Cue, cues_to_transcript
from researchkit.io.text import decode_text
from researchkit.transcripts import Source, Transcript, canonical_text

__all__ = ["read_substation", "substation_cues", "parse_ass_time", "plain_text"]

#: The ``[Events]`` fields when a file has no ``Format:`` line, by script type.
DEFAULT_FORMAT = {
    "ass": ("Layer", "Start", "End", "Style", "Name", "MarginL", "MarginR", "MarginV", "Effect", "Text"),
    "ssa": ("Marked", "Start", "End", "Style", "Name", "MarginL", "MarginR", "MarginV", "Effect", "Text"),
}
#: SubStation's placeholder in the ``Name`` field: no speaker.
NO_NAME = frozenset({"NTP"})
_TIME = re.compile(r"\s*(\d{1,3}):([0-5]\d):([0-5]\d)(?:[.:](\d{1,3}))?\s*")
_OVERRIDE = re.compile(r"\{[^{}]*\}")
#: HTML/WebVTT formatting tags a converter from .srt/.vtt leaves in a Dialogue text (pysubs2, ffmpeg's older ones).
_HTML_TAG = re.compile(r"</?(?:i|b|u|s|c|v|font|lang|ruby|rt)(?=[\s.>])[^<>]{0,200}>", re.IGNORECASE)
#: WebVTT's voice tag opening a cue: ``<v Fred>``, ``<v.loud Fred>``.
_VOICE_TAG = re.compile(r"\s*<v(?:\.[\w.-]{1,40})?\s+([^<>]{1,80})>", re.IGNORECASE)
#: libass's escaped braces (``\{``, ``\}``): literal text, kept out of override blocks while those are read.
_ESCAPED_BRACES = {"\\{": "\ue000", "\\}": "\ue001"}
_DRAWING = re.compile(r"\\p(\d+)")
_SECTION = re.compile(r"\s*\[(?P<name>[^\]]{1,64})\]\s*")


def parse_ass_time(value: str) -> float | None:
    """Seconds of a SubStation time (``0:01:02.50``, centiseconds; three digits as milliseconds), else ``None``.

    Examples
    --------
    >>> parse_ass_time("0:01:02.50"), parse_ass_time("1:00:00.125"), parse_ass_time("0:00:61.00")
    (62.5, 3600.125, None)
    """
    m = _TIME.fullmatch(value)
    if m is None:
        return None
    fraction = m.group(4) or ""
    seconds = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))
    return round(seconds + (int(fraction) / 10 ** len(fraction) if fraction else 0.0), 3)


def plain_text(text: str) -> tuple[str, bool]:
    """A ``Text`` field as words: override blocks out, ``\\N``/``\\n`` line breaks, ``\\h`` a space;
    and whether a vector drawing (``{\\p1}...{\\p0}``) was left out.

    Examples
    --------
    >>> plain_text(r"{\\i1}Yes{\\i0},\\Nof course\\hnot")
    ('Yes,\\nof course not', False)
    >>> plain_text(r"Look{\\p1}m 0 0 l 100 0 100 100{\\p0} here")
    ('Look here', True)

    Escaped braces are text: ``\\{`` and ``\\}`` (libass) are ``{`` and ``}``.

    >>> plain_text(r"echo $\\{ifn\\}")
    ('echo ${ifn}', False)
    """
    for escaped, stand_in in _ESCAPED_BRACES.items():
        text = text.replace(escaped, stand_in)
    pieces: list[str] = []
    drawing = False
    dropped = False
    position = 0
    for block in _OVERRIDE.finditer(text):
        chunk = text[position : block.start()]
        if drawing:
            dropped = dropped or bool(chunk.strip())
        else:
            pieces.append(chunk)
        scales = _DRAWING.findall(block.group(0))
        if scales:
            drawing = int(scales[-1]) > 0
        position = block.end()
    tail = text[position:]
    if drawing:
        dropped = dropped or bool(tail.strip())
    else:
        pieces.append(tail)
    words = "".join(pieces).replace("\\N", "\n").replace("\\n", "\n").replace("\\h", " ")
    words = words.replace("\ue000", "{").replace("\ue001", "}")
    lines = [" ".join(line.split()) for line in words.split("\n")]
    return "\n".join(line for line in lines if line), dropped


def comment_blocks(text: str) -> int:
    """How many ``{...}`` blocks of a ``Text`` field hold words and no override tag: Aegisub's inline comments.

    Examples
    --------
    >>> comment_blocks(r"{\\i1}Yes{check this name}, of course{}"), comment_blocks(r"a \\{b\\} c")
    (1, 0)
    """
    for escaped in _ESCAPED_BRACES:
        text = text.replace(escaped, "")
    return sum(1 for block in _OVERRIDE.finditer(text) if "\\" not in block.group(0) and block.group(0)[1:-1].strip())


def substation_cues(path: str | Path, text: str) -> tuple[list[Cue], dict, list[str]]:
    """The ``Dialogue:`` cues of SubStation text, the script's title, and notes (see the module docstring).

    Raises
    ------
    TranscriptError
        RK125 for a ``Dialogue:`` line with too few fields or a time that is none, or a ``Format:``
        line without ``Start``/``Text``.

    Examples
    --------
    >>> cues, attrs, notes = substation_cues("a.ssa", "[Script Info]\\nTitle: Test\\n[Events]\\n"
    ...     "Dialogue: Marked=0,0:00:01.00,0:00:02.00,Default,NTP,0000,0000,0000,!Effect,Hi, you.\\n")
    >>> [(c.voice, c.text, c.start, c.location) for c in cues], attrs
    ([(None, 'Hi, you.', 1.0, 'line 4 (0:00:01.00)')], {'title': 'Test'})
    """
    lines = canonical_text(text).lstrip("\ufeff").split("\n")
    kind = "ssa" if str(path).lower().endswith(".ssa") else "ass"
    section = ""
    fields: tuple[str, ...] | None = None
    attributes: dict = {}
    cues: list[Cue] = []
    comments, drawings, placeholders, empty, commented, tagged, voiced = 0, 0, 0, 0, 0, 0, 0
    for number, line in enumerate(lines, start=1):
        m = _SECTION.fullmatch(line)
        if m is not None:
            section = m.group("name").strip().casefold()
            continue
        key, sep, value = line.partition(":")
        key = key.strip().casefold()
        if not sep:
            continue
        if section == "script info":
            if key == "title" and value.strip():
                attributes.setdefault("title", value.strip())
            elif key == "scripttype" and value.strip().casefold() in {"v4.00", "v4"}:
                kind = "ssa"
            continue
        if section != "events":
            continue
        if key == "format":
            fields = tuple(f.strip() for f in value.split(","))
            lower = [f.casefold() for f in fields]
            if "start" not in lower or lower[-1] != "text":
                raise TranscriptError("RK125", path, f"the [Events] Format line must name Start and end with Text, found {value.strip()[:120]!r}",
                                      location=f"line {number}", hint="repair the Format: line (as Aegisub writes it), or export the subtitles again")
            continue
        if key == "comment":
            comments += 1
            continue
        if key != "dialogue":
            continue
        if fields is None:
            fields = DEFAULT_FORMAT[kind]
            attributes.setdefault("_default_format", kind)
        values = value.split(",", len(fields) - 1)
        if len(values) < len(fields):
            raise TranscriptError("RK125", path, f"a Dialogue line has {len(values)} field(s), the Format line names {len(fields)} "
                                  f"({', '.join(fields)})", location=f"line {number}",
                                  hint="check the commas of this line (the text comes last), or export the subtitles again")
        record = {name.casefold(): v for name, v in zip(fields, values)}
        times = {}
        for name in ("start", "end"):
            raw = record.get(name, "")
            seconds = parse_ass_time(raw)
            if seconds is None and not (name == "end" and not raw.strip()):
                raise TranscriptError("RK125", path, f"the {name.title()} time {raw.strip()[:40]!r} is not a time (H:MM:SS.cc)",
                                      location=f"line {number}", hint="correct the time, or export the subtitles again")
            times[name] = seconds
        words, drew = plain_text(record["text"])
        drawings += drew
        commented += comment_blocks(record["text"])
        voice = _VOICE_TAG.match(words)
        words, tags = _HTML_TAG.subn("", words)
        tagged += bool(tags)
        name = (record.get("name") if "name" in record else record.get("actor", "")) or ""
        name = " ".join(name.split())
        if name in NO_NAME:
            placeholders += 1
            name = ""
        if not name and voice is not None:
            name, voiced = " ".join(voice.group(1).split()), voiced + 1
        if not words:
            empty += 1
            continue
        start_raw = record["start"].strip()
        cues.append(Cue(words, times["start"], times["end"], voice=name or None, location=f"line {number} ({start_raw})",
                        timing=f"line {number} ({start_raw} --> {record.get('end', '').strip()})"))
    notes = []
    default = attributes.pop("_default_format", None)
    if default:
        notes.append(f"the [Events] section has no Format: line; its fields were read in the standard {default.upper()} order")
    if comments:
        notes.append(f"{comments} Comment: event(s) (lines switched off in the subtitle editor) left out")
    if commented:
        notes.append(f"{commented} {{...}} block(s) without an override tag (the subtitle editor's inline comments, not "
                     "shown on screen) left out of the text")
    if tagged:
        notes.append(f"{tagged} cue(s) hold HTML/WebVTT formatting tags (<i>, <font>, <v Name> ...) left by a converter "
                     "from .srt/.vtt; the tags were left out, their words kept"
                     + (f"; {voiced} cue(s) without a Name take the speaker of their <v Name> tag" if voiced else ""))
    if drawings:
        notes.append(f"{drawings} cue(s) hold vector drawings ({{\\p1}}...); the drawing commands are not text and were left out")
    if placeholders:
        notes.append(f"{placeholders} cue(s) have SubStation's placeholder name 'NTP' (no speaker)")
    if empty:
        notes.append(f"{empty} Dialogue line(s) without text (only markup or nothing)")
    return cues, attributes, notes


def read_substation(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> Transcript:
    """Read an ``.ass`` or ``.ssa`` subtitle file from its bytes (see the module docstring).

    Raises
    ------
    TranscriptError
        RK125 for a malformed ``Format:`` or ``Dialogue:`` line, RK104 for a file without dialogue text.
    """
    text, used, decode_notes = decode_text(data, path, encoding=encoding).parts()
    events = sum(text.count(f"\n{kind}:") + text.startswith(f"{kind}:") for kind in ("Dialogue", "Comment"))
    check_unit_count(path, events, "events (Dialogue: and Comment: lines)")
    cues, attributes, notes = substation_cues(path, text)
    if not cues:
        raise TranscriptError("RK104", path, "has no Dialogue: lines with text in an [Events] section",
                              hint="check that the subtitles were saved with their events")
    fmt = "ssa" if Path(path).suffix.lower() == ".ssa" else "ass"
    return cues_to_transcript(path, cues, doc_id=doc_id, source=Source(source.path, source.sha256, fmt, used),
                              labels=labels, attributes=attributes, notes=decode_notes + notes)

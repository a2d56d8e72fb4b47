"""Reader for TTML and DFXP subtitles (``.ttml``, ``.dfxp``, and ``.xml`` whose root is ``<tt>``).

TTML (W3C Timed Text Markup Language; DFXP is its older profile, with the ``ttaf1`` namespaces that
Adobe, Premiere, Avid and older players still write; Netflix, YouTube and the EBU/IMSC profiles use
it too) holds one cue per ``<p begin=... end=...>``:

- **text**: the ``p``'s text and its ``<span>`` elements, ``<br/>`` a line break; white space of the
  XML layout collapsed as TTML's default ``xml:space`` does; ``<metadata>`` inside a cue is not text, nor is a
  metadata item written without it (``ttm:desc``, ``ttm:title``, ``ttm:agent`` in the metadata namespace): what they
  hold (a ``ttm:desc``'s words, a ``ttm:agent`` reference by the agent's name) is named in a note, cue by cue;
- **times** (:func:`parse_time`): clock times ``00:01:02.500``, with frames ``00:01:02:12`` (and
  sub-frames ``00:01:02:12.1``) at ``ttp:frameRate`` (default 30, times ``ttp:frameRateMultiplier``),
  offsets ``62.5s``, ``1500ms``, ``2m``, ``1h``, ``75f`` and ticks ``12345t`` at ``ttp:tickRate``
  (default the frame rate times ``ttp:subFrameRate``, else 1). A ``p`` without ``begin`` takes its
  first ``span``'s; ``dur`` stands in for ``end``; the ``begin`` of an enclosing ``div`` or ``body``
  is added, as TTML's parallel timing says (a ``timeContainer="seq"`` or ``ttp:timeBase="clock"`` is
  noted, its times read as written); a ``p`` without any time is kept untimed (noted);
- **speakers**: ``ttm:agent`` on the ``p`` or its spans names an agent declared in the ``head``
  (``<ttm:agent xml:id="a1"><ttm:name>Ann Lee</ttm:name></ttm:agent>``: its name, else its id); spans of
  different agents in one ``p`` are cues of their own; a ``ttm:agent`` naming several agents gives the cue to the first,
  the others named in a note (:func:`agent_notes`), as are agents declared that no cue names; otherwise a
  ``Name:`` prefix in the text,
  as in ``.vtt``/``.srt``. ``ttm:role`` (``sound``, ``description`` ...) names no speaker: those
  cues are counted in a note;
- the ``head``'s ``ttm:title``, ``ttm:desc`` and ``ttm:copyright`` become the attributes ``title``,
  ``description`` and ``copyright``.

Words outside the cues and metadata the reader reads (a hand edit's between two ``p``, in a ``div``, a ``style`` or a
``region``; a second ``ttm:desc`` in the head, a head metadata item other than those three, an agent's other names,
a ``span`` or ``metadata`` outside any ``p``) are named in a note with their line and element
(:mod:`researchkit.io.xmlstray`); words in a cue's ``set`` or ``animate`` are named with its metadata.

The cues then go through the one cue → turn assembly of :mod:`researchkit.io.subtitles`. A time
that is none (``00:61:00``, ``12x``) is RK124 naming the line, the attribute and the value.

Examples
--------
>>> from researchkit.transcripts import Source
>>> data = (b'<tt xmlns="http://www.w3.org/ns/ttml"><body><div>'
...         b'<p begin="00:00:01.000" end="00:00:03.000">Interviewer: Where?</p>'
...         b'<p begin="3.5s" end="6s">Respondent: In Urk,<br/>since 2001.</p></div></body></tt>')
>>> t = read_ttml("R1.ttml", data, doc_id="R1", source=Source("R1.ttml", "0"))
>>> [(turn.speaker, turn.timestamp, t.turn_text(turn)) for turn in t.turns]
[('Interviewer', 1.0, 'Where?'), ('Respondent', 3.5, 'In Urk, since 2001.')]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from lxml import etree

from researchkit.errors import TranscriptError
from researchkit.io.limits import check_unit_count, count_tags
from researchkit.io.subtitles import Cue, cues_to_transcript
from researchkit.io.xmlsafe import element_text, expect_root, local_name, parse_xml
from researchkit.io.xmlstray import stray_note, stray_text
from researchkit.transcripts import Source, Transcript

__all__ = ["read_ttml", "parse_time", "TimeBase"]

_CLOCK = re.compile(r"(?P<h>\d{1,3}):(?P<m>\d{2}):(?P<s>\d{2})(?:(?P<frac>\.\d{1,9})|:(?P<f>\d{1,4})(?:\.(?P<sf>\d{1,4}))?)?")
_OFFSET = re.compile(r"(?P<n>\d{1,12}(?:\.\d{1,9})?)(?P<unit>h|ms|m|s|f|t)")
_TTP = ("frameRate", "frameRateMultiplier", "subFrameRate", "tickRate", "timeBase", "dropMode")


#: The head's metadata elements (``ttm:title``, ``ttm:desc``, ``ttm:copyright``) and the attributes they become.
_HEAD_FIELDS = {"title": "title", "desc": "description", "copyright": "copyright"}


@dataclass(frozen=True)
class TimeBase:
    """The document's time parameters (``ttp:`` attributes on ``<tt>``).

    Examples
    --------
    >>> TimeBase(frame_rate=25.0).tick_rate, TimeBase().tick_rate, TimeBase(tick_rate_set=10_000_000).tick_rate
    (25.0, 1.0, 10000000.0)
    """

    frame_rate: float = 30.0
    sub_frame_rate: float = 1.0
    tick_rate_set: float | None = None
    frame_rate_given: bool = False

    @property
    def tick_rate(self) -> float:
        """Ticks per second: as declared, else the frame rate times the sub-frame rate, else 1."""
        if self.tick_rate_set is not None:
            return float(self.tick_rate_set)
        if self.frame_rate_given or self.frame_rate != 30.0:
            return self.frame_rate * self.sub_frame_rate
        return 1.0


def parse_time(value: str, base: TimeBase = TimeBase()) -> float | None:
    """Seconds of a TTML time expression, or ``None`` when it is none.

    Examples
    --------
    >>> parse_time("00:01:02.500"), parse_time("00:01:02:15"), parse_time("62.5s"), parse_time("1500ms")
    (62.5, 62.5, 62.5, 1.5)
    >>> parse_time("104000000t", TimeBase(tick_rate_set=10_000_000)), parse_time("2m"), parse_time("50f", TimeBase(25.0, frame_rate_given=True))
    (10.4, 120.0, 2.0)
    >>> parse_time("00:61:00"), parse_time("12x"), parse_time("00:00:01:30"), parse_time("00:00:01:25", TimeBase(25.0))
    (None, None, None, None)
    """
    value = value.strip()
    m = _CLOCK.fullmatch(value)
    if m is not None:
        minutes, seconds = int(m.group("m")), int(m.group("s"))
        if minutes >= 60 or seconds > 60:
            return None
        total = int(m.group("h")) * 3600 + minutes * 60 + seconds
        if m.group("frac"):
            total += float(m.group("frac"))
        elif m.group("f") is not None:
            if int(m.group("f")) >= math.ceil(base.frame_rate):
                return None  # a frame number the frame rate does not have
            frames = int(m.group("f")) + (float("0." + m.group("sf")) if m.group("sf") else 0.0)
            total += frames / base.frame_rate
        return round(total, 3)
    m = _OFFSET.fullmatch(value)
    if m is None:
        return None
    number, unit = float(m.group("n")), m.group("unit")
    per_second = {"h": 1 / 3600, "m": 1 / 60, "s": 1.0, "ms": 1000.0, "f": base.frame_rate, "t": base.tick_rate}[unit]
    return round(number / per_second, 3)


def _parameter(root, name: str) -> str | None:
    """A ``ttp:`` parameter on the root, whatever namespace (TTML or DFXP's ``ttaf1``) it is written in."""
    for key, value in root.attrib.items():
        if key.rsplit("}", 1)[-1] == name:
            return value.strip()
    return None


def _time_base(path, root) -> TimeBase:
    """The document's frame, sub-frame and tick rates, checked."""
    values: dict[str, float] = {}
    for name, default in (("frameRate", 30.0), ("subFrameRate", 1.0), ("tickRate", None)):
        raw = _parameter(root, name)
        if raw is None:
            continue
        try:
            number = float(raw)
        except ValueError:
            number = 0.0
        if not 0 < number <= 10**12:
            raise TranscriptError("RK124", path, f"ttp:{name}={raw!r} is not a positive number", location=f"line {root.sourceline}, <tt>",
                                  hint="correct the frame or tick rate in the <tt> element, or export the subtitles again")
        values[name] = number
    rate = values.get("frameRate", 30.0)
    multiplier = _parameter(root, "frameRateMultiplier")
    if multiplier:
        parts = multiplier.split()
        if len(parts) != 2 or not all(p.isdigit() for p in parts) or int(parts[1]) == 0:
            raise TranscriptError("RK124", path, f"ttp:frameRateMultiplier={multiplier!r} is not two whole numbers (as '1000 1001')",
                                  location=f"line {root.sourceline}, <tt>", hint="correct it in the <tt> element")
        rate = rate * int(parts[0]) / int(parts[1])
    return TimeBase(rate, values.get("subFrameRate", 1.0), values.get("tickRate"), "frameRate" in values)


def _time_attr(path, element, name: str, base: TimeBase) -> float | None:
    """The element's ``begin``/``end``/``dur`` in seconds (``None`` when absent); RK124 when it is no time."""
    raw = element.get(name)
    if raw is None:
        return None
    seconds = parse_time(raw, base)
    if seconds is None:
        raise TranscriptError(
            "RK124", path, f"{name}={raw!r} is not a TTML time expression", location=f"line {element.sourceline}, <{local_name(element)}>",
            hint="write times as 00:01:02.500, 00:01:02:12 (frames), 62.5s, 1500ms or 12345t (ticks), or export the subtitles again",
        )
    return seconds


def _agents(root, read: set | None = None) -> dict[str, str]:
    """``ttm:agent`` declarations: id → the agent's name (its first ``ttm:name``), else the id; the ``ttm:name``
    elements read are added to ``read`` (for the note of the words read nowhere)."""
    agents: dict[str, str] = {}
    for element in root.iter():
        if local_name(element) != "agent" or element.getparent() is None or local_name(element.getparent()) == "p":
            continue
        ident = element.get("{http://www.w3.org/XML/1998/namespace}id")
        if not ident:
            continue
        names = [child for child in element if local_name(child) == "name" and element_text(child)]
        agents[ident] = element_text(names[0]) if names else ident
        if names and read is not None:
            read.add(names[0])
    return agents


def _speaker(element, agents: Mapping[str, str]) -> str | None:
    """The speaker a ``ttm:agent`` attribute names (the first of several), else ``None``."""
    for key, value in element.attrib.items():
        if key.rsplit("}", 1)[-1] == "agent" and value.split():
            ident = value.split()[0].lstrip("#")
            return agents.get(ident, ident)
    return None


def agent_notes(body, agents: Mapping[str, str]) -> list[str]:
    """Notes on the agents a cue's speaker does not show: a ``ttm:agent`` naming several (IDREFS: the cue is read as
    the first one's) and agents declared that no element of the body names.

    Examples
    --------
    >>> from lxml import etree
    >>> body = etree.fromstring('<body xmlns:ttm="http://www.w3.org/ns/ttml#metadata"><div>'
    ...                         '<p ttm:agent="a1 a2">Yes.</p></div></body>')
    >>> agent_notes(body, {"a1": "Ann", "a2": "Piet", "a3": "Cor"})  # doctest: +NORMALIZE_WHITESPACE
    ["1 cue(s) or span(s) name several agents in ttm:agent, read as the first one's: <p> line 1 ('Ann', 'Piet')",
     "1 agent(s) declared in the head that no cue names: 'Cor' (a3)"]
    """
    several, named = [], set()
    for element in body.xpath("descendant-or-self::*[@*[local-name()='agent']]"):  # found in C: a large body stays fast
        for key, value in element.attrib.items():
            if key.rsplit("}", 1)[-1] == "agent" and value.split():
                idents = [v.lstrip("#") for v in value.split()]
                named.update(idents)
                if len(idents) > 1 and (local_name(element) in {"p", "span"}):
                    shown = ", ".join(repr(agents.get(i, i)) for i in idents)
                    several.append(f"<{local_name(element)}> line {element.sourceline} ({shown})")
    notes = []
    if several:
        notes.append(f"{len(several)} cue(s) or span(s) name several agents in ttm:agent, read as the first one's: "
                     + ", ".join(several))
    unnamed = [f"{name!r} ({ident})" for ident, name in agents.items() if ident not in named]
    if unnamed:
        notes.append(f"{len(unnamed)} agent(s) declared in the head that no cue names: {', '.join(unnamed)}")
    return notes


def _has_role(element) -> str | None:
    return next((v for k, v in element.attrib.items() if k.rsplit("}", 1)[-1] == "role"), None)


class _Parts:
    """A ``p``'s text cut where the speaker (``ttm:agent`` of a span) changes."""

    def __init__(self, speaker: str | None) -> None:
        self.parts: list[list] = [[speaker, [], None]]  # speaker, pieces of text, the part's begin

    def add(self, text: str | None) -> None:
        if text:
            self.parts[-1][1].append(text)

    def speaker(self, speaker: str | None, begin: float | None) -> None:
        if speaker is not None and speaker != self.parts[-1][0]:
            if "".join(self.parts[-1][1]).strip():
                self.parts.append([speaker, [], begin])
            else:
                self.parts[-1][0], self.parts[-1][2] = speaker, begin


def _metadata_item(element) -> bool:
    """Whether an element is TTML's metadata item (``ttm:desc``, ``ttm:title``, ``ttm:agent`` ..., in TTML's or DFXP's
    metadata namespace), which a ``p`` or ``span`` may hold without a ``<metadata>`` around it."""
    return isinstance(element.tag, str) and etree.QName(element).namespace is not None and (
        etree.QName(element).namespace.endswith("#metadata"))


def cue_metadata(p, agents: Mapping[str, str]) -> list[str]:
    """What a cue's ``<metadata>`` (and metadata items, ``ttm:desc`` ...) inside it hold: each element's words as
    ``name 'words'``, an ``agent`` reference by the agent's name; for the note naming them.

    Examples
    --------
    >>> from lxml import etree
    >>> p = etree.fromstring('<p xmlns="http://www.w3.org/ns/ttml" xmlns:ttm="http://www.w3.org/ns/ttml#metadata">'
    ...     '<metadata ttm:agent="a1"><ttm:desc>whispers</ttm:desc></metadata>Yes.<span>No<ttm:title>t</ttm:title></span></p>')
    >>> cue_metadata(p, {"a1": "Ann Lee"})
    ["agent 'Ann Lee'", "desc 'whispers'", "title 't'"]
    """
    found: list[str] = []
    outer, stack = [], [c for c in reversed(p) if isinstance(c.tag, str)]
    while stack:  # the outermost metadata elements, in document order (what is inside one is read with it)
        element = stack.pop()
        if local_name(element) in {"metadata", "set", "animate"} or _metadata_item(element):
            outer.append(element)
        else:
            stack.extend(c for c in reversed(element) if isinstance(c.tag, str))
    for block in outer:
        for element in block.iter():
            if not isinstance(element.tag, str):
                continue
            for key, value in element.attrib.items():
                if key.rsplit("}", 1)[-1] == "agent" and value.split():
                    names = [agents.get(v.lstrip("#"), v.lstrip("#")) for v in value.split()]
                    found.append(f"agent {', '.join(names)!r}")
            own = " ".join(" ".join([element.text or "", *(c.tail or "" for c in element)]).split())
            if own:
                found.append(f"{local_name(element)} {own!r}")
    return found


def _cue_text(pieces: list[str]) -> str:
    """Pieces of a cue as lines: XML white space collapsed, ``\\n`` (from ``<br/>``) kept."""
    lines = "".join(pieces).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines).strip("\n")


def _p_parts(path, p, agents: Mapping[str, str], base: TimeBase, offset: float) -> tuple[list[tuple[str | None, str, float | None]], float | None]:
    """The parts of one ``p`` (speaker, text, begin of a later part) and the first span's begin."""
    parts = _Parts(_speaker(p, agents))
    first_span_begin: float | None = None
    stack: list[tuple[object, bool]] = [(p, False)]
    while stack:  # the p's descendants in document order, without recursion
        element, leaving = stack.pop()
        if leaving:
            if element is not p:
                parts.add(element.tail)
            continue
        name = local_name(element)
        if element is not p and (name in {"metadata", "set", "animate"} or _metadata_item(element)):
            parts.add(element.tail)
            continue
        if name == "br":  # then, as any element, its words (none in TTML: an empty element; typed into one, kept after it)
            parts.add("\n")
        if element is not p and name == "span":
            begin = _time_attr(path, element, "begin", base)
            if begin is not None and first_span_begin is None:
                first_span_begin = begin + offset
            parts.speaker(_speaker(element, agents), None if begin is None else begin + offset)
        parts.add(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element) if isinstance(child.tag, str))
    out = [(speaker, _cue_text(pieces), begin) for speaker, pieces, begin in parts.parts]
    return [part for part in out if part[1].strip()], first_span_begin


def _offset(path, p, base: TimeBase, known: dict | None = None) -> float:
    """The sum of the ``begin`` times of the ``p``'s enclosing ``div`` and ``body`` elements.

    ``known`` keeps the offset of each parent already summed (the ``div`` of thousands of ``p``), so that a
    cue's offset is one look-up, not a walk up the tree; the sum is the same, added in the same order.
    """
    parent = p.getparent()
    if parent is None:
        return 0.0
    if known is not None and parent in known:
        return known[parent]
    chain = []  # the ancestors, nearest first
    while parent is not None:
        chain.append(parent)
        parent = parent.getparent()
    total = 0.0
    for ancestor in chain:  # nearest first, as the walk up adds them
        begin = _time_attr(path, ancestor, "begin", base) if local_name(ancestor) in {"div", "body"} else None
        total += begin or 0.0
    if known is not None:
        known[chain[0]] = total
    return total


def ttml_cues(path: str | Path, root) -> tuple[list[Cue], dict, list[str]]:
    """The cues of a parsed ``<tt>`` document, its head's attributes and notes (see the module docstring).

    Examples
    --------
    >>> from lxml import etree
    >>> root = etree.fromstring(b'<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttm="http://www.w3.org/ns/ttml#metadata">'
    ...     b'<head><metadata><ttm:agent xml:id="s1"><ttm:name>Ann Lee</ttm:name></ttm:agent></metadata></head>'
    ...     b'<body begin="10s"><div><p begin="1s" dur="2s" ttm:agent="s1">Hi<br/>there.</p></div></body></tt>')
    >>> cues, attributes, notes = ttml_cues("a.ttml", root)
    >>> [(c.voice, c.text, c.start, c.end) for c in cues]
    [('Ann Lee', 'Hi\\nthere.', 11.0, 13.0)]
    """
    expect_root(path, root, "tt", code="RK124", what="TTML's <tt>", hint="check that this is a TTML/DFXP subtitle file")
    base = _time_base(path, root)
    read: set = set()  # the elements whose words are read (cues, head fields, agents' names): the rest is named if it has any
    agents = _agents(root, read)
    attributes: dict = {}
    head = next((child for child in root if local_name(child) == "head"), None)
    if head is not None:
        for element in head.iter():
            name = local_name(element)
            if (name in _HEAD_FIELDS and element_text(element) and local_name(element.getparent()) in {"head", "metadata"}
                    and _HEAD_FIELDS[name] not in attributes):
                attributes[_HEAD_FIELDS[name]] = element_text(element)
                read.add(element)
    body = next((child for child in root if local_name(child) == "body"), None)
    if body is None:
        raise TranscriptError("RK104", path, "the TTML document has no <body>", hint="check that the subtitles were exported with their text")
    cues: list[Cue] = []
    untimed, roles, empty, metadata = [], [], 0, []
    offsets: dict = {}  # parent element -> the sum of its and its ancestors' begin times
    for number, p in enumerate(body.iter("{*}p"), start=1):  # every p, in any namespace or none
        read.add(p)
        offset = _offset(path, p, base, offsets)
        begin, end, dur = (_time_attr(path, p, name, base) for name in ("begin", "end", "dur"))
        parts, span_begin = _p_parts(path, p, agents, base, offset)
        start = begin + offset if begin is not None else span_begin
        stop = end + offset if end is not None else (start + dur if start is not None and dur is not None else None)
        raw_begin = p.get("begin") or "no begin"
        where = f"p {number} (line {p.sourceline}, {raw_begin})"
        described = cue_metadata(p, agents)
        if described:
            metadata.append(f"p {number} (line {p.sourceline}): {', '.join(described)}")
        if not parts:
            empty += 1
            continue
        if start is None:
            untimed.append(f"p {number} (line {p.sourceline})")
        role = _has_role(p)
        if role:
            roles.append(role)
        for k, (speaker, text, part_begin) in enumerate(parts):
            cue_start = part_begin if k and part_begin is not None else start
            cues.append(Cue(text, cue_start, stop, voice=speaker, location=where,
                            timing=f"p {number} (line {p.sourceline}, {p.get('begin')} --> {p.get('end') or p.get('dur')})"))
    notes = []
    if untimed:
        notes.append(f"{len(untimed)} cue(s) have no begin time (nor a span with one); kept untimed: {', '.join(untimed[:5])}"
                     + (" ..." if len(untimed) > 5 else ""))
    if roles:
        kinds = ", ".join(sorted(set(roles))[:5])
        notes.append(f"{len(roles)} cue(s) carry a ttm:role ({kinds}); a role names no speaker, the text is kept as written")
    if empty:
        notes.append(f"{empty} <p> cue(s) without text (left out)")
    if metadata:
        notes.append(f"{len(metadata)} cue(s) carry <metadata> (descriptions of the cue, not its words), not in the "
                     f"transcript: {'; '.join(metadata)}")
    if any(v.strip() == "seq" for e in root.iter() for k, v in e.attrib.items() if k.rsplit("}", 1)[-1] == "timeContainer"):
        notes.append("the file uses timeContainer='seq' (each cue timed after the one before); its times were read as "
                     "TTML's default parallel timing, from the enclosing element's begin: check the turn times")
    notes += agent_notes(body, agents)
    strays = stray_text(root, lambda element: element in read)  # a second desc in the head, a span in a div ...
    if strays:
        notes.append(stray_note(strays))
    if _parameter(root, "timeBase") == "clock":
        notes.append("ttp:timeBase='clock': the times are times of day as written, not from the start of the recording")
    if _parameter(root, "dropMode") not in (None, "nonDrop"):
        notes.append(f"ttp:dropMode={_parameter(root, 'dropMode')!r}: frame times are read without dropping frames")
    return cues, attributes, notes


def read_ttml(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
) -> Transcript:
    """Read a TTML/DFXP subtitle file from its bytes (see the module docstring).

    Raises
    ------
    TranscriptError
        RK121 for XML that is not well-formed (or declares entities), RK124 for a time expression or
        time parameter that is none, RK104 for a file without cues.
    """
    check_unit_count(path, count_tags(data, b"p", b"span"), "cues and spans (<p> and <span> elements)")
    root = parse_xml(path, data, what="subtitles")
    cues, attributes, notes = ttml_cues(path, root)
    del root  # the parsed tree is not kept through the assembly
    if not cues:
        raise TranscriptError("RK104", path, "the TTML document has no <p> cue with text",
                              hint="check that the subtitles were exported with their text")
    fmt = "dfxp" if Path(path).suffix.lower() == ".dfxp" else "ttml"
    return cues_to_transcript(path, cues, doc_id=doc_id, source=Source(source.path, source.sha256, fmt, None),
                              labels=labels, attributes=attributes, notes=notes)

"""Reader for EXMARaLDA basic transcriptions (``.exb``, root element ``basic-transcription``).

EXMARaLDA's Partitur-Editor keeps a transcript as a musical score: a ``common-timeline`` of
points (``<tli id="T3" time="7.09"/>``; a point may have no time), a ``speakertable``
(``<speaker id="SPK0"><abbreviation>AW</abbreviation>``) and tiers whose ``event`` s run from
one timeline point to another. A speaker's words are cut into events wherever anyone's
speech starts or ends, even inside a word (``Wahl`` | ``rechtsä`` | ``nderung``).

- **Speech** is the tiers of type ``t`` (transcription) and category ``v`` (verbal); a file
  without such tiers uses all its ``t`` tiers (noted). Other tiers (non-verbal ``nv``,
  comments ``k``, annotations ``a``, descriptions ``d``) are left out, named in a note. The
  speaker is the speaker's abbreviation (its id when it has none), for a tier without a
  speaker its display name.
- **Event text** is the event's words; its ``ud-information`` children (the ``ELAN-ID`` and
  ``ELAN-REF`` that EXMARaLDA's ELAN import writes into each event) are not words.
- **Joining**: a tier's events that follow one another on the timeline (one ends where the
  next starts) are joined as written, so a word cut into pieces is whole again (a piece ending
  in a unit-end mark, GAT's ``|`` or ``.``, ``?``, ``!``, or in HIAT's closing ``))`` of a
  pause or comment, ``((2s))``, gets a space before a word). Where another
  speaker starts speaking inside such a run, the run is cut at the next word boundary (a piece
  ending in a space), and the other speaker's words (from where they start speaking) are written there: overlapping speech is
  ordered by where it starts, never inside a word. Ties are broken by the tier's place in the
  file.
- **Times** are the timeline points' (seconds); a point without a time is placed by the
  timeline's order, and a turn starting there has no time (noted).
- **Attributes**: ``project-name`` as ``project``, ``transcription-name`` as ``title``, the
  first ``referenced-file`` as ``media``, ``transcription-convention`` as ``convention``, the
  ``comment`` as ``comment``, and each ``ud-information`` under its ``attribute-name`` (one without a name as
  ``ud_information``); what the speaker
  table says of a speaker beyond the abbreviation (each ``ud-information`` of its ``ud-speaker-information``
  as ``name: value``, its ``comment``) as ``speaker_qualifiers`` (``AW: Beruf: Lehrer | comment; GL: ...``).

Words a hand edit left outside the elements that hold text (``event``, ``abbreviation``, ``comment``,
``ud-information`` ...: in a ``tier``, after an ``event``, inside an empty ``tli``) are named in a note with their
line and element (:mod:`researchkit.io.xmlstray`).

Malformed files are RK166, naming the line and the element.

Examples
--------
>>> from researchkit.transcripts import Source
>>> exb = b'''<basic-transcription><head><meta-information><project-name>Demo</project-name></meta-information>
... <speakertable><speaker id="SPK0"><abbreviation>AW</abbreviation></speaker>
... <speaker id="SPK1"><abbreviation>GL</abbreviation></speaker></speakertable></head>
... <basic-body><common-timeline><tli id="T0" time="0.0"/><tli id="T1" time="1.2"/><tli id="T2" time="1.9"/>
... <tli id="T3" time="3.0"/></common-timeline>
... <tier id="TIE0" speaker="SPK0" category="v" type="t"><event start="T0" end="T1">Ich will kurz bei der Wahl</event>
... <event start="T1" end="T2">rechts\\xc3\\xa4nderung bleiben. </event></tier>
... <tier id="TIE1" speaker="SPK1" category="v" type="t"><event start="T1" end="T3">Ja, bitte. </event></tier>
... </basic-body></basic-transcription>'''
>>> t = read_exb("AW.exb", exb, doc_id="AW", source=Source("AW.exb", "0"))
>>> [(turn.speaker, turn.timestamp, t.turn_text(turn)) for turn in t.turns]
[('AW', 0.0, 'Ich will kurz bei der Wahlrechtsänderung bleiben.'), ('GL', 1.2, 'Ja, bitte.')]
>>> t.attributes
{'project': 'Demo'}
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from pathlib import Path, PurePosixPath
from typing import Mapping

from lxml import etree

from researchkit.errors import TranscriptError
from researchkit.io.limits import check_unit_count, count_tags
from researchkit.io.metadata import normalise_key
from researchkit.io.tiers import Utterance, assemble_utterances, listed, one_line, overlaps
from researchkit.io.xmlsafe import (attribute, child, children, element_line, expect_root, local_name,
                                    parse_annotation_xml)
from researchkit.io.xmlstray import stray_note, stray_text
from researchkit.transcripts import Source, Transcript

__all__ = ["read_exb", "read_exb_root", "join_pieces"]

CODE = "RK166"
MAX_UD_ATTRIBUTES = 30
#: The elements of a basic transcription whose content is text (EXMARaLDA's basic-transcription DTD); every other
#: element holds only elements or is empty, so words in or after one are a hand edit's strays, named in a note.
TEXT_ELEMENTS = frozenset({"project-name", "transcription-name", "transcription-convention", "comment", "ud-information",
                           "abbreviation", "event", "property"})


def read_exb(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
) -> Transcript:
    """Read an EXMARaLDA ``.exb`` basic transcription from its bytes (see the module docstring).

    Raises
    ------
    TranscriptError
        RK166 for XML that is not an EXMARaLDA basic transcription or is malformed; RK104
        when its speech tiers hold no text.
    """
    check_unit_count(path, count_tags(data, b"event"), "events")
    root, notes = parse_annotation_xml(path, data, code=CODE, what="EXMARaLDA")
    return read_exb_root(path, root, doc_id=doc_id, source=source, labels=labels, notes=notes)


def read_exb_root(path: str | Path, root: etree._Element, *, doc_id: str, source: Source,
                  labels: Mapping[str, str] | None = None, notes: list[str] | None = None) -> Transcript:
    """Read a parsed ``<basic-transcription>`` (for a ``.xml`` file recognised by its root element).

    Examples
    --------
    >>> from lxml import etree
    >>> read_exb_root("x.xml", etree.fromstring(b"<Trans/>"), doc_id="x", source=Source("x.xml", "0"))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    researchkit.errors.TranscriptError: [RK166] x.xml, line 1, <Trans>: the root element is <Trans>, not EXMARaLDA's <basic-transcription>...
    """
    expect_root(path, root, "basic-transcription", code=CODE, what="EXMARaLDA's <basic-transcription>",
                hint="check that the file is an EXMARaLDA .exb basic transcription (a segmented .exs or a corpus .coma file is not one)")
    notes = list(notes or [])
    head, body = child(root, "head"), child(root, "basic-body")
    if body is None:
        raise TranscriptError(CODE, path, "has no <basic-body>", location=element_line(root),
                              hint="save the transcription again in the Partitur-Editor")
    speakers = _speakers(head)
    timeline = _timeline(path, body)
    tiers = children(body, "tier")
    verbal = [t for t in tiers if attribute(t, "type") == "t" and attribute(t, "category") == "v"]
    if not verbal:
        verbal = [t for t in tiers if attribute(t, "type") == "t"]
        if verbal:
            notes.append(f"no tier of category 'v' (verbal): the transcription tiers ({listed([_tier_name(t) for t in verbal])}) "
                         "are read as speech")
    if not verbal:
        raise TranscriptError("RK104", path, f"has no transcription tier (type 't') among its {len(tiers)} tier(s)",
                              hint="check that the file holds a transcription; EXMARaLDA's speech tiers have type 't'")
    events = {id(t): _events(path, t, timeline) for t in verbal}
    names = {id(t): _speaker(t, speakers) for t in verbal}
    starts: dict[str, list[int]] = {}
    for tier in verbal:  # where each speaker starts speaking: an event that does not go on from the one before
        tier_events = events[id(tier)]
        starts.setdefault(names[id(tier)], []).extend(
            e[0] for i, e in enumerate(tier_events) if i == 0 or tier_events[i - 1][1] != e[0])
    for values in starts.values():
        values.sort()
    utterances, empty = [], 0
    for index, tier in enumerate(verbal):
        others = [v for name, v in starts.items() if name != names[id(tier)]]
        for piece in _runs(events[id(tier)], others):
            first, last, text, continued, where = piece
            if not one_line(text):
                empty += 1
                continue
            utterances.append(Utterance(text, names[id(tier)], timeline.times[first], (first, continued, index, where[0]),
                                        f"tier {attribute(tier, 'id')!r}, {where[1]}", timeline.times[last]))
    if not utterances:
        raise TranscriptError("RK104", path, f"the speech tiers ({listed([_tier_name(t) for t in verbal])}) hold no text",
                              hint="check that the transcription was saved in the file")
    n_events = sum(len(e) for e in events.values())
    notes.insert(0, f"read as EXMARaLDA: {n_events} event(s) from {len(verbal)} speech tier(s), joined into "
                    f"{len(utterances)} stretch(es) of speech")
    left_out = [f"{_tier_name(t)} (type {attribute(t, 'type')!r}, category {attribute(t, 'category')!r}, "
                f"{len(children(t, 'event'))} event(s))" for t in tiers if t not in verbal]
    if left_out:
        notes.append(f"{len(left_out)} tier(s) left out, not speech (non-verbal, comments, annotations): {listed(left_out)}")
    strays = stray_text(root, lambda element: local_name(element) in TEXT_ELEMENTS)
    if strays:
        notes.append(stray_note(strays))
    untimed = sum(1 for u in utterances if u.start is None)
    if untimed:
        notes.append(f"{untimed} stretch(es) of speech start at a timeline point without a time; they are placed by the "
                     "timeline's order and their turns may have no time")
    crossing = overlaps(sorted(utterances, key=lambda u: u.order))
    if crossing:
        notes.append(f"{crossing} stretch(es) of speech start while another speaker's is still going on (overlapping "
                     "speech); they are written at the next word boundary after they start")
    attributes = _attributes(head)
    described = speaker_descriptions(head, speakers)
    if described:
        attributes["speaker_qualifiers"] = described
    return assemble_utterances(doc_id, utterances, source=source, fmt="exb", labels=labels,
                               attributes=attributes, notes=notes)


class _Timeline:
    """The common timeline: each point's place and time (seconds or ``None``)."""

    def __init__(self) -> None:
        self.place: dict[str, int] = {}
        self.times: list[float | None] = []


def _timeline(path, body) -> _Timeline:
    timeline = _Timeline()
    common = child(body, "common-timeline")
    for tli in children(common, "tli") if common is not None else []:
        tli_id = attribute(tli, "id")
        if not tli_id or tli_id in timeline.place:
            raise TranscriptError(CODE, path, f"a timeline point has {'no id' if not tli_id else f'the id {tli_id!r} twice'}",
                                  location=element_line(tli), hint="save the transcription again in the Partitur-Editor")
        raw, value = attribute(tli, "time"), None
        if raw:
            try:
                value = float(raw) if len(raw) < 40 else math.nan
            except ValueError:
                value = math.nan
            if not math.isfinite(value) or value < 0:
                raise TranscriptError(CODE, path, f"timeline point {tli_id!r} has time={raw[:30]!r}, not a time in seconds",
                                      location=element_line(tli), hint="correct the time or save the file again in the "
                                      "Partitur-Editor")
            value = round(value, 3)
        timeline.place[tli_id] = len(timeline.times)
        timeline.times.append(value)
    return timeline


def _events(path, tier, timeline: _Timeline) -> list[tuple[int, int, str, int]]:
    """A tier's events as ``(start place, end place, text, number)``, in timeline order."""
    found = []
    for number, event in enumerate(children(tier, "event")):
        places = []
        for name in ("start", "end"):
            ref = attribute(event, name)
            if ref not in timeline.place:
                raise TranscriptError(CODE, path, f"an event of tier {attribute(tier, 'id')!r} has {name}={ref!r}, which the "
                                      "common timeline does not define", location=element_line(event),
                                      hint="the file is damaged; open it in the Partitur-Editor and save it again")
            places.append(timeline.place[ref])
        found.append((places[0], places[1], _event_text(event), number))
    found.sort(key=lambda e: (e[0], e[3]))
    return found


def _event_text(event) -> str:
    """An event's words without its ``ud-information`` children (EXMARaLDA's ELAN import keeps each
    annotation's ``ELAN-ID`` and ``ELAN-REF`` there, inside the event, before the words)."""
    pieces = [event.text or ""]
    for part in event:
        if local_name(part) != "ud-information":
            pieces.append("".join(part.itertext()))
        pieces.append(part.tail or "")
    return "".join(pieces)


def _runs(events, others: list[list[int]]):
    """A tier's events joined into stretches of speech: ``(first place, last place, text, continued, (number, where))``.

    Events that follow one another are joined; a run is cut at a word boundary when another
    speaker has started since the run (or its last cut) began (see the module docstring).
    """
    run: list = []

    def started_between(low: int, high: int) -> bool:
        return any(bisect_right(values, high) > bisect_right(values, low) for values in others)

    def emit(continued: int):
        first, last = run[0][0], run[-1][1]
        where = f"event {run[0][3] + 1}" + (f"-{run[-1][3] + 1}" if len(run) > 1 else "")
        return first, last, join_pieces([e[2] for e in run]), continued, (run[0][3], where)

    continued = 0
    for event in events:
        if run and event[0] == run[-1][1]:
            boundary = run[-1][2][-1:].isspace() or event[2][:1].isspace()
            if not (boundary and started_between(run[0][0], event[0])):
                run.append(event)
                continue
            yield emit(continued)
            run, continued = [event], 1
            continue
        if run:
            yield emit(continued)
        run, continued = [event], 0
    if run:
        yield emit(continued)


#: Marks that end a unit (GAT's ``|`` phrase end, sentence ends): a piece ending in one is never the first half of a word.
_UNIT_ENDS = (".", "?", "!", "…", "|", "))")


def join_pieces(pieces: list[str]) -> str:
    """A run of events' texts joined as written, with a space where a unit-end mark meets a word.

    Events cut words wherever another speaker's speech starts (``Leis`` + ``tungsträger``), so
    pieces are joined without a space; but a piece ending in a unit-end mark (``file|``,
    ``Ja.``) or in a closed HIAT pause or comment (``((2s))``, ``((laughs))``) followed by one
    starting with a letter or digit (``it is``) is two units that the transcriber wrote without
    the space.

    Examples
    --------
    >>> join_pieces(["die Sie als Leis", "tungsträger verstehn. "]), join_pieces(["test", " file|", "it is"])
    ('die Sie als Leistungsträger verstehn. ', 'test file| it is')
    >>> join_pieces(["Okay. ", "((2s))", "No God?"])
    'Okay. ((2s)) No God?'
    """
    out: list[str] = []
    for piece in pieces:
        if out and out[-1].endswith(_UNIT_ENDS) and piece[:1].isalnum():
            out.append(" ")
        out.append(piece)
    return "".join(out)


def _speakers(head) -> dict[str, str]:
    table = child(head, "speakertable") if head is not None else None
    found = {}
    for speaker in children(table, "speaker") if table is not None else []:
        speaker_id = attribute(speaker, "id")
        abbreviation = child(speaker, "abbreviation")
        name = one_line("".join(abbreviation.itertext())) if abbreviation is not None else ""
        if speaker_id:
            found[speaker_id] = name[:80] or speaker_id
    return found


def speaker_descriptions(head, speakers: dict[str, str]) -> str:
    """What the speaker table says of each speaker beyond the abbreviation: each ``ud-information`` of its
    ``ud-speaker-information`` as ``name: value`` and its ``comment``, as ``AW: Beruf: Lehrer | comment; GL: ...``
    (the ``speaker_qualifiers`` attribute).

    Examples
    --------
    >>> from lxml import etree
    >>> head = etree.fromstring('<head><speakertable><speaker id="SPK0"><abbreviation>AW</abbreviation>'
    ...     '<ud-speaker-information><ud-information attribute-name="Beruf">Lehrer</ud-information>'
    ...     '</ud-speaker-information><comment>spricht schnell</comment></speaker>'
    ...     '<speaker id="SPK1"><abbreviation>GL</abbreviation><comment/></speaker></speakertable></head>')
    >>> speaker_descriptions(head, {"SPK0": "AW", "SPK1": "GL"})
    'AW: Beruf: Lehrer | spricht schnell'
    """
    table = child(head, "speakertable") if head is not None else None
    described: dict[str, dict[str, None]] = {}  # name -> its parts, each once, in file order (a dict: linear)
    for speaker in children(table, "speaker") if table is not None else []:
        parts = []
        ud = child(speaker, "ud-speaker-information")
        for info in children(ud, "ud-information") if ud is not None else []:
            name, value = one_line(attribute(info, "attribute-name")), one_line("".join(info.itertext()))
            if value:
                parts.append(f"{name}: {value}" if name else value)
        comment = child(speaker, "comment")
        if comment is not None and one_line("".join(comment.itertext())):
            parts.append(one_line("".join(comment.itertext())))
        speaker_id = attribute(speaker, "id") or ""
        described.setdefault(one_line(speakers.get(speaker_id, speaker_id)) or "?", {}).update(dict.fromkeys(parts))
    return "; ".join(f"{name}: {' | '.join(parts)}" for name, parts in described.items() if parts)


def _speaker(tier, speakers: dict[str, str]) -> str:
    speaker_id = attribute(tier, "speaker")
    if speaker_id:
        return speakers.get(speaker_id, speaker_id)
    return one_line(attribute(tier, "display-name"))[:80] or attribute(tier, "id") or "?"


def _tier_name(tier) -> str:
    return repr(attribute(tier, "display-name") or attribute(tier, "id"))


def _attributes(head) -> dict:
    meta = child(head, "meta-information") if head is not None else None
    found: dict = {}
    if meta is None:
        return found
    for name, key in (("project-name", "project"), ("transcription-name", "title"), ("transcription-convention", "convention"),
                      ("comment", "comment")):
        element = child(meta, name)
        value = one_line("".join(element.itertext())) if element is not None else ""
        if value:
            found[key] = value[:200]
    for ref in children(meta, "referenced-file"):
        url = attribute(ref, "url")
        if url:
            found["media"] = PurePosixPath(url.replace("\\", "/")).name[:200]
            break
    ud = child(meta, "ud-meta-information")
    nameless = []
    for info in children(ud, "ud-information")[:MAX_UD_ATTRIBUTES] if ud is not None else []:
        name, value = attribute(info, "attribute-name") or "", one_line("".join(info.itertext()))
        if name and value:
            found.setdefault(normalise_key(name)[:60], value[:200])
        elif value:  # a value whose attribute-name was left empty
            nameless.append(value[:200])
    if nameless:
        found.setdefault("ud_information", "; ".join(dict.fromkeys(nameless)))
    return found

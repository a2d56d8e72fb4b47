"""Reader for Transcriber files (``.trs``, root element ``Trans``).

Transcriber (and TranscriberAG) writes oral-history and broadcast transcripts as XML: a
``<Speakers>`` list (``<Speaker id="spk1" name="..."/>``), then ``<Episode>``, ``<Section>`` s
and ``<Turn speaker="spk1" startTime="...">`` s whose text is cut by ``<Sync time="..."/>``
marks. Files are often ISO-8859-1, as their XML declaration says, and carry
``<!DOCTYPE Trans SYSTEM "trans-14.dtd">``: the DTD is never fetched or read.

- **Speakers**: a turn's speaker is the ``name`` of its ``Speaker`` (its id when the name is
  empty, or when the list lacks the id: noted). A turn of several speakers
  (``speaker="spk1 spk2"``, overlapping speech) is cut at each ``<Who nb="N"/>``, the text
  after it being the N-th speaker's. A turn without a speaker that holds words is written as
  ``(no speaker)``, role ``other`` (noted).
- **Times**: each ``Sync`` starts a new stretch of speech with its time; text before the
  first ``Sync`` of a turn has the turn's ``startTime``. Turns are in the file's order, which
  is the recording's.
- **Left out**, with notes: ``<Event>`` marks (noises, pronunciation, language and entity
  marks; counted by their ``desc``) and ``<Background>`` s; ``<Comment desc="..."/>`` s are
  the transcriber's remarks, not speech, and each is quoted in a note with its time.
- **Attributes**: ``scribe``, ``audio_filename`` as ``media``, ``xml:lang`` as ``language``,
  and the episode's ``program`` and ``air_date``.

Malformed files are RK165, naming the line and the element.

Examples
--------
>>> from researchkit.transcripts import Source
>>> trs = b'''<?xml version="1.0" encoding="ISO-8859-1"?>
... <!DOCTYPE Trans SYSTEM "trans-14.dtd">
... <Trans scribe="kb"><Speakers><Speaker id="spk1" name="Interviewer"/><Speaker id="spk2" name="Ren\\xe9"/></Speakers>
... <Episode><Section type="report" startTime="0" endTime="9">
... <Turn speaker="spk1" startTime="0" endTime="2"><Sync time="0"/>Where were you?</Turn>
... <Turn speaker="spk2" startTime="2" endTime="9"><Sync time="2"/>At the quay <Event desc="rire" type="noise"
... extent="instantaneous"/> at night.<Sync time="5.5"/>Every week.</Turn></Section></Episode></Trans>'''
>>> t = read_trs("R01.trs", trs, doc_id="R01", source=Source("R01.trs", "0"))
>>> [(turn.speaker, turn.timestamp, t.turn_text(turn)) for turn in t.turns]
[('Interviewer', 0.0, 'Where were you?'), ('René', 2.0, 'At the quay at night.\\nEvery week.')]
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from typing import Mapping

from lxml import etree

from researchkit.errors import TranscriptError
from researchkit.io.limits import check_unit_count, count_tags
from researchkit.io.tiers import NO_SPEAKER, Utterance, assemble_utterances, listed, one_line
from researchkit.io.xmlsafe import (attribute, child, children, element_line, expect_root, local_name,
                                    parse_annotation_xml)
from researchkit.transcripts import Source, Transcript

__all__ = ["read_trs", "read_trs_root"]

CODE = "RK165"
#: How many of the transcriber's comments a note quotes.
MAX_COMMENTS = 20


class _Turns:
    """What the walk through the turns collects: utterances and what was left out."""

    def __init__(self, path, speakers: dict[str, str]) -> None:
        self.path, self.speakers = path, speakers
        self.utterances: list[Utterance] = []
        self.events: Counter = Counter()
        self.comments: list[str] = []
        self.backgrounds = 0
        self.unknown: set[str] = set()
        self.nobody = 0
        self.shared = 0

    def time(self, element, name: str) -> float | None:
        raw = attribute(element, name)
        if raw is None or raw == "":
            return None
        try:
            value = float(raw) if len(raw) < 30 else math.nan
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < 0:
            raise TranscriptError(CODE, self.path, f"{name}={raw[:30]!r} is not a time in seconds", location=element_line(element),
                                  hint="correct the time (seconds, such as 12.345) or save the file again in Transcriber")
        return round(value, 3)

    def turn(self, turn) -> None:
        """Cut one ``<Turn>`` into utterances at its ``Sync`` and ``Who`` marks."""
        ids = (attribute(turn, "speaker") or "").split()
        self.unknown.update(i for i in ids if i not in self.speakers)
        names = [self.speakers.get(i, i) for i in ids] or [NO_SPEAKER]
        self.shared += len(names) > 1
        state = {"time": self.time(turn, "startTime"), "speaker": names[0], "where": element_line(turn), "pieces": []}

        def flush() -> None:
            text = one_line("".join(state["pieces"]))
            if text:
                self.nobody += state["speaker"] == NO_SPEAKER
                self.utterances.append(Utterance(text, state["speaker"], state["time"], (len(self.utterances),),
                                                 state["where"]))
            state["pieces"] = []

        for action, element in etree.iterwalk(turn, events=("start", "end")):
            if element is turn:
                if action == "start":
                    state["pieces"].append(element.text or "")
                continue
            if action == "end":
                state["pieces"].append(element.tail or "")
                continue
            name = local_name(element)
            if name == "Sync":
                flush()
                state["time"], state["where"] = self.time(element, "time"), element_line(element)
            elif name == "Who":
                flush()
                state["speaker"], state["where"] = self._who(element, names), element_line(element)
            elif name == "Event":
                self.events[attribute(element, "desc") or attribute(element, "type") or "?"] += 1
            elif name == "Comment":
                when = self.time(element, "time") if attribute(element, "time") else state["time"]
                self.comments.append(f"{one_line(attribute(element, 'desc'))!r}" + (f" ({when} s)" if when is not None else ""))
            elif name == "Background":
                self.backgrounds += 1
            else:  # an element Transcriber does not write: its words are kept
                state["pieces"].append(element.text or "")
        flush()

    def _who(self, element, names: list[str]) -> str:
        raw = attribute(element, "nb") or ""
        if not raw.isdigit() or not 1 <= int(raw) <= len(names):
            raise TranscriptError(CODE, self.path, f"<Who nb={raw[:20]!r}/> names no speaker of its turn ({len(names)} "
                                  "speaker(s))", location=element_line(element),
                                  hint="correct nb (1 for the turn's first speaker, 2 for the second) or the turn's speaker list")
        return names[int(raw) - 1]


def read_trs(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
) -> Transcript:
    """Read a Transcriber ``.trs`` file from its bytes (see the module docstring).

    Raises
    ------
    TranscriptError
        RK165 for XML that is not a Transcriber file or is malformed; RK104 when its turns
        hold no text.
    """
    check_unit_count(path, count_tags(data, b"Turn", b"Sync", b"Who"), "turns and Sync/Who marks")
    root, notes = parse_annotation_xml(path, data, code=CODE, what="Transcriber")
    return read_trs_root(path, root, doc_id=doc_id, source=source, labels=labels, notes=notes)


def read_trs_root(path: str | Path, root: etree._Element, *, doc_id: str, source: Source,
                  labels: Mapping[str, str] | None = None, notes: list[str] | None = None) -> Transcript:
    """Read a parsed ``<Trans>`` element (for a ``.xml`` file recognised by its root element).

    Examples
    --------
    >>> from lxml import etree
    >>> read_trs_root("x.xml", etree.fromstring(b"<ANNOTATION_DOCUMENT/>"), doc_id="x", source=Source("x.xml", "0"))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    researchkit.errors.TranscriptError: [RK165] x.xml, line 1, <ANNOTATION_DOCUMENT>: the root element is <ANNOTATION_DOCUMENT>, not Transcriber's <Trans>...
    """
    expect_root(path, root, "Trans", code=CODE, what="Transcriber's <Trans>", hint="check that the file is a Transcriber .trs file")
    notes = list(notes or [])
    speakers: dict[str, str] = {}
    listing = child(root, "Speakers")
    for speaker in children(listing, "Speaker") if listing is not None else []:
        speaker_id = attribute(speaker, "id")
        if speaker_id:
            speakers.setdefault(speaker_id, one_line(attribute(speaker, "name"))[:80] or speaker_id)
    walk = _Turns(path, speakers)
    inner: set = set()
    turns = [e for e in root.iter() if local_name(e) == "Turn"]
    for turn in turns:
        if turn in inner:
            continue
        inner.update(e for e in turn.iterdescendants() if local_name(e) == "Turn")
        walk.turn(turn)
    if not walk.utterances:
        raise TranscriptError("RK104", path, f"the Transcriber file's {len(turns)} turn(s) hold no text",
                              hint="check that the transcription was saved in the file")
    notes.insert(0, f"read as Transcriber: {len(turns)} turn(s), {len(walk.utterances)} stretch(es) of speech between Sync marks")
    notes.extend(_left_out_notes(walk))
    return assemble_utterances(doc_id, walk.utterances, source=source, fmt="trs", labels=labels,
                               attributes=_attributes(root), notes=notes)


def _left_out_notes(walk: _Turns) -> list[str]:
    notes = []
    if walk.shared:
        notes.append(f"{walk.shared} turn(s) of several speakers at once (overlapping speech): each speaker's words, "
                     "after <Who nb=...>, are written one after the other")
    if walk.unknown:
        notes.append(f"speaker id(s) not in the file's <Speakers> list, used as written: {listed(sorted(walk.unknown))}")
    if walk.nobody:
        notes.append(f"{walk.nobody} stretch(es) of speech in turns without a speaker, written as {NO_SPEAKER!r} (role other)")
    if walk.events or walk.backgrounds:
        counted = [f"{desc!r} x{n}" for desc, n in sorted(walk.events.items(), key=lambda item: (-item[1], item[0]))]
        parts = [f"{sum(walk.events.values())} event mark(s) (noises, pronunciation, language marks: {listed(counted)})"]\
            if walk.events else []
        parts += [f"{walk.backgrounds} background mark(s)"] if walk.backgrounds else []
        notes.append(f"left out, not words: {' and '.join(parts)}")
    if walk.comments:
        notes.append(f"{len(walk.comments)} transcriber's comment(s) left out of the text: {listed(walk.comments, MAX_COMMENTS)}")
    return notes


def _attributes(root) -> dict:
    found: dict = {}
    for name, key in (("scribe", "scribe"), ("audio_filename", "media"), ("lang", "language")):
        value = one_line(attribute(root, name))
        if value:
            found[key] = value[:200]
    episode = child(root, "Episode")
    for name in ("program", "air_date"):
        value = one_line(attribute(episode, name)) if episode is not None else ""
        if value:
            found[name] = value[:200]
    return found

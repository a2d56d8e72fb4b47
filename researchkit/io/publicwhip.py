"""Reader for ParlParse XML, TheyWorkForYou's record of UK parliaments (``.xml`` whose root is ``<publicwhip>``).

mySociety's ParlParse (mysociety/parlparse) turns the Official Report of the House of Commons,
Westminster Hall, the House of Lords, public bill committees, written answers and statements,
the Scottish Parliament and the Northern Ireland Assembly into one XML file a sitting day,
published by TheyWorkForYou (``https://www.theyworkforyou.com/pwdata/scrapedxml/debates/``); the
layout is confirmed from the files TheyWorkForYou keeps as test data (mysociety/theyworkforyou,
``parldata/scrapedxml/debates/debates2009-10-27c.xml``, ``uml-tests/.../debates2009-10-26a.xml``) and
from ParlParse's writer (``pyscraper/xmlfilewrite.py``, ``pyscraper/new_hansard.py``)::

    <?xml version="1.0" encoding="ISO-8859-1"?>
    <!DOCTYPE publicwhip [ <!ENTITY mdash "&#8212;"> ... ]>
    <publicwhip scrapeversion="a" latest="yes">
    <gidredirect oldgid="..." newgid="..." matchtype="perfectmatch"/>
    <major-heading id="uk.org.publicwhip/debate/2009-10-26a.1.0" nospeaker="true" colnum="1" time="14:30:00">Home Department</major-heading>
    <speech id="uk.org.publicwhip/debate/2009-10-26a.1.2" nospeaker="true" colnum="1" time="14:30:00" url="...">
        <p pid="a.1.2/1" class="italic"> Ordered,</p> ...
    <speech id="..." speakerid="uk.org.publicwhip/member/1887" speakername="Alan Campbell"
            speakeroffice="The Parliamentary Under-Secretary of State for the Home Department" colnum="4" time="14:30:00">
        <p pid="a.4.5/1">The &pound;5 million small retailers capital grants fund ...</p>
    <division id="..." nospeaker="true" divdate="2009-03-10" divnumber="56" time="18:48:00">
        <divisioncount ayes="161" noes="349" tellerayes="2" tellernoes="2"/>
        <mplist vote="aye"><mpname id="..." vote="aye">Afriyie, Adam</mpname> ...

- **speeches**: each ``<p>`` of a ``<speech>`` is a paragraph of its ``speakername`` (a speaker's
  consecutive paragraphs are one turn, written once as ``Name: text``); a name printed with a note
  in brackets (``Mr. Deputy Speaker (Sir Alan Haselhurst)``) is the name before it, the note the
  speaker's. ``speakeroffice`` (a minister's office, older files) and that note are listed in the
  ``speaker_qualifiers`` attribute, as for any label with a note; ParlParse writes no party or
  constituency (TheyWorkForYou keeps them in its member lists, by ``person_id``), so each speaker's
  ``person_id`` (or the older ``speakerid``) is listed in the ``speaker_ids`` attribute to look them
  up. A ``<speech nospeaker="true" speakername="Hon. Members:">`` is a voice of several. Written
  answers' ``<ques>`` and ``<reply>`` are read as speeches;
- **nobody's lines** (a turn without speaker, role ``other``): ``<major-heading>``,
  ``<minor-heading>``, ``<oral-heading>``, a ``<speech nospeaker="true">`` without a name
  (``Ordered,``, ``The Secretary of State was asked—``), a speech's ``<p class="italic">`` (stage
  directions: ``Question put and agreed to.``; the speech goes on as the speaker's after it), and a
  ``<division>``: ``Division No. 56: Ayes 161, Noes 349``, then per list its vote and the names joined
  with semicolons (a teller marked ``(teller)``). ``<gidredirect>`` is bookkeeping without text;
- **times**: a speech's ``time="14:32:00"`` is the time of its first paragraph, in seconds after
  midnight of the sitting day (``time=""`` is none; ParlParse's hours past 24 count on);
- **attributes**: ``date`` and ``record`` from the first id (``uk.org.publicwhip/debate/2009-10-26a.1.0``:
  ``2009-10-26``, ``debate``), ``house`` for the records TheyWorkForYou names (:data:`HOUSES`),
  ``scrape_version`` and ``latest`` (``no``: a later version of the day's file exists; noted);
- **roles** (``labels=`` wins): the presiding officer puts the questions, an interviewer. It is named by
  office (:data:`PRESIDING`: ``Mr. Speaker``, ``Madam Deputy Speaker``, ``The Chairman``, ``Lord Speaker``,
  ``The Presiding Officer``, a Scottish committee's ``The Convener``, ``Y Llywydd`` ...), or by the person
  where the record says who is in the chair: a ``[Mr. Joe Benton in the Chair]`` line (Westminster Hall's
  headings; compared with the speakers' names without honorifics, :mod:`researchkit.io.parlchairs`) or a
  public bill committee's ``<committee><chairmen><mpname person_id>`` (its chair's speeches by that id).
  Voices of several (``Hon. Members``, ``Noble Lords``) are ``other``; every other member a respondent,
  as in a focus group the moderator presides. A public bill committee taking evidence (a ``standing``
  record whose named speeches of no member, ``nospeaker="true"`` without ``person_id``, are its
  witnesses, as ParlParse writes them) reads as Canada's committee evidence: the witnesses answer
  (respondents) and the members question them (interviewers). In written answers the member who asks
  (``<ques>``) is an interviewer and the minister who replies (``<reply>``) a respondent. Oral
  questions in a debates file are not marked speech by speech (who asks and who answers is not
  written), so members there are respondents like the rest. ParlParse's files since 2016 name every
  speech's speaker by the person (``Lindsay Hoyle``) and the Commons' chair by office only
  (``PRAYERS - [Mr Speaker in the Chair]``): the chair's speeches cannot be told, a note says so, and
  ``labels={"Lindsay Hoyle": "interviewer"}`` gives the role.

A ``<publicwhip>`` with nothing spoken in it is RK153 (with the line and element). A ``time`` that is no
clock time (``14:75:00``, ``noon``) is incidental metadata, not structure: it is left out, the turn kept,
and each such value named in a note with the file, line and element (:mod:`researchkit.io.parltimes`);
:func:`clock_time`, the strict reading, refuses it (RK154).

Examples
--------
>>> from researchkit.transcripts import Source
>>> data = ('<publicwhip scrapeversion="a" latest="yes"><major-heading id="uk.org.publicwhip/debate/2009-10-26a.1.0" '
...         'nospeaker="true">Home Department</major-heading><speech id="uk.org.publicwhip/debate/2009-10-26a.5.0" '
...         'speakername="Mr. Speaker" time="14:35:00"><p pid="a.5.0/1">Order.</p></speech><speech id="x" '
...         'speakername="Alan Johnson" person_id="uk.org.publicwhip/person/10310"><p>It is right.</p></speech></publicwhip>').encode()
>>> t = read_publicwhip("debates2009-10-26a.xml", data, doc_id="d", source=Source("debates2009-10-26a.xml", "0"))
>>> [(turn.speaker, turn.role, turn.timestamp, t.turn_text(turn)) for turn in t.turns if turn.speaker]
[('Mr. Speaker', 'interviewer', 52500.0, 'Order.'), ('Alan Johnson', 'respondent', None, 'It is right.')]
>>> t.attributes["date"], t.attributes["house"], t.attributes["speaker_ids"]
('2009-10-26', 'House of Commons', 'Alan Johnson: uk.org.publicwhip/person/10310')
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Collection, Mapping

from researchkit.errors import TranscriptError
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.hansardxml import split_affiliation
from researchkit.io.limits import check_unit_count, count_tags
from researchkit.io.parlchairs import in_the_chair, person_key
from researchkit.io.parltimes import BadTimes
from researchkit.io.xmlsafe import element_text, expect_root, local_name, parse_xml
from researchkit.io.xmlstray import stray_note, stray_text
from researchkit.transcripts import Source, Transcript

__all__ = ["read_publicwhip", "clock_time", "publicwhip_roles", "HOUSES"]

#: Elements that are speech: a speaker's paragraphs (``ques``/``reply``: written questions and answers).
SPEECHES = frozenset({"speech", "ques", "reply"})
#: Elements that are headings, nobody's lines.
HEADINGS = frozenset({"major-heading", "minor-heading", "oral-heading"})
#: Bookkeeping without words.
SILENT = frozenset({"gidredirect"})
#: The record in a ParlParse id (``uk.org.publicwhip/<record>/...``) -> the house TheyWorkForYou files it under.
HOUSES = {
    "debate": "House of Commons", "westminhall": "House of Commons, Westminster Hall", "lords": "House of Lords",
    "standing": "House of Commons, public bill committee", "wrans": "written answers", "wms": "written ministerial statements",
    "ni": "Northern Ireland Assembly", "spor": "Scottish Parliament", "spwa": "Scottish Parliament, written answers",
}
#: The presiding officer as ParlParse prints the name: the Commons' and the Northern Ireland Assembly's
#: (``Mr Speaker``, ``Madam Deputy Speaker``, ``Mr Principal Deputy Speaker``, ``The Chairman of Ways and Means``),
#: the Lords' (``The Lord Speaker``, ``Lord Speaker``, ``The Deputy Speaker``, ``The Deputy Chairman of Committees``),
#: a committee's (``The Chair``, ``The Chairperson``), the Scottish Parliament's (``The Presiding Officer``,
#: ``The Deputy Presiding Officer``, a committee's ``The Convener`` and ``The Deputy Convener``) and the Senedd's
#: (``The Llywydd``, ``Y Llywydd``, ``Y Dirprwy Lywydd``); the title before the office may be left out.
PRESIDING = re.compile(
    r"(?:(?:Mr\.?|Mrs\.?|Madam|Madame|The|Y)\s+)?(?:(?:Lord|Deputy|Principal|First|Second|Third|Temporary|Acting|Dirprwy)\s+){0,3}"
    r"(?:Speaker|Chair|Chairman|Chairwoman|Chairperson|Presiding\s+Officer|Llywydd|Lywydd|Convener)\b", re.IGNORECASE)
#: Voices of several.
GROUP_VOICES = re.compile(r"(?:(?:Some|Several|All|An|A)\s+)?(?:(?:right\s+)?hon\.?\s+|noble\s+)?(?:Members?|Lords)\b$",
                          re.IGNORECASE)
_TIME = re.compile(r"(\d{1,3}):(\d{1,2})(?::(\d{1,2}))?")
_GID = re.compile(r"uk\.org\.publicwhip/([a-z]+)/(\d{4}-\d{2}-\d{2})")


def clock_time(path: str | Path, element) -> float | None:
    """An element's ``time`` attribute (``14:32:00``, ``9:00``) as seconds after midnight; ``None`` when empty.

    The strict reading, for a caller that wants a bad time refused; :func:`read_publicwhip` leaves such a
    time out instead, keeps the turn and names the value in a note (:mod:`researchkit.io.parltimes`).

    Raises
    ------
    TranscriptError
        RK154 for a time that is no clock time (hours 0-47, minutes and seconds 0-59).

    Examples
    --------
    >>> from lxml import etree
    >>> clock_time("x.xml", etree.fromstring('<speech time="018:48:00"/>')), clock_time("x.xml", etree.fromstring('<speech time=""/>'))
    (67680.0, None)
    """
    try:
        return _seconds(element.get("time") or "")
    except ValueError:
        raise TranscriptError("RK154", path, f"the time {element.get('time')!r} is no clock time (hours 0-47, minutes and "
                              "seconds 0-59)", location=f"line {element.sourceline}, <{local_name(element)}>",
                              hint='correct the time attribute (time="14:32:00"), or empty it (time="")') from None


def _seconds(value: str) -> float | None:
    """A ``time`` attribute's value as seconds after midnight, ``None`` when empty (ValueError when no clock time)."""
    value = value.strip()
    if not value:
        return None
    match = _TIME.fullmatch(value)
    if match is None or int(match.group(1)) >= 48 or int(match.group(2)) >= 60 or int(match.group(3) or 0) >= 60:
        raise ValueError(value)
    return float(int(match.group(1)) * 3600 + int(match.group(2)) * 60 + int(match.group(3) or 0))


def publicwhip_roles(speakers: Mapping[str, set[str]], chairs: Collection[str] = (),
                     witnesses: Collection[str] = ()) -> dict[str, str]:
    """Each speaker's role from the name, the elements it spoke in, the chair and the witnesses (module docstring).

    ``chairs`` are the speakers the record names in the chair by person (``[Mr. Joe Benton in the Chair]``, a
    committee's ``<chairmen>``); ``witnesses`` those who give evidence to a committee: with witnesses, the
    members question them (interviewers) and they answer (respondents).

    Examples
    --------
    >>> publicwhip_roles({"Mr. Speaker": {"speech"}, "Hon. Members": {"speech"}, "Tony Baldry": {"speech"},
    ...                   "Lynne Featherstone": {"ques"}, "Phil Woolas": {"reply"}})
    {'Mr. Speaker': 'interviewer', 'Hon. Members': 'other', 'Tony Baldry': 'respondent', 'Lynne Featherstone': 'interviewer', 'Phil Woolas': 'respondent'}
    >>> publicwhip_roles({"Joe Benton": {"speech"}, "Jo Swinson": {"speech"}}, chairs={"Joe Benton"})
    {'Joe Benton': 'interviewer', 'Jo Swinson': 'respondent'}
    >>> publicwhip_roles({"Ms Olney": {"speech"}, "Dr Jane Roe": {"speech"}}, witnesses={"Dr Jane Roe"})
    {'Ms Olney': 'interviewer', 'Dr Jane Roe': 'respondent'}
    """
    roles: dict[str, str] = {}
    for name, elements in speakers.items():
        if PRESIDING.match(name) or name in chairs or "ques" in elements and "reply" not in elements:
            roles[name] = "interviewer"
        elif GROUP_VOICES.match(name):
            roles[name] = "other"
        elif name in witnesses:
            roles[name] = "respondent"
        else:
            roles[name] = "interviewer" if witnesses else "respondent"
    return roles


def _division(element) -> list[str]:
    """A division as lines: its number and counts, then each list's vote and names (module docstring)."""
    number = element.get("divnumber")
    counts = []
    lines: list[str] = []
    for child in (c for c in element if isinstance(c.tag, str)):
        name = local_name(child)
        if name == "divisioncount":
            counts = [f"{key.replace('-', ' ').capitalize()} {value}" for key, value in child.attrib.items()
                      if value.strip() and not key.startswith("teller")]
        elif len(child) and child.get("vote") is not None:
            names = [element_text(e) + (" (teller)" if e.get("teller") == "yes" else "") for e in child
                     if isinstance(e.tag, str) and element_text(e)]
            lines.append(f"{child.get('vote').strip().capitalize() or name}: " + "; ".join(names))
        elif element_text(child):
            lines.append(element_text(child))
    head = "Division" + (f" No. {number.strip()}" if number and number.strip() else "")
    return [head + (": " + ", ".join(counts) if counts else "")] + lines


class _Walk:
    """The file's elements in reading order as paragraphs, with the speakers met and what was noted."""

    def __init__(self, path: str | Path) -> None:
        self.path = path
        self.bad_times = BadTimes(path)
        self.paragraphs: list[RawParagraph] = []
        self.elements: dict[str, set[str]] = {}  # speaker -> elements it spoke in
        self.qualifiers: dict[str, str] = {}
        self.ids: dict[str, str] = {}
        self.spoken = 0
        self.unnamed = 0  # speeches with neither a speaker nor nospeaker="true"
        self.unknown: dict[str, int] = {}
        self.first_id = ""
        self.person_ids: dict[str, set[str]] = {}  # speaker -> every person id printed with it
        self.in_the_chair: list[str] = []  # the names of the "[... in the Chair]" lines, as printed, distinct
        self.chair_ids: set[str] = set()  # a committee's <chairmen>' person ids
        self.witnesses: set[str] = set()  # named speeches of no member (nospeaker="true") in a committee: witnesses

    def line(self, text: str, where: str) -> None:
        if text:
            self.paragraphs.append(RawParagraph(text, where, heading=True))
            for name in in_the_chair(text):
                if name not in self.in_the_chair:
                    self.in_the_chair.append(name)

    def said(self, speaker: str, text: str, where: str, timestamp: float | None) -> bool:
        if not text:
            return False
        self.paragraphs.append(RawParagraph(text, where, speaker=speaker, timestamp=timestamp))
        self.spoken += 1
        return True

    def time(self, element) -> float | None:
        """The element's ``time`` in seconds; ``None`` when empty or no clock time (then remembered for the note)."""
        try:
            return _seconds(element.get("time") or "")
        except ValueError:
            self.bad_times.add(element.sourceline, local_name(element), f"time={element.get('time')!r}")
            return None

    def speaker(self, element) -> str | None:
        """The speaker a speech names, with its note, office and id remembered; ``None`` for nobody's."""
        printed = " ".join((element.get("speakername") or "").split()).rstrip(":").strip()
        if not printed:
            self.unnamed += (element.get("nospeaker") or "").strip().lower() != "true"
            return None
        name, note = split_affiliation(printed)
        self.elements.setdefault(name, set()).add(local_name(element))
        if (element.get("nospeaker") or "").strip().lower() == "true" and not element.get("person_id"):
            self.witnesses.add(name)
        office = " ".join((element.get("speakeroffice") or "").split())
        note = "; ".join(n for n in (office, note) if n)
        if note:
            self.qualifiers.setdefault(name, note)
        person = (element.get("person_id") or element.get("speakerid") or "").strip()
        if person and person != "unknown":
            self.ids.setdefault(name, person)
            self.person_ids.setdefault(name, set()).add(person)
        return name

    def speech(self, element) -> None:
        speaker = self.speaker(element)
        pending = self.time(element)
        parts: list[tuple[str, str, bool]] = []  # (text, where, nobody's)
        if (element.text or "").strip():
            parts.append((" ".join(element.text.split()), f"<{local_name(element)}> line {element.sourceline}", False))
        for child in element:
            if isinstance(child.tag, str):
                name, where = local_name(child), f"<{local_name(child)}> line {child.sourceline}"
                if name == "table":
                    rows = [" | ".join(element_text(c) for c in row if isinstance(c.tag, str)) for row in child.iter()
                            if local_name(row) == "tr"]
                    parts.extend((row, where, False) for row in rows if row.strip(" |"))
                else:
                    if name != "p":
                        self.unknown[name] = self.unknown.get(name, 0) + 1
                    parts.append((element_text(child), where, "italic" in (child.get("class") or "").split()))
            if (child.tail or "").strip():
                parts.append((" ".join(child.tail.split()), f"text after line {child.sourceline}", False))
        for text, where, direction in parts:
            if speaker is None or direction:
                self.line(text, where)
            elif self.said(speaker, text, where, pending):
                pending = None

    def chairs(self) -> set[str]:
        """The speakers named in the chair by person: an ``[X in the Chair]`` line, a committee's ``<chairmen>``."""
        keys = {person_key(name) for name in self.in_the_chair if not PRESIDING.match(name)}
        return {name for name in self.elements if (keys and person_key(name) in keys) or self.person_ids.get(name, set()) & self.chair_ids}

    def run(self, root) -> None:
        for element in root:
            if not isinstance(element.tag, str):
                continue
            name = local_name(element)
            if not self.first_id:
                found = _GID.match(element.get("id") or "")
                self.first_id = found.group(0) if found else ""
            where = f"<{name}> line {element.sourceline}"
            if name in SPEECHES:
                self.speech(element)
            elif name in HEADINGS:
                self.time(element)  # read, as every time in the file (a bad one is noted)
                self.line(element_text(element), where)
            elif name == "division":
                self.time(element)
                for text in _division(element):
                    self.line(text, where)
            elif name not in SILENT and element_text(element):
                if name == "committee":  # a public bill committee's members; its <chairmen> preside
                    self.chair_ids.update((mp.get("person_id") or "").strip() for chairmen in element
                                          if local_name(chairmen) == "chairmen" for mp in chairmen
                                          if local_name(mp) == "mpname" and (mp.get("person_id") or "").strip())
                self.unknown[name] = self.unknown.get(name, 0) + 1
                self.line(element_text(element), where)


def _read_whole(element) -> bool:
    """Whether :class:`_Walk` reads the element's text whole (for :func:`researchkit.io.xmlstray.stray_text`)."""
    name, parent = local_name(element), element.getparent()
    up = local_name(parent)
    if parent.getparent() is None:  # the root's children: headings and unknown elements are read whole
        return name not in SPEECHES and name not in SILENT and name != "division"
    if up in SPEECHES:
        return name != "table"
    if up == "tr" or up == "division" and name != "divisioncount" and not (len(element) and element.get("vote") is not None):
        return True
    return local_name(parent.getparent()) == "division" and parent.get("vote") is not None and len(parent) > 0


def _attributes(root, first_id: str) -> dict:
    attributes: dict = {}
    found = _GID.match(first_id)
    if found:
        attributes["date"], attributes["record"] = found.group(2), found.group(1)
        if found.group(1) in HOUSES:
            attributes["house"] = HOUSES[found.group(1)]
    version = root.get("scrapeversion") or root.get("scraperversion")
    if version and version.strip():
        attributes["scrape_version"] = version.strip()
    if root.get("latest") and root.get("latest").strip():
        attributes["latest"] = root.get("latest").strip()
    return attributes


def read_publicwhip(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
) -> Transcript:
    """Read a ParlParse / TheyWorkForYou ``<publicwhip>`` XML file from its bytes (module docstring).

    Parameters
    ----------
    path
        For messages.
    data
        The file's bytes.
    doc_id
        Document id.
    source
        Provenance (path and sha256 of the original bytes).
    labels
        The user's speaker → role map, over the roles read from the file.

    Returns
    -------
    Transcript

    Raises
    ------
    TranscriptError
        RK121 for XML that is not well-formed; RK153 when nothing is spoken in it. A ``time`` that is
        no clock time is left out and noted, not refused.
    """
    check_unit_count(path, count_tags(data, b"p", b"speech", b"ques", b"reply", b"major-heading", b"minor-heading"),
                     "paragraphs and speeches (<p>, <speech>, <ques>, <reply>, headings)")
    root = parse_xml(path, data)
    expect_root(path, root, "publicwhip", code="RK153", what="ParlParse's <publicwhip>",
                hint="check that this is a TheyWorkForYou / ParlParse XML file")
    walk = _Walk(path)
    walk.run(root)
    if walk.spoken == 0:
        raise TranscriptError("RK153", path, "the <publicwhip> file holds no <speech> with a speaker and words (nothing is spoken in it)",
                              location=f"line {root.sourceline}, <publicwhip>",
                              hint="check that the file is a day's debates, not a list of redirects or divisions only "
                                   "(TheyWorkForYou's 'divisionsonly' files)")
    attributes = _attributes(root, walk.first_id)
    notes = []
    if attributes.get("latest", "").lower() == "no":
        notes.append('the file says latest="no": TheyWorkForYou published a later version of this sitting (the next letter, '
                     '2009-10-26b after 2009-10-26a); read that one for the corrected record')
    if walk.bad_times.note():
        notes.append(walk.bad_times.note())
    if walk.unnamed:
        notes.append(f"{walk.unnamed} speech(es) name no speaker (no speakername): their paragraphs are nobody's lines")
    if walk.unknown:
        shown = ", ".join(f"<{name}> ({count})" for name, count in sorted(walk.unknown.items()))
        notes.append(f"elements this reader does not know, their words kept: {shown}")
    strays = stray_text(root, _read_whole)
    if strays:
        notes.append(stray_note(strays))
    if walk.qualifiers:
        attributes["speaker_qualifiers"] = "; ".join(f"{name}: {note}" for name, note in walk.qualifiers.items())
        notes.append("each speaker's office or note in brackets is in the 'speaker_qualifiers' attribute, not in the speaker's name")
    if walk.ids:
        attributes["speaker_ids"] = "; ".join(f"{name}: {person}" for name, person in walk.ids.items())
    chairs = walk.chairs()
    witnesses = {name for name in walk.witnesses - chairs if not GROUP_VOICES.match(name) and not PRESIDING.match(name)
                 } if attributes.get("record") == "standing" else set()
    if chairs:
        named = [f"'[{name} in the Chair]'" for name in walk.in_the_chair if not PRESIDING.match(name)]
        named += ["a committee's <chairmen>"] if walk.chair_ids else []
        notes.append(f"the record names the chair by the person ({', '.join(named)}): "
                     + ", ".join(repr(name) for name in sorted(chairs)) + " presides, the interviewer (labels= wins)")
    elif any(PRESIDING.match(name) for name in walk.in_the_chair) and not any(PRESIDING.match(n) for n in walk.elements):
        office = next(name for name in walk.in_the_chair if PRESIDING.match(name))
        notes.append(f"the record names the chair by office ('[{office} in the Chair]') but each speech's speaker by the person "
                     "(ParlParse's files since 2016), so the chair's speeches cannot be told: give labels={'<the chair's "
                     "name>': 'interviewer'}")
    if witnesses:
        notes.append("witnesses give evidence to the committee (" + ", ".join(repr(w) for w in sorted(witnesses)) + ", named "
                     "speeches of no member): they answer (respondents), the members question them (interviewers)")
    encoding = (root.getroottree().docinfo.encoding or "utf-8").lower()
    return assemble(doc_id, walk.paragraphs, labels={**publicwhip_roles(walk.elements, chairs, witnesses), **(labels or {})},
                    attributes=attributes, source=Source(source.path, source.sha256, "publicwhip", encoding), notes=notes)

"""Reader for TEI transcriptions of speech (``.xml`` whose root is ``<TEI>``; TEI P5 and P4's ``<TEI.2>``).

Spoken corpora (ParlaMint, VOICE, the ISO 24624 exports of EXMARaLDA and FOLKER) and oral-history
editions write an interview as utterances::

    <TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader>... <particDesc><listPerson>
      <person xml:id="A"><persName>Ann Smith</persName></person> ...
    <text><timeline unit="s" origin="#T0"><when xml:id="T0" absolute="00:00:00"/>
      <when xml:id="T1" interval="12.5" since="#T0"/></timeline>
    <body><u who="#A" start="#T1">Where were you born? <pause/></u> ...

- **each** ``<u>`` is a paragraph of its speaker (ISO 24624's ``<annotationBlock who start>``
  around a ``<u>`` too); consecutive utterances of one speaker form one turn;
- **speakers** from ``who`` (``#A``, or P4's ``A``): the ``person`` (or ``personGrp``) with that
  ``xml:id`` anywhere in the file (``particDesc``, or a ``listPerson`` in the body): its first
  ``persName`` (else its ``n``, else the id); a person whose ``role`` says interviewer (or interviewee,
  respondent, narrator, informant) gets that role (``labels=`` still decides); when the file names an
  interviewer so, the other persons it declares are respondents, and the interviewers' names become
  the ``interviewer`` attribute. An id no person declares is kept as the speaker (noted); a ``<u>`` without
  ``who`` continues the speaker before (noted);
- **times**: ``start`` (or ``synch`` of an ``<anchor>`` opening the utterance) pointing at a
  ``<when>`` of the ``<timeline>``, resolved through ``interval``/``since`` chains (``unit`` ``s``,
  ``ms`` or ``min``) or ``absolute`` clock times counted from the origin; a plain number of seconds
  and a clock time (``smil:begin="00:00:23.685"`` on the utterance or its first ``seg``) are read too.
  A pointer to no ``<when>``, or a ``when`` without a usable time (``interval="unknown"``), leaves the
  turn untimed (noted);
- **inside an utterance**: words of ``<w>``/``<pc>`` tokens written without spaces are spaced as
  text (punctuation attached); ``<unclear>``, ``<seg>``, ``<del>``, ``<add>``, ``<foreign>`` ... keep
  their words; ``<pause/>`` becomes ``(pause)`` (``(pause 2.5s)`` with ``dur``), ``<vocal>``,
  ``<kinesic>`` and ``<incident>`` their description in brackets (``(laughs)``; ``type`` when there is
  no ``<desc>``), ``<gap/>`` ``(gap)`` with its reason; ``<anchor/>`` and intonation marks
  (``<c function="rise"/>``) are no words;
- **left out, with a note**: ``<note>`` (editors' notes: counted), ``<spanGrp>`` annotations, and
  the ``teiHeader`` (its ``title``, recording ``date``, the notes of its ``notesStmt`` and its
  ``settingDesc`` become the attributes ``title``, ``date``, ``header_notes`` and ``setting``; the words of a
  ``<recording>`` or ``<creation>``, a date written out beside its ``when``, the equipment, a ``<p>``, become
  ``recording`` and ``creation``; each declared person's parts but the name they are called by, ``<note>``,
  ``<occupation>``, ``<birth>`` ..., become ``speaker_qualifiers``, ``Name: part | part; Name: part``).
  Between utterances, ``<head>`` is a section heading, ``<pause>``/``<vocal>``/``<incident>``/``<kinesic>``/``<gap>`` a
  bracketed line, ``<p>``/``<ab>``/``<stage>`` a paragraph: each nobody's (a turn without speaker,
  role ``other``, as a section marker is).

Header elements no attribute reads (``<publicationStmt><p>``, a ``<recordingStmt>``'s ``<p>``, ``<respStmt>``,
``<idno>`` ...) are named whole in a note (:func:`researchkit.io.xmlstray.unread_text`), as are the declared persons
with no utterance of their own and the utterances whose ``who`` names several speakers (read as the first's).
Words a hand edit left where the reader does not read (between utterances, in the header's containers, in a
``<timeline>`` or a ``<pause>``, beside an event's ``<desc>``) are named in a note with their line and element
(:func:`stray_words`).

A ``<teiCorpus>`` (several documents) or a ``<TEI>`` without ``<text>``/``<body>`` or without
utterances is RK123.

Examples
--------
>>> from researchkit.transcripts import Source
>>> data = (b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><profileDesc><particDesc><listPerson>'
...         b'<person xml:id="I" role="interviewer"><persName>Ann Smith</persName></person>'
...         b'<person xml:id="R"><persName>Piet Vos</persName></person></listPerson></particDesc></profileDesc></teiHeader>'
...         b'<text><timeline unit="s" origin="#T0"><when xml:id="T0" absolute="00:00:00"/><when xml:id="T1" interval="4.5" since="#T0"/></timeline>'
...         b'<body><u who="#I" start="#T0">Where were you born?</u><u who="#R" start="#T1">In Urk <pause/> I think.<note>uncertain</note></u>'
...         b'</body></text></TEI>')
>>> t = read_tei("R1.xml", data, doc_id="R1", source=Source("R1.xml", "0"))
>>> [(turn.speaker, turn.role, turn.timestamp, t.turn_text(turn)) for turn in t.turns]
[('Ann Smith', 'interviewer', 0.0, 'Where were you born?'), ('Piet Vos', 'respondent', 4.5, 'In Urk (pause) I think.')]
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.limits import check_unit_count, count_tags
from researchkit.io.xmlsafe import element_text, expect_root, local_name, parse_xml
from researchkit.io.xmlstray import stray_note, stray_text, unread_note, unread_text
from researchkit.transcripts import Source, Transcript

__all__ = ["read_tei", "Timeline", "utterance_text"]

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
#: Elements whose content is not the speaker's words.
LEFT_OUT = frozenset({"note", "spanGrp", "span", "fs", "interp", "interpGrp", "linkGrp", "link", "listPerson", "timeline"})
#: Events rendered as a bracketed description.
EVENTS = frozenset({"pause", "vocal", "kinesic", "incident", "gap", "shift", "writing"})
#: Elements that are no words at all.
SILENT = frozenset({"anchor", "c", "lb", "milestone", "pb", "cb", "ptr", "ref", "figure"})
#: Header elements that hold only elements (TEI's content models): words in one, or after one of their children,
#: are a hand edit's strays, named in a note; every other header element is metadata, read or not, as a whole.
HEADER_CONTAINERS = frozenset({"teiHeader", "fileDesc", "titleStmt", "publicationStmt", "sourceDesc", "recordingStmt",
                               "profileDesc", "particDesc", "listPerson", "encodingDesc", "notesStmt", "revisionDesc",
                               "editionStmt", "seriesStmt", "textClass", "langUsage"})
#: Elements of ``<text>`` whose words the reader reads (or, notes and annotation tiers, counts) as a whole; the others
#: it walks into, so words in them outside these are strays (:mod:`researchkit.io.xmlstray`).
TEXT_READ = frozenset({"u", "head", "p", "ab", "stage", "desc"}) | EVENTS | (LEFT_OUT - {"timeline"})
_CLOCK = re.compile(r"(?:(\d{1,3}):)?(\d{1,2}):(\d{2}(?:\.\d{1,9})?)")
_NUMBER = re.compile(r"\d{1,9}(?:\.\d{1,9})?")
_DURATION = re.compile(r"PT(?:(\d{1,6})H)?(?:(\d{1,6})M)?(?:(\d{1,9}(?:\.\d{1,9})?)S)?")
_OPENING = tuple("([{¿¡“‘«„")
_UNITS = {"s": 1.0, "ms": 0.001, "min": 60.0, "h": 3600.0, "d": 86400.0}


def _seconds(value: str | None) -> float | None:
    """Seconds of a plain number or a clock time (``12.5``, ``00:00:23.685``, ``1:02``), else ``None``.

    Examples
    --------
    >>> _seconds("12.5"), _seconds("00:00:23.685"), _seconds("1:02"), _seconds("#T1")
    (12.5, 23.685, 62.0, None)
    """
    value = (value or "").strip()
    if _NUMBER.fullmatch(value):
        return float(value)
    m = _CLOCK.fullmatch(value)
    if m is None:
        return None
    return round(int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3)), 3)


class Timeline:
    """The ``<when>`` points of a TEI ``<timeline>``, resolved to seconds from the origin.

    Examples
    --------
    >>> from lxml import etree
    >>> tl = Timeline(etree.fromstring('<text><timeline unit="ms" origin="#T0"><when xml:id="T0" absolute="10:00:00"/>'
    ...     '<when xml:id="T1" interval="1500" since="#T0"/><when xml:id="T2" interval="500" since="#T1"/>'
    ...     '<when xml:id="T3" absolute="10:00:05.5"/><when xml:id="T4" interval="unknown" since="#T0"/></timeline></text>'))
    >>> [tl.seconds(f"#T{i}") for i in range(6)]
    [0.0, 1.5, 2.0, 5.5, None, None]
    """

    def __init__(self, root) -> None:
        self.points: dict[str, tuple[str | None, str | None, str | None, float]] = {}
        self.origins: dict[str, str | None] = {}
        self._cache: dict[str, float | None] = {}  # point -> seconds, unrounded
        for timeline in (e for e in root.iter() if local_name(e) == "timeline"):
            unit = _UNITS.get((timeline.get("unit") or "s").strip(), 1.0)
            origin = (timeline.get("origin") or "").lstrip("#") or None
            for when in (e for e in timeline if local_name(e) == "when"):
                ident = when.get(XML_ID) or when.get("id")
                if ident:
                    since = (when.get("since") or "").lstrip("#") or origin
                    self.points[ident] = (when.get("absolute"), when.get("interval"), since, unit)
                    self.origins[ident] = origin

    def __len__(self) -> int:
        return len(self.points)

    def _absolute(self, ident: str | None) -> float | None:
        point = self.points.get(ident or "")
        return _seconds(point[0]) if point is not None else None

    def seconds(self, pointer: str | None) -> float | None:
        """Seconds from the origin of the point a pointer (``#T1``) names, else ``None``.

        Linear in the timeline: a ``since`` chain is walked once and every point on it remembered, so a
        chain of thousands of points, asked point by point, is not quadratic; a circular chain has no time.
        """
        ident = (pointer or "").strip().lstrip("#")
        chain: list[tuple[str, float]] = []  # points whose time is the next one's plus this interval
        current, seen = ident, set()
        while True:
            if current in self._cache:
                base = self._cache[current]
                break
            if current not in self.points or current in seen:
                base = None  # a pointer to nothing, or a circle
                break
            seen.add(current)
            absolute, interval, since, unit = self.points[current]
            clock, step = _seconds(absolute), _seconds(interval)
            if clock is not None:
                base = clock - (self._absolute(self.origins.get(current)) or 0.0)
            elif interval is None:
                base = 0.0 if current == self.origins.get(current) else None
            elif step is None or since is None:
                base = None  # interval="unknown", or no point to count from
            else:
                chain.append((current, step * unit))
                current = since
                continue
            self._cache[current] = base
            break
        for point, step in reversed(chain):
            base = None if base is None else base + step
            self._cache[point] = base
        value = self._cache.get(ident)
        return round(value, 3) if value is not None else None


def _event_text(element) -> str:
    """A pause, vocal, incident or gap as a bracketed description: ``(pause 2.5s)``, ``(laughs)``, ``(gap: name)``."""
    name = local_name(element)
    if name == "pause":
        m = _DURATION.fullmatch((element.get("dur") or "").strip())
        if m and m.group(0):
            seconds = int(m.group(1) or 0) * 3600 + int(m.group(2) or 0) * 60 + float(m.group(3) or 0)
            return f"(pause {seconds:g}s)"
        return "(pause)"
    desc = " ".join(element_text(child) for child in element if local_name(child) == "desc" and element_text(child))
    if name == "gap":
        reason = element.get("reason")
        return f"(gap: {reason})" if reason else "(gap)"
    what = desc or (element.get("type") or "").replace("_", " ").strip() or element_text(element) or name
    return f"({what})"


def _event_leftover(element) -> str:
    """The words of an event that its bracketed description (:func:`_event_text`) does not show: any in a
    ``<pause>`` or ``<gap>``; beside the ``<desc>`` of a ``<vocal>`` ...; all of them when its ``type`` describes it.

    Examples
    --------
    >>> from lxml import etree
    >>> [_event_leftover(etree.fromstring(x)) for x in ('<pause>sorry</pause>', '<vocal><desc>laughs</desc> loud</vocal>',
    ...  '<vocal type="cough">ahem</vocal>', '<vocal>laughs</vocal>')]
    ['sorry', 'loud', 'ahem', '']
    """
    name = local_name(element)
    if name in {"pause", "gap"}:
        return element_text(element)
    described = [isinstance(child.tag, str) and local_name(child) == "desc" and bool(element_text(child)) for child in element]
    if any(described):  # one pass over the children (thousands of <desc> in one event stay linear)
        pieces = [element.text or ""] + [child.tail or "" for child in element]
        pieces += [element_text(child) for child, desc in zip(element, described) if isinstance(child.tag, str) and not desc]
        return " ".join(" ".join(pieces).split())
    return element_text(element) if (element.get("type") or "").strip() else ""


def stray_words(root, text_el) -> list[tuple[int | None, str, str]]:
    """Words a hand edit left where the reader does not read (:mod:`researchkit.io.xmlstray`): between the root's
    parts, in the header's containers (``<fileDesc> words <titleStmt>``), between utterances (``</u> words <u>``), in a
    ``<timeline>``, in a ``<pause>``, beside an event's ``<desc>``; in document order.

    Examples
    --------
    >>> from lxml import etree
    >>> root = etree.fromstring('<TEI><teiHeader><fileDesc>x<titleStmt/></fileDesc></teiHeader>'
    ...                         '<text><body><u>Hi.</u> yes <u>No<pause>sorry</pause>.</u></body></text></TEI>')
    >>> stray_words(root, root[1])
    [(1, 'fileDesc', 'x'), (1, 'body', 'yes'), (1, 'pause', 'sorry')]
    """
    found = stray_text(root, lambda element: True)  # the root's own words and those after its parts
    for part in root:
        if local_name(part) == "teiHeader":
            found += stray_text(part, lambda element: local_name(element) not in HEADER_CONTAINERS)
    if text_el is not None:
        found += stray_text(text_el, lambda element: local_name(element) in TEXT_READ)
        found += [(e.sourceline, local_name(e), words) for e in text_el.iter()
                  if isinstance(e.tag, str) and local_name(e) in EVENTS and (words := _event_leftover(e))]
    return sorted(found, key=lambda piece: piece[0] or 0)


def utterance_text(u) -> tuple[str, int]:
    """The words of an utterance (see the module docstring), and the notes (``<note>``) left out.

    Examples
    --------
    >>> from lxml import etree
    >>> utterance_text(etree.fromstring('<u><w>so</w><w>we</w><pc>,</pc><w>left</w><vocal><desc>laughs</desc></vocal><note>n</note></u>'))
    ('so we, left (laughs)', 1)
    """
    pieces: list[tuple[str, str]] = []  # (kind, text): "text", "w", "pc", "event"
    notes = 0
    stack: list[tuple[object, bool]] = [(u, False)]
    while stack:
        element, leaving = stack.pop()
        if leaving:
            if element is not u and element.tail:
                pieces.append(("text", element.tail))
            continue
        name = local_name(element)
        if element is not u:
            if name in LEFT_OUT:
                notes += name == "note"
                if element.tail:
                    pieces.append(("text", element.tail))
                continue
            if name in EVENTS:
                pieces.append(("event", _event_text(element)))
                if element.tail:
                    pieces.append(("text", element.tail))
                continue
            if name in SILENT and not len(element) and not (element.text or "").strip():
                if element.tail:
                    pieces.append(("text", element.tail))
                continue
            if name in {"w", "pc"}:
                pieces.append((name, element_text(element)))
                if element.tail:
                    pieces.append(("text", element.tail))
                continue
        if element.text:
            pieces.append(("text", element.text))
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element) if isinstance(child.tag, str))
    out: list[str] = []  # pieces, joined once (a long utterance is not rebuilt piece by piece)
    last = ""  # the last character written
    quotes, after_opening = 0, False
    for kind, text in pieces:
        if kind == "text":
            out.append(text)
            last, after_opening = (text[-1] if text else last), False
            continue
        if not text:
            continue
        opening = kind == "pc" and (text.startswith(_OPENING) or (text in {'"', "'"} and quotes % 2 == 0))
        quotes += kind == "pc" and text in {'"', "'"}
        glued = kind == "pc" and not opening
        if last and not last.isspace() and not glued and not after_opening:
            out.append(" ")
        out.append(text)
        last, after_opening = text[-1], opening
    return " ".join("".join(out).split()), notes


#: Words of a person's ``role`` that make them the interviewer, or the one interviewed.
INTERVIEWER_ROLES = ("interviewer", "interviewster", "interviewerin", "enquêteur", "entrevistador")
RESPONDENT_ROLES = ("interviewee", "respondent", "narrator", "informant", "geïnterviewde", "participant")


def _persons(root) -> tuple[dict[str, str], dict[str, str]]:
    """Person ids -> names, and names -> role for persons whose ``role`` says interviewer or interviewee."""
    names: dict[str, str] = {}
    roles: dict[str, str] = {}
    for person in (e for e in root.iter() if local_name(e) in {"person", "personGrp"}):
        ident = person.get(XML_ID) or person.get("id")
        if not ident:
            continue
        pers = next((element_text(e) for e in person.iter() if local_name(e) == "persName" and element_text(e)), "")
        name = pers or " ".join((person.get("n") or "").split()) or ident  # one line: a name is a label in the text
        names.setdefault(ident, name)
        role = (person.get("role") or "").casefold()
        if any(word in role for word in INTERVIEWER_ROLES):
            roles[name] = "interviewer"
        elif any(word in role for word in RESPONDENT_ROLES):
            roles[name] = "respondent"
    return names, roles


def _header_attributes(root, read: set | None = None) -> dict:
    """The header's attributes (see the module docstring); the header elements read are added to ``read``."""
    read = set() if read is None else read
    attributes: dict = {}
    header = next((e for e in root if local_name(e) == "teiHeader"), None)
    if header is None:
        return attributes
    title = next((e for e in header.iter() if local_name(e) == "title" and element_text(e)), None)
    if title is not None:
        attributes["title"] = element_text(title)
        read.add(title)
    read.update(e for e in header.iter() if local_name(e) in {"settingDesc", "recording", "creation", "person", "personGrp"}
                or (local_name(e) == "note" and local_name(e.getparent()) == "notesStmt"))  # read below, whole
    notes = [element_text(n) for stmt in header.iter() if local_name(stmt) == "notesStmt"
             for n in stmt if local_name(n) == "note" and element_text(n)]
    if notes:
        attributes["header_notes"] = "; ".join(dict.fromkeys(notes))
    settings = [" ".join(" ".join(e.itertext()).split()) for e in header.iter() if local_name(e) == "settingDesc"]
    settings = [x for x in settings if x]  # (the parts of a setting, <name> <locale> <activity>, apart)
    if settings:
        attributes["setting"] = "; ".join(dict.fromkeys(settings))
    for recording in (e for e in header.iter() if local_name(e) in {"recording", "creation"}):
        date = next((e for e in recording.iter() if local_name(e) == "date"), None)
        if date is not None and (date.get("when") or element_text(date)):
            attributes["date"] = " ".join((date.get("when") or element_text(date)).split())  # one line, as every attribute
            break
    for name in ("recording", "creation"):  # their words (a date written out beside its @when, the equipment, a <p>)
        texts = [" ".join(" ".join(e.itertext()).split()) for e in header.iter() if local_name(e) == name]
        texts = [x for x in dict.fromkeys(texts) if x and x != attributes.get("date")]
        if texts:
            attributes[name] = "; ".join(texts)
    return attributes


def person_descriptions(root, names: Mapping[str, str]) -> str:
    """Each declared person's description (``<note>``, ``<occupation>``, ``<birth>``, ``<residence>`` ... : every part
    but the ``persName`` they are named by; another name is kept), as ``Name: part | part; Name: part``, for the
    ``speaker_qualifiers`` attribute. A person declared without an id (no utterance can name it) is described under
    its first ``persName`` (else its ``n``, else ``person at line N``).

    Examples
    --------
    >>> from lxml import etree
    >>> root = etree.fromstring('<TEI><person xml:id="B"><persName>Piet Vos</persName><persName>Pietje</persName>'
    ...     '<occupation>fisher</occupation><note>Interviewed <date>twice</date>.</note></person><person xml:id="A"/></TEI>')
    >>> person_descriptions(root, {"B": "Piet Vos", "A": "A"})
    'Piet Vos: Pietje | fisher | Interviewed twice.'
    """
    described: dict[str, dict[str, None]] = {}  # name -> its parts, each once, in file order (a dict: linear)
    for person in (e for e in root.iter() if local_name(e) in {"person", "personGrp"}):
        ident = person.get(XML_ID) or person.get("id")
        if ident and ident in names:
            name = names[ident]
        else:  # a person without an id no utterance can name: kept under its own name, else its line
            name = next((element_text(e) for e in person.iter() if local_name(e) == "persName" and element_text(e)), "")
            name = name or " ".join((person.get("n") or ident or "").split()) or f"person at line {person.sourceline}"
        parts = [element_text(e) for e in person if isinstance(e.tag, str)
                 and not (local_name(e) == "persName" and element_text(e) == name)]
        parts += [" ".join(person.text.split())] if person.text and person.text.strip() else []
        parts += [" ".join(e.tail.split()) for e in person if e.tail and e.tail.strip()]
        described.setdefault(" ".join(name.split()), {}).update(dict.fromkeys(x for x in parts if x))
    return "; ".join(f"{name}: {' | '.join(parts)}" for name, parts in described.items() if parts)


def _start(u, block, timeline: Timeline) -> tuple[float | None, str | None]:
    """The utterance's time and, when it points at no usable time, the pointer."""
    for element in (block, u):
        if element is None:
            continue
        for key, value in element.attrib.items():
            if key.rsplit("}", 1)[-1] in {"start", "begin"}:
                if value.strip().startswith("#"):
                    seconds = timeline.seconds(value)
                    return seconds, (None if seconds is not None else value.strip())
                if _seconds(value) is not None:
                    return _seconds(value), None
    for element in u.iter():
        name = local_name(element)
        if name == "anchor" and element.get("synch"):
            seconds = timeline.seconds(element.get("synch").split()[0])
            return seconds, (None if seconds is not None else element.get("synch").strip())
        if name == "seg":
            begin = next((v for k, v in element.attrib.items() if k.rsplit("}", 1)[-1] in {"begin", "start"}), None)
            if begin is not None and _seconds(begin) is not None:
                return _seconds(begin), None
            break
        if name == "w" or (element is not u and (element.text or "").strip()):
            break  # an anchor after the first words is a time inside the utterance
    return None, None


def read_tei(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
) -> Transcript:
    """Read a TEI transcription of speech from its bytes (see the module docstring).

    Raises
    ------
    TranscriptError
        RK121 for XML that is not well-formed; RK123 for a ``teiCorpus``, a document without
        ``<text>``/``<body>``, or a body without ``<u>`` utterances.
    """
    check_unit_count(path, count_tags(data, b"u", b"p", b"head"), "utterances and lines (<u>, <p> and <head> elements)")
    root = parse_xml(path, data)
    expect_root(path, root, ("TEI", "TEI.2"), code="RK123", what="<TEI>",
                hint="a <teiCorpus> holds several documents: save each <TEI> as its own file")
    text_el = next((e for e in root if local_name(e) == "text"), None)
    body = next((e for e in text_el.iter() if local_name(e) == "body"), None) if text_el is not None else None
    if body is None:
        raise TranscriptError("RK123", path, "the TEI document has no <text><body>", location=f"line {root.sourceline}, <{local_name(root)}>",
                              hint="check that this is a TEI transcription with its text")
    timeline = Timeline(text_el)
    names, roles = _persons(root)
    named: set[str] = set()  # every id a who names
    several: list[str] = []  # utterances whose who names several speakers
    paragraphs: list[RawParagraph] = []
    unknown, untimed, without_who, annotations, notes_left = set(), [], 0, 0, 0
    count = 0
    stack: list = [(child, None) for child in reversed(body) if isinstance(child.tag, str)]
    while stack:
        element, block = stack.pop()
        name = local_name(element)
        where = f"<{name}> line {element.sourceline}"
        if name == "annotationBlock":
            annotations += sum(1 for e in element if local_name(e) == "spanGrp")
            stack.extend((child, element) for child in reversed(element) if isinstance(child.tag, str) and local_name(child) == "u")
            continue
        if name == "u":
            count += 1
            who_raw = (element.get("who") or (block.get("who") if block is not None else None) or "").split()
            ident = who_raw[0].lstrip("#") if who_raw else ""
            named.update(w.lstrip("#") for w in who_raw)
            if len(who_raw) > 1:
                several.append(f"{where} ({' '.join(who_raw)})")
            speaker = names.get(ident, ident) or None
            if ident and ident not in names:
                unknown.add(ident)
            if not ident:
                without_who += 1
            seconds, dangling = _start(element, block, timeline)
            if dangling:
                untimed.append(f"{where} ({dangling})")
            words, left = utterance_text(element)
            notes_left += left
            if words:
                paragraphs.append(RawParagraph(words, where, speaker=speaker, timestamp=seconds))
            continue
        if name in LEFT_OUT:
            notes_left += name == "note"
            continue
        if name in EVENTS:  # nobody's: a line that ends the turn above, as a section marker does
            paragraphs.append(RawParagraph(_event_text(element), where, heading=True))
            continue
        if name == "head":
            if element_text(element):
                paragraphs.append(RawParagraph(element_text(element), where, heading=True))
            continue
        if name in {"p", "ab", "stage", "desc"}:
            words, left = utterance_text(element)
            notes_left += left
            if words:
                paragraphs.append(RawParagraph(words, where, heading=True))
            continue
        stack.extend((child, block) for child in reversed(element) if isinstance(child.tag, str))
    if count == 0:
        raise TranscriptError("RK123", path, "the TEI body has no <u> utterances (it is not a transcription of speech)",
                              location=f"line {body.sourceline}, <body>", hint="read a TEI edition of a written text as .txt, or export the utterances as <u>")
    if not paragraphs:
        raise TranscriptError("RK104", path, f"the TEI body has {count} <u> utterance(s) but no words in them",
                              hint="check that the transcription was exported with its text")
    notes = []
    if unknown:
        notes.append(f"speaker id(s) no <person> declares, kept as written: {', '.join(sorted(unknown)[:8])}")
    if without_who:
        notes.append(f"{without_who} <u> without who: they continue the speaker before")
    if several:
        notes.append(f"{len(several)} utterance(s) name several speakers in who, read as the first one's (the others "
                     f"named here): {', '.join(several)}")
    silent = [f"{name} ({ident})" for ident, name in names.items() if ident not in named]
    if silent:  # declared (present, described) but no utterance is theirs: named, as a researcher counts who was there
        notes.append(f"{len(silent)} declared participant(s) with no utterance of their own: {', '.join(silent)}")
    if untimed:
        notes.append(f"{len(untimed)} utterance time(s) point at no usable <when> (missing, or interval 'unknown'); those turns "
                     f"are untimed: {', '.join(untimed[:5])}" + (" ..." if len(untimed) > 5 else ""))
    if notes_left:
        notes.append(f"{notes_left} <note> element(s) (editors' notes, not speech) left out")
    if annotations:
        notes.append(f"{annotations} <spanGrp> annotation group(s) (ISO 24624 tiers) left out")
    strays = stray_words(root, text_el)
    if strays:
        notes.append(stray_note(strays))
    read: set = set()  # the header elements read into attributes: the others' words are named in a note
    attributes = _header_attributes(root, read)
    header = next((e for e in root if local_name(e) == "teiHeader"), None)
    unread = unread_text(header, lambda e: e in read, HEADER_CONTAINERS) if header is not None else []
    if unread:
        notes.append(unread_note(unread))
    described = person_descriptions(root, names)
    if described:
        attributes["speaker_qualifiers"] = described
    interviewers = [name for name, role in roles.items() if role == "interviewer"]
    if interviewers:  # the file says who interviews: the other persons it declares are the ones interviewed
        roles = {**{name: "respondent" for name in names.values() if name not in roles}, **roles}
    if interviewers:
        attributes["interviewer"] = "; ".join(interviewers)
    return assemble(doc_id, paragraphs, labels={**roles, **(labels or {})} or None, attributes=attributes,
                    source=Source(source.path, source.sha256, "tei", "utf-8"), notes=notes)

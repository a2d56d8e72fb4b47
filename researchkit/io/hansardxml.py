"""Reader for the House of Commons of Canada's Hansard XML (``.xml`` whose root is ``<Hansard>``).

ourcommons.ca publishes the Debates of the House and every committee's Evidence as XML (the "XML"
link of each publication, ``HAN021-E.XML``; the layout confirmed from files kept as test data by
openparliament.ca, michaelmulley/openparliament ``parliament/imports/tests/alpheus_examples``)::

    <Hansard xml:lang="EN" id="12324877">
      <DocumentTitle><DocumentName>EVIDENCE</DocumentName></DocumentTitle>
      <ExtractedInformation>
        <ExtractedItem Name="InstitutionDebate">Standing Committee on Science and Research</ExtractedItem>
        <ExtractedItem Name="MetaDocumentCategory">Committee</ExtractedItem> ...
      <HansardBody><OrderOfBusiness><SubjectOfBusiness><SubjectOfBusinessContent>
        <Timestamp Hr="16" Mn="30">(1630)</Timestamp>
        <Intervention Type="Interjection" id="...">
          <PersonSpeaking><Affiliation DbId="298415" Type="35">The Chair (Mr. Lloyd Longfield (Guelph, Lib.))</Affiliation>: </PersonSpeaking>
          <Content><ParaText id="...">Welcome to meeting number 53 ...</ParaText> ...

- **each** ``<ParaText>`` of an ``<Intervention>``'s ``<Content>`` is a paragraph of the intervention's
  speaker, written once as ``Name: text`` (a speaker's consecutive paragraphs are one turn). The name is
  the ``<Affiliation>`` of ``<PersonSpeaking>`` as printed, without its closing note in brackets
  (``Mr. Dean Del Mastro (Peterborough, Cons. Ind.)`` is ``Mr. Dean Del Mastro``; ``The Chair (Mr. Lloyd
  Longfield (Guelph, Lib.))`` is ``The Chair``); that note (riding and party, a minister's office, a
  witness's organisation, and a note after the affiliation such as ``(for the Minister of Finance)``) is
  the speaker's, listed in the ``speaker_qualifiers`` attribute (``Mr. Dean Del Mastro: Peterborough,
  Cons. Ind.``) as for any label with a note; a speaker printed with different notes keeps every distinct
  one, in order, joined with `` | ``. ``Questioner``/``Responder`` (written questions) name the
  speaker as ``PersonSpeaking`` does;
- **interjections** printed inside a speech, ``<ParaText><B>Some hon. members:</B> Oh, oh!</ParaText>``
  (a ``<B>`` or ``<Affiliation>`` opening the paragraph, its label closed by a colon), are a paragraph of
  that voice; the speech goes on as the intervention's speaker's after it;
- **nobody's lines** (a turn without speaker, role ``other``, as a stage direction or a section heading):
  titles (``OrderOfBusinessTitle``, ``SubjectOfBusinessTitle``, ``SubjectOfBusinessQualifier``),
  ``<ProceduralText>`` (``Bill C-2. Second reading``, ``(Motions deemed adopted ...)``), ``<Timestamp>``
  as printed (``(1630)``), ``<FloorLanguage>`` (``[Translation]``), ``<Prayer>``, a ``<ParaText>`` outside
  any intervention (``The House met at 10 a.m.``, ``(The House divided on the motion ...)``), and a
  ``<Division>``: its number, then per side its heading and the members' names joined with commas and
  its total. ``<CatchLine>`` (the running head repeating a heading) is page furniture;
- **times**: a ``<Timestamp Hr="16" Mn="30">`` is the time of the next paragraph spoken, as a clock time
  in seconds after midnight of the sitting day (57,600 s; Hansard's ``Hr="25"`` after midnight counts on);
- **attributes** from ``<ExtractedInformation>``: ``date`` (``MetaDateNumYear``/``Month``/``Day`` as
  ``2023-09-20``, else the ``Date`` as printed), ``category`` (``DEBATES``, ``Committee``), ``institution``,
  ``parliament``, ``session``, ``number`` (the issue, ``MetaNumberNumber``; a committee's ``meeting``, without
  leading zeros), ``committee`` and
  ``committee_acronym`` for committee evidence, ``volume``, ``presiding`` (``SpeakerName``),
  ``language`` (``xml:lang``), ``title`` (``DocumentName``), ``start_page``; every item no attribute holds
  (``MetaCreationTime`` ..., a second value of an item) as written in ``extracted_items``;
- **roles** (``labels=`` wins): the presiding officer (``The Speaker``, ``The Deputy Speaker``, ``The
  Acting Speaker``, ``The Chair``, ``The Vice-Chair``, ``Le Président``, ``La présidente`` ...) puts the
  questions, an interviewer. In committee evidence the members who question the witnesses are
  interviewers too, and the witnesses respondents: an ``Affiliation`` of ``Type="28"``, the type
  ourcommons.ca gives a witness (as openparliament.ca reads it; the types are not documented), or a
  speaker the file prints with it. ``Type="26"``/``"27"`` (analysts, clerks), the clerk printed by
  office whatever the type (``The Clerk of the Committee``, ``Le greffier``) and voices of several
  (``Some hon. members``, ``An hon. member``, ``Des voix``) are ``other``. In the Debates every member is
  a respondent (as in a focus group the moderator presides).

A ``<Hansard>`` without ``<HansardBody>``, or one with nothing spoken, is RK167; a ``<PersonSpeaking>``
naming nobody is RK168 (each with the line). A ``<Timestamp>`` whose ``Hr``/``Mn`` are no clock time is
incidental metadata, not structure: the next paragraph gets no time, the printed ``(1675)`` stays a line,
and each such value is named in a note with the file and line (:mod:`researchkit.io.parltimes`);
:func:`clock_seconds`, the strict reading, refuses it (RK169).

Examples
--------
>>> from researchkit.transcripts import Source
>>> data = ('<Hansard xml:lang="EN"><ExtractedInformation><ExtractedItem Name="MetaDocumentCategory">Committee'
...         '</ExtractedItem></ExtractedInformation><HansardBody><SubjectOfBusinessContent>'
...         '<Timestamp Hr="16" Mn="30">(1630)</Timestamp><Intervention><PersonSpeaking><Affiliation Type="35">'
...         'The Chair (Mr. Lloyd Longfield (Guelph, Lib.))</Affiliation>: </PersonSpeaking><Content>'
...         '<ParaText>Welcome, Ms. Wong.</ParaText></Content></Intervention><Intervention><PersonSpeaking>'
...         '<Affiliation Type="28">Ms. Cherie Wong (Executive Director, Alliance Canada Hong Kong)</Affiliation>: '
...         '</PersonSpeaking><Content><ParaText>Thank you, Chair.</ParaText></Content></Intervention>'
...         '</SubjectOfBusinessContent></HansardBody></Hansard>').encode()
>>> t = read_hansard_xml("SRSR-53.xml", data, doc_id="SRSR-53", source=Source("SRSR-53.xml", "0"))
>>> [(turn.speaker, turn.role, turn.timestamp, t.turn_text(turn)) for turn in t.turns if turn.speaker]
[('The Chair', 'interviewer', 59400.0, 'Welcome, Ms. Wong.'), ('Ms. Cherie Wong', 'respondent', None, 'Thank you, Chair.')]
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.limits import check_unit_count, count_tags
from researchkit.io.parltimes import BadTimes
from researchkit.io.xmlsafe import element_text, expect_root, local_name, parse_xml
from researchkit.io.xmlstray import stray_note, stray_text
from researchkit.transcripts import Source, Transcript

__all__ = ["read_hansard_xml", "split_affiliation", "interjection", "clock_seconds", "hansard_roles"]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Elements that name the speaker of the intervention around them.
SPEAKER_ELEMENTS = frozenset({"PersonSpeaking", "Questioner", "Responder"})
#: Elements that are paragraphs of speech (of the current speaker, else nobody's).
PARAGRAPHS = frozenset({"ParaText", "ThroneSpeechPara"})
#: Elements printed as a line of their own that nobody speaks.
NOBODYS = frozenset({"OrderOfBusinessTitle", "SubjectOfBusinessTitle", "SubjectOfBusinessQualifier", "ProceduralText",
                     "FloorLanguage", "Prayer", "Timestamp", "QuestionID", "DivisionNumber"})
#: The presiding officer of the House or a committee, as printed (English and French).
PRESIDING = re.compile(
    r"(?:The|Le|La)\s+(?:(?:Acting|Deputy|Assistant\s+Deputy|Joint)\s+)?"
    r"(?:Speaker|Chair|Chairman|Chairwoman|Chairperson|Vice-Chair|Co-Chair"
    r"|(?:vice-|co-?)?pr[ée]sidente?(?:\s+suppl[ée]ante?|\s+adjointe?)?)\b", re.IGNORECASE)
#: Voices of several, or of one the record does not name.
GROUP_VOICES = re.compile(r"(?:Some|Several|All|An|A)\s+hon\.\s+members?\b|(?:Des|Une|Plusieurs)\s+voix\b"
                          r"|(?:Un|Une|Des)\s+(?:hon\.\s+)?d[ée]put[ée]e?s?\b|Members\b", re.IGNORECASE)
#: ``Affiliation/@Type`` values ourcommons.ca gives committee witnesses, and analysts and clerks.
WITNESS_TYPES = frozenset({"28"})
STAFF_TYPES = frozenset({"26", "27"})
#: The committee's clerk printed by office (``The Clerk of the Committee (Mr. Michael MacPherson)``, ``Le greffier``,
#: ``La greffière``), whatever the ``Affiliation`` type: staff, as ``Type="26"``/``"27"``.
STAFF_NAMES = re.compile(r"(?:The|Le|La)\s+(?:Acting\s+|Legislative\s+|Law\s+)?(?:Clerk|greffi[eè]re?)\b", re.IGNORECASE)


def split_affiliation(printed: str) -> tuple[str, str]:
    """A printed speaker into the name and its closing note in brackets (which may hold brackets itself).

    Examples
    --------
    >>> split_affiliation("The Chair (Mr. Lloyd Longfield (Guelph, Lib.))")
    ('The Chair', 'Mr. Lloyd Longfield (Guelph, Lib.)')
    >>> split_affiliation("Hon. Candice Bergen (Minister of State (Social Development), CPC)")
    ('Hon. Candice Bergen', 'Minister of State (Social Development), CPC')
    >>> split_affiliation("The Speaker")
    ('The Speaker', '')
    """
    printed = " ".join(printed.split())
    if not printed.endswith(")"):
        return printed, ""
    depth = 0
    for index in range(len(printed) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(printed[index], 0)
        if depth == 0:
            name = printed[:index].strip()
            return (name, printed[index + 1 : -1].strip()) if name else (printed, "")
    return printed, ""  # unbalanced: kept whole


def clock_seconds(path: str | Path, element) -> float | None:
    """A ``<Timestamp Hr Mn>`` as seconds after midnight of the sitting day; ``None`` without ``Hr``.

    The strict reading, for a caller that wants a bad time refused; :func:`read_hansard_xml` leaves such a
    time out instead, keeps the turn and names the value in a note (:mod:`researchkit.io.parltimes`).

    Raises
    ------
    TranscriptError
        RK169 when ``Hr`` or ``Mn`` is no number of hours (0-47) or minutes (0-59).

    Examples
    --------
    >>> from lxml import etree
    >>> clock_seconds("x.xml", etree.fromstring('<Timestamp Hr="25" Mn="05">(2505)</Timestamp>'))
    90300.0
    """
    try:
        return _timestamp_seconds(element)
    except ValueError:
        raise TranscriptError("RK169", path, f"the time Hr={element.get('Hr')!r} Mn={element.get('Mn')!r} is no clock time "
                              "(hours 0-47, minutes 0-59)", location=f"line {element.sourceline}, <Timestamp>",
                              hint="correct the Hr and Mn attributes (Hr=\"16\" Mn=\"30\" for 16:30), or remove them") from None


def _timestamp_seconds(element) -> float | None:
    """A ``<Timestamp Hr Mn>`` in seconds, ``None`` without ``Hr`` (ValueError when no clock time)."""
    hours, minutes = (element.get("Hr") or "").replace(" ", ""), (element.get("Mn") or "0").replace(" ", "")
    if not hours:
        return None
    if not (hours.isdigit() and minutes.isdigit() and int(hours) < 48 and int(minutes) < 60):
        raise ValueError(hours, minutes)
    return float(int(hours) * 3600 + int(minutes) * 60)


def interjection(paragraph) -> tuple[str, str] | None:
    """The voice and the words of a paragraph that opens with a bold label (``<B>Some hon. members:</B> Oh, oh!``).

    Examples
    --------
    >>> from lxml import etree
    >>> interjection(etree.fromstring('<ParaText><B>Some hon. members:</B> Oh, oh!</ParaText>'))
    ('Some hon. members', 'Oh, oh!')
    >>> interjection(etree.fromstring('<ParaText><B>Some hon. members</B>: Agreed.</ParaText>'))
    ('Some hon. members', 'Agreed.')
    >>> interjection(etree.fromstring('<ParaText>The <B>bill</B>: read.</ParaText>')) is None
    True
    """
    if (paragraph.text or "").strip() or not len(paragraph):
        return None
    first = paragraph[0]
    if local_name(first) not in {"B", "Affiliation"}:
        return None
    label, tail = element_text(first), (first.tail or "").lstrip()
    if label.endswith(":"):
        label = label[:-1].rstrip()
    elif tail.startswith(":"):
        tail = tail[1:]
    else:
        return None
    if not label or not label[0].isupper():
        return None
    rest = [tail] + ["".join(e.itertext()) + (e.tail or "") for e in list(paragraph)[1:]]
    words = " ".join("".join(rest).split())
    return (label, words) if words else None


def hansard_roles(speakers: Mapping[str, set[str]], committee: bool) -> dict[str, str]:
    """Each speaker's role from the printed name and the ``Affiliation`` types it was printed with (module docstring).

    Examples
    --------
    >>> hansard_roles({"The Chair": {"35"}, "Mr. Ben Lobb": {"2"}, "Ms. Cherie Wong": {"28"}, "Some hon. members": set()}, True)
    {'The Chair': 'interviewer', 'Mr. Ben Lobb': 'interviewer', 'Ms. Cherie Wong': 'respondent', 'Some hon. members': 'other'}
    >>> hansard_roles({"The Speaker": {"15"}, "Hon. Hedy Fry": {"2"}}, False)
    {'The Speaker': 'interviewer', 'Hon. Hedy Fry': 'respondent'}
    >>> hansard_roles({"The Clerk of the Committee": set(), "La coprésidente": set()}, True)
    {'The Clerk of the Committee': 'other', 'La coprésidente': 'interviewer'}
    """
    roles: dict[str, str] = {}
    for name, types in speakers.items():
        if PRESIDING.match(name):
            roles[name] = "interviewer"
        elif GROUP_VOICES.match(name) or STAFF_NAMES.match(name) or (types & STAFF_TYPES and not types & WITNESS_TYPES):
            roles[name] = "other"
        elif committee:
            roles[name] = "respondent" if types & WITNESS_TYPES else "interviewer"
        else:
            roles[name] = "respondent"
    return roles


_ITEMS = (("MetaNumberNumber", "number"), ("Number", "number"), ("MetaVolumeNumber", "volume"), ("Volume", "volume"), ("ParliamentNumber", "parliament"),
          ("SessionNumber", "session"), ("SpeakerName", "presiding"), ("InstitutionDebate", "institution"),
          ("MetaDocumentCategory", "category"))


def _attributes(root) -> dict:
    """The sitting's attributes from ``<ExtractedInformation>``, the root and the title (module docstring)."""
    items: dict[str, str] = {}
    every: list[tuple[str, str]] = []  # every item with words, in order, for those not read below
    for item in (e for e in root.iter() if local_name(e) == "ExtractedItem"):
        name, value = (item.get("Name") or "").strip(), element_text(item)
        if value:
            every.append((name, value))
        if name and value:
            items.setdefault(name, value)
    attributes: dict = {}
    for key, attribute in _ITEMS:
        if items.get(key):
            attributes.setdefault(attribute, items[key])
    day, month, year = (items.get(f"MetaDateNum{part}", "") for part in ("Day", "Month", "Year"))
    if day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4:
        attributes["date"] = f"{year}-{int(month):02d}-{int(day):02d}"
    elif items.get("Date"):
        attributes["date"] = items["Date"]
    if items.get("MetaDocumentCategory", "").casefold() == "committee":
        attributes["committee"] = items.get("InstitutionDebateEn") or items.get("InstitutionDebate", "")
        if items.get("Acronyme"):
            attributes["committee_acronym"] = items["Acronyme"]
        number = attributes.pop("number", "")
        if number:
            attributes["meeting"] = number.lstrip("0") or number
        attributes = {k: v for k, v in attributes.items() if v}
    if root.get(XML_LANG):
        attributes["language"] = root.get(XML_LANG).lower()
    for name, attribute in (("DocumentName", "title"), ("StartPageNumber", "start_page")):
        found = next((element_text(e) for e in root.iter() if local_name(e) == name and element_text(e)), "")
        if found:
            attributes[attribute] = found
    read = set(attributes.values())
    if "date" in attributes and attributes["date"] != items.get("Date"):
        read |= {day, month, year}
    rest = [(name, value) for name, value in every if value not in read]
    if rest:  # the items no attribute above holds: kept, as the publisher wrote them, in one attribute
        attributes["extracted_items"] = "; ".join(f"{name or '?'}: {value}" for name, value in rest)
    return attributes


def _division(element) -> list[str]:
    """A recorded division as lines: its number, then per side the heading, the names joined with commas, the total."""
    lines: list[str] = []
    for child in (c for c in element if isinstance(c.tag, str)):
        if local_name(child) != "DivisionType":
            if element_text(child):
                lines.append(element_text(child))
            continue
        names = [element_text(e) for e in child if local_name(e) == "Affiliation" and element_text(e)]
        heading = [element_text(e) for e in child if local_name(e) in {"Type", "Title"} and element_text(e)]
        rest = [element_text(e) for e in child if local_name(e) not in {"Type", "Title", "Affiliation"} and element_text(e)]
        lines.append(" ".join(heading + ([", ".join(names)] if names else []) + rest))
    return [line for line in lines if line]


def _division_reads_whole(element) -> bool:
    """Whether :func:`_division` reads the element's text whole: all but a ``<DivisionType>`` (its children are)."""
    return local_name(element) != "DivisionType" or local_name(element.getparent()) == "DivisionType"


#: Elements outside ``<HansardBody>`` read for the attributes (:func:`_attributes`).
_METADATA = frozenset({"ExtractedItem", "DocumentName", "StartPageNumber"})


class _Walk:
    """The body in reading order as paragraphs, with the speakers met and what was noted."""

    def __init__(self, path: str | Path) -> None:
        self.path = path
        self.paragraphs: list[RawParagraph] = []
        self.types: dict[str, set[str]] = {}  # speaker -> Affiliation types printed with it
        self.qualifiers: dict[str, list[str]] = {}  # speaker -> every distinct note in brackets, in order
        self.pending: float | None = None  # the last <Timestamp>, for the next paragraph spoken
        self.bad_times = BadTimes(path)
        self.spoken = 0
        self.unnamed = 0  # interventions whose speech nobody is named for
        self.unknown: dict[str, int] = {}
        self.strays: list[tuple[int | None, str, str]] = []  # text in places the walk does not read (a note)

    def line(self, text: str, where: str, *, furniture: str = "") -> None:
        if text:
            self.paragraphs.append(RawParagraph(text, where, heading=not furniture, furniture=furniture))

    def speech(self, speaker: str, text: str, where: str) -> None:
        if text:
            self.paragraphs.append(RawParagraph(text, where, speaker=speaker, timestamp=self.pending))
            self.pending = None
            self.spoken += 1

    def person(self, element) -> str:
        """The speaker a ``<PersonSpeaking>`` names (RK168 when none), with its note and type remembered."""
        affiliation = next((e for e in element if local_name(e) == "Affiliation"), None)
        printed = element_text(affiliation) if affiliation is not None else element_text(element).rstrip(": ")
        name, note = split_affiliation(printed)
        after = " ".join((affiliation.tail or "").split()).strip(": ") if affiliation is not None else ""
        if after.startswith("(") and after.endswith(")"):
            after = after[1:-1].strip()
        note = "; ".join(n for n in (note, after) if n)
        if affiliation is not None:  # the element's own text and other children beside the <Affiliation> read
            self.strays += stray_text(element, lambda e: e is affiliation, tails_read=(affiliation,))
        if not name:
            raise TranscriptError("RK168", self.path, f"<{local_name(element)}> names no speaker (no <Affiliation> text)",
                                  location=f"line {element.sourceline}, <{local_name(element)}>",
                                  hint="write the speaker's name as printed in its <Affiliation>, or remove the empty element")
        self.types.setdefault(name, set())
        if affiliation is not None and affiliation.get("Type"):
            self.types[name].add(affiliation.get("Type").strip())
        if note and note not in self.qualifiers.setdefault(name, []):
            self.qualifiers[name].append(note)
        return name

    def paragraph(self, element, speaker: str | None) -> None:
        where = f"<{local_name(element)}> line {element.sourceline}"
        voice = interjection(element)
        if voice is not None:
            self.types.setdefault(voice[0], set())
            self.speech(voice[0], voice[1], where)
        elif speaker is not None:
            self.speech(speaker, element_text(element), where)
        else:
            self.line(element_text(element), where)

    def run(self, body) -> None:
        # (element, speaker of the intervention around it); iterative, so deep nesting cannot overflow the stack
        if (body.text or "").strip():
            self.line(" ".join(body.text.split()), f"<{local_name(body)}> line {body.sourceline}")
        stack: list[tuple[object, str | None]] = self._children(body, None)
        while stack:
            element, speaker = stack.pop()
            if isinstance(element, _Tail):
                self.line(element.text, f"text after line {element.sourceline}")
                continue
            name = local_name(element)
            where = f"<{name}> line {element.sourceline}"
            if name in PARAGRAPHS:
                self.paragraph(element, speaker)
            elif name == "Timestamp":
                try:
                    self.pending = _timestamp_seconds(element)
                except ValueError:  # incidental metadata: the time left out, the turn kept, the value noted
                    self.pending = None
                    self.bad_times.add(element.sourceline, "Timestamp", f"Hr={element.get('Hr')!r} Mn={element.get('Mn')!r}")
                self.line(element_text(element), where)
            elif name in NOBODYS:
                self.line(element_text(element), where)
            elif name == "CatchLine":
                self.line(element_text(element), where, furniture="running header")
            elif name == "Division":
                for text in _division(element):
                    self.line(text, where)
                self.strays += stray_text(element, _division_reads_whole)
            elif name == "Intervention" or any(isinstance(c.tag, str) for c in element):
                if name == "Intervention":
                    speaker = None
                    self.unnamed += not any(local_name(c) in SPEAKER_ELEMENTS for c in element)
                if (element.text or "").strip():
                    self.line(" ".join(element.text.split()), where)
                stack.extend(self._children(element, speaker))
            elif element_text(element):  # an element this reader does not know: its words kept, as speech if spoken
                self.unknown[name] = self.unknown.get(name, 0) + 1
                if speaker is not None:
                    self.speech(speaker, element_text(element), where)
                else:
                    self.line(element_text(element), where)

    def _children(self, element, speaker: str | None) -> list:
        """The children to walk, last first (a stack), each with its speaker: a ``<PersonSpeaking>`` (or
        ``Questioner``/``Responder``) names the speaker of the elements after it; text between them is kept."""
        items: list = []
        for child in element:
            if not isinstance(child.tag, str):
                continue
            if local_name(child) in SPEAKER_ELEMENTS:
                speaker = self.person(child)
            else:
                items.append((child, speaker))
            tail = " ".join((child.tail or "").split())
            if tail and not (local_name(child) in SPEAKER_ELEMENTS and not tail.strip(":")):
                items.append((_Tail(tail, child.sourceline), speaker))
        return items[::-1]


class _Tail:
    """Text after an element, at a level where no paragraph holds it (kept as a line of nobody's)."""

    def __init__(self, text: str, line: int) -> None:
        self.text, self.sourceline = text, line


def read_hansard_xml(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
) -> Transcript:
    """Read a House of Commons of Canada Hansard or committee Evidence XML file from its bytes (module docstring).

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
        RK121 for XML that is not well-formed; RK167 without ``<HansardBody>`` or with nothing spoken;
        RK168 for a ``<PersonSpeaking>`` naming nobody. A ``<Timestamp>`` that is no clock time is left out and
        noted, not refused.
    """
    check_unit_count(path, count_tags(data, b"ParaText", b"Intervention", b"ProceduralText", b"Timestamp"),
                     "paragraphs and interventions (<ParaText>, <Intervention>, <ProceduralText>, <Timestamp>)")
    root = parse_xml(path, data)
    expect_root(path, root, "Hansard", code="RK167", what="Hansard XML's <Hansard>", hint="check that this is a Hansard XML file")
    body = next((e for e in root if local_name(e) == "HansardBody"), None)
    if body is None:
        raise TranscriptError("RK167", path, "the Hansard XML has no <HansardBody> (the record of the sitting)",
                              location=f"line {root.sourceline}, <Hansard>",
                              hint="download the publication's XML again from ourcommons.ca; a table of contents alone is no transcript")
    walk = _Walk(path)
    walk.run(body)
    if walk.spoken == 0:
        raise TranscriptError("RK167", path, "the <HansardBody> holds no <Intervention> with words (nothing is spoken in it)",
                              location=f"line {body.sourceline}, <HansardBody>",
                              hint="check that the file is the sitting's or meeting's record, not an index or an empty draft")
    attributes = _attributes(root)
    committee = attributes.get("category", "").casefold() == "committee"
    roles = hansard_roles(walk.types, committee)
    notes = []
    if walk.bad_times.note():
        notes.append(walk.bad_times.note())
    if walk.unnamed:
        notes.append(f"{walk.unnamed} <Intervention>(s) without <PersonSpeaking>: their paragraphs are nobody's lines")
    if walk.unknown:
        shown = ", ".join(f"<{name}> ({count})" for name, count in sorted(walk.unknown.items()))
        notes.append(f"elements this reader does not know, their words kept: {shown}")
    strays = stray_text(root, lambda e: e is body or local_name(e) in _METADATA) + walk.strays
    if strays:
        notes.append(stray_note(strays))
    if walk.qualifiers:
        attributes["speaker_qualifiers"] = "; ".join(f"{name}: {' | '.join(notes)}" for name, notes in walk.qualifiers.items() if notes)
        notes.append("each speaker's note in brackets (riding and party, office, organisation) is in the "
                     "'speaker_qualifiers' attribute, not in the speaker's name")
    return assemble(doc_id, walk.paragraphs, labels={**roles, **(labels or {})}, attributes=attributes,
                    source=Source(source.path, source.sha256, "hansardxml", "utf-8"), notes=notes)

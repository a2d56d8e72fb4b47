"""Reader for the Parliament of Australia's Hansard XML from ParlInfo (``.xml`` whose root is ``<hansard>``).

ParlInfo (``parlinfo.aph.gov.au``) publishes each sitting day of the House of Representatives,
the Senate and the Federation Chamber as XML (the "Download XML" link). Two schemas are in use,
both confirmed from files kept as test data by OpenAustralia (openaustralia/openaustralia-parser,
``spec/fixtures/duplicate-times.xml``, ``spec/fixtures/bad-dates.xml``, its tests of 2.0/2.1
speeches and divisions) and from parsers of the corpus (schema versions 2.0/2.1 to 2013, 2.2 since
2014)::

    <hansard version="2.2">
      <session.header><date>2013-06-26</date><parliament.no>43</parliament.no><session.no>1</session.no>
        <period.no>9</period.no><chamber>House of Reps</chamber><page.no>0</page.no><proof>0</proof></session.header>
      <chamber.xscript>
        <business.start><body><p class="HPS-Normal">The SPEAKER (Ms Anna Burke) took the chair at 09:00 ...
        <debate><debateinfo><title>QUESTIONS WITHOUT NOTICE</title> ...
          <subdebate.1><subdebateinfo><title>Carbon Pricing</title> ...
            <question><talk.start><talker><time.stamp/><name role="metadata">Abbott, Tony, MP</name><name.id>EZ5</name.id>
                <electorate>Warringah</electorate><party>LP</party></talker></talk.start>
              <talk.text><body><p class="HPS-Normal"><span class="HPS-Normal"><a href="EZ5" type="MemberQuestion">
                <span class="HPS-MemberQuestion">Mr ABBOTT</span></a> (<span class="HPS-Electorate">Warringah</span>—
                <span class="HPS-MinisterialTitles">Leader of the Opposition</span>) (<span class="HPS-Time">14:08</span>): Speaker, ...

In 2.0/2.1 a talk element's first ``<para>`` is inside ``<talk.start>`` after the ``<talker>`` (which has
``<name role="display">Mr HOWARD</name>``, ``<role>``, a ``<time.stamp>``), and the speaker's words go on
in ``<para>``; an ``<interjection>`` or ``<continue>`` is an element of its own with its talker.

- **speeches**: ``<speech>``, ``<question>``, ``<answer>``, ``<interjection>`` and ``<continue>`` are turns
  of their talker; each ``<para>`` or ``<p>`` a paragraph (a speaker's consecutive paragraphs are one turn,
  written once as ``Name: text``). In 2.2 a paragraph opening with a speaker's link
  (``<a href="83L" type="MemberContinuation">Ms GILLARD:</a>``, ``OfficeContinuation``, ``MemberInterjecting``)
  is that speaker's, and the paragraphs after it too, while the printed label, the electorate,
  office and time in brackets after it and the colon are taken off the words (kept as the turn's
  speaker, qualifiers and time). Every speaker is named as printed (``Mr ABBOTT``, ``The SPEAKER``), one
  name a ``name.id`` across the file (a continuation names the speaker by the id of the talker);
  a talker printed nowhere keeps its metadata name (``PRESIDENT, The`` as ``The PRESIDENT``);
- **speaker qualifiers**: the talker's ``<electorate>``, ``<party>`` and office (2.1 ``<role>``, 2.2
  ``HPS-MinisterialTitles``), in the ``speaker_qualifiers`` attribute (``Mr ABBOTT: Warringah, LP, Leader
  of the Opposition``); each speaker's ``name.id`` (the Parliamentary Handbook's id) in ``speaker_ids``;
- **nobody's lines** (a turn without speaker, role ``other``): the debate and subdebate titles
  (``debateinfo``/``subdebateinfo``; the same title printed again in ``debate.text`` once only), the
  ``business.start`` lines, paragraphs outside any talk element, an interjection printed as a stage
  direction (``Mrs Bronwyn Bishop interjecting—``, ``Opposition members interjecting—``), a paragraph in
  italics (``Honourable senators having stood in their places—``) and a ``<division>``: its header,
  each side as ``AYES (3): Bloggs, Joe*; Smith, Henry`` and its result (a Speaker's casting vote inside
  it stays the Speaker's);
- **times**: a talker's ``<time.stamp>`` (2.0/2.1, ``14:08:00``), else the time printed after the
  speaker's name (2.2, ``(14:08)``), is the time of the turn's first paragraph, in seconds after midnight;
- **attributes** from ``<session.header>``: ``date``, ``chamber`` (``House of Reps``, ``Senate``),
  ``parliament``, ``session``, ``period``, ``proof`` (``1``: a proof, not yet the official record; noted),
  and ``schema_version`` (the root's ``version``); the debates' ``<type>`` values in ``debate_types``; the
  other names talkers give a speaker (metadata, display, a printed label) in ``speaker_other_names``;
- **nothing dropped**: text the reader does not read (in a container, after an element, a bookkeeping
  element whose value is not of its shape, words between a 2.2 label and the speech that are no
  qualifier or time) is named in a note with its line and element (:mod:`researchkit.io.xmlstray`);
- **roles** (``labels=`` wins): the presiding officer (``The SPEAKER``, ``The DEPUTY SPEAKER``, ``The
  PRESIDENT``, ``The ACTING DEPUTY PRESIDENT``, ``The CHAIR``; ``name.id`` ``10000``) puts the questions,
  an interviewer. In question time (``QUESTIONS WITHOUT NOTICE``, and questions on notice) a member who
  asks (``<question>``, ``MemberQuestion``) is an interviewer and the minister who answers (``<answer>``,
  ``MemberAnswer``) a respondent; a speaker keeps one role for the whole sitting, so a member who asks
  in question time is an interviewer in the day's debates too (give ``labels=`` to change it). Every
  other speaker is a respondent; voices of several (``Honourable members``, ``Opposition members``) other.

A file without ``<chamber.xscript>`` (nor ``<fedchamb.xscript>``, ``<maincomm.xscript>``, ``<answers.to.questions>``)
is RK155; one with nothing spoken in it RK153 (each with the line and element). A ``<time.stamp>`` or a
printed ``(14:08)`` that is no clock time is incidental metadata, not structure: the turn is kept without
it and each such value named in a note with the file, line and element (:mod:`researchkit.io.parltimes`).

Examples
--------
>>> from researchkit.transcripts import Source
>>> data = ('<hansard version="2.1"><session.header><date>2008-09-25</date><chamber>SENATE</chamber></session.header>'
...         '<chamber.xscript><debate><debateinfo><title>QUESTIONS WITHOUT NOTICE</title></debateinfo><question><talk.start>'
...         '<talker><time.stamp>14:00:00</time.stamp><name role="metadata">Brown, Sen Bob</name><name.id>2K6</name.id>'
...         '<name role="display">Senator BOB BROWN</name><electorate>TAS</electorate><party>AG</party></talker><para>—My question'
...         ' is to the minister.</para></talk.start></question><answer><talk.start><talker><name.id>BV8</name.id><name '
...         'role="display">Senator CONROY</name><role>Minister</role></talker><para>—I thank the senator.</para></talk.start>'
...         '</answer></debate></chamber.xscript></hansard>').encode()
>>> t = read_parlinfo("2008-09-25.xml", data, doc_id="d", source=Source("2008-09-25.xml", "0"))
>>> [(turn.speaker, turn.role, turn.timestamp, t.turn_text(turn)) for turn in t.turns if turn.speaker]
[('Senator BOB BROWN', 'interviewer', 50400.0, 'My question is to the minister.'), ('Senator CONROY', 'respondent', None, 'I thank the senator.')]
>>> t.attributes["speaker_qualifiers"]
'Senator BOB BROWN: TAS, AG; Senator CONROY: Minister'
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.limits import check_unit_count, count_tags
from researchkit.io.parltimes import BadTimes
from researchkit.io.xmlsafe import child, element_text, expect_root, local_name, parse_xml
from researchkit.io.xmlstray import stray_note, stray_text
from researchkit.transcripts import Source, Transcript

__all__ = ["read_parlinfo", "parlinfo_roles", "speaker_label", "TALK"]

#: Elements that are a talker's turn.
TALK = frozenset({"speech", "question", "answer", "interjection", "continue"})
#: Elements that hold a record of the sitting.
RECORDS = frozenset({"chamber.xscript", "fedchamb.xscript", "maincomm.xscript", "answers.to.questions"})
#: Paragraph elements of both schemas.
PARAGRAPHS = frozenset({"para", "p"})
#: Elements that hold bookkeeping, not words.
SILENT = frozenset({"page.no", "type", "id.no", "time.stamp", "day.start", "session.header", "talker", "num.votes"})
#: 2.2 link types that name who speaks the paragraph.
SPEAKING_LINKS = re.compile(r"^(?:Member|Office)(?:Speech|Question|Answer|Continuation|Witness)$")
#: The presiding officer as printed or as metadata.
PRESIDING = re.compile(r"^(?:The\s+)?(?:(?:ACTING|DEPUTY|TEMPORARY|ASSISTANT)\s+)*(?:SPEAKER|PRESIDENT|CHAIR|CHAIRMAN)\b"
                       r"(?:\s+OF\s+COMMITTEES)?(?:,\s*The)?(?:\s*\(.*\))?$", re.IGNORECASE)
PRESIDING_ID = "10000"
GROUP_VOICES = re.compile(r"^(?:Honourable|Opposition|Government|Several|Some|An|A)\s+(?:members?|senators?)\b|^Members\b",
                          re.IGNORECASE)
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\s*([AaPp])\.?\s*[Mm]\.?)?")
#: Elements below which a container's words are walked, not read as one line.
_STRUCTURE = TALK | PARAGRAPHS | {"division", "debateinfo", "subdebateinfo"}
_PRINTED_TIME = re.compile(r"\((\d{1,2}):(\d{2})\)")
#: What follows a 2.2 speaker's label before the words: bracket groups (one level of nesting) and a colon.
_AFTER_LABEL = re.compile(r"\s*(?:\((?:[^()]|\([^()]*\))*\)\s*)*[:\u2014-]?\s*")
#: Bookkeeping elements and the shape of their values: a value of that shape is bookkeeping, any other is named in a note.
_BOOKKEEPING = {"page.no": re.compile(r"\d*"), "id.no": re.compile(r"[\w./-]*"), "in.gov": re.compile(r"[01]?"),
                "first.speech": re.compile(r"[01]?"), "day.start": re.compile(r"(?:\d{4}-\d{2}-\d{2})?"),
                "time.stamp": re.compile(f"(?:{_TIME.pattern})?")}
#: A talker's fields this reader reads (speaker, id, qualifiers, time).
_TALKER_FIELDS = frozenset({"name", "name.id", "electorate", "party", "role", "time.stamp"})
#: The session header's fields read as attributes.
_HEADER_FIELDS = {"date": "date", "chamber": "chamber", "parliament.no": "parliament", "session.no": "session",
                  "period.no": "period", "proof": "proof"}


def speaker_label(metadata: str) -> str:
    """A metadata name in the display order ParlInfo prints offices in (``PRESIDENT, The`` -> ``The PRESIDENT``).

    Examples
    --------
    >>> speaker_label("SPEAKER, The"), speaker_label("Abbott, Tony, MP")
    ('The SPEAKER', 'Abbott, Tony, MP')
    """
    metadata = " ".join(metadata.split())
    if metadata.endswith(", The"):
        return "The " + metadata[: -len(", The")]
    return metadata


def parlinfo_roles(speakers: Mapping[str, set[str]]) -> dict[str, str]:
    """Each speaker's role from the name and what it did (``ask``, ``answer``, ``preside``) (module docstring).

    Examples
    --------
    >>> parlinfo_roles({"The SPEAKER": set(), "Mr ABBOTT": {"ask"}, "Ms GILLARD": {"answer"}, "Mr KATTER": set(),
    ...                 "Opposition members": set()})
    {'The SPEAKER': 'interviewer', 'Mr ABBOTT': 'interviewer', 'Ms GILLARD': 'respondent', 'Mr KATTER': 'respondent', 'Opposition members': 'other'}
    """
    roles: dict[str, str] = {}
    for name, did in speakers.items():
        if PRESIDING.match(name) or "preside" in did or ("ask" in did and "answer" not in did):
            roles[name] = "interviewer"
        elif GROUP_VOICES.match(name):
            roles[name] = "other"
        else:
            roles[name] = "respondent"
    return roles


def _clock(value: str) -> float | None:
    """A ``<time.stamp>``'s value as seconds after midnight; ``None`` when empty (ValueError when it is no clock time).

    Examples
    --------
    >>> _clock("14:08:00"), _clock("2.15 pm"), _clock("")
    (50880.0, 51300.0, None)
    """
    if not value:
        return None
    match = _TIME.fullmatch(value)
    hours = int(match.group(1)) if match else 99
    if match and match.group(4):
        if hours > 12 or hours == 0:
            match = None
        else:
            hours = hours % 12 + (12 if match.group(4).lower() == "p" else 0)
    if match is None or hours >= 48 or int(match.group(2)) >= 60 or int(match.group(3) or 0) >= 60:
        raise ValueError(value)
    return float(hours * 3600 + int(match.group(2)) * 60 + int(match.group(3) or 0))


def _italic(paragraph) -> bool:
    """Whether all the paragraph's words are set in italics (a stage direction: ``Honourable senators having stood ...``).

    Examples
    --------
    >>> from lxml import etree
    >>> _italic(etree.fromstring('<p><span><span style="font-style:italic;">Question agreed to.</span></span></p>'))
    True
    >>> _italic(etree.fromstring('<p>It is law. <span style="font-style:italic;">(Time expired)</span></p>'))
    False
    """
    if "italic" in (paragraph.get("class") or "").split():
        return True
    found = {True: False, False: False}
    stack = [(paragraph, False)]
    while stack:
        element, italic = stack.pop()
        if element is not paragraph:
            italic = italic or "italic" in (element.get("style") or "") or element.get("font-style") == "italic"
        found[italic] = found[italic] or bool((element.text or "").strip())
        for part in element:
            if isinstance(part.tag, str):
                stack.append((part, italic))
            found[italic] = found[italic] or bool((part.tail or "").strip())
    return found[True] and not found[False]


class _Names:
    """Who each ``name.id`` is, read from every talker and speaker's link in the file first."""

    def __init__(self, root) -> None:
        self.printed: dict[str, str] = {}
        self.metadata: dict[str, str] = {}
        for talker in (e for e in root.iter() if local_name(e) == "talker"):
            key = element_text(child(talker, "name.id")) if child(talker, "name.id") is not None else ""
            for name in (e for e in talker if local_name(e) == "name"):
                role, text = name.get("role") or "", element_text(name)
                if key and text and role == "display":
                    self.printed.setdefault(key, text)
                elif key and text and role == "metadata":
                    self.metadata.setdefault(key, speaker_label(text))
        for link in (e for e in root.iter() if local_name(e) == "a" and SPEAKING_LINKS.match(e.get("type") or "")):
            key, text = (link.get("href") or "").strip(), element_text(link).rstrip(":").strip()
            if key and text:
                self.printed.setdefault(key, text)

    def of(self, key: str, printed: str = "", metadata: str = "") -> str:
        return self.printed.get(key) or printed or self.metadata.get(key) or speaker_label(metadata)


class _Walk:
    """The record in reading order as paragraphs, with the speakers met and what was noted."""

    def __init__(self, path: str | Path, names: _Names) -> None:
        self.path, self.names = path, names
        self.bad_times = BadTimes(path)
        self.paragraphs: list[RawParagraph] = []
        self.did: dict[str, set[str]] = {}
        self.qualifiers: dict[str, list[str]] = {}
        self.ids: dict[str, list[str]] = {}
        self.spoken = 0
        self.unknown: dict[str, int] = {}
        self.titles: set[str] = set()
        self.read: set = set()  # elements whose text is read whole (kept alive here, so identity holds)
        self.strays: list[tuple[int | None, str, str]] = []  # words in a 2.2 speaker's label not read (a note)
        self.other_names: dict[str, list[str]] = {}  # speaker -> the talkers' other names for it (metadata, display)
        self.types: list[str] = []  # the debates' <type> values, distinct, in order

    def reads(self, element) -> object:
        """Mark the element as read whole (for :func:`researchkit.io.xmlstray.stray_text`) and return it."""
        self.read.add(element)
        return element

    def line(self, text: str, where: str) -> None:
        if text:
            self.paragraphs.append(RawParagraph(text, where, heading=True))

    def say(self, speaker: str, text: str, where: str, timestamp: float | None) -> bool:
        text = text.lstrip("\u2014-: ").strip() if text[:1] in "\u2014-:" else text
        if not text:
            return False
        self.paragraphs.append(RawParagraph(text, where, speaker=speaker, timestamp=timestamp))
        self.did.setdefault(speaker, set())
        self.spoken += 1
        return True

    def talker(self, talk) -> tuple[str | None, float | None]:
        """The talk element's speaker (remembered with qualifiers, id and what it did) and time."""
        start = child(talk, "talk.start")
        talker = child(start, "talker") if start is not None else None
        if talker is None:
            return None, None
        fields = {local_name(e) + (f"/{e.get('role')}" if e.get("role") else ""): element_text(e) for e in talker}
        self.read.update(e for e in talker if local_name(e) in _TALKER_FIELDS)
        key = fields.get("name.id", "")
        name = self.names.of(key, fields.get("name/display", ""), fields.get("name/metadata", "") or fields.get("name", ""))
        stamp = child(talker, "time.stamp")
        time = None
        if stamp is not None:
            try:
                time = _clock(element_text(stamp))
            except ValueError:  # incidental metadata: the time left out, the turn kept, the value noted
                self.bad_times.add(stamp.sourceline, "time.stamp", repr(element_text(stamp)))
        if not name:
            return None, time
        self.remember(name, key, [fields.get("electorate", ""), fields.get("party", ""), fields.get("role", "")])
        known = self.other_names.setdefault(name, [])
        for given in (e for e in talker if local_name(e) == "name"):
            other = element_text(given) if given.get("role") == "display" else speaker_label(element_text(given))
            if other and other != name and other not in known:
                known.append(other)
        if key == PRESIDING_ID:
            self.did[name].add("preside")
        if local_name(talk) in {"question", "answer"}:
            self.did[name].add("ask" if local_name(talk) == "question" else "answer")
        return name, time

    def remember(self, name: str, key: str, notes: list[str]) -> None:
        self.did.setdefault(name, set())
        if key and key.lower() not in {"", "none", "unknown"}:
            ids = self.ids.setdefault(name, [])
            if key not in ids:
                ids.append(key)
        known = self.qualifiers.setdefault(name, [])
        known.extend(n for n in notes if n and n not in known)

    def labelled(self, paragraph) -> tuple[str, str, float | None] | None:
        """A 2.2 paragraph that opens with a speaker's link: (speaker, words, printed time)."""
        link = next((e for e in paragraph.iter() if local_name(e) == "a" and SPEAKING_LINKS.match(e.get("type") or "")), None)
        if link is None:
            return None
        label, full = element_text(link), element_text(paragraph)
        if not label or not full.startswith(label):
            return None
        rest = full[len(label):]
        after = _AFTER_LABEL.match(rest)
        prefix, words = rest[: after.end()], rest[after.end():]
        key = (link.get("href") or "").strip()
        name = self.names.of(key, label.rstrip(":").strip())
        known = self.other_names.setdefault(name, [])
        if label.rstrip(":").strip() not in (name, *known):  # printed otherwise here than the speaker's name
            known.append(label.rstrip(":").strip())
        spans = {(s.get("class") or ""): element_text(s) for s in paragraph.iter() if local_name(s) == "span"}
        self.remember(name, key, [spans.get("HPS-Electorate", ""), spans.get("HPS-MinisterialTitles", "")])
        kind = link.get("type") or ""
        if kind.endswith("Question"):
            self.did[name].add("ask")
        elif kind.endswith("Answer"):
            self.did[name].add("answer")
        if key == PRESIDING_ID:
            self.did[name].add("preside")
        printed = _PRINTED_TIME.search(prefix)
        leftover = prefix
        for known in (spans.get("HPS-Electorate", ""), spans.get("HPS-MinisterialTitles", ""), printed.group(0) if printed else ""):
            leftover = leftover.replace(known, " ", 1) if known else leftover
        if re.search(r"\w", leftover):  # words between the label and the speech that are no qualifier nor time
            self.strays.append((paragraph.sourceline, local_name(paragraph), " ".join(prefix.split())))
        time = float(int(printed.group(1)) * 3600 + int(printed.group(2)) * 60) if printed and int(printed.group(1)) < 48 \
            and int(printed.group(2)) < 60 else None
        if printed and time is None:  # a printed time that is no clock time: left out, noted
            self.bad_times.add(paragraph.sourceline, local_name(paragraph), repr(printed.group(0)))
        return name, words, time

    def talk(self, talk) -> None:
        """A talk element: its talker's paragraphs, voices changed by 2.2 links, nested talk elements in order."""
        speaker, pending = self.talker(talk)
        for element, in_text in self._parts(talk):
            name = local_name(element)
            where = f"<{name}> line {element.sourceline}"
            if name in TALK:
                self.talk(element)
                continue
            if name == "division":
                self.division(element)
                continue
            self.reads(element)
            interjecting = any("Interjecting" in (s.get("class") or "") for s in element.iter() if local_name(s) == "span")
            if interjecting or _italic(element):
                self.line(element_text(element), where)
                continue
            found = self.labelled(element) if in_text else None
            if found is not None:
                speaker, words, printed = found
                pending = pending if pending is not None else printed
            else:
                words = element_text(element)
            if speaker is None:
                self.line(words, where)
            elif self.say(speaker, words, where, pending):
                pending = None

    def _parts(self, talk) -> list[tuple[object, bool]]:
        """The paragraphs and nested talk elements of a talk element, in document order (in_text: 2.2 body)."""
        parts: list[tuple[object, bool]] = []
        for element in talk:
            name = local_name(element)
            if name in TALK or name == "division":
                parts.append((element, False))
            elif name in PARAGRAPHS:
                parts.append((element, False))
            elif name in {"talk.start", "talk.text", "body"} or (name and name not in SILENT):
                nested = self._parts(element)
                in_text = name in {"talk.text", "body"}
                parts.extend((e, flag or in_text) for e, flag in nested)
                if not nested and name not in {"talk.start", "talk.text", "body"} and element_text(element):
                    self.unknown[name] = self.unknown.get(name, 0) + 1
                    parts.append((element, False))
        return parts

    def division(self, element) -> None:
        for part in element:
            name = local_name(part)
            where = f"<{name}> line {part.sourceline}"
            if name in TALK:
                self.talk(part)
            elif name == "division.data":
                for side in (e for e in part if local_name(e)):
                    names = [element_text(self.reads(n)) for n in side.iter() if local_name(n) == "name" and element_text(n)]
                    self.read.update(e for e in side if local_name(e) in {"title", "num.votes"})
                    title = element_text(child(side, "title")) if child(side, "title") is not None else local_name(side).upper()
                    votes = element_text(child(side, "num.votes")) if child(side, "num.votes") is not None else ""
                    self.line(f"{title}" + (f" ({votes})" if votes else "") + (": " + "; ".join(names) if names else ""), where)
            elif name and name not in SILENT:
                paragraphs = [p for p in part.iter() if local_name(p) in PARAGRAPHS]
                for paragraph in paragraphs or [part]:
                    self.line(element_text(self.reads(paragraph)), f"<{local_name(paragraph)}> line {paragraph.sourceline}")

    def run(self, element) -> None:
        for part in element:
            name = local_name(part)
            where = f"<{name}> line {part.sourceline}"
            if not name or name in SILENT:
                continue
            if name in TALK:
                self.talk(part)
            elif name == "division":
                self.division(part)
            elif name in {"debateinfo", "subdebateinfo"}:
                self.titles = set()
                for kind in (e for e in part if local_name(e) == "type"):
                    if element_text(self.reads(kind)) and element_text(kind) not in self.types:
                        self.types.append(element_text(kind))
                for title in (e for e in part.iter() if local_name(e) == "title" and element_text(e)):
                    self.titles.add(element_text(self.reads(title)))
                    self.line(element_text(title), f"<title> line {title.sourceline}")
            elif name in PARAGRAPHS:
                self.reads(part)
                if not (name == "p" and element_text(part) in self.titles):  # 2.2 prints the title again in the text
                    self.line(element_text(part), where)
            elif any(local_name(e) in _STRUCTURE for e in part.iter() if e is not part):
                self.run(part)
            elif element_text(part):  # an element this reader does not know, holding no paragraphs: one line
                self.unknown[name] = self.unknown.get(name, 0) + 1
                self.reads(part)
                pieces = [part.text or ""] + [f" {element_text(c)} {c.tail or ''}" for c in part if isinstance(c.tag, str)]
                self.line(" ".join("".join(pieces).split()), where)


def _read_whole(element, read: set) -> bool:
    """Whether the reader reads the element's text whole (for :func:`researchkit.io.xmlstray.stray_text`).

    The elements the walk read (paragraphs, titles, talkers' fields, division lists), the session
    header's fields (attributes) and bookkeeping whose value has its shape (a page number, a flag).
    """
    name = local_name(element)
    if element in read:
        return True
    parent = element.getparent()
    if name in _HEADER_FIELDS and parent is not None and local_name(parent) == "session.header":
        return True
    shape = _BOOKKEEPING.get(name)
    return shape is not None and len(element) == 0 and shape.fullmatch(element_text(element)) is not None


def _attributes(root) -> dict:
    attributes: dict = {}
    header = child(root, "session.header")
    if header is not None:
        for field, attribute in _HEADER_FIELDS.items():
            found = child(header, field)
            if found is not None and element_text(found):
                attributes[attribute] = element_text(found)
    if (root.get("version") or "").strip():
        attributes["schema_version"] = root.get("version").strip()
    return attributes


def read_parlinfo(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
) -> Transcript:
    """Read a ParlInfo Hansard XML file (Parliament of Australia, root ``<hansard>``) from its bytes (module docstring).

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
        RK121 for XML that is not well-formed; RK155 without ``<chamber.xscript>`` (or another record);
        RK153 with nothing spoken in it. A ``<time.stamp>`` that is no clock time is left out and noted, not refused.
    """
    check_unit_count(path, count_tags(data, b"para", b"p", b"speech", b"question", b"answer", b"interjection", b"continue"),
                     "paragraphs and talk elements (<para>, <p>, <speech>, <question>, <answer>, <interjection>, <continue>)")
    root = parse_xml(path, data)
    expect_root(path, root, "hansard", code="RK155", what="ParlInfo's <hansard>",
                hint="check that this is a Hansard XML file from ParlInfo (parlinfo.aph.gov.au)")
    records = [e for e in root if local_name(e) in RECORDS]
    if not records:
        raise TranscriptError("RK155", path, "the <hansard> holds no <chamber.xscript> (nor <fedchamb.xscript>, <maincomm.xscript>, "
                              "<answers.to.questions>): there is no record of the sitting in it",
                              location=f"line {root.sourceline}, <hansard>",
                              hint="download the sitting day's XML again from ParlInfo; a session header alone is no transcript")
    walk = _Walk(path, _Names(root))
    for record in records:
        walk.run(record)
    if walk.spoken == 0:
        raise TranscriptError("RK153", path, f"the <{local_name(records[0])}> holds no speech, question or answer with words "
                              "(nothing is spoken in it)", location=f"line {records[0].sourceline}, <{local_name(records[0])}>",
                              hint="check that the file is a sitting day's Hansard, not an index or an empty proof")
    attributes = _attributes(root)
    notes = []
    if walk.bad_times.note():
        notes.append(walk.bad_times.note())
    if attributes.get("proof") == "1":
        notes.append("the session header says <proof>1</proof>: this is a proof Hansard, not yet the official record")
    if walk.unknown:
        shown = ", ".join(f"<{name}> ({count})" for name, count in sorted(walk.unknown.items()))
        notes.append(f"elements this reader does not know, their words kept: {shown}")
    qualifiers = {name: ", ".join(notes) for name, notes in walk.qualifiers.items() if notes}
    if qualifiers:
        attributes["speaker_qualifiers"] = "; ".join(f"{name}: {note}" for name, note in qualifiers.items())
        notes.append("each speaker's electorate, party and office are in the 'speaker_qualifiers' attribute, not in the speaker's name")
    if walk.ids:
        attributes["speaker_ids"] = "; ".join(f"{name}: {', '.join(keys)}" for name, keys in walk.ids.items())
    other_names = {name: names for name, names in walk.other_names.items() if names}
    if other_names:
        attributes["speaker_other_names"] = "; ".join(f"{name}: {' | '.join(names)}" for name, names in other_names.items())
    if walk.types:
        attributes["debate_types"] = "; ".join(walk.types)
    strays = stray_text(root, lambda e: _read_whole(e, walk.read)) + walk.strays
    if strays:
        notes.append(stray_note(sorted(strays, key=lambda s: s[0] or 0)))
    return assemble(doc_id, walk.paragraphs, labels={**parlinfo_roles(walk.did), **(labels or {})}, attributes=attributes,
                    source=Source(source.path, source.sha256, "parlinfo", (root.getroottree().docinfo.encoding or "utf-8").lower()),
                    notes=notes)

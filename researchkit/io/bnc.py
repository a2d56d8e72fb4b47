"""British National Corpus spoken texts: the BNC XML edition (``<bncDoc>``) and the Spoken BNC2014 (``<text>``).

The BNC XML edition (2007, TEI-derived; also BNC Baby) writes a spoken text as::

    <bncDoc xml:id="KB0"><teiHeader>... <creation date="1992"/> ... <particDesc>
      <person xml:id="PS04Y" ageGroup="Ag4" sex="m" role="self"><age>45+</age><persName>Frank</persName>...</person>
    </particDesc></teiHeader>
    <stext type="CONV"><div n="1"><u who="PS04Y"><s n="1"><w c5="UH" hw="yes" pos="INTERJ">Yes </w><pause/>
      <w c5="AV0" hw="well" pos="ADV">well</w><c c5="PUN">.</c></s></u> ...

the Spoken BNC2014 as ``<text id="S23A">``, its utterances ``<u n="1" who="S0024" trans="nonoverlap"
whoConfidence="high">`` either plain text with empty marks (the untagged edition: ``yeah <pause
dur="short"/> <vocal desc="laugh"/>``) or one ``<w pos lemma class usas>`` per token (the tagged one),
the header in a ``<header>`` of the file (``rec_date``, ``rec_loc``, ``speakerInfo``) or in files of
its own (then the speakers are their codes).

- **Each** ``<u>`` is a paragraph of its speaker; consecutive utterances of one speaker form one turn.
- **Spacing**: a BNC XML ``<w>`` or ``<c>`` carries its own trailing space (``Yes ``), so its
  tokens are joined as written (``ca`` + ``n't `` is ``can't``); the tagged BNC2014's tokens carry
  none and are spaced by rule: punctuation and clitics (``'s``, ``n't``, ``'m`` ...) attach to the
  word before, as do CLAWS's halves of ``gonna``, ``wanna``, ``gotta``, ``dunno``, ``cannot``,
  ``innit``, ``gimme``, ``lemme`` (so the spaces may differ from the untagged transcript's). The
  white space that lays out the XML between tokens is not text.
- **Marks** are written in brackets, as the TEI reader does: ``<pause/>`` ``(pause)`` (``(pause
  4s)`` with ``dur="4"``, ``(short pause)``/``(long pause)`` for BNC2014's ``dur``), ``<vocal desc>`` and
  ``<event desc>`` their description (``(laugh)``), ``<unclear/>`` ``(unclear)`` (words inside it are
  kept), ``<gap desc>`` ``(gap: name)``, ``<shift new>`` ``(shift: laughing)``, BNC2014's ``<anon
  type>`` ``(anon: name)``; ``<trunc>``, ``<foreign>``, ``<mw>`` keep their words; ``<align with>``
  overlap points are no words (counted). Between utterances a mark is a line of nobody's (role
  ``other``), and in a text of several conversations (``<div>``) each opens with a heading
  ``(conversation 2)``, nobody's line.
- **Speakers**: BNC XML's ``who`` named by the ``<person xml:id>``'s ``persName`` (else the code;
  two persons of one name get their code: ``John (PS001)``). Roles: BNC XML's ``role="self"`` is the
  BNC's own *respondent* (who recorded the conversations: ``respondent``), a ``role`` naming another
  relation to them (``wife``, ``friend``) is ``other``, one saying interviewer or interviewee gives
  that role (as in the TEI reader), ``unspecified`` or none leaves it to who asks the questions.
  BNC2014 speakers are their codes (``S0024``), each a participant: ``respondent``. Unknown speakers
  (``UNKMALE``, ``UNKFEMALE``, ``UNKMULTI``; BNC XML's ``...PSUNK``, ``...PSUGP``, ``PS000``) are role
  ``other``. Codes no person declares are kept (noted); a ``<u>`` without ``who`` continues the
  speaker before (noted). ``labels=`` decides over all of these.
- **Attributes**: ``bnc_id``, ``title``, ``date`` (creation or recording date; BNC2014's
  ``rec_date``), ``idno`` (the header's other ids, ``old: XRi6SG``), ``creation`` (the words of
  ``<creation>`` beside its ``date``), ``text_type`` (``stext type``), every other plain field of a BNC2014 ``<header>``
  (``rec_loc``, ``conv_type``, ``topics`` ...) by its name, and ``participants`` (each code with
  name, sex, age, occupation, dialect).
- **Notes**: overlapping utterances (``trans="overlap"``), codes marked ``whoConfidence="low"``,
  ``<align>`` points, ``<note>`` elements left out; header elements no attribute reads (``<respStmt>``,
  ``<availability>``, ``<settingDesc>``, ``<classCode>``, a person's other fields), named whole
  (:func:`researchkit.io.xmlstray.unread_text`); words a hand edit left where the reader does not read (between
  utterances, in a header container, typed into a mark or an ``<align>``), named with their line and element
  (:func:`stray_words`). Attribute values are whole: nothing is cut.

A written BNC text (``<wtext>``), a ``<bncDoc>`` without ``<stext>``, or a file without ``<u>`` is RK128.

Examples
--------
>>> from researchkit.transcripts import Source
>>> data = (b'<bncDoc xml:id="KB0"><teiHeader><profileDesc><particDesc><person xml:id="PS04Y" sex="m"><persName>Frank'
...         b'</persName></person></particDesc></profileDesc></teiHeader><stext type="CONV"><u who="PS04Y"><s n="1">'
...         b'<w c5="UH" hw="yes" pos="INTERJ">Yes </w><pause/><w c5="VM0" hw="can" pos="VERB">ca</w>'
...         b'<w c5="XX0" hw="not" pos="ADV">n\\'t </w><w c5="VVI" hw="say" pos="VERB">say</w><c c5="PUN">.</c></s></u></stext></bncDoc>')
>>> t = read_bnc("KB0.xml", data, doc_id="KB0", source=Source("KB0.xml", "0"))
>>> t.text
"Frank: Yes (pause) can't say."
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.tei import HEADER_CONTAINERS, INTERVIEWER_ROLES, RESPONDENT_ROLES, XML_ID
from researchkit.io.tiers import listed
from researchkit.io.xmlsafe import child, element_line, element_text, local_name, parse_xml
from researchkit.io.xmlstray import stray_note, stray_text, unread_note, unread_text
from researchkit.transcripts import Source, Transcript

__all__ = ["read_bnc", "token_glued"]

#: Marks written in brackets (inside an utterance or between them).
MARKS = frozenset({"pause", "vocal", "event", "gap", "shift", "anon", "unclear", "kinesic", "incident"})
#: Elements that are no words and leave no trace.
SILENT = frozenset({"align", "ptr", "pb", "lb", "anchor"})
_CLITICS = frozenset({"'s", "'m", "'re", "'ve", "'ll", "'d", "'", "n't", "’s", "’m", "’re", "’ve", "’ll", "’d", "n’t"})
#: The halves CLAWS splits a word into (``gonna`` is ``gon`` + ``na``): the second attaches to the first.
_SPLIT = frozenset({("gon", "na"), ("wan", "na"), ("got", "ta"), ("du", "n"), ("n", "no"), ("can", "not"), ("in", "n"),
                    ("n", "it"), ("gim", "me"), ("lem", "me"), ("ai", "n't"), ("wo", "n't"), ("ca", "n't"), ("sha", "n't")})
_UNKNOWN = re.compile(r"(?i)^UNK|PSUNK$|PSUGP$|^PS000$")
_OPENING = tuple("([{“‘«")
#: Header elements that hold only elements (the TEI header's, a person, BNC2014's ``<header>`` and ``<speakerInfo>``):
#: words in one are strays; every other header element is metadata, read into an attribute or named in a note.
CONTAINERS = HEADER_CONTAINERS | {"person", "persGrp", "speaker", "speakerInfo", "header"}
#: Person fields read into ``participants`` (beside ``persName`` and the ``sex``/``ageGroup`` attributes).
PERSON_FIELDS = frozenset({"age", "occupation", "gender", "agerange", "exactage", "dialect_rep", "dialect"})


def token_glued(token: str, before: str) -> bool:
    """Whether a BNC2014 token attaches to the token before it (punctuation, a clitic, CLAWS's second half).

    Examples
    --------
    >>> token_glued("?", "it"), token_glued("'s", "it"), token_glued("na", "gon"), token_glued("na", "the"), token_glued("(", "x")
    (True, True, True, False, False)
    """
    low = token.casefold()
    if low in _CLITICS or (before.casefold(), low) in _SPLIT:
        return True
    return not any(ch.isalnum() for ch in token) and not token.startswith(_OPENING)


def _mark(element) -> str:
    """A mark as a bracketed description: ``(pause 4s)``, ``(laugh)``, ``(unclear)``, ``(anon: name)``."""
    name = local_name(element)
    desc = (element.get("desc") or "").strip()
    if name == "pause":
        dur = (element.get("dur") or "").strip()
        if re.fullmatch(r"\d{1,6}(?:\.\d{1,3})?", dur):
            return f"(pause {dur}s)"
        return f"({dur} pause)" if dur in {"short", "long"} else "(pause)"
    if name == "shift":
        return f"(shift: {(element.get('new') or 'normal').strip()})"
    if name == "anon":
        return f"(anon: {(element.get('type') or 'name').strip()})"
    if name == "gap":
        what = desc or (element.get("reason") or "").strip()
        return f"(gap: {what})" if what else "(gap)"
    return f"({desc or (element.get('type') or '').strip() or name})"


class _Counts:
    """What the utterances hold that is not in the words, for the notes."""

    def __init__(self) -> None:
        self.align = self.notes = self.shifts = 0
        self.strays: list[tuple[int | None, str, str]] = []  # words inside a mark or an <align>: not read (a note)

    def stray(self, element) -> None:
        """Keep the words typed into an element read only for its attributes (``<pause>sorry</pause>``)."""
        words = " ".join(" ".join(element.itertext()).split())
        if words:
            self.strays.append((element.sourceline, local_name(element), words))


def utterance_words(u, mode: str, counts: _Counts | None = None) -> str:
    """The words of a ``<u>`` in a mode: ``"1994"`` (tokens spaced as written), ``"tagged"`` or ``"plain"`` (BNC2014).

    Examples
    --------
    >>> from lxml import etree
    >>> utterance_words(etree.fromstring('<u><w>it</w>\\n<w>\\'s</w>\\n<w>gon</w><w>na</w><w>rain</w><w>?</w><vocal desc="laugh"/></u>'), "tagged")
    "it's gonna rain? (laugh)"
    >>> utterance_words(etree.fromstring('<u>yeah <pause dur="short"/> I know<unclear/></u>'), "plain")
    'yeah (short pause) I know (unclear)'
    """
    counts = counts or _Counts()
    out: list[str] = []
    last, before, space_next = "", "", False
    layout = mode != "plain"  # white space between elements only lays out the XML

    def put(text: str, kind: str) -> None:
        nonlocal last, before, space_next
        if not text:
            return
        if kind == "tok":
            if out and not last.isspace() and (space_next or not token_glued(text, before)):
                out.append(" ")
            before = text
        elif kind == "mark" or space_next or kind == "sep":
            if out and not last.isspace() and not text[0].isspace():
                out.append(" ")
        out.append(text)
        last, space_next = text[-1], kind in {"mark", "sep"}
        if kind != "tok":
            before = ""

    stack: list[tuple[object, bool]] = [(u, False)]
    while stack:
        element, leaving = stack.pop()
        if leaving:
            if local_name(element) == "s":
                put(" ", "sep")
            if element is not u and element.tail and not (layout and element.tail.isspace()):
                put(element.tail, "text")
            continue
        name = local_name(element)
        if element is not u:
            if name in {"w", "c"}:
                token = "".join(element.itertext())
                put(token.strip() if mode == "tagged" else token, "tok" if mode == "tagged" else "text")
                if element.tail and not (layout and element.tail.isspace()):
                    put(element.tail, "text")
                continue
            if name in SILENT or name == "note":
                counts.align += name == "align"
                counts.notes += name == "note"
                if name != "note":  # an editor's note is left out by design (counted)
                    counts.stray(element)
                if element.tail and not (layout and element.tail.isspace()):
                    put(element.tail, "text")
                continue
            if name in MARKS and not (name == "unclear" and (len(element) or (element.text or "").strip())):
                counts.shifts += name == "shift"
                put(_mark(element), "mark")
                counts.stray(element)
                if element.tail and not (layout and element.tail.isspace()):
                    put(element.tail, "text")
                continue
        if element.text and not (layout and element.text.isspace()):
            put(element.text, "text")
        stack.append((element, True))
        stack.extend((c, False) for c in reversed(element) if isinstance(c.tag, str))
    return " ".join("".join(out).split())


def _persons(header, read: set | None = None) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Codes -> labels, labels -> roles said by a person's ``role``, and each person described (``participants``);
    the elements read are added to ``read``."""
    read = set() if read is None else read
    found: list[tuple[str, str, str, list[str]]] = []  # (code, name, role, details)
    if header is not None:
        for person in (e for e in header.iter() if local_name(e) in {"person", "persGrp", "speaker"}):
            code = (person.get(XML_ID) or person.get("id") or "").strip()
            if not code:
                continue
            pers = next((e for e in person.iter() if local_name(e) == "persName" and element_text(e)), None)
            name = element_text(pers) if pers is not None else ""
            read.add(pers)
            details = [v for v in (person.get("sex"), person.get("ageGroup")) if v and v.strip() not in {"X", "u"}]
            for e in person:
                if local_name(e) in PERSON_FIELDS and element_text(e):
                    details.append(element_text(e))
                    read.add(e)
            found.append((code, name, (person.get("role") or "").casefold(), details))
    clash = Counter(name.casefold() for _, name, _, _ in found if name)
    labels: dict[str, str] = {}
    roles: dict[str, str] = {}
    described: list[str] = []
    for code, name, role, details in found:
        label = (name if clash[name.casefold()] == 1 else f"{name} ({code})") if name else code
        labels.setdefault(code, label)
        if any(word in role for word in INTERVIEWER_ROLES):
            roles[label] = "interviewer"
        elif role == "self" or any(word in role for word in RESPONDENT_ROLES):
            roles[label] = "respondent"
        elif role and role != "unspecified":
            roles[label] = "other"
        described.append(f"{code}: " + ", ".join(dict.fromkeys(v for v in [name, *details] if v)) if name or details else code)
    return labels, roles, described


def _attributes(root, header, bnc2014: bool, read: set | None = None) -> dict:
    """The text's attributes (see the module docstring); the header elements read are added to ``read``."""
    read = set() if read is None else read
    attributes: dict = {}
    ident = (root.get(XML_ID) or root.get("id") or "").strip()
    if ident:
        attributes["bnc_id"] = ident
    if header is None:
        return attributes
    if bnc2014:
        for e in header:
            key = local_name(e)
            if len(e) == 0 and element_text(e) and key:
                attributes["date" if key == "rec_date" else key] = element_text(e)  # whole: a field is not cut
                read.add(e)
        return attributes
    title = next((e for e in header.iter() if local_name(e) == "title" and element_text(e)), None)
    if title is not None:  # whole (the BNC's titles describe the recordings: "23 conversations recorded by ...")
        attributes["title"] = element_text(title)
        read.add(title)
    for e in header.iter():
        if local_name(e) in {"creation", "recording", "date"} and (e.get("date") or e.get("when")):
            attributes["date"] = " ".join((e.get("date") or e.get("when")).split())  # one line, as every attribute
            break
    read.update(e for e in header.iter() if local_name(e) in {"idno", "creation"})  # read below, whole
    idnos = [f"{' '.join(e.get('type').split())}: {element_text(e)}" if (e.get("type") or "").strip() else element_text(e)
             for e in header.iter() if local_name(e) == "idno" and element_text(e) and element_text(e) != ident]
    if idnos:  # the BNC's own id is bnc_id; the others (type="old", the source's numbers) beside it, whole
        attributes["idno"] = "; ".join(dict.fromkeys(idnos))
    creations = [element_text(e) for e in header.iter() if local_name(e) == "creation" and element_text(e)]
    creations = [x for x in dict.fromkeys(creations) if x != attributes.get("date")]
    if creations:  # what the header says of the text's creation beside its date ("Origination/creation date not known")
        attributes["creation"] = "; ".join(creations)
    return attributes


def stray_words(root, header, body, counts: _Counts) -> list[tuple[int | None, str, str]]:
    """Words a hand edit left where the reader does not read (:mod:`researchkit.io.xmlstray`): between the root's
    parts, in the header's containers, between utterances (``</u> words <u>``), in a mark or an ``<align>`` (inside
    an utterance: ``counts.strays``, found while its words were read); in document order.

    Examples
    --------
    >>> from lxml import etree
    >>> root = etree.fromstring('<bncDoc><teiHeader><fileDesc>x<titleStmt/></fileDesc></teiHeader>'
    ...                         '<stext><u who="A"><w>Hi</w></u> yes <vocal desc="laugh">haha</vocal></stext></bncDoc>')
    >>> stray_words(root, root[0], root[1], _Counts())
    [(1, 'fileDesc', 'x'), (1, 'stext', 'yes'), (1, 'vocal', 'haha')]
    """
    found = stray_text(root, lambda element: True) if body is not root else []  # the root's words, after its parts
    if header is not None:
        found += stray_text(header, lambda element: local_name(element) not in CONTAINERS)
    found += stray_text(body, lambda element: element is header or local_name(element) in {"u", "head", "note"})
    return sorted(found + counts.strays, key=lambda piece: piece[0] or 0)


def _refuse(path: str | Path, message: str, element, hint: str) -> TranscriptError:
    return TranscriptError("RK128", path, message, location=element_line(element), hint=hint)


def read_bnc(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
) -> Transcript:
    """Read a spoken text of the BNC XML edition or of the Spoken BNC2014 from its bytes (see the module docstring).

    Raises
    ------
    TranscriptError
        RK121 for XML that is not well-formed; RK128 for a written text, no ``<stext>``, or no ``<u>``.
    """
    root = parse_xml(path, data)
    kind = local_name(root)
    if kind == "bncDoc":
        header = child(root, "teiHeader")
        body = child(root, "stext")
        if body is None:
            written = child(root, "wtext")
            raise _refuse(path, "is a written BNC text (<wtext>), not a spoken one (<stext>)" if written is not None
                          else "the <bncDoc> has no <stext> (spoken text)", written if written is not None else root,
                          hint="read only the spoken texts of the BNC (their <bncDoc> holds an <stext>)")
        mode = "1994"
    elif kind == "text":
        header = child(root, "header")
        body = child(root, "body")
        body = body if body is not None else root
        mode = "tagged" if any(local_name(e) == "w" for e in body.iter()) else "plain"
    else:
        raise _refuse(path, f"the root element is <{kind}>, not BNC's <bncDoc> or the Spoken BNC2014's <text>", root,
                      hint="check that this is a British National Corpus text")
    read: set = set()  # the header elements read into attributes: the others' words are named in a note
    names, roles, described = _persons(header, read)
    counts = _Counts()
    paragraphs: list[RawParagraph] = []
    unknown, undeclared, low, overlap, without_who = Counter(), {}, 0, 0, 0
    divs = [e for e in body if local_name(e) == "div"]
    utterances = 0
    previous = None
    stack = [e for e in reversed(body) if isinstance(e.tag, str)]
    while stack:
        element = stack.pop()
        name = local_name(element)
        where = f"<{name}> line {element.sourceline}"
        if name == "u":
            utterances += 1
            code = (element.get("who") or "").strip().lstrip("#").split(" ")[0]
            if not code:
                without_who += 1
            elif code not in names and names:
                undeclared.setdefault(code, where)
            speaker = names.get(code, code) or previous
            if code and _UNKNOWN.search(code):
                unknown[speaker] += 1
            low += (element.get("whoConfidence") or "").strip().casefold() == "low"
            overlap += (element.get("trans") or "").strip().casefold() == "overlap"
            words = utterance_words(element, mode, counts)
            if words:
                paragraphs.append(RawParagraph(words, where, speaker=speaker))
                previous = speaker
            continue
        if name == "div" and len(divs) > 1:
            paragraphs.append(RawParagraph(f"(conversation {(element.get('n') or '').strip() or divs.index(element) + 1})",
                                           where, heading=True))
        elif name in MARKS:
            paragraphs.append(RawParagraph(_mark(element), where, heading=True))
            continue
        elif name == "head" and element_text(element):
            paragraphs.append(RawParagraph(element_text(element), where, heading=True))
            continue
        elif name in SILENT or name == "note":
            counts.align += name == "align"
            counts.notes += name == "note"
            continue
        stack.extend(e for e in reversed(element) if isinstance(e.tag, str))
    if utterances == 0:
        raise _refuse(path, f"the {'<stext>' if mode == '1994' else '<text>'} has no <u> utterances", body,
                      hint="check that this is a spoken text of the British National Corpus, exported with its utterances")
    if not any(p.speaker for p in paragraphs):
        raise TranscriptError("RK104", path, f"the BNC text has {utterances} <u> utterance(s) but no words in them",
                              hint="check that the text was exported with its words")
    edition = "the BNC XML edition" if mode == "1994" else f"the Spoken BNC2014 ({'tagged' if mode == 'tagged' else 'untagged'})"
    notes = [f"read as {edition}: {utterances} utterance(s)"
             + ("; tokens spaced by rule (punctuation, clitics and CLAWS's split words attach)" if mode == "tagged" else "")]
    if not names:
        notes.append("no speaker list in the file (the BNC2014 header may be a file of its own): speakers are their codes")
    if undeclared:
        notes.append(f"speaker code(s) no person declares, kept as written: {listed([f'{c} ({w})' for c, w in undeclared.items()])}")
    if unknown:
        notes.append(f"unidentified speakers (role other): {', '.join(f'{s} ({n} utterance(s))' for s, n in unknown.items())}")
    if without_who:
        notes.append(f"{without_who} <u> without who: they continue the speaker before")
    if low:
        notes.append(f"{low} utterance(s) marked whoConfidence='low': the transcriber was not sure who spoke")
    if overlap:
        notes.append(f"{overlap} utterance(s) marked trans='overlap' (they overlap the one before); written one after the other")
    if counts.align:
        notes.append(f"{counts.align} <align> overlap point(s) are no words: not in the text")
    if counts.notes:
        notes.append(f"{counts.notes} <note> element(s) left out")
    attributes = _attributes(root, header, mode != "1994", read)
    strays = stray_words(root, header, body, counts)
    if strays:
        notes.append(stray_note(strays))
    unread = unread_text(header, lambda e: e in read, CONTAINERS) if header is not None else []
    if unread:
        notes.append(unread_note(unread))
    if mode == "1994" and body.get("type"):
        attributes["text_type"] = body.get("type").strip()
    if described:
        attributes["participants"] = "; ".join(described)  # whole: every person declared
    if mode != "1994":  # every identified BNC2014 speaker is a participant whose talk the corpus holds
        roles = {p.speaker: "respondent" for p in paragraphs if p.speaker and not _UNKNOWN.search(p.speaker)} | roles
    role_map = {**{s: "other" for s in unknown}, **roles, **dict(labels or {})}
    return assemble(doc_id, paragraphs, labels=role_map or None, attributes=attributes,
                    source=Source(source.path, source.sha256, "bnc", "utf-8"), notes=notes)

"""TalkBank XML (``<CHAT>`` in ``http://www.talkbank.org/ns/talkbank``): CHAT transcripts as CLAN's ``chat2xml``,
the TalkBank browser and ``chatter`` export them.

::

    <CHAT xmlns="http://www.talkbank.org/ns/talkbank" Media="0101" Mediatypes="audio" Lang="eng" Corpus="Pitt" Date="1984-01-01">
      <Participants><participant id="PAR" role="Participant" language="eng" age="P57Y" sex="female"/>
        <participant id="INV" name="Ann_Lee" role="Investigator" language="eng"/></Participants>
      <comment type="Situation">picture description</comment>
      <u who="INV" uID="u0"><w>tell</w><w>me</w><t type="p"/><media start="0.1" end="0.9" unit="s"/></u>
      <u who="PAR" uID="u1"><g><w>the</w><w>boy</w><k type="retracing"/></g><w>the</w><w>boy</w>
        <pause symbolic-length="simple"/><w type="filler">uh</w><w>fell<mor type="mor">...</mor></w><t type="p"/>
        <media start="1.0" end="2.5" unit="s"/><a type="comments">points</a></u>

It is read as :mod:`researchkit.io.talkbank` reads a ``.cha`` file: each ``<u>`` one line of its
speaker, consecutive utterances of one speaker one turn, the speakers and roles from the
participants (name, else role, else code; ``Investigator`` asks, ``Target_Child``/``Participant``
answer, :func:`researchkit.io.talkbank_headers.chat_role`), an utterance's ``<media start>`` its
time (seconds; ``unit="ms"`` read as milliseconds), root attributes and the comments above the first
utterance as attributes (``corpus``, ``languages``, ``media``, ``media_type``, ``date``, ``pid``,
``situation``, ``location`` ...), and the participants' ``@ID`` fields as ``participants``.

**What the text keeps.** The main line is written back in CHAT's symbols, so a quote reads as in
the ``.cha`` file: the words with their markers (``&-uh`` filler, ``&+fr`` fragment, ``&~gaga``
nonword, ``0is`` omitted word, ``(be)cause`` shortening, ``+`` compounds, ``:`` drawls, ``@c``, ``@f``,
``@s:zho`` form and language marks), ``xxx``/``yyy``/``www``, groups ``<the boy> [/]`` with their
retracings (``[/]``, ``[//]``, ``[///]``, ``[/-]``, ``[/?]``), ``[?]``, ``[!]``, overlaps ``[>]``/``[<]``,
explanations ``[= x]``, ``[=? x]``, ``[% x]``, ``[=! x]``, replacements ``[: target]``, errors ``[*]``
(``[* p:n]``), pauses ``(.)``, ``(..)``, ``(...)``, ``(2.5)``, events ``&=laughs``, ``&*MOT:yeah``, ``0``,
separators ``,`` ``„`` ``‡`` ``;`` ``:``, linkers (``+^``, ``++``, ``+<``, ``+,``), postcodes ``[+ x]`` and the
terminator (``.``, ``?``, ``!``, ``+...``, ``+/.``, ``+//.``, ``+/?``, ``+!?``, ``+..?``, ``+"/.``, ``+".``,
``+.``). Not reconstructed, each counted in a note: the dependent tiers (``%mor``/``%gra`` inside the
words, ``<a>`` tiers such as ``%com``, ``%act``, phonology), CA prosody marks (``ca-element``,
``ca-delimiter``, ``underline``, ``long-feature``, ``nonvocal``, intonation separators), overlap
points and media inside an utterance, and any element this reader does not know (by name); the
words inside an unknown element are still read. Comments and gems between the utterances leave the
text (noted; the gem labels are the ``gems`` attribute).

**Errors** (RK129): no ``<u>``, a ``<u>`` without ``who``, a ``<media>`` time that is no number of
seconds; XML that is not well-formed is RK121.

Examples
--------
>>> from researchkit.transcripts import Source
>>> data = (b'<CHAT xmlns="http://www.talkbank.org/ns/talkbank" Corpus="Pitt" Lang="eng"><Participants>'
...         b'<participant id="INV" role="Investigator"/><participant id="PAR" role="Participant"/></Participants>'
...         b'<u who="INV" uID="u0"><w>tell</w><w>me</w><t type="p"/><media start="0.1" end="0.9" unit="s"/></u>'
...         b'<u who="PAR" uID="u1"><g><w>the</w><w>boy</w><k type="retracing"/></g><w>the</w><w>boy</w>'
...         b'<w type="filler">uh</w><w>fell<mor type="mor"><mw><stem>fall</stem></mw></mor></w><t type="p"/></u></CHAT>')
>>> t = read_talkbank_xml("a.xml", data, doc_id="a", source=Source("a.xml", "0"))
>>> print(t.text)
Investigator: tell me .
Participant: <the boy> [/] the boy &-uh fell .
>>> [(turn.speaker, turn.role, turn.timestamp) for turn in t.turns]
[('Investigator', 'interviewer', 0.1), ('Participant', 'respondent', None)]
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.roles import LabelMap
from researchkit.io.talkbank_headers import Participant, chat_role, participants_attribute, respondent_attributes, speaker_labels
from researchkit.io.tiers import listed
from researchkit.io.xmlsafe import element_line, element_text, expect_root, local_name, parse_xml
from researchkit.transcripts import Source, Transcript

__all__ = ["read_talkbank_xml", "utterance_line"]

TERMINATORS = {"p": ".", "q": "?", "e": "!", "trail off": "+...", "trail off question": "+..?", "question exclamation": "+!?",
               "interruption": "+/.", "interruption question": "+/?", "self interruption": "+//.",
               "self interruption question": "+//?", "quotation next line": '+"/.', "quotation precedes": '+".',
               "broken for coding": "+.", "missing CA terminator": "", "technical break TCU continuation": "+≈",
               "no break TCU continuation": "+≋"}
WORD_TYPES = {"omission": "0", "fragment": "&+", "filler": "&-", "nonword": "&~", "incomplete": "", "untranscribed": ""}
FORM_TYPES = {"babbling": "@b", "child-invented": "@c", "dialect": "@d", "echolalia": "@e", "family-specific": "@f",
              "filled pause": "@fp", "generic": "@g", "interjection": "@i", "kana": "@k", "letter": "@l", "neologism": "@n",
              "no voice": "@nv", "onomatopoeia": "@o", "phonology consistent": "@p", "quoted metareference": "@q",
              "sign speech": "@sas", "singing": "@si", "signed language": "@sl", "test": "@t", "UNIBET": "@u",
              "words to be excluded": "@x", "word play": "@wp", "addition": "@a", "metalinguistic": "@q", "multiple letters": "@k"}
MARKERS = {"retracing": "[/]", "retracing with correction": "[//]", "retracing reformulation": "[///]",
           "retracing unclear": "[/?]", "false start": "[/-]", "best guess": "[?]", "stressing": "[!]",
           "contrastive stressing": "[!!]", "mor exclude": "[e]"}
ANNOTATIONS = {"alternative": "=?", "comments": "%", "explanation": "=", "paralinguistics": "=!"}
SEPARATORS = {"comma": ",", "tag": "„", "vocative": "‡", "semicolon": ";", "colon": ":", "clause delimiter": "[^c]"}
LINKERS = {"quick uptake": "+^", "lazy overlap mark": "+<", "self completion": "+,", "other completion": "++",
           "quoted utterance next": '+"', "quotation follows": '+"', "TCU continuation": "+≋", "no break TCU completion": "+≋"}
#: Elements that are not the main line's words: dependent tiers, morphology, phonology, CA prosody, in-utterance media.
NOT_WORDS = frozenset({"mor", "gra", "a", "wor", "mod", "pho", "pw", "ph", "ipa", "actual", "model", "align", "pos", "langs",
                       "ca-element", "ca-delimiter", "underline", "long-feature", "nonvocal", "overlap-point",
                       "internal-media", "mediaPic", "media", "duration", "italic", "wk", "p", "replacement", "mk", "mt"})
CA_MARKS = frozenset({"ca-element", "ca-delimiter", "underline", "long-feature", "nonvocal", "overlap-point", "italic"})
ROOT_ATTRIBUTES = {"Corpus": "corpus", "Lang": "languages", "Media": "media", "Mediatypes": "media_type", "Date": "date",
                   "PID": "pid", "Options": "options", "DesignType": "design", "ActivityType": "activity", "GroupType": "group_type"}
PARTICIPANT_FIELDS = ("age", "sex", "group", "SES", "education", "custom-field", "language", "birthday", "birthplace", "first-language")


class _Left:
    """What is left out of the text, by kind, for the notes."""

    def __init__(self) -> None:
        self.tiers: Counter = Counter()  # dependent tiers: %mor, <a type>
        self.ca: Counter = Counter()
        self.unknown: Counter = Counter()
        self.morphology = 0  # words and terminators carrying %mor/%gra


def _word(w, left: _Left) -> str:
    """One ``<w>`` in CHAT: prefix by type, text with shortenings, compounds and drawls, form and language marks, replacement."""
    parts: list[str] = [w.text or ""]
    replacement = ""
    language = ""
    for c in w:
        name = local_name(c)
        if name == "shortening":
            parts.append(f"({element_text(c)})")
        elif name == "wk":
            parts.append("~" if c.get("type") == "cli" else "+")
        elif name == "p":
            parts.append({"drawl": ":", "pause": "^", "blocking": "≠"}.get(c.get("type") or "", ""))
        elif name == "replacement":
            replacement = " [: " + " ".join(_word(x, left) for x in c if local_name(x) == "w") + "]"
        elif name == "langs":
            codes = element_text(c).split()
            language = "@s:" + "+".join(codes) if codes else ""
        elif name in {"mor", "gra"}:
            left.morphology += 1
        elif name in CA_MARKS:
            left.ca[name] += 1
        elif name not in NOT_WORDS and isinstance(c.tag, str):
            left.unknown[name] += 1
            parts.append(element_text(c))
        parts.append(c.tail or "")
    text = "".join(parts).strip()
    kind = w.get("type") or ""
    form = FORM_TYPES.get(w.get("formType") or "", "")
    special = w.get("user-special-form")
    suffix = form or (f"@z:{special}" if special else "")
    return f"{WORD_TYPES.get(kind, '')}{text}{suffix}{language}{replacement}" if text else ""


def _annotation(element, left: _Left) -> str:
    """A scoped annotation after a word or group (``[/]``, ``[= x]``, ``[>]``, ``[*]``), ``""`` for none."""
    name, kind = local_name(element), element.get("type") or ""
    if name == "k":
        return MARKERS.get(kind, "")
    if name == "ga":
        return f"[{ANNOTATIONS.get(kind, '=')} {element_text(element)}]"
    if name == "overlap":
        index = element.get("index") or ""
        return ("[>" if kind == "overlap follows" else "[<") + index + "]"
    if name == "error":
        return f"[* {element_text(element)}]" if element_text(element) else "[*]"
    if name == "duration":
        return f"[# {element_text(element)}]"
    return ""


def _items(parent, left: _Left) -> list[str]:
    """The main-line items of an utterance or group (``parent``: it, or a list of its children), each a CHAT token or annotation."""
    out: list[str] = []
    for element in parent:
        if not isinstance(element.tag, str):
            continue
        name = local_name(element)
        kind = element.get("type") or ""
        if name == "w":
            out.append(_word(element, left))
        elif name in {"g", "pg", "sg", "quotation-group"}:
            content = [c for c in element if isinstance(c.tag, str) and local_name(c) not in {"k", "ga", "overlap", "error", "duration"}]
            inner = _items(content, left)
            notes = [_annotation(c, left) for c in element if local_name(c) in {"k", "ga", "overlap", "error", "duration"}]
            words = " ".join(x for x in inner if x)
            if notes and any(notes):
                words = f"<{words}>" if len([x for x in inner if x]) > 1 else words
            out.extend([words, *notes])
        elif name in {"k", "ga", "overlap", "error", "duration"}:
            out.append(_annotation(element, left))
        elif name == "pause":
            length = (element.get("length") or "").strip()
            out.append(f"({length})" if length else {"long": "(..)", "very long": "(...)"}.get(element.get("symbolic-length") or "", "(.)"))
        elif name == "e":
            for c in element:
                cname = local_name(c)
                if cname == "happening":
                    out.append("&=" + element_text(c).replace(" ", "_"))
                elif cname == "action":
                    out.append("0")
                elif cname == "otherSpokenEvent":
                    out.append(f"&*{c.get('who') or ''}:{(c.get('said') or '').replace(' ', '_')}")
                else:
                    out.append(_annotation(c, left))
        elif name == "t":
            out.append(TERMINATORS.get(kind, ""))
            left.morphology += any(local_name(c) == "mor" for c in element)
        elif name in {"tagMarker", "s"}:
            mark = SEPARATORS.get(kind)
            if mark is None:
                left.ca[f"separator {kind!r}"] += 1
            out.append(mark or "")
        elif name == "linker":
            out.append(LINKERS.get(kind, ""))
        elif name == "quotation":
            out.append("“" if kind == "begin" else "”")
        elif name in {"postcode", "freecode"}:
            out.append(f"[{'+' if name == 'postcode' else '^'} {element_text(element)}]")
        elif name == "a":
            left.tiers["%" + (kind or "a")] += 1
        elif name in CA_MARKS:
            left.ca[name] += 1
        elif name in NOT_WORDS:
            if name in {"internal-media", "mediaPic"}:
                left.ca[name] += 1
        else:
            left.unknown[name] += 1
            out.extend(_items(element, left))
    return out


def utterance_line(u, left: _Left | None = None) -> str:
    """A ``<u>``'s main line in CHAT symbols (see the module docstring).

    Examples
    --------
    >>> from lxml import etree
    >>> u = etree.fromstring('<u><w>it</w><tagMarker type="comma"/><w type="fragment">fr</w><w>be<shortening>cause</shortening></w>'
    ...     '<pause symbolic-length="long"/><e><happening>laughs</happening></e><t type="trail off"/></u>')
    >>> utterance_line(u)
    'it , &+fr be(cause) (..) &=laughs +...'
    """
    return " ".join(x for x in _items(u, left or _Left()) if x)


def _media(path: str | Path, u) -> float | None:
    """The utterance's ``<media start>`` in seconds, else ``None``; RK129 for a time that is none."""
    media = next((c for c in u if local_name(c) == "media"), None)
    if media is None:
        return None
    raw = (media.get("start") or "").strip()
    try:
        value = float(raw) * (0.001 if (media.get("unit") or "s").strip() == "ms" else 1.0)
    except ValueError:
        value = float("nan")
    if not math.isfinite(value) or value < 0:
        raise TranscriptError("RK129", path, f"the utterance {u.get('uID') or ''} has the media start {raw[:40]!r}, not a time in "
                              "seconds", location=element_line(media), hint="export the XML again from the .cha file (chat2xml)")
    return round(value, 3)


def _participants(root) -> list[Participant]:
    people = []
    for block in (e for e in root if local_name(e) == "Participants"):
        for p in (e for e in block if local_name(e) == "participant" and (e.get("id") or "").strip()):
            details = {key.lower().replace("custom-field", "custom"): p.get(key).strip() for key in PARTICIPANT_FIELDS
                       if (p.get(key) or "").strip()}
            people.append(Participant(p.get("id").strip(), (p.get("name") or "").strip(), (p.get("role") or "").strip(),
                                      p.sourceline or 0, details))
    return people


def read_talkbank_xml(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
) -> Transcript:
    """Read a TalkBank XML transcript from its bytes (see the module docstring).

    Raises
    ------
    TranscriptError
        RK121 for XML that is not well-formed, RK129 for no ``<u>``, a ``<u>`` without ``who`` or a media time that is none,
        RK104 for utterances without words.
    """
    root = parse_xml(path, data)
    expect_root(path, root, "CHAT", code="RK129", what="TalkBank's <CHAT>", hint="check that this is TalkBank XML")
    people = _participants(root)
    attributes = {key: root.get(attr).strip() for attr, key in ROOT_ATTRIBUTES.items() if (root.get(attr) or "").strip()}
    left = _Left()
    paragraphs: list[RawParagraph] = []
    utterances: list = [e for e in root if local_name(e) == "u"]
    if not utterances:
        raise TranscriptError("RK129", path, "the TalkBank XML has no <u> utterances", location=element_line(root),
                              hint="check that the transcript was exported with its utterances")
    comments, gems, empty = [], [], []
    codes: list[str] = []
    seen_u = False
    for element in root:
        name = local_name(element)
        if name == "comment":
            kind, text = (element.get("type") or "Comment").strip(), element_text(element)
            if not seen_u and text:  # above the first utterance: the header's @Comment, @Situation, @Bck ...
                key = "comment" if kind.casefold() in {"generic", "comment"} else kind.casefold().replace(" ", "_")
                attributes[key] = f"{attributes[key]}; {text[:500]}" if key in attributes else text[:500]
            elif seen_u:
                comments.append(f"line {element.sourceline} {kind} {text[:100]!r}")
        elif name in {"begin-gem", "end-gem", "lazy-gem"}:
            gems.append((element.get("label") or "").strip())
        elif name == "u":
            seen_u = True
            code = (element.get("who") or "").strip()
            if not code:
                raise TranscriptError("RK129", path, "an utterance has no speaker (who)", location=element_line(element),
                                      hint="every <u> of TalkBank XML names its speaker's code in who")
            codes.append(code)
            line = utterance_line(element, left)
            if not line:
                empty.append(element_line(element))
                continue
            paragraphs.append(RawParagraph(line, f"<u> {element.get('uID') or ''} line {element.sourceline}".replace("  ", " "),
                                           speaker=code, timestamp=_media(path, element)))
    if not paragraphs:
        raise TranscriptError("RK104", path, f"has {len(utterances)} utterance(s), none with words",
                              hint="check that the transcript was exported with its words")
    order = list(dict.fromkeys(codes))
    names = speaker_labels(people, order)
    paragraphs = [RawParagraph(p.text, p.location, speaker=names[p.speaker], timestamp=p.timestamp) for p in paragraphs]
    declared = {p.code for p in people}
    undeclared = [c for c in order if c not in declared]
    roles = {names[p.code]: chat_role(p.role) for p in people} | {names[c]: "other" for c in undeclared}
    if people:
        attributes["participants"] = participants_attribute(people)
        attributes.update({k: v for k, v in respondent_attributes(people).items() if k not in attributes})
    if any(gems):
        attributes["gems"] = "; ".join(dict.fromkeys(g for g in gems if g))
    timed = sum(p.timestamp is not None for p in paragraphs)
    notes = [f"read as TalkBank XML: {len(utterances)} utterance(s) of {len(order)} speaker(s), one per line, written in "
             f"CHAT's symbols; {timed} with a media time"]
    if undeclared:
        notes.append(f"speaker code(s) no <participant> declares: {', '.join(undeclared)}; labelled by the code, role other")
    if left.morphology:
        notes.append(f"the morphology tiers (%mor, %gra) of {left.morphology} word(s) and terminator(s) are not speech and are "
                     "left out of the text")
    if left.tiers:
        notes.append(f"dependent tiers are not speech and are left out of the text: "
                     f"{', '.join(f'{k} {n}' for k, n in sorted(left.tiers.items(), key=lambda kv: (-kv[1], kv[0])))}")
    if left.ca:
        notes.append(f"marks not written in the text (CA prosody, overlap points, media inside an utterance): "
                     f"{', '.join(f'{k} {n}' for k, n in sorted(left.ca.items()))}")
    if left.unknown:
        notes.append(f"elements this reader does not know, their words kept: {', '.join(f'<{k}> {n}' for k, n in sorted(left.unknown.items()))}")
    if comments:
        notes.append(f"{len(comments)} comment(s) between the utterances, left out of the text: {listed(comments, 10)}")
    if gems:
        notes.append(f"{len(gems)} gem marker(s) left out of the text; their labels are the 'gems' attribute")
    if empty:
        notes.append(f"{len(empty)} utterance(s) without words: {listed(empty, 5)}")
    label_map = LabelMap({**dict(labels or {}), **{names[k]: v for k, v in (labels or {}).items() if k in names}}).with_entries(roles)
    return assemble(doc_id, paragraphs, labels=label_map, attributes=attributes,
                    source=Source(source.path, source.sha256, "talkbank-xml", "utf-8"), notes=notes)

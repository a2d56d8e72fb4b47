"""Reader for OHMS XML (the Oral History Metadata Synchronizer of the Louie B. Nunn Center).

Oral-history archives (the Nunn Center, the Science History Institute, Aviary and Omeka sites)
export one ``.xml`` per interview: ``<ROOT><record id dt>`` (namespace
``https://www.weareavp.com/nunncenter/ohms``, older files ``avpreserve.com``, some none) with

- **metadata**: ``title``, ``interviewee``, ``interviewer``, ``date`` (its ``value`` attribute, else
  ``date_nonpreferred_format``), ``accession``, ``duration``, ``collection_name``, ``series_name``,
  ``repository``, ``language``, ``description`` become the attributes ``title``, ``interviewee``,
  ``interviewer``, ``date``, ``accession``, ``duration``, ``collection``, ``series``, ``repository``,
  ``language``, ``description`` (and the record's ``id`` ``record_id``), and ``rights``, ``usage``,
  ``funding``, ``type``, ``format`` under their names; the repeated ``subject`` and ``keyword`` elements become ``subjects``
  and ``keywords``, and a second (third ...) ``interviewer`` or ``interviewee`` joins the first (each
  value once, joined with ``; ``); the interviewers' names give the interviewer role, as an attributes
  sheet would;
- **the transcript**, in one of two shapes:

  - OHMS 6 (2025 on): ``<vtt_transcript>``, WebVTT in a CDATA block, speakers as voice tags
    (``<v SCHNEIDER>``), ``<br>`` for paragraph breaks inside a cue: read through the WebVTT reader's
    cues and the one cue → turn assembly of :mod:`researchkit.io.subtitles`;
  - legacy: ``<transcript>``, plain text with labels (``STURCHIO: ...``), hard-wrapped lines and blank
    lines between paragraphs: read as a text file's lines are (:mod:`researchkit.io.reflow` joins the
    wrapped lines) through the shared label assembly. Its ``<sync>`` (``1:|26(1)|34(1)|...``: every
    *interval* minutes, the transcript line and word where that minute begins) gives each paragraph
    the last minute mark before its first line as its time: turn times to the sync interval (a note
    says so); entries that are not ``line(word)`` or name a line past the end are noted.

- **footnotes**: a reference ``[[footnote]]1[[/footnote]]`` stays in the text as ``[1]``; the
  ``[[footnotes]]...[[/footnotes]]`` block with the notes themselves is left out, counted in a note;
  the viewer's ``[[link]]...[[/link]]`` markup leaves the text, the address stays.
- **left out, with a note**: the ``<index>`` (segment times, titles, synopses, keywords: the
  archivist's description of the interview, not its words; the note counts the segments and names
  the first), and the translation (``transcript_alt``/``vtt_transcript_alt``, its language named).
- **named in a note**: every other record field with words (``<version>``, ``<cms_record_id>``, ``<media_url>``, a
  second ``<title>``, words beside a ``<date value>``, a legacy ``<transcript>`` beside an OHMS 6 one), whole; the OHMS 6
  transcript's WebVTT blocks that are no cues (:func:`vtt_blocks_left_out`: ``NOTE TRANSCRIPTION END``); words a hand
  edit left between the record's fields (:mod:`researchkit.io.xmlstray`).

A record with an index but no transcript (``No transcript.``) is RK123, as is a file without a
``<record>`` or with several.

Examples
--------
>>> from researchkit.transcripts import Source
>>> data = (b'<ROOT xmlns="https://www.weareavp.com/nunncenter/ohms"><record id="7"><title>Harbour life</title>'
...         b'<interviewer>Ann Smith</interviewer><sync>1:|3(1)</sync>'
...         b'<transcript>SMITH: Where were you born?\\n\\nVOS: In Urk.\\nSMITH: And then?\\nVOS: Then Harlingen.</transcript>'
...         b'</record></ROOT>')
>>> t = read_ohms("R1.xml", data, doc_id="R1", source=Source("R1.xml", "0"))
>>> [(turn.speaker, turn.role, turn.timestamp, t.turn_text(turn)) for turn in t.turns]
[('SMITH', 'interviewer', 0.0, 'Where were you born?'), ('VOS', 'respondent', 0.0, 'In Urk.'), ('SMITH', 'interviewer', 60.0, 'And then?'), ('VOS', 'respondent', 60.0, 'Then Harlingen.')]
>>> t.attributes["title"], t.attributes["record_id"]
('Harbour life', '7')
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.limits import check_unit_count, count_lines
from researchkit.io.metadata import parse_header_lines
from researchkit.io.reflow import join_wrapped, wrapped_breaks
from researchkit.io.subtitles import cues_to_transcript, webvtt_cues
from researchkit.io.xmlsafe import element_text, local_name, parse_xml
from researchkit.io.xmlstray import stray_note, stray_text, unread_note, unread_text
from researchkit.transcripts import Source, Transcript, canonical_text

__all__ = ["read_ohms", "parse_sync", "strip_footnotes", "vtt_blocks_left_out", "METADATA", "LISTED"]

#: OHMS record fields -> attribute names.
METADATA = {"title": "title", "interviewee": "interviewee", "interviewer": "interviewer", "accession": "accession",
            "duration": "duration", "collection_name": "collection", "series_name": "series", "repository": "repository",
            "language": "language", "description": "description", "rights": "rights", "usage": "usage",
            "funding": "funding", "type": "type", "format": "format"}
#: OHMS elements that repeat, one value each: their values joined with "; " under these attribute names.
LISTED = {"subject": "subjects", "keyword": "keywords"}
#: Fields of :data:`METADATA` that an interview of several people repeats (``<interviewer>`` twice, one name each):
#: every value is kept, joined with "; " as :data:`LISTED` are.
PEOPLE = frozenset({"interviewee", "interviewer"})
#: What OHMS writes in ``<transcript>`` when there is none.
NO_TRANSCRIPT = frozenset({"no transcript.", "no transcript"})
#: Record fields read by design as a whole: the index and the translation (each named in a note), the sync marks,
#: the transcripts.
READ_WHOLE = frozenset({"index", "transcript_alt", "vtt_transcript_alt", "transcript_alt_lang", "sync", "vtt_transcript",
                        "date_nonpreferred_format"})
_BLOCKS = re.compile(r"\n[ \t]*\n")
_SYNC_HEAD = re.compile(r"\s*(\d{1,4})\s*:")
_SYNC_ENTRY = re.compile(r"\s*(\d{1,7})\((\d{1,5})\)\s*")
_FOOTNOTE_REF = re.compile(r"\[\[footnote\]\]\s*([^\[\]\n]{0,20}?)\s*\[\[/footnote\]\]")
_BR = re.compile(r"(?:<br\s*/?>\s*)+", re.IGNORECASE)  # a run of breaks is one line break: a blank line would end the cue


def parse_sync(sync: str, n_lines: int) -> tuple[list[tuple[int, float]], list[str]]:
    """The minute marks of an OHMS ``<sync>`` string: ``(0-based line, seconds)``, and the entries refused.

    ``"1:|26(1)|34(1)"``: every 1 minute, the line (1-based) and word where that minute begins; the
    first entry is minute 1. Entries that are not ``line(word)``, or name a line past ``n_lines``,
    are refused (each still counts as its minute).

    Examples
    --------
    >>> parse_sync("1:|2(1)|5(3)|x|99(1)", 10)
    ([(1, 60.0), (4, 120.0)], ["'x'", "'99(1)' (line 99 of 10)"])
    >>> parse_sync("", 10), parse_sync("0:|1(1)", 10)
    (([], []), ([], ['interval 0']))
    """
    head = _SYNC_HEAD.match(sync)
    if head is None:
        return [], ([repr(sync.strip()[:30])] if sync.strip() else [])
    interval = int(head.group(1)) * 60
    if interval == 0:
        return [], ["interval 0"]
    marks, refused = [], []
    for minute, entry in enumerate((e for e in sync[head.end():].split("|") if e.strip()), start=1):
        m = _SYNC_ENTRY.fullmatch(entry)
        if m is None:
            refused.append(repr(entry.strip()[:30]))
            continue
        line = int(m.group(1))
        if not 1 <= line <= n_lines:
            refused.append(f"{entry.strip()!r} (line {line} of {n_lines})")
            continue
        marks.append((line - 1, float(minute * interval)))
    return marks, refused


def strip_footnotes(text: str) -> tuple[str, int]:
    """Footnote references as ``[1]``, the ``[[footnotes]]`` blocks out (their lines kept empty, so sync line
    numbers still count) and the ``[[link]]`` markup out (its address stays); and the number of notes left out.
    Linear: one scan for each block.

    Examples
    --------
    >>> strip_footnotes("A claim [[footnote]]1[[/footnote]]\\n\\n[[footnotes]]\\n[[note]]A citation[[/note]]\\n[[/footnotes]]")
    ('A claim [1]\\n\\n\\n\\n', 1)
    >>> strip_footnotes("See [[link]]https://example.org[[/link]].")
    ('See https://example.org.', 0)
    """
    text = _FOOTNOTE_REF.sub(lambda m: f"[{m.group(1)}]", text)
    text = text.replace("[[link]]", "").replace("[[/link]]", "")  # the OHMS viewer's link markup: the address stays
    out, position, notes = [], 0, 0
    while True:
        start = text.find("[[footnotes]]", position)
        if start < 0:
            break
        end = text.find("[[/footnotes]]", start)
        end = len(text) if end < 0 else end + len("[[/footnotes]]")
        block = text[start:end]
        notes += block.count("[[note]]") or 1
        out.append(text[position:start])
        out.append("\n" * block.count("\n"))
        position = end
    out.append(text[position:])
    return "".join(out), notes


def _child(record, name: str):
    return next((child for child in record if local_name(child) == name), None)


def _field(record, name: str) -> str:
    element = _child(record, name)
    return element_text(element) if element is not None else ""


def _joined(record, name: str) -> str:
    """The values of the record's ``name`` children, in file order, each once, joined with ``; ``.

    Examples
    --------
    >>> from lxml import etree
    >>> _joined(etree.fromstring("<record><interviewer>Ann</interviewer><interviewer>Bo</interviewer>"
    ...                          "<interviewer>Ann</interviewer></record>"), "interviewer")
    'Ann; Bo'
    """
    return "; ".join(dict.fromkeys(element_text(c) for c in record if local_name(c) == name and element_text(c)))


def _read_fields(record) -> set:
    """The record's children whose words the reader reads (attributes, notes, the transcripts); the others are named
    in a note. A field read once (``title``) is read in its first element: a second one is not."""
    read: set = set()
    for element in record:
        name = local_name(element)
        if name in PEOPLE or name in LISTED or name in READ_WHOLE:
            read.add(element)
        elif name in METADATA and _child(record, name) is element:
            read.add(element)
        elif name == "date" and _child(record, name) is element and (
                not element_text(element) or element_text(element) == (element.get("value") or "").strip()):
            read.add(element)  # its value attribute is read; words typed beside it are not
    return read


def vtt_blocks_left_out(vtt: str) -> list[str]:
    """The words of the WebVTT blocks that are no cues and no attributes: ``NOTE`` comments (one before the first cue
    without its ``Key: value`` lines, which :func:`researchkit.io.subtitles.webvtt_cues` reads), words after the
    ``WEBVTT`` line, ``STYLE``/``REGION`` blocks and text after a blank line that ends a cue; each block's lines joined
    with `` / ``.

    Examples
    --------
    >>> vtt_blocks_left_out("WEBVTT\\n\\nNOTE\\nTRANSCRIPTION BEGIN\\n\\nNOTE\\nport: Urk\\ngroup: fishers\\n\\n"
    ...                     "00:01.000 --> 00:02.000\\nja\\n\\nmore words\\n\\nNOTE\\nTRANSCRIPTION END\\nby Bo\\n")
    ['NOTE TRANSCRIPTION BEGIN', 'more words', 'NOTE TRANSCRIPTION END / by Bo']
    """
    found: list[str] = []
    cue_seen = False
    blocks = _BLOCKS.split(vtt.replace("\r\n", "\n").replace("\r", "\n").strip())
    for number, block in enumerate(blocks):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        first = lines[0].strip()
        if number == 0 and first.startswith("WEBVTT"):  # the signature; words after it (a title) and header lines kept
            lines = [first[6:]] + lines[1:]
        elif "-->" in block:
            cue_seen = True
            continue
        elif first == "NOTE" or first.startswith(("NOTE ", "NOTE\t")):
            body = ([first[4:]] if first != "NOTE" else []) + lines[1:]
            if not cue_seen:
                body = body[parse_header_lines(body, require_terminator=False)[1]:]
            lines = ["NOTE " + body[0].strip()] + body[1:] if body else []
        words = " / ".join(" ".join(line.split()) for line in lines if line.strip())
        if words:
            found.append(words)
    return found


def _attributes(record) -> dict:
    attributes: dict = {}
    if record.get("id"):
        attributes["record_id"] = record.get("id").strip()
    for field, key in METADATA.items():
        value = _field(record, field) if field not in PEOPLE else _joined(record, field)
        if value and not (field == "duration" and value.replace("0", "").replace(":", "") == ""):
            attributes[key] = value
    for field, key in LISTED.items():  # repeated elements (one subject heading or keyword each), in file order
        value = _joined(record, field)
        if value:
            attributes[key] = value
    date = _child(record, "date")
    value = (date.get("value") or "").strip() if date is not None else ""
    value = value or _field(record, "date_nonpreferred_format")
    if value and value.casefold() != "unknown date":
        attributes["date"] = value
    return attributes


def _index_note(record) -> list[str]:
    index = _child(record, "index")
    points = [p for p in index if local_name(p) == "point"] if index is not None else []
    if not points:
        return []
    shown = []
    for point in points[:3]:
        seconds, title = _field(point, "time"), _field(point, "title")
        shown.append(f"{seconds}s {title!r}" if title else f"{seconds}s")
    return [f"the OHMS index ({len(points)} segment(s) with times, titles, synopses and keywords: the archive's description "
            f"of the interview, not its words) is left out of the text: {', '.join(shown)}" + (" ..." if len(points) > 3 else "")]


def _translation_note(record) -> list[str]:
    for name in ("vtt_transcript_alt", "transcript_alt"):
        element = _child(record, name)
        text = "".join(element.itertext()).strip() if element is not None else ""
        if text:
            language = _field(record, "transcript_alt_lang")
            return [f"the translation in <{name}>" + (f" ({language})" if language else "")
                    + f", {len(text)} characters, is left out; researchkit reads the transcript in <transcript>/<vtt_transcript>"]
    return []


def _vtt_transcript(path, vtt: str, *, doc_id, source, labels, attributes, notes) -> Transcript:
    """The OHMS 6 transcript: WebVTT with ``<br>`` breaks inside cues, footnotes as in the legacy text."""
    vtt, footnotes = strip_footnotes(vtt)
    if footnotes:
        notes.append(f"{footnotes} footnote(s) of the OHMS transcript left out (their references stay as [n])")
    cues, meta = webvtt_cues(path, _BR.sub("\n", vtt.strip()), fmt="vtt")
    return cues_to_transcript(path, cues, doc_id=doc_id, source=Source(source.path, source.sha256, "ohms", "utf-8"),
                              labels=labels, attributes={**meta, **attributes}, notes=notes, references=True)


def _text_paragraphs(text: str, marks: list[tuple[int, float]]) -> tuple[list[RawParagraph], int]:
    """The legacy transcript's lines as paragraphs (wrapped lines joined), each with the last minute mark before it;
    and the number of line breaks joined."""
    lines = canonical_text(text).split("\n")
    wraps = wrapped_breaks(lines)
    joined = join_wrapped(lines, wraps)
    paragraphs = []
    mark_index, current = 0, (0.0 if marks else None)
    for line, parts in joined:
        first = parts[0][1]
        while mark_index < len(marks) and marks[mark_index][0] < first:
            current = marks[mark_index][1]
            mark_index += 1
        if line.strip():
            where = f"transcript line {first + 1}" if len(parts) == 1 else f"transcript lines {first + 1}-{parts[-1][1] + 1}"
            paragraphs.append(RawParagraph(line, where, timestamp=current))
    return paragraphs, len(wraps)


def read_ohms(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
) -> Transcript:
    """Read an OHMS XML export from its bytes (see the module docstring).

    Raises
    ------
    TranscriptError
        RK121 for XML that is not well-formed; RK123 for a file without one ``<record>`` or a record
        without a transcript.
    """
    check_unit_count(path, count_lines(data), "lines")
    root = parse_xml(path, data)
    records = [child for child in root if local_name(child) == "record"]
    if len(records) != 1:
        found = "no <record>" if not records else f"{len(records)} <record> elements"
        raise TranscriptError("RK123", path, f"the OHMS file has {found}; researchkit reads one interview per file",
                              location=f"line {root.sourceline}, <{local_name(root)}>",
                              hint="export each interview from OHMS as its own XML file" if records else "check that this is an OHMS export")
    record = records[0]
    attributes = _attributes(record)
    notes = _index_note(record) + _translation_note(record)
    read = _read_fields(record)
    vtt = _child(record, "vtt_transcript")
    vtt_text = "".join(vtt.itertext()) if vtt is not None else ""
    legacy = _child(record, "transcript")
    if not vtt_text.strip() or legacy is None or not element_text(legacy) or element_text(legacy).casefold() in NO_TRANSCRIPT:
        read.add(legacy)  # read below; beside an OHMS 6 transcript, its words are named in a note
    strays = stray_text(root, lambda e: e.getparent() is record)  # words between the record's fields, around it
    if strays:
        notes.append(stray_note(strays))
    unread = unread_text(record, lambda e: e in read, frozenset())
    if unread:
        notes.append(unread_note(unread, "OHMS record"))
    if vtt_text.strip():
        blocks = vtt_blocks_left_out(vtt_text)
        if blocks:
            notes.append(f"{len(blocks)} block(s) of the OHMS WebVTT transcript that are no cues (NOTE comments, text after "
                         f"a blank line), not in the transcript: {'; '.join(repr(b) for b in blocks)}")
        return _vtt_transcript(path, vtt_text, doc_id=doc_id, source=source, labels=labels, attributes=attributes, notes=notes)
    element = _child(record, "transcript")
    text = "".join(element.itertext()) if element is not None else ""
    if not text.strip() or text.strip().casefold() in NO_TRANSCRIPT:
        index = _child(record, "index")
        points = len([p for p in index if local_name(p) == "point"]) if index is not None else 0
        raise TranscriptError(
            "RK123", path, f"the OHMS record has no transcript (<transcript> is {text.strip()[:30]!r})"
            + (f", only an index of {points} segment(s)" if points else ""),
            location=f"line {element.sourceline if element is not None else record.sourceline}, <transcript>",
            hint="export the record again once it is transcribed; an index alone has no words to code",
        )
    text, footnotes = strip_footnotes(text.replace("\r\n", "\n").replace("\r", "\n"))
    if footnotes:
        notes.append(f"{footnotes} footnote(s) of the OHMS transcript left out (their references stay as [n])")
    sync = _field(record, "sync")
    marks, refused = parse_sync(sync, text.count("\n") + 1)
    if marks:
        notes.append(f"turn times come from the OHMS <sync> minute marks ({len(marks)}): each is the last mark before the "
                     "turn's first line, so times are right to the sync interval, not to the second")
    if refused:
        notes.append(f"{len(refused)} <sync> entr(y/ies) refused (not line(word), or past the transcript's end): "
                     + ", ".join(refused[:5]) + (" ..." if len(refused) > 5 else ""))
    paragraphs, wraps = _text_paragraphs(text, marks)
    if wraps:
        notes.append(f"hard-wrapped text: {wraps} line breaks inside paragraphs joined with a space, as in a text file")
    return assemble(doc_id, paragraphs, labels=labels, attributes=attributes,
                    source=Source(source.path, source.sha256, "ohms", "utf-8"), notes=notes)

"""Reader for Word transcripts (``.docx``) with python-docx.

Body paragraphs and tables are read in document order, with tracked insertions read as
accepted and the text of content controls (``w:sdt``) kept; headers, footers, comments,
footnotes, images and deleted (tracked) text are not part of the body: they are left
out and a note says so. A
metadata block at the top — a two-column table or ``Key: value`` paragraphs —
becomes the transcript's attributes. Other tables are kept as text, one paragraph
per row, cells separated by `` | ``; a table whose first row names a speaker and a
text column (``Time | Speaker | Comment`` from AWS Transcribe, ``Tijd | Spreker |
Tekst``) is a transcript: each row's speaker cell is its label and its time cell its
timestamp. A line break inside a paragraph (``Shift+Enter``, as Teams writes
``Name   0:03`` above the speech) separates lines like a paragraph break does, so
a label on the first line is found. Leading bold runs are passed on so that bold
speaker labels are recognised.

Before python-docx opens the file, the zip container is checked: a password-protected
Word file (an OLE container), an old ``.doc`` renamed ``.docx``, a corrupt zip, or a
zip bomb (uncompressed parts larger than ``max_uncompressed`` or compressed more than
``MAX_RATIO`` times) is refused with a clear error, without inflating anything.
"""

from __future__ import annotations

import gc
import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.furniture import subtitle_furniture
from researchkit.io.limits import check_unit_count, count_tags_in_zip
from researchkit.io.linenumbers import number_items, typed_number_length, with_line_numbers, word_line_numbering
from researchkit.io.metadata import normalise_key, normalise_value, parse_header_lines
from researchkit.io.speakers import LabelMatch, match_label, parse_timestamp
from researchkit.io.text import furniture_notes
from researchkit.transcripts import Source, Transcript

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200



#: What reading a damaged zip container (docx, odt) can raise: bad headers, a corrupt deflate
#: stream, a truncated member, an unsupported compression method. Each becomes RK103.
CORRUPT_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError, NotImplementedError, RuntimeError)

def check_container(path: str | Path, data: bytes, *, max_uncompressed: int = MAX_UNCOMPRESSED) -> None:
    """Refuse files that are not a safe-to-open Word zip container.

    Raises
    ------
    TranscriptError
        RK103 (encrypted, old .doc, corrupt) or RK107 (zip bomb).

    Examples
    --------
    >>> check_container("x.docx", b"not a zip")
    Traceback (most recent call last):
    ...
    researchkit.errors.TranscriptError: [RK103] x.docx: is not a Word .docx file (not a zip container). What to do: open it in Word and save it again as .docx.
    """
    if data.startswith(OLE_MAGIC):
        raise TranscriptError(
            "RK103", path,
            "is password-protected or an old binary Word (.doc) file, which cannot be read",
            hint="remove the password (File > Info > Protect Document) or save it as .docx, then ingest it again",
        )
    if not data.startswith(b"PK"):
        raise TranscriptError("RK103", path, "is not a Word .docx file (not a zip container)", hint="open it in Word and save it again as .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            total = sum(i.file_size for i in infos)
            compressed = sum(i.compress_size for i in infos) or 1
            if total > max_uncompressed or (total > 10 * 1024 * 1024 and total / compressed > MAX_RATIO):
                raise TranscriptError(
                    "RK107", path,
                    f"would unpack to {total / 1e6:.0f} MB ({total / compressed:.0f} times its size): refused as a possible zip bomb",
                    hint="if the file is genuine, split it or pass max_bytes=... with a larger limit",
                )
            if "word/document.xml" not in names:
                raise TranscriptError("RK103", path, "is a zip file but has no word/document.xml: not a Word document", hint="open it in Word and save it again as .docx")
            bad = archive.testzip() if total <= 50 * 1024 * 1024 else None
            if bad:
                raise TranscriptError("RK103", path, f"is corrupt (the part {bad} fails its checksum)", hint="restore the file from a backup or export it again")
    except TranscriptError:
        raise
    except CORRUPT_ZIP_ERRORS as err:
        raise TranscriptError("RK103", path, f"is corrupt ({err})", hint="open it in Word and save it again as .docx") from None


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Subtrees whose text is not part of the spoken text: drawings and text boxes, the
#: fallback copy of alternate content, field codes, deleted text.
_SKIP = {f"{W}drawing", f"{W}pict", f"{W}del", f"{W}moveFrom", f"{W}instrText", f"{W}delText",
         f"{W}footnoteReference", f"{W}endnoteReference", f"{W}object",
         "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}


def _on(element) -> bool | None:
    """``w:b``/``w:bCs`` toggles: present without ``w:val`` or with a true value means on."""
    if element is None:
        return None
    return element.get(f"{W}val", "true").lower() not in {"false", "0", "off", "none"}


# Tags of the paragraph walk, made once (an f-string in a loop is built again at every comparison).
_R, _T, _RPR, _PPR, _B, _I, _RSTYLE, _PSTYLE, _VAL = (f"{W}{name}" for name in ("r", "t", "rPr", "pPr", "b", "i", "rStyle", "pStyle", "val"))
_OUTLINE = f"{W}outlineLvl"
_STYLE, _STYLE_ID, _TYPE, _NAME, _BASED_ON = (f"{W}{name}" for name in ("style", "styleId", "type", "name", "basedOn"))
#: Elements that stand for a character of their own in a run's text.
_CHARACTERS = {f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}
#: An argument the caller has not looked up (``None`` is a looked-up absence).
_UNKNOWN = object()


def _paragraph_runs(p) -> list[tuple[str, bool | None]]:
    """The text of a ``w:p`` as ``(text, bold)`` pieces in order, tracked insertions and content controls included.

    Children are looked up with lxml's C-level ``iterchildren`` rather than ``find``, whose path parser is
    Python code run again for every run.
    """
    pieces: list[tuple[str, bool | None]] = []
    append = pieces.append

    def walk(element, bold: bool | None) -> None:
        for child in element:
            tag = child.tag
            if tag == _T:
                append((child.text or "", bold))
            elif tag == _R:
                rpr = next(child.iterchildren(_RPR), None)
                if rpr is None:
                    walk(child, None)
                    continue
                run_bold = _on(next(rpr.iterchildren(_B), None))
                if run_bold is None:
                    style = next(rpr.iterchildren(_RSTYLE), None)
                    run_bold = ("r", style.get(_VAL)) if style is not None else None
                walk(child, run_bold)
            elif tag in _CHARACTERS:
                append((_CHARACTERS[tag], bold))
            elif tag in _SKIP or tag == _PPR or tag == _RPR or not isinstance(tag, str):
                continue
            else:
                walk(child, bold)

    walk(p, None)
    return pieces


def _bold_prefix(pieces: list[tuple[str, object]], style_bold: dict, paragraph_style: str | None, text: str | None = None) -> int:
    """Number of leading characters printed in bold, counting whitespace only when bold text follows it.

    A whitespace-only run that is not bold (an indent before ``I:``) neither counts as
    bold nor ends the bold prefix, but the prefix never ends in such whitespace; nor does
    a line number typed before the text (``12<tab>``), which the reader takes out.
    ``text`` is the pieces joined, when the caller has it. A line none of whose pieces
    is bold (no ``w:b``, no character style, and a paragraph style that is not bold) has
    no bold prefix, found without looking at its text.
    """
    if not style_bold.get(paragraph_style) and all(bold is None or bold is False for _, bold in pieces):
        return 0
    count = 0
    confirmed = 0
    skip = typed_number_length("".join(t for t, _ in pieces) if text is None else text)
    for text, bold in pieces:
        used = min(skip, len(text))
        skip, count, text = skip - used, count + used, text[used:]
        if not text:
            continue
        if isinstance(bold, tuple):
            bold = style_bold.get(bold[1])
        if bold is None:
            bold = style_bold.get(paragraph_style)
        if bold:
            count += len(text)
            if text.strip():
                confirmed = count
        elif text.strip():
            break
        else:
            count += len(text)
    return confirmed


def _wholly_italic(p, style_italic: dict, paragraph_style=_UNKNOWN) -> bool:
    """Whether every run of a ``w:p`` that holds text is printed in italics (its own ``w:i``, its character
    style or the paragraph's style).

    ``paragraph_style`` is the paragraph's ``w:pStyle`` element (or ``None``) when the caller has looked it up.
    A run holds text when one of its ``w:t`` has a character other than white space (the same as its joined
    text stripped being non-empty), so the test stops at the first such ``w:t``.
    """
    style = _paragraph_style(p) if paragraph_style is _UNKNOWN else paragraph_style
    paragraph_italic = style_italic.get(style.get(_VAL)) if style is not None else None
    seen = False
    for run in p.iter(_R):
        for t in run.iter(_T):
            text = t.text
            if text and not text.isspace():
                break
        else:
            continue
        seen = True
        rpr = next(run.iterchildren(_RPR), None)
        own = None
        if rpr is not None:
            own = _on(next(rpr.iterchildren(_I), None))
            if own is None:
                rstyle = next(rpr.iterchildren(_RSTYLE), None)
                if rstyle is not None:
                    own = style_italic.get(rstyle.get(_VAL))
        if not (own if own is not None else paragraph_italic):
            return False
    return seen


def _paragraph_style(p):
    """The ``w:pStyle`` of a ``w:p`` (the first in its ``w:pPr`` children, as ``p.find("w:pPr/w:pStyle")``), or ``None``."""
    for ppr in p.iterchildren(_PPR):
        for style in ppr.iterchildren(_PSTYLE):
            return style
    return None


def _cell_texts(tr) -> list[str]:
    texts = []
    for tc in tr.iter(f"{W}tc"):
        if tc.getparent() is not tr:
            continue  # a nested table's cell
        paragraphs = ["".join(t for t, _ in _paragraph_runs(p)) for p in tc.iter(f"{W}p")]
        texts.append(" ".join(" ".join(paragraphs).split()))
    return texts


def _table_as_pairs(tbl) -> dict[str, str] | None:
    rows = [r for r in tbl if r.tag == f"{W}tr"]
    if not rows:
        return None
    pairs: dict[str, str] = {}
    for row in rows:
        cells = _cell_texts(row)
        if len(cells) != 2:
            return None
        key, value = cells[0].strip().rstrip(":").strip(), cells[1].strip()
        if not key or len(key) > 40:
            return None
        pairs[normalise_key(key)] = normalise_value(value)
    return pairs if len(pairs) >= 2 else None


def _transcript_rows(tbl, table_number: int) -> list[tuple[str, str, int, LabelMatch | None]] | None:
    """A table with a header row naming speaker and text columns, as labelled rows; else ``None``.

    Each row is written as its non-empty cells joined by `` | `` (``0:00:03 | spk_0 | Is this
    on?``); the speaker cell is the label, the time cell the timestamp, and the turn is the
    text cell.
    """
    from researchkit.io.table import cell_seconds, find_columns

    rows = [_cell_texts(r) for r in tbl if r.tag == f"{W}tr"]
    if len(rows) < 2:
        return None
    found = find_columns(rows[0])
    if "speaker" not in found or "text" not in found:
        return None
    column = {role: rows[0].index(name) for role, name in found.items()}
    out: list[tuple[str, str, int, LabelMatch | None]] = [(" | ".join(c for c in rows[0] if c), f"table {table_number}, row 1", 0, None)]
    for number, cells in enumerate(rows[1:], start=2):
        cells = cells + [""] * (len(rows[0]) - len(cells))
        kept = [(i, c) for i, c in enumerate(cells) if c]
        if not kept:
            continue
        line = " | ".join(c for _, c in kept)
        speaker, text = cells[column["speaker"]], cells[column["text"]]
        label = None
        if speaker and text:
            offset = sum(len(c) + 3 for i, c in kept if i < column["text"])
            ts = cell_seconds(cells[column["start"]]) if "start" in column and cells[column["start"]] else None
            label = LabelMatch(speaker, ts, offset, evidence="column")
        out.append((line, f"table {table_number}, row {number}", 0, label))
    return out


def _split_lines(pieces: list[tuple[str, object]]) -> list[list[tuple[str, object]]]:
    """A paragraph's pieces cut at its line breaks (``w:br``), one list per line; empty pieces are left out."""
    if not any("\n" in text for text, _ in pieces):
        return [[piece for piece in pieces if piece[0]]]
    lines: list[list[tuple[str, object]]] = [[]]
    for text, bold in pieces:
        parts = text.split("\n")
        for k, part in enumerate(parts):
            if k:
                lines.append([])
            if part:
                lines[-1].append((part, bold))
    return lines


def _paragraph_items(block, number: int, style_bold: dict, style=_UNKNOWN) -> list[tuple[str, str, int, None]]:
    """One item per line of a ``w:p``: its text, location and bold prefix (``style``: its ``w:pStyle`` or ``None``, if looked up)."""
    if style is _UNKNOWN:
        style = _paragraph_style(block)
    style_id = style.get(_VAL) if style is not None else None
    pieces = _paragraph_runs(block)
    text = "".join([t for t, _ in pieces])
    if "\n" not in text:  # one line (empty pieces, which _split_lines leaves out, change no bold prefix)
        return [(text, f"paragraph {number}", _bold_prefix(pieces, style_bold, style_id, text), None)]
    lines = _split_lines(pieces)
    items = []
    for k, line in enumerate(lines, start=1):
        text = "".join([t for t, _ in line])
        where = f"paragraph {number}, line {k}" if len(lines) > 1 else f"paragraph {number}"
        items.append((text, where, _bold_prefix(line, style_bold, style_id, text), None))
    return items


def _paragraph_layout(block, style_heading: set[str]) -> tuple[object, bool]:
    """A ``w:p``'s paragraph style element (as :func:`_paragraph_style`, or ``None``) and whether it is a
    heading (in a heading style, or with an outline level of its own other than 9), from one look at its ``w:pPr``."""
    ppr = next(block.iterchildren(_PPR), None)
    if ppr is None:
        return None, False
    style = next(ppr.iterchildren(_PSTYLE), None)
    level = next(ppr.iterchildren(_OUTLINE), None)
    titled = (style is not None and style.get(_VAL) in style_heading) or (level is not None and level.get(_VAL) != "9")
    if style is None:  # a later w:pPr (not written by Word) may hold the style, as p.find("w:pPr/w:pStyle") finds it
        style = next((s for other in ppr.itersiblings(_PPR) for s in other.iterchildren(_PSTYLE)), None)
    return style, titled


#: ``w:val`` of an on/off property (``<w:b/>`` alone is on); any other value is read as not set.
_ON_OFF = {"1": True, "true": True, "on": True, "0": False, "false": False, "off": False}


def _style_facts(document) -> tuple[dict[str, bool | None], dict[str, bool | None], set[str]]:
    """Bold and italic of each paragraph, character and table style (``True``/``False``, ``None`` when
    the style does not say), and the ids of the heading styles, in one pass over ``styles.xml``.

    Headings are Word's built-in ``Heading 1``-``9`` (named so in every language's file: Dutch
    Word's ``Kop 1`` is ``heading 1`` inside), styles with an outline level, styles whose name
    or id is a localized heading name with its level (``Kop 1``/``Kop1``, ``Überschrift 1``/``berschrift1``,
    ``Titre 1``, ``Título 1``: written so by converters and older Word versions, often without
    an outline level), and styles based on a heading style (a house style ``Interviewdeel``
    based on ``Kop 2``) unless their own outline level is 9 (body text). Read from the
    XML rather than through python-docx's style objects: three times quicker on a typical file,
    and a style without ``w:type`` (the standard's default, ``paragraph``) is read, not refused.
    """
    bold: dict[str, bool | None] = {}
    italic: dict[str, bool | None] = {}
    headings: set[str] = set()
    based_on: dict[str, str] = {}  # style id -> the style it is based on (paragraph styles without an outline level of their own)

    def on_off(element) -> bool | None:
        return None if element is None else _ON_OFF.get(element.get(_VAL, "true"))

    for style in document.styles.element.iterchildren(_STYLE):
        style_id = style.get(_STYLE_ID)
        style_type = style.get(_TYPE, "paragraph")
        if style_type == "numbering":
            continue
        rpr = next(style.iterchildren(_RPR), None)
        bold[style_id] = on_off(next(rpr.iterchildren(_B), None)) if rpr is not None else None
        italic[style_id] = on_off(next(rpr.iterchildren(_I), None)) if rpr is not None else None
        name = next(style.iterchildren(_NAME), None)
        level = next((lvl for ppr in style.iterchildren(_PPR) for lvl in ppr.iterchildren(_OUTLINE)), None)
        name_text = (name.get(_VAL) or "") if name is not None else ""
        if (name_text.casefold().startswith("heading") or _is_heading_name(name_text) or _is_heading_name(style_id or "")
                or (level is not None and level.get(_VAL) != "9")):
            headings.add(style_id)
            continue
        if level is not None:
            continue  # outline level 9 (body text): not a heading, whatever it is based on
        parent = next(style.iterchildren(_BASED_ON), None)
        if parent is not None and style_type == "paragraph" and parent.get(_VAL):
            based_on[style_id] = parent.get(_VAL)
    for style_id in based_on:
        seen, current = {style_id}, based_on[style_id]
        while current not in headings and current in based_on and current not in seen:  # a cycle ends the walk
            seen.add(current)
            current = based_on[current]
        if current in headings:
            headings.add(style_id)
    return bold, italic, headings


#: Heading style names and ids in the languages Word is localized to, with the level: ``heading 1``,
#: Dutch ``Kop 1``, German ``Überschrift 1`` (id ``berschrift1``: Word drops the non-ASCII letter),
#: French ``Titre 1``, Spanish ``Título 1`` (id ``Ttulo1``) and ``Encabezado 1``, Italian ``Titolo 1``,
#: Portuguese ``Cabeçalho 1``, Swedish/Danish/Norwegian ``Rubrik 1``/``Overskrift 1``.
_HEADING_NAME_RE = re.compile(
    r"(?:heading|kop|überschrift|berschrift|titre|título|ttulo|titulo|encabezado|titolo|cabeçalho|cabealho|"
    r"rubrik|overskrift)[ _]?[1-9]",
    re.IGNORECASE,
)


def _is_heading_name(name: str) -> bool:
    """Whether a style name or id is a heading's, in English or a localized Word (``Kop 1``, ``berschrift1``).

    Examples
    --------
    >>> [_is_heading_name(n) for n in ("heading 1", "Kop1", "Überschrift 2", "berschrift1", "Titre 1", "Title", "Kop")]
    [True, True, True, True, True, False, False]
    """
    return _HEADING_NAME_RE.fullmatch(name.strip()) is not None


def _table_rows_as_text(tbl) -> list[str]:
    lines = []
    for row in (r for r in tbl if r.tag == f"{W}tr"):
        line = " | ".join(_cell_texts(row)).strip(" |")
        if line:
            lines.append(line)
    return lines


def _body(path: str | Path, root) -> object:
    """The ``w:body`` of the main part; RK103 when the part is another XML document or has no body.

    Examples
    --------
    >>> from lxml import etree
    >>> _body("x.docx", etree.fromstring("<x/>"))
    Traceback (most recent call last):
    ...
    researchkit.errors.TranscriptError: [RK103] x.docx: word/document.xml is not a Word document body (its root element is <x>, not <w:document> with a <w:body>). What to do: open it in Word and save it again as .docx.
    """
    body = root.find(f"{W}body") if root.tag == f"{W}document" else None
    if body is None:
        tag = root.tag.replace(W, "w:") if isinstance(root.tag, str) else repr(root.tag)
        what = "has no <w:body>" if root.tag == f"{W}document" else f"its root element is <{tag}>, not <w:document> with a <w:body>"
        raise TranscriptError("RK103", path, f"word/document.xml is not a Word document body ({what})",
                              hint="open it in Word and save it again as .docx")
    return body


def _blocks(container) -> list:
    """Body-level ``w:p`` and ``w:tbl`` in order, looking inside content controls and inserted blocks."""
    out = []
    for child in container:
        if child.tag in (f"{W}p", f"{W}tbl"):
            out.append(child)
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins", f"{W}moveTo", f"{W}smartTag"):
            out.extend(_blocks(child))
    return out


def _dropped_notes(document, body) -> list[str]:
    """Notes on what the body reader leaves out: deletions, comments, images, headers and footers."""
    notes = []
    deleted = ["".join(t.text or "" for t in d.iter(f"{W}delText")) for d in body.iter(f"{W}del")]
    inserted = sum(1 for _ in body.iter(f"{W}ins"))
    if inserted or deleted:
        shown = "; ".join(repr(d) for d in deleted[:3] if d) + (" ..." if len(deleted) > 3 else "")
        notes.append(
            f"tracked changes: {inserted} insertion(s) read as accepted, {len(deleted)} deletion(s) left out"
            + (f" ({shown})" if shown else "") + "; accept or reject the changes in Word if this is wrong"
        )
    if sum(1 for _ in body.iter(f"{W}sdt")):
        notes.append("content controls (form fields) read as ordinary text")
    comments = sum(1 for _ in body.iter(f"{W}commentReference"))
    if comments:
        notes.append(f"{comments} comment(s) in the margin are not part of the text and were left out")
    images = sum(1 for tag in (f"{W}drawing", f"{W}pict") for _ in body.iter(tag))
    if images:
        notes.append(f"{images} image(s) or text box(es) left out")
    for kind in ("header", "footer"):
        texts = {p.text.strip() for s in document.sections for p in getattr(s, kind).paragraphs if p.text.strip()}
        if texts:
            notes.append(f"page {kind} left out: {' / '.join(sorted(texts))[:120]}")
    return notes


def _metadata_table(blocks: list) -> int | None:
    """Index of a two-column metadata table among the first blocks, after only title-like paragraphs."""
    for index, block in enumerate(blocks[:6]):
        if block.tag == f"{W}tbl":
            return index if _table_as_pairs(block) is not None else None
        text = "".join(t for t, _ in _paragraph_runs(block)).strip()
        if text and (len(text) > 120 or match_label(text) is not None):
            return None
    return None


def read_docx(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
    max_uncompressed: int = MAX_UNCOMPRESSED,
) -> Transcript:
    """Read a Word transcript from its bytes (see module docstring).

    Examples
    --------
    >>> import docx, io
    >>> d = docx.Document(); _ = d.add_paragraph("I: Dag."); _ = d.add_paragraph("R: Hoi.")
    >>> buf = io.BytesIO(); d.save(buf)
    >>> t = read_docx("a.docx", buf.getvalue(), doc_id="a", source=Source("a.docx", "0"))
    >>> [turn.role for turn in t.turns]
    ['interviewer', 'respondent']
    """
    import docx
    from lxml.etree import XMLSyntaxError

    check_container(path, data, max_uncompressed=max_uncompressed)
    check_unit_count(path, count_tags_in_zip(data, "word/document.xml", b"p"), "paragraphs (<w:p> elements)")
    try:
        document = docx.Document(io.BytesIO(data))
        body = _body(path, document.element)
        blocks = _blocks(body)
        style_bold, style_italic, style_heading = _style_facts(document)
        notes = _dropped_notes(document, body) + word_line_numbering(document.sections)
    except TranscriptError:
        raise
    except (KeyError, ValueError, XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as err:
        raise TranscriptError("RK103", path, f"could not be read as a Word document ({type(err).__name__}: {err})", hint="open it in Word and save it again as .docx") from None
    attributes: dict = {}
    metadata_table = _metadata_table(blocks)
    if metadata_table is not None:
        attributes.update(_table_as_pairs(blocks[metadata_table]))
    items: list[tuple[str, str, int, LabelMatch | None]] = []  # (text, location, bold_prefix, label)
    italic: list[bool] = []  # each item printed wholly in italics
    heading: list[bool] = []  # each item in a heading style (between turns: a section marker)
    paragraph_number = table_number = 0
    # Without a w:i in the body or an italic style no run is in italics: no paragraph is wholly italic, known
    # from one C-level scan (only the w:i elements become Python objects) instead of a look at every run.
    italic_anywhere = any(style_italic.values()) or next(body.iter(_I), None) is not None
    for index, block in enumerate(blocks):
        if index == metadata_table:
            continue
        if block.tag == f"{W}p":
            paragraph_number += 1
            style, titled = _paragraph_layout(block, style_heading)
            lines = _paragraph_items(block, paragraph_number, style_bold, style)
            items.extend(lines)
            italic.extend([_wholly_italic(block, style_italic, style) if italic_anywhere else False] * len(lines))
            heading.extend([titled] * len(lines))
        else:
            table_number += 1
            rows = _transcript_rows(block, table_number)
            if rows is None:
                rows = [(line, f"table {table_number}, row {r}", 0, None) for r, line in enumerate(_table_rows_as_text(block), start=1)]
            items.extend(rows)
            italic.extend([False] * len(rows))
            heading.extend([False] * len(rows))
    # python-docx's parts and package refer to each other, so its tree of the whole body goes only with a collection
    # of the objects made while reading (the young generation): not kept through the assembly
    document = body = blocks = block = None  # the loop's last block would keep the whole tree too
    gc.collect(0)
    items, line_numbers, numbering_notes = number_items(items)
    notes.extend(numbering_notes)
    if not attributes:
        texts = [text for text, _, _, _ in items]
        header, consumed = parse_header_lines(texts, require_terminator=False)
        if header:
            # Only the non-empty paragraphs before `consumed` belong to the block.
            attributes.update(header)
            items, line_numbers, italic = items[consumed:], line_numbers[consumed:], italic[consumed:]
            heading = heading[consumed:]
    texts = [text for text, _, _, _ in items]
    subtitle = subtitle_furniture(texts, [i for i, text in enumerate(texts) if text.strip()])
    notes.extend(furniture_notes(list(subtitle.values())))
    paragraphs = [RawParagraph(text, location, bold_prefix=bold, label=label, italic=slanted, heading=titled,
                               furniture=subtitle.get(i, ""))
                  for i, ((text, location, bold, label), slanted, titled) in enumerate(zip(items, italic, heading))]
    if not any(p.text.strip() for p in paragraphs):
        raise TranscriptError("RK104", path, "has no text in its body", hint="check that the transcript was saved with its text")
    source = Source(source.path, source.sha256, "docx")
    transcript = assemble(doc_id, paragraphs, labels=labels, attributes=attributes, source=source, notes=notes)
    return with_line_numbers(transcript, [p.text for p in paragraphs], line_numbers)

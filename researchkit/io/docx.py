"""Reader for Word transcripts (``.docx``) with python-docx.

Body paragraphs and tables are read in document order; headers, footers, comments,
footnotes and deleted (tracked) text are not part of the body and are ignored. A
metadata block at the top — a two-column table or ``Key: value`` paragraphs —
becomes the transcript's attributes. Other tables are kept as text, one paragraph
per row, cells separated by `` | ``. Leading bold runs are passed on so that bold
speaker labels are recognised.

Before python-docx opens the file, the zip container is checked: a password-protected
Word file (an OLE container), an old ``.doc`` renamed ``.docx``, a corrupt zip, or a
zip bomb (uncompressed parts larger than ``max_uncompressed`` or compressed more than
``MAX_RATIO`` times) is refused with a clear error, without inflating anything.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.metadata import normalise_key, parse_header_lines
from researchkit.io.speakers import match_label
from researchkit.transcripts import Source, Transcript

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200


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
    except zipfile.BadZipFile as err:
        raise TranscriptError("RK103", path, f"is corrupt ({err})", hint="open it in Word and save it again as .docx") from None


def _bold_prefix(paragraph, style_bold: dict) -> int:
    """Number of leading characters printed in bold (direct formatting or style).

    ``style_bold`` caches ``style_id -> bold`` for the document: python-docx's style
    look-ups are slow, and a transcript reuses a handful of styles.
    """

    from docx.enum.style import WD_STYLE_TYPE

    def bold_of_style(style_id: str | None, style_type) -> bool | None:
        if style_id is None:
            return None
        key = (style_id, style_type)
        if key not in style_bold:
            style = paragraph.part.get_style(style_id, style_type)
            style_bold[key] = style.font.bold if style is not None and style.style_id == style_id else None
        return style_bold[key]

    paragraph_bold = bold_of_style(paragraph._p.style, WD_STYLE_TYPE.PARAGRAPH)
    count = 0
    for run in paragraph.runs:
        text = run.text
        bold = run.bold
        if bold is None:
            bold = bold_of_style(run._r.style, WD_STYLE_TYPE.CHARACTER)
        if bold is None:
            bold = paragraph_bold
        if bold:
            count += len(text)
        elif text.strip():
            break
        else:
            count += len(text)
    return min(count, len(paragraph.text))


def _table_as_pairs(table) -> dict[str, str] | None:
    rows = table.rows
    if not rows:
        return None
    pairs: dict[str, str] = {}
    for row in rows:
        cells = row.cells
        unique = []
        for cell in cells:
            if not unique or cell._tc is not unique[-1]._tc:
                unique.append(cell)
        if len(unique) != 2:
            return None
        key, value = unique[0].text.strip().rstrip(":").strip(), unique[1].text.strip()
        if not key or len(key) > 40 or "\n" in key:
            return None
        pairs[normalise_key(key)] = value
    return pairs if len(pairs) >= 2 else None


def _table_rows_as_text(table) -> list[str]:
    lines = []
    for row in table.rows:
        texts = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:
                continue  # merged cells repeat
            previous = cell._tc
            texts.append(" ".join(cell.text.split()))
        line = " | ".join(texts).strip(" |")
        if line:
            lines.append(line)
    return lines


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
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from lxml.etree import XMLSyntaxError

    check_container(path, data, max_uncompressed=max_uncompressed)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(document.iter_inner_content())
    except (KeyError, ValueError, XMLSyntaxError, zipfile.BadZipFile) as err:
        raise TranscriptError("RK103", path, f"could not be read as a Word document ({type(err).__name__}: {err})", hint="open it in Word and save it again as .docx") from None

    attributes: dict = {}
    notes: list[str] = []
    metadata_table: int | None = None
    # Skip leading empty paragraphs, then look for a metadata table.
    # The first table counts as a metadata table when only title-like paragraphs
    # (short, no speaker label) come before it.
    for index, block in enumerate(blocks[:6]):
        if isinstance(block, Table):
            pairs = _table_as_pairs(block)
            if pairs is not None:
                attributes.update(pairs)
                metadata_table = index
            break
        text = block.text.strip()
        if text and (len(text) > 120 or match_label(text) is not None):
            break
    else:
        metadata_table = None
    items: list[tuple[str, str, int]] = []  # (text, location, bold_prefix)
    style_bold: dict = {}
    paragraph_number = 0
    table_number = 0
    for index, block in enumerate(blocks):
        if attributes and index == metadata_table:
            continue
        if isinstance(block, Paragraph):
            paragraph_number += 1
            items.append((block.text, f"paragraph {paragraph_number}", _bold_prefix(block, style_bold)))
        else:
            table_number += 1
            for r, line in enumerate(_table_rows_as_text(block), start=1):
                items.append((line, f"table {table_number}, row {r}", 0))
    if not attributes:
        texts = [text for text, _, _ in items]
        header, consumed = parse_header_lines(texts, require_terminator=False)
        if header:
            # Only the non-empty paragraphs before `consumed` belong to the block.
            attributes.update(header)
            items = items[consumed:]
    paragraphs = [RawParagraph(text, location, bold_prefix=bold) for text, location, bold in items]
    if not any(p.text.strip() for p in paragraphs):
        raise TranscriptError("RK104", path, "has no text in its body", hint="check that the transcript was saved with its text")
    source = Source(source.path, source.sha256, "docx")
    return assemble(doc_id, paragraphs, labels=labels, attributes=attributes, source=source, notes=notes)

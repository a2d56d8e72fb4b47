"""Reader for PDF transcripts (``.pdf``) with pdfplumber.

Text is read line by line with its fonts. What a PDF adds that a transcript does not
have is removed, and a note says what and how much:

- page headers and footers: lines in the top or bottom margin that repeat (digits
  ignored) on at least half of the pages;
- page numbers (``3``, ``- 3 -``, ``Page 3 of 12``, ``Pagina 3``) in those margins;
- images (counted);
- line numbers printed in the left margin (Word's or LibreOffice's line numbering) or
  typed before the lines: taken out before lines are joined, and kept per line in
  ``Transcript.line_numbers`` (:mod:`researchkit.io.pdf_numbers`).

Lines are joined into paragraphs: a wrapped line continues its paragraph; a
paragraph ends at a larger vertical gap, at a line that ends well before the right
margin, or before a line that starts with a speaker label. A word hyphenated at the
end of a line (``samen-`` / ``werking``) is joined without the hyphen. A label set in
a bold font is passed on as bold, as in Word files; in a two-column speaker table
(``I`` | ``So tell me ...``) each row's first cell is its label
(:mod:`researchkit.io.pdf_columns`). Scanned PDFs without a text layer
are refused (RK104) with the advice to run OCR first.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.furniture import furniture_key, header_threshold, is_page_number, repeated_keys
from researchkit.io.limits import check_unit_count
from researchkit.io.linenumbers import with_line_numbers
from researchkit.io.pdf_columns import first_cell, speaker_cells
from researchkit.io.pdf_numbers import LeadingNumber, leading_number, take_line_numbers
from researchkit.io.speakers import LabelMatch, match_label
from researchkit.transcripts import Source, Transcript

MARGIN = 0.09  # share of the page height where headers and footers live
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


@dataclass
class Line:
    """One text line of a page; ``lead`` is a number before it, if one stands apart (see :mod:`pdf_numbers`)."""

    text: str
    page: int
    number: int
    top: float
    bottom: float
    x1: float
    bold_prefix: int
    in_margin: bool
    lead: LeadingNumber | None = None
    printed: int | None = None
    x0: float = 0.0
    cell: tuple[str, int, float] | None = None


def _bold_prefix(text: str, chars: list[dict]) -> int:
    """Leading characters of ``text`` set in a bold font (spaces in between do not end it)."""
    glyphs = iter(c for c in chars if not c.get("text", "").isspace())
    confirmed = 0
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        glyph = next(glyphs, None)
        if glyph is None or not _BOLD_FONT.search(glyph.get("fontname", "")):
            break
        confirmed = i + 1
    return confirmed


def _page_lines(page, number: int) -> list[Line]:
    height = float(page.height) or 1.0
    lines = []
    for n, raw in enumerate(page.extract_text_lines(return_chars=True, strip=True), start=1):
        text = raw["text"]
        if not text.strip():
            continue
        in_margin = raw["top"] < height * MARGIN or raw["bottom"] > height * (1 - MARGIN)
        lead = leading_number(text, raw["chars"], _bold_prefix)
        # the first cell of a speaker table's row, behind a line number if one stands apart (chars are not kept)
        glyphs = [c for c in raw["chars"] if not c.get("text", "").isspace()]
        cell = first_cell(lead.text, glyphs[len(text) - len(text.lstrip("0123456789")):]) if lead is not None else first_cell(text, glyphs)
        lines.append(Line(text, number, n, raw["top"], raw["bottom"], raw["x1"], _bold_prefix(text, raw["chars"]), in_margin, lead,
                          x0=raw["x0"], cell=cell))
    return lines


_FIRST_NUMBER = re.compile(r"\d{1,4}")


def _page_numbering(pages: list[list[Line]]) -> set[int]:
    """The offsets ``printed number - page index`` that page numbers in the margins keep on two pages or more.

    A number alone in a margin is a page number only when it follows the pages like the others
    (a year that ends a turn at the foot of a page, ``2010.``, does not).

    Examples
    --------
    >>> def line(text):
    ...     return Line(text, 0, 0, 800.0, 810.0, 300.0, 0, True)
    >>> sorted(_page_numbering([[line("1")], [line("2"), line("2010.")], [line("3")]]))
    [1]
    """
    offsets: Counter = Counter()
    for index, lines in enumerate(pages):
        seen = {int(m.group()) - index for line in lines if line.in_margin and is_page_number(line.text)
                for m in [_FIRST_NUMBER.search(line.text)] if m}
        offsets.update(seen)
    return {offset for offset, n in offsets.items() if n >= 2}


def _fits_numbering(text: str, index: int, numbering: set[int], n_pages: int) -> bool:
    """Whether a page-number-like margin line on page ``index`` follows the document's page numbering."""
    if n_pages < 3 or not numbering:  # too few pages to tell: as before, every such line is a page number
        return True
    m = _FIRST_NUMBER.search(text)
    return m is not None and int(m.group()) - index in numbering


def _spoken(text: str) -> bool:
    """A line opened by a speaker label of a role word or code (``R: Yes.``, ``Interviewer: Okay.``) is speech, however
    often it stands at the top or foot of a page; a running header is never written that way."""
    match = match_label(text)
    return match is not None and match.evidence in ("known", "code")


def _drop_furniture(pages: list[list[Line]]) -> tuple[list[Line], Counter]:
    """Remove repeated headers/footers and page numbers; count what went."""
    repeats = repeated_keys([line.text for line in lines if line.in_margin] for lines in pages)
    threshold = header_threshold(len(pages))
    numbering = _page_numbering(pages)
    kept: list[Line] = []
    dropped: Counter = Counter()
    for index, lines in enumerate(pages):
        for line in lines:
            if line.in_margin and is_page_number(line.text) and _fits_numbering(line.text, index, numbering, len(pages)):
                dropped["page number"] += 1
            elif (line.in_margin and len(pages) >= 2 and repeats[furniture_key(line.text)] >= threshold
                  and not _spoken(line.text)):
                dropped["header" if line.top < 200 else "footer"] += 1
            else:
                kept.append(line)
    return kept, dropped


def _paragraphs(lines: list[Line], labels: Mapping[int, LabelMatch]) -> tuple[list[RawParagraph], int, list[list[tuple[int, int]]]]:
    """Join lines into paragraphs (see module docstring); ``labels``: lines starting a speaker-table row.

    Returns them, the number of hyphen joins, and per paragraph the ``(offset, number)``
    of each line with a line number (where the line's text begins in the paragraph).
    """
    if not lines:
        return [], 0, []
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if a.page == b.page and b.top > a.bottom]
    usual_gap = statistics.median(gaps) if gaps else 0.0
    right = max(line.x1 for line in lines)
    paragraphs: list[RawParagraph] = []
    numbered: list[list[tuple[int, int]]] = []
    text, bold, first, label = lines[0].text, lines[0].bold_prefix, lines[0], labels.get(0)
    marks = [(0, first.printed)] if first.printed is not None else []
    hyphens = 0
    for index, (previous, line) in enumerate(zip(lines, lines[1:]), start=1):
        gap = line.top - previous.bottom if line.page == previous.page else usual_gap
        hyphenated = bool(re.search(r"[^\W\d_]-$", text)) and line.text[:1].islower()
        new = (
            gap > usual_gap * 1.6 + 2
            or (previous.x1 < right * 0.8 and not hyphenated)
            or match_label(line.text, bold_prefix=line.bold_prefix) is not None
            or index in labels
        )
        if new:
            paragraphs.append(RawParagraph(text, f"page {first.page}, line {first.number}", bold_prefix=bold, label=label))
            numbered.append(marks)
            text, bold, first, marks, label = line.text, line.bold_prefix, line, [], labels.get(index)
            start = 0
        elif hyphenated:
            text, start = text[:-1], len(text) - 1
            text += line.text
            hyphens += 1
        else:
            text, start = text + " ", len(text) + 1
            text += line.text
        if line.printed is not None:
            marks.append((start, line.printed))
    paragraphs.append(RawParagraph(text, f"page {first.page}, line {first.number}", bold_prefix=bold, label=label))
    numbered.append(marks)
    return paragraphs, hyphens, numbered


def extract_pdf_lines(path: str | Path, data: bytes) -> tuple[list[list[Line]], int]:
    """Every page's text lines and the number of images, or a clear error for a broken or locked PDF."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages, images, count = [], 0, 0
            for n, page in enumerate(pdf.pages, start=1):
                pages.append(_page_lines(page, n))
                images += len(page.images)
                page.close()  # its characters and layout objects are not needed again
                count += len(pages[-1])
                check_unit_count(path, count, f"text lines by page {n} of {len(pdf.pages)}")
    except TranscriptError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError) as err:
        raise TranscriptError("RK103", path, f"is a password-protected PDF ({type(err).__name__})", hint="remove the password and ingest it again") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError) as err:
        raise TranscriptError("RK103", path, f"is not a readable PDF ({type(err).__name__}: {err})", hint="open it in a PDF viewer and export it again (or save it as .docx/.txt)") from None
    except Exception as err:  # pdfminer raises bare Exception subclasses for damaged files
        if type(err).__module__.startswith(("pdfminer", "pdfplumber")):
            raise TranscriptError("RK103", path, f"is not a readable PDF ({type(err).__name__}: {err})", hint="export it again as PDF, .docx or .txt") from None
        raise
    return pages, images


def read_pdf(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
) -> Transcript:
    """Read a PDF transcript from its bytes (see module docstring)."""
    if not data.startswith(b"%PDF"):
        raise TranscriptError("RK103", path, "is not a PDF file (no %PDF header)", hint="check the file; export it again as PDF, .docx or .txt")
    pages, images = extract_pdf_lines(path, data)
    pages, notes = take_line_numbers(pages)
    lines, dropped = _drop_furniture(pages)
    cells = [(line.cell if line.lead is None or line.text == line.lead.text else None, line.x0) for line in lines]
    paragraphs, hyphens, numbered = _paragraphs(lines, speaker_cells(cells))
    if not paragraphs:
        raise TranscriptError("RK104", path, f"has no text layer on its {len(pages)} page(s) (a scan?)", hint="run OCR on it first, or export the transcript as .docx or .txt")
    if dropped:
        notes.append("left out page furniture: " + ", ".join(f"{n} {kind} line(s)" for kind, n in sorted(dropped.items())))
    if hyphens:
        notes.append(f"{hyphens} word(s) hyphenated at a line end were joined")
    if images:
        notes.append(f"{images} image(s) left out")
    transcript = assemble(doc_id, paragraphs, labels=labels, source=Source(source.path, source.sha256, "pdf"), notes=notes)
    return with_line_numbers(transcript, [p.text for p in paragraphs], numbered)

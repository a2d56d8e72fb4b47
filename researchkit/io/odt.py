"""Reader for OpenDocument text transcripts (``.odt``) with odfdo.

Paragraphs, headings (marked: between turns they are section markers), list items and table
rows (cells joined by `` | ``) are read in document order; spaces (``text:s``), tabs and line breaks are kept. A leading
span in a bold text style is the bold prefix, so bold speaker labels are recognised
as in Word files. Footnotes, comments (annotations), images and frames, text deleted
in tracked changes, and page headers and footers are not part of the spoken text:
they are left out and a note says so.

Examples
--------
>>> import odfdo, io
>>> d = odfdo.Document("text")
>>> for line in ("I: Dag.", "R: Hoi."):
...     _ = d.body.append(odfdo.Paragraph(line))
>>> buf = io.BytesIO(); d.save(buf)
>>> t = read_odt("a.odt", buf.getvalue(), doc_id="a", source=Source("a.odt", "0"))
>>> [turn.role for turn in t.turns]
['interviewer', 'respondent']
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections import Counter
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.docx import CORRUPT_ZIP_ERRORS, MAX_RATIO, MAX_UNCOMPRESSED
from researchkit.transcripts import Source, Transcript
from researchkit.io.limits import check_unit_count, count_tags_in_zip

_SKIPPED = {
    "text:note": "footnote", "office:annotation": "comment", "office:annotation-end": None,
    "draw:frame": "image or frame", "draw:image": "image", "text:tracked-changes": "tracked deletion",
    "text:bookmark": None, "text:bookmark-start": None, "text:bookmark-end": None, "text:soft-page-break": None,
    "text:sequence-decls": None, "office:forms": None, "text:change": None, "text:change-start": None,
    "text:change-end": None,
}
_PARAGRAPHS = {"text:p", "text:h"}


class _Reader:
    def __init__(self, document) -> None:
        self.document = document
        self.bold_styles: dict[str, bool] = {}
        self.dropped: Counter = Counter()
        self.items: list[tuple[str, str, int, bool]] = []  # text, location, bold prefix, heading (text:h)
        self.tables = 0

    def is_bold(self, style_name: str | None) -> bool:
        if not style_name:
            return False
        if style_name not in self.bold_styles:
            bold = False
            for family in ("text", "paragraph"):
                style = self.document.get_style(family, style_name)
                if style is not None:
                    props = style.get_properties(area="text") or {}
                    bold = props.get("fo:font-weight") in {"bold", "600", "700", "800", "900"}
                    break
            self.bold_styles[style_name] = bold
        return self.bold_styles[style_name]

    def inline(self, element, bold: bool, out: list[tuple[str, bool]]) -> None:
        """Append ``(text, bold)`` pieces of a paragraph's content."""
        for child in element.children:
            tag = child.tag
            if tag in _SKIPPED:
                if _SKIPPED[tag]:
                    self.dropped[_SKIPPED[tag]] += 1
            elif tag == "text:s":
                out.append((" " * int(child.get_attribute("text:c") or 1), bold))
            elif tag == "text:tab":
                out.append(("\t", bold))
            elif tag == "text:line-break":
                out.append(("\n", bold))
            else:
                inner = bold or (tag == "text:span" and self.is_bold(child.get_attribute("text:style-name")))
                if child.text:
                    out.append((child.text, inner))
                self.inline(child, inner, out)
            if child.tail:
                out.append((child.tail, bold))

    def paragraph(self, element) -> tuple[str, int]:
        bold = self.is_bold(element.get_attribute("text:style-name")) and element.tag == "text:p"
        pieces: list[tuple[str, bool]] = [(element.text, bold)] if element.text else []
        self.inline(element, bold, pieces)
        count = confirmed = 0
        for text, is_bold in pieces:
            if is_bold:
                count += len(text)
                confirmed = count if text.strip() else confirmed
            elif text.strip():
                break
            else:
                count += len(text)
        return "".join(t for t, _ in pieces), confirmed

    def cell_text(self, cell) -> str:
        return " ".join(" ".join(self.paragraph(p)[0] for p in cell.get_elements("descendant::text:p")).split())

    def blocks(self, container) -> None:
        for child in container.children:
            tag = child.tag
            if tag in _PARAGRAPHS:
                text, bold = self.paragraph(child)
                self.items.append((text, f"paragraph {len(self.items) + 1}", bold, tag == "text:h"))
            elif tag == "table:table":
                self.tables += 1
                for r, row in enumerate(child.get_elements("descendant::table:table-row"), start=1):
                    cells = [self.cell_text(c) for c in row.get_elements("table:table-cell")]
                    line = " | ".join(cells).strip(" |")
                    if line:
                        self.items.append((line, f"table {self.tables}, row {r}", 0, False))
            elif tag in _SKIPPED:
                if _SKIPPED[tag]:
                    self.dropped[_SKIPPED[tag]] += 1
            else:  # lists, list items, sections, index bodies
                self.blocks(child)


def _check_zip(path: str | Path, data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            total = sum(i.file_size for i in infos)
            compressed = sum(i.compress_size for i in infos) or 1
            if "content.xml" not in {i.filename for i in infos}:
                raise TranscriptError("RK103", path, "is a zip file but has no content.xml: not an OpenDocument text", hint="open it in LibreOffice and save it again as .odt")
    except TranscriptError:
        raise
    except CORRUPT_ZIP_ERRORS as err:
        raise TranscriptError("RK103", path, f"is not a valid .odt file ({err})", hint="open it in LibreOffice and save it again as .odt") from None
    if total > MAX_UNCOMPRESSED or (total > 10 * 1024 * 1024 and total / compressed > MAX_RATIO):
        raise TranscriptError("RK107", path, f"would unpack to {total / 1e6:.0f} MB: refused as a possible zip bomb", hint="split the file or save it again")


def read_odt(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
) -> Transcript:
    """Read an ``.odt`` transcript from its bytes (see module docstring)."""
    import odfdo
    from lxml.etree import XMLSyntaxError

    _check_zip(path, data)
    check_unit_count(path, count_tags_in_zip(data, "content.xml", b"p", b"h"), "paragraphs and headings (<text:p>, <text:h>)")
    try:
        document = odfdo.Document(io.BytesIO(data))
        reader = _Reader(document)
        reader.blocks(document.body)
        furniture = [p for kind in ("header", "footer") for p in document.styles.get_elements(f"descendant::style:{kind}")]
    except (KeyError, ValueError, TypeError, XMLSyntaxError, zipfile.BadZipFile, zlib.error) as err:
        raise TranscriptError("RK103", path, f"could not be read as OpenDocument text ({type(err).__name__}: {err})", hint="open it in LibreOffice and save it again as .odt") from None
    except odfdo.SecurityError as err:  # odfdo's own zip limits: a part packed more than 200 times, too many parts
        detail = str(err).replace("odfdo detected a breach of security. ", "").replace("odfdo detected a breach of security, see security.py limits. ", "")
        raise TranscriptError("RK107", path, f"refused as a possible zip bomb by odfdo: {detail}", hint="open it in LibreOffice and save it again as .odt; if the file is genuine, save it as .docx") from None
    if not any(text.strip() for text, _, _, _ in reader.items):
        raise TranscriptError("RK104", path, "has no text in its body", hint="check that the transcript was saved with its text")
    notes = []
    if reader.dropped:
        notes.append("left out what is not spoken text: " + ", ".join(f"{n} {kind}(s)" for kind, n in sorted(reader.dropped.items())))
    texts = [" ".join(str(f.text_recursive).split()) for f in furniture]
    if any(texts):
        notes.append(f"page header/footer left out: {' / '.join(t for t in texts if t)[:120]}")
    paragraphs = [RawParagraph(text, location, bold_prefix=bold, heading=heading)
                  for text, location, bold, heading in reader.items]
    return assemble(doc_id, paragraphs, labels=labels, source=Source(source.path, source.sha256, "odt"), notes=notes)

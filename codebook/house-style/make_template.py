"""Write the demo's house-style template, codebook/house-style/huisstijl.docx, reproducibly.

The template of a (fictional) research bureau: A4, its fonts and colours on the styles the
report uses, a header with the bureau's name and a footer with "Pagina N". The run
configuration names it (``report.template``); :func:`researchkit.report.write_docx` keeps
its styles, page setup, header and footer and drops its body text.

Run it from the repository root with ``.venv/bin/python codebook/house-style/make_template.py``;
the same python-docx version gives the same bytes (fixed document properties and zip
timestamps).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from researchkit.fileio import atomic_write
from researchkit.report.docx_report import repack_zip

OUT = Path(__file__).with_name("huisstijl.docx")
BUREAU = "Onderzoeksbureau Noord (fictief)"
FONT, HEADING_FONT = "Arial", "Georgia"
BLUE, GREY = RGBColor(0x1F, 0x3A, 0x5F), RGBColor(0x59, 0x59, 0x59)


def _font(style, *, name: str, size: float, color: RGBColor | None = None, bold: bool | None = None,
          italic: bool | None = None) -> None:
    style.font.name = name
    style.element.rPr.rFonts.set(qn("w:eastAsia"), name)
    style.font.size = Pt(size)
    if color is not None:
        style.font.color.rgb = color
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic


def _page_field(paragraph) -> None:
    """``Pagina {PAGE}``: a PAGE field with a cached 1."""
    paragraph.add_run("Pagina ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = OxmlElement("w:r")
        if kind:
            child = OxmlElement("w:fldChar")
            child.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            child = OxmlElement("w:instrText")
            child.set(qn("xml:space"), "preserve")
            child.text = text
        else:
            child = OxmlElement("w:t")
            child.text = text
        run.append(child)
        paragraph._p.append(run)


def build() -> bytes:
    """The template's bytes."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.8), Cm(2.5)
    styles = document.styles
    _font(styles["Normal"], name=FONT, size=10.5)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    styles["Normal"].paragraph_format.line_spacing = 1.15
    _font(styles["Title"], name=HEADING_FONT, size=26, color=BLUE, bold=True)
    _font(styles["Subtitle"], name=HEADING_FONT, size=14, color=GREY, italic=True)
    for level, size in ((1, 18), (2, 14), (3, 12)):
        _font(styles[f"Heading {level}"], name=HEADING_FONT, size=size, color=BLUE, bold=True)
    _font(styles["Caption"], name=FONT, size=9, color=GREY, bold=True, italic=False)
    _font(styles["Quote"], name=FONT, size=10.5, color=GREY, italic=True)
    styles["Quote"].paragraph_format.left_indent = Cm(1)
    _font(styles["TOC Heading"], name=HEADING_FONT, size=16, color=BLUE, bold=True)
    header = section.header.paragraphs[0]
    header.text = BUREAU
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.runs[0].font.size, header.runs[0].font.color.rgb = Pt(8), GREY
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(footer)
    props = document.core_properties
    props.author = props.last_modified_by = BUREAU
    props.title = "Huisstijl (fictief)"
    props.created = props.modified = dt.datetime(2026, 1, 1, 0, 0, 0)
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return repack_zip(buffer.getvalue())


if __name__ == "__main__":
    atomic_write(OUT, build())
    print(f"wrote {OUT}")

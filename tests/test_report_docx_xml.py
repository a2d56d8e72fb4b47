"""researchkit.report.docx_xml: paragraphs, runs and table rows made in place give the XML that
python-docx's own API gives (the Word report's bytes depend on it).

Each test builds the same thing twice in documents made by python-docx: once through
python-docx's API (what write_docx used to call) and once through the direct writers, and
compares the serialised XML.
"""

import datetime
import doctest
import io
import zipfile

import docx
import pandas as pd
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from lxml import etree

from researchkit.report import docx_layout, docx_xml, write_docx
from researchkit.report.content import Bullets, Heading, Paragraph, Quote, ReportContent, Table, TableOfContents
from researchkit.report.textwidth import _advance_widths, _char_width, _width_table, text_cm

#: Texts that take every path of Run.text: white space at either end, tabs, line ends, markup characters.
TEXTS = ["", "SIG", " lead", "trail ", "  ", "a\tb", "\t", "a\r\nb", "\n", "x & <y> \"z\"", "\u00a0nbsp", "Café 😀",
         "tab at end\t", " \tboth\n "]


def _xml(element) -> str:
    return etree.tostring(element, encoding="unicode")


def _body_xml(document) -> str:
    return _xml(document.element.body)


def test_docstring_examples():
    result = doctest.testmod(docx_xml, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("bold, italic, size", [(None, None, None), (True, None, None), (None, False, None),
                                                (True, True, Pt(8)), (False, None, Pt(11))])
def test_run_is_python_docx_add_run(text, bold, italic, size):
    expected, direct = docx.Document(), docx.Document()
    run = expected.add_paragraph().add_run(text)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if size is not None:
        run.font.size = size
    docx_xml.run(direct.add_paragraph()._p, text, bold=bold, italic=italic, size=size)
    assert _body_xml(direct) == _body_xml(expected)


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("bold", [None, True, False])
def test_run_xml_is_run(text, bold):
    built = docx.Document().add_paragraph()._p
    docx_xml.run(built, text, bold=bold)
    parsed = docx.Document().add_paragraph()._p
    parsed.extend(docx_xml.parse_fragment(docx_xml.run_xml(text, bold=bold), "w:p"))
    assert _xml(parsed) == _xml(built)


@pytest.mark.parametrize("style", [None, "Normal", "Quote", "Heading 2"])
@pytest.mark.parametrize("keep_next, keep_lines, page_break_before, align",
                         [(False, False, False, None), (True, False, False, None), (False, True, True, None),
                          (True, True, True, "center"), (True, False, False, "center")])
def test_paragraph_is_python_docx_add_paragraph(style, keep_next, keep_lines, page_break_before, align):
    expected, direct = docx.Document(), docx.Document()
    paragraph = expected.add_paragraph(style=style)
    if keep_next:
        paragraph.paragraph_format.keep_with_next = True
    if keep_lines:
        paragraph.paragraph_format.keep_together = True
    if page_break_before:
        paragraph.paragraph_format.page_break_before = True
    if align:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    style_id = direct.part.get_style_id(direct.styles[style], WD_STYLE_TYPE.PARAGRAPH) if style else None
    docx_xml.paragraph(direct.element.body, style_id, styled=style is not None, keep_next=keep_next,
                       keep_lines=keep_lines, page_break_before=page_break_before, align=align)
    assert _body_xml(direct) == _body_xml(expected)
    assert direct.element.body[-1].tag == docx_xml.qn("w:sectPr")  # the section's properties stay last


@pytest.mark.parametrize("page_break_before", [False, True])
def test_heading_properties_are_the_layout_functions(page_break_before):
    expected, direct = docx.Document(), docx.Document()
    paragraph = expected.add_paragraph("Bijlage A", style="Heading 1")
    if page_break_before:  # as write_docx sets it: only on a heading that starts a page
        paragraph.paragraph_format.page_break_before = True
    docx_layout.unnumbered(paragraph)
    docx_layout.out_of_contents(paragraph)
    p = docx_xml.paragraph(direct.element.body, "Heading1", page_break_before=page_break_before, num_id=0, outline_level=9)
    docx_xml.run(p, "Bijlage A")
    assert _body_xml(direct) == _body_xml(expected)


def test_paragraph_in_a_cell_is_appended():
    document = docx.Document()
    tc = document.add_table(rows=1, cols=1)._tbl.tr_lst[0].tc_lst[0]
    docx_xml.paragraph(tc, styled=False)
    assert [child.tag.split("}")[1] for child in tc] == ["tcPr", "p", "p"]


def _python_docx_table(document, rows, widths):
    """The rows as write_docx wrote them before docx_layout.add_rows: python-docx's cells and runs."""
    columns, body = rows[0], rows[1:]
    table = document.add_table(rows=len(rows), cols=len(columns))
    table.style = document.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, columns):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    header = etree.SubElement(table.rows[0]._tr.get_or_add_trPr(), docx_xml.qn("w:tblHeader"))
    header.set(docx_xml.qn("w:val"), "true")
    for row, values in zip(table.rows[1:], body):
        for cell, text in zip(row.cells, values):
            cell.text = text
    docx_layout.set_table_layout(table, widths)


@pytest.mark.parametrize("rows", [
    [["Code", "Omschrijving", "n"], ["SIG", "Signalen van ondermijning", "3"], ["FEN.DRU", "", "2 (33%)"]],
    [["Groep", "Delfzijl"], ["a & b\tc", " ruimte "], ["regel\neen", "x"], ["kort"]],  # a row shorter than the grid
    [["Alleen"]],
    [[], []],  # no columns (python-docx's empty rows keep its template's white space)
])
def test_add_rows_is_the_python_docx_table(rows):
    widths = docx_layout.fit_widths(rows, 16.0)
    expected, direct = docx.Document(), docx.Document()
    _python_docx_table(expected, rows, widths)
    table = direct.add_table(rows=0, cols=len(rows[0]))
    table.style = direct.styles["Table Grid"]
    docx_layout.set_table_layout(table, widths)
    docx_layout.add_rows(table, rows, widths)
    assert _body_xml(direct) == _body_xml(expected)
    assert [[c.text for c in row.cells] for row in table.rows][-1][:len(rows[-1])] == rows[-1]


def test_text_widths_per_character_are_the_metrics():
    table = _width_table(False)
    for char in "aW .é日😀\u0301ǅ":
        assert table[char] == _char_width(char, _advance_widths(False))
    assert text_cm("FEN.DRU", size_pt=10) == sum(_char_width(c, _advance_widths(False)) for c in "FEN.DRU") / 1000 * 10 * 2.54 / 72


def test_write_docx_with_odd_texts_reads_back(tmp_path):
    """Every block kind with texts that take the special paths reads back as written, twice the same bytes."""
    blocks = [TableOfContents(), Heading("1 Inleiding", 1), Paragraph("Zie tabel 1:\tdaar", lead="Let op."),
              Paragraph("Een begrip", style="definition"), Bullets(("een", " twee ")), Quote("Ja\nnee", "(R01)"),
              Table("t", 1, "Codes & <meer>", ["Code", "n"], [["SIG", 3], ["A\tB", ""]], pd.DataFrame(), note="Noot."),
              Heading("Bijlage A Codeboek", 1, contents=False)]
    content = ReportContent("Titel", "Sub", "Bureau", "Auteur", "Klant", datetime.date(2026, 4, 1), "nl", blocks)
    first = write_docx(content, tmp_path / "a.docx").read_bytes()
    second = write_docx(content, tmp_path / "b.docx").read_bytes()
    assert first == second
    document = docx.Document(io.BytesIO(first))
    texts = [p.text for p in document.paragraphs]
    assert "Let op. Zie tabel 1:\tdaar" in texts and "“Ja\nnee” (R01)" in texts and " twee " in texts
    cells = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert cells == [["Code", "n"], ["SIG", "3"], ["A\tB", ""]]
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "Codes &amp; &lt;meer&gt;" in xml and '<w:instrText xml:space="preserve"> REF _RefTabel1 \\h </w:instrText>' in xml

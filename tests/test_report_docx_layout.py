"""researchkit.report.docx_layout: the Word file as Word users expect it (XML checks), and its PDF.

The PDF test converts the demo report with Debian's LibreOffice (``.ci/run`` installs
``libreoffice-writer-nogui``). Without LibreOffice it FAILS and says what to install; only
``RESEARCHKIT_NO_LIBREOFFICE=1`` leaves it out (like the browser tests' opt-out).
"""

import doctest
import importlib.util
import os
import pathlib
import re
import zipfile
from collections import Counter

import docx
import pytest

from researchkit.errors import ReportError
from researchkit.report import ReportInputs, build_content, docx_layout, pdf, write_docx
from researchkit.report.content import Figure, Heading, Table
from researchkit.report.textwidth import text_cm

_spec = importlib.util.spec_from_file_location("report_small", pathlib.Path(__file__).parent / "data" / "report" / "small.py")
small = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(small)

ROOT = pathlib.Path(__file__).resolve().parents[1]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    corpus, codebook, codings = small.build()
    content = build_content(ReportInputs(corpus, codebook, codings, title="Havens klein", names=["Piet Jansen"]))
    path = write_docx(content, tmp_path_factory.mktemp("layout") / "report.docx")
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name).decode("utf-8") for name in ("word/document.xml", "word/numbering.xml", "word/styles.xml")}
    return content, path, parts


@pytest.mark.parametrize("module", [docx_layout, pdf])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def test_heading_numbers_come_from_a_list_bound_to_the_heading_styles(written):
    content, path, parts = written
    numbering, styles = parts["word/numbering.xml"], parts["word/styles.xml"]
    abstract = re.search(r'<w:abstractNum w:abstractNumId="9".*?</w:abstractNum>', numbering, re.S).group(0)
    levels = re.findall(r'<w:lvl w:ilvl="(\d)">.*?<w:pStyle w:val="([^"]+)"/><w:lvlText w:val="([^"]+)"/>', abstract, re.S)
    assert levels == [("0", "Heading1", "%1"), ("1", "Heading2", "%1.%2"), ("2", "Heading3", "%1.%2.%3")]
    assert re.search(r'<w:num w:numId="9"><w:abstractNumId w:val="9"/></w:num>', numbering)
    for style_id, level in (("Heading1", 0), ("Heading2", 1), ("Heading3", 2)):
        style = re.search(rf'<w:style [^>]*w:styleId="{style_id}".*?</w:style>', styles, re.S).group(0)
        assert f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="9"/></w:numPr>' in style
    document = docx.Document(str(path))
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    blocks = [b for b in content.blocks if isinstance(b, Heading)]
    assert [p.text for p in headings] == [docx_layout.heading_number(b.text)[1] for b in blocks]  # no typed numbers
    for p, b in zip(headings, blocks):  # unnumbered headings (appendices, the contents title) opt out of the list
        num_id = p._p.find(f"{W}pPr/{W}numPr/{W}numId")
        assert (num_id is not None and num_id.get(f"{W}val") == "0") == (not docx_layout.heading_number(b.text)[0])


def test_contents_field_holds_its_entries(written):
    content, _path, parts = written
    xml = parts["word/document.xml"]
    start = xml.index(' TOC \\o "1-3" \\h \\z \\u ')
    last_entry = xml.index("</w:hyperlink>", xml.rindex('<w:hyperlink w:anchor="_Toc'))
    end = xml.index('<w:fldChar w:fldCharType="end"/>', last_entry)  # the TOC field ends after its last entry
    assert xml.index("<w:hyperlink", start) < xml.index("</w:p>", start)  # the entries start in the field's paragraph
    field = xml[start:end]
    anchors = re.findall(r'<w:hyperlink w:anchor="(_Toc\d{4})"', field)
    texts = [re.sub(r"<[^>]+>", "", chunk) for chunk in re.findall(r'<w:hyperlink w:anchor="_Toc\d{4}"[^>]*>(.*?)<w:tab/>', field)]
    headings = [b.text for b in content.blocks if isinstance(b, Heading) and b.contents]
    assert texts == headings and len(anchors) == len(headings)
    # the codebook appendix's codes are headings but not in the contents, now or after Word updates the field
    unlisted = [b.text for b in content.blocks if isinstance(b, Heading) and not b.contents]
    assert unlisted == [f"{code.id} {code.name}" for code in small.build()[1].codes]
    document = docx.Document(str(_path))
    levels = {p.text: p._p.find(f"{W}pPr/{W}outlineLvl") for p in document.paragraphs if p.style.name.startswith("Heading")}
    assert all(levels[text] is not None and levels[text].get(f"{W}val") == "9" for text in unlisted)
    assert all(levels[docx_layout.heading_number(text)[1]] is None for text in headings if "Inhoud" not in text)
    for anchor in anchors:
        assert f'w:name="{anchor}"' in xml  # each entry points at a bookmarked heading
        assert f" PAGEREF {anchor} \\h " in field


def test_captions_bookmark_their_number_and_the_text_refers_by_ref_fields(written):
    content, _path, parts = written
    xml = parts["word/document.xml"]
    for block in content.blocks:
        if isinstance(block, (Table, Figure)):
            label = "Tabel" if isinstance(block, Table) else "Figuur"
            name = f"_Ref{label}{block.number}"
            bookmarked = re.search(rf'<w:bookmarkStart w:id="\d+" w:name="{name}"/>(.*?)<w:bookmarkEnd', xml, re.S).group(1)
            assert f" SEQ {label} \\* ARABIC " in bookmarked and f">{block.number}</w:t>" in bookmarked
    refs = re.findall(r" REF (_Ref(?:Tabel|Figuur)(\d+)) \\h </w:instrText>.*?<w:t[^>]*>(\d+)</w:t>", xml, re.S)
    assert refs and all(number == cached for _name, number, cached in refs)
    assert "_RefTabel1" in {name for name, _n, _c in refs}  # "Tabel 1 toont ..." in the method chapter


def test_tables_fit_the_page_repeat_headers_and_keep_rows_whole(written):
    content, path, _parts = written
    document = docx.Document(str(path))
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    for table, block in zip(document.tables, content.tables):
        tbl = table._tbl
        assert tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
        widths = [int(c.get(f"{W}w")) for c in tbl.tblGrid.findall(f"{W}gridCol")]
        assert sum(widths) * 635 <= text_width + 635 * len(widths)  # twips -> EMU, rounding per column
        rows = [block.columns] + block.rows
        for i, width in enumerate(widths):  # never narrower than the longest word (bold in the header), in Arial's widths
            longest = max(text_cm(w, bold=k == 0) for k, r in enumerate(rows) for w in str(r[i]).split() or [""])
            assert width / 567 >= longest + 0.38, (block.key, i)  # + Word's two default cell margins
        assert all(r._tr.trPr.find(f"{W}cantSplit") is not None for r in table.rows)
        assert table.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
    captions = [p for p in document.paragraphs if p.style.name == "Caption" and p.text.startswith("Tabel")]
    assert captions and all(p.paragraph_format.keep_with_next for p in captions)
    lead_ins = [p for p in document.paragraphs if p.text == "Representatieve citaten:"]
    assert lead_ins and all(p.paragraph_format.keep_with_next for p in lead_ins)


def test_fit_widths_never_narrower_than_the_longest_word():
    widths = docx_layout.fit_widths([["Omschrijving", "n"], ["bedrijfsleven", "3"]], 16.0)
    assert widths[0] >= len("bedrijfsleven") * 0.22 and abs(sum(widths) - 16.0) < 0.05


def test_pdf_without_libreoffice_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ReportError, match=r"RK533.*LibreOffice is not installed.*libreoffice-writer-nogui"):
        pdf.docx_to_pdf(tmp_path / "r.docx", tmp_path / "r.pdf")


if os.environ.get("RESEARCHKIT_NO_LIBREOFFICE") != "1":

    def test_demo_report_as_pdf_lists_the_chapters_and_breaks_no_word(tmp_path):
        """The demo report through Debian's LibreOffice: the contents page and whole words in every table cell."""
        from pypdf import PdfReader

        from researchkit.run import run

        assert pdf.find_libreoffice(), "LibreOffice is not installed: apt-get install libreoffice-writer-nogui (.ci/run does)"
        result = run(ROOT / "codebook" / "demo-run.yaml", out=tmp_path / "out", progress=None)
        made = pdf.docx_to_pdf(result.out / "report.docx", tmp_path / "report.pdf")
        pages = [page.extract_text() for page in PdfReader(str(made)).pages]
        contents = next(i for i, text in enumerate(pages) if "Inhoudsopgave" in text)
        headings = [line.strip() for line in (result.out / "report.md").read_text(encoding="utf-8").splitlines()
                    if line.startswith("# ")]
        listed = re.sub(r"\s+", " ", " ".join(pages[contents:contents + 3]))
        for heading in headings:
            assert heading.lstrip("# ").strip() in listed
        # every word and every figure ("2 (33%)") of the tables before the appendices is whole on the pages before
        # them (the appendix repeats the code ids, so a broken "FEN.D / RU" must not be found there)
        appendix = next(i for i, text in enumerate(pages) if i > contents + 2 and "Bijlage A Codeboek" in text)
        tokens = set(" ".join(pages[:appendix]).split())
        document = docx.Document(str(result.out / "report.docx"))
        tables = []
        for item in document.iter_inner_content():
            if isinstance(item, docx.table.Table):
                tables.append(item)
            elif item.style.name.startswith("Heading") and item.text.startswith("Bijlage A"):
                break
        assert len(tables) > 10
        cells = [cell.text for t in tables for row in t.rows for cell in row.cells]
        broken = {w for text in cells for w in text.split() if w not in tokens}
        before = " ".join(pages[:appendix])  # a figure wrapped in its cell is "2\n(33%)" in the page text
        shown = Counter(text for text in cells if re.fullmatch(r"\d+ \(\d+%\)", text))
        figures_split = [text for text, n in shown.items() if before.count(text) < n]
        assert not broken and not figures_split, f"broken inside table cells: {sorted(broken)[:20]} {figures_split[:10]}"

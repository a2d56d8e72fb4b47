"""Reading the tables of coded segments that QDA programs export, in their real shapes.

Each fixture is written here with the columns the program writes (English, German, Dutch),
its quirks (MAXQDA's second ``Dokumentname`` column when document variables are exported,
ATLAS.ti's several codes in one cell, Dedoose's ``Code: X Applied`` columns, Taguette's row
per tag, NVivo's ``Reference N - x% Coverage`` reports) and the way the files are saved
(XLSX by openpyxl, CSV with ``;`` and a BOM, TSV, Word).
"""

from __future__ import annotations

import docx
import pytest
from segment_fixtures import write_xlsx

from researchkit.errors import SegmentTableError
from researchkit.segtables import read_segment_table

MAXQDA_EN = ["Color", "Document group", "Document name", "Code", "Beginning", "End", "Weight score", "Segment",
             "Comment", "Created by", "Created", "Area", "Coverage %"]


def test_maxqda_english_xlsx(tmp_path):
    path = write_xlsx(tmp_path / "Coded segments.xlsx", [
        MAXQDA_EN,
        ["#ff0000", "Havens", "Interview 01", "Werk\\Samenwerking", 7, 7, 0, "We werken goed samen met de politie.",
         "mooi citaat", "anna", "04.12.2026 10:12", 36, 3.1],
        ["#00ff00", "Havens", "Interview 01", "Haven\\Klein", 11, 11, 0, "De haven is klein.", None, "anna",
         "04.12.2026 10:13", 18, 1.5],
    ])
    table = read_segment_table(path)
    assert table.producer == "MAXQDA"
    first = table.segments[0]
    assert (first.row, first.document, first.codes, first.coder, first.memo) == (2, "Interview 01", ("Werk\\Samenwerking",), "anna", "mooi citaat")
    assert (first.start, first.end, first.unit) == (7, 7, "paragraph")
    assert table.columns["Segment"] == "text" and table.columns["Beginning"] == "start"
    assert any("'Color', 'Document group', 'Weight score'" in n and "bookkeeping" in n for n in table.notes)
    assert table.rows == 2


def test_maxqda_german_xlsx_with_document_variables_and_title_line(tmp_path):
    """A German export with document variables: 'Dokumentname' twice, codes written 'Parent > Child'."""
    path = write_xlsx(tmp_path / "Codierte Segmente.xlsx", [
        ["Codierte Segmente – Projekt Havens"],
        [],
        ["Farbe", "Dokumentgruppe", "Dokumentname", "Code", "Anfang", "Ende", "Gewicht", "Segment", "Kommentar",
         "Erstellt von", "Erstellt am", "Fläche", "Abdeckung %", "Dokumentname", "Datum (Veröffentlichung)"],
        ["#ff0000", "Häfen", "Interview 02", "Werk > Samenwerking", 2, 2, 0, "We work well together with customs.", "",
         "bert", "2026-12-01", 35, 20.1, "Interview 02", "01.12.2026"],
    ])
    table = read_segment_table(path)
    assert table.producer == "MAXQDA"
    seg = table.segments[0]
    assert (seg.row, seg.document, seg.codes, seg.coder, seg.start) == (4, "Interview 02", ("Werk > Samenwerking",), "bert", 2)
    assert table.columns["Dokumentname"] == "document"
    assert any("rows 1-2 above the header" in n for n in table.notes)
    assert any("'Datum (Veröffentlichung)'" in n and "not a column of coded segments" in n for n in table.notes)


def test_maxqda_dutch_csv_semicolons_bom_and_multiline_segment(tmp_path):
    path = tmp_path / "gecodeerde segmenten.csv"
    path.write_bytes(("\ufeffKleur;Documentgroep;Documentnaam;Code;Begin;Einde;Segment;Commentaar;Aangemaakt door\r\n"
                      "#f00;Havens;Interview 01;Haven\\Klein;3;5;\"R: Wij zien \"\"vreemde\"\" boten.\r\nDe haven is klein.\";;anna\r\n"
                      ).encode("utf-8"))
    table = read_segment_table(path)
    seg = table.segments[0]
    assert table.producer == "MAXQDA" and seg.document == "Interview 01"
    assert seg.text == 'R: Wij zien "vreemde" boten.\nDe haven is klein.'
    assert (seg.start, seg.end, seg.coder, seg.memo) == (3, 5, "anna", None)


def test_atlasti_quotations_several_codes_in_one_cell(tmp_path):
    path = write_xlsx(tmp_path / "Quotations.xlsx", [
        ["ID", "Quotation Name", "Quotation Content", "Document", "Codes", "Comment", "Created by", "Reference"],
        ["1:5", "De haven is klein, de douane...", "De haven is klein, de douane komt zelden.", "D 1: Interview 01.txt",
         "Haven::Klein\nDouane", "", "carla", "7 – 7"],
        ["2:1", "We work well together with cus...", None, "2: Interview 02.docx", "Samenwerking", "", "carla", "2"],
    ], title="Quotations")
    table = read_segment_table(path)
    assert table.producer == "ATLAS.ti"
    first, second = table.segments
    assert first.codes == ("Haven::Klein", "Douane") and first.ref == "1:5"
    assert (first.start, first.end, first.unit) == (7, 7, "paragraph")
    assert second.text == "We work well together with cus..."  # no content: the (shortened) quotation name
    assert (second.start, second.end) == (2, 2)
    assert any("worksheet 'Quotations' read" in n for n in table.notes)


def test_qualcoder_csv(tmp_path):
    path = tmp_path / "coded_text.csv"
    path.write_text("codename,coder,file,pos0,pos1,text\nSamenwerking,default,Interview 02.docx,35,69,"
                    "\"We work well together with customs\"\n", encoding="utf-8")
    table = read_segment_table(path)
    seg = table.segments[0]
    assert table.producer == "QualCoder"
    assert (seg.document, seg.codes, seg.coder, seg.start, seg.end, seg.unit) == (
        "Interview 02.docx", ("Samenwerking",), "default", 35, 69, "char")


def test_dedoose_excerpts_with_code_columns(tmp_path):
    path = tmp_path / "excerpts.csv"
    path.write_text(
        "Media Title,Excerpt Range,Excerpt Copy,Excerpt Creator,Excerpt Date,Code: Werk\\Samenwerking Applied,"
        "Code: Werk\\Samenwerking Weight,Code: Haven Applied\n"
        "Interview 01,60-96,We werken goed samen met de politie.,dana,12/4/2026,True,3,False\n"
        "Interview 01,0-5,I: Wat,dana,12/4/2026,False,,False\n", encoding="utf-8")
    table = read_segment_table(path)
    first, second = table.segments
    assert table.producer == "Dedoose"
    assert first.codes == ("Werk\\Samenwerking",) and (first.start, first.end, first.unit) == (60, 96, "char")
    assert second.codes == ()  # an excerpt with no code applied: read, and reported later
    assert table.columns["Code: Haven Applied"] == "code 'Haven'"


def test_taguette_highlights_row_per_tag_tsv(tmp_path):
    path = tmp_path / "all_tags.tsv"
    path.write_text("id\tdocument\ttag\tcontent\n4\tInterview 01\twerk.samenwerking\tgoed samen\n"
                    "4\tInterview 01\thaven\tgoed samen\n9\tInterview 01\t\tNog iets?\n", encoding="utf-8")
    table = read_segment_table(path)
    assert table.producer == "Taguette"
    assert [(s.ref, s.codes) for s in table.segments] == [("4", ("werk.samenwerking",)), ("4", ("haven",)), ("9", ())]


NVIVO = [
    "Name: Nodes\\\\Haven\\\\Klein",
    "",
    "<Files\\\\Interview 01> - § 2 references coded  [12.50% Coverage]",
    "",
    "Reference 1 - 6.25% Coverage",
    "",
    "De haven is klein, de douane komt zelden.",
    "",
    "Reference 2 - 6.25% Coverage",
    "",
    "R: Wij zien \"vreemde\" boten.",
    "De haven is klein.",
    "",
    "<Files\\\\Interview 02> - § 1 reference coded  [3.00% Coverage]",
    "",
    "Reference 1 - 3.00% Coverage",
    "",
    "Honestly - it is fine.",
]


def test_nvivo_text_report(tmp_path):
    path = tmp_path / "Klein.txt"
    path.write_text("\n".join(NVIVO) + "\n", encoding="utf-8")
    table = read_segment_table(path)
    assert table.producer == "NVivo"
    assert [(s.where, s.document, s.codes, s.text) for s in table.segments] == [
        ("line 5", "Interview 01", ("Haven\\Klein",), "De haven is klein, de douane komt zelden."),
        ("line 9", "Interview 01", ("Haven\\Klein",), 'R: Wij zien "vreemde" boten.\nDe haven is klein.'),
        ("line 16", "Interview 02", ("Haven\\Klein",), "Honestly - it is fine."),
    ]


def test_nvivo_word_report_without_node_line_takes_the_file_name(tmp_path):
    document = docx.Document()
    for line in NVIVO[2:]:
        document.add_paragraph(line)
    path = tmp_path / "Samenwerking.docx"
    document.save(path)
    table = read_segment_table(path)
    assert [s.codes for s in table.segments] == [("Samenwerking",)] * 3
    assert table.segments[0].where == "paragraph 3"
    assert any("the file name" in n for n in table.notes)


def test_refusals_name_file_row_value_and_what_to_do(tmp_path):
    with pytest.raises(SegmentTableError, match=r"\[RK660\].*does not exist"):
        read_segment_table(tmp_path / "missing.xlsx")
    (tmp_path / "p.qdpx").write_bytes(b"PK")
    with pytest.raises(SegmentTableError, match=r"\[RK660\].*unsupported file type \.qdpx.*researchkit import"):
        read_segment_table(tmp_path / "p.qdpx")
    codebook = tmp_path / "codes.csv"
    codebook.write_text("Code,Memo\nHaven,over de haven\n", encoding="utf-8")
    with pytest.raises(SegmentTableError, match=r"\[RK662\].*row 1.*'Code', 'Memo'.*missing: document, text") as err:
        read_segment_table(codebook)
    assert "document name" in str(err.value) and "What to do" in str(err.value)
    empty = write_xlsx(tmp_path / "empty.xlsx", [MAXQDA_EN, [None] * 3])
    with pytest.raises(SegmentTableError, match=r"\[RK663\].*header row \(row 1\) but no segment rows"):
        read_segment_table(empty)
    broken = tmp_path / "broken.csv"
    broken.write_text('Document name,Code,Segment\nInterview 01,Haven,"De haven\nInterview 02,Haven,x\n', encoding="utf-8")
    with pytest.raises(SegmentTableError, match=r"\[RK661\].*quote opens the cell"):
        read_segment_table(broken)
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"Document name,Code,Segment\n")
    with pytest.raises(SegmentTableError, match=r"\[RK661\].*not an Excel \.xlsx file"):
        read_segment_table(fake)
    report = tmp_path / "empty_report.docx"
    docx.Document().save(report)
    with pytest.raises(SegmentTableError, match=r"\[RK663\].*Reference 1 - 2.35% Coverage"):
        read_segment_table(report)


def test_excel_unicode_text_and_german_excel_csv(tmp_path):
    """Excel's "Unicode text" (UTF-16, tabs, .txt) and a German Excel CSV (cp1252, ';')."""
    utf16 = tmp_path / "Codierte Segmente.txt"
    utf16.write_bytes("Dokumentname\tCode\tAnfang\tEnde\tSegment\tErstellt von\r\n"
                      "Interview 01\tHaven\\Klein\t11\t11\tDe haven is klein.\tJürgen\r\n".encode("utf-16"))
    table = read_segment_table(utf16)
    assert table.producer == "MAXQDA" and table.segments[0].coder == "Jürgen" and table.segments[0].start == 11
    cp1252 = tmp_path / "segmente.csv"
    cp1252.write_bytes("Dokumentname;Code;Segment;Kommentar;Erstellt von\r\nInterview 01;Häfen;De haven – klein;größer;Jürgen\r\n"
                       .encode("cp1252"))
    seg = read_segment_table(cp1252).segments[0]
    assert (seg.codes, seg.text, seg.memo, seg.coder) == (("Häfen",), "De haven – klein", "größer", "Jürgen")


def test_maxqda_html_table_export(tmp_path):
    """An HTML export: the first table read (scripts and styles dropped), <br> kept as a line break."""
    page = ("<html><head><style>td {color: red}</style><script>var x = '<table>';</script></head><body>"
            "<h1>Coded segments</h1><table border=1><tr><th>Color</th><th>Document name</th><th>Code</th><th>Beginning</th>"
            "<th>End</th><th>Segment</th><th>Created by</th></tr>"
            "<tr><td>&#9632;</td><td>Interview 01</td><td>Haven\\Klein</td><td>3</td><td>3</td>"
            "<td>R: Wij zien &#8220;vreemde&#8221; boten.<br>De haven is klein.</td><td>anna</td></tr></table></body></html>")
    path = tmp_path / "Coded segments.html"
    path.write_text(page, encoding="utf-8")
    table = read_segment_table(path)
    seg = table.segments[0]
    assert table.producer == "MAXQDA" and seg.row == 2
    assert seg.text == "R: Wij zien \u201cvreemde\u201d boten.\nDe haven is klein."
    (tmp_path / "none.html").write_text("<p>no table</p>", encoding="utf-8")
    with pytest.raises(SegmentTableError, match=r"\[RK661\].*holds no table"):
        read_segment_table(tmp_path / "none.html")


def test_atlasti_german_quotation_export(tmp_path):
    path = write_xlsx(tmp_path / "Zitate.xlsx", [
        ["ID", "Zitat-Name", "Zitatinhalt", "Dokument", "Codes", "Kommentar", "Erstellt von", "Referenz"],
        ["1:3", "De haven is klein...", "De haven is klein.", "D 1: Interview 01.txt", "Haven::Klein", "klein!", "Jürgen", "¶ 11"],
    ])
    table = read_segment_table(path)
    seg = table.segments[0]
    assert table.producer == "ATLAS.ti"
    assert (seg.text, seg.codes, seg.memo, seg.coder, seg.start, seg.unit, seg.cut) == (
        "De haven is klein.", ("Haven::Klein",), "klein!", "Jürgen", 11, "paragraph", False)


def test_hostile_tables_refused_before_they_are_inflated(tmp_path):
    import zipfile

    bomb = tmp_path / "segments.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 2**20))
    with pytest.raises(SegmentTableError, match=r"\[RK661\].*RK131.*zip bomb"):
        read_segment_table(bomb)
    deep = tmp_path / "deep.csv"
    deep.write_text("title\n" * 25 + "Document name,Code,Segment\nR01,A,x\n", encoding="utf-8")
    with pytest.raises(SegmentTableError, match=r"\[RK662\].*first 20 rows"):
        read_segment_table(deep)


def test_positions_written_as_decimals(tmp_path):
    path = tmp_path / "coded.csv"
    path.write_text("codename,coder,file,pos0,pos1,text\nA,q,R01,35.0,69.0,x\nA,q,R01,3.5,4,x\n", encoding="utf-8")
    first, second = read_segment_table(path).segments
    assert (first.start, first.end, second.start, second.unit) == (35, 69, None, None)

"""Hostile and malformed coded-segment tables: every input gives a correct result or a researchkit error.

Each test reproduces, in a small generated file, an input that once broke the import
(a hang, a bare Python exception, a row lost without a word).
"""

from __future__ import annotations

import pytest

from researchkit.segtables.nvivo import report_segments


def test_nvivo_report_lines_with_long_runs_of_spaces_are_read_in_linear_time():
    """A ``Nodes\\\\`` or ``<Files\\\\`` line padded with 100 000 spaces (a report pasted from a PDF) took
    minutes: a lazy group before ``\\s*$`` tried every split of the run. It is read in a moment now."""
    pad = " " * 100_000
    lines = [f"Nodes\\\\Werk{pad}\\\\ Samenwerking{pad}", f"<Files\\\\Haven\\\\Interview 01>{pad}- § 1 reference coded{pad}",
             "Reference 1 - 1.50% Coverage", "we werken goed samen", f"<Files\\\\Interview 02{pad}!", "Reference 1 - 2% Coverage",
             "de haven"]
    segments = report_segments(lines, default_code="x")
    assert [(s.document, s.codes, s.text, s.where) for s in segments] == [
        ("Interview 01", ("Werk\\Samenwerking",), "we werken goed samen", "line 3"),
        (f"Interview 02{pad}!".strip(), ("Werk\\Samenwerking",), "de haven", "line 6"),
    ]


def test_semicolon_table_with_a_title_line_and_few_rows(tmp_path):
    """German/Dutch Excel saves with ``;``; with a title line above the header and only a few rows the
    delimiter sniffer gave up and the fallback counted delimiters on the title line, so the header was
    never found (RK662)."""
    from researchkit.segtables import read_segment_table

    path = tmp_path / "segmente.csv"
    path.write_text("Codierte Segmente, 2026\nDokumentname;Code;Segment;Erstellt von\nR01;Haven;de haven, klein;anna\n"
                    "R02;Werk;goed samen;bob\n", encoding="utf-8")
    table = read_segment_table(path)
    assert [(s.document, s.codes, s.text, s.where) for s in table.segments] == [
        ("R01", ("Haven",), "de haven, klein", "row 3"), ("R02", ("Werk",), "goed samen", "row 4")]


def test_absurd_positions_and_odd_digits_are_no_hint(tmp_path):
    """A 5000-digit ``Beginning``/``Excerpt Range`` cell raised a bare ValueError (int's digit limit), and a
    ``²`` in a Dedoose code column another (``str.isdigit`` accepts it, ``float`` does not)."""
    from researchkit.segtables import read_segment_table

    path = tmp_path / "segments.csv"
    huge = "9" * 5000
    path.write_text(f"Document name,Code,Beginning,End,Segment,Created by\nR01,A,{huge},{huge},de haven,anna\nR01,A,3,x,ja,anna\n",
                    encoding="utf-8")
    table = read_segment_table(path)
    assert [(s.start, s.end, s.unit) for s in table.segments] == [(None, None, None), (3, 3, "paragraph")]
    path = tmp_path / "excerpts.csv"
    path.write_text(f"Media Title,Excerpt Copy,Excerpt Range,Excerpt Creator,Code: Haven Weight,Code: Werk Applied\n"
                    f"R01,de haven,{huge}-{huge},anna,\u00b2,True\nR01,ja,1-2,anna,2,False\n", encoding="utf-8")
    table = read_segment_table(path)
    assert [(s.codes, s.start) for s in table.segments] == [(("Werk",), None), (("Haven",), 1)]


def test_header_cells_padded_with_spaces_are_read_in_linear_time():
    """Every cell of the first twenty rows is tried as a Dedoose ``Code: X Applied`` header; a cell
    ``Code: x`` followed by 20 000 spaces took 16 s (a lazy group before ``\\s*$``)."""
    from researchkit.segtables.columns import plan_columns

    pad = " " * 200_000
    plan = plan_columns(["Media Title", "Excerpt Copy", f"Code: Haven{pad}Applied", f"Code: x{pad}!", f"{pad}Code: Rust{pad}"])
    assert plan.code_columns == [(2, "Haven"), (3, f"x{pad}!"), (4, "Rust")]


def test_code_paths_deeper_than_a_codebook_may_nest_are_named_not_fatal(tmp_path):
    """With codes_from_path a cell ``a>a>...`` of 40 levels made the whole import fail with RK241 naming
    no row ('<codebook>: nested more than 64 levels'); now that code is left out with a note and its row
    is listed, and the other rows are imported. A code cell with 100 000 spaces is split in linear time."""
    from researchkit.segtables import import_segment_table
    from researchkit.transcripts import Corpus, Transcript

    deep = ">".join(["a"] * 40)
    wide = "Werk" + " " * 100_000 + "> Samen"
    path = tmp_path / "segments.csv"
    path.write_text(f"Document name,Code,Segment,Created by\nR01,{deep},de haven,anna\nR01,{wide},goed samen,anna\n", encoding="utf-8")
    result = import_segment_table(path, Corpus([Transcript("R01", "R: de haven, we werken goed samen")]), codes_from_path=True)
    assert result.codings["code"].tolist() == ["Samen"]
    assert any("1 code path(s) have more than 30 levels" in note for note in result.report.notes)
    assert [(i.where, i.kind) for i in result.report.issues] == [("row 2", "code unknown")]


def test_formula_cells_are_named_and_a_formula_only_row_is_not_dropped(tmp_path):
    """openpyxl gives no value for a formula the file stores none for: ``=CMD()`` as the passage read as an
    empty cell without a word why, and a row of formulas only was skipped as empty (a row lost silently)."""
    import openpyxl

    from researchkit.segtables import import_segment_table
    from researchkit.transcripts import Corpus, Transcript

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Document name", "Code", "Segment", "Created by"], ["R01", "A", "=CMD()", "anna"], ["R01", "A", "de haven", "anna"],
                ["=A1", "=B1", "=C1", "=D1"]):
        sheet.append(row)
    book.save(tmp_path / "segments.xlsx")
    report = import_segment_table(tmp_path / "segments.xlsx", Corpus([Transcript("R01", "R: de haven")]), coder="x").report
    assert (report.rows, report.placed_rows) == (3, 1)
    assert [(i.where, i.kind) for i in report.issues] == [("row 2", "no passage"), ("row 4", "no code")]
    (note,) = [n for n in report.notes if "formula" in n]
    assert note.startswith("5 cell(s) hold a formula the file stores no value for") and "row 2 '=CMD()'" in note


def test_a_phrase_coded_on_every_row_is_searched_once_and_each_row_placed_by_its_paragraph(monkeypatch):
    """A table coding the same phrase on a thousand rows, the phrase in every one of 50 000 lines, took
    97 s: every row searched the text again and numbered all its lines again. Each row still gets the
    occurrence in its own paragraph."""
    from researchkit.segtables import place
    from researchkit.segtables.convert import segments_to_codings
    from researchkit.segtables.model import Segment, SegmentTable
    from researchkit.transcripts import Corpus, Transcript

    calls = []
    real = place.find_quote
    monkeypatch.setattr(place, "find_quote", lambda *a, **k: calls.append(1) or real(*a, **k))
    text = "\n".join(f"R: de haven is klein, regel {k}" for k in range(3000))
    rows = [Segment(k + 2, "R01", "de haven is klein", ("A",), "anna", start=k * 7 + 1, end=k * 7 + 1, unit="paragraph")
            for k in range(300)]
    result = segments_to_codings(SegmentTable("t.xlsx", "MAXQDA", rows, rows=300), Corpus([Transcript("R01", text)]))
    assert len(calls) == 1 and result.report.placed_rows == 300
    lines = text.split("\n")
    starts = [text.index(lines[k * 7]) for k in range(300)]
    assert result.codings["start"].tolist() == [s + 3 for s in starts]
    assert result.codings["text"].unique().tolist() == ["de haven is klein"]


def test_the_folded_text_takes_a_few_bytes_per_character():
    """The offset map of a folded text was two tuples of int objects: about 150 bytes per character at its
    peak (a 1.5 MB transcript took 140 MB). It is two arrays of machine integers now."""
    import tracemalloc

    from researchkit.project.anchoring import fold

    text = "de haven is klein\n" * 20_000
    tracemalloc.start()
    folded = fold(text)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 40 * len(text)
    k = folded.text.index("klein", 1000)
    assert text[slice(*folded.span(k, k + 5))] == "klein"


def test_a_delimiter_table_with_one_other_delimiter_in_every_row_is_split_by_its_header(tmp_path):
    """A ``;`` table whose every row, header included, also holds one comma (a column named "Kommentar,
    falls vorhanden", a decimal comma in every row) is as consistent a ``,`` table to csv.Sniffer, which
    prefers ``,``: the header was never found (RK662). The delimiter that splits a row into the table's
    column names is read now, and a note says so; a ``,`` table with one ``;`` in every row stays a
    ``,`` table, without a note."""
    from researchkit.segtables import read_segment_table

    semicolons = tmp_path / "segmente.csv"
    semicolons.write_text("Dokumentname;Code;Segment;Kommentar, falls vorhanden\nR01;Haven;de haven is klein;ja, klopt\n"
                          "R02;Werk;goed samen;later, misschien\nR03;Haven;de kade;nee, niet\n", encoding="utf-8")
    table = read_segment_table(semicolons)
    assert [(s.document, s.codes, s.text, s.memo, s.where) for s in table.segments] == [
        ("R01", ("Haven",), "de haven is klein", None, "row 2"), ("R02", ("Werk",), "goed samen", None, "row 3"),
        ("R03", ("Haven",), "de kade", None, "row 4")]
    assert table.notes[0] == ("delimiter ';' read: it splits row 1 into the table's column names (',', the guess from how "
                              "often each delimiter occurs per line, does not)")

    commas = tmp_path / "segments.csv"
    commas.write_text("Document,Code,Segment,Remarks; if any\nR01,SIG,the harbour is small,yes; right\n"
                      "R02,DOU,the customs,later; maybe\n", encoding="utf-8")
    table = read_segment_table(commas)
    assert [(s.document, s.codes, s.text) for s in table.segments] == [
        ("R01", ("SIG",), "the harbour is small"), ("R02", ("DOU",), "the customs")]
    assert not any(n.startswith("delimiter") for n in table.notes)


def test_fuzz_found_a_workbook_failing_its_crc_and_a_million_empty_rows(tmp_path):
    """Two shapes ``benchmarks/fuzz_importers.py --seed 1`` found (Dedoose excerpts, Taguette highlights):

    * an ``.xlsx`` whose sheet part fails its CRC-32 gave ``zipfile.BadZipFile`` (now RK661 naming the part);
    * Taguette's highlights CSV with a million ``,,,,`` rows below it took a minute; the rows are read
      and the empty run is named in the table's notes.
    """
    import io
    import zipfile

    import pytest

    from researchkit.errors import SegmentTableError
    from researchkit.segtables import import_segment_table, read_segment_table
    from researchkit.transcripts import Corpus, Transcript

    from damaged_files import crc_damaged
    from segment_fixtures import write_xlsx

    book = write_xlsx(tmp_path / "excerpts.xlsx", [["Media Title", "Excerpt Copy", "Excerpt Range", "Code: Haven Applied"],
                                                   ["R01", "de haven", "3-11", "True"]])
    book.write_bytes(crc_damaged(book.read_bytes()))
    with pytest.raises(SegmentTableError) as err:
        read_segment_table(book)
    assert err.value.code == "RK661" and "excerpts.xlsx" in str(err.value) and "xl/worksheets/sheet1.xml" in str(err.value)

    highlights = tmp_path / "highlights.csv"
    highlights.write_text("id,document,tag,content\n7,R01,haven,de haven\n" + ",,,,\n" * 1_000_000, encoding="utf-8")
    result = import_segment_table(highlights, Corpus([Transcript("R01", "R: de haven is klein")]), coder="anna")
    assert result.codings[["start", "end", "code"]].values.tolist() == [[3, 11, "haven"]]
    assert "rows 3-1000002 (1,000,000 empty rows) left out" in " ".join(result.report.notes)


# --- Dedoose's coded Word document: comment ranges open together ---------------------------------------------------


def _nested_dedoose(path, n_comments: int, n_paragraphs: int, *, closed: bool = True):
    """A Dedoose export of ``n_paragraphs`` paragraphs under ``n_comments`` code comments whose ranges all open
    before the first paragraph (and, when ``closed``, all end after the last): every comment covers the whole text."""
    import io
    import zipfile

    import docx

    document = docx.Document()
    document.add_comment([document.add_paragraph("x").runs[0]], text="Codes (0-1)\nHaven", author="Dedoose")
    buf = io.BytesIO()
    document.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    comments = "".join(f'<w:comment w:id="{i}" w:author="Dedoose"><w:p><w:r><w:t>Codes ({i}-{i + 9})</w:t></w:r></w:p>'
                       f'<w:p><w:r><w:t>Code {i % 7}</w:t></w:r></w:p></w:comment>' for i in range(n_comments))
    members["word/comments.xml"] = f'<?xml version="1.0" encoding="UTF-8"?><w:comments {w}>{comments}</w:comments>'.encode()
    starts = "".join(f'<w:commentRangeStart w:id="{i}"/>' for i in range(n_comments))
    ends = "".join(f'<w:commentRangeEnd w:id="{i}"/>' for i in range(n_comments)) if closed else ""
    body = "".join(f"<w:p><w:r><w:t>De haven {k} is klein.</w:t></w:r></w:p>" for k in range(n_paragraphs))
    members["word/document.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><w:document {w}><w:body><w:p>{starts}</w:p>'
                                    f"{body}<w:p>{ends}</w:p></w:body></w:document>").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_dedoose_comment_ranges_open_together_are_cut_from_one_text(tmp_path):
    """2,000 comments over the same 300 paragraphs: each piece of text was appended to every open range (6e5 list
    entries held at once, and without end for ranges never ended); now the body is one text and each range a slice."""
    import tracemalloc

    from researchkit.segtables.dedoosedocx import read_dedoose_docx

    body = "\n" + "".join(f"De haven {k} is klein.\n" for k in range(300))
    path = _nested_dedoose(tmp_path / "Interview 01.docx", 2_000, 300)
    table = read_dedoose_docx(path)
    assert table.rows == 2_000 and {s.text for s in table.segments} == {body.strip()}
    assert [s.codes for s in table.segments[:3]] == [("Code 0",), ("Code 1",), ("Code 2",)]
    open_path = _nested_dedoose(tmp_path / "Interview 02.docx", 2_000, 300, closed=False)
    tracemalloc.start()
    table = read_dedoose_docx(open_path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert table.rows == 2_000 and not any(s.text for s in table.segments)
    assert any("2000 code comment(s) have no range in the text" in n for n in table.notes)
    assert peak < 40 * 2**20  # the open ranges' copies of the text held ~60 MiB


def test_dedoose_passages_over_the_limit_are_rk665_naming_the_file(tmp_path, monkeypatch):
    from researchkit.errors import SegmentTableError
    from researchkit.segtables import dedoosedocx

    monkeypatch.setattr(dedoosedocx, "MAX_EXCERPT_CHARS", 100_000)
    path = _nested_dedoose(tmp_path / "Interview 01.docx", 500, 20)  # 500 x ~390 characters
    with pytest.raises(SegmentTableError) as err:
        dedoosedocx.read_dedoose_docx(path)
    assert err.value.code == "RK665" and "Interview 01.docx" in str(err.value)
    assert "500 Word comment ranges" in str(err.value) and "100,000" in str(err.value)
    monkeypatch.setattr(dedoosedocx, "MAX_EXCERPT_CHARS", 1_000_000)
    assert dedoosedocx.read_dedoose_docx(path).rows == 500


# --- a Word report's paragraphs and their styles --------------------------------------------------------------------


def test_a_word_reports_styles_are_looked_up_once_not_per_paragraph(tmp_path, monkeypatch):
    """python-docx's ``paragraph.style`` searches every style for the default on each paragraph: paragraphs x styles."""
    import docx
    from docx.styles.styles import Styles

    from researchkit.segtables.reports import report_lines

    document = docx.Document()
    for k in range(300):
        document.add_paragraph(f"punt {k}", style="List Bullet" if k % 3 == 0 else None)
    document.add_paragraph("lijst", style="List Number")
    path = tmp_path / "report.docx"
    document.save(path)
    calls = []
    original = Styles.default
    monkeypatch.setattr(Styles, "default", lambda self, kind: calls.append(kind) or original(self, kind))
    lines, word = report_lines(path)
    assert word == "paragraph" and len(calls) == 1
    assert lines[:4] == ["\u2022 punt 0", "punt 1", "punt 2", "\u2022 punt 3"] and lines[-1] == "\u2022 lijst"


def test_a_passage_not_found_given_on_many_rows_is_compared_with_the_text_once(tmp_path, monkeypatch, corpus):
    """2,000 comment ranges over the same excerpt that is not in the transcript: each row scored dozens of
    ``difflib`` ratios against the text (over two minutes for a 64 KiB file); the nearest passage is kept per text."""
    from researchkit.segtables import import_segment_table, place

    calls = []
    original = place.closest_match
    monkeypatch.setattr(place, "closest_match", lambda *a, **k: calls.append(a[1]) or original(*a, **k))
    path = _nested_dedoose(tmp_path / "Interview 01.docx", 300, 5)
    result = import_segment_table(path, corpus, coder="anna")
    assert len(calls) == 1 and result.codings.empty
    assert len(result.report.issues) == 300 and {i.kind for i in result.report.issues} == {result.report.issues[0].kind}
    assert all(i.where.startswith("comment ") for i in result.report.issues)

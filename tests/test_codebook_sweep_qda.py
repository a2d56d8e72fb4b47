"""Codebook files of QDA programs found in a second sweep (layouts no other test names).

* The Coding Analysis Toolkit (CAT, QDAP at the University of Pittsburgh and UMass Amherst):
  its help pages "Preparing a Codelist File" (``cat-help.texifter.com``) and "Data
  Preparation" (``qdap.pitt.edu/cat-dataprep.htm``) describe the code file it uploads and
  its users keep: a plain ``.txt``, one code a line, ``code|definition|keystroke``, the
  keystroke one character and optional, no header (``No|No, no specific new information
  provided|1``). Before: refused, RK242 (no header row), unless ``header=False`` was given, and
  then the keystroke was kept as ``x_column_3``.
* A MAXQDA dictionary (MAXDictio) exported to Excel, one row per search item: the export
  function of ``DrAndrey75/maxqda-codebook-builder`` (``extract_medical_terms.py``,
  ``export_to_maxqda_format``, "MAXQDA-compatible ... for dictionary import") writes Category |
  Memo | Search item | Whole word | Case sensitivity | Starting letters | Category activated |
  Search item activated, the flags 1/0. Before: refused, RK242 (no code column: ``Category``
  was taken for the parent of codes the sheet did not have).
* QualCoder's codebook export (Project > Exports > Codebook), ``ccbogel/QualCoder``
  ``src/qualcoder/codebook.py``: ``export_odt`` writes ``Codebook.odt`` through Qt's ODF writer
  (``Codebook: <project>``, then ``...`` per level, ``Category: <name>``, ``█Code: <name>, Count:
  <n>``, ``MEMO: <memo>``, the lines of a block separated by line breaks), the older
  ``export_plaintext`` ``codebook.txt`` (``Codebook for <project>``, ``========``, ``--`` per level,
  ``Category:<name>, catid:<n>, Owner: <o>``, ``Code: <name>, cid:<n>, Frq: <n>, Owner: <o>``,
  ``Memo: <memo>``, a memo of several lines continuing below). Before: ``.odt`` refused (RK247, an
  unread file type), the ``.txt`` refused (RK242, no header).
"""

from __future__ import annotations

import odfdo
import openpyxl
import pytest

from researchkit.codebook.table import import_codebook_table
from researchkit.errors import CodebookError

CAT_LINES = ("Haven|Over de haven, de kade, de sluis|1\n"
             "Douane|Controle, papieren, inspectie|2\n"
             "Weer|Storm, mist; alles over het weer|\n")


def test_a_cat_code_file_is_read_one_code_a_line_with_its_definition_and_keystroke(tmp_path):
    path = tmp_path / "codes.txt"
    path.write_text(CAT_LINES, encoding="utf-8")
    book, report = import_codebook_table(path, language="nl")
    got = [(c.id, c.name, c.description, c.extra.get("x_keystroke")) for c in book.walk()]
    assert got == [("Haven", "Haven", "Over de haven, de kade, de sluis", "1"),
                   ("Douane", "Douane", "Controle, papieren, inspectie", "2"),
                   ("Weer", "Weer", "Storm, mist; alles over het weer", None)]
    assert report.delimiter == "|" and report.header_row == 0  # no header row
    assert any("Coding Analysis Toolkit (CAT) code file" in note for note in report.notes)


def test_a_pipe_separated_text_file_with_a_header_is_read_by_its_header_not_as_a_cat_file(tmp_path):
    path = tmp_path / "codes.txt"
    path.write_text("Code|Definition\nHaven|Over de haven\n", encoding="utf-8")
    book, report = import_codebook_table(path, language="nl")
    assert [(c.name, c.description) for c in book.walk()] == [("Haven", "Over de haven")]
    assert report.header_row == 1 and not any("CAT" in note for note in report.notes)


@pytest.mark.parametrize("name, text", [
    ("codes.csv", CAT_LINES),  # CAT takes its code file as .txt only
    ("codes.txt", "Haven|Over de haven|1|extra\nDouane|Controle|2|extra\n"),  # four fields: not CAT's layout
    ("codes.txt", "Haven|Over de haven|Shift+H\n"),  # no keystroke CAT knows
])
def test_other_headerless_pipe_files_are_still_refused_naming_the_header_they_lack(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError) as err:
        import_codebook_table(path, language="nl")
    assert err.value.code == "RK242" and "header=False" in (err.value.hint or "")


DICTIONARY = ["Category", "Memo", "Search item", "Whole word", "Case sensitivity", "Starting letters",
              "Category activated", "Search item activated"]


def _workbook(path, rows):
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def test_a_maxqda_dictionary_becomes_one_code_per_category_with_its_search_items_as_keywords(tmp_path):
    path = _workbook(tmp_path / "maxqda_codebook.xlsx", [
        DICTIONARY,
        ["Haven", "Over de haven en de kade", "haven", 1, 0, 0, 1, 1],
        ["Douane", "Controle aan de grens", "douane", 1, 0, 0, 1, 1],
        ["Haven", "Over de haven en de kade", "kade", 1, 0, 1, 1, 1],   # starting letters: a prefix
        [None, None, "sluis", 0, 0, 0, 1, 1],                          # no category: the one above; inside words too
        ["Douane", "Controle aan de grens", "BTW", 1, 1, 0, 1, 1],      # case sensitive
        ["Douane", "Controle aan de grens", "accijns", 1, 0, 0, 1, 0],  # switched off
        ["Weer", "", "storm", 1, 0, 0, 0, 1],                           # the category switched off
    ])
    book, report = import_codebook_table(path, language="nl")
    got = [(c.id, c.description, c.rules.keywords, c.extra.get("x_inactive_search_items")) for c in book.walk()]
    assert got == [("Haven", "Over de haven en de kade", ("haven", "kade*", "sluis"), None),
                   ("Douane", "Controle aan de grens", ("douane", "BTW"), "accijns"),
                   ("Weer", "", (), "storm")]
    notes = "\n".join(report.notes)
    assert "read as a MAXQDA dictionary (MAXDictio): 3 categories as codes" in notes
    assert "row 5: no category" in notes and "row 5: 'Whole word' off" in notes
    assert "row 6: 'Case sensitivity' on" in notes and "rows 7 and 8: search item or category switched off" in notes


def test_a_maxqda_dictionary_item_above_every_category_is_refused_naming_its_row(tmp_path):
    path = _workbook(tmp_path / "dictionary.xlsx", [DICTIONARY, [None, None, "haven", 1, 0, 0, 1, 1],
                                                    ["Haven", "", "kade", 1, 0, 0, 1, 1]])
    with pytest.raises(CodebookError) as err:
        import_codebook_table(path, language="nl")
    assert err.value.code == "RK243" and any("row 2" in problem for problem in err.value.problems)


def test_a_codebook_with_a_category_column_but_no_search_items_is_read_as_before(tmp_path):
    path = _workbook(tmp_path / "codes.xlsx", [["Category", "Code", "Description"], ["Werk", "Samenwerking", "Samen"],
                                               ["Werk", "Conflict", "Ruzie"]])
    book, report = import_codebook_table(path, language="nl")
    assert [(c.name, c.parent) for c in book.walk()] == [("Werk", None), ("Samenwerking", "Werk"), ("Conflict", "Werk")]
    assert not any("MAXDictio" in note for note in report.notes)


def _qt_odt(path, blocks):
    """An .odt as Qt's ODF writer leaves QualCoder's codebook: a paragraph per block, its lines split by line breaks."""
    doc = odfdo.Document("text")
    for lines in blocks:
        para = odfdo.Paragraph(lines[0])
        for line in lines[1:]:
            para.append(odfdo.LineBreak())
            para.append(line)
        doc.body.append(para)
    doc.save(path)
    return path


def test_qualcoder_codebook_odt_gives_categories_codes_levels_and_memos(tmp_path):
    path = _qt_odt(tmp_path / "Codebook.odt", [
        ["Codebook: Havens"],
        ["", "Category: Werk", "MEMO: Alles over het werk"],
        ["...\u2588Code: Samenwerking, Count: 12", "MEMO: Samen optrekken met de douane",
         "...Category: Conflict", "......\u2588Code: Ruzie, Count: 3"],
        ["\u2588Code: Klein, Count: 0", "Category: Haven", "...\u2588Code: Klein, Count: 5", "MEMO: De haven is klein"],
    ])
    book, report = import_codebook_table(path, language="nl")
    got = [(c.id, c.name, c.parent, c.description, c.extra.get("x_refi_codable")) for c in book.walk()]
    assert got == [("Werk", "Werk", None, "Alles over het werk", False),
                   ("Samenwerking", "Samenwerking", "Werk", "Samen optrekken met de douane", None),
                   ("Conflict", "Conflict", "Werk", "", False),
                   ("Ruzie", "Ruzie", "Conflict", "", None),
                   ("Klein", "Klein", None, "", None),
                   ("Haven", "Haven", None, "", False),
                   ("Haven.Klein", "Klein", "Haven", "De haven is klein", None)]
    assert book.title == "Havens"
    assert "read as QualCoder's codebook export: 3 categories (codes that are not codable) and 4 code(s)" in report.notes[0]
    assert "the counts of 4 code(s) set aside" in report.notes[0]


def test_qualcoder_codebook_txt_of_older_versions_with_memos_over_several_lines(tmp_path):
    path = tmp_path / "codebook.txt"
    path.write_text("Codebook for Havens\n========\n"
                    "Category:Werk, catid:1, Owner: anna\nMemo: Alles over het werk\nook vrijwilligers\n"
                    "--Code: Samenwerking, cid:4, Frq: 12, Owner: anna\n--Memo: \n"
                    "Code: Haven, cid:2, Frq: 1, Owner: bert\nMemo: De haven, de kade\n", encoding="utf-8")
    book, report = import_codebook_table(path, language="nl")
    got = [(c.id, c.parent, c.description, c.extra.get("x_refi_codable")) for c in book.walk()]
    assert got == [("Werk", None, "Alles over het werk\nook vrijwilligers", False),
                   ("Samenwerking", "Werk", "", None), ("Haven", None, "De haven, de kade", None)]
    assert book.title == "Havens" and not report.notes[1:]


def test_qualcoder_codebook_lines_of_no_item_are_named_and_a_foreign_odt_is_refused(tmp_path):
    path = _qt_odt(tmp_path / "Codebook.odt", [["Codebook: P"], ["Category: Werk", "Notitie van de onderzoeker"],
                                                ["\u2588Code: Haven, Count: 2"]])
    book, report = import_codebook_table(path, language="nl")
    assert [c.name for c in book.walk()] == ["Werk", "Haven"]
    assert any("line(s) 4 are no category, code or memo" in note for note in report.notes)  # odfdo's empty first paragraph is line 1
    other = _qt_odt(tmp_path / "notes.odt", [["Interview notes"], ["Code: Haven"]])
    with pytest.raises(CodebookError) as err:
        import_codebook_table(other, language="nl")
    assert err.value.code == "RK247" and "'Interview notes'" in err.value.problems[0]

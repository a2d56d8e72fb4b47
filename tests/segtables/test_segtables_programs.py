"""Coded-segment tables as the programs' own export code writes them (read from their sources).

* Taguette's highlights CSV: ``remram44/taguette`` ``taguette/export.py`` ``highlights_csv``
  (``csv.writer``: CRLF rows; columns id, document, tag, content; one row per tag, an untagged
  highlight with an empty tag) whose ``content`` is ``convert.html_to_plaintext(snippet)``,
  i.e. ``BeautifulSoup(html).get_text(' ', strip=True)``: the pieces of the highlight's HTML
  joined by single spaces, so ``the <em>end</em>.`` becomes ``the end .`` and two paragraphs
  one line.
* QualCoder's coding report: ``ccbogel/QualCoder`` ``src/qualcoder/report_codes.py``
  (``export_csv_file``: ``utf-8-sig``, every cell quoted; ``export_xlsx_file`` the same columns):
  File (or Case, Filename), Coder, Coded, Id (``ctid:3``, ``imid:2`` for an image coding whose
  Coded cell is ``image``, ``avid:9`` with ``a/v``), Codename, Coded_Memo, one Category column
  per level above the code (leaf to root), FileVar_/CaseVar_ columns.
* QualCoder's "Codes by text segments" report: ``ccbogel/QualCoder``
  ``qualcoder/report_codes_by_segments.py`` (``fill_table``, ``export_xlsx_file``): an openpyxl
  sheet with caseid, case name, fileid, file name, pos0, pos1, text, then one column per code
  name holding 1 or 0; no coder column.
"""

from __future__ import annotations

import csv
import io

import pytest
from segment_fixtures import write_xlsx

from researchkit.errors import SegmentTableError
from researchkit.segtables import import_segment_table
from researchkit.segtables.place import locate
from researchkit.transcripts import Corpus, Source, Transcript

TEXT = ("I: What about the harbour?\n"
        "R: The harbour is small. We work well together with the police.\n"
        "I: And customs?\n"
        "R: Customs come rarely, honestly.\n"
        "Nobody checks the nets.")


def _corpus() -> Corpus:
    return Corpus([Transcript("interview_1", TEXT, source=Source("/data/interview_1.docx", "0" * 64, "docx"))])


def _taguette_csv(path, rows):
    """Rows written as ``highlights_csv`` writes them (``csv.writer`` defaults: CRLF, minimal quoting)."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(["id", "document", "tag", "content"])
    for row in rows:
        writer.writerow(row)
    path.write_bytes(buf.getvalue().encode("utf-8"))
    return path


def test_taguette_highlights_with_the_spaces_get_text_puts_between_html_pieces_are_placed_exactly(tmp_path):
    path = _taguette_csv(tmp_path / "all_tags.csv", [
        (1, "interview_1", "harbour", "The harbour is small . We work well together"),   # <em>small</em>.
        (2, "interview_1", "people.customs", "Customs come rarely, honestly. Nobody checks the nets."),  # two <p>
        (2, "interview_1", "tone", "Customs come rarely, honestly. Nobody checks the nets."),
        (3, "interview_1", "", "We work well together"),                                 # no tag on it
    ])
    result = import_segment_table(path, _corpus(), coder="anna")
    got = {(row.code, TEXT[row.start:row.end]) for row in result.codings.itertuples()}
    assert got == {("harbour", "The harbour is small. We work well together"),
                   ("people.customs", "Customs come rarely, honestly.\nNobody checks the nets."),
                   ("tone", "Customs come rarely, honestly.\nNobody checks the nets.")}
    report = result.report
    assert report.producer == "Taguette" and report.placed_rows == 3
    assert report.how == {"only occurrence": 2, "only occurrence (white space ignored)": 1}
    assert [(i.where, i.kind) for i in report.issues] == [("row 5", "no code")]


def test_a_passage_found_only_without_white_space_never_starts_or_ends_inside_a_word():
    text = "the harbourmaster is small, we work well together"
    # a space the text does not have is ignored ...
    assert locate(text, "harbour master is small").span == (4, 26)
    # ... but a passage whose first word is the end of a longer word is not placed there.
    assert locate(text, "bour master is small").status == "not found"
    assert locate(text, "we work welltoge").status == "not found"
    assert locate(text, "we work welltogether").span == (28, 49)
    # short passages are not searched without white space at all (they would match anywhere)
    assert locate("we are here", "w eare").status == "not found"


def test_a_passage_found_only_without_white_space_in_two_places_is_ambiguous_or_chosen_by_the_offset():
    text = "R: The harbour is small.\nR: The harbour is small."
    assert locate(text, "The harbour is small .").status == "ambiguous"
    found = locate(text, "The harbour is small .", start=28, end=49, unit="char")
    assert (found.span, found.how) == ((28, 49), "nearest the table's offset (white space ignored)")


def _qualcoder_matrix(path, rows, codes):
    header = ["caseid", "case name", "fileid", "file name", "pos0", "pos1", "text"] + codes
    return write_xlsx(path, [header] + rows, title="Sheet")


def test_qualcoder_codes_by_text_segments_report_gives_one_coding_per_code_marked_1(tmp_path):
    def seg(passage, marks):
        start = TEXT.index(passage)
        return [-1, "", 1, "interview_1.docx", start, start + len(passage), passage] + marks

    path = _qualcoder_matrix(tmp_path / "codes_by_segments.xlsx", [
        seg("The harbour is small.", [1, 0, 0]),
        seg("R: The harbour is small. We work well together with the police.", [1, 1, 0]),
        seg("Customs come rarely", [0, 0, 1]),
        seg("Nobody checks the nets.", [0, 0, 0]),
    ], ["harbour", "cooperation", "Coder"])   # a code may be named like a column role
    result = import_segment_table(path, _corpus(), coder="anna")
    got = sorted((row.code, TEXT[row.start:row.end], row.coder) for row in result.codings.itertuples())
    assert got == [("Coder", "Customs come rarely", "anna"),
                   ("cooperation", "R: The harbour is small. We work well together with the police.", "anna"),
                   ("harbour", "R: The harbour is small. We work well together with the police.", "anna"),
                   ("harbour", "The harbour is small.", "anna")]
    report = result.report
    assert report.producer == "QualCoder" and report.how == {"at the table's offsets": 3}
    assert [(i.where, i.kind) for i in report.issues] == [("row 5", "no code")]


def test_qualcoder_codes_by_text_segments_report_without_a_coder_is_refused_naming_the_rows(tmp_path):
    path = _qualcoder_matrix(tmp_path / "codes_by_segments.xlsx",
                             [[-1, "", 1, "interview_1.docx", 30, 51, "The harbour is small.", 1]], ["harbour"])
    with pytest.raises(SegmentTableError) as err:
        import_segment_table(path, _corpus())
    assert err.value.code == "RK664" and "row 2" in str(err.value)


def test_qualcoder_coding_report_csv_places_text_codings_by_their_category_path_and_lists_image_and_av_rows(tmp_path):
    from researchkit.codebook import Codebook

    book = Codebook.from_dict({"codes": [
        {"id": "PLACE", "name": "Place", "children": [{"id": "HARB", "name": "Harbour", "children": [{"id": "SIZE", "name": "Size"}]}]},
        {"id": "TRUST", "name": "Trust"}, {"id": "OTHER", "name": "Other", "children": [{"id": "SIZE2", "name": "Size"}]}]})
    path = tmp_path / "Report_codings.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=",", quotechar='"', quoting=csv.QUOTE_ALL)
        writer.writerow(["File", "Coder", "Coded", "Id", "Codename", "Coded_Memo", "Category", "Category", "FileVar_age"])
        writer.writerow(["interview_1", "colin", "The harbour is small.", "ctid:3", "Size", "nice quote", "Harbour", "Place", "40"])
        writer.writerow(["interview_1", "colin", "Customs come rarely, honestly.", "ctid:4", "Trust", "", "", "", "40"])
        writer.writerow(["interview_1", "colin", "image", "imid:2", "Size", "", "Harbour", "Place", "40"])
        writer.writerow(["interview_1", "colin", "a/v", "avid:9", "Trust", "", "", "", "40"])
    corpus = Corpus([Transcript("interview_1", TEXT + "\nR: The image of the port is bad.",
                                source=Source("/data/interview_1.docx", "0" * 64, "docx"))])
    result = import_segment_table(path, corpus, book)
    got = [(row.code, corpus["interview_1"].text[row.start:row.end], row.coder, row.memo if isinstance(row.memo, str) else None)
           for row in result.codings.itertuples()]
    # 'Size' is two codes: the Category columns (Harbour, then Place) choose Place > Harbour > Size
    assert got == [("SIZE", "The harbour is small.", "colin", "nice quote"), ("TRUST", "Customs come rarely, honestly.", "colin", None)]
    report = result.report
    assert report.producer == "QualCoder" and report.columns["Coded"] == "text" and report.columns["Category"] == "parent of the code"
    assert [(i.where, i.kind, i.detail) for i in report.issues] == [
        ("row 4", "not text", "image coding (imid:2): researchkit codes text only"),   # never placed on the word 'image'
        ("row 5", "not text", "audio or video coding (avid:9): researchkit codes text only")]


def test_qualcoder_coding_report_by_case_reads_the_filename_column_as_the_document(tmp_path):
    path = write_xlsx(tmp_path / "report.xlsx", [
        ["Case", "Filename", "Coder", "Coded", "Id", "Codename", "Coded_Memo"],
        ["Respondent 1", "interview_1.docx", "colin", "We work well together", "ctid:7", "cooperation", None],
    ])
    result = import_segment_table(path, _corpus())
    assert [(r.code, TEXT[r.start:r.end]) for r in result.codings.itertuples()] == [("cooperation", "We work well together")]
    assert result.report.columns["Filename"] == "document" and "Case" not in result.report.columns

"""Coded-segment tables of a sweep of real exports in public repositories (files no other test names).

* ATLAS.ti 23+ quotation manager export: ``ICSA26-supplementary-material/edgeai.empirical-study.replication-package``
  ``thematic_analisys/atlas.ti_exports/README.md`` documents its ``20250914_quotation_export.csv``
  (400 coded fragments): Number (``1:1``), Reference (the paragraph), Name (usually empty),
  Text Content, Document, Codes, Number of Codes, Comment, Initial Position, Final Position,
  Extensão (the length; the researchers' ATLAS.ti ran in Portuguese), Creation Date,
  Modification Date. Before: ``Text Content`` was not a passage column, so the passage was
  read from the empty ``Name`` and every row was "no passage"; the table was not recognised as
  ATLAS.ti's.
* MAXQDA 24 "Coded Segments" export with a column per code: ``aufildelanuit/semi-controlled-touch-survey``
  ``Qualitative_Flavia/maxqda_data_preprocessing.R`` and ``coded_export_data_processing.R`` read
  ``MAXQDA 24 Coded Segments_NewProject.xlsx``: Document name, Code (``Social_self > Partner``),
  Segment, ``Other codes assigned to segment``, document variables (Age, Gender, Country ...) and
  one ``Code: <path>`` column per code holding 1 or 0 (the script finds ``Code: Social_self >
  Partner`` = 1 on a row coded ``Social_self``). Before: those columns were read as Dedoose's
  ``Code: X`` columns, so a row got the codes of every column holding 1 besides its own
  (``Social_self`` on a ``Social_self > Partner`` segment) and each row was reported as a
  duplicate of itself.
* MAXQDA exchange file (``.mex``) codings as the R package maxqdar extracts them:
  ``mbojan/data-letters`` ``maxqda/maxqda_test_coding.csv`` (colonial letters coded in MAXQDA;
  columns ID, TextID, WordID, Preview, start, end, file_name, tag, preview_length). The Preview
  holds at most 63 characters (row 49: ``8ª Companhia do Regimento de Infantaria de Milícias do
  Regiment`` for the 74 characters 228-302). Before: refused, RK662 (no passage column); a
  search for the preview would have coded only its first 63 characters.
"""

from __future__ import annotations

from segment_fixtures import write_xlsx

from researchkit.segtables import import_segment_table
from researchkit.segtables.columns import plan_columns
from researchkit.transcripts import Corpus, Transcript

FRAGMENT = ("README of the repository\n\n"
            "We keep the model on the device because the network is unreliable.\n\n"
            "Updates are pushed over MQTT when the gateway is online.\n\n"
            "We keep the model on the device because the network is unreliable.\n")

ATLAS23 = ["Number", "Reference", "Name", "Text Content", "Document", "Codes", "Number of Codes", "Comment",
           "Initial Position", "Final Position", "Extensão", "Creation Date", "Modification Date"]


def test_the_columns_of_atlas_ti_23_quotation_export_name_the_passage_the_positions_and_the_program():
    plan = plan_columns(ATLAS23)
    assert plan.producer == "ATLAS.ti" and plan.unit == "paragraph"
    assert plan.roles["text"] == 3 and plan.roles["ref"] == 0 and plan.roles["code"] == 5 and plan.roles["memo"] == 7
    assert (plan.roles["start"], plan.roles["end"]) == (8, 9)
    assert [h for _, h in plan.ignored] == ["Number of Codes", "Extensão", "Creation Date", "Modification Date"]


def test_atlas_ti_23_quotations_are_placed_from_their_text_content_in_the_paragraph_they_name(tmp_path):
    path = write_xlsx(tmp_path / "20250914_quotation_export.xlsx", [
        ATLAS23,
        ["1:1", "3", "", "We keep the model on the device because the network is unreliable.", "frag-001",
         "T1. Edge Connectivity\nOffline operation", 2, "", 3, 3, 1, "14/09/2025 10:01", "14/09/2025 10:01"],
        ["1:2", "5", "", "Updates are pushed over MQTT when the gateway is online.", "frag-001",
         "T1. Edge Connectivity", 1, "pushed, not pulled", 5, 5, 1, "14/09/2025 10:02", "14/09/2025 10:02"],
        ["1:3", "7", "", "We keep the model on the device because the network is unreliable.", "frag-001",
         "Offline operation", 1, "", 7, 7, 1, "14/09/2025 10:03", "14/09/2025 10:03"],
    ])
    result = import_segment_table(path, Corpus([Transcript("frag-001", FRAGMENT)]), coder="ana")
    got = [(r.code, r.start, FRAGMENT[r.start:r.end], r.memo if isinstance(r.memo, str) else "") for r in result.codings.itertuples()]
    first, second = FRAGMENT.index("We keep"), FRAGMENT.rindex("We keep")
    assert sorted(got) == sorted([
        ("T1. Edge Connectivity", first, "We keep the model on the device because the network is unreliable.", ""),
        ("Offline operation", first, "We keep the model on the device because the network is unreliable.", ""),
        ("T1. Edge Connectivity", FRAGMENT.index("Updates"), "Updates are pushed over MQTT when the gateway is online.",
         "pushed, not pulled"),
        ("Offline operation", second, "We keep the model on the device because the network is unreliable.", ""),
    ])
    assert result.report.producer == "ATLAS.ti" and result.report.placed_rows == 3 and not result.report.issues


MAXQDA24 = ["Color", "Document group", "Document name", "Code", "Beginning", "End", "Weight score", "Segment", "Comment",
            "Created by", "Created", "Area", "Coverage %", "Other codes assigned to segment", "Age", "Gender",
            "Code: Social_self", "Code: Social_self > Partner", "Code: Social_self > Professional", "Code: Video"]


def test_maxqda_24_code_columns_beside_the_code_column_add_no_codings_and_are_named_in_the_report(tmp_path):
    text = "17\n\nMy partner would do this.\n\nA nurse, at work.\n"
    path = write_xlsx(tmp_path / "MAXQDA 24 Coded Segments_NewProject.xlsx", [
        MAXQDA24,
        ["#ff0000", "", "R_1E1hmPQ0PvgTH68", "Video", 1, 1, 0, "17", "", "flavia", "03/05/2024 10:00", 2, 5.0,
         "Social_self", 34, "f", 0, 0, 0, 1],
        ["#ff0000", "", "R_1E1hmPQ0PvgTH68", "Social_self > Partner", 3, 3, 0, "My partner would do this.", "", "flavia",
         "03/05/2024 10:00", 25, 40.0, "Video", 34, "f", 1, 1, 0, 0],
        ["#ff0000", "", "R_1E1hmPQ0PvgTH68", "Social_self > Professional", 5, 5, 0, "A nurse, at work.", "", "flavia",
         "03/05/2024 10:00", 17, 30.0, "", 34, "f", 1, 0, 1, 0],
    ])
    result = import_segment_table(path, Corpus([Transcript("R_1E1hmPQ0PvgTH68", text)]))
    got = [(r.code, text[r.start:r.end], r.coder) for r in result.codings.itertuples()]
    assert got == [("Video", "17", "flavia"), ("Social_self > Partner", "My partner would do this.", "flavia"),
                   ("Social_self > Professional", "A nurse, at work.", "flavia")]
    report = result.report
    assert report.producer == "MAXQDA" and report.placed_rows == 3 and not report.issues
    assert any("'Code: Social_self > Partner'" in n and "the Code column names the segment's code" in n for n in report.notes)


def test_a_dedoose_table_still_reads_its_code_columns():
    plan = plan_columns(["Media Title", "Excerpt Copy", "Excerpt Creator", "Code: Haven Applied", "Code: Werk Applied"])
    assert plan.producer == "Dedoose" and plan.code_columns == [(3, "Haven"), (4, "Werk")]


def test_a_stray_cell_or_formula_beside_the_table_is_no_segment_and_merged_document_cells_are_filled(tmp_path):
    """Excel quirks of hand-kept exports: a title above the header, the document cell merged over its
    rows, and a formula (``=1+1``) far beside the table. Before: the formula's row was a segment
    without a coder, and the whole import was refused (RK664 naming row 50)."""
    import openpyxl

    text = "R: The harbour is small.\nR: We work well together.\nR: Customs come rarely."
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["MAXQDA 2022 export", None, None, None])
    ws.append([])
    ws.append(["Document name", "Code", "Segment", "Created by"])
    ws.append(["R01", "Haven", "The harbour is small.", "anna"])
    ws.append([None, "Werk", "We work well together.", "anna"])
    ws.append([None, "Douane", "Customs come rarely.", "anna"])
    ws.merge_cells("A4:A6")
    ws.cell(row=50, column=6).value = "=1+1"
    wb.save(tmp_path / "segments.xlsx")
    result = import_segment_table(tmp_path / "segments.xlsx", Corpus([Transcript("R01", text)]))
    assert [(r.code, text[r.start:r.end], r.coder) for r in result.codings.itertuples()] == [
        ("Haven", "The harbour is small.", "anna"), ("Werk", "We work well together.", "anna"),
        ("Douane", "Customs come rarely.", "anna")]
    assert result.report.rows == 3 and not result.report.issues
    assert "1 row(s) with cells only in columns without a header set aside (not segments): row(s) 50" in result.report.notes


MEX_CSV = ("ID,TextID,WordID,Preview,start,end,file_name,tag,preview_length\n"
           "49,7,9,8ª Companhia do Regimento de Infantaria de Milícias do Regiment,228,302,5_16943,INSTITUTION,63\n"
           "50,7,8,REQUERIMENTO,31,43,5_16943,TYPE,12\n"
           "59,7,4,\"1807, Outubro, 3\",14,30,5_16943,DATE,16\n"
           "62,7,5,Regimento de Milícias de Macacu e de Santo Antônio de Sá e Guap,330,400,5_16943,PERSON,63\n")


def _letter() -> str:
    text = [" "] * 480
    for start, words in ((14, "1807, Outubro, 3"), (31, "REQUERIMENTO"),
                         (228, "8ª Companhia do Regimento de Infantaria de Milícias do Regimento de Macacu")):
        text[start:start + len(words)] = list(words)
    return "".join(text)


def test_maxqda_exchange_file_codings_with_cut_previews_are_placed_whole_at_their_offsets(tmp_path):
    (tmp_path / "maxqda_test_coding.csv").write_text(MEX_CSV, encoding="utf-8")
    text = _letter()
    result = import_segment_table(tmp_path / "maxqda_test_coding.csv", Corpus([Transcript("5_16943", text)]), coder="agata")
    got = [(r.code, r.start, r.end, text[r.start:r.end]) for r in result.codings.itertuples()]
    assert got == [("INSTITUTION", 228, 302, "8ª Companhia do Regimento de Infantaria de Milícias do Regimento de Macacu"),
                   ("TYPE", 31, 43, "REQUERIMENTO"), ("DATE", 14, 30, "1807, Outubro, 3")]
    report = result.report
    assert report.producer == "MAXQDA exchange file" and report.placed_rows == 3
    [issue] = report.issues
    assert (issue.where, issue.kind) == ("row 5", "passage not found")
    assert "only the segment's first 63 characters (a preview)" in issue.detail and "(330-400)" in issue.detail

"""Shapes of real exports found in public repositories in a second sweep (coded-segment reports).

* NVivo's node export as text, as a Northern Ireland archive study parsed it (``J_Denial.txt``,
  quoted in the study's R and Python code): document lines with doubled backslashes and no
  angle brackets (``Files\\\\SKD_round1\\\\PREM 15 1035\\\\IMG_5083 - § 1 reference coded
  [ 6.65% Coverage]``), passages over several lines with the source's trailing spaces, no blank
  lines, and a reference to an area of a scanned PDF page written as its place
  (``Page 1 : (136,153) - (502,293)``). Before: the area was reported as a passage "not found".
"""

from __future__ import annotations

from researchkit.segtables import import_segment_table
from researchkit.transcripts import Corpus, Transcript

PAGE = ("PRIME MINISTER\nArrests\n- 342 men were arrested on August 9 in a highly successful\n"
        "operation in very difficult circumstances. No force but the minimum was used.\nEnd of page.")
OTHER = ("CONFIDENTIAL\nThis will be done only after a careful scrutiny of information.\n"
         "Any such person will then have the right\nto make representations.")


def _report(path):
    path.write_text(
        "Files\\\\SKD_round1\\\\PREM 15 1035\\\\IMG_5083_PREM_15_475 - \u00a7 1 reference coded [ 6.65% Coverage]\n"
        "Reference 1 - 6.65% Coverage\n"
        "Arrests \n- 342 men were arrested on August 9 in a highly successful \n"
        "operation in very difficult circumstances. No force but the minimum was used.\n"
        "Files\\\\SKD_round1\\\\PREM 15 478\\\\PREM_15_478_050 - \u00a7 2 references coded [ 6.78% Coverage]\n"
        "Reference 1 - 5.80% Coverage\n"
        "This will be done only after a careful scrutiny of information.\n"
        "Reference 2 - 0.98% Coverage\n"
        "Any such person will then have the right\n"
        "Files\\\\DNV_round1\\\\DEFE 13 1358\\\\IMG_9711_DEFE_13_1358 - \u00a7 1 reference coded [ 4.20% Coverage]\n"
        "Reference 1 - 4.20% Coverage\n"
        "Page 1 : (136,153) - (502,293)\n", encoding="utf-8")
    return path


def test_an_nvivo_text_export_places_its_passages_and_lists_a_pdf_area_as_not_text(tmp_path):
    corpus = Corpus([Transcript("IMG_5083_PREM_15_475", PAGE), Transcript("PREM_15_478_050", OTHER),
                     Transcript("IMG_9711_DEFE_13_1358", "scanned page")])
    result = import_segment_table(_report(tmp_path / "J_Denial.txt"), corpus, coder="sd")
    rows = result.codings[["doc_id", "code", "text"]].values.tolist()
    assert rows == [["IMG_5083_PREM_15_475", "J_Denial", PAGE[15:-13]],
                    ["PREM_15_478_050", "J_Denial", "This will be done only after a careful scrutiny of information."],
                    ["PREM_15_478_050", "J_Denial", "Any such person will then have the right"]]
    for row in result.codings.itertuples():
        assert corpus[row.doc_id].text[row.start:row.end] == row.text
    [issue] = result.report.issues
    assert issue.where == "line 12" and issue.document == "IMG_9711_DEFE_13_1358"
    assert "PDF or picture region coding (Page 1 : (136,153) - (502,293))" in str(result.report)
    assert "not found" not in str(result.report)


def test_a_region_without_a_page_is_a_picture_area_and_a_sentence_with_brackets_is_text(tmp_path):
    text = "The figure (136,153) - (502,293) shows it."
    corpus = Corpus([Transcript("Photo 1", "a picture"), Transcript("Notes", text)])
    path = tmp_path / "Node.txt"
    path.write_text("<Files\\\\Photo 1> - \u00a7 1 reference coded [12.00% Coverage]\n\nReference 1 - 12.00% Coverage\n\n"
                    "(0,0) - (640,480)\n\n<Files\\\\Notes> - \u00a7 1 reference coded [80.00% Coverage]\n\n"
                    f"Reference 1 - 80.00% Coverage\n\n{text}\n", encoding="utf-8")
    result = import_segment_table(path, corpus, coder="sd")
    assert result.codings[["doc_id", "text"]].values.tolist() == [["Notes", text]]
    assert [i.document for i in result.report.issues] == ["Photo 1"]
    assert "PDF or picture region coding ((0,0) - (640,480))" in str(result.report)

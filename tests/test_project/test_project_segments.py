"""``Project.import_segments``: another program's table of coded segments into the project, on every backend.

One transaction: codings and the codes added from paths go in together or not at all;
importing the same file twice changes nothing; ``on_duplicate="error"`` refuses and writes
nothing; an unreadable file leaves the project as it was; the audit log names the import.
"""

from __future__ import annotations

import openpyxl
import pytest

from researchkit.errors import ProjectError, SegmentTableError

HEADER = ["Color", "Document group", "Document name", "Code", "Beginning", "End", "Weight score", "Segment",
          "Comment", "Created by", "Created", "Area", "Coverage %"]


def _maxqda(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for doc, code, begin, segment, comment, by in rows:
        ws.append(["#ff0000", "Havens", doc, code, begin, begin, 0, segment, comment, by, "04.12.2026 10:12", 10, 1.0])
    wb.save(path)
    return path


ROWS = [
    ("R01", "Signalen\\Boten", 2, 'Wij zien "vreemde" boten', "let op", "anna"),
    ("R02.docx", "Samenwerking", 2, "we werken goed samen met de politie", None, "bert"),
    ("R02", "Samenwerking\\Politie", 2, "samen met de politie", None, "bert"),
    ("R03", "Haven", 1, "de haven", None, "anna"),
]


def test_import_segments_stores_codings_and_reports(filled, tmp_path):
    report = filled.import_segments(_maxqda(tmp_path / "segments.xlsx", ROWS))
    stored = filled.codings(source="import")
    assert stored[["doc_id", "code", "coder", "text"]].values.tolist() == [
        ["R01", "SIG.boot", "anna", "Wij zien   \u201cvreemde\u201d boten"],
        ["R02", "SAM", "bert", "we werken goed samen met de politie"],
    ]
    assert stored.loc[stored["code"] == "SIG.boot", "memo"].item() == "let op"
    assert (report.stored, report.skipped, report.placed_rows, report.rows) == (2, 0, 2, 4)
    assert [(i.where, i.kind) for i in report.issues] == [("row 4", "code unknown"), ("row 5", "document not found")]
    entry = filled.history().iloc[-1]
    assert entry["action"] == "import_segments" and "segments.xlsx" in entry["target"]
    again = filled.import_segments(tmp_path / "segments.xlsx")
    assert (again.stored, again.skipped) == (0, 2)
    assert len(filled.codings(source="import")) == 2
    with pytest.raises(ProjectError, match=r"\[RK320\]"):
        filled.import_segments(tmp_path / "segments.xlsx", on_duplicate="error")
    assert len(filled.codings(source="import")) == 2


def test_codes_from_path_extend_the_codebook_in_the_same_transaction(filled, tmp_path):
    path = _maxqda(tmp_path / "s.xlsx", ROWS[:3])
    report = filled.import_segments(path, codes_from_path=True)
    assert report.new_codes == ["Politie"] and report.stored == 3
    codes = filled.codes().set_index("code_id")
    assert codes.loc["Politie", "parent"] == "SAM" and codes.loc["Politie", "name"] == "Politie"
    assert filled.codings(code="Politie")["text"].tolist() == ["samen met de politie"]


def test_a_failed_import_leaves_the_project_as_it_was(filled, tmp_path):
    before = (len(filled.codings()), len(filled.codes()), len(filled.history()))
    with pytest.raises(ProjectError, match=r"\[RK324\]"):
        filled.import_segments(_maxqda(tmp_path / "s.xlsx", ROWS), codes_from_path=True, on_duplicate="sometimes")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(SegmentTableError, match=r"\[RK661\]"):
        filled.import_segments(broken)
    assert (len(filled.codings()), len(filled.codes()), len(filled.history())) == before


def test_rows_without_coder_take_the_given_coder_or_the_user(filled, tmp_path):
    path = tmp_path / "highlights.csv"
    path.write_text("id,document,tag,content\n1,R01,Haven,De haven is klein\n", encoding="utf-8")
    assert filled.import_segments(path, coder="carla").stored == 1
    assert filled.codings(code="HAV")["coder"].tolist() == ["carla"]
    path.write_text("id,document,tag,content\n1,R01,Douane,de douane komt zelden\n", encoding="utf-8")
    filled.import_segments(path)
    assert filled.codings(code="DOU")["coder"].tolist() == ["tester"]  # the project's user


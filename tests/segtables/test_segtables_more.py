"""Reports of coded segments written as documents: ATLAS.ti quotation reports and MAXQDA's retrieved segments.

The layouts follow what the vendors' manuals say the reports hold (no sample export was
found in the public material searched): ATLAS.ti names a quotation by its id ``1:5``
(document 1, fifth quotation) and its reference in paragraphs (``¶ 12``; ``P 1: ... (12:12)``
in ATLAS.ti 7's quotation output), with its codes, comment and author; MAXQDA writes each
retrieved segment with its source information (document group and document, paragraphs,
the weight in brackets) and its code. Every fixture is imported into a real project (SQLite)
and the stored codings are checked against ``text[start:end]``.
"""

from __future__ import annotations

import zipfile

import docx
import pytest
from segment_fixtures import CODEBOOK

from researchkit.errors import SegmentTableError
from researchkit.project import Project
from researchkit.segtables import read_segment_table


def _project(tmp_path, corpus) -> Project:
    project = Project.create(tmp_path / "study.rkp", user="tester")
    project.add_documents(corpus)
    project.set_codebook(CODEBOOK)
    return project


def _stored(project) -> list[list]:
    """The imported codings as ``[doc_id, code, coder, text[start:end]]``, checked against the documents' texts."""
    texts = {t.doc_id: t.text for t in project.corpus()}
    rows = []
    for row in project.codings(source="import").itertuples():
        assert row.text == texts[row.doc_id][row.start:row.end]
        rows.append([row.doc_id, row.code, row.coder, texts[row.doc_id][row.start:row.end]])
    return rows


def _word(path, paragraphs):
    """A Word file; ``("List Bullet", text)`` items are list paragraphs, as ATLAS.ti writes a quotation's codes."""
    document = docx.Document()
    for item in paragraphs:
        style, text = item if isinstance(item, tuple) else (None, item)
        document.add_paragraph(text, style=style)
    document.save(path)
    return path


def test_atlasti_quotation_report_in_word_is_imported_into_a_project(tmp_path, corpus):
    path = _word(tmp_path / "Quotation Report.docx", [
        "Quotations", "Report created by anna on 05.12.2026",
        "1:3 \u00b6 11 in Interview 01.txt", "Codes:", ("List Bullet", "Haven::Klein"), "Comment: de laatste keer",
        "Created by: jurgen", "Content:", "R: De haven is klein.",
        "2:1 Customs \u00b6 2 in Interview 02.docx", "Codes:", ("List Bullet", "Werk::Samenwerking"), "Created by: carla",
        "Content:", "We work well together with customs.",
        "2:3 \u00b6 6 in Interview 02.docx", "Codes:", ("List Bullet", "Werk::Conflict"), "Created by: carla",
        "Content:", "Honestly - it is fine.",
        "3:1 \u00b6 1 in Interview 03.txt", "Codes:", ("List Bullet", "Haven"), "Created by: carla", "Content:", "de haven",
        "1:7 \u00b6 9 \u2013 9 in Interview 01.txt", "Codes:", ("List Bullet", "Haven"), "Created by: carla",
        "Content:", "Iets heel anders gezegd.",
    ])
    table = read_segment_table(path)
    assert table.producer == "ATLAS.ti"
    first = table.segments[0]
    assert (first.where, first.ref, first.memo, first.coder, first.start, first.unit) == (
        "paragraph 3", "1:3", "de laatste keer", "jurgen", 11, "paragraph")
    assert any("2 line(s) above the first quotation heading" in note for note in table.notes)
    with _project(tmp_path, corpus) as project:
        report = project.import_segments(path)
        assert _stored(project) == [
            ["interview_01", "HAV.klein", "jurgen", "R: De haven is klein."],
            ["interview_02", "SAM", "carla", "We work well together with customs."],
            ["interview_02", "CONF", "carla", "Honestly \u2013 it is fine."],
        ]
        # the third of three 'De haven is klein' (line 11), the second 'Honestly' (line 6): the report's paragraphs chose
        placed = project.codings(source="import")
        assert placed.loc[placed["code"] == "HAV.klein", "start"].item() == corpus["interview_01"].text.rindex("R: De haven")
        assert placed.loc[placed["code"] == "CONF", "start"].item() == corpus["interview_02"].text.rindex("Honestly")
        assert placed.loc[placed["code"] == "HAV.klein", "memo"].item() == "de laatste keer"
    assert (report.rows, report.placed_rows, report.stored) == (5, 3, 3)
    assert [(i.where, i.kind) for i in report.issues] == [("paragraph 22", "document not found"),
                                                          ("paragraph 28", "passage not found")]


ATLAS7 = """______________________________________________________________________

ATLAS.ti 7 - Report
HU: Havens
File:  [C:\\Users\\anna\\Havens.hpr7]
Edited by: anna
Date/Time: 2026-12-05 10:12:00
______________________________________________________________________

All current quotations (2). Quotation-Filter: All

P 1: Interview 01.txt - 1:3 [R: De haven is klein.]  (11:11)   (anna)
Codes:\t[Haven::Klein - Family: Omgeving] [Werk]
No memos

R: De haven is klein.

P 2: Interview 02.docx - 2:1 [We work well together with c..]  (2:2)   (carla)
Codes:\t[Samenwerking]
Memo: samen met de douane

We work well together with customs.
"""


def test_atlasti_7_quotation_output_as_text(tmp_path, corpus):
    path = tmp_path / "All quotations.txt"
    path.write_text(ATLAS7, encoding="utf-8")
    table = read_segment_table(path)
    assert table.producer == "ATLAS.ti"
    assert [(s.where, s.document, s.codes, s.coder, s.memo, s.start, s.end, s.text) for s in table.segments] == [
        ("line 12", "Interview 01.txt", ("Haven::Klein", "Werk"), "anna", None, 11, 11, "R: De haven is klein."),
        ("line 18", "Interview 02.docx", ("Samenwerking",), "carla", "samen met de douane", 2, 2,
         "We work well together with customs."),
    ]
    with _project(tmp_path, corpus) as project:
        report = project.import_segments(path)
        assert _stored(project) == [
            ["interview_01", "HAV.klein", "anna", "R: De haven is klein."],
            ["interview_01", "WERK", "anna", "R: De haven is klein."],
            ["interview_02", "SAM", "carla", "We work well together with customs."],
        ]
    assert report.issues == [] and report.codings == 3


def test_atlasti_8_report_as_html_with_dutch_labels(tmp_path, corpus):
    page = ("<html><head><title>Citaten</title><style>p {margin: 0}</style></head><body><h1>Rapport: citaten</h1>"
            "<h2>D 1: Interview 01.txt - 1:4</h2><p>Codes:</p><ul><li>Werk::Samenwerking</li><li>Haven</li></ul>"
            "<p>Opmerking: politie</p><p>Aangemaakt door: Jan</p><p>Gewijzigd: 05-12-2026</p>"
            "<p>Inhoud:</p><p>We werken goed samen met de politie.</p>"
            "<h2>D 2: Interview 02.docx - 2:4 \u00b6 4</h2><p>Codes:</p><ul><li>Werk::Samenwerking</li></ul>"
            "<p>Aangemaakt door: Jan</p><p>Inhoud:</p><p>We work well together with him too.</p></body></html>")
    path = tmp_path / "citaten.html"
    path.write_text(page, encoding="utf-8")
    table = read_segment_table(path)
    assert table.producer == "ATLAS.ti"
    assert [(s.document, s.codes, s.memo, s.coder, s.start) for s in table.segments] == [
        ("Interview 01.txt", ("Werk::Samenwerking", "Haven"), "politie", "Jan", None),
        ("Interview 02.docx", ("Werk::Samenwerking",), None, "Jan", 4)]
    assert any("gewijzigd (1)" in note for note in table.notes)
    with _project(tmp_path, corpus) as project:
        project.import_segments(path)
        assert sorted(_stored(project)) == [
            ["interview_01", "HAV", "Jan", "We werken goed samen met de politie."],
            ["interview_01", "SAM", "Jan", "We werken goed samen met de politie."],
            ["interview_02", "SAM", "Jan", "We work well together with him too."],
        ]


def test_maxqda_retrieved_segments_in_word_source_line_above_the_text(tmp_path, corpus):
    path = _word(tmp_path / "Retrieved segments.docx", [
        "Retrieved segments",
        "Interviews\\Interview 01: 11 - 11 (0)", "Code: Haven\\Klein", "R: De haven is klein.",
        "Interviews\\Interview 02: 4 - 4 (20)", "Code: Werk\\Samenwerking", "We work well together with him too.",
        "Interviews\\Interview 02: 6 - 6 (0)", "R: Honestly - it is fine.",
    ])
    table = read_segment_table(path)
    assert table.producer == "MAXQDA"
    assert [(s.where, s.document, s.codes, s.start, s.text) for s in table.segments] == [
        ("paragraph 2", "Interview 01", ("Haven\\Klein",), 11, "R: De haven is klein."),
        ("paragraph 5", "Interview 02", ("Werk\\Samenwerking",), 4, "We work well together with him too."),
        ("paragraph 8", "Interview 02", (), 6, "R: Honestly - it is fine."),
    ]
    with _project(tmp_path, corpus) as project:
        report = project.import_segments(path, coder="anna")
        assert _stored(project) == [["interview_01", "HAV.klein", "anna", "R: De haven is klein."],
                                    ["interview_02", "SAM", "anna", "We work well together with him too."]]
        start = project.codings(source="import")["start"].tolist()[0]
        assert start == corpus["interview_01"].text.rindex("R: De haven is klein.")
    assert [(i.where, i.kind) for i in report.issues] == [("paragraph 8", "no code")]


def test_maxqda_retrieved_segments_as_html_source_line_below_the_text(tmp_path, corpus):
    page = ("<html><body><h1>Liste der codierten Segmente (2 Segmente aus 2 Dokumenten)</h1>"
            "<p>We work well together with customs.</p><p>Interview 02, Pos. 2</p><p>Werk\\Samenwerking (0)</p>"
            "<p>De haven is klein</p><p>Interview 01, Pos. 4</p><p>Haven\\Klein (0)</p></body></html>")
    path = tmp_path / "segmente.html"
    path.write_text(page, encoding="utf-8")
    table = read_segment_table(path)
    assert table.producer == "MAXQDA"
    assert [(s.document, s.codes, s.start, s.text) for s in table.segments] == [
        ("Interview 02", ("Werk\\Samenwerking",), 2, "We work well together with customs."),
        ("Interview 01", ("Haven\\Klein",), 4, "De haven is klein"),
    ]
    assert any("1 line(s) above the first source line set aside" in note for note in table.notes)
    with _project(tmp_path, corpus) as project:
        report = project.import_segments(path, coder="anna")
        assert sorted(_stored(project)) == [["interview_01", "HAV.klein", "anna", "De haven is klein"],
                                            ["interview_02", "SAM", "anna", "We work well together with customs."]]
        # paragraph 4 counting only non-empty paragraphs: the 'De haven is klein' of line 7 (the second of three)
        klein = project.codings(source="import").query("code == 'HAV.klein'")
        assert klein["start"].item() == corpus["interview_01"].text.index("R: De haven is klein,") + 3
    assert report.issues == [] and report.how == {"in the table's paragraph": 1, "only occurrence": 1}


def test_report_limits_unsafe_word_files_and_files_without_headings(tmp_path, monkeypatch):
    from researchkit.segtables import reports

    fake = tmp_path / "report.docx"
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(SegmentTableError, match=r"\[RK665\].*no word/document.xml"):
        read_segment_table(fake)
    page = tmp_path / "report.html"
    page.write_text("<p>1:3 \u00b6 11 in Interview 01.txt</p><p>Codes: [Haven]</p><p>de haven</p>", encoding="utf-8")
    monkeypatch.setattr(reports, "MAX_REPORT_BYTES", 10)
    with pytest.raises(SegmentTableError, match=r"\[RK665\].*limit for a report"):
        read_segment_table(page)
    monkeypatch.setattr(reports, "MAX_REPORT_BYTES", 50 * 2**20)
    monkeypatch.setattr(reports, "MAX_REPORT_LINES", 2)
    with pytest.raises(SegmentTableError, match=r"\[RK665\].*more than the 2 a report may have"):
        read_segment_table(page)
    monkeypatch.setattr(reports, "MAX_REPORT_LINES", 500_000)
    plain = _word(tmp_path / "brief.docx", ["Beste collega,", "I: 12", "Tot ziens."])
    with pytest.raises(SegmentTableError, match=r"\[RK663\].*ATLAS\.ti.*MAXQDA"):
        read_segment_table(plain)


def test_padded_and_near_miss_lines_are_read_as_what_they_are(tmp_path):
    """Runs of spaces inside headings (a pattern over them once took cubic time) and lines that only look like headings."""
    spaces = " " * 300
    lines = [f"1:5{spaces}\u00b6 3 in Interview 01", "Codes: [Haven]", "De haven is klein.",
             f"1:6{spaces}x", "I: 12", "R: de haven: 12 boten", f"Code:{spaces}(1)"] * 200
    path = tmp_path / "padded.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    table = read_segment_table(path)
    assert table.producer == "ATLAS.ti" and len(table.segments) == 200
    first = table.segments[0]
    assert (first.ref, first.document, first.start, first.codes) == ("1:5", "Interview 01", 3, ("Haven",))
    assert first.text.split("\n") == ["De haven is klein.", f"1:6{spaces}x", "I: 12", "R: de haven: 12 boten", f"Code:{spaces}(1)"]

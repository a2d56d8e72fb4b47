"""``researchkit project import-segments``: the report printed, issues written as CSV, user errors exit 2."""

from __future__ import annotations

import pandas as pd
from segment_fixtures import CODEBOOK

from researchkit.cli import main
from researchkit.project import Project


def _project(path, corpus):
    with Project.create(path, user="tester") as project:
        project.add_documents(corpus)
        project.set_codebook(CODEBOOK)


def test_import_segments_command(tmp_path, corpus, capsys):
    target = tmp_path / "study.rkp"
    _project(target, corpus)
    table = tmp_path / "coded.csv"
    table.write_text("codename,coder,file,pos0,pos1,text\n"
                     "Samenwerking,,Interview 02.docx,35,69,We work well together with customs\n"
                     "Onbekend,,Interview 02.docx,0,3,I: How\n", encoding="utf-8")
    issues = tmp_path / "issues.csv"
    code = main(["project", "import-segments", str(table), "--project", str(target), "--coder", "anna",
                 "--codes-from-path", "--issues", str(issues)])
    out = capsys.readouterr().out
    assert code == 0
    assert "(QualCoder): 2 row(s), 2 placed, 2 coding(s)" in out and "stored 2 coding(s)" in out
    assert "1 code(s) added to the codebook: Onbekend" in out
    with Project.open(target) as project:
        assert project.codings()[["code", "coder"]].values.tolist() == [["Onbekend", "anna"], ["SAM", "anna"]]
    assert pd.read_csv(issues).empty
    code = main(["project", "import-segments", str(target), str(table), "--coder", "anna", "--issues", str(issues)])
    out = capsys.readouterr().out
    assert code == 0 and "stored 0 coding(s), 2 already in the project" in out


def test_import_segments_command_reports_rows_and_refuses_bad_files(tmp_path, corpus, capsys):
    target = tmp_path / "study.rkp"
    _project(target, corpus)
    table = tmp_path / "all_tags.csv"
    table.write_text("id,document,tag,content\n1,Interview 09,Haven,de haven\n", encoding="utf-8")
    issues = tmp_path / "issues.csv"
    assert main(["project", "import-segments", str(table), "-p", str(target), "--coder", "eva", "--issues", str(issues)]) == 0
    out = capsys.readouterr().out
    assert "row 2: document not found: 'Interview 09'" in out
    assert pd.read_csv(issues)[["where", "kind"]].values.tolist() == [["row 2", "document not found"]]
    table.write_text("Code,Memo\nHaven,x\n", encoding="utf-8")
    assert main(["project", "import-segments", str(table), "-p", str(target), "--coder", "eva"]) == 2
    assert "[RK662]" in capsys.readouterr().err

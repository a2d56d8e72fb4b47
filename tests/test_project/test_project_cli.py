"""`researchkit project init/add/status/backup/restore`, `researchkit code`, `researchkit export`."""

from __future__ import annotations

import pandas as pd
import pytest
from project_fixtures import CODEBOOK, TEXT_R01, TEXT_R02

from researchkit.cli import main
from researchkit.project import CODINGS_FRAME_COLUMNS, Project


@pytest.fixture
def folder(tmp_path):
    docs = tmp_path / "transcripts"
    docs.mkdir()
    (docs / "R01.txt").write_text(TEXT_R01, encoding="utf-8")
    (docs / "R02.txt").write_text(TEXT_R02, encoding="utf-8")
    (tmp_path / "attributes.csv").write_text("doc_id,group,port\nR01,politie,Harlingen\nR02,douane,Delfzijl\n", encoding="utf-8")
    import yaml

    (tmp_path / "codebook.yaml").write_text(yaml.safe_dump(CODEBOOK), encoding="utf-8")
    return tmp_path


def test_init_add_status_code_export(folder, capsys, monkeypatch):
    project = str(folder / "study.rkp")
    assert main(["project", "init", project, "--codebook", str(folder / "codebook.yaml"), "--user", "anna"]) == 0
    assert main(["project", "add", project, str(folder / "transcripts"), "--attributes", str(folder / "attributes.csv")]) == 0
    assert "added 2" in capsys.readouterr().out

    assert main(["code", "R01", "-p", project, "--code", "SIG", "--coder", "anna", "--quote", 'zien "vreemde" boten']) == 0
    out = capsys.readouterr().out
    assert "\tR01\t" in out and "vreemde" in out
    monkeypatch.setenv("RESEARCHKIT_PROJECT", project)
    assert main(["code", "R02", "--code", "SAM", "--coder", "bert", "--start", "42", "--end", "52"]) == 0

    # an ambiguous quote is a user error (exit 2) that lists the candidates
    assert main(["code", "R01", "--code", "HAV", "--coder", "anna", "--quote", "de haven"]) == 2
    err = capsys.readouterr().err
    assert "RK317" in err and "occurrence=2" in err

    rules = pd.DataFrame({"doc_id": ["R01"], "start": [TEXT_R01.index("douane")], "end": [TEXT_R01.index("douane") + 6],
                          "code": ["DOU"], "source": ["rules"]})
    rules.to_csv(folder / "rules.csv", index=False)
    assert main(["code", "--csv", str(folder / "rules.csv"), "--coder", "rules"]) == 0
    assert main(["code", "--csv", str(folder / "rules.csv"), "--coder", "rules"]) == 2  # duplicates refused ...
    assert main(["code", "--csv", str(folder / "rules.csv"), "--coder", "rules", "--skip-duplicates"]) == 0  # ... or skipped

    assert main(["project", "status", project]) == 0
    status = capsys.readouterr().out
    assert "Documents: 2" in status and "Codings: 3" in status and "  rules: 1" in status

    assert main(["export", str(folder / "codings.csv")]) == 0
    exported = pd.read_csv(folder / "codings.csv", keep_default_na=False)
    assert list(exported.columns) == CODINGS_FRAME_COLUMNS
    with Project.open(project) as p:
        assert exported["id"].tolist() == p.codings()["id"].tolist()
        assert p.documents().set_index("doc_id").loc["R02", "port"] == "Delfzijl"
    first = (folder / "codings.csv").read_bytes()
    assert main(["export", str(folder / "codings.csv")]) == 0
    assert (folder / "codings.csv").read_bytes() == first  # deterministic
    assert main(["export", "-", "--coder", "bert"]) == 0
    assert capsys.readouterr().out.count("\n") == 2

    assert main(["code", "R02", "--code", "SAM", "--coder", "bert", "--start", "42", "--end", "52", "--uncode"]) == 0
    with Project.open(project) as p:
        assert p.codings(coder="bert").empty


def test_add_reports_reanchoring(folder, capsys):
    project = str(folder / "study.rkp")
    main(["project", "init", project])
    main(["project", "add", project, str(folder / "transcripts")])
    main(["code", "R01", "-p", project, "--code", "SIG", "--coder", "anna", "--quote", "vreemde"])
    main(["code", "R01", "-p", project, "--code", "HAV", "--coder", "anna", "--quote", "Wat ziet u"])
    capsys.readouterr()
    (folder / "transcripts" / "R01.txt").write_text(TEXT_R01.replace("Wat ziet u", "Wat is er").replace("Wij zien", "Wij zagen er"), encoding="utf-8")
    assert main(["project", "add", project, str(folder / "transcripts")]) == 1  # 1: something needs attention
    out = capsys.readouterr().out
    assert "changed 1" in out and "unplaced 1" in out and "moved 1" in out and "'Wat ziet u'" in out


def test_backup_restore_and_errors(folder, capsys):
    project = str(folder / "study.rkp")
    main(["project", "init", project])
    main(["project", "add", project, str(folder / "transcripts")])
    assert main(["project", "backup", project, str(folder / "backup")]) == 0
    assert main(["project", "restore", str(folder / "backup"), str(folder / "copy.rkp")]) == 0
    assert main(["project", "init", project]) == 2
    assert "RK313" in capsys.readouterr().err
    (folder / "notes.txt").write_text("no database")
    assert main(["project", "status", str(folder / "notes.txt")]) == 2
    assert "RK310" in capsys.readouterr().err


def test_project_commands_take_the_project_first_or_as_option_or_from_the_environment(folder, capsys, monkeypatch):
    project = str(folder / "study.rkp")
    assert main(["project", "init", project]) == 0
    # as --project / -p after the folder, as code, export and query take it
    assert main(["project", "add", str(folder / "transcripts"), "--project", project]) == 0
    assert main(["project", "codebook", "-p", project, str(folder / "codebook.yaml")]) == 0
    monkeypatch.setenv("RESEARCHKIT_PROJECT", project)
    capsys.readouterr()
    assert main(["project", "status"]) == 0
    assert "Documents: 2" in capsys.readouterr().out
    assert main(["project", "backup", str(folder / "backup")]) == 0
    assert (folder / "backup").is_dir()
    monkeypatch.delenv("RESEARCHKIT_PROJECT")
    # missing or doubled, each says what to do
    assert main(["project", "status"]) == 2
    assert "RK324" in capsys.readouterr().err
    assert main(["project", "add", project]) == 2
    assert "the project and the folder are both needed" in capsys.readouterr().err
    assert main(["project", "status", project, "--project", str(folder / "other.rkp")]) == 2
    assert "two projects given" in capsys.readouterr().err

"""``researchkit query`` on a real project file and on a codings CSV with transcripts."""

import pandas as pd
import pytest

from query_fixtures import R1, span
from researchkit import Project
from researchkit.cli import main


@pytest.fixture
def project_path(codings, corpus, tmp_path):
    path = tmp_path / "p.rkp"
    project = Project.create(path)
    project.add_documents(list(corpus))
    for coder, rows in codings.groupby("coder"):
        project.add_codings(rows, coder=coder)
    project.close()
    return path


def test_query_prints_and_writes(project_path, tmp_path, capsys):
    assert main(["query", "SAM AND INFO.WV WITHIN turn", "--project", str(project_path), "--out", str(tmp_path / "q.csv")]) == 0
    out = capsys.readouterr().out
    assert "1 passage(s) for (SAM AND INFO.WV) WITHIN turn" in out and "De politie komt soms." in out
    table = pd.read_csv(tmp_path / "q.csv")
    assert (table["start"].iloc[0], table["end"].iloc[0]) == span(R1, "We werken samen met de douane. De politie komt soms.")
    assert main(["query", "SAM", "--project", str(project_path), "--where", "port=Urk", "--coder", "anna"]) == 0
    assert "1 passage(s)" in capsys.readouterr().out
    assert main(["query", "SAM", "--project", str(project_path), "--out", str(tmp_path / "s.docx")]) == 0
    assert (tmp_path / "s.docx").stat().st_size > 0


def test_kwic_matrix_and_case_matrix(project_path, tmp_path, capsys):
    import pyreadstat

    assert main(["query", "--kwic", "smokkelen", "--lemma", "--window", "2", "--project", str(project_path),
                 "--out", str(tmp_path / "k.html")]) == 0
    out = capsys.readouterr().out
    assert "2 hit(s) of 'smokkelen'" in out and "<mark>gesmokkeld</mark>" in (tmp_path / "k.html").read_text(encoding="utf-8")
    assert main(["query", "--rows", "port", "--cols", "SAM", "INFO.WV NEAR 3 FEN.DRU", "--project", str(project_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2].split() == ["Harlingen", "2", "1"] and lines[-1].split() == ["Urk", "1", "1"]
    assert main(["query", "--case-matrix", str(tmp_path / "m.sav"), "--per", "speaker", "--value", "presence",
                 "--project", str(project_path)]) == 0
    df, meta = pyreadstat.read_sav(str(tmp_path / "m.sav"))
    assert df["speaker"].tolist() == ["I", "HM", "I", "V"] and meta.variable_value_labels["SAM"][1.0] == "gecodeerd"


def test_codings_csv_and_errors(codings, corpus, tmp_path, capsys):
    folder = tmp_path / "transcripts"
    folder.mkdir()
    for t in corpus:
        (folder / f"{t.doc_id}.txt").write_text(t.text + "\n", encoding="utf-8")
    csv = tmp_path / "codings.csv"
    codings.to_csv(csv, index=False)
    assert main(["query", "FEN.DRU[source=rules]", "--codings", str(csv), "--corpus", str(folder)]) == 0
    assert "1 passage(s)" in capsys.readouterr().out
    assert main(["query", "SAM AND (", "--codings", str(csv), "--corpus", str(folder)]) == 2
    assert "RK510" in capsys.readouterr().err
    assert main(["query", "SAM", "--project", str(tmp_path / "p.rkp"), "--codings", str(csv)]) == 2
    assert "RK513" in capsys.readouterr().err

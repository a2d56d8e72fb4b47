"""``researchkit code pin CSV`` and ``researchkit code realign CSV`` through the command line's main function."""

from __future__ import annotations

import doctest
import hashlib
import shutil

import pandas as pd
import pytest
import yaml

import researchkit.cli.codefiles as codefiles
from codings_files import CODINGS, R01, R02, csv_text, texts, write_docx, write_transcripts
from researchkit.cli import main
from researchkit.codingsfile import read_codings_file


def test_docstring_examples():
    result = doctest.testmod(codefiles)
    assert result.failed == 0 and result.attempted > 0


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _correct(folder):
    write_docx(folder / "R01.docx", ["Interviewer: Welkom.", R01[0], R01[1].replace("werkten", "werken"), *R01[2:]])
    (folder / "R02.txt").write_text("I: Over de nacht.\n" + R02, encoding="utf-8")


def test_pin_then_realign_in_place_after_the_transcripts_were_corrected(tmp_path, capsys):
    folder = write_transcripts(tmp_path / "transcripts")
    path = tmp_path / "anna.csv"
    path.write_text(csv_text(folder), encoding="utf-8")
    assert main(["code", "pin", str(path), "--transcripts", str(folder)]) == 0
    assert "pinned 4 of 4 coding(s)" in capsys.readouterr().out
    assert [read_codings_file(path).cell(k, "text") for k in range(4)] == [c[1] for c in CODINGS]
    _correct(folder)
    untouched = _digests(folder)
    assert main(["code", "realign", str(path), "--transcripts", str(folder), "--in-place"]) == 0
    out = capsys.readouterr().out
    assert "row 2 (R01, SAM): moved with edited passage" in out and "4 coding(s): 3 moved, 1 moved with edited passage" in out
    assert _digests(folder) == untouched  # transcripts are only read
    table, corpus = read_codings_file(path), texts(folder)
    for k in range(4):
        start, end = int(table.cell(k, "start")), int(table.cell(k, "end"))
        assert corpus[table.cell(k, "doc_id")][start:end] == table.cell(k, "text")
    assert table.cell(0, "text") == "Wij werken goed samen met de douane"
    # the realigned file pins cleanly against the corrected transcripts
    assert main(["code", "pin", str(path), "--transcripts", str(folder)]) == 0
    assert "pinned 0 of 4" in capsys.readouterr().out


def test_realign_to_another_file_lists_what_it_could_not_place_and_exits_1(tmp_path, capsys):
    folder = write_transcripts(tmp_path / "transcripts")
    path = tmp_path / "anna.csv"
    path.write_text(csv_text(folder), encoding="utf-8")
    assert main(["code", "pin", str(path), "--transcripts", str(folder)]) == 0
    pinned = path.read_bytes()
    (folder / "R02.txt").write_text(R02.replace("Elke week wel een keer", "Nooit"), encoding="utf-8")
    out_path = tmp_path / "realigned.csv"
    assert main(["code", "realign", str(path), "--transcripts", str(folder), "--out", str(out_path)]) == 1
    out = capsys.readouterr().out
    assert "row 5 (R02, FREQ): NOT PLACED" in out and "rows 5" in out and f"written to {out_path}" in out
    assert path.read_bytes() == pinned  # --out leaves the input as it was
    table = read_codings_file(out_path)
    assert len(table.rows) == 4 and table.cell(3, "realign") == "not placed" and table.cell(3, "text") == "Elke week wel een keer"


def test_realign_from_the_old_transcripts_and_from_a_run_configuration(tmp_path, capsys):
    old = write_transcripts(tmp_path / "old")
    study = tmp_path / "study"
    shutil.copytree(old, study / "transcripts")
    _correct(study / "transcripts")
    (study / "run.yaml").write_text(yaml.safe_dump({"codebook": "c.yaml", "transcripts": "transcripts"}), encoding="utf-8")
    path = tmp_path / "anna.csv"
    path.write_text(csv_text(old), encoding="utf-8")
    code = main(["code", "realign", str(path), "--config", str(study / "run.yaml"), "--old-transcripts", str(old),
                 "--out", str(tmp_path / "new.csv")])
    assert code == 0, capsys.readouterr()
    table, corpus = read_codings_file(tmp_path / "new.csv"), texts(study / "transcripts")
    assert table.header == ("doc_id", "start", "end", "code", "coder", "source", "memo", "text", "realign")
    for k in range(4):
        assert corpus[table.cell(k, "doc_id")][int(table.cell(k, "start")):int(table.cell(k, "end"))] == table.cell(k, "text")


def test_realign_writes_its_report_as_csv_one_row_per_coding(tmp_path, capsys):
    folder = write_transcripts(tmp_path / "transcripts")
    path = tmp_path / "anna.csv"
    path.write_text(csv_text(folder), encoding="utf-8")
    assert main(["code", "pin", str(path), "--transcripts", str(folder)]) == 0
    before = read_codings_file(path)
    _correct(folder)
    (folder / "R02.txt").write_text("I: Over de nacht.\n" + R02.replace("Elke week wel een keer", "Nooit"), encoding="utf-8")
    report = tmp_path / "reports" / "realign.csv"
    argv = ["code", "realign", str(path), "--transcripts", str(folder), "--out", str(tmp_path / "new.csv"),
            "--report", str(report)]
    assert main(argv) == 1
    out = capsys.readouterr().out
    assert f"report written to {report}" in out
    frame = pd.read_csv(report, dtype=str, keep_default_na=False)
    assert list(frame.columns) == ["row", "doc_id", "code", "old_start", "old_end", "start", "end", "status", "score", "reason"]
    assert list(frame["row"]) == ["2", "3", "4", "5"] and list(frame["doc_id"]) == [c.doc_id for c in _codings(before)]
    assert list(frame["status"]) == ["edited", "moved", "moved", "not placed"]
    assert list(frame["old_start"]) == [before.cell(k, "start") for k in range(4)]
    new = read_codings_file(tmp_path / "new.csv")
    assert list(frame["start"]) == [new.cell(k, "start") for k in range(4)]
    assert list(frame["end"]) == [new.cell(k, "end") for k in range(4)]
    # a coding not placed keeps its offsets; its score is the closest passage's and the reason says why
    assert (frame["start"][3], frame["end"][3]) == (frame["old_start"][3], frame["old_end"][3])
    assert frame["reason"][3].startswith("the closest passage ") and frame["reason"][3].endswith("below 0.80")
    assert 0 < float(frame["score"][3]) < 0.8 and len(frame["score"][3]) == 6  # four decimals
    assert float(frame["score"][0]) >= 0.8 and list(frame["score"][1:3]) == ["", ""] and list(frame["reason"][:3]) == ["", "", ""]
    # the rows are those the printed report names
    for row in frame["row"]:
        assert f"row {row} (" in out
    # the same realignment writes the same bytes
    first = report.read_bytes()
    assert main(argv) == 1
    assert report.read_bytes() == first and first.endswith(b"\n") and b"\r" not in first


def _codings(table):
    from researchkit.codingsfile import codings_of

    return codings_of(table)[0]


@pytest.mark.parametrize("argv, expected", [
    (["code", "realign", "{csv}", "--transcripts", "{folder}", "--out", "{tmp}/new.csv", "--report", "{csv}"], "RK157"),
    (["code", "realign", "{csv}", "--transcripts", "{folder}", "--out", "{tmp}/new.csv", "--report", "{tmp}/new.csv"], "RK157"),
    (["code", "realign", "{csv}", "--transcripts", "{folder}", "--in-place", "--report", "{tmp}/report.txt"], "RK157"),
    (["code", "pin", "{csv}", "--transcripts", "{folder}", "--report", "{tmp}/report.csv"], "RK157"),
    (["code", "pin", "{csv}"], "RK666"),
    (["code", "pin", "{csv}", "--transcripts", "{folder}", "--config", "run.yaml"], "RK666"),
    (["code", "pin", "{csv}", "--transcripts", "{tmp}/nowhere"], "RK666"),
    (["code", "pin", "{tmp}/missing.csv", "--transcripts", "{folder}"], "RK338"),
    (["code", "realign", "{csv}", "--transcripts", "{folder}"], "RK667"),
    (["code", "realign", "{csv}", "--transcripts", "{folder}", "--in-place", "--out", "x.csv"], "RK667"),
    (["code", "realign", "{csv}", "--transcripts", "{folder}", "--in-place"], "RK667"),  # not pinned, no old transcripts
    (["code", "realign", "{csv}", "--transcripts", "{folder}", "--old-transcripts", "{folder}", "--in-place",
      "--min-score", "2"], "RK668"),
    (["code", "R01", "{csv}"], "RK324"),
    (["code", "R01", "--code", "X", "--coder", "a", "--transcripts", "{folder}"], "RK324"),
])
def test_mistakes_are_named_with_exit_code_2(tmp_path, capsys, argv, expected):
    folder = write_transcripts(tmp_path / "transcripts")
    path = tmp_path / "anna.csv"
    path.write_text(csv_text(folder), encoding="utf-8")
    before = path.read_bytes()
    args = [a.format(csv=path, folder=folder, tmp=tmp_path) for a in argv]
    assert main(args) == 2
    assert f"[{expected}]" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_pin_and_realign_against_a_table_of_several_conversations(tmp_path, capsys):
    table = tmp_path / "groups.csv"
    table.write_text("session_id,speaker,text\ns1,I,Hoe werkt u samen?\ns1,R,Wij werkten goed samen.\n"
                     "s2,I,En de nacht?\ns2,R,Busjes zonder licht.\n", encoding="utf-8")
    path = tmp_path / "anna.csv"
    path.write_text("doc_id,start,end,code\ngroups-s1,25,47,SAM\ngroups-s2,19,39,SIG\n", encoding="utf-8")
    assert main(["code", "pin", str(path), "--transcripts", str(table)]) == 0
    pinned = read_codings_file(path)
    assert [pinned.cell(k, "text") for k in range(2)] == ["Wij werkten goed samen", "Busjes zonder licht."]
    table.write_text("session_id,speaker,text\ns1,I,Hoe werkt u nu samen?\ns1,R,Wij werken goed samen.\n"
                     "s2,I,En de nacht?\ns2,R,Busjes zonder licht.\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["code", "realign", str(path), "--transcripts", str(table), "--in-place"]) == 0
    assert "row 2 (groups-s1, SAM): moved with edited passage 25-47 -> 28-49" in capsys.readouterr().out

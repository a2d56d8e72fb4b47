"""``researchkit code pin CSV`` and ``researchkit code realign CSV`` through the command line's main function."""

from __future__ import annotations

import doctest
import hashlib
import shutil

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


@pytest.mark.parametrize("argv, expected", [
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

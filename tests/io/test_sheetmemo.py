"""read_corpus parses a transcript table once: the frame skip_reason parsed to tell it from an attributes sheet is
taken by the read when the bytes are the same (io/sheetmemo.py), and the corpus is the one a second parse gives."""

from __future__ import annotations

import openpyxl
import pytest

import researchkit.io.sheets as sheets
import researchkit.io.table as table
from researchkit.io import read_corpus, sheetmemo, skip_reason
from researchkit.io.corpustables import read_documents


def _rows(n: int) -> list[list[str]]:
    return [["transcript_id", "speaker", "text", "start"]] + [
        [f"S{i // 40}", "Interviewer" if i % 2 == 0 else "Respondent", f"Zin {i} over het café.", str(i * 3)] for i in range(n)]


def _folder(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "sessions.csv").write_text("\n".join(",".join(r) for r in _rows(200)) + "\n", encoding="utf-8")
    book = openpyxl.Workbook()
    for row in _rows(120):
        book.active.append(row)
    book.save(folder / "groups.xlsx")
    (folder / "attributes.csv").write_text("doc_id,age\nsessions-S0,40\n", encoding="utf-8")  # sorted out: no text column
    (folder / "R01.txt").write_text("I: Hoe was het?\nR: Goed.\n", encoding="utf-8")
    return folder


@pytest.fixture
def parses(monkeypatch):
    """Every parse of a sheet, by file name."""
    seen: list[str] = []
    original = sheets.read_sheet

    def counting(path, *args, **kwargs):
        seen.append(str(path).rsplit("/", 1)[-1])
        return original(path, *args, **kwargs)

    monkeypatch.setattr(sheets, "read_sheet", counting)
    monkeypatch.setattr(table, "read_sheet", counting)
    return seen


def _dump(corpus) -> list:
    return [(t.doc_id, t.text, t.turns, t.attributes, t.notes, t.source) for t in corpus] + [list(corpus.notes)]


@pytest.mark.parametrize("n_process", [1, 2])
def test_each_table_is_parsed_once_and_read_as_a_second_parse_reads_it(tmp_path, monkeypatch, parses, n_process):
    folder = _folder(tmp_path)
    corpus = read_corpus(folder, n_process=n_process)
    assert len(corpus) == 5 + 3 + 1 and "sessions-S4" in corpus.doc_ids and "groups-S2" in corpus.doc_ids
    if n_process == 1:
        assert sorted(parses) == ["attributes.csv", "groups.xlsx", "sessions.csv"]
    assert not sheetmemo.active()  # nothing kept after read_corpus
    monkeypatch.setattr(sheetmemo, "MAX_BYTES", 0)  # nothing kept: every table parsed again, as before
    parses.clear()
    again = read_corpus(folder, n_process=1)
    assert sorted(parses) == ["attributes.csv", "groups.xlsx", "groups.xlsx", "sessions.csv", "sessions.csv"]
    assert _dump(again) == _dump(corpus)


def test_a_table_changed_after_sorting_is_parsed_again(tmp_path, parses):
    folder = _folder(tmp_path)
    path = folder / "sessions.csv"
    with sheetmemo.collecting():
        assert skip_reason(path) is None
        path.write_text("transcript_id,speaker,text\n7,T,Nieuw.\n7,C,Ja.\n9,T,Dag.\n", encoding="utf-8")
        found = read_documents(path)
    assert [t.doc_id for t in found.transcripts] == ["sessions-7", "sessions-9"]
    assert parses == ["sessions.csv", "sessions.csv"]


def test_nothing_is_kept_outside_read_corpus(tmp_path, parses):
    folder = _folder(tmp_path)
    assert skip_reason(folder / "sessions.csv") is None and not sheetmemo.active()
    data = (folder / "sessions.csv").read_bytes()
    assert sheetmemo.take(folder / "sessions.csv", data) is None
    read_documents(folder / "sessions.csv")
    assert parses == ["sessions.csv", "sessions.csv"]
    with sheetmemo.collecting():  # a frame is handed out once, and only for its own bytes
        sheetmemo.remember(folder / "sessions.csv", data, "frame")
        assert sheetmemo.take(folder / "sessions.csv", data + b"\n") is None
        sheetmemo.remember(folder / "sessions.csv", data, "frame")
        assert sheetmemo.take(folder / "sessions.csv", data) == "frame"
        assert sheetmemo.take(folder / "sessions.csv", data) is None

"""A table of several conversations is split in one pass over arrays (io/corpustables.py): each document must be the
one its conversation's rows give when they are a file of their own (read by read_transcript), on awkward tables
written as CSV (csv module), TSV and XLSX (openpyxl); the table is read once; worker processes give the same corpus."""

from __future__ import annotations

import csv
import dataclasses
import re
from pathlib import Path

import openpyxl
import pytest

from researchkit import read_corpus
from researchkit.errors import TranscriptError
from researchkit.io import read_transcript
from researchkit.io.corpustables import read_documents

HEADER = ["session_id", "site", "speaker", "start", "text", "gender", ""]
ROWS = [
    ("A b", "Urk", "I", "00:00:01", "Welkom.", "f", ""),
    ("A b", "Urk", "R", "00:00:04", "Dank je.", "m", ""),
    ("a/b", "Sneek", "I", "1.5", "Hoi.", "f", ""),  # "a_b" once made safe, as "A b" is: a_b-2
    ("", "", "", "", "", "", ""),  # an empty row: no conversation, no text
    ("A b", "Urk", "I", "later", "Nog iets?", "f", "extra"),  # the conversation's rows are not contiguous; not a time
    ("a/b", "Leeuwarden", "R", "2", "Ja.", "m", ""),  # the site varies within this conversation
    (" 7 ", "Urk", "I", "", "Eén.", "f", ""),  # the id with spaces around it is the same conversation as "7"
    ("7", "Urk", "R", "00:01:00", "  ", "m", ""),  # a row of the conversation without text
    ("7", "Urk", "R", "[01:02]", "Twee: drie.", "m", ""),
    ("A b", "Urk", "R", "00:00:09", "Ja.", "m", ""),
    ("solo", "Sneek", "R", "3", "Alleen.", "x", ""),  # a conversation of one row
    ("7", "Urk", "I", "00:01:09", "Vier.", "f", ""),
    ("empty", "Urk", "I", "", "", "f", ""),  # a conversation without text: a problem (RK104)
]
DOC_IDS = {"A b": "t-A_b", "a/b": "t-a_b-2", "7": "t-7", "solo": "t-solo"}


def _write(path: Path, rows) -> Path:
    """The header and rows as a .csv, .tsv or .xlsx, by the suffix."""
    if path.suffix == ".xlsx":
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(HEADER)
        for row in rows:
            sheet.append([int(row[0]) if row[0] == "7" else row[0], *row[1:]])  # an id written as a number
        book.save(path)
        return path
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, delimiter="\t" if path.suffix == ".tsv" else ",").writerows([HEADER, *rows])
    return path


def _own(tmp_path: Path, suffix: str, value: str) -> tuple[list[int], Path]:
    """The rows of one conversation (their row numbers in the table) written as a file of their own."""
    numbers = [k + 2 for k, row in enumerate(ROWS) if row[0].strip() == value]
    return numbers, _write(tmp_path / f"own-{len(list(tmp_path.iterdir()))}{suffix}", [ROWS[n - 2] for n in numbers])


def _expected(tmp_path: Path, suffix: str, value: str):
    """What the document of a conversation must be: its rows read as their own file, with the table's doc id, row
    numbers and the conversation's id as an attribute (docs/ingestion.md, "A corpus in one table")."""
    numbers, path = _own(tmp_path, suffix, value)
    own = read_transcript(path, doc_id=DOC_IDS[value])
    attributes = dict(own.attributes)
    attributes.pop("session_id", None)
    attributes["session_id"] = value
    notes = tuple(re.sub(r"\brow (\d+)", lambda m: f"row {numbers[int(m[1]) - 2]}", note) for note in own.notes)
    return dataclasses.replace(own, attributes=attributes, notes=notes)


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".xlsx"])
def test_each_document_is_its_conversations_rows_read_as_a_file_of_their_own(tmp_path, suffix):
    table = _write(tmp_path / f"t{suffix}", ROWS)
    (tmp_path / "own").mkdir()
    found = read_documents(table)
    assert [t.doc_id for t in found.transcripts] == list(DOC_IDS.values())
    for value, got in zip(DOC_IDS, found.transcripts):
        want = _expected(tmp_path / "own", suffix, value)
        assert got.source.path == str(table) and got.source.format == want.source.format == f"table-{suffix[1:]}"
        assert dataclasses.replace(got, source=None) == dataclasses.replace(want, source=None), value
        assert all(got.text[x.start:x.end] == got.turn_text(x) for x in got.turns)
    # the awkward parts did what they should: the spaced id joined its conversation, the site stayed unread where it varies
    by_id = {t.doc_id: t for t in found.transcripts}
    assert by_id["t-7"].text == "I: Eén.\nR: Twee: drie.\nI: Vier." and by_id["t-7"].attributes["session_id"] == "7"
    assert by_id["t-A_b"].attributes["site"] == "Urk" and "site" not in by_id["t-a_b-2"].attributes
    assert [x.timestamp for x in by_id["t-A_b"].turns] == [1.0, 4.0, None, 9.0]
    assert any("row 6 ('later')" in n for n in by_id["t-A_b"].notes)
    assert found.note.endswith("t-A_b ('A b', rows 2, 3, 6, 11), t-a_b-2 ('a/b', rows 4, 7), t-7 ('7', rows 8, 9, 10, 13), "
                               "t-solo ('solo', row 12), t-empty ('empty', row 14)")
    # the conversation without text is a problem naming it, as its own file is one (RK104)
    with pytest.raises(TranscriptError, match="RK104"):
        read_transcript(_own(tmp_path / "own", suffix, "empty")[1])
    assert [(e.code, e.message) for e in found.problems] == [
        ("RK104", f"{table}: conversation 'empty' (column 'session_id', row 14) has no text in its rows")]


def test_the_table_is_read_once(tmp_path, monkeypatch):
    import researchkit.io.table as table_module

    table = _write(tmp_path / "t.csv", ROWS[:3])
    reads: list[str] = []
    parses: list[str] = []
    read_bytes, read_sheet = Path.read_bytes, table_module.read_sheet
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self.name) or read_bytes(self))
    monkeypatch.setattr(table_module, "read_sheet", lambda path, **kw: parses.append(Path(path).name) or read_sheet(path, **kw))
    corpus = read_corpus([table])
    assert corpus.doc_ids == ["t-A_b", "t-a_b-2"]
    assert reads == ["t.csv"] and parses == ["t.csv"]


def test_worker_processes_give_the_same_corpus_with_and_without_problems(tmp_path):
    _write(tmp_path / "t.csv", ROWS)  # its conversation without text: read again in the parent for its problem
    _write(tmp_path / "u.xlsx", [r for r in ROWS if r[0] != "empty"])  # no problem: comes split from the worker
    _write(tmp_path / "v.tsv", ROWS[:2])  # one conversation: one transcript named after the file
    for name in ("R01", "R02"):
        (tmp_path / f"{name}.txt").write_text("I: Vraag?\nR: Antwoord.\n", encoding="utf-8")
    with pytest.warns(UserWarning, match="RK104"):
        one = read_corpus(tmp_path, strict=False)
    with pytest.warns(UserWarning, match="RK104"):
        two = read_corpus(tmp_path, strict=False, n_process=2)
    assert one.doc_ids == ["R01", "R02", *DOC_IDS.values(), *(i.replace("t-", "u-") for i in DOC_IDS.values()), "v"]
    assert two.doc_ids == one.doc_ids and list(two) == list(one) and two.notes == one.notes
    assert [str(p) for p in two.problems] == [str(p) for p in one.problems] and len(one.problems) == 1
    assert two.attributes.equals(one.attributes)

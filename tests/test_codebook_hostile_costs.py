"""A CSV codebook with a million empty rows below it: the empty tail is counted, not parsed
(``codebook/csvtail.py``), with the rows, notes and errors a full parse gives.

The oracle is the full parse itself (``blank_tail`` switched off); no timings here
(``benchmarks/bench_hostile.py`` measures them).
"""

from __future__ import annotations

import csv
import io

import pytest

import researchkit.codebook.tableread as tableread
from researchkit.codebook.csvtail import blank_tail
from researchkit.codebook.table import read_codebook_table
from researchkit.errors import CodebookError

HEAD = "Code,Definition,Parent,Example\r\nWerk,Alles over werk,,We werken\r\nHaven,De haven,,\r\n"

TAILS = {
    "commas": ",,,,\n", "quoted": '"",""\n', "blank": "\n", "crlf": ",,,\r\n", "cr": ",,\r", "spaces": " , ,\t,\n",
    "quote then space": '"" ,""\n',
}


def _sheet(path, monkeypatch=None, *, full=False):
    """``(delimiter, notes, rows)`` or the error, read normally or (``full``) with every line parsed."""
    real = tableread.blank_tail
    if full:
        tableread.blank_tail = lambda text, delimiter, more_than: (len(text), 0)
    try:
        sheet = tableread.read_sheet_rows(path)
        return sheet.delimiter, sheet.notes, [(r.number, r.cells) for r in sheet.rows]
    except CodebookError as err:
        return err.code, str(err)
    finally:
        tableread.blank_tail = real


def _both(tmp_path, monkeypatch, text):
    path = tmp_path / "codes.csv"
    path.write_bytes(text.encode("utf-8"))
    return _sheet(path), _sheet(path, monkeypatch, full=True)


@pytest.mark.parametrize("kind", sorted(TAILS))
@pytest.mark.parametrize("count", [1001, 1002, 3000])
@pytest.mark.parametrize("last_line_end", [True, False])
def test_an_empty_tail_gives_the_rows_and_notes_of_a_full_parse(kind, count, last_line_end, tmp_path, monkeypatch):
    text = HEAD + TAILS[kind] * count + ("" if last_line_end else ",,")
    fast, full = _both(tmp_path, monkeypatch, text)
    assert fast == full
    assert any("empty rows) left out" in note for note in fast[1])


@pytest.mark.parametrize("text", [
    HEAD + 'x,"open\n' + ",,,\n" * 3000,              # a quote left open: the tail is in its cell
    HEAD + 'a"b,"c\n' + ",,,\n" * 3000,               # a literal quote, then one that opens a cell
    HEAD + 'x,"a\n\nb",y\n' + ",,,\n" * 3000,         # a cell over several lines above the tail
    HEAD + ",,,\n" * 1200 + "x\n" + "\u00a0,,\n" * 10 + ",,,\n" * 3000,  # blank by strip(), not by the pattern
    HEAD + '""""\n' * 3000,                           # a quote inside a cell: not empty
    HEAD + ' "",\n' * 3000,                           # a quote after a space is text
    "sep=;\n" + HEAD.replace(",", ";") + ";;;\n" * 3000,
    HEAD.replace(",", "\t") + '""\t""\t \n' * 3000,
    ",,,\n" * 3000,
], ids=["open quote", "literal quote", "multi-line cell", "nbsp rows", "quote in cell", "space quote", "sep line", "tabs",
        "only empty"])
def test_tails_the_pattern_must_not_count_read_as_a_full_parse_reads_them(text, tmp_path, monkeypatch):
    fast, full = _both(tmp_path, monkeypatch, text)
    assert fast == full


@pytest.mark.parametrize("extra", [-1, 0, 1, 5])
def test_more_rows_than_a_spreadsheet_holds_is_the_same_rk247_at_the_same_line(extra, tmp_path, monkeypatch):
    monkeypatch.setattr(tableread, "MAX_CSV_ROWS", 5000)
    for head in (HEAD, "sep=,\n" + HEAD):
        rows = 5000 - head.count("\n") + extra
        fast, full = _both(tmp_path, monkeypatch, head + ",,,\n" * rows)
        assert fast == full
        assert (fast[0] == "RK247" and "more than 5,000 rows" in fast[1]) == (extra > 0)


def test_only_the_rows_above_the_empty_tail_are_parsed(tmp_path, monkeypatch):
    """Structure, not timing: a million empty rows never reach the csv reader."""
    parsed = []
    real = tableread._parse
    monkeypatch.setattr(tableread, "_parse", lambda text, *a: (parsed.append(len(text)), real(text, *a))[1])
    path = tmp_path / "codes.csv"
    path.write_bytes((HEAD + ",,,,\n" * 1_000_000).encode())
    book = read_codebook_table(path)
    assert len(list(book.walk())) == 2
    assert parsed and max(parsed) < len(HEAD) + 100


@pytest.mark.parametrize("tail", ["\r\n" * 5 + "\r" * 5 + "\n" * 5, "\n" * 5 + "\r\n" * 5 + "\r" * 5, ",\n" * 20 + ",",
                                  ' ,"",\r' * 12 + '"" ', "\t\n" * 11 + "\t"])
def test_blank_tail_counts_records_as_the_csv_reader_does(tail):
    start, count = blank_tail("a\n" + tail, ",", more_than=10)
    assert (start, count) == (2, len(list(csv.reader(io.StringIO(tail, newline="")))))

def test_blank_tail_leaves_short_tails_and_other_delimiters_to_the_csv_reader():
    assert blank_tail("a\n" + ",\n" * 5, ",", more_than=10) == (len("a\n" + ",\n" * 5), 0)
    assert blank_tail("a\n" + ",\n" * 20, "x", more_than=10) == (len("a\n" + ",\n" * 20), 0)  # an unusual delimiter: parsed

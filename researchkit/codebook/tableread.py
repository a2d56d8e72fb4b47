"""Reading the cells of a codebook sheet (``.csv``, ``.tsv``, ``.txt``, ``.xlsx``, ``.xlsm``) with their row numbers.

CSV: the encoding is detected (:func:`researchkit.io.text.decode_bytes`: Excel's UTF-8 BOM,
UTF-16, cp1252 ...), the delimiter sniffed among ``,`` ``;`` tab and ``|`` (Dutch and
German Excel save with ``;``), and Excel's ``sep=;`` first line is obeyed; a quote left open
(it would swallow every row below into one cell) is ``RK247`` naming its row, and a row with
fewer cells whose text holds another delimiter is noted. XLSX is read by
:mod:`~researchkit.codebook.tablexlsx` (the first visible sheet or the one named; merged
cells spread; formulas give their last computed value; a cell's indent is kept, because some
exports show the code tree by indenting names). Cells are text; whole numbers stay whole
(``1`` not ``1.0``). Row numbers are the ones a spreadsheet program shows.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "codes.csv"
>>> _ = p.write_bytes("\\ufeffCode;Omschrijving\\nHaven;Over de haven\\n".encode("utf-8"))
>>> sheet = read_sheet_rows(p)
>>> sheet.delimiter, sheet.encoding, [r.cells for r in sheet.rows]
(';', 'utf-8', [['Code', 'Omschrijving'], ['Haven', 'Over de haven']])
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from researchkit.codebook.csvtail import blank_tail
from researchkit.errors import CodebookError, InputFileError

__all__ = ["SheetRow", "SheetRows", "read_sheet_rows", "SUFFIXES", "SAVE_HINT", "SheetError", "cell_text", "MAX_BLANK_RUN", "MAX_CSV_ROWS",
           "blank_runs_note"]

SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".md", ".markdown")
_DELIMITERS = ",;\t|"
#: Rows in which :func:`read_sheet_rows` looks for a header it is told of.
_HEADER_LINES = 20
_SEP_LINE = re.compile(r"^\"?sep=(.)\"?\r?$", re.IGNORECASE)
SAVE_HINT = "open it in a spreadsheet program and save it as .xlsx or as CSV (UTF-8)"
#: Longest run of empty rows kept as rows; a longer run (a million empty rows below a table,
#: a stray cell at row 1,048,576) is left out and named in a note, so it costs no time.
MAX_BLANK_RUN = 1000
#: Most rows a CSV sheet may have: Excel's own limit, so no spreadsheet export has more.
MAX_CSV_ROWS = 1_048_576
#: A line that cannot be a cell of the sheet, put after the rows above a long empty tail to see that they end there.
_SENTINEL = "\ue000researchkit-end-of-rows\ue000"


class SheetError(CodebookError):
    """The io layer's sheet errors (RK112, RK131 ...) raised as codebook errors, codes kept."""

    def __init__(self, code: str, path: Any, message: str, *, location: str | None = None, hint: str | None = None) -> None:
        super().__init__(code, path, [f"{location}: {message}" if location else message], hint=hint)


@dataclass
class SheetRow:
    """One row: its number as a spreadsheet shows it, its cells as text, each cell's indent.

    ``formulas`` maps a column index to a formula the file stored no value for (XLSX): its
    cell reads as ``""``, but the row is not empty.
    """

    number: int
    cells: list[str]
    indents: list[int] = field(default_factory=list)
    formulas: dict[int, str] = field(default_factory=dict)


@dataclass
class SheetRows:
    """The rows of one sheet and how they were read.

    Attributes
    ----------
    rows
        Every row, empty rows included, except runs of more than :data:`MAX_BLANK_RUN`
        empty rows (a sheet whose used range reaches row 1,048,576): those are left out
        and named in a note.
    sheet
        The worksheet's name (``None`` for CSV).
    sheets
        Every worksheet's name (XLSX).
    encoding, delimiter
        For CSV.
    notes
        What the reader did that the user should know.
    merged
        XLSX merged ranges as ``(first row, first column index, last row, last column index, "A2:B5")``.
    """

    rows: list[SheetRow]
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)
    merged: list[tuple[int, int, int, int, str]] = field(default_factory=list)


def blank_runs_note(runs: list[tuple[int, int]]) -> str:
    """The note naming the runs of empty rows left out.

    Examples
    --------
    >>> blank_runs_note([(5, 1_000_004)])
    'rows 5-1000004 (1,000,000 empty rows) left out'
    """
    total = sum(b - a + 1 for a, b in runs)
    shown = ", ".join(f"{a}-{b}" for a, b in runs[:5]) + (f" and {len(runs) - 5} more runs" if len(runs) > 5 else "")
    return f"rows {shown} ({total:,} empty rows) left out"


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def _delimiter(text: str, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:  # a title line above the header (``Coded segments, 2026``) confuses the sniffer:
        # the delimiter is the one most lines hold the same number of times
        lines = [line for line in sample.splitlines() if line.strip()]
        usual = {d: Counter(line.count(d) for line in lines if d in line).most_common(1) for d in _DELIMITERS}
        score = {d: (found[0][1], found[0][0]) if found else (0, 0) for d, found in usual.items()}
        best = max(_DELIMITERS, key=lambda d: (score[d], -_DELIMITERS.index(d)))
        return best if score[best][0] else ","


def _header_at(sample: str, delimiter: str, is_header: Callable[[list[str]], bool]) -> int | None:
    """The number of the first of the sample's rows that ``delimiter`` splits into a header, else ``None``."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    try:
        for n, cells in enumerate(reader, start=1):
            if n > _HEADER_LINES:
                break
            if any(c.strip() for c in cells) and is_header(cells):
                return n
    except csv.Error:  # a quote the sample cut off
        return None
    return None


def _header_delimiter(text: str, sniffed: str, is_header: Callable[[list[str]], bool]) -> tuple[str, str | None]:
    """The delimiter that splits one of the first rows into a header (``sniffed`` when it does, or when none
    does), and a note when it is another one.

    The sniffer goes by how often each delimiter occurs per line: a ``;`` table with one comma in every
    row (a comment column, a decimal comma) is a consistent ``,`` table to it.
    """
    sample = "\n".join(text.splitlines()[:_HEADER_LINES])
    if _header_at(sample, sniffed, is_header) is not None:
        return sniffed, None
    for other in _DELIMITERS:
        row = _header_at(sample, other, is_header) if other != sniffed and other in sample else None
        if row is not None:
            return other, (f"delimiter {other!r} read: it splits row {row} into the table's column names ({sniffed!r}, "
                           "the guess from how often each delimiter occurs per line, does not)")
    return sniffed, None


def _decode(path: Path, data: bytes, encoding: str | None) -> tuple[str, str]:
    """The text of a CSV, or ``RK247`` worded for a codebook sheet (the row of a NUL byte named)."""
    from researchkit.io.text import decode_bytes

    try:
        return decode_bytes(data, path, encoding=encoding)
    except InputFileError as err:
        message = err.message.split(": ", 1)[-1].replace("a text transcript", "a text table")
        at = re.search(r"at (?:byte|offset) (\d+)", message)
        if at:
            row = data[:int(at.group(1))].count(b"\n") + 1
            message += f" (row {row})"
        raise CodebookError("RK247", path, [message], hint=err.hint if err.hint and "transcript" not in err.hint else SAVE_HINT) from None


def _records(text: str, delimiter: str, path: Path, offset: int) -> tuple[list[tuple[int, list[str]]], int]:
    """``(first line, cells)`` of every record; a quote left open (it would swallow every row below) is ``RK247``.

    A run of more than :data:`MAX_BLANK_RUN` empty lines ending the text (a million ``,,,,`` rows
    below the table) is counted, not parsed (:func:`~researchkit.codebook.csvtail.blank_tail`): the
    second value is how many empty records follow the ones returned. Rows, numbers and errors are
    those of a full parse.
    """
    start, tail = blank_tail(text, delimiter, more_than=MAX_BLANK_RUN)
    if tail:
        try:  # a line of its own after the head shows the head ends outside a quoted cell
            out, lines = _parse(text[:start] + _SENTINEL + "\n", delimiter, path, offset)
        except CodebookError:
            out = []  # the full parse below gives the error as it would
        if out and out[-1] == (lines, [_SENTINEL]):
            del out[-1]
            extra = len(out) + tail + offset - MAX_CSV_ROWS
            if extra > 0:  # the first record too many is a line of the tail
                raise _too_many(path, lines + tail - extra + offset)
            return out, tail
    out, lines = _parse(text, delimiter, path, offset)
    if out and text.count('"') % 2 and lines > out[-1][0]:
        first, cells = out[-1]
        cell = next((c for c in cells if "\n" in c), cells[-1])
        raise CodebookError("RK247", path, [f"row {len(out) + offset} (line {first + offset}): a quote opens the cell "
                                            f"{cell[:40]!r} and is never closed, so lines {first + offset}-"
                                            f"{lines + offset} would be read as one cell"],
                            hint='close the quote (") in that row, or delete it, and save again')
    return out, 0


def _too_many(path: Path, line: int) -> CodebookError:
    """``RK247``: more rows than a spreadsheet holds; ``line`` is where the first row too many begins."""
    return CodebookError("RK247", path, [f"has more than {MAX_CSV_ROWS:,} rows (line {line}), more than a spreadsheet can hold"],
                         hint="check that this is the right file; delete the empty rows below the table")


def _parse(text: str, delimiter: str, path: Path, offset: int) -> tuple[list[tuple[int, list[str]]], int]:
    """``(first line, cells)`` of every record and the number of lines read; ``RK247`` past :data:`MAX_CSV_ROWS` rows."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for record in reader:
            if len(out) + offset == MAX_CSV_ROWS:
                raise _too_many(path, line + offset)
            out.append((line, record))
            line = reader.line_num + 1
    except csv.Error as err:
        raise CodebookError("RK247", path, [f"is not a readable CSV table (line {reader.line_num + offset}: {err})"],
                            hint=SAVE_HINT) from None
    return out, reader.line_num


def _odd_rows(records: list[tuple[int, list[str]]], delimiter: str) -> list[str]:
    """Notes on rows with fewer cells than most, whose text holds another delimiter (a row saved another way).

    ``records`` are ``(row number, cells)``.
    """
    widths = Counter(len(cells) for _, cells in records if any(c.strip() for c in cells))
    if not widths:
        return []
    usual = widths.most_common(1)[0][0]
    notes = []
    for n, cells in records:
        other = next((d for d in _DELIMITERS if d != delimiter for c in cells if d in c), None)
        if 0 < len(cells) < usual and other and any(c.strip() for c in cells):
            notes.append(f"row {n} has {len(cells)} cell(s) where most rows have {usual}, and its text holds {other!r} "
                         f"({delimiter!r} is the delimiter): check the row ({cells[0][:40]!r})")
    return notes[:10] + ([f"{len(notes) - 10} more rows like these"] if len(notes) > 10 else [])


def _read_csv(path: Path, data: bytes, suffix: str, encoding: str | None,
              header: Callable[[list[str]], bool] | None = None) -> SheetRows:
    text, used = _decode(path, data, encoding)
    text = text.lstrip("\ufeff")
    notes: list[str] = []
    first, _, rest = text.partition("\n")
    sep = _SEP_LINE.match(first.strip())
    offset = 0
    if sep:
        delimiter, text, offset = sep.group(1), rest, 1
        notes.append(f"row 1 'sep={delimiter}' (Excel's delimiter line) read as the delimiter, not as data")
    else:
        delimiter = _delimiter(text, suffix)
        if header is not None:
            delimiter, note = _header_delimiter(text, delimiter, header)
            notes += [note] if note else []
    records, tail = _records(text, delimiter, path, offset)
    numbered, runs = _without_long_blank_runs(records, offset, tail)
    notes += _odd_rows(numbered, delimiter)
    if runs:
        notes.append(blank_runs_note(runs))
    rows = [SheetRow(n, [c.replace("\r\n", "\n") for c in rec], []) for n, rec in numbered]
    return SheetRows(rows, encoding=used, delimiter=delimiter, notes=notes)


def _without_long_blank_runs(records: list[tuple[int, list[str]]], offset: int, tail: int = 0
                             ) -> tuple[list[tuple[int, list[str]]], list[tuple[int, int]]]:
    """``(row number, cells)`` of the records, runs of more than :data:`MAX_BLANK_RUN` empty ones left out (and those runs).

    ``tail``: so many empty records (more than :data:`MAX_BLANK_RUN`) follow ``records``, counted, not read.
    """
    numbered: list[tuple[int, list[str]]] = []
    runs: list[tuple[int, int]] = []
    run: list[tuple[int, list[str]]] = []
    for n, (_, cells) in enumerate(records, start=1 + offset):
        if not "".join(cells).strip():  # one C call per row: a million empty rows cost a moment
            run.append((n, cells))
            continue
        if run:
            if len(run) > MAX_BLANK_RUN:
                runs.append((run[0][0], run[-1][0]))
            else:
                numbered += run
            run = []
        numbered.append((n, cells))
    if tail:
        runs.append((run[0][0] if run else len(records) + 1 + offset, len(records) + tail + offset))
    elif len(run) > MAX_BLANK_RUN:
        runs.append((run[0][0], run[-1][0]))
    else:
        numbered += run
    return numbered, runs


def read_sheet_rows(path: str | Path, *, sheet: str | int | None = None, encoding: str | None = None,
                    header: Callable[[list[str]], bool] | None = None) -> SheetRows:
    """The rows of a codebook sheet, every cell as text (see the module docstring).

    Parameters
    ----------
    path
        ``.csv``/``.tsv``/``.txt``, ``.xlsx``/``.xlsm`` or ``.md``/``.markdown``.
    sheet
        Worksheet name or position (XLSX; default the first).
    encoding
        Force a text encoding (CSV; default: detected).
    header
        Tells a header row by its cells (CSV): when the sniffed delimiter splits none of the
        first 20 rows into one and another delimiter does, that one is read (and noted).
        Markdown (``.md``): tells a codebook table from other tables
        (:mod:`~researchkit.codebook.tablemd`).

    Raises
    ------
    CodebookError
        ``RK210`` missing file, ``RK247`` unreadable file, unknown sheet or type,
        ``RK112``/``RK131`` a damaged or oversized ``.xlsx``.

    Examples
    --------
    >>> read_sheet_rows("missing.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    researchkit.errors.CodebookError: [RK210] missing.csv: the codebook sheet does not exist...
    """
    from researchkit.io.sheets import MAX_SHEET_BYTES

    p = Path(path)
    if not p.is_file():
        raise CodebookError("RK210", p, ["the codebook sheet does not exist"], hint="check the path")
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        raise CodebookError("RK247", p, [f"unsupported file type {suffix or '(none)'}"],
                            hint=f"save it as .xlsx or CSV in a spreadsheet program (read: {', '.join(SUFFIXES)}); "
                                 "a YAML codebook is read with Codebook.load, a REFI-QDA .qdc with 'researchkit import'")
    if p.stat().st_size > MAX_SHEET_BYTES:
        raise CodebookError("RK131", p, [f"is {p.stat().st_size / 2**20:.0f} MiB, above the {MAX_SHEET_BYTES // 2**20} MiB limit for a sheet"],
                            hint="a codebook is a few hundred rows; check that this is the right file")
    data = p.read_bytes()
    if suffix in (".xlsx", ".xlsm"):
        from researchkit.codebook.tablexlsx import read_xlsx

        return read_xlsx(p, data, sheet)
    if suffix in (".md", ".markdown"):
        from researchkit.codebook.tablemd import read_markdown_rows

        return read_markdown_rows(p, data, encoding=encoding, is_header=header)
    return _read_csv(p, data, suffix, encoding, header)

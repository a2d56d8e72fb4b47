"""Reading the cells of a codebook sheet (``.csv``, ``.tsv``, ``.txt``, ``.xlsx``, ``.xlsm``) with their row numbers.

CSV: the encoding is detected (:func:`researchkit.io.text.decode_bytes`: Excel's UTF-8 BOM,
UTF-16, cp1252 ...), the delimiter sniffed among ``,`` ``;`` tab and ``|`` (Dutch and
German Excel save with ``;``), and Excel's ``sep=;`` first line is obeyed. XLSX (openpyxl,
after the zip-bomb limits of :mod:`researchkit.io.sheets`): the first sheet or the one
named; merged cells (a category spanning rows) give their value to every cell they cover;
formulas give their last computed value; a cell's indent (Format Cells > Alignment >
Indent) is kept, because some exports show the code tree by indenting names. Cells are
text; whole numbers stay whole (``1`` not ``1.0``). Row numbers are the ones a spreadsheet
program shows.

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from researchkit.errors import CodebookError, InputFileError

__all__ = ["SheetRow", "SheetRows", "read_sheet_rows", "SUFFIXES"]

SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
_DELIMITERS = ",;\t|"
_SEP_LINE = re.compile(r"^\"?sep=(.)\"?\r?$", re.IGNORECASE)
_SAVE_HINT = "open it in a spreadsheet program and save it as .xlsx or as CSV (UTF-8)"


class _SheetError(CodebookError):
    """The io layer's sheet errors (RK112, RK131 ...) raised as codebook errors, codes kept."""

    def __init__(self, code: str, path: Any, message: str, *, location: str | None = None, hint: str | None = None) -> None:
        super().__init__(code, path, [f"{location}: {message}" if location else message], hint=hint)


@dataclass
class SheetRow:
    """One row: its number as a spreadsheet shows it, its cells as text, each cell's indent."""

    number: int
    cells: list[str]
    indents: list[int] = field(default_factory=list)


@dataclass
class SheetRows:
    """The rows of one sheet and how they were read.

    Attributes
    ----------
    rows
        Every row, empty rows included.
    sheet
        The worksheet's name (``None`` for CSV).
    sheets
        Every worksheet's name (XLSX).
    encoding, delimiter
        For CSV.
    notes
        What the reader did that the user should know.
    """

    rows: list[SheetRow]
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)


def _cell_text(value: Any) -> str:
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
    except csv.Error:
        first = next((line for line in text.splitlines() if line.strip()), "")
        counts = {d: first.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: (counts[d], -_DELIMITERS.index(d)))
        return best if counts[best] else ","


def _read_csv(path: Path, data: bytes, suffix: str, encoding: str | None) -> SheetRows:
    from researchkit.io.text import decode_bytes

    try:
        text, used = decode_bytes(data, path, encoding=encoding)
    except InputFileError as err:
        raise CodebookError("RK247", path, [err.message.split(": ", 1)[-1]], hint=err.hint or _SAVE_HINT) from None
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
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as err:
        raise CodebookError("RK247", path, [f"is not a readable CSV table ({err})"], hint=_SAVE_HINT) from None
    rows = [SheetRow(n + 1 + offset, [c.replace("\r\n", "\n") for c in rec], []) for n, rec in enumerate(records)]
    return SheetRows(rows, encoding=used, delimiter=delimiter, notes=notes)


def _pick_sheet(book: Any, path: Path, sheet: str | int | None) -> Any:
    names = list(book.sheetnames)
    if sheet is None:
        return book.worksheets[0]
    if not isinstance(sheet, int):
        for name in names:
            if name == sheet or name.casefold() == str(sheet).casefold():
                return book[name]
    index = int(sheet) if isinstance(sheet, int) or str(sheet).isdigit() else -1
    if 0 <= index < len(names):
        return book.worksheets[index]
    raise CodebookError("RK247", path, [f"has no sheet {sheet!r}; its sheets are {', '.join(repr(n) for n in names)}"],
                        hint="give one of those sheet names (or its position, 0 for the first)")


def _read_xlsx(path: Path, data: bytes, sheet: str | int | None) -> SheetRows:
    import openpyxl

    from researchkit.io.sheets import check_xlsx

    check_xlsx(path, data, error=_SheetError)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as err:  # openpyxl raises many types for damaged files
        raise CodebookError("RK247", path, [f"cannot be read as an Excel workbook ({type(err).__name__}: {err})"],
                            hint=_SAVE_HINT) from None
    ws = _pick_sheet(book, path, sheet)
    fill: dict[tuple[int, int], Any] = {}
    for merged in ws.merged_cells.ranges:
        value = ws.cell(merged.min_row, merged.min_col).value
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                fill[(r, c)] = value
    rows: list[SheetRow] = []
    for r, cells in enumerate(ws.iter_rows(), start=1):
        texts = [_cell_text(fill.get((r, c.column), c.value)) for c in cells]
        indents = [int(getattr(c.alignment, "indent", 0) or 0) if c.value is not None else 0 for c in cells]
        rows.append(SheetRow(r, texts, indents))
    ranges = sorted(m.coord for m in ws.merged_cells.ranges)
    notes = [f"merged cells {', '.join(ranges[:10])}{' ...' if len(ranges) > 10 else ''} give their value to every cell "
             "they cover"] if ranges else []
    return SheetRows(rows, sheet=ws.title, sheets=list(book.sheetnames), notes=notes)


def read_sheet_rows(path: str | Path, *, sheet: str | int | None = None, encoding: str | None = None) -> SheetRows:
    """The rows of a codebook sheet, every cell as text (see the module docstring).

    Parameters
    ----------
    path
        ``.csv``/``.tsv``/``.txt`` or ``.xlsx``/``.xlsm``.
    sheet
        Worksheet name or position (XLSX; default the first).
    encoding
        Force a text encoding (CSV; default: detected).

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
        return _read_xlsx(p, data, sheet)
    return _read_csv(p, data, suffix, encoding)

"""Reading an ``.xlsx`` codebook sheet: cells as text, merged cells spread, what Excel hides or never computed named.

What a workbook can do that a CSV cannot, and what this reader does about it:

* **merged cells** give their value to every cell they cover (a category spanning rows);
  a file whose merged ranges cover more than :data:`MAX_MERGED_CELLS` cells (one range
  over the whole sheet is a few bytes) is refused before openpyxl spreads them (``RK247``);
* **sparse sheets**: only cells that exist are read, so one stray cell at ``XFD1048576``
  does not make a billion empty ones;
* **formulas** give the value the file stored when it was last calculated; a formula
  with no stored value (a file written by a program that does not calculate, such as a
  script with openpyxl) is kept in :attr:`SheetRow.formulas`, so the row is not taken for
  empty and the formula can be named;
* **hidden sheets**: without a sheet name the first *visible* sheet is read (the hidden
  ones before it are named in a note); hidden rows and columns are read and named in a note.

Examples
--------
>>> import io, openpyxl
>>> wb = openpyxl.Workbook(); ws = wb.active
>>> ws.append(["Code", "Memo"]); ws.append(["Haven", "=1+1"])
>>> buf = io.BytesIO(); wb.save(buf)
>>> sheet = read_xlsx("codes.xlsx", buf.getvalue(), None)
>>> [r.cells for r in sheet.rows], sheet.rows[1].formulas
([['Code', 'Memo'], ['Haven', '']], {1: '=1+1'})
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

from researchkit.codebook.tableread import (MAX_BLANK_RUN, SAVE_HINT, SheetError, SheetRow, SheetRows, blank_runs_note,
                                           cell_text)
from researchkit.errors import CodebookError

__all__ = ["MAX_MERGED_CELLS", "MAX_XLSX_ROWS", "merged_area", "read_xlsx"]

#: Most cells merged ranges may cover together (a codebook's merged categories are a few hundred).
MAX_MERGED_CELLS = 1_000_000
_MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?\"")


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
#: Most ``<row>`` elements a worksheet part may hold: openpyxl makes an object of each (a million
#: empty rows, a few MiB zipped, took a minute); a codebook or a table of coded segments has far fewer.
MAX_XLSX_ROWS = 200_000


def _sheet_parts(data: bytes, path: str | Path = "workbook.xlsx") -> list[bytes]:
    """The XML of every worksheet of a workbook (already checked against the zip-bomb limits)."""
    return [part for _, part in _named_sheet_parts(data, path)]


def _named_sheet_parts(data: bytes, path: str | Path) -> list[tuple[str, bytes]]:
    """``(member name, XML)`` of every worksheet of a workbook.

    A member that cannot be inflated (a damaged CRC, a cut file, a method zip does not know) is ``RK247``.
    """
    name = ""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = []
            for info in archive.infolist():
                if re.match(r"xl/worksheets/[^/]+\.xml$", info.filename, re.IGNORECASE):
                    name = info.filename
                    parts.append((name, archive.read(info)))
            return parts
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError,
            ValueError) as err:
        where = f"its part {name!r}" if name else "its zip directory"
        raise CodebookError("RK247", Path(path), [f"cannot be read as an Excel workbook: {where} is damaged "
                                                  f"({type(err).__name__}: {err})"], hint=SAVE_HINT) from None


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def merged_area(data: bytes, path: str | Path = "workbook.xlsx") -> tuple[int, str]:
    """How many cells the merged ranges of a workbook's sheets cover together, and the largest range.

    Read from the sheets' XML without openpyxl, which would make every covered cell.

    Examples
    --------
    >>> import io, zipfile
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as z:
    ...     z.writestr("xl/worksheets/sheet1.xml", '<worksheet><mergeCells><mergeCell ref="A1:B3"/></mergeCells></worksheet>')
    >>> merged_area(buf.getvalue())
    (6, 'A1:B3')
    """
    return _merged_area_of(_sheet_parts(data, path))


def _merged_area_of(parts: list[bytes]) -> tuple[int, str]:
    total, worst, worst_ref = 0, 0, ""
    for part in parts:
        for m in _MERGE_REF.finditer(part):
            c1, r1, c2, r2 = m.group(1), int(m.group(2)), m.group(3) or m.group(1), int(m.group(4) or m.group(2))
            area = (abs(r2 - r1) + 1) * (abs(_column_number(c2) - _column_number(c1)) + 1)
            total += area
            if area > worst:
                worst, worst_ref = area, f"{m.group(1).decode()}{r1}:{c2.decode()}{r2}"
    return total, worst_ref


def _pick_sheet(book: Any, path: Path, sheet: str | int | None, notes: list[str]) -> Any:
    names = list(book.sheetnames)
    if not book.worksheets:  # a workbook whose sheets are all chart sheets, or whose sheet parts are missing
        raise CodebookError("RK247", path, ["has no worksheet to read" + (f" (its sheets {', '.join(map(repr, names))} "
                                                                          "are charts or missing)" if names else "")],
                            hint=SAVE_HINT)
    if sheet is None:
        visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
        ws = visible[0] if visible else book.worksheets[0]
        hidden = [w.title for w in book.worksheets[:book.worksheets.index(ws)]]
        if hidden:
            notes.append(f"hidden sheet(s) {', '.join(repr(h) for h in hidden)} before it skipped: read the first visible "
                         f"sheet {ws.title!r} (pass sheet= to read another)")
        return ws
    if not isinstance(sheet, int):
        for name in names:
            if name == sheet or name.casefold() == str(sheet).casefold():
                return book[name]
    index = int(sheet) if isinstance(sheet, int) or str(sheet).isdigit() else -1
    if 0 <= index < len(names):
        return book.worksheets[index]
    raise CodebookError("RK247", path, [f"has no sheet {sheet!r}; its sheets are {', '.join(repr(n) for n in names)}"],
                        hint="give one of those sheet names (or its position, 0 for the first)")


def _load(path: Path, data: bytes, *, data_only: bool) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only)
    except Exception as err:  # openpyxl raises many types for damaged files
        raise CodebookError("RK247", path, [f"cannot be read as an Excel workbook ({type(err).__name__}: {err})"],
                            hint=SAVE_HINT) from None


def _uncomputed(path: Path, data: bytes, title: str, blank: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """``(row, column) -> formula`` of the ``blank`` cells that hold a formula the file stored no value for."""
    if not blank or not any(_FORMULA.search(part) for part in _sheet_parts(data, path)):
        return {}  # no formula in the workbook: no second reading
    ws = _load(path, data, data_only=False)[title]
    out = {}
    for r, c in blank:
        value = ws._cells.get((r, c))
        formula = getattr(value, "value", None)
        text = getattr(formula, "text", formula)  # an array formula keeps its text in .text
        if isinstance(text, str) and text.startswith("="):
            out[(r, c)] = text
    return out


def _hidden(ws: Any) -> list[str]:
    rows = sorted(r for r, d in ws.row_dimensions.items() if d.hidden)
    cols = sorted(k for k, d in ws.column_dimensions.items() if d.hidden)
    from researchkit.codebook.tablerows import row_span

    out = [f"{row_span(rows)} hidden in the sheet: read like the others"] if rows else []
    if cols:
        out.append(f"column(s) {', '.join(cols[:10])}{' ...' if len(cols) > 10 else ''} hidden in the sheet: read like the others")
    return out


def read_xlsx(path: str | Path, data: bytes, sheet: str | int | None) -> SheetRows:
    """The rows of one worksheet (see the module docstring); ``data`` is the file's bytes.

    Raises
    ------
    CodebookError
        ``RK112``/``RK131`` a damaged or oversized file, ``RK247`` unreadable, unknown sheet,
        merged ranges over too many cells.

    Examples
    --------
    >>> import io, openpyxl
    >>> wb = openpyxl.Workbook(); ws = wb.active
    >>> ws.append(["Thema", "Code"]); ws.append(["Haven", "Kade"]); ws.append([None, "Sluis"]); ws.merge_cells("A2:A3")
    >>> buf = io.BytesIO(); wb.save(buf)
    >>> [r.cells for r in read_xlsx("codes.xlsx", buf.getvalue(), None).rows]
    [['Thema', 'Code'], ['Haven', 'Kade'], ['Haven', 'Sluis']]
    """
    from researchkit.io.sheets import check_xlsx

    path = Path(path)
    check_xlsx(path, data, error=SheetError)
    named = _named_sheet_parts(data, path)
    for name, part in named:
        count = sum(1 for _ in _ROW.finditer(part))
        if count > MAX_XLSX_ROWS:
            raise CodebookError("RK247", path, [f"its sheet {name!r} holds {count:,} rows, more than the {MAX_XLSX_ROWS:,} "
                                                "read from a workbook"],
                                hint="delete the empty rows below the table (select them, Delete rows) and save again, or "
                                     "split the sheet")
    area, worst = _merged_area_of([part for _, part in named])
    del named  # the sheets' XML is not kept while openpyxl reads the workbook
    if area > MAX_MERGED_CELLS:
        raise CodebookError("RK247", path, [f"its merged cells cover {area:,} cells (the largest range {worst}), more than "
                                            f"the {MAX_MERGED_CELLS:,} a codebook sheet may spread"],
                            hint="unmerge the cells in a spreadsheet program (select all, Merge & Center off) and save again")
    notes: list[str] = []
    ws = _pick_sheet(_load(path, data, data_only=True), path, sheet, notes)
    fill: dict[tuple[int, int], Any] = {}
    for merged in ws.merged_cells.ranges:
        value = ws.cell(merged.min_row, merged.min_col).value
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                fill[(r, c)] = value
    values: dict[int, dict[int, Any]] = {}
    indents: dict[tuple[int, int], int] = {}
    blank: set[tuple[int, int]] = set()
    for (r, c), cell in list(ws._cells.items()):  # only the cells that exist: a stray far cell makes no empty billions
        if cell.value is None:
            blank.add((r, c))
            continue
        values.setdefault(r, {})[c] = cell.value
        indents[(r, c)] = int(getattr(cell.alignment, "indent", 0) or 0)
    for (r, c), value in fill.items():
        values.setdefault(r, {})[c] = value
    by_row: dict[int, dict[int, str]] = {}
    for (r, c), formula in _uncomputed(path, data, ws.title, blank - set(fill)).items():
        by_row.setdefault(r, {})[c - 1] = formula
    rows: list[SheetRow] = []
    runs: list[tuple[int, int]] = []
    last = 0
    for r in sorted(set(values) | set(by_row)):  # the rows that have cells; a long run of empty ones between is noted
        if r - last - 1 > MAX_BLANK_RUN:
            runs.append((last + 1, r - 1))
        else:
            rows += [SheetRow(e, [], [], {}) for e in range(last + 1, r)]
        last = r
        row = values.get(r, {})
        width = max(list(row) + [c + 1 for c in by_row.get(r, {})], default=0)
        rows.append(SheetRow(r, [cell_text(row.get(c)) for c in range(1, width + 1)],
                             [indents.get((r, c), 0) for c in range(1, width + 1)], by_row.get(r, {})))
    if runs:
        notes.append(blank_runs_note(runs))
    ranges = sorted(m.coord for m in ws.merged_cells.ranges)
    if ranges:
        notes.append(f"merged cells {', '.join(ranges[:10])}{' ...' if len(ranges) > 10 else ''} give their value to every "
                     "cell they cover")
    merged = [(m.min_row, m.min_col - 1, m.max_row, m.max_col - 1, m.coord) for m in ws.merged_cells.ranges]
    return SheetRows(rows, sheet=ws.title, sheets=list(ws.parent.sheetnames), notes=notes + _hidden(ws), merged=merged)


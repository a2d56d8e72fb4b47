"""Dates in attributes sheets: day-first as in Dutch and other European sheets, said out loud when ambiguous.

A column is a date column when every filled cell looks like a date (``02-03-2026``,
``2/3/26``, ``2026-03-02``). Its cells become ISO dates (``2026-03-02``). The order of
day and month is decided per column: a cell whose first part is above 12 proves
day-first, one whose second part is above 12 proves month-first; when no cell decides
it, day-first is used and a :class:`AmbiguousDateWarning` (RK133) names each ambiguous
cell and the reading chosen. ``date_format=`` says it instead: ``"day-first"``,
``"month-first"`` or a ``strptime`` format such as ``"%d.%m.%Y"``.

Examples
--------
>>> import pandas as pd, warnings
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     out = normalise_dates(pd.DataFrame({"doc_id": ["R01"], "datum": ["02-03-2026"]}), "a.csv")
>>> out.loc[0, "datum"], "column 'datum'" in str(caught[0].message)
('2026-03-02', True)
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from pathlib import Path

import pandas as pd

from researchkit.errors import AttributesError

_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class AmbiguousDateWarning(UserWarning):
    """A date whose day and month could be swapped was read in the order shown (RK133)."""


def _year(text: str) -> int:
    year = int(text)
    return year + (2000 if year < 70 else 1900) if len(text) == 2 else year


def _column_order(values: list[tuple[int, str]], column: str, path) -> tuple[str | None, list[int]]:
    """``("day-first" | "month-first" | None, ambiguous rows)`` for a column of d-m-y cells."""
    day_first = month_first = False
    ambiguous = []
    for row, value in values:
        a, b, _ = _DMY.match(value).groups()
        if int(a) > 12:
            day_first = True
        elif int(b) > 12:
            month_first = True
        elif a != b:
            ambiguous.append(row)
    if day_first and month_first:
        raise AttributesError(
            "RK133", path, f"column {column!r} mixes day-first and month-first dates",
            hint="write the dates as YYYY-MM-DD, or pass date_format='%d-%m-%Y' (or the format used)",
        )
    return ("day-first" if day_first else "month-first" if month_first else None), ambiguous


def _parse(value: str, order: str, date_format: str | None, where: str, path) -> str:
    try:
        if date_format and date_format not in {"day-first", "month-first"}:
            return dt.datetime.strptime(value, date_format).date().isoformat()
        iso = _ISO.match(value)
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        a, b, y = _DMY.match(value).groups()
        day, month = (int(a), int(b)) if order == "day-first" else (int(b), int(a))
        return dt.date(_year(y), month, day).isoformat()
    except ValueError as err:
        raise AttributesError("RK133", path, f"{value!r} is not a valid date ({err})", location=where,
                              hint="correct the date or pass date_format=... with the format used") from None


def normalise_dates(frame: pd.DataFrame, path: str | Path, *, date_format: str | None = None) -> pd.DataFrame:
    """Return ``frame`` with its date columns as ISO dates (see module docstring). Rows are numbered as in a spreadsheet."""
    if date_format not in (None, "day-first", "month-first") and "%" not in str(date_format):
        raise AttributesError("RK133", path, f"date_format={date_format!r} is not understood",
                              hint="use 'day-first', 'month-first' or a strptime format such as '%d-%m-%Y'")
    out = frame.copy()
    for column in frame.columns:
        if column == "doc_id":
            continue
        cells = [(i + 2, str(v).strip()) for i, v in enumerate(frame[column]) if v is not None and str(v).strip()]
        if not cells or not all(_DMY.match(v) or _ISO.match(v) for _, v in cells):
            continue
        dmy = [(row, v) for row, v in cells if _DMY.match(v)]
        order, ambiguous = _column_order(dmy, column, path) if dmy else (None, [])
        if order is None and date_format in ("day-first", "month-first"):
            order = date_format
        elif order is None:
            order = "day-first"
            if ambiguous and not date_format:
                shown = ", ".join(f"row {r} ({dict(dmy)[r]!r} read as {_parse(dict(dmy)[r], order, None, '', path)})" for r in ambiguous[:5])
                warnings.warn(
                    f"[RK133] {path}, column {column!r}: ambiguous date(s) read day-first: {shown}"
                    + (" ..." if len(ambiguous) > 5 else "") + ". What to do: write dates as YYYY-MM-DD, or pass "
                    "date_format='month-first' (or a strptime format) if the sheet is month-first.",
                    AmbiguousDateWarning, stacklevel=4,
                )
        parsed = {row: _parse(v, order, date_format, f"row {row}, column {column!r}", path) for row, v in cells}
        out[column] = [parsed.get(i + 2, v) for i, v in enumerate(frame[column])]
    return out

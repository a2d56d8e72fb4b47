"""Reading a coded-segment table (CSV, TSV, XLSX) or an NVivo coding report into :class:`SegmentTable`.

Cells are read as the codebook-sheet reader reads them
(:func:`researchkit.codebook.tableread.read_sheet_rows`: the encoding detected, the
delimiter sniffed among ``,`` ``;`` tab ``|`` (or, when the sniffed one splits no row into a
header, the one that does: a ``;`` table with a comma in every row), Excel's ``sep=`` line obeyed, ``.xlsx``
checked against the zip-bomb limits of :mod:`researchkit.io.sheets` before openpyxl opens
it, merged cells spread, formulas never computed). The header row is the first of the top
twenty rows with a document, a passage and a code column (title lines above it are skipped).
A ``.docx`` file, a ``.txt`` file with report headings, and an ``.html`` page without a usable
table but with report headings are reports (:mod:`researchkit.segtables.reports`: NVivo's
``Reference 1 - 2.35% Coverage``, ATLAS.ti's ``1:5 ¶ 12 in Interview 01``, MAXQDA's
``Interview 01: 12 - 14 (0)``); a table whose header names only codes, each
cell a passage and the file's name on its last line, is QualCoder 2's coding report
(:mod:`researchkit.segtables.columnwise`).

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "highlights.csv"
>>> _ = p.write_text("id,document,tag,content\\n7,Interview 1,haven,we zien de haven\\n", encoding="utf-8")
>>> t = read_segment_table(p)
>>> t.producer, t.segments[0].document, t.segments[0].codes, t.segments[0].where
('Taguette', 'Interview 1', ('haven',), 'row 2')
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

from researchkit.errors import CodebookError, SegmentTableError
from researchkit.segtables.columns import SegmentColumns, accepted_names, plan_columns, set_aside_reason
from researchkit.segtables.model import PREVIEW_LIMIT, Segment, SegmentTable

__all__ = ["read_segment_table", "TABLE_SUFFIXES", "REPORT_SUFFIXES"]

TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".html", ".htm")
REPORT_SUFFIXES = (".docx", ".txt")
_HEADER_ROWS = 20
#: Lines of a ``.txt`` file searched for a report's headings before it is read as a table.
_REPORT_SCAN = 2000
_TRUE = {"true", "yes", "ja", "waar", "wahr", "x", "1", "applied"}
_NUMBER = re.compile(r"\d+")
#: QualCoder's ids of codings that are not text (its coding report writes ``image`` or ``a/v`` as their passage).
_MEDIA_IDS = {"imid": "image", "avid": "audio or video"}


def _sheet_rows(path: Path, sheet: str | int | None, encoding: str | None):
    """The sheet's rows through the codebook-sheet reader (an HTML page's first table), its errors re-raised as RK661."""
    from researchkit.codebook.tableread import read_sheet_rows

    if path.suffix.lower() in (".html", ".htm"):
        from researchkit.io.sheets import MAX_SHEET_BYTES
        from researchkit.segtables.html import html_sheet

        if path.stat().st_size > MAX_SHEET_BYTES:
            raise SegmentTableError("RK661", path, f"is {path.stat().st_size / 2**20:.0f} MiB, above the "
                                    f"{MAX_SHEET_BYTES // 2**20} MiB limit for a table", hint="export fewer segments per file")
        return html_sheet(path.read_bytes(), path, encoding=encoding)

    try:
        return read_sheet_rows(path, sheet=sheet, encoding=encoding, header=lambda cells: plan_columns(cells).usable())
    except CodebookError as err:
        problems = "; ".join(p.replace("codebook sheet", "table") for p in err.problems)
        raise SegmentTableError("RK661", path, f"cannot be read as a table ({err.code}: {problems})",
                                hint=err.hint or "open it in a spreadsheet program and save it as .xlsx or CSV (UTF-8)") from None


def _find_header(rows: Sequence) -> tuple[int, SegmentColumns] | None:
    for n, row in enumerate(rows[:_HEADER_ROWS]):
        if not any(str(c).strip() for c in row.cells):
            continue
        plan = plan_columns(row.cells)
        if plan.usable():
            return n, plan
    return None


def _refuse_header(path: Path, rows: Sequence) -> SegmentTableError:
    first = next((r for r in rows if any(str(c).strip() for c in r.cells)), None)
    seen = ", ".join(repr(c) for c in first.cells if str(c).strip()) if first else "(no cells)"
    where = f"row {first.number}" if first else None
    plan = plan_columns(first.cells) if first else None
    missing = [role for role in ("document", "text", "code")
               if plan is None or (role not in plan.roles and not (role == "text" and "name_text" in plan.roles)
                                   and not (role == "code" and plan.code_columns))]
    names = "; ".join(f"{role}: {accepted_names(role)[:120]} ..." for role in missing)
    return SegmentTableError(
        "RK662", path, f"no header row with a document, a passage and a code column in the first {_HEADER_ROWS} rows "
        f"(headers seen: {seen}; missing: {', '.join(missing)})", location=where,
        hint=f"export the coded segments with these columns, or rename the headers ({names})")


def _number(value: str) -> int | None:
    """A whole-number position; a time (``0:01:23``), a decimal, a page reference or a number of
    more than 18 digits (no text is that long) is no hint.

    Examples
    --------
    >>> _number("12"), _number("12.0"), _number("0:01:23"), _number("1" * 5000)
    (12, 12, None, None)
    """
    found = re.fullmatch(r"(\d{1,18})(?:\.0+)?", (value or "").strip())
    return int(found.group(1)) if found else None


def _cell(cells: list[str], plan: SegmentColumns, role: str) -> str:
    """The row's cell of ``role`` (``""`` when the table has no such column or the row is short)."""
    i = plan.roles.get(role)
    return cells[i].strip() if i is not None and i < len(cells) else ""


def _positions(cells: list[str], plan: SegmentColumns) -> tuple[int | None, int | None]:
    """The row's positions: ``Beginning``/``End`` cells, or a range cell (``120-245``, ``7 – 7``, ``¶ 3``).

    Examples
    --------
    >>> plan = plan_columns(["Media Title", "Excerpt Copy", "Excerpt Range", "Code: A Applied"])
    >>> [_positions(["R01", "x", v, "True"], plan) for v in ("120-245", "¶ 7", "0:01:23 - 0:01:40", "")]
    [(120, 245), (7, 7), (None, None), (None, None)]
    """
    if "start" in plan.roles:
        start, end = _number(_cell(cells, plan, "start")), _number(_cell(cells, plan, "end"))
        return (start, end if end is not None else start) if start is not None else (None, None)
    written = _cell(cells, plan, "range")
    found = _NUMBER.findall(written)
    if not found or len(found) > 2 or ":" in written or any(len(n) > 18 for n in found):
        return None, None
    numbers = [int(n) for n in found]
    return numbers[0], numbers[-1]


def _codes(cells: list[str], plan: SegmentColumns) -> tuple[str, ...]:
    codes: list[str] = []
    if "code" in plan.roles and plan.roles["code"] < len(cells):
        cell = cells[plan.roles["code"]].replace("\r", "\n")
        if plan.code_separator:
            cell = cell.replace(plan.code_separator, "\n")
        codes += [c.strip() for c in cell.split("\n") if c.strip()]
    parents = [cells[i].strip() for i in plan.path_columns if i < len(cells) and cells[i].strip()]
    if plan.producer == "RQDA":  # R's write.csv writes a missing category as NA
        parents = [p for p in parents if p != "NA"]
    if parents and len(codes) == 1:  # QualCoder: the code's parents, nearest first, make its path
        codes = ["\\".join(parents[::-1] + codes)]
    for i, name in plan.code_columns:
        value = cells[i].strip().casefold().replace(",", ".") if i < len(cells) else ""
        if value in _TRUE or (re.fullmatch(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+", value) and float(value) > 0):
            codes.append(name)
    return tuple(codes)


def _segment(number: int, cells: list[str], plan: SegmentColumns) -> Segment:
    def get(role: str) -> str:
        return _cell(cells, plan, role)

    start, end = _positions(cells, plan)
    if plan.by_offsets():  # no passage column: the segment is the text at the offsets
        return Segment(number, get("document"), "", _codes(cells, plan), get("coder") or None, get("memo") or None,
                       get("ref") or None, start, end, plan.unit if start is not None else None, by_offsets=True,
                       length=_number(get("length")), written=(get("start"), get("end")))
    text = get("text")
    cut = not text and get("name_text").endswith(("...", "\u2026"))
    preview = "" if text else get("preview")
    if preview:  # a preview as long as the program makes them is probably the start of a longer segment
        return Segment(number, get("document"), preview, _codes(cells, plan), get("coder") or None, get("memo") or None,
                       get("ref") or None, start, end, plan.unit if start is not None else None,
                       prefix=len(preview) >= PREVIEW_LIMIT)
    kind = _MEDIA_IDS.get(get("ref").split(":", 1)[0].strip().lower(), "") if plan.producer == "QualCoder" else ""
    return Segment(number, get("document"), text or get("name_text"), _codes(cells, plan), get("coder") or None,
                   get("memo") or None, get("ref") or None, start, end, plan.unit if start is not None else None, cut=cut,
                   media=kind)


def _is_report(path: Path, encoding: str | None) -> bool:
    """A Word file, or a text file whose first line is no table header and whose lines hold a report's headings."""
    if path.suffix.lower() == ".docx":
        return True
    if path.suffix.lower() != ".txt":
        return False
    from researchkit.segtables.nvivo import _text
    from researchkit.segtables.reports import which_report

    lines = _text(path, encoding).split("\n")
    first = next((line for line in lines if line.strip()), "")
    if any(plan_columns(first.split(sep)).usable() for sep in ("\t", ";", ",", "|")):
        return False
    return which_report(lines[:_REPORT_SCAN]) is not None


def _html_report(path: Path, encoding: str | None, code: str | None, refused: SegmentTableError) -> SegmentTable:
    """An HTML page without a usable table read as a report; ``refused`` raised when it holds no report headings either."""
    from researchkit.segtables.reports import read_document_report, report_lines, which_report

    if which_report(report_lines(path, encoding=encoding)[0]) is None:
        raise refused
    return read_document_report(path, code=code, encoding=encoding)


def read_segment_table(path: str | Path, *, sheet: str | int | None = None, encoding: str | None = None,
                       code: str | None = None) -> SegmentTable:
    """Read every coded segment of an exported table or NVivo coding report.

    Parameters
    ----------
    path
        ``.csv``/``.tsv``/``.txt``/``.xlsx``/``.xlsm`` table, the first table of an ``.html`` page,
        or an NVivo, ATLAS.ti or MAXQDA report (``.docx``/``.html``/``.txt``).
    sheet
        Worksheet name or position (XLSX; default the first visible one).
    encoding
        Force a text encoding (CSV; default detected).
    code
        The code of a report's passages that name none (NVivo default: the file name without suffix).

    Raises
    ------
    SegmentTableError
        RK660 missing file or unread type, RK661 unreadable, RK662 no usable header,
        RK663 no segment rows, RK665 a report over the limits or an unsafe Word file.
    """
    p = Path(path)
    if not p.is_file():
        raise SegmentTableError("RK660", p, "the file does not exist", hint="check the path")
    suffix = p.suffix.lower()
    if suffix not in TABLE_SUFFIXES + REPORT_SUFFIXES:
        raise SegmentTableError("RK660", p, f"unsupported file type {suffix or '(none)'}",
                                hint="export the coded segments as Excel (.xlsx), CSV or an HTML table; NVivo coding reports as .docx or .txt; "
                                     "a REFI-QDA project (.qdpx) is read by 'researchkit import'")
    if _is_report(p, encoding):
        from researchkit.segtables.reports import read_document_report

        return read_document_report(p, code=code, encoding=encoding)
    html = suffix in (".html", ".htm")
    try:
        sheet_rows = _sheet_rows(p, sheet, encoding)
    except SegmentTableError as err:
        if html and err.code == "RK661" and "holds no table" in err.message:
            return _html_report(p, encoding, code, err)
        raise
    found = _find_header(sheet_rows.rows)
    if found is None:
        from researchkit.segtables.columnwise import codes_as_columns

        columnwise = codes_as_columns(p, sheet_rows.rows)  # QualCoder 2's report: a column per code
        if columnwise is None:
            refused = _refuse_header(p, sheet_rows.rows)
            if html:
                return _html_report(p, encoding, code, refused)
            raise refused
        columnwise.notes[:0] = list(sheet_rows.notes)
        return columnwise
    at, plan = found
    table = SegmentTable(str(p), plan.producer, columns=plan.used(), notes=list(sheet_rows.notes))
    if sheet_rows.sheet:
        table.notes.append(f"worksheet {sheet_rows.sheet!r} read" + (f" (of {', '.join(sheet_rows.sheets)})" if len(sheet_rows.sheets) > 1 else ""))
    if at:
        table.notes.append(f"rows 1-{sheet_rows.rows[at].number - 1} above the header set aside as title lines")
    reasons: dict[str, list[str]] = {}
    for _, header in plan.ignored:
        reasons.setdefault(set_aside_reason(header), []).append(repr(header))
    table.notes += [f"column(s) {', '.join(headers)} not read: {reason}" for reason, headers in reasons.items()]
    formulas, outside = [], []
    named = {i for i, h in enumerate(plan.headers) if h}
    for row in sheet_rows.rows[at + 1:]:
        if not any(str(c).strip() for c in row.cells) and not row.formulas:
            continue
        if not any(str(c).strip() for i, c in enumerate(row.cells) if i in named) and not set(row.formulas) & named:
            outside.append(row.number)  # a note or a sum beside the table (its columns have no header): no segment
            continue
        table.rows += 1
        table.segments.append(_segment(row.number, row.cells, plan))
        formulas += [f"row {row.number} {row.formulas[i][:40]!r}" for i in sorted(row.formulas) if i in plan.roles.values()]
    if outside:
        table.notes.append(f"{len(outside)} row(s) with cells only in columns without a header set aside (not segments): row(s) "
                           + ", ".join(map(str, outside[:10])) + (" ..." if len(outside) > 10 else ""))
    if formulas:
        table.notes.append(f"{len(formulas)} cell(s) hold a formula the file stores no value for, read as empty (researchkit never "
                           f"computes formulas): {', '.join(formulas[:5])}" + (" ..." if len(formulas) > 5 else "")
                           + "; open the file in the spreadsheet program and save it, or paste the values")
    if not table.segments:
        raise SegmentTableError("RK663", p, f"has a header row (row {sheet_rows.rows[at].number}) but no segment rows below it",
                                hint="export the coded segments again with at least one segment selected")
    return table

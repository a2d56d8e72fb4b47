"""QualCoder's older coding report as CSV: one column per code, its coded passages down the column.

QualCoder 2.x (``ccbogel/QualCoder`` ``qualcoder/report_codes.py``, ``export_csv_file``, 2021,
PyQt5; default name ``Report_codings.csv``, ``utf-8-sig``, ``csv.writer`` with minimal quoting)
wrote "coded data as csv with codes as column headings": the header row is the sorted code
names and nothing else; below it each column lists that code's codings from the top, so a
column ends where its code has no more codings (empty cells only at its bottom). A cell holds
the coded text, a line break and the file or case name the report was made by (``" fid:7"``
appended when the report was made from an attribute selection). A coded picture or recording
gives its memo (``NO MENO``/``NO MEMO`` without one) instead of text. There are no positions,
coders or memos. Later versions write one row per coding instead (File, Coder, Coded, Id,
Codename ..., :mod:`researchkit.segtables.columns`).

No header names a document or passage, so the shape is recognised by its structure, only when
no other header is found: every header cell a distinct name, every filled cell of two lines or
more, and no gap inside a column.

Examples
--------
>>> from types import SimpleNamespace as Row
>>> rows = [Row(number=1, cells=["Haven", "Samenwerking"]),
...         Row(number=2, cells=["De haven is klein.\\nInterview 1.docx", "We werken samen.\\nInterview 1.docx"]),
...         Row(number=3, cells=["Een tweede haven.\\nInterview 2.docx fid:4", ""])]
>>> table = codes_as_columns("Report_codings.csv", rows)
>>> [(s.where, s.document, s.text, s.codes, s.ref) for s in table.segments]  # doctest: +NORMALIZE_WHITESPACE
[('row 2', 'Interview 1.docx', 'De haven is klein.', ('Haven',), None),
 ('row 2', 'Interview 1.docx', 'We werken samen.', ('Samenwerking',), None),
 ('row 3', 'Interview 2.docx', 'Een tweede haven.', ('Haven',), 'fid:4')]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from researchkit.segtables.model import Segment, SegmentTable

__all__ = ["codes_as_columns"]

#: What QualCoder writes in the cell of a coded picture or recording without a memo (its spelling kept).
_NO_MEMO = {"NO MENO", "NO MEMO"}


def _split(cell: str) -> tuple[str, str, str | None]:
    """``(passage, file or case name, "fid:N" or None)`` of a cell."""
    passage, _, name = cell.rstrip().rpartition("\n")
    name = name.strip()
    head, sep, fid = name.rpartition(" fid:")
    if sep and fid.isdigit() and head.strip():
        return passage.rstrip("\r"), head.strip(), f"fid:{fid}"
    return passage.rstrip("\r"), name, None


def codes_as_columns(path: str | Path, rows: Sequence[Any]) -> SegmentTable | None:
    """The segments of a table in QualCoder's older code-per-column shape, or ``None`` if it is not one.

    Parameters
    ----------
    path
        The file (named in the table).
    rows
        Its rows (``number``, ``cells``), as the sheet reader gives them.
    """
    filled = [r for r in rows if any(str(c).strip() for c in r.cells)]
    if len(filled) < 2:
        return None
    names = [str(c).strip() for c in filled[0].cells]
    while names and not names[-1]:
        names.pop()
    if not names or not all(names) or len(set(names)) != len(names):
        return None
    ended = [False] * len(names)
    found: list[tuple[int, int, str]] = []
    for row in filled[1:]:
        cells = [str(c) for c in row.cells]
        if any(c.strip() for c in cells[len(names):]):
            return None  # a cell without a code above it
        for i in range(len(names)):
            value = cells[i] if i < len(cells) else ""
            if not value.strip():
                ended[i] = True
                continue
            if ended[i] or "\n" not in value.strip():
                return None  # a gap inside a column, or a cell without the name line: another shape
            found.append((row.number, i, value))
    if not found:
        return None
    table = SegmentTable(str(path), "QualCoder", columns={n: "code" for n in names}, rows=len(filled) - 1)
    table.notes.append("read as QualCoder's older coding report (a column per code, each cell the coded text and, "
                       "on its last line, the file or case name; no positions, coders or memos)")
    media = 0
    for number, i, value in sorted(found, key=lambda f: (f[0], f[1])):
        passage, name, fid = _split(value)
        kind = "image or recording" if passage.strip() in _NO_MEMO else ""
        media += bool(kind)
        table.segments.append(Segment(number, name, passage, (names[i],), ref=fid or (passage.strip() if kind else None),
                                      media=kind))
    if media:
        table.notes.append(f"{media} cell(s) {sorted(_NO_MEMO)} are codings of a picture or recording without a memo: "
                           "no text to place")
    return table

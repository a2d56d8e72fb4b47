"""What researchers' codebook sheets get wrong, and how the import copes: each check reads the planned
columns and the entries, mends what it safely can (a column of words that are not levels, a second header
row, rows pasted twice, levels counted from 0, ids written in the name column, paths that are not paths,
guessed ids) and says so in the report's notes (used by :mod:`researchkit.codebook.table`).

Examples
--------
>>> SHORT_NAME
80
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from researchkit.codebook.tablecols import CODEISH, ColumnPlan, header_key, plan_columns
from researchkit.codebook.tableread import SheetRow
from researchkit.codebook.tablerows import Entries, Entry, id_like

if TYPE_CHECKING:  # pragma: no cover
    from researchkit.codebook.table import TableReport

__all__ = ["SHORT_NAME", "check_guessed_ids", "paths_that_are_not", "headers_again", "repeated_rows", "levels_from_zero",
           "levels_that_are_not", "ids_in_name_column"]

#: A text this long or shorter, on one line and not ending in a full stop, can be a code name (see ids_in_name_column).
SHORT_NAME = 80


def check_guessed_ids(plan: ColumnPlan, entries: Entries, report: TableReport) -> None:
    if not plan.id_guessed:
        return
    values = [e.given_id for e in entries.entries]
    if id_like(values) and len(set(values)) == len([v for v in values if v]):
        return
    header = plan.headers[plan.roles["id"]]
    report.notes.append(f"column {header!r} is not used for ids (its values are not all short, unique ids); kept as x_code")
    for e in entries.entries:
        if e.given_id:
            e.fields["x_code"] = e.given_id
        e.given_id = ""
    plan.extras.append((plan.roles.pop("id"), "x_code"))


def paths_that_are_not(plan: ColumnPlan, entries: Entries, report: TableReport) -> None:
    """A path column (``Full Name``) beside the name column whose values hold no path is kept as ``x_...``, not dropped.

    Its values are texts of their own (``| Code | Full Name | Definition |`` with ``VT-ADOPT | V&T Adoption``);
    read as paths they would be lost, since a path without a separator only repeats the name.
    """
    col, name_col = plan.roles.get("path"), plan.roles.get("name")
    if col is None or name_col is None or col == name_col:
        return
    paths = [e for e in entries.entries if e.path]
    if any(sep in e.path for e in paths for sep in ("\\", "::", ">", "/")):
        return
    if not any(e.path.casefold() != e.name.casefold() for e in paths):
        return
    key = f"x_{header_key(plan.headers[col]) or f'column_{col + 1}'}"
    for e in paths:
        e.fields[key] = e.path
        e.path = ""
    plan.roles.pop("path")
    plan.extras.append((col, key))
    report.notes.append(f"column {plan.headers[col]!r} holds no paths (no '\\', '::', '>' or '/'), so it is no tree: "
                        f"kept as {key}")


def headers_again(rows: Sequence[SheetRow], plan: ColumnPlan, report: TableReport) -> list[SheetRow]:
    """The data rows without a header row repeated below the first (a second table: `` Sub-themes,Description``
    then ``Codes,Description``): such a row names columns, not a code; it is left out and noted.

    A row is a header again when it has two cells or more and every one of them is a header name the
    column recognition knows for a field (``Codes``, ``Description``, ``Parent`` ...), the code column's among them.
    """
    kept: list[SheetRow] = []
    for row in rows:
        cells = [c.strip() for c in row.cells]
        filled = [i for i, c in enumerate(cells) if c]
        if len(filled) >= 2 and all(len(cells[i]) <= 40 for i in filled):
            again = plan_columns(cells)
            known = set(again.roles.values()) | set(again.levels) | set(again.groups)
            if "name" in again.roles and all(i in known for i in filled) and not again.extras:
                report.notes.append(f"row {row.number} repeats a header ({', '.join(repr(cells[i]) for i in filled)}): "
                                    "a second table below the first, read with the first one's columns; the row is no code")
                continue
        kept.append(row)
    return kept


def repeated_rows(plan: ColumnPlan, entries: Entries, report: TableReport) -> None:
    """In a flat list (no column or indentation for a tree), a row that repeats an earlier row cell for cell is left
    out and noted: it adds nothing (a list pasted twice at its end). Rows that differ in any cell stay (RK246)."""
    if any(r in plan.roles for r in ("parent", "level", "path", "category")) or plan.levels or plan.outline:
        return
    if any(e.indent or e.levels for e in entries.entries):
        return
    seen: dict[tuple[str, str, str], int] = {}
    kept: list[Entry] = []
    repeats: list[str] = []
    for e in entries.entries:
        key = (e.name.casefold(), e.given_id, repr(sorted(e.fields.items())))
        if key in seen:
            repeats.append(f"row {e.row} (as row {seen[key]})")
            continue
        seen[key] = e.row
        kept.append(e)
    if repeats:
        entries.entries[:] = kept
        shown = ", ".join(repeats[:10]) + (f" and {len(repeats) - 10} more" if len(repeats) > 10 else "")
        report.notes.append(f"{len(repeats)} row(s) repeating an earlier row cell for cell left out: {shown}")


def levels_from_zero(plan: ColumnPlan, entries: Entries, report: TableReport) -> None:
    """A ``level`` column that counts from 0 (``hierarchy_level``: 0, 1, 2) is read as levels from 1, noted."""
    col = plan.roles.get("level")
    if col is None:
        return
    values = [e.level.strip() for e in entries.entries if e.level.strip()]
    if not values or not all(v.isdigit() and len(v) <= 2 for v in values) or min(int(v) for v in values) != 0:
        return
    for e in entries.entries:
        if e.level.strip():
            e.level = str(int(e.level.strip()) + 1)
    report.notes.append(f"column {plan.headers[col]!r} counts levels from 0: read as levels from 1")


def levels_that_are_not(plan: ColumnPlan, entries: Entries, report: TableReport) -> None:
    """A ``level`` column none of whose values is a number is no tree level: kept as ``x_...``, noted.

    A data dictionary kept beside the codes says at which level a measure is taken (``person``,
    ``dyad``): read as tree levels every row would be an error (RK248), and the words would be lost.
    A column with some numbers and some words stays a level column (the words are RK248, one per row).
    """
    col = plan.roles.get("level")
    if col is None:
        return
    values = [e.level.strip() for e in entries.entries if e.level.strip()]
    if not values or any(v.isdigit() or v.replace(".", "", 1).isdigit() for v in values):
        return
    key = f"x_{header_key(plan.headers[col]) or f'column_{col + 1}'}"
    for e in entries.entries:
        if e.level.strip():
            e.fields[key] = e.level.strip()
        e.level = ""
    plan.roles.pop("level")
    plan.extras.append((col, key))
    shown = ", ".join(repr(v) for v in dict.fromkeys(values).keys() if v)
    report.notes.append(f"column {plan.headers[col]!r} holds no level numbers ({shown[:120]}), so it is no tree: kept as {key}")


def ids_in_name_column(plan: ColumnPlan, entries: Entries, report: TableReport) -> None:
    """A ``Code`` column of dotted ids (``A``, ``A.1``) and no id column: the ids place the codes.

    When a description column beside it holds only short one-line texts (``meaning,code`` /
    ``Data Quality,B``), those are the names and the code column the ids; both are noted.
    """
    name_col = plan.roles.get("name")
    if "id" in plan.roles or name_col is None or plan.levels or "parent" in plan.roles or "level" in plan.roles:
        return
    if header_key(plan.headers[name_col]) not in CODEISH:
        return
    names = [e.name for e in entries.entries]
    known = set(names)
    if not id_like(names) or len(known) != len(names) or not any(n.rsplit(".", 1)[0] in known for n in names if "." in n):
        return
    for e in entries.entries:
        e.given_id = e.name
    plan.roles["id"] = name_col
    desc_col = plan.roles.get("description")
    texts = [e.fields.get("description", "") for e in entries.entries]
    if desc_col is None or not all(0 < len(t) <= SHORT_NAME and "\n" not in t and not t.endswith(".") for t in texts):
        return
    for e in entries.entries:
        e.name = e.fields.pop("description")
    plan.roles["name"] = plan.roles.pop("description")
    report.notes.append(f"column {plan.headers[name_col]!r} holds ids ({', '.join(names[:3])} ...) and column "
                        f"{plan.headers[desc_col]!r} short one-line texts: these are the code names")

"""The rows of a codebook sheet as code entries: name, fields and the raw hierarchy cells (pure).

Each data row becomes one :class:`Entry` or a problem naming its row: a row with text
but no code name is ``RK243``. Fully empty rows are counted in a note; text in a cell
right of the last header is kept as ``x_column_N`` and noted, so nothing is lost.
Keywords are split on ``;`` or new lines (on ``,`` when neither is used), examples on new
lines; a colour that is not ``#RGB``/``#RRGGBB`` is left out with a note.

Examples
--------
>>> from researchkit.codebook.tablecols import plan_columns
>>> from researchkit.codebook.tableread import SheetRow
>>> plan = plan_columns(["Code", "Trefwoorden", "Kleur"])
>>> out = read_entries([SheetRow(2, ["Haven", "haven; kade", "#0a0"])], plan)
>>> e = out.entries[0]
>>> e.row, e.name, e.fields
(2, 'Haven', {'keywords': ['haven', 'kade'], 'color': '#00AA00'})
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Sequence

from researchkit.codebook.tablecols import ColumnPlan
from researchkit.codebook.tableread import SheetRow

__all__ = ["Entry", "Entries", "read_entries", "split_terms", "row_span", "id_like", "visible_name", "ID_PATTERN", "LONG_NAME"]

_TEXT_ROLES = ("description", "include", "exclude", "name_en", "description_en")
#: What a code id may look like (as the YAML codebook requires), at most 60 characters.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,59}$")
#: A code name longer than this is noted (a definition typed into the code column?).
LONG_NAME = 200
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
#: Stripped from both ends of a name: white space (as ``str.isspace`` sees it) and invisible characters.
_EDGES = _INVISIBLE + "".join(chr(c) for c in range(0x3001) if chr(c).isspace())


@dataclass
class Entry:
    """One data row read as a code.

    Attributes
    ----------
    row
        The row number a spreadsheet program shows.
    name
        The code name as written (spaces around it removed).
    fields
        Values for the code's keys (``description``, ``keywords``, ``x_...``).
    indent
        Indentation of the name: the cell's indent (XLSX) or leading spaces/tabs (CSV).
    levels
        The cells of the level columns (``Thema | Code | Subcode``), shallow to deep.
    parent, level, path, given_id
        The cells of those columns (``""`` when empty or absent).
    """

    row: int
    name: str
    fields: dict[str, Any] = field(default_factory=dict)
    indent: int = 0
    levels: list[str] = field(default_factory=list)
    parent: str = ""
    level: str = ""
    path: str = ""
    given_id: str = ""


@dataclass
class Entries:
    """Every entry, and the problems and notes met reading them."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[tuple[str, int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: The category cells of the last code row, and the rows that took a category from it (``ColumnPlan.repeat``).
    above: list[str] = field(default_factory=list)
    repeated: list[int] = field(default_factory=list)


def split_terms(cell: str) -> list[str]:
    """Keywords in one cell: split on ``;`` or new lines, or on ``,`` when neither is used.

    Examples
    --------
    >>> split_terms("haven; kade\\nsluis"), split_terms("boot, schip"), split_terms("")
    (['haven', 'kade', 'sluis'], ['boot', 'schip'], [])
    """
    parts = re.split(r"[;\n]", cell) if re.search(r"[;\n]", cell) else cell.split(",")
    return [p.strip() for p in parts if p.strip()]


def row_span(rows: Sequence[int]) -> str:
    """Row numbers for messages: ``rows 4, 7 and 9`` or ``rows 4-9`` (first ten listed).

    Examples
    --------
    >>> row_span([4]), row_span([4, 7, 9]), row_span(list(range(4, 20)))
    ('row 4', 'rows 4, 7 and 9', 'rows 4-19')
    """
    rows = sorted(rows)
    if len(rows) == 1:
        return f"row {rows[0]}"
    if rows == list(range(rows[0], rows[-1] + 1)) and len(rows) > 3:
        return f"rows {rows[0]}-{rows[-1]}"
    shown = [str(r) for r in rows[:10]] + ([f"{len(rows) - 10} more"] if len(rows) > 10 else [])
    return "rows " + ", ".join(shown[:-1]) + " and " + shown[-1]


def _cell(cells: list[str], i: int | None) -> str:
    return cells[i] if i is not None and i < len(cells) else ""


def _indent(row: SheetRow, col: int | None, raw: str) -> int:
    if col is not None and col < len(row.indents) and row.indents[col]:
        return row.indents[col] * 4
    lead = raw[: len(raw) - len(raw.lstrip(" \t\u00a0\u3000"))]
    return lead.count("\t") * 4 + len(lead) - lead.count("\t")


#: A colour cell that says "no colour" (NVivo and MAXQDA write ``None``).
_NO_COLOUR = {"none", "geen", "keine", "ninguno", "-", "n/a"}
#: Colour names a sheet may hold, as the CSS colours of those names.
_COLOUR_NAMES = {"red": "#FF0000", "orange": "#FFA500", "yellow": "#FFFF00", "green": "#008000", "blue": "#0000FF",
                 "purple": "#800080", "pink": "#FFC0CB", "brown": "#A52A2A", "gray": "#808080", "grey": "#808080",
                 "black": "#000000", "white": "#FFFFFF", "rood": "#FF0000", "oranje": "#FFA500", "geel": "#FFFF00",
                 "groen": "#008000", "blauw": "#0000FF", "paars": "#800080", "roze": "#FFC0CB", "bruin": "#A52A2A",
                 "grijs": "#808080", "zwart": "#000000", "wit": "#FFFFFF", "rot": "#FF0000", "gelb": "#FFFF00",
                 "grun": "#008000", "blau": "#0000FF", "lila": "#800080", "rosa": "#FFC0CB", "braun": "#A52A2A",
                 "grau": "#808080", "schwarz": "#000000", "weiss": "#FFFFFF"}
#: ``R,G,B`` or ``rgb(R, G, B)`` (an alpha after it is allowed); matched only on cells of at most 40 characters.
_RGB = re.compile(r"^(?:rgba?\()?(\d{1,3})[,; ] ?(\d{1,3})[,; ] ?(\d{1,3})(?:[,; ] ?[\d.]{1,5})?\)?$", re.IGNORECASE)


def _colour_words(text: str) -> str | None:
    """``255,128,0``, ``rgb(0, 128, 255)`` or a colour name as ``#RRGGBB``; ``None`` when it is none of these.

    Examples
    --------
    >>> _colour_words("rgb(0, 128, 255)"), _colour_words("255;128;0"), _colour_words("Groen"), _colour_words("300,0,0")
    ('#0080FF', '#FF8000', '#008000', None)
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").strip().casefold()
    if folded in _COLOUR_NAMES:
        return _COLOUR_NAMES[folded]
    match = _RGB.match(text.strip()) if len(text) <= 40 else None
    if match and all(int(v) <= 255 for v in match.groups()):
        return "#" + "".join(f"{int(v):02X}" for v in match.groups())
    return None


def _fields(cells: list[str], plan: ColumnPlan, number: int, notes: list[str]) -> dict[str, Any]:
    from researchkit.refi.codes import normalise_color

    out: dict[str, Any] = {}
    for role in _TEXT_ROLES:
        value = _cell(cells, plan.roles.get(role)).strip()
        if value:
            out[role] = value
    examples = [x.strip() for x in _cell(cells, plan.roles.get("examples")).split("\n") if x.strip()]
    if examples:
        out["examples"] = examples
    for role in ("keywords", "exclude_keywords"):
        terms = split_terms(_cell(cells, plan.roles.get(role)))
        if terms:
            out[role] = terms
    color = _cell(cells, plan.roles.get("color")).strip()
    if color.casefold() in _NO_COLOUR:
        color = ""
    if color:
        if normalise_color(color) or normalise_color("#" + color):
            out["color"] = normalise_color(color) or normalise_color("#" + color)
        elif (read := _colour_words(color)) is not None:
            out["color"] = read
            notes.append(f"row {number}: colour {color!r} read as {read}")
        else:
            notes.append(f"row {number}: colour {color!r} is not #RRGGBB; kept as x_color")
            out["x_color"] = color
    groups = [g.strip() for i in plan.groups for g in re.split(r"[;\n]", _cell(cells, i)) if g.strip()]
    if groups:
        out["x_groups"] = groups
    for i, key in plan.extras:
        value = _cell(cells, i).strip()
        if value:
            out[key] = value
    return out


def visible_name(raw: str) -> str:
    """A name cell without spaces and invisible characters (zero-width, BOM, soft hyphen) around it; ``""`` when nothing shows.

    Examples
    --------
    >>> visible_name(" \\u200bHaven\\ufeff "), visible_name("\\u200b\\u00a0\\u2060")
    ('Haven', '')
    """
    name = raw.strip(_EDGES)  # str.strip, not a regular expression: a run of spaces inside a name stays linear
    return name if any(unicodedata.category(ch)[0] not in "CZ" for ch in name) else ""


def _no_name(row: SheetRow, plan: ColumnPlan, col: int | None, raw: str) -> str:
    """Why a row has no code name: an empty cell, one of invisible characters, or a formula never computed."""
    header = plan.headers[col] if col is not None and col < len(plan.headers) else "?"
    if col is not None and col in row.formulas:
        return (f"row {row.number}: the code name in column {header!r} is the formula {row.formulas[col][:60]!r}, which has "
                "no computed value in the file (saved by a program that does not calculate)")
    if raw.strip():
        return f"row {row.number}: the code name in column {header!r} is only invisible characters ({raw!r})"
    shown = [c.strip() for c in row.cells if c.strip()] + list(row.formulas.values())
    return f"row {row.number} has no code name (it holds {shown[0][:60]!r})"


def _repeat_levels(values: list[str], out: Entries, number: int) -> list[str]:
    """Category cells left of the code: leading blanks repeat the last code row's categories (``ColumnPlan.repeat``)."""
    filled = False
    for n, value in enumerate(values):
        if value or n >= len(out.above) or not out.above[n]:
            break
        values[n], filled = out.above[n], True
    if filled:
        out.repeated.append(number)
    return values


def _outline_levels(cells: list[str], plan: ColumnPlan, previous: list[str]) -> list[str]:
    """The level cells of a row; in an outline a blank cell left of the code repeats the row above."""
    values = [_cell(cells, i).strip() for i in plan.levels]
    deepest = max((n for n, v in enumerate(values) if v), default=-1)
    if plan.outline:
        for n in range(deepest):
            if not values[n] and n < len(previous):
                values[n] = previous[n]
    return values[: deepest + 1]


def _entry(row: SheetRow, plan: ColumnPlan, previous: list[str], out: Entries) -> list[str]:
    cells = row.cells
    levels = _outline_levels(cells, plan, previous) if plan.levels else []
    name_col = plan.roles.get("name")
    raw = _cell(cells, name_col)
    if plan.repeat and not plan.outline and visible_name(raw):
        levels = _repeat_levels([_cell(cells, i).strip() for i in plan.levels], out, row.number)
        out.above = list(levels)
    if name_col is None and levels:
        name_col, raw = plan.levels[len(levels) - 1], levels[-1]
        levels = levels[:-1]
    elif plan.levels and not plan.outline:
        levels = [v for v in levels if v]
    name = visible_name(raw)
    if not name:
        code = "RK251" if name_col is not None and name_col in row.formulas else "RK243"
        out.problems.append((code, row.number, _no_name(row, plan, name_col, raw)))
        return previous
    if name != raw.strip():
        out.notes.append(f"row {row.number}: invisible characters around the code name {raw.strip()!r} removed")
    if len(name) > LONG_NAME:
        out.notes.append(f"row {row.number}: the code name is {len(name):,} characters long ({name[:40]!r}...); "
                         "is a definition in the code column?")
    if any(not v for v in levels):
        header = plan.headers[name_col] if name_col is not None else "?"
        out.problems.append(("RK248", row.number, f"row {row.number}: {name!r} stands in column {header!r}, but no code "
                                                  "stands left of it on this row or a row above"))
        return previous
    entry = Entry(row.number, name, _fields(cells, plan, row.number, out.notes), _indent(row, name_col, raw), levels,
                  _cell(cells, plan.roles.get("parent")).strip(), _cell(cells, plan.roles.get("level")).strip(),
                  _cell(cells, plan.roles.get("path")).strip(), _cell(cells, plan.roles.get("id")).strip())
    out.entries.append(entry)
    return levels + [name]


def _formula_notes(row: SheetRow, plan: ColumnPlan) -> list[str]:
    """Cells beside the name that hold a formula without a computed value: left empty, named."""
    name_col = plan.roles.get("name")
    return [f"row {row.number}: column {plan.headers[c] if c < len(plan.headers) else c + 1!r} holds the formula {f[:60]!r} "
            "without a computed value; left empty (open the file in Excel or LibreOffice and save it again)"
            for c, f in sorted(row.formulas.items()) if c != name_col]


def read_entries(rows: Sequence[SheetRow], plan: ColumnPlan) -> Entries:
    """Read the data rows (below the header) as entries; see the module docstring.

    Examples
    --------
    >>> from researchkit.codebook.tablecols import plan_columns
    >>> out = read_entries([SheetRow(2, ["Haven", "x"]), SheetRow(3, ["", "y"]), SheetRow(4, [""])],
    ...                    plan_columns(["Code", "Memo"]))
    >>> [e.name for e in out.entries], out.problems
    (['Haven'], [('RK243', 3, "row 3 has no code name (it holds 'y')")])
    """
    out = Entries()
    empty: list[int] = []
    previous: list[str] = []
    width = len(plan.headers)
    for row in rows:
        if not any(c.strip() for c in row.cells) and not row.formulas:
            empty.append(row.number)
            continue
        beyond = [(i, c) for i, c in enumerate(row.cells) if i >= width and c.strip()]
        for i, text in beyond:
            out.notes.append(f"row {row.number}: text right of the last header (column {i + 1}) kept as x_column_{i + 1}: {text.strip()[:40]!r}")
        before = len(out.entries)
        previous = _entry(row, plan, previous, out)
        if len(out.entries) > before:
            out.entries[-1].fields.update({f"x_column_{i + 1}": c.strip() for i, c in beyond})
            out.notes += _formula_notes(row, plan)
    last = max((e.row for e in out.entries), default=0)
    empty = [n for n in empty if n < last]  # empty rows after the last code are no part of the table
    if empty:
        out.notes.append(f"{row_span(empty)} empty: skipped")
    if out.repeated:
        headers = " > ".join(repr(plan.headers[i]) for i in plan.levels)
        out.notes.append(f"{row_span(out.repeated)}: a blank {headers} cell repeats the category of the row above "
                         "(as merged cells do); give each row its category to say otherwise")
    return out


def id_like(values: Sequence[str]) -> bool:
    """Whether a column's values can be code ids (``SIG.1``, ``INFO-WV``, ``1.2``), all of them.

    Examples
    --------
    >>> id_like(["SIG", "SIG.1"]), id_like(["Samen werken"]), id_like([])
    (True, False, False)
    """
    filled = [v for v in values if v]
    return bool(filled) and all(ID_PATTERN.match(v) for v in filled)

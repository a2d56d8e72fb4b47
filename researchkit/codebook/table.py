"""Codebooks kept as spreadsheets, or exported by QDA programs as spreadsheets, read as a :class:`Codebook`.

Researchers keep codebooks in Excel or CSV ("Code | Definition | When to use | When not
to use | Example | Parent"), and QDA programs export their code systems as sheets:
NVivo (``Name, Description, Files, References``, the tree as ``Nodes\\Parent\\Child``
paths or indented names), ATLAS.ti (``Code, Comment, Code Groups, Grounded, Density``,
categories as ``CAT: code``), MAXQDA (``Code, Memo`` with ``Parent > Child`` or
``Parent\\Child``), Taguette (``tag, description, number of highlights``), Dedoose,
QualCoder and Delve (a code column and a parent or category column); MAXQDA's dictionaries
(MAXDictio: a row per search item, :mod:`~researchkit.codebook.tabledict`), the Coding
Analysis Toolkit's code file (``code|definition|keystroke`` lines) and QualCoder's codebook
export (``Codebook.odt``, :mod:`~researchkit.codebook.qualcoderbook`) too. This module reads
them all:

* the sheet (:mod:`~researchkit.codebook.tableread`: CSV in any common encoding and
  delimiter, XLSX first or named sheet);
* the header row, below any title lines, and what each column is for, in English and
  Dutch (:mod:`~researchkit.codebook.tablecols`); counts and dates a program adds are set
  aside and listed, other columns are kept on each code as ``x_...``;
* every row as a code or a problem naming the row (:mod:`~researchkit.codebook.tablerows`);
* the tree (:mod:`~researchkit.codebook.tabletree`);
* ids made from names as REFI-QDA imports make them
  (:func:`researchkit.refi.codes.make_code_id`), or taken from an id column;
* the language guessed from names and definitions (:mod:`researchkit.language`), as for
  REFI-QDA codebooks.

Errors (all problems of a sheet at once): ``RK242`` no code column, ``RK243`` a row
without a code name, ``RK244`` a parent that names no code, ``RK245`` parents in a
circle, ``RK246`` the same code twice at one level (or an id used twice), ``RK247`` the
file or sheet cannot be read, ``RK248`` a bad value (level, or what the codebook refuses).
``RK250`` more than a saved codebook can hold, ``RK251`` a code name that is a formula the file
stored no value for, ``RK252`` merged cells over several rows of the code column.
Notes (``RK249``) say what was made or set aside, naming the row.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "codes.csv"
>>> _ = p.write_text("Code,Memo\\nSamenwerking,Samen optrekken\\nSamenwerking > Informatie delen,Gegevens delen met de ander\\n",
...                  encoding="utf-8")
>>> cb, report = import_codebook_table(p)
>>> [(c.id, c.name, c.parent) for c in cb]
[('Samenwerking', 'Samenwerking', None), ('Informatie_delen', 'Informatie delen', 'Samenwerking')]
>>> report.hierarchy
"path written into the names with '>'"
"""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from researchkit.codebook.book import Codebook
from researchkit.codebook.tablecols import ColumnPlan, accepted_names, find_header, header_key, plan_columns
from researchkit.codebook.qualcoderbook import is_qualcoder_codebook
from researchkit.codebook.tabledict import dictionary_sheet
from researchkit.codebook.tableread import SheetRow, SheetRows, read_sheet_rows
from researchkit.codebook.tablerows import ID_PATTERN, Entries, Entry, read_entries, row_span, visible_name
from researchkit.codebook.tablefixes import check_guessed_ids, headers_again, ids_in_name_column, levels_from_zero, levels_that_are_not, paths_that_are_not, repeated_rows
from researchkit.codebook.tabletree import Node, Tree, build_tree, walk_nodes
from researchkit.errors import CodebookError, CodebookWarning

__all__ = ["TableReport", "import_codebook_table", "read_codebook_table"]

_HINTS = {
    "RK242": "put the column names in the first row, or name the code column: columns={'name': 'YOUR HEADER'} "
             "(on the command line --column name='YOUR HEADER'); a sheet whose first row is already a code: "
             "header=False (--no-header)",
    "RK243": "give every row a code name, or delete the row",
    "RK244": "write the parent exactly as its own row names it (or give its id), or add a row for the parent; "
             "parents that are only groups are made when the column is a category column "
             "(columns={'category': 'YOUR HEADER'})",
    "RK245": "give one code of the circle another parent, or none",
    "RK246": "rename one of the codes, or delete the repeated row",
    "RK248": "correct the value in the sheet",
    "RK250": "a codebook is a few hundred codes: check that this is the codebook sheet; else delete the columns you do "
             "not need (each is kept on every code as x_...) or split the codebook",
    "RK251": "open the file in Excel or LibreOffice and save it again (that computes the formulas), or type the values",
    "RK252": "unmerge the cells of the code column (Merge & Center off) and give each row its own code",
}
#: At most this many problems are listed in one error (the count of the rest is given).
MAX_LISTED = 200


@dataclass
class TableReport:
    """What :func:`import_codebook_table` found.

    Attributes
    ----------
    path, sheet, encoding, delimiter
        The file and how it was read.
    header_row
        The row number of the header (``0`` when the sheet has none).
    codes, top_level, depth
        How many codes, how many at the top, the deepest level.
    hierarchy
        How the tree was found.
    columns_used
        ``header -> what it became``.
    columns_ignored
        ``"header (reason)"`` for the columns set aside.
    language
        The codebook's language and where it came from.
    notes
        What was made, changed or set aside, each naming its row.
    """

    path: str
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    header_row: int = 0
    codes: int = 0
    top_level: int = 0
    depth: int = 0
    hierarchy: str = ""
    columns_used: dict[str, str] = field(default_factory=dict)
    columns_ignored: list[str] = field(default_factory=list)
    language: str = ""
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        read = ", ".join(x for x in (f"sheet {self.sheet!r}" if self.sheet else "",
                                      f"encoding {self.encoding}" if self.encoding else "",
                                      f"delimiter {self.delimiter!r}" if self.delimiter else "") if x)
        lines = [f"{self.path}: {self.codes} codes, {self.top_level} at the top, {self.depth} level(s)"
                 + (f" ({read})" if read else ""),
                 f"  header: row {self.header_row}" if self.header_row else "  header: none (columns by position)",
                 f"  hierarchy: {self.hierarchy}",
                 "  columns used: " + (", ".join(f"{h} -> {r}" for h, r in self.columns_used.items()) or "none"),
                 "  columns ignored: " + (", ".join(self.columns_ignored) or "none"),
                 f"  language: {self.language}"]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


def _raise(path: Path, problems: list[tuple[str, int, str]]) -> None:
    problems = sorted(problems, key=lambda p: (p[1] or 0, p[0] != "RK252", p[0]))  # merged cells explain the repeats
    code = problems[0][0]
    mixed = len({p[0] for p in problems}) > 1
    lines = [f"[{c}] {m}" if mixed and c != code else m for c, _, m in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        rest = problems[MAX_LISTED:]
        lines.append(f"... and {len(rest):,} more problem(s) like these, up to row {max(p[1] or 0 for p in rest)}")
    raise CodebookError(code, path, lines, hint=_HINTS.get(code, "correct the sheet"))


#: The columns of a Coding Analysis Toolkit (CAT) code file: ``code|definition|keystroke`` per line, no header.
_CAT_COLUMNS = ["name", "description", "keystroke"]


def _cat_code_file(sheet: SheetRows, path: Path) -> bool:
    """A CAT code file: a ``.txt`` of ``code|definition`` lines, each with an optional short keystroke, no header.

    CAT (QDAP's Coding Analysis Toolkit) takes its code list as a plain-text file of lines
    ``No|No, no specific new information provided|1`` (the keystroke, one character, optional).

    Examples
    --------
    >>> rows = SheetRows([SheetRow(1, ["Yes", "Yes, new information", "3"]), SheetRow(2, ["No", "No new information"])],
    ...                  delimiter="|")
    >>> _cat_code_file(rows, Path("codes.txt")), _cat_code_file(rows, Path("codes.csv"))
    (True, False)
    """
    if path.suffix.lower() != ".txt" or sheet.delimiter != "|":
        return False
    rows = [[c.strip() for c in r.cells] for r in sheet.rows if any(c.strip() for c in r.cells)]
    while rows and all(len(r) > 1 and not r[-1] for r in rows):  # a trailing '|' on every line
        rows = [r[:-1] for r in rows]
    return bool(rows) and all(2 <= len(r) <= 3 and r[0] and (len(r) == 2 or len(r[2]) <= 3) for r in rows)


def _header(sheet: SheetRows, path: Path, header: bool, columns: Mapping[str, str] | None,
            report: TableReport) -> tuple[ColumnPlan, int, str | dict[str, str] | None]:
    """The column plan, the index of the first data row, and a title line (or ``key, value`` lines) above the header."""
    cells = [r.cells for r in sheet.rows]
    if not header:
        width = max((len(c) for c in cells), default=0)
        names = ["name", "description"] + [f"column {i + 1}" for i in range(2, width)]
        return plan_columns(names[:max(width, 1)], {}), 0, None
    at = find_header(cells, columns)
    if at is None and not columns and _cat_code_file(sheet, path):
        width = max((len(c) for c in cells), default=0)
        report.notes.append("read as a Coding Analysis Toolkit (CAT) code file: one code a line, "
                            "'code|definition|keystroke', no header (the keystroke kept as x_keystroke)")
        return plan_columns(_CAT_COLUMNS[:width] + [f"column {i + 1}" for i in range(3, width)], {}), 0, None
    if at is None:
        seen = next((c for c in cells if any(x.strip() for x in c)), [])
        shown = ", ".join(repr(x.strip()) for x in seen if x.strip()) or "nothing"
        missing = f"column {columns['name']!r} " if columns and "name" in columns else "a column for the code names "
        raise CodebookError("RK242", path, [f"no header row with {missing}in the first 20 rows; the first row holds {shown}; "
                                            f"names accepted for the code column: {accepted_names('name')}"],
                            hint=_HINTS["RK242"])
    above = [r for r in sheet.rows[:at] if any(visible_name(c) for c in r.cells)]
    pairs = [[visible_name(c) for c in r.cells if visible_name(c)] for r in above]
    text: str | dict[str, str] | None = None
    if len(pairs) > 1 and all(len(pair) == 2 for pair in pairs):
        text = _about(pairs, [r.number for r in above], report)
    elif above:
        text = " ".join(pairs[0])
        report.notes.append(f"{row_span([r.number for r in above])} above the header read as the title: {text[:80]!r}")
    plan = plan_columns(sheet.rows[at].cells, columns)
    found = set(plan.roles) | ({"category"} if plan.levels else set()) | ({"name"} if plan.outline else set())
    for role, wanted in (columns or {}).items():
        if role not in found:
            raise CodebookError("RK242", path, [f"no column {wanted!r} (for {role}) in the header on row {sheet.rows[at].number}; "
                                                f"the headers are {', '.join(repr(h) for h in plan.headers if h)}"],
                                hint="give a header exactly as it is written in the sheet")
    report.header_row = sheet.rows[at].number
    return plan, at + 1, text


def _about(pairs: list[list[str]], rows: list[int], report: TableReport) -> dict[str, str]:
    """``key, value`` lines above the header (``project_title,...``, ``codebook_version,2.0``): the codebook's
    title (a key with ``title``/``name``/``codebook``), version (a key with ``version``) and description (the others,
    one ``key: value`` line each)."""
    about: dict[str, str] = {}
    rest = []
    for key, value in pairs:
        words = set(header_key(key).split("_"))
        if "version" in words and "version" not in about:
            about["version"] = value
        elif words & {"title", "titel", "name", "naam", "codebook", "project"} and "title" not in about:
            about["title"] = value
        else:
            rest.append(f"{key}: {value}")
    if rest:
        about["description"] = "\n".join(rest)
    report.notes.append(f"{row_span(rows)} above the header hold 'key, value' lines: "
                        + ", ".join(f"{k} {v[:40]!r}" for k, v in about.items()) + " of the codebook")
    return about


def _id_problems(entries: Entries, header: str | None) -> list[tuple[str, int, str]]:
    rows: dict[str, list[int]] = {}
    for e in entries.entries:
        if e.given_id:
            rows.setdefault(e.given_id, []).append(e.row)
    return [("RK246", r[0], f"id {i!r} in column {header!r} is used {len(r)} times ({row_span(r)})")
            for i, r in rows.items() if len(r) > 1]


def _code_dicts(tree: Tree, notes: list[str], id_rows: dict[str, int | None]) -> list[dict]:
    """The tree in the YAML shape with ids: the id column's (made valid) or made from names; ``id_rows`` gets each id's row."""
    from researchkit.refi.codes import make_code_id

    taken = {n.entry.given_id for n in walk_nodes(tree.roots)
             if n.entry is not None and n.entry.given_id and ID_PATTERN.match(n.entry.given_id)}
    numbers: dict[str, int] = {}  # the last -n given to an id (make_code_id)
    out: list[dict] = []
    stack: list[tuple[Node, str | None, list]] = [(n, None, out) for n in reversed(tree.roots)]
    while stack:
        node, parent_id, siblings = stack.pop()
        given = node.entry.given_id if node.entry is not None else ""
        if given and ID_PATTERN.match(given):
            code_id = given
        else:
            code_id = make_code_id((given or node.name)[:100], taken, parent=None if given else parent_id, numbers=numbers)
            if given:
                notes.append(f"row {node.row}: id {given!r} is not a valid id (letters, digits, '.', '_', '-'); {code_id!r} used")
        data: dict[str, Any] = {"id": code_id, "name": node.name, **(node.entry.fields if node.entry is not None else {})}
        id_rows[code_id] = node.row if node.row is not None else node.made_by
        siblings.append(data)
        if node.children:
            data["children"] = []
            stack.extend((c, code_id, data["children"]) for c in reversed(node.children))
    return out


def _refused(problems: list[str], id_rows: dict[str, int | None]) -> list[str]:
    """What the codebook refused, each problem with the row of the code it names (``id X:``).

    Examples
    --------
    >>> _refused(["codes[0], id A: keywords[0] '*r': '*' may only end a word", "language 'xx'"], {"A": 4})
    ["row 4: the rows do not make a valid codebook: codes[0], id A: keywords[0] '*r': '*' may only end a word", "the rows do not make a valid codebook: language 'xx'"]
    """
    out = []
    for m in problems:
        hit = re.search(r"\bid ([^\s:]+):", m)
        row = id_rows.get(hit.group(1)) if hit else None
        out.append(f"{f'row {row}: ' if row else ''}the rows do not make a valid codebook: {m}")
    return out


def _merged_names(sheet: SheetRows, plan: ColumnPlan, first: int) -> list[tuple[str, int, str]]:
    """Merged cells over several rows of the code column: every row they cover would repeat one code (``RK252``)."""
    col = plan.roles.get("name")
    top = sheet.rows[first].number if first < len(sheet.rows) else None
    if col is None or top is None:
        return []
    return [("RK252", max(r1, top), f"merged cells {ref} cover rows {max(r1, top)}-{r2} of the code column "
                                    f"{plan.headers[col]!r}: each of those rows would be the same code")
            for r1, c1, r2, c2, ref in sheet.merged if c1 <= col <= c2 and r2 > r1 and r2 >= top]


def _too_deep(tree: Tree) -> list[tuple[str, int, str]]:
    """Codes deeper than a codebook may nest (``RK248``), once per branch, naming the row and the top code."""
    from researchkit.codebook.model import MAX_CODE_DEPTH

    problems = []
    stack = [(n, 1, n) for n in reversed(tree.roots)]
    while stack:
        node, level, root = stack.pop()
        if level > MAX_CODE_DEPTH:
            row = node.row if node.row is not None else node.made_by
            problems.append(("RK248", row or 0, f"row {row}: {node.name[:60]!r} is at level {level} below {root.name[:60]!r} "
                                                 f"(row {root.row or root.made_by}); a codebook nests codes at most "
                                                 f"{MAX_CODE_DEPTH} levels deep: give it a parent higher up"))
            continue  # the codes below it are deeper still: one problem per branch
        stack.extend((c, level + 1, root) for c in reversed(node.children))
    return problems


def _yaml_size(data: Any) -> tuple[int, int]:
    """YAML nodes (as :mod:`researchkit.yamlsafe` counts them) and bytes of scalars that ``data`` would be saved as."""
    nodes = size = 0
    stack = [data]
    while stack:
        value = stack.pop()
        nodes += 1
        if isinstance(value, dict):
            nodes += len(value)
            size += sum(len(str(k)) + 4 for k in value)
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        else:
            size += len(str(value).encode("utf-8")) + 4
    return nodes, size


def _check_yaml_size(data: dict, path: Path, entries: Entries) -> None:
    """``RK250`` when :meth:`Codebook.save` would write a file :meth:`Codebook.load` refuses (too many nodes or bytes)."""
    from researchkit.yamlsafe import MAX_BYTES, MAX_NODES

    nodes, size = _yaml_size(data)
    if nodes <= MAX_NODES and size <= MAX_BYTES:
        return
    rows = [e.row for e in entries.entries]
    raise CodebookError("RK250", path, [f"{len(rows):,} codes (rows {min(rows)}-{max(rows)}) with their columns make "
                                        f"{nodes:,} YAML values and at least {size / 2**20:.1f} MiB: more than a codebook "
                                        f"saved with Codebook.save can be read back ({MAX_NODES:,} values, "
                                        f"{MAX_BYTES // 2**20} MiB)"], hint=_HINTS["RK250"])


def _language(entries: Entries, language: str | None, report: TableReport) -> str:
    """The given language, else the one the names and definitions are written in (``nl`` when none stands out)."""
    from researchkit.language import guess_language

    if language:
        report.language = f"'{language}' (given)"
        return language
    keys = ("description", "include", "exclude")
    texts = [e.name for e in entries.entries] + [str(e.fields[k]) for e in entries.entries for k in keys if k in e.fields]
    guess = guess_language(texts)
    if guess.language is None:
        report.language = f"'nl' kept: the names and definitions are {guess.describe()}; pass language= if it is another"
        return "nl"
    report.language = f"{guess.describe()}, from the names and definitions"
    return guess.language


def _columns(plan: ColumnPlan) -> dict[str, Any]:
    cols: dict[str, Any] = {role: plan.headers[i] for role, i in plan.roles.items() if role in ("parent", "level", "id")}
    if plan.levels:
        cols["levels"] = [plan.headers[i] for i in plan.levels]
        cols["outline"] = plan.outline
    return cols


def _group_cells(rows: Sequence[SheetRow], col: int, code_cols: Sequence[int]) -> list[str]:
    """The cells of column ``col`` on the rows that hold a code (a cell in ``code_cols``)."""
    def cell(r: SheetRow, i: int) -> str:
        return r.cells[i].strip() if i < len(r.cells) else ""
    return [cell(r, col) for r in rows if any(visible_name(cell(r, i)) for i in code_cols)]


def _merged_look(values: Sequence[str]) -> bool:
    """A column written as merged group cells saved as CSV: filled on the first code row, blank on some below.

    Examples
    --------
    >>> _merged_look(["Trust", "", "Risk", ""]), _merged_look(["", "Trust", ""]), _merged_look(["A", "B"])
    (True, False, False)
    """
    return len(values) > 1 and bool(values[0]) and "" in values


def _grouping(plan: ColumnPlan, rows: Sequence[SheetRow], report: TableReport) -> None:
    """Group columns written like merged cells: blank cells repeat the group above.

    A category column (``Theme``, ``Section`` ...) left of the code column that is blank below
    each group's first row repeats that group (``plan.repeat``). A first column with a header
    the reader does not know (``Type``), standing directly left of the code or level columns and
    filled the same way, is read as the top level of the tree. Both are noted.
    """
    name = plan.roles.get("name")
    tree_cols = list(plan.levels) if plan.outline else [*plan.levels, *([name] if name is not None else [])]
    if not tree_cols:
        return
    lead, extras = min(tree_cols) - 1, dict(plan.extras)
    if (lead in extras and not any(plan.headers[i].strip() for i in range(lead))
            and _merged_look(_group_cells(rows, lead, tree_cols))):
        plan.extras.remove((lead, extras[lead]))
        plan.levels = sorted([*plan.levels, lead])
        report.notes.append(f"column {plan.headers[lead]!r}, left of the codes and filled only where a group starts, "
                            "read as the top level of the tree")
    if (not plan.outline and plan.levels and name is not None and max(plan.levels) < name
            and _merged_look(_group_cells(rows, plan.levels[0], [name]))):
        plan.repeat = True


def _level_above(plan: ColumnPlan, rows: Sequence[SheetRow], tree: Tree, report: TableReport) -> None:
    """Give the category codes of a wide two-level layout their id and description (``plan.parent_fields``).

    The values repeat on every row of the category (or stand on its first row only); a row whose
    value differs from the one taken is named in a note with its value, so nothing is lost unseen.
    """
    if not plan.parent_fields or len(plan.levels) != 1:
        return
    label_col = plan.levels[0]
    found: dict[str, dict[str, tuple[str, int]]] = {}
    label = ""
    for row in rows:
        cells = row.cells
        label = (cells[label_col].strip() if label_col < len(cells) else "") or (label if plan.repeat else "")
        if not label:
            continue
        values = found.setdefault(label.casefold(), {})
        for role, col in plan.parent_fields.items():
            value = cells[col].strip() if col < len(cells) else ""
            if not value:
                continue
            if role not in values:
                values[role] = (value, row.number)
            elif values[role][0] != value:
                report.notes.append(f"row {row.number}: {plan.headers[col]!r} of {label!r} is {value[:60]!r}, "
                                    f"not {values[role][0][:60]!r} as on row {values[role][1]}; the first is kept")
    for node in tree.roots:
        values = found.get(node.name.casefold())
        if not values:
            continue
        if node.entry is None:
            node.entry = Entry(node.made_by or 0, node.name)
        given = values.get("id", ("", 0))[0]
        if given and not node.entry.given_id:
            node.entry.given_id = given
        if "description" in values:
            node.entry.fields.setdefault("description", values["description"][0])


def _set_aside_empty(plan: ColumnPlan, entries: Entries) -> None:
    """Extra columns that hold nothing are listed as ignored, not as used."""
    filled = {key for e in entries.entries for key in e.fields}
    for i, key in list(plan.extras):
        if key not in filled:
            plan.extras.remove((i, key))
            plan.ignored.append((i, plan.headers[i], "empty"))
    plan.ignored.sort()


def import_codebook_table(
    path: str | os.PathLike,
    *,
    sheet: str | int | None = None,
    columns: Mapping[str, str] | None = None,
    header: bool = True,
    encoding: str | None = None,
    language: str | None = None,
    title: str | None = None,
) -> tuple[Codebook, TableReport]:
    """Read a codebook sheet; return the :class:`Codebook` and a :class:`TableReport`.

    Parameters
    ----------
    path
        ``.csv``, ``.tsv``, ``.txt``, ``.xlsx``, ``.xlsm``, or ``.md`` (pipe tables or a nested
        list, :mod:`~researchkit.codebook.tablemd`; row numbers are line numbers); QualCoder's
        codebook export ``.odt`` (or its older ``.txt``).
    sheet
        Worksheet name or position (XLSX; default the first).
    columns
        ``role -> header`` for columns the reader does not recognise (roles: ``name``,
        ``id``, ``description``, ``include``, ``exclude``, ``examples``, ``keywords``,
        ``exclude_keywords``, ``parent``, ``category``, ``level``, ``path``, ``color``,
        ``name_en``, ``description_en``), e.g. ``{"name": "Competency"}``.
    header
        ``False`` for a sheet without a header row: the first column is the code name,
        the second its description.
    encoding
        Force the text encoding of a CSV.
    language
        The codebook's language (default: guessed from the names and definitions).
    title
        The codebook's title (default: a title line above the header, if any).

    Raises
    ------
    CodebookError
        ``RK242``-``RK248`` (see the module docstring), with every problem of the sheet.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "tags.csv"
    >>> _ = p.write_text("tag,description,number of highlights\\nharbour,Talk about the harbour,3\\n")
    >>> cb, report = import_codebook_table(p, language="en")
    >>> cb["harbour"].description, report.columns_ignored
    ('Talk about the harbour', ['number of highlights (a count the QDA program adds)'])
    """
    p = Path(path)
    if p.suffix.lower() == ".odt" or (p.suffix.lower() == ".txt" and is_qualcoder_codebook(p)):
        from researchkit.codebook.qualcoderbook import read_qualcoder_codebook

        return read_qualcoder_codebook(p, language=language, title=title)  # QualCoder's codebook export
    markdown = p.suffix.lower() in (".md", ".markdown")
    sheet_rows = read_sheet_rows(p, sheet=sheet, encoding=encoding,
                                 header=(lambda cells: find_header([cells], columns) == 0) if markdown else None)
    if header and not columns and not markdown:
        sheet_rows = dictionary_sheet(sheet_rows) or sheet_rows  # a MAXQDA dictionary: one row per search item
    report = TableReport(str(p), sheet_rows.sheet, sheet_rows.encoding, sheet_rows.delimiter, notes=list(sheet_rows.notes))
    plan, first, title_line = _header(sheet_rows, p, header, columns, report)
    if "name" not in plan.roles and not plan.outline:
        raise CodebookError("RK242", p, [f"no column for the code names among {', '.join(repr(h) for h in plan.headers if h)}; "
                                         f"names accepted: {accepted_names('name')}"], hint=_HINTS["RK242"])
    data = headers_again(sheet_rows.rows[first:], plan, report)
    _grouping(plan, data, report)
    entries = read_entries(data, plan)
    check_guessed_ids(plan, entries, report)
    paths_that_are_not(plan, entries, report)
    levels_that_are_not(plan, entries, report)
    levels_from_zero(plan, entries, report)
    repeated_rows(plan, entries, report)
    ids_in_name_column(plan, entries, report)
    _set_aside_empty(plan, entries)
    tree = build_tree(entries.entries, _columns(plan))
    _level_above(plan, data, tree, report)
    problems = entries.problems + _merged_names(sheet_rows, plan, first) + _too_deep(tree)
    problems += _id_problems(entries, plan.headers[plan.roles["id"]] if "id" in plan.roles else None) + tree.problems
    if not entries.entries and not problems:
        problems.append(("RK243", report.header_row, f"no codes below the header on row {report.header_row}"))
    if problems:
        _raise(p, problems)
    report.notes += entries.notes + tree.notes
    id_rows: dict[str, int | None] = {}
    codes = _code_dicts(tree, report.notes, id_rows)
    about = title_line if isinstance(title_line, dict) else {"title": title_line} if title_line else {}
    title = title if title is not None else about.get("title")
    data: dict[str, Any] = {"language": _language(entries, language, report), "codes": codes}
    if title:
        data["codebook"] = title
    for key in ("version", "description"):
        if key in about:
            data[key] = about[key]
    _check_yaml_size(data, p, entries)
    try:
        book = Codebook.from_dict(data)
    except CodebookError as exc:
        raise CodebookError("RK248", p, _refused(exc.problems, id_rows),
                            hint="correct the values named (keywords, colours, language)") from None
    report.codes, report.top_level, report.depth = len(book), len(book.codes), book.depth
    report.hierarchy = tree.how
    report.columns_used = plan.used()
    report.columns_ignored = [f"{h or f'(column {i + 1})'} ({why})" for i, h, why in plan.ignored]
    return book, report


def read_codebook_table(path: str | os.PathLike, **options: Any) -> Codebook:
    """Read a codebook sheet as a :class:`Codebook`; each note, and the columns set aside, become a ``CodebookWarning`` (RK249).

    The options (keyword-only: ``sheet``, ``columns``, ``header``, ``encoding``, ``language``,
    ``title``) are those of :func:`import_codebook_table`; use that function for the report.

    Examples
    --------
    >>> import tempfile, pathlib, warnings
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "nvivo.csv"
    >>> _ = p.write_text("Name,Description,Files,References\\nNodes\\\\Harbour,The port,2,5\\n"
    ...                  "Nodes\\\\Harbour\\\\Night,At night,1,1\\n", encoding="utf-8")
    >>> with warnings.catch_warnings(record=True):
    ...     cb = read_codebook_table(p, language="en")
    >>> cb["Night"].parent, cb["Night"].path
    ('Harbour', 'Harbour/Night')
    """
    book, report = import_codebook_table(path, **options)
    notes = report.notes + ([f"columns set aside: {', '.join(report.columns_ignored)}"] if report.columns_ignored else [])
    for note in notes:
        warnings.warn(f"[RK249] {report.path}: {note}", CodebookWarning, stacklevel=2)
    return book

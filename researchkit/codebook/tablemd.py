"""Codebooks kept as Markdown (``.md``): pipe tables, tables under headings, nested bullet lists, read as sheet rows.

Researchers keep codebooks in a ``codebook.md``: one pipe table (``| Code | Definition |
Example |``), several tables each under a heading (``## Theme A``), or a nested bullet list
(``- Theme`` / ``  - Subcode: definition``) below headings. This module turns the file into
the rows a CSV gives (:class:`~researchkit.codebook.tableread.SheetRows`), so that the column
recognition and tree building of :mod:`researchkit.codebook.table` read it:

* **tables** (GitHub pipe tables: a header line, an alignment line ``|---|:---:|``, rows):
  ``\\|`` is a pipe inside a cell, ``<br>`` a new line; inline code, bold, italics and links
  are reduced to their text. A row with more or fewer cells than the header is ``RK247``
  naming its line. Tables whose header has no code column (``| Value | Meaning |``) are set
  aside with a note. The headings above the tables become their parents (a ``Level``
  column), unless the table has its own parent, category, level or path column; a heading
  above every table is the codebook's title.
* **lists** (when the file has no codebook table): each item is a code, its indentation its
  level, below the headings above it; ``Name: definition``, ``**Name** — definition`` and
  ``**Name**: definition`` give the name and the definition.
* a paragraph (or block quote) right below a heading that becomes a code is its definition.
* **a heading per code** (when a heading has labelled parts, or when at least two headings with a
  definition paragraph outnumber the list items): ``**Definition:**``, ``**Inclusion criteria:**``,
  ``- **Exclude**: ...``, ``Example: ...`` (:mod:`researchkit.codebook.tablemdfields`) below a
  heading give that code's columns, the heading level its level; bullets under ``**Categories:**``
  are its sub-codes.

Row numbers are the line numbers of the file. Fenced code blocks are skipped. Parsing is
one pass over the lines and one over each cell (linear time); the file size limit is the
sheet reader's.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "codebook.md"
>>> _ = p.write_text("# Codebook\\n## Trust\\n| Code | Definition |\\n|---|---|\\n| `in_staff` | **Trust** in staff |\\n"
...                  "## Risk\\n| Code | Definition |\\n| - | - |\\n| harm | Risk of harm |\\n", encoding="utf-8")
>>> [(r.number, r.cells) for r in read_markdown_rows(p, p.read_bytes()).rows]  # doctest: +NORMALIZE_WHITESPACE
[(1, ['Codebook']), (3, ['Level', 'Code', 'Definition']), (2, ['1', 'Trust', '']), (5, ['2', 'in_staff', 'Trust in staff']),
 (6, ['1', 'Risk', '']), (9, ['2', 'harm', 'Risk of harm'])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from researchkit.codebook.tablecols import header_key
from researchkit.codebook.tablemdfields import bold_line_label, field_label, field_role, is_aside
from researchkit.codebook.tablemdinline import _has_pipe, _is_delimiter_row, clean_inline, split_row
from researchkit.codebook.tableread import SheetRow, SheetRows, _decode
from researchkit.errors import CodebookError

__all__ = ["MARKDOWN_SUFFIXES", "clean_inline", "split_row", "read_markdown_rows"]

MARKDOWN_SUFFIXES = (".md", ".markdown")
#: At most this many ragged rows are listed in one error.
_MAX_LISTED = 50
#: Most lines read from a Markdown codebook (a codebook has hundreds; reading costs about 10 µs a line).
MAX_MD_LINES = 200_000
#: The characters any inline markup needs (code spans, escapes, links, emphasis, ``<br>``).
#: Separators between a list item's name and its definition, tried in this order after ``: ``.
_DASHES = (" — ", " – ", " -- ", " - ")
_SHORT_NAME = 80
#: Labels above a list of the codes under a heading (``**Categories:**``): the bullets below are codes, not a part.
_CHILD_LABELS = frozenset({"categories", "subcategories", "sub_categories", "codes", "subcodes", "sub_codes", "child_codes",
                           "subthemes", "sub_themes", "themes", "kategorien", "unterkategorien", "codes_in_this_theme"})
#: The deepest level written in the ``Level`` column (the tree reads levels 1-99; a codebook nests 30).
_MAX_LEVEL = 99


@dataclass
class _Field:
    """A labelled part of a code (``**Inclusion criteria:**`` and the lines or bullets below it)."""

    label: str
    role: str | None
    parts: list[str] = field(default_factory=list)
    #: whether the bullets below belong to it (a label alone on its line, or a labelled bullet's sub-bullets)
    takes_items: bool = True
    #: whether bullets were read into it (then a blank line between bullets does not end it)
    items_seen: bool = False


@dataclass
class _Heading:
    level: int
    text: str
    line: int
    description: list[str] = field(default_factory=list)
    parents: tuple["_Heading", ...] = ()
    fields: list[_Field] = field(default_factory=list)
    field_index: dict[str, _Field] = field(default_factory=dict, repr=False)
    raw: str = ""
    asides: list[str] = field(default_factory=list)


@dataclass
class _Table:
    header: list[str]
    line: int
    rows: list[tuple[int, list[str]]]
    headings: tuple[_Heading, ...]


@dataclass
class _Item:
    depth: int
    name: str
    definition: str
    line: int
    headings: tuple[_Heading, ...]
    indent: int = 0
    fields: list[_Field] = field(default_factory=list)
    field_index: dict[str, _Field] = field(default_factory=dict, repr=False)
    asides: list[str] = field(default_factory=list)
    more: list[str] = field(default_factory=list)  # the lines continuing the item, joined by _scan at the end


def _heading(line: str) -> tuple[int, str] | None:
    s = line.lstrip(" ")
    if len(line) - len(s) > 3 or not s.startswith("#"):
        return None
    level = len(s) - len(s.lstrip("#"))
    rest = s[level:]
    if level > 6 or (rest and not rest[0].isspace()):
        return None
    rest = rest.strip()
    stripped = rest.rstrip("#")
    if stripped != rest and (not stripped or stripped[-1].isspace()):
        rest = stripped.strip()
    return level, rest


def _list_item(line: str) -> tuple[int, str] | None:
    """``(indent, text)`` of a bullet (``-``, ``*``, ``+``) or numbered (``1.``, ``1)``) list item."""
    expanded = line.expandtabs(4)
    s = expanded.lstrip(" ")
    indent = len(expanded) - len(s)
    if s[:1] in ("-", "*", "+") and (len(s) == 1 or s[1] == " "):
        text = s[1:].strip()
        if s[:1] in "-*" and set(s.replace(" ", "")) == {s[0]} and len(s.replace(" ", "")) >= 3:
            return None  # a thematic break (--- or ***)
        return indent, text
    digits = len(s) - len(s.lstrip("0123456789"))
    if 0 < digits <= 9 and s[digits:digits + 1] in (".", ")") and (len(s) == digits + 1 or s[digits + 1] == " "):
        return indent, s[digits + 1:].strip()
    return None


def _outline_number(name: str) -> tuple[str, bool]:
    """A heading's name without an outline number in front (``1.1 Verbal`` -> ``Verbal``).

    Examples
    --------
    >>> _outline_number("1.1 Verbal/Behavioral"), _outline_number("2026 plans"), _outline_number("Theme A")
    (('Verbal/Behavioral', True), ('2026 plans', False), ('Theme A', False))
    """
    first, _, rest = name.partition(" ")
    core = first.rstrip(".")
    if rest.strip() and core and all(p.isdigit() and len(p) <= 3 for p in core.split(".")) and (first.endswith(".") or "." in core):
        return rest.strip(), True
    return name, False


def _name_and_definition(text: str) -> tuple[str, str]:
    """A list item's name and definition: ``**Name** — def``, ``**Name**: def``, ``**Name:** def``, ``Name: def``, ``Name — def``.

    Examples
    --------
    >>> _name_and_definition("**slavishly-doing-will**: VP doing the will of his master")
    ('slavishly-doing-will', 'VP doing the will of his master')
    >>> _name_and_definition("**Trust:** in staff"), _name_and_definition("Theme"), _name_and_definition("Risk — of harm")
    (('Trust', 'in staff'), ('Theme', ''), ('Risk', 'of harm'))
    """
    s = text.strip()
    for mark in ("**", "__", "`"):
        if s.startswith(mark):
            end = s.find(mark, len(mark))
            if end > len(mark):
                name, rest = s[len(mark):end], s[end + len(mark):]
                rest = rest.lstrip()
                for sep in (":", "—", "–", "--", "-"):
                    if rest.startswith(sep):
                        rest = rest[len(sep):]
                        break
                return clean_inline(name).rstrip(":").strip(), clean_inline(rest)
    cleaned = clean_inline(s)
    at = cleaned.find(": ")
    if 0 < at <= _SHORT_NAME:
        return cleaned[:at].strip(), cleaned[at + 2:].strip()
    for sep in _DASHES:
        at = cleaned.find(sep)
        if 0 < at <= _SHORT_NAME:
            return cleaned[:at].strip(), cleaned[at + len(sep):].strip()
    return cleaned, ""


def _open_field(owner: _Heading | _Item, label: str, rest: str, takes_items: bool) -> _Field:
    """A new labelled part of ``owner``; a label already used on it (``Example:`` twice) continues that part."""
    key = header_key(label)
    f = owner.field_index.get(key)
    if f is not None:
        f.takes_items = takes_items
        if rest:
            f.parts.append(clean_inline(rest))
        return f
    f = _Field(label, field_role(label), [clean_inline(rest)] if rest else [], takes_items)
    owner.fields.append(f)
    owner.field_index[key] = f
    return f


def _scan(lines: list[str]) -> tuple[list[_Heading], list[_Table], list[_Item], list[tuple[str, int, str]], list[int]]:
    """One pass over the lines: headings, tables, list items (with their headings), ragged table rows, prose lines.

    Labelled lines (``**Definition:** ...``, ``- **Include**: ...``, ``> **Definition:** ...``) below a
    heading or a list item become its fields (:mod:`researchkit.codebook.tablemdfields`), with the lines
    and bullets that follow them.
    """
    headings: list[_Heading] = []
    stack: list[_Heading] = []
    tables: list[_Table] = []
    items: list[_Item] = []
    problems: list[tuple[str, int, str]] = []
    prose: list[int] = []
    indents: list[int] = []
    fence = ""
    blank = False
    describing: _Heading | None = None
    last_item: _Item | None = None
    part: _Field | None = None  # the labelled part being read
    part_indent = -1  # the indent of its labelled bullet (-1: a label on its own line)
    codes_below = False  # after **Categories:** the bullets are codes, whatever their labels
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        s = line.strip()
        if fence:
            if s.startswith(fence):
                fence = ""
            i += 1
            continue
        if s.startswith("```") or s.startswith("~~~"):
            fence, describing, last_item, indents, part = s[:3], None, None, [], None
            i += 1
            continue
        quoted = s.lstrip(">").strip() if s.startswith(">") else s
        if s and not quoted:  # an empty quote line: ends a labelled part's paragraph, not a heading's definition
            blank = blank or part is not None
            i += 1
            continue
        if not s:
            if describing is not None and describing.description:
                describing = None
            blank = True
            i += 1
            continue
        if len(s) >= 3 and s[0] in "-*_" and not s.replace(" ", "").strip(s[0]):  # a thematic break (---)
            describing, last_item, blank, part = None, None, False, None
            i += 1
            continue
        head = _heading(line)
        if head is not None:
            level, text = head
            while stack and stack[-1].level >= level:
                stack.pop()
            h = _Heading(level, clean_inline(text), i + 1, parents=tuple(stack), raw=text)
            headings.append(h)
            stack.append(h)
            describing, last_item, indents, blank, part, codes_below = h, None, [], False, None, False
            i += 1
            continue
        delim = _is_delimiter_row(lines[i + 1]) if i + 1 < n and _has_pipe(line) else None
        if delim is not None and len(split_row(line)) == len(delim):
            header = [clean_inline(c) for c in split_row(line)]
            table = _Table(header, i + 1, [], tuple(stack))
            i += 2
            while i < n and lines[i].strip() and _has_pipe(lines[i]) and _heading(lines[i]) is None:
                cells = split_row(lines[i])
                if len(cells) != len(header):
                    problems.append(("RK247", i + 1, f"line {i + 1}: a table row with {len(cells)} cell(s) where the header "
                                                     f"on line {table.line} has {len(header)} ({lines[i].strip()[:60]!r})"))
                else:
                    table.rows.append((i + 1, [clean_inline(c) for c in cells]))
                i += 1
            tables.append(table)
            describing, last_item, indents, part = None, None, [], None
            continue
        item = _list_item(line)
        if item is not None:
            indent, text = item
            label = field_label(text)
            if part is not None and part.takes_items and indent > part_indent and (not blank or not part.parts
                                                                                   or part.items_seen) \
                    and not (label is not None and field_role(label[0]) and indent <= max(part_indent, 0)):
                part.parts.append(clean_inline(text))  # a bullet of a labelled part (its criteria, its examples)
                part.items_seen, blank = True, False
                i += 1
                continue
            owner: _Heading | _Item | None = last_item if last_item is not None and indent > last_item.indent else (
                stack[-1] if stack else None)
            if owner is not None and label is not None and (
                    field_role(label[0]) or (owner.fields and not (codes_below and owner is (stack[-1] if stack else None)))):
                part, part_indent = _open_field(owner, label[0], label[1], True), indent
                describing, blank = None, False
                i += 1
                continue
            if owner is not None and is_aside(text):
                owner.asides.append(clean_inline(text))
                blank = False
                i += 1
                continue
            part = None
            while indents and indent < indents[-1]:
                indents.pop()
            if not indents or indent > indents[-1]:
                indents.append(indent)
            name, definition = _name_and_definition(text)
            last_item = _Item(len(indents), name, definition, i + 1, tuple(stack), indent)
            items.append(last_item)
            describing, blank = None, False
            i += 1
            continue
        indented = line[:1] in (" ", "\t")
        owner = last_item if last_item is not None and indented else (stack[-1] if stack else None)
        label = field_label(quoted)
        if label is not None and not label[1] and header_key(label[0]) in _CHILD_LABELS:  # **Categories:** above codes
            part, describing, blank, codes_below = None, None, False, True
            i += 1
            continue
        if label is None and (bold := bold_line_label(quoted)) is not None:
            label = (bold, "", True)  # **Definition** alone on its line, the text below it
        if label is None and owner is not None and owner.fields and quoted.endswith(":") and not quoted.startswith("|"):
            label = (clean_inline(quoted[:-1]), "", True)  # "Working notes (from the meeting):" above bullets
        if owner is not None and label is not None and (field_role(label[0]) or (label[2] and owner.fields)):
            part, part_indent, codes_below = _open_field(owner, label[0], label[1], True), -1, False
            describing, blank = None, False
            if owner is not last_item:
                last_item, indents = None, []
            i += 1
            continue
        if part is not None and (not blank or not part.parts):  # the label's paragraph goes on
            more = clean_inline(quoted)
            if part.parts and not blank:
                part.parts[-1] = f"{part.parts[-1]} {more}"
            else:
                part.parts.append(more)
            part.takes_items = False
            blank = False
            i += 1
            continue
        part = None
        if last_item is not None and (not blank or indented):  # a line continuing the item above
            more = clean_inline(s)
            if more:  # joined once at the end: re-copying the definition per line was quadratic
                last_item.more.append(more)
        elif describing is not None:
            text = quoted
            if text:
                describing.description.append(clean_inline(text))
        else:
            prose.append(i + 1)
        last_item = last_item if not blank or indented else None
        blank = False
        i += 1
    for it in items:
        if it.more:
            it.definition = " ".join([it.definition, *it.more]).strip()
            it.more = []
    return headings, tables, items, problems, prose


def _common(stacks: Sequence[tuple[_Heading, ...]]) -> int:
    """How many headings every stack starts with."""
    if not stacks:
        return 0
    first = stacks[0]
    k = 0
    while k < len(first) and all(len(st) > k and st[k] is first[k] for st in stacks):
        k += 1
    return k


def _heading_name(h: _Heading, notes: list[str]) -> str:
    name, numbered = _outline_number(h.text)
    if numbered:
        notes.append(f"line {h.line}: the outline number in front of heading {h.text[:60]!r} left out")
    return name


def _set_aside_headings(headings: list[_Heading], used: set[int], title: _Heading | None, notes: list[str]) -> None:
    rest = [h for h in headings if id(h) not in used and h is not title]
    if rest:
        shown = ", ".join(f"{h.text[:40]!r} (line {h.line})" for h in rest[:8])
        notes.append(f"heading(s) that are no code and head no codes set aside: {shown}"
                     + (f" and {len(rest) - 8} more" if len(rest) > 8 else ""))


def _table_rows(tables: list[_Table], headings: list[_Heading], is_header: Callable[[list[str]], bool],
                notes: list[str]) -> list[SheetRow]:
    from researchkit.codebook.tablecols import header_key, plan_columns

    kept = [t for t in tables if is_header(t.header)]
    for t in tables:
        if t not in kept and kept:
            notes.append(f"line {t.line}: table with columns {', '.join(repr(h) for h in t.header)} set aside "
                         "(no column for the code names)")
    if not kept:
        kept = tables[:1]
    if len(kept) > 1:
        notes.append(f"{len(kept)} tables read (lines {', '.join(str(t.line) for t in kept)}); their columns taken together")
    keys: list[str] = []
    union: list[str] = []
    for t in kept:
        for h in t.header:
            key = header_key(h) or f"({h})"
            if key not in keys:
                keys.append(key)
                union.append(h)
    plan = plan_columns(union)
    own_tree = bool(plan.levels) or any(r in plan.roles for r in ("parent", "level", "category"))
    if "path" in plan.roles:  # ``Full Name`` beside ``Code`` is a path only when its values are paths
        col = keys[plan.roles["path"]]
        values = [v for t in kept for _, cells in t.rows for h, v in zip(t.header, cells) if (header_key(h) or f"({h})") == col]
        own_tree = own_tree or any(sep in v for v in values for sep in ("\\", "::", ">", "/"))
    common = _common([t.headings for t in kept])
    title = kept[0].headings[0] if common else None
    used: set[int] = set()
    use_headings = not own_tree and any(len(t.headings) > common for t in kept)
    if own_tree and any(len(t.headings) > common for t in kept):
        notes.append("the headings above the tables are not read as parents: the table has its own column for the tree")
    rows: list[SheetRow] = [SheetRow(title.line, [title.text])] if title is not None else []
    lead = ["Level"] if use_headings else []
    rows.append(SheetRow(kept[0].line, lead + union))
    name_col = plan.roles.get("name")
    desc_col = plan.roles.get("description")
    for t in kept:
        where = [keys.index(header_key(h) or f"({h})") for h in t.header]
        below = t.headings[common:] if use_headings else ()
        for depth, h in enumerate(below, start=1):
            if id(h) in used:
                continue
            used.add(id(h))
            cells = [""] * len(union)
            cells[name_col if name_col is not None else 0] = _heading_name(h, notes)
            if desc_col is not None:
                cells[desc_col] = " ".join(h.description)
            rows.append(SheetRow(h.line, [str(depth)] + cells))
        for number, values in t.rows:
            cells = [""] * len(union)
            for col, value in zip(where, values):
                cells[col] = value
            rows.append(SheetRow(number, ([str(len(below) + 1)] if use_headings else []) + cells))
    _set_aside_headings(headings, used, title, notes)
    return rows


def read_markdown_rows(path: str | Path, data: bytes, *, encoding: str | None = None,
                       is_header: Callable[[list[str]], bool] | None = None) -> SheetRows:
    """The rows of a Markdown codebook as a sheet gives them (see the module docstring).

    Parameters
    ----------
    path
        The file (for messages).
    data
        Its bytes (the size was checked by :func:`~researchkit.codebook.tableread.read_sheet_rows`).
    encoding
        Force a text encoding (default: detected).
    is_header
        Tells a codebook table by its header cells (default: a column for the code names
        as :func:`~researchkit.codebook.tablecols.find_header` sees it).

    Raises
    ------
    CodebookError
        ``RK247``: the file holds no table or list, or table rows with more or fewer cells
        than their header (each line named), or more than :data:`MAX_MD_LINES` lines.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "codes.md"
    >>> _ = p.write_text("- Trust\\n  - **Staff**: trust in staff\\n", encoding="utf-8")
    >>> [r.cells for r in read_markdown_rows(p, p.read_bytes()).rows]
    [['Level', 'Code', 'Definition'], ['1', 'Trust', ''], ['2', 'Staff', 'trust in staff']]
    """
    from researchkit.codebook.tablecols import find_header
    from researchkit.codebook.tablemdoutline import _outline_codes, _outline_rows

    p = Path(path)
    text, used = _decode(p, data, encoding)
    lines = [line.rstrip("\r") for line in text.lstrip("\ufeff").split("\n")]
    if len(lines) > MAX_MD_LINES:
        raise CodebookError("RK247", p, [f"has {len(lines):,} lines, more than the {MAX_MD_LINES:,} read from a Markdown "
                                         "codebook"],
                            hint="check that this is the codebook; keep the code tables and lists in a file of their own")
    headings, tables, items, problems, prose = _scan(lines)
    if problems:
        listed = [m for _, _, m in problems[:_MAX_LISTED]]
        if len(problems) > _MAX_LISTED:
            listed.append(f"... and {len(problems) - _MAX_LISTED} more rows like these")
        raise CodebookError("RK247", p, listed, hint="give every row as many cells as the header (an empty cell is '| |'); "
                                                     "write a pipe inside a cell as \\|")
    notes: list[str] = []
    check = is_header or (lambda cells: find_header([cells]) == 0)
    codebook_tables = any(check(t.header) for t in tables)
    codes, kept_items, how = _outline_codes(headings, items)
    if codebook_tables or (tables and not kept_items and not codes):
        if items:
            notes.append(f"{len(items)} list item(s) outside the tables set aside (the tables hold the codes)")
        rows = _table_rows(tables, headings, check, notes)
    elif kept_items or codes:
        if tables:
            notes.append(f"{len(tables)} table(s) without a code column set aside (lines "
                         f"{', '.join(str(t.line) for t in tables)}); the {'list' if not codes else 'headings'} hold the codes")
        if len(kept_items) < len(items):
            left = [it for it in items if it not in kept_items]
            shown = ", ".join(str(it.line) for it in left[:10])
            notes.append(f"{len(left)} list item(s) under headings that are no codes set aside (line"
                         f"{'s' if len(left) > 1 else ''} {shown}{' ...' if len(left) > 10 else ''})")
        rows = _outline_rows(kept_items, codes, headings, notes, how)
    else:
        raise CodebookError("RK247", p, ["holds no Markdown table (a header line, then |---|---|), no bullet list and no "
                                         "headings with a definition below them"],
                            hint="write the codebook as a pipe table (| Code | Definition |), a nested list (- Theme / "
                                 "  - Code: definition) or a heading per code (## Code, then **Definition:** ...)")
    if prose:
        shown = ", ".join(str(n) for n in prose[:10])
        notes.append(f"{len(prose)} line(s) of text outside the tables, lists and heading definitions set aside "
                     f"(line{'s' if len(prose) > 1 else ''} {shown}{' ...' if len(prose) > 10 else ''})")
    return SheetRows(rows, encoding=used, notes=notes)

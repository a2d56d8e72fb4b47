"""Headings and list items as the codes of a Markdown codebook: which are codes, and their rows.

:mod:`researchkit.codebook.tablemd` scans the file; this module decides, for a file without a codebook
table, whether the codes are the list items below the headings (a nested list), headings with
labelled parts below them (``**Definition:**``, ``- **Include**: ...``), or headings with a definition
paragraph, and writes their rows: ``Level, Code, Definition`` and a column per labelled part, as a
sheet's header would name it (:mod:`researchkit.codebook.tablemdfields`). Headings written
``A1 `builds_rapport` — label`` give an id and a name, ``Code 1: name`` a name; the number is kept.

Examples
--------
>>> from researchkit.codebook.tablemd import _scan
>>> headings, _, items, _, _ = _scan(["# Book", "## Trust", "**Definition:** trust in staff", "## Risk",
...                                   "**Definition:** risk of harm", "**Example:** a quote"])
>>> codes, kept, how = _outline_codes(headings, items)
>>> [h.text for h in codes], how is _FIELDED
(['Trust', 'Risk'], True)
>>> [r.cells for r in _outline_rows(kept, codes, headings, [], how)]  # doctest: +NORMALIZE_WHITESPACE
[['Book'], ['Level', 'Code', 'Definition', 'Example'], ['1', 'Trust', 'trust in staff', ''],
 ['1', 'Risk', 'risk of harm', 'a quote']]
"""

from __future__ import annotations

from functools import lru_cache

from researchkit.codebook.tablecols import header_key
from researchkit.codebook.tablemd import (_MAX_LEVEL, _Field, _Heading, _Item, _common, _heading_name,
                                          _set_aside_headings, clean_inline)
from researchkit.codebook.tableread import SheetRow

__all__: list[str] = []

#: At most this many labels no field names get a column of their own; the others go under ``Remarks``.
_MAX_OWN_COLUMNS = 40


def _slug_heading(raw: str) -> tuple[str, str, str] | None:
    """``(number, id, name)`` of a heading written ``A1 `builds_rapport` — Builds rapport`` (an id in backticks, a
    dash or colon, the name), else ``None``. One pass over the heading.

    Examples
    --------
    >>> _slug_heading("A1 `builds_rapport` — Builds rapport and trust"), _slug_heading("`trust`: Trust in staff")
    (('A1', 'builds_rapport', 'Builds rapport and trust'), ('', 'trust', 'Trust in staff'))
    >>> _slug_heading("Using `git` — a tool"), _slug_heading("Trust — in staff")
    (None, None)
    """
    start = raw.find("`")
    end = raw.find("`", start + 1) if start >= 0 else -1
    if end < 0:
        return None
    number, slug, rest = raw[:start].strip(), raw[start + 1:end].strip(), raw[end + 1:].lstrip()
    if len(number.split()) > 1 or len(number) > 12 or not slug or len(slug) > 64 or any(ch.isspace() for ch in slug):
        return None
    if number and not any(ch.isdigit() for ch in number):
        return None  # "Using `git` — a tool": a word before the backticks, no number
    for sep in ("—", "–", "--", "-", ":"):
        if rest.startswith(sep):
            name = clean_inline(rest[len(sep):])
            return (number, slug, name) if name else None
    return None


#: Words that number a heading's code (``## Code 1: Crisis Construction``, ``### Variable 01: Truth Markers``).
_NUMBER_WORDS = frozenset({"code", "theme", "subtheme", "sub-theme", "variable", "category", "dimension", "domain",
                           "kategorie", "thema", "categorie", "tag", "node"})


def _numbered_heading(text: str) -> tuple[str, str] | None:
    """``(number, name)`` of a heading written ``Code 1: Crisis Construction`` or ``Theme 2 — Trust``, else ``None``.

    Examples
    --------
    >>> _numbered_heading("Code 1: Crisis Construction"), _numbered_heading("Variable 01: Truth (ABS)")
    (('Code 1', 'Crisis Construction'), ('Variable 01', 'Truth (ABS)'))
    >>> _numbered_heading("Code review: notes"), _numbered_heading("Theme 2")
    (None, None)
    """
    word, _, rest = text.partition(" ")
    if word.casefold() not in _NUMBER_WORDS:
        return None
    number, _, name = rest.partition(" ")
    sep = ""
    if number.endswith(":"):
        number, sep = number[:-1], ":"
    else:
        for dash in ("—", "–", "--", "-", ":"):
            if name.startswith(dash + " "):
                sep, name = dash, name[len(dash):]
                break
    name = name.strip()
    if not sep or not name or not (0 < len(number) <= 6) or not any(ch.isdigit() for ch in number) \
            or not all(ch.isalnum() or ch == "." for ch in number):
        return None
    return f"{word} {number}", name


@lru_cache(maxsize=512)
def _own_column(label: str) -> bool:
    """Whether a label no field names can be a column of its own (kept as ``x_...``), not read as a role."""
    from researchkit.codebook.tablecols import plan_columns

    plan = plan_columns(["Code", label])
    return any(col == 1 for col, _ in plan.extras)


def _outline_rows(items: list[_Item], codes: list[_Heading], headings: list[_Heading], notes: list[str],
                  how: tuple[str, str]) -> list[SheetRow]:
    """Rows for headings and list items as codes: ``Level, Code, Definition`` and a column per labelled part.

    ``codes`` are headings that are codes themselves (with their parents); the headings above each item
    are codes too. A part's label gives its column as a sheet's header would (``Inclusion criteria`` →
    ``include``); labels no field names are kept as ``x_`` columns, or under ``Remarks`` when their name
    would be read as something else (``Theme``); emphasised remarks (``*Maps ...*``) go to ``Remarks``.
    """
    stacks = [it.headings for it in items] + [h.parents + (h,) for h in codes]
    common = min([_common(stacks)] + [len(h.parents) for h in codes])
    title = stacks[0][0] if common else None
    entries: list[tuple[int, _Heading | _Item]] = sorted([(it.line, it) for it in items] + [(h.line, h) for h in codes],
                                                         key=lambda e: e[0])
    columns: dict[str, str] = {}  # column key -> header
    for _, owner in entries:
        for h in (owner.headings if isinstance(owner, _Item) else owner.parents + (owner,))[common:]:
            for f in h.fields:
                _column_of(f, columns)
        for f in owner.fields:
            _column_of(f, columns)
        if any(h.asides for h in (owner.headings if isinstance(owner, _Item) else owner.parents + (owner,))[common:]) \
                or owner.asides:
            columns.setdefault("remarks", "Remarks")
    slugged: dict[int, tuple[str, str, str]] = {}
    numbered = 0
    for _, owner in entries:
        for h in (owner.headings if isinstance(owner, _Item) else owner.parents + (owner,))[common:]:
            if id(h) in slugged:
                continue
            if (got := _slug_heading(h.raw)) is not None:
                slugged[id(h)] = got
            elif (plain := _numbered_heading(h.text)) is not None:
                slugged[id(h)] = (plain[0], "", plain[1])
                numbered += 1
    if len(slugged) > numbered:
        columns.setdefault("id", "Id")
        notes.append(f"{len(slugged) - numbered} heading(s) written as `id` — name: the word in backticks read as the id "
                     "(a number before it kept as x_outline)")
    if numbered:
        notes.append(f"{numbered} heading(s) written as 'Code 1: name': the name read without 'Code 1', kept as x_outline")
    if any(number for number, _, _ in slugged.values()):
        columns.setdefault("outline", "Outline")
    keys = list(columns)
    position = {k: i for i, k in enumerate(keys)}
    header = ["Level", "Code", "Definition"] + [columns[k] for k in keys]
    used: set[int] = set()
    rows: list[SheetRow] = [SheetRow(title.line, [title.text])] if title is not None else []
    first_line = entries[0][0]
    first_stack = stacks[0][common:] if items else ()
    rows.append(SheetRow(first_stack[0].line if first_stack else first_line, header))
    lines = [e[0] for e in entries]
    notes.append(f"{how[0]} (lines {lines[0]}-{lines[-1]}); {how[1]}")

    def row(owner: _Heading | _Item, depth: int, name: str, definition: list[str]) -> SheetRow:
        cells = [""] * len(header)
        cells[0], cells[1] = str(min(depth, _MAX_LEVEL)), name
        texts = [t for t in definition if t]
        extra: dict[str, list[str]] = {}
        for f in owner.fields:
            key = _column_of(f, columns)
            if key == "description":
                texts.extend(p for p in f.parts if p)
            elif key == "remarks" and not f.role:
                extra.setdefault(key, []).append(f"{f.label}: " + "\n".join(f.parts))
            else:
                extra.setdefault(key, []).extend(p for p in f.parts if p)
        if owner.asides:
            extra.setdefault("remarks", []).extend(owner.asides)
        if isinstance(owner, _Heading) and id(owner) in slugged:
            number, slug, cells[1] = slugged[id(owner)]
            if slug:
                extra["id"] = [slug]
            if number:
                extra["outline"] = [number]
        cells[2] = "\n".join(texts)
        for key, values in extra.items():
            cells[3 + position[key]] = "\n".join(values)
        return SheetRow(owner.line, cells)

    for _, owner in entries:
        if isinstance(owner, _Item):
            below, depth = owner.headings[common:], len(owner.headings[common:]) + owner.depth
        else:
            below, depth = owner.parents[common:], len(owner.parents[common:]) + 1
        for d, h in enumerate(below, start=1):
            if id(h) not in used:
                used.add(id(h))
                rows.append(row(h, d, _heading_name(h, notes), [" ".join(h.description)]))
        if isinstance(owner, _Item):
            rows.append(row(owner, depth, owner.name, [owner.definition]))
        elif id(owner) not in used:
            used.add(id(owner))
            rows.append(row(owner, depth, _heading_name(owner, notes), [" ".join(owner.description)]))
    _set_aside_headings(headings, used, title, notes)
    return rows


def _column_of(f: _Field, columns: dict[str, str]) -> str:
    """The column key of a labelled part (adding its column to ``columns`` when new)."""
    if f.role == "description":
        return "description"
    if f.role:
        key = f"role:{f.role}"
    elif (len(f.label) <= 40 and "(" not in f.label and (f"x:{header_key(f.label)}" in columns or (
            sum(k.startswith("x:") for k in columns) < _MAX_OWN_COLUMNS and _own_column(f.label)))):
        key = f"x:{header_key(f.label)}"
    else:
        key = "remarks"
    if key not in columns:
        columns[key] = "Remarks" if key == "remarks" else f.label
    return key


_LIST = ("a nested list read as the codes", "each heading above it and each item a code, the indentation its level")
_FIELDED = ("a heading per code read, with its labelled parts (Definition, Inclusion, Example ...)",
            "each heading above a code a code too, its level the heading's; a list item below a code heading a code "
            "one level deeper")
_DESCRIBED = ("a heading per code read, with the paragraph below it as its definition",
              "each heading above a code a code too, its level the heading's")


def _outline_codes(headings: list[_Heading], items: list[_Item]) -> tuple[list[_Heading], list[_Item], tuple[str, str]]:
    """Which headings are codes of their own, which list items are codes, and how the file was read.

    A heading with labelled parts below it (``**Definition:**``, ``- **Include**: ...``) is a code, and
    so are its siblings with a definition paragraph between two such headings (not a summary after them). Without labels, headings with a definition
    paragraph are codes when there are at least two of them and more than list items (a file of
    ``### A1 builds_rapport — ...`` headings, each with a paragraph). Otherwise the list items are the
    codes, below the headings above them. When headings are codes, only the list items below a code
    heading (or with labelled parts of their own) are codes.
    """
    above = {id(h) for it in items for h in it.headings}
    top = min((h.level for h in headings), default=0)
    title = headings[0] if headings and sum(h.level == top for h in headings) == 1 and headings[0].level == top else None
    described = [h for h in headings if (h.description or h.asides) and id(h) not in above and h is not title]
    fielded = [h for h in headings if h.fields and h is not title]  # labels below the title are about the file
    if fielded:
        spans: dict[int, tuple[int, int]] = {}  # per parent heading: the lines of its first and last labelled child
        for h in fielded:
            key = id(h.parents[-1]) if h.parents else 0
            first, last = spans.get(key, (h.line, h.line))
            spans[key] = (min(first, h.line), max(last, h.line))
        between = [h for h in described if (span := spans.get(id(h.parents[-1]) if h.parents else 0)) is not None
                   and span[0] < h.line < span[1]]  # a code between labelled siblings whose labels were left out
        chosen = {id(h) for h in fielded} | {id(h) for h in between}
        codes, how = [h for h in headings if id(h) in chosen], _FIELDED
    elif len(described) >= 2 and len(described) > len(items):
        codes, how = described, _DESCRIBED
    else:
        return [], items, _LIST
    ids = {id(h) for h in codes}
    kept = [it for it in items if it.fields or (it.headings and id(it.headings[-1]) in ids)]
    return codes, kept, how

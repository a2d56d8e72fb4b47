"""MAXQDA dictionaries (MAXDictio) exported to Excel, turned into one codebook row per category.

MAXQDA exports and imports a dictionary as a sheet with one row per search item:
``Category | Memo | Search item | Whole word | Case sensitivity | Starting letters |
Category activated | Search item activated`` (the flags 1/0). A category is a code, its memo
the code's description and its search items the code's keywords, so a dictionary becomes a
codebook whose rules auto-code what MAXDictio would count. What researchkit's keywords
cannot say is noted, never dropped:

* ``Starting letters`` = 1: the item is a prefix, written ``item*``;
* ``Whole word`` = 0 (without starting letters): MAXDictio finds the item inside longer
  words too; researchkit matches it as a word (noted, with the items);
* ``Case sensitivity`` = 1: researchkit matches lower-case forms (noted);
* an item or a category switched off (``... activated`` = 0): not a keyword, kept on the code
  as ``x_inactive_search_items`` and noted.

Rows of one category need not be adjacent; a blank category cell continues the category above
(noted). The rows made carry the row number of the category's first row, so every later
message names a row of the file.

Examples
--------
>>> from researchkit.codebook.tableread import SheetRow, SheetRows
>>> sheet = SheetRows([SheetRow(1, ["Category", "Memo", "Search item", "Whole word", "Case sensitivity",
...                                 "Starting letters", "Category activated", "Search item activated"]),
...                    SheetRow(2, ["Haven", "Over de haven", "haven", "1", "0", "0", "1", "1"]),
...                    SheetRow(3, ["Haven", "Over de haven", "kade", "1", "0", "1", "1", "1"])])
>>> rows = dictionary_sheet(sheet)
>>> [r.cells for r in rows.rows]
[['Code', 'Memo', 'Keywords', 'Inactive search items'], ['Haven', 'Over de haven', 'haven\\nkade*\\n', '']]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from researchkit.codebook.tablecols import header_key
from researchkit.codebook.tableread import SheetRow, SheetRows
from researchkit.codebook.tablerows import row_span

__all__ = ["dictionary_sheet", "DICTIONARY_COLUMNS"]

#: The header keys of a MAXDictio dictionary sheet; ``category`` and ``search_item`` make one.
DICTIONARY_COLUMNS = ("category", "memo", "search_item", "whole_word", "case_sensitivity", "starting_letters",
                      "category_activated", "search_item_activated")
_HEADER_ROWS = 20
_YES = {"1", "true", "yes", "x", "wahr", "ja", "waar"}
_NO = {"0", "false", "no", "nee", "nein", "falsch", "onwaar"}


@dataclass
class _Category:
    name: str
    first_row: int
    memos: dict[str, None] = field(default_factory=dict)  # in order, each once (a dict: a set that keeps order)
    keywords: list[str] = field(default_factory=list)
    inactive: list[str] = field(default_factory=list)


def _header(sheet: SheetRows) -> tuple[int, dict[str, int]] | None:
    for at, row in enumerate(sheet.rows[:_HEADER_ROWS]):
        if not any(c.strip() for c in row.cells):
            continue
        keys = [header_key(c) for c in row.cells]
        if "category" in keys and "search_item" in keys:
            return at, {k: keys.index(k) for k in DICTIONARY_COLUMNS if k in keys}
        return None  # the first row with cells is the header, or this is no dictionary
    return None


def _flag(cells: list[str], columns: dict[str, int], key: str, default: bool) -> bool:
    i = columns.get(key)
    value = cells[i].strip().casefold() if i is not None and i < len(cells) else ""
    return True if value in _YES else False if value in _NO else default


def dictionary_sheet(sheet: SheetRows) -> SheetRows | None:
    """The sheet as codebook rows (``Code, Memo, Keywords, Inactive search items``) when it is a
    MAXDictio dictionary, else ``None``; what the rows could not say is in the returned notes.

    Examples
    --------
    >>> from researchkit.codebook.tableread import SheetRow, SheetRows
    >>> dictionary_sheet(SheetRows([SheetRow(1, ["Code", "Memo"]), SheetRow(2, ["Haven", "x"])])) is None
    True
    """
    found = _header(sheet)
    if found is None:
        return None
    at, columns = found
    categories: dict[str, _Category] = {}
    order: list[_Category] = []
    current: _Category | None = None
    continued, substring, cased, off = [], [], [], []
    nameless: list[SheetRow] = []
    for row in sheet.rows[at + 1:]:
        cells = [c.strip() for c in row.cells]
        if not any(cells):
            continue
        get = (lambda key: cells[columns[key]] if key in columns and columns[key] < len(cells) else "")
        name = get("category")
        if not name:
            if current is None:
                nameless.append(row)
                continue
            continued.append(row.number)
        else:
            if name not in categories:
                categories[name] = _Category(name, row.number)
                order.append(categories[name])
            current = categories[name]
        if get("memo") and get("memo") not in current.memos:
            current.memos[get("memo")] = None
        item = get("search_item")
        if not item:
            continue
        if not (_flag(cells, columns, "category_activated", True) and _flag(cells, columns, "search_item_activated", True)):
            current.inactive.append(item)
            off.append(row.number)
            continue
        prefix = _flag(cells, columns, "starting_letters", False)
        if not prefix and not _flag(cells, columns, "whole_word", True):
            substring.append(row.number)
        if _flag(cells, columns, "case_sensitivity", False):
            cased.append(row.number)
        current.keywords.append(item + "*" if prefix and not item.endswith("*") else item)
    header = SheetRow(sheet.rows[at].number, ["Code", "Memo", "Keywords", "Inactive search items"])
    # an item above every category: a row without a code name, which the codebook reader refuses naming the row
    rows = [header] + [SheetRow(n.number, ["", "", " ".join(c.strip() for c in n.cells if c.strip()), ""]) for n in nameless]
    for cat in order:
        rows.append(SheetRow(cat.first_row, [cat.name, "\n\n".join(cat.memos),
                                             "\n".join(cat.keywords) + ("\n" if cat.keywords else ""),
                                             "\n".join(cat.inactive)]))
    rows.sort(key=lambda r: r.number)
    notes = list(sheet.notes)
    notes.append(f"read as a MAXQDA dictionary (MAXDictio): {len(order)} categor{'y' if len(order) == 1 else 'ies'} "
                 "as codes, their search items as keywords (Starting letters as 'item*')")
    if continued:
        notes.append(f"{row_span(continued)}: no category, read as items of the category above")
    if substring:
        notes.append(f"{row_span(substring)}: 'Whole word' off, MAXDictio also finds these items inside longer words; "
                     "researchkit matches them as words (write 'item*' for a prefix)")
    if cased:
        notes.append(f"{row_span(cased)}: 'Case sensitivity' on; researchkit's keywords match lower-case forms")
    if off:
        notes.append(f"{row_span(off)}: search item or category switched off in MAXQDA: not a keyword, kept as "
                     "x_inactive_search_items")
    if any(len(cat.memos) > 1 for cat in order):
        notes.append("categories whose rows give different memos keep them all: "
                     + ", ".join(repr(cat.name) for cat in order if len(cat.memos) > 1))
    return SheetRows(rows, sheet=sheet.sheet, sheets=sheet.sheets, encoding=sheet.encoding, delimiter=sheet.delimiter,
                     notes=notes)

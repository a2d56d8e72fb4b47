"""The code tree of a codebook sheet: from a parent column, levels, indentation, paths, outline numbers or prefixes (pure).

Sheets show hierarchy in one of these ways, tried in this order (the first the sheet has wins):

1. a **parent** column naming another row's code (name or id): a name that is no code is
   ``RK244``, parents that lead round in a circle ``RK245``;
2. a **level** column (``1``, ``2`` ...) or the **indentation** of the names (leading
   spaces or tabs in CSV, the cell indent in Excel; only when at least two rows are
   indented, by two spaces or more): a row's
   parent is the last row above it one level up; a jump of more than one level is ``RK248``;
3. **paths**: level columns (``Thema | Code | Subcode``), category columns, a path column,
   or a path written into the name with ``::``, ``\\``, ``>`` (used by two names at least) or
   ``/`` (only when another row is named like the first part, or two rows share it); NVivo's root folder
   (``Nodes\\``, ``Codes\\``) is left out. A path attaches to an existing code of that name
   and makes one (with a note) where none exists;
4. **dotted ids** in the id column: outline numbers (``1``, ``1.1``, ``1.1.2``) or ids such as
   ``SIG`` and ``SIG.1``;
5. ATLAS.ti's ``CAT: code`` prefixes, only when two codes share an all-capital prefix or
   the prefix is another code's name.

Two codes with the same name under the same parent are ``RK246`` (both rows named).

Examples
--------
>>> from researchkit.codebook.tablerows import Entry
>>> entries = [Entry(2, "Codename 1"), Entry(3, "Codename 1 > Subcode 1.1"), Entry(4, "Codename 2 > Subcode 2.1")]
>>> tree = build_tree(entries, {})
>>> tree.how, [(n.name, n.row, [c.name for c in n.children]) for n in tree.roots]
("path written into the names with '>'", [('Codename 1', 2, ['Subcode 1.1']), ('Codename 2', None, ['Subcode 2.1'])])
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from researchkit.codebook.tablerows import Entry, row_span

__all__ = ["Node", "Tree", "build_tree", "split_path", "walk_nodes", "NVIVO_ROOTS"]

#: First path parts that are NVivo's folder for codes, not a code.
NVIVO_ROOTS = ("nodes", "codes", "knooppunten", "codes and cases", "free nodes", "tree nodes")
_SEPARATORS = ("::", "\\", ">", "/")
_OUTLINE = re.compile(r"^\d+(?:\.\d+)*\.?$")
#: Parent cells that say "none": only punctuation (``*****``, ``-``) or a word for nothing.
_NO_PARENT = re.compile(r"^(?:[\W_]+|none|geen|n/?a|null|nil|root|top|top level|\(none\)|\(geen\))$", re.IGNORECASE)
_PREFIX = re.compile(r"^([^:]{1,40}?)\s*:\s+(\S.*)$")


@dataclass
class Node:
    """A code in the tree; ``row`` is ``None`` for a code made for a path (``made_by`` names the row)."""

    name: str
    row: int | None
    entry: Entry | None = None
    children: list["Node"] = field(default_factory=list)
    made_by: int | None = None


@dataclass
class Tree:
    """The top-level nodes, how the hierarchy was found, and the problems and notes."""

    roots: list[Node] = field(default_factory=list)
    how: str = "none: every code at the top level"
    problems: list[tuple[str, int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def split_path(name: str, separators: Sequence[str]) -> list[str]:
    """The parts of a name with a path written into it (empty parts dropped).

    Examples
    --------
    >>> split_path("Nodes\\\\Samenwerking\\\\Informatie delen", ["\\\\"]), split_path("A > B\\\\C", [">", "\\\\"])
    (['Nodes', 'Samenwerking', 'Informatie delen'], ['A', 'B', 'C'])
    """
    if not separators:
        return [name.strip()]
    parts = _split_raw(name, separators)
    return [p for p in parts if p] or [name.strip()]


def _split_raw(name: str, separators: Sequence[str]) -> list[str]:
    """The parts of a name between separators, empty ones kept."""
    pattern = "|".join(r"-?>" if s == ">" else re.escape(s) for s in separators)  # MAXQDA '>' and the '->' some sheets use
    return [p.strip() for p in re.split(pattern, name)]


def _separators(names: Sequence[str]) -> list[str]:
    """The path separators the names use (MAXQDA allows ``>`` and ``\\`` in one sheet).

    ``::`` and ``\\`` always count; ``>`` when two names use it or there is evidence, ``/``
    only with evidence: another row named like the first part, or two names sharing it
    (so "Drugs/alcohol" or "Age > 65" alone stay names).
    """
    known = {n.casefold() for n in names}
    found: list[str] = []
    for sep in _SEPARATORS:
        split = [p for p in (split_path(n, [sep]) for n in names if sep in n) if len(p) > 1]
        if not split:
            continue
        firsts = Counter(p[0].casefold() for p in split)
        evidence = any(p[0].casefold() in known for p in split) or max(firsts.values()) >= 2
        if sep in ("::", "\\") or evidence or (sep == ">" and len(split) >= 2):
            found.append(sep)
    return found


def _paths_from_names(entries: Sequence[Entry], tree: Tree) -> None:
    """Split names (and path cells) into ancestors + name; NVivo's root folder left out."""
    seps = _separators([e.path or e.name for e in entries])
    if not seps:
        return
    paths = {id(e): split_path(e.path or e.name, seps) for e in entries}
    long = [p for p in paths.values() if len(p) > 1]
    root = long[0][0] if long and all(p[0] == long[0][0] for p in long) and long[0][0].casefold() in NVIVO_ROOTS else None
    for e in entries:
        parts = paths[id(e)]
        written = e.path or e.name
        if len(_split_raw(written, seps)) > len(parts) and len(parts) > 0:
            tree.notes.append(f"row {e.row}: {written!r} has an empty part between or around its separators; read as "
                              f"{' > '.join(repr(x) for x in parts)}")
        if root is not None and len(parts) > 1 and parts[0] == root:
            parts = parts[1:]
        if e.path and parts[-1].casefold() != e.name.casefold():
            tree.notes.append(f"row {e.row}: path {e.path!r} ends in {parts[-1]!r}, not the name {e.name!r}; the name is kept")
        e.levels = e.levels + parts[:-1]
        if not e.path:
            e.name = parts[-1]
    tree.how = f"path written into the names with {' and '.join(repr(s) for s in seps)}" + (
        f" (NVivo's root folder {root!r} left out)" if root else "")


class _Paths:
    """Codes placed by path, found by (sibling list, name) in one step: a sheet of 100,000 rows stays linear."""

    def __init__(self, roots: list[Node]) -> None:
        self.roots = roots
        self.made: list[Node] = []
        self._index: dict[int, dict[str, list[Node]]] = {}

    def _named(self, siblings: list[Node], name: str) -> list[Node]:
        index = self._index.get(id(siblings))
        if index is None:  # a list filled elsewhere (a parent column) is indexed when first searched
            index = self._index[id(siblings)] = {}
            for n in siblings:
                index.setdefault(n.name.casefold(), []).append(n)
        return index.get(name.casefold(), [])

    def _add(self, siblings: list[Node], node: Node) -> None:
        self._named(siblings, node.name)
        siblings.append(node)
        self._index[id(siblings)].setdefault(node.name.casefold(), []).append(node)

    def attach(self, entry: Entry) -> Node:
        """Place ``entry`` below its path (made where missing); a code made for an earlier path is claimed."""
        siblings = self.roots
        for part in entry.levels:
            found = self._named(siblings, part)
            parent = found[0] if found else None
            if parent is None:
                parent = Node(part, None, made_by=entry.row)
                self._add(siblings, parent)
                self.made.append(parent)
            siblings = parent.children
        claim = next((n for n in self._named(siblings, entry.name) if n.row is None), None)
        if claim is not None:
            claim.row, claim.entry, claim.name = entry.row, entry, entry.name
            return claim
        node = Node(entry.name, entry.row, entry)
        self._add(siblings, node)
        return node


def _note_made(made: Sequence[Node], tree: Tree) -> None:
    bare = [f"{node.name!r} (row {node.made_by})" for node in made if node.row is None]
    if bare:
        tree.notes.append(f"{len(bare)} code(s) made for the paths and categories of rows that name them, having no row "
                          f"of their own: {', '.join(bare[:20])}" + (f" and {len(bare) - 20} more" if len(bare) > 20 else ""))


def _by_paths(entries: Sequence[Entry], tree: Tree) -> None:
    paths = _Paths(tree.roots)
    for e in entries:
        paths.attach(e)
    _note_made(paths.made, tree)


def _levels_set_aside(entries: Sequence[Entry], how: str, tree: Tree) -> None:
    """Category cells of rows placed another way: kept on the code as ``x_category``, and noted (nothing lost)."""
    placed = [e for e in entries if any(e.levels)]
    for e in placed:
        e.fields.setdefault("x_category", " > ".join(v for v in e.levels if v))
        e.levels = []
    if placed:
        tree.notes.append(f"{row_span([e.row for e in placed])}: the category cells do not place the code (the {how} "
                          "does); kept on each code as x_category")


def walk_nodes(nodes: Sequence[Node]) -> list[Node]:
    """Every node, parents before children, in sheet order (without recursion).

    Examples
    --------
    >>> [n.name for n in walk_nodes([Node("A", 2, children=[Node("B", 3)]), Node("C", 4)])]
    ['A', 'B', 'C']
    """
    out: list[Node] = []
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.children))
    return out


def _by_depth(entries: Sequence[Entry], depths: Sequence[int], tree: Tree) -> None:
    stack: list[Node] = []
    for e, depth in zip(entries, depths):
        node = Node(e.name, e.row, e)
        if depth > len(stack) + 1:
            shown = f"level {len(stack)}" if stack else "the top"
            tree.problems.append(("RK248", e.row, f"row {e.row}: {e.name!r} is at level {depth}, more than one level "
                                                  f"below {shown} (the row above); put it one level deeper than its parent"))
            depth = len(stack) + 1
        del stack[depth - 1:]
        (stack[-1].children if stack else tree.roots).append(node)
        stack.append(node)


def _depths(entries: Sequence[Entry], level_header: str | None, tree: Tree) -> list[int] | None:
    """Depths from a level column, or from indentation when it shows two depths or more."""
    if level_header is not None:
        depths = []
        for e in entries:
            value = e.level.strip()
            if not re.fullmatch(r"\d{1,2}(?:\.0)?", value) or int(float(value)) < 1:
                tree.problems.append(("RK248", e.row, f"row {e.row}: level {value!r} in column {level_header!r} is not a whole number from 1 to 99"))
                depths.append(1)
            else:
                depths.append(int(float(value)))
        tree.how = f"level column {level_header!r}"
        return depths
    indents = sorted({e.indent for e in entries})
    if len(indents) < 2:
        return None
    steps = [b - a for a, b in zip(indents, indents[1:])]
    unit = min(steps)
    if unit < 2 or sum(e.indent > indents[0] for e in entries) < 2:
        return None  # one stray space, or one indented row, is no tree
    tree.how = "indentation of the names"
    return [round((e.indent - indents[0]) / unit) + 1 for e in entries]


def _resolve_parents(entries: Sequence[Entry], header: str, tree: Tree) -> dict[int, int]:
    """``entry index -> parent entry index`` for rows whose parent cell names a code."""
    by_id = {e.given_id: i for i, e in enumerate(entries) if e.given_id}
    by_name: dict[str, list[int]] = {}
    for i, e in enumerate(entries):
        by_name.setdefault(e.name.casefold(), []).append(i)
    links: dict[int, int] = {}
    names = sorted({e.name for e in entries})
    for i, e in enumerate(entries):
        if not e.parent:
            continue
        hits = [by_id[e.parent]] if e.parent in by_id else by_name.get(e.parent.casefold(), [])
        if not hits and _NO_PARENT.match(e.parent):
            tree.notes.append(f"row {e.row}: parent {e.parent!r} read as 'no parent' (top level)")
            continue
        if len(hits) == 1:
            links[i] = hits[0]
            continue
        if hits:
            rows = row_span([entries[h].row for h in hits])
            tree.problems.append(("RK244", e.row, f"row {e.row}: parent {e.parent!r} names more than one code ({rows}); "
                                                  "give the codes ids and name the parent by its id"))
            continue
        from researchkit.codebook.validate import SUGGESTIONS
        from researchkit.codebook.yamlload import did_you_mean

        # a did-you-mean compares with every name: only for the first problems (linear in thousands of them)
        hint = did_you_mean(e.parent, names) if len(tree.problems) < SUGGESTIONS else ""
        tree.problems.append(("RK244", e.row, f"row {e.row}: parent {e.parent!r} in column {header!r} names no code in "
                                              f"the sheet{hint}"))
    return links


def _cycles(entries: Sequence[Entry], links: Mapping[int, int], tree: Tree) -> set[int]:
    """Entries whose parents lead round in a circle (reported once per circle)."""
    in_cycle: set[int] = set()
    done: set[int] = set()
    for start in links:
        path: list[int] = []
        seen: dict[int, int] = {}
        cur: int | None = start
        while cur is not None and cur not in done and cur not in seen:
            seen[cur] = len(path)
            path.append(cur)
            cur = links.get(cur)
        if cur is not None and cur in seen:
            circle = path[seen[cur]:]
            in_cycle.update(circle)
            chain = " -> ".join(f"{entries[i].name!r} (row {entries[i].row})" for i in circle + [circle[0]])
            tree.problems.append(("RK245", min(entries[i].row for i in circle), f"parents make a circle: {chain}"))
        done.update(path)
    return in_cycle


def _by_parents(entries: Sequence[Entry], header: str, tree: Tree) -> None:
    """Rows without a parent go to the top (or below their path); then each row goes below its parent."""
    links = _resolve_parents(entries, header, tree)
    broken = _cycles(entries, links, tree)
    paths = _Paths(tree.roots)
    nodes: list[Node] = []
    for i, e in enumerate(entries):
        if i in links and i not in broken:
            nodes.append(Node(e.name, e.row, e))
        else:
            nodes.append(paths.attach(e))
    _levels_set_aside([e for i, e in enumerate(entries) if i in links and i not in broken], f"parent column {header!r}", tree)
    for i, node in enumerate(nodes):
        if i in links and i not in broken:
            nodes[links[i]].children.append(node)
    _note_made(paths.made, tree)
    tree.how = f"parent column {header!r}"


def _outline(entries: Sequence[Entry], tree: Tree) -> bool:
    """Parents from the ids: outline numbers (``1.2`` below ``1``) or dotted ids (``SIG.1`` below ``SIG``).

    ``False`` (nothing changed) when some row has no id, or no id has another id as its dotted prefix
    and the ids are not outline numbers.
    """
    ids = [e.given_id.rstrip(".") for e in entries]
    if not all(ids):
        return False
    known = set(ids)

    def parent_of(num: str) -> str:
        parts = num.split(".")
        return next((".".join(parts[:k]) for k in range(len(parts) - 1, 0, -1) if ".".join(parts[:k]) in known), "")

    parents = [parent_of(i) for i in ids]
    numeric = all(_OUTLINE.match(i) for i in ids) and any("." in i for i in ids)
    if not numeric and not any(parents):
        return False
    for e, num, parent in zip(entries, ids, parents):
        e.given_id, e.parent = num, parent
        above = num.rsplit(".", 1)[0] if "." in num else ""
        if numeric and above and parent != above:
            tree.notes.append(f"row {e.row}: no code numbered {above!r} above {num!r}; placed "
                              + (f"under {parent!r}" if parent else "at the top level"))
    return True


def _prefixes(entries: Sequence[Entry], tree: Tree) -> None:
    """ATLAS.ti's ``CAT: code`` naming, when the sheet gives evidence for it."""
    names = {e.name.casefold() for e in entries}
    found = {id(e): m for e in entries if (m := _PREFIX.match(e.name))}
    counts = Counter(m.group(1).strip() for m in found.values())
    shouted = all(e.name.upper() == e.name for e in entries)  # a sheet in capitals: capitals tell nothing
    good = {p for p, n in counts.items()
            if p.casefold() in names or (n >= 2 and not shouted and p.upper() == p and any(ch.isalpha() for ch in p))}
    if not good:
        return
    for e in entries:
        m = found.get(id(e))
        if m and m.group(1).strip() in good:
            e.levels, e.name = [m.group(1).strip()], m.group(2).strip()
        elif e.name.endswith(":") and e.name[:-1].strip() in good:
            e.name = e.name[:-1].strip()
    tree.how = "ATLAS.ti-style prefixes ('CAT: code') in the names: " + ", ".join(sorted(good))


def _duplicates(tree: Tree) -> None:
    stack: list[tuple[str, list[Node]]] = [("the top level", tree.roots)]
    while stack:
        where, siblings = stack.pop()
        groups: dict[str, list[Node]] = {}
        for node in siblings:
            groups.setdefault(node.name.casefold(), []).append(node)
            stack.append((f"{node.name!r}", node.children))
        for same in groups.values():
            rows = [n.row if n.row is not None else n.made_by for n in same]
            if len(same) > 1:
                tree.problems.append(("RK246", min(r or 0 for r in rows), f"code {same[0].name!r} appears {len(same)} "
                                      f"times {'at ' + where if where == 'the top level' else 'under ' + where} ({row_span([r or 0 for r in rows])})"))


def build_tree(entries: Sequence[Entry], columns: Mapping[str, Any]) -> Tree:
    """Build the code tree from the entries (see the module docstring).

    Parameters
    ----------
    entries
        The rows read as entries (their ``levels``, ``name`` and ``parent`` may be updated).
    columns
        ``role -> header`` of the columns the sheet has (``parent``, ``level``, ``levels``, ``id``).

    Examples
    --------
    >>> from researchkit.codebook.tablerows import Entry
    >>> tree = build_tree([Entry(2, "Haven"), Entry(3, "Kade", parent="Haven"), Entry(4, "Sluis", parent="Havn")],
    ...                   {"parent": "Parent"})
    >>> [(n.name, [c.name for c in n.children]) for n in tree.roots], tree.problems[0][:2]
    ([('Haven', ['Kade']), ('Sluis', [])], ('RK244', 4))
    """
    tree = Tree()
    if not entries:
        return tree
    if "parent" in columns:
        _by_parents(entries, columns["parent"], tree)
        if "level" in columns and any(e.level for e in entries):
            tree.notes.append(f"level column {columns['level']!r} not used: the parent column {columns['parent']!r} "
                              "places the codes")
    elif (depths := _depths(entries, columns.get("level"), tree)) is not None:
        _levels_set_aside(entries, tree.how, tree)
        _by_depth(entries, depths, tree)
    else:
        _paths_from_names(entries, tree)
        if any(e.levels for e in entries):
            if "levels" in columns and tree.how.startswith("none"):
                tree.how = ("level columns " if columns.get("outline") else "category column(s) ") + " > ".join(
                    repr(h) for h in columns["levels"])
            _by_paths(entries, tree)
        elif "id" in columns and _outline(entries, tree):
            _by_parents(entries, columns["id"], tree)
            tree.how = f"dotted ids in column {columns['id']!r} (1 > 1.1 > 1.1.1, SIG > SIG.1)"
        else:
            _prefixes(entries, tree)
            _by_paths(entries, tree)
    _duplicates(tree)
    return tree

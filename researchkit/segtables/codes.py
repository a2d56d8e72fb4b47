"""Which codebook code a table's code cell means, and new codes made from code paths.

Programs write a code as a name or as its path: MAXQDA ``Parent\\\\Child`` (``Parent >
Child`` in some exports), NVivo ``Nodes\\\\\\\\Parent\\\\\\\\Child``, ATLAS.ti ``Group::Code``,
Dedoose ``Parent\\\\Child``, Taguette ``parent.child``. A cell is matched, in order, to a code
id, to a code name (case ignored, NFC), to the path of names from the top of the codebook,
and to the last part of the path when exactly one code has that name (or exactly one code
with that name sits under the given parents). Without a codebook every cell is its own code.

Examples
--------
>>> from researchkit.codebook import Codebook
>>> book = Codebook.from_dict({"codes": [{"id": "WERK", "name": "Werk", "children": [
...     {"id": "SAM", "name": "Samenwerking"}]}]})
>>> index = CodeIndex(book)
>>> [index.match(c).code_id for c in ("SAM", "samenwerking", "Werk\\\\Samenwerking", "Nodes\\\\\\\\Werk\\\\\\\\Samenwerking", "Rust")]
['SAM', 'SAM', 'SAM', 'SAM', None]
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable

__all__ = ["CodeIndex", "CodeMatch", "split_path", "add_path_codes"]

_SEPARATORS = re.compile(r"\\+|::|>")  # the parts are stripped: \s* around it made a split quadratic in a run of spaces
_PROGRAM_ROOT = re.compile(r"^(?:nodes|codes|knoten|knooppunten|codesystem|code system)$", re.IGNORECASE)


def _fold(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", str(name)).casefold().split())


def split_path(cell: str, *, dotted: bool = False) -> list[str]:
    """The levels of a code written as a path (the program's root folder ``Nodes``/``Codes`` dropped).

    Examples
    --------
    >>> split_path("Nodes\\\\\\\\Werk\\\\\\\\Samenwerking"), split_path("Werk > Samenwerking"), split_path("werk.samen", dotted=True)
    (['Werk', 'Samenwerking'], ['Werk', 'Samenwerking'], ['werk', 'samen'])
    """
    parts = [p.strip() for p in _SEPARATORS.split(str(cell)) if p.strip()]
    if dotted and len(parts) == 1:
        parts = [p.strip() for p in parts[0].split(".") if p.strip()] or parts
    if len(parts) > 1 and _PROGRAM_ROOT.match(parts[0]):
        parts = parts[1:]
    return parts or [str(cell).strip()]


@dataclass(frozen=True)
class CodeMatch:
    """The code a cell means (``code_id``), how it was found, or the codes it could mean."""

    code_id: str | None
    how: str
    candidates: tuple[str, ...] = ()


class CodeIndex:
    """A codebook's ids, names and name paths (see the module docstring); ``None`` for no codebook."""

    def __init__(self, codebook: Any | None, *, dotted: bool = False) -> None:
        self.codebook = codebook
        self.dotted = dotted
        self.ids: set[str] = set()
        self.by_name: dict[str, list[str]] = {}
        self.paths: dict[tuple[str, ...], str] = {}
        self.joined: dict[str, str] = {}  # Taguette's tag path: the names joined with dots, dots in a name kept
        for code in (codebook.walk() if codebook is not None else ()):
            self.ids.add(code.id)
            self.by_name.setdefault(_fold(code.name), []).append(code.id)
            self.paths[self._path(code.id)] = code.id
            if dotted:
                self.joined.setdefault(".".join(self._path(code.id)), code.id)

    def _path(self, code_id: str) -> tuple[str, ...]:
        names = []
        while code_id is not None:
            code = self.codebook[code_id]
            names.append(_fold(code.name))
            code_id = code.parent
        return tuple(reversed(names))

    def match(self, cell: str) -> CodeMatch:
        """The code ``cell`` means (``how``: ``id``, ``name``, ``path``, ``last part``, ``free``;
        ``None`` with ``how`` ``ambiguous`` or ``unknown``)."""
        name = unicodedata.normalize("NFC", str(cell)).strip()
        if self.codebook is None:
            return CodeMatch(name or None, "free" if name else "unknown")
        if name in self.ids:
            return CodeMatch(name, "id")
        named = self.by_name.get(_fold(name), [])
        if len(named) == 1:
            return CodeMatch(named[0], "name")
        if _fold(name) in self.joined:  # 'People.Dr. Smith': Smith's dot is part of a name
            return CodeMatch(self.joined[_fold(name)], "path")
        parts = [_fold(p) for p in split_path(name, dotted=self.dotted)]
        if tuple(parts) in self.paths:
            return CodeMatch(self.paths[tuple(parts)], "path")
        leaf = self.by_name.get(parts[-1], []) if len(parts) > 1 else named
        under = [c for c in leaf if self._path(c)[-len(parts):] == tuple(parts)]
        if len(under) == 1:
            return CodeMatch(under[0], "path")
        if len(leaf) == 1:
            return CodeMatch(leaf[0], "last part")
        if len(leaf) > 1:
            return CodeMatch(None, "ambiguous", tuple(sorted(leaf)))
        return CodeMatch(None, "unknown", tuple(self.closest(name)))

    def closest(self, cell: str, n: int = 3) -> list[str]:
        """Names of the codes most like ``cell`` (for "did you mean")."""
        names = {_fold(c.name): c.name for c in self.codebook.walk()} if self.codebook is not None else {}
        leaf = _fold(split_path(cell, dotted=self.dotted)[-1])
        return [names[k] for k in difflib.get_close_matches(leaf, list(names), n=n, cutoff=0.6)]


def add_path_codes(codebook: Any | None, cells: Iterable[str], *, dotted: bool = False) -> tuple[dict, dict[str, str]]:
    """The codebook (as a dict) with a code for every cell, parents made from the path; ``cell -> new id``.

    Codes the codebook already has along a path are used as parents; new ids are made
    from the names (:func:`researchkit.refi.codes.make_code_id`).

    Examples
    --------
    >>> data, ids = add_path_codes(None, ["Werk\\\\Samenwerking", "Werk\\\\Conflict"])
    >>> ids, [c["id"] for c in data["codes"][0]["children"]]
    ({'Werk\\\\Samenwerking': 'Samenwerking', 'Werk\\\\Conflict': 'Conflict'}, ['Samenwerking', 'Conflict'])
    """
    from researchkit.refi.codes import make_code_id

    data = codebook.to_dict() if codebook is not None else {"codes": []}
    nodes: dict[str, dict] = {}
    children: dict[tuple[str, ...], dict] = {}
    stack = [((), n) for n in data["codes"]]
    while stack:
        path, node = stack.pop()
        here = path + (_fold(node["name"]),)
        nodes[node["id"]] = node
        children[here] = node
        stack.extend((here, child) for child in node.get("children", []))
    taken = set(nodes)
    numbers: dict[str, int] = {}  # the last -n given to an id (make_code_id)
    made: dict[str, str] = {}
    for cell in cells:
        path: tuple[str, ...] = ()
        parent: dict | None = None
        for part in split_path(cell, dotted=dotted):
            path += (_fold(part),)
            node = children.get(path)
            if node is None:
                node = {"id": make_code_id(part, taken, parent=parent["id"] if parent else None, numbers=numbers), "name": part}
                (parent.setdefault("children", []) if parent else data["codes"]).append(node)
                children[path] = node
            parent = node
        made[cell] = parent["id"]
    return data, made

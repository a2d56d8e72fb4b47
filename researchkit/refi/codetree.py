"""Code trees read from REFI-QDA files, made into a researchkit codebook.

* ``<Code>`` elements are read iteratively; a tree nested deeper than
  :data:`MAX_CODE_DEPTH` levels (counting levels written into names as ``A::B``) is
  refused with ``RK607`` before anything is built;
* hierarchy written into names (``Parent::Child``, ``Parent\\Child``, as ATLAS.ti and
  flat exporters do) is rebuilt, and a path attaches to an existing code of that name
  among the siblings (``Coke::diet Coke`` beside a real ``Coke`` becomes a child of that
  ``Coke``; a parent is only invented when no code has the name);
* ids are made from names (:func:`~researchkit.refi.codes.make_code_id`), and the
  researchkit extension (``codes``, ``codebook_yaml``) restores a researchkit codebook
  exactly.

Examples
--------
>>> nodes = [{"guid": "1", "name": "Coke::diet Coke", "line": 1, "children": []}, {"guid": "2", "name": "Coke", "line": 2, "children": []}]
>>> [(n["guid"], n["name"], [c["name"] for c in n["children"]]) for n in unflatten(nodes)]
[('2', 'Coke', ['diet Coke'])]
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import yaml

from researchkit.errors import CodebookError, ExchangeError
from researchkit.refi.codes import describe_code, make_code_id, normalise_color, parse_description, split_hierarchy
from researchkit.refi.model import ExchangeReport, norm_guid, stable_guid
from researchkit.refi.xmlread import kids, local, note_refs, text_of
from researchkit.yamlsafe import safe_load

__all__ = ["MAX_CODE_DEPTH", "code_nodes", "unflatten", "walk", "build_codebook", "codebook_language", "dotted_paths"]

#: Deepest code tree accepted (levels, including levels written into names).
MAX_CODE_DEPTH = 30  # the codebook's own limit (researchkit.codebook: RK241)


def _node(el: Any) -> dict:
    return {
        "guid": norm_guid(el.get("guid")) or stable_guid("code-without-guid", el.get("name") or "", str(el.sourceline)),
        "name": (el.get("name") or "").strip() or "(unnamed)",
        "color": el.get("color"),
        "codable": (el.get("isCodable") or "true").strip().lower() not in ("false", "0"),
        "description": text_of(el, "Description"),
        "notes": note_refs(el),
        "line": el.sourceline,
        "children": [],
    }


def code_nodes(parent: Any, *, where: str = "") -> list[dict]:
    """The ``<Code>`` tree under ``parent`` as nested dicts, read without recursion (RK607 when too deep)."""
    top: list[dict] = []
    stack = [(el, top, 1 + len(split_hierarchy((el.get("name") or "").strip() or "x")) - 1) for el in reversed(kids(parent, "Code"))]
    while stack:
        el, siblings, depth = stack.pop()
        if depth > MAX_CODE_DEPTH:
            raise ExchangeError("RK607", where, f"the code tree is nested more than {MAX_CODE_DEPTH} levels deep "
                                f"(code '{(el.get('name') or '')[:60]}')", location=f"line {el.sourceline}",
                                hint="no QDA program writes such a tree; export the codebook again or flatten it")
        node = _node(el)
        siblings.append(node)
        for child in reversed(kids(el, "Code")):
            extra = len(split_hierarchy((child.get("name") or "").strip() or "x")) - 1
            stack.append((child, node["children"], depth + 1 + extra))
    return top


def _parent_for(path: list[str], prefix: tuple[str, ...], out: list[dict], index: dict[str, dict], line: Any) -> tuple[list, dict, tuple]:
    siblings = out
    for part in path:
        prefix = prefix + (part,)
        parent = index.get(part)
        if parent is None:
            parent = {"guid": stable_guid("code-path", *prefix), "name": part, "color": None, "codable": True,
                      "description": None, "notes": [], "line": line, "children": []}
            siblings.append(parent)
            index[part] = parent
        parent.setdefault("_index", {c["name"]: c for c in parent["children"]})
        siblings, index = parent["children"], parent["_index"]
    return siblings, index, prefix


def unflatten(nodes: list[dict], path: tuple[str, ...] = ()) -> list[dict]:
    """Rebuild hierarchy written into names (``A::B``) among siblings, attaching to existing codes (see module docstring)."""
    out: list[dict] = []
    by_name: dict[str, dict] = {}
    for node in nodes:  # real codes first: a path attaches to them, wherever they stand
        if len(split_hierarchy(node["name"])) == 1:
            by_name.setdefault(node["name"], node)
    for node in nodes:
        parts = split_hierarchy(node["name"])
        if len(parts) == 1:
            out.append(node)
            continue
        siblings, index, _ = _parent_for(parts[:-1], path, out, by_name, node["line"])
        node = dict(node, name=parts[-1])
        siblings.append(node)
        index.setdefault(node["name"], node)
    for node in walk(out):
        node.pop("_index", None)
    for node in out:
        node["children"] = unflatten(node["children"], path + (node["name"],))
    return out


def dotted_paths(nodes: list[dict], report: ExchangeReport | None = None) -> list[dict]:
    """Taguette's tag paths (``interesting.places`` beside ``interesting``) as hierarchy written into names.

    Taguette writes its codebook flat, each tag named by its path, the levels joined by
    ``.`` (``taguette/export.py`` ``codebook_xml``; exporting the highlights of a tag takes
    every path that starts with it). A name is split only at a dot where the part before it
    is itself the name of a code of the file, so ``Dr. Smith`` stays one code unless a
    code ``Dr`` exists. The split names go on through :func:`unflatten`; the report counts them.

    Examples
    --------
    >>> nodes = [{"guid": "1", "name": "interesting", "line": 1, "children": []},
    ...          {"guid": "2", "name": "interesting.places", "line": 2, "children": []},
    ...          {"guid": "3", "name": "Dr. Smith", "line": 3, "children": []}]
    >>> [n["name"] for n in dotted_paths(nodes)]
    ['interesting', 'interesting::places', 'Dr. Smith']
    """
    names = {n["name"] for n in nodes}
    out, split = [], []
    for node in nodes:
        name = node["name"]
        cuts = [i for i, ch in enumerate(name) if ch == "." and name[:i] in names]
        if not cuts:
            out.append(node)
            continue
        pieces = [name[a + (a > 0): b] for a, b in zip([0] + cuts, cuts + [len(name)])]
        out.append(dict(node, name="::".join(pieces)))
        split.append(name)
    if split and report is not None:
        report.warnings.append(f"Taguette's tag paths read as a hierarchy (the part before a dot names the parent tag): "
                               f"{', '.join(repr(n) for n in split[:5])}" + (f" and {len(split) - 5} more" if len(split) > 5 else ""))
    return out


def walk(nodes: Iterable[dict]) -> Iterable[dict]:
    """Every node, depth first, without recursion."""
    stack = list(reversed(list(nodes)))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node["children"]))


def _side_book(sidecar: Mapping | None, report: ExchangeReport) -> tuple[Any, dict[str, str]]:
    from researchkit.codebook import Codebook

    codes = (sidecar or {}).get("codes")
    side_ids: dict[str, str] = {k: v for k, v in codes.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(codes, dict) else {}
    if not (sidecar and isinstance(sidecar.get("codebook_yaml"), str) and sidecar["codebook_yaml"]):
        return None, side_ids
    try:
        return Codebook.from_dict(safe_load(sidecar["codebook_yaml"])), side_ids
    except (CodebookError, yaml.YAMLError) as exc:
        report.warnings.append(f"researchkit extension codebook unreadable, codes rebuilt from the XML ({exc})")
        return None, {}


def _dedupe_guids(nodes: list[dict], where: str, report: ExchangeReport) -> None:
    seen: set[str] = set()
    for node in walk(nodes):
        if node["guid"] in seen:
            new = stable_guid("duplicate-guid", node["guid"], str(node["line"]))
            report.warnings.append(f"{where}: code GUID {node['guid']} used twice (line {node['line']}); the second "
                                   f"'{node['name']}' gets GUID {new}")
            node["guid"] = new
        seen.add(node["guid"])


def _known_code(node: dict, code: Any, written: str | None = None) -> dict:
    """A code researchkit exported: its own definition, unless the other program changed it.

    ``written`` is the name researchkit wrote instead of the code's own (a repeated name
    for QualCoder or qc, :func:`researchkit.refi.qde.unique_code_names`): found unchanged,
    the code gets its own name back.
    """
    data = code.to_dict()
    data.pop("children", None)
    data["name"] = code.name if written is not None and node["name"] == written else node["name"]
    data.pop("color", None)
    ours = describe_code(code.description, include=code.extra.get("_include_list", code.include),
                         exclude=code.extra.get("_exclude_list", code.exclude), examples=code.examples)
    if (node["description"] or "") != ours:
        parts = parse_description(node["description"])
        for key in ("description", "include", "exclude", "examples"):
            data.pop(key, None)
            if parts[key]:
                data[key] = parts[key]
    return data


def _new_code(node: dict, code_id: str) -> dict:
    data = {"id": code_id, "name": node["name"]}
    parts = parse_description(node["description"])
    for key in ("description", "include", "exclude", "examples"):
        if parts[key]:
            data[key] = parts[key]
    if not node["codable"]:
        data["x_refi_codable"] = False
    return data


def _convert(nodes: list[dict], where: str, report: ExchangeReport, side_book: Any, side_ids: dict[str, str],
             written: Mapping[str, str] | None = None) -> tuple[list, dict]:
    """Code dicts for :meth:`Codebook.from_dict`, built top-down without recursion; and ``guid -> id``."""
    taken = {side_ids[n["guid"]] for n in walk(nodes) if n["guid"] in side_ids and side_book is not None and side_ids[n["guid"]] in side_book}
    numbers: dict[str, int] = {}  # the last -n given to an id (make_code_id)
    guid_to_id: dict[str, str] = {}
    side_colors = side_book.colors() if side_book is not None else {}
    tree: list[dict] = []
    stack = [(node, None, tree) for node in reversed(nodes)]
    while stack:
        node, parent_id, siblings = stack.pop()
        known = side_ids.get(node["guid"]) if side_book is not None else None
        if known is not None and known in side_book and known not in guid_to_id.values():
            code_id, data = known, _known_code(node, side_book[known], (written or {}).get(node["guid"]))
        else:
            code_id = make_code_id(node["name"], taken, parent=parent_id, numbers=numbers)
            data = _new_code(node, code_id)
        data["id"] = code_id
        color = normalise_color(node["color"])
        if node["color"] and color is None:
            report.warnings.append(f"{where}, line {node['line']}: colour {node['color']!r} of code '{node['name']}' is not #RGB/#RRGGBB; dropped")
        if known is not None and code_id == known and color == side_colors.get(known):
            color = side_book[known].color  # researchkit exported the derived colour: keep the code's own (maybe none)
        if color:
            data["color"] = color
        guid_to_id[node["guid"]] = code_id
        siblings.append(data)
        if node["children"]:
            data["children"] = []
            stack.extend((child, code_id, data["children"]) for child in reversed(node["children"]))
    return tree, guid_to_id


def codebook_language(book: Any, texts: list[str], source: str, report: ExchangeReport) -> Any:
    """``book`` in the language of ``texts`` (REFI-QDA has no language field; researchkit's default is Dutch).

    The guess (:func:`researchkit.language.guess_language`) and what it rests on go into
    ``report.language``; when no language stands out the codebook stays Dutch and the
    report says so.
    """
    from researchkit.codebook import Codebook
    from researchkit.language import guess_language

    guess = guess_language(texts)
    if guess.language is None:
        report.language = f"'{book.language}' kept: the language of the {source} is {guess.describe()}; set 'language:' in the codebook if it is another"
        return book
    report.language = f"{guess.describe()}, from the {source}"
    if guess.language == book.language:
        return book
    return Codebook.from_dict({**book.to_dict(), "language": guess.language})


def build_codebook(nodes: list[dict], where: str, report: ExchangeReport, sidecar: Mapping | None = None,
                   title: str | None = None) -> tuple[Any, dict[str, str]]:
    """A researchkit Codebook from REFI code nodes; returns it and ``guid -> code id``."""
    from researchkit.codebook import Codebook

    nodes = unflatten(nodes)
    side_book, side_ids = _side_book(sidecar, report)
    _dedupe_guids(nodes, where, report)
    written = (sidecar or {}).get("written_code_names")
    written = {k: v for k, v in written.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(written, dict) else {}
    tree, guid_to_id = _convert(nodes, where, report, side_book, side_ids, written)
    if side_book is not None:
        top = side_book.to_dict()
        top["codes"] = tree
        top.pop("relations", None)  # the project's <Links> say which relations there are now (researchkit.refi.links)
        dropped = [cid for guid, cid in side_ids.items() if cid in side_book and cid not in guid_to_id.values()]
        if dropped:
            report.warnings.append(f"codes deleted in the other program (kept out of the codebook): {', '.join(sorted(dropped))}")
    else:
        top = {"codebook": title, "codes": tree} if title else {"codes": tree}
    if not tree:
        return None, guid_to_id
    try:
        book = Codebook.from_dict(top)
    except CodebookError as exc:
        raise ExchangeError("RK604", where, f"the codes do not make a valid codebook: {exc}",
                            hint="fix the code names in the other program and export again") from None
    except RecursionError:
        raise ExchangeError("RK607", where, "the code tree is nested too deeply to be built",
                            hint="export the codebook again or flatten it") from None
    return book, guid_to_id


def code_elements(codes_el: Any) -> Iterable[Any]:
    """Every ``<Code>`` element under ``codes_el`` (any depth)."""
    if codes_el is None:
        return []
    return (el for el in codes_el.iter() if isinstance(el.tag, str) and local(el) == "Code")

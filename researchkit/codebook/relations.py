"""Relations between codes: the codebook's ``relations:`` list, checked against its codes.

A relation ties two codes with a name and a direction (ATLAS.ti's code-code links, read
from and written to REFI-QDA ``<Link>``\\s by :mod:`researchkit.refi.links`)::

    relations:
      - from: SIG.1
        to: VERM
        name: is cause of
        direction: one-way        # associative (default) | one-way | bidirectional
        color: "#AA0000"          # optional

Every problem is collected with its YAML line (as for codes): a code id the codebook
does not have, a direction that is none of the three, a colour that is no ``#RRGGBB``,
an unknown key, the same relation twice.

Examples
--------
>>> from researchkit.codebook.validate import Validator, unknown_keys
>>> v = Validator("cb.yaml")
>>> build_relations(v, {"relations": [{"from": "A", "to": "B", "name": "contradicts"}]}, {"A", "B"})
(Relation(source='A', target='B', name='contradicts', direction='associative', color=None),)
>>> build_relations(v, {"relations": [{"from": "A", "to": "SIG.3"}]}, {"A", "SIG.2"}), v.problems
((), ["relations[0]: 'to' names code 'SIG.3', which is not in the codebook (did you mean 'SIG.2'?)"])
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from researchkit.codebook.model import DIRECTIONS, RELATION_KEYS, Relation
from researchkit.codebook.validate import Validator, unknown_keys
from researchkit.codebook.yamlload import line_of, plain

__all__ = ["build_relations", "direction_of", "remap_relations"]

_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_SPELLINGS = {d.replace("-", ""): d for d in DIRECTIONS}


def direction_of(value: Any) -> str | None:
    """The direction ``value`` names (any case; ``OneWay``, ``one-way``, ``one_way`` alike), else ``None``.

    Examples
    --------
    >>> direction_of("OneWay"), direction_of("Bidirectional"), direction_of("sideways")
    ('one-way', 'bidirectional', None)
    """
    if not isinstance(value, str):
        return None
    return _SPELLINGS.get(re.sub(r"[\s_\-]", "", value).lower())


def _code_end(v: Validator, item: Mapping, key: str, where: str, ids: set[str]) -> str | None:
    value = item.get(key)
    code = str(value).strip() if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""
    if not code:
        v.add(line_of(item, key), where, f"'{key}' must name a code id, got {plain(value)!r}")
        return None
    if code not in ids:  # a did-you-mean only for the first problems (linear in thousands of unknown codes)
        hint = v.did_you_mean(code, ids)
        v.add(line_of(item, key), where, f"'{key}' names code {code!r}, which is not in the codebook{hint}")
        return None
    return code


def _one(v: Validator, item: Any, where: str, line: int | None, ids: set[str]) -> Relation | None:
    """One entry of ``relations:``, or ``None`` (its problems recorded)."""
    if not isinstance(item, Mapping):
        v.add(line, where, f"a relation must be a mapping with from, to and name, got {plain(item)!r}")
        return None
    unknown_keys(v, item, RELATION_KEYS, where)
    source, target = _code_end(v, item, "from", where, ids), _code_end(v, item, "to", where, ids)
    name = item.get("name", "")
    if not isinstance(name, (str, int, float)) or isinstance(name, bool):
        v.add(line_of(item, "name"), where, f"name must be text, got {plain(name)!r}")
        name = ""
    direction = direction_of(item.get("direction", "associative"))
    if direction is None:
        v.add(line_of(item, "direction"), where,
              f"direction {plain(item.get('direction'))!r} is not one of {', '.join(DIRECTIONS)}")
    color = item.get("color")
    if color is not None and (not isinstance(color, str) or not _COLOR.match(color.strip())):
        v.add(line_of(item, "color"), where, f"colour {plain(color)!r} is not of the form #RRGGBB (quote it in YAML)")
        color = None
    if source is None or target is None or direction is None:
        return None
    return Relation(source, target, str(name).strip(), direction, color.strip().upper() if color else None)


def build_relations(v: Validator, data: Mapping, ids: Iterable[str]) -> tuple[Relation, ...]:
    """The codebook's relations, each checked against the code ``ids``; problems go to ``v``.

    The same ``from``, ``to`` and ``name`` twice is a problem (an associative or
    bidirectional relation also counts the other way round).
    """
    raw = data.get("relations")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        v.add(line_of(data, "relations"), "relations", "'relations:' must be a list of relations between codes")
        return ()
    known = set(ids)
    out: list[Relation] = []
    seen: dict[tuple[str, str, str], int] = {}
    for i, item in enumerate(raw):
        where, line = f"relations[{i}]", line_of(raw, i)
        rel = _one(v, item, where, line, known)
        if rel is None:
            continue
        keys = [(rel.source, rel.target, rel.name)]
        if rel.direction != "one-way":
            keys.append((rel.target, rel.source, rel.name))
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None:
            v.add(line, where, f"relation {rel.source} -> {rel.target} '{rel.name}' is already relations[{first}]")
            continue
        for key in keys:
            seen.setdefault(key, i)
        out.append(rel)
    return tuple(out)


def remap_relations(relations: Iterable[Mapping], mapping: Mapping[str, str]) -> list[dict]:
    """Relations (YAML shape) with their codes renamed by ``mapping``; a relation of a code with itself, or a repeat, is left out.

    Used when codes are merged: a relation of a merged code becomes one of the code it went into.

    Examples
    --------
    >>> remap_relations([{"from": "A", "to": "B", "name": "x"}, {"from": "C", "to": "A", "name": "x"}], {"C": "B"})
    [{'from': 'A', 'to': 'B', 'name': 'x'}]
    """
    out: list[dict] = []
    seen: set[tuple] = set()
    for rel in relations:
        new = dict(rel)
        new["from"] = mapping.get(str(rel.get("from")), rel.get("from"))
        new["to"] = mapping.get(str(rel.get("to")), rel.get("to"))
        one_way = direction_of(rel.get("direction", "associative")) == "one-way"
        keys = {(new["from"], new["to"], rel.get("name", ""))} | (set() if one_way else {(new["to"], new["from"], rel.get("name", ""))})
        if new["from"] == new["to"] and rel.get("from") != rel.get("to") or keys & seen:
            continue
        seen |= keys
        out.append(new)
    return out

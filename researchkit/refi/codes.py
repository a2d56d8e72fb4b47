"""Codes between researchkit codebooks and REFI-QDA code trees.

REFI-QDA codes have a GUID, a name, an optional colour and ``Description``, and
children. researchkit codes also have a stable id, an English name, include/exclude
criteria, examples and auto-coding rules. On export the definition travels in the
``Description`` as labelled paragraphs (so NVivo or ATLAS.ti users see the whole
definition); on import those paragraphs are split back.

Imported codes get ids made from their names (``"Drugs smokkel"`` -> ``Drugs_smokkel``);
a name used twice at different levels gets its parent's id in front
(``competencies.programming``). Hierarchy written into names by tools that export a
flat list (``Parent::Child``, ``Parent\\Child``) is rebuilt.

Examples
--------
>>> text = describe_code("Signalen", include="Waarnemingen", exclude="", examples=("Om drie uur 's nachts.",))
>>> print(text)
Signalen
<BLANKLINE>
Include: Waarnemingen
<BLANKLINE>
Example: Om drie uur 's nachts.
>>> parse_description(text)["examples"]
["Om drie uur 's nachts."]
>>> make_code_id("2022-05-10T02:05:59Z 19e4dce", set())
'2022-05-10T02-05-59Z_19e4dce'
>>> split_hierarchy("Signalen::Verdacht gedrag")
['Signalen', 'Verdacht gedrag']
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterable, Sequence

__all__ = ["describe_code", "parse_description", "make_code_id", "split_hierarchy", "normalise_color"]

_LABELS = {"include": "Include: ", "exclude": "Exclude: ", "examples": "Example: "}
_SEPARATORS = re.compile(r"\s*(?:::|\\)\s*")


def _as_text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "\n".join(str(v) for v in value)
    return str(value or "")


def describe_code(description: str, *, include: Any = "", exclude: Any = "", examples: Sequence[str] = ()) -> str:
    """The ``Description`` written for a code: definition, then labelled criteria and examples.

    Examples
    --------
    >>> describe_code("Def", exclude=["a", "b"])
    'Def\\n\\nExclude: a\\nExclude: b'
    """
    parts = [description.strip()] if description and description.strip() else []
    for key, value in (("include", include), ("exclude", exclude)):
        items = [v for v in (value if isinstance(value, (list, tuple)) else [value]) if str(v or "").strip()]
        if items:
            parts.append("\n".join(_LABELS[key] + str(v).strip() for v in items))
    if examples:
        parts.append("\n".join(_LABELS["examples"] + str(e).strip() for e in examples))
    return "\n\n".join(parts)


def parse_description(text: str | None) -> dict[str, Any]:
    """Split a ``Description`` written by :func:`describe_code` into its parts.

    Lines starting with ``Include:``, ``Exclude:`` or ``Example:`` become criteria and
    examples; everything else is the definition. A description written elsewhere
    without those labels is all definition.

    Examples
    --------
    >>> parse_description("Def\\nmore\\n\\nInclude: x")
    {'description': 'Def\\nmore', 'include': ['x'], 'exclude': [], 'examples': []}
    """
    out: dict[str, Any] = {"description": "", "include": [], "exclude": [], "examples": []}
    rest: list[str] = []
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        for key, label in _LABELS.items():
            if line.startswith(label):
                out[key].append(line[len(label):].strip())
                break
        else:
            rest.append(line)
    out["description"] = "\n".join(rest).strip()
    return out


def make_code_id(name: str, taken: set[str], *, parent: str | None = None, numbers: dict[str, int] | None = None) -> str:
    """A valid, unused code id made from a code name (ASCII letters, digits, ``._-``).

    Parameters
    ----------
    name
        The code's name.
    taken
        Ids already used (the new id is added to it).
    parent
        The parent's id, put in front when the bare name is taken.
    numbers
        Optional: kept by a caller that makes many ids into the same ``taken`` (which only grows), the last
        ``-n`` given to each id, so that the next search for a free number goes on from it (without it, a
        thousand codes of one name take a million look-ups). The ids made are the same with or without it.

    Examples
    --------
    >>> taken = set()
    >>> make_code_id("Smokkel (drugs)", taken), make_code_id("Smokkel (drugs)", taken, parent="SIG")
    ('Smokkel_drugs', 'SIG.Smokkel_drugs')
    >>> make_code_id("Été", taken)
    'Ete'
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name.replace(":", "-")).strip("_.-") or "code"
    if not slug[0].isalnum():
        slug = "c" + slug
    candidates = [slug] + ([f"{parent}.{slug}"] if parent else [])
    for candidate in candidates:
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    n = 2 if numbers is None else numbers.get(candidates[-1], 2)  # the numbers below were taken and still are
    while f"{candidates[-1]}-{n}" in taken:
        n += 1
    if numbers is not None:
        numbers[candidates[-1]] = n
    taken.add(f"{candidates[-1]}-{n}")
    return f"{candidates[-1]}-{n}"


def split_hierarchy(name: str) -> list[str]:
    """Split a name with hierarchy written into it (``A::B``, ``A\\B``) into its levels.

    Examples
    --------
    >>> split_hierarchy("a\\\\b\\\\c"), split_hierarchy("plain name")
    (['a', 'b', 'c'], ['plain name'])
    """
    parts = [p for p in _SEPARATORS.split(name) if p.strip()]
    return parts or [name]


def normalise_color(value: str | None) -> str | None:
    """``#RGB``/``#RRGGBB`` in any case -> ``#RRGGBB`` upper case; anything else -> ``None``.

    Examples
    --------
    >>> normalise_color("#a1b"), normalise_color("#00ff00"), normalise_color("red")
    ('#AA11BB', '#00FF00', None)
    """
    if not value:
        return None
    v = value.strip()
    if re.fullmatch(r"#[0-9A-Fa-f]{3}", v):
        v = "#" + "".join(ch * 2 for ch in v[1:])
    return v.upper() if re.fullmatch(r"#[0-9A-Fa-f]{6}", v) else None


def walk(tree: Iterable[dict]) -> Iterable[dict]:
    """Every node of a nested ``{"children": [...]}`` tree, depth first."""
    for node in tree:
        yield node
        yield from walk(node.get("children", ()))

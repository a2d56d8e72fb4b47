"""Sets of a REFI-QDA project: document groups that carry a variable become attributes, the rest are listed.

ATLAS.ti exports its document groups as ``<Set>``\\s, and researchers name groups after a
variable and its value (``gender: male``, ``age::67``) because ATLAS.ti 8 has no other
place for document variables. researchkit has no sets, but it has document attributes:

* a set of documents only, named ``variable: value`` (or ``variable::value``), becomes the
  attribute ``variable = value`` of its documents, unless a document is in two sets of
  the same variable (then those sets are listed) or already has that attribute from the
  project's variables (the variable's value is kept, warned);
* every other set is listed in the report with its members by name (documents, codes,
  and members researchkit did not import), so the grouping can be rebuilt by hand.

Examples
--------
>>> set_variable("gender: male"), set_variable("age::67"), set_variable("Text files"), set_variable("http://x")
(('gender', 'male'), ('age', '67'), None, None)
"""

from __future__ import annotations

import re
from typing import Any

from researchkit.refi.model import ExchangeReport, norm_guid
from researchkit.refi.xmlread import kid, kids, local

__all__ = ["set_variable", "member_names", "set_attributes", "list_code_sets"]

_VARIABLE = re.compile(r"^\s*([^:/\\]+?)\s*::?\s*([^:\s].*?)\s*$")


def set_variable(name: str | None) -> tuple[str, str] | None:
    """``(variable, value)`` when a set's name reads ``variable: value`` or ``variable::value``, else ``None``."""
    m = _VARIABLE.match(name or "")
    if m is None or "://" in (name or ""):
        return None
    return m.group(1), m.group(2)


def member_names(root: Any, code_names: dict[str, str]) -> dict[str, str]:
    """``GUID -> name`` of everything a set may hold: sources of any kind, their selections, codes."""
    names = dict(code_names)
    sources = kid(root, "Sources")
    for src in list(sources) if sources is not None else []:
        if local(src):
            names.setdefault(norm_guid(src.get("guid")) or "", f"{local(src)} '{src.get('name') or ''}'")
    return names


def _listing(members: list[str], names: dict[str, str], what: str) -> str:
    shown = [names.get(g, f"{g or '(no GUID)'} (not in the project)") for g in members[:10]]
    more = f" and {len(members) - 10} more" if len(members) > 10 else ""
    return f"{len(members)} {what}: {', '.join(shown)}{more}"


def _describe(s: Any, names: dict[str, str]) -> str:
    parts = [_listing([norm_guid(m.get("targetGUID")) or "" for m in kids(s, tag)], names, what)
             for tag, what in (("MemberSource", "source(s)"), ("MemberCode", "code(s)"))]
    return "; ".join(p for p in parts if not p.startswith("0 ")) or "empty"


def set_attributes(root: Any, guid_to_doc: dict[str, str], attributes: dict[str, dict], names: dict[str, str],
                   report: ExchangeReport) -> None:
    """Put ``variable: value`` document sets into ``attributes`` (``doc_id -> dict``, changed in place); list the rest."""
    sets_el = kid(root, "Sets")
    all_sets = kids(sets_el, "Set") if sets_el is not None else []
    doc_names = {g: f"'{d}'" for g, d in guid_to_doc.items()}
    shown = {**{norm_guid(s.get("guid")) or "": f"set '{s.get('name') or ''}'" for s in all_sets}, **names, **doc_names}
    candidates: dict[str, list[tuple[Any, str, list[str]]]] = {}
    for s in all_sets:
        pair = set_variable(s.get("name"))
        docs = list(dict.fromkeys(guid_to_doc.get(norm_guid(m.get("targetGUID")) or "") for m in kids(s, "MemberSource")))
        if pair and docs and None not in docs and not kids(s, "MemberCode"):
            candidates.setdefault(pair[0], []).append((s, pair[1], docs))
    used: set[int] = set()
    for variable, entries in candidates.items():
        docs = [d for _, _, ds in entries for d in ds]
        if len(docs) != len(set(docs)):
            continue  # a document in two groups of one variable: not a variable after all
        for s, value, ds in entries:
            used.add(id(s))
            for doc_id in ds:
                have = attributes[doc_id].get(variable)
                if have is not None and str(have) != value:
                    report.warnings.append(f"'{doc_id}': set '{s.get('name')}' says {variable} = {value!r}, the project's "
                                           f"variables say {have!r}; the variable's value is kept")
                attributes[doc_id].setdefault(variable, value)
            report.warnings.append(f"set '{s.get('name')}' read as attribute {variable} = {value!r} of "
                                   f"{_listing(list(dict.fromkeys(norm_guid(m.get('targetGUID')) or '' for m in kids(s, 'MemberSource'))), shown, 'document(s)')}")
    for s in all_sets:
        if id(s) not in used:
            report.not_carried.append(f"set '{s.get('name') or norm_guid(s.get('guid'))}' ({_describe(s, shown)}): "
                                      "researchkit has no sets")


def list_code_sets(root: Any, code_names: dict[str, str], report: ExchangeReport) -> None:
    """List the sets of a codebook (``.qdc``) with their codes by name."""
    sets_el = kid(root, "Sets")
    for s in kids(sets_el, "Set") if sets_el is not None else []:
        report.not_carried.append(f"code set '{s.get('name')}' ({_describe(s, code_names)}): researchkit has no code sets")

"""Sets of a REFI-QDA project: document groups become attributes (and go out again as sets), the rest are listed.

ATLAS.ti and MAXQDA export their document groups (and MAXQDA its document sets) as
``<Set>``\\s of sources; researchers analyse "per group". researchkit has no sets, but it
has document attributes:

* a set of documents only, named ``variable: value`` (or ``variable::value``, as ATLAS.ti 8
  users name groups for want of document variables), becomes the attribute
  ``variable = value`` of its documents, unless a document is in two sets of the same
  variable or already has that attribute from the project's variables (the variable's
  value is kept, warned);
* the other sets of documents only are document groups (MAXQDA's ``ICLS 2024``,
  ``ICLS 2025``): when no document is in two of them, each document gets the attribute
  ``document_group`` = the set's name (one column to analyse by); when a document is in
  several (overlapping document sets, or a group and a set), every such set becomes a
  yes/no attribute ``set: <name>``, true for its documents (empty for the others), so no
  membership is lost;
* every other set (holding codes, notes or members researchkit did not import) is listed in
  the report with its members by name, so the grouping can be rebuilt by hand.

On export (:func:`write_sets`) the attributes ``document_group`` and ``set: <name>`` are
written back as ``<Set>``\\s of sources (and, as every attribute, as variables), so a
round trip keeps the groups.

Examples
--------
>>> set_variable("gender: male"), set_variable("age::67"), set_variable("Text files"), set_variable("http://x")
(('gender', 'male'), ('age', '67'), None, None)
"""

from __future__ import annotations

import math
from typing import Any, Iterable

from researchkit.refi.model import ExchangeReport, attribute_text, norm_guid, stable_guid
from researchkit.refi.xmlread import kid, kids, local, note_refs, text_of

__all__ = ["set_variable", "member_guid", "member_names", "set_attributes", "list_code_sets", "document_sets", "write_sets",
           "GROUP_ATTRIBUTE", "SET_PREFIX"]

#: The attribute holding a document's group, and the prefix of the yes/no attribute of a set.
GROUP_ATTRIBUTE = "document_group"
SET_PREFIX = "set: "

def set_variable(name: str | None) -> tuple[str, str] | None:
    """``(variable, value)`` when a set's name reads ``variable: value`` or ``variable::value``, else ``None``.

    Read without a regular expression: a name of thousands of spaces took minutes to refuse.

    Examples
    --------
    >>> set_variable(" : value"), set_variable("variable:"), set_variable("a/b: c"), set_variable("x:: y :: z")
    (None, None, None, ('x', 'y :: z'))
    """
    text = (name or "").strip()
    variable, colon, rest = text.partition(":")
    variable = variable.strip()
    value = (rest[1:] if rest.startswith(":") else rest).strip()
    if (not colon or "://" in text or not variable or not value or value.startswith(":")
            or any(ch in variable for ch in "/\\") or "\n" in value):
        return None
    return variable, value


def member_guid(member: Any) -> str:
    """The GUID a set's ``<MemberSource>``/``<MemberCode>``/``<MemberNote>`` points to, normalised (``""`` if none).

    The standard names it ``targetGUID``; ATLAS.ti 23's codebooks (``.qdc``) write ``guid``
    instead (``<MemberCode guid="1FF58B12-..."/>``), so that is read when ``targetGUID`` is missing.

    Examples
    --------
    >>> from lxml import etree
    >>> member_guid(etree.fromstring('<MemberCode guid="{1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294}"/>'))
    '1ff58b12-6f6f-4b0c-8be5-bbdc91f55294'
    >>> member_guid(etree.fromstring('<MemberSource/>'))
    ''
    """
    return norm_guid(member.get("targetGUID") or member.get("guid")) or ""


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
    parts = [_listing([member_guid(m) for m in kids(s, tag)], names, what)
             for tag, what in (("MemberSource", "source(s)"), ("MemberCode", "code(s)"))]
    listed = "; ".join(p for p in parts if not p.startswith("0 ")) or "empty"
    description = (text_of(s, "Description") or "").strip()
    return f"{listed}; described {description[:200]!r}" if description else listed


def set_attributes(root: Any, guid_to_doc: dict[str, str], attributes: dict[str, dict], names: dict[str, str],
                   report: ExchangeReport, memos: Any = None) -> None:
    """Put ``variable: value`` document sets into ``attributes`` (``doc_id -> dict``, changed in place); list the rest.

    ``memos`` (a :class:`~researchkit.refi.memos.NoteCollector`) keeps what a set read as attributes says
    about itself: its ``<Description>`` (MAXQDA's memo on a document group) and its notes become project
    memos named after the set; without it they are listed as not carried over.
    """
    sets_el = kid(root, "Sets")
    all_sets = kids(sets_el, "Set") if sets_el is not None else []
    doc_names = {g: f"'{d}'" for g, d in guid_to_doc.items()}
    shown = {**{norm_guid(s.get("guid")) or "": f"set '{s.get('name') or ''}'" for s in all_sets}, **names, **doc_names}
    candidates: dict[str, list[tuple[Any, str, list[str]]]] = {}
    for s in all_sets:
        pair = set_variable(s.get("name"))
        docs = list(dict.fromkeys(guid_to_doc.get(member_guid(m)) for m in kids(s, "MemberSource")))
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
                                   f"{_listing(list(dict.fromkeys(member_guid(m) for m in kids(s, 'MemberSource'))), shown, 'document(s)')}")
    groups = []
    for s in all_sets:
        docs = list(dict.fromkeys(guid_to_doc.get(member_guid(m)) for m in kids(s, "MemberSource")))
        name = (s.get("name") or "").strip()
        if (id(s) not in used and name and "\n" not in name and docs and None not in docs
                and not kids(s, "MemberCode") and not kids(s, "MemberNote")):
            groups.append((s, name, docs))
            used.add(id(s))
    _group_attributes(groups, attributes, report)
    for s in all_sets:
        if id(s) in used:
            _keep_set_memos(s, report, memos)
    for s in all_sets:
        if id(s) not in used:
            report.not_carried.append(f"set '{s.get('name') or norm_guid(s.get('guid'))}' ({_describe(s, shown)}): "
                                      "researchkit has no sets")


def _keep_set_memos(s: Any, report: ExchangeReport, memos: Any) -> None:
    """The description and notes of a set that became attributes, as project memos named after the set."""
    name = f"set '{s.get('name') or ''}'"
    description = (text_of(s, "Description") or "").strip()
    refs = note_refs(s)
    if memos is None:
        if description or refs:
            report.not_carried.append(f"the description or notes of {name}: no place for them")
        return
    if description:
        memos.selection_comment(description, "project", "", norm_guid(s.get("guid")) or name,
                                name, memos.default_author, None)
        report.warnings.append(f"the description of {name} kept as a project memo named {name!r}")
    memos.attach(refs, "project", "", place=f"(on {name})")


def _group_attributes(groups: list[tuple[Any, str, list[str]]], attributes: dict[str, dict],
                      report: ExchangeReport) -> None:
    """Document groups as ``document_group`` (no document in two) or as yes/no ``set: <name>`` attributes."""
    if not groups:
        return
    merged: dict[str, dict[str, None]] = {}
    for _, name, docs in groups:  # two sets of one name: one group
        merged.setdefault(name, {}).update(dict.fromkeys(docs))
    members = {name: list(docs) for name, docs in merged.items()}
    counts: dict[str, int] = {}
    for docs in members.values():
        for d in docs:
            counts[d] = counts.get(d, 0) + 1
    clash = [d for name, docs in members.items() for d in docs
             if attributes[d].get(GROUP_ATTRIBUTE) is not None and str(attributes[d][GROUP_ATTRIBUTE]) != name]
    if all(c == 1 for c in counts.values()) and not clash:
        for name, docs in members.items():
            for d in docs:
                attributes[d].setdefault(GROUP_ATTRIBUTE, name)
            report.warnings.append(f"set '{name}' read as attribute {GROUP_ATTRIBUTE} = {name!r} of "
                                   f"{_documents(docs)}")
        return
    why = (f"a document is in {max(counts.values())} of them" if max(counts.values()) > 1
           else f"the project's variables already give {GROUP_ATTRIBUTE} other values")
    for name, docs in members.items():
        attr = SET_PREFIX + name
        for d in docs:
            have = attributes[d].get(attr)
            if have is not None and have is not True and str(have).strip().lower() not in ("true", "yes", "1"):
                report.warnings.append(f"'{d}': set '{name}' holds it, the project's variables say {attr} = {have!r}; "
                                       "the variable's value is kept")
            attributes[d].setdefault(attr, True)
        report.warnings.append(f"set '{name}' read as yes/no attribute {attr!r} (true for "
                               f"{_documents(docs)}): {why}, so "
                               f"one {GROUP_ATTRIBUTE} per document cannot hold the sets")


def _documents(docs: list[str]) -> str:
    more = f" and {len(docs) - 10} more" if len(docs) > 10 else ""
    return f"{len(docs)} document(s): {', '.join(repr(d) for d in docs[:10])}{more}"


def _yes(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value == 1
    return str(value).strip().lower() in ("true", "yes", "1")


def document_sets(documents: Iterable[tuple[str, dict]]) -> list[tuple[str, str, list[str]]]:
    """``(kind, set name, doc ids)`` of the sets the attributes ``document_group`` and ``set: <name>`` describe.

    ``kind`` is ``document_group`` or ``set``; groups first, each kind by name; documents in
    the order given. Empty values, and ``set:`` attributes that are not true, make no member.

    Examples
    --------
    >>> document_sets([("a", {"document_group": "ICLS 2024", "set: Core": True}), ("b", {"document_group": "ICLS 2025"}),
    ...                ("c", {"document_group": "ICLS 2024", "set: Core": False})])
    [('document_group', 'ICLS 2024', ['a', 'c']), ('document_group', 'ICLS 2025', ['b']), ('set', 'Core', ['a'])]
    """
    found: dict[tuple[str, str], list[str]] = {}
    for doc_id, attributes in documents:
        for key, value in attributes.items():
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            key = str(key)
            if key == GROUP_ATTRIBUTE and attribute_text(value).strip():
                found.setdefault((GROUP_ATTRIBUTE, attribute_text(value).strip()), []).append(doc_id)
            elif key.startswith(SET_PREFIX) and key[len(SET_PREFIX):].strip() and _yes(value):
                found.setdefault(("set", key[len(SET_PREFIX):].strip()), []).append(doc_id)
    order = {GROUP_ATTRIBUTE: 0, "set": 1}
    return [(kind, name, docs) for (kind, name), docs in sorted(found.items(), key=lambda kv: (order[kv[0][0]], kv[0][1]))]


def write_sets(xs: Any, project_name: Any, documents: Iterable[tuple[str, dict]], doc_guids: dict[str, str]) -> int:
    """Write ``<Sets>`` of sources for :func:`document_sets` (nothing when there are none); the number of sets.

    GUIDs are name-based (the same sets give the same GUIDs on every export).
    """
    sets = document_sets(documents)
    if not sets:
        return 0
    xs.start("Sets")
    for kind, name, docs in sets:
        xs.start("Set", {"guid": stable_guid(project_name, "set", kind, name).upper(), "name": name})
        for doc_id in docs:
            xs.leaf("MemberSource", {"targetGUID": doc_guids[doc_id].upper()})
        xs.end()
    xs.end()
    return len(sets)


def list_code_sets(root: Any, code_names: dict[str, str], report: ExchangeReport) -> None:
    """List the sets of a codebook (``.qdc``) with their codes by name."""
    sets_el = kid(root, "Sets")
    for s in kids(sets_el, "Set") if sets_el is not None else []:
        report.not_carried.append(f"code set '{s.get('name')}' ({_describe(s, code_names)}): researchkit has no code sets")

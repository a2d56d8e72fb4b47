"""Small helpers for reading QDA-XML whatever its namespace version, and the report's warning.

Elements are matched by local name (``{*}Code``), so ``urn:QDA-XML:project:1.0``,
``urn:QDA-XML:codebook:0:4`` and files without a namespace read alike.

Examples
--------
>>> from lxml import etree
>>> root = etree.fromstring(b'<P xmlns="urn:QDA-XML:project:1.0"><Description>x</Description><NoteRef targetGUID="{AB}"/></P>')
>>> local(root), text_of(root, "Description"), note_refs(root)
('P', 'x', ['ab'])
"""

from __future__ import annotations

import re

import warnings
from typing import Any

from lxml import etree

from researchkit.errors import ExchangeError, ExchangeWarning
from researchkit.refi.model import ExchangeReport, norm_guid
from researchkit.refi.validate import validate_xml

__all__ = ["local", "kids", "kid", "text_of", "note_refs", "schema_check", "schema_summary", "emit"]


def local(el: Any) -> str:
    """The element's name without namespace (``""`` for comments and processing instructions)."""
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def kids(el: Any, name: str) -> list:
    """Children called ``name`` in any (or no) namespace."""
    return list(el.iterchildren("{*}" + name))


def kid(el: Any, name: str) -> Any:
    """The first child called ``name``, or ``None``."""
    return next(el.iterchildren("{*}" + name), None)


def text_of(el: Any, name: str) -> str | None:
    """Text of the first child called ``name`` (``""`` when empty), ``None`` when there is none."""
    child = kid(el, name)
    return None if child is None else (child.text or "")


def note_refs(el: Any) -> list[str]:
    """GUIDs of the notes an element refers to (``<NoteRef targetGUID=...>``), normalised."""
    return [norm_guid(r.get("targetGUID")) for r in kids(el, "NoteRef") if r.get("targetGUID")]


def schema_check(root: Any, kind: str, where: str, report: ExchangeReport, strict: bool) -> None:
    """Schema problems as warnings (or ``RK603`` with ``strict``); another namespace is noted."""
    ns = etree.QName(root).namespace or ""
    expected = "urn:QDA-XML:project:1.0" if kind == "project" else "urn:QDA-XML:codebook:1.0"
    if ns != expected:
        report.warnings.append(f"namespace {ns!r} instead of {expected!r}; read by element names")
    problems = validate_xml(root, kind, where=where)
    if problems and strict:
        raise ExchangeError("RK603", where, "not valid against the REFI-QDA schema: " + "; ".join(problems[:5]),
                            hint="read it without strict=True to import it with warnings")
    if problems:
        report.warnings.append(f"not valid against the REFI-QDA schema, read anyway: {schema_summary(problems)}")


_NOT_GUID = re.compile(r"The value ('[^']*') is not accepted by the pattern '[^']*\[0-9a-fA-F\]\{8\}[^']*'\.?")
_LINE = re.compile(r", line (\d+): ")
#: An empty container (Taguette writes ``<Sets/>``): said in plain words, since nothing in it can be lost.
_EMPTY = re.compile(r"Element '(?:\{[^}]*\})?(\w+)': Missing child element\(s\)\. Expected is \( (?:\{[^}]*\})?(\w+) \)\.")


def schema_summary(problems: list[str], *, groups: int = 3) -> str:
    """Schema problems in a few words: alike problems (the same complaint about other values) once, with their lines.

    Examples
    --------
    >>> p = ["f.qdc, line 8: Element 'Code', attribute 'guid': [facet 'pattern'] The value 'c001' is not accepted by the "
    ...      "pattern '([0-9a-fA-F]{8}-[0-9a-fA-F]{4})'.", "f.qdc, line 15: Element 'Code', attribute 'guid': [facet 'pattern'] "
    ...      "The value 'c21' is not accepted by the pattern '([0-9a-fA-F]{8}-[0-9a-fA-F]{4})'."]
    >>> schema_summary(p)
    "f.qdc, line 8: Element 'Code', attribute 'guid': [facet 'pattern'] The value 'c001' is not a GUID (and 1 more like it: line 15 'c21')"
    >>> schema_summary(["t.qdc, line 2: Element '{urn:QDA-XML:codebook:1.0}Sets': Missing child element(s). Expected is "
    ...                 "( {urn:QDA-XML:codebook:1.0}Set )."])
    't.qdc, line 2: an empty <Sets/>, which the schema does not allow (it wants at least one <Set>; an empty one holds nothing to lose)'
    """
    grouped: dict[str, list[tuple[str, str, str]]] = {}
    for problem in problems:
        short = _NOT_GUID.sub(lambda m: f"The value {m.group(1)} is not a GUID", problem)
        short = _EMPTY.sub(lambda m: f"an empty <{m.group(1)}/>, which the schema does not allow (it wants at least one "
                                     f"<{m.group(2)}>; an empty one holds nothing to lose)", short)
        line = _LINE.search(short)
        value = re.search(r"The value ('[^']*')", short)
        key = re.sub(r"The value '[^']*'", "The value", _LINE.sub(", line: ", short))
        grouped.setdefault(key, []).append((short, line.group(1) if line else "?", value.group(1) if value else ""))
    parts = []
    for items in list(grouped.values())[:groups]:
        first, rest = items[0][0], items[1:]
        alike = ", ".join(f"line {n} {v}".strip() for _, n, v in rest[:5]) + (", …" if len(rest) > 5 else "")
        parts.append(first + (f" (and {len(rest)} more like it: {alike})" if rest else ""))
    more = len(grouped) - groups
    return "; ".join(parts) + (f"; and {more} other kind(s) of problem" if more > 0 else "")


def emit(report: ExchangeReport) -> None:
    """One :class:`~researchkit.errors.ExchangeWarning` summing up the report's warnings and losses."""
    if report.warnings or report.not_carried:
        parts = report.warnings[:3] + report.not_carried[:3]
        more = len(report.warnings) + len(report.not_carried) - len(parts)
        warnings.warn(f"{report.path}: " + "; ".join(parts) + (f"; and {more} more (see the import report)" if more else ""),
                      ExchangeWarning, stacklevel=4)

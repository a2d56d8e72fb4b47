"""Validation against the REFI-QDA schemas shipped with researchkit (``refi/schemas``).

``Project.xsd`` is the published QDA-XML 1.0 project schema; ``Codebook.xsd`` is the
codebook schema transcribed from the REFI-QDA 1.5 specification (see
``schemas/NOTICE.md`` for provenance and the MIT licence). Files other programs wrote
often use another namespace version (``urn:QDA-XML:codebook:0:4``) or break the schema
in harmless ways (an empty ``<Sets/>``); reading them is lenient (problems become
warnings), writing is strict.

Examples
--------
>>> validate_xml(b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>', "codebook", where="x.qdc")
["x.qdc, line 1: Element '{urn:QDA-XML:codebook:1.0}Codes': Missing child element(s). Expected is ( {urn:QDA-XML:codebook:1.0}Code )."]
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree

from researchkit.errors import ExchangeError

__all__ = ["SCHEMA_DIR", "schema", "validate_xml"]

#: Folder of the shipped schemas.
SCHEMA_DIR = Path(__file__).with_name("schemas")
_FILES = {"project": ("Project.xsd", "urn:QDA-XML:project:1.0"), "codebook": ("Codebook.xsd", "urn:QDA-XML:codebook:1.0")}


@lru_cache(maxsize=None)
def schema(kind: str) -> etree.XMLSchema:
    """The compiled schema for ``"project"`` or ``"codebook"``."""
    name, _ = _FILES[kind]
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / name), parser))


def _retarget(root: etree._Element, target: str) -> etree._Element:
    """A copy of ``root`` with every element moved into namespace ``target`` (for versions like ``0:4``)."""
    copy = etree.fromstring(etree.tostring(root))
    for el in copy.iter():
        if isinstance(el.tag, str):
            el.tag = f"{{{target}}}{etree.QName(el).localname}"
    etree.cleanup_namespaces(copy)
    return copy


def validate_xml(data: bytes | etree._Element, kind: str, *, where: str, strict: bool = False) -> list[str]:
    """Validate QDA-XML against the shipped schema; return the problems (empty list when valid).

    Parameters
    ----------
    data
        XML bytes or a parsed root element.
    kind
        ``"project"`` (``.qde``) or ``"codebook"`` (``.qdc``).
    where
        File named in the messages.
    strict
        Raise :class:`~researchkit.errors.ExchangeError` (``RK603``) instead of returning problems.
    """
    if kind not in _FILES:
        raise ExchangeError("RK606", where, f"unknown schema kind {kind!r}", hint="use 'project' or 'codebook'")
    root = data if isinstance(data, etree._Element) else etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    target = _FILES[kind][1]
    namespace = etree.QName(root).namespace
    if namespace != target:
        root = _retarget(root, target)
    checker = schema(kind)
    if checker.validate(root):
        return []
    problems = [f"{where}, line {e.line}: {e.message}" for e in checker.error_log]
    if strict:
        raise ExchangeError("RK603", where, f"not valid against {_FILES[kind][0]}: " + "; ".join(problems[:5]),
                            hint="this is a bug in the writer if researchkit wrote the file; please report it")
    return problems

"""Untrusted XML for the annotation-format readers (ELAN, Transcriber, EXMARaLDA): parsed safely, errors placed.

:func:`parse_annotation_xml` parses with lxml and never fetches anything: no DTD is loaded
(Transcriber's ``<!DOCTYPE Trans SYSTEM "trans-14.dtd">`` is kept as written and not read),
no entity is resolved and no network is used. A document that declares entities of its own
(``<!ENTITY lol "...">``, the "billion laughs") or uses an entity that nothing defines is
refused; nesting deeper than libxml2's limit (256 levels) is an error, not a crash. The
encoding comes from the byte-order mark or the XML declaration (ISO-8859-1 in old
Transcriber files); a file declared (or taken as) UTF-8 whose bytes are not UTF-8 is read as
Windows-1252 with a note, the mistake editors make when they save Latin-1 text.

Every error carries the caller's catalogue code (RK163 ELAN, RK165 Transcriber, RK166
EXMARaLDA), the line and what to do.

Examples
--------
>>> root, notes = parse_annotation_xml("a.trs", b'<?xml version="1.0" encoding="ISO-8859-1"?><Trans><T>caf\\xe9</T></Trans>',
...                                    code="RK165", what="Transcriber")
>>> local_name(root), root[0].text, notes
('Trans', 'café', [])
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from researchkit.errors import TranscriptError

__all__ = ["parse_annotation_xml", "local_name", "element_line", "child", "children", "attribute"]

_PARSER_OPTIONS = dict(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, dtd_validation=False,
                       remove_comments=True, remove_pis=True)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_DECLARED_ENCODING = re.compile(rb"^(\s*<\?xml[^>]{0,200}?encoding\s*=\s*)([\"'])([A-Za-z0-9._-]{1,40})\2")
_ENCODING_ERRORS = ("Invalid bytes in character encoding", "not proper UTF-8", "Input is not proper UTF-8")


def local_name(element: object) -> str:
    """An element's tag without its namespace (``""`` for an entity reference or other node).

    Examples
    --------
    >>> local_name(etree.fromstring(b'<a xmlns="http://www.mpi.nl/tools/elan"/>'))
    'a'
    """
    tag = getattr(element, "tag", None)
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def element_line(element: object) -> str:
    """``"line N, <TAG>"`` for messages (``"<TAG>"`` when lxml knows no line)."""
    line = getattr(element, "sourceline", None)
    return f"line {line}, <{local_name(element)}>" if line else f"<{local_name(element)}>"


def children(element: etree._Element, name: str) -> list[etree._Element]:
    """The element's children called ``name`` (any namespace), in document order."""
    return [c for c in element if local_name(c) == name]


def child(element: etree._Element, name: str) -> etree._Element | None:
    """The element's first child called ``name`` (any namespace), or ``None``."""
    return next((c for c in element if local_name(c) == name), None)


def attribute(element: etree._Element, name: str) -> str | None:
    """An attribute by its name without namespace (``xml:lang`` is found as ``lang``), stripped; ``None`` if absent."""
    for key, value in element.attrib.items():
        if key.rsplit("}", 1)[-1] == name:
            return value.strip()
    return None


def parse_annotation_xml(path: str | Path, data: bytes, *, code: str, what: str) -> tuple[etree._Element, list[str]]:
    """Parse an annotation file's XML safely (see the module docstring); the root element and notes.

    Parameters
    ----------
    path
        For messages.
    data
        The file's bytes.
    code
        The catalogue code of the caller's format (``RK163``, ``RK165``, ``RK166``).
    what
        The format's name for messages (``"ELAN"``).

    Raises
    ------
    TranscriptError
        ``code`` for XML that is not well-formed, nests too deeply, declares or uses entities.

    Examples
    --------
    >>> parse_annotation_xml("x.eaf", b"<a><b></a>", code="RK163", what="ELAN")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    researchkit.errors.TranscriptError: [RK163] x.eaf, line 1: is not well-formed XML (Opening and ending tag mismatch: b line 1 and a)...
    """
    notes: list[str] = []
    try:
        root = _parse(data)
    except etree.XMLSyntaxError as err:
        fixed = _as_cp1252(data) if any(e in str(err) for e in _ENCODING_ERRORS) else None
        if fixed is None:
            raise _syntax_error(path, err, code, what) from None
        try:
            root = _parse(fixed)
        except etree.XMLSyntaxError as err2:
            raise _syntax_error(path, err2, code, what) from None
        notes.append(f"the file says it is UTF-8 but its bytes are not; decoded as cp1252 (Windows Latin-1). If characters "
                     f"look wrong, save the {what} file again as UTF-8")
    if root is None:
        raise TranscriptError(code, path, "holds no XML element", hint=f"export the {what} file again")
    dtd = root.getroottree().docinfo.internalDTD
    declared = [e.name for e in dtd.iterentities()] if dtd is not None else []
    if declared:
        raise TranscriptError(
            code, path, f"declares its own XML entities ({', '.join(map(repr, declared[:5]))}); they are refused, since "
            "entities can expand to gigabytes or read other files", location="the DOCTYPE",
            hint=f"remove the <!ENTITY ...> declarations, or save the file again from {what}, which never writes them")
    for node in root.iter(etree.Entity):
        raise TranscriptError(
            code, path, f"uses the entity {node.text!r}, which nothing in the file defines (no DTD is read)",
            location=f"line {node.sourceline}" if node.sourceline else None,
            hint="replace it by the character it stands for, or by a character reference such as &#233;")
    return root, notes


def _parse(data: bytes) -> etree._Element | None:
    return etree.fromstring(data, etree.XMLParser(**_PARSER_OPTIONS))


def _as_cp1252(data: bytes) -> bytes | None:
    """The bytes re-encoded as UTF-8 from Windows-1252, when they were taken for UTF-8 and are not; else ``None``."""
    if data.startswith(_BOMS):
        return None
    declared = _DECLARED_ENCODING.match(data)
    if declared is not None and declared.group(3).lower().replace(b"_", b"-") not in {b"utf-8", b"utf8"}:
        return None  # a declared legacy encoding that is wrong too: report the error as lxml saw it
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    encoded = data.decode("cp1252", errors="replace").encode("utf-8")  # the five bytes cp1252 leaves undefined: U+FFFD
    return _DECLARED_ENCODING.sub(rb'\1"UTF-8"', encoded, count=1)


def _syntax_error(path: str | Path, err: etree.XMLSyntaxError, code: str, what: str) -> TranscriptError:
    message = str(getattr(err, "msg", "") or err)
    message = re.sub(r", line \d+, column \d+$", "", message)
    line = getattr(err, "lineno", None)
    if "Excessive depth" in message:
        return TranscriptError(code, path, "nests XML elements more than 256 levels deep; no annotation file does",
                               location=f"line {line}" if line else None,
                               hint=f"check that the file is a {what} file; export it again")
    return TranscriptError(code, path, f"is not well-formed XML ({message})", location=f"line {line}" if line else None,
                           hint=f"the file is damaged or cut short; open it in {what} and save it again, or export it again")

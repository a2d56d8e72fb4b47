"""Untrusted XML transcripts parsed safely: no entities, no DTD loading, no network, bounded depth.

Every XML reader of :mod:`researchkit.io` (OHMS, TEI, TTML/DFXP and the ``.xml`` dispatcher) parses
through :func:`parse_xml`, and sniffs a file's root through :func:`root_name`:

- an ``<!ENTITY`` declaration anywhere is refused (RK121): with entities left unresolved the text
  they stand for would be lost, and resolved they can read local files or expand to gigabytes (the
  "billion laughs"); a plain ``<!DOCTYPE TEI SYSTEM "tei_all.dtd">`` is allowed and never loaded;
- lxml runs with ``resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False``: text
  nodes above 10 MB and elements nested deeper than libxml2's 256 levels are errors, not slow reads;
- a byte-order mark and white space before the XML declaration (some exports write a blank line
  first) are passed over; the encoding is the one the file declares, as XML wants;
- a file that is not well-formed XML is RK121 naming the line and what libxml2 found.

The file's size is already bounded by :func:`researchkit.io.read_transcript` (``max_bytes``).

Examples
--------
>>> root = parse_xml("a.xml", b"\\xef\\xbb\\xbf\\n<?xml version='1.0'?><tt xmlns='http://www.w3.org/ns/ttml'><body/></tt>")
>>> local_name(root), root_name("a.xml", b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><text/></TEI>")
('tt', ('TEI', 'http://www.tei-c.org/ns/1.0'))
"""

from __future__ import annotations

import io
from pathlib import Path

from researchkit.errors import TranscriptError

__all__ = ["parse_xml", "root_name", "local_name", "declares_entities", "element_text"]

_PARSER_OPTIONS = dict(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, dtd_validation=False)
#: ``<!ENTITY`` in every encoding an XML file can start in without a declaration naming another one.
_ENTITY_MARKS = tuple("<!ENTITY".encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")


def declares_entities(data: bytes) -> bool:
    """Whether the bytes hold an ``<!ENTITY`` declaration anywhere.

    Examples
    --------
    >>> declares_entities(b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'), declares_entities(b"<x/>")
    (True, False)
    """
    return any(mark in data for mark in _ENTITY_MARKS)


def _trimmed(data: bytes) -> bytes:
    """The bytes without a UTF-8 byte-order mark and the white space before the first ``<`` (UTF-8 files only)."""
    if data.startswith(_WIDE_BOMS) or data[:4] in (b"\x00\x00\xfe\xff", b"\x00\x00\x00<", b"<\x00\x00\x00"):
        return data
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.lstrip(b" \t\r\n")


def _syntax_error(path: str | Path, err: Exception, what: str) -> TranscriptError:
    line = getattr(err, "lineno", None)
    message = getattr(err, "msg", None) or str(err)
    return TranscriptError(
        "RK121", path, f"is not well-formed XML: {message}", location=f"line {line}" if line else None,
        hint=f"open the file in an XML editor or a browser to see the damage, and export the {what} again",
    )


def _refuse_entities(path: str | Path) -> None:
    raise TranscriptError(
        "RK121", path, "the XML declares entities (<!ENTITY ...>); they are refused, as they can read local files "
        "or expand to gigabytes, and left unexpanded their text would be lost",
        hint="export the transcript again without a DOCTYPE, or replace the entities by their text",
    )


def parse_xml(path: str | Path, data: bytes, *, what: str = "transcript"):
    """Parse untrusted XML bytes into an lxml element tree (see the module docstring).

    Parameters
    ----------
    path
        For messages.
    data
        The file's bytes.
    what
        What to export again, for the advice in errors (``"subtitles"``).

    Returns
    -------
    lxml.etree._Element
        The root element; comments and processing instructions removed.

    Raises
    ------
    TranscriptError
        RK121 for XML that is not well-formed, nests too deep, or declares entities.

    Examples
    --------
    >>> parse_xml("bad.xml", b"<a><b></a>")
    Traceback (most recent call last):
    ...
    researchkit.errors.TranscriptError: [RK121] bad.xml, line 1: is not well-formed XML: Opening and ending tag mismatch: b line 1 and a, line 1, column 11. What to do: open the file in an XML editor or a browser to see the damage, and export the transcript again.
    """
    from lxml import etree

    if declares_entities(data):
        _refuse_entities(path)
    parser = etree.XMLParser(remove_comments=True, remove_pis=True, **_PARSER_OPTIONS)
    try:
        root = etree.fromstring(_trimmed(data), parser)
    except etree.XMLSyntaxError as err:
        raise _syntax_error(path, err, what) from None
    if root is None:
        raise TranscriptError("RK121", path, "is an empty XML document", hint=f"export the {what} again")
    return root


def root_name(path: str | Path, data: bytes) -> tuple[str, str]:
    """The local name and namespace of the file's root element, read from its first bytes only.

    Raises
    ------
    TranscriptError
        RK121 when no element starts before the XML breaks, or when it declares entities.

    Examples
    --------
    >>> root_name("a.xml", b"<?xml version='1.0'?>\\n<ROOT xmlns='https://www.weareavp.com/nunncenter/ohms'><record>")
    ('ROOT', 'https://www.weareavp.com/nunncenter/ohms')
    """
    from lxml import etree

    if declares_entities(data):
        _refuse_entities(path)
    try:
        for _, element in etree.iterparse(io.BytesIO(_trimmed(data)), events=("start",), **_PARSER_OPTIONS):
            qname = etree.QName(element)
            return qname.localname, qname.namespace or ""
    except etree.XMLSyntaxError as err:
        raise _syntax_error(path, err, "transcript") from None
    raise TranscriptError("RK121", path, "is an empty XML document", hint="export the transcript again")


def local_name(element) -> str:
    """An element's tag without its namespace (``""`` for comments and other nodes).

    Examples
    --------
    >>> from lxml import etree
    >>> local_name(etree.fromstring("<t:p xmlns:t='urn:x'/>"))
    'p'
    """
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def element_text(element) -> str:
    """All the text inside an element, white space collapsed to single spaces (for metadata fields).

    Examples
    --------
    >>> from lxml import etree
    >>> element_text(etree.fromstring("<title>  Fred  <b>Noe</b>\\n</title>"))
    'Fred Noe'
    """
    return " ".join("".join(element.itertext()).split())

"""Untrusted XML transcripts parsed safely, with errors placed: the one parser of every XML reader.

The annotation formats (ELAN, Transcriber, EXMARaLDA: :func:`parse_annotation_xml`, with the
caller's catalogue code) and the other XML transcripts (OHMS, TEI, TTML/DFXP and the ``.xml``
dispatcher: :func:`parse_xml`, RK121; :func:`root_name` sniffs a file's root) go through
the same parse:

- an ``<!ENTITY`` declaration anywhere is refused, before parsing (in UTF-8, UTF-16 or UTF-32)
  and again in the parsed DTD: with entities left unresolved the text they stand for would be
  lost, and resolved they can read local files or expand to gigabytes (the "billion laughs");
  an entity that nothing defines is refused too. A plain ``<!DOCTYPE Trans SYSTEM
  "trans-14.dtd">`` is allowed and never loaded. The one exception is ParlParse's
  ``<!DOCTYPE publicwhip [...]>`` of character names (``<!ENTITY mdash "&#8212;">``), which
  :mod:`researchkit.io.charentities` writes out as character references first;
- lxml runs with ``resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False``:
  text nodes above 10 MB and elements nested deeper than libxml2's 256 levels are errors, not
  slow reads;
- a UTF-8 byte-order mark and white space before the XML declaration (some exports write a
  blank line first) are passed over; the encoding comes from the byte-order mark or the XML
  declaration (ISO-8859-1 in old Transcriber files);
- for the annotation formats, a file declared (or taken as) UTF-8 whose bytes are not UTF-8 is
  read as Windows-1252 with a note, the mistake editors make when they save Latin-1 text;
  but UTF-8 text with a few stray cp1252 bytes (a pasted line), which that reading would garble,
  is read as :mod:`researchkit.io.mixedutf8` reads it (each stray byte as its cp1252 character,
  a note naming the lines and bytes); any other XML file taken as UTF-8 whose bytes are not is
  refused: the error names the line, column and bytes of the first bad one and what to do;
- a file that is not well-formed XML is an error naming the line and what libxml2 found.

The file's size is already bounded by :func:`researchkit.io.read_transcript` (``max_bytes``).

Examples
--------
>>> root, notes = parse_annotation_xml("a.trs", b'<?xml version="1.0" encoding="ISO-8859-1"?><Trans><T>caf\\xe9</T></Trans>',
...                                    code="RK165", what="Transcriber")
>>> local_name(root), root[0].text, notes
('Trans', 'café', [])
>>> root = parse_xml("a.xml", b"\\xef\\xbb\\xbf\\n<?xml version='1.0'?><tt xmlns='http://www.w3.org/ns/ttml'><body/></tt>")
>>> local_name(root), root_name("a.xml", b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><text/></TEI>")
('tt', ('TEI', 'http://www.tei-c.org/ns/1.0'))
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from lxml import etree

from researchkit.errors import TranscriptError
from researchkit.io.charentities import resolve_character_entities
from researchkit.io.mixedutf8 import read_mixed_utf8, stray_note

__all__ = ["parse_xml", "parse_annotation_xml", "root_name", "declares_entities", "local_name", "element_line",
           "element_text", "child", "children", "attribute", "expect_root"]

_PARSER_OPTIONS = dict(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, dtd_validation=False)
#: ``<!ENTITY`` in every encoding an XML file can start in without a declaration naming another one.
_ENTITY_MARKS = tuple("<!ENTITY".encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")
_DECLARED_ENCODING = re.compile(rb"^(\s*<\?xml[^>]{0,200}?encoding\s*=\s*)([\"'])([A-Za-z0-9._-]{1,40})\2")
_DECLARATION_END = re.compile(rb"<\?xml[ \t\r\n][^>]{0,300}?\?>")
_ENCODING_ERRORS = ("Invalid bytes in character encoding", "not proper UTF-8", "Input is not proper UTF-8")


def declares_entities(data: bytes) -> bool:
    """Whether the bytes hold an ``<!ENTITY`` declaration anywhere.

    Examples
    --------
    >>> declares_entities(b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'), declares_entities(b"<x/>")
    (True, False)
    """
    return any(mark in data for mark in _ENTITY_MARKS)


def local_name(element: object) -> str:
    """An element's tag without its namespace (``""`` for a comment, an entity reference or other node).

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


def element_text(element: etree._Element) -> str:
    """All the text inside an element, white space collapsed to single spaces (for metadata fields).

    Examples
    --------
    >>> element_text(etree.fromstring("<title>  Fred  <b>Noe</b>\\n</title>"))
    'Fred Noe'
    """
    return " ".join("".join(element.itertext()).split())


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


def expect_root(path: str | Path, root: etree._Element, names: str | tuple[str, ...], *, code: str, what: str,
                hint: str) -> None:
    """Raise ``code`` unless the root element's local name is one of ``names``; ``what`` is the format's own name
    for the expected root (``"ELAN's <ANNOTATION_DOCUMENT>"``).

    Examples
    --------
    >>> expect_root("x.xml", etree.fromstring(b"<Trans/>"), "tt", code="RK124", what="TTML's <tt>", hint="check the file")
    Traceback (most recent call last):
    ...
    researchkit.errors.TranscriptError: [RK124] x.xml, line 1, <Trans>: the root element is <Trans>, not TTML's <tt>. What to do: check the file.
    """
    if local_name(root) not in ((names,) if isinstance(names, str) else names):
        raise TranscriptError(code, path, f"the root element is <{local_name(root)}>, not {what}",
                              location=element_line(root), hint=hint)


def parse_xml(path: str | Path, data: bytes, *, what: str = "transcript") -> etree._Element:
    """Parse untrusted XML bytes into an lxml element tree (see the module docstring); errors are RK121.

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
        RK121 for XML that is not well-formed, nests too deep, or declares or uses entities.

    Examples
    --------
    >>> parse_xml("bad.xml", b"<a><b></a>")
    Traceback (most recent call last):
    ...
    researchkit.errors.TranscriptError: [RK121] bad.xml, line 1: is not well-formed XML (Opening and ending tag mismatch: b line 1 and a). What to do: the file is damaged or cut short; open it in an XML editor or a browser to see the damage, and export the transcript again.
    """
    root, _ = _parse_checked(path, data, code="RK121", what=what, cp1252=False)
    return root


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
    return _parse_checked(path, data, code=code, what=f"{what} file", cp1252=True, program=what)


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
    data = resolve_character_entities(data)
    if declares_entities(data):
        raise _entities_error(path, "RK121", "transcript", None)
    try:
        for _, element in etree.iterparse(io.BytesIO(_trimmed(data)), events=("start",), **_PARSER_OPTIONS):
            qname = etree.QName(element)
            return qname.localname, qname.namespace or ""
    except etree.XMLSyntaxError as err:
        bad = _not_utf8_error(path, _trimmed(data), "RK121", "transcript", None) if any(
            e in str(err) for e in _ENCODING_ERRORS) else None
        raise (bad or _syntax_error(path, err, "RK121", "transcript", None)) from None
    raise TranscriptError("RK121", path, "is an empty XML document", hint="export the transcript again")


def _parse_checked(path: str | Path, data: bytes, *, code: str, what: str, cp1252: bool,
                   program: str | None = None) -> tuple[etree._Element, list[str]]:
    data = resolve_character_entities(data)
    if declares_entities(data):
        raise _entities_error(path, code, what, program)
    notes: list[str] = []
    data = _trimmed(data)
    try:
        root = _parse(data)
    except etree.XMLSyntaxError as err:
        encoding_error = any(e in str(err) for e in _ENCODING_ERRORS)
        mixed = read_mixed_utf8(data) if cp1252 and encoding_error and _taken_for_utf8(data) else None
        fixed = _as_cp1252(data) if cp1252 and encoding_error and mixed is None else None
        if mixed is not None:  # UTF-8 text with a few stray cp1252 bytes: each byte read as its character
            fixed = mixed[0].encode("utf-8")
        if fixed is None:
            bad = _not_utf8_error(path, data, code, what, program) if encoding_error else None
            raise (bad or _syntax_error(path, err, code, what, program)) from None
        try:
            root = _parse(fixed)
        except etree.XMLSyntaxError as err2:
            raise _syntax_error(path, err2, code, what, program) from None
        if mixed is not None:
            notes.append(stray_note(path, mixed[1]))
        else:
            notes.append(f"the file says it is UTF-8 but its bytes are not; decoded as cp1252 (Windows Latin-1). If "
                         f"characters look wrong, save the {what} again as UTF-8")
    if root is None:
        raise TranscriptError(code, path, "holds no XML element", hint=f"export the {what} again")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise _entities_error(path, code, what, program)
    for node in root.iter(etree.Entity):
        raise TranscriptError(
            code, path, f"uses the entity {node.text!r}, which nothing in the file defines (no DTD is read)",
            location=f"line {node.sourceline}" if node.sourceline else None,
            hint="replace it by the character it stands for, or by a character reference such as &#233;")
    return root, notes


def _parse(data: bytes) -> etree._Element | None:
    return etree.fromstring(data, etree.XMLParser(remove_comments=True, remove_pis=True, **_PARSER_OPTIONS))


def _trimmed(data: bytes) -> bytes:
    """The bytes without a UTF-8 byte-order mark, and with the white space before an XML declaration moved after it
    (the declaration must come first; its line ends kept, so that libxml2's line numbers stay the file's). UTF-8
    files only; white space before the root element is XML and stays.

    Examples
    --------
    >>> _trimmed(b"\\xef\\xbb\\xbf\\n\\n<?xml version='1.0'?><a/>"), _trimmed(b"\\n<a/>")
    (b"<?xml version='1.0'?>\\n\\n<a/>", b'\\n<a/>')
    """
    if data.startswith(_WIDE_BOMS) or data[:4] in (b"\x00\x00\xfe\xff", b"\x00\x00\x00<", b"<\x00\x00\x00"):
        return data
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    stripped = data.lstrip(b" \t\r\n")
    declaration = _DECLARATION_END.match(stripped)
    if declaration is None or len(stripped) == len(data):
        return data
    lines = data[: len(data) - len(stripped)].count(b"\n")
    return stripped[: declaration.end()] + b"\n" * lines + stripped[declaration.end():]


def _taken_for_utf8(data: bytes) -> bool:
    """Whether the (trimmed) bytes are read as UTF-8: no byte-order mark of another encoding, no declaration of one."""
    if data.startswith(_BOMS):
        return False
    declared = _DECLARED_ENCODING.match(data)
    return declared is None or declared.group(3).lower().replace(b"_", b"-") in {b"utf-8", b"utf8"}


def _as_cp1252(data: bytes) -> bytes | None:
    """The bytes re-encoded as UTF-8 from Windows-1252, when they were taken for UTF-8 and are not; else ``None``.

    Also ``None`` for UTF-8 text with a few stray cp1252 bytes (:func:`researchkit.io.mixedutf8.read_mixed_utf8`):
    read whole as cp1252, its UTF-8 characters would be garbled (``cafÃ©``); it is refused, naming the first bad byte.
    """
    if not _taken_for_utf8(data):
        return None  # a declared legacy encoding that is wrong too: report the error as lxml saw it
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    if read_mixed_utf8(data) is not None:
        return None
    encoded = data.decode("cp1252", errors="replace").encode("utf-8")  # the five bytes cp1252 leaves undefined: U+FFFD
    return _DECLARED_ENCODING.sub(rb'\1"UTF-8"', encoded, count=1)


def _not_utf8_error(path: str | Path, data: bytes, code: str, what: str, program: str | None) -> TranscriptError | None:
    """The error for XML taken as UTF-8 whose bytes are not UTF-8: the line, column and bytes of the first bad one,
    and how many there are; ``None`` when the bytes are UTF-8 or another encoding is declared (libxml2's error stands).

    Examples
    --------
    >>> print(_not_utf8_error("a.xml", "<?xml version='1.0'?>\\n<p>café</p>\\n<p>caf".encode() + b"\\xe9</p>", "RK121",
    ...                       "transcript", None))  # doctest: +ELLIPSIS
    [RK121] a.xml, line 3, column 7: declares no encoding (so it is UTF-8) but holds 1 byte(s) that are not UTF-8, the first 0xE9 (in: <p>caf\\xe9</p>), ...
    """
    if not _taken_for_utf8(data):
        return None
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as err:
        start, end = err.start, err.end
    line_start = data.rfind(b"\n", 0, start) + 1
    line = data.count(b"\n", 0, start) + 1
    column = len(data[line_start:start].decode("utf-8", "replace")) + 1
    count = len(data) - len(data.decode("utf-8", "surrogateescape").encode("utf-8", "ignore"))
    shown = " ".join(f"0x{b:02X}" for b in data[start:end])
    context = data[max(line_start, start - 40): end + 20].split(b"\n", 1)[0].decode("utf-8", "backslashreplace").strip()
    mixed = read_mixed_utf8(data) is not None
    said = "declares UTF-8" if _DECLARED_ENCODING.match(data) else "declares no encoding (so it is UTF-8)"
    return TranscriptError(
        code, path, f"{said} but holds {count} byte(s) that are not UTF-8, the first {shown} (in: {context})" + (
            ", in text that is otherwise UTF-8 (a line pasted from a Windows-1252 file?); an XML file is refused, not "
            "guessed at, when its bytes break its encoding" if mixed else ""),
        location=f"line {line}, column {column}",
        hint="open the file in a text editor, check that line, and save the file as UTF-8"
             + (f" (or save it again from {program})" if program else "")
             + "; if the whole file is Windows-1252, declare it: <?xml version=\"1.0\" encoding=\"windows-1252\"?>")


def _entities_error(path: str | Path, code: str, what: str, program: str | None) -> TranscriptError:
    return TranscriptError(
        code, path, "declares its own XML entities (<!ENTITY ...>); they are refused, since entities can expand to "
        "gigabytes or read other files, and left unexpanded their text would be lost", location="the DOCTYPE",
        hint="remove the <!ENTITY ...> declarations or replace the entities by their text"
        + (f", or save the file again from {program}, which never writes them" if program else f", or export the {what} again"))


def _syntax_error(path: str | Path, err: etree.XMLSyntaxError, code: str, what: str, program: str | None) -> TranscriptError:
    message = str(getattr(err, "msg", "") or err)
    message = re.sub(r", line \d+, column \d+$", "", message)
    line = getattr(err, "lineno", None)
    if "Excessive depth" in message:
        return TranscriptError(code, path, "nests XML elements more than 256 levels deep; no transcript does",
                               location=f"line {line}" if line else None,
                               hint=f"check that the file is a {what}; export it again")
    where = f"open it in {program} and save it again" if program else "open it in an XML editor or a browser to see the damage"
    return TranscriptError(code, path, f"is not well-formed XML ({message})", location=f"line {line}" if line else None,
                           hint=f"the file is damaged or cut short; {where}, and export the {what} again")

"""Readers for the leak check: the text of every output format, as located segments.

Each reader yields :class:`Segment` objects (a place such as ``paragraph 12`` or
``line 4, column quote``, the text, and how to turn an offset into ``line:column``):
docx (body, tables, headers, footers, notes, comments, image descriptions, link targets,
properties), HTML (text with per-piece file positions, attribute values, comments), XML
(element text and attributes), CSV/TSV cells, plain text, and REFI-QDA archives (zip,
with member-name, size and compression-ratio limits).

Examples
--------
>>> text, attributes = html_segments("<p title='x'>Hallo &amp; dag</p>")
>>> text.text.split(SEP)[0], attributes.text, attributes.locator(0)
('Hallo & dag', 'x', 'line 1:1, <p> attribute title')
"""

from __future__ import annotations

import bisect
import codecs
import csv
import html
import io
import zipfile
from array import array
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Iterator, NamedTuple, Sequence

from researchkit.errors import PrivacyError
from researchkit.privacy.leakdecode import decode_whole as _decode, not_utf8_detail as _not_utf8
from researchkit.privacy.leakhtml import FastHtml, HtmlRecords, NotSimple
from researchkit.privacy.leakxml import parse_xml as _parse_xml

__all__ = ["Segment", "Pieces", "SEP", "MAX_MEMBER_BYTES", "MAX_RATIO", "MAX_TOTAL_BYTES", "read_segments",
           "html_segments"]

#: Largest archive member read (bytes) and largest compression ratio accepted.
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


class Segment(NamedTuple):
    """A located text of an output (a paragraph, a cell, a page's text ...).

    A named tuple, not a frozen dataclass: the readers make one per table cell and
    paragraph, and a frozen dataclass costs several times as much to make.
    """

    location: str
    text: str
    line: "int | None" = None  # when set, hits are located as line:col from here
    col: int = 1
    pieces: "Pieces | None" = None  # file positions of the text pieces (HTML text)
    locator: "Callable[[int], str] | None" = None  # turns an offset into a place (HTML attribute values)


@dataclass(frozen=True)
class Pieces:
    """Where each piece of a text came from in the file: text offset, line, column, and whether it is an entity."""

    starts: array
    lines: array
    cols: array
    entity: array


#: Between the texts of two segments in one pass: no key term or pattern spans it.
SEP = "\n\x00\n"



# --------------------------------------------------------------------------- archives and XML


def _safe_zip(data: bytes | Path, label: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except (zipfile.BadZipFile, OSError) as exc:
        raise PrivacyError("RK651", f"{label}: not a readable zip archive ({exc})",
                           hint="check that the file is complete and of the type its name says") from None
    total = 0
    for info in archive.infolist():
        name = info.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in parts:
            raise PrivacyError("RK652", f"{label}: unsafe member name {name!r} (absolute or with '..')",
                               hint="do not open this archive; it may try to write outside its folder")
        if info.file_size > MAX_MEMBER_BYTES:
            raise PrivacyError("RK652", f"{label}: member {name!r} is {info.file_size} bytes uncompressed "
                               f"(limit {MAX_MEMBER_BYTES})", hint="the archive may be a zip bomb; do not open it")
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1024 * 1024:
            raise PrivacyError("RK652", f"{label}: member {name!r} is compressed {info.file_size // info.compress_size}:1 "
                               f"(limit {MAX_RATIO}:1)", hint="the archive may be a zip bomb; do not open it")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise PrivacyError("RK652", f"{label}: {total} bytes uncompressed in all (limit {MAX_TOTAL_BYTES})",
                           hint="the archive may be a zip bomb; do not open it")
    return archive


def _read_member(archive: zipfile.ZipFile, name: str, label: str) -> bytes:
    with archive.open(name) as handle:
        data = handle.read(MAX_MEMBER_BYTES + 1)
    if len(data) > MAX_MEMBER_BYTES:  # the header lied about the size
        raise PrivacyError("RK652", f"{label}: member {name!r} is larger than it claims", hint="do not open this archive")
    return data


def _text_of(paragraph: Any) -> str:
    parts = []
    for el in paragraph.iter():
        tag = el.tag
        if tag == f"{_W}t" or tag == f"{_W}delText":
            parts.append(el.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)


def _attr_segments(el: Any, where: str) -> Iterator[Segment]:
    for sub in el.iter(f"{_WP}docPr"):
        for attr in ("descr", "title", "name"):
            if sub.get(attr):
                yield Segment(f"{where}, image {attr}", sub.get(attr))


def _block_segments(container: Any, where: str, counters: dict[str, int]) -> Iterator[Segment]:
    for child in container:
        tag = child.tag
        if tag == f"{_W}p":
            counters["p"] += 1
            here = f"{where}paragraph {counters['p']}"
            yield Segment(here, _text_of(child))
            yield from _attr_segments(child, here)
        elif tag == f"{_W}tbl":
            counters["t"] += 1
            number = counters["t"]
            for r, row in enumerate(child.iter(f"{_W}tr"), start=1):
                for c, cell in enumerate(row.findall(f"{_W}tc"), start=1):
                    text = "\n".join(_text_of(p) for p in cell.iter(f"{_W}p"))
                    yield Segment(f"{where}table {number}, row {r}, cell {c}", text)
                    yield from _attr_segments(cell, f"{where}table {number}, row {r}, cell {c}")
        else:
            yield from _block_segments(child, where, counters)


def _docx_segments(data: bytes | Path, label: str) -> Iterator[Segment]:
    archive = _safe_zip(data, label)
    names = set(archive.namelist())
    if "word/document.xml" not in names:
        raise PrivacyError("RK651", f"{label}: not a Word document (no word/document.xml)",
                           hint="check that the file is a .docx saved by Word or python-docx")
    body = _parse_xml(_read_member(archive, "word/document.xml", label), f"{label}: word/document.xml")
    yield from _block_segments(body, "", {"p": 0, "t": 0})
    for name in sorted(names):
        base = name.rsplit("/", 1)[-1]
        if not name.startswith("word/") or not name.endswith(".xml"):
            continue
        if base.startswith(("header", "footer")):
            root = _parse_xml(_read_member(archive, name, label), f"{label}: {name}")
            kind = "header" if base.startswith("header") else "footer"
            yield from _block_segments(root, f"{kind} ({base}), ", {"p": 0, "t": 0})
        elif base in ("footnotes.xml", "endnotes.xml", "comments.xml"):
            root = _parse_xml(_read_member(archive, name, label), f"{label}: {name}")
            what = {"footnotes.xml": "footnote", "endnotes.xml": "endnote", "comments.xml": "comment"}[base]
            for note in root:
                ident = note.get(f"{_W}id", "?")
                text = "\n".join(_text_of(p) for p in note.iter(f"{_W}p"))
                yield Segment(f"{what} {ident}", text)
                for attr in ("author", "initials"):
                    if note.get(f"{_W}{attr}"):
                        yield Segment(f"{what} {ident} {attr}", note.get(f"{_W}{attr}"))
    for name in sorted(n for n in names if n.startswith("word/_rels/") and n.endswith(".rels")):
        root = _parse_xml(_read_member(archive, name, label), f"{label}: {name}")
        for rel in root:
            if rel.get("TargetMode") == "External" and rel.get("Target"):
                yield Segment(f"link target ({rel.get('Id')})", rel.get("Target"))
    for name in ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml"):
        if name in names:
            root = _parse_xml(_read_member(archive, name, label), f"{label}: {name}")
            for el in root.iter():
                if el.text and el.text.strip():
                    yield Segment(f"document properties ({el.tag.rsplit('}', 1)[-1]})", el.text)


class _Attributes:
    """Every attribute value of a page (read by ``html.parser``) in one segment: values joined by :data:`SEP`.

    The start of each value is kept with its tag's place and its label; :meth:`locate`
    names the value an offset falls in (as :class:`_TagPlaces` does for :class:`FastHtml`).
    """

    def __init__(self) -> None:
        self.values: list[str] = []
        self.starts = array("q")
        self.places: list[tuple[int, int, str]] = []
        self._length = 0

    def add(self, tag: str, attrs: Sequence[tuple[str, str | None]], line: int, col: int) -> None:
        """The non-empty attribute values of one start tag at ``line:col``."""
        for name, value in attrs:
            if value:
                self.starts.append(self._length)
                self.places.append((line, col, f"<{tag}> attribute {name}"))
                self.values.append(value)
                self._length += len(value) + len(SEP)

    def locate(self, offset: int) -> str:
        line, col, label = self.places[bisect.bisect_right(self.starts, offset) - 1]
        return f"line {line}:{col}, {label}"

    def segment(self) -> Segment:
        text = SEP.join(self.values)
        self.values = []
        return Segment("", text, locator=self.locate)


class _HtmlSink:
    """Collects a page's segments: text (one segment, pieces located in the file, entities decoded), attribute values, comments.

    The text between two tags is kept apart from the next by a separator, so that no
    match joins two table cells; positions are kept per piece, not per character.
    Fed by :class:`_HtmlSegments` (``html.parser``); :func:`_fast_segments` makes the same segments from
    :class:`~researchkit.privacy.leakhtml.FastHtml`'s records.
    """

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self._text: list[str] = []
        self._length = 0
        self._open = False  # text since the last separator
        self._pieces = Pieces(array("q"), array("q"), array("q"), array("b"))
        self._attrs = _Attributes()

    def piece(self, decoded: str, raw: str, line: int, col: int) -> None:
        p = self._pieces
        p.starts.append(self._length)
        p.lines.append(line)
        p.cols.append(col + 1)
        p.entity.append(0 if decoded == raw else 1)  # an entity: every decoded character points at it
        self._text.append(decoded)
        self._length += len(decoded)
        self._open = True

    def flush(self) -> None:
        if self._open:
            self._text.append(SEP)
            self._length += len(SEP)
            self._open = False

    def starttag(self, tag: str, attrs: list[tuple[str, str | None]], line: int, col: int) -> None:
        if self._open:
            self.flush()
        if attrs:
            self._attrs.add(tag, attrs, line, col + 1)

    def comment(self, data: str, line: int, col: int) -> None:
        self.flush()
        self.segments.append(Segment("comment", data, line, col + 5))

    def finish(self) -> list[Segment]:
        self.flush()
        if self._length:
            text = "".join(self._text)
            self._text = []
            self.segments.insert(0, Segment("", text, pieces=self._pieces))
        if self._attrs.values:
            self.segments.insert(1, self._attrs.segment())
        return self.segments


class _HtmlSegments(HTMLParser):
    """Any page, with the standard library's parser (what :class:`FastHtml` does not read)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.sink = _HtmlSink()
        self.segments: list[Segment] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.sink.starttag(tag, attrs, *self.getpos())

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.sink.flush()

    def handle_data(self, data: str) -> None:
        self.sink.piece(data, data, *self.getpos())

    def handle_entityref(self, name: str) -> None:
        self.sink.piece(html.unescape(f"&{name};"), f"&{name};", *self.getpos())

    def handle_charref(self, name: str) -> None:
        self.sink.piece(html.unescape(f"&#{name};"), f"&#{name};", *self.getpos())

    def handle_comment(self, data: str) -> None:
        self.sink.comment(data, *self.getpos())

    def close(self) -> None:
        super().close()
        self.segments = self.sink.finish()


def _xml_segments(data: bytes, label: str, prefix: str = "") -> list[Segment]:
    import xml.sax
    from xml.sax.handler import ContentHandler

    from defusedxml import DefusedXmlException
    from defusedxml.sax import parseString

    segments: list[Segment] = []

    class Handler(ContentHandler):
        def __init__(self) -> None:
            super().__init__()
            self.locator: Any = None
            self.buffer: list[str] = []
            self.buffer_line = 1
            self.buffer_col = 1
            self.stack: list[str] = []

        def setDocumentLocator(self, locator: Any) -> None:
            self.locator = locator

        def _flush(self) -> None:
            text = "".join(self.buffer)
            if text.strip():
                tag = self.stack[-1] if self.stack else "?"
                segments.append(Segment(f"{prefix}<{tag}> text", text, self.buffer_line, self.buffer_col))
            self.buffer = []

        def startElement(self, name: str, attrs: Any) -> None:
            self._flush()
            line = self.locator.getLineNumber() if self.locator else 0
            for attr in attrs.getNames():
                value = attrs.getValue(attr)
                if value:
                    segments.append(Segment(f"{prefix}line {line}, <{name}> attribute {attr}", value))
            self.stack.append(name)

        def endElement(self, name: str) -> None:
            self._flush()
            if self.stack:
                self.stack.pop()

        def characters(self, content: str) -> None:
            if not self.buffer and self.locator:
                self.buffer_line = self.locator.getLineNumber()
                self.buffer_col = self.locator.getColumnNumber() + 1
            self.buffer.append(content)

    try:
        parseString(data, Handler(), forbid_dtd=True)
    except DefusedXmlException as exc:
        raise PrivacyError("RK653", f"{label}: unsafe XML ({type(exc).__name__})",
                           hint="the file declares entities or a DTD; do not trust it") from None
    except (ValueError, LookupError) as exc:  # expat: a declared multi-byte or unknown encoding
        raise PrivacyError("RK653", f"{label}: XML in an encoding the parser cannot read ({exc})",
                           hint="save the file as UTF-8 and check it again") from None
    except xml.sax.SAXParseException as exc:
        bad = _not_utf8(data)
        raise PrivacyError("RK653", f"{label}, line {exc.getLineNumber()}: malformed XML ({exc.getMessage()}){bad}",
                           hint="save the file as UTF-8 and check it again" if bad else "the file is damaged; export it again") from None
    return segments


def _csv_segments(text: str, delimiter: str) -> Iterator[Segment]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] = []
    for row in reader:
        line = reader.line_num
        if not header:
            header = row
            for c, cell in enumerate(row, start=1):
                yield Segment(f"line {line}, header of column {c}", cell)
            continue
        for c, cell in enumerate(row, start=1):
            name = header[c - 1] if c - 1 < len(header) and header[c - 1] else str(c)
            yield Segment(f"line {line}, column {name}", cell)


def _qdpx_segments(path: Path, label: str) -> tuple[list[Segment], list[str]]:
    archive = _safe_zip(path, label)
    segments: list[Segment] = []
    skipped: list[str] = []
    qde = [n for n in archive.namelist() if n.lower().endswith(".qde")]
    if not qde:
        raise PrivacyError("RK651", f"{label}: no project .qde inside the archive", hint="check that the file is a REFI-QDA project")
    for name in sorted(archive.namelist()):
        if name.endswith("/"):
            continue
        lower = name.lower()
        if lower.endswith((".qde", ".xml")):
            segments.extend(_xml_segments(_read_member(archive, name, label), f"{label}: {name}", prefix=f"{name}, "))
        elif lower.endswith((".txt", ".md", ".csv", ".json", ".html", ".htm")):
            text = _decode(_read_member(archive, name, label), f"{label}: {name}", skipped)
            segments.append(Segment(name, text, 1, 1))
        elif lower.endswith(".docx"):
            for seg in _docx_segments(_read_member(archive, name, label), f"{label}: {name}"):
                segments.append(Segment(f"{name}, {seg.location}", seg.text, seg.line, seg.col))
        else:
            skipped.append(f"{label}: {name} (binary member, not checked)")
    return segments, skipped


def read_segments(path: Path, label: str) -> tuple[list[Segment], list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return list(_docx_segments(path, label)), []
    if suffix == ".qdpx":
        return _qdpx_segments(path, label)
    if suffix in (".html", ".htm"):
        return _html_file_segments(path, label)
    data = path.read_bytes()
    if suffix in (".qde", ".qdc", ".xml"):
        return _xml_segments(data, label), []
    notes: list[str] = []
    text = _decode(data, label, notes)
    del data
    if suffix in (".csv", ".tsv"):
        return list(_csv_segments(text, "\t" if suffix == ".tsv" else ",")), notes
    return [Segment("", text, 1, 1)], notes




def html_segments(text: str) -> list[Segment]:
    """The segments of an HTML page: its text (one segment, positions per piece), attribute values, comments.

    Pages in the plain subset :mod:`~researchkit.privacy.leakhtml` reads are tokenized
    there; any other page with ``html.parser`` (the same segments either way).
    """
    segments = _fast_segments(text[i : i + _CHUNK] for i in range(0, len(text), _CHUNK))
    return segments if segments is not None else _parser_segments(text)


def _parser_segments(text: str) -> list[Segment]:
    parser = _HtmlSegments()
    for i in range(0, len(text), _CHUNK):
        parser.feed(text[i : i + _CHUNK])
    parser.close()
    return parser.segments


def _fast_segments(chunks: Iterable[str]) -> list[Segment] | None:
    """The segments read by :class:`FastHtml`, or ``None`` when the page is not in its subset.

    The same segments as :class:`_HtmlSink` makes of ``html.parser``'s tokens; places are
    worked out only for the offsets asked for (:class:`_TextPlaces`, :class:`_TagPlaces`).
    """
    reader = FastHtml(SEP)
    try:
        previous = None
        for chunk in chunks:
            if previous is not None:
                reader.feed(previous)
            previous = chunk
        reader.feed(previous or "", final=True)
    except NotSimple:
        return None
    records = reader.finish()
    segments = []
    for data, offset in records.comments:
        line, col = records.position(offset)
        segments.append(Segment("comment", data, line, col + 5))
    if records.texts:
        text = "".join(records.texts)
        records.texts = []
        segments.insert(0, Segment("", text, locator=_TextPlaces(records, text).locate))
    values = records.values()
    if values:
        segments.insert(1, Segment("", SEP.join(values), locator=_TagPlaces(records).locate))
    return segments


class _TextPlaces:
    """``line:column`` of an offset in a page's text read by :class:`FastHtml` (as :class:`Pieces` gives it)."""

    def __init__(self, records: HtmlRecords, text: str) -> None:
        self.records = records
        self.text = text
        self._entities: frozenset[int] | None = None

    def locate(self, offset: int) -> str:
        rec = self.records
        k = bisect.bisect_right(rec.piece_starts, offset) - 1
        if k < 0:
            return ""
        if self._entities is None:
            self._entities = frozenset(rec.entities)
        start = rec.piece_starts[k]
        line, col = rec.position(rec.piece_offsets[k])
        col += 1
        if k not in self._entities:
            newlines = self.text.count("\n", start, offset)
            if newlines:
                line += newlines
                col = offset - self.text.rfind("\n", start, offset)
            else:
                col += offset - start
        return f"line {line}:{col}"


class _TagPlaces:
    """``line:column, <tag> attribute name`` of an offset in a page's attribute values read by :class:`FastHtml`.

    The start of each value and its tag are worked out at the first offset asked for.
    """

    def __init__(self, records: HtmlRecords) -> None:
        self.records = records
        self._starts = array("q")
        self._tags = array("q")
        self._names: list[str] = []

    def _index(self) -> None:
        pos = 0
        for i in range(len(self.records.tags)):
            for name, value in self.records.attributes(i):
                self._starts.append(pos)
                self._tags.append(i)
                self._names.append(name)
                pos += len(value) + len(SEP)

    def locate(self, offset: int) -> str:
        if not self._names:
            self._index()
        k = bisect.bisect_right(self._starts, offset) - 1
        i = self._tags[k]
        line, col = self.records.position(self.records.tag_offsets[i])
        return f"line {line}:{col + 1}, <{self.records.tags[i].lower()}> attribute {self._names[k]}"


#: Characters fed to the HTML parser at a time (its buffer holds only the unparsed rest).
_CHUNK = 1 << 20


def _decoded_chunks(path: Path) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            yield decoder.decode(chunk)
    yield decoder.decode(b"", final=True)


def _html_file_segments(path: Path, label: str) -> tuple[list[Segment], list[str]]:
    """An HTML file read and parsed in chunks: never the whole file as bytes and text at once."""
    try:
        segments = _fast_segments(_decoded_chunks(path))
        if segments is not None:
            return segments, []
        parser = _HtmlSegments()
        for chunk in _decoded_chunks(path):
            parser.feed(chunk)
    except UnicodeDecodeError:
        notes: list[str] = []
        return html_segments(_decode(path.read_bytes(), label, notes)), notes
    parser.close()
    return parser.segments, []

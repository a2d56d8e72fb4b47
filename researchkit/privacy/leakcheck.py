"""The leak check: prove that no key term or identifier pattern reached an output.

:func:`check_outputs` reads reports and exports the way a reader would and reports
every key term and pattern hit, with its place:

``.docx``
    Body paragraphs (``paragraph 12``), table cells (``table 2, row 3, cell 1``),
    headers and footers, footnotes, endnotes, comments (text and author), image
    descriptions, hyperlink targets and the document properties.
``.md``, ``.txt``, ``.json``
    ``line:column``.
``.html``, ``.htm``
    ``line:column`` of the text and of every attribute value (``title="..."``), comments
    and script data included.
``.csv``, ``.tsv``
    ``line``, column name.
``.qdpx`` (REFI-QDA project)
    Treated as a zip archive: ``project.qde`` (XML: element text and attribute values,
    with lines), ``sources/*.txt`` and ``sources/*.docx``. Member names that are absolute
    or contain ``..``, and members that are too large or too highly compressed (zip
    bombs) are refused. ``.qde``/``.qdc``/``.xml`` files are read as XML.

Placeholder tokens (``[PERSOON-1]``, ``[naam]``, ``[TELEFOON]``) are never findings.
The command ``researchkit privacy check OUTPUT... --key KEY`` exits 1 with the
locations when something is found.

Examples
--------
>>> import tempfile, os
>>> from researchkit.privacy.key import KeyEntry, PrivacyKey
>>> p = os.path.join(tempfile.mkdtemp(), "report.md")
>>> _ = open(p, "w").write("# Rapport\\n\\nZoals [PERSOON-1] zei: bel Jansen.\\n")
>>> check_outputs([p], PrivacyKey([KeyEntry("Piet Jansen")]))[["location", "term", "text"]].values.tolist()
[['line 3:28', 'Piet Jansen', 'Jansen']]
"""

from __future__ import annotations

import bisect
import csv
import io
import os
from array import array
import zipfile
from dataclasses import dataclass
import html
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Iterator, Sequence

import pandas as pd

from researchkit.errors import PrivacyError
from researchkit.privacy.detect import find_identifiers
from researchkit.privacy.key import PrivacyKey

__all__ = ["FINDING_COLUMNS", "CHECKED_SUFFIXES", "check_text", "check_file", "check_outputs", "format_findings"]

FINDING_COLUMNS = ["file", "location", "kind", "source", "term", "text"]
#: File types the leak check reads.
CHECKED_SUFFIXES: tuple[str, ...] = (".docx", ".md", ".markdown", ".txt", ".json", ".html", ".htm", ".csv", ".tsv",
                                     ".qdpx", ".qde", ".qdc", ".xml")
#: Largest archive member read (bytes) and largest compression ratio accepted.
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


@dataclass(frozen=True)
class _Segment:
    location: str
    text: str
    line: int | None = None  # when set, hits are located as line:col from here
    col: int = 1
    pieces: "_Pieces | None" = None  # file positions of the text pieces (HTML text)


@dataclass(frozen=True)
class _Pieces:
    """Where each piece of a text came from in the file: text offset, line, column, and whether it is an entity."""

    starts: array
    lines: array
    cols: array
    entity: array


#: Between the texts of two segments in one pass: no key term or pattern spans it.
_SEP = "\n\x00\n"


def _locate_piece(seg: _Segment, offset: int) -> str:
    p = seg.pieces
    assert p is not None
    k = bisect.bisect_right(p.starts, offset) - 1
    if k < 0:
        return seg.location
    start, line, col = p.starts[k], p.lines[k], p.cols[k]
    if not p.entity[k]:
        newlines = seg.text.count("\n", start, offset)
        if newlines:
            line += newlines
            col = offset - seg.text.rfind("\n", start, offset)
        else:
            col += offset - start
    where = f"line {line}:{col}"
    return f"{seg.location}, {where}" if seg.location else where


def _locate(seg: _Segment, offset: int) -> str:
    if seg.pieces is not None:
        return _locate_piece(seg, offset)
    if seg.line is None:
        return seg.location
    line = seg.line + seg.text.count("\n", 0, offset)
    last = seg.text.rfind("\n", 0, offset)
    col = offset - last if last >= 0 else seg.col + offset
    where = f"line {line}:{col}"
    return f"{seg.location}, {where}" if seg.location else where


def _findings(file: str, segments: Iterable[_Segment], key: PrivacyKey | None, kinds: Any) -> list[dict]:
    """One detection pass over all text of a file (segments joined by a separator no hit can span)."""
    kept: list[_Segment] = [seg for seg in segments if seg.text]
    if not kept:
        return []
    starts = array("q")
    pos = 0
    for seg in kept:
        starts.append(pos)
        pos += len(seg.text) + len(_SEP)
    joined = _SEP.join(seg.text for seg in kept)
    rows = []
    for h in find_identifiers(joined, key, kinds=kinds):
        i = bisect.bisect_right(starts, h.start) - 1
        seg = kept[i]
        rows.append({"file": file, "location": _locate(seg, h.start - starts[i]), "kind": h.kind, "source": h.source,
                     "term": h.term, "text": h.text})
    return rows


def check_text(
    text: str,
    key: PrivacyKey | None = None,
    *,
    kinds: Sequence[str] | str | None = None,
    name: str = "<text>",
) -> pd.DataFrame:
    """Findings in one text (located as ``line:column``).

    Examples
    --------
    >>> check_text("ok\\nbel 06-12345678")[["location", "kind"]].values.tolist()
    [['line 2:5', 'phone']]
    """
    return _frame(_findings(name, [_Segment("", text, 1, 1)], key, kinds))


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


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


def _parse_xml(data: bytes, label: str) -> Any:
    import xml.etree.ElementTree as ET

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(data)
    except DefusedXmlException as exc:
        raise PrivacyError("RK653", f"{label}: unsafe XML ({type(exc).__name__})",
                           hint="the file declares entities or a DTD; do not trust it") from None
    except ET.ParseError as exc:
        raise PrivacyError("RK653", f"{label}: malformed XML ({exc})", hint="the file is damaged; export it again") from None


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


def _attr_segments(el: Any, where: str) -> Iterator[_Segment]:
    for sub in el.iter(f"{_WP}docPr"):
        for attr in ("descr", "title", "name"):
            if sub.get(attr):
                yield _Segment(f"{where}, image {attr}", sub.get(attr))


def _block_segments(container: Any, where: str, counters: dict[str, int]) -> Iterator[_Segment]:
    for child in container:
        tag = child.tag
        if tag == f"{_W}p":
            counters["p"] += 1
            here = f"{where}paragraph {counters['p']}"
            yield _Segment(here, _text_of(child))
            yield from _attr_segments(child, here)
        elif tag == f"{_W}tbl":
            counters["t"] += 1
            number = counters["t"]
            for r, row in enumerate(child.iter(f"{_W}tr"), start=1):
                for c, cell in enumerate(row.findall(f"{_W}tc"), start=1):
                    text = "\n".join(_text_of(p) for p in cell.iter(f"{_W}p"))
                    yield _Segment(f"{where}table {number}, row {r}, cell {c}", text)
                    yield from _attr_segments(cell, f"{where}table {number}, row {r}, cell {c}")
        else:
            yield from _block_segments(child, where, counters)


def _docx_segments(data: bytes | Path, label: str) -> Iterator[_Segment]:
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
                yield _Segment(f"{what} {ident}", text)
                for attr in ("author", "initials"):
                    if note.get(f"{_W}{attr}"):
                        yield _Segment(f"{what} {ident} {attr}", note.get(f"{_W}{attr}"))
    for name in sorted(n for n in names if n.startswith("word/_rels/") and n.endswith(".rels")):
        root = _parse_xml(_read_member(archive, name, label), f"{label}: {name}")
        for rel in root:
            if rel.get("TargetMode") == "External" and rel.get("Target"):
                yield _Segment(f"link target ({rel.get('Id')})", rel.get("Target"))
    for name in ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml"):
        if name in names:
            root = _parse_xml(_read_member(archive, name, label), f"{label}: {name}")
            for el in root.iter():
                if el.text and el.text.strip():
                    yield _Segment(f"document properties ({el.tag.rsplit('}', 1)[-1]})", el.text)


class _HtmlSegments(HTMLParser):
    """Text (one segment, pieces located in the file, entities decoded), attribute values and comments.

    The text between two tags is kept apart from the next by a separator, so that no
    match joins two table cells; positions are kept per piece, not per character.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.segments: list[_Segment] = []
        self._text: list[str] = []
        self._length = 0
        self._open = False  # text since the last separator
        self._pieces = _Pieces(array("q"), array("q"), array("q"), array("b"))

    def _piece(self, decoded: str, raw: str) -> None:
        line, col = self.getpos()
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
            self._text.append(_SEP)
            self._length += len(_SEP)
            self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.flush()
        line, col = self.getpos()
        for name, value in attrs:
            if value:
                self.segments.append(_Segment(f"line {line}:{col + 1}, <{tag}> attribute {name}", value))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.flush()

    def handle_data(self, data: str) -> None:
        self._piece(data, data)

    def handle_entityref(self, name: str) -> None:
        self._piece(html.unescape(f"&{name};"), f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._piece(html.unescape(f"&#{name};"), f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.flush()
        line, col = self.getpos()
        self.segments.append(_Segment("comment", data, line, col + 5))

    def close(self) -> None:
        super().close()
        self.flush()
        if self._length:
            text = "".join(self._text)
            self._text = []
            self.segments.insert(0, _Segment("", text, pieces=self._pieces))


def _xml_segments(data: bytes, label: str, prefix: str = "") -> list[_Segment]:
    import xml.sax
    from xml.sax.handler import ContentHandler

    from defusedxml import DefusedXmlException
    from defusedxml.sax import parseString

    segments: list[_Segment] = []

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
                segments.append(_Segment(f"{prefix}<{tag}> text", text, self.buffer_line, self.buffer_col))
            self.buffer = []

        def startElement(self, name: str, attrs: Any) -> None:
            self._flush()
            line = self.locator.getLineNumber() if self.locator else 0
            for attr in attrs.getNames():
                value = attrs.getValue(attr)
                if value:
                    segments.append(_Segment(f"{prefix}line {line}, <{name}> attribute {attr}", value))
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
    except xml.sax.SAXParseException as exc:
        raise PrivacyError("RK653", f"{label}, line {exc.getLineNumber()}: malformed XML ({exc.getMessage()})",
                           hint="the file is damaged; export it again") from None
    return segments


def _decode(data: bytes, label: str, notes: list[str] | None = None) -> str:
    """UTF-8; a file in another encoding is still checked (as Windows-1252), with a note."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if notes is not None:
            notes.append(f"{label}: not UTF-8 (byte {exc.start}); checked as Windows-1252")
        return data.decode("cp1252", errors="replace")


def _csv_segments(text: str, delimiter: str) -> Iterator[_Segment]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] = []
    for row in reader:
        line = reader.line_num
        if not header:
            header = row
            for c, cell in enumerate(row, start=1):
                yield _Segment(f"line {line}, header of column {c}", cell)
            continue
        for c, cell in enumerate(row, start=1):
            name = header[c - 1] if c - 1 < len(header) and header[c - 1] else str(c)
            yield _Segment(f"line {line}, column {name}", cell)


def _qdpx_segments(path: Path, label: str) -> tuple[list[_Segment], list[str]]:
    archive = _safe_zip(path, label)
    segments: list[_Segment] = []
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
            segments.append(_Segment(name, text, 1, 1))
        elif lower.endswith(".docx"):
            for seg in _docx_segments(_read_member(archive, name, label), f"{label}: {name}"):
                segments.append(_Segment(f"{name}, {seg.location}", seg.text, seg.line, seg.col))
        else:
            skipped.append(f"{label}: {name} (binary member, not checked)")
    return segments, skipped


def _segments(path: Path, label: str) -> tuple[list[_Segment], list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return list(_docx_segments(path, label)), []
    if suffix == ".qdpx":
        return _qdpx_segments(path, label)
    data = path.read_bytes()
    if suffix in (".qde", ".qdc", ".xml"):
        return _xml_segments(data, label), []
    notes: list[str] = []
    text = _decode(data, label, notes)
    if suffix in (".html", ".htm"):
        parser = _HtmlSegments()
        parser.feed(text)
        parser.close()
        return parser.segments, notes
    if suffix in (".csv", ".tsv"):
        return list(_csv_segments(text, "\t" if suffix == ".tsv" else ",")), notes
    return [_Segment("", text, 1, 1)], notes


def check_file(
    path: str | os.PathLike,
    key: PrivacyKey | None = None,
    *,
    kinds: Sequence[str] | str | None = None,
    name: str | None = None,
) -> pd.DataFrame:
    """Findings in one output file (see the module notes for the places reported).

    Raises
    ------
    PrivacyError
        ``RK651`` missing, unsupported or unreadable file; ``RK652`` unsafe archive;
        ``RK653`` unsafe or malformed XML.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "t.csv")
    >>> _ = open(p, "w").write("quote,who\\n\\"bel 06 1234 5678\\",R01\\n")
    >>> check_file(p)[["location", "kind", "text"]].values.tolist()
    [['line 2, column quote', 'phone', '06 1234 5678']]
    """
    frame, _skipped = _check_one(Path(path), key, kinds, name)
    return frame


def _check_one(path: Path, key: PrivacyKey | None, kinds: Any, name: str | None) -> tuple[pd.DataFrame, list[str]]:
    label = name or str(path)
    if not path.is_file():
        raise PrivacyError("RK651", f"{label}: file not found", hint="check the path of the output to check")
    if path.suffix.lower() not in CHECKED_SUFFIXES:
        raise PrivacyError("RK651", f"{label}: cannot check {path.suffix or 'files without a suffix'!r} files",
                           hint=f"the leak check reads {', '.join(CHECKED_SUFFIXES)}")
    segments, skipped = _segments(path, label)
    return _frame(_findings(label, segments, key, kinds)), skipped


def check_outputs(
    paths: Sequence[str | os.PathLike] | str | os.PathLike,
    key: PrivacyKey | None = None,
    *,
    kinds: Sequence[str] | str | None = None,
    names: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Check report and export files (and folders, recursively) for key terms and identifier patterns.

    Parameters
    ----------
    paths
        Files or folders. In a folder, every file of a checked type is read; other
        files (images) are listed in ``attrs["skipped"]``; the key file itself is never
        read.
    key
        The pseudonymisation key (``None``: patterns only).
    kinds
        Pattern kinds (default all; ``"none"`` for key terms only).
    names
        Names to show instead of the paths (e.g. the final name of a temporary file).

    Returns
    -------
    pandas.DataFrame
        :data:`FINDING_COLUMNS` (``file, location, kind, source, term, text``), one row
        per hit, in file order; empty when the outputs are clean. ``attrs["checked"]``
        lists the files read, ``attrs["skipped"]`` what was not read (images, the key)
        and remarks (a text file that is not UTF-8 is checked as Windows-1252).

    Raises
    ------
    PrivacyError
        ``RK651`` for a missing path or a file type that cannot be checked, ``RK652``
        unsafe archive, ``RK653`` unsafe XML.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "page.html")
    >>> _ = open(p, "w").write('<p title="Zie IMO 9074729">schoon</p>')
    >>> check_outputs([p])[["location", "kind"]].values.tolist()
    [['line 1:1, <p> attribute title', 'imo']]
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = [Path(p) for p in paths]
    if names is not None and len(names) != len(paths):
        raise PrivacyError("RK579", f"{len(names)} names for {len(paths)} paths", hint="give one name per path, or none")
    key_path = key.path.resolve() if key is not None and key.path is not None else None
    files: list[tuple[Path, str]] = []
    skipped: list[str] = []
    for i, p in enumerate(paths):
        shown = names[i] if names is not None else str(p)
        if p.is_dir():
            for f in sorted(q for q in p.rglob("*") if q.is_file()):
                rel = f"{shown}/{f.relative_to(p).as_posix()}"
                if key_path is not None and f.resolve() == key_path:
                    skipped.append(f"{rel} (the key itself)")
                elif f.suffix.lower() in CHECKED_SUFFIXES:
                    files.append((f, rel))
                else:
                    skipped.append(f"{rel} (type {f.suffix or 'without suffix'} not checked)")
        elif not p.exists():
            raise PrivacyError("RK651", f"{shown}: not found", hint="check the paths of the outputs to check")
        else:
            files.append((p, shown))
    frames = []
    for f, shown in files:
        frame, more = _check_one(f, key, kinds, shown)
        frames.append(frame)
        skipped.extend(more)
    result = pd.concat(frames, ignore_index=True) if frames else _frame([])
    result = result.reindex(columns=FINDING_COLUMNS)
    result.attrs["checked"] = [shown for _f, shown in files]
    result.attrs["skipped"] = skipped
    return result


def format_findings(findings: pd.DataFrame, *, limit: int = 50) -> str:
    """Findings as readable lines: ``file: location: kind 'text' (term)``.

    Examples
    --------
    >>> f = pd.DataFrame([{"file": "r.md", "location": "line 3:5", "kind": "person", "source": "key",
    ...                    "term": "Piet Jansen", "text": "Jansen"}])
    >>> print(format_findings(f))
    r.md: line 3:5: person 'Jansen' (key term 'Piet Jansen')
    """
    lines = []
    for row in findings.head(limit).itertuples(index=False):
        what = f"key term {row.term!r}" if row.source == "key" else "pattern"
        lines.append(f"{row.file}: {row.location}: {row.kind} {row.text!r} ({what})")
    if len(findings) > limit:
        lines.append(f"... and {len(findings) - limit} more")
    return "\n".join(lines)

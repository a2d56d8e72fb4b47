"""Dedoose's coded-document export (Word): each code application a Word comment on its excerpt.

Dedoose exports a coded transcript as a ``.docx`` whose comments carry the codings: a
comment's first paragraph is ``Codes (485-522)`` (Dedoose's own character offsets of the
excerpt) and each later paragraph names one code; the comment's range in the body
(``w:commentRangeStart`` to ``w:commentRangeEnd``) is the excerpt. Comments whose first
paragraph is anything else are a reader's notes and are set aside (counted in a note). The
file holds one transcript, so the document is the file's name (without ``.docx``); the
export names no coder (give ``coder=``). A code comment without a range in the body has no
passage and is reported so.

Layout as the Dedoose inter-rater tool reads it (``mereditharmcgee/dedoose-irr-tool``,
``docs/dedoose_format.md``, ``src/parsers/dedoose.js``).

Examples
--------
>>> dedoose_header("Codes (485-522)"), dedoose_header("Codes(7 - 9)"), dedoose_header("Check this")
((485, 522), (7, 9), None)
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from researchkit.errors import SegmentTableError
from researchkit.segtables.model import Segment, SegmentTable

__all__ = ["dedoose_header", "read_dedoose_docx", "MAX_EXCERPT_CHARS"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADER = re.compile(r"\s*Codes\s*\(\s*(\d{1,18})\s*-\s*(\d{1,18})\s*\)\s*")
#: A comments or document part larger than this is not read (the container check bounds the whole file too).
_MAX_PART = 200 * 1024 * 1024


def dedoose_header(text: str) -> tuple[int, int] | None:
    """The offsets of a Dedoose code comment's first paragraph (``Codes (485-522)``), or ``None``."""
    found = _HEADER.fullmatch(text)
    return (int(found.group(1)), int(found.group(2))) if found else None


def _paragraph_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{_W}t"))


def _part(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_PART:
        return None
    return archive.read(info)


def _code_comments(path: Path, data: bytes) -> tuple[list[tuple[str, int, int, list[str]]], int]:
    """``(comment id, start, end, codes)`` of every Dedoose code comment, and the number of other comments."""
    from researchkit.io.xmlsafe import parse_xml

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        raw = _part(archive, "word/comments.xml")
    if raw is None:
        return [], 0
    root = parse_xml(path, raw, what="Word comments")
    found, other = [], 0
    for comment in root.iter(f"{_W}comment"):
        paragraphs = [_paragraph_text(p).strip() for p in comment.iter(f"{_W}p")]
        header = dedoose_header(paragraphs[0]) if paragraphs else None
        if header is None:
            other += 1
            continue
        found.append((comment.get(f"{_W}id", ""), header[0], header[1], [p for p in paragraphs[1:] if p]))
    return found, other


#: The most characters all passages together may hold (overlapping comment ranges each hold their text again):
#: 50 million, as much as the largest report of coded segments (``reports.MAX_REPORT_BYTES``) could print.
MAX_EXCERPT_CHARS = 50 * 1024 * 1024


def _excerpts(path: Path, data: bytes, ids: set[str]) -> dict[str, str]:
    """The body's text between each comment's range start and end (paragraph ends as line breaks).

    The body is walked once into one text, each range kept as where it starts and ends in it, so that ranges open
    together (nested, or never ended) cost nothing per piece of text; a range's passage is cut out at the end. The
    passages together may hold at most :data:`MAX_EXCERPT_CHARS` characters (RK665 above that).
    """
    from researchkit.io.xmlsafe import parse_xml

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        raw = _part(archive, "word/document.xml")
    if raw is None:
        return {}
    root = parse_xml(path, raw, what="Word document")
    pieces: list[str] = []
    length = 0
    starts: dict[str, int] = {}
    spans: dict[str, tuple[int, int]] = {}
    for element, event in _walk(root):
        tag = element.tag
        if event == "end":
            if tag == f"{_W}p":
                pieces.append("\n")
                length += 1
            continue
        if tag == f"{_W}commentRangeStart":
            key = element.get(f"{_W}id")
            if key in ids and key not in spans:
                starts.setdefault(key, length)
        elif tag == f"{_W}commentRangeEnd":
            key = element.get(f"{_W}id")
            if key in starts and key not in spans:
                spans[key] = (starts.pop(key), length)
        else:
            piece = {f"{_W}t": element.text or "", f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n"}.get(tag)
            if piece:
                pieces.append(piece)
                length += len(piece)
    total = sum(end - start for start, end in spans.values())
    if total > MAX_EXCERPT_CHARS:
        raise SegmentTableError(
            "RK665", path, f"has {len(spans)} Word comment ranges whose passages hold {total:,} characters together, more "
            f"than the {MAX_EXCERPT_CHARS:,} a Dedoose export may hold (the ranges overlap: each holds the text again)",
            hint="export the coded document for fewer codes, or export Dedoose's excerpts as a table (Excel) instead")
    body = "".join(pieces)
    return {key: body[start:end] for key, (start, end) in spans.items()}


def _walk(root):
    """``(element, "start"|"end")`` in document order, without recursion."""
    stack = [(root, False)]
    while stack:
        element, leaving = stack.pop()
        if leaving:
            yield element, "end"
            continue
        yield element, "start"
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(list(element)) if isinstance(child.tag, str))


def read_dedoose_docx(path: str | Path, data: bytes | None = None) -> SegmentTable | None:
    """The codings of a Dedoose coded-document export, or ``None`` when the Word file holds no Dedoose code comment.

    Raises
    ------
    SegmentTableError
        RK665 when the comments' passages together hold more than :data:`MAX_EXCERPT_CHARS` characters.

    Examples
    --------
    >>> import tempfile, pathlib, docx
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "Interview 01.docx"
    >>> d = docx.Document(); para = d.add_paragraph("R: de haven is klein."); run = para.runs[0]
    >>> _ = d.add_comment([run], text="Codes (3-21)\\nHaven", author="Dedoose"); d.save(p)
    >>> t = read_dedoose_docx(p)
    >>> t.producer, t.segments[0].document, t.segments[0].text, t.segments[0].codes, t.segments[0].start
    ('Dedoose', 'Interview 01', 'R: de haven is klein.', ('Haven',), 3)
    """
    p = Path(path)
    data = p.read_bytes() if data is None else data
    comments, other = _code_comments(p, data)
    if not comments:
        return None
    texts = _excerpts(p, data, {cid for cid, *_ in comments})
    table = SegmentTable(str(p), "Dedoose", columns={"Word comment 'Codes (start-end)'": "position, code (one per paragraph)",
                                                      "(the comment's range in the text)": "passage"})
    table.notes.append(f"read as Dedoose's coded-document export: {len(comments)} code comment(s); the document is the "
                       f"file's name {p.stem!r} (rename the file to the transcript's name if they differ); the export names no coder")
    if other:
        table.notes.append(f"{other} Word comment(s) that are not Dedoose codings (no 'Codes (start-end)' first line) set aside")
    for n, (cid, start, end, codes) in enumerate(comments, 1):
        table.segments.append(Segment(n, p.stem, texts.get(cid, "").strip(), tuple(codes), ref=f"comment {cid}",
                                      start=start, end=end, unit="char", line="comment"))
    table.rows = len(table.segments)
    missing = [s.where for s in table.segments if not s.text]
    if missing:
        table.notes.append(f"{len(missing)} code comment(s) have no range in the text (no passage): {', '.join(missing[:5])}")
    return table

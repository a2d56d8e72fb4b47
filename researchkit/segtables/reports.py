"""Reports of coded segments written as documents (Word, HTML, text): which program wrote one, and its segments.

A program's report is not a table: NVivo's coding summary (:mod:`~researchkit.segtables.nvivo`),
ATLAS.ti's quotation report (:mod:`~researchkit.segtables.atlasreport`) and MAXQDA's retrieved
segments exported as a document (:mod:`~researchkit.segtables.maxreport`) each head every
passage with a line of their own; Taguette's highlights document (:mod:`~researchkit.segtables.taguettereport`)
closes each with one; Dedoose's coded-document export (:mod:`~researchkit.segtables.dedoosedocx`) holds its
codings in the Word file's comments and is read when no program's headings are found. The file's lines are read (a Word file's paragraphs, table
cells included, in document order; an HTML page's blocks; a text file's lines), the headings
of each program counted, and the program with the most headings reads the file.

An HTML page's empty lines (markup between blocks) are dropped, so its lines are
numbered as the page's text reads. A Word file's list paragraphs (ATLAS.ti writes a quotation's codes as a bulleted list) and
an HTML page's ``<li>`` items are given a ``•`` in front, as the page shows them. A Word file
is checked as a zip container first (:func:`researchkit.io.docx.check_container`); a file over
:data:`MAX_REPORT_BYTES` or with more than :data:`MAX_REPORT_LINES` lines is refused (RK665).

Examples
--------
>>> which_report(["1:5 ¶ 3 in Interview 01", "Codes: [Haven]", "De haven is klein."])
'ATLAS.ti'
>>> which_report(["Interview 01: 3 - 3 (0)", "Code: Haven", "De haven is klein."])
'MAXQDA'
>>> which_report(["Taguette highlights", "De haven is klein.", "Document: Interview 01 Tags: haven"])
'Taguette'
>>> which_report(["Een brief zonder koppen."]) is None
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from researchkit.errors import SegmentTableError, TranscriptError
from researchkit.segtables.model import SegmentTable

__all__ = ["report_lines", "which_report", "read_document_report", "MAX_REPORT_BYTES", "MAX_REPORT_LINES"]

#: A report larger than this is refused (RK665): 50 MiB, the limit of a table.
MAX_REPORT_BYTES = 50 * 1024 * 1024
#: A report with more lines (paragraphs) than this is refused (RK665).
MAX_REPORT_LINES = 500_000
_BLOCKS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "td", "th", "pre", "blockquote", "dt", "dd",
           "table", "section", "article", "header", "footer", "ul", "ol", "dl", "caption")


def _docx_lines(path: Path, data: bytes) -> list[str]:
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.table import Table

    from researchkit.io.docx import check_container

    try:
        check_container(path, data)
    except TranscriptError as err:
        raise SegmentTableError("RK665", path, err.message.split(": ", 1)[-1], hint=err.hint) from None
    try:
        document = docx.Document(str(path))
        lines: list[str] = []
        # A paragraph's style name, looked up in a table made once: python-docx's ``paragraph.style`` searches every
        # style of the file for the default on each paragraph (paragraphs x styles; minutes for a long report).
        default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        default_name = str(default.name) if default is not None else ""
        names = {style.style_id: str(style.name) for style in document.styles if style.type == WD_STYLE_TYPE.PARAGRAPH}

        def paragraph(p) -> None:
            pr = p._p.pPr
            style_id = pr.pStyle.val if pr is not None and pr.pStyle is not None else None
            listed = (pr is not None and pr.numPr is not None) or names.get(style_id, default_name).startswith("List")
            lines.extend(("\u2022 " if listed and i == 0 else "") + part for i, part in enumerate(p.text.split("\n")))

        def table(t) -> None:
            for row in t.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is given once per column it spans
                        continue
                    seen.add(id(cell._tc))
                    for inner in cell.iter_inner_content():
                        table(inner) if isinstance(inner, Table) else paragraph(inner)

        for block in document.iter_inner_content():
            table(block) if isinstance(block, Table) else paragraph(block)
        return lines
    except Exception as err:  # python-docx raises many types for damaged files
        raise SegmentTableError("RK661", path, f"cannot be read as a Word file ({type(err).__name__}: {err})",
                                hint="open it in Word and save it again as .docx, or export the report as text") from None


def _spaced(text: str, preformatted: bool) -> str:
    """Text of an HTML page as a browser shows it: a line end in the source is a space, except in ``<pre>``."""
    return text if preformatted else text.replace("\r", " ").replace("\n", " ")


def _html_lines(path: Path, data: bytes, encoding: str | None = None) -> list[str]:
    from researchkit.segtables.html import html_root, html_text

    root = html_root(html_text(data, path, encoding=encoding)[0], path, hint="export the report as Word (.docx) or text instead")
    for bad in root.xpath("//script|//style|//head"):
        bad.drop_tree()
    pieces: list[str] = []
    stack: list[tuple[object, bool, bool]] = [(root, False, True)]  # (element, inside <pre>, entering); no recursion: deep pages
    while stack:
        element, pre, entering = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else None
        inside = pre or tag == "pre"
        if entering:
            if tag == "br":
                pieces.append("\n")
            elif tag in _BLOCKS:
                pieces.append("\n\u2022 " if tag == "li" else "\n")
            if tag is not None and element.text:
                pieces.append(_spaced(element.text, inside))
            stack.append((element, pre, False))
            stack.extend((child, inside, True) for child in reversed(list(element)))
        else:
            if tag in _BLOCKS:
                pieces.append("\n")
            if element.tail and element is not root:
                pieces.append(_spaced(element.tail, pre))
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return [line for line in lines if line]  # blank lines are only the page's markup


def report_lines(path: str | Path, *, encoding: str | None = None) -> tuple[list[str], str]:
    """The lines of a report and the word that names them (``"paragraph"`` for Word, ``"line"`` otherwise).

    Raises
    ------
    SegmentTableError
        RK661 unreadable, RK665 over the limits or an unsafe Word container.
    """
    p = Path(path)
    size = p.stat().st_size
    if size > MAX_REPORT_BYTES:
        raise SegmentTableError("RK665", p, f"is {size / 2**20:.0f} MiB, above the {MAX_REPORT_BYTES // 2**20} MiB limit for a "
                                "report of coded segments", hint="export the report for fewer codes or documents at a time")
    suffix = p.suffix.lower()
    if suffix == ".docx":
        lines, word = _docx_lines(p, p.read_bytes()), "paragraph"
    elif suffix in (".html", ".htm"):
        lines, word = _html_lines(p, p.read_bytes(), encoding), "line"
    else:
        from researchkit.segtables.nvivo import _text

        lines, word = _text(p, encoding).split("\n"), "line"
    if len(lines) > MAX_REPORT_LINES:
        raise SegmentTableError("RK665", p, f"has {len(lines)} lines, more than the {MAX_REPORT_LINES} a report may have",
                                hint="export the report for fewer codes or documents at a time")
    return lines, word


def _counts(lines: Sequence[str]) -> dict[str, int]:
    from researchkit.segtables.atlasreport import atlas_heading
    from researchkit.segtables.maxreport import maxqda_source
    from researchkit.segtables.nvivo import _REFERENCE

    from researchkit.segtables.taguettereport import taguette_details

    return {"NVivo": sum(1 for line in lines if _REFERENCE.match(line)),
            "ATLAS.ti": sum(1 for line in lines if atlas_heading(line)),
            "MAXQDA": sum(1 for line in lines if maxqda_source(line)),
            "Taguette": sum(1 for line in lines if taguette_details(line))}


def which_report(lines: Sequence[str]) -> str | None:
    """The program whose headings the lines hold most of (NVivo first on a tie), or ``None``."""
    counts = _counts(lines)
    best = max(counts, key=lambda name: (counts[name], -list(counts).index(name)))
    return best if counts[best] else None


def read_document_report(path: str | Path, *, code: str | None = None, encoding: str | None = None) -> SegmentTable:
    """Read a report of coded segments (NVivo, ATLAS.ti, MAXQDA, Taguette; Word, HTML or text) as a :class:`SegmentTable`.

    ``code`` is the code of passages the report names none for (NVivo: default the file name).

    Raises
    ------
    SegmentTableError
        RK661 unreadable, RK663 no heading of any of the four programs, RK665 over the limits.
    """
    p = Path(path)
    lines, word = report_lines(p, encoding=encoding)
    producer = which_report(lines)
    if producer is None and p.suffix.lower() == ".docx":
        from researchkit.segtables.dedoosedocx import read_dedoose_docx

        dedoose = read_dedoose_docx(p)  # the codings are the file's comments, not its lines
        if dedoose is not None:
            return dedoose
    if producer is None or producer == "NVivo":
        from researchkit.segtables.nvivo import read_report

        html = p.suffix.lower() in (".html", ".htm")
        return read_report(p, code=code, encoding=encoding, lines=lines if html else None)
    from researchkit.segtables.atlasreport import atlas_segments
    from researchkit.segtables.maxreport import maxqda_segments
    from researchkit.segtables.taguettereport import taguette_segments

    reader = {"ATLAS.ti": atlas_segments, "MAXQDA": maxqda_segments, "Taguette": taguette_segments}[producer]
    segments, notes = reader(lines, line_word=word)
    columns = {"ATLAS.ti": {"1:5 ¶ 12 in <document> (heading)": "document, position", "Codes:": "code", "Comment:": "memo",
                            "(text below)": "passage"},
               "MAXQDA": {"<document>: 12 - 14 (weight)": "document, position", "Code:": "code", "(text beside)": "passage"},
               "Taguette": {"Document: <document>": "document", "Tags:": "code", "(text above)": "passage"}}[producer]
    table = SegmentTable(str(p), producer, columns=columns, notes=[f"read as {producer}'s report of coded segments "
                                                                   f"({len(segments)} heading(s))"] + notes, rows=len(segments))
    if code:
        segments = [s if s.codes else _with_code(s, code) for s in segments]
        table.notes.append(f"passage(s) whose heading names no code are coded {code!r} (code=)")
    table.segments = segments
    return table


def _with_code(segment, code: str):
    from dataclasses import replace

    return replace(segment, codes=(code,))

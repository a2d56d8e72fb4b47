"""Turning the segments of an export into a researchkit codings table, with a report on every row.

Each segment is matched to a corpus document (:mod:`~researchkit.segtables.documents`), its
passage found in the document's text (:mod:`~researchkit.segtables.place`) and each of its
codes matched to the codebook (:mod:`~researchkit.segtables.codes`). A row that gives no
coding, and a code of a row that gives none, is named in the report with the reason and
what was closest; nothing is left out without a word.

Examples
--------
>>> from researchkit.transcripts import Corpus, Transcript
>>> from researchkit.segtables.model import Segment, SegmentTable
>>> corpus = Corpus([Transcript("R01", "R: we werken goed samen met de douane")])
>>> table = SegmentTable("seg.csv", "QualCoder", [Segment(2, "R01", "goed samen", ("SAM",), "anna"),
...                                               Segment(3, "R02", "de haven", ("HAV",), "anna")], rows=2)
>>> result = segments_to_codings(table, corpus)
>>> result.codings[["doc_id", "start", "end", "code", "coder", "source"]].values.tolist()
[['R01', 13, 23, 'SAM', 'anna', 'import']]
>>> print(result.report.issues[0])
row 3: document not found: 'R02' -- the project has no document of that name (closest: R01)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from researchkit.errors import SegmentTableError
from researchkit.segtables.codes import CodeIndex, add_path_codes, split_path
from researchkit.segtables.documents import DocumentIndex
from researchkit.segtables.model import Segment, SegmentTable
from researchkit.segtables.place import Located, locate
from researchkit.segtables.report import RowIssue, SegmentReport

__all__ = ["segments_to_codings", "Imported"]


@dataclass
class Imported:
    """The result of :func:`segments_to_codings`.

    Attributes
    ----------
    codings
        The codings table (``source`` ``"import"``; ``memo`` from the comment, ``origin``
        naming the file and row).
    report
        Every row placed, or named with why not.
    codebook
        The codebook with the codes added from paths (a dict), or ``None`` when unchanged.
    """

    codings: Any
    report: SegmentReport
    codebook: dict | None = None


def _short(text: str, start: int, end: int, width: int = 70) -> str:
    passage = " ".join(text[start:end].split())
    return passage if len(passage) <= width else passage[: width - 3] + "..."


def _paragraph(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _preview_at_offsets(text: str, seg: Segment) -> Located:
    """A segment given by its cut preview: placed at the table's character offsets when the passage there begins with it.

    Searching the preview would place only its first characters, a shorter coding than the
    program's; without offsets that hold it the row is reported instead.

    Examples
    --------
    >>> seg = Segment(2, "R01", "We work", ("Werk",), start=3, end=25, unit="char", prefix=True)
    >>> _preview_at_offsets("R: We work well together.", seg).span
    (3, 25)
    >>> _preview_at_offsets("R: We work well together.", Segment(2, "R01", "We work", ("Werk",), prefix=True)).status
    'not found'
    """
    from researchkit.project.anchoring import fold

    s, e = seg.start, seg.end
    if seg.unit == "char" and s is not None and e is not None and 0 <= s < e <= len(text):
        if fold(text[s:e], casefold=True).text.startswith(fold(seg.text, casefold=True).text):
            return Located("placed", (s, e), "at the table's offsets (the passage there begins with the preview)")
    return Located("not found")


#: How a segment given only by character offsets is placed (the report's "placed:" line).
BY_OFFSETS = "at the table's character offsets (the table gives no passage to check them)"


def _at_offsets(text: str, seg: Segment, doc_id: str) -> Located | RowIssue:
    """A segment the table gives only by character offsets (RQDA's coding table): the text there.

    The offsets must lie in the text, and the length the table gives (RQDA's ``CodingLength``)
    must be theirs; white space at either end is left out, as for a placed passage.

    Examples
    --------
    >>> seg = Segment(2, "R01", "", ("Werk",), start=2, end=11, unit="char", by_offsets=True, length=9)
    >>> _at_offsets("R: We work well.", seg, "R01").span
    (3, 10)
    >>> print(_at_offsets("R: We", seg, "R01"))
    row 2: offsets do not fit in 'R01': '2-11' -- the text of 'R01' has 5 characters; check that the project holds the same version of the text
    """
    where, value = seg.where, f"{seg.start}-{seg.end}"
    if seg.start is None or seg.end is None:
        if any(seg.written):  # written, but no offsets: a negative or decimal number, NaN, NA, a time, 19+ digits
            return RowIssue(where, "offsets do not fit", seg.document, "-".join(seg.written),
                            f"the row gives no start and end offsets: start {seg.written[0]!r} and end {seg.written[1]!r} "
                            "are not both whole numbers of characters from 0; export the coding table again")
        return RowIssue(where, "offsets do not fit", seg.document, value, "the row gives no start and end offsets")
    if seg.length is not None and seg.end - seg.start != seg.length:
        return RowIssue(where, "offsets do not fit", seg.document, value,
                        f"the table gives the segment {seg.length} characters, its offsets {seg.end - seg.start}; "
                        "export the coding table again")
    if not 0 <= seg.start < seg.end <= len(text):
        return RowIssue(where, "offsets do not fit", seg.document, value,
                        f"the text of {doc_id!r} has {len(text)} characters; check that the project holds the same version of the text")
    passage = text[seg.start:seg.end]
    if not passage.strip():
        return RowIssue(where, "offsets do not fit", seg.document, value, f"the text of {doc_id!r} there is only white space")
    start = seg.start + len(passage) - len(passage.lstrip())
    return Located("placed", (start, seg.end - (len(passage) - len(passage.rstrip()))), BY_OFFSETS)


def _inside_word(text: str, span: tuple[int, int]) -> bool:
    """A span that starts or ends between two letters or digits (cut out of a word)."""
    s, e = span
    return (0 < s < len(text) and text[s - 1].isalnum() and text[s].isalnum()) or (
        0 < e < len(text) and text[e - 1].isalnum() and text[e].isalnum())


def _offset_notes(spans: dict[str, list[tuple[int, int]]], texts: Any, report: SegmentReport) -> None:
    """Say where most segments placed by offsets alone cut words: the offsets may count another text."""
    for doc_id in sorted(spans):
        cut = sum(_inside_word(texts[doc_id], span) for span in spans[doc_id])
        if len(spans[doc_id]) >= 3 and cut * 2 > len(spans[doc_id]):
            report.notes.append(f"{cut} of the {len(spans[doc_id])} segments placed by offsets in {doc_id!r} start or end "
                                "inside a word: the table's offsets may count another version of the text (line ends, "
                                "another conversion of the file); check a few of its codings")


def _passage_issue(seg: Segment, doc_id: str, text: str, found: Located) -> RowIssue:
    if found.status == "empty":
        return RowIssue(seg.where, "no passage", seg.document, "", "the row has no coded text; a segment is placed by its text")
    if found.status == "not found":
        if seg.prefix:
            return RowIssue(seg.where, "passage not found", seg.document, seg.text,
                            f"the table gives only the segment's first {len(seg.text)} characters (a preview) and its "
                            f"offsets ({seg.start}-{seg.end}) do not hold a passage beginning with them in {doc_id!r}; "
                            "check that the project holds the same version of the text")
        if seg.cut:
            return RowIssue(seg.where, "passage not found", seg.document, seg.text,
                            "the table gives only the quotation's name, cut short by the program; export the quotations "
                            "with their content (Quotation Content)")
        if not found.candidates:
            return RowIssue(seg.where, "passage not found", seg.document, seg.text, f"not in {doc_id!r}")
        s, e = found.candidates[0]
        return RowIssue(seg.where, "passage not found", seg.document, seg.text,
                        f"closest in {doc_id!r}: {_short(text, s, e)!r} at {s}-{e} (similarity {found.ratio:.2f}); "
                        "check that the project holds the same version of the transcript")
    listed = "; ".join(f"{s}-{e} (line {_paragraph(text, s)})" for s, e in found.candidates[:8])
    more = f" and {len(found.candidates) - 8} more" if len(found.candidates) > 8 else ""
    hint = "the table's position did not decide" if seg.start is not None else "the table gives no position"
    return RowIssue(seg.where, "passage ambiguous", seg.document, seg.text,
                    f"{len(found.candidates)} occurrences in {doc_id!r}: {listed}{more}; {hint}; code it by hand "
                    "(researchkit code --occurrence N)")


def _document_issue(seg: Segment, docs: DocumentIndex, candidates: tuple[str, ...]) -> RowIssue:
    if candidates:
        return RowIssue(seg.where, "document ambiguous", seg.document, seg.document,
                        f"could be {', '.join(candidates)}; rename the document in the table or the project")
    if not seg.document:
        return RowIssue(seg.where, "document not found", "", "", "the row names no document")
    close = docs.closest(seg.document)
    return RowIssue(seg.where, "document not found", seg.document, seg.document,
                    "the project has no document of that name" + (f" (closest: {', '.join(close)})" if close else "")
                    + ("" if close else "; add the transcript to the project first"))


def _shallow(cells: list[str], dotted: bool, report: SegmentReport) -> list[str]:
    """The cells whose path fits in a codebook; a note names the others (their rows are listed as 'code unknown')."""
    from researchkit.codebook.model import MAX_CODE_DEPTH

    deep = [c for c in cells if len(split_path(c, dotted=dotted)) > MAX_CODE_DEPTH]
    if deep:
        shown = ", ".join(repr(c if len(c) <= 60 else c[:57] + "...") for c in deep[:3]) + (" ..." if len(deep) > 3 else "")
        report.notes.append(f"{len(deep)} code path(s) have more than {MAX_CODE_DEPTH} levels, more than a codebook may "
                            f"nest, and were not added: {shown}")
    return [c for c in cells if c not in set(deep)]


def _code_index(table: SegmentTable, codebook: Any, codes_from_path: bool, report: SegmentReport) -> tuple[CodeIndex, dict | None]:
    dotted = table.producer == "Taguette"
    index = CodeIndex(codebook, dotted=dotted)
    if codebook is None and not codes_from_path:
        report.notes.append("the project has no codebook: the codes are stored as the table writes them")
        return index, None
    if not codes_from_path:
        return index, None
    cells = sorted({c for s in table.segments for c in s.codes if index.match(c).code_id is None}
                   | ({c for s in table.segments for c in s.codes} if codebook is None else set()))
    cells = _shallow(cells, dotted, report)
    if not cells:
        return index, None
    from researchkit.codebook import Codebook

    data, made = add_path_codes(codebook, cells, dotted=dotted)
    known = set(index.ids)
    new_book = Codebook.from_dict(data)
    report.new_codes = [c.id for c in new_book.walk() if c.id not in known]
    return CodeIndex(new_book, dotted=dotted), data


def _origin(table: SegmentTable, seg: Segment) -> str:
    return f"{table.producer} {Path(table.path).name} {seg.where}" + (f" (id {seg.ref})" if seg.ref else "")


def _split_cells(cells: tuple[str, ...], codes: CodeIndex) -> list[str]:
    """Cells as codes; a cell naming no code whose parts split at ``,``/``;`` all name codes gives those codes.

    Examples
    --------
    >>> from researchkit.codebook import Codebook
    >>> index = CodeIndex(Codebook.from_dict({"codes": [{"id": "A", "name": "Haven"}, {"id": "B", "name": "Douane"}]}))
    >>> _split_cells(("Haven; Douane", "Haven, Rust"), index)
    ['Haven', 'Douane', 'Haven, Rust']
    """
    out: list[str] = []
    for cell in cells:
        if codes.codebook is not None and re.search(r"[;,]", cell) and codes.match(cell).code_id is None:
            parts = [p for p in (q.strip() for q in re.split(r"[;,]", cell)) if p]
            if len(parts) > 1 and all(codes.match(p).code_id for p in parts):
                out += parts
                continue
        out.append(cell)
    return out


def _codings_of(seg: Segment, doc_id: str, span: tuple[int, int], coder: str, codes: CodeIndex,
                table: SegmentTable, report: SegmentReport, seen: dict) -> list[dict]:
    rows = []
    for cell in _split_cells(seg.codes, codes):
        match = codes.match(cell)
        if match.code_id is None:
            detail = (f"could be {', '.join(match.candidates)}" if match.how == "ambiguous"
                      else "not in the codebook" + (f" (closest: {', '.join(match.candidates)})" if match.candidates else "")
                      + "; add it to the codebook or import with codes_from_path (--codes-from-path)")
            report.issues.append(RowIssue(seg.where, f"code {match.how}", seg.document, cell, detail))
            continue
        key = (doc_id, span[0], span[1], match.code_id, coder)
        if key in seen:
            report.issues.append(RowIssue(seg.where, "duplicate", seg.document, cell,
                                          f"same passage, code and coder as {seen[key]}; stored once"))
            continue
        seen[key] = seg.where
        rows.append({"doc_id": doc_id, "start": span[0], "end": span[1], "code": match.code_id, "coder": coder,
                     "source": "import", "memo": seg.memo, "origin": _origin(table, seg)})
    return rows


def segments_to_codings(table: SegmentTable, corpus: Any, codebook: Any = None, *, coder: str | None = None,
                        codes_from_path: bool = False) -> Imported:
    """Place every segment of ``table`` in ``corpus`` and make the codings table.

    Parameters
    ----------
    table
        From :func:`researchkit.segtables.read_segment_table`.
    corpus
        The documents the segments belong to.
    codebook
        Codes are matched to it by id, name and path; ``None``: codes as written.
    coder
        Coder of rows whose table names none.
    codes_from_path
        Add the codes the codebook lacks, parents made from their paths.

    Raises
    ------
    SegmentTableError
        RK664 when a row names no coder and ``coder`` is not given.
    """
    from researchkit.codings import make_codings

    nameless = [s.where for s in table.segments if not s.coder]
    if nameless and not coder:
        raise SegmentTableError("RK664", table.path, f"{len(nameless)} row(s) name no coder ({', '.join(nameless[:5])})",
                                hint="give the coder's name (coder=..., --coder NAME)")
    report = SegmentReport(table.path, table.producer, rows=len(table.segments), columns=dict(table.columns), notes=list(table.notes))
    codes, new_codebook = _code_index(table, codebook, codes_from_path, report)
    docs, texts = DocumentIndex(corpus), corpus.texts()
    matches = [docs.match(seg.document) for seg in table.segments]
    made: list[tuple[int, list[dict]]] = []
    seen: dict = {}
    folded: dict = {}
    folded_doc = None
    by_offsets: dict[str, list[tuple[int, int]]] = {}
    # one document at a time (its folded text made once), rows of a document in table order
    for k in sorted(range(len(matches)), key=lambda k: (matches[k].doc_id or "", k)):
        seg, match = table.segments[k], matches[k]
        if not seg.codes:
            report.issues.append(RowIssue(seg.where, "no code", seg.document, seg.text[:80], "the row names no code"))
            continue
        if match.doc_id is None:
            report.issues.append(_document_issue(seg, docs, match.candidates))
            continue
        if seg.media:
            report.issues.append(RowIssue(seg.where, "not text", seg.document, seg.text[:80],
                                          f"{seg.media} coding ({seg.ref}): researchkit codes text only"))
            continue
        if match.doc_id != folded_doc:
            folded_doc, folded = match.doc_id, {}
        text = texts[match.doc_id]
        if seg.by_offsets:
            found = _at_offsets(text, seg, match.doc_id)
            if isinstance(found, RowIssue):
                report.issues.append(found)
                continue
        elif seg.prefix:
            found = _preview_at_offsets(text, seg)
        else:
            found = locate(text, seg.text, start=seg.start, end=seg.end, unit=seg.unit, folded=folded)
        if found.status != "placed":
            report.issues.append(_passage_issue(seg, match.doc_id, text, found))
            continue
        rows = _codings_of(seg, match.doc_id, found.span, seg.coder or coder, codes, table, report, seen)
        if rows and seg.by_offsets:
            by_offsets.setdefault(match.doc_id, []).append(found.span)
        if rows:
            report.placed_rows += 1
            report.how[found.how] = report.how.get(found.how, 0) + 1
            made.append((k, rows))
    _offset_notes(by_offsets, texts, report)
    position = {seg.where: k for k, seg in enumerate(table.segments)}
    report.issues.sort(key=lambda issue: position[issue.where])
    rows = [row for _, part in sorted(made, key=lambda t: t[0]) for row in part]
    codings = make_codings(rows, corpus)
    report.codings = len(codings)
    return Imported(codings, report, new_codebook)

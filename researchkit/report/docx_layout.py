"""Word layout as Word users expect it: numbered headings, a filled contents field,
bookmarked captions with cross-references, fitted column widths, rows that stay whole.

- **Heading numbers** come from one multilevel list (``1``, ``1.1``, ``1.1.1``) bound to
  the styles Heading 1-3 (``w:pStyle`` in the list levels, ``w:numPr`` in the styles), so
  inserting a chapter in Word renumbers everything. Headings without a number (the
  appendices) opt out of the list (``w:numId 0``).
- **Contents**: the ``TOC`` field holds its entries (styles ``TOC 1``-``TOC 3``, each a
  hyperlink to the heading's bookmark with a ``PAGEREF``), so a reader or a PDF converter
  sees the chapters before Word updates the field.
- **Captions** bookmark their ``SEQ`` number (``_RefTabel3``); "Tabel 3" in the text becomes
  the label and a ``REF`` field to that bookmark, so the reference follows a renumbering.
- **Tables**: column widths fitted to the content within the text width of the page (no
  column narrower than its longest word), fixed layout, header row repeated, rows never
  split across pages; captions and lead-in lines keep with what follows.

Examples
--------
>>> fit_widths([["Code", "Omschrijving"], ["SIG", "Signalen van ondermijning"]], 16.0)
[3.44, 12.55]
"""

from __future__ import annotations

import math
import re
from typing import Any, Sequence

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.styles import BabelFish
from docx.styles.style import StyleFactory

from researchkit.report.docx_xml import element, parse_fragment, run_xml
from researchkit.report.docx_xml import paragraph as paragraph_element
from researchkit.report.docx_xml import run as run_element
from researchkit.report.textwidth import text_cm

__all__ = ["fit_widths", "number_headings", "heading_number", "add_bookmark", "add_field", "add_toc", "set_table_layout", "add_rows",
           "out_of_contents", "keep_with_next", "reference_runs", "add_run", "set_cell_text", "HEADING_NUMBER"]

#: A heading's typed number ("2", "2.1") at the start of its text.
HEADING_NUMBER = re.compile(r"^(\d+(?:\.\d+){0,2})\s+")
_NUM_ID = 9  # numbering ids of our own list (a template's lists use small ids)
#: Where a level-1 heading's text starts after its number (twips; 1.3 cm): "14" in 18 pt bold Georgia is ~0.9 cm.
_HEADING_INDENT = 737
_ABSTRACT_ID = 9
#: The cell padding (cm): Word's default cell margins (2 x 0.19 cm) and a little room.
_PAD_CM = 0.45
#: Room for a wider font than Arial: where the report's font is missing, LibreOffice falls back to DejaVu,
#: whose bold letters are up to a fifth wider ("Units" broke in a report made with Word's default template).
_FALLBACK_FONT_ROOM = 1.2


def heading_number(text: str) -> tuple[str, str]:
    """``("2.1", "Interviews")`` from ``"2.1 Interviews"``; ``("", text)`` without a number.

    Examples
    --------
    >>> heading_number("2.1 Interviews"), heading_number("Bijlage A Codeboek")
    (('2.1', 'Interviews'), ('', 'Bijlage A Codeboek'))
    """
    match = HEADING_NUMBER.match(text)
    return (match.group(1), text[match.end():]) if match else ("", text)


def _unbreakable(text: str) -> list[str]:
    """The parts of a cell that must not wrap: its words, or the whole cell when it is a figure
    without letters (``2 (33%)``, ``1 / 0 *``), which reads wrongly when broken."""
    return [text] if text.strip() and not any(c.isalpha() for c in text) else text.split()


def fit_widths(rows: Sequence[Sequence[str]], total_cm: float, *, size_pt: float = 11.0) -> list[float]:
    """Column widths (cm) that fit the content: each at least its longest word, the rest by text length.

    Words are measured with font metrics (:mod:`researchkit.report.textwidth`; the first row
    is the bold header), so a column is never narrower than its longest word, header or code
    id (``FEN.DRU``) included, nor than a figure such as ``2 (33%)``. The width left over goes to the columns whose cells would
    otherwise wrap, in proportion to what they lack; a column never gets more than its
    longest cell needs on one line until every column has that. When even the longest words
    do not fit, the widths are shrunk in proportion.

    Examples
    --------
    >>> widths = fit_widths([["Code", "Omschrijving"], ["FEN.DRU", "Drugssmokkel"]], 16.0)
    >>> widths[0] >= text_cm("FEN.DRU") * _FALLBACK_FONT_ROOM + _PAD_CM, round(sum(widths), 1)
    (True, 16.0)
    """
    n = max((len(r) for r in rows), default=0)
    if n == 0:
        return []

    measured: dict[tuple[str, bool], float] = {}  # a table repeats its figures and words: each measured once

    def width(text: str, bold: bool) -> float:
        key = (text, bold)
        if key not in measured:
            measured[key] = text_cm(text, size_pt=size_pt, bold=bold)
        return measured[key]

    columns = [[(str(r[i]), k == 0) for k, r in enumerate(rows) if i < len(r)] for i in range(n)]
    lines = [[width(text, b) for text, b in cells] for cells in columns]  # each cell on one line
    minimum = [max([width(w, b) for text, b in cells for w in _unbreakable(text)] + [0.2]) * _FALLBACK_FONT_ROOM + _PAD_CM
               for cells in columns]
    one_line = [max(widths + [0.0]) + _PAD_CM for widths in lines]
    spare = total_cm - sum(minimum)
    if spare <= 0:
        widths = [m * total_cm / sum(minimum) for m in minimum]
    else:
        need = [max(line - m, 0.0) for line, m in zip(one_line, minimum)]
        total_need = sum(need)
        if total_need >= spare:
            widths = [m + spare * d / total_need for m, d in zip(minimum, need)]
        else:  # every cell fits on one line: the rest to the columns with the most text
            volume = [sum(widths) + 0.1 for widths in lines]
            left = spare - total_need
            widths = [m + d + left * v / sum(volume) for m, d, v in zip(minimum, need, volume)]
    return [math.floor(w * 100) / 100 for w in widths]  # down to whole 0.01 cm: together never wider than the page


def _style(document: Any, name: str, *, based_on: str = "Normal") -> Any:
    styles = document.styles
    try:
        return styles[name]
    except KeyError:  # styles.add_style, without its second search of every style for the name just not found
        style = StyleFactory(styles.element.add_style_of_type(BabelFish.ui2internal(name), WD_STYLE_TYPE.PARAGRAPH, False))
        style.base_style = styles[based_on]
        return style


def number_headings(document: Any, heading_styles: Sequence[Any]) -> None:
    """Add the multilevel list 1 / 1.1 / 1.1.1 and bind it to the heading styles."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(_ABSTRACT_ID))
    multi = OxmlElement("w:multiLevelType")
    multi.set(qn("w:val"), "multilevel")
    abstract.append(multi)
    for level, style in enumerate(heading_styles):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:pStyle", style.style_id),
                           ("w:lvlText", ".".join(f"%{k + 1}" for k in range(level + 1))), ("w:lvlJc", "left")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            lvl.append(child)
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")  # room for two-digit numbers ("14", "10.12") in a large bold heading font
        ind.set(qn("w:left"), str(_HEADING_INDENT + 284 * level))
        ind.set(qn("w:hanging"), str(_HEADING_INDENT + 284 * level))
        ppr.append(ind)
        lvl.append(ppr)
        abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(_NUM_ID))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(_ABSTRACT_ID))
    num.append(ref)
    numbering.append(num)
    for level, style in enumerate(heading_styles):
        _set_num_pr(style.element.get_or_add_pPr(), _NUM_ID, level)


def _set_num_pr(ppr: Any, num_id: int, level: int | None) -> None:
    existing = ppr.find(qn("w:numPr"))
    if existing is not None:
        ppr.remove(existing)
    num_pr = OxmlElement("w:numPr")
    if level is not None:
        ilvl = OxmlElement("w:ilvl")
        ilvl.set(qn("w:val"), str(level))
        num_pr.append(ilvl)
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), str(num_id))
    num_pr.append(num)
    # numPr comes after pStyle, keepNext, keepLines, pageBreakBefore, framePr, widowControl
    anchor = None
    for tag in ("w:widowControl", "w:framePr", "w:pageBreakBefore", "w:keepLines", "w:keepNext", "w:pStyle"):
        anchor = ppr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addnext(num_pr)
    else:
        ppr.insert(0, num_pr)


def unnumbered(paragraph: Any) -> None:
    """Take a heading out of the heading list (the appendices)."""
    _set_num_pr(paragraph._p.get_or_add_pPr(), 0, None)


def out_of_contents(paragraph: Any) -> None:
    """Keep a heading out of the contents: outline level "body text" on the paragraph, which a
    ``TOC \\o`` field leaves out when Word updates it (the heading style stays)."""
    paragraph._p.get_or_add_pPr().get_or_add_outlineLvl().set(qn("w:val"), "9")


def add_bookmark(paragraph: Any, name: str, bookmark_id: int, *, runs: Sequence[Any] | None = None) -> None:
    """Bookmark ``runs`` of ``paragraph`` (default: all of it)."""
    p = paragraph._p
    start = element(p, "w:bookmarkStart", ("w:id", str(bookmark_id)), ("w:name", name))
    if runs:
        runs[0].addprevious(start)
    else:
        ppr = p.find(_PPR)
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)
    end = element(p, "w:bookmarkEnd", ("w:id", str(bookmark_id)))
    if runs:
        runs[-1].addnext(end)


def add_field(parent: Any, instruction: str, cached: str, *, dirty: bool = False) -> list[Any]:
    """Append a complex field to ``parent`` (a paragraph or hyperlink element); returns its runs.

    ``fldChar`` begin / ``instrText`` / separate / the cached result / end, each in a run of
    its own; the result is an ordinary run, so readers that do not evaluate fields
    (python-docx, text extraction, screen readers) still see the number or the placeholder.
    """
    begin = _field_char(parent, "begin")
    if dirty:
        begin[0].set(qn("w:dirty"), "true")
    return [begin, _preserved(parent, "w:instrText", f" {instruction} "), _field_char(parent, "separate"),
            _preserved(parent, "w:t", cached), _field_char(parent, "end")]


def _field_char(parent: Any, kind: str) -> Any:
    """A new run at the end of ``parent`` holding a ``w:fldChar`` of ``kind`` (begin, separate, end)."""
    r = element(parent, "w:r")
    element(r, "w:fldChar", ("w:fldCharType", kind))
    return r


def _preserved(parent: Any, tag: str, text: str) -> Any:
    """A new run at the end of ``parent`` holding ``tag`` (``w:t``, ``w:instrText``) with ``text``, spaces kept."""
    r = element(parent, "w:r")
    element(r, tag, ("xml:space", "preserve")).text = text
    return r


def add_toc(document: Any, entries: Sequence[tuple[int, str, str]], *, width_cm: float) -> None:
    """The TOC field with its entries already in it: ``(level, text, bookmark)`` per heading."""
    tab_pos = str(int(width_cm / 2.54 * 1440))
    styles = {level: _style(document, f"TOC {level}") for level in (1, 2, 3)}
    style_ids = {level: document.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH) for level, style in styles.items()}
    body = document.element.body
    paragraphs = []
    for level, text, bookmark in entries:
        p = paragraph_element(body, style_ids[min(level, 3)])
        tabs = element(p.find(_PPR), "w:tabs")
        element(tabs, "w:tab", ("w:val", "right"), ("w:leader", "dot"), ("w:pos", tab_pos))
        link = element(p, "w:hyperlink", ("w:anchor", bookmark), ("w:history", "1"))
        _preserved(link, "w:t", text)
        element(element(link, "w:r"), "w:tab")
        add_field(link, f"PAGEREF {bookmark} \\h", "")
        paragraphs.append(p)
    if not paragraphs:
        paragraphs.append(paragraph_element(body, styled=False))
    # the TOC field spans the entries: begin/instr/separate before the first, end after the last
    first = paragraphs[0]
    anchor = first.find(_PPR)
    runs = [_field_char(first, "begin"), _preserved(first, "w:instrText", ' TOC \\o "1-3" \\h \\z \\u '),
            _field_char(first, "separate")]
    for r in runs:
        if anchor is not None:
            anchor.addnext(r)
        else:
            first.insert(0, r)
        anchor = r
    _field_char(paragraphs[-1], "end")


def add_run(paragraph: Any, text: str, *, bold: bool | None = None, italic: bool | None = None) -> Any:
    """``paragraph.add_run(text)`` (and its ``bold``/``italic`` set): the same run, written directly.

    Examples
    --------
    >>> import docx
    >>> p = docx.Document().add_paragraph()
    >>> add_run(p, " Tabel 2 ").text, add_run(p, "a\tb", bold=True).bold, len(p.runs)
    (' Tabel 2 ', True, 2)
    """
    from docx.text.run import Run

    return Run(run_element(paragraph._p, text, bold=bold, italic=italic), paragraph)


def set_cell_text(tc: Any, text: str) -> None:
    """``cell.text = text`` on the ``w:tc`` element ``tc``: its content replaced by one paragraph with one run.

    Examples
    --------
    >>> import docx
    >>> table = docx.Document().add_table(rows=1, cols=1)
    >>> set_cell_text(table._tbl.tr_lst[0].tc_lst[0], "SIG")
    >>> table.cell(0, 0).text
    'SIG'
    """
    for child in [c for c in tc if c.tag != _TC_PR]:  # python-docx's clear_content: all but w:tcPr
        tc.remove(child)
    run_element(paragraph_element(tc, styled=False), text)


_TC_PR, _PPR = qn("w:tcPr"), qn("w:pPr")


def reference_runs(paragraph: Any, text: str, targets: dict[tuple[str, int], str]) -> None:
    """Write ``text`` into ``paragraph``, turning "Tabel 3"/"figuur 2" into label + ``REF`` field."""
    p = paragraph._p
    if not targets:
        run_element(p, text)
        return
    labels = sorted({label for label, _ in targets}, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(lb) for lb in labels) + r") (\d+)\b", re.IGNORECASE)
    pos = 0
    for match in pattern.finditer(text):
        key = (match.group(1).lower(), int(match.group(2)))
        bookmark = targets.get(key)
        if bookmark is None:
            continue
        run_element(p, text[pos:match.start(2)])
        add_field(p, f"REF {bookmark} \\h", match.group(2))
        pos = match.end(2)
    run_element(p, text[pos:])


def set_table_layout(table: Any, widths_cm: Sequence[float]) -> None:
    """Fixed layout with the given column widths; no row split across pages.

    The table properties and grid are set here, and every row the table has (one ``w:tc``
    per grid column, as ``add_table`` makes them) is kept whole and given the widths; rows
    added afterwards by :func:`add_rows` are written that way.
    """
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(int(Cm(w).twips) for w in widths_cm)))
    successor = next((tbl_pr.find(qn(t)) for t in ("w:tblCellMar", "w:tblLook", "w:tblCaption") if tbl_pr.find(qn(t)) is not None), None)
    if successor is not None:
        successor.addprevious(layout)
    else:
        tbl_pr.append(layout)
    for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    from docx.table import _Cell

    widths = [Cm(width) for width in widths_cm]
    for tr in tbl.tr_lst:
        tr_pr = tr.get_or_add_trPr()
        cant = OxmlElement("w:cantSplit")
        tr_pr.insert(0, cant)
        # a table made by add_table: one w:tc per grid column, nothing merged (row.cells gives the same cells)
        for tc, width in zip(tr.tc_lst, widths):
            _Cell(tc, table).width = width


def add_rows(table: Any, rows: Sequence[Sequence[str]], widths_cm: Sequence[float], *, header: bool = True) -> None:
    """Append ``rows`` to a table laid out by :func:`set_table_layout`: each row kept whole, its
    cells as wide as their grid column, the first row a bold header repeated on every page.

    The XML is what python-docx gives for ``add_table(rows=len(rows), ...)``, the header cells
    written as ``cell.text = ""`` plus a bold run, the other cells with ``cell.text = text``,
    then :func:`set_table_layout`: a row shorter than the grid keeps empty cells, and a cell
    beyond the grid is not written (as ``row.cells`` has no place for it).

    Examples
    --------
    >>> import docx
    >>> table = docx.Document().add_table(rows=0, cols=2)
    >>> set_table_layout(table, [3.0, 4.0])
    >>> add_rows(table, [["Code", "n"], ["SIG", "3"]], [3.0, 4.0])
    >>> [[c.text for c in row.cells] for row in table.rows], table.rows[0].cells[0].paragraphs[0].runs[1].bold
    ([['Code', 'n'], ['SIG', '3']], True)
    """
    tbl = table._tbl
    n_cols = len(tbl.tblGrid.findall(_GRID_COL))
    # the rows as XML text, parsed at once: a table has hundreds of elements, made here without a
    # Python object each (the runs are docx_xml.run's, written by docx_xml.run_xml)
    cells = [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{Cm(width).twips}"/></w:tcPr>' for width in widths_cm[:n_cols]]
    parts = []
    for k, values in enumerate(rows):
        first = header and k == 0
        # a table without columns: add_table's row template leaves its white space in the empty row
        parts.append("<w:tr>" if n_cols else "<w:tr>\n  ")
        parts.append('<w:trPr><w:cantSplit/><w:tblHeader w:val="true"/></w:trPr>' if first else "<w:trPr><w:cantSplit/></w:trPr>")
        for i in range(n_cols):
            parts.append(cells[i])
            if i >= len(values):
                parts.append("<w:p/>")  # add_table's empty cell
            elif first:
                parts.append(f"<w:p><w:r/>{run_xml(str(values[i]), bold=True)}</w:p>")
            else:
                parts.append(f"<w:p>{run_xml(str(values[i]))}</w:p>")
            parts.append("</w:tc>")
        parts.append("</w:tr>")
    tbl.extend(parse_fragment("".join(parts)))


_GRID_COL = qn("w:gridCol")


def keep_with_next(paragraph: Any) -> None:
    """Keep ``paragraph`` on the page of the next one (captions, lead-in lines)."""
    paragraph.paragraph_format.keep_with_next = True


def small(run: Any) -> None:
    """Note text under a table."""
    run.italic = True
    run.font.size = Pt(8)

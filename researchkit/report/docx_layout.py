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

from researchkit.report.textwidth import text_cm

__all__ = ["fit_widths", "number_headings", "heading_number", "add_bookmark", "add_toc", "set_table_layout",
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

    def cells(i: int) -> list[tuple[str, bool]]:
        return [(str(r[i]), k == 0) for k, r in enumerate(rows) if i < len(r)]

    minimum = [max([text_cm(w, size_pt=size_pt, bold=b) for text, b in cells(i) for w in _unbreakable(text)] + [0.2])
               * _FALLBACK_FONT_ROOM + _PAD_CM for i in range(n)]
    one_line = [max([text_cm(text, size_pt=size_pt, bold=b) for text, b in cells(i)] + [0.0]) + _PAD_CM for i in range(n)]
    spare = total_cm - sum(minimum)
    if spare <= 0:
        widths = [m * total_cm / sum(minimum) for m in minimum]
    else:
        need = [max(line - m, 0.0) for line, m in zip(one_line, minimum)]
        total_need = sum(need)
        if total_need >= spare:
            widths = [m + spare * d / total_need for m, d in zip(minimum, need)]
        else:  # every cell fits on one line: the rest to the columns with the most text
            volume = [sum(text_cm(text, size_pt=size_pt, bold=b) for text, b in cells(i)) + 0.1 for i in range(n)]
            left = spare - total_need
            widths = [m + d + left * v / sum(volume) for m, d, v in zip(minimum, need, volume)]
    return [math.floor(w * 100) / 100 for w in widths]  # down to whole 0.01 cm: together never wider than the page


def _style(document: Any, name: str, *, based_on: str = "Normal") -> Any:
    styles = document.styles
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
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
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    p = paragraph._p
    if runs:
        runs[0].addprevious(start)
        runs[-1].addnext(end)
    else:
        ppr = p.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)
        p.append(end)


def _field(parent: Any, instruction: str, cached: str, *, dirty: bool = False) -> list[Any]:
    """Append a complex field to ``parent`` (a paragraph or hyperlink element); returns its runs."""
    runs = []
    for kind, value in (("begin", None), ("instr", instruction), ("separate", None), ("text", cached), ("end", None)):
        r = OxmlElement("w:r")
        if kind == "instr":
            child = OxmlElement("w:instrText")
            child.set(qn("xml:space"), "preserve")
            child.text = f" {value} "
        elif kind == "text":
            child = OxmlElement("w:t")
            child.set(qn("xml:space"), "preserve")
            child.text = value
        else:
            child = OxmlElement("w:fldChar")
            child.set(qn("w:fldCharType"), kind)
            if kind == "begin" and dirty:
                child.set(qn("w:dirty"), "true")
        r.append(child)
        parent.append(r)
        runs.append(r)
    return runs


def _text_run(parent: Any, text: str) -> Any:
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    parent.append(r)
    return r


def add_toc(document: Any, entries: Sequence[tuple[int, str, str]], *, width_cm: float) -> None:
    """The TOC field with its entries already in it: ``(level, text, bookmark)`` per heading."""
    tab_pos = str(int(width_cm / 2.54 * 1440))
    styles = {level: _style(document, f"TOC {level}") for level in (1, 2, 3)}
    paragraphs = []
    for level, text, bookmark in entries:
        paragraph = document.add_paragraph(style=styles[min(level, 3)])
        ppr = paragraph._p.get_or_add_pPr()
        tabs = OxmlElement("w:tabs")
        tab = OxmlElement("w:tab")
        tab.set(qn("w:val"), "right")
        tab.set(qn("w:leader"), "dot")
        tab.set(qn("w:pos"), tab_pos)
        tabs.append(tab)
        ppr.append(tabs)
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), bookmark)
        link.set(qn("w:history"), "1")
        _text_run(link, text)
        r = OxmlElement("w:r")
        r.append(OxmlElement("w:tab"))
        link.append(r)
        _field(link, f"PAGEREF {bookmark} \\h", "")
        paragraph._p.append(link)
        paragraphs.append(paragraph)
    if not paragraphs:
        paragraphs.append(document.add_paragraph())
    # the TOC field spans the entries: begin/instr/separate before the first, end after the last
    first = paragraphs[0]._p
    ppr = first.find(qn("w:pPr"))
    runs = []
    for kind in ("begin", "instr", "separate"):
        r = OxmlElement("w:r")
        if kind == "instr":
            child = OxmlElement("w:instrText")
            child.set(qn("xml:space"), "preserve")
            child.text = ' TOC \\o "1-3" \\h \\z \\u '
        else:
            child = OxmlElement("w:fldChar")
            child.set(qn("w:fldCharType"), kind)
        r.append(child)
        runs.append(r)
    anchor = ppr
    for r in runs:
        if anchor is not None:
            anchor.addnext(r)
        else:
            first.insert(0, r)
        anchor = r
    end_r = OxmlElement("w:r")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    end_r.append(end)
    paragraphs[-1]._p.append(end_r)


def _text_r(p: Any, text: str) -> Any:
    """A new ``w:r`` at the end of the ``w:p`` element ``p`` holding ``text`` as python-docx's ``Run.text`` writes it.

    Text without tabs and line breaks is one ``w:t`` (python-docx builds it character by
    character); other text goes through python-docx itself.
    """
    r = p.add_r()
    if "\t" in text or "\n" in text or "\r" in text:
        r.text = text
    elif text:
        r.add_t(text)
    return r


def add_run(paragraph: Any, text: str) -> Any:
    """``paragraph.add_run(text)``: the same run, written without python-docx's per-character loop.

    Examples
    --------
    >>> import docx
    >>> p = docx.Document().add_paragraph()
    >>> add_run(p, " Tabel 2 ").text, add_run(p, "a\tb").text, len(p.runs)
    (' Tabel 2 ', 'a\tb', 2)
    """
    from docx.text.run import Run

    return Run(_text_r(paragraph._p, text), paragraph)


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
    _text_r(tc.add_p(), text)


_TC_PR = qn("w:tcPr")


def reference_runs(paragraph: Any, text: str, targets: dict[tuple[str, int], str]) -> None:
    """Write ``text`` into ``paragraph``, turning "Tabel 3"/"figuur 2" into label + ``REF`` field."""
    if not targets:
        add_run(paragraph, text)
        return
    labels = sorted({label for label, _ in targets}, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(lb) for lb in labels) + r") (\d+)\b", re.IGNORECASE)
    pos = 0
    for match in pattern.finditer(text):
        key = (match.group(1).lower(), int(match.group(2)))
        bookmark = targets.get(key)
        if bookmark is None:
            continue
        add_run(paragraph, text[pos:match.start(2)])
        _field(paragraph._p, f"REF {bookmark} \\h", match.group(2))
        pos = match.end(2)
    add_run(paragraph, text[pos:])


def set_table_layout(table: Any, widths_cm: Sequence[float]) -> None:
    """Fixed layout with the given column widths; header row repeated; no row split across pages."""
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


def keep_with_next(paragraph: Any) -> None:
    """Keep ``paragraph`` on the page of the next one (captions, lead-in lines)."""
    paragraph.paragraph_format.keep_with_next = True


def small(run: Any) -> None:
    """Note text under a table."""
    run.italic = True
    run.font.size = Pt(8)

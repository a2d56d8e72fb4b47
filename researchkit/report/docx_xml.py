"""Word XML made in place with lxml: the elements python-docx's API makes, at a fraction of its cost.

python-docx makes every element as a tree of its own (``OxmlElement``) and finds its place
among its siblings by searching for each tag that may follow it; setting a property
(``run.bold = True``, ``paragraph_format.keep_with_next = True``) goes through the same
generic steps. For a report of some hundreds of paragraphs and table cells that was most of
the time :func:`~researchkit.report.docx_report.write_docx` took. The functions here make the
same elements with ``etree.SubElement`` in the order the schema wants (the elements are
python-docx's own classes, as the document's parser makes them), so the XML, and the file,
are the bytes python-docx writes:

* :func:`paragraph` is ``container.add_paragraph(style=...)`` with its paragraph properties
  (``w:pStyle``, ``w:keepNext``, ``w:keepLines``, ``w:pageBreakBefore``, ``w:jc``);
* :func:`run` is ``paragraph.add_run(text)`` with ``bold``, ``italic`` and ``font.size`` set,
  its text written as ``Run.text`` writes it (a tab is ``w:tab``, a line end ``w:br``, other
  text ``w:t``, with ``xml:space="preserve"`` when it starts or ends with white space);
* :func:`element` is one element with its attributes in the order given;
* :func:`run_xml` is :func:`run` as XML text, and :func:`parse_fragment` parses such text
  into elements of python-docx's classes, for the many runs of a table, made at once.

Examples
--------
>>> import docx
>>> document = docx.Document()
>>> p = paragraph(document.element.body, "Heading1", keep_next=True)
>>> r = run(p, "Tabel 1\\tn", bold=True)
>>> from lxml import etree
>>> etree.tostring(p).decode().split(">", 1)[1]
'<w:pPr><w:pStyle w:val="Heading1"/><w:keepNext/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>Tabel 1</w:t><w:tab/><w:t>n</w:t></w:r></w:p>'
"""

from __future__ import annotations

import re
from typing import Any

from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import element_class_lookup
from docx.oxml.simpletypes import ST_HpsMeasure
from lxml import etree

__all__ = ["paragraph", "run", "write_text", "element", "run_xml", "parse_fragment", "P", "R", "T"]

P, PPR, PSTYLE, R, RPR, T = (qn(t) for t in ("w:p", "w:pPr", "w:pStyle", "w:r", "w:rPr", "w:t"))
_KEEP_NEXT, _KEEP_LINES, _PAGE_BREAK_BEFORE, _JC = (qn(t) for t in ("w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:jc"))
_NUM_PR, _NUM_ID, _OUTLINE_LVL = (qn(t) for t in ("w:numPr", "w:numId", "w:outlineLvl"))
_B, _I, _SZ, _TAB, _BR = (qn(t) for t in ("w:b", "w:i", "w:sz", "w:tab", "w:br"))
_SECT_PR, _VAL, _XML_SPACE = qn("w:sectPr"), qn("w:val"), qn("xml:space")
#: A tab, a carriage return or a line feed: the characters ``Run.text`` writes as elements of their own.
_SPECIAL = re.compile(r"([\t\r\n])")
#: python-docx's element classes; blank text is kept as it is (python-docx's own parser drops
#: white space between elements, which :func:`run_xml` never writes).
_PARSER = etree.XMLParser(resolve_entities=False)
_PARSER.set_element_class_lookup(element_class_lookup)
_W_DECLARATION = nsdecls("w")


def element(parent: Any, tag: str, *attributes: tuple[str, str]) -> Any:
    """A new last child ``tag`` (``"w:tab"``) of ``parent`` with ``attributes`` (``("w:val", "right")``) in order.

    Examples
    --------
    >>> import docx
    >>> from lxml import etree
    >>> p = docx.Document().element.body.add_p()
    >>> etree.tostring(element(p, "w:bookmarkStart", ("w:id", "1"), ("w:name", "_Toc0001"))).decode().split(" xmlns")[0]
    '<w:bookmarkStart'
    """
    child = etree.SubElement(parent, qn(tag))
    for name, value in attributes:
        child.set(qn(name), value)
    return child


def paragraph(container: Any, style_id: str | None = None, *, styled: bool = True, keep_next: bool = False,
              keep_lines: bool = False, page_break_before: bool = False, num_id: int | None = None,
              align: str | None = None, outline_level: int | None = None) -> Any:
    """A new ``w:p`` at the end of ``container`` (before a body's ``w:sectPr``), as python-docx adds it.

    Parameters
    ----------
    container
        A ``w:body`` or ``w:tc`` element.
    style_id
        The paragraph style's id; ``None`` for the document's default paragraph style.
    styled
        ``False`` for a paragraph given no style at all: python-docx writes no ``w:pPr`` for it
        (unless a property below asks for one), while the default style gives an empty one.
    keep_next, keep_lines, page_break_before
        ``paragraph_format.keep_with_next``, ``keep_together`` and ``page_break_before``.
    num_id
        ``w:numPr`` with this ``w:numId`` and no level (``0``: out of the list its style gives), or ``None``.
    align
        ``w:jc`` (``"center"``), or ``None``.
    outline_level
        ``w:outlineLvl`` (``9``: body text, out of a table of contents), or ``None``.

    Examples
    --------
    >>> import docx
    >>> from lxml import etree
    >>> body = docx.Document().element.body
    >>> [etree.tostring(paragraph(body, s, styled=f)).decode().split(">", 1)[1] for s, f in ((None, True), (None, False))]
    ['<w:pPr/></w:p>', '']
    """
    p = container.makeelement(P)
    # a body's w:sectPr stays last: looked for at the end first (where it is), else among all children
    last = _last_child(container)
    sect_pr = last if last is not None and last.tag == _SECT_PR else container.find(_SECT_PR)
    if sect_pr is not None:
        sect_pr.addprevious(p)
    else:
        container.append(p)
    if styled or keep_next or keep_lines or page_break_before or num_id is not None or align or outline_level is not None:
        ppr = etree.SubElement(p, PPR)  # children in the schema's order
        if style_id is not None:
            etree.SubElement(ppr, PSTYLE).set(_VAL, style_id)
        if keep_next:
            etree.SubElement(ppr, _KEEP_NEXT)
        if keep_lines:
            etree.SubElement(ppr, _KEEP_LINES)
        if page_break_before:
            etree.SubElement(ppr, _PAGE_BREAK_BEFORE)
        if num_id is not None:
            etree.SubElement(etree.SubElement(ppr, _NUM_PR), _NUM_ID).set(_VAL, str(num_id))
        if align:
            etree.SubElement(ppr, _JC).set(_VAL, align)
        if outline_level is not None:
            etree.SubElement(ppr, _OUTLINE_LVL).set(_VAL, str(outline_level))
    return p


def _last_child(parent: Any) -> Any:
    """The last child element of ``parent`` or ``None`` (``len`` counts every child)."""
    try:
        return parent[-1]
    except IndexError:
        return None


def _on_off(rpr: Any, tag: str, value: bool) -> None:
    """``w:b``/``w:i`` as python-docx sets a bool property: no value for on, ``0`` for off."""
    child = etree.SubElement(rpr, tag)
    if not value:
        child.set(_VAL, "0")


def run(parent: Any, text: str = "", *, bold: bool | None = None, italic: bool | None = None,
        size: int | None = None) -> Any:
    """A new ``w:r`` at the end of ``parent`` (a ``w:p`` or ``w:hyperlink``) holding ``text``.

    Parameters
    ----------
    parent
        The element the run is appended to.
    text
        Written as python-docx's ``Run.text`` writes it (:func:`write_text`).
    bold, italic
        ``run.bold``/``run.italic``: ``True``, ``False`` (explicitly off) or ``None`` (inherited).
    size
        ``run.font.size``: a python-docx length (``Pt(8)``), or ``None``.

    Examples
    --------
    >>> import docx
    >>> from docx.shared import Pt
    >>> from lxml import etree
    >>> p = docx.Document().element.body.add_p()
    >>> etree.tostring(run(p, " (R07)", italic=False, size=Pt(8))).decode().split(">", 1)[1]
    '<w:rPr><w:i w:val="0"/><w:sz w:val="16"/></w:rPr><w:t xml:space="preserve"> (R07)</w:t></w:r>'
    """
    r = etree.SubElement(parent, R)
    if bold is not None or italic is not None or size is not None:
        rpr = etree.SubElement(r, RPR)  # children in the schema's order: b, i, sz
        if bold is not None:
            _on_off(rpr, _B, bold)
        if italic is not None:
            _on_off(rpr, _I, italic)
        if size is not None:
            etree.SubElement(rpr, _SZ).set(_VAL, ST_HpsMeasure.convert_to_xml(size))
    if text:
        write_text(r, text)
    return r


def write_text(r: Any, text: str) -> None:
    """Append ``text`` to the run ``r`` as ``Run.text`` does: ``w:t`` pieces, ``w:tab`` and ``w:br``.

    Examples
    --------
    >>> import docx
    >>> from lxml import etree
    >>> r = docx.Document().element.body.add_p().add_r()
    >>> write_text(r, "a\\r\\nb ")
    >>> etree.tostring(r).decode().split(">", 1)[1]
    '<w:t>a</w:t><w:br/><w:br/><w:t xml:space="preserve">b </w:t></w:r>'
    """
    pieces = _SPECIAL.split(text) if ("\t" in text or "\n" in text or "\r" in text) else (text,)
    for piece in pieces:
        if not piece:
            continue
        if piece == "\t":
            etree.SubElement(r, _TAB)
        elif piece == "\n" or piece == "\r":
            etree.SubElement(r, _BR)
        else:
            t = etree.SubElement(r, T)
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(_XML_SPACE, "preserve")


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run_xml(text: str = "", *, bold: bool | None = None) -> str:
    """The XML of :func:`run` ``(parent, text, bold=bold)``, as text (the ``w`` prefix undeclared).

    Examples
    --------
    >>> run_xml(" R&D\\t", bold=True)
    '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> R&amp;D</w:t><w:tab/></w:r>'
    >>> run_xml()
    '<w:r/>'
    """
    if not text and bold is None:
        return "<w:r/>"
    parts = ["<w:r>"]
    if bold is not None:
        parts.append("<w:rPr><w:b/></w:rPr>" if bold else '<w:rPr><w:b w:val="0"/></w:rPr>')
    pieces = _SPECIAL.split(text) if ("\t" in text or "\n" in text or "\r" in text) else (text,)
    for piece in pieces:
        if not piece:
            continue
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece == "\n" or piece == "\r":
            parts.append("<w:br/>")
        elif len(piece.strip()) < len(piece):
            parts.append(f'<w:t xml:space="preserve">{_escaped(piece)}</w:t>')
        else:
            parts.append(f"<w:t>{_escaped(piece)}</w:t>")
    parts.append("</w:r>")
    return "".join(parts)


def parse_fragment(xml: str, tag: str = "w:tbl") -> list[Any]:
    """The elements of ``xml`` (``w``-prefixed elements without a namespace declaration), parsed
    inside a ``tag`` element, ready to be appended where they belong.

    Examples
    --------
    >>> [type(e).__name__ for e in parse_fragment("<w:tr/><w:tr/>")]
    ['CT_Row', 'CT_Row']
    """
    root = qn(tag).split("}")[1]
    return list(etree.fromstring(f"<w:{root} {_W_DECLARATION}>{xml}</w:{root}>", _PARSER))

"""Render a :class:`~researchkit.report.content.ReportContent` to a Word file (python-docx).

What a research bureau expects of the file:

* a title page, a real table-of-contents field (``TOC \\o "1-3" \\h \\z \\u``, updated
  by Word when the file is opened; until then a line says how to update it);
* captions with Word ``SEQ Tabel`` / ``SEQ Figuur`` fields whose cached numbers are
  already right, so the numbering survives edits and a list of tables can be made;
* styles from a template (the bureau's own ``.docx`` with its house style), or Word's
  defaults on A4 with page numbers. A style the template lacks is an error that lists
  the styles the template has; ``styles=`` maps our roles to the template's names;
* identical bytes for identical inputs: the core-properties dates are the report date
  (never the clock), the revision is 1, and the zip is re-packed in a fixed order with
  fixed timestamps. The file is written atomically (temporary file + rename).

Examples
--------
>>> import datetime, tempfile, os
>>> from researchkit.report.content import ReportContent, Heading, Paragraph
>>> content = ReportContent("Havens", "", "Bureau", "", "", datetime.date(2026, 4, 1), "nl",
...                         [Heading("1 Inleiding", 1), Paragraph("Tekst.")])
>>> path = write_docx(content, os.path.join(tempfile.mkdtemp(), "r.docx"))
>>> import docx
>>> [p.text for p in docx.Document(path).paragraphs if p.text][:2]
['Havens', 'Bureau']
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import re
import zipfile
from pathlib import Path
from typing import Any, Mapping

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.oxml.table import CT_Tbl
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.styles.style import BaseStyle

from researchkit.fileio import atomic_write
from researchkit.errors import ReportError
from researchkit.report import docx_layout as layout
from researchkit.report import docx_xml as xml
from researchkit.report.docx_package import package_members, zip_members
from researchkit.report.content import (
    Bullets,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Quote,
    ReportContent,
    Table,
    TableOfContents,
)

__all__ = ["write_docx", "DEFAULT_STYLES", "check_styles", "repack_zip"]

#: Our style roles -> Word style names (Word's built-in names; localised Word versions map them).
DEFAULT_STYLES: dict[str, str] = {
    "title": "Title",
    "subtitle": "Subtitle",
    "heading1": "Heading 1",
    "heading2": "Heading 2",
    "heading3": "Heading 3",
    "body": "Normal",
    "caption": "Caption",
    "quote": "Quote",
    "bullet": "List Bullet",
    "table": "Table Grid",
    "toc_heading": "TOC Heading",
}
_TABLE_ROLES = {"table"}
_LANG_TAGS = {"nl": "nl-NL", "en": "en-GB"}


def check_styles(document: Any, styles: Mapping[str, str], *, template: str | os.PathLike | None = None) -> dict[str, Any]:
    """Look every style up in ``document``; raise one error naming every missing style.

    Returns
    -------
    dict
        role -> python-docx style object.

    Raises
    ------
    ReportError
        ``RK551``, listing the missing styles and all the template's paragraph and
        table styles, with a hint about ``styles=``.

    Examples
    --------
    >>> from docx import Document
    >>> sorted(check_styles(Document(), {"body": "Normal"}))
    ['body']
    """
    found: dict[str, Any] = {}
    missing: list[str] = []
    for role, name in styles.items():
        try:
            style = document.styles[name]
        except KeyError:
            missing.append(f"{role}={name!r}")
            continue
        wanted = WD_STYLE_TYPE.TABLE if role in _TABLE_ROLES else WD_STYLE_TYPE.PARAGRAPH
        if style.type != wanted:
            missing.append(f"{role}={name!r} (is a {str(style.type).split('.')[-1].split(' ')[0].lower()} style, "
                           f"needs a {'table' if role in _TABLE_ROLES else 'paragraph'} style)")
            continue
        found[role] = style
    if missing:
        available = sorted(
            s.name for s in document.styles if s.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.TABLE) and s.name
        )
        where = str(template) if template else "the default template"
        raise ReportError(
            "RK551",
            f"{where}: style(s) not found: {', '.join(missing)}. The template has these paragraph and table styles: "
            f"{', '.join(available)}",
            hint="map each role to one of the template's styles, e.g. styles={'quote': 'Citaat'}, or add the style "
                 "to the template in Word (a style Word has never used in the file is not stored in it)",
        )
    return found


def _open_template(template: str | os.PathLike | None) -> Any:
    if template is None:
        document = Document()
        section = document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(2.5))
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.5)
        _add_page_numbers(section)
        return document
    path = Path(template)
    if not path.is_file():
        raise ReportError("RK550", f"{path}: template not found", hint="give the path of a Word .docx file with your house style")
    if path.suffix.lower() != ".docx":
        raise ReportError("RK550", f"{path}: a template must be a .docx file, not {path.suffix or 'a file without suffix'!r}",
                          hint="open the template in Word and save it as a Word document (.docx)")
    try:
        document = Document(str(path))
    except Exception as exc:  # python-docx raises several types for a non-Word zip
        raise ReportError("RK550", f"{path}: not a readable Word document ({type(exc).__name__}: {exc})",
                          hint="open it in Word and save it again as .docx") from None
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def _add_page_numbers(section: Any) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    layout.add_field(paragraph._p, "PAGE", "1")


# Children of w:settings that the schema (CT_Settings, a strict sequence) puts after w:updateFields.
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
    "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
    "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
    "decimalSymbol", "listSeparator",
)


def _update_fields_on_open(document: Any) -> None:
    """Set ``w:updateFields`` in settings.xml at its schema position (Word rejects misplaced elements)."""
    settings = document.settings.element
    existing = settings.find(qn("w:updateFields"))
    if existing is None:
        existing = OxmlElement("w:updateFields")
        after = {qn(f"w:{name}") for name in _AFTER_UPDATE_FIELDS}
        successor = next((child for child in settings if child.tag in after), None)
        if successor is not None:
            successor.addprevious(existing)
        else:
            # only extension elements (w14:...) or nothing follow: insert before the first of those
            w_ns = qn("w:x")[:-1]
            extension = next((child for child in settings if isinstance(child.tag, str) and not child.tag.startswith(w_ns)), None)
            if extension is not None:
                extension.addprevious(existing)
            else:
                settings.append(existing)
    existing.set(qn("w:val"), "true")


def _set_language(document: Any, language: str) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        return
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        successor = next((c for c in rpr if c.tag in {qn("w:eastAsianLayout"), qn("w:specVanish"), qn("w:oMath")}), None)
        if successor is not None:
            successor.addprevious(lang)
        else:
            rpr.append(lang)
    lang.set(qn("w:val"), _LANG_TAGS.get(language, language))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _safe(text: str) -> str:
    """Text Word can store: control characters (not allowed in XML) become spaces."""
    return _CONTROL.sub(" ", text)


class _Refs:
    """Bookmarks of the headings (for the contents) and of the caption numbers (for REF fields)."""

    def __init__(self, content: ReportContent) -> None:
        self.headings = [b for b in content.blocks if isinstance(b, Heading)]
        self.targets: dict[tuple[str, int], str] = {}
        for block in content.blocks:
            if isinstance(block, (Table, Figure)):
                label = content.label("table" if isinstance(block, Table) else "figure")
                self.targets[(label.lower(), block.number)] = f"_Ref{label}{block.number}"
        self.next_heading = 0
        self.next_id = 0

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def toc_entries(self) -> list[tuple[int, str, str]]:
        return [(h.level, h.text, f"_Toc{i + 1:04d}") for i, h in enumerate(self.headings) if h.level <= 3 and h.contents]


class _Writer:
    """Writes blocks at the end of the document body: paragraphs and runs made in place
    (:mod:`.docx_xml`), each role's style id looked up once."""

    def __init__(self, document: Any, styles: Mapping[str, Any]) -> None:
        self.document = document
        self.styles = styles
        self.body = document.element.body
        self.container = document._body  # the parent python-docx gives the paragraphs and tables it adds
        self.block_width = document._block_width  # what add_table reads from the last section each time
        lookup = document.part.get_style_id
        self.style_ids = {role: lookup(style, WD_STYLE_TYPE.TABLE if role in _TABLE_ROLES else WD_STYLE_TYPE.PARAGRAPH)
                          for role, style in styles.items()}

    def paragraph(self, role: str | None, text: str = "", **properties: Any) -> Any:
        """``document.add_paragraph(text, style=styles[role])`` (no style for ``None``), with
        :func:`.docx_xml.paragraph`'s ``properties``; returns the python-docx paragraph."""
        p = xml.paragraph(self.body, self.style_ids[role] if role else None, styled=role is not None, **properties)
        if text:
            xml.run(p, text)
        return DocxParagraph(p, self.container)


def _caption(writer: _Writer, label: str, number: int, text: str, refs: _Refs, *, keep_next: bool = False) -> Any:
    paragraph = writer.paragraph("caption", f"{label} ", keep_next=keep_next)
    runs = layout.add_field(paragraph._p, f"SEQ {label} \\* ARABIC", str(number))
    layout.add_bookmark(paragraph, f"_Ref{label}{number}", refs.new_id(), runs=runs)
    xml.run(paragraph._p, _safe(f". {text}"))
    return paragraph


def _text_width_cm(document: Any) -> float:
    section = document.sections[-1]
    if section.page_width is None or section.left_margin is None or section.right_margin is None:
        return 16.0
    return (section.page_width - section.left_margin - section.right_margin) / 360000


def _table(writer: _Writer, table: Table, label: str, refs: _Refs, text_width_cm: float) -> None:
    _caption(writer, label, table.number, table.caption, refs, keep_next=True)
    # the table as python-docx's add_table makes it (the page's text width found once), then its rows written directly
    tbl = CT_Tbl.new_tbl(0, len(table.columns), writer.block_width)
    writer.body._insert_tbl(tbl)
    word_table = DocxTable(tbl, writer.container)
    word_table.style = writer.styles["table"]
    widths = layout.fit_widths([list(map(str, table.columns))] + [list(map(str, r)) for r in table.rows], text_width_cm)
    layout.set_table_layout(word_table, widths)
    layout.add_rows(word_table, [[_safe(str(text)) for text in row] for row in (table.columns, *table.rows)], widths)
    if table.note:
        note = writer.paragraph("body")
        xml.run(note._p, _safe(table.note), italic=True, size=Pt(8))


def _heading(writer: _Writer, block: Heading, refs: _Refs, *, new_page: bool = False) -> None:
    number, text = layout.heading_number(block.text)
    # "page break before" on the heading itself: no empty paragraph that a renderer may push onto a page of its own
    # without a number: out of the heading list (layout.unnumbered); not in the contents: body-text outline level
    # (layout.out_of_contents)
    paragraph = writer.paragraph(f"heading{min(max(block.level, 1), 3)}", _safe(text), page_break_before=new_page,
                                 num_id=None if number else 0, outline_level=None if block.contents else 9)
    refs.next_heading += 1
    layout.add_bookmark(paragraph, f"_Toc{refs.next_heading:04d}", refs.new_id())


def _title_page(writer: _Writer, content: ReportContent) -> None:
    writer.paragraph("title", _safe(content.title))
    if content.subtitle:
        writer.paragraph("subtitle", _safe(content.subtitle))
    for line in (content.organisation, content.author):
        if line:
            writer.paragraph("body", _safe(line))
    if content.client:
        writer.paragraph("body", _safe(("Opdrachtgever: " if content.language == "nl" else "Client: ") + content.client))
    from researchkit.report.formatting import format_date

    writer.paragraph("body", format_date(content.date, content.language))
    writer.document.add_page_break()


def _remember_style_ids(document: Any) -> None:
    """Find each type's default style once: python-docx searches the whole style table for it on
    every style id it gives (a paragraph or table given a style is written with no id when its
    style is the default). The ids, and so the document, stay the same."""
    part = document.part
    lookup = part.get_style_id
    styles = document.styles
    defaults: dict[Any, Any] = {}

    def get_style_id(style_or_name: Any, style_type: Any) -> Any:
        if not isinstance(style_or_name, BaseStyle):
            return lookup(style_or_name, style_type)
        if style_or_name.type != style_type:
            return lookup(style_or_name, style_type)  # python-docx's error
        if style_type not in defaults:
            defaults[style_type] = styles.default(style_type)
        return None if style_or_name == defaults[style_type] else style_or_name.style_id

    part.get_style_id = get_style_id  # this document object only


def _render(document: Any, content: ReportContent, styles: Mapping[str, Any]) -> None:
    _remember_style_ids(document)
    writer = _Writer(document, styles)
    refs = _Refs(content)
    text_width_cm = _text_width_cm(document)
    layout.number_headings(document, [styles["heading1"], styles["heading2"], styles["heading3"]])
    _title_page(writer, content)
    new_page = False
    for i, block in enumerate(content.blocks):
        if isinstance(block, Heading):
            _heading(writer, block, refs, new_page=new_page)
            new_page = False
        elif isinstance(block, Paragraph):
            # a lead-in line stays with what it introduces
            p = writer.paragraph("body", keep_next=block.text.rstrip().endswith(":"))._p
            if block.lead:
                xml.run(p, _safe(block.lead + " "), bold=True)
            if block.style == "definition":
                xml.run(p, _safe(block.text), italic=True)
            else:
                layout.reference_runs(DocxParagraph(p, writer.container), _safe(block.text), refs.targets)
        elif isinstance(block, Bullets):
            for item in block.items:
                writer.paragraph("bullet", _safe(item))
        elif isinstance(block, Quote):
            p = writer.paragraph("quote", _safe(f"“{block.text}” "), keep_lines=True)._p
            xml.run(p, _safe(block.attribution), italic=False)
        elif isinstance(block, Table):
            _table(writer, block, content.label("table"), refs, text_width_cm)
        elif isinstance(block, Figure):
            # what Document.add_picture does, keeping the paragraph
            picture = writer.paragraph(None, keep_next=True, align="center")
            picture.add_run().add_picture(io.BytesIO(block.png), width=Cm(block.width_cm))
            _caption(writer, content.label("figure"), block.number, block.caption, refs)
        elif isinstance(block, TableOfContents):
            writer.paragraph("toc_heading", content.label("toc"), num_id=0)  # layout.unnumbered
            layout.add_toc(document, refs.toc_entries(), width_cm=text_width_cm)
        elif isinstance(block, PageBreak):
            if i + 1 < len(content.blocks) and isinstance(content.blocks[i + 1], Heading):
                new_page = True  # the chapter's heading starts the page
            else:
                document.add_page_break()
        else:  # pragma: no cover - the content model has no other blocks
            raise TypeError(f"unknown block {type(block).__name__}")


def _set_properties(document: Any, content: ReportContent) -> None:
    props = document.core_properties
    stamp = _dt.datetime(content.date.year, content.date.month, content.date.day, tzinfo=_dt.timezone.utc)
    props.title = _safe(content.title)
    props.subject = _safe(content.subtitle)
    props.author = _safe(content.author or content.organisation)
    props.last_modified_by = _safe(content.author or content.organisation)
    privacy = getattr(content, "privacy", None) or {}
    comments = "researchkit"
    if privacy.get("key_checksum"):
        comments += f"; privacy key sha256:{privacy['key_checksum']}"
    if privacy.get("allow_unpseudonymised"):
        comments += "; leak check not enforced (allow_unpseudonymised)"
    props.comments = comments
    props.keywords = ""
    props.category = ""
    props.language = _LANG_TAGS.get(content.language, content.language)
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.revision = 1


def repack_zip(data: bytes, *, date_time: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0)) -> bytes:
    """Re-write a zip (a ``.docx``) with fixed timestamps and a stable member order.

    ``[Content_Types].xml`` comes first (as Office writes it), the other members follow
    sorted by name; every member gets ``date_time``, fixed permissions and deflate.

    Examples
    --------
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as z:
    ...     z.writestr("b.xml", "b"); z.writestr("[Content_Types].xml", "c"); z.writestr("a.xml", "a")
    >>> zipfile.ZipFile(io.BytesIO(repack_zip(buf.getvalue()))).namelist()
    ['[Content_Types].xml', 'a.xml', 'b.xml']
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    return zip_members({name: source.read(name) for name in source.namelist()}, date_time=date_time)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_docx(
    content: ReportContent,
    out: str | os.PathLike = "report.docx",
    *,
    template: str | os.PathLike | None = None,
    styles: Mapping[str, str] | None = None,
    update_fields: bool = True,
) -> Path:
    """Write ``content`` as a Word document.

    Parameters
    ----------
    content
        From :func:`researchkit.report.content.build_content`.
    out
        Target ``.docx`` path (written atomically; folders are created).
    template
        A ``.docx`` whose styles, page setup, headers and footers are used (its body
        text is dropped). Default: Word's standard styles on A4, page numbers in the footer.
    styles
        Role -> style name overrides (roles: ``title, subtitle, heading1..3, body,
        caption, quote, bullet, table, toc_heading``).
    update_fields
        Ask Word to update the fields (table of contents) when the file is opened.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    ReportError
        ``RK550`` unreadable template, ``RK551`` a style missing from the template,
        ``RK554`` an output path that is not ``.docx``.

    Examples
    --------
    >>> import datetime, tempfile, os, zipfile
    >>> from researchkit.report.content import ReportContent, Heading
    >>> c = ReportContent("T", "", "", "", "", datetime.date(2026, 4, 1), "nl", [Heading("1 Inleiding", 1)])
    >>> path = write_docx(c, os.path.join(tempfile.mkdtemp(), "r.docx"))
    >>> zipfile.ZipFile(path).infolist()[0].date_time
    (2026, 4, 1, 0, 0, 0)
    """
    out = Path(out)
    if out.suffix.lower() != ".docx":
        raise ReportError("RK554", f"{out}: a Word report must be written to a .docx file", hint="name the output e.g. report.docx")
    unknown = sorted(set(styles or {}) - set(DEFAULT_STYLES))
    if unknown:
        raise ReportError("RK554", f"unknown style role(s) {', '.join(unknown)}",
                          hint=f"roles are {', '.join(DEFAULT_STYLES)}")
    mapping = {**DEFAULT_STYLES, **dict(styles or {})}
    document = _open_template(template)
    found = check_styles(document, mapping, template=template)
    if template is None:
        _set_language(document, content.language)
    if update_fields:
        _update_fields_on_open(document)
    _render(document, content, found)
    _set_properties(document, content)
    day = content.date
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0) if day.year >= 1980 else (1980, 1, 1, 0, 0, 0)
    # the members go into the zip once (what document.save and repack_zip wrote, without the first deflate)
    return atomic_write(out, zip_members(package_members(document), date_time=stamp))

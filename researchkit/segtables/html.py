"""The rows of the first table of an HTML export (MAXQDA can export coded segments as an HTML table).

The page is decoded first (:func:`html_text`): a charset the page declares (``<meta charset>``,
``<meta http-equiv="Content-Type">``, an XML declaration) other than UTF-8 is obeyed; else the
bytes are decoded as every text file is (:func:`researchkit.io.text.decode_text`: UTF-8, UTF-8 with
a few stray Windows-1252 bytes read one character a byte and noted, a legacy encoding detected
and noted), never by libxml2's guess, which reads a UTF-8 page without a declaration as
Latin-1 (``cafÃ©``) and a stray byte in a UTF-8 page as U+FFFD. The text is parsed with lxml's
HTML parser without network access; scripts, styles and comments are dropped; ``<br>`` inside
a cell is a line break (ATLAS.ti-style several codes in one cell survive). Row numbers count the
table's rows from 1, the header included, as a spreadsheet would show them.

Examples
--------
>>> rows = html_rows(b"<table><tr><th>Document name</th><th>Code</th></tr><tr><td>R01</td><td>A<br>B</td></tr></table>", "x.html")
>>> [(r.number, r.cells) for r in rows]
[(1, ['Document name', 'Code']), (2, ['R01', 'A\\nB'])]
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from researchkit.codebook.tableread import SheetRow, SheetRows
from researchkit.errors import InputFileError, SegmentTableError

__all__ = ["html_rows", "html_sheet", "html_text", "html_root"]

#: A charset the page declares in its first bytes: ``<meta charset=...>``, ``<meta http-equiv ... charset=...>``, ``<?xml encoding=...?>``.
_META_CHARSET = re.compile(rb"<meta\b[^>]{0,500}?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]{1,40})", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"^\s*<\?xml\b[^>]{0,200}?\bencoding\s*=\s*[\"']([A-Za-z0-9._:-]{1,40})[\"']")
#: An XML declaration opening the text (lxml refuses a ``str`` that declares an encoding; the text is decoded already).
_XML_DECLARATION = re.compile(r"^(\ufeff?\s*)<\?xml\b[^>]{0,300}?\?>")
#: Labels browsers read as Windows-1252 (the WHATWG Encoding Standard): a page labelled Latin-1 is cp1252.
_AS_CP1252 = {"iso8859-1", "latin-1", "ascii", "cp1252"}
_SNIFF = 4096


def _declared(data: bytes) -> str | None:
    """The encoding a page declares in its first bytes (a Python codec name), ``None`` for none or UTF-8.

    Examples
    --------
    >>> _declared(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'), _declared(b"<meta charset=utf-8>")
    ('cp1252', None)
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None  # a byte-order mark wins over a declaration (as in browsers); decode_text reads it
    head = data[:_SNIFF]
    found = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if found is None:
        return None
    label = found.group(1).decode("ascii").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None  # a label no codec knows is passed over, as browsers do: the bytes decide
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return None  # bytes an ASCII declaration could be read from are not UTF-16: the label is wrong, detect instead
    if name == "utf-8":
        return None
    return "cp1252" if name in _AS_CP1252 else name


def html_text(data: bytes, path: str | Path, *, encoding: str | None = None) -> tuple[str, str, list[str]]:
    """A page's text, the encoding used and the notes on it (see the module docstring).

    Raises
    ------
    SegmentTableError
        RK661 when the page cannot be decoded (as its declared charset, or at all).

    Examples
    --------
    >>> html_text("<td>café</td>".encode() + b"<td>caf\\xe9</td>", "x.html")[:2]
    ('<td>café</td><td>café</td>', 'utf-8+cp1252')
    """
    from researchkit.io.text import decode_text

    forced = encoding or _declared(data)
    try:
        decoded = decode_text(data, path, encoding=forced)
    except InputFileError as err:
        said = "" if encoding or not forced else f" (it declares the charset {forced!r})"
        raise SegmentTableError("RK661", path, f"cannot be decoded{said}: {err.message.split(': ', 1)[-1]}",
                                location=err.location, hint="save the page again as UTF-8, or export the coded segments "
                                "as Excel (.xlsx) instead") from None
    notes = list(decoded.notes)
    if forced and not encoding:
        notes.append(f"decoded as {forced}, the charset the page declares")
    return decoded.text.lstrip("\ufeff"), decoded.encoding, notes


def html_root(text: str, path: str | Path, *, hint: str):
    """The page's text parsed by lxml's HTML parser (no network; comments and processing instructions dropped).

    Raises
    ------
    SegmentTableError
        RK661 when lxml cannot parse it.
    """
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    declaration = _XML_DECLARATION.match(text)
    if declaration is not None:  # its line ends kept: lxml's line numbers stay the file's
        text = declaration.group(1) + "\n" * declaration.group().count("\n", len(declaration.group(1))) + text[declaration.end():]
    try:
        return lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError) as err:
        raise SegmentTableError("RK661", path, f"cannot be read as an HTML page ({err})", hint=hint) from None


def _cell_text(cell) -> str:
    for br in cell.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return "\n".join(" ".join(line.split()) for line in cell.text_content().split("\n")).strip()


def html_sheet(data: bytes, path: str | Path, *, encoding: str | None = None) -> SheetRows:
    """The rows of the first ``<table>`` in an HTML page (:func:`html_rows`) with the encoding used and its notes.

    Examples
    --------
    >>> sheet = html_sheet("<table><tr><td>Zoë</td></tr>".encode() + b"<tr><td>caf\\xe9</td></tr></table>", "x.html")
    >>> [r.cells for r in sheet.rows], sheet.encoding, sheet.notes  # doctest: +ELLIPSIS
    ([['Zoë'], ['café']], 'utf-8+cp1252', ["x.html is UTF-8 except for 1 byte(s) on 1 line(s) (line 1), ..."])
    """
    text, used, notes = html_text(data, path, encoding=encoding)
    return SheetRows(_rows(text, path), encoding=used, notes=notes)


def html_rows(data: bytes, path: str | Path, *, encoding: str | None = None) -> list[SheetRow]:
    """The rows of the first ``<table>`` in an HTML page, every cell as text (the page decoded by :func:`html_text`).

    Raises
    ------
    SegmentTableError
        RK661 when the page cannot be decoded or parsed, or holds no table.
    """
    return _rows(html_text(data, path, encoding=encoding)[0], path)


def _rows(text: str, path: str | Path) -> list[SheetRow]:
    root = html_root(text, path, hint="export the coded segments as Excel (.xlsx) instead")
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    table = next(iter(root.iter("table")), None)
    if table is None:
        raise SegmentTableError("RK661", path, "holds no table (<table>), so no rows of coded segments",
                                hint="export the coded segments as Excel (.xlsx) or as an HTML table")
    rows = [row for row in table.iter("tr") if row.xpath("ancestor::table[1]")[0] is table]
    return [SheetRow(n, [_cell_text(c) for c in row if c.tag in ("td", "th")]) for n, row in enumerate(rows, start=1)]

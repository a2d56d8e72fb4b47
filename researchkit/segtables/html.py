"""The rows of the first table of an HTML export (MAXQDA can export coded segments as an HTML table).

The page is parsed with lxml's HTML parser without network access; scripts, styles and
comments are dropped; ``<br>`` inside a cell is a line break (ATLAS.ti-style several codes in
one cell survive). Row numbers count the table's rows from 1, the header included, as a
spreadsheet would show them.

Examples
--------
>>> rows = html_rows(b"<table><tr><th>Document name</th><th>Code</th></tr><tr><td>R01</td><td>A<br>B</td></tr></table>", "x.html")
>>> [(r.number, r.cells) for r in rows]
[(1, ['Document name', 'Code']), (2, ['R01', 'A\\nB'])]
"""

from __future__ import annotations

from pathlib import Path

from researchkit.codebook.tableread import SheetRow
from researchkit.errors import SegmentTableError

__all__ = ["html_rows"]


def _cell_text(cell) -> str:
    for br in cell.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return "\n".join(" ".join(line.split()) for line in cell.text_content().split("\n")).strip()


def html_rows(data: bytes, path: str | Path) -> list[SheetRow]:
    """The rows of the first ``<table>`` in an HTML page, every cell as text.

    Raises
    ------
    SegmentTableError
        RK661 when the page cannot be parsed or holds no table.
    """
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.ParserError, ValueError) as err:
        raise SegmentTableError("RK661", path, f"cannot be read as an HTML page ({err})",
                                hint="export the coded segments as Excel (.xlsx) instead") from None
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    table = next(iter(root.iter("table")), None)
    if table is None:
        raise SegmentTableError("RK661", path, "holds no table (<table>), so no rows of coded segments",
                                hint="export the coded segments as Excel (.xlsx) or as an HTML table")
    rows = [row for row in table.iter("tr") if row.xpath("ancestor::table[1]")[0] is table]
    return [SheetRow(n, [_cell_text(c) for c in row if c.tag in ("td", "th")]) for n, row in enumerate(rows, start=1)]

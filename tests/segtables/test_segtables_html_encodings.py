"""HTML tables and reports of coded segments decoded as every text file is (io.text.decode_text), not by libxml2's
guess: a UTF-8 page without a charset, a stray cp1252 byte in a UTF-8 page, a declared legacy charset."""

from __future__ import annotations

import pytest

from researchkit.errors import SegmentTableError
from researchkit.segtables import read_segment_table

HEAD = "<th>Document name</th><th>Code</th><th>Beginning</th><th>End</th><th>Segment</th><th>Created by</th>"


def _page(cells: list[tuple[str, str, str]], *, meta: str = "") -> str:
    rows = "".join(f"<tr><td>{doc}</td><td>{code}</td><td>3</td><td>3</td><td>{text}</td><td>anna</td></tr>\n"
                   for doc, code, text in cells)
    return f"<html><head>{meta}<title>Coded segments</title></head><body>\n<table>\n<tr>{HEAD}</tr>\n{rows}</table></body></html>\n"


CELLS = [("Interview Zoë", "Haven\\Café", "De crème brûlée was op."), ("Interview Zoë", "Werk", "Het café aan de haven.")]


def _segments(table) -> list[tuple]:
    return [(s.document, s.codes, s.text, s.row) for s in table.segments]


def test_utf8_page_without_a_charset_is_read_as_utf8(tmp_path):
    path = tmp_path / "segments.html"
    path.write_bytes(_page(CELLS).encode("utf-8"))
    table = read_segment_table(path)
    assert _segments(table)[0] == ("Interview Zoë", ("Haven\\Café",), "De crème brûlée was op.", 2)
    assert not [n for n in table.notes if "decoded" in n or "UTF-8 except" in n]


@pytest.mark.parametrize("meta", ["", '<meta charset="utf-8">'], ids=["no-charset", "utf-8-charset"])
def test_stray_cp1252_byte_in_a_utf8_page_is_read_as_meant_and_noted(tmp_path, meta):
    clean, mixed = tmp_path / "clean.html", tmp_path / "mixed.html"
    clean.write_bytes(_page(CELLS, meta=meta).encode("utf-8"))
    mixed.write_bytes(_page(CELLS, meta=meta).encode("utf-8").replace("Het café".encode(), b"Het caf\xe9"))
    assert b"caf\xe9" in mixed.read_bytes() and "Zoë".encode() in mixed.read_bytes()
    table = read_segment_table(mixed)
    assert _segments(table) == _segments(read_segment_table(clean))
    assert "mixed.html is UTF-8 except for 1 byte(s) on 1 line(s) (line 5), each read as the Windows-1252 (Latin-1) " \
           "character it stands for: 0xE9 as 'é'; check those lines against the source and re-save the file as UTF-8" in table.notes


def test_declared_legacy_charset_is_obeyed_and_noted(tmp_path):
    path = tmp_path / "segments.html"
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
    cells = CELLS + [("Interview Zoë", "Werk", "It’s “fine” – really.")]
    path.write_bytes(_page(cells, meta=meta).encode("cp1252"))  # labelled Latin-1, written as Windows-1252: as browsers read it
    table = read_segment_table(path)
    assert _segments(table)[2][2] == "It’s “fine” – really." and _segments(table)[0][0] == "Interview Zoë"
    assert "decoded as cp1252, the charset the page declares" in table.notes


def test_page_that_breaks_its_declared_charset_is_rk661(tmp_path):
    path = tmp_path / "segments.html"
    path.write_bytes(_page(CELLS, meta='<meta charset="koi8-u">').encode("utf-8"))  # any bytes are koi8-u: read so, noted
    assert "decoded as koi8-u, the charset the page declares" in read_segment_table(path).notes
    path.write_bytes(_page(CELLS, meta='<meta charset="ascii">').encode("utf-8")[:200] + b"\x81\x8d\x8f\x90\x9d")
    with pytest.raises(SegmentTableError) as err:
        read_segment_table(path)
    assert err.value.code == "RK661" and "segments.html" in str(err.value)
    assert "it declares the charset 'cp1252'" in str(err.value) and "save the page again as UTF-8" in err.value.hint


def test_html_report_is_decoded_the_same_way(tmp_path):
    page = ("<html><body><h1>Liste der codierten Segmente (1 Segmente aus 1 Dokumenten)</h1>"
            "<p>Haven\\Klein</p><p>De haven is kl\u00e9in, zei Zo\u00eb</p><p>Interview 01, Pos. 4</p>"
            "<p>Haven\\Klein (0)</p></body></html>")
    path = tmp_path / "segmente.html"
    path.write_bytes(page.encode("utf-8").replace("kléin".encode(), b"kl\xe9in"))
    table = read_segment_table(path)
    assert len(table.segments) == 1 and table.segments[0].text.endswith("De haven is kléin, zei Zoë")

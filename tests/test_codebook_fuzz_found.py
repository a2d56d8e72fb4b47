"""Codebook files of the shapes ``benchmarks/fuzz_importers.py --seed 1`` found breaking ``Codebook.load``.

Each test writes its own small file of the exact damaging shape; before the fix each gave a
raw Python exception or ran for minutes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from damaged_files import crc_damaged

from researchkit.codebook import Codebook
from researchkit.errors import CodebookError


def _xlsx_bytes(rows: list[list]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_workbook_whose_sheet_fails_its_crc_is_rk247_naming_the_part(tmp_path: Path):
    """Before: ``zipfile.BadZipFile: Bad CRC-32 for file 'xl/worksheets/sheet1.xml'`` from the merged-cell pre-scan."""
    path = tmp_path / "codes.xlsx"
    path.write_bytes(crc_damaged(_xlsx_bytes([["Code", "Definition"], ["Haven", "de haven"], ["Werk", "het werk"]])))
    with pytest.raises(CodebookError) as err:
        Codebook.load(path)
    assert err.value.code == "RK247"
    assert "codes.xlsx" in str(err.value) and "xl/worksheets/sheet1.xml" in str(err.value) and "CRC" in str(err.value)


def test_a_markdown_list_item_continued_over_many_lines_is_read_in_linear_time(tmp_path: Path):
    """A list item followed by 150 000 lines without a blank line (``"",""`` rows pasted below it): each line
    continued the item's definition by re-copying it, quadratic (minutes for a 6 MB file)."""
    path = tmp_path / "codebook.md"
    lines = 150_000
    path.write_text("# Codebook\n\n- Haven: de haven\n  - Klein: kleine haven\n" + '"",""\n' * lines, encoding="utf-8")
    codebook = Codebook.load(path)  # quadratic, this file took about 20 minutes; linear, seconds
    klein = next(c for c in codebook.walk() if c.name == "Klein")
    assert klein.description.startswith("kleine haven \"\",\"\"") and klein.description.count('"",""') == lines


def _with_rows_xml(data: bytes, rows: bytes) -> bytes:
    """The workbook with ``rows`` (``<row>`` elements) added at the end of its first sheet's data."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = [(i.filename, z.read(i)) for i in z.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in members:
            if name == "xl/worksheets/sheet1.xml":
                at = body.index(b"</sheetData>")
                body = body[:at] + rows + body[at:]
            z.writestr(name, body)
    return buf.getvalue()


def test_a_stray_code_at_the_last_row_of_the_sheet_leaves_the_empty_rows_out_with_a_note(tmp_path: Path):
    """A cell at ``A1048576`` (someone pressed Ctrl+Down and typed): the reader made a million empty rows (24 s)."""
    from researchkit.codebook.table import import_codebook_table

    def far(wb, ws):
        ws.cell(1_048_576, 1).value = "Verre code"

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [["Code", "Definition"], ["Haven", "de haven"], [None, None], ["Werk", "het werk"]]:
        ws.append(row)
    far(wb, ws)
    path = tmp_path / "codes.xlsx"
    wb.save(path)
    codebook, report = import_codebook_table(path)
    assert [c.name for c in codebook.walk()] == ["Haven", "Werk", "Verre code"]
    assert "rows 5-1048575 (1,048,571 empty rows) left out" in " ".join(report.notes)
    assert "row 3" in " ".join(report.notes)  # a short run of empty rows is still named as before


def test_a_workbook_sheet_of_a_million_empty_row_elements_is_refused_before_openpyxl(tmp_path: Path):
    """``<row r="50"/>`` ... a million times: 5 MB zipped, openpyxl took a minute to make the rows."""
    from researchkit.codebook.tablexlsx import MAX_XLSX_ROWS

    rows = b"".join(b'<row r="%d"/>' % r for r in range(50, 50 + MAX_XLSX_ROWS + 1))
    path = tmp_path / "codes.xlsx"
    path.write_bytes(_with_rows_xml(_xlsx_bytes([["Code"], ["Haven"]]), rows))
    with pytest.raises(CodebookError) as err:
        Codebook.load(path)
    assert err.value.code == "RK247" and "codes.xlsx" in str(err.value)
    assert "'xl/worksheets/sheet1.xml' holds 200,003 rows" in str(err.value)


def test_a_csv_with_a_million_empty_rows_below_the_codes_reads_the_codes_and_names_the_rows(tmp_path: Path):
    """``,,,,`` a million times below the table (a sheet saved with its used range): every row was made and
    looked at several times (a minute); the run is left out and named now."""
    from researchkit.codebook.table import import_codebook_table

    path = tmp_path / "codes.csv"
    path.write_text("Code,Definition\nHaven,de haven\n,\nWerk,het werk\n" + ",\n" * 1_000_000, encoding="utf-8")
    codebook, report = import_codebook_table(path)
    assert [c.name for c in codebook.walk()] == ["Haven", "Werk"]
    assert "rows 5-1000004 (1,000,000 empty rows) left out" in " ".join(report.notes)


def test_a_csv_with_more_rows_than_a_spreadsheet_holds_is_rk247(tmp_path: Path):
    from researchkit.codebook.tableread import MAX_CSV_ROWS

    path = tmp_path / "codes.csv"
    path.write_text("Code\nHaven\n" + "\n" * MAX_CSV_ROWS, encoding="utf-8")
    with pytest.raises(CodebookError) as err:
        Codebook.load(path)
    assert err.value.code == "RK247" and "codes.csv" in str(err.value) and "more than 1,048,576 rows" in str(err.value)


def test_a_workbook_without_its_sheet_part_is_rk247(tmp_path: Path):
    """The worksheet member removed from the zip (the workbook still lists it): openpyxl opens a workbook with
    no worksheet and the sheet choice gave ``IndexError: list index out of range``."""
    with zipfile.ZipFile(io.BytesIO(_xlsx_bytes([["Code"], ["Haven"]]))) as z:
        members = [(i.filename, z.read(i)) for i in z.infolist() if i.filename != "xl/worksheets/sheet1.xml"]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, body in members:
            z.writestr(name, body)
    path = tmp_path / "codes.xlsx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(CodebookError) as err:
        Codebook.load(path)
    assert err.value.code == "RK247" and "codes.xlsx" in str(err.value) and "no worksheet" in str(err.value)


def test_a_markdown_file_of_a_million_lines_is_refused_with_its_count(tmp_path: Path):
    """Six MB of ``"",""`` lines below a codebook list: linear, yet a minute of reading; refused at once now."""
    path = tmp_path / "codebook.md"
    path.write_text("# Codebook\n\n- Haven: de haven\n" + '"",""\n' * 1_000_000, encoding="utf-8")
    with pytest.raises(CodebookError) as err:
        Codebook.load(path)
    assert err.value.code == "RK247" and "codebook.md" in str(err.value) and "1,000,004 lines" in str(err.value)

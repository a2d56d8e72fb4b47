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


def crc_damaged(data: bytes, member: str = "xl/worksheets/sheet1.xml") -> bytes:
    """The workbook stored uncompressed with one byte of ``member`` changed: its CRC-32 no longer matches."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = [(i.filename, z.read(i)) for i in z.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, body in members:
            z.writestr(name, body)
    raw = bytearray(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as z:
        info = z.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw[start + info.file_size // 2] ^= 0x55
    return bytes(raw)


def test_a_workbook_whose_sheet_fails_its_crc_is_rk247_naming_the_part(tmp_path: Path):
    """Before: ``zipfile.BadZipFile: Bad CRC-32 for file 'xl/worksheets/sheet1.xml'`` from the merged-cell pre-scan."""
    path = tmp_path / "codes.xlsx"
    path.write_bytes(crc_damaged(_xlsx_bytes([["Code", "Definition"], ["Haven", "de haven"], ["Werk", "het werk"]])))
    with pytest.raises(CodebookError) as err:
        Codebook.load(path)
    assert err.value.code == "RK247"
    assert "codes.xlsx" in str(err.value) and "xl/worksheets/sheet1.xml" in str(err.value) and "CRC" in str(err.value)


def test_a_markdown_list_item_continued_over_many_lines_is_read_in_linear_time(tmp_path: Path):
    """A list item followed by 200 000 lines without a blank line (``"",""`` rows pasted below it): each line
    continued the item's definition by re-copying it, quadratic (minutes for a 6 MB file)."""
    path = tmp_path / "codebook.md"
    lines = 200_000
    path.write_text("# Codebook\n\n- Haven: de haven\n  - Klein: kleine haven\n" + '"",""\n' * lines, encoding="utf-8")
    codebook = Codebook.load(path)  # quadratic, this file took about 20 minutes; linear, seconds
    klein = next(c for c in codebook.walk() if c.name == "Klein")
    assert klein.description.startswith("kleine haven \"\",\"\"") and klein.description.count('"",""') == lines

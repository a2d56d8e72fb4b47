"""Damaged files for the tests of readers and importers (a shared helper, not a test module)."""

from __future__ import annotations

import io
import zipfile


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

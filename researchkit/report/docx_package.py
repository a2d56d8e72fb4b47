"""A python-docx document as zip members, and the members as a reproducible zip.

:func:`write_docx` used to let python-docx write a deflated zip and then read every member
back and deflate it again in a fixed order with fixed times (:func:`repack_zip`). Here the
members python-docx would write are collected in memory instead (the same bytes, by the
same writer functions), and :func:`zip_members` writes them once.

Examples
--------
>>> import docx, zipfile, io
>>> members = package_members(docx.Document())
>>> list(members)[:2]
['[Content_Types].xml', '_rels/.rels']
>>> zipfile.ZipFile(io.BytesIO(zip_members(members))).namelist()[:2]
['[Content_Types].xml', '_rels/.rels']
"""

from __future__ import annotations

import io
import zipfile
from typing import Any, Mapping

from docx.opc.pkgwriter import PackageWriter

__all__ = ["package_members", "zip_members"]

#: The member Office writes first.
CONTENT_TYPES = "[Content_Types].xml"


class _Members:
    """Takes what python-docx's package writer writes (``write(pack_uri, blob)``), keeping it by member name."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.blobs[pack_uri.membername] = blob


def package_members(document: Any) -> dict[str, bytes]:
    """``member name -> bytes`` of everything ``document.save`` writes, in its order (nothing is compressed).

    The steps of :meth:`docx.opc.package.OpcPackage.save` and
    :meth:`docx.opc.pkgwriter.PackageWriter.write`, with a dictionary in place of the zip file.
    """
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    members = _Members()
    PackageWriter._write_content_types_stream(members, parts)
    PackageWriter._write_pkg_rels(members, package.rels)
    PackageWriter._write_parts(members, parts)
    return members.blobs


def zip_members(members: Mapping[str, bytes], *,
                date_time: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0)) -> bytes:
    """A zip of ``members`` with fixed timestamps and a stable member order.

    ``[Content_Types].xml`` comes first (as Office writes it), the other members follow
    sorted by name; every member gets ``date_time``, fixed permissions and deflate (level 6).

    Examples
    --------
    >>> data = zip_members({"b.xml": b"b", "[Content_Types].xml": b"c", "a.xml": b"a"})
    >>> zipfile.ZipFile(io.BytesIO(data)).namelist()
    ['[Content_Types].xml', 'a.xml', 'b.xml']
    """
    order = [n for n in members if n == CONTENT_TYPES] + sorted(n for n in members if n != CONTENT_TYPES)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, members[name], compresslevel=6)
    return out.getvalue()

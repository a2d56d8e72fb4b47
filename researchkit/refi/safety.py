"""Reading untrusted REFI-QDA archives and XML safely.

A ``.qdpx`` file is a zip archive made by someone else's software, possibly crafted.
Before anything is read:

* every member name is checked: no absolute paths, drive letters, ``..`` components or
  backslash tricks (zip-slip), no duplicate names;
* sizes are checked from the central directory *and* while inflating, for each member
  researchkit reads: a member larger than :data:`MAX_MEMBER_BYTES`, more than
  :data:`MAX_TOTAL_BYTES` read in all, or a member that inflates more than
  :data:`MAX_RATIO` times is refused (zip bombs), without inflating it further. Members
  that are never read (the recordings and pictures a project carries) do not count: a
  project with an hour of video opens; a recording copied out (:meth:`SafeArchive.copy`)
  is streamed to disk under :data:`MAX_MEDIA_BYTES` and the same ratio limit;
* XML is parsed by lxml with entity resolution, DTD loading and network access off,
  and any document that declares a DOCTYPE (the carrier of external entities and
  "billion laughs") is refused outright.

Nothing is extracted to disk except by :meth:`SafeArchive.copy`, to a file its caller
names; other members are read into memory, so nothing can be written outside a target
folder.

Examples
--------
>>> parse_xml(b"<a xmlns='urn:x'><b/></a>", "t.xml").tag
'{urn:x}a'
>>> parse_xml(b"<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>", "t.xml")
Traceback (most recent call last):
...
researchkit.errors.ExchangeError: [RK602] t.xml: the XML declares a DOCTYPE (entity declarations are refused: they can read local files or expand to gigabytes). What to do: export the file again from the QDA program; REFI-QDA files never need a DOCTYPE.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO, Iterator

from lxml import etree

from researchkit.errors import ExchangeError

__all__ = ["MAX_MEMBER_BYTES", "MAX_TOTAL_BYTES", "MAX_MEDIA_BYTES", "MAX_RATIO", "SafeArchive", "parse_xml", "check_member_name"]

#: Largest member accepted (uncompressed): a transcript or a project.qde.
MAX_MEMBER_BYTES = 200 * 1024 * 1024
#: Most bytes read into memory from one archive, all members read together.
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
#: Largest recording copied out of an archive to disk (streamed, never held in memory).
MAX_MEDIA_BYTES = 64 * 1024 ** 3
#: Largest compression ratio accepted for a member larger than 1 MiB (text compresses ~3-10x).
MAX_RATIO = 200

_DRIVE = re.compile(r"^[A-Za-z]:")


def check_member_name(name: str, archive: str) -> str:
    """Return the normalised member name, or refuse an unsafe one.

    Examples
    --------
    >>> check_member_name("sources/ab.txt", "x.qdpx")
    'sources/ab.txt'
    >>> check_member_name("../../etc/passwd", "x.qdpx")
    Traceback (most recent call last):
    ...
    researchkit.errors.ExchangeError: [RK601] x.qdpx, member '../../etc/passwd': unsafe path in the archive (absolute, drive letter or '..'). What to do: do not open this file; ask the sender for a clean export.
    """
    raw = name.replace("\\", "/")
    parts = raw.split("/")
    if raw.startswith("/") or _DRIVE.match(raw) or ".." in parts or "\x00" in raw:
        raise ExchangeError("RK601", archive, "unsafe path in the archive (absolute, drive letter or '..')",
                            location=f"member {name!r}", hint="do not open this file; ask the sender for a clean export")
    return posixpath.normpath(raw) if raw not in ("", ".") else raw


class SafeArchive:
    """A zip archive whose members are checked before they are read (see module docstring).

    Parameters
    ----------
    path
        The ``.qdpx`` file.
    max_member, max_total, max_ratio
        Limits (defaults :data:`MAX_MEMBER_BYTES`, :data:`MAX_TOTAL_BYTES`, :data:`MAX_RATIO`).

    Examples
    --------
    >>> import io, tempfile, os, zipfile
    >>> p = os.path.join(tempfile.mkdtemp(), "a.qdpx")
    >>> with zipfile.ZipFile(p, "w") as z:
    ...     z.writestr("project.qde", "<Project/>")
    >>> with SafeArchive(p) as a:
    ...     a.names(), a.read("project.qde")
    (['project.qde'], b'<Project/>')
    """

    def __init__(self, path: str | Path, *, max_member: int = MAX_MEMBER_BYTES, max_total: int = MAX_TOTAL_BYTES,
                 max_ratio: int = MAX_RATIO) -> None:
        self.path = str(path)
        self.max_member, self.max_total, self.max_ratio = max_member, max_total, max_ratio
        try:
            self._zip = zipfile.ZipFile(path)
        except FileNotFoundError:
            raise ExchangeError("RK600", self.path, "file not found", hint="check the path") from None
        except (zipfile.BadZipFile, OSError) as exc:
            raise ExchangeError("RK600", self.path, f"not a zip archive ({exc})",
                                hint="a .qdpx file is a zip archive; export the project again from the QDA program") from None
        self._members: dict[str, zipfile.ZipInfo] = {}
        self._read_total = 0
        for info in self._zip.infolist():
            name = check_member_name(info.filename, self.path)
            if info.is_dir():
                continue
            if name in self._members:
                raise ExchangeError("RK601", self.path, "the archive holds two members with the same name",
                                    location=f"member {info.filename!r}", hint="ask the sender for a clean export")
            self._members[name] = info

    def _check_size(self, info: zipfile.ZipInfo, size: int, limit: int | None = None) -> None:
        limit = self.max_member if limit is None else limit
        if size > limit:
            raise ExchangeError("RK601", self.path, f"member inflates to {size:,} bytes (limit {limit:,})",
                                location=f"member {info.filename!r}", hint="this looks like a zip bomb; do not open it")
        if size > 1024 * 1024 and size > self.max_ratio * max(info.compress_size, 1):
            raise ExchangeError("RK601", self.path,
                                f"member compressed {size // max(info.compress_size, 1):,} to 1 (limit {self.max_ratio} to 1)",
                                location=f"member {info.filename!r}", hint="this looks like a zip bomb; do not open it")

    def __enter__(self) -> "SafeArchive":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the archive."""
        self._zip.close()

    def names(self) -> list[str]:
        """Member names (files only), normalised, in archive order."""
        return list(self._members)

    def find(self, name: str) -> str | None:
        """The member called ``name``, matched case-insensitively (``Sources/`` vs ``sources/``)."""
        if name in self._members:
            return name
        folded = name.casefold()
        hits = [n for n in self._members if n.casefold() == folded]
        return hits[0] if len(hits) == 1 else None

    def read(self, name: str) -> bytes:
        """Read one member into memory, refused before inflating when the directory gives it too large
        (or the archive's reads together pass :data:`MAX_TOTAL_BYTES`), stopped as soon as it inflates
        past what the directory says."""
        info = self._members[name]
        self._check_size(info, info.file_size)
        if self._read_total + info.file_size > self.max_total:
            raise ExchangeError("RK601", self.path, f"the archive inflates to more than {self.max_total:,} bytes",
                                location=f"member {info.filename!r}", hint="this looks like a zip bomb; do not open it")
        self._read_total += info.file_size
        out = bytearray()
        for chunk in self._chunks(info, self.max_member):
            out += chunk
        return bytes(out)

    def copy(self, name: str, target: BinaryIO, *, max_bytes: int = MAX_MEDIA_BYTES) -> tuple[int, str]:
        """Stream one member into the open file ``target``; ``(bytes, sha256)``.

        For recordings and other large files that are not read into memory: the member may be up
        to ``max_bytes``; the ratio limit and the check against a forged directory apply as in
        :meth:`read`.

        Examples
        --------
        >>> import io, tempfile, zipfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "p.qdpx"
        >>> with zipfile.ZipFile(path, "w") as z:
        ...     z.writestr("sources/r01.wav", b"RIFF....")
        >>> with SafeArchive(path) as archive:
        ...     archive.copy("sources/r01.wav", io.BytesIO())[0]
        8
        """
        info = self.check_size(name, max_bytes)
        digest, size = hashlib.sha256(), 0
        for chunk in self._chunks(info, max_bytes):
            target.write(chunk)
            digest.update(chunk)
            size += len(chunk)
        return size, digest.hexdigest()

    def check_size(self, name: str, limit: int | None = None) -> zipfile.ZipInfo:
        """The member's directory entry, after refusing it (RK601) when the directory gives it more
        than ``limit`` bytes (default ``max_member``) or too high a compression ratio."""
        info = self._members[name]
        self._check_size(info, info.file_size, limit)
        return info

    def _chunks(self, info: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
        """The member's bytes in chunks of 1 MiB, stopped when it inflates past what the directory says."""
        declared, seen = info.file_size, 0
        try:
            with self._zip.open(info) as stream:
                for chunk in iter(lambda: stream.read(1024 * 1024), b""):
                    seen += len(chunk)
                    if seen > declared:  # the directory lied about the size
                        self._check_size(info, seen, limit)
                        raise ExchangeError("RK601", self.path, "member is larger than the archive directory says",
                                            location=f"member {info.filename!r}", hint="the archive is corrupt or crafted; do not open it")
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:  # OSError: a damaged directory points before the file's start
            raise ExchangeError("RK601", self.path, f"member is corrupt or its recorded size or place is forged ({exc})",
                                location=f"member {info.filename!r}", hint="the archive is corrupt or crafted; do not open it") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._members)


_PARSER_OPTIONS = dict(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False,
                       dtd_validation=False, remove_comments=False)


def parse_xml(data: bytes, where: str) -> "etree._Element":
    """Parse untrusted XML bytes: no DOCTYPE, no entities, no network (see module docstring).

    Parameters
    ----------
    data
        The XML document.
    where
        File (and member) named in errors.

    Returns
    -------
    lxml.etree._Element
        The root element.
    """
    if _declares_dtd(data):
        _refuse_dtd(where)
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None)
        raise ExchangeError("RK602", where, f"not well-formed XML ({exc.msg if hasattr(exc, 'msg') else exc})",
                            location=f"line {line}" if line else None,
                            hint="the file is damaged; export it again from the QDA program") from None
    if root is None:
        raise ExchangeError("RK602", where, "empty XML document", hint="export the file again")
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        _refuse_dtd(where)  # an encoding the byte check does not know: refused after parsing (no entity was resolved)
    return root


#: ``<!DOCTYPE`` and ``<!ENTITY`` in every encoding an XML file can start in without a declaration
#: naming another one (UTF-8, UTF-16 and UTF-32 in both byte orders), searched in the whole file.
_DTD_MARKS = tuple(mark.encode(enc) for mark in ("<!DOCTYPE", "<!ENTITY")
                   for enc in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))


def _declares_dtd(data: bytes) -> bool:
    """Whether the bytes hold a DOCTYPE or ENTITY declaration anywhere (not only at the start)."""
    return any(mark in data for mark in _DTD_MARKS)


def _refuse_dtd(where: str) -> None:
    raise ExchangeError("RK602", where, "the XML declares a DOCTYPE (entity declarations are refused: "
                        "they can read local files or expand to gigabytes)",
                        hint="export the file again from the QDA program; REFI-QDA files never need a DOCTYPE")

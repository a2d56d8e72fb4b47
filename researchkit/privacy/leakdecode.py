"""Decoding for the leak check: every file read whole, never in part, and no UTF-8 name garbled.

UTF-8 (a byte-order mark passed over); UTF-8 with a few stray Windows-1252 bytes (a pasted line) as
:func:`researchkit.io.mixedutf8.read_mixed_utf8` reads it, each stray byte its cp1252 character; a file
with no UTF-8 beyond ASCII as Windows-1252; a file that mixes more is refused (RK654). Each reading
other than UTF-8 is noted. :func:`not_utf8_detail` words the first non-UTF-8 byte of XML for its error.

Examples
--------
>>> decode_whole(b"caf\\xc3\\xa9", "a.md")
'café'
"""

from __future__ import annotations

import codecs
import re

from researchkit.errors import PrivacyError

__all__ = ["decode_whole", "not_utf8_detail"]


def not_utf8_detail(data: bytes) -> str:
    """For the error on malformed XML: ``"; ... not UTF-8"`` naming the first bad byte and its line when the XML is
    taken as UTF-8 (no other encoding declared, no UTF-16 byte-order mark) and its bytes are not; else ``""``.

    Examples
    --------
    >>> not_utf8_detail(b"<r>\\n<p>caf\\xe9</p></r>"), not_utf8_detail(b"<r/>")
    ('; the XML is taken as UTF-8 but byte 0xE9 at line 2 is not UTF-8', '')
    """
    head = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ""
    declared = re.match(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)", head)
    if declared is not None and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        return ""
    try:
        data.decode("utf-8")
        return ""
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return f"; the XML is taken as UTF-8 but byte 0x{data[exc.start]:02X} at line {line} is not UTF-8"


def decode_whole(data: bytes, label: str, notes: list[str] | None = None) -> str:
    """The whole text of a file, never part of it: UTF-8; UTF-8 with a few stray Windows-1252 bytes
    (:func:`researchkit.io.mixedutf8.read_mixed_utf8`, a pasted line) with each stray byte as its cp1252
    character; a file with no UTF-8 beyond ASCII as Windows-1252; each with a note.

    Raises
    ------
    PrivacyError
        RK654 for a file that mixes UTF-8 characters and other bytes more than a pasted line does: read as
        either encoding part of its text would be garbled, and a name in that part missed.

    Examples
    --------
    >>> notes = []
    >>> decode_whole("Zoë ".encode() + b"caf\\xe9", "a.md", notes), notes
    ('Zoë café', ['a.md: UTF-8 except for 1 stray byte(s) (0xE9 at line 1, 1 line(s) in all); each checked as its Windows-1252 character'])
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first = exc.start
    from researchkit.io.mixedutf8 import read_mixed_utf8  # only for a file that is not UTF-8

    body = data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data
    mixed = read_mixed_utf8(body)
    if mixed is not None:
        text, strays = mixed
        if notes is not None:
            lines = sorted({s.line for s in strays})
            notes.append(f"{label}: UTF-8 except for {len(strays)} stray byte(s) (0x{strays[0].byte:02X} at line "
                         f"{strays[0].line}, {len(lines)} line(s) in all); each checked as its Windows-1252 character")
        return text
    escaped = body.decode("utf-8", "surrogateescape")
    utf8 = sum(1 for ch in escaped if "\u00a0" <= ch < "\udc80" or ch > "\udcff")  # UTF-8 characters beyond ASCII and C1
    if utf8:
        strays = len(body) - len(escaped.encode("utf-8", "ignore"))
        line = body.count(b"\n", 0, first) + 1  # exc.start counts from the end of a byte-order mark (utf-8-sig)
        raise PrivacyError(
            "RK654", f"{label}, line {line}: mixes {utf8} UTF-8 character(s) with {strays} byte(s) that are not UTF-8 "
            f"(the first 0x{body[first]:02X}); read as UTF-8 or as Windows-1252, part of its text would be garbled and a "
            "name in it missed", hint="open the file in a text editor, mend the bad characters and save it as UTF-8, "
            "then check it again")
    if notes is not None:
        notes.append(f"{label}: not UTF-8 (byte {first}); checked as Windows-1252")
    return data.decode("cp1252", errors="replace")

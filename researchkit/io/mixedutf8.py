"""UTF-8 text with a few stray Windows-1252 bytes: the UTF-8 read as UTF-8, each stray byte as cp1252.

A transcript typed in UTF-8 into which a line was pasted from an old Windows-1252 (Latin-1) file
holds ``café`` as UTF-8 and one ``é`` as the single byte ``0xE9``. Read whole as cp1252, every
correct UTF-8 accent would be garbled (``cafÃ©``); read as UTF-8, the stray byte cannot be decoded.
:func:`read_mixed_utf8` reads such a file as it was meant, when the rule below says that it is one:

- the bytes are decoded as UTF-8 with Python's ``surrogateescape`` error handler, which turns each
  byte that is not part of a valid UTF-8 sequence into one lone surrogate (``U+DC80 + byte``);
- the file is such a file when it has UTF-8 characters beyond ASCII (the evidence that it is UTF-8),
  at least as many as stray bytes, none of them a C1 control (``U+0080``-``U+009F``, what cp1252
  punctuation read as UTF-8 gives), and every stray byte is one cp1252 maps to a letter, digit,
  punctuation mark, symbol or no-break space (not to nothing, ``0x81``, or a soft hyphen ``0xAD``);
- each surrogate is then replaced by its byte's cp1252 character (``str.translate``).

One byte gives one surrogate and one surrogate one character, so offsets in the text are those of
the file read as it was meant: the text equals the file's with the stray bytes re-saved as UTF-8.

Limits: a pasted cp1252 pair that happens to be valid UTF-8 (a capital letter with an accent or
``ß`` directly before a cp1252 quote or dash, ``ß”`` = ``DF 94``) is read as the UTF-8 character it
spells (``U+07D4``); a stray byte that cp1252 leaves undefined, or more stray bytes than UTF-8
characters, leave the whole file to the legacy reading (cp1252, Mac Roman, ISO-8859-15).

Examples
--------
>>> text, strays = read_mixed_utf8("café\\n".encode() + b"caf\\xe9\\n")
>>> text, [(s.line, hex(s.byte), s.char) for s in strays]
('café\\ncafé\\n', [(2, '0xe9', 'é')])
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

#: The encoding recorded (``Transcript.source.encoding``) for a file read so.
MIXED_ENCODING = "utf-8+cp1252"

#: The cp1252 character of each byte that may stand alone in UTF-8 text: a letter, digit,
#: punctuation mark, symbol or no-break space. Bytes cp1252 leaves undefined and the soft hyphen are left out.
_STRAY_CHARS: dict[int, str] = {}
for _byte in range(0x80, 0x100):
    try:
        _char = bytes([_byte]).decode("cp1252")
    except UnicodeDecodeError:
        continue
    if unicodedata.category(_char)[0] in "LNPS" or _char == "\u00a0":
        _STRAY_CHARS[_byte] = _char
del _byte, _char

#: ``str.translate`` table: the surrogate ``surrogateescape`` makes of a byte -> the byte's cp1252 character.
_TRANSLATION = {0xDC00 + byte: char for byte, char in _STRAY_CHARS.items()}
_SURROGATE = re.compile("[\udc80-\udcff]")
_C1 = re.compile("[\u0080-\u009f]")
_LINE_END = re.compile(r"\r\n|\r|\n")
_HIGH_BYTES = bytes(range(0x80, 0x100))


@dataclass(frozen=True)
class StrayByte:
    """One byte of a UTF-8 file that is not UTF-8, read as cp1252.

    Attributes
    ----------
    line
        The file's line (1-based; ``\\r\\n``, ``\\r`` and ``\\n`` end lines).
    offset
        Its character offset in the decoded text (before line ends are unified).
    byte
        The byte's value (``0xE9``).
    char
        The cp1252 character it was read as (``'é'``).
    """

    line: int
    offset: int
    byte: int
    char: str


def read_mixed_utf8(data: bytes) -> tuple[str, tuple[StrayByte, ...]] | None:
    """Decode UTF-8 bytes with a few stray cp1252 bytes, or ``None`` when they are not such a file.

    Parameters
    ----------
    data
        The file's bytes (not valid UTF-8; without a byte-order mark).

    Returns
    -------
    (text, strays) or None
        The text (one character per stray byte, so offsets are those of the file as meant) and the
        stray bytes in file order; ``None`` when the rule of the module docstring says the file is
        not UTF-8 with stray bytes (no UTF-8 beyond ASCII, more stray bytes than UTF-8 characters,
        a byte cp1252 maps to no letter or punctuation, C1 controls).

    Examples
    --------
    >>> read_mixed_utf8(b"it\\x92s \\x96 \\xe2\\x80\\x9cok\\xe2\\x80\\x9d")[0]
    'it’s – “ok”'
    >>> read_mixed_utf8("Geïnterviewde: ja".encode("cp1252")) is None  # no UTF-8 at all: cp1252's
    True
    """
    escaped = data.decode("utf-8", "surrogateescape")
    # counted in C before any stray is looked at: a large cp1252 file is turned down without a list of its bytes
    stray_count = len(data) - len(escaped.encode("utf-8", "ignore"))  # one surrogate (one byte) per stray, dropped
    if not stray_count:
        return None
    high = len(data) - len(data.translate(None, _HIGH_BYTES))  # bytes >= 0x80
    # characters beyond ASCII that are valid UTF-8: all non-ASCII characters minus the strays
    utf8_chars = (len(escaped) - (len(data) - high)) - stray_count
    if utf8_chars < 1 or stray_count > utf8_chars or _C1.search(escaped):
        return None
    found = [(m.start(), ord(m.group()) - 0xDC00) for m in _SURROGATE.finditer(escaped)]
    if any(byte not in _STRAY_CHARS for _, byte in found):
        return None
    ends = [m.end() for m in _LINE_END.finditer(escaped)]
    strays = tuple(StrayByte(bisect.bisect_right(ends, offset) + 1, offset, byte, _STRAY_CHARS[byte]) for offset, byte in found)
    return escaped.translate(_TRANSLATION), strays


def decode_as(data: bytes, encoding: str) -> str:
    """Decode ``data`` in an encoding :func:`researchkit.io.text.decode_bytes` returned, :data:`MIXED_ENCODING` included.

    Raises
    ------
    UnicodeDecodeError
        When the bytes are not in that encoding (for the mixed reading: UTF-8 with stray bytes the
        rule does not accept).

    Examples
    --------
    >>> decode_as(b"caf\\xc3\\xa9 caf\\xe9", MIXED_ENCODING), decode_as(b"caf\\xe9", "cp1252")
    ('café café', 'café')
    """
    if encoding != MIXED_ENCODING:
        return data.decode(encoding)
    read = read_mixed_utf8(data)
    if read is None:
        return data.decode("utf-8")  # valid UTF-8, or raises naming the first bad byte
    return read[0]


def stray_note(path: str | Path, strays: tuple[StrayByte, ...] | list[StrayByte], *, shown: int = 5) -> str:
    """The note on a file read as UTF-8 with stray cp1252 bytes: the file, lines, bytes and characters.

    Examples
    --------
    >>> _, strays = read_mixed_utf8("Café – “ok”\\n".encode() + b"caf\\xe9 \\x96 ok\\nit\\x92s\\n")
    >>> stray_note("r01.txt", strays)  # doctest: +NORMALIZE_WHITESPACE
    "r01.txt is UTF-8 except for 3 byte(s) on 2 line(s) (lines 2, 3), each read as the Windows-1252 (Latin-1)
    character it stands for: 0xE9 as 'é', 0x96 as '–', 0x92 as '’'; check those lines against the source and
    re-save the file as UTF-8"
    """
    lines = sorted({s.line for s in strays})
    listed = ", ".join(str(n) for n in lines[:shown]) + (f" and {len(lines) - shown} more" if len(lines) > shown else "")
    kinds: dict[int, list[StrayByte]] = {}
    for stray in strays:
        kinds.setdefault(stray.byte, []).append(stray)
    described = ", ".join(f"0x{byte:02X} as {found[0].char!r}" + (f" ({len(found)}x)" if len(found) > 1 else "")
                          for byte, found in list(kinds.items())[:8])
    if len(kinds) > 8:
        described += f" and {len(kinds) - 8} other byte(s)"
    return (f"{Path(path).name} is UTF-8 except for {len(strays)} byte(s) on {len(lines)} line(s) "
            f"({'line' if len(lines) == 1 else 'lines'} {listed}), each read as the Windows-1252 (Latin-1) character it "
            f"stands for: {described}; check those lines against the source and re-save the file as UTF-8")

"""What the readers of timed text lines share (SBCSAE ``.trn``, NIST ``.stm``): decoding and seconds.

Corpus transcripts kept as plain text with times per line were typed in many editors over
decades: some carry a stray NUL or DEL byte (a control byte with no meaning in a transcription),
old ones are Latin-1 or cp1252. :func:`decode_timed_lines` takes such stray bytes out (counted,
with their lines, for a note) before the encoding is detected as for any text file; a file full of
NUL bytes (UTF-16 without a byte-order mark, or binary data) is left to the text decoder, which
reads or refuses it.

Examples
--------
>>> text, used, notes = decode_timed_lines(b"0.00 1.20\\tA:\\thi\\x00\\n", "a.trn")
>>> text, used, notes
('0.00 1.20\\tA:\\thi\\n', 'utf-8', ['1 stray control byte(s) (NUL, DEL) taken out of the text: line 1'])
>>> parse_seconds("9.21"), parse_seconds(".5"), parse_seconds("9.21.3")
(9.21, 0.5, None)
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from researchkit.io.text import check_line_count, decode_text

__all__ = ["decode_timed_lines", "parse_seconds", "listed_places", "NUMBER"]

#: A time in seconds as these files write it: digits with an optional fraction (``9.21``, ``17.820``, ``.5``).
NUMBER = r"(?:\d{1,9}(?:\.\d{0,6})?|\.\d{1,6})"
_NUMBER_RE = re.compile(NUMBER)
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
#: Places listed in one note before it says how many more there are.
MAX_LISTED = 20


def parse_seconds(value: str) -> float | None:
    """Seconds of a time field (``9.21``), rounded to milliseconds; ``None`` if it is not a plain number.

    Examples
    --------
    >>> parse_seconds("17.8249"), parse_seconds("1e3"), parse_seconds("-1")
    (17.825, None, None)
    """
    if _NUMBER_RE.fullmatch(value) is None:
        return None
    return round(float(value), 3)


def listed_places(places: list[str], limit: int = MAX_LISTED) -> str:
    """Places joined by ``, ``, at most ``limit``, then how many more.

    Examples
    --------
    >>> listed_places(["line 1", "line 4", "line 9"], 2)
    'line 1, line 4 and 1 more'
    """
    shown = ", ".join(places[:limit])
    return shown + (f" and {len(places) - limit} more" if len(places) > limit else "")


def _strip_stray_bytes(data: bytes) -> tuple[bytes, list[str]]:
    """The bytes without stray NUL and DEL bytes, and the lines that had them (nothing done to a wide-encoded file)."""
    strays = data.count(b"\x00") + data.count(b"\x7f")
    if not strays or data.startswith(_WIDE_BOMS) or data.count(b"\x00") > max(8, len(data) // 1000):
        return data, []
    lines: list[str] = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if b"\x00" in line or b"\x7f" in line:
            lines.append(f"line {number}")
    return data.replace(b"\x00", b"").replace(b"\x7f", b""), lines


def decode_timed_lines(data: bytes, path: str | Path, *, encoding: str | None = None) -> tuple[str, str, list[str]]:
    """A timed-lines file's text (no BOM), the encoding used, and notes (encoding, stray bytes taken out).

    Raises
    ------
    TranscriptError
        As :func:`researchkit.io.text.decode_text` (RK104 empty, RK105 binary, RK106 undecodable) and RK136
        for more lines than a transcript may have.
    """
    cleaned, strays = (data, []) if encoding else _strip_stray_bytes(data)
    text, used, notes = decode_text(cleaned, path, encoding=encoding).parts()
    check_line_count(path, text)
    if strays:
        count = data.count(b"\x00") + data.count(b"\x7f")
        notes.append(f"{count} stray control byte(s) (NUL, DEL) taken out of the text: {listed_places(strays)}")
    return text.lstrip("\ufeff"), used, notes

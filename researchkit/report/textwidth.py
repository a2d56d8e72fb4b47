"""How wide a text is on the page, from Helvetica's font metrics (Arial has the same widths).

Word lays out a fixed-width table as told; a column narrower than its longest word breaks
that word (a code id such as ``FEN.DRU`` becomes ``FEN.D`` / ``RU``). The widths here are
those of the Adobe Helvetica metrics that matplotlib ships (``fonts/afm/phvr8a.afm`` and the
bold ``phvb8a.afm``): Arial and Liberation Sans, the fonts a report usually ends up in, have
the same advance widths, and Calibri and Carlito are narrower, so a column that fits here
fits there. A letter with an accent takes the width of its base letter; a character the
metrics do not know counts as an em (CJK, emoji) or, below U+0300, as an ``n``.

Examples
--------
>>> round(text_cm("FEN.DRU", size_pt=11), 2), round(text_cm("ill", size_pt=11), 2)
(1.72, 0.26)
>>> text_cm("Café", size_pt=10) == text_cm("Cafe", size_pt=10)
True
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

__all__ = ["text_cm"]

#: centimetres per point
_CM_PER_PT = 2.54 / 72
_FILES = {False: "phvr8a.afm", True: "phvb8a.afm"}


@cache
def _advance_widths(bold: bool) -> dict[str, int]:
    """Advance widths (1/1000 em) of the printable ASCII characters, from the AFM file."""
    import matplotlib

    path = Path(matplotlib.get_data_path()) / "fonts" / "afm" / _FILES[bold]
    widths: dict[str, int] = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if not line.startswith("C "):
            continue
        fields = dict(part.strip().split(" ", 1) for part in line.split(";") if part.strip().count(" ") >= 1)
        code = int(fields["C"])
        if 32 <= code < 127:
            widths[chr(code)] = int(fields["WX"])
    widths["'"] = widths.get('"', 355) * 191 // 355  # AFM code 39 is the right quote; the straight one is narrower
    widths["`"] = widths["'"]
    return widths


def _char_width(char: str, widths: dict[str, int]) -> int:
    width = widths.get(char)
    if width is not None:
        return width
    base = unicodedata.normalize("NFD", char)[:1]
    if base in widths:
        return widths[base]
    if unicodedata.east_asian_width(char) in ("W", "F") or ord(char) >= 0x2E80:
        return 1000
    return widths["n"]


class _Widths(dict):
    """Advance width per character, each character's worked out once (:func:`_char_width`) when first met."""

    def __init__(self, widths: dict[str, int]) -> None:
        super().__init__(widths)
        self.known = widths

    def __missing__(self, char: str) -> int:
        width = self[char] = _char_width(char, self.known)
        return width


@cache
def _width_table(bold: bool) -> _Widths:
    return _Widths(_advance_widths(bold))


def text_cm(text: str, *, size_pt: float = 11.0, bold: bool = False) -> float:
    """The width of ``text`` on one line, in centimetres, at ``size_pt`` points.

    Examples
    --------
    >>> text_cm("Code", bold=True) > text_cm("Code")
    True
    """
    return sum(map(_width_table(bold).__getitem__, text)) / 1000 * size_pt * _CM_PER_PT

"""A string's extent from its shaped glyphs, so that a report figure shapes each string once.

Matplotlib 3.11 measures a string with ``FT2Font.set_text`` and draws it from
``FT2Font._layout``; both shape it (libraqm and HarfBuzz) and load every glyph with hinting,
which is most of the cost of a text. :func:`layout_extent` computes what ``set_text`` reports
from the ``_layout`` items the renderer keeps for drawing, plus each glyph's box and advance
(loaded once per font, size and glyph, :data:`GLYPH_METRICS`):

* height and descent: ``set_text`` unites the boxes (``FT_Glyph_Get_CBox``, 26.6 units) of the
  glyphs placed where ``_layout`` places them, so the union of each glyph's box moved by its
  item's position is the same numbers;
* width: ``set_text``'s width is the pen after the last glyph, the last glyph's position less
  its HarfBuzz offset plus its HarfBuzz advance. ``_layout`` gives the position only, so the
  width is derived only where HarfBuzz provably leaves the last glyph at its font's own
  advance and without an offset of its own (:func:`plain_last_glyph`): left-to-right text,
  the last glyph the font's own glyph for one character that is neither a mark nor ignorable,
  in a font whose positioning tables can move no glyph but a mark or the first of a pair
  (:func:`font_positioning`). Legacy ``kern`` kerning moves the second glyph of a pair and
  widens its advance by the same amount, which leaves the sum unchanged.

Every other string (right-to-left or bidi text, a trailing combining mark or ligature,
fonts with single, cursive or contextual positioning, AAT or variable fonts, text without
hinting, whose advances HarfBuzz rounds otherwise) gets ``None`` and is measured by ``set_text`` as before.
``tests/figures/test_shaping.py`` compares the two on awkward strings.

Examples
--------
>>> from matplotlib.font_manager import FontProperties, fontManager, get_font
>>> from matplotlib.ft2font import LoadFlags
>>> font = get_font(fontManager._find_fonts_by_props(FontProperties()))
>>> font.clear(); font.set_size(10, 100)
>>> extent = layout_extent("AV", font._layout("AV", flags=LoadFlags.DEFAULT), LoadFlags.DEFAULT, 10, 100)
>>> _ = font.set_text("AV", 0.0, flags=LoadFlags.DEFAULT); (w, h), d = font.get_width_height(), font.get_descent()
>>> extent == (w / 64, h / 64, d / 64)
True
"""

from __future__ import annotations

import struct
import unicodedata
from typing import Any, Sequence

try:
    from matplotlib.ft2font import LoadFlags
except ImportError:  # pragma: no cover - matplotlib before 3.10: no LoadFlags, and text is not shaped in Python
    LoadFlags = None

__all__ = ["GLYPH_METRICS", "HINTED_FLAGS", "FontPositioning", "clear_caches", "font_positioning", "layout_extent",
           "plain_last_glyph"]

#: Bidi classes that reorder text or open embeddings: a string holding one may not run left to right.
_NOT_LTR = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI", "LRE", "LRO", "LRI", "FSI", "PDF", "PDI"})
#: General categories of a last character whose glyph HarfBuzz positions as the font says.
_PLAIN_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe", "Pi",
                               "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs"})
#: Letters that Unicode nevertheless calls default-ignorable (Hangul fillers): HarfBuzz hides them.
_IGNORABLE_LETTERS = frozenset({0x115F, 0x1160, 0x3164, 0xFFA0})
#: Tables with which HarfBuzz positions glyphs in ways the check below does not read.
_OTHER_POSITIONING = frozenset({b"morx", b"mort", b"kerx", b"trak", b"ankr", b"fvar", b"avar", b"gvar", b"HVAR"})
#: GPOS lookups that move only a mark (mark to base, ligature, mark) and pair adjustment.
_MARK_LOOKUPS = frozenset({4, 5, 6})
_PAIR_LOOKUP = 2
_EXTENSION_LOOKUP = 9

#: The hinting flags (``rcParams["text.hinting"]``) with which a glyph's loaded advance is HarfBuzz's:
#: hinted advances are whole pixels in both; unhinted ones are rounded differently (by 1/64 pixel).
HINTED_FLAGS = frozenset() if LoadFlags is None else frozenset({LoadFlags.DEFAULT, LoadFlags.NO_AUTOHINT,
                                                                LoadFlags.FORCE_AUTOHINT})

#: Per glyph: (font, size, dpi, glyph, hinting) -> (font, (y_min, y_max, advance)) in 26.6 units.
GLYPH_METRICS: dict[tuple, tuple[Any, tuple[int, int, int]]] = {}
_GLYPH_METRICS_SIZE = 20_000
#: Per font file and face: its :class:`FontPositioning` (read once per process).
_POSITIONING: dict[tuple[str, int], "FontPositioning"] = {}


def clear_caches() -> None:
    """Forget every glyph's metrics and every font's positioning (as in a fresh process).

    Examples
    --------
    >>> clear_caches(); len(GLYPH_METRICS) + len(_POSITIONING)
    0
    """
    GLYPH_METRICS.clear()
    _POSITIONING.clear()


class FontPositioning:
    """What a font's tables let HarfBuzz do to a last glyph.

    Attributes
    ----------
    plain
        Whether every GPOS lookup is a pair adjustment of the first glyph only or a mark
        attachment, and the font has no AAT or variation tables.
    marks
        Glyphs that a mark attachment may move or that GDEF classes as marks (their advance
        is zeroed).

    Examples
    --------
    >>> FontPositioning(True, frozenset({5})).last_glyph_plain(4), FontPositioning(False, frozenset()).last_glyph_plain(4)
    (True, False)
    """

    __slots__ = ("plain", "marks")

    def __init__(self, plain: bool, marks: frozenset[int]) -> None:
        self.plain = plain
        self.marks = marks

    def last_glyph_plain(self, glyph: int) -> bool:
        """Whether HarfBuzz leaves ``glyph``, last in a left-to-right run, at its own advance and no offset."""
        return self.plain and glyph not in self.marks


def _u16(data: bytes, offset: int) -> int:
    return struct.unpack_from(">H", data, offset)[0]


def _coverage(data: bytes, offset: int) -> set[int]:
    """The glyphs of an OpenType coverage table (formats 1 and 2)."""
    fmt, count = struct.unpack_from(">HH", data, offset)
    if fmt == 1:
        return set(struct.unpack_from(f">{count}H", data, offset + 4))
    if fmt == 2:
        glyphs: set[int] = set()
        for start, end, _ in struct.iter_unpack(">HHH", data[offset + 4:offset + 4 + 6 * count]):
            glyphs.update(range(start, end + 1))
        return glyphs
    raise ValueError(f"coverage format {fmt}")


def _mark_classes(data: bytes, offset: int) -> set[int]:
    """The glyphs a GDEF glyph class definition puts in class 3 (mark)."""
    fmt = _u16(data, offset)
    if fmt == 1:
        start, count = struct.unpack_from(">HH", data, offset + 2)
        classes = struct.unpack_from(f">{count}H", data, offset + 6)
        return {start + i for i, c in enumerate(classes) if c == 3}
    if fmt == 2:
        count = _u16(data, offset + 2)
        glyphs: set[int] = set()
        for start, end, cls in struct.iter_unpack(">HHH", data[offset + 4:offset + 4 + 6 * count]):
            if cls == 3:
                glyphs.update(range(start, end + 1))
        return glyphs
    raise ValueError(f"class definition format {fmt}")


def _table_directory(data: bytes, face_index: int) -> dict[bytes, bytes]:
    """The tables of one face of a TrueType/OpenType file or collection, by tag."""
    start = struct.unpack_from(">I", data, 12 + 4 * face_index)[0] if data[:4] == b"ttcf" else 0
    count = _u16(data, start + 4)
    tables = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", data, start + 12 + 16 * i)
        tables[tag] = data[offset:offset + length]
    return tables


def _read_positioning(data: bytes, face_index: int) -> FontPositioning:
    """Read a font file's GPOS lookups and GDEF mark class (see :class:`FontPositioning`)."""
    tables = _table_directory(data, face_index)
    if _OTHER_POSITIONING.intersection(tables) or tables.get(b"kern", b"")[:4] == b"\x00\x01\x00\x00":
        return FontPositioning(False, frozenset())  # (an Apple kern table may hold contextual kerning)
    marks: set[int] = set()
    gdef = tables.get(b"GDEF")
    if gdef is not None and _u16(gdef, 4):
        marks |= _mark_classes(gdef, _u16(gdef, 4))
    gpos = tables.get(b"GPOS")
    lookups = _u16(gpos, 8) if gpos is not None else 0
    if lookups:
        for i in range(_u16(gpos, lookups)):
            lookup = lookups + _u16(gpos, lookups + 2 + 2 * i)
            kind, _, count = struct.unpack_from(">HHH", gpos, lookup)
            for j in range(count):
                sub = lookup + _u16(gpos, lookup + 6 + 2 * j)
                sub_kind = kind
                if kind == _EXTENSION_LOOKUP:
                    _, sub_kind, extension = struct.unpack_from(">HHI", gpos, sub)
                    sub += extension
                if sub_kind == _PAIR_LOOKUP and _u16(gpos, sub + 6) == 0:  # no value for the second glyph
                    continue
                if sub_kind in _MARK_LOOKUPS:
                    marks |= _coverage(gpos, sub + _u16(gpos, sub + 2))
                    continue
                return FontPositioning(False, frozenset())
    return FontPositioning(True, frozenset(marks))


def font_positioning(font: Any) -> FontPositioning:
    """The :class:`FontPositioning` of an ``FT2Font``'s file, read once per process (never plain when unreadable).

    Examples
    --------
    >>> from matplotlib.font_manager import FontProperties, fontManager, get_font
    >>> font_positioning(get_font(fontManager._find_fonts_by_props(FontProperties()))).plain
    True
    """
    key = (str(font.fname), font.face_index)
    found = _POSITIONING.get(key)
    if found is None:
        try:
            with open(font.fname, "rb") as handle:
                found = _read_positioning(handle.read(), font.face_index)
        except (OSError, ValueError, TypeError, IndexError, struct.error):
            found = FontPositioning(False, frozenset())
        _POSITIONING[key] = found
    return found


def plain_last_glyph(s: str, items: Sequence[Any]) -> bool:
    """Whether HarfBuzz provably placed the last of ``items`` (``s`` shaped) at its font's advance, no offset.

    Examples
    --------
    >>> from matplotlib.font_manager import FontProperties, fontManager, get_font
    >>> from matplotlib.ft2font import LoadFlags
    >>> font = get_font(fontManager._find_fonts_by_props(FontProperties()))
    >>> [plain_last_glyph(s, font._layout(s, flags=LoadFlags.DEFAULT)) for s in ("To", "cafe\\u0301", "\\u05e9\\u05dc\\u05d5\\u05dd")]
    [True, False, False]
    """
    if not items:
        return False
    if not s.isascii() and any(unicodedata.bidirectional(c) in _NOT_LTR for c in s):
        return False
    last = items[-1]
    if len(last.char) != 1:  # a ligature or a cluster with marks
        return False
    code = ord(last.char)
    if unicodedata.category(last.char) not in _PLAIN_CATEGORIES or code in _IGNORABLE_LETTERS:
        return False
    font = last.ft_object
    return font.get_char_index(code) == last.glyph_index and font_positioning(font).last_glyph_plain(last.glyph_index)


def _glyph_metrics(font: Any, size: float, dpi: float, glyph: int, flags: Any) -> tuple[int, int, int]:
    """A glyph's box bottom and top and its advance (26.6), as ``set_text`` loads it (the font sized)."""
    key = (id(font), size, dpi, glyph, flags)
    found = GLYPH_METRICS.get(key)
    if found is None:
        loaded = font.load_glyph(glyph, flags)
        _, y_min, _, y_max = loaded.bbox  # FT_Glyph_Get_CBox, in 26.6 units
        if len(GLYPH_METRICS) >= _GLYPH_METRICS_SIZE:
            GLYPH_METRICS.clear()
        found = GLYPH_METRICS[key] = (font, (y_min, y_max, loaded.horiAdvance))
    return found[1]


def layout_extent(s: str, items: Sequence[Any], flags: Any, size: float, dpi: float) -> tuple[float, float, float] | None:
    """``set_text``'s unrotated ``(width, height, descent)`` in pixels from ``s``'s layout items, or ``None``
    when the width cannot be had exactly (see the module docstring).

    ``items`` is ``font._layout(s, flags=flags)`` without features or language (as ``set_text``
    shapes), the font cleared and set to ``size`` points at ``dpi`` (``RendererAgg._prepare_font``),
    which it still is.

    Examples
    --------
    >>> from matplotlib.font_manager import FontProperties, fontManager, get_font
    >>> font = get_font(fontManager._find_fonts_by_props(FontProperties()))
    >>> from matplotlib.ft2font import LoadFlags
    >>> font.clear(); font.set_size(12, 72); flags = LoadFlags.DEFAULT
    >>> layout_extent("", [], flags, 12, 72), layout_extent("To", font._layout("To", flags=flags), flags, 12, 72)
    ((0.0, 0.0, 0.0), (11.96875, 9.0, 0.0))
    """
    if not s:
        return 0.0, 0.0, 0.0
    if flags not in HINTED_FLAGS or not plain_last_glyph(s, items):
        return None
    y_min, y_max = 32000, -32000  # set_text's starting box
    advance = 0
    for item in items:
        low, high, advance = _glyph_metrics(item.ft_object, size, dpi, item.glyph_index, flags)
        y = round(item.y * 64)
        y_min = min(y_min, low + y)
        y_max = max(y_max, high + y)
    width = round(items[-1].x * 64) + advance
    return width / 64.0, (y_max - y_min) / 64.0, -y_min / 64.0

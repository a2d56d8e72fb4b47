"""A string's extent from its layout is matplotlib's ``set_text`` extent, or not given at all.

:func:`researchkit.figures.shaping.layout_extent` spares the report renderer a second shaping
of each string. These tests compare it, and :class:`ReportRenderer`, with plain matplotlib on
strings that could trip it: kerning pairs, accented and combining characters, ligatures, a
glyph only a fallback font has, spaces only, the empty string, long labels, right-to-left
text, other hinting settings, and rotated text drawn pixel for pixel.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, fontManager, get_font

from researchkit.figures import canvas as canvas_module
from researchkit.figures import shaping
from researchkit.figures.canvas import ReportCanvas, ReportRenderer

AWKWARD = [
    "AV", "To", "WAVE Tyre", "Te", "café", "cafe\u0301", "e\u0301 en", "q\u0323\u0307", "x\u0301\u0302 y",
    "Ångström Ærø ĳs", "fi fl ffi office", "\U0001D504 en \U0001D505", "A\U0001D504", "\u2A0C",
    "   ", " ", "", "a ", "a\u00a0", "a\u2009", "a\u200d", "a\u200db",
    "Witwassen en criminele investeringen via de haven van Rotterdam " * 3,
    "12,345.6 %", "−0.5", "x² ≥ ∑ → ←", "€ £ ¥", "שלום", "abc שלום", "العربية", "[PERSOON-1]", "(n = 16)",
]
FONTS = [
    FontProperties(size=9),
    FontProperties(size=11, weight="bold"),
    FontProperties(size=7.5, style="italic"),
    FontProperties(size=10, family="serif"),
    FontProperties(size=10, family="monospace"),
    FontProperties(size=10, family=["DejaVu Sans", "STIXGeneral"]),  # a fallback font for 𝔄
    FontProperties(size=30, family="STIXGeneral"),
]


def plain_extent(s: str, prop: FontProperties, dpi: float) -> tuple[float, float, float]:
    return RendererAgg(10, 10, dpi).get_text_width_height_descent(s, prop, ismath=False)


def report_extent(s: str, prop: FontProperties, dpi: float) -> tuple[float, float, float]:
    return ReportRenderer(10, 10, dpi).get_text_width_height_descent(s, prop, ismath=False)


@pytest.mark.parametrize("dpi", [72, 100, 200])
@pytest.mark.parametrize("hinting", ["default", "no_autohint", "force_autohint", "no_hinting"])
def test_report_renderer_measures_what_matplotlib_measures(dpi: float, hinting: str) -> None:
    with rc_context({"text.hinting": hinting}), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # glyphs missing from every font
        canvas_module.clear_caches()
        for prop in FONTS:
            for s in AWKWARD:
                assert report_extent(s, prop, dpi) == plain_extent(s, prop, dpi), (s, prop, dpi, hinting)
                assert report_extent(s, prop, dpi) == plain_extent(s, prop, dpi)  # from the cache now


def layout_and_set_text(s: str, prop: FontProperties, dpi: float) -> tuple[object, tuple[float, float, float]]:
    font = get_font(fontManager._find_fonts_by_props(prop))
    flags = get_hinting_flag()
    font.clear()
    font.set_size(prop.get_size_in_points(), dpi)
    items = font._layout(s, flags=flags)
    derived = shaping.layout_extent(s, items, flags, prop.get_size_in_points(), dpi)
    font.set_text(s, 0.0, flags=flags)
    (w, h), d = font.get_width_height(), font.get_descent()
    return derived, (w / 64, h / 64, d / 64)


def test_layout_extent_is_given_for_plain_text_and_exact() -> None:
    shaping.GLYPH_METRICS.clear()
    given = 0
    for prop in FONTS:
        for s in AWKWARD:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                derived, wanted = layout_and_set_text(s, prop, 100)
            if derived is not None:
                given += 1
                assert derived == wanted, (s, prop)
    assert given > len(AWKWARD) * 3  # the shortcut is taken for most text, not only for the empty string
    derived, wanted = layout_and_set_text("Te", FontProperties(size=9), 100)
    assert derived == wanted and derived[0] > 0 and shaping.GLYPH_METRICS


@pytest.mark.parametrize("s", ["cafe\u0301", "x\u0301\u0302", "abc שלום", "שלום", "a\u200d", "a\u00ad"])
def test_layout_extent_declines_what_shaping_may_move(s: str) -> None:
    """A trailing mark, right-to-left text, an ignorable character at the end: set_text measures."""
    derived, wanted = layout_and_set_text(s, FontProperties(size=9), 100)
    assert derived is None and wanted[0] > 0


def test_layout_extent_declines_fonts_with_other_positioning() -> None:
    mono = get_font(fontManager._find_fonts_by_props(FontProperties(family="monospace")))
    assert not shaping.font_positioning(mono).plain  # DejaVu Sans Mono has lookups the check does not read
    derived, wanted = layout_and_set_text("To", FontProperties(size=9, family="monospace"), 100)
    assert derived is None and wanted[0] > 0
    sans = shaping.font_positioning(get_font(fontManager._find_fonts_by_props(FontProperties())))
    assert sans.plain and sans.marks  # kerning of first glyphs and mark attachment only


def test_unreadable_font_file_is_never_plain(tmp_path) -> None:
    class Fake:
        fname = str(tmp_path / "missing.ttf")
        face_index = 0

    assert not shaping.font_positioning(Fake()).plain
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"\x00\x01\x00\x00\x00\x05")

    class Broken:
        fname = str(broken)
        face_index = 0

    assert not shaping.font_positioning(Broken()).plain


def rotated_figure(canvas_class: type) -> np.ndarray:
    fig = Figure(figsize=(3, 3), dpi=90)
    canvas = canvas_class(fig)
    ax = fig.add_subplot()
    ax.set_yticks([0.2, 0.5, 0.8], ["AVAV Tol", "cafe\u0301 ẞ", "Witwassen en criminele investeringen"], fontsize=7)
    ax.set_xticks([0.1, 0.6], ["To   ", "Ærø x\u0301"], rotation=90)
    ax.text(0.5, 0.5, "WAVE Te\u0301", rotation=90, fontsize=9)
    ax.set_ylabel("Aandeel (%) \U0001D504", fontfamily=["DejaVu Sans", "STIXGeneral"])
    fig.set_layout_engine("constrained")
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


def test_rotated_awkward_labels_draw_the_pixels_of_plain_agg() -> None:
    canvas_module.clear_caches()
    assert np.array_equal(rotated_figure(ReportCanvas), rotated_figure(FigureCanvasAgg))


def tiny_font(path, features: str) -> str:
    """A four-glyph TrueType font (A, V, a combining acute) with the given OpenType feature code."""
    from fontTools.feaLib.builder import addOpenTypeFeaturesFromString
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = [".notdef", "A", "V", "acutecomb"]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({0x41: "A", 0x56: "V", 0x301: "acutecomb"})
    pen = TTGlyphPen(None)
    pen.moveTo((50, -100))
    pen.lineTo((50, 700))
    pen.lineTo((550, 700))
    pen.closePath()
    builder.setupGlyf({name: pen.glyph() for name in names})
    builder.setupHorizontalMetrics({name: (600, 50) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Tiny", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    addOpenTypeFeaturesFromString(builder.font, features)
    builder.save(str(path))
    return str(path)


@pytest.mark.parametrize("features, plain", [
    ("feature kern { pos A V -80; } kern;", True),  # the first glyph's advance only
    ("feature kern { pos A <0 0 -80 0> V <0 0 40 0>; } kern;", False),  # the second glyph widened too
    ("feature kern { pos V <30 0 30 0>; } kern;", False),  # single adjustment
    ("markClass acutecomb <anchor 300 700> @TOP; feature mark { pos base [A V] <anchor 300 700> mark @TOP; } mark;", True),
])
def test_font_positioning_reads_the_gpos_lookups(tmp_path, features: str, plain: bool) -> None:
    from matplotlib.ft2font import FT2Font

    font = FT2Font(tiny_font(tmp_path / "tiny.ttf", features))
    positioning = shaping.font_positioning(font)
    assert positioning.plain is plain
    if "mark" in features:
        assert positioning.marks == {3}  # acutecomb: in the mark coverage and GDEF's mark class
    if "V <0 0 40 0>" in features:  # here the last glyph's own advance would be the wrong width: declined
        font.set_size(20, 100)
        items = font._layout("AV", flags=get_hinting_flag())
        naive = round(items[-1].x * 64) + font.load_glyph(items[-1].glyph_index, get_hinting_flag()).horiAdvance
        font.set_text("AV", 0.0, flags=get_hinting_flag())
        assert font.get_width_height()[0] != naive
        assert shaping.layout_extent("AV", items, get_hinting_flag(), 20, 100) is None
    prop = FontProperties(fname=font.fname, size=20)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        canvas_module.clear_caches()
        for s in ["AV", "VA", "AVA", "A\u0301", "VA\u0301V", "V"]:
            assert report_extent(s, prop, 100) == plain_extent(s, prop, 100), (features, s)

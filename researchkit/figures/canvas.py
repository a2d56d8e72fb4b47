"""The Agg canvas of the report's figures: matplotlib's pixels, with less repeated text work.

Text is most of the cost of drawing a report figure, and matplotlib redoes much of it:
every text is laid out several times per draw (the layout pass measures the tick labels,
the axis measures them again to place its label, then the text is drawn), each time
looking up the font file and reading its line height from the font tables; each string
is shaped twice (once to measure, once to draw); and each glyph is rasterised anew, its
font re-sized and its matrix rebuilt, even when the same digit was drawn a moment before.
:class:`ReportRenderer` (matplotlib's ``RendererAgg``) keeps what does not change:

* per draw: the font file of each font (:meth:`ReportRenderer._prepare_font`) and its line
  height (:meth:`ReportRenderer._get_font_height_metrics`, the hook matplotlib's text layout
  asks a renderer first), computed as matplotlib computes them;
* across figures, in bounded tables (:func:`clear_caches` empties them): the shaped glyphs
  of each string and its unrotated extent, per font object, size, dpi and hinting; and each
  rendered glyph bitmap per sub-pixel offset (FreeType renders a glyph moved by whole
  pixels into the same bitmap, moved by as much);
* one shaping per string where that is exact: the extent is computed from the glyphs the
  string is drawn from (:func:`researchkit.figures.shaping.layout_extent`, each glyph's box
  and advance loaded once per font, size and dpi) instead of shaping it again with
  ``FT2Font.set_text``; strings whose width shaping could change that way (right-to-left,
  a trailing mark, some fonts) are measured by ``set_text`` as before.

The same FreeType calls make each bitmap and Agg blends them at the same places, so the
pixels are those of :class:`~matplotlib.backends.backend_agg.FigureCanvasAgg` to the last
byte (``tests/figures/test_canvas_pixels.py`` compares them; ``benchmarks/bench_figures.py``
on the demo report). With a matplotlib older than 3.11 (text drawn in C++) only the font
look-ups apply (:data:`GLYPH_LOOP`).

Examples
--------
>>> from matplotlib.figure import Figure
>>> fig = Figure(figsize=(2, 1)); canvas = ReportCanvas(fig); _ = fig.add_subplot().set_title("t")
>>> canvas.draw(); isinstance(canvas.get_renderer(), ReportRenderer)
True
"""

from __future__ import annotations

import math
import re
from typing import Any, Iterable

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.font_manager import FontProperties, fontManager, get_font
from matplotlib.ft2font import FT2Font

from researchkit.figures.legendonce import legend_boxes_measured_once
from researchkit.figures import shaping
from researchkit.figures.shaping import layout_extent
from researchkit.figures.tickcopies import ticks_copied
from researchkit.figures.ticksonce import ticks_updated_once

try:
    from matplotlib.ft2font import RenderMode
except ImportError:  # pragma: no cover - matplotlib before 3.11 renders text in C++; Agg's own path is used
    RenderMode = None

__all__ = ["ReportCanvas", "ReportRenderer", "canvas_class", "clear_caches", "font_height_metrics", "GLYPH_LOOP",
           "CHECKED_MATPLOTLIB"]

#: The matplotlib releases (major, minor) whose private text code the renderer was checked against,
#: pixel for pixel (``tests/figures/test_canvas_pixels.py``). The renderer replaces parts of that
#: code; with any other release new figures draw on plain Agg (:func:`canvas_class`), so an
#: upgrade can make figures slower but never different. Add a release here only after the pixel
#: tests pass with it.
CHECKED_MATPLOTLIB = frozenset({(3, 11)})

#: Font tables that give the line height, in matplotlib's order: (table, line gap, ascent, descent).
_HEIGHT_TABLES = (("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"), ("hhea", "lineGap", "ascent", "descent"))


def font_height_metrics(prop: FontProperties, dpi: float) -> tuple[Any, Any, Any]:
    """``(ascent, descent, line_gap)`` in pixels of the font ``prop`` names, as matplotlib's
    text layout computes them (``(None, None, None)`` when the font has neither table).

    Examples
    --------
    >>> ascent, descent, gap = font_height_metrics(FontProperties(size=10), 72)
    >>> ascent > 0 and descent > 0
    True
    """
    font = get_font(fontManager._find_fonts_by_props(prop))
    for table_name, linegap_key, ascent_key, descent_key in _HEIGHT_TABLES:
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        fontsize = prop.get_size_in_points()
        units_per_em = font.get_sfnt_table("head")["unitsPerEm"]
        scale = 1 / units_per_em * fontsize * dpi / 72  # matplotlib's expression, operand for operand
        return table[ascent_key] * scale, -table[descent_key] * scale, table[linegap_key] * scale
    return None, None, None


#: Rendered glyphs: (font, size, dpi, glyph, matrix, hinting, mode, sub-pixel offset) -> (font, bitmap,
#: left and top less the whole-pixel offset). FreeType renders a glyph moved by whole pixels into the
#: same bitmap, moved; the font is kept in the entry so that its id stays its own.
_GLYPHS: dict[tuple, tuple[Any, np.ndarray, int, int]] = {}
_GLYPH_CACHE_SIZE = 20_000
#: Shaped strings: (font, size, dpi, string, hinting, features, language) -> (font, glyph layout items).
_SHAPED: dict[tuple, tuple[Any, list]] = {}
#: Unrotated extents: (font, size, dpi, string, hinting) -> (font, (width, height, descent)).
_EXTENTS: dict[tuple, tuple[Any, tuple[float, float, float]]] = {}
_TEXT_CACHE_SIZE = 5_000
#: Whether this matplotlib renders text glyph by glyph in Python (3.11 on), the loop the renderer
#: replaces; with an older one, text is drawn by Agg's own code and only the font look-ups are saved.
GLYPH_LOOP = RenderMode is not None and all(
    hasattr(owner, name) for owner, name in ((RendererAgg, "_draw_text_glyphs_and_boxes"), (FT2Font, "_layout"),
                                             (FT2Font, "_render_glyph"), (FT2Font, "_set_transform")))


def canvas_class(version: str | None = None) -> type[FigureCanvasAgg]:
    """The canvas new figures draw on: :class:`ReportCanvas` with a checked matplotlib, else plain Agg.

    Parameters
    ----------
    version
        A matplotlib version string; the installed one by default.

    Examples
    --------
    >>> canvas_class("3.11.2").__name__, canvas_class("3.12.0").__name__
    ('ReportCanvas', 'FigureCanvasAgg')
    """
    release = tuple(int(part) for part in re.findall(r"\d+", version or matplotlib.__version__)[:2])
    return ReportCanvas if release in CHECKED_MATPLOTLIB else FigureCanvasAgg


def clear_caches() -> None:
    """Forget every rendered glyph, shaped string, text extent and glyph metric (as in a fresh process).

    Examples
    --------
    >>> clear_caches(); len(_GLYPHS) + len(_SHAPED) + len(_EXTENTS)
    0
    """
    for cache in (_GLYPHS, _SHAPED, _EXTENTS):
        cache.clear()
    shaping.clear_caches()


def _kept(cache: dict, key: tuple, limit: int, make: Any) -> Any:
    """``cache[key]``, made by ``make()`` when missing; a full cache is emptied first (bounded memory)."""
    found = cache.get(key)
    if found is None:
        if len(cache) >= limit:
            cache.clear()
        found = cache[key] = make()
    return found


def _default_kerning() -> bool:
    """Whether fonts are made with matplotlib's default kerning factor (the case the shaped extents were checked in)."""
    return matplotlib.rcParams["text.kerning_factor"] in (None, 0)


def _glyph_matrix(cos: float, sin: float, slant: float, extend: float) -> tuple[Any, tuple[int, ...]]:
    """Matplotlib's 16.16 glyph matrix for a text angle, slant and extension, and its key."""
    matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]]) @ [[extend, extend * slant], [0, 1]]).round().astype(int)
    return matrix, tuple(int(v) for v in matrix.ravel())


def _render(font: Any, glyph_index: int, load_flags: Any, mode: Any, matrix: Any, px: int, py: int) -> tuple[Any, np.ndarray, int, int]:
    """A glyph rendered at ``(px, py)`` (26.6 fixed point): (font, bitmap, left and top less the whole pixels)."""
    font._set_transform(matrix, [px, py])
    bitmap = font._render_glyph(glyph_index, load_flags, mode)
    buffer = bitmap.buffer
    if mode is RenderMode.MONO:
        buffer *= 0xff
    return font, buffer, bitmap.left - (px >> 6), bitmap.top - (py >> 6)


class ReportRenderer(RendererAgg):
    """Matplotlib's Agg renderer that keeps fonts, shaped strings and glyph bitmaps (see the module docstring).

    Examples
    --------
    >>> renderer = ReportRenderer(20, 10, 72)
    >>> renderer._get_font_height_metrics(FontProperties(size=10)) == font_height_metrics(FontProperties(size=10), 72)
    True
    """

    def __init__(self, width: float, height: float, dpi: float) -> None:
        super().__init__(width, height, dpi)
        # Keyed by the hash of the font properties: matplotlib's FontProperties are equal exactly when their
        # hashes are (FontProperties.__eq__), so this is the same look-up as by a copy of the properties,
        # without the copy and the two further hashes a dict's comparison of FontProperties costs.
        self._height_metrics: dict[tuple[int, float], tuple[Any, Any, Any]] = {}
        self._fonts: dict[int, Any] = {}

    def forget_fonts(self) -> None:
        """Empty the per-draw tables (a new draw may see other ``rcParams``)."""
        self._height_metrics.clear()
        self._fonts.clear()

    def _prepare_font(self, font_prop: FontProperties) -> Any:
        """Matplotlib's: the font file's ``FT2Font``, cleared and sized; the file looked up once per draw."""
        key = hash(font_prop)
        font = self._fonts.get(key)
        if font is None:
            font = self._fonts[key] = get_font(fontManager._find_fonts_by_props(font_prop))
        font.clear()
        font.set_size(font_prop.get_size_in_points(), self.dpi)
        return font

    def _shaped(self, font: Any, s: str, flags: Any, size: float, features: Any, language: Any) -> list:
        """``font._layout(s, ...)`` (the font prepared), kept per font, size, dpi, string, hinting, features and language."""
        key = (id(font), size, self.dpi, s, flags, None if features is None else tuple(features),
               language if language is None or isinstance(language, str) else tuple(map(tuple, language)))
        return _kept(_SHAPED, key, _TEXT_CACHE_SIZE,
                     lambda: (font, font._layout(s, flags=flags, features=features, language=language)))[1]

    def draw_text(self, gc: Any, x: float, y: float, s: str, prop: FontProperties, angle: float, ismath: Any = False, mtext: Any = None) -> None:
        """Matplotlib's, with each string shaped once per font, size and dpi (shaping is a third of drawing a text)."""
        if ismath or not GLYPH_LOOP:
            return super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        font = self._prepare_font(prop)
        size = prop.get_size_in_points()
        items = self._shaped(font, s, get_hinting_flag(), size, mtext.get_fontfeatures() if mtext is not None else None,
                             mtext.get_language() if mtext is not None else None)
        self._draw_text_glyphs_and_boxes(
            gc, x, y, angle, ((item.ft_object, size, item.glyph_index, 0, 1, item.x, item.y) for item in items), [])
        return None

    def get_text_width_height_descent(self, s: str, prop: FontProperties, ismath: Any) -> tuple[float, float, float]:
        """Matplotlib's, remembered per font, size, dpi and string across figures (plain text only).

        Where it is exact (:func:`researchkit.figures.shaping.layout_extent`) the extent comes from
        the string's layout, which :meth:`draw_text` then draws from, so the string is shaped once;
        otherwise from ``FT2Font.set_text`` as matplotlib measures."""
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        font = self._prepare_font(prop)
        flags = get_hinting_flag()
        size = prop.get_size_in_points()

        def measure() -> tuple[Any, tuple[float, float, float]]:
            extent = None
            if GLYPH_LOOP and _default_kerning():
                extent = layout_extent(s, self._shaped(font, s, flags, size, None, None), flags, size, self.dpi)
            if extent is None:
                font.set_text(s, 0.0, flags=flags)
                w, h = font.get_width_height()  # in 1/64 pixels, unrotated
                extent = (w / 64.0, h / 64.0, font.get_descent() / 64.0)
            return font, extent

        return _kept(_EXTENTS, (id(font), size, self.dpi, s, flags), _TEXT_CACHE_SIZE, measure)[1]

    def _get_font_height_metrics(self, prop: FontProperties) -> tuple[Any, Any, Any]:
        """The hook of matplotlib's text layout: the font's line height, looked up once per draw."""
        key = (hash(prop), self.dpi)  # (the hash of the current state: FontProperties is mutable)
        found = self._height_metrics.get(key)
        if found is None:
            found = self._height_metrics[key] = font_height_metrics(prop, self.dpi)
        return found

    def _draw_text_glyphs_and_boxes(self, gc: Any, x: float, y: float, angle: float, glyphs: Iterable[tuple], boxes: Any) -> None:
        """Matplotlib's glyph loop, with each font sized and each glyph matrix computed once per text
        (matplotlib does both per glyph); the same FreeType calls render the same glyphs at the
        same places. Boxes (mathtext rules) are drawn by matplotlib."""
        cos = math.cos(math.radians(angle))
        sin = math.sin(math.radians(angle))
        load_flags = get_hinting_flag()
        mode = RenderMode.NORMAL if gc.get_antialiased() else RenderMode.MONO
        sized: set[tuple[int, float]] = set()
        matrices: dict[tuple[float, float], tuple[Any, tuple[int, ...]]] = {}
        height = self.height
        for font, size, glyph_index, slant, extend, dx, dy in glyphs:  # dy is upwards
            matrix, matrix_key = matrices.get((slant, extend)) or matrices.setdefault((slant, extend), _glyph_matrix(cos, sin, slant, extend))
            px = round(0x40 * (x + dx * cos - dy * sin))  # 26.6 fixed point; FreeType's y is upwards
            py = round(0x40 * (height - y + dx * sin + dy * cos))
            key = (id(font), size, self.dpi, glyph_index, matrix_key, load_flags, mode, px & 0x3F, py & 0x3F)
            cached = _GLYPHS.get(key)
            if cached is None:
                if (id(font), size) not in sized:
                    font.set_size(size, self.dpi)
                    sized.add((id(font), size))
                cached = _kept(_GLYPHS, key, _GLYPH_CACHE_SIZE, lambda: _render(font, glyph_index, load_flags, mode, matrix, px, py))
            _, buffer, left, top = cached
            self._renderer.draw_text_image(buffer, left + (px >> 6), int(height) - (top + (py >> 6)) + buffer.shape[0], 0, gc)
        if boxes:
            super()._draw_text_glyphs_and_boxes(gc, x, y, angle, (), boxes)


class ReportCanvas(FigureCanvasAgg):
    """Matplotlib's Agg canvas drawing with a :class:`ReportRenderer`; while it draws, each axis's
    ticks and each legend's boxes are measured once per measuring and once per draw
    (:mod:`researchkit.figures.ticksonce`, :mod:`researchkit.figures.legendonce`).

    The per-draw font tables start empty on every draw and every ``savefig``, so a change
    of ``rcParams`` between draws (another font family) is seen as with plain Agg.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(1, 1)); canvas = ReportCanvas(fig); canvas.draw()
    >>> canvas.get_renderer() is canvas.get_renderer()
    True
    """

    def get_renderer(self) -> ReportRenderer:
        """The renderer for the figure's current size and dpi (reused while they stay)."""
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key or not isinstance(self.renderer, ReportRenderer):
            self.renderer = ReportRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer

    def draw(self) -> None:
        """Draw the figure (fonts looked up afresh); each axis's ticks and each legend's boxes are
        measured once per measuring and once per draw
        (:func:`researchkit.figures.ticksonce.ticks_updated_once`,
        :func:`researchkit.figures.legendonce.legend_boxes_measured_once`); the ticks an axis adds
        are copies of a fresh tick (:func:`researchkit.figures.tickcopies.ticks_copied`)."""
        self.get_renderer().forget_fonts()
        with ticks_copied(self.figure), ticks_updated_once(self.figure), legend_boxes_measured_once(self.figure):
            super().draw()

    def print_figure(self, *args: Any, **kwargs: Any) -> Any:
        """``savefig``'s entry (fonts looked up afresh: matplotlib's draw there bypasses :meth:`draw`)."""
        if isinstance(getattr(self, "renderer", None), ReportRenderer):
            self.renderer.forget_fonts()
        return super().print_figure(*args, **kwargs)

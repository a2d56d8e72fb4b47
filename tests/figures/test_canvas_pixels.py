"""The report canvas draws the pixels of matplotlib's own Agg canvas, and the PNG writer keeps them.

Each figure is drawn twice from the same inputs: once on :class:`ReportCanvas` (font
look-ups once per draw, glyph bitmaps reused by sub-pixel offset, font sizing hoisted
out of the glyph loop) and once on plain :class:`FigureCanvasAgg`; the RGBA buffers must
be equal to the last byte. The texts cover what the shortcuts could get wrong: the same
glyph at many sub-pixel offsets, rotated and vertical text, several sizes and weights,
mathtext (glyphs at several sizes plus rule boxes), text that is not antialiased, and
a character that needs a fallback font.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

import researchkit.figures.canvas as canvas_module
from researchkit import figures
from researchkit.figures.canvas import ReportCanvas, ReportRenderer, canvas_class, font_height_metrics
from researchkit.figures.save import _png_rgb, png_bytes, save_figure


def build(fig: Figure) -> None:
    ax = fig.add_subplot()
    for i in range(12):  # the same string at twelve sub-pixel positions
        ax.text(0.03 + i * 0.0731, 0.9 - i * 0.0137, "0 / 1", fontsize=7, transform=ax.transAxes)
    ax.text(0.5, 0.5, "Financiële afwijkingen", rotation=33, fontsize=9, ha="center")
    ax.text(0.1, 0.2, "vertical", rotation=90, fontsize=8, fontweight="bold")
    ax.text(0.6, 0.2, r"$\frac{a^2}{\sqrt{b_i}} + \alpha$", fontsize=11)
    ax.text(0.3, 0.05, "no antialiasing", fontsize=8, antialiased=False)
    ax.text(0.7, 0.8, "→ ≥ ∑", fontsize=8)
    ax.set_title("Titel met ë en ß", fontsize=10)
    ax.set_yticks([0.1, 0.37, 0.81], ["Verdacht gedrag", "Drugssmokkel", "Overig"], fontsize=8)
    ax.set_xlabel("Aandeel respondenten (%)")


def rgba(canvas_class: type, dpi: int, layout: str | None = None) -> np.ndarray:
    fig = Figure(figsize=(4, 3), dpi=dpi, layout=layout)
    canvas = canvas_class(fig)
    build(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


@pytest.mark.parametrize("dpi", [72, 150])
def test_report_canvas_draws_the_pixels_of_plain_agg(dpi: int) -> None:
    canvas_module._GLYPHS.clear()
    ours_cold = rgba(ReportCanvas, dpi, layout="constrained")
    ours_warm = rgba(ReportCanvas, dpi, layout="constrained")  # now every glyph comes from the cache
    plain = rgba(FigureCanvasAgg, dpi, layout="constrained")
    assert ours_cold.shape == plain.shape
    assert np.array_equal(ours_cold, plain)
    assert np.array_equal(ours_warm, plain)


def test_glyph_cache_is_used_and_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    canvas_module._GLYPHS.clear()
    rgba(ReportCanvas, 100)
    filled = len(canvas_module._GLYPHS)
    assert filled > 20  # every glyph drawn went in
    monkeypatch.setattr(canvas_module, "_GLYPH_CACHE_SIZE", 10)
    canvas_module._GLYPHS.clear()
    assert np.array_equal(rgba(ReportCanvas, 100), rgba(FigureCanvasAgg, 100))
    assert len(canvas_module._GLYPHS) <= 10


def test_font_table_follows_rcparams_between_draws() -> None:
    """A figure drawn again after the font family changed is drawn in the new family, as with Agg."""
    def two_draws(canvas_class: type) -> tuple[np.ndarray, np.ndarray]:
        fig = Figure(figsize=(2, 1), dpi=80)
        canvas = canvas_class(fig)
        fig.text(0.1, 0.4, "Havens 2024", fontsize=12)
        canvas.draw()
        first = np.asarray(canvas.buffer_rgba()).copy()
        with rc_context({"font.sans-serif": ["DejaVu Sans Mono"]}):  # the generic family resolves anew
            canvas.draw()
            second = np.asarray(canvas.buffer_rgba()).copy()
        return first, second

    ours, plain = two_draws(ReportCanvas), two_draws(FigureCanvasAgg)
    assert not np.array_equal(plain[0], plain[1])  # the family change shows
    assert np.array_equal(ours[0], plain[0]) and np.array_equal(ours[1], plain[1])


def test_font_height_metrics_match_matplotlibs_layout() -> None:
    """Text extents measured through the hook equal those of plain Agg (which has no hook)."""
    def extents(canvas_class: type) -> list[list[float]]:
        fig = Figure(figsize=(3, 2), dpi=150)
        canvas = canvas_class(fig)
        texts = [fig.text(0.1, 0.1 + 0.2 * i, s, fontsize=size) for i, (s, size) in enumerate([("lp", 7), ("Ag\nq", 9), ("x", 14)])]
        renderer = canvas.get_renderer()
        return [t.get_window_extent(renderer).bounds for t in texts]

    assert extents(ReportCanvas) == extents(FigureCanvasAgg)
    renderer = ReportRenderer(10, 10, 150)
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(size=8)
    assert renderer._get_font_height_metrics(prop) == font_height_metrics(prop, 150)
    prop.set_size(12)  # a changed FontProperties is a new key, not the old answer
    assert renderer._get_font_height_metrics(prop) == font_height_metrics(prop, 150)


def test_new_figures_draw_on_the_report_canvas_only_with_a_checked_matplotlib() -> None:
    assert canvas_class("3.11.2") is ReportCanvas
    for unchecked in ("3.10.8", "3.12.0", "4.0.0rc1"):  # private text code may differ: plain Agg
        assert canvas_class(unchecked) is FigureCanvasAgg
    fig = figures.new_figure(figsize=(2, 1))
    assert type(fig.canvas) is canvas_class()
    fig.add_subplot().plot([0, 1])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=60)  # savefig works as on Agg
    assert Image.open(buffer).size == (120, 60)


def rgb_of(png: bytes) -> np.ndarray:
    image = Image.open(io.BytesIO(png))
    assert image.mode == "RGB"
    return np.asarray(image)


@pytest.mark.parametrize("shape", [(1, 1), (3, 5), (37, 211)])
def test_png_writer_decodes_to_exactly_the_pixels(shape: tuple[int, int]) -> None:
    rgb = np.random.default_rng(7).integers(0, 256, size=(*shape, 3), dtype=np.uint8)
    png = _png_rgb(rgb, dpi=150)
    assert np.array_equal(rgb_of(png), rgb)
    image = Image.open(io.BytesIO(png))
    assert image.info["Software"] == "researchkit"
    assert tuple(round(v) for v in image.info["dpi"]) == (150, 150)
    image.verify()  # chunk CRCs and structure


def test_png_writer_takes_a_strided_view_and_writes_a_standard_zlib_stream() -> None:
    """An RGBA canvas's RGB view (not contiguous) is encoded; the stdlib's zlib inflates the IDAT to the rows."""
    import struct
    import zlib

    rgba = np.random.default_rng(3).integers(0, 256, size=(64, 300, 4), dtype=np.uint8)
    rgba[10:40] = 255  # long white runs, as in a figure's margins
    png = _png_rgb(rgba[..., :3], dpi=200)
    assert np.array_equal(rgb_of(png), rgba[..., :3])
    pos, idat = 8, b""
    while pos < len(png):
        (length,), kind = struct.unpack(">I", png[pos:pos + 4]), png[pos + 4:pos + 8]
        if kind == b"IDAT":
            idat += png[pos + 8:pos + 8 + length]
        pos += 12 + length
    rows = np.frombuffer(zlib.decompress(idat), dtype=np.uint8).reshape(64, 1 + 300 * 3)
    assert not rows[:, 0].any()  # filter type 0 on every row
    assert np.array_equal(rows[:, 1:].reshape(64, 300, 3), rgba[..., :3])
    assert _png_rgb(rgba[..., :3], dpi=200) == png


def test_png_of_a_figure_is_the_canvas_and_deterministic() -> None:
    def make() -> Figure:
        fig = figures.new_figure(figsize=(3, 2))
        build(fig)
        return fig

    canvas_module._GLYPHS.clear()
    first = png_bytes(make(), dpi=120)
    second = png_bytes(make(), dpi=120)  # glyphs now cached: same bytes
    assert first == second
    fig = Figure(figsize=(3, 2), dpi=120)
    plain = FigureCanvasAgg(fig)
    build(fig)
    fig.set_layout_engine(make().get_layout_engine())
    plain.draw()
    assert np.array_equal(rgb_of(first), np.asarray(plain.buffer_rgba())[..., :3])


def test_transparent_figure_keeps_its_alpha(tmp_path) -> None:
    fig = figures.new_figure(figsize=(1, 1))
    fig.patch.set_alpha(0.0)
    fig.add_subplot().plot([0, 1])
    path = save_figure(fig, tmp_path / "t.png", dpi=50)
    image = Image.open(path)
    assert image.mode == "RGBA"
    assert np.asarray(image)[..., 3].min() == 0


def report_figures() -> list[Figure]:
    """One figure of each kind the report draws, from small tables of the report's shape."""
    import pandas as pd

    freq = pd.DataFrame({
        "code": ["SIG.1", "SIG.1", "SIG.2", "SIG.2"], "name": ["Verdacht gedrag", "Verdacht gedrag", "Financiële afwijkingen", "Financiële afwijkingen"],
        "Groep": ["politie", "handhaving", "politie", "handhaving"], "respondents": [2, 1, 0, 3], "share": [0.5, 0.25, 0.0, 0.75],
    })
    position = pd.DataFrame({"partner": ["ACT.POL", "ACT.POL", "ACT.DOU", "ACT.DOU"], "dimension": ["gather", "share", "gather", "share"],
                             "respondents": [3, 0, 1, 12]})
    spots = pd.DataFrame({"port": ["Delfzijl", "Delfzijl", "Harlingen", "Harlingen"], "phenomenon": ["FEN.DRU", "FEN.DIE", "FEN.DRU", "FEN.DIE"],
                          "mentions": [2, 0, 1, 3], "suspicions": [1, 0, 0, 2], "signals": [0, 0, 1, 4], "white_spot": [True, False, False, False]})
    return [figures.frequency_bars(freq), figures.information_position_heatmap(position), figures.white_spot_map(spots)]


def test_report_figures_png_has_plain_agg_pixels() -> None:
    """The figure kinds of the report: ``png_bytes`` on the report canvas gives plain Agg's pixels."""
    canvas_module.clear_caches()
    ours = [rgb_of(png_bytes(fig, dpi=150)) for fig in report_figures()]
    warm = [rgb_of(png_bytes(fig, dpi=150)) for fig in report_figures()]
    plain = []
    for fig in report_figures():
        canvas = FigureCanvasAgg(fig)
        fig.dpi = 150
        canvas.draw()
        plain.append(np.asarray(canvas.buffer_rgba())[..., :3])
    for a, b, c in zip(ours, warm, plain):
        assert a.shape == c.shape
        assert np.array_equal(a, c) and np.array_equal(b, c)

"""Ticks updated once per measuring and per draw: the same pixels as matplotlib, fewer updates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from researchkit import figures
from researchkit.figures.canvas import ReportCanvas
from researchkit.figures.layout import OneAxesLayout
from researchkit.figures.ticksonce import ticks_updated_once


def bar_chart(fig: Figure) -> None:
    ax = fig.add_subplot()
    ax.barh([0, 1, 2], [12.0, 55.0, 81.0], color=["#4C72B0", "#DD8452", "#55A868"], label="groep")
    ax.set_yticks([0, 1, 2], ["Verdacht gedrag", "Financiële afwijkingen", "Meldingen"], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("Aandeel respondenten (%)")
    ax.set_ylabel("Code")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="Groep")
    ax.spines[["top", "right"]].set_visible(False)


def heatmap_with_colorbar(fig: Figure) -> None:
    ax = fig.add_subplot()
    image = ax.imshow(np.arange(12.0).reshape(3, 4), cmap="Greens")
    ax.set_xticks(range(4), ["verzamelen", "vastleggen", "delen", "benutten"], rotation=45, ha="right")
    ax.set_xticks(np.arange(-0.5, 4), minor=True)
    ax.grid(which="minor", color="white")
    fig.colorbar(image, ax=ax, shrink=0.8, label="Aantal respondenten")


def shared_axes(fig: Figure) -> None:
    left, right = fig.subplots(1, 2, sharey=True)
    left.plot([0, 10], [0, 1000])
    right.plot([0, 3], [5, 900])
    left.set_ylabel("Aantal keer")
    fig.align_ylabels()


def pixels(build, layout, *, hooked: bool, dpi: int = 120) -> np.ndarray:
    fig = Figure(figsize=(4, 3), dpi=dpi, layout=layout)
    canvas = FigureCanvasAgg(fig)
    build(fig)
    if hooked:
        with ticks_updated_once(fig):
            canvas.draw()
    else:
        canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


@pytest.mark.parametrize("build", [bar_chart, heatmap_with_colorbar, shared_axes])
@pytest.mark.parametrize("layout", ["one", "constrained", None])
def test_same_pixels_as_matplotlib(build, layout) -> None:
    engine = OneAxesLayout() if layout == "one" else layout
    ours = pixels(build, engine, hooked=True)
    plain = pixels(build, OneAxesLayout() if layout == "one" else layout, hooked=False)
    assert ours.shape == plain.shape
    assert np.array_equal(ours, plain)


def count_updates(monkeypatch: pytest.MonkeyPatch, *, hooked: bool) -> int:
    calls = []
    own = Axis._update_ticks

    def counted(self):
        calls.append(self)
        return own(self)

    monkeypatch.setattr(Axis, "_update_ticks", counted)
    pixels(bar_chart, OneAxesLayout(), hooked=hooked)
    return len(calls)


def test_fewer_tick_updates(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = count_updates(monkeypatch, hooked=False)
    ours = count_updates(monkeypatch, hooked=True)
    assert ours == 4  # x and y: once when the layout measures the axes, once when each axis is drawn
    assert plain > 2 * ours


def test_nothing_kept_between_draws() -> None:
    """A change between two draws shows in the second: every draw starts afresh."""
    fig = Figure(figsize=(3, 2), dpi=80, layout=OneAxesLayout())
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    with ticks_updated_once(fig):
        canvas.draw()
        ax.set_xlim(0, 50)
        canvas.draw()
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "50"
    twin = Figure(figsize=(3, 2), dpi=80, layout=OneAxesLayout())
    plain = FigureCanvasAgg(twin)
    other = twin.add_subplot()
    other.plot([0, 1], [0, 1])
    other.set_xlim(0, 50)
    plain.draw()
    assert np.array_equal(np.asarray(canvas.buffer_rgba()), np.asarray(plain.buffer_rgba()))


def test_hooks_removed_also_after_an_error() -> None:
    fig = Figure(figsize=(2, 1))
    ax = fig.add_subplot()
    with pytest.raises(RuntimeError):
        with ticks_updated_once(fig):
            assert "_update_ticks" in vars(ax.xaxis) and "get_tightbbox" in vars(ax)
            raise RuntimeError("stop")
    assert not {"_update_ticks", "_get_ticklabel_bboxes", "draw"} & vars(ax.xaxis).keys()
    assert "get_tightbbox" not in vars(ax)


def test_report_canvas_draws_with_ticks_once_and_the_same_png() -> None:
    freq = pd.DataFrame({"code": ["SIG.1", "SIG.2"], "name": ["Verdacht gedrag", "Meldingen"],
                         "respondents": [2, 3], "share": [0.5, 0.75]})
    fig = figures.frequency_bars(freq)
    assert isinstance(fig.canvas, ReportCanvas)
    fig.dpi = 150
    fig.canvas.draw()
    ours = np.asarray(fig.canvas.buffer_rgba()).copy()
    plain = figures.frequency_bars(freq)
    canvas = FigureCanvasAgg(plain)
    plain.dpi = 150
    canvas.draw()
    assert np.array_equal(ours, np.asarray(canvas.buffer_rgba()))

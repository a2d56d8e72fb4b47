"""A legend's boxes measured once per measuring and per draw: the same pixels as matplotlib, fewer measurements."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.offsetbox import TextArea
from matplotlib.patches import Patch

from researchkit.figures.layout import OneAxesLayout
from researchkit.figures.legendonce import legend_boxes_measured_once


def grouped_bars(fig: Figure) -> None:
    ax = fig.add_subplot()
    for i, group in enumerate(["bedrijfsleven", "handhaving", "politie"]):
        ax.barh(np.arange(3) + 0.25 * i, [10.0 + i, 40.0, 5.0 * i], height=0.25, label=group)
    ax.legend(title="Groep", fontsize=8, title_fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)


def legend_above(fig: Figure) -> None:
    ax = fig.add_subplot()
    ax.plot([0, 1], [1, 0])
    handles = [Patch(facecolor="#f28e2b", label="witte vlek"), Patch(facecolor="#2c6fb0", label="met signalen")]
    ax.legend(handles=handles, fontsize=7, loc="lower left", bbox_to_anchor=(0.0, 1.01), frameon=False,
              title="vermoedens / signalen", title_fontsize=7, alignment="left", ncols=2)


def best_and_expand(fig: Figure) -> None:
    ax = fig.add_subplot()
    for k in range(3):
        ax.plot([0, 1, 2], [k, 2 - k, k], label=f"lijn {k}")
    ax.legend(loc="best", shadow=True)
    fig.legend(loc="outside lower center", mode="expand", ncols=3)


def pixels(build, layout, *, hooked: bool) -> np.ndarray:
    fig = Figure(figsize=(4, 3), dpi=110, layout=layout)
    canvas = FigureCanvasAgg(fig)
    build(fig)
    if hooked:
        with legend_boxes_measured_once(fig):
            canvas.draw()
    else:
        canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


@pytest.mark.parametrize("build", [grouped_bars, legend_above, best_and_expand])
@pytest.mark.parametrize("layout", ["one", "constrained", None])
def test_same_pixels_as_matplotlib(build, layout) -> None:
    ours = pixels(build, OneAxesLayout() if layout == "one" else layout, hooked=True)
    plain = pixels(build, OneAxesLayout() if layout == "one" else layout, hooked=False)
    assert ours.shape == plain.shape
    assert np.array_equal(ours, plain)


def test_each_text_measured_once_per_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def measured(hooked: bool) -> int:
        calls = []
        own = TextArea.get_bbox

        def counted(self, renderer):
            calls.append(self)
            return own(self, renderer)

        monkeypatch.setattr(TextArea, "get_bbox", counted)
        pixels(grouped_bars, OneAxesLayout(), hooked=hooked)
        return len(calls)

    texts = 4  # the title and three labels
    assert measured(True) == 2 * texts  # once when the layout measures the legend, once when it is drawn
    assert measured(False) > 3 * texts


def test_nothing_kept_between_draws() -> None:
    fig = Figure(figsize=(3, 2), dpi=80)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.plot([0, 1], label="kort")
    legend = ax.legend()
    with legend_boxes_measured_once(fig):
        canvas.draw()
        first = legend.get_window_extent().width
        legend.get_texts()[0].set_text("een veel langere naam")
        canvas.draw()
        assert legend.get_window_extent().width > first
    assert not {"draw", "get_window_extent", "get_tightbbox"} & vars(legend).keys()
    assert all("get_bbox" not in vars(box) for box in legend._legend_box.get_children())

"""New ticks copied from a kept fresh tick: the same ticks, attribute for attribute, and the same pixels."""

from __future__ import annotations

import enum
import types

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib.artist import Artist
from matplotlib.axis import Tick
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cbook import CallbackRegistry
from matplotlib.figure import Figure, FigureBase
from matplotlib.font_manager import FontProperties
from matplotlib.markers import MarkerStyle
from matplotlib.path import Path
from matplotlib.transforms import TransformNode

from researchkit import figures
from researchkit.figures import tickcopies
from researchkit.figures.tickcopies import copy_of_fresh_tick, ticks_copied


def described(value, seen: dict, depth: int = 0):
    """A comparable description of a tick attribute's value (objects by their state, figures and axes by identity)."""
    if isinstance(value, (str, int, float, bool, bytes, type(None), enum.Enum, np.generic)):
        return ("nan",) if isinstance(value, float) and value != value else value
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, *[described(v, seen, depth + 1) for v in value])
    if isinstance(value, np.ndarray):
        return ("array", value.dtype.str, value.shape, repr(value.tolist()))
    if isinstance(value, (FigureBase,)) or type(value).__name__.endswith("Axes"):
        return ("figure or axes", type(value).__name__)
    if isinstance(value, (types.FunctionType, types.MethodType, types.BuiltinFunctionType)):
        return ("function", getattr(value, "__qualname__", repr(value)))
    if "Renderer" in type(value).__name__:
        return ("renderer", type(value).__name__)  # (the canvas's own, one per figure)
    if isinstance(value, TransformNode) and " at 0x" not in str(value):
        return ("transform", type(value).__name__, str(value))
    if isinstance(value, CallbackRegistry):
        return ("callbacks", value._signals, sorted(value.callbacks))
    if isinstance(value, FontProperties):
        return ("font", repr(sorted((k, described(v, seen, depth + 1)) for k, v in vars(value).items())))
    if isinstance(value, (Path, MarkerStyle, Artist)) or hasattr(value, "__dict__"):
        if id(value) in seen or depth > 6:
            return ("seen", type(value).__name__)
        seen[id(value)] = True
        return (type(value).__name__, tuple(sorted((k, described(v, seen, depth + 1)) for k, v in vars(value).items()
                                                   if k not in ("_marker_function",))))
    return ("other", type(value).__name__, repr(value))


def tick_state(tick: Tick) -> dict:
    """Every attribute of a tick and of its artists (children compared by their own state)."""
    children = {id(child): name for name, child in (("tick1line", tick.tick1line), ("tick2line", tick.tick2line),
                                                    ("gridline", tick.gridline), ("label1", tick.label1),
                                                    ("label2", tick.label2))}
    state = {"class": type(tick).__name__}
    for name, value in vars(tick).items():
        state[name] = ("child", children[id(value)]) if id(value) in children else described(value, {})
    for child in tick.get_children():
        state[children[id(child)]] = {k: described(v, {}) for k, v in vars(child).items() if k != "_marker_function"}
        marker = getattr(child, "_marker", None)
        if marker is not None:  # the marker's drawing function: the same method of an equal marker
            state[children[id(child)]]["marker function"] = marker._marker_function.__func__.__qualname__
    return state


def all_ticks(fig: Figure) -> list[dict]:
    return [tick_state(tick) for ax in fig.axes for axis in ax._axis_map.values()
            for tick in vars(axis).get("majorTicks", []) + vars(axis).get("minorTicks", [])]


def bar_chart(ax) -> None:
    ax.barh([0, 1, 2], [12.0, 55.0, 81.0], color=["#4C72B0", "#DD8452", "#55A868"])
    ax.set_yticks([0, 1, 2], ["Verdacht gedrag", "Financiële afwijkingen", "Meldingen"], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.spines[["top", "right"]].set_visible(False)


def heatmap(ax) -> None:
    ax.imshow(np.arange(20.0).reshape(4, 5), cmap="Greens", aspect="auto")
    ax.set_xticks(range(5), ["verzamelen", "vastleggen", "veredelen", "delen", "benutten"], rotation=45, ha="right")
    ax.set_yticks(range(4), list("abcd"), fontsize=8)
    ax.grid(which="minor", color="white", linewidth=1)
    ax.tick_params(which="minor", length=0)
    ax.set_xticks(np.arange(-0.5, 5), minor=True)
    ax.set_yticks(np.arange(-0.5, 4), minor=True)
    ax.figure.colorbar(ax.images[0], ax=ax, shrink=0.8)


def styled_after(ax) -> None:
    """Ticks set, restyled (tick keywords change), then more ticks, and a top axis with its own ticks."""
    ax.plot([0, 10], [0, 1000])
    ax.set_xticks([0, 2, 4])
    ax.tick_params(axis="x", colors="#993333", labelsize=7, direction="in", pad=6, labelrotation=30)
    ax.set_xticks([0, 1, 2, 3, 4, 5, 6, 7, 8])
    first = ax.xaxis.get_major_ticks()[0]
    first.label1.set_fontweight("bold")  # changes of the first tick only (one in place): copied onto new ticks
    first.label1.set_fontsize(9)
    first.tick1line.set_markeredgecolor("#112233")
    ax.set_xticks(range(12))
    ax.set_yticks(range(0, 1001, 100))
    ax.tick_params(axis="y", which="both", right=True, labelright=True, grid_color="#cccccc", gridOn=True)
    ax.set_yticks(range(0, 1001, 50), minor=True)


def made(build, *, copied: bool, dpi: int = 90) -> tuple[list[dict], np.ndarray]:
    fig = Figure(figsize=(4, 3), dpi=dpi, layout="constrained")
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    if copied:
        with ticks_copied(fig):
            build(ax)
        built = all_ticks(fig)
        with ticks_copied(fig):
            canvas.draw()
    else:
        build(ax)
        built = all_ticks(fig)
        canvas.draw()
    return built + all_ticks(fig), np.asarray(canvas.buffer_rgba()).copy()


@pytest.mark.parametrize("build", [bar_chart, heatmap, styled_after])
def test_same_ticks_and_pixels_as_matplotlib(build) -> None:
    ours, our_pixels = made(build, copied=True)
    plain, plain_pixels = made(build, copied=False)
    assert len(ours) == len(plain) > 6
    for mine, theirs in zip(ours, plain):
        assert mine == theirs
    assert np.array_equal(our_pixels, plain_pixels)


def count_built(monkeypatch: pytest.MonkeyPatch, build, *, copied: bool) -> int:
    built = []
    own = Tick.__init__

    def counted(self, *args, **kwargs):
        built.append(self)
        own(self, *args, **kwargs)

    monkeypatch.setattr(Tick, "__init__", counted)
    made(build, copied=copied)
    return len(built)


def test_ticks_after_the_first_are_copies(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = count_built(monkeypatch, styled_after, copied=False)
    ours = count_built(monkeypatch, styled_after, copied=True)
    assert plain >= 30
    assert ours <= plain // 3


def test_a_changed_rc_setting_gives_fresh_ticks() -> None:
    """A new tick reads rcParams when it is made: a change between two tick lists shows as in matplotlib."""
    def build(ax) -> None:
        ax.set_xticks([0, 1, 2])
        with mpl.rc_context({"lines.antialiased": False, "font.family": "monospace"}):
            ax.set_xticks([0, 1, 2, 3, 4, 5])

    ours, our_pixels = made(build, copied=True)
    plain, plain_pixels = made(build, copied=False)
    assert ours == plain
    assert [t["tick1line"]["_antialiased"] for t in plain[:6]] == [True] * 3 + [False] * 3
    assert np.array_equal(our_pixels, plain_pixels)


def test_an_rc_list_changed_in_place_gives_fresh_ticks() -> None:
    def build(ax) -> None:
        ax.set_xticks([0, 1, 2])
        mpl.rcParams["font.family"].insert(0, "monospace")
        ax.set_xticks([0, 1, 2, 3, 4, 5])

    families = list(mpl.rcParams["font.family"])
    try:
        ours, _ = made(build, copied=True)
        mpl.rcParams["font.family"] = list(families)
        plain, _ = made(build, copied=False)
    finally:
        mpl.rcParams["font.family"] = families
    assert ours == plain
    try:
        before = tickcopies._rc_values()
        mpl.rcParams["font.family"].insert(0, "monospace")
        assert tickcopies._rc_values() != before  # (a kept fresh tick is not used after such a change)
    finally:
        mpl.rcParams["font.family"] = families


def test_copies_are_independent() -> None:
    fig = Figure()
    ax = fig.add_subplot()
    with ticks_copied(fig):
        ax.set_yticks([0, 1, 2, 3])
    ticks = ax.yaxis.get_major_ticks()
    ticks[2].label1.set_fontsize(20)
    ticks[2].gridline.get_path().vertices  # (a path of its own)
    assert [t.label1.get_fontsize() for t in ticks] == [10.0, 10.0, 20.0, 10.0]
    assert len({id(t.label1.get_fontproperties()) for t in ticks}) == 4
    assert len({id(t.gridline._callbacks) for t in ticks}) == 4
    assert ticks[3].gridline.get_path() is not ticks[1].gridline.get_path()


def test_polar_axes_and_unknown_values_are_left_to_matplotlib() -> None:
    fig = Figure()
    polar = fig.add_subplot(projection="polar")
    with ticks_copied(fig):
        assert "_get_tick" not in vars(polar.xaxis)  # ThetaAxis makes its own ticks
        polar.set_xticks(np.linspace(0, 6, 7))
    ax = Figure().add_subplot()
    fresh = ax.xaxis._get_tick(major=True)
    assert copy_of_fresh_tick(fresh) is not None
    fresh.label1.set_bbox({"facecolor": "white"})  # an artist this module does not copy
    assert copy_of_fresh_tick(fresh) is None
    fresh = ax.xaxis._get_tick(major=True)
    fresh.gridline.add_callback(print)
    assert copy_of_fresh_tick(fresh) is None


def test_hooks_removed_also_after_an_error() -> None:
    fig = Figure()
    ax = fig.add_subplot()
    with pytest.raises(RuntimeError):
        with ticks_copied(fig):
            assert "_get_tick" in vars(ax.xaxis)
            raise RuntimeError("stop")
    assert "_get_tick" not in vars(ax.xaxis) and "_get_tick" not in vars(ax.yaxis)


def test_report_figures_the_same_as_plain_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    freq = pd.DataFrame({"code": ["SIG.1", "SIG.1", "SIG.2", "SIG.3"], "name": ["Verdacht", "Verdacht", "Meldingen", "Gedrag"],
                         "group": ["politie", "haven", "politie", "haven"], "respondents": [2, 1, 3, 1],
                         "share": [0.5, 0.25, 0.75, 0.25]})
    position = pd.DataFrame({"partner": ["ACT.DOU", "ACT.DOU", "ACT.POL"], "dimension": ["gather", "share", "gather"],
                             "respondents": [2, 1, 3]})

    def pngs() -> list[np.ndarray]:
        out = []
        for fig in (figures.frequency_bars(freq), figures.information_position_heatmap(position)):
            fig.dpi = 80
            fig.canvas.draw()
            out.append((np.asarray(fig.canvas.buffer_rgba()).copy(), all_ticks(fig)))
        return out

    ours = pngs()
    monkeypatch.setattr(tickcopies, "_copyable", lambda axis: False)  # nothing copied: matplotlib makes every tick
    plain = pngs()
    for (our_pixels, our_ticks), (plain_pixels, plain_ticks) in zip(ours, plain):
        assert our_ticks == plain_ticks
        assert np.array_equal(our_pixels, plain_pixels)

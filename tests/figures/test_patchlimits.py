"""Bars' data limits gathered into one update give matplotlib's own limits, bit for bit."""

from __future__ import annotations

import contextlib

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse, Rectangle

from researchkit.figures import frequency_bars
from researchkit.figures.patchlimits import rectangle_limits_at_once


def _limits(gathered: bool, seed: int) -> tuple:
    rng = np.random.default_rng(seed)
    ax = Figure().add_subplot()
    with rectangle_limits_at_once(ax) if gathered else contextlib.nullcontext():
        widths = rng.normal(size=20) * 10.0 ** rng.integers(-3, 4)
        widths[rng.integers(0, 20)] = np.nan
        ax.barh(rng.normal(size=20), widths, height=rng.random(), left=rng.normal(size=20))
        ax.bar(rng.normal(size=5) * 0.1, rng.random(5) * 0.3, width=0.7, bottom=rng.normal())
        ax.barh(np.arange(3), [0.0, 0.0, 1e-17], height=0)  # no width and no height: left out, as matplotlib does
    ax.autoscale_view()
    return ax.dataLim.get_points().tobytes(), ax.dataLim.minpos.tobytes(), ax.get_xlim(), ax.get_ylim()


@pytest.mark.parametrize("seed", range(40))
def test_gathered_limits_equal_matplotlibs_own(seed: int) -> None:
    assert _limits(True, seed) == _limits(False, seed)


def test_other_patches_update_the_limits_as_they_are_added() -> None:
    ax = Figure().add_subplot()
    with rectangle_limits_at_once(ax):
        ax.add_patch(Ellipse((10, 20), 2, 4))
        assert [float(v) for v in ax.dataLim.extents] == [9.0, 18.0, 11.0, 22.0]  # not deferred
        ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes))  # not in data coordinates: matplotlib's path
        ax.add_patch(Rectangle((30, 40), 1, 1))
        assert ax.dataLim.x1 == 11.0  # the data rectangle waits for the end of the block
    assert [float(v) for v in ax.dataLim.extents] == [9.0, 18.0, 31.0, 41.0]
    assert "_update_patch_limits" not in vars(ax)  # the axes is left as it was


def test_limits_are_applied_when_the_block_fails() -> None:
    ax = Figure().add_subplot()
    with pytest.raises(RuntimeError):
        with rectangle_limits_at_once(ax):
            ax.barh([0, 1], [2.0, 3.0])
            raise RuntimeError("drawing failed")
    assert float(ax.dataLim.x1) == 3.0 and "_update_patch_limits" not in vars(ax)


def test_frequency_bars_keep_their_limits() -> None:
    freq = pd.DataFrame({"code": ["A", "B", "C"] * 2, "groep": ["x"] * 3 + ["y"] * 3,
                         "share": [0.1, 0.5, 0.0, 0.7, 0.2, 0.33]})
    fig = frequency_bars(freq, value="share")
    ax = fig.axes[0]
    assert len(ax.patches) == 6
    ys = sorted(v for p in ax.patches for v in (p.get_y(), p.get_y() + p.get_height()))
    assert ax.dataLim.y0 == ys[0] and ax.dataLim.y1 == ys[-1]
    assert ax.dataLim.x1 == pytest.approx(70.0)

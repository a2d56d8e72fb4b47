"""Each axis's ticks updated and their labels measured once per measuring and once per draw.

Matplotlib recomputes an axis's ticks (locator, formatter, tick positions and label
texts: ``Axis._update_ticks``) and measures its tick labels (``Axis._get_ticklabel_bboxes``)
several times over where nothing has changed in between: the constrained layout measures
an axes (``Axes.get_tightbbox``), where the axis updates its ticks for its own box, again
to place its label and once more for each visible spine; drawing the axis updates and
measures them, then does both again to place the axis label. For the report's bar charts
that repetition was about a fifth of the drawing time.

:func:`ticks_updated_once` makes each of those runs compute them once: within one
``get_tightbbox`` of an axes, and within one ``draw`` of an axis, the first update and
measurement are kept and handed to the later calls. Nothing moves within either run (the
axes is placed before it and after it), so the later calls would compute the very same
ticks, texts and boxes (``tests/figures/test_ticksonce.py`` compares the pixels with plain
matplotlib). Between runs nothing is kept: every measuring and every draw starts afresh.

Examples
--------
>>> from matplotlib.figure import Figure
>>> from matplotlib.backends.backend_agg import FigureCanvasAgg
>>> fig = Figure(figsize=(2, 1)); canvas = FigureCanvasAgg(fig); ax = fig.add_subplot()
>>> _ = ax.set_yticks([0, 1], ["a", "b"])
>>> with ticks_updated_once(fig):
...     canvas.draw()
>>> "_update_ticks" in vars(ax.yaxis)
False
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from matplotlib.figure import Figure

__all__ = ["ticks_updated_once"]


class _AxisOnce:
    """The kept ticks and tick-label boxes of one axis, while a run of its own is open."""

    def __init__(self, axis: Any) -> None:
        self.axis = axis
        self.depth = 0  # open runs (a draw of the axis, a measuring of its axes)
        self.ticks: list | None = None
        self.boxes: tuple[Any, Any, Any, Any] | None = None  # (ticks, renderer, tlb1, tlb2)

    def open(self) -> None:
        if self.depth == 0:
            self.ticks = self.boxes = None
        self.depth += 1

    def close(self) -> None:
        self.depth -= 1
        if self.depth == 0:
            self.ticks = self.boxes = None

    def update_ticks(self) -> list:
        """``Axis._update_ticks``: computed on the first call of a run, the same list afterwards."""
        if self.depth == 0:
            return type(self.axis)._update_ticks(self.axis)
        if self.ticks is None:
            self.ticks = type(self.axis)._update_ticks(self.axis)
        return self.ticks

    def ticklabel_bboxes(self, ticks: list, renderer: Any) -> tuple[list, list]:
        """``Axis._get_ticklabel_bboxes``: kept within a run for the kept ticks and the same renderer."""
        boxes = self.boxes
        if self.depth and boxes is not None and boxes[0] is ticks and boxes[1] is renderer:
            return boxes[2], boxes[3]
        tlb1, tlb2 = type(self.axis)._get_ticklabel_bboxes(self.axis, ticks, renderer)
        if self.depth and ticks is self.ticks:
            self.boxes = (ticks, renderer, tlb1, tlb2)
        return tlb1, tlb2

    def draw(self, renderer: Any) -> None:
        """``Axis.draw`` as one run."""
        self.open()
        try:
            type(self.axis).draw(self.axis, renderer)
        finally:
            self.close()


def _measured_once(ax: Any, onces: list[_AxisOnce]) -> Any:
    """``ax.get_tightbbox`` with the axes' axes in one run while it measures."""
    def get_tightbbox(*args: Any, **kwargs: Any) -> Any:
        for once in onces:
            once.open()
        try:
            return type(ax).get_tightbbox(ax, *args, **kwargs)
        finally:
            for once in onces:
                once.close()
    return get_tightbbox


_AXIS_HOOKS = ("_update_ticks", "_get_ticklabel_bboxes", "draw")


@contextmanager
def ticks_updated_once(fig: Figure) -> Iterator[None]:
    """Within the block, each axis of ``fig`` updates its ticks and measures their labels once
    per measuring of its axes and once per draw of the axis (see the module docstring).

    Meant around one draw of the figure: the axes present when the block opens are
    covered, and the figure's objects are as before when it closes (also after an error).

    Parameters
    ----------
    fig
        A matplotlib figure.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> def placed(once):
    ...     fig = Figure(figsize=(2, 1), layout="constrained"); ax = fig.add_subplot(); _ = ax.set_xlabel("x")
    ...     if once:
    ...         with ticks_updated_once(fig):
    ...             fig.draw_without_rendering()
    ...     else:
    ...         fig.draw_without_rendering()
    ...     return ax.get_position().bounds, "get_tightbbox" in vars(ax)
    >>> placed(True) == placed(False)
    True
    """
    hooked: list[Any] = []
    try:
        for ax in fig.get_axes():
            onces = []
            for axis in ax._axis_map.values():
                once = _AxisOnce(axis)
                axis._update_ticks = once.update_ticks
                axis._get_ticklabel_bboxes = once.ticklabel_bboxes
                axis.draw = once.draw
                hooked.append(axis)
                onces.append(once)
            ax.get_tightbbox = _measured_once(ax, onces)
            hooked.append(ax)
        yield
    finally:
        for obj in hooked:
            for name in ("get_tightbbox", *_AXIS_HOOKS):
                vars(obj).pop(name, None)

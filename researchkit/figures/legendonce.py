"""A legend's boxes measured once per measuring and once per draw.

A matplotlib legend is a tree of offset boxes (a column of rows, each row a handle and a
text, under a title), and every box measures its children afresh whenever it is asked
for its own size: to draw the legend, the outer box measures the whole tree, then each
box on the way down measures its subtree again before drawing it, so a text at the
bottom is measured once per level above it (five times in the report's legends) and
again when the layout measures the axes. That was about a tenth of drawing a bar chart.

:func:`legend_boxes_measured_once` keeps each box's measurement (its size and its
children's offsets, ``get_bbox`` and ``_get_bbox_and_child_offsets``) within one draw of
the legend and within one measuring of it (``get_window_extent``, ``get_tightbbox``). A
box's measurement does not depend on where it is placed, and nothing changes it within
either run, so the later calls would give the very same numbers; between runs nothing is
kept (``tests/figures/test_legendonce.py`` compares the pixels with plain matplotlib).

Examples
--------
>>> from matplotlib.figure import Figure
>>> from matplotlib.backends.backend_agg import FigureCanvasAgg
>>> fig = Figure(figsize=(2, 1)); canvas = FigureCanvasAgg(fig); ax = fig.add_subplot()
>>> _ = ax.plot([0, 1], label="a"); legend = ax.legend()
>>> with legend_boxes_measured_once(fig):
...     canvas.draw()
>>> "draw" in vars(legend)
False
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from matplotlib.figure import Figure
from matplotlib.offsetbox import OffsetBox

__all__ = ["legend_boxes_measured_once"]

#: The measuring methods of an offset box whose answers are kept within a run.
_MEASURES = ("get_bbox", "_get_bbox_and_child_offsets")
#: The methods of a legend that are one run each.
_RUNS = ("draw", "get_window_extent", "get_tightbbox")


class _LegendOnce:
    """The kept measurements of one legend's boxes, while a run of the legend is open."""

    def __init__(self, legend: Any) -> None:
        self.legend = legend
        self.depth = 0
        self.kept: dict[tuple[int, str, int], Any] = {}  # (box, method, renderer) -> answer
        self.boxes = _boxes(legend._legend_box)

    def measure(self, box: OffsetBox, name: str) -> Any:
        """``box.<name>(renderer)``, kept within a run."""
        own = getattr(type(box), name)

        def measured(renderer: Any) -> Any:
            if self.depth == 0:
                return own(box, renderer)
            key = (id(box), name, id(renderer))
            if key not in self.kept:
                self.kept[key] = own(box, renderer)
            return self.kept[key]
        return measured

    def run(self, name: str) -> Any:
        """The legend's ``<name>`` as one run."""
        own = getattr(type(self.legend), name)

        def one_run(*args: Any, **kwargs: Any) -> Any:
            if self.depth == 0:
                self.kept.clear()
            self.depth += 1
            try:
                return own(self.legend, *args, **kwargs)
            finally:
                self.depth -= 1
                if self.depth == 0:
                    self.kept.clear()
        return one_run


def _boxes(root: Any) -> list[OffsetBox]:
    """Every offset box of the tree under ``root`` (``root`` included), depth first."""
    found, stack = [], [root]
    while stack:
        box = stack.pop()
        if isinstance(box, OffsetBox):
            found.append(box)
            stack.extend(box.get_children())
    return found


def _legends(fig: Figure) -> list[Any]:
    """The figure's legends and those of its axes."""
    legends = [ax.get_legend() for ax in fig.get_axes()] + list(fig.legends)
    return [legend for legend in legends if legend is not None and getattr(legend, "_legend_box", None) is not None]


@contextmanager
def legend_boxes_measured_once(fig: Figure) -> Iterator[None]:
    """Within the block, each legend of ``fig`` measures each of its boxes once per draw and once
    per measuring of the legend (see the module docstring).

    Meant around one draw of the figure: the legends present when the block opens are covered,
    and they are as before when it closes (also after an error).

    Parameters
    ----------
    fig
        A matplotlib figure.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> def placed(once):
    ...     fig = Figure(figsize=(3, 2), layout="constrained"); ax = fig.add_subplot()
    ...     _ = ax.plot([0, 1], label="een"); legend = ax.legend(title="Groep", bbox_to_anchor=(1, 1), loc="upper left")
    ...     if once:
    ...         with legend_boxes_measured_once(fig):
    ...             fig.draw_without_rendering()
    ...     else:
    ...         fig.draw_without_rendering()
    ...     return ax.get_position().bounds, legend.get_window_extent().bounds
    >>> placed(True) == placed(False)
    True
    """
    hooked: list[tuple[Any, tuple[str, ...]]] = []
    try:
        for legend in _legends(fig):
            once = _LegendOnce(legend)
            for box in once.boxes:
                for name in _MEASURES:
                    setattr(box, name, once.measure(box, name))
                hooked.append((box, _MEASURES))
            for name in _RUNS:
                setattr(legend, name, once.run(name))
            hooked.append((legend, _RUNS))
        yield
    finally:
        for obj, names in hooked:
            for name in names:
                vars(obj).pop(name, None)

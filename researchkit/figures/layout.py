"""Constrained layout, measured once for a figure with a single axes.

Matplotlib's constrained layout measures every axes' decorations (tick labels, axis
labels, title, legend) twice per draw, then the draw measures them again: for the
report's bar charts and cell maps that layout was about 40 % of the drawing time.
:class:`OneAxesLayout` is a :class:`~matplotlib.layout_engine.ConstrainedLayoutEngine`
that, for a figure holding one axes and nothing else (no colour bar, figure text,
figure legend or sub-figure), measures the decorations once and places the axes so
that they fit the figure with the same padding (``figure.constrained_layout.w_pad`` /
``h_pad``). The axes is measured from the same starting box on every draw, so a
figure is laid out the same way however often it is drawn. Any other figure gets
matplotlib's constrained layout unchanged.

Examples
--------
>>> from matplotlib.figure import Figure
>>> def placed(layout):
...     fig = Figure(figsize=(3, 2), layout=layout)
...     ax = fig.add_subplot(); _ = ax.set_ylabel("a label"); _ = ax.set_title("title"); fig.draw_without_rendering()
...     return [round(float(v), 4) for v in ax.get_position().extents]
>>> placed(OneAxesLayout()) == placed("constrained")
True
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.transforms import Bbox

__all__ = ["OneAxesLayout"]


class OneAxesLayout(ConstrainedLayoutEngine):
    """Constrained layout in one measuring pass for a single-axes figure (see the module docstring).

    Examples
    --------
    >>> isinstance(OneAxesLayout(), ConstrainedLayoutEngine)
    True
    """

    @staticmethod
    def _single_axes(fig: Figure) -> object | None:
        """The one axes of a figure holding nothing else that needs room, else ``None``."""
        if len(fig.axes) != 1 or fig.texts or fig.legends or fig.subfigs or fig.images:
            return None
        ax = fig.axes[0]
        if not ax.get_in_layout() or ax.get_subplotspec() is None or ax.get_subplotspec().get_gridspec().get_geometry() != (1, 1):
            return None
        return ax

    def execute(self, fig: Figure) -> None:
        """Place the axes so that its decorations fit the figure (constrained layout for other figures)."""
        ax = self._single_axes(fig)
        if ax is None:
            return super().execute(fig)
        left, bottom, width, height = self._params["rect"]
        start = ax.get_subplotspec().get_position(fig)
        ax._set_position(start)  # the same starting box on every draw (as constrained layout keeps the axes in layout)
        renderer = fig._get_renderer()
        box = fig.transFigure.transform_bbox(start)
        tight = ax.get_tightbbox(renderer, for_layout_only=True)
        if tight is None:
            return None
        fig_w, fig_h = fig.bbox.width, fig.bbox.height
        w_pad, h_pad = self._params["w_pad"] * fig.dpi, self._params["h_pad"] * fig.dpi
        x0 = left + (max(box.x0 - tight.x0, 0.0) + w_pad) / fig_w
        x1 = left + width - (max(tight.x1 - box.x1, 0.0) + w_pad) / fig_w
        y0 = bottom + (max(box.y0 - tight.y0, 0.0) + h_pad) / fig_h
        y1 = bottom + height - (max(tight.y1 - box.y1, 0.0) + h_pad) / fig_h
        if x1 <= x0 or y1 <= y0:  # decorations larger than the figure: let constrained layout warn and cope
            return super().execute(fig)
        ax._set_position(Bbox.from_extents(x0, y0, x1, y1))
        return None

"""Data limits of many bars in one update: what ``Axes.add_patch`` does per bar, done once.

Each bar matplotlib adds (``bar``, ``barh``, ``add_patch``) updates the axes' data limits
on its own: it walks the rectangle's outline as Bézier segments, finds their extrema,
transforms them and widens the limits, about 2 ms of Python per bar. For the report's bar
charts (200 bars in the demo report) that was a tenth of all figure time.
:func:`rectangle_limits_at_once` gathers the plain rectangles added to one axes inside a
``with`` block and widens the limits by all their corners in one call when the block ends.
The corners are those matplotlib computes (the unit square through each rectangle's own
patch transform), so the limits, and the figure, are the same to the last bit
(``tests/figures/test_patchlimits.py`` compares them). Any other patch, and a rectangle
outside data coordinates, takes matplotlib's own path at once.

Examples
--------
>>> from matplotlib.figure import Figure
>>> ax = Figure().add_subplot()
>>> with rectangle_limits_at_once(ax):
...     _ = ax.barh([0, 1], [3.0, 5.0])
>>> [float(v) for v in ax.dataLim.extents]
[0.0, -0.4, 5.0, 1.4]
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

import numpy as np
from matplotlib.patches import Rectangle

__all__ = ["rectangle_limits_at_once"]

#: The unit square's corners, as matplotlib's limit update meets them (each side's start and end).
_UNIT_CORNERS = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])


def _corners(rectangles: list[Rectangle]) -> np.ndarray:
    """The corners of ``rectangles`` in data coordinates, ``(4 * n, 2)``, through their patch transforms."""
    points = []
    for rect in rectangles:
        matrix = rect.get_patch_transform().get_matrix()
        points.append(_UNIT_CORNERS @ matrix[:2, :2].T + matrix[:2, 2])
    return np.vstack(points)


@contextmanager
def rectangle_limits_at_once(ax: Any) -> Iterator[None]:
    """Within the block, widen ``ax``'s data limits by the rectangles added to it once, at the end.

    Plain :class:`~matplotlib.patches.Rectangle` patches in data coordinates (every bar of
    ``bar``/``barh``) are gathered; the limits are widened by all their corners in one
    ``update_datalim`` when the block ends (also when it ends with an error, so the axes
    stays consistent). A rectangle with neither width nor height is left out, as matplotlib
    leaves it out. Other patches update the limits as they are added.

    Parameters
    ----------
    ax
        A matplotlib axes.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().add_subplot()
    >>> with rectangle_limits_at_once(ax):
    ...     _ = ax.bar([0, 1, 2], [1.0, 2.0, 0.5])
    >>> [round(float(v), 2) for v in ax.dataLim.extents]
    [-0.4, 0.0, 2.4, 2.0]
    """
    own = type(ax)._update_patch_limits
    gathered: list[Rectangle] = []

    def gather(patch: Any) -> None:
        if type(patch) is Rectangle and patch.get_data_transform() is ax.transData and ax.name == "rectilinear":
            if patch.get_width() or patch.get_height():
                gathered.append(patch)
            return
        own(ax, patch)

    ax._update_patch_limits = gather
    try:
        yield
    finally:
        del ax._update_patch_limits
        if gathered:
            ax.update_datalim(_corners(gathered))

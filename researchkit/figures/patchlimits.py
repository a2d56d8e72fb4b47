"""Data limits of many bars in one update: what ``Axes.add_patch`` does per bar, done once.

Each bar matplotlib adds (``bar``, ``barh``, ``add_patch``) updates the axes' data limits
on its own: it walks the rectangle's outline as Bézier segments, finds their extrema,
transforms them and widens the limits, about 2 ms of Python per bar. For the report's bar
charts (200 bars in the demo report) that was a tenth of all figure time.
:func:`rectangle_limits_at_once` gathers the plain rectangles added to one axes inside a
``with`` block and widens the limits by all their corners in one call when the block ends.
The corners are those matplotlib computes (the unit square through each rectangle's own
patch transform; for an unrotated rectangle with finite bounds the same sums, formed for
all rectangles at once with numpy), so the limits, and the figure, are the same to the last
bit (``tests/figures/test_patchlimits.py`` compares them). Any other patch, and a rectangle
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
    """The corners of ``rectangles`` in data coordinates, ``(4 * n, 2)``, as their patch transforms give them.

    For an unrotated rectangle with finite bounds, none of them a negative zero (every bar),
    the patch transform is the bounding box's own ``[[w, 0, x0], [0, h, y0]]``: the rotation
    about the rectangle's corner that matplotlib composes with it is the identity to the
    last bit (a translation by ``-x0`` and back, a rotation by 0, scales by 1). Its corners
    are then ``(x0, y0)``, ``(w + x0, y0)``, ``(w + x0, h + y0)``, ``(x0, h + y0)`` with
    ``w = x1 - x0`` and ``h = y1 - y0``, the very sums matplotlib's matrix product forms,
    computed here for all such rectangles at once. Any other rectangle (rotated, or with a
    non-finite or negative-zero bound, where the product could differ in a NaN or a sign)
    goes through its own patch transform.
    """
    bounds = np.array([rect._convert_units() for rect in rectangles], dtype=float).reshape(-1, 4)  # x0, y0, x1, y1
    plain = np.isfinite(bounds).all(axis=1) & ~((bounds == 0) & np.signbit(bounds)).any(axis=1)
    plain &= np.array([rect.angle == 0 and rect._aspect_ratio_correction == 1.0 for rect in rectangles], dtype=bool)
    x0, y0, x1, y1 = bounds.T
    with np.errstate(invalid="ignore"):  # (a non-finite bound is recomputed below, where matplotlib warns as before)
        right, top = (x1 - x0) + x0, (y1 - y0) + y0
    points = np.stack([np.stack([x0, y0], axis=1), np.stack([right, y0], axis=1),
                       np.stack([right, top], axis=1), np.stack([x0, top], axis=1)], axis=1)  # (n, 4, 2)
    for i in np.flatnonzero(~plain):
        matrix = rectangles[i].get_patch_transform().get_matrix()
        points[i] = _UNIT_CORNERS @ matrix[:2, :2].T + matrix[:2, 2]
    return points.reshape(-1, 2)


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

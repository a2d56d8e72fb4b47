"""Saving figures: PNG, SVG or PDF, atomically and byte-identically.

A PNG is drawn once: matplotlib's ``savefig`` draws a figure with a layout engine twice
(a layout pass, then the real one); :func:`png_bytes` lets the draw itself run the
constrained layout and encodes the canvas as ``savefig`` would (same pixels, same bytes).

Examples
--------
>>> fig = Figure(figsize=(2, 1)); _ = FigureCanvasAgg(fig); _ = fig.add_subplot().plot([0, 1])
>>> png_bytes(fig, dpi=50)[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import matplotlib as mpl
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from researchkit.errors import AnalysisError
from researchkit.fileio import atomic_path, atomic_write

__all__ = ["save_figure", "png_bytes"]

#: Fixed metadata per format: nothing that changes between runs (no dates, no versions).
_METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": "researchkit"},
    "svg": {"Creator": "researchkit", "Date": None},
    "pdf": {"Creator": "researchkit", "Producer": "researchkit", "CreationDate": None, "ModDate": None},
}
_RC = {"svg.hashsalt": "researchkit", "svg.fonttype": "path", "pdf.fonttype": 42}


def _single_draw_possible(fig: Figure) -> bool:
    """Whether the one-draw PNG path gives what ``savefig`` gives: an Agg canvas and default save settings."""
    rc = mpl.rcParams
    return (isinstance(fig.canvas, FigureCanvasAgg) and rc["savefig.bbox"] in (None, "standard")
            and str(rc["savefig.facecolor"]) == "auto" and str(rc["savefig.edgecolor"]) == "auto"
            and not rc["savefig.transparent"])


def png_bytes(fig: Figure, *, dpi: int = 200) -> bytes:
    """The figure as PNG bytes (fixed metadata), drawn once.

    Pixels and bytes are those of ``fig.savefig(..., format="png", dpi=dpi)`` with the
    metadata of :func:`save_figure`; only the extra layout draw that ``savefig`` makes
    for a figure with a layout engine is saved. Figures on another canvas (an
    interactive pyplot backend) or with non-default ``savefig.*`` settings go through
    ``savefig``.

    Examples
    --------
    >>> fig = Figure(figsize=(2, 1)); _ = FigureCanvasAgg(fig); _ = fig.add_subplot().plot([0, 1])
    >>> buffer = io.BytesIO(); fig.savefig(buffer, format="png", dpi=50, metadata={"Software": "researchkit"})
    >>> png_bytes(fig, dpi=50) == buffer.getvalue()
    True
    """
    if fig.canvas is None or not hasattr(fig.canvas, "print_figure"):
        FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    if not _single_draw_possible(fig):
        fig.savefig(buffer, format="png", dpi=dpi, metadata=_METADATA["png"])
        return buffer.getvalue()
    canvas = fig.canvas
    old_dpi = fig.dpi
    fig.dpi = dpi
    try:
        canvas.draw()  # runs the layout engine once, then renders
        mpl.image.imsave(buffer, canvas.buffer_rgba(), format="png", origin="upper", dpi=dpi,
                         metadata=_METADATA["png"])
    finally:
        fig.dpi = old_dpi
    return buffer.getvalue()


def save_figure(fig: Figure, path: str | os.PathLike, *, dpi: int = 200) -> Path:
    """Write ``fig`` to PNG, SVG or PDF (by suffix), atomically and reproducibly.

    Metadata that would change between runs is fixed or left out: no creation date,
    a fixed ``Software``/``Creator`` entry, a fixed SVG id salt. The same figure
    therefore gives byte-identical files run after run.

    Parameters
    ----------
    fig
        The figure.
    path
        Target file; the suffix (``.png``, ``.svg``, ``.pdf``) chooses the format.
    dpi
        Resolution of PNG output (a 6.3-inch figure at 200 dpi is 1260 pixels wide).

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> fig = Figure(figsize=(2, 1)); _ = FigureCanvasAgg(fig); _ = fig.add_subplot().plot([0, 1])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = save_figure(fig, pathlib.Path(d) / "f.png", dpi=50)
    ...     p.read_bytes()[:4]
    b'\\x89PNG'
    """
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in _METADATA:
        raise AnalysisError("RK506", f"{path}: cannot save a figure as {path.suffix or 'a file without suffix'!r}", hint="use .png, .svg or .pdf")
    if fig.canvas is None or not hasattr(fig.canvas, "print_figure"):
        FigureCanvasAgg(fig)
    if fmt == "png":
        atomic_write(path, png_bytes(fig, dpi=dpi))
        return path
    with atomic_path(path, suffix=f".tmp.{fmt}") as tmp:
        with rc_context(_RC):
            fig.savefig(tmp, format=fmt, dpi=dpi, metadata=_METADATA[fmt])
    return path

"""Saving figures: PNG, SVG or PDF, atomically and byte-identically.

A PNG is drawn once: matplotlib's ``savefig`` draws a figure with a layout engine twice
(a layout pass, then the real one); :func:`png_bytes` lets the draw itself run the
constrained layout and encodes the canvas itself (the same pixels as ``savefig``). An
opaque figure (the usual white background) is stored as RGB without the alpha channel,
rows unfiltered, deflated by zlib-ng at level :data:`PNG_COMPRESS_LEVEL` (:func:`_png_rgb`):
lossless, about half the encoding time of the standard library's zlib and a fifth smaller,
and a third of the time of Pillow's RGB at the same level (whose per-row choice among four
PNG filters costs more than the file size it saves).

The compressed bytes are those of the zlib-ng release installed: the same on every run, and
recorded with the run (``versions`` in the manifest: ``zlib-ng`` and the machine's
architecture, since zlib-ng's vector code may choose other, equally valid, matches on
another kind of processor). The pixels do not depend on it.

Examples
--------
>>> fig = Figure(figsize=(2, 1)); _ = FigureCanvasAgg(fig); _ = fig.add_subplot().plot([0, 1])
>>> png_bytes(fig, dpi=50)[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib import rc_context
from zlib_ng import zlib_ng
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from researchkit.errors import AnalysisError
from researchkit.fileio import atomic_path, atomic_write
from researchkit.heap import paused_gc

__all__ = ["save_figure", "png_bytes", "PNG_COMPRESS_LEVEL"]

#: Deflate level of the PNGs (lossless at every level). Measured on the demo report's 10 theme
#: figures (RGB, rows unfiltered, one call; CPU, median of 9): zlib-ng level 1 0.047 s (901 kB),
#: 2 0.054 s (550 kB), 3 0.056 s (528 kB), 4 0.062 s, 6 0.086 s (497 kB); the standard library's
#: zlib 1.2.13 at level 3 0.135 s (652 kB; the RGB rows fed one call each, as before: 0.22 s in
#: all); Pillow's RGB (adaptive filters, zlib-ng) at level 3 0.34 s (641 kB).
PNG_COMPRESS_LEVEL = 3

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


def _chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data, CRC-32 of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_rgb(rgb: np.ndarray, *, dpi: int) -> bytes:
    """A PNG file of an ``(height, width, 3)`` uint8 image: 8-bit RGB, every row unfiltered
    (filter type 0), deflate level (zlib-ng) :data:`PNG_COMPRESS_LEVEL`, ``dpi`` in ``pHYs``, the fixed
    ``tEXt`` metadata.

    Examples
    --------
    >>> from PIL import Image
    >>> rgb = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    >>> image = Image.open(io.BytesIO(_png_rgb(rgb, dpi=150)))
    >>> bool((np.asarray(image) == rgb).all()), [round(v) for v in image.info["dpi"]], image.info["Software"]
    (True, [150, 150], 'researchkit')
    """
    height, width = rgb.shape[:2]
    rows = np.empty((height, 1 + 3 * width), dtype=np.uint8)  # each row: its filter byte (0), then its pixels
    rows[:, 0] = 0
    rows[:, 1:] = np.asarray(rgb, dtype=np.uint8).reshape(height, 3 * width)
    pixels = zlib_ng.compress(rows, PNG_COMPRESS_LEVEL)
    per_metre = int(dpi / 0.0254 + 0.5)
    text = b"".join(_chunk(b"tEXt", key.encode("latin-1") + b"\0" + value.encode("latin-1"))
                    for key, value in _METADATA["png"].items())
    return b"".join([
        b"\x89PNG\r\n\x1a\n",
        _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
        _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        text,
        _chunk(b"IDAT", pixels),
        _chunk(b"IEND", b""),
    ])


def _encode_png(rgba: np.ndarray, *, dpi: int) -> bytes:
    """Lossless PNG of an RGBA canvas: RGB (:func:`_png_rgb`) when every pixel is opaque, else
    RGBA by Pillow; fixed metadata, ``dpi`` stored."""
    from PIL import Image, PngImagePlugin

    rgba = np.require(rgba, np.uint8, "C")
    image = Image.frombuffer("RGBA", (rgba.shape[1], rgba.shape[0]), rgba, "raw", "RGBA", 0, 1)
    if int(rgba[..., 3].min()) == 255:
        return _png_rgb(np.asarray(image.convert("RGB")), dpi=dpi)  # (Pillow drops the channel ~4x quicker than numpy)
    info = PngImagePlugin.PngInfo()
    for key, value in _METADATA["png"].items():
        info.add_text(key, value)
    buffer = io.BytesIO()
    image.save(buffer, format="png", pnginfo=info, dpi=(dpi, dpi), compress_level=PNG_COMPRESS_LEVEL)
    return buffer.getvalue()


@paused_gc()
def png_bytes(fig: Figure, *, dpi: int = 200) -> bytes:
    """The figure as PNG bytes (fixed metadata), drawn once.

    The pixels are those of ``fig.savefig(..., format="png", dpi=dpi)``; only the extra
    layout draw that ``savefig`` makes for a figure with a layout engine is saved, and the
    encoding differs (RGB when opaque, zlib-ng level :data:`PNG_COMPRESS_LEVEL`). The same
    figure gives the same bytes run after run. Figures on another canvas (an interactive
    pyplot backend) or with non-default ``savefig.*`` settings go through ``savefig``.

    Examples
    --------
    >>> from matplotlib.image import imread
    >>> fig = Figure(figsize=(2, 1)); _ = FigureCanvasAgg(fig); _ = fig.add_subplot().plot([0, 1])
    >>> buffer = io.BytesIO(); fig.savefig(buffer, format="png", dpi=50); _ = buffer.seek(0)
    >>> ours = png_bytes(fig, dpi=50)
    >>> bool((imread(io.BytesIO(ours)) == imread(buffer)[..., :3]).all()), ours == png_bytes(fig, dpi=50)
    (True, True)
    """
    if fig.canvas is None or not hasattr(fig.canvas, "print_figure"):
        FigureCanvasAgg(fig)
    if not _single_draw_possible(fig):
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, metadata=_METADATA["png"])
        return buffer.getvalue()
    canvas = fig.canvas
    old_dpi = fig.dpi
    fig.dpi = dpi
    try:
        canvas.draw()  # runs the layout engine once, then renders
        return _encode_png(np.asarray(canvas.buffer_rgba()), dpi=dpi)
    finally:
        fig.dpi = old_dpi


@paused_gc()
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

"""How a figure shows itself: as a PNG in a notebook, with ``plt.show()`` habits intact.

Every figure function returns a :class:`ReportFigure`, a plain matplotlib
:class:`~matplotlib.figure.Figure` that also knows how to display itself:

* the **last expression of a notebook cell** shows the image, in a fresh kernel with no
  ``%matplotlib`` magic and without importing ``pyplot`` (Jupyter, JupyterLab, VS Code:
  anything that runs an IPython kernel);
* ``display(fig)`` and ``fig.show()`` show it at that point;
* when the session already uses ``pyplot`` with an interactive backend (the notebook's
  inline backend, Qt, Tk ...), new figures are handed to ``pyplot`` too, so
  ``plt.show()`` at the end of a cell or script shows them the way pyplot users expect.
  A figure that was displayed is released from ``pyplot`` right away, so it is never
  shown twice.

Without ``pyplot`` (scripts, ``researchkit run``, tests) figures stay outside any global
state: nothing accumulates, nothing is shown unless asked.

Examples
--------
>>> fig = new_figure(figsize=(2, 1))
>>> _ = fig.add_subplot().plot([0, 1])
>>> fig._repr_png_()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import io
import sys
import warnings
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from researchkit.figures.canvas import canvas_class
from researchkit.figures.layout import OneAxesLayout

__all__ = ["ReportFigure", "new_figure"]

#: Backends that draw to files only: figures are not handed to pyplot with these.
_FILE_BACKENDS = frozenset({"agg", "cairo", "pdf", "pgf", "ps", "svg", "template"})


def _pyplot_backend() -> str | None:
    """The pyplot backend name (lower case) when pyplot is already imported, else ``None``."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return None
    return str(pyplot.get_backend()).lower()


def _inline(backend: str | None) -> bool:
    return backend is not None and ("inline" in backend)


def _in_kernel() -> bool:
    """Is this an IPython kernel (Jupyter, VS Code), where display() reaches a front end?"""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    shell = ipython.get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


class ReportFigure(Figure):
    """A matplotlib Figure that shows itself in notebooks (see the module docstring).

    Saving, drawing and everything else are matplotlib's own; only display differs.

    Examples
    --------
    >>> fig = ReportFigure(figsize=(1, 1)); _ = FigureCanvasAgg(fig)
    >>> isinstance(fig, Figure)
    True
    """

    #: Resolution of the notebook image (a 16 cm figure is 630 pixels wide).
    display_dpi = 100

    def _repr_png_(self) -> bytes:
        """PNG bytes of the figure, for IPython's rich display."""
        canvas = self.canvas if hasattr(self.canvas, "print_figure") else FigureCanvasAgg(self)
        buffer = io.BytesIO()
        canvas.print_figure(buffer, format="png", dpi=self.display_dpi, metadata={"Software": "researchkit"})
        return buffer.getvalue()

    def _ipython_display_(self) -> None:
        """Show the PNG now; release the figure from pyplot's inline queue so it is not shown again."""
        from IPython.display import display

        display({"image/png": self._repr_png_(), "text/plain": repr(self)}, raw=True)
        self._release_from_inline_pyplot()

    def _release_from_inline_pyplot(self) -> None:
        backend = _pyplot_backend()
        manager = getattr(self.canvas, "manager", None)
        if manager is not None and _inline(backend):
            sys.modules["matplotlib.pyplot"].close(self)

    def show(self, warn: bool = True) -> None:
        """Show the figure: in a notebook as an image, else in pyplot's window when it has one.

        Examples
        --------
        >>> import warnings
        >>> fig = new_figure(figsize=(1, 1))
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     fig.show()
        >>> "save_figure" in str(caught[0].message)
        True
        """
        if _in_kernel():
            self._ipython_display_()
            return
        if getattr(self.canvas, "manager", None) is not None:
            super().show(warn=warn)
            return
        if warn:
            warnings.warn(
                "this figure cannot be shown here (no notebook and no interactive pyplot backend); "
                "write it to a file with researchkit.figures.save_figure(fig, 'figure.png')",
                UserWarning,
                stacklevel=2,
            )


_FOR_FILES: ContextVar[bool] = ContextVar("researchkit_figures_for_files", default=False)


@contextmanager
def figures_for_files() -> Iterator[None]:
    """Figures made inside this block are for files only: never handed to ``pyplot``.

    A report or a run makes its figures to write them into files. In a notebook whose
    session uses ``pyplot`` (imported by the user, or by networkx when it draws a network),
    those figures would otherwise be shown under the cell as well.

    Examples
    --------
    >>> with figures_for_files():
    ...     fig = new_figure(figsize=(1, 1))
    >>> fig.canvas.manager is None
    True
    """
    token = _FOR_FILES.set(True)
    try:
        yield
    finally:
        _FOR_FILES.reset(token)


def new_figure(*, figsize: tuple[float, float], dpi: int = 100) -> ReportFigure:
    """A new :class:`ReportFigure` with constrained layout (measured once when the figure
    holds a single axes: :class:`researchkit.figures.layout.OneAxesLayout`).

    Handed to ``pyplot`` only when pyplot is already imported with an interactive backend
    (so ``plt.show()`` sees it) and the figure is not made for files only
    (:func:`figures_for_files`); otherwise it stays outside any global state.

    Examples
    --------
    >>> new_figure(figsize=(3, 2)).get_size_inches().tolist()
    [3.0, 2.0]
    """
    backend = _pyplot_backend()
    if backend is not None and backend not in _FILE_BACKENDS and not _FOR_FILES.get():
        pyplot = sys.modules["matplotlib.pyplot"]
        return pyplot.figure(FigureClass=ReportFigure, figsize=figsize, dpi=dpi, layout=OneAxesLayout())
    fig = ReportFigure(figsize=figsize, dpi=dpi, layout=OneAxesLayout())
    canvas_class()(fig)
    return fig

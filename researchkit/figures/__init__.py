"""Figures for the analyses: one function per result, matplotlib, report-ready.

Every function takes an analysis result (or the codings), draws on ``ax`` when given
(else on a new figure sized for an A4 page: 16 cm wide), and returns the figure.
Nothing is saved unless asked. A new figure is a :class:`ReportFigure`: it shows its
image when it is the last expression of a notebook cell (no ``%matplotlib`` magic
needed), with ``display(fig)`` and ``fig.show()``, and ``plt.show()`` keeps working
when the session uses ``pyplot`` (see :mod:`researchkit.figures.display`). Outside a
notebook the figures keep no global state. Labels are Dutch by default
(``lang="en"`` for English); colours of codes come from the codebook.

:func:`save_figure` writes PNG, SVG or PDF atomically with fixed metadata, so the
same data give byte-identical files.

The modules: ``bars`` (frequencies, agreement, terms), ``heatmaps`` (crosstabs,
co-occurrence, information position, white spots), ``networks``, ``stripes`` (codes
across all interviews), ``interviews`` (saturation curve, the portrait of one
interview), ``save`` and ``display``.

Examples
--------
>>> import pandas as pd
>>> from researchkit.transcripts import Corpus, Transcript
>>> from researchkit import analysis, figures
>>> corpus = Corpus([Transcript("R1", "aa bb", attributes={"group": "politie"})])
>>> codings = pd.DataFrame({"doc_id": ["R1"], "start": [0], "end": [2], "code": ["SIG"]})
>>> fig = figures.frequency_bars(analysis.frequencies(codings, corpus))
>>> fig.get_size_inches().round(2).tolist()[0]
6.3
"""

from __future__ import annotations

from matplotlib.figure import Figure  # noqa: F401  (re-exported: the return type of every figure function)

from researchkit.figures._base import A4_MAX_HEIGHT, A4_WIDTH  # noqa: F401
from researchkit.figures.bars import agreement_bars, frequency_bars, term_bars
from researchkit.figures.display import ReportFigure, new_figure  # noqa: F401
from researchkit.figures.heatmaps import (
    cooccurrence_heatmap,
    crosstab_heatmap,
    information_position_heatmap,
    white_spot_map,
)
from researchkit.figures.interviews import document_portrait, saturation_curve
from researchkit.figures.networks import cooccurrence_network, partner_network_plot
from researchkit.figures.save import save_figure
from researchkit.figures.stripes import coding_stripes

__all__ = [
    "save_figure",
    "frequency_bars",
    "crosstab_heatmap",
    "cooccurrence_heatmap",
    "cooccurrence_network",
    "coding_stripes",
    "information_position_heatmap",
    "white_spot_map",
    "partner_network_plot",
    "agreement_bars",
    "term_bars",
    "saturation_curve",
    "document_portrait",
    "ReportFigure",
    "A4_WIDTH",
]

#: The figure functions (everything that draws and returns a figure).
FIGURE_FUNCTIONS: tuple[str, ...] = tuple(
    n for n in __all__ if n not in ("save_figure", "ReportFigure", "A4_WIDTH")
)

"""From codings to findings: pure functions over the codings table and the corpus.

Every function takes the codings table (and the corpus, for attributes, units and
text; and optionally a codebook for roll-up levels, names, order and colours) and
returns a tidy :class:`pandas.DataFrame` (or a small result object) with documented
columns in a deterministic order. Nothing is written unless you ask
(:meth:`FrameworkMatrix.to_excel`).

A *respondent* is a document (one interview = one respondent), unless the corpus
attributes have a ``respondent`` column: documents sharing a value there count once.

Examples
--------
>>> import pandas as pd
>>> from researchkit import analysis
>>> from researchkit.transcripts import Corpus, Transcript
>>> corpus = Corpus([Transcript("R1", "aa bb", attributes={"group": "politie"})])
>>> codings = pd.DataFrame({"doc_id": ["R1"], "start": [0], "end": [2], "code": ["SIG"]})
>>> analysis.frequencies(codings, corpus, by="group")[["code", "group", "respondents", "n_respondents"]]
  code    group  respondents  n_respondents
0  SIG  politie            1              1
"""

from __future__ import annotations

from researchkit.analysis._common import MISSING, stop_words
from researchkit.analysis.casematrix import case_matrix
from researchkit.analysis.cooccurrence import cooccurrence, cooccurrence_matrix
from researchkit.analysis.framework import FrameworkMatrix, framework_matrix
from researchkit.analysis.frequencies import crosstab, frequencies
from researchkit.analysis.infoposition import (
    DEFAULT_DIMENSIONS,
    AnalysisWarning,
    information_position,
    partner_graph,
    partner_network,
    white_spots,
)
from researchkit.analysis.quotes import QuoteSource, passages, quotes, typicality
from researchkit.analysis.saturation import interview_order, saturation
from researchkit.analysis.style import style_table
from researchkit.analysis.summaries import ThemeSummary, theme_summaries, theme_summary
from researchkit.analysis.words import term_counts, weighted_log_odds, word_frequencies

__all__ = [
    "AnalysisWarning",
    "DEFAULT_DIMENSIONS",
    "FrameworkMatrix",
    "MISSING",
    "QuoteSource",
    "case_matrix",
    "ThemeSummary",
    "cooccurrence",
    "cooccurrence_matrix",
    "crosstab",
    "framework_matrix",
    "interview_order",
    "frequencies",
    "information_position",
    "partner_graph",
    "partner_network",
    "passages",
    "quotes",
    "saturation",
    "stop_words",
    "style_table",
    "term_counts",
    "theme_summaries",
    "theme_summary",
    "typicality",
    "weighted_log_odds",
    "white_spots",
    "word_frequencies",
]

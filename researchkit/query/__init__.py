"""Retrieval and queries: the passages behind the counts.

* :func:`segments` — coded segments with speaker, context, attributes, exact offsets;
* :func:`query` — code queries (AND, OR, NOT, NEAR n, FOLLOWED BY n, WITHIN unit,
  attribute and coder/source filters) as text (:func:`parse`) or Python combinators
  (:func:`code`, :func:`attr`);
* :func:`matrix_query` — rows (attribute values or cases) x columns (codes or queries),
  each cell a count and its passages;
* :func:`kwic` / :func:`kwic_html` / :func:`kwic_suggestions` — keyword in context,
  with lemmas, and hits turned into suggestions for review;
* :func:`export_segments` (Word, Excel) and :func:`export_case_matrix` (SPSS ``.sav``,
  R ``.rds``, CSV); :func:`case_matrix` and :func:`saturation` come from
  :mod:`researchkit.analysis`.

Examples
--------
>>> import pandas as pd
>>> from researchkit.transcripts import Corpus, Transcript
>>> from researchkit import query as q
>>> corpus = Corpus([Transcript("R1", "De kade is open. De douane komt.")])
>>> codings = pd.DataFrame({"doc_id": ["R1", "R1"], "start": [0, 17], "end": [16, 32], "code": ["GEL", "ACT.DOU"]})
>>> q.query(codings, q.code("GEL").near("ACT", 0), corpus=corpus)["text"].tolist()
['De kade is open. De douane komt.']
"""

from __future__ import annotations

from researchkit.analysis.casematrix import case_matrix
from researchkit.analysis.saturation import saturation
from researchkit.query.export_matrix import export_case_matrix
from researchkit.query.export_segments import export_segments
from researchkit.query.kwic import kwic, kwic_html, kwic_suggestions
from researchkit.query.language import DEFAULT_DISTANCE, UNITS, Query, attr, code, parse
from researchkit.query.matrix import QueryMatrix, matrix_query
from researchkit.query.retrieve import query, segments

__all__ = [
    "segments", "query", "parse", "code", "attr", "Query", "UNITS", "DEFAULT_DISTANCE",
    "matrix_query", "QueryMatrix", "kwic", "kwic_html", "kwic_suggestions",
    "export_segments", "export_case_matrix", "case_matrix", "saturation",
]

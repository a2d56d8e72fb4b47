"""The matrix query: rows (attribute values or cases) x columns (codes or queries);
each cell holds a count and the passages behind it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import pandas as pd

from researchkit.analysis._common import MISSING, respondent_ids, sort_key
from researchkit.errors import AnalysisError, QueryError
from researchkit.query.engine import QueryData
from researchkit.query.language import Query, parse
from researchkit.query.retrieve import resolve, run_query

__all__ = ["QueryMatrix", "matrix_query"]


@dataclass
class QueryMatrix:
    """Result of :func:`matrix_query`.

    Attributes
    ----------
    rows
        What the rows are (``"port"``, ``"doc_id"`` ...).
    passages
        Every passage of every column query, with its ``row`` and ``column``.
    counts
        Wide table rows x columns: the number of passages (every row value, zeros too).
    documents
        Wide table rows x columns: the number of distinct documents with a passage.
    """

    rows: str
    passages: pd.DataFrame
    counts: pd.DataFrame
    documents: pd.DataFrame

    def cell(self, row: Any, column: str) -> pd.DataFrame:
        """The passages of one cell.

        Examples
        --------
        >>> m = QueryMatrix("port", pd.DataFrame({"row": ["A"], "column": ["X"], "text": ["ja"]}), pd.DataFrame(), pd.DataFrame())
        >>> m.cell("A", "X")["text"].tolist()
        ['ja']
        """
        p = self.passages
        return p[(p["row"].astype(str) == str(row)) & (p["column"] == column)].reset_index(drop=True)

    def _repr_html_(self) -> str:
        return self.counts.to_html()

    def __repr__(self) -> str:
        return f"QueryMatrix(rows={self.rows!r}, {self.counts.shape[0]} x {self.counts.shape[1]}, {len(self.passages)} passages)"


def _columns(cols: Sequence[str | Query] | Mapping[str, str | Query]) -> dict[str, Query]:
    if isinstance(cols, Mapping):
        items = list(cols.items())
    elif isinstance(cols, (str, Query)):
        items = [(str(cols), cols)]
    else:
        items = [(str(c), c) for c in cols]
    if not items:
        raise QueryError("RK516", "cols is empty", hint="give codes or queries, e.g. cols=['SAM', 'INFO AND ACT WITHIN turn']")
    out = {}
    for label, expr in items:
        if label in out:
            raise QueryError("RK516", f"column {label!r} is given twice", hint="give each code or query once (or label them with a dict)")
        out[label] = parse(expr)
    return out


def _row_values(data: QueryData, rows: str) -> tuple[list[str], pd.Series]:
    """All row labels (sorted, missing last) and the label of each document."""
    if rows == "doc_id":
        return list(data.doc_ids), pd.Series(data.doc_ids, index=data.doc_ids)
    if rows == "respondent":
        ids = respondent_ids(data.corpus).reindex(data.doc_ids)
        return list(dict.fromkeys(ids.tolist())), ids
    attrs = data.corpus.attributes
    if rows in ("speaker", "role"):
        return [], pd.Series(dtype=object)
    if rows not in attrs.columns:
        raise AnalysisError("RK501", f"rows={rows!r} is not an attribute (available: {', '.join(map(str, attrs.columns)) or 'none'}; "
                            "and doc_id, respondent, speaker, role)", hint="choose one of the available names")
    values = attrs[rows].reindex(data.doc_ids)
    values = values.where(values.notna(), MISSING).astype(str)
    return sort_key(values.tolist()), values


def matrix_query(
    source: Any,
    *,
    rows: str,
    cols: Sequence[str | Query] | Mapping[str, str | Query],
    corpus: Any = None,
    codebook: Any = None,
    coder: str | Sequence[str] | None = None,
    source_kind: str | Sequence[str] | None = None,
    where: Mapping[str, Any] | None = None,
    context: str | int = "sentence",
) -> QueryMatrix:
    """Rows x columns, each cell the passages of a column query in a row.

    Parameters
    ----------
    source
        A Project, or a codings table with ``corpus=``.
    rows
        An attribute (``"port"``, ``"group"``), ``"doc_id"`` (one row per interview),
        ``"respondent"`` (documents sharing the ``respondent`` attribute are one row), or
        the passage's ``"speaker"`` / ``"role"``.
    cols
        Codes or queries (text or combinators); a dict gives them labels.
    coder, source_kind, where, context
        As for :func:`researchkit.query.query`.

    Returns
    -------
    QueryMatrix
        ``.counts`` and ``.documents`` (wide), ``.passages`` (tidy), ``.cell(row, column)``.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "aa bb", attributes={"port": "Harlingen"}),
    ...                  Transcript("R2", "cc dd", attributes={"port": "Urk"})])
    >>> c = pd.DataFrame({"doc_id": ["R1", "R1", "R2"], "start": [0, 3, 0], "end": [2, 5, 2], "code": ["A", "B", "A"]})
    >>> matrix_query(c, rows="port", cols=["A", "A NEAR 1 B"], corpus=corpus).counts
               A  A NEAR 1 B
    port
    Harlingen  1           1
    Urk        1           0
    """
    codings, corpus, codebook = resolve(source, corpus=corpus, codebook=codebook, coder=coder, source_kind=source_kind)
    data = QueryData(codings, corpus, codebook=codebook)
    columns = _columns(cols)
    labels, per_doc = _row_values(data, rows)
    parts = []
    for label, node in columns.items():
        found = run_query(data, node, where=where, context=context)
        found.insert(0, "column", label)
        if rows in ("speaker", "role"):
            row = found[rows].astype(object).where(found[rows].notna(), MISSING).astype(str)
        else:
            row = found["doc_id"].map(per_doc)
        found.insert(0, "row", row.to_numpy())
        parts.append(found)
    passages = pd.concat(parts, ignore_index=True)
    if rows in ("speaker", "role"):
        labels = sort_key(passages["row"].tolist())
    counts = passages.groupby(["row", "column"]).size().unstack("column", fill_value=0)
    counts = counts.reindex(index=labels, columns=list(columns), fill_value=0).astype("int64")
    docs = passages.groupby(["row", "column"])["doc_id"].nunique().unstack("column", fill_value=0)
    docs = docs.reindex(index=labels, columns=list(columns), fill_value=0).astype("int64")
    for table in (counts, docs):
        table.index.name = rows
        table.columns.name = None
    return QueryMatrix(rows, passages, counts, docs)

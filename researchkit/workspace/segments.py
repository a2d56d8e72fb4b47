"""Coded segments with their context, filtered by attribute, coder and source (the segment browser's data).

:func:`segments_table` takes the codings of one code (and, by default, its sub-codes)
from a project, or any DataFrame with ``doc_id, start, end, code, coder, source``
columns (a query result), and adds the words before and after each segment and the
document's attributes. :func:`filter_segments` is the browser's filter.

Examples
--------
>>> import tempfile, os
>>> import researchkit as rk
>>> from researchkit.transcripts import Transcript
>>> p = rk.Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
>>> _ = p.add_documents(Transcript("R01", "R: de haven van Harlingen is stil", attributes={"port": "Harlingen"}))
>>> _ = p.code("R01", quote="haven", code="HAV", coder="anna")
>>> table = segments_table(p, code="HAV", context=10)
>>> table[["doc_id", "before", "text", "after", "port"]].values.tolist()
[['R01', 'R: de ', 'haven', ' van Harli', 'Harlingen']]
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import pandas as pd

from researchkit.errors import WorkspaceError

__all__ = ["segments_table", "filter_segments", "SEGMENT_COLUMNS"]

#: Columns a segments table must have.
SEGMENT_COLUMNS = ["doc_id", "start", "end", "code", "coder", "source"]


def _codes_under(codebook: Any, code: str) -> list[str]:
    if codebook is None or code not in codebook:
        return [code]
    out, todo = [], [codebook[code]]
    while todo:
        c = todo.pop(0)
        out.append(c.id)
        todo.extend(c.children)
    return out


def segments_table(project: Any, *, code: str | Sequence[str] | None = None, segments: pd.DataFrame | None = None,
                   children: bool = True, context: int = 120) -> pd.DataFrame:
    """Every segment with ``before``/``after`` context and the document attributes.

    Parameters
    ----------
    project
        The project (texts and attributes come from it).
    code
        A code id (or ids); with ``children`` its sub-codes too. Ignored when ``segments`` is given.
    segments
        Any table with :data:`SEGMENT_COLUMNS` (e.g. a query result) instead of ``code``.
    children
        Include sub-codes of ``code``.
    context
        Characters of context on each side (cut at a line break).

    Raises
    ------
    WorkspaceError
        RK709 when ``segments`` lacks columns or names documents not in the project.
    """
    if segments is None:
        frame = project.codings()
        if code is not None:
            book = project.codebook()
            wanted = [c for one in ([code] if isinstance(code, str) else code) for c in (_codes_under(book, one) if children else [one])]
            frame = frame[frame["code"].isin(wanted)]
    else:
        if not isinstance(segments, pd.DataFrame):
            raise WorkspaceError("RK709", f"segments is a {type(segments).__name__}, not a DataFrame", hint="pass a DataFrame with doc_id, start, end, code, coder, source")
        missing = [c for c in SEGMENT_COLUMNS if c not in segments.columns]
        if missing:
            raise WorkspaceError("RK709", f"the segments table lacks column(s) {', '.join(missing)} (it has {', '.join(map(str, segments.columns))})",
                                 hint="give a table with doc_id, start, end, code, coder, source (e.g. project.codings() or a query result)")
        frame = segments.copy()
    docs = project.documents()
    known = set(docs["doc_id"])
    unknown = sorted(set(frame["doc_id"].astype(str)) - known)
    if unknown:
        raise WorkspaceError("RK709", f"segments name document(s) not in the project: {', '.join(unknown[:10])}", hint="use segments of this project's documents")
    texts = {d: project.text(d) for d in sorted(set(frame["doc_id"].astype(str)))}
    rows = []
    for r in frame.itertuples(index=False):
        text = texts[str(r.doc_id)]
        s, e = int(r.start), int(r.end)
        if not 0 <= s <= e <= len(text):
            raise WorkspaceError("RK709", f"segment {r.doc_id} {s}-{e} lies outside the text ({len(text)} characters)", hint="offsets are code points into the project's text")
        before = text[max(0, s - context) : s]
        after = text[e : e + context]
        before = before[before.rfind("\n") + 1 :]
        after = after.split("\n", 1)[0]
        rows.append({"doc_id": str(r.doc_id), "start": s, "end": e, "code": str(r.code), "coder": str(r.coder), "source": str(r.source),
                     "text": text[s:e], "before": before, "after": after, "id": str(getattr(r, "id", "") or "")})
    out = pd.DataFrame(rows, columns=["doc_id", "start", "end", "code", "coder", "source", "text", "before", "after", "id"])
    attrs = docs.drop(columns=[c for c in ("uuid", "sha256", "text", "source_path", "source_sha256", "source_format", "created", "updated") if c in docs.columns])
    out = out.merge(attrs, on="doc_id", how="left")
    return out.sort_values(["doc_id", "start", "end", "code", "coder"], kind="mergesort").reset_index(drop=True)


def filter_segments(table: pd.DataFrame, *, coders: Sequence[str] | None = None, sources: Sequence[str] | None = None,
                    attributes: Mapping[str, Sequence[Any] | Any] | None = None) -> pd.DataFrame:
    """Rows of a segments table whose coder, source and attributes match (``None`` keeps all).

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": ["A", "B"], "coder": ["anna", "rules"], "source": ["manual", "rules"], "port": ["X", "Y"]})
    >>> filter_segments(t, coders=["anna"])["doc_id"].tolist(), filter_segments(t, attributes={"port": "Y"})["doc_id"].tolist()
    (['A'], ['B'])
    """
    out = table
    if coders is not None:
        out = out[out["coder"].isin(list(coders))]
    if sources is not None:
        out = out[out["source"].isin(list(sources))]
    for column, values in (attributes or {}).items():
        if column not in out.columns:
            raise WorkspaceError("RK709", f"no attribute {column!r} (have: {', '.join(c for c in table.columns if c not in SEGMENT_COLUMNS)})", hint="filter on a document attribute column")
        vals = [values] if isinstance(values, (str, int, float)) else list(values)
        out = out[out[column].astype(str).isin([str(v) for v in vals])]
    return out.reset_index(drop=True)

"""Coded segments and query results as passages: who said it, where, and around what.

:func:`segments` lists coded passages; :func:`query` runs a code query
(:mod:`researchkit.query.language`). Both work on a :class:`~researchkit.Project`
(its ``codings()``, ``corpus()`` and ``codebook()``) or on a plain codings table with
``corpus=``, and give one row per passage with exact offsets
(``text == corpus[doc_id].text[start:end]``), the speaker and role of the turn the
passage starts in, a context span, and the document attributes.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from researchkit.analysis._common import MISSING, as_list
from researchkit.errors import AnalysisError, QueryError
from researchkit.query import spans as S
from researchkit.query.engine import QueryData, evaluate
from researchkit.query.language import Code, Query, parse
from researchkit.query.spans import Spans

__all__ = ["segments", "query", "resolve", "describe", "CONTEXTS", "SEGMENT_COLUMNS"]

#: Named contexts; an integer means that many words on each side.
CONTEXTS = ("sentence", "turn", "paragraph", "document")
SEGMENT_COLUMNS = ["doc_id", "start", "end", "code", "coder", "source", "text", "speaker", "role", "turn",
                   "context", "context_start", "context_end"]


def resolve(source: Any, *, corpus: Any = None, codebook: Any = None, coder: str | Sequence[str] | None = None,
            source_kind: str | Sequence[str] | None = None) -> tuple[pd.DataFrame, Any, Any]:
    """``(codings, corpus, codebook)`` from a Project or from a codings table plus ``corpus``.

    ``coder`` and ``source_kind`` filter the codings (a value or a list).

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> c = pd.DataFrame({"doc_id": ["R1", "R1"], "start": [0, 0], "end": [2, 2], "code": ["A", "A"], "coder": ["anna", "bob"]})
    >>> resolve(c, corpus=Corpus([Transcript("R1", "ja")]), coder="bob")[0]["coder"].tolist()
    ['bob']
    """
    if isinstance(source, pd.DataFrame):
        if corpus is None:
            raise QueryError("RK513", "a codings table needs the corpus it was made on",
                             hint="pass corpus=... (or give a Project, which holds its corpus)")
        frame = source
        for col, wanted in (("coder", coder), ("source", source_kind)):
            if wanted is not None:
                if col not in frame.columns:
                    raise QueryError("RK513", f"the codings table has no {col!r} column to filter on", hint=f"drop {col}= or add the column")
                frame = frame[frame[col].isin(as_list(wanted))]
        return frame.reset_index(drop=True), corpus, codebook
    if callable(getattr(source, "codings", None)) and callable(getattr(source, "corpus", None)):
        frame = source.codings(coder=coder, source=source_kind)
        if corpus is None:
            corpus = source.corpus()
        if codebook is None and callable(getattr(source, "codebook", None)):
            codebook = source.codebook()
        return frame, corpus, codebook
    raise QueryError("RK513", f"cannot take codings from {type(source).__name__}",
                     hint="pass a researchkit Project, or a codings DataFrame together with corpus=")


def _first_overlap(units: Spans, passages: Spans) -> tuple[np.ndarray, np.ndarray]:
    """Index of the first and last unit each passage overlaps (``-1`` when none)."""
    if len(units) == 0:
        none = np.full(len(passages), -1)
        return none, none
    lo = np.searchsorted(units.key_end(), passages.key_start(), side="right")
    hi = np.searchsorted(units.key_start(), passages.key_end(), side="left") - 1
    has = (lo <= hi) & (lo < len(units))
    return np.where(has, lo, -1), np.where(has, hi, -1)


def _context_spans(data: QueryData, passages: Spans, context: str | int) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(context, (int, np.integer)) and not isinstance(context, bool):
        if context < 0:
            raise QueryError("RK514", f"context={context!r}: a number of words must be >= 0", hint="e.g. context=20")
        return _word_context(data, passages, int(context))
    if context not in CONTEXTS:
        raise QueryError("RK514", f"context={context!r} is not one of {', '.join(CONTEXTS)} or a number of words",
                         hint="e.g. context='sentence', context='turn' or context=25")
    present = np.zeros(len(data.doc_ids), bool)
    present[passages.doc] = True
    units = data.units(context, present)
    first, last = _first_overlap(units, passages)
    has = first >= 0
    cs = np.where(has, np.minimum(passages.start, units.start[np.maximum(first, 0)] if len(units) else 0), passages.start)
    ce = np.where(has, np.maximum(passages.end, units.end[np.maximum(last, 0)] if len(units) else 0), passages.end)
    return cs, ce


def _word_context(data: QueryData, passages: Spans, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` whole words on each side of each passage, never past its document."""
    words = data.words(passages.doc)
    if n == 0 or len(words.starts) == 0:
        return passages.start.copy(), passages.end.copy()
    keys, ends = words.starts, words.ends
    before = words.index(passages.doc, passages.start) - n
    cs_key = keys[np.clip(before, 0, len(keys) - 1)]
    cs = np.where((before >= 0) & (cs_key // S.SHIFT == passages.doc), cs_key - passages.doc * S.SHIFT, 0)
    cs = np.minimum(cs, passages.start)
    after = words.index(passages.doc, passages.end) + n - 1
    ce_key = ends[np.clip(after, 0, len(ends) - 1)]
    same = (after < len(ends)) & (ce_key // S.SHIFT == passages.doc)
    ce = np.where(same, ce_key - passages.doc * S.SHIFT, data.lengths[passages.doc])
    return cs, np.maximum(ce, passages.end)


def describe(data: QueryData, passages: Spans, *, context: str | int = "sentence") -> pd.DataFrame:
    """Passages as a table: ``doc_id, start, end, text, speaker, role, turn, context,
    context_start, context_end`` and the document attributes, in corpus and text order.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> data = QueryData(pd.DataFrame(columns=["doc_id", "start", "end", "code"]), Corpus([Transcript("R1", "Ja. De kade is open. Klaar.")]))
    >>> describe(data, Spans.of([0], [7], [11]), context=1)[["text", "context"]]
       text       context
    0  kade  De kade is
    """
    order = np.lexsort((passages.end, passages.start, passages.doc))
    p = passages.take(order)
    texts = [data.texts[data.doc_ids[d]] for d in p.doc.tolist()]
    frame = pd.DataFrame({
        "doc_id": [data.doc_ids[d] for d in p.doc.tolist()],
        "start": p.start, "end": p.end,
        "text": [t[s:e] for t, s, e in zip(texts, p.start.tolist(), p.end.tolist())],
    })
    present = np.zeros(len(data.doc_ids), bool)
    present[p.doc] = True
    sorted_turns = data.turn_table(present)
    t_spans = Spans(sorted_turns["_doc"].to_numpy(), sorted_turns["start"].to_numpy(), sorted_turns["end"].to_numpy())
    first, _ = _first_overlap(t_spans, p)
    has = first >= 0
    picked = sorted_turns.iloc[np.maximum(first, 0)] if len(sorted_turns) else None
    frame["speaker"] = np.where(has, picked["speaker"].to_numpy(object), None) if picked is not None else None
    frame["role"] = np.where(has, picked["role"].to_numpy(object), None) if picked is not None else None
    turn_no = picked["turn"].to_numpy(dtype="float64", na_value=np.nan) if picked is not None else np.full(len(p), np.nan)
    frame["turn"] = pd.array(np.where(has, turn_no, np.nan), dtype="Float64").astype("Int64")
    cs, ce = _context_spans(data, p, context)
    frame["context"] = [t[s:e] for t, s, e in zip(texts, cs.tolist(), ce.tolist())]
    frame["context_start"] = cs.astype(np.int64)
    frame["context_end"] = ce.astype(np.int64)
    attrs = data.corpus.attributes
    extra = [c for c in attrs.columns if c not in frame.columns]
    if extra:
        joined = attrs[extra].reindex(frame["doc_id"]).reset_index(drop=True)
        frame = pd.concat([frame, joined], axis=1)
    frame.attrs["order"] = order
    return frame


def _where_docs(data: QueryData, where: Mapping[str, Any] | None) -> np.ndarray | None:
    """The documents the document-attribute filters of ``where`` allow (``None``: all)."""
    from researchkit.query.language import Attr

    mask = None
    for name, wanted in (where or {}).items():
        if name in ("speaker", "role"):
            continue
        values = (wanted,) if isinstance(wanted, str) else tuple(str(v) for v in as_list(wanted))
        one = data.doc_mask(Attr(name, values))
        mask = one if mask is None else mask & one
    return mask


def _where_mask(frame: pd.DataFrame, data: QueryData, where: Mapping[str, Any] | None) -> np.ndarray:
    mask = np.ones(len(frame), bool)
    if not where:
        return mask
    attrs = data.corpus.attributes
    for name, wanted in where.items():
        values = {str(v) for v in as_list(wanted)} if not isinstance(wanted, str) else {wanted}
        if name in ("speaker", "role", "doc_id"):
            column = frame[name].astype(object).where(frame[name].notna(), MISSING).astype(str)
        elif name in attrs.columns:
            column = attrs[name].reindex(frame["doc_id"]).reset_index(drop=True)
            column = column.where(column.notna(), MISSING).astype(str)
        else:
            raise AnalysisError("RK501", f"where={{{name!r}: ...}}: not a document attribute (available: "
                                f"{', '.join(map(str, attrs.columns)) or 'none'}; and doc_id, speaker, role)",
                                hint="filter on one of the available names")
        mask &= column.isin(values).to_numpy()
    return mask


def segments(
    source: Any,
    *,
    code: str | Sequence[str] | None = None,
    coder: str | Sequence[str] | None = None,
    source_kind: str | Sequence[str] | None = None,
    where: Mapping[str, Any] | None = None,
    context: str | int = "sentence",
    corpus: Any = None,
    codebook: Any = None,
    descendants: bool = True,
) -> pd.DataFrame:
    """The coded segments, with speaker, context, attributes and exact offsets.

    Parameters
    ----------
    source
        A :class:`~researchkit.Project`, or a codings table (then ``corpus=`` is needed).
    code
        A code id or a list; with ``descendants=True`` (default) sub-codes count too.
        ``None``: every coding.
    coder, source_kind
        Keep codings of these coders / of these sources (``manual``, ``rules``, ...).
    where
        Attribute filters: ``{"port": "Harlingen"}``, ``{"group": ["visser", "douane"]}``;
        ``speaker`` and ``role`` filter on the turn the passage starts in.
    context
        ``"sentence"`` (default), ``"turn"``, ``"paragraph"``, ``"document"``: the units
        the passage overlaps, from the first to the last; or a number of words on each side.
    corpus, codebook
        Needed with a codings table (the codebook only for sub-codes); a Project gives its own.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, start, end, code, coder, source, text, speaker, role, turn, context,
        context_start, context_end`` (plus ``id``/``memo`` when the codings have them),
        then the document attributes; one row per coding, in corpus and text order.
        ``text == corpus[doc_id].text[start:end]`` and
        ``context == corpus[doc_id].text[context_start:context_end]``.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "Ja. De kade is open. Klaar.", attributes={"port": "Harlingen"})])
    >>> c = pd.DataFrame({"doc_id": ["R1"], "start": [7], "end": [11], "code": ["GEL.1"], "coder": ["anna"], "source": ["manual"]})
    >>> segments(c, corpus=corpus, code="GEL", where={"port": "Harlingen"})[["code", "text", "context", "port"]]
        code  text           context       port
    0  GEL.1  kade  De kade is open.  Harlingen
    """
    codings, corpus, codebook = resolve(source, corpus=corpus, codebook=codebook, coder=coder, source_kind=source_kind)
    data = QueryData(codings, corpus, codebook=codebook)
    c = data.codings
    mask = np.ones(len(c), bool)
    if code is not None:
        mask = np.zeros(len(c), bool)
        for one in as_list(code):
            mask |= data.code_rows(one) if descendants else (c["code"] == one).to_numpy()
    rows = np.flatnonzero(mask)
    spans = Spans(c["_doc"].to_numpy()[rows], c["start"].to_numpy()[rows], c["end"].to_numpy()[rows], rows)
    frame = describe(data, spans, context=context)
    picked = c.iloc[rows[frame.attrs["order"]]].reset_index(drop=True)
    for col in ("code", "coder", "source"):
        frame.insert(frame.columns.get_loc("text"), col, picked[col].astype(object).to_numpy())
    for col in ("id", "memo"):
        if col in picked.columns:
            frame[col] = picked[col].to_numpy()
    frame = frame[_where_mask(frame, data, where)]
    frame = frame.sort_values(["doc_id", "start", "end", "code", "coder"], key=lambda s: s.map(data.doc_index) if s.name == "doc_id" else s,
                              kind="mergesort")
    frame.attrs = {}
    return frame.reset_index(drop=True)


def _codes_in(data: QueryData, passages: Spans, node: Query) -> tuple[list[str], np.ndarray]:
    """The query's codes coded in each passage, and how many of its codings overlap it."""
    rows = np.zeros(len(data.codings), bool)
    for code_id in node.codes():
        rows |= data.code_rows(code_id)
    c = data.codings
    if len(passages):
        rows &= np.isin(c["_doc"].to_numpy(), np.unique(passages.doc))
    sel = np.flatnonzero(rows)
    cd, cs, ce = c["_doc"].to_numpy()[sel], c["start"].to_numpy()[sel], c["end"].to_numpy()[sel]
    if len(passages) == 0 or len(sel) == 0:
        return [""] * len(passages), np.zeros(len(passages), np.int64)
    ps = passages.key_start()
    width = int((passages.end - passages.start).max())
    lo = np.searchsorted(ps, cd * S.SHIFT + cs - width, side="left")
    hi = np.searchsorted(ps, cd * S.SHIFT + ce, side="left")
    ic, ip = S.expand_ranges(lo, hi)
    ok = (passages.doc[ip] == cd[ic]) & (passages.start[ip] < ce[ic]) & (passages.end[ip] > cs[ic])
    ic, ip = ic[ok], ip[ok]
    counts = np.bincount(ip, minlength=len(passages)).astype(np.int64)
    found: list[set[str]] = [set() for _ in range(len(passages))]
    for p, code in zip(ip.tolist(), c["code"].to_numpy()[sel][ic].tolist()):
        found[p].add(code)
    return [", ".join(sorted(f)) for f in found], counts


def run_query(data: QueryData, expr: str | Query, *, where: Mapping[str, Any] | None = None,
              context: str | int = "sentence") -> pd.DataFrame:
    """:func:`query` on prepared :class:`QueryData` (for many queries over the same data)."""
    node = parse(expr)
    docs = _where_docs(data, where)
    result = evaluate(node, data, docs)
    if isinstance(node, Code):  # a bare code: one passage per distinct span
        result = Spans(result.doc, result.start, result.end)
    result = result.unique()
    frame = describe(data, result, context=context)
    codes, counts = _codes_in(data, result.take(frame.attrs["order"]), node)
    frame.insert(frame.columns.get_loc("text") + 1, "codes", codes)
    frame.insert(frame.columns.get_loc("codes") + 1, "n_codings", counts)
    frame = frame[_where_mask(frame, data, where)].reset_index(drop=True)
    frame.insert(0, "query", str(node))
    frame.attrs = {}
    return frame


def query(
    source: Any,
    expr: str | Query,
    *,
    coder: str | Sequence[str] | None = None,
    source_kind: str | Sequence[str] | None = None,
    where: Mapping[str, Any] | None = None,
    context: str | int = "sentence",
    corpus: Any = None,
    codebook: Any = None,
    units_tables: Mapping[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Run a code query and return its passages.

    Parameters
    ----------
    source
        A Project, or a codings table with ``corpus=``.
    expr
        The query, as text in the query language or built with the combinators
        (see :mod:`researchkit.query.language`; semantics in :mod:`researchkit.query.engine`).
    coder, source_kind
        Use only these coders' / sources' codings (per code: ``SAM[coder=anna]``).
    where
        Attribute filters on the passages, as for :func:`segments`.
    context
        As for :func:`segments`.
    units_tables
        Precomputed ``researchkit.units.units`` tables by kind, to skip sentence splitting.

    Returns
    -------
    pandas.DataFrame
        ``query, doc_id, start, end, text, codes`` (the query's codes coded in the
        passage), ``n_codings, speaker, role, turn, context, context_start,
        context_end`` and the document attributes; one row per passage, in corpus and
        text order.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript, Turn
    >>> t = Transcript("R1", "I: En de haven?\\nR: We werken samen. De douane belt.",
    ...                turns=(Turn("I", "interviewer", 3, 15), Turn("R", "respondent", 19, 51)))
    >>> c = pd.DataFrame({"doc_id": ["R1", "R1"], "start": [19, 37], "end": [36, 51], "code": ["SAM", "ACT.DOU"]})
    >>> query(c, "SAM AND ACT WITHIN turn", corpus=Corpus([t]))[["doc_id", "text", "codes", "speaker"]]
      doc_id                                text          codes speaker
    0     R1  We werken samen. De douane belt.  ACT.DOU, SAM       R
    """
    codings, corpus, codebook = resolve(source, corpus=corpus, codebook=codebook, coder=coder, source_kind=source_kind)
    data = QueryData(codings, corpus, codebook=codebook, units_tables=units_tables)
    return run_query(data, expr, where=where, context=context)

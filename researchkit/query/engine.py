"""Evaluating a query on the codings table and the corpus: what each operator returns.

* ``CODE`` — every coding of the code or a sub-code (after the coder/source filters),
  each its own passage.
* ``@name = value`` — the whole text of the documents whose attribute matches; for
  ``@role`` and ``@speaker`` the content of the matching turns.
* ``A AND B``, ``A OR B``, ``NOT A`` (outside ``WITHIN``) — text algebra on characters:
  the text coded with both, with either, and every character of the document not in
  ``A``. ``A AND NOT B`` is the text of ``A`` outside ``B``. Results are maximal runs.
* ``A NEAR n B`` — each pair of an ``A`` passage and a ``B`` passage in one document with
  at most ``n`` words between them (overlap counts as 0), in either order; the
  passage runs from the first start to the last end. ``A FOLLOWED BY n B``: the same,
  with ``B`` starting at or after the end of ``A``.
* ``expr WITHIN unit`` — the expression is decided per unit (sentence, turn, paragraph,
  document): an operand holds in a unit when one of its passages overlaps it, and
  ``AND``/``OR``/``NOT`` combine those truths. ``SAM.3 AND INFO.WV WITHIN turn`` gives
  the turns in which both codes occur; ``NOT`` then means "the unit has none".

Words are runs of letters and digits in the turns' content (speaker labels are not
words of the conversation); ``n`` counts the words that start between the two passages. Every result is a set of ``(doc_id, start, end)`` spans into the
canonical text.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any, Mapping

import numpy as np
import pandas as pd

from researchkit.analysis._common import MISSING, branch_mask, check_codings
from researchkit.errors import AnalysisError, QueryError
from researchkit.query import spans as S
from researchkit.query.language import And, Attr, Code, FollowedBy, Near, Not, Or, Query, Within
from researchkit.query.spans import Spans

__all__ = ["QueryData", "evaluate", "WORD_RE"]

#: A word for NEAR / FOLLOWED BY distances and for word-based context.
WORD_RE = re.compile(r"\w+(?:['’-]\w+)*")


class QueryData:
    """Codings, texts and units, indexed once for many queries.

    Parameters
    ----------
    codings, corpus
        The codings table and its corpus.
    codebook
        Decides what a code's sub-codes are (else dotted ids do).
    units_tables
        Precomputed unit tables by kind (``{"sentence": units(corpus, "sentence")}``).

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "een twee drie vier")])
    >>> codings = pd.DataFrame({"doc_id": ["R1", "R1"], "start": [0, 14], "end": [3, 18], "code": ["A", "B"]})
    >>> data = QueryData(codings, corpus)
    >>> evaluate(Near(Code("A"), Code("B"), 2), data).tuples()
    [(0, 0, 18)]
    >>> evaluate(Near(Code("A"), Code("B"), 1), data).tuples()
    []
    """

    def __init__(self, codings: pd.DataFrame, corpus: Any, *, codebook: Any = None,
                 units_tables: Mapping[str, pd.DataFrame] | None = None) -> None:
        frame = check_codings(codings, corpus)
        for col in ("coder", "source"):
            if col not in frame.columns:
                frame[col] = ""
        self.corpus = corpus
        self.codebook = codebook
        self.doc_ids = list(corpus.doc_ids)
        self.doc_index = {d: i for i, d in enumerate(self.doc_ids)}
        self.texts = corpus.texts()
        self.lengths = np.array([len(self.texts[d]) for d in self.doc_ids], dtype=np.int64)
        frame["_doc"] = frame["doc_id"].map(self.doc_index).to_numpy(dtype=np.int64)
        self.codings = frame
        self._units_given = dict(units_tables or {})
        self._unit_cache: dict[str, Spans] = {}
        self._code_cache: dict[str, np.ndarray] = {}

    # ------------------------------------------------------------------ atoms

    def code_rows(self, code: str) -> np.ndarray:
        """Boolean mask of the codings of ``code`` and its sub-codes (``RK512`` if it is unknown)."""
        if code not in self._code_cache:
            mask = branch_mask(self.codings["code"], code, self.codebook).to_numpy(dtype=bool)
            if not mask.any() and not self._known(code):
                shown = ", ".join(sorted(self.codings["code"].unique().tolist())[:15])
                raise QueryError("RK512", f"code {code!r} is in neither the codings nor the codebook",
                                 hint=f"check the code id (codes in the codings: {shown or 'none'})")
            self._code_cache[code] = mask
        return self._code_cache[code]

    def _known(self, code: str) -> bool:
        if self.codebook is not None and code in self.codebook:
            return True
        return bool(self.codings["code"].str.startswith(code + ".").any())

    def code_spans(self, node: Code) -> Spans:
        mask = self.code_rows(node.code)
        if node.coders:
            mask = mask & self.codings["coder"].isin(node.coders).to_numpy()
        if node.sources:
            mask = mask & self.codings["source"].isin(node.sources).to_numpy()
        rows = np.flatnonzero(mask)
        c = self.codings
        return Spans(c["_doc"].to_numpy()[rows], c["start"].to_numpy()[rows], c["end"].to_numpy()[rows], rows)

    def attr_spans(self, node: Attr) -> Spans:
        wanted = set(node.values)
        if node.name in ("role", "speaker"):
            turns = self.turns
            hit = turns[node.name].astype(str).isin(wanted).to_numpy()
            if node.negate:
                hit = ~hit
            t = turns[hit]
            return S.merge(Spans(t["_doc"].to_numpy(np.int64), t["start"].to_numpy(np.int64), t["end"].to_numpy(np.int64)))
        attrs = self.corpus.attributes
        if node.name not in attrs.columns and node.name != "doc_id":
            raise AnalysisError("RK501", f"@{node.name}: not a document attribute (available: "
                                f"{', '.join(map(str, attrs.columns)) or 'none'}; and doc_id, role, speaker)",
                                hint="use one of the available attribute names")
        if node.name == "doc_id":
            values = pd.Series(self.doc_ids, index=self.doc_ids)
        else:
            values = attrs[node.name].reindex(self.doc_ids)
            values = values.where(values.notna(), MISSING).astype(str)
        hit = values.isin(wanted).to_numpy()
        if node.negate:
            hit = ~hit
        docs = np.flatnonzero(hit).astype(np.int64)
        return Spans(docs, np.zeros(len(docs), np.int64), self.lengths[docs])

    @cached_property
    def turns(self) -> pd.DataFrame:
        from researchkit.units import units

        t = units(self.corpus, "turn")
        return t.assign(_doc=t["doc_id"].map(self.doc_index).astype(np.int64))

    # ------------------------------------------------------------------ units and words

    def units(self, kind: str) -> Spans:
        """Sorted unit spans of ``kind`` (sentence, turn, paragraph, document)."""
        if kind not in self._unit_cache:
            if kind == "document":
                docs = np.arange(len(self.doc_ids), dtype=np.int64)
                spans = Spans(docs, np.zeros(len(docs), np.int64), self.lengths.copy())
            else:
                if kind == "turn" and kind not in self._units_given:
                    table = self.turns
                else:
                    from researchkit.units import units

                    table = self._units_given.get(kind)
                    table = units(self.corpus, kind) if table is None else table
                    table = table.assign(_doc=table["doc_id"].map(self.doc_index).astype(np.int64))
                spans = Spans(table["_doc"].to_numpy(np.int64), table["start"].to_numpy(np.int64), table["end"].to_numpy(np.int64)).sorted()
            self._unit_cache[kind] = spans
        return self._unit_cache[kind]

    @cached_property
    def _words(self) -> tuple[np.ndarray, np.ndarray]:
        from researchkit.units import content_turns

        starts, ends = [], []
        for i, doc_id in enumerate(self.doc_ids):
            text = self.texts[doc_id]
            found = [(m.start(), m.end()) for turn in content_turns(self.corpus[doc_id])
                     for m in WORD_RE.finditer(text, turn.start, turn.end)]
            pos = np.array(found, dtype=np.int64).reshape(-1, 2)
            starts.append(np.int64(i) * S.SHIFT + pos[:, 0])
            ends.append(np.int64(i) * S.SHIFT + pos[:, 1])
        if not starts:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        return np.concatenate(starts), np.concatenate(ends)

    @property
    def word_keys(self) -> np.ndarray:
        """Sorted keys of every word start in the corpus."""
        return self._words[0]

    @property
    def word_end_keys(self) -> np.ndarray:
        """Keys of every word end, parallel to :attr:`word_keys`."""
        return self._words[1]

    def word_index(self, doc: np.ndarray, offset: np.ndarray) -> np.ndarray:
        """Number of word starts before each ``(doc, offset)`` (a global word position)."""
        return np.searchsorted(self.word_keys, doc * S.SHIFT + offset, side="left")


def _pairs(node: Near | FollowedBy, data: QueryData) -> Spans:
    """NEAR / FOLLOWED BY: pairs of passages at most ``distance`` words apart, as spans."""
    a, b = evaluate(node.left, data), evaluate(node.right, data)
    if len(a) == 0 or len(b) == 0:
        return Spans.empty()
    n = node.distance
    a_ws, a_we = data.word_index(a.doc, a.start), data.word_index(a.doc, a.end)
    order = np.argsort(data.word_index(b.doc, b.start), kind="stable")
    b = b.take(order)
    b_ws, b_we = data.word_index(b.doc, b.start), data.word_index(b.doc, b.end)
    ia_parts, ib_parts = [], []
    # b starts at or after a's start, at most n words after a's end
    lo = np.searchsorted(b_ws, a_ws, side="left")
    hi = np.searchsorted(b_ws, a_we + n, side="right")
    ia, ib = S.expand_ranges(lo, hi)
    ok = (a.doc[ia] == b.doc[ib]) & (b.start[ib] >= a.start[ia])
    if isinstance(node, FollowedBy):
        ok &= b.start[ib] >= a.end[ia]
    ia_parts.append(ia[ok])
    ib_parts.append(ib[ok])
    if isinstance(node, Near):  # a starts after b's start, at most n words after b's end
        order_a = np.argsort(a_ws, kind="stable")
        lo = np.searchsorted(a_ws[order_a], b_ws, side="left")
        hi = np.searchsorted(a_ws[order_a], b_we + n, side="right")
        jb, ja = S.expand_ranges(lo, hi)
        ja = order_a[ja]
        ok = (a.doc[ja] == b.doc[jb]) & (a.start[ja] > b.start[jb])
        ia_parts.append(ja[ok])
        ib_parts.append(jb[ok])
    ia, ib = np.concatenate(ia_parts), np.concatenate(ib_parts)
    return Spans(a.doc[ia], np.minimum(a.start[ia], b.start[ib]), np.maximum(a.end[ia], b.end[ib])).unique()


def _truth(node: Query, data: QueryData, units: Spans) -> np.ndarray:
    """Per unit: does ``node`` hold in it? (the semantics inside ``WITHIN``)."""
    if isinstance(node, And):
        return _truth(node.left, data, units) & _truth(node.right, data, units)
    if isinstance(node, Or):
        return _truth(node.left, data, units) | _truth(node.right, data, units)
    if isinstance(node, Not):
        return ~_truth(node.expr, data, units)
    return S.overlapping(units, evaluate(node, data))


def evaluate(node: Query, data: QueryData) -> Spans:
    """The spans a query node stands for (see the module docstring).

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "aaaa bbbb cccc")])
    >>> codings = pd.DataFrame({"doc_id": ["R1", "R1"], "start": [0, 5], "end": [9, 14], "code": ["A", "B"]})
    >>> data = QueryData(codings, corpus)
    >>> evaluate(And(Code("A"), Code("B")), data).tuples(), evaluate(And(Code("A"), Not(Code("B"))), data).tuples()
    ([(0, 5, 9)], [(0, 0, 5)])
    """
    if isinstance(node, Code):
        return data.code_spans(node)
    if isinstance(node, Attr):
        return data.attr_spans(node)
    if isinstance(node, And):
        left, right = node.left, node.right
        if isinstance(right, Not):  # A AND NOT B: difference, without building the complement of B twice
            return S.difference(S.merge(evaluate(left, data)), S.merge(evaluate(right.expr, data)), data.lengths)
        return S.intersect(S.merge(evaluate(left, data)), S.merge(evaluate(right, data)))
    if isinstance(node, Or):
        return S.union(evaluate(node.left, data), evaluate(node.right, data))
    if isinstance(node, Not):
        return S.complement(S.merge(evaluate(node.expr, data)), data.lengths)
    if isinstance(node, (Near, FollowedBy)):
        return _pairs(node, data)
    if isinstance(node, Within):
        units = data.units(node.unit)
        return units.take(np.flatnonzero(_truth(node.expr, data, units)))
    raise QueryError("RK511", f"not a query node: {node!r}", hint="build queries with parse(...) or the combinators")

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

from researchkit.analysis._common import MISSING, check_codings, in_branch
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
        frame["_doc"] = pd.Index(self.doc_ids).get_indexer(frame["doc_id"]).astype(np.int64)
        self.codings = frame
        self._units_given = dict(units_tables or {})
        self._unit_cache: dict[str, Any] = {}
        self._code_cache: dict[str, np.ndarray] = {}
        self._word_cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._turn_cache: dict[int, tuple[np.ndarray, ...]] = {}

    # ------------------------------------------------------------------ atoms

    def code_rows(self, code: str) -> np.ndarray:
        """Boolean mask of the codings of ``code`` and its sub-codes (``RK512`` if it is unknown)."""
        if code not in self._code_cache:
            factor, uniques = self._code_factor
            inside = np.array([in_branch(str(u), code, self.codebook) for u in uniques] + [False], dtype=bool)
            mask = inside[factor]
            if not mask.any() and not self._known(code):
                shown = ", ".join(sorted(map(str, uniques))[:15])
                raise QueryError("RK512", f"code {code!r} is in neither the codings nor the codebook",
                                 hint=f"check the code id (codes in the codings: {shown or 'none'})")
            self._code_cache[code] = mask
        return self._code_cache[code]

    @cached_property
    def _code_factor(self) -> tuple[np.ndarray, pd.Index]:
        factor, uniques = pd.factorize(self.codings["code"])
        return factor, uniques

    def _known(self, code: str) -> bool:
        return self.codebook is not None and code in self.codebook

    def code_spans(self, node: Code) -> Spans:
        mask = self.code_rows(node.code)
        if node.coders:
            mask = mask & self.codings["coder"].isin(node.coders).to_numpy()
        if node.sources:
            mask = mask & self.codings["source"].isin(node.sources).to_numpy()
        rows = np.flatnonzero(mask)
        c = self.codings
        return Spans(c["_doc"].to_numpy()[rows], c["start"].to_numpy()[rows], c["end"].to_numpy()[rows], rows)

    def doc_mask(self, node: Attr) -> np.ndarray:
        """Boolean mask over documents: does the document attribute match?"""
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
        hit = values.isin(set(node.values)).to_numpy()
        return ~hit if node.negate else hit

    def attr_spans(self, node: Attr) -> Spans:
        if node.name in ("role", "speaker"):
            turns = self.turn_table()
            hit = turns[node.name].astype(str).isin(set(node.values)).to_numpy()
            if node.negate:
                hit = ~hit
            t = turns[hit]
            return S.merge(Spans(t["_doc"].to_numpy(np.int64), t["start"].to_numpy(np.int64), t["end"].to_numpy(np.int64)))
        docs = np.flatnonzero(self.doc_mask(node)).astype(np.int64)
        return Spans(docs, np.zeros(len(docs), np.int64), self.lengths[docs])

    def _doc_turns(self, doc: int) -> tuple[np.ndarray, ...]:
        """``(turn, start, end, speaker, role)`` arrays of one document's turns (content, trimmed)."""
        if doc not in self._turn_cache:
            from researchkit.units import content_turns, trim_span

            transcript = self.corpus[self.doc_ids[doc]]
            text = transcript.text
            rows = []
            for k, turn in enumerate(content_turns(transcript)):
                s, e = turn.start, turn.end
                if s < e and (text[s].isspace() or text[e - 1].isspace()):
                    s, e = trim_span(text, s, e)
                if s < e:
                    rows.append((k, s, e, turn.speaker, turn.role))
            cols = list(zip(*rows)) if rows else [(), (), (), (), ()]
            self._turn_cache[doc] = (np.asarray(cols[0], np.int64), np.asarray(cols[1], np.int64), np.asarray(cols[2], np.int64),
                                     np.asarray(cols[3], dtype=object), np.asarray(cols[4], dtype=object))
        return self._turn_cache[doc]

    def turn_table(self, docs: np.ndarray | None = None) -> pd.DataFrame:
        """Turn content spans (trimmed) of the documents in the boolean mask ``docs`` (all: ``None``):
        ``doc_id, _doc, turn, speaker, role, start, end``, in document and text order."""
        wanted = range(len(self.doc_ids)) if docs is None else np.flatnonzero(docs).tolist()
        parts = [self._doc_turns(d) for d in wanted]
        if not parts:
            parts = [(np.empty(0, np.int64),) * 3 + (np.empty(0, object),) * 2]
            wanted = []
        owner = np.repeat(np.asarray(list(wanted), dtype=np.int64), [len(p[0]) for p in parts]) if wanted else np.empty(0, np.int64)
        return pd.DataFrame({
            "doc_id": np.asarray(self.doc_ids, dtype=object)[owner], "_doc": owner,
            "turn": np.concatenate([p[0] for p in parts]), "speaker": np.concatenate([p[3] for p in parts]),
            "role": np.concatenate([p[4] for p in parts]),
            "start": np.concatenate([p[1] for p in parts]), "end": np.concatenate([p[2] for p in parts]),
        })

    # ------------------------------------------------------------------ units and words

    def units(self, kind: str, docs: np.ndarray | None = None) -> Spans:
        """Sorted unit spans of ``kind`` (sentence, turn, paragraph, document), of the documents in ``docs``."""
        if kind == "turn" and kind not in self._units_given:
            t = self.turn_table(docs)
            return Spans(t["_doc"].to_numpy(), t["start"].to_numpy(), t["end"].to_numpy())
        if kind == "document":
            all_docs = np.arange(len(self.doc_ids), dtype=np.int64)
            spans = Spans(all_docs, np.zeros(len(all_docs), np.int64), self.lengths.copy())
            return spans if docs is None else spans.take(np.flatnonzero(docs[spans.doc]))
        given = self._units_given.get(kind)
        if given is not None:
            if kind not in self._unit_cache:
                table = given.assign(_doc=pd.Index(self.doc_ids).get_indexer(given["doc_id"]).astype(np.int64))
                table = table[table["_doc"] >= 0]
                self._unit_cache[kind] = Spans(table["_doc"].to_numpy(np.int64), table["start"].to_numpy(np.int64),
                                               table["end"].to_numpy(np.int64)).sorted()
            spans = self._unit_cache[kind]
            return spans if docs is None else spans.take(np.flatnonzero(docs[spans.doc]))
        # sentences and paragraphs: split only the documents asked for, once each
        wanted = range(len(self.doc_ids)) if docs is None else np.flatnonzero(docs).tolist()
        cache = self._unit_cache.setdefault(kind, {})
        missing = [d for d in wanted if d not in cache]
        if missing:
            from researchkit.units import units

            table = units(self.corpus.__class__([self.corpus[self.doc_ids[d]] for d in missing]), kind)
            table = table.assign(_doc=pd.Index(self.doc_ids).get_indexer(table["doc_id"]).astype(np.int64))
            for d in missing:
                cache[d] = (np.empty(0, np.int64), np.empty(0, np.int64))
            for d, group in table.groupby("_doc", sort=False):
                cache[int(d)] = (group["start"].to_numpy(np.int64), group["end"].to_numpy(np.int64))
        parts = [(d, cache[d]) for d in wanted]
        spans = Spans(np.repeat(np.asarray([d for d, _ in parts], dtype=np.int64), [len(p[0]) for _, p in parts]) if parts else np.empty(0, np.int64),
                      np.concatenate([p[0] for _, p in parts]) if parts else np.empty(0, np.int64),
                      np.concatenate([p[1] for _, p in parts]) if parts else np.empty(0, np.int64))
        return spans.sorted()


    def words(self, docs: np.ndarray) -> "Words":
        """The words of these documents (integer codes) in their turns' content, as one index.

        Vectorised over the characters of all the documents at once (see :func:`word_bounds`).
        """
        wanted = [d for d in np.unique(np.asarray(docs, dtype=np.int64)).tolist() if d not in self._word_cache]
        if wanted:
            texts = [self.texts[self.doc_ids[d]] for d in wanted]
            starts, ends = word_bounds("\n".join(texts))
            offsets = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]]).astype(np.int64)
            owner = np.searchsorted(offsets, starts, side="right") - 1
            local_s, local_e = starts - offsets[owner], ends - offsets[owner]
            turns = self.turn_table(np.isin(np.arange(len(self.doc_ids)), wanted))
            t_start = turns["_doc"].to_numpy() * S.SHIFT + turns["start"].to_numpy()
            t_end = turns["_doc"].to_numpy() * S.SHIFT + turns["end"].to_numpy()
            doc_of = np.asarray(wanted, dtype=np.int64)[owner]
            key_s, key_e = doc_of * S.SHIFT + local_s, doc_of * S.SHIFT + local_e
            k = np.searchsorted(t_start, key_s, side="right") - 1  # words of the turns' content only
            keep = (k >= 0) & (key_s < t_end[np.maximum(k, 0)]) if len(t_start) else np.zeros(len(key_s), bool)
            key_s, key_e, doc_of = key_s[keep], key_e[keep], doc_of[keep]
            bounds = np.searchsorted(doc_of, np.asarray(wanted, dtype=np.int64), side="left").tolist() + [len(doc_of)]
            for i, d in enumerate(wanted):
                self._word_cache[d] = (key_s[bounds[i]:bounds[i + 1]], key_e[bounds[i]:bounds[i + 1]])
        parts = [self._word_cache[d] for d in np.unique(np.asarray(docs, dtype=np.int64)).tolist()]
        if not parts:
            return Words(np.empty(0, np.int64), np.empty(0, np.int64))
        return Words(np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]))


def word_bounds(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of the words of ``text``, as :data:`WORD_RE` finds them, vectorised.

    A word is a run of word characters, where an apostrophe or hyphen between two word
    characters joins them ("'s-Hertogenbosch" gives "s-Hertogenbosch").

    Examples
    --------
    >>> text = "Zo'n kotter, 's nachts -- 24/7!"
    >>> starts, ends = word_bounds(text)
    >>> [text[a:b] for a, b in zip(starts, ends)]
    ["Zo'n", 'kotter', 's', 'nachts', '24', '7']
    >>> [text[a:b] for a, b in zip(starts, ends)] == WORD_RE.findall(text)
    True
    """
    if not text:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    seen = np.zeros(0x110000, dtype=bool)
    seen[cps] = True
    table = np.zeros(0x110000, dtype=bool)
    distinct = np.flatnonzero(seen)  # classify each distinct character once
    table[distinct] = [chr(c).isalnum() or c == 95 for c in distinct.tolist()]
    word = table[cps]
    joiner = np.isin(cps, [ord("'"), ord("’"), ord("-")])
    inner = np.zeros(len(cps), bool)
    inner[1:-1] = joiner[1:-1] & word[:-2] & word[2:]
    inside = word | inner
    edges = np.diff(np.concatenate([[0], inside.astype(np.int8), [0]]))
    return np.flatnonzero(edges == 1).astype(np.int64), np.flatnonzero(edges == -1).astype(np.int64)


class Words:
    """Sorted word start and end keys of some documents; positions count words."""

    def __init__(self, starts: np.ndarray, ends: np.ndarray) -> None:
        self.starts = starts
        self.ends = ends

    def index(self, doc: np.ndarray, offset: np.ndarray) -> np.ndarray:
        """Number of word starts before each ``(doc, offset)`` (differences count words between)."""
        return np.searchsorted(self.starts, doc * S.SHIFT + offset, side="left")


def _pairs(node: Near | FollowedBy, data: QueryData, docs: np.ndarray | None) -> Spans:
    """NEAR / FOLLOWED BY: pairs of passages at most ``distance`` words apart, as spans."""
    a, b = evaluate(node.left, data, docs), evaluate(node.right, data, docs)
    if len(a) == 0 or len(b) == 0:
        return Spans.empty()
    both = np.intersect1d(a.doc, b.doc)  # words are needed only where both sides occur
    a, b = a.take(np.flatnonzero(np.isin(a.doc, both))), b.take(np.flatnonzero(np.isin(b.doc, both)))
    words = data.words(both)
    n = node.distance
    a_ws, a_we = words.index(a.doc, a.start), words.index(a.doc, a.end)
    b = b.take(np.argsort(words.index(b.doc, b.start), kind="stable"))
    b_ws, b_we = words.index(b.doc, b.start), words.index(b.doc, b.end)
    # b starts at or after a's start, at most n words after a's end
    lo = np.searchsorted(b_ws, a_ws, side="left")
    hi = np.searchsorted(b_ws, a_we + n, side="right")
    ia, ib = S.expand_ranges(lo, hi)
    ok = (a.doc[ia] == b.doc[ib]) & (b.start[ib] >= a.start[ia])
    if isinstance(node, FollowedBy):
        ok &= b.start[ib] >= a.end[ia]
    ia_parts, ib_parts = [ia[ok]], [ib[ok]]
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


def _truth(node: Query, data: QueryData, units: Spans, docs: np.ndarray | None) -> np.ndarray:
    """Per unit: does ``node`` hold in it? (the semantics inside ``WITHIN``)."""
    if isinstance(node, And):
        return _truth(node.left, data, units, docs) & _truth(node.right, data, units, docs)
    if isinstance(node, Or):
        return _truth(node.left, data, units, docs) | _truth(node.right, data, units, docs)
    if isinstance(node, Not):
        return ~_truth(node.expr, data, units, docs)
    return S.overlapping(units, evaluate(node, data, docs))


def _restrict(spans: Spans, docs: np.ndarray | None) -> Spans:
    return spans if docs is None else spans.take(np.flatnonzero(docs[spans.doc]))


def _document_filter(node: Query) -> bool:
    """Is ``node`` an attribute of whole documents (so it can filter documents up front)?"""
    return isinstance(node, Attr) and node.name not in ("role", "speaker")


def evaluate(node: Query, data: QueryData, docs: np.ndarray | None = None) -> Spans:
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
        return _restrict(data.code_spans(node), docs)
    if isinstance(node, Attr):
        return _restrict(data.attr_spans(node), docs)
    if isinstance(node, And):
        left, right = node.left, node.right
        for attribute, other in ((right, left), (left, right)):
            if _document_filter(attribute):  # X AND @port = ...: evaluate X on those documents only
                mask = data.doc_mask(attribute)
                return S.merge(evaluate(other, data, mask if docs is None else mask & docs))
        if isinstance(right, Not):  # A AND NOT B: a difference, no complement of B needed
            a = S.merge(evaluate(left, data, docs))
            return S.difference(a, S.merge(evaluate(right.expr, data, docs)), data.lengths)
        return S.intersect(S.merge(evaluate(left, data, docs)), S.merge(evaluate(right, data, docs)))
    if isinstance(node, Or):
        return S.union(evaluate(node.left, data, docs), evaluate(node.right, data, docs))
    if isinstance(node, Not):
        return _restrict(S.complement(S.merge(evaluate(node.expr, data, docs)), data.lengths), docs)
    if isinstance(node, (Near, FollowedBy)):
        return _pairs(node, data, docs)
    if isinstance(node, Within):
        units = data.units(node.unit, docs)
        return units.take(np.flatnonzero(_truth(node.expr, data, units, docs)))
    raise QueryError("RK511", f"not a query node: {node!r}", hint="build queries with parse(...) or the combinators")

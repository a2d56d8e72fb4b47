"""Quotes: the passages coded with a code, with who said them, where, and around what;
and a deterministic choice of representative quotes.

A quote is a *passage* (``doc_id, start, end``): when several coders coded the same
span, it is one quote. Quotes are not pseudonymised here; pass them through
:mod:`researchkit.privacy` before they go into a report.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from researchkit.analysis._common import (
    MISSING,
    as_list,
    attribute_frame,
    check_codings,
    content_tokens,
    branch_mask,
    in_branch_each,
    map_to_units,
    respondent_ids,
    stop_words,
)
from researchkit.analysis.quote_choice import _rank_order, _select  # noqa: F401 (_rank_order: tested here)
from researchkit.analysis.quote_spans import MAX_QUOTE_CHARS, MAX_QUOTE_WORDS, whole_passages
from researchkit.errors import AnalysisError

__all__ = ["quotes", "passages", "typicality", "overlaps", "QuoteSource", "QUOTE_COLUMNS"]

QUOTE_COLUMNS = [
    "rank", "doc_id", "respondent", "code", "start", "end", "text", "speaker", "role", "turn",
    "timestamp", "position", "typicality", "context_before", "context_after",
]


def typicality(texts: Sequence[str], *, stop: Iterable[str] | None = None) -> np.ndarray:
    """How typical each passage is of the set: mean share of the *other* passages
    that contain each of its content words (0 = shares no word, 1 = every word in all).

    Leave-one-out, so a passage does not make itself typical. Passages without content
    words (or a set of one) score 0.

    Examples
    --------
    >>> typicality(["haven open nacht", "haven open", "vis"]).round(3).tolist()
    [0.333, 0.5, 0.0]
    """
    stop_set = stop_words() if stop is None else frozenset(w.lower() for w in stop)
    term_sets = [set(content_tokens(t, stop_set)) for t in texts]
    n = len(term_sets)
    if n < 2:
        return np.zeros(n)
    df: dict[str, int] = {}
    for terms in term_sets:
        for t in terms:
            df[t] = df.get(t, 0) + 1
    scores = np.zeros(n)
    for i, terms in enumerate(term_sets):
        if terms:
            scores[i] = sum(df[t] - 1 for t in terms) / (len(terms) * (n - 1))
    return scores


class QuoteSource:
    """The codings and corpus of one or more quote choices, prepared once: the checked codings,
    the texts, the documents' order, respondents and attributes, and the sentence units of each
    set of roles.

    :func:`quotes` makes one for its call; the report makes one for all its theme chapters, so
    that choosing the quotes of ten themes checks the codings, reads the attributes and filters
    the sentence units once instead of ten times. Its :meth:`quotes` is :func:`quotes` on these
    codings and corpus (and ``units_table``), with the same results.

    Parameters
    ----------
    codings, corpus
        The codings table and its corpus.
    units_table
        Sentence units of the corpus (:func:`researchkit.units.units`); ``None``: each choice
        splits the documents of its code (as :func:`quotes` does without one).

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "De kade is open."), Transcript("R2", "Iedereen kan op de kade komen.")])
    >>> codings = pd.DataFrame({"doc_id": ["R1", "R2"], "start": [0, 0], "end": [16, 30], "code": ["GEL.1", "GEL.2"]})
    >>> source = QuoteSource(codings, corpus)
    >>> [source.quotes(code=c, n=1)["text"].tolist() for c in ("GEL.1", "GEL.2")]
    [['De kade is open.'], ['Iedereen kan op de kade komen.']]
    """

    def __init__(self, codings: pd.DataFrame, corpus: Any, *, units_table: pd.DataFrame | None = None) -> None:
        self.codings, self.corpus, self.units_table = codings, corpus, units_table
        self.texts = corpus.texts()
        self.attributes = corpus.attributes  # the corpus makes a new table on every access: read once
        self.respondents = respondent_ids(corpus, attributes=self.attributes)
        self.order = {d: i for i, d in enumerate(corpus.doc_ids)}
        self._checked: pd.DataFrame | None = None
        self._spans: pd.DataFrame | None = None
        self._code_ids: tuple[np.ndarray, list[str]] | None = None
        self._sentences: dict[tuple[str, ...] | None, pd.DataFrame] = {}
        self._by: dict[tuple[str, ...], pd.DataFrame] = {}

    def checked(self) -> pd.DataFrame:
        """The codings as :func:`~researchkit.analysis._common.check_codings` returns them (checked on first use;
        callers must not change the table)."""
        if self._checked is None:
            self._checked = check_codings(self.codings, self.corpus)
        return self._checked

    def spans(self) -> pd.DataFrame:
        """``doc_id, start, end, code, human`` of the checked codings (:func:`_with_human`), made once: what
        :func:`~researchkit.analysis.quote_spans.whole_passages` reads of a theme's codings."""
        if self._spans is None:
            self._spans = _with_human(self.checked())[["doc_id", "start", "end", "code", "human"]]
        return self._spans

    def branch(self, code: str, codebook: Any) -> np.ndarray:
        """Which checked codings lie in the branch of ``code``: :func:`~researchkit.analysis._common.branch_mask`
        as an array, the codes factorised once for every branch asked."""
        if self._code_ids is None:
            ids, uniques = pd.factorize(self.checked()["code"].to_numpy(dtype=object), use_na_sentinel=False)
            self._code_ids = (ids, list(uniques))
        ids, uniques = self._code_ids
        inside = np.array(in_branch_each(uniques, code, codebook), dtype=bool)
        return inside[ids] if len(uniques) else np.zeros(len(ids), dtype=bool)

    def attribute_frame(self, by: list[str]) -> pd.DataFrame:
        """:func:`~researchkit.analysis._common.attribute_frame` of ``by`` (made once per set of columns)."""
        key = tuple(by)
        if key not in self._by:
            self._by[key] = attribute_frame(self.corpus, by, attributes=self.attributes)
        return self._by[key]

    def sentences(self, docs: set[str], roles: Sequence[str] | str | None) -> pd.DataFrame:
        """The sentence units of ``docs`` (or more) in which whole passages of the ``roles`` lie: the rows of
        those roles and those without a role."""
        if self.units_table is None:  # split here, the documents of this choice only
            from researchkit.units import units

            table = units(self.corpus.__class__([self.corpus[d] for d in self.corpus.doc_ids if d in docs]), "sentence")
            return _of_roles(table, roles)
        key = None if roles is None else tuple(as_list(roles))
        if key not in self._sentences:
            # units of other documents are left in: no coding of these documents maps to them
            wanted = [c for c in self.units_table.columns if c in ("doc_id", "start", "end", "turn", "speaker", "role")]
            self._sentences[key] = _of_roles(self.units_table[wanted], roles)
        return self._sentences[key]

    def quotes(self, *, code: str, **options: Any) -> pd.DataFrame:
        """:func:`quotes` of ``code`` on the source's codings and corpus; ``options`` as there (``units_table`` is the source's)."""
        return _choose(self, code=code, **options)


def _of_roles(table: pd.DataFrame, roles: Sequence[str] | str | None) -> pd.DataFrame:
    """The units of ``roles`` and those without a role (all when ``roles`` is ``None`` or the table has no roles)."""
    if roles is not None and "role" in table.columns:
        table = table[table["role"].isin(set(as_list(roles))) | table["role"].isna()]
    return table


def _turn_info(frame: pd.DataFrame, corpus: Any) -> pd.DataFrame:
    """Speaker, role, turn index and timestamp of the turn each passage starts in."""
    turns = corpus.turns
    out = pd.DataFrame(
        {"speaker": pd.Series([None] * len(frame), dtype=object), "role": pd.Series([None] * len(frame), dtype=object),
         "turn": pd.array([pd.NA] * len(frame), dtype="Int64"), "timestamp": np.full(len(frame), np.nan)}
    )
    if len(turns) == 0 or len(frame) == 0:
        return out
    rows, unit_ids, units_sorted = map_to_units(frame, turns)
    valid = unit_ids < len(units_sorted)
    rows, unit_ids = rows[valid], unit_ids[valid]
    first = pd.Series(unit_ids, index=rows).groupby(level=0).min()
    picked = units_sorted.iloc[first.to_numpy()]
    idx = first.index.to_numpy()
    out.loc[idx, "speaker"] = picked["speaker"].to_numpy()
    out.loc[idx, "role"] = picked["role"].to_numpy()
    out.loc[idx, "turn"] = picked["turn"].to_numpy()
    out.loc[idx, "timestamp"] = picked["timestamp"].to_numpy(dtype=float)
    return out


def _known_turns(docs: Sequence[str], corpus: Any, turn: np.ndarray, looked_up: Any) -> dict[str, np.ndarray]:
    """Speaker, role, turn and timestamp (columns as arrays) of whole passages from their sentence's turn index;
    the rows without one (codings outside every sentence) from ``looked_up`` (a callable giving
    :func:`_turn_info`, called only when there are such rows)."""
    have = ~pd.isna(turn)
    turns = [corpus[d].turns[int(t)] if ok else None for d, t, ok in zip(docs, turn, have)]
    out = {
        "speaker": np.array([t.speaker if t is not None else None for t in turns], dtype=object),
        "role": np.array([t.role if t is not None else None for t in turns], dtype=object),
        "turn": pd.array([int(x) if ok else pd.NA for x, ok in zip(turn, have)], dtype="Int64"),
        "timestamp": np.array([t.timestamp if t is not None and t.timestamp is not None else np.nan for t in turns], dtype=float),
    }
    if not have.all():
        table = pd.DataFrame({"speaker": pd.Series(out["speaker"], dtype=object), "role": pd.Series(out["role"], dtype=object),
                              "turn": out["turn"], "timestamp": out["timestamp"]})
        info = looked_up()
        rows = np.flatnonzero(~have)
        for col in table.columns:
            table.loc[rows, col] = info[col].to_numpy()[rows]
        return {col: table[col].to_numpy() for col in table.columns}
    out["turn"] = out["turn"].to_numpy()
    return out


def _context(frame: pd.DataFrame, corpus: Any, context: str | int) -> tuple[list[str], list[str]]:
    texts = corpus.texts()
    before: list[str] = []
    after: list[str] = []
    if isinstance(context, (int, np.integer)) and not isinstance(context, bool):
        if context < 0:
            raise AnalysisError("RK504", f"context={context!r} must be >= 0 characters or 'sentence'", hint="e.g. context=200")
        for d, s, e in zip(frame["doc_id"], frame["start"], frame["end"]):
            text = texts[d]
            before.append(text[max(0, s - context) : s].strip())
            after.append(text[e : e + context].strip())
        return before, after
    if context != "sentence":
        raise AnalysisError("RK504", f"context={context!r} is not 'sentence' or a number of characters", hint="use context='sentence' or context=200")
    from researchkit.units import units

    sents = units(corpus.__class__([corpus[d] for d in dict.fromkeys(frame["doc_id"])]), "sentence")
    # per document: the last sentence ending at or before the passage, the first starting at or after its end
    before, after = [""] * len(frame), [""] * len(frame)
    by_doc = {d: g for d, g in sents.groupby("doc_id", sort=False)}
    positions = pd.Series(np.arange(len(frame)), index=frame.index)
    for d, rows in positions.groupby(frame["doc_id"].to_numpy(), sort=False):
        g = by_doc.get(d)
        if g is None or not len(g):
            continue
        idx = rows.to_numpy()
        ends, starts, stexts = g["end"].to_numpy(), g["start"].to_numpy(), g["text"].tolist()
        prev = np.searchsorted(ends, frame["start"].to_numpy()[idx], side="right") - 1
        nxt = np.searchsorted(starts, frame["end"].to_numpy()[idx], side="left")
        for i, a, b in zip(idx, prev, nxt):
            before[i] = stexts[a] if a >= 0 else ""
            after[i] = stexts[b] if b < len(stexts) else ""
    return before, after


def passages(
    codings: pd.DataFrame,
    corpus: Any,
    *,
    code: str,
    codebook: Any = None,
    descendants: bool = True,
    context: str | int = "sentence",
    roles: Sequence[str] | str | None = None,
) -> pd.DataFrame:
    """Every passage coded with ``code`` (and its sub-codes), with speaker, position,
    context and respondent attributes, in document and text order.

    See :func:`quotes` for the parameters and columns (``rank`` is missing here).

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "Ja. De kade is open. Klaar.")])
    >>> codings = pd.DataFrame({"doc_id": ["R1"], "start": [4], "end": [20], "code": ["GEL.1"]})
    >>> passages(codings, corpus, code="GEL")[["text", "context_before", "context_after"]]
                   text context_before context_after
    0  De kade is open.            Ja.        Klaar.
    """
    source = QuoteSource(codings, corpus)
    frame, tail = _attributes(_coded(source, code=code, codebook=codebook, descendants=descendants, roles=roles), source)
    return _details(frame, source, context=context, tail=tail)


def _coded(source: QuoteSource, *, code: str, codebook: Any, descendants: bool,
           roles: Sequence[str] | str | None) -> pd.DataFrame:
    """The coded passages of :func:`passages` as far as :func:`_core` describes them."""
    codings = source.codings
    frame = source.checked()
    if descendants:
        mask = branch_mask(frame["code"], code, codebook)
    else:
        mask = frame["code"] == code
    frame = frame[mask.astype(bool)]
    if len(frame) == 0 and code not in set(check_codings(codings)["code"]):
        known_in_cb = codebook is not None and code in {getattr(c, "id", c) for c in codebook.walk()}
        if not known_in_cb:
            raise AnalysisError(
                "RK503",
                f"code {code!r} is not in the codings" + ("" if codebook is None else " nor in the codebook"),
                hint="check the code id (codes in the codings: " + ", ".join(sorted(set(check_codings(codings)["code"]))[:15]) + ")",
            )
    frame = _with_human(frame)
    agg = {"code": lambda s: ", ".join(sorted(set(s))), "human": "max"}
    frame = frame.groupby(["doc_id", "start", "end"], sort=True, as_index=False).agg(agg)
    frame["human"] = frame["human"].astype(bool)
    return _core(frame, source, roles=roles)


def _with_human(frame: pd.DataFrame) -> pd.DataFrame:
    """A ``human`` column: a passage any person coded (a source other than rules or model) is human-coded."""
    if "source" in frame.columns:
        return frame.assign(human=~frame["source"].astype(str).isin(["rules", "model"]).to_numpy())
    return frame.assign(human=True)


def _passage_times(docs: np.ndarray, starts: np.ndarray, timestamps: np.ndarray, corpus: Any) -> np.ndarray:
    """Each passage's time: the last sync point at or before its start (``Transcript.sync_points``: a
    cue's or segment's own time inside a long turn), else its turn's timestamp (``timestamps``)."""
    times = np.array(timestamps, dtype=float, copy=True)
    for doc_id in pd.unique(docs):
        points = corpus[doc_id].sync_points
        if not points:
            continue
        rows = np.flatnonzero(docs == doc_id)
        at = np.searchsorted(np.fromiter((o for o, _ in points), dtype=np.int64, count=len(points)), starts[rows], side="right")
        ms = np.fromiter((m for _, m in points), dtype=float, count=len(points))
        found = at > 0
        times[rows[found]] = ms[at[found] - 1] / 1000
    return times


def _core(frame: pd.DataFrame, source: QuoteSource, *, roles: Sequence[str] | str | None) -> pd.DataFrame:
    """What a choice of quotes needs of the passages: text, respondent, turn, typicality (the rows
    of ``roles`` only), in document and text order; :func:`_details` adds the rest.

    The new columns are computed as arrays on the sorted rows and joined to the passages' own
    columns in one step (the columns, their order and their types as adding them one by one gives).
    """
    corpus, texts, rank_of = source.corpus, source.texts, source.order
    docs = frame["doc_id"].to_numpy(dtype=object)
    starts, ends = frame["start"].to_numpy(), frame["end"].to_numpy()
    where = np.array([rank_of.get(d, len(rank_of)) for d in docs], dtype=np.int64)  # unknown documents last
    order = np.lexsort((ends, starts, where))  # stable: as sorting by document order, start, end
    docs, starts, ends, where = docs[order], starts[order], ends[order], where[order]
    text = np.array([texts[d][s:e] for d, s, e in zip(docs, starts, ends)], dtype=object)
    if (where < len(rank_of)).all():  # the respondents are in corpus order
        respondent = source.respondents.to_numpy()[where]
    else:
        respondent = source.respondents.reindex(docs).to_numpy()
    known = frame["turn"].to_numpy(dtype=object)[order] if "turn" in frame.columns else None
    dropped = {"turn", "speaker", "role"} if known is not None else set()  # whole passages know their sentence's turn

    def looked_up() -> pd.DataFrame:
        return _turn_info(pd.DataFrame({"doc_id": docs, "start": starts, "end": ends}), corpus)

    info = looked_up() if known is None else None
    info = ({col: info[col].to_numpy() for col in info.columns} if known is None
            else _known_turns(docs.tolist(), corpus, known, looked_up))
    info["timestamp"] = _passage_times(docs, starts, info["timestamp"], corpus)
    keep = np.arange(len(order))
    if roles is not None:
        wanted = set(as_list(roles))
        role = info["role"]
        missing = pd.isna(role)
        keep = np.flatnonzero(missing | np.array([not m and r in wanted for r, m in zip(role, missing)], dtype=bool))
    # the columns as inserting, popping and setting them in turn would leave them
    names = [c for c in frame.columns if c not in dropped]
    if "text" not in names:
        names.append("text")
    names.insert(1, "respondent")
    names += [c for c in info if c not in names]
    added = {"text": text, "respondent": respondent, **info}
    kept = [c for c in frame.columns if c not in dropped and c not in added]
    rows = order[keep]
    base = frame[kept].take(rows)
    base.index = pd.RangeIndex(len(base))
    new = pd.DataFrame(added)  # the types of all passages' values, as before the choice of roles
    if len(keep) != len(new):
        new = new.take(keep)
    new.index = base.index
    out = pd.concat([base, new], axis=1)[names]
    out["typicality"] = typicality(text[keep].tolist())
    return out


#: The columns :func:`_details` adds after those of :func:`_core` (and before the attributes).
_DETAILS = ("position", "typicality", "context_before", "context_after")


def _attributes(frame: pd.DataFrame, source: QuoteSource) -> tuple[pd.DataFrame, list[str]]:
    """Every passage with the respondent attributes it has no column for yet (added after its columns, in one
    step); and their names.

    Added to all passages before a choice, so that each column's type is the one all of them give.
    """
    attrs = source.attributes
    extra = [c for c in attrs.columns if c not in frame.columns and c not in _DETAILS]
    if extra:
        joined = attrs[extra].reindex(frame["doc_id"])
        added = pd.DataFrame({col: joined[col].to_numpy() for col in extra}, index=frame.index)
        frame = pd.concat([frame, added], axis=1)
    return frame, extra


def _details(frame: pd.DataFrame, source: QuoteSource, *, context: str | int, tail: Sequence[str] = ()) -> pd.DataFrame:
    """Position and context of passages from :func:`_core`, in the columns of :func:`passages`:
    ``position, typicality, context_before, context_after``, then the columns ``tail`` (the attributes)."""
    texts = source.texts
    out = frame.drop(columns=["typicality", *tail])
    lengths = np.array([max(len(texts[d]), 1) if d in texts else np.nan for d in out["doc_id"].tolist()], dtype=float)
    before, after = _context(out, source.corpus, context)
    added = pd.DataFrame({"position": np.round(100.0 * out["start"].to_numpy(dtype=float) / lengths, 1),
                          "typicality": frame["typicality"].to_numpy(), "context_before": before, "context_after": after},
                         index=out.index)
    return pd.concat([out, added, frame[list(tail)]], axis=1)


def _whole(source: QuoteSource, *, code: str, codebook: Any, descendants: bool,
           roles: Sequence[str] | str | None, max_words: int | None, max_chars: int | None) -> pd.DataFrame:
    """Whole coded passages of ``code`` (trimmed, with their fit), as far as :func:`_core` describes them."""
    if descendants:
        mask = source.branch(code, codebook)
    else:
        mask = (source.checked()["code"] == code).to_numpy(dtype=bool)
    theme = source.spans()[mask]
    if not len(theme):  # unknown code: the same error as passages()
        return _coded(source, code=code, codebook=codebook, descendants=descendants, roles=roles)
    # a passage stays within the wanted speakers' sentences
    sentences = source.sentences(set(theme["doc_id"]), roles)
    spans = whole_passages(theme.reset_index(drop=True), sentences, source.texts, max_words=max_words, max_chars=max_chars)
    return _core(spans, source, roles=roles)


def overlaps(frame: pd.DataFrame, spans: pd.DataFrame) -> np.ndarray:
    """Which rows of ``frame`` (``doc_id, start, end``) overlap any of ``spans`` (vectorised).

    Examples
    --------
    >>> f = pd.DataFrame({"doc_id": ["R1", "R1", "R2"], "start": [0, 10, 0], "end": [9, 20, 5]})
    >>> overlaps(f, pd.DataFrame({"doc_id": ["R1"], "start": [15], "end": [30]})).tolist()
    [False, True, False]
    """
    pairs = frame[["doc_id", "start", "end"]].reset_index(drop=True).reset_index().merge(
        spans[["doc_id", "start", "end"]].astype({"start": "int64", "end": "int64"}), on="doc_id", suffixes=("", "_x"))
    hit = pairs.loc[(pairs["start"] < pairs["end_x"]) & (pairs["start_x"] < pairs["end"]), "index"]
    out = np.zeros(len(frame), dtype=bool)
    out[hit.to_numpy()] = True
    return out


def quotes(
    codings: pd.DataFrame,
    corpus: Any,
    *,
    code: str,
    n: int | None = 5,
    by: str | Sequence[str] | None = None,
    codebook: Any = None,
    descendants: bool = True,
    context: str | int = "sentence",
    roles: Sequence[str] | str | None = None,
    min_words: int = 8,
    whole: bool = False,
    max_words: int | None = MAX_QUOTE_WORDS,
    max_chars: int | None = MAX_QUOTE_CHARS,
    units_table: pd.DataFrame | None = None,
    exclude: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Representative quotes for a code, with speaker, attributes, position and context.

    Parameters
    ----------
    codings, corpus
        The codings table and its corpus.
    code
        The code; with ``descendants=True`` (default) its sub-codes count too
        (``"FEN"`` gives all phenomena).
    n
        Number of quotes to return; ``None`` returns every passage, all ranked.
    by
        Attribute column(s) to spread the choice over (e.g. ``"group"``): groups take
        turns, the least-quoted group first.
    codebook
        Decides what the sub-codes are (else dotted ids do).
    context
        ``"sentence"``: the sentence before and after the passage; or a number of
        characters on each side.
    roles
        Keep only passages spoken in turns with these roles (e.g. ``"respondent"``).
    min_words
        Passages shorter than this many words ("Korte lijnen.") are ranked after all
        longer ones: they are rarely quotable. ``0`` ranks by typicality alone.
    whole
        ``False`` (default): the passages as coded. ``True``: whole coded passages —
        a coded segment joined with the theme's codings that directly continue it in
        the same turn, trimmed at sentence boundaries to ``max_words``/``max_chars``
        (the sentences with most coverage by the code's branch are kept; a longer
        single sentence stays whole), ranked by fit: human-coded first, then the
        density of the branch's codes per sentence, distinct codes, sentences (see
        :mod:`researchkit.analysis.quote_spans`). The report uses this.
    max_words, max_chars
        Limits of a whole passage (``None``: none); ignored unless ``whole``.
    units_table
        Sentence units of the corpus (:func:`researchkit.units.units`), to share them
        between calls; default split here (``whole`` only).
    exclude
        Spans (``doc_id, start, end``) never to quote: a passage overlapping one is left out.

    Returns
    -------
    pandas.DataFrame
        Columns ``rank, doc_id, respondent, code, start, end, human`` (a person coded the
        passage: a source other than ``rules``/``model``; such passages rank before
        rules-only ones), ``text, speaker, role, turn, timestamp`` (seconds into the recording
        at the passage's start: the transcript's last sync point at or before it, such as its
        subtitle cue's time, else its turn's timestamp), ``position`` (% into the
        interview), ``typicality`` (see :func:`typicality`), ``context_before,
        context_after``, then every respondent attribute. Sorted by ``rank`` (1 = first choice).

        The choice is deterministic: first one passage per respondent (a different
        respondent each time; with ``by``, groups in turn), most typical first (ties:
        ``doc_id``, offset); only then second passages of the same respondents.
        With ``whole=True`` also ``n_sentences``, ``density`` and ``distinct``.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "De kade is open. De kade is 's nachts open."),
    ...                  Transcript("R2", "Iedereen kan op de kade komen.")])
    >>> codings = pd.DataFrame({"doc_id": ["R1", "R1", "R2"], "start": [0, 17, 0],
    ...                         "end": [16, 43, 30], "code": ["GEL.1"] * 3})
    >>> quotes(codings, corpus, code="GEL.1", n=2)[["rank", "doc_id", "text"]]
       rank doc_id                            text
    0     1     R1                De kade is open.
    1     2     R2  Iedereen kan op de kade komen.
    """
    return _choose(QuoteSource(codings, corpus, units_table=units_table), code=code, n=n, by=by, codebook=codebook,
                   descendants=descendants, context=context, roles=roles, min_words=min_words, whole=whole,
                   max_words=max_words, max_chars=max_chars, exclude=exclude)


def _choose(
    source: QuoteSource,
    *,
    code: str,
    n: int | None = 5,
    by: str | Sequence[str] | None = None,
    codebook: Any = None,
    descendants: bool = True,
    context: str | int = "sentence",
    roles: Sequence[str] | str | None = None,
    min_words: int = 8,
    whole: bool = False,
    max_words: int | None = MAX_QUOTE_WORDS,
    max_chars: int | None = MAX_QUOTE_CHARS,
    exclude: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The work of :func:`quotes` (and :meth:`QuoteSource.quotes`) on a prepared source."""
    if n is not None and (not isinstance(n, (int, np.integer)) or n < 0):
        raise AnalysisError("RK504", f"n={n!r} must be a non-negative integer or None", hint="e.g. n=5")
    by_cols = as_list(by)
    if whole:
        frame = _whole(source, code=code, codebook=codebook, descendants=descendants,
                       roles=roles, max_words=max_words, max_chars=max_chars)
    else:
        frame = _coded(source, code=code, codebook=codebook, descendants=descendants, roles=roles)
    if exclude is not None and len(exclude) and len(frame):
        frame = frame[~overlaps(frame, exclude)].reset_index(drop=True)
    limit = len(frame) if n is None else min(n, len(frame))
    frame, tail = _attributes(frame, source)
    if not limit:  # nothing to choose: the (empty) table has the columns of every passage described
        frame = _details(frame, source, context=context, tail=tail)
    late = [col for col in by_cols if col not in frame.columns]
    if by_cols:
        attrs = source.attribute_frame(by_cols)
        for col in by_cols:
            frame[col] = attrs[col].reindex(frame["doc_id"]).fillna(MISSING).to_numpy()
    chosen = _select(frame, limit, by_cols, min_words)  # only the quotes asked for are ranked
    frame = frame.iloc[chosen].reset_index(drop=True)
    if limit:  # position and context only of the quotes chosen
        frame = _details(frame, source, context=context, tail=[*tail, *late])
    frame.insert(0, "rank", np.arange(1, len(frame) + 1, dtype=np.int64))
    return frame

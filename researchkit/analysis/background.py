"""The background of distinctive words: the turns of the wanted roles, tokenised once.

:func:`~researchkit.analysis.summaries.theme_summary` compares a theme's passages with
"the rest": what the wanted roles said outside those passages. Tokenising the whole
corpus again for every theme makes a report cost (themes x corpus); a :class:`Background`
tokenises every turn once (positions and term ids) and gives the rest counts of any set of
passages from the total: the tokens of the turns a passage touches are taken out, and
only the rest pieces of those turns are counted again (their whole tokens from the index,
the words cut by a passage edge tokenised anew). The counts are exactly those of
tokenising the rest texts one by one (:func:`rest_texts`).

Examples
--------
>>> from researchkit.transcripts import Corpus, Transcript, Turn
>>> text = "R: Cocaïne in de haven. Het weer is mooi in de haven."
>>> corpus = Corpus([Transcript("R1", text, (Turn("R", "respondent", 3, len(text)),))])
>>> bg = Background(corpus, roles=("respondent",))
>>> sorted(bg.rest_counts({"R1": [(3, 23)]}, stop={"de", "in", "is", "het"}).items())
[('haven', 1), ('mooi', 1), ('weer', 1)]
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from researchkit.analysis._common import TOKEN_RE, merge_spans, tokenize

__all__ = ["Background", "rest_texts", "role_turns"]


def role_turns(corpus: Any, roles: Sequence[str] | None, turns: pd.DataFrame | None = None) -> pd.DataFrame:
    """The turn units of the wanted roles (documents without speaker turns whole); ``turns`` if already split.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> role_turns(Corpus([Transcript("R1", "Los tekst.")]), ("respondent",))[["doc_id", "start", "end"]].values.tolist()
    [['R1', 0, 10]]
    """
    if turns is None:
        from researchkit.units import units

        turns = units(corpus, "turn")
    if roles is not None:
        has_turns = {t.doc_id for t in corpus if t.turns}
        turns = turns[turns["role"].isin(set(roles)) | ~turns["doc_id"].isin(has_turns)]
    return turns


def rest_texts(corpus: Any, spans_by_doc: Mapping[str, list[tuple[int, int]]], roles: Sequence[str] | None) -> list[str]:
    """The text of the wanted roles' turns outside the given (merged, sorted) spans, piece by piece.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> rest_texts(Corpus([Transcript("R1", "een twee drie")]), {"R1": [(4, 8)]}, None)
    ['een ', ' drie']
    """
    turns = role_turns(corpus, roles)
    texts = corpus.texts()
    out: list[str] = []
    for doc_id, start, end in zip(turns["doc_id"], turns["start"], turns["end"]):
        pos = start
        for s, e in spans_by_doc.get(doc_id, []):
            if e <= pos or s >= end:
                continue
            if s > pos:
                out.append(texts[doc_id][pos:s])
            pos = max(pos, e)
        if pos < end:
            out.append(texts[doc_id][pos:end])
    return out


class Background:
    """Every word of the wanted roles' turns, counted once (lower case, as :func:`term_counts` counts them).

    Parameters
    ----------
    corpus
        The corpus.
    roles
        Whose turns form the background (``None``: everyone); documents without speaker
        turns count whole.
    turns
        The corpus's turn units (:func:`researchkit.units.units` with ``"turn"``), if at hand.
    """

    def __init__(self, corpus: Any, roles: Sequence[str] | None, *, turns: pd.DataFrame | None = None) -> None:
        table = role_turns(corpus, roles, turns)
        self.texts = corpus.texts()
        self.turns: dict[str, list[tuple[int, int, int]]] = {}  # doc -> [(start, end, turn number)]
        words: list[str] = []
        for k, (doc_id, ts, te) in enumerate(zip(table["doc_id"], table["start"], table["end"])):
            words.extend(TOKEN_RE.findall(self.texts[doc_id], ts, te))
            self.turns.setdefault(doc_id, []).append((int(ts), int(te), k))
        self.total = Counter(map(str.lower, words))
        self._tokens: dict[tuple[str, int], tuple[list[int], list[int], list[str]]] = {}
        self._background: dict[frozenset[str], dict[str, int]] = {}
        self._totals: dict[frozenset[str], int] = {}

    def _turn_tokens(self, doc_id: str, ts: int, te: int) -> tuple[list[int], list[int], list[str]]:
        """Starts, ends and lower-case words of the tokens of one turn (made when a passage first touches it)."""
        cached = self._tokens.get((doc_id, ts))
        if cached is None:
            found = list(TOKEN_RE.finditer(self.texts[doc_id], ts, te))
            cached = ([m.start() for m in found], [m.end() for m in found], [m.group().lower() for m in found])
            self._tokens[(doc_id, ts)] = cached
        return cached

    def _pieces(self, doc_id: str, spans: list[tuple[int, int]]) -> Iterable[tuple[int, int, list[tuple[int, int]]]]:
        """``(turn start, turn end, rest pieces)`` of every turn a span touches."""
        span_ends = [e for _, e in spans]
        for ts, te, _k in self.turns.get(doc_id, []):
            j = bisect_right(span_ends, ts)  # first span ending after the turn starts
            if j == len(spans) or spans[j][0] >= te:
                continue  # no span touches this turn: its tokens stay in the total
            pos = ts
            pieces = []
            for s, e in spans[j:]:
                if s >= te:
                    break
                if s > pos:
                    pieces.append((pos, s))
                pos = max(pos, e)
            if pos < te:
                pieces.append((pos, te))
            yield ts, te, pieces

    def rest_counts(self, spans_by_doc: Mapping[str, Iterable[tuple[int, int]]], stop: Iterable[str] = ()) -> Counter:
        """Content-word counts of the background outside the given passages (spans per document).

        The same as ``term_counts(rest_texts(corpus, spans_by_doc, roles), stop=stop)``
        (with the spans of each document merged).
        """
        stop_set = frozenset(w.lower() for w in stop)
        # the counted background once per stop list, then only the words of the touched turns counted anew
        # (the total less what they held, plus what is left of them)
        counts = Counter(self._counted(stop_set))
        for t, n in self._touched(spans_by_doc, stop_set).items():
            if n:
                counts[t] = n
            else:
                counts.pop(t, None)
        return counts

    def _touched(self, spans_by_doc: Mapping[str, Iterable[tuple[int, int]]], stop_set: frozenset[str]) -> dict[str, int]:
        """The words of the turns the passages touch, with their background count outside the passages (``0``:
        not counted: gone, a stop word or a single character)."""
        removed: Counter = Counter()
        added: Counter = Counter()
        for doc_id, spans in spans_by_doc.items():
            merged = merge_spans(spans)
            if not merged:
                continue
            text = self.texts.get(doc_id, "")
            for ts, te, pieces in self._pieces(doc_id, merged):
                starts, ends, words = self._turn_tokens(doc_id, ts, te)
                removed.update(words)
                for a, b in pieces:
                    lo = bisect_left(starts, a)  # the whole tokens inside the piece: start >= a, end <= b
                    hi = bisect_right(ends, b)
                    if hi > lo:
                        added.update(words[lo:hi])
                        added.update(tokenize(text[a : starts[lo]]))  # words cut by the passage edges
                        added.update(tokenize(text[ends[hi - 1] : b]))
                    else:
                        added.update(tokenize(text[a:b]))
        out = {}
        for t in removed.keys() | added.keys():
            n = self.total.get(t, 0) - removed.get(t, 0) + added.get(t, 0)
            out[t] = n if n > 0 and len(t) > 1 and t not in stop_set else 0
        return out

    def rest_of(self, spans_by_doc: Mapping[str, Iterable[tuple[int, int]]], stop: Iterable[str] = ()) -> tuple[Any, int]:
        """:meth:`rest_counts` without copying the background: ``(count of a word, total)``, the counts as a
        function (``0`` for a word not counted) and their sum, from the background's counts (kept once per stop
        list) and the words of the touched turns only.

        Examples
        --------
        >>> from researchkit.transcripts import Corpus, Transcript
        >>> b = Background(Corpus([Transcript("R1", "Kade kade schip. Kade haven.")]), None)
        >>> count, total = b.rest_of({"R1": [(0, 16)]})
        >>> count("kade"), count("schip"), total, b.rest_counts({"R1": [(0, 16)]}) == {"kade": 1, "haven": 1}
        (1, 0, 2, True)
        """
        stop_set = frozenset(w.lower() for w in stop)
        base = self._counted(stop_set)
        changed = self._touched(spans_by_doc, stop_set)
        total = self._total(stop_set) + sum(n - base.get(t, 0) for t, n in changed.items())

        def count(word: str) -> int:
            found = changed.get(word)
            return base.get(word, 0) if found is None else found

        return count, total

    def _total(self, stop_set: frozenset[str]) -> int:
        """The sum of :meth:`_counted` (once per stop list)."""
        if stop_set not in self._totals:
            self._totals[stop_set] = sum(self._counted(stop_set).values())
        return self._totals[stop_set]

    def _counted(self, stop_set: frozenset[str]) -> dict[str, int]:
        """The content words of the whole background (those of :meth:`rest_counts` without passages)."""
        if stop_set not in self._background:
            self._background[stop_set] = {t: n for t, n in self.total.items() if n > 0 and len(t) > 1 and t not in stop_set}
        return self._background[stop_set]

"""Whole coded passages as quote candidates, trimmed at sentence boundaries, with their fit to a theme.

A *candidate* is a stretch of one speaker turn coded with the theme: a coded segment as
the coder marked it, joined with the theme's codings that directly continue it (only
whitespace between them), so that a passage coded sentence by sentence is quoted as the
passage it is. A candidate longer than the limits (``max_words``, ``max_chars``) is
trimmed at sentence boundaries to the run of sentences with the most coverage by the
theme's codes (ties: more human-coded sentences, then the earliest); a single sentence
longer than the limits is kept whole (a sentence is never cut). Offsets are exact:
``text[start:end]`` of the canonical text, without surrounding whitespace and without an
opening non-verbal note or hesitation ("(lacht) Eh... " is left out; :func:`lead_in`).

The fit of a candidate to its theme:

``density``
    mean number of distinct theme codes per sentence (1.0 when every sentence carries one
    of the theme's codes; more when sentences carry several);
``distinct``
    distinct theme codes in the candidate;
``n_sentences``
    its sentences; ``human``: a person coded at least one of them.

Everything is vectorised over the codings; only the runs of sentences are walked (plain
lists, no row-wise DataFrame access).

Examples
--------
>>> import pandas as pd
>>> text = "Ja. Er stond een busje. Het was nacht. Klaar."
>>> sents = pd.DataFrame({"doc_id": ["R1"] * 4, "start": [0, 4, 24, 39], "end": [3, 23, 38, 45], "turn": [0] * 4})
>>> codings = pd.DataFrame({"doc_id": ["R1", "R1"], "start": [4, 24], "end": [23, 38], "code": ["SIG", "SIG.1"],
...                         "human": [True, False]})
>>> spans = whole_passages(codings, sents, {"R1": text})
>>> spans[["start", "end", "n_sentences", "human"]].values.tolist()
[[4, 38, 2, True]]
>>> text[4:38]
'Er stond een busje. Het was nacht.'
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Mapping

import numpy as np
import pandas as pd

from researchkit.analysis._common import map_to_units

__all__ = ["whole_passages", "best_window", "lead_in", "SPAN_COLUMNS", "MAX_QUOTE_WORDS", "MAX_QUOTE_CHARS"]

#: Default limits of a quote (a candidate is trimmed at sentence boundaries to fit).
MAX_QUOTE_WORDS = 60
MAX_QUOTE_CHARS = 400

#: What a quote need not open with: a non-verbal note in brackets ("(lacht)", "[pauze]") or a
#: hesitation ("eh", "ehm", "uh", "um", "hmm"), with the punctuation and space after it. Answers
#: such as "ja" or "nee" are kept: they carry meaning.
_LEAD_IN = re.compile(r"(?:(?:\([^()\n]{1,40}\)|\[[^\[\]\n]{1,40}\]|(?:eh+m*|uh+m*|um+|hm+)(?![\w-]))[\s.,;:!?…-]*)+",
                      re.IGNORECASE)

SPAN_COLUMNS = ["doc_id", "start", "end", "code", "human", "n_sentences", "density", "distinct", "speaker", "role", "turn"]


def lead_in(text: str) -> int:
    """Characters at the start of ``text`` that a quote need not open with: non-verbal notes in
    brackets and hesitations, with the punctuation and spaces after them (0 when none, and 0
    when nothing else would be left).

    Examples
    --------
    >>> text = "(lacht) Eh... Ja, ik denk het wel."
    >>> text[lead_in(text):]
    'Ja, ik denk het wel.'
    >>> lead_in("Ehm.") , lead_in("Eerlijk gezegd niet.")
    (0, 0)
    """
    match = _LEAD_IN.match(text)
    if match is None or match.end() >= len(text.rstrip()):
        return 0
    return match.end()


def best_window(words: list[int], starts: list[int], ends: list[int], coverage: list[int], human: list[int], *,
                max_words: int | None, max_chars: int | None) -> tuple[int, int]:
    """The run of sentences ``[i, j)`` to quote: within the limits, most coverage (then most
    human-coded sentences, then earliest); one sentence (the best) when none fits.

    A window's length in characters is ``ends[j - 1] - starts[i]`` (spaces between its
    sentences included).

    Examples
    --------
    >>> best_window([5, 5, 5], [0, 21, 42], [20, 41, 62], [1, 2, 2], [0, 0, 0], max_words=10, max_chars=None)
    (1, 3)
    >>> best_window([50], [0], [300], [1], [1], max_words=10, max_chars=100)
    (0, 1)
    """
    n = len(words)
    if n == 1:  # one sentence: kept whole, whether it fits or not
        return (0, 1)
    prefix_w = list(accumulate(words, initial=0))
    prefix_c = list(accumulate(coverage, initial=0))
    prefix_h = list(accumulate(human, initial=0))
    best, best_key = None, None
    j = 0
    for i in range(n):
        j = max(j, i)
        while j < n and (max_words is None or prefix_w[j + 1] - prefix_w[i] <= max_words) and \
                (max_chars is None or ends[j] - starts[i] <= max_chars):
            j += 1
        if j > i:
            key = (prefix_c[j] - prefix_c[i], prefix_h[j] - prefix_h[i], -i)
            if best_key is None or key > best_key:
                best, best_key = (i, j), key
    if best is None:  # no sentence fits: the single best sentence, kept whole
        k = max(range(n), key=lambda k: (coverage[k], human[k], -k))
        best = (k, k + 1)
    return best


def _sentence_table(frame: pd.DataFrame, sentences: pd.DataFrame) -> tuple[dict, pd.DataFrame]:
    """Per coded sentence (arrays, in sentence order): coverage, human, the coded part, and the
    theme codes on it (``codes[code_at[k]:code_at[k + 1]]``); and the codings outside every sentence."""
    rows, unit_ids, units_sorted = map_to_units(frame, sentences)
    inside = unit_ids < len(units_sorted)
    orphans = frame.iloc[np.unique(rows[~inside])] if (~inside).any() else frame.iloc[0:0]
    rows, unit_ids = rows[inside], unit_ids[inside]
    code_ids, code_names = pd.factorize(frame["code"].to_numpy(dtype=object)[rows], sort=True)
    order = np.lexsort((code_ids, unit_ids))
    u, cid, rows = unit_ids[order], code_ids[order], rows[order]
    uid, first = np.unique(u, return_index=True)
    s_start = units_sorted["start"].to_numpy(np.int64)
    s_end = units_sorted["end"].to_numpy(np.int64)
    clipped_start = np.maximum(frame["start"].to_numpy(np.int64)[rows], s_start[u])
    clipped_end = np.minimum(frame["end"].to_numpy(np.int64)[rows], s_end[u])
    distinct = np.ones(len(u), dtype=bool)
    distinct[1:] = (u[1:] != u[:-1]) | (cid[1:] != cid[:-1])
    per = {
        "uid": uid,
        "human": np.maximum.reduceat(frame["human"].to_numpy(dtype=bool)[rows].astype(np.int64), first) if len(u) else u,
        "cstart": np.minimum.reduceat(clipped_start, first) if len(u) else u,
        "cend": np.maximum.reduceat(clipped_end, first) if len(u) else u,
        "codes": np.asarray(code_names, dtype=object)[cid[distinct]],
    }
    per["code_at"] = np.append(np.searchsorted(u[distinct], uid), distinct.sum())
    per["coverage"] = np.diff(per["code_at"])
    per["doc_id"] = units_sorted["doc_id"].to_numpy(dtype=object)[uid]
    for col in ("turn", "speaker", "role"):
        per[col] = (units_sorted[col].to_numpy(dtype=object)[uid] if col in units_sorted.columns
                    else np.full(len(uid), None, dtype=object))
    return per, orphans


def _runs(per: dict, texts: Mapping[str, str]) -> np.ndarray:
    """Run number of each coded sentence: consecutive sentences of one turn, coded without a gap."""
    uid, doc, turn = per["uid"], per["doc_id"], per["turn"]
    cstart, cend = per["cstart"], per["cend"]
    new = np.ones(len(uid), dtype=bool)
    if len(uid) > 1:
        same = (uid[1:] == uid[:-1] + 1) & (doc[1:] == doc[:-1]) & (turn[1:] == turn[:-1])
        candidates = np.flatnonzero(same)
        if len(candidates):
            joined = np.array([not texts[doc[k + 1]][cend[k]:cstart[k + 1]].strip() for k in candidates], dtype=bool)
            new[candidates[joined] + 1] = False
    return np.cumsum(new) - 1


def whole_passages(frame: pd.DataFrame, sentences: pd.DataFrame, texts: Mapping[str, str], *,
                   max_words: int | None = MAX_QUOTE_WORDS, max_chars: int | None = MAX_QUOTE_CHARS) -> pd.DataFrame:
    """Quote candidates of a theme's codings: whole coded passages, trimmed to the limits.

    Parameters
    ----------
    frame
        The theme's codings: ``doc_id, start, end, code, human``.
    sentences
        Sentence units (:func:`researchkit.units.units`): ``doc_id, start, end`` and ``turn``.
    texts
        ``doc_id -> text``.
    max_words, max_chars
        Limits of a quote (``None``: no limit).

    Returns
    -------
    pandas.DataFrame
        :data:`SPAN_COLUMNS`, one row per candidate, in document and text order (``speaker,
        role, turn`` of its first sentence; ``None`` when the units carry no turns). A
        coding outside every sentence is a candidate of its own (never dropped).
    """
    if not len(frame):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in SPAN_COLUMNS})
    per, orphans = _sentence_table(frame, sentences)
    run = _runs(per, texts)
    doc = per["doc_id"].tolist()
    cstart, cend = per["cstart"].tolist(), per["cend"].tolist()
    coverage, human = per["coverage"].tolist(), per["human"].tolist()
    codes, code_at = per["codes"].tolist(), per["code_at"].tolist()
    turn, speaker, role = per["turn"].tolist(), per["speaker"].tolist(), per["role"].tolist()
    words = [len(texts[d][a:b].split()) for d, a, b in zip(doc, cstart, cend)]
    bounds = np.flatnonzero(np.diff(np.concatenate([[-1], run, [run[-1] + 1 if len(run) else 0]]))).tolist()
    out = []
    for a, b in zip(bounds[:-1], bounds[1:]):
        i, j = best_window(words[a:b], cstart[a:b], cend[a:b], coverage[a:b], human[a:b],
                           max_words=max_words, max_chars=max_chars)
        i, j = a + i, a + j
        text = texts[doc[i]]
        start, end = cstart[i], cend[j - 1]
        span = text[start:end]
        start, end = start + len(span) - len(span.lstrip()), end - (len(span) - len(span.rstrip()))
        start += lead_in(text[start:end])
        window_codes = sorted(set(codes[code_at[i]:code_at[j]]))
        out.append((doc[i], start, end, ", ".join(window_codes), bool(max(human[i:j])), j - i,
                    sum(coverage[i:j]) / (j - i), len(window_codes), speaker[i], role[i], turn[i]))
    spans = pd.DataFrame(out, columns=SPAN_COLUMNS)
    if len(orphans):
        lone = orphans.groupby(["doc_id", "start", "end"], sort=True, as_index=False).agg(
            code=("code", lambda s: ", ".join(sorted(set(s)))), human=("human", "max"))
        lone = lone.assign(n_sentences=1, density=1.0, distinct=lone["code"].str.count(",") + 1,
                           speaker=None, role=None, turn=None)  # outside every sentence: the turn is looked up
        spans = pd.concat([spans, lone[SPAN_COLUMNS]], ignore_index=True)
    if spans["human"].dtype != bool:
        spans["human"] = spans["human"].astype(bool)
    if not _repeats(spans):
        return spans
    return spans.drop_duplicates(["doc_id", "start", "end"]).reset_index(drop=True)


def _repeats(spans: pd.DataFrame) -> bool:
    """Whether two rows of ``spans`` share ``doc_id, start, end`` (checked on integer keys, without a copy of the table)."""
    if len(spans) < 2:
        return False
    doc = pd.factorize(spans["doc_id"].to_numpy(dtype=object))[0]
    keys = np.stack([doc, spans["start"].to_numpy(np.int64), spans["end"].to_numpy(np.int64)], axis=1)
    return len(np.unique(keys, axis=0)) < len(keys)

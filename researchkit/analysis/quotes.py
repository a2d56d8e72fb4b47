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
    map_to_units,
    respondent_ids,
    stop_words,
)
from researchkit.errors import AnalysisError

__all__ = ["quotes", "passages", "typicality", "QUOTE_COLUMNS"]

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
    by_doc = {d: g for d, g in sents.groupby("doc_id", sort=False)}
    for d, s, e in zip(frame["doc_id"], frame["start"], frame["end"]):
        g = by_doc.get(d)
        if g is None:
            before.append("")
            after.append("")
            continue
        prev = g[g["end"] <= s]
        nxt = g[g["start"] >= e]
        before.append(prev["text"].iloc[-1] if len(prev) else "")
        after.append(nxt["text"].iloc[0] if len(nxt) else "")
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
    frame = check_codings(codings, corpus)
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
    # one row per passage; the codes (and coders) that marked it are joined
    agg = {"code": lambda s: ", ".join(sorted(set(s)))}
    frame = frame.groupby(["doc_id", "start", "end"], sort=True, as_index=False).agg(agg)
    texts = corpus.texts()
    frame["text"] = [texts[d][s:e] for d, s, e in zip(frame["doc_id"], frame["start"], frame["end"])]
    order = {d: i for i, d in enumerate(corpus.doc_ids)}
    frame = frame.assign(_o=frame["doc_id"].map(order)).sort_values(["_o", "start", "end"], kind="mergesort").drop(columns="_o").reset_index(drop=True)
    frame.insert(1, "respondent", respondent_ids(corpus).reindex(frame["doc_id"]).to_numpy())
    info = _turn_info(frame, corpus)
    for col in info.columns:
        frame[col] = info[col].to_numpy()
    if roles is not None:
        wanted = set(as_list(roles))
        frame = frame[frame["role"].isin(wanted) | frame["role"].isna()].reset_index(drop=True)
    lengths = frame["doc_id"].map({d: max(len(t), 1) for d, t in texts.items()})
    frame["position"] = (100.0 * frame["start"] / lengths).round(1)
    frame["typicality"] = typicality(frame["text"].tolist())
    before, after = _context(frame, corpus, context)
    frame["context_before"] = before
    frame["context_after"] = after
    attrs = corpus.attributes
    extra = [c for c in attrs.columns if c not in frame.columns]
    if extra:
        joined = attrs[extra].reindex(frame["doc_id"])
        for col in extra:
            frame[col] = joined[col].to_numpy()
    return frame


def _select(frame: pd.DataFrame, n: int, by: list[str], min_words: int = 0) -> list[int]:
    """Deterministic representative choice: distinct respondents first, groups in turn,
    passages of at least ``min_words`` words before shorter ones, most typical first;
    a respondent's second quote only once every respondent has one."""
    short = [len(str(t).split()) < min_words for t in frame["text"]]
    order = sorted(
        range(len(frame)),
        key=lambda i: (short[i], -frame["typicality"].iat[i], frame["doc_id"].iat[i], frame["start"].iat[i]),
    )
    groups = [tuple(frame[c].iat[i] for c in by) if by else () for i in range(len(frame))]
    chosen: list[int] = []
    used: set[Any] = set()
    per_group: dict[tuple, int] = {}
    remaining = list(order)
    pos = {i: k for k, i in enumerate(order)}
    while remaining and len(chosen) < n:
        pool = [i for i in remaining if frame["respondent"].iat[i] not in used]
        if not pool:
            used = set()
            continue
        pick = min(pool, key=lambda i: (per_group.get(groups[i], 0), pos[i]))
        chosen.append(pick)
        used.add(frame["respondent"].iat[pick])
        per_group[groups[pick]] = per_group.get(groups[pick], 0) + 1
        remaining.remove(pick)
    return chosen


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

    Returns
    -------
    pandas.DataFrame
        Columns ``rank, doc_id, respondent, code, start, end, text, speaker, role,
        turn, timestamp, position`` (% into the interview), ``typicality`` (see
        :func:`typicality`), ``context_before, context_after``, then every respondent
        attribute. Sorted by ``rank`` (1 = first choice).

        The choice is deterministic: first one passage per respondent (a different
        respondent each time; with ``by``, groups in turn), most typical first (ties:
        ``doc_id``, offset); only then second passages of the same respondents.

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
    if n is not None and (not isinstance(n, (int, np.integer)) or n < 0):
        raise AnalysisError("RK504", f"n={n!r} must be a non-negative integer or None", hint="e.g. n=5")
    by_cols = as_list(by)
    frame = passages(codings, corpus, code=code, codebook=codebook, descendants=descendants, context=context, roles=roles)
    if by_cols:
        attrs = attribute_frame(corpus, by_cols)
        for col in by_cols:
            frame[col] = attrs[col].reindex(frame["doc_id"]).fillna(MISSING).to_numpy()
    limit = len(frame) if n is None else min(n, len(frame))
    chosen = _select(frame, len(frame), by_cols, min_words)
    frame = frame.iloc[chosen].reset_index(drop=True)
    frame.insert(0, "rank", np.arange(1, len(frame) + 1, dtype=np.int64))
    return frame.head(limit).reset_index(drop=True)

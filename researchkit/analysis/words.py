"""Words: frequencies per group, and distinctive terms by weighted log-odds.

Stop words come from spaCy's Dutch and English stop lists (``spacy.lang.nl.stop_words``
and ``spacy.lang.en.stop_words``) plus a few fillers of spoken language ("eh", "ja",
"nou"); users add their own (``stop=``) or keep only a go list (``go=``).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from researchkit.analysis._common import as_list, attribute_frame, content_tokens, respondent_ids, sort_key, stop_words
from researchkit.errors import AnalysisError

__all__ = ["word_frequencies", "weighted_log_odds", "term_counts", "stop_words", "SPOKEN_STOP_WORDS"]

#: Words of spoken Dutch that say nothing about a theme (numbers, time, hedges), used by the
#: report on top of :func:`stop_words` when it picks a theme's distinctive words.
SPOKEN_STOP_WORDS: frozenset[str] = frozenset({
    "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "honderd", "duizend", "jaar", "jaren",
    "maand", "maanden", "week", "weken", "dag", "dagen", "keer", "tijd", "eerlijk", "echt", "heel", "beetje",
    "eigenlijk", "natuurlijk", "gewoon", "denk", "denken", "weet", "weten", "zeggen", "zegt", "gezegd", "vind",
    "vinden", "gaat", "gaan", "komt", "komen", "goed", "mensen", "dingen", "ding", "zeker", "misschien", "best",
    "snap", "zie", "zien", "weleens", "nogal", "vaak", "paar", "soms", "namelijk", "inderdaad", "hoor",
    "two", "three", "four", "five", "year", "years", "honestly", "really", "actually", "think", "know",
})


def _stop_set(stop_lists: Sequence[str] | None, stop: Iterable[str]) -> frozenset[str]:
    base = stop_words(tuple(stop_lists)) if stop_lists else frozenset()
    return frozenset(base | {w.lower() for w in stop})


def term_counts(texts: Iterable[str], *, stop: Iterable[str] | None = None) -> Counter:
    """Count content words (lower case, stop words and one-letter words removed).

    Parameters
    ----------
    texts
        Passages.
    stop
        Stop words; default the Dutch + English lists of :func:`stop_words`.

    Examples
    --------
    >>> term_counts(["De haven is open.", "Open kade, open haven"])
    Counter({'open': 3, 'haven': 2, 'kade': 1})
    """
    stop_set = stop_words() if stop is None else frozenset(w.lower() for w in stop)
    counts: Counter = Counter()
    for text in texts:
        counts.update(content_tokens(text, stop_set))
    return counts


def weighted_log_odds(
    focus: Mapping[str, int] | pd.Series,
    rest: Mapping[str, int] | pd.Series,
    *,
    prior_scale: float = 1.0,
    min_count: int = 1,
) -> pd.DataFrame:
    """Distinctive terms of ``focus`` against ``rest``: weighted log-odds with an
    informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' words").

    With ``y_w`` the count of term ``w`` in the focus texts (total ``n``), ``r_w`` in
    the rest (total ``m``), and the prior ``a_w = prior_scale * (y_w + r_w)``
    (the pooled counts; ``a0 = sum a_w``)::

        delta_w = log((y_w + a_w) / (n + a0 - y_w - a_w)) - log((r_w + a_w) / (m + a0 - r_w - a_w))
        var_w   = 1 / (y_w + a_w) + 1 / (r_w + a_w)
        z_w     = delta_w / sqrt(var_w)

    Parameters
    ----------
    focus, rest
        Term counts (e.g. from :func:`term_counts`).
    prior_scale
        Strength of the prior relative to the pooled counts (1.0 = as strong as the data).
    min_count
        Report only terms used at least this often in ``focus``.

    Returns
    -------
    pandas.DataFrame
        ``term, count, count_rest, log_odds, z`` sorted by ``z`` (descending), then term.

    Examples
    --------
    >>> out = weighted_log_odds({"haven": 3, "kade": 1}, {"haven": 1, "kade": 3})
    >>> out["term"].tolist(), out["z"].round(3).tolist()
    (['haven', 'kade'], [1.149, -1.149])
    """
    if prior_scale <= 0:
        raise AnalysisError("RK504", f"prior_scale={prior_scale!r} must be > 0", hint="use e.g. 1.0")
    focus, rest = dict(focus), dict(rest)
    terms = sorted(focus.keys() | rest.keys())
    f = np.array([focus.get(t, 0) for t in terms], dtype=float)
    r = np.array([rest.get(t, 0) for t in terms], dtype=float)
    a = prior_scale * (f + r)
    a0, n, m = a.sum(), f.sum(), r.sum()  # over every term: the prior and the totals
    keep = np.flatnonzero(f >= min_count)  # only the reported terms are scored and sorted
    return _scored([terms[i] for i in keep], f[keep], r[keep], a[keep], a0, n, m, any_terms=bool(terms))


def _scored(terms: list[str], f: np.ndarray, r: np.ndarray, a: np.ndarray, a0: float, n: float, m: float, *,
            any_terms: bool) -> pd.DataFrame:
    """The table of :func:`weighted_log_odds` for the reported ``terms`` (in term order) with their focus and rest
    counts ``f``, ``r`` and prior ``a``; ``a0``, ``n``, ``m``: the prior and the totals over every term;
    ``any_terms``: whether there were terms at all (reported or not)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((f + a) / (n + a0 - f - a)) - np.log((r + a) / (m + a0 - r - a))
        var = 1.0 / (f + a) + 1.0 / (r + a)
        z = delta / np.sqrt(var)
    order = np.argsort(-z, kind="stable")  # terms are sorted already: ties stay in term order; NaN last
    out = pd.DataFrame(
        {"term": pd.Series([terms[i] for i in order], dtype="str") if any_terms else [],
         "count": f[order].astype("int64"), "count_rest": r[order].astype("int64"),
         "log_odds": delta[order], "z": z[order]}
    )
    return out.reset_index(drop=True)


def focus_log_odds(focus: Mapping[str, int], rest_of: Any, rest_total: int, *, min_count: int) -> pd.DataFrame:
    """:func:`weighted_log_odds` with ``prior_scale=1`` and ``min_count >= 1``, reading the rest's counts of the
    reported terms only: ``rest_of(term)`` and the rest's total ``rest_total`` (as ``weighted_log_odds(focus, rest,
    min_count=min_count)`` with ``rest_of = rest.get`` and ``rest_total = sum(rest.values())``, whatever the size of
    the rest). With the prior as strong as the data, its total is the sum of both totals (integers: exact).

    Examples
    --------
    >>> rest = {"haven": 1, "kade": 3, "schip": 9}
    >>> focus_log_odds({"haven": 3, "kade": 1}, rest.get, 13, min_count=1).equals(
    ...     weighted_log_odds({"haven": 3, "kade": 1}, rest, min_count=1))
    True
    """
    if min_count < 1:
        raise AnalysisError("RK504", f"min_count={min_count!r} must be >= 1 here", hint="use weighted_log_odds")
    terms = sorted(t for t, k in focus.items() if k >= min_count)
    f = np.array([focus[t] for t in terms], dtype=float)
    r = np.array([rest_of(t) or 0 for t in terms], dtype=float)
    n = float(sum(focus.values()))
    a0 = n + float(rest_total)
    return _scored(terms, f, r, f + r, a0, n, float(rest_total), any_terms=bool(focus) or rest_total > 0)


def _role_texts(corpus: Any, roles: Sequence[str] | None) -> pd.DataFrame:
    """``doc_id, text`` of every turn with a wanted role; documents without turns whole."""
    from researchkit.units import units

    turns = units(corpus, "turn")
    has_turns = {t.doc_id for t in corpus if t.turns}
    if roles is not None:
        wanted = set(as_list(roles))
        keep = turns["role"].isin(wanted) | ~turns["doc_id"].isin(has_turns)
        turns = turns[keep]
    return turns[["doc_id", "text"]]


def word_frequencies(
    corpus: Any,
    *,
    by: str | Sequence[str] | None = None,
    roles: Sequence[str] | str | None = ("respondent",),
    lemmatize: bool = True,
    lang: str = "nl",
    stop_lists: Sequence[str] | None = ("nl", "en"),
    stop: Iterable[str] = (),
    go: Iterable[str] | None = None,
    min_count: int = 1,
    top: int | None = None,
) -> pd.DataFrame:
    """Word frequencies in what the respondents said, overall or per attribute group.

    Parameters
    ----------
    corpus
        The corpus.
    by
        Attribute column(s) to count per group (``"group"``, ``["port", "group"]``).
    roles
        Speaker roles whose turns are counted (default the respondents; ``None`` =
        everyone). A document without speaker turns is counted whole.
    lemmatize
        Count lemmas (spaCy lookup lemmatizer of ``lang``) instead of word forms.
    lang
        Language of the lemmatizer.
    stop_lists
        Built-in stop lists to apply (``("nl", "en")``; ``None`` or ``()`` for none).
    stop
        Extra stop words of your own (word forms or lemmas, any case).
    go
        A go list: count only these words (forms or lemmas), nothing else.
    min_count
        Drop terms counted fewer times (per group).
    top
        Keep the ``top`` most frequent terms per group.

    Returns
    -------
    pandas.DataFrame
        ``[by ...], term, count, documents, respondents, share`` where ``share`` is the
        term's fraction of all counted words of the group; sorted by group, count
        (descending) and term.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "De containers staan open. Een container!")])
    >>> word_frequencies(corpus)[["term", "count"]]
            term  count
    0  container      2
    1       open      1
    2      staan      1
    """
    by_cols = as_list(by)
    stop_set = _stop_set(stop_lists, stop)
    go_set = None if go is None else {w.lower() for w in go}
    texts = _role_texts(corpus, roles)
    resp = respondent_ids(corpus)
    rows: list[tuple[str, str]] = []
    if lemmatize:
        from researchkit.nlp import get_pipeline

        nlp = get_pipeline(lang)
        for doc_id, doc in zip(texts["doc_id"], nlp.pipe(texts["text"].tolist())):
            for token in doc:
                if not token.is_alpha:
                    continue
                form = token.lower_
                lemma = (token.lemma_ or form).lower()
                if go_set is not None:
                    if form in go_set or lemma in go_set:
                        rows.append((doc_id, lemma if lemma in go_set or form not in go_set else form))
                    continue
                if len(lemma) < 2 or form in stop_set or lemma in stop_set:
                    continue
                rows.append((doc_id, lemma))
    else:
        for doc_id, text in zip(texts["doc_id"], texts["text"]):
            for term in content_tokens(text, frozenset() if go_set is not None else stop_set):
                if go_set is not None and term not in go_set:
                    continue
                rows.append((doc_id, term))
    tokens = pd.DataFrame(rows, columns=["doc_id", "term"])
    tokens["respondent"] = resp.reindex(tokens["doc_id"]).to_numpy()
    if by_cols:
        attrs = attribute_frame(corpus, by_cols)
        for col in by_cols:
            tokens[col] = attrs[col].reindex(tokens["doc_id"]).to_numpy()
    keys = by_cols + ["term"]
    grouped = tokens.groupby(keys, sort=False)
    out = pd.DataFrame(
        {"count": grouped.size(), "documents": grouped["doc_id"].nunique(), "respondents": grouped["respondent"].nunique()}
    ).reset_index()
    if by_cols:
        totals = tokens.groupby(by_cols).size().rename("_total").reset_index()
        out = out.merge(totals, on=by_cols, how="left")
    else:
        out["_total"] = len(tokens)
    out["share"] = out["count"] / out["_total"].where(out["_total"] > 0, 1)
    out = out.drop(columns="_total")
    out = out[out["count"] >= min_count]
    sort_cols = by_cols + ["count", "term"]
    if by_cols:
        for col in by_cols:
            order = {v: i for i, v in enumerate(sort_key(out[col]))}
            out[f"_{col}"] = out[col].map(order)
        sort_cols = [f"_{c}" for c in by_cols] + ["count", "term"]
    out = out.sort_values(sort_cols, ascending=[True] * len(by_cols) + [False, True], kind="mergesort")
    if top is not None:
        out = out.groupby(by_cols, sort=False).head(top) if by_cols else out.head(top)
    out = out.drop(columns=[c for c in out.columns if c.startswith("_")])
    return out.astype({"count": "int64", "documents": "int64", "respondents": "int64"}).reset_index(drop=True)

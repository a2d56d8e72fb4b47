"""Theme summaries: the raw material of a thematic paragraph, and a templated sentence.

:func:`theme_summary` gathers, for one code, who mentions it (per group and port),
its distinctive words (weighted log-odds against the rest of what respondents said),
the codes it co-occurs with and representative quotes, and writes one plain-language
sentence in Dutch and one in English from those numbers. No language model is used:
the sentences are templates filled with counts, so they are exactly reproducible.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from researchkit.analysis._common import (
    TEXT_UNITS,
    as_list,
    check_codings,
    code_names,
    content_tokens,
    in_branch,
    in_branch_each,
    merge_spans,
    order_codes,
    stop_words,
    unit_incidence,
)
from researchkit.analysis.background import Background
from researchkit.analysis.cooccurrence import cooccurrence
from researchkit.analysis.frequencies import frequencies
from researchkit.analysis.quotes import quotes as _quotes
from researchkit.analysis.words import focus_log_odds, term_counts, weighted_log_odds
from researchkit.errors import AnalysisError, AnalysisWarning

__all__ = ["theme_summary", "theme_summaries", "ThemeSummary", "DEFAULT_SUMMARY_BY"]

#: Attribute columns used by :func:`theme_summary` when present and ``by`` is not given.
DEFAULT_SUMMARY_BY = ("group", "port")
#: Dutch words for common attribute columns in the generated sentences (``labels=`` overrides).
DEFAULT_LABELS_NL = {"port": "haven", "group": "groep", "organisation": "organisatie", "region": "regio", "sector": "sector"}


@dataclass
class ThemeSummary:
    """Everything :func:`theme_summary` found about one code.

    Attributes
    ----------
    code, name
        The code and its readable name.
    codings, documents, respondents, n_respondents
        Coded segments, interviews and respondents mentioning it; respondents in total.
    passages
        Distinct passages coded with it or a sub-code: a sentence coded with two sub-codes,
        or by two coders, is one passage (two codings).
    mentions
        Per attribute (``"group"``, ``"port"``): a :func:`frequencies` table of the code
        by that attribute (``respondents``, ``n_respondents``, ``share`` ...).
    terms
        Distinctive words: ``term, count, count_rest, log_odds, z`` (see
        :func:`~researchkit.analysis.words.weighted_log_odds`), most distinctive first.
    cooccurring
        Codes that co-occur with it: ``code, name, count, n_code, c`` (count descending).
    quotes
        Representative quotes (see :func:`~researchkit.analysis.quotes.quotes`).
    text_nl, text_en
        The generated summary sentences.
    """

    code: str
    name: str
    codings: int
    documents: int
    respondents: int
    n_respondents: int
    passages: int
    mentions: dict[str, pd.DataFrame] = field(default_factory=dict)
    terms: pd.DataFrame = field(default_factory=pd.DataFrame)
    cooccurring: pd.DataFrame = field(default_factory=pd.DataFrame)
    quotes: pd.DataFrame = field(default_factory=pd.DataFrame)
    text_nl: str = ""
    text_en: str = ""

    def __str__(self) -> str:
        return self.text_nl

    def _repr_html_(self) -> str:  # notebook display
        parts = [f"<h4>{self.code} {self.name if self.name != self.code else ''}</h4>", f"<p>{self.text_nl}</p>", f"<p><i>{self.text_en}</i></p>"]
        for attr, table in self.mentions.items():
            parts.append(f"<b>{attr}</b>" + table.to_html(index=False))
        parts.append("<b>terms</b>" + self.terms.head(10).to_html(index=False))
        parts.append("<b>co-occurring</b>" + self.cooccurring.head(10).to_html(index=False))
        return "\n".join(parts)


def _join(words: list[str], last: str) -> str:
    quoted = [f"“{w}”" for w in words]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + f" {last} " + quoted[-1]


def _top_group(table: pd.DataFrame, col: str) -> tuple[str, int, int] | None:
    """Group with the highest share (ties: more respondents, then name; a missing name last, then the
    first row); only if > 0."""
    values, respondents = table[col].tolist(), table["respondents"].tolist()
    shares, sizes = table["share"].tolist(), table["n_respondents"].tolist()
    best: tuple | None = None
    for i, value in enumerate(values):
        if not respondents[i] > 0:
            continue
        missing = not isinstance(value, str) and bool(pd.isna(value))
        key = (-shares[i], -respondents[i], missing, "" if missing else str(value))
        if best is None or key < best[0]:
            best = (key, i)
    if best is None:
        return None
    i = best[1]
    return str(values[i]), int(respondents[i]), int(sizes[i])


def _sentences(s: ThemeSummary, by_cols: list[str], labels: Mapping[str, str],
               lemma_of: Callable[[str], str] = str) -> tuple[str, str]:
    label = s.name if s.name and s.name != s.code else s.code
    if s.respondents == 0:
        nl = f"Het thema {label} wordt door geen van de {s.n_respondents} respondenten genoemd."
        en = f"The theme {label} is mentioned by none of the {s.n_respondents} respondents."
        return nl, en
    p_nl = "passage" if s.passages == 1 else "passages"
    i_nl = "interview" if s.documents == 1 else "interviews"
    nl = (f"Het thema {label} wordt genoemd door {s.respondents} van de {s.n_respondents} respondenten "
          f"({s.passages} {p_nl} in {s.documents} {i_nl})")
    en = (f"The theme {label} is mentioned by {s.respondents} of {s.n_respondents} respondents "
          f"({s.passages} passage{'s' if s.passages != 1 else ''} in {s.documents} interview{'s' if s.documents != 1 else ''})")
    overall_share = s.respondents / s.n_respondents if s.n_respondents else 0.0
    extra_nl, extra_en = [], []
    for i, col in enumerate(by_cols):
        table = s.mentions.get(col)
        if table is None or table[col].nunique() < 2:
            continue
        top = _top_group(table, col)
        if top is None:
            continue
        value, k, m = top
        if not (m and k / m > overall_share):  # no group stands out (e.g. everyone mentions it)
            continue
        if m < 2:  # a group of one respondent does not "mostly" mention anything ("1 van 1")
            continue
        word = labels.get(col, DEFAULT_LABELS_NL.get(col, col))
        if i == 0:
            nl += f", vooral door {value} ({k} van {m})"
            en += f", mostly by {value} ({k} of {m})"
        else:
            extra_nl.append(f"Per {word} het vaakst: {value} ({k} van {m}).")
            extra_en.append(f"By {labels.get(col, col)}, most often: {value} ({k} of {m}).")
    nl += "."
    en += "."
    words = _distinct_lemmas(s.terms[s.terms["z"] > 0]["term"].tolist(), lemma_of, 3) if len(s.terms) else []
    if words:
        extra_nl.append(f"Kenmerkende woorden zijn {_join(words, 'en')}." if len(words) > 1 else f"Een kenmerkend woord is {_join(words, 'en')}.")
        extra_en.append(f"Distinctive words are {_join(words, 'and')}." if len(words) > 1 else f"A distinctive word is {_join(words, 'and')}.")
    if len(s.cooccurring):
        top = s.cooccurring.iloc[0]
        other = top["name"] if top["name"] != top["code"] else top["code"]
        k = int(top["count"])
        extra_nl.append(f"Het thema komt het vaakst samen voor met {other} ({k} keer).")
        extra_en.append(f"It co-occurs most often with {other} ({k} time{'s' if k != 1 else ''}).")
    return " ".join([nl] + extra_nl), " ".join([en] + extra_en)


def theme_summary(
    codings: pd.DataFrame,
    corpus: Any,
    *,
    code: str,
    by: str | Sequence[str] | None = None,
    codebook: Any = None,
    unit: str = "sentence",
    n_terms: int = 15,
    min_count: int = 2,
    n_quotes: int = 3,
    roles: Sequence[str] | str | None = ("respondent",),
    stop: Sequence[str] = (),
    labels: Mapping[str, str] | None = None,
    min_documents: int = 1,
    per: str = "document",
) -> ThemeSummary:
    """Summarise one theme (code): who, which words, with what, in whose words.

    Parameters
    ----------
    codings, corpus
        The codings table and its corpus.
    code
        The code; its sub-codes count as the code (``"FEN"`` = every phenomenon).
    by
        Attribute columns for "who mentions it"; default ``("group", "port")``, those
        present in the attributes. An explicitly named column must exist (``RK501``).
    codebook
        Names, sub-codes and order.
    unit
        Unit of co-occurrence (see :func:`~researchkit.analysis.cooccurrence.cooccurrence`).
    n_terms, min_count
        Number of distinctive words to keep, and how often a word must occur in the
        theme's passages to be considered.
    n_quotes
        Number of representative quotes (spread over the first ``by`` attribute).
    roles
        Whose words form the background ("the rest of the corpus"): the turns of these
        roles outside the theme's passages. Default the respondents.
    stop
        Extra stop words (the Dutch and English lists are always applied).
    labels
        Words for the attributes in the sentences, e.g. ``{"port": "haven"}``
        (default: the column name).
    min_documents
        A distinctive word must occur in the theme's passages of at least this many
        interviews (a word one respondent keeps repeating is not distinctive of the theme).
    per
        What a respondent is in "who mentions it": ``"document"`` or ``"speaker"`` (each
        respondent speaker of a focus group, with the speaker sheet's attributes; see
        :func:`~researchkit.analysis.frequencies`).

    Returns
    -------
    ThemeSummary
        With ``text_nl`` such as *"Het thema Drugssmokkel wordt genoemd door 9 van de
        16 respondenten (23 passages in 9 interviews), vooral door handhavers (5 van 6)
        ..."* and ``text_en``. A group is named ("vooral door ...", "het vaakst ...")
        only when its share is above the share over all respondents.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "Cocaïne via de kotter. Het weer is mooi.", attributes={"group": "politie"}),
    ...                  Transcript("R2", "Het weer is slecht.", attributes={"group": "visser"})])
    >>> codings = pd.DataFrame({"doc_id": ["R1"], "start": [0], "end": [22], "code": ["FEN.DRU"]})
    >>> print(theme_summary(codings, corpus, code="FEN.DRU", min_count=1, unit="document").text_nl)
    Het thema FEN.DRU wordt genoemd door 1 van de 2 respondenten (1 passage in 1 interview). Kenmerkende woorden zijn “cocaïne” en “kotter”.
    """
    return theme_summaries(codings, corpus, codes=[code], by=by, codebook=codebook, unit=unit, n_terms=n_terms,
                           min_count=min_count, n_quotes=n_quotes, roles=roles, stop=stop, labels=labels,
                           min_documents=min_documents, per=per)[code]


def theme_summaries(
    codings: pd.DataFrame,
    corpus: Any,
    *,
    codes: Sequence[str],
    by: str | Sequence[str] | None = None,
    codebook: Any = None,
    unit: str = "sentence",
    n_terms: int = 15,
    min_count: int = 2,
    n_quotes: int = 3,
    roles: Sequence[str] | str | None = ("respondent",),
    stop: Sequence[str] = (),
    labels: Mapping[str, str] | None = None,
    min_documents: int | Mapping[str, int] = 1,
    units_table: pd.DataFrame | None = None,
    per: str = "document",
) -> dict[str, ThemeSummary]:
    """:func:`theme_summary` of several codes at once, sharing the work they have in common.

    The corpus is split into units and its background words are tokenised once, every
    coding is mapped to its units once, and the mentions of all codes are counted in one
    pass per attribute; each summary is the one :func:`theme_summary` gives for its code.

    Parameters
    ----------
    codings, corpus, by, codebook, unit, n_terms, min_count, n_quotes, roles, stop, labels, per
        As in :func:`theme_summary`.
    codes
        The codes (themes) to summarise.
    min_documents
        One number for every code, or a number per code (missing codes: 1).
    units_table
        The corpus's units of ``unit`` (:func:`researchkit.units.units`), if already split.

    Returns
    -------
    dict
        ``code -> ThemeSummary``, in the order of ``codes``.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "Cocaïne via de kotter. Het weer is mooi.", attributes={"group": "politie"}),
    ...                  Transcript("R2", "Het weer is slecht.", attributes={"group": "visser"})])
    >>> codings = pd.DataFrame({"doc_id": ["R1", "R2"], "start": [0, 0], "end": [22, 19], "code": ["FEN", "WEER"]})
    >>> {c: s.respondents for c, s in theme_summaries(codings, corpus, codes=["FEN", "WEER"], unit="document").items()}
    {'FEN': 1, 'WEER': 1}
    """
    codes = list(dict.fromkeys(codes))
    frame = check_codings(codings, corpus)
    code_ids, uniques = pd.factorize(frame["code"].to_numpy(dtype=object), use_na_sentinel=False)
    masks = {code: np.array(in_branch_each(uniques, code, codebook), dtype=bool)[code_ids] for code in codes}
    for code, mask in masks.items():
        if not mask.any():
            known = codebook is not None and code in {getattr(c, "id", c) for c in codebook.walk()}
            if not known:
                raise AnalysisError(
                    "RK503", f"code {code!r} is not in the codings" + ("" if codebook is None else " nor in the codebook"),
                    hint="check the code id (codes in the codings: " + ", ".join(sorted(set(frame["code"].unique().tolist()))[:15]) + ")",
                )
    attrs = corpus.attributes
    spoken = (set(corpus.speaker_attributes.reset_index().columns)
              if per == "speaker" and corpus.speaker_attributes is not None else set())
    by_cols = [c for c in DEFAULT_SUMMARY_BY if c in attrs.columns or c in spoken] if by is None else as_list(by)
    themes, stacked = _themes(frame, masks)
    mentioned = _mentions(themes, corpus, by_cols, per, stacked=stacked)
    passages = _passage_counts(themes)
    names = code_names(codes, codebook)
    stop_set = stop_words() | {w.lower() for w in stop}
    background = Background(corpus, as_list(roles) if roles is not None else None)
    # words are counted in lower case; a place or organisation named in the attributes keeps its own spelling
    proper = {v.lower(): v for col in attrs.columns for v in attrs[col].dropna().unique()
              if isinstance(v, str) and v and " " not in v.strip() and v[:1].isupper()}
    together = _Cooccurring(frame, corpus, unit=unit, codebook=codebook, units_table=units_table)
    texts = corpus.texts()
    lemma_of = _lemma_function(codebook)
    out: dict[str, ThemeSummary] = {}
    for code in codes:
        theme = themes[code]
        overall, mentions = mentioned[code]
        needed = min_documents.get(code, 1) if isinstance(min_documents, Mapping) else min_documents
        terms = _terms(theme, texts, background, stop_set, min_count=min_count, n_terms=n_terms,
                       min_documents=needed)
        if len(terms) and proper:
            terms = terms.assign(term=[proper.get(t, t) for t in terms["term"]])
        quote_table = (
            _quotes(theme, corpus, code=code, n=n_quotes, by=[c for c in by_cols[:1] if c in attrs.columns] or None, codebook=None)
            if len(theme) and n_quotes
            else pd.DataFrame()
        )
        summary = ThemeSummary(
            code=code, name=names[code], codings=int(overall["codings"]), documents=int(overall["documents"]),
            respondents=int(overall["respondents"]), n_respondents=int(overall["n_respondents"]),
            passages=passages[code],
            mentions=mentions, terms=terms.reset_index(drop=True),
            cooccurring=together.of(code, masks[code], empty=not len(theme)).reset_index(drop=True),
            quotes=quote_table,
        )
        summary.text_nl, summary.text_en = _sentences(summary, by_cols, dict(labels or {}), lemma_of)
        out[code] = summary
    return out


def _lemma_function(codebook: Any) -> Callable[[str], str]:
    """The lemma of a word in the codebook's language (Dutch without one), or the word itself where
    researchkit has no lemmatizer for that language."""
    from researchkit.errors import LanguageError
    from researchkit.nlp import lemmatizer_for

    try:
        return lemmatizer_for(str(getattr(codebook, "language", None) or "nl")).lemma_of
    except LanguageError:
        return str


def _distinct_lemmas(words: Sequence[str], lemma_of: Callable[[str], str], n: int) -> list[str]:
    """The first ``n`` words of which no earlier word has the same lemma ("problems" after "problem" is left out).

    Examples
    --------
    >>> _distinct_lemmas(["problem", "problems", "solution", "solutions", "idea"], {"problems": "problem",
    ...                  "solutions": "solution"}.get, 3)
    ['problem', 'solution', 'idea']
    """
    chosen: list[str] = []
    seen: set[str] = set()
    for word in words:
        lemma = (lemma_of(word) or word).lower()
        if lemma not in seen:
            seen.add(lemma)
            chosen.append(word)
        if len(chosen) == n:
            break
    return chosen


def _themes(frame: pd.DataFrame, masks: Mapping[str, np.ndarray]) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Each code's codings (the rows of its branch, ``code`` set to it) and all of them stacked in code order,
    taken from ``frame`` in one step; a code's table is its slice of the stack (with the rows' labels in ``frame``).

    Examples
    --------
    >>> f = pd.DataFrame({"doc_id": ["R1", "R2"], "code": ["A.1", "B"]})
    >>> themes, stacked = _themes(f, {"A": np.array([True, False]), "B": np.array([False, True])})
    >>> stacked["code"].tolist(), themes["B"].index.tolist()
    (['A', 'B'], [1])
    """
    rows = [np.flatnonzero(mask) for mask in masks.values()]
    taken = np.concatenate(rows) if rows else np.zeros(0, dtype=np.intp)
    sizes = [len(r) for r in rows]
    stacked = frame.take(taken)
    labels = stacked.index
    stacked = stacked.assign(code=np.repeat(np.array(list(masks), dtype=object), sizes)).reset_index(drop=True)
    themes, at = {}, 0
    for code, size in zip(masks, sizes):
        theme = stacked.iloc[at:at + size]
        theme.index = labels[at:at + size]
        themes[code], at = theme, at + size
    return themes, stacked


def _passage_counts(themes: Mapping[str, pd.DataFrame]) -> dict[str, int]:
    """Per code: its distinct passages (``doc_id, start, end``)."""
    out = {}
    for code, theme in themes.items():
        if not len(theme):
            out[code] = 0
            continue
        doc = pd.factorize(theme["doc_id"].to_numpy(dtype=object))[0]
        keys = np.stack([doc, theme["start"].to_numpy(np.int64), theme["end"].to_numpy(np.int64)], axis=1)
        out[code] = int(len(np.unique(keys, axis=0)))
    return out


def _mentions(themes: dict[str, pd.DataFrame], corpus: Any, by_cols: list[str],
              per: str = "document", *, stacked: pd.DataFrame | None = None) -> dict[str, tuple[pd.Series, dict[str, pd.DataFrame]]]:
    """Per code: its overall :func:`frequencies` row and its table per attribute (one count per attribute for all codes);
    ``stacked``: the codes' tables stacked in their order, if at hand."""
    codes = list(themes)
    if stacked is None:
        stacked = pd.concat([themes[c] for c in codes], ignore_index=True)
    tables = {None: frequencies(stacked, corpus, codes=codes, per=per)}  # warns once about codings no respondent said
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AnalysisWarning)
        for col in by_cols:
            tables[col] = frequencies(stacked, corpus, by=col, codes=codes, per=per)
    rows = {col: t.groupby("code", sort=False).indices for col, t in tables.items()}  # each code's rows, found once
    out = {}
    for code in codes:
        part = {col: _rows_of(t, rows[col].get(code, _NONE)) for col, t in tables.items()}
        out[code] = (part.pop(None).iloc[0], part)
    return out


def _rows_of(table: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """``table.take(rows)`` numbered from 0; a run of consecutive rows as a slice (no copy of the rows' values).

    Examples
    --------
    >>> _rows_of(pd.DataFrame({"a": [1, 2, 3]}), np.array([1, 2]))["a"].tolist()
    [2, 3]
    """
    if len(rows) and rows[-1] - rows[0] + 1 == len(rows) and (np.diff(rows) == 1).all():
        return table.iloc[rows[0]:rows[-1] + 1].reset_index(drop=True)
    return table.take(rows).reset_index(drop=True)


#: No rows (of a table without groups, e.g. of an empty corpus).
_NONE = np.zeros(0, dtype=np.intp)


def _terms(theme: pd.DataFrame, texts: dict[str, str], background: Background, stop_set: frozenset[str], *,
           min_count: int, n_terms: int, min_documents: int) -> pd.DataFrame:
    """Distinctive words: the theme's passages against the rest of what was said."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for doc_id, start, end in zip(theme["doc_id"], theme["start"], theme["end"]):
        spans.setdefault(doc_id, []).append((start, end))
    spans_by_doc = {d: merge_spans(spans[d]) for d in sorted(spans)}
    focus: Counter = Counter()
    doc_freq: Counter = Counter()  # in how many interviews each word occurs in the theme's passages
    for d, merged in spans_by_doc.items():
        words = [t for s, e in merged for t in content_tokens(texts[d][s:e], stop_set)]
        focus.update(words)
        doc_freq.update(set(words))
    if min_documents > 1 and focus:
        focus = Counter({t: n for t, n in focus.items() if doc_freq[t] >= min_documents})
    if not focus:
        return weighted_log_odds({}, {})
    if min_count >= 1:  # only the reported words' counts in the rest are read (the same table)
        terms = focus_log_odds(focus, *background.rest_of(spans_by_doc, stop_set), min_count=min_count).head(n_terms)
    else:
        terms = weighted_log_odds(focus, background.rest_counts(spans_by_doc, stop_set), min_count=min_count).head(n_terms)
    passages = "\n".join(texts[d][s:e] for d, merged in spans_by_doc.items() for s, e in merged)
    return terms.assign(term=[_written_form(t, passages) for t in terms["term"]])


#: What may stand between a sentence end and its first word: white space, quotes, an opening bracket.
_OPENING = frozenset(" \t\"'“‘(")


def _written_form(term: str, text: str) -> str:
    """A word (counted in lower case) as the passages write it most often: "Rotterdam", "KMar", "containers".

    Examples
    --------
    >>> _written_form("rotterdam", "Naar Rotterdam. Rotterdam is groot, zei de rotterdam-fan.")
    'Rotterdam'
    >>> _written_form("capaciteit", "Capaciteit. Capaciteit is er niet. Geen capaciteit."), _written_form("kmar", "De KMar.")
    ('capaciteit', 'KMar')
    """
    inside: Counter = Counter()  # a capital at the start of a sentence says nothing about the word
    for m in re.finditer(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text, re.IGNORECASE):
        j = m.start()  # the character before the word, quotes and opening brackets passed over (no copy of the text before it)
        while j > 0 and text[j - 1] in _OPENING:
            j -= 1
        if j > 0 and text[j - 1] not in ".!?:;\n…":
            inside[m.group(0)] += 1
    if not inside:  # only at sentence starts (or not found): no evidence, the word as counted
        return term
    return max(inside.items(), key=lambda item: (item[1], item[0] == term))[0]


class _Cooccurring:
    """The codes that co-occur with each theme, from one mapping of every coding to its units.

    For a theme, its branch counts as the theme and its ancestors are left out, exactly as
    :func:`cooccurrence` on the codings with the branch collapsed gives them.
    """

    def __init__(self, frame: pd.DataFrame, corpus: Any, *, unit: str, codebook: Any, units_table: pd.DataFrame | None) -> None:
        self.frame, self.corpus, self.unit, self.codebook, self.units_table = frame, corpus, unit, codebook, units_table
        self.incidence: Any = None

    def _incidence(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(row of each incidence, its unit, unit of each (unit, code) pair, code of each pair, units per code,
        code index of each row, the codes)``, computed once.

        The distinct (unit, code) pairs are the non-zero cells of the 0/1 unit x code matrix;
        counting them per code gives that matrix's column sums (plain numpy, no scipy).
        """
        if self.incidence is None:
            rows, unit_ids, _ = unit_incidence(self.frame, self.corpus, self.unit, self.units_table)
            code_idx, uniques = pd.factorize(self.frame["code"].to_numpy(dtype=object))
            k = max(len(uniques), 1)
            pairs = np.unique(unit_ids.astype(np.int64) * k + code_idx[rows].astype(np.int64))
            pair_units, pair_codes = pairs // k, pairs % k
            per_code = np.bincount(pair_codes, minlength=len(uniques)).astype(np.int64)
            self.incidence = (rows, unit_ids, pair_units, pair_codes, per_code, code_idx, np.asarray(uniques, dtype=object))
        return self.incidence

    def of(self, code: str, mask: np.ndarray, *, empty: bool) -> pd.DataFrame:
        """``code, name, count, n_code, c`` for ``code`` (rows of its branch: ``mask``), most frequent first."""
        if empty:
            co = pd.DataFrame(columns=["code_a", "code_b", "count", "n_b", "c"])
        elif self.unit not in TEXT_UNITS + ("document",):
            collapsed = self.frame.assign(code=self.frame["code"].where(~mask, code))
            co = cooccurrence(collapsed, self.corpus, unit=self.unit, codebook=self.codebook, units_table=self.units_table)
            co = co[(co["code_a"] == code) & (co["code_b"] != code) & (co["count"] > 0)]
        else:
            rows, unit_ids, pair_units, pair_codes, per_code, code_idx, uniques = self._incidence()
            theme_units = np.unique(unit_ids[mask[rows]])
            # per code: the theme's units that hold it (the column sums of the matrix's theme rows)
            both = np.bincount(pair_codes[np.isin(pair_units, theme_units)], minlength=len(uniques)).astype(np.int64)
            outside = np.unique(code_idx[~mask])  # the codes left as they are by the collapse
            others = [c for c in order_codes(uniques[outside].tolist(), self.codebook)]
            position = {c: i for i, c in enumerate(uniques.tolist())}
            k = np.array([position[c] for c in others], dtype=np.int64)
            n_theme = len(theme_units)
            count = both[k] if len(k) else np.zeros(0, np.int64)
            n_b = per_code[k] if len(k) else np.zeros(0, np.int64)
            denom = n_theme + n_b - count
            with np.errstate(divide="ignore", invalid="ignore"):
                c = np.where(denom > 0, count / np.where(denom > 0, denom, 1), np.nan)
            keep = (np.array(others, dtype=object) != code) & (count > 0)
            columns = (np.array(others, dtype=object)[keep], count.astype(np.int64)[keep], n_b.astype(np.int64)[keep],
                       c.astype(float)[keep])
            return self._table(code, *columns)
        return self._table(code, co["code_b"].to_numpy(), co["count"].to_numpy(), co["n_b"].to_numpy(), co["c"].to_numpy())

    def _table(self, code: str, others: np.ndarray, count: np.ndarray, n_b: np.ndarray, c: np.ndarray) -> pd.DataFrame:
        """The co-occurring codes outside the theme's branch and its ancestors, by count, then c (missing last),
        then code (ties in the given order): ``code, name, count, n_code, c``."""
        keep = [i for i, other in enumerate(others.tolist()) if not in_branch(code, other, self.codebook)]
        missing = pd.isna(c)
        keep.sort(key=lambda i: (-count[i], bool(missing[i]), 0.0 if missing[i] else -c[i], others[i]))
        chosen = others[keep]
        names = code_names(chosen.tolist(), self.codebook)
        if not len(chosen):  # (the types the empty table had)
            out = pd.DataFrame({"code": chosen, "count": count[keep], "n_code": n_b[keep], "c": c[keep]})
            out.insert(1, "name", out["code"].map(names))
            return out
        return pd.DataFrame({"code": chosen, "name": np.array([names[x] for x in chosen.tolist()], dtype=object),
                             "count": count[keep], "n_code": n_b[keep], "c": c[keep]})

"""Theme summaries: the raw material of a thematic paragraph, and a templated sentence.

:func:`theme_summary` gathers, for one code, who mentions it (per group and port),
its distinctive words (weighted log-odds against the rest of what respondents said),
the codes it co-occurs with and representative quotes, and writes one plain-language
sentence in Dutch and one in English from those numbers. No language model is used:
the sentences are templates filled with counts, so they are exactly reproducible.
"""

from __future__ import annotations

from collections import Counter

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import pandas as pd

from researchkit.analysis._common import (
    as_list,
    check_codings,
    code_names,
    branch_mask,
    in_branch,
    merge_spans,
    stop_words,
)
from researchkit.analysis.cooccurrence import cooccurrence
from researchkit.analysis.frequencies import frequencies
from researchkit.analysis.quotes import quotes as _quotes
from researchkit.analysis.words import term_counts, weighted_log_odds
from researchkit.errors import AnalysisError

__all__ = ["theme_summary", "ThemeSummary", "DEFAULT_SUMMARY_BY"]

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
    """Group with the highest share (ties: more respondents, then name); only if > 0."""
    t = table[table["respondents"] > 0]
    if len(t) == 0:
        return None
    t = t.assign(_v=t[col].astype(str)).sort_values(["share", "respondents", "_v"], ascending=[False, False, True], kind="mergesort")
    row = t.iloc[0]
    return str(row[col]), int(row["respondents"]), int(row["n_respondents"])


def _sentences(s: ThemeSummary, by_cols: list[str], labels: Mapping[str, str]) -> tuple[str, str]:
    label = s.name if s.name and s.name != s.code else s.code
    if s.respondents == 0:
        nl = f"Het thema {label} wordt door geen van de {s.n_respondents} respondenten genoemd."
        en = f"The theme {label} is mentioned by none of the {s.n_respondents} respondents."
        return nl, en
    p_nl = "passage" if s.codings == 1 else "passages"
    i_nl = "interview" if s.documents == 1 else "interviews"
    nl = (f"Het thema {label} wordt genoemd door {s.respondents} van de {s.n_respondents} respondenten "
          f"({s.codings} {p_nl} in {s.documents} {i_nl})")
    en = (f"The theme {label} is mentioned by {s.respondents} of {s.n_respondents} respondents "
          f"({s.codings} passage{'s' if s.codings != 1 else ''} in {s.documents} interview{'s' if s.documents != 1 else ''})")
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
    words = s.terms[s.terms["z"] > 0]["term"].head(3).tolist() if len(s.terms) else []
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


def _rest_texts(corpus: Any, spans_by_doc: dict[str, list[tuple[int, int]]], roles: Sequence[str] | None) -> list[str]:
    """The text of the wanted roles' turns outside the code's passages."""
    from researchkit.units import units

    turns = units(corpus, "turn")
    if roles is not None:
        has_turns = {t.doc_id for t in corpus if t.turns}
        turns = turns[turns["role"].isin(set(roles)) | ~turns["doc_id"].isin(has_turns)]
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
    frame = check_codings(codings, corpus)
    mask = branch_mask(frame["code"], code, codebook)
    if not mask.any():
        known = codebook is not None and code in {getattr(c, "id", c) for c in codebook.walk()}
        if not known:
            raise AnalysisError(
                "RK503", f"code {code!r} is not in the codings" + ("" if codebook is None else " nor in the codebook"),
                hint="check the code id (codes in the codings: " + ", ".join(sorted(set(frame["code"].unique().tolist()))[:15]) + ")",
            )
    attrs = corpus.attributes
    if by is None:
        by_cols = [c for c in DEFAULT_SUMMARY_BY if c in attrs.columns]
    else:
        by_cols = as_list(by)
    theme = frame[mask].assign(code=code)
    overall = frequencies(theme, corpus, codes=[code]).iloc[0]
    mentions = {col: frequencies(theme, corpus, by=col, codes=[code]) for col in by_cols}
    name = code_names([code], codebook)[code]

    # distinctive words: the theme's passages against the rest of what was said
    spans_by_doc: dict[str, list[tuple[int, int]]] = {}
    for doc_id, g in theme.groupby("doc_id", sort=True):
        spans_by_doc[doc_id] = merge_spans(zip(g["start"], g["end"]))
    texts = corpus.texts()
    focus_texts = [texts[d][s:e] for d, spans in spans_by_doc.items() for s, e in spans]
    stop_set = stop_words() | {w.lower() for w in stop}
    focus = term_counts(focus_texts, stop=stop_set)
    rest = term_counts(_rest_texts(corpus, spans_by_doc, as_list(roles) if roles is not None else None), stop=stop_set)
    if min_documents > 1 and focus:
        doc_freq = Counter(t for d, spans in spans_by_doc.items()
                           for t in set(term_counts([texts[d][s:e] for s, e in spans], stop=stop_set)))
        focus = Counter({t: n for t, n in focus.items() if doc_freq[t] >= min_documents})
    terms = weighted_log_odds(focus, rest, min_count=min_count).head(n_terms) if focus else weighted_log_odds({}, {})
    # words are counted in lower case; a place or organisation named in the attributes keeps its own spelling
    proper = {v.lower(): v for col in attrs.columns for v in attrs[col].dropna().unique()
              if isinstance(v, str) and v and " " not in v.strip() and v[:1].isupper()}
    if len(terms) and proper:
        terms = terms.assign(term=[proper.get(t, t) for t in terms["term"]])

    # co-occurring codes (the theme's sub-codes count as the theme; its ancestors are left out)
    collapsed = frame.assign(code=frame["code"].where(~mask, code))
    co = cooccurrence(collapsed, corpus, unit=unit, codebook=codebook) if len(theme) else pd.DataFrame(columns=["code_a", "code_b", "count", "n_b", "c"])
    co = co[(co["code_a"] == code) & (co["code_b"] != code) & (co["count"] > 0)]
    co = co[pd.Series([not in_branch(code, other, codebook) for other in co["code_b"]], index=co.index, dtype=bool)]
    co = co.sort_values(["count", "c", "code_b"], ascending=[False, False, True], kind="mergesort")
    cooccurring = pd.DataFrame(
        {"code": co["code_b"].to_numpy(), "count": co["count"].to_numpy(), "n_code": co["n_b"].to_numpy(), "c": co["c"].to_numpy()}
    )
    cooccurring.insert(1, "name", cooccurring["code"].map(code_names(cooccurring["code"], codebook)))

    quote_table = (
        _quotes(theme, corpus, code=code, n=n_quotes, by=by_cols[:1] or None, codebook=None)
        if len(theme) and n_quotes
        else pd.DataFrame()
    )
    summary = ThemeSummary(
        code=code, name=name, codings=int(overall["codings"]), documents=int(overall["documents"]),
        respondents=int(overall["respondents"]), n_respondents=int(overall["n_respondents"]),
        mentions=mentions, terms=terms.reset_index(drop=True), cooccurring=cooccurring.reset_index(drop=True),
        quotes=quote_table,
    )
    summary.text_nl, summary.text_en = _sentences(summary, by_cols, dict(labels or {}))
    return summary

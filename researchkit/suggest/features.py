"""What a suggestion model sees of a unit: its words, its context and what the rules say.

Three kinds of evidence, each a function of the units table (and the corpus and rule
codings they come from), pure and vectorised:

* **rule hits** (:func:`rule_matrix`): for each unit, which codes the codebook's rules
  put on it, also rolled up to every ancestor code (a hit on ``SIG.2`` is evidence for
  ``SIG``, so parents share evidence with children), and the hits of the previous unit
  of the same turn;
* **the question asked** (:func:`unit_context`): the text of the last interviewer turn
  before the unit, and the previous unit's text in the same turn;
* **the text** itself: word 1-2-grams and character 3-5-grams within words (robust to
  Dutch compounds and inflection), fitted by :class:`FeatureSpace`.

A :class:`FeatureSpace` is fitted once on every unit of a corpus (no labels are used,
so this is not leakage) and then turns any subset of units into one sparse matrix; an
active-learning loop retrains only the per-code classifiers on it.

Examples
--------
>>> import pandas as pd
>>> units = pd.DataFrame({"doc_id": ["d", "d"], "start": [0, 10], "end": [9, 20],
...                       "turn": [1, 1], "text": ["drugs aan", "boord ja"]})
>>> rules = pd.DataFrame({"doc_id": ["d"], "start": [0], "end": [5], "code": ["FEN.DRG"]})
>>> m = rule_matrix(units, rules, {"d": "x" * 20}, codes=["FEN", "FEN.DRG"], parents={"FEN.DRG": "FEN"})
>>> m.tolist()
[[True, True], [False, False]]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping, Sequence

import numpy as np
import pandas as pd

from researchkit.agreement.presence import doc_offsets, unit_presence

if TYPE_CHECKING:  # pragma: no cover
    from researchkit.transcripts import Corpus

__all__ = ["FeatureSpace", "code_parents", "rule_matrix", "unit_context"]


def code_parents(codes: Sequence[str], codebook: Any = None) -> dict[str, str]:
    """``code -> parent`` from the codebook tree, else from dotted ids (``SIG.2`` -> ``SIG``).

    Examples
    --------
    >>> code_parents(["SIG", "SIG.2", "SIG.2.a"])
    {'SIG.2': 'SIG', 'SIG.2.a': 'SIG.2'}
    """
    out: dict[str, str] = {}
    known = set(codes)
    for code in codes:
        parent = None
        if codebook is not None:
            try:
                parent = codebook[code].parent
            except (KeyError, LookupError, AttributeError, TypeError):
                parent = None
        if parent is None and "." in code:
            parent = code.rsplit(".", 1)[0]
        if parent is not None and (parent in known or codebook is None):
            out[code] = parent
    return out


def _ancestors(code: str, parents: Mapping[str, str]) -> list[str]:
    chain, seen = [], {code}
    while code in parents and parents[code] not in seen:
        code = parents[code]
        seen.add(code)
        chain.append(code)
    return chain


def rule_matrix(
    units: pd.DataFrame,
    rules: pd.DataFrame,
    texts: Mapping[str, str],
    *,
    codes: Sequence[str],
    parents: Mapping[str, str] | None = None,
) -> np.ndarray:
    """Which of ``codes`` the rule codings put on each unit, rolled up to ancestors.

    Parameters
    ----------
    units
        Units (``doc_id, start, end``), non-overlapping within a document.
    rules
        Rule codings (``doc_id, start, end, code``); any coder.
    texts
        ``doc_id -> text`` of (at least) the units' documents.
    codes
        Column order of the result.
    parents
        ``code -> parent``; a hit counts for the code and every ancestor in ``codes``.

    Returns
    -------
    numpy.ndarray
        Boolean ``(len(units), len(codes))``, rows in the order of ``units``.
    """
    n = len(units)
    out = np.zeros((n, len(codes)), dtype=bool)
    if n == 0 or rules is None or len(rules) == 0 or not codes:
        return out
    parents = dict(parents or {})
    doc_ids = list(dict.fromkeys(units["doc_id"]))
    mine = rules[rules["doc_id"].isin(set(doc_ids))]
    rows = []
    wanted = set(codes)
    for code, group in mine.groupby("code", sort=True):
        targets = [c for c in [str(code), *_ancestors(str(code), parents)] if c in wanted]
        for target in targets:
            rows.append(group[["doc_id", "start", "end"]].assign(code=target))
    if not rows:
        return out
    table = pd.concat(rows, ignore_index=True).assign(coder="rules")
    base = doc_offsets(texts, doc_ids)
    order = np.lexsort((units["start"].to_numpy(), units["doc_id"].map({d: i for i, d in enumerate(doc_ids)}).to_numpy()))
    ordered = units.iloc[order].reset_index(drop=True)
    presence = unit_presence(ordered, table, coders=["rules"], codes=list(codes), doc_base=base)
    out[order] = presence.matrices["rules"]
    return out


def unit_context(units: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    """The question asked before each unit and the previous unit of its turn.

    Returns
    -------
    pandas.DataFrame
        ``question`` (text of the last interviewer turn that ends before the unit starts,
        ``""`` if none) and ``previous`` (the text of the previous unit in the same turn,
        ``""`` for the first), index aligned with ``units``.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript, Turn
    >>> t = Transcript("R1", "I: Zag u drugs?\\nR: Ja. Veel.", turns=(Turn("I", "interviewer", 3, 15),
    ...                Turn("R", "respondent", 19, 28)))
    >>> u = pd.DataFrame({"doc_id": ["R1", "R1"], "start": [19, 23], "end": [22, 28], "turn": [1, 1],
    ...                   "text": ["Ja.", "Veel."]})
    >>> unit_context(u, Corpus([t])).values.tolist()
    [['Zag u drugs?', ''], ['Zag u drugs?', 'Ja.']]
    """
    question = pd.Series("", index=units.index, dtype=object)
    if not {"doc_id", "start", "turn"} <= set(units.columns) or corpus is None:  # bare texts: no context
        return pd.DataFrame({"question": question, "previous": question.copy()}, index=units.index)
    turns = corpus.turns
    asked = turns[turns["role"] == "interviewer"][["doc_id", "end", "text"]] if len(turns) else turns
    if len(asked) and len(units):
        left = units[["doc_id", "start"]].assign(_row=np.arange(len(units)))
        left = left.astype({"doc_id": object, "start": "int64"}).sort_values("start", kind="stable")
        right = asked.rename(columns={"end": "start", "text": "question"})
        right = right.astype({"doc_id": object, "start": "int64"}).sort_values("start", kind="stable")
        merged = pd.merge_asof(left, right, on="start", by="doc_id", direction="backward", allow_exact_matches=True)
        merged = merged.sort_values("_row")
        question = pd.Series(merged["question"].fillna("").astype(str).to_numpy(), index=units.index, dtype=object)
    same_turn = (units["doc_id"].eq(units["doc_id"].shift()) & units["turn"].eq(units["turn"].shift())).to_numpy()
    previous = units["text"].shift().fillna("").astype(str).where(same_turn, "")
    return pd.DataFrame({"question": question.to_numpy(), "previous": previous.to_numpy()}, index=units.index)


@dataclass
class FeatureSpace:
    """Fitted vectorisers plus the rule evidence, turning units into one sparse matrix.

    Parameters
    ----------
    corpus
        The corpus the units come from (texts and turns).
    rules
        Rule codings of that corpus (``None``: no rule features).
    rule_codes
        Codes whose rule hits become features (default: the codes in ``rules`` and their
        ancestors).
    parents
        ``code -> parent`` for the roll-up (see :func:`code_parents`).
    rule_weight
        Scale of the rule-hit columns against the text columns (a larger scale is
        penalised less by the regulariser, so the model leans on the rules sooner).
    """

    corpus: Any
    rules: pd.DataFrame | None = None
    rule_codes: list[str] = field(default_factory=list)
    parents: dict[str, str] = field(default_factory=dict)
    rule_weight: float = 3.0
    context_weight: float = 0.5
    _vectorizers: dict[str, Any] = field(default_factory=dict, repr=False)

    def fit(self, units: pd.DataFrame) -> "FeatureSpace":
        """Fit the text vectorisers on ``units`` (all units of the corpus is best; no labels used)."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        if self.rules is not None and not self.rule_codes:
            found = [str(c) for c in sorted(self.rules["code"].astype(str).unique())]
            chain = {a for c in found for a in _ancestors(c, self.parents)}
            self.rule_codes = sorted(set(found) | chain)
        context = unit_context(units, self.corpus)
        texts = units["text"].astype(str).tolist() + ["_"]  # a token in every vocabulary, also for empty input
        min_df = 2 if len(texts) >= 50 else 1
        self._vectorizers = {
            "words": TfidfVectorizer(lowercase=True, ngram_range=(1, 2), min_df=1, sublinear_tf=True,
                                     token_pattern=r"(?u)\b\w+\b", max_features=50_000).fit(texts),
            "chars": TfidfVectorizer(lowercase=True, analyzer="char_wb", ngram_range=(3, 5), min_df=min_df,
                                     sublinear_tf=True, max_features=30_000).fit(texts + ["___"] * min_df),
            "question": TfidfVectorizer(lowercase=True, min_df=min_df, sublinear_tf=True, token_pattern=r"(?u)\b\w+\b",
                                        max_features=5_000).fit(list(context["question"]) + ["_"] * min_df),
        }
        return self

    def rule_hits(self, units: pd.DataFrame) -> np.ndarray:
        """Boolean rule hits of ``units`` over :attr:`rule_codes` (empty when there are no rules)."""
        if self.rules is None or not self.rule_codes:
            return np.zeros((len(units), 0), dtype=bool)
        return rule_matrix(units, self.rules, self.corpus.texts(), codes=self.rule_codes, parents=self.parents)

    def transform(self, units: pd.DataFrame, *, hits: np.ndarray | None = None) -> Any:
        """The sparse feature matrix of ``units`` (rows in their order)."""
        from scipy import sparse

        if not self._vectorizers:
            raise RuntimeError("FeatureSpace.fit must be called before transform")
        texts = units["text"].astype(str).tolist()
        context = unit_context(units, self.corpus)
        blocks = [self._vectorizers["words"].transform(texts), self._vectorizers["chars"].transform(texts),
                  self.context_weight * self._vectorizers["question"].transform(context["question"].tolist())]
        if hits is None:
            hits = self.rule_hits(units) if "doc_id" in units.columns else np.zeros((len(units), len(self.rule_codes)), bool)
        if self.rule_codes:
            same_turn = (units["doc_id"].eq(units["doc_id"].shift()) & units["turn"].eq(units["turn"].shift())).to_numpy() \
                if {"doc_id", "turn"} <= set(units.columns) else np.zeros(len(units), dtype=bool)
            previous = np.vstack([np.zeros((1, hits.shape[1]), dtype=bool), hits[:-1]]) & same_turn[:, None]
            blocks.append(sparse.csr_matrix(hits.astype(float) * self.rule_weight))
            blocks.append(sparse.csr_matrix(previous.astype(float) * self.context_weight))
        return sparse.hstack(blocks, format="csr")

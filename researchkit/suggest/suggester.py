"""The hybrid suggester: features of a corpus + the per-code estimator + the rules it falls back to.

:func:`fit_hybrid` trains it on labelled units; :class:`HybridSuggester` predicts
probabilities and decisions for any units of the same or another corpus (rule hits
for documents the rules have not seen are made by auto-coding them with the codebook).

Examples
--------
>>> import pandas as pd
>>> from researchkit.transcripts import Corpus, Transcript
>>> from researchkit.suggest.data import labelled_units
>>> corpus = Corpus([Transcript(f"R{i}", "Drugs in de haven. Mooi weer.") for i in range(4)])
>>> gold = pd.DataFrame({"doc_id": [f"R{i}" for i in range(4)], "start": 0, "end": 18, "code": "DRG",
...                      "coder": "ann", "source": "manual"})
>>> s = fit_hybrid(labelled_units(gold, corpus, coder="ann"), corpus=corpus, min_examples=2)
>>> chosen, conf = s.decide(labelled_units(gold, corpus, coder="ann").units)
>>> chosen[:, 0].tolist()
[True, False, True, False, True, False, True, False]
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

import numpy as np
import pandas as pd

from researchkit.suggest.data import LabelledUnits
from researchkit.suggest.features import FeatureSpace, code_parents, rule_matrix
from researchkit.suggest.hybrid import HybridEstimator

if TYPE_CHECKING:  # pragma: no cover
    from researchkit.transcripts import Corpus

__all__ = ["HybridSuggester", "fit_hybrid", "rule_codings"]


def rule_codings(corpus: Corpus, rules: Any, *, unit: str = "sentence", roles: Iterable[str] | str | None = None,
                 lang: str | None = None) -> pd.DataFrame | None:
    """Rule codings of a corpus: ``rules`` itself when it is a codings table, auto-coded when a codebook.

    Examples
    --------
    >>> rule_codings(None, None) is None
    True
    """
    if rules is None:
        return None
    if isinstance(rules, pd.DataFrame):
        return rules
    from researchkit.autocode import autocode

    options = {"unit": unit, "roles": roles}
    if lang:
        options["lang"] = lang
    try:
        return autocode(corpus, rules, **options)
    except TypeError:  # an autocode without a lang option
        options.pop("lang", None)
        return autocode(corpus, rules, **options)


@dataclass
class HybridSuggester:
    """A trained hybrid model (see :func:`fit_hybrid`)."""

    space: FeatureSpace
    estimator: HybridEstimator
    codes: list[str]
    codebook: Any = None
    unit: str = "sentence"
    roles: Any = None
    rule_precision: np.ndarray | None = None

    def _space_for(self, corpus: Corpus | None, units: pd.DataFrame) -> FeatureSpace:
        if corpus is None or corpus is self.space.corpus:
            return self.space
        rules = self.space.rules
        if self.codebook is not None:
            have = set() if rules is None else set(rules["doc_id"])
            missing = [d for d in dict.fromkeys(units["doc_id"]) if d not in have]
            if missing:
                from researchkit.transcripts import Corpus as _Corpus

                extra = rule_codings(_Corpus([corpus[d] for d in missing]), self.codebook, unit=self.unit, roles=self.roles)
                rules = extra if rules is None else pd.concat([rules, extra], ignore_index=True)
        return dataclasses.replace(self.space, corpus=corpus, rules=rules)

    def hits(self, units: pd.DataFrame, *, corpus: Corpus | None = None) -> np.ndarray:
        """Exact rule hits (no roll-up) of ``units`` for :attr:`codes`."""
        space = self._space_for(corpus, units)
        if space.rules is None:
            return np.zeros((len(units), len(self.codes)), dtype=bool)
        return rule_matrix(units, space.rules, space.corpus.texts(), codes=self.codes)

    def predict_proba(self, units: pd.DataFrame, *, corpus: Corpus | None = None) -> np.ndarray:
        """Calibrated probabilities ``(units, codes)``."""
        space = self._space_for(corpus, units)
        return self.estimator.predict_proba(space.transform(units))

    def decide(self, units: pd.DataFrame, *, corpus: Corpus | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Suggestions (boolean) and their confidence for ``units``.

        A code decided by its rules gets the rules' precision on the training units as
        its confidence (or the model's probability when that is higher).
        """
        space = self._space_for(corpus, units)
        hits = self.hits(units, corpus=corpus) if space.rules is not None else np.zeros((len(units), len(self.codes)), bool)
        proba = self.estimator.predict_proba(space.transform(units))
        chosen = self.estimator.decide(proba, hits)
        if self.rule_precision is not None:
            proba = np.where(hits, np.maximum(proba, self.rule_precision[None, :]), proba)
        return chosen, proba


def fit_hybrid(
    data: LabelledUnits,
    *,
    corpus: Corpus,
    rules: pd.DataFrame | None = None,
    codebook: Any = None,
    min_examples: int = 5,
    seed: int = 0,
    known: np.ndarray | None = None,
    space: FeatureSpace | None = None,
    roles: Any = None,
    options: dict | None = None,
) -> HybridSuggester:
    """Train the hybrid model on labelled units.

    Parameters
    ----------
    data
        Units and their (human) labels.
    corpus
        The corpus of the units (texts and turns for the context features).
    rules
        Rule codings of (at least) the units' documents; ``None`` trains on text and
        context only.
    codebook
        For the code tree (roll-up of rule evidence) and for auto-coding documents the
        rules have not seen at prediction time.
    min_examples
        Codes with fewer known positives are decided by their rules only.
    seed
        Solver seed.
    known
        Which labels are known (default all; review decisions label single codes).
    space
        A :class:`FeatureSpace` already fitted (e.g. on the whole corpus).
    options
        ``alpha``, ``inner_folds``, ``margin`` and ``min_f1`` of :class:`~researchkit.suggest.hybrid.HybridEstimator`,
        ``rule_weight`` and ``context_weight`` of the feature space.
    """
    options = dict(options or {})
    if space is None:
        all_codes = list(data.codes)
        if rules is not None and len(rules):
            all_codes = sorted(set(all_codes) | set(rules["code"].astype(str)))
        space = FeatureSpace(corpus, rules, parents=code_parents(all_codes, codebook),
                             rule_weight=float(options.get("rule_weight", 3.0)),
                             context_weight=float(options.get("context_weight", 0.5))).fit(data.units)
    X = space.transform(data.units)
    hits = (rule_matrix(data.units, rules, corpus.texts(), codes=data.codes) if rules is not None
            else np.zeros(data.labels.shape, dtype=bool))
    estimator = HybridEstimator(alpha=float(options.get("alpha", 1.0)), min_examples=min_examples, seed=seed,
                                inner_folds=int(options.get("inner_folds", 3)), margin=float(options.get("margin", 0.1)),
                                min_f1=float(options.get("min_f1", 0.3)))
    estimator.fit(X, data.labels, groups=data.units["doc_id"].to_numpy(), hits=hits, known=known)
    mask = np.ones_like(data.labels) if known is None else known
    with np.errstate(divide="ignore", invalid="ignore"):
        tp = (hits & data.labels & mask).sum(axis=0)
        fired = (hits & mask).sum(axis=0)
        precision = np.where(fired > 0, tp / np.maximum(fired, 1), 0.5)
    return HybridSuggester(space=space, estimator=estimator, codes=list(data.codes), codebook=codebook,
                           unit=data.unit, roles=roles, rule_precision=precision)

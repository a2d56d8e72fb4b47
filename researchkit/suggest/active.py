"""Active learning: review first what teaches the model most, and retrain after each batch.

Two orderings of a review queue:

``"confidence"``
    most confident suggestions first (what a reviewer accepts quickly);
``"active"``
    most *informative* first: suggestions whose probability is closest to their code's
    threshold (uncertainty), spread over interviews and codes (diversity: a round-robin
    over documents and codes, so a batch never sits in one interview).

:class:`ActiveLearner` keeps the feature matrix of every unit of a corpus (fitted once,
without labels), takes the human coder's codings and the reviewer's decisions as labels
(an accepted suggestion is a positive of its code on its units, a rejected one a
negative — only for that code), retrains the per-code classifiers in about a second and
orders the remaining suggestions. :func:`active_learning_curve` measures whether that
ordering helps: F1 on held-out interviews after 25, 50, 100, 200 reviewed units with
active against random ordering, over several seeds.

Examples
--------
>>> import pandas as pd
>>> s = pd.DataFrame({"doc_id": ["a", "a", "b"], "start": [0, 5, 0], "end": [4, 9, 4], "code": ["X", "X", "Y"],
...                   "confidence": [0.9, 0.52, 0.6], "threshold": [0.5, 0.5, 0.5]})
>>> order_suggestions(s, strategy="active")[["doc_id", "start"]].values.tolist()
[['a', 5], ['b', 0], ['a', 0]]
>>> order_suggestions(s, strategy="confidence")["confidence"].tolist()
[0.9, 0.6, 0.52]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Sequence

import numpy as np
import pandas as pd

from researchkit.errors import SuggestionError
from researchkit.suggest.data import corpus_units, labelled_units
from researchkit.suggest.evaluate import document_folds, scores
from researchkit.suggest.features import FeatureSpace, code_parents, rule_matrix
from researchkit.suggest.hybrid import HybridEstimator
from researchkit.suggest.suggester import rule_codings

if TYPE_CHECKING:  # pragma: no cover
    from researchkit.transcripts import Corpus

__all__ = ["ORDERINGS", "ActiveLearner", "active_learning_curve", "order_suggestions", "uncertainty"]

#: Orderings of a review queue.
ORDERINGS = ("confidence", "active", "random")


def uncertainty(proba: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """How undecided each probability is: 1 at its code's threshold, 0 at certainty.

    Examples
    --------
    >>> uncertainty(np.array([0.5, 0.9, 0.1]), np.array([0.5, 0.5, 0.5])).round(2).tolist()
    [1.0, 0.2, 0.2]
    """
    t = np.clip(np.where(np.isfinite(thresholds), thresholds, 1.0), 1e-6, 1 - 1e-6)
    span = np.where(proba >= t, 1 - t, t)
    return np.clip(1 - np.abs(proba - t) / span, 0.0, 1.0)


def _round_robin(frame: pd.DataFrame, by: Sequence[str]) -> np.ndarray:
    """Rank of each row within its group (0 for the best of each group), rows already in preference order."""
    return frame.groupby(list(by), sort=False).cumcount().to_numpy()


def order_suggestions(suggestions: pd.DataFrame, *, strategy: str = "confidence", seed: int = 0) -> pd.DataFrame:
    """Order a review queue.

    Parameters
    ----------
    suggestions
        Codings-shaped suggestions with ``confidence`` (and ``threshold``, the code's
        decision threshold, for ``"active"``; 0.5 when missing).
    strategy
        ``"confidence"`` (most confident first), ``"active"`` (most informative first,
        round-robin over documents and codes) or ``"random"`` (seeded shuffle).
    seed
        Seed of ``"random"`` and of tie-breaking.

    Returns
    -------
    pandas.DataFrame
        The same rows, reordered, index reset.
    """
    if strategy not in ORDERINGS:
        raise SuggestionError("RK410", f"unknown review ordering {strategy!r}", hint=f"use one of {', '.join(ORDERINGS)}")
    frame = suggestions.reset_index(drop=True)
    if frame.empty:
        return frame
    rng = np.random.default_rng(seed)
    tie = rng.random(len(frame))
    if strategy == "random":
        return frame.iloc[np.argsort(tie, kind="stable")].reset_index(drop=True)
    confidence = frame["confidence"].astype(float).fillna(0.0).to_numpy() if "confidence" in frame else np.zeros(len(frame))
    if strategy == "confidence":
        return frame.iloc[np.lexsort((tie, -confidence))].reset_index(drop=True)
    threshold = frame["threshold"].astype(float).to_numpy() if "threshold" in frame else np.full(len(frame), 0.5)
    informative = uncertainty(confidence, threshold)
    ranked = frame.iloc[np.lexsort((tie, -informative))]
    # rounds over documents; within a round, codes not yet seen in it first
    doc_round = _round_robin(ranked, ["doc_id"])
    code_round = _round_robin(ranked.assign(_round=doc_round), ["_round", "code"])
    order = np.lexsort((-informative[ranked.index.to_numpy()], code_round, doc_round))
    return ranked.iloc[order].reset_index(drop=True)


@dataclass
class ActiveLearner:
    """Labels from coding and review, a model retrained in seconds, and an informative review order.

    Parameters
    ----------
    corpus
        The whole corpus (features are fitted once on all its units, without labels).
    codes
        The codes to learn (default: every code of the codebook, else of the rules).
    rules
        Rule codings of the corpus, or a codebook to auto-code it with.
    codebook
        The code tree (default: ``rules`` when it is a codebook).
    unit, roles
        The units suggestions are made on.
    min_examples, seed, options
        As for the hybrid model.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript(f"R{i}", "Drugs in de haven. Mooi weer.") for i in range(4)])
    >>> learner = ActiveLearner(corpus, codes=["DRG"], min_examples=2)
    >>> gold = pd.DataFrame({"doc_id": ["R0", "R1", "R2"], "start": 0, "end": 18, "code": "DRG", "coder": "ann"})
    >>> learner.add_codings(gold).fit().suggestions(documents=["R3"])[["doc_id", "start", "code"]].values.tolist()
    [['R3', 0, 'DRG']]
    """

    corpus: Any
    codes: list[str] | None = None
    rules: Any = None
    codebook: Any = None
    unit: str = "sentence"
    roles: Iterable[str] | str | None = None
    min_examples: int = 5
    seed: int = 0
    options: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.codebook is None and self.rules is not None and not isinstance(self.rules, pd.DataFrame):
            self.codebook = self.rules
        self.rules = rule_codings(self.corpus, self.rules, unit=self.unit, roles=self.roles)
        if self.codes is None:
            if self.codebook is not None:
                self.codes = list(self.codebook.ids()) if callable(getattr(self.codebook, "ids", None)) else []
            elif self.rules is not None:
                self.codes = sorted(self.rules["code"].astype(str).unique())
            else:
                raise SuggestionError("RK410", "ActiveLearner needs codes, rules or a codebook",
                                      hint="pass codes=[...] or a codebook")
        self.codes = list(self.codes)
        self.units = corpus_units(self.corpus, self.unit, roles=self.roles).reset_index(drop=True)
        parents = code_parents(sorted(set(self.codes) | set([] if self.rules is None else self.rules["code"].astype(str))),
                               self.codebook)
        self.space = FeatureSpace(self.corpus, self.rules, parents=parents,
                                  rule_weight=float(self.options.get("rule_weight", 3.0))).fit(self.units)
        self.X = self.space.transform(self.units)
        self.hits = (rule_matrix(self.units, self.rules, self.corpus.texts(), codes=self.codes)
                     if self.rules is not None else np.zeros((len(self.units), len(self.codes)), dtype=bool))
        self.labels = np.zeros((len(self.units), len(self.codes)), dtype=bool)
        self.known = np.zeros_like(self.labels)
        self.estimator: HybridEstimator | None = None

    # ------------------------------------------------------------------ labels
    def _overlap(self, rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """(unit index, code column) pairs of codings rows overlapping units."""
        col = {c: j for j, c in enumerate(self.codes)}
        rows = rows[rows["code"].astype(str).isin(col)]
        if rows.empty:
            return np.zeros(0, int), np.zeros(0, int)
        merged = rows[["doc_id", "start", "end", "code"]].reset_index(drop=True).assign(_r=lambda f: np.arange(len(f)))
        u = self.units[["doc_id", "start", "end"]].assign(_u=np.arange(len(self.units)))
        pairs = merged.merge(u, on="doc_id", suffixes=("", "_u"))
        pairs = pairs[(pairs["start"] < pairs["end_u"]) & (pairs["start_u"] < pairs["end"])]
        return pairs["_u"].to_numpy(), pairs["code"].astype(str).map(col).to_numpy()

    def add_codings(self, codings: pd.DataFrame, *, documents: Sequence[str] | None = None) -> "ActiveLearner":
        """A human coder's codings: every code becomes known on every unit of the documents they coded."""
        docs = set(codings["doc_id"]) if documents is None else set(documents)
        in_docs = self.units["doc_id"].isin(docs).to_numpy()
        self.known[in_docs] = True
        self.labels[in_docs] = False
        u, c = self._overlap(codings[codings["doc_id"].isin(docs)])
        self.labels[u, c] = True
        return self

    def add_decisions(self, reviews: pd.DataFrame) -> "ActiveLearner":
        """Review decisions (``doc_id, start, end, code, decision``): accept = positive, reject = negative, for that code only."""
        for decision, value in (("reject", False), ("accept", True)):
            u, c = self._overlap(reviews[reviews["decision"] == decision])
            self.known[u, c] = True
            self.labels[u, c] = value
        return self

    @classmethod
    def from_project(cls, project: Any, *, reviewer: str, coders: Sequence[str] | None = None,
                     unit: str = "sentence", roles: Iterable[str] | str | None = ("respondent",),
                     min_examples: int = 5, seed: int = 0) -> "ActiveLearner":
        """A learner on a project: its corpus and codebook, the rules' codings, the humans' codings and the reviewer's decisions.

        Parameters
        ----------
        project
            A :class:`researchkit.Project`.
        reviewer
            Whose review decisions are labels.
        coders
            Human coders whose codings are labels (default: every coder of ``source="manual"``
            codings; each coded document counts as fully labelled by them).
        """
        codings = project.codings()
        rules = codings[codings["source"] == "rules"] if "source" in codings else None
        codebook = project.codebook()
        learner = cls(project.corpus(), rules=rules if rules is not None and len(rules) else codebook,
                      codebook=codebook, unit=unit, roles=list(roles) if roles else None,
                      min_examples=min_examples, seed=seed)
        manual = codings[codings["source"] == "manual"] if "source" in codings else codings.iloc[:0]
        if coders is not None:
            manual = manual[manual["coder"].isin(set(coders))]
        reviews = project.reviews(reviewer=reviewer)
        # documents coded by hand outside the review queue count as labelled for every code
        accepted = set(reviews["result"].dropna()) if "result" in reviews else set()
        own = manual[~manual["id"].isin(accepted)] if "id" in manual else manual
        if len(own):
            learner.add_codings(own)
        if len(reviews):
            learner.add_decisions(reviews)
        return learner.fit()

    def order(self, suggestions: pd.DataFrame, *, strategy: str = "active") -> pd.DataFrame:
        """Order any codings-shaped suggestions (e.g. ``project.suggestions(reviewer=...)``) for review.

        Each suggestion gets the model's probability for its code on the unit it
        overlaps most (``confidence``; rule-decided codes 0.5) and its code's threshold,
        then :func:`order_suggestions` orders them.
        """
        frame = suggestions.reset_index(drop=True)
        if frame.empty or strategy == "random":
            return order_suggestions(frame, strategy=strategy, seed=self.seed)
        if self.estimator is None:
            self.fit()
        col = {code: j for j, code in enumerate(self.codes)}
        confidence = np.full(len(frame), 0.5)
        threshold = np.full(len(frame), 0.5)
        rows_code = frame["code"].astype(str).map(col)
        left = frame[["doc_id", "start", "end"]].astype({"doc_id": object}).assign(_row=np.arange(len(frame)))
        left = left[rows_code.notna().to_numpy()]
        right = self.units[["doc_id", "start", "end"]].astype({"doc_id": object}).assign(_unit=np.arange(len(self.units)))
        pairs = left.merge(right, on="doc_id", suffixes=("", "_u"))
        pairs = pairs[(pairs["start"] < pairs["end_u"]) & (pairs["start_u"] < pairs["end"])]
        first = pairs.sort_values(["_row", "_unit"]).drop_duplicates("_row")
        unit_of = np.full(len(frame), -1)
        unit_of[first["_row"].to_numpy()] = first["_unit"].to_numpy()
        placed = np.flatnonzero(unit_of >= 0)
        if len(placed):
            _, conf = self._decide(unit_of[placed])
            cols = rows_code.to_numpy()[placed].astype(int)
            confidence[placed] = conf[np.arange(len(placed)), cols]
            modes = np.asarray(self.estimator.modes)[cols]
            threshold[placed] = np.where(modes == "rules", 0.5, self.estimator.thresholds[cols])
        return order_suggestions(frame.assign(confidence=confidence, threshold=threshold), strategy=strategy,
                                 seed=self.seed)

    # ------------------------------------------------------------------ model
    def fit(self) -> "ActiveLearner":
        """Retrain every code's classifier on the known labels (features are not refitted)."""
        rows = np.flatnonzero(self.known.any(axis=1))
        self.estimator = HybridEstimator(min_examples=self.min_examples, seed=self.seed,
                                         alpha=float(self.options.get("alpha", 1.0)),
                                         margin=float(self.options.get("margin", 0.1)))
        if len(rows):
            self.estimator.fit(self.X[rows], self.labels[rows], groups=self.units["doc_id"].to_numpy()[rows],
                               hits=self.hits[rows], known=self.known[rows])
        else:
            self.estimator.fit(self.X[:0], self.labels[:0], groups=[], hits=self.hits[:0], known=self.known[:0])
        return self

    def _decide(self, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self.estimator is None:
            self.fit()
        proba = self.estimator.predict_proba(self.X[index]) if len(index) else np.zeros((0, len(self.codes)))
        hits = self.hits[index]
        chosen = self.estimator.decide(proba, hits)
        # a code decided by its rules is as uncertain as a coin toss until the model has a view
        confidence = np.where(np.asarray(self.estimator.modes)[None, :] == "rules", np.where(hits, 0.5, 0.0), proba)
        return chosen, confidence

    def suggestions(self, *, strategy: str = "active", documents: Sequence[str] | None = None,
                    n: int | None = None) -> pd.DataFrame:
        """Suggestions on units not yet labelled for their code, in review order.

        Returns
        -------
        pandas.DataFrame
            Codings shape (``doc_id, start, end, code, coder="model:active", source="model",
            text, unit, confidence, threshold``), ordered by ``strategy``, at most ``n`` rows.
        """
        mask = np.ones(len(self.units), dtype=bool) if documents is None else self.units["doc_id"].isin(set(documents)).to_numpy()
        index = np.flatnonzero(mask)
        chosen, confidence = self._decide(index)
        chosen &= ~self.known[index]
        r, c = np.nonzero(chosen)
        rows = self.units.iloc[index[r]]
        thresholds = np.where(np.asarray(self.estimator.modes) == "rules", 0.5, self.estimator.thresholds)
        out = pd.DataFrame({
            "doc_id": rows["doc_id"].to_numpy(), "start": rows["start"].to_numpy(dtype="int64"),
            "end": rows["end"].to_numpy(dtype="int64"), "code": np.asarray(self.codes, dtype=object)[c],
            "coder": "model:active", "source": "model", "text": rows["text"].to_numpy(), "unit": self.unit,
            "confidence": confidence[r, c], "threshold": thresholds[c],
        })
        out = order_suggestions(out, strategy=strategy, seed=self.seed)
        return out if n is None else out.head(n)

    def informative_units(self, pool: np.ndarray, n: int, *, rng: np.random.Generator) -> np.ndarray:
        """The ``n`` units of ``pool`` (indices) most worth reviewing whole: uncertain, or hit by rules, spread over documents."""
        if n <= 0 or len(pool) == 0:
            return np.zeros(0, dtype=int)
        _, confidence = self._decide(pool)
        thresholds = np.where(np.asarray(self.estimator.modes) == "rules", 0.5, self.estimator.thresholds)
        modelled = np.asarray([m in ("model", "union") for m in self.estimator.modes])
        score = uncertainty(confidence, thresholds)[:, modelled].sum(axis=1) + self.hits[pool].sum(axis=1)
        score = score + 1e-6 * rng.random(len(pool))
        frame = pd.DataFrame({"doc_id": self.units["doc_id"].to_numpy()[pool], "score": score, "i": pool})
        frame = frame.sort_values("score", ascending=False, kind="stable")
        frame["turn"] = frame.groupby("doc_id", sort=False).cumcount()
        frame = frame.sort_values(["turn", "score"], ascending=[True, False], kind="stable")
        return frame["i"].to_numpy()[:n]


def active_learning_curve(
    codings: pd.DataFrame,
    corpus: Corpus,
    *,
    coder: str,
    rules: Any = None,
    codebook: Any = None,
    sizes: Sequence[int] = (25, 50, 100, 200),
    seeds: Sequence[int] = (0, 1, 2),
    folds: int = 4,
    unit: str = "sentence",
    roles: Iterable[str] | str | None = None,
    min_examples: int = 5,
    options: dict | None = None,
) -> pd.DataFrame:
    """Held-out micro-F1 after reviewing ``sizes`` units in active against random order.

    For each fold of whole documents and each seed, a simulated reviewer starts with no
    labels (the model is the rules) and reviews units of the training documents — all of
    a unit's codes, taken from ``coder``'s codings — in batches up to each size, chosen
    by the current model (``active``) or at random (``random``); after each batch the
    model is retrained and the held-out documents are predicted.

    Returns
    -------
    pandas.DataFrame
        One row per strategy and size: ``strategy, reviewed_units, mean_f1, std_f1,
        min_f1, max_f1, n_seeds`` (micro-F1 pooled over the folds, then over seeds).
    """
    data = labelled_units(codings, corpus, coder=coder, unit=unit, roles=roles)
    groups = document_folds(data.doc_ids, min(folds, len(data.doc_ids)), seeds[0] if seeds else 0)
    sizes = sorted({int(s) for s in sizes})
    learner = ActiveLearner(corpus, codes=list(data.codes), rules=rules, codebook=codebook, unit=unit, roles=roles,
                            min_examples=min_examples, options=dict(options or {}))
    key = data.units[["doc_id", "start"]].astype({"doc_id": object, "start": "int64"})
    where = learner.units[["doc_id", "start"]].astype({"doc_id": object, "start": "int64"}).reset_index() \
        .merge(key.reset_index(), on=["doc_id", "start"], suffixes=("_learner", "_data"))
    truth = np.zeros_like(learner.labels)
    truth[where["index_learner"].to_numpy()] = data.labels[where["index_data"].to_numpy()]
    in_data = np.zeros(len(learner.units), dtype=bool)
    in_data[where["index_learner"].to_numpy()] = True
    results = []
    for seed in seeds:
        for strategy in ("active", "random"):
            pooled = {size: (np.zeros((0, len(data.codes)), bool), np.zeros((0, len(data.codes)), bool)) for size in sizes}
            for test_docs in groups:
                test = in_data & learner.units["doc_id"].isin(set(test_docs)).to_numpy()
                pool = np.flatnonzero(in_data & ~test)
                rng = np.random.default_rng(seed)
                learner.known[:] = False
                learner.labels[:] = False
                learner.fit()
                reviewed = np.zeros(0, dtype=int)
                for size in sizes:
                    remaining = np.setdiff1d(pool, reviewed)
                    need = min(size - len(reviewed), len(remaining))
                    if strategy == "random":
                        batch = rng.choice(remaining, size=need, replace=False) if need > 0 else np.zeros(0, int)
                    else:
                        batch = learner.informative_units(remaining, need, rng=rng)
                    reviewed = np.concatenate([reviewed, batch]).astype(int)
                    learner.known[reviewed] = True
                    learner.labels[reviewed] = truth[reviewed]
                    learner.fit()
                    chosen, _ = learner._decide(np.flatnonzero(test))
                    t, p = pooled[size]
                    pooled[size] = (np.vstack([t, truth[test]]), np.vstack([p, chosen]))
            for size in sizes:
                t, p = pooled[size]
                f1 = scores(t.reshape(-1, 1), p.reshape(-1, 1), ["all"]).iloc[0]["f1"]
                results.append({"strategy": strategy, "reviewed_units": size, "seed": seed, "f1": float(f1)})
    frame = pd.DataFrame(results)
    out = frame.groupby(["strategy", "reviewed_units"], sort=False)["f1"].agg(["mean", "std", "min", "max", "count"])
    out = out.reset_index().rename(columns={"mean": "mean_f1", "std": "std_f1", "min": "min_f1", "max": "max_f1",
                                            "count": "n_seeds"})
    out.attrs.update({"folds": groups, "per_seed": frame})
    return out

"""The hybrid suggestion model: text, context and rule hits, one calibrated classifier per code.

For every code with enough examples a class-weighted logistic regression is trained on
the :class:`~researchkit.suggest.features.FeatureSpace` matrix (words, character
n-grams, the question asked, the rules' hits on the unit and on the previous unit,
rolled up the code tree). Inner cross-validation by document (never by sentence) gives
out-of-fold scores on the training data, from which each code gets

* a **calibration** (Platt scaling of the out-of-fold scores: ``confidence`` is a
  probability a reviewer can read), and
* a **decision**: the threshold that maximises that code's F1, or — when the rules alone
  did better on the same out-of-fold units — the rules themselves, or their union with
  the model. A model that starts from the rules therefore falls back to them wherever it
  cannot beat them; codes with too few examples are decided by their rules.

Labels may be partial: ``known[i, j]`` says whether unit ``i`` is labelled for code
``j`` (a reviewed suggestion labels one code of one unit), so review decisions can be
learnt from directly.

Examples
--------
>>> import numpy as np
>>> from scipy import sparse
>>> X = sparse.csr_matrix(np.array([[1, 0], [1, 0], [0, 1], [0, 1]] * 5, dtype=float))
>>> y = np.array([[1], [1], [0], [0]] * 5, dtype=bool)
>>> groups = np.repeat(["a", "b", "c", "d", "e"], 4)
>>> est = HybridEstimator(min_examples=2).fit(X, y, groups=groups, hits=np.zeros((20, 1), bool))
>>> est.decide(est.predict_proba(X[:4]), np.zeros((4, 1), bool))[:, 0].tolist()
[True, True, False, False]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

__all__ = ["HybridEstimator", "MODES", "best_threshold"]

#: How a code is decided: by the model's threshold, by its rules, by either, or not at all
#: (a model too weak in inner cross-validation, without rules to fall back on).
MODES = ("model", "rules", "union", "off")


def best_threshold(truth: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    """The score threshold with the highest F1 (``(threshold, f1)``; ``(inf, 0)`` without positives).

    Vectorised over the sorted scores: every cut between distinct scores is a
    candidate; the threshold lies halfway between the last score kept and the next one,
    so that new units scoring a little lower than the training positives still count.

    Examples
    --------
    >>> best_threshold(np.array([1, 1, 0, 0], bool), np.array([0.9, 0.6, 0.7, 0.1]))
    (0.35, 0.8)
    """
    truth = np.asarray(truth, dtype=bool)
    positives = int(truth.sum())
    if positives == 0 or len(scores) == 0:
        return float("inf"), 0.0
    order = np.argsort(-scores, kind="stable")
    s, t = scores[order], truth[order]
    tp = np.cumsum(t)
    predicted = np.arange(1, len(s) + 1)
    last = np.r_[s[1:] != s[:-1], True]  # only cut between distinct scores
    f1 = np.where(last, 2 * tp / (predicted + positives), -1.0)
    best = int(np.argmax(f1))
    cut = (s[best] + s[best + 1]) / 2 if best + 1 < len(s) else s[best]
    return round(float(cut), 12), float(f1[best])


def _f1(truth: np.ndarray, pred: np.ndarray) -> float:
    tp = int((truth & pred).sum())
    denom = int(truth.sum()) + int(pred.sum())
    return 2 * tp / denom if denom else 0.0


def _inner_folds(groups: np.ndarray, n_splits: int) -> list[np.ndarray]:
    uniq = list(dict.fromkeys(groups.tolist()))
    k = min(n_splits, len(uniq))
    if k < 2:
        return []
    assign = {g: i % k for i, g in enumerate(uniq)}
    fold = np.array([assign[g] for g in groups.tolist()])
    return [fold == i for i in range(k)]


def _solve_dual(K: np.ndarray, Y: np.ndarray, alpha: float) -> np.ndarray:
    """Dual ridge coefficients ``(K + alpha I)^-1 Y`` for every column of ``Y`` at once.

    BLAS runs on one thread: for matrices of a few thousand rows threads only add
    overhead, and on a busy machine they thrash (measured: 2.4 s instead of 0.01 s).
    """
    from scipy.linalg import cho_factor, cho_solve
    from threadpoolctl import threadpool_limits

    A = K + alpha * np.eye(K.shape[0])
    with threadpool_limits(limits=1, user_api="blas"):
        return cho_solve(cho_factor(A, lower=True, check_finite=False), Y, check_finite=False)


@dataclass
class HybridEstimator:
    """One ridge classifier per code (solved together), inner-CV thresholds, calibration, rule fall-back.

    The classifiers are linear ridge regressions of the 0/1 labels on the features,
    solved in the dual: with a few thousand units and tens of thousands of features one
    Cholesky factorisation of the unit x unit kernel serves every code, so training on
    1,000 units x 80 codes takes well under a second. Each code's threshold then
    handles its class imbalance, and Platt scaling turns scores into probabilities.

    Parameters
    ----------
    alpha
        Ridge penalty.
    min_examples
        Codes with fewer known positives are decided by their rules only.
    inner_folds
        Folds of whole documents for the out-of-fold scores (fewer when there are fewer
        documents; with one document the code is decided by the rules if it has any
        hit, else at a probability of 0.5).
    margin
        How much better (in inner-CV F1) the model or the union must be than the rules
        alone before it replaces them for a code; the rules are what the researcher
        already trusts, and a small inner-CV gain on a few interviews is mostly noise.
        Replacing a code's rules also takes at least ``2 * min_examples`` examples.
    min_f1
        A code without rule hits whose model reaches less than this inner-CV F1 is not
        suggested at all (a reviewer's time is better spent elsewhere).
    seed
        Unused by the closed-form solver; kept so that results name their seed.
    """

    alpha: float = 1.0
    min_examples: int = 5
    inner_folds: int = 3
    margin: float = 0.1
    min_f1: float = 0.3
    seed: int = 0
    n_codes: int = 0
    estimators: list[Any] = field(default_factory=list, repr=False)
    calibration: list[tuple[float, float] | None] = field(default_factory=list, repr=False)
    thresholds: np.ndarray = field(default_factory=lambda: np.zeros(0))
    modes: list[str] = field(default_factory=list)
    inner_f1: np.ndarray = field(default_factory=lambda: np.zeros(0))
    _X: Any = field(default=None, repr=False)
    _dual: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------ training
    def _trainable(self, y: np.ndarray, known: np.ndarray) -> bool:
        yk = y[known]
        return int(yk.sum()) >= self.min_examples and int((~yk).sum()) >= 1

    def _kernel(self, A: Any, B: Any) -> np.ndarray:
        return np.asarray((A @ B.T).todense() if hasattr(A @ B.T, "todense") else A @ B.T) + 1.0

    def fit(self, X: Any, labels: np.ndarray, *, groups: Sequence[str], hits: np.ndarray,
            known: np.ndarray | None = None) -> "HybridEstimator":
        """Train on a feature matrix and (possibly partial) labels.

        Parameters
        ----------
        X
            Sparse features, one row per unit.
        labels
            Boolean ``(units, codes)``.
        groups
            The document of each unit (inner folds are made of whole documents).
        hits
            Boolean rule hits of each unit for each code (same columns as ``labels``).
        known
            Boolean ``(units, codes)``: which labels are known (default all).
        """
        labels = np.asarray(labels, dtype=bool)
        known = np.ones_like(labels) if known is None else np.asarray(known, dtype=bool)
        hits = np.asarray(hits, dtype=bool)
        groups = np.asarray(list(groups), dtype=object)
        self.n_codes = labels.shape[1]
        self._X = X
        K = self._kernel(X, X)
        folds = _inner_folds(groups, self.inner_folds)
        trainable = np.array([self._trainable(labels[:, j], known[:, j]) for j in range(self.n_codes)], dtype=bool)
        self.estimators = [None] * self.n_codes
        self.calibration = [None] * self.n_codes
        self.modes = ["rules"] * self.n_codes
        self.thresholds = np.full(self.n_codes, np.inf)
        self.inner_f1 = np.array([_f1(labels[known[:, j], j], hits[known[:, j], j]) for j in range(self.n_codes)])
        self._dual = {}
        # codes with the same known rows share one factorisation (all of them, without review labels)
        patterns: dict[bytes, list[int]] = {}
        for j in np.flatnonzero(trainable):
            patterns.setdefault(np.packbits(known[:, j]).tobytes() + bytes([known.shape[0] % 8]), []).append(int(j))
        for cols in patterns.values():
            rows = np.flatnonzero(known[:, cols[0]])
            Y = labels[np.ix_(rows, cols)].astype(float)
            Kr = K[np.ix_(rows, rows)]
            oof = self._out_of_fold(Kr, Y, [f[rows] for f in folds])
            coef = _solve_dual(Kr, Y, self.alpha)
            for k, j in enumerate(cols):
                self._dual[j] = (rows, coef[:, k])
                self.estimators[j] = "ridge"
                self._choose(j, labels[rows, j], hits[rows, j], None if oof is None else oof[:, k])
        return self

    def _out_of_fold(self, K: np.ndarray, Y: np.ndarray, folds: list[np.ndarray]) -> np.ndarray | None:
        """Out-of-fold scores for every column of ``Y`` (``None`` with fewer than two folds)."""
        if len(folds) < 2:
            return None
        scores = np.full(Y.shape, np.nan)
        for test in folds:
            train = ~test
            if not test.any() or not train.any():
                continue
            coef = _solve_dual(K[np.ix_(train, train)], Y[train], self.alpha)
            scores[test] = K[np.ix_(test, train)] @ coef
        return scores

    def _choose(self, j: int, y: np.ndarray, hits: np.ndarray, oof: np.ndarray | None) -> None:
        if oof is None or np.isnan(oof).all():
            self.thresholds[j] = 0.5
            self.modes[j] = "rules" if hits.any() else "model"
            return
        seen = ~np.isnan(oof)
        self.calibration[j] = _platt(oof[seen], y[seen])
        proba = _apply_platt(self.calibration[j], oof[seen])
        threshold, f1_model = best_threshold(y[seen], proba)
        self.thresholds[j] = threshold
        candidates = {"rules": _f1(y[seen], hits[seen]), "model": f1_model,
                      "union": _f1(y[seen], (proba >= threshold) | hits[seen])}
        best = max(("union", "model"), key=lambda m: candidates[m])
        if not hits[seen].any():
            best = "model" if candidates["model"] >= self.min_f1 else "off"
            self.modes[j], self.inner_f1[j] = best, candidates["model"]
        elif candidates[best] >= candidates["rules"] + self.margin and int(y[seen].sum()) >= 2 * self.min_examples:
            # overruling a rule takes twice the evidence it takes to learn a code the rules never see
            self.modes[j], self.inner_f1[j] = best, candidates[best]
        else:
            self.modes[j], self.inner_f1[j] = "rules", candidates["rules"]

    # ------------------------------------------------------------------ prediction
    def scores(self, X: Any) -> np.ndarray:
        """Raw ridge scores ``(units, codes)`` (0 for codes without a classifier)."""
        out = np.zeros((X.shape[0], self.n_codes))
        if not self._dual:
            return out
        K = self._kernel(X, self._X)
        for j, (rows, coef) in self._dual.items():
            out[:, j] = K[:, rows] @ coef
        return out

    def predict_proba(self, X: Any) -> np.ndarray:
        """Calibrated probability of each code (0 for codes without a classifier)."""
        raw = self.scores(X)
        out = np.zeros_like(raw)
        for j in self._dual:
            out[:, j] = _apply_platt(self.calibration[j], raw[:, j])
        return out

    def decide(self, proba: np.ndarray, hits: np.ndarray) -> np.ndarray:
        """Boolean suggestions from probabilities and rule hits, by each code's chosen mode."""
        hits = np.asarray(hits, dtype=bool)
        model = proba >= self.thresholds[None, :]
        modes = np.asarray(self.modes)[None, :]
        chosen = np.where(modes == "rules", hits, np.where(modes == "union", model | hits, model))
        return chosen & (modes != "off")


def _platt(scores: np.ndarray, truth: np.ndarray, *, iterations: int = 50) -> tuple[float, float] | None:
    """Platt scaling: slope and intercept of a logistic fit of the truth on the scores.

    Newton-Raphson on two parameters with Platt's target smoothing (labels
    ``(n+ + 1)/(n+ + 2)`` and ``1/(n- + 2)``), which keeps the fit finite when the
    scores separate the classes. ``None`` when only one class is present.

    Examples
    --------
    >>> a, b = _platt(np.array([0.0, 0.1, 0.9, 1.0]), np.array([0, 0, 1, 1], bool))
    >>> bool(a > 0)
    True
    """
    truth = np.asarray(truth, dtype=bool)
    n_pos, n_neg = int(truth.sum()), int((~truth).sum())
    if n_pos == 0 or n_neg == 0:
        return None
    target = np.where(truth, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
    X = np.column_stack([scores, np.ones_like(scores)])
    w = np.array([1.0, 0.0])
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-(X @ w)))
        gradient = X.T @ (p - target) + 1e-6 * w
        hessian = (X * (p * (1 - p))[:, None]).T @ X + 1e-6 * np.eye(2)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return float(w[0]), float(w[1])


def _apply_platt(cal: tuple[float, float] | None, scores: np.ndarray, *, centre: float = 0.5) -> np.ndarray:
    if cal is None:  # ridge scores of 0/1 labels: 0.5 is the natural midpoint
        return 1 / (1 + np.exp(-8 * (scores - centre)))
    a, b = cal
    return 1 / (1 + np.exp(-np.clip(a * scores + b, -500, 500)))

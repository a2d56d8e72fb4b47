"""Benchmark: the hybrid suggestion model — speed, quality against the rules, and active learning.

1. **Speed.** 1,000 generated units x 80 codes: training the hybrid estimator (per-code
   ridge solved once for all codes in the dual, inner cross-validation by document for
   thresholds and calibration) against the baseline of one scikit-learn logistic
   regression per code (``OneVsRestClassifier(LogisticRegression(liblinear))``) on the
   *same* feature matrix. Same warm-up (one untimed run each) and the same number of
   timed runs; CPU time beside wall time.
2. **Quality** on the demo corpus's hand-coded gold subset (``codebook/gold``), cross-
   validated by interview: rules alone, the model alone, and the model + rules in the
   same folds, micro/macro F1 and per-code P/R/F1.
3. **Active learning**: held-out micro-F1 after 25/50/100/200 reviewed units, active
   against random review order (mean, spread over seeds).

Run: ``.venv/bin/python benchmarks/bench_suggest.py [--quick]``
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from researchkit.suggest.hybrid import HybridEstimator  # noqa: E402


def _timed(call, runs: int) -> tuple[float, float]:
    """Best wall and CPU seconds over ``runs`` timed calls after one untimed warm-up."""
    call()
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        call()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return min(walls), min(cpus)


def speed(n_units: int = 1000, n_codes: int = 80, runs: int = 3) -> None:
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    rng = np.random.default_rng(0)
    vocab = [f"w{i}" for i in range(3000)]
    labels = rng.random((n_units, n_codes)) < rng.uniform(0.01, 0.08, n_codes)
    texts = []
    for i in range(n_units):
        words = list(rng.choice(vocab, size=12))
        words += [f"cue{j}" for j in np.flatnonzero(labels[i])]  # each code has a cue word
        texts.append(" ".join(words))
    X = TfidfVectorizer().fit_transform(texts)
    hits = labels & (rng.random(labels.shape) < 0.6)
    X = sparse.hstack([X, sparse.csr_matrix(hits * 3.0)], format="csr")
    groups = np.repeat([f"D{i}" for i in range(20)], n_units // 20)
    ours = lambda: HybridEstimator(min_examples=5).fit(X, labels, groups=groups, hits=hits)  # noqa: E731
    trainable = labels.sum(0) >= 2

    def baseline() -> None:
        OneVsRestClassifier(LogisticRegression(solver="liblinear", class_weight="balanced")).fit(X, labels[:, trainable])

    w_ours, c_ours = _timed(ours, runs)
    w_base, c_base = _timed(baseline, runs)
    print(f"training {n_units} units x {n_codes} codes, {X.shape[1]} features ({runs} timed runs after a warm-up, best):")
    print(f"  hybrid (all codes, 3 inner folds for thresholds + calibration): {w_ours:6.2f} s wall  {c_ours:6.2f} s CPU")
    print(f"  baseline: one logistic regression per code, no inner CV:       {w_base:6.2f} s wall  {c_base:6.2f} s CPU")
    print(f"  ratio hybrid / baseline: {w_ours / w_base:.2f}x wall, {c_ours / c_base:.2f}x CPU "
          f"(the hybrid also fits 3 inner folds per code)")


def quality(seeds: tuple[int, ...]) -> None:
    import researchkit as rk
    from researchkit.suggest import active_learning_curve, compare_with_rules, summarise_systems

    gold_path = ROOT / "codebook" / "gold" / "gold_codings.csv"
    corpus = rk.read_corpus(ROOT / "transcripts", attributes=ROOT / "transcripts" / "attributes.csv")
    codebook = rk.Codebook.load(ROOT / "codebook" / "havens.yaml")
    gold = pd.read_csv(gold_path)
    rules = rk.autocode(corpus, codebook, unit="sentence", roles=["respondent"])
    w, c = time.perf_counter(), time.process_time()
    table = compare_with_rules(gold, corpus, coder="gold", rules=rules, codebook=codebook, folds=4,
                               roles=["respondent"])
    print(f"\nGold subset ({table.attrs['n_units']} respondent sentences, {gold.doc_id.nunique()} interviews), "
          f"4 folds by interview; {time.perf_counter() - w:.1f} s wall, {time.process_time() - c:.1f} s CPU:")
    print(summarise_systems(table).to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    wide = table[~table.code.str.startswith("(")].pivot_table(index="code", columns="system", values=["precision", "recall", "f1"],
                                                              sort=False)
    wide.columns = [f"{stat}_{system}" for stat, system in wide.columns]
    print("\nper code:")
    print(wide.to_string(float_format=lambda v: f"{v:.2f}", na_rep="-"))
    w = time.perf_counter()
    curve = active_learning_curve(gold, corpus, coder="gold", rules=rules, codebook=codebook, roles=["respondent"],
                                  seeds=seeds)
    print(f"\nActive against random review order, held-out micro-F1 ({len(seeds)} seeds, 4 folds; "
          f"{time.perf_counter() - w:.1f} s):")
    print(curve.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    wide = curve.pivot(index="reviewed_units", columns="strategy", values="mean_f1")
    ok = bool((wide["active"] >= wide["random"] - 1e-12).all())
    print(f"active >= random at every size: {ok}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and seeds")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    speed(runs=1 if args.quick else 3)
    quality(seeds=(0, 1) if args.quick else (0, 1, 2, 3, 4))


if __name__ == "__main__":
    main()

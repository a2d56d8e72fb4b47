"""Benchmark: inter-coder agreement and model-assisted coding.

1. Agreement for 2 coders x 200 generated interviews (about 40,000 sentence units) x 80
   codes, per code, with researchkit's vectorised closed forms; baseline: a per-code loop
   calling scikit-learn's ``cohen_kappa_score`` and ``krippendorff.alpha`` on the same
   presence vectors (measured in the same run). Also the character unit (NVivo-style)
   and the bootstrap.
2. Training and predicting suggestions on the demo corpus (``transcripts/`` with
   ``codebook/gold/gold_codings.csv`` when present; otherwise a generated corpus),
   scikit-learn against spaCy ``textcat_multilabel``.

Run: ``.venv/bin/python benchmarks/bench_agreement.py [--quick]``
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

from researchkit.agreement import agreement  # noqa: E402
from researchkit.agreement.presence import doc_offsets, unit_presence  # noqa: E402
from researchkit.errors import AgreementWarning  # noqa: E402
from researchkit.transcripts import Corpus, Transcript, Turn  # noqa: E402

WORDS = (
    "haven schip container douane politie informatie signaal vermoeden samenwerking visser "
    "gemeente loods kade nacht boot lading drugs contact melding collega regio partner "
    "zicht controle wij zij het een de van en op met niet wel ook maar dat"
).split()


def generate(n_docs: int = 200, sentences_per_doc: int = 200, n_codes: int = 80, seed: int = 0):
    """A corpus of ``n_docs`` interviews and two coders' sentence codings that mostly agree."""
    rng = np.random.default_rng(seed)
    transcripts, unit_rows, rows = [], [], []
    codes = [f"C{i:02d}" for i in range(n_codes)]
    prevalence = rng.uniform(0.002, 0.05, n_codes)
    for d in range(n_docs):
        doc_id = f"D{d:03d}"
        parts, turns, spans, pos = [], [], [], 0
        for t in range(sentences_per_doc // 4):
            label = "I: " if t % 2 == 0 else "R: "
            parts.append(label)
            pos += len(label)
            t_start = pos
            for _ in range(4):
                sent = " ".join(rng.choice(WORDS, rng.integers(4, 12))).capitalize() + "."
                spans.append((pos, pos + len(sent), len(turns)))
                parts.append(sent + " ")
                pos += len(sent) + 1
            turns.append(Turn(label[0], "interviewer" if label[0] == "I" else "respondent", t_start, pos - 1))
            parts.append("\n")
            pos += 1
        text = "".join(parts)
        transcripts.append(Transcript(doc_id, text, turns=tuple(turns)))
        for i, (s, e, t) in enumerate(spans):
            unit_rows.append((doc_id, i, s, e, t))
        truth = rng.random((len(spans), n_codes)) < prevalence
        for coder, noise in (("ann", 0.15), ("bob", 0.25)):
            flip = rng.random(truth.shape) < prevalence * noise
            drop = rng.random(truth.shape) < noise
            marks = (truth & ~drop) | flip
            u, c = np.nonzero(marks)
            for ui, ci in zip(u, c):
                s, e, _ = spans[ui]
                rows.append((doc_id, s, e, codes[ci], coder, "manual"))
    corpus = Corpus(transcripts)
    units = pd.DataFrame(unit_rows, columns=["doc_id", "unit_index", "start", "end", "turn"])
    codings = pd.DataFrame(rows, columns=["doc_id", "start", "end", "code", "coder", "source"])
    return corpus, units, codings, codes


def baseline(corpus, units, codings, codes):
    """Per-code loop calling the libraries (what a straightforward implementation does)."""
    import krippendorff
    from sklearn.metrics import cohen_kappa_score

    p = unit_presence(units, codings, coders=["ann", "bob"], codes=codes, doc_base=doc_offsets(corpus.texts(), corpus.doc_ids))
    a, b = p.matrices["ann"], p.matrices["bob"]
    out = []
    for i, code in enumerate(codes):
        x, y = a[:, i].astype(int), b[:, i].astype(int)
        kappa = cohen_kappa_score(x, y)
        alpha = krippendorff.alpha(reliability_data=np.vstack([x, y]), level_of_measurement="nominal")
        out.append((code, float((x == y).mean()), kappa, alpha))
    return pd.DataFrame(out, columns=["code", "percent_agreement", "cohen_kappa", "alpha"])


def best_of(fn, repeat: int = 3):
    """Best wall seconds of ``repeat`` timed runs after one untimed warm-up (both sides alike)."""
    result = fn()
    times, cpus = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    print(f"    (timed {repeat}x after a warm-up: best {min(times):.3f} s wall, {min(cpus):.3f} s CPU)")
    return min(times), result


def bench_agreement(quick: bool) -> None:
    n_docs = 40 if quick else 200
    t0 = time.perf_counter()
    corpus, units, codings, codes = generate(n_docs=n_docs)
    gen = time.perf_counter() - t0
    n_units = len(units)
    print(f"generated {n_docs} interviews, {n_units} sentence units, {len(codes)} codes, "
          f"{len(codings)} codings in {gen:.1f} s")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AgreementWarning)
        secs, table = best_of(lambda: agreement(codings, coders=["ann", "bob"], corpus=corpus, unit="sentence", units=units))
        base_secs, base = best_of(lambda: baseline(corpus, units, codings, codes))  # same runs and warm-up
        merged = table.iloc[:-1].merge(base, on="code", suffixes=("", "_lib"))
        for col in ("percent_agreement", "cohen_kappa", "alpha"):
            diff = np.nanmax(np.abs(merged[col] - merged[f"{col}_lib"]))
            assert diff < 1e-9, (col, diff)
        print(f"agreement, sentence units, 2 coders x {n_units} units x {len(codes)} codes: "
              f"{secs:.3f} s ({n_units / secs:,.0f} units/s, {n_units * len(codes) / secs:,.0f} unit-code decisions/s)")
        print(f"  baseline per-code loop (sklearn cohen_kappa_score + krippendorff.alpha): {base_secs:.3f} s "
              f"-> researchkit is {base_secs / secs:.1f}x faster; max |difference| < 1e-9")
        csecs, ctable = best_of(lambda: agreement(codings, coders=["ann", "bob"], corpus=corpus, unit="character"))
        n_chars = int(ctable["n_units"].iloc[0])
        print(f"agreement, character units (NVivo-style), {n_chars:,} characters x {len(codes)} codes: "
              f"{csecs:.3f} s ({n_chars / csecs:,.0f} characters/s)")
        bsecs, _ = best_of(
            lambda: agreement(codings, coders=["ann", "bob"], corpus=corpus, unit="sentence", units=units, ci=0.95, n_boot=200),
            repeat=1,
        )
        print(f"agreement with 95% bootstrap CIs (200 replicates, units resampled): {bsecs:.2f} s")
        dsecs, _ = best_of(
            lambda: agreement(codings, coders=["ann", "bob"], corpus=corpus, unit="sentence", units=units, ci=0.95,
                              n_boot=1000, resample="documents"),
            repeat=1,
        )
        print(f"agreement with 95% bootstrap CIs (1000 replicates, documents resampled): {dsecs:.2f} s")
    if not quick:
        from researchkit.units import units as make_units

        t0 = time.perf_counter()
        real_units = make_units(corpus, "sentence")
        split = time.perf_counter() - t0
        print(f"sentence splitting of the generated corpus (researchkit.units, spaCy sentencizer): {split:.2f} s "
              f"for {len(real_units)} sentences (done once; pass units= to reuse)")


def bench_suggest(quick: bool) -> None:
    """Train + predict on the demo corpus; compare scikit-learn and spaCy by cross-validation."""
    from researchkit.io import read_corpus
    from researchkit.suggest import compare_backends, corpus_units, train

    folder, gold_path = ROOT / "transcripts", ROOT / "codebook" / "gold" / "gold_codings.csv"
    if not folder.is_dir():
        print("suggest: no demo corpus in transcripts/, skipped")
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = read_corpus(folder, attributes=folder / "attributes.csv")
    if gold_path.is_file():
        codings, coder, what = pd.read_csv(gold_path), "gold", "hand-coded gold subset"
    else:
        import researchkit as rk

        codings = rk.autocode(corpus, rk.Codebook.load(ROOT / "codebook" / "havens.yaml"))
        coder, what = "rules", "rule-based codings (no gold subset found)"
    n_docs = codings.loc[codings["coder"] == coder, "doc_id"].nunique()
    t0 = time.perf_counter()
    units = corpus_units(corpus, "sentence", roles="respondent")
    t_units = time.perf_counter() - t0
    t0 = time.perf_counter()
    model = train(codings, corpus, coder=coder, roles="respondent", units=units)
    t_train = time.perf_counter() - t0
    t0 = time.perf_counter()
    suggestions = model.predict(corpus, units=units)
    t_pred = time.perf_counter() - t0
    print(f"suggest (scikit-learn), demo corpus, {what}: {n_docs} coded interviews, {model.n_units} training units, "
          f"{len(model.codes)} codes trained ({len(model.skipped_codes)} skipped)")
    print(f"  sentence units of the {len(corpus)} interviews (respondent): {len(units)} in {t_units:.2f} s; "
          f"train {t_train:.2f} s; predict {t_pred:.2f} s ({len(units) / t_pred:,.0f} units/s), "
          f"{len(suggestions)} suggestions at threshold 0.5")
    if quick:
        return
    folds = min(5, n_docs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = compare_backends(codings, corpus, coder=coder, folds=folds, roles="respondent",
                                 backends=("sklearn", "spacy"), options={"spacy": {"epochs": 10}})
    print(f"backend comparison, {folds}-fold cross-validation by interview, threshold 0.5 ({what}):")
    print(table.round(3).to_string(index=False))
    base = table.set_index("backend")
    print(f"  scikit-learn trains {base.loc['spacy', 'train_seconds'] / base.loc['sklearn', 'train_seconds']:.1f}x faster "
          f"than spaCy and predicts {base.loc['spacy', 'predict_seconds'] / base.loc['sklearn', 'predict_seconds']:.1f}x faster")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller data, for a smoke run")
    parser.add_argument("--skip-suggest", action="store_true")
    args = parser.parse_args()
    bench_agreement(args.quick)
    if not args.skip_suggest:
        bench_suggest(args.quick)


if __name__ == "__main__":
    main()

"""Benchmark: quote selection for the report's theme chapters (issues 16 and 18), demo corpus x1 and x10.

The demo corpus (16 interviews) with its rule codings and stored manual codings is
replicated x10 under new document and respondent ids (160 interviews). For every
top-level theme the report's call is timed: ``analysis.quotes(..., n=3, by="group",
context=0, roles=("respondent",), min_words=10, whole=True, units_table=...)`` — whole
coded passages, trimmed at sentence boundaries, ranked by fit (issue 16). The sentence
units are split once per run (the report shares them between chapters) and that split
is inside the timing, and so is the one :class:`~researchkit.analysis.QuoteSource` the report's
theme chapters share (the codings checked, the attributes read and the respondents' sentence
units filtered once per run, not once per theme).

Baseline, measured in the same run on the same data with the same warm-up (1 run) and
number of runs (3, median): the report's former call, the passages as coded
(``whole=False``, heap selection of issue 18). With ``RESEARCHKIT_BENCH_QUADRATIC=1`` the
selection before issue 18 (every passage ranked, remaining ones rescanned with row-wise
``.iat`` per pick; ``_select_quadratic``) is timed too (slow at x10). Wall and CPU time
are printed, with the growth exponent from x1 to x10 and the ratios.
Last lines: ``quotes_cpu_x1=<new CPU s>`` and ``quotes_ratio_x10=<former CPU / new CPU at x10>``.

Run: ``.venv/bin/python benchmarks/bench_quotes.py``
"""

from __future__ import annotations

import dataclasses
import importlib
import glob
import math
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from researchkit import analysis, autocode, read_corpus  # noqa: E402
from researchkit.codebook import Codebook  # noqa: E402
from researchkit.run import read_manual_codings  # noqa: E402
from researchkit.transcripts import Corpus  # noqa: E402

quotes_module = importlib.import_module("researchkit.analysis.quotes")  # the module, not the function

# same for both sides; RESEARCHKIT_BENCH_RUNS=1 for a quick look on a busy machine
RUNS = int(os.environ.get("RESEARCHKIT_BENCH_RUNS", "3"))
WARMUP = 1 if RUNS > 1 else 0


def _select_quadratic(frame, n, by, min_words=0):
    """The former selection: every passage ranked, remaining ones rescanned per pick."""
    short = [len(str(t).split()) < min_words for t in frame["text"]]
    order = sorted(range(len(frame)),
                   key=lambda i: (short[i], -frame["typicality"].iat[i], frame["doc_id"].iat[i], frame["start"].iat[i]))
    groups = [tuple(frame[c].iat[i] for c in by) if by else () for i in range(len(frame))]
    chosen, used, per_group = [], set(), {}
    remaining = list(order)
    pos = {i: k for k, i in enumerate(order)}
    while remaining and len(chosen) < len(frame):  # the former quotes() asked for every passage
        pool = [i for i in remaining if frame["respondent"].iat[i] not in used]
        if not pool:
            used = set()
            continue
        pick = min(pool, key=lambda i: (per_group.get(groups[i], 0), pos[i]))
        chosen.append(pick)
        used.add(frame["respondent"].iat[pick])
        per_group[groups[pick]] = per_group.get(groups[pick], 0) + 1
        remaining.remove(pick)
    return chosen[:n]  # ... and quotes() then kept the first n


def replicate(corpus: Corpus, codings: pd.DataFrame, times: int) -> tuple[Corpus, pd.DataFrame]:
    docs, frames = [], []
    for k in range(times):
        suffix = "" if k == 0 else f"-x{k}"
        for t in corpus:
            attrs = dict(t.attributes)
            if "respondent" in attrs:
                attrs["respondent"] = f"{attrs['respondent']}{suffix}"
            docs.append(dataclasses.replace(t, doc_id=t.doc_id + suffix, attributes=attrs))
        frames.append(codings.assign(doc_id=codings["doc_id"] + suffix))
    return Corpus(docs), pd.concat(frames, ignore_index=True)


def time_quotes(corpus, codings, codebook, selector, *, whole: bool) -> tuple[float, float, list]:
    from researchkit.units import units

    original = quotes_module._select
    if selector is not None:
        quotes_module._select = selector
    try:
        walls, cpus = [], []
        for i in range(WARMUP + RUNS):
            w, c = time.perf_counter(), time.process_time()
            picked = []
            shared = units(corpus, "sentence") if whole else None
            # whole passages: as the report, one QuoteSource (codings checked, role units filtered once) for every theme
            source = analysis.QuoteSource(codings, corpus, units_table=shared) if whole else None
            for top in codebook.codes:
                options = dict(code=top.id, n=3, by="group", codebook=codebook, context=0, roles=("respondent",),
                               min_words=10, whole=whole)
                chosen = source.quotes(**options) if whole else analysis.quotes(codings, corpus, **options)
                picked.append(list(zip(chosen["doc_id"], chosen["start"], chosen["end"])))
            if i >= WARMUP:
                walls.append(time.perf_counter() - w)
                cpus.append(time.process_time() - c)
        return statistics.median(walls), statistics.median(cpus), picked
    finally:
        quotes_module._select = original


def main() -> None:
    corpus = read_corpus(ROOT / "transcripts", attributes=ROOT / "transcripts" / "attributes.csv")
    codebook = Codebook.load(ROOT / "codebook" / "havens.yaml")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rules = autocode(corpus, codebook, unit="sentence", roles=["respondent"])
    manual = [read_manual_codings(p, corpus) for p in sorted(glob.glob(str(ROOT / "codebook" / "gold" / "*.csv")))]
    codings = pd.concat([rules, *manual], ignore_index=True).drop_duplicates(["doc_id", "start", "end", "code"])
    quadratic = os.environ.get("RESEARCHKIT_BENCH_QUADRATIC") == "1"
    results = {}
    for times in (1, 10):
        big_corpus, big_codings = replicate(corpus, codings, times)
        new = time_quotes(big_corpus, big_codings, codebook, None, whole=True)
        old = time_quotes(big_corpus, big_codings, codebook, None, whole=False)
        results[times] = (new, old)
        line = (f"x{times:<3} {len(big_corpus):>4} interviews, {len(big_codings):>6} codings: "
                f"whole passages {new[0]:.2f} s wall / {new[1]:.2f} s CPU; passages as coded (former) {old[0]:.2f} s wall / "
                f"{old[1]:.2f} s CPU; ratio former/new (CPU) {old[1] / new[1]:.2f}x")
        if quadratic:
            quad = time_quotes(big_corpus, big_codings, codebook, _select_quadratic, whole=False)
            line += f"; before issue 18 {quad[1]:.2f} s CPU" + ("" if quad[2] == old[2] else " (different quotes)")
        print(line, flush=True)
    for label, k in (("whole passages", 0), ("passages as coded", 1)):
        exponent = math.log(results[10][k][1] / results[1][k][1]) / math.log(10)
        print(f"growth exponent x1->x10 ({label}, CPU): {exponent:.2f}")
    print(f"quotes_cpu_x1={results[1][0][1]:.2f}")
    print(f"quotes_ratio_x10={results[10][1][1] / results[10][0][1]:.2f}")

if __name__ == "__main__":
    main()

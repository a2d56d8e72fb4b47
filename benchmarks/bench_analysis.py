"""Benchmark: co-occurrence, frequencies and theme summaries on 200,000 codings over 2,000 documents.

The vectorised functions of :mod:`researchkit.analysis` are timed next to a naive
per-document Python loop measured in the same run, on the same synthetic data, and
the results are checked to be equal. Prints seconds and the speed-up ratio.

Run: ``.venv/bin/python benchmarks/bench_analysis.py [--docs 2000] [--per-doc 100]``
"""

from __future__ import annotations

import argparse
import bisect
import time
from collections import defaultdict

import numpy as np
import pandas as pd

from researchkit.analysis import cooccurrence, frequencies, theme_summaries, theme_summary
from researchkit.transcripts import Corpus, Transcript

SENTENCE = "Dit is zin {i:03d} van het interview over de haven."


def make_data(n_docs: int, per_doc: int, n_sentences: int, seed: int = 0):
    """A corpus of ``n_docs`` documents of ``n_sentences`` lines, its sentence units,
    and ``n_docs * per_doc`` random codings of 1-3 sentences each, 60 codes."""
    rng = np.random.default_rng(seed)
    lines = [SENTENCE.format(i=i) for i in range(n_sentences)]
    text = "\n".join(lines)
    starts = np.cumsum([0] + [len(l) + 1 for l in lines[:-1]])
    ends = starts + np.array([len(l) for l in lines])
    groups = ["handhaver", "ondernemer", "overheid", "visser"]
    ports = ["Harlingen", "Lauwersoog", "Delfzijl", "Eemshaven"]
    docs = [
        Transcript(f"D{d:05d}", text, attributes={"group": groups[d % 4], "port": ports[(d // 4) % 4]})
        for d in range(n_docs)
    ]
    corpus = Corpus(docs)
    doc_ids = np.array(corpus.doc_ids)
    units = pd.DataFrame(
        {
            "doc_id": np.repeat(doc_ids, n_sentences),
            "unit_index": np.tile(np.arange(n_sentences), n_docs),
            "start": np.tile(starts, n_docs),
            "end": np.tile(ends, n_docs),
        }
    )
    n = n_docs * per_doc
    codes = np.array([f"C{b}.{k}" for b in range(10) for k in range(6)])
    first = rng.integers(0, n_sentences, n)
    last = np.minimum(first + rng.integers(0, 3, n), n_sentences - 1)
    codings = pd.DataFrame(
        {
            "doc_id": np.repeat(doc_ids, per_doc),
            "start": starts[first],
            "end": ends[last],
            "code": rng.choice(codes, n),
            "coder": "bench",
            "source": "rules",
        }
    )
    return corpus, units, codings


def naive_cooccurrence(codings: pd.DataFrame, units: pd.DataFrame, unit: str) -> dict:
    """Per-document loop with Python sets: the straightforward way to count."""
    counts: dict = defaultdict(int)
    unit_spans = {d: (g["start"].tolist(), g["end"].tolist()) for d, g in units.groupby("doc_id")}
    for doc_id, g in codings.groupby("doc_id"):
        if unit == "document":
            present = set(g["code"])
            for a in present:
                for b in present:
                    counts[(a, b)] += 1
            continue
        starts, ends = unit_spans[doc_id]
        per_unit: dict = defaultdict(set)
        for s, e, code in zip(g["start"], g["end"], g["code"]):
            i = bisect.bisect_right(ends, s)
            while i < len(starts) and starts[i] < e:
                per_unit[i].add(code)
                i += 1
        for present in per_unit.values():
            for a in present:
                for b in present:
                    counts[(a, b)] += 1
    return counts


def naive_overlap(codings: pd.DataFrame) -> dict:
    """Per-document sweep over codings sorted by start: pairs of overlapping spans."""
    counts: dict = defaultdict(int)
    for code, n in codings["code"].value_counts().items():
        counts[(code, code)] = int(n)
    for _, g in codings.groupby("doc_id"):
        rows = sorted(zip(g["start"], g["end"], g["code"]))
        for i, (s, e, a) in enumerate(rows):
            for s2, _e2, b in rows[i + 1 :]:
                if s2 >= e:
                    break
                if a != b:
                    counts[(a, b)] += 1
                    counts[(b, a)] += 1
    return counts


def naive_frequencies(codings: pd.DataFrame, corpus: Corpus) -> dict:
    """Per-document loop: codings, documents and respondents per (code, group)."""
    attrs = corpus.attributes
    out: dict = defaultdict(lambda: [0, set(), set()])
    for doc_id, g in codings.groupby("doc_id"):
        group = attrs.at[doc_id, "group"]
        for code in g["code"]:
            cell = out[(code, group)]
            cell[0] += 1
            cell[1].add(doc_id)
            cell[2].add(doc_id)
    return {k: (v[0], len(v[1]), len(v[2])) for k, v in out.items()}


REPEAT = 3


def timed(func, *args, before=None, **kwargs):
    """Best wall seconds of ``REPEAT`` runs after one untimed warm-up; both sides are timed alike.

    ``before`` runs (untimed) before every run, e.g. to empty a cache for a cold measurement.
    """
    if before:
        before()
    result = func(*args, **kwargs)
    best, best_cpu = float("inf"), float("inf")
    for _ in range(REPEAT):
        if before:
            before()
        t0, c0 = time.perf_counter(), time.process_time()
        result = func(*args, **kwargs)
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    timed.cpu = best_cpu
    return result, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--per-doc", type=int, default=100)
    parser.add_argument("--sentences", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    global REPEAT
    REPEAT = max(1, args.repeat)
    corpus, units, codings = make_data(args.docs, args.per_doc, args.sentences)
    print(f"researchkit.analysis benchmark: {len(codings):,} codings, {len(corpus):,} documents, "
          f"{len(units):,} sentence units, {codings['code'].nunique()} codes")
    print(f"{'task':<34}{'vectorised s':>14}{'naive loop s':>14}{'ratio':>8}   (best of {REPEAT} after a warm-up, wall)")

    for unit in ("sentence", "document"):
        fast, t_fast = timed(cooccurrence, codings, corpus, unit=unit, units_table=units)
        slow, t_slow = timed(naive_cooccurrence, codings, units, unit)
        got = {(a, b): c for a, b, c in zip(fast["code_a"], fast["code_b"], fast["count"]) if c}
        assert got == dict(slow), f"co-occurrence ({unit}) differs from the naive loop"
        print(f"{'cooccurrence unit=' + unit:<34}{t_fast:>14.3f}{t_slow:>14.3f}{t_slow / t_fast:>7.1f}x")

    # The job's path: the report calls cooccurrence without a unit table, so the sentence split
    # is part of the cost. Cold = the shared unit cache emptied before each run; warm = the
    # split already made by an earlier stage of the same job (auto-coding makes it first).
    from researchkit import units as units_module

    def split_then_naive():
        table = units_module.units(corpus, "sentence")
        return naive_cooccurrence(codings, table, "sentence")

    clear = units_module._SENTENCE_CACHE.clear
    fast, t_fast = timed(cooccurrence, codings, corpus, unit="sentence", before=clear)
    slow, t_slow = timed(split_then_naive, before=clear)
    print(f"{'job path, cold unit cache':<34}{t_fast:>14.3f}{t_slow:>14.3f}{t_slow / t_fast:>7.1f}x")
    fast, t_fast = timed(cooccurrence, codings, corpus, unit="sentence")
    slow, t_slow = timed(split_then_naive)
    print(f"{'job path, warm unit cache':<34}{t_fast:>14.3f}{t_slow:>14.3f}{t_slow / t_fast:>7.1f}x")

    fast, t_fast = timed(cooccurrence, codings, unit="overlap")
    slow, t_slow = timed(naive_overlap, codings)
    got = {(a, b): c for a, b, c in zip(fast["code_a"], fast["code_b"], fast["count"]) if c}
    assert got == {k: v for k, v in slow.items() if v}, "co-occurrence (overlap) differs from the naive loop"
    print(f"{'cooccurrence unit=overlap':<34}{t_fast:>14.3f}{t_slow:>14.3f}{t_slow / t_fast:>7.1f}x")

    # The report's theme summaries: all themes at once (units split and mapped once, background words
    # tokenised once) against one theme_summary per theme, on a tenth of the documents (equal results)
    sub_docs = corpus.doc_ids[: max(1, len(corpus) // 10)]
    sub_corpus = Corpus([corpus[d] for d in sub_docs])
    sub_codings = codings[codings["doc_id"].isin(set(sub_docs))].reset_index(drop=True)
    themes = sorted({c.split(".")[0] for c in sub_codings["code"]})

    def one_by_one():
        return {t: theme_summary(sub_codings, sub_corpus, code=t, n_quotes=0, by="group") for t in themes}

    fast, t_fast = timed(theme_summaries, sub_codings, sub_corpus, codes=themes, n_quotes=0, by="group")
    c_fast = timed.cpu
    slow, t_slow = timed(one_by_one)
    c_slow = timed.cpu
    assert all(fast[t].text_nl == slow[t].text_nl and fast[t].terms.equals(slow[t].terms) for t in themes), "summaries differ"
    label = f"theme summaries ({len(themes)}, {len(sub_docs)} docs)"
    print(f"{label:<34}{t_fast:>14.3f}{t_slow:>14.3f}{t_slow / t_fast:>7.1f}x   (per theme: theme_summary; CPU "
          f"{c_fast:.3f} vs {c_slow:.3f} s = {c_slow / c_fast:.1f}x)")

    fast, t_fast = timed(frequencies, codings, corpus, by="group")
    slow, t_slow = timed(naive_frequencies, codings, corpus)
    got = {(c, g): (a, b, r) for c, g, a, b, r in zip(fast["code"], fast["group"], fast["codings"], fast["documents"], fast["respondents"]) if a}
    assert got == slow, "frequencies differ from the naive loop"
    print(f"{'frequencies by=group':<34}{t_fast:>14.3f}{t_slow:>14.3f}{t_slow / t_fast:>7.1f}x")


if __name__ == "__main__":
    main()

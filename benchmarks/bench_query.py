"""Benchmark: a compound code query over 200,000 codings, vectorised vs a naive pandas loop.

The query ``(C0 NEAR 5 C1 OR C2 AND C3 WITHIN turn) AND @port = Harlingen`` (turns in
Harlingen interviews where a C0 and a C1 passage are at most 5 words apart, or where
C2 and C3 are both coded) runs through :func:`researchkit.query.query` and through a
straightforward per-document, per-turn Python loop (``groupby`` + ``bisect``) in the
same run, on the same synthetic data; the two answers are checked to be equal. Both
are timed the same way (one warm-up, then best of ``--runs``), wall and CPU time.

Run: ``.venv/bin/python benchmarks/bench_query.py [--docs 2000] [--per-doc 100] [--runs 3]``
"""

from __future__ import annotations

import argparse
import bisect
import time
from collections import defaultdict

import numpy as np
import pandas as pd

from researchkit.query import query
from researchkit.query.engine import WORD_RE
from researchkit.transcripts import Corpus, Transcript, Turn

QUERY = "(C0 NEAR 5 C1 OR C2 AND C3 WITHIN turn) AND @port = Harlingen"


def make_data(n_docs: int, per_doc: int, n_turns: int = 40, seed: int = 0) -> tuple[Corpus, pd.DataFrame]:
    """``n_docs`` interviews of ``n_turns`` alternating turns, and ``n_docs * per_doc``
    codings of one to three words in the respondents' turns, 60 codes in 10 branches."""
    rng = np.random.default_rng(seed)
    lines, turns, pos = [], [], 0
    for i in range(n_turns):
        label, body = ("I", f"Vraag {i} over de haven?") if i % 2 == 0 else ("R", f"Dit is antwoord {i} over de kade en de boten.")
        line = f"{label}: {body}"
        turns.append(Turn(label, "interviewer" if label == "I" else "respondent", pos + len(label) + 2, pos + len(line)))
        lines.append(line)
        pos += len(line) + 1
    text = "\n".join(lines)
    words = np.array([m.span() for t in turns if t.role == "respondent" for m in WORD_RE.finditer(text, t.start, t.end)])
    ports = ["Harlingen", "Lauwersoog", "Delfzijl", "Eemshaven"]
    docs = [Transcript(f"D{d:05d}", text, turns=tuple(turns), attributes={"port": ports[d % 4]}) for d in range(n_docs)]
    n = n_docs * per_doc
    first = rng.integers(0, len(words) - 3, n)
    last = first + rng.integers(0, 3, n)
    codings = pd.DataFrame({
        "doc_id": np.repeat([t.doc_id for t in docs], per_doc),
        "start": words[first, 0], "end": words[last, 1],
        "code": rng.choice(np.array([f"C{b}.{k}" for b in range(10) for k in range(6)]), n),
        "coder": "bench", "source": "rules",
    })
    return Corpus(docs), codings


def naive(codings: pd.DataFrame, corpus: Corpus) -> set[tuple[str, int, int]]:
    """The same query as a plain loop: per Harlingen document, per turn, check the codes."""
    found = set()
    attrs = corpus.attributes
    for doc_id, group in codings.groupby("doc_id", sort=False):
        if attrs.at[doc_id, "port"] != "Harlingen":
            continue
        t = corpus[doc_id]
        word_starts = [m.start() for turn in t.turns for m in WORD_RE.finditer(t.text, turn.start, turn.end)]
        by_branch = defaultdict(list)
        for s, e, code in zip(group["start"], group["end"], group["code"]):
            by_branch[code.split(".")[0]].append((s, e))
        pairs = []
        for a in by_branch["C0"]:
            for b in by_branch["C1"]:
                first, second = (a, b) if a[0] <= b[0] else (b, a)
                gap = bisect.bisect_left(word_starts, second[0]) - bisect.bisect_left(word_starts, first[1])
                if max(gap, 0) <= 5:
                    pairs.append((min(a[0], b[0]), max(a[1], b[1])))
        for turn in t.turns:
            s, e = turn.start, turn.end

            def inside(spans):
                return any(a < e and b > s for a, b in spans)

            if inside(pairs) or (inside(by_branch["C2"]) and inside(by_branch["C3"])):
                found.add((doc_id, s, e))
    return found


def timed(func, runs: int) -> tuple[float, float, object]:
    """Best wall and CPU seconds of ``runs`` runs after one warm-up, and the last result."""
    result = func()
    wall, cpu = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        result = func()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return min(wall), min(cpu), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--per-doc", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    corpus, codings = make_data(args.docs, args.per_doc)
    print(f"{len(codings):,} codings over {len(corpus):,} documents; query: {QUERY}")
    v_wall, v_cpu, result = timed(lambda: query(codings, QUERY, corpus=corpus, context="turn"), args.runs)
    n_wall, n_cpu, expected = timed(lambda: naive(codings, corpus), args.runs)
    got = set(zip(result["doc_id"], result["start"], result["end"]))
    assert got == expected, f"answers differ: {len(got)} vs {len(expected)} passages"
    print(f"passages found: {len(got):,} (both ways, identical)")
    print(f"{'':12} {'wall s':>8} {'cpu s':>8}")
    print(f"{'vectorised':12} {v_wall:8.2f} {v_cpu:8.2f}")
    print(f"{'naive loop':12} {n_wall:8.2f} {n_cpu:8.2f}")
    print(f"ratio (naive / vectorised): wall {n_wall / v_wall:.1f}x, cpu {n_cpu / v_cpu:.1f}x")


if __name__ == "__main__":
    main()

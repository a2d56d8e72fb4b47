"""Project store speed: 100,000 codings in and out, and loading a 200-interview project.

Run with the venv python (``make bench`` runs every ``benchmarks/bench_*.py``)::

    .venv/bin/python benchmarks/bench_project.py [--codings 100000] [--interviews 200]

Figures printed, per backend (SQLite always; PostgreSQL when ``RESEARCHKIT_TEST_PG_URL``
names a server, see ``.ci/postgres.sh``):

* insert: ``Project.add_codings`` of N codings in one transaction (validation against
  the stored texts, duplicate check, audit entry included), rows/s, and the ratio to a
  baseline measured in the same run: a raw DB-API ``executemany`` of the same rows into
  the same table without any checks;
* read: ``Project.codings()`` as a DataFrame, rows/s, against a raw ``SELECT`` +
  ``pandas.DataFrame`` baseline;
* load: ``Project.corpus()`` of a generated 200-interview project into memory
  (texts, turns, attributes), seconds, against reading the same texts from plain
  files on disk;
* frequencies (issue 18): codings per code through ``Project.codings()`` + pandas,
  through ``Project.codings(columns=["code", "doc_id"])`` + pandas and through
  ``Project.code_counts()`` (SQL ``GROUP BY``), each against a raw SQL ``GROUP BY``
  count through the driver — same warm-up (one run) and number of runs (best of 3)
  for every side, wall and CPU time;
* insert memory: the peak Python allocation (tracemalloc) of ``add_codings`` against
  the raw baseline (building the rows and ``executemany``), on the same rows.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from researchkit.project import Project
from researchkit.project.schema import new_id, now
from researchkit.transcripts import Corpus, Transcript, Turn

CODES = ["SIG", "SIG.boot", "HAV", "SAM", "DOU", "POL", "INFO", "INFO.WV", "KMAR", "GEM"]
WORDS = ("haven boot douane politie signaal samenwerking informatie visser schip lading container "
         "gemeente havenmeester vreemd verdacht nacht melding contact collega wij zij").split()


def make_corpus(n_docs: int, words_per_turn: int = 60, turns: int = 80) -> Corpus:
    """A deterministic synthetic corpus of interviews with alternating I:/R: turns."""
    docs = []
    for d in range(n_docs):
        lines, spans, pos = [], [], 0
        for k in range(turns):
            speaker = "I" if k % 2 == 0 else "R"
            body = " ".join(WORDS[(d * 7 + k * 3 + w) % len(WORDS)] for w in range(words_per_turn))
            line = f"{speaker}: {body}."
            spans.append(Turn(speaker, "interviewer" if speaker == "I" else "respondent", pos + 3, pos + len(line)))
            lines.append(line)
            pos += len(line) + 1
        docs.append(Transcript(f"R{d:03d}", "\n".join(lines), tuple(spans),
                               {"group": ["politie", "douane", "kmar", "gemeente"][d % 4], "port": f"haven{d % 9}"}))
    return Corpus(docs)


def make_codings(corpus: Corpus, n: int) -> pd.DataFrame:
    """``n`` distinct codings spread over the corpus, one word each."""
    rows = []
    docs = list(corpus)
    per_doc = -(-n // len(docs))
    for t in docs:
        pos = 0
        for k in range(per_doc):
            if len(rows) == n:
                break
            start = t.text.index(" ", pos) + 1
            end = t.text.index(" ", start)
            rows.append((t.doc_id, start, end, CODES[k % len(CODES)], "rules", "rules", t.text[start:end]))
            pos = max(end, (k + 1) * len(t.text) // (per_doc + 1))  # spread over the whole interview
    return pd.DataFrame(rows, columns=["doc_id", "start", "end", "code", "coder", "source", "text"])


def _timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - t0


def _best(fn, runs: int = 3) -> tuple[float, float]:
    """Best wall and CPU seconds of ``runs`` calls after one warm-up call (the same for every side)."""
    fn()
    walls, cpus = [], []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return min(walls), min(cpus)


def _raw_counts(url: str):
    engine = sa.create_engine(url if "://" in url else f"sqlite:///{url}")

    def count() -> dict:
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute("SELECT code, count(*), count(DISTINCT doc_id) FROM rk_codings WHERE anchored GROUP BY code ORDER BY code")
            return {code: n for code, n, _ in cur.fetchall()}
        finally:
            raw.close()

    return count, engine


def bench_frequencies(name: str, project: Project, url: str) -> list[str]:
    """Codings per code: three store paths against a raw SQL GROUP BY, same runs and warm-up."""
    count, engine = _raw_counts(url)
    expected = count()
    paths = {
        "codings() + groupby": lambda: project.codings().groupby("code").size().to_dict(),
        "codings(columns=) + groupby": lambda: project.codings(columns=["code", "doc_id"]).groupby("code").size().to_dict(),
        "code_counts() (SQL)": lambda: dict(zip(*project.code_counts()[["code", "codings"]].T.values)),
    }
    for label, fn in paths.items():
        assert fn() == expected, label
    base_wall, base_cpu = _best(count)
    lines = [f"[{name}] frequencies, raw SQL GROUP BY baseline: {base_wall * 1000:.1f} ms wall, {base_cpu * 1000:.1f} ms CPU"]
    for label, fn in paths.items():
        wall, cpu = _best(fn)
        lines.append(f"[{name}] frequencies via {label}: {wall * 1000:.1f} ms wall ({wall / base_wall:.2f}x raw), "
                     f"{cpu * 1000:.1f} ms CPU ({cpu / max(base_cpu, 1e-9):.2f}x raw)")
    engine.dispose()
    return lines


def bench_insert_memory(name: str, url: str, baseline_url: str, corpus: Corpus, codings: pd.DataFrame) -> str:
    """Peak traced allocation of add_codings against the raw executemany baseline, same rows."""
    project = _create_with_docs(url, corpus)
    tracemalloc.start()
    project.add_codings(codings)
    _, store_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    project.close()
    tracemalloc.start()
    _raw_insert(baseline_url, corpus, codings)
    _, raw_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return (f"[{name}] insert memory for {len(codings):,} codings (tracemalloc peak): add_codings {store_peak / 2**20:.0f} MiB, "
            f"raw executemany baseline {raw_peak / 2**20:.0f} MiB; ratio {store_peak / max(raw_peak, 1):.2f}")


def bench_backend(name: str, url: str, corpus: Corpus, codings: pd.DataFrame, baseline_url: str, text_dir: Path) -> list[str]:
    lines = []
    project, t_docs = _timed(lambda: _create_with_docs(url, corpus))
    lines.append(f"[{name}] add_documents ({len(corpus)} interviews, {corpus.n_words:,} words): {t_docs:.2f} s")

    _, t_ins = _timed(lambda: project.add_codings(codings))
    n = len(codings)
    base_ins = _raw_insert(baseline_url, corpus, codings)
    lines.append(f"[{name}] insert {n:,} codings (one transaction): {n / t_ins:,.0f} rows/s ({t_ins:.2f} s); "
                 f"raw executemany baseline {n / base_ins:,.0f} rows/s; store/raw time ratio {t_ins / base_ins:.2f}")

    frame, t_read = _timed(project.codings)
    assert len(frame) == n
    base_read = _raw_read(baseline_url)
    lines.append(f"[{name}] read {n:,} codings as DataFrame: {n / t_read:,.0f} rows/s ({t_read:.2f} s); "
                 f"raw SELECT+DataFrame baseline {n / base_read:,.0f} rows/s; ratio {t_read / base_read:.2f}")

    loaded, t_load = _timed(project.corpus)
    assert len(loaded) == len(corpus) and loaded[corpus.doc_ids[0]].text == corpus[corpus.doc_ids[0]].text
    _, t_files = _timed(lambda: [p.read_text(encoding="utf-8") for p in sorted(text_dir.glob("*.txt"))])
    lines.append(f"[{name}] load {len(corpus)}-interview project into memory (texts, turns, attributes): {t_load:.2f} s; "
                 f"reading the bare texts from files {t_files:.3f} s; ratio {t_load / max(t_files, 1e-9):.1f}")

    lines += bench_frequencies(name, project, url)

    corrected = Corpus(
        Transcript(t.doc_id, t.text[: len(t.text) // 2] + "correctie " + t.text[len(t.text) // 2 + 5 :], t.turns, t.attributes)
        for t in corpus
    )
    report, t_re = _timed(lambda: project.add_documents(corrected))
    counts = report.codings["status"].value_counts().to_dict()
    lines.append(f"[{name}] re-ingest {len(corpus)} corrected interviews, re-anchoring {len(report.codings):,} codings: {t_re:.2f} s "
                 f"({', '.join(f'{k} {v:,}' for k, v in sorted(counts.items()))})")
    project.close()
    return lines


def _create_with_docs(url: str, corpus: Corpus) -> Project:
    project = Project.create(url, user="bench")
    project.add_documents(corpus)
    return project


def _raw_insert(url: str, corpus: Corpus, codings: pd.DataFrame) -> float:
    """Seconds for a plain DB-API executemany of the same rows into an identical, fresh project table."""
    project = Project.create(url, user="bench")
    project.add_documents(corpus)
    project.add_coder("rules")
    project.close()
    if tracemalloc.is_tracing():
        tracemalloc.reset_peak()  # count the insert only, not making the baseline project
    stamp = now()
    rows = [(new_id(), d, s, e, c, co, so, t, stamp) for d, s, e, c, co, so, t in codings.itertuples(index=False)]
    engine = sa.create_engine(url if "://" in url else f"sqlite:///{url}")
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        mark = "?" if engine.dialect.name == "sqlite" else "%s"
        sql = (f'INSERT INTO rk_codings (id, doc_id, start, "end", code, coder, source, text, created, anchored) '
               f"VALUES ({', '.join([mark] * 9)}, {'1' if engine.dialect.name == 'sqlite' else 'true'})")
        t0 = time.perf_counter()
        cur.executemany(sql, rows)
        raw.commit()
        elapsed = time.perf_counter() - t0
    finally:
        raw.close()
        engine.dispose()
    return elapsed


def _raw_read(url: str) -> float:
    engine = sa.create_engine(url if "://" in url else f"sqlite:///{url}")
    raw = engine.raw_connection()
    try:
        t0 = time.perf_counter()
        cur = raw.cursor()
        cur.execute('SELECT doc_id, start, "end", code, coder, source, text, id, created, memo, unit, rule_id, evidence, confidence, origin '
                    'FROM rk_codings WHERE anchored ORDER BY doc_id, start, "end", code, coder, id')
        pd.DataFrame(cur.fetchall(), columns=[d[0] for d in cur.description])
        elapsed = time.perf_counter() - t0
    finally:
        raw.close()
        engine.dispose()
    return elapsed


def _pg_database(base_url: str):
    base = sa.make_url(base_url)
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    names = [f"rk_bench_{os.getpid()}_{secrets.token_hex(3)}" for _ in range(2)]
    with admin.connect() as conn:
        for name in names:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as conn:
            for name in names:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return [base.set(database=n).render_as_string(hide_password=False) for n in names], drop


def bench_reanchor() -> str:
    """Re-anchoring codings on a corrected 90,000-character repetitive transcript vs difflib on the whole text."""
    import difflib

    from researchkit.project.anchoring import reanchor

    words = "haven boot douane politie signaal samenwerking informatie visser".split()
    lines = [f"R: {' '.join(words[(k + w) % len(words)] for w in range(40))}." for k in range(300)]
    old = "\n".join(lines)
    new = old[:30_000] + "EEN CORRECTIE " + old[30_000:60_000] + old[60_050:]
    codings = [(str(k), k * 200, k * 200 + 25) for k in range(len(old) // 200)]
    ours = _best(lambda: reanchor(old, new, codings), runs=3)
    naive = _best(lambda: difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes(), runs=1)
    return (f"[reanchor] {len(codings)} codings on {len(old):,} characters: {ours[0]:.3f} s wall / {ours[1]:.3f} s CPU; "
            f"difflib on the whole text: {naive[0]:.3f} s / {naive[1]:.3f} s (ratio {ours[0] / naive[0]:.3f}x)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codings", type=int, default=100_000)
    parser.add_argument("--interviews", type=int, default=200)
    args = parser.parse_args(argv)

    corpus, t_gen = _timed(lambda: make_corpus(args.interviews))
    codings = make_codings(corpus, args.codings)
    print(f"generated {len(corpus)} interviews ({corpus.n_words:,} words) and {len(codings):,} codings in {t_gen:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        text_dir = tmp_path / "texts"
        text_dir.mkdir()
        for t in corpus:
            (text_dir / f"{t.doc_id}.txt").write_text(t.text, encoding="utf-8")
        lines = bench_backend("sqlite", str(tmp_path / "bench.rkp"), corpus, codings, str(tmp_path / "baseline.rkp"), text_dir)
        lines.append(bench_insert_memory("sqlite", str(tmp_path / "mem.rkp"), str(tmp_path / "mem-base.rkp"), corpus, codings))
        pg_url = os.environ.get("RESEARCHKIT_TEST_PG_URL")
        if pg_url:
            (url, baseline), drop = _pg_database(pg_url)
            try:
                lines += bench_backend("postgresql", url, corpus, codings, baseline, text_dir)
            finally:
                drop()
        else:
            lines.append("[postgresql] not measured: RESEARCHKIT_TEST_PG_URL is not set (see .ci/postgres.sh)")
    lines.append(bench_reanchor())
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

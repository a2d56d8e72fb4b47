"""Benchmark: a corpus held in one table (``io/corpustables.py``), read as one document a conversation.

A CSV of ``N`` conversations of ``--rows`` rows (default 20) is made (fixed seed, AnnoMI's layout:
``transcript_id`` and ``mi_quality`` with one value a conversation, ``interlocutor``,
``timestamp``, ``utterance_text``, ``utterance_id``) for each size of ``--sizes`` (default 1,000,
10,000 and 50,000 conversations; the largest is ~45 MB, above the default 25 MiB limit for a
transcript, so ``max_bytes`` is raised). Each size is read with
:func:`researchkit.io.corpustables.read_documents` after a warm-up on a small table; CPU time
(``time.process_time``: the machine may be shared) and wall time are printed, with ms per
conversation and the growth exponent ``log(t / t0) / log(N / N0)`` against the smallest size (1
linear, 2 quadratic).

Baselines, measured in the same run on the same files:

* ``parse``: pandas reading the file alone (``read_sheet``, every cell as text), a linear cost every
  reading pays; its growth exponent is printed beside the table's;
* ``own files``: 200 of the conversations, each written as a file of its own and read with
  :func:`researchkit.io.read_transcript` (ms per conversation): what the split must not exceed.

Last lines: ``corpustable_ms_per_conversation_<N>=<CPU ms>`` for each size and
``corpustable_growth=<exponent smallest -> largest>``.

Run: ``PYTHONPATH=. .venv/bin/python benchmarks/bench_corpustable.py [--sizes=1000,10000,50000] [--rows=20]``
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from researchkit.errors import TranscriptError  # noqa: E402
from researchkit.io import read_transcript  # noqa: E402
from researchkit.io.corpustables import read_documents  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_bigfiles import exponent  # noqa: E402  (the growth exponent between two sizes, as there)
from researchkit.io.sheets import read_sheet  # noqa: E402

HEADER = ["transcript_id", "mi_quality", "interlocutor", "timestamp", "utterance_text", "utterance_id"]
UTTERANCES = ["How are you?", "Fine, thanks.", "Tell me more.", "I don't know, really.", "Why is that?", "Okay."]
OWN_FILES = 200


def rows(n: int, per: int, seed: int = 1):
    """The rows of ``n`` conversations of ``per`` rows each (fixed seed)."""
    rng = random.Random(seed)
    for c in range(n):
        quality = rng.choice(["high", "low"])
        for r in range(per):
            s = r * 7
            yield [str(c), quality, "therapist" if r % 2 == 0 else "client", f"00:{s // 60:02d}:{s % 60:02d}",
                   rng.choice(UTTERANCES), str(r)]


def write(path: Path, table) -> Path:
    """``HEADER`` and the rows as a CSV."""
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(table)
    return path


def timed(call) -> tuple[float, float, object]:
    """CPU and wall seconds of ``call()``, and its result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return time.process_time() - cpu, time.perf_counter() - wall, result


def own_files(folder: Path, per: int) -> float:
    """CPU ms per conversation of reading ``OWN_FILES`` conversations, each as a file of its own."""
    everything = list(rows(OWN_FILES, per, seed=2))
    paths = [write(folder / f"own{c}.csv", everything[c * per:(c + 1) * per]) for c in range(OWN_FILES)]
    read_transcript(paths[0])  # warm-up
    cpu, _, _ = timed(lambda: [read_transcript(p) for p in paths])
    return 1000 * cpu / len(paths)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="numbers of conversations, comma-separated")
    parser.add_argument("--rows", type=int, default=20, help="rows a conversation")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="rk-corpustable-") as tmp:
        folder = Path(tmp)
        read_documents(write(folder / "warm.csv", rows(20, args.rows)))  # imports and first calls not counted
        own = own_files(folder, args.rows)
        print(f"own files (baseline): {own:.3f} ms CPU a conversation ({OWN_FILES} files of {args.rows} rows)")
        print("| conversations | rows | MB | read CPU (wall) | ms / conversation | x own files | parse CPU | growth | parse growth |")
        print("|---|---|---|---|---|---|---|---|---|")
        points: list[tuple[int, float, float]] = []
        for n in sizes:
            path = write(folder / f"corpus{n}.csv", rows(n, args.rows))
            size = path.stat().st_size
            parse, _, frame = timed(lambda: read_sheet(path, error=TranscriptError))
            del frame
            cpu, wall, found = timed(lambda: read_documents(path, max_bytes=size + 1))
            assert len(found.transcripts) == n and not found.problems, (len(found.transcripts), found.problems[:1])
            del found
            path.unlink()
            points.append((n, cpu, parse))
            growth = f"{exponent((points[0][0], points[0][1]), (n, cpu)):.2f}" if len(points) > 1 else "-"
            parse_growth = f"{exponent((points[0][0], points[0][2]), (n, parse)):.2f}" if len(points) > 1 else "-"
            print(f"| {n:,} | {n * args.rows:,} | {size / 1e6:.1f} | {cpu:.2f} s ({wall:.2f}) | {1000 * cpu / n:.3f} | "
                  f"x{1000 * cpu / n / own:.2f} | {parse:.2f} s | {growth} | {parse_growth} |", flush=True)
        for n, cpu, _ in points:
            print(f"corpustable_ms_per_conversation_{n}={1000 * cpu / n:.3f}")
        if len(points) > 1:
            print(f"corpustable_growth={exponent(points[0][:2], points[-1][:2]):.2f}")


if __name__ == "__main__":
    main()

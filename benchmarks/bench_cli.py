"""Benchmark: start-up cost of the command line, against ``python -c "import pandas"`` in the same run.

Goals (issue 18): ``researchkit --help`` at most 0.5x the pandas import; storing one coding
with ``researchkit code ... --quote ...`` at most 1.5x. Every command is started as a fresh
process the same number of times after one warm-up run each (so file caches are warm for all
sides alike); the median wall time and the children's CPU time are reported.

Run: ``.venv/bin/python benchmarks/bench_cli.py [--runs N]``
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def measure(cmd: list[str], runs: int, env: dict) -> tuple[float, float]:
    """Median wall seconds and mean CPU seconds of ``runs`` fresh processes after one warm-up."""
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    walls = []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        walls.append(time.perf_counter() - t0)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) / runs
    return statistics.median(walls), cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ)
    researchkit = [str(BIN / "researchkit")] if (BIN / "researchkit").exists() else [sys.executable, "-m", "researchkit.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "bench.rkp"
        setup = (
            "from researchkit.project import Project\n"
            "from researchkit.transcripts import Transcript, Turn\n"
            f"p = Project.create({str(project)!r}, user='anna')\n"
            "p.add_documents(Transcript('R01', 'R: We zagen een busje bij de kade om drie uur.', "
            "turns=(Turn('R', 'respondent', 3, 46),)))\n"
            "p.set_codebook({'codes': [{'id': 'SIG', 'name': 'Signalen'}]})\n"
            "p.close()\n"
        )
        subprocess.run([sys.executable, "-c", setup], check=True, env=env)
        code = researchkit + ["code", "R01", "--project", str(project), "--code", "SIG", "--coder", "anna",
                              "--quote", "een busje"]
        uncode = code + ["--uncode"]

        def code_once() -> None:
            subprocess.run(uncode, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        pandas = measure([sys.executable, "-c", "import pandas"], args.runs, env)
        bare = measure([sys.executable, "-c", "pass"], args.runs, env)
        help_ = measure(researchkit + ["--help"], args.runs, env)
        walls, cpus = [], []
        for _ in range(args.runs + 1):
            code_once()
            t0 = time.perf_counter()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            walls.append(time.perf_counter() - t0)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        store = (statistics.median(walls[1:]), statistics.mean(cpus[1:]))
    print(f"{'command':<44}{'median wall s':>14}{'CPU s':>8}{'x pandas':>10}")
    for name, (wall, cpu) in [("python -c pass", bare), ("python -c 'import pandas' (baseline)", pandas),
                              ("researchkit --help", help_), ("researchkit code R01 --quote ... (one coding)", store)]:
        print(f"{name:<44}{wall:>14.3f}{cpu:>8.3f}{wall / pandas[0]:>10.2f}")
    print(f"goals: --help <= 0.5x pandas: {help_[0] / pandas[0] <= 0.5}; "
          f"one coding <= 1.5x pandas: {store[0] / pandas[0] <= 1.5}")


if __name__ == "__main__":
    main()

"""Benchmark: start-up cost of the command line, against ``python -c "import pandas"`` in the same run.

Goals (issue 18): ``researchkit --help`` at most 0.5x the pandas import; storing one coding
with ``researchkit code ... --quote ...`` at most 1.5x. Every command, the baseline included,
is measured by the same routine: one untimed warm-up run (so file caches are warm for all
sides alike), then the same number of timed fresh processes; the median wall time and the
median CPU time (user + system of that child alone) are reported, each with its ratio to
the pandas import. Storing a coding removes it first (``--uncode``, untimed, run before the
warm-up and before every timed run alike), so that each timed run stores the same new coding.

Bytecode: pandas and SQLAlchemy come with compiled ``.pyc`` files from their installation,
and an installed researchkit has them too. When the environment says
``PYTHONDONTWRITEBYTECODE`` (as some shells and CI images do), an editable checkout would
recompile every researchkit module in every timed run; the benchmark therefore lets the
children write bytecode (the warm-up run writes it), unless ``--no-bytecode-cache`` is given.

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
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(cmd: list[str], env: dict) -> None:
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)


def measure(cmd: list[str], runs: int, env: dict, *, before_each: Callable[[], None] | None = None) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds of ``runs`` fresh processes after one warm-up.

    ``before_each`` (untimed, not counted) runs before the warm-up and before every timed run.
    """
    walls, cpus = [], []
    for k in range(runs + 1):  # k == 0: the warm-up, not kept
        if before_each is not None:
            before_each()
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        _run(cmd, env)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if k:
            walls.append(wall)
            cpus.append(after.ru_utime - usage.ru_utime + after.ru_stime - usage.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="keep PYTHONDONTWRITEBYTECODE from the environment (researchkit compiled from source every run)")
    args = parser.parse_args()
    env = dict(os.environ)
    if not args.no_bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
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

        def remove_the_coding() -> None:  # may fail when there is nothing to remove (first time)
            subprocess.run(uncode, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        pandas = measure([sys.executable, "-c", "import pandas"], args.runs, env)
        bare = measure([sys.executable, "-c", "pass"], args.runs, env)
        help_ = measure(researchkit + ["--help"], args.runs, env)
        store = measure(code, args.runs, env, before_each=remove_the_coding)
    cached = "off (researchkit compiled from source every run)" if env.get("PYTHONDONTWRITEBYTECODE") else "on"
    print(f"{args.runs} timed runs after 1 warm-up each; medians; bytecode cache {cached}")
    print(f"{'command':<48}{'wall s':>8}{'CPU s':>8}{'wall x pandas':>15}{'CPU x pandas':>14}")
    for name, (wall, cpu) in [("python -c pass", bare), ("python -c 'import pandas' (baseline)", pandas),
                              ("researchkit --help", help_), ("researchkit code R01 --quote ... (one coding)", store)]:
        print(f"{name:<48}{wall:>8.3f}{cpu:>8.3f}{wall / pandas[0]:>15.2f}{cpu / pandas[1]:>14.2f}")
    for label, (wall, cpu), goal in [("--help", help_, 0.5), ("one coding", store, 1.5)]:
        met = wall / pandas[0] <= goal and cpu / pandas[1] <= goal
        print(f"goal: {label} <= {goal}x pandas (wall and CPU): {'met' if met else 'NOT met'} "
              f"(wall {wall / pandas[0]:.2f}x, CPU {cpu / pandas[1]:.2f}x)")


if __name__ == "__main__":
    main()

"""Benchmark: the whole main job (``researchkit.run``) on the demo corpus replicated x1, x10 (x100).

Issue 18.6. The demo transcripts are copied N times under new document ids (``R01`` becomes
``R01``, ``R01K01`` ... ``R01K09``), the attributes sheet and the stored manual codings are
extended to the new ids, and the demo configuration (``codebook/demo-run.yaml``) runs on the
copy, writing to a temporary output folder. Each scale runs in a fresh process (so each pays
the same start-up, and its peak memory is its own); every stage is timed in wall and CPU
seconds (CPU: the job process, all its threads; time of worker processes, if any, is printed
apart as ``children CPU``).

Printed: the time of each stage, the scaling exponent per stage (log(t10/t1)/log(10), and
x10 -> x100 with ``--full``), analysis + report + tables + html + leak check against the
auto-coding stage of the same run (goal <= 1.0x), with the part of it spent drawing and
encoding the report's figures (``researchkit.figures.save.png_bytes``, timed in the same run)
and the part spent importing matplotlib (``researchkit.figures``), peak memory (goal
< 2 GiB at x100), and the x1 job's total (the job of ``make demo``; goal < 10 s wall on a quiet
2-core machine). Nothing is imported ahead of the job: matplotlib is imported when the
analysis first needs it, as in ``researchkit run``, and timed as it is imported (an import
hook), so its cost stays in the stage that pays it.

Bytecode: the job's libraries come with compiled ``.pyc`` files from their installation, and an
installed researchkit has them too. When the environment says ``PYTHONDONTWRITEBYTECODE`` (as
some shells and CI images do), an editable checkout would compile every researchkit module
from source in every run, a cost a user pays once; the benchmark therefore compiles the
researchkit package before the first run (untimed, as an installation does) and lets the
children use and write bytecode, unless ``--no-bytecode-cache`` is given (as ``bench_cli.py``).

On a shared machine one run's ratio moves by ±0.15; ``--repeat N`` runs each scale N times (fresh
processes, in turn) and prints the medians and every run's ratio.

Run: ``.venv/bin/python benchmarks/bench_run.py [--full] [--scales 1 10] [--repeat 5]``
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import importlib.abc
import importlib.util
import io
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: The stages compared with auto-coding (everything the job does after coding).
DOWNSTREAM = ("analysis", "report", "tables", "html", "leak check")


def replicate(dest: Path, scale: int) -> Path:
    """Copy the demo inputs ``scale`` times under new doc ids into ``dest``; return the config path."""
    src = ROOT / "transcripts"
    (dest / "transcripts").mkdir(parents=True)
    (dest / "gold").mkdir()
    stems = []
    for path in sorted(src.iterdir()):
        if path.name in ("attributes.csv", "privacy-key.yaml", "README.md"):
            continue
        stems.append(path.stem)
        for k in range(scale):
            new = path.stem if k == 0 else f"{path.stem}K{k:02d}"
            shutil.copyfile(path, dest / "transcripts" / f"{new}{path.suffix}")

    def extend(sheet: Path, out: Path) -> None:
        with sheet.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
            fields = list(rows[0].keys())
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for k in range(scale):
            for row in rows:
                writer.writerow({**row, "doc_id": row["doc_id"] if k == 0 else f"{row['doc_id']}K{k:02d}"})
        out.write_text(buf.getvalue(), encoding="utf-8")

    extend(src / "attributes.csv", dest / "transcripts" / "attributes.csv")
    for sheet in sorted((ROOT / "codebook" / "gold").glob("*.csv")):
        extend(sheet, dest / "gold" / sheet.name)
    text = (ROOT / "codebook" / "demo-run.yaml").read_text(encoding="utf-8")
    text = text.replace("base: ..", f"base: {json.dumps(str(dest))}")
    text = text.replace("codebook: codebook/havens.yaml", f"codebook: {json.dumps(str(ROOT / 'codebook' / 'havens.yaml'))}")
    text = text.replace("  - codebook/gold/*.csv", "  - gold/*.csv")
    text = text.replace("privacy_key: transcripts/privacy-key.yaml",
                        f"privacy_key: {json.dumps(str(src / 'privacy-key.yaml'))}")
    for folder in sorted((ROOT / "codebook").iterdir()):  # house style, front matter, quote files ...
        if folder.is_dir() and folder.name != "gold":
            shutil.copytree(folder, dest / "codebook" / folder.name, dirs_exist_ok=True)
    config = dest / "run.yaml"
    config.write_text(text, encoding="utf-8")
    return config


class _FigureImportTimer(importlib.abc.MetaPathFinder):
    """Times the import of :mod:`researchkit.figures` (matplotlib with it) and wraps
    :func:`researchkit.figures.save.png_bytes` once that module is loaded, without importing
    anything ahead of the job."""

    def __init__(self, imported: dict[str, float], wrap: Any) -> None:
        self.imported, self.wrap, self.depth = imported, wrap, 0

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name not in ("researchkit.figures", "researchkit.figures.save"):
            return None
        sys.meta_path.remove(self)  # find the real spec, then wrap its loader
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        loader, timer = spec.loader, self

        class Timed(importlib.abc.Loader):
            def create_module(self, spec):  # noqa: ANN001, ANN202
                return loader.create_module(spec)

            def exec_module(self, module):  # noqa: ANN001, ANN202
                wall, cpu = time.perf_counter(), time.process_time()
                try:
                    loader.exec_module(module)
                finally:
                    if name == "researchkit.figures":
                        timer.imported["cpu"] += time.process_time() - cpu
                        timer.imported["wall"] += time.perf_counter() - wall
                if name == "researchkit.figures.save":
                    module.png_bytes = timer.wrap(module.png_bytes)

        spec.loader = Timed()
        return spec


def child(scale: int) -> None:
    """Run the job once at ``scale`` in this process and print one JSON line of figures."""
    from researchkit.run import job as job_module
    from researchkit.run import load_config, run

    times: dict[str, dict[str, float]] = {}

    def timed(stage):  # noqa: ANN001, ANN202 - a Stage
        def func(job):  # noqa: ANN001, ANN202
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return stage.func(job)
            finally:
                times[stage.name] = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
        return dataclasses.replace(stage, func=func)

    job_module.STAGES = tuple(timed(s) for s in job_module.STAGES)  # the list _walk walks
    drawn = {"cpu": 0.0, "wall": 0.0, "figures": 0}
    imported = {"cpu": 0.0, "wall": 0.0}

    def timed_png(draw_png):  # noqa: ANN001, ANN202 - the report's figures are drawn and encoded here
        def png_bytes(fig, **kwargs):  # noqa: ANN001, ANN003, ANN202
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return draw_png(fig, **kwargs)
            finally:
                drawn["cpu"] += time.process_time() - cpu
                drawn["wall"] += time.perf_counter() - wall
                drawn["figures"] += 1
        return png_bytes

    # matplotlib is imported when the job first needs it (as without the benchmark), not here:
    # the figure modules are timed and wrapped as they are imported
    sys.meta_path.insert(0, _FigureImportTimer(imported, timed_png))
    with tempfile.TemporaryDirectory(prefix="rk-bench-run-") as tmp:
        config = replicate(Path(tmp) / "in", scale)
        words = sum(len(p.read_bytes()) for p in (Path(tmp) / "in" / "transcripts").iterdir())
        wall, cpu = time.perf_counter(), time.process_time()
        result = run(load_config(config), out=Path(tmp) / "out", progress=None)
        total = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
        docs = len(list((Path(tmp) / "in" / "transcripts").glob("R*")))
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "scale": scale, "documents": docs, "input_bytes": words, "stages": times, "total": total, "drawing": drawn,
        "figure_import": imported,
        "outputs": len(result.manifest["outputs"]), "children_cpu": children.ru_utime + children.ru_stime,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def exponent(small: float, large: float, factor: float) -> float:
    """The growth exponent ``log(large/small) / log(factor)`` (nan when a time is ~0)."""
    if small <= 1e-3 or large <= 1e-3:
        return float("nan")
    return math.log(large / small) / math.log(factor)


def _ratio(run: dict) -> float:
    """One run's downstream stages' CPU over its auto-coding stage's CPU."""
    stages = run["stages"]
    return sum(stages.get(n, {"cpu": 0.0})["cpu"] for n in DOWNSTREAM) / stages["autocode"]["cpu"]


def _median_run(runs: list[dict]) -> dict:
    """The runs of one scale as one: each stage's, the total's, drawing's and import's times the median of the runs."""
    if len(runs) == 1:
        return runs[0]

    def med(get: Any) -> dict[str, float]:
        return {k: statistics.median(get(r)[k] for r in runs) for k in ("wall", "cpu")}

    merged = dict(runs[0])
    merged["stages"] = {name: med(lambda r, n=name: r["stages"].get(n, {"wall": 0.0, "cpu": 0.0})) for name in runs[0]["stages"]}
    merged["total"] = med(lambda r: r["total"])
    merged["drawing"] = {**med(lambda r: r["drawing"]), "figures": runs[0]["drawing"]["figures"]}
    merged["figure_import"] = med(lambda r: r["figure_import"])
    merged["peak_mib"] = max(r["peak_mib"] for r in runs)
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also run x100 (1,600 documents; long)")
    parser.add_argument("--scales", type=int, nargs="+", help="the scales to run (default 1 10, with --full 1 10 100)")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="keep PYTHONDONTWRITEBYTECODE from the environment (researchkit compiled from source every run)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run each scale this many times (fresh processes, in turn) and report medians and the "
                             "spread of the downstream/auto-coding ratio (a shared machine's noise)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    scales = args.scales or ([1, 10, 100] if args.full else [1, 10])
    env = dict(os.environ)
    if not args.no_bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "researchkit")], env=env,
                       stdout=subprocess.DEVNULL, check=True)
    cached = "off (researchkit compiled from source in every run)" if env.get("PYTHONDONTWRITEBYTECODE") else "on"
    print(f"bytecode cache {cached}", flush=True)
    runs: dict[int, list[dict]] = {scale: [] for scale in scales}
    for _ in range(max(1, args.repeat)):
        for scale in scales:
            out = subprocess.run([sys.executable, __file__, "--child", str(scale)], stdout=subprocess.PIPE, text=True,
                                 check=True, env=env)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            runs[scale].append(r)
            print(f"x{scale}: {r['documents']} documents, {r['input_bytes'] / 2**20:.1f} MiB input, "
                  f"{r['total']['wall']:.1f} s wall / {r['total']['cpu']:.1f} s CPU, peak {r['peak_mib']:.0f} MiB, "
                  f"children CPU {r['children_cpu']:.1f} s, downstream/autocode CPU {_ratio(r):.2f}x", flush=True)
    results = {scale: _median_run(rs) for scale, rs in runs.items()}
    if args.repeat > 1:
        print(f"\n(stage times: medians of {args.repeat} runs per scale)")
    names = list(results[scales[0]]["stages"])
    header = f"{'stage':<13}" + "".join(f"{'x' + str(s) + ' wall':>11}{'CPU':>8}" for s in scales)
    pairs = list(zip(scales, scales[1:]))
    header += "".join(f"{'exp ' + str(a) + '->' + str(b):>13}" for a, b in pairs)
    print("\n" + header)
    for name in names + ["TOTAL"]:
        line = f"{name:<13}"
        for s in scales:
            t = results[s]["total"] if name == "TOTAL" else results[s]["stages"].get(name, {"wall": 0.0, "cpu": 0.0})
            line += f"{t['wall']:>11.2f}{t['cpu']:>8.2f}"
        for a, b in pairs:
            ta = results[a]["total"] if name == "TOTAL" else results[a]["stages"].get(name, {"cpu": 0.0})
            tb = results[b]["total"] if name == "TOTAL" else results[b]["stages"].get(name, {"cpu": 0.0})
            line += f"{exponent(ta['cpu'], tb['cpu'], b / a):>13.2f}"
        print(line)
    print("\n(exponents from CPU seconds; 1.0 = linear)")
    for s in scales:
        stages = results[s]["stages"]
        down = sum(stages.get(n, {"cpu": 0.0})["cpu"] for n in DOWNSTREAM)
        down_wall = sum(stages.get(n, {"wall": 0.0})["wall"] for n in DOWNSTREAM)
        auto = stages["autocode"]
        ratios = sorted(_ratio(r) for r in runs[s])
        ratio = statistics.median(ratios)
        spread = (f" (median of {len(ratios)} runs: " + ", ".join(f"{x:.2f}" for x in ratios) + ")") if len(ratios) > 1 else ""
        print(f"x{s}: analysis+report+tables+html+leak check = {down:.2f} s CPU ({down_wall:.2f} s wall) = "
              f"{ratio:.2f}x autocode CPU{spread} ({down_wall / auto['wall']:.2f}x wall); goal <= 1.0x: "
              f"{ratio <= 1.0}")
        drawing = results[s]["drawing"]
        print(f"    of which drawing and encoding the report's {drawing['figures']} figures (matplotlib Agg, PNG): "
              f"{drawing['cpu']:.2f} s CPU; without it {down - drawing['cpu']:.2f} s = "
              f"{(down - drawing['cpu']) / auto['cpu']:.2f}x autocode CPU")
        imported = results[s]["figure_import"]
        rest = down - drawing["cpu"] - imported["cpu"]
        print(f"    of which importing matplotlib (researchkit.figures, when the analysis first draws): "
              f"{imported['cpu']:.2f} s CPU; without drawing and import {rest:.2f} s = {rest / auto['cpu']:.2f}x autocode CPU")
    if 1 in results:  # x1 is the demo job of `make demo`
        total = results[1]["total"]
        print(f"x1 (the demo job of `make demo`): {total['wall']:.2f} s wall, {total['cpu']:.2f} s CPU; goal < 10 s on a "
              f"quiet 2-core machine: {total['wall'] < 10.0}")
    if pairs:
        a, b = pairs[-1]
        worst = max(names, key=lambda n: exponent(results[a]["stages"][n]["cpu"], results[b]["stages"][n]["cpu"], b / a)
                    if not math.isnan(exponent(results[a]["stages"][n]["cpu"], results[b]["stages"][n]["cpu"], b / a)) else -1)
        print(f"worst-scaling stage x{a}->x{b}: {worst}")
    if 100 in results:
        print(f"x100: {results[100]['total']['cpu'] / 60:.1f} min CPU (goal < 10); peak {results[100]['peak_mib']:.0f} MiB "
              f"(goal < 2048): {results[100]['peak_mib'] < 2048}")


if __name__ == "__main__":
    main()

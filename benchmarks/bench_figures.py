"""Benchmark: the report's figures (make + PNG) against the former path and ``savefig``, same figures, same run.

The demo job runs once (``codebook/demo-run.yaml`` on a copy of the demo inputs, as
``bench_run.py`` makes it) with the figure functions of the report wrapped to record their
inputs: the theme bar charts, the information-position heatmap and the white-spot map
(12 figures). Each round then makes every figure anew from those inputs and encodes it
three ways, each timed in CPU and wall seconds:

``now``
    what the report does: :func:`researchkit.figures.save.png_bytes` with the figure's own
    layout engine (:class:`researchkit.figures.layout.OneAxesLayout`: constrained layout
    measured once for a single-axes figure), RGB at zlib level 3;
``former``
    the path before this change: matplotlib's constrained layout, one draw, the RGBA canvas
    encoded by ``matplotlib.image.imsave`` (zlib level 6);
``savefig``
    plain ``fig.savefig(buffer, format="png")`` with constrained layout (a layout draw, then
    the real one).

One warm-up round, then the same number of rounds for each path (interleaved, each path first
in turn, garbage collected before each); the best
round is printed with the ratio to ``now``. The pixels of ``now`` and ``former`` are compared
(identical except where the one-pass layout places an axes a few pixels differently).

Run: ``.venv/bin/python benchmarks/bench_figures.py [--rounds 3]``
"""

from __future__ import annotations

import argparse
import gc
import io
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_run  # noqa: E402  (the demo copy)

RECORDED = ("frequency_bars", "information_position_heatmap", "white_spot_map")


def record_inputs() -> list[tuple[Callable, tuple, dict]]:
    """Run the demo job once; return the figure calls of the report (function, args, kwargs)."""
    import researchkit.figures as figures
    from researchkit.run import load_config, run

    calls: list[tuple[Callable, tuple, dict]] = []
    originals = {name: getattr(figures, name) for name in RECORDED}

    def recorder(func: Callable) -> Callable:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            calls.append((func, args, kwargs))
            return func(*args, **kwargs)
        return wrapped

    for name, func in originals.items():
        setattr(figures, name, recorder(func))
    try:
        with tempfile.TemporaryDirectory(prefix="rk-bench-figures-") as tmp:
            config = bench_run.replicate(Path(tmp) / "in", 1)
            run(load_config(config), out=Path(tmp) / "out", progress=None)
    finally:
        for name, func in originals.items():
            setattr(figures, name, func)
    return calls


def now(fig: Any, dpi: int) -> bytes:
    from researchkit.figures.save import png_bytes

    return png_bytes(fig, dpi=dpi)


def former(fig: Any, dpi: int) -> bytes:
    import matplotlib as mpl

    fig.set_layout_engine("constrained")
    fig.dpi = dpi
    fig.canvas.draw()
    buffer = io.BytesIO()
    mpl.image.imsave(buffer, fig.canvas.buffer_rgba(), format="png", origin="upper", dpi=dpi,
                     metadata={"Software": "researchkit"})
    return buffer.getvalue()


def savefig(fig: Any, dpi: int) -> bytes:
    fig.set_layout_engine("constrained")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": "researchkit"})
    return buffer.getvalue()


def one_round(calls: list, path: Callable, dpi: int) -> tuple[float, float, list[bytes]]:
    """Make and encode every figure once; ``(cpu, wall, pngs)`` (the garbage of earlier rounds collected first,
    so that no path pays for another's figures)."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    pngs = [path(func(*args, **kwargs), dpi) for func, args, kwargs in calls]
    return time.process_time() - cpu, time.perf_counter() - wall, pngs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dpi", type=int, default=150, help="the demo report's dpi")
    args = parser.parse_args()
    import numpy as np
    from PIL import Image

    calls = record_inputs()
    paths = {"now": now, "former": former, "savefig": savefig}
    for path in paths.values():  # warm-up: fonts, caches, imports
        one_round(calls, path, args.dpi)
    best: dict[str, tuple[float, float]] = {}
    every: dict[str, list[float]] = {name: [] for name in paths}
    last: dict[str, list[bytes]] = {}
    names = list(paths)
    for k in range(args.rounds):
        for name in names[k % 3:] + names[:k % 3]:  # each path goes first in turn
            path = paths[name]
            cpu, wall, pngs = one_round(calls, path, args.dpi)
            best[name] = min(best.get(name, (cpu, wall)), (cpu, wall))
            every[name].append(cpu)
            last[name] = pngs
    print(f"report figures: {len(calls)} (demo job, {args.dpi} dpi); best of {args.rounds} rounds after a warm-up")
    print(f"{'path':<10}{'CPU s':>8}{'wall s':>8}{'ratio (CPU)':>13}{'median CPU':>12}{'ratio':>7}{'PNG bytes':>11}")
    median_now = float(np.median(every["now"]))
    for name in paths:
        cpu, wall = best[name]
        median = float(np.median(every[name]))
        print(f"{name:<10}{cpu:>8.3f}{wall:>8.3f}{cpu / best['now'][0]:>12.2f}x{median:>12.3f}{median / median_now:>6.2f}x"
              f"{sum(map(len, last[name])):>11,}")
    same = 0
    worst = 0
    for a, b in zip(last["now"], last["former"]):
        x = np.asarray(Image.open(io.BytesIO(a)).convert("RGB"))
        y = np.asarray(Image.open(io.BytesIO(b)).convert("RGB"))
        if x.shape == y.shape and (x == y).all():
            same += 1
        else:
            worst = max(worst, int((x != y).any(axis=2).sum()) if x.shape == y.shape else x.size)
    print(f"pixels: {same} of {len(calls)} figures identical to the former path; the others differ in {worst:,} pixels "
          "at most (the one-pass layout places the axes up to a few pixels differently)")
    again = one_round(calls, now, args.dpi)[2]
    print(f"deterministic (a new round gives the same bytes): {again == last['now']}")


if __name__ == "__main__":
    main()

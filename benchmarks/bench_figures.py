"""Benchmark: the report's figures (make + PNG) against the previous and former paths and ``savefig``, same run.

The demo job runs once (``codebook/demo-run.yaml`` on a copy of the demo inputs, as
``bench_run.py`` makes it) with the figure functions of the report wrapped to record their
inputs: the theme bar charts, the information-position heatmap and the white-spot map
(12 figures). Each round then makes every figure anew from those inputs and encodes it
three ways, each timed in CPU and wall seconds:

``now``
    what the report does: :func:`researchkit.figures.save.png_bytes` on the figure's own
    :class:`researchkit.figures.canvas.ReportCanvas` (fonts looked up once per draw, glyph
    bitmaps reused) with its layout engine (:class:`researchkit.figures.layout.OneAxesLayout`:
    constrained layout measured once for a single-axes figure; each axis's ticks and each
    legend's boxes measured once per measuring and per draw: ``figures/ticksonce.py``,
    ``figures/legendonce.py``; new ticks copied, ``figures/tickcopies.py``), RGB rows unfiltered
    at zlib level 3; the glyph cache is
    emptied before each round, as in a fresh process;
``previous``
    the path before the report canvas: the same layout and one draw on matplotlib's plain
    ``FigureCanvasAgg``, RGB encoded by Pillow at zlib level 3 (adaptive row filters);
``former``
    the path before that: matplotlib's constrained layout, one draw on plain Agg, the RGBA
    canvas encoded by ``matplotlib.image.imsave`` (zlib level 6);
``savefig``
    plain ``fig.savefig(buffer, format="png")`` on plain Agg with constrained layout (a layout
    draw, then the real one).

One warm-up round, then the same number of rounds for each path (interleaved, each path first
in turn, garbage collected before each); the best and the median round are printed with the
ratio to ``now``. The pixels of ``now`` are compared with ``previous`` (identical expected) and
``former`` (identical except where the one-pass layout places an axes a few pixels
differently). ``--save DIR`` writes the ``now`` PNGs; ``--against DIR`` compares them, pixel by
pixel, with PNGs another checkout wrote with ``--save`` (e.g. main before a change).

Run: ``.venv/bin/python benchmarks/bench_figures.py [--rounds 3] [--save DIR] [--against DIR]``
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
import numpy as np  # noqa: E402

try:  # (absent in a checkout before the report canvas: that checkout can still --save its PNGs)
    from researchkit.figures import canvas  # noqa: E402
except ImportError:  # pragma: no cover
    canvas = None

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


def previous(fig: Any, dpi: int) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image, PngImagePlugin

    canvas = FigureCanvasAgg(fig)
    fig.dpi = dpi
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())
    image = Image.frombuffer("RGBA", (rgba.shape[1], rgba.shape[0]), rgba, "raw", "RGBA", 0, 1)
    if bool((rgba[..., 3] == 255).all()):
        image = image.convert("RGB")
    info = PngImagePlugin.PngInfo()
    info.add_text("Software", "researchkit")
    buffer = io.BytesIO()
    image.save(buffer, format="png", pnginfo=info, dpi=(dpi, dpi), compress_level=3)
    return buffer.getvalue()


def former(fig: Any, dpi: int) -> bytes:
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    fig.set_layout_engine("constrained")
    fig.dpi = dpi
    fig.canvas.draw()
    buffer = io.BytesIO()
    mpl.image.imsave(buffer, fig.canvas.buffer_rgba(), format="png", origin="upper", dpi=dpi,
                     metadata={"Software": "researchkit"})
    return buffer.getvalue()


def savefig(fig: Any, dpi: int) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    fig.set_layout_engine("constrained")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": "researchkit"})
    return buffer.getvalue()


def one_round(calls: list, path: Callable, dpi: int) -> tuple[float, float, list[bytes]]:
    """Make and encode every figure once; ``(cpu, wall, pngs)`` (the garbage of earlier rounds collected first,
    so that no path pays for another's figures)."""
    gc.collect()
    if path is now and canvas is not None:
        canvas.clear_caches()  # a fresh process's glyph cache: no round draws with glyphs of the one before
    wall, cpu = time.perf_counter(), time.process_time()
    pngs = [path(func(*args, **kwargs), dpi) for func, args, kwargs in calls]
    return time.process_time() - cpu, time.perf_counter() - wall, pngs


def decode(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def compare(ours: list[bytes], theirs: list[bytes]) -> str:
    """How many figures are pixel-identical; the largest count of differing pixels and their largest step."""
    same = worst = step = 0
    for a, b in zip(ours, theirs):
        x, y = decode(a), decode(b)
        if x.shape != y.shape:
            return f"sizes differ ({x.shape[1]}x{x.shape[0]} against {y.shape[1]}x{y.shape[0]})"
        differ = (x != y).any(axis=2)
        if not differ.any():
            same += 1
            continue
        worst = max(worst, int(differ.sum()))
        step = max(step, int(np.abs(x.astype(int) - y.astype(int)).max()))
    if same == len(ours):
        return f"all {same} of {len(ours)} figures pixel-identical"
    return f"{same} of {len(ours)} figures pixel-identical; the others differ in {worst:,} pixels at most (largest step {step})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dpi", type=int, default=150, help="the demo report's dpi")
    parser.add_argument("--save", type=Path, help="write the 'now' PNGs here (figure-NN.png)")
    parser.add_argument("--against", type=Path, help="compare the 'now' PNGs with those another checkout saved here")
    args = parser.parse_args()

    calls = record_inputs()
    paths = {"now": now, "previous": previous, "former": former, "savefig": savefig}
    for path in paths.values():  # warm-up: fonts, caches, imports
        one_round(calls, path, args.dpi)
    best: dict[str, tuple[float, float]] = {}
    every: dict[str, list[float]] = {name: [] for name in paths}
    last: dict[str, list[bytes]] = {}
    names = list(paths)
    for k in range(args.rounds):
        for name in names[k % len(names):] + names[:k % len(names)]:  # each path goes first in turn
            cpu, wall, pngs = one_round(calls, paths[name], args.dpi)
            best[name] = min(best.get(name, (cpu, wall)), (cpu, wall))
            every[name].append(cpu)
            last[name] = pngs
    print(f"report figures: {len(calls)} (demo job, {args.dpi} dpi); best and median of {args.rounds} rounds after a warm-up")
    print(f"{'path':<10}{'CPU s':>8}{'wall s':>8}{'ratio (CPU)':>13}{'median CPU':>12}{'ratio':>7}{'PNG bytes':>11}")
    median_now = float(np.median(every["now"]))
    for name in paths:
        cpu, wall = best[name]
        median = float(np.median(every[name]))
        print(f"{name:<10}{cpu:>8.3f}{wall:>8.3f}{cpu / best['now'][0]:>12.2f}x{median:>12.3f}{median / median_now:>6.2f}x"
              f"{sum(map(len, last[name])):>11,}")
    print(f"saved by now against previous: {1 - best['now'][0] / best['previous'][0]:.0%} (best), "
          f"{1 - median_now / float(np.median(every['previous'])):.0%} (median)")
    print(f"pixels, now against previous: {compare(last['now'], last['previous'])}")
    print(f"pixels, now against former: {compare(last['now'], last['former'])} (the one-pass layout places axes a few pixels differently)")
    again = one_round(calls, now, args.dpi)[2]
    print(f"deterministic (a new round gives the same bytes): {again == last['now']}")
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for i, png in enumerate(last["now"]):
            (args.save / f"figure-{i:02d}.png").write_bytes(png)
        print(f"saved {len(last['now'])} PNGs in {args.save}")
    if args.against:
        theirs = [(args.against / f"figure-{i:02d}.png").read_bytes() for i in range(len(last["now"]))]
        print(f"pixels, now against {args.against}: {compare(last['now'], theirs)}; "
              f"byte-identical files: {sum(a == b for a, b in zip(last['now'], theirs))} of {len(theirs)}")


if __name__ == "__main__":
    main()

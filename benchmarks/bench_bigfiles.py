"""Large transcripts under the reader limits: time, peak memory and growth per format, against lxml alone.

For each format (TTML, ``.docx``, ``.odt``, Transcriber ``.trs``, ``.xlsx``) and each kind of file of
``hostile_units.py`` (``tiny``: one-word units, every unit a turn; ``valid``: units of ~40 words), a file
is made at two sizes (of its main XML part for the zip formats) and read in a fresh interpreter (after
one small file of its kind, so imports are not counted). Printed per row: the reading time (wall, and
CPU in brackets: the machine may be shared; ratios and growth use CPU seconds), the peak RSS (imports included, ~80-100 MiB), the same for lxml parsing the main XML part
alone in a fresh interpreter (the baseline, measured in the same run, so the ratios mean the same on a
loaded machine), and the growth exponent ``log(t2 / t1) / log(n2 / n1)`` of the CPU time between the two sizes (1 is
linear, 2 quadratic). With ``--before=DIR`` each file is read by the researchkit of ``DIR`` too (another
checkout, say the main branch), and the ratio after/before is printed.

Run: ``PYTHONPATH=. .venv/bin/python benchmarks/bench_bigfiles.py [--formats=ttml,docx] [--kinds=tiny,valid]
[--mib=2,8] [--before=/path/to/other/checkout]``

Each child runs under a 6 GiB address-space limit and a 600 s timeout (reported as such, not as a figure).
Measured figures are in docs/ingestion.md ("Limits and hostile files").
"""

from __future__ import annotations

import io
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile_units import unit_files  # noqa: E402

MIB = 1024 * 1024
FORMATS = ("ttml", "docx", "odt", "trs", "xlsx")
MAIN_PART = {"docx": "word/document.xml", "odt": "content.xml", "xlsx": "xl/worksheets/sheet1.xml"}
LIMIT_AS = 6 * 1024 * MIB
TIMEOUT = 600


def read_child(fmt: str, path: str) -> None:
    """In a fresh interpreter, after one small file of the format: read the file; print wall and CPU seconds, peak RSS."""
    import warnings

    warnings.simplefilter("ignore")
    from researchkit.errors import ResearchkitError
    from researchkit.io import read_transcript

    warm = Path(tempfile.mkdtemp(prefix="rk-warm-"))
    suffix, files = unit_files(fmt, 8 * 1024)
    (warm / f"w{suffix}").write_bytes(files["valid"])
    read_transcript(warm / f"w{suffix}")
    start, cpu = time.perf_counter(), time.process_time()
    try:
        outcome = f"{len(read_transcript(path).turns)} turns"
    except ResearchkitError as err:
        outcome = err.code
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"s": seconds, "cpu": cpu, "rss": peak, "outcome": outcome}))


def parse_child(fmt: str, path: str) -> None:
    """In a fresh interpreter: lxml parses the file's main XML part; print seconds and peak RSS as :func:`child` does."""
    from lxml import etree

    etree.fromstring(b"<warm/>")
    start, cpu = time.perf_counter(), time.process_time()
    data = Path(path).read_bytes()
    if fmt in MAIN_PART:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            data = archive.read(MAIN_PART[fmt])
    root = etree.fromstring(data, etree.XMLParser(huge_tree=True, resolve_entities=False))
    count = sum(1 for _ in root.iter())
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"s": seconds, "cpu": cpu, "rss": peak, "outcome": f"{count} elements"}))


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_AS, LIMIT_AS))


def measure(args: list[str], pythonpath: str | None = None) -> dict:
    """Run a child of this script and return its figures (or how it failed)."""
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = pythonpath
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=TIMEOUT, preexec_fn=_limit,
                              env=env)
    except subprocess.TimeoutExpired:
        return {"s": float(TIMEOUT), "cpu": float("nan"), "rss": float("nan"), "outcome": f"timeout > {TIMEOUT} s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1][:80]
        return {"s": time.perf_counter() - start, "cpu": float("nan"), "rss": float("nan"), "outcome": f"failed: {last}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def exponent(small: tuple[int, float], large: tuple[int, float]) -> float:
    """Growth exponent between two (size, seconds) points: 1 linear, 2 quadratic.

    Examples
    --------
    >>> round(exponent((1, 2.0), (4, 8.0)), 2), round(exponent((1, 1.0), (2, 4.0)), 2)
    (1.0, 2.0)
    """
    if small[1] <= 0 or large[1] <= 0 or large[0] == small[0]:
        return float("nan")
    return math.log(large[1] / small[1]) / math.log(large[0] / small[0])


def run(formats: list[str], kinds: list[str], sizes: list[int], before: str | None) -> None:
    here = str(Path(__file__).resolve())
    head = "| format | kind | main part | units | read (CPU) | peak RSS | lxml parse (CPU) | parse RSS | read / parse | growth |"
    if before:
        head += " before (CPU) | before RSS | after / before |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    with tempfile.TemporaryDirectory(prefix="rk-bigfiles-") as tmp:
        for fmt in formats:
            for kind in kinds:
                points = []
                for size in sizes:
                    suffix, files = unit_files(fmt, size)
                    path = Path(tmp) / f"{fmt}-{kind}-{size}{suffix}"
                    path.write_bytes(files[kind])
                    del files
                    got = measure([here, "--read-child", fmt, str(path)])
                    base = measure([here, "--parse-child", fmt, str(path)])
                    old = measure([here, "--read-child", fmt, str(path)], pythonpath=before) if before else None
                    path.unlink()
                    points.append((size, got["cpu"]))
                    growth = f"{exponent(points[0], points[-1]):.2f}" if len(points) > 1 else "-"
                    line = (f"| {fmt} | {kind} | {size / MIB:.1f} MiB | {got['outcome']} | {got['s']:.2f} s ({got['cpu']:.2f}) | "
                            f"{got['rss']:,.0f} MiB | {base['s']:.2f} s ({base['cpu']:.2f}) | {base['rss']:,.0f} MiB | "
                            f"x{got['cpu'] / max(base['cpu'], 1e-3):.0f} | {growth} |")
                    if old is not None:
                        line += f" {old['s']:.2f} s ({old['cpu']:.2f}) | {old['rss']:,.0f} MiB | x{got['cpu'] / max(old['cpu'], 1e-3):.2f} |"
                    print(line, flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--parse-child"]:
        parse_child(sys.argv[2], sys.argv[3])
    elif sys.argv[1:2] == ["--read-child"]:
        read_child(sys.argv[2], sys.argv[3])
    else:
        options = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
        run(options.get("formats", ",".join(FORMATS)).split(","), options.get("kinds", "tiny,valid").split(","),
            [int(float(m) * MIB) for m in options.get("mib", "2,8").split(",")], options.get("before"))

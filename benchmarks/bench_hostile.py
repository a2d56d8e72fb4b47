"""Hostile inputs whose cost was too high, each against a baseline measured in the same run.

Each file is read in a fresh interpreter (``--child``, after one small file of its kind has been
read, so imports are not counted), which reports wall time and its peak RSS (``ru_maxrss``,
imports included: ~100 MiB); the table prints hostile / baseline ratios, so the figures mean
the same on a loaded machine.

| case | hostile | baseline |
|---|---|---|
| rtf | font-table look-alikes (``{\\*\\fonttbl``, ``{\\fonttblx``) of fonts without ``\\fcharset``, a font table missing its ``}`` (RK135), unbalanced ``{`` | a Word-like RTF of the same size |
| text | one-word turns (``A: ja`` / ``B: nee``) at 50k, 100k, 300k and 1M lines; 25 MiB of them (RK136) | a text of the same size in turns of ~40 words |
| csv | a codebook with a million empty rows (``,,,,``, ``"",""``, blank lines) below it | Python's ``csv`` reader over the same file |
| units | every other reader: one-word units (cues, rows, paragraphs, annotations) up to 25 MiB (``hostile_units.py``; zip formats by their main part, PDF at 256 KiB: pdfplumber takes minutes for a valid megabyte) | a file of the format in units of ~40 words, same size |
| long | one unit of 25 MiB on one line (``.srt``, ``.vtt``, ``.sbv``, ``.csv`` cell, JSON string, HTML and ``.docx`` paragraph) | as for units |
| rules | texts aimed at one label or layout rule each (``rule_files``): 10,000 distinct bare labels, colonless timed labels, thousands of ``**Label**:`` and ``[PERSOON-n]`` lines, only time marks, every line a question, double-spaced lines, right-aligned numbers, bracket runs, control characters, mixed line ends, ``.rst`` titles; read at 1x, 4x and 16x ``--n`` units | the same case at 4x: the growth exponent of the CPU time (1 linear, 2 quadratic); ``--before=DIR`` reads the files with another checkout too |

Before the fixes of December 2026 (same machine, loaded): RTF look-alikes 245 KiB > 60 s (quadratic),
now linear; one-word turns 300k lines 434 MiB peak RSS, 25 MiB 5.45 GiB; a million ``,,,,``
rows 2.7-4 s. ``units`` before the unit limit (RK138, December 2026), 5 MiB of one-word units, loaded
machine: ``.csv`` 953k rows 138 s / 860 MiB (x44 / x7 a valid file's), OHMS 806k lines 122 s / 612 MiB, ``.cha``
552k utterances 114 s / 549 MiB, HTML 388k blocks 60 s / 509 MiB; at 25 MiB each of these is now RK138 in
under 10 s (docs/ingestion.md, "Limits and hostile files", has the table).

Before the fixes of 5 December 2026 (``rules``, loaded machine, CPU s at 1x/4x/16x of 1,000 units): 10,000 distinct
bare labels 0.4 / 4.2 / 60 s (growth 1.9), colonless timed labels growth 1.35; now both linear (see docs/ingestion.md).

Run: ``.venv/bin/python benchmarks/bench_hostile.py [rtf text csv units long rules] [--formats=srt,vtt] [--mib=25] [--quick]
[--n=1000] [--before=/path/to/other/checkout]``
(``--quick``: small sizes only; ``--formats``: which formats ``units``/``long`` measure, or which cases ``rules`` reads;
``--n``: the 1x size of ``rules``; ``--before``: ``rules`` reads each file with that checkout's researchkit too). Each child runs under an
6 GiB address-space limit and a 240 s timeout; a child that hits either is reported as such, not as a figure.
"""

from __future__ import annotations

import csv
import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile_units import FORMATS, LONG_FORMATS, long_files, unit_files  # noqa: E402

KIB = 1024
MIB = 1024 * 1024
WORDS = "ja nee haven politie douane schip lading container informatie signaal verdacht kade nachts busje".split()


# --- files --------------------------------------------------------------------------------------


def rtf_body(size: int, seed: int = 0) -> str:
    """Word-like RTF paragraphs (bold labels, a hex escape) of about ``size`` characters."""
    rng = random.Random(seed)
    parts, total, i = [], 0, 0
    while total < size:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 30)))
        part = r"{\b " + ("I" if i % 2 == 0 else "R") + r":} " + words.replace("e", r"\'e9", 1) + r"\par" + "\n"
        parts.append(part)
        total += len(part)
        i += 1
    return "".join(parts)


def rtf_files(size: int) -> dict[str, bytes]:
    """The baseline and the hostile RTF files of about ``size`` bytes."""
    head = r"{\rtf1\ansi\ansicpg1252\deff0"
    fonts = "".join(r"{\f%d Arial;}" % i for i in range(size // 16))
    files = {
        "valid": head + r"{\fonttbl{\f0\fswiss\fcharset0 Arial;}{\f1\froman\fcharset0 Times New Roman;}}" + "\n"
        + rtf_body(size) + "}",
        "star-fonttbl": head + r"{\*\fonttbl" + fonts + "}\nI: ja\\par}",
        "fonttblx": head + r"{\fonttblx" + fonts + "}\nI: ja\\par}",
        "unclosed-table": head + r"{\fonttbl{\f0\fswiss Arial;}" + "\n" + rtf_body(size) + "}",
        "unbalanced-open": head + r"{\fonttbl{\f0\fcharset0 Arial;}}" + rtf_body(size).replace(r"{\b ", r"{{\b ") + "}",
    }
    return {name: text.encode("latin-1") for name, text in files.items()}


def text_files(lines: int) -> dict[str, bytes]:
    """``lines`` one-word turns, and a text of the same size in turns of ~40 words."""
    hostile = "".join("A: ja\n" if i % 2 == 0 else "B: nee\n" for i in range(lines)).encode()
    rng = random.Random(1)
    out, total, i = [], 0, 0
    while total < len(hostile):
        line = ("I: " if i % 2 == 0 else "R: ") + " ".join(rng.choice(WORDS) for _ in range(40)) + "\n"
        out.append(line)
        total += len(line)
        i += 1
    return {"one-word turns": hostile, "baseline": "".join(out).encode()}


def csv_files() -> dict[str, bytes]:
    """A small codebook with a million empty rows of three kinds below it."""
    buf = io.StringIO()
    csv.writer(buf).writerows([["Code", "Definition", "Parent", "Example"], ["Werk", "Alles over werk", "", "We werken"],
                               ["Haven", "De haven", "", ""], ["Klein", "klein", "Haven", "De haven is klein"]])
    table = buf.getvalue().encode()
    return {"codebook": table, ",,,, x1M": table + b",,,,\n" * 1_000_000, '"","" x1M': table + b'"",""\n' * 1_000_000,
            "blank x1M": table + b"\n" * 1_000_000}


# --- rules: hostile inputs aimed at the label and layout heuristics of the text reader ------------------------


def _alpha(i: int) -> str:
    """A capitalised name without digits for number ``i``: Kaaa, Kaab, ... (a bare label may carry no digits)."""
    letters = ""
    for _ in range(4):
        i, r = divmod(i, 26)
        letters = chr(97 + r) + letters
    return "K" + letters


def rule_files(n: int) -> dict[str, tuple[str, bytes]]:
    """Hostile texts of ``n`` units each (``n`` scales them: the growth is measured between sizes), by case name.

    Each case aims at one heuristic of the text reader: bare labels (``io/barelabels.py``), pseudonyms
    alone on a line (``io/placeholders.py``), time marks and colonless timed labels (``io/timedlabels.py``,
    ``io/timemarks.py``), questions (``io/questions.py``), double-spaced reflow (``io/reflow.py``),
    right-aligned page numbers (``io/furniture.py``), bold labels in ``.txt`` (``io/text.py``), bracket
    runs, control characters and mixed line ends.
    """
    rng = random.Random(3)
    words = lambda k: " ".join(rng.choice(WORDS) for _ in range(k))  # noqa: E731
    files: dict[str, str | bytes] = {}
    files["long lines"] = "".join(f"{'IR'[i % 2]}: {words(2000)}\n" for i in range(max(1, n // 40)))
    files["bold labels"] = "".join(f"**{('Interviewer', 'P1', 'P2', 'Anna de Wit', 'kDp3Cy37')[i % 5]}**: {words(6)}\n\n"
                                   for i in range(n))
    files["bold labels distinct"] = "".join(f"**{_alpha(i // 2)}**: {words(6)}\n\n" for i in range(n))
    files["pseudonym lines"] = "".join(f"[PERSOON-{i % 7 + 1}]\n{words(8)}\n\n" for i in range(n))
    files["pseudonym lines distinct"] = "".join(f"[PERSOON-{i // 2 + 1}]\n{words(8)}\n\n" for i in range(n))
    files["time marks only"] = "".join(f"[{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}]\n" for i in range(n))
    files["timed labels colonless"] = "".join(
        f"[0:{i // 600 % 60:02d}:{i // 10 % 60:02d}.{i % 10}] {_alpha(i // 3)}{':' if i % 3 else ''} {words(5)}\n"
        for i in range(n))
    files["questions"] = "".join(f"{words(7)}?\n\n" for i in range(n))
    files["questions labelled"] = "".join(f"{_alpha(i % 40)}: {words(7)}?\n" for i in range(n))
    files["double-spaced"] = "".join(
        f"{'  Q.  ' if i % 9 == 0 else '      '}{words(11)[:62]:<62}\n\n" for i in range(n * 5))
    files["right-aligned numbers"] = "".join(f"{'IR'[i % 2]}: {words(8)}\n{' ' * 40}{i + 1}\n" for i in range(n))
    files["bare labels distinct"] = "".join(
        f"Interviewer {words(6)}.\n\n{_alpha(i // 3)} {('Nee', 'Ja', 'Hoe', 'Goed')[i % 4]} {words(6)}.\n\n" for i in range(n))
    files["nested brackets"] = "".join(
        f"I: {'(' * 400}{'[' * 400}{'<' * 200}x{'>' * 200}{']' * 400}{')' * 400}\nR: {'**' * 300}ja{'__' * 300}\n"
        for _ in range(max(1, n // 20)))
    files["control characters"] = "".join(
        f"{'IR'[i % 2]}:{chr(1 + i % 8)} {words(4)}\x0b{words(2)}\x1f\x7f\n" for i in range(n))
    ends = ["\n", "\r\n", "\r", "\u2028", "\x85", "\x0c"]
    files["mixed line ends"] = "".join(f"{'IR'[i % 2]}: {words(6)}{ends[i % len(ends)]}" for i in range(n))
    out: dict[str, tuple[str, bytes]] = {}
    for name, text in files.items():
        out[name] = (".md" if name.startswith("bold") else ".txt", text.encode("utf-8"))
    out["rst"] = (".rst", "".join(f"Part {i}\n{'-' * (5 + len(str(i)))}\n\n**I**: {words(6)}\n\n**R**: {words(6)}\n\n"
                                  for i in range(max(1, n // 4))).encode("utf-8"))
    out["nul"] = (".txt", "".join(f"{'IR'[i % 2]}: {words(4)}\x00\n" for i in range(n)).encode("utf-8"))
    return out


# --- measuring ----------------------------------------------------------------------------------


def child(kind: str, path: str) -> None:
    """In a fresh interpreter: read one file, print ``{"s": seconds, "rss": peak RSS in MiB, "outcome": ...}``."""
    import warnings

    warnings.simplefilter("ignore")
    from researchkit.errors import ResearchkitError

    reader = None
    warm = Path(tempfile.mkdtemp(prefix="rk-warm-"))
    if kind == "csv":
        from researchkit.codebook.table import read_codebook_table as reader

        (warm / "w.csv").write_bytes(csv_files()["codebook"])
        reader(warm / "w.csv")  # lazy imports are not the file's cost
    elif kind in ("rtf", "text"):
        from researchkit.io import read_transcript as reader

        (warm / f"w.{'rtf' if kind == 'rtf' else 'txt'}").write_bytes(
            rtf_files(2 * KIB)["valid"] if kind == "rtf" else text_files(50)["baseline"])
        reader(next(warm.iterdir()))
    elif kind == "rules":
        from researchkit.io import read_transcript as reader

        (warm / "w.txt").write_bytes(text_files(50)["baseline"])
        reader(warm / "w.txt")
    elif kind.startswith("units:"):
        from researchkit.io import read_transcript as reader

        suffix, files = unit_files(kind.split(":", 1)[1], 8 * KIB)
        (warm / f"w{suffix}").write_bytes(files["valid"])
        reader(warm / f"w{suffix}")
    start, cpu = time.perf_counter(), time.process_time()
    try:
        if reader is None:
            with open(path, newline="", encoding="utf-8") as fh:
                outcome = f"{sum(1 for _ in csv.reader(fh))} records"
        else:
            result = reader(path)
            outcome = f"{len(result.turns)} turns" if hasattr(result, "turns") else "read"
    except ResearchkitError as err:
        outcome = err.code
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"s": seconds, "cpu": cpu, "rss": peak / 1024, "outcome": outcome}))


LIMIT_AS = 6 * 1024 * MIB
TIMEOUT = 240


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_AS, LIMIT_AS))


def measure(kind: str, path: Path, checkout: str | None = None) -> dict:
    """Run :func:`child` in a fresh interpreter (6 GiB address space, 240 s), with the researchkit of ``checkout``
    first on the path when given; a child that fails says how."""
    start = time.perf_counter()
    env = None
    if checkout:
        import os

        env = dict(os.environ, PYTHONPATH=checkout)
    try:
        done = subprocess.run([sys.executable, __file__, "--child", kind, str(path)], capture_output=True, text=True,
                              timeout=TIMEOUT, preexec_fn=_limit_memory, env=env)
    except subprocess.TimeoutExpired:
        return {"s": float(TIMEOUT), "cpu": float(TIMEOUT), "rss": float("nan"), "outcome": f"timeout > {TIMEOUT} s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1][:80]
        return {"s": time.perf_counter() - start, "cpu": float("nan"), "rss": float("nan"), "outcome": f"failed: {last}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def row(case: str, name: str, size: int, got: dict, base: dict) -> str:
    """One table row with ratios to the baseline."""
    ratio_s = f"x{got['s'] / base['s']:.2f}" if base["s"] > 0.001 else "-"
    ratio_m = f"x{got['rss'] / base['rss']:.2f}" if base["rss"] >= 1 and got["rss"] == got["rss"] else "-"
    return (f"| {case} | {name} | {size / KIB:,.0f} KiB | {got['s']:.2f} s | {ratio_s} | {got['rss']:,.0f} MiB | "
            f"{ratio_m} | {got['outcome']} |")


def run_units(folder: Path, part: str, formats: list[str], size: int) -> None:
    """``units``: tiny units against a valid file of the format; ``long``: one unit on one 25 MiB line."""
    for fmt in formats:
        if part == "long" and fmt not in LONG_FORMATS:
            continue
        fmt_size = min(size, 256 * KIB) if fmt == "pdf" else size
        suffix, files = (unit_files if part == "units" else long_files)(fmt, fmt_size)
        results = {}
        for name, data in files.items():
            path = folder / f"{fmt}-{name}{suffix}"
            path.write_bytes(data)
            results[name] = (len(data), measure(f"units:{fmt}", path))
            path.unlink()
        for name, (n, got) in results.items():
            print(row(f"{part} {fmt}", name, n, got, results["valid"][1]), flush=True)


def _growth(t1: float, t2: float, n1: int, n2: int) -> str:
    """``log(t2 / t1) / log(n2 / n1)``: 1 is linear, 2 quadratic ("-" when a time is too small to say)."""
    import math

    if not (t1 >= 0.02 and t2 == t2 and n2 > n1):
        return "-"
    return f"{math.log(t2 / t1) / math.log(n2 / n1):.2f}"


def run_rules(folder: Path, n: int, cases: list[str] | None, before: str | None) -> None:
    """``rules``: each case of :func:`rule_files` at 1x, 4x and 16x ``n`` units, CPU seconds of the read and the growth
    exponent between 4x and 16x (and 1x to 16x); with ``before``, the same files read by that checkout too."""
    print("| rule case | 1x size | 1x | 4x | 16x | growth 4x-16x | growth 1x-16x | peak RSS 16x | outcome 16x |"
          + (" before 1x | 4x | 16x | growth 4x-16x | outcome 16x |" if before else ""))
    print("|---|---|---|---|---|---|---|---|---|" + ("---|---|---|---|---|" if before else ""))
    sizes = (n, 4 * n, 16 * n)
    names = [name for name in rule_files(1) if not cases or name in cases]
    for name in names:
        runs = {}
        for checkout in ([None, before] if before else [None]):
            got = []
            for k in sizes:
                suffix, data = rule_files(k)[name]
                path = folder / f"rule-{name.replace(' ', '-')}-{k}{suffix}"
                path.write_bytes(data)
                got.append((len(data), measure("rules", path, checkout)))
                path.unlink()
            runs[checkout] = got
        now = runs[None]
        line = (f"| {name} | {now[0][0] / KIB:,.0f} KiB | " + " | ".join(f"{g['cpu']:.2f} s" for _, g in now)
                + f" | {_growth(now[1][1]['cpu'], now[2][1]['cpu'], now[1][0], now[2][0])}"
                + f" | {_growth(now[0][1]['cpu'], now[2][1]['cpu'], now[0][0], now[2][0])}"
                + f" | {now[2][1]['rss']:,.0f} MiB | {now[2][1]['outcome']} |")
        if before:
            old = runs[before]
            line += (" " + " | ".join(f"{g['cpu']:.2f} s" for _, g in old)
                     + f" | {_growth(old[1][1]['cpu'], old[2][1]['cpu'], old[1][0], old[2][0])} | {old[2][1]['outcome']} |")
        print(line, flush=True)


def run(parts: list[str], quick: bool, formats: list[str] | None = None, size: int = 25 * MIB - KIB,
        rules_n: int = 1000, before: str | None = None) -> None:
    print("| case | file | size | time | / baseline | peak RSS | / baseline | outcome |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="rk-hostile-") as tmp:
        folder = Path(tmp)
        if "rtf" in parts:
            for size in ([64 * KIB, 256 * KIB] if quick else [64 * KIB, 256 * KIB, MIB, 4 * MIB]):
                files = rtf_files(size)
                results = {}
                for name, data in files.items():
                    path = folder / f"{name}.rtf"
                    path.write_bytes(data)
                    results[name] = (len(data), measure("rtf", path))
                for name, (n, got) in results.items():
                    print(row("rtf", name, n, got, results["valid"][1]), flush=True)
        if "text" in parts:
            for lines in ([50_000, 100_000] if quick else [50_000, 100_000, 300_000, 1_000_000]):
                files = text_files(lines)
                results = {}
                for name, data in files.items():
                    path = folder / f"t{lines}-{name.replace(' ', '-')}.txt"
                    path.write_bytes(data)
                    results[name] = (len(data), measure("text", path))
                for name, (n, got) in results.items():
                    print(row("text", f"{name} ({lines:,} lines)", n, got, results["baseline"][1]), flush=True)
            pair = b"A: ja\nB: nee\n"
            path = folder / "limit.txt"
            path.write_bytes(pair * ((25 * MIB) // len(pair)))
            got = measure("text", path)
            print(row("text", "one-word turns at the 25 MiB limit", path.stat().st_size, got, results["baseline"][1]), flush=True)
        if "csv" in parts:
            for name, data in csv_files().items():
                path = folder / f"{name.replace(' ', '_').replace(',', 'c').replace(chr(34), 'q')}.csv"
                path.write_bytes(data)
                got, bare = measure("csv", path), measure("csv-bare", path)
                print(row("csv", f"{name} (baseline: csv module)", len(data), got, bare), flush=True)
        for part in ("units", "long"):
            if part in parts:
                run_units(folder, part, formats or list(FORMATS), MIB if quick else size)
        if "rules" in parts:
            run_rules(folder, 250 if quick else rules_n, formats, before)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3])
    else:
        args = [a for a in sys.argv[1:] if not a.startswith("--")]
        options = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
        chosen = options["formats"].split(",") if "formats" in options else None
        mib = float(options.get("mib", 25))
        run(args or ["rtf", "text", "csv", "units", "long", "rules"], "--quick" in sys.argv, chosen, int(mib * MIB) - KIB,
            int(options.get("n", 1000)), options.get("before"))

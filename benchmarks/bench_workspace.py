"""Coding-view speed in a real browser: a 10,000-word interview with 1,000 codings.

Run with the venv python (needs Debian's Chromium, see ``.ci/chromium.sh``)::

    .venv/bin/python benchmarks/bench_workspace.py [--words 10000] [--codings 1000] [--runs 5]

A JupyterLab server starts on loopback; one notebook opens a ``CodingView`` on the big
interview, another on a short baseline interview (200 words, 20 codings) in the same
run. Figures, median of ``--runs`` (after one warm-up), wall time in the browser and
kernel CPU time beside it:

* open: from running the cell to the widget drawn with all its stripes;
* code: from the mouse release over a passage to the coding stored in the project
  (the selection goes to Python, comes back snapped, the code is typed, Enter) —
  measured until the project holds the coding;
* the ratios big / baseline.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "test_workspace"))

import researchkit as rk  # noqa: E402
from researchkit.transcripts import Transcript, Turn  # noqa: E402

WORDS = ("haven boot douane politie signaal samenwerking informatie visser schip lading container café "
         "gemeente havenmeester vreemd verdacht nacht melding contact collega wij zij 🙂 Zoë").split()


def interview(doc_id: str, n_words: int, seed: int) -> Transcript:
    rnd = random.Random(seed)
    parts, turns, pos, k = [], [], 0, 0
    while sum(len(p.split()) for p in parts) < n_words:
        role, label = (("interviewer", "I") if k % 2 == 0 else ("respondent", "R"))
        body = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 80))) + "."
        line = f"{label}: {body}"
        turns.append(Turn(label, role, pos + len(label) + 2, pos + len(line), float(k * 7)))
        parts.append(line)
        pos += len(line) + 1
        k += 1
    return Transcript(doc_id, "\n".join(parts), tuple(turns))


def codings(t: Transcript, n: int, seed: int) -> pd.DataFrame:
    rnd = random.Random(seed)
    rows, seen = [], set()
    codes = ["SIG", "SIG.1", "SIG.2", "SIG.3", "SAM", "HAV"]
    while len(rows) < n:
        turn = rnd.choice(t.turns)
        s = rnd.randint(turn.start, max(turn.start, turn.end - 10))
        e = min(turn.end, s + rnd.randint(5, 120))
        key = (s, e, rnd.choice(codes))
        if e > s and key not in seen:
            seen.add(key)
            rows.append({"doc_id": t.doc_id, "start": s, "end": e, "code": key[2], "source": "rules"})
    return pd.DataFrame(rows)


def measure(page, project_path: Path, server, name: str, doc_id: str, runs: int) -> dict:
    from conftest import open_notebook, wait_until, write_notebook

    from test_workspace_browser import _select_with_mouse

    write_notebook(server.root / f"{name}.ipynb", [
        "import time, resource\nimport researchkit as rk\nfrom researchkit.workspace import CodingView\n"
        f"project = rk.Project.open({str(project_path)!r}, user='anna')",
        f"t0 = time.process_time(); view = CodingView(project, {doc_id!r}, coder='anna'); cpu_open = time.process_time() - t0\nview",
    ])
    opens, codes = [], []
    for run in range(runs + 1):
        t0 = time.perf_counter()
        page = open_notebook(server.browser, server, f"{name}.ipynb")
        page.wait_for_selector(".rkw-coding[data-rk-ready]", timeout=300_000)
        page.wait_for_function("() => document.querySelectorAll('.rkw-coding .rkw-st').length > 0 && "
                               "[...document.querySelectorAll('.rkw-coding .rkw-st')].every(s => s.style.top !== '')", timeout=300_000)
        opened = time.perf_counter() - t0
        with rk.Project.open(project_path, read_only=True) as p:
            text = p.text(doc_id)
            before = len(p.codings(coder="anna"))
            words = text.split()
            i = 40 + run * 7
            passage = " ".join(words[i:i + 6])
            t1 = time.perf_counter()
            _select_with_mouse(page, ".rkw-doc", passage, words[i], words[i + 5])
            search = page.locator(".rkw-coding .rkw-search")
            wait_until(lambda: words[i] in (search.get_attribute("placeholder") or ""), timeout=120, what="selection")
            search.type("SAM")
            search.press("Enter")
            wait_until(lambda: len(p.codings(coder="anna")) > before, timeout=120, what="coding stored")
            coded = time.perf_counter() - t1
        page.context.close()
        if run:  # the first run is the warm-up
            opens.append(opened)
            codes.append(coded)
    return {"open_s": statistics.median(opens), "code_s": statistics.median(codes)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--codings", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM_FLAGS, JupyterServer, chromium_path
    from workspace_fixtures import CODEBOOK

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "root").mkdir()
        (tmp / "home").mkdir()
        path = tmp / "root" / "bench.rkp"
        big, small = interview("BIG", args.words, 1), interview("SMALL", 200, 2)
        with rk.Project.create(path, user="setup") as p:
            p.add_documents([big, small])
            p.set_codebook(CODEBOOK)
            p.add_codings(pd.concat([codings(big, args.codings, 3), codings(small, 20, 4)]), coder="rules")
        server = JupyterServer(tmp / "root", tmp / "home")
        try:
            with sync_playwright() as pw:
                server.browser = pw.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
                t_cpu = time.process_time()
                base = measure(None, path, server, "small", "SMALL", args.runs)
                heavy = measure(None, path, server, "big", "BIG", args.runs)
                cpu = time.process_time() - t_cpu
                server.browser.close()
        finally:
            server.stop()
    print(f"coding view, {args.words} words / {args.codings} codings vs 200 words / 20 codings (median of {args.runs} runs, 1 warm-up)")
    print(f"  open (cell run -> drawn with stripes): {heavy['open_s']:.2f} s  baseline {base['open_s']:.2f} s  ratio {heavy['open_s'] / base['open_s']:.2f}")
    print(f"  click -> stored coding:                {heavy['code_s']:.2f} s  baseline {base['code_s']:.2f} s  ratio {heavy['code_s'] / base['code_s']:.2f}")
    print(f"  (test-process CPU time for the whole run: {cpu:.1f} s; wall times include JupyterLab start per run)")


if __name__ == "__main__":
    main()

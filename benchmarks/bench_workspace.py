"""Coding-view speed in a real browser: a 10,000-word interview with 1,000 codings.

Run with the venv python (needs Debian's Chromium, see ``.ci/chromium.sh``)::

    .venv/bin/python benchmarks/bench_workspace.py [--words 10000] [--codings 1000] [--runs 3]

A JupyterLab server starts on loopback; one notebook opens a ``CodingView`` on the big
interview, another on a short baseline interview (200 words, 20 codings) in the same
run. Figures, median of ``--runs`` (after one warm-up), wall time in the browser and
kernel CPU time beside it:

* open: from running the notebook's cells to the widget drawn with all its stripes
  placed (the page's own clock, JupyterLab already loaded);
* click: from the mouse release over a passage until the selection is back from Python
  (snapped), plus from Enter until the new coding's stripe is drawn (so the coding is
  stored: the view redraws from the project); the typing itself is not counted;
* the same two steps on the Python side alone (no browser), wall and CPU time;
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


def _python_side(path: Path, doc_id: str, runs: int) -> dict:
    """Wall and CPU time of the Python side alone (open, select + apply), no browser."""
    from researchkit.workspace import CodingView

    with rk.Project.open(path, user="cpu") as p:
        walls, cpus, opens = [], [], []
        for run in range(runs + 1):
            w0, c0 = time.perf_counter(), time.process_time()
            view = CodingView(p, doc_id, coder=f"cpu{run}")
            ow = time.perf_counter() - w0
            rendered = view.session.rendered
            a = rendered.to_rendered(100 + 50 * run)
            w0, c0 = time.perf_counter(), time.process_time()
            view.handle({"cmd": "select", "start16": a, "end16": a + 25})
            view.handle({"cmd": "apply", "code": "SAM"})
            if run:
                walls.append(time.perf_counter() - w0)
                cpus.append(time.process_time() - c0)
                opens.append(ow)
    return {"open_s": statistics.median(opens), "click_wall_s": statistics.median(walls), "click_cpu_s": statistics.median(cpus)}


def measure(server, project_path: Path, name: str, doc_id: str, runs: int) -> dict:
    """Open time and click-to-stored time in the browser, measured with the page's clock."""
    from jupyter_helpers import open_notebook, write_notebook

    from test_workspace_browser import _select_with_mouse

    write_notebook(server.root / f"{name}.ipynb", [
        f"import researchkit as rk\nfrom researchkit.workspace import CodingView\nproject = rk.Project.open({str(project_path)!r}, user='anna')",
        f"view = CodingView(project, {doc_id!r}, coder='anna')\nview",
    ])
    page = open_notebook(server.browser, server, f"{name}.ipynb")
    drawn = ("() => { const w = document.querySelector('.rkw-coding:not([data-old])');"
             " if (!w || !w.getAttribute('data-rk-ready')) return false;"
             " const st = w.querySelectorAll('.rkw-st'); return st.length > 0 && [...st].every(s => s.style.top !== ''); }")
    page.wait_for_function(drawn, timeout=300_000)
    with rk.Project.open(project_path, read_only=True) as p:
        words = p.text(doc_id).split()
    opens, clicks = [], []
    for run in range(runs + 1):
        # open: run the notebook again (a new widget replaces the old one)
        page.evaluate("() => { document.querySelectorAll('.rkw-coding').forEach(e => e.setAttribute('data-old', '1'));"
                      " window.__t0 = performance.now(); window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        page.wait_for_function(drawn, timeout=300_000)
        opened = page.evaluate("() => (performance.now() - window.__t0) / 1000")
        # click -> stored: mouse release -> selection back -> Enter -> the new stripe drawn
        i = 40 + run * 9
        passage = " ".join(words[i:i + 6])
        n0 = page.locator(".rkw-coding:not([data-old]) .rkw-st").count()
        page.evaluate("() => { window.__sel = null; const w = document.querySelector('.rkw-coding:not([data-old]) .rkw-doc');"
                      " w.addEventListener('mouseup', () => { window.__up = performance.now(); }, { once: true, capture: true }); }")
        _select_with_mouse(page, ".rkw-coding:not([data-old]) .rkw-doc", passage, words[i], words[i + 5])
        search = page.locator(".rkw-coding:not([data-old]) .rkw-search")
        page.wait_for_function("(w) => (document.querySelector('.rkw-coding:not([data-old]) .rkw-search').placeholder || '').includes(w)", arg=words[i])
        selected = page.evaluate("() => (performance.now() - window.__up) / 1000")
        search.fill("SAM")
        page.evaluate("() => { window.__enter = performance.now(); }")
        search.press("Enter")
        page.wait_for_function("(n) => document.querySelectorAll('.rkw-coding:not([data-old]) .rkw-st').length > n", arg=n0, timeout=120_000)
        stored = page.evaluate("() => (performance.now() - window.__enter) / 1000")
        if run:  # the first run is the warm-up
            opens.append(opened)
            clicks.append(selected + stored)
    page.context.close()
    return {"open_s": statistics.median(opens), "click_s": statistics.median(clicks)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--codings", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from jupyter_helpers import CHROMIUM_FLAGS, JupyterServer, chromium_path
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
                base = measure(server, path, "small", "SMALL", args.runs)
                heavy = measure(server, path, "big", "BIG", args.runs)
                server.browser.close()
        finally:
            server.stop()
        py_base = _python_side(path, "SMALL", args.runs)
        py_heavy = _python_side(path, "BIG", args.runs)

    def line(label: str, big: float, small: float) -> str:
        return f"  {label:<44} {big:7.3f} s   baseline {small:7.3f} s   ratio {big / small:5.2f}"

    print(f"coding view: {args.words} words / {args.codings} codings vs baseline 200 words / 20 codings (median of {args.runs} runs after 1 warm-up)")
    print("browser (JupyterLab, headless Chromium; page clock):")
    print(line("open: run cell -> drawn with all stripes", heavy["open_s"], base["open_s"]))
    print(line("click: mouse up -> selection -> Enter -> stripe", heavy["click_s"], base["click_s"]))
    print("Python side alone (no browser):")
    print(line("open: CodingView(...) wall", py_heavy["open_s"], py_base["open_s"]))
    print(line("click: select + apply wall", py_heavy["click_wall_s"], py_base["click_wall_s"]))
    print(line("click: select + apply CPU", py_heavy["click_cpu_s"], py_base["click_cpu_s"]))


if __name__ == "__main__":
    main()

"""Benchmark: rendering the demo corpus as one coded-transcripts HTML page.

Reads the 16-interview demo corpus and the demo codebook, then renders
:func:`researchkit.report.html.transcript_html` for three codings tables:

(a) ``rules``: the auto-coded codings (``researchkit.autocode``, sentence units);
(b) ``synthetic``: 4,000 synthetic manual codings by two coders (1-3 consecutive
    sentences of a turn, random codebook code, fixed seed) plus the auto-coded ones;
(c) ``dense``: 3,200 random spans of 5-600 characters anywhere in the text (about five
    codings over every character: a stress test for overlap).

For each it prints the median render time (5 runs), the page size, the size relative to
the plain text, and the ratio to a baseline measured in the same run: the same page
without codings (text, turns, attributes, navigation), so the ratio is the cost of the
codings. It also prints the time of ``validate_codings`` alone, which the render includes. With
Chromium and Playwright installed it also times opening the page in headless Chromium
until the stripes are laid out, and one filter click. Last line:
``report_html_render_ratio=<synthetic time / baseline time>``.

Run: ``.venv/bin/python benchmarks/bench_report_html.py``
"""

from __future__ import annotations

import html
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from researchkit import autocode, read_corpus  # noqa: E402
from researchkit.codebook import Codebook  # noqa: E402
from researchkit.codings import make_codings, validate_codings  # noqa: E402
from researchkit.report.html import transcript_html  # noqa: E402

SENTENCE = re.compile(r"[^.!?]+[.!?]*\s*")


def synthetic(corpus, codebook: Codebook, n: int, seed: int = 20261127) -> pd.DataFrame:
    rng = random.Random(seed)
    leaves = [c.id for c in codebook.walk() if not c.children]
    spans = []
    for t in corpus:
        for turn in t.turns:
            pieces = [(turn.start + m.start(), turn.start + m.end()) for m in SENTENCE.finditer(t.turn_text(turn))]
            pieces = [(s, e) for s, e in pieces if e > s]
            if pieces:
                spans.append((t.doc_id, pieces))
    rows = []
    for i in range(n):
        doc, pieces = rng.choice(spans)
        first = rng.randrange(len(pieces))
        last = min(len(pieces) - 1, first + rng.randrange(3))
        start, end = pieces[first][0], pieces[last][1]
        text = corpus[doc].text
        while end > start + 1 and text[end - 1].isspace():
            end -= 1
        rows.append({"doc_id": doc, "start": start, "end": end, "code": rng.choice(leaves),
                     "coder": ("anna", "ben")[i % 2], "source": "manual"})
    return make_codings(rows, corpus)


def dense(corpus, codebook: Codebook, per_doc: int = 200, seed: int = 7) -> pd.DataFrame:
    rng = random.Random(seed)
    ids = codebook.ids
    rows = []
    for t in corpus:
        for _ in range(per_doc):
            s = rng.randrange(0, len(t.text) - 50)
            rows.append({"doc_id": t.doc_id, "start": s, "end": min(len(t.text), s + rng.randrange(5, 600)),
                         "code": rng.choice(ids), "coder": rng.choice(["anna", "ben", "rules"]), "source": "manual"})
    return make_codings(rows, corpus)


def median_time(func, repeat: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def browser_timing(path: Path) -> str:
    exe = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "browser: playwright not installed, not measured"
    if not exe:
        return "browser: chromium not installed (bash .ci/chromium.sh), not measured"
    flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync"]
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(profile, executable_path=exe, headless=True, args=flags,
                                                    viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        t0 = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector('html[data-rk-ready="1"]', state="attached")
        load = time.perf_counter() - t0
        n_marks = page.locator("mark").count()
        n_stripes = page.locator(".st").count()
        t0 = time.perf_counter()
        page.locator("#rk-codes input[type=checkbox]").first.uncheck()
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
        toggle = time.perf_counter() - t0
        ctx.close()
    return (f"browser: open + lay out {load:.2f} s, one filter click {toggle * 1000:.0f} ms "
            f"({n_marks} marks, {n_stripes} stripes)")


def main() -> None:
    corpus = read_corpus(ROOT / "transcripts", attributes=ROOT / "transcripts" / "attributes.csv")
    codebook = Codebook.load(ROOT / "codebook" / "havens.yaml")
    n_chars = sum(len(t.text) for t in corpus)
    print(f"demo corpus: {len(corpus)} documents, {n_chars:,} characters, {corpus.n_words:,} words")

    escape, _ = median_time(lambda: "".join(html.escape(t.text, quote=False) for t in corpus), repeat=20)
    base, plain = median_time(lambda: transcript_html(corpus, None, codebook), repeat=9)
    print(f"escape + join the text alone: {escape * 1000:.1f} ms")
    print(f"baseline, page without codings: {base * 1000:.1f} ms, {len(plain.encode('utf-8')) / 1e6:.2f} MB")

    rules = autocode(corpus, codebook)
    tables = {
        "rules": rules,
        "synthetic": pd.concat([synthetic(corpus, codebook, 4000), rules], ignore_index=True),
        "dense": dense(corpus, codebook),
    }
    ratio = None
    with tempfile.TemporaryDirectory() as tmp:
        for name, codings in tables.items():
            out = Path(tmp) / f"{name}.html"
            seconds, page = median_time(lambda: transcript_html(corpus, codings, codebook, out=out))
            check, _ = median_time(lambda: validate_codings(codings, corpus))
            size = len(page.encode("utf-8"))
            print(f"{name:>9}: {len(codings):5d} codings  render {seconds * 1000:5.0f} ms  "
                  f"({seconds / base:4.1f}x baseline; validate_codings {check * 1000:3.0f} ms)  "
                  f"page {size / 1e6:4.2f} MB ({size / n_chars:4.1f}x the text)")
            if name == "synthetic":
                ratio = seconds / base
                print("           " + browser_timing(out))
    print(f"report_html_render_ratio={ratio:.1f}")


if __name__ == "__main__":
    main()

"""Benchmark: identifier detection and pseudonymisation on about a million words.

Builds a text of about 1,000,000 words from the demo corpus (repeated), with planted
identifiers every ~200 words (names of a key, phone numbers, plates, IBANs, e-mail
addresses), and a key of 500 fictional entries (400 persons with name parts, 60
companies, 40 vessels; fixed seed). It then times, median of 3 runs:

(a) ``baseline``: one bare regular-expression pass over the text (``\\w+`` tokens, the
    least any word-level scan must do), measured in the same run;
(b) ``key``: :meth:`PrivacyKey.find` (all key terms, variants, parts, inflections);
(c) ``patterns``: :func:`find_patterns` (all eleven kinds);
(d) ``detect``: :func:`find_identifiers` (key + patterns, overlaps resolved);
(e) ``apply``: :func:`pseudonymise_with_map` (new text and offset map);
(f) ``leakcheck``: the leak check of a Markdown file holding the pseudonymised text;
(g) ``leak check memory``: the leak check of a ~6.6 MiB coded-transcripts HTML page
    (turns, speaker labels, coding stripes with ``title`` attributes, entities), its peak
    Python memory (tracemalloc) as a multiple of the file size, and its time against the
    bare regex pass over the same page's text;
(h) ``html reading``: the leak check's fast HTML tokenizer against ``html.parser`` on that
    page (the same segments; one warm-up, median of 3 each, CPU and wall).

Each line prints seconds, words per second and the ratio to the baseline; the last
line is ``privacy_detect_ratio=<detect / baseline>``.

Run: ``.venv/bin/python benchmarks/bench_privacy.py``
"""

from __future__ import annotations

import html
import random
import re
import statistics
import tracemalloc
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from researchkit.io import read_corpus  # noqa: E402
from researchkit.privacy import (  # noqa: E402
    KeyEntry,
    PrivacyKey,
    check_outputs,
    find_identifiers,
    find_patterns,
    pseudonymise_with_map,
)

FIRST = ["Jan", "Piet", "Klaas", "Henk", "Anna", "Els", "Sanne", "Joost", "Bram", "Ineke", "Wim", "Gerrit", "Marieke",
         "Tjeerd", "Sietse", "Hilde", "Fenna", "Rients", "Auke", "Jelle"]
LAST = ["Jansen", "de Boer", "Visser", "van der Berg", "Bakker", "Smit", "Meijer", "de Vries", "Mulder", "Bos", "Dijkstra",
        "Hoekstra", "Postma", "Zijlstra", "Kramer", "van Dijk", "Wiersma", "Sikkema", "Hiemstra", "de Jong", "Kuipers",
        "Brouwer", "Veenstra", "Schaap", "Wijnstra"]
PLANTS = ["06-12345678", "+31 6 1234 5678", "12-ABC-3", "NL91 ABNA 0417 1643 00", "p.jansen@haven.nl", "IMO 9074729",
          "9934 AA"]


def make_key(seed: int = 20261127) -> PrivacyKey:
    rng = random.Random(seed)
    entries, seen = [], set()
    while len(entries) < 400:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}{rng.randrange(100) if rng.random() < 0.6 else ''}".strip()
        if name not in seen:
            seen.add(name)
            entries.append(KeyEntry(name))
    for i in range(60):
        entries.append(KeyEntry(f"{rng.choice(LAST).split()[-1]} Transport{i} BV", kind="company"))
    for i in range(40):
        entries.append(KeyEntry(f"Zeester{i}", kind="vessel", variants=(f"ZK {i} Zeester{i}",)))
    return PrivacyKey(entries).assigned()


def make_text(key: PrivacyKey, words: int = 1_000_000, seed: int = 7) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = read_corpus(ROOT / "transcripts")
    base = [w for t in corpus for w in t.text.split(" ")]
    rng = random.Random(seed)
    terms = [e.term for e in key]
    out: list[str] = []
    while len(out) < words:
        start = rng.randrange(len(base) - 200)
        out.extend(base[start : start + 200])
        out.append(rng.choice(terms) if rng.random() < 0.5 else rng.choice(PLANTS))
    return " ".join(out[:words])


def make_html(text: str, size: int = int(6.6 * 1024 * 1024)) -> str:
    """A page shaped like transcripts.html: one block per turn, coding stripes, titles, entities."""
    words = text.split(" ")
    parts = ["<!doctype html><html><head><meta charset='utf-8'><title>Coded transcripts</title></head><body>"]
    length, i, turn = len(parts[0]), 0, 0
    while length < size:
        chunk = " ".join(words[i : i + 60])
        i = (i + 60) % (len(words) - 60)
        turn += 1
        block = (f"<div class='turn r-respondent' id='t{turn}'><span class='sp'>R{turn % 16:02d}</span>"
                 f"<span class='stripe' title='HAVEN &gt; Toegang (auto)'></span>"
                 f"<p class='tx'>{html.escape(chunk)} &amp; ’t</p></div>\n")
        parts.append(block)
        length += len(block)
    parts.append("</body></html>\n")
    return "".join(parts)


def leak_check_memory(key: PrivacyKey, text: str) -> None:
    page = make_html(text)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "transcripts.html"
        path.write_text(page, encoding="utf-8")
        size = path.stat().st_size
        token = re.compile(r"\w+")
        base_cpu, base = time.process_time(), time.perf_counter()
        sum(1 for _ in token.finditer(page))
        base_cpu, base = time.process_time() - base_cpu, time.perf_counter() - base
        cpu, wall = time.process_time(), time.perf_counter()
        findings = check_outputs([path], key)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        tracemalloc.start()
        check_outputs([path], key)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"leak check of a {size / 2**20:.1f} MiB transcripts.html: {len(findings):,} findings, "
          f"{wall:.2f} s wall / {cpu:.2f} s CPU (bare regex pass over the page {base:.3f} s wall / {base_cpu:.3f} s CPU)")
    print(f"leak check peak memory: +{peak / 2**20:.1f} MiB = {peak / size:.1f}x the file size "
          f"(goal: a few times; before batching: +337 MiB for 6.6 MiB, 51x)")
    print(f"privacy_leakcheck_memory_ratio={peak / size:.1f}")
    html_reader(page)


def html_reader(page: str) -> None:
    """The leak check's HTML reading: the fast tokenizer against html.parser on the same page (same segments)."""
    from researchkit.privacy.leakread import _fast_segments, _parser_segments

    chunk = 1 << 20

    def fast():
        return _fast_segments(page[i : i + chunk] for i in range(0, len(page), chunk))

    def parser():
        return _parser_segments(page)

    assert [s.text for s in fast()] == [s.text for s in parser()]
    fast_cpu, fast_wall = timed_cpu(fast)
    parser_cpu, parser_wall = timed_cpu(parser)
    print(f"html reading of the page (median of 3): fast tokenizer {fast_wall:.2f} s wall / {fast_cpu:.2f} s CPU, "
          f"html.parser {parser_wall:.2f} s wall / {parser_cpu:.2f} s CPU; "
          f"html.parser / fast = {parser_cpu / fast_cpu:.1f}x CPU ({parser_wall / fast_wall:.1f}x wall)")
    print(f"privacy_html_reader_speedup={parser_cpu / fast_cpu:.1f}")


def timed_cpu(func, repeat: int = 3) -> tuple[float, float]:
    """Median CPU and wall seconds of ``repeat`` runs (after one warm-up run)."""
    func()
    cpus, walls = [], []
    for _ in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        func()
        cpus.append(time.process_time() - c)
        walls.append(time.perf_counter() - w)
    return statistics.median(cpus), statistics.median(walls)


def timed(func, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    key = make_key()
    text = make_text(key)
    n_words = len(text.split())
    print(f"text: {n_words:,} words, {len(text):,} characters; key: {len(key)} entries, {len(key.forms())} forms")
    key.find("warm-up")  # compile the key once (not timed)
    token = re.compile(r"\w+")
    base = timed(lambda: sum(1 for _ in token.finditer(text)))
    rows = [("baseline (bare \\w+ regex pass)", base)]
    rows.append(("key terms (PrivacyKey.find)", timed(lambda: key.find(text))))
    rows.append(("patterns (find_patterns, 11 kinds)", timed(lambda: find_patterns(text))))
    detect = timed(lambda: find_identifiers(text, key))
    rows.append(("detect (key + patterns)", detect))
    new_text, mapping = pseudonymise_with_map(text, key)
    rows.append(("apply (pseudonymise_with_map)", timed(lambda: pseudonymise_with_map(text, key))))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.md"
        path.write_text(new_text, encoding="utf-8")
        leak = check_outputs([path], key)
        rows.append(("leak check of the pseudonymised text (md)", timed(lambda: check_outputs([path], key), repeat=1)))
    hits = len(find_identifiers(text, key))
    print(f"identifiers found: {hits:,}; replacements: {len(mapping.spans):,}; leak-check findings after apply: {len(leak)}")
    for name, seconds in rows:
        print(f"{name:<44} {seconds:8.3f} s  {n_words / seconds / 1e6:6.2f} M words/s  ratio {seconds / base:7.1f}")
    print(f"privacy_detect_ratio={detect / base:.1f}")
    leak_check_memory(key, text)


if __name__ == "__main__":
    main()

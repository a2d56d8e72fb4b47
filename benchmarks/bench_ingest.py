"""Ingestion throughput on a generated corpus of 500 Word transcripts.

Prints documents/s and words/s for ``read_corpus`` and, as a baseline measured in the
same run, for the bare python-docx pass (open each file and read its paragraphs),
with the ratio ours / baseline.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_ingest.py [N_DOCS]``.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

import docx

from researchkit import read_corpus

WORDS = (
    "de het een en van ik je dat niet is op te in we er maar wel nou ja kijk haven kade boot kotter "
    "douane politie marechaussee nachts busje signalen vermoeden samenwerking informatie delen "
    "controle toezicht visser rederij container lading drugs geen zicht niemand weet melding"
).split()


def generate(folder: Path, n_docs: int, words_per_doc: int = 1500, seed: int = 0) -> int:
    rng = random.Random(seed)
    total = 0
    for i in range(n_docs):
        d = docx.Document()
        table = d.add_table(rows=0, cols=2)
        for key, value in (("port", rng.choice(["Harlingen", "Delfzijl"])), ("group", rng.choice(["politie", "visser"]))):
            cells = table.add_row().cells
            cells[0].text, cells[1].text = key, value
        written = 0
        turn = 0
        while written < words_per_doc:
            n = rng.randint(8, 80)
            p = d.add_paragraph()
            p.add_run("Interviewer:" if turn % 2 == 0 else "Respondent:").bold = True
            p.add_run(" " + " ".join(rng.choice(WORDS) for _ in range(n)) + ".")
            written += n
            turn += 1
        total += written
        d.save(folder / f"D{i:04d}.docx")
    return total


def baseline(paths: list[Path]) -> int:
    n = 0
    for path in paths:
        document = docx.Document(str(path))
        n += sum(len(p.text.split()) for p in document.paragraphs)
    return n


def main() -> None:
    n_docs = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        words = generate(folder, n_docs)
        print(f"generated {n_docs} docx files, {words:,} words in {time.perf_counter() - t0:.1f} s")
        paths = sorted(folder.glob("*.docx"))

        t0 = time.perf_counter()
        baseline(paths)
        base = time.perf_counter() - t0

        t0 = time.perf_counter()
        corpus = read_corpus(folder)
        ours = time.perf_counter() - t0
        assert len(corpus) == n_docs and not corpus.problems

    print(f"baseline python-docx paragraphs: {base:.2f} s  {n_docs / base:,.0f} docs/s  {words / base:,.0f} words/s")
    print(f"researchkit read_corpus:         {ours:.2f} s  {n_docs / ours:,.0f} docs/s  {words / ours:,.0f} words/s")
    print(f"ingest_ratio_vs_python_docx={ours / base:.2f}")


if __name__ == "__main__":
    main()

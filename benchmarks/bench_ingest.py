"""Ingestion throughput per format against the bare extraction library on the same files.

For each format a corpus is generated, then read twice in the same run with the same
warm-up (one pass) and number of timed runs (median of ``RUNS``): by the bare library
(the baseline) and by ``read_corpus`` (extraction plus researchkit's work: checks,
speaker grammar, canonical text, turns, notes). Wall and CPU time are printed with
documents/s, words/s and the ratio ours / baseline.

| format | baseline |
|---|---|
| docx | python-docx: open, read every paragraph's text |
| pdf  | pdfplumber: open, ``extract_text_lines`` on every page (the call the reader makes) |
| odt  | odfdo: open, every paragraph's text |
| html | lxml.html: parse, ``text_content()`` |

The ``parallel`` part reads the demo corpus replicated x10 with ``n_process=1`` and ``2``.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_ingest.py [SCALE] [docx pdf odt html parallel]`` (SCALE 1.0 =
500 docx, 40 pdf, 150 odt, 500 html files of ~1,500 words).
"""

from __future__ import annotations

import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import docx

from researchkit import read_corpus

RUNS = 3
WORDS = (
    "de het een en van ik je dat niet is op te in we er maar wel nou ja kijk haven kade boot kotter "
    "douane politie marechaussee nachts busje signalen vermoeden samenwerking informatie delen "
    "controle toezicht visser rederij container lading drugs geen zicht niemand weet melding"
).split()


def turns(rng: random.Random, words_per_doc: int):
    written = turn = 0
    while written < words_per_doc:
        n = rng.randint(8, 80)
        yield ("Interviewer:" if turn % 2 == 0 else "Respondent:"), " ".join(rng.choice(WORDS) for _ in range(n)) + "."
        written += n
        turn += 1


def write_docx(path: Path, rng, words: int) -> None:
    d = docx.Document()
    for label, text in turns(rng, words):
        p = d.add_paragraph()
        p.add_run(label).bold = True
        p.add_run(" " + text)
    d.save(path)


def write_pdf(path: Path, rng, words: int) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    for label, text in turns(rng, words):
        pdf.set_font("Helvetica", "B", 11)
        pdf.write(6, label + " ")
        pdf.set_font("Helvetica", "", 11)
        pdf.write(6, text)
        pdf.ln(9)
    pdf.output(str(path))


def write_odt(path: Path, rng, words: int) -> None:
    import odfdo

    document = odfdo.Document("text")
    for label, text in turns(rng, words):
        document.body.append(odfdo.Paragraph(f"{label} {text}"))
    document.save(str(path))


def write_html(path: Path, rng, words: int) -> None:
    body = "".join(f"<p><b>{label}</b> {text}</p>\n" for label, text in turns(rng, words))
    path.write_text(f"<!DOCTYPE html><html><head><title>{path.stem}</title></head><body>{body}</body></html>", encoding="utf-8")


def base_docx(paths):
    return sum(len(p.text.split()) for path in paths for p in docx.Document(str(path)).paragraphs)


def base_pdf(paths):
    import pdfplumber

    n = 0
    for path in paths:
        with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
            n += sum(len(line["text"].split()) for page in pdf.pages for line in page.extract_text_lines(return_chars=True))
    return n


def base_odt(paths):
    import odfdo

    return sum(len(str(p).split()) for path in paths for p in odfdo.Document(str(path)).body.get_paragraphs())


def base_html(paths):
    import lxml.html

    return sum(len(lxml.html.document_fromstring(path.read_bytes()).text_content().split()) for path in paths)


FORMATS = {"docx": (write_docx, base_docx, 500), "pdf": (write_pdf, base_pdf, 40),
           "odt": (write_odt, base_odt, 150), "html": (write_html, base_html, 500)}


def measure(fn) -> tuple[float, float]:
    """Median wall and CPU seconds of ``RUNS`` timed runs after one warm-up run."""
    fn()
    walls, cpus = [], []
    for _ in range(RUNS):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def bench_format(name: str, scale: float, words_per_doc: int = 1500) -> None:
    writer, baseline, n_default = FORMATS[name]
    n_docs = max(2, int(n_default * scale))
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(n_docs):
            writer(folder / f"D{i:04d}.{name}", rng, words_per_doc)
        paths = sorted(folder.iterdir())
        words = baseline(paths)
        corpus = read_corpus(folder)
        assert len(corpus) == n_docs and not corpus.problems, corpus.problems
        assert all(t.turns[0].role == "interviewer" for t in corpus)
        base_wall, base_cpu = measure(lambda: baseline(paths))
        ours_wall, ours_cpu = measure(lambda: read_corpus(folder))
    print(f"{name}: {n_docs} files, {words:,} words")
    print(f"  baseline {name:<5}      wall {base_wall:6.2f} s  cpu {base_cpu:6.2f} s  {n_docs / base_wall:8,.1f} docs/s  {words / base_wall:10,.0f} words/s")
    print(f"  researchkit read_corpus wall {ours_wall:6.2f} s  cpu {ours_cpu:6.2f} s  {n_docs / ours_wall:8,.1f} docs/s  {words / ours_wall:10,.0f} words/s")
    print(f"  ingest_{name}_ratio_vs_baseline={ours_wall / base_wall:.2f} (cpu {ours_cpu / base_cpu:.2f})")


def measure_with_children(fn) -> tuple[float, float]:
    """Like :func:`measure`, with the CPU time of worker processes added (they are reaped per call)."""
    import resource

    def total_cpu() -> float:
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    fn()
    walls, cpus = [], []
    for _ in range(RUNS):
        w, c = time.perf_counter(), total_cpu()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(total_cpu() - c)
    return statistics.median(walls), statistics.median(cpus)


def bench_demo_parallel(replicas: int = 10) -> None:
    """The demo corpus replicated ``replicas`` times (issue 18.4): per-document cost against the
    16-file demo, and ``n_process=2`` against ``n_process=1`` (same warm-up and runs; CPU includes workers)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_run import replicate

    with tempfile.TemporaryDirectory() as tmp:
        small = replicate(Path(tmp) / "x1", 1).parent / "transcripts"
        big = replicate(Path(tmp) / f"x{replicas}", replicas).parent / "transcripts"
        one = read_corpus(big, attributes=big / "attributes.csv", n_process=1)
        two = read_corpus(big, attributes=big / "attributes.csv", n_process=2)
        assert list(one) == list(two) and one.doc_ids == two.doc_ids, "n_process=2 changed the corpus"
        s_wall, s_cpu = measure_with_children(lambda: read_corpus(small, attributes=small / "attributes.csv"))
        w1, c1 = measure_with_children(lambda: read_corpus(big, attributes=big / "attributes.csv", n_process=1))
        w2, c2 = measure_with_children(lambda: read_corpus(big, attributes=big / "attributes.csv", n_process=2))
    n_small, n_big = 16, len(one)
    print(f"demo x1 ({n_small} files): wall {s_wall:6.2f} s  cpu {s_cpu:6.2f} s  {1000 * s_wall / n_small:6.1f} ms/doc")
    print(f"demo x{replicas} ({n_big} files) n_process=1: wall {w1:6.2f} s  cpu {c1:6.2f} s  {1000 * w1 / n_big:6.1f} ms/doc"
          f"  (per-doc ratio vs x1: {(w1 / n_big) / (s_wall / n_small):.2f})")
    print(f"demo x{replicas} ({n_big} files) n_process=2: wall {w2:6.2f} s  cpu {c2:6.2f} s (workers included)")
    print(f"  ingest_parallel_speedup={w1 / w2:.2f} (goal >= 1.7; cpu ratio {c2 / c1:.2f}; os.cpu_count={os.cpu_count()})")


def main() -> None:
    scale = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    names = sys.argv[2:] or [*FORMATS, "parallel"]
    for name in names:
        if name == "parallel":
            bench_demo_parallel()
        else:
            bench_format(name, scale)


if __name__ == "__main__":
    main()

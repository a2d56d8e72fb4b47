"""REFI-QDA exchange speed: export and import a 200-interview project with 100,000 codings.

Run with the venv python (``make bench`` runs every ``benchmarks/bench_*.py``)::

    .venv/bin/python benchmarks/bench_refi.py [--codings 100000] [--interviews 200]

Figures printed:

* export: ``Project.export_qdpx`` (read the project, build and validate ``project.qde``
  against ``Project.xsd``, write the deterministic archive), seconds and codings/s, against
  a baseline measured in the same run: building the same number of
  ``PlainTextSelection``/``Coding`` elements with bare lxml, serialising them and zipping
  them with the texts, without reading a project or validating;
* import: ``read_qdpx`` (safe zip and XML, schema check, offset-convention choice per
  source, canonical texts, turns) and ``Project.import_qdpx`` into a new project (one
  transaction), against a baseline of parsing the same ``project.qde`` with lxml and
  reading every ``startPosition``/``endPosition`` into a list;
* an NVivo-style variant: the same texts with CRLF line ends and UTF-16 offsets, where
  every source's convention has to be detected;
* export memory: the peak resident memory the writing adds (measured in a new interpreter
  that loads the exchange first; Linux ``VmHWM`` reset through ``/proc/self/clear_refs``), for the streamed writer
  (``write_archive``) and for the tree-based algorithm it replaced (the whole
  ``project.qde`` as an lxml tree, serialised, parsed again to validate, the archive
  built in memory), at a fifth of the codings and at all of them.
"""

from __future__ import annotations

import argparse
from collections import Counter
import dataclasses
import gc
import io
import json
import sys
import tempfile
import time
import warnings
import zipfile
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_project import make_codings, make_corpus  # noqa: E402

from researchkit.project import Project  # noqa: E402
from researchkit.project.exchange import to_exchange  # noqa: E402
from researchkit.refi import read_qdpx  # noqa: E402
from researchkit.refi.validate import validate_xml  # noqa: E402
from researchkit.refi.writer import _extension_parts, _coding_entries, qdpx_bytes, write_archive  # noqa: E402

NS = "urn:QDA-XML:project:1.0"


CPU: dict[str, float] = {}


def _timed(fn, label: str = ""):
    """Result and wall seconds; the CPU seconds go to ``CPU[label]`` (the machine may be shared)."""
    t0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    CPU[label] = time.process_time() - c0
    return result, time.perf_counter() - t0


def baseline_export(corpus, codings) -> bytes:
    root = etree.Element(f"{{{NS}}}Project", nsmap={None: NS}, name="baseline")
    sources = etree.SubElement(root, f"{{{NS}}}Sources")
    for doc_id, frame in codings.groupby("doc_id", sort=True):
        src = etree.SubElement(sources, f"{{{NS}}}TextSource", guid="00000000-0000-4000-8000-000000000000", name=doc_id)
        for k, row in enumerate(frame.itertuples(index=False)):
            sel = etree.SubElement(src, f"{{{NS}}}PlainTextSelection", guid="00000000-0000-4000-8000-000000000001",
                                   startPosition=str(row.start), endPosition=str(row.end))
            coding = etree.SubElement(sel, f"{{{NS}}}Coding", guid="00000000-0000-4000-8000-000000000002")
            etree.SubElement(coding, f"{{{NS}}}CodeRef", targetGUID="00000000-0000-4000-8000-000000000003")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", etree.tostring(root, xml_declaration=True, encoding="utf-8"))
        for t in corpus:
            z.writestr(f"sources/{t.doc_id}.txt", t.text.encode("utf-8"))
    return buffer.getvalue()


def baseline_import(path: Path) -> int:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("project.qde"))
        for name in z.namelist():
            if name.startswith("sources/"):
                z.read(name).decode("utf-8")
    positions = [(int(e.get("startPosition")), int(e.get("endPosition"))) for e in root.iter(f"{{{NS}}}PlainTextSelection")]
    return len(positions)


def nvivo_variant(src: Path, out: Path) -> None:
    """The same project as NVivo for Windows would write it: CRLF texts, UTF-16 offsets, no researchkit member.

    The generated texts have no characters outside the BMP, so UTF-16 units equal code
    points here; what must be detected is that CRLF counts as 2.
    """
    with zipfile.ZipFile(src) as z:
        qde = etree.fromstring(z.read("project.qde"))
        texts = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("sources/")}
    for source in qde.iter(f"{{{NS}}}TextSource"):
        text = texts["sources/" + source.get("plainTextPath")[len("internal://"):]]
        prefix = [0]
        for ch in text:
            prefix.append(prefix[-1] + (2 if ch == "\n" else 1) + (1 if ord(ch) > 0xFFFF else 0))
        for sel in source.iter(f"{{{NS}}}PlainTextSelection"):
            sel.set("startPosition", str(prefix[int(sel.get("startPosition"))]))
            sel.set("endPosition", str(prefix[int(sel.get("endPosition"))]))
    qde.set("origin", "Unnamed program")
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", etree.tostring(qde, xml_declaration=True, encoding="utf-8"))
        for name, text in texts.items():
            z.writestr(name, b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))


def tree_based_export(ex, path: Path) -> None:
    """The pre-streaming algorithm: the whole project.qde as an lxml tree, serialised, re-parsed to
    validate, the extension as one JSON string, the archive built in memory and then written."""
    with zipfile.ZipFile(io.BytesIO(qdpx_bytes(dataclasses.replace(ex, codings=ex.codings.iloc[:0])))) as z:
        skeleton = z.read("project.qde")  # everything but the selections, built by the current writer
    root = etree.fromstring(skeleton)
    sources = {s.get("name"): s for s in root.iter(f"{{{NS}}}TextSource")}
    ordered = ex.codings.sort_values(["doc_id", "start", "end", "code", "coder", "id"], kind="stable")
    for doc_id, start, end, cid, text in zip(ordered["doc_id"], ordered["start"], ordered["end"], ordered["id"], ordered["text"]):
        sel = etree.SubElement(sources[doc_id], f"{{{NS}}}PlainTextSelection", guid="00000000-0000-4000-8000-000000000001",
                               name=" ".join(str(text).split())[:60], startPosition=str(start), endPosition=str(end),
                               creatingUser="00000000-0000-4000-8000-000000000002", creationDateTime="2026-01-01T00:00:00Z")
        coding = etree.SubElement(sel, f"{{{NS}}}Coding", guid=str(cid).upper(), creatingUser="00000000-0000-4000-8000-000000000002")
        etree.SubElement(coding, f"{{{NS}}}CodeRef", targetGUID="00000000-0000-4000-8000-000000000003")
    data = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    validate_xml(data, "project", where="bench", strict=True)
    parts = _extension_parts(ex, {t.doc_id: "00000000-0000-4000-8000-000000000000" for t in ex.corpus})
    parts["codings"] = dict(_coding_entries(ex.codings))
    extension = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", data)
        for t in ex.corpus:
            z.writestr(f"sources/{t.doc_id}.txt", t.text.encode("utf-8"))
        z.writestr("researchkit/extension.json", extension.encode("utf-8"))
    path.write_bytes(buffer.getvalue())


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(field)


def _memory_child(pickled: str, mode: str, out: str) -> None:
    """In a fresh interpreter: load the exchange, then measure the peak memory the writing adds."""
    import pickle

    with open(pickled, "rb") as handle:
        ex = pickle.load(handle)
    gc.collect()
    base = _status("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to the current size
    if mode == "streamed":
        with open(out, "wb") as handle:
            write_archive(ex, handle)
    else:
        tree_based_export(ex, Path(out))
    print(_status("VmHWM") - base)


def peak_added(ex, mode: str, tmp: Path) -> int:
    """Peak resident memory (bytes) that writing ``ex`` adds, measured in a new interpreter (Linux)."""
    import pickle
    import subprocess

    with open(tmp / "ex.pickle", "wb") as handle:
        pickle.dump(ex, handle)
    result = subprocess.run([sys.executable, __file__, "--memory-child", str(tmp / "ex.pickle"), mode, str(tmp / f"{mode}.qdpx")],
                            capture_output=True, text=True, check=True)
    return int(result.stdout.strip().splitlines()[-1])


def export_memory(project: Project, tmp: Path, n: int) -> None:
    ex = to_exchange(project)
    for label, part in (("a fifth", dataclasses.replace(ex, codings=ex.codings.iloc[: n // 5])), ("all", ex)):
        k = len(part.codings)
        streamed_mb = peak_added(part, "streamed", tmp) / 1e6
        tree_mb = peak_added(part, "tree", tmp) / 1e6
        print(f"export memory, {label} of the codings ({k:,}): streamed writer adds {streamed_mb:.0f} MB peak "
              f"({streamed_mb * 1e6 / k:,.0f} bytes/coding); tree-based algorithm {tree_mb:.0f} MB "
              f"({tree_mb * 1e6 / k:,.0f} bytes/coding); ratio {streamed_mb / tree_mb:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codings", type=int, default=100_000)
    parser.add_argument("--interviews", type=int, default=200)
    args = parser.parse_args()
    corpus = make_corpus(args.interviews)
    codings = make_codings(corpus, args.codings)
    n = len(codings)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = Project.create(tmp / "source.rkp", user="bench")
        project.add_documents(corpus)
        project.set_codebook({"codes": [{"id": c, "name": c} for c in sorted(set(codings["code"]))]})
        project.add_codings(codings)
        print(f"project: {len(corpus)} interviews, {corpus.n_words:,} words, {n:,} codings")

        _, t_export = _timed(lambda: project.export_qdpx(tmp / "study.qdpx"), "export")
        _, t_base_export = _timed(lambda: baseline_export(corpus, codings), "base_export")
        size = (tmp / "study.qdpx").stat().st_size
        print(f"export_qdpx: {t_export:.2f} s wall, {CPU['export']:.2f} s CPU ({n / t_export:,.0f} codings/s, {size / 1e6:.1f} MB); "
              f"bare lxml+zip baseline {t_base_export:.2f} s wall, {CPU['base_export']:.2f} s CPU; "
              f"ratio {t_export / t_base_export:.2f} wall, {CPU['export'] / CPU['base_export']:.2f} CPU")
        export_memory(project, tmp, n)

        ex, t_read = _timed(lambda: read_qdpx(tmp / "study.qdpx"), "read")
        assert len(ex.codings) == n
        base_n, t_base_read = _timed(lambda: baseline_import(tmp / "study.qdpx"), "base_read")
        assert base_n == n
        print(f"read_qdpx: {t_read:.2f} s wall, {CPU['read']:.2f} s CPU ({n / t_read:,.0f} codings/s); bare lxml parse baseline "
              f"{t_base_read:.2f} s wall, {CPU['base_read']:.2f} s CPU; ratio {t_read / t_base_read:.2f} wall, "
              f"{CPU['read'] / CPU['base_read']:.2f} CPU")

        target = Project.create(tmp / "copy.rkp", user="bench")
        _, t_import = _timed(lambda: target.import_qdpx(tmp / "study.qdpx"))
        assert len(target.codings()) == n
        print(f"Project.import_qdpx (read + store in one transaction): {t_import:.2f} s ({n / t_import:,.0f} codings/s); "
              f"ratio to the bare parse {t_import / t_base_read:.2f}")

        nvivo_variant(tmp / "study.qdpx", tmp / "nvivo.qdpx")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ex2, t_nvivo = _timed(lambda: read_qdpx(tmp / "nvivo.qdpx"))
        chosen = Counter(v.split(" (")[0] for v in ex2.report.conventions.values())
        same = (ex2.codings["text"].tolist() == ex.codings["text"].tolist())
        print(f"read_qdpx, NVivo-style (CRLF counted as 2, BOM, UTF-16 offsets; origin unknown): {t_nvivo:.2f} s; "
              f"conventions detected: {dict(chosen)}; every passage identical to the original: {same}; "
              f"ratio to the bare parse {t_nvivo / t_base_read:.2f}")
        project.close()
        target.close()


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--memory-child":
        _memory_child(*sys.argv[2:])
    else:
        main()

"""Structured fuzz sweep of researchkit's importers: REFI-QDA projects and codebooks, codebooks, segment tables,
QualCoder and RQDA databases.

A tool, not a test. Small valid files are made first (a ``.qdpx`` written by
``Project.export_qdpx`` on a tiny project, its ``.qdc``, a codebook as YAML, CSV, XLSX and
Markdown, coded-segment tables in the shapes the importers recognise: MAXQDA, ATLAS.ti,
NVivo's coding report, Dedoose (and its coded Word document, codings as comments), Taguette, QualCoder; a QualCoder project (schema v1 and v14)
and an RQDA project, built by the builders of ``tests/test_refi/test_qualcoder_db.py`` and
``test_rqda_db.py``), then damaged with a fixed seed (zip damage, XML damage, hostile
attribute values, missing parts, YAML damage, spreadsheet and CSV damage; for the databases
hostile cell values of every type, dropped tables and columns, duplicated and deleted rows,
byte damage and truncation) and each mutant is run through the public entry point in a
worker process under a per-file time limit. Each outcome is one of

* ``ok``            read (and the result's invariants hold: every coding quotes its passage,
                    every table row is placed or listed);
* ``rk-error``      a researchkit error (an RK code) whose message names the file;
* ``rk-unnamed``    a researchkit error that does not name the file (a bug);
* ``raw``           any other exception (a bug), with its type and the researchkit line it came from;
* ``invariant``     read, but a coding does not quote its passage, a row was lost, or a case's values went to a
                    speaker who does not speak in that document (a bug);
* ``timeout``       over ``--timeout`` seconds (a bug);
* ``memory``        a MemoryError under the worker's address-space limit, or a peak memory
                    growth above ``--max-rss-mb`` while reading (a bug).

Usage::

    .venv/bin/python benchmarks/fuzz_importers.py --seed 1 --n 2000
    .venv/bin/python benchmarks/fuzz_importers.py --seed 1 --n 2000 --only 17 --keep /tmp/fz   # one case, file kept

Each case ``i`` draws from ``random.Random(f"{seed}:{i}")``, so a case is reproduced alone with ``--only i``.
"""

from __future__ import annotations

import argparse
import collections
import csv
import io
import multiprocessing
import os
import random
import re
import resource
import shutil
import signal
import struct
import sys
import tempfile
import time
import traceback
import warnings
import zipfile
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]

# --------------------------------------------------------------------------- seeds

TEXT_01 = ("I: Wat ziet u in de haven?\n\n"
           "R: Wij zien   \u201cvreemde\u201d boten. De haven is klein.\n\n"
           "I: En de douane?\n\n"
           "R: De haven is klein, de douane komt zelden. We werken goed samen met de politie.\n\n"
           "I: Nog iets?\n\nR: De haven is klein.")
TEXT_02 = ("I: How do you work with customs?\nR: We work well together with customs.\n"
           "I: And the harbour master?\nR: We work well together with him too. Honestly \u2013 it is fine.\n"
           "I: Anything else?\nR: Honestly \u2013 it is fine. \U0001F6A4")
CODEBOOK = {"codebook": "Fuzz", "language": "nl", "codes": [
    {"id": "WERK", "name": "Werk", "color": "#2CA02C", "description": "Werk.", "children": [
        {"id": "SAM", "name": "Samenwerking", "keywords": ["samen"]},
        {"id": "CONF", "name": "Conflict"}]},
    {"id": "HAV", "name": "Haven", "children": [
        {"id": "HAV.klein", "name": "Klein"}, {"id": "HAV.sig", "name": "Signalen"}]},
    {"id": "DOU", "name": "Douane", "children": [{"id": "DOU.klein", "name": "Klein"}]},
]}

SEG_MAXQDA = [["Color", "Document group", "Document name", "Code", "Beginning", "End", "Segment", "Comment", "Created by"],
              ["", "Haven", "Interview 01", "Haven\\Klein", 3, 3, "De haven is klein", "", "anna"],
              ["", "Haven", "Interview 01", "Werk\\Samenwerking", 7, 7, "We werken goed samen met de politie.", "ok", "bob"],
              ["", "Haven", "Interview 02", "Douane", 2, 2, "We work well together with customs.", "", "anna"]]
SEG_ATLAS = [["ID", "Quotation Name", "Document", "Codes", "Reference", "Quotation Content", "Comment", "Created by"],
             ["1:1", "De haven", "D 1: Interview 01.docx", "Haven::Klein\nWerk", "3 - 3", "De haven is klein", "", "anna"],
             ["2:1", "We work", "D 2: Interview 02.docx", "Douane", "2 - 2", "We work well together with customs.", "c", "bob"]]
SEG_DEDOOSE = [["Media Title", "Excerpt Copy", "Excerpt Range", "Excerpt Creator", "Code: Klein Applied", "Code: Werk Applied"],
               ["Interview 01", "De haven is klein", "120-137", "anna", "True", "False"],
               ["Interview 02", "We work well together with customs.", "33-68", "bob", "False", "True"]]
SEG_TAGUETTE = [["id", "document", "tag", "content"],
                ["7", "Interview 01", "Haven.Klein", "De haven is klein"],
                ["8", "Interview 02", "Douane", "We work well together with customs ."],
                ["9", "Interview 02", "", "Anything else?"]]
SEG_QUALCODER = [["File", "Coder", "Coded", "Id", "Codename", "Coded_Memo", "Category"],
                 ["Interview 01.txt", "anna", "De haven is klein", "ctid:3", "Klein", "", "Haven"],
                 ["Interview 02.docx", "bob", "We work well together with customs.", "ctid:4", "Douane", "m", ""],
                 ["Interview 02.docx", "bob", "image", "imid:5", "Douane", "", ""]]
SEG_QC_SEGMENTS = [["caseid", "case name", "fileid", "file name", "pos0", "pos1", "text", "Haven", "Douane"],
                   ["1", "c1", "1", "Interview 01", "130", "147", "De haven is klein", "1", ""],
                   ["2", "c2", "2", "Interview 02", "33", "68", "We work well together with customs.", "", "1"]]
NVIVO_REPORT = ("Nodes\\\\Haven\\\\Klein\n\n<Files\\\\Interview 01> - \u00a7 1 reference coded [5% Coverage]\n\n"
                "Reference 1 - 5.00% Coverage\n\nDe haven is klein, de douane komt zelden.\n\n"
                "Nodes\\\\Douane\n\n<Files\\\\Interview 02> - \u00a7 1 reference coded [3% Coverage]\n\n"
                "Reference 1 - 3.00% Coverage\n\nWe work well together with customs.\n")
#: Taguette's highlights document (its ``export_highlights.html`` template, line breaks and all).
TAGUETTE_HTML = ("<!DOCTYPE html>\n<html>\n  <head>\n    <meta charset=\"UTF-8\">\n    <title>Taguette highlights</title>\n"
                 "  </head>\n  <body>\n    <h1>Taguette highlights</h1>\n    <p>De haven is <em>klein</em>.</p>\n    <p>\n"
                 "      <strong>Document:</strong> Interview 01\n      <strong>Tags:</strong>\n        Haven.Klein,\n"
                 "        Werk\n    </p>\n    <hr>\n    <p>We work well together with customs.</p>\n    <p>\n"
                 "      <strong>Document:</strong> Interview 02\n      <strong>Tags:</strong>\n    </p>\n  </body>\n</html>\n")
CB_TABLE = [["Code", "Definition", "Parent", "Example"],
            ["Werk", "Alles over werk", "", "We werken"],
            ["Samenwerking", "Samen", "Werk", "goed samen"],
            ["Haven", "De haven", "", ""],
            ["Klein", "klein", "Haven", "De haven is klein"]]
CB_MD = ("# Codebook Fuzz\n\n| Code | Definition | Parent |\n|---|---|---|\n| Werk | Alles over werk | |\n"
         "| Samenwerking | Samen \\| goed | Werk |\n| Haven | De haven<br>twee regels | |\n\n## Lijst\n\n"
         "- Douane: de douane\n  - Klein: kleine douane\n")


def _csv_bytes(rows: list[list], delimiter: str = ",") -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter).writerows([[("" if c is None else c) for c in r] for r in rows])
    return buf.getvalue().encode("utf-8")


def _xlsx_bytes(rows: list[list], *, edit: Callable | None = None) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if edit is not None:
        edit(wb, ws)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _docx_bytes(text: str) -> bytes:
    import docx

    d = docx.Document()
    for para in text.split("\n\n"):
        d.add_paragraph(para)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _dedoose_docx_bytes() -> bytes:
    """Dedoose's coded-document export of Interview 01: each coding a Word comment ``Codes (start-end)`` + its codes."""
    import docx

    d = docx.Document()
    for number, para in enumerate(TEXT_01.split("\n\n")):
        p = d.add_paragraph(para)
        if number in (1, 3, 5):
            d.add_comment(p.runs, text=f"Codes ({10 * number}-{10 * number + len(para)})\nHaven\nKlein", author="Dedoose")
        if number == 3:
            d.add_comment(p.runs, text="Check this passage", author="Anna")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def build_seeds(folder: Path) -> dict[str, list[tuple[str, bytes, str]]]:
    """Valid seed files per format: ``format -> [(file name, bytes, shape)]``."""
    import yaml

    from researchkit.codebook import Codebook
    from researchkit.project import Project
    from researchkit.refi import write_qdc
    from researchkit.transcripts import Transcript

    p = Project.create(folder / "seed.rkp", user="anna")
    p.add_documents([Transcript("R01", "I: Waar?\nR: In de haven \U0001F6A4 van Urk.\r\nI: En?\nR: Niets.",
                                attributes={"port": "Urk", "n": 3, "date": "2024-03-01"}),
                     Transcript("R02", "R: kort")])
    p.set_codebook(CODEBOOK)
    p.code("R01", quote="haven \U0001F6A4 van Urk", code="HAV.klein", coder="anna", memo="let op")
    p.code("R02", quote="kort", code="HAV", coder="bob")
    p.code("R01", quote="Niets", code="SAM", coder="anna")
    p.memo("Projectmemo", author="anna")
    p.memo("Codememo", code="HAV", author="anna")
    p.export_qdpx(folder / "seed.qdpx")
    p.export_qdpx(folder / "nvivo.qdpx", target="nvivo")
    p.export_qdpx(folder / "qc.qdpx", target="qc")
    write_qdc(Codebook.from_dict(CODEBOOK), folder / "seed.qdc")
    seeds: dict[str, list[tuple[str, bytes, str]]] = collections.defaultdict(list)
    for name in ("seed", "nvivo", "qc"):
        seeds["qdpx"].append((f"{name}.qdpx", (folder / f"{name}.qdpx").read_bytes(), name))
        seeds["qdpx-project"].append((f"{name}.qdpx", (folder / f"{name}.qdpx").read_bytes(), name))
    seeds["qdc"].append(("seed.qdc", (folder / "seed.qdc").read_bytes(), "refi"))
    seeds["cb-yaml"].append(("codebook.yaml", yaml.safe_dump(CODEBOOK, allow_unicode=True, sort_keys=False).encode(), "yaml"))
    seeds["cb-csv"].append(("codebook.csv", _csv_bytes(CB_TABLE), "csv"))
    seeds["cb-csv"].append(("codebook.csv", _csv_bytes(CB_TABLE, ";"), "csv;"))
    seeds["cb-xlsx"].append(("codebook.xlsx", _xlsx_bytes(CB_TABLE), "xlsx"))
    seeds["cb-md"].append(("codebook.md", CB_MD.encode(), "md"))
    for shape, rows in (("maxqda", SEG_MAXQDA), ("atlasti", SEG_ATLAS), ("dedoose", SEG_DEDOOSE),
                        ("taguette", SEG_TAGUETTE), ("qualcoder", SEG_QUALCODER), ("qc-segments", SEG_QC_SEGMENTS)):
        seeds["seg-csv"].append((f"{shape}.csv", _csv_bytes(rows), shape))
        seeds["seg-xlsx"].append((f"{shape}.xlsx", _xlsx_bytes(rows), shape))
    html = "<html><body><table>" + "".join(
        "<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in SEG_MAXQDA) + "</table></body></html>"
    seeds["seg-html"].append(("maxqda.html", html.encode(), "maxqda"))
    seeds["seg-html"].append(("taguette.html", TAGUETTE_HTML.encode("utf-8"), "taguette-doc"))
    seeds["seg-nvivo"].append(("nvivo-report.txt", NVIVO_REPORT.encode("utf-8"), "nvivo-txt"))
    seeds["seg-nvivo"].append(("nvivo-report.docx", _docx_bytes(NVIVO_REPORT), "nvivo-docx"))
    seeds["seg-dedoose"].append(("Interview 01.docx", _dedoose_docx_bytes(), "dedoose-docx"))
    annotations = _test_module("test_refi_annotations")  # QualCoder 3's layout: annotation notes, BOMs, Sources/
    for crlf in (False, True):
        qc3 = annotations._qualcoder_qdpx(folder / f"qualcoder3-{crlf}.qdpx", crlf=crlf)
        seeds["qdpx"].append((qc3.name, qc3.read_bytes(), "qualcoder3-crlf" if crlf else "qualcoder3"))
    nvivo_ann = annotations._nvivo_qdpx(folder / "nvivo-annotation.qdpx")
    seeds["qdpx"].append((nvivo_ann.name, nvivo_ann.read_bytes(), "nvivo-annotation"))
    speakers = _test_module("test_refi_speaker_cases")  # focus groups: person cases of part of a document, cases per speaker
    persons = speakers._person_cases_project(folder / "nvivo-persons.qdpx")
    seeds["qdpx"].append((persons.name, persons.read_bytes(), "nvivo-persons"))
    speakers._quiet(speakers.write_qdpx, speakers.Exchange("focus", speakers._corpus(speakers._speakers()), None, speakers._codings()),
                    folder / "speaker-cases.qdpx")
    seeds["qdpx"].append(("speaker-cases.qdpx", (folder / "speaker-cases.qdpx").read_bytes(), "speaker-cases"))
    rqda, qualcoder = _test_module("test_rqda_db"), _test_module("test_qualcoder_db")
    seeds["rqda"].append(("havens.rqda", rqda.build(folder / "havens.rqda").read_bytes(), "rqda-0.2.2"))
    for version in ("v1", "v14"):
        seeds["qualcoder"].append(("data.qda", (qualcoder.build(folder / f"Havens-{version}.qda", version) / "data.qda").read_bytes(),
                                   f"qualcoder-{version}"))
    return dict(seeds)


def _test_module(name: str):
    """A module of ``tests/test_refi`` (its database builder), loaded from its file."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"_rk_fuzz_{name}", ROOT / "tests" / "test_refi" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------- mutators

HOSTILE_VALUES = ["abc", "-5", "1e309", "", "NaN", "inf", "99999999999999999999999999", str(2**63), "-0", "0x10",
                  " 7", "7.5", "#GGGGGG", "#FFF", "2026-13-45", "2026-02-30T25:61:00Z", "0000-00-00",
                  "{not-a-guid", "00000000-0000-0000-0000-00000000000G", "ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ",
                  "\u202e", "../../../etc/passwd", "internal://../../x.txt", "x" * 100_000, "true", "null"]
ATTRS = rb'(startPosition|endPosition|guid|targetGUID|creatingUser|modifyingUser|color|creationDateTime|'\
        rb'modifiedDateTime|plainTextPath|richTextPath|name|typeOfVariable|isCodable|position|timeStamp|begin|end|'\
        rb'originGUID|direction|basePath|path|fromSyncPoint|toSyncPoint)="([^"]*)"'


def m_flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def m_truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(max(1, len(data)))]


def m_dup_slice(data: bytes, rng: random.Random) -> bytes:
    a = rng.randrange(max(1, len(data)))
    b = min(len(data), a + rng.randint(1, 400))
    return data[:b] + data[a:b] + data[b:]


def m_nul(data: bytes, rng: random.Random) -> bytes:
    a = rng.randrange(max(1, len(data)))
    return data[:a] + b"\x00" * rng.choice([1, 3]) + data[a:]


# XML ---------------------------------------------------------------------------

def x_unclosed(data: bytes, rng: random.Random) -> bytes:
    ends = [m.span() for m in re.finditer(rb"</[A-Za-z:]+>", data)]
    if not ends:
        return data + b"<open>"
    a, b = rng.choice(ends)
    return data[:a] + data[b:]


def _after_root(data: bytes) -> int:
    m = re.search(rb"<(?![?!])[^>]*?(?<!/)>", data)
    return m.end() if m else 0


def x_deep(data: bytes, rng: random.Random) -> bytes:
    n = rng.choice([500, 5_000, 200_000])
    at = _after_root(data)
    return data[:at] + b"<Deep>" * n + b"</Deep>" * n + data[at:]


def x_deep_codes(data: bytes, rng: random.Random) -> bytes:
    """Codes nested far deeper than the limit (the real element, so the code-tree builder sees them)."""
    n = rng.choice([150, 3_000, 50_000])
    m = re.search(rb"<Code [^>]*?(?<!/)>", data)
    if not m:
        return x_deep(data, rng)
    inner = b"".join(b'<Code guid="%s" name="c%d" isCodable="true">' % (
        f"{i:08X}-0000-4000-8000-000000000000".encode(), i) for i in range(n)) + b"</Code>" * n
    return data[:m.end()] + inner + data[m.end():]


def x_entity(data: bytes, rng: random.Random) -> bytes:
    kind = rng.choice(["external", "laughs", "undefined", "parameter"])
    body = data
    decl = b""
    if data.startswith(b"<?xml"):
        end = data.index(b"?>") + 2
        decl, body = data[:end], data[end:]
    if kind == "undefined":
        at = _after_root(body)
        return decl + body[:at] + b"&undefinedthing;" + body[at:]
    root = re.search(rb"<([A-Za-z:]+)", body)
    name = root.group(1) if root else b"Project"
    if kind == "external":
        dtd = b'<!DOCTYPE %s [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' % name
        ref = b"&xxe;"
    elif kind == "parameter":
        dtd = b'<!DOCTYPE %s [<!ENTITY %% p SYSTEM "http://127.0.0.1:9/x.dtd"> %%p;]>' % name
        ref = b""
    else:
        ents = b'<!ENTITY l0 "lol">' + b"".join(b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10) for i in range(1, 10))
        dtd = b"<!DOCTYPE %s [%s]>" % (name, ents)
        ref = b"&l9;"
    at = _after_root(body)
    return decl + dtd + body[:at] + ref + body[at:]


def x_namespace(data: bytes, rng: random.Random) -> bytes:
    new = rng.choice([b"urn:QDA-XML:project:9.9", b"http://example.org/other", b"", b"urn:QDA-XML:codebook:1:0"])
    return re.sub(rb'xmlns="[^"]*"', b'xmlns="' + new + b'"', data, count=1)


def x_attr_value(data: bytes, rng: random.Random) -> bytes:
    spots = [m.span(2) for m in re.finditer(ATTRS, data)]
    if not spots:
        return m_flip(data, rng)
    out = data
    for a, b in sorted(rng.sample(spots, min(len(spots), rng.randint(1, 3))), reverse=True):
        value = rng.choice(HOSTILE_VALUES).encode("utf-8")
        out = out[:a] + value.replace(b'"', b"&quot;") + out[b:]
    return out


def x_attr_remove(data: bytes, rng: random.Random) -> bytes:
    spots = [m.span() for m in re.finditer(rb' [A-Za-z]+="[^"]*"', data)]
    if not spots:
        return data
    a, b = rng.choice(spots)
    return data[:a] + data[b:]


def _tree_edit(data: bytes, rng: random.Random, action: str) -> bytes:
    from lxml import etree

    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, huge_tree=False))
    except etree.XMLSyntaxError:
        return data
    elements = [e for e in root.iter() if e is not root and isinstance(e.tag, str)]
    if not elements:
        return data
    el = rng.choice(elements)
    parent = el.getparent()
    if action == "remove":
        parent.remove(el)
    elif action == "duplicate":
        import copy

        parent.insert(parent.index(el), copy.deepcopy(el))
    elif action == "text":  # element text or tail that does not belong there
        el.text = rng.choice(["junk", "\u00e9" * 10, "x" * 200_000])
    elif action == "move":  # an element under the wrong parent
        parent.remove(el)
        rng.choice([e for e in root.iter() if isinstance(e.tag, str)]).append(el)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def x_remove(data: bytes, rng: random.Random) -> bytes:
    return _tree_edit(data, rng, "remove")


def x_duplicate(data: bytes, rng: random.Random) -> bytes:
    return _tree_edit(data, rng, "duplicate")


def x_text(data: bytes, rng: random.Random) -> bytes:
    return _tree_edit(data, rng, "text")


def x_move(data: bytes, rng: random.Random) -> bytes:
    return _tree_edit(data, rng, "move")


def x_encoding(data: bytes, rng: random.Random) -> bytes:
    kind = rng.choice(["declared-utf16", "latin1", "utf16", "utf8-bom-declared-latin1"])
    text = data.decode("utf-8", "replace")
    if kind == "declared-utf16":
        return re.sub(rb'encoding="[^"]*"', b'encoding="UTF-16"', data, count=1)
    if kind == "latin1":
        return text.encode("latin-1", "replace")
    if kind == "utf16":
        return text.encode(rng.choice(["utf-16", "utf-16-le"]))
    return b"\xef\xbb\xbf" + re.sub(rb'encoding="[^"]*"', b'encoding="ISO-8859-1"', data, count=1)


XML_MUTATORS = [x_unclosed, x_deep, x_deep_codes, x_entity, x_namespace, x_attr_value, x_attr_value, x_attr_remove,
                x_remove, x_remove, x_duplicate, x_text, x_move, x_encoding, m_nul, m_flip, m_truncate, m_dup_slice]

# zip ---------------------------------------------------------------------------


def _read_members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def _write_members(members: list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buf, "w", compression) as z:
            for name, body in members:
                info = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))
                info.compress_type = compression
                z.writestr(info, body)
    return buf.getvalue()


def _main_xml(members: list[tuple[str, bytes]]) -> int | None:
    for pattern in (r"\.qde$", r"xl/worksheets/sheet1\.xml$", r"word/document\.xml$", r"xl/sharedStrings\.xml$"):
        for i, (name, _) in enumerate(members):
            if re.search(pattern, name):
                return i
    return None


def z_remove(data: bytes, rng: random.Random) -> bytes:
    members = _read_members(data)
    del members[rng.randrange(len(members))]
    return _write_members(members)


def z_garbage(data: bytes, rng: random.Random) -> bytes:
    members = _read_members(data)
    i = rng.randrange(len(members))
    members[i] = (members[i][0], rng.choice([b"", b"\xff\xfe garbage \x00\x01", os.urandom(rng.randint(1, 2000))]))
    return _write_members(members)


def z_main_xml(data: bytes, rng: random.Random) -> bytes:
    members = _read_members(data)
    i = _main_xml(members)
    if i is None:
        i = rng.randrange(len(members))
    name, body = members[i]
    members[i] = (name, rng.choice(XML_MUTATORS)(body, rng))
    return _write_members(members)


def z_other_xml(data: bytes, rng: random.Random) -> bytes:
    members = _read_members(data)
    xmls = [i for i, (n, _) in enumerate(members) if n.endswith((".xml", ".rels", ".qde"))]
    if not xmls:
        return z_main_xml(data, rng)
    i = rng.choice(xmls)
    members[i] = (members[i][0], rng.choice(XML_MUTATORS)(members[i][1], rng))
    return _write_members(members)


def z_crc(data: bytes, rng: random.Random) -> bytes:
    members = _read_members(data)
    raw = bytearray(_write_members(members, zipfile.ZIP_STORED))
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as z:
        infos = [i for i in z.infolist() if i.file_size > 0]
    if not infos:
        return bytes(raw)
    info = rng.choice(infos)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw[start + rng.randrange(info.file_size)] ^= 0x55
    return bytes(raw)


def z_huge_size(data: bytes, rng: random.Random) -> bytes:
    """A member whose declared (uncompressed) size is huge, in the central directory and the local header."""
    members = _read_members(data)
    raw = bytearray(_write_members(members))
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as z:
        infos = z.infolist()
    info = rng.choice(infos)
    size = rng.choice([0xFFFFFFFE, 2**31, 10**9, 0])
    struct.pack_into("<I", raw, info.header_offset + 22, size)
    central = bytes(raw).find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", raw, central + 28)[0]
        if bytes(raw[central + 46:central + 46 + name_len]) == info.filename.encode():
            struct.pack_into("<I", raw, central + 24, size)
            break
        central = bytes(raw).find(b"PK\x01\x02", central + 46)
    return bytes(raw)


def z_duplicate(data: bytes, rng: random.Random) -> bytes:
    members = _read_members(data)
    i = rng.randrange(len(members))
    name, body = members[i]
    other = rng.choice([b"", b"junk", body[: len(body) // 2]])
    members.insert(rng.randrange(len(members) + 1), (name, other))
    return _write_members(members)


def z_bad_name(data: bytes, rng: random.Random) -> bytes:
    members = _read_members(data)
    i = rng.randrange(len(members))
    name, body = members[i]
    new = rng.choice([f"../{name}", f"/abs/{name}", f"..\\..\\{name}", f"C:/x/{name}", name.upper(), name + "\x00x",
                      f"sources/../../{name}"])
    if rng.random() < 0.5:
        members.append((new, body))
    else:
        members[i] = (new, body)
    return _write_members(members)


def z_bomb(data: bytes, rng: random.Random) -> bytes:
    members = _read_members(data)
    members.append((rng.choice(["sources/bomb.txt", "xl/media/bomb.bin", "bomb.xml"]), b"\x00" * rng.choice([10**7, 2 * 10**8])))
    return _write_members(members)


def z_not_zip(data: bytes, rng: random.Random) -> bytes:
    return rng.choice([b"", b"PK\x03\x04", b"not a zip", data[: len(data) // 3], b"PK\x05\x06" + b"\x00" * 18])


ZIP_MUTATORS = [z_remove, z_garbage, z_main_xml, z_main_xml, z_main_xml, z_other_xml, z_crc, z_huge_size,
                z_duplicate, z_bad_name, z_bomb, z_not_zip, m_truncate, m_flip]


# qdpx sources -------------------------------------------------------------------

def q_source(data: bytes, rng: random.Random) -> bytes:
    members = _read_members(data)
    sources = [i for i, (n, _) in enumerate(members) if n.lower().startswith("sources/")]
    if not sources:
        return z_remove(data, rng)
    i = rng.choice(sources)
    kind = rng.choice(["missing", "latin1", "binary", "empty", "utf16", "nul", "bom-middle", "huge-line", "short"])
    name, body = members[i]
    if kind == "missing":
        del members[i]
    else:
        text = body.decode("utf-8", "replace")
        members[i] = (name, {
            "latin1": lambda: (text + " \u00e9\u00e8").encode("latin-1", "replace"),
            "binary": lambda: os.urandom(200),
            "empty": lambda: b"",
            "utf16": lambda: text.encode("utf-16"),
            "nul": lambda: body[:5] + b"\x00" + body[5:],
            "bom-middle": lambda: body[:7] + b"\xef\xbb\xbf" + body[7:],
            "huge-line": lambda: body + b"y" * 3_000_000,
            "short": lambda: body[:3],
        }[kind]())
    return _write_members(members)


def q_selection(data: bytes, rng: random.Random) -> bytes:
    """A text selection reversed, empty, past the end of its text, or its code reference broken."""
    members = _read_members(data)
    i = _main_xml(members)
    name, body = members[i]
    spots = list(re.finditer(rb'startPosition="(\d+)" endPosition="(\d+)"', body))
    if not spots:
        return data
    m = rng.choice(spots)
    a, b = int(m.group(1)), int(m.group(2))
    kind = rng.choice(["reversed", "empty", "past-end", "huge", "same-as-other"])
    new = {"reversed": (b, a), "empty": (a, a), "past-end": (a, b + 10_000), "huge": (2**62, 2**62 + 1),
           "same-as-other": (int(spots[0].group(1)), int(spots[0].group(2)))}[kind]
    body = body[:m.start()] + b'startPosition="%d" endPosition="%d"' % new + body[m.end():]
    members[i] = (name, body)
    return _write_members(members)


def q_second_project(data: bytes, rng: random.Random) -> bytes:
    """A second ``.qde`` beside ``project.qde`` (damaged or a copy), or the project under another name only."""
    members = _read_members(data)
    i = _main_xml(members)
    name, body = members[i]
    kind = rng.choice(["copy", "damaged", "renamed", "folder"])
    if kind == "copy":
        members.append(("other.qde", body))
    elif kind == "damaged":
        members.insert(0, ("aaa.qde", body[: len(body) // 2]))
    elif kind == "renamed":
        members[i] = ("Trial.qde", body)
    else:
        members[i] = ("sub/project.qde", body)
    return _write_members(members)


QDPX_MUTATORS = ZIP_MUTATORS + [q_source, q_source, z_main_xml, z_main_xml, q_selection, q_selection, q_second_project]

# YAML ----------------------------------------------------------------------------


def y_alias_bomb(data: bytes, rng: random.Random) -> bytes:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    return ("\n".join(lines) + "\n").encode() + data.replace(b"keywords: [samen]", b"keywords: *a8")


def y_tabs(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"  ", b"\t", rng.randint(1, 5))


def y_duplicate_keys(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    spots = [i for i, l in enumerate(lines) if re.match(rb"\s*(- )?(id|name|color|codes|language):", l)]
    i = rng.choice(spots)
    line = lines[i].replace(b"- ", b"  ", 1)
    lines.insert(i + 1, line)
    return b"\n".join(lines)


def y_wrong_type(data: bytes, rng: random.Random) -> bytes:
    import yaml

    doc = yaml.safe_load(data)
    bad = rng.choice([[1, 2], {"a": 1}, 5, None, True, 1e309, "", "x" * 10, -1, [[]], {"children": []}])

    def nodes(d, out):
        if isinstance(d, dict):
            for k, v in d.items():
                out.append((d, k))
                nodes(v, out)
        elif isinstance(d, list):
            for i, v in enumerate(d):
                out.append((d, i))
                nodes(v, out)
        return out

    container, key = rng.choice(nodes(doc, []))
    container[key] = bad
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode()


def y_deep(data: bytes, rng: random.Random) -> bytes:
    n = rng.choice([200, 10_000, 100_000])
    kind = rng.choice(["flow", "children"])
    if kind == "flow":
        return data + b"x_deep: " + b"[" * n + b"]" * n + b"\n"
    out = ["codes:"]
    for i in range(min(n, 3000)):
        pad = "  " * i
        out.append(f"{pad}- id: C{i}\n{pad}  name: c{i}\n{pad}  children:")
    out.append("  " * min(n, 3000) + "- {id: LAST, name: last}")
    return "\n".join(out).encode()


def y_tags(data: bytes, rng: random.Random) -> bytes:
    tag = rng.choice([b"!!python/object/apply:os.system ['true']", b"!!binary aGVsbG8=", b"!!set {a, b}",
                      b"!!timestamp 2026-13-45", b"!!float .nan", b"!custom x", b"<<: {id: X}"])
    return data.replace(b"name: Samenwerking", b"name: " + tag, 1)


def y_syntax(data: bytes, rng: random.Random) -> bytes:
    return rng.choice([data.replace(b"codes:", b"codes: [", 1), data + b"\n  bad: : :\n", b"---\n" + data + b"\n---\n" + data,
                       data.replace(b"- id: SAM", b"- id: SAM\n  name: 'unclosed", 1), b"", b"[]", b"just text",
                       data + b"\n" + b"x_big: " + b"y" * 5_000_000 + b"\n", b"\xff\xfe" + data, data.replace(b"e", b"\x85", 3)])


YAML_MUTATORS = [y_alias_bomb, y_tabs, y_duplicate_keys, y_wrong_type, y_wrong_type, y_wrong_type, y_deep, y_tags,
                 y_syntax, y_syntax, m_nul, m_flip, m_truncate]

# CSV / text ---------------------------------------------------------------------


def c_delimiter(data: bytes, rng: random.Random) -> bytes:
    new = rng.choice([b";", b"\t", b"|", b":", b" "])
    lines = data.split(b"\n")
    if rng.random() < 0.5:
        return b"\n".join(l.replace(b",", new) for l in lines)
    i = rng.randrange(len(lines))
    lines[i] = lines[i].replace(b",", new)
    return b"\n".join(lines)


def c_quote(data: bytes, rng: random.Random) -> bytes:
    a = rng.randrange(max(1, len(data)))
    return data[:a] + b'"' + data[a:]


def c_encoding(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8")
    kind = rng.choice(["mixed", "cp1252", "utf16", "utf16le-nobom", "bom-middle", "utf8-bom", "invalid"])
    if kind == "mixed":
        lines = text.split("\n")
        i = rng.randrange(len(lines))
        lines[i] = lines[i] + "\u00e9\u00e8"
        return b"\n".join(l.encode("cp1252", "replace") if j == i else l.encode() for j, l in enumerate(lines))
    if kind == "cp1252":
        return (text + "\u00e9").encode("cp1252", "replace")
    if kind == "utf16":
        return text.encode("utf-16")
    if kind == "utf16le-nobom":
        return text.encode("utf-16-le")
    if kind == "bom-middle":
        a = rng.randrange(max(1, len(data)))
        return data[:a] + b"\xef\xbb\xbf" + data[a:]
    if kind == "utf8-bom":
        return b"\xef\xbb\xbf" + data
    return data + b"\xc3\x28\xa0\xa1\n"


def c_big(data: bytes, rng: random.Random) -> bytes:
    kind = rng.choice(["cell100k", "cell200k", "empty-rows", "many-columns", "no-newline", "cr-only", "header-only",
                       "dup-header", "sep-line"])
    lines = data.split(b"\n")
    if kind in ("cell100k", "cell200k"):
        n = 100_000 if kind == "cell100k" else 200_000
        i = rng.randrange(1, max(2, len(lines)))
        if i < len(lines):
            lines[i] = lines[i] + b"," + b'"' + b"w " * (n // 2) + b'"'
        return b"\n".join(lines)
    if kind == "empty-rows":
        return data + rng.choice([b"\n", b",,,,\n", b'"",""\n']) * 1_000_000
    if kind == "many-columns":
        return lines[0] + b"," + b",".join(b"c%d" % i for i in range(20_000)) + b"\n" + b"\n".join(lines[1:])
    if kind == "no-newline":
        return data.replace(b"\n", b" ") + b"z" * 5_000_000
    if kind == "cr-only":
        return data.replace(b"\n", b"\r")
    if kind == "header-only":
        return lines[0] + b"\n"
    if kind == "dup-header":
        return lines[0] + b"\n" + data
    return b"sep=|\n" + data


CSV_MUTATORS = [c_delimiter, c_quote, c_quote, c_encoding, c_encoding, c_big, c_big, c_big, m_nul, m_flip, m_truncate,
                m_dup_slice]

# XLSX (semantic, through openpyxl) ------------------------------------------------


def s_semantic(rows: list[list], rng: random.Random) -> bytes:
    import datetime

    kind = rng.choice(["formula", "merged-header", "nonstring-header", "dates", "cell100k", "huge-dimension",
                       "empty-rows", "hidden", "two-sheets", "types", "many-columns", "error-cells"])

    def edit(wb, ws):
        if kind == "formula":
            ws.cell(rng.randint(1, ws.max_row), rng.randint(1, ws.max_column)).value = rng.choice(
                ["=SUM(A1:A3)", "=1/0", '=HYPERLINK("http://x","y")', "=A2", "=" + "(" * 500 + "1" + ")" * 500])
        elif kind == "merged-header":
            ws.merge_cells(start_row=1, start_column=1, end_row=rng.choice([1, 2, 3]), end_column=rng.randint(2, ws.max_column))
        elif kind == "nonstring-header":
            for c in range(1, ws.max_column + 1):
                if rng.random() < 0.5:
                    ws.cell(1, c).value = rng.choice([1, 2.5, True, datetime.datetime(2024, 1, 1), None])
        elif kind == "dates":
            for r in range(2, ws.max_row + 1):
                ws.cell(r, rng.randint(1, ws.max_column)).value = rng.choice(
                    [datetime.datetime(2024, 3, 1, 12), datetime.date(1900, 1, 1), 45000, 1e308, -1, datetime.time(1, 2)])
        elif kind == "cell100k":
            ws.cell(rng.randint(1, ws.max_row), rng.randint(1, ws.max_column)).value = "w " * 50_000
        elif kind == "huge-dimension":
            ws.cell(1_048_576, 16_384).value = "far"
        elif kind == "empty-rows":
            for r in range(ws.max_row + 1, ws.max_row + 50_000):
                ws.cell(r, 1).value = " "
        elif kind == "hidden":
            ws.sheet_state = "hidden"
            wb.create_sheet("Empty")
        elif kind == "two-sheets":
            other = wb.create_sheet("Sheet2", 0)
            other.append(["just", "a", "note"])
        elif kind == "types":
            for r in range(2, ws.max_row + 1):
                for c in range(1, ws.max_column + 1):
                    if rng.random() < 0.3:
                        ws.cell(r, c).value = rng.choice([3.14, True, None, 0, "\u202e", "=", "#REF!"])
        elif kind == "many-columns":
            for c in range(ws.max_column + 1, ws.max_column + 3000):
                ws.cell(1, c).value = f"extra {c}"
        elif kind == "error-cells":
            from openpyxl.cell.cell import TYPE_ERROR

            cell = ws.cell(rng.randint(2, ws.max_row), rng.randint(1, ws.max_column))
            cell.value = "#N/A"
            cell.data_type = TYPE_ERROR

    return _xlsx_bytes(rows, edit=edit)


def s_empty_rows_xml(data: bytes, rng: random.Random) -> bytes:
    """A sheet with a million empty rows (``<row r="N"/>``), small when zipped."""
    members = _read_members(data)
    i = next(i for i, (n, _) in enumerate(members) if n == "xl/worksheets/sheet1.xml")
    body = members[i][1]
    at = body.index(b"</sheetData>")
    n = rng.choice([1_000_000, 200_000])
    rows = b"".join(b'<row r="%d"/>' % r for r in range(50, 50 + n)) if rng.random() < 0.5 else \
        b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t></t></is></c></row>' % (r, r) for r in range(50, 50 + n))
    members[i] = (members[i][0], body[:at] + rows + body[at:])
    return _write_members(members)


XLSX_MUTATORS = ZIP_MUTATORS + [s_empty_rows_xml]


def dd_comments(data: bytes, rng: random.Random) -> bytes:
    """Dedoose's comments damaged: XML damage of ``comments.xml``, or hostile ranges and headers."""
    members = _read_members(data)
    names = [n for n, _ in members]
    ci, di = names.index("word/comments.xml"), names.index("word/document.xml")
    comments, document = members[ci][1].decode("utf-8"), members[di][1].decode("utf-8")
    kind = rng.randrange(7)
    if kind == 0:
        comments = rng.choice(XML_MUTATORS)(comments.encode("utf-8"), rng).decode("utf-8", "replace")
    elif kind in (1, 2):  # many comments, all ranges open over a long body (nested), or never closed
        n = rng.choice([2_000, 20_000])
        head = comments[: comments.index("<w:comment ")]
        one = ('<w:comment w:id="{i}" w:author="Dedoose"><w:p><w:r><w:t>Codes ({i}-{j})</w:t></w:r></w:p>'
               '<w:p><w:r><w:t>Haven</w:t></w:r></w:p></w:comment>')
        comments = head + "".join(one.format(i=1000 + i, j=2000 + i) for i in range(n)) + "</w:comments>"
        body = document.index("<w:body>") + len("<w:body>")
        para = '<w:p><w:r><w:t>De haven is klein en de douane komt zelden langs.</w:t></w:r></w:p>'
        starts = "".join(f'<w:commentRangeStart w:id="{1000 + i}"/>' for i in range(n))
        ends = "".join(f'<w:commentRangeEnd w:id="{1000 + i}"/>' for i in range(n)) if kind == 1 else ""
        document = document[:body] + "<w:p>" + starts + "</w:p>" + para * rng.choice([10, 2_000]) + "<w:p>" + ends + "</w:p>" \
            + document[body:]
    elif kind == 3:  # offsets that are none: huge, reversed, negative-looking, empty
        comments = re.sub(r"Codes \(\d+-\d+\)", lambda m: rng.choice(
            ["Codes (999999999999999999-0)", "Codes (50-10)", "Codes ( - )", "Codes (0-0)", "Codes (1-" + "9" * 40 + ")"]), comments)
    elif kind == 4:  # a range ended before it starts, ends without starts, duplicate ids
        document = re.sub(r'<w:commentRangeStart w:id="(\d+)"/>(.*?)<w:commentRangeEnd w:id="\1"/>',
                          lambda m: f'<w:commentRangeEnd w:id="{m.group(1)}"/>{m.group(2)}<w:commentRangeStart w:id="{m.group(1)}"/>',
                          document, flags=re.S)
        comments = comments.replace('w:id="1"', 'w:id="0"')
    elif kind == 5:  # one comment of 50,000 codes, and codes of 100,000 characters
        comments = comments.replace("<w:t>Haven</w:t>", "<w:t>Haven</w:t></w:r></w:p>" + "<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 50_000
                                    + "<w:p><w:r><w:t>" + "K" * 100_000 + "</w:t></w:r></w:p><w:p><w:r><w:t>Klein", 1)
    else:  # ranges across tables, tabs, breaks and deleted text
        document = document.replace("<w:t>", "<w:tab/><w:br/><w:cr/><w:t>").replace(
            "<w:body>", "<w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>cel</w:t></w:r></w:p></w:tc></w:tr></w:tbl>", 1)
    members[ci] = (members[ci][0], comments.encode("utf-8"))
    members[di] = (members[di][0], document.encode("utf-8"))
    return _write_members(members)


DEDOOSE_MUTATORS = ZIP_MUTATORS + [dd_comments] * 6

# --------------------------------------------------------------------------- the cases


DB_VALUES: list[object] = [None, "", "abc", -5, -0.5, 3.7, 2**62, -(2**62), 1e308, float("inf"), float("-inf"),
                           b"\xff\xfe\x00", "x" * 100_000, "\u202e", "\ud800".encode("utf-8", "surrogatepass"),
                           "Mon Feb 30 25:61:00 2014", "2026-13-45 99:99:99", "#GGGGGG", "1e309", "NaN", "0x10"]


def _db_edit(data: bytes, edit: Callable) -> bytes:
    """Apply ``edit(connection, tables)`` to a copy of the SQLite file ``data``; the edited file's bytes."""
    import sqlite3

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "db.sqlite"
        path.write_bytes(data)
        con = sqlite3.connect(path)
        try:
            tables = [r[0] for r in con.execute("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")]
            edit(con, tables)
            con.commit()
        finally:
            con.close()
        return path.read_bytes()


def _columns(con, table: str) -> list[str]:
    return [r[1] for r in con.execute(f'pragma table_info("{table}")')]


def d_value(data: bytes, rng: random.Random) -> bytes:
    """One to three cells of live rows set to hostile values of any SQLite type."""
    def edit(con, tables):
        for _ in range(rng.randint(1, 3)):
            table = rng.choice(tables)
            rowids = [r[0] for r in con.execute(f'select rowid from "{table}"')]
            if not rowids:
                continue
            column = rng.choice(_columns(con, table))
            if rng.random() < 0.15:  # text that is not UTF-8, stored as TEXT
                con.execute(f'update "{table}" set "{column}" = cast(? as text) where rowid = ?', (b"ok \xff\xfe bad", rng.choice(rowids)))
            else:
                con.execute(f'update "{table}" set "{column}" = ? where rowid = ?', (rng.choice(DB_VALUES), rng.choice(rowids)))
    return _db_edit(data, edit)


def d_offsets(data: bytes, rng: random.Random) -> bytes:
    """Coding offsets (and seltext) of one table set to hostile values: reversed, negative, past the end, fractional, text."""
    def edit(con, tables):
        for table in tables:
            cols = _columns(con, table)
            pair = next(((a, b) for a, b in (("selfirst", "selend"), ("pos0", "pos1")) if a in cols and b in cols), None)
            if pair is None or rng.random() < 0.4:
                continue
            a, b = pair
            for (rowid,) in con.execute(f'select rowid from "{table}"').fetchall():
                if rng.random() < 0.5:
                    lo, hi = rng.choice([(5, 2), (-3, 4), (10**9, 10**9 + 5), (1.5, 7.25), ("3", "9"), ("a", "b"), (None, 4),
                                         (0, 0), (2**62, 2**63 - 1)])
                    con.execute(f'update "{table}" set "{a}" = ?, "{b}" = ? where rowid = ?', (lo, hi, rowid))
                    if "seltext" in cols and rng.random() < 0.3:
                        con.execute(f'update "{table}" set seltext = ? where rowid = ?', (rng.choice(DB_VALUES), rowid))
    return _db_edit(data, edit)


def d_drop_table(data: bytes, rng: random.Random) -> bytes:
    def edit(con, tables):
        con.execute(f'drop table "{rng.choice(tables)}"')
    return _db_edit(data, edit)


def d_drop_column(data: bytes, rng: random.Random) -> bytes:
    def edit(con, tables):
        table = rng.choice(tables)
        cols = _columns(con, table)
        if len(cols) > 1:
            con.execute(f'alter table "{table}" drop column "{rng.choice(cols)}"')
    return _db_edit(data, edit)


def d_rows(data: bytes, rng: random.Random) -> bytes:
    """Rows of a table duplicated (same ids twice) or deleted (dangling references)."""
    def edit(con, tables):
        table = rng.choice(tables)
        if rng.random() < 0.5:
            con.execute(f'insert into "{table}" select * from "{table}"')
        else:
            con.execute(f'delete from "{table}" where rowid % 2 = ?', (rng.randint(0, 1),))
    return _db_edit(data, edit)


def d_wrong_schema(data: bytes, rng: random.Random) -> bytes:
    """A table replaced by a view or by a table of other columns under its name."""
    def edit(con, tables):
        table = rng.choice(tables)
        con.execute(f'drop table "{table}"')
        if rng.random() < 0.5:
            con.execute(f'create view "{table}" as select 1 as x')
        else:
            con.execute(f'create table "{table}" (x text)')
            con.execute(f'insert into "{table}" values (?)', (rng.choice(DB_VALUES),))
    return _db_edit(data, edit)


def d_page_damage(data: bytes, rng: random.Random) -> bytes:
    """Bytes of one page past the header overwritten (a damaged disk or a copy cut short)."""
    if len(data) <= 4096:
        return m_flip(data, rng)
    out = bytearray(data)
    page = rng.randrange(1, len(data) // 4096)
    at = page * 4096 + rng.randrange(0, 4096 - 64)
    out[at:at + 64] = bytes(rng.randrange(256) for _ in range(64))
    return bytes(out)


DB_MUTATORS = [d_value, d_value, d_value, d_offsets, d_offsets, d_offsets, d_drop_table, d_drop_column, d_rows, d_rows,
               d_wrong_schema, d_page_damage, d_page_damage, m_flip, m_truncate]

FORMAT_WEIGHTS = {"qdpx": 6, "qdpx-project": 1, "qdc": 3, "cb-yaml": 3, "cb-csv": 2, "cb-xlsx": 2, "cb-md": 2,
                  "seg-csv": 3, "seg-xlsx": 3, "seg-html": 1, "seg-nvivo": 1, "seg-dedoose": 1, "rqda": 2, "qualcoder": 2}
SHAPE_ROWS = {"maxqda": SEG_MAXQDA, "atlasti": SEG_ATLAS, "dedoose": SEG_DEDOOSE, "taguette": SEG_TAGUETTE,
              "qualcoder": SEG_QUALCODER, "qc-segments": SEG_QC_SEGMENTS, "xlsx": CB_TABLE}


def make_case(seeds: dict, seed: int, i: int, formats: list[str] | None = None) -> tuple[str, str, str, bytes]:
    """``(format, mutation, file name, bytes)`` of case ``i`` (drawn among ``formats``, default all)."""
    rng = random.Random(f"{seed}:{i}")
    weights = {f: w for f, w in FORMAT_WEIGHTS.items() if not formats or f in formats}
    fmt = rng.choices(list(weights), weights=list(weights.values()))[0]
    name, data, shape = rng.choice(seeds[fmt])
    if fmt in ("qdpx", "qdpx-project"):
        mut = rng.choice(QDPX_MUTATORS)
    elif fmt == "qdc":
        mut = rng.choice(XML_MUTATORS)
    elif fmt == "cb-yaml":
        mut = rng.choice(YAML_MUTATORS)
    elif fmt in ("cb-csv", "seg-csv", "cb-md"):
        mut = rng.choice(CSV_MUTATORS)
    elif fmt in ("cb-xlsx", "seg-xlsx"):
        if rng.random() < 0.4:
            return fmt, f"{shape}/s_semantic", name, s_semantic(SHAPE_ROWS[shape], rng)
        mut = rng.choice(XLSX_MUTATORS)
    elif fmt == "seg-html":
        mut = rng.choice(XML_MUTATORS + [c_encoding, c_big])
    elif fmt in ("rqda", "qualcoder"):
        mut = rng.choice(DB_MUTATORS)
    elif fmt == "seg-dedoose":
        mut = rng.choice(DEDOOSE_MUTATORS)
    elif name.endswith(".docx"):
        mut = rng.choice(ZIP_MUTATORS)
    else:
        mut = rng.choice(CSV_MUTATORS + [m_nul])
    try:
        out = mut(data, rng)
    except Exception as err:  # a mutator that does not apply to this seed: the seed unchanged, said in the name
        return fmt, f"{shape}/{mut.__name__}(n/a: {type(err).__name__})", name, data
    return fmt, f"{shape}/{mut.__name__}", name, out


# --------------------------------------------------------------------------- the worker


def _corpus_and_codebook():
    from researchkit.codebook import Codebook
    from researchkit.transcripts import Corpus, Source, Transcript

    corpus = Corpus([Transcript("interview_01", TEXT_01, source=Source("/data/Interview 01.txt", "0" * 64, "text", "utf-8")),
                     Transcript("interview_02", TEXT_02, source=Source("/data/Interview 02.docx", "1" * 64, "docx"))])
    return corpus, Codebook.from_dict(CODEBOOK)


def run_one(fmt: str, path: Path, work: Path) -> tuple[str, str]:
    """Read ``path`` through the public entry point of ``fmt``: ``(outcome, detail)``."""
    from researchkit.codebook import Codebook
    from researchkit.errors import ResearchkitError
    from researchkit.project import Project
    from researchkit.refi import read_qdc, read_qdpx
    from researchkit.refi.qualcoder import read_qualcoder
    from researchkit.refi.rqda import read_rqda
    from researchkit.segtables import import_segment_table

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if fmt == "qdpx":
                ex = read_qdpx(path)
                for t in ex.corpus:
                    rows = ex.codings[ex.codings["doc_id"] == t.doc_id]
                    bad = [r for r in rows.itertuples() if t.text[r.start:r.end] != r.text]
                    if bad:
                        return "invariant", f"coding {bad[0].start}-{bad[0].end} does not quote its passage"
                if set(ex.codings["doc_id"]) - {t.doc_id for t in ex.corpus}:
                    return "invariant", "coding of a document that was not read"
                if ex.corpus.speaker_attributes is not None:  # a person case's values go to a speaker who speaks there
                    labels = {(t.doc_id, u.speaker) for t in ex.corpus for u in t.turns}
                    stray = [k for k in ex.corpus.speaker_attributes.index.tolist() if tuple(k) not in labels]
                    if stray:
                        return "invariant", f"speaker attributes for {stray[0]!r}, who does not speak in that document"
                written = _text_codings(path)
                if written is not None and len(ex.codings) < written and not ex.report.not_carried and not ex.report.warnings:
                    return "invariant", f"{written - len(ex.codings)} of {written} text codings gone without a word"
            elif fmt == "qdpx-project":
                target = work / f"p{os.getpid()}-{time.monotonic_ns()}.rkp"
                try:
                    project = Project.create(target, user="fuzz")
                    project.import_qdpx(path)
                    project.close() if hasattr(project, "close") else None
                finally:
                    for p in work.glob(target.name + "*"):
                        p.unlink()
            elif fmt in ("rqda", "qualcoder"):
                ex = read_rqda(path) if fmt == "rqda" else read_qualcoder(path.parent)
                texts = {t.doc_id: t.text for t in ex.corpus}
                for r in ex.codings.itertuples():
                    if r.doc_id not in texts:
                        return "invariant", "coding of a document that was not read"
                    if texts[r.doc_id][r.start:r.end] != r.text:
                        return "invariant", f"coding {r.start}-{r.end} does not quote its passage"
            elif fmt == "qdc":
                read_qdc(path)
            elif fmt.startswith("cb-"):
                Codebook.load(path)
            else:
                corpus, codebook = _corpus_and_codebook()
                result = import_segment_table(path, corpus, codebook, coder="fuzz")
                rep = result.report
                # every row placed or listed; a row of several codes may be both (one code placed, another
                # ambiguous: "not (fully) placed"), so the two counts may overlap but never fall short
                if rep.rows > rep.placed_rows + rep.unplaced_rows or max(rep.placed_rows, rep.unplaced_rows) > rep.rows:
                    return "invariant", f"rows {rep.rows}: placed {rep.placed_rows}, not (fully) placed {rep.unplaced_rows}"
                for r in result.codings.itertuples():
                    if corpus[r.doc_id].text[r.start:r.end] != r.text:
                        return "invariant", f"coding {r.start}-{r.end} does not quote its passage"
        return "ok", ""
    except _Timeout:
        return "timeout", ""
    except MemoryError:
        return "memory", "MemoryError"
    except RecursionError as err:
        return "raw", _where(err)
    except ResearchkitError as err:
        if (path.parent.name if fmt == "qualcoder" else path.name) not in str(err):
            return "rk-unnamed", f"{err.code}: {str(err)[:160]}"
        return "rk-error", err.code
    except Exception as err:  # the bugs this sweep looks for
        return "raw", _where(err)


def _text_codings(path: Path) -> int | None:
    """How many ``<Coding>`` elements the archive's ``.qde`` holds in ``PlainTextSelection``s (``None``: unreadable)."""
    from lxml import etree

    try:
        with zipfile.ZipFile(path) as z:
            qde = [n for n in z.namelist() if n.lower().endswith(".qde")]
            if len(qde) != 1:
                return None
            root = etree.fromstring(z.read(qde[0]), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    except Exception:
        return None
    return sum(1 for sel in root.iter() if isinstance(sel.tag, str) and etree.QName(sel).localname == "PlainTextSelection"
               for c in sel if isinstance(c.tag, str) and etree.QName(c).localname == "Coding")


def _where(err: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(err.__traceback__) if "researchkit" in f.filename]
    at = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(err).__name__} at {at}: {str(err)[:120]}"


class _Timeout(BaseException):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def worker(conn, timeout: float, mem_mb: int, work: str) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (mem_mb * 2**20, mem_mb * 2**20))
    signal.signal(signal.SIGALRM, _alarm)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    while True:
        job = conn.recv()
        if job is None:
            return
        fmt, path = job
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            outcome = run_one(fmt, Path(path), Path(work))
        except _Timeout:
            outcome = ("timeout", "")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        grew = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024
        conn.send((*outcome, grew))


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--only", type=int, nargs="*", help="run only these case numbers")
    ap.add_argument("--formats", nargs="*", choices=sorted(FORMAT_WEIGHTS), help="draw only these formats (default all)")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds per file")
    ap.add_argument("--mem-mb", type=int, default=3000, help="address-space limit of the worker")
    ap.add_argument("--max-rss-mb", type=int, default=800, help="peak memory growth counted as a bug")
    ap.add_argument("--keep", type=Path, help="folder to keep the files of the cases that found a bug")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="rk-fuzz-"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            seeds = build_seeds(tmp)
        ctx = multiprocessing.get_context("fork")
        proc = conn = None

        def start():
            nonlocal proc, conn
            conn, child = ctx.Pipe()
            proc = ctx.Process(target=worker, args=(child, args.timeout, args.mem_mb, str(tmp)), daemon=True)
            proc.start()

        start()
        table: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        bugs: dict[tuple[str, str, str], list[str]] = collections.defaultdict(list)
        cases = args.only if args.only else range(args.n)
        t0 = time.monotonic()
        for i in cases:
            fmt, mutation, name, data = make_case(seeds, args.seed, i, args.formats)
            path = tmp / f"case{i}" / ("Fuzz.qda/" + name if fmt == "qualcoder" else name)
            path.parent.mkdir(parents=True)
            path.write_bytes(data)
            conn.send((fmt, str(path)))
            if conn.poll(args.timeout + 30):
                try:
                    outcome, detail, grew = conn.recv()
                except EOFError:
                    outcome, detail, grew = "memory", "worker died", 0
            else:
                outcome, detail, grew = "timeout", "worker did not answer", 0
            if outcome in ("timeout", "memory") or not proc.is_alive():
                proc.kill()
                proc.join()
                start()
            if grew > args.max_rss_mb and outcome not in ("timeout", "memory"):
                outcome, detail = "memory", f"peak grew {grew} MiB ({outcome})"
            table[fmt][outcome] += 1
            if outcome not in ("ok", "rk-error"):
                head = re.match(r"^(.*? at [^:]+:\d+)", detail) if outcome == "raw" else None
                key = (fmt, outcome, head.group(1) if head else re.sub(r"\d+", "N", detail)[:90])
                bugs[key].append(f"{i} {mutation}")
                if args.keep:
                    keep = args.keep / f"case{i}-{fmt}-{outcome}"
                    keep.mkdir(parents=True, exist_ok=True)
                    shutil.copy(path, keep / Path(name).name)
                    (keep / "detail.txt").write_text(f"{mutation}\n{detail}\n", encoding="utf-8")
            shutil.rmtree(tmp / f"case{i}")
        conn.send(None)
        proc.join(5)
        outcomes = ["ok", "rk-error", "rk-unnamed", "raw", "invariant", "timeout", "memory"]
        print(f"seed {args.seed}, {len(cases)} cases, {time.monotonic() - t0:.0f} s")
        print(f"{'format':14}" + "".join(f"{o:>11}" for o in outcomes))
        for fmt in sorted(table):
            print(f"{fmt:14}" + "".join(f"{table[fmt][o]:>11}" for o in outcomes))
        total = collections.Counter()
        for c in table.values():
            total.update(c)
        print(f"{'all':14}" + "".join(f"{total[o]:>11}" for o in outcomes))
        print(f"\n{len(bugs)} distinct bug classes")
        for (fmt, outcome, detail), examples in sorted(bugs.items()):
            print(f"- {fmt} {outcome} x{len(examples)}: {detail}\n    e.g. cases {', '.join(examples[:4])}")
        return 1 if bugs else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

"""A seeded mutator runs the REFI reader over a few hundred damaged files: a clear error or a read, never a traceback."""

from __future__ import annotations

import random
import re
import warnings
import zipfile
from pathlib import Path

import pytest

from researchkit.errors import ResearchkitError
from researchkit.project import Project
from researchkit.refi import read_qdc, read_qdpx, write_qdc
from researchkit.transcripts import Transcript

_NUMBERS = ["-1", "0", "99999999999999999999999999", "1e5", "", "NaN", "12abc", str(2**63), "-9223372036854775809"]


def _mutate(data: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(6)
    if kind == 0:  # flip bytes
        out = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if kind == 1:  # cut the file
        return data[: rng.randrange(len(data))]
    if kind == 2:  # drop a slice
        a = rng.randrange(len(data))
        return data[:a] + data[a + rng.randint(1, 200):]
    if kind == 3:  # repeat a slice (duplicate elements, broken nesting)
        a = rng.randrange(len(data))
        b = min(len(data), a + rng.randint(1, 400))
        return data[:b] + data[a:b] + data[b:]
    spots = [m.span(1) for m in re.finditer(rb'(?:Position|guid|targetGUID|creatingUser)="([^"]*)"', data)]
    if kind == 4 and spots:  # a number or reference attribute gets a hostile value
        a, b = rng.choice(spots)
        return data[:a] + rng.choice(_NUMBERS).encode() + data[b:]
    text = data.decode("utf-8", "replace")  # re-encode as UTF-16 (with or without BOM)
    return text.encode(rng.choice(["utf-16", "utf-16-le", "utf-8-sig"]))


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz")
    p = Project.create(tmp / "p.rkp", user="anna")
    p.add_documents([Transcript("R01", "I: Waar?\nR: In de haven 🚤 van Urk.\r\nI: En?\nR: Niets.", attributes={"port": "Urk", "n": 3}),
                     Transcript("R02", "R: kort")])
    p.set_codebook({"codes": [{"id": "HAV", "name": "Havens", "children": [{"id": "HAV.URK", "name": "Urk"}]}]})
    p.code("R01", quote="haven 🚤 van Urk", code="HAV.URK", coder="anna", memo="let op")
    p.code("R02", quote="kort", code="HAV", coder="bob")
    p.memo("Projectmemo", author="anna")
    p.memo("Codememo", code="HAV", author="anna")
    p.export_qdpx(tmp / "seed.qdpx")
    p.export_qdpx(tmp / "nvivo.qdpx", target="nvivo")
    write_qdc(p.codebook(), tmp / "seed.qdc")
    return tmp


@pytest.mark.parametrize("seed_name", ["seed.qdpx", "nvivo.qdpx"])
def test_mutated_projects_give_a_read_or_a_clear_error(seeds, seed_name, tmp_path):
    rng = random.Random(20)
    with zipfile.ZipFile(seeds / seed_name) as z:
        members = {n: z.read(n) for n in z.namelist()}
    outcomes = {"read": 0, "error": 0}
    for i in range(150):
        mutated = dict(members)
        target = rng.choice(["project.qde"] * 4 + sorted(members))
        mutated[target] = _mutate(members[target], rng)
        path = tmp_path / f"m{i}.qdpx"
        with zipfile.ZipFile(path, "w") as z:
            for name, data in mutated.items():
                z.writestr(name, data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                ex = read_qdpx(path)
            except ResearchkitError:
                outcomes["error"] += 1
                continue
        outcomes["read"] += 1
        for t in ex.corpus:  # whatever was read is consistent: every coding quotes its passage
            rows = ex.codings[ex.codings["doc_id"] == t.doc_id]
            assert all(t.text[r.start:r.end] == r.text for r in rows.itertuples())
    assert outcomes["read"] > 10 and outcomes["error"] > 10, outcomes


def test_mutated_codebooks_give_a_read_or_a_clear_error(seeds, tmp_path):
    rng = random.Random(21)
    data = (seeds / "seed.qdc").read_bytes()
    for i in range(150):
        path = tmp_path / f"m{i}.qdc"
        path.write_bytes(_mutate(data, rng))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                read_qdc(path)
            except ResearchkitError:
                pass

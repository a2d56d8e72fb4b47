"""Hostile and broken REFI-QDA input, and exports that must not lose codings (issue 21.6, 21.8, 21.10, 21.11)."""

from __future__ import annotations

import hashlib
import re
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from researchkit.cli import main
from researchkit.codebook import Codebook
from researchkit.errors import ExchangeError, ExchangeWarning
from researchkit.project import Project
from researchkit.refi import Exchange, read_qdc, read_qdpx
from researchkit.refi.writer import qdpx_bytes
from researchkit.transcripts import Corpus, Transcript

G = "00000000-0000-4000-8000-0000000000{:02d}".format


def _qdpx(path: Path, qde: str | bytes, sources: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        for name, data in (sources or {}).items():
            z.writestr(f"sources/{name}", data)
    return path


def test_export_without_a_codebook_defines_the_codes_so_no_coding_is_lost(tmp_path, capsys):
    p = Project.create(tmp_path / "p.rkp", user="anna")
    text = "R: de haven van Harlingen en de vis"
    p.add_documents(Transcript("R01", text))
    a, b = text.index("haven"), text.index("de vis")
    p.add_codings(pd.DataFrame({"doc_id": ["R01", "R01"], "start": [a, b], "end": [a + 19, b + 6], "code": ["HAV", "VIS.kabeljauw"],
                                "source": ["manual", "manual"]}), coder="anna")
    p.close()
    assert main(["export", "--qdpx", str(tmp_path / "p.qdpx"), "-p", str(tmp_path / "p.rkp")]) == 0
    assert "2 code(s) used by codings but the project has no codebook" in capsys.readouterr().out
    assert main(["import", str(tmp_path / "p.qdpx"), "-p", str(tmp_path / "b.rkp")]) == 0
    b = Project.open(tmp_path / "b.rkp")
    assert sorted(zip(b.codings()["code"], b.codings()["text"])) == [("HAV", "haven van Harlingen"), ("VIS.kabeljauw", "de vis")]
    assert [c.id for c in b.codebook().walk()] == ["HAV", "VIS.kabeljauw"]


def test_codes_that_cannot_be_defined_are_refused(tmp_path):
    codings = pd.DataFrame({"doc_id": ["R01"], "start": [0], "end": [2], "code": ["no spaces allowed"], "coder": ["anna"],
                            "id": [G(1)], "text": ["ja"]})
    from researchkit.refi import write_qdpx

    with pytest.raises(ExchangeError, match="RK608.*no spaces allowed"):
        write_qdpx(Exchange("p", Corpus([Transcript("R01", "ja")]), None, codings), tmp_path / "x.qdpx")
    assert not list(tmp_path.iterdir())


def _huge_offset_qdpx(tmp_path: Path) -> Path:
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes><Code guid="{G(10)}" name="A" isCodable="true"/>'
           f'</Codes></CodeBook><Sources><TextSource guid="{G(20)}" name="R01" plainTextPath="internal://r.txt">'
           f'<PlainTextSelection guid="{G(30)}" startPosition="0" endPosition="{10**30}"><Coding guid="{G(40)}">'
           f'<CodeRef targetGUID="{G(10)}"/></Coding></PlainTextSelection></TextSource></Sources></Project>')
    return _qdpx(tmp_path / "huge.qdpx", qde, {"r.txt": b"R: ja"})


def test_a_huge_offset_is_a_clear_error_and_leaves_no_project_behind(tmp_path, capsys):
    path = _huge_offset_qdpx(tmp_path)
    with pytest.raises(ExchangeError, match=r"RK605.*beyond any text"):
        read_qdpx(path)
    assert main(["import", str(path), "-p", str(tmp_path / "new.rkp")]) == 2
    assert "RK605" in capsys.readouterr().err
    assert not list(tmp_path.glob("new.rkp*"))
    p = Project.create(tmp_path / "old.rkp")
    p.add_documents(Transcript("R09", "R: al hier"))
    with pytest.raises(ExchangeError, match="RK605"):
        p.import_qdpx(path)
    assert p.documents()["doc_id"].tolist() == ["R09"]  # nothing half-imported


def _nested(depth: int) -> str:
    codes = "".join(f'<Code guid="{G(0)[:-8]}{i:08d}" name="c{i}" isCodable="true">' for i in range(depth)) + "</Code>" * depth
    return codes


def test_a_code_tree_nested_200_deep_is_refused_without_a_traceback(tmp_path):
    qde = f'<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>{_nested(200)}</Codes></CodeBook></Project>'
    with pytest.raises(ExchangeError, match="RK607.*more than 30 levels"):
        read_qdpx(_qdpx(tmp_path / "deep.qdpx", qde))
    (tmp_path / "deep.qdc").write_text(f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{_nested(200)}</Codes></CodeBook>')
    with pytest.raises(ExchangeError, match="RK607"):
        read_qdc(tmp_path / "deep.qdc")
    path_name = "::".join(f"p{i}" for i in range(150))  # levels written into one name count too
    (tmp_path / "path.qdc").write_text(f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="{G(1)}" '
                                       f'name="{path_name}" isCodable="true"/></Codes></CodeBook>')
    with pytest.raises(ExchangeError, match="RK607"):
        read_qdc(tmp_path / "path.qdc")


def test_a_code_tree_30_deep_still_reads(tmp_path):
    # 30 levels is the codebook's own limit (RK241); deeper trees get RK607 here
    (tmp_path / "ok.qdc").write_text(f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{_nested(30)}</Codes></CodeBook>')
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ExchangeWarning)
        book = read_qdc(tmp_path / "ok.qdc")
    assert max(c.level for c in book.walk()) in (29, 30) and len(book) == 30


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_doctype_after_a_long_comment_is_refused_in_any_encoding(tmp_path, encoding):
    xml = (f'<?xml version="1.0" encoding="{encoding.upper()}"?><!--{"x" * 6000}-->'
           '<!DOCTYPE Project [<!ENTITY e "Ingevoegd">]>'
           f'<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes><Code guid="{G(1)}" name="&e;" isCodable="true"/>'
           '</Codes></CodeBook></Project>')
    path = _qdpx(tmp_path / "dtd.qdpx", xml.encode(encoding))
    with pytest.raises(ExchangeError, match="RK602.*DOCTYPE"):
        read_qdpx(path)
    assert main(["import", str(path), "-p", str(tmp_path / "x.rkp")]) == 2
    assert not (tmp_path / "x.rkp").exists()


def _pinned_exchange() -> Exchange:
    text = "I: Waar ligt de boot?\nR: In de haven van Lauwersoog, naast café 🚤 De Vis & <Zee> \"x\"."
    corpus = Corpus([Transcript("R01", text, attributes={"port": "Lauwersoog", "years": 12, "share": 0.5, "police": True}),
                     Transcript("R02", "R: tab\there\nnog een regel", attributes={"port": "Urk", "years": None})])
    rows = []
    for i, (doc, quote, code, coder) in enumerate([("R01", "haven van Lauwersoog", "HAV", "anna"), ("R01", "café 🚤", "HAV.SUB", "bob"),
                                                    ("R02", "tab\there", "HAV", "anna")]):
        source = text if doc == "R01" else corpus["R02"].text
        s = source.index(quote)
        rows.append({"doc_id": doc, "start": s, "end": s + len(quote), "code": code, "coder": coder, "source": "manual", "text": quote,
                     "id": f"0f0f0f0f-0000-4000-8000-00000000000{i}", "created": "2026-11-27T10:00:00.000000Z",
                     "memo": "memo\nmet regel & <x>" if i == 0 else None, "unit": None, "rule_id": "r1" if i == 1 else None,
                     "evidence": None, "confidence": 0.5 if i == 1 else float("nan"), "origin": None})
    cb = Codebook.from_dict({"codes": [{"id": "HAV", "name": "Havens", "color": "#1F77B4", "description": "Def & <x>",
                                        "examples": ["Voorbeeld"], "children": [{"id": "HAV.SUB", "name": "Sub"}]}]})
    return Exchange("demo & co", corpus, cb, pd.DataFrame(rows), {"anna": "7F1C9E1A-0A31-4C55-9D38-2B0B5B6E9A01"},
                    doc_guids={"R01": "aaaaaaaa-0000-4000-8000-000000000001"}, created="2026-01-01T00:00:00Z",
                    description="Beschrijving")


def test_the_streamed_export_gives_the_bytes_the_tree_based_writer_gave():
    """Pinned: the sha256 of project.qde and extension.json as the lxml-tree writer wrote them (version masked)."""
    z = zipfile.ZipFile(__import__("io").BytesIO(qdpx_bytes(_pinned_exchange())))
    qde = re.sub(rb'researchkit \d[^"]*"', b'researchkit VERSION"', z.read("project.qde"))
    ext = re.sub(rb'"researchkit":"[^"]*"', b'"researchkit":"VERSION"', z.read("researchkit/extension.json"))
    assert hashlib.sha256(qde).hexdigest() == "a904342e86987440182b2db57c44ed4fcbf0d1241b840d57237be893f4e05f0c"
    assert hashlib.sha256(ext).hexdigest() == "50f3368a9d907745f4b129c7928798cb15a97e3e51486e01d0174fdbdc5a0644"

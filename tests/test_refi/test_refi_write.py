"""Writing .qdc and .qdpx: valid against the shipped schemas (checked with lxml), deterministic, lossless."""

from __future__ import annotations

import doctest
import importlib
import inspect
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import researchkit
from researchkit.cli import main
from researchkit.codebook import Codebook
from researchkit.errors import ExchangeError
from researchkit.refi import Exchange, read_qdc, read_qdpx, write_qdc, write_qdpx
from researchkit.refi.validate import SCHEMA_DIR
from researchkit.transcripts import Corpus, Transcript

ROOT = Path(__file__).resolve().parents[2]
HAVENS = ROOT / "codebook" / "havens.yaml"


def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / name)))


def test_the_shipped_schemas_and_their_licence_note_are_in_the_package():
    assert (SCHEMA_DIR / "NOTICE.md").read_text(encoding="utf-8").count("MIT") >= 1
    assert _schema("Project.xsd") and _schema("Codebook.xsd")


def test_qdc_of_the_study_codebook_is_valid_and_round_trips(tmp_path):
    cb = Codebook.load(HAVENS)
    path = write_qdc(cb, tmp_path / "havens.qdc")
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    schema = _schema("Codebook.xsd")
    assert schema.validate(etree.fromstring(data)), schema.error_log
    back = read_qdc(path)
    colors = cb.colors()  # every code travels with the colour researchkit shows (own or derived)
    original = [(c.name, colors[c.id], c.level, c.description, tuple(c.examples)) for c in cb.walk()]
    again = [(c.name, c.color, c.level, c.description, tuple(c.examples)) for c in back.walk()]
    assert again == original
    include = [c.extra.get("_include_list", c.include) for c in cb.walk()]
    assert [c.extra.get("_include_list", c.include) for c in back.walk()] == [
        (list(v) if isinstance(v, (list, tuple)) else ([v] if v else "")) or "" for v in include]
    # the same codebook gives the same bytes, and GUIDs do not change between exports
    assert write_qdc(cb, tmp_path / "again.qdc").read_bytes() == data


def test_qdpx_of_an_exchange_is_valid_deterministic_and_reads_back(tmp_path):
    text = "I: Waar ligt de boot?\nR: In de haven van Lauwersoog, naast café 🚤 De Vis."
    corpus = Corpus([Transcript("R01", text, attributes={"port": "Lauwersoog", "years": 12, "share": 0.5, "police": True})])
    import pandas as pd

    start = text.index("haven van Lauwersoog")
    codings = pd.DataFrame({"doc_id": ["R01"], "start": [start], "end": [start + 20], "code": ["HAV"], "coder": ["anna"],
                            "source": ["manual"], "text": ["haven van Lauwersoog"], "id": ["0f0f0f0f-0000-4000-8000-000000000001"],
                            "created": ["2026-11-27T10:00:00.000000Z"], "memo": [None], "unit": [None], "rule_id": [None],
                            "evidence": [None], "confidence": [None], "origin": [None]})
    cb = Codebook.from_dict({"codes": [{"id": "HAV", "name": "Havens"}]})
    ex = Exchange("demo", corpus, cb, codings)
    write_qdpx(ex, tmp_path / "a.qdpx")
    write_qdpx(ex, tmp_path / "b.qdpx")
    assert (tmp_path / "a.qdpx").read_bytes() == (tmp_path / "b.qdpx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.qdpx") as z:
        root = etree.fromstring(z.read("project.qde"))
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in z.infolist())
    assert _schema("Project.xsd").validate(root)
    ns = {"q": "urn:QDA-XML:project:1.0"}
    types = {v.get("name"): v.get("typeOfVariable") for v in root.iterfind(".//q:Variable", ns)}
    assert types == {"police": "Boolean", "port": "Text", "share": "Float", "years": "Integer"}
    sel = root.find(".//q:PlainTextSelection", ns)
    assert (int(sel.get("startPosition")), int(sel.get("endPosition"))) == (start, start + 20)  # code points
    back = read_qdpx(tmp_path / "a.qdpx")
    assert back.corpus["R01"].attributes == corpus["R01"].attributes
    assert back.codings["text"].tolist() == ["haven van Lauwersoog"]


def test_writing_refuses_what_it_cannot_write(tmp_path):
    with pytest.raises(ExchangeError, match="RK606.*no codes"):
        write_qdc(None, tmp_path / "x.qdc")
    with pytest.raises(ExchangeError, match="RK606.*cannot export a str"):
        write_qdpx("not a project", tmp_path / "x.qdpx")
    assert not (tmp_path / "x.qdpx").exists() and not list(tmp_path.iterdir())


def test_cli_export_and_import(tmp_path, capsys):
    from researchkit.project import Project

    p = Project.create(tmp_path / "a.rkp")
    p.add_documents(Transcript("R01", "R: de haven van Harlingen"))
    p.set_codebook(HAVENS)
    p.code("R01", quote="haven van Harlingen", code="HAV.HAR", coder="anna")
    p.close()
    assert main(["export", "--qdpx", str(tmp_path / "a.qdpx"), "--qdc", str(tmp_path / "a.qdc"), "-p", str(tmp_path / "a.rkp")]) == 0
    out = capsys.readouterr().out
    assert "1 documents, 77 codes, 1 codings" in out and (tmp_path / "a.qdc").exists()
    assert main(["import", str(tmp_path / "a.qdpx"), "--project", str(tmp_path / "b.rkp")]) == 0
    assert "imported into" in capsys.readouterr().out
    b = Project.open(tmp_path / "b.rkp")
    assert b.codings()["text"].tolist() == ["haven van Harlingen"] and len(b.codebook()) == 77
    b.close()
    assert main(["import", str(tmp_path / "a.qdc"), "-p", str(tmp_path / "c.rkp")]) == 0
    assert main(["import", str(tmp_path / "a.txt"), "-p", str(tmp_path / "c.rkp")]) == 2
    assert "RK606" in capsys.readouterr().err


MODULES = ["researchkit.refi", "researchkit.refi.safety", "researchkit.refi.offsets", "researchkit.refi.codes",
           "researchkit.refi.model", "researchkit.refi.validate", "researchkit.refi.reader", "researchkit.refi.writer",
           "researchkit.cli.exchange", "researchkit.refi.targets", "researchkit.refi.memos", "researchkit.refi.qde",
           "researchkit.refi.xmlstream", "researchkit.refi.xmlread", "researchkit.refi.xmlrepair", "researchkit.refi.codetree", "researchkit.refi.sources",
           "researchkit.refi.cases", "researchkit.refi.turns"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize("name", ["read_qdc", "read_qdpx", "write_qdc", "write_qdpx"])
def test_public_functions_follow_the_api_conventions(name):
    func = getattr(researchkit.refi, name)
    doc = inspect.getdoc(func)
    assert doc and "Examples" in doc
    params = list(inspect.signature(func).parameters.values())
    data_args = 2 if name.startswith("write") else 1
    assert all(p.kind is p.KEYWORD_ONLY for p in params[data_args:]), name
    assert all(p.annotation is not p.empty for p in params), name


def _private_project(tmp_path):
    import pandas as pd

    from researchkit.project import Project

    p = Project.create(tmp_path / "p.rkp", user="anna")
    text = "I: Wie belde u?\nR: Henk Zijlstra van de Zeester belde, op 06-12345678. Daarna niets meer."
    p.add_documents(Transcript("R03", text, attributes={"port": "Harlingen", "contact": "Henk Zijlstra"}))
    p.set_codebook({"codes": [{"id": "SIG", "name": "Signalen", "examples": ["Henk Zijlstra belde om drie uur."]},
                              {"id": "INFO", "name": "Informatie"}]})
    start = text.index("Henk")
    p.add_codings(pd.DataFrame({"doc_id": ["R03", "R03"], "start": [start, text.index("Daarna")],
                                "end": [text.index("belde,") + 5, len(text)], "code": ["SIG", "INFO"],
                                "source": ["manual", "manual"], "memo": ["Zijlstra klonk zenuwachtig", None]}), coder="anna")
    p.memo("Zijlstra later nog eens bellen", document="R03", author="anna")
    return p


def test_pseudonymised_export_is_clean_and_keeps_every_coding_on_its_passage(tmp_path):
    from researchkit.privacy import KeyEntry, PrivacyKey, check_file

    key = PrivacyKey([KeyEntry("Henk Zijlstra"), KeyEntry("Zeester", kind="vessel")]).assigned()
    p = _private_project(tmp_path)
    report = p.export_qdpx(tmp_path / "shared.qdpx", key=key)
    assert any(key.checksum[:12] in w for w in report.warnings)
    assert check_file(tmp_path / "shared.qdpx", key).empty  # no key term or pattern anywhere in the archive
    with zipfile.ZipFile(tmp_path / "shared.qdpx") as z:
        blob = b"".join(z.read(n) for n in z.namelist())
    assert b"Zijlstra" not in blob and b"Zeester" not in blob and b"12345678" not in blob
    back = read_qdpx(tmp_path / "shared.qdpx")
    text = back.corpus["R03"].text
    assert text == "I: Wie belde u?\nR: [PERSOON-1] van de [SCHIP-1] belde, op [TELEFOON]. Daarna niets meer."
    rows = back.codings.sort_values("start")
    assert rows["text"].tolist() == ["[PERSOON-1] van de [SCHIP-1] belde", "Daarna niets meer."]
    assert all(text[r.start:r.end] == r.text for r in rows.itertuples())
    assert rows["memo"].tolist()[0] == "[PERSOON-1] klonk zenuwachtig"
    assert back.corpus["R03"].attributes["contact"] == "[PERSOON-1]"
    assert back.codebook["SIG"].examples == ("[PERSOON-1] belde om drie uur.",)
    assert any(t.startswith("Pseudonymised by researchkit with key " + key.checksum[:12]) for t in back.memos["text"])
    assert p.text("R03").startswith("I: Wie belde u?\nR: Henk Zijlstra")  # the project itself is untouched


def test_pseudonymised_export_refuses_what_it_cannot_hide(tmp_path, capsys):
    from researchkit.errors import PrivacyError
    from researchkit.privacy import KeyEntry, PrivacyKey

    p = _private_project(tmp_path)
    key = PrivacyKey([KeyEntry("Henk Zijlstra"), KeyEntry("anna", kind="person")]).assigned()  # a coder's name
    with pytest.raises(PrivacyError, match=r"(?s)RK650.*nothing was written.*anna"):
        p.export_qdpx(tmp_path / "shared.qdpx", key=key)
    assert not (tmp_path / "shared.qdpx").exists() and not list(tmp_path.glob(".shared*"))
    report = p.export_qdpx(tmp_path / "shared.qdpx", key=key, allow_unpseudonymised=True)
    assert (tmp_path / "shared.qdpx").exists() and any("allow_unpseudonymised" in w for w in report.warnings)
    p.close()
    (tmp_path / "key.yaml").write_text("entries:\n- term: Henk Zijlstra\n- term: Zeester\n  kind: vessel\n", encoding="utf-8")
    args = ["export", "--qdpx", str(tmp_path / "cli.qdpx"), "--privacy-key", str(tmp_path / "key.yaml"), "-p", str(tmp_path / "p.rkp")]
    assert main(args) == 0 and "Pseudonymised by researchkit" in capsys.readouterr().out
    assert main(args[:-2] + ["--patterns", "fone", "-p", str(tmp_path / "p.rkp")]) == 2
    assert "RK575" in capsys.readouterr().err


def test_not_codable_codes_and_percent_encoded_source_paths(tmp_path):
    import warnings

    from researchkit.errors import ExchangeWarning

    qde = ('<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>'
           '<Code guid="11111111-1111-4111-8111-111111111111" name="Thema" isCodable="false">'
           '<Code guid="11111111-1111-4111-8111-111111111112" name="Sub" isCodable="true"/></Code></Codes></CodeBook>'
           '<Sources><TextSource guid="22222222-2222-4222-8222-222222222222" name="Mijn interview" '
           'plainTextPath="internal://Mijn%20interview.txt"/></Sources></Project>')
    with zipfile.ZipFile(tmp_path / "a.qdpx", "w") as z:
        z.writestr("project.qde", qde)
        z.writestr("sources/Mijn interview.txt", "R: ja")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ExchangeWarning)
        ex = read_qdpx(tmp_path / "a.qdpx")
    assert ex.corpus["Mijn interview"].text == "R: ja"
    assert ex.codebook["Thema"].extra["x_refi_codable"] is False
    write_qdpx(ex, tmp_path / "b.qdpx")
    with zipfile.ZipFile(tmp_path / "b.qdpx") as z:
        root = etree.fromstring(z.read("project.qde"))
    codable = {c.get("name"): c.get("isCodable") for c in root.iter("{urn:QDA-XML:project:1.0}Code")}
    assert codable == {"Thema": "false", "Sub": "true"}

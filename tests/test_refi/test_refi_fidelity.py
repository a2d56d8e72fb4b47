"""REFI-QDA fidelity with other programs (issue 20): who coded what, code paths, notes,
memos where each program reads them, offsets as the target counts them, qc's line names.

Every fixture is written here, reproducing what the real exports do: NVivo for Windows
(one user on every ``<Coding>``, the coder on the selection), ATLAS.ti (``A::B`` beside a
real ``A``), notes with names and descriptions, and a project with memos of all four kinds.
"""

from __future__ import annotations

import importlib.util
import re
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree

from researchkit.cli import main
from researchkit.errors import ExchangeError, ExchangeWarning
from researchkit.project import Project
from researchkit.refi import read_qdpx, write_qdpx
from researchkit.transcripts import Transcript

NS = {"q": "urn:QDA-XML:project:1.0"}
_spec = importlib.util.spec_from_file_location("qualcoder_rules", Path(__file__).with_name("qualcoder_rules.py"))
qualcoder_rules = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(qualcoder_rules)


def _qdpx(path: Path, qde: str, sources: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        for name, data in sources.items():
            z.writestr(f"sources/{name}", data)
    return path


def _read(path: Path, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ExchangeWarning)
        return read_qdpx(path, **kwargs)


G = "00000000-0000-4000-8000-0000000000{:02d}".format
TEXT = "Anna zegt: de haven is vol.\nBob zegt: de vis is duur.\nCarla zegt: niets."


def _selection(n: int, passage: str, sel_user: str, coding_user: str, code: str, when: str) -> str:
    start = TEXT.index(passage)
    return (f'<PlainTextSelection guid="{G(50 + n)}" startPosition="{start}" endPosition="{start + len(passage)}" '
            f'creatingUser="{sel_user}" creationDateTime="2024-0{n + 1}-01T10:00:00Z">'
            f'<Coding guid="{G(70 + n)}" creatingUser="{coding_user}" creationDateTime="{when}"><CodeRef targetGUID="{code}"/></Coding>'
            '</PlainTextSelection>')


def _nvivo_windows(tmp_path: Path, *, uniform: bool, same_time: bool = True) -> Path:
    users = f'<Users><User guid="{G(1)}" name="exporter"/><User guid="{G(2)}" name="anna"/><User guid="{G(3)}" name="bob"/></Users>'
    codes = f'<CodeBook><Codes><Code guid="{G(10)}" name="Haven" isCodable="true"/></Codes></CodeBook>'
    picks = [("de haven is vol", G(2)), ("de vis is duur", G(3)), ("niets", G(2))]
    sels = "".join(_selection(n, p, u, G(1) if uniform else u, G(10), "2025-05-05T05:05:05Z" if uniform and same_time else f"2024-0{n + 1}-01T10:00:00Z")
                   for n, (p, u) in enumerate(picks))
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="NVivo 14.23.2 (Windows)">{users}{codes}<Sources>'
           f'<TextSource guid="{G(20)}" name="R01" plainTextPath="internal://r01.txt">{sels}</TextSource></Sources></Project>')
    return _qdpx(tmp_path / f"nvivo-{uniform}-{same_time}.qdpx", qde, {"r01.txt": TEXT.encode("utf-8")})


def test_nvivo_windows_uniform_coding_user_credits_the_selections_user(tmp_path):
    ex = _read(_nvivo_windows(tmp_path, uniform=True))
    got = sorted(zip(ex.codings["text"], ex.codings["coder"], ex.codings["created"]))
    assert got == [("de haven is vol", "anna", "2024-01-01T10:00:00Z"), ("de vis is duur", "bob", "2024-02-01T10:00:00Z"),
                   ("niets", "anna", "2024-03-01T10:00:00Z")]
    assert "exporter" not in set(ex.codings["coder"])
    assert "PlainTextSelection" in ex.report.attribution and "exporter" in ex.report.attribution
    assert ex.report.attribution in str(ex.report)


def test_coding_level_users_are_used_when_they_differ(tmp_path):
    ex = _read(_nvivo_windows(tmp_path, uniform=False))
    assert sorted(ex.codings["coder"]) == ["anna", "anna", "bob"]
    assert ex.report.attribution.startswith("coders from each <Coding>")
    # one user coding at different times quotations that others made (ATLAS.ti): that user coded them
    ex = _read(_nvivo_windows(tmp_path, uniform=True, same_time=False))
    assert set(ex.codings["coder"]) == {"exporter"} and ex.report.attribution.startswith("coders from each <Coding>")


def test_atlas_paths_attach_to_the_existing_code(tmp_path):
    codes = (f'<Code guid="{G(11)}" name="Coke::diet Coke" isCodable="true"/>'
             f'<Code guid="{G(12)}" name="Coke" isCodable="true"><Description>Cola</Description></Code>'
             f'<Code guid="{G(13)}" name="Pepsi::max" isCodable="true"/>')
    sel = _selection(0, "de vis is duur", G(2), G(2), G(11), "2024-01-01T10:00:00Z")
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="ATLAS.ti 23"><Users><User guid="{G(2)}" name="anna"/></Users>'
           f'<CodeBook><Codes>{codes}</Codes></CodeBook><Sources><TextSource guid="{G(20)}" name="R01" '
           f'plainTextPath="internal://r01.txt">{sel}</TextSource></Sources></Project>')
    ex = _read(_qdpx(tmp_path / "atlas.qdpx", qde, {"r01.txt": TEXT.encode("utf-8")}))
    tree = [(c.id, c.name, c.parent) for c in ex.codebook.walk()]
    assert tree == [("Coke", "Coke", None), ("diet_Coke", "diet Coke", "Coke"), ("Pepsi", "Pepsi", None), ("max", "max", "Pepsi")]
    assert ex.code_guids["Coke"] == G(12) and ex.codebook["Coke"].description == "Cola"  # the real Coke, not an invented one
    assert ex.codings["code"].tolist() == ["diet_Coke"]
    write_qdpx(ex, tmp_path / "back.qdpx")
    with zipfile.ZipFile(tmp_path / "back.qdpx") as z:
        names = [c.get("name") for c in etree.fromstring(z.read("project.qde")).iterfind(".//q:Code", NS)]
    assert names.count("Coke") == 1 and len(names) == 4


NOTES_QDE = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Users><User guid="{G(2)}" name="anna"/></Users>'
             f'<Sources><TextSource guid="{G(20)}" name="R01" plainTextPath="internal://r01.txt"><NoteRef targetGUID="{G(31)}"/></TextSource></Sources>'
             f'<Notes><Note guid="{G(30)}" name="Research Plan" creatingUser="{G(2)}" creationDateTime="2024-01-01T00:00:00Z">'
             '<Description>What we will ask, and why</Description><PlainTextContent>Eerst de havens.</PlainTextContent></Note>'
             f'<Note guid="{G(31)}" name="Annotation" creatingUser="{G(2)}" creationDateTime="2024-01-02T00:00:00Z">'
             '<PlainTextContent>Let op deze zin</PlainTextContent><PlainTextSelection guid="' + G(32) + '" startPosition="0" endPosition="4"/></Note>'
             f'</Notes><NoteRef targetGUID="{G(30)}"/></Project>')


def test_note_names_and_descriptions_are_kept_and_losses_listed(tmp_path):
    path = _qdpx(tmp_path / "notes.qdpx", NOTES_QDE, {"r01.txt": TEXT.encode("utf-8")})
    ex = _read(path)
    plan = ex.memos.set_index("id").loc[G(30)]
    assert (plan["name"], plan["description"], plan["text"], plan["target_type"]) == (
        "Research Plan", "What we will ask, and why", "Eerst de havens.", "project")
    assert any("note 'Annotation'" in item and "text selection" in item for item in ex.report.not_carried)
    p = Project.create(tmp_path / "p.rkp")
    p.import_qdpx(path)
    p.export_qdpx(tmp_path / "again.qdpx")
    with zipfile.ZipFile(tmp_path / "again.qdpx") as z:
        root = etree.fromstring(z.read("project.qde"))
    note = root.find(f".//q:Note[@guid='{G(30).upper()}']", NS)
    assert note.get("name") == "Research Plan"
    assert note.find("q:Description", NS).text == "What we will ask, and why"
    back = _read(tmp_path / "again.qdpx")
    assert back.memos.set_index("id").loc[G(30), "name"] == "Research Plan"


def _memo_project(tmp_path: Path) -> Project:
    p = Project.create(tmp_path / "memos.rkp", user="anna")
    p.add_documents(Transcript("R01", "I: Waar?\nR: In de haven van Harlingen, bij de vis."))
    p.set_codebook({"codes": [{"id": "HAV", "name": "Havens", "description": "Plaatsen aan het water"}]})
    p.code("R01", quote="haven van Harlingen", code="HAV", coder="anna", memo="mooi voorbeeld")
    coding = p.codings()["id"].iloc[0]
    p.memo("Projectmemo: eerst de havens", author="anna")
    p.memo("Tweede projectmemo", author="bob")
    p.memo("Documentmemo over R01", document="R01", author="anna")
    p.memo("Codememo: te breed?", code="HAV", author="anna")
    p.memo("Codeermemo: twijfel", coding=coding, author="anna")
    return p


def test_memos_of_all_four_kinds_arrive_by_qualcoders_reading_rules(tmp_path):
    p = _memo_project(tmp_path)
    p.export_qdpx(tmp_path / "qc.qdpx", target="qualcoder")
    got = qualcoder_rules.read_like_qualcoder(tmp_path / "qc.qdpx", tmp_path)
    assert "Codememo: te breed?" in got["codes"]["Havens"] and got["codes"]["Havens"].startswith("Plaatsen aan het water")
    assert "Documentmemo over R01" in got["sources"]["R01"]["memo"]
    (coding,) = got["codings"]
    assert coding["seltext"] == "haven van Harlingen" and coding["owner"] == "anna"
    assert coding["memo"].startswith("mooi voorbeeld") and "Codeermemo: twijfel" in coding["memo"]
    assert sorted(got["journals"].values()) == ["Projectmemo: eerst de havens", "Tweede projectmemo"]
    # the standard form is there too, and researchkit reads every memo back once, the definition unchanged
    back = _read(tmp_path / "qc.qdpx")
    assert sorted(back.memos["text"]) == sorted(p.memos()["text"])
    assert back.codebook["HAV"].description == "Plaatsen aan het water"
    assert back.codings["memo"].tolist() == ["mooi voorbeeld"]
    q = Project.create(tmp_path / "copy.rkp")
    q.import_qdpx(tmp_path / "qc.qdpx")
    assert sorted(map(tuple, q.memos()[["target_type", "text"]].values.tolist())) == sorted(
        map(tuple, p.memos()[["target_type", "text"]].values.tolist()))
    p.memo("Regel een\nregel twee", author="anna")  # a project memo stored as a file in NVivo's layout reads back the same
    p.export_qdpx(tmp_path / "nvivo.qdpx", target="nvivo")
    assert "Regel een\nregel twee" in set(_read(tmp_path / "nvivo.qdpx").memos["text"])


def test_nvivo_target_writes_utf16_offsets_on_crlf_text_with_emoji(tmp_path):
    text = "I: Hé 😀 waar?\nR: In de haven 🚤 van Urk.\nI: En 🐟?\nR: Die is duur."
    p = Project.create(tmp_path / "nv.rkp", user="anna")
    p.add_documents(Transcript("R01", text))
    p.set_codebook({"codes": [{"id": "HAV", "name": "Havens"}]})
    for quote in ("haven 🚤 van Urk", "Die is duur", "En 🐟?"):
        p.code("R01", quote=quote, code="HAV", coder="anna")
    report = p.export_qdpx(tmp_path / "nvivo.qdpx", target="nvivo")
    assert "UTF-16 code units, CRLF counted as 2" in str(report)
    with zipfile.ZipFile(tmp_path / "nvivo.qdpx") as z:
        root = etree.fromstring(z.read("project.qde"))
        src = root.find(".//q:TextSource", NS)
        data = z.read("sources/" + src.get("plainTextPath").split("//")[1])
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == 3
    units = data[3:].decode("utf-8").encode("utf-16-le")  # NVivo counts UTF-16 code units, the BOM not counted
    shown = sorted(units[2 * int(s.get("startPosition")):2 * int(s.get("endPosition"))].decode("utf-16-le")
                   for s in src.iterfind("q:PlainTextSelection", NS))
    assert shown == ["Die is duur", "En 🐟?", "haven 🚤 van Urk"]
    back = _read(tmp_path / "nvivo.qdpx")
    assert sorted(zip(back.codings["start"], back.codings["text"])) == sorted(zip(p.codings()["start"], p.codings()["text"]))
    assert back.corpus["R01"].text == text
    p.export_qdpx(tmp_path / "std.qdpx")  # the standard: code points in the canonical text
    with zipfile.ZipFile(tmp_path / "std.qdpx") as z:
        sel = etree.fromstring(z.read("project.qde")).find(".//q:PlainTextSelection", NS)
    assert text[int(sel.get("startPosition")):int(sel.get("endPosition"))] in ("haven 🚤 van Urk", "Die is duur", "En 🐟?")


def test_qc_target_names_selections_by_line_one_per_line(tmp_path):
    text = "I: Eerste regel\nR: tweede regel\nR: derde regel\n"
    p = Project.create(tmp_path / "qc.rkp", user="anna")
    p.add_documents(Transcript("R01", text))
    p.set_codebook({"codes": [{"id": "HAV", "name": "Havens"}]})
    p.code("R01", quote="tweede regel\nR: derde", code="HAV", coder="anna")
    p.code("R01", quote="Eerste", code="HAV", coder="anna")
    p.export_qdpx(tmp_path / "qc.qdpx", target="qc")
    with zipfile.ZipFile(tmp_path / "qc.qdpx") as z:
        root = etree.fromstring(z.read("project.qde"))
    lines = text.split("\n")
    got = []
    for sel in root.iterfind(".//q:PlainTextSelection", NS):  # qc's reader: the line from the name, else line 0
        line = int(re.match(r"line:(\d+)", sel.get("name")).group(1))
        got.append((line, text[int(sel.get("startPosition")):int(sel.get("endPosition"))].strip()))
        assert got[-1][1] in lines[line]
    assert sorted(got) == [(0, "I: Eerste"[3:]), (1, "tweede regel"), (2, "R: derde")]


def test_taguette_and_unknown_targets_are_refused(tmp_path, capsys):
    p = Project.create(tmp_path / "t.rkp")
    with pytest.raises(ExchangeError, match=r"RK606.*Taguette does not import \.qdpx"):
        p.export_qdpx(tmp_path / "t.qdpx", target="taguette")
    with pytest.raises(ExchangeError, match="RK606.*unknown target"):
        p.export_qdpx(tmp_path / "t.qdpx", target="excel")
    assert not (tmp_path / "t.qdpx").exists()
    p.close()
    assert main(["export", "--qdpx", str(tmp_path / "n.qdpx"), "--for", "nvivo", "-p", str(tmp_path / "t.rkp")]) == 0
    assert "written for NVivo" in capsys.readouterr().out


def test_a_one_byte_source_is_imported_with_a_warning(tmp_path):
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources><TextSource guid="{G(20)}" name="kort" '
           'plainTextPath="internal://k.txt"/></Sources></Project>')
    with pytest.warns(ExchangeWarning, match="kort.*1 byte"):
        ex = read_qdpx(_qdpx(tmp_path / "k.qdpx", qde, {"k.txt": b"x"}))
    assert ex.corpus["kort"].text == "x"
    assert any("1 byte" in w for w in ex.report.warnings)

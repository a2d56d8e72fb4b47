"""MAXQDA document groups and document sets (REFI-QDA ``<Sets>`` of sources) as attributes, and back.

Shape of a real MAXQDA 24.7 export (``bedingjd/paper_themes`` ``project.qde``,
``origin="MAXQDA 24 (Release 24.7.0)"``): four ``TextSource``\\s and, after ``</Sources>``,
``<Sets>`` with one ``<Set guid=… name="ICLS 2024">`` per document group holding
``<MemberSource targetGUID=…/>``\\s, each document in one group. A MAXQDA document *set*
(``Core papers`` here) is exported the same way and may hold documents of several groups.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

from lxml import etree

from researchkit.cli import main
from researchkit.project import Project
from researchkit.refi import read_qdpx, write_qdpx
from researchkit.refi.model import Exchange
from researchkit.transcripts import Corpus, Transcript

G = "C5E4C960-5296-4FDE-8C63-DEABA4E17F{:02d}".format
NS = {"q": "urn:QDA-XML:project:1.0"}
NAMES = {1: "ICLS 2024 3-10", 2: "ICLS 2024 11-18", 3: "ICLS 2025 1007-1015", 4: "ICLS 2025 101-109"}


def _maxqda(path: Path, sets: list[tuple[str, list[int]]], variables: str = "") -> Path:
    sources = "".join(f'<TextSource guid="{G(k)}" name="{name}" plainTextPath="internal://{G(k)}.txt" '
                      f'creationDateTime="2024-10-18T23:23:46Z"/>' for k, name in NAMES.items())
    body = "".join(f'<Set guid="{G(50 + i)}" name="{name}">' + "".join(f'<MemberSource targetGUID="{G(k)}"/>' for k in docs)
                   + "</Set>" for i, (name, docs) in enumerate(sets))
    qde = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" origin="MAXQDA 24 (Release 24.7.0)" '
           f'name="2025-06-16_ICLS_Conf_Themes_ALL_just10"><Users><User guid="{G(90)}" name="johnb"/></Users>'
           f'<CodeBook><Codes><Code color="#ef8256" guid="{G(80)}" name="Assessments" isCodable="true"/></Codes></CodeBook>'
           f'{variables}<Sources>{sources}</Sources><Sets>{body}</Sets></Project>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde.encode("utf-8"))
        for k in NAMES:
            z.writestr(f"Sources/{G(k)}.txt", f"Paper {k}: learners in the makerspace.\r\nThe teachers noticed.\r\n".encode("utf-8"))
    return path


def _read(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_qdpx(path)


def _sets(path: Path) -> dict[str, list[str]]:
    """Set name -> names of its member sources (sorted), read from the written ``project.qde``."""
    with zipfile.ZipFile(path) as z:
        name = next(n for n in z.namelist() if n.endswith(".qde"))
        root = etree.fromstring(z.read(name))
    names = {s.get("guid"): s.get("name") for s in root.iterfind(".//q:TextSource", NS)}
    return {s.get("name"): sorted(names[m.get("targetGUID")] for m in s.iterfind("q:MemberSource", NS))
            for s in root.iterfind("q:Sets/q:Set", NS)}


GROUPS = [("ICLS 2024", [1, 2]), ("ICLS 2025", [3, 4])]


def test_maxqda_document_groups_become_the_attribute_document_group(tmp_path):
    ex = _read(_maxqda(tmp_path / "m.qdpx", GROUPS))
    groups = {t.doc_id: t.attributes for t in ex.corpus}
    assert groups == {NAMES[1]: {"document_group": "ICLS 2024"}, NAMES[2]: {"document_group": "ICLS 2024"},
                      NAMES[3]: {"document_group": "ICLS 2025"}, NAMES[4]: {"document_group": "ICLS 2025"}}
    assert not ex.report.not_carried
    assert any("set 'ICLS 2024' read as attribute document_group = 'ICLS 2024' of 2 document(s)" in w for w in ex.report.warnings)


def test_document_groups_go_back_as_sets_and_a_round_trip_through_a_project_keeps_them(tmp_path, capsys):
    assert main(["import", str(_maxqda(tmp_path / "m.qdpx", GROUPS)), "--project", str(tmp_path / "p.rkp")]) == 0
    with Project.open(tmp_path / "p.rkp") as project:
        stored = project.corpus().attributes["document_group"]
    assert stored.to_dict() == {NAMES[1]: "ICLS 2024", NAMES[2]: "ICLS 2024", NAMES[3]: "ICLS 2025", NAMES[4]: "ICLS 2025"}
    assert main(["export", "--qdpx", str(tmp_path / "out.qdpx"), "--for", "maxqda", "-p", str(tmp_path / "p.rkp")]) == 0
    assert _sets(tmp_path / "out.qdpx") == {"ICLS 2024": sorted([NAMES[1], NAMES[2]]), "ICLS 2025": sorted([NAMES[3], NAMES[4]])}
    back = _read(tmp_path / "out.qdpx")
    assert {t.doc_id: t.attributes for t in back.corpus} == {d: {"document_group": g} for d, g in stored.items()}
    assert not back.report.not_carried
    capsys.readouterr()


def test_a_document_in_a_group_and_a_set_keeps_every_membership_as_yes_no_attributes(tmp_path):
    sets = GROUPS + [("Core papers", [2, 3])]
    ex = _read(_maxqda(tmp_path / "m.qdpx", sets))
    attrs = {t.doc_id: t.attributes for t in ex.corpus}
    assert attrs[NAMES[2]] == {"set: ICLS 2024": True, "set: Core papers": True}
    assert attrs[NAMES[3]] == {"set: ICLS 2025": True, "set: Core papers": True}
    assert attrs[NAMES[4]] == {"set: ICLS 2025": True}
    assert any("read as yes/no attribute 'set: Core papers'" in w and "a document is in 2 of them" in w
               for w in ex.report.warnings)
    # written back as the same three sets, read back the same
    out = Path(write_qdpx(ex, tmp_path / "out.qdpx").path)
    assert _sets(out) == {"Core papers": sorted([NAMES[2], NAMES[3]]), "ICLS 2024": sorted([NAMES[1], NAMES[2]]),
                          "ICLS 2025": sorted([NAMES[3], NAMES[4]])}
    assert {t.doc_id: t.attributes for t in _read(out).corpus} == attrs


def test_a_group_that_contradicts_a_document_group_variable_does_not_overwrite_it(tmp_path):
    variables = f'<Variables><Variable guid="{G(70)}" name="document_group" typeOfVariable="Text"/></Variables>'
    path = _maxqda(tmp_path / "m.qdpx", GROUPS, variables)
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    files["project.qde"] = files["project.qde"].replace(
        f'name="{NAMES[1]}" plainTextPath="internal://{G(1)}.txt" creationDateTime="2024-10-18T23:23:46Z"/>'.encode(),
        f'name="{NAMES[1]}" plainTextPath="internal://{G(1)}.txt" creationDateTime="2024-10-18T23:23:46Z"><VariableValue>'
        f'<VariableRef targetGUID="{G(70)}"/><TextValue>pilot</TextValue></VariableValue></TextSource>'.encode())
    with zipfile.ZipFile(path, "w") as z:
        for n, data in files.items():
            z.writestr(n, data)
    ex = _read(path)
    attrs = {t.doc_id: t.attributes for t in ex.corpus}
    assert attrs[NAMES[1]] == {"document_group": "pilot", "set: ICLS 2024": True}  # the variable kept, the group too
    assert attrs[NAMES[3]] == {"set: ICLS 2025": True}


def test_a_project_with_document_group_attributes_exports_sets_deterministically(tmp_path):
    corpus = Corpus([Transcript("int_1", "Een.", attributes={"document_group": "Haven", "set: pilot": True}),
                     Transcript("int_2", "Twee.", attributes={"document_group": "Douane", "set: pilot": False}),
                     Transcript("int_3", "Drie.", attributes={"document_group": "Haven"})])
    ex = Exchange(corpus=corpus, name="study")
    first = Path(write_qdpx(ex, tmp_path / "a.qdpx").path).read_bytes()
    assert Path(write_qdpx(ex, tmp_path / "b.qdpx").path).read_bytes() == first
    assert _sets(tmp_path / "a.qdpx") == {"Douane": ["int_2"], "Haven": ["int_1", "int_3"], "pilot": ["int_1"]}

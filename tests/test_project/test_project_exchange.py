"""REFI-QDA round trips through a project, on every backend: project -> .qdpx -> project is identical.

Also: a file edited in another program and imported again matches entities by GUID
(renamed document, new code, new and moved codings, new memo), in one transaction.
"""

from __future__ import annotations

import io
import json
import warnings
import zipfile

import pandas as pd
import pytest
from project_fixtures import TEXT_R01

from researchkit.errors import ExchangeWarning
from researchkit.project import Project


def _populate(p: Project) -> None:
    t = TEXT_R01
    p.add_codings(
        pd.DataFrame({"doc_id": ["R01", "R01"], "start": [t.index("boten"), t.index("douane")],
                      "end": [t.index("boten") + 5, t.index("douane") + 6], "code": ["SIG.boot", "DOU"],
                      "source": ["model", "model"], "confidence": [0.8125, 0.1], "evidence": ["boten", None]}),
        coder="model:nb",
    )
    row = p.code("R02", quote="goed samen", code="SAM", coder="bert", memo="met \"aanhalingstekens\",\nen een nieuwe regel")
    p.code("R01", quote="haven van Harlingen", code="HAV", coder="anna")
    p.memo("Projectmemo", author="anna")
    p.memo("Over R01", document="R01", author="anna")
    p.memo("Over de code", code="SAM", author="bert")
    p.memo("Over deze codering", coding=row["id"].item(), author="bert")


def _state(p: Project) -> dict:
    docs = p.documents().drop(columns=["created", "updated"])
    return {
        "documents": docs,
        "codings": p.codings(),
        "codes": p.codes().drop(columns=["codebook_id"]),
        "codebook": p.codebook().to_dict(),
        "memos": p.memos(),
        "coders": p.coders().drop(columns=["created"]),
        "corpus": [(t.doc_id, t.text, t.turns, t.attributes, t.source) for t in p.corpus()],
    }


def _assert_same(a: dict, b: dict) -> None:
    for key in a:
        if isinstance(a[key], pd.DataFrame):
            pd.testing.assert_frame_equal(a[key], b[key], obj=key)
        else:
            assert a[key] == b[key], key


def test_round_trip_from_this_backend(filled, tmp_path):
    _populate(filled)
    path = tmp_path / "study.qdpx"
    report = filled.export_qdpx(path)
    assert report.counts == {"documents": 2, "codes": 5, "codings": 4, "coders": 3, "memos": 4}
    copy = Project.create(tmp_path / "copy.rkp", user="tester")
    copy.import_qdpx(path)
    _assert_same(_state(filled), _state(copy))
    # exporting the copy gives the same file (stable GUIDs, deterministic archive); only the
    # creation time of the project differs: the copy is a new project
    copy.export_qdpx(tmp_path / "again.qdpx")
    first, again = _members(path), _members(tmp_path / "again.qdpx")
    assert first.keys() == again.keys()
    for name in first:
        assert first[name] == again[name], name
    assert filled.export_qdpx(tmp_path / "twice.qdpx") and (tmp_path / "twice.qdpx").read_bytes() == path.read_bytes()


def _members(path) -> dict:
    """Archive members, with the project's creation time blanked."""
    import re

    with zipfile.ZipFile(path) as z:
        out = {n: z.read(n) for n in z.namelist()}
    out["project.qde"] = re.sub(rb' creationDateTime="[^"]*"', b"", out["project.qde"], count=1)
    ext = json.loads(out["researchkit/extension.json"])
    ext.pop("created")
    out["researchkit/extension.json"] = ext
    return out


def test_round_trip_into_this_backend(project, tmp_path, corpus):
    from project_fixtures import CODEBOOK

    source = Project.create(tmp_path / "source.rkp", user="tester")
    source.add_documents(corpus)
    source.set_codebook(CODEBOOK)
    _populate(source)
    source.export_qdpx(tmp_path / "s.qdpx")
    project.import_qdpx(tmp_path / "s.qdpx")
    _assert_same(_state(source), _state(project))


def test_round_trip_without_the_researchkit_extension_keeps_the_core(filled, tmp_path):
    """What another program that drops unknown archive members would give back."""
    _populate(filled)
    filled.export_qdpx(tmp_path / "full.qdpx")
    stripped = tmp_path / "stripped.qdpx"
    with zipfile.ZipFile(tmp_path / "full.qdpx") as src, zipfile.ZipFile(stripped, "w") as dst:
        for name in src.namelist():
            if not name.startswith("researchkit/"):
                dst.writestr(name, src.read(name))
    copy = Project.create(tmp_path / "copy.rkp", user="tester")
    copy.import_qdpx(stripped)
    a, b = filled.codings(), copy.codings()
    cols = ["doc_id", "start", "end", "coder", "text", "id", "created", "memo"]
    pd.testing.assert_frame_equal(a[cols].sort_values("id", ignore_index=True), b[cols].sort_values("id", ignore_index=True))
    colors = filled.codebook().colors()  # derived colours travel as explicit colours
    assert [(c.name, c.color) for c in copy.codebook().walk()] == [(c.name, colors[c.id]) for c in filled.codebook().walk()]
    assert [(t.doc_id, t.text, t.attributes) for t in copy.corpus()] == [(t.doc_id, t.text, t.attributes) for t in filled.corpus()]
    # turns found again from the text: same speakers, roles and starts; the ingest grammar lets
    # R01's answer run on over its unlabelled last line (the fixture's turns stop at the line end)
    for mine, theirs in zip(copy.corpus(), filled.corpus()):
        assert [(u.speaker, u.role, u.start) for u in mine.turns] == [(u.speaker, u.role, u.start) for u in theirs.turns]
        assert all(a.end >= b.end for a, b in zip(mine.turns, theirs.turns))
        assert mine.text[mine.turns[-1].end - 1] == mine.text.rstrip()[-1]
    assert sorted(copy.memos()["text"]) == sorted(filled.memos()["text"])
    assert set(copy.codings()["source"]) == {"import"}


def _edit(path, out, edit) -> None:
    """Edit project.qde as another program would, which also drops researchkit's own member."""
    with zipfile.ZipFile(path) as src:
        members = {n: src.read(n) for n in src.namelist() if not n.startswith("researchkit/")}
    members["project.qde"] = edit(members["project.qde"].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(out, "w") as dst:
        for n, data in members.items():
            dst.writestr(n, data)


def test_reimport_after_editing_elsewhere_matches_entities(filled, tmp_path):
    _populate(filled)
    filled.export_qdpx(tmp_path / "out.qdpx")
    codes = filled.codes().set_index("code_id")
    sam_guid = codes.loc["SAM", "uuid"].upper()
    r01 = filled.documents().set_index("doc_id").loc["R01", "uuid"].upper()
    text = TEXT_R01
    start, end = text.index("klein"), text.index("klein") + 5

    def edit(qde: str) -> str:
        # another program: renames the document, adds a code and a coding with it, and a memo
        qde = qde.replace('name="R01" plainTextPath', 'name="Interview Harlingen" plainTextPath')
        qde = qde.replace("</Codes>", '<Code guid="0A0A0A0A-0000-4000-8000-000000000001" name="Nieuw" isCodable="true"/></Codes>')
        marker = f'plainTextPath="internal://{r01}.txt">'
        new_sel = (f'<PlainTextSelection guid="0B0B0B0B-0000-4000-8000-000000000001" startPosition="{start}" endPosition="{end}">'
                   '<Coding guid="0C0C0C0C-0000-4000-8000-000000000001"><CodeRef targetGUID="0A0A0A0A-0000-4000-8000-000000000001"/>'
                   '</Coding></PlainTextSelection>'
                   f'<PlainTextSelection guid="0B0B0B0B-0000-4000-8000-000000000002" startPosition="{start}" endPosition="{end}">'
                   f'<Coding guid="0C0C0C0C-0000-4000-8000-000000000002"><CodeRef targetGUID="{sam_guid}"/></Coding></PlainTextSelection>')
        return qde.replace(marker, marker + new_sel)

    _edit(tmp_path / "out.qdpx", tmp_path / "edited.qdpx", edit)
    before = len(filled.codings())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ExchangeWarning)
        report = filled.import_qdpx(tmp_path / "edited.qdpx")
    assert any("'Interview Harlingen' in the file is 'R01' in the project" in w for w in report.warnings)
    assert sorted(filled.documents()["doc_id"]) == ["R01", "R02"]  # matched by GUID, not duplicated
    assert "Nieuw" in filled.codebook()
    new = filled.codings()
    assert len(new) == before + 2
    added = new[new["text"] == "klein"]
    assert sorted(added["code"]) == ["Nieuw", "SAM"] and set(added["source"]) == {"import"}
    assert len(filled.memos()) == 4  # memos already there were not duplicated
    assert "import_qdpx" in filled.history()["action"].tolist()
    # importing the same file again changes nothing
    n_history = len(filled.history())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ExchangeWarning)
        filled.import_qdpx(tmp_path / "edited.qdpx")
    assert len(filled.codings()) == before + 2 and len(filled.history()) == n_history + 1


def test_export_is_valid_against_the_shipped_schema_and_names_coders(filled, tmp_path):
    from lxml import etree

    from researchkit.refi.validate import SCHEMA_DIR

    _populate(filled)
    filled.export_qdpx(tmp_path / "s.qdpx")
    with zipfile.ZipFile(tmp_path / "s.qdpx") as z:
        qde = z.read("project.qde")
        names = z.namelist()
        extension = json.loads(z.read("researchkit/extension.json"))
        sources = {n: z.read(n) for n in names if n.startswith("sources/")}
    assert not qde.startswith(b"\xef\xbb\xbf")
    schema = etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "Project.xsd")))
    root = etree.parse(io.BytesIO(qde))
    assert schema.validate(root), schema.error_log
    ns = {"q": "urn:QDA-XML:project:1.0"}
    users = {u.get("name"): u.get("guid") for u in root.iterfind(".//q:User", ns)}
    assert set(users) == {"anna", "bert", "model:nb"}
    coding_users = {c.get("creatingUser") for c in root.iterfind(".//q:Coding", ns)}
    assert coding_users == {users["anna"], users["bert"], users["model:nb"]}
    for src in root.iterfind(".//q:TextSource", ns):
        path = src.get("plainTextPath")
        assert path.startswith("internal://") and f"sources/{path[len('internal://'):]}" in sources
    assert all(b"\r" not in data for data in sources.values())
    cases = root.findall(".//q:Case", ns)
    assert [c.get("name") for c in cases] == ["R01", "R02"]
    assert {v.get("name"): v.get("typeOfVariable") for v in root.iterfind(".//q:Variable", ns)} == {"group": "Text", "port": "Text"}
    assert len(root.findall(".//q:Note", ns)) == 4
    assert extension["format"] == "researchkit-qdpx-extension"


def test_export_lists_unplaced_codings(filled, tmp_path):
    from project_fixtures import make_corpus

    _populate(filled)
    filled.add_documents(make_corpus({"R01": "I: Iets heel anders.\nR: Geen haven meer.", "R02": filled.text("R02")}))
    report = filled.export_qdpx(tmp_path / "s.qdpx")
    assert len(filled.unplaced()) and len(report.not_carried) == len(filled.unplaced())
    assert "is no longer in the text" in report.not_carried[0]


def test_reimport_when_the_other_program_changed_every_guid(filled, tmp_path):
    """Some programs write new GUIDs on every export: codes, documents and codings still match by name."""
    import re
    import uuid

    _populate(filled)
    filled.export_qdpx(tmp_path / "out.qdpx")
    fresh: dict[str, str] = {}

    def new_guids(qde: str) -> str:
        return re.sub(r'"([0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12})"',
                      lambda m: '"' + fresh.setdefault(m.group(1), str(uuid.uuid4()).upper()) + '"', qde)

    _edit(tmp_path / "out.qdpx", tmp_path / "regenerated.qdpx", new_guids)
    before = {"codes": len(filled.codebook()), "codings": len(filled.codings()), "docs": len(filled.documents()),
              "memos": len(filled.memos())}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ExchangeWarning)
        report = filled.import_qdpx(tmp_path / "regenerated.qdpx")
    after = {"codes": len(filled.codebook()), "codings": len(filled.codings()), "docs": len(filled.documents()),
             "memos": len(filled.memos())}
    assert after == before
    assert report.counts["skipped_codings"] == before["codings"]

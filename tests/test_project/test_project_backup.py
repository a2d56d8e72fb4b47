"""Backup to a plain folder and import back: an identical project, byte-identical folders."""

from __future__ import annotations

import csv
import hashlib
import re
import sqlite3

import pandas as pd
import pytest
import sqlalchemy as sa
from project_fixtures import TEXT_R01

from researchkit.errors import ProjectError
from researchkit.project import Project, schema


def _populate(p: Project) -> None:
    t = TEXT_R01
    p.add_codings(
        pd.DataFrame(
            {"doc_id": ["R01", "R01"], "start": [t.index("boten"), t.index("douane")], "end": [t.index("boten") + 5, t.index("douane") + 6],
             "code": ["SIG.boot", "DOU"], "source": ["model", "model"], "confidence": [0.8125, 0.1], "evidence": ["boten", None]}
        ),
        coder="model:nb",
    )
    p.review(p.codings(coder="model:nb").iloc[:1], decision="accept", coder="anna")
    p.review(p.codings(coder="model:nb").iloc[1:], decision="reject", coder="anna")
    row = p.code("R02", quote="goed samen", code="SAM", coder="bert", memo="met \"aanhalingstekens\",\nen een nieuwe regel")
    p.memo("Projectmemo", author="anna")
    p.memo("Over de code", code="SAM", author="bert")
    p.memo("Over deze codering", coding=row["id"].item(), author="bert")
    p.merge_codes("SIG.boot", into="SIG", coder="anna")


def _dump(p: Project) -> dict[str, list]:
    out = {}
    with p.engine.connect() as conn:
        for name in schema.TABLE_ORDER:
            table = schema.metadata.tables[name]
            rows = [tuple(r) for r in conn.execute(sa.select(table)).all()]
            out[name] = sorted(rows, key=repr)
    return out


def test_backup_and_restore_give_an_identical_project(filled, tmp_path, project_url):
    _populate(filled)
    folder = filled.backup(tmp_path / "backup")
    names = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert re.fullmatch(r"codings/model_nb-[0-9a-f]{8}\.csv", names[7])  # "model:nb" is no file name
    assert names[:7] + names[8:] == [
        "audit.csv", "codebook.yaml", "codebooks.csv", "coders.csv", "codes.csv", "codings/anna.csv", "codings/bert.csv",
        "documents.csv", "documents/R01.txt", "documents/R02.txt", "memos.csv", "project.json", "reviews.csv", "turns.csv",
    ]
    assert (folder / "documents" / "R01.txt").read_bytes() == TEXT_R01.encode("utf-8")
    with open(folder / "codings" / "bert.csv", encoding="utf-8", newline="") as fh:
        bert = list(csv.DictReader(fh))
    assert bert[0]["memo"] == 'met "aanhalingstekens",\nen een nieuwe regel'

    target = str(tmp_path / "restored.rkp")
    restored = Project.restore(folder, target)
    try:
        assert _dump(restored) == _dump(filled)
        pd.testing.assert_frame_equal(restored.codings(), filled.codings())
        assert restored.codebook().to_dict() == filled.codebook().to_dict()
        assert restored.uuid == filled.uuid
        # the restored project keeps working: new audit entries follow the restored ones
        restored.code("R02", quote="politie", occurrence=2, code="SAM", coder="anna")
        assert restored.history()["seq"].is_unique
        again = Project.restore(folder, str(tmp_path / "again.rkp"))
        second = again.backup(tmp_path / "backup2")
        again.close()
    finally:
        restored.close()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        assert (second / path.relative_to(folder)).read_bytes() == path.read_bytes(), path.name


def test_backup_refuses_to_overwrite_unless_asked(filled, tmp_path):
    folder = filled.backup(tmp_path / "b")
    with pytest.raises(ProjectError) as info:
        filled.backup(folder)
    assert info.value.code == "RK322"
    filled.code("R02", quote="goed samen", code="SAM", coder="anna")
    filled.backup(folder, overwrite=True)
    assert (folder / "codings" / "anna.csv").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging folders left


def test_restore_checks_the_folder_before_creating_anything(filled, tmp_path):
    folder = filled.backup(tmp_path / "b")
    (folder / "documents" / "R01.txt").write_text("tampered", encoding="utf-8")
    with pytest.raises(ProjectError) as info:
        Project.restore(folder, tmp_path / "r.rkp")
    assert info.value.code == "RK322" and "sha256" in str(info.value)
    assert not (tmp_path / "r.rkp").exists()
    with pytest.raises(ProjectError) as info:
        Project.restore(tmp_path, tmp_path / "r.rkp")
    assert info.value.code == "RK322"


def _edit_csv(path, change) -> None:
    """Rewrite one backup table through ``change(rows)`` (a list of dicts), as a hand edit would."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        columns, rows = reader.fieldnames, list(reader)
    change(rows)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _nul_in_doc_id(folder):
    _edit_csv(folder / "documents.csv", lambda rows: rows[1].update(doc_id="R\x0002"))
    return "documents.csv, line 3: column doc_id holds a NUL character (\\x00) at position 1: 'R\\x0002'"


def _nul_in_memo(folder):
    _edit_csv(folder / "codings" / "bert.csv", lambda rows: rows[0].update(memo="met\x00 NUL"))
    return "bert.csv, line 2: column memo holds a NUL character (\\x00) at position 3: 'met\\x00 NUL'"


def _nul_in_text(folder):
    text = (folder / "documents" / "R01.txt").read_text(encoding="utf-8").replace("haven", "ha\x00ven", 1)
    (folder / "documents" / "R01.txt").write_text(text, encoding="utf-8", newline="")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    _edit_csv(folder / "documents.csv", lambda rows: rows[0].update(sha256=digest))
    return "R01.txt: the text of document 'R01' holds a NUL character (\\x00) at position"


@pytest.mark.parametrize("edit", [_nul_in_doc_id, _nul_in_memo, _nul_in_text])
def test_restore_refuses_a_nul_character_as_every_other_write_path_does(filled, tmp_path, edit):
    """A NUL inside a doc_id, a memo or a text of a backup went into SQLite unchecked on restore
    (every other write path refuses it with RK331); now it is refused, naming file and line, and
    nothing is created."""
    filled.code("R02", quote="goed samen", code="SAM", coder="bert", memo="een memo")
    folder = filled.backup(tmp_path / "b")
    expected = edit(folder)
    with pytest.raises(ProjectError) as info:
        Project.restore(folder, tmp_path / "r.rkp")
    assert info.value.code == "RK331" and expected in str(info.value)
    assert not (tmp_path / "r.rkp").exists()


def test_snapshot_uses_the_backup_api(tmp_path, corpus):
    with Project.create(tmp_path / "live.rkp") as p:
        p.add_documents(corpus)
        p.code("R02", quote="goed samen", code="SAM", coder="anna")
        copy = p.snapshot(tmp_path / "copy.rkp")
    con = sqlite3.connect(copy)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    with Project.open(copy) as q:
        assert q.codings()["text"].tolist() == ["goed samen"]


def test_snapshot_refuses_to_overwrite_the_project_itself(tmp_path):
    with Project.create(tmp_path / "live.rkp") as p:
        with pytest.raises(ProjectError) as info:
            p.snapshot(tmp_path / "live.rkp")
        assert info.value.code == "RK324"
        assert p.integrity_check() == "ok"

"""Reading a QualCoder project straight from its SQLite database (``Name.qda/data.qda``).

The databases are built here with the schema QualCoder creates (read in its source,
``src/qualcoder/__main__.py``): version v1 (QualCoder 1.x: ``code_text`` without ``ctid``,
``avid`` and ``important``; ``source`` without ``av_text_id``; ``project`` without
``codername``) and v14 (QualCoder 3.9, the newest). Both hold nested categories, two coders,
cases (one covering a whole document, one part of a focus group), file and case attributes,
every kind of memo, a journal, an annotation, picture and A/V codings, a coding whose
``seltext`` no longer sits at its offsets and one whose text is gone, and Dutch text with
é, ë, ĳ, an emoji, a decomposed é and CRLF line ends. QualCoder stores Python ``str``, so
``pos0``/``pos1`` count code points of ``fulltext``.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from researchkit.cli import main
from researchkit.errors import ExchangeError, ExchangeWarning
from researchkit.project import Project
from researchkit.refi import qualcoder_db
from researchkit.refi.qualcoder import read_qualcoder

V1_SCHEMA = """
create table project (databaseversion text, date text, memo text, about text);
create table source (id integer primary key, name text, fulltext text, mediapath text, memo text, owner text, date text, unique(name));
create table code_image (imid integer primary key, id integer, x1 integer, y1 integer, width integer, height integer, cid integer,
    memo text, date text, owner text);
create table code_av (avid integer primary key, id integer, pos0 integer, pos1 integer, cid integer, memo text, date text, owner text);
create table annotation (anid integer primary key, fid integer, pos0 integer, pos1 integer, memo text, owner text, date text);
create table attribute_type (name text primary key, date text, owner text, memo text, caseOrFile text, valuetype text);
create table attribute (attrid integer primary key, name text, attr_type text, value text, id integer, date text, owner text);
create table case_text (id integer primary key, caseid integer, fid integer, pos0 integer, pos1 integer, owner text, date text, memo text);
create table cases (caseid integer primary key, name text, memo text, owner text, date text, constraint ucm unique(name));
create table code_cat (catid integer primary key, name text, owner text, date text, memo text, supercatid integer, unique(name));
create table code_text (cid integer, fid integer, seltext text, pos0 integer, pos1 integer, owner text, date text, memo text,
    unique(cid, fid, pos0, pos1, owner));
create table code_name (cid integer primary key, name text, memo text, catid integer, owner text, date text, color text, unique(name));
create table journal (jid integer primary key, name text, jentry text, date text, owner text);
"""

V14_SCHEMA = """
create table project (databaseversion text, date text, memo text, about text, bookmarkfile integer, bookmarkpos integer,
    codername text, recently_used_codes text);
create table source (id integer primary key, name text, fulltext text, mediapath text, memo text, owner text, date text,
    av_text_id integer, risid integer, unique(name));
create table code_image (imid integer primary key, id integer, x1 integer, y1 integer, width integer, height integer, cid integer,
    memo text, date text, owner text, important integer, pdf_page integer);
create table code_av (avid integer primary key, id integer, pos0 integer, pos1 integer, cid integer, memo text, date text, owner text,
    important integer);
create table annotation (anid integer primary key, fid integer, pos0 integer, pos1 integer, memo text, owner text, date text,
    unique(fid, pos0, pos1, owner));
create table attribute_type (name text primary key, date text, owner text, memo text, caseOrFile text, valuetype text);
create table attribute (attrid integer primary key, name text, attr_type text, value text, id integer, date text, owner text,
    unique(name, attr_type, id));
create table case_text (id integer primary key, caseid integer, fid integer, pos0 integer, pos1 integer, owner text, date text, memo text);
create table cases (caseid integer primary key, name text, memo text, owner text, date text, constraint ucm unique(name));
create table code_cat (catid integer primary key, name text, owner text, date text, memo text, supercatid integer, unique(name));
create table code_text (ctid integer primary key, cid integer, fid integer, seltext text, pos0 integer, pos1 integer, owner text,
    date text, memo text, avid integer, important integer, unique(cid, fid, pos0, pos1, owner));
create table code_name (cid integer primary key, name text, memo text, catid integer, owner text, date text, color text, unique(name));
create table journal (jid integer primary key, name text, jentry text, date text, owner text, unique(name));
create table stored_sql (title text, description text, grouper text, ssql text, unique(title));
create table ris (risid integer, tag text, longtag text, value text);
create table files_filter (filterid integer primary key, name text, filter text, owner text);
create table coder_names (name text primary key, visibility integer);
"""

R01 = ("I: Hoe gaat het in de haven van Harlingen?\n"
       "R: Het ĳs in de haven is één groot probleem 😀. Alles wordt geëxporteerd, naïef of niet.\n"
       "I: En de douane?\n"
       "R: Die ziet er niets van.\n")
R02 = "I: Werkt u samen?\r\nR: In Cafe\u0301 de Haven werken we samen 😀.\r\nI: Met wie?\r\nR: Met de politie.\r\n"
G01 = "A: Ik ben Anna, visser.\nB: Ik ben Bert, douanier.\n"
TRANSCRIPT = "[00:00:01] I: Vertel eens.\n[00:00:04] R: Over de haven van Lauwersoog.\n"
WHEN = "2024-03-01 10:00:00"


def _span(text: str, passage: str, nth: int = 0) -> tuple[int, int, str]:
    at = -1
    for _ in range(nth + 1):
        at = text.index(passage, at + 1)
    return at, at + len(passage), passage


def _insert(con: sqlite3.Connection, table: str, **values: object) -> None:
    have = {r[1] for r in con.execute(f"pragma table_info({table})")}
    cols = [c for c in values if c in have]
    con.execute(f"insert into {table} ({', '.join(cols)}) values ({', '.join('?' * len(cols))})", [values[c] for c in cols])


def build(folder: Path, version: str = "v14") -> Path:
    """A QualCoder project folder with the schema of ``version`` (``v1`` or ``v14``) and the content described above."""
    folder.mkdir(parents=True)
    for sub in ("documents", "images", "audio", "video"):
        (folder / sub).mkdir()
    con = sqlite3.connect(folder / "data.qda")
    con.executescript(V1_SCHEMA if version == "v1" else V14_SCHEMA)
    about = "QualCoder 1.9" if version == "v1" else "QualCoder 3.9"
    _insert(con, "project", databaseversion=version, date="2024-02-29 09:00:00", memo="Havenonderzoek Noord-Nederland", about=about,
            codername="anna", bookmarkfile=0, bookmarkpos=0, recently_used_codes="")
    _insert(con, "source", id=1, name="R01 Harlingen", fulltext=R01, mediapath=None, memo="Visser, 47 jaar", owner="anna", date=WHEN)
    _insert(con, "source", id=2, name="R02", fulltext=R02, mediapath="/docs/R02.docx", memo="", owner="anna", date=WHEN)
    _insert(con, "source", id=3, name="G01 focusgroep", fulltext=G01, mediapath=None, memo=None, owner="bert", date=WHEN)
    _insert(con, "source", id=4, name="kaart.png", fulltext=None, mediapath="/images/kaart.png", memo="", owner="anna", date=WHEN)
    _insert(con, "source", id=5, name="interview.mp3", fulltext=None, mediapath="/audio/interview.mp3", memo="", owner="anna",
            date=WHEN, av_text_id=6)
    _insert(con, "source", id=6, name="interview.mp3.transcribed", fulltext=TRANSCRIPT, mediapath=None, memo="", owner="anna", date=WHEN)
    _insert(con, "code_cat", catid=1, name="Havens", owner="anna", date=WHEN, memo="Alles over havens", supercatid=None)
    _insert(con, "code_cat", catid=2, name="Noord", owner="anna", date=WHEN, memo="", supercatid=1)
    _insert(con, "code_cat", catid=3, name="Partners", owner="bert", date=WHEN, memo=None, supercatid=None)
    _insert(con, "code_name", cid=1, name="Harlingen", memo="", catid=2, owner="anna", date=WHEN, color="#AABBCC")
    _insert(con, "code_name", cid=2, name="Probleem", memo="Een probleem dat genoemd wordt", catid=1, owner="anna", date=WHEN,
            color="#FF0000")
    _insert(con, "code_name", cid=3, name="Douane", memo="", catid=3, owner="bert", date=WHEN, color="#00FF00")
    _insert(con, "code_name", cid=4, name="Samenwerking", memo="", catid=None, owner="bert", date=WHEN, color="#0000FF")
    codings = [  # (cid, fid, (pos0, pos1, seltext), owner, memo)
        (1, 1, _span(R01, "haven van Harlingen"), "anna", "eerste vermelding"),
        (2, 1, _span(R01, "Het ĳs in de haven is één groot probleem 😀."), "anna", ""),
        (2, 1, _span(R01, "één groot probleem 😀"), "bert", None),
        (2, 1, _span(R01, "Alles wordt geëxporteerd, naïef of niet."), "bert", ""),
        (4, 2, _span(R02, "In Cafe\u0301 de Haven werken we samen 😀."), "anna", ""),
        (3, 2, _span(R02, "Met de politie."), "bert", ""),
        (3, 3, _span(G01, "Bert, douanier"), "bert", ""),
        (1, 6, _span(TRANSCRIPT, "haven van Lauwersoog"), "anna", ""),
    ]
    p0, p1, _ = _span(R01, "Die ziet er niets van.")
    codings.append((3, 1, (p0 + 3, p1 + 3, "Die ziet er niets van."), "bert", "verschoven"))  # text edited: seltext elsewhere
    codings.append((3, 1, (10, 21, "vissersboot"), "anna", ""))  # its text is gone
    for ctid, (cid, fid, (a, b, sel), owner, memo) in enumerate(codings, start=1):
        _insert(con, "code_text", ctid=ctid, cid=cid, fid=fid, seltext=sel, pos0=a, pos1=b, owner=owner, date=WHEN, memo=memo,
                avid=None, important=None)
    _insert(con, "cases", caseid=1, name="Visser Harlingen", memo="Respondent uit de visserij", owner="anna", date=WHEN)
    _insert(con, "cases", caseid=2, name="Anna", memo="", owner="bert", date=WHEN)
    _insert(con, "case_text", caseid=1, fid=1, pos0=0, pos1=len(R01), owner="anna", date=WHEN)
    _insert(con, "case_text", caseid=2, fid=3, pos0=0, pos1=G01.index("\n"), owner="bert", date=WHEN)
    for name, kind, vtype in (("leeftijd", "case", "numeric"), ("haven", "case", "character"), ("groep", "file", "character")):
        _insert(con, "attribute_type", name=name, date=WHEN, owner="anna", memo="", caseOrFile=kind, valuetype=vtype)
    _insert(con, "attribute", name="leeftijd", attr_type="case", value="47", id=1, date=WHEN, owner="anna")
    _insert(con, "attribute", name="haven", attr_type="case", value="Harlingen", id=1, date=WHEN, owner="anna")
    _insert(con, "attribute", name="leeftijd", attr_type="case", value="31", id=2, date=WHEN, owner="anna")
    _insert(con, "attribute", name="groep", attr_type="file", value="visser", id=1, date=WHEN, owner="anna")
    _insert(con, "attribute", name="groep", attr_type="file", value="douane", id=2, date=WHEN, owner="anna")
    _insert(con, "attribute", name="groep", attr_type="file", value="", id=3, date=WHEN, owner="anna")
    _insert(con, "journal", jid=1, name="Logboek", jentry="Dag 1: twee interviews in Harlingen.", date=WHEN, owner="anna")
    a, b, _ = _span(R01, "geëxporteerd")
    _insert(con, "annotation", anid=1, fid=1, pos0=a, pos1=b, memo="Waarheen?", owner="bert", date=WHEN)
    _insert(con, "code_image", imid=1, id=4, x1=1, y1=1, width=10, height=10, cid=1, memo="de haven", date=WHEN, owner="anna")
    _insert(con, "code_av", avid=1, id=5, pos0=1000, pos1=4000, cid=1, memo="", date=WHEN, owner="anna")
    _insert(con, "code_av", avid=2, id=5, pos0=5000, pos1=9000, cid=2, memo="", date=WHEN, owner="bert")
    con.commit()
    con.close()
    return folder


def _state(folder: Path) -> dict:
    """Every file of the folder with its bytes' digest and modification time."""
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _read(path: Path, **kw):
    with pytest.warns(ExchangeWarning):
        return read_qualcoder(path, **kw)


@pytest.mark.parametrize("version", ["v1", "v14"])
def test_every_coding_in_a_project_is_its_passage(tmp_path, version):
    folder = build(tmp_path / "Havens.qda", version)
    project = Project.create(tmp_path / "p.rkp")
    with pytest.warns(ExchangeWarning):
        report = project.import_qualcoder(folder)
    stored = project.codings()
    assert len(stored) == 9 and report.counts["codings"] == 9  # 10 in the database, one whose text is gone
    texts = {t.doc_id: t.text for t in project.corpus()}
    assert sorted(texts) == ["G01 focusgroep", "R01 Harlingen", "R02", "interview.mp3.transcribed"]
    assert texts["R02"] == unicodedata.normalize("NFC", R02.replace("\r\n", "\n"))
    for row in stored.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.text
    passages = sorted(stored["text"])
    expected = sorted(unicodedata.normalize("NFC", s) for s in (
        "haven van Harlingen", "Het ĳs in de haven is één groot probleem 😀.", "één groot probleem 😀",
        "Alles wordt geëxporteerd, naïef of niet.", "In Cafe\u0301 de Haven werken we samen 😀.", "Met de politie.",
        "Bert, douanier", "haven van Lauwersoog", "Die ziet er niets van."))
    assert passages == expected
    assert set(stored["coder"]) == {"anna", "bert"}
    emoji = stored[stored["text"] == "één groot probleem 😀"].iloc[0]
    assert texts["R01 Harlingen"][emoji.end - 1] == "😀" and emoji.coder == "bert"
    assert "R02" in report.conventions and "2/2 codings hold their coded text" in report.conventions["R02"]
    assert project.history()["action"].tolist().count("import_qualcoder") == 1


def test_code_tree_categories_colours_and_definitions(tmp_path):
    ex = _read(build(tmp_path / "Havens.qda"))
    book = ex.codebook
    tree = {c.id: (c.name, c.parent) for c in book.walk()}
    by_name = {name: cid for cid, (name, _) in tree.items()}
    assert tree[by_name["Noord"]][1] == by_name["Havens"]
    assert tree[by_name["Harlingen"]][1] == by_name["Noord"]
    assert tree[by_name["Probleem"]][1] == by_name["Havens"]
    assert tree[by_name["Douane"]][1] == by_name["Partners"]
    assert tree[by_name["Samenwerking"]][1] is None
    assert book[by_name["Harlingen"]].color == "#AABBCC"
    assert book[by_name["Probleem"]].description == "Een probleem dat genoemd wordt"
    assert book[by_name["Havens"]].description == "Alles over havens"
    assert book[by_name["Havens"]].extra.get("x_refi_codable") is False
    assert book[by_name["Harlingen"]].extra.get("x_refi_codable", True) is True
    assert set(ex.code_guids) == set(tree)
    assert book.language == "nl"


def test_attributes_cases_and_what_is_not_carried(tmp_path):
    ex = _read(build(tmp_path / "Havens.qda"))
    docs = {t.doc_id: t for t in ex.corpus}
    r01 = docs["R01 Harlingen"].attributes
    assert r01 == {"groep": "visser", "leeftijd": 47, "haven": "Harlingen", "case": "Visser Harlingen"}
    assert docs["R02"].attributes == {"groep": "douane"}
    assert docs["G01 focusgroep"].attributes == {}  # case Anna covers only Anna's line; the empty value is no value
    assert docs["interview.mp3.transcribed"].attributes == ({"media_name": "interview.mp3"})
    lost = "\n".join(ex.report.not_carried)
    assert "case 'Anna'" not in lost  # it covers speaker A's line: A's attributes (tests/test_refi/test_refi_speaker_cases.py)
    assert ex.corpus.speaker_attributes.reset_index().to_dict("records") == [
        {"doc_id": "G01 focusgroep", "speaker": "A", "leeftijd": 31, "case": "Anna"}]
    assert "1 picture coding(s) of 'kaart.png' (code_image), 1 with a memo" in lost
    assert "2 audio/video coding(s) of 'interview.mp3' (code_av)" in lost
    assert "1 picture source(s) without text (kaart.png)" in lost and "1 audio source(s) without text (interview.mp3)" in lost
    assert "'vissersboot'" in lost and "found nowhere in the text: not imported" in lost
    moved = [w for w in ex.report.warnings if "'Die ziet er niets van.'" in w]
    assert len(moved) == 1 and "its only occurrence" in moved[0]
    row = ex.codings[ex.codings["memo"] == "verschoven"].iloc[0]
    assert row.text == "Die ziet er niets van." and "did not hold the coded text" in row.origin


def test_memos_of_every_kind_reach_the_project(tmp_path):
    project = Project.create(tmp_path / "p.rkp")
    with pytest.warns(ExchangeWarning):
        project.import_qualcoder(build(tmp_path / "Havens.qda"))
    memos = project.memos()
    got = {(m.target_type, m.target, m.text) for m in memos.itertuples()}
    assert ("project", "", "Havenonderzoek Noord-Nederland") in got
    assert ("project", "", "Dag 1: twee interviews in Harlingen.") in got  # the journal
    assert ("document", "R01 Harlingen", "Visser, 47 jaar") in got
    assert ("document", "R01 Harlingen", "Respondent uit de visserij") in got  # the case's memo, on its document
    assert ("document", "R01 Harlingen", "Waarheen?") in got  # the annotation
    assert ("document", "R02", "") not in got
    coded = project.codings()
    assert coded[coded["text"] == "haven van Harlingen"].iloc[0]["memo"] == "eerste vermelding"


def test_reading_changes_nothing_in_the_project_folder(tmp_path):
    folder = build(tmp_path / "Havens.qda")
    os.utime(folder / "data.qda", ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    before = _state(folder)
    _read(folder)
    _read(folder / "data.qda")
    project = Project.create(tmp_path / "p.rkp")
    with pytest.warns(ExchangeWarning):
        project.import_qualcoder(folder)
    assert _state(folder) == before
    assert sorted(p.name for p in folder.iterdir()) == ["audio", "data.qda", "documents", "images", "video"]


def test_importing_again_adds_nothing(tmp_path):
    folder = build(tmp_path / "Havens.qda")
    project = Project.create(tmp_path / "p.rkp")
    with pytest.warns(ExchangeWarning):
        project.import_qualcoder(folder)
        report = project.import_qualcoder(folder)
    assert len(project.codings()) == 9 and report.counts["skipped_codings"] == 9 and report.counts["imported_memos"] == 0
    assert len(project.documents()) == 4


def test_a_rerun_with_a_new_coding_adds_only_it(tmp_path):
    folder = build(tmp_path / "Havens.qda")
    project = Project.create(tmp_path / "p.rkp")
    with pytest.warns(ExchangeWarning):
        project.import_qualcoder(folder)
    con = sqlite3.connect(folder / "data.qda")
    a, b, sel = _span(R01, "de douane")
    _insert(con, "code_text", ctid=99, cid=3, fid=1, seltext=sel, pos0=a, pos1=b, owner="anna", date=WHEN, memo="")
    con.commit()
    con.close()
    with pytest.warns(ExchangeWarning):
        project.import_qualcoder(folder)
    assert len(project.codings()) == 10 and "de douane" in set(project.codings()["text"])


def test_cli_imports_a_qda_folder(tmp_path, capsys):
    folder = build(tmp_path / "Havens.qda")
    assert main(["import", str(folder), "--project", str(tmp_path / "p.rkp")]) == 0
    out = capsys.readouterr().out
    assert "9 codings" in out and "(new project)" in out and "vissersboot" in out
    assert len(Project.open(tmp_path / "p.rkp").codings()) == 9


def test_cli_refuses_extract_media_for_a_qda_folder(tmp_path, capsys):
    folder = build(tmp_path / "Havens.qda")
    assert main(["import", str(folder), "--project", str(tmp_path / "p.rkp"), "--extract-media"]) != 0
    assert "[RK606]" in capsys.readouterr().err and not (tmp_path / "p.rkp").exists()


def test_strict_refuses_a_coding_whose_offsets_do_not_hold_its_text(tmp_path):
    folder = build(tmp_path / "Havens.qda")
    with pytest.raises(ExchangeError) as err:
        read_qualcoder(folder, strict=True)
    assert err.value.code == "RK615" and "'Die ziet er niets van.'" in str(err.value) and "R01 Harlingen" in str(err.value)


def test_several_occurrences_equally_near_are_not_guessed(tmp_path):
    folder = build(tmp_path / "Havens.qda")
    con = sqlite3.connect(folder / "data.qda")
    first, _, _ = _span(R01, "haven", 0)
    second, _, _ = _span(R01, "haven", 1)
    middle = (first + second) // 2
    _insert(con, "code_text", ctid=50, cid=1, fid=1, seltext="haven", pos0=middle, pos1=middle + 5, owner="anna", date=WHEN)
    con.commit()
    con.close()
    ex = _read(folder)
    assert any("ctid" not in w and "several occurrences, none clearly the nearest (" in w for w in ex.report.not_carried)
    assert len(ex.codings) == 9


def test_newer_database_version_is_read_with_a_note_and_refused_when_strict(tmp_path):
    folder = build(tmp_path / "Havens.qda")
    con = sqlite3.connect(folder / "data.qda")
    con.execute("update project set databaseversion = 'v18'")
    con.execute("create table code_relation (crid integer primary key, cid0 integer, cid1 integer)")
    con.commit()
    con.close()
    ex = _read(folder)
    assert len(ex.codings) == 9
    assert any("database version v18 is newer than the newest researchkit knows (v17" in w for w in ex.report.warnings)
    with pytest.raises(ExchangeError) as err:  # refused before any coding is looked at
        read_qualcoder(folder, strict=True)
    assert err.value.code == "RK613" and "v18" in str(err.value)


def test_not_a_qualcoder_database(tmp_path):
    empty = tmp_path / "Leeg.qda"
    empty.mkdir()
    with pytest.raises(ExchangeError) as err:
        read_qualcoder(empty)
    assert err.value.code == "RK612" and "no data.qda" in str(err.value)
    text = tmp_path / "data.qda"
    text.write_text("I: dit is geen database\n", encoding="utf-8")
    with pytest.raises(ExchangeError) as err:
        read_qualcoder(text)
    assert err.value.code == "RK612" and "not an SQLite database" in str(err.value)
    other = tmp_path / "Ander.qda"
    other.mkdir()
    con = sqlite3.connect(other / "data.qda")
    con.executescript("create table project (databaseversion text); create table source (id integer); create table notes (x text);")
    con.close()
    with pytest.raises(ExchangeError) as err:
        read_qualcoder(other)
    assert err.value.code == "RK612"
    assert "table(s) code_cat, code_name, code_text missing" in str(err.value) and "notes" in str(err.value)


def test_a_view_does_not_pass_for_a_table(tmp_path):
    folder = tmp_path / "Vals.qda"
    folder.mkdir()
    con = sqlite3.connect(folder / "data.qda")
    con.executescript(V14_SCHEMA.replace("create table code_text (", "create table code_text_real ("))
    con.execute("create view code_text as select * from code_text_real")
    con.close()
    with pytest.raises(ExchangeError) as err:
        read_qualcoder(folder)
    assert err.value.code == "RK612" and "code_text missing" in str(err.value)


def test_locked_database(tmp_path, monkeypatch):
    folder = build(tmp_path / "Havens.qda")
    monkeypatch.setattr(qualcoder_db, "LOCK_TIMEOUT", 0.05)
    writer = sqlite3.connect(folder / "data.qda", isolation_level=None)
    writer.execute("begin exclusive")
    try:
        with pytest.raises(ExchangeError) as err:
            read_qualcoder(folder)
    finally:
        writer.execute("rollback")
        writer.close()
    assert err.value.code == "RK614" and "locked" in str(err.value) and "close the project in QualCoder" in str(err.value)


def test_damaged_database(tmp_path):
    folder = build(tmp_path / "Havens.qda")
    data = bytearray((folder / "data.qda").read_bytes())
    page = 4096 if len(data) > 8192 else 1024
    for i in range(page, len(data)):  # every page after the first overwritten
        data[i] = 0xA5
    (folder / "data.qda").write_bytes(bytes(data))
    with pytest.raises(ExchangeError) as err:
        read_qualcoder(folder)
    assert err.value.code == "RK614" and "damaged" in str(err.value)


def test_project_in_use_lock_file_is_reported(tmp_path):
    folder = build(tmp_path / "Havens.qda")
    (folder / "project_in_use.lock").write_text("anna\n1700000000.0", encoding="utf-8")
    ex = _read(folder)
    assert any("QualCoder has this project open (user anna)" in w for w in ex.report.warnings)


def test_a_loop_in_the_categories_is_broken_and_reported(tmp_path):
    folder = build(tmp_path / "Havens.qda")
    con = sqlite3.connect(folder / "data.qda")
    con.execute("update code_cat set supercatid = 2 where catid = 1")
    con.commit()
    con.close()
    ex = _read(folder)
    assert any("is its own ancestor" in w for w in ex.report.warnings)
    names = {c.name: c for c in ex.codebook.walk()}
    assert {"Havens", "Noord", "Harlingen"} <= set(names)
    assert len(ex.codings) == 9


def test_the_v17_schema_of_qualcoders_main_branch_is_known(tmp_path):
    """QualCoder's upgrades v15 (A/V bookmarks on the project), v16 (codes under codes) and v17 (graph line labels, memo nodes)."""
    folder = build(tmp_path / "Havens.qda")
    con = sqlite3.connect(folder / "data.qda")
    con.executescript(
        "alter table project add avbookmarkfile integer; alter table project add avbookmarkmsec integer;"
        "alter table project add avbookmarktextpos integer;"
        "alter table code_name add supercid integer;"
        "create table if not exists gr_memo_item (gmemoid integer primary key, grid integer, memo_source_type text,"
        " memo_source_id integer, x integer, y integer, color text, font_size integer);"
        "insert into gr_memo_item (grid, memo_source_type, memo_source_id, x, y) values (1, 'code', 4, 10, 10);"
        "update code_name set supercid = 1, catid = null where cid = 4;"
        "update project set databaseversion = 'v17';")
    con.commit()
    con.close()
    ex = _read(folder)
    tree = {c.name: c.parent for c in ex.codebook.walk()}
    assert ex.codebook[tree["Samenwerking"]].name == "Harlingen"
    assert len(ex.codings) == 9
    assert not any("newer" in w for w in ex.report.warnings)
    assert not any("gr_memo_item" in item for item in ex.report.not_carried)
    with pytest.raises(ExchangeError) as err:  # strict stops at the fixture's misplaced coding, not at the version
        read_qualcoder(folder, strict=True)
    assert err.value.code == "RK615"


def test_a_fork_with_codes_under_codes_and_tables_of_its_own(tmp_path):
    """A later schema (a QualCoder fork writes v31): ``code_name.supercid``, ``code_text.weight``, a ``link`` table."""
    folder = build(tmp_path / "Havens.qda")
    con = sqlite3.connect(folder / "data.qda")
    con.executescript(
        "alter table code_name add supercid integer;"
        "alter table code_text add weight integer;"
        "create table link (id integer primary key autoincrement, from_fid integer, from_pos0 integer, from_pos1 integer,"
        " to_fid integer, to_pos0 integer, to_pos1 integer, memo text, owner text, date text);"
        "insert into link (from_fid, from_pos0, from_pos1, to_fid, to_pos0, to_pos1) values (1, 0, 5, 2, 0, 5);"
        "create table code_set (id integer primary key autoincrement, name text);"  # empty: not worth a line
        "update project set databaseversion = 'v31', about = 'QualCoder 4.0';"
        "update code_name set supercid = 1, catid = null where cid = 4;")
    con.commit()
    con.close()
    ex = _read(folder)
    tree = {c.name: c.parent for c in ex.codebook.walk()}
    assert ex.codebook[tree["Samenwerking"]].name == "Harlingen"
    assert len(ex.codings) == 9 and ex.origin == "QualCoder 4.0"
    lost = "\n".join(ex.report.not_carried)
    assert "table 'link' (1 row(s)): not part of QualCoder's schema up to v17" in lost and "code_set" not in lost
    assert any("v31 is newer" in w for w in ex.report.warnings)


def test_graphs_and_references_are_listed(tmp_path):
    folder = build(tmp_path / "Havens.qda")
    con = sqlite3.connect(folder / "data.qda")
    con.executescript(
        "create table graph (grid integer primary key, name text, description text, date text, scene_width integer,"
        " scene_height integer, unique(name));"
        "insert into graph (name) values ('Netwerk havens');"
        "insert into ris values (1, 'TI', 'title', 'Havens in het noorden'), (1, 'AU', 'author', 'Visser, A.');")
    con.commit()
    con.close()
    lost = "\n".join(_read(folder).report.not_carried)
    assert "graph 'Netwerk havens': researchkit has no graphs" in lost and "1 bibliographic reference(s) (table ris)" in lost


def test_annotation_memo_is_named_after_its_passage(tmp_path):
    ex = _read(build(tmp_path / "Havens.qda"))
    a, b, _ = _span(R01, "geëxporteerd")
    row = ex.memos[ex.memos["text"] == "Waarheen?"].iloc[0]
    assert row["name"] == f"on «geëxporteerd» ({a}-{b})" and row["author"] == "bert" and row["target"] == "R01 Harlingen"
    journal = ex.memos[ex.memos["text"].str.startswith("Dag 1")].iloc[0]
    assert journal["name"] == "Logboek" and journal["created"] == "2024-03-01T10:00:00"


def test_the_connection_cannot_write(tmp_path):
    folder = build(tmp_path / "Havens.qda")
    before = _state(folder)
    db = qualcoder_db.QualCoderDatabase.open(folder)
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly|read-only|query_only"):
            db.conn.execute("insert into journal (name, jentry) values ('x', 'y')")
        db.conn.execute("pragma query_only = off")  # even then the file itself is opened read-only
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            db.conn.execute("insert into journal (name, jentry) values ('x', 'y')")
    finally:
        db.close()
    assert _state(folder) == before


def test_a_byte_order_mark_kept_in_the_text_counts_as_qualcoder_counts_it(tmp_path):
    folder = build(tmp_path / "Havens.qda")
    text = "\ufeffR: Het ĳs in de haven.\n"
    con = sqlite3.connect(folder / "data.qda")
    _insert(con, "source", id=7, name="R03", fulltext=text, mediapath=None, memo="", owner="anna", date=WHEN)
    a, b, sel = _span(text, "haven")
    _insert(con, "code_text", ctid=70, cid=1, fid=7, seltext=sel, pos0=a, pos1=b, owner="anna", date=WHEN, memo="")
    _insert(con, "code_text", ctid=71, cid=2, fid=7, seltext="\ufeff", pos0=0, pos1=1, owner="anna", date=WHEN, memo="")
    con.commit()
    con.close()
    ex = _read(folder)
    r03 = ex.corpus["R03"].text
    assert r03 == text[1:]
    rows = ex.codings[ex.codings["doc_id"] == "R03"]
    assert rows["text"].tolist() == ["haven"] and r03[rows.iloc[0].start:rows.iloc[0].end] == "haven"
    assert any("coding 71 in 'R03': no place in the canonical text" in x for x in ex.report.not_carried)


def test_memo_of_a_case_without_a_whole_document_goes_to_the_project(tmp_path):
    folder = build(tmp_path / "Havens.qda")
    con = sqlite3.connect(folder / "data.qda")
    con.execute("update cases set memo = 'Spreekt alleen in de focusgroep' where name = 'Anna'")
    con.commit()
    con.close()
    ex = _read(folder)
    row = ex.memos[ex.memos["text"] == "Spreekt alleen in de focusgroep"].iloc[0]
    assert (row["target_type"], row["target"], row["name"], row["author"]) == ("project", "", "memo on case Anna", "bert")

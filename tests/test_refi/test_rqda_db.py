"""Reading an RQDA project straight from its SQLite database (``Name.rqda``).

The databases are built here with the tables RQDA creates (its ``new_proj`` and
``UpgradeTables``, documented in ``man/RQDATables.rd``), including the later columns
(``freecode.color``, ``attributes.class``, the ``annotation`` table). RQDA's code
categories are one level deep and a code may sit in several. The project holds two coders,
rows deleted in RQDA (``status`` 0: a file, a code, a category, codings, an attribute),
cases (one covering a whole file, one part of a file), file and case attributes, every kind
of memo, a journal, an annotation, file categories, Dutch text with é, ë, an emoji and CRLF
line ends, a coding whose ``seltext`` no longer sits at its offsets, one whose text is gone
and one of a code that is not in the database. RQDA writes ``seltext`` as
``substr(file, selfirst + 1, selend)``: ``selfirst`` 0-based, ``selend`` exclusive, in
characters (code points), stored as ``real``.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from researchkit.cli import main
from researchkit.errors import ExchangeError, ExchangeWarning
from researchkit.project import Project
from researchkit.refi import rqda_db
from researchkit.refi.rqda import read_rqda

SCHEMA = """
create table source (name text, id integer, file text, memo text, owner text, date text, dateM text, status integer);
create table freecode (name text, memo text, owner text, date text, dateM text, id integer, status integer, color text);
create table treecode (cid integer, catid integer, date text, dateM text, memo text, status integer, owner text);
create table treefile (fid integer, catid integer, date text, dateM text, memo text, status integer, owner text);
create table filecat (name text, fid integer, catid integer, owner text, date text, dateM text, memo text, status integer);
create table codecat (name text, cid integer, catid integer, owner text, date text, dateM text, memo text, status integer);
create table coding (cid integer, fid integer, seltext text, selfirst real, selend real, status integer,
                     owner text, date text, memo text);
create table project (databaseversion text, date text, dateM text, memo text, about text, imageDir text);
create table cases (name text, memo text, owner text, date text, dateM text, id integer, status integer);
create table caselinkage (caseid integer, fid integer, selfirst real, selend real, status integer, owner text, date text, memo text);
create table attributes (name text, status integer, date text, dateM text, owner text, memo text, class text);
create table caseAttr (variable text, value text, caseID integer, date text, dateM text, owner text, status integer);
create table fileAttr (variable text, value text, fileID integer, date text, dateM text, owner text, status integer);
create table journal (name text, journal text, date text, dateM text, owner text, status integer);
create table annotation (fid integer, position integer, annotation text, owner text, date text, dateM text, status integer);
create table image (name text, id integer, date text, dateM text, owner text, status integer);
create table coding2 (cid integer, fid integer, seltext text, selfirst real, selend real, status integer,
                      owner text, date text, memo text);
create table imageCoding (cid integer, iid integer, x1 integer, y1 integer, x2 integer, y2 integer, memo text,
                          date text, dateM text, owner text, status integer);
"""

ANNA = ("I: Hoe was het werk in de haven?\n"
        "A: Zwaar, maar we waren één familie 😀. De kranen, de geur van koffie.\n"
        "I: En nu?\n"
        "A: Alles is geëxporteerd.")
BERT = "I: Waar woont u?\r\nB: In Rotterdam-Zuid, naast de Maas.\r\nI: Dank u.\r\n"
WHEN = "Mon Mar 10 12:00:00 2014"


def _at(text: str, passage: str) -> tuple[int, int]:
    i = text.index(passage)
    return i, i + len(passage)


def build(path: Path) -> Path:
    """An RQDA project file as RQDA 0.2 leaves it."""
    con = sqlite3.connect(path)
    con.executescript(SCHEMA)
    q = con.execute
    q("insert into project values ('0.2.2', ?, '', 'Havenproject: interviews 2014', "
      "'Database created by RQDA (http://rqda.r-forge.r-project.org/)', '')", (WHEN,))
    q("insert into source values ('Interview Anna', 1, ?, 'Anna, 67, kraanmachinist', 'anna', ?, '', 1)", (ANNA, WHEN))
    q("insert into source values ('Interview Bert', 2, ?, '', 'bert', ?, '', 1)", (BERT, WHEN))
    q("insert into source values ('Oud concept', 3, 'weggegooid', '', 'anna', ?, '', 0)", (WHEN,))
    for name, memo, owner, cid, status, color in (("Trots", "Trots op het werk", "anna", 1, 1, "#FF0000"),
                                                   ("Werk", "", "anna", 2, 1, None), ("Woonplaats", "", "bert", 3, 1, "#00FF00"),
                                                   ("Verouderd", "", "anna", 4, 0, None)):
        q("insert into freecode values (?, ?, ?, ?, '', ?, ?, ?)", (name, memo, owner, WHEN, cid, status, color))
    for name, catid, status, memo in (("Gevoel", 1, 1, "Gevoelens over de haven"), ("Arbeid", 2, 1, ""), ("Weg", 3, 0, "")):
        q("insert into codecat values (?, null, ?, 'anna', ?, '', ?, ?)", (name, catid, WHEN, memo, status))
    for cid, catid, status in ((1, 1, 1), (2, 2, 1), (2, 1, 1), (3, 3, 1), (4, 2, 0)):
        q("insert into treecode values (?, ?, ?, '', '', ?, 'anna')", (cid, catid, WHEN, status))

    def coding(cid, fid, seltext, span, owner, status=1, memo=""):
        q("insert into coding values (?, ?, ?, ?, ?, ?, ?, ?, ?)", (cid, fid, seltext, float(span[0]), float(span[1]), status,
                                                                    owner, WHEN, memo))

    coding(1, 1, "één familie 😀", _at(ANNA, "één familie 😀"), "anna", memo="kern van het interview")
    coding(2, 1, "Zwaar", _at(ANNA, "Zwaar"), "bert")
    coding(2, 1, "De kranen", (_at(ANNA, "De kranen")[0] + 3, _at(ANNA, "De kranen")[1] + 3), "anna")  # text moved
    coding(2, 1, "Niemand werkt meer", (10, 28), "anna")  # its text is gone
    coding(1, 1, "Alles is geëxporteerd.", _at(ANNA, "Alles is geëxporteerd."), "bert")
    coding(1, 1, "Zwaar", _at(ANNA, "Zwaar"), "anna", status=0)  # deleted coding
    coding(4, 1, "haven", _at(ANNA, "haven"), "anna")  # of a deleted code
    coding(1, 3, "weggegooid", (0, 10), "anna")  # on a deleted file
    coding(99, 1, "Hoe", _at(ANNA, "Hoe"), "anna")  # code not in the database
    coding(3, 2, "naast de Maas", _at(BERT, "naast de Maas"), "bert")
    coding(3, 2, "Rotterdam-Zuid", _at(BERT, "Rotterdam-Zuid"), "anna")
    for name, catid in (("Havenarbeiders", 1),):
        q("insert into filecat values (?, null, ?, 'anna', ?, '', 'Mensen die in de haven werkten', 1)", (name, catid, WHEN))
    for fid in (1, 2):
        q("insert into treefile values (?, 1, ?, '', '', 1, 'anna')", (fid, WHEN))
    q("insert into cases values ('Anna', 'Eerste respondent', 'anna', ?, '', 1, 1)", (WHEN,))
    q("insert into cases values ('Bert kort', '', 'anna', ?, '', 2, 1)", (WHEN,))
    q("insert into cases values ('Weg', '', 'anna', ?, '', 3, 0)", (WHEN,))
    q("insert into caselinkage values (1, 1, 0, ?, 1, 'anna', ?, '')", (float(len(ANNA)), WHEN))
    q("insert into caselinkage values (2, 2, 0, 16, 1, 'anna', ?, '')", (WHEN,))
    for name, status, cls in (("leeftijd", 1, "numeric"), ("beroep", 1, "character"), ("oud", 0, "character"),
                              ("locatie", 1, "character")):
        q("insert into attributes values (?, ?, ?, '', 'anna', '', ?)", (name, status, WHEN, cls))
    q("insert into caseAttr values ('leeftijd', '67', 1, ?, '', 'anna', 1)", (WHEN,))
    q("insert into caseAttr values ('beroep', 'havenarbeider', 1, ?, '', 'anna', 0)", (WHEN,))  # deleted, first
    q("insert into caseAttr values ('beroep', 'kraanmachinist', 1, ?, '', 'anna', 1)", (WHEN,))
    q("insert into caseAttr values ('oud', 'x', 1, ?, '', 'anna', 1)", (WHEN,))
    q("insert into caseAttr values ('beroep', 'douanier', 2, ?, '', 'anna', 1)", (WHEN,))
    q("insert into fileAttr values ('locatie', 'Rotterdam', 2, ?, '', 'bert', 1)", (WHEN,))
    q("insert into journal values ('Veldwerk dag 1', 'Regen in de haven.', ?, '', 'anna', 1)", (WHEN,))
    q("insert into journal values ('Weg', 'verwijderd', ?, '', 'anna', 0)", (WHEN,))
    q("insert into annotation values (1, ?, 'Hier lacht ze.', 'bert', ?, '', 1)", (_at(ANNA, "😀")[1], WHEN))
    q("insert into image values ('kade.png', 1, ?, '', 'anna', 1)", (WHEN,))
    q("insert into imageCoding values (1, 1, 0, 0, 10, 10, '', ?, '', 'anna', 1)", (WHEN,))
    q("insert into coding2 values (2, 1, 'Zwaar', ?, ?, 1, 'bert', ?, '')", (*map(float, _at(ANNA, "Zwaar")), WHEN))
    con.commit()
    con.close()
    return path


def _state(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def _read(path: Path, **kw):
    with pytest.warns(ExchangeWarning):
        return read_rqda(path, **kw)


def test_every_coding_in_a_project_is_its_passage_and_the_file_is_unchanged(tmp_path):
    path = build(tmp_path / "havens.rqda")
    before = _state(path)
    project = Project.create(tmp_path / "p.rkp")
    with pytest.warns(ExchangeWarning):
        report = project.import_rqda(path)
    assert _state(path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("havens")) == ["havens.rqda"]  # no journal left
    stored = project.codings()
    assert len(stored) == 7 and report.counts["codings"] == 7  # six of the table coding, one of coding2
    texts = {t.doc_id: t.text for t in project.corpus()}
    assert sorted(texts) == ["Interview Anna", "Interview Bert"]
    assert texts["Interview Bert"] == BERT.replace("\r\n", "\n")
    for row in stored.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.text
    assert sorted(stored["text"]) == sorted(["één familie 😀", "Zwaar", "De kranen", "Alles is geëxporteerd.", "naast de Maas",
                                             "Rotterdam-Zuid", "Zwaar"])
    assert set(stored["coder"]) == {"anna", "bert", "bert (coding2)"}
    emoji = stored[stored["text"] == "één familie 😀"].iloc[0]
    assert texts["Interview Anna"][emoji.end - 1] == "😀" and emoji.coder == "anna"
    assert "2/2 codings hold their coded text" in report.conventions["Interview Bert"]
    assert "4/6 codings" in report.conventions["Interview Anna"] and "1 found again elsewhere, 1 not placed" in report.conventions["Interview Anna"]
    assert project.history()["action"].tolist().count("import_rqda") == 1


def test_the_second_coding_table_is_a_second_pass_of_its_coders(tmp_path):
    """RQDA's "Current coding table" setting sends codings to ``coding2``: they are codings, and an owner
    who coded in both tables is two coders, so the two passes can be compared."""
    path = build(tmp_path / "havens.rqda")
    con = sqlite3.connect(path)
    q = con.execute
    span = _at(ANNA, "één familie")
    q("insert into coding2 values (1, 1, 'één familie', ?, ?, 1, 'carl', ?, 'tweede lezing')", (*map(float, span), WHEN))
    moved = _at(BERT, "In Rotterdam-Zuid")
    q("insert into coding2 values (3, 2, 'In Rotterdam-Zuid', ?, ?, 1, '', ?, '')", (moved[0] + 2, moved[1] + 2, WHEN))
    q("insert into coding2 values (3, 2, 'Dank u', 0, 6, 0, 'carl', ?, '')", (WHEN,))  # deleted in RQDA
    q("insert into coding2 values (3, 7, 'Dank u', 0, 6, 1, 'carl', ?, '')", (WHEN,))  # of a file not in the database
    con.commit()
    con.close()
    ex = _read(path)
    second = ex.codings[ex.codings["coder"].isin(["bert (coding2)", "carl", "default"])]
    texts = {t.doc_id: t.text for t in ex.corpus}
    got = sorted((r.coder, r.doc_id, texts[r.doc_id][r.start:r.end], r.code) for r in second.itertuples())
    assert got == [("bert (coding2)", "Interview Anna", "Zwaar", "Werk"),
                   ("carl", "Interview Anna", "één familie", "Trots"),
                   ("default", "Interview Bert", "In Rotterdam-Zuid", "Woonplaats")]
    assert second[second["coder"] == "carl"]["memo"].item() == "tweede lezing"
    assert "bert" in set(ex.codings["coder"])  # the first pass keeps its name
    warned = "\n".join(ex.report.warnings)
    assert ("4 coding(s) of RQDA's second coding table (coding2) read as codings; the coder(s) 'bert', who also "
            "coded in the table coding, are 'bert (coding2)' there") in warned
    lost = "\n".join(ex.report.not_carried)
    assert "coding (row 5 of coding2, code id 3, file id 7): its file is not in the database" in lost
    assert "1 coding(s) of coding2" in lost  # the deleted row, counted with the other deleted rows
    assert "coding2" not in "".join(w for w in ex.report.not_carried if "not imported; the codings" in w)
    assert len(set(ex.codings["id"])) == len(ex.codings)  # coding and coding2 rows with one rowid get two GUIDs


def test_deleted_rows_are_left_out_and_counted(tmp_path):
    ex = _read(build(tmp_path / "havens.rqda"))
    lost = "\n".join(ex.report.not_carried)
    assert ("deleted in RQDA (status 0, kept in the database to be restored): 1 attribute(s), 1 case attribute value(s), "
            "1 case(s), 1 code category row(s), 1 code(s), 1 code-category link(s), 1 coding(s), 1 file(s), 1 journal(s)") in lost
    assert "1 coding(s) of files deleted in RQDA" in lost and "1 coding(s) of codes deleted in RQDA" in lost
    assert "1 value(s) of attributes deleted in RQDA" in lost
    assert "Oud concept" not in [t.doc_id for t in ex.corpus]
    assert "Verouderd" not in [c.name for c in ex.codebook.walk()] and "Weg" not in [c.name for c in ex.codebook.walk()]


def test_misplaced_lost_and_dangling_codings_are_reported(tmp_path):
    ex = _read(build(tmp_path / "havens.rqda"))
    warned, lost = "\n".join(ex.report.warnings), "\n".join(ex.report.not_carried)
    start = ANNA.index("De kranen")
    assert f"placed at {start}-{start + 9}, its only occurrence" in warned and "'De kranen'" in warned
    assert "'Niemand werkt meer'" in lost and "found nowhere in the text: not imported" in lost
    assert "selfirst-selend 10-28)" in lost  # positions stored as real, shown as RQDA showed them
    assert ex.report.origin == "RQDA (database version 0.2.2)"
    assert "code id 99" in lost and "its code is not in the database" in lost
    moved = ex.codings[ex.codings["text"] == "De kranen"].iloc[0]
    assert "did not hold the coded text" in moved["origin"]


def test_strict_refuses_a_coding_whose_offsets_do_not_hold_its_text(tmp_path):
    with pytest.raises(ExchangeError) as err:
        read_rqda(build(tmp_path / "havens.rqda"), strict=True)
    assert err.value.code == "RK618" and "'De kranen'" in str(err.value) and "Interview Anna" in str(err.value)


def test_strict_refuses_a_coding_of_a_code_not_in_the_database(tmp_path):
    path = build(tmp_path / "havens.rqda")
    con = sqlite3.connect(path)
    con.execute("delete from coding where seltext in ('De kranen', 'Niemand werkt meer')")
    con.commit(); con.close()
    with pytest.raises(ExchangeError) as err:
        read_rqda(path, strict=True)
    assert err.value.code == "RK619" and "code id 99" in str(err.value) and "havens.rqda" in str(err.value)


def test_codes_categories_colours_and_descriptions(tmp_path):
    ex = _read(build(tmp_path / "havens.rqda"))
    book = {c.name: c for c in ex.codebook.walk()}
    assert book["Trots"].parent == book["Gevoel"].id and book["Werk"].parent == book["Arbeid"].id
    assert book["Woonplaats"].parent is None  # its only category was deleted
    assert book["Gevoel"].extra.get("x_refi_codable") is False and book["Trots"].extra.get("x_refi_codable", True) is True
    assert book["Trots"].color.upper() == "#FF0000" and book["Trots"].description == "Trots op het werk"
    assert "code 'Werk' is in category 'Arbeid' and also in 'Gevoel'" in "\n".join(ex.report.warnings)


def test_attributes_cases_file_categories(tmp_path):
    ex = _read(build(tmp_path / "havens.rqda"))
    docs = {t.doc_id: t.attributes for t in ex.corpus}
    assert docs["Interview Anna"]["leeftijd"] == 67 and docs["Interview Anna"]["beroep"] == "kraanmachinist"
    assert docs["Interview Anna"]["case"] == "Anna" and "oud" not in docs["Interview Anna"]
    assert docs["Interview Bert"]["locatie"] == "Rotterdam" and "beroep" not in docs["Interview Bert"]
    assert docs["Interview Anna"]["document_group"] == docs["Interview Bert"]["document_group"] == "Havenarbeiders"
    assert "case 'Bert kort' covers only part of 'Interview Bert' (characters 0-16)" in "\n".join(ex.report.not_carried)
    assert "1 image coding(s)" in "\n".join(ex.report.not_carried)
    assert "coding2" not in "\n".join(ex.report.not_carried)  # its codings are imported (test above)


def test_memos_of_every_kind(tmp_path):
    ex = _read(build(tmp_path / "havens.rqda"))
    memos = ex.memos
    by_text = {m.text: m for m in memos.itertuples()}
    assert by_text["Havenproject: interviews 2014"].target_type == "project"
    assert by_text["Anna, 67, kraanmachinist"].target == "Interview Anna"
    assert by_text["Regen in de haven."].name == "Veldwerk dag 1" and by_text["Regen in de haven."].created == "2014-03-10T12:00:00"
    assert "verwijderd" not in by_text
    note = by_text["Hier lacht ze."]
    assert note.target == "Interview Anna" and note.author == "bert" and "😀" in note.name
    assert by_text["Eerste respondent"].target == "Interview Anna"
    assert by_text["Mensen die in de haven werkten"].target_type == "project"
    assert ex.codings[ex.codings["text"] == "één familie 😀"].iloc[0]["memo"] == "kern van het interview"


def test_importing_again_adds_nothing(tmp_path):
    path = build(tmp_path / "havens.rqda")
    project = Project.create(tmp_path / "p.rkp")
    with pytest.warns(ExchangeWarning):
        project.import_rqda(path)
        project.import_rqda(path)
    assert len(project.codings()) == 7 and len(project.corpus()) == 2


def test_cli_imports_an_rqda_file(tmp_path, capsys):
    path = build(tmp_path / "havens.rqda")
    assert main(["import", str(path), "--project", str(tmp_path / "p.rkp")]) == 0
    out = capsys.readouterr().out
    assert "7 codings" in out and "(new project)" in out and "De kranen" in out
    assert len(Project.open(tmp_path / "p.rkp").codings()) == 7


def test_not_an_rqda_project(tmp_path):
    with pytest.raises(ExchangeError) as err:
        read_rqda(tmp_path / "nergens.rqda")
    assert err.value.code == "RK616" and "no such file" in str(err.value)
    text = tmp_path / "tekst.rqda"
    text.write_text("geen database", encoding="utf-8")
    with pytest.raises(ExchangeError) as err:
        read_rqda(text)
    assert err.value.code == "RK616" and "not an SQLite database" in str(err.value)
    other = tmp_path / "ander.rqda"
    con = sqlite3.connect(other)
    con.execute("create table source (name text, id integer, file text)")
    con.commit(); con.close()
    with pytest.raises(ExchangeError) as err:
        read_rqda(other)
    assert err.value.code == "RK616" and "freecode, coding missing" in str(err.value) and "ander.rqda" in str(err.value)


def test_locked_database(tmp_path, monkeypatch):
    path = build(tmp_path / "havens.rqda")
    monkeypatch.setattr(rqda_db, "LOCK_TIMEOUT", 0.05)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("begin exclusive")
    try:
        with pytest.raises(ExchangeError) as err:
            read_rqda(path)
    finally:
        writer.execute("rollback")
        writer.close()
    assert err.value.code == "RK617" and "locked" in str(err.value) and "close the project in RQDA" in str(err.value)


def test_damaged_database(tmp_path):
    path = build(tmp_path / "havens.rqda")
    data = bytearray(path.read_bytes())
    page = 4096 if len(data) > 8192 else 1024
    for i in range(page, len(data)):
        data[i] = 0xA5
    path.write_bytes(bytes(data))
    with pytest.raises(ExchangeError) as err:
        read_rqda(path)
    assert err.value.code == "RK617" and "damaged" in str(err.value)


def test_a_schema_damaged_into_bytes_that_are_not_utf8_is_a_damaged_database(tmp_path):
    """SQLite's "malformed database schema (c\\x9bding2)" cannot be decoded by Python's sqlite3 (found by the fuzz sweep)."""
    path = build(tmp_path / "havens.rqda")
    data = bytearray(path.read_bytes())
    at = data.index(b"coding2")  # in the schema table on the first page
    data[at + 1] = 0x9B
    path.write_bytes(bytes(data))
    with pytest.raises(ExchangeError) as err:
        read_rqda(path)
    assert err.value.code == "RK617" and "damaged" in str(err.value) and "havens.rqda" in str(err.value)


def test_offsets_stored_as_fractions_are_not_guessed_at(tmp_path):
    path = build(tmp_path / "havens.rqda")
    con = sqlite3.connect(path)
    con.execute("update coding set selfirst = selfirst + 0.5 where seltext = 'naast de Maas'")
    con.commit(); con.close()
    ex = _read(path)
    assert "not whole positions" in "\n".join(ex.report.warnings)
    row = ex.codings[ex.codings["text"] == "naast de Maas"].iloc[0]
    assert ex.corpus["Interview Bert"].text[row.start:row.end] == "naast de Maas"


OLD_SCHEMA = """
create table source (name text, id integer, file text, memo text, owner text, date text, dateM text, status integer);
create table freecode (name text, memo text, owner text, date text, dateM text, id integer, status integer);
create table treecode (cid integer, catid integer
                       owner text, date text, dateM text, memo text, status integer);
create table codecat (name text, cid integer, catid integer, owner text, date text, dateM text, memo text, status integer);
create table coding (cid integer, fid integer, seltext text, selfirst real, selend real, status integer,
                     owner text, date text, memo text);
create table project (encoding text, databaseversion text, date text, dateM text, memo text, BOM integer);
create table attributes (name text, status integer, date text, dateM text, owner text, memo text);
create table caseAttr (variable text, value text, caseID integer, date text, dateM text, owner text);
create table fileAttr (variable text, value text, fileID integer, date text, dateM text, owner text);
"""


def test_a_database_of_rqda_0_1_6(tmp_path):
    """Version 0.1.6: no colours, no attribute classes or value statuses, no annotations; treecode as 0.1.6 made it
    (a comma missing, so its catid column is typed ``integer owner text``)."""
    path = tmp_path / "oud.rqda"
    con = sqlite3.connect(path)
    con.executescript(OLD_SCHEMA)
    con.execute("insert into project values (null, '0.1.6', ?, null, '', null)", (WHEN,))
    con.execute("insert into source values ('Interview Anna', 1, ?, '', 'anna', ?, '', 1)", (ANNA, WHEN))
    con.execute("insert into freecode values ('Trots', '', 'anna', ?, '', 1, 1)", (WHEN,))
    con.execute("insert into codecat values ('Gevoel', null, 1, 'anna', ?, '', '', 1)", (WHEN,))
    con.execute("insert into treecode values (1, 1, ?, '', '', 1)", (WHEN,))
    a, b = _at(ANNA, "één familie 😀")
    con.execute("insert into coding values (1, 1, 'één familie 😀', ?, ?, 1, 'anna', ?, '')", (float(a), float(b), WHEN))
    con.execute("insert into fileAttr values ('leeftijd', '67', 1, ?, '', 'anna')", (WHEN,))
    con.commit(); con.close()
    ex = read_rqda(path)
    assert ex.codings[["doc_id", "text", "start", "end"]].values.tolist() == [["Interview Anna", "één familie 😀", a, b]]
    book = {c.name: c for c in ex.codebook.walk()}
    assert book["Trots"].parent == book["Gevoel"].id
    assert ex.corpus["Interview Anna"].attributes["leeftijd"] == "67"  # no class: text, as RQDA shows it
    assert ex.report.origin == "RQDA (database version 0.1.6)"


def test_cli_strict_and_extract_media_refuse_and_leave_no_project(tmp_path, capsys):
    path = build(tmp_path / "havens.rqda")
    assert main(["import", str(path), "--project", str(tmp_path / "p.rkp"), "--strict"]) != 0
    assert "[RK618]" in capsys.readouterr().err and not (tmp_path / "p.rkp").exists()
    assert main(["import", str(path), "--project", str(tmp_path / "p.rkp"), "--extract-media"]) != 0
    assert "[RK606]" in capsys.readouterr().err and not (tmp_path / "p.rkp").exists()


def test_the_connection_cannot_write_and_a_view_is_no_table(tmp_path):
    path = tmp_path / "view.rqda"
    con = sqlite3.connect(path)
    con.executescript("create table source (name text, id integer, file text, status integer);"
                      "create table freecode (name text, id integer, status integer);"
                      "create view coding as select 1 as cid, 1 as fid, 'x' as seltext, 0 as selfirst, 1 as selend;")
    con.commit(); con.close()
    with pytest.raises(ExchangeError) as err:
        read_rqda(path)
    assert err.value.code == "RK616" and "coding missing" in str(err.value)
    built = build(tmp_path / "havens.rqda")
    with rqda_db.open_rqda(built) as db:
        with pytest.raises(sqlite3.OperationalError):
            db.conn.execute("delete from coding")
    assert len(_read(built).codings) == 7

"""A transcript taken out of a project is the transcript that went in: every field, on every backend.

Schema 4 keeps what schema 3 dropped (the source's line numbers, page furniture, paragraphs,
the reader's notes, the source encoding); projects and backups of schema 3 are migrated.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from researchkit import read_corpus, read_transcript
from researchkit.errors import ProjectError
from researchkit.io import line_range
from researchkit.project import SCHEMA_VERSION, Project, migrations, schema
from researchkit.project.layout import LAYOUT_COLUMNS, LEGACY_NOTE
from researchkit.transcripts import Source, Transcript, Turn

WORDS = ["haven", "douane", "boten", "nacht", "café", "politie", "schip", "kade", "lading", "zee", "controle", "vracht", "sluis"]


def _numbered_pdf_text(path: Path) -> Path:
    """What ``pdftotext -layout`` makes of a line-numbered interview: a header and a page number
    on each page, numbers running through the pages; saved as Windows-1252 with CRLF line ends."""
    pages, n = [], 1
    for page in range(1, 4):
        body = ["            Interview R07 - vertrouwelijk", ""]
        for k in range(10):
            label = "I: " if k % 4 == 0 else "R: " if k % 4 == 1 else ""
            body.append(f"{n:>4}   {label}{WORDS[(n + page) % 13]} {WORDS[k]} {WORDS[(n * 7) % 13]}")
            n += 1
        pages.append("\n".join(body + ["", f"                         Pagina {page}"]))
    path.write_bytes("\r\n\f".join(pages).replace("\n", "\r\n").replace("\r\r\n", "\r\n").encode("cp1252"))
    return path


def _hand_built() -> Transcript:
    """A transcript with every field (and every field of its turns and source) set to a non-default value."""
    text = "Titel\nI: Waar was u?\n- 1 -\nR: In de haven,\n's nachts.\n"
    return Transcript(
        "R01",
        text,
        turns=(Turn("I", "interviewer", 9, 20, 12.5), Turn("R", "respondent", 30, 53, 17.25)),
        attributes={"port": "Delfzijl", "age": 54, "weight": 0.5, "retired": True, "missing": None, "ports": ["Urk", "Harlingen"]},
        source=Source("intake/R01.txt", "a" * 64, "text", "utf-16"),
        paragraphs=((0, 5), (6, 53)),
        notes=("decoded as utf-16 (BOM)", "page furniture set apart:\n1 page number"),
        furniture=((21, 26),),
        line_numbers=((6, 112), (21, 113), (27, 114), (43, 115)),
        sync_points=((6, 12500), (27, 17250), (43, 19800)),
    )


def _non_default(obj: object) -> list[str]:
    """The dataclass fields of ``obj`` that still hold their default (a field the test forgets)."""
    out = []
    for f in dataclasses.fields(obj):
        if f.default is not dataclasses.MISSING:
            default = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            continue
        if getattr(obj, f.name) == default:
            out.append(f.name)
    return out


def _assert_same(back: Transcript, original: Transcript) -> None:
    for f in dataclasses.fields(Transcript):
        assert getattr(back, f.name) == getattr(original, f.name), f.name
    assert back == original


def test_the_round_trip_fixture_sets_every_field():
    """When Transcript, Turn or Source gets a field, this fails until the round trip below sets (and so checks) it."""
    t = _hand_built()
    assert _non_default(t) == []
    assert _non_default(t.source) == []
    assert all(_non_default(turn) == [] for turn in t.turns)
    assert t.paragraphs != Transcript(t.doc_id, t.text).paragraphs  # not the paragraphs the store could recompute


def test_every_field_comes_back(project):
    original = _hand_built()
    bare = Transcript("R02", "")  # no turns, no source, nothing
    assert project.add_documents([original, bare]).documents["status"].tolist() == ["added", "added"]
    back = project.corpus()
    _assert_same(back["R01"], original)
    _assert_same(back["R02"], bare)
    assert project.add_documents([original, bare]).documents["status"].tolist() == ["unchanged", "unchanged"]


def test_sync_points_are_kept_with_the_text_they_fit(project):
    """Sync points are a fact tied to the document's text: a changed text drops them, a text read again
    without them keeps them, and a pseudonymised copy moves them with the text."""
    original = _hand_built()
    project.add_documents(original)
    assert project.corpus()["R01"].sync_points == original.sync_points
    assert project.corpus()["R01"].time_at(44) == 19.8
    project.add_documents(dataclasses.replace(original, sync_points=()))  # the same text, read from a file without times
    assert project.corpus()["R01"].sync_points == original.sync_points
    changed = dataclasses.replace(original, text=original.text.replace("Titel", "Kop  "), sync_points=())
    project.add_documents(changed)
    assert project.corpus()["R01"].sync_points == ()  # their offsets are not known to fit the new text
    project.add_documents(dataclasses.replace(changed, sync_points=((6, 1000),)))
    assert project.corpus()["R01"].sync_points == ((6, 1000),)


def test_a_read_transcript_keeps_its_line_numbers_furniture_and_notes(project, tmp_path):
    original = read_transcript(_numbered_pdf_text(tmp_path / "R07.txt"))
    assert original.source.encoding == "cp1252" and len(original.line_numbers) == 30 and len(original.furniture) == 6
    project.add_documents(original)
    back = project.corpus(doc_ids=["R07"])["R07"]
    _assert_same(back, original)
    coding = project.code("R07", quote=back.turn_text(back.turns[3]), code="HAV", coder="anna").iloc[0]
    assert line_range(back, int(coding["start"]), int(coding["end"])) == (6, 8)
    assert back.spoken_text(back.turns[-1].start, back.turns[-1].end) == original.spoken_text(original.turns[-1].start, original.turns[-1].end)


def test_a_read_corpus_with_subtitles_and_an_attribute_sheet_comes_back_equal(project, tmp_path):
    import openpyxl

    folder = tmp_path / "corpus"
    folder.mkdir()
    _numbered_pdf_text(folder / "R07.txt")
    (folder / "R08.vtt").write_text(
        "WEBVTT\n\n00:00:01.500 --> 00:00:04.000\n<v Interviewer>Waar was u die nacht?\n\n"
        "00:00:04.250 --> 00:00:09.000\n<v Jan>In de haven van Delfzijl, bij de sluis.\n", encoding="utf-8")
    book = openpyxl.Workbook()
    for row in (["doc_id", "port", "age"], ["R07", "Urk", 54], ["R08", "Delfzijl", 61]):
        book.active.append(row)
    book.save(tmp_path / "attributes.xlsx")
    corpus = read_corpus(folder, attributes=tmp_path / "attributes.xlsx")
    assert [u.timestamp for u in corpus["R08"].turns] == [1.5, 4.25] and corpus["R08"].source.format == "vtt"
    project.add_documents(corpus)
    back = project.corpus()
    assert back.doc_ids == corpus.doc_ids
    for doc_id in corpus.doc_ids:
        _assert_same(back[doc_id], corpus[doc_id])


def test_a_changed_document_brings_its_new_layout_and_its_codings_their_new_lines(project, tmp_path):
    first = read_transcript(_numbered_pdf_text(tmp_path / "R07.txt"))
    project.add_documents(first)
    passage = first.turn_text(first.turns[3])
    project.code("R07", quote=passage, code="HAV", coder="anna")
    # the transcriber adds a line at the top: every line number and span moves down
    text = first.text.replace("Interview R07", "Interview R07 (gecorrigeerd)", 1)
    shift = len(" (gecorrigeerd)")
    second = Transcript(
        "R07", text, tuple(dataclasses.replace(u, start=u.start + shift, end=u.end + shift) for u in first.turns),
        first.attributes, first.source, furniture=tuple((s + shift if s else 0, e + shift) for s, e in first.furniture),
        line_numbers=tuple((o + shift, n + 100) for o, n in first.line_numbers), notes=("numbered from 101",),
    )
    report = project.add_documents(second)
    assert report.documents["status"].tolist() == ["changed"] and report.codings["status"].tolist() == ["moved"]
    back = project.corpus()["R07"]
    _assert_same(back, second)
    coding = project.codings().iloc[0]
    assert back.text[coding["start"]:coding["end"]] == passage
    assert line_range(back, int(coding["start"]), int(coding["end"])) == (106, 108)
    # only the layout changes (a better reader): "updated", and the audit log says what changed, by size
    third = dataclasses.replace(second, line_numbers=second.line_numbers[:10], notes=())
    assert project.add_documents(third).documents["status"].tolist() == ["updated"]
    _assert_same(project.corpus()["R07"], third)
    entry = project.history(target="document:R07").iloc[-1]
    before, after = json.loads(entry["before"]), json.loads(entry["after"])
    assert (before["line_numbers"], after["line_numbers"], before["notes"], after["notes"]) == (30, 10, '["numbered from 101"]', "[]")


@pytest.mark.parametrize("field, value, shown", [
    ("furniture", ((3, 99),), "furniture #1 [3, 99]"),
    ("line_numbers", ((0, 1), (-1, 2)), "line_numbers #2 [-1, 2]"),
    ("paragraphs", ((2, 1),), "paragraphs #1 [2, 1]"),
])
def test_offsets_outside_the_text_are_refused_and_nothing_is_written(project, field, value, shown):
    good = Transcript("R01", "R: ja")
    bad = dataclasses.replace(Transcript("R02", "R: nee"), **{field: value})
    with pytest.raises(ProjectError) as info:
        project.add_documents([good, bad])
    assert info.value.code == "RK334" and "'R02'" in str(info.value) and shown in str(info.value)
    assert project.documents().empty


def test_a_damaged_stored_layout_is_named(project):
    project.add_documents(Transcript("R01", "R: ja", line_numbers=((0, 1),)))
    with project.engine.begin() as conn:
        conn.execute(schema.documents.update().values(line_numbers="[[0,1],[40,2]]"))
    with pytest.raises(ProjectError) as info:
        project.corpus()
    assert info.value.code == "RK335" and "line_numbers #2 [40, 2]" in str(info.value)


# --------------------------------------------------------------------------- backup and restore


def test_backup_and_restore_keep_everything(project, tmp_path):
    read = read_transcript(_numbered_pdf_text(tmp_path / "R07.txt"))
    project.add_documents([_hand_built(), read])
    folder = project.backup(tmp_path / "backup")
    with open(folder / "documents.csv", encoding="utf-8", newline="") as fh:
        rows = {r["doc_id"]: r for r in csv.DictReader(fh)}
    assert json.loads(rows["R07"]["line_numbers"])[:2] == [[30, 1], [50, 2]] and rows["R07"]["source_encoding"] == "cp1252"
    with Project.restore(folder, tmp_path / "copy.rkp") as copy:
        for doc_id in ("R01", "R07"):
            _assert_same(copy.corpus()[doc_id], project.corpus()[doc_id])
        again = copy.backup(tmp_path / "again")
    assert {p.name: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == {p.name: p.read_bytes() for p in again.rglob("*") if p.is_file()}


def test_a_damaged_layout_in_a_backup_is_refused(project, tmp_path):
    project.add_documents(_hand_built())
    folder = project.backup(tmp_path / "backup")
    path = folder / "documents.csv"
    path.write_text(path.read_text(encoding="utf-8").replace('[[21,26]]', '[[21,260]]'), encoding="utf-8")
    with pytest.raises(ProjectError) as info:
        Project.restore(folder, tmp_path / "copy.rkp")
    assert info.value.code == "RK322" and "documents.csv, line 2" in str(info.value) and "furniture #1 [21, 260]" in str(info.value)
    assert not (tmp_path / "copy.rkp").exists()


def test_a_long_transcript_survives_backup_and_restore(project, tmp_path):
    """The paragraph spans of a 500 KB transcript (12 000 paragraphs) make a documents.csv field longer
    than csv's 128 KiB default: the backup was written but could not be restored (a bare csv.Error)."""
    lines = "".join(f"{'I' if k % 2 == 0 else 'R'}: paragraph number {k} of the interview\n\n" for k in range(12_000))
    (tmp_path / "long.txt").write_text(lines, encoding="utf-8")
    read = read_transcript(tmp_path / "long.txt")
    project.add_documents(read)
    folder = project.backup(tmp_path / "backup")
    with Project.restore(folder, tmp_path / "copy.rkp") as copy:
        assert copy.corpus()["long"].paragraphs == read.paragraphs and len(read.paragraphs) == 12_000


@pytest.mark.parametrize("column, value, shown", [
    ("paragraphs", "[" * 100_000, "paragraphs is not usable JSON (RecursionError"),
    ("notes", "[" + "9" * 5000 + "]", "notes is not usable JSON (ValueError"),
    ("furniture", '{"a": 1}', "furniture is {'a': 1}, not a list"),
    ("line_numbers", "[[0, 1e400]]", "line_numbers #1 [0, inf]"),
])
def test_malformed_layout_json_in_a_backup_is_named(project, tmp_path, column, value, shown):
    """JSON nested 100 000 deep raised a bare RecursionError; a 5000-digit number a bare ValueError."""
    project.add_documents(_hand_built())
    folder = project.backup(tmp_path / "backup")
    path = folder / "documents.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0][column] = value
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(ProjectError) as info:
        Project.restore(folder, tmp_path / "copy.rkp")
    assert info.value.code == "RK322" and "documents.csv, line 2" in str(info.value) and shown in str(info.value)
    assert not (tmp_path / "copy.rkp").exists()


@pytest.mark.parametrize("damage", ["latin1", "manifest", "manifest-list", "manifest-version"])
def test_a_damaged_backup_file_is_named_not_a_bare_error(project, tmp_path, damage):
    """Latin-1 bytes in documents.csv, and a project.json that is not JSON or not an object, raised
    UnicodeDecodeError, JSONDecodeError, AttributeError or ValueError."""
    project.add_documents(_hand_built())
    folder = project.backup(tmp_path / "backup")
    path, data = folder / "documents.csv", (folder / "documents.csv").read_bytes()
    if damage == "latin1":
        path.write_bytes(data + "caf\u00e9\n".encode("latin-1"))
    else:
        path = folder / "project.json"
        manifest = json.loads(path.read_text(encoding="utf-8"))
        text = {"manifest": "{not json", "manifest-list": "[1, 2]",
                "manifest-version": json.dumps({**manifest, "schema_version": "four"})}[damage]
        path.write_text(text, encoding="utf-8")
    with pytest.raises(ProjectError) as info:
        Project.restore(folder, tmp_path / "copy.rkp")
    assert info.value.code == "RK322" and path.name in str(info.value)
    assert not (tmp_path / "copy.rkp").exists()


# --------------------------------------------------------------------------- a project of schema 3


V3_TEXT = "I: Waar was u?\nR: In de haven van Harlingen."


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(url if "://" in url else f"sqlite:///{url}")


def _schema_3_project(url: str) -> None:
    """A project as researchkit with schema 3 wrote it: its tables, and rows in their columns only."""
    stamp = "2026-11-01T10:00:00.000000Z"
    engine = _engine(url)
    with engine.begin() as conn:
        assert migrations.upgrade(conn, target=3) == [1, 2, 3]
        assert not {c["name"] for c in sa.inspect(conn).get_columns("rk_documents")} & set(LAYOUT_COLUMNS)
        conn.execute(schema.project_table.insert(), [{"key": "uuid", "value": "v3-project"}, {"key": "created", "value": stamp}])
        conn.execute(schema.coders.insert().values(name="anna", kind="person", created=stamp))
        conn.execute(schema.documents.insert().values(
            doc_id="R01", uuid="11111111-1111-4111-8111-111111111111", text=V3_TEXT,
            sha256=hashlib.sha256(V3_TEXT.encode("utf-8")).hexdigest(), attributes='{"port":"Harlingen"}',
            source_path="R01.txt", source_sha256="b" * 64, source_format="text", created=stamp, updated=stamp,
        ))
        conn.execute(schema.turns.insert(), [
            {"doc_id": "R01", "turn": 0, "speaker": "I", "role": "interviewer", "start": 3, "end": 14, "timestamp": 1.5},
            {"doc_id": "R01", "turn": 1, "speaker": "R", "role": "respondent", "start": 18, "end": 44, "timestamp": 4.0},
        ])
        conn.execute(schema.codings.insert().values(
            id="c-1", doc_id="R01", start=24, end=29, code="HAV", coder="anna", source="manual", text="haven", created=stamp, anchored=True,
        ))
    engine.dispose()


def _legacy(back: Transcript) -> None:
    assert back.text == V3_TEXT and back.attributes == {"port": "Harlingen"}
    assert [(u.speaker, u.start, u.end, u.timestamp) for u in back.turns] == [("I", 3, 14, 1.5), ("R", 18, 44, 4.0)]
    assert back.source == Source("R01.txt", "b" * 64, "text", None)
    assert back.notes == (LEGACY_NOTE,) and back.line_numbers == () and back.furniture == ()
    assert back.paragraphs == ((0, 14), (15, 44))
    assert line_range(back, 18, 44) is None


def test_a_schema_3_project_is_read_read_only_and_migrated_on_open(project_url, tmp_path):
    _schema_3_project(project_url)
    with Project.open(project_url, read_only=True) as p:
        assert p.schema_version == 3
        _legacy(p.corpus()["R01"])
        folder = p.backup(tmp_path / "v3-backup")  # a backup of schema 3: no layout columns
    assert json.loads((folder / "project.json").read_text(encoding="utf-8"))["schema_version"] == 3
    assert not set(LAYOUT_COLUMNS) & set((folder / "documents.csv").read_text(encoding="utf-8").split("\n")[0].split(","))
    with Project.restore(folder, tmp_path / "restored.rkp") as restored:
        _legacy(restored.corpus()["R01"])
    with Project.open(project_url) as p:
        assert p.schema_version == SCHEMA_VERSION == 4
        assert p.uuid == "v3-project" and p.history()["action"].tolist() == ["migrate"]
        _legacy(p.corpus()["R01"])
        assert p.codings()[["id", "start", "end", "text"]].values.tolist() == [["c-1", 24, 29, "haven"]]
        # reading the source again brings what schema 3 lost; the coding stays
        fresh = Transcript("R01", V3_TEXT, p.corpus()["R01"].turns, {"port": "Harlingen"}, Source("R01.txt", "b" * 64, "text", "utf-8"),
                           line_numbers=((0, 7), (15, 8)), notes=("line numbers taken out of the text",))
        assert p.add_documents(fresh).documents["status"].tolist() == ["updated"]
        _assert_same(p.corpus()["R01"], fresh)
        assert line_range(p.corpus()["R01"], 24, 29) == (8, 8) and len(p.codings()) == 1


def test_a_failing_migration_leaves_the_schema_3_project_as_it_was(project_url, monkeypatch):
    _schema_3_project(project_url)
    real = migrations.MIGRATIONS[4]

    def half_done(conn: sa.Connection) -> None:
        real(conn)  # the columns are added and filled, then something goes wrong
        raise RuntimeError("power cut")

    monkeypatch.setitem(migrations.MIGRATIONS, 4, half_done)
    with pytest.raises(RuntimeError, match="power cut"):
        Project.open(project_url)
    engine = _engine(project_url)
    with engine.connect() as conn:
        assert migrations.current_version(conn) == 3
        assert not {c["name"] for c in sa.inspect(conn).get_columns("rk_documents")} & set(LAYOUT_COLUMNS)
        assert conn.execute(sa.select(schema.documents.c.text)).scalars().all() == [V3_TEXT]
    engine.dispose()
    monkeypatch.setitem(migrations.MIGRATIONS, 4, real)
    with Project.open(project_url) as p:
        assert p.schema_version == 4
        _legacy(p.corpus()["R01"])

"""Nothing lost: bad files, newer schemas, read-only files, migrations, SIGKILL, concurrent writers."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from project_fixtures import bulk_codings, bulk_text, make_corpus

from researchkit.errors import ProjectError
from researchkit.project import SCHEMA_VERSION, Project, migrations, schema

HERE = Path(__file__).resolve().parent
CHILD_PRELUDE = f"import sys; sys.path.insert(0, {str(HERE)!r})\n"


def _folder_state(folder: Path) -> dict[str, str]:
    """Names and sha256 of every file in ``folder`` (read only after every connection is closed)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _run_child(code: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", CHILD_PRELUDE + textwrap.dedent(code), *args],
        capture_output=True, text=True, timeout=timeout,
    )


def _cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return _run_child("from researchkit.cli import main; sys.exit(main(sys.argv[1:]))", *args, timeout=timeout)


# --------------------------------------------------------------------------- refusing bad files


def _plain_sqlite(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (x TEXT)")
    con.execute("INSERT INTO notes VALUES ('hallo')")
    con.commit()
    con.close()


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda p: p.write_bytes(os.urandom(4096)), id="random-bytes"),
        pytest.param(lambda p: p.write_text("doc_id,start,end\nR01,1,2\n" * 50), id="csv-text"),
        pytest.param(lambda p: p.write_bytes(b""), id="empty-file"),
        pytest.param(lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84), id="truncated-header"),
        pytest.param(_plain_sqlite, id="someone-elses-database"),
    ],
)
def test_not_a_project_is_refused_and_nothing_is_written(tmp_path, make):
    path = tmp_path / "study.rkp"
    make(path)
    before, mtime = _folder_state(tmp_path), path.stat().st_mtime_ns
    with pytest.raises(ProjectError) as info:
        Project.open(path)
    assert info.value.code == "RK310" and "not a researchkit project" in str(info.value)
    assert _folder_state(tmp_path) == before and path.stat().st_mtime_ns == mtime


def test_missing_file_and_folder_are_clear_errors(tmp_path):
    with pytest.raises(ProjectError) as info:
        Project.open(tmp_path / "nope.rkp")
    assert info.value.code == "RK314"
    with pytest.raises(ProjectError) as info:
        Project.open(tmp_path)
    assert info.value.code == "RK310"
    assert list(tmp_path.iterdir()) == []


def test_newer_schema_is_refused_and_nothing_is_written(project_url, rk_backend, tmp_path):
    Project.create(project_url).close()
    engine = _engine(project_url)
    with engine.begin() as conn:
        conn.execute(schema.schema_table.insert().values(version=SCHEMA_VERSION + 1, applied="2030-01-01T00:00:00Z", researchkit="9.0"))
        audit_rows = conn.execute(sa.select(sa.func.count()).select_from(schema.audit)).scalar()
    engine.dispose()
    before = _folder_state(tmp_path) if rk_backend == "sqlite" else None
    with pytest.raises(ProjectError) as info:
        Project.open(project_url)
    assert info.value.code == "RK311" and f"schema version {SCHEMA_VERSION + 1}" in str(info.value)
    if rk_backend == "sqlite":
        assert _folder_state(tmp_path) == before
    engine = _engine(project_url)
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.audit)).scalar() == audit_rows
    engine.dispose()


def test_read_only_file_is_refused_unless_asked_for(tmp_path, corpus):
    path = tmp_path / "study.rkp"
    with Project.create(path) as p:
        p.add_documents(corpus)
        p.code("R02", quote="goed samen", code="SAM", coder="anna")
    path.chmod(0o444)
    try:
        before = _folder_state(tmp_path)
        with pytest.raises(ProjectError) as info:
            Project.open(path)
        assert info.value.code == "RK312" and "read-only" in str(info.value)
        assert _folder_state(tmp_path) == before
        with Project.open(path, read_only=True) as p:
            assert p.codings()["text"].tolist() == ["goed samen"]
            with pytest.raises(ProjectError) as info:
                p.code("R02", quote="politie", occurrence=1, code="SAM", coder="anna")
            assert info.value.code == "RK312"
    finally:
        path.chmod(0o644)


# --------------------------------------------------------------------------- migrations


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(url if "://" in url else f"sqlite:///{url}")


def test_version_1_project_is_migrated_on_open(project_url, rk_backend):
    engine = _engine(project_url)
    with engine.begin() as conn:
        assert migrations.upgrade(conn, target=1) == [1]
        conn.execute(schema.project_table.insert(), [{"key": "uuid", "value": "v1-project"}, {"key": "created", "value": "2026-01-01T00:00:00Z"}])
        conn.execute(schema.coders.insert().values(name="anna", kind="person", created="2026-01-01T00:00:00Z"))
        conn.execute(schema.documents.insert().values(
            doc_id="R01", uuid="u-1", text="R: ja", sha256=hashlib.sha256(b"R: ja").hexdigest(), attributes="{}",
            created="2026-01-01T00:00:00Z", updated="2026-01-01T00:00:00Z",
        ))
        conn.execute(schema.codings.insert().values(
            id="c-1", doc_id="R01", start=3, end=5, code="JA", coder="anna", source="manual", text="ja",
            created="2026-01-01T00:00:00Z", anchored=True,
        ))
        conn.execute(schema.audit.insert().values(at="2026-01-01T00:00:00Z", who="anna", action="old", target="x"))
    engine.dispose()

    with Project.open(project_url, read_only=True) as p:  # reading does not migrate
        assert p.schema_version == 1
    with Project.open(project_url) as p:
        assert p.schema_version == SCHEMA_VERSION == max(migrations.MIGRATIONS)
        assert p.uuid == "v1-project"
        assert p.codings()["id"].tolist() == ["c-1"]
        assert p.history()["action"].tolist() == ["old", "migrate"]
        indexes = {ix["name"] for ix in sa.inspect(p.engine).get_indexes("rk_codings")}
        assert {"ix_rk_codings_coder", "ix_rk_codings_code"} <= indexes
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):  # the v2 guard is in place
            with p.engine.begin() as conn:
                conn.exec_driver_sql("DELETE FROM rk_audit")


def test_migrations_are_numbered_without_gaps():
    assert sorted(migrations.MIGRATIONS) == list(range(1, SCHEMA_VERSION + 1))


# --------------------------------------------------------------------------- SIGKILL in a 10,000-coding import

KILL_CHILD = """
import os
import time
import sqlalchemy as sa
from project_fixtures import bulk_codings
from researchkit.project import Project

path, marker = sys.argv[1], sys.argv[2]
project = Project.open(path, user="importer")
frame = bulk_codings(project.text("BULK"), 10_000)
batches = []

@sa.event.listens_for(project.engine, "before_cursor_execute")
def _slow_down(conn, cursor, statement, params, context, executemany):
    if executemany and statement.startswith("INSERT INTO rk_codings"):
        batches.append(len(params))
        if len(batches) == 3:  # 4,000 rows are in the open transaction
            with open(marker + ".part", "w") as fh:  # (renamed whole: the parent never sees an empty marker)
                fh.write(str(sum(batches[:-1])))
            os.replace(marker + ".part", marker)
            time.sleep(60)

project.add_codings(frame)
print("committed")
"""


def test_sigkill_in_the_middle_of_an_import_leaves_all_or_nothing(tmp_path):
    path = tmp_path / "study.rkp"
    text = bulk_text(10_000)
    with Project.create(path) as p:
        p.add_documents(make_corpus({"BULK": text}))
    marker = tmp_path / "inside-transaction"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD_PRELUDE + KILL_CHILD, str(path), str(marker)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not marker.exists():
            if child.poll() is not None:
                pytest.fail(f"child ended before the import began: {child.communicate()}")
            if time.monotonic() > deadline:
                pytest.fail("the import never began")
            time.sleep(0.02)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    assert marker.read_text() == "4000"  # the kill came with rows written but not committed

    with Project.open(path) as p:
        assert p.integrity_check() == "ok"
        assert len(p.codings(coder="rules")) == 0  # nothing of the killed import
        assert "add_codings" not in set(p.history()["action"])
        # the database is not left locked: the same import now goes through completely
        p.add_codings(bulk_codings(text, 10_000))
        assert len(p.codings(coder="rules")) == 10_000
        assert p.integrity_check() == "ok"


# --------------------------------------------------------------------------- concurrent writers

WRITER_CHILD = """
import time
from pathlib import Path
from project_fixtures import bulk_codings
from researchkit.project import Project

url, coder, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
project = Project.open(url, user=coder)
frame = bulk_codings(project.text("BULK"), 600, coder=coder)
frame["source"] = "manual"
Path(f"{go}.{coder}.ready").write_text("ready")
while not go.exists():
    time.sleep(0.005)
began = time.time()
for k in range(0, 600, 40):
    project.add_codings(frame.iloc[k : k + 40])
project.code("BULK", quote="woord000700", code="HAV", coder=coder)
project.memo(f"{coder} done", author=coder)
project.close()
print(began, time.time())
"""


def test_two_processes_write_at_the_same_time(project_url, rk_backend, tmp_path):
    with Project.create(project_url) as p:
        p.add_documents(make_corpus({"BULK": bulk_text(1000)}))
    go = tmp_path / "go"
    children = [
        subprocess.Popen([sys.executable, "-c", CHILD_PRELUDE + WRITER_CHILD, project_url, coder, str(go)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for coder in ("anna", "bert")
    ]
    deadline = time.monotonic() + 60
    while not all(Path(f"{go}.{c}.ready").exists() for c in ("anna", "bert")):  # both poll for "go" now
        assert all(c.poll() is None for c in children), [c.communicate() for c in children]
        assert time.monotonic() < deadline, "writers never became ready"
        time.sleep(0.01)
    go.write_text("go")
    results = [c.communicate(timeout=120) for c in children]
    for child, (out, err) in zip(children, results):
        assert child.returncode == 0, err
    spans = [tuple(map(float, out.split())) for out, _ in results]
    assert max(s for s, _ in spans) < min(e for _, e in spans), "the two writers did not overlap in time"
    with Project.open(project_url) as p:
        counts = p.codings().groupby("coder").size().to_dict()
        assert counts == {"anna": 601, "bert": 601}
        assert p.coders()["name"].tolist() == ["anna", "bert"]
        writers = p.history(action="add_codings")["who"].tolist()
        assert sorted(writers) == ["anna"] * 15 + ["bert"] * 15
        assert sorted(p.memos()["text"]) == ["anna done", "bert done"]
        assert p.integrity_check() == "ok"


def test_notebook_holds_the_project_open_while_the_cli_writes(tmp_path, corpus):
    path = tmp_path / "study.rkp"
    notebook = Project.create(path, user="anna")
    notebook.add_documents(corpus)
    notebook.code("R01", quote="vreemde", code="SIG", coder="anna")
    held = notebook.engine.connect()  # e.g. a DataFrame being read in a notebook cell
    held.begin()
    assert held.execute(sa.select(sa.func.count()).select_from(schema.codings)).scalar() == 1
    second = Project.open(path)  # probing the header again must not disturb the held connection
    result = _cli("code", "R02", "--project", str(path), "--code", "SAM", "--coder", "bert", "--quote", "goed samen")
    assert result.returncode == 0, result.stderr
    # the held snapshot is stable; a new read sees the colleague's coding
    assert held.execute(sa.select(sa.func.count()).select_from(schema.codings)).scalar() == 1
    held.rollback()
    held.close()
    assert notebook.codings()["coder"].tolist() == ["anna", "bert"]
    notebook.code("R02", quote="politie", occurrence=2, code="SAM", coder="anna")
    assert len(second.codings()) == 3
    second.close()
    assert notebook.integrity_check() == "ok"
    notebook.close()


LOCK_PROBE = """
import sqlite3
con = sqlite3.connect(sys.argv[1], timeout=0.3)
try:
    con.execute("BEGIN IMMEDIATE")
    print("acquired")
except sqlite3.OperationalError as err:
    print("blocked:", err)
"""


def test_probing_a_file_keeps_this_process_locks(tmp_path, corpus):
    """Opening a project again while this process writes to it must not drop SQLite's locks."""
    path = tmp_path / "study.rkp"
    with Project.create(path) as p:
        p.add_documents(corpus)
        with p._write() as conn:  # an open write transaction holds the write lock
            conn.execute(schema.memos.insert().values(
                id="m1", target_type="project", target="", author="anna", text="x", created="t", updated="t",
            ))
            Project.open(path).close()  # header check + connect + dispose in the same process
            result = _run_child(LOCK_PROBE, str(path))
            assert result.stdout.startswith("blocked"), result.stdout + result.stderr
        assert p.memos()["id"].tolist() == ["m1"]
        assert p.integrity_check() == "ok"

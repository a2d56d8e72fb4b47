"""Hostile input and faults (issue 21.7, 21.8): owner-only files, NUL characters, a full disk,
and two writers storing the same coding — clear RK errors, nothing half-written."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from project_fixtures import TEXT_R01, bulk_codings, bulk_text, make_corpus

from researchkit.errors import ProjectError
from researchkit.project import Project

HERE = Path(__file__).resolve().parent


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --------------------------------------------------------------------------- 21.7 owner-only files


def test_project_backup_and_snapshot_are_owner_only(tmp_path, corpus):
    old = os.umask(0o022)  # a usual umask: files would be 0644 without the care taken
    try:
        with Project.create(tmp_path / "study.rkp") as p:
            p.add_documents(corpus)
            p.code("R02", quote="goed samen", code="SAM", coder="anna")
            assert _mode(tmp_path / "study.rkp") == 0o600
            assert _mode(tmp_path / "study.rkp-wal") == 0o600 and _mode(tmp_path / "study.rkp-shm") == 0o600
            folder = p.backup(tmp_path / "backup")
            snap = p.snapshot(tmp_path / "snap.rkp")
    finally:
        os.umask(old)
    assert _mode(folder) == 0o700 and _mode(snap) == 0o600
    entries = list(folder.rglob("*"))
    assert {_mode(e) for e in entries if e.is_dir()} == {0o700}
    assert {_mode(e) for e in entries if e.is_file()} == {0o600} and len(entries) > 10


# --------------------------------------------------------------------------- 21.8 NUL characters


def test_nul_characters_are_refused_up_front_naming_the_field(filled):
    before = filled.history()
    t = TEXT_R01
    df = pd.DataFrame({"doc_id": ["R01", "R01"], "start": [t.index("haven"), t.index("boten")], "end": [t.index("haven") + 5, t.index("boten") + 5],
                       "code": ["HAV", "SIG"], "source": ["rules", "rules"], "memo": [None, "kapot\x00"]})
    with pytest.raises(ProjectError) as info:
        filled.add_codings(df, coder="rules")
    assert info.value.code == "RK331" and "column 'memo' of row 1" in str(info.value)
    with pytest.raises(ProjectError) as info:
        filled.memo("een\x00memo", document="R01")
    assert info.value.code == "RK331" and "memo text" in str(info.value)
    with pytest.raises(ProjectError) as info:
        filled.add_documents(make_corpus({"R03": "R: tekst met \x00 erin"}))
    assert info.value.code == "RK331" and "document 'R03': text" in str(info.value)
    with pytest.raises(ProjectError) as info:
        filled.code("R01", quote="haven\x00", code="HAV", coder="anna")
    assert info.value.code == "RK331"
    pd.testing.assert_frame_equal(filled.history(), before)  # nothing was written
    assert filled.codings().empty and filled.memos().empty and len(filled.documents()) == 2


# --------------------------------------------------------------------------- 21.8 a full disk


def _limit_pages(project: Project, pages: int | None) -> None:
    """Make every new connection of ``project`` see a database of at most ``pages`` pages (SQLite's max_page_count)."""
    def on_connect(dbapi_connection, _record):
        if pages is not None:
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    sa.event.listen(project.engine, "connect", on_connect)
    project.engine.dispose()


def test_full_database_is_a_clear_error_and_nothing_is_written(tmp_path):
    text = bulk_text(20_000)
    with Project.create(tmp_path / "study.rkp") as p:
        p.add_documents(make_corpus({"BULK": text}))
        with p.engine.connect() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
        _limit_pages(p, pages + 4)  # room for a few pages only: "database or disk is full"
        before = p.history()
        with pytest.raises(ProjectError) as info:
            p.add_codings(bulk_codings(text, 5000))
        assert info.value.code == "RK330" and "nothing was written" in str(info.value)
        assert p.codings().empty and p.history().equals(before)
        assert p.integrity_check() == "ok"


_FULL_DISK_CHILD = """
import resource, signal, sys
from pathlib import Path
sys.path.insert(0, {here!r})
from project_fixtures import bulk_text, make_corpus
from researchkit.errors import ProjectError
from researchkit.project import Project

folder = Path(sys.argv[1])
with Project.create(folder / "study.rkp") as p:
    p.add_documents(make_corpus({{"BULK": bulk_text(60_000)}}))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)                 # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))  # no file may grow past 200 kB: a "full disk"
    for action in ("backup", "snapshot"):
        try:
            p.backup(folder / "backup") if action == "backup" else p.snapshot(folder / "snap.rkp")
            print(action, "written")
        except ProjectError as err:
            print(action, err.code)
"""


def test_full_disk_during_backup_and_snapshot_leaves_no_half_files(tmp_path):
    child = subprocess.run([sys.executable, "-c", textwrap.dedent(_FULL_DISK_CHILD.format(here=str(HERE))), str(tmp_path)],
                           capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, child.stderr
    assert child.stdout.split("\n")[:2] == ["backup RK330", "snapshot RK330"], child.stdout + child.stderr
    assert "Traceback" not in child.stderr
    left = [x.name for x in tmp_path.iterdir() if x.name not in ("study.rkp", "study.rkp-wal", "study.rkp-shm")]
    assert left == []  # no backup folder, staging folder or partial snapshot


# --------------------------------------------------------------------------- 21.8 two writers, same coding


def _waiting_for_a_lock(url: str) -> bool:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return bool(conn.exec_driver_sql(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").scalar())
    finally:
        engine.dispose()


@pytest.mark.parametrize("rk_backend", ["postgresql"], indirect=True)
def test_two_writers_storing_the_same_codings_with_skip(project_url, corpus):
    with Project.create(project_url, user="anna") as setup:
        setup.add_documents(corpus)
    t = TEXT_R01
    rows = pd.DataFrame({"doc_id": ["R01", "R01"], "start": [t.index("haven"), t.index("boten")],
                         "end": [t.index("haven") + 5, t.index("boten") + 5], "code": ["HAV", "SIG"], "source": ["rules", "rules"]})
    first, second = Project.open(project_url), Project.open(project_url)
    results: dict[str, object] = {}

    def late_writer() -> None:
        try:
            results["second"] = second.add_codings(rows, coder="rules", on_duplicate="skip")
        except BaseException as err:  # recorded, asserted below
            results["second"] = err

    try:
        with first.transaction():
            results["first"] = first.add_codings(rows, coder="rules", on_duplicate="skip")
            thread = threading.Thread(target=late_writer)
            thread.start()  # its check finds nothing (not committed yet); its insert waits for this transaction
            for _ in range(400):
                if _waiting_for_a_lock(project_url):
                    break
                time.sleep(0.05)
            else:
                raise AssertionError("the second writer never waited for the first")
        thread.join(timeout=60)
        assert not isinstance(results["second"], BaseException), results["second"]
        assert len(results["first"]) == 2 and len(results["second"]) == 0  # skip really skipped
        assert len(first.codings()) == 2
        assert first.history(action="add_codings")["after"].str.contains('"count":2').tolist() == [True]
    finally:
        first.close()
        second.close()

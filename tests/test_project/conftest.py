"""Fixtures and hooks for the project-store tests: every store test runs on each backend.

Backends: SQLite always; PostgreSQL when ``RESEARCHKIT_TEST_PG_URL`` names a server
(``.ci/postgres.sh`` starts one and prints the URL). Without it the PostgreSQL
parameters are *deselected* (not skipped) and the terminal summary says which
backends ran. With ``RESEARCHKIT_REQUIRE_PG=1`` a missing or unreachable server fails
the run. The session creates its own uniquely named database and drops it at the
end; every test gets its own schema in it (``search_path``), so tests never share
tables.

This directory is named ``test_project`` (not ``project``) on purpose: pytest loads
``conftest.py`` of ``tests/test*`` folders up front, so that these hooks also run in
the xdist controller of ``make test`` and the summary line is printed there.
"""

from __future__ import annotations

import os
import re
import secrets
import sys
from pathlib import Path
from typing import Iterator

import pytest

PG_ENV = "RESEARCHKIT_TEST_PG_URL"
REQUIRE_ENV = "RESEARCHKIT_REQUIRE_PG"
BACKENDS = ("sqlite", "postgresql")
HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))  # for project_fixtures (shared with child processes)
from project_fixtures import CODEBOOK, make_corpus  # noqa: E402

_PARAM = re.compile(r"\[(?:[^\]]*-)?(sqlite|postgresql)(?:-[^\]]*)?\]$")



def _pg_problem(url: str) -> str | None:
    """``None`` when a PostgreSQL server answers at ``url``, else why not."""
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(url, connect_args={"connect_timeout": 5})
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        engine.dispose()
    except Exception as err:  # any failure means: not usable
        return f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"
    return None


def pytest_configure(config: pytest.Config) -> None:
    url = os.environ.get(PG_ENV, "").strip()
    problem = None
    if url:
        problem = _pg_problem(url)
    elif os.environ.get(REQUIRE_ENV) == "1":
        problem = f"{PG_ENV} is not set"
    if problem and os.environ.get(REQUIRE_ENV) == "1":
        raise pytest.UsageError(
            f"{REQUIRE_ENV}=1 but no PostgreSQL server is usable for the project-store tests ({problem}). "
            f"Start one with `.ci/postgres.sh` and export {PG_ENV}."
        )
    config._rk_pg_url = url if url and not problem else None  # type: ignore[attr-defined]
    config._rk_pg_problem = problem  # type: ignore[attr-defined]
    config._rk_ran = {}  # type: ignore[attr-defined]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if getattr(config, "_rk_pg_url", None):
        return
    keep, drop = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("rk_backend") == "postgresql":
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # runs in the xdist controller too, so the summary counts every worker's tests
    if report.when != "call" or "test_project" not in report.nodeid:
        return
    match = _PARAM.search(report.nodeid)
    if match:
        ran = _RAN.setdefault(match.group(1), [0, 0])
        ran[0 if report.passed else 1] += 1


_RAN: dict[str, list[int]] = {}


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if not _RAN:
        return
    names = [b for b in BACKENDS if b in _RAN]
    detail = ", ".join(f"{b}: {_RAN[b][0]} passed" + (f", {_RAN[b][1]} failed" if _RAN[b][1] else "") for b in names)
    terminalreporter.write_line(f"project store backends tested: {', '.join(names)} ({detail})")
    if "postgresql" not in _RAN:
        why = getattr(config, "_rk_pg_problem", None) or f"{PG_ENV} not set"
        terminalreporter.write_line(f"  postgresql deselected: {why} (run .ci/postgres.sh and export {PG_ENV})")


@pytest.fixture(scope="session")
def pg_database(request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh PostgreSQL database for this test session (dropped afterwards); yields its URL."""
    import sqlalchemy as sa

    url = request.config._rk_pg_url
    if not url:  # pragma: no cover - the params are deselected in that case
        raise RuntimeError("PostgreSQL tests selected without a server")
    base = sa.make_url(url)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"rk_test_{os.getpid()}_{worker}_{secrets.token_hex(4)}".lower()
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def rk_backend(request: pytest.FixtureRequest) -> str:
    """The backend under test: ``"sqlite"`` or ``"postgresql"``."""
    return request.param


@pytest.fixture
def project_url(rk_backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Where a test may create its project: a new SQLite file, or a new PostgreSQL schema."""
    if rk_backend == "sqlite":
        return str(tmp_path / "study.rkp")
    import sqlalchemy as sa

    db_url = request.getfixturevalue("pg_database")
    schema_name = f"t_{secrets.token_hex(6)}"
    engine = sa.create_engine(db_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema_name}"')
    engine.dispose()
    url = sa.make_url(db_url).update_query_dict({"options": f"-csearch_path={schema_name}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture
def project(project_url: str):
    """An empty project on the backend under test (closed afterwards)."""
    from researchkit.project import Project

    p = Project.create(project_url, user="tester")
    yield p
    p.close()


@pytest.fixture
def corpus():
    """Two short transcripts (R01, R02)."""
    return make_corpus()


@pytest.fixture
def filled(project, corpus):
    """A project with the corpus and a codebook."""
    project.add_documents(corpus)
    project.set_codebook(CODEBOOK)
    return project

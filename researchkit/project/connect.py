"""Where a project lives: paths and URLs, the SQLite file check, and the SQLAlchemy engines.

Lowest layer of the store (after :mod:`~researchkit.project.schema`): no project logic,
only how to reach the database. SQLite files are made owner-only (``0600``) when they
are created; SQLite gives its ``-wal`` and ``-shm`` files the same mode.

Examples
--------
>>> import tempfile, os
>>> from pathlib import Path
>>> path = Path(tempfile.mkdtemp()) / "p.rkp"
>>> sqlite_path(str(path)) == path, is_url("postgresql+psycopg://db/x")
(True, True)
"""

from __future__ import annotations

import getpass
import os
import sqlite3
import stat
import urllib.parse
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine, event

from researchkit.errors import ProjectError
from researchkit.project import schema

#: Seconds a writer waits for another writer before giving up (SQLite busy timeout).
BUSY_TIMEOUT_S = 60.0

#: Mode of every project file researchkit creates (database, snapshot, backup files) ...
OWNER_FILE_MODE = 0o600
#: ... and of the folders it creates for them.
OWNER_DIR_MODE = 0o700


def is_url(target: str | os.PathLike) -> bool:
    """``True`` for a SQLAlchemy URL (``scheme://...``), ``False`` for a file path.

    Examples
    --------
    >>> is_url("study.rkp"), is_url("sqlite:///study.rkp")
    (False, True)
    """
    return isinstance(target, str) and "://" in target


def sqlite_path(target: str | os.PathLike) -> Path | None:
    """The database file for a path or ``sqlite:///`` URL; ``None`` for other URLs.

    Examples
    --------
    >>> str(sqlite_path("sqlite:///study.rkp")), sqlite_path("postgresql+psycopg://db/x")
    ('study.rkp', None)
    """
    if not is_url(target):
        return Path(target)
    url = sa.make_url(str(target))
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise ProjectError("RK324", f"{target}: an in-memory SQLite database cannot hold a project", hint="give a file path")
    return Path(url.database)


def display(target: str | os.PathLike) -> str:
    """The target for messages (a URL's password hidden).

    Examples
    --------
    >>> display("postgresql+psycopg://anna:secret@db/havens")
    'postgresql+psycopg://anna:***@db/havens'
    """
    if is_url(target):
        return sa.make_url(str(target)).render_as_string(hide_password=True)
    return str(target)


def probe_sqlite(path: Path, *, read_only: bool = False) -> int | None:
    """Read a SQLite file's project schema version through SQLite itself, writing nothing.

    The file is never opened with plain file I/O: closing such a handle would drop
    the POSIX locks SQLite holds for any other connection to the same file in this
    process (a documented way to corrupt a database). Only ``SELECT`` statements
    run. A writable file is probed with a normal connection so that, for a WAL
    database, SQLite removes the ``-wal``/``-shm`` files again when it closes (a
    read-only connection would leave them behind); ``read_only`` uses ``mode=ro``.

    Returns
    -------
    int or None
        The schema version, or ``None`` for a valid SQLite database that is not a
        researchkit project.

    Raises
    ------
    ProjectError
        RK310 when the file is not a SQLite database at all.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "notes.txt")
    >>> _ = open(p, "w").write("just some notes, definitely not a database" * 3)
    >>> probe_sqlite(Path(p))
    Traceback (most recent call last):
    ...
    researchkit.errors.ProjectError: [RK310] ...
    """
    uri = f"file:{urllib.parse.quote(str(path.resolve()))}" + ("?mode=ro" if read_only else "?mode=rw")
    try:
        con = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error as err:
        raise ProjectError("RK312", f"{path}: cannot open the file read-only ({err})", hint="check the file's permissions") from None
    try:
        names = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "rk_schema" not in names:
            return None
        version = con.execute("SELECT max(version) FROM rk_schema").fetchone()[0]
        return int(version or 0)
    except sqlite3.DatabaseError as err:
        raise ProjectError(
            "RK310",
            f"{path}: not a researchkit project — the file is not a SQLite database ({err})",
            hint="give the path of a project file made with Project.create / `researchkit project init`",
        ) from None
    finally:
        con.close()


def new_sqlite_file(path: Path) -> None:
    """Create an empty, owner-only (``0600``) file for a new SQLite project.

    SQLite gives the ``-wal`` and ``-shm`` files it makes later the mode of this file.

    Raises
    ------
    ProjectError
        RK313 when a file exists there, RK324 when its folder does not.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "p.rkp"
    >>> new_sqlite_file(path); oct(path.stat().st_mode & 0o777)
    '0o600'
    """
    if not path.parent.is_dir():
        raise ProjectError("RK324", f"{path}: the folder {path.parent} does not exist", hint="create the folder first")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_FILE_MODE)
    except FileExistsError:
        raise ProjectError(
            "RK313", f"{path}: a file already exists there", hint="open it with Project.open, or choose a new file name"
        ) from None
    os.close(fd)


def sqlite_engine(path: Path, *, read_only: bool) -> Engine:
    """An engine for a SQLite project: WAL, foreign keys, ``synchronous=FULL``, busy timeout, explicit ``BEGIN``.

    Examples
    --------
    >>> import tempfile
    >>> sqlite_engine(Path(tempfile.mkdtemp()) / "p.rkp", read_only=False).dialect.name
    'sqlite'
    """
    resolved = str(path.resolve())
    if read_only:
        url = f"sqlite+pysqlite:///file:{urllib.parse.quote(resolved)}?mode=ro&uri=true"
    else:
        url = sa.URL.create("sqlite+pysqlite", database=resolved)
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised through every test
        # let the "begin" listener emit BEGIN itself (pysqlite's own BEGIN is DEFERRED)
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # pragma: no cover - exercised through every test
        mode = conn.get_execution_options().get("rk_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def server_engine(url: str) -> Engine:
    """An engine for a server database (PostgreSQL), with connections checked before use.

    Examples
    --------
    >>> server_engine("postgresql+psycopg://rk@127.0.0.1/none").dialect.name
    'postgresql'
    """
    kwargs: dict[str, Any] = {"pool_pre_ping": True}
    return sa.create_engine(url, **kwargs)


def login() -> str:
    """The login name of this process (``"unknown"`` where there is none).

    Examples
    --------
    >>> isinstance(login(), str)
    True
    """
    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no login name in some containers
        return "unknown"


def check_writable(path: Path) -> None:
    """Refuse (RK312) a read-only project file or folder before anything is opened for writing.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "p.rkp"; new_sqlite_file(path)
    >>> check_writable(path)
    """
    mode = path.stat().st_mode
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise ProjectError(
            "RK312", f"{path}: the project file is read-only",
            hint="make it writable (chmod u+w), or open it with read_only=True to only read",
        )
    if not os.access(path.parent, os.W_OK):
        raise ProjectError(
            "RK312", f"{path}: the folder {path.parent} is read-only (SQLite needs to write its journal next to the file)",
            hint="move the project to a writable folder, or open it with read_only=True",
        )


def check_version(version: int | None, where: str) -> None:
    """Refuse a database without project tables (RK310) or with a newer schema (RK311).

    Examples
    --------
    >>> check_version(schema.SCHEMA_VERSION + 1, "x.rkp")
    Traceback (most recent call last):
    ...
    researchkit.errors.ProjectError: [RK311] ...
    """
    if version is None:
        raise ProjectError(
            "RK310", f"{where}: not a researchkit project (a database without the project tables)",
            hint="give the path or URL of a project made with Project.create / `researchkit project init`",
        )
    if version > schema.SCHEMA_VERSION:
        raise ProjectError(
            "RK311", f"{where}: the project has schema version {version}, this researchkit knows up to {schema.SCHEMA_VERSION}",
            hint="upgrade researchkit (pip install -U researchkit); nothing was changed",
        )

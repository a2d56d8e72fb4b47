"""The core of a project: opening and creating it, transactions, the audit log and coders.

:class:`Database` is the base every part of :class:`~researchkit.project.Project`
builds on (documents, codebook, codings, review, memos, history, backup). It owns the
engine and the per-thread transaction: :meth:`Database._write` opens one write
transaction (``BEGIN IMMEDIATE`` on SQLite, so writers queue instead of failing half-way)
or joins the one :meth:`Database.transaction` holds, and turns database and disk faults
into :class:`~researchkit.errors.ProjectError` after the rollback.

Examples
--------
>>> import tempfile, os
>>> db = Database.create(os.path.join(tempfile.mkdtemp(), "p.rkp"), user="anna")
>>> db.backend, db.schema_version
('sqlite', 4)
>>> db.close()
"""

from __future__ import annotations

import contextlib
import os
import threading
from typing import Any, Callable, Iterable, Iterator, TypeVar

import sqlalchemy as sa
from sqlalchemy import Connection, Engine, select

from researchkit.errors import ProjectError
from researchkit.project import connect, migrations, schema
from researchkit.project.faults import as_project_error
from researchkit.project.rows import insert_ignoring_conflicts
from researchkit.project.schema import coder_kind, new_id, now, to_json

D = TypeVar("D", bound="Database")


class Database:
    """A project database: lifecycle, transactions, audit log (the base of :class:`Project`).

    Use :meth:`create` or :meth:`open`; close with :meth:`close` or a ``with`` block.

    Parameters
    ----------
    engine
        The SQLAlchemy engine (made by :meth:`create` / :meth:`open`).
    location
        Path or URL, for messages.
    read_only
        Refuse every write.
    user
        Default name recorded in the audit log when an operation names no coder.
    """

    def __init__(self, engine: Engine, *, location: str, read_only: bool = False, user: str | None = None) -> None:
        self._engine = engine
        self.location = location
        self.read_only = read_only
        self.user = user or os.environ.get("RESEARCHKIT_USER") or connect.login()
        self._sqlite = engine.dialect.name == "sqlite"
        self._local = threading.local()

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    def create(cls: type[D], target: str | os.PathLike, *, user: str | None = None) -> D:
        """Create a new, empty project at a path (SQLite file) or SQLAlchemy URL.

        A SQLite file is created owner-only (mode ``0600``).

        Parameters
        ----------
        target
            A file path (``"study.rkp"``) or URL (``"postgresql+psycopg://user:pw@host/db"``).
        user
            Default coder name for the audit log.

        Raises
        ------
        ProjectError
            RK313 when a project (or any file) already exists there.

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.project import Project
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "s.rkp")); p.close()
        """
        return cls._create(target, user=user)

    @classmethod
    def _create(cls: type[D], target: str | os.PathLike, *, user: str | None = None,
                populate: Callable[[Connection], None] | None = None) -> D:
        """Create the schema and either the initial facts or, for a restore, ``populate(conn)``; one transaction."""
        path = connect.sqlite_path(target)
        if path is not None:
            if path.exists():
                raise ProjectError(
                    "RK313", f"{path}: a file already exists there", hint="open it with Project.open, or choose a new file name"
                )
            connect.new_sqlite_file(path)
            engine = connect.sqlite_engine(path, read_only=False)
        else:
            engine = connect.server_engine(str(target))
        project = cls(engine, location=connect.display(target), user=user)
        try:
            with project._write() as conn:
                project._initialise(conn, populate)
        except BaseException:
            engine.dispose()
            if path is not None:
                # the transaction was rolled back: remove the empty file we made
                for suffix in ("", "-wal", "-shm", "-journal"):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(f"{path}{suffix}")
            raise
        return project

    def _initialise(self, conn: Connection, populate: Callable[[Connection], None] | None) -> None:
        if "rk_schema" in sa.inspect(conn).get_table_names():
            raise ProjectError("RK313", f"{self.location}: this database already holds a researchkit project", hint="open it with Project.open")
        migrations.upgrade(conn)
        if populate is not None:
            populate(conn)
            return
        conn.execute(schema.project_table.insert(), [{"key": "uuid", "value": new_id()}, {"key": "created", "value": now()}])
        self._audit(conn, "create_project", "project", None, {"schema_version": schema.SCHEMA_VERSION})

    @classmethod
    def open(cls: type[D], target: str | os.PathLike, *, read_only: bool = False, user: str | None = None) -> D:
        """Open an existing project; older schema versions are migrated (unless read-only).

        Parameters
        ----------
        target
            Path of the SQLite file or SQLAlchemy URL.
        read_only
            Open without the right to write (works on read-only files).
        user
            Default coder name for the audit log.

        Raises
        ------
        ProjectError
            RK314 no such file; RK310 not a project; RK311 written by a newer
            researchkit; RK312 the file is read-only (and ``read_only`` was not asked).
            Nothing is written in any of these cases.

        Examples
        --------
        >>> from researchkit.project import Project
        >>> Project.open("no/such/project.rkp")
        Traceback (most recent call last):
        ...
        researchkit.errors.ProjectError: [RK314] no/such/project.rkp: no project there. What to do: check the path, or create one with Project.create / `researchkit project init`.
        """
        path = connect.sqlite_path(target)
        where = connect.display(target)
        if path is not None:
            version, engine = _open_sqlite(path, where, read_only=read_only)
        else:
            version, engine = _open_server(str(target), where)
        project = cls(engine, location=where, read_only=read_only, user=user)
        if version < schema.SCHEMA_VERSION and not read_only:
            with project._write() as conn:
                have = migrations.current_version(conn)
                if migrations.upgrade(conn):
                    project._audit(conn, "migrate", "project", {"schema_version": have}, {"schema_version": schema.SCHEMA_VERSION})
        return project

    def close(self) -> None:
        """Close every connection (the SQLite WAL is checkpointed by the last one).

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.project import Project
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> p.close()
        """
        self._engine.dispose()

    def __enter__(self: D) -> D:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.location!r}, backend={self.backend})"

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (for advanced queries; prefer the methods)."""
        return self._engine

    @property
    def backend(self) -> str:
        """``"sqlite"`` or ``"postgresql"`` (the SQLAlchemy dialect name)."""
        return self._engine.dialect.name

    @property
    def schema_version(self) -> int:
        """The project's schema version."""
        with self._read() as conn:
            return migrations.current_version(conn)

    @property
    def uuid(self) -> str:
        """The project's stable id."""
        with self._read() as conn:
            return conn.execute(select(schema.project_table.c.value).where(schema.project_table.c.key == "uuid")).scalar_one()

    # ------------------------------------------------------------------ transactions

    @contextlib.contextmanager
    def _read(self) -> Iterator[Connection]:
        active = getattr(self._local, "conn", None)
        if active is not None:  # inside transaction(): read what this transaction wrote
            yield active
            return
        with self._engine.connect() as conn:
            with conn.begin():
                yield conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` on SQLite: writers queue, never fail mid-way)."""
        if self.read_only:
            raise ProjectError("RK312", f"{self.location}: opened read-only", hint="open the project without read_only=True to change it")
        active = getattr(self._local, "conn", None)
        if active is not None:  # nested in transaction(): one transaction for all
            yield active
            return
        try:
            with self._engine.connect() as conn:
                if self._sqlite:
                    conn = conn.execution_options(rk_begin="IMMEDIATE")
                with conn.begin():
                    self._local.conn = conn
                    try:
                        yield conn
                    finally:
                        self._local.conn = None
        except (sa.exc.DBAPIError, OSError) as err:
            problem = as_project_error(err, self.location)
            if problem is None:
                raise
            raise problem from None
        except Exception as err:  # a driver error from a raw cursor (COPY), not wrapped by SQLAlchemy
            problem = as_project_error(err, self.location) if _from_driver(err) else None
            if problem is None:
                raise
            raise problem from None

    @contextlib.contextmanager
    def transaction(self: D) -> Iterator[D]:
        """Group several changes into one transaction: all of them are stored, or none.

        Inside the block every method of this project (in this thread) uses the same
        transaction and sees its own uncommitted changes; an exception rolls all back.

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({})
        >>> from researchkit.transcripts import Transcript
        >>> try:
        ...     with p.transaction():
        ...         _ = p.add_documents(Transcript("R01", "R: de haven"))
        ...         raise RuntimeError("something failed later")
        ... except RuntimeError:
        ...     pass
        >>> len(p.documents())
        0
        """
        with self._write():
            yield self

    def _audit(self, conn: Connection, action: str, target: str, before: Any, after: Any, *, who: str | None = None) -> None:
        conn.execute(
            schema.audit.insert().values(
                at=now(), who=who or self.user, action=action, target=target, before=to_json(before), after=to_json(after)
            )
        )

    def _ensure_coders(self, conn: Connection, names: Iterable[str]) -> None:
        rows = [{"name": n, "kind": coder_kind(n), "created": now()} for n in sorted(set(names))]
        if rows:
            conn.execute(insert_ignoring_conflicts(conn, schema.coders, ["name"]), rows)

    def _bytewise(self, column: sa.ColumnElement) -> sa.ColumnElement:
        """Order text by code point on every backend (SQLite's BINARY; PostgreSQL's "C" collation)."""
        if self.backend == "postgresql" and isinstance(column.type, (sa.String, sa.Text)):
            return column.collate("C")
        return column


def _from_driver(err: BaseException) -> bool:
    return type(err).__module__.split(".")[0] in ("sqlite3", "psycopg", "psycopg2")


def _open_sqlite(path: Any, where: str, *, read_only: bool) -> tuple[int, Engine]:
    if not path.exists():
        raise ProjectError("RK314", f"{where}: no project there", hint="check the path, or create one with Project.create / `researchkit project init`")
    if path.is_dir():
        raise ProjectError("RK310", f"{where}: is a folder, not a project file", hint="give the project file inside it")
    if not read_only:
        connect.check_writable(path)
    version = connect.probe_sqlite(path, read_only=read_only)
    connect.check_version(version, where)
    return int(version or 0), connect.sqlite_engine(path, read_only=read_only)


def _open_server(url: str, where: str) -> tuple[int, Engine]:
    engine = connect.server_engine(url)
    try:
        with engine.connect() as conn:
            version = migrations.current_version(conn) if "rk_schema" in sa.inspect(conn).get_table_names() else None
    except sa.exc.OperationalError as err:
        engine.dispose()
        raise ProjectError("RK325", f"{where}: cannot connect ({err.orig})", hint="check that the server runs and the URL is right") from None
    try:
        connect.check_version(version, where)
    except ProjectError:
        engine.dispose()
        raise
    return int(version or 0), engine

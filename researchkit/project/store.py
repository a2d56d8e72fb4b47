"""The project store: documents, codebook, codings, coders, memos and an audit log in one database.

:class:`Project` is the persistent, shared home of a coding project. The default is
one SQLite file (WAL journal, foreign keys on, writers serialised with
``BEGIN IMMEDIATE`` and a busy timeout so that a notebook, a command-line run and a
colleague can write at the same time); any SQLAlchemy URL works, and PostgreSQL
(``postgresql+psycopg://...``) is the team option.

Every multi-row change runs in one transaction, and every change appends to the
audit log (``history()``), which the database itself keeps append-only.

Examples
--------
>>> import tempfile, os
>>> from researchkit.transcripts import Corpus, Transcript, Turn
>>> folder = tempfile.mkdtemp()
>>> project = Project.create(os.path.join(folder, "demo.rkp"), user="anna")
>>> corpus = Corpus([Transcript("R01", "I: vraag\\nR: we werken goed samen",
...                  turns=(Turn("I", "interviewer", 3, 8), Turn("R", "respondent", 12, 32)))])
>>> _ = project.add_documents(corpus)
>>> project.code("R01", quote="goed samen", code="SAM", coder="anna")[["start", "end", "text"]].values.tolist()
[[22, 32, 'goed samen']]
>>> project.close()
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import sqlite3
import stat
import tempfile
import threading
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Connection, Engine, event, select

from researchkit.codings import CODING_COLUMNS, validate_codings
from researchkit.errors import ProjectError, QuoteNotFoundError
from researchkit.project import anchoring, migrations, schema
from researchkit.project.schema import coder_kind, new_id, new_ids, now, to_json
from researchkit.transcripts import Corpus, Source, Transcript, Turn

#: Seconds a writer waits for another writer before giving up (SQLite busy timeout).
BUSY_TIMEOUT_S = 60.0

#: Columns of :meth:`Project.codings`, in order.
CODINGS_FRAME_COLUMNS: list[str] = CODING_COLUMNS + [
    "id",
    "created",
    "memo",
    "unit",
    "rule_id",
    "evidence",
    "confidence",
    "origin",
]
_SORT = ["doc_id", "start", "end", "code", "coder", "id"]
_OPTIONAL_TEXT = ("memo", "unit", "rule_id", "evidence", "origin")
_CHUNK = 2000


# ----------------------------------------------------------------------------- targets


def _is_url(target: str | os.PathLike) -> bool:
    return isinstance(target, str) and "://" in target


def _sqlite_path(target: str | os.PathLike) -> Path | None:
    """The database file for a path or ``sqlite:///`` URL; ``None`` for other URLs."""
    if not _is_url(target):
        return Path(target)
    url = sa.make_url(str(target))
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise ProjectError("RK324", f"{target}: an in-memory SQLite database cannot hold a project", hint="give a file path")
    return Path(url.database)


def _display(target: str | os.PathLike) -> str:
    if _is_url(target):
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


def _sqlite_engine(path: Path, *, read_only: bool) -> Engine:
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


def _server_engine(url: str) -> Engine:
    kwargs: dict[str, Any] = {"pool_pre_ping": True}
    return sa.create_engine(url, **kwargs)


# ----------------------------------------------------------------------------- reports


@dataclass
class AddReport:
    """What :meth:`Project.add_documents` did.

    Attributes
    ----------
    documents
        One row per document: ``doc_id, status`` (``added``, ``changed``,
        ``updated`` (attributes or turns only), ``unchanged``).
    codings
        One row per coding of a changed document: ``id, doc_id, code, coder, status``
        (``unchanged``, ``moved``, ``edited``, ``unplaced``), old and new offsets and text.
    """

    documents: pd.DataFrame
    codings: pd.DataFrame

    @property
    def unplaced(self) -> pd.DataFrame:
        """The codings that could not be placed on the changed text (kept, flagged).

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> _ = p.add_documents(Transcript("R01", "R: de haven van Harlingen"))
        >>> _ = p.code("R01", quote="van Harlingen", code="HAV", coder="anna")
        >>> report = p.add_documents(Transcript("R01", "R: de haven van Delfzijl"))
        >>> report.unplaced[["code", "old_text"]].values.tolist()
        [['HAV', 'van Harlingen']]
        """
        return self.codings[self.codings["status"] == "unplaced"].reset_index(drop=True)

    def __repr__(self) -> str:
        counts = self.documents["status"].value_counts().to_dict() if len(self.documents) else {}
        moved = self.codings["status"].value_counts().to_dict() if len(self.codings) else {}
        return f"AddReport(documents={counts}, codings={moved})"


_PLACEMENT_COLUMNS = ["id", "doc_id", "code", "coder", "status", "old_start", "old_end", "new_start", "new_end", "old_text", "new_text"]


# ----------------------------------------------------------------------------- the project


class Project:
    """A coding project stored in SQLite (default) or any SQLAlchemy database.

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

    Examples
    --------
    >>> import tempfile, os
    >>> with Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp")) as project:
    ...     project.schema_version
    2
    """

    def __init__(self, engine: Engine, *, location: str, read_only: bool = False, user: str | None = None) -> None:
        self._engine = engine
        self.location = location
        self.read_only = read_only
        self.user = user or os.environ.get("RESEARCHKIT_USER") or _login()
        self._sqlite = engine.dialect.name == "sqlite"
        self._local = threading.local()

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    def create(cls, target: str | os.PathLike, *, user: str | None = None) -> "Project":
        """Create a new, empty project at a path (SQLite file) or SQLAlchemy URL.

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
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "s.rkp")); p.close()
        """
        return cls._create(target, user=user)

    @classmethod
    def _create(cls, target: str | os.PathLike, *, user: str | None = None, populate: Any = None) -> "Project":
        """Create the schema and either the initial facts or, for a restore, ``populate(conn)``; one transaction."""
        path = _sqlite_path(target)
        if path is not None:
            if path.exists():
                raise ProjectError(
                    "RK313", f"{path}: a file already exists there", hint="open it with Project.open, or choose a new file name"
                )
            if not path.parent.is_dir():
                raise ProjectError("RK324", f"{path}: the folder {path.parent} does not exist", hint="create the folder first")
            engine = _sqlite_engine(path, read_only=False)
        else:
            engine = _server_engine(str(target))
        project = cls(engine, location=_display(target), user=user)
        try:
            with project._write() as conn:
                if "rk_schema" in sa.inspect(conn).get_table_names():
                    raise ProjectError(
                        "RK313", f"{_display(target)}: this database already holds a researchkit project", hint="open it with Project.open"
                    )
                migrations.upgrade(conn)
                if populate is not None:
                    populate(conn)
                else:
                    conn.execute(
                        schema.project_table.insert(),
                        [{"key": "uuid", "value": new_id()}, {"key": "created", "value": now()}],
                    )
                    project._audit(conn, "create_project", "project", None, {"schema_version": schema.SCHEMA_VERSION})
        except BaseException:
            engine.dispose()
            if path is not None:
                # the transaction was rolled back: remove the empty file we made
                for suffix in ("", "-wal", "-shm", "-journal"):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(f"{path}{suffix}")
            raise
        return project

    @classmethod
    def open(cls, target: str | os.PathLike, *, read_only: bool = False, user: str | None = None) -> "Project":
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
        >>> Project.open("no/such/project.rkp")
        Traceback (most recent call last):
        ...
        researchkit.errors.ProjectError: [RK314] no/such/project.rkp: no project there. What to do: check the path, or create one with Project.create / `researchkit project init`.
        """
        path = _sqlite_path(target)
        display = _display(target)
        if path is not None:
            if not path.exists():
                raise ProjectError(
                    "RK314", f"{display}: no project there", hint="check the path, or create one with Project.create / `researchkit project init`"
                )
            if path.is_dir():
                raise ProjectError("RK310", f"{display}: is a folder, not a project file", hint="give the project file inside it")
            if not read_only:
                _check_writable(path)
            version = probe_sqlite(path, read_only=read_only)
            _check_version(version, display)
            engine = _sqlite_engine(path, read_only=read_only)
        else:
            engine = _server_engine(str(target))
            try:
                with engine.connect() as conn:
                    if "rk_schema" not in sa.inspect(conn).get_table_names():
                        version = None
                    else:
                        version = migrations.current_version(conn)
            except sa.exc.OperationalError as err:
                engine.dispose()
                raise ProjectError("RK325", f"{display}: cannot connect ({err.orig})", hint="check that the server runs and the URL is right") from None
            try:
                _check_version(version, display)
            except ProjectError:
                engine.dispose()
                raise
        project = cls(engine, location=display, read_only=read_only, user=user)
        if version < schema.SCHEMA_VERSION and not read_only:
            with project._write() as conn:
                have = migrations.current_version(conn)
                applied = migrations.upgrade(conn)
                if applied:
                    project._audit(conn, "migrate", "project", {"schema_version": have}, {"schema_version": schema.SCHEMA_VERSION})
        return project

    def close(self) -> None:
        """Close every connection (the SQLite WAL is checkpointed by the last one).

        Examples
        --------
        >>> import tempfile, os
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> p.close()
        """
        self._engine.dispose()

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Project({self.location!r}, backend={self.backend})"

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
        except sa.exc.IntegrityError as err:
            raise ProjectError("RK320", f"{self.location}: the change conflicts with what is stored ({err.orig})", hint="nothing was written; look for duplicate codings") from None
        except sa.exc.OperationalError as err:
            message = str(err.orig)
            if "readonly" in message or "read-only" in message or "unable to open" in message:
                raise ProjectError("RK312", f"{self.location}: the database is read-only ({message})", hint="check the file and folder permissions") from None
            if "locked" in message or "busy" in message:
                raise ProjectError("RK325", f"{self.location}: the database stayed busy for {BUSY_TIMEOUT_S:.0f} s ({message})", hint="another process holds a long write; try again") from None
            raise

    @contextlib.contextmanager
    def transaction(self) -> Iterator["Project"]:
        """Group several changes into one transaction: all of them are stored, or none.

        Inside the block every method of this project (in this thread) uses the same
        transaction and sees its own uncommitted changes; an exception rolls all back.

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
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
        if not rows:
            return
        conn.execute(_insert(conn, schema.coders).on_conflict_do_nothing(index_elements=["name"]), rows)

    # ------------------------------------------------------------------ documents

    def add_documents(
        self,
        corpus: Corpus | Transcript | Iterable[Transcript],
        *,
        coder: str | None = None,
        on_unplaced: str = "keep",
        min_ratio: float = 0.8,
        uuids: Mapping[str, str] | None = None,
    ) -> AddReport:
        """Add transcripts, or update them when they are already in the project.

        A document whose text changed (a corrected typo, a re-export) has its codings
        re-anchored: codings whose passage survives move with it; codings whose
        passage was edited but whose ends are intact move and are listed as
        ``edited``; the rest are listed as ``unplaced`` and kept, flagged, with their
        old offsets and text (see :meth:`unplaced`). Nothing is dropped. One
        transaction for the whole corpus.

        Parameters
        ----------
        corpus
            A :class:`~researchkit.transcripts.Corpus`, a transcript, or transcripts.
        coder
            Who did it (audit log); default the project's user.
        on_unplaced
            ``"keep"`` (default, flag them) or ``"error"`` (raise RK321, write nothing).
        min_ratio
            Similarity needed to keep an edited passage (see :func:`anchoring.reanchor`).
        uuids
            ``doc_id -> UUID`` for new documents (an import keeping another program's
            GUIDs); others get a new random UUID.

        Returns
        -------
        AddReport
            Per document and per re-anchored coding.

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript
        >>> project = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> project.add_documents(Transcript("R01", "R: de haven")).documents["status"].tolist()
        ['added']
        """
        if on_unplaced not in ("keep", "error"):
            raise ProjectError("RK324", f"on_unplaced={on_unplaced!r} is not 'keep' or 'error'", hint="use on_unplaced='keep' or 'error'")
        if isinstance(corpus, Transcript):
            transcripts = [corpus]
        else:
            transcripts = list(corpus)
        who = coder or self.user
        doc_rows: list[dict] = []
        placements: list[dict] = []
        with self._write() as conn:
            existing = {
                r.doc_id: r
                for r in conn.execute(
                    select(schema.documents).where(schema.documents.c.doc_id.in_([t.doc_id for t in transcripts]))
                )
            } if transcripts else {}
            stamp = now()
            new_docs, new_turns = [], []
            pending: dict[str, list] = {"moves": [], "unplaced": [], "audit": []}
            for t in transcripts:
                sha = hashlib.sha256(t.text.encode("utf-8")).hexdigest()
                attributes = to_json(_plain(dict(t.attributes)))
                src = t.source
                fields = {
                    "text": t.text,
                    "sha256": sha,
                    "attributes": attributes,
                    "source_path": src.path if src else None,
                    "source_sha256": src.sha256 if src else None,
                    "source_format": src.format if src else None,
                }
                old = existing.get(t.doc_id)
                turn_rows = [
                    {"doc_id": t.doc_id, "turn": k, "speaker": u.speaker, "role": u.role, "start": u.start, "end": u.end, "timestamp": u.timestamp}
                    for k, u in enumerate(t.turns)
                ]
                if old is None:
                    new_docs.append({"doc_id": t.doc_id, "uuid": (uuids or {}).get(t.doc_id) or new_id(), "created": stamp, "updated": stamp, **fields})
                    new_turns.extend(turn_rows)
                    doc_rows.append({"doc_id": t.doc_id, "status": "added"})
                    continue
                old_turns = [
                    dict(r._mapping)
                    for r in conn.execute(select(schema.turns).where(schema.turns.c.doc_id == t.doc_id).order_by(schema.turns.c.turn))
                ]
                same_meta = all(getattr(old, k) == v for k, v in fields.items())
                if same_meta and old_turns == turn_rows:
                    doc_rows.append({"doc_id": t.doc_id, "status": "unchanged"})
                    continue
                if old.sha256 != sha:
                    placements.extend(self._reanchor(conn, t.doc_id, old.text, t.text, who=who, min_ratio=min_ratio, pending=pending))
                    status = "changed"
                else:
                    status = "updated"
                conn.execute(schema.documents.update().where(schema.documents.c.doc_id == t.doc_id).values(updated=stamp, **fields))
                conn.execute(schema.turns.delete().where(schema.turns.c.doc_id == t.doc_id))
                new_turns.extend(turn_rows)  # inserted after the loop, with the new documents' turns
                before = {k: getattr(old, k) for k in fields if k != "text"}
                after = {k: v for k, v in fields.items() if k != "text"}
                pending["audit"].append(
                    {"at": now(), "who": who, "action": "update_document", "target": f"document:{t.doc_id}", "before": to_json(before), "after": to_json(after)}
                )
                doc_rows.append({"doc_id": t.doc_id, "status": status})
            if pending["moves"]:
                _move_codings(conn, pending["moves"])
            c = schema.codings
            for chunk in _chunks(pending["unplaced"], 500):
                conn.execute(c.update().where(c.c.id.in_(chunk)).values(anchored=False))
            for chunk in _chunks(pending["audit"]):
                conn.execute(schema.audit.insert(), chunk)
            for chunk in _chunks(new_docs):
                conn.execute(schema.documents.insert(), chunk)
            for chunk in _chunks(new_turns):
                conn.execute(schema.turns.insert(), chunk)
            if new_docs:
                self._audit(conn, "add_documents", "documents", None, {"doc_ids": sorted(d["doc_id"] for d in new_docs)}, who=who)
            unplaced = [p for p in placements if p["status"] == "unplaced"]
            if unplaced and on_unplaced == "error":
                lines = "\n  ".join(f"{p['doc_id']} {p['code']} ({p['coder']}) {p['old_text'][:50]!r}" for p in unplaced[:20])
                raise ProjectError(
                    "RK321",
                    f"{len(unplaced)} coding(s) cannot be placed on the changed text:\n  {lines}",
                    hint="nothing was written; pass on_unplaced='keep' to keep them flagged, or fix the codings first",
                )
        documents = pd.DataFrame(doc_rows, columns=["doc_id", "status"])
        frame = pd.DataFrame(placements, columns=_PLACEMENT_COLUMNS)
        frame = frame.astype({"old_start": "int64", "old_end": "int64", "new_start": "Int64", "new_end": "Int64"})
        return AddReport(documents, frame.sort_values(["doc_id", "old_start", "old_end", "code", "coder", "id"], ignore_index=True))

    def _reanchor(self, conn: Connection, doc_id: str, old: str, new: str, *, who: str, min_ratio: float, pending: dict) -> list[dict]:
        """Work out where each coding of ``doc_id`` goes; the writes are queued in ``pending`` (applied once per call of add_documents)."""
        c = schema.codings
        rows = conn.execute(select(c.c.id, c.c.start, c.c.end, c.c.code, c.c.coder, c.c.text, c.c.anchored).where(c.c.doc_id == doc_id)).all()
        info = {r.id: r for r in rows}
        anchored = [(r.id, r.start, r.end) for r in rows if r.anchored]
        places = anchoring.reanchor(old, new, anchored, min_ratio=min_ratio)
        # codings already unplaced by an earlier change: place them if their passage occurs exactly once
        for r in rows:
            if not r.anchored:
                hits = anchoring._occurrences(new, r.text) if r.text else []
                if len(hits) == 1:
                    places.append(anchoring.Placement(r.id, "moved", hits[0], hits[0] + len(r.text), r.text, r.text, r.start, r.end))
                else:
                    places.append(anchoring.Placement(r.id, "unplaced", r.start, r.end, r.text, None, r.start, r.end))
        for p in places:
            if p.status in ("moved", "edited"):
                pending["moves"].append((p.id, -1 - len(pending["moves"]), p.start, p.end, p.new_text))
            elif p.status == "unplaced" and info[p.id].anchored:
                pending["unplaced"].append(p.id)
        out, stamp = [], now()
        for p in places:
            r = info[p.id]
            if p.status != "unchanged":
                before = {"start": p.old_start, "end": p.old_end, "text": p.old_text, "anchored": bool(r.anchored)}
                after = None if p.status == "unplaced" else {"start": p.start, "end": p.end, "text": p.new_text, "anchored": True}
                pending["audit"].append(
                    {"at": stamp, "who": who, "action": f"reanchor_{p.status}", "target": f"coding:{p.id}", "before": to_json(before), "after": to_json(after)}
                )
            out.append(
                {
                    "id": p.id,
                    "doc_id": doc_id,
                    "code": r.code,
                    "coder": r.coder,
                    "status": p.status,
                    "old_start": p.old_start,
                    "old_end": p.old_end,
                    "new_start": None if p.status == "unplaced" else p.start,
                    "new_end": None if p.status == "unplaced" else p.end,
                    "old_text": p.old_text,
                    "new_text": p.new_text,
                }
            )
        return out

    def documents(self) -> pd.DataFrame:
        """One row per document, sorted by ``doc_id``: ids, size, provenance and the attributes as columns.

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> _ = p.add_documents(Transcript("R01", "ja", attributes={"port": "Delfzijl"}))
        >>> p.documents()[["doc_id", "chars", "port"]].values.tolist()
        [['R01', 2, 'Delfzijl']]
        """
        d, t = schema.documents, schema.turns
        n_turns = select(t.c.doc_id, sa.func.count().label("n")).group_by(t.c.doc_id).subquery()
        query = (
            select(
                d.c.doc_id, d.c.uuid, d.c.sha256, sa.func.length(d.c.text).label("chars"),
                sa.func.coalesce(n_turns.c.n, 0).label("turns"), d.c.source_path, d.c.source_format,
                d.c.created, d.c.updated, d.c.attributes,
            )
            .select_from(d.outerjoin(n_turns, n_turns.c.doc_id == d.c.doc_id))
            .order_by(d.c.doc_id)
        )
        with self._read() as conn:
            rows = conn.execute(query).all()
        base = ["doc_id", "uuid", "sha256", "chars", "turns", "source_path", "source_format", "created", "updated"]
        frame = pd.DataFrame([tuple(r)[:-1] for r in rows], columns=base)
        attrs = pd.DataFrame([json.loads(r.attributes) for r in rows])
        if len(attrs.columns):
            attrs = attrs[[c for c in attrs.columns if c not in base]]
            frame = pd.concat([frame, attrs], axis=1)
        frame = frame.astype({"chars": "int64", "turns": "int64"})
        return frame.sort_values("doc_id", kind="stable", ignore_index=True)

    def corpus(self, *, doc_ids: Sequence[str] | None = None) -> Corpus:
        """Load documents (all, or ``doc_ids``; sorted by ``doc_id``) into memory as a :class:`~researchkit.transcripts.Corpus`.

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> _ = p.add_documents(Transcript("R01", "R: de haven van Harlingen"))
        >>> p.corpus()["R01"].text
        'R: de haven van Harlingen'
        """
        d, t = schema.documents, schema.turns
        dq = select(d).order_by(d.c.doc_id)
        tq = select(t).order_by(t.c.doc_id, t.c.turn)
        if doc_ids is not None:
            dq = dq.where(d.c.doc_id.in_(list(doc_ids)))
            tq = tq.where(t.c.doc_id.in_(list(doc_ids)))
        with self._read() as conn:
            docs = conn.execute(dq).all()
            turn_rows = conn.execute(tq).all()
        by_doc: dict[str, list[Turn]] = {}
        for r in turn_rows:
            by_doc.setdefault(r.doc_id, []).append(Turn(r.speaker, r.role, r.start, r.end, r.timestamp))
        transcripts = []
        for r in docs:
            source = Source(r.source_path, r.source_sha256, r.source_format or "memory") if r.source_path is not None else None
            transcripts.append(Transcript(r.doc_id, r.text, tuple(by_doc.get(r.doc_id, ())), json.loads(r.attributes), source))
        return Corpus(transcripts)

    def text(self, doc_id: str) -> str:
        """The canonical text of one document.

        Raises
        ------
        ProjectError
            RK315 when the document is not in the project.

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> _ = p.add_documents(Transcript("R01", "R: de haven van Harlingen"))
        >>> p.text("R01")[3:11]
        'de haven'
        """
        with self._read() as conn:
            return self._text(conn, doc_id)

    def _text(self, conn: Connection, doc_id: str) -> str:
        value = conn.execute(select(schema.documents.c.text).where(schema.documents.c.doc_id == doc_id)).scalar()
        if value is None:
            known = conn.execute(select(schema.documents.c.doc_id).order_by(schema.documents.c.doc_id).limit(10)).scalars().all()
            raise ProjectError(
                "RK315", f"{self.location}: no document {doc_id!r} in the project (first ids: {', '.join(known) or 'none'})",
                hint="add it with add_documents / `researchkit project add`, or check the doc_id",
            )
        return value

    # ------------------------------------------------------------------ codebook

    def set_codebook(self, codebook: Any, *, coder: str | None = None, force: bool = False,
                     uuids: Mapping[str, str] | None = None) -> None:
        """Store a codebook (a :class:`~researchkit.codebook.Codebook`, a YAML path or a dict) as the current one.

        Every version is kept; codes keep their UUID across versions (``uuids`` gives
        ``code id -> UUID`` for codes imported with another program's GUIDs). Codes still
        used by codings but missing from the new codebook are refused unless ``force``.

        Raises
        ------
        ProjectError
            RK318 listing codes in use that the codebook lacks.

        Examples
        --------
        >>> import tempfile, os
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> p.set_codebook({"codes": [{"id": "SIG", "name": "Signals"}]})
        >>> "SIG" in p.codebook()
        True
        """
        text = _codebook_yaml(codebook)
        data = _yaml_load(text)
        with self._write() as conn:
            self._store_codebook(conn, data, text, who=coder or self.user, force=force, uuids=uuids)

    def _store_codebook(self, conn: Connection, data: dict, text: str, *, who: str, force: bool, action: str = "set_codebook",
                        uuids: Mapping[str, str] | None = None) -> None:
        from researchkit.codebook import Codebook

        cb = Codebook.from_dict(data)
        new_codes = list(cb.walk())
        ids = {code.id for code in new_codes}
        if not force:
            used = self._code_usage(conn)
            missing = {k: v for k, v in used.items() if k not in ids}
            if missing:
                listing = ", ".join(f"{k} ({v} codings)" for k, v in sorted(missing.items()))
                raise ProjectError(
                    "RK318", f"{self.location}: codes in use are not in the new codebook: {listing}",
                    hint="recode or merge those codings first, or pass force=True",
                )
        prev_id = conn.execute(select(sa.func.max(schema.codebooks.c.id))).scalar()
        previous: dict[str, str] = {}
        if prev_id is not None:
            previous = dict(conn.execute(select(schema.codes.c.code_id, schema.codes.c.uuid).where(schema.codes.c.codebook_id == prev_id)).all())
        previous.update({k: v for k, v in (uuids or {}).items() if v})
        result = conn.execute(schema.codebooks.insert().values(yaml=text, created=now(), coder=who))
        book_id = result.inserted_primary_key[0]
        rows = []
        for position, code in enumerate(new_codes):
            parent = getattr(code, "parent", None)
            parent = getattr(parent, "id", parent)
            path = getattr(code, "path", code.id)
            if isinstance(path, (list, tuple)):
                path = "/".join(str(getattr(p, "id", p)) for p in path)
            rows.append(
                {
                    "codebook_id": book_id, "code_id": code.id, "uuid": previous.get(code.id) or new_id(),
                    "name": code.name or code.id, "description": getattr(code, "description", None) or None,
                    "color": getattr(code, "color", None) or None, "parent": parent, "level": int(getattr(code, "level", 0) or 0),
                    "path": str(path), "position": position,
                }
            )
        if rows:
            conn.execute(schema.codes.insert(), rows)
        self._audit(conn, action, "codebook", {"codebook_id": prev_id}, {"codebook_id": book_id, "codes": sorted(ids)}, who=who)

    def codebook(self) -> Any:
        """The current codebook as a :class:`~researchkit.codebook.Codebook`, or ``None`` if none was set.

        Examples
        --------
        >>> import tempfile, os
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> p.codebook() is None
        True
        >>> p.set_codebook({"codes": [{"id": "HAV", "name": "Haven"}]})
        >>> len(p.codebook())
        1
        """
        from researchkit.codebook import Codebook

        text = self._codebook_text()
        return None if text is None else Codebook.from_dict(_yaml_load(text))

    def _codebook_text(self, conn: Connection | None = None) -> str | None:
        q = select(schema.codebooks.c.yaml).order_by(schema.codebooks.c.id.desc()).limit(1)
        if conn is not None:
            return conn.execute(q).scalar()
        with self._read() as c:
            return c.execute(q).scalar()

    def codes(self) -> pd.DataFrame:
        """The codes of the current codebook with their stable UUIDs, in codebook order.

        Columns: ``codebook_id, code_id, uuid, name, description, color, parent, level, path, position``.

        Examples
        --------
        >>> import tempfile, os
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> p.set_codebook({"codes": [{"id": "HAV", "name": "Haven", "children": [{"id": "HAV.n", "name": "Noord"}]}]})
        >>> p.codes()[["code_id", "path", "level"]].values.tolist()
        [['HAV', 'HAV', 1], ['HAV.n', 'HAV/HAV.n', 2]]
        """
        c = schema.codes
        latest = select(sa.func.max(schema.codebooks.c.id)).scalar_subquery()
        with self._read() as conn:
            rows = conn.execute(select(c).where(c.c.codebook_id == latest).order_by(c.c.position)).all()
        return pd.DataFrame([dict(r._mapping) for r in rows], columns=[col.name for col in c.columns])

    def _code_ids(self, conn: Connection) -> set[str] | None:
        latest = conn.execute(select(sa.func.max(schema.codebooks.c.id))).scalar()
        if latest is None:
            return None
        return set(conn.execute(select(schema.codes.c.code_id).where(schema.codes.c.codebook_id == latest)).scalars())

    def _code_usage(self, conn: Connection) -> dict[str, int]:
        c = schema.codings
        return dict(conn.execute(select(c.c.code, sa.func.count()).group_by(c.c.code)).all())

    def _check_codes(self, conn: Connection, codes: Iterable[str]) -> None:
        known = self._code_ids(conn)
        if known is None:
            return
        unknown = sorted(set(codes) - known)
        if unknown:
            import difflib

            hints = []
            for u in unknown[:10]:
                close = difflib.get_close_matches(u, sorted(known), n=1)
                hints.append(f"{u!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
            raise ProjectError(
                "RK318", f"{self.location}: code(s) not in the project codebook: {', '.join(hints)}",
                hint="add the code to the codebook (set_codebook) or correct the code id",
            )

    # ------------------------------------------------------------------ codings

    def add_codings(
        self,
        codings: pd.DataFrame,
        *,
        coder: str | None = None,
        on_duplicate: str = "error",
    ) -> pd.DataFrame:
        """Store a codings table in one transaction (all rows or none).

        Rows are checked against the stored texts (``text[start:end]``), the codebook
        (when one is set) and the codings already stored. Ids and ``created`` stamps
        in the table are kept (imports keep their UUIDs); missing ones are made.

        Parameters
        ----------
        codings
            A codings table (``doc_id, start, end, code, coder, source`` [``, text``]
            and optional ``id, created, memo, unit, rule_id, evidence, confidence, origin``).
            ``source`` defaults to ``"import"``.
        coder
            Fills the ``coder`` column (an error if the table names other coders).
        on_duplicate
            ``"error"`` (default, nothing is written) or ``"skip"`` rows whose
            ``(doc_id, start, end, code, coder)`` is already stored.

        Returns
        -------
        pandas.DataFrame
            The rows stored, in the shape of :meth:`codings`.

        Examples
        --------
        >>> import tempfile, os
        >>> import pandas as pd
        >>> from researchkit.transcripts import Transcript
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> _ = p.add_documents(Transcript("R01", "R: de haven"))
        >>> df = pd.DataFrame({"doc_id": ["R01"], "start": [6], "end": [11], "code": ["HAV"], "source": ["rules"]})
        >>> p.add_codings(df, coder="rules")["text"].tolist()
        ['haven']
        """
        if on_duplicate not in ("error", "skip"):
            raise ProjectError("RK324", f"on_duplicate={on_duplicate!r} is not 'error' or 'skip'", hint="use 'error' or 'skip'")
        frame = codings.copy()
        if coder is not None:
            if "coder" in frame.columns:
                other = sorted({str(v) for v in frame["coder"].dropna()} - {coder})
                if other:
                    raise ProjectError(
                        "RK324", f"add_codings(coder={coder!r}) but the table names other coder(s): {', '.join(other)}",
                        hint="drop the coder argument or the coder column",
                    )
            frame["coder"] = coder
        if "source" not in frame.columns:
            frame["source"] = "import"
        if "coder" in frame.columns:
            bad = frame.index[frame["coder"].isna() | (frame["coder"].astype(str).str.strip() == "")]
            if len(bad):
                raise ProjectError("RK324", f"codings: row(s) {', '.join(map(str, bad[:10]))} name no coder", hint="fill the coder column or pass coder=")
        if frame.empty:
            return _empty_codings_frame()
        with self._write() as conn:
            stored = self._insert_codings(conn, frame, on_duplicate=on_duplicate, action="add_codings", who=coder)
        return stored

    def _insert_codings(self, conn: Connection, frame: pd.DataFrame, *, on_duplicate: str, action: str, who: str | None = None) -> pd.DataFrame:
        doc_ids = sorted({str(d) for d in frame["doc_id"]}) if "doc_id" in frame.columns else []
        texts = dict(conn.execute(select(schema.documents.c.doc_id, schema.documents.c.text).where(schema.documents.c.doc_id.in_(doc_ids))).all())
        missing_docs = [d for d in doc_ids if d not in texts]
        if missing_docs:
            raise ProjectError(
                "RK315", f"{self.location}: codings name document(s) not in the project: {', '.join(missing_docs[:20])}",
                hint="add the documents first (add_documents / `researchkit project add`)",
            )
        frame = validate_codings(frame, _Texts(texts))  # every bad row at once (CodingsError)
        self._check_codes(conn, frame["code"].astype(str))
        n = len(frame)
        stamp = now()
        cols: dict[str, list] = {
            "doc_id": [str(v) for v in frame["doc_id"]],
            "start": frame["start"].astype("int64").tolist(),
            "end": frame["end"].astype("int64").tolist(),
            "code": [str(v) for v in frame["code"]],
            "coder": [str(v) for v in frame["coder"]],
            "source": [str(v) for v in frame["source"]],
            "text": frame["text"].tolist(),
        }
        ids = _text_column(frame, "id", n)
        fresh = iter(new_ids(sum(1 for v in ids if v is None)))
        cols["id"] = [v if v is not None else next(fresh) for v in ids]
        cols["created"] = [v or stamp for v in _text_column(frame, "created", n)]
        for name in _OPTIONAL_TEXT:
            cols[name] = _text_column(frame, name, n)
        cols["confidence"] = (
            [None if v != v else float(v) for v in pd.to_numeric(frame["confidence"], errors="raise").tolist()]
            if "confidence" in frame.columns else [None] * n
        )
        keys = list(zip(cols["doc_id"], cols["start"], cols["end"], cols["code"], cols["coder"]))
        seen: dict[tuple, int] = {}
        dup_in_table = []
        for k, key in enumerate(keys):
            if key in seen:
                dup_in_table.append((seen[key], k, key))
            seen[key] = k
        if dup_in_table:
            listing = "\n  ".join(f"rows {a} and {b}: {key}" for a, b, key in dup_in_table[:20])
            raise ProjectError("RK320", f"codings: {len(dup_in_table)} duplicate row(s) in the table:\n  {listing}", hint="drop the duplicates (drop_duplicates on doc_id, start, end, code, coder)")
        c = schema.codings
        existing = set()
        for chunk in _chunks(doc_ids, 500):
            existing.update(
                tuple(r) for r in conn.execute(select(c.c.doc_id, c.c.start, c.c.end, c.c.code, c.c.coder).where(c.c.doc_id.in_(chunk)))
            )
        clash = [k for k, key in enumerate(keys) if key in existing] if existing else []
        if clash and on_duplicate == "error":
            listing = "\n  ".join(f"row {k}: {keys[k]}" for k in clash[:20])
            raise ProjectError(
                "RK320", f"{self.location}: {len(clash)} coding(s) already stored:\n  {listing}",
                hint="nothing was written; pass on_duplicate='skip' to add only the new ones",
            )
        if clash:
            keep = sorted(set(range(n)) - set(clash))
            cols = {name: [values[k] for k in keep] for name, values in cols.items()}
        stored = len(cols["id"])
        self._ensure_coders(conn, set(cols["coder"]))
        names = CODINGS_FRAME_COLUMNS + ["anchored"]
        cols["anchored"] = [True] * stored
        _bulk_insert(conn, c, names, list(zip(*(cols[name] for name in names))))
        if stored:
            self._audit(
                conn, action, "codings", None,
                {"count": stored, "skipped": len(clash), "coders": sorted(set(cols["coder"])), "ids": sorted(cols["id"])},
                who=who,
            )
        out = pd.DataFrame({name: cols[name] for name in CODINGS_FRAME_COLUMNS}, columns=CODINGS_FRAME_COLUMNS)
        return _codings_frame(out)

    def codings(
        self,
        *,
        coder: str | Sequence[str] | None = None,
        code: str | Sequence[str] | None = None,
        doc_id: str | Sequence[str] | None = None,
        source: str | Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """The stored codings as a codings table, sorted by ``doc_id, start, end, code, coder, id``.

        Unplaced codings (see :meth:`unplaced`) are left out: their offsets refer to an
        earlier text. Each filter takes a value or a list of values.

        Returns
        -------
        pandas.DataFrame
            Columns :data:`CODINGS_FRAME_COLUMNS` (the codings shape plus ``id``,
            ``created``, ``memo``, ``unit``, ``rule_id``, ``evidence``, ``confidence``, ``origin``).

        Examples
        --------
        >>> import tempfile, os
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> p.codings(coder="anna").empty
        True
        """
        return self._select_codings(anchored=True, coder=coder, code=code, doc_id=doc_id, source=source)

    def unplaced(self) -> pd.DataFrame:
        """Codings that re-ingestion could not place on a changed text (old offsets and text kept).

        Place one again with :meth:`place` or remove it with :meth:`remove_coding`.

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> _ = p.add_documents(Transcript("R01", "R: de haven van Harlingen"))
        >>> _ = p.code("R01", quote="van Harlingen", code="HAV", coder="anna")
        >>> _ = p.add_documents(Transcript("R01", "R: de haven van Delfzijl"))
        >>> p.unplaced()["text"].tolist()
        ['van Harlingen']
        """
        return self._select_codings(anchored=False)

    def _select_codings(self, *, anchored: bool, **filters: Any) -> pd.DataFrame:
        c = schema.codings
        cols = [c.c[name] for name in CODINGS_FRAME_COLUMNS]
        query = select(*cols).where(c.c.anchored == anchored)
        for name, value in filters.items():
            if value is None:
                continue
            values = [value] if isinstance(value, str) else list(value)
            query = query.where(c.c[name].in_(values))
        query = query.order_by(*[self._bytewise(c.c[name]) for name in _SORT])
        with self._read() as conn:
            rows = conn.execute(query).all()
        columns = list(zip(*rows)) if rows else [[] for _ in CODINGS_FRAME_COLUMNS]
        return _codings_frame(pd.DataFrame(dict(zip(CODINGS_FRAME_COLUMNS, columns)), columns=CODINGS_FRAME_COLUMNS))

    def _bytewise(self, column: sa.ColumnElement) -> sa.ColumnElement:
        """Order text by code point on every backend (SQLite's BINARY; PostgreSQL's "C" collation)."""
        if self.backend == "postgresql" and isinstance(column.type, (sa.String, sa.Text)):
            return column.collate("C")
        return column

    def remove_coding(self, id: str | Sequence[str], *, coder: str | None = None) -> int:
        """Remove coding(s) by id; the audit log keeps what was removed.

        Raises
        ------
        ProjectError
            RK319 when an id is not stored (nothing is removed).

        Returns
        -------
        int
            Number of codings removed.

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> _ = p.add_documents(Transcript("R01", "R: de haven van Harlingen"))
        >>> row = p.code("R01", quote="haven", code="HAV", coder="anna")
        >>> p.remove_coding(row["id"].item(), coder="anna"), len(p.codings())
        (1, 0)
        """
        ids = [id] if isinstance(id, str) else [str(i) for i in id]
        with self._write() as conn:
            rows = self._fetch_codings(conn, ids)
            self._delete_codings(conn, rows, action="remove_coding", who=coder)
        return len(rows)

    def _fetch_codings(self, conn: Connection, ids: Sequence[str]) -> list[dict]:
        c = schema.codings
        found: dict[str, dict] = {}
        for chunk in _chunks(list(ids), 500):
            for r in conn.execute(select(c).where(c.c.id.in_(chunk))):
                found[r.id] = dict(r._mapping)
        missing = [i for i in ids if i not in found]
        if missing:
            raise ProjectError("RK319", f"{self.location}: no coding with id {', '.join(map(repr, missing[:10]))}", hint="take ids from project.codings()['id']; nothing was changed")
        return [found[i] for i in ids]

    def _delete_codings(self, conn: Connection, rows: list[dict], *, action: str, who: str | None) -> None:
        c = schema.codings
        for chunk in _chunks([r["id"] for r in rows], 500):
            conn.execute(c.delete().where(c.c.id.in_(chunk)))
        for r in rows:
            self._audit(conn, action, f"coding:{r['id']}", _coding_json(r), None, who=who)

    def code(
        self,
        doc_id: str,
        *,
        code: str,
        coder: str | None = None,
        quote: str | None = None,
        start: int | None = None,
        end: int | None = None,
        occurrence: int | None = None,
        memo: str | None = None,
        source: str = "manual",
    ) -> pd.DataFrame:
        """Code a passage by hand: by quote (tolerant search) or by offsets.

        Parameters
        ----------
        doc_id
            The document.
        code
            The code id (must be in the codebook, when one is set).
        coder
            Who codes; default the project's user.
        quote
            The passage as text. Quote marks (curly or straight), dashes, ellipses,
            runs of spaces and line breaks, and (if needed) case may differ.
        start, end
            Offsets instead of a quote.
        occurrence
            Which occurrence (1-based) when the quote occurs more than once.
        memo
            A note stored with the coding.

        Returns
        -------
        pandas.DataFrame
            The new coding (one row, codings shape).

        Raises
        ------
        QuoteNotFoundError
            RK316 (not found; shows the closest passage) or RK317 (ambiguous; shows
            every occurrence).

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> _ = p.add_documents(Transcript("R01", "R: \u2018Niemand\u2019 weet het."))
        >>> p.code("R01", quote="'niemand' weet", code="X", coder="anna")["text"].item()
        '\u2018Niemand\u2019 weet'
        """
        who = coder or self.user
        with self._write() as conn:
            text = self._text(conn, doc_id)
            s, e = self._locate(text, doc_id, quote=quote, start=start, end=end, occurrence=occurrence)
            frame = pd.DataFrame(
                [{"doc_id": doc_id, "start": s, "end": e, "code": code, "coder": who, "source": source, "text": text[s:e], "memo": memo}]
            )
            return self._insert_codings(conn, frame, on_duplicate="error", action="code", who=who)

    def _locate(self, text: str, doc_id: str, *, quote: str | None, start: int | None, end: int | None, occurrence: int | None) -> tuple[int, int]:
        if quote is None:
            if start is None or end is None:
                raise ProjectError("RK324", "give quote=..., or both start= and end=", hint="e.g. project.code('R01', quote='...', code='SIG')")
            if not 0 <= start < end <= len(text):
                raise ProjectError("RK324", f"{doc_id}: offsets start={start}, end={end} are outside 0 <= start < end <= {len(text)}", hint="offsets are code-point indexes into the document text")
            return int(start), int(end)
        spans = anchoring.find_quote(text, quote)
        if not spans:
            best = anchoring.closest_match(text, quote, n=1)
            if best:
                s, e, ratio = best[0]
                shown = f"closest match ({ratio:.0%} similar) at {s}-{e}: {anchoring.context(text, s, e)!r}"
            else:
                shown = "no similar passage"
            raise QuoteNotFoundError(
                "RK316", f"{doc_id}: quote {quote[:80]!r} not found; {shown}",
                hint="correct the quote (copy it from project.text(doc_id)) or give start= and end=",
                candidates=[(s, e, text[s:e]) for s, e, _ in best],
            )
        if start is not None or end is not None:
            spans = [sp for sp in spans if (start is None or sp[0] >= start) and (end is None or sp[1] <= end)] or spans
        if len(spans) > 1:
            if occurrence is not None:
                if not 1 <= occurrence <= len(spans):
                    raise ProjectError("RK324", f"{doc_id}: occurrence={occurrence} but the quote occurs {len(spans)} times", hint=f"use 1..{len(spans)}")
                return spans[occurrence - 1]
            listing = "\n  ".join(f"occurrence={k}: {s}-{e} {anchoring.context(text, s, e)!r}" for k, (s, e) in enumerate(spans, 1))
            raise QuoteNotFoundError(
                "RK317", f"{doc_id}: quote {quote[:80]!r} occurs {len(spans)} times:\n  {listing}",
                hint="pass occurrence=N, a longer quote, or start=/end= around the one you mean",
                candidates=[(s, e, text[s:e]) for s, e in spans],
            )
        return spans[0]

    def uncode(
        self,
        doc_id: str,
        *,
        code: str,
        coder: str | None = None,
        quote: str | None = None,
        start: int | None = None,
        end: int | None = None,
        occurrence: int | None = None,
    ) -> int:
        """Remove a coding made with :meth:`code`, found by quote or offsets.

        Returns
        -------
        int
            1 (the coding removed).

        Raises
        ------
        ProjectError
            RK319 when no such coding exists (lists the coder's codings in the document).

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> _ = p.add_documents(Transcript("R01", "R: de haven van Harlingen"))
        >>> _ = p.code("R01", quote="haven", code="HAV", coder="anna")
        >>> p.uncode("R01", quote="haven", code="HAV", coder="anna")
        1
        """
        who = coder or self.user
        c = schema.codings
        with self._write() as conn:
            text = self._text(conn, doc_id)
            s, e = self._locate(text, doc_id, quote=quote, start=start, end=end, occurrence=occurrence)
            rows = [dict(r._mapping) for r in conn.execute(
                select(c).where(c.c.doc_id == doc_id, c.c.start == s, c.c.end == e, c.c.code == code, c.c.coder == who)
            )]
            if not rows:
                near = conn.execute(
                    select(c.c.start, c.c.end, c.c.code).where(c.c.doc_id == doc_id, c.c.coder == who).order_by(c.c.start).limit(10)
                ).all()
                listing = "; ".join(f"{r.start}-{r.end} {r.code}" for r in near) or "none"
                raise ProjectError(
                    "RK319", f"{doc_id}: no coding {code!r} by {who!r} at {s}-{e} (their codings here: {listing})",
                    hint="check the code, coder and passage",
                )
            self._delete_codings(conn, rows, action="uncode", who=who)
        return len(rows)

    def recode(self, selection: Any, *, code: str, coder: str | None = None) -> int:
        """Give the selected codings another code (ids, a codings DataFrame with ``id``, or one id).

        Returns
        -------
        int
            Number of codings changed.

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> _ = p.add_documents(Transcript("R01", "R: de haven"))
        >>> row = p.code("R01", quote="haven", code="HAV", coder="anna")
        >>> p.recode(row, code="PORT", coder="anna"), p.codings()["code"].tolist()
        (1, ['PORT'])
        """
        ids = _selection_ids(selection)
        with self._write() as conn:
            self._check_codes(conn, [code])
            rows = self._fetch_codings(conn, ids)
            self._set_code(conn, rows, code, action="recode", who=coder)
        return len(rows)

    def _set_code(self, conn: Connection, rows: list[dict], code: str, *, action: str, who: str | None) -> int:
        """Change the code of ``rows``; a row that would duplicate a stored coding is removed instead."""
        c = schema.codings
        rows = [r for r in rows if r["code"] != code]
        if not rows:
            return 0
        existing = set()
        for chunk in _chunks(sorted({r["doc_id"] for r in rows}), 500):
            existing.update(
                tuple(x) for x in conn.execute(select(c.c.doc_id, c.c.start, c.c.end, c.c.coder).where(c.c.doc_id.in_(chunk), c.c.code == code))
            )
        changed, duplicates, claimed = [], [], set(existing)
        for r in rows:
            key = (r["doc_id"], r["start"], r["end"], r["coder"])
            if key in claimed:
                duplicates.append(r)
            else:
                claimed.add(key)
                changed.append(r)
        if duplicates:
            self._delete_codings(conn, duplicates, action=f"{action}_duplicate", who=who)
        if changed:
            conn.execute(
                c.update().where(c.c.id == sa.bindparam("b_id")).values(code=sa.bindparam("b_code")),
                [{"b_id": r["id"], "b_code": code} for r in changed],
            )
            for r in changed:
                self._audit(conn, action, f"coding:{r['id']}", {"code": r["code"]}, {"code": code}, who=who)
        return len(changed) + len(duplicates)

    def merge_codes(self, codes: str | Sequence[str], *, into: str, coder: str | None = None) -> int:
        """Merge one or more codes into another: their codings get ``into``, the codebook loses them.

        Children of a merged code move under ``into``. A coding that would then
        duplicate one of the same coder on the same passage is removed (audited).
        One transaction.

        Returns
        -------
        int
            Number of codings changed or folded into an existing one.

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> _ = p.add_documents(Transcript("R01", "R: de haven van Harlingen"))
        >>> p.set_codebook({"codes": [{"id": "HAV", "name": "Haven"}, {"id": "PORT", "name": "Port"}]})
        >>> _ = p.code("R01", quote="haven", code="PORT", coder="anna")
        >>> p.merge_codes("PORT", into="HAV", coder="anna"), p.codings()["code"].tolist(), "PORT" in p.codebook()
        (1, ['HAV'], False)
        """
        merged = [codes] if isinstance(codes, str) else list(codes)
        if into in merged:
            raise ProjectError("RK324", f"merge_codes: {into!r} is both merged and the target", hint="leave the target out of codes")
        who = coder or self.user
        c = schema.codings
        with self._write() as conn:
            text = self._codebook_text(conn)
            if text is not None:
                data = _nested(text)
                known = self._code_ids(conn) or set()
                unknown = [m for m in merged + [into] if m not in known]
                if unknown:
                    raise ProjectError("RK318", f"merge_codes: not in the codebook: {', '.join(unknown)}", hint="check the code ids (project.codes())")
                _merge_in_tree(data, merged, into)
            rows = [dict(r._mapping) for r in conn.execute(select(c).where(c.c.code.in_(merged)).order_by(c.c.id))]
            n = self._set_code(conn, rows, into, action="merge_codes", who=who)
            if text is not None:
                self._store_codebook(conn, data, _yaml_dump(data), who=who, force=False, action="merge_codes")
        return n

    def split_code(self, code: str, assignments: Mapping[str, Any], *, coder: str | None = None) -> int:
        """Split a code: move selected codings to new (or existing) codes.

        Parameters
        ----------
        code
            The code being split.
        assignments
            ``{new_code: selection}``; a selection is ids or a codings DataFrame with
            ``id``. Each selected coding must currently have ``code``. New codes are
            added to the codebook as children of ``code``.
        coder
            Who did it.

        Returns
        -------
        int
            Number of codings moved.

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> _ = p.add_documents(Transcript("R01", "R: de haven van Harlingen"))
        >>> p.set_codebook({"codes": [{"id": "HAV", "name": "Haven"}]})
        >>> _ = p.code("R01", quote="Harlingen", code="HAV", coder="anna")
        >>> p.split_code("HAV", {"HAV.harlingen": p.codings(code="HAV")}, coder="anna")
        1
        >>> p.codebook()["HAV.harlingen"].parent
        'HAV'
        """
        who = coder or self.user
        total = 0
        with self._write() as conn:
            text = self._codebook_text(conn)
            if text is not None:
                data = _nested(text)
                known = self._code_ids(conn) or set()
                if code not in known:
                    raise ProjectError("RK318", f"split_code: {code!r} is not in the codebook", hint="check the code id (project.codes())")
                added = [new for new in assignments if new not in known]
                if added:
                    _add_children(data, code, added)
                    self._store_codebook(conn, data, _yaml_dump(data), who=who, force=True, action="split_code")
            for new_code, selection in sorted(assignments.items()):
                rows = self._fetch_codings(conn, _selection_ids(selection))
                wrong = [r["id"] for r in rows if r["code"] != code]
                if wrong:
                    raise ProjectError("RK324", f"split_code: coding(s) {', '.join(wrong[:5])} do not have code {code!r}", hint="select only codings of the code being split; nothing was changed")
                total += self._set_code(conn, rows, new_code, action="split_code", who=who)
        return total

    def place(self, id: str, *, start: int | None = None, end: int | None = None, quote: str | None = None, coder: str | None = None) -> pd.DataFrame:
        """Place an unplaced coding (see :meth:`unplaced`) on the current text by offsets or quote.

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> _ = p.add_documents(Transcript("R01", "R: de haven van Harlingen"))
        >>> _ = p.code("R01", quote="van Harlingen", code="HAV", coder="anna")
        >>> _ = p.add_documents(Transcript("R01", "R: de haven van Delfzijl"))
        >>> p.place(p.unplaced()["id"].item(), quote="van Delfzijl", coder="anna")["text"].item()
        'van Delfzijl'
        """
        c = schema.codings
        with self._write() as conn:
            row = self._fetch_codings(conn, [id])[0]
            text = self._text(conn, row["doc_id"])
            s, e = self._locate(text, row["doc_id"], quote=quote, start=start, end=end, occurrence=None)
            conn.execute(c.update().where(c.c.id == id).values(start=s, end=e, text=text[s:e], anchored=True))
            self._audit(conn, "place", f"coding:{id}", _coding_json(row), {"start": s, "end": e, "text": text[s:e], "anchored": True}, who=coder)
        return self._select_codings(anchored=True, doc_id=row["doc_id"]).query("id == @id").reset_index(drop=True)

    # ------------------------------------------------------------------ review, memos, history

    def review(self, selection: pd.DataFrame, *, decision: str, coder: str | None = None, memo: str | None = None) -> pd.DataFrame:
        """Accept or reject suggestions (rule or model codings) in bulk; see :func:`researchkit.project.review.review`.

        Accepting creates the reviewer's own codings (``source="manual"``, ``origin`` =
        the suggestion's id); the suggestions keep their coder and source.

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> _ = p.add_documents(Transcript("R01", "R: de haven van Harlingen"))
        >>> _ = p.code("R01", quote="haven", code="HAV", coder="rules", source="rules")
        >>> p.review(p.codings(coder="rules"), decision="reject", coder="anna")["decision"].tolist()
        ['reject']
        """
        from researchkit.project.review import review

        return review(self, selection, decision=decision, coder=coder or self.user, memo=memo)

    def reviews(self, *, reviewer: str | None = None) -> pd.DataFrame:
        """Every review decision, sorted by ``created`` then ``id``.

        Examples
        --------
        >>> import tempfile, os
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> p.reviews().empty
        True
        """
        r = schema.reviews
        q = select(r).order_by(r.c.created, r.c.id)
        if reviewer is not None:
            q = q.where(r.c.reviewer == reviewer)
        with self._read() as conn:
            rows = conn.execute(q).all()
        return pd.DataFrame([dict(x._mapping) for x in rows], columns=[col.name for col in r.columns])

    def suggestions(self, *, reviewer: str, source: str | Sequence[str] = ("rules", "model")) -> pd.DataFrame:
        """Codings from ``source`` that ``reviewer`` has not decided on yet (codings shape).

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> _ = p.add_documents(Transcript("R01", "R: de haven van Harlingen"))
        >>> _ = p.code("R01", quote="haven", code="HAV", coder="rules", source="rules")
        >>> len(p.suggestions(reviewer="anna"))
        1
        """
        frame = self.codings(source=source)
        decided = set(self.reviews(reviewer=reviewer)["suggestion"])
        return frame[~frame["id"].isin(decided)].reset_index(drop=True)

    def memo(
        self,
        text: str,
        *,
        document: str | None = None,
        code: str | None = None,
        coding: str | None = None,
        author: str | None = None,
        id: str | None = None,
    ) -> str:
        """Write a memo on the project (default), a document, a code or a coding; or edit memo ``id``.

        Returns
        -------
        str
            The memo's id.

        Examples
        --------
        >>> import tempfile, os
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> _ = p.memo("Start of the second coding round", author="anna")
        >>> p.memos()["text"].tolist()
        ['Start of the second coding round']
        """
        targets = [(k, v) for k, v in (("document", document), ("code", code), ("coding", coding)) if v is not None]
        if len(targets) > 1:
            raise ProjectError("RK324", "memo: give at most one of document=, code=, coding=", hint="write one memo per target")
        target_type, target = targets[0] if targets else ("project", "")
        who = author or self.user
        m = schema.memos
        with self._write() as conn:
            if target_type == "document":
                self._text(conn, target)
            elif target_type == "coding":
                self._fetch_codings(conn, [target])
            elif target_type == "code":
                self._check_codes(conn, [target])
            if id is not None:
                old = conn.execute(select(m).where(m.c.id == id)).first()
                if old is None:
                    raise ProjectError("RK324", f"memo: no memo with id {id!r}", hint="take ids from project.memos()['id']")
                conn.execute(m.update().where(m.c.id == id).values(text=text, updated=now()))
                self._audit(conn, "edit_memo", f"memo:{id}", {"text": old.text}, {"text": text}, who=who)
                return id
            memo_id = new_id()
            stamp = now()
            self._ensure_coders(conn, [who])
            conn.execute(m.insert().values(id=memo_id, target_type=target_type, target=target, author=who, text=text, created=stamp, updated=stamp))
            self._audit(conn, "memo", f"{target_type}:{target}", None, {"id": memo_id, "text": text}, who=who)
        return memo_id

    def memos(self) -> pd.DataFrame:
        """All memos, sorted by target then creation.

        Examples
        --------
        >>> import tempfile, os
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> _ = p.memo("Eerste ronde", author="anna")
        >>> p.memos()[["target_type", "author", "text"]].values.tolist()
        [['project', 'anna', 'Eerste ronde']]
        """
        m = schema.memos
        with self._read() as conn:
            rows = conn.execute(select(m).order_by(m.c.target_type, m.c.target, m.c.created, m.c.id)).all()
        return pd.DataFrame([dict(r._mapping) for r in rows], columns=[c.name for c in m.columns])

    def coders(self) -> pd.DataFrame:
        """The coders known to the project (``name, kind, created``), sorted by name.

        Examples
        --------
        >>> import tempfile, os
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> p.add_coder("model:nb")
        >>> p.coders()[["name", "kind"]].values.tolist()
        [['model:nb', 'model']]
        """
        with self._read() as conn:
            rows = conn.execute(select(schema.coders).order_by(schema.coders.c.name)).all()
        return pd.DataFrame([dict(r._mapping) for r in rows], columns=["name", "kind", "created"])

    def add_coder(self, name: str) -> None:
        """Register a coder (done automatically when a coder first writes).

        Examples
        --------
        >>> import tempfile, os
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> p.add_coder("anna")
        >>> p.coders()["name"].tolist()
        ['anna']
        """
        with self._write() as conn:
            self._ensure_coders(conn, [name])

    def history(self, *, target: str | None = None, action: str | None = None) -> pd.DataFrame:
        """The audit log (append-only): ``seq, at, who, action, target, before, after`` (JSON text).

        Examples
        --------
        >>> import tempfile, os
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> p.history()["action"].tolist()
        ['create_project']
        """
        a = schema.audit
        q = select(a).order_by(a.c.seq)
        if target is not None:
            q = q.where(a.c.target == target)
        if action is not None:
            q = q.where(a.c.action == action)
        with self._read() as conn:
            rows = conn.execute(q).all()
        return pd.DataFrame([dict(r._mapping) for r in rows], columns=[c.name for c in a.columns]).astype({"seq": "int64"})

    def status(self) -> dict[str, Any]:
        """Counts for a quick overview (documents, codings per coder, unplaced, memos, schema version).

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> _ = p.add_documents(Transcript("R01", "R: de haven van Harlingen"))
        >>> p.status()["documents"]
        1
        """
        c = schema.codings
        with self._read() as conn:
            per_coder = dict(conn.execute(select(c.c.coder, sa.func.count()).where(c.c.anchored == True).group_by(c.c.coder).order_by(c.c.coder)).all())  # noqa: E712
            return {
                "location": self.location,
                "backend": self.backend,
                "schema_version": migrations.current_version(conn),
                "documents": conn.execute(select(sa.func.count()).select_from(schema.documents)).scalar_one(),
                "codes": len(self._code_ids(conn) or ()),
                "codings": sum(per_coder.values()),
                "codings_per_coder": per_coder,
                "unplaced": conn.execute(select(sa.func.count()).select_from(c).where(c.c.anchored == False)).scalar_one(),  # noqa: E712
                "reviews": conn.execute(select(sa.func.count()).select_from(schema.reviews)).scalar_one(),
                "memos": conn.execute(select(sa.func.count()).select_from(schema.memos)).scalar_one(),
            }

    def integrity_check(self) -> str:
        """``"ok"`` when the database is sound (SQLite ``PRAGMA integrity_check`` and ``foreign_key_check``).

        Examples
        --------
        >>> import tempfile, os
        >>> Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp")).integrity_check()
        'ok'
        """
        if not self._sqlite:
            with self._read() as conn:
                conn.execute(select(sa.func.count()).select_from(schema.codings)).scalar_one()
            return "ok"
        with self._read() as conn:
            result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").all()]
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
        if result != ["ok"]:
            return "; ".join(result)
        if fk:
            return f"{len(fk)} foreign key violation(s)"
        return "ok"

    # ------------------------------------------------------------------ backup

    def backup(self, folder: str | os.PathLike, *, overwrite: bool = False) -> Path:
        """Export the whole project to a plain folder; see :func:`researchkit.project.backup.export_folder`.

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> _ = p.add_documents(Transcript("R01", "R: de haven van Harlingen"))
        >>> folder = p.backup(os.path.join(tempfile.mkdtemp(), "backup"))
        >>> (folder / "documents" / "R01.txt").read_text(encoding="utf-8")
        'R: de haven van Harlingen'
        """
        from researchkit.project.backup import export_folder

        return export_folder(self, folder, overwrite=overwrite)

    @classmethod
    def restore(cls, folder: str | os.PathLike, target: str | os.PathLike, *, user: str | None = None) -> "Project":
        """Create a project at ``target`` from a folder made by :meth:`backup` (every id kept).

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> _ = p.add_documents(Transcript("R01", "R: de haven van Harlingen"))
        >>> tmp = tempfile.mkdtemp()
        >>> copy = Project.restore(p.backup(os.path.join(tmp, "b")), os.path.join(tmp, "copy.rkp"))
        >>> copy.uuid == p.uuid
        True
        """
        from researchkit.project.backup import import_folder

        return import_folder(folder, target, user=user)

    def import_qdpx(self, path: str | os.PathLike, *, labels: Mapping[str, str] | None = None, strict: bool = False,
                    coder: str | None = None) -> Any:
        """Import a REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder ... or researchkit) in one transaction.

        Documents, codes, codings (per coder), attributes and memos are matched to what
        the project holds by GUID, then by name (see :mod:`researchkit.project.exchange`).

        Parameters
        ----------
        path
            The ``.qdpx`` file.
        labels
            Speaker label -> role map for finding turns in texts from other programs.
        strict
            Refuse schema-invalid files and selections that fit no offset convention.
        coder
            Who did the import (audit log).

        Returns
        -------
        researchkit.refi.ExchangeReport
            Counts, the offset convention per document, what could not be carried over.

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript
        >>> tmp = tempfile.mkdtemp()
        >>> a = Project.create(os.path.join(tmp, "a.rkp"))
        >>> _ = a.add_documents(Transcript("R01", "R: de haven"))
        >>> _ = a.export_qdpx(os.path.join(tmp, "a.qdpx"))
        >>> b = Project.create(os.path.join(tmp, "b.rkp"))
        >>> b.import_qdpx(os.path.join(tmp, "a.qdpx")).counts["documents"]
        1
        >>> b.documents()["uuid"].tolist() == a.documents()["uuid"].tolist()
        True
        """
        from researchkit.project.exchange import import_exchange
        from researchkit.refi import read_qdpx

        return import_exchange(self, read_qdpx(path, labels=labels, strict=strict), coder=coder)

    def export_qdpx(self, path: str | os.PathLike, *, key: Any = None, kinds: Sequence[str] | str | None = None,
                    allow_unpseudonymised: bool = False, target: str = "standard") -> Any:
        """Write the project as a REFI-QDA ``.qdpx`` file (see :func:`researchkit.refi.write_qdpx`).

        With a privacy ``key`` (and/or identifier pattern ``kinds``) the export is
        pseudonymised and leak-checked before it is written. ``target`` (``nvivo``,
        ``atlasti``, ``maxqda``, ``qualcoder``, ``qc``) writes offsets and source files
        as that program reads them.

        Examples
        --------
        >>> import tempfile, os, zipfile
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> report = p.export_qdpx(os.path.join(tempfile.mkdtemp(), "p.qdpx"))
        >>> "project.qde" in zipfile.ZipFile(report.path).namelist()
        True
        """
        from researchkit.refi import write_qdpx

        return write_qdpx(self, path, key=key, kinds=kinds, allow_unpseudonymised=allow_unpseudonymised, target=target)

    def snapshot(self, path: str | os.PathLike) -> Path:
        """Copy a SQLite project to ``path`` with SQLite's online backup API (safe while others write).

        Never copy a live project file with ``cp`` or a file manager.

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> _ = p.add_documents(Transcript("R01", "R: de haven van Harlingen"))
        >>> copy = p.snapshot(os.path.join(tempfile.mkdtemp(), "copy.rkp"))
        >>> Project.open(copy).text("R01")
        'R: de haven van Harlingen'
        """
        from researchkit.project.backup import sqlite_snapshot

        return sqlite_snapshot(self, path)


# ----------------------------------------------------------------------------- helpers


class _Texts:
    """Adapter so that :func:`validate_codings` can check offsets against stored texts."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self._texts = dict(texts)

    def texts(self) -> dict[str, str]:
        return self._texts


def _insert(conn: Connection, table: sa.Table):
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def _text_column(frame: pd.DataFrame, name: str, n: int) -> list[str | None]:
    """Column ``name`` as strings with missing values and ``""`` as ``None`` (all ``None`` if absent)."""
    if name not in frame.columns:
        return [None] * n
    return [_str_or_none(v) for v in frame[name].tolist()]


def _bulk_insert(conn: Connection, table: sa.Table, names: list[str], rows: list[tuple]) -> None:
    """Insert many rows fast inside the caller's transaction.

    SQLite: the driver's ``executemany`` in batches of 2,000 (no per-row SQLAlchemy
    work). PostgreSQL (psycopg 3): ``COPY ... FROM STDIN`` on the same connection.
    """
    if not rows:
        return
    quote = conn.dialect.identifier_preparer.quote
    column_list = ", ".join(quote(n) for n in names)
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        cursor = conn.connection.cursor()
        try:
            with cursor.copy(f"COPY {quote(table.name)} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        finally:
            cursor.close()
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {quote(table.name)} ({column_list}) VALUES ({', '.join([mark] * len(names))})"
    for chunk in _chunks(rows, _CHUNK):
        conn.exec_driver_sql(sql, chunk)


def _move_codings(conn: Connection, moves: list[tuple[str, int, int, int, str]]) -> None:
    """Set new offsets and text for codings ``(id, temporary_start, start, end, text)``.

    Two steps (first a unique negative ``start``, then the final values) so that codings
    trading places never collide on the unique key, even where the database checks
    it row by row (PostgreSQL). PostgreSQL: through a temporary table (COPY + two
    ``UPDATE ... FROM``); SQLite: the driver's ``executemany``; other databases:
    SQLAlchemy ``executemany``.
    """
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        conn.exec_driver_sql("CREATE TEMPORARY TABLE rk_moves (id varchar(36) PRIMARY KEY, tmp integer, s integer, e integer, t text)")
        cursor = conn.connection.cursor()
        try:
            with cursor.copy("COPY rk_moves (id, tmp, s, e, t) FROM STDIN") as copy:
                for row in moves:
                    copy.write_row(row)
        finally:
            cursor.close()
        conn.exec_driver_sql("ANALYZE rk_moves")  # a few rows: let the planner use the primary key of rk_codings
        conn.exec_driver_sql("UPDATE rk_codings AS c SET start = m.tmp FROM rk_moves AS m WHERE c.id = m.id")
        conn.exec_driver_sql('UPDATE rk_codings AS c SET start = m.s, "end" = m.e, text = m.t, anchored = true FROM rk_moves AS m WHERE c.id = m.id')
        conn.exec_driver_sql("DROP TABLE rk_moves")
        return
    if conn.dialect.paramstyle == "qmark":  # SQLite: straight to the driver
        conn.exec_driver_sql("UPDATE rk_codings SET start = ? WHERE id = ?", [(m[1], m[0]) for m in moves])
        conn.exec_driver_sql(
            'UPDATE rk_codings SET start = ?, "end" = ?, text = ?, anchored = 1 WHERE id = ?', [(m[2], m[3], m[4], m[0]) for m in moves]
        )
        return
    c = schema.codings
    conn.execute(
        c.update().where(c.c.id == sa.bindparam("b_id")).values(start=sa.bindparam("b_tmp")),
        [{"b_id": m[0], "b_tmp": m[1]} for m in moves],
    )
    conn.execute(
        c.update().where(c.c.id == sa.bindparam("b_id")).values(
            start=sa.bindparam("b_start"), end=sa.bindparam("b_end"), text=sa.bindparam("b_text"), anchored=True
        ),
        [{"b_id": m[0], "b_start": m[2], "b_end": m[3], "b_text": m[4]} for m in moves],
    )


def _chunks(items: Sequence, size: int = _CHUNK) -> Iterator[list]:
    items = list(items)
    for k in range(0, len(items), size):
        yield items[k : k + size]


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    text = str(value)
    return text if text != "" else None


def _float_or_none(value: Any) -> float | None:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return float(value)


def _plain(value: Any) -> Any:
    """Make attribute values JSON-friendly (numpy scalars, dates, NaN -> None)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(value, float) and value != value:
        return None
    if value is pd.NaT:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _empty_codings_frame() -> pd.DataFrame:
    return _codings_frame(pd.DataFrame(columns=CODINGS_FRAME_COLUMNS))


def _codings_frame(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame[CODINGS_FRAME_COLUMNS]
    return frame.astype({"start": "int64", "end": "int64", "confidence": "float64"})


def _coding_json(row: Mapping[str, Any]) -> dict:
    keys = ["id", "doc_id", "start", "end", "code", "coder", "source", "text", "created", "memo", "origin", "anchored"]
    return {k: (bool(row[k]) if k == "anchored" else row.get(k)) for k in keys}


def _selection_ids(selection: Any) -> list[str]:
    if isinstance(selection, str):
        return [selection]
    if isinstance(selection, pd.DataFrame):
        if "id" not in selection.columns:
            raise ProjectError("RK323", "the selection has no 'id' column", hint="select rows of project.codings(), which carry the coding ids")
        return [str(i) for i in selection["id"]]
    if isinstance(selection, pd.Series):
        if "id" in selection.index and not isinstance(selection.get("id"), pd.Series):
            return [str(selection["id"])]
        return [str(i) for i in selection]
    return [str(i) for i in selection]


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no login name in some containers
        return "unknown"


def _check_writable(path: Path) -> None:
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


def _check_version(version: int | None, display: str) -> None:
    if version is None:
        raise ProjectError(
            "RK310", f"{display}: not a researchkit project (a database without the project tables)",
            hint="give the path or URL of a project made with Project.create / `researchkit project init`",
        )
    if version > schema.SCHEMA_VERSION:
        raise ProjectError(
            "RK311", f"{display}: the project has schema version {version}, this researchkit knows up to {schema.SCHEMA_VERSION}",
            hint="upgrade researchkit (pip install -U researchkit); nothing was changed",
        )


def _codebook_yaml(codebook: Any) -> str:
    if isinstance(codebook, (str, os.PathLike)) and not (isinstance(codebook, str) and "\n" in codebook):
        path = Path(codebook)
        if not path.exists():
            raise ProjectError("RK324", f"{path}: codebook file not found", hint="check the path")
        return path.read_text(encoding="utf-8")
    if isinstance(codebook, str):
        return codebook
    if isinstance(codebook, Mapping):
        return _yaml_dump(dict(codebook))
    to_dict = getattr(codebook, "to_dict", None)
    if callable(to_dict):
        return _yaml_dump(to_dict())
    save = getattr(codebook, "save", None)
    if callable(save):
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "codebook.yaml"
            save(target)
            return target.read_text(encoding="utf-8")
    raise ProjectError("RK324", f"set_codebook: cannot store a {type(codebook).__name__}", hint="give a Codebook, a YAML path or a dict")


def _yaml_load(text: str) -> dict:
    from researchkit.yamlsafe import safe_load

    data = safe_load(text)
    if not isinstance(data, dict):
        raise ProjectError("RK324", "the codebook YAML is not a mapping with a 'codes' list", hint="see docs/project.md")
    return data


def _yaml_dump(data: Mapping) -> str:
    import yaml

    return yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True, default_flow_style=False)


def _nested(text: str) -> dict:
    """The codebook YAML as plain data with every code nested under its parent."""
    from researchkit.codebook import Codebook

    return Codebook.from_dict(_yaml_load(text)).to_dict()


def _walk_nodes(nodes: list, parent: dict | None = None) -> Iterator[tuple[dict, list, dict | None]]:
    for node in list(nodes):
        yield node, nodes, parent
        yield from _walk_nodes(node.get("children") or [], node)


def _merge_in_tree(data: dict, merged: Sequence[str], into: str) -> None:
    """Remove ``merged`` codes from a codebook dict, moving their children under ``into``."""
    target = next(node for node, _, _ in _walk_nodes(data.get("codes") or []) if node.get("id") == into)
    for code_id in merged:
        for node, siblings, _ in list(_walk_nodes(data.get("codes") or [])):
            if node.get("id") == code_id:
                siblings.remove(node)
                children = node.get("children") or []
                if children:
                    target.setdefault("children", []).extend(children)
                break


def _add_children(data: dict, parent_id: str, new_ids: Sequence[str]) -> None:
    parent = next(node for node, _, _ in _walk_nodes(data.get("codes") or []) if node.get("id") == parent_id)
    kids = parent.setdefault("children", [])
    for new in new_ids:
        kids.append({"id": new, "name": new})

"""Backup of a whole project to a plain folder, import back, and SQLite snapshots.

The folder is readable without researchkit and byte-for-byte deterministic (sorted
rows, fixed column order, ``\\n`` line ends, UTF-8)::

    project.json            format, schema version, project uuid and creation time
    documents.csv           doc_id, uuid, sha256, provenance, attributes (JSON), the reader's
                            layout: encoding, paragraphs, furniture, line numbers, notes (JSON), file
    documents/<doc_id>.txt  canonical texts, exactly as stored
    turns.csv
    codebook.yaml           the current codebook
    codebooks.csv           every codebook version (YAML text) ...
    codes.csv               ... and their codes with stable UUIDs
    coders.csv
    codings/<coder>.csv     one file per coder, every column including id and created
    reviews.csv, memos.csv
    audit.csv               the audit log

:func:`import_folder` builds a new project from it with every id, timestamp and
audit entry kept, so that ``backup -> import -> backup`` gives an identical folder.
The backup is taken inside one read transaction (a consistent snapshot even while
others write) and written to a temporary folder that is renamed into place. The folder
and its subfolders are owner-only (``0700``), every file in it ``0600``; so is a snapshot.

Examples
--------
>>> import tempfile, os
>>> from researchkit.project.examples import example_project
>>> p = example_project({"R01": "R: ja"})
>>> tmp = tempfile.mkdtemp()
>>> q = type(p).restore(p.backup(os.path.join(tmp, "backup")), os.path.join(tmp, "b.rkp"))
>>> q.documents()["uuid"].tolist() == p.documents()["uuid"].tolist()
True
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar

import sqlalchemy as sa
from sqlalchemy import select

from researchkit.errors import ProjectError
from researchkit.project import schema
from researchkit.project.connect import OWNER_DIR_MODE, OWNER_FILE_MODE
from researchkit.project.database import Database
from researchkit.project.faults import as_project_error, nul_error
from researchkit.project.layout import LAYOUT_COLUMNS, LAYOUT_VERSION, LEGACY_VALUES, decode_layout, layout_problem

FORMAT = "researchkit-project-backup"
FORMAT_VERSION = 1
D = TypeVar("D", bound=Database)

#: file -> (table, sort columns)
_PLAIN_TABLES = {
    "coders.csv": ("rk_coders", ["name"]),
    "turns.csv": ("rk_turns", ["doc_id", "turn"]),
    "codebooks.csv": ("rk_codebooks", ["id"]),
    "codes.csv": ("rk_codes", ["codebook_id", "position"]),
    "reviews.csv": ("rk_reviews", ["created", "id"]),
    "memos.csv": ("rk_memos", ["target_type", "target", "created", "id"]),
    "audit.csv": ("rk_audit", ["seq"]),
}
#: tables written only when they hold rows (so that older backups stay identical)
_OPTIONAL_TABLES = {
    "memo_links.csv": ("rk_memo_links", ["memo_id", "target_type", "target"]),
}
_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")


class BackupPart(Database):
    """Backup to a plain folder, restore from one, SQLite snapshots."""

    def backup(self, folder: str | os.PathLike, *, overwrite: bool = False) -> Path:
        """Export the whole project to a plain folder; see :func:`export_folder`.

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({"R01": "R: de haven van Harlingen"})
        >>> folder = p.backup(os.path.join(tempfile.mkdtemp(), "backup"))
        >>> (folder / "documents" / "R01.txt").read_text(encoding="utf-8")
        'R: de haven van Harlingen'
        """
        return export_folder(self, folder, overwrite=overwrite)

    @classmethod
    def restore(cls: type[D], folder: str | os.PathLike, target: str | os.PathLike, *, user: str | None = None) -> D:
        """Create a project at ``target`` from a folder made by :meth:`backup` (every id kept).

        The folder is checked completely (sha256 of every text) before anything is created.

        Raises
        ------
        ProjectError
            RK322 for a missing or malformed backup, RK331 for a NUL character in one of its
            values or texts (nothing is created).

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({"R01": "R: de haven van Harlingen"})
        >>> tmp = tempfile.mkdtemp()
        >>> copy = type(p).restore(p.backup(os.path.join(tmp, "b")), os.path.join(tmp, "copy.rkp"))
        >>> copy.uuid == p.uuid
        True
        """
        return cls._create(target, user=user, populate=read_folder(folder))

    def snapshot(self, path: str | os.PathLike) -> Path:
        """Copy a SQLite project to ``path`` with SQLite's online backup API (safe while others write).

        Never copy a live project file with ``cp`` or a file manager. The copy is
        owner-only (``0600``) and appears only when complete.

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({"R01": "R: de haven van Harlingen"})
        >>> copy = p.snapshot(os.path.join(tempfile.mkdtemp(), "copy.rkp"))
        >>> type(p).open(copy).text("R01")
        'R: de haven van Harlingen'
        """
        return sqlite_snapshot(self, path)


def _slug(name: str) -> str:
    return name if _SAFE.match(name) else re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "x"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _csv_text(columns: list[str], rows: Iterable[Iterable[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue()


def _key(row: Any, columns: list[str]) -> tuple:
    """Sort key independent of the database's collation (code-point order, NULLs first)."""
    return tuple((getattr(row, c) is not None, getattr(row, c)) for c in columns)


def _write(path: Path, text: str) -> None:
    """Write an owner-only (0600) file, creating owner-only (0700) folders."""
    path.parent.mkdir(mode=OWNER_DIR_MODE, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_FILE_MODE)
    with open(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)


def export_folder(project: Database, folder: str | os.PathLike, *, overwrite: bool = False) -> Path:
    """Write the whole project to ``folder`` (see the module docstring for the layout).

    Parameters
    ----------
    project
        The project.
    folder
        Target folder; it must not exist, or be an earlier backup and ``overwrite=True``.
    overwrite
        Replace an earlier backup folder.

    Returns
    -------
    pathlib.Path
        The folder.

    Raises
    ------
    ProjectError
        RK322 when the folder exists (and is not an earlier backup to overwrite);
        RK330 when the disk fills up (the earlier backup, if any, is left as it was).

    Examples
    --------
    >>> import tempfile, os
    >>> from researchkit.project.examples import example_project
    >>> folder = export_folder(example_project({}), os.path.join(tempfile.mkdtemp(), "backup"))
    >>> sorted(x.name for x in folder.iterdir())[:3], oct(folder.stat().st_mode & 0o777)
    (['audit.csv', 'codebooks.csv', 'coders.csv'], '0o700')
    """
    target = Path(folder)
    if target.exists():
        if not overwrite or not (target / "project.json").exists():
            raise ProjectError(
                "RK322", f"{target}: the folder already exists",
                hint="choose a new folder, or pass overwrite=True to replace an earlier backup",
            )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=str(target.parent)))  # mode 0700
    try:
        with project._read() as conn:
            _export(conn, staging)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=str(target.parent)))
            os.replace(target, old / "backup")
            os.replace(staging, target)
            shutil.rmtree(old)
        else:
            os.replace(staging, target)
    except BaseException as err:
        shutil.rmtree(staging, ignore_errors=True)
        problem = as_project_error(err, str(target)) if isinstance(err, OSError) else None
        if problem is not None:
            raise problem from None
        raise
    return target


def _export(conn: sa.Connection, out: Path) -> None:
    facts = dict(conn.execute(select(schema.project_table.c.key, schema.project_table.c.value)).all())
    version = conn.execute(select(sa.func.max(schema.schema_table.c.version))).scalar()
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "schema_version": version, "project": facts}
    _write(out / "project.json", json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n")
    _export_documents(conn, out, version=int(version or 0))
    for file, (table_name, order) in {**_PLAIN_TABLES, **_OPTIONAL_TABLES}.items():
        table = schema.metadata.tables[table_name]
        rows = sorted(conn.execute(select(table)).all(), key=lambda r, o=order: _key(r, o))
        if rows or file in _PLAIN_TABLES:
            _write(out / file, _csv_text([c.name for c in table.columns], rows))
    latest = conn.execute(select(schema.codebooks.c.yaml).order_by(schema.codebooks.c.id.desc()).limit(1)).scalar()
    if latest is not None:
        _write(out / "codebook.yaml", latest)
    _export_codings(conn, out)


def _file_name(name: str, used: set[str]) -> str:
    """A safe, unique (case-insensitively) file name for a doc id or coder name."""
    safe = _slug(name)
    if safe.lower() in used or safe != name:
        safe = f"{safe}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:8]}"
    used.add(safe.lower())
    return safe


def _export_documents(conn: sa.Connection, out: Path, *, version: int) -> None:
    d = schema.documents
    # a read-only project of an older schema has no layout columns (its manifest says which version it is)
    columns = [c for c in d.columns if version >= LAYOUT_VERSION or c.name not in LAYOUT_COLUMNS]
    doc_columns = [c.name for c in columns if c.name != "text"] + ["file"]
    doc_rows, used = [], set()
    for r in sorted(conn.execute(select(*columns)).all(), key=lambda r: r.doc_id):
        file = f"documents/{_file_name(r.doc_id, used)}.txt"
        _write(out / file, r.text)
        doc_rows.append([getattr(r, c) for c in doc_columns[:-1]] + [file])
    _write(out / "documents.csv", _csv_text(doc_columns, doc_rows))


def _export_codings(conn: sa.Connection, out: Path) -> None:
    c = schema.codings
    columns = [col.name for col in c.columns]
    by_coder: dict[str, list] = {}
    order = ["coder", "doc_id", "start", "end", "code", "id"]
    for r in sorted(conn.execute(select(c)).all(), key=lambda r: _key(r, order)):
        by_coder.setdefault(r.coder, []).append(r)
    (out / "codings").mkdir(mode=OWNER_DIR_MODE, exist_ok=True)
    used: set[str] = set()
    for coder in sorted(by_coder):
        _write(out / "codings" / f"{_file_name(coder, used)}.csv", _csv_text(columns, by_coder[coder]))


@contextlib.contextmanager
def _long_fields() -> Iterator[None]:
    """Let csv read fields as long as a document's layout JSON (the paragraph spans of a 500 KB transcript
    pass csv's 128 KiB default, and the backup could not be restored)."""
    old = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _read_csv(path: Path, table: sa.Table, *, extra: tuple[str, ...] = (), optional: tuple[str, ...] = ()) -> list[dict]:
    if not path.exists():
        raise ProjectError("RK322", f"{path}: missing from the backup folder", hint="give a complete folder made by project.backup()")
    with open(path, encoding="utf-8", newline="") as fh, _long_fields():
        reader = csv.DictReader(fh)
        try:
            return _csv_rows(path, reader, table, extra, optional)
        except (csv.Error, UnicodeDecodeError) as err:
            raise ProjectError("RK322", f"{path}, line {reader.line_num + 1}: not readable as a backup table ({err})",
                               hint="restore the file from the original backup") from None


def _csv_rows(path: Path, reader: csv.DictReader, table: sa.Table, extra: tuple[str, ...], optional: tuple[str, ...]) -> list[dict]:
    expected = [c.name for c in table.columns if c.name in (reader.fieldnames or [])]
    missing = [c.name for c in table.columns if c.name not in (reader.fieldnames or []) and c.name not in optional
               and not (c.name == "text" and table is schema.documents)]
    if missing:
        raise ProjectError("RK322", f"{path}: missing column(s) {', '.join(missing)}", hint="give a folder made by project.backup()")
    rows = []
    for raw in reader:
        row = {}
        for name in expected + list(extra):
            value = raw.get(name)
            column = table.columns.get(name)
            try:
                row[name] = _parse(value, column)
            except ValueError as err:
                raise ProjectError("RK322", f"{path}, line {reader.line_num}: column {name}={value!r}: {err}",
                                   hint="restore the file from the original backup") from None
            if isinstance(value, str) and "\x00" in value:  # refused as by every other write path (SQLite would store it)
                raise nul_error(value, field=f"column {name}", where=f"{path}, line {reader.line_num}")
        rows.append(row)
    return rows


def _parse(value: str | None, column: sa.Column | None) -> Any:
    if column is None:
        return value
    if value is None or value == "":
        return None if column.nullable else ("" if isinstance(column.type, (sa.String, sa.Text)) else _required(column))
    if isinstance(column.type, sa.Boolean):
        return value == "1"
    if isinstance(column.type, sa.Integer):
        return int(value)
    if isinstance(column.type, sa.Float):
        return float(value)
    return value


def _required(column: sa.Column) -> Any:
    raise ValueError(f"{column.name} is required")


def read_folder(folder: str | os.PathLike) -> Callable[[sa.Connection], None]:
    """Read and check a backup folder completely; return what fills a new project with it.

    Nothing is created here: :meth:`BackupPart.restore` runs the returned function in
    the transaction that creates the new project, so every id, timestamp and audit
    entry is kept.

    Parameters
    ----------
    folder
        A folder written by :func:`export_folder`.

    Raises
    ------
    ProjectError
        RK322 for a missing or malformed backup, RK311 for a backup of a newer schema.

    Examples
    --------
    >>> import tempfile, os
    >>> from researchkit.project.examples import example_project
    >>> callable(read_folder(example_project({}).backup(os.path.join(tempfile.mkdtemp(), "b"))))
    True
    """
    src = Path(folder)
    manifest = _read_manifest(src)
    documents = _read_documents(src, version=int(manifest.get("schema_version") or 0))
    tables = {name: _read_csv(src / file, schema.metadata.tables[name]) for file, (name, _) in _PLAIN_TABLES.items()}
    for file, (name, _) in _OPTIONAL_TABLES.items():
        tables[name] = _read_csv(src / file, schema.metadata.tables[name]) if (src / file).exists() else []
    codings: list[dict] = []
    for file in sorted((src / "codings").glob("*.csv")) if (src / "codings").is_dir() else []:
        codings.extend(_read_csv(file, schema.codings))

    def populate(conn: sa.Connection) -> None:
        facts = manifest.get("project") or {}
        conn.execute(schema.project_table.insert(), [{"key": k, "value": v} for k, v in sorted(facts.items())])
        _insert(conn, "rk_coders", tables["rk_coders"])
        _insert(conn, "rk_documents", documents)
        for name in ("rk_turns", "rk_codebooks", "rk_codes"):
            _insert(conn, name, tables[name])
        _insert(conn, "rk_codings", codings)
        for name in ("rk_reviews", "rk_memos", "rk_memo_links", "rk_audit"):
            _insert(conn, name, tables[name])
        if conn.dialect.name == "postgresql":
            for table, column in (("rk_codebooks", "id"), ("rk_audit", "seq")):
                conn.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                    f"COALESCE((SELECT max({column}) FROM {table}), 0) + 1, false)"
                ))

    return populate


def _read_manifest(src: Path) -> dict:
    manifest_path = src / "project.json"
    if not manifest_path.exists():
        raise ProjectError("RK322", f"{src}: no project.json — not a researchkit backup folder", hint="give a folder made by project.backup()")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        int(manifest.get("schema_version") or 0), int(manifest.get("format_version") or 0)
    except (ValueError, RecursionError, AttributeError, TypeError) as err:  # UnicodeDecodeError is a ValueError
        raise ProjectError("RK322", f"{manifest_path}: damaged ({type(err).__name__}: {str(err)[:200]})",
                           hint="restore project.json from the original backup") from None
    if manifest.get("format") != FORMAT or int(manifest.get("format_version") or 0) > FORMAT_VERSION:
        raise ProjectError("RK322", f"{manifest_path}: format {manifest.get('format')!r} v{manifest.get('format_version')} is not supported", hint="use the researchkit version that made the backup")
    if int(manifest.get("schema_version") or 0) > schema.SCHEMA_VERSION:
        raise ProjectError("RK311", f"{src}: backup of schema version {manifest['schema_version']}, this researchkit knows up to {schema.SCHEMA_VERSION}", hint="upgrade researchkit")
    return manifest


def _read_documents(src: Path, *, version: int) -> list[dict]:
    """The documents of a backup with their texts, checked; a backup of schema 3 or older gets the legacy layout."""
    old = version < LAYOUT_VERSION
    documents = _read_csv(src / "documents.csv", schema.documents, extra=("file",), optional=LAYOUT_COLUMNS if old else ())
    for line, row in enumerate(documents, start=2):
        if old:
            row.update({k: v for k, v in LEGACY_VALUES.items() if k not in row})
        file = src / (row.pop("file") or "")
        if not file.is_file():
            raise ProjectError("RK322", f"{file}: text of document {row['doc_id']!r} is missing", hint="restore the documents/ folder")
        with open(file, encoding="utf-8", newline="") as fh:
            row["text"] = fh.read()
        if "\x00" in row["text"]:
            raise nul_error(row["text"], field=f"the text of document {row['doc_id']!r}", where=str(file))
        if hashlib.sha256(row["text"].encode("utf-8")).hexdigest() != row["sha256"]:
            raise ProjectError("RK322", f"{file}: the text does not match its sha256 in documents.csv", hint="the backup was edited or damaged; restore the original file")
        try:
            problem = layout_problem(decode_layout(row), row["text"])
        except ValueError as err:
            problem = str(err)
        if problem:
            raise ProjectError("RK322", f"{src / 'documents.csv'}, line {line}: document {row['doc_id']!r}: {problem}",
                               hint="the backup was edited or damaged; restore documents.csv from the original backup")
    return documents


def _insert(conn: sa.Connection, name: str, rows: list[dict]) -> None:
    table = schema.metadata.tables[name]
    for k in range(0, len(rows), 2000):
        conn.execute(table.insert(), rows[k : k + 2000])


@contextlib.contextmanager
def _private_file(target: Path) -> Iterator[Path]:
    """A new owner-only (0600) temporary file beside ``target``, moved onto it when the block succeeds."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)  # mkstemp: mode 0600
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def sqlite_snapshot(project: Database, path: str | os.PathLike) -> Path:
    """Copy a SQLite project with SQLite's online backup API, atomically, owner-only (``0600``).

    Never copy a live database file with ``cp``: a copy taken while another process
    writes can be corrupt. The backup API copies a consistent state.

    Raises
    ------
    ProjectError
        RK324 for a project that is not stored in SQLite (use :func:`export_folder`);
        RK330 when the disk fills up (no partial copy is left).

    Examples
    --------
    >>> import tempfile, os
    >>> from researchkit.project.examples import example_project
    >>> copy = sqlite_snapshot(example_project({}), os.path.join(tempfile.mkdtemp(), "copy.rkp"))
    >>> copy.name, oct(copy.stat().st_mode & 0o777)
    ('copy.rkp', '0o600')
    """
    if project.backend != "sqlite":
        raise ProjectError("RK324", f"{project.location}: snapshots are for SQLite projects", hint="use project.backup(folder) for a server database")
    target = Path(path)
    own = project.engine.url.database
    if own and target.resolve() == Path(own).resolve():
        raise ProjectError("RK324", f"{target}: is the project itself", hint="give another file name for the snapshot")
    if not target.parent.is_dir():
        raise ProjectError("RK324", f"{target}: the folder {target.parent} does not exist", hint="create the folder first")
    try:
        with _private_file(target) as tmp:
            raw = project.engine.raw_connection()
            try:
                dst = sqlite3.connect(tmp)
                try:
                    raw.driver_connection.backup(dst)
                finally:
                    dst.close()
            finally:
                raw.close()
    except (OSError, sqlite3.Error) as err:
        problem = as_project_error(err, str(target))
        if problem is None:
            raise
        raise problem from None
    return target

"""Opening a QualCoder project's SQLite database read-only, and reading its tables as they are in any version.

A QualCoder project is a folder ``Name.qda`` holding ``data.qda`` (an SQLite database) and
the folders ``documents``, ``images``, ``audio`` and ``video``. The schema (read in
QualCoder's source, ``src/qualcoder/__main__.py``: the project creation and the upgrades run
when a project is opened) grew by versions, recorded in ``project.databaseversion``:

==== =====================================================================================
v1   ``project``, ``source``, ``code_cat``, ``code_name``, ``code_text``, ``code_image``,
     ``code_av``, ``cases``, ``case_text``, ``attribute_type``, ``attribute``, ``journal``,
     ``annotation``
v2   ``code_text.avid`` (a text coding tied to an A/V coding), ``project.bookmarkfile/pos``
v3   ``important`` on ``code_text``, ``code_image``, ``code_av``
v4   ``code_text.ctid`` (the table rebuilt with a primary key)
v5   ``project.codername``, ``source.av_text_id`` (a recording's transcript), ``stored_sql``
v6   graph tables; ``attribute`` and ``journal`` names unique
v7   graph memo links; v8 ``ris`` and ``source.risid`` (references); v9
     ``project.recently_used_codes``; v10 ``code_image.pdf_page``; v11 ``gr_pix_item.pdf_page``;
     v12 ``manage_files_display``; v13 ``files_filter``; v14 ``coder_names`` (QualCoder 3.9)
==== =====================================================================================

Columns a version lacks are read as missing (``None``), so every version reads through
the same code. The database is opened with an SQLite ``file:...?mode=ro`` URI and
``PRAGMA query_only``: nothing is ever written, the file's bytes and time stamp stay as they
were. ``trusted_schema`` is switched off and only real tables (not views) are read, so a
crafted file cannot run functions through views or triggers.

Examples
--------
>>> import sqlite3, tempfile, os
>>> folder = os.path.join(tempfile.mkdtemp(), "Havens.qda")
>>> os.mkdir(folder)
>>> con = sqlite3.connect(os.path.join(folder, "data.qda"))
>>> for table in REQUIRED_TABLES:
...     con.execute(f"create table {table} (name text)")  # doctest: +ELLIPSIS
<sqlite3.Cursor ...>
>>> con.commit(); con.close()
>>> db = QualCoderDatabase.open(folder)
>>> db.file.name, db.version
('data.qda', None)
>>> db.close()
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import quote

from researchkit.errors import ExchangeError

__all__ = ["REQUIRED_TABLES", "KNOWN_TABLES", "SETTINGS_TABLES", "NEWEST_KNOWN_VERSION", "QualCoderDatabase", "database_file", "parse_version"]

#: Tables without which a database is not a QualCoder project.
REQUIRED_TABLES = ("project", "source", "code_cat", "code_name", "code_text")
#: Every table of a v14 database (QualCoder 3.9): what researchkit reads, and what it knows it need not.
KNOWN_TABLES = frozenset(REQUIRED_TABLES + (
    "code_image", "code_av", "cases", "case_text", "attribute_type", "attribute", "journal", "annotation",
    "stored_sql", "graph", "gr_cdct_text_item", "gr_case_text_item", "gr_file_text_item", "gr_free_text_item",
    "gr_cdct_line_item", "gr_free_line_item", "gr_pix_item", "gr_av_item", "ris", "manage_files_display",
    "files_filter", "coder_names"))
#: Tables of settings and saved views, not of research content: left unread without a note.
SETTINGS_TABLES = frozenset(("stored_sql", "manage_files_display", "files_filter", "coder_names"))
#: The newest ``databaseversion`` whose schema researchkit knows (QualCoder 3.9 creates v14).
NEWEST_KNOWN_VERSION = 14
#: Seconds to wait for another program's write lock before giving up (RK614).
LOCK_TIMEOUT = 2.0
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def database_file(path: str | Path) -> Path:
    """The ``data.qda`` file of a QualCoder project given as its folder or as the file itself.

    Raises
    ------
    ExchangeError
        ``RK612`` when there is no such file.

    Examples
    --------
    >>> database_file("/nowhere/Study.qda")
    Traceback (most recent call last):
    ...
    researchkit.errors.ExchangeError: [RK612] /nowhere/Study.qda: no QualCoder project here (no such folder or file). What to do: give the project's .qda folder or the data.qda file inside it.
    """
    p = Path(path)
    hint = "give the project's .qda folder or the data.qda file inside it"
    if p.is_dir():
        f = p / "data.qda"
        if not f.is_file():
            raise ExchangeError("RK612", p, "the folder holds no data.qda (QualCoder keeps its project database there)", hint=hint)
        return f
    if p.is_file():
        return p
    raise ExchangeError("RK612", p, "no QualCoder project here (no such folder or file)", hint=hint)


def parse_version(value: Any) -> int | None:
    """The number of a ``databaseversion`` (``'v14'`` -> 14), ``None`` when it is not of that form.

    Examples
    --------
    >>> parse_version("v14"), parse_version("V2"), parse_version("2.8"), parse_version(None)
    (14, 2, None, None)
    """
    m = re.fullmatch(r"\s*[vV](\d{1,4})\s*", value) if isinstance(value, str) else None
    return int(m.group(1)) if m else None


class QualCoderDatabase:
    """A QualCoder ``data.qda`` opened read-only (see module docstring).

    Attributes
    ----------
    file
        The database file.
    tables
        ``table -> column names`` of every real table.
    version
        The number of ``project.databaseversion`` (``None`` when absent or not ``vN``).
    project
        The ``project`` row as a dict (empty when the table has no row).
    """

    def __init__(self, file: Path, conn: sqlite3.Connection) -> None:
        self.file, self.conn = file, conn
        self.tables: dict[str, list[str]] = {}
        self.project: dict[str, Any] = {}
        self.version: int | None = None

    @classmethod
    def open(cls, path: str | Path) -> "QualCoderDatabase":
        """Open the project at ``path`` (folder or ``data.qda``) read-only and check it is QualCoder's.

        Raises
        ------
        ExchangeError
            ``RK612`` not a QualCoder database (what is missing named), ``RK614`` locked,
            damaged or unreadable.
        """
        file = database_file(path)
        try:
            with open(file, "rb") as fh:
                head = fh.read(16)
        except OSError as exc:
            raise ExchangeError("RK614", file, f"cannot read the file ({exc})", hint="check that the file is readable") from None
        if head != b"SQLite format 3\x00":
            raise ExchangeError("RK612", file, "not an SQLite database, so not a QualCoder project database",
                                hint="give a QualCoder project folder (Name.qda) or its data.qda file")
        uri = "file:" + quote(str(file.resolve()), safe="/") + "?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=LOCK_TIMEOUT, isolation_level=None, check_same_thread=True)
        except sqlite3.Error as exc:
            raise _db_error(file, exc) from None
        db = cls(file, conn)
        try:
            conn.execute("PRAGMA query_only = ON")
            conn.execute("PRAGMA trusted_schema = OFF")
            conn.execute("BEGIN")  # one snapshot for every read that follows
            db._load_schema()
        except sqlite3.Error as exc:
            conn.close()
            raise _db_error(file, exc) from None
        except ExchangeError:
            conn.close()
            raise
        return db

    def _load_schema(self) -> None:
        names = [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for name in names:
            if _NAME.match(name):
                self.tables[name.lower()] = [r[1] for r in self.conn.execute(f'PRAGMA table_info("{name}")')]
        missing = [t for t in REQUIRED_TABLES if t not in self.tables]
        if missing:
            have = ", ".join(sorted(self.tables)[:12]) or "none"
            raise ExchangeError("RK612", self.file, f"not a QualCoder project database: table(s) {', '.join(missing)} missing "
                                f"(tables present: {have})",
                                hint="give the data.qda of a QualCoder project; for a REFI-QDA export use the .qdpx file")
        rows = self.rows("project", ("databaseversion", "date", "memo", "about", "codername"), order="")
        self.project = rows[0] if rows else {}
        self.version = parse_version(self.project.get("databaseversion"))

    def has(self, table: str, column: str | None = None) -> bool:
        """Whether the database has ``table`` (and ``column`` in it)."""
        cols = self.tables.get(table)
        return cols is not None and (column is None or column in cols)

    def rows(self, table: str, columns: Sequence[str], *, order: str | None = None, rowid: bool = False) -> list[dict[str, Any]]:
        """Every row of ``table`` as dicts of ``columns``; a column the table lacks is ``None``; none for a missing table.

        ``order`` is a column to sort by (default: the first of ``columns``; ``""`` keeps the
        stored order); ``rowid`` adds SQLite's ``rowid`` (for tables without a key of their own).
        """
        have = self.tables.get(table)
        if have is None:
            return []
        present = [c for c in columns if c in have]
        select = ([f'"{c}"' for c in present] + (["rowid"] if rowid else [])) or ["1"]
        key = columns[0] if order is None else order
        sql = f'SELECT {", ".join(select)} FROM "{table}"' + (f' ORDER BY "{key}", rowid' if key and key in have else " ORDER BY rowid")
        try:
            found = self.conn.execute(sql).fetchall()
        except sqlite3.Error as exc:
            raise _db_error(self.file, exc, f"table {table}") from None
        out = []
        for r in found:
            row = {c: None for c in columns}
            row.update(zip(present, r))
            if rowid:
                row["rowid"] = r[-1]
            out.append(row)
        return out

    def count(self, table: str) -> int:
        """How many rows ``table`` has (0 for a missing table)."""
        if table not in self.tables:
            return 0
        try:
            return int(self.conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
        except sqlite3.Error as exc:
            raise _db_error(self.file, exc, f"table {table}") from None

    def close(self) -> None:
        """End the read and close the connection (nothing was written)."""
        try:
            self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        self.conn.close()

    def __enter__(self) -> "QualCoderDatabase":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _db_error(file: Path, exc: sqlite3.Error, where: str | None = None) -> ExchangeError:
    """The catalogue error for an SQLite failure: RK614 (locked, damaged, unreadable) or RK612 (not a database)."""
    text = str(exc)
    low = text.lower()
    if "locked" in low or "busy" in low:
        return ExchangeError("RK614", file, f"the database is locked by another program ({text})", location=where,
                             hint="close the project in QualCoder (or wait until it has saved) and try again")
    if "not a database" in low:
        return ExchangeError("RK612", file, f"not an SQLite database ({text})", location=where,
                             hint="give a QualCoder project folder (Name.qda) or its data.qda file")
    return ExchangeError("RK614", file, f"the database cannot be read: it may be damaged ({text})", location=where,
                         hint="open the project in QualCoder once (it may repair it), or use one of QualCoder's backups "
                              "(folders named ..._BKUP_yyyymmdd_hh beside the project)")

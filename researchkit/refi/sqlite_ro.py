"""Opening another program's SQLite project database read-only, and reading its tables whatever their version.

QualCoder (``data.qda``) and RQDA (``.rqda``) keep a project in one SQLite database.
:func:`open_readonly` opens such a file so that nothing can change it: an SQLite
``file:...?mode=ro`` URI, ``PRAGMA query_only``, ``trusted_schema`` off (a crafted file
cannot run functions through views or triggers) and one read transaction, so every
read sees the same snapshot. :class:`ReadOnlyDatabase` lists the real tables (never
views) and reads rows by column name, a column a table lacks read as ``None``, so every
version of a schema reads through the same code. Which catalogue codes an error carries,
and what it tells the user to do, depends on the program (:class:`Dialect`).

Examples
--------
>>> import sqlite3, tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "study.rqda")
>>> con = sqlite3.connect(path)
>>> _ = con.execute("create table source (name text, id integer)")
>>> con.commit(); con.close()
>>> dialect = Dialect("RQDA", "RK616", "RK617", "give an RQDA project (.rqda)", "close it in RQDA", "use a backup")
>>> with ReadOnlyDatabase(Path(path), open_readonly(Path(path), dialect), dialect) as db:
...     db.tables, db.rows("source", ("id", "name", "memo"))
({'source': ['name', 'id']}, [])
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import quote

from researchkit.errors import ExchangeError

__all__ = ["Dialect", "ReadOnlyDatabase", "open_readonly", "db_error", "SQLITE_HEADER"]

#: The first 16 bytes of every SQLite 3 database file.
SQLITE_HEADER = b"SQLite format 3\x00"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Dialect:
    """What errors about one program's database say.

    Attributes
    ----------
    program
        The program's name (``"QualCoder"``).
    not_ours, unreadable
        Catalogue codes: not this program's database; locked, damaged or unreadable.
    give
        What to give instead when the file is not the program's database.
    locked_hint, damaged_hint
        What to do when another program holds a lock, or the file is damaged.
    """

    program: str
    not_ours: str
    unreadable: str
    give: str
    locked_hint: str
    damaged_hint: str


def open_readonly(file: Path, dialect: Dialect, timeout: float = 2.0) -> sqlite3.Connection:
    """A read-only connection to the SQLite database ``file``, inside one read transaction.

    Raises
    ------
    ExchangeError
        ``dialect.not_ours`` when the file is not an SQLite database, ``dialect.unreadable``
        when it cannot be read.

    Examples
    --------
    >>> import tempfile, os
    >>> bad = os.path.join(tempfile.mkdtemp(), "x.rqda")
    >>> _ = open(bad, "w").write("not a database")
    >>> open_readonly(Path(bad), Dialect("RQDA", "RK616", "RK617", "give a .rqda file", "-", "-"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    researchkit.errors.ExchangeError: [RK616] ...x.rqda: not an SQLite database, so not an RQDA project database. What to do: give a .rqda file.
    """
    try:
        with open(file, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise ExchangeError(dialect.unreadable, file, f"cannot read the file ({exc})", hint="check that the file is readable") from None
    if head != SQLITE_HEADER:
        article = "an" if dialect.program[:1] in "AEIOURaeiou" else "a"
        raise ExchangeError(dialect.not_ours, file, f"not an SQLite database, so not {article} {dialect.program} project database",
                            hint=dialect.give)
    uri = "file:" + quote(str(file.resolve()), safe="/") + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=True)
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        raise db_error(file, exc, dialect) from None
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("BEGIN")  # one snapshot for every read that follows
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # takes the read lock now: locked or damaged shows here
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        conn.close()
        raise db_error(file, exc, dialect) from None
    return conn


class ReadOnlyDatabase:
    """An SQLite project database opened by :func:`open_readonly`: its real tables, read by column name.

    Attributes
    ----------
    file
        The database file.
    tables
        ``table (lower case) -> column names`` of every real table with a plain name.
    """

    def __init__(self, file: Path, conn: sqlite3.Connection, dialect: Dialect) -> None:
        self.file, self.conn, self.dialect = file, conn, dialect
        self.tables: dict[str, list[str]] = {}
        self._names: dict[str, str] = {}
        try:
            names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            for name in names:
                if _NAME.match(name):
                    self.tables[name.lower()] = [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')]
                    self._names[name.lower()] = name
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            conn.close()
            raise db_error(file, exc, dialect) from None

    def missing(self, required: Sequence[str]) -> list[str]:
        """Which of the ``required`` tables the database lacks."""
        return [t for t in required if t not in self.tables]

    def has(self, table: str, column: str | None = None) -> bool:
        """Whether the database has ``table`` (and ``column`` in it)."""
        cols = self.tables.get(table)
        return cols is not None and (column is None or column.lower() in (c.lower() for c in cols))

    def rows(self, table: str, columns: Sequence[str], *, order: str | None = None, rowid: bool = False) -> list[dict[str, Any]]:
        """Every row of ``table`` as dicts of ``columns``; a column the table lacks is ``None``; none for a missing table.

        ``order`` is a column to sort by (default: the first of ``columns``; ``""`` keeps the
        stored order); ``rowid`` adds SQLite's ``rowid`` (for tables without a key of their own).
        """
        have = self.tables.get(table)
        if have is None:
            return []
        stored = {c.lower(): c for c in have}  # SQLite column names are case-insensitive (caseID, caseid)
        present = [c for c in columns if c.lower() in stored]
        select = ([f'"{stored[c.lower()]}"' for c in present] + (["rowid"] if rowid else [])) or ["1"]
        key = columns[0] if order is None else order
        sql = (f'SELECT {", ".join(select)} FROM "{self._names[table]}"'
               + (f' ORDER BY "{stored[key.lower()]}", rowid' if key and key.lower() in stored else " ORDER BY rowid"))
        try:
            found = self.conn.execute(sql).fetchall()
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            raise db_error(self.file, exc, self.dialect, f"table {table}") from None
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
            return int(self.conn.execute(f'SELECT count(*) FROM "{self._names[table]}"').fetchone()[0])
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            raise db_error(self.file, exc, self.dialect, f"table {table}") from None

    def close(self) -> None:
        """End the read and close the connection (nothing was written)."""
        try:
            self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        self.conn.close()

    def __enter__(self) -> "ReadOnlyDatabase":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def db_error(file: Path, exc: sqlite3.Error | UnicodeDecodeError, dialect: Dialect, where: str | None = None) -> ExchangeError:
    """The catalogue error for an SQLite failure: locked, damaged or unreadable, or not a database.

    Examples
    --------
    >>> d = Dialect("RQDA", "RK616", "RK617", "give a .rqda file", "close the project in RQDA", "use a copy")
    >>> db_error(Path("s.rqda"), sqlite3.OperationalError("database is locked"), d).code
    'RK617'
    """
    text = str(exc)
    low = text.lower()
    if "locked" in low or "busy" in low:
        return ExchangeError(dialect.unreadable, file, f"the database is locked by another program ({text})", location=where,
                             hint=dialect.locked_hint)
    if "not a database" in low:
        return ExchangeError(dialect.not_ours, file, f"not an SQLite database ({text})", location=where, hint=dialect.give)
    return ExchangeError(dialect.unreadable, file, f"the database cannot be read: it may be damaged ({text})", location=where,
                         hint=dialect.damaged_hint)

"""Rows in and out of the store: the codings frame shape, value cleaning and bulk SQL.

Shared by every part of the project store; no project logic. Bulk writes go straight
to the driver (SQLite ``executemany`` in chunks, PostgreSQL ``COPY``), so a large
import costs little more than the raw driver call.

Examples
--------
>>> list(chunks(range(5), size=2))
[[0, 1], [2, 3], [4]]
"""

from __future__ import annotations

import functools
import sys
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy import Connection

from researchkit.codings import CODING_COLUMNS
from researchkit.errors import ProjectError
from researchkit.project import schema

if TYPE_CHECKING:  # pandas loads when a table is built, not when the module is imported
    import pandas as pd


@functools.cache
def _pandas() -> Any:
    """pandas, imported on first use (storing one coding from the command line never needs it)."""
    import pandas

    return pandas


#: Columns of :meth:`Project.codings`, in order.
CODINGS_FRAME_COLUMNS: list[str] = CODING_COLUMNS + ["id", "created", "memo", "unit", "rule_id", "evidence", "confidence", "origin"]
#: Order of :meth:`Project.codings`.
CODINGS_SORT = ["doc_id", "start", "end", "code", "coder", "id"]
#: Rows per ``executemany`` batch.
CHUNK = 2000


def chunks(items: Iterable, *, size: int = CHUNK) -> Iterator[list]:
    """``items`` in lists of at most ``size``.

    Examples
    --------
    >>> [len(c) for c in chunks(range(2500))]
    [2000, 500]
    """
    items = list(items)
    for k in range(0, len(items), size):
        yield items[k : k + size]


def str_or_none(value: Any) -> str | None:
    """A value as text; missing values and ``""`` as ``None``.

    Examples
    --------
    >>> str_or_none(float("nan")), str_or_none(""), str_or_none(3)
    (None, None, '3')
    """
    if value is None:
        return None
    if type(value) is not str:  # plain text needs no pandas; other values may be pandas' or numpy's missing markers
        if isinstance(value, float) and value != value:
            return None
        try:
            if _pandas().isna(value):
                return None
        except (TypeError, ValueError):
            pass
    text = str(value)
    return text if text != "" else None


def text_column(frame: pd.DataFrame, name: str, n: int) -> list[str | None]:
    """Column ``name`` as strings with missing values and ``""`` as ``None`` (all ``None`` if absent).

    Examples
    --------
    >>> import pandas as pd
    >>> text_column(pd.DataFrame({"memo": ["x", None]}), "memo", 2), text_column(pd.DataFrame(), "unit", 2)
    (['x', None], [None, None])
    """
    if name not in frame.columns:
        return [None] * n
    return [str_or_none(v) for v in frame[name].tolist()]


def plain(value: Any) -> Any:
    """Make attribute values JSON-friendly (numpy scalars, dates, NaN -> None).

    Examples
    --------
    >>> import datetime
    >>> plain({"d": datetime.date(2026, 2, 1), "x": float("nan")})
    {'d': '2026-02-01', 'x': None}
    """
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(value, float) and value != value:
        return None
    pd = sys.modules.get("pandas")  # a NaT exists only once pandas is loaded
    if pd is not None and value is pd.NaT:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def codings_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` in the shape of :meth:`Project.codings` (columns and dtypes).

    Examples
    --------
    >>> import pandas as pd
    >>> list(codings_frame(pd.DataFrame(columns=CODINGS_FRAME_COLUMNS)).dtypes[["start", "confidence"]].astype(str))
    ['int64', 'float64']
    """
    frame = frame[CODINGS_FRAME_COLUMNS]
    return frame.astype({"start": "int64", "end": "int64", "confidence": "float64"})


def coding_json(row: Mapping[str, Any]) -> dict:
    """What the audit log keeps of a removed or moved coding.

    Examples
    --------
    >>> coding_json({"id": "c1", "doc_id": "R01", "start": 0, "end": 2, "code": "A", "coder": "anna",
    ...              "source": "manual", "text": "ja", "created": "t", "anchored": 1})["anchored"]
    True
    """
    keys = ["id", "doc_id", "start", "end", "code", "coder", "source", "text", "created", "memo", "origin", "anchored"]
    return {k: (bool(row[k]) if k == "anchored" else row.get(k)) for k in keys}


def selection_ids(selection: Any) -> list[str]:
    """Coding ids from one id, ids, a Series or a codings DataFrame (``id`` column).

    Examples
    --------
    >>> import pandas as pd
    >>> selection_ids(pd.DataFrame({"id": ["a", "b"]})), selection_ids("c")
    (['a', 'b'], ['c'])
    """
    import pandas as pd

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


class Texts:
    """Adapter so that :func:`~researchkit.codings.validate_codings` checks offsets against stored texts.

    Examples
    --------
    >>> Texts({"R01": "ja"}).texts()
    {'R01': 'ja'}
    """

    def __init__(self, texts: Mapping[str, str]) -> None:
        self._texts = dict(texts)

    def texts(self) -> dict[str, str]:
        """``doc_id -> text``."""
        return self._texts


def insert_ignoring_conflicts(conn: Connection, table: sa.Table, keys: Sequence[str]) -> Any:
    """``INSERT ... ON CONFLICT (keys) DO NOTHING`` for the connection's dialect.

    Examples
    --------
    >>> engine = sa.create_engine("sqlite://")
    >>> with engine.begin() as conn:
    ...     schema.coders.create(conn)
    ...     row = {"name": "anna", "kind": "person", "created": "t"}
    ...     _ = conn.execute(insert_ignoring_conflicts(conn, schema.coders, ["name"]), [row, row])
    ...     conn.execute(sa.select(sa.func.count()).select_from(schema.coders)).scalar()
    1
    """
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table).on_conflict_do_nothing(index_elements=list(keys))


def _copy_rows(conn: Connection, sql: str, rows: Iterable[tuple]) -> None:
    cursor = conn.connection.cursor()
    try:
        with cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    finally:
        cursor.close()


def _uses_copy(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg"


def bulk_insert(conn: Connection, table: sa.Table, names: list[str], rows: Iterable[tuple]) -> None:
    """Insert many rows fast inside the caller's transaction.

    SQLite: the driver's ``executemany`` in batches of 2,000 (no per-row SQLAlchemy
    work). PostgreSQL (psycopg 3): ``COPY ... FROM STDIN`` on the same connection.
    ``rows`` may be a generator: it is consumed batch by batch.

    Examples
    --------
    >>> engine = sa.create_engine("sqlite://")
    >>> with engine.begin() as conn:
    ...     schema.coders.create(conn)
    ...     bulk_insert(conn, schema.coders, ["name", "kind", "created"], iter([("anna", "person", "t")]))
    ...     conn.execute(sa.select(schema.coders.c.name)).scalars().all()
    ['anna']
    """
    quote = conn.dialect.identifier_preparer.quote
    column_list = ", ".join(quote(n) for n in names)
    if _uses_copy(conn):
        _copy_rows(conn, f"COPY {quote(table.name)} ({column_list}) FROM STDIN", rows)
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {quote(table.name)} ({column_list}) VALUES ({', '.join([mark] * len(names))})"
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK:
            conn.exec_driver_sql(sql, batch)
            batch = []
    if batch:
        conn.exec_driver_sql(sql, batch)


def bulk_insert_skipping(conn: Connection, table: sa.Table, names: list[str], rows: Iterable[tuple], *, keys: Sequence[str]) -> list[str]:
    """Insert rows, leaving out those whose ``keys`` are already stored (also by a concurrent writer); the ids stored.

    PostgreSQL: ``COPY`` into a temporary table, then ``INSERT ... ON CONFLICT DO
    NOTHING RETURNING id`` — a writer that stores the same coding a moment earlier
    makes this one wait and skip, instead of failing on the unique key. SQLite writers
    are serialised (``BEGIN IMMEDIATE``), so a plain insert after the caller's check is safe.

    Examples
    --------
    >>> engine = sa.create_engine("sqlite://")
    >>> with engine.begin() as conn:
    ...     schema.coders.create(conn)
    ...     bulk_insert_skipping(conn, schema.coders, ["name", "kind", "created"], [("anna", "person", "t")], keys=["name"])
    ['anna']
    """
    rows = list(rows)
    if not _uses_copy(conn):
        bulk_insert(conn, table, names, rows)
        return [row[names.index(table.primary_key.columns[0].name)] for row in rows]
    quote = conn.dialect.identifier_preparer.quote
    column_list = ", ".join(quote(n) for n in names)
    conn.exec_driver_sql(f"CREATE TEMPORARY TABLE rk_incoming (LIKE {quote(table.name)} INCLUDING DEFAULTS) ON COMMIT DROP")
    _copy_rows(conn, f"COPY rk_incoming ({column_list}) FROM STDIN", rows)
    key = table.primary_key.columns[0].name
    result = conn.exec_driver_sql(
        f"INSERT INTO {quote(table.name)} ({column_list}) SELECT {column_list} FROM rk_incoming "
        f"ON CONFLICT ({', '.join(quote(k) for k in keys)}) DO NOTHING RETURNING {quote(key)}"
    )
    stored = [r[0] for r in result]
    conn.exec_driver_sql("DROP TABLE rk_incoming")
    return stored


def move_codings(conn: Connection, moves: list[tuple[str, int, int, int, str]]) -> None:
    """Set new offsets and text for codings ``(id, temporary_start, start, end, text)``.

    Two steps (first a unique negative ``start``, then the final values) so that codings
    trading places never collide on the unique key, even where the database checks
    it row by row (PostgreSQL). PostgreSQL: through a temporary table (COPY + two
    ``UPDATE ... FROM``); SQLite: the driver's ``executemany``; other databases:
    SQLAlchemy ``executemany``.

    Examples
    --------
    >>> move_codings(sa.create_engine("sqlite://").connect(), [])
    """
    if not moves:
        return
    if _uses_copy(conn):
        conn.exec_driver_sql("CREATE TEMPORARY TABLE rk_moves (id varchar(36) PRIMARY KEY, tmp integer, s integer, e integer, t text)")
        _copy_rows(conn, "COPY rk_moves (id, tmp, s, e, t) FROM STDIN", moves)
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

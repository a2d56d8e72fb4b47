"""Schema migrations: one function per version, applied in order, each in the caller's transaction.

A project records every applied version in ``rk_schema``. Opening a project whose
version is lower than :data:`~researchkit.project.schema.SCHEMA_VERSION` applies the
missing migrations in one transaction (all or nothing); a higher version is refused
(written by a newer researchkit).

Rules for adding a migration: never edit an existing one; append ``N+1`` to
:data:`MIGRATIONS`, bump ``SCHEMA_VERSION``; when a migration changes a table that an
earlier migration creates from :mod:`~researchkit.project.schema`, first freeze the
old definition inside that earlier migration.

Examples
--------
>>> from researchkit.project.migrations import MIGRATIONS
>>> sorted(MIGRATIONS)
[1, 2, 3, 4]
"""

from __future__ import annotations

from typing import Callable

from sqlalchemy import Column, Connection, MetaData, String, Table, Text, select, text

from researchkit import __version__
from researchkit.project import schema
from researchkit.project.layout import LAYOUT_COLUMNS, LEGACY_VALUES

Migration = Callable[[Connection], None]


_V1_TABLES = [name for name in schema.TABLE_ORDER if name not in ("rk_memo_links", "rk_documents")]

#: ``rk_documents`` as version 1 created it (migration 4 adds the layout columns).
_V1_DOCUMENTS = Table(
    "rk_documents",
    MetaData(),
    Column("doc_id", String(300), primary_key=True),
    Column("uuid", String(36), nullable=False, unique=True),
    Column("text", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("attributes", Text, nullable=False),
    Column("source_path", Text),
    Column("source_sha256", String(64)),
    Column("source_format", String(16)),
    Column("created", String(32), nullable=False),
    Column("updated", String(32), nullable=False),
)


def _v1_tables(conn: Connection) -> None:
    """Version 1: every table (documents, turns, codebooks, codes, codings, coders, reviews, memos, audit)."""
    _V1_DOCUMENTS.create(conn)
    tables = [schema.metadata.tables[name] for name in _V1_TABLES]
    schema.metadata.create_all(conn, tables=tables)


_AUDIT_GUARD_SQLITE = [
    """CREATE TRIGGER rk_audit_no_update BEFORE UPDATE ON rk_audit
       BEGIN SELECT RAISE(ABORT, 'rk_audit is append-only'); END""",
    """CREATE TRIGGER rk_audit_no_delete BEFORE DELETE ON rk_audit
       BEGIN SELECT RAISE(ABORT, 'rk_audit is append-only'); END""",
]

_AUDIT_GUARD_POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION rk_audit_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'rk_audit is append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER rk_audit_no_change BEFORE UPDATE OR DELETE ON rk_audit
       FOR EACH ROW EXECUTE FUNCTION rk_audit_append_only()""",
]


def _v2_indexes_and_audit_guard(conn: Connection) -> None:
    """Version 2: lookup indexes on codings and a trigger that makes the audit log append-only."""
    # plain DDL: Index objects would attach themselves to the shared metadata and
    # then be created again by migration 1 of the next project
    for sql in (
        "CREATE INDEX ix_rk_codings_coder ON rk_codings (coder)",
        "CREATE INDEX ix_rk_codings_code ON rk_codings (code)",
        "CREATE INDEX ix_rk_codings_origin ON rk_codings (origin)",
        "CREATE INDEX ix_rk_reviews_suggestion ON rk_reviews (suggestion)",
        "CREATE INDEX ix_rk_memos_target ON rk_memos (target_type, target)",
    ):
        conn.execute(text(sql))
    statements = _AUDIT_GUARD_POSTGRESQL if conn.dialect.name == "postgresql" else _AUDIT_GUARD_SQLITE
    for sql in statements:
        conn.execute(text(sql))


def _v3_memo_links(conn: Connection) -> None:
    """Version 3: ``rk_memo_links``, further targets of a memo (one memo on several codings)."""
    schema.metadata.create_all(conn, tables=[schema.memo_links])
    conn.execute(text("CREATE INDEX ix_rk_memo_links_target ON rk_memo_links (target_type, target)"))


def _v4_document_layout(conn: Connection) -> None:
    """Version 4: what a transcript carries besides text and turns (encoding, paragraphs, furniture, line numbers, notes).

    Documents already stored get :data:`~researchkit.project.layout.LEGACY_VALUES`: no
    furniture or line numbers (they were not kept), paragraphs computed from the text as
    before, and a note that says so.
    """
    quote = conn.dialect.identifier_preparer.quote
    documents = schema.documents
    for name in LAYOUT_COLUMNS:
        kind = documents.c[name].type.compile(dialect=conn.dialect)
        conn.execute(text(f"ALTER TABLE rk_documents ADD COLUMN {quote(name)} {kind}"))
    conn.execute(documents.update().values(**LEGACY_VALUES))


#: version -> function that brings a project from ``version - 1`` to ``version``.
MIGRATIONS: dict[int, Migration] = {
    1: _v1_tables,
    2: _v2_indexes_and_audit_guard,
    3: _v3_memo_links,
    4: _v4_document_layout,
}


def current_version(conn: Connection) -> int:
    """The project's schema version (0 when ``rk_schema`` is empty).

    Examples
    --------
    >>> import sqlalchemy as sa
    >>> engine = sa.create_engine("sqlite://")
    >>> with engine.begin() as conn:
    ...     upgrade(conn)
    ...     current_version(conn)
    [1, 2, 3, 4]
    4
    """
    value = conn.execute(select(schema.schema_table.c.version).order_by(schema.schema_table.c.version.desc()).limit(1)).scalar()
    return int(value or 0)


def upgrade(conn: Connection, *, target: int | None = None) -> list[int]:
    """Apply the missing migrations up to ``target`` (default: the newest) inside ``conn``'s transaction.

    Parameters
    ----------
    conn
        A connection inside a transaction (the caller commits or rolls back).
    target
        Version to stop at; used by tests to build an old project.

    Returns
    -------
    list of int
        The versions applied, in order.

    Examples
    --------
    >>> import sqlalchemy as sa
    >>> engine = sa.create_engine("sqlite://")
    >>> with engine.begin() as conn:
    ...     upgrade(conn, target=1)
    [1]
    """
    target = schema.SCHEMA_VERSION if target is None else target
    if schema.schema_table.name not in _table_names(conn):
        schema.schema_table.create(conn)
    elif conn.dialect.name == "postgresql":
        # two processes opening an old project at once: the second waits, then finds nothing to do
        conn.execute(text("LOCK TABLE rk_schema IN EXCLUSIVE MODE"))
    have = current_version(conn)
    applied = []
    for version in range(have + 1, target + 1):
        MIGRATIONS[version](conn)
        conn.execute(
            schema.schema_table.insert().values(version=version, applied=schema.now(), researchkit=__version__)
        )
        applied.append(version)
    return applied


def _table_names(conn: Connection) -> set[str]:
    from sqlalchemy import inspect

    return set(inspect(conn).get_table_names())

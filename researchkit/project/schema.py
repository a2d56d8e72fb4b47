"""The tables of a researchkit project (SQLAlchemy Core).

Every table name starts with ``rk_`` so that a project can live in a shared
PostgreSQL database next to other tables, and so that "is this a project?" is a
question about one table (``rk_schema``).

Identifiers are stable UUIDs stored as 36-character strings (portable across
SQLite and PostgreSQL, and identical in exports). Timestamps are UTC ISO 8601
strings (``2026-11-27T19:54:47.123456Z``) so that they sort as text and survive a
round trip through CSV unchanged. JSON values (attributes, audit before/after) are
stored as canonical JSON text (sorted keys).

Examples
--------
>>> from researchkit.project.schema import metadata
>>> sorted(metadata.tables)[:3]
['rk_audit', 'rk_codebooks', 'rk_coders']
"""

from __future__ import annotations

import json
import os
import uuid as _uuid
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

#: The schema version this code writes. Must equal ``max(migrations.MIGRATIONS)``.
SCHEMA_VERSION = 4

metadata = MetaData()

#: One row per applied migration; the highest ``version`` is the project's version.
schema_table = Table(
    "rk_schema",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied", String(32), nullable=False),
    Column("researchkit", String(32), nullable=False),
)

#: Key/value facts about the project (its uuid, when it was created).
project_table = Table(
    "rk_project",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

coders = Table(
    "rk_coders",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("kind", String(16), nullable=False),  # person | rules | model
    Column("created", String(32), nullable=False),
)

documents = Table(
    "rk_documents",
    metadata,
    Column("doc_id", String(300), primary_key=True),
    Column("uuid", String(36), nullable=False, unique=True),
    Column("text", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("attributes", Text, nullable=False),  # canonical JSON object
    Column("source_path", Text),
    Column("source_sha256", String(64)),
    Column("source_format", String(16)),
    Column("created", String(32), nullable=False),
    Column("updated", String(32), nullable=False),
    # migration 4: what the reader found besides text and turns (canonical JSON; see project/layout.py)
    Column("source_encoding", String(64)),
    Column("paragraphs", Text),  # [[start, end], ...]; NULL: one per non-blank line (stored before version 4)
    Column("furniture", Text),  # [[start, end], ...] page furniture spans
    Column("line_numbers", Text),  # [[offset, number], ...] the source's printed line numbers
    Column("notes", Text),  # ["...", ...] the reader's notes
)

turns = Table(
    "rk_turns",
    metadata,
    Column("doc_id", String(300), ForeignKey("rk_documents.doc_id", ondelete="CASCADE"), primary_key=True),
    Column("turn", Integer, primary_key=True, autoincrement=False),
    Column("speaker", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("timestamp", Float),
)

#: Every codebook ever set; the one with the highest ``id`` is current.
codebooks = Table(
    "rk_codebooks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("yaml", Text, nullable=False),
    Column("created", String(32), nullable=False),
    Column("coder", String(200)),
)

codes = Table(
    "rk_codes",
    metadata,
    Column("codebook_id", Integer, ForeignKey("rk_codebooks.id", ondelete="CASCADE"), primary_key=True),
    Column("code_id", String(300), primary_key=True),
    Column("uuid", String(36), nullable=False),
    Column("name", Text, nullable=False),
    Column("description", Text),
    Column("color", String(16)),
    Column("parent", String(300)),
    Column("level", Integer, nullable=False),
    Column("path", Text, nullable=False),
    Column("position", Integer, nullable=False),
)

codings = Table(
    "rk_codings",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("doc_id", String(300), ForeignKey("rk_documents.doc_id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("code", String(300), nullable=False),
    Column("coder", String(200), ForeignKey("rk_coders.name"), nullable=False),
    Column("source", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("created", String(32), nullable=False),
    Column("memo", Text),
    Column("unit", String(32)),
    Column("rule_id", Text),
    Column("evidence", Text),
    Column("confidence", Float),
    Column("origin", String(36)),  # id of the suggestion this coding was accepted from
    # False when re-ingestion changed the text and the coding could not be placed:
    # start/end/text then refer to the previous text (kept, listed, never dropped).
    Column("anchored", Boolean, nullable=False, default=True),
    UniqueConstraint("doc_id", "start", "end", "code", "coder", name="uq_rk_codings_key"),
)

reviews = Table(
    "rk_reviews",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("suggestion", String(36), nullable=False),  # the reviewed coding's id
    Column("reviewer", String(200), ForeignKey("rk_coders.name"), nullable=False),
    Column("decision", String(8), nullable=False),  # accept | reject
    Column("result", String(36)),  # id of the reviewer's coding (accept)
    Column("created", String(32), nullable=False),
    # what was reviewed, kept even if the suggestion is later removed
    Column("doc_id", String(300), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("code", String(300), nullable=False),
    Column("origin_coder", String(200), nullable=False),
    Column("origin_source", String(16), nullable=False),
)

memos = Table(
    "rk_memos",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("target_type", String(16), nullable=False),  # project | document | code | coding
    Column("target", String(300), nullable=False),  # "" for the project
    Column("author", String(200), nullable=False),
    Column("text", Text, nullable=False),
    Column("created", String(32), nullable=False),
    Column("updated", String(32), nullable=False),
)

#: Further targets of a memo (migration 3): a memo on several codings (or documents, codes).
memo_links = Table(
    "rk_memo_links",
    metadata,
    Column("memo_id", String(36), ForeignKey("rk_memos.id", ondelete="CASCADE"), primary_key=True),
    Column("target_type", String(16), primary_key=True),  # document | code | coding
    Column("target", String(300), primary_key=True),
    Column("created", String(32), nullable=False),
)

#: Append-only: a trigger (migration 2) refuses UPDATE and DELETE.
audit = Table(
    "rk_audit",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("who", String(200), nullable=False),
    Column("action", String(64), nullable=False),
    Column("target", Text, nullable=False),
    Column("before", Text),
    Column("after", Text),
)

#: Table export order (parents before children).
TABLE_ORDER = [
    "rk_project",
    "rk_coders",
    "rk_documents",
    "rk_turns",
    "rk_codebooks",
    "rk_codes",
    "rk_codings",
    "rk_reviews",
    "rk_memos",
    "rk_memo_links",
    "rk_audit",
]


def now() -> str:
    """Current UTC time as an ISO 8601 string with microseconds and ``Z``.

    Examples
    --------
    >>> now().endswith("Z")
    True
    """
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_id() -> str:
    """A new random UUID as a string.

    Examples
    --------
    >>> len(new_id())
    36
    """
    return str(_uuid.uuid4())


def new_ids(n: int) -> list[str]:
    """``n`` new random (version 4) UUID strings, made in bulk.

    Same format and randomness as :func:`new_id` (``os.urandom``), several times faster
    for large imports.

    Examples
    --------
    >>> ids = new_ids(3)
    >>> len(set(ids)), all(str(_uuid.UUID(i)) == i and _uuid.UUID(i).version == 4 for i in ids)
    (3, True)
    """
    raw = os.urandom(16 * n).hex()
    out = []
    for k in range(0, 32 * n, 32):
        h = raw[k : k + 32]
        out.append(f"{h[0:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:32]}")
    return out


def to_json(value: Any) -> str | None:
    """Canonical JSON text (sorted keys, UTF-8, no spaces) or ``None``.

    Examples
    --------
    >>> to_json({"b": 1, "a": "é"})
    '{"a":"é","b":1}'
    """
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def coder_kind(name: str) -> str:
    """Classify a coder name: ``rules`` (also ``kwic:<pattern>`` hits), ``model`` (``model:<name>``) or ``person``.

    Examples
    --------
    >>> coder_kind("model:nb"), coder_kind("rules"), coder_kind("kwic:smokkel*"), coder_kind("anna")
    ('model', 'rules', 'rules', 'person')
    """
    if name == "rules" or name.startswith("kwic:"):
        return "rules"
    if name.startswith("model:"):
        return "model"
    return "person"

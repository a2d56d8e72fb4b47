"""A document's sync points in the project: a project fact tied to the document's UUID and text.

Sync points (``(offset, milliseconds)`` pairs, :attr:`researchkit.transcripts.Transcript.sync_points`)
come from the transcript readers (cue and segment times, times written in the text) and from
REFI-QDA transcripts of audio or video. The project keeps them as one fact per document,
``sync.document.<UUID>`` = ``{"sha256": <sha256 of the text>, "points": [[offset, ms], ...]}``,
so they travel in backups like every fact, and a document whose text changed since has none
(its offsets would no longer fit). Points that are not two whole numbers inside the text are
never read back (:func:`researchkit.timing.usable_points`).

Examples
--------
>>> row = fact_row("0f6e2a5c-3c51-4c2b-9d0e-2f1a7a3b9c10", "R: ja", ((0, 1500),))
>>> row["key"], row["value"][-22:]
('sync.document.0f6e2a5c-3c51-4c2b-9d0e-2f1a7a3b9c10', '"points": [[0, 1500]]}')
>>> points_of(row["value"], "R: ja"), points_of(row["value"], "R: nee")
(((0, 1500),), ())
"""

from __future__ import annotations

import hashlib
import json
from typing import Iterable, Sequence

from sqlalchemy import Connection, select

from researchkit.errors import ProjectError
from researchkit.project import schema
from researchkit.timing import MAX_MS, is_usable, usable_points

__all__ = ["SYNC_FACT", "fact_row", "points_of", "write_facts", "read_facts"]

#: Key prefix of a document's sync-points fact (``+ document UUID``).
SYNC_FACT = "sync.document."


def fact_row(uuid: str, text: str, points: Sequence[tuple[int, int]], doc_id: str = "") -> dict[str, str]:
    """The project-table row keeping ``points`` for the document ``uuid`` whose text is ``text``.

    Raises
    ------
    ProjectError
        RK334 when a point is not two whole numbers, its offset inside the text and its time
        0 to 1,000 hours in milliseconds (a transcript built by hand); nothing is stored.
    """
    for point in points:
        if not is_usable(point, text):
            raise ProjectError("RK334", f"document {doc_id!r}: sync point {tuple(point)!r} is not (offset in the text, "
                               f"milliseconds from 0 to {MAX_MS:,})",
                               hint="build the transcript with a reader (researchkit.io.read_transcript), or fix its sync_points")
    value = {"sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "points": [[int(o), int(ms)] for o, ms in points]}
    return {"key": SYNC_FACT + uuid, "value": json.dumps(value)}


def points_of(value: str, text: str) -> tuple[tuple[int, int], ...]:
    """The sync points a fact's ``value`` keeps for ``text`` (none when the text changed or the fact is damaged)."""
    try:
        kept = json.loads(value)
    except (ValueError, RecursionError):  # a fact damaged outside researchkit is no sync point
        return ()
    if not isinstance(kept, dict) or kept.get("sha256") != hashlib.sha256(text.encode("utf-8")).hexdigest():
        return ()
    return usable_points(kept.get("points"), text)


def write_facts(conn: Connection, rows: Iterable[dict[str, str]]) -> None:
    """Store (replace) sync-point facts, in the caller's transaction."""
    rows = list(rows)
    if rows:
        table = schema.project_table
        conn.execute(table.delete().where(table.c.key.in_([r["key"] for r in rows])))
        conn.execute(table.insert(), rows)


def read_facts(conn: Connection) -> dict[str, str]:
    """``document UUID -> fact value`` of every sync-point fact."""
    table = schema.project_table
    found = conn.execute(select(table.c.key, table.c.value).where(table.c.key.like(SYNC_FACT + "%"))).all()
    return {key[len(SYNC_FACT):]: value for key, value in found}

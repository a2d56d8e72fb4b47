"""A document's speaker attributes in the project: a project fact tied to the document's UUID.

Speaker-level attributes (focus groups: one row per ``doc_id`` and speaker label, see
:func:`researchkit.io.attributes.join_speaker_attributes`) are kept as one fact per
document, like its sync points (:mod:`researchkit.project.syncfacts`)::

    speakers.document.<UUID> = {"columns": ["group", "age"],
                                "speakers": [["M1", {"age": "34", "group": "visser"}], ...]}

``columns`` keeps the sheet's column order, ``speakers`` the sheet's row order; the labels
are the transcript's own (a sheet name written otherwise is matched before it is stored).
Facts travel in backups and snapshots like every fact, and need no schema migration.

The facts are tied to the speaker *labels*, not to the text: when a document is added again
and its turns changed, the rows of speakers who still speak are kept and the others are
dropped, listed in :attr:`researchkit.project.AddReport.speakers` and the audit log
(:func:`keep_labels`).

Examples
--------
>>> row = fact_row("0f6e2a5c-3c51-4c2b-9d0e-2f1a7a3b9c10", ["group"], [("M1", {"group": "visser"})])
>>> row["key"][:18], row["value"]
('speakers.document.', '{"columns":["group"],"speakers":[["M1",{"group":"visser"}]]}')
>>> decode(row["value"], where="F1")
(['group'], [('M1', {'group': 'visser'})])
>>> keep_labels(decode(row["value"], where="F1"), {"M2"})
((['group'], []), [('M1', {'group': 'visser'})])
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Callable, Collection, Iterable, Mapping, Sequence

from sqlalchemy import Connection, select

from researchkit.errors import ProjectError
from researchkit.project import schema
from researchkit.project.faults import refuse_nul
from researchkit.project.rows import plain
from researchkit.project.schema import to_json

if TYPE_CHECKING:  # pandas loads when a table is built, not when the module is imported
    import pandas as pd

__all__ = ["SPEAKERS_FACT", "Speakers", "fact_row", "decode", "keep_labels", "read_facts", "write_facts",
           "delete_facts", "to_frame", "by_document", "store"]

#: Key prefix of a document's speaker-attributes fact (``+ document UUID``).
SPEAKERS_FACT = "speakers.document."

#: A document's stored speaker attributes: the column order and ``(label, {column: value})`` rows.
Speakers = tuple[list[str], list[tuple[str, dict]]]


def fact_row(uuid: str, columns: Sequence[str], rows: Sequence[tuple[str, Mapping]]) -> dict[str, str]:
    """The project-table row keeping ``rows`` (``(label, attributes)``) for the document ``uuid``.

    Examples
    --------
    >>> fact_row("u", [], [("M1", {})])["value"]
    '{"columns":[],"speakers":[["M1",{}]]}'
    """
    value = {"columns": list(columns), "speakers": [[label, dict(attrs)] for label, attrs in rows]}
    return {"key": SPEAKERS_FACT + uuid, "value": str(to_json(value))}


def decode(value: str, *, where: str) -> Speakers:
    """A fact's ``value`` as ``(columns, rows)``.

    Raises
    ------
    ProjectError
        RK337 when the value was damaged outside researchkit (not the JSON this module writes).

    Examples
    --------
    >>> decode('{"columns": [], "speakers": [["M1", {}]]}', where="F1")
    ([], [('M1', {})])
    >>> decode("[1]", where="F1")
    Traceback (most recent call last):
    ...
    researchkit.errors.ProjectError: [RK337] F1: the stored speaker attributes are damaged (not {"columns": [...], "speakers": [[label, {...}], ...]}: '[1]'). What to do: set them again from the sheet (Project.set_speaker_attributes / `researchkit project speakers import`), or restore a backup.
    """
    try:
        kept = json.loads(value)
        columns, rows = kept["columns"], kept["speakers"]
        ok = (isinstance(columns, list) and all(isinstance(c, str) for c in columns) and isinstance(rows, list)
              and all(isinstance(r, list) and len(r) == 2 and isinstance(r[0], str) and isinstance(r[1], dict) for r in rows))
    except (ValueError, RecursionError, TypeError, KeyError):
        ok = False
    if not ok:
        raise ProjectError(
            "RK337", f"{where}: the stored speaker attributes are damaged (not {{\"columns\": [...], \"speakers\": "
                     f"[[label, {{...}}], ...]}}: {value[:80]!r})",
            hint="set them again from the sheet (Project.set_speaker_attributes / `researchkit project speakers import`), "
                 "or restore a backup",
        )
    return list(columns), [(label, dict(attrs)) for label, attrs in rows]


def keep_labels(speakers: Speakers, labels: Collection[str]) -> tuple[Speakers, list[tuple[str, dict]]]:
    """The rows of speakers who still speak (their label is in ``labels``), and the rows dropped.

    Examples
    --------
    >>> keep_labels((["g"], [("M1", {"g": "a"}), ("M2", {"g": "b"})]), {"M2", "I"})
    ((['g'], [('M2', {'g': 'b'})]), [('M1', {'g': 'a'})])
    """
    columns, rows = speakers
    kept = [r for r in rows if r[0] in labels]
    dropped = [r for r in rows if r[0] not in labels]
    return (columns, kept), dropped


def read_facts(conn: Connection, uuids: Iterable[str] | None = None) -> dict[str, str]:
    """``document UUID -> fact value`` of the speaker-attributes facts (all, or those of ``uuids``)."""
    table = schema.project_table
    query = select(table.c.key, table.c.value)
    if uuids is None:
        query = query.where(table.c.key.like(SPEAKERS_FACT + "%"))
    else:
        keys = [SPEAKERS_FACT + u for u in uuids]
        if not keys:
            return {}
        query = query.where(table.c.key.in_(keys))
    return {key[len(SPEAKERS_FACT):]: value for key, value in conn.execute(query).all()}


def write_facts(conn: Connection, rows: Iterable[dict[str, str]]) -> None:
    """Store (replace) speaker-attributes facts, in the caller's transaction."""
    rows = list(rows)
    if rows:
        delete_facts(conn, [r["key"][len(SPEAKERS_FACT):] for r in rows])
        conn.execute(schema.project_table.insert(), rows)


def delete_facts(conn: Connection, uuids: Iterable[str]) -> None:
    """Remove the speaker-attributes facts of ``uuids``, in the caller's transaction."""
    keys = [SPEAKERS_FACT + u for u in uuids]
    if keys:
        table = schema.project_table
        conn.execute(table.delete().where(table.c.key.in_(keys)))


def to_frame(by_doc: Mapping[str, Speakers]) -> pd.DataFrame:
    """One table indexed by ``(doc_id, speaker)``: documents sorted by ``doc_id``, speakers in stored order.

    Columns are the documents' columns in order of first appearance; a value a row lacks is ``None``.

    Examples
    --------
    >>> frame = to_frame({"F2": (["age"], [("P1", {"age": "40"})]), "F1": (["group"], [("M1", {"group": "visser"})])})
    >>> frame.index.tolist(), frame.columns.tolist(), frame.notna().values.tolist()
    ([('F1', 'M1'), ('F2', 'P1')], ['group', 'age'], [[True, False], [False, True]])
    """
    import pandas as pd

    columns: dict[str, None] = {}
    records = []
    for doc_id in sorted(by_doc):
        cols, rows = by_doc[doc_id]
        columns.update(dict.fromkeys(cols))
        records.extend((doc_id, label, attrs) for label, attrs in rows)
    names = list(columns)
    index = pd.MultiIndex.from_tuples([(d, s) for d, s, _ in records], names=["doc_id", "speaker"]) if records \
        else pd.MultiIndex.from_arrays([[], []], names=["doc_id", "speaker"])
    values = [[attrs.get(c) for c in names] for _, _, attrs in records]
    return pd.DataFrame(values, index=index, columns=names)


def by_document(frame: pd.DataFrame, source: str) -> dict[str, Speakers]:
    """A joined speakers table (indexed by ``(doc_id, label)``) as ``doc_id -> (columns, rows)``, checked.

    Raises
    ------
    ProjectError
        RK336 when the table gives one speaker of a document more than one row; RK331 a NUL character.

    Examples
    --------
    >>> import pandas as pd
    >>> sheet = pd.DataFrame({"doc_id": ["F1", "F1"], "speaker": ["M1", "M1"], "age": [34, 35]}).set_index(["doc_id", "speaker"])
    >>> by_document(sheet.iloc[:1], "s.csv")
    {'F1': (['age'], [('M1', {'age': 34})])}
    >>> by_document(sheet, "s.csv")
    Traceback (most recent call last):
    ...
    researchkit.errors.ProjectError: [RK336] s.csv: more than one row for the speaker(s) F1 / M1. What to do: give each speaker of a document one row (a name written otherwise counts as its label); nothing was written.
    """
    repeated = frame.index[frame.index.duplicated(keep=False)]
    if len(repeated):
        pairs = sorted({f"{d} / {s}" for d, s in repeated})
        raise ProjectError(
            "RK336", f"{source}: more than one row for the speaker(s) {', '.join(pairs[:10])}" + (" ..." if len(pairs) > 10 else ""),
            hint="give each speaker of a document one row (a name written otherwise counts as its label); nothing was written",
        )
    columns = [str(c) for c in frame.columns]
    refuse_nul(columns, field="column", where=source)
    out: dict[str, Speakers] = {}
    for (doc_id, label), values in zip(frame.index, frame.itertuples(index=False, name=None)):
        attrs = {c: plain(v) for c, v in zip(columns, values)}
        refuse_nul([to_json(attrs)], field="attributes", where=f"{source}: {doc_id} / {label}")
        out.setdefault(str(doc_id), (columns, []))[1].append((str(label), attrs))
    return out


def _as_json(speakers: Speakers) -> dict:
    columns, rows = speakers
    return {"columns": columns, "speakers": {label: attrs for label, attrs in rows}}


#: ``(conn, action, target, before, after)``: writes one audit-log entry.
Audit = Callable[[Connection, str, str, Any, Any], None]


def store(conn: Connection, wanted: Mapping[str, Speakers], *, replace: bool, audit: Audit, source: str,
          where: str) -> tuple[list[dict], list[str]]:
    """Write ``wanted`` (``doc_id -> (columns, rows)``, labels checked) in the caller's transaction.

    Each document in ``wanted`` gets exactly its rows; with ``replace`` the documents not in
    it lose theirs. Unchanged documents are not touched; every changed one gets an audit entry
    (``set_speaker_attributes`` / ``remove_speaker_attributes``, target ``speakers:<doc_id>``).

    Returns
    -------
    tuple
        The rows removed (``doc_id, speaker, attributes`` as JSON text) and the documents changed, sorted.
    """
    d = schema.documents
    uuids = dict(conn.execute(select(d.c.doc_id, d.c.uuid)).all())
    doc_of = {u: doc_id for doc_id, u in uuids.items()}
    stored = {doc_of[u]: decode(v, where=f"{where}: document {doc_of[u]!r}") for u, v in read_facts(conn).items() if u in doc_of}
    removed: list[dict] = []
    changed: list[str] = []
    writes, deletes = [], []
    for doc_id in sorted(set(wanted) | (set(stored) if replace else set())):
        before, after = stored.get(doc_id), wanted.get(doc_id)
        if after is not None and not after[1]:
            after = None
        if before == after:
            continue
        keep = {label for label, _ in after[1]} if after else set()
        removed.extend({"doc_id": doc_id, "speaker": label, "attributes": to_json(attrs)}
                       for label, attrs in (before[1] if before else []) if label not in keep)
        if after:
            writes.append(fact_row(uuids[doc_id], *after))
        else:
            deletes.append(uuids[doc_id])
        audit(conn, "set_speaker_attributes" if after else "remove_speaker_attributes", f"speakers:{doc_id}",
              _as_json(before) if before else None, {**_as_json(after), "sheet": source} if after else None)
        changed.append(doc_id)
    delete_facts(conn, deletes)
    write_facts(conn, writes)
    return removed, changed

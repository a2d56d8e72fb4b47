"""The project's history and overview: audit log, coders, status counts, integrity check.

Examples
--------
>>> from researchkit.project.examples import example_project
>>> example_project({"R01": "R: ja"}).history()["action"].tolist()
['create_project', 'add_documents']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import select

from researchkit.project import migrations, schema
from researchkit.project.codebooks import CodebookPart

if TYPE_CHECKING:  # pandas loads when a table is built, not when the module is imported
    import pandas as pd


class HistoryPart(CodebookPart):
    """History and overview: the audit log, coders, status, integrity."""

    def coders(self) -> pd.DataFrame:
        """The coders known to the project (``name, kind, created``), sorted by name.

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({})
        >>> p.add_coder("model:nb")
        >>> p.coders()[["name", "kind"]].values.tolist()
        [['model:nb', 'model']]
        """
        import pandas as pd

        with self._read() as conn:
            rows = conn.execute(select(schema.coders).order_by(schema.coders.c.name)).all()
        return pd.DataFrame([dict(r._mapping) for r in rows], columns=["name", "kind", "created"])

    def add_coder(self, name: str) -> None:
        """Register a coder (done automatically when a coder first writes).

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({})
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
        >>> from researchkit.project.examples import example_project
        >>> example_project({}).history()["action"].tolist()
        ['create_project']
        """
        import pandas as pd

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

        ``memos`` counts every memo: the memos written with :meth:`memo` and the notes
        stored on codings (``code(..., memo=...)``); ``memos_by_kind`` splits them by
        what they are about (``project``, ``document``, ``code``, ``coding``).

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({"R01": "R: de haven van Harlingen"})
        >>> _ = p.code("R01", quote="haven", code="HAV", coder="anna", memo="let op")
        >>> _ = p.memo("Eerste ronde", author="anna")
        >>> s = p.status()
        >>> s["documents"], s["memos"], s["memos_by_kind"]
        (1, 2, {'project': 1, 'document': 0, 'code': 0, 'coding': 1})
        >>> s["speakers"], s["speaker_documents"]  # focus-group participants with stored attributes, and their documents
        (0, 0)
        """
        c = schema.codings
        with self._read() as conn:
            per_coder = dict(conn.execute(select(c.c.coder, sa.func.count()).where(c.c.anchored == True).group_by(c.c.coder).order_by(c.c.coder)).all())  # noqa: E712
            by_kind = _memo_counts(conn)
            speakers = _speaker_counts(conn)
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
                "memos": sum(by_kind.values()),
                "memos_by_kind": by_kind,
                "speakers": speakers[0],
                "speaker_documents": speakers[1],
            }

    def integrity_check(self) -> str:
        """``"ok"`` when the database is sound (SQLite ``PRAGMA integrity_check`` and ``foreign_key_check``).

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> example_project({}).integrity_check()
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


def _memo_counts(conn: sa.Connection) -> dict[str, int]:
    """Memos per kind; the notes stored on codings count as memos on codings."""
    m, c = schema.memos, schema.codings
    counts = dict.fromkeys(("project", "document", "code", "coding"), 0)
    counts.update(dict(conn.execute(select(m.c.target_type, sa.func.count()).group_by(m.c.target_type)).all()))
    notes = conn.execute(select(sa.func.count()).select_from(c).where(c.c.memo.is_not(None), c.c.memo != "")).scalar_one()
    counts["coding"] += notes
    return counts


def _speaker_counts(conn: Any) -> tuple[int, int]:
    """Speakers with stored attributes, and the documents they are in (a damaged fact counts its document only)."""
    from researchkit.errors import ProjectError
    from researchkit.project import speakerfacts

    facts = speakerfacts.read_facts(conn)
    rows = 0
    for uuid, value in facts.items():
        try:
            rows += len(speakerfacts.decode(value, where=uuid)[1])
        except ProjectError:  # status is an overview: speaker_attributes() names the damage
            continue
    return rows, len(facts)

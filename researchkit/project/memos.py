"""Memos on the project, a document, a code or a coding.

Examples
--------
>>> from researchkit.project.examples import example_project
>>> p = example_project({"R01": "R: de haven"})
>>> _ = p.memo("Respondent was nerveus", document="R01", author="anna")
>>> p.memos()[["target_type", "target", "text"]].values.tolist()
[['document', 'R01', 'Respondent was nerveus']]
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from researchkit.errors import ProjectError
from researchkit.project import schema
from researchkit.project.codings import CodingsPart
from researchkit.project.faults import refuse_nul
from researchkit.project.schema import new_id, now


class MemosPart(CodingsPart):
    """Memos: write, edit and list."""

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
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({})
        >>> _ = p.memo("Start of the second coding round", author="anna")
        >>> p.memos()["text"].tolist()
        ['Start of the second coding round']
        """
        targets = [(k, v) for k, v in (("document", document), ("code", code), ("coding", coding)) if v is not None]
        if len(targets) > 1:
            raise ProjectError("RK324", "memo: give at most one of document=, code=, coding=", hint="write one memo per target")
        refuse_nul([text], field="memo text")
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
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({})
        >>> _ = p.memo("Eerste ronde", author="anna")
        >>> p.memos()[["target_type", "author", "text"]].values.tolist()
        [['project', 'anna', 'Eerste ronde']]
        """
        m = schema.memos
        with self._read() as conn:
            rows = conn.execute(select(m).order_by(m.c.target_type, m.c.target, m.c.created, m.c.id)).all()
        return pd.DataFrame([dict(r._mapping) for r in rows], columns=[c.name for c in m.columns])

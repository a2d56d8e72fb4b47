"""Changing codes: recode a selection, merge codes, split a code — codings and codebook together.

Each call is one transaction: the codings get their new code and the codebook gets a
new version. A coding that would then duplicate another of the same coder on the same
passage is removed (and the removal audited), never left as a duplicate.

Examples
--------
>>> from researchkit.project.examples import example_project
>>> p = example_project({"R01": "R: de haven"})
>>> row = p.code("R01", quote="haven", code="HAV", coder="anna")
>>> p.recode(row, code="PORT", coder="anna")
1
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy import Connection, select

from researchkit.errors import ProjectError
from researchkit.project import schema
from researchkit.project.codebooks import add_children, merge_in_tree, nested, yaml_dump
from researchkit.project.codings import CodingsPart
from researchkit.project.rows import chunks, selection_ids


class RestructurePart(CodingsPart):
    """Recode, merge and split codes."""

    def recode(self, selection: Any, *, code: str, coder: str | None = None) -> int:
        """Give the selected codings another code (ids, a codings DataFrame with ``id``, or one id).

        Returns
        -------
        int
            Number of codings changed.

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({"R01": "R: de haven"})
        >>> row = p.code("R01", quote="haven", code="HAV", coder="anna")
        >>> p.recode(row, code="PORT", coder="anna"), p.codings()["code"].tolist()
        (1, ['PORT'])
        """
        ids = selection_ids(selection)
        with self._write() as conn:
            self._check_codes(conn, [code])
            rows = self._fetch_codings(conn, ids)
            self._set_code(conn, rows, code, action="recode", who=coder)
        return len(rows)

    def _set_code(self, conn: Connection, rows: list[dict], code: str, *, action: str, who: str | None) -> int:
        """Change the code of ``rows``; a row that would duplicate a stored coding is removed instead."""
        c = schema.codings
        rows = [r for r in rows if r["code"] != code]
        if not rows:
            return 0
        claimed = set()
        for chunk in chunks(sorted({r["doc_id"] for r in rows}), size=500):
            claimed.update(
                tuple(x) for x in conn.execute(select(c.c.doc_id, c.c.start, c.c.end, c.c.coder).where(c.c.doc_id.in_(chunk), c.c.code == code))
            )
        changed, duplicates = [], []
        for r in rows:
            key = (r["doc_id"], r["start"], r["end"], r["coder"])
            (duplicates if key in claimed else changed).append(r)
            claimed.add(key)
        if duplicates:
            self._delete_codings(conn, duplicates, action=f"{action}_duplicate", who=who)
        if changed:
            conn.execute(
                c.update().where(c.c.id == sa.bindparam("b_id")).values(code=sa.bindparam("b_code")),
                [{"b_id": r["id"], "b_code": code} for r in changed],
            )
            for r in changed:
                self._audit(conn, action, f"coding:{r['id']}", {"code": r["code"]}, {"code": code}, who=who)
        return len(changed) + len(duplicates)

    def merge_codes(self, codes: str | Sequence[str], *, into: str, coder: str | None = None) -> int:
        """Merge one or more codes into another: their codings get ``into``, the codebook loses them.

        Children of a merged code move under ``into``. A coding that would then
        duplicate one of the same coder on the same passage is removed (audited).
        One transaction.

        Returns
        -------
        int
            Number of codings changed or folded into an existing one.

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({"R01": "R: de haven van Harlingen"})
        >>> p.set_codebook({"codes": [{"id": "HAV", "name": "Haven"}, {"id": "PORT", "name": "Port"}]})
        >>> _ = p.code("R01", quote="haven", code="PORT", coder="anna")
        >>> p.merge_codes("PORT", into="HAV", coder="anna"), p.codings()["code"].tolist(), "PORT" in p.codebook()
        (1, ['HAV'], False)
        """
        merged = [codes] if isinstance(codes, str) else list(codes)
        if into in merged:
            raise ProjectError("RK324", f"merge_codes: {into!r} is both merged and the target", hint="leave the target out of codes")
        who = coder or self.user
        c = schema.codings
        with self._write() as conn:
            text = self._codebook_text(conn)
            if text is not None:
                data = nested(text)
                known = self._code_ids(conn) or set()
                unknown = [m for m in merged + [into] if m not in known]
                if unknown:
                    raise ProjectError("RK318", f"merge_codes: not in the codebook: {', '.join(unknown)}", hint="check the code ids (project.codes())")
                merge_in_tree(data, merged, into)
            rows = [dict(r._mapping) for r in conn.execute(select(c).where(c.c.code.in_(merged)).order_by(c.c.id))]
            n = self._set_code(conn, rows, into, action="merge_codes", who=who)
            if text is not None:
                self._store_codebook(conn, data, yaml_dump(data), who=who, force=False, action="merge_codes")
        return n

    def split_code(self, code: str, assignments: Mapping[str, Any], *, coder: str | None = None) -> int:
        """Split a code: move selected codings to new (or existing) codes.

        Parameters
        ----------
        code
            The code being split.
        assignments
            ``{new_code: selection}``; a selection is ids or a codings DataFrame with
            ``id``. Each selected coding must currently have ``code``. New codes are
            added to the codebook as children of ``code``.
        coder
            Who did it.

        Returns
        -------
        int
            Number of codings moved.

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({"R01": "R: de haven van Harlingen"})
        >>> p.set_codebook({"codes": [{"id": "HAV", "name": "Haven"}]})
        >>> _ = p.code("R01", quote="Harlingen", code="HAV", coder="anna")
        >>> p.split_code("HAV", {"HAV.harlingen": p.codings(code="HAV")}, coder="anna")
        1
        >>> p.codebook()["HAV.harlingen"].parent
        'HAV'
        """
        who = coder or self.user
        total = 0
        with self._write() as conn:
            text = self._codebook_text(conn)
            if text is not None:
                data = nested(text)
                known = self._code_ids(conn) or set()
                if code not in known:
                    raise ProjectError("RK318", f"split_code: {code!r} is not in the codebook", hint="check the code id (project.codes())")
                added = [new for new in assignments if new not in known]
                if added:
                    add_children(data, code, added)
                    self._store_codebook(conn, data, yaml_dump(data), who=who, force=True, action="split_code")
            for new_code, selection in sorted(assignments.items()):
                rows = self._fetch_codings(conn, selection_ids(selection))
                wrong = [r["id"] for r in rows if r["code"] != code]
                if wrong:
                    raise ProjectError("RK324", f"split_code: coding(s) {', '.join(wrong[:5])} do not have code {code!r}", hint="select only codings of the code being split; nothing was changed")
                total += self._set_code(conn, rows, new_code, action="split_code", who=who)
        return total

"""Reviewing suggestions: accept or reject rule/model codings in bulk.

A suggestion is any stored coding (typically ``source="rules"`` or ``"model"``).
Accepting it creates the reviewer's own coding (``coder=<reviewer>``,
``source="manual"``, ``origin=<suggestion id>``); rejecting it records the decision.
Either way a row is added to ``rk_reviews`` and the suggestion itself is left as it
was, with its original coder and source. Deciding again replaces the reviewer's
earlier decision on that suggestion (an accept turned into a reject removes the
coding the accept made; both steps are in the audit log).

Examples
--------
>>> import pandas as pd
>>> from researchkit.project.examples import example_project
>>> p = example_project({"R01": "R: de haven van Harlingen"})
>>> rules = pd.DataFrame({"doc_id": ["R01"], "start": [6], "end": [11], "code": ["HAV"], "source": ["rules"]})
>>> _ = p.add_codings(rules, coder="rules")
>>> p.review(p.codings(coder="rules"), decision="accept", coder="anna")["decision"].tolist()
['accept']
>>> p.codings(coder="anna")[["code", "source"]].values.tolist()
[['HAV', 'manual']]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from sqlalchemy import Connection, select

from researchkit.errors import ProjectError
from researchkit.project import schema
from researchkit.project.codings import CodingsPart
from researchkit.project.rows import chunks
from researchkit.project.schema import new_id, now

if TYPE_CHECKING:  # pandas loads when a table is built, not when the module is imported
    import pandas as pd

DECISIONS = ("accept", "reject")
REVIEW_COLUMNS = ["id", "suggestion", "reviewer", "decision", "result", "created", "doc_id", "start", "end", "code", "origin_coder", "origin_source"]


class ReviewPart(CodingsPart):
    """Review: decide on suggestions, list decisions, list what is still to review."""

    def review(self, selection: pd.DataFrame, *, decision: str, coder: str | None = None, memo: str | None = None) -> pd.DataFrame:
        """Accept or reject suggestions (rule or model codings) in bulk, in one transaction.

        Accepting creates the reviewer's own codings (``source="manual"``, ``origin`` =
        the suggestion's id); the suggestions keep their coder and source.

        Parameters
        ----------
        selection
            Rows of :meth:`codings` or :meth:`suggestions` (an ``id`` column is required).
        decision
            ``"accept"`` or ``"reject"``.
        coder
            The reviewing coder (a person, not ``rules`` or ``model:*``); default the project's user.
        memo
            Stored on the codings that accepting creates.

        Returns
        -------
        pandas.DataFrame
            The decisions recorded (columns :data:`REVIEW_COLUMNS`), sorted by suggestion
            position (``doc_id, start, end, code``).

        Raises
        ------
        ProjectError
            RK323 for a malformed selection (no ``id``, duplicate ids, the reviewer's own
            codings), RK324 for a bad decision or reviewer, RK319 for unknown ids.

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({"R01": "R: de haven van Harlingen"})
        >>> _ = p.code("R01", quote="haven", code="HAV", coder="model:nb", source="model")
        >>> p.review(p.codings(coder="model:nb"), decision="reject", coder="anna")[["decision", "origin_coder"]].values.tolist()
        [['reject', 'model:nb']]
        """
        import pandas as pd

        coder = coder or self.user
        ids = _check_review(selection, decision=decision, coder=coder)
        if not ids:
            return pd.DataFrame(columns=REVIEW_COLUMNS)
        with self._write() as conn:
            suggestions = self._fetch_codings(conn, ids)
            _check_suggestions(suggestions, coder)
            self._ensure_coders(conn, [coder])
            review_rows, new_codings = self._decide(conn, suggestions, decision=decision, coder=coder, memo=memo)
            for rows, table in ((new_codings, schema.codings), (review_rows, schema.reviews)):
                for chunk in chunks(rows):
                    conn.execute(table.insert(), chunk)
            if review_rows:
                self._audit(
                    conn, f"review_{decision}", "codings", None,
                    {"count": len(review_rows), "suggestions": sorted(x["suggestion"] for x in review_rows),
                     "created": sorted(x["id"] for x in new_codings)},
                    who=coder,
                )
        return pd.DataFrame(review_rows, columns=REVIEW_COLUMNS).astype({"start": "int64", "end": "int64"})

    def _decide(self, conn: Connection, suggestions: list[dict], *, decision: str, coder: str, memo: str | None) -> tuple[list[dict], list[dict]]:
        """The review rows and new codings for ``coder``'s decision on each suggestion (an earlier accept withdrawn)."""
        c, r = schema.codings, schema.reviews
        ids = [s["id"] for s in suggestions]
        previous = {row.suggestion: row for row in conn.execute(
            select(r).where(r.c.reviewer == coder, r.c.suggestion.in_(ids)).order_by(r.c.created, r.c.id))}
        stamp = now()
        review_rows, new_codings, made = [], [], {}
        for s in sorted(suggestions, key=lambda s: (s["doc_id"], s["start"], s["end"], s["code"], s["coder"], s["id"])):
            before = previous.get(s["id"])
            if before is not None and before.decision == decision:
                continue  # already decided this way: nothing to do
            result = None
            if decision == "accept":
                result = _own_coding(conn, s, coder) or made.get((s["doc_id"], s["start"], s["end"], s["code"]))
                if result is None:
                    result = made[(s["doc_id"], s["start"], s["end"], s["code"])] = new_id()
                    new_codings.append(_accepted(s, result, coder=coder, memo=memo, stamp=stamp))
            elif before is not None and before.decision == "accept" and before.result:
                accepted = conn.execute(select(c).where(c.c.id == before.result, c.c.origin == s["id"])).first()
                if accepted is not None:
                    self._delete_codings(conn, [dict(accepted._mapping)], action="review_withdraw", who=coder)
            review_rows.append({
                "id": new_id(), "suggestion": s["id"], "reviewer": coder, "decision": decision, "result": result,
                "created": stamp, "doc_id": s["doc_id"], "start": s["start"], "end": s["end"], "code": s["code"],
                "origin_coder": s["coder"], "origin_source": s["source"],
            })
        return review_rows, new_codings

    def reviews(self, *, reviewer: str | None = None) -> pd.DataFrame:
        """Every review decision, sorted by ``created`` then ``id``.

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> example_project({}).reviews().empty
        True
        """
        import pandas as pd

        r = schema.reviews
        q = select(r).order_by(r.c.created, r.c.id)
        if reviewer is not None:
            q = q.where(r.c.reviewer == reviewer)
        with self._read() as conn:
            rows = conn.execute(q).all()
        return pd.DataFrame([dict(x._mapping) for x in rows], columns=[col.name for col in r.columns])

    def suggestions(self, *, reviewer: str, source: str | Sequence[str] = ("rules", "model")) -> pd.DataFrame:
        """Codings from ``source`` that ``reviewer`` has not decided on yet (codings shape).

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({"R01": "R: de haven van Harlingen"})
        >>> _ = p.code("R01", quote="haven", code="HAV", coder="rules", source="rules")
        >>> len(p.suggestions(reviewer="anna"))
        1
        """
        frame = self.codings(source=source)
        decided = set(self.reviews(reviewer=reviewer)["suggestion"])
        return frame[~frame["id"].isin(decided)].reset_index(drop=True)


def _check_review(selection: pd.DataFrame, *, decision: str, coder: str) -> list[str]:
    """The selected ids, after checking the decision, the reviewer and the selection's shape."""
    import pandas as pd

    if decision not in DECISIONS:
        raise ProjectError("RK324", f"review: decision={decision!r} is not 'accept' or 'reject'", hint="use decision='accept' or decision='reject'")
    if schema.coder_kind(coder) != "person":
        raise ProjectError("RK324", f"review: coder={coder!r} is not a person", hint="review as a named coder, e.g. coder='anna'")
    if not isinstance(selection, pd.DataFrame) or "id" not in selection.columns:
        raise ProjectError("RK323", "review: the selection must be a DataFrame with an 'id' column", hint="select rows of project.codings() or project.suggestions(...)")
    ids = [str(i) for i in selection["id"]]
    if len(ids) != len(set(ids)):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        raise ProjectError("RK323", f"review: the selection names coding(s) more than once: {', '.join(dupes[:5])}", hint="drop duplicate rows")
    return ids


def _check_suggestions(suggestions: list[dict], coder: str) -> None:
    own = [s["id"] for s in suggestions if s["coder"] == coder]
    if own:
        raise ProjectError("RK323", f"review: {len(own)} selected coding(s) are {coder!r}'s own (e.g. {own[0]})", hint="review other coders' suggestions only")
    unplaced = [s["id"] for s in suggestions if not s["anchored"]]
    if unplaced:
        raise ProjectError("RK323", f"review: {len(unplaced)} selected coding(s) are unplaced (e.g. {unplaced[0]})", hint="place them first (project.place)")


def _own_coding(conn: Connection, s: dict, coder: str) -> str | None:
    """The id of ``coder``'s stored coding on the suggestion's passage and code, if any."""
    c = schema.codings
    return conn.execute(select(c.c.id).where(
        c.c.doc_id == s["doc_id"], c.c.start == s["start"], c.c.end == s["end"], c.c.code == s["code"], c.c.coder == coder
    )).scalar()


def _accepted(s: dict, new: str, *, coder: str, memo: str | None, stamp: str) -> dict:
    return {
        "id": new, "doc_id": s["doc_id"], "start": s["start"], "end": s["end"], "code": s["code"],
        "coder": coder, "source": "manual", "text": s["text"], "created": stamp, "memo": memo,
        "unit": s["unit"], "rule_id": s["rule_id"], "evidence": s["evidence"], "confidence": None,
        "origin": s["id"], "anchored": True,
    }


__all__ = ["ReviewPart", "DECISIONS", "REVIEW_COLUMNS"]

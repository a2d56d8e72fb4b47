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
>>> import tempfile, os
>>> import pandas as pd
>>> from researchkit.project import Project
>>> from researchkit.transcripts import Transcript
>>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
>>> _ = p.add_documents(Transcript("R01", "R: de haven van Harlingen"))
>>> rules = pd.DataFrame({"doc_id": ["R01"], "start": [6], "end": [11], "code": ["HAV"], "source": ["rules"]})
>>> _ = p.add_codings(rules, coder="rules")
>>> p.review(p.codings(coder="rules"), decision="accept", coder="anna")["decision"].tolist()
['accept']
>>> p.codings(coder="anna")[["code", "source"]].values.tolist()
[['HAV', 'manual']]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import select

from researchkit.errors import ProjectError
from researchkit.project import schema
from researchkit.project.schema import new_id, now

if TYPE_CHECKING:  # pragma: no cover
    from researchkit.project.store import Project

DECISIONS = ("accept", "reject")
REVIEW_COLUMNS = ["id", "suggestion", "reviewer", "decision", "result", "created", "doc_id", "start", "end", "code", "origin_coder", "origin_source"]


def review(project: "Project", selection: pd.DataFrame, *, decision: str, coder: str, memo: str | None = None) -> pd.DataFrame:
    """Record ``coder``'s decision on every suggestion in ``selection``, in one transaction.

    Parameters
    ----------
    project
        The project.
    selection
        Rows of :meth:`Project.codings` (an ``id`` column is required; other columns are ignored).
    decision
        ``"accept"`` or ``"reject"``.
    coder
        The reviewing coder (a person, not ``rules`` or ``model:*``).
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
    >>> import tempfile, os
    >>> from researchkit.project import Project
    >>> from researchkit.transcripts import Transcript
    >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
    >>> _ = p.add_documents(Transcript("R01", "R: de haven"))
    >>> _ = p.code("R01", quote="haven", code="HAV", coder="model:nb", source="model")
    >>> review(p, p.codings(), decision="accept", coder="anna")[["origin_coder", "reviewer"]].values.tolist()
    [['model:nb', 'anna']]
    """
    if decision not in DECISIONS:
        raise ProjectError("RK324", f"review: decision={decision!r} is not 'accept' or 'reject'", hint="use decision='accept' or decision='reject'")
    if schema.coder_kind(coder) != "person":
        raise ProjectError("RK324", f"review: coder={coder!r} is not a person", hint="review as a named coder, e.g. coder='anna'")
    if not isinstance(selection, pd.DataFrame) or "id" not in selection.columns:
        raise ProjectError("RK323", "review: the selection must be a DataFrame with an 'id' column", hint="select rows of project.codings() or project.suggestions(...)")
    ids = [str(i) for i in selection["id"]]
    dupes = sorted({i for i in ids if ids.count(i) > 1}) if len(ids) != len(set(ids)) else []
    if dupes:
        raise ProjectError("RK323", f"review: the selection names coding(s) more than once: {', '.join(dupes[:5])}", hint="drop duplicate rows")
    if not ids:
        return pd.DataFrame(columns=REVIEW_COLUMNS)
    c, r = schema.codings, schema.reviews
    decided = []
    with project._write() as conn:
        suggestions = project._fetch_codings(conn, ids)
        own = [s["id"] for s in suggestions if s["coder"] == coder]
        if own:
            raise ProjectError("RK323", f"review: {len(own)} selected coding(s) are {coder!r}'s own (e.g. {own[0]})", hint="review other coders' suggestions only")
        unplaced = [s["id"] for s in suggestions if not s["anchored"]]
        if unplaced:
            raise ProjectError("RK323", f"review: {len(unplaced)} selected coding(s) are unplaced (e.g. {unplaced[0]})", hint="place them first (project.place)")
        project._ensure_coders(conn, [coder])
        previous = {
            row.suggestion: row
            for row in conn.execute(
                select(r).where(r.c.reviewer == coder, r.c.suggestion.in_(ids)).order_by(r.c.created, r.c.id)
            )
        }
        stamp = now()
        review_rows, new_codings = [], []
        made: dict[tuple, str] = {}
        for s in sorted(suggestions, key=lambda s: (s["doc_id"], s["start"], s["end"], s["code"], s["coder"], s["id"])):
            before = previous.get(s["id"])
            if before is not None and before.decision == decision:
                continue  # already decided this way: nothing to do
            result = None
            if decision == "accept":
                existing = conn.execute(
                    select(c.c.id).where(
                        c.c.doc_id == s["doc_id"], c.c.start == s["start"], c.c.end == s["end"], c.c.code == s["code"], c.c.coder == coder
                    )
                ).scalar()
                key = (s["doc_id"], s["start"], s["end"], s["code"])
                if existing is None and key in made:
                    existing = made[key]
                if existing is None:
                    result = new_id()
                    made[key] = result
                    new_codings.append(
                        {
                            "id": result, "doc_id": s["doc_id"], "start": s["start"], "end": s["end"], "code": s["code"],
                            "coder": coder, "source": "manual", "text": s["text"], "created": stamp, "memo": memo,
                            "unit": s["unit"], "rule_id": s["rule_id"], "evidence": s["evidence"], "confidence": None,
                            "origin": s["id"], "anchored": True,
                        }
                    )
                else:
                    result = existing
            elif before is not None and before.decision == "accept" and before.result:
                made = conn.execute(select(c).where(c.c.id == before.result, c.c.origin == s["id"])).first()
                if made is not None:
                    project._delete_codings(conn, [dict(made._mapping)], action="review_withdraw", who=coder)
            review_rows.append(
                {
                    "id": new_id(), "suggestion": s["id"], "reviewer": coder, "decision": decision, "result": result,
                    "created": stamp, "doc_id": s["doc_id"], "start": s["start"], "end": s["end"], "code": s["code"],
                    "origin_coder": s["coder"], "origin_source": s["source"],
                }
            )
        for k in range(0, len(new_codings), 2000):
            conn.execute(c.insert(), new_codings[k : k + 2000])
        for k in range(0, len(review_rows), 2000):
            conn.execute(r.insert(), review_rows[k : k + 2000])
        if review_rows:
            project._audit(
                conn, f"review_{decision}", "codings", None,
                {"count": len(review_rows), "suggestions": sorted(x["suggestion"] for x in review_rows), "created": sorted(x["id"] for x in new_codings)},
                who=coder,
            )
        decided = review_rows
    frame = pd.DataFrame(decided, columns=REVIEW_COLUMNS)
    return frame.astype({"start": "int64", "end": "int64"})


__all__ = ["review", "DECISIONS", "REVIEW_COLUMNS"]

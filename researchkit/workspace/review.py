"""The review queue's logic without a browser: one suggestion at a time, decided through ``Project.review``.

The queue is always ``project.suggestions(reviewer=...)`` put in order by a pluggable
*ordering*, so stopping and coming back resumes where the reviewer left off: what was
decided is gone from the queue, what was skipped comes back next session. An ordering
is a function ``(suggestions, project) -> suggestions`` (reordered rows);
:data:`ORDERINGS` holds the built-in ones and :func:`register_ordering` adds another
(an "active learning" order from the suggestion model plugs in here).

Adjusting boundaries or changing the code *accepts* the suggestion (the reviewer's own
coding, ``origin`` = the suggestion) and then moves or recodes that coding, so the
review decision, the coding and the audit log all tell the same story.

Examples
--------
>>> import tempfile, os
>>> import pandas as pd
>>> import researchkit as rk
>>> from researchkit.transcripts import Transcript, Turn
>>> p = rk.Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
>>> _ = p.add_documents(Transcript("R01", "R: De haven is stil. Boten komen 's nachts.", (Turn("R", "respondent", 3, 43),)))
>>> rows = pd.DataFrame({"doc_id": ["R01", "R01"], "start": [6, 27], "end": [11, 32], "code": ["HAV", "SIG"],
...                      "source": ["rules", "rules"], "confidence": [0.4, 0.9]})
>>> _ = p.add_codings(rows, coder="rules")
>>> q = ReviewSession(p, reviewer="anna")
>>> q.current()["text"], q.progress()
('komen', {'done': 0, 'total': 2, 'pending': 2})
>>> _ = q.adjust("start", -1); q.accept()["text"]
'Boten komen'
>>> ReviewSession(p, reviewer="anna").current()["text"]     # resumes with what is left
'haven'
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import pandas as pd

from researchkit.errors import WorkspaceError
from researchkit.workspace.session import word_step

__all__ = ["ReviewSession", "ORDERINGS", "register_ordering", "by_confidence", "by_informativeness", "by_position"]

Ordering = Callable[[pd.DataFrame, Any], pd.DataFrame]


def by_confidence(suggestions: pd.DataFrame, project: Any = None) -> pd.DataFrame:
    """Most confident first (no confidence last), then by document and position.

    Examples
    --------
    >>> df = pd.DataFrame({"doc_id": ["A", "A", "B"], "start": [5, 1, 0], "end": [6, 2, 1], "code": ["X"] * 3,
    ...                    "id": ["a", "b", "c"], "confidence": [0.2, None, 0.9]})
    >>> by_confidence(df)["id"].tolist()
    ['c', 'a', 'b']
    """
    frame = suggestions.assign(_c=pd.to_numeric(suggestions["confidence"], errors="coerce").fillna(-1.0))
    frame = frame.sort_values(["_c", "doc_id", "start", "end", "code", "id"], ascending=[False, True, True, True, True, True], kind="mergesort")
    return frame.drop(columns="_c").reset_index(drop=True)


def by_position(suggestions: pd.DataFrame, project: Any = None) -> pd.DataFrame:
    """In reading order: document, then position.

    Examples
    --------
    >>> df = pd.DataFrame({"doc_id": ["B", "A"], "start": [0, 3], "end": [1, 4], "code": ["X", "X"], "id": ["b", "a"]})
    >>> by_position(df)["id"].tolist()
    ['a', 'b']
    """
    return suggestions.sort_values(["doc_id", "start", "end", "code", "id"], kind="mergesort").reset_index(drop=True)


#: Active learners per (project, reviewer), retrained after every ``ACTIVE_BATCH`` decisions.
_LEARNERS: dict[tuple[str, str], tuple[Any, int]] = {}
ACTIVE_BATCH = 10


def by_informativeness(suggestions: pd.DataFrame, project: Any = None, *, reviewer: str | None = None) -> pd.DataFrame:
    """Most informative first, for active learning (``order="active"``).

    The suggestion model of :class:`researchkit.suggest.ActiveLearner` — trained on the
    project's hand codings and this reviewer's decisions, the rules as features and
    fall-back — puts first the suggestions it is least sure about, in rounds over
    interviews and codes. It is retrained after every ``ACTIVE_BATCH`` (10) new decisions
    (about a second), so the order follows what the reviewer teaches it.
    """
    from researchkit.suggest import ActiveLearner

    if project is None or suggestions.empty:
        return by_confidence(suggestions, project)
    reviewer = reviewer or getattr(project, "user", None) or "reviewer"
    key = (str(getattr(project, "location", id(project))), str(reviewer))
    decided = len(project.reviews(reviewer=reviewer))
    learner, at = _LEARNERS.get(key, (None, -ACTIVE_BATCH))
    if learner is None or decided - at >= ACTIVE_BATCH:
        learner = ActiveLearner.from_project(project, reviewer=reviewer)
        _LEARNERS[key] = (learner, decided)
    return learner.order(suggestions, strategy="active")


#: Built-in orderings by name; ``order=`` takes one of these names or a function.
ORDERINGS: dict[str, Ordering] = {"confidence": by_confidence, "document": by_position, "active": by_informativeness}


def register_ordering(name: str, func: Ordering) -> None:
    """Make ``ReviewQueue(order=name)`` use ``func(suggestions, project) -> reordered suggestions``.

    Examples
    --------
    >>> register_ordering("newest", lambda df, project: df.iloc[::-1].reset_index(drop=True))
    >>> "newest" in ORDERINGS
    True
    """
    if not callable(func):
        raise WorkspaceError("RK708", f"ordering {name!r} is not a function", hint="pass a function (suggestions, project) -> suggestions")
    ORDERINGS[str(name)] = func


def _ordering(order: str | Ordering) -> Ordering:
    if callable(order):
        return order
    if order not in ORDERINGS:
        raise WorkspaceError("RK708", f"order={order!r} is not a known ordering ({', '.join(sorted(ORDERINGS))})",
                             hint="use one of those names, a function, or register_ordering(name, function)")
    return ORDERINGS[order]


class ReviewSession:
    """One reviewer going through rule/model suggestions (the Python side of :class:`ReviewQueue`).

    Parameters
    ----------
    project
        The project.
    reviewer
        Who decides (a person).
    order
        ``"confidence"`` (default), ``"document"``, ``"active"`` (most informative first for
        the suggestion model, retrained as decisions come in), a registered name or a function.
    source
        Which sources count as suggestions (default rules and model).
    codes, doc_ids
        Review only these codes / documents.
    """

    def __init__(self, project: Any, *, reviewer: str, order: str | Ordering = "confidence",
                 source: str | Sequence[str] = ("rules", "model"), codes: Sequence[str] | None = None,
                 doc_ids: Sequence[str] | None = None) -> None:
        self.project = project
        self.reviewer = reviewer
        self.order = _ordering(order)
        self.source = [source] if isinstance(source, str) else list(source)
        self.codes = None if codes is None else list(codes)
        self.doc_ids = None if doc_ids is None else list(doc_ids)
        self.skipped: list[str] = []
        self.last: dict | None = None
        self._texts: dict[str, Any] = {}
        self._sentences: dict[str, list[tuple[int, int]]] = {}
        self.reload()

    def _filter(self, frame: pd.DataFrame) -> pd.DataFrame:
        if self.codes is not None:
            frame = frame[frame["code"].isin(self.codes)]
        if self.doc_ids is not None:
            frame = frame[frame["doc_id"].isin(self.doc_ids)]
        return frame

    def reload(self) -> None:
        """Read the pending suggestions again (decisions made elsewhere disappear from the queue)."""
        pending = self._filter(self.project.suggestions(reviewer=self.reviewer, source=self.source))
        extra = {"reviewer": self.reviewer} if self.order is by_informativeness else {}
        self.queue = self.order(pending.reset_index(drop=True), self.project, **extra).reset_index(drop=True)
        self.total = len(self._filter(self.project.codings(source=self.source)))
        self.pending: dict | None = None
        self._pick()

    def _pick(self) -> None:
        rest = self.queue[~self.queue["id"].isin(self.skipped)]
        if rest.empty and self.skipped and not self.queue.empty:  # went round once: start again with the skipped ones
            self.skipped = []
            rest = self.queue
        self.row = None if rest.empty else rest.iloc[0].to_dict()
        self.pending = None if self.row is None else {"start": int(self.row["start"]), "end": int(self.row["end"]), "code": str(self.row["code"])}

    def progress(self) -> dict:
        """``done`` (decided), ``total`` (suggestions in scope) and ``pending``."""
        return {"done": self.total - len(self.queue), "total": self.total, "pending": len(self.queue)}

    def _transcript(self, doc_id: str) -> Any:
        if doc_id not in self._texts:
            self._texts[doc_id] = self.project.corpus(doc_ids=[doc_id])[doc_id]
        return self._texts[doc_id]

    def _sentence(self, doc_id: str, start: int, end: int) -> tuple[int, int]:
        if doc_id not in self._sentences:
            from researchkit.units import units

            frame = units(self._transcript(doc_id), "sentence")
            self._sentences[doc_id] = sorted(zip(frame["start"].astype(int), frame["end"].astype(int)))
        touched = [(s, e) for s, e in self._sentences[doc_id] if s < end and e > start]
        return (min(start, touched[0][0]), max(end, touched[-1][1])) if touched else (start, end)

    def current(self) -> dict | None:
        """The suggestion under review with its sentence and turn, or ``None`` when the queue is done."""
        if self.row is None:
            return None
        r, p = self.row, self.pending
        t = self._transcript(r["doc_id"])
        text = t.text
        s, e = p["start"], p["end"]
        turn = next((u for u in t.turns if u.start <= s < u.end or u.start < e <= u.end), None)
        ts, te = (turn.start, turn.end) if turn is not None else (max(0, s - 300), min(len(text), e + 300))
        ts, te = min(ts, s), max(te, e)
        ss, se = self._sentence(r["doc_id"], s, e)
        ss, se = max(ss, ts), min(se, te)
        conf = r.get("confidence")
        return {
            "id": r["id"], "doc_id": r["doc_id"], "code": p["code"], "suggested_code": r["code"], "coder": r["coder"], "source": r["source"],
            "start": s, "end": e, "text": text[s:e], "suggested": [int(r["start"]), int(r["end"])],
            "confidence": None if conf is None or pd.isna(conf) else float(conf),
            "rule_id": r.get("rule_id") or "", "evidence": r.get("evidence") or "",
            "speaker": turn.speaker if turn else "", "role": turn.role if turn else "",
            "context": [text[ts:ss], text[ss:s], text[s:e], text[e:se], text[se:te]],
            "adjusted": (s, e, p["code"]) != (int(r["start"]), int(r["end"]), str(r["code"])),
        }

    def _need(self) -> dict:
        if self.row is None:
            raise WorkspaceError("RK710", "no suggestion left to review", hint="all suggestions in scope are decided; reload() to check for new ones")
        return self.row

    def adjust(self, edge: str, direction: int) -> dict:
        """Move the start or end of the suggestion under review by one word (applied on accept)."""
        r = self._need()
        text = self._transcript(r["doc_id"]).text
        s, e = word_step(text, self.pending["start"], self.pending["end"], edge=edge, direction=direction)
        self.pending.update(start=s, end=e)
        return self.current()

    def set_boundaries(self, start: int, end: int) -> dict:
        """Set the boundaries to ``[start, end)`` (code points; applied on accept)."""
        r = self._need()
        n = len(self._transcript(r["doc_id"]).text)
        if not 0 <= int(start) < int(end) <= n:
            raise WorkspaceError("RK701", f"{start}-{end} is not inside the text (0-{n})", hint="give code-point offsets with start < end")
        self.pending.update(start=int(start), end=int(end))
        return self.current()

    def set_code(self, code: str) -> dict:
        """Change the code (applied on accept)."""
        self._need()
        book = self.project.codebook()
        if book is not None and code not in book:
            low = code.lower()
            hits = [c.id for c in book.walk() if low and (c.id.lower().startswith(low) or low in (c.name or "").lower())]
            if len(hits) != 1:
                raise WorkspaceError("RK707", f"{code!r} matches {len(hits)} codes" + (f" ({', '.join(hits[:8])})" if hits else ""),
                                     hint="type a code id from the codebook")
            code = hits[0]
        self.pending["code"] = code
        return self.current()

    def accept(self) -> dict:
        """Accept (with adjusted boundaries / code, if any); returns the reviewer's coding."""
        r = self._need()
        p = dict(self.pending)
        decision = self.project.review(pd.DataFrame([r]), decision="accept", coder=self.reviewer)
        result = decision["result"].iloc[0] if len(decision) else None
        if result is None:  # accepted before (e.g. in another session): find the coding it made
            made = self.project.codings(coder=self.reviewer, doc_id=r["doc_id"])
            made = made[made["origin"] == r["id"]]
            result = made["id"].iloc[0] if len(made) else None
        if result is not None and (p["start"], p["end"]) != (int(r["start"]), int(r["end"])):
            self.project.place(result, start=p["start"], end=p["end"], coder=self.reviewer)
        if result is not None and p["code"] != r["code"]:
            self.project.recode([result], code=p["code"], coder=self.reviewer)
        text = self._transcript(r["doc_id"]).text
        self.last = {"decision": "accept", "suggestion": r["id"], "coding": result, **p, "text": text[p["start"]:p["end"]]}
        self._after(r["id"])
        return self.last

    def reject(self) -> dict:
        """Reject the suggestion under review."""
        r = self._need()
        self.project.review(pd.DataFrame([r]), decision="reject", coder=self.reviewer)
        self.last = {"decision": "reject", "suggestion": r["id"], "code": r["code"]}
        self._after(r["id"])
        return self.last

    def skip(self) -> dict:
        """Leave the suggestion undecided and show the next one."""
        r = self._need()
        self.skipped.append(r["id"])
        self.last = {"decision": "skip", "suggestion": r["id"]}
        self._pick()
        return self.last

    def _after(self, suggestion: str) -> None:
        self.queue = self.queue[self.queue["id"] != suggestion].reset_index(drop=True)
        self._pick()

    def codes_list(self) -> list[dict]:
        """Code ids and names for the change-code type-ahead."""
        book = self.project.codebook()
        return [] if book is None else [{"id": c.id, "name": c.name or ""} for c in book.walk()]

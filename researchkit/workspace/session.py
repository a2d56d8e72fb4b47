"""The coding view's logic without a browser: select, code, remove, recode, move, memo, undo.

:class:`CodingSession` is what :class:`~researchkit.workspace.CodingView` runs when the
browser sends a command; tests and notebooks can call it directly. Every change goes
through the public :class:`~researchkit.project.Project` methods (each one transaction
with its audit entry); the session keeps only what it shows (the current document,
the codings it drew, the selection) and the undo list of this session, all of which
can be rebuilt from the project.

Before changing a coding the session compares it with the project. A coding someone
else removed (RK704) or changed (RK705) since the view was drawn is not touched; the
message names who did what, and the view is redrawn from the project.

Examples
--------
>>> import tempfile, os
>>> import researchkit as rk
>>> from researchkit.transcripts import Transcript, Turn
>>> p = rk.Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
>>> _ = p.add_documents(Transcript("R01", "R: Zoë ziet 🙂 boten", (Turn("R", "respondent", 3, 18),)))
>>> s = CodingSession(p, coder="anna")
>>> sel = s.select(4, 9)            # "oë zi": widened to whole words
>>> sel["text"]
'Zoë ziet'
>>> s.apply("SIG")["text"]
'Zoë ziet'
>>> s.undo()["action"], len(p.codings())
('uncode', 0)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd

from researchkit.errors import ResearchkitError, WorkspaceError
from researchkit.workspace import layout
from researchkit.workspace.offsets import SNAP_MODES, Rendered, snap

__all__ = ["CodingSession", "passage_memo", "parse_passage_memo"]

_MEMO_HEAD = re.compile(r"^\[passage (\d+)-(\d+)\] ")


def passage_memo(text: str, start: int, end: int, quote: str) -> str:
    """The text of a memo on a passage (stored as a document memo whose first line names the passage).

    ``Project.memo`` has targets project, document, code and coding; a memo on a
    selection is a document memo starting ``[passage START-END] «quote»``.

    Examples
    --------
    >>> passage_memo("Navragen", 3, 8, "boten")
    '[passage 3-8] «boten»\\nNavragen'
    >>> parse_passage_memo(passage_memo("Navragen", 3, 8, "boten"))
    (3, 8, 'Navragen')
    """
    short = quote if len(quote) <= 80 else quote[:77] + "..."
    return f"[passage {start}-{end}] «{short}»\n{text}"


def parse_passage_memo(text: str) -> tuple[int, int, str] | None:
    """``(start, end, memo text)`` of a passage memo, or ``None`` for another memo.

    Examples
    --------
    >>> parse_passage_memo("just a note") is None
    True
    """
    m = _MEMO_HEAD.match(text or "")
    if not m:
        return None
    rest = text.split("\n", 1)
    return int(m.group(1)), int(m.group(2)), rest[1] if len(rest) > 1 else ""


@dataclass
class _Undo:
    action: str
    coding: dict
    label: str


class CodingSession:
    """One coder's coding session on a project (the Python side of :class:`CodingView`).

    Parameters
    ----------
    project
        The :class:`~researchkit.project.Project` (SQLite file or PostgreSQL).
    coder
        Who codes (a person).
    doc_id
        The document to open; default the first one.
    snap
        How selections are widened: ``"word"`` (default), ``"sentence"``, ``"turn"``, ``"none"``.
    coders, sources
        Show only the codings of these coders / sources (``None``: all).
    """

    def __init__(self, project: Any, *, coder: str, doc_id: str | None = None, snap: str = "word",
                 coders: list[str] | None = None, sources: list[str] | None = None) -> None:
        if not isinstance(coder, str) or not coder.strip():
            raise WorkspaceError("RK700", f"coder={coder!r} is not a name", hint="pass coder='anna'")
        self.project = project
        self.coder = coder
        self.snap_mode = self._check_snap(snap)
        self.coders = None if coders is None else list(coders)
        self.sources = None if sources is None else list(sources)
        self.undo_stack: list[_Undo] = []
        self.selection: dict | None = None
        self.focus: int | None = None
        self.listeners: list[Callable[[], None]] = []
        self.refresh(doc_id=doc_id)

    # ------------------------------------------------------------------ loading

    @staticmethod
    def _check_snap(mode: str) -> str:
        if mode not in SNAP_MODES:
            raise WorkspaceError("RK700", f"snap={mode!r} is not one of {', '.join(SNAP_MODES)}", hint="use snap='word', 'sentence', 'turn' or 'none'")
        return mode

    def refresh(self, *, doc_id: str | None = None) -> None:
        """Reload documents, codebook and codings from the project (see other coders' work)."""
        docs = self.project.documents()
        self.doc_ids: list[str] = [str(d) for d in docs["doc_id"]] if len(docs) else []
        self.attributes = docs.set_index("doc_id").drop(columns=["uuid", "sha256", "text", "chars", "turns", "source_path", "source_format", "created", "updated"], errors="ignore") if len(docs) else pd.DataFrame()
        self.codebook = self.project.codebook()
        target = doc_id if doc_id is not None else getattr(self, "doc_id", None)
        if target is None:
            if not self.doc_ids:
                raise WorkspaceError("RK703", f"{self.project.location}: the project holds no documents", hint="add transcripts first (project.add_documents)")
            target = self.doc_ids[0]
        if target not in self.doc_ids:
            raise WorkspaceError("RK703", f"document {target!r} is not in the project ({len(self.doc_ids)} documents, e.g. {', '.join(self.doc_ids[:5])})",
                                 hint="pick a doc_id from project.documents()")
        if target != getattr(self, "doc_id", None):
            self.selection = None
            self.focus = None
        self.doc_id = target
        self.transcript = self.project.corpus(doc_ids=[target])[target]
        self._sentences: list[tuple[int, int]] | None = None
        all_codings = self.project.codings()
        self.counts_all = Counter(all_codings["code"].astype(str)) if len(all_codings) else Counter()
        self.all_coders = sorted({str(c) for c in all_codings["coder"]} | {self.coder})
        self.all_sources = sorted({str(s) for s in all_codings["source"]} | {"manual"})
        self._load_doc()

    def _load_doc(self) -> None:
        frame = self.project.codings(doc_id=self.doc_id)
        if self.coders is not None:
            frame = frame[frame["coder"].isin(self.coders)]
        if self.sources is not None:
            frame = frame[frame["source"].isin(self.sources)]
        self.codings = frame.reset_index(drop=True)
        self.blocks = layout.document_blocks(self.transcript, list(zip(self.codings["start"].tolist(), self.codings["end"].tolist())),
                                             keys=self.codings["id"].astype(str).tolist())
        self.version = getattr(self, "version", 0) + 1
        self.rendered: Rendered = layout.rendered(self.blocks)
        for fn in self.listeners:
            fn()

    def set_filters(self, *, coders: list[str] | None = None, sources: list[str] | None = None) -> None:
        """Show only these coders' / sources' codings (``None`` shows all)."""
        self.coders = None if coders is None else [str(c) for c in coders]
        self.sources = None if sources is None else [str(s) for s in sources]
        self._load_doc()

    def set_snap(self, mode: str) -> None:
        """Widen later selections to ``"word"``, ``"sentence"``, ``"turn"`` or ``"none"``."""
        self.snap_mode = self._check_snap(mode)

    # ------------------------------------------------------------------ navigation

    def goto(self, doc_id: str, *, position: int | None = None) -> None:
        """Open ``doc_id`` (and scroll to code point ``position``)."""
        self.refresh(doc_id=doc_id)
        if position is not None:
            if not 0 <= int(position) <= len(self.transcript.text):
                raise WorkspaceError("RK701", f"{doc_id}: position {position} is outside the text (0-{len(self.transcript.text)})", hint="give a code-point offset into the document")
            self.focus = int(position)
            for fn in self.listeners:
                fn()

    def step(self, delta: int) -> str:
        """Open the next (``+1``) or previous (``-1``) document; returns its doc_id."""
        k = self.doc_ids.index(self.doc_id)
        k = max(0, min(len(self.doc_ids) - 1, k + int(delta)))
        self.goto(self.doc_ids[k])
        return self.doc_id

    # ------------------------------------------------------------------ selection

    def _units(self, mode: str) -> list[tuple[int, int]]:
        text = self.transcript.text
        if mode == "turn":
            return sorted((t.start, t.end) for t in self.transcript.turns) or [(0, len(text))]
        if self._sentences is None:
            from researchkit.units import units

            frame = units(self.transcript, "sentence")
            self._sentences = sorted(zip(frame["start"].astype(int).tolist(), frame["end"].astype(int).tolist()))
        return self._sentences

    def select(self, start: int, end: int, *, mode: str | None = None) -> dict:
        """Select ``[start, end)`` (code points), widened by the snap mode; returns the selection."""
        mode = self._check_snap(mode or self.snap_mode)
        spans = self._units(mode) if mode in ("sentence", "turn") else ()
        s, e = snap(self.transcript.text, int(start), int(end), mode=mode, spans=spans)
        if s >= e:
            self.selection = None
            raise WorkspaceError("RK702", f"{self.doc_id}: the selection {start}-{end} holds no words", hint="select some words of the transcript")
        self.selection = {"doc_id": self.doc_id, "start": s, "end": e, "text": self.transcript.text[s:e],
                          "start16": self.rendered.to_rendered(s), "end16": self.rendered.to_rendered(e)}
        return dict(self.selection)

    def select_rendered(self, start16: int, end16: int, *, mode: str | None = None) -> dict:
        """Select by a browser selection: UTF-16 offsets over the rendered document (either order)."""
        s, e = self.rendered.selection(int(start16), int(end16))
        return self.select(s, e, mode=mode)

    def select_quote(self, quote: str, *, occurrence: int = 1) -> dict:
        """Select the ``occurrence``-th exact occurrence of ``quote`` (for notebooks and tests)."""
        text, pos = self.transcript.text, -1
        for _ in range(max(1, int(occurrence))):
            pos = text.find(quote, pos + 1)
            if pos < 0:
                raise WorkspaceError("RK702", f"{self.doc_id}: {quote[:60]!r} is not in the text (occurrence {occurrence})",
                                     hint="copy the passage from project.text(doc_id)")
        return self.select(pos, pos + len(quote), mode="none")

    def _need_selection(self) -> dict:
        if not self.selection or self.selection["doc_id"] != self.doc_id:
            raise WorkspaceError("RK702", "nothing is selected", hint="select a passage with the mouse (or view.select(...)) first")
        return self.selection

    # ------------------------------------------------------------------ codes

    def resolve_code(self, typed: str) -> str:
        """The code meant by ``typed``: an exact id, else the only id/name containing it (type-ahead)."""
        typed = (typed or "").strip()
        ids = [c.id for c in self.codebook.walk()] if self.codebook is not None else sorted(self.counts_all)
        if typed in ids:
            return typed
        if self.codebook is None and typed:
            return typed
        low = typed.lower()
        hits = [c.id for c in self.codebook.walk() if low and (low in c.id.lower() or low in (c.name or "").lower())] if self.codebook else []
        starts = [h for h in hits if h.lower().startswith(low)]
        if len(starts) == 1:
            return starts[0]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            raise WorkspaceError("RK707", f"no code matches {typed!r}", hint="type part of a code id or name from the code tree")
        raise WorkspaceError("RK707", f"{typed!r} matches {len(hits)} codes ({', '.join(hits[:8])})", hint="type more of the code id, or click the code")

    # ------------------------------------------------------------------ changes

    def _guard(self, coding_id: str) -> dict:
        """The coding as stored, checked against what this view drew (RK704 removed, RK705 changed)."""
        shown = self.codings[self.codings["id"] == coding_id]
        stored = self.project.codings(doc_id=self.doc_id)
        row = stored[stored["id"] == coding_id]
        if row.empty:
            who = self._last_change(coding_id)
            self._load_doc()
            raise WorkspaceError("RK704", f"the coding {coding_id[:8]} was removed{who}; your change was not applied",
                                 hint="the view now shows the project as it is; select the passage again if it still needs a code")
        current = row.iloc[0].to_dict()
        if not shown.empty:
            before = shown.iloc[0]
            if (before["code"], int(before["start"]), int(before["end"])) != (current["code"], int(current["start"]), int(current["end"])):
                who = self._last_change(coding_id)
                self._load_doc()
                raise WorkspaceError("RK705", f"the coding {coding_id[:8]} was changed{who} (now {current['code']} at {current['start']}-{current['end']}); your change was not applied",
                                     hint="look at the refreshed view and decide again")
        return current

    def _last_change(self, coding_id: str) -> str:
        hist = self.project.history(target=f"coding:{coding_id}")
        if hist.empty:
            return ""
        last = hist.iloc[-1]
        return f" by {last['who']} ({last['action']}, {str(last['at'])[:19].replace('T', ' ')} UTC)"

    def _done(self, action: str, coding: dict, label: str) -> None:
        self.undo_stack.append(_Undo(action, coding, label))
        self._load_doc()

    def apply(self, code: str, *, memo: str | None = None) -> dict:
        """Code the current selection with ``code`` (type-ahead text accepted); returns the new coding."""
        sel = self._need_selection()
        code_id = self.resolve_code(code)
        try:
            row = self.project.code(self.doc_id, start=sel["start"], end=sel["end"], code=code_id, coder=self.coder, memo=memo)
        except ResearchkitError as err:
            if getattr(err, "code", "") == "RK318":
                raise WorkspaceError("RK707", str(err), hint="pick a code from the tree") from None
            raise
        coding = row.iloc[0].to_dict()
        self.counts_all[code_id] += 1
        self.selection = None
        self._done("code", coding, f"coded {code_id}")
        return coding

    def remove(self, coding_id: str) -> dict:
        """Remove a coding (checked against the project first)."""
        current = self._guard(coding_id)
        self.project.remove_coding(coding_id, coder=self.coder)
        self.counts_all[current["code"]] -= 1
        self._done("remove", current, f"removed {current['code']}")
        return current

    def recode(self, coding_id: str, code: str) -> dict:
        """Give a coding another code."""
        current = self._guard(coding_id)
        code_id = self.resolve_code(code)
        self.project.recode([coding_id], code=code_id, coder=self.coder)
        self.counts_all[current["code"]] -= 1
        self.counts_all[code_id] += 1
        self._done("recode", current, f"recoded {current['code']} → {code_id}")
        return {**current, "code": code_id}

    def move(self, coding_id: str, start: int, end: int, *, mode: str | None = "none") -> dict:
        """Move a coding's boundaries to ``[start, end)`` (code points, snapped by ``mode``)."""
        current = self._guard(coding_id)
        s, e = snap(self.transcript.text, int(start), int(end), mode=self._check_snap(mode or self.snap_mode),
                    spans=self._units(mode) if mode in ("sentence", "turn") else ())
        if s >= e:
            raise WorkspaceError("RK702", f"{self.doc_id}: {start}-{end} holds no words", hint="give the coding at least one word")
        self.project.place(coding_id, start=s, end=e, coder=self.coder)
        self._done("move", current, f"moved {current['code']}")
        return {**current, "start": s, "end": e, "text": self.transcript.text[s:e]}

    def move_to_selection(self, coding_id: str) -> dict:
        """Move a coding to the current selection."""
        sel = self._need_selection()
        return self.move(coding_id, sel["start"], sel["end"], mode="none")

    def nudge(self, coding_id: str, edge: str, direction: int) -> dict:
        """Move one edge (``"start"``/``"end"``) of a coding by one word left (``-1``) or right (``+1``)."""
        current = self._guard(coding_id)
        s, e = word_step(self.transcript.text, int(current["start"]), int(current["end"]), edge=edge, direction=direction)
        return self.move(coding_id, s, e, mode="none")

    def memo(self, text: str, *, coding: str | None = None) -> str:
        """Attach a memo to a coding, or (without ``coding``) to the current selection; returns the memo id."""
        if not (text or "").strip():
            raise WorkspaceError("RK702", "the memo is empty", hint="write something")
        if coding is not None:
            self._guard(coding)
            memo_id = self.project.memo(text, coding=coding, author=self.coder)
        else:
            sel = self._need_selection()
            memo_id = self.project.memo(passage_memo(text, sel["start"], sel["end"], sel["text"]), document=self.doc_id, author=self.coder)
        self._load_doc()
        return memo_id

    def memos(self) -> list[dict]:
        """Memos on this document, its passages and its codings (newest last)."""
        frame = self.project.memos()
        if frame.empty:
            return []
        ids = set(self.project.codings(doc_id=self.doc_id)["id"])
        mine = frame[((frame["target_type"] == "document") & (frame["target"] == self.doc_id)) | ((frame["target_type"] == "coding") & frame["target"].isin(ids))]
        out = []
        for r in mine.sort_values(["created", "id"]).itertuples():
            passage = parse_passage_memo(r.text) if r.target_type == "document" else None
            out.append({"id": r.id, "target_type": r.target_type, "target": r.target, "author": r.author,
                        "text": passage[2] if passage else r.text, "start": passage[0] if passage else None,
                        "end": passage[1] if passage else None})
        return out

    def undo(self) -> dict:
        """Undo this session's last coding action (code, remove, recode, move); returns what was undone."""
        if not self.undo_stack:
            raise WorkspaceError("RK706", "nothing to undo in this session", hint="undo reverts the codings made in this view since it opened")
        last = self.undo_stack[-1]
        c = last.coding
        if last.action == "code":
            if c["doc_id"] == self.doc_id:
                self._guard(c["id"])
            self.project.remove_coding(c["id"], coder=self.coder)
            self.counts_all[c["code"]] -= 1
            action = "uncode"
        elif last.action == "remove":
            row = {k: c.get(k) for k in ("id", "doc_id", "start", "end", "code", "coder", "source", "text", "created", "memo", "unit", "rule_id", "evidence", "confidence", "origin")}
            try:
                self.project.add_codings(pd.DataFrame([row]))
            except ResearchkitError as err:
                raise WorkspaceError("RK706", f"cannot restore the removed coding: {err}", hint="the passage was coded again meanwhile; nothing was changed") from None
            self.counts_all[c["code"]] += 1
            action = "restore"
        elif last.action == "recode":
            self.project.recode([c["id"]], code=c["code"], coder=self.coder)
            action = "recode_back"
        else:  # move
            self.project.place(c["id"], start=int(c["start"]), end=int(c["end"]), coder=self.coder)
            action = "move_back"
        self.undo_stack.pop()
        if c["doc_id"] != self.doc_id:
            self.goto(c["doc_id"])
        else:
            self._load_doc()
        return {"action": action, "label": last.label, "id": c["id"]}

    # ------------------------------------------------------------------ the view model

    def view_model(self) -> dict:
        """Everything the browser draws, as JSON-ready data."""
        colors = layout.code_colors(self.codebook, self.counts_all.keys())
        codings = []
        for i, r in enumerate(self.codings.itertuples()):
            codings.append({"i": i, "id": r.id, "code": r.code, "coder": r.coder, "source": r.source, "start": int(r.start), "end": int(r.end),
                            "color": colors.get(r.code, "#777777"), "memo": r.memo if isinstance(r.memo, str) else "",
                            "text": r.text if len(r.text) <= 160 else r.text[:157] + "..."})
        counts_doc = Counter(self.codings["code"].astype(str))
        attrs = {}
        if self.doc_id in self.attributes.index:
            attrs = {str(k): str(v) for k, v in self.attributes.loc[self.doc_id].items() if v is not None and str(v) not in ("", "nan", "None")}
        return {
            "doc": {"doc_id": self.doc_id, "index": self.doc_ids.index(self.doc_id), "n_docs": len(self.doc_ids), "attributes": attrs,
                    "n_turns": len(self.transcript.turns), "n_chars": len(self.transcript.text), "blocks": self.blocks},
            "codings": codings,
            "codes": layout.code_tree(self.codebook, colors=colors, counts_doc=counts_doc, counts_all={k: v for k, v in self.counts_all.items() if v > 0}),
            "doc_ids": self.doc_ids,
            "coders": self.all_coders,
            "sources": self.all_sources,
            "memos": self.memos(),
            "undo": self.undo_stack[-1].label if self.undo_stack else "",
        }


def word_step(text: str, start: int, end: int, *, edge: str, direction: int) -> tuple[int, int]:
    """Move ``edge`` of ``[start, end)`` by one word left or right (keeping at least one character).

    Examples
    --------
    >>> t = "de oude haven van Harlingen"
    >>> s, e = word_step(t, 8, 13, edge="end", direction=1); t[s:e]
    'haven van'
    >>> s, e = word_step(t, 8, 13, edge="start", direction=-1); t[s:e]
    'oude haven'
    """
    if edge not in ("start", "end") or direction not in (-1, 1):
        raise WorkspaceError("RK700", f"edge={edge!r}, direction={direction!r}", hint="edge 'start' or 'end', direction -1 or +1")
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    if edge == "end":
        if direction > 0:
            nxt = [w for w in words if w[1] > end]
            end = nxt[0][1] if nxt else end
        else:
            prev = [w for w in words if start < w[1] < end]
            end = prev[-1][1] if prev else end
    else:
        if direction < 0:
            prev = [w for w in words if w[0] < start]
            start = prev[-1][0] if prev else start
        else:
            nxt = [w for w in words if start < w[0] < end]
            start = nxt[0][0] if nxt else start
    return start, end

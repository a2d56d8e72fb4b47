"""The notebook widgets (anywidget): :class:`CodingView`, :class:`ReviewQueue`, :class:`SegmentBrowser`.

Each widget is a thin shell around a session object (:class:`CodingSession`,
:class:`ReviewSession`, a segments table): the browser sends small commands
(``{"cmd": "select", "start16": 10, "end16": 24}``), :meth:`handle` runs them on the
session and writes the new view model back into a synced trait. All JavaScript and CSS
ship inside the package (``researchkit/workspace/static``); nothing is fetched.

Every method a button calls is also a Python method (``view.select_quote(...)``,
``view.apply("SIG")``, ``queue.accept()``), so a notebook can do the same without a
browser.
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Mapping, Sequence

import pandas as pd

from researchkit.errors import ResearchkitError, WorkspaceError

try:
    import anywidget
    import traitlets
except ImportError as err:  # pragma: no cover - anywidget is a dependency
    raise WorkspaceError("RK711", f"the workspace needs anywidget ({err})", hint="pip install anywidget (it comes with researchkit)") from None

from researchkit.workspace import segments as seg
from researchkit.workspace.review import Ordering, ReviewSession
from researchkit.workspace.session import CodingSession

__all__ = ["CodingView", "ReviewQueue", "SegmentBrowser"]

_SEQ = itertools.count(1)


@lru_cache(maxsize=None)
def _static(*names: str) -> str:
    """The bundled JavaScript/CSS files, joined (read once)."""
    folder = resources.files("researchkit.workspace") / "static"
    return "\n".join((folder / name).read_text(encoding="utf-8") for name in names)


class _Base(anywidget.AnyWidget):
    message = traitlets.Dict().tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.on_msg(self._on_msg)

    def _say(self, text: str, level: str = "info") -> None:
        self.message = {"text": text, "level": level, "seq": next(_SEQ)}

    def _on_msg(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, Mapping):
            self.handle(dict(content))

    def handle(self, msg: dict) -> dict | None:
        """Run one command from the browser; errors become a message in the widget (and are returned)."""
        cmd = str(msg.get("cmd", ""))
        method = getattr(self, f"_cmd_{cmd}", None)
        try:
            if method is None:
                raise WorkspaceError("RK700", f"unknown command {cmd!r}", hint="update researchkit and reload the page")
            result = method(msg)
        except ResearchkitError as err:
            self._say(str(err), "error")
            self._sync()
            return {"error": err.code, "text": str(err)}
        self._sync()
        return result

    def _sync(self) -> None:  # pragma: no cover - overridden
        pass


class CodingView(_Base):
    """Code a transcript in the notebook: select text, pick a code, it is stored at once.

    Parameters
    ----------
    project
        A :class:`~researchkit.project.Project` (SQLite file or PostgreSQL URL).
    doc_id
        Document to open (default the first).
    coder
        Who codes (a person).
    snap
        Widen selections to ``"word"`` (default), ``"sentence"``, ``"turn"`` or ``"none"``.

    Examples
    --------
    >>> import tempfile, os
    >>> import researchkit as rk
    >>> from researchkit.transcripts import Transcript, Turn
    >>> p = rk.Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
    >>> _ = p.add_documents(Transcript("R01", "R: de haven is stil", (Turn("R", "respondent", 3, 19),)))
    >>> view = CodingView(p, coder="anna")
    >>> _ = view.select_quote("haven"); view.apply("HAV")["text"]
    'haven'
    """

    _esm = _static("common.js", "coding.js")
    _css = _static("workspace.css")
    model = traitlets.Dict().tag(sync=True)
    selection = traitlets.Dict().tag(sync=True)
    focus = traitlets.Dict().tag(sync=True)
    snap = traitlets.Unicode("word").tag(sync=True)

    def __init__(self, project: Any, doc_id: str | None = None, *, coder: str = "anna", snap: str = "word") -> None:
        self.session = CodingSession(project, coder=coder, doc_id=doc_id, snap=snap)
        super().__init__(snap=snap)
        self._sync()

    # -- state to the browser
    def _sync(self) -> None:
        s = self.session
        if getattr(self, "_synced", None) != (s.version, len(s.undo_stack)):  # only what changed goes to the browser
            model = s.view_model()
            model["coder"] = s.coder
            model["filters"] = {"coders": s.coders, "sources": s.sources}
            self.model = model
            self._synced = (s.version, len(s.undo_stack))
        self.selection = dict(s.selection) if s.selection else {}
        if s.focus is not None:
            self.focus = {"start16": s.rendered.to_rendered(s.focus), "seq": next(_SEQ)}
            s.focus = None

    @traitlets.observe("snap")
    def _snap_changed(self, change: dict) -> None:
        try:
            self.session.set_snap(change["new"])
        except ResearchkitError as err:
            self._say(str(err), "error")

    # -- Python API (what the buttons do)
    @property
    def doc_id(self) -> str:
        """The document shown."""
        return self.session.doc_id

    def select(self, start: int, end: int, *, mode: str | None = None) -> dict:
        """Select ``[start, end)`` in code points (widened by the snap mode)."""
        return self._run(lambda: self.session.select(start, end, mode=mode))

    def select_quote(self, quote: str, *, occurrence: int = 1) -> dict:
        """Select an exact passage of the open document."""
        return self._run(lambda: self.session.select_quote(quote, occurrence=occurrence))

    def apply(self, code: str, *, memo: str | None = None) -> dict:
        """Code the selection; returns the new coding."""
        out = self._run(lambda: self.session.apply(code, memo=memo))
        self._say(f"coded {out['code']}: «{_short(out['text'])}»")
        return out

    def remove(self, coding_id: str) -> dict:
        """Remove a coding."""
        out = self._run(lambda: self.session.remove(coding_id))
        self._say(f"removed {out['code']}")
        return out

    def recode(self, coding_id: str, code: str) -> dict:
        """Change a coding's code."""
        out = self._run(lambda: self.session.recode(coding_id, code))
        self._say(f"recoded to {out['code']}")
        return out

    def move(self, coding_id: str, start: int, end: int) -> dict:
        """Move a coding's boundaries (code points)."""
        return self._run(lambda: self.session.move(coding_id, start, end))

    def memo(self, text: str, *, coding: str | None = None) -> str:
        """Attach a memo to a coding or (without ``coding``) to the selection."""
        return self._run(lambda: self.session.memo(text, coding=coding))

    def undo(self) -> dict:
        """Undo the last coding action of this view."""
        out = self._run(self.session.undo)
        self._say(f"undone: {out['label']}")
        return out

    def refresh(self) -> None:
        """Reload from the project (shows other coders' work)."""
        self._run(self.session.refresh)

    def goto(self, doc_id: str, position: int | None = None) -> None:
        """Open a document, optionally scrolled to a code-point position."""
        self._run(lambda: self.session.goto(doc_id, position=position))

    def next_document(self) -> str:
        """Open the next document."""
        return self._run(lambda: self.session.step(+1))

    def previous_document(self) -> str:
        """Open the previous document."""
        return self._run(lambda: self.session.step(-1))

    def filter(self, *, coders: Sequence[str] | None = None, sources: Sequence[str] | None = None) -> None:
        """Show only these coders' / sources' stripes (``None``: all)."""
        self._run(lambda: self.session.set_filters(coders=coders, sources=sources))

    def _run(self, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        finally:
            self._sync()

    # -- commands from the browser
    def _cmd_select(self, m: dict) -> dict:
        return self.session.select_rendered(int(m["start16"]), int(m["end16"]))

    def _cmd_clear(self, m: dict) -> None:
        self.session.selection = None

    def _cmd_apply(self, m: dict) -> dict:
        out = self.session.apply(str(m["code"]))
        self._say(f"coded {out['code']}: «{_short(out['text'])}»")
        return out

    def _cmd_remove(self, m: dict) -> dict:
        out = self.session.remove(str(m["id"]))
        self._say(f"removed {out['code']}")
        return out

    def _cmd_recode(self, m: dict) -> dict:
        out = self.session.recode(str(m["id"]), str(m["code"]))
        self._say(f"recoded to {out['code']}")
        return out

    def _cmd_move_to_selection(self, m: dict) -> dict:
        return self.session.move_to_selection(str(m["id"]))

    def _cmd_nudge(self, m: dict) -> dict:
        return self.session.nudge(str(m["id"]), str(m["edge"]), int(m["direction"]))

    def _cmd_memo(self, m: dict) -> str:
        memo_id = self.session.memo(str(m.get("text", "")), coding=m.get("id") or None)
        self._say("memo saved")
        return memo_id

    def _cmd_undo(self, m: dict) -> dict:
        out = self.session.undo()
        self._say(f"undone: {out['label']}")
        return out

    def _cmd_refresh(self, m: dict) -> None:
        self.session.refresh()
        self._say("refreshed from the project")

    def _cmd_goto(self, m: dict) -> None:
        pos = m.get("position")
        self.session.goto(str(m.get("doc_id") or self.session.doc_id), position=None if pos in (None, "") else int(pos))

    def _cmd_step(self, m: dict) -> str:
        return self.session.step(int(m["delta"]))

    def _cmd_filter(self, m: dict) -> None:
        self.session.set_filters(coders=m.get("coders"), sources=m.get("sources"))

    def _cmd_snap(self, m: dict) -> None:
        self.session.set_snap(str(m["mode"]))
        self.snap = self.session.snap_mode


class ReviewQueue(_Base):
    """Review rule and model suggestions one at a time, by button or keyboard.

    Keys: ``a``/Enter accept, ``r`` reject, ``s`` skip, ``c`` change code,
    ←/→ move the end by a word, Shift+←/→ move the start by a word.

    Parameters
    ----------
    project
        The project.
    reviewer
        Who decides.
    order
        ``"confidence"`` (default), ``"document"``, a registered ordering or a function
        ``(suggestions, project) -> suggestions`` (see :func:`register_ordering`).
    source, codes, doc_ids
        What to review (default: every rules and model suggestion).

    Examples
    --------
    >>> import tempfile, os
    >>> import researchkit as rk
    >>> from researchkit.transcripts import Transcript
    >>> p = rk.Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
    >>> _ = p.add_documents(Transcript("R01", "R: de haven is stil"))
    >>> _ = p.code("R01", quote="haven", code="HAV", coder="rules", source="rules")
    >>> queue = ReviewQueue(p, reviewer="anna")
    >>> queue.accept()["decision"], queue.progress()
    ('accept', {'done': 1, 'total': 1, 'pending': 0})
    """

    _esm = _static("common.js", "review.js")
    _css = _static("workspace.css")
    state = traitlets.Dict().tag(sync=True)

    def __init__(self, project: Any, *, reviewer: str = "anna", order: str | Ordering = "confidence",
                 source: str | Sequence[str] = ("rules", "model"), codes: Sequence[str] | None = None,
                 doc_ids: Sequence[str] | None = None) -> None:
        self.session = ReviewSession(project, reviewer=reviewer, order=order, source=source, codes=codes, doc_ids=doc_ids)
        super().__init__()
        self._sync()

    def _sync(self) -> None:
        s = self.session
        self.state = {"current": s.current(), "progress": s.progress(), "codes": s.codes_list(), "last": s.last, "reviewer": s.reviewer}

    def current(self) -> dict | None:
        """The suggestion under review (with its sentence and turn)."""
        return self.session.current()

    def progress(self) -> dict:
        """``done``, ``total`` and ``pending``."""
        return self.session.progress()

    def accept(self) -> dict:
        """Accept (with adjusted boundaries / code)."""
        return self._run(self.session.accept)

    def reject(self) -> dict:
        """Reject."""
        return self._run(self.session.reject)

    def skip(self) -> dict:
        """Skip (stays undecided)."""
        return self._run(self.session.skip)

    def adjust(self, edge: str, direction: int) -> dict:
        """Move ``"start"`` or ``"end"`` one word left (-1) or right (+1)."""
        return self._run(lambda: self.session.adjust(edge, direction))

    def set_code(self, code: str) -> dict:
        """Accept under another code (applied on accept)."""
        return self._run(lambda: self.session.set_code(code))

    def reload(self) -> None:
        """Read the queue again from the project."""
        self._run(self.session.reload)

    def _run(self, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        finally:
            self._sync()

    def _cmd_accept(self, m: dict) -> dict:
        return self.session.accept()

    def _cmd_reject(self, m: dict) -> dict:
        return self.session.reject()

    def _cmd_skip(self, m: dict) -> dict:
        return self.session.skip()

    def _cmd_adjust(self, m: dict) -> dict:
        return self.session.adjust(str(m["edge"]), int(m["direction"]))

    def _cmd_code(self, m: dict) -> dict:
        return self.session.set_code(str(m["code"]))

    def _cmd_reload(self, m: dict) -> None:
        self.session.reload()


class SegmentTable(_Base):
    """The table part of :class:`SegmentBrowser` (rows, filters; clicking a row opens it)."""

    _esm = _static("common.js", "segments.js")
    _css = _static("workspace.css")
    state = traitlets.Dict().tag(sync=True)

    def __init__(self, table: pd.DataFrame, *, title: str, on_open: Callable[[dict], None], attributes: Sequence[str]) -> None:
        self.table = table
        self.title = title
        self.on_open = on_open
        self.attributes = list(attributes)
        self.filters: dict = {"coders": None, "sources": None, "attributes": {}}
        super().__init__()
        self._sync()

    def shown(self) -> pd.DataFrame:
        """The rows that pass the filters."""
        f = self.filters
        return seg.filter_segments(self.table, coders=f["coders"], sources=f["sources"], attributes={k: v for k, v in f["attributes"].items() if v})

    def _sync(self) -> None:
        rows = self.shown()
        options = {a: sorted({str(v) for v in self.table[a].dropna()}) for a in self.attributes}
        self.state = {
            "title": self.title, "total": len(self.table),
            "rows": [{"k": int(k), "doc_id": r.doc_id, "start": int(r.start), "end": int(r.end), "code": r.code, "coder": r.coder,
                      "source": r.source, "text": r.text, "before": r.before, "after": r.after} for k, r in zip(range(len(rows)), rows.itertuples())],
            "coders": sorted(set(self.table["coder"])), "sources": sorted(set(self.table["source"])), "attributes": options,
            "filters": self.filters,
        }

    def _cmd_filter(self, m: dict) -> None:
        self.filters = {"coders": m.get("coders"), "sources": m.get("sources"), "attributes": dict(m.get("attributes") or {})}
        for k in self.filters["attributes"]:
            if k not in self.attributes:
                raise WorkspaceError("RK709", f"no attribute {k!r}", hint=f"filter on one of {', '.join(self.attributes)}")

    def _cmd_open(self, m: dict) -> dict:
        rows = self.shown()
        k = int(m["k"])
        if not 0 <= k < len(rows):
            raise WorkspaceError("RK709", f"row {k} is not shown (filters changed?)", hint="click the row again")
        row = rows.iloc[k].to_dict()
        self.on_open(row)
        return row


class SegmentBrowser:
    """Every coded segment of a code (or of any segments table) with context; a click opens it in a coding view.

    Parameters
    ----------
    project
        The project.
    code
        A code id (with its sub-codes, unless ``children=False``).
    segments
        Instead of ``code``: any DataFrame with ``doc_id, start, end, code, coder, source``
        (e.g. a query result).
    coder
        The coder of the coding view that opens a segment.
    context
        Characters of context on each side.
    view
        A :class:`CodingView` to open segments in (default: a new one shown below the table).

    Examples
    --------
    >>> import tempfile, os
    >>> import researchkit as rk
    >>> from researchkit.transcripts import Transcript
    >>> p = rk.Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
    >>> _ = p.add_documents(Transcript("R01", "R: de haven is stil"))
    >>> _ = p.code("R01", quote="haven", code="HAV", coder="anna")
    >>> browser = SegmentBrowser(p, "HAV")
    >>> browser.open(0)["text"], browser.view.session.selection["text"]
    ('haven', 'haven')
    """

    def __init__(self, project: Any, code: str | Sequence[str] | None = None, *, segments: pd.DataFrame | None = None,
                 coder: str = "anna", context: int = 120, children: bool = True, view: CodingView | None = None) -> None:
        self.project = project
        table = seg.segments_table(project, code=code, segments=segments, children=children, context=context)
        attributes = [c for c in table.columns if c not in seg.SEGMENT_COLUMNS + ["text", "before", "after", "id"]]
        title = f"Segments of {code}" if isinstance(code, str) else ("Segments" if code is None else f"Segments of {', '.join(code)}")
        self.view = view if view is not None else CodingView(project, coder=coder, doc_id=str(table["doc_id"].iloc[0]) if len(table) else None)
        self.table = SegmentTable(table, title=title, on_open=self._open_row, attributes=attributes)

    @property
    def segments(self) -> pd.DataFrame:
        """The rows that pass the filters."""
        return self.table.shown()

    def filter(self, *, coders: Sequence[str] | None = None, sources: Sequence[str] | None = None,
               attributes: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Set the filters; returns the rows shown."""
        self.table.handle({"cmd": "filter", "coders": coders, "sources": sources, "attributes": attributes or {}})
        return self.segments

    def open(self, k: int) -> dict:
        """Open row ``k`` of the shown rows in the coding view (selected there)."""
        out = self.table.handle({"cmd": "open", "k": k})
        if out and "error" in out:
            raise WorkspaceError(out["error"], out["text"])
        return out

    def _open_row(self, row: dict) -> None:
        self.view.goto(row["doc_id"], position=int(row["start"]))
        self.view.select(int(row["start"]), int(row["end"]), mode="none")

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        import ipywidgets

        return ipywidgets.VBox([self.table, self.view])._repr_mimebundle_(**kwargs)


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 3] + "..."

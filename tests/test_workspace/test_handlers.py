"""The widgets' Python side without a browser: the commands the JavaScript sends, run on a real project."""

from __future__ import annotations

import pandas as pd
import pytest

import researchkit as rk
from researchkit.errors import WorkspaceError
from researchkit.workspace import CodingView, ReviewQueue, SegmentBrowser, register_ordering
from researchkit.workspace.layout import code_colors
from researchkit.workspace.review import ReviewSession

from workspace_fixtures import CODEBOOK, R01, fill


@pytest.fixture
def project(tmp_path):
    p = rk.Project.create(tmp_path / "study.rkp", user="setup")
    fill(p)
    yield p
    p.close()


def _sel16(view: CodingView, passage: str) -> tuple[int, int]:
    """The UTF-16 offsets a browser would report for ``passage`` over the rendered document."""
    rendered = view.session.rendered.text
    k = rendered.index(passage)
    js = lambda s: len(s.encode("utf-16-le")) // 2  # noqa: E731
    return js(rendered[:k]), js(rendered[:k]) + js(passage)


def test_select_apply_from_browser_commands_stores_exact_offsets(project):
    view = CodingView(project, "R01", coder="anna")
    a, b = _sel16(view, "ë zag gisteren 🙂 een vreemde boot bij het café van Spın")
    sel = view.handle({"cmd": "select", "start16": a, "end16": b})
    passage = "Zoë zag gisteren 🙂 een vreemde boot bij het café van Spın̈ak"
    assert sel["text"] == passage and view.selection["text"] == passage
    coding = view.handle({"cmd": "apply", "code": "sig.1"})  # type-ahead: case does not matter
    stored = project.codings(coder="anna")
    assert len(stored) == 1 and stored["text"].item() == passage
    assert (stored["start"].item(), stored["end"].item()) == (R01.index(passage), R01.index(passage) + len(passage))
    assert coding["id"] == stored["id"].item()
    assert project.history(action="code")["who"].tolist() == ["anna"]
    # the view shows it: a stripe in the model, counts in the tree
    assert [c["code"] for c in view.model["codings"] if c["coder"] == "anna"] == ["SIG.1"]
    tree = {row["id"]: row for row in view.model["codes"]}
    assert tree["SIG.1"]["n_doc"] == 1 and tree["SIG.1"]["n_all"] == 1
    assert view.selection == {}


def test_errors_become_messages_not_exceptions(project):
    view = CodingView(project, "R01", coder="anna")
    out = view.handle({"cmd": "apply", "code": "SIG.1"})
    assert out["error"] == "RK702" and "nothing is selected" in view.message["text"]
    view.select_quote("douane")
    out = view.handle({"cmd": "apply", "code": "S"})  # ambiguous type-ahead
    assert out["error"] == "RK707" and view.message["level"] == "error"
    assert project.codings(coder="anna").empty
    assert view.handle({"cmd": "nonsense"})["error"] == "RK700"
    assert view.handle({"cmd": "select", "start16": 10**6, "end16": 10**6 + 3})["error"] == "RK701"


def test_remove_recode_move_memo_and_undo(project):
    view = CodingView(project, "R01", coder="anna")
    view.select_quote("vreemde boot")
    cid = view.apply("SIG.3")["id"]
    view.handle({"cmd": "recode", "id": cid, "code": "SIG.1"})
    assert project.codings(coder="anna")["code"].tolist() == ["SIG.1"]
    view.handle({"cmd": "nudge", "id": cid, "edge": "start", "direction": -1})
    assert project.codings(coder="anna")["text"].tolist() == ["een vreemde boot"]
    view.select_quote("vreemde boot bij het café")
    view.handle({"cmd": "move_to_selection", "id": cid})
    assert project.codings(coder="anna")["text"].tolist() == ["vreemde boot bij het café"]
    view.handle({"cmd": "memo", "id": cid, "text": "navragen"})
    view.select_quote("douane")
    view.handle({"cmd": "memo", "text": "wie belt er?"})
    memos = project.memos()
    assert sorted(memos["target_type"]) == ["coding", "document"]
    assert [m["text"] for m in view.model["memos"]] == ["navragen", "wie belt er?"]
    assert [m["start"] for m in view.model["memos"]][1] == R01.index("douane")
    # undo: move back, move back, recode back, uncode
    assert view.handle({"cmd": "undo"})["action"] == "move_back"
    assert project.codings(coder="anna")["text"].tolist() == ["een vreemde boot"]
    view.undo(), view.undo()
    assert project.codings(coder="anna")["code"].tolist() == ["SIG.3"]
    view.undo()
    assert project.codings(coder="anna").empty
    assert view.handle({"cmd": "undo"})["error"] == "RK706"
    # remove + undo restores the same coding (same id)
    view.select_quote("douane")
    cid = view.apply("SAM")["id"]
    view.handle({"cmd": "remove", "id": cid})
    assert project.codings(coder="anna").empty
    view.handle({"cmd": "undo"})
    assert project.codings(coder="anna")["id"].tolist() == [cid]


def test_conflicts_with_another_coder_are_named(project, tmp_path):
    anna = CodingView(project, "R01", coder="anna")
    anna.select_quote("douane")
    cid = anna.apply("SAM")["id"]
    other = rk.Project.open(tmp_path / "study.rkp", user="ben")
    ben = CodingView(other, "R01", coder="ben")
    # anna changes it; ben's view still shows the old code
    anna.recode(cid, "HAV")
    out = ben.handle({"cmd": "recode", "id": cid, "code": "SIG"})
    assert out["error"] == "RK705" and "changed by anna" in out["text"]
    # ben's view was redrawn: now anna removes it and ben tries again
    anna.remove(cid)
    out = ben.handle({"cmd": "remove", "id": cid})
    assert out["error"] == "RK704" and "removed by anna" in out["text"]
    assert project.codings(coder="anna").empty
    other.close()


def test_filters_navigation_and_snap(project):
    view = CodingView(project, "R01", coder="anna")
    assert {c["coder"] for c in view.model["codings"]} == {"rules"}
    view.handle({"cmd": "filter", "sources": ["manual"]})
    assert view.model["codings"] == []
    view.handle({"cmd": "filter", "coders": None, "sources": None})
    assert len(view.model["codings"]) == 4
    view.handle({"cmd": "step", "delta": 1})
    assert view.doc_id == "R02" and view.model["doc"]["index"] == 1
    view.handle({"cmd": "step", "delta": 1})
    assert view.doc_id == "R02"  # the last document stays
    view.handle({"cmd": "goto", "doc_id": "R01", "position": R01.index("douane")})
    assert view.doc_id == "R01" and view.focus["start16"] > 0
    assert view.handle({"cmd": "goto", "doc_id": "R99"})["error"] == "RK703"
    view.handle({"cmd": "snap", "mode": "sentence"})
    a, b = _sel16(view, "stond")
    assert view.handle({"cmd": "select", "start16": a, "end16": b})["text"] == "Het AIS stond uit."
    view.handle({"cmd": "snap", "mode": "turn"})
    a, b = _sel16(view, "samenwerking")
    assert view.handle({"cmd": "select", "start16": a, "end16": b})["text"] == "En de samenwerking?"


def test_sibling_sub_codes_get_clearly_different_colours():
    from researchkit.codebook import Codebook

    colors = code_colors(Codebook.from_dict(CODEBOOK))
    kids = [colors[c] for c in ("SIG.1", "SIG.2", "SIG.3")]
    assert len(set(kids)) == 3 and colors["SIG"] == "#CC0000"
    rgb = [tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in kids]
    distance = min(sum((x - y) ** 2 for x, y in zip(p, q)) ** 0.5 for i, p in enumerate(rgb) for q in rgb[i + 1 :])
    assert distance > 60, kids


def test_review_queue_commands_and_resume(project):
    queue = ReviewQueue(project, reviewer="anna")
    assert queue.state["progress"] == {"done": 0, "total": 5, "pending": 5}
    assert queue.state["current"]["text"] == "vreemde boot"
    assert queue.state["current"]["context"][1] + queue.state["current"]["context"][2] + queue.state["current"]["context"][3] \
        == "Zoë zag gisteren 🙂 een vreemde boot bij het café van Spın̈ak, 's nachts."
    queue.handle({"cmd": "accept"})
    queue.handle({"cmd": "reject"})
    queue.handle({"cmd": "adjust", "edge": "end", "direction": 1})  # to the end of "douane."
    queue.handle({"cmd": "adjust", "edge": "start", "direction": -1})
    queue.handle({"cmd": "code", "code": "HAV"})
    assert queue.state["current"]["adjusted"]
    queue.handle({"cmd": "accept"})
    queue.handle({"cmd": "skip"})
    assert queue.state["current"]["text"] == "havenmeester"
    mine = project.codings(coder="anna").set_index("text")
    assert mine.loc["de douane.", "code"] == "HAV"
    assert sorted(project.reviews(reviewer="anna")["decision"]) == ["accept", "accept", "reject"]
    # a new session resumes with what is left (the skipped suggestion comes back)
    again = ReviewQueue(project, reviewer="anna")
    assert again.progress() == {"done": 3, "total": 5, "pending": 2}
    assert again.current()["text"] == "visserij"
    assert again.handle({"cmd": "code", "code": "NOPE"})["error"] == "RK707"


def test_review_orderings_are_pluggable(project):
    register_ordering("reverse-position", lambda df, p: df.sort_values(["doc_id", "start"], ascending=False).reset_index(drop=True))
    assert ReviewSession(project, reviewer="anna", order="reverse-position").current()["text"] == "visserij"
    assert ReviewSession(project, reviewer="anna", order="document").current()["text"] == "vreemde boot"
    with pytest.raises(WorkspaceError, match="RK708"):
        ReviewSession(project, reviewer="anna", order="loudest")
    done = ReviewSession(project, reviewer="anna", codes=["HAV"])
    done.reject()
    assert done.current() is None
    with pytest.raises(WorkspaceError, match="RK710"):
        done.accept()


def test_segment_browser_filters_and_opens_a_segment(project):
    project.code("R01", quote="vreemde boot", code="SIG.3", coder="anna")
    browser = SegmentBrowser(project, "SIG")
    assert sorted(zip(browser.segments["coder"], browser.segments["code"])) == [("anna", "SIG.3"), ("rules", "SIG.2"), ("rules", "SIG.3")]
    assert browser.filter(sources=["manual"])["coder"].tolist() == ["anna"]
    assert browser.filter(attributes={"port": ["Lauwersoog"]}).empty
    browser.filter()
    row = browser.open(1)
    assert browser.view.doc_id == "R01" and browser.view.session.selection["text"] == row["text"]
    # any segments table, e.g. a query result
    table = project.codings(code="HAV")
    other = SegmentBrowser(project, segments=table)
    assert other.segments["doc_id"].tolist() == ["R02"] and other.segments["before"].iloc[0].endswith("Weinig ")
    with pytest.raises(WorkspaceError, match="RK709"):
        SegmentBrowser(project, segments=pd.DataFrame({"doc_id": ["R01"]}))
    assert browser.table.handle({"cmd": "open", "k": 99})["error"] == "RK709"

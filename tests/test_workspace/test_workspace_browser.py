"""The workspace in a real JupyterLab in headless Chromium: code with the mouse, review by keyboard.

A Jupyter server runs on loopback (random port and token, its own root folder); each
test writes a notebook that opens a project and shows a widget, runs it in the browser,
and then checks the project itself (the truth), not the page.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import researchkit as rk

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from conftest import open_notebook, wait_until, write_notebook  # noqa: E402
from workspace_fixtures import R01, fill  # noqa: E402

ROOT = HERE.parents[1]


def _select_with_mouse(page, container: str, text: str, first: str, last: str) -> None:
    """Drag the mouse from the middle of word ``first`` to the middle of word ``last`` (both inside ``text``)."""
    box = page.evaluate(
        """([sel, text, first, last]) => {
            const root = document.querySelector(sel);
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            let node, nodes = [], acc = "";
            while ((node = walker.nextNode())) { nodes.push([node, acc.length]); acc += node.data; }
            const base = acc.indexOf(text);
            const a = base + text.indexOf(first) + Math.floor(first.length / 2);
            const b = base + text.lastIndexOf(last) + Math.floor(last.length / 2);
            function point(off) {
                for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i][1] <= off) {
                    const r = document.createRange(); r.setStart(nodes[i][0], off - nodes[i][1]); r.setEnd(nodes[i][0], off - nodes[i][1] + 1);
                    const q = r.getBoundingClientRect(); return [q.left + 1, q.top + q.height / 2];
                }
            }
            return [point(a), point(b)];
        }""",
        [container, text, first, last],
    )
    (x1, y1), (x2, y2) = box
    page.mouse.move(x1, y1)
    page.mouse.down()
    page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2, steps=4)
    page.mouse.move(x2, y2, steps=4)
    page.mouse.up()


def test_code_a_passage_with_the_mouse(chromium, jupyter):
    path = jupyter.root / "study.rkp"
    with rk.Project.create(path, user="setup") as p:
        fill(p)
    write_notebook(jupyter.root / "code.ipynb", [
        "import researchkit as rk\nfrom researchkit.workspace import CodingView\n"
        f"project = rk.Project.open({str(path)!r}, user='anna')\nview = CodingView(project, 'R01', coder='anna')\nview",
    ])
    page = open_notebook(chromium, jupyter, "code.ipynb")
    page.wait_for_selector(".rkw-coding[data-rk-ready]", timeout=180_000)
    # turns with speaker label, role and timestamp
    assert page.locator(".rkw-coding .rkw-lbl").first.inner_text().strip() == "[00:00:05] Interviewer:"
    assert page.locator(".rkw-coding .rkw-role").all_text_contents()[:2] == ["interviewer", "respondent"]
    # "Zoë zag gisteren 🙂 een vreemde boot bij het café van Spın̈ak": drag from inside "Zoë" to inside "Spın̈ak"
    passage = "Zoë zag gisteren 🙂 een vreemde boot bij het café van Spın̈ak"
    _select_with_mouse(page, ".rkw-doc", passage, "Zoë", "Spın̈ak")
    search = page.locator(".rkw-coding .rkw-search")
    wait_until(lambda: "Zoë" in (search.get_attribute("placeholder") or ""), what="the selection to reach Python and come back")
    search.type("SIG.1")
    search.press("Enter")
    with rk.Project.open(path, read_only=True) as p:
        wait_until(lambda: len(p.codings(coder="anna")) > 0, what="the coding in the project")
        rows = p.codings(coder="anna")
        assert len(rows) == 1
        row = rows.iloc[0]
        start = R01.index(passage)
        assert (row["doc_id"], int(row["start"]), int(row["end"]), row["code"], row["source"]) == ("R01", start, start + len(passage), "SIG.1", "manual")
        assert p.text("R01")[row["start"]:row["end"]] == passage
        audit = p.history(action="code")
        assert audit["who"].tolist() == ["anna"] and str(row["id"]) in audit["after"].iloc[0]
    # the stripe appears, labelled with the code id
    page.wait_for_selector('.rkw-coding .rkw-st[data-code="SIG.1"]', timeout=60_000)
    assert page.errors == [], page.errors
    assert page.requests_out == [], "the workspace must not load anything from the network"

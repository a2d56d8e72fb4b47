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
from jupyter_helpers import open_notebook, wait_until, write_notebook  # noqa: E402
from workspace_fixtures import R01, fill  # noqa: E402

ROOT = HERE.parents[1]


def _screenshot(locator, name: str, tmp_path: Path) -> Path:
    """A PNG of a widget; with RESEARCHKIT_UPDATE_DOCS_IMG=1 also written to docs/img/ (for README and docs)."""
    import os

    from PIL import Image

    target = tmp_path / name
    locator.screenshot(path=str(target))
    with Image.open(target) as img:
        assert img.width > 300 and img.height > 100
        colours = img.convert("RGB").getcolors(maxcolors=1 << 20)
        assert colours is not None and len(colours) > 20, "the screenshot looks blank"
    if os.environ.get("RESEARCHKIT_UPDATE_DOCS_IMG") == "1":
        (ROOT / "docs" / "img").mkdir(exist_ok=True)
        (ROOT / "docs" / "img" / name).write_bytes(target.read_bytes())
    return target


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


def test_code_a_passage_with_the_mouse(chromium, jupyter, tmp_path):
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
    page.locator('.rkw-coding .rkw-st[data-code="SIG.1"]').click()  # the coding's panel, for the screenshot
    page.wait_for_selector(".rkw-coding .rkw-remove", timeout=30_000)
    _screenshot(page.locator(".rkw-coding"), "workspace_coding_view.png", tmp_path)
    assert page.errors == [], page.errors
    assert page.requests_out == [], "the workspace must not load anything from the network"


def test_review_queue_by_keyboard(chromium, jupyter, tmp_path):
    path = jupyter.root / "review.rkp"
    with rk.Project.create(path, user="setup") as p:
        fill(p)
    write_notebook(jupyter.root / "review.ipynb", [
        "import researchkit as rk\nfrom researchkit.workspace import ReviewQueue\n"
        f"project = rk.Project.open({str(path)!r}, user='anna')\nqueue = ReviewQueue(project, reviewer='anna')\nqueue",
    ])
    page = open_notebook(chromium, jupyter, "review.ipynb")
    widget = page.locator(".rkw-review")
    widget.wait_for(timeout=180_000)
    page.wait_for_selector(".rkw-review .rkw-sugg", timeout=60_000)

    def ready() -> int:
        return int(widget.get_attribute("data-rk-ready") or 0)

    def press(key: str) -> None:
        before = ready()
        widget.focus()
        page.keyboard.press(key)
        wait_until(lambda: ready() > before, what=f"the queue to answer {key}")

    # highest confidence first: "vreemde boot" (SIG.3) -> accept
    assert page.locator(".rkw-review .rkw-sugg").inner_text() == "vreemde boot"
    press("a")
    _screenshot(widget, "workspace_review_queue.png", tmp_path)
    # "AIS stond uit" (SIG.2) -> reject
    assert page.locator(".rkw-review .rkw-sugg").inner_text() == "AIS stond uit"
    press("r")
    # "douane" (SAM) -> widen the start by two words, then accept: "dan de douane"
    assert page.locator(".rkw-review .rkw-sugg").inner_text() == "douane"
    press("Shift+ArrowLeft")
    press("Shift+ArrowLeft")
    assert page.locator(".rkw-review .rkw-sugg").inner_text() == "dan de douane"
    press("Enter")
    assert "3 / 5" in page.locator(".rkw-review .rkw-count").inner_text()
    with rk.Project.open(path, read_only=True) as p:
        reviews = p.reviews(reviewer="anna").sort_values("created", kind="mergesort")
        decided = dict(zip(reviews["code"], reviews["decision"]))
        assert decided == {"SIG.3": "accept", "SIG.2": "reject", "SAM": "accept"}
        mine = p.codings(coder="anna").set_index("code")
        assert mine.loc["SIG.3", "text"] == "vreemde boot"
        assert mine.loc["SAM", "text"] == "dan de douane"
        start = R01.index("dan de douane")
        assert (int(mine.loc["SAM", "start"]), int(mine.loc["SAM", "end"])) == (start, start + len("dan de douane"))
        assert set(mine["origin"].dropna()) <= set(p.codings(coder="rules")["id"])
        assert len(p.suggestions(reviewer="anna")) == 2
    assert page.errors == [], page.errors
    assert page.requests_out == []


@pytest.fixture
def pg_project_url():
    """A fresh PostgreSQL database on the server of RESEARCHKIT_TEST_PG_URL (dropped afterwards)."""
    import os
    import secrets

    import sqlalchemy as sa

    url = os.environ.get("RESEARCHKIT_TEST_PG_URL", "").strip()
    if not url:
        pytest.fail("RESEARCHKIT_REQUIRE_PG=1 but RESEARCHKIT_TEST_PG_URL is not set (start one with .ci/postgres.sh)", pytrace=False)
    name = f"rk_ws_{os.getpid()}_{secrets.token_hex(4)}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _code_by_mouse(page, passage: str, first: str, last: str, code: str) -> None:
    _select_with_mouse(page, ".rkw-doc", passage, first, last)
    search = page.locator(".rkw-coding .rkw-search")
    wait_until(lambda: first in (search.get_attribute("placeholder") or ""), what="the selection to come back")
    search.type(code)
    search.press("Enter")


@pytest.mark.postgresql
def test_two_coders_at_once_on_postgresql(chromium, jupyter, pg_project_url):
    with rk.Project.create(pg_project_url, user="setup") as p:
        fill(p)
    pages = {}
    for coder in ("anna", "ben"):
        write_notebook(jupyter.root / f"{coder}.ipynb", [
            "import researchkit as rk\nfrom researchkit.workspace import CodingView\n"
            f"project = rk.Project.open({pg_project_url!r}, user={coder!r})\nview = CodingView(project, 'R01', coder={coder!r})\nview",
        ])
        pages[coder] = open_notebook(chromium, jupyter, f"{coder}.ipynb")
    for page in pages.values():
        page.wait_for_selector(".rkw-coding[data-rk-ready]", timeout=180_000)
    anna, ben = pages["anna"], pages["ben"]
    # both code at the same time: anna two passages, ben two (one of them the same passage as anna)
    _code_by_mouse(anna, "Zoë zag gisteren", "Zoë", "gisteren", "SIG.1")
    _code_by_mouse(ben, "delen info met de havenmeester", "delen", "havenmeester", "SAM")
    _code_by_mouse(anna, "Het AIS stond uit", "Het", "uit", "SIG.2")
    _code_by_mouse(ben, "Zoë zag gisteren", "Zoë", "gisteren", "SIG.3")
    with rk.Project.open(pg_project_url, read_only=True) as p:
        wait_until(lambda: len(p.codings(coder=["anna", "ben"])) == 4, what="all four codings in the project")
        got = sorted(zip(p.codings(coder=["anna", "ben"])["coder"], p.codings(coder=["anna", "ben"])["text"]))
    assert got == [("anna", "Het AIS stond uit"), ("anna", "Zoë zag gisteren"), ("ben", "Zoë zag gisteren"),
                   ("ben", "delen info met de havenmeester")]
    # anna codes once more; ben sees it after a refresh
    _code_by_mouse(anna, "de KMar", "de", "KMar", "HAV")
    with rk.Project.open(pg_project_url, read_only=True) as p:
        wait_until(lambda: len(p.codings(coder="anna", code="HAV")) == 1, what="anna's HAV coding")
    assert ben.locator('.rkw-st[data-code="HAV"]').count() == 0
    ben.locator(".rkw-refresh").click()
    ben.wait_for_selector('.rkw-st[data-code="HAV"]', timeout=60_000)
    # anna removes it; ben, whose view still shows it, tries to remove it too: a clear conflict message
    anna.locator('.rkw-st[data-code="HAV"]').click()
    anna.locator(".rkw-remove").click()
    with rk.Project.open(pg_project_url, read_only=True) as p:
        wait_until(lambda: len(p.codings(coder="anna", code="HAV")) == 0, what="anna's removal")
    ben.locator('.rkw-st[data-code="HAV"]').click()
    ben.locator(".rkw-remove").click()
    message = ben.locator(".rkw-coding .rkw-msg.error")
    message.wait_for(timeout=60_000)
    assert "RK704" in message.inner_text() and "removed by anna" in message.inner_text()
    ben.wait_for_selector('.rkw-st[data-code="HAV"]', state="detached", timeout=60_000)
    with rk.Project.open(pg_project_url, read_only=True) as p:
        final = sorted(zip(p.codings(coder=["anna", "ben"])["coder"], p.codings(coder=["anna", "ben"])["code"]))
    assert final == [("anna", "SIG.1"), ("anna", "SIG.2"), ("ben", "SAM"), ("ben", "SIG.3")]
    for page in pages.values():
        assert page.errors == [], page.errors
        assert page.requests_out == []


def test_segment_browser_click_opens_the_coding_view_there(chromium, jupyter):
    path = jupyter.root / "segments.rkp"
    with rk.Project.create(path, user="setup") as p:
        fill(p)
    write_notebook(jupyter.root / "segments.ipynb", [
        "import researchkit as rk\nfrom researchkit.workspace import SegmentBrowser\n"
        f"project = rk.Project.open({str(path)!r}, user='anna')\nbrowser = SegmentBrowser(project, coder='anna')\nbrowser",
    ])
    page = open_notebook(chromium, jupyter, "segments.ipynb")
    page.wait_for_selector(".rkw-segments[data-rk-ready]", timeout=180_000)
    page.wait_for_selector(".rkw-coding[data-rk-ready]", timeout=180_000)
    rows = page.locator(".rkw-segments .rkw-seg")
    assert rows.count() == 5
    # filter by a document attribute: only Lauwersoog (R02) is left
    page.locator('.rkw-segments select[data-attr="port"]').select_option("Lauwersoog")
    page.wait_for_function("() => document.querySelectorAll('.rkw-segments .rkw-seg').length === 1", timeout=60_000)
    page.locator('.rkw-segments select[data-attr="port"]').select_option("")
    page.wait_for_function("() => document.querySelectorAll('.rkw-segments .rkw-seg').length === 5", timeout=60_000)
    # click "havenmeester" (R01): the coding view shows R01 with that passage selected
    page.locator(".rkw-segments .rkw-seg", has_text="havenmeester").click()
    search = page.locator(".rkw-coding .rkw-search")
    wait_until(lambda: "havenmeester" in (search.get_attribute("placeholder") or ""), what="the coding view to open the segment")
    assert page.locator(".rkw-coding .rkw-head h3").inner_text() == "R01"
    assert page.errors == [], page.errors
    assert page.requests_out == []

"""The coded-transcripts page in a real headless Chromium (see conftest.py for the setup).

Checks what a researcher sees: the page opens without errors or network requests, the
turns show with speaker labels, roles and timestamps, the text of every document and
every coding comes back exactly, the stripes have the codebook colours and sit beside
the coded lines, the code filter hides one code's stripes and highlights and leaves the
others, the tooltip names code, coder and source, the document selector works, and a
screenshot renders with the stripe colours in it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from researchkit.codebook import Codebook
from researchkit.codings import make_codings
from researchkit.report.html import transcript_html
from researchkit.transcripts import Corpus, Transcript, Turn

COLORS = {"SIG": (0xCC, 0x00, 0x00), "SIG.1": (0x00, 0x55, 0xAA), "SAM": (0x22, 0xAA, 0x22)}
LONG = (
    "Ja, dat zien we wel. Er komen hier busjes die 's nachts aan de kade staan, zonder dat iemand weet "
    "van wie ze zijn, en dan is er ineens een schip dat buiten de normale tijden binnenkomt. "
)


def _rgb(code: str) -> str:
    r, g, b = COLORS[code]
    return f"rgb({r}, {g}, {b})"


def _corpus() -> Corpus:
    t1 = (
        "Interviewer: Wat ziet u in de haven?\n"
        f"Respondent: {LONG * 3}Soms <script>alert('x')</script> & schimmige busjes.\n"
        "Interviewer: En de samenwerking?\n"
        "Respondent: We delen info met de douane, maar niet alles."
    )
    turns, pos = [], 0
    for label, role in [("Interviewer", "interviewer"), ("Respondent", "respondent")] * 2:
        start = t1.index(f"{label}: ", pos) + len(label) + 2
        end = t1.find("\n", start)
        end = len(t1) if end < 0 else end
        turns.append(Turn(label, role, start, end))
        pos = end
    t2 = "[00:01:15] I: En de visserij?\n[00:01:20] R: Rustig. We werken goed samen met de havenmeester."
    return Corpus(
        [
            Transcript("R01", t1, tuple(turns), attributes={"port": "Harlingen"}),
            Transcript("R02", t2, (Turn("I", "interviewer", 14, t2.index("\n")),
                                   Turn("R", "respondent", t2.index("Rustig"), len(t2), 80.0))),
        ]
    )


def _codings(corpus: Corpus):
    rows = []

    def add(doc, quote, code, coder="anna", source="manual", occurrence=0):
        text = corpus[doc].text
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(quote, start + 1)
        rows.append({"doc_id": doc, "start": start, "end": start + len(quote), "code": code,
                     "coder": coder, "source": source})

    add("R01", "busjes die 's nachts aan de kade staan", "SIG.1")                 # first line of a long turn
    add("R01", LONG[40:] + LONG + LONG[:60], "SIG", coder="rules", source="rules")
    add("R01", "<script>alert('x')</script> & schimmige busjes", "SIG.1", coder="ben")
    add("R01", "schimmige busjes.\nInterviewer: En de samenwerking", "SAM")       # crosses a turn and a label
    add("R01", "busjes.", "SIG", coder="rules", source="rules")
    add("R01", "We delen info met de douane", "SAM", coder="ben")
    add("R02", "We werken goed samen", "SAM")
    return make_codings(rows, corpus)


@pytest.fixture(scope="module")
def fixture(tmp_path_factory):
    corpus = _corpus()
    codings = _codings(corpus)
    codebook = Codebook.from_dict({"codes": [
        {"id": "SIG", "name": "Signalen", "color": "#cc0000",
         "children": [{"id": "SIG.1", "name": "Verdacht gedrag", "color": "#0055aa"}]},
        {"id": "SAM", "name": "Samenwerking", "color": "#22aa22"},
    ]})
    path = tmp_path_factory.mktemp("report_html") / "transcripts.html"
    transcript_html(corpus, codings, codebook, out=path, title="Browser test")
    rank = {d: i for i, d in enumerate(corpus.doc_ids)}
    ordered = sorted(zip(codings["doc_id"], codings["start"], codings["end"], codings["code"], codings["coder"]),
                     key=lambda r: (rank[r[0]], r[1], -r[2]))
    return corpus, ordered, path


def _open(browser, path: Path):
    page = browser.page()
    requests = []
    page.on("request", lambda req: requests.append(req.url))
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector('html[data-rk-ready="1"]', state="attached", timeout=10_000)
    page.requests, page.dialogs = requests, dialogs
    return page


def test_page_opens_and_shows_turns(browser, fixture):
    corpus, ordered, path = fixture
    page = _open(browser, path)
    assert page.title() == "Browser test"
    assert page.requests == [path.as_uri()], "the page must not load anything else"
    assert page.dialogs == [], "text from the transcript ran as script"
    # speaker labels as written, roles, timestamps
    labels = page.locator("#doc-1 .blk.turn .lbl").all_inner_texts()
    assert [x.strip() for x in labels] == ["Interviewer:", "Respondent:", "Interviewer:", "Respondent:"]
    assert page.locator("#doc-1 .blk.turn .role").all_text_contents() == ["interviewer", "respondent"] * 2
    assert page.locator("#doc-2 time").all_inner_texts() == ["0:01:20"]
    assert page.locator("#doc-2 .lbl").first.inner_text().strip() == "[00:01:15] I:"
    texts = page.locator("#doc-1 .blk.turn .tx").all_inner_texts()
    assert texts == [corpus["R01"].turn_text(t) for t in corpus["R01"].turns]
    for turn in page.locator(".blk.turn").all():
        assert turn.is_visible()
    # every character exactly once, and each coding's marks hold exactly text[start:end]
    shown = page.evaluate(
        "() => Array.from(document.querySelectorAll('article.doc')).map(a => "
        "[a.dataset.doc, Array.from(a.querySelectorAll('.src')).map(e => e.textContent).join('')])"
    )
    assert shown == [[t.doc_id, t.text] for t in corpus]
    marked = page.evaluate(
        "(n) => Array.from({length: n}, (_, c) => Array.from(document.querySelectorAll('mark[data-c=\"' + c + '\"]'))"
        ".map(e => e.textContent).join(''))",
        len(ordered),
    )
    assert marked == [corpus[d].text[s:e] for d, s, e, _, _ in ordered]
    assert page.errors == []


def _stripes(page):
    """Per stripe: code, colour, visibility, its box and the box of its coding's marks in the block."""
    return page.evaluate(
        """(codes) => { const blocks = Array.from(document.querySelectorAll('.blk'));
          return Array.from(document.querySelectorAll('.st')).map(st => {
            const c = st.dataset.c, blk = st.closest('.blk');
            const r = st.getBoundingClientRect(), tx = blk.querySelector('.tx').getBoundingClientRect();
            let top = Infinity, bottom = -Infinity;
            blk.querySelectorAll('mark[data-c="' + c + '"]').forEach(m => {
              const q = m.getBoundingClientRect(); top = Math.min(top, q.top); bottom = Math.max(bottom, q.bottom); });
            return {c: +c, code: codes[st.dataset.k], color: getComputedStyle(st).backgroundColor,
                    display: getComputedStyle(st).display, top: r.top, bottom: r.bottom, left: r.left,
                    right: r.right, width: r.width, mtop: top, mbottom: bottom, txleft: tx.left, b: blocks.indexOf(blk)};
        }); }""",
        ["SIG", "SIG.1", "SAM"],
    )


def test_stripes_have_codebook_colours_and_sit_beside_the_coded_text(browser, fixture):
    corpus, ordered, path = fixture
    page = _open(browser, path)
    stripes = _stripes(page)
    # one stripe per coding per block it touches: the turn-crossing SAM coding has two
    per_coding = {}
    for s in stripes:
        per_coding.setdefault(s["c"], []).append(s)
    assert sorted(per_coding) == list(range(len(ordered)))
    crossing = next(i for i, r in enumerate(ordered) if r[3] == "SAM" and "\n" in corpus[r[0]].text[r[1]:r[2]])
    assert len(per_coding[crossing]) == 2
    for s in stripes:
        assert s["color"] == _rgb(s["code"]), s
        assert s["display"] != "none" and s["width"] >= 1
        assert s["right"] <= s["txleft"], "stripes belong in the margin, left of the text"
        # beside the coded lines: same vertical extent as the coding's marks in that block
        assert abs(s["top"] - s["mtop"]) <= 1.5 and abs(s["bottom"] - s["mbottom"]) <= 1.5, s
    # the short coding on the first line of the long turn is much shorter than the turn
    first = per_coding[0][0]
    long_turn = page.locator('#doc-1 .blk[data-turn="1"]').bounding_box()
    assert first["bottom"] - first["top"] < long_turn["height"] / 3
    # stripes that overlap vertically in a block never overlap horizontally (lanes)
    pairs = 0
    for a in stripes:
        for b in stripes:
            if a["c"] < b["c"] and a["b"] == b["b"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]:
                pairs += 1
                assert a["right"] <= b["left"] + 0.1 or b["right"] <= a["left"] + 0.1, (a, b)
    assert pairs >= 3
    # highlights carry the codebook colour, translucent
    bg = page.evaluate("() => getComputedStyle(document.querySelector('mark.k2')).backgroundColor")
    assert bg.startswith("rgba(34, 170, 34, 0.2")
    assert page.errors == []


def _mark_colors(page, k):
    return page.evaluate(f"() => Array.from(document.querySelectorAll('mark.k{k}')).map(m => getComputedStyle(m).backgroundColor)")


def test_unchecking_a_code_hides_its_stripes_and_highlights_only(browser, fixture):
    corpus, ordered, path = fixture
    page = _open(browser, path)
    sig1 = page.locator('#rk-codes input[data-code="SIG.1"]')
    item = page.locator("#rk-codes li", has=page.locator('input[data-code="SIG.1"]'))
    assert item.locator(".n").inner_text() == "2"   # count of codings
    assert page.locator(".st.k1").count() == 2 and page.locator(".st.k1").first.is_visible()
    sig1.uncheck()
    for i in range(page.locator(".st.k1").count()):
        assert not page.locator(".st.k1").nth(i).is_visible()
    assert set(_mark_colors(page, 1)) == {"rgba(0, 0, 0, 0)"}
    for k in (0, 2):
        assert page.locator(f".st.k{k}").count() > 0
        for i in range(page.locator(f".st.k{k}").count()):
            assert page.locator(f".st.k{k}").nth(i).is_visible()
        assert all(c.startswith("rgba(") and not c.endswith(", 0)") for c in _mark_colors(page, k))
    # the stripes still sit beside their text after the re-layout
    for s in _stripes(page):
        if s["code"] != "SIG.1":
            assert abs(s["top"] - s["mtop"]) <= 1.5 and s["color"] == _rgb(s["code"])
    # text stays: hiding a code hides colours, never words
    assert page.locator("#doc-1").inner_text().count("schimmige busjes") == 1
    sig1.check()
    assert page.locator(".st.k1").first.is_visible()
    assert all(c != "rgba(0, 0, 0, 0)" for c in _mark_colors(page, 1))
    page.click("#rk-none")
    assert page.locator(".st:visible").count() == 0
    page.click("#rk-all")
    assert page.locator(".st:visible").count() == page.locator(".st").count()
    assert page.errors == []


def test_hover_shows_code_coder_and_source(browser, fixture):
    corpus, ordered, path = fixture
    page = _open(browser, path)
    tip = page.locator("#rk-tip")
    assert not tip.is_visible()
    innermost = page.locator("mark.k2 mark").filter(has_text="busjes").first    # SIG.1 + SAM (+ SIG) overlap
    innermost.hover()
    assert tip.is_visible()
    text = tip.inner_text()
    assert "SIG.1 \u2014 Verdacht gedrag" in text and "coder: ben" in text
    assert "SAM \u2014 Samenwerking" in text and "coder: anna" in text and "source: manual" in text
    page.locator('#rk-codes input[data-code="SIG.1"]').uncheck()
    page.mouse.move(1, 1)
    innermost.hover()
    assert "SIG.1" not in tip.inner_text() and "SAM" in tip.inner_text()
    page.locator('#rk-codes input[data-code="SIG.1"]').check()
    page.locator(".st.k0").first.hover()
    assert "SIG \u2014 Signalen" in tip.inner_text() and "source: rules" in tip.inner_text()
    page.mouse.move(1, 1)
    assert not tip.is_visible()
    assert page.errors == []


def test_document_selector_and_toc(browser, fixture):
    corpus, ordered, path = fixture
    page = _open(browser, path)
    assert page.locator(".toc a").all_inner_texts() == ["R01", "R02"]
    page.select_option("#rk-doc", "doc-2")
    assert not page.locator("#doc-1").is_visible() and page.locator("#doc-2").is_visible()
    stripe = page.locator("#doc-2 .st").first
    assert stripe.is_visible() and stripe.bounding_box()["height"] > 5
    page.select_option("#rk-doc", "")
    assert page.locator("#doc-1").is_visible() and page.locator("#doc-2").is_visible()
    assert page.errors == []


def test_screenshot_renders_with_stripe_colours(browser, fixture):
    from PIL import Image

    corpus, ordered, path = fixture
    page = _open(browser, path)
    png = page.screenshot(full_page=True)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.width == 1280 and image.height >= 900
    colours = {rgb for _, rgb in image.getcolors(1 << 24)}
    for code, rgb in COLORS.items():
        assert rgb in colours, f"no pixel of {code}'s stripe colour {rgb} in the screenshot"
    shot = Image.open(io.BytesIO(page.locator(".st.k1").first.screenshot())).convert("RGB")
    assert shot.getpixel((shot.width // 2, shot.height // 2)) == COLORS["SIG.1"]

"""researchkit.report.html: the self-contained coded-transcripts page (no browser here).

The page is parsed back with the standard library's HTMLParser: the text of every
document must come back exactly, each coding's marks must hold exactly
``text[start:end]``, everything must be escaped and nothing may point outside the file.
The browser tests are in tests/test_report_html_browser/.
"""

from __future__ import annotations

import doctest
import json
import os
import random
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from researchkit.codebook import Codebook
from researchkit.codings import CodingsError, make_codings
from researchkit.errors import ReportError
from researchkit.report import html as report_html
from researchkit.report.html import default_colors, split_segments, transcript_html
from researchkit.transcripts import Corpus, Transcript, Turn

REPO = Path(__file__).resolve().parents[1]


# ----------------------------------------------------------------------------------------
# Fixtures and a parser that reads the page back
# ----------------------------------------------------------------------------------------


def _corpus() -> Corpus:
    t1 = "Interviewer: Wat ziet u in de haven?\nRespondent: Soms <script>alert('x')</script> & \"schimmige\" busjes.\nEn we delen info met de douane."
    i1 = t1.index("Wat")
    e1 = t1.index("\nRespondent")
    r1 = t1.index("Soms")
    t2 = "Datum: 2026-02-03\nLocatie: Harlingen\n[00:01:15] I: En de visserij?\n[00:01:20] R: Rustig, geen <b>bijzonderheden</b>."
    i2 = t2.index("En de")
    r2 = t2.index("Rustig")
    return Corpus(
        [
            Transcript("R01", t1, (Turn("Interviewer", "interviewer", i1, e1), Turn("Respondent", "respondent", r1, len(t1))),
                       attributes={"group": "politie", "port": "Harlingen <Noord>"}),
            Transcript("R02", t2, (Turn("I", "interviewer", i2, t2.index("\n[00:01:20]"), 75.5),
                                   Turn("R", "respondent", r2, len(t2), 80.0))),
        ]
    )


def _find(corpus: Corpus, doc: str, quote: str) -> tuple[int, int]:
    start = corpus[doc].text.index(quote)
    return start, start + len(quote)


def _codings(corpus: Corpus) -> pd.DataFrame:
    rows = []

    def add(doc, quote, code, coder="anna", source="manual", **extra):
        s, e = _find(corpus, doc, quote)
        rows.append({"doc_id": doc, "start": s, "end": e, "code": code, "coder": coder, "source": source, **extra})

    add("R01", "<script>alert('x')</script> & \"schimmige\" busjes", "SIG.1")
    add("R01", "schimmige\" busjes.\nEn we delen", "SAM", coder="ben")          # overlaps SIG.1, spans a line break
    add("R01", "busjes", "SIG", source="rules", coder="rules")                  # nested in both
    add("R01", "haven?\nRespondent: Soms", "SIG")                               # crosses a turn and its label
    add("R02", "Locatie: Harlingen", "SAM")                                      # in the preamble
    add("R02", "<b>bijzonderheden</b>", "SIG.1", memo="let op <memo> & co")
    return make_codings(rows, corpus)


def _codebook() -> Codebook:
    return Codebook.from_dict(
        {
            "codes": [
                {"id": "SIG", "name": "Signalen", "color": "#cc0000",
                 "children": [{"id": "SIG.1", "name": "Verdacht <gedrag>", "color": "#0055aa"}]},
                {"id": "SAM", "name": "Samenwerking", "color": "#22aa22"},
            ]
        }
    )


class _PageReader(HTMLParser):
    """Collect per document: the text of ``.src`` elements, each coding's marked text."""

    VOID = {"meta", "input", "br", "img", "link", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.docs: dict[str, list[str]] = {}
        self.marks: dict[int, list[str]] = {}
        self.mark_depth: list[int] = []
        self.doc: str | None = None
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        self.tags.append((tag, a))
        if tag == "article":
            self.doc = a["data-doc"]
            self.docs[self.doc] = []
        if tag not in self.VOID:
            self.stack.append((tag, a))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"unbalanced </{tag}> after {self.stack[-3:]}"
        self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "script":
            self.scripts.append(data)
            return
        if self.stack and self.stack[-1][0] == "style":
            self.styles.append(data)
            return
        if any("src" in a.get("class", "").split() for _, a in self.stack):
            self.docs[self.doc].append(data)
        for tag, a in self.stack:
            if tag == "mark":
                self.marks.setdefault(int(a["data-c"]), []).append(data)


def _read(page: str) -> _PageReader:
    reader = _PageReader()
    reader.feed(page)
    reader.close()
    assert not reader.stack, "unclosed elements"
    return reader


def _data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="rk-data">(.*?)</script>', page, re.S)
    return json.loads(m.group(1))


def _sorted_rows(corpus: Corpus, codings: pd.DataFrame) -> list[tuple]:
    """Codings in the page's order: document, start, longer first (then code/coder)."""
    rank = {d: i for i, d in enumerate(corpus.doc_ids)}
    return sorted(
        zip(codings["doc_id"], codings["start"], codings["end"], codings["code"], codings["coder"]),
        key=lambda r: (rank[r[0]], r[1], -r[2]),
    )


# ----------------------------------------------------------------------------------------
# Segmenting
# ----------------------------------------------------------------------------------------


def test_split_segments_overlapping_and_nested():
    spans = [(2, 10), (5, 15), (6, 8), (5, 15)]
    segs = split_segments(20, spans, cuts=[12, 0, 20, 25])
    assert segs == [
        (0, 2, ()), (2, 5, (0,)), (5, 6, (0, 1, 3)), (6, 8, (0, 1, 2, 3)), (8, 10, (0, 1, 3)),
        (10, 12, (1, 3)), (12, 15, (1, 3)), (15, 20, ()),
    ]
    # the pieces tile the text and every span is the union of the pieces listing it
    assert [a for a, _, _ in segs[1:]] == [z for _, z, _ in segs[:-1]]
    for i, (s, e) in enumerate(spans):
        covered = [(a, z) for a, z, cov in segs if i in cov]
        assert covered[0][0] == s and covered[-1][1] == e
        assert all(z == a2 for (_, z), (a2, _) in zip(covered, covered[1:]))


def test_split_segments_edges():
    assert split_segments(0, []) == []
    assert split_segments(3, [(0, 3)]) == [(0, 3, (0,))]
    assert split_segments(3, [(1, 1)]) == [(0, 3, ())]
    with pytest.raises(ValueError, match="span 0 \\(2, 9\\)"):
        split_segments(5, [(2, 9)])


def test_split_segments_random_against_brute_force():
    rng = random.Random(3)
    for _ in range(50):
        n = rng.randrange(1, 80)
        spans = []
        for _ in range(rng.randrange(0, 12)):
            s = rng.randrange(0, n)
            spans.append((s, rng.randrange(s + 1, n + 1)))
        segs = split_segments(n, spans)
        for a, z, cov in segs:
            for pos in range(a, z):
                assert cov == tuple(i for i, (s, e) in enumerate(spans) if s <= pos < e)


# ----------------------------------------------------------------------------------------
# The page
# ----------------------------------------------------------------------------------------


def test_text_and_codings_come_back_exactly():
    corpus, codings = _corpus(), None
    codings = _codings(corpus)
    page = transcript_html(corpus, codings, _codebook())
    reader = _read(page)
    for t in corpus:
        assert "".join(reader.docs[t.doc_id]) == t.text
    rows = _sorted_rows(corpus, codings)
    assert sorted(reader.marks) == list(range(len(rows)))
    for ci, (doc, start, end, code, coder) in enumerate(rows):
        assert "".join(reader.marks[ci]) == corpus[doc].text[start:end], (ci, code)


def test_overlapping_codings_nest_per_segment():
    corpus = _corpus()
    page = transcript_html(corpus, _codings(corpus), _codebook())
    # "busjes" is covered by SIG.1, SAM and SIG: one mark per coding, nested
    m = re.search(r"((?:<mark [^>]*>){3})busjes((?:</mark>)+)", page)
    assert m, "busjes should sit inside three nested marks"
    assert m.group(2) == "</mark>" * 3
    classes = re.findall(r'class="(k\d+)"', m.group(1))
    assert len(set(classes)) == 3
    # the stripe margin of the respondent turn has one stripe per coding touching it
    turn = page[page.index('data-turn="1"'):]
    margin = turn[: turn.index("</div>")]
    assert margin.count('class="st ') == 4  # SIG (crossing), SIG.1, SAM, SIG (busjes)


def test_escaping_everywhere():
    corpus = _corpus()
    cb = _codebook()
    page = transcript_html(corpus, _codings(corpus), cb, title="Rapport <i>&</i>")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert('x')&lt;/script&gt; &amp; " in page
    assert "&lt;b&gt;" in page and "<b>" not in page
    assert "<title>Rapport &lt;i&gt;&amp;&lt;/i&gt;</title>" in page
    assert "Harlingen &lt;Noord&gt;" in page                         # attributes
    assert "Verdacht &lt;gedrag&gt;" in page                           # code names in the filter
    assert page.count("<script") == 2                                  # the JSON data and the code
    data = _data(page)
    assert "let op <memo> & co" in data["codings"][-1][3]              # memo, via JSON
    assert "<memo>" not in page                                         # ... escaped inside <script>
    reader = _read(page)
    assert reader.scripts and all("</" not in s for s in reader.scripts[:1])


def test_codebook_colours_names_and_filter_counts():
    corpus = _corpus()
    page = transcript_html(corpus, _codings(corpus), _codebook())
    assert page.startswith('<!DOCTYPE html>\n<html lang="nl">')          # the codebook's language
    assert transcript_html(corpus, None).startswith("<!DOCTYPE html>\n<html>")
    data = _data(page)
    # codebook order (SIG, SIG.1, SAM), colours from codebook.colors()
    assert data["codes"] == ["SIG \u2014 Signalen", "SIG.1 \u2014 Verdacht <gedrag>", "SAM \u2014 Samenwerking"]
    assert ".k0{--c:#CC0000}" in page and ".k1{--c:#0055AA}" in page and ".k2{--c:#22AA22}" in page
    boxes = re.findall(r'<input type="checkbox" checked data-k="(\d)" data-code="([^"]+)">.*?<span class="n">(\d+)</span>', page)
    assert boxes == [("0", "SIG", "2"), ("1", "SIG.1", "2"), ("2", "SAM", "2")]
    # tooltip data: code, coder, source for each coding
    assert [c[:3] for c in data["codings"]][:2] == [[0, "anna", "manual"], [1, "anna", "manual"]]


def test_parent_codes_without_codings_are_headings():
    corpus = _corpus()
    codings = _codings(corpus)
    codings = codings[codings["code"] == "SIG.1"]
    page = transcript_html(corpus, codings, _codebook())
    assert re.search(r'<li class="lv1 grp"[^>]*><span class="sw" style="--c:#CC0000"></span> <span class="cid">SIG</span>', page)
    assert page.count('type="checkbox"') == 1


def test_unknown_codes_without_codebook_get_colours():
    corpus = _corpus()
    codings = _codings(corpus)
    page = transcript_html(corpus, codings)
    colors = default_colors(["SIG", "SIG.1", "SAM"])
    assert len(set(colors.values())) == 3
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in colors.values())
    data = _data(page)
    assert data["codes"] == ["SAM", "SIG", "SIG.1"]                     # sorted ids, no names
    for k, code in enumerate(["SAM", "SIG", "SIG.1"]):
        assert f".k{k}{{--c:{colors[code]}}}" in page
        assert f"mark.k{k}{{background-color:rgba(" in page
    # SIG.1 is indented under SIG
    assert '<li class="lv2"><label title="SIG.1">' in page


def test_default_colors_deterministic_and_many():
    many = [f"C{i}" for i in range(45)]
    first = default_colors(many)
    assert first == default_colors(list(reversed(many)))
    assert len(set(first.values())) == 45
    assert list(default_colors(["B.10", "B.9", "A"])) == ["A", "B.9", "B.10"]


def test_codes_missing_from_codebook_are_shown_and_listed():
    corpus = _corpus()
    codings = _codings(corpus)
    codings.loc[0, "code"] = "NEW<1>"
    page = transcript_html(corpus, codings, _codebook())
    assert '<p class="notice" id="rk-missing">' in page and "NEW&lt;1&gt;" in page
    data = _data(page)
    assert data["codes"][-1] == "NEW<1> \u2014 (not in codebook)"
    k = len(data["codes"]) - 1
    assert re.search(rf"\.k{k}{{--c:#[0-9A-F]{{6}}}}", page)


def test_turn_labels_roles_timestamps_and_preamble():
    corpus = _corpus()
    page = transcript_html(corpus, _codings(corpus), _codebook())
    assert '<div class="blk turn r-interviewer" data-turn="0">' in page
    assert '<span class="role">respondent</span>' in page
    assert '<time datetime="PT75.5S">0:01:15</time>' in page
    assert '<time datetime="PT80S">0:01:20</time>' in page
    # R02's header lines are their own block, the label line belongs to the turn
    assert '<div class="blk between">' in page
    r02 = page[page.index('data-doc="R02"'):]
    lbl = re.search(r'<span class="src lbl">(.*?)</span><span class="meta">', r02).group(1)
    assert lbl == "[00:01:15] I: "


def test_speaker_shown_when_label_not_in_text():
    t = Transcript("X", "eerste alinea\ntweede alinea", (Turn("Jan", "other", 0, 13), Turn("", "other", 14, 27)))
    page = transcript_html(t, None)
    assert '<span class="spk">Jan</span>' in page
    assert page.count('class="spk"') == 1
    assert '<p class="empty">No codings.</p>' in page


def test_transcript_without_turns_and_empty_text():
    corpus = Corpus([Transcript("A", "los <tekst>\nzonder sprekers"), Transcript("B", "")])
    page = transcript_html(corpus, None, title="t")
    reader = _read(page)
    assert "".join(reader.docs["A"]) == corpus["A"].text
    assert "".join(reader.docs["B"]) == ""
    assert '<div class="blk text">' in page


def test_deterministic_output_and_row_order():
    corpus = _corpus()
    codings = _codings(corpus)
    cb = _codebook()
    first = transcript_html(corpus, codings, cb)
    assert first == transcript_html(corpus, codings, cb)
    shuffled = codings.sample(frac=1.0, random_state=5).reset_index(drop=True)
    assert transcript_html(corpus, shuffled, cb) == first
    assert transcript_html(corpus, codings) == transcript_html(corpus, shuffled)


def test_write_atomically(tmp_path):
    corpus = _corpus()
    out = tmp_path / "page.html"
    page = transcript_html(corpus, _codings(corpus), _codebook(), out=out)
    assert out.read_bytes() == page.encode("utf-8")
    assert os.listdir(tmp_path) == ["page.html"]
    out.write_text("old")
    assert transcript_html(corpus, _codings(corpus), _codebook(), out=str(out)) == page
    assert out.read_text(encoding="utf-8") == page


def test_write_errors(tmp_path):
    corpus = _corpus()
    with pytest.raises(ReportError, match=r"RK560.*does not exist"):
        transcript_html(corpus, None, out=tmp_path / "nope" / "x.html")
    with pytest.raises(ReportError, match=r"RK560.*is a folder"):
        transcript_html(corpus, None, out=tmp_path)


def test_self_contained():
    corpus = _corpus()
    page = transcript_html(corpus, _codings(corpus), _codebook())
    reader = _read(page)
    for tag, attrs in reader.tags:
        assert "src" not in attrs, (tag, attrs)
        assert tag not in ("link", "img", "iframe", "object", "embed")
        href = attrs.get("href")
        if href is not None:
            assert re.fullmatch(r"#doc-\d+", href), href
    css = "".join(reader.styles)
    assert "url(" not in css and "@import" not in css and "@font-face" not in css
    js = reader.scripts[1]
    for word in ("fetch(", "XMLHttpRequest", "import(", "http:", "https:", "WebSocket"):
        assert word not in js


def test_codings_that_do_not_fit_the_corpus():
    corpus = _corpus()
    bad = pd.DataFrame(
        [
            {"doc_id": "R99", "start": 0, "end": 4, "code": "SIG", "coder": "anna", "source": "manual"},
            {"doc_id": "R01", "start": 5, "end": 10_000, "code": "SIG", "coder": "anna", "source": "manual"},
            {"doc_id": "R01", "start": 0, "end": 4, "code": "SIG", "coder": "anna", "source": "manual", "text": "nope"},
        ]
    )
    with pytest.raises(CodingsError) as info:
        transcript_html(corpus, bad)
    message = str(info.value)
    assert "RK302" in message and "codings given to transcript_html" in message
    assert "row 0: doc_id='R99'" in message and "row 1: end=10000" in message and "row 2: text 'nope'" in message
    with pytest.raises(CodingsError, match="RK301"):
        transcript_html(corpus, pd.DataFrame({"doc_id": ["R01"]}))


def test_argument_errors():
    corpus = _corpus()
    with pytest.raises(ReportError, match="RK561.*corpus is a list"):
        transcript_html([1, 2], None)
    with pytest.raises(ReportError, match="RK561.*codings is a list"):
        transcript_html(corpus, [])
    with pytest.raises(ReportError, match="RK561.*codebook is a dict"):
        transcript_html(corpus, _codings(corpus), {"SIG": "#cc0000"})
    with pytest.raises(ReportError, match="RK561.*title"):
        transcript_html(corpus, None, title=3)


def test_overlapping_turns_and_bad_codebook_colour():
    t = Transcript("X", "A: een twee drie", (Turn("A", "other", 3, 10), Turn("A", "other", 7, 16)))
    with pytest.raises(ReportError, match=r"RK562.*'X': turn 1 \(7-16\)"):
        transcript_html(t, None)

    class Book:
        def walk(self):
            return iter(_codebook().walk())

        def colors(self):
            return {**_codebook().colors(), "SAM": "green"}

    corpus = _corpus()
    with pytest.raises(ReportError, match="RK563.*'green' of code 'SAM'"):
        transcript_html(corpus, _codings(corpus), Book())


def test_docstring_examples():
    result = doctest.testmod(report_html, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 5


def test_demo_corpus_renders_exactly():
    from researchkit.io import read_corpus

    corpus = read_corpus(REPO / "transcripts", attributes=REPO / "transcripts" / "attributes.csv")
    rng = random.Random(11)
    rows = []
    for t in corpus:
        for _ in range(40):
            s = rng.randrange(0, len(t.text) - 1)
            rows.append({"doc_id": t.doc_id, "start": s, "end": min(len(t.text), s + rng.randrange(1, 400)),
                         "code": rng.choice(["SIG.1", "SAM", "INFO", "VERM.2"]), "coder": rng.choice(["a", "b"]),
                         "source": "manual"})
    codings = make_codings(rows, corpus)
    page = transcript_html(corpus, codings)
    reader = _read(page)
    assert list(reader.docs) == corpus.doc_ids
    for t in corpus:
        assert "".join(reader.docs[t.doc_id]) == t.text
    for ci, (doc, start, end, _, _) in enumerate(_sorted_rows(corpus, codings)):
        assert "".join(reader.marks[ci]) == corpus[doc].text[start:end]
    assert page.count('class="blk turn ') == sum(len(t.turns) for t in corpus)

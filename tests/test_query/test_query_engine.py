"""Queries on hand-made codings with answers worked out by hand."""

import pandas as pd
import pytest

from query_fixtures import R1, R2, span
from researchkit.errors import AnalysisError, QueryError
from researchkit.query import code, query


def passages(result):
    return [(d, s, e) for d, s, e in zip(result["doc_id"], result["start"], result["end"])]


def at(doc, text, phrase, nth=0):
    return (doc, *span(text, phrase, nth))


def test_and_within_turn(codings, corpus):
    result = query(codings, "SAM AND INFO.WV WITHIN turn", corpus=corpus)
    assert passages(result) == [at("R1", R1, "We werken samen met de douane. De politie komt soms.")]
    assert result["codes"].tolist() == ["INFO.WV, SAM"] and result["n_codings"].tolist() == [2]
    assert result["speaker"].tolist() == ["HM"] and result["role"].tolist() == ["respondent"]
    # R2 has both codes, but in different turns: the same query per document finds it
    by_doc = query(codings, "SAM AND INFO.WV WITHIN document", corpus=corpus)
    assert passages(by_doc) == [("R1", 0, len(R1)), ("R2", 0, len(R2))]
    assert query(codings, "SAM AND INFO.WV", corpus=corpus).empty  # no text coded with both


def test_near_counts_words_either_order(codings, corpus):
    # R1: "...komt soms.| I: En de visserij?\nHM: |Er wordt..." -> 3 words between (labels are not words)
    r1 = ("R1", span(R1, "De politie komt soms.")[0], span(R1, "Er wordt gesmokkeld.")[1])
    r2 = ("R2", span(R2, "De informatie")[0], len(R2))  # adjacent: 0 words between
    assert passages(query(codings, "INFO.WV NEAR 3 FEN.DRU", corpus=corpus)) == [r1, r2]
    assert passages(query(codings, "FEN.DRU NEAR 3 INFO.WV", corpus=corpus)) == [r1, r2]
    assert passages(query(codings, "INFO.WV NEAR 2 FEN.DRU", corpus=corpus)) == [r2]
    assert passages(query(codings, code("INFO.WV").near("FEN.DRU", 0), corpus=corpus)) == [r2]


def test_near_5_with_overlap_and_followed_by(codings, corpus):
    # SAM (R1 turn 1) and ACT.DOU overlap: distance 0; R1's last SAM is 5 words after FEN.DRU's end
    near = query(codings, "SAM NEAR 5 FEN.DRU", corpus=corpus)
    fen_r1 = span(R1, "Er wordt gesmokkeld.")
    assert ("R1", fen_r1[0], len(R1)) in passages(near)  # "Vissers smokkelden vroeger ook." = 4 words between
    assert passages(query(codings, "FEN.DRU NEAR 3 SAM", corpus=corpus)) == []
    assert passages(query(codings, "INFO.WV FOLLOWED BY 3 FEN.DRU", corpus=corpus)) == passages(
        query(codings, "INFO.WV NEAR 3 FEN.DRU", corpus=corpus))
    assert query(codings, "FEN.DRU FOLLOWED BY 3 INFO.WV", corpus=corpus).empty
    overlap = query(codings, "SAM NEAR 0 ACT", corpus=corpus)
    assert passages(overlap) == [at("R1", R1, "We werken samen met de douane.")]


def test_not(codings, corpus):
    result = query(codings, "SAM AND NOT ACT", corpus=corpus)
    s, e = span(R1, "We werken samen met de douane.")
    d, _ = span(R1, "douane")
    assert passages(result) == [("R1", s, d), ("R1", d + len("douane"), e), at("R1", R1, "Niemand ziet het."),
                                at("R2", R2, "We werken samen met de politie.")]
    assert result["text"].tolist()[:2] == ["We werken samen met de ", "."]
    turns = query(codings, "SAM AND NOT ACT WITHIN turn", corpus=corpus)
    assert passages(turns) == [at("R1", R1, "Er wordt gesmokkeld. Vissers smokkelden vroeger ook. Niemand ziet het."),
                               at("R2", R2, "We werken samen met de politie.")]
    no_sam = query(codings, "NOT SAM WITHIN turn", corpus=corpus)
    assert no_sam["text"].tolist() == ["Hoe werkt de haven?", "En de visserij?", "Wat ziet u?", "En informatie?",
                                       "De informatie blijft liggen. Cocaïne in een kotter 🚢 niet gezien."]


def test_by_attribute_role_and_where(codings, corpus):
    harlingen = query(codings, "SAM AND @port = Harlingen", corpus=corpus)
    assert passages(harlingen) == [at("R1", R1, "We werken samen met de douane."), at("R1", R1, "Niemand ziet het.")]
    assert harlingen["port"].tolist() == ["Harlingen", "Harlingen"]
    assert passages(query(codings, "SAM AND @port != Harlingen", corpus=corpus)) == [at("R2", R2, "We werken samen met de politie.")]
    assert passages(query(codings, "SAM", corpus=corpus, where={"group": ["visser"]})) == [at("R2", R2, "We werken samen met de politie.")]
    asked = query(codings, "@role = interviewer AND @port IN (Urk)", corpus=corpus)
    assert asked["text"].tolist() == ["Wat ziet u?", "En informatie?"]
    with pytest.raises(AnalysisError, match="RK501.*@harbour"):
        query(codings, "SAM AND @harbour = x", corpus=corpus)


def test_coder_and_source_filters(codings, corpus):
    assert passages(query(codings, "SAM[coder=bob]", corpus=corpus)) == [at("R1", R1, "Niemand ziet het.")]
    assert len(query(codings, "SAM", corpus=corpus)) == 3  # anna's and bob's identical span is one passage
    assert passages(query(codings, "FEN.DRU[source=rules]", corpus=corpus)) == [at("R2", R2, "Cocaïne in een kotter 🚢 niet gezien.")]
    assert passages(query(codings, "FEN.DRU", corpus=corpus, source_kind="manual")) == [at("R1", R1, "Er wordt gesmokkeld.")]


def test_or_merges_and_offsets_are_exact(codings, corpus):
    result = query(codings, "SAM OR ACT", corpus=corpus)
    assert len(result) == 3
    texts = corpus.texts()
    for row in result.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.text
        assert texts[row.doc_id][row.context_start:row.context_end] == row.context
    assert (result["query"] == "SAM OR ACT").all()


def test_unknown_code_and_bad_input(codings, corpus):
    with pytest.raises(QueryError, match="RK512.*'SAMM'"):
        query(codings, "SAMM AND INFO", corpus=corpus)
    with pytest.raises(QueryError, match="RK513"):
        query(codings, "SAM")
    with pytest.raises(QueryError, match="RK513"):
        query({"codings": 1}, "SAM")
    with pytest.raises(QueryError, match="RK514"):
        query(codings, "SAM", corpus=corpus, context="page")
    with pytest.raises(AnalysisError, match="RK502"):
        query(pd.concat([codings, codings.assign(doc_id="R9")]), "SAM", corpus=corpus)


def test_vectorised_answer_equals_a_naive_loop(codings, corpus):
    """Random codings: NEAR and AND WITHIN turn agree with a plain Python loop over pairs."""
    import numpy as np

    from researchkit.query.engine import WORD_RE
    from researchkit.units import units

    rng = np.random.default_rng(7)
    texts = corpus.texts()
    rows = []
    for doc, text in texts.items():
        words = [m.span() for t in corpus[doc].turns for m in WORD_RE.finditer(text, t.start, t.end)]
        for _ in range(40):
            i, j = sorted(rng.integers(0, len(words), 2))
            rows.append({"doc_id": doc, "start": words[i][0], "end": words[j][1], "code": rng.choice(["A", "B", "C"])})
    frame = pd.DataFrame(rows)
    got = set(passages(query(frame, "A NEAR 2 B", corpus=corpus)))
    expected = set()
    for a in frame[frame.code == "A"].itertuples():
        for b in frame[(frame.code == "B") & (frame.doc_id == a.doc_id)].itertuples():
            text = texts[a.doc_id]
            starts = [m.start() for t in corpus[a.doc_id].turns for m in WORD_RE.finditer(text, t.start, t.end)]
            first, second = (a, b) if (a.start, a.end) <= (b.start, b.end) else (b, a)
            gap = sum(1 for s in starts if first.end <= s < second.start)
            if gap <= 2:
                expected.add((a.doc_id, min(a.start, b.start), max(a.end, b.end)))
    assert got == expected
    turns = units(corpus, "turn")
    want = set()
    for t in turns.itertuples():
        inside = frame[(frame.doc_id == t.doc_id) & (frame.start < t.end) & (frame.end > t.start)]
        if {"A", "C"} <= set(inside.code) and "B" not in set(inside.code):
            want.add((t.doc_id, t.start, t.end))
    assert set(passages(query(frame, "A AND C AND NOT B WITHIN turn", corpus=corpus))) == want


def test_vectorised_words_equal_the_regex():
    from researchkit.query.engine import WORD_RE, word_bounds

    text = "Zo'n kotter -- 's nachts, 24/7! x--y a'b 'c d- e’f __ _a 12ab ë́ 🚢a Ｆｕｌｌ 丸 ά\u0301"
    starts, ends = word_bounds(text)
    assert [m.span() for m in WORD_RE.finditer(text)] == list(zip(starts.tolist(), ends.tolist()))
    assert [a.tolist() for a in word_bounds("")] == [[], []]


def test_within_sentence_and_precomputed_units(codings, corpus):
    from researchkit.units import units

    assert query(codings, "SAM AND INFO.WV WITHIN sentence", corpus=corpus).empty  # same turn, other sentence
    found = query(codings, "SAM AND ACT WITHIN sentence", corpus=corpus)
    assert passages(found) == [at("R1", R1, "We werken samen met de douane.")]
    given = query(codings, "SAM AND ACT WITHIN sentence", corpus=corpus, units_tables={"sentence": units(corpus, "sentence")})
    assert passages(given) == passages(found)
    para = query(codings, "NOT SAM WITHIN paragraph", corpus=corpus)
    assert "Hoe werkt de haven?" in para["text"].tolist()

"""Word frequencies on the mini corpus (respondent turns; see test_analysis_summaries for the words)."""


import pytest

from researchkit.analysis import stop_words, term_counts, word_frequencies
from researchkit.errors import AnalysisError
from researchkit.transcripts import Corpus, Transcript

def test_counts_without_lemmas(data):
    corpus, _, _ = data
    out = word_frequencies(corpus, lemmatize=False)
    assert out["term"].tolist()[:2] == ["douane", "politie"]  # twice each, then alphabetical
    top = out.set_index("term")
    assert top.loc["douane", ["count", "documents", "respondents"]].tolist() == [2, 2, 2]
    assert top.loc["kade", "count"] == 1
    assert out["count"].sum() == 25  # 10 theme words + 15 others, interviewer turns left out
    assert "haven" not in top.index and "de" not in top.index
    assert top.loc["douane", "share"] == pytest.approx(2 / 25)


def test_by_group_and_roles(data):
    corpus, _, _ = data
    out = word_frequencies(corpus, by="group", lemmatize=False)
    h = out[out["group"] == "handhaver"].set_index("term")
    o = out[out["group"] == "ondernemer"].set_index("term")
    assert h.loc["douane", "count"] == 2 and "douane" not in o.index
    assert h.loc["politie", "count"] == 1 and o.loc["politie", "count"] == 1
    assert out["group"].tolist() == sorted(out["group"].tolist())
    everyone = word_frequencies(corpus, roles=None, lemmatize=False).set_index("term")
    assert everyone.loc["haven", "count"] == 1 and everyone.loc["samenwerking", "count"] == 1


def test_lemmas_stop_and_go_lists(data):
    corpus, _, _ = data
    lem = word_frequencies(corpus).set_index("term")
    assert "kotter" in lem.index and "kotters" not in lem.index
    assert "smokkelen" in lem.index
    own = word_frequencies(corpus, lemmatize=False, stop=["Douane"]).set_index("term")
    assert "douane" not in own.index
    go = word_frequencies(corpus, lemmatize=False, go=["douane", "kade", "de"])
    # a go list wins over the stop list: "de" is counted because it was asked for
    assert go[["term", "count"]].values.tolist() == [["de", 7], ["douane", 2], ["kade", 1]]
    go_lem = word_frequencies(corpus, go=["kotter"])
    assert go_lem[["term", "count"]].values.tolist() == [["kotter", 1]]
    assert len(word_frequencies(corpus, lemmatize=False, top=3)) == 3


def test_document_without_turns_counts_whole():
    corpus = Corpus([Transcript("D", "Containers containers haven.")])
    out = word_frequencies(corpus, lemmatize=False)
    assert out[["term", "count"]].values.tolist() == [["containers", 2], ["haven", 1]]


def test_term_counts_and_stop_words():
    assert "het" in stop_words() and "the" in stop_words() and "ja" in stop_words()
    assert term_counts(["De kade, de KADE!"]) == {"kade": 2}
    with pytest.raises(AnalysisError, match="RK501"):
        word_frequencies(Corpus([Transcript("D", "x")]), by="group")


@pytest.mark.parametrize("seed", range(6))
def test_focus_log_odds_equals_weighted_log_odds_on_the_whole_rest(seed):
    import random

    import pandas as pd

    from researchkit.analysis.words import focus_log_odds, weighted_log_odds

    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(60)]
    focus = {w: rng.randint(1, 6) for w in rng.sample(vocabulary, 25)}
    rest = {w: rng.randint(1, 40) for w in rng.sample(vocabulary, 45)}
    for min_count in (1, 2, 4):
        fast = focus_log_odds(focus, rest.get, sum(rest.values()), min_count=min_count)
        pd.testing.assert_frame_equal(fast, weighted_log_odds(focus, rest, min_count=min_count), check_exact=True)
    with pytest.raises(AnalysisError, match="RK504"):
        focus_log_odds(focus, rest.get, 1, min_count=0)


@pytest.mark.parametrize("seed", range(6))
def test_background_rest_of_equals_rest_counts(seed):
    import random

    from researchkit.analysis.background import Background
    from researchkit.transcripts import Turn

    rng = random.Random(seed)
    words = ["haven", "kade", "De", "schip", "x", "nacht", "Douane", "de"]
    docs = []
    for d in range(3):
        text = ""
        turns = []
        for k in range(4):
            label = ("I: " if k % 2 == 0 else "R: ")
            body = " ".join(rng.choice(words) for _ in range(rng.randint(3, 12))) + "."
            start = len(text) + len(label)
            text += label + body + "\n"
            turns.append(Turn(label[0], "interviewer" if k % 2 == 0 else "respondent", start, start + len(body)))
        docs.append(Transcript(f"R{d}", text, turns=tuple(turns)))
    background = Background(Corpus(docs), ["respondent"])
    for _ in range(5):
        spans = {}
        for doc in docs:
            if rng.random() < 0.7:
                a = rng.randrange(len(doc.text))
                spans[doc.doc_id] = [(a, min(len(doc.text), a + rng.randint(1, 40)))]
        for stop in ((), ("de",)):
            full = background.rest_counts(spans, stop)
            count, total = background.rest_of(spans, stop)
            assert total == sum(full.values())
            assert all(count(w.lower()) == full.get(w.lower(), 0) for w in words + ["absent"])

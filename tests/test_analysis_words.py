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

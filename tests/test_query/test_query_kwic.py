"""Keyword in context: exact offsets, lemma matches, HTML, and hits as suggestions for review."""

import pytest

from query_fixtures import R1, R2, span
from researchkit import Project
from researchkit.errors import QueryError
from researchkit.query import kwic, kwic_html, kwic_suggestions


def test_wildcard_hits_with_exact_offsets(corpus):
    hits = kwic(corpus, "smokkel*", window=2)
    assert hits[["doc_id", "start", "end", "hit"]].values.tolist() == [["R1", *span(R1, "smokkelden"), "smokkelden"]]
    row = hits.iloc[0]
    assert row["left"] == "gesmokkeld. Vissers" and row["right"] == "vroeger ook"
    assert R1[row["context_start"]:row["start"]].strip() == row["left"]
    assert R1[row["end"]:row["context_end"]].strip() == row["right"]
    assert (row["speaker"], row["role"], row["turn"], row["port"]) == ("HM", "respondent", 3, "Harlingen")
    both = kwic(corpus, "*smokkel*")
    assert both["hit"].tolist() == ["gesmokkeld", "smokkelden"]


def test_lemma_matches(corpus):
    plain = kwic(corpus, "smokkelen")
    assert plain.empty
    lemma = kwic(corpus, "smokkelen", lemma=True)
    assert lemma[["start", "end"]].values.tolist() == [list(span(R1, "gesmokkeld")), list(span(R1, "smokkelden"))]
    assert lemma["lemma"].tolist() == ["smokkelen", "smokkelen"]
    inflected = kwic(corpus, "smokkelde", lemma=True)  # the pattern is lemmatized too
    assert inflected["hit"].tolist() == ["gesmokkeld", "smokkelden"]


def test_phrases_roles_case_and_astral_characters(corpus):
    phrase = kwic(corpus, "werken samen", window=1)
    assert phrase[["doc_id", "hit", "left", "right"]].values.tolist() == [["R1", "werken samen", "We", "met"],
                                                                         ["R2", "werken samen", "We", "met"]]
    assert kwic(corpus, "haven", roles="respondent").empty
    assert kwic(corpus, "haven", roles=["interviewer"])["hit"].tolist() == ["haven"]
    assert kwic(corpus, "Cocaïne", case_sensitive=True)["hit"].tolist() == ["Cocaïne"]
    assert kwic(corpus, "cocaïne", case_sensitive=True).empty
    kotter = kwic(corpus, "kotter", window=2).iloc[0]
    assert (kotter["start"], kotter["end"]) == span(R2, "kotter")
    assert R2[kotter["context_start"]:kotter["context_end"]].startswith("in een kotter 🚢")


def test_bad_options(corpus):
    with pytest.raises(QueryError, match="RK514"):
        kwic(corpus, "  ")
    with pytest.raises(QueryError, match="RK514"):
        kwic(corpus, "x", window=-1)
    with pytest.raises(QueryError, match="RK514"):
        kwic(corpus, "**")


def test_html_is_escaped_and_written_atomically(corpus, tmp_path):
    hits = kwic(corpus, "*smokkel*", window=3)
    page = kwic_html(hits, title="smokkel <alles>", path=tmp_path / "kwic.html")
    assert "<mark>smokkelden</mark>" in page and "smokkel &lt;alles&gt;" in page and "2 hit(s)" in page
    assert (tmp_path / "kwic.html").read_text(encoding="utf-8") == str(page)
    assert page._repr_html_() == str(page)


def test_hits_become_suggestions_in_the_review_queue(corpus, tmp_path):
    project = Project.create(tmp_path / "p.rkp")
    project.add_documents(list(corpus))
    hits = kwic(corpus, "smokkelen", lemma=True)
    suggestions = kwic_suggestions(hits, code="FEN.DRU", unit="sentence", corpus=corpus)
    assert suggestions["text"].tolist() == ["Er wordt gesmokkeld.", "Vissers smokkelden vroeger ook."]
    assert set(suggestions["coder"]) == {"kwic:smokkelen"} and set(suggestions["source"]) == {"rules"}
    project.add_codings(suggestions)
    queue = project.suggestions(reviewer="anna")
    assert queue["text"].tolist() == ["Er wordt gesmokkeld.", "Vissers smokkelden vroeger ook."]
    project.review(queue.head(1), decision="accept", coder="anna")
    mine = project.codings(coder="anna")
    assert mine[["start", "end", "code", "source"]].values.tolist() == [[*span(R1, "Er wordt gesmokkeld."), "FEN.DRU", "manual"]]
    assert len(project.suggestions(reviewer="anna")) == 1
    hit_only = kwic_suggestions(hits, code="FEN.DRU")
    assert hit_only["text"].tolist() == ["gesmokkeld", "smokkelden"]

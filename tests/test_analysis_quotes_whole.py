"""Quotes worth quoting (issue 16): whole coded passages, trimmed at sentence boundaries with exact
offsets, ranked by fit to the theme (human first, density of the theme's codes), spread over
respondents and groups, deterministic."""

from __future__ import annotations

import pandas as pd
import pytest

from researchkit.analysis import quotes
from researchkit.analysis.quote_spans import best_window
from researchkit.codebook import Codebook
from researchkit.errors import RunError
from researchkit.transcripts import Corpus, Transcript, Turn

CB = Codebook.from_dict({"codes": [
    {"id": "SIG", "name": "Signalen", "children": [{"id": "SIG.1", "name": "Busjes"}, {"id": "SIG.2", "name": "Boten"}]},
    {"id": "VERM", "name": "Vermoedens"}]})


def _doc(doc_id: str, respondent_text: str, group: str, question: str = "Wat ziet u?") -> Transcript:
    text = f"I: {question}\nR: {respondent_text}"
    q_end = 3 + len(question)
    r_start = q_end + 4
    return Transcript(doc_id, text, (Turn("I", "interviewer", 3, q_end), Turn("R", "respondent", r_start, len(text))),
                      {"group": group})


def _coding(corpus: Corpus, doc_id: str, phrase: str, code: str, source: str = "manual") -> dict:
    start = corpus[doc_id].text.index(phrase)
    return {"doc_id": doc_id, "start": start, "end": start + len(phrase), "code": code,
            "coder": "rules" if source == "rules" else "anna", "source": source}


DENSE = ["Er stonden 's nachts drie busjes zonder lichten op de kade bij de visafslag.",
         "Later zagen we een snelle boot aanmeren en de busjes reden meteen weg.",
         "Dat hebben we twee keer gemeld bij de politie in Harlingen."]
WEAK = "Soms staat er wel eens een busje op de kade, dat zie je overal wel."


@pytest.fixture
def corpus():
    return Corpus([
        _doc("R1", " ".join(DENSE), "politie"),
        _doc("R2", WEAK + " Verder niets bijzonders eigenlijk, het is een rustige haven.", "politie"),
        _doc("R3", "Een enkele keer ligt er een onbekend jacht in de haven, zonder naam op de boeg en zonder vlag.",
             "bedrijfsleven"),
        _doc("R4", "Er lopen 's nachts mensen over de kade die hier niet horen, dat valt de vissers op.", "politie"),
    ])


def _codings(corpus: Corpus) -> pd.DataFrame:
    rows = [
        _coding(corpus, "R1", DENSE[0], "SIG.1"), _coding(corpus, "R1", DENSE[1], "SIG.1"),
        _coding(corpus, "R1", DENSE[1], "SIG.2"), _coding(corpus, "R1", DENSE[2], "SIG"),
        _coding(corpus, "R2", WEAK, "SIG.1"),
        _coding(corpus, "R3", "Een enkele keer ligt er een onbekend jacht in de haven", "SIG.2", source="rules"),
        _coding(corpus, "R4", "Er lopen 's nachts mensen over de kade die hier niet horen, dat valt de vissers op.", "SIG"),
    ]
    return pd.DataFrame(rows)


def _whole(codings, corpus, **options):
    options = {"code": "SIG", "n": None, "codebook": CB, "context": 0, "roles": ("respondent",), "min_words": 5,
               "whole": True, **options}
    return quotes(codings, corpus, **options)


def test_a_dense_multi_sentence_human_passage_before_a_single_weak_sentence(corpus):
    ranked = _whole(_codings(corpus), corpus, max_words=None, max_chars=None)
    assert ranked["doc_id"].tolist()[0] == "R1"
    first = ranked.iloc[0]
    assert first["text"] == " ".join(DENSE)  # the three coded sentences, one quote
    assert (first["n_sentences"], first["distinct"], first["human"]) == (3, 3, True)
    assert first["density"] == pytest.approx(4 / 3)  # sentence 2 carries two of the theme's codes
    assert first["code"] == "SIG, SIG.1, SIG.2"
    weak = ranked[ranked["doc_id"] == "R2"].iloc[0]
    assert weak["text"] == WEAK and weak["n_sentences"] == 1
    order = ranked["doc_id"].tolist()
    assert order.index("R1") < order.index("R2") and order[-1] == "R3"  # the rules-only passage comes last
    # the former ranking (passages as coded) quotes single sentences
    assert set(quotes(_codings(corpus), corpus, code="SIG", n=None, codebook=CB, context=0)["text"]) >= set(DENSE)


def test_distinct_respondents_and_groups_take_turns(corpus):
    codings = pd.concat([_codings(corpus), pd.DataFrame([_coding(corpus, "R1", DENSE[2], "VERM")])], ignore_index=True)
    chosen = _whole(codings, corpus, n=3, by="group")
    assert chosen["doc_id"].tolist()[0] == "R1"
    assert chosen["respondent"].is_unique
    assert set(chosen["group"].head(2)) == {"politie", "bedrijfsleven"}  # the second pick goes to the other group


def test_trimming_keeps_whole_sentences_with_exact_offsets(corpus):
    codings = _codings(corpus)
    texts = corpus.texts()
    # R1's sentences have 14, 13 and 11 words: in 27 words two fit; both pairs cover three codes: the earlier
    trimmed = _whole(codings, corpus, max_words=27, max_chars=None)
    first = trimmed[trimmed["doc_id"] == "R1"].iloc[0]
    assert first["text"] == " ".join(DENSE[:2])  # the two sentences with most coverage (sentence 2 has two codes)
    assert texts["R1"][first["start"]:first["end"]] == first["text"]
    by_chars = _whole(codings, corpus, max_words=None, max_chars=80)
    first = by_chars[by_chars["doc_id"] == "R1"].iloc[0]
    assert first["text"] == DENSE[1]  # one sentence fits in 80 characters: the densest
    tiny = _whole(codings, corpus, max_words=3, max_chars=None)  # no sentence fits: the best one, never cut
    assert tiny[tiny["doc_id"] == "R1"].iloc[0]["text"] == DENSE[1]
    for row in pd.concat([trimmed, by_chars, tiny]).itertuples(index=False):
        assert texts[row.doc_id][row.start:row.end] == row.text == row.text.strip()


def test_passages_do_not_cross_turns_or_uncoded_text():
    parts = [("I", "interviewer", "Zag u busjes?"), ("R", "respondent", "Ja, busjes op de kade, elke nacht weer."),
             ("I", "interviewer", "En boten?"), ("R", "respondent", "Ook boten, heel snelle boten.")]
    text, turns = "", []
    for speaker, role, said in parts:
        text += f"{speaker}: "
        turns.append(Turn(speaker, role, len(text), len(text) + len(said)))
        text += said + "\n"
    turns = tuple(turns)
    corpus = Corpus([Transcript("R1", text, turns, {"group": "a"})])
    codings = pd.DataFrame([_coding(corpus, "R1", "Ja, busjes op de kade, elke nacht weer.", "SIG.1"),
                            _coding(corpus, "R1", "Ook boten, heel snelle boten.", "SIG.2")])
    out = _whole(codings, corpus, min_words=0)
    assert sorted(out["text"]) == ["Ja, busjes op de kade, elke nacht weer.", "Ook boten, heel snelle boten."]
    assert out["turn"].tolist() == [1, 3] and set(out["role"]) == {"respondent"}
    # a coding on the interviewer's question: outside the respondent sentences, never merged into a quote
    asked = pd.concat([codings, pd.DataFrame([_coding(corpus, "R1", "En boten?", "SIG.2")])], ignore_index=True)
    assert _whole(asked, corpus, min_words=0)["text"].tolist() == out["text"].tolist()
    everyone = _whole(asked, corpus, min_words=0, roles=None)
    assert sorted(everyone["text"]) == sorted([*out["text"], "En boten?"])
    only_asked = _whole(asked.iloc[[2]], corpus, min_words=0, roles=None)
    assert only_asked[["text", "role", "turn"]].values.tolist() == [["En boten?", "interviewer", 2]]


def test_exclude_drops_overlapping_passages_and_the_choice_is_deterministic(corpus):
    codings = _codings(corpus)
    r1 = corpus["R1"].text.index(DENSE[1])
    kept = _whole(codings, corpus, exclude=pd.DataFrame({"doc_id": ["R1"], "start": [r1], "end": [r1 + 5]}))
    assert "R1" not in set(kept["doc_id"])
    a = _whole(codings, corpus, n=3, by="group")
    b = _whole(codings.sample(frac=1, random_state=7).reset_index(drop=True), corpus, n=3, by="group")
    pd.testing.assert_frame_equal(a, b)


def test_best_window_prefers_coverage_then_human_then_earliest():
    assert best_window([5, 5, 5], [0, 10, 20], [9, 19, 29], [1, 1, 1], [0, 1, 0], max_words=5, max_chars=None) == (1, 2)
    assert best_window([5, 5], [0, 10], [9, 19], [1, 1], [0, 0], max_words=5, max_chars=None) == (0, 1)
    assert best_window([5, 5], [0, 10], [9, 19], [1, 1], [0, 0], max_words=None, max_chars=None) == (0, 2)


def test_limits_in_the_run_configuration():
    from researchkit.run import RunConfig

    config = RunConfig.from_dict({"codebook": "cb.yaml", "report": {"quote_max_words": 40, "quote_max_chars": None}})
    assert (config.report["quote_max_words"], config.report["quote_max_chars"]) == (40, None)
    assert RunConfig.from_dict({"codebook": "cb.yaml"}).report["quote_max_words"] == 60
    with pytest.raises(RunError, match=r"RK580.*report.quote_max_words must be a positive whole number"):
        RunConfig.from_dict({"codebook": "cb.yaml", "report": {"quote_max_words": 0}})


def test_a_quote_does_not_open_with_a_non_verbal_note_or_hesitation():
    passage = "(lacht) Eh... Ja, ik denk het wel. Het kan haast niet anders met zo'n open haven."
    corpus = Corpus([_doc("R1", passage, "politie"), _doc("R2", "Nee. Daar weet ik niets van.", "politie")])
    codings = pd.DataFrame([_coding(corpus, "R1", passage, "VERM"),
                            _coding(corpus, "R2", "Nee. Daar weet ik niets van.", "VERM")])
    texts = corpus.texts()
    chosen = _whole(codings, corpus, code="VERM", max_words=None, max_chars=None)
    by_doc = {row.doc_id: row for row in chosen.itertuples(index=False)}
    assert by_doc["R1"].text == "Ja, ik denk het wel. Het kan haast niet anders met zo'n open haven."
    assert by_doc["R2"].text == "Nee. Daar weet ik niets van."  # an answer is kept: it carries meaning
    for row in chosen.itertuples(index=False):
        assert texts[row.doc_id][row.start:row.end] == row.text

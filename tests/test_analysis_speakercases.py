"""Counting per speaker: focus-group participants as respondents (``frequencies(per="speaker")``).

The corpus is read from files the test writes: a focus group as a Word file (python-docx)
with a speaker-level attributes sheet, an interview as plain text and an unlabelled
monologue, with a document attributes sheet.
"""

from __future__ import annotations

import warnings

import docx
import pandas as pd
import pytest

from researchkit.analysis import AnalysisWarning, crosstab, frequencies
from researchkit.errors import AnalysisError
from researchkit.io import read_corpus

FOCUS_GROUP = [
    "Gespreksleider: Welkom allemaal. Wat zien jullie in de haven?",
    "Deelnemer 1: Ik zie vaak busjes bij de kade, 's nachts.",
    "Deelnemer 2: Wij horen verhalen over drugs in containers.",
    "Deelnemer 3: Bij ons in Lauwersoog valt weinig op.",
    "Deelnemer 4: Ik zie soms onbekende schepen aanmeren.",
    "Gespreksleider: En de samenwerking met de politie?",
    "Deelnemer 1: Die is goed, we bellen elkaar vaak.",
    "Deelnemer 3: Wij weten niet wie we moeten bellen.",
]

INTERVIEW = ("I: Wat ziet u in de haven?\n"
             "R: Ik zie busjes bij de kade, dat vind ik verdacht.\n"
             "I: En verder?\n"
             "R: Verder eigenlijk weinig bijzonders.\n")


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "transcripts"
    folder.mkdir()
    document = docx.Document()
    for line in FOCUS_GROUP:
        document.add_paragraph(line)
    document.save(folder / "F1.docx")
    (folder / "R1.txt").write_text(INTERVIEW, encoding="utf-8")
    (folder / "M1.txt").write_text("Een verslag zonder sprekers over verdachte busjes.\n", encoding="utf-8")
    (tmp_path / "attributes.csv").write_text("doc_id,group,port\nF1,gemengd,Harlingen\nR1,politie,Delfzijl\n"
                                             "M1,politie,Eemshaven\n", encoding="utf-8")
    (tmp_path / "speakers.csv").write_text(
        "doc_id,speaker,group,respondent\n"
        "F1,Deelnemer 1,politie,\nF1,Deelnemer 2,douane,\nF1,Deelnemer 3,visser,\nF1,Deelnemer 4,visser,\n",
        encoding="utf-8")
    return read_corpus(folder, attributes=tmp_path / "attributes.csv", speakers=tmp_path / "speakers.csv")


def span(corpus, doc_id: str, quote: str) -> tuple[int, int]:
    text = corpus[doc_id].text
    start = text.index(quote)
    return start, start + len(quote)


def codings_of(corpus, rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    out = []
    for doc_id, quote, code in rows:
        start, end = span(corpus, doc_id, quote)
        assert corpus[doc_id].text[start:end] == quote
        out.append({"doc_id": doc_id, "start": start, "end": end, "code": code})
    return pd.DataFrame(out)


def test_every_participant_is_a_respondent_with_the_speaker_sheets_group(corpus):
    roles = {t.speaker: t.role for t in corpus["F1"].turns}
    assert roles == {"Gespreksleider": "interviewer", "Deelnemer 1": "respondent", "Deelnemer 2": "respondent",
                     "Deelnemer 3": "respondent", "Deelnemer 4": "respondent"}
    codings = codings_of(corpus, [
        ("F1", "busjes bij de kade, 's nachts", "SIG"),
        ("F1", "drugs in containers", "SIG"),
        ("F1", "onbekende schepen aanmeren", "SIG"),
        ("F1", "we bellen elkaar vaak", "SAM"),
        ("R1", "busjes bij de kade, dat vind ik verdacht", "SIG"),
    ])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every coding lies on a respondent's turn: nothing to warn about
        freq = frequencies(codings, corpus, by="group", per="speaker")
    sig = freq[freq["code"] == "SIG"].set_index("group")
    # participants: politie = Deelnemer 1 + the interview R1 + the monologue M1 (its document's group)
    assert sig.loc["politie", ["respondents", "n_respondents"]].tolist() == [2, 3]
    assert sig.loc["douane", ["respondents", "n_respondents"]].tolist() == [1, 1]
    assert sig.loc["visser", ["respondents", "n_respondents"]].tolist() == [1, 2]
    assert "gemengd" not in sig.index  # the focus group's document group is nobody's: each participant has their own
    assert sig["codings"].sum() == 4 and sig.loc["politie", "documents"] == 2
    # per document the focus group is one respondent of the group "gemengd"
    per_doc = frequencies(codings, corpus, by="group")
    assert per_doc[per_doc["code"] == "SIG"].set_index("group")["respondents"].to_dict() == {"gemengd": 1, "politie": 1}


def test_a_coding_over_question_and_answer_is_the_answers(corpus):
    text = corpus["F1"].text
    start = text.index("En de samenwerking")
    end = text.index("elkaar vaak") + len("elkaar vaak")
    codings = pd.DataFrame({"doc_id": ["F1"], "start": [start], "end": [end], "code": ["SAM"]})
    freq = frequencies(codings, corpus, by="group", per="speaker")
    assert freq.set_index("group").loc["politie", "respondents"] == 1  # Deelnemer 1 answered
    assert freq["respondents"].sum() == 1


def test_a_coding_on_the_moderator_only_is_listed_and_warned_not_dropped_silently(corpus):
    codings = codings_of(corpus, [("F1", "Wat zien jullie in de haven?", "SIG"), ("F1", "drugs in containers", "SIG")])
    with pytest.warns(AnalysisWarning, match=r"1 coding\(s\) lie on no respondent's turn .*F1: 1"):
        freq = frequencies(codings, corpus, per="speaker")
    assert freq.loc[0, ["codings", "respondents", "n_respondents"]].tolist() == [1, 1, 6]
    [(doc_id, start, end, code)] = freq.attrs["unattributed"]
    assert (doc_id, code) == ("F1", "SIG")
    assert corpus["F1"].text[start:end] == "Wat zien jullie in de haven?"
    pd.concat([freq, freq])  # pandas compares the attrs of what it joins: they must stay comparable


def test_the_speaker_sheets_respondent_joins_one_person_across_documents(tmp_path):
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "F1.txt").write_text("Moderator: Vraag?\nP1: Busjes bij de kade.\nP2: Niets gezien.\n", encoding="utf-8")
    (folder / "F2.txt").write_text("Moderator: Vraag?\nP1: Weer busjes bij de kade.\nP2: Ook niets.\n", encoding="utf-8")
    (tmp_path / "speakers.csv").write_text("doc_id,speaker,respondent\nF1,P1,anna\nF2,P2,anna\n", encoding="utf-8")
    corpus = read_corpus(folder, speakers=tmp_path / "speakers.csv")
    codings = codings_of(corpus, [("F1", "Busjes bij de kade", "SIG"), ("F2", "Ook niets", "SIG"),
                                  ("F2", "Weer busjes bij de kade", "SIG")])
    freq = frequencies(codings, corpus, per="speaker")
    # anna (F1 P1 = F2 P2), F1: P2, F2: P1 -> three people, two of whom mention SIG
    assert freq.loc[0, ["codings", "documents", "respondents", "n_respondents"]].tolist() == [3, 2, 2, 3]


def test_crosstab_per_speaker(corpus):
    codings = codings_of(corpus, [("F1", "Bij ons in Lauwersoog valt weinig op", "SIG"), ("F1", "drugs in containers", "SIG")])
    table = crosstab(codings, corpus, by="group", value="label", per="speaker")
    assert table.loc["SIG"].to_dict() == {"douane": "1/1 (100%)", "politie": "0/3 (0%)", "visser": "1/2 (50%)",
                                          "total": "2/6 (33%)"}


def test_a_column_neither_sheet_has_names_both_lists(corpus):
    codings = codings_of(corpus, [("F1", "drugs in containers", "SIG")])
    with pytest.raises(AnalysisError, match=r"RK501.*'rang'.*document attribute.*port.*speaker attribute.*group") as info:
        frequencies(codings, corpus, by="rang", per="speaker")
    assert "speakers=" in info.value.hint


def test_a_speaker_attribute_the_sheet_leaves_empty_falls_back_to_the_document(corpus):
    codings = codings_of(corpus, [("F1", "drugs in containers", "SIG")])
    freq = frequencies(codings, corpus, by="port", per="speaker")  # port is a document attribute only
    assert freq.set_index("port")["n_respondents"].to_dict() == {"Delfzijl": 1, "Eemshaven": 1, "Harlingen": 4}


def test_unknown_per_is_refused(corpus):
    with pytest.raises(AnalysisError, match="RK504.*per='turn'"):
        frequencies(pd.DataFrame(columns=["doc_id", "start", "end", "code"]), corpus, per="turn")

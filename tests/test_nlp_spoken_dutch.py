"""Spoken and Flemish Dutch in the lemmatizer, and what it means for auto-coding.

Real transcripts write speech as it sounds ("ik weet het nie", "met mekaar"); simplemma
writes separable verbs with an underscore ("ingezet" -> "in_zetten"). Both made keywords miss.
"""

from __future__ import annotations

import pytest

from researchkit.autocode import autocode
from researchkit.codebook import Codebook
from researchkit.nlp import SPOKEN_FORMS, get_pipeline, lemmatizer_for
from researchkit.transcripts import Corpus, Transcript, Turn


def _respondent(text: str) -> Corpus:
    prefix = "R: "
    return Corpus([Transcript("D", prefix + text, (Turn("R", "respondent", len(prefix), len(prefix) + len(text)),))])


@pytest.mark.parametrize(
    ("form", "lemma"),
    [("ingezet", "inzetten"), ("uitgevoerd", "uitvoeren"), ("aangelegd", "aanleggen"), ("weggehaald", "weghalen"),
     ("ingevoerd", "invoeren")],
)
def test_separable_verb_lemmas_have_no_underscore(form: str, lemma: str) -> None:
    assert lemmatizer_for("nl").lemma_of(form) == lemma


@pytest.mark.parametrize(
    ("form", "lemma"),
    [("nie", "niet"), ("Nie", "niet"), ("mekaar", "elkaar"), ("effe", "even"), ("tuurlijk", "natuurlijk"),
     ("\u2019ns", "eens"), ("'ns", "eens")],
)
def test_spoken_forms_get_the_written_lemma(form: str, lemma: str) -> None:
    assert lemmatizer_for("nl").lemma_of(form) == lemma


def test_spoken_contractions_in_a_sentence_of_real_speech() -> None:
    doc = get_pipeline("nl")("Ja, ie zei dat 't d'r nie was, zo'n bootje van m'n collega's.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["ie"] == "hij" and lemmas["'t"] == "het" and lemmas["d'r"] == "er" and lemmas["nie"] == "niet"
    assert lemmas["bootje"] == "boot" and lemmas["m'n"] == "mijn" and lemmas["collega's"] == "collega"
    assert "".join(t.text_with_ws for t in doc) == doc.text  # no character lost or added


def test_other_languages_are_untouched() -> None:
    assert "en" not in SPOKEN_FORMS
    assert lemmatizer_for("en").lemma_of("da") == "da"


def test_keyword_matches_separable_verb_participle() -> None:
    book = Codebook.from_dict({"codes": [{"id": "INZ", "name": "inzet", "keywords": ["inzetten"]}]})
    df = autocode(_respondent("We hebben daar extra mensen ingezet. Verder niks."), book)
    assert df["text"].tolist() == ["We hebben daar extra mensen ingezet."]
    assert df["evidence"].tolist() == ["ingezet"]


def test_flemish_nie_negates_like_niet() -> None:
    book = Codebook.from_dict({"codes": [{"id": "S", "name": "s", "keywords": ["signaal"], "negation": True}]})
    df = autocode(_respondent("Ik heb nie echt signalen gezien. Ik heb wel signalen gehad."), book)
    assert df["text"].tolist() == ["Ik heb wel signalen gehad."]


def test_spoken_phrase_keyword_with_mekaar() -> None:
    book = Codebook.from_dict({"codes": [{"id": "SAM", "name": "samen", "keywords": ["met elkaar"]}]})
    df = autocode(_respondent("We praten wel met mekaar. Soms."), book)
    assert df["text"].tolist() == ["We praten wel met mekaar."]

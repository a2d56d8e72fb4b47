"""Dutch apostrophe plurals, diminutives and person nouns ("pv's", "sms'jes", "KMar'ers").

Dutch writes the plural and derivations of an abbreviation (or of a word ending in a vowel)
with an apostrophe. The lemmatizer left "pv's" and "KMar'ers" as they were, so the keywords
``pv`` and ``kmar`` (the demo codebook's ACT.KMAR) missed them; and Word's curly apostrophe
("KMar\u2019ers", "z\u2019n") was split into three tokens by spaCy's Dutch tokenizer.
"""

from __future__ import annotations

import pytest

from researchkit.autocode import autocode
from researchkit.autocode.forms import apostrophe_base
from researchkit.codebook import Codebook
from researchkit.nlp import get_pipeline, lemmatizer_for
from researchkit.transcripts import Corpus, Transcript, Turn

CURLY = "\u2019"


def _respondent(text: str) -> tuple[Corpus, str]:
    prefix = "R: "
    full = prefix + text
    return Corpus([Transcript("D", full, (Turn("R", "respondent", len(prefix), len(full)),))]), full


def _book(**keywords: list[str]) -> Codebook:
    return Codebook.from_dict({"codes": [{"id": cid, "name": cid.lower(), "keywords": kws}
                                         for cid, kws in keywords.items()]})


@pytest.mark.parametrize(
    ("form", "lemma"),
    [("pv's", "pv"), ("BOA's", "boa"), ("sms'jes", "sms"), ("taxi's", "taxi"), ("cd's", "cd"),
     ("NGO's", "ngo"), ("pv'tjes", "pv"), ("auto'tje", "auto"), ("pv" + CURLY + "s", "pv"),
     ("KMar'ers", "KMar'er"), ("KMar'er", "KMar'er"), ("FIOD'ers", "FIOD'er"), ("RIEC" + CURLY + "ers", "RIEC'er")],
)
def test_apostrophe_plurals_diminutives_and_person_nouns(form: str, lemma: str) -> None:
    assert lemmatizer_for("nl").lemma_of(form) == lemma


@pytest.mark.parametrize(
    ("form", "lemma"),
    [("'t", "het"), ("z'n", "zijn"), ("m'n", "mijn"), ("d'r", "er"), ("z" + CURLY + "n", "zijn"),
     ("m" + CURLY + "n", "mijn"), ("d" + CURLY + "r", "er"), ("'s", "de")],
)
def test_spoken_apostrophe_forms_keep_their_lemma(form: str, lemma: str) -> None:
    assert lemmatizer_for("nl").lemma_of(form) == lemma


def test_curly_apostrophe_stays_inside_the_dutch_word() -> None:
    text = f"De KMar{CURLY}ers zagen z{CURLY}n pv{CURLY}s, {CURLY}s avonds, d{CURLY}r in {CURLY}t kantoor."
    doc = get_pipeline("nl")(text)
    words = [t.text for t in doc]
    assert f"KMar{CURLY}ers" in words and f"z{CURLY}n" in words and f"pv{CURLY}s" in words and f"d{CURLY}r" in words
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas[f"KMar{CURLY}ers"] == "KMar'er" and lemmas[f"z{CURLY}n"] == "zijn" and lemmas[f"pv{CURLY}s"] == "pv"
    assert lemmas[f"{CURLY}s"] in {"de", "het"} and lemmas["avonds"] == "avond"
    assert "".join(t.text_with_ws for t in doc) == text  # the text as typed, nothing lost


def test_english_is_unaffected() -> None:
    doc = get_pipeline("en")(f"John's car and John{CURLY}s boat; the NGO's staff.")
    assert [t.text for t in doc][:2] == ["John", "'s"]
    assert [t.text for t in doc][4:6] == ["John", f"{CURLY}s"]
    english = lemmatizer_for("en")  # the Dutch rules and the curly-apostrophe reading are Dutch only
    assert english.lemma_of("FIOD'ers") == "FIOD'ers" and english.lemma_of("sms'jes") == "sms'jes"
    assert english.lemma_of(f"z{CURLY}n") == f"z{CURLY}n"


def test_apostrophe_base() -> None:
    assert apostrophe_base("KMar'ers") == "kmar" and apostrophe_base(f"ISPS{CURLY}er") == "isps"
    assert apostrophe_base("pv's") is None and apostrophe_base("'ers") is None and apostrophe_base("bakkers") is None


@pytest.mark.parametrize("apostrophe", ["'", CURLY])
def test_keywords_find_apostrophe_forms_with_exact_offsets(apostrophe: str) -> None:
    text = (f"De KMar{apostrophe}ers waren er. Er lagen drie pv{apostrophe}s klaar. "
            f"Een bakker kwam langs. De KMar zelf niet.")
    corpus, full = _respondent(text)
    book = _book(KMAR=["marechaussee", "kmar"], STAR=["kmar*"], PERS=["kmar'er"], PV=["pv"])
    df = autocode(corpus, book)
    got = {(row.code, full[row.start:row.end]) for row in df.itertuples()}
    assert got == {
        ("KMAR", f"De KMar{apostrophe}ers waren er."), ("KMAR", "De KMar zelf niet."),
        ("STAR", f"De KMar{apostrophe}ers waren er."), ("STAR", "De KMar zelf niet."),
        ("PERS", f"De KMar{apostrophe}ers waren er."),
        ("PV", f"Er lagen drie pv{apostrophe}s klaar."),
    }
    for row in df.itertuples():
        assert row.text == full[row.start:row.end]
    evidence = dict(zip(df["code"] + df["text"], df["evidence"]))
    assert evidence[f"PVEr lagen drie pv{apostrophe}s klaar."] == f"pv{apostrophe}s"


@pytest.mark.parametrize("apostrophe", ["'", CURLY])
def test_phrases_find_a_person_noun_by_its_base(apostrophe: str) -> None:
    """A phrase keyword (``kmar controles``) found "KMar controles" but not "KMar'ers controles":
    only single keywords looked at the base of a person noun. A person noun fills a phrase word
    by its base wherever it stands in the phrase, as anchor or around it, and as a prefix word."""
    text = (f"De KMar{apostrophe}ers controles zijn streng. Controles door KMar{apostrophe}ers ook. "
            f"De KMar controles ook. Bakkers controles niet.")
    corpus, full = _respondent(text)
    book = _book(FRONT=["kmar controles"], BACK=["controles door kmar"], PREF=["kma* controles"],
                 BOTH=["kmar'er controles"])
    got = {(row.code, full[row.start:row.end]) for row in autocode(corpus, book).itertuples()}
    assert got == {
        ("FRONT", f"De KMar{apostrophe}ers controles zijn streng."), ("FRONT", "De KMar controles ook."),
        ("BACK", f"Controles door KMar{apostrophe}ers ook."),
        ("PREF", f"De KMar{apostrophe}ers controles zijn streng."), ("PREF", "De KMar controles ook."),
        ("BOTH", f"De KMar{apostrophe}ers controles zijn streng."),
    }


def test_curly_keyword_matches_straight_text() -> None:
    corpus, _ = _respondent("Twee RIEC'ers belden.")
    df = autocode(corpus, _book(R=[f"riec{CURLY}er"]))
    assert df["text"].tolist() == ["Twee RIEC'ers belden."]



def test_a_long_token_with_apostrophes_is_read_in_linear_time() -> None:
    """The apostrophe rules split at the last apostrophe. The first version used a regex with two
    free runs: a word of 40,000 letters took 10 s, one of 400,000 would take about 17 minutes
    (so this test would not finish); now both are immediate."""
    from researchkit.autocode.forms import apostrophe_base
    from researchkit.nlp import get_pipeline

    word = "a" * 200_000 + "'" + "b" * 200_000
    assert apostrophe_base(word) is None and apostrophe_base(word + "'ers") == "a" * 200_000 + "b" * 200_000
    doc = get_pipeline("nl")(word + "'s")
    assert [(token.text, token.lemma_) for token in doc] == [(word + "'s", word)]  # a plural of the word before it

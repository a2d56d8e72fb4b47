"""Tests for researchkit.nlp: pipeline construction, caching, languages, errors."""

from __future__ import annotations

import pytest

from researchkit.errors import LanguageError
from researchkit.nlp import LINE_BREAK_COMPONENT, get_pipeline, pipeline_info, supported_languages


def test_dutch_lookup_lemmas_load_offline():
    nlp = get_pipeline("nl")
    doc = nlp("Vermoedens over containers, hij zag verdachte schepen.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["Vermoedens"] == "vermoeden"
    assert lemmas["containers"] == "container"
    assert lemmas["zag"] == "zien"


def test_english_lookup_lemmas_load_offline():
    doc = get_pipeline("en")("The suspicions were running")
    assert [t.lemma_ for t in doc][1:] == ["suspicion", "be", "run"]


def test_pipeline_is_cached_and_has_components():
    nlp = get_pipeline("nl")
    assert get_pipeline("nl") is nlp
    assert get_pipeline(" NL ") is nlp
    assert pipeline_info(nlp)["components"] == ["lemmatizer", LINE_BREAK_COMPONENT, "sentencizer"]


def test_sentences_and_line_breaks():
    doc = get_pipeline("nl")("Ja, maar --\nEn dan. Wat? Nee.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents == ["Ja, maar --", "En dan.", "Wat?", "Nee."]


def test_unknown_language_lists_supported():
    with pytest.raises(LanguageError) as info:
        get_pipeline("xx")
    err = info.value
    assert err.code == "RK201"
    assert "'xx'" in str(err)
    for lang in ("nl", "en", "de"):
        assert lang in err.hint
    assert "nl" in supported_languages() and "en" in supported_languages()


@pytest.mark.parametrize("bad", ["", "  ", None])
def test_empty_language_rejected(bad):
    with pytest.raises(LanguageError) as info:
        get_pipeline(bad)  # type: ignore[arg-type]
    assert info.value.code == "RK201"


def test_missing_trained_model_is_clear():
    with pytest.raises(LanguageError) as info:
        get_pipeline("nl", model="nl_core_news_definitely_not_installed")
    assert info.value.code == "RK202"
    assert "not installed" in str(info.value)
    assert "model=None" in str(info.value)


def test_saved_pipeline_folder_is_used(tmp_path):
    import spacy

    trained = spacy.blank("nl")
    trained.add_pipe("lemmatizer", config={"mode": "lookup"})
    trained.initialize()
    trained.to_disk(tmp_path / "my_pipeline")
    nlp = get_pipeline("nl", model=str(tmp_path / "my_pipeline"))
    assert nlp is not get_pipeline("nl")
    assert "sentencizer" in nlp.pipe_names and LINE_BREAK_COMPONENT in nlp.pipe_names
    assert [s.text.strip() for s in nlp("Ja.\nNee hoor").sents if s.text.strip()] == ["Ja.", "Nee hoor"]
    with pytest.raises(LanguageError) as info:
        get_pipeline("en", model=str(tmp_path / "my_pipeline"))
    assert info.value.code == "RK201" and "'nl'" in str(info.value)


# -- the word-form lemmatizer (issue 19) --------------------------------------------------------

from researchkit.nlp import DEFAULT_LEMMATIZER, FormLemmatizer, lemmatizer_for  # noqa: E402


@pytest.mark.parametrize("form, lemma", [
    # plurals the spaCy lookup table leaves as they are (docs/codebook.md used to warn about them)
    ("havens", "haven"), ("vlekken", "vlek"), ("boten", "boot"), ("zeehavens", "zeehaven"),
    # forms both know
    ("signalen", "signaal"), ("containers", "container"), ("gebeld", "bellen"), ("Vermoedens", "vermoeden"),
    # inflected adjectives and compound plurals, found by simplemma
    ("openbare", "openbaar"), ("containerschepen", "containerschip"), ("vissersboten", "vissersboot"),
    ("meldingen", "melding"), ("smokkelroutes", "smokkelroute"),
])
def test_dutch_default_lemmas_that_matter_to_the_demo_codebook(form, lemma):
    assert DEFAULT_LEMMATIZER["nl"] == "lookup+simplemma"
    assert lemmatizer_for("nl").lemma_of(form).lower() == lemma
    assert get_pipeline("nl")(form)[0].lemma_.lower() == lemma


def test_lookup_alone_leaves_unknown_plurals_and_retries_lower_case():
    lookup = lemmatizer_for("nl", "lookup")
    assert lookup.lemma_of("havens") == "havens" and lookup.lemma_of("vlekken") == "vlekken"
    assert lookup.lemma_of("Signalen").lower() == "signaal"  # found through the lower-case retry
    assert lemmatizer_for("nl", "simplemma").lemma_of("havens") == "haven"


@pytest.mark.parametrize("lang, form, lemma", [
    ("en", "harbours", "harbour"), ("en", "suspicions", "suspicion"), ("de", "Häfen", "Hafen"),
])
def test_other_languages_use_the_combination(lang, form, lemma):
    assert {DEFAULT_LEMMATIZER[x] for x in ("en", "de", "fr", "es")} == {"lookup+simplemma"}
    assert get_pipeline(lang)(form)[0].lemma_ == lemma


@pytest.mark.parametrize("form, lemma", [
    ("ports", "port"), ("navires", "navire"), ("douaniers", "douanier"), ("soupçons", "soupçon"),
    ("pêcheurs", "pêcheur"), ("chevaux", "cheval"), ("étaient", "être"), ("trafiquants", "trafiquant"),
])
def test_french_lemmas(form, lemma):
    assert get_pipeline("fr")(form)[0].lemma_ == lemma


@pytest.mark.parametrize("form, lemma", [
    ("puertos", "puerto"), ("buques", "buque"), ("pescadores", "pescador"), ("traficantes", "traficante"),
    ("incautaciones", "incautación"), ("eran", "ser"), ("fueron", "ser"),
])
def test_spanish_lemmas(form, lemma):
    assert get_pipeline("es")(form)[0].lemma_ == lemma


@pytest.mark.parametrize("lang, text, forms", [
    ("fr", "Les douaniers contrôlent les navires au port.", {"douaniers": "douanier", "navires": "navire"}),
    ("es", "Los pescadores vieron buques en el puerto.", {"pescadores": "pescador", "buques": "buque"}),
])
def test_french_and_spanish_lemmas_in_a_sentence_keep_offsets(lang, text, forms):
    doc = get_pipeline(lang)(text)
    assert all(text[t.idx:t.idx + len(t.text)] == t.text for t in doc)
    assert {t.text: t.lemma_ for t in doc if t.text in forms} == forms


def test_lemmatizer_choice_and_errors():
    assert get_pipeline("nl", lemmatizer="lookup") is not get_pipeline("nl")
    assert pipeline_info(get_pipeline("nl", lemmatizer="lookup"))["lemmatizer"] == "lookup"
    assert pipeline_info(get_pipeline("nl"))["lemmatizer"] == "lookup+simplemma"
    with pytest.raises(LanguageError, match="RK201.*lemmatizer 'wordnet' is not known"):
        get_pipeline("nl", lemmatizer="wordnet")
    with pytest.raises(LanguageError, match="simplemma lemmatizer is not available for 'ca'"):
        get_pipeline("ca", lemmatizer="simplemma")
    assert pipeline_info(get_pipeline("ca"))["lemmatizer"] == "lookup"  # no simplemma default there


def test_form_lemmatizer_keeps_offsets_and_text():
    nlp = get_pipeline("nl")
    text = "De havens, vlekken en boten – 's nachts."
    doc = nlp(text)
    assert doc.text == text and all(text[t.idx:t.idx + len(t.text)] == t.text for t in doc)
    lem = FormLemmatizer("nl", "lookup+simplemma", {"havens": "haventje"})
    assert lem.lemma_of("havens") == "haventje"  # the table wins when it knows the word
    assert lem.lemma_of("...") == "..." and lem.lemma_of("2024") == "2024"

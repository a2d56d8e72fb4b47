"""Guessing a text's language from spaCy's stop-word lists (researchkit.language)."""

from __future__ import annotations

import pytest

from researchkit.language import MIN_HITS, guess_language


@pytest.mark.parametrize("text, language", [
    ("Wij hebben de douane gebeld, maar die kwam pas de volgende dag. Het was al laat.", "nl"),
    ("We called customs, but they only came the next day. It was already late.", "en"),
    ("Wir haben den Zoll angerufen, aber er kam erst am nächsten Tag. Es war schon spät.", "de"),
    ("Policie nám neřekla nic o tom, co se děje v přístavu, a my jsme to neviděli.", "cs"),
    ("Senkit nem lehet kötelezni oltásra, ez az én döntésem, és nem az övé, akkor sem.", "hu"),
])
def test_a_few_sentences_are_enough(text, language):
    assert guess_language([text]).language == language


def test_names_alone_and_time_stamps_give_no_guess():
    assert guess_language(["Harlingen Lauwersoog Delfzijl"]).language is None
    assert guess_language(["2021-11-21T03:51Z 2021-11-22T04:12Z 2021-11-23T05:33Z"] * 5).words == 0


def test_words_many_languages_list_weigh_little():
    # "de" and "in" are stop words of many languages: a text of them alone names none
    guess = guess_language(["de in de in de in de in"])
    assert guess.language is None and all(weight < MIN_HITS for _, weight in guess.hits)


def test_the_guess_says_what_it_rests_on():
    text = "Wij hebben de douane gebeld, maar die kwam pas de volgende dag."
    assert guess_language([text]).describe().startswith("'nl' (stop words weighing")
    assert guess_language(["Harlingen"]).describe().startswith("undetermined (1 words")

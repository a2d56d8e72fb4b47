"""The privacy key and Dutch names: every way a transcript writes a person in the key is pseudonymised, and the
titles and functions written with a name are not (they are not the person). Table-driven: one row per case."""

from __future__ import annotations

import pytest

from researchkit.personnames import PARTICLES
from researchkit.privacy.key import PrivacyKey
from researchkit.privacy.nameforms import KEY_PARTICLES, name_parts

KEY = PrivacyKey([
    {"term": "Gerrit van der Berg", "pseudonym": "[P1]"},
    {"term": "Anton van 't Hof", "pseudonym": "[P2]"},
    {"term": "Marieke Jansen-de Vries", "pseudonym": "[P3]"},
    {"term": "Marcel d'Ancona", "pseudonym": "[P4]"},
    {"term": "Ann de Wit", "pseudonym": "[P5]"},
    {"term": "Sophie in 't Veld", "pseudonym": "[P6]"},
    {"term": "Pieter Van Den Broeck", "pseudonym": "[P7]"},
    {"term": "mr. drs. Eva Visser", "pseudonym": "[P8]"},
    {"term": "Burgemeester Hoekstra", "pseudonym": "[P9]"},
])

#: text as written | the pseudonym that must replace the name | what must be gone.
FOUND = [
    ("v.d. Berg zei het al", "[P1]", "Berg"), ("V.d. Berg zei het al", "[P1]", "Berg"), ("vd Berg zei", "[P1]", "Berg"),
    ("VAN DER BERG zei", "[P1]", "BERG"), ("De heer Van der Berg", "[P1]", "Berg"),
    ("Van ’t Hof belde", "[P2]", "Hof"), ("A. van 't Hof belde", "[P2]", "Hof"),
    ("mevrouw Jansen belde", "[P3]", "Jansen"), ("Jansen-De Vries belde", "[P3]", "Jansen"), ("mevrouw De Vries", "[P3]", "Vries"),
    ("D'Ancona belde", "[P4]", "Ancona"), ("D’Ancona belde", "[P4]", "Ancona"), ("Ancona belde", "[P4]", "Ancona"),
    ("DE WIT vroeg", "[P5]", "WIT"), ("Mevr. De Wit vroeg", "[P5]", "Wit"),
    ("In ’t Veld zei", "[P6]", "Veld"), ("Van den Broeck zei", "[P7]", "Broeck"), ("Mr. Visser zei", "[P8]", "Visser"),
    ("Hoekstra zei", "[P9]", "Hoekstra"),
]


@pytest.mark.parametrize("text, pseudonym, gone", FOUND, ids=[row[0] for row in FOUND])
def test_dutch_name_forms_are_pseudonymised(text, pseudonym, gone):
    out = KEY.pseudonymise(text)
    assert pseudonym in out and gone not in out, out


#: titles, degrees and functions written in a key term are not names: the text keeps them.
KEPT = ["de mr. en drs. titels", "de burgemeester van Harlingen", "Dr. Bakker en Ir. Smit", "Prof. Zijlstra"]


@pytest.mark.parametrize("text", KEPT)
def test_titles_and_functions_in_a_key_term_are_not_pseudonymised(text):
    assert KEY.pseudonymise(text) == text


def test_key_and_labels_share_the_particles():
    assert KEY_PARTICLES == PARTICLES
    assert "Jansen-de" not in name_parts("Marieke Jansen-de Vries")
    assert {"mr.", "drs.", "Burgemeester"}.isdisjoint(name_parts("mr. drs. Eva Visser") + name_parts("Burgemeester Hoekstra"))

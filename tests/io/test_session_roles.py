"""Role words of a recorded session: therapist and client, doctor and patient, teacher and pupil, counsellor, nurse, coach.

In a file without an interviewer label the professional (``Therapeut``, ``Arts``, ``Docent``, ``Counsellor``,
``Lehrerin``, ``Médecin``) asks and the client, patient or pupil answers; beside ``Interviewer:`` the professional
is the one interviewed. Text files and Word files written by python-docx, in nl, en, de and fr.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from researchkit.io import read_transcript
from researchkit.io.roles import LabelMap, professional_askers
from researchkit.io.speakers import match_label


def _write(folder: Path, name: str, lines: list[str]) -> Path:
    path = folder / name
    if path.suffix == ".docx":
        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        document.save(path)
    else:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


PAIRS = [
    ("Therapeut", "Cliënt"), ("Arts", "Patiënt"), ("Docent", "Leerling"), ("Huisarts", "Patiënte"),
    ("Verpleegkundige", "Patiënt"), ("Coach", "Coachee"), ("Therapist", "Client"), ("Doctor", "Patient"),
    ("Teacher", "Student"), ("Counsellor", "Counselee"), ("Nurse", "Patient"), ("Therapeutin", "Klientin"),
    ("Lehrerin", "Schüler"), ("Ärztin", "Patientin"), ("Berater", "Ratsuchende"), ("Médecin", "Patiente"),
    ("Enseignante", "Élève"), ("Thérapeute", "Cliente"), ("Infirmière", "Patient"),
]


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
@pytest.mark.parametrize("asker, answerer", PAIRS)
def test_the_professional_asks_and_the_client_answers(tmp_path, suffix, asker, answerer):
    lines = [f"{asker}: Hoe gaat het?", f"{answerer} 1: Goed.", f"{asker}: En thuis?", f"{answerer} 1: Minder."]
    t = read_transcript(_write(tmp_path, "sessie" + suffix, lines))
    assert [(x.speaker, x.role) for x in t.turns] == [(asker, "interviewer"), (f"{answerer} 1", "respondent")] * 2
    assert [t.text[x.start : x.end] for x in t.turns] == ["Hoe gaat het?", "Goed.", "En thuis?", "Minder."]


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_beside_an_interviewer_the_professional_is_interviewed(tmp_path, suffix):
    lines = ["Interviewer: Hoe lang geeft u les?", "Docent: Twintig jaar.", "Interviewer: En de klas?", "Docent: Druk.",
             "Leerling: Niet waar!"]
    t = read_transcript(_write(tmp_path, "interview" + suffix, lines))
    assert [x.role for x in t.turns] == ["interviewer", "respondent", "interviewer", "respondent", "respondent"]


def test_a_name_beside_the_professional_is_a_respondent_and_the_users_map_wins(tmp_path):
    lines = ["Arts: Waar doet het pijn?", "Patiënt: Hier.", "Arts: Sinds wanneer?", "Marie Jansen: Sinds gisteren.",
             "Patiënt: Ja.", "Marie Jansen: Echt waar."]
    path = _write(tmp_path, "consult.txt", lines)
    t = read_transcript(path)
    assert {x.speaker: x.role for x in t.turns} == {"Arts": "interviewer", "Patiënt": "respondent",
                                                    "Marie Jansen": "respondent"}
    mapped = read_transcript(path, labels={"Marie Jansen": "interviewer"})
    assert {x.speaker: x.role for x in mapped.turns}["Arts"] == "respondent"


def test_session_words_are_labels_but_words_in_speech_are_not():
    assert match_label("Therapeut: Hoe gaat het?").evidence == "known"
    assert match_label("Leerling: Ja.").evidence == "known"
    assert match_label("De arts zei: rust maar.") is None
    assert professional_askers({"Therapeut", "Jan"}, LabelMap()) == {"Therapeut"}
    assert professional_askers({"I", "Therapeut"}, LabelMap()) == frozenset()
    assert LabelMap().role("Cliënt") == "respondent" and LabelMap().known("Therapeut") is None

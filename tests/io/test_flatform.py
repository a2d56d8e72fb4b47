"""An interview form flattened into key and value lines (``io/flatform.py``) and the interviewer beside the respondent
it names (``io/namedrespondent.py``); a fixture of our own in the layout of a student's interview appendix."""

from __future__ import annotations

from pathlib import Path

from researchkit.io import read_transcript

APPENDIX = """Bijlage 3. Voor het interview is een topiclijst gebruikt. Formulier persoonsgegevens Naam
Lotte
Naam geïnterviewde
Ruben
Datum interview
4 maart 2019
Plaats interview
Bij respondent thuis
Begintijd interview
14:05 u
Leeftijd
31 jaar
Observatieaantekeningen. Geen storingen tijdens het gesprek.
Lotte: Fijn dat je mee wilt doen. Hoe lang woon je hier al? Ruben: Sinds 2010. Lotte: En bevalt het? Ruben: Heel goed, het is rustig. Lotte: Waar werk je? Ruben: In de haven. Lotte: Al lang? Ruben: Tien jaar. Lotte: Mooi. Ruben: Ja, het is mooi werk.
"""


def _read(tmp_path: Path, text: str):
    path = tmp_path / "bijlage3.txt"
    path.write_text(text, encoding="utf-8")
    return read_transcript(path)


def test_form_fields_are_attributes_and_the_other_speaker_interviews(tmp_path):
    t = _read(tmp_path, APPENDIX)
    assert {k: t.attributes[k] for k in ("naam_geïnterviewde", "datum_interview", "plaats_interview",
                                         "begintijd_interview", "leeftijd")} == {
        "naam_geïnterviewde": "Ruben", "datum_interview": "4 maart 2019", "plaats_interview": "Bij respondent thuis",
        "begintijd_interview": "14:05 u", "leeftijd": "31 jaar"}
    assert "Naam geïnterviewde\nRuben\nDatum interview" in t.text  # the lines stay in the text
    roles = {turn.speaker: turn.role for turn in t.turns if turn.speaker}
    assert roles == {"Lotte": "interviewer", "Ruben": "respondent"}
    assert any("field(s) of a form flattened into lines" in n for n in t.notes)
    assert any("the attributes name the respondent 'Ruben'" in n for n in t.notes)


def test_label_lines_above_speech_are_no_form(tmp_path):
    text = ("Interviewer\nGoedemiddag.\nRespondent 1\nDag.\nRespondent 2\nHallo.\n"
            "Interviewer: Wie begint? Respondent 1: Ik.\n")
    t = _read(tmp_path, text)
    assert not any("form flattened" in n for n in t.notes)
    assert "interviewer" not in t.attributes and "respondent_1" not in t.attributes


def test_respondent_named_but_three_speakers_no_guess(tmp_path):
    text = APPENDIX.replace("Ruben: Tien jaar.", "Mila: Tien jaar. Ruben: Twaalf. Mila: Echt? Ruben: Ja. Mila: Oké.")
    t = _read(tmp_path, text)
    assert not any("the attributes name the respondent" in n for n in t.notes)

"""Dutch transcripts in the layouts real files have (sweep of December 2026), each with a fixture of the project's own.

- aTrain (faster-whisper and pyannote, used by Dutch and Flemish researchers): its text exports as
  ``aTrain_core/outputs.py`` writes them (JuergenFleiss/atrain_core): a ``Transcription for <id>`` line, the
  diarizer's ``SPEAKER_00`` alone on a line above the speaker's segments, each segment ``[00:00:04] - text``
  (``transcription_timestamps.txt``), without times (``transcription.txt``), or a turn's segments on one line
  (``transcription_maxqda.txt``); ``Speaker undefined`` for a segment without a speaker;
- a Dutch student interview form in Word (two Inholland interviews published on adoc.pub): a two-column table
  ``Naam interviewer`` / ``Naam respondent`` / ``Pseudoniem respondent`` / ``Datum interview`` above ``Luci:``
  label lines, the speech below them;
- a Handelingen item of the Tweede Kamer (h-tk-20222023-96-5): ``Voorzitter: Bergkamp`` under the item's title
  names who presides, ``De voorzitter:`` gives the floor twice, ``Mevrouw Michon-Derkzen (VVD):`` speaks once in the
  excerpt.
"""

from __future__ import annotations

from pathlib import Path

import docx

from researchkit.io import read_transcript
from researchkit.io.interviewers import interviewer_names, is_interviewer_key, person_names

SEGMENTS = [("SPEAKER_00", 0, "Goedemiddag, fijn dat u tijd heeft."), ("SPEAKER_00", 4, "Hoe lang werkt u al bij de zeehavenpolitie?"),
            ("SPEAKER_01", 9, "Eh, twaalf jaar nu, ongeveer."), ("SPEAKER_01", 12, "Daarvoor zat ik bij de recherche."),
            ("SPEAKER_00", 20, "En wat ziet u 's nachts op de terminals?"), ("SPEAKER_01", 25, "Niet veel. (lacht)"),
            ("SPEAKER_00", 31, "Wie controleert de containers?"), ("SPEAKER_01", 34, "De douane, met de scanners."),
            ("SPEAKER_00", 40, "En de politie?"), ("SPEAKER_01", 43, "[onverstaanbaar] alleen bij een melding.")]


def _clock(seconds: int) -> str:
    return f"[{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}]"


def _atrain(segments, *, timestamps: bool, maxqda: bool) -> str:
    """The text aTrain's ``create_txt_file`` writes with speaker detection on."""
    out = "Transcription for 231205-intervi" + ("" if maxqda else "\n")
    current = None
    for speaker, start, text in segments:
        if speaker != current:
            out += ("\n\n" if maxqda else "\n") + speaker + "\n"
            current = speaker
        if timestamps:
            text = f"{_clock(start)} - {text}"
        out += text + (" " if maxqda else "\n")
    return out


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _turns(t):
    return [(x.speaker, x.role, x.timestamp, t.text[x.start : x.end]) for x in t.turns]


def test_atrain_timestamps_export(tmp_path):
    t = read_transcript(_write(tmp_path, "transcription_timestamps.txt", _atrain(SEGMENTS, timestamps=True, maxqda=False)))
    turns = _turns(t)
    assert turns[0] == ("", "other", None, "Transcription for 231205-intervi")
    assert [(s, r, ts) for s, r, ts, _ in turns[1:]] == [
        ("SPEAKER_00", "interviewer", 0.0), ("SPEAKER_01", "respondent", 9.0), ("SPEAKER_00", "interviewer", 20.0),
        ("SPEAKER_01", "respondent", 25.0), ("SPEAKER_00", "interviewer", 31.0), ("SPEAKER_01", "respondent", 34.0),
        ("SPEAKER_00", "interviewer", 40.0), ("SPEAKER_01", "respondent", 43.0)]
    # the first segment's time is the turn's and stays out of the span; the later segments' times stay in the speech
    assert turns[1][3] == "Goedemiddag, fijn dat u tijd heeft.\n[00:00:04] - Hoe lang werkt u al bij de zeehavenpolitie?"
    assert turns[-1][3] == "[onverstaanbaar] alleen bij een melding."
    assert t.text.count("[00:00:") == len(SEGMENTS)  # nothing lost


def test_atrain_plain_and_maxqda_exports(tmp_path):
    plain = read_transcript(_write(tmp_path, "transcription.txt", _atrain(SEGMENTS, timestamps=False, maxqda=False)))
    assert [x.speaker for x in plain.turns] == [""] + ["SPEAKER_00", "SPEAKER_01"] * 4
    assert _turns(plain)[2][3] == "Eh, twaalf jaar nu, ongeveer.\nDaarvoor zat ik bij de recherche."
    maxqda = read_transcript(_write(tmp_path, "transcription_maxqda.txt", _atrain(SEGMENTS, timestamps=True, maxqda=True)))
    assert [(s, ts, said) for s, _, ts, said in _turns(maxqda)][1:3] == [
        ("SPEAKER_00", 0.0, "Goedemiddag, fijn dat u tijd heeft. [00:00:04] - Hoe lang werkt u al bij de zeehavenpolitie?"),
        ("SPEAKER_01", 9.0, "Eh, twaalf jaar nu, ongeveer. [00:00:12] - Daarvoor zat ik bij de recherche.")]


def test_atrain_speaker_undefined_is_a_speaker(tmp_path):
    segments = SEGMENTS[:2] + [("Speaker undefined", 7, "Ja.")] + SEGMENTS[2:]
    t = read_transcript(_write(tmp_path, "transcription_timestamps.txt", _atrain(segments, timestamps=True, maxqda=False)))
    assert ("Speaker undefined", 7.0, "Ja.") in [(s, ts, said) for s, _, ts, said in _turns(t)]


def test_a_diarizer_id_in_speech_or_a_heading_stays_text(tmp_path):
    # only the id alone on its line is a label; "SPEAKER_00 zei" in a sentence and an ordinary word line are speech
    text = "Interviewer: Wie sprak?\nRespondent: SPEAKER_00 zei niets.\nInterviewer: En toen?\nRespondent: Niets.\n"
    t = read_transcript(_write(tmp_path, "zin.txt", text))
    assert [x.speaker for x in t.turns] == ["Interviewer", "Respondent"] * 2
    assert _turns(t)[1][3] == "SPEAKER_00 zei niets."


def _form_docx(path: Path, pairs, paragraphs) -> Path:
    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for key, value in pairs:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = key, value
    for line in paragraphs:
        document.add_paragraph(line)
    document.save(path)
    return path


FORM = [("Naam interviewer", "Luci"), ("Naam respondent", "Seth"), ("Pseudoniem respondent", "Seth"),
        ("Datum interview", "30-05-2012"), ("Plaats interview", "Bij de respondent thuis"), ("Opmerkingen", "")]


def test_word_form_names_the_interviewer(tmp_path):
    # The interviewer asks little: without the form's "Naam interviewer" nobody would be the interviewer.
    speech = ["Luci:", "Goedemiddag, fijn dat je er bent. Dit interview wordt opgenomen.", "Seth:", "Is goed.",
              "Luci:", "Vertel eens over je werk in de haven.", "Seth:", "Ik werk bij de overslag, eh, al vijf jaar.",
              "Luci:", "Oké.", "Seth:", "Vooral nachtdiensten. (lacht)"]
    t = read_transcript(_form_docx(tmp_path / "interview.docx", FORM, speech))
    assert t.attributes["naam_interviewer"] == "Luci" and t.attributes["datum_interview"] == "30-05-2012"
    assert [(s, r) for s, r, _, _ in _turns(t)] == [("Luci", "interviewer"), ("Seth", "respondent")] * 3
    assert _turns(t)[3][3] == "Ik werk bij de overslag, eh, al vijf jaar."
    assert not any("no label names the interviewer" in n for n in t.notes)
    assert "Naam interviewer" not in t.text  # the form is metadata, not speech


def test_form_keys_that_name_the_interviewer_and_the_respondent():
    assert interviewer_names({"naam_interviewer": "Luci", "naam_respondent": "Seth"}) == ("Luci",)
    assert interviewer_names({"name_of_interviewer": "Ann de Wit", "interviewer_2": "Piet Hoekstra"}) == ("Ann de Wit", "Piet Hoekstra")
    assert person_names({"naam_geïnterviewde": "Nina", "pseudoniem_geïnterviewde": "Nina", "leeftijd": "23 jaar"}) == ("Nina",)
    # a key about the interview or the interviewer's other details names nobody
    assert [is_interviewer_key(k) for k in ("datum_interview", "leeftijd_interviewer", "interviewer(s)", "onderzoeker")] == [
        False, False, True, True]


HANDELINGEN = (
    "5 Wijziging van de Regeling parlementair en extern onderzoek\n\nVoorzitter: Bergkamp\n\n"
    "Wijziging van de Regeling parlementair en extern onderzoek\n\nAan de orde is de behandeling van:\n\n"
    "De voorzitter:\n\nAan de orde is het voorstel van de leden Belhaj, Stoffer en Van der Woude.\n\n"
    "De algemene beraadslaging wordt geopend.\n\nDe voorzitter:\n\nIk geef het woord aan mevrouw Michon-Derkzen.\n\n"
    "Mevrouw Michon-Derkzen (VVD):\n\nVoorzitter, dank u wel. Het gaat om de Regeling parlementair en extern onderzoek.\n\n"
    "Er is wel een vraag gerezen na de schriftelijke ronde.\n"
)


def test_handelingen_presiding_line_and_a_member_who_speaks_once(tmp_path):
    t = read_transcript(_write(tmp_path, "h-tk-20222023-96-5.txt", HANDELINGEN))
    assert t.attributes == {"voorzitter": "Bergkamp"}
    speech = [(s, said[:30]) for s, _, _, said in _turns(t)]
    assert speech == [("", "5 Wijziging van de Regeling pa"), ("De voorzitter", "Aan de orde is het voorstel va"),
                      ("De voorzitter", "Ik geef het woord aan mevrouw "), ("Mevrouw Michon-Derkzen (VVD)", "Voorzitter, dank u wel. Het ga")]
    assert _turns(t)[-1][3].endswith("na de schriftelijke ronde.")
    assert "Voorzitter: Bergkamp" in t.text


def test_a_role_word_with_a_name_that_labels_turns_stays_a_label(tmp_path):
    # "Interviewer: Jansen" is no office line when "Interviewer:" opens other paragraphs; a one-word answer stays speech
    text = "Interview haven\n\nR: Jansen\n\nI: Hoe heet u?\n\nR: Ja.\n\nI: Goed.\n"
    t = read_transcript(_write(tmp_path, "kort.txt", text))
    assert [(s, said) for s, _, _, said in _turns(t)][1:] == [("R", "Jansen"), ("I", "Hoe heet u?"), ("R", "Ja."), ("I", "Goed.")]
    assert t.attributes == {}


def test_anonymised_teams_transcript_with_one_label_replaced(tmp_path):
    # A Dutch researcher's formatter (MadeliefR/transcript_format, formatter_1.py) joins a Teams docx, replaces each
    # "0:0:3.270 --> 0:0:6.120" by a line break and the researcher's own name by "Researcher:"; the other speaker's
    # name stays, alone on its line. Both are label lines.
    content = " "
    for who, said in [("Researcher:", "Hallo, fijn dat je tijd hebt. Is opnemen goed?"), ("Jan Jansen", "Ja, dat is prima."),
                      ("Researcher:", "Hoe lang werk je al bij het havenbedrijf?"), ("Jan Jansen", "Eh, zo'n acht jaar nu."),
                      ("Researcher:", "En wat doe je nu precies?"), ("Jan Jansen", "Ik coördineer de inspecties. (lacht)")]:
        content += f"\n\n{who}\n{said}"
    document = docx.Document()
    document.add_paragraph(content)
    document.save(tmp_path / "edited_interview.docx")
    t = read_transcript(tmp_path / "edited_interview.docx")
    assert [(s, r, said) for s, r, _, said in _turns(t)] == [
        ("Researcher", "interviewer", "Hallo, fijn dat je tijd hebt. Is opnemen goed?"), ("Jan Jansen", "respondent", "Ja, dat is prima."),
        ("Researcher", "interviewer", "Hoe lang werk je al bij het havenbedrijf?"), ("Jan Jansen", "respondent", "Eh, zo'n acht jaar nu."),
        ("Researcher", "interviewer", "En wat doe je nu precies?"), ("Jan Jansen", "respondent", "Ik coördineer de inspecties. (lacht)")]


def test_a_plain_name_line_beside_colon_labels_in_the_speech_line_stays_text(tmp_path):
    # "Interviewer: ..." with the speech on the same line is no label-line layout: a repeated name line stays text
    text = ("Interviewer: Wie belde u?\n\nPieter Bakker\n\nRespondent: De havenmeester.\n\nInterviewer: En toen?\n\n"
            "Pieter Bakker\n\nRespondent: Niemand.\n")
    t = read_transcript(_write(tmp_path, "gemengd.txt", text))
    assert {x.speaker for x in t.turns if x.speaker} == {"Interviewer", "Respondent"}

"""Focus-group transcripts in layouts of real public files (focus-group sweep, December 2026), each written here small.

- An online focus group on food (LauraLP08/Human-Likeness-Benchmark-in-Synthetic-Focus-Groups,
  ``data/datasets_transcripts/standardized/macho_meals/fg1/raw_extracted_transcript.txt``, and ``fg2``): a group
  line (``18-29 (5 participants)``), the discussion guide's questions between the turns without a label
  (``Question 2. How do you decide what to eat?``), the participants by first name, ``Moderator:`` once.
  Before, in ``fg1`` (one line a paragraph, the moderator labelled once) each question was read as the words of
  the participant above it.
- A Colombian university's focus groups transcribed with its own Whisper + pyannote pipeline
  (jufragarcaCUN/FocusGroupFebrero-12, ``febrero-12/Grupo focal 3_SC.json``): ``{"metadata": {"archivo": ...,
  "fecha": ...}, "segmentos": [{"speaker": "SPEAKER_01", "inicio": 0.0, "texto": "...", "fin": 21.05}, ...]}``.
  Before, RK102 (not a transcript layout researchkit knows).
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from researchkit.errors import TranscriptError
from researchkit.io import read_transcript


def _turns(t):
    return [(turn.speaker, turn.role, t.text[turn.start : turn.end]) for turn in t.turns]


GUIDE = """25-34 (4 participants)

Question 1. Where do you meet your friends? Why there?
Ruth: Mostly the allotment, it's quiet.
Moderator: Sorry Ruth, you broke up a little. Could you say that again?
Ruth: The allotment. It's quiet there.
Omar: For me it's the café by the station.
Ruth: Oh I know that one.
Question 2. How do you decide what to cook?
Omar: Whatever is in the fridge, honestly.
Lena: I plan the week on Sunday.
Kofi: I don't, I just go to the shop.
Question 3. Does anyone else decide for you?
Lena: My partner, sometimes.
Kofi: Nobody decides for me.
"""


def test_a_guides_numbered_questions_between_turns_are_the_moderators(tmp_path: Path) -> None:
    path = tmp_path / "fg1.txt"
    path.write_text(GUIDE, encoding="utf-8")
    t = read_transcript(path)
    assert t.attributes["n_participants"] == 4 and t.attributes["group"] == "25-34"  # the first line: io/groupheader.py
    assert _turns(t) == [
        ("", "interviewer", "Question 1. Where do you meet your friends? Why there?"),
        ("Ruth", "respondent", "Mostly the allotment, it's quiet."),
        ("Moderator", "interviewer", "Sorry Ruth, you broke up a little. Could you say that again?"),
        ("Ruth", "respondent", "The allotment. It's quiet there."),
        ("Omar", "respondent", "For me it's the café by the station."),
        ("Ruth", "respondent", "Oh I know that one."),
        ("", "interviewer", "Question 2. How do you decide what to cook?"),
        ("Omar", "respondent", "Whatever is in the fridge, honestly."),
        ("Lena", "respondent", "I plan the week on Sunday."),
        ("Kofi", "respondent", "I don't, I just go to the shop."),
        ("", "interviewer", "Question 3. Does anyone else decide for you?"),
        ("Lena", "respondent", "My partner, sometimes."),
        ("Kofi", "respondent", "Nobody decides for me."),
    ]
    assert any("numbered question(s) of a discussion guide" in n and "line 3" in n for n in t.notes)
    # no text lost: every line of the file is in the canonical text, in order
    assert t.text == "\n".join(line for line in GUIDE.splitlines() if line)


def test_the_same_layout_in_word_reads_the_same(tmp_path: Path) -> None:
    document = docx.Document()
    for line in GUIDE.splitlines():
        if line:
            document.add_paragraph(line)
    path = tmp_path / "fg1.docx"
    document.save(str(path))
    t = read_transcript(path)
    roles = [(turn.speaker, turn.role) for turn in t.turns]
    assert roles[0] == ("", "interviewer") and roles[6] == ("", "interviewer") and roles[10] == ("", "interviewer")
    assert t.text[t.turns[5].start : t.turns[5].end] == "Oh I know that one."
    assert t.attributes["n_participants"] == 4


def test_a_guide_printed_as_a_list_above_the_transcript_stays_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "guide.txt"
    path.write_text("Discussion guide\nQuestion 1. Where do you meet?\nQuestion 2. How do you cook?\n"
                    "Question 3. Who decides?\nRuth: The allotment.\nOmar: The café.\nLena: Home.\nRuth: Yes.\n",
                    encoding="utf-8")
    t = read_transcript(path)
    assert _turns(t)[0] == ("", "other", "Discussion guide\nQuestion 1. Where do you meet?\nQuestion 2. How do you cook?\n"
                                         "Question 3. Who decides?")
    assert not any("discussion guide" in n for n in t.notes)


def test_one_numbered_question_or_numbers_going_down_stay_speech(tmp_path: Path) -> None:
    once = tmp_path / "once.txt"
    once.write_text("Moderator: Where?\nRuth: The allotment.\nQuestion 2. that was the hard one, I thought.\nOmar: The café.\n"
                    "Ruth: Yes.\nOmar: No.\n", encoding="utf-8")
    t = read_transcript(once)
    assert _turns(t)[1] == ("Ruth", "respondent", "The allotment.\nQuestion 2. that was the hard one, I thought.")
    down = tmp_path / "down.txt"
    down.write_text("Ruth: The allotment.\nQuestion 3. Why?\nOmar: The café.\nQuestion 1. How?\nRuth: Yes.\nOmar: No.\n",
                    encoding="utf-8")
    t = read_transcript(down)
    assert [turn.speaker for turn in t.turns] == ["Ruth", "Omar", "Ruth", "Omar"]


def _segmentos(keys: tuple[str, str, str, str]) -> dict:
    speaker, start, text, end = keys
    rows = [("SPEAKER_01", 0.0, "Vamos a iniciar. ¿Qué palabra se les viene a la cabeza?", 6.2),
            ("SPEAKER_02", 7.0, "Innovación.", 7.9), ("SPEAKER_03", 8.4, "Educación, diría yo.", 9.6),
            ("SPEAKER_01", 10.1, "¿Y por qué innovación?", 11.0), ("SPEAKER_02", 11.5, "Por los eventos.", 12.8),
            ("SPEAKER_01", 13.0, "¿Y ustedes los usan?", 14.1), ("SPEAKER_03", 14.5, "La mayoría sí.", 15.2),
            ("SPEAKER_01", 16.0, "¿Y en qué semestre van?", 17.0), ("SPEAKER_02", 17.4, "Octavo semestre.", 18.3)]
    return {"metadata": {"archivo": "Grupo focal 3.wav", "fecha": "2026-02-13 15:19:58"},
            "segmentos": [{speaker: s, start: a, text: t, end: b} for s, a, t, b in rows]}


@pytest.mark.parametrize("keys", [("speaker", "inicio", "texto", "fin"), ("Hablante", "Inicio", "Texto", "Fin")])
def test_a_teams_pipeline_with_spanish_keys_is_read_as_whisper_segments(tmp_path: Path, keys) -> None:
    path = tmp_path / "grupo_focal_3.json"
    path.write_text(json.dumps(_segmentos(keys), ensure_ascii=False, indent=2), encoding="utf-8")
    t = read_transcript(path)
    assert [(turn.speaker, turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns] == [
        ("SPEAKER_01", 0.0, "Vamos a iniciar. ¿Qué palabra se les viene a la cabeza?"), ("SPEAKER_02", 7.0, "Innovación."),
        ("SPEAKER_03", 8.4, "Educación, diría yo."), ("SPEAKER_01", 10.1, "¿Y por qué innovación?"),
        ("SPEAKER_02", 11.5, "Por los eventos."), ("SPEAKER_01", 13.0, "¿Y ustedes los usan?"), ("SPEAKER_03", 14.5, "La mayoría sí."),
        ("SPEAKER_01", 16.0, "¿Y en qué semestre van?"), ("SPEAKER_02", 17.4, "Octavo semestre."),
    ]
    assert {turn.speaker: turn.role for turn in t.turns}["SPEAKER_01"] == "interviewer"
    assert any("'segmentos'" in n for n in t.notes)


def test_segments_in_another_language_without_their_text_key_stay_rk102(tmp_path: Path) -> None:
    path = tmp_path / "otro.json"
    path.write_text(json.dumps({"segmentos": [{"inicio": 0.0, "contenido": "Hola."}]}), encoding="utf-8")
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert err.value.code == "RK102" and "'segmentos'" in str(err.value)

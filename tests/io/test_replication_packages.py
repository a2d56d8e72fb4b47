"""Layouts of transcripts published with studies and podcasts on GitHub, read as their authors wrote them.

Each fixture is a short synthetic text in the layout of a real file:

- Markdown with bold, timed labels and bold continuation times, as podcast sites print Rev's transcripts
  (``**Jason: (00:01:03)** Back then ...`` then ``**(00:01:24)** And when ...``; a REWORK episode's page);
- a thesis' user-study interviews converted from Word to Markdown, the asterisks typed in Word escaped and the
  participants named by random ids (``\\*\\*Interviewer\\*\\*: Okay, so thanks ...``, ``\\*\\*kDp3Cy37\\*\\*: The overall ...``);
- Markdown bold labels in a file saved as ``.txt`` (``**Interviewer:** ...``, ``**P1:** ...``);
- a thesis' validation interview whose labels lost their colon (``Interviewer In principe ...``,
  ``Business Application Manager Nee volgens mij niet.``; CVSpaendonck/ThesisTranscriptions).
"""

from __future__ import annotations

from pathlib import Path

from researchkit.io import read_transcript


def _turns(t):
    return [(turn.speaker, turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns]


BOLD_REV = """---
title: "Episode 12"
source:
  type: podcast
---

# Episode 12

**Ann: (00:00:00)** Welcome back to the show.

**(00:00:09)** Today we talk about bugs.

**Ben: (00:00:15)** Thanks for having me.

**Ann: (00:00:18)** So where did it start?

**Ben: (00:00:21)** With a failing build.

**(00:00:40)** Then a second one, the next day.

It kept going for a week.

**Ann: (00:01:02)** And then?

**Ben: (00:01:05)** We rewrote it.
"""


def test_bold_labels_with_a_colon_before_the_time_and_bold_continuation_times(tmp_path: Path) -> None:
    path = tmp_path / "episode-12.md"
    path.write_text(BOLD_REV, encoding="utf-8")
    t = read_transcript(path)
    assert [(s, ts) for s, ts, _ in _turns(t)[1:]] == [
        ("Ann", 0.0), ("Ann", 9.0), ("Ben", 15.0), ("Ann", 18.0), ("Ben", 21.0), ("Ben", 40.0), ("Ann", 62.0),
        ("Ben", 65.0)]
    speech = [text for _, _, text in _turns(t)]
    assert speech[2] == "Today we talk about bugs."
    assert speech[6] == "Then a second one, the next day.\nIt kept going for a week."
    assert not any("**" in text or "(00:" in text for text in speech)
    assert any("or a time in bold" in n and "line 11" in n for n in t.notes)
    assert t.attributes["title"] == "Episode 12"


def test_a_bold_time_without_timed_labels_is_no_continuation(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("**Ann:** Welcome back.\n\n**(00:00:09)** Today we talk.\n\n**Ben:** Thanks.\n\n**Ann:** Right.\n\n**Ben:** Yes.\n",
                    encoding="utf-8")
    t = read_transcript(path)
    assert [s for s, _, _ in _turns(t)] == ["Ann", "Ben", "Ann", "Ben"]
    assert "**(00:00:09)** Today we talk." in _turns(t)[0][2]


ESCAPED_IDS = (
    "\\*\\*Interviewer\\*\\*: Okay, so thanks for doing the study. How was the task today?\n\n"
    "\\*\\*kDp3Cy37\\*\\*: The overall experience was great. The bricks moved a bit.\n\n"
    "\\*\\*Interviewer\\*\\*: What did you enjoy?\n\n"
    "\\*\\*kDp3Cy37\\*\\*: Yeah, the moments where we built together.\n\n"
    "It was fun.\n"
)


def test_escaped_bold_labels_and_random_participant_ids(tmp_path: Path) -> None:
    path = tmp_path / "kDp3Cy37.md"
    path.write_text(ESCAPED_IDS, encoding="utf-8")
    t = read_transcript(path)
    assert [(turn.speaker, turn.role) for turn in t.turns] == [
        ("Interviewer", "interviewer"), ("kDp3Cy37", "respondent"), ("Interviewer", "interviewer"), ("kDp3Cy37", "respondent")]
    speech = [text for _, _, text in _turns(t)]
    assert speech[1] == "The overall experience was great. The bricks moved a bit."
    assert speech[3] == "Yeah, the moments where we built together.\nIt was fun."


def test_a_bold_id_used_once_is_no_label_and_a_bold_word_without_colon_is_no_id(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("**Interviewer**: Hello?\n\n**Summary2025** the day went well.\n\n**Interviewer**: Next?\n\n"
                    "**Summary2025** again.\n", encoding="utf-8")
    t = read_transcript(path)
    assert [turn.speaker for turn in t.turns] == ["Interviewer", "Interviewer"]


def test_markdown_bold_labels_in_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "P1.txt"
    path.write_text("**Interviewer:** Hello there, how are you?\n\n**P1:** Fine thanks.\n\n**Interviewer:** Good.\n\n"
                    "**P1:** Yes.\n", encoding="utf-8")
    t = read_transcript(path)
    assert [(s, text) for s, _, text in _turns(t)] == [
        ("Interviewer", "Hello there, how are you?"), ("P1", "Fine thanks."), ("Interviewer", "Good."), ("P1", "Yes.")]
    assert [turn.role for turn in t.turns] == ["interviewer", "respondent"] * 2


def test_one_bold_line_in_a_text_file_is_not_markdown(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("**Note** read slowly\n\nI: Hello?\n\nR: Yes.\n", encoding="utf-8")
    t = read_transcript(path)
    assert [(s, text) for s, _, text in _turns(t)] == [("", "**Note** read slowly"), ("I", "Hello?"), ("R", "Yes.")]


BARE = """
Interviewer In principe is het gesprek om te valideren wat ik gevonden heb.

Er is een viertal onderdelen die ik wil bespreken.

Mis ik er al eentje?
Business Application Manager Nee volgens mij niet.
Interviewer De scope ligt buiten MES. Kun jij je daar in vinden?
Business Application Manager Ja, want als het goed is, trekken wij de eind PN toch uit.
Interviewer Hoe belangrijk ervaar jij dit?
Business Application Manager Hoe belangrijk ik dat ervaar? Bedoel je hoe we dat gaan doen?
Business Application Manager En daaruit loopt door dat we kunnen aggregeren.
Ja, en dan primair voor R&D zelf.
Interviewer Ja precies.
"""


def test_labels_without_a_colon(tmp_path: Path) -> None:
    path = tmp_path / "Validation Interview - Business Application Manager - Transcript.md"
    path.write_text(BARE, encoding="utf-8")
    t = read_transcript(path)
    assert [(turn.speaker, turn.role) for turn in t.turns] == [
        ("Interviewer", "interviewer"), ("Business Application Manager", "respondent"), ("Interviewer", "interviewer"),
        ("Business Application Manager", "respondent"), ("Interviewer", "interviewer"),
        ("Business Application Manager", "respondent"), ("Business Application Manager", "respondent"),
        ("Interviewer", "interviewer")]
    speech = [text for _, _, text in _turns(t)]
    assert speech[0] == ("In principe is het gesprek om te valideren wat ik gevonden heb.\n"
                         "Er is een viertal onderdelen die ik wil bespreken.\nMis ik er al eentje?")
    assert speech[1] == "Nee volgens mij niet."
    assert speech[6] == "En daaruit loopt door dat we kunnen aggregeren.\nJa, en dan primair voor R&D zelf."
    assert any(n.startswith("labels without a colon") and "'Business Application Manager', 'Interviewer'" in n for n in t.notes)


def test_sentence_openers_are_no_labels_without_a_colon(tmp_path: Path) -> None:
    path = tmp_path / "memo.txt"
    path.write_text("Interviewer Ann asked first.\n\nSo I answered it.\n\nInterviewer Ann asked again.\n\n"
                    "So I said so.\n\nInterviewer Ann went on.\n\nSo I stopped.\n\nYes Sir, we said.\n", encoding="utf-8")
    t = read_transcript(path)
    assert {turn.speaker for turn in t.turns} == {""}
    assert not any(n.startswith("labels without a colon") for n in t.notes)


def test_a_role_word_opening_prose_is_no_label_without_a_second_speaker(tmp_path: Path) -> None:
    path = tmp_path / "memo.txt"
    path.write_text("Interviewer bias is a risk.\n\nWe met twice.\n\nInterviewer training helps.\n\n"
                    "Interviewer notes were kept.\n", encoding="utf-8")
    t = read_transcript(path)
    assert {turn.speaker for turn in t.turns} == {""}


def test_the_same_recording_in_two_formats_names_the_formats(tmp_path: Path) -> None:
    import json

    import pytest

    from researchkit.errors import CorpusError
    from researchkit.io import read_corpus

    (tmp_path / "P01.txt").write_text(" Start up, can you tell us who you are? Hi, I'm Adam.", encoding="utf-8")
    (tmp_path / "P01.json").write_text(json.dumps({"file": "DJI_0012", "text": " Start up, can you tell us who you are?",
                                                   "segments": [{"start": 0.0, "end": 2.4, "text": "Start up, can you tell us who you are?"}]}),
                                       encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        read_corpus(tmp_path)
    message = str(caught.value)
    assert "duplicate doc_id 'P01'" in message and "two formats (.json and .txt" in message and "glob('*.json')" in message
    corpus = read_corpus(sorted(tmp_path.glob("*.json")))
    assert corpus.doc_ids == ["P01"] and corpus["P01"].turns[0].timestamp == 0.0

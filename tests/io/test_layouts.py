"""Transcript layouts seen in real files: qualifiers in square brackets, one-line legends, section headings,
unlabelled question/answer paragraphs."""

from __future__ import annotations

import docx
import pytest

from researchkit.io import read_transcript
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.legend import find_legend


def _turns(t):
    return [(turn.speaker, turn.role, t.text[turn.start : turn.end]) for turn in t.turns]


def _write(tmp_path, name: str, text: str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# -- 2. speaker labels with a note in square brackets ------------------------------------------------------------


def test_square_bracket_qualifiers_are_not_part_of_the_speaker(tmp_path):
    path = _write(tmp_path, "fg.txt", "Interviewer [JS]: Who wants to start?\n"
                                      "P3 [female, 40s]: I will. We fish from Urk.\n"
                                      "Speaker 1 [Blue]: Me too.\n"
                                      "Interviewer [JS]: Why Urk?\n"
                                      "P3: My father did.\n"
                                      "Speaker 1 [Blue]: Same here.\n")
    t = read_transcript(path)
    assert _turns(t) == [
        ("Interviewer", "interviewer", "Who wants to start?"),
        ("P3", "respondent", "I will. We fish from Urk."),
        ("Speaker 1", "respondent", "Me too."),
        ("Interviewer", "interviewer", "Why Urk?"),
        ("P3", "respondent", "My father did."),
        ("Speaker 1", "respondent", "Same here."),
    ]
    # the note stays in the text, outside the turn
    first = t.turns[1]
    assert t.text[t.paragraphs[1][0] : first.start] == "P3 [female, 40s]: "
    assert t.attributes["speaker_qualifiers"] == "Interviewer: JS; P3: female, 40s; Speaker 1: Blue"
    note = next(n for n in t.notes if n.startswith("notes in square brackets"))
    assert "'P3' [female, 40s] (line 2)" in note and "'Speaker 1' [Blue] (line 3)" in note


def test_one_label_with_two_notes_keeps_two_speakers_apart():
    t = assemble("x", [RawParagraph(text, f"line {i + 1}") for i, text in enumerate([
        "Interviewer [JS]: Where do you work?", "Respondent: In the port.",
        "Interviewer [MK]: Since when?", "Respondent: Since 2001.",
    ])])
    assert [(turn.speaker, turn.role) for turn in t.turns] == [
        ("Interviewer [JS]", "interviewer"), ("Respondent", "respondent"),
        ("Interviewer [MK]", "interviewer"), ("Respondent", "respondent"),
    ]
    assert any("'Interviewer' is written with different notes" in n for n in t.notes)


def test_square_bracket_qualifier_in_bold_and_with_a_time(tmp_path):
    document = docx.Document()
    for label, text in [("Speaker 1 [Blue]:", " Is this on?"), ("Speaker 2 [Red]:", " It is."),
                        ("Speaker 1 [Blue]:", " Good."), ("Speaker 2 [Red]:", " Go ahead.")]:
        p = document.add_paragraph()
        p.add_run(label).bold = True
        p.add_run(text)
    document.add_paragraph("Speaker 1 [Blue] (00:01:02): And then?")
    path = tmp_path / "bold.docx"
    document.save(path)
    t = read_transcript(path)
    assert [(turn.speaker, t.text[turn.start : turn.end]) for turn in t.turns] == [
        ("Speaker 1", "Is this on?"), ("Speaker 2", "It is."), ("Speaker 1", "Good."), ("Speaker 2", "Go ahead."),
        ("Speaker 1", "And then?"),
    ]
    assert t.turns[-1].timestamp == 62.0


def test_a_bracket_after_a_sentence_opener_is_not_a_label():
    t = assemble("x", [RawParagraph(text, f"line {i + 1}") for i, text in enumerate([
        "I: What happened then?", "R: Remember [laughs]: it was raining.", "I: And?", "R: We stayed.",
    ])])
    assert [turn.speaker for turn in t.turns] == ["I", "R", "I", "R"]
    assert t.text[t.turns[1].start : t.turns[1].end] == "Remember [laughs]: it was raining."


# -- 3. a legend on one line -------------------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "I = Interviewer; P = Participant",
    "I = Interviewer; P = Participant.",
    "Key: I = interviewer, P = respondent",
    "KEY: I = Interviewer, P = Participant 1",
    "I: interviewer, P: respondent",
    "(I = Interviewer; P = Respondent)",
    "Legend: I – Interviewer | P – Participant",
    "I = Interviewer / P = Respondent",
    "I: Interviewer. P: Participant (farmer, 54).",
    "Speakers: I = Anna Smit (interviewer), P = Piet",
])
def test_one_line_legend_gives_the_codes_their_roles(tmp_path, line):
    path = _write(tmp_path, "R01.txt", f"{line}\n\nI: Where were you born?\nP: In Urk.\nI: And your father?\nP: Also.\n")
    t = read_transcript(path)
    assert [(turn.speaker, turn.role) for turn in t.turns if turn.speaker] == [
        ("I", "interviewer"), ("P", "respondent"), ("I", "interviewer"), ("P", "respondent")]
    assert t.text.startswith(line) and not any(turn.start < len(line) and turn.speaker for turn in t.turns)
    assert t.attributes["legend"].startswith("I: ")
    assert any(n.startswith("legend lines read as metadata, not turns (line 1)") for n in t.notes)


def test_one_line_legend_gives_roles_that_names_would_not_have():
    legend = find_legend(["Key: S = student, T = teacher", "T: Open your books?", "S: Yes."])
    assert legend.roles == {"S": "respondent", "T": "respondent"} and legend.entries == {"S": "student", "T": "teacher"}
    t = assemble("x", [RawParagraph(x, f"line {i + 1}") for i, x in enumerate(
        ["Key: JS = Jane Smith (interviewer), TB = Tom Brown", "JS: Where?", "TB: Here.", "JS: When?", "TB: Now."])])
    assert [(turn.speaker, turn.role) for turn in t.turns if turn.speaker] == [
        ("JS", "interviewer"), ("TB", "respondent"), ("JS", "interviewer"), ("TB", "respondent")]


@pytest.mark.parametrize("line", [
    "I: Interviewer, so you said the port?",          # speech that starts with a role word
    "I: Yes, R: no",                                   # values that are not roles, no heading
    "Key: this is the key to the shed.",               # a heading word in a sentence
])
def test_speech_is_not_a_one_line_legend(line):
    assert find_legend([line, "I: Hello?", "R: Hi."]).entries == {}

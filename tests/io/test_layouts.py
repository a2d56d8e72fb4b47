"""Transcript layouts seen in real files: qualifiers in square brackets, one-line legends, section headings,
unlabelled question/answer paragraphs."""

from __future__ import annotations

import docx
import pytest

from researchkit.io import read_transcript
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.legend import find_legend
from researchkit.transcripts import quality_flags


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


# -- 4. Markdown headings between turns ------------------------------------------------------------------------------


def test_markdown_headings_between_turns_are_section_markers(tmp_path):
    path = _write(tmp_path, "R02.md", "# Interview 2\n\n**Interviewer:** Where do you work?\n\n"
                                      "**Respondent:** In the port of Harlingen.\n\n### ~ 3 Min\n\n"
                                      "And before that in Urk.\n\n## Part 2\n\n**Interviewer:** Why Urk?\n\n"
                                      "**Respondent:** My father.\n\n# Section B\n\n**Interviewer:** And now?\n")
    t = read_transcript(path)
    assert _turns(t) == [
        ("", "other", "# Interview 2"),
        ("Interviewer", "interviewer", "Where do you work?"),
        ("Respondent", "respondent", "In the port of Harlingen."),
        ("", "other", "### ~ 3 Min"),
        ("Respondent", "respondent", "And before that in Urk."),  # speech below the heading: the speaker before it
        ("", "other", "## Part 2"),
        ("Interviewer", "interviewer", "Why Urk?"),
        ("Respondent", "respondent", "My father."),
        ("", "other", "# Section B"),
        ("Interviewer", "interviewer", "And now?"),
    ]
    # nothing lost: every line of the file is in the text, and the turns cover all of it but the labels
    assert t.text == "\n".join(line for line in path.read_text().splitlines() if line)
    covered = "".join(t.text[turn.start : turn.end] for turn in t.turns)
    labels = 3 * len("**Interviewer:** ") + 2 * len("**Respondent:** ")
    assert len(covered) == len(t.text) - t.text.count("\n") - labels
    note = next(n for n in t.notes if "section markers" in n)
    assert note.startswith("3 heading(s)") and "line 7 ('### ~ 3 Min')" in note


def test_a_heading_and_its_metadata_lines_are_one_section_and_timed_headings_stay_times(tmp_path):
    path = _write(tmp_path, "R03.txt", "I: Hello?\nR: Hi.\n## Interview 2\nDate: 2026-06-27\nLocation: Urk\n"
                                       "## 00:20:00\nI: Again?\nR: Yes.\n")
    t = read_transcript(path)
    assert _turns(t) == [("I", "interviewer", "Hello?"), ("R", "respondent", "Hi."),
                         ("", "other", "## Interview 2\nDate: 2026-06-27\nLocation: Urk"),
                         ("I", "interviewer", "Again?"), ("R", "respondent", "Yes.")]
    assert t.turns[3].timestamp == 1200.0  # a heading that is only a time still times the next turn


def test_headings_above_the_first_label_and_label_headings_are_unchanged():
    t = assemble("x", [RawParagraph(x, f"line {i + 1}") for i, x in enumerate(
        ["# Title", "## Transcript", "### Anna Berg", "Hello.", "### Piet Jansen", "Hi.", "### Anna Berg", "Bye.",
         "### Piet Jansen", "Bye then."])])
    assert [(turn.speaker, t.text[turn.start : turn.end]) for turn in t.turns][:3] == [
        ("", "# Title\n## Transcript"), ("Anna Berg", "Hello."), ("Piet Jansen", "Hi.")]
    assert not any("section markers" in n for n in t.notes)


# -- 5. unlabelled paragraphs that alternate question and answer -----------------------------------------------


QA = ["Interview with a harbour pilot", "12 March 2021",
      "Can you tell me about your work?", "I have been a pilot for twenty years.",
      "What has changed?", "Mostly the automation. Everything is on screens.",
      "Do you see customs on the quay?", "Sometimes. Mostly you see nobody.",
      "Did you ever report something?", "Once, to my manager.",
      "And what happened?", "Nothing. I never heard back."]


def test_alternating_questions_and_answers_in_word_become_interviewer_and_respondent(tmp_path):
    document = docx.Document()
    for text in QA:
        document.add_paragraph(text)
    path = tmp_path / "pilot.docx"
    document.save(path)
    t = read_transcript(path)
    assert [(turn.role, t.text[turn.start : turn.end]) for turn in t.turns] == (
        [("other", QA[0]), ("other", QA[1])]
        + [("interviewer" if k % 2 == 0 else "respondent", text) for k, text in enumerate(QA[2:])])
    note = next(n for n in t.notes if n.startswith("no speaker labels found"))
    assert "alternate question and answer: 5 of the 5 paragraphs in the question positions (every other one from " \
           "paragraph 3) end with a question mark, 0 of the 5 between them do" in note
    assert "(2 title line(s) at the top kept apart" in note
    assert "no speaker labels (roles inferred, see the notes)" in quality_flags(t)


@pytest.mark.parametrize("broken", [
    QA[:4] + ["And I liked it."] + QA[4:],                       # an answer in two paragraphs breaks the rhythm
    QA[:8],                                                      # three questions: too few
    [x.rstrip("?") + "." for x in QA],                           # no question marks
    QA[:2] + [x + " Really?" if k % 2 else x for k, x in enumerate(QA[2:])],  # answers ask as often
])
def test_without_clear_alternation_each_paragraph_stays_its_own_turn(tmp_path, broken):
    path = _write(tmp_path, "x.txt", "\n\n".join(broken) + "\n", encoding="cp1252")
    t = read_transcript(path)
    assert {turn.role for turn in t.turns} == {"other"} and len(t.turns) == len(broken)
    assert any(n.startswith("no speaker labels found: each of the") for n in t.notes)


def test_word_headings_between_turns_are_section_markers(tmp_path):
    document = docx.Document()
    document.add_heading("Interview 5", level=1)  # above the first label: the title block, as before
    for line in ["I: Where do you work?", "R: In the port."]:
        document.add_paragraph(line)
    document.add_heading("Part 2: the night shift", level=2)
    document.add_paragraph("And at night too.")
    for line in ["I: Who checks the containers?", "R: Nobody, at night."]:
        document.add_paragraph(line)
    path = tmp_path / "R05.docx"
    document.save(path)
    t = read_transcript(path)
    assert _turns(t) == [
        ("", "other", "Interview 5"),
        ("I", "interviewer", "Where do you work?"),
        ("R", "respondent", "In the port."),
        ("", "other", "Part 2: the night shift"),
        ("R", "respondent", "And at night too."),
        ("I", "interviewer", "Who checks the containers?"),
        ("R", "respondent", "Nobody, at night."),
    ]
    assert any("1 heading(s) between turns read as section markers" in n and "paragraph 4" in n for n in t.notes)


def test_square_bracket_qualifier_on_label_lines_and_through_markdown_escapes(tmp_path):
    path = _write(tmp_path, "otter.md", "### Speaker 1 [Blue]  0:01\n\nIs this on?\n\n### Speaker 2 [Red]  0:04\n\nIt is.\n\n"
                                        "Speaker 1 \\[Blue\\]: Good.\n\nSpeaker 2 \\[Red\\]: Go ahead.\n")
    t = read_transcript(path)
    assert [(turn.speaker, turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns] == [
        ("Speaker 1", 1.0, "Is this on?"), ("Speaker 2", 4.0, "It is."), ("Speaker 1", None, "Good."),
        ("Speaker 2", None, "Go ahead.")]
    assert t.attributes["speaker_qualifiers"] == "Speaker 1: Blue; Speaker 2: Red"


def test_odt_headings_between_turns_are_section_markers(tmp_path):
    import odfdo

    document = odfdo.Document("text")
    document.body.append(odfdo.Header(1, "Interview 6"))
    for line in ["I: Where do you work?", "R: In the port."]:
        document.body.append(odfdo.Paragraph(line))
    document.body.append(odfdo.Header(2, "Part 2: the night shift"))
    document.body.append(odfdo.Paragraph("And at night too."))
    for line in ["I: Who checks?", "R: Nobody."]:
        document.body.append(odfdo.Paragraph(line))
    path = tmp_path / "R06.odt"
    document.save(path)
    t = read_transcript(path)
    assert _turns(t) == [
        ("", "other", "Interview 6"), ("I", "interviewer", "Where do you work?"), ("R", "respondent", "In the port."),
        ("", "other", "Part 2: the night shift"), ("R", "respondent", "And at night too."),
        ("I", "interviewer", "Who checks?"), ("R", "respondent", "Nobody."),
    ]

"""Transcripts from public collections not met before (sweep of December 2026), and localized Word headings.

Each fixture is written by the test itself, in the shape of the real file named in the
test's docstring (the files themselves are not part of the repository).
"""

from __future__ import annotations

import copy

import docx
import pytest
from docx.oxml.ns import qn

from researchkit import read_transcript


def _write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- Word headings in a localized Word (Dutch Kop 1, German Überschrift 1, French Titre 1) ----------------------------

def _interview_with_heading(path, style_id: str, name: str, *, outline: bool = False, based_on: str | None = None,
                            own_level: str | None = None):
    """A Dutch interview whose section title ``Deel 2 Werk`` is in the heading style ``style_id``/``name``.

    The style is python-docx's ``Heading 1`` renamed as a localized Word (or a converter) writes it,
    without the outline level (``outline=False``) that Word's own built-in styles carry; with
    ``based_on`` it is a house style based on that style instead.
    """
    document = docx.Document()
    heading = document.styles["Heading 1"].element
    target = heading
    if based_on is not None:
        target = copy.deepcopy(heading)
        target.find(qn("w:basedOn")).set(qn("w:val"), based_on)
        heading.getparent().append(target)
    else:
        heading.find(qn("w:name")).set(qn("w:val"), name)
    target.set(qn("w:styleId"), style_id)
    target.find(qn("w:name")).set(qn("w:val"), name)
    ppr = target.find(qn("w:pPr"))
    if not outline or based_on is not None:
        ppr.remove(ppr.find(qn("w:outlineLvl")))
    if own_level is not None:
        level = ppr.makeelement(qn("w:outlineLvl"), {qn("w:val"): own_level})
        ppr.append(level)
    if based_on is not None:
        heading.set(qn("w:styleId"), based_on)
    for text in ["I: Waar bent u geboren?", "R: In Urk.", "I: En daarna?", "R: In Kampen."]:
        document.add_paragraph(text)
    title = document.add_paragraph("Deel 2 Werk")
    title._p.get_or_add_pPr().get_or_add_pStyle().set(qn("w:val"), style_id)
    for text in ["Daar werkte ik lang.", "I: Waar werkte u?", "R: Op de werf."]:
        document.add_paragraph(text)
    document.save(path)
    return read_transcript(path)


@pytest.mark.parametrize(("style_id", "name"), [
    ("Kop1", "Kop 1"),                  # Dutch
    ("Kop2", "heading 2"),              # Dutch Word: the id is localized, the name is not
    ("berschrift1", "Überschrift 1"),   # German (Word drops the Ü from the id)
    ("Titre1", "Titre 1"),              # French
    ("Ttulo1", "Título 1"),             # Spanish
    ("Heading1", "heading 1"),          # English, as before
])
def test_localized_word_heading_styles_are_section_markers(tmp_path, style_id, name):
    """A localized heading style without an outline level ends the turn like English ``Heading 1``."""
    t = _interview_with_heading(tmp_path / f"{style_id}.docx", style_id, name)
    turns = [(x.speaker, x.role, t.turn_text(x)) for x in t.turns]
    assert turns[4] == ("", "other", "Deel 2 Werk")          # the heading is nobody's speech
    assert turns[5] == ("R", "respondent", "Daar werkte ik lang.")  # speech below it: the speaker before it
    assert turns[6][0] == "I" and turns[7][0] == "R"
    assert any("heading(s) between turns" in n for n in t.notes)


def test_a_house_style_based_on_a_heading_is_a_heading_unless_it_says_body_text(tmp_path):
    """``Interviewdeel`` based on ``Kop1`` is a heading; with its own outline level 9 (body text) it is not."""
    t = _interview_with_heading(tmp_path / "based.docx", "Interviewdeel", "Interviewdeel", based_on="Kop1")
    assert (t.turns[4].speaker, t.turn_text(t.turns[4])) == ("", "Deel 2 Werk")
    t = _interview_with_heading(tmp_path / "body.docx", "Interviewdeel", "Interviewdeel", based_on="Kop1", own_level="9")
    assert (t.turns[3].speaker, t.turn_text(t.turns[3])) == ("R", "In Kampen.\nDeel 2 Werk\nDaar werkte ik lang.")


def test_a_style_named_like_a_heading_word_without_a_level_is_not_a_heading(tmp_path):
    """``Titre`` (French Word's document title) and ``Kop`` have no level: not section headings."""
    t = _interview_with_heading(tmp_path / "titre.docx", "Titre", "Titre")
    assert t.turn_text(t.turns[3]) == "In Kampen.\nDeel 2 Werk\nDaar werkte ik lang."


# -- Otter exports of a study that numbers its researchers R1, R2 and its participants P1-P10 ---------------------------

OTTER_ANNOTATED = """R1  0:00  
Hello, I start recording here real quick, okay. So what project do you work on that uses ensembles of data?

P4  1:49  
I mean, it's kind of interesting, because a lot of the projects we're working with uses some of the data.
{Application data exists as opposed to Performance Data}
{There are multiple types of data.}


R1  3:17  
Okay. And you mentioned [Performance Measurement] tool, is one of the you're working with?

P4  3:25  
Um, well, so my role in the project is, I'm a research assistant professor.
{Ensembles require slicing/cutting for fair comparisons.}
And like this knowledge I basically use to mentor students. {laughs}

R2  14:23  
It might be helpful to turn off the blur. 

P4  14:27  
Oh, yeah. That's a good point. [P4 disables blur on webcam]
{laughs}
"""


def test_researcher_codes_beside_participant_codes_are_interviewers(tmp_path):
    """cscully-allison/data-ensemble-interview-artifacts Transcripts/P3-Timestamps.txt (Otter text export):
    ``R1  0:00`` asks, ``P3  0:06`` answers; ``R`` is the researcher here, not the respondent."""
    t = read_transcript(_write(tmp_path, "P4-Kate-Initial.txt", OTTER_ANNOTATED))
    roles = {(x.speaker, x.role) for x in t.turns if x.speaker}
    assert roles == {("R1", "interviewer"), ("R2", "interviewer"), ("P4", "respondent")}
    assert any("'R1', 'R2' read as researchers" in n for n in t.notes)
    assert [x.timestamp for x in t.turns if x.speaker][:3] == [0.0, 109.0, 197.0]
    # the user's own map wins
    t = read_transcript(_write(tmp_path, "P4b.txt", OTTER_ANNOTATED), labels={"R1": "respondent"})
    assert {(x.speaker, x.role) for x in t.turns if x.speaker == "R1"} == {("R1", "respondent")}
    # R with an interviewer in the file stays the respondent (Dutch I:/R:)
    t = read_transcript(_write(tmp_path, "nl.txt", "I: Waar?\nR1: Hier.\nI: Wanneer?\nR1: Nu.\nP2: Ja.\nP2: Nee.\n"))
    assert {(x.speaker, x.role) for x in t.turns} == {("I", "interviewer"), ("R1", "respondent"), ("P2", "respondent")}


def test_curly_brace_memo_lines_are_nobodys_speech(tmp_path):
    """cscully-allison/data-ensemble-interview-artifacts Transcripts/P4-Kate-Initial.txt: the analyst's memos
    ``{Ensembles need to have a 'common core' / IV}`` on lines of their own below the answers."""
    t = read_transcript(_write(tmp_path, "P4-Kate-Initial.txt", OTTER_ANNOTATED))
    turns = [(x.speaker, t.turn_text(x)) for x in t.turns]
    assert turns[2] == ("", "{Application data exists as opposed to Performance Data}\n{There are multiple types of data.}")
    assert turns[1] == ("P4", "I mean, it's kind of interesting, because a lot of the projects we're working with uses some of the data.")
    # speech below a memo goes on as the speaker before it; a memo inside a line and {laughs} stay speech
    assert turns[5:7] == [("", "{Ensembles require slicing/cutting for fair comparisons.}"),
                          ("P4", "And like this knowledge I basically use to mentor students. {laughs}")]
    assert turns[-1] == ("P4", "Oh, yeah. That's a good point. [P4 disables blur on webcam]\n{laughs}")
    assert any("3 line(s) in curly braces" in n for n in t.notes)
    # nothing lost: every memo and every word of speech is in the text, in some turn
    covered = "".join(t.turn_text(x) for x in t.turns)
    for line in OTTER_ANNOTATED.splitlines():
        if line.strip() and not line.startswith(("R1 ", "R2 ", "P4 ")):
            assert line.strip() in covered


# -- Otter export pasted into Markdown with a details block naming the interviewer -------------------------------------

HITSAVE = """# Transcript of interview with interview with Eric Kesterson, Saun Conlin, Jim Bochanski, and Nick Zaleski.md

## Details

Interview took place on June 20, 2022. Interviewer is Jonas Rosland.
Full interview available at https://youtu.be/3HVyfxolPCs.
Transcription is provided by https://otter.ai.

## Transcript

Jonas Rosland  0:22  
Hi everyone, and welcome. Why don't you all introduce yourselves?

Nick Zaleski  0:44  
First, Eric,

Eric Kesterson  0:45  
I'm Eric, the programmer and sort of generalist.

Jonas Rosland  1:32  
That's awesome. Awesome.

Nick Zaleski  17:53  
Well, Eric told me that I had to come up with something.

Eric Kesterson  18:01  
Right.
"""


def test_interviewer_named_in_a_details_sentence(tmp_path):
    """hitsave/interview-transcripts 2022/Super Marxist Twins/... - Interview with Eric Kesterson, ....md:
    ``Interviewer is Jonas Rosland.`` in the ``## Details`` block above Otter's labels."""
    t = read_transcript(_write(tmp_path, "smt.md", HITSAVE))
    assert t.attributes["interviewer"] == "Jonas Rosland"
    roles = {(x.speaker, x.role) for x in t.turns if x.speaker}
    assert roles == {("Jonas Rosland", "interviewer"), ("Nick Zaleski", "respondent"), ("Eric Kesterson", "respondent")}
    assert t.turns[0].speaker == "" and "Interviewer is Jonas Rosland." in t.turn_text(t.turns[0])
    assert [x.timestamp for x in t.turns[1:4]] == [22.0, 44.0, 45.0]
    # a sentence that names no person credits nobody
    t = read_transcript(_write(tmp_path, "x.md", HITSAVE.replace("Interviewer is Jonas Rosland.", "The interviewer was Dutch.")))
    assert "interviewer" not in t.attributes


# -- Interview notes kept in a Markdown template, and a transcriber's "Note:" lines ------------------------------------

NOTES_TEMPLATE = """# Interview Notes — Week 6

## Participant A
**Date**: [2025-11-18 14:28]
**Context**: Prefers using dark mode on applications. Near sighted.
**Consent**: Verbal consent given for interview
**Duration**: [~10 minutes]

### Q1: Last time you used a task manager
**Response**: "The last time I used one was probably last week when i used the reminder app on my phone."

**Observations**:
- Time pressure context (deadline stress)

**Themes**: `filter_persistence`, `cognitive_load`

---

### Q2: What frustrates you?
**Response**: "When I accidentally erased one of my assignments about the list."

**Observations**:
- Lack of confirmation feedback

**Themes**: `status_feedback`, `confirmation`, `trust`

---

## Summary (Participant A)
**Top pain points**:
1. Filter resets → cognitive overload
"""


def test_a_notes_template_response_is_the_respondent_and_its_observations_nobodys(tmp_path):
    """A1ecJB/comp2850-hci wk07/audit/interviews.md (a course's interview-notes template): ``**Response**:`` quotes
    the participant, ``**Observations**:`` and ``**Themes**:`` are the student's notes, not a speaker's words."""
    t = read_transcript(_write(tmp_path, "interviews.md", NOTES_TEMPLATE))
    assert t.attributes["date"] == "[2025-11-18 14:28]" and t.attributes["consent"] == "Verbal consent given for interview"
    roles = {(x.speaker, x.role) for x in t.turns}
    assert roles == {("", "other"), ("Response", "respondent"), ("Observations", "other"), ("Themes", "other")}
    responses = [t.turn_text(x) for x in t.turns if x.role == "respondent"]
    assert responses == ['"The last time I used one was probably last week when i used the reminder app on my phone."',
                         '"When I accidentally erased one of my assignments about the list."']
    # "## Summary" alone is still a heading, not a speaker
    assert "## Summary (Participant A)" in [t.turn_text(x) for x in t.turns if x.speaker == ""]


def test_transcriber_note_lines_are_not_the_respondents_speech(tmp_path):
    """``Note:`` (``Opmerking:``, ``Anmerkung:``) lines between the turns are labels of nobody (role other)."""
    t = read_transcript(_write(tmp_path, "n.txt", "I: Where were you born?\nR: In Urk.\nNote: the recorder stopped here.\n"
                                                  "I: And then?\nR: Kampen.\nNote: interview resumed after ten minutes.\n"))
    assert [(x.speaker, x.role) for x in t.turns] == [
        ("I", "interviewer"), ("R", "respondent"), ("Note", "other"), ("I", "interviewer"), ("R", "respondent"), ("Note", "other")]
    t = read_transcript(_write(tmp_path, "nl.txt", "I: Waar?\nR: Urk.\nOpmerking: band gestopt.\nI: En toen?\nR: Kampen.\n"
                                                   "Opmerking: verder na tien minuten.\n"))
    assert {x.role for x in t.turns if x.speaker == "Opmerking"} == {"other"}


def test_otters_closing_credit_is_not_the_last_speakers_words(tmp_path):
    """cscully-allison/data-ensemble-interview-artifacts Transcripts/P3-Timestamps.txt ends, as every Otter text
    export does, with ``Transcribed by https://otter.ai`` below the last turn."""
    text = ("R1  25:01  \nGood. I'm glad to hear it.\n\nP3  25:08  \nI'm glad Yeah, all right.\n\n"
            "R1  25:17  \nno one in a way. Yeah.\n\nTranscribed by https://otter.ai\n")
    t = read_transcript(_write(tmp_path, "P3.txt", text))
    assert t.turn_text(t.turns[-1]) == "no one in a way. Yeah."
    assert [t.text[a:b] for a, b in t.furniture] == ["Transcribed by https://otter.ai"]
    assert t.text.rstrip().endswith("Transcribed by https://otter.ai")  # kept in the text
    assert any("transcription service's credit" in n for n in t.notes)
    # the same words as speech, or a person's credit, stay where they are
    t = read_transcript(_write(tmp_path, "p.txt", "I: Who typed it?\nR: Anna.\nI: And then?\nR: Transcribed by hand, checked by Anna.\n"))
    assert t.turn_text(t.turns[-1]) == "Transcribed by hand, checked by Anna." and not t.furniture


def test_r_codes_that_never_ask_stay_respondents(tmp_path):
    """R1/R2 beside P1 are researchers only when they ask (a study numbering respondents R and P stays as it was)."""
    text = "R1: I grew up in Urk.\nP1: So did I.\nR1: My father fished.\nP1: Mine too?\nR2: Mine worked the land.\nP1: Yes.\n"
    t = read_transcript(_write(tmp_path, "rp.txt", text))
    assert {(x.speaker, x.role) for x in t.turns if x.speaker.startswith("R")} == {("R1", "respondent"), ("R2", "respondent")}
    assert not any("read as researchers" in n for n in t.notes)


# -- A speaker's name set apart above the speech: a web page's element, Word's bold line ------------------------------

WEB_TRANSCRIPT = """<!DOCTYPE html><html lang="en"><head><title>Interview Transcript | Kiah Hickson</title></head><body>
<div class="tx-meta">
  <div><span class="kicker">Format</span><p>Recorded conversation, with John’s permission</p></div>
  <div><span class="kicker">Length</span><p>Just over one hour</p></div>
</div>
<section class="tx" id="intro"><div class="sec-body">
  <h2 class="tx-h">Introduction</h2>
  <div class="turns"><div class="turn k"><span class="who">Kiah</span><div class="said"><p>Hi John, thank you for doing
  this interview with me.</p><p>Before we start, are you comfortable with me recording our conversation?</p></div></div>
  <div class="turn j"><span class="who">John</span><div class="said"><p>Yes, sure.</p></div></div></div>
</div></section>
<section class="tx" id="trends"><div class="sec-body">
  <h2 class="tx-h">Trends in public-sector executive recruitment</h2>
  <div class="turns"><div class="turn k"><span class="who">Kiah</span><div class="said"><p>What are you seeing in
  public-sector executive recruitment at the moment?</p></div></div><div class="turn j"><span class="who">John</span>
  <div class="said"><p>Firstly, congratulations on getting this far.</p></div></div><div class="turn k"><span class="who">Kiah</span>
  <div class="said"><p>So are you saying some of these newer roles go to people with more of a public profile?</p></div></div>
  <div class="turn j"><span class="who">John</span><div class="said"><p>Not exactly, but there are flaws in every system.</p>
  <p>Most executive roles now go through a recruitment agency.</p></div></div></div>
</div></section></body></html>
"""


def test_a_web_transcripts_name_element_above_the_speech_is_the_speaker(tmp_path):
    """Kiahhickson/Informational-Interview transcript.html: ``<span class="who">Kiah</span><div class="said"><p>...``,
    no colon and no bold; the topic headings between the turns are section markers."""
    t = read_transcript(_write(tmp_path, "transcript.html", WEB_TRANSCRIPT))
    turns = [(x.speaker, x.role, t.turn_text(x)) for x in t.turns]
    assert [s for s, _, _ in turns if s] == ["Kiah", "John", "Kiah", "John", "Kiah", "John"]
    assert {(s, r) for s, r, _ in turns if s} == {("Kiah", "interviewer"), ("John", "respondent")}  # Kiah asks
    assert turns[-1][2] == "Not exactly, but there are flaws in every system.\nMost executive roles now go through a recruitment agency."
    assert ("", "other", "Trends in public-sector executive recruitment") in turns
    # "Format" and "Length" set apart the same way label one paragraph each: not speakers
    assert "Format" not in {s for s, _, _ in turns}


def test_a_bold_name_alone_above_the_speech_labels_it_in_word(tmp_path):
    """A Word transcript with the speaker's name in bold on a line of its own (as the web page above sets it)."""
    document = docx.Document()
    for name, speech in [("Kiah", "Are you comfortable with me recording?"), ("John", "Yes, sure."),
                         ("Kiah", "What are you seeing at the moment?"), ("John", "Many changes.")]:
        document.add_paragraph().add_run(name).bold = True
        document.add_paragraph(speech)
    heading = document.add_paragraph()
    heading.add_run("Closing").bold = True  # a bold word used once is not a speaker
    document.add_paragraph("That was all.")
    document.save(tmp_path / "bold.docx")
    t = read_transcript(tmp_path / "bold.docx")
    assert [(x.speaker, t.turn_text(x)) for x in t.turns] == [
        ("Kiah", "Are you comfortable with me recording?"), ("John", "Yes, sure."),
        ("Kiah", "What are you seeing at the moment?"), ("John", "Many changes.\nClosing\nThat was all."),
    ]

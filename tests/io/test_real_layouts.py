"""Layouts of real collections read in the sweep of December 2026; each fixture has the shape of the named file."""

from __future__ import annotations

from researchkit.io import read_transcript
from researchkit.transcripts import quality_flags


def _read(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return read_transcript(path)


def _turns(t):
    return [(turn.speaker, turn.role, t.text[turn.start : turn.end]) for turn in t.turns]


SRSC_37 = """---
layout: default
title: Interview 37
---

[Back to Project 1](../project1.html)

# Interview 37

## Info
- **Interviewer**: S
- **Date**: 6/28 11:00 AM

## Links
- **Video**: [Link](https://drive.google.com/open?id=x) (PW: )

## Transcript
 
[Participant #37]: So right now I'm an Hr. Generalist.
 I mostly deal with employee progression.
 
S: I think that's a really interesting job. So usually you do interview to detect those information.
[Participant #37]: Yeah. So it's like interviews.
 
S: Okay, just curious. Have you been to Fresno.
 
[Participant #37]: No, I have not had the chance.
"""


def test_bracketed_participant_number_and_interviewer_in_a_metadata_list(tmp_path):
    """sunjinpak/SRSC2026 interviews/Interview 37.md: ``[Participant #37]:`` labels, ``- **Interviewer**: S`` under ``## Info``."""
    t = _read(tmp_path, "Interview 37.md", SRSC_37)
    assert _turns(t)[1:] == [
        ("Participant #37", "respondent", "So right now I'm an Hr. Generalist.\nI mostly deal with employee progression."),
        ("S", "interviewer", "I think that's a really interesting job. So usually you do interview to detect those information."),
        ("Participant #37", "respondent", "Yeah. So it's like interviews."),
        ("S", "interviewer", "Okay, just curious. Have you been to Fresno."),
        ("Participant #37", "respondent", "No, I have not had the chance."),
    ]
    assert t.attributes["interviewer"] == "S" and t.attributes["date"] == "6/28 11:00 AM"
    assert "video" not in t.attributes  # the links list under its own heading has no metadata key: not metadata
    assert quality_flags(t) == []


SRSC_06 = """# Interview 06

## Transcript
P6: Hello!
C: So, Hi name, good morning.
P6: Good morning.
C: Can you hear me?
P6: Yeah, sure, I can hear you. Good morning.
C: Morning. How are you today.
P6: Yeah, I'm fine. How about you?
C: I'm good. I'm good. Thank you.
C: Okay, so can you tell me about your current role in a job like like, what you do.
P6: Okay. I currently work as a field supervisor.
C: Okay, so how flexible is your job in terms of when and where you work.
P6: My job offers little flexibility.
"""


def test_the_one_speaker_not_labelled_as_a_participant_is_the_interviewer(tmp_path):
    """sunjinpak/SRSC2026 interviews/Interview 06.md: the interviewer's initial ``C:`` beside ``P6:``, question marks mostly dropped."""
    t = _read(tmp_path, "Interview 06.md", SRSC_06)
    assert {(turn.speaker, turn.role) for turn in t.turns if turn.speaker} == {("C", "interviewer"), ("P6", "respondent")}
    note = next(n for n in t.notes if "only speaker not labelled as a participant" in n)
    assert "('P6')" in note and "1 of 6 turns end with a question, theirs 1 of 6" in note
    assert "no interviewer turn" not in quality_flags(t)


def test_no_interviewer_from_the_labels_kind_without_the_evidence(tmp_path):
    # the other speaker asks less often than the participant, or speaks twice, or is a generic speaker: no guess
    fewer = SRSC_06.replace("C: Can you hear me?", "C: I can hear you.").replace("P6: Good morning.", "P6: Good morning?")
    for text in (fewer, "P6: Hi.\nC: Hello?\nP6: Yes.\nP6: Fine.\nC: Good?\nP6: Sure.\n",
                 SRSC_06.replace("C:", "Speaker 1:")):
        t = _read(tmp_path, "x.md", text)
        assert not any(turn.role == "interviewer" for turn in t.turns), text


CHM = """Oral History of Elizabeth (Jake) Feinler 
 
Interviewed by: 
 Marc Weber 
 
Recorded: September 10, 2009   
 
Oral History of Elizabeth (Jake) Feinler 
 
CHM Ref: X5378.2009            © 2009 Computer History Museum                                 Page 2 of 49 
  
Marc Weber:  I’m Marc Weber from the Computer History Museum. Thank you for joining us. 
Elizabeth (Jake) Feinler:  My pleasure. 
Weber:  I really just wanted to start with where did you grow up. 
Feinler:  I grew up in Wheeling, West Virginia. 
Weber:  Was it very slow? 
Feinler:  It wasn’t that [it was] so slow once you got on. 
"""


def test_a_nickname_in_brackets_inside_a_full_name_label_and_a_credit_over_two_lines(tmp_path):
    """SeanC55417/Oral-History-of-CS data/processed/chm-feinler-2009.txt (CHM oral history as text from the PDF)."""
    t = _read(tmp_path, "chm-feinler-2009.txt", CHM)
    assert [(s, r, text) for s, r, text in _turns(t) if s] == [
        ("Weber", "interviewer", "I’m Marc Weber from the Computer History Museum. Thank you for joining us."),
        ("Feinler", "respondent", "My pleasure."),  # was glued to the interviewer's turn: the label was not seen
        ("Weber", "interviewer", "I really just wanted to start with where did you grow up."),
        ("Feinler", "respondent", "I grew up in Wheeling, West Virginia."),
        ("Weber", "interviewer", "Was it very slow?"),
        ("Feinler", "respondent", "It wasn’t that [it was] so slow once you got on."),
    ]
    assert t.attributes["interviewer"] == "Marc Weber"  # "Interviewed by:" and the name on the next line
    assert any("'Elizabeth (Jake) Feinler' (line 13) as 'Feinler'" in n for n in t.notes)


def test_a_bracket_between_words_of_a_sentence_is_not_a_label():
    from researchkit.io.speakers import match_label

    assert match_label("Dat (zei hij) klopt: niemand kijkt.") is None
    assert match_label("I (laughs) yes: so.") is None


BLOCK_BUILDING = """---
title: 'Block Building'
date: '2022-02-01'
---
Speaker 1: 00:05:35

Well, I'm excited to talk about this.
Actually, this one I'm sitting out.

## Building a valid block 101

Speaker 2: 00:05:47

So, before we talk about building the blocks, we need to understand what are the Lego pieces, right?

Speaker 0: 00:05:57

So blocks contain transactions.

Speaker 2: 00:15:41

So in the current algorithm, we're just looking at a transaction and all of its ancestors.

## Is there something better?


In what we are suggesting to do, we want to do something slightly more complicated.

Speaker 0: 00:16:14

Essentially, you can think of it as an overlap of multiple ancestor sets.
"""


def test_label_with_its_time_alone_on_a_line_and_headings_between_turns(tmp_path):
    """bitcointranscripts/bitcointranscripts chaincode-labs/chaincode-podcast/block-building.md."""
    t = _read(tmp_path, "block-building.md", BLOCK_BUILDING)
    assert [(turn.speaker, turn.role, turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns] == [
        ("Speaker 1", "other", 335.0, "Well, I'm excited to talk about this.\nActually, this one I'm sitting out."),
        ("", "other", None, "## Building a valid block 101"),
        # the time is the label's, not speech; the question below the label line is Speaker 2's, not a moderator's
        ("Speaker 2", "other", 347.0, "So, before we talk about building the blocks, we need to understand what are the Lego pieces, right?"),
        ("Speaker 0", "other", 357.0, "So blocks contain transactions."),
        ("Speaker 2", "other", 941.0, "So in the current algorithm, we're just looking at a transaction and all of its ancestors."),
        ("", "other", None, "## Is there something better?"),
        ("Speaker 2", "other", None, "In what we are suggesting to do, we want to do something slightly more complicated."),
        ("Speaker 0", "other", 974.0, "Essentially, you can think of it as an overlap of multiple ancestor sets."),
    ]
    assert not any("moderator" in n for n in t.notes)


def test_a_time_of_day_after_a_label_is_still_an_answer(tmp_path):
    t = _read(tmp_path, "x.txt", "I: When did it start?\nR: 10:30\nI: And the ship?\nR: At 11:00:00 it left.\n")
    assert [t.text[turn.start : turn.end] for turn in t.turns] == ["When did it start?", "10:30", "And the ship?",
                                                                   "At 11:00:00 it left."]


LNP232 = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml">
  <head><meta charset="utf-8"/><title>Transcript of lnp232-der-boese-kleber-aus-deutschland</title></head>
  <body>
    <section class="transcript">
      <h2>Intro</h2>
      <div class="turn">
        <p class="speaker">Tim Pritlove</p>
        <p><a href="#t=0" class="play">▶</a>
Guten Morgen Thomas
</p>
      </div>
      <div class="turn">
        <p class="speaker">Thomas Lohninger</p>
        <p><a href="#t=2" class="play">▶</a>
Guten Morgen Tim
</p>
      </div>
      <h2>Prolog</h2>
      <div class="turn">
        <p class="speaker">Tim Pritlove</p>
        <p><a href="#t=25" class="play">▶</a>
Logbuch Netzpolitik Nummer 232 und ihr werdet es schon ahnen:
</p>
        <p><a href="#t=85" class="play">▶</a>
Stimmts?
</p>
      </div>
      <div class="turn">
        <p class="speaker">Thomas Lohninger</p>
        <p><a href="#t=86" class="play">▶</a>
Ja so ist es
</p>
      </div>
      <h2>Wahl in Österreich</h2>
      <div class="turn">
        <p class="speaker">Tim Pritlove</p>
        <p><a href="#t=87" class="play">▶</a>
Und, bist du noch guter Laune?
</p>
      </div>
    </section>
  </body>
</html>
"""


def test_html_headings_between_turns_and_media_time_links(tmp_path):
    """cweiske/podcast-transcriptions Logbuch Netzpolitik/LNP232 .../final-transcribed.html (trs2html)."""
    t = _read(tmp_path, "lnp232.html", LNP232)
    assert [(turn.speaker, turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns] == [
        ("", None, "Intro"),
        ("Tim Pritlove", 0.0, "Guten Morgen Thomas"),
        ("Thomas Lohninger", 2.0, "Guten Morgen Tim"),  # "Prolog" was glued to this turn
        ("", None, "Prolog"),
        ("Tim Pritlove", 25.0, "Logbuch Netzpolitik Nummer 232 und ihr werdet es schon ahnen:\n▶ Stimmts?"),
        ("Thomas Lohninger", 86.0, "Ja so ist es"),
        ("", None, "Wahl in Österreich"),
        ("Tim Pritlove", 87.0, "Und, bist du noch guter Laune?"),
    ]
    assert t.text.split("\n")[1:3] == ["Tim Pritlove", "▶ Guten Morgen Thomas"]  # the play mark stays in the text


def test_a_link_with_words_gives_its_time_but_stays_speech(tmp_path):
    t = _read(tmp_path, "x.html", '<p><a href="#t=3">I: Where do you work?</a></p><p>R: <a href="#t=9">In the port.</a></p>'
                                  '<p><a href="#t=12">I: Since when?</a></p><p>R: Since 2001.</p>')
    assert [(turn.speaker, turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns] == [
        ("I", 3.0, "Where do you work?"), ("R", None, "In the port."), ("I", 12.0, "Since when?"), ("R", None, "Since 2001.")]


BOZ = """---
guest: Boz
title: Making Meta | Andrew ‘Boz’ Bosworth (CTO)
---

# Making Meta | Andrew ‘Boz’ Bosworth (CTO)

## Transcript

Lenny (00:00:00):
You were basically the 10th engineer at Facebook.

Andrew ‘Boz’ Bosworth (00:00:07):
I didn't sleep for more than four hours at a time.

Lenny (00:00:14):
You worked 120 hours per week., you had no hobbies.

Andrew ‘Boz’ Bosworth (00:00:17):
I don't want to take away from the romanticism of it.
"""


def test_a_nickname_in_curly_quotes_inside_a_name_label(tmp_path):
    """yidans1120/lennys-podcast-transcripts lennys-podcast-transcipt/episodes/boz/transcript.md (Rev-style labels)."""
    t = _read(tmp_path, "boz.md", BOZ)
    assert [(turn.speaker, turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns][1:] == [
        ("Lenny", 0.0, "You were basically the 10th engineer at Facebook."),
        ("Andrew ‘Boz’ Bosworth", 7.0, "I didn't sleep for more than four hours at a time."),  # was glued to Lenny's turn
        ("Lenny", 14.0, "You worked 120 hours per week., you had no hobbies."),
        ("Andrew ‘Boz’ Bosworth", 17.0, "I don't want to take away from the romanticism of it."),
    ]
    from researchkit.io.speakers import match_label

    assert match_label("Jane “JJ” Doe: Hello.").label == "Jane “JJ” Doe"


KINNEY = '''timestamp,speakers,words,tags
,Rebecca Scofield,"This is Rebecca Scofield and I am here with Ann Kinney. Can I ask what year you were born?",
,Ann Kinney,"1996, I mean 1961, sorry, there we go. Edit! 1961.",childhood;
,RS,And where were you born?,childhood;
,AK,"Bowling Green, Ohio.",childhood;
,RS,Is that where you grew up?,childhood;
,AK,"No. I was only there for about 3 years.",childhood;family;
,RS,Did you have siblings?,family;
,AK,"I have a brother who's almost 3 years older than me.",family;
'''


def test_collectionbuilder_sheet_with_speakers_column_and_initials_after_full_names(tmp_path):
    """uidaholib/oral-history-as-data _data/transcripts-igra/kinney.csv (CollectionBuilder-OHD: speakers, words, tags)."""
    from pathlib import Path

    from researchkit import read_corpus
    from researchkit.io import skip_reason

    path = tmp_path / "kinney.csv"
    path.write_text(KINNEY, encoding="utf-8")
    assert skip_reason(Path(path)) is None  # 'speakers' names the speaker column: a transcript, not an attributes sheet
    t = read_corpus(tmp_path)["kinney"]
    assert [(turn.speaker, turn.role) for turn in t.turns][:4] == [
        ("RS", "interviewer"), ("AK", "respondent"), ("RS", "interviewer"), ("AK", "respondent")]
    assert t.text.startswith("Rebecca Scofield: This is Rebecca Scofield")  # the row's speaker as written stays in the text
    assert any("'Rebecca Scofield' (row 2) as 'RS', 'Ann Kinney' (row 3) as 'AK'" in n for n in t.notes)


def test_initials_after_a_full_name_label_in_text(tmp_path):
    t = _read(tmp_path, "x.txt", "Rebecca Scofield: Can I ask what year you were born?\nAnn Kinney: 1961.\n"
                                 "RS: And where?\nAK: Ohio.\nRS: Siblings?\nAK: A brother.\n")
    assert [turn.speaker for turn in t.turns] == ["RS", "AK", "RS", "AK", "RS", "AK"]
    assert any("'Rebecca Scofield' (line 1) as 'RS'" in n for n in t.notes)


BERNOULLI = '''# Info
Interviewee: Bernoulli

| Age | Gender |
| --- | ------ |
| 21  | male   |

# Transcript

## Question 1: Was beschäftigt dich im Alltag?

*"Schule, wenn ich Stunden habe, Coiffeurtermin."*

### Kannst du eine Situation genauer beschreiben?

*"Sagen wir, ich habe mit Kollegen abgemacht, etwas zu kochen."*

## Question 2: Wann im Alltag triffst du Entscheidungen?

*"Ja, die ganze Zeit."*

## Question 3: Wie fühlst du dich in einer Gruppe?

*"Kommt darauf an, ob ich sie kenne."*

### Ist das sonst auch so?

*"Nein. Jemand schreibt in einen Gruppenchat: wollen wir etwas machen? Dann machen wir das."*

### Also gehst du lieber einen Kompromiss ein, als lange rumzudiskutieren.

*"Auch nicht immer aber manchmal schon."*
'''


def test_questions_as_headings_and_quoted_answers_after_an_info_block(tmp_path):
    """Gnkgo/hci-2024 Data/Needfinding/Interviews/Bernoulli-transcript.md: no labels, a six-line info block, then
    questions as Markdown headings and answers in quotes."""
    t = _read(tmp_path, "Bernoulli-transcript.md", BERNOULLI)
    roles = [(turn.role, t.text[turn.start : turn.end][:20]) for turn in t.turns]
    assert [role for role, _ in roles[:6]] == ["other"] * 6  # the info block and its table
    assert [role for role, _ in roles[6:]] == ["interviewer", "respondent"] * 6
    assert roles[-2] == ("interviewer", "### Also gehst du li")  # a question without '?' keeps its place
    assert any("6 title line(s) at the top kept apart" in n for n in t.notes)


VA_AVS = """Participant 2 Cleaned Transcripts


00:00:02.000 --> 00:00:08.000
Great, and now that I started recording, can I have you confirm on the record that you are comfortable?

00:00:11.000 --> 00:00:13.000
Yes, yes, I am.

Warm-up Questions
00:00:13.000 --> 00:00:22.000
Okay. So do you recall receiving paperwork as you left in an appointment?

00:00:53.000 --> 00:00:59.000
There was. There were no notes about the appointment.
Notetaker: Participant does not recall receiving an AVS after a VA appointment p. 1-2. 

00:01:14.000 --> 00:01:18.000
Okay, actually, can we talk about both on the private side and the Va.
Notetaker: Participant uses the AVS from the private doctor p. 3:
00:03:21.000 --> 00:03:28.000
What would you call or name that thing?
"""


def test_a_note_takers_labels_do_not_swallow_the_unlabelled_conversation(tmp_path):
    """department-of-veterans-affairs/va.gov-team products/health-care/digital-health-modernization/mhv-to-va.gov/avs/
    research/2023-04-MVP-Usability/transcripts/052023_participant2_transcripts.md."""
    t = _read(tmp_path, "052023_participant2_transcripts.md", VA_AVS)
    assert [(turn.speaker, turn.timestamp, t.text[turn.start : turn.end][:30]) for turn in t.turns] == [
        ("", None, "Participant 2 Cleaned Transcri"),
        ("", 2.0, "Great, and now that I started "),
        ("", 11.0, "Yes, yes, I am."),
        ("", None, "Warm-up Questions"),
        ("", 13.0, "Okay. So do you recall receivi"),
        ("", 53.0, "There was. There were no notes"),
        ("Notetaker", None, "Participant does not recall re"),  # the note, and only the note
        ("", 74.0, "Okay, actually, can we talk ab"),
        ("Notetaker", None, "Participant uses the AVS from "),
        ("", 201.0, "What would you call or name th"),
    ]
    assert {turn.role for turn in t.turns} == {"other"}
    assert any(n.startswith("the only speaker labels are a note-taker's ('Notetaker', 2 note(s))") for n in t.notes)
    # the cue times are not turns of their own; the text keeps them
    assert "00:00:02.000 --> 00:00:08.000" in t.text and t.turn_at(t.text.index("00:00:02.000")) is None


def test_a_time_line_in_a_file_without_labels_times_the_paragraph_below(tmp_path):
    t = _read(tmp_path, "x.txt", "00:00:02.000 --> 00:00:08.000\nGood morning.\n\n00:00:09.000 --> 00:00:11.000\nHello.\n")
    assert [(turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns] == [(2.0, "Good morning."), (9.0, "Hello.")]


PASTED_SRT = """<h1> Participant 2 Side Navigation 12/08/2025</h1>

1
00:00:02.960 --> 00:00:09.090
Moderator: Alright, so just to confirm, are you comfortable with us recording your screen?

2
00:00:09.090 --> 00:00:09.820
Participant: Yes.

3
00:00:10.350 --> 00:00:11.210
Moderator: Perfect.

4
00:00:29.970 --> 00:00:34.499
Participant: Well… I have to say that, you know, I did have a,

5
00:00:35.310 --> 00:00:38.339
Participant: A facilitator that helped with it a lot.
"""


def test_cue_numbers_of_subtitles_pasted_into_markdown_are_not_speech(tmp_path):
    """department-of-veterans-affairs/va.gov-team usability-session transcripts: a Zoom .vtt/.srt pasted into Markdown."""
    t = _read(tmp_path, "participant2.md", PASTED_SRT)
    assert [(turn.speaker, turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns][1:] == [
        ("Moderator", 2.96, "Alright, so just to confirm, are you comfortable with us recording your screen?"),
        ("Participant", 9.09, "Yes."),  # was "Yes.\n3": the next cue's number glued to the answer
        ("Moderator", 10.35, "Perfect."),
        ("Participant", 29.97, "Well… I have to say that, you know, I did have a,"),
        ("Participant", 35.31, "A facilitator that helped with it a lot."),
    ]
    assert [t.text[s:e] for s, e in t.furniture] == ["1", "2", "3", "4", "5"]  # kept in the text, in no turn
    assert any("5 cue number(s)" in n for n in t.notes)


def test_a_few_numbers_above_times_are_not_cue_numbers():
    from researchkit.io.furniture import cue_numbers

    lines = ["I: How many?", "2", "00:00:09.090 --> 00:00:09.820", "R: Two."]
    assert cue_numbers(lines, range(len(lines))) == set()

"""Exports of meeting and transcription services, and focus groups, as the real files are (sweep of December 2026).

Each fixture is written by the test itself, in the shape of the real file named in the test's
docstring (the files themselves are not part of the repository; where the index that found a
file did not name its repository, the docstring quotes what identifies it).
"""

from __future__ import annotations


import docx

from researchkit import read_transcript
from researchkit.io.chat import match_chat_header
from researchkit.io.credits import is_meeting_event


def _write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _turns(t):
    return [(turn.speaker, turn.role, turn.timestamp, t.turn_text(turn)) for turn in t.turns]


# -- Microsoft Teams .vtt: cue ids "<guid>/12-0", voice tags with character references -----------------------------

TEAMS_VTT = """WEBVTT

001ec368-3c77-4441-9f7e-67031cc3b038/12-0
00:00:27.645 --> 00:00:30.165
<v Carlos Far&#237;as>¿Compartir allí hoy entonces?</v>

001ec368-3c77-4441-9f7e-67031cc3b038/14-0
00:00:40.405 --> 00:00:44.245
<v Carlos Far&#237;as>vente más si ahí les llega la imagen si
se ve bien</v>

001ec368-3c77-4441-9f7e-67031cc3b038/15-0
00:00:45.645 --> 00:00:49.325
<v Alfredo Artigas>Se está viendo, pero no proyectado &amp; no &lt;sale&gt;,
digamos.</v>

001ec368-3c77-4441-9f7e-67031cc3b038/17-0
00:00:50.005 --> 00:00:52.825
<v Carlos Far&#237;as>Claro,
deja ver si tiene proyectar donde tiene</v>

001ec368-3c77-4441-9f7e-67031cc3b038/17-1
00:00:52.825 --> 00:00:53.725
<v Carlos Far&#237;as>proyectar este.</v>
"""


def test_teams_vtt_character_references_are_decoded_in_names_and_speech(tmp_path):
    """A Teams meeting .vtt quoted in a VTT pre-processing project's specification ("VTT-AI Optimizer & Metrics
    Hub", Spanish): Teams writes accents in the voice names as references (``<v Carlos Far&#237;as>``) and escapes
    ``&``, ``<``, ``>`` in the text. Before, the speaker was ``Carlos Far&#237;as`` and the quote said ``&amp;``."""
    t = read_transcript(_write(tmp_path, "reunion.vtt", TEAMS_VTT))
    assert [turn[0] for turn in _turns(t)] == ["Carlos Farías", "Alfredo Artigas", "Carlos Farías"]
    assert [turn[2] for turn in _turns(t)] == [27.645, 45.645, 50.005]
    assert t.turn_text(t.turns[1]) == "Se está viendo, pero no proyectado & no <sale>, digamos."
    assert "&#237;" not in t.text and "&amp;" not in t.text
    assert t.turn_text(t.turns[2]) == "Claro, deja ver si tiene proyectar donde tiene\nproyectar este."


def test_srt_text_keeps_an_ampersand_entity_as_written(tmp_path):
    """SubRip has no character references: ``&amp;`` in an .srt is what the file says, and stays."""
    srt = "1\n00:00:01,000 --> 00:00:02,000\nAnn: Q&amp;A at noon.\n\n2\n00:00:03,000 --> 00:00:04,000\nAnn: Fine.\n"
    t = read_transcript(_write(tmp_path, "a.srt", srt))
    assert "Q&amp;A" in t.text


# -- Microsoft Teams .docx: title, date, duration, "X started transcription", "Name   0:03" -------------------------

TEAMS_TURNS = [
    ("David Mulholland", "0:03", ["that from the planning discussion as a way of just saying, let's get together.",
                                  "So it was helpful that you sent through that."]),
    ("Rey Takeshima", "0:03", ["Structural.", "But."]),
    ("Nick Miller", "0:19", ["Yeah."]),
    ("David Mulholland", "0:22", ["that email. So I actually want to use that as the guide for the conversation. So."]),
    ("Nick Miller", "0:33", ["One."]),
]
TEAMS_HEADER = ["Web Governance & Code blocks-20260615_133555-Meeting Transcript", "15 June 2026, 03:35am", "27m 42s",
                "Nick Miller started transcription"]


def _teams_docx(path):
    document = docx.Document()
    for line in TEAMS_HEADER:
        document.add_paragraph(line)
    for name, time_, lines in TEAMS_TURNS:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{name}   {time_}")
        for line in lines:
            run = paragraph.add_run()
            run.add_break()
            run.add_text(line)
    document.add_paragraph("Nick Miller stopped transcription")
    document.save(path)
    return path


def test_teams_docx_transcription_events_are_not_speech_and_a_one_time_speaker_is_a_speaker(tmp_path):
    """A Teams meeting transcript .docx converted to Markdown (``<!-- converted from Web Governance & Code
    blocks.docx -->``, found through the index's string search): title, date, duration, ``Nick Miller started
    transcription``, then per turn ``Name   0:03`` and the speech, and ``... stopped transcription`` at the end.
    Before, the closing event was the last speaker's words, and ``Rey Takeshima`` (one turn in the excerpt) was
    glued into David's turn."""
    t = read_transcript(_teams_docx(tmp_path / "meeting.docx"))
    turns = _turns(t)
    assert [s for s, *_ in turns] == ["", "David Mulholland", "Rey Takeshima", "Nick Miller", "David Mulholland",
                                      "Nick Miller"]
    assert turns[2][2:] == (3.0, "Structural.\nBut.")
    assert turns[-1][3] == "One."  # not "One.\nNick Miller stopped transcription"
    events = [t.text[a:b] for a, b in t.furniture]
    assert events == ["Nick Miller started transcription", "Nick Miller stopped transcription"]
    assert all(t.turn_at(a) is None for a, _ in t.furniture)
    assert any("started or stopped the transcription" in n for n in t.notes)
    assert any("'Rey Takeshima'" in n and "even when used once" in n for n in t.notes)


def test_rev_focus_group_participant_heard_once_is_a_speaker(tmp_path):
    """A focus group as Rev writes it (``Name (00:00:15):``, the speech below or after it): a participant who
    speaks once was glued into the turn above, label and all."""
    turns = [("Jane Doe", 2, "Welcome everyone, so how did you hear about us?"), ("Piet Bakker", 9, "From a friend."),
             ("Anna Smit", 15, "I saw a poster."), ("Jane Doe", 20, "And what did you expect?"),
             ("Piet Bakker", 25, "Not much."), ("Kees Jansen", 31, "Honestly, free coffee."), ("Jane Doe", 40, "Thanks all.")]
    for sep, name in (("\n", "below.txt"), (" ", "after.txt")):
        text = "".join(f"{who} (00:00:{s:02d}):{sep}{said}\n\n" for who, s, said in turns)
        t = read_transcript(_write(tmp_path, name, text))
        assert [(s, ts, said) for s, _, ts, said in _turns(t)] == [(who, float(s), said) for who, s, said in turns]
        assert any("'Anna Smit'" in n and "even when used once" in n for n in t.notes)


def test_teams_text_copy_reads_the_same(tmp_path):
    """The same transcript as the Markdown conversion has it: one line per line of the .docx."""
    lines = ["<!-- converted from Web Governance & Code blocks.docx -->", ""] + TEAMS_HEADER
    for name, time_, said in TEAMS_TURNS:
        lines += [f"{name}   {time_}"] + said
    lines.append("Nick Miller stopped transcription")
    t = read_transcript(_write(tmp_path, "meeting.md", "\n".join(lines) + "\n"))
    assert [s for s, *_ in _turns(t)][1:] == [name for name, _, _ in TEAMS_TURNS]
    assert t.turn_text(t.turns[-1]) == "One."
    assert len(t.furniture) == 2


def test_a_name_used_once_on_a_timed_line_needs_other_timed_speakers():
    """One ``Name  0:03`` line among ``I:``/``R:`` labels is not a layout: the once-used name stays refused."""
    from researchkit.io.assemble import RawParagraph, assemble

    texts = ["I: Where were you born?", "R: In Cardiff.", "I: And then?", "R: School.", "Mary Jones  0:03",
             "I: Thanks.", "R: Bye."]
    t = assemble("d", [RawParagraph(x, f"line {i}") for i, x in enumerate(texts, 1)])
    assert "Mary Jones" not in {turn.speaker for turn in t.turns}


def test_meeting_event_lines_are_recognised_only_whole():
    assert is_meeting_event("Miller, Nick stopped transcription")
    assert not is_meeting_event("Then she started transcription work in 1998.")
    assert not is_meeting_event("P1: I stopped transcription")
    assert not is_meeting_event("started transcription")


# -- Zoom's saved chat -------------------------------------------------------------------------------------------------

ZOOM_CHAT = (
    "09:00:46 From  MariusVanDerWijden  to  Everyone:\n\tYes  \n"
    "09:01:02 From  MariusVanDerWijden  to  Everyone:\n\tCan you paste the link to the md in chat?  \n"
    "09:01:08 From  lightclient  to  Everyone:\n\t“gm”  \n"
    "09:07:17 From  Pooja | ECH  to  Micah Zoltu(Direct Message):\n\tit wasn't inappropriate and should have been fine\n"
    "09:08:14 From  Micah Zoltu  to  Pooja | ECH(Direct Message):\n\tOh, why did you cut it then?\n\tI assumed so.\n"
    "09:42:15 From  Rai (ratan.sur@consensys.net)  to  Everyone:\n\tWhy would I want to use a third-party block?\n"
)


def test_zoom_chat_headers_name_the_writer_and_time_of_each_message(tmp_path):
    """ethereum/pm ``Merge/The Merge: Consensus API design space.md``, its ``## Zoom chat:`` section: Zoom's
    ``meeting_saved_chat.txt`` (``HH:MM:SS From  NAME  to  Everyone:``, the message below, indented; direct
    messages ``to  Micah Zoltu(Direct Message):``; names as people set them). Before, the file had no speakers
    and every header was glued to the message below it by the hard-wrap rule."""
    t = read_transcript(_write(tmp_path, "meeting_saved_chat.txt", ZOOM_CHAT))
    turns = _turns(t)
    assert [s for s, *_ in turns] == ["MariusVanDerWijden", "MariusVanDerWijden", "lightclient", "Pooja | ECH",
                                      "Micah Zoltu", "Rai (ratan.sur@consensys.net)"]
    assert turns[0][2] == 9 * 3600 + 46 and turns[-1][2] == 9 * 3600 + 42 * 60 + 15
    assert turns[4][3] == "Oh, why did you cut it then?\nI assumed so."  # lines are read without their indent
    assert "to  Pooja | ECH(Direct Message):" in t.text  # the recipient stays in the text, outside the turn
    assert not any("hard-wrapped" in n for n in t.notes)


def test_zoom_chat_of_older_clients_has_the_message_on_the_header_line(tmp_path):
    """The 2020 client wrote ``10:01:02\\t From  Name : message`` (``... to  Anna(Privately) : ...`` for a private one)."""
    text = ("00:03:12\t From  Jan de Vries : Welcome, the consent form link is below.\n"
            "00:04:10\t From  Participant 3 : Thanks!\n"
            "00:05:45\t From  Jan de Vries  to  Participant 3(Privately) : Please mute when not speaking.\n"
            "00:06:01\t From  Participant 3 : Will do.\n")
    t = read_transcript(_write(tmp_path, "chat.txt", text))
    assert [(s, ts, said) for s, _, ts, said in _turns(t)] == [
        ("Jan de Vries", 192.0, "Welcome, the consent form link is below."), ("Participant 3", 250.0, "Thanks!"),
        ("Jan de Vries", 345.0, "Please mute when not speaking."), ("Participant 3", 361.0, "Will do."),
    ]


def test_sentences_that_open_with_a_time_and_from_are_not_chat_headers():
    assert match_chat_header("10:05 From noon on we waited.") is None
    assert match_chat_header("10:01 From the harbour to the sea: a long way") is None
    assert match_chat_header("From  Jan  to  Everyone:") is None


def test_chat_header_parsing_is_linear_on_hostile_lines():
    """Many ``to`` words and no colon, many spaces, many ``From``: the header is found with string searches.
    (No clock: lines of 200,000-400,000 characters are long enough that a quadratic search would not
    finish in a test run.)"""
    for line in ("09:00:46 From " + " to" * 200_000, "09:00:46 From " + " " * 400_000 + "x",
                 "09:00:46 From " + "From " * 100_000 + ":", "09:00:46 From " + "a to " * 100_000 + ":"):
        assert match_chat_header(line) is None and not is_meeting_event(line)


# -- Focus groups -------------------------------------------------------------------------------------------------------

FOCUS_GROUP = """Focus group 2 – parents, Leeds

Moderator: Welcome everyone. Could you each say your name?
Participant 1 (F, 45): I'm Sarah, I have two kids at the school.
Participant 2 (M, 38): Dave. One daughter in year 4.
Participant 3 (F, 29): Hi, I'm Priya.
Assistant moderator: Sorry, can everyone move a bit closer to the recorder?
Moderator: Thanks. So what do you think about the new homework policy?
Participant 2: Honestly it's too much. [crosstalk]
Participant 1: [crosstalk] No, I think it's fine — [inaudible 00:03:12] — most weeks.
Participant 3: I agree with Sarah.
Moderator: And the reading logs?
Participant 1: We never fill them in. [laughter]
"""


def test_focus_group_assistant_moderator_and_participants_with_their_details(tmp_path):
    """A focus group as Krueger's method has it: a moderator and an assistant moderator, participants whose first
    turn gives their details in brackets (``Participant 1 (F, 45):``, then ``Participant 1:``), crosstalk and
    inaudible marks inside the turns. Before, ``Assistant moderator:`` (used once) was glued into Participant 3's
    turn, and ``Participant 1 (F, 45)`` and ``Participant 1`` were two speakers."""
    t = read_transcript(_write(tmp_path, "fg2.txt", FOCUS_GROUP))
    turns = _turns(t)
    assert [(s, r) for s, r, *_ in turns[1:]] == [
        ("Moderator", "interviewer"), ("Participant 1", "respondent"), ("Participant 2", "respondent"),
        ("Participant 3", "respondent"), ("Assistant moderator", "interviewer"), ("Moderator", "interviewer"),
        ("Participant 2", "respondent"), ("Participant 1", "respondent"), ("Participant 3", "respondent"),
        ("Moderator", "interviewer"), ("Participant 1", "respondent"),
    ]
    assert turns[4][3] == "Hi, I'm Priya."
    assert turns[8][3] == "[crosstalk] No, I think it's fine — [inaudible 00:03:12] — most weeks."
    assert "Participant 1 (F, 45): I'm Sarah" in t.text  # the details stay in the text
    assert any("'Participant 1 (F, 45)' (line 4) as 'Participant 1'" in n for n in t.notes)
    assert t.attributes["speaker_qualifiers"] == "Participant 1: F, 45; Participant 2: M, 38; Participant 3: F, 29"


def test_two_interviewers_told_apart_by_their_notes_stay_apart(tmp_path):
    """``Interviewer (JS)`` and ``Interviewer (MK)`` beside a bare ``Interviewer``: two people, kept as written."""
    text = ("Interviewer (JS): First question?\nP1: Yes.\nInterviewer (MK): Second?\nP1: No.\n"
            "Interviewer: Third?\nP1: Maybe.\nInterviewer (JS): Last?\nP1: Done.\n")
    t = read_transcript(_write(tmp_path, "two.txt", text))
    assert {turn.speaker for turn in t.turns} >= {"Interviewer (JS)", "Interviewer (MK)", "Interviewer"}


def test_asst_moderator_abbreviated(tmp_path):
    text = ("MODERATOR: What brought you here?\nP1: My GP.\nP2: A friend.\nASST. MODERATOR: Could you speak up?\n"
            "P2: A friend told me.\nMODERATOR: Thanks.\nP1: Sure.\n")
    t = read_transcript(_write(tmp_path, "fg.txt", text))
    assert [(turn.speaker, turn.role) for turn in t.turns][3] == ("ASST. MODERATOR", "interviewer")


# -- Oral histories: credit line with the date after the name ---------------------------------------------------------

def test_credit_line_with_a_date_after_the_interviewer_name(tmp_path):
    """A Library of Congress Veterans History Project title as a catalogue quotes it (``James L. Prevatt interview
    conducted by Christopher Sims, 2017-09-30``): the credit names the interviewer, then the date. Before, the date
    kept the credit from naming anyone, so ``SIMS:`` was not the interviewer."""
    text = ("James L. Prevatt oral history\nInterview conducted by Christopher Sims, 2017-09-30\n\n"
            "SIMS: Where were you born? [00:00:12]\n"
            "PREVATT: In Jacksonville. My father worked on the docks [inaudible] and my mother [00:01:03] took in washing.\n"
            "SIMS: [crosstalk] Did you go to school there?\nPREVATT: Yes, until I was fourteen.\n"
            "SIMS: What then?\nPREVATT: The Navy.\n")
    t = read_transcript(_write(tmp_path, "prevatt.txt", text))
    assert t.attributes["interviewer"] == "Christopher Sims"
    assert [(turn.speaker, turn.role) for turn in t.turns[1:3]] == [("SIMS", "interviewer"), ("PREVATT", "respondent")]
    assert "[00:01:03] took in washing." in t.turn_text(t.turns[2])  # a time inside a turn stays in it


# -- Otter's "Unknown Speaker" left unmarked among bold name lines ------------------------------------------------------

PODCAST = """**Matt Yonkovit** 
And so when, okay, so what we're talking about here is you've got two clusters, right? 

**Ege Güneş**  
So Mongo has this concept of replica sets to configure replication.

Okay, and I think, what Ege is telling, like, it's a great feature. You can keep data in the specific region. 

Unknown Speaker  
You don't need to.

**Matt Yonkovit** 
So if you want just your South American users to hit those, yeah, that's okay. 

**Vinodh Krishnaswamy**  
Yeah, you can do that.

**Matt Yonkovit** 
Okay. And so this is a tech preview right now, right? 

**Ege Güneş**  
Yes, we will be releasing this feature as a tech preview.

**Vinodh Krishnaswamy**  
Yeah, even in support, I have seen a lot of customers.
"""


def test_unknown_speaker_line_among_bold_name_lines_is_a_speaker(tmp_path):
    """percona/community ``content/podcasts/`` (the MongoDB replication episode with Ege Güneş and Vinodh
    Krishnaswamy): an Otter transcript edited in Markdown, the named speakers' lines set in bold, Otter's
    ``Unknown Speaker  `` left as it was. Before, ``Unknown Speaker`` and its words were glued into Ege's turn."""
    t = read_transcript(_write(tmp_path, "podcast.md", PODCAST))
    turns = _turns(t)
    assert [s for s, *_ in turns] == ["Matt Yonkovit", "Ege Güneş", "Unknown Speaker", "Matt Yonkovit",
                                      "Vinodh Krishnaswamy", "Matt Yonkovit", "Ege Güneş", "Vinodh Krishnaswamy"]
    assert turns[2][3] == "You don't need to."
    assert turns[1][3].endswith("You can keep data in the specific region.")


def test_a_role_word_alone_on_a_line_in_colon_labelled_file_stays_speech(tmp_path):
    """Without other label lines, a plain ``Interviewer`` line is not a label (the colon labels are the layout)."""
    text = "I: What did you do then?\nR: I asked for the\nInterviewer\nand she came.\nI: And then?\nR: Nothing.\n"
    t = read_transcript(_write(tmp_path, "a.txt", text))
    assert [turn.speaker for turn in t.turns] == ["I", "R", "I", "R"]


# -- A label with the cue's time range in brackets -------------------------------------------------------------------

def test_label_with_a_bracketed_time_range_and_colon(tmp_path):
    """Byrrajus12/transcript_editor ``README.md``: transcripts as diarization tools write them,
    ``[SPEAKER] [hh:mm:ss.mmm --> hh:mm:ss.mmm]: text``; and ``Speaker 1 [00:00:01 - 00:00:03]: text`` as a
    meeting tool's export writes it (a parser's fixture in the same index). Before, neither file had speakers."""
    diarized = ("[SPEAKER_00] [00:00:01.000 --> 00:00:05.000]: So how did you start at the port?\n"
                "[SPEAKER_01] [00:00:05.500 --> 00:00:09.000]: I started in 1998.\n"
                "[SPEAKER_00] [00:00:09.500 --> 00:00:12.000]: And then what happened?\n"
                "[SPEAKER_01] [00:00:12.500 --> 00:00:15.000]: Then I moved to customs.\n")
    t = read_transcript(_write(tmp_path, "diarized.txt", diarized))
    assert [(s, ts, said) for s, _, ts, said in _turns(t)] == [
        ("SPEAKER_00", 1.0, "So how did you start at the port?"), ("SPEAKER_01", 5.5, "I started in 1998."),
        ("SPEAKER_00", 9.5, "And then what happened?"), ("SPEAKER_01", 12.5, "Then I moved to customs."),
    ]
    ranged = "".join(f"Speaker {1 + i % 2} [00:00:{2 * i:02d} - 00:00:{2 * i + 1:02d}]: Line {i}.\n\n" for i in range(4))
    t = read_transcript(_write(tmp_path, "ranged.txt", ranged))
    assert [(s, ts, said) for s, _, ts, said in _turns(t)] == [
        ("Speaker 1", 0.0, "Line 0."), ("Speaker 2", 2.0, "Line 1."), ("Speaker 1", 4.0, "Line 2."),
        ("Speaker 2", 6.0, "Line 3."),
    ]


def test_label_time_range_parsing_is_linear_on_hostile_lines():
    from researchkit.io.speakers import match_label

    for line in ("Speaker 1 [00:00" + " " * 200_000 + "-", "Speaker 1 [00:00 - " + " " * 200_000 + "00:01",
                 "Speaker 1 " + "[00:00 --> 00:01]" * 20_000 + ":"):
        assert match_label(line) is None


# -- Oral histories: a line of words the transcriber could not make out ---------------------------------------------

def test_inaudible_line_stays_in_the_speakers_turn(tmp_path):
    """Rev-style oral-history transcripts mark words that could not be made out with ``[inaudible]`` (or
    ``[inaudible 00:01:12]``), also on a line of their own inside a turn; those words were the narrator's.
    Before, the line became a turn of nobody and split the narrator's turn in two; ``[crosstalk]`` alone on a
    line (several people at once) stays a turn of nobody."""
    text = ("SMITH: Where were you born?\nJONES: I was born in Cardiff in 1931.\n[inaudible 00:01:12]\n"
            "and then we moved.\nSMITH: To where?\n[crosstalk]\nJONES: Swansea.\nSMITH: When?\nJONES: In 1940.\n")
    t = read_transcript(_write(tmp_path, "jones.txt", text))
    turns = _turns(t)
    assert [s for s, *_ in turns] == ["SMITH", "JONES", "SMITH", "", "JONES", "SMITH", "JONES"]
    assert turns[1][3] == "I was born in Cardiff in 1931.\n[inaudible 00:01:12]\nand then we moved."
    assert turns[3][3] == "[crosstalk]"


# -- react-transcript-editor / autoEdit exports (BBC's kaldi speaker ids) ----------------------------------------------

def test_transcript_editor_text_with_speakers_and_timecodes(tmp_path):
    """Russ3lHD/react-transcript-editor
    ``dist/packages/export-adapters/txt-speakers-timecodes/draftToTxtSpeakersTimecodes.js``
    (BBC's react-transcript-editor, behind autoEdit and digital paper edit): ``F_S12 \\t [00:00:13] \\t There is a
    day.``, blocks joined by a blank line, the speaker a diarizer's id (``F_S12``: female, speaker 12) or a name.
    Before, the file had no speakers."""
    blocks = [("F_S12", "00:00:13", "There is a day. About ten years ago."), ("M_S3", "00:00:25", "Why did you do that?"),
              ("F_S12", "00:00:28", "It was a toy called Pleo."), ("M_S3", "00:00:31", "And then?")]
    t = read_transcript(_write(tmp_path, "pleo.txt", "\n\n".join(f"{s} \t [{ts}] \t {said}" for s, ts, said in blocks)))
    assert [(s, ts, said) for s, _, ts, said in _turns(t)] == [
        ("F_S12", 13.0, blocks[0][2]), ("M_S3", 25.0, blocks[1][2]), ("F_S12", 28.0, blocks[2][2]), ("M_S3", 31.0, blocks[3][2]),
    ]


def test_transcript_editor_docx_layout_time_then_speaker_line(tmp_path):
    """The same editor's plain-text adapter as its docstring shows the export: ``00:00:13\\t\\tF_S12`` on a line, the speech
    below. Before, the underscore in the id kept the line from being a label line (so did WhisperX's
    ``00:00:05 SPEAKER_00``)."""
    text = ("00:00:13\t\tF_S12\nThere is a day.\n\n00:00:24\t\tF_S1\nthat\n\n00:00:24\t\tF_S12\nhe'd ordered.\n\n"
            "00:00:30\t\tF_S1\nAnd then?\n")
    t = read_transcript(_write(tmp_path, "pleo.txt", text))
    assert [(s, ts, said) for s, _, ts, said in _turns(t)] == [
        ("F_S12", 13.0, "There is a day."), ("F_S1", 24.0, "that"), ("F_S12", 24.0, "he'd ordered."),
        ("F_S1", 30.0, "And then?"),
    ]
    t = read_transcript(_write(tmp_path, "w.txt", "00:00:05 SPEAKER_00\nHello?\n\n00:00:09 SPEAKER_01\nJan.\n\n"
                                                  "00:00:12 SPEAKER_00\nWhy?\n"))
    assert [turn.speaker for turn in t.turns] == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_00"]


def test_markdown_emphasis_is_still_no_label_line(tmp_path):
    """``_Introduction_`` or ``snake_case`` on a line stay text: only a diarizer's id may hold an underscore."""
    from researchkit.io.speakers import match_label_line

    assert match_label_line("00:00:05 _Intro_") is None and match_label_line("00:00:05 my_var") is None


def test_tabbed_label_parsing_is_linear_on_hostile_lines():
    from researchkit.io.speakers import match_label

    for line in ("a" * 60 + " \t [" + "0" * 200_000, "F_S1 \t [00:00:13]" + " \t" * 100_000, "x\t" * 100_000):
        assert match_label(line) is None


def test_a_time_alone_inside_a_turn_is_not_the_next_turns_time(tmp_path):
    """Oral histories put the tape time on a line of its own, also in the middle of a narrator's answer
    (``[00:12:03]`` between two paragraphs of JONES). Before, that time became the timestamp of the
    interviewer's next turn; a time alone right before a label still is that turn's time."""
    text = ("Oral history of Mary Jones\n\nSMITH: Where were you born?\n\nJONES: I was born in Cardiff in 1931.\n\n"
            "[00:12:03]\n\nMy father worked on the docks.\n\nSMITH: And your mother?\n\nJONES: She took in washing.\n\n"
            "[00:13:10]\n\nSMITH: Did you go to school?\n\nJONES: Yes.\n")
    t = read_transcript(_write(tmp_path, "jones.txt", text))
    turns = _turns(t)
    assert [(s, ts) for s, _, ts, _ in turns[1:]] == [("SMITH", None), ("JONES", None), ("SMITH", None), ("JONES", None),
                                                      ("SMITH", 790.0), ("JONES", None)]
    assert turns[2][3] == "I was born in Cardiff in 1931.\n[00:12:03]\nMy father worked on the docks."


# -- A focus group pasted into Markdown as a bullet list ---------------------------------------------------------------

def test_focus_group_as_a_markdown_bullet_list(tmp_path):
    """A focus group transcript kept in a Markdown brief as a list (``### 13) Focus group transcript``, then
    ``- Moderator: Welcome. ...`` and ``- Calvin (Port mechanic): ...``; found through the index's string search).
    Before, no label was found behind the list markers. The markers stay in the text, outside the turns."""
    text = ("### Focus group transcript\n"
            "- Moderator: Welcome. Please share your honest takes on SmartCorridor?\n"
            "- Calvin (Port mechanic): Freight is my livelihood.\n- Farah (Nurse): I finish shifts at 11:30pm.\n"
            "- Moderator: What about headways?\n- Calvin (Port mechanic): Longer is worse.\n* Farah (Nurse): Agreed.\n")
    t = read_transcript(_write(tmp_path, "brief.md", text))
    turns = _turns(t)
    assert [(s, r, said) for s, r, _, said in turns[1:]] == [
        ("Moderator", "interviewer", "Welcome. Please share your honest takes on SmartCorridor?"),
        ("Calvin (Port mechanic)", "respondent", "Freight is my livelihood."),
        ("Farah (Nurse)", "respondent", "I finish shifts at 11:30pm."),
        ("Moderator", "interviewer", "What about headways?"),
        ("Calvin (Port mechanic)", "respondent", "Longer is worse."), ("Farah (Nurse)", "respondent", "Agreed."),
    ]
    assert "- Moderator: Welcome." in t.text


def test_a_numbered_question_list_is_still_no_labels(tmp_path):
    text = "1. Wat is uw functie: kort?\n2. Hoe lang werkt u hier?\n- Notitie: vragen vooraf gestuurd.\n"
    t = read_transcript(_write(tmp_path, "vragen.md", text))
    assert all(turn.speaker == "" for turn in t.turns)

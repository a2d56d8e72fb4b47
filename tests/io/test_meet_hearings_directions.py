"""Google Meet transcripts (Google Docs), printed hearings' ``Mr. POLIS.`` labels, stage directions on their own line."""

from __future__ import annotations

from researchkit.io import read_transcript


def _turns(t):
    return [(turn.speaker, turn.role, turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns]


def test_google_meet_transcript_saved_as_text_sets_its_footer_apart(tmp_path):
    """A Google Meet transcript (Gemini notes' Google Doc) as a Markdown copy in the stored index holds it
    ("Team Meeting - 2025/01/22 09:29 CST - Transcript"): a title line, ``Attendees`` and their names, ``Transcript``,
    ``Name: text`` lines, a time alone on a line every five minutes, a label with nothing after it, and two closing
    lines that are nobody's speech."""
    path = tmp_path / "meet.txt"
    path.write_text(
        "Team Meeting - 2025/01/22 09:29 CST - Transcript\nAttendees\nAdeleke Tolulope, Andrés Felipe Urrego Martínez, "
        "read.ai meeting notes\nTranscript\n00:00:00\n\n"
        "Adeleke Tolulope: Hello. Good morning, Andre. How you doing?\n"
        "Andrés Felipe Urrego Martínez: Steve, good afternoon. How are you, sir?\n"
        "Adeleke Tolulope: I'm good. How you doing?\n"
        "Andrés Felipe Urrego Martínez: What did your research tell you about why it went wild?\n"
        "00:05:00\n"
        "Andrés Felipe Urrego Martínez: So it's too powerful for what we have so far.\n"
        "Adeleke Tolulope:\n"
        "Adeleke Tolulope: because for it to learn. It needs enormous codes.\n"
        "Andrés Felipe Urrego Martínez: Thank you guys. I really appreciate you.\n"
        "Adeleke Tolulope: Yeah. Bye-bye.\n"
        "Meeting ended after 01:40:23 👋\n"
        "This editable transcript was computer generated and might contain errors. People can also change the text "
        "after it was created.\n", encoding="utf-8")
    t = read_transcript(path)
    turns = _turns(t)
    assert turns[1] == ("Adeleke Tolulope", "other", 0.0, "Hello. Good morning, Andre. How you doing?")
    assert ("Andrés Felipe Urrego Martínez", "other", 300.0, "So it's too powerful for what we have so far.") in turns
    assert turns[-1] == ("Adeleke Tolulope", "other", None, "Yeah. Bye-bye.")  # the footer is no longer its speech
    footer = [t.text[a:b] for a, b in t.furniture]
    assert footer[0] == "Meeting ended after 01:40:23 👋" and footer[1].startswith("This editable transcript was computer")
    assert sum("transcription service's credit" in n for n in t.notes) == 2
    assert t.text.endswith("after it was created.")  # nothing left out of the text


def test_google_meet_transcript_saved_as_markdown(tmp_path):
    """IntersectMBO's Technical Steering Committee transcript of 2026/01/07 (Google Meet, a Google Doc saved as
    Markdown, in the stored index): ``# Attendees``, ``# Transcript``, ``### 00:05:00`` headings, and
    ``### Meeting ended after 00:50:32 👋`` before the notice."""
    path = tmp_path / "tsc.md"
    path.write_text(
        "## Technical Steering Committee - 2026/01/07 08:29 CST - Transcript\n\n# Attendees\n\n"
        "Kevin Hammond, Neil Davies, Nicolas Biri\n\n# Transcript\n\n"
        "Nicolas Biri: Can you hear Kevin?\n\nKevin Hammond: Happy new year everyone.\n\n"
        "Neil Davies: Happy new year.\n\nKevin Hammond: Do you have access to the action items text?\n\n"
        "### 00:05:00\n\nKevin Hammond: Great. So, we need to check with Alex.\n\nNeil Davies: We pick it up this afternoon.\n\n"
        "Nicolas Biri: It's there.\n\n### Meeting ended after 00:50:32 👋\n\n"
        "This editable transcript was computer generated and might contain errors. People can also change the text after "
        "it was created.\n", encoding="utf-8")
    t = read_transcript(path)
    # Neil Davies speaks twice, Nicolas Biri twice; a name used once counts because the attendees list names it
    assert [(s, ts) for s, _, ts, _ in _turns(t)][-3:] == [("Kevin Hammond", 300.0), ("Neil Davies", None), ("Nicolas Biri", None)]
    assert _turns(t)[-1][3] == "It's there."
    assert [t.text[a:b] for a, b in t.furniture][0] == "### Meeting ended after 00:50:32 👋"


def test_attendees_listed_at_the_top_label_turns_even_when_used_once(tmp_path):
    """Google Meet's ``Attendees`` line (IntersectMBO TSC transcript, above): Udai Solanki speaks once."""
    path = tmp_path / "once.txt"
    lines = ["Weekly sync - 2026/01/07 08:29 CST - Transcript", "Attendees", "Kevin Hammond, Neil Davies, Udai Solanki",
             "Transcript", "00:00:00"]
    lines += [f"{who}: {what}" for who, what in [
        ("Kevin Hammond", "Can everyone hear me?"), ("Neil Davies", "Yes."), ("Kevin Hammond", "Good. First item?"),
        ("Neil Davies", "The report."), ("Udai Solanki", "I have a question on the budget."),
        ("Kevin Hammond", "Go ahead."), ("Neil Davies", "Later, please.")]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    t = read_transcript(path)
    assert ("Udai Solanki", "I have a question on the budget.") in [(s, text) for s, _, _, text in _turns(t)]
    assert any(n.startswith("names in the list of attendees (line 2) label a turn even when used once: 'Udai Solanki'")
               for n in t.notes)
    # without the list the single line is glued to the turn before, with a note (the rule for names used once)
    path.write_text("\n".join(lines[:1] + lines[3:]) + "\n", encoding="utf-8")
    assert "Udai Solanki" not in {turn.speaker for turn in read_transcript(path).turns}


def test_printed_hearing_labels_with_a_period(tmp_path):
    """A hearing printed by the GPO, as the Warren Commission's testimony of Mrs. Lee Harvey Oswald (Hearings, vol. 1)
    and House committee prints are quoted in the stored index: indented turns opening with ``The CHAIRMAN.``,
    ``Mr. RANKIN.``, ``Mrs. OSWALD.``, ``Ms. JOHNSON of Texas.``; ``[Laughter.]`` and ``[Whereupon ...]`` lines."""
    path = tmp_path / "hearing.txt"
    path.write_text(
        "    TESTIMONY OF MRS. LEE HARVEY OSWALD\n\n"
        "    The CHAIRMAN. Mrs. Oswald, the Commission is now ready to receive your testimony.\n"
        "    Mr. J. L. RANKIN. Mrs. Oswald, would you please state your full name for the Commission?\n"
        "    Mrs. OSWALD. Marina Nicolaevna Oswald.\n"
        "    Mr. RANKIN. And where do you reside?\n"
        "    Mrs. OSWALD. At the present time in Dallas.\n"
        "    [Laughter.]\n"
        "    Mrs. OSWALD. Yes, in Dallas.\n"
        "    Mr. RANKIN. Were you born in Russia?\n"
        "    Mrs. OSWALD. Yes.\n"
        "    The CHAIRMAN. Ms. Johnson.\n"
        "    Ms. JOHNSON of Texas. Thank you, Mr. Chairman. Where were you born?\n"
        "    Mrs. OSWALD. In the city of Severodvinsk.\n"
        "    Ms. JOHNSON of Texas. Mr. President. That is how I would address him. On what date?\n"
        "    Mrs. OSWALD. July 17, 1941.\n"
        "    The CHAIRMAN. Thank you.\n"
        "    [Whereupon, at 11:50 a.m., the hearing was adjourned.]\n", encoding="utf-8")
    t = read_transcript(path)
    speakers = [s for s, _, _, _ in _turns(t)]
    assert speakers == ["", "The CHAIRMAN", "Mr. RANKIN", "Mrs. OSWALD", "Mr. RANKIN", "Mrs. OSWALD", "", "Mrs. OSWALD",
                        "Mr. RANKIN", "Mrs. OSWALD", "The CHAIRMAN", "Ms. JOHNSON of Texas", "Mrs. OSWALD",
                        "Ms. JOHNSON of Texas", "Mrs. OSWALD", "The CHAIRMAN", ""]
    assert _turns(t)[6][3] == "[Laughter.]" and _turns(t)[-1][3].startswith("[Whereupon")
    assert _turns(t)[13][3] == "Mr. President. That is how I would address him. On what date?"  # an address, not a label
    assert _turns(t)[0][3] == "TESTIMONY OF MRS. LEE HARVEY OSWALD"  # a heading in capitals, no label
    assert any("'Mr. J. L. RANKIN.' (line 4) as 'Mr. RANKIN'" in n for n in t.notes)  # the full name once, then the short


def test_a_sentence_opening_with_a_title_and_name_once_stays_speech(tmp_path):
    path = tmp_path / "R01.txt"
    path.write_text("I: Who did you call?\nR: The harbour master.\nDr. Jansen. He knew the boat.\nI: And then?\n"
                    "R: Nothing happened.\n", encoding="utf-8")
    t = read_transcript(path)
    assert [s for s, _, _, _ in _turns(t)] == ["I", "R", "I", "R"]
    assert _turns(t)[1][3] == "The harbour master.\nDr. Jansen. He knew the boat."


def test_stage_directions_on_their_own_line_are_nobodys_speech(tmp_path):
    """Directions in a German documentary transcript (``**(Schuss: ...)**``, ``(Pause)``, ``[Musik]``); a mark inside a
    line (``[lacht]``), a time in brackets, and a mark that is a speaker's whole answer stay the speaker's."""
    path = tmp_path / "doku.md"
    path.write_text("Interviewer: Wie war der Abend?\n\n(Pause)\n\nBefragter: Ruhig.\n\n**(Schuss: Totale auf den Hafen)**\n\n"
                    "Dann kam das Boot.\n\n[Musik]\n\nInterviewer: Und dann?\n\nBefragter: Nichts. [lacht]\n\n[00:12:03]\n\n"
                    "Es war still.\n\nInterviewer: Haben Sie es gesehen?\n\nBefragter:\n\n(nickt)\n", encoding="utf-8")
    t = read_transcript(path)
    assert [(s, r, text) for s, r, _, text in _turns(t)] == [
        ("Interviewer", "interviewer", "Wie war der Abend?"), ("", "other", "(Pause)"), ("Befragter", "respondent", "Ruhig."),
        ("", "other", "**(Schuss: Totale auf den Hafen)**"), ("Befragter", "respondent", "Dann kam das Boot."),
        ("", "other", "[Musik]"), ("Interviewer", "interviewer", "Und dann?"),
        ("Befragter", "respondent", "Nichts. [lacht]\n[00:12:03]\nEs war still."),
        ("Interviewer", "interviewer", "Haben Sie es gesehen?"), ("Befragter", "respondent", "(nickt)")]
    assert any(n.startswith("3 line(s) in brackets between the speech read as stage directions") for n in t.notes)

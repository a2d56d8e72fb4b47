"""Rev-style continuation times (``(00:00:48):``): a new turn of the speaker above, from that time.

Each fixture has the shape of a real file: Lenny's Podcast transcripts as Rev writes them
(yidans1120/lennys-podcast-transcripts, ``episodes/boz/transcript.md``, ``episodes/crystal-w/transcript.md``),
AXRP's Markdown (``**Daniel Filan** (00:09):`` then ``(00:28):``) and a bilingual copy whose
``(00:01:25): ...`` has no timed labels to go with it.
"""

from __future__ import annotations

from researchkit.io import read_transcript


def _turns(t):
    return [(turn.speaker, turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns]


def _continuation_notes(t):
    return [n for n in t.notes if "open with only a time and a colon" in n]


BOZ = """# Making Meta

## Transcript

Lenny (00:00:00):
You were basically the 10th engineer at Facebook.

Andrew ‘Boz’ Bosworth (00:00:07):
I didn't sleep for more than four hours at a time.

Lenny (00:00:40):
In terms of the economic utility, newsfeed and ads created $1 trillion of value.

(00:00:48):
Today, my guest is Andrew Bosworth, or Boz, as most people know him.

(00:01:17):
He also built the original Facebook mobile ads platform.

Andrew ‘Boz’ Bosworth (00:04:55):
Thanks for having me.
"""


def test_rev_continuation_line_starts_a_turn_of_the_same_speaker_with_its_time(read_text):
    t = read_text("boz.md", BOZ)
    assert _turns(t)[1:] == [
        ("Lenny", 0.0, "You were basically the 10th engineer at Facebook."),
        ("Andrew ‘Boz’ Bosworth", 7.0, "I didn't sleep for more than four hours at a time."),
        ("Lenny", 40.0, "In terms of the economic utility, newsfeed and ads created $1 trillion of value."),
        ("Lenny", 48.0, "Today, my guest is Andrew Bosworth, or Boz, as most people know him."),
        ("Lenny", 77.0, "He also built the original Facebook mobile ads platform."),
        ("Andrew ‘Boz’ Bosworth", 295.0, "Thanks for having me."),
    ]
    assert "(00:00:48):\nToday" in t.text  # the time stays in the canonical text, outside the turn
    assert len({turn.role for turn in t.turns if turn.speaker == "Lenny"}) == 1
    (note,) = _continuation_notes(t)
    assert "2 line(s)" in note and "line 14" in note and "line 17" in note


def test_continuation_with_the_speech_on_the_same_line(read_text):
    text = ("Lenny (00:00:32):\nWelcome to the podcast.\n\n"
            "(00:01:25): My advice is to seriously study how Ramp operates.\n\n"
            "Geoff Charles (00:04:53):\nThanks, Lenny.\n\nLenny (00:04:54):\nSo what does Ramp do?\n\n"
            "Geoff Charles (00:05:04):\nFinance automation.\n")
    t = read_text("ramp.txt", text)
    assert _turns(t)[:3] == [
        ("Lenny", 32.0, "Welcome to the podcast."),
        ("Lenny", 85.0, "My advice is to seriously study how Ramp operates."),
        ("Geoff Charles", 293.0, "Thanks, Lenny."),
    ]


def test_axrp_bold_label_time_and_minute_second_continuations(read_text):
    text = ("**Daniel Filan** (00:09):\nHello, everyone.\n\n(00:28):\nAll right. I'm chatting with David Duvenaud.\n\n"
            "**David Duvenaud** (00:32):\nHi, Daniel.\n\n**Daniel Filan** (00:34):\nWho are you?\n\n"
            "**David Duvenaud** (00:40):\nA professor.\n\n(59:58):\nAnd then.\n\n(01:02:03):\nPast the first hour.\n")
    t = read_text("axrp.md", text)
    assert _turns(t) == [
        ("Daniel Filan", 9.0, "Hello, everyone."),
        ("Daniel Filan", 28.0, "All right. I'm chatting with David Duvenaud."),
        ("David Duvenaud", 32.0, "Hi, Daniel."),
        ("Daniel Filan", 34.0, "Who are you?"),
        ("David Duvenaud", 40.0, "A professor."),
        ("David Duvenaud", 3598.0, "And then."),
        ("David Duvenaud", 3723.0, "Past the first hour."),
    ]


def test_square_bracket_continuation_with_square_bracket_labels(read_text):
    text = "[00:00:40] Interviewer: Where were you?\n[00:00:48]: And before that?\n[00:00:52] Respondent: At home.\n"
    t = read_text("square.txt", text)
    assert _turns(t) == [
        ("Interviewer", 40.0, "Where were you?"),
        ("Interviewer", 48.0, "And before that?"),
        ("Respondent", 52.0, "At home."),
    ]


def test_time_in_speech_is_not_a_continuation_without_timed_labels(read_text):
    text = "Interviewer: When did you eat?\n(12:30): we went to lunch, I think.\nRespondent: Yes.\n"
    t = read_text("untimed.txt", text)
    assert _turns(t)[0] == ("Interviewer", None, "When did you eat?\n(12:30): we went to lunch, I think.")
    assert not _continuation_notes(t)


def test_other_style_or_words_before_the_time_are_not_continuations(read_text):
    text = ("Lenny (00:00:40):\nIn terms of utility.\n\n(12:30): a time of day in a file timed (hh:mm:ss)\n\n"
            "[00:00:50]: square brackets in a file timed in round ones\n\n"
            "He said (00:00:55): no.\n\nAnn (00:01:00):\nHello.\n\nLenny (00:01:05):\nHi.\n\nAnn (00:01:10):\nBye.\n")
    t = read_text("styles.txt", text)
    assert [(s, ts) for s, ts, _ in _turns(t)] == [("Lenny", 40.0), ("Ann", 60.0), ("Lenny", 65.0), ("Ann", 70.0)]
    assert _turns(t)[0][2].endswith("He said (00:00:55): no.")
    assert not _continuation_notes(t)


def test_bilingual_copy_with_untimed_labels_keeps_the_time_in_the_speech(read_text):
    text = ("### [00:00:32] Lenny\n\n**English:**\nWelcome to Lenny's Podcast.\n\n---\n\n"
            "**English:**\n(00:01:25): My advice is to seriously study how Ramp operates.\n")
    t = read_text("bilingual.md", text)
    assert any(speech.startswith("(00:01:25): My advice") for _, _, speech in _turns(t))
    assert not _continuation_notes(t)


def test_continuation_time_without_speech_stays_text(read_text):
    text = "Lenny (00:00:40):\nIn terms of utility.\n\n(00:00:48):\n\nAnn (00:01:00):\nHello.\nLenny (00:01:05):\nHi.\nAnn (00:01:10):\nBye.\n"
    t = read_text("empty.txt", text)
    assert _turns(t)[:2] == [("Lenny", 40.0, "In terms of utility.\n(00:00:48):"), ("Ann", 60.0, "Hello.")]
    assert not _continuation_notes(t)


def test_continuation_before_the_first_label_stays_in_the_preamble(read_text):
    text = "(00:00:05): Recording starts.\nLenny (00:00:40):\nHi.\nAnn (00:01:00):\nHello.\n"
    t = read_text("preamble.txt", text)
    assert _turns(t)[0] == ("", None, "(00:00:05): Recording starts.")


def test_question_below_an_empty_label_is_the_speakers_not_the_moderators(read_text):
    """Crystal W's episode: ``Ashley (00:02:40):`` above ``At least 40%?`` in a file of three speakers."""
    text = ("Crystal Widjaja (00:00:00):\nI felt it was solvable.\n\nLenny (00:00:29):\nCrystal has led growth.\n\n"
            "(00:01:59):\nHow many B2B SaaS companies import CSV files?\n\nAshley (00:02:40):\nAt least 40%?\n\n"
            "Lenny (00:02:40):\nAnd how many screw that up?\n\nAshley (00:02:43):\nA third.\n\n"
            "Crystal Widjaja (00:03:56):\nSo cool to see you.\n")
    t = read_text("crystal.md", text)
    assert [(s, speech) for s, _, speech in _turns(t)] == [
        ("Crystal Widjaja", "I felt it was solvable."),
        ("Lenny", "Crystal has led growth."),
        ("Lenny", "How many B2B SaaS companies import CSV files?"),
        ("Ashley", "At least 40%?"),
        ("Lenny", "And how many screw that up?"),
        ("Ashley", "A third."),
        ("Crystal Widjaja", "So cool to see you."),
    ]
    assert not any("moderator" in n for n in t.notes)


def test_rev_word_file_continuations(make_docx):
    path = make_docx("rev.docx", [
        ("Speaker 1 (00:00:07):", ""), "Thanks for having me.",
        "(00:00:48):", "Let me go on about that.",
        ("Speaker 2 (00:01:02):", ""), "Sure.",
        "(00:01:10): And on the same line.",
    ])
    t = read_transcript(path)
    assert _turns(t) == [
        ("Speaker 1", 7.0, "Thanks for having me."),
        ("Speaker 1", 48.0, "Let me go on about that."),
        ("Speaker 2", 62.0, "Sure."),
        ("Speaker 2", 70.0, "And on the same line."),
    ]
    assert "(00:00:48):" in t.text


def test_latin1_text_file_continuation(read_text):
    text = ("Interviewer (00:10):\nOù étiez-vous?\n(00:15):\nEt après?\nRépondant (00:20):\nÀ la maison.\n"
            "Interviewer (00:25):\nMerci.\nRépondant (00:30):\nDe rien.\n")
    t = read_text("fr.txt", text, encoding="latin-1")
    assert [(s, ts) for s, ts, _ in _turns(t)] [:3] == [("Interviewer", 10.0), ("Interviewer", 15.0), ("Répondant", 20.0)]

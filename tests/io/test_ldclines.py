"""LDC's telephone-speech transcripts in ``.txt``: times before the side (CallHome, CallFriend), Switchboard's ``A.1:``."""

from __future__ import annotations

from researchkit.io import read_transcript


def _turns(t):
    return [(turn.speaker, turn.role, turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns]


def test_callhome_times_are_the_turns_time_outside_the_turn_and_the_side_is_the_speaker(tmp_path):
    path = tmp_path / "en_4065.txt"
    path.write_text("57.66 59.27 A: yeah right\n\n59.40 61.02 B: so when are you coming home\n"
                    "61.10 65.80 A: i don't know maybe in june {laugh}\n66.00 67.10 B: uh-huh\n", encoding="utf-8")
    t = read_transcript(path)
    assert _turns(t) == [("A", "other", 57.66, "yeah right"), ("B", "other", 59.4, "so when are you coming home"),
                         ("A", "other", 61.1, "i don't know maybe in june {laugh}"), ("B", "other", 66.0, "uh-huh")]
    assert t.text.split("\n")[0] == "57.66 59.27 A: yeah right"  # the times stay in the text, before the turn
    assert any(n.startswith("read as LDC's timed lines") and "(A, B)" in n for n in t.notes)


def test_callfriend_sides_with_numbers_a_continuation_line_and_labels(tmp_path):
    path = tmp_path / "4175.txt"
    path.write_bytes("1079.17 1081.63 B1: [distortion] yeah i think so\n1081.90 1085.20 A: okay and what about Jos\u00e9\n"
                     "and the kids\n1085.40 1090.00 B1: they are fine &Maria is at school\n".encode("cp1252"))
    t = read_transcript(path, labels={"A": "interviewer"})
    assert _turns(t) == [("B1", "respondent", 1079.17, "[distortion] yeah i think so"),
                         ("A", "interviewer", 1081.9, "okay and what about Jos\u00e9\nand the kids"),
                         ("B1", "respondent", 1085.4, "they are fine &Maria is at school")]


def test_switchboard_side_and_utterance_number(tmp_path):
    path = tmp_path / "sw2001.txt"
    path.write_text("A.1: Okay, so, um, what kind of car do you drive?\n\nB.2: Well, I have a Honda.\n\n"
                    "A.3 utt1: Oh, nice.\n\nB.4: Yeah, it is, uh, pretty old though.\n", encoding="utf-8")
    t = read_transcript(path)
    assert [(s, text) for s, _, _, text in _turns(t)] == [
        ("A", "Okay, so, um, what kind of car do you drive?"), ("B", "Well, I have a Honda."), ("A", "Oh, nice."),
        ("B", "Yeah, it is, uh, pretty old though.")]
    assert all(role == "other" for _, role, _, _ in _turns(t))  # A is a side of the call, not an answer
    assert t.text.startswith("A.1: Okay") and any("side and utterance number" in n for n in t.notes)


def test_an_interview_with_a_number_or_two_is_not_read_as_ldc(tmp_path):
    path = tmp_path / "R01.txt"
    path.write_text("I: How many boats?\nR: 12.5 13.0 maybe, or so.\nI: And A.1 was the first?\nR: Yes.\n", encoding="utf-8")
    t = read_transcript(path)
    assert [(s, r) for s, r, _, _ in _turns(t)] == [("I", "interviewer"), ("R", "respondent"), ("I", "interviewer"),
                                                    ("R", "respondent")]
    assert not any("LDC" in n for n in t.notes)

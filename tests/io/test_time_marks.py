"""Times written at the end or the start of a paragraph, as transcription tools write them.

f4transkript/f5 (audiotranskription.de's manual) close each paragraph with ``#00:01:23-5#``, the time
the paragraph ends, and put such a mark on a line of its own too; NVivo's help ("Importing transcripts")
lets a timestamp opening a paragraph be enclosed in ``#``; transcripts in the stored index close
paragraphs with ``[00:06:00]`` (Descript-style markers). Before: a line that is only an f4 mark was
read as speech of the turn above, a leading ``#00:00:05-2# I:`` hid the label (the file became
unlabelled), and ``[00:01:23]`` or ``(00:01:23)`` closing paragraphs stayed inside the turns with no
time read. The text is never changed: every mark stays in it, outside the turn spans.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from researchkit.io import read_transcript


def _turns(path: Path) -> list[tuple[str, str, float | None, str]]:
    t = read_transcript(path)
    return [(x.speaker, x.role, x.timestamp, t.text[x.start : x.end]) for x in t.turns]


@pytest.mark.parametrize(("open_", "close"), [("[", "]"), ("(", ")")])
def test_a_time_in_brackets_closing_each_paragraph_is_the_next_turns_time(tmp_path: Path, open_: str, close: str) -> None:
    path = tmp_path / "R01.txt"
    source = (f"I: Wat deed u toen? {open_}00:01:23{close}\n"
              f"B: Ik ging naar huis en dat was het. {open_}00:01:40{close}\n"
              f"I: En daarna? {open_}00:02:05.5{close}\n"
              f"B: Niets meer.\n")
    path.write_text(source, encoding="utf-8")
    t = read_transcript(path)
    assert t.text == source.rstrip("\n")  # nothing lost, nothing moved
    assert _turns(path) == [("I", "interviewer", None, "Wat deed u toen?"),
                            ("B", "respondent", 83.0, "Ik ging naar huis en dat was het."),
                            ("I", "interviewer", 100.0, "En daarna?"),
                            ("B", "respondent", 125.5, "Niets meer.")]
    assert any("end with a time in brackets" in n for n in t.notes)


def test_one_time_in_brackets_at_a_paragraphs_end_stays_in_the_turn(tmp_path: Path) -> None:
    path = tmp_path / "R01.txt"
    path.write_text("I: Hoe laat begon het?\nB: Om tien over. (10:10)\nI: En toen?\nB: Niets.\n", encoding="utf-8")
    turns = _turns(path)
    assert turns[1] == ("B", "respondent", None, "Om tien over. (10:10)") and turns[2][2] is None


def test_an_f4_mark_on_a_line_of_its_own_is_a_time_not_speech(tmp_path: Path) -> None:
    path = tmp_path / "R01.txt"
    path.write_text("I: Wat deed u toen? #00:01:23-5#\n\n#00:01:30-0#\n\nB: Ik ging naar huis. #00:01:40-0#\n\n"
                    "I: En daarna?\n", encoding="utf-8")
    assert _turns(path) == [("I", "interviewer", None, "Wat deed u toen?"),
                            ("B", "respondent", 90.0, "Ik ging naar huis."),
                            ("I", "interviewer", 100.0, "En daarna?")]


def test_an_f4_or_nvivo_mark_opening_the_paragraph_is_the_labels_time(tmp_path: Path) -> None:
    path = tmp_path / "R01.txt"
    path.write_text("#00:00:05-2# I: Wat deed u toen?\n\n#00:00:12-3# B: Ik ging naar huis.\n\n"
                    "#00:00:20# I: En daarna?\n\n#00:00:25# B: Niets.\n", encoding="utf-8")
    t = read_transcript(path)
    assert _turns(path) == [("I", "interviewer", 5.2, "Wat deed u toen?"), ("B", "respondent", 12.3, "Ik ging naar huis."),
                            ("I", "interviewer", 20.0, "En daarna?"), ("B", "respondent", 25.0, "Niets.")]
    assert t.text.startswith("#00:00:05-2# I: Wat deed u toen?\n#00:00:12-3# B:")


def test_a_label_line_with_its_time_is_not_a_closing_time(tmp_path: Path) -> None:
    """``Interviewer (00:03)`` alone on a line (Otter, Word) keeps its own time; the speech below is the turn."""
    path = tmp_path / "R01.txt"
    path.write_text("Interviewer (00:03)\nHow did it start?\n\nRespondent (00:09)\nBy accident.\n\n"
                    "Interviewer (00:15)\nAnd then?\n\nRespondent (00:20)\nNothing.\n", encoding="utf-8")
    assert [(s, ts, text) for s, _, ts, text in _turns(path)] == [
        ("Interviewer", 3.0, "How did it start?"), ("Respondent", 9.0, "By accident."),
        ("Interviewer", 15.0, "And then?"), ("Respondent", 20.0, "Nothing.")]


def test_a_running_minute_marker_that_falls_at_a_paragraph_end_stays_in_the_turn(tmp_path: Path) -> None:
    """A marker every minute, mostly inside paragraphs (as poclecoqq/quality_issues_in_MLSSs
    ``interviews/transcripts/Interview 6.txt`` writes ``[00:23:00]``): the few that happen to close a
    paragraph are the same running marker, not the time the paragraph ends; the turns keep them."""
    path = tmp_path / "R02.txt"
    source = ("I: Hoe begon het? [00:01:00] Vertel eens.\n"
              "B: Het begon klein [00:02:00] en werd groter. [00:03:00]\n"
              "I: Wanneer? [00:04:00] Ongeveer.\n"
              "B: Vorig jaar, [00:05:00] denk ik. [00:06:00]\n"
              "I: Dank u. [00:07:00] Tot zover.\n")
    path.write_text(source, encoding="utf-8")
    t = read_transcript(path)
    assert t.text == source.rstrip("\n")
    assert [(speaker, stamp, text.endswith("]")) for speaker, _, stamp, text in _turns(path)] == [
        ("I", None, False), ("B", None, True), ("I", None, False), ("B", None, True), ("I", None, False)]
    assert not any("end with a time in brackets" in n for n in t.notes)

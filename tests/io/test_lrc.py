"""``.lrc`` timed transcripts: ID tags, times (also above 99 minutes), labels after the time, whisper.cpp's diarization."""

from __future__ import annotations

import pytest

from researchkit import read_corpus
from researchkit.errors import TranscriptError
from researchkit.io import read_transcript


def _turns(t):
    return [(turn.speaker, turn.role, turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns]


def test_lrc_with_id_tags_labels_and_long_times(tmp_path):
    path = tmp_path / "R04.lrc"
    path.write_text("[ti:Interview 4]\n[ar:Harbour study]\n[by:whisper.cpp]\n[offset:+200]\n\n"
                    "[00:00.00] Interviewer: Where were you born?\n[00:03.52] Respondent: In Urk.\n"
                    "[00:05.10] Since 2001 I live in Harlingen.\n[00:09.00]\n[01:02.03] Interviewer: And then?\n"
                    "[105:23.00] Respondent: We moved.\n[105:30.00][106:00.00] Twice.\n", encoding="utf-8")
    t = read_transcript(path)
    assert t.source.format == "lrc"
    assert t.attributes == {"title": "Interview 4", "artist": "Harbour study", "by": "whisper.cpp", "offset": "+200"}
    assert _turns(t) == [
        ("Interviewer", "interviewer", 0.0, "Where were you born?"),
        ("Respondent", "respondent", 3.52, "In Urk.\n[00:05.10] Since 2001 I live in Harlingen."),
        ("Interviewer", "interviewer", 62.03, "And then?"),
        ("Respondent", "respondent", 6323.0, "We moved.\n[105:30.00][106:00.00] Twice."),
    ]
    # the ID tags left the text (they are attributes); every timed line is in it as written
    assert t.text.split("\n") == [line for line in path.read_text().splitlines()[5:] if line]
    assert any("[offset:+200]" in n and "not shifted" in n for n in t.notes)
    assert any(n.startswith("1 line(s) carry several times") and "line 12" in n for n in t.notes)


def test_lrc_from_whisper_cpp_with_diarization_and_without_labels(tmp_path):
    diarized = tmp_path / "call.lrc"
    diarized.write_text("[by:whisper.cpp]\n[00:00.00](speaker 0) Hello, how are you?\n[00:02.00](speaker 1) Fine.\n"
                        "[00:04.00](speaker ?) Mm.\n[00:05.00](speaker 0) Good.\n", encoding="utf-8")
    t = read_transcript(diarized)
    assert [(s, ts, text) for s, _, ts, text in _turns(t)] == [
        ("speaker 0", 0.0, "Hello, how are you?"), ("speaker 1", 2.0, "Fine."), ("speaker ?", 4.0, "Mm."),
        ("speaker 0", 5.0, "Good.")]
    plain = tmp_path / "talk.lrc"
    plain.write_bytes("[00:00.00] Goedemorgen allemaal.\n[00:04.50] Welkom in Zoë's haven.\n".encode("cp1252"))
    t = read_transcript(plain)
    assert [(turn.role, turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns] == [
        ("other", 0.0, "Goedemorgen allemaal."), ("other", 4.5, "Welkom in Zoë's haven.")]
    assert any("cp1252" in n for n in t.notes) and any(n.startswith("no speaker labels found") for n in t.notes)


def test_lrc_files_are_found_in_a_folder_and_an_empty_one_is_refused(tmp_path):
    (tmp_path / "R01.lrc").write_text("[00:01.00] I: Hoe gaat het?\n[00:02.00] R: Goed.\n", encoding="utf-8")
    (tmp_path / "R02.lrc").write_text("[ti:leeg]\n\n", encoding="utf-8")
    corpus = read_corpus(tmp_path, strict=False)
    assert [d.doc_id for d in corpus] == ["R01"]
    assert [(turn.speaker, turn.timestamp) for turn in corpus["R01"].turns] == [("I", 1.0), ("R", 2.0)]
    assert len(corpus.problems) == 1 and "R02.lrc" in str(corpus.problems[0]) and corpus.problems[0].code == "RK104"
    with pytest.raises(TranscriptError, match=r"RK104.*has only ID tags \(title\), no timed lines"):
        read_transcript(tmp_path / "R02.lrc")


def test_a_time_with_seconds_of_60_or_more_is_no_turn_time(tmp_path):
    """``[00:99.00]`` is refused as an LRC time, but the general reader of a leading time then made it a
    turn time of 99 s. Now no turn takes it (labelled or not); it stays in the text and a note names the line."""
    labelled = tmp_path / "R05.lrc"
    labelled.write_text("[00:00.00] Interviewer: Where?\n[00:99.00] Respondent: In Urk.\n"
                        "[01:05.10] Interviewer: Since when?\n", encoding="utf-8")
    t = read_transcript(labelled)
    assert _turns(t) == [("Interviewer", "interviewer", 0.0, "Where?"), ("Respondent", "respondent", None, "In Urk."),
                         ("Interviewer", "interviewer", 65.1, "Since when?")]
    assert "[00:99.00] Respondent: In Urk." in t.text.split("\n")
    assert any(n.startswith("1 line(s) start with a time that is none") and "line 2 [00:99.00]" in n for n in t.notes)

    plain = tmp_path / "R06.lrc"
    plain.write_text("[00:01.00] In Urk.\n[00:75.50] Since 2001.\n[00:03.00] Then Harlingen.\n", encoding="utf-8")
    t = read_transcript(plain)
    assert [(turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns] == [
        (1.0, "In Urk."), (None, "Since 2001."), (3.0, "Then Harlingen.")]
    assert any("line 2 [00:75.50]" in n for n in t.notes)
    assert not any(n.startswith("no line starts with an LRC time") for n in t.notes)

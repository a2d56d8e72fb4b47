"""NIST ``.stm`` transcripts: TED-LIUM's talks, two-channel calls, gaps, labels, several recordings, damage."""

from __future__ import annotations

import pytest

from researchkit.errors import TranscriptError
from researchkit.io import read_corpus, read_transcript
from researchkit.io.stm import split_stm

#: A TED-LIUM 3 talk as its .stm is written: ';;' category and label lines, gaps not scored, the label field.
TEDLIUM = (
    ';; CATEGORY "0" "" ""\n'
    ';; LABEL "O" "Overall" "Overall"\n'
    ';; LABEL "F0" "Baseline//Broadcast//Speech" ""\n'
    ';; LABEL "male" "Male" "Male Talkers"\n'
    "AlGore_2009 1 inter_segment_gap 0.00 17.82 <o,,unknown> ignore_time_segment_in_scoring\n"
    "AlGore_2009 1 AlGore 17.82 28.81 <o,f0,male> thank you so much chris and it 's truly a great honor\n"
    "AlGore_2009 1 AlGore 28.81 34.50 <o,f0,male> to have the opportunity to come to this stage twice\n"
    "AlGore_2009 1 AlGore 34.50 35.10 <o,f0,male> ignore_time_segment_in_scoring\n"
    "AlGore_2009 1 AlGore 35.10 39.00 <o,f0,male> i 'm extremely grateful\n"
)


def _turns(t):
    return [(turn.speaker, turn.role, turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns]


def test_tedlium_talk_segments_gaps_labels(tmp_path):
    path = tmp_path / "AlGore_2009.stm"
    path.write_text(TEDLIUM, encoding="utf-8")
    t = read_transcript(path)
    assert t.source.format == "stm"
    assert _turns(t) == [("AlGore", "other", 17.82, "thank you so much chris and it 's truly a great honor\n"
                                                     "to have the opportunity to come to this stage twice\n"
                                                     "i 'm extremely grateful")]
    assert t.text.startswith("AlGore: thank you") and "ignore_time_segment_in_scoring" not in t.text
    assert t.attributes == {"recording": "AlGore_2009", "channels": "1",
                            "stm_labels": "O: Overall; F0: Baseline//Broadcast//Speech; male: Male",
                            "speaker_labels": "AlGore: o, f0, male"}
    notes = " | ".join(t.notes)
    assert ("2 segment(s) that are no speech (not transcribed: inter_segment_gap 1, ignore_time_segment_in_scoring 1; "
            "18.4 s) left out: line 5, line 8") in notes
    assert "1 ';;' comment line(s) left out: line 1" in notes and "3 ';; LABEL' line(s)" in notes


def test_two_channel_call_interleaved_by_time_crlf_and_bom(tmp_path):
    path = tmp_path / "en_4156.stm"
    path.write_bytes(("\ufeffen_4156 A en_4156_A 0.00 2.10 <o,f0,female> hello\r\n"
                      "en_4156 A en_4156_A 5.00 6.00 <o,f0,female> oh really (%hesitation) where\r\n"
                      "en_4156 B en_4156_B 1.90 4.80 <o,f0,male> hi it 's me\r\n"
                      "en_4156 B en_4156_B 6.20 7.00 <o,f0,male> { yeah / yep }\r\n"
                      "en_4156 B en_4156_B 7.00 7.50\r\n").encode("utf-8"))
    t = read_transcript(path, labels={"en_4156_A": "interviewer"})
    assert _turns(t) == [("en_4156_A", "interviewer", 0.0, "hello"), ("en_4156_B", "respondent", 1.9, "hi it 's me"),
                         ("en_4156_A", "interviewer", 5.0, "oh really (%hesitation) where"),
                         ("en_4156_B", "respondent", 6.2, "{ yeah / yep }")]
    assert t.attributes["channels"] == "A, B"
    notes = " | ".join(t.notes)
    assert "not in time order" in notes and "1 segment(s) without words left out: line 5" in notes
    assert "1 segment(s) start before another speaker's has ended" in notes


def test_kaldi_stm_without_label_field_in_cp1252(tmp_path):
    path = tmp_path / "sw02001.stm"
    path.write_bytes("sw02001 A sw02001-A 0.00 1.23 uh-huh caf\u00e9\nsw02001\tB\tsw02001-B\t1.5\t3\tyes [laughter]\n"
                     .encode("cp1252"))
    t = read_transcript(path)
    assert [(s, ts, text) for s, _, ts, text in _turns(t)] == [("sw02001-A", 0.0, "uh-huh caf\u00e9"),
                                                              ("sw02001-B", 1.5, "yes [laughter]")]
    assert "speaker_labels" not in t.attributes and any("cp1252" in n for n in t.notes)


def test_several_recordings_are_refused_naming_them_and_split_stm_makes_one_file_each(tmp_path):
    path = tmp_path / "test.stm"
    path.write_text(";; eval set\nr1 1 s1 0.0 1.0 hello there\nr2 1 s2 0.0 1.0 good day\nr1 1 s1 1.0 2.0 bye\n",
                    encoding="utf-8")
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    message = str(err.value)
    assert err.value.code == "RK127" and "2 recordings: r1 (line 2, 2 segment(s)), r2 (line 3, 1 segment(s))" in message
    assert "line 3" in message and "split_stm" in message
    written = split_stm(path, tmp_path / "split")
    assert [p.name for p in written] == ["r1.stm", "r2.stm"]
    corpus = read_corpus(tmp_path / "split")
    assert corpus.doc_ids == ["r1", "r2"]
    assert corpus["r1"].text == "s1: hello there\nbye" and corpus["r2"].text == "s2: good day"


@pytest.mark.parametrize("line, words", [
    ("talk 1 AlGore 17.82", "fewer than the five fields"),
    ("talk 1 AlGore 17.82 end words", "the time 'end'"),
    ("talk 1 AlGore 1:02 3.0 words", "the time '1:02'"),
    ("talk 1 AlGore 1.0 3.0 <o,f0,male words here", "label field '<o,f0,male' is not closed"),
])
def test_malformed_lines_are_rk127_with_the_line(tmp_path, line, words):
    path = tmp_path / "bad.stm"
    path.write_text(f";; header\ntalk 1 AlGore 0.0 1.0 fine\n{line}\n", encoding="utf-8")
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert err.value.code == "RK127" and "line 3" in str(err.value) and words in str(err.value)


@pytest.mark.parametrize("content", [
    b"", b"\xef\xbb\xbf\r\n", b';; LABEL "O" "Overall" ""\n',
    b"talk 1 inter_segment_gap 0.0 5.0 <o,,unknown> ignore_time_segment_in_scoring\ntalk 1 AlGore 5.0 6.0\n",
])
def test_empty_files_are_rk104(tmp_path, content):
    path = tmp_path / "empty.stm"
    path.write_bytes(content)
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert err.value.code == "RK104"

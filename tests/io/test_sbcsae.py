"""SBCSAE ``.trn`` transcripts: both time layouts, continuation lines, pseudo-speakers, Du Bois' symbols, damage."""

from __future__ import annotations

import pytest

from researchkit import read_corpus
from researchkit.errors import TranscriptError
from researchkit.io import read_transcript
from researchkit.io.sbcsae import parse_trn_line

#: The first lines of SBC001 ("Actual Blacksmithing") as the UCSB release writes them: tabs between the columns,
#: an empty speaker column on a continuation line, overlap brackets, breaths, laughter, truncation, a '>' speaker.
SBC001 = (
    "0.00\t9.21\tLENORE:\t... So you don't need to go ... borrow equipment from anybody,\n"
    "9.21\t9.52\t\tto --\n"
    "9.52\t10.95\t\t... to do the feet?\n"
    "10.95\t11.60\t\t... [Do the hooves]?\n"
    "11.20\t12.00\tLYNNE:\t[(H)=] <YWN Well,\n"
    "12.00\t13.10\t\twe're gonna have to find somewhere,\n"
    "13.10\t15.20\t\t(Hx) ... something (Hx) YWN>.\n"
    "15.20\t15.80\tDORIS:\t.. So,\n"
    "15.80\t16.10\t\t[~Mae-] --\n"
    "15.85\t16.30\tLYNNE:\t[I'm gonna] (Hx) --\n"
    "16.30\t16.90\tDORIS:\t[2~Mae ~Lynne XX2]\n"
    "17.00\t17.40\t>ENV:\t((DOG_BARKING))\n"
    "17.40\t19.00\tLYNNE:\t...(1.2) @@@ <X X> %= --\n"
)


def _turns(t):
    return [(turn.speaker, turn.role, turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns]


def test_sbc001_lines_turns_times_and_symbols_as_transcribed(tmp_path):
    path = tmp_path / "SBC001.trn"
    path.write_text(SBC001, encoding="utf-8")
    t = read_transcript(path)
    assert t.source.format == "sbcsae" and t.source.encoding == "utf-8"
    assert _turns(t) == [
        ("LENORE", "other", 0.0, "... So you don't need to go ... borrow equipment from anybody,\nto --\n"
                                 "... to do the feet?\n... [Do the hooves]?"),
        ("LYNNE", "other", 11.2, "[(H)=] <YWN Well,\nwe're gonna have to find somewhere,\n(Hx) ... something (Hx) YWN>."),
        ("DORIS", "other", 15.2, ".. So,\n[~Mae-] --"),
        ("LYNNE", "other", 15.85, "[I'm gonna] (Hx) --"),
        ("DORIS", "other", 16.3, "[2~Mae ~Lynne XX2]"),
        (">ENV", "other", 17.0, "((DOG_BARKING))"),
        ("LYNNE", "other", 17.4, "...(1.2) @@@ <X X> %= --"),
    ]
    # one line per intonation unit; the speaker written once per turn; the times are not in the text
    lines = t.text.split("\n")
    assert len(lines) == 13 and lines[0].startswith("LENORE: ... So") and lines[1] == "to --"
    assert "9.21" not in t.text
    for turn in t.turns:  # the label is outside the turn, the turn is the speech
        assert t.text[: turn.start].endswith(f"{turn.speaker}: ")
    assert any(n.startswith("read as an SBCSAE .trn: 13 intonation unit line(s) of 4 speaker(s)") for n in t.notes)
    assert any("pseudo-speakers" in n and ">ENV" in n for n in t.notes)
    assert any("overlapping speech" in n for n in t.notes)


def test_older_layout_times_in_one_field_and_a_speaker_glued_with_spaces(tmp_path):
    path = tmp_path / "SBC013.trn"
    path.write_text("0.00 2.10\tJAMIE:\tHow [can you] teach a dog,\n"
                    "1.50 2.30\tHAROLD:\t[(H)]\n"
                    "2.30 4.00\t\tso,\n"
                    "4.00 5.20   JAMIE:     to do that.\n"
                    "5.20 6.00   and not this.\n", encoding="utf-8")
    t = read_transcript(path)
    assert [(s, ts, text) for s, _, ts, text in _turns(t)] == [
        ("JAMIE", 0.0, "How [can you] teach a dog,"), ("HAROLD", 1.5, "[(H)]\nso,"),
        ("JAMIE", 4.0, "to do that.\nand not this.")]


def test_labels_name_roles_and_pseudo_speakers_stay_other(tmp_path):
    path = tmp_path / "SBC010.trn"
    path.write_text("0.00\t1.00\tMARY:\tWhat did you see?\n1.00\t2.00\tJOE:\tA boat.\n2.00\t2.50\t>DOG:\t(BARK)\n"
                    "2.50\t3.00\tMARY:\tWhen?\n3.00\t4.00\t#FOSTER:\tAt night.\n", encoding="utf-8")
    t = read_transcript(path, labels={"MARY": "interviewer", "JOE": "respondent", "#FOSTER": "respondent"})
    assert [(s, r) for s, r, _, _ in _turns(t)] == [
        ("MARY", "interviewer"), ("JOE", "respondent"), (">DOG", "other"), ("MARY", "interviewer"), ("#FOSTER", "respondent")]


def test_cp1252_bom_crlf_and_stray_nul_bytes(tmp_path):
    path = tmp_path / "SBC060.trn"
    path.write_bytes("0.00\t1.50\tMONTOYA:\tthat\u2019s the se\u00f1or\u2019s,\r\n1.50\t2.00\t\tyeah.\r\n".encode("cp1252"))
    t = read_transcript(path)
    assert _turns(t) == [("MONTOYA", "other", 0.0, "that\u2019s the se\u00f1or\u2019s,\nyeah.")]
    assert t.source.encoding == "cp1252" and any("cp1252" in n for n in t.notes)
    bom = tmp_path / "SBC002.trn"
    bom.write_bytes(b"\xef\xbb\xbf0.00\t1.00\tALINA:\thi\x00 there\r\n1.00\t2.00\tLEN:\tok\r\n")
    t = read_transcript(bom)
    assert t.text == "ALINA: hi there\nLEN: ok"
    assert any(n.startswith("1 stray control byte(s)") and "line 1" in n for n in t.notes)


def test_mended_lines_comments_and_empty_lines_are_noted_never_dropped_silently(tmp_path):
    path = tmp_path / "SBC016.trn"
    path.write_text("0.00\t1.00\tCAROL:\t[okay]\n"
                    "1.00\t2.00\t@@@2]\tyes\n"  # words typed in the speaker column
                    "2.00\t3.00\t\t[2right\tthen2]\n"  # a stray tab inside the words
                    "3.00\t3.50\t\t\n"  # times, no words
                    "3.50\t4.00\t\t$ tape changed here\n"  # a transcriber's note
                    "5.00\t4.50\tKEN:\tno.\n", encoding="utf-8")  # reversed times
    t = read_transcript(path)
    assert _turns(t) == [("CAROL", "other", 0.0, "[okay]\n@@@2] yes\n[2right then2]"), ("KEN", "other", 5.0, "no.")]
    notes = " | ".join(t.notes)
    assert "1 line(s) with words in the speaker column: read as words of the speaker above: line 2" in notes
    assert "1 line(s) with words split over several columns by a stray tab: joined with one space: line 3" in notes
    assert "1 line(s) with times and no words left out: line 4" in notes
    assert "1 line(s) whose words start with '$'" in notes and "'$ tape changed here'" in notes
    assert "1 line(s) end before they start (times kept as written): line 6" in notes


def test_continuation_before_any_speaker_is_nobodys(tmp_path):
    path = tmp_path / "SBC020.trn"
    path.write_text("0.00\t1.00\t\t(TAPE STARTS)\n1.00\t2.00\tPETE:\tgo on.\n2.00\t3.00\tRAY:\tno.\n", encoding="utf-8")
    t = read_transcript(path)
    assert [(s, r) for s, r, _, _ in _turns(t)] == [("(no speaker)", "other"), ("PETE", "other"), ("RAY", "other")]
    assert any("before the first speaker name" in n and "line 1" in n for n in t.notes)


@pytest.mark.parametrize("content, line, words", [
    ("0.00\t1.00\tA:\thi\nLENORE:\tno times here\n", "line 2", "'LENORE:' is no time"),
    ("0.00\t1.00\tA:\thi\n\n2.5\n", "line 3", "end time: nothing follows"),
    ("0.00\t9.21.3\tA:\thi\n", "line 1", "'9.21.3' is no time"),
])
def test_malformed_lines_are_rk126_with_the_line(tmp_path, content, line, words):
    path = tmp_path / "bad.trn"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert err.value.code == "RK126" and line in str(err.value) and words in str(err.value)


def test_an_sclite_trn_is_refused_with_advice(tmp_path):
    path = tmp_path / "ref.trn"
    path.write_text("hello world (spk1-utt1)\ngood morning (spk1-utt2)\n", encoding="utf-8")
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert err.value.code == "RK126" and "sclite" in str(err.value) and "line 1" in str(err.value)


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\r\n\r\n", b"0.00\t1.00\tA:\t\n1.00\t2.00\t\t$ note\n"])
def test_empty_files_are_rk104(tmp_path, content):
    path = tmp_path / "empty.trn"
    path.write_bytes(content)
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert err.value.code == "RK104"


def test_trn_files_are_found_in_a_folder(tmp_path):
    (tmp_path / "SBC001.trn").write_text(SBC001, encoding="utf-8")
    (tmp_path / "bad.trn").write_text("no times\n", encoding="utf-8")
    corpus = read_corpus(tmp_path, strict=False)
    assert corpus.doc_ids == ["SBC001"] and [p.code for p in corpus.problems] == ["RK126"]


def test_parse_trn_line_keeps_the_speaker_column_as_written():
    line = parse_trn_line("1.5\t2\t*X:\t<X words X>", 7)
    assert (line.number, line.start, line.end, line.speaker, line.text) == (7, 1.5, 2.0, "*X", "<X words X>")
    assert parse_trn_line("0 1\tMANY\t@@@", 1).speaker == "MANY"  # the colon is sometimes missing

"""Word files as transcription services export them (layouts in docs/ingestion.md, "Exports
from transcription services"). Each fixture is a small .docx built here with python-docx."""

from __future__ import annotations

import re
from collections import Counter

import docx
import pytest

from researchkit import read_transcript
from researchkit.transcripts import quality_flags

QA = [
    ("Goedemorgen, fijn dat u wilt meedoen. Wat is uw werk in de haven?", "Ik werk al twintig jaar als stuwadoor in Rotterdam."),
    ("Wat is er in die tijd veranderd?", "Vooral de automatisering. Nu zit je achter een scherm."),
    ("Merkt u iets van controles op de kade?", "Soms komt de douane langs, maar meestal zie je niemand."),
    ("Heeft u dat ooit gemeld?", "Een keer, bij mijn leidinggevende. Daarna hoorde ik niets meer."),
]
ALL_SPEECH = [text for pair in QA for text in pair]


def _para(document, *runs):
    """Add a paragraph: a str is a run, a 1-tuple a bold run, ``"\\n"`` a line break (Shift+Enter)."""
    p = document.add_paragraph()
    for run in runs:
        if isinstance(run, tuple):
            p.add_run(run[0]).bold = True
        elif run == "\n":
            p.add_run().add_break()
        else:
            p.add_run(run)


def _clock(seconds: int, hours: bool = True) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" if hours else f"{seconds // 60}:{seconds % 60:02d}"


def _check(path, speakers: set[str]):
    """The invariants every layout must keep; returns the transcript."""
    t = read_transcript(path)
    assert {x.speaker for x in t.turns if x.speaker} == speakers
    body = " ".join(e.text for e in docx.Document(path).element.body.iter() if e.tag.endswith("}t") and e.text)
    assert not Counter(re.findall(r"\w+", body)) - Counter(re.findall(r"\w+", t.text))  # no word lost
    for turn in t.turns:
        assert t.turn_text(turn) == t.text[turn.start : turn.end]
    words = [len(t.turn_text(x).split()) for x in t.turns]
    assert max(words) / sum(words) < 0.4
    speech = [t.turn_text(x) for x in t.turns if x.speaker]
    assert speech[: len(ALL_SPEECH)] == ALL_SPEECH[: len(speech)] or all(s in ALL_SPEECH for s in speech)
    return t


def test_teams_current_name_and_time_above_a_line_break(tmp_path):
    d = docx.Document()
    for line in ("Interview havenbedrijf-20240312_100312-Meeting Recording", "March 12, 2024, 10:03AM", "42m 7s",
                 "Anna de Boer started transcription"):
        _para(d, line)
    t0 = 3
    for q, a in QA:
        _para(d, "Anna de Boer   ", _clock(t0, hours=False), "\n", q)
        _para(d, "Kees Visser   ", _clock(t0 + 17, hours=False), "\n", a)
        t0 += 60
    d.save(path := tmp_path / "teams.docx")
    t = _check(path, {"Anna de Boer", "Kees Visser"})
    assert [x.timestamp for x in t.turns if x.speaker][:3] == [3.0, 20.0, 63.0]
    assert t.turns[0].speaker == "" and "42m 7s" in t.turn_text(t.turns[0])


def test_teams_2021_cue_range_then_name_then_speech_in_one_paragraph(tmp_path):
    d = docx.Document()
    _para(d, "Transcript")
    start = 0.0
    for q, a in QA:
        _para(d, f"0:0:{start:.1f} --> 0:0:{start + 4.68:.3f}", "\n", "Anna de Boer", "\n", q)
        _para(d, f"0:0:{start + 5.3:.1f} --> 0:0:{start + 14.5:.3f}", "\n", "Kees Visser", "\n", a)
        start += 15
    d.save(path := tmp_path / "teams_old.docx")
    t = _check(path, {"Anna de Boer", "Kees Visser"})
    assert [x.timestamp for x in t.turns if x.speaker][:2] == [0.0, 5.3]
    assert all("-->" not in t.turn_text(x) for x in t.turns if x.speaker)


def test_otter_bold_name_and_time_on_own_paragraph(tmp_path):
    d = docx.Document()
    for line in ("Interview Kees Visser", "Tue, Mar 12, 2024 10:03AM • 42:07", "SPEAKERS", "Anna de Boer, Kees Visser"):
        _para(d, line)
    t0 = 3
    for q, a in QA:
        _para(d, ("Anna de Boer  ",), _clock(t0, hours=False)), _para(d, q)
        _para(d, ("Kees Visser  ",), _clock(t0 + 17, hours=False)), _para(d, a)
        t0 += 60
    d.save(path := tmp_path / "otter.docx")
    t = _check(path, {"Anna de Boer", "Kees Visser"})
    assert t.turns[1].timestamp == 3.0 and t.turn_text(t.turns[1]) == QA[0][0]


def test_word_transcribe_time_before_generic_speaker(tmp_path):
    d = docx.Document()
    t0 = 0
    for q, a in QA:
        _para(d, f"{_clock(t0)} Spreker 1"), _para(d, q)
        _para(d, f"{_clock(t0 + 12)} Spreker 2"), _para(d, a)
        t0 += 40
    d.save(path := tmp_path / "word.docx")
    t = _check(path, {"Spreker 1", "Spreker 2"})
    assert [x.timestamp for x in t.turns][:3] == [0.0, 12.0, 40.0]


@pytest.mark.parametrize("header, speakers", [
    (("Time", "Speaker", "Comment"), ("spk_0", "spk_1")),  # AWS Transcribe via tscribe
    (("Tijd", "Spreker", "Tekst"), ("Interviewer", "Respondent")),
])
def test_table_with_time_speaker_and_text_columns(tmp_path, header, speakers):
    d = docx.Document()
    _para(d, "Transcript R04")
    table = d.add_table(rows=1, cols=3)
    for cell, name in zip(table.rows[0].cells, header):
        cell.text = name
    t0 = 3
    for q, a in QA:
        for speaker, text in zip(speakers, (q, a)):
            cells = table.add_row().cells
            cells[0].text, cells[1].text, cells[2].text = f"0:{t0 // 60:02d}:{t0 % 60:02d}", speaker, text
            t0 += 13
    d.save(path := tmp_path / "table.docx")
    t = _check(path, set(speakers))
    assert t.turns[1].timestamp == 3.0 and t.turn_text(t.turns[1]) == QA[0][0]
    if speakers[0] == "Interviewer":
        assert [x.role for x in t.turns[1:3]] == ["interviewer", "respondent"]


def test_rev_label_with_time_on_own_paragraph(tmp_path):
    d = docx.Document()
    _para(d, ("R06_haven.mp3",))
    t0 = 3
    for q, a in QA:
        _para(d, f"Speaker 1 ({_clock(t0)}):"), _para(d, q)
        _para(d, f"Speaker 2 ({_clock(t0 + 15)}):"), _para(d, a)
        t0 += 50
    d.save(path := tmp_path / "rev.docx")
    t = _check(path, {"Speaker 1", "Speaker 2"})
    assert t.turns[1].timestamp == 3.0


def test_bold_label_with_time_inside_the_bold(tmp_path):
    d = docx.Document()
    _para(d, ("Interview 7 - haven Rotterdam",))
    for i, (q, a) in enumerate(QA):
        _para(d, (f"Interviewer (0{i}:05):",), " " + q)
        _para(d, (f"Kees Visser (0{i}:30):",), " " + a)
    d.save(path := tmp_path / "rev_bold.docx")
    t = _check(path, {"Interviewer", "Kees Visser"})
    assert [(x.role, x.timestamp) for x in t.turns[1:3]] == [("interviewer", 5.0), ("respondent", 30.0)]


def test_f4_time_mark_at_paragraph_end_is_the_next_turns_time(tmp_path):
    d = docx.Document()
    for i, (q, a) in enumerate(QA):
        _para(d, f"I: {q} #00:0{i}:12-5#")
        _para(d, f"B: {a} #00:0{i}:50-0#")
    d.save(path := tmp_path / "f4.docx")
    t = _check(path, {"I", "B"})
    assert [x.timestamp for x in t.turns[:3]] == [None, 12.5, 50.0]
    assert [x.role for x in t.turns[:2]] == ["interviewer", "respondent"]
    assert all("#" not in t.turn_text(x) for x in t.turns)


def test_dutch_header_below_a_title_is_metadata_not_speakers(tmp_path):
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Vertrouwelijk"
    _para(d, ("Transcript interview R07",))
    for line in ("Datum: 12-03-2024", "Duur: 00:42:07", "Bestandsnaam: R07_opname.m4a", "Interviewer: Anna de Boer"):
        _para(d, line)
    for q, a in QA:
        _para(d, ("Interviewer:",), " " + q)
        _para(d, ("Respondent:",), " " + a)
    d.save(path := tmp_path / "R07.docx")
    t = _check(path, {"Interviewer", "Respondent"})
    assert t.attributes["bestandsnaam"] == "R07_opname.m4a" and t.attributes["interviewer"] == "Anna de Boer"
    assert t.turns[0].speaker == "" and t.turn_text(t.turns[1]) == QA[0][0]
    assert not quality_flags(t)


def test_focus_group_with_numbered_participants_and_bracketed_times(tmp_path):
    d = docx.Document()
    _para(d, ("Focusgroep 2 – havenbewoners",))
    _para(d, "Datum: 14 maart 2024")
    lines = [("Gespreksleider", QA[0][0]), ("Deelnemer 1", QA[0][1]), ("Deelnemer 2", QA[1][1]),
             ("Deelnemer 3", QA[2][1]), ("Gespreksleider", QA[1][0]), ("Deelnemer 1", QA[3][1])]
    for i, (speaker, text) in enumerate(lines):
        _para(d, f"[00:0{i}:05] {speaker}: {text}")
    d.save(path := tmp_path / "fg.docx")
    t = _check(path, {"Gespreksleider", "Deelnemer 1", "Deelnemer 2", "Deelnemer 3"})
    assert [x.role for x in t.turns[1:3]] == ["interviewer", "respondent"] and t.turns[2].timestamp == 65.0


def test_sonix_label_then_bracketed_time(tmp_path):
    d = docx.Document()
    for i, (q, a) in enumerate(QA):
        _para(d, ("Spreker 1: ",), f"[00:0{i}:03] {q}")
        _para(d, ("Spreker 2: ",), f"[00:0{i}:20] {a}")
    d.save(path := tmp_path / "sonix.docx")
    t = _check(path, {"Spreker 1", "Spreker 2"})
    assert t.turns[0].timestamp == 3.0 and t.turn_text(t.turns[0]) == QA[0][0]


def test_label_used_once_among_many_is_flagged_and_kept_in_the_text(tmp_path):
    d = docx.Document()
    for q, a in QA:
        _para(d, f"Q: {q}"), _para(d, f"A: {a}")
    _para(d, "Q: Nothing further.")
    _para(d, "MS. MARTINEZ: No further questions.")
    d.save(path := tmp_path / "depo.docx")
    t = read_transcript(path)
    assert t.turn_text(t.turns[-1]) == "Nothing further.\nMS. MARTINEZ: No further questions."
    assert any("'MS. MARTINEZ' (paragraph 10)" in f for f in quality_flags(t))


def test_a_sentence_opening_with_a_word_and_a_colon_is_not_flagged(tmp_path):
    # "Twee: camera's." in an enumeration of the respondent's is speech, not a stray speaker
    d = docx.Document()
    for q, a in QA:
        _para(d, f"Q: {q}"), _para(d, f"A: {a}")
    _para(d, "Twee: camera's bij de toegangswegen. Drie: terugkoppeling.")
    d.save(path := tmp_path / "list.docx")
    t = read_transcript(path)
    assert t.turn_text(t.turns[-1]).endswith("Twee: camera's bij de toegangswegen. Drie: terugkoppeling.")
    assert not any("used only once" in f for f in quality_flags(t))

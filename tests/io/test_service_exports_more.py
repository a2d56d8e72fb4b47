"""More exports of transcription services, as their documentation and public files show them (sweep of December 2026).

Each fixture is written by the test itself in the layout the test's docstring names and cites: Amberscript's API
documentation (``amberscript/api`` README: the txt, srt, vtt and JSON exports), Sonix exports published on the web
(``Name: [00:00:02] text``, the free plan's closing upsell), noScribe 0.7's html/vtt as a transcript editor's tests
quote them, Zoom's ``meeting_saved_closed_caption.txt`` as a meeting tool's skill file describes it, Otter's srt as
an srt-to-oTranscribe converter parses it (``Name: text`` in the cue), Happy Scribe's ``[00:00:00.16] - Speaker 1``.
The speech is the project's own (interviews in the ports); only the layouts are copied.
"""

from __future__ import annotations

import json

import docx
import pytest

from researchkit import read_transcript
from researchkit.io.asrjson import is_transcript_json
from researchkit.io.credits import is_service_credit
from researchkit.io.metadata import parse_header_lines
from researchkit.io.roles import noscribe_codes

QA = [("Hoe lang werkt u al in de haven?", "Twaalf jaar, ongeveer."), ("En daarvoor?", "Ik was visser op de Waddenzee."),
      ("Wat ziet u 's nachts?", "Niet veel, eerlijk gezegd.")]


def _write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _docx(path, paragraphs):
    """A Word file; a tuple ``(bold, rest)`` writes its first part as a bold run."""
    document = docx.Document()
    for item in paragraphs:
        paragraph = document.add_paragraph()
        if isinstance(item, tuple):
            paragraph.add_run(item[0]).bold = True
            paragraph.add_run(item[1])
        else:
            paragraph.add_run(item)
    document.save(path)
    return path


def _turns(t):
    """Speaker, role, time and the turn's text, read through the offsets."""
    return [(turn.speaker, turn.role, turn.timestamp, t.text[turn.start:turn.end]) for turn in t.turns]


def _dialogue(asker, answerer, *, step=5, asker_role="interviewer", answer_role="respondent"):
    """The expected turns of :data:`QA` between two speakers, one every ``step`` seconds."""
    turns = []
    for i, (question, answer) in enumerate(QA):
        turns.append((asker, asker_role, float(2 * i * step), question))
        turns.append((answerer, answer_role, float((2 * i + 1) * step), answer))
    return turns


def _clock(seconds):
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


# -- Amberscript ----------------------------------------------------------------------------------------------------

def _amberscript_text(first="Speaker 1", second="Speaker 2"):
    """Amberscript's ``export-txt`` (timestamps and speakers on): the time alone on a line, then ``Speaker 1: text``."""
    lines = []
    for i, (question, answer) in enumerate(QA):
        lines += [_clock(10 * i), f"{first}: {question}", "", _clock(10 * i + 5), f"{second}: {answer}", ""]
    return "\n".join(lines)


@pytest.mark.parametrize("word", ["Speaker", "Spreker"])
def test_amberscript_text_export_time_line_then_label(tmp_path, word):
    """Amberscript's txt: ``00:00:00`` alone on a line, ``Speaker 1: ...`` below it (``Spreker 1`` in Dutch, as a Dutch
    test of Amberscript quotes it); the time is the turn's."""
    t = read_transcript(_write(tmp_path, "amber.txt", _amberscript_text("Interviewer", "Respondent")))
    assert _turns(t) == _dialogue("Interviewer", "Respondent")
    generic = read_transcript(_write(tmp_path, "amber_generic.txt", _amberscript_text(f"{word} 1", f"{word} 2")))
    assert _turns(generic) == _dialogue(f"{word} 1", f"{word} 2")  # the first speaker asks the three questions
    assert any(f"'{word} 1' ends 3 of 3 turns with a question" in n for n in generic.notes)


def test_amberscript_word_export_reads_as_its_text_export(tmp_path):
    """The same layout as Word paragraphs (one per line of the txt)."""
    path = _docx(tmp_path / "amber.docx", [line for line in _amberscript_text("Interviewer", "Geïnterviewde").splitlines() if line])
    assert _turns(read_transcript(path)) == _dialogue("Interviewer", "Geïnterviewde")


@pytest.mark.parametrize("suffix", ["vtt", "srt"])
def test_amberscript_subtitles_have_no_speakers_and_no_branding_in_the_text(tmp_path, suffix):
    """Amberscript's vtt starts ``WEBVTT - created by www.amberscript.com``; its cues (two rows of at most 42
    characters) name nobody. The header is not text, the cues are paragraphs without speakers, their times kept."""
    sep = "." if suffix == "vtt" else ","
    head = "WEBVTT - created by www.amberscript.com\n\n" if suffix == "vtt" else ""
    cues = [(0.449, 3.769, "Goedemiddag, welkom bij dit korte"), (3.869, 7.4, "interview over de haven\nvan Harlingen.")]
    body = "".join(f"{n}\n{_sub(a, sep)} --> {_sub(b, sep)}\n{text}\n\n" for n, (a, b, text) in enumerate(cues, start=1))
    t = read_transcript(_write(tmp_path, f"amber.{suffix}", head + body))
    assert [(s, ts, said) for s, _, ts, said in _turns(t)] == [("", 0.449, "Goedemiddag, welkom bij dit korte"),
                                                               ("", 3.869, "interview over de haven van Harlingen.")]
    assert "amberscript" not in t.text


def _sub(seconds, sep):
    whole = int(seconds)
    return f"{_clock(whole)}{sep}{round((seconds - whole) * 1000):03d}"


AMBERSCRIPT_JSON = {
    "id": "5c9e45057103e464a4c6f477", "recordId": "RECORD_ID", "filename": "R07.mp3", "startTimeOffset": 0.0,
    "speakers": [{"spkid": "spk1", "name": "Interviewer"}, {"spkid": "spk2", "name": "Speaker 2"}],
    "segments": [
        {"speaker": "spk1", "words": [
            {"start": 2.11, "end": 2.68, "duration": 0.57, "text": "Goedemiddag,", "conf": 1.0, "pristine": True},
            {"start": 2.68, "end": 3.01, "duration": 0.33, "text": "hoe", "conf": 1.0, "pristine": True},
            {"start": 3.01, "end": 3.16, "duration": 0.15, "text": "lang", "conf": 0.9, "pristine": True},
            {"start": 3.16, "end": 3.9, "duration": 0.74, "text": "al?", "conf": 1.0, "pristine": True}]},
        {"speaker": "spk2", "words": [
            {"start": 4.14, "end": 4.9, "text": "Twaalf", "conf": 0.8}, {"start": 4.98, "end": 5.4, "text": "jaar.", "conf": 1.0}]},
        {"speaker": "spk2", "words": [{"start": 7.0, "end": 7.5, "text": "Ongeveer.", "conf": 1.0}]},
        {"speaker": "spk1", "words": [{"start": 8.2, "end": 8.6, "text": "En", "conf": 1.0},
                                      {"start": 8.6, "end": 9.3, "text": "daarvoor?", "conf": 1.0}]},
    ],
    "highlights": [],
}


def test_amberscript_json_names_the_speakers_and_times_each_turn(tmp_path):
    """Amberscript's ``export-json``: ``speakers`` name the ids, a segment has only its ``speaker`` id and ``words``.
    Before, it was read as Whisper JSON: speakers ``spk1``/``spk2`` and no times at all."""
    path = _write(tmp_path, "R07.json", json.dumps(AMBERSCRIPT_JSON))
    t = read_transcript(path)
    assert _turns(t) == [("Interviewer", "interviewer", 2.11, "Goedemiddag, hoe lang al?"),
                         ("Speaker 2", "respondent", 4.14, "Twaalf jaar.\nOngeveer."),
                         ("Interviewer", "interviewer", 8.2, "En daarvoor?")]
    assert any("read as Amberscript JSON" in n for n in t.notes)
    assert is_transcript_json(AMBERSCRIPT_JSON)


def test_amberscript_json_unnamed_speaker_and_time_offset_are_noted(tmp_path):
    """An id missing from ``speakers`` stays as written; a media timecode offset is noted, the times not shifted."""
    data = dict(AMBERSCRIPT_JSON, startTimeOffset=3600.0, speakers=[{"spkid": "spk1", "name": "Speaker 1"}])
    t = read_transcript(_write(tmp_path, "R08.json", json.dumps(data)))
    assert [(s, ts) for s, _, ts, _ in _turns(t)] == [("Speaker 1", 2.11), ("spk2", 4.14), ("Speaker 1", 8.2)]
    assert any("'spk2'" in n and "not in the file's 'speakers'" in n for n in t.notes)
    assert any("startTimeOffset is 3600 s" in n for n in t.notes)


def test_amberscript_json_with_a_bad_word_is_an_error_naming_the_place(tmp_path):
    data = json.loads(json.dumps(AMBERSCRIPT_JSON))
    data["segments"][1]["words"][0]["text"] = ["Twaalf"]
    with pytest.raises(Exception) as raised:
        read_transcript(_write(tmp_path, "R09.json", json.dumps(data)))
    assert "RK162" in str(raised.value) and "segments[1].words[0]" in str(raised.value)


# -- Otter ----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["srt", "vtt"])
def test_otter_subtitles_carry_the_speaker_in_the_cue_text(tmp_path, suffix):
    """Otter's srt/vtt with speaker names: ``Anna de Boer: text`` in each cue (an srt-to-oTranscribe converter splits
    the cue at ``': '``); a speaker's consecutive cues are one turn."""
    sep = "," if suffix == "srt" else "."
    cues = [("Anna de Boer", QA[0][0]), ("Piet Jansen", "Twaalf jaar,"), ("Piet Jansen", "ongeveer."), ("Anna de Boer", QA[1][0]),
            ("Piet Jansen", QA[1][1])]
    body = "".join(f"{n}\n{_sub(3 * n, sep)} --> {_sub(3 * n + 2, sep)}\n{who}: {said}\n\n" for n, (who, said) in enumerate(cues, start=1))
    t = read_transcript(_write(tmp_path, f"otter.{suffix}", ("WEBVTT\n\n" if suffix == "vtt" else "") + body))
    assert [(s, ts, said) for s, _, ts, said in _turns(t)] == [
        ("Anna de Boer", 3.0, QA[0][0]), ("Piet Jansen", 6.0, "Twaalf jaar,\nongeveer."), ("Anna de Boer", 12.0, QA[1][0]),
        ("Piet Jansen", 15.0, QA[1][1])]


def test_otter_text_with_unknown_speaker_and_its_credit(tmp_path):
    """Otter's txt: ``Unknown Speaker  0:05`` label lines (two spaces, a time, trailing spaces), the speech below, and
    ``Transcribed by https://otter.ai`` closing the file, set apart from the last turn."""
    lines = []
    for i, (question, answer) in enumerate(QA):
        lines += [f"Unknown Speaker  0:{10 * i:02d}  ", question, "", f"Speaker 2  0:{10 * i + 5:02d}  ", answer, ""]
    t = read_transcript(_write(tmp_path, "otter.txt", "\n".join(lines) + "\n\nTranscribed by https://otter.ai\n"))
    assert _turns(t) == _dialogue("Unknown Speaker", "Speaker 2")
    assert [t.text[a:b] for a, b in t.furniture] == ["Transcribed by https://otter.ai"]


# -- Rev, Descript: labels with the time, as Word paragraphs ---------------------------------------------------------

def test_word_file_of_bold_labels_with_times_is_not_a_metadata_block(tmp_path):
    """Rev's Word export with the speech on the label's line: **``Interviewer (00:00:00):``** ``So ...``. Before, every
    paragraph was read as a ``Key: value`` header (the key cut at the time's colon: ``interviewer_(00``), the body
    was empty and the file an RK104 error."""
    paragraphs = []
    for i, (question, answer) in enumerate(QA):
        paragraphs += [(f"Interviewer ({_clock(10 * i)}):", f" {question}"), (f"Respondent ({_clock(10 * i + 5)}):", f" {answer}")]
    t = read_transcript(_docx(tmp_path / "rev.docx", paragraphs))
    assert _turns(t) == _dialogue("Interviewer", "Respondent")
    assert t.attributes == {}


@pytest.mark.parametrize("bold", [False, True])
def test_word_file_opening_with_named_speakers_keeps_its_first_turns(tmp_path, bold):
    """A Descript (or Zoom, Teams) transcript saved to Word starts right away with ``Anna de Boer: ...`` lines. Before,
    the first two (two different keys) were taken as the metadata ``anna_de_boer`` and ``piet_jansen`` and left the
    text: the interview lost its first question and answer."""
    paragraphs = []
    for question, answer in QA:
        paragraphs += [("Anna de Boer:", f" {question}"), ("Piet Jansen:", f" {answer}")]
    if not bold:
        paragraphs = [a + b for a, b in paragraphs]
    t = read_transcript(_docx(tmp_path / "descript.docx", paragraphs))
    assert [(s, r, said) for s, r, _, said in _turns(t)] == [(s, r, said) for s, r, _, said in _dialogue("Anna de Boer", "Piet Jansen")]
    assert t.attributes == {} and QA[0][0] in t.text


def test_metadata_block_above_named_speakers_still_reads():
    """A real header (``Datum``, ``Haven``) still ends where the first speaker's line is."""
    lines = ["Datum: 12-03-2026", "Haven: Harlingen", "Anna de Boer: Hoe lang al?", "Piet Jansen: Twaalf jaar.", "Anna de Boer: En toen?"]
    assert parse_header_lines(lines, require_terminator=False) == ({"datum": "12-03-2026", "haven": "Harlingen"}, 2)
    assert parse_header_lines(["Anna (00:00:05): Hallo.", "Piet (00:00:09): Dag."], require_terminator=False) == ({}, 0)


@pytest.mark.parametrize("suffix", ["txt", "docx"])
def test_descript_time_then_name(tmp_path, suffix):
    """Descript's export with timecodes at each paragraph: ``[00:00:05] Anna de Boer: text``."""
    lines = []
    for i, (question, answer) in enumerate(QA):
        lines += [f"[{_clock(10 * i)}] Anna de Boer: {question}", f"[{_clock(10 * i + 5)}] Piet Jansen: {answer}"]
    path = _docx(tmp_path / "d.docx", lines) if suffix == "docx" else _write(tmp_path, "d.txt", "\n\n".join(lines) + "\n")
    assert _turns(read_transcript(path)) == _dialogue("Anna de Boer", "Piet Jansen")


# -- Sonix ------------------------------------------------------------------------------------------------------------

SONIX = [("Team mem. 2", 2, "Hello. Before we begin, is it okay if we record this session?"),
         ("Team mem. 1", 9, "Good day. Let's start our interview."), ("Customer", 151, "You managed to deploy."),
         ("Team mem. 1", 152, "It? Yes, right now it is deployed. Okay."), ("Customer", 156, "And do you use university GitLab?"),
         ("Team mem. 1", 158, "Yes. Of course."), ("Team mem. 2", 160, "Yes."), ("Customer", 1502, "Yes. Thank you. That's all for today.")]


def test_sonix_text_with_renamed_speakers_and_the_free_plan_footer(tmp_path):
    """A Sonix transcript published as text: ``Team mem. 1: [00:00:09] Good day.`` (speakers the user renamed, an
    abbreviation with a dot) and, on the free plan, ``(Transcribed by Sonix.ai - Remove this message by upgrading your
    Sonix account today!)`` at the end. Before, ``Team mem. 1`` was no label (a lower-case word in it): 3 of 8 turns
    were read, the others glued into the customer's, and the upsell was a stage direction."""
    footer = "(Transcribed by Sonix.ai - Remove this message by upgrading your Sonix account today!)"
    text = "".join(f"{who}: [{_clock(ts)}] {said}\n\n" for who, ts, said in SONIX) + footer + "\n\n"
    t = read_transcript(_write(tmp_path, "sonix.txt", text))
    assert [(s, ts, said) for s, _, ts, said in _turns(t)] == [(who, float(ts), said) for who, ts, said in SONIX]
    assert [t.text[a:b] for a, b in t.furniture] == [footer]


def test_a_lower_case_label_needs_the_bracketed_time_and_two_paragraphs(tmp_path):
    """Without the time after it, ``our plan: ...`` stays speech; one such line is not a speaker either."""
    text = "Customer: [00:00:01] So what was it?\n\nour plan: [00:00:03] we would first deploy.\n\nCustomer: [00:00:05] And?\n"
    t = read_transcript(_write(tmp_path, "once.txt", text))
    assert [s for s, *_ in _turns(t)] == ["Customer", "Customer"]
    assert "our plan: [00:00:03] we would first deploy." in t.turn_text(t.turns[0])


@pytest.mark.parametrize("suffix", ["txt", "docx"])
def test_sonix_header_line_and_bold_label_lines(tmp_path, suffix):
    """Sonix's Word export: a header ``NAME.mp4: this mp4 audio file was automatically transcribed by Sonix ...``,
    then per turn the name in bold with its colon on a line of its own, the speech below. The header is not a turn of
    a speaker (the leading turn without speaker, role other); the names are label lines."""
    header = ("Haveninterview R07.mp4: this mp4 audio file was automatically transcribed by Sonix with the best "
              "speech-to-text algorithms. This transcript may contain errors.")
    rows = [header]
    for question, answer in QA:
        rows += [("Host:", ""), question, ("Piet Jansen:", ""), answer]
    if suffix == "docx":
        path = _docx(tmp_path / "sonix.docx", rows)
    else:
        path = _write(tmp_path, "sonix.txt", "\n\n".join(r[0] if isinstance(r, tuple) else r for r in rows) + "\n")
    t = read_transcript(path)
    assert _turns(t)[0] == ("", "other", None, header)
    assert [(s, r, said) for s, r, _, said in _turns(t)[1:]] == [(s, r, said) for s, r, _, said in _dialogue("Host", "Piet Jansen")]


# -- Happy Scribe ---------------------------------------------------------------------------------------------------

def test_happy_scribe_time_dash_speaker_line(tmp_path):
    """Happy Scribe's txt: ``[00:00:00.16] - Speaker 1`` on its own line (hundredths of a second), the speech below."""
    lines = []
    for i, (question, answer) in enumerate(QA):
        lines += [f"[{_clock(10 * i)}.16] - Interviewer", question, "", f"[{_clock(10 * i + 5)}.05] - Geïnterviewde", answer, ""]
    t = read_transcript(_write(tmp_path, "hs.txt", "\n".join(lines)))
    assert _turns(t) == [(s, r, ts + (0.16 if r == "interviewer" else 0.05), said)
                         for s, r, ts, said in _dialogue("Interviewer", "Geïnterviewde")]


# -- noScribe -------------------------------------------------------------------------------------------------------

NOSCRIBE_HEAD = ("Transcribed with noScribe vers. 0.7", "Audio file: /Users/anna/R07.m4a",
                 "(Language: Dutch (nl) | Speaker detection: auto | Overlapping speech: 1 | Timestamps: 1 | Disfluencies: 1 | Mark pause: 1)")
NOSCRIBE_TURNS = [("S00", 0.69, "Hoe lang werkt u al in de haven?"), ("S01", 2.5, "Twaalf jaar, ongeveer."),
                  ("S00", 6.1, "En daarvoor?"), ("S01", 8.0, "Visser."), ("S00", 9.0, "Wat ziet u 's nachts?"),
                  ("S01", 12.0, "Niet veel."), ("S00", 14.0, "Nooit iets vreemds?"), ("S01", 16.0, "Soms.")]


def _noscribe_html(turns):
    """noScribe's html: the title in bold, the grey provenance span, each segment an anchor ``ts_<ms>_<ms>_<speaker>``
    with the speaker, the time in a span and the text."""
    body = "".join(f'<p ><a name="ts_{int(ts * 1000)}_{int(ts * 1000) + 900}_{who}" >{who}: <span style="color: #78909C" >'
                   f'[{_clock(int(ts))}]</span> {said}</a></p>' for who, ts, said in turns)
    return ('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0//EN" "http://www.w3.org/TR/REC-html40/strict.dtd">\n<html >\n<head >\n'
            '<meta charset="UTF-8" />\n<meta name="qrichtext" content="1" />\n<meta name="audio_source" content="/Users/anna/R07.m4a" />'
            '</head>\n<body style="font-family: \'Arial\'" >\n<div class="WordSection1" ><p style="font-weight: 600" >R07</p>'
            f'<p ><span style="color: #909090; font-size: 0.8em" >{"<br />".join(NOSCRIBE_HEAD)}</span></p><p ></p>{body}</div></body>\n</html>')


@pytest.mark.parametrize("suffix", ["html", "txt"])
def test_noscribe_speaker_numbers_are_not_participant_codes(tmp_path, suffix):
    """noScribe numbers the voices it hears ``S00``, ``S01``. Before, both were read as participant codes, so both
    respondents; now they are the diarizer's numbers: the one who asks the questions is the interviewer (a note says
    so), the other the respondent. The title and provenance lines are the leading turn without a speaker."""
    if suffix == "html":
        path = _write(tmp_path, "R07.html", _noscribe_html(NOSCRIBE_TURNS))
    else:
        text = "\n".join(("R07",) + NOSCRIBE_HEAD) + "\n\n" + "".join(f"{who}: [{_clock(int(ts))}] {said}\n\n" for who, ts, said in NOSCRIBE_TURNS)
        path = _write(tmp_path, "R07.txt", text)
    t = read_transcript(path)
    turns = _turns(t)
    assert turns[0][:3] == ("", "other", None) and turns[0][3].splitlines() == ["R07", *NOSCRIBE_HEAD]
    assert [(s, r, said) for s, r, _, said in turns[1:]] == [
        (who, "interviewer" if who == "S00" else "respondent", said) for who, _, said in NOSCRIBE_TURNS]
    assert [ts for *_, ts, _ in turns[1:3]] == [0.0, 2.0]
    assert any("noScribe's speaker numbers" in n and "S00 interviewer" in n for n in t.notes)


def test_noscribe_vtt_with_voice_tags_and_without_speakers(tmp_path):
    """noScribe's vtt: ``WEBVTT <title>``, NOTE blocks with the provenance, cues with ``<v S00>`` voice tags, or empty
    ``<v >`` tags when speaker detection was off (then no speakers at all). Two questions are too few to tell who
    interviews: both are role other, as generic speakers are."""
    head = "WEBVTT R07\n\nNOTE\n" + "\n".join(NOSCRIBE_HEAD) + "\n\n\nNOTE media: /Users/anna/R07.m4a\n\n"
    turns = NOSCRIBE_TURNS[:4]
    cues = "".join(f"{n}\n{_sub(ts, '.')} --> {_sub(ts + 0.9, '.')}\n<v {who}>{said}\n\n" for n, (who, ts, said) in enumerate(turns, start=1))
    t = read_transcript(_write(tmp_path, "R07.vtt", head + cues))
    assert _turns(t) == [(who, "other", ts, said) for who, ts, said in turns]
    assert "noScribe" not in t.text
    bare = read_transcript(_write(tmp_path, "R08.vtt", head + cues.replace("<v S00>", "<v >").replace("<v S01>", "<v >")))
    assert [(s, said) for s, _, _, said in _turns(bare)] == [("", said) for _, _, said in turns]


def test_noscribe_codes_need_s00():
    assert noscribe_codes(["S00", "S01", "S02"]) == ["S00", "S01", "S02"]
    assert noscribe_codes(["S01", "S02", "P1"]) == []  # a student focus group's own codes stay participant codes


def test_student_codes_without_s00_stay_respondents(tmp_path):
    text = "I: Wat vindt u?\nS01: Goed.\nS02: Slecht.\nI: Waarom?\nS01: Daarom.\nS02: Geen idee.\n"
    t = read_transcript(_write(tmp_path, "focus.txt", text))
    assert {(s, r) for s, r, _, _ in _turns(t)} == {("I", "interviewer"), ("S01", "respondent"), ("S02", "respondent")}


# -- Zoom's saved captions, Dutch label conventions ------------------------------------------------------------------

def test_zoom_saved_closed_captions(tmp_path):
    """Zoom's ``meeting_saved_closed_caption.txt``: ``[Name] HH:MM:SS`` (the clock time), the speech below."""
    lines = []
    for i, (question, answer) in enumerate(QA):
        lines += [f"[Anna de Boer] 10:0{i}:15", question, "", f"[Piet Jansen] 10:0{i}:20", answer, ""]
    t = read_transcript(_write(tmp_path, "meeting_saved_closed_caption.txt", "\n".join(lines)))
    assert _turns(t) == [(s, r, 36015.0 + 60 * (i // 2) + 5 * (i % 2), said)
                         for i, (s, r, _, said) in enumerate(_dialogue("Anna de Boer", "Piet Jansen"))]


def test_dutch_labels_with_bracketed_time_and_three_letter_roles(tmp_path):
    """``Spreker 1 [00:00:12]:`` (Amberscript/Word copied to text), ``I:``/``R:``/``G:`` and ``Geïnterviewde:``."""
    text = "".join(f"Spreker 1 [{_clock(10 * i)}]: {q}\nSpreker 2 [{_clock(10 * i + 5)}]: {a}\n" for i, (q, a) in enumerate(QA))
    t = read_transcript(_write(tmp_path, "nl1.txt", text))
    assert [(s, ts, said) for s, _, ts, said in _turns(t)] == [(s, ts, said) for s, _, ts, said in _dialogue("Spreker 1", "Spreker 2")]
    text = "I: Hoe lang al?\nR: Twaalf jaar.\nG: Ik ook, bijna.\nI: En daarvoor?\nR: Visser.\nG: Loods.\n"
    t = read_transcript(_write(tmp_path, "nl2.txt", text))
    assert [(s, r) for s, r, _, _ in _turns(t)] == [("I", "interviewer"), ("R", "respondent"), ("G", "respondent")] * 2


def test_service_credits_with_a_version_or_an_upsell():
    assert is_service_credit("Transcribed with noScribe vers. 0.7")
    assert is_service_credit("(Transcribed by Sonix.ai - Remove this message by upgrading your Sonix account today!)")
    assert not is_service_credit("(Transcribed by my colleague - remove this message later)")
    assert not is_service_credit("Transcribed by Anna de Vries")


def test_markdown_transcript_with_a_speakers_list(tmp_path):
    """A transcript converted to Markdown as meeting tools publish them: ``## Speakers`` list, ``## Transcript``, then
    ``**Speaker 1 (00:00):**`` with two trailing spaces (a Markdown line break) and the speech below it."""
    body = "".join(f"**Speaker 1 (0{i}:00):**  \n{q}\n\n**Unknown Speaker (0{i}:15):**  \n{a}\n\n" for i, (q, a) in enumerate(QA))
    t = read_transcript(_write(tmp_path, "R07.md", "# Haveninterview\n\n## Speakers\n\n- Speaker 1\n- Unknown Speaker\n\n## Transcript\n\n" + body))
    turns = _turns(t)
    assert turns[0][:3] == ("", "other", None) and "## Transcript" in turns[0][3]
    assert turns[1:] == [(s, r, 60.0 * (i // 2) + 15 * (i % 2), said)
                         for i, (s, r, _, said) in enumerate(_dialogue("Speaker 1", "Unknown Speaker"))]


def test_word_transcribe_label_and_time_on_the_speech_line(tmp_path):
    """Word's Transcribe layout (``Speaker 1 00:00:00`` above the speech) copied onto one line, as a repository's notes
    quote a transcript: ``Speaker 1 00:00:00  Hello and welcome ...`` (two spaces after the time). Before, no labels."""
    text = "".join(f"Speaker 1 {_clock(10 * i)}  {q}\n\nSpeaker 2 {_clock(10 * i + 5)}  {a}\n\n" for i, (q, a) in enumerate(QA))
    assert _turns(read_transcript(_write(tmp_path, "w.txt", text))) == _dialogue("Speaker 1", "Speaker 2")


def test_a_clock_time_in_speech_is_no_label(tmp_path):
    """One sentence that opens with a word and a clock time stays speech; a single space after the time is no mark."""
    text = "I: Wanneer kwam de boot?\nR: Om tien uur.\nAt 10:30:00  we were on the quay.\nI: En toen?\nR: Niets 10:31:00 meer.\n"
    t = read_transcript(_write(tmp_path, "clock.txt", text))
    assert [s for s, *_ in _turns(t)] == ["I", "R", "I", "R"]
    assert "At 10:30:00  we were on the quay." in t.turn_text(t.turns[1])


@pytest.mark.parametrize("layout", ["tldv", "notes"])
def test_meeting_tool_markdown_and_text_with_a_header(tmp_path, layout):
    """tl;dv's Markdown as a transcript parser describes it (``## Title``, ``**Date:** ...``, ``### Transcript``, then
    ``**Anna de Boer** (00:00:00)`` alone on a line, the speech below), and the meeting-notes text of Otter and
    Fireflies users (``Meeting Transcript``, ``Date:``, ``Duration:``, then ``[00:15] Anna: text``). The header gives
    attributes and is the leading turn without speaker; every turn is read with its time."""
    if layout == "tldv":
        body = "".join(f"**Anna de Boer** (00:0{i}:00)\n{q}\n\n**Piet Jansen** (00:0{i}:15)\n{a}\n\n" for i, (q, a) in enumerate(QA))
        path = _write(tmp_path, "tldv.md", "## Haveninterview R07\n**Date:** 2024-12-08\n\n### Transcript\n\n" + body)
        expected = {"date": "2024-12-08"}
    else:
        body = "".join(f"[0{i}:00] Anna de Boer: {q}\n\n[0{i}:15] Piet Jansen: {a}\n\n" for i, (q, a) in enumerate(QA))
        path = _write(tmp_path, "notes.txt", "Meeting Transcript\nDate: January 27, 2025\nDuration: 45 minutes\n\n" + body)
        expected = {"date": "January 27, 2025", "duration": "45 minutes"}
    t = read_transcript(path)
    assert t.attributes == expected
    assert _turns(t)[0][:3] == ("", "other", None)
    assert _turns(t)[1:] == [(s, r, 60.0 * (i // 2) + 15 * (i % 2), said)
                             for i, (s, r, _, said) in enumerate(_dialogue("Anna de Boer", "Piet Jansen"))]


def test_cue_range_then_bracketed_speaker_on_a_line(tmp_path):
    """A diarizing tool's text export found beside Happy Scribe's in a published course transcript: the cue's range and
    the speaker in brackets on one line (``00:00:00,120 --> 00:09:58,720 [Speaker 0]``), the speech below. Before, no
    labels, and the lines were joined as hard-wrapped text."""
    text = "".join(f"00:0{i}:00,120 --> 00:0{i}:14,720 [Speaker 0]\n{q}\n\n00:0{i}:15,000 --> 00:0{i}:58,000 [Speaker 1]\n{a}\n\n"
                   for i, (q, a) in enumerate(QA))
    t = read_transcript(_write(tmp_path, "ranges.txt", text))
    assert _turns(t) == [(s, r, 60.0 * (i // 2) + (15.0 if i % 2 else 0.12), said)
                         for i, (s, r, _, said) in enumerate(_dialogue("Speaker 0", "Speaker 1"))]


def test_a_metadata_key_that_recurs_stays_metadata():
    """``Datum:`` is a metadata key even when a later line opens with it too; only other keys that recur are speakers."""
    lines = ["Datum: 12-03-2026", "Haven: Harlingen", "", "I: Wanneer was het?", "Datum: weet ik niet meer."]
    assert parse_header_lines(lines) == ({"datum": "12-03-2026", "haven": "Harlingen"}, 3)


def test_maxqda_focus_group_import_layout(tmp_path):
    """MAXQDA's focus-group import as a project wiki prescribes it: the time glued to the name, no space, no ``#``
    (``00:03:40.5Zack: What will ...``), a blank line between paragraphs."""
    text = "".join(f"00:0{i}:40.5Anna de Boer: {q}\n\n00:0{i}:44.3Piet Jansen: {a}\n\n" for i, (q, a) in enumerate(QA))
    t = read_transcript(_write(tmp_path, "fg.txt", text))
    assert _turns(t) == [(s, r, 60.0 * (i // 2) + (44.3 if i % 2 else 40.5), said)
                         for i, (s, r, _, said) in enumerate(_dialogue("Anna de Boer", "Piet Jansen"))]

"""Meeting tools' and transcription services' text exports, in the layouts public parsers and fixtures show
(docs/ingestion.md, "Exports from transcription services"): Zoom's cloud-recording audio transcript as
``.vtt``, saved as ``.txt`` and pasted into Word; Word's Transcribe saved as text; Fathom's text export.
Each fixture is built here."""

from __future__ import annotations

import docx
import pytest

from researchkit import read_transcript

CUES = [("00:00:01.000", "00:00:04.000", "Ana López", "Welcome everyone. Can you tell me about your work?"),
        ("00:00:04.500", "00:00:09.250", "Rob Hernandez", "Thanks. I work at the port as a crane driver."),
        ("00:00:09.800", "00:00:12.000", "Rob Hernandez", "Since 2010."),
        ("00:00:12.500", "00:00:15.500", "Ana López", "What changed since then?"),
        ("00:00:16.000", "00:00:21.000", "Rob Hernandez", "Automation, mostly. Now you sit behind a screen.")]


def _zoom_lines(header: bool = True) -> list[str]:
    """Zoom's audio transcript (``GMT20240312-100312_Recording.transcript.vtt``): numbered cues, ``Name: text``, as
    the public parsers of it read it (JohnWagner/Zoom-Transcript-Fixer, wwsalmon/zoom-transcript-formatter)."""
    lines = ["WEBVTT", ""] if header else []
    for n, (start, end, name, text) in enumerate(CUES, 1):
        lines += [str(n), f"{start} --> {end}", f"{name}: {text}", ""]
    return lines


def _checked(t):
    for turn in t.turns:
        assert t.turn_text(turn) == t.text[turn.start : turn.end]
    return [(x.speaker, x.timestamp, t.turn_text(x)) for x in t.turns]


EXPECTED = [("Ana López", 1.0, CUES[0][3]), ("Rob Hernandez", 4.5, CUES[1][3] + "\n" + CUES[2][3]),
            ("Ana López", 12.5, CUES[3][3]), ("Rob Hernandez", 16.0, CUES[4][3])]


def test_zoom_audio_transcript_vtt(tmp_path):
    path = tmp_path / "GMT20240312-100312_Recording.transcript.vtt"
    path.write_text("\n".join(_zoom_lines()), encoding="utf-8")
    assert _checked(read_transcript(path)) == EXPECTED


@pytest.mark.parametrize("header", [True, False])
def test_zoom_audio_transcript_saved_as_txt_sets_cue_numbers_and_header_apart(tmp_path, header):
    path = tmp_path / "zoom.txt"
    path.write_text("\n".join(_zoom_lines(header)), encoding="utf-8")
    t = read_transcript(path)
    turns = _checked(t)
    assert [(s, a) for s, a, _ in turns] == [("Ana López", 1.0), ("Rob Hernandez", 4.5), ("Rob Hernandez", 9.8),
                                            ("Ana López", 12.5), ("Rob Hernandez", 16.0)]
    assert all(not text.endswith(tuple("0123456789")) for _, _, text in turns)  # no cue number in the speech
    furniture = [t.text[a:b] for a, b in t.furniture]
    assert furniture == (["WEBVTT"] if header else []) + ["1", "2", "3", "4", "5"]
    expected = "5 cue number(s)" + (" and 1 subtitle header(s)" if header else "")
    assert any(n.endswith(expected) for n in t.notes)
    assert "WEBVTT" not in "".join(t.turn_text(x) for x in t.turns)


def test_zoom_transcript_pasted_into_word(tmp_path):
    d = docx.Document()
    for line in _zoom_lines():
        d.add_paragraph(line)
    d.save(path := tmp_path / "zoom.docx")
    t = read_transcript(path)
    turns = _checked(t)
    assert [s for s, _, _ in turns] == ["Ana López", "Rob Hernandez", "Rob Hernandez", "Ana López", "Rob Hernandez"]
    assert [x for x in turns if x[0] == ""] == []  # the WEBVTT line is no leading turn
    assert [t.text[a:b] for a, b in t.furniture] == ["WEBVTT", "1", "2", "3", "4", "5"]
    assert any("5 cue number(s) and 1 subtitle header(s)" in n for n in t.notes)


def test_webvtt_as_a_word_in_a_text_is_speech(tmp_path):
    """``WEBVTT`` first in a file without cue time ranges, and numbers that are not above ranges, stay text."""
    path = tmp_path / "notes.txt"
    path.write_text("WEBVTT\nAna: Do you use subtitles?\nRob: Yes.\n1\nAna: Which?\nRob: WebVTT.\n", encoding="utf-8")
    t = read_transcript(path)
    assert t.furniture == ()
    assert t.turn_text(t.turns[0]) == "WEBVTT"
    assert t.turn_text(t.turns[2]) == "Yes.\n1"


def test_two_cue_numbers_are_too_few_to_set_apart(tmp_path):
    path = tmp_path / "two.txt"
    path.write_text("\n".join(_zoom_lines(header=False)[:8]), encoding="utf-8")
    t = read_transcript(path)
    assert t.furniture == ()


def test_word_transcribe_saved_as_text_time_then_name(tmp_path):
    """Word's Transcribe saved as text: ``00:00:05 Name`` above the speech, a blank line between segments, each
    segment of one speaker with its own line (the layout JBCodeBook/JRETranscript's converter reads)."""
    path = tmp_path / "transcribe.txt"
    path.write_text("00:00:00 Anna de Boer\nWhat did you do before?\n\n00:00:04 Speaker 2\nI was a stevedore.\n\n"
                    "00:00:11 Speaker 2\nThen automation came.\n\n00:00:15 Anna de Boer\nWhat changed?\n", encoding="utf-8")
    assert _checked(read_transcript(path)) == [("Anna de Boer", 0.0, "What did you do before?"),
                                               ("Speaker 2", 4.0, "I was a stevedore."),
                                               ("Speaker 2", 11.0, "Then automation came."),
                                               ("Anna de Boer", 15.0, "What changed?")]


def test_fathom_text_export(tmp_path):
    """Fathom's text export as a public parser's test fixture holds it: title, ``VIEW RECORDING - 30 mins: <link>``,
    ``---``, then ``0:15 - Name (Company)`` and the speech indented below."""
    path = tmp_path / "fathom.txt"
    path.write_text("Interview havenbedrijf - January 15\nVIEW RECORDING - 30 mins: https://fathom.video/share/abc123\n\n"
                    "---\n\n0:00 - Anna de Boer (Erasmus)\n  What is your work in the port?\n\n0:15 - Kees Visser\n"
                    "  I have been a stevedore for twenty years.\n  In Rotterdam.\n\n0:32 - Anna de Boer (Erasmus)\n"
                    "  What changed?\n\n0:41 - Kees Visser\n  Automation.\n", encoding="utf-8")
    t = read_transcript(path)
    turns = _checked(t)
    assert turns[0][0] == "" and "VIEW RECORDING" in turns[0][2]
    assert turns[1:] == [("Anna de Boer (Erasmus)", 0.0, "What is your work in the port?"),
                         ("Kees Visser", 15.0, "I have been a stevedore for twenty years.\nIn Rotterdam."),
                         ("Anna de Boer (Erasmus)", 32.0, "What changed?"), ("Kees Visser", 41.0, "Automation.")]

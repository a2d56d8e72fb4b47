import pytest

from researchkit import read_transcript
from researchkit.errors import TranscriptError

VTT = """WEBVTT

NOTE
port: Eemshaven
note: fictief

00:00:01.000 --> 00:00:03.000
<v Interviewer>Wat doet u hier?

00:00:03.500 --> 00:00:05.000
<v Jan de Vries>Ik vaar al twintig jaar.

00:00:05.000 --> 00:00:07.250
<v Jan de Vries>Vooral 's nachts.

00:00:08.000 --> 00:00:09.000
<v Interviewer>En?
"""

SRT = """1
00:00:01,000 --> 00:00:02,000
I: Wat ziet u?

2
00:00:02,500 --> 00:00:04,000
R: Niks bijzonders.

3
00:00:04,000 --> 00:00:05,000
R: Echt niet.
"""


def test_vtt_voice_tags_join_consecutive_cues(tmp_path):
    path = tmp_path / "R11.vtt"
    path.write_text(VTT, encoding="utf-8")
    t = read_transcript(path)
    assert t.attributes == {"port": "Eemshaven", "note": "fictief"}
    assert [(x.speaker, x.role, x.timestamp, t.turn_text(x)) for x in t.turns] == [
        ("Interviewer", "interviewer", 1.0, "Wat doet u hier?"),
        ("Jan de Vries", "respondent", 3.5, "Ik vaar al twintig jaar.\nVooral 's nachts."),
        ("Interviewer", "interviewer", 8.0, "En?"),
    ]
    assert t.source.format == "vtt"


def test_srt_name_prefixes(tmp_path):
    path = tmp_path / "x.srt"
    path.write_text(SRT, encoding="utf-8")
    t = read_transcript(path)
    assert [(x.role, x.timestamp, t.turn_text(x)) for x in t.turns] == [
        ("interviewer", 1.0, "Wat ziet u?"), ("respondent", 2.5, "Niks bijzonders.\nEcht niet."),
    ]


def test_malformed_vtt(tmp_path):
    path = tmp_path / "bad.vtt"
    path.write_text("WEBVTT\n\n00:00:0x --> 00:00:03.000\nhallo\n", encoding="utf-8")
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert "RK109" in str(err.value) and "bad.vtt" in str(err.value)


def test_not_a_vtt(tmp_path):
    path = tmp_path / "bad2.vtt"
    path.write_text("just some text\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match="RK109"):
        read_transcript(path)


ZOOM = """WEBVTT

1
00:00:00.510 --> 00:00:01.550
Ashlee Kupor (SL): Let's do that

2
00:00:01.790 --> 00:00:07.080
Dora Demszky: by, too.

3
00:00:07.100 --> 00:00:08.000
and then

4
00:00:24.680 --> 00:00:28.020
Ashlee Kupor (SL): Okay, great.
"""

MEET = """WEBVTT

00:00:08.000 --> 00:00:12.000
(Danyel Fisher)
I wanted to start with

00:00:16.000 --> 00:00:20.000
(Danyel Fisher)
background?
-

(Dana Bettinger)
Life wise

00:00:20.000 --> 00:00:24.000
(Dana Bettinger)
or not
"""


def test_zoom_name_with_qualifier(tmp_path):
    path = tmp_path / "zoom.vtt"
    path.write_text(ZOOM, encoding="utf-8")
    t = read_transcript(path)
    assert [(x.speaker, x.timestamp, t.turn_text(x)) for x in t.turns] == [
        ("Ashlee Kupor (SL)", 0.51, "Let's do that"),
        ("Dora Demszky", 1.79, "by, too.\nand then"),
        ("Ashlee Kupor (SL)", 24.68, "Okay, great."),
    ]


def test_google_meet_parenthesised_names_split_a_cue(tmp_path):
    path = tmp_path / "meet.vtt"
    path.write_text(MEET.replace("-\n\n(Dana", "-\n \n(Dana"), encoding="utf-8")
    t = read_transcript(path)
    assert [(x.speaker, x.timestamp, t.turn_text(x)) for x in t.turns] == [
        ("Danyel Fisher", 8.0, "I wanted to start with\nbackground? -"),
        ("Dana Bettinger", 16.0, "Life wise\nor not"),
    ]


YOUTUBE = """WEBVTT
Kind: captions
Language: nl

00:00:00.160 --> 00:00:02.470 align:start position:0%
 
dus<00:00:00.400><c> vandaag</c><00:00:00.640><c> gaat</c><00:00:00.880><c> het</c><00:00:01.120><c> over</c>

00:00:02.470 --> 00:00:02.480 align:start position:0%
dus vandaag gaat het over
 

00:00:02.480 --> 00:00:05.030 align:start position:0%
dus vandaag gaat het over
de<00:00:02.720><c> haven</c><00:00:02.960><c> van</c><00:00:03.200><c> Harlingen</c>

00:00:05.030 --> 00:00:05.040 align:start position:0%
de haven van Harlingen
 

00:00:05.040 --> 00:00:07.200 align:start position:0%
de haven van Harlingen
en<00:00:05.280><c> wat</c><00:00:05.520><c> er</c><00:00:05.760><c> 's nachts</c><00:00:06.000><c> gebeurt</c>
"""


def test_youtube_rolling_captions_keep_each_line_once(tmp_path):
    path = tmp_path / "yt.nl.vtt"
    path.write_text(YOUTUBE, encoding="utf-8")
    t = read_transcript(path)
    assert t.text == "dus vandaag gaat het over\nde haven van Harlingen\nen wat er 's nachts gebeurt"
    assert [turn.timestamp for turn in t.turns] == [0.16, 2.48, 5.04]
    assert any("rolling captions" in n and "4 line(s)" in n for n in t.notes)


def test_subtitles_that_repeat_a_line_now_and_then_are_kept_as_written(tmp_path):
    cues = ["Ja.", "Ja.", "Nee, dat niet.", "Ja.", "Ja."]
    body = "".join(f"00:00:0{i}.000 --> 00:00:0{i}.900\n{c}\n\n" for i, c in enumerate(cues))
    path = tmp_path / "plain.vtt"
    path.write_text("WEBVTT\n\n" + body, encoding="utf-8")
    t = read_transcript(path)
    assert t.text.split("\n") == cues and not any("rolling" in n for n in t.notes)

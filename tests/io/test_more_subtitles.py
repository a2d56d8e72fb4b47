"""Subtitle formats beyond .vtt/.srt: TTML/DFXP, YouTube's .sbv, SubStation Alpha .ass/.ssa.

All go through the one cue -> turn assembly of ``io/subtitles.py`` (``cues_to_transcript``). The fixtures
follow real files found through the code index: a W3C TTML example (indented ``<p>`` text, ``<br/>``,
``ttm:title``), DFXP with the ``ttaf1`` namespaces and tick times as streaming services write them, YouTube
Studio's ``.sbv`` (BOM, CRLF, ``>> ALICE:``), an SSA v4 script (``Marked=0``, placeholder name ``NTP``,
``!Effect``, ``{\\c&H80ff00&}``) and an Aegisub ASS script (``Comment:`` events, ``{\\an8}``, ``\\N``).
"""

from __future__ import annotations

import pytest

from researchkit import read_corpus
from researchkit.errors import TranscriptError
from researchkit.io import read_transcript
from researchkit.io.subtitles import Cue, cues_to_transcript
from researchkit.io.ttml import TimeBase, parse_time
from researchkit.transcripts import Source


def _turns(t):
    """Each turn as (speaker, role, time, its words), the words read through the offsets."""
    return [(turn.speaker, turn.role, turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns]


def _check_labels(t):
    """Every turn of a named speaker starts right after its label on its line (written once per turn)."""
    for turn in t.turns:
        line_start = t.text.rfind("\n", 0, turn.start) + 1
        assert t.text[line_start : turn.start] in {f"{turn.speaker}: ", ""}


# --- TTML / DFXP ------------------------------------------------------------------------------

W3C_TTML = """
<tt xml:lang="en" xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling">
 <head>
    <metadata xmlns:ttm="http://www.w3.org/ns/ttml#metadata">
     <ttm:title>TTML Example</ttm:title>
     <ttm:copyright>Thierry Michel 2015</ttm:copyright>
    </metadata>
    <styling><style xml:id="s1" tts:color="red"/></styling>
 </head>
 <body>
    <div>
        <p xml:id="c1" begin="00:00:00.000" end="00:00:10.000">
            Interviewer: Hello, I am your first line.</p>
        <p xml:id="c2" begin="00:00:11.000" end="00:00:16.000">
            Respondent: I am your second caption<br/>
            but with <span tts:fontStyle="italic">two</span> lines.</p>
        <p xml:id="c3" begin="00:00:17.000" end="00:00:21.123"><metadata>c3</metadata>
            Interviewer: Next.</p>
    </div>
 </body>
</tt>
"""


def test_ttml_cues_lines_spans_and_title(tmp_path):
    path = tmp_path / "w3c.ttml"
    path.write_text(W3C_TTML, encoding="utf-8")
    t = read_transcript(path)
    assert t.source.format == "ttml" and t.attributes == {"title": "TTML Example", "copyright": "Thierry Michel 2015"}
    assert _turns(t) == [
        ("Interviewer", "interviewer", 0.0, "Hello, I am your first line."),
        ("Respondent", "respondent", 11.0, "I am your second caption but with two lines."),
        ("Interviewer", "interviewer", 17.0, "Next."),
    ]
    _check_labels(t)
    assert "Thierry Michel" not in t.text and "c3" not in t.text


def test_ttml_cue_metadata_is_named_in_a_note_cue_by_cue(tmp_path):
    """A cue's ``<metadata>`` (a ``ttm:desc``, an agent it refers to) and a ``ttm:desc`` written in the ``p`` without
    it are no words of the cue, and are named in a note with the cue and its line (they were dropped without one)."""
    path = tmp_path / "described.ttml"
    path.write_text(
        '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttm="http://www.w3.org/ns/ttml#metadata">\n'
        '<head><metadata><ttm:agent xml:id="a1"><ttm:name>Ann de Wit</ttm:name></ttm:agent></metadata></head>\n'
        '<body><div>\n'
        '<p begin="1s" end="2s">Interviewer: Where?<metadata ttm:agent="a1"><ttm:desc>off camera</ttm:desc></metadata></p>\n'
        '<p begin="3s" end="4s">Respondent: <span>In Urk.<ttm:desc>whispers</ttm:desc></span></p>\n'
        '<p begin="5s" end="6s"><metadata><ttm:desc>music only</ttm:desc></metadata></p>\n'
        '<p begin="7s" end="8s">Interviewer: Thanks.</p>\n'
        '</div></body></tt>', encoding="utf-8")
    t = read_transcript(path)
    assert _turns(t) == [("Interviewer", "interviewer", 1.0, "Where?"), ("Respondent", "respondent", 3.0, "In Urk."),
                         ("Interviewer", "interviewer", 7.0, "Thanks.")]
    note = next(n for n in t.notes if "<metadata>" in n)
    assert note == ("3 cue(s) carry <metadata> (descriptions of the cue, not its words), not in the transcript: "
                    "p 1 (line 4): agent 'Ann de Wit', desc 'off camera'; p 2 (line 5): desc 'whispers'; "
                    "p 3 (line 6): desc 'music only'")


def test_ttml_without_cue_metadata_has_no_such_note(tmp_path):
    path = tmp_path / "plain.ttml"
    path.write_text(W3C_TTML.replace("<metadata>c3</metadata>", ""), encoding="utf-8")
    assert not [n for n in read_transcript(path).notes if "<metadata>" in n]


def test_ttml_agents_spans_of_two_speakers_offsets_of_divs_and_dur(tmp_path):
    path = tmp_path / "agents.ttml"
    path.write_text(
        '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttm="http://www.w3.org/ns/ttml#metadata">'
        '<head><metadata><ttm:agent xml:id="a1" type="person"><ttm:name type="full">Ann de Wit</ttm:name></ttm:agent>'
        '<ttm:agent xml:id="a2" type="person"/></metadata></head>'
        '<body begin="00:00:10.000"><div begin="5s">'
        '<p begin="1s" dur="2s" ttm:agent="a1">Where were you born?</p>'
        '<p begin="4s" end="9s"><span ttm:agent="a2" begin="4s">In Urk.</span> <span ttm:agent="a1" begin="6s">Really?</span></p>'
        '<p><span begin="10s">Since 1950.</span></p>'
        '<p begin="12s" end="13s" ttm:role="sound">[door closes]</p>'
        '<p begin="13s" end="14s">   </p>'
        '</div></body></tt>', encoding="utf-8")
    t = read_transcript(path)
    # body begin 10s + div begin 5s + the p's own; a p without begin takes its first span's
    assert [(s, ts, words) for s, _, ts, words in _turns(t)] == [
        ("Ann de Wit", 16.0, "Where were you born?"),
        ("a2", 19.0, "In Urk."),
        ("Ann de Wit", 21.0, "Really?\nSince 1950.\n[door closes]"),
    ]
    _check_labels(t)
    notes = " | ".join(t.notes)
    assert "1 cue(s) carry a ttm:role (sound)" in notes
    assert "1 <p> cue(s) without text (left out)" in notes
    assert "2 cue(s) have no speaker; they continue the previous speaker's turn" in notes


@pytest.mark.parametrize(("value", "base", "seconds"), [
    ("00:01:02.500", TimeBase(), 62.5),
    ("1:00:00", TimeBase(), 3600.0),
    ("00:00:01:12", TimeBase(25.0, frame_rate_given=True), 1.48),
    ("00:00:01:12.5", TimeBase(25.0, sub_frame_rate=2.0, frame_rate_given=True), 1.5),
    ("62.5s", TimeBase(), 62.5),
    ("1500ms", TimeBase(), 1.5),
    ("1.5m", TimeBase(), 90.0),
    ("0.5h", TimeBase(), 1800.0),
    ("50f", TimeBase(25.0, frame_rate_given=True), 2.0),
    ("104000000t", TimeBase(tick_rate_set=10_000_000), 10.4),
    ("50t", TimeBase(25.0, sub_frame_rate=2.0, frame_rate_given=True), 1.0),
    ("30t", TimeBase(), 30.0),
])
def test_ttml_time_expressions(value, base, seconds):
    assert parse_time(value, base) == seconds


@pytest.mark.parametrize("value", ["00:60:00", "00:00:01:25", "12x", "1:2:3", "-1s", "", "00:00:01.", "1e3s"])
def test_ttml_times_that_are_none(value):
    assert parse_time(value, TimeBase(25.0, frame_rate_given=True)) is None


def test_dfxp_with_ttaf1_namespace_ticks_frames_crlf_and_multiplier(tmp_path):
    path = tmp_path / "stream.dfxp"
    path.write_bytes(
        b'<?xml version="1.0" encoding="utf-8"?>\r\n<tt xmlns="http://www.w3.org/2006/10/ttaf1" '
        b'xmlns:ttp="http://www.w3.org/2006/10/ttaf1#parameter" ttp:tickRate="10000000" ttp:frameRate="30" '
        b'ttp:frameRateMultiplier="1000 1001"><body><div>\r\n'
        b'<p begin="10000000t" end="20000000t">Interviewer: How long?</p>\r\n'
        b'<p begin="00:00:03:12" end="00:00:05:00">Respondent: Ten years.</p>\r\n'
        b'</div></body></tt>\r\n')
    t = read_transcript(path)
    assert t.source.format == "dfxp"
    assert _turns(t) == [("Interviewer", "interviewer", 1.0, "How long?"), ("Respondent", "respondent", 3.4, "Ten years.")]  # 12 frames at 29.97/s
    assert t.text == "Interviewer: How long?\nRespondent: Ten years."


def test_ttml_sequential_timing_and_clock_time_base_are_noted(tmp_path):
    path = tmp_path / "seq.ttml"
    path.write_text('<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" ttp:timeBase="clock">'
                    '<body><div timeContainer="seq"><p dur="2s">Ann: One.</p><p dur="2s">Bo: Two.</p></div></body></tt>',
                    encoding="utf-8")
    t = read_transcript(path)
    assert [(s, ts, w) for s, _, ts, w in _turns(t)] == [("Ann", None, "One."), ("Bo", None, "Two.")]
    notes = " | ".join(t.notes)
    assert "timeContainer='seq'" in notes and "ttp:timeBase='clock'" in notes and "2 cue(s) have no begin time" in notes


def test_ttml_errors_name_the_line_attribute_and_value(tmp_path):
    bad_time = tmp_path / "bad.ttml"
    bad_time.write_text('<tt xmlns="http://www.w3.org/ns/ttml"><body><div>\n<p begin="1s">A</p>\n'
                        '<p begin="00:61:00.000">B</p></div></body></tt>', encoding="utf-8")
    with pytest.raises(TranscriptError) as err:
        read_transcript(bad_time)
    assert err.value.code == "RK124"
    assert "bad.ttml, line 3, <p>: begin='00:61:00.000' is not a TTML time expression" in str(err.value)
    bad_rate = tmp_path / "rate.ttml"
    bad_rate.write_text('<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" '
                        'ttp:frameRate="zero"><body/></tt>', encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"RK124.*ttp:frameRate='zero' is not a positive number"):
        read_transcript(bad_rate)
    no_body = tmp_path / "nobody.ttml"
    no_body.write_text('<tt xmlns="http://www.w3.org/ns/ttml"><head/></tt>', encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"RK104.*no <body>"):
        read_transcript(no_body)
    not_tt = tmp_path / "other.ttml"
    not_tt.write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"RK124.*root element is <html>, not TTML's <tt>"):
        read_transcript(not_tt)
    broken = tmp_path / "broken.dfxp"
    broken.write_text('<tt xmlns="http://www.w3.org/ns/ttml"><body><p begin="1s">A</body></tt>', encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"RK121.*broken.dfxp, line 1: is not well-formed XML"):
        read_transcript(broken)


# --- YouTube .sbv -----------------------------------------------------------------------------

def test_sbv_from_youtube_with_bom_crlf_and_chevrons(tmp_path):
    path = tmp_path / "bakery.sbv"
    path.write_bytes(
        "\ufeff0:00:00.599,0:00:04.160\r\n>> ALICE: Hi, my name is Alice Miller and this is John Brown\r\n\r\n"
        "0:00:04.160,0:00:06.770\r\n>> JOHN: and we're the owners of Miller Bakery.\r\n\r\n"
        "0:00:06.770,0:00:10.880\r\n>> ALICE: Today we'll be teaching you how to make\r\nour famous cookies!\r\n\r\n"
        "0:00:10.880,0:00:12.000\r\n>> and they are good.\r\n\r\n\r\n".encode("utf-8"))
    t = read_transcript(path)
    assert t.source.format == "sbv"
    assert _turns(t) == [
        ("ALICE", "other", 0.599, "Hi, my name is Alice Miller and this is John Brown"),
        ("JOHN", "other", 4.16, "and we're the owners of Miller Bakery."),
        ("ALICE", "other", 6.77, "Today we'll be teaching you how to make our famous cookies!\n>> and they are good."),
    ]
    _check_labels(t)
    assert any(n.startswith("3 cue(s) open with YouTube's '>>'") for n in t.notes)


def test_sbv_in_cp1252_with_hours_and_an_empty_cue(tmp_path):
    path = tmp_path / "R2.sbv"
    path.write_bytes("1:02:03.5,1:02:05.25\nInterviewer: Waar woonde u, in Gaasterl\u00e2n?\n\n1:02:06.000,1:02:07.000\n\n"
                     "1:02:07.000,1:02:09.000\nRespondent: In Balk, \u201cvlakbij\u201d.\n".encode("cp1252"))
    t = read_transcript(path)
    assert _turns(t) == [("Interviewer", "interviewer", 3723.5, "Waar woonde u, in Gaasterl\u00e2n?"),
                         ("Respondent", "respondent", 3727.0, "In Balk, \u201cvlakbij\u201d.")]
    assert t.source.encoding == "cp1252"
    assert "1 cue(s) have times but no text" in t.notes


def test_sbv_malformed_block_is_rk125_with_its_line(tmp_path):
    path = tmp_path / "bad.sbv"
    path.write_text("0:00:01.000,0:00:02.000\nHello\n\nthis line has no times\n", encoding="utf-8")
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert err.value.code == "RK125"
    assert "bad.sbv, line 4: a cue must start with its times (0:00:01.000,0:00:04.000), found 'this line has no times'" in str(err.value)
    minutes = tmp_path / "minutes.sbv"
    minutes.write_text("0:61:01.000,0:61:02.000\nHello\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"RK125.*line 1"):
        read_transcript(minutes)


# --- SubStation Alpha .ass / .ssa -------------------------------------------------------------

AEGISUB = """[Script Info]
; Script generated by Aegisub 3.2.2
Title: Interview 4
ScriptType: v4.00+

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Arial,48,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,2,10,10,10,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Comment: 0,0:00:00.00,0:00:01.00,Default,,0,0,0,,check the spelling of Urk
Dialogue: 0,0:00:01.00,0:00:04.00,Default,Interviewer,0,0,0,,{\\an8}Where were you {\\i1}born{\\i0}, then?
Dialogue: 0,0:00:04.50,0:00:07.25,Default,Respondent,0,0,0,,In Urk,\\Nsince 1950.\\hReally.
Dialogue: 0,0:00:07.50,0:00:09.00,Default,Respondent,0,0,0,,{\\p1}m 0 0 l 100 0 100 100{\\p0}Yes.
Dialogue: 0,0:00:09.00,0:00:10.00,Default,Respondent,0,0,0,,{\\fad(200,200)}
"""


def test_ass_from_aegisub(tmp_path):
    path = tmp_path / "R4.ass"
    path.write_text(AEGISUB, encoding="utf-8-sig")
    t = read_transcript(path)
    assert t.source.format == "ass" and t.attributes == {"title": "Interview 4"}
    assert _turns(t) == [
        ("Interviewer", "interviewer", 1.0, "Where were you born, then?"),
        ("Respondent", "respondent", 4.5, "In Urk, since 1950. Really.\nYes."),
    ]
    _check_labels(t)
    assert "check the spelling" not in t.text and "m 0 0" not in t.text
    notes = " | ".join(t.notes)
    assert "1 Comment: event(s) (lines switched off in the subtitle editor) left out" in notes
    assert "1 cue(s) hold vector drawings" in notes
    assert "1 Dialogue line(s) without text" in notes


def test_ssa_v4_with_marked_ntp_and_cues_out_of_order(tmp_path):
    path = tmp_path / "bttf.ssa"
    path.write_text(
        "[Script Info]\nTitle: Back to the future\nScriptType: v4.00\n\n[Events]\n"
        "Format: Marked, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Dialogue: Marked=0,0:00:44.33,0:00:45.85,Default,NTP,0000,0000,0000,!Effect,Marty: How about a ride, Mister?\n"
        "Dialogue: Marked=0,0:01:46.53,0:01:51.87,Default,NTP,0000,0000,0000,!Effect,Doc: Aren't you a {\\c&H80ff00&}sight{\\c}?\n"
        "Dialogue: Marked=0,0:01:43.53,0:01:46.53,Default,NTP,0000,0000,0000,!Effect,Marty: Doc!\n", encoding="cp1252")
    t = read_transcript(path)
    assert t.source.format == "ssa"
    assert [(s, ts, w) for s, _, ts, w in _turns(t)] == [
        ("Marty", 44.33, "How about a ride, Mister?"), ("Doc", 106.53, "Aren't you a sight?"), ("Marty", 103.53, "Doc!")]
    notes = " | ".join(t.notes)
    assert "3 cue(s) have SubStation's placeholder name 'NTP' (no speaker)" in notes
    assert "1 cue(s) start before the cue above them: line 9 (0:01:43.53 --> 0:01:46.53)" in notes


def test_substation_without_format_line_uses_the_standard_order(tmp_path):
    path = tmp_path / "bare.ass"
    path.write_text("[Events]\nDialogue: 0,0:00:01.00,0:00:02.00,Default,Ann,0,0,0,,Hello, you.\n"
                    "Dialogue: 0,0:00:02.00,0:00:03.00,Default,Bo,0,0,0,,Hi.\n", encoding="utf-8")
    t = read_transcript(path)
    assert [(s, w) for s, _, _, w in _turns(t)] == [("Ann", "Hello, you."), ("Bo", "Hi.")]
    assert any("no Format: line" in n and "standard ASS order" in n for n in t.notes)


def test_substation_errors_name_the_line(tmp_path):
    few = tmp_path / "few.ass"
    few.write_text("[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
                   "Dialogue: 0,0:00:01.00,0:00:02.00,Default\n", encoding="utf-8")
    with pytest.raises(TranscriptError) as err:
        read_transcript(few)
    assert err.value.code == "RK125"
    assert "few.ass, line 3: a Dialogue line has 4 field(s), the Format line names 10" in str(err.value)
    bad = tmp_path / "time.ass"
    bad.write_text("[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
                   "Dialogue: 0,0:00:61.00,0:00:62.00,Default,,0,0,0,,x\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"RK125.*time.ass, line 3: the Start time '0:00:61.00' is not a time"):
        read_transcript(bad)
    fmt = tmp_path / "fmt.ass"
    fmt.write_text("[Events]\nFormat: Layer, Text, Start\nDialogue: x\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"RK125.*line 2: the \[Events\] Format line must name Start and end with Text"):
        read_transcript(fmt)
    styles_only = tmp_path / "styles.ass"
    styles_only.write_text("[Script Info]\nTitle: x\n[V4+ Styles]\nStyle: Default,Arial\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match="RK104"):
        read_transcript(styles_only)


# --- shared -----------------------------------------------------------------------------------

def test_cues_to_transcript_is_shared_and_checks_offsets():
    cues = [Cue("Ann: One.", 0.0, 1.0, location="c1"), Cue("(Bo)\nTwo.", 1.0, 2.0, location="c2"),
            Cue("(Bo)\nThree.", 2.0, 3.0, location="c3"), Cue("Four.", 3.0, 4.0, voice="Ann", location="c4")]
    t = cues_to_transcript("x.sbv", cues, doc_id="x", source=Source("x.sbv", "0", "sbv"))
    assert _turns(t) == [("Ann", "other", 0.0, "One."), ("Bo", "other", 1.0, "Two.\nThree."), ("Ann", "other", 3.0, "Four.")]
    assert t.text == "Ann: One.\nBo: Two.\nThree.\nAnn: Four."
    with pytest.raises(TranscriptError, match="RK104"):
        cues_to_transcript("x.sbv", [], doc_id="x", source=Source("x.sbv", "0"))


def test_new_subtitle_suffixes_are_found_in_a_folder(tmp_path):
    (tmp_path / "A.sbv").write_text("0:00:01.000,0:00:02.000\nInterviewer: Hi?\n", encoding="utf-8")
    (tmp_path / "B.ass").write_text(AEGISUB, encoding="utf-8")
    (tmp_path / "C.ttml").write_text(W3C_TTML, encoding="utf-8")
    (tmp_path / "D.dfxp").write_text(W3C_TTML, encoding="utf-8")
    (tmp_path / "E.ssa").write_text(AEGISUB.replace("v4.00+", "v4.00"), encoding="utf-8")
    corpus = read_corpus(tmp_path)
    assert corpus.doc_ids == ["A", "B", "C", "D", "E"]
    assert [corpus[d].source.format for d in corpus.doc_ids] == ["sbv", "ass", "ttml", "dfxp", "ssa"]


# --- quirks of real files (sweep of public files) -------------------------------------------------

def test_ttml_lone_name_and_colon_in_one_cue_stays_text(tmp_path):
    """W3C's TTML sample: 'Thus: what we call' is a sentence, not a speaker taking every later cue."""
    path = tmp_path / "paradox.ttml"
    path.write_text('<tt xmlns="http://www.w3.org/ns/ttml"><body><div>'
                    '<p begin="0.76s" end="3.45s">It seems a paradox, does it not,</p>'
                    '<p begin="28.0s" end="34.6s">But how is it proved?</p>'
                    '<p begin="28.0s" end="34.6s">Thus: what we call</p>'
                    '<p begin="34.6s" end="45.0s">the vertex of the Brain<br/>is really its base</p>'
                    '</div></body></tt>', encoding="utf-8")
    t = read_transcript(path)
    assert {s for s, _, _, _ in _turns(t)} == {""}
    assert "Thus: what we call" in t.text
    assert any("'Thus' (p 3" in n and "kept as text" in n for n in t.notes)


def test_substation_escaped_braces_are_text_and_comment_blocks_are_noted(tmp_path):
    path = tmp_path / "desc.ass"
    path.write_text("[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
                    "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
                    "Dialogue: 0,0:00:01.00,0:00:03.00,Default,,0,0,0,,{\\pos(40,160)}echo \"$\\{name\\}\" done\n"
                    "Dialogue: 0,0:00:04.00,0:00:06.00,Default,Ann,0,0,0,,Then we left{check the spelling of Urk}.\n",
                    encoding="utf-8")
    t = read_transcript(path)
    assert _turns(t) == [("", "other", 1.0, 'echo "${name}" done'), ("Ann", "other", 4.0, "Then we left.")]
    assert any("1 {...} block(s) without an override tag" in n for n in t.notes)


def test_cue_before_the_first_named_speaker_keeps_its_time(tmp_path):
    """An SSA file whose first Dialogue line has no Name: its cue is a turn of its own, with its start time."""
    path = tmp_path / "simple.ssa"
    path.write_text("[Script Info]\nTitle: Simple\n\n[Events]\n"
                    "Format: Marked, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
                    "Dialogue: 0,0:00:01.00,0:00:05.00,Default,,0,0,0,,Hello world\n"
                    "Dialogue: 0,0:00:05.50,0:00:10.00,Default,Alice,0,0,0,,This is a test\n", encoding="utf-8")
    t = read_transcript(path)
    assert _turns(t) == [("", "other", 1.0, "Hello world"), ("Alice", "other", 5.5, "This is a test")]


def test_substation_html_and_webvtt_tags_left_by_a_converter_are_markup(tmp_path):
    """pysubs2 (and older ffmpeg) converting .vtt/.srt to .ass keep <i>, <font ...>, <v Name> in the Text field."""
    path = tmp_path / "converted.ass"
    path.write_text("[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
                    "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
                    "Dialogue: 0,0:01:05.00,0:01:25.00,Default,,0,0,0,,<v Fred>Would you like <i>a</i> coffee?\n"
                    "Dialogue: 0,0:01:07.50,0:01:27.50,Default,,0,0,0,,<v.loud Bill>Sure! <font color=\"#ff0\">One</font>"
                    " only <mmm>.\n", encoding="utf-8")
    t = read_transcript(path)
    assert _turns(t) == [("Fred", "other", 65.0, "Would you like a coffee?"), ("Bill", "other", 67.5, "Sure! One only <mmm>.")]
    assert any("2 cue(s) hold HTML/WebVTT formatting tags" in n and "2 cue(s) without a Name take the speaker" in n
               for n in t.notes)


def test_ttml_offsets_of_many_cues_in_nested_divs_each_sum_their_own_ancestors(tmp_path):
    """Each div's offset is summed once and reused for its cues (a walk up the tree per cue was the cost of a long
    file): cues of sibling divs, of a nested div and of the body itself must still each get their own ancestors' times."""
    cues = []
    for d, div_begin in enumerate((0, 100, 200)):
        inner = "".join(f'<p begin="{k}s" end="{k + 1}s">{"AB"[k % 2]}: d{d} p{k}</p>' for k in range(30))
        nested = f'<div begin="50s"><p begin="1s" end="2s">C: nested {d}</p></div>' if d == 1 else ""
        cues.append(f'<div begin="{div_begin}s">{inner}{nested}</div>')
    path = tmp_path / "divs.ttml"
    path.write_text('<tt xmlns="http://www.w3.org/ns/ttml"><body begin="1000s">'
                    '<p begin="0.5s" end="0.9s">B: at the body</p>' + "".join(cues) + "</body></tt>", encoding="utf-8")
    t = read_transcript(path)
    times = {words: ts for _, _, ts, words in _turns(t)}
    assert times["at the body"] == 1000.5
    assert times["d0 p0"] == 1000.0 and times["d0 p29"] == 1029.0
    assert times["d1 p7"] == 1107.0 and times["d2 p29"] == 1229.0
    assert times["nested 1"] == 1151.0  # body 1000 + div 100 + nested div 50 + its own 1
    assert len(t.turns) == 1 + 3 * 30 + 1


def test_ttml_a_bad_div_begin_is_named_for_the_first_cue_below_it(tmp_path):
    path = tmp_path / "bad.ttml"
    path.write_text('<tt xmlns="http://www.w3.org/ns/ttml"><body><div begin="5s"><p begin="1s">A: ja</p></div>'
                    '<div begin="12x"><p begin="1s">B: nee</p><p begin="2s">A: ja</p></div></body></tt>', encoding="utf-8")
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert err.value.code == "RK124" and "begin='12x'" in str(err.value) and "<div>" in str(err.value)

"""Transcription tools' export layouts, as the tools' own source or documentation and real files show them
(sweep of December 2026; docs/ingestion.md, "Exports from transcription services", and the formats table).

- oTranscribe ``.otr``: one JSON object, the editor's HTML under ``text``, ``media``, ``media-source``,
  ``media-time`` (oTranscribe's ``src/js/app/export.js``, "oTranscribe format"); a time mark is
  ``<span class="timestamp" contenteditable="false" data-timestamp="3.42">0:00:03</span>`` followed by a no-break
  space (``src/js/app/timestamps.js``), older files write the clock in ``data-timestamp``; a real file saved from it
  (OpenPecha/Format-otr, ``tests/data/expected/otr/expected_otr.otr``) puts a ``<br />`` before the mark and ends with
  empty ``<p><br /></p>`` paragraphs. Its "Plain text" and "Markdown" downloads are the same paragraphs through
  sanitize-html and to-markdown: the mark's text, the no-break space, the speech, a blank line between paragraphs
  (bold kept as ``**`` in Markdown).
- Microsoft Teams' ``.vtt`` as public parsers' fixtures copy it: ``WEBVTT`` (or ``WEBVTT - Meeting transcript`` and a
  ``NOTE`` block), cue ids ``<meeting guid>/<n>-<k>``, ``<v Surname, Given (Contractor)>text</v>`` (names with a comma
  and a note), a cue's text over two lines with ``</v>`` on the second, the last cue's ``</v>`` missing, ``&amp;``.

Each fixture is written here with the project's own speech; only the layouts are copied.
"""

from __future__ import annotations

import json

import pytest

from researchkit import read_transcript
from researchkit.errors import CODES, TranscriptError

NBSP = "\u00a0"


def _turns(t):
    """Speaker, role, time and text of each turn, read through the offsets (and checked against ``turn_text``)."""
    for turn in t.turns:
        assert t.turn_text(turn) == t.text[turn.start:turn.end]
    return [(turn.speaker, turn.role, turn.timestamp, t.text[turn.start:turn.end]) for turn in t.turns]


def _words(text: str) -> str:
    return "".join(text.replace(NBSP, " ").split())


# -- oTranscribe ------------------------------------------------------------------------------------------------------

OTR_TURNS = [(3.42, "Interviewer", "Hoe lang werkt u al in de haven?"),
             (9.1, "Respondent", "Sinds 1990. Eerst op de kraan, later op kantoor."),
             (21.75, "Interviewer", "En wat veranderde er toen de containers kwamen?"),
             (3725.5, "Respondent", "Alles. De ploegen werden kleiner.")]


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"  # oTranscribe's formatMilliseconds: h:mm:ss


def _mark(seconds: float) -> str:
    return (f'<span class="timestamp" contenteditable="false" data-timestamp="{seconds}">{_clock(seconds)}</span>'
            "&nbsp;")


def _otr(tmp_path, text: str, name: str = "haven-03.otr", **extra):
    root = {"text": text, "media": "haven-03.mp3", "media-source": "", "media-time": 3731.2, **extra}
    path = tmp_path / name
    path.write_text(json.dumps(root), encoding="utf-8")
    return path


def test_otr_marks_are_turn_times_and_labels_follow_them(tmp_path):
    html = "".join(f"<p>{_mark(s)}<b>{who}:</b> {said}</p>" for s, who, said in OTR_TURNS)
    html += "<p>Dat was een grote verandering.</p><p><br /></p>"
    t = read_transcript(_otr(tmp_path, html))
    assert _turns(t) == [
        ("Interviewer", "interviewer", 3.42, OTR_TURNS[0][2]),
        ("Respondent", "respondent", 9.1, OTR_TURNS[1][2]),
        ("Interviewer", "interviewer", 21.75, OTR_TURNS[2][2]),
        ("Respondent", "respondent", 3725.5, OTR_TURNS[3][2] + "\nDat was een grote verandering."),
    ]
    assert [ms for _, ms in t.sync_points] == [3420, 9100, 21750, 3725500]
    assert t.text.startswith("0:00:03 Interviewer: Hoe lang")  # the mark stays in the text, before the turn
    assert t.attributes["media"] == "haven-03.mp3"
    assert t.source.format == "otr"
    assert any("media-time 3731.2" in note for note in t.notes)
    expected = "".join(f"{_clock(s)}{who}:{said}" for s, who, said in OTR_TURNS) + "Dat was een grote verandering."
    assert _words(t.text) == "".join(expected.split())


def test_otr_as_saved_with_breaks_before_marks_older_clock_marks_and_no_labels(tmp_path):
    # The real file's shape: <p><br /><span ...>, a paragraph without a mark, empty paragraphs at the end; and an older
    # file's data-timestamp written as a clock.
    html = ('        <p><span class="timestamp" data-timestamp="9.483782">00:09</span> Wij kwamen in 1990 aan.</p>'
            '<p><br /><span class="timestamp" data-timestamp="00:17">00:17</span>  Toen werkten we op de kade.</p>'
            "<p>Later op kantoor.</p>"
            '<p><br /><span class="timestamp" data-timestamp="26.6">00:26</span> Dat was zwaar werk.</p>'
            "<p><br /></p><p><br /></p><p>    </p>")
    t = read_transcript(_otr(tmp_path, html, "kade.otr"))
    assert [(who, ts, said) for who, _, ts, said in _turns(t)] == [
        ("", 9.484, "Wij kwamen in 1990 aan."),
        ("", 17.0, "Toen werkten we op de kade."),
        ("", None, "Later op kantoor."),  # without labels each paragraph is a turn
        ("", 26.6, "Dat was zwaar werk."),
    ]
    assert _words(t.text) == _words("00:09 Wij kwamen in 1990 aan. 00:17 Toen werkten we op de kade. Later op kantoor. "
                                    "00:26 Dat was zwaar werk.")


def test_otr_mark_inside_a_paragraph_stays_speech(tmp_path):
    html = (f"<p>{_mark(3.42)}I: Hoe lang al?</p>"
            f'<p>{_mark(9.1)}R: Sinds 1990, <span class="timestamp" data-timestamp="12.5">0:00:12</span> ongeveer.</p>')
    t = read_transcript(_otr(tmp_path, html))
    assert _turns(t)[1] == ("R", "respondent", 9.1, "Sinds 1990, 0:00:12 ongeveer.")


def test_otr_that_is_no_otranscribe_file_is_rk147(tmp_path):
    path = tmp_path / "b.otr"
    path.write_text(json.dumps({"segments": [{"text": "Hallo"}]}), encoding="utf-8")
    with pytest.raises(TranscriptError) as info:
        read_transcript(path)
    assert info.value.code == "RK147" and "b.otr" in str(info.value) and "segments" in str(info.value)
    path.write_text(json.dumps({"text": ["<p>Hallo</p>"]}), encoding="utf-8")
    with pytest.raises(TranscriptError, match="RK147.*'text' is no string"):
        read_transcript(path)


def test_otr_without_words_is_rk148_and_bad_json_rk162(tmp_path):
    with pytest.raises(TranscriptError) as info:
        read_transcript(_otr(tmp_path, "<p><br /></p><p>&nbsp;</p>", "leeg.otr"))
    assert info.value.code == "RK148" and "leeg.otr" in str(info.value)
    path = tmp_path / "kapot.otr"
    path.write_text('{"text": "<p>Hallo</p>", "media": ', encoding="utf-8")
    with pytest.raises(TranscriptError) as info:
        read_transcript(path)
    assert info.value.code == "RK162" and "line 1" in str(info.value)
    assert {"RK147", "RK148"} <= set(CODES)


def _otr_download(markdown: bool) -> str:
    """oTranscribe's "Plain text"/"Markdown" download: the mark's text, a no-break space, blank lines between."""
    paragraphs = [f"{_clock(s)}{NBSP}{f'**{who}:**' if markdown else f'{who}:'} {said}" for s, who, said in OTR_TURNS]
    return "\n\n".join(paragraphs[:2] + ["Dat was een grote verandering."] + paragraphs[2:]) + "\n"


@pytest.mark.parametrize("name,markdown", [("haven.txt", False), ("haven.md", True), ("haven-plain.md", False)])
def test_otr_text_and_markdown_downloads(tmp_path, name, markdown):
    source = _otr_download(markdown)
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    t = read_transcript(path)
    assert [(who, role, ts) for who, role, ts, _ in _turns(t)] == [
        ("Interviewer", "interviewer", 3.0), ("Respondent", "respondent", 9.0),
        ("Interviewer", "interviewer", 21.0), ("Respondent", "respondent", 3725.0)]
    assert _turns(t)[1][3] == OTR_TURNS[1][2] + "\nDat was een grote verandering."
    assert _words(t.text) == _words(source)


def test_otr_text_download_without_labels_keeps_the_marks_as_times(tmp_path):
    source = "\n\n".join(f"{_clock(s)}{NBSP}{said}" for s, _, said in OTR_TURNS) + "\n"
    path = tmp_path / "haven.txt"
    path.write_text(source, encoding="utf-8")
    t = read_transcript(path)
    assert [(who, ts, said) for who, _, ts, said in _turns(t)] == [("", float(int(s)), said) for s, _, said in OTR_TURNS]
    assert _words(t.text) == _words(source)
    # a clock and a plain space (no oTranscribe mark) stays speech
    path.write_text("10:30:00 vertrokken we.\n\nDaarna niets.\n", encoding="utf-8")
    assert [ts for _, _, ts, _ in _turns(read_transcript(path))] == [None, None]


# -- Microsoft Teams .vtt -----------------------------------------------------------------------------------------------

TEAMS_VTT = """WEBVTT - Meeting transcript

NOTE
Vergadering haven, 12 maart.

7f3a2c9e-4b1d-4e8a-9c5f-1a2b3c4d5e6f/1-0
00:00:03.120 --> 00:00:06.480
<v Graham, Ken (Contractor)>Hoe lang werkt u al in de haven?</v>

7f3a2c9e-4b1d-4e8a-9c5f-1a2b3c4d5e6f/2-0
00:00:07.000 --> 00:00:11.240
<v Wilson, John>Sinds 1990, eerst op de kraan,
later op kantoor.</v>

7f3a2c9e-4b1d-4e8a-9c5f-1a2b3c4d5e6f/2-1
00:00:11.240 --> 00:00:12.000
<v Wilson, John>En nu met pensioen.</v>

7f3a2c9e-4b1d-4e8a-9c5f-1a2b3c4d5e6f/3-0
00:00:12.500 --> 00:00:14.000
<v Graham, Ken (Contractor)>Q&amp;A volgt. En toen?</v>

7f3a2c9e-4b1d-4e8a-9c5f-1a2b3c4d5e6f/4-0
00:00:15.000 --> 00:00:16.000
<v Wilson, John>Alles veranderde.
"""


def test_teams_vtt_voice_tags_with_guid_cue_ids(tmp_path):
    path = tmp_path / "haven-teams.vtt"
    path.write_text(TEAMS_VTT, encoding="utf-8")
    t = read_transcript(path)
    assert [(who, ts, said) for who, _, ts, said in _turns(t)] == [
        ("Graham, Ken (Contractor)", 3.12, "Hoe lang werkt u al in de haven?"),
        ("Wilson, John", 7.0, "Sinds 1990, eerst op de kraan, later op kantoor.\nEn nu met pensioen."),
        ("Graham, Ken (Contractor)", 12.5, "Q&A volgt. En toen?"),
        ("Wilson, John", 15.0, "Alles veranderde."),
    ]
    assert "7f3a2c9e" not in t.text and "<v" not in t.text and "WEBVTT" not in t.text

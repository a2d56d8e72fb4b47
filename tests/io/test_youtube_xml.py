"""YouTube timed-text captions saved as .xml (srv1 <transcript>, srv2/srv3 <timedtext>)."""

from __future__ import annotations

import pytest

from researchkit.errors import TranscriptError
from researchkit.io import read_corpus, read_transcript


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _turns(t):
    out = []
    for turn in t.turns:
        passage = t.text[turn.start:turn.end]
        assert passage and passage == passage.strip()
        out.append((turn.speaker, turn.timestamp, passage))
    return out


SRV1 = ('<?xml version="1.0" encoding="utf-8" ?><transcript>'
        '<text start="0.32" dur="3.1">&gt;&gt; INTERVIEWER: what did you see\nin the harbour?</text>'
        '<text start="3.42" dur="2.5">&gt;&gt; JAN: a boat that wasn&amp;#39;t\nregistered &amp;amp; nobody asked</text>'
        '<text start="5.92" dur="2">about it.</text>'
        '<text start="8" dur="1.5">[Music]</text></transcript>')


def test_srv1_transcript_speakers_escapes_and_times(tmp_path):
    t = read_transcript(_write(tmp_path, "hearing.xml", SRV1))
    assert t.source.format == "youtube-xml"
    assert _turns(t) == [
        ("INTERVIEWER", 0.32, "what did you see in the harbour?"),
        ("JAN", 3.42, "a boat that wasn't registered & nobody asked\nabout it.\n[Music]"),
    ]
    assert t.turns[0].role == "interviewer"
    assert t.notes[0] == "read as YouTube timed-text captions (srv1): 4 caption(s)"
    assert any("'>>'" in n for n in t.notes)


def test_srv3_word_pieces_and_empty_automatic_captions(tmp_path):
    srv3 = ('<?xml version="1.0" encoding="utf-8" ?><timedtext format="3"><head><ws id="0"/></head><body>'
            '<p t="1200" d="3000" w="1"><s ac="0">so</s><s t="480" ac="0"> the</s><s t="900" ac="0"> port</s></p>'
            '<p t="2190" d="2010" w="1" a="1">\n</p>'
            '<p t="4200" d="2000" w="1"><s ac="0">is</s><s t="300" ac="0"> quiet</s></p></body></timedtext>')
    t = read_transcript(_write(tmp_path, "auto.xml", srv3))
    assert t.text == "so the port\nis quiet"
    assert [(turn.timestamp, t.text[turn.start:turn.end]) for turn in t.turns] == [(1.2, "so the port"), (4.2, "is quiet")]
    assert any("1 caption(s) without words" in n for n in t.notes)
    srv2 = '<timedtext><text t="0" d="1500">Ann: Hello.</text><text t="1500" d="900">Bo: Hi.</text></timedtext>'
    t = read_transcript(_write(tmp_path, "srv2.xml", srv2))
    assert _turns(t) == [("Ann", 0.0, "Hello."), ("Bo", 1.5, "Hi.")]


def test_other_transcript_roots_and_bad_times(tmp_path):
    other = _write(tmp_path, "notes.xml", "<transcript><speaker>A</speaker><line>Hi</line></transcript>")
    with pytest.raises(TranscriptError, match=r"RK144.*notes.xml: the root <transcript> holds no YouTube caption"):
        read_transcript(other)
    bad = _write(tmp_path, "bad.xml", '<transcript>\n<text start="1" dur="2">a</text>\n<text start="x" dur="2">b</text></transcript>')
    with pytest.raises(TranscriptError, match=r"RK144.*bad.xml, line 3: a caption has start='x', which is not a time"):
        read_transcript(bad)
    empty = _write(tmp_path, "empty.xml", '<timedtext format="3"><body><p t="0" d="10" a="1">\n</p></body></timedtext>')
    with pytest.raises(TranscriptError, match="RK104"):
        read_transcript(empty)
    # in a folder the bad files are listed as problems, the good one is read
    _write(tmp_path, "hearing.xml", SRV1)
    with pytest.warns(UserWarning, match="skipped 3 file"):
        corpus = read_corpus(tmp_path, strict=False)
    assert [t.doc_id for t in corpus] == ["hearing"]
    assert sorted(p.code for p in corpus.problems) == ["RK104", "RK144", "RK144"]


def test_json3_captions_read_through_the_json_reader(tmp_path):
    import json
    events = {"wireMagic": "pb3", "pens": [{}], "events": [
        {"tStartMs": 0, "dDurationMs": 90000, "id": 1, "wpWinPosId": 1, "wsWinStyleId": 1},
        {"tStartMs": 400, "dDurationMs": 2600, "wWinId": 1, "segs": [{"utf8": ">> Interviewer: waar"}, {"utf8": " was u?", "tOffsetMs": 500}]},
        {"tStartMs": 2990, "dDurationMs": 10, "wWinId": 1, "aAppend": 1, "segs": [{"utf8": "\n"}]},
        {"tStartMs": 3000, "dDurationMs": 2000, "wWinId": 1, "segs": [{"utf8": ">> Jan: op de kade."}]},
    ]}
    path = tmp_path / "R1.json"
    path.write_text(json.dumps(events), encoding="utf-8")
    t = read_transcript(path)
    assert t.source.format == "youtube-json3"
    assert _turns(t) == [("Interviewer", 0.4, "waar was u?"), ("Jan", 3.0, "op de kade.")]
    assert t.turns[0].role == "interviewer"
    assert any("1 caption(s) without words" in n for n in t.notes)
    # found in a folder as a transcript (not skipped as a settings file); a bad time names its place
    assert [x.doc_id for x in read_corpus(tmp_path)] == ["R1"]
    events["events"][1]["tStartMs"] = "soon"
    path.write_text(json.dumps(events), encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"RK144.*events\[1\]\.tStartMs is 'soon', not a time in milliseconds"):
        read_transcript(path)


def test_yt_dlp_caption_suffixes_json3_and_srv3_are_read_and_found(tmp_path):
    """yt-dlp names captions by their format (``--sub-format json3`` writes ``video.en.json3``)."""
    _write(tmp_path, "R07.en.json3", '{"wireMagic": "pb3", "events": [{"tStartMs": 210, "dDurationMs": 3830, '
                                    '"segs": [{"utf8": "Hi, I am Vanessa from the\\nlanguage school."}]}]}')
    _write(tmp_path, "R08.en.srv3", '<?xml version="1.0" encoding="utf-8" ?><timedtext format="3"><body>'
                                   '<p t="1000" d="2000">Welcome back.</p></body></timedtext>')
    t = read_transcript(tmp_path / "R07.en.json3")
    assert t.source.format == "youtube-json3"
    assert [(ts, x) for _, ts, x in _turns(t)] == [(0.21, "Hi, I am Vanessa from the language school.")]
    corpus = read_corpus(tmp_path)
    assert sorted(tr.doc_id for tr in corpus) == ["R07.en", "R08.en"]
    assert [t.text for t in corpus if t.doc_id == "R08.en"] == ["Welcome back."]

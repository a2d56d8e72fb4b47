"""Line ends besides ``\\n``, ``\\r\\n`` and ``\\r`` in text and subtitle files: U+2028, U+0085 (NEL), U+2029, form feeds.

A file that ends its lines with one of them reads as the same file with line feeds (the canonical text has a line
feed there, offsets into it as always), with a note saying so; a form feed glued to the line before it is a page
break the furniture rules see, as the form feed ``pdftotext`` writes at a line's start.
"""

from __future__ import annotations

import pytest

from researchkit import read_transcript
from researchkit.errors import TranscriptError
from researchkit.io import limits

LINES = ["I: Hoe lang vaart u al?", "R: Sinds 1990.", "Met mijn broer.", "I: En daarna?", "R: Toen kwam de crisis."]


def _said(t) -> list[tuple[str, str]]:
    return [(x.speaker, t.text[x.start : x.end]) for x in t.turns]


@pytest.mark.parametrize("suffix", [".txt", ".md"])
@pytest.mark.parametrize("end, name", [("\u2028", "U+2028"), ("\x85", "U+0085"), ("\u2029", "U+2029")])
def test_other_line_ends_read_as_line_feeds(tmp_path, suffix, end, name):
    plain = tmp_path / f"plain{suffix}"
    plain.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    other = tmp_path / f"other{suffix}"
    other.write_text(end.join(LINES) + "\n", encoding="utf-8")
    expected, t = read_transcript(plain), read_transcript(other)
    assert t.text == expected.text and end not in t.text
    assert t.turns == expected.turns and t.paragraphs == expected.paragraphs
    assert _said(t) == [("I", "Hoe lang vaart u al?"), ("R", "Sinds 1990.\nMet mijn broer."), ("I", "En daarna?"),
                        ("R", "Toen kwam de crisis.")]
    assert [n for n in t.notes if name in n] == [f"4 {n}" for n in [n.split(" ", 1)[1] for n in t.notes if name in n]]
    assert any(n.startswith("4 ") and name in n and "read as line ends" in n for n in t.notes)


def test_mixed_line_ends_in_utf16_are_text_not_binary(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(("\x85".join(LINES * 40) + "\r\n").encode("utf-16"))
    t = read_transcript(path)
    assert len(t.turns) == 4 * 40 and "\x85" not in t.text


def test_a_form_feed_glued_to_a_line_is_a_page_break_the_furniture_rules_see(tmp_path):
    pages = ["Smith Oral History, Page {}", "", "R: We left {}.", "", "I: Why?", "", "- {} -"]
    words = ["early", "late", "at last", "twice"]
    text = "\n".join("\n".join(pages).format(n, w, n) for n, w in enumerate(words, 1))
    glued, apart = tmp_path / "glued.txt", tmp_path / "apart.txt"
    glued.write_text(text.replace("-\nSmith", "-\fSmith"), encoding="utf-8")  # "- 1 -\fSmith Oral History, Page 2"
    apart.write_text(text.replace("-\nSmith", "-\n\fSmith"), encoding="utf-8")  # pdftotext's layout
    t, expected = read_transcript(glued), read_transcript(apart)
    assert [t.text[s:e] for s, e in t.furniture] == [expected.text[s:e] for s, e in expected.furniture]
    assert [t.text[s:e] for s, e in t.furniture][:3] == ["Smith Oral History, Page 1", "- 1 -", "Smith Oral History, Page 2"]
    assert len(t.furniture) == 8 and t.turns == expected.turns and t.text == expected.text
    assert any("3 form feed(s) (page breaks) inside a line read as line ends" in n for n in t.notes)
    assert not any("form feed" in n for n in expected.notes)


@pytest.mark.parametrize("suffix", [".srt", ".vtt"])
@pytest.mark.parametrize("end", ["\u2028", "\x85", "\f"])
def test_a_line_end_inside_a_cue_is_a_new_line_of_the_cue(tmp_path, suffix, end):
    def cues(sep: str) -> str:
        if suffix == ".vtt":
            return (f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>Hallo{sep}wereld.\n\n"
                    "00:00:03.000 --> 00:00:04.000\n<v Bob>Ja.\n")
        return f"1\n00:00:01,000 --> 00:00:02,000\nAnn: Hallo{sep}wereld.\n\n2\n00:00:03,000 --> 00:00:04,000\nBob: Ja.\n"
    other, plain = tmp_path / f"other{suffix}", tmp_path / f"plain{suffix}"
    other.write_text(cues(end), encoding="utf-8")
    plain.write_text(cues("\n"), encoding="utf-8")
    t, expected = read_transcript(other), read_transcript(plain)
    assert t.text == expected.text and t.turns == expected.turns
    assert _said(t) == [("Ann", "Hallo wereld."), ("Bob", "Ja.")]
    assert any("read as line ends" in n for n in t.notes)


def test_the_line_limit_counts_the_other_line_ends(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_UNITS", 10)
    path = tmp_path / "lang.txt"
    path.write_text("\u2028".join(["A: ja", "B: nee"] * 6), encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"RK136.*lang.txt.*line 11.*12 lines"):
        read_transcript(path)

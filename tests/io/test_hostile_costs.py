"""Hostile inputs whose cost was too high: RTF font-table look-alikes (striprtf's quadratic search) and
broken font tables, and text files of very many one-word turns (memory per paragraph).

No timings here (``benchmarks/bench_hostile.py`` measures them): the tests check that the output is what
it was, that the new errors say what they should, and the structure that keeps the work bounded.
"""

from __future__ import annotations

import gc
import random
import sys

import pytest
from striprtf.striprtf import FONTTABLE_START, font_table_group, rtf_to_text

from researchkit.errors import CODES, TranscriptError
from researchkit.io import read_transcript
from researchkit.io import limits
from researchkit.io.assemble import RawParagraph, _space_at, assemble
from researchkit.io.rawturns import RawTurn
from researchkit.io.legacy import bound_rtf_work, broken_font_table, document_end, read_rtf
from researchkit.io.speakers import LabelMatch
from researchkit.transcripts import Source, Turn

# --- RTF ----------------------------------------------------------------------------------------

BODY = r"{\b I:} Hoe lang werkt u al in de haven?\par {\b R:} Sinds 1998, eerst bij de douane \'96 zo\'92n twintig jaar.\par "

VALID = {
    "word": r"{\rtf1\ansi\ansicpg1252\uc1\deff0{\fonttbl{\f0\froman\fcharset0\fprq2{\*\panose 02020603050405020304}Times New Roman;}"
            r"{\f1\fswiss\fcharset0\fprq2 Arial;}" "\n" r"{\f40\froman\fcharset204\fprq2 Times New Roman Cyr;}}"
            r"{\colortbl;\red0\green0\blue0;}{\stylesheet{\ql \snext0 Normal;}{\*\cs10 \additive Default Paragraph Font;}}"
            r"{\info{\title Interview}{\author X}}" "\n" r"\pard\plain " + BODY + r"{\f40 \'c4\'e0 }{\f1 en verder.\par }"
            r'{\b\f1 I:}{\f1  Zie {\field{\*\fldinst{HYPERLINK "https://example.org"}}{\fldrslt{\ul het rapport}}} \u8220?zo\u8221?.\par }}',
    "wordpad": r"{\rtf1\ansi\ansicpg1252\deff0\nouicompat\deflang1043{\fonttbl{\f0\fnil\fcharset0 Calibri;}{\f1\fnil\fcharset238 Calibri;}}"
               "\n" r"{\*\generator Riched20 10.0.19041}\viewkind4\uc1 \pard\f0 I: Dag.\par R: Zo\'eb, en \f1\'9a\f0 verder.\par}" "\r\n",
    "cocoa": r"{\rtf1\ansi\ansicpg1252\cocoartf1671" "\n" r"{\fonttbl\f0\fswiss\fcharset0 Helvetica;}" "\n"
             r"{\colortbl;\red255\green255\blue255;}" "\n" r"\f0\fs24 \cf0 I: Dag." "\\\n" r"R: Hoi\'92s." "\\\n" "}",
    "libreoffice": r"{\rtf1\ansi\deff4\adeflang1025" "\n" r"{\fonttbl{\f0\froman\fprq2\fcharset0 Times New Roman;}"
                   r"{\f3\froman\fprq2\fcharset0 Liberation Serif{\*\falt Times New Roman};}}" "\n"
                   r"{\*\generator LibreOffice/7.3}\pard\plain \f3 {\b Interviewer:} Hoe was het?" "\n" r"\par {\b Respondent:} Goed \u8211\'96 ja." "\n" r"\par }",
}

LOOKALIKES = {  # striprtf's own search finds these as the font table; only {\fonttbl itself was bounded before
    "star": r"{\rtf1{\*\fonttbl{\f0\fcharset204 Arial;}{\f1\fcharset0 Times;}}\f0 \'e4a \f1 \'e4\par I: Dag.\par}",
    "letter": r"{\rtf1{\fonttblx{\f0\fcharset204 Arial;}}\f0 \'e4a\par I: Dag.\par}",
    "space": r"{\rtf1{ \fonttbl{\f0\fcharset204 Arial;}}\f0 \'e4a\par I: Dag.\par}",
    "in the header": r"{\rtf1\ansi\fonttbl{\f0\fcharset204 Arial;}\f0 \'e4a\par}",
    "after a real one": r"{\rtf1{\*\fonttbl{\f0\fcharset204 A;}}{\fonttbl{\f0\fcharset0 B;}}\f0 \'e4\par}",
}


@pytest.mark.parametrize("name", sorted(VALID))
def test_bounding_the_work_leaves_striprtfs_text_of_valid_files_as_it_was(name):
    assert rtf_to_text(bound_rtf_work(VALID[name])) == rtf_to_text(VALID[name])


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_files_read_without_error_or_structure_note(name, tmp_path):
    path = tmp_path / f"{name}.rtf"
    path.write_bytes(VALID[name].encode("latin-1"))
    t = read_transcript(path)
    assert [t.turn_text(turn).split()[0] for turn in t.turns][:2] in (["Hoe", "Sinds"], ["Dag."], ["Dag.", "Zo\u00eb,"],
                                                                      ["Dag.", "Hoi\u2019s."], ["Hoe", "Goed"])
    assert not [n for n in t.notes if "end of the document" in n]


@pytest.mark.parametrize("name", sorted(LOOKALIKES))
def test_font_table_lookalikes_give_the_text_striprtf_gives(name):
    rtf = LOOKALIKES[name]
    assert rtf_to_text(bound_rtf_work(rtf)) == rtf_to_text(rtf)


@pytest.mark.parametrize("opening", [r"{\*\fonttbl", r"{\fonttblx", r"{ \fonttbl", r"{\fonttbl"])
def test_the_table_striprtf_searches_has_one_font_a_line_whatever_it_looks_like(opening):
    """100,000 fonts without ``\\fcharset`` in a look-alike took minutes (striprtf's regex: quadratic on one line)."""
    rtf = r"{\rtf1" + opening + r"{\f0 Arial;}" * 100_000 + r"}I: Dag.\par}"
    bounded = bound_rtf_work(rtf)
    group = font_table_group(bounded)
    assert FONTTABLE_START.search(bounded).start() < 10  # striprtf finds the rebuilt table first
    assert len(group) < 100 and max(map(len, group.split("\n"))) < 40


@pytest.mark.parametrize("opening", [r"{\fonttbl", r"{\*\fonttbl"])
def test_a_font_table_running_on_into_the_text_is_rk135_naming_where(opening, tmp_path):
    path = tmp_path / "R21.rtf"
    path.write_bytes((r"{\rtf1\ansi" + opening + r"{\f0\fswiss Arial;}" + "\n" + r"{\b I:} Dag.\par R: Hoi.\par}").encode("latin-1"))
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    message = str(err.value)
    assert err.value.code == "RK135" and "R21.rtf" in message and "line 1, byte 11" in message
    assert "paragraph mark at line 2" in message and "missing its closing '}'" in message
    assert "save it again" in message and "Word or LibreOffice" in message
    assert "RK135" in CODES


def test_a_font_table_cut_off_after_the_text_is_no_error():
    rtf = r"{\rtf1 I: Hoe?\par R: Goed.\par {\fonttbl" + r"\f0 Arial" * 1000
    assert broken_font_table(rtf) is None


def test_rtf_after_the_documents_end_is_noted_with_its_place(tmp_path):
    path = tmp_path / "R22.rtf"
    path.write_bytes(rb"{\rtf1 I: Hoe?\par}}R: Goed.\par I: En?\par}")
    t = read_transcript(path)
    assert t.text == "I: Hoe?"
    note = next(n for n in t.notes if "after the end of the document" in n)
    assert "line 1, byte 18" in note and "a '}' too many" in note
    assert document_end(r"{\rtf1 a}" + "\r\n\x00") == 9  # a line end or NUL after the end is no note
    path.write_bytes(b"{\\rtf1 I: Hoe?\\par}\r\n\x00")
    assert not [n for n in read_transcript(path).notes if "end of the document" in n]


def test_read_rtf_refuses_before_striprtf_sees_the_file():
    with pytest.raises(TranscriptError, match="RK135"):
        read_rtf("x.rtf", rb"{\rtf1{\fonttbl{\f0 A;}" + rb"I: ja\par " * 10 + b"}", doc_id="x", source=Source("x.rtf", "0"))


# --- many one-word turns: what each paragraph keeps -----------------------------------------------


def _one_word_turns(n: int) -> str:
    return "".join("A: ja\n" if i % 2 == 0 else "B: nee\n" for i in range(n))


def test_many_one_word_turns_keep_their_offsets_and_roles(tmp_path):
    path = tmp_path / "R30.txt"
    path.write_text(_one_word_turns(2000), encoding="utf-8")
    t = read_transcript(path)
    assert len(t.turns) == 2000 and len(t.paragraphs) == 2000
    assert [t.text[turn.start:turn.end] for turn in t.turns[:4]] == ["ja", "nee", "ja", "nee"]
    assert {turn.speaker for turn in t.turns} == {"A", "B"}
    assert all(turn.end == end for turn, (_, end) in zip(t.turns, t.paragraphs))


def test_a_turn_keeps_no_dictionary_and_shares_its_speaker_label(tmp_path):
    """Structure, not timing: slots (no ``__dict__``), one label string for all turns of a speaker."""
    path = tmp_path / "R31.txt"
    path.write_text("".join(f"Interviewer: vraag {i}\nRespondent: antwoord {i}\n" for i in range(50)), encoding="utf-8")
    t = read_transcript(path)
    for cls in (Turn, LabelMatch, RawParagraph, RawTurn):
        assert not hasattr(cls(**_minimal(cls)), "__dict__"), cls
    speakers = [turn.speaker for turn in t.turns if turn.speaker == "Interviewer"]
    assert len(speakers) == 50 and all(s is speakers[0] for s in speakers)
    referents = [r for r in gc.get_referents(t.turns[10]) if not isinstance(r, type)]
    assert all(sys.getsizeof(r) < 100 for r in referents)  # labels, role, offsets, time: nothing of the file


def _minimal(cls) -> dict:
    return {Turn: dict(speaker="A", role="other", start=0, end=1),
            LabelMatch: dict(label="A", timestamp=None, content_start=2),
            RawParagraph: dict(text="A: ja", location="line 1"),
            RawTurn: dict(speaker="A", start=0, end=1, ts=None, kind="label")}[cls]


def test_raw_turns_read_and_write_as_the_dicts_they_replace():
    turn = RawTurn(speaker="I", start=3, end=9, ts=None, kind="label")
    turn["end"] = 12
    turn["role"] = "interviewer"
    assert dict(turn) == {"speaker": "I", "start": 3, "end": 12, "ts": None, "kind": "label", "role": "interviewer"}
    assert turn.get("missing") is None and "role" in turn and dict(dict(turn), end=4)["end"] == 4
    with pytest.raises(KeyError):
        turn["colour"] = "red"
    with pytest.raises(KeyError):
        RawTurn(speaker="I", start=0, end=1, ts=None, kind="label")["role"]


def test_trimming_a_turn_counts_white_space_as_strip_does():
    rng = random.Random(7)
    alphabet = [" ", "\t", "\n", "\u00a0", "\u2003", "a", "b", "\u00e9"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        segment = text[start:end]
        lead = _space_at(text, start, end, 1)
        assert lead == len(segment) - len(segment.lstrip())
        if segment.strip():
            assert _space_at(text, start + lead, end, -1) == len(segment) - len(segment.rstrip())


def test_white_space_only_paragraphs_and_empty_turns_come_out_as_before():
    t = assemble("d", [RawParagraph("I:", "line 1"), RawParagraph("R: ja", "line 2"), RawParagraph("\u00a0 \u2003", "line 3"),
                       RawParagraph("I: nee ", "line 4")])
    assert [(turn.speaker, t.text[turn.start:turn.end]) for turn in t.turns] == [("R", "ja"), ("I", "nee")]


def test_a_text_of_more_lines_than_a_transcript_may_have_is_rk136(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_UNITS", 10)
    path = tmp_path / "R32.txt"
    path.write_text(_one_word_turns(10), encoding="utf-8")
    assert len(read_transcript(path).turns) == 10
    path.write_text(_one_word_turns(11), encoding="utf-8")
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert err.value.code == "RK136" and "R32.txt" in str(err.value) and "line 11" in str(err.value)
    assert "has 11 lines, more than the 10" in str(err.value) and "split it" in str(err.value)
    assert "RK136" in CODES

"""Offset conventions: code points vs UTF-16 units, CRLF as 1 or 2, BOM, NFD text -> canonical offsets."""

from __future__ import annotations

import unicodedata

import pytest

from researchkit.refi.offsets import CONVENTIONS, STRIPPED_CR_CONVENTIONS, Convention, SourceText, choose_convention, origin_convention

TEXT = "\ufeffI: Zag u 🚤 boten?\r\nR: Ja, 's nachts 😕 bij de kade.\r\nI: En de café-eigenaar?"


def _units(text: str, conv: Convention) -> list[int]:
    """Independent reference: position of every boundary of ``text`` under ``conv``."""
    out, pos = [0], 0
    for i, ch in enumerate(text):
        width = 2 if conv.unit == "utf16" and ord(ch) > 0xFFFF else 1
        if conv.crlf == 1 and ch == "\r" and text[i + 1 : i + 2] == "\n":
            width = 0
        if i == 0 and ch == "\ufeff" and not conv.bom:
            width = 0
        if conv.lf == 2 and ch == "\n" and "\r" not in text:
            width = 2
        pos += width
        out.append(pos)
    return out


@pytest.mark.parametrize("conv", CONVENTIONS, ids=lambda c: c.label)
def test_every_word_maps_to_itself_under_every_convention(conv):
    src = SourceText(TEXT)
    assert src.canonical == unicodedata.normalize("NFC", TEXT.replace("\r\n", "\n").replace("\ufeff", ""))
    units = _units(TEXT, conv)
    for word in ("Zag", "boten", "'s nachts 😕 bij", "kade.", "café-eigenaar"):
        i = TEXT.index(word)
        starts, ends, ok = src.to_canonical([units[i]], [units[i + len(word)]], conv)
        assert ok.all()
        assert src.canonical[starts[0] : ends[0]] == word


@pytest.mark.parametrize("conv", STRIPPED_CR_CONVENTIONS, ids=lambda c: c.label)
def test_every_word_maps_to_itself_when_the_line_ends_were_counted_as_crlf(conv):
    text = TEXT.replace("\r\n", "\n")  # the file as git checks it out: the CRs its program counted are gone
    src = SourceText(text)
    units = _units(text, conv)
    for word in ("Zag", "boten", "'s nachts 😕 bij", "kade.", "café-eigenaar"):
        i = text.index(word)
        starts, ends, ok = src.to_canonical([units[i]], [units[i + len(word)]], conv)
        assert ok.all() and src.canonical[starts[0] : ends[0]] == word
    crlf_positions = [units[text.index(w)] for w in ("kade", "café")]
    assert crlf_positions == [_units(TEXT, Convention(conv.unit, 2, conv.bom))[TEXT.index(w)] for w in ("kade", "café")]


def test_offsets_inside_a_surrogate_pair_do_not_fit_utf16():
    src = SourceText("a 😕 b")
    _, _, ok = src.to_canonical([3], [5], Convention("utf16", 2))  # 3 is the middle of the emoji
    assert not ok[0]


def test_out_of_range_and_reversed_selections_do_not_fit():
    src = SourceText("abc")
    _, _, ok = src.to_canonical([0, 2, -1], [4, 1, 2], Convention())
    assert ok.tolist() == [False, False, False]


def test_nfd_text_maps_composed_characters():
    raw = unicodedata.normalize("NFD", "café De Haven")
    src = SourceText(raw)
    assert src.canonical == "café De Haven"
    start = raw.index("De")
    s, e, ok = src.to_canonical([0, start], [raw.index(" De"), len(raw)], Convention())
    assert ok.all() and src.canonical[s[0] : e[0]] == "café" and src.canonical[s[1] : e[1]] == "De Haven"


def test_detection_prefers_the_convention_that_puts_selections_on_word_boundaries():
    text = "I: Ik zag 🚤 een 🚐 busje bij de kade\r\nR: Ja, en 😕 geen politie.\r\nI: Wanneer was dat?"
    src = SourceText(text)
    nvivo = Convention("utf16", 2)
    units = _units(text, nvivo)
    words = ["busje", "kade", "geen politie", "Wanneer was dat?"]
    starts = [units[text.index(w)] for w in words]
    ends = [units[text.index(w) + len(w)] for w in words]
    choice = choose_convention(src, starts, ends)
    assert choice.convention == nvivo and choice.reason == "detected"
    assert choice.fitting == 4 and choice.on_boundary == 8
    assert "UTF-16 code units, CRLF counted as 2 (detected" in choice.describe()


def test_a_text_without_crlf_is_not_described_by_how_crlf_would_count():
    text = "I: Ik zag 🚤 een busje\nR: Ja, bij de kade.\nI: Wanneer?"
    units = _units(text, Convention("utf16", 1))
    words = ["busje", "kade", "Wanneer"]
    choice = choose_convention(SourceText(text), [units[text.index(w)] for w in words],
                               [units[text.index(w) + len(w)] for w in words])
    assert choice.convention.unit == "utf16" and choice.convention.lf == 1
    assert choice.describe().startswith("UTF-16 code units, line ends as stored (no CRLF in the text) (detected: 3/3")
    assert "CRLF counted" not in choice.describe()


def test_origin_breaks_ties_and_is_reported():
    src = SourceText("a\r\nb")
    choice = choose_convention(src, [3], [4], origin="ATLAS.ti 23")  # "b" under CRLF=2 ... but ATLAS says 1
    # under CRLF=1, [3, 4] does not fit (the text has 3 positions): the better fit wins over the origin
    assert choice.convention.crlf == 2 and choice.reason == "detected"
    tie = choose_convention(SourceText("ab\r\ncd"), [0], [2], origin="MAXQDA 2022")
    assert tie.convention == Convention("codepoint", 1) and tie.reason == "origin"


def test_texts_without_crlf_bom_or_emoji_need_no_choice():
    choice = choose_convention(SourceText("plain text"), [0], [5])
    assert choice.reason == "no difference" and "all conventions agree" in choice.describe()


def test_known_origins():
    assert origin_convention("NVivo 14 (Mac)") == Convention("utf16", 2)
    assert origin_convention("ATLAS.ti for Windows 23").crlf == 1
    assert origin_convention("qc 1.3.2") is None

"""The one place where browser offsets become canonical offsets (researchkit.workspace.offsets)."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest

from researchkit.errors import WorkspaceError
from researchkit.workspace import layout
from researchkit.workspace.offsets import Rendered, cp_to_utf16, snap, utf16_length, utf16_to_cp
from researchkit.transcripts import Transcript, Turn

from workspace_fixtures import R01, make_corpus


def _js_length(text: str) -> int:
    """What JavaScript's String.length gives: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def test_utf16_round_trip_over_astral_and_combining_text():
    text = "Zoë 🙂 café n\u0308 𝄞 🚢🚢 end"
    assert unicodedata.normalize("NFC", text) == text
    cps = np.arange(len(text) + 1)
    units = cp_to_utf16(text, cps)
    assert units[-1] == _js_length(text) == utf16_length(text)
    assert utf16_to_cp(text, units).tolist() == cps.tolist()
    for k in range(len(text) + 1):
        assert cp_to_utf16(text, k) == _js_length(text[:k])


def test_offset_inside_a_surrogate_pair_snaps_outwards():
    text = "a🙂b"
    assert utf16_to_cp(text, 2, side="start") == 1
    assert utf16_to_cp(text, 2, side="end") == 2
    with pytest.raises(WorkspaceError, match="RK701"):
        utf16_to_cp(text, 5)
    with pytest.raises(WorkspaceError, match="RK700"):
        utf16_to_cp(text, 1, side="middle")


def _doc():
    corpus = make_corpus()
    return corpus["R01"]


def test_rendered_blocks_give_back_the_canonical_text_and_generated_pieces_are_skipped():
    t = _doc()
    blocks = layout.document_blocks(t, [])
    r = layout.rendered(blocks)
    assert r.canonical_text() == t.text
    # the rendered text has role and timestamp pieces that are not in the canonical text
    assert "respondent0:00:09" in r.text
    passage = "Zoë zag gisteren 🙂 een vreemde boot bij het café van Spın̈ak"
    s = t.text.index(passage)
    a16 = r.text.index(passage)  # Python index into the rendered text ...
    a16 = _js_length(r.text[:a16])  # ... as the browser counts it
    b16 = a16 + _js_length(passage)
    assert r.selection(a16, b16) == (s, s + len(passage))
    assert r.selection(b16, a16) == (s, s + len(passage))  # selected backwards
    assert r.to_rendered(s) == a16 and r.to_rendered(s + len(passage)) == b16


def test_selection_that_starts_in_a_role_badge_or_timestamp_starts_at_the_turn_text():
    t = Transcript("R01", "I: Wat?\nR: Ja 🙂.", (Turn("I", "interviewer", 3, 7, 5.0), Turn("R", "respondent", 11, 16, 9.0)))
    r = layout.rendered(layout.document_blocks(t, []))
    text = r.text
    # drag from inside "respondent" (generated) to the end of the document
    start16 = _js_length(text[: text.index("respondent") + 3])
    s, e = r.selection(start16, r.length16)
    assert t.text[s:e] == "Ja 🙂."
    # a selection ending inside the generated timestamp ends at the label before it
    end16 = _js_length(text[: text.index("0:00:09") + 2])
    s, e = r.selection(0, end16)
    assert t.text[s:e] == "I: Wat?\nR: "


def test_line_breaks_and_speaker_labels_are_counted_once():
    t = _doc()
    r = layout.rendered(layout.document_blocks(t, []))
    # select across a turn boundary: "douane.\n[00:01:02] Interviewer: En"
    passage = "douane.\n[00:01:02] Interviewer: En"
    s = t.text.index(passage)
    rendered_start = _js_length(r.text[: r.text.index("douane.")])
    rendered_end = _js_length(r.text[: r.text.index("En de samenwerking")]) + 2
    assert r.selection(rendered_start, rendered_end) == (s, s + len(passage))


def test_rendered_rejects_out_of_range_and_out_of_order_pieces():
    r = Rendered([("ab", 0), ("x", None), ("cd", 2)])
    with pytest.raises(WorkspaceError, match="RK701"):
        r.to_canonical(99, side="start")
    with pytest.raises(WorkspaceError, match="RK700"):
        Rendered([("ab", 5), ("cd", 2)])


@pytest.mark.parametrize("mode, sel, expected", [
    ("word", "ag gister", "zag gisteren"),
    ("word", "oë zag", "Zoë zag"),
    ("word", "afé van Spı", "café van Spın̈ak"),
    ("word", " 🙂 ", "🙂"),
    ("none", " zag ", "zag"),
])
def test_snap_to_words(mode, sel, expected):
    text = R01
    s = text.index(sel)
    a, b = snap(text, s, s + len(sel), mode=mode)
    assert text[a:b] == expected


def test_snap_keeps_a_combining_mark_with_its_letter():
    text = "de n\u0308aam"  # n + combining diaeresis
    a, b = snap(text, 3, 4, mode="word")
    assert text[a:b] == "n\u0308aam"
    a, b = snap(text, 3, 4, mode="none")  # even without word snapping
    assert (a, b) == (3, 4)


def test_snap_to_sentences_and_turns():
    text = "R: Eerste zin. Tweede zin hier. Derde."
    spans = [(3, 14), (15, 31), (32, 38)]
    s = text.index("zin hier")
    assert text.__getitem__(slice(*snap(text, s, s + 3, mode="sentence", spans=spans))) == "Tweede zin hier."
    assert text.__getitem__(slice(*snap(text, s, s + 3, mode="turn", spans=[(3, 38)]))) == "Eerste zin. Tweede zin hier. Derde."
    with pytest.raises(WorkspaceError, match="RK700"):
        snap(text, 0, 3, mode="paragraph")

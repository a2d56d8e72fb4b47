"""Quote finding and re-anchoring (pure functions, no database)."""

from __future__ import annotations

import pytest

from researchkit.project.anchoring import OffsetMap, closest_match, find_quote, fold, reanchor

TEXT = "R: Wij zien   \u201cvreemde\u201d boten\nin de haven \u2013 echt\u2026 De haven is klein."


def test_fold_keeps_offsets_back_to_the_original():
    folded = fold(TEXT)
    assert "  " not in folded.text and "\n" not in folded.text
    k = folded.text.index('"vreemde"')
    s, e = folded.span(k, k + len('"vreemde"'))
    assert TEXT[s:e] == "\u201cvreemde\u201d"


@pytest.mark.parametrize(
    "quote, expected",
    [
        ('zien "vreemde" boten in de haven', "zien   \u201cvreemde\u201d boten\nin de haven"),
        ("zien \u201cvreemde\u201d boten", "zien   \u201cvreemde\u201d boten"),
        ("haven - echt...", "haven \u2013 echt\u2026"),
        ("  wij ZIEN  ", "Wij zien"),  # case only when the exact form is absent
        ("boten\n\nin", "boten\nin"),
    ],
)
def test_find_quote_is_tolerant(quote, expected):
    spans = find_quote(TEXT, quote)
    assert [TEXT[s:e] for s, e in spans] == [expected]


def test_find_quote_prefers_exact_case_and_lists_every_occurrence():
    spans = find_quote(TEXT, "haven")
    assert len(spans) == 2 and all(TEXT[s:e] == "haven" for s, e in spans)
    assert find_quote(TEXT, "De haven") == [(TEXT.index("De haven"), TEXT.index("De haven") + 8)]
    assert find_quote(TEXT, "schepen") == []
    assert find_quote(TEXT, "   ") == []


def test_closest_match_points_at_the_similar_passage():
    text = "I: Hoe gaat het?\nR: Wij werken goed samen met de douane in Den Helder."
    s, e, ratio = closest_match(text, "wij werkten goed samen met de douane")[0]
    assert text[s:e] == "Wij werken goed samen met de douane"
    assert 0.85 < ratio < 1


def _words(n: int, seed: int) -> str:
    """A text of ``n`` words from a small vocabulary: every window looks alike (the worst case for the search)."""
    import random

    rng = random.Random(seed)
    return " ".join(rng.choice(["de", "haven", "is", "klein", "we", "werken", "goed", "samen", "met"]) for _ in range(n))


@pytest.mark.parametrize("quote_words", [20, 200, 3000])
def test_closest_match_work_is_bounded_for_long_and_repetitive_texts(monkeypatch, quote_words):
    """A passage that is not in a long, repetitive text (or is longer than the text) once took minutes:
    thousands of character-level ratios of quote-sized windows. The number of ratios is now bounded."""
    import difflib

    calls = []
    real = difflib.SequenceMatcher.ratio
    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", lambda self: calls.append(1) or real(self))
    text = _words(5000, 1)
    quote = _words(quote_words, 2) + " zzqq"
    found = closest_match(text, quote)
    assert len(calls) <= 100
    s, e, ratio = found[0]
    assert 0 <= s < e <= len(text) and text[s:e] == text[s:e].strip() and 0 < ratio <= 1
    assert closest_match("de haven", "de havens") == [(0, 8, closest_match("de haven", "de havens")[0][2])]


def test_closest_match_of_a_quote_longer_than_the_text_stays_inside_it():
    text = "R: de haven is klein"
    s, e, _ = closest_match(text, "de haven is klein en de douane")[0]
    assert text[s:e] == "de haven is klein"
    assert closest_match(text, "de haven is klein en de douane komt zelden " * 40) == []  # too unlike to name


def test_offset_map_follows_insertions_and_deletions():
    old = "de haven van Lauwersoog is klein"
    new = "de grote haven van Lauwersoog is nu klein"
    m = OffsetMap.build(old, new)
    assert new[m.start(3) : m.end(8)] == "haven"
    assert new[m.start(27) : m.end(32)] == "klein"


def test_reanchor_moves_preserved_passages_and_flags_lost_ones():
    old = "R: we zien boten in de haven. Ook vreemde auto's. De douane komt zelden."
    new = "R: wij zien boten in de oude haven. De douane komt zelden."
    codings = [
        ("boats", old.index("boten"), old.index("boten") + 5),
        ("cars", old.index("vreemde auto's"), old.index("vreemde auto's") + len("vreemde auto's")),
        ("customs", old.index("De douane"), old.index("De douane") + len("De douane komt zelden")),
        ("harbour", old.index("boten in de haven"), old.index("boten in de haven") + len("boten in de haven")),
    ]
    placed = {p.id: p for p in reanchor(old, new, codings)}
    assert placed["boats"].status == "moved" and new[placed["boats"].start : placed["boats"].end] == "boten"
    assert placed["customs"].status == "moved" and new[placed["customs"].start : placed["customs"].end] == "De douane komt zelden"
    assert placed["cars"].status == "unplaced" and placed["cars"].new_text is None
    assert placed["harbour"].status == "edited"
    assert placed["harbour"].new_text == "boten in de oude haven"


def test_reanchor_never_guesses_between_repeated_passages():
    old = "ja ja ja. Nee."
    new = "ja ja. Nee."
    placed = reanchor(old, new, [("x", 3, 5)])[0]
    # the middle "ja" was deleted or kept — ambiguous: either moved to an exact copy or unplaced, never wrong text
    assert placed.status == "unplaced" or new[placed.start : placed.end] == "ja"


def test_reanchor_unchanged_text_is_a_no_op():
    placed = reanchor("abc def", "abc def", [("x", 4, 7)])
    assert [(p.status, p.start, p.end) for p in placed] == [("unchanged", 4, 7)]


def test_reanchor_long_repetitive_transcript_exactly():
    # its speed is measured in benchmarks/bench_project.py, not asserted here (no timed tests)
    words = "haven boot douane politie signaal samenwerking informatie visser".split()
    lines = [f"R: {' '.join(words[(k + w) % len(words)] for w in range(40))}." for k in range(300)]
    old = "\n".join(lines)  # ~90,000 characters of near-identical speech
    new = old[:30_000] + "EEN CORRECTIE " + old[30_000:60_000] + old[60_050:]
    codings = [(str(k), k * 200, k * 200 + 25) for k in range(len(old) // 200)]
    placed = reanchor(old, new, codings)
    lost = [p for p in placed if p.status == "unplaced"]
    assert [(p.old_start, p.old_end) for p in lost] == [(60_000, 60_025)]  # only the one inside the deleted stretch
    for p in placed:
        if p.status != "unplaced":
            assert new[p.start : p.end] == p.old_text

"""Hostile input for the label and layout rules of December 2026 (labels without a colon, colonless timed labels,
double-spaced reflow): inputs that made a loop quadratic, and a layout that joined a whole file into one turn.

No wall-clock assertions (``benchmarks/bench_hostile.py rules`` measures the growth): the tests check the
results on inputs large enough that the old quadratic loops would not finish in a normal test run, and the
structure that keeps the work bounded.
"""

from __future__ import annotations

import random
import re

from researchkit import read_transcript
from researchkit.io import barelabels, timedlabels
from researchkit.io.barelabels import bare_labels
from researchkit.io.reflow import _starts_own, wrapped_breaks
from researchkit.io.speakers import match_label
from researchkit.io.timedlabels import labels_after_time_without_colon

WORDS = "ja nee haven politie douane schip lading container informatie signaal verdacht kade nachts busje".split()


def _name(i: int) -> str:
    """A capitalised name without digits for number ``i`` (Kaaaa, Kaaab, ...)."""
    letters = ""
    for _ in range(4):
        i, r = divmod(i, 26)
        letters = chr(97 + r) + letters
    return "K" + letters


# --- labels without a colon ------------------------------------------------------------------------------------


def _bare_file(n_labels: int, rng: random.Random) -> tuple[list[str], list[str | None]]:
    """Paragraphs of an interviewer and ``n_labels`` people (one or two words each, three turns each), and the
    label each paragraph should be read with."""
    texts, expected = [], []
    for i in range(n_labels * 3):
        name = _name(i // 3) + (" Visser" if (i // 3) % 2 else "")
        texts.append("Interviewer " + " ".join(rng.choice(WORDS) for _ in range(5)) + ".")
        expected.append("Interviewer")
        texts.append(f"{name} {('Nee', 'Ja', 'Hoe', 'Goed')[i % 4]} " + " ".join(rng.choice(WORDS) for _ in range(5)) + ".")
        expected.append(name)
    return texts, expected


def test_thousands_of_distinct_bare_labels_are_read_in_one_pass():
    """3,000 people of one and two words, three turns each: every paragraph to each label was compared with every
    label (5e7 comparisons) and each label searched for in the whole file in lower case."""
    texts, expected = _bare_file(3_000, random.Random(1))
    found = bare_labels(texts)
    assert [m.label if m else None for m in found] == expected
    assert all(texts[i][m.content_start:].split()[0] in WORDS + ["Nee", "Ja", "Hoe", "Goed"] for i, m in enumerate(found))
    assert {m.evidence for m in found} == {"known", "name"}


def test_the_lower_case_check_looks_each_word_up_once(monkeypatch):
    """Each word of the file is looked up among the labels' first words; a label's rest is compared only there."""
    texts, _ = _bare_file(400, random.Random(2))
    texts += ["en toen kwam kaaab visser binnen"]  # one label the file also writes in lower case
    calls = []

    class Recording(str):
        def startswith(self, prefix, *args):
            calls.append(prefix)
            return str.startswith(self, prefix, *args)

    found = barelabels._written_in_lower_case([_name(i) + " Visser" for i in range(1, 400, 2)],
                                              [Recording(t) for t in texts])
    assert found == {"Kaaab Visser"}
    assert calls == ["kaaab visser"]


def test_a_label_written_in_lower_case_is_speech_but_not_inside_another_word():
    lines = []
    for i in range(3):
        lines += [f"Interviewer Vraag {i} over de haven.", f"And Then {('Nee', 'Ja', 'Goed')[i]} zei ik.",
                  f"Interviewer Nog een vraag {i}.", f"Anna Smit {('Nee', 'Ja', 'Goed')[i]} dat klopt."]
    lines.append("and then we left, said joanna smit")  # "and then" written in lower case; "anna smit" only inside a name
    found = bare_labels(lines)
    assert {m.label for m in found if m} == {"Interviewer", "Anna Smit"}


# --- a label of the file's after a time mark, its colon lost ---------------------------------------------------------


def test_thousands_of_established_timed_labels_are_looked_up_by_length():
    """3,000 labels, each twice with its colon and once without: every colonless paragraph was compared with every
    label (9e6 comparisons)."""
    texts, expected = [], {}
    for i in range(9_000):
        colon = ":" if i % 3 else ""
        texts.append(f"[0:{i // 600 % 60:02d}:{i // 10 % 60:02d}.{i % 10}] {_name(i // 3)}{colon} Ja, {i}.")
        if not colon:
            expected[i] = (_name(i // 3), texts[-1].index("Ja"))
    matches = [match_label(t) for t in texts]
    found = labels_after_time_without_colon(texts, matches)
    assert {i: (m.label, m.content_start) for i, m in found.items()} == expected


def test_the_longest_established_label_wins_and_speech_must_follow():
    texts = ["[0:01:00.0] Ann Lee: Ja.", "[0:01:10.0] Ann: Nee.", "[0:01:20.0] Ann Lee: Ja.", "[0:01:30.0] Ann: Nee.",
             "[0:01:40.0] Ann Lee Zeker.", "[0:01:50.0] Ann Leeft nog.", "[0:02:00.0] Ann ", "[0:02:10.0] Anna zei."]
    found = labels_after_time_without_colon(texts, [match_label(t) for t in texts])
    assert {i: (m.label, texts[i][m.content_start:]) for i, m in found.items()} == {
        4: ("Ann Lee", "Zeker."), 5: ("Ann", "Leeft nog.")}


def test_timed_labels_group_the_labels_by_length_once():
    texts = [f"[0:00:{i:02d}.0] {_name(i % 50)}: Ja." for i in range(60)] + ["[0:01:00.0] Kaaab Nee."]
    found = labels_after_time_without_colon(texts, [match_label(t) for t in texts])
    assert [(i, m.label) for i, m in found.items()] == [(60, "Kaaab")]
    assert timedlabels.__all__ == ["labels_after_time_without_colon", "colonless_note"]


# --- double-spaced Markdown: a bold label starts a paragraph of its own ---------------------------------------------


def _double_spaced_bold(n: int) -> tuple[str, list[tuple[str, str]]]:
    rng = random.Random(3)
    turns = [(("Interviewer", "P1", "P2", "Anna de Wit")[i % 4], " ".join(rng.choice(WORDS) for _ in range(6)))
             for i in range(n)]
    return "".join(f"**{who}**: {said}\n\n" for who, said in turns), turns


def test_bold_labels_of_a_double_spaced_file_are_never_joined_to_the_line_above(tmp_path):
    """One blank line after every line, speech without a full stop: the file looked double-spaced and every line
    was joined to the next, labels and all, into one turn."""
    text, turns = _double_spaced_bold(40)
    for suffix in (".md", ".txt"):
        path = tmp_path / f"bold{suffix}"
        path.write_text(text, encoding="utf-8")
        t = read_transcript(path)
        assert [(x.speaker, t.turn_text(x)) for x in t.turns] == turns
        assert not any("hard-wrapped" in note for note in t.notes)


def test_a_bold_label_starts_its_own_line_in_the_reflow():
    assert _starts_own("**P1**: nee ja") and _starts_own("__Anna de Wit:__ ja") and _starts_own("**Interviewer:** ja")
    assert not _starts_own("**niet** zo snel") and not _starts_own("kade ja verdacht")
    lines = [line for line in _double_spaced_bold(20)[0].split("\n")]
    assert wrapped_breaks(lines) == set()


def test_bold_speech_in_a_double_spaced_file_still_joins():
    line = "        and the bold words **were** there, at the end of the line of"
    lines = []
    for i in range(12):
        lines += [f"{line} {i}", "", "**nog** meer woorden op de regel die verder gaat tot aan het eind van de", ""]
    wraps = wrapped_breaks(lines)
    assert wraps and all(re.match(r"\s*(\*\*nog|and)", lines[i]) or not lines[i] for i in wraps)


# --- times too large for milliseconds -------------------------------------------------------------------------------


def test_a_segment_time_too_large_for_milliseconds_gives_no_sync_point(tmp_path):
    """A Whisper segment starting at 1e308 seconds (a number JSON allows): its milliseconds overflowed (OverflowError)."""
    import json

    segments = [{"id": i, "start": start, "end": 2.0 * i + 1.5, "text": f" Zin {i}.", "speaker": f"SPEAKER_0{i % 2}"}
                for i, start in enumerate([1e308, 2.0, 4.0])]
    path = tmp_path / "whisper.json"
    path.write_text(json.dumps({"text": "Zin 0. Zin 1. Zin 2.", "language": "nl", "segments": segments}), encoding="utf-8")
    t = read_transcript(path)
    assert [t.turn_text(x) for x in t.turns] == ["Zin 0.", "Zin 1.", "Zin 2."]
    assert [ms for _, ms in t.sync_points] == [2000, 4000]

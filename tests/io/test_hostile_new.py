"""Hostile and unlucky input for the transcript readers' new code (inline labels, Markdown markup, reflow,
line numbers, label lines): invariants on generated files, and inputs that made a pattern or a loop quadratic.

No wall-clock assertions: a blow-up is pinned by the size of the text a pattern is given, by memory, or by an
input large enough that the old quadratic code would not finish in a normal test run.
"""

from __future__ import annotations

import random
import re
import tracemalloc
import unicodedata
from collections import Counter

import pytest

from researchkit import read_transcript
from researchkit.errors import ResearchkitError
from researchkit.io import aliases, inline, line_range, metadata, speakers, timemarks
from researchkit.io.assemble import interviewer_names
from researchkit.io.linenumbers import numbering_note
from researchkit.io.markup import _BULLET_RE, _ESCAPABLE, _QUOTE_RE, plain_text
from researchkit.io.roles import base_label
from researchkit.io.subtitles import repeated_lines


class _Recording:
    """A compiled pattern that records how much text each search was given."""

    def __init__(self, pattern: re.Pattern) -> None:
        self.pattern, self.seen = pattern, []

    def search(self, string, pos=0, endpos=None):
        endpos = len(string) if endpos is None else min(endpos, len(string))
        self.seen.append(endpos - pos)
        return self.pattern.search(string, pos, endpos)

    def match(self, string, pos=0, endpos=None):
        endpos = len(string) if endpos is None else min(endpos, len(string))
        self.seen.append(endpos - pos)
        return self.pattern.match(string, pos, endpos)


# --- a whole interview on one line ------------------------------------------------------------------------

def _one_line_interview(n: int) -> str:
    return " ".join(f"{'Interviewer' if i % 2 == 0 else 'Participant'}: answer {i}." for i in range(n))


def test_time_before_an_inline_label_is_searched_near_the_label_only(monkeypatch):
    recording = _Recording(inline._TIME_BEFORE_RE)
    monkeypatch.setattr(inline, "_TIME_BEFORE_RE", recording)
    line = _one_line_interview(400)
    found = inline.find_inline_labels(line)
    assert len(found) == 400
    assert recording.seen and max(recording.seen) <= inline.TIME_WINDOW  # was the whole text before each label


def test_time_before_an_inline_label_still_found():
    line = "Interviewer: Hi. [00:01:10] Participant: Hello. Interviewer: Ready? (00:02:03) Participant: Yes."
    found = inline.find_inline_labels(line)
    assert [(f.label, f.timestamp) for f in found] == [
        ("Interviewer", None), ("Participant", 70.0), ("Interviewer", None), ("Participant", 123.0)]
    assert line[found[1].label_start:].startswith("[00:01:10]")


def test_many_inline_labels_split_in_one_pass(tmp_path):
    """20,000 labels on one line: the old search for each label's turn was quadratic (about 2e8 steps)."""
    path = tmp_path / "oneline.txt"
    path.write_text(_one_line_interview(20_000), encoding="utf-8")
    t = read_transcript(path)
    assert len(t.turns) == 20_000
    assert [turn.speaker for turn in t.turns[:3]] == ["Interviewer", "Participant", "Interviewer"]
    assert t.turn_text(t.turns[-1]) == "answer 19999."
    assert all(a.end <= b.start for a, b in zip(t.turns, t.turns[1:]))


def test_split_inline_turns_skips_labels_outside_turns_and_keeps_order():
    text = "I: Hi. R: Yo. I: Ok? R: No."
    labels = inline.find_inline_labels(text)
    raw = [dict(speaker="I", start=3, end=14, ts=None, kind="label"), dict(speaker="X", start=17, end=len(text), ts=None,
                                                                           kind="label")]
    turns = inline.split_inline_turns(raw, [(0, s) for s in reversed(labels)])  # given out of order: sorted
    assert [(t["speaker"], text[t["start"]:t["end"]]) for t in turns] == [
        ("I", "Hi. "), ("R", "Yo. "), ("X", "Ok? "), ("R", "No.")]


# --- patterns anchored at the end of a line ----------------------------------------------------------------

@pytest.mark.parametrize(("module", "name"), [(speakers, "_TS_TAIL_RE"), (timemarks, "_MARK_END_RE")])
def test_end_anchored_patterns_see_only_the_tail(monkeypatch, module, name):
    recording = _Recording(getattr(module, name))
    monkeypatch.setattr(module, name, recording)
    paragraph = "Interviewer: so" + " " * 50_000 + "that was it"
    speakers._strip_label_tail(paragraph)
    timemarks.match_time_mark_end(paragraph)
    assert recording.seen and max(recording.seen) <= 2 * speakers._TAIL_WINDOW


def test_end_anchored_patterns_still_read_their_times():
    assert timemarks.match_time_mark_end("B: Ja, dat klopt.   #00:01:23-4#  ") == (83.4, 17)
    assert timemarks.match_time_mark_end("#00:00:05#") == (5.0, 0)
    assert speakers.match_label_line("Swarup Donepudi     0:10").timestamp == 10.0
    assert speakers.match_label_line("Interviewer\\[00:03\\]").timestamp == 3.0  # Markdown's escaped brackets
    assert speakers.match_label_line("[Interviewer] 10:01:02").label == "Interviewer"
    assert speakers._strip_label_tail("  (00:07)") == ("  (00:07)", None)  # a time alone is no label


def test_a_long_run_of_spaces_inside_a_line(tmp_path):
    """'Key: value' lines, label tails, time marks and qualifiers each went quadratic in a run of spaces."""
    path = tmp_path / "spaces.txt"
    path.write_text("I: so" + " " * 60_000 + "that was it #00:01:23-4#\nR: Ja.\nI: En?\nR: Nee.\n", encoding="utf-8")
    t = read_transcript(path)
    assert [turn.speaker for turn in t.turns] == ["I", "R", "I", "R"]
    assert t.turn_text(t.turns[0]).startswith("so") and t.turn_text(t.turns[0]).endswith("that was it")
    assert t.turns[1].timestamp == 83.4


def test_key_value_line_with_a_run_of_spaces():
    assert metadata._key_value("Haven:   Harlingen   ") == ("Haven", "Harlingen")
    assert metadata._key_value("Haven:" + " " * 40_000 + "x") == ("Haven", "x")
    assert metadata._key_value("Haven: x" + " " * 40_000 + "y") is None  # too long a value: no metadata
    assert metadata._key_value("Haven:   ") is None
    attributes, consumed = metadata.parse_header_lines(["Haven: Urk ", "Groep:  visser", "", "I: Ja."])
    assert (attributes, consumed) == ({"haven": "Urk", "groep": "visser"}, 3)


def test_qualifier_short_form_and_interviewer_list_with_long_runs_of_spaces():
    assert base_label("Interviewer" + " " * 50_000 + "(Host)") == "Interviewer"
    assert base_label("Ashlee Kupor (SL)") == "Ashlee Kupor"
    assert base_label("(Host)") == "(Host)"
    found = aliases._DECLARED_RE.match("Interviewer" + " " * 50_000 + "(I)")
    assert found and found.group("short") == "I"
    names = interviewer_names({"interviewer": "Marieke Hoekstra" + " " * 50_000 + "; Jeroen Postma"})
    assert names == ("Marieke Hoekstra", "Jeroen Postma")
    assert interviewer_names({"interviewers": " A & B and C / D en E , "}) == ("A", "B", "C", "D", "E")


# --- memory on a long paragraph ----------------------------------------------------------------------------

def _peak(function, *args) -> int:
    tracemalloc.start()
    try:
        function(*args)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_long_paragraph_is_not_split_into_words_to_test_for_a_label_line():
    paragraph = "word " * 200_000  # 1 MB of speech
    assert speakers.match_label_line(paragraph) is None
    assert _peak(speakers.match_label_line, paragraph) < 3 * len(paragraph)  # was about 20 times the text


def test_plain_text_keeps_escape_places_not_one_position_per_character():
    text = "SPEAKER\\_00: " + "word " * 200_000
    plain, positions = plain_text(text)
    assert plain.startswith("SPEAKER_00: ") and len(positions) == len(plain) + 1
    assert positions[7] == 8 and positions[len(plain)] == len(text) and positions[-1] == len(text)
    assert _peak(plain_text, text) < 3 * len(text)  # a list of a million positions was about 36 bytes a character


def _reference_plain_text(text: str) -> tuple[str, list[int]]:
    """The character-by-character reading plain_text replaced, as the specification."""
    quote = _QUOTE_RE.match(text)
    index = quote.end() if quote else 0
    bullet = _BULLET_RE.match(text, index)  # a list item's marker after the quote markers ("> - P1: ...")
    index = bullet.end() if bullet else index
    chars, positions = [], []
    while index < len(text):
        if text[index] == "\\" and index + 1 < len(text) and text[index + 1] in _ESCAPABLE:
            index += 1
        chars.append(text[index])
        positions.append(index)
        index += 1
    return "".join(chars), positions + [len(text)]


def test_plain_text_matches_the_character_by_character_reading():
    rng = random.Random(7)
    alphabet = ["\\", "\\", "_", "*", "[", "]", ">", " ", "\t", "a", ":", "#", "\\\\", "-", "+", "•"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        plain, positions = plain_text(text)
        assert (plain, list(positions)) == _reference_plain_text(text), text


# --- rolling captions -------------------------------------------------------------------------------------

def test_repeated_lines_is_the_longest_run_of_first_lines_repeating_the_last():
    rng = random.Random(11)
    for _ in range(5000):
        prev = [rng.choice("ab") for _ in range(rng.randint(0, 7))]
        cur = [rng.choice("abc") for _ in range(rng.randint(0, 7))]
        expected = next((k for k in range(min(len(prev), len(cur)), 0, -1) if cur[:k] == prev[-k:]), 0)
        assert repeated_lines(prev, cur) == expected, (prev, cur)


def test_long_rolling_cues_are_read_in_one_pass(tmp_path):
    """Cues of 30,000 lines, each starting with the last line of the cue before: slicing every length was quadratic."""
    cues, last = [], None
    for c in range(4):
        lines = ([last] if last else []) + [f"line {c} {i}" for i in range(30_000)]
        last = lines[-1]
        cues.append(f"00:00:0{c}.000 --> 00:00:0{c + 1}.000\n" + "\n".join(lines))
    path = tmp_path / "rolling.vtt"
    path.write_text("WEBVTT\n\n" + "\n\n".join(cues) + "\n", encoding="utf-8")
    t = read_transcript(path)
    assert any("3 line(s) repeated" in note for note in t.notes)
    assert t.text.count("line 0 29999") == 1 and t.text.count("line 3 29999") == 1


# --- notes ------------------------------------------------------------------------------------------------

def test_numbering_note_says_every_2nd_line():
    assert "every 2nd line" in numbering_note([2, 4, 6, 8], 2)
    assert "every 3rd line" in numbering_note([3, 6, 9, 12], 3)
    assert "every 2th" not in numbering_note([2, 4, 6, 8], 2)


# --- invariants on generated files ------------------------------------------------------------------------

_LABELS = ["I", "R", "Interviewer", "Speaker 1", "SPEAKER\\_01", "Q", "A", "Jan de Vries", "P3", "MR. SMITH",
           "**Interviewer:**", "> I", "[SPEAKER_00]", "Interviewer (I)", "[00:01:02] R", "00:00:05 Spreker 1"]
_WORDS = ["ja", "the", "harbour", "Café", "Cafe\u0301", "שלום", "😀", "\u200bzero", "a\u00a0b", "x" * 150, "12", "1998",
          "00:01:23", "[00:01:10]", "\\*\\_", "\\[inaudible\\]", "?", ".", "#00:01:23-4#", "\u202eRTL", "\t", "(SL)", "Key:",
          "**bold**", "1.", "-", "ﬁ", "\u0301", "well-", "known"]


def _generated(rng: random.Random) -> str:
    lines = []
    for n in range(1, rng.randint(2, 40)):
        kind = rng.random()
        prefix = f"{n}\t" if rng.random() < 0.25 else ""
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(0, 18)))
        if kind < 0.45:
            lines.append(prefix + rng.choice(_LABELS) + rng.choice([": ", ":", " : "]) + words)
        elif kind < 0.55:
            lines.append("")
        elif kind < 0.62:
            lines.append(" ".join(f"{rng.choice(['Interviewer', 'Participant'])}: {words}." for _ in range(rng.randint(2, 8))))
        elif kind < 0.8:
            lines.append(prefix + (words + " " + words)[: rng.randint(40, 90)])
        else:
            lines.append(prefix + words)
    text = rng.choice(["\n", "\r\n", "\r"]).join(lines)
    return unicodedata.normalize("NFD", text) if rng.random() < 0.3 else text


def _nonspace(text: str) -> Counter:
    return Counter(ch for ch in unicodedata.normalize("NFC", text.replace("\ufeff", "")) if not ch.isspace())


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_generated_files_keep_their_invariants(tmp_path, suffix):
    rng = random.Random(2026 if suffix == ".txt" else 4)
    for case in range(120):
        source = _generated(rng)
        path = tmp_path / f"g{case}{suffix}"
        path.write_bytes(source.encode(rng.choice(["utf-8", "utf-16", "utf-8-sig"])))
        try:
            t = read_transcript(path)
        except ResearchkitError as err:  # only researchkit errors, naming the file
            assert path.name in str(err)
            continue
        previous = 0
        for turn in t.turns:
            assert previous <= turn.start <= turn.end <= len(t.text), (case, turn)
            previous = turn.end
        lost = _nonspace(source) - _nonspace(t.text)
        lost -= Counter(ch for _, number in t.line_numbers for ch in str(number))
        lost -= Counter(ch for key, value in t.attributes.items() for ch in f"{key}{value}{str(key).title()}")
        numbers_on_blank_lines = Counter(ch for line in re.split(r"\r\n|\r|\n", source) if line.strip().isdigit()
                                         for ch in line.strip())
        assert not (lost - numbers_on_blank_lines), (case, lost)  # a blank line's number carries no text (documented)
        assert not (_nonspace(t.text) - _nonspace(source)), case
        again = read_transcript(path)
        assert (again.text, again.turns, again.attributes, again.notes, again.line_numbers) == \
            (t.text, t.turns, t.attributes, t.notes, t.line_numbers)
        for turn in t.turns:
            found = line_range(t, turn.start, turn.end)
            if found is not None:
                starts = [number for offset, number in t.line_numbers if turn.start <= offset < turn.end]
                assert all(min(found) <= number <= max(found) for number in starts), (case, found, starts)


# --- line_range below the last numbered line ----------------------------------------------------------------

def test_line_range_never_gives_a_range_that_misses_lines_below_the_numbering(tmp_path):
    """Every fifth line numbered; three lines after the numbering stopped have no number: no range, not a wrong one."""
    body = [f"{'I' if n % 2 else 'R'}: words on line {n} of the interview" for n in range(1, 23)]
    lines = [f"{n if n % 5 == 0 else '':<4}{line}" for n, line in enumerate(body, 1)]
    lines += ["", "    I: one more question after the numbering", "    R: and the answer", "    I: thanks"]
    path = tmp_path / "numbered.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    t = read_transcript(path)
    # the line after the blank one is 24 if blank lines count, 23 if not: no printed number tells, so it has none
    assert [n for _, n in t.line_numbers][-3:] == [20, 21, 22]
    last_numbered = t.text.index("words on line 22")
    assert line_range(t, last_numbered, last_numbered + 10) == (22, 22)
    thanks = t.text.index("thanks")
    assert line_range(t, thanks, thanks + 6) is None  # was (24, 24): a line the passage is not on
    assert line_range(t, t.text.index("one more"), thanks) is None
    assert line_range(t, last_numbered, thanks + 6) is None


def test_line_range_of_a_passage_starting_above_a_late_numbering(tmp_path):
    """Lines 1-10 printed no number (5 and 10 fell on blank lines): a passage from line 1 has no range, not (11, ...)."""
    body = [f"{'I' if n % 2 else 'R'}: words on line {n}" if n not in (5, 10) else "" for n in range(1, 41)]
    lines = [f"{n if n % 5 == 0 and line else '':<4}{line}" for n, line in enumerate(body, 1)]
    path = tmp_path / "late.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    t = read_transcript(path)
    assert t.line_numbers[0][1] == 11
    line_12 = t.text.index("words on line 12")
    assert line_range(t, 0, line_12) is None  # was (11, 12): lines 1-10 are in the passage
    assert line_range(t, t.line_numbers[0][0], line_12 + 5) == (11, 12)


def test_blank_lines_between_printed_numbers_decide_the_counting(tmp_path):
    """With a blank line between two printed numbers the counting is known, and lines are counted from the numbers."""
    body = [f"R: words on line {n}" for n in range(1, 31)]
    lines = [f"{n if n % 5 == 0 else '':<4}{line}" for n, line in enumerate(body, 1)]
    lines[6] = ""  # line 7 blank: 10 is five lines after 5 only if blank lines count
    path = tmp_path / "blank.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    t = read_transcript(path)
    assert [n for _, n in t.line_numbers] == [n for n in range(1, 31) if n != 7]


# --- attributes of a file saved in NFD (macOS) ------------------------------------------------------------

def test_attributes_of_an_nfd_file_are_nfc(tmp_path):
    """'Harlingén' written as e + accent is the same attribute value as 'Harlingén' from another file."""
    import docx

    header = "Haven: Harlingén\nGroep: vissér\n\nI: Dag.\nR: Hoi.\n"
    (tmp_path / "a.txt").write_text(unicodedata.normalize("NFD", header), encoding="utf-8")
    (tmp_path / "b.md").write_text(unicodedata.normalize("NFD", "---\nhaven: Harlingén\n---\nI: Dag.\nR: Hoi.\n"),
                                   encoding="utf-8")
    document = docx.Document()
    for line in header.replace("\n\n", "\n").strip().split("\n"):
        document.add_paragraph(unicodedata.normalize("NFD", line))
    document.save(tmp_path / "c.docx")
    for name in ("a.txt", "b.md", "c.docx"):
        t = read_transcript(tmp_path / name)
        assert t.attributes["haven"] == "Harlingén" and unicodedata.is_normalized("NFC", t.attributes["haven"]), name


@pytest.mark.parametrize("depth", [300, 1500])
def test_html_nested_deeper_than_libxml2s_default_is_read_whole(tmp_path, depth):
    """libxml2 stops at 256 levels of nesting and drops what lies deeper: a page with 300 nested
    ``div`` gave "has no text in its body" although its text was there. It is read again with
    lxml's ``huge_tree``, and walked with a stack of its own (1,500 levels passed Python's recursion limit)."""
    path = tmp_path / "deep.html"
    path.write_text("<p>Interviewer: Hoe lang werkt u hier?</p>" + "<div>" * depth
                    + "<p>Respondent: Twintig jaar.</p>" + "</div>" * depth, encoding="utf-8")
    t = read_transcript(path)
    assert [(x.speaker, t.turn_text(x)) for x in t.turns] == [("Interviewer", "Hoe lang werkt u hier?"),
                                                             ("Respondent", "Twintig jaar.")]


def test_html_nested_beyond_any_limit_is_a_clear_error_not_an_empty_transcript(tmp_path):
    path = tmp_path / "deeper.html"
    path.write_text("<p>Interviewer: Hoi</p>" + "<div>" * 5000 + "<p>Respondent: Dag</p>" + "</div>" * 5000, encoding="utf-8")
    with pytest.raises(ResearchkitError, match=r"RK103.*deeper\.html.*nested more than 2048 levels deep.*would be lost"):
        read_transcript(path)

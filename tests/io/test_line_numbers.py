"""Line-numbered transcripts in text and Word files: numbers out of the turns, kept per line, cited with line_range."""

from __future__ import annotations

import re

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from researchkit import read_transcript
from researchkit.errors import ConfigurationError
from researchkit.io import line_range
from researchkit.io.linenumbers import find_line_numbers
from researchkit.privacy.apply import pseudonymise_transcript
from researchkit.transcripts import Transcript

#: A thesis appendix typed with numbers at the line starts: labels behind them, turns over several lines.
APPENDIX = [
    "I: So tell me about your work",
    "in the port?",
    "R: Well, I started in 1998 at the",
    "customs office in Harlingen.",
    "2000 containers a year, then.",
    "I: And the night shifts?",
    "R: Trucks came without lights.",
    "We wrote it down every time.",
]


def _speech(t: Transcript) -> list[tuple[str, str]]:
    return [(turn.speaker, t.turn_text(turn)) for turn in t.turns]


def _check_line_starts(t: Transcript) -> None:
    """Every recorded line number points at the start of a line of the canonical text."""
    for offset, _ in t.line_numbers:
        assert offset == 0 or t.text[offset - 1] == "\n", (offset, t.text[offset - 5: offset + 5])


EXPECTED = [
    ("I", "So tell me about your work\nin the port?"),
    ("R", "Well, I started in 1998 at the\ncustoms office in Harlingen.\n2000 containers a year, then."),
    ("I", "And the night shifts?"),
    ("R", "Trucks came without lights.\nWe wrote it down every time."),
]


@pytest.mark.parametrize("layout", ["{n}\t{line}", "{n:<4}{line}", "{n:>3}  {line}", "{n} {line}"])
def test_numbered_lines_give_labels_and_clean_turns(tmp_path, layout):
    path = tmp_path / "R07.txt"
    path.write_text("\n".join(layout.format(n=n, line=line) for n, line in enumerate(APPENDIX, 1)) + "\n", encoding="utf-8")
    t = read_transcript(path)
    assert _speech(t) == EXPECTED
    assert [turn.role for turn in t.turns] == ["interviewer", "respondent", "interviewer", "respondent"]
    assert [n for _, n in t.line_numbers] == list(range(1, 9))
    _check_line_starts(t)
    assert [line_range(t, turn.start, turn.end) for turn in t.turns] == [(1, 2), (3, 5), (6, 6), (7, 8)]
    assert any(note.startswith("line numbers taken out of the text: 8 numbered lines (1–8, every line)") for note in t.notes)
    assert t.text.split("\n") == APPENDIX  # no number left at a line start; "2000 containers" is speech


def test_nothing_is_lost_every_number_and_line_is_recorded(tmp_path):
    path = tmp_path / "R07.txt"
    source = [f"{n}\t{line}" for n, line in enumerate(APPENDIX, 1)]
    path.write_text("\n".join(source), encoding="utf-8")
    t = read_transcript(path)
    lines = t.text.split("\n")
    rebuilt = [f"{n}\t{line}" for (_, n), line in zip(t.line_numbers, lines)]
    assert rebuilt == source


def test_blank_lines_between_turns_unnumbered_or_numbered(tmp_path):
    unnumbered, numbered, n = [], [], 0
    for k, line in enumerate(APPENDIX, 1):
        if line[:2] in ("I:", "R:") and k > 1:
            unnumbered.append("")
            n += 1
            numbered.append(f"{n}")  # as Word prints it: the blank line has its number too
        unnumbered.append(f"{k}  {line}")
        n += 1
        numbered.append(f"{n}  {line}")
    for name, lines in (("a.txt", unnumbered), ("b.txt", numbered)):
        (tmp_path / name).write_text("\n".join(lines), encoding="utf-8")
        t = read_transcript(tmp_path / name)
        assert _speech(t) == EXPECTED, name
        _check_line_starts(t)
    assert [n for _, n in read_transcript(tmp_path / "a.txt").line_numbers] == list(range(1, 9))
    assert [n for _, n in read_transcript(tmp_path / "b.txt").line_numbers] == [1, 2, 4, 5, 6, 8, 10, 11]


def _every_fifth(lines: list[str]) -> list[str]:
    return [f"{n if n % 5 == 0 else '':<5}{line}" for n, line in enumerate(lines, 1)]


def test_numbers_on_every_fifth_line_count_the_lines_between(tmp_path):
    lines = APPENDIX * 3  # 24 lines, numbers 5, 10, 15, 20
    (tmp_path / "R08.txt").write_text("\n".join(_every_fifth(lines)), encoding="utf-8")
    t = read_transcript(tmp_path / "R08.txt")
    assert [n for _, n in t.line_numbers] == list(range(1, 25))
    assert _speech(t)[:4] == EXPECTED
    assert any("every 5th line" in note for note in t.notes)
    third = t.turns[5]  # "Well, I started ..." the second time: lines 11-13
    assert t.turn_text(third).startswith("Well, I started") and line_range(t, third.start, third.end) == (11, 13)


WORDS = "harbour night trucks lights customs ferry crew papers cargo broker police mayor fishing".split()


def test_court_style_pages_restart_at_one_with_page_numbers_set_apart(tmp_path):
    """Deposition-style pages: lines numbered 1-12 on every page, Q./A. labels, a page number below."""
    pages = []
    for page in range(1, 5):
        words = WORDS[page:] + WORDS[:page]
        body = [f"{n:>2}   {'Q.' if n % 4 == 1 else 'A.' if n % 4 == 2 else '  '} {words[n]} {words[n - 1]} and {words[n - 2]}"
                for n in range(1, 13 if page < 4 else 3)]  # the last page has two lines
        pages.append("\n".join(body) + f"\n\n{'':>30}{page}\n")
    (tmp_path / "dep.txt").write_text("\f".join(pages), encoding="utf-8")
    t = read_transcript(tmp_path / "dep.txt")
    assert [n for _, n in t.line_numbers] == list(range(1, 13)) * 3 + [1, 2]
    assert {turn.speaker for turn in t.turns} == {"Q", "A"}
    assert not any(re.match(r"\d", t.turn_text(turn)) for turn in t.turns)
    assert len(t.furniture) == 4 and all(t.text[s:e].strip().isdigit() for s, e in t.furniture)
    last_q = [turn for turn in t.turns if turn.speaker == "A"][2]  # page 1, lines 10-12, then a page break
    assert line_range(t, last_q.start, last_q.start + 5) == (10, 10)


def test_header_block_above_the_numbered_lines(tmp_path):
    text = "Haven: Delfzijl\nGroep: douane\n\n" + "\n".join(f"{n}\t{line}" for n, line in enumerate(APPENDIX, 1))
    (tmp_path / "R09.txt").write_text(text, encoding="cp1252")
    t = read_transcript(tmp_path / "R09.txt")
    assert t.attributes["haven"] == "Delfzijl"
    assert _speech(t) == EXPECTED and [n for _, n in t.line_numbers] == list(range(1, 9))


@pytest.mark.parametrize("lines", [
    # timestamps at the line starts
    [f"00:0{k}:1{k} {'I' if k % 2 else 'R'}: zin {k}" for k in range(8)],
    # an interview guide's numbered questions
    ["Vragen:", "1. Wat is uw functie?", "2. Hoe lang werkt u hier?", "3. Welke signalen ziet u?", "4. Met wie werkt u samen?",
     "5. Wat zou beter kunnen?"],
    # years and amounts that start sentences
    ["I: Wanneer begon het?", "R: In het voorjaar.", "1998 was het ergste jaar.", "I: En daarna?", "R: Minder.",
     "2003 ging het weer mis.", "2004 ook.", "2005 niet.", "150 containers per week."],
    # a few numbered points inside a long unnumbered transcript
    ["I: Wat ziet u?"] + [f"R: regel {k} zonder nummer" for k in range(12)] + ["1 busjes", "2 boten", "3 vrachtwagens", "4 auto's"],
])
def test_no_line_numbers_without_clear_evidence(tmp_path, lines):
    (tmp_path / "x.txt").write_text("\n".join(lines), encoding="utf-8")
    t = read_transcript(tmp_path / "x.txt")
    assert t.line_numbers == ()
    assert t.text == "\n".join(line.strip() for line in lines if line.strip())
    assert not any("line numbers" in note for note in t.notes)


def test_a_line_out_of_sequence_is_kept_and_named(tmp_path):
    lines = [f"{n}\t{line}" for n, line in enumerate(APPENDIX, 1)]
    lines[5] = "66\tI: And the night shifts?"  # a typo in the numbering
    (tmp_path / "R10.txt").write_text("\n".join(lines), encoding="utf-8")
    t = read_transcript(tmp_path / "R10.txt")
    assert "66\tI: And the night shifts?" in t.text
    note = next(n for n in t.notes if "carry no line number in sequence" in n)
    assert "line 6" in note and "66" in note
    assert [n for _, n in t.line_numbers] == [1, 2, 3, 4, 5, 7, 8]


def test_line_range_errors_and_edges():
    t = Transcript("R07", "Titel\nI: Ja.\nR: Nee.", line_numbers=((6, 1), (13, 2)))
    assert line_range(t, 0, 5) is None  # the title above the numbering
    assert line_range(t, 0, 10) == (1, 1)
    assert line_range(t, 16, 16) == (2, 2)
    assert line_range(Transcript("x", "ja"), 0, 2) is None
    with pytest.raises(ConfigurationError, match=r"RK160.*R07.*5–99"):
        line_range(t, 5, 99)


def test_pseudonymised_transcript_keeps_its_line_numbers(tmp_path):
    lines = [f"{n}\t{line}" for n, line in enumerate(["I: Bel mij op 06-12345678 of", "later.", "R: Goed, dat doe ik", "morgen."] * 2, 1)]
    (tmp_path / "R11.txt").write_text("\n".join(lines), encoding="utf-8")
    t = read_transcript(tmp_path / "R11.txt")
    new, _ = pseudonymise_transcript(t)
    assert "06-12345678" not in new.text
    _check_line_starts(new)
    assert [n for _, n in new.line_numbers] == list(range(1, 9))
    assert [line_range(new, u.start, u.end) for u in new.turns] == [line_range(t, u.start, u.end) for u in t.turns]


def test_find_line_numbers_counts_all_lines_or_only_the_written_ones():
    assert find_line_numbers(["1 a", "", "3 b", "4 c", "", "6 d"]).numbers == [1, None, 3, 4, None, 6]
    assert find_line_numbers(["1 a", "", "2 b", "3 c", "", "4 d"]).numbers == [1, None, 2, 3, None, 4]
    assert find_line_numbers(["1 a", "2 b", "3 c"]) is None  # three lines are not enough evidence


# --- Word files ----------------------------------------------------------------------------


def test_word_paragraphs_typed_with_numbers(tmp_path):
    d = docx.Document()
    d.add_paragraph("Interview R07, haven Harlingen")
    for n, line in enumerate(APPENDIX, 1):
        p = d.add_paragraph(f"{n}\t")
        label, _, rest = line.partition(": ") if line[:2] in ("I:", "R:") else ("", "", line)
        if label:
            p.add_run(label + ": ").bold = True
        p.add_run(rest)
    d.save(tmp_path / "R07.docx")
    t = read_transcript(tmp_path / "R07.docx")
    assert _speech(t)[1:] == EXPECTED and t.turns[0].speaker == ""
    assert [n for _, n in t.line_numbers] == list(range(1, 9))
    _check_line_starts(t)
    assert line_range(t, t.turns[2].start, t.turns[2].end) == (3, 5)


def test_word_line_numbering_is_named_not_invented(tmp_path):
    d = docx.Document()
    numbering = OxmlElement("w:lnNumType")
    numbering.set(qn("w:countBy"), "5")
    numbering.set(qn("w:restart"), "continuous")
    d.sections[0]._sectPr.append(numbering)
    for line in ("I: Waar werkt u?", "R: In de haven.", "I: Sinds wanneer?", "R: Sinds 1998."):
        d.add_paragraph(line)
    d.save(tmp_path / "R12.docx")
    t = read_transcript(tmp_path / "R12.docx")
    assert t.line_numbers == ()
    assert len(t.turns) == 4
    note = next(n for n in t.notes if n.startswith("Word's line numbering is on"))
    assert "every 5th line, numbered through" in note and "PDF" in note


def test_word_table_rows_with_a_speaker_column_keep_their_text(tmp_path):
    d = docx.Document()
    table = d.add_table(rows=1, cols=3)
    for cell, name in zip(table.rows[0].cells, ("Nr", "Spreker", "Tekst")):
        cell.text = name
    for n, (who, what) in enumerate([("I", "Wat ziet u?"), ("R", "Busjes."), ("I", "Wanneer?"), ("R", "'s Nachts."), ("I", "Vaak?")], 1):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = str(n), who, what
    d.save(tmp_path / "R13.docx")
    t = read_transcript(tmp_path / "R13.docx")
    assert [t.turn_text(u) for u in t.turns if u.speaker] == ["Wat ziet u?", "Busjes.", "Wanneer?", "'s Nachts.", "Vaak?"]
    assert t.line_numbers == ()


def test_codings_get_the_source_lines_of_their_passages(tmp_path):
    import pandas as pd

    from researchkit import read_corpus
    from researchkit.io import with_line_ranges

    (tmp_path / "R07.txt").write_text("\n".join(f"{n}\t{line}" for n, line in enumerate(APPENDIX, 1)), encoding="utf-8")
    (tmp_path / "R08.txt").write_text("I: Geen nummers.\nR: Nee.", encoding="utf-8")
    corpus = read_corpus(tmp_path)
    r07 = corpus["R07"]
    start = r07.text.index("customs")
    codings = pd.DataFrame({"doc_id": ["R07", "R08"], "start": [start, 3], "end": [r07.text.index("then.") + 5, 8],
                            "code": ["X", "Y"]})
    out = with_line_ranges(codings, corpus)
    assert out["line_first"].tolist() == [4, pd.NA] and out["line_last"].tolist() == [5, pd.NA]
    assert list(codings.columns) == ["doc_id", "start", "end", "code"]  # the table passed in is not changed
    with pytest.raises(ConfigurationError, match="RK161.*missing column.*end"):
        with_line_ranges(codings.drop(columns="end"), corpus)


def test_a_converters_block_of_line_numbers_is_set_apart(tmp_path):
    """pdfminer and pdftotext write a numbered PDF's margin column as a block of its own between the text."""
    page1 = ["Interview R07 - vertrouwelijk", "", "1", "2", "", "I: So tell me about your work", "in the port?", "",
             "3", "4", "5", "6", "", "R: Well, I started in 1998 at the", "customs office, in Harlingen.", "We were five.",
             "", "Pagina 1"]
    page2 = ["Interview R07 - vertrouwelijk", "", "7", "8", "9", "", "I: And the night shifts?", "R: Trucks came",
             "without lights.", "", "Pagina 2"]
    page3 = ["Interview R07 - vertrouwelijk", "", "10", "11", "", "I: Who did you call?", "R: The police.", "", "Pagina 3"]
    (tmp_path / "R07.txt").write_text("\n".join(page1) + "\n\f" + "\n".join(page2) + "\n\f" + "\n".join(page3), encoding="utf-8")
    t = read_transcript(tmp_path / "R07.txt")
    assert [(u.speaker, t.spoken_text(u.start, u.end)) for u in t.turns[:3]] == [
        ("I", "So tell me about your work\nin the port?"),
        ("R", "Well, I started in 1998 at the\ncustoms office, in Harlingen.\nWe were five."),
        ("I", "And the night shifts?")]
    kinds = sorted(t.text[s:e] for s, e in t.furniture)
    assert [k for k in kinds if k.isdigit()] == sorted(str(n) for n in range(1, 12))
    assert "11 line number(s)" in next(n for n in t.notes if n.startswith("page furniture"))
    assert t.line_numbers == ()  # a block cannot tell which line each number stood beside


@pytest.mark.parametrize("years", [
    ["1998", "1999", "2000", "2001", "2002", "2003"],
    ["1998 customs", "1999 police", "2000 harbour master", "2001 customs again", "2002 retired"],
])
def test_a_list_of_years_is_text(tmp_path, years):
    lines = ["I: Which years?", "R: These:", *years, "I: And then?", "R: Nothing."]
    (tmp_path / "x.txt").write_text("\n".join(lines), encoding="utf-8")
    t = read_transcript(tmp_path / "x.txt")
    assert t.turn_text(t.turns[1]) == "\n".join(["These:", *years])
    assert t.line_numbers == () and t.furniture == ()
    assert t.spoken_text(t.turns[1].start, t.turns[1].end) == t.turn_text(t.turns[1])


def test_layout_text_of_a_numbered_pdf_numbers_out_furniture_apart(tmp_path):
    """`pdftotext -layout` of a numbered PDF: header and page number on each page, numbers through the pages."""
    pages, n = [], 1
    for page in range(1, 4):
        body = ["            Interview R07 - vertrouwelijk", ""]
        for k in range(10):
            label = "I: " if k % 4 == 0 else "R: " if k % 4 == 1 else ""
            body.append(f"{n:>4}   {label}{WORDS[(n + page) % 13]} {WORDS[k]} {WORDS[(n * 7) % 13]}")
            n += 1
        pages.append("\n".join(body + ["", f"                         Pagina {page}"]))
    (tmp_path / "R07.txt").write_text("\n\f".join(pages), encoding="utf-8")
    t = read_transcript(tmp_path / "R07.txt")
    assert [n for _, n in t.line_numbers] == list(range(1, 31))
    assert not any("no line number in sequence" in note for note in t.notes)  # headers are not numbering errors
    assert "3 running header(s) and 3 page number(s)" in next(note for note in t.notes if note.startswith("page furniture"))
    turn = t.turns[3]  # the second R turn: lines 6-8
    assert (turn.speaker, line_range(t, turn.start, turn.end)) == ("R", (6, 8))


def test_word_bold_names_without_colon_behind_typed_numbers(tmp_path):
    turns = [("Marieke", "Wat zag u in de haven?"), ("Henk", "Busjes zonder licht."), ("Marieke", "Wanneer was dat?"),
             ("Henk", "Vorig jaar, in mei.")]
    for numbered in (False, True):
        d = docx.Document()
        for n, (who, what) in enumerate(turns, 1):
            p = d.add_paragraph(f"{n}\t" if numbered else "")
            p.add_run(who).bold = True  # the label is bold, the typed number is not
            p.add_run(" " + what)
        d.save(tmp_path / "R14.docx")
        t = read_transcript(tmp_path / "R14.docx")
        assert _speech(t) == turns, numbered
        assert [n for _, n in t.line_numbers] == ([1, 2, 3, 4] if numbered else [])

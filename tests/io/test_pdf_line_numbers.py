"""PDF transcripts as researchers make them: line numbers in the margin, page furniture, speaker tables, hyphens.

The fpdf2 PDFs place text the way Word and LibreOffice do (a right-aligned number column
left of the text, a running header, a page number in the footer); one test converts a
real Word file with LibreOffice, as CI does (.ci/run installs it; the test fails without it).
"""

from __future__ import annotations

import random
import shutil
import subprocess

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from fpdf import FPDF

from researchkit import read_transcript
from researchkit.io import line_range

TURNS = [
    ("I", "So tell me about your work in the port."),
    ("R", "Well, I started in 1998 at the customs office."),
    ("R", "2000 containers a year came through, then."),
    ("I", "And the night shifts?"),
    ("R", "Trucks came without lights, we wrote it down."),
]


def _pdf(lines: list[tuple[int | None, str, bool]], path, *, per_page: int = 14, header: str | None = "Interview R07 - vertrouwelijk",
         footer: bool = True, number_x: float = 12, text_x: float = 30) -> None:
    """A PDF with one text line per item: ``(number or None, text, bold label)``; numbers right-aligned in the margin."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    for k, (number, text, bold) in enumerate(lines):
        if k % per_page == 0:
            pdf.add_page()
            if header:
                pdf.set_font("Helvetica", size=9)
                pdf.set_xy(text_x, 10)
                pdf.cell(0, 5, header)
            if footer:
                pdf.set_font("Helvetica", size=9)
                pdf.set_xy(0, 282)
                pdf.cell(210, 5, f"Pagina {pdf.page_no()}", align="C")
        y = 30 + (k % per_page) * 7
        if number is not None:
            pdf.set_font("Helvetica", size=9)
            pdf.set_xy(number_x, y)
            pdf.cell(10, 6, str(number), align="R")
        pdf.set_xy(text_x, y)
        label, sep, rest = text.partition(": ")
        if bold and sep:
            pdf.set_font("Helvetica", style="B", size=11)
            pdf.cell(pdf.get_string_width(label + ": "), 6, label + ": ")
            pdf.set_font("Helvetica", size=11)
            pdf.cell(0, 6, rest)
        else:
            pdf.set_font("Helvetica", size=11)
            pdf.cell(0, 6, text)
    pdf.output(str(path))


def _wrapped(turns, width: int = 4) -> list[str]:
    """Turns as printed lines of at most ``width`` words, the label on the first."""
    out = []
    for who, what in turns:
        words = f"{who}: {what}".split()
        out.extend(" ".join(words[k:k + width]) for k in range(0, len(words), width))
    return out


def _speech(t) -> list[tuple[str, str]]:
    return [(u.speaker, t.turn_text(u)) for u in t.turns]


def test_margin_numbers_every_line_over_pages(tmp_path):
    turns = TURNS * 4
    lines = _wrapped(turns)
    _pdf([(n, line, True) for n, line in enumerate(lines, 1)], tmp_path / "R07.pdf")
    t = read_transcript(tmp_path / "R07.pdf")
    assert [n for _, n in t.line_numbers] == list(range(1, len(lines) + 1))
    assert [w for w, _ in _speech(t)] == [w for w, _ in turns]
    assert [" ".join(x.split()) for _, x in _speech(t)] == [" ".join(x.split()) for _, x in turns]
    first, second = t.turns[0], t.turns[1]
    assert line_range(t, first.start, first.end) == (1, 3)
    assert line_range(t, second.start, second.end)[0] == 4
    assert any(n.startswith("line numbers printed in the margin taken out of the text") for n in t.notes)
    assert any("header line(s)" in n and "page number line(s)" in n for n in t.notes)
    assert "Interview R07" not in t.text and "Pagina" not in t.text


def test_margin_numbers_every_fifth_line(tmp_path):
    lines = _wrapped(TURNS * 3)
    _pdf([(n if n % 5 == 0 else None, line, False) for n, line in enumerate(lines, 1)], tmp_path / "R08.pdf", per_page=20)
    t = read_transcript(tmp_path / "R08.pdf")
    assert [w for w, _ in _speech(t)] == [w for w, _ in TURNS * 3]
    # 39 lines on two pages of 20: between two printed numbers of a page the lines are counted,
    # above a page's first number (lines 1-4, 21-24) and below its last (36-39) nothing checks a count
    assert len(lines) == 39
    assert [n for _, n in t.line_numbers] == list(range(5, 21)) + list(range(25, 36))
    ranges = [line_range(t, turn.start, turn.end) for turn in t.turns]
    for first, last in ranges[:-2]:  # every range contains the turn's lines
        assert 1 <= first <= last <= 35
    # the last two turns run on into lines 36-39, which no printed number counts: no range rather than a wrong one
    assert ranges[-2:] == [None, None]


def test_margin_numbers_starting_again_on_each_page(tmp_path):
    lines = _wrapped(TURNS * 4)
    per_page = 12
    _pdf([(k % per_page + 1, line, False) for k, line in enumerate(lines)], tmp_path / "R13.pdf", per_page=per_page)
    t = read_transcript(tmp_path / "R13.pdf")
    assert [n for _, n in t.line_numbers] == [k % per_page + 1 for k in range(len(lines))]
    assert [" ".join(x.split()) for _, x in _speech(t)] == [what for _, what in TURNS * 4]
    expected, k = [], 0
    for turn in TURNS * 4:
        n = len(_wrapped([turn]))
        expected.append((k % per_page + 1, (k + n - 1) % per_page + 1))
        k += n
    assert [line_range(t, u.start, u.end) for u in t.turns] == expected
    assert any(last < first for first, last in expected)  # a turn over a page break reads (11, 1): numbers as printed


def test_years_and_amounts_at_the_text_column_are_not_line_numbers(tmp_path):
    lines = ["I: What happened then?", "R: A lot.", "1998 was the worst year.", "2003 was bad too,",
             "150 containers a week.", "I: And later?", "R: 2010 was quiet.", "2011 as well."]
    _pdf([(None, line, False) for line in lines], tmp_path / "R09.pdf", header=None, footer=False)
    t = read_transcript(tmp_path / "R09.pdf")
    assert t.line_numbers == ()
    assert all(year in t.text for year in ("1998 was", "2003 was", "150 containers", "2011 as"))
    assert not any("line numbers" in n for n in t.notes)


def test_numbers_typed_before_the_text_with_one_space(tmp_path):
    lines = _wrapped(TURNS * 2)
    _pdf([(None, f"{n} {line}", False) for n, line in enumerate(lines, 1)], tmp_path / "R10.pdf", header=None, footer=False, per_page=40)
    t = read_transcript(tmp_path / "R10.pdf")
    assert [n for _, n in t.line_numbers] == list(range(1, len(lines) + 1))
    assert [w for w, _ in _speech(t)] == [w for w, _ in TURNS * 2]
    assert any(n.startswith("line numbers typed before the lines taken out") for n in t.notes)


def test_hyphenated_word_on_a_numbered_line_is_joined(tmp_path):
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    text = ["I: Hoe loopt de samen-", "werking met de douane?", "R: Goed, de informatie-", "uitwisseling is beter.",
            "I: En de gemeente?", "R: Die doet ook mee."]
    for n, line in enumerate(text, 1):
        pdf.set_xy(12, 30 + 7 * n)
        pdf.cell(10, 6, str(n), align="R")
        pdf.set_xy(30, 30 + 7 * n)
        pdf.cell(0, 6, line)
    pdf.output(str(tmp_path / "R11.pdf"))
    t = read_transcript(tmp_path / "R11.pdf")
    spoken = dict((w, x) for w, x in _speech(t))
    assert "samenwerking met de douane?" in t.text and "informatieuitwisseling" in t.text
    assert set(spoken) == {"I", "R"}
    assert [n for _, n in t.line_numbers] == [1, 2, 3, 4, 5, 6]
    starts = {n: offset for offset, n in t.line_numbers}
    assert t.text[starts[2]:].startswith("werking")  # the line starts inside the joined word


def test_two_column_speaker_table(tmp_path):
    rows = [("Interviewer", "Wat ziet u 's nachts in de haven van Harlingen als u dienst heeft?"),
            ("Respondent", "Busjes zonder licht. Die rijden langs de kade en stoppen bij de loods, altijd rond drie uur."),
            ("Interviewer", "Belt u dan iemand?"),
            ("Respondent", "De politie, en soms de marechaussee als het om de veerboot gaat.")] * 2
    pdf = FPDF(format="A4")
    pdf.add_page()
    y = 30
    for who, what in rows:
        pdf.set_font("Helvetica", size=11)
        pdf.set_xy(20, y)
        pdf.cell(35, 6, who)
        pdf.set_xy(70, y)
        pdf.multi_cell(110, 6, what)
        y = pdf.get_y() + 3
    pdf.output(str(tmp_path / "R12.pdf"))
    t = read_transcript(tmp_path / "R12.pdf")
    assert [(u.speaker, u.role) for u in t.turns] == [(w, w.lower()) for w, _ in rows]
    assert [" ".join(t.turn_text(u).split()) for u in t.turns] == [what for _, what in rows]


def _field(paragraph, code: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), ("instr", code), ("separate", None), ("text", "1"), ("end", None)):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.text = text
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


@pytest.fixture(scope="module")
def soffice():
    found = shutil.which("soffice")
    if found is None:
        pytest.fail("the PDF realism tests need LibreOffice to turn a Word file into a PDF as researchers do: "
                    "apt-get install -y libreoffice-writer-nogui (.ci/run does this)", pytrace=False)
    return found


def _to_pdf(soffice: str, path, folder):
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(path)], check=True, capture_output=True, timeout=300)
    return path.with_suffix(".pdf")


def test_word_file_with_line_numbering_converted_by_libreoffice(tmp_path, soffice):
    """Word's line numbering, a running header, 'Pagina N' in the footer, bold labels, soft hyphens, long turns."""
    rng = random.Random(3)
    soft = "\u00ad"
    words = [f"samen{soft}werkings{soft}over{soft}een{soft}komst", "haven", f"in{soft}formatie{soft}voor{soft}ziening", "de",
             "controle", f"vracht{soft}wagen", f"on{soft}der{soft}mij{soft}ning", "politie", "'s nachts", "1998"]
    d = docx.Document()
    section = d.sections[0]
    section.left_margin = section.right_margin = Cm(5)
    section.header.paragraphs[0].text = "R21 Harlingen - vertrouwelijk"
    footer = section.footer.paragraphs[0]
    footer.add_run("Pagina ")
    _field(footer, "PAGE")
    numbering = OxmlElement("w:lnNumType")
    numbering.set(qn("w:countBy"), "1")
    numbering.set(qn("w:restart"), "continuous")
    section._sectPr.append(numbering)
    expected = []
    for k in range(14):
        label = "Interviewer" if k % 2 == 0 else "Respondent"
        body = " ".join(rng.choice(words) for _ in range(rng.randint(6, 110))) + "."
        p = d.add_paragraph()
        p.add_run(label + ": ").bold = True
        p.add_run(body)
        expected.append((label, body.replace(soft, "")))
    d.save(tmp_path / "R21.docx")
    t = read_transcript(_to_pdf(soffice, tmp_path / "R21.docx", tmp_path))
    assert _speech(t) == expected  # the text comes back whole: no numbers, headers or hyphens in it
    numbers = [n for _, n in t.line_numbers]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 60
    assert line_range(t, t.turns[0].start, t.turns[0].end)[0] == 1
    last = line_range(t, t.turns[-1].start, t.turns[-1].end)
    assert last[1] == numbers[-1]
    assert any("word(s) hyphenated" in n for n in t.notes)
    assert "vertrouwelijk" not in t.text and "Pagina" not in t.text


def test_word_speaker_table_converted_by_libreoffice(tmp_path, soffice):
    rows = [("I", "Wat ziet u 's nachts in de haven?"), ("R", "Busjes zonder licht, die langs de kade rijden en stoppen bij de loods."),
            ("I", "Belt u dan iemand?"), ("R", "De politie, en soms de marechaussee.")] * 2
    d = docx.Document()
    table = d.add_table(rows=0, cols=2)
    for who, what in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = who, what
    d.save(tmp_path / "R22.docx")
    t = read_transcript(_to_pdf(soffice, tmp_path / "R22.docx", tmp_path))
    assert [(u.speaker, " ".join(t.turn_text(u).split())) for u in t.turns] == rows

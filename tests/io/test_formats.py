"""Readers for PDF, ODT, RTF, DOC, HTML and transcript tables, on files the tests write themselves."""

from __future__ import annotations

import io
import shutil
import subprocess

import odfdo
import pandas as pd
import pytest
from fpdf import FPDF

from researchkit import read_corpus
from researchkit.errors import CorpusError, TranscriptError
from researchkit.io import read_transcript


def turns_of(t):
    return [(turn.speaker, turn.role, t.turn_text(turn)) for turn in t.turns]


def check_offsets(t):
    for turn in t.turns:
        assert t.text[turn.start : turn.end] == t.turn_text(turn)
        assert t.text[turn.start : turn.end] == t.text[turn.start : turn.end].strip()


# --- PDF ------------------------------------------------------------------------------

LONG = ("De samenwerking tussen de havenbeveiliging en de douane loopt nog niet goed want niemand deelt "
        "de informatie over de containers op tijd en de controles ")


class _HeaderPDF(FPDF):
    def header(self):
        self.set_font("Helvetica", size=9)
        self.cell(0, 8, "Interview R07 - vertrouwelijk", align="C")
        self.ln(12)

    def footer(self):
        self.set_y(-15)
        self.set_font("Helvetica", size=9)
        self.cell(0, 8, f"Pagina {self.page_no()}", align="C")


def write_pdf(path, turns, *, bold_labels=True):
    pdf = _HeaderPDF()
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_page()
    for label, text in turns:
        pdf.set_font("Helvetica", "B" if bold_labels else "", 11)
        pdf.write(6, label + " ")
        pdf.set_font("Helvetica", "", 11)
        pdf.write(6, text)
        pdf.ln(10)
    pdf.output(str(path))
    return path


def test_pdf_headers_footers_page_numbers_hyphenation_and_bold(tmp_path):
    # A hyphenated word at a line end: break the text by hand so that "samen-" ends a line.
    pdf = _HeaderPDF()
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 11)
    pdf.write(6, "Interviewer:")
    pdf.set_font("Helvetica", "", 11)
    pdf.write(6, " Hoe gaat de samen-\nwerking met de douane?")
    pdf.ln(10)
    for i in range(30):
        pdf.set_font("Helvetica", "B", 11)
        pdf.write(6, "Henk:" if i % 2 == 0 else "Interviewer:")
        pdf.set_font("Helvetica", "", 11)
        pdf.write(6, f" Antwoord {i}. " + LONG * 2)
        pdf.ln(10)
    path = tmp_path / "R07.pdf"
    pdf.output(str(path))
    t = read_transcript(path)
    check_offsets(t)
    assert t.source.format == "pdf"
    assert "Interview R07 - vertrouwelijk" not in t.text and "Pagina" not in t.text
    assert t.turn_text(t.turns[0]) == "Hoe gaat de samenwerking met de douane?"
    assert [turn.speaker for turn in t.turns] == ["Interviewer"] + ["Henk", "Interviewer"] * 15
    assert [turn.role for turn in t.turns[:3]] == ["interviewer", "respondent", "interviewer"]
    # wrapped lines are joined into one paragraph per turn
    assert t.turn_text(t.turns[1]) == "Antwoord 0. " + (LONG * 2).strip()
    notes = " ".join(t.notes)
    assert "header" in notes and "page number" in notes and "1 word(s) hyphenated" in notes


def test_pdf_not_a_pdf_and_damaged(tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"hello, not a pdf")
    with pytest.raises(TranscriptError, match=r"RK103.*x\.pdf.*no %PDF header"):
        read_transcript(bad)
    good = write_pdf(tmp_path / "g.pdf", [("I:", "Dag."), ("R:", "Hoi.")]).read_bytes()
    broken = tmp_path / "b.pdf"
    broken.write_bytes(good[: len(good) // 3])
    with pytest.raises(TranscriptError, match=r"RK10[34].*b\.pdf"):
        read_transcript(broken)


def test_pdf_without_text_layer(tmp_path):
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 50, 50)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(TranscriptError, match=r"RK104.*scan\.pdf.*no text layer.*OCR"):
        read_transcript(path)


# --- ODT ------------------------------------------------------------------------------


def write_odt(path, paragraphs, *, note=False, header=None):
    document = odfdo.Document("text")
    document.insert_style(odfdo.Style("text", name="Vet", bold=True), automatic=True)
    for i, (label, text) in enumerate(paragraphs):
        p = odfdo.Paragraph("")
        if label:
            p.append(odfdo.Span(label, style="Vet"))
        p.append(text)
        if note and i == 1:
            p.append(odfdo.Note(note_class="footnote", note_id="n1", citation="1", body="VOETNOOT TEKST"))
        document.body.append(p)
    if header:
        page = document.get_style("master-page", "Standard") or document.get_styles("master-page")[0]
        page.set_page_header(header)
    document.save(str(path))
    return path


def test_odt_bold_names_spaces_and_dropped_notes(tmp_path):
    path = write_odt(
        tmp_path / "R02.odt",
        [("Marieke Hoekstra", " Dag, welkom."), ("Henk", " Dank  je."), ("Marieke Hoekstra", " Hoe gaat het?"), ("Henk", " Goed.")],
        note=True, header="Project Havens",
    )
    t = read_transcript(path)
    check_offsets(t)
    assert t.source.format == "odt"
    assert turns_of(t)[:2] == [("Marieke Hoekstra", "other", "Dag, welkom."), ("Henk", "other", "Dank  je.")]
    assert "VOETNOOT" not in t.text
    notes = " ".join(t.notes)
    assert "footnote" in notes and "Project Havens" in notes


def test_odt_corrupt_is_a_clear_error(tmp_path):
    path = tmp_path / "x.odt"
    path.write_bytes(b"PK\x03\x04garbage")
    with pytest.raises(TranscriptError, match=r"RK103.*x\.odt"):
        read_transcript(path)


# --- RTF ------------------------------------------------------------------------------


def test_rtf_with_header_block_and_accents(tmp_path):
    rtf = (
        r"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}{\header Vertrouwelijk\par}"
        r"Haven: Harlingen\par Groep: visser\par\par"
        r"{\b I:} Hoe gaat het met de co\'f6rdinatie?\par R: Goed, d\'e9 co\'f6rdinatie is prima.\par "
        r"Echt waar.\par}"
    )
    path = tmp_path / "R03.rtf"
    path.write_bytes(rtf.encode("ascii"))
    t = read_transcript(path)
    check_offsets(t)
    assert t.attributes == {"haven": "Harlingen", "groep": "visser"}
    assert turns_of(t) == [
        ("I", "interviewer", "Hoe gaat het met de coördinatie?"),
        ("R", "respondent", "Goed, dé coördinatie is prima.\nEcht waar."),
    ]
    assert "Vertrouwelijk" not in t.text and any("headers" in n for n in t.notes)


def test_rtf_that_is_not_rtf(tmp_path):
    path = tmp_path / "x.rtf"
    path.write_text("I: gewoon tekst", encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"RK103.*x\.rtf.*not an RTF file"):
        read_transcript(path)


# --- DOC (old Word, written by LibreOffice, read with antiword) -----------------------


@pytest.fixture(scope="module")
def doc_file(tmp_path_factory):
    soffice = shutil.which("soffice")
    if soffice is None or shutil.which("antiword") is None:
        pytest.fail("the .doc tests need LibreOffice (to write a real .doc) and antiword (to read it): "
                    "apt-get install -y libreoffice-writer-nogui antiword (.ci/run does this)", pytrace=False)
    import docx

    folder = tmp_path_factory.mktemp("doc")
    d = docx.Document()
    for line in ("Haven: Delfzijl", "Groep: douane", "", "Interviewer: Wat ziet u 's nachts?",
                 "Respondent: Busjes zonder licht.", "Die rijden langs de kade."):
        d.add_paragraph(line)
    for i in range(20):  # antiword refuses very short documents; a real interview is longer
        d.add_paragraph(f"Interviewer: Vraag {i} over de haven en de controles?")
        d.add_paragraph(f"Respondent: Antwoord {i}: daar weet ik niet zoveel van, eerlijk gezegd.")
    d.sections[0].header.paragraphs[0].text = "KOPTEKST"
    d.save(folder / "R04.docx")
    profile = folder / "profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "doc", "--outdir", str(folder / "out"), str(folder / "R04.docx")],
        check=True, capture_output=True, timeout=300,
    )
    return folder / "out" / "R04.doc"


def test_doc_read_with_antiword(doc_file):
    assert doc_file.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    t = read_transcript(doc_file)
    check_offsets(t)
    assert t.source.format == "doc"
    assert turns_of(t)[:2] == [
        ("Interviewer", "interviewer", "Wat ziet u 's nachts?"),
        ("Respondent", "respondent", "Busjes zonder licht.\nDie rijden langs de kade."),
    ]
    assert len(t.turns) == 42 and turns_of(t)[-1] == ("Respondent", "respondent", "Antwoord 19: daar weet ik niet zoveel van, eerlijk gezegd.")
    assert t.attributes == {"haven": "Delfzijl", "groep": "douane"}
    assert "KOPTEKST" not in t.text and any("antiword" in n for n in t.notes)


def test_doc_without_antiword_says_what_to_install(doc_file, monkeypatch):
    import researchkit.io.legacy as legacy

    monkeypatch.setattr(legacy.shutil, "which", lambda name: None)
    with pytest.raises(TranscriptError, match=r"RK130.*R04\.doc.*antiword.*apt-get install antiword"):
        read_transcript(doc_file)


def test_doc_that_is_not_ole(tmp_path):
    path = tmp_path / "x.doc"
    path.write_bytes(b"just text")
    with pytest.raises(TranscriptError, match=r"RK1(03|30).*x\.doc"):
        read_transcript(path)


# --- HTML -----------------------------------------------------------------------------

HTML = """<!DOCTYPE html><html><head><title>Interview R05</title><style>p {color: red}</style>
<script>alert('x')</script></head><body><nav>Home | Over</nav>
<h1>Interview met een visser</h1>
<p><strong>Interviewer:</strong> Wat doet u op de kade?</p>
<p><b>Jan de Vries</b> Ik los de vangst.<br>Elke nacht.</p>
<div><b>Interviewer:</b> En de douane?</div>
<p><b>Jan de Vries</b> Die zie ik <em>nooit</em>.</p><img src="x.png"></body></html>"""


def test_html_blocks_bold_labels_and_dropped_elements(tmp_path):
    path = tmp_path / "R05.htm"
    path.write_text(HTML, encoding="utf-8")
    t = read_transcript(path)
    check_offsets(t)
    assert t.attributes["title"] == "Interview R05"
    assert "alert" not in t.text and "Home" not in t.text and "color" not in t.text
    assert turns_of(t) == [
        ("", "other", "Interview met een visser"),
        ("Interviewer", "interviewer", "Wat doet u op de kade?"),
        ("Jan de Vries", "respondent", "Ik los de vangst.\nElke nacht."),
        ("Interviewer", "interviewer", "En de douane?"),
        ("Jan de Vries", "respondent", "Die zie ik nooit."),
    ]
    assert any("1 img" in n and "1 nav" in n for n in t.notes)


def test_htm_only_folder_and_errors_name_files(tmp_path):
    (tmp_path / "R01.htm").write_text("<p>I: Vraag?</p><p>R: Antwoord.</p>", encoding="utf-8")
    (tmp_path / "R02.htm").write_bytes(b"")
    (tmp_path / "README.repo.md").write_text("# about this collection\n", encoding="utf-8")
    (tmp_path / "meta.json").write_text("{}", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"R02\.htm.*empty"):
        read_corpus(tmp_path)
    (tmp_path / "R02.htm").write_text("<p>I: Vraag twee?</p><p>R: Ja.</p>", encoding="utf-8")
    corpus = read_corpus(tmp_path)
    assert corpus.doc_ids == ["R01", "R02"]
    skipped = " ".join(corpus.notes)
    assert "README.repo.md (not a transcript by its name)" in skipped and "meta.json" in skipped


def test_folder_with_no_transcripts_lists_what_it_found(tmp_path):
    (tmp_path / "README.md").write_text("x", encoding="utf-8")
    (tmp_path / "LICENSE.txt").write_text("x", encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"RK114.*found: LICENSE\.txt, README\.md"):
        read_corpus(tmp_path)


# --- transcript tables ----------------------------------------------------------------


def test_csv_transcript_rows(tmp_path):
    path = tmp_path / "F01.csv"
    path.write_text(
        "Spreker;Tekst;Tijd\nModerator;Welkom allemaal.;00:00:01\nM1;Dank je.;00:00:04\nM1;Ik begin wel.;00:00:06\n"
        "H2;Goed.;00:01:10\n;(gelach);\n",
        encoding="utf-8",
    )
    t = read_transcript(path)
    check_offsets(t)
    assert t.text == "Moderator: Welkom allemaal.\nM1: Dank je.\nIk begin wel.\nH2: Goed.\n(gelach)"
    assert [(s, r, x) for s, r, x in turns_of(t)] == [
        ("Moderator", "interviewer", "Welkom allemaal."),
        ("M1", "respondent", "Dank je.\nIk begin wel."),
        ("H2", "respondent", "Goed.\n(gelach)"),
    ]
    assert [turn.timestamp for turn in t.turns] == [1.0, 4.0, 70.0]


def test_xlsx_transcript_rows_with_named_columns(tmp_path):
    path = tmp_path / "F02.xlsx"
    pd.DataFrame({"wie": ["Interviewer", "Piet"], "wat": ["Hoe laat?", "Om drie uur."], "sec": ["1.5", "3"]}).to_excel(path, index=False)
    with pytest.raises(TranscriptError, match=r"RK132.*F02\.xlsx.*columns: wie, wat, sec"):
        read_transcript(path)
    t = read_transcript(path, columns={"speaker": "wie", "text": "wat", "start": "sec"})
    assert turns_of(t) == [("Interviewer", "interviewer", "Hoe laat?"), ("Piet", "respondent", "Om drie uur.")]
    assert [turn.timestamp for turn in t.turns] == [1.5, 3.0]


def test_attributes_sheet_in_the_folder_is_not_a_transcript(tmp_path):
    (tmp_path / "R01.txt").write_text("I: a?\nR: b.\n", encoding="utf-8")
    (tmp_path / "rows.csv").write_text("speaker,text\nI,Vraag?\nR,Antwoord.\n", encoding="utf-8")
    (tmp_path / "attributes.csv").write_text("doc_id,group\nR01,visser\nrows,politie\n", encoding="utf-8")
    corpus = read_corpus(tmp_path, attributes=tmp_path / "attributes.csv")
    assert corpus.doc_ids == ["R01", "rows"]
    assert corpus["rows"].attributes["group"] == "politie"


def test_a_transcript_whose_title_starts_like_a_repository_file_is_read(tmp_path):
    # a podcast collection names its episodes "changelog--friends-3.md"; a study may have "Changes in the port.txt"
    for name in ("changelog--friends-3.md", "Changes in the port.txt", "Authors interview.txt"):
        (tmp_path / name).write_text("Interviewer: Wat zag u?\nRespondent: Niets bijzonders.\nInterviewer: Zeker?\nRespondent: Ja.\n", encoding="utf-8")
    (tmp_path / "LICENSE-MIT.txt").write_text("MIT", encoding="utf-8")
    (tmp_path / "README.nl.md").write_text("# over deze map", encoding="utf-8")
    corpus = read_corpus(tmp_path)
    assert sorted(t.doc_id for t in corpus) == ["Authors interview", "Changes in the port", "changelog--friends-3"]
    assert any("LICENSE-MIT.txt" in n for n in corpus.notes) and any("README.nl.md" in n for n in corpus.notes)


def test_a_year_that_ends_a_turn_at_the_foot_of_a_page_is_speech_not_a_page_number(tmp_path):
    """Page numbers follow the pages; a number alone in the bottom margin that does not ("2010." answering
    "Since when?") stays in the text."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    for page in range(1, 5):
        pdf.add_page()
        y = 20
        for k in range(3):
            pdf.text(20, y, f"I: Question {page}.{k}, since when do you work there?")
            pdf.text(20, y + 7, f"R: Answer {page}.{k}: for a long time now, at the quay.")
            y += 16
        if page == 2:
            pdf.text(20, 272, "I: Since when exactly?")
            pdf.text(20, 279, "2010.")  # the answer's last line, in the bottom margin
        pdf.text(105, 290, str(page))  # the page number
    path = tmp_path / "years.pdf"
    pdf.output(str(path))
    t = read_transcript(path)
    assert "2010." in t.text
    assert all(f"\n{n}\n" not in f"\n{t.text}\n" for n in (1, 3, 4))  # the page numbers are out
    assert any("4 page number" in note for note in t.notes)
    # the first line of every page (in the top margin band, the same on every page but for its digits) is speech:
    # a line opened by a role word's label is never taken for a running header
    assert all(f"I: Question {page}.0, since when do you work there?" in t.text for page in range(1, 5))

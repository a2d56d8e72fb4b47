"""The Word and Markdown report: content from the data, fields, styles, determinism."""

import datetime
import doctest
import importlib
import importlib.util
import io
import pathlib
import re
import zipfile

import docx
import pandas as pd
import pytest

from researchkit.errors import PrivacyError, ReportError
from researchkit.report import ReportInputs, build_report, write_docx, write_markdown
from researchkit.report.content import (
    Bullets,
    Heading,
    Paragraph,
    Quote,
    ReportContent,
    build_content,
    iter_text,
)
from researchkit.report.docx_layout import heading_number
from researchkit.report.docx_report import repack_zip

_spec = importlib.util.spec_from_file_location("report_small", pathlib.Path(__file__).parent / "data" / "report" / "small.py")
small = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(small)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def data():
    return small.build()


@pytest.fixture(scope="module")
def inputs(data):
    corpus, codebook, codings = data
    return ReportInputs(corpus, codebook, codings, title="Havens klein", subtitle="Testrapport", author="A. Onderzoeker",
                        organisation="Bureau Noord", client="Politie", names=["Piet Jansen"],
                        reidentification="off")  # four respondents: k=3 would coarsen every attribution (tested apart)


@pytest.fixture(scope="module")
def content(inputs):
    return build_content(inputs)


@pytest.fixture(scope="module")
def written(content, tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    return write_docx(content, folder / "report.docx"), write_markdown(content, folder / "report.md")


@pytest.mark.parametrize("name", ["researchkit.report", "researchkit.report.content", "researchkit.report.docx_report",
                                  "researchkit.report.markdown", "researchkit.report.blocks", "researchkit.report.builder",
                                  "researchkit.report.formatting", "researchkit.report.inputs", "researchkit.report.texts",
                                  "researchkit.report.chapters", "researchkit.report.html_segments",
                                  "researchkit.report.html_assets"])
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


# --------------------------------------------------------------------------- content


def test_chapters_in_order(content):
    headings = [b.text for b in content.blocks if isinstance(b, Heading) and b.level == 1]
    assert headings == [
        "1 Methode en verantwoording", "2 Signalen", "3 Vermoedens", "4 Fenomenen", "5 Actoren", "6 Informatiepositie",
        "7 Informatiepositie per partner", "8 Witte vlekken", "Bijlage A Codeboek", "Bijlage B Respondenten",
    ]
    assert content.date == datetime.date(2026, 3, 10)  # the latest interview, not the clock
    assert content.notes == []


def test_method_section_from_the_data(content):
    text = " ".join(iter_text(content))
    assert "4 interviews met 4 respondenten, afgenomen tussen 3 februari 2026 en 10 maart 2026" in text
    # interviewers not in a privacy key are counted, never named (issue 16: treated like respondents)
    assert "door drie interviewers." in text
    assert not any(name in text for name in ("Jeroen Postma", "Marieke Hoekstra", "Sanne Dijkstra"))
    assert "14 codes in 5 hoofdthema’s" in text
    interviews = next(t for t in content.tables if t.key == "interviews")
    assert interviews.columns == ["Groep", "Delfzijl", "Harlingen", "Totaal"]
    assert interviews.rows[-1] == ["Totaal", "2", "2", "4"]
    by_source = next(t for t in content.tables if t.key == "coding_by_source")
    assert by_source.rows == [["regels (automatisch)", "zoekregels", "24", "4", "9"], ["handmatig", "anna, bob", "8", "2", "5"]]


def test_agreement_table_when_two_manual_coders(content, data):
    agreement = next(t for t in content.tables if t.key == "agreement")
    assert [r[0] for r in agreement.rows] == ["ACT", "FEN", "INFO", "SIG", "VERM", ""]
    assert agreement.rows[3][3:] == ["1,00", "1,00", "1,00"]  # both coders coded the same SIG sentence
    assert "De codeurs anna en bob" in " ".join(iter_text(content))
    # one manual coder: no agreement section
    corpus, codebook, codings = data
    one = build_content(ReportInputs(corpus, codebook, codings[codings["coder"] != "bob"]), chapters=["SIG"])
    assert "agreement" not in [t.key for t in one.tables]


def test_given_agreement_table_is_used(data):
    corpus, codebook, codings = data
    table = pd.DataFrame({"code": ["SIG", "(overall)"], "unit": ["turn", "turn"], "n_units": [10, 10],
                          "percent_agreement": [0.9, 0.9], "cohen_kappa": [0.5, 0.5], "alpha": [0.4, 0.4]})
    content = build_content(ReportInputs(corpus, codebook, codings, agreement=table), chapters=["SIG"])
    rows = next(t for t in content.tables if t.key == "agreement").rows
    assert rows == [["SIG", "Signalen", "10", "0,90", "0,50", "0,40"], ["", "Totaal", "10", "0,90", "0,50", "0,40"]]


def test_tables_and_figures_are_numbered_in_order(content):
    assert [t.number for t in content.tables] == list(range(1, len(content.tables) + 1))
    assert [f.number for f in content.figures] == list(range(1, len(content.figures) + 1))
    assert [f.key for f in content.figures] == ["theme_SIG", "theme_VERM", "theme_FEN", "theme_ACT", "theme_INFO",
                                               "information_position", "white_spots"]
    assert all(f.png.startswith(b"\x89PNG") for f in content.figures)
    # the text refers to the right numbers
    text = " ".join(iter_text(content))
    assert "Tabel 4 geeft per subthema" in text and "figuur 1 toont" in text


def test_theme_table_counts_respondents_per_group(content):
    sig = next(t for t in content.tables if t.key == "theme_SIG")
    assert sig.columns == ["Code", "Omschrijving", "bedrijfsleven (n=1)", "handhaving (n=1)", "politie (n=2)", "Totaal (n=4)"]
    assert sig.rows[0] == ["SIG.1", "Verdacht gedrag", "1 (100%)", "1 (100%)", "1 (50%)", "3 (75%)"]
    assert sig.rows[-1][:2] == ["SIG", "Totaal: Signalen"]
    assert set(sig.data["code"]) == {"SIG", "SIG.1", "SIG.2"}


def test_quotes_are_pseudonymised_and_attributed(content):
    quotes = [b for b in content.blocks if isinstance(b, Quote)]
    assert quotes
    for q in quotes:
        assert re.fullmatch(r"\(R0\d, [^,()]+, (Harlingen|Delfzijl)\)", q.attribution), q.attribution
    # within a chapter, passages of ten words or more come before shorter ones
    chapters, current = [], []
    for block in content.blocks:
        if isinstance(block, Heading) and block.level == 1:
            chapters.append(current)
            current = []
        elif isinstance(block, Quote):
            current.append(len(block.text.split()) < 10)
    chapters.append(current)
    assert all(flags == sorted(flags) for flags in chapters)
    assert sum(len(c) for c in chapters) == len(quotes) and not all(any(c) for c in chapters if c)
    everything = " ".join(iter_text(content))
    for name in small.NAMES_IN_TEXT:
        assert name not in everything, name
    assert "(R01, Politie basisteam, Harlingen)" in [q.attribution for q in quotes]
    assert "wijkagent" not in everything  # function details stay out of attributions and the overview


def test_codebook_appendix_and_respondents(content):
    paragraphs = [b for b in content.blocks if isinstance(b, Paragraph) and b.style == "codebook"]
    sig = next(p for p in paragraphs if p.lead == "SIG Signalen.")
    assert sig.text == ("Concrete waarnemingen. Wel coderen: Een busje op de kade; Een melding. "
                        "Niet coderen: Vermoedens zonder waarneming. Voorbeelden: “[naam] zag een busje.”")
    respondents = next(t for t in content.tables if t.key == "respondents")
    assert respondents.rows[1] == ["R02", "handhaving", "Douane", "Harlingen"]


def test_white_spots_chapter(content):
    bullets = next(b for b in content.blocks if isinstance(b, Bullets))
    assert bullets.items == ("Delfzijl – Sigarettensmokkel: 1 passage met vermoedens",
                             "Harlingen – Drugssmokkel: 2 passages met vermoedens")
    table = next(t for t in content.tables if t.key == "white_spots")
    assert table.rows == [["Drugssmokkel", "1 / 1", "2 / 0 *"], ["Sigarettensmokkel", "1 / 0 *", "0 / 0"]]


def test_information_position_table_rows_are_its_data(content):
    """One row per partner (its name) and per dimension column the respondents of that partner and dimension."""
    table = next(t for t in content.tables if t.key == "information_position")
    data = table.data
    partners = list(dict.fromkeys(data["partner"]))
    dimensions = list(dict.fromkeys(data["dimension"]))
    assert len(table.rows) == len(partners) and len(table.columns) == 1 + len(dimensions)
    for row, partner in zip(table.rows, partners):
        mine = data[data["partner"] == partner]
        assert row[0] == str(mine["partner_name"].iloc[0])
        assert row[1:] == [str(int(mine.loc[mine["dimension"] == d, "respondents"].iloc[0])) for d in dimensions]
    assert any(int(v) > 0 for row in table.rows for v in row[1:])


def test_chosen_chapters_and_missing_branches(data):
    corpus, codebook, codings = data
    content = build_content(ReportInputs(corpus, codebook, codings, date="2026-05-01"), chapters=["SIG.1", "white_spots"])
    assert [b.text for b in content.blocks if isinstance(b, Heading) and b.level == 1][:3] == [
        "1 Methode en verantwoording", "2 Verdacht gedrag", "3 Witte vlekken"]
    no_info = ReportInputs(corpus, codebook, codings, partners="PARTNERS", suspicion="NOPE")
    content = build_content(no_info)
    assert "chapter information_position left out: the codebook has no code 'PARTNERS' (report.information_position.partners)" in content.notes
    assert "chapter white_spots left out: the codebook has no code 'NOPE' (report.white_spots.suspicion)" in content.notes
    unnamed = build_content(ReportInputs(corpus, codebook, codings, partners="", suspicion="", signal=""))
    assert any(n.startswith("chapter information_position left out: no partners branch is named") for n in unnamed.notes)
    assert "chapter white_spots left out: report.white_spots.suspicion, signal not set (the code ids of those branches)" in unnamed.notes
    with pytest.raises(ReportError, match=r"RK552.*'XYZ'.*SIG, VERM"):
        build_content(ReportInputs(corpus, codebook, codings), chapters=["SIG", "XYZ"])


def test_unreviewed_suggestions_left_out_are_noted_and_an_empty_report_says_what_to_do(data):
    corpus, codebook, codings = data
    rules = codings.assign(source="rules", coder="rules")
    both = build_content(ReportInputs(corpus, codebook, pd.concat([codings, rules.iloc[:3]], ignore_index=True),
                                      suggestions="exclude"), chapters=["VERM"])
    note = next(n for n in both.notes if "unreviewed suggestion" in n)
    n_suggested = int(codings["source"].isin(["rules", "model"]).sum()) + 3
    assert note.startswith(f"{n_suggested} unreviewed suggestion(s) of the rules or a model in ") and "no other codings remain" not in note
    only = build_content(ReportInputs(corpus, codebook, rules, suggestions="exclude"), chapters=["VERM"])
    note = next(n for n in only.notes if "unreviewed suggestion" in n)
    assert f"{len(rules)} unreviewed" in note and "every theme chapter counts no respondents" in note
    included = build_content(ReportInputs(corpus, codebook, rules, suggestions="include"), chapters=["VERM"])
    assert not any("unreviewed suggestion" in n for n in included.notes)


def test_english_report(data):
    corpus, codebook, codings = data
    content = build_content(ReportInputs(corpus, codebook, codings), chapters=["VERM"], language="en")
    text = " ".join(iter_text(content))
    assert "This report is based on 4 interviews" in text and "Table" in content.label("table")
    assert "Het thema" not in text and "The theme Vermoedens is mentioned by 4 of 4 respondents" in text


def test_input_errors(data, tmp_path):
    corpus, codebook, codings = data
    with pytest.raises(ReportError, match="RK554.*'fr'"):
        build_content(ReportInputs(corpus, codebook, codings), language="fr")
    with pytest.raises(ReportError, match="RK554.*'gisteren'"):
        build_content(ReportInputs(corpus, codebook, codings, date="gisteren"))
    undated = small.corpus().with_attributes(small.ATTRIBUTES.drop(columns=["date"]).set_index("doc_id"))
    stripped = type(undated)([type(t)(t.doc_id, t.text, t.turns, {k: v for k, v in t.attributes.items() if k != "date"}) for t in undated])
    with pytest.raises(ReportError, match="RK554.*no report date.*never uses the clock"):
        build_content(ReportInputs(stripped, codebook, codings))
    bad = codings.assign(code=codings["code"].where(codings["code"] != "SIG.1", "SIG.9"))
    with pytest.raises(ReportError, match="RK553.*SIG.9"):
        build_content(ReportInputs(corpus, codebook, bad))
    with pytest.raises(ReportError, match="RK553.*'carol'|RK553.*carol"):
        build_content(ReportInputs(corpus, codebook, codings, coders=["carol"]))
    with pytest.raises(ReportError, match="RK553.*str"):
        build_content("project.rkp")


def test_coders_option_limits_the_analysis(data):
    corpus, codebook, codings = data
    content = build_content(ReportInputs(corpus, codebook, codings, coders=["anna"]), chapters=["SIG"])
    sig = next(t for t in content.tables if t.key == "theme_SIG")
    assert sig.rows[-1][-1] == "1 (25%)"  # anna coded SIG only in R1


# --------------------------------------------------------------------------- Word


def _document_xml(path):
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8"), z.read("word/settings.xml").decode("utf-8")


def test_docx_has_toc_field_and_seq_captions(written, content):
    path, _ = written
    xml, settings = _document_xml(path)
    assert 'TOC \\o "1-3" \\h \\z \\u' in xml
    assert '<w:hyperlink w:anchor="_Toc0001"' in xml  # the field holds its entries (tests/test_report_docx_layout.py)
    assert '<w:updateFields w:val="true"/>' in settings
    seq_tables = re.findall(r' SEQ Tabel \\\* ARABIC </w:instrText>.*?<w:t[^>]*>(\d+)</w:t>', xml)
    seq_figures = re.findall(r' SEQ Figuur \\\* ARABIC </w:instrText>.*?<w:t[^>]*>(\d+)</w:t>', xml)
    assert seq_tables == [str(t.number) for t in content.tables]
    assert seq_figures == [str(f.number) for f in content.figures]


def test_docx_structure_matches_content(written, content):
    path, _ = written
    document = docx.Document(str(path))
    paragraphs = document.paragraphs
    assert paragraphs[0].text == "Havens klein" and paragraphs[0].style.name == "Title"
    assert paragraphs[1].text == "Testrapport" and paragraphs[1].style.name == "Subtitle"
    headings = [(p.style.name, p.text) for p in paragraphs if p.style.name.startswith("Heading")]
    expected = [(f"Heading {b.level}", heading_number(b.text)[1]) for b in content.blocks if isinstance(b, Heading)]
    assert headings == expected
    assert len(document.tables) == len(content.tables)
    first = document.tables[0]
    assert [c.text for c in first.rows[0].cells] == content.tables[0].columns
    assert first.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
    assert len(document.inline_shapes) == len(content.figures)
    captions = [p.text for p in paragraphs if p.style.name == "Caption"]
    assert captions[0] == f"Tabel 1. {content.tables[0].caption}"
    assert f"Figuur 1. {content.figures[0].caption}" in captions
    assert document.sections[0].footer.paragraphs[0].text == "1"  # the PAGE field's cached number
    quotes = [p.text for p in paragraphs if p.style.name == "Quote"]
    assert quotes[0].startswith("“") and quotes[0].endswith(")")
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7


def test_docx_core_properties_are_fixed(written):
    path, _ = written
    props = docx.Document(str(path)).core_properties
    day = datetime.datetime(2026, 3, 10, tzinfo=datetime.timezone.utc)
    assert props.created == day and props.modified == day and props.last_printed == day
    assert props.revision == 1 and props.title == "Havens klein" and props.author == "A. Onderzoeker"
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
    assert {i.date_time for i in infos} == {(2026, 3, 10, 0, 0, 0)}


def test_same_inputs_same_bytes(inputs, tmp_path):
    first = build_report(inputs, out=tmp_path / "a.docx", markdown=tmp_path / "a" / "report.md", chapters=["SIG", "white_spots"])
    build_report(inputs, out=tmp_path / "b.docx", markdown=tmp_path / "b" / "report.md", chapters=["SIG", "white_spots"])
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    assert (tmp_path / "a" / "report.md").read_bytes() == (tmp_path / "b" / "report.md").read_bytes()
    for figure in first.figures:
        assert (tmp_path / "a" / "figures" / f"{figure.key}.png").read_bytes() == (tmp_path / "b" / "figures" / f"{figure.key}.png").read_bytes()
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary files left behind


def test_repack_zip_is_independent_of_the_original_order_and_times():
    def make(order, when):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for name in order:
                z.writestr(zipfile.ZipInfo(name, date_time=when), name.encode())
        return buf.getvalue()

    a = make(["b.xml", "[Content_Types].xml", "a.xml"], (2020, 1, 1, 1, 1, 1))
    b = make(["a.xml", "b.xml", "[Content_Types].xml"], (2024, 5, 6, 7, 8, 10))
    assert repack_zip(a) == repack_zip(b)


# --------------------------------------------------------------------------- templates and styles


def _template(path, *, drop=(), extra_text="OUDE TEKST UIT HET SJABLOON"):
    document = docx.Document()
    document.add_paragraph(extra_text)
    document.styles.add_style("Citaat huisstijl", 1).base_style = document.styles["Normal"]
    for name in drop:
        document.styles[name].delete()
    document.save(str(path))
    return path


def test_template_styles_are_used_and_its_text_dropped(content, tmp_path):
    template = _template(tmp_path / "huisstijl.docx")
    out = write_docx(content, tmp_path / "r.docx", template=template, styles={"quote": "Citaat huisstijl"})
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert "OUDE TEKST UIT HET SJABLOON" not in texts
    assert any(p.style.name == "Citaat huisstijl" for p in document.paragraphs)


def test_missing_template_style_lists_the_templates_styles(content, tmp_path):
    template = _template(tmp_path / "kaal.docx", drop=("Quote", "Caption"))
    with pytest.raises(ReportError) as info:
        write_docx(content, tmp_path / "r.docx", template=template)
    message = str(info.value)
    assert "RK551" in message and "quote='Quote'" in message and "caption='Caption'" in message
    assert "Citaat huisstijl" in message and "Heading 1" in message and "styles={'quote'" in message
    with pytest.raises(ReportError, match="RK551.*'Normal'.*paragraph.*table style"):
        write_docx(content, tmp_path / "r.docx", styles={"table": "Normal"})


def test_template_and_output_errors(content, tmp_path):
    with pytest.raises(ReportError, match="RK550.*not found"):
        write_docx(content, tmp_path / "r.docx", template=tmp_path / "nope.docx")
    fake = tmp_path / "fake.docx"
    fake.write_bytes(b"not a zip")
    with pytest.raises(ReportError, match="RK550.*not a readable Word document"):
        write_docx(content, tmp_path / "r.docx", template=fake)
    dotx = tmp_path / "huis.dotx"
    dotx.write_bytes(b"x")
    with pytest.raises(ReportError, match="RK550.*.docx file"):
        write_docx(content, tmp_path / "r.docx", template=dotx)
    with pytest.raises(ReportError, match="RK554.*.docx"):
        write_docx(content, tmp_path / "r.pdf")
    with pytest.raises(ReportError, match="RK554.*quotes"):
        write_docx(content, tmp_path / "r.docx", styles={"quotes": "Quote"})


# --------------------------------------------------------------------------- Markdown


def test_markdown_has_the_same_content(written, content):
    _, md = written
    text = md.read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "Havens klein"\n')
    assert 'date: "10 maart 2026"' in text and "toc: true" in text
    headings = [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")]
    assert headings == [b.text for b in content.blocks if isinstance(b, Heading)]
    for table in content.tables:
        assert f"**Tabel {table.number}.** {table.caption}" in text
    for figure in content.figures:
        assert f"](figures/{figure.key}.png)" in text
        assert (md.parent / "figures" / f"{figure.key}.png").read_bytes() == figure.png
    for quote in (b for b in content.blocks if isinstance(b, Quote)):
        assert f"> “{quote.text}” {quote.attribution}" in text
    assert "\\* = kandidaat-witte vlek" in text


def test_markdown_errors(content, tmp_path):
    with pytest.raises(ReportError, match="RK554.*.md"):
        write_markdown(content, tmp_path / "r.txt")
    with pytest.raises(ReportError, match="RK554.*inside"):
        write_markdown(content, tmp_path / "r.md", figures_dir="../elders")


# --------------------------------------------------------------------------- from a project


def test_build_report_from_a_project(data, tmp_path):
    from researchkit.project import Project

    corpus, codebook, codings = data
    project = Project.create(tmp_path / "p.rkp")
    project.add_documents(corpus)
    project.set_codebook(codebook)
    project.add_codings(codings)
    content = build_report(project, out=tmp_path / "project.docx", chapters=["SIG"])
    assert (tmp_path / "project.docx").exists()
    sig = next(t for t in content.tables if t.key == "theme_SIG")
    assert sig.rows[-1][-1] == "4 (100%)"
    project.close()


def test_control_characters_do_not_break_the_word_file(tmp_path):
    content = ReportContent("Titel\x0b", "", "Auteur\x01", "", "", datetime.date(2026, 4, 1), "nl",
                            [Heading("1 Inleiding\x01", 1), Paragraph("a\x0cb"), Quote("ja\x07nee", "(R01)"),
                             Bullets(("punt\x02",))])
    path = write_docx(content, tmp_path / "r.docx")
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    # the heading's number comes from Word's heading list (issue 16), not from its text
    assert "Titel " in texts and "Inleiding " in texts and "a b" in texts and "“ja nee” (R01)" in texts


def test_names_never_become_distinctive_words():
    from researchkit.codebook import Codebook
    from researchkit.transcripts import Corpus, Transcript, Turn

    said = "Jansen smokkelt veel sigaretten. Jansen vaart 's nachts uit met sigaretten. Jansen belt dan de koper."
    text = "R: " + said
    other = "R: Het weer is vandaag mooi en de haven is rustig."
    corpus = Corpus([
        Transcript("a", text, (Turn("R", "respondent", 3, len(text)),), {"date": "2026-01-01"}),
        Transcript("b", other, (Turn("R", "respondent", 3, len(other)),), {"date": "2026-01-02"}),
    ])
    cb = Codebook.from_dict({"codes": [{"id": "FEN", "name": "Fenomenen"}]})
    codings = pd.DataFrame([{"doc_id": "a", "start": 3, "end": len(text), "code": "FEN", "coder": "x", "source": "manual"}])
    plain = build_content(ReportInputs(corpus, cb, codings), chapters=["FEN"])
    assert "“jansen”" in " ".join(iter_text(plain))  # without the name list, the name is the most distinctive word
    content = build_content(ReportInputs(corpus, cb, codings, names=["Piet Jansen"]), chapters=["FEN"])
    everything = " ".join(iter_text(content)).lower()
    assert "jansen" not in everything and "sigaretten" in everything


# --------------------------------------------------------------------------- pseudonymisation key and leak check


def _key(*entries):
    from researchkit.privacy import KeyEntry, PrivacyKey

    return PrivacyKey([KeyEntry(*e) for e in entries]).assigned()


def test_key_gives_consistent_pseudonyms_and_its_checksum_is_stated(data, tmp_path):
    corpus, codebook, codings = data
    key = _key(("Piet Jansen",), ("Henk Zijlstra",))
    inputs = ReportInputs(corpus, codebook, codings, key=key)
    content = build_report(inputs, out=tmp_path / "r.docx", markdown=tmp_path / "r.md")
    texts = list(iter_text(content))
    assert any("“[PERSOON-2] zag een busje.”" in t for t in texts)  # the codebook example: the key's pseudonym, not [naam]
    assert not any(re.search(r"\b(Piet|Jansen|Henk|Zijlstra)\b", t) for t in texts)
    method = next(t for t in texts if "pseudonimiseringssleutel" in t)
    assert f"sleutel {key.short_checksum}, 2 termen" in method
    assert content.privacy == {"key_checksum": key.checksum, "key_entries": 2, "patterns": tuple(__import__(
        "researchkit.privacy", fromlist=["PATTERN_KINDS"]).PATTERN_KINDS), "allow_unpseudonymised": False, "leak_findings": 0}
    assert content.privacy["patterns"].regions == ("NL",)
    assert docx.Document(tmp_path / "r.docx").core_properties.comments == f"researchkit; privacy key sha256:{key.checksum}"
    assert f'privacy-key: "sha256:{key.checksum}"' in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_a_leaking_report_is_not_written_unless_allowed(data, tmp_path):
    corpus, codebook, codings = data
    key = _key(("Harlingen", "place"))  # a port the tables show: quotes are pseudonymised, the tables are not
    out, md = tmp_path / "r.docx", tmp_path / "md" / "r.md"
    out.write_bytes(b"the previous report")
    with pytest.raises(PrivacyError, match=r"(?s)RK650.*would leak into the report:.*r\.docx: table 1, row 1, cell 3: "
                                           r"place 'Harlingen' \(key term 'Harlingen'\).*allow_unpseudonymised=True"):
        build_report(ReportInputs(corpus, codebook, codings, key=key), out=out, markdown=md)
    assert out.read_bytes() == b"the previous report"  # the old file stays, the unsafe one never appears
    assert not md.exists() and not (md.parent / "figures").exists()
    assert [p.name for p in tmp_path.rglob(".report-*")] == []
    content = build_report(ReportInputs(corpus, codebook, codings, key=key), out=out, markdown=md,
                           allow_unpseudonymised=True)
    assert content.privacy["leak_findings"] > 0 and any("leak check" in n for n in content.notes)
    assert "allow_unpseudonymised" in md.read_text(encoding="utf-8")
    assert any("allow_unpseudonymised" in p.text for p in docx.Document(out).paragraphs)
    # quotes themselves are still pseudonymised
    assert all("Harlingen" not in b.attribution for b in content.blocks if isinstance(b, Quote))


def test_identifier_patterns_in_quotes_are_replaced(data, tmp_path):
    import copy

    from researchkit.codebook import Codebook

    corpus, _codebook, codings = data
    spec = copy.deepcopy(small.CODEBOOK)
    spec["codes"][0]["examples"] = ["Henk zag een busje met 12-ABC-3; bel 06-12345678 of mail h.z@haven.nl."]
    content = build_report(ReportInputs(corpus, Codebook.from_dict(spec), codings), out=tmp_path / "r.docx")
    example = next(t for t in iter_text(content) if "zag een busje" in t)
    assert "“[naam] zag een busje met [KENTEKEN]; bel [TELEFOON] of mail [E-MAIL].”" in example
    assert content.privacy["key_checksum"] == "" and content.privacy["leak_findings"] == 0
    off = build_content(ReportInputs(corpus, Codebook.from_dict(spec), codings, patterns="none"))
    assert any("12-ABC-3" in t for t in iter_text(off))
    # patterns="none" is an explicit choice: they are neither replaced nor checked (key terms still are)
    build_report(ReportInputs(corpus, Codebook.from_dict(spec), codings, patterns="none"), out=tmp_path / "x.docx")
    assert "12-ABC-3" in "\n".join(p.text for p in docx.Document(tmp_path / "x.docx").paragraphs)


@pytest.mark.parametrize(("passage", "shown"), [
    ("Like [00:43:00] it's not in your deployment steps.", "Like it's not in your deployment steps."),
    ("We can deploy, [00:55:00] but stress testing matters.", "We can deploy, but stress testing matters."),
    ("Dat zag ik vaker. #00:01:23-5#", "Dat zag ik vaker."),
    ("Om (12:03) kwam hij binnen, rond 12:30 uur.", "Om kwam hij binnen, rond 12:30 uur."),
    ("De kade [PERSOON-1] en [00:12] de boot.", "De kade [PERSOON-1] en de boot."),
])
def test_quotes_show_the_words_without_the_time_markers_of_the_transcript(passage, shown):
    """Real transcripts (poclecoqq/quality_issues_in_MLSSs) carry a time marker every minute inside the
    turn, and f4transkript ends paragraphs with ``#00:01:23-5#``: a report quote showed them. The
    quote shows the words; a time written as part of speech ("rond 12:30 uur") stays."""
    from researchkit.report.formatting import _trim_quote

    assert _trim_quote(passage) == shown


def test_the_reports_leak_check_reads_phone_numbers_in_the_regions_asked_for(data, tmp_path):
    """The leak check of ``build_report`` got the pattern kinds as a plain list, without their regions:
    a US number the report shows unreplaced (here in its title) passed when the run asked for US numbers."""
    from researchkit.privacy import resolve_kinds

    corpus, codebook, codings = data
    title = "Interviews, helpdesk (212) 555-0199"
    build_report(ReportInputs(corpus, codebook, codings, title=title), out=tmp_path / "nl.docx")  # Dutch plan: no number
    with pytest.raises(PrivacyError, match=r"(?s)RK650.*phone '\(212\) 555-0199'"):
        build_report(ReportInputs(corpus, codebook, codings, title=title, patterns=resolve_kinds("all", regions="NL,US")),
                     out=tmp_path / "us.docx")
    assert not (tmp_path / "us.docx").exists()


def test_accepted_suggestions_are_no_test_of_the_rules_in_the_method_section(data):
    """A project's accepted suggestions are stored as ``source="manual"`` with the suggestion's id in
    ``origin``: the method section compared the rules with them and reported "100% recall". Only
    codings a person made are a test of the rules; when there are none, the section says why not."""
    corpus, codebook, codings = data
    rules = codings.assign(source="rules", coder="rules")
    accepted = codings.assign(source="manual", coder="anna", origin=[f"s{i}" for i in range(len(codings))])
    own = codings.assign(source="manual", coder="anna", origin=None)

    def method(frame):
        content = build_content(ReportInputs(corpus, codebook, frame, reidentification="off", suggestions="exclude"))
        return next(t for t in iter_text(content) if "voorgecodeerd met de zoekregels" in t)

    circular = method(pd.concat([rules, accepted], ignore_index=True))
    assert "recall" not in circular and "geen onafhankelijke toets" in circular
    independent = method(pd.concat([rules, own], ignore_index=True))
    assert re.search(r"vinden de zoekregels 100% van wat een codeur codeert \(recall\)", independent)
    assert "onafhankelijke" not in independent


def test_chapters_start_a_page_by_their_heading_not_by_an_empty_paragraph(written):
    """A chapter began with an empty paragraph holding a page break: LibreOffice moved that paragraph onto
    a page of its own when the chapter's first block did not fit below it (a blank page 20 in the demo's
    PDF). The heading now carries "page break before"; no paragraph is only a page break before a heading."""
    from docx.oxml.ns import qn

    body = list(docx.Document(written[0]).element.body.iterchildren())
    headings = [i for i, el in enumerate(body) if el.tag == qn("w:p") and el.find(qn("w:pPr")) is not None
                and el.find(qn("w:pPr")).find(qn("w:pStyle")) is not None
                and el.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val")) == "Heading1"]
    assert len(headings) >= 4
    new_pages = [i for i in headings if body[i].find(qn("w:pPr")).find(qn("w:pageBreakBefore")) is not None]
    assert len(new_pages) >= 3  # the theme chapters each start a page
    assert not [i for i in headings if list(body[i - 1].iter(qn("w:br")))]  # never a page-break paragraph right before


@pytest.mark.parametrize("nested", [False, True])
@pytest.mark.parametrize("group", ["group", ""])
def test_theme_frequencies_counted_together_equal_counting_each_theme_alone(data, group, nested):
    """The theme chapters' frequencies, counted for every theme at once, are for each theme the tables of
    counting its children (rolled up) and its whole branch alone, as the chapter shows them (also when a
    chapter's code lies in another chapter's branch: then each is counted alone)."""
    from researchkit import analysis
    from researchkit.report.content import _Builder

    corpus, codebook, codings = data
    b = _Builder(ReportInputs(corpus, codebook, codings, group=group, reidentification="off"), "nl", 72)
    b.theme_codes = [c.id for c in codebook.codes]
    if nested:  # a sub-code of a theme has a chapter of its own too
        b.theme_codes += [next(c for c in codebook.codes if c.children).children[0].id]
    assert len(b.theme_codes) > 2
    for code in reversed(b.theme_codes):  # the first chapter asked counts them all
        cb = codebook
        children = [c.id for c in cb[code].children]
        branch = b.codings[b.codings["code"].isin([code] + cb.descendants(code))]
        up = {c: (cb.ancestor(c, cb[code].level + 1) if c != code else code) for c in branch["code"].unique()}
        rolled = branch.assign(code=branch["code"].map(up))
        rolled = rolled[rolled["code"] != code] if children else rolled.iloc[0:0]
        both = pd.concat([rolled, branch.assign(code=code)], ignore_index=True) if children else branch.assign(code=code)
        by = b.group
        alone = analysis.frequencies(both, corpus, by=by, codes=[*children, code], codebook=cb)
        overall = analysis.frequencies(both, corpus, codes=[*children, code], codebook=cb) if by else alone
        grouped_now, overall_now = b._theme_frequencies(code)
        pd.testing.assert_frame_equal(grouped_now, alone)
        pd.testing.assert_frame_equal(overall_now, overall)
        assert alone["respondents"].sum() > 0 or not len(branch)
    assert set(b.theme_counts) == set(b.theme_codes)

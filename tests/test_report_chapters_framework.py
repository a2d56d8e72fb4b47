"""The optional framework-matrix chapter: respondents (or groups) x themes, each cell a count and a
pseudonymised excerpt; a Word table like the others; selected in the run configuration; RK531
when it cannot be built."""

from __future__ import annotations

import importlib.util
import pathlib
import re
import zipfile

import docx
import pytest
import yaml

from researchkit.errors import ReportError, RunError
from researchkit.report import ReportInputs, build_content, write_docx
from researchkit.report.blocks import Heading, Paragraph, Table
from researchkit.report.chapters.framework import excerpt
from researchkit.run import RunConfig, run

_spec = importlib.util.spec_from_file_location("report_small", pathlib.Path(__file__).parent / "data" / "report" / "small.py")
small = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(small)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _build(chapters, language="nl", **inputs):
    corpus, codebook, codings = small.build()
    return build_content(ReportInputs(corpus, codebook, codings, date="2026-04-01", **inputs), dpi=40,
                         chapters=chapters, language=language)


def _framework_tables(content):
    return [t for t in content.tables if t.key.startswith("framework")]


@pytest.mark.parametrize("language,title,word", [("nl", "Raamwerkmatrix", "fragment"), ("en", "Framework matrix", "passage")])
def test_respondents_by_themes_in_both_languages(language, title, word):
    content = _build(["SIG", "framework"], language=language)
    top = [b.text for b in content.blocks if isinstance(b, Heading) and b.level == 1]
    assert top[:3] == [top[0], top[1], f"3 {title}"]
    tables = _framework_tables(content)
    corpus, codebook, codings = small.build()
    themes = [c.id for c in codebook.codes]
    shown_themes = [col for t in tables for col in t.columns[1:]]
    assert shown_themes == [codebook[c].name for c in themes]  # every top-level theme, four per table
    assert all(len(t.columns) <= 5 for t in tables)
    codes = sorted({f"R{i:02d}" for i in range(1, len(corpus) + 1)})
    for t in tables:
        assert [r[0] for r in t.rows] == codes  # respondent codes, never document ids
        assert t.caption.startswith(title)
        for row in t.rows:
            for cell in row[1:]:
                assert cell == "–" or re.match(rf"\d+ {word}(s|en)?: “.+”$", cell), cell
        assert set(t.data.columns) == {"respondent", "code", "name", "n_passages", "excerpt", "summary"}
    # counts agree with the framework matrix of the analysis (ReportInputs keeps every coding by default)
    from researchkit import analysis

    reported = content
    matrix = analysis.framework_matrix(codings, corpus, codes=themes, codebook=codebook)
    first = tables[0].data
    for theme in themes[:4]:
        assert int(first.loc[(first["respondent"] == "R01") & (first["code"] == theme), "n_passages"].iloc[0]) == \
            int(matrix.counts.loc[corpus.doc_ids[0], theme])
    text = " ".join(b.text for b in reported.blocks if isinstance(b, Paragraph))
    assert ("Tabel 5 tot en met tabel 6 zetten per respondent" if language == "nl" else
            "Table 5 to table 6 set out the themes per respondent") in text


def test_excerpts_are_pseudonymised():
    corpus, codebook, codings = small.build()
    # a name that occurs in a coded passage of the first interview
    content = _build(["framework"], names=["busje"])
    cells = [c for t in _framework_tables(content) for r in t.rows for c in r[1:]]
    assert any("[naam]" in c for c in cells)
    assert not any("busje" in c for c in cells)
    assert not any("busje" in str(e) for t in _framework_tables(content) for e in t.data["excerpt"])


def test_groups_as_cases_count_respondents_and_hide_excerpts_of_small_groups():
    content = _build(["framework"], framework={"rows": "group", "codes": ["SIG", "VERM"]}, reidentification_k=2)
    (table,) = _framework_tables(content)
    assert table.columns == ["Groep", "Signalen", "Vermoedens"]
    rows = {r[0]: r[1:] for r in table.rows}
    assert set(rows) == {"politie", "handhaving", "bedrijfsleven"}
    assert rows["politie"][0].startswith("2 fragmenten (2 respondenten): “")
    assert rows["handhaving"][0] == "1 fragment (1 respondent)"  # a group of one: counts only
    assert any("no excerpts for group(s) bedrijfsleven, handhaving" in n for n in content.notes)
    assert list(table.data.columns) == ["group", "code", "name", "n_passages", "excerpt", "summary", "respondents"]
    off = _build(["framework"], framework={"rows": "group", "codes": ["SIG"]}, reidentification="off")
    assert _framework_tables(off)[0].rows[1][1].startswith("1 fragment (1 respondent): “")


def test_word_table_fits_repeats_its_header_and_has_a_seq_caption(tmp_path):
    content = _build(["framework"], framework={"codes": ["SIG", "VERM", "FEN"]})
    (block,) = _framework_tables(content)
    path = write_docx(content, tmp_path / "report.docx")
    document = docx.Document(str(path))
    table = document.tables[[t.key for t in content.tables].index("framework")]
    assert [c.text for c in table.rows[0].cells] == block.columns
    assert table.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
    assert all(r._tr.trPr.find(f"{W}cantSplit") is not None for r in table.rows)
    widths = [int(c.get(f"{W}w")) for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
    section = document.sections[0]
    assert sum(widths) * 635 <= section.page_width - section.left_margin - section.right_margin + 635 * len(widths)
    assert widths[0] < min(widths[1:])  # the short respondent column is narrower than the excerpt columns
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    name = f"_RefTabel{block.number}"
    bookmarked = re.search(rf'<w:bookmarkStart w:id="\d+" w:name="{name}"/>(.*?)<w:bookmarkEnd', xml, re.S).group(1)
    assert " SEQ Tabel \\* ARABIC " in bookmarked
    assert "Raamwerkmatrix: thema's per respondent" in xml


def test_a_framework_that_cannot_be_built_is_rk531():
    with pytest.raises(ReportError, match=r"RK531.*'framework'.*rows 'haven' is not 'respondent' nor an attribute"):
        _build(["framework"], framework={"rows": "haven"})
    with pytest.raises(ReportError, match=r"RK531.*'framework'.*XYZ of report.framework.codes are not in the codebook"):
        _build(["framework"], framework={"codes": ["SIG", "XYZ"]})
    corpus, codebook, codings = small.build()
    with pytest.raises(ReportError, match=r"RK531.*'framework'.*none of its themes is coded"):
        build_content(ReportInputs(corpus, codebook, codings.iloc[0:0], date="2026-04-01"), dpi=40, chapters=["framework"])


def test_not_built_unless_asked():
    assert not _framework_tables(_build(None))


def test_excerpt_trims_filler_and_length():
    assert excerpt("Ja, nou, dat zien we 's nachts niet.") == "dat zien we ’s nachts niet."
    assert excerpt(" ".join(["woord"] * 30), words=4) == "woord woord woord woord …"
    assert excerpt("Ja.") == "Ja."


def test_selected_in_the_run_configuration(tmp_path):
    from researchkit.project import Project

    with pytest.raises(RunError, match=r"RK580.*report.framework.codes must be a list"):
        RunConfig.from_dict({"codebook": "cb.yaml", "report": {"framework": {"codes": "SIG"}}})
    corpus, codebook, codings = small.build()
    p = Project.create(tmp_path / "study.rkp", user="anna")
    try:
        p.add_documents(corpus)
        p.set_codebook(codebook)
        manual = codings[codings["coder"] == "anna"]
        p.add_codings(manual[["doc_id", "start", "end", "code"]], coder="anna")
    finally:
        p.close()
    config = {"project": "study.rkp", "out": "out",
              "report": {"title": "Study", "date": "2026-04-01", "dpi": 40, "language": "en", "chapters": ["SIG", "framework"],
                         "framework": {"rows": "group", "codes": ["SIG", "VERM"]}, "reidentification": "off"}}
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    result = run(tmp_path / "run.yaml", progress=None)
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "Framework matrix: themes per group" in md
    data = (tmp_path / "out" / "tables" / "framework.csv").read_text(encoding="utf-8")
    assert data.splitlines()[0] == "group,code,name,n_passages,excerpt,summary,respondents"
    assert result.manifest["parameters"]["report"]["framework"] == {"codes": ["SIG", "VERM"], "rows": "group", "summaries": None}


def test_the_researchers_summaries_replace_excerpts(tmp_path):
    from openpyxl import load_workbook

    from researchkit import analysis

    corpus, codebook, codings = small.build()
    matrix = analysis.framework_matrix(codings, corpus, rows="doc_id", codes=["SIG", "VERM"], codebook=codebook)
    coded = matrix.cells[matrix.cells["n_passages"] > 0].iloc[0]
    path = matrix.to_excel(tmp_path / "matrix.xlsx")
    wb = load_workbook(path)
    sheet = wb["summaries"]
    header = [c.value for c in sheet[1]]
    column = next(j for j, label in enumerate(header) if label and label.split(" ", 1)[0] == coded["code"])
    row = next(r for r in sheet.iter_rows(min_row=2) if str(r[0].value) == str(coded["case"]))
    row[column].value = "Ziet busjes bij de kade; meldt niets aan de politie."
    wb.save(path)
    content = _build(["framework"], framework={"codes": ["SIG", "VERM"], "summaries": str(path)})
    lead = next(b.text for b in content.blocks if isinstance(b, Paragraph) and "raamwerkmethode" in b.text)
    assert "de samenvatting van de onderzoekers" in lead
    cells = [c for t in _framework_tables(content) for r in t.rows for c in r[1:]]
    summarised = [c for c in cells if "Ziet busjes bij de kade" in c]
    assert len(summarised) == 1 and "“" not in summarised[0]  # a summary is not quoted
    assert any("“" in c for c in cells)  # cells without a summary keep their excerpt
    with pytest.raises(ReportError, match=r"RK531.*'framework'.*summaries workbook .*missing.xlsx.* does not exist"):
        _build(["framework"], framework={"summaries": str(tmp_path / "missing.xlsx")})
    with pytest.raises(RunError, match=r"RK580.*report.framework.summaries must be the path"):
        RunConfig.from_dict({"codebook": "cb.yaml", "report": {"framework": {"summaries": 3}}})


def test_the_summaries_workbook_is_an_input_of_the_run(tmp_path):
    from researchkit.run.inputs import _input_files

    config = RunConfig.from_dict({"project": "study.rkp", "report": {"framework": {"summaries": "charts/matrix.xlsx"}}},
                                 base=tmp_path)
    assert tmp_path / "charts" / "matrix.xlsx" in _input_files(config)


def _with_focus_group(count_per, **inputs):
    """The small study and a focus group (F1: a moderator and two participants, each of their own group by the
    speaker sheet), counting per ``count_per``; every turn's sentence coded with a signal."""
    import pandas as pd

    from researchkit.transcripts import Corpus, Transcript

    corpus, codebook, codings = small.build()
    text, turns = small.transcript_text([("Gespreksleider", "interviewer", "Zien jullie een busje op de kade?"),
                                         ("Deelnemer 1", "respondent", "Ik zag een busje zonder lichten bij de sluis."),
                                         ("Deelnemer 2", "respondent", "Er voer een snelle boot zonder lichten langs.")])
    focus = Transcript("F1", text, turns, {"group": "gemengd", "organisation": "Focusgroep", "port": "Urk"})
    sheet = pd.DataFrame({"group": ["politie", "bedrijfsleven"]},
                         index=pd.MultiIndex.from_tuples([("F1", "Deelnemer 1"), ("F1", "Deelnemer 2")], names=["doc_id", "speaker"]))
    corpus = Corpus([*corpus, focus], speakers=sheet)
    extra = pd.DataFrame([{"doc_id": "F1", "start": t.start, "end": t.end, "code": "SIG.1", "coder": "anna", "source": "manual",
                           "text": text[t.start:t.end]} for t in turns])
    codings = pd.concat([codings, extra], ignore_index=True)
    return build_content(ReportInputs(corpus, codebook, codings, date="2026-04-01", count_per=count_per, **inputs), dpi=40,
                         chapters=["framework"], language="nl")


def test_counting_per_speaker_participants_count_in_their_own_group():
    options = {"framework": {"rows": "group", "codes": ["SIG"]}}
    per_doc = _with_focus_group("document", **options)
    rows = {r[0]: r[1] for r in _framework_tables(per_doc)[0].rows}
    # the focus group is one respondent of its own group, the moderator's question one of its passages
    assert rows["gemengd"] == "3 fragmenten (1 respondent)" and rows["politie"] == "2 fragmenten (2 respondenten)"
    per_speaker = _with_focus_group("speaker", **options)
    (table,) = _framework_tables(per_speaker)
    rows = {r[0]: r[1] for r in table.rows}
    assert set(rows) == {"politie", "handhaving", "bedrijfsleven"}
    # politie: R1, R4 and participant 1 (three respondents, k = 3: excerpts shown); participant 2 joins R3
    assert rows["politie"].startswith("3 fragmenten (3 respondenten): “")
    assert rows["bedrijfsleven"] == "2 fragmenten (2 respondenten)"
    assert any("no excerpts for group(s) bedrijfsleven, handhaving" in n for n in per_speaker.notes)
    assert any("1 coding(s) lie on no respondent's turn" in n for n in per_speaker.notes)
    assert not any(n.startswith("framework:") for n in per_speaker.notes)  # said once, for the whole report


def test_counting_per_speaker_a_row_per_participant_code():
    per_speaker = _with_focus_group("speaker", framework={"codes": ["SIG"]})
    rows = {r[0]: r[1] for r in _framework_tables(per_speaker)[0].rows}
    # F1 is the fifth document (R05); its participants R05-1 and R05-2, each with their own passage
    assert list(rows) == ["R01", "R02", "R03", "R04", "R05-1", "R05-2"]
    assert rows["R05-1"] == "1 fragment: “Ik zag een busje zonder lichten bij de sluis.”"
    assert rows["R05-2"] == "1 fragment: “Er voer een snelle boot zonder lichten langs.”"
    per_doc = _with_focus_group("document", framework={"codes": ["SIG"]})
    rows = {r[0]: r[1] for r in _framework_tables(per_doc)[0].rows}
    assert list(rows) == ["R01", "R02", "R03", "R04", "R05"] and rows["R05"].startswith("3 fragmenten: “")

"""Retrieved segments to Word and Excel; the case x code matrix to SPSS, R and CSV, read back."""

import pandas as pd
import pytest

from query_fixtures import R2
from researchkit import analysis
from researchkit.codebook import Codebook
from researchkit.errors import QueryError
from researchkit.query import export_case_matrix, export_segments, query, segments

CODEBOOK = {"codes": [
    {"id": "SAM", "name": "Samenwerking"},
    {"id": "INFO", "name": "Informatiepositie", "children": [{"id": "INFO.WV", "name": "Waarneming en vastlegging"}]},
    {"id": "FEN", "name": "Fenomenen", "children": [{"id": "FEN.DRU", "name": "Drugssmokkel"}]},
    {"id": "ACT", "name": "Actoren", "children": [{"id": "ACT.DOU", "name": "Douane"}]},
]}


@pytest.fixture(scope="module")
def codebook():
    return Codebook.from_dict(CODEBOOK)


def test_segments_to_word_grouped_by_code_and_case(codings, corpus, codebook, tmp_path):
    from docx import Document

    seg = segments(codings, corpus=corpus, code=["SAM", "FEN"], codebook=codebook)
    path = export_segments(seg, tmp_path / "out" / "segmenten.docx", codebook=codebook, attributes=["port"])
    doc = Document(str(path))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings == [
        ("Title", "Gevonden segmenten"),
        ("Heading 1", "SAM Samenwerking — 4 segmenten"),
        ("Heading 2", "R1 (port: Harlingen)"), ("Heading 2", "R2 (port: Urk)"),
        ("Heading 1", "FEN.DRU Drugssmokkel — 2 segmenten"),
        ("Heading 2", "R1 (port: Harlingen)"), ("Heading 2", "R2 (port: Urk)"),
    ]
    body = [p.text for p in doc.paragraphs]
    assert "Cocaïne in een kotter 🚢 niet gezien." in body
    start, end = seg.loc[seg["coder"] == "bob", ["start", "end"]].iloc[0]
    assert any(t.startswith(f"R1 · HM (respondent) · tekens {start}–{end} · bob (manual)") for t in body)
    again = export_segments(seg, tmp_path / "again.docx", codebook=codebook, attributes=["port"])
    assert again.read_bytes() == path.read_bytes()


def test_query_results_to_excel(codings, corpus, tmp_path):
    from openpyxl import load_workbook

    result = query(codings, "SAM AND INFO.WV WITHIN document", corpus=corpus)
    path = export_segments(result, tmp_path / "q.xlsx", lang="en")
    ws = load_workbook(path).active
    header = [c.value for c in ws[1]]
    assert header[0] == "query" and "reference" in header and "text" in header
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2 and rows[0][header.index("doc_id")] == "R1"
    assert rows[1][header.index("reference")] == f"R2 · I (interviewer) · characters 0–{len(R2)}"  # the turn it starts in
    assert export_segments(result, tmp_path / "q2.xlsx", lang="en").read_bytes() == path.read_bytes()


def test_export_segments_rejects_bad_targets(codings, corpus, tmp_path):
    seg = segments(codings, corpus=corpus)
    with pytest.raises(QueryError, match="RK515.*'.pdf'"):
        export_segments(seg, tmp_path / "x.pdf")
    with pytest.raises(QueryError, match="RK515.*text"):
        export_segments(seg.drop(columns="text"), tmp_path / "x.docx")
    assert not list(tmp_path.iterdir())


def test_case_matrix_to_spss_with_labels(codings, corpus, codebook, tmp_path):
    import pyreadstat

    matrix = analysis.case_matrix(codings, corpus, value="presence", codebook=codebook)
    path = export_case_matrix(matrix, tmp_path / "matrix.sav", codebook=codebook)
    df, meta = pyreadstat.read_sav(str(path))
    assert list(df.columns) == ["doc_id", "port", "group", "SAM", "INFO", "INFO_WV", "FEN", "FEN_DRU", "ACT", "ACT_DOU"]
    labels = dict(zip(meta.column_names, meta.column_labels))
    assert labels["INFO_WV"] == "INFO.WV Waarneming en vastlegging" and labels["SAM"] == "SAM Samenwerking"
    assert meta.variable_value_labels["FEN_DRU"] == {0.0: "niet gecodeerd", 1.0: "gecodeerd"}
    assert meta.variable_measure["SAM"] == "nominal"
    assert df["SAM"].tolist() == [1.0, 1.0] and df["ACT_DOU"].tolist() == [1.0, 0.0] and df["INFO"].tolist() == [0.0, 0.0]
    assert df["port"].tolist() == ["Harlingen", "Urk"]
    again = export_case_matrix(matrix, tmp_path / "again.sav", codebook=codebook)
    assert again.read_bytes() == path.read_bytes()


def test_case_matrix_per_speaker_to_r_and_csv(codings, corpus, tmp_path):
    import pyreadr

    matrix = analysis.case_matrix(codings, corpus, per="speaker")
    rds = export_case_matrix(matrix, tmp_path / "m.rds")
    back = pyreadr.read_r(str(rds))[None]
    assert back["speaker"].tolist() == ["I", "HM", "I", "V"] and back["SAM"].tolist() == [0, 3, 0, 1]
    csv = export_case_matrix(matrix, tmp_path / "m.csv")
    assert pd.read_csv(csv)["SAM"].tolist() == [0, 3, 0, 1]
    assert b"\r\n" not in csv.read_bytes()
    with pytest.raises(QueryError, match="RK515"):
        export_case_matrix(matrix, tmp_path / "m.dta")
    with pytest.raises(QueryError, match="RK515"):
        export_case_matrix(matrix, tmp_path / "m.sav", codes=["NOPE"])

"""Framework matrix: passages per case and theme, summaries, Excel round trip."""


import pandas as pd
import pytest
from openpyxl import load_workbook

from researchkit.analysis import FrameworkMatrix, framework_matrix
from researchkit.errors import AnalysisError

def test_cases_by_documents(data):
    corpus, codings, cb = data
    m = framework_matrix(codings, corpus, codes=["FEN", "VERM"], codebook=cb)
    assert m.cases == ["R1", "R2", "R3", "R4"] and m.codes == ["FEN", "VERM"]
    text = m.text
    assert text.loc["R1", "FEN"] == "Ik vermoed drugssmokkel via de kotters."
    assert text.loc["R2", "FEN"] == "Er is vorig jaar cocaïne gevonden."
    assert text.loc["R3", "FEN"] == ""
    assert text.loc["R3", "VERM"] == "Nooit iets gemerkt."
    assert m.counts.loc["R4"].tolist() == [1, 1]
    assert m.summaries.loc["R1", "FEN"] == ""
    assert dict(zip(m.cells["code"], m.cells["name"]))["FEN"] == "Fenomenen"


def test_cases_by_attribute_prefix_doc_ids(data):
    corpus, codings, _ = data
    m = framework_matrix(codings, corpus, rows="group", codes=["FEN"])
    assert m.cases == ["handhaver", "ondernemer"]
    cell = m.cells[(m.cells["case"] == "handhaver")].iloc[0]
    assert cell["n_passages"] == 2 and cell["doc_ids"] == ["R1", "R2"]
    assert cell["text"] == "[R1] Ik vermoed drugssmokkel via de kotters.\n\n[R2] Er is vorig jaar cocaïne gevonden."


def test_same_passage_two_coders_once(data):
    corpus, codings, _ = data
    twice = pd.concat([codings, codings.assign(coder="bob")], ignore_index=True)
    m = framework_matrix(twice, corpus, codes=["GEL.1"], descendants=False)
    assert m.counts.loc["R3", "GEL.1"] == 1


def test_summary_and_excel_round_trip(data, tmp_path):
    corpus, codings, cb = data
    m = framework_matrix(codings, corpus, codes=["FEN", "VERM"], codebook=cb)
    m.set_summary("R1", "FEN", "vermoedt drugs via kotters")
    path = m.to_excel(tmp_path / "out" / "framework.xlsx")
    assert path.exists() and not list(path.parent.glob("*.tmp*"))
    wb = load_workbook(path)
    assert wb.sheetnames == ["matrix", "summaries", "cells"]
    assert wb["matrix"]["A1"].value == "doc_id"
    assert wb["matrix"]["B1"].value == "FEN Fenomenen"
    assert wb["matrix"]["B2"].value == "Ik vermoed drugssmokkel via de kotters."
    assert wb["summaries"]["B2"].value == "vermoedt drugs via kotters"
    wb["summaries"]["C5"] = "denkt aan sigaretten"  # R4, VERM: a researcher fills in a cell
    wb.save(path)
    fresh = framework_matrix(codings, corpus, codes=["FEN", "VERM"], codebook=cb).read_summaries(path)
    assert fresh.summaries.loc["R4", "VERM"] == "denkt aan sigaretten"
    assert fresh.summaries.loc["R1", "FEN"] == "vermoedt drugs via kotters"


def test_errors(data, tmp_path):
    corpus, codings, _ = data
    m = framework_matrix(codings, corpus, codes=["FEN"])
    with pytest.raises(AnalysisError, match="RK504.*'R9'"):
        m.set_summary("R9", "FEN", "x")
    with pytest.raises(AnalysisError, match="RK507"):
        m.to_excel(tmp_path / "x.csv")
    with pytest.raises(AnalysisError, match="RK501"):
        framework_matrix(codings, corpus, rows="leeftijd")
    path = m.to_excel(tmp_path / "m.xlsx")
    wb = load_workbook(path)
    wb["summaries"]["A2"] = "R77"
    wb.save(path)
    with pytest.raises(AnalysisError, match="RK507.*row 2.*'R77'"):
        framework_matrix(codings, corpus, codes=["FEN"]).read_summaries(path)
    assert isinstance(m, FrameworkMatrix) and "1 codes" in repr(m)


def test_excel_is_byte_identical_across_runs(data, tmp_path):
    corpus, codings, cb = data
    a = framework_matrix(codings, corpus, codes=["FEN", "VERM"], codebook=cb).to_excel(tmp_path / "a.xlsx").read_bytes()
    b = framework_matrix(codings, corpus, codes=["FEN", "VERM"], codebook=cb).to_excel(tmp_path / "b.xlsx").read_bytes()
    assert a == b
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(a)) as z:  # no "now" anywhere: fixed member dates and core properties
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.read("docProps/core.xml").count(b"2000-01-01T00:00:00Z") == 2

"""Framework matrix: passages per case and theme, summaries, Excel round trip."""


import pandas as pd
import pytest
from openpyxl import load_workbook

from researchkit.analysis import FrameworkMatrix, framework_matrix
from researchkit.errors import AnalysisError, AnalysisWarning

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


# --------------------------------------------------------------------------- counting per speaker (focus groups)


def test_per_speaker_a_row_per_participant(focus_partners, tmp_path):
    corpus, codings = focus_partners
    per_doc = framework_matrix(codings, corpus, codes=["ACT", "SAM"])
    # per document the focus group is one case, the moderator's question one of its passages
    assert per_doc.counts.to_dict("index") == {"F1": {"ACT": 5, "SAM": 1}, "N1": {"ACT": 1, "SAM": 0}, "R1": {"ACT": 1, "SAM": 0}}
    assert per_doc.attrs == {} and "respondent_ids" not in per_doc.cells.columns
    with pytest.warns(AnalysisWarning, match=r"3 coding\(s\) lie on no respondent's turn .*\(F1: 3\)"):
        matrix = framework_matrix(codings, corpus, codes=["ACT", "SAM"], per="speaker")
    # every participant a row; the interview and the unlabelled note (no respondent speaker) one case each
    assert matrix.counts.to_dict("index") == {
        "F1: Deelnemer 1": {"ACT": 1, "SAM": 0}, "F1: Deelnemer 2": {"ACT": 2, "SAM": 0},
        "F1: Deelnemer 3": {"ACT": 1, "SAM": 0}, "N1": {"ACT": 1, "SAM": 0}, "R1": {"ACT": 1, "SAM": 0}}
    assert matrix.text.loc["F1: Deelnemer 2", "ACT"] == "De douane zien wij nooit.\n\nEn de havenmeester komt alleen bij de sluis."
    # the moderator's codings are listed, never dropped silently
    assert [(d, c) for d, _s, _e, c in matrix.attrs["unattributed"]] == [("F1", "ACT.DOU"), ("F1", "ACT.KMAR"), ("F1", "SAM.1")]
    assert matrix.unattributed["code"].tolist() == ["ACT.DOU", "ACT.KMAR", "SAM.1"]
    # the workbook keeps the respondents of each cell and reads its summaries back by the participants' labels
    path = matrix.to_excel(tmp_path / "matrix.xlsx")
    sheet = load_workbook(path)["cells"]
    assert [c.value for c in sheet[1]] == ["case", "code", "name", "n_passages", "doc_ids", "respondent_ids", "text", "summary"]
    matrix.set_summary("F1: Deelnemer 2", "ACT", "ziet de douane nooit")
    path = matrix.to_excel(tmp_path / "matrix.xlsx")
    matrix.set_summary("F1: Deelnemer 2", "ACT", "")
    assert matrix.read_summaries(path).summaries.loc["F1: Deelnemer 2", "ACT"] == "ziet de douane nooit"


def test_per_speaker_a_participant_counts_in_their_own_group(focus_partners):
    corpus, codings = focus_partners
    per_doc = framework_matrix(codings, corpus, rows="port", codes=["ACT"])
    assert per_doc.counts["ACT"].to_dict() == {"Delfzijl": 2, "Harlingen": 5}
    with pytest.warns(AnalysisWarning, match=r"3 coding\(s\)"):
        matrix = framework_matrix(codings, corpus, rows="port", codes=["ACT"], per="speaker")
    # participant 2 is from Urk (speaker sheet); participants 1 and 3 keep the focus group's port
    assert matrix.counts["ACT"].to_dict() == {"Delfzijl": 2, "Harlingen": 2, "Urk": 2}
    cells = matrix.cells.set_index("case")
    assert cells.loc["Harlingen", "respondent_ids"] == ["F1: Deelnemer 1", "F1: Deelnemer 3"]
    assert cells.loc["Delfzijl", "respondent_ids"] == ["N1", "R1"]
    assert cells.loc["Urk", "text"] == ("[F1: Deelnemer 2] De douane zien wij nooit.\n\n"
                                        "[F1: Deelnemer 2] En de havenmeester komt alleen bij de sluis.")
    with pytest.raises(AnalysisError, match="RK504.*per='turn'"):
        framework_matrix(codings, corpus, per="turn")

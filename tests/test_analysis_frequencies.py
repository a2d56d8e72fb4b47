"""Frequencies and crosstabs on the hand-made mini corpus (tests/data/analysis/havens_mini.json).

Expected numbers are counted by hand from that file: R1, R2 are "handhaver", R3, R4
"ondernemer"; R1, R3 are in Harlingen, R2, R4 in Lauwersoog.
"""

import json
import pathlib

import pandas as pd
import pytest

from researchkit.analysis import crosstab, frequencies
from researchkit.errors import AnalysisError

def row(table, **where):
    mask = pd.Series(True, index=table.index)
    for k, v in where.items():
        mask &= table[k] == v
    assert mask.sum() == 1, where
    return table[mask].iloc[0]


def test_overall_counts(data):
    corpus, codings, _ = data
    out = frequencies(codings, corpus)
    assert out["code"].tolist() == [
        "ACT.DOU", "ACT.KMAR", "ACT.POL", "FEN.DRU", "FEN.SMO", "GEL.1", "INFO.1", "INFO.4",
        "INFO.WV", "SAM.1", "SAM.3", "SIG.6", "VERM.1", "VERM.5",
    ]
    r = row(out, code="FEN.DRU")
    assert (r["codings"], r["documents"], r["respondents"], r["n_respondents"]) == (2, 2, 2, 4)
    assert r["share"] == 0.5 and r["col_pct"] == 50.0 and r["row_pct"] == 100.0
    r = row(out, code="GEL.1")
    assert (r["codings"], r["documents"], r["respondents"], r["share"]) == (1, 1, 1, 0.25)
    assert list(out.columns) == ["code", "name", "codings", "documents", "respondents", "n_respondents", "share", "row_pct", "col_pct"]


def test_by_group_with_row_and_column_percentages(data):
    corpus, codings, _ = data
    out = frequencies(codings, corpus, by="group")
    assert len(out) == 14 * 2  # complete: every code x every group
    r = row(out, code="FEN.DRU", group="handhaver")
    assert (r["respondents"], r["n_respondents"], r["share"], r["row_pct"], r["col_pct"]) == (2, 2, 1.0, 100.0, 100.0)
    r = row(out, code="FEN.DRU", group="ondernemer")
    assert (r["codings"], r["respondents"], r["n_respondents"], r["share"], r["row_pct"]) == (0, 0, 2, 0.0, 0.0)
    r = row(out, code="VERM.1", group="ondernemer")
    assert (r["respondents"], r["share"], r["row_pct"]) == (1, 0.5, 50.0)


def test_by_two_attributes(data):
    corpus, codings, _ = data
    out = frequencies(codings, corpus, by=["port", "group"])
    assert len(out) == 14 * 4
    assert row(out, code="FEN.DRU", port="Lauwersoog", group="handhaver")["share"] == 1.0
    assert row(out, code="FEN.DRU", port="Harlingen", group="ondernemer")["n_respondents"] == 1
    assert row(out, code="FEN.DRU", port="Harlingen", group="ondernemer")["respondents"] == 0


def test_level_rollup_uses_codebook_order(data):
    corpus, codings, cb = data
    out = frequencies(codings, corpus, level=1, codebook=cb)
    assert out["code"].tolist() == ["SIG", "VERM", "FEN", "INFO", "SAM", "GEL", "ACT"]
    assert row(out, code="ACT")[["codings", "documents", "respondents"]].tolist() == [5, 3, 3]
    assert row(out, code="INFO")[["codings", "documents"]].tolist() == [4, 2]
    assert row(out, code="VERM")["name"] == "Vermoedens"


def test_explicit_codes_are_complete(data):
    corpus, codings, _ = data
    out = frequencies(codings, corpus, codes=["FEN.MSM", "FEN.DRU"])
    assert out["code"].tolist() == ["FEN.MSM", "FEN.DRU"]
    assert out["respondents"].tolist() == [0, 2]


def test_respondent_attribute_merges_documents(mini):
    raw = json.loads((pathlib.Path(__file__).parent / "data" / "analysis" / "havens_mini.json").read_text(encoding="utf-8"))
    for d in raw["documents"]:
        d["attributes"]["respondent"] = "X" if d["doc_id"] in ("R3", "R4") else d["doc_id"]
    corpus, codings = mini.build(raw)
    out = frequencies(codings, corpus)
    r = row(out, code="VERM.1")  # R1 and R4 (= X): 2 documents, 2 respondents, of 3
    assert (r["documents"], r["respondents"], r["n_respondents"]) == (2, 2, 3)
    codings.loc[codings["code"] == "VERM.5", "code"] = "VERM.1"  # R3 (= X) too: still 2 respondents
    assert row(frequencies(codings, corpus), code="VERM.1")[["documents", "respondents"]].tolist() == [3, 2]


def test_crosstab_label_and_total(data):
    corpus, codings, _ = data
    table = crosstab(codings, corpus, by="group", value="label")
    assert table.loc["FEN.DRU"].tolist() == ["2/2 (100%)", "0/2 (0%)", "2/4 (50%)"]
    assert list(table.columns) == ["handhaver", "ondernemer", "total"]
    numbers = crosstab(codings, corpus, by="group", value="col_pct", total=False)
    assert numbers.loc["VERM.1"].tolist() == [50.0, 50.0]


def test_errors_name_the_problem(data):
    corpus, codings, _ = data
    with pytest.raises(AnalysisError, match=r"RK501.*'haven'.*group, port, organisation"):
        frequencies(codings, corpus, by="haven")
    bad = pd.concat([codings, codings.head(1).assign(doc_id="R99")])
    with pytest.raises(AnalysisError, match=r"RK502.*'R99'"):
        frequencies(bad, corpus)
    with pytest.raises(AnalysisError, match="RK505"):
        frequencies(codings, corpus, level=1)
    with pytest.raises(AnalysisError, match="RK504"):
        crosstab(codings, corpus, by="group", value="mean")
    with pytest.raises(AnalysisError, match="RK502.*code"):
        frequencies(codings.drop(columns="code"), corpus)


def test_empty_codings_give_zero_rows(data):
    corpus, codings, _ = data
    out = frequencies(codings.iloc[0:0], corpus, codes=["SIG"], by="group")
    assert out["respondents"].tolist() == [0, 0]
    assert out["n_respondents"].tolist() == [2, 2]

"""Information position, white spots and partner network on the mini corpus (hand-counted).

Sentences that matter:
R1 s1 "De douane deelt weinig met de politie."        ACT.DOU ACT.POL INFO.4 SAM.3
R1 s2 "Ik vermoed drugssmokkel via de kotters."       VERM.1 FEN.DRU
R1 s3 "'s Nachts is er geen toezicht."                INFO.1 INFO.WV
R2 s1 "Met de KMar en de douane overleggen we goed."  ACT.KMAR ACT.DOU SAM.1
R2 s2 "Er is vorig jaar cocaïne gevonden."            SIG.6 FEN.DRU
R4 s1 "Ik denk dat er sigaretten gesmokkeld worden."  VERM.1 FEN.SMO
R4 s2 "De politie komt nooit."                        ACT.POL INFO.1
"""


import pandas as pd
import pytest

from researchkit.analysis import AnalysisWarning, information_position, partner_graph, partner_network, white_spots
from researchkit.errors import AnalysisError

def cell(table, **where):
    mask = pd.Series(True, index=table.index)
    for k, v in where.items():
        mask &= table[k] == v
    assert mask.sum() == 1, where
    return table[mask].iloc[0]


def test_information_position_partner_codes(data):
    corpus, codings, _ = data
    out = information_position(codings, corpus)
    assert list(dict.fromkeys(out["partner"])) == ["ACT.DOU", "ACT.KMAR", "ACT.POL"]
    assert list(dict.fromkeys(out["dimension"])) == ["gather", "record", "enrich", "share", "use"]
    assert len(out) == 15
    r = cell(out, partner="ACT.DOU", dimension="share")
    assert (r["code"], r["passages"], r["documents"], r["respondents"], r["respondent_ids"]) == ("INFO.4", 1, 1, 1, "R1")
    assert cell(out, partner="ACT.POL", dimension="share")["passages"] == 1
    r = cell(out, partner="ACT.POL", dimension="gather")  # R4 s2, not R1 s3 (no partner there)
    assert (r["passages"], r["respondent_ids"]) == (1, "R4")
    assert out[out["partner"] == "ACT.KMAR"]["passages"].sum() == 0
    assert out["passages"].sum() == 3


def test_information_position_codebook_lists_all_partners_and_rolls_up(data):
    corpus, codings, cb = data
    deeper = codings.copy()
    deeper.loc[(deeper["doc_id"] == "R4") & (deeper["code"] == "ACT.POL"), "code"] = "ACT.POL.BT"
    out = information_position(deeper, corpus, codebook=cb)
    assert list(dict.fromkeys(out["partner"])) == ["ACT.POL", "ACT.KMAR", "ACT.DOU", "ACT.OM"]
    assert cell(out, partner="ACT.POL", dimension="gather")["passages"] == 1  # via ACT.POL.BT
    assert cell(out, partner="ACT.POL", dimension="gather")["partner_name"] == "Politie"
    assert out[out["partner"] == "ACT.OM"]["passages"].sum() == 0


def test_information_position_by_attribute_and_custom_dimensions(data):
    corpus, codings, _ = data
    out = information_position(codings, corpus, partner_attribute="group")
    assert cell(out, partner="handhaver", dimension="share")["passages"] == 1
    assert cell(out, partner="handhaver", dimension="gather")["passages"] == 1
    assert cell(out, partner="ondernemer", dimension="gather")["respondent_ids"] == "R4"
    custom = information_position(codings, corpus, dimensions={"zicht": "INFO.1", "gaten": "INFO.WV"}, unit="document")
    assert list(dict.fromkeys(custom["dimension"])) == ["zicht", "gaten"]
    assert cell(custom, partner="ACT.DOU", dimension="gaten")["passages"] == 1  # R1 as a whole
    with pytest.raises(AnalysisError, match="RK503"):
        information_position(codings, corpus, dimensions={"x": "NOPE.1"})
    with pytest.raises(AnalysisError, match="RK503.*'ACTOR'"):
        information_position(codings, corpus, partners="ACTOR")
    with pytest.raises(AnalysisError, match="RK501"):
        information_position(codings, corpus, partner_attribute="sector")


def test_white_spots_port_by_phenomenon(data):
    corpus, codings, cb = data
    out = white_spots(codings, corpus, codebook=cb)
    assert list(out.columns[:2]) == ["port", "phenomenon"]
    assert len(out) == 2 * 3  # Harlingen, Lauwersoog x FEN.DRU, FEN.SMO, FEN.MSM
    r = cell(out, port="Harlingen", phenomenon="FEN.DRU")  # R1 s2: suspicion, no signal
    assert (r["mentions"], r["suspicions"], r["signals"], r["white_spot"]) == (1, 1, 0, True)
    r = cell(out, port="Lauwersoog", phenomenon="FEN.DRU")  # R2 s2: a seizure
    assert (r["suspicions"], r["signals"], r["white_spot"]) == (0, 1, False)
    r = cell(out, port="Lauwersoog", phenomenon="FEN.SMO")  # R4 s1
    assert (r["suspicions"], r["signals"], r["white_spot"]) == (1, 0, True)
    r = cell(out, port="Harlingen", phenomenon="FEN.MSM")
    assert (r["mentions"], r["white_spot"]) == (0, False)
    assert out["white_spot"].sum() == 2


def test_white_spots_other_axes_and_warning(data):
    corpus, codings, _ = data
    out = white_spots(codings, corpus, rows="group", cols="phenomenon")
    assert cell(out, group="handhaver", phenomenon="FEN.DRU")[["suspicions", "signals", "white_spot"]].tolist() == [1, 1, False]
    with pytest.raises(AnalysisError, match="RK501.*'HAV'"):
        white_spots(codings, corpus, rows="HAV")
    with pytest.warns(AnalysisWarning, match="SIGNAAL"):
        flagged = white_spots(codings, corpus, signal="SIGNAAL")
    assert flagged["signals"].sum() == 0


def test_partner_network_edges_and_passages(data):
    corpus, codings, _ = data
    edges = partner_network(codings, corpus)
    assert edges[["source", "target", "count", "documents", "respondents"]].values.tolist() == [
        ["ACT.DOU", "ACT.KMAR", 1, 1, 1],
        ["ACT.DOU", "ACT.POL", 1, 1, 1],
    ]
    assert edges["passages"].tolist() == [["Met de KMar en de douane overleggen we goed."], ["De douane deelt weinig met de politie."]]
    assert edges["doc_ids"].tolist() == [["R2"], ["R1"]]
    # the whole interview as unit: R1 has DOU+POL, R2 DOU+KMAR, R4 only POL
    docs = partner_network(codings, corpus, unit="document", context=None)
    assert docs[["source", "target", "count"]].values.tolist() == [["ACT.DOU", "ACT.KMAR", 1], ["ACT.DOU", "ACT.POL", 1]]
    assert partner_network(codings, corpus, min_count=2).empty
    g = partner_graph(edges)
    assert sorted(g.nodes) == ["ACT.DOU", "ACT.KMAR", "ACT.POL"]
    assert g.nodes["ACT.DOU"]["weight"] == 2 and g["ACT.DOU"]["ACT.POL"]["passages"] == ["De douane deelt weinig met de politie."]


def test_partner_network_counts_a_unit_once(data):
    corpus, codings, _ = data
    extra = codings[(codings["doc_id"] == "R1") & (codings["code"] == "ACT.DOU")].assign(coder="bob")
    edges = partner_network(pd.concat([codings, extra], ignore_index=True), corpus)
    assert edges["count"].tolist() == [1, 1]

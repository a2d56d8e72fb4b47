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


# --------------------------------------------------------------------------- counting per speaker (focus groups)

FOCUS_GROUP = [
    "Gespreksleider: Deelt de douane informatie met jullie?",
    "Deelnemer 1: De douane deelt weinig informatie met ons.",
    "Deelnemer 2: Ik vermoed drugssmokkel via de kotters.",
    "Deelnemer 3: De douane deelt alles met ons.",
    "Deelnemer 1: Wij vonden vorig jaar drugs in een container.",
    "Deelnemer 2: De haven is verder rustig.",
]


@pytest.fixture()
def focus(tmp_path):
    """A focus group (Word, written by python-docx) in Harlingen whose participant 2 comes from Urk (speaker
    sheet), and an interview in Delfzijl; codings by hand, two of them on the moderator's question."""
    import docx

    from researchkit.io import read_corpus

    folder = tmp_path / "transcripts"
    folder.mkdir()
    document = docx.Document()
    for line in FOCUS_GROUP:
        document.add_paragraph(line)
    document.save(folder / "F1.docx")
    (folder / "R1.txt").write_text("I: Hoe gaat het met de douane?\nR: De douane deelt weinig.\n", encoding="utf-8")
    (tmp_path / "attributes.csv").write_text("doc_id,port\nF1,Harlingen\nR1,Delfzijl\n", encoding="utf-8")
    (tmp_path / "speakers.csv").write_text("doc_id,speaker,port,team\nF1,Deelnemer 2,Urk,visserij\n", encoding="utf-8")
    corpus = read_corpus(folder, attributes=tmp_path / "attributes.csv", speakers=tmp_path / "speakers.csv")
    rows = [
        ("F1", "Deelt de douane informatie met jullie?", ["ACT.DOU", "INFO.4"]),  # the moderator
        ("F1", "De douane deelt weinig informatie met ons.", ["ACT.DOU", "INFO.4"]),
        ("F1", "De douane deelt alles met ons.", ["ACT.DOU", "INFO.4"]),
        ("F1", "Ik vermoed drugssmokkel via de kotters.", ["VERM.1", "FEN.DRU"]),
        ("F1", "Wij vonden vorig jaar drugs in een container.", ["SIG.6", "FEN.DRU"]),
        ("R1", "De douane deelt weinig.", ["ACT.DOU", "INFO.4"]),
    ]
    out = []
    for doc_id, quote, codes in rows:
        start = corpus[doc_id].text.index(quote)
        out += [{"doc_id": doc_id, "start": start, "end": start + len(quote), "code": c} for c in codes]
    return corpus, pd.DataFrame(out)


def test_information_position_per_speaker_counts_each_participant(focus):
    corpus, codings = focus
    per_doc = cell(information_position(codings, corpus), partner="ACT.DOU", dimension="share")
    # per document the focus group is one respondent; the moderator's question is a passage of it
    assert (per_doc["passages"], per_doc["documents"], per_doc["respondents"], per_doc["respondent_ids"]) == (4, 2, 2, "F1; R1")
    with pytest.warns(AnalysisWarning, match=r"2 coding\(s\) lie on no respondent's turn .*F1: 2"):
        out = information_position(codings, corpus, per="speaker")
    r = cell(out, partner="ACT.DOU", dimension="share")
    assert (r["passages"], r["documents"], r["respondents"]) == (3, 2, 3)
    assert r["respondent_ids"] == "F1: Deelnemer 1; F1: Deelnemer 3; R1"
    # the moderator's codings are listed, not dropped silently
    listed = out.attrs["unattributed"]
    assert sorted(code for *_, code in listed) == ["ACT.DOU", "INFO.4"]
    assert {corpus["F1"].text[s:e] for _, s, e, _ in listed} == {"Deelt de douane informatie met jullie?"}


def test_information_position_per_speaker_uses_the_participants_own_attribute(focus):
    corpus, codings = focus
    per_doc = information_position(codings, corpus, partner_attribute="port")
    assert sorted(set(per_doc["partner"])) == ["Delfzijl", "Harlingen"]
    assert cell(per_doc, partner="Harlingen", dimension="gather")["passages"] == 0
    with pytest.warns(AnalysisWarning):
        out = information_position(codings, corpus, partner_attribute="port", per="speaker")
    # participant 2 is from Urk (speaker sheet); participants 1 and 3 have the focus group's Harlingen
    assert list(dict.fromkeys(out["partner"])) == ["Delfzijl", "Harlingen", "Urk"]
    assert cell(out, partner="Harlingen", dimension="share")[["respondents", "respondent_ids"]].tolist() == [
        2, "F1: Deelnemer 1; F1: Deelnemer 3"]
    assert out[out["partner"] == "Urk"]["passages"].sum() == 0


def test_per_speaker_codes_meet_only_in_one_participants_words(focus):
    corpus, codings = focus
    # the whole document as unit: the partner named by participant 1, the dimension only by participant 2
    text = corpus["F1"].text
    s1, s2 = text.index("Wij vonden"), text.index("De haven is")
    split = pd.DataFrame({"doc_id": ["F1", "F1"], "start": [s1, s2], "end": [s1 + 10, s2 + 8], "code": ["ACT.POL", "INFO.1"]})
    assert cell(information_position(split, corpus, unit="document"), partner="ACT.POL", dimension="gather")["passages"] == 1
    out = information_position(split, corpus, unit="document", per="speaker")
    assert cell(out, partner="ACT.POL", dimension="gather")[["passages", "respondents"]].tolist() == [0, 0]
    assert out.attrs["unattributed"] == []


def test_white_spots_per_speaker_moves_a_participant_to_their_own_port(focus):
    corpus, codings = focus
    per_doc = white_spots(codings, corpus)
    r = cell(per_doc, port="Harlingen", phenomenon="FEN.DRU")  # a suspicion and a find in the same focus group
    assert (r["mentions"], r["suspicions"], r["signals"], r["respondents"], r["white_spot"]) == (2, 1, 1, 1, False)
    assert "Urk" not in set(per_doc["port"]) and not per_doc["white_spot"].any()
    with pytest.warns(AnalysisWarning, match="no respondent's turn"):
        out = white_spots(codings, corpus, per="speaker")
    # participant 2 (Urk) suspects drug smuggling that nobody from Urk has seen: a white spot
    r = cell(out, port="Urk", phenomenon="FEN.DRU")
    assert (r["mentions"], r["suspicions"], r["signals"], r["respondents"], r["white_spot"]) == (1, 1, 0, 1, True)
    r = cell(out, port="Harlingen", phenomenon="FEN.DRU")
    assert (r["mentions"], r["suspicions"], r["signals"], r["white_spot"]) == (1, 0, 1, False)
    assert len(out.attrs["unattributed"]) == 2


def test_white_spots_per_speaker_rows_may_be_a_speaker_attribute(focus):
    corpus, codings = focus
    with pytest.raises(AnalysisError, match="RK501.*'team'"):  # per document, team is nobody's attribute
        white_spots(codings, corpus, rows="team")
    with pytest.warns(AnalysisWarning):
        out = white_spots(codings, corpus, rows="team", per="speaker")
    assert list(dict.fromkeys(out["team"])) == ["visserij", "(unknown)"]  # the others have no team: never dropped
    assert cell(out, team="visserij", phenomenon="FEN.DRU")["white_spot"]
    with pytest.warns(AnalysisWarning), \
            pytest.raises(AnalysisError, match=r"RK501.*'rang'.*speaker attribute \(available: port, team\)"):
        white_spots(codings, corpus, rows="rang", per="speaker")
    with pytest.raises(AnalysisError, match="RK504.*per='turn'"):
        white_spots(codings, corpus, per="turn")
    with pytest.raises(AnalysisError, match="RK504.*per='turn'"):
        information_position(codings, corpus, per="turn")


def edge(edges, source, target):
    row = edges[(edges["source"] == source) & (edges["target"] == target)]
    assert len(row) == 1, edges[["source", "target"]].values.tolist()
    return tuple(int(row.iloc[0][c]) for c in ("count", "documents", "respondents"))


def test_partner_network_per_speaker_links_partners_in_one_participants_words(focus_partners):
    corpus, codings = focus_partners
    # per document: the moderator's question, participants 1 and 3 (one respondent, F1), R1 and the note N1
    assert edge(partner_network(codings, corpus, context=None), "ACT.DOU", "ACT.KMAR") == (5, 3, 3)
    with pytest.warns(AnalysisWarning, match=r"3 coding\(s\) lie on no respondent's turn .*\(F1: 3\)"):
        out = partner_network(codings, corpus, context=None, per="speaker")
    assert edge(out, "ACT.DOU", "ACT.KMAR") == (4, 3, 4)  # participants 1 and 3 are two respondents
    assert [c for *_, c in out.attrs["unattributed"]] == ["ACT.DOU", "ACT.KMAR", "SAM.1"]
    # the whole document as unit: per document F1 links all three partners; per speaker only participant 2's two
    per_doc = partner_network(codings, corpus, context=None, unit="document")
    assert edge(per_doc, "ACT.DOU", "ACT.KMAR") == (3, 3, 3) and edge(per_doc, "ACT.HAV", "ACT.KMAR") == (1, 1, 1)
    with pytest.warns(AnalysisWarning):
        whole = partner_network(codings, corpus, context=None, unit="document", per="speaker")
    assert edge(whole, "ACT.DOU", "ACT.KMAR") == (3, 3, 4) and edge(whole, "ACT.DOU", "ACT.HAV") == (1, 1, 1)
    assert ("ACT.HAV", "ACT.KMAR") not in set(zip(whole["source"], whole["target"]))


def test_partner_network_per_speaker_context_of_the_moderator_only(focus_partners):
    corpus, codings = focus_partners
    # cooperation (SAM) is coded on the moderator's question only
    per_doc = partner_network(codings, corpus)
    assert edge(per_doc, "ACT.DOU", "ACT.KMAR") == (1, 1, 1)
    assert per_doc["passages"].tolist() == [["Werken de douane en de KMar met jullie samen?"]]
    with pytest.warns(AnalysisWarning):
        out = partner_network(codings, corpus, per="speaker")
    assert out.empty and list(out.columns) == list(per_doc.columns)
    assert len(out.attrs["unattributed"]) == 3
    with pytest.raises(AnalysisError, match="RK504.*per='turn'"):
        partner_network(codings, corpus, per="turn")


def test_partner_network_per_speaker_a_whole_documents_passage_is_the_linking_participants(focus_partners):
    corpus, codings = focus_partners
    per_doc = partner_network(codings, corpus, context=None, unit="document")
    hav = per_doc[(per_doc["source"] == "ACT.DOU") & (per_doc["target"] == "ACT.HAV")].iloc[0]
    assert "Werken de douane" in hav["passages"][0]  # per document every coded span of the focus group
    with pytest.warns(AnalysisWarning):
        out = partner_network(codings, corpus, context=None, unit="document", per="speaker")
    hav = out[(out["source"] == "ACT.DOU") & (out["target"] == "ACT.HAV")].iloc[0]
    assert hav["passages"] == ["De douane zien wij nooit. […] En de havenmeester komt alleen bij de sluis."]
    kmar = out[(out["source"] == "ACT.DOU") & (out["target"] == "ACT.KMAR")].iloc[0]
    # F1's passage: participants 1 and 3, who each name both; not participant 2 nor the moderator
    assert kmar["passages"][0] == ("De douane en de KMar bellen ons elke week. […] "
                                   "Met de KMar en de douane hebben wij goed contact.")

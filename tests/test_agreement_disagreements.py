"""Tests for disagreements, adjudication, codebook roll-up and the ``researchkit agreement`` command."""

from __future__ import annotations

import pandas as pd
import pytest

from researchkit.agreement import OVERALL, adjudicate, agreement, disagreements
from researchkit.cli import main
from researchkit.codings import validate_codings
from researchkit.errors import AgreementError, ConfigurationError
from researchkit.transcripts import Corpus

from tests.test_agreement import R01_TURNS, R02_TURNS, codings_from, make_transcript


@pytest.fixture()
def corpus() -> Corpus:
    return Corpus([make_transcript("R01", R01_TURNS), make_transcript("R02", R02_TURNS)])


@pytest.fixture()
def codings(corpus) -> pd.DataFrame:
    return codings_from(corpus, [
        ("R01", "Soms zien we drugs.", "DRUGS", "ann"),
        ("R01", "zien we drugs", "DRUGS", "bob"),
        ("R01", "Soms zien we drugs.", "SIGNAAL", "bob"),
        ("R01", "De douane weet dat.", "PARTNER", "ann"),
        ("R01", "De douane", "PARTNER", "bob"),
        ("R01", "We bellen vaak.", "SAMEN", "ann"),
        ("R02", "Boten zonder licht.", "SIGNAAL", "ann"),
        ("R02", "Niemand meldt het.", "SIGNAAL", "bob"),
    ])


def test_disagreements_lists_each_disputed_unit_with_its_context(corpus, codings):
    d = disagreements(codings, coders=["ann", "bob"], corpus=corpus)
    assert d["text"].tolist() == ["Soms zien we drugs.", "We bellen vaak.", "Boten zonder licht.", "Niemand meldt het."]
    first = d.iloc[0]
    assert (first.doc_id, first.speaker, first.role, first.unit) == ("R01", "R", "respondent", "sentence")
    assert corpus["R01"].text[first.start:first.end] == first.text
    assert (first.codes_ann, first.codes_bob, first.agreed, first.in_dispute) == ("DRUGS", "DRUGS; SIGNAAL", "DRUGS", "SIGNAAL")
    assert d.iloc[1].codes_bob == "" and d.iloc[1].in_dispute == "SAMEN"
    assert d["decision"].isna().all()
    # agreement and disagreements agree on what is disputed
    table = agreement(codings, coders=["ann", "bob"], corpus=corpus)
    n_disputed = (table.iloc[:-1][["n_ann", "n_bob"]].sum(axis=1) - 2 * table.iloc[:-1]["both"]).sum()
    assert n_disputed == sum(len(x.split("; ")) for x in d["in_dispute"])


def test_disagreements_by_turn_and_no_characters(corpus, codings):
    d = disagreements(codings, coders=["ann", "bob"], corpus=corpus, unit="turn")
    # R02's respondent turn: both coded SIGNAAL somewhere in it -> agreed at turn level
    assert "R02" not in set(d.doc_id)
    with pytest.raises(AgreementError, match="RK404"):
        disagreements(codings, coders=["ann", "bob"], corpus=corpus, unit="character")


def test_adjudicate_builds_the_consensus_coder(corpus, codings, tmp_path):
    d = disagreements(codings, coders=["ann", "bob"], corpus=corpus)
    d["decision"] = ["SIGNAAL", "(none)", "bob", "SIGNAAL"]
    # the table survives a round trip through a spreadsheet/CSV
    path = tmp_path / "decisions.csv"
    d.to_csv(path, index=False)
    back = pd.read_csv(path, keep_default_na=False, na_values=[""])
    consensus = adjudicate(codings, back, coders=["ann", "bob"], corpus=corpus)
    validate_codings(consensus, corpus)
    got = sorted(zip(consensus.doc_id, consensus.text, consensus.code, consensus.memo))
    assert got == [
        ("R01", "De douane weet dat.", "PARTNER", "agreed"),
        ("R01", "Soms zien we drugs.", "DRUGS", "agreed"),
        ("R01", "Soms zien we drugs.", "SIGNAAL", "adjudicated"),
        ("R02", "Niemand meldt het.", "SIGNAAL", "adjudicated"),
    ]
    assert set(consensus.coder) == {"consensus"} and set(consensus.source) == {"manual"}
    assert set(consensus.unit) == {"sentence"}
    # the consensus is a coder like any other
    both = pd.concat([codings, consensus])
    table = agreement(both, coders=["bob", "consensus"], corpus=corpus)
    assert table.set_index("code").loc["DRUGS", "cohen_kappa"] == pytest.approx(1.0)


def test_adjudicate_with_a_mapping_and_partial(corpus, codings):
    decisions = {("R01", 2): ["SIGNAAL"]}  # unit 2 of R01 is "Soms zien we drugs."
    with pytest.raises(AgreementError, match=r"RK408.*3 disputed unit\(s\) have no decision"):
        adjudicate(codings, decisions, coders=["ann", "bob"], corpus=corpus)
    out = adjudicate(codings, decisions, coders=["ann", "bob"], corpus=corpus, partial=True)
    assert len(out.attrs["undecided"]) == 3
    assert ("SIGNAAL", "Soms zien we drugs.") in set(zip(out.code, out.text))


def test_adjudicate_rejects_bad_decisions(corpus, codings):
    d = disagreements(codings, coders=["ann", "bob"], corpus=corpus)
    d["decision"] = ["SIGNAL", "(none)", "(none)", "(none)"]  # typo
    with pytest.raises(AgreementError, match="unknown code.*'SIGNAL'"):
        adjudicate(codings, d, coders=["ann", "bob"], corpus=corpus)
    with pytest.raises(AgreementError, match="not disputed"):
        adjudicate(codings, {("R01", 3): "PARTNER"}, coders=["ann", "bob"], corpus=corpus, partial=True)
    with pytest.raises(AgreementError, match="no sentence unit 99"):
        adjudicate(codings, {("R01", 99): "PARTNER"}, coders=["ann", "bob"], corpus=corpus, partial=True)
    turned = disagreements(codings, coders=["ann", "bob"], corpus=corpus, unit="turn").assign(decision="(none)")
    with pytest.raises(AgreementError, match="another unit"):
        adjudicate(codings, turned, coders=["ann", "bob"], corpus=corpus, partial=True)


def test_level_rolls_codes_up_the_codebook(corpus, codings):
    from researchkit.codebook import Codebook

    cb = Codebook.from_dict({"codes": [
        {"id": "CRIME", "name": "Crime", "children": [{"id": "DRUGS", "name": "Drugs"}, {"id": "SIGNAAL", "name": "Signaal"}]},
        {"id": "COOP", "name": "Samenwerking", "children": [{"id": "PARTNER", "name": "Partner"}, {"id": "SAMEN", "name": "Samen"}]},
    ]})
    table = agreement(codings, coders=["ann", "bob"], corpus=corpus, level=1, codebook=cb)
    assert table.code.tolist() == ["COOP", "CRIME", OVERALL]
    crime = table.set_index("code").loc["CRIME"]
    # CRIME: ann marks drugs sentence + "Boten"; bob marks drugs sentence + "Niemand"
    assert (crime.n_ann, crime.n_bob, crime.both) == (2, 2, 1)
    with pytest.raises(ConfigurationError, match="RK411"):
        agreement(codings, coders=["ann", "bob"], corpus=corpus, level=1)
    with pytest.raises(AgreementError, match="not in the codebook"):
        agreement(codings, coders=["ann", "bob"], corpus=corpus, codebook=cb, codes=["DRUG"])


# --------------------------------------------------------------------------- command line


def write_corpus(folder, corpus: Corpus) -> None:
    folder.mkdir()
    for t in corpus:
        (folder / f"{t.doc_id}.txt").write_text(t.text, encoding="utf-8")


def test_cli_with_csv_inputs(tmp_path, corpus, codings, capsys):
    from researchkit.io import read_corpus

    write_corpus(tmp_path / "transcripts", corpus)
    read = read_corpus(tmp_path / "transcripts")
    assert read["R01"].text == corpus["R01"].text
    codings.to_csv(tmp_path / "codings.csv", index=False)
    out = tmp_path / "agreement.csv"
    dis = tmp_path / "dis.csv"
    code = main(["agreement", "--codings", str(tmp_path / "codings.csv"), "--corpus", str(tmp_path / "transcripts"),
                 "--coders", "ann", "bob", "--out", str(out), "--disagreements", str(dis)])
    printed = capsys.readouterr().out
    assert code == 0
    assert printed.startswith("Unit of analysis: sentence;") and "(overall)" in printed
    table = pd.read_csv(out)
    expected = agreement(codings, coders=["ann", "bob"], corpus=read)
    assert table.code.tolist() == expected.code.tolist()
    assert table.cohen_kappa.fillna(-9).round(9).tolist() == expected.cohen_kappa.fillna(-9).round(9).tolist()
    d = pd.read_csv(dis, keep_default_na=False, na_values=[""])
    assert len(d) == 4
    d["decision"] = ["SIGNAAL", "(none)", "bob", "SIGNAAL"]
    d.to_csv(dis, index=False)
    cons = tmp_path / "consensus.csv"
    assert main(["agreement", "--codings", str(tmp_path / "codings.csv"), "--corpus", str(tmp_path / "transcripts"),
                 "--coders", "ann", "bob", "--decisions", str(dis), "--out", str(cons)]) == 0
    assert len(pd.read_csv(cons)) == 4


def test_cli_errors_are_clear(tmp_path, corpus, codings, capsys):
    write_corpus(tmp_path / "transcripts", corpus)
    codings.to_csv(tmp_path / "codings.csv", index=False)
    code = main(["agreement", "--codings", str(tmp_path / "codings.csv"), "--corpus", str(tmp_path / "transcripts"),
                 "--coders", "ann", "zoe"])
    err = capsys.readouterr().err
    assert code == 2 and "RK401" in err and "ann (4 codings)" in err
    assert main(["agreement", "--coders", "ann", "bob"]) == 2
    assert "--codings CSV together with --corpus" in capsys.readouterr().err


def test_cli_with_a_project(tmp_path, corpus, codings, capsys):
    from researchkit.project import Project

    path = tmp_path / "study.rkp"
    project = Project.create(path)
    project.add_documents(list(corpus))
    project.add_codings(codings)
    project.close()
    code = main(["agreement", "--project", str(path), "--coders", "ann", "bob", "--unit", "turn"])
    printed = capsys.readouterr().out
    assert code == 0 and printed.startswith("Unit of analysis: turn; 6 units in 2 document(s)")
    dis = tmp_path / "dis.csv"
    assert main(["agreement", "--project", str(path), "--coders", "ann", "bob", "--disagreements", str(dis)]) == 0
    d = pd.read_csv(dis, keep_default_na=False, na_values=[""])
    d["decision"] = "(none)"
    d.to_csv(dis, index=False)
    assert main(["agreement", "--project", str(path), "--coders", "ann", "bob", "--decisions", str(dis), "--store"]) == 0
    with Project.open(path) as p:
        stored = p.codings(coder="consensus")
    assert sorted(stored.code) == ["DRUGS", "PARTNER"]


def test_three_coders_and_nothing_to_adjudicate(corpus, codings):
    extra = codings_from(corpus, [("R01", "Soms zien we drugs.", "DRUGS", "cas")])
    d = disagreements(pd.concat([codings, extra]), coders=["ann", "bob", "cas"], corpus=corpus, documents="all")
    assert {"codes_ann", "codes_bob", "codes_cas"} <= set(d.columns)
    first = d.set_index("text").loc["Soms zien we drugs."]
    assert first.agreed == "DRUGS" and first.in_dispute == "SIGNAAL"
    same = codings_from(corpus, [("R01", "De douane weet dat.", "PARTNER", c) for c in ("ann", "bob")])
    assert disagreements(same, coders=["ann", "bob"], corpus=corpus).empty
    consensus = adjudicate(same, {}, coders=["ann", "bob"], corpus=corpus)
    assert consensus[["text", "code", "memo"]].values.tolist() == [["De douane weet dat.", "PARTNER", "agreed"]]

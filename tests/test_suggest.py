"""Tests for researchkit.suggest: training, suggestions, cross-validation and learning curves."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score, precision_recall_fscore_support

from researchkit.codings import validate_codings
from researchkit.errors import AgreementError, SuggestionError
from researchkit.suggest import (
    document_folds,
    evaluate_suggestions,
    labelled_units,
    learning_curve,
    scores,
    train,
)
from researchkit.transcripts import Corpus, Transcript, Turn

DRUGS = ["We vonden cocaïne in een container.", "Er werd hasj gesmokkeld via de kade.",
         "De drugs zaten verstopt in de lading.", "Ze smokkelden cocaïne met een kotter."]
SAMEN = ["We werken goed samen met de douane.", "De samenwerking met de politie loopt goed.",
         "We delen informatie met de gemeente.", "Het overleg met de partners is nuttig."]
NEUTRAL = ["Het weer was slecht die week.", "Ik werk hier al tien jaar.", "De haven is klein.",
           "Dat weet ik niet precies.", "Het was een drukke zomer.", "We hebben een nieuwe kantine."]
RARE = "Er lag een wapen aan boord."


def build(n_docs: int = 8, seed: int = 0):
    rng = np.random.default_rng(seed)
    docs, rows = [], []
    for d in range(n_docs):
        doc_id = f"R{d + 1:02d}"
        text, turns, marks = "", [], []
        for t in range(6):
            label = "I: " if t % 2 == 0 else "R: "
            text += label
            start = len(text)
            if label == "I: ":
                text += "Kunt u daar iets over vertellen?"
            else:
                picks = [rng.choice(NEUTRAL), rng.choice(DRUGS if t == 1 else SAMEN), rng.choice(NEUTRAL)]
                if d == 0 and t == 5:
                    picks.append(RARE)
                for s in picks:
                    pos = len(text)
                    text += s + " "
                    code = "DRUGS" if s in DRUGS else "SAMEN" if s in SAMEN else "WAPEN" if s == RARE else None
                    if code:
                        marks.append((pos, pos + len(s), code))
                text = text.rstrip(" ")
            turns.append(Turn(label[0], "interviewer" if label[0] == "I" else "respondent", start, len(text)))
            text += "\n"
        text = text.rstrip("\n")
        docs.append(Transcript(doc_id, text, turns=tuple(turns)))
        for s, e, code in marks:
            rows.append({"doc_id": doc_id, "start": s, "end": e, "code": code, "coder": "ann", "source": "manual",
                         "text": text[s:e]})
    return Corpus(docs), pd.DataFrame(rows)


@pytest.fixture(scope="module")
def data():
    return build()


def test_labelled_units_use_the_coders_documents(data):
    corpus, codings = data
    lab = labelled_units(codings[codings.doc_id != "R08"], corpus, coder="ann")
    assert "R08" not in lab.doc_ids and len(lab.doc_ids) == 7
    assert lab.codes == ["DRUGS", "SAMEN", "WAPEN"]
    assert lab.labels[:, 0].sum() == 7 and lab.labels[:, 1].sum() == 14
    with pytest.raises(SuggestionError, match="RK409.*'bob'.*ann"):
        labelled_units(codings, corpus, coder="bob")
    bad = pd.concat([codings, pd.DataFrame([{"doc_id": "R99", "start": 0, "end": 2, "code": "X", "coder": "ann",
                                             "source": "manual"}])], ignore_index=True)
    with pytest.raises(AgreementError, match="RK403"):
        labelled_units(bad, corpus, coder="ann")


def test_train_reports_skipped_codes_and_suggests_in_the_codings_shape(data):
    corpus, codings = data
    model = train(codings, corpus, coder="ann", min_examples=5, backend="sklearn")
    assert model.codes == ["DRUGS", "SAMEN"] and model.skipped_codes == ["WAPEN"]
    report = model.report.set_index("code")
    assert report.loc["WAPEN", "n_examples"] == 1 and report.loc["WAPEN", "status"].startswith("skipped: 1 example")
    assert report.loc["SAMEN", "n_documents"] == 8
    new = Corpus([Transcript("N1", "R: De lading bevatte cocaïne. Het regende. Wij werken samen met de douane.",
                             turns=(Turn("R", "respondent", 3, 74),)),
                  Transcript("N2", "R: Er lag een wapen aan boord.", turns=(Turn("R", "respondent", 3, 30),))])
    s = model.predict(new, threshold=0.5)
    assert list(s.columns[:7]) == ["doc_id", "start", "end", "code", "coder", "source", "text"]
    assert set(s.coder) == {"model:tfidf-logreg"} and set(s.source) == {"model"} and set(s.unit) == {"sentence"}
    assert ((s.confidence >= 0.5) & (s.confidence <= 1)).all()
    got = set(zip(s.text, s.code))
    assert ("De lading bevatte cocaïne.", "DRUGS") in got
    assert ("Wij werken samen met de douane.", "SAMEN") in got
    assert "WAPEN" not in set(s.code)  # skipped codes are never predicted
    validate_codings(s, new)
    proba = model.predict_proba(pd.DataFrame({"text": ["Het regende."]}))
    assert list(proba.columns) == ["DRUGS", "SAMEN"] and (proba.to_numpy() < 0.5).all()


def test_training_is_deterministic_given_the_seed(data):
    corpus, codings = data
    a = train(codings, corpus, coder="ann").predict(corpus, threshold=0.3)
    b = train(codings, corpus, coder="ann").predict(corpus, threshold=0.3)
    pd.testing.assert_frame_equal(a, b)


def test_bad_arguments(data):
    corpus, codings = data
    with pytest.raises(SuggestionError, match="RK410.*backend"):
        train(codings, corpus, coder="ann", backend="gpt")
    model = train(codings, corpus, coder="ann")
    with pytest.raises(SuggestionError, match="threshold"):
        model.predict(corpus, threshold=1.5)
    with pytest.raises(SuggestionError, match="per sentence, turn or paragraph"):
        train(codings, corpus, coder="ann", unit="character")
    with pytest.raises(SuggestionError, match="cannot be split into 10 folds"):
        evaluate_suggestions(codings, corpus, coder="ann", folds=10)


def test_document_folds_are_disjoint_whole_documents():
    docs = [f"R{i}" for i in range(11)]
    groups = document_folds(docs, 4, seed=3)
    assert sorted(d for g in groups for d in g) == sorted(docs)
    assert sorted(len(g) for g in groups) == [2, 3, 3, 3]
    assert groups == document_folds(docs, 4, seed=3) and groups != document_folds(docs, 4, seed=4)


def test_scores_match_scikit_learn():
    rng = np.random.default_rng(1)
    truth = rng.random((200, 3)) < 0.2
    pred = truth ^ (rng.random((200, 3)) < 0.1)
    table = scores(truth, pred, ["a", "b", "c"])
    p, r, f, _ = precision_recall_fscore_support(truth, pred, average=None, zero_division=np.nan)
    np.testing.assert_allclose(table.precision, p)
    np.testing.assert_allclose(table.recall, r)
    np.testing.assert_allclose(table.f1, f)
    for j in range(3):
        assert table.kappa[j] == pytest.approx(cohen_kappa_score(truth[:, j], pred[:, j]))


def test_evaluate_suggestions_cross_validates_by_document(data):
    corpus, codings = data
    table = evaluate_suggestions(codings, corpus, coder="ann", folds=4, seed=0)
    assert table.code.tolist() == ["DRUGS", "SAMEN", "WAPEN", "(micro)", "(macro)"]
    folds = table.attrs["folds"]
    assert len(folds) == 4 and sorted(d for f in folds for d in f) == corpus.doc_ids
    by = table.set_index("code")
    assert by.loc["WAPEN", "status"].startswith("skipped") and np.isnan(by.loc["WAPEN", "f1"])
    # the fixture's codes are lexically distinct: held-out interviews are coded well
    assert by.loc["DRUGS", "recall"] >= 0.75 and by.loc["SAMEN", "f1"] >= 0.75
    assert by.loc["(micro)", "n_human"] == 8 + 16
    assert by.loc["(macro)", "f1"] == pytest.approx(by.loc[["DRUGS", "SAMEN"], "f1"].mean())
    again = evaluate_suggestions(codings, corpus, coder="ann", folds=4, seed=0)
    pd.testing.assert_frame_equal(table, again)


def test_learning_curve(data):
    corpus, codings = data
    curve = learning_curve(codings, corpus, coder="ann", folds=4, seed=0)
    assert curve.n_documents.tolist() == [1, 2, 4, 6]
    assert list(curve.columns) == ["n_documents", "n_units", "codes_trained", "micro_precision", "micro_recall",
                                   "micro_f1", "macro_f1", "mean_kappa"]
    assert curve.n_units.is_monotonic_increasing
    assert curve.micro_f1.iloc[-1] >= curve.micro_f1.iloc[0]
    assert curve.attrs["codes"] == ["DRUGS", "SAMEN"]
    with pytest.raises(SuggestionError, match="sizes"):
        learning_curve(codings, corpus, coder="ann", folds=4, sizes=[0, 50])


def test_spacy_backend_trains_and_is_deterministic(data):
    corpus, codings = data
    opts = {"epochs": 3}
    m1 = train(codings, corpus, coder="ann", backend="spacy", options=opts, seed=1)
    m2 = train(codings, corpus, coder="ann", backend="spacy", options=opts, seed=1)
    assert m1.name == "spacy-textcat" and m1.codes == ["DRUGS", "SAMEN"]
    p1 = m1.predict_proba(pd.DataFrame({"text": DRUGS + NEUTRAL}))
    p2 = m2.predict_proba(pd.DataFrame({"text": DRUGS + NEUTRAL}))
    np.testing.assert_allclose(p1.to_numpy(), p2.to_numpy())
    assert ((p1.to_numpy() >= 0) & (p1.to_numpy() <= 1)).all()


def test_cli_suggest_csv_and_project(tmp_path, data, capsys):
    from researchkit.cli import main
    from researchkit.project import Project

    corpus, codings = data
    folder = tmp_path / "transcripts"
    folder.mkdir()
    for t in corpus:
        (folder / f"{t.doc_id}.txt").write_text(t.text, encoding="utf-8")
    partial = codings[codings.doc_id != "R08"]
    partial.to_csv(tmp_path / "codings.csv", index=False)
    out = tmp_path / "suggestions.csv"
    args = ["suggest", "--codings", str(tmp_path / "codings.csv"), "--corpus", str(folder), "--coder", "ann"]
    assert main(args + ["--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Not predicted (fewer than 5 examples): WAPEN" in printed and "for 1 document(s): R08" in printed
    s = pd.read_csv(out)
    assert set(s.doc_id) == {"R08"} and set(s.code) <= {"DRUGS", "SAMEN"} and len(s) >= 2
    assert main(args + ["--evaluate", "--folds", "3"]) == 0
    assert "(micro)" in capsys.readouterr().out
    path = tmp_path / "p.rkp"
    with Project.create(path) as p:
        p.add_documents(list(corpus))
        p.add_codings(partial)
    assert main(["suggest", "--project", str(path), "--coder", "ann", "--store"]) == 0
    with Project.open(path) as p:
        stored = p.codings(source="model")
    assert set(stored.coder) == {"model:hybrid"} and set(stored.doc_id) == {"R08"}
    assert main(["suggest", "--project", str(path), "--coder", "nobody"]) == 2
    assert "RK409" in capsys.readouterr().err

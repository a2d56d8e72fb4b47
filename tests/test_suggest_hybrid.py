"""The hybrid suggestion model, its comparison with the rules, and active learning."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from researchkit.suggest import ActiveLearner, active_learning_curve, compare_with_rules, order_suggestions, train
from researchkit.suggest.hybrid import HybridEstimator, best_threshold
from researchkit.transcripts import Corpus, Transcript, Turn

# What people say, and what the human coded. The "rules" find DRUGS only by the word
# "drugs" (missing cocaïne and hasj) and fire wrongly on a denial; SAMEN by "douane".
SAY = [
    ("We vonden drugs in een container.", "DRUGS"),
    ("Er lag cocaïne in de lading van de kotter.", "DRUGS"),
    ("Ze smokkelden hasj via de kade.", "DRUGS"),
    ("Cocaïne komt hier binnen met de containers.", "DRUGS"),
    ("Van drugs heb ik hier nooit iets gemerkt.", None),
    ("We werken goed samen met de douane.", "SAMEN"),
    ("Het overleg met de douane is nuttig.", "SAMEN"),
    ("Het weer was slecht die week.", None),
    ("Ik werk hier al tien jaar.", None),
    ("De haven is klein.", None),
]
QUESTIONS = ["Wat ziet u in de haven?", "Hoe werkt u samen?", "Hoe lang werkt u hier?"]


def build(n_docs: int = 8, seed: int = 0):
    rng = np.random.default_rng(seed)
    docs, gold, rules = [], [], []
    for d in range(n_docs):
        doc_id = f"H{d + 1:02d}"
        text, turns = "", []
        for q in range(3):
            text += "I: "
            start = len(text)
            text += QUESTIONS[q]
            turns.append(Turn("I", "interviewer", start, len(text)))
            text += "\nR: "
            start = len(text)
            picks = [SAY[i] for i in rng.choice(len(SAY), size=4, replace=False)]
            for sentence, code in picks:
                pos = len(text)
                text += sentence + " "
                if code:
                    gold.append({"doc_id": doc_id, "start": pos, "end": pos + len(sentence), "code": code,
                                 "coder": "ann", "source": "manual"})
                if re.search(r"\bdrugs\b", sentence):
                    rules.append({"doc_id": doc_id, "start": pos, "end": pos + len(sentence), "code": "DRUGS",
                                  "coder": "rules", "source": "rules"})
                if "douane" in sentence:
                    rules.append({"doc_id": doc_id, "start": pos, "end": pos + len(sentence), "code": "SAMEN",
                                  "coder": "rules", "source": "rules"})
            text = text.rstrip(" ")
            turns.append(Turn("R", "respondent", start, len(text)))
            text += "\n"
        docs.append(Transcript(doc_id, text.rstrip("\n"), turns=tuple(turns)))
    return Corpus(docs), pd.DataFrame(gold), pd.DataFrame(rules)


@pytest.fixture(scope="module")
def study():
    return build()


def test_best_threshold_cuts_between_distinct_scores():
    truth = np.array([1, 1, 0, 1, 0, 0], bool)
    scores = np.array([0.9, 0.8, 0.8, 0.6, 0.2, 0.1])
    threshold, f1 = best_threshold(truth, scores)
    assert threshold == pytest.approx(0.4) and f1 == pytest.approx(2 * 3 / (4 + 3))
    assert best_threshold(np.zeros(3, bool), np.array([0.1, 0.2, 0.3]))[0] == float("inf")


def test_model_plus_rules_beats_rules_that_miss_synonyms(study):
    corpus, gold, rules = study
    table = compare_with_rules(gold, corpus, coder="ann", rules=rules, folds=4, min_examples=3, roles="respondent")
    micro = table[table.code == "(micro)"].set_index("system")["f1"]
    assert list(micro.index) == ["rules", "model", "model+rules"]
    assert micro["model+rules"] > micro["rules"]
    drugs = table[table.code == "DRUGS"].set_index("system")
    assert drugs.loc["model+rules", "recall"] > drugs.loc["rules", "recall"]  # cocaïne and hasj are learnt
    assert (table["n_human"].groupby(table["system"]).first().nunique()) == 1  # same truth for every system
    assert len(table.attrs["folds"]) == 4


def test_rules_decide_where_the_model_cannot_beat_them():
    # one feature column that says nothing; the rules are perfect: they must win
    rng = np.random.default_rng(0)
    X = __import__("scipy").sparse.csr_matrix(rng.random((40, 3)))
    y = (np.arange(40) % 4 == 0)[:, None]
    est = HybridEstimator(min_examples=3).fit(X, y, groups=np.repeat(list("abcd"), 10), hits=y.copy())
    assert est.modes == ["rules"]
    assert est.decide(est.predict_proba(X), y).tolist() == y.tolist()


def test_partial_labels_from_review_decisions(study):
    corpus, gold, rules = study
    learner = ActiveLearner(corpus, codes=["DRUGS", "SAMEN"], rules=rules, roles="respondent", min_examples=2)
    first = gold[gold.doc_id == "H01"].iloc[0]
    decisions = pd.DataFrame([{**first[["doc_id", "start", "end", "code"]].to_dict(), "decision": "reject"}])
    learner.add_decisions(decisions)
    unit = int(np.flatnonzero((learner.units.doc_id == first.doc_id) & (learner.units.start == first.start))[0])
    col = learner.codes.index(first.code)
    assert learner.known[unit, col] and not learner.labels[unit, col]
    assert learner.known.sum() == 1  # the other code of that unit stays unknown


def test_active_learner_suggests_for_unlabelled_units_only(study):
    corpus, gold, rules = study
    learner = ActiveLearner(corpus, codes=["DRUGS", "SAMEN"], rules=rules, roles="respondent", min_examples=3)
    coded = gold[gold.doc_id.isin(["H01", "H02", "H03", "H04", "H05"])]
    s = learner.add_codings(coded).fit().suggestions(strategy="active")
    assert not s.empty and not set(s.doc_id) & {"H01", "H02", "H03", "H04", "H05"}
    texts = corpus.texts()
    assert all(texts[d][a:b] == t for d, a, b, t in zip(s.doc_id, s.start, s.end, s.text))
    # a cocaïne sentence (no rule hit) is suggested by the learnt model
    assert any("ocaïne" in t and c == "DRUGS" for t, c in zip(s.text, s.code))


def test_active_order_is_uncertain_first_and_spread_over_documents():
    s = pd.DataFrame({"doc_id": ["a"] * 4 + ["b"] * 2, "start": range(6), "end": range(1, 7), "code": ["X"] * 6,
                      "confidence": [0.51, 0.52, 0.53, 0.99, 0.55, 0.98], "threshold": 0.5})
    ordered = order_suggestions(s, strategy="active")
    assert ordered.doc_id.tolist()[:2] in (["a", "b"], ["b", "a"])  # round-robin over documents
    assert ordered.confidence.iloc[0] == 0.51
    shuffled = order_suggestions(s, strategy="random", seed=1)
    assert shuffled.sort_values("start").reset_index(drop=True).equals(s)  # same rows
    assert shuffled.equals(order_suggestions(s, strategy="random", seed=1))  # seeded
    with pytest.raises(Exception, match="RK410"):
        order_suggestions(s, strategy="loudest")


def test_active_learning_curve_reports_both_orderings(study):
    corpus, gold, rules = study
    curve = active_learning_curve(gold, corpus, coder="ann", rules=rules, roles="respondent", sizes=(10, 30),
                                  seeds=(0, 1), folds=2, min_examples=3)
    assert curve[["strategy", "reviewed_units"]].values.tolist() == [
        ["active", 10], ["active", 30], ["random", 10], ["random", 30]]
    assert (curve.n_seeds == 2).all() and curve.mean_f1.between(0, 1).all()
    per_seed = curve.attrs["per_seed"]
    assert len(per_seed) == 8


def test_hybrid_train_and_predict_with_a_project(tmp_path, study):
    from researchkit.project import Project

    corpus, gold, rules = study
    with Project.create(tmp_path / "p.rkp", user="anna") as project:
        project.add_documents(list(corpus))
        project.add_codings(gold[gold.doc_id.isin(["H01", "H02", "H03", "H04"])], coder="ann")
        project.add_codings(rules[~rules.doc_id.isin(["H01", "H02", "H03", "H04"])], coder="rules")
        pending = project.suggestions(reviewer="anna")
        project.review(pending.head(2), decision="reject", coder="anna")
        learner = ActiveLearner.from_project(project, reviewer="anna", roles=["respondent"], min_examples=3)
        queue = project.suggestions(reviewer="anna")
        ordered = learner.order(queue, strategy="active")
    assert sorted(ordered.id) == sorted(queue.id) and {"confidence", "threshold"} <= set(ordered.columns)
    model = train(gold, corpus, coder="ann", rules=rules, min_examples=3, roles="respondent",
                  documents=["H01", "H02", "H03", "H04", "H05", "H06"])
    assert set(model.report.status.str.split(":").str[0]) <= {"trained", "rules only", "skipped"}
    s = model.predict(corpus, documents=["H07", "H08"])
    assert set(s.coder) == {"model:hybrid"} and s.confidence.between(0, 1).all()


def test_cli_evaluate_and_learning_curve(tmp_path, study, capsys):
    from researchkit.cli import main

    corpus, gold, rules = study
    folder = tmp_path / "t"
    folder.mkdir()
    for t in corpus:
        (folder / f"{t.doc_id}.txt").write_text(t.text, encoding="utf-8")
    pd.concat([gold, rules]).to_csv(tmp_path / "c.csv", index=False)
    base = ["suggest", "--codings", str(tmp_path / "c.csv"), "--corpus", str(folder), "--coder", "ann",
            "--roles", "respondent", "--min-examples", "3"]
    assert main(base + ["--evaluate"]) == 0
    out = capsys.readouterr().out
    assert "rules, model, model+rules in the same 4 folds" in out and "micro_f1" in out
    assert main(base + ["--learning-curve", "--folds", "2", "--seeds", "1"]) == 0
    out = capsys.readouterr().out
    assert "active" in out and "random" in out


def test_review_queue_in_active_order(tmp_path, study):
    from researchkit.project import Project
    from researchkit.workspace import ReviewSession

    corpus, gold, rules = study
    with Project.create(tmp_path / "q.rkp", user="anna") as project:
        project.add_documents(list(corpus))
        project.add_codings(gold[gold.doc_id.isin(["H01", "H02", "H03", "H04"])], coder="ann")
        project.add_codings(rules[~rules.doc_id.isin(["H01", "H02", "H03", "H04"])], coder="rules")
        queue = ReviewSession(project, reviewer="anna", order="active")
        first = queue.current()
        assert first is not None and queue.progress()["pending"] == len(project.suggestions(reviewer="anna"))
        queue.reject()
        again = ReviewSession(project, reviewer="anna", order="active")  # resumes without the decided one
        assert again.progress()["pending"] == queue.progress()["pending"]

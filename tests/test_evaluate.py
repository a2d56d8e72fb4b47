"""Tests for researchkit.evaluate and the ``researchkit evaluate`` command."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from researchkit.codebook import Codebook
from researchkit.codings import CodingsError
from researchkit.errors import EvaluationError
from researchkit.evaluate import EVALUATION_COLUMNS, evaluate, summarize


def rows(*items, coder="gold", source="manual"):
    return pd.DataFrame(
        [{"doc_id": d, "start": s, "end": e, "code": c, "coder": coder, "source": source} for d, s, e, c in items]
    )


CB = Codebook.from_dict({"codes": [
    {"id": "A", "name": "Alpha", "children": [{"id": "A.1", "name": "a1"}, {"id": "A.2", "name": "a2"}]},
    {"id": "B", "name": "Beta"},
]})


def test_counts_precision_recall_f1():
    gold = rows(("d1", 0, 10, "A.1"), ("d1", 20, 30, "A.1"), ("d1", 0, 10, "B"), ("d2", 0, 5, "A.2"))
    pred = rows(("d1", 0, 10, "A.1"), ("d1", 40, 50, "A.1"), ("d1", 0, 10, "B"), ("d1", 20, 30, "B"),
                ("d3", 0, 5, "A.1"), coder="rules", source="rules")
    report = evaluate(pred, gold, codebook=CB)
    assert list(report.columns) == ["code", "name"] + EVALUATION_COLUMNS[1:]
    r = report.set_index("code")
    assert r.loc["A.1", ["gold", "predicted", "matched_gold", "matched_predicted"]].tolist() == [2, 2, 1, 1]
    assert r.loc["A.1", "precision"] == 0.5 and r.loc["A.1", "recall"] == 0.5 and r.loc["A.1", "f1"] == 0.5
    assert r.loc["B", "precision"] == 0.5 and r.loc["B", "recall"] == 1.0
    assert r.loc["B", "f1"] == pytest.approx(2 / 3)
    # A.2: gold only -> precision undefined, recall 0
    assert math.isnan(r.loc["A.2", "precision"]) and r.loc["A.2", "recall"] == 0.0 and math.isnan(r.loc["A.2", "f1"])
    assert report["code"].tolist() == ["A.1", "A.2", "B"]  # codebook order; d3 ignored (not in gold)


def test_overlap_matching_and_rollup():
    gold = rows(("d1", 0, 100, "A.1"))  # e.g. turn-level gold
    pred = rows(("d1", 10, 20, "A.2"), ("d1", 30, 40, "A.1"), coder="rules", source="rules")
    leaf = evaluate(pred, gold, codebook=CB).set_index("code")
    assert leaf.loc["A.1", "recall"] == 1.0 and leaf.loc["A.1", "precision"] == 1.0
    assert leaf.loc["A.2", "precision"] == 0.0
    top = evaluate(pred, gold, codebook=CB, level=1)
    assert top["code"].tolist() == ["A"]
    assert top.loc[0, "precision"] == 1.0 and top.loc[0, "predicted"] == 2


def test_summary():
    gold = rows(("d1", 0, 10, "A.1"), ("d1", 20, 30, "B"))
    pred = rows(("d1", 0, 10, "A.1"), ("d1", 50, 60, "B"), coder="rules", source="rules")
    s = summarize(evaluate(pred, gold))
    assert s["micro_precision"] == 0.5 and s["micro_recall"] == 0.5 and s["micro_f1"] == 0.5
    assert s["macro_f1"] == 0.5 and s["gold"] == 2 and s["predicted"] == 2


def test_errors():
    gold = rows(("d1", 0, 10, "A.1"))
    with pytest.raises(EvaluationError, match="RK230"):
        evaluate(gold, gold.iloc[0:0])
    with pytest.raises(EvaluationError, match="needs the codebook"):
        evaluate(gold, gold, level=1)
    with pytest.raises(CodingsError):
        evaluate(gold.drop(columns=["code"]), gold)
    with pytest.raises(Exception, match="RK215"):
        evaluate(rows(("d1", 0, 10, "Z")), gold, codebook=CB, level=1)


def test_perfect_and_package_callable():
    import researchkit
    import researchkit.evaluate  # noqa: F401

    gold = rows(("d1", 0, 10, "A.1"))
    assert researchkit.evaluate(gold, gold)["f1"].tolist() == [1.0]


def test_cli_evaluate(tmp_path, capsys):
    from researchkit.cli import main

    gold = rows(("d1", 0, 10, "A.1"), ("d1", 20, 30, "B"))
    pred = rows(("d1", 0, 10, "A.1"), coder="rules", source="rules")
    gpath, ppath, book = tmp_path / "gold.csv", tmp_path / "pred.csv", tmp_path / "cb.yaml"
    gold.to_csv(gpath, index=False)
    pred.to_csv(ppath, index=False)
    CB.save(book)
    out = tmp_path / "report.csv"
    assert main(["evaluate", str(ppath), "--gold", str(gpath), "--codebook", str(book), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "micro  precision 1.000  recall 0.500" in text
    assert pd.read_csv(out)["code"].tolist() == ["A.1", "B"]
    assert main(["evaluate", str(ppath), "--gold", str(gpath), "--codebook", str(book), "--level", "1"]) == 0
    assert main(["evaluate", "--gold", str(gpath)]) == 2
    assert "RK230" in capsys.readouterr().err
    assert main(["evaluate", str(tmp_path / "missing.csv"), "--gold", str(gpath)]) == 2


def test_cli_evaluate_autocodes_gold_documents(tmp_path, capsys):
    from researchkit.cli import main
    from researchkit.io import read_corpus

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "R01.txt").write_text("Interviewer: En?\nRespondent: De haven is leeg. Het regent.\n", encoding="utf-8")
    (folder / "R02.txt").write_text("Interviewer: En?\nRespondent: De haven.\n", encoding="utf-8")
    text = read_corpus(folder)["R01"].text
    start = text.index("De haven")
    gold = rows(("R01", start, start + len("De haven is leeg."), "A"))
    gpath, book = tmp_path / "gold.csv", tmp_path / "cb.yaml"
    gold.to_csv(gpath, index=False)
    book.write_text("codes:\n  - id: A\n    name: Alpha\n    keywords: [haven]\n", encoding="utf-8")
    assert main(["evaluate", "--gold", str(gpath), "--corpus", str(folder), "--codebook", str(book)]) == 0
    assert "micro  precision 1.000  recall 1.000  F1 1.000" in capsys.readouterr().out


def test_matching_equals_the_pairwise_definition_on_random_spans():
    """The vectorised overlap search gives what comparing every pair of rows gives."""
    import numpy as np

    from researchkit.evaluate import _matches

    rng = np.random.default_rng(7)
    for _ in range(50):
        def frame(n):
            start = rng.integers(0, 300, n)
            return pd.DataFrame({"doc_id": rng.choice(["d1", "d2", "d3"], n), "code": rng.choice(["A", "A.1", "B"], n),
                                 "start": start, "end": start + rng.integers(0, 40, n)})
        a, b = frame(int(rng.integers(1, 80))), frame(int(rng.integers(1, 80)))
        pairs = a.reset_index().merge(b, on=["doc_id", "code"], suffixes=("", "_b"))
        overlapping = pairs[(pairs["start_b"] < pairs["end"]) & (pairs["end_b"] > pairs["start"])]["index"]
        expected = np.zeros(len(a), dtype=bool)
        expected[overlapping.to_numpy()] = True
        assert _matches(a, b).tolist() == expected.tolist()

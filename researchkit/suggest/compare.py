"""Model, rules, and model + rules, measured in the same folds of whole interviews.

The honest question for model-assisted coding is not "how good is the model" but "is it
better than the rules the researcher already has". :func:`compare_with_rules` answers
it: the coder's documents are split into folds of whole documents; for each fold the
text-only model and the hybrid model (rules as features and fall-back) are trained on
the other folds; the rules need no training. All three are scored per code against the
human on the same held-out units, and pooled (micro) and averaged (macro) over every
code the human used.

Examples
--------
>>> import pandas as pd
>>> from researchkit.transcripts import Corpus, Transcript
>>> corpus = Corpus([Transcript(f"R{i}", "Drugs in de haven. Mooi weer.") for i in range(4)])
>>> gold = pd.DataFrame({"doc_id": [f"R{i}" for i in range(4)], "start": 0, "end": 18, "code": "DRG",
...                      "coder": "ann", "source": "manual"})
>>> rules = gold.assign(coder="rules", source="rules")
>>> t = compare_with_rules(gold, corpus, coder="ann", rules=rules, folds=2, min_examples=2)
>>> t[t.code == "(micro)"][["system", "f1"]].values.tolist()
[['rules', 1.0], ['model', 1.0], ['model+rules', 1.0]]
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Iterable, Sequence

import numpy as np
import pandas as pd

from researchkit.suggest.data import LabelledUnits, labelled_units
from researchkit.suggest.evaluate import document_folds, scores
from researchkit.suggest.features import rule_matrix
from researchkit.suggest.suggester import fit_hybrid, rule_codings

if TYPE_CHECKING:  # pragma: no cover
    from researchkit.transcripts import Corpus

__all__ = ["SYSTEMS", "compare_with_rules", "summarise_systems"]

#: The systems compared, in report order.
SYSTEMS = ("rules", "model", "model+rules")


def _fold_predictions(data: LabelledUnits, groups: list[list[str]], *, corpus, rules, codebook, min_examples, seed,
                      options) -> tuple[dict[str, np.ndarray], float]:
    hits = rule_matrix(data.units, rules, corpus.texts(), codes=data.codes) if rules is not None \
        else np.zeros(data.labels.shape, dtype=bool)
    preds = {"rules": hits, "model": np.zeros_like(data.labels), "model+rules": np.zeros_like(data.labels)}
    systems = (("model", None), ("model+rules", rules)) if rules is not None else (("model", None),)
    seconds = 0.0
    for test_docs in groups:
        test = data.units["doc_id"].isin(set(test_docs)).to_numpy()
        train = LabelledUnits(data.units[~test].reset_index(drop=True), data.codes, data.labels[~test], data.unit)
        held = data.units[test].reset_index(drop=True)
        for system, system_rules in systems:
            t0 = time.perf_counter()
            model = fit_hybrid(train, corpus=corpus, rules=system_rules, codebook=codebook, min_examples=min_examples,
                               seed=seed, options=options)
            seconds += time.perf_counter() - t0
            chosen, _ = model.decide(held)
            block = preds[system][test]
            block[:] = chosen
            preds[system][test] = block
    return preds, seconds


def summarise_systems(table: pd.DataFrame) -> pd.DataFrame:
    """Micro and macro F1 per system from a :func:`compare_with_rules` table (one row per system).

    Examples
    --------
    >>> t = pd.DataFrame({"system": ["rules", "rules"], "code": ["(micro)", "(macro)"], "f1": [0.7, 0.5],
    ...                   "precision": [0.8, 0.6], "recall": [0.6, 0.4]})
    >>> summarise_systems(t).values.tolist()
    [['rules', 0.8, 0.6, 0.7, 0.5]]
    """
    micro = table[table["code"] == "(micro)"].set_index("system")
    macro = table[table["code"] == "(macro)"].set_index("system")
    out = pd.DataFrame({"micro_precision": micro["precision"], "micro_recall": micro["recall"], "micro_f1": micro["f1"],
                        "macro_f1": macro["f1"]})
    return out.reset_index().rename(columns={"index": "system"})


def compare_with_rules(
    codings: pd.DataFrame,
    corpus: Corpus,
    *,
    coder: str,
    rules: Any,
    codebook: Any = None,
    folds: int = 4,
    seed: int = 0,
    unit: str = "sentence",
    min_examples: int = 5,
    roles: Iterable[str] | str | None = None,
    documents: Sequence[str] | None = None,
    lang: str | None = "nl",
    units: pd.DataFrame | None = None,
    options: dict | None = None,
) -> pd.DataFrame:
    """Per-code precision, recall and F1 of the rules, the model, and the model + rules, in the same folds.

    Parameters
    ----------
    codings, corpus, coder, unit, roles, documents, lang, units
        As for :func:`researchkit.suggest.train`: ``coder``'s codings are the truth.
    rules
        Rule codings of the corpus, or a codebook to auto-code it with; ``None`` measures
        the model alone (text and context).
    codebook
        The code tree (default: ``rules`` when it is a codebook).
    folds
        Folds of whole documents (at most the number of coded documents).
    min_examples, seed, options
        As for the hybrid model.

    Returns
    -------
    pandas.DataFrame
        Long form, one row per system and code: ``system, code, n_human, n_predicted,
        true_positives, precision, recall, f1``, then ``(micro)`` (pooled over every code
        the coder used) and ``(macro)`` (their mean, undefined codes counting 0) rows per
        system. ``attrs``: ``folds``, ``train_seconds``, ``n_units``.
    """
    if codebook is None and rules is not None and not isinstance(rules, pd.DataFrame):
        codebook = rules
    rule_table = rule_codings(corpus, rules, unit=unit, roles=roles)
    data = labelled_units(codings, corpus, coder=coder, unit=unit, roles=roles, documents=documents, lang=lang,
                          units=units)
    groups = document_folds(data.doc_ids, min(folds, len(data.doc_ids)), seed)
    preds, seconds = _fold_predictions(data, groups, corpus=corpus, rules=rule_table, codebook=codebook,
                                       min_examples=min_examples, seed=seed, options=options)
    frames = []
    for system in (SYSTEMS if rule_table is not None else ("model",)):
        pred = preds[system]
        table = scores(data.labels, pred, data.codes).rename(columns={"n_model": "n_predicted"})
        micro = scores(data.labels.reshape(-1, 1), pred.reshape(-1, 1), ["(micro)"]).rename(columns={"n_model": "n_predicted"})
        macro = pd.DataFrame([{"code": "(macro)", "n_human": int(table["n_human"].sum()),
                               "n_predicted": int(table["n_predicted"].sum()),
                               "true_positives": int(table["true_positives"].sum()),
                               "precision": float(np.nan_to_num(table["precision"]).mean()),
                               "recall": float(np.nan_to_num(table["recall"]).mean()),
                               "f1": float(np.nan_to_num(table["f1"]).mean()), "kappa": np.nan}])
        frames.append(pd.concat([table, micro, macro], ignore_index=True).assign(system=system))
    out = pd.concat(frames, ignore_index=True)
    out = out[["system", "code", "n_human", "n_predicted", "true_positives", "precision", "recall", "f1"]]
    out.attrs.update({"folds": groups, "train_seconds": seconds, "n_units": len(data.units), "unit": unit})
    return out

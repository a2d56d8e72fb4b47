"""How good are the suggestions? Cross-validation by document and learning curves.

Folds are made of whole documents (interviews), never of units of one interview split
over training and test: sentences of one interview resemble each other, and the
question a researcher has is how well the model does on an interview it has not seen.

Examples
--------
>>> import pandas as pd
>>> from researchkit.transcripts import Corpus, Transcript
>>> texts = ["We zagen drugs in de haven. Het weer was goed.", "Drugs op de kade. Zon en wind."]
>>> corpus = Corpus([Transcript(f"R{i}", texts[i % 2]) for i in range(6)])
>>> rows = [{"doc_id": f"R{i}", "start": 0, "end": texts[i % 2].index(".") + 1, "code": "DRUGS",
...          "coder": "ann", "source": "manual"} for i in range(6)]
>>> table = evaluate_suggestions(pd.DataFrame(rows), corpus, coder="ann", folds=3, min_examples=2)
>>> table.loc[table.code == "DRUGS", ["precision", "recall"]].values.tolist()
[[1.0, 1.0]]
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Iterable, Sequence

import numpy as np
import pandas as pd

from researchkit.agreement.coefficients import Tallies, binary_coefficients
from researchkit.errors import SuggestionError
from researchkit.suggest.data import LabelledUnits, labelled_units
from researchkit.suggest.model import fit_labelled

if TYPE_CHECKING:  # pragma: no cover
    from researchkit.transcripts import Corpus

__all__ = ["average_precision", "evaluate_suggestions", "learning_curve", "compare_backends", "document_folds", "scores"]


def document_folds(doc_ids: Sequence[str], folds: int, seed: int) -> list[list[str]]:
    """Split documents into ``folds`` groups at random (seeded), as evenly as possible.

    Examples
    --------
    >>> document_folds(["a", "b", "c", "d", "e"], 2, seed=0)
    [['b', 'c', 'd'], ['a', 'e']]
    """
    docs = list(doc_ids)
    if folds < 2:
        raise SuggestionError("RK410", f"folds={folds}: cross-validation needs at least 2 folds", hint="use folds=5")
    if len(docs) < folds:
        raise SuggestionError(
            "RK409",
            f"{len(docs)} coded document(s) cannot be split into {folds} folds",
            hint=f"code more documents, or pass folds={max(2, len(docs))} or fewer" if len(docs) >= 2 else
            "cross-validation needs at least two coded documents",
        )
    order = np.random.default_rng(seed).permutation(len(docs))
    groups: list[list[str]] = [[] for _ in range(folds)]
    for rank, i in enumerate(order):
        groups[rank % folds].append(docs[i])
    position = {d: i for i, d in enumerate(docs)}
    return [sorted(g, key=position.__getitem__) for g in groups]


def scores(truth: np.ndarray, pred: np.ndarray, codes: Sequence[str]) -> pd.DataFrame:
    """Per-code precision, recall, F1 and Cohen's kappa of predictions against the human labels.

    Examples
    --------
    >>> import numpy as np
    >>> t = np.array([[1], [1], [0], [0]], bool); p = np.array([[1], [0], [0], [0]], bool)
    >>> scores(t, p, ["X"])[["precision", "recall", "f1"]].round(3).values.tolist()
    [[1.0, 0.5, 0.667]]
    """
    tp = (truth & pred).sum(axis=0).astype(float)
    fp = (~truth & pred).sum(axis=0).astype(float)
    fn = (truth & ~pred).sum(axis=0).astype(float)
    n = truth.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(tp + fp > 0, tp / (tp + fp), np.nan)
        recall = np.where(tp + fn > 0, tp / (tp + fn), np.nan)
        f1 = np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), np.nan)
    k = truth.astype(np.int8) + pred.astype(np.int8)
    tallies = Tallies(
        n=np.full(len(codes), float(n)),
        marginals=np.stack([truth.sum(0), pred.sum(0)]).astype(float),
        hist=np.stack([(k == j).sum(0) for j in range(3)]).astype(float),
    )
    kappa = binary_coefficients(tallies)["cohen_kappa"]
    return pd.DataFrame(
        {"code": list(codes), "n_human": truth.sum(0).astype(int), "n_model": pred.sum(0).astype(int),
         "true_positives": tp.astype(int), "precision": precision, "recall": recall, "f1": f1, "kappa": kappa}
    )


def average_precision(truth: np.ndarray, proba: np.ndarray) -> float:
    """Average precision (area under the precision-recall curve), threshold-free; NaN without positives.

    Examples
    --------
    >>> import numpy as np
    >>> average_precision(np.array([1, 0, 1, 0], bool), np.array([0.9, 0.8, 0.7, 0.1]))
    0.8333333333333333
    """
    from sklearn.metrics import average_precision_score

    if not truth.any():
        return float("nan")
    return float(average_precision_score(truth, proba))


def _summary_rows(table: pd.DataFrame, truth: np.ndarray, pred: np.ndarray, proba: np.ndarray) -> pd.DataFrame:
    trained = table[table["status"] == "trained"]
    cols = [list(table["code"]).index(c) for c in trained["code"]]
    micro = scores(truth[:, cols].reshape(-1, 1), pred[:, cols].reshape(-1, 1), ["(micro)"]) if cols else None
    rows = []
    if micro is not None:
        m = micro.iloc[0].to_dict()
        m.update(n_examples=int(trained["n_examples"].sum()), n_documents=np.nan,
                 average_precision=average_precision(truth[:, cols].ravel(), proba[:, cols].ravel()),
                 status=f"pooled over the {len(cols)} trained codes' unit decisions")
        rows.append(m)
        rows.append({
            "code": "(macro)", "n_examples": int(trained["n_examples"].sum()), "n_documents": np.nan,
            "n_human": int(trained["n_human"].sum()), "n_model": int(trained["n_model"].sum()),
            "true_positives": int(trained["true_positives"].sum()),
            "precision": trained["precision"].mean(), "recall": trained["recall"].mean(),
            "f1": trained["f1"].mean(), "kappa": trained["kappa"].mean(),
            "average_precision": trained["average_precision"].mean(),
            "status": f"mean over the {len(cols)} trained codes",
        })
    return pd.DataFrame(rows)


def _cross_validate(data: LabelledUnits, groups, *, coder, min_examples, seed, backend, threshold, options, lang):
    """Out-of-fold probabilities (0 where a code was not trained in the fold), trained-fold counts, seconds."""
    proba_oof = np.zeros(data.labels.shape, dtype=float)
    trained_in = np.zeros(len(data.codes), dtype=int)
    seconds = 0.0
    for test_docs in groups:
        test = data.units["doc_id"].isin(set(test_docs)).to_numpy()
        train = LabelledUnits(data.units[~test].reset_index(drop=True), data.codes, data.labels[~test], data.unit)
        model = fit_labelled(train, coder=coder, min_examples=min_examples, seed=seed, backend=backend,
                             options=options, lang=lang)
        seconds += model.train_seconds
        if not model.codes:
            continue
        proba = model.predict_proba(data.units[test]).to_numpy()
        cols = [data.codes.index(c) for c in model.codes]
        block = proba_oof[test]
        block[:, cols] = proba
        proba_oof[test] = block
        trained_in[cols] += 1
    return proba_oof, trained_in, seconds


def evaluate_suggestions(
    codings: pd.DataFrame,
    corpus: Corpus,
    *,
    coder: str,
    folds: int = 5,
    seed: int = 0,
    unit: str = "sentence",
    min_examples: int = 5,
    threshold: float = 0.5,
    backend: str = "sklearn",
    roles: Iterable[str] | str | None = None,
    documents: Sequence[str] | None = None,
    lang: str | None = "nl",
    units: pd.DataFrame | None = None,
    options: dict | None = None,
) -> pd.DataFrame:
    """Cross-validated per-code quality of the suggestions against the human coder.

    The coder's documents are split into ``folds`` groups of whole documents; a model
    trained on the other groups predicts each group. Predictions of all folds are
    pooled and compared with the human labels per code.

    Parameters
    ----------
    codings, corpus, coder, unit, min_examples, seed, backend, roles, documents, lang, units, options
        As for :func:`researchkit.suggest.train`.
    folds
        Number of document groups.
    threshold
        Probability from which a code is suggested.

    Returns
    -------
    pandas.DataFrame
        One row per code the coder used: ``code, n_examples, n_documents, n_human,
        n_model, true_positives, precision, recall, f1, kappa, average_precision
        (threshold-free), status``; codes with
        fewer than ``min_examples`` examples have ``status`` "skipped ..." and no
        figures. Then a ``(micro)`` row (pooled over all trained codes' unit
        decisions) and a ``(macro)`` row (mean over the trained codes). ``attrs`` holds
        ``folds`` (the document groups) and ``train_seconds``.

    Raises
    ------
    SuggestionError
        ``RK409`` when there are fewer coded documents than folds.

    Examples
    --------
    >>> import pandas as pd
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript(f"R{i}", "Drugs in de haven. Mooi weer.") for i in range(4)])
    >>> rows = pd.DataFrame({"doc_id": [f"R{i}" for i in range(4)], "start": 0, "end": 18, "code": "DRUGS",
    ...                      "coder": "ann", "source": "manual"})
    >>> table = evaluate_suggestions(rows, corpus, coder="ann", folds=2, min_examples=2)
    >>> table.set_index("code").loc["DRUGS", ["precision", "recall", "kappa"]].tolist()
    [1.0, 1.0, 1.0]
    """
    data = labelled_units(codings, corpus, coder=coder, unit=unit, roles=roles, documents=documents, lang=lang, units=units)
    groups = document_folds(data.doc_ids, folds, seed)
    proba, trained_in, seconds = _cross_validate(
        data, groups, coder=coder, min_examples=min_examples, seed=seed, backend=backend, threshold=threshold,
        options=options, lang=lang,
    )
    pred = proba >= threshold
    n_examples = data.labels.sum(axis=0)
    doc_arr = data.units["doc_id"].to_numpy()
    table = scores(data.labels, pred, data.codes)
    table.insert(1, "n_examples", n_examples.astype(int))
    table.insert(2, "n_documents", [len(set(doc_arr[data.labels[:, j]])) for j in range(len(data.codes))])
    status = []
    for j in range(len(data.codes)):
        if n_examples[j] < min_examples:
            status.append(f"skipped: {int(n_examples[j])} example(s), fewer than min_examples={min_examples}")
        elif trained_in[j] < len(groups):
            status.append(f"trained in {trained_in[j]} of {len(groups)} folds (too few examples in the others)")
        else:
            status.append("trained")
    table["status"] = status
    skipped = table["status"].str.startswith("skipped")
    table["average_precision"] = [
        average_precision(data.labels[:, j], proba[:, j]) if trained_in[j] else np.nan for j in range(len(data.codes))
    ]
    table.loc[skipped, ["precision", "recall", "f1", "kappa", "average_precision"]] = np.nan
    table.loc[skipped, "n_model"] = 0
    table = table[[c for c in table.columns if c != "status"] + ["status"]]
    summary = _summary_rows(table.assign(status=np.where(skipped, "skipped", "trained")), data.labels, pred, proba)
    out = pd.concat([table, summary], ignore_index=True) if len(summary) else table
    out["n_documents"] = out["n_documents"].astype("Int64")
    out.attrs.update({"folds": groups, "train_seconds": seconds, "backend": backend, "unit": unit, "coder": coder,
                      "threshold": threshold, "n_units": len(data.units)})
    return out


def learning_curve(
    codings: pd.DataFrame,
    corpus: Corpus,
    *,
    coder: str,
    sizes: Sequence[int] | None = None,
    folds: int = 5,
    seed: int = 0,
    unit: str = "sentence",
    min_examples: int = 5,
    threshold: float = 0.5,
    backend: str = "sklearn",
    roles: Iterable[str] | str | None = None,
    documents: Sequence[str] | None = None,
    lang: str | None = "nl",
    units: pd.DataFrame | None = None,
    options: dict | None = None,
) -> pd.DataFrame:
    """Suggestion quality against the number of coded interviews used for training.

    For each fold of whole documents, the remaining documents are shuffled (seeded) and
    the model is trained on the first ``n`` of them, for each ``n`` in ``sizes``; the
    held-out fold is predicted. Predictions are pooled over folds per ``n``.

    Parameters
    ----------
    sizes
        Numbers of training interviews; default 1, 2, 4, 8, ... up to the largest
        training set.
    (others)
        As for :func:`evaluate_suggestions`.

    Returns
    -------
    pandas.DataFrame
        One row per size: ``n_documents, n_units (mean training units), codes_trained
        (mean), micro_precision, micro_recall, micro_f1, macro_f1, mean_kappa``, all
        over the codes trained with the full training set.

    Examples
    --------
    >>> import pandas as pd
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript(f"R{i}", "Drugs in de haven. Mooi weer.") for i in range(4)])
    >>> rows = pd.DataFrame({"doc_id": [f"R{i}" for i in range(4)], "start": 0, "end": 18, "code": "DRUGS",
    ...                      "coder": "ann", "source": "manual"})
    >>> curve = learning_curve(rows, corpus, coder="ann", folds=2, min_examples=1)
    >>> curve[["n_documents", "micro_f1"]].values.tolist()
    [[1.0, 1.0], [2.0, 1.0]]
    """
    data = labelled_units(codings, corpus, coder=coder, unit=unit, roles=roles, documents=documents, lang=lang, units=units)
    groups = document_folds(data.doc_ids, folds, seed)
    largest = min(len(data.doc_ids) - len(g) for g in groups)
    if sizes is None:
        sizes, n = [], 1
        while n < largest:
            sizes.append(n)
            n *= 2
        sizes.append(largest)
    sizes = sorted({int(s) for s in sizes})
    if not sizes or sizes[0] < 1 or sizes[-1] > largest:
        raise SuggestionError(
            "RK409", f"sizes {sizes} must be between 1 and {largest} (the smallest training set over the folds)",
            hint="pass smaller sizes or fewer folds",
        )
    rng = np.random.default_rng(seed)
    shuffled = {i: list(rng.permutation([d for d in data.doc_ids if d not in set(g)])) for i, g in enumerate(groups)}
    full = fit_labelled(data, coder=coder, min_examples=min_examples, seed=seed, backend=backend, options=options, lang=lang)
    eval_cols = [data.codes.index(c) for c in full.codes]
    if not eval_cols:
        raise SuggestionError("RK409", f"no code has {min_examples} or more examples", hint="code more units, or lower min_examples")
    rows = []
    for n in sizes:
        pred = np.zeros_like(data.labels)
        n_units, n_codes = [], []
        for i, test_docs in enumerate(groups):
            test = data.units["doc_id"].isin(set(test_docs)).to_numpy()
            train = data.subset(shuffled[i][:n])
            model = fit_labelled(train, coder=coder, min_examples=min_examples, seed=seed, backend=backend,
                                 options=options, lang=lang)
            n_units.append(len(train.units))
            n_codes.append(len(model.codes))
            if model.codes:
                proba = model.predict_proba(data.units[test]).to_numpy()
                cols = [data.codes.index(c) for c in model.codes]
                block = pred[test]
                block[:, cols] = proba >= threshold
                pred[test] = block
        table = scores(data.labels[:, eval_cols], pred[:, eval_cols], [data.codes[c] for c in eval_cols])
        micro = scores(data.labels[:, eval_cols].reshape(-1, 1), pred[:, eval_cols].reshape(-1, 1), ["all"]).iloc[0]
        rows.append({
            "n_documents": n,
            "n_units": float(np.mean(n_units)),
            "codes_trained": float(np.mean(n_codes)),
            "micro_precision": micro["precision"],
            "micro_recall": micro["recall"],
            "micro_f1": micro["f1"],
            "macro_f1": float(np.nan_to_num(table["f1"].to_numpy(), nan=0.0).mean()),
            "mean_kappa": float(np.nanmean(table["kappa"])) if table["kappa"].notna().any() else np.nan,
        })
    out = pd.DataFrame(rows)
    out.attrs.update({"codes": [data.codes[c] for c in eval_cols], "folds": groups, "backend": backend})
    return out


def compare_backends(
    codings: pd.DataFrame,
    corpus: Corpus,
    *,
    coder: str,
    backends: Sequence[str] = ("sklearn", "spacy"),
    folds: int = 5,
    seed: int = 0,
    unit: str = "sentence",
    min_examples: int = 5,
    threshold: float = 0.5,
    roles: Iterable[str] | str | None = None,
    lang: str | None = "nl",
    options: dict | None = None,
) -> pd.DataFrame:
    """Measure the backends on the same data and folds: quality and seconds.

    Parameters
    ----------
    backends
        Backends to compare.
    options
        ``backend -> options`` for each backend.
    (others)
        As for :func:`evaluate_suggestions`.

    Returns
    -------
    pandas.DataFrame
        One row per backend: ``backend, micro_precision, micro_recall, micro_f1,
        macro_f1, mean_kappa, micro_average_precision, macro_average_precision,
        codes_trained, cv_train_seconds, train_seconds, predict_seconds,
        units_per_second`` (the last four for one model on all the coder's documents,
        predicting all of them).

    Examples
    --------
    >>> import pandas as pd
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript(f"R{i}", "Drugs in de haven. Mooi weer.") for i in range(4)])
    >>> rows = pd.DataFrame({"doc_id": [f"R{i}" for i in range(4)], "start": 0, "end": 18, "code": "DRUGS",
    ...                      "coder": "ann", "source": "manual"})
    >>> t = compare_backends(rows, corpus, coder="ann", backends=["sklearn"], folds=2, min_examples=2)
    >>> t[["backend", "micro_f1"]].values.tolist()
    [['sklearn', 1.0]]
    """
    from researchkit.suggest.data import corpus_units

    units = corpus_units(corpus, unit, roles=roles, lang=lang)
    rows = []
    for backend in backends:
        opts = dict((options or {}).get(backend, {}))
        table = evaluate_suggestions(codings, corpus, coder=coder, folds=folds, seed=seed, unit=unit, min_examples=min_examples,
                                     threshold=threshold, backend=backend, roles=roles, lang=lang, units=units, options=opts)
        micro = table.set_index("code").loc["(micro)"]
        macro = table.set_index("code").loc["(macro)"]
        data = labelled_units(codings, corpus, coder=coder, unit=unit, roles=roles, lang=lang, units=units)
        t0 = time.perf_counter()
        model = fit_labelled(data, coder=coder, min_examples=min_examples, seed=seed, backend=backend, options=opts, lang=lang)
        t1 = time.perf_counter()
        model.predict(corpus, threshold=threshold, units=units)
        t2 = time.perf_counter()
        rows.append({
            "backend": backend, "micro_precision": micro["precision"], "micro_recall": micro["recall"],
            "micro_f1": micro["f1"], "macro_f1": macro["f1"], "mean_kappa": macro["kappa"],
            "micro_average_precision": micro["average_precision"], "macro_average_precision": macro["average_precision"],
            "codes_trained": len(model.codes), "cv_train_seconds": table.attrs["train_seconds"],
            "train_seconds": t1 - t0, "predict_seconds": t2 - t1, "units_per_second": len(units) / (t2 - t1),
        })
    return pd.DataFrame(rows)

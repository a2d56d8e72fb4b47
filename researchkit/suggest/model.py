"""Suggestion models: a multi-label text classifier trained on a human coder's units.

Two backends, chosen by measurement (see ``docs/agreement.md``, "Model-assisted coding"):

``"sklearn"`` (default)
    TF-IDF of word uni- and bigrams plus character 2-5-grams within words (robust to
    Dutch compounds and inflection), one logistic regression per code
    (:class:`~sklearn.multiclass.OneVsRestClassifier`, liblinear, balanced class
    weights). Probabilities come straight from the logistic model.
``"spacy"``
    spaCy's ``textcat_multilabel`` on a blank pipeline of the corpus language (no
    download), trained for a fixed number of epochs with a fixed seed.

Codes with fewer than ``min_examples`` coded units are not trained: they are listed in
``model.skipped_codes`` and in ``model.report`` and never predicted. Predictions are
suggestions in the codings shape (``coder="model:<name>"``, ``source="model"``,
``confidence``); they become codings only after review (``project.review``).

Examples
--------
>>> import pandas as pd
>>> from researchkit.transcripts import Corpus, Transcript
>>> docs = [Transcript(f"R{i}", "We zagen drugs in de haven. Het weer was goed. De douane belde.") for i in range(4)]
>>> corpus = Corpus(docs)
>>> rows = [{"doc_id": f"R{i}", "start": 0, "end": 27, "code": "DRUGS", "coder": "ann", "source": "manual"}
...         for i in range(4)]
>>> model = train(pd.DataFrame(rows), corpus, coder="ann", min_examples=2)
>>> s = model.predict(Corpus([Transcript("N1", "Er waren drugs in de haven. Mooi weer.")]))
>>> s[["doc_id", "text", "code", "coder", "source"]].values.tolist()
[['N1', 'Er waren drugs in de haven.', 'DRUGS', 'model:hybrid', 'model']]
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Sequence

import numpy as np
import pandas as pd

from researchkit.errors import SuggestionError
from researchkit.suggest.data import LabelledUnits, corpus_units, labelled_units

if TYPE_CHECKING:  # pragma: no cover
    from researchkit.transcripts import Corpus

__all__ = ["BACKENDS", "SuggestionModel", "train", "fit_labelled"]

#: Backends and their default model names.
BACKENDS: dict[str, str] = {"hybrid": "hybrid", "sklearn": "tfidf-logreg", "spacy": "spacy-textcat"}


# --------------------------------------------------------------------------- backends


class _SklearnBackend:
    """TF-IDF (words 1-2 + characters 2-5 within words) -> one logistic regression per code."""

    def __init__(self, seed: int, *, C: float = 4.0, class_weight: str | None = "balanced") -> None:
        self.seed, self.C, self.class_weight = seed, C, class_weight
        self.pipeline = None

    def fit(self, texts: Sequence[str], y: np.ndarray) -> None:
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.pipeline import FeatureUnion, make_pipeline
        from sklearn.feature_extraction.text import TfidfVectorizer

        features = FeatureUnion(
            [
                ("words", TfidfVectorizer(lowercase=True, ngram_range=(1, 2), min_df=1, sublinear_tf=True,
                                          token_pattern=r"(?u)\b\w+\b")),
                ("chars", TfidfVectorizer(lowercase=True, analyzer="char_wb", ngram_range=(2, 5), min_df=2,
                                          sublinear_tf=True, max_features=100_000)),
            ]
        )
        clf = OneVsRestClassifier(
            LogisticRegression(C=self.C, class_weight=self.class_weight, solver="liblinear", random_state=self.seed,
                               max_iter=1000)
        )
        self.pipeline = make_pipeline(features, clf)
        self.n_labels = y.shape[1]
        # one code: fit a plain binary problem (a one-column indicator matrix is read as binary anyway)
        self.pipeline.fit(list(texts), y[:, 0].astype(int) if self.n_labels == 1 else y.astype(int))

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        proba = np.asarray(self.pipeline.predict_proba(list(texts)), dtype=float)
        if self.n_labels == 1:
            return proba[:, -1:].reshape(len(texts), 1)
        return proba.reshape(len(texts), -1)


class _SpacyBackend:
    """spaCy ``textcat_multilabel`` on a blank pipeline, fixed epochs and seed."""

    def __init__(
        self, seed: int, *, lang: str = "nl", epochs: int = 10, dropout: float = 0.2, batch_size: int = 32,
        architecture: str = "ensemble",
    ) -> None:
        if architecture not in ("ensemble", "bow"):
            raise SuggestionError("RK410", f"spaCy architecture {architecture!r} is not 'ensemble' or 'bow'",
                                  hint="use architecture='ensemble' (spaCy's default) or 'bow'")
        self.seed, self.lang, self.epochs, self.dropout, self.batch_size = seed, lang, epochs, dropout, batch_size
        self.architecture = architecture
        self.nlp = None
        self.labels: list[str] = []

    def fit(self, texts: Sequence[str], y: np.ndarray) -> None:
        import random

        import spacy
        from spacy.training import Example
        from spacy.util import fix_random_seed, minibatch

        fix_random_seed(self.seed)
        rng = random.Random(self.seed)
        nlp = spacy.blank(self.lang)
        config = {}
        if self.architecture == "bow":
            config = {"model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False, "ngram_size": 2,
                                "no_output_layer": False, "length": 262144}}
        textcat = nlp.add_pipe("textcat_multilabel", config=config)
        self.labels = [f"L{j}" for j in range(y.shape[1])]
        for label in self.labels:
            textcat.add_label(label)
        examples = [
            Example.from_dict(nlp.make_doc(t), {"cats": {lab: float(v) for lab, v in zip(self.labels, row)}})
            for t, row in zip(texts, y)
        ]
        nlp.initialize(lambda: examples)
        for _ in range(self.epochs):
            rng.shuffle(examples)
            for batch in minibatch(examples, size=self.batch_size):
                nlp.update(batch, drop=self.dropout)
        self.nlp = nlp

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), len(self.labels)))
        for i, doc in enumerate(self.nlp.pipe(list(texts), batch_size=256)):
            out[i] = [doc.cats[lab] for lab in self.labels]
        return out


def _make_backend(backend: str, seed: int, lang: str | None, options: dict) -> Any:
    if backend == "hybrid":
        raise SuggestionError("RK410", "the hybrid backend is trained by fit_labelled with a corpus",
                              hint="call train(...) or fit_labelled(..., corpus=corpus)")
    if backend == "sklearn":
        return _SklearnBackend(seed, **options)
    if backend == "spacy":
        return _SpacyBackend(seed, lang=lang or "nl", **options)
    raise SuggestionError(
        "RK410", f"unknown backend {backend!r}", hint=f"use one of {', '.join(BACKENDS)}"
    )


# --------------------------------------------------------------------------- the model


@dataclass
class SuggestionModel:
    """A trained suggestion model (see :func:`train`).

    Attributes
    ----------
    name
        Model name; suggestions carry ``coder="model:<name>"``.
    backend
        ``"sklearn"`` or ``"spacy"``.
    coder
        The human coder the model learnt from.
    unit
        Unit of the training examples and of the suggestions.
    codes
        The codes the model predicts.
    skipped_codes
        Codes with too few examples: not trained, never predicted.
    report
        One row per code the coder used: ``code, n_examples, n_documents, status``.
    seed, min_examples, roles, lang
        Training settings.
    n_documents, n_units
        Size of the training data.
    train_seconds
        Wall-clock training time.
    """

    name: str
    backend: str
    coder: str
    unit: str
    codes: list[str]
    skipped_codes: list[str]
    report: pd.DataFrame
    seed: int
    min_examples: int
    roles: Iterable[str] | str | None
    lang: str | None
    n_documents: int
    n_units: int
    train_seconds: float
    _estimator: Any = field(repr=False, default=None)
    _hybrid: Any = field(repr=False, default=None)

    def __repr__(self) -> str:
        return (
            f"SuggestionModel(name={self.name!r}, backend={self.backend!r}, coder={self.coder!r}, unit={self.unit!r}, "
            f"codes={len(self.codes)}, skipped={len(self.skipped_codes)}, documents={self.n_documents}, units={self.n_units})"
        )

    def predict_proba(self, units: pd.DataFrame) -> pd.DataFrame:
        """Probability of each code for each unit.

        Parameters
        ----------
        units
            A units table (``text`` column needed).

        Returns
        -------
        pandas.DataFrame
            ``units x codes`` probabilities, index aligned with ``units``.

        Examples
        --------
        >>> import pandas as pd
        >>> from researchkit.transcripts import Corpus, Transcript
        >>> corpus = Corpus([Transcript(f"R{i}", "Drugs in de haven. Mooi weer.") for i in range(3)])
        >>> rows = pd.DataFrame({"doc_id": ["R0", "R1", "R2"], "start": 0, "end": 18, "code": "DRUGS",
        ...                      "coder": "ann", "source": "manual"})
        >>> model = train(rows, corpus, coder="ann", min_examples=2)
        >>> p = model.predict_proba(pd.DataFrame({"text": ["Drugs aan boord.", "Regen."]}))
        >>> list(p.columns), bool(p.loc[0, "DRUGS"] > p.loc[1, "DRUGS"])
        (['DRUGS'], True)
        """
        if not self.codes or len(units) == 0:
            return pd.DataFrame(np.zeros((len(units), len(self.codes))), columns=self.codes, index=units.index)
        if self._hybrid is not None:
            return pd.DataFrame(self._hybrid.predict_proba(units), columns=self.codes, index=units.index)
        proba = self._estimator.predict_proba(units["text"].astype(str).tolist())
        return pd.DataFrame(proba, columns=self.codes, index=units.index)

    def decide(self, units: pd.DataFrame, *, threshold: float | None = None,
               corpus: Corpus | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Which codes to suggest for each unit, and with what confidence.

        The hybrid model decides each code by the mode chosen in training (its own
        threshold, the rules, or both); the other backends by ``threshold`` (default 0.5).

        Returns
        -------
        (numpy.ndarray, numpy.ndarray)
            Boolean ``(units, codes)`` suggestions and float confidences.
        """
        if self._hybrid is not None and threshold is None:
            return self._hybrid.decide(units, corpus=corpus)
        proba = self.predict_proba(units).to_numpy()
        return proba >= (0.5 if threshold is None else threshold), proba

    def predict(
        self,
        corpus: Corpus,
        *,
        threshold: float | None = None,
        documents: Sequence[str] | None = None,
        units: pd.DataFrame | None = None,
    ) -> pd.DataFrame:
        """Suggest codes for the units of a corpus.

        Parameters
        ----------
        corpus
            The corpus to suggest codes for (usually the documents not yet coded).
        threshold
            Suggest a code when its probability is at least this (between 0 and 1). Default:
            each code's own decision learnt in training (hybrid backend), else 0.5.
        documents
            Only these documents.
        units
            Pre-computed units table (same unit kind as the model).

        Returns
        -------
        pandas.DataFrame
            Codings shape: ``doc_id, start, end, code, coder, source, text, unit,
            confidence`` with ``coder="model:<name>"``, ``source="model"``, one row per
            unit and suggested code, in document and text order.

        Examples
        --------
        >>> import pandas as pd
        >>> from researchkit.transcripts import Corpus, Transcript
        >>> corpus = Corpus([Transcript(f"R{i}", "Drugs in de haven. Mooi weer.") for i in range(3)])
        >>> rows = pd.DataFrame({"doc_id": ["R0", "R1", "R2"], "start": 0, "end": 18, "code": "DRUGS",
        ...                      "coder": "ann", "source": "manual"})
        >>> model = train(rows, corpus, coder="ann", min_examples=2)
        >>> model.predict(corpus, documents=["R0"])[["doc_id", "text", "code", "source"]].values.tolist()
        [['R0', 'Drugs in de haven.', 'DRUGS', 'model']]
        """
        if threshold is not None and not 0 < threshold < 1:
            raise SuggestionError("RK410", f"threshold={threshold} must be between 0 and 1", hint="use e.g. 0.5")
        if units is None:
            doc_ids = None if documents is None else [d for d in corpus.doc_ids if d in set(documents)]
            units = corpus_units(corpus, self.unit, roles=self.roles, lang=self.lang, doc_ids=doc_ids)
        elif documents is not None:
            units = units[units["doc_id"].isin(set(documents))]
        units = units.reset_index(drop=True)
        chosen, proba = self.decide(units, threshold=threshold, corpus=corpus)
        rows, cols = np.nonzero(chosen)
        out = pd.DataFrame(
            {
                "doc_id": units["doc_id"].to_numpy()[rows],
                "start": units["start"].to_numpy()[rows].astype("int64"),
                "end": units["end"].to_numpy()[rows].astype("int64"),
                "code": np.asarray(self.codes, dtype=object)[cols],
                "coder": f"model:{self.name}",
                "source": "model",
                "text": units["text"].to_numpy()[rows],
                "unit": self.unit,
                "confidence": proba[rows, cols],
            }
        )
        out = out.astype({"doc_id": "object", "code": "object", "coder": "object", "source": "object",
                          "text": "object", "unit": "object"})
        return out.reset_index(drop=True)


def _report(data: LabelledUnits, min_examples: int) -> tuple[list[str], list[str], pd.DataFrame]:
    n_examples = data.labels.sum(axis=0)
    doc_arr = data.units["doc_id"].to_numpy()
    rows, trained, skipped = [], [], []
    for j, code in enumerate(data.codes):
        n_docs = len(set(doc_arr[data.labels[:, j]]))
        n = int(n_examples[j])
        if n < min_examples:
            status = f"skipped: {n} example(s), fewer than min_examples={min_examples}"
            skipped.append(code)
        elif n == len(data.units):
            status = "skipped: every unit has this code, nothing to tell apart"
            skipped.append(code)
        else:
            status = "trained"
            trained.append(code)
        rows.append({"code": code, "n_examples": n, "n_documents": n_docs, "status": status})
    return trained, skipped, pd.DataFrame(rows, columns=["code", "n_examples", "n_documents", "status"])


def _hybrid_report(suggester: Any, data: LabelledUnits, min_examples: int) -> tuple[list[str], list[str], pd.DataFrame]:
    n_examples = data.labels.sum(axis=0)
    doc_arr = data.units["doc_id"].to_numpy()
    hits_any = suggester.space.rules is not None
    rows, codes, skipped = [], [], []
    for j, code in enumerate(data.codes):
        mode = suggester.estimator.modes[j]
        has_model = suggester.estimator.estimators[j] is not None
        if has_model:
            status = {"model": "trained: the model decides",
                      "rules": "trained: the rules decide (they beat the model in inner cross-validation)",
                      "union": "trained: the model or the rules",
                      "off": "trained, not suggested: too weak in inner cross-validation and no rule hits"}[mode]
        elif hits_any:
            status = f"rules only: {int(n_examples[j])} example(s), fewer than min_examples={min_examples}"
        else:
            status = f"skipped: {int(n_examples[j])} example(s), fewer than min_examples={min_examples}"
        (codes if (has_model or hits_any) else skipped).append(code)
        rows.append({"code": code, "n_examples": int(n_examples[j]), "n_documents": len(set(doc_arr[data.labels[:, j]])),
                     "status": status})
    return codes, skipped, pd.DataFrame(rows, columns=["code", "n_examples", "n_documents", "status"])


def fit_labelled(
    data: LabelledUnits,
    *,
    coder: str,
    min_examples: int = 5,
    seed: int = 0,
    backend: str = "sklearn",
    name: str | None = None,
    roles: Iterable[str] | str | None = None,
    lang: str | None = "nl",
    options: dict | None = None,
    corpus: Corpus | None = None,
    rules: pd.DataFrame | None = None,
    codebook: Any = None,
    known: np.ndarray | None = None,
    space: Any = None,
) -> SuggestionModel:
    """Train a :class:`SuggestionModel` on already labelled units (used by :func:`train` and the evaluation).

    ``corpus`` (and optionally ``rules``, ``codebook``, ``known``, a fitted feature
    ``space``) are needed by the ``"hybrid"`` backend; see :func:`train`.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from researchkit.suggest.data import LabelledUnits
    >>> units = pd.DataFrame({"doc_id": ["d"] * 4, "text": ["drugs haven", "weer", "drugs kade", "zon"]})
    >>> data = LabelledUnits(units, ["X"], np.array([[1], [0], [1], [0]], bool), "sentence")
    >>> fit_labelled(data, coder="ann", min_examples=2).codes
    ['X']
    """
    if min_examples < 1:
        raise SuggestionError("RK410", f"min_examples={min_examples} must be at least 1", hint="use e.g. 5")
    if backend not in BACKENDS:
        raise SuggestionError("RK410", f"unknown backend {backend!r}", hint=f"use one of {', '.join(BACKENDS)}")
    t0 = time.perf_counter()
    hybrid = None
    if backend == "hybrid":
        if corpus is None:
            raise SuggestionError("RK410", "the hybrid backend needs the corpus of the units",
                                  hint="pass corpus= (train() does this for you)")
        from researchkit.suggest.suggester import fit_hybrid

        hybrid = fit_hybrid(data, corpus=corpus, rules=rules, codebook=codebook, min_examples=min_examples, seed=seed,
                            known=known, space=space, roles=roles, options=options)
        trained, skipped, report = _hybrid_report(hybrid, data, min_examples)
        estimator = None
    else:
        estimator = _make_backend(backend, seed, lang, dict(options or {}))
        trained, skipped, report = _report(data, min_examples)
        if trained:
            cols = [data.codes.index(c) for c in trained]
            estimator.fit(data.units["text"].astype(str).tolist(), data.labels[:, cols])
    seconds = time.perf_counter() - t0
    if hybrid is not None and trained != list(data.codes):
        hybrid = _restrict(hybrid, data.codes, trained)
    return SuggestionModel(
        name=name or BACKENDS[backend],
        backend=backend,
        coder=coder,
        unit=data.unit,
        codes=trained,
        skipped_codes=skipped,
        report=report,
        seed=seed,
        min_examples=min_examples,
        roles=roles,
        lang=lang,
        n_documents=len(data.doc_ids),
        n_units=len(data.units),
        train_seconds=seconds,
        _estimator=estimator,
        _hybrid=hybrid,
    )


def _restrict(hybrid: Any, codes: list[str], keep: list[str]) -> Any:
    """The hybrid model limited to the codes in ``keep`` (codes it can never suggest are dropped)."""
    import dataclasses

    idx = [codes.index(c) for c in keep]
    est = hybrid.estimator
    est = dataclasses.replace(
        est, n_codes=len(idx), estimators=[est.estimators[i] for i in idx], calibration=[est.calibration[i] for i in idx],
        thresholds=est.thresholds[idx], modes=[est.modes[i] for i in idx], inner_f1=est.inner_f1[idx],
    )
    precision = None if hybrid.rule_precision is None else hybrid.rule_precision[idx]
    return dataclasses.replace(hybrid, estimator=est, codes=list(keep), rule_precision=precision)


def train(
    codings: pd.DataFrame,
    corpus: Corpus,
    *,
    coder: str,
    unit: str = "sentence",
    min_examples: int = 5,
    seed: int = 0,
    backend: str = "hybrid",
    name: str | None = None,
    roles: Iterable[str] | str | None = None,
    documents: Sequence[str] | None = None,
    lang: str | None = "nl",
    units: pd.DataFrame | None = None,
    options: dict | None = None,
    rules: Any = None,
    codebook: Any = None,
) -> SuggestionModel:
    """Train a multi-label suggestion model on the units a human coder has coded.

    Parameters
    ----------
    codings
        Codings table; ``coder``'s rows are the labels.
    corpus
        The corpus the codings refer to.
    coder
        The human coder to learn from.
    unit
        ``"sentence"`` (default), ``"turn"`` or ``"paragraph"``: a unit is a positive
        example of a code when one of the coder's codings of it overlaps the unit.
    min_examples
        Codes with fewer coded units are not trained (see ``model.skipped_codes``).
    seed
        Seed; the same data and seed give the same model and suggestions.
    backend
        ``"hybrid"`` (default: words, characters, the question asked and the rules' hits,
        one calibrated classifier per code with its own threshold, falling back to the
        rules where they do better; see :mod:`researchkit.suggest.hybrid`),
        ``"sklearn"`` (TF-IDF + logistic regression on the text only) or ``"spacy"``.
    name
        Model name (default ``"tfidf-logreg"`` / ``"spacy-textcat"``).
    roles
        Learn from (and later suggest for) units of these roles only, e.g. ``"respondent"``.
    documents
        Training documents; default every document in which ``coder`` made a coding.
    lang
        Language of the sentence splitter (and of the spaCy pipeline).
    units
        Pre-computed units table.
    rules
        The codebook's rule codings of the corpus (a codings table), or a
        :class:`~researchkit.codebook.Codebook` to auto-code the corpus with; used by the
        hybrid backend as features and as fall-back. ``None``: text and context only.
    codebook
        The code tree for the hybrid backend (default: ``rules`` when it is a codebook).
    options
        Backend options (hybrid: ``alpha``, ``inner_folds``, ``margin``, ``rule_weight``,
        ``context_weight``; sklearn: ``C``, ``class_weight``; spaCy: ``epochs``, ``dropout``,
        ``batch_size``, ``architecture`` = ``"ensemble"`` (spaCy's default) or ``"bow"``).

    Returns
    -------
    SuggestionModel

    Raises
    ------
    SuggestionError
        ``RK409`` when the coder has no codings, ``RK410`` for an unknown backend.

    Examples
    --------
    >>> import pandas as pd
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript(f"R{i}", "Drugs in de haven. Mooi weer.") for i in range(3)])
    >>> rows = pd.DataFrame({"doc_id": ["R0", "R1", "R2"], "start": 0, "end": 18, "code": "DRUGS",
    ...                      "coder": "ann", "source": "manual"})
    >>> model = train(rows, corpus, coder="ann", min_examples=2, seed=0)
    >>> model.codes, model.skipped_codes, model.n_units
    (['DRUGS'], [], 6)
    """
    data = labelled_units(codings, corpus, coder=coder, unit=unit, roles=roles, documents=documents, lang=lang, units=units)
    extra: dict[str, Any] = {}
    if backend == "hybrid":
        from researchkit.suggest.suggester import rule_codings

        if codebook is None and rules is not None and not isinstance(rules, pd.DataFrame):
            codebook = rules
        extra = {"corpus": corpus, "codebook": codebook,
                 "rules": rule_codings(corpus, rules, unit=unit, roles=roles)}
    return fit_labelled(
        data, coder=coder, min_examples=min_examples, seed=seed, backend=backend, name=name, roles=roles, lang=lang,
        options=options, **extra,
    )

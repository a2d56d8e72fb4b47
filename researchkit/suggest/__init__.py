"""Model-assisted coding: learn a human coder's codes, suggest them for uncoded text, measure how well.

Like "autocode from existing coding patterns" in commercial tools, but local (no
network, no downloaded model), open and measured:

* :func:`train` — a multi-label classifier on the units a human coded
  (scikit-learn TF-IDF + logistic regression by default; spaCy ``textcat_multilabel``
  as an alternative), deterministic given a seed;
* :meth:`SuggestionModel.predict` — suggestions in the codings shape
  (``coder="model:<name>"``, ``source="model"``, ``confidence``), to be reviewed
  (accepted or rejected) in the project before they count as codings;
* :func:`evaluate_suggestions` — cross-validated (by document) per-code precision,
  recall, F1 and kappa against the human; :func:`learning_curve` — quality against the
  number of coded interviews; :func:`compare_backends`.

Codes with too few examples are listed in ``model.skipped_codes`` and
``model.report``, never silently predicted.

Examples
--------
>>> import researchkit as rk
>>> rk.suggest.BACKENDS["sklearn"]
'tfidf-logreg'
"""

from researchkit.suggest.data import LabelledUnits, corpus_units, labelled_units
from researchkit.suggest.evaluate import compare_backends, document_folds, evaluate_suggestions, learning_curve, scores
from researchkit.suggest.model import BACKENDS, SuggestionModel, fit_labelled, train

__all__ = [
    "BACKENDS",
    "LabelledUnits",
    "SuggestionModel",
    "compare_backends",
    "corpus_units",
    "document_folds",
    "evaluate_suggestions",
    "fit_labelled",
    "labelled_units",
    "learning_curve",
    "scores",
    "train",
]

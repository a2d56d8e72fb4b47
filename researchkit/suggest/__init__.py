"""Model-assisted coding: learn a human coder's codes, suggest them for uncoded text, measure how well.

Like "autocode from existing coding patterns" in commercial tools, but local (no
network, no downloaded model), open and measured:

* :func:`train` — a multi-label model on the units a human coded: by default the
  *hybrid* model (words, character n-grams, the question asked and the codebook rules'
  hits as features; one calibrated classifier per code with its own threshold chosen in
  inner cross-validation by interview; the rules decide wherever they did better), with
  TF-IDF + logistic regression and spaCy ``textcat_multilabel`` as alternatives;
  deterministic given a seed;
* :func:`compare_with_rules` — the rules, the model and the model + rules, measured in
  the same folds of whole interviews;
* :class:`ActiveLearner`, :func:`order_suggestions`, :func:`active_learning_curve` —
  a review queue in the order that teaches the model most, retrained after each batch
  of decisions, and the measurement of whether that helps;
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
>>> rk.suggest.BACKENDS["sklearn"], sorted(rk.suggest.SYSTEMS)
('tfidf-logreg', ['model', 'model+rules', 'rules'])
"""

from researchkit.suggest.active import ORDERINGS, ActiveLearner, active_learning_curve, order_suggestions
from researchkit.suggest.compare import SYSTEMS, compare_with_rules, summarise_systems
from researchkit.suggest.data import LabelledUnits, corpus_units, labelled_units
from researchkit.suggest.evaluate import compare_backends, document_folds, evaluate_suggestions, learning_curve, scores
from researchkit.suggest.model import BACKENDS, SuggestionModel, fit_labelled, train

__all__ = [
    "ActiveLearner",
    "ORDERINGS",
    "SYSTEMS",
    "active_learning_curve",
    "compare_with_rules",
    "order_suggestions",
    "summarise_systems",
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

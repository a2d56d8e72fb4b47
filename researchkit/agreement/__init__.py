"""Inter-coder agreement: coefficients, the per-code agreement table, disagreements and adjudication.

Reviewers of a qualitative study ask first how reliable the coding is. This package
answers per code, over *every* unit of the documents (coded or not), with the unit of
analysis stated and undefined coefficients shown as ``NaN`` with the reason.

* :mod:`~researchkit.agreement.coefficients` — ``percent_agreement``, ``cohen_kappa``,
  ``fleiss_kappa``, ``brennan_prediger``, ``krippendorff_alpha``, ``bootstrap_ci``.
* :func:`agreement` — the per-code table (sentence, turn, paragraph, document or
  character units).
* :func:`disagreements` and :func:`adjudicate` — the units where coders differ, ready
  for an adjudication meeting, and the consensus codings that come out of it.

Examples
--------
>>> import researchkit as rk
>>> round(rk.agreement.cohen_kappa(["a", "a", "b", "b"], ["a", "b", "b", "b"]), 2)
0.5
"""

from researchkit.agreement.coefficients import (
    LEVELS,
    Tallies,
    binary_coefficients,
    bootstrap_ci,
    brennan_prediger,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
)
from researchkit.agreement.disagreements import adjudicate, disagreements
from researchkit.agreement.table import AGREEMENT_UNITS, OVERALL, agreement

__all__ = [
    "AGREEMENT_UNITS",
    "LEVELS",
    "OVERALL",
    "Tallies",
    "adjudicate",
    "agreement",
    "binary_coefficients",
    "bootstrap_ci",
    "brennan_prediger",
    "cohen_kappa",
    "disagreements",
    "fleiss_kappa",
    "krippendorff_alpha",
    "percent_agreement",
]

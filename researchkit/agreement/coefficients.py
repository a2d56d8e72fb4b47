"""Agreement coefficients: percent agreement, Cohen's and Fleiss' kappa, Brennan-Prediger, Krippendorff's alpha.

The scalar functions take the reliability data in the usual textbook shapes and lean on
well-kept libraries where one exists (:func:`krippendorff.alpha`,
:func:`sklearn.metrics.cohen_kappa_score`). Fleiss' kappa and Brennan-Prediger are a few
lines each and are written out here.

The ``binary_*`` functions compute the same coefficients in closed form from *tallies*
of presence/absence decisions, vectorised over codes (and bootstrap replicates). They
are what :func:`researchkit.agreement.agreement` uses, so that 80 codes x 40,000 units
cost a handful of numpy operations instead of 80 library calls; the tests check them
against the library functions.

A coefficient that is undefined (no variation: every unit got the same value from every
coder) is ``NaN`` — never a made-up 1.0 — and the scalar functions say why in an
:class:`~researchkit.errors.AgreementWarning`.

Examples
--------
Krippendorff's (2011) computing example, four coders, twelve units, missing values:

>>> import numpy as np
>>> nan = np.nan
>>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
>>> round(krippendorff_alpha(data, level="nominal"), 3)
0.743
>>> round(krippendorff_alpha(data, level="interval"), 3)
0.849
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, Callable, Literal, Sequence

ArrayLike = Any  # a coders x units table: list of lists, numpy array


import numpy as np

from researchkit.errors import AgreementError, AgreementWarning

LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")
NO_VARIATION = "no variation: every unit got the same value from every coder, so chance agreement is 1 and the coefficient is undefined"

__all__ = [
    "LEVELS",
    "Tallies",
    "binary_coefficients",
    "bootstrap_ci",
    "brennan_prediger",
    "cohen_kappa",
    "fleiss_kappa",
    "krippendorff_alpha",
    "percent_agreement",
]


# --------------------------------------------------------------------------- helpers


def _as_reliability_data(data: ArrayLike, *, name: str = "data") -> np.ndarray:
    """Return ``data`` as a 2-D coders x units object/float array, checked."""
    try:
        arr = np.asarray(data, dtype=float)
    except (TypeError, ValueError):
        arr = np.asarray(data, dtype=object)
    if arr.ndim != 2:
        raise AgreementError(
            "RK407",
            f"{name} must be a coders x units table (2-D), got an array of shape {arr.shape}",
            hint="pass one row per coder and one column per unit, with NaN for a missing value",
        )
    if arr.shape[0] < 2:
        raise AgreementError(
            "RK402",
            f"{name} has {arr.shape[0]} coder row(s); agreement needs at least two coders",
            hint="add the codings of a second coder",
        )
    return arr


def _missing(arr: np.ndarray) -> np.ndarray:
    if arr.dtype == object:
        return np.array([[v is None or (isinstance(v, float) and np.isnan(v)) for v in row] for row in arr], dtype=bool)
    return np.isnan(arr)


def _warn(reason: str, what: str) -> None:
    warnings.warn(f"[RK407] {what} is NaN: {reason}", AgreementWarning, stacklevel=3)


def _pair(a: Sequence, b: Sequence) -> tuple[np.ndarray, np.ndarray]:
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise AgreementError(
            "RK407",
            f"the two coders' ratings differ in length ({len(a)} and {len(b)} units)",
            hint="give one rating per unit for both coders, with NaN where a coder did not rate a unit",
        )
    arr = _as_reliability_data([a, b])
    keep = ~_missing(arr).any(axis=0)
    return arr[0, keep], arr[1, keep]


# --------------------------------------------------------------------------- scalar coefficients


def percent_agreement(data: ArrayLike) -> float:
    """Share of units on which all coders who rated the unit gave the same value.

    Parameters
    ----------
    data
        Coders x units table (list of lists or array); ``NaN`` marks a missing rating.
        Units rated by fewer than two coders are left out.

    Returns
    -------
    float
        Between 0 and 1; ``NaN`` when no unit has two ratings.

    Examples
    --------
    >>> percent_agreement([[1, 1, 0, 1], [1, 0, 0, 1]])
    0.75
    """
    arr = _as_reliability_data(data)
    miss = _missing(arr)
    agree = []
    for j in range(arr.shape[1]):
        values = arr[~miss[:, j], j]
        if len(values) >= 2:
            agree.append(all(v == values[0] for v in values[1:]))
    if not agree:
        _warn("no unit was rated by at least two coders", "percent agreement")
        return float("nan")
    return float(np.mean(agree))


def cohen_kappa(a: Sequence, b: Sequence, *, weights: Literal["linear", "quadratic"] | None = None) -> float:
    """Cohen's (1960) kappa for two coders, via :func:`sklearn.metrics.cohen_kappa_score`.

    Units where either coder gave no rating (``NaN``/``None``) are left out.

    Parameters
    ----------
    a, b
        The two coders' ratings, one per unit, any hashable category.
    weights
        ``None`` (Cohen's kappa), ``"linear"`` or ``"quadratic"`` (weighted kappa for
        ordered categories).

    Returns
    -------
    float
        Kappa; ``NaN`` (with an :class:`AgreementWarning`) when chance agreement is 1,
        i.e. both coders gave every unit the same single value.

    Examples
    --------
    Wikipedia's 50-item example (20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no):

    >>> a = ["yes"] * 25 + ["no"] * 25
    >>> b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    >>> round(cohen_kappa(a, b), 2)
    0.4
    """
    from sklearn.metrics import cohen_kappa_score

    x, y = _pair(a, b)
    if len(x) == 0:
        _warn("no unit was rated by both coders", "Cohen's kappa")
        return float("nan")
    if len(set(x.tolist()) | set(y.tolist())) < 2:
        _warn(NO_VARIATION, "Cohen's kappa")
        return float("nan")
    labels = sorted(set(x.tolist()) | set(y.tolist()), key=str)
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        value = float(cohen_kappa_score(list(x), list(y), labels=labels, weights=weights))
    if np.isnan(value):
        _warn(NO_VARIATION, "Cohen's kappa")
    return value


def brennan_prediger(a: Sequence, b: Sequence, *, n_categories: int | None = None) -> float:
    """Brennan and Prediger's (1981) kappa: chance agreement fixed at ``1 / q``.

    Parameters
    ----------
    a, b
        The two coders' ratings; units with a missing rating are left out.
    n_categories
        ``q``, the number of categories the coders could choose from. Default: the number
        of categories observed in ``a`` and ``b`` (pass the real number when some
        categories were never used; for presence/absence coding ``q = 2``).

    Examples
    --------
    >>> a = ["yes"] * 25 + ["no"] * 25
    >>> b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    >>> round(brennan_prediger(a, b), 2)   # (0.70 - 1/2) / (1 - 1/2)
    0.4
    """
    x, y = _pair(a, b)
    if len(x) == 0:
        _warn("no unit was rated by both coders", "Brennan-Prediger kappa")
        return float("nan")
    q = n_categories if n_categories is not None else len(set(x.tolist()) | set(y.tolist()))
    if q < 2:
        raise AgreementError(
            "RK407",
            f"Brennan-Prediger needs at least two possible categories, got n_categories={q}",
            hint="pass n_categories= with the number of categories in the coding scheme (2 for present/absent)",
        )
    po = float(np.mean(x == y))
    return (po - 1.0 / q) / (1.0 - 1.0 / q)


def fleiss_kappa(counts: ArrayLike) -> float:
    """Fleiss' (1971) kappa from a subjects x categories table of rater counts.

    Parameters
    ----------
    counts
        ``counts[i, j]`` = number of raters who put subject ``i`` in category ``j``.
        Every subject must have the same number of raters (Fleiss' assumption).

    Returns
    -------
    float
        Kappa; ``NaN`` (with a warning) when every rating falls in one category.

    Examples
    --------
    Wikipedia's worked example (10 subjects, 14 raters, 5 categories):

    >>> table = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0],
    ...          [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2],
    ...          [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
    >>> round(fleiss_kappa(table), 3)
    0.21
    """
    table = np.asarray(counts, dtype=float)
    if table.ndim != 2 or table.shape[0] == 0:
        raise AgreementError(
            "RK407",
            f"counts must be a non-empty subjects x categories table, got shape {table.shape}",
            hint="build it with one row per subject and one column per category",
        )
    if (table < 0).any() or (table != np.round(table)).any():
        raise AgreementError("RK407", "counts must be non-negative whole numbers", hint="count raters per category")
    raters = table.sum(axis=1)
    if not np.all(raters == raters[0]):
        bad = int(np.flatnonzero(raters != raters[0])[0])
        raise AgreementError(
            "RK407",
            f"subject {bad} has {int(raters[bad])} ratings but subject 0 has {int(raters[0])}; "
            "Fleiss' kappa needs the same number of raters for every subject",
            hint="use krippendorff_alpha, which allows missing ratings",
        )
    n = raters[0]
    if n < 2:
        raise AgreementError("RK402", f"each subject has {int(n)} rating(s); Fleiss' kappa needs at least two raters")
    p_j = table.sum(axis=0) / table.sum()
    p_i = ((table * (table - 1)).sum(axis=1)) / (n * (n - 1))
    p_bar, pe = p_i.mean(), float((p_j**2).sum())
    if np.isclose(pe, 1.0):
        _warn(NO_VARIATION, "Fleiss' kappa")
        return float("nan")
    return float((p_bar - pe) / (1.0 - pe))


def krippendorff_alpha(data: ArrayLike, level: str = "nominal", *, value_domain: Sequence | None = None) -> float:
    """Krippendorff's alpha via the ``krippendorff`` package.

    Parameters
    ----------
    data
        Coders x units table; ``NaN`` marks a missing value. Values may be numbers, or
        strings for the nominal level (or with an ordered ``value_domain``).
    level
        ``"nominal"``, ``"ordinal"``, ``"interval"`` or ``"ratio"``.
    value_domain
        The possible values, in order (needed for ordinal strings).

    Returns
    -------
    float
        Alpha; ``NaN`` (with a warning) when there is no variation to speak of.

    Examples
    --------
    Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C:

    >>> import numpy as np
    >>> nan = np.nan
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> [round(krippendorff_alpha(data, level=lv), 3) for lv in ("nominal", "ordinal", "interval", "ratio")]
    [0.743, 0.815, 0.849, 0.797]
    """
    import krippendorff

    if level not in LEVELS:
        raise AgreementError(
            "RK407",
            f"level={level!r} is not a level of measurement",
            hint=f"use one of {', '.join(LEVELS)}",
        )
    arr = _as_reliability_data(data)
    miss = _missing(arr)
    pairable = (~miss).sum(axis=0) >= 2
    if not pairable.any():
        _warn("no unit was rated by at least two coders", "Krippendorff's alpha")
        return float("nan")
    values = arr[~miss]
    if len({v for v in values.tolist()}) < 2 and value_domain is None:
        _warn(NO_VARIATION, "Krippendorff's alpha")
        return float("nan")
    if arr.dtype == object:
        arr = np.where(miss, np.nan, arr)
        if level != "nominal" and value_domain is None:
            raise AgreementError(
                "RK407",
                f"{level} alpha on text values needs value_domain= with the values in order",
                hint="pass value_domain=['low', 'mid', 'high'] or code the values as numbers",
            )
        if value_domain is None:
            value_domain = sorted({str(v) for v in values.tolist()})
        arr = arr.astype(str)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = float(
            krippendorff.alpha(reliability_data=arr, level_of_measurement=level, value_domain=value_domain)
        )
    if np.isnan(value):
        _warn(NO_VARIATION, "Krippendorff's alpha")
    return value


# --------------------------------------------------------------------------- bootstrap (scalar)


_COEFFICIENTS: dict[str, Callable] = {
    "alpha": lambda d, level: krippendorff_alpha(d, level=level),
    "cohen_kappa": lambda d, level: cohen_kappa(d[0], d[1]),
    "percent_agreement": lambda d, level: percent_agreement(d),
}


def bootstrap_ci(
    data: ArrayLike,
    coefficient: Literal["alpha", "cohen_kappa", "percent_agreement"] | Callable = "alpha",
    *,
    level: str = "nominal",
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> tuple[float, float, float]:
    """Percentile bootstrap confidence interval for a coefficient, resampling units.

    Parameters
    ----------
    data
        Coders x units table (``NaN`` = missing).
    coefficient
        ``"alpha"``, ``"cohen_kappa"`` (first two coders), ``"percent_agreement"``, or a
        callable taking a coders x units array and returning a float.
    level
        Level of measurement for alpha.
    n_boot
        Number of bootstrap replicates.
    confidence
        Width of the interval (0.95 gives the 2.5th and 97.5th percentiles).
    seed
        Seed of the random generator; the same seed gives the same interval.

    Returns
    -------
    tuple of float
        ``(estimate, low, high)``; replicates where the coefficient is undefined are
        left out of the percentiles.

    Examples
    --------
    >>> data = [[1, 1, 0, 0, 1, 0, 1, 1, 0, 1], [1, 1, 0, 1, 1, 0, 1, 0, 0, 1]]
    >>> est, lo, hi = bootstrap_ci(data, "cohen_kappa", n_boot=200, seed=1)
    >>> lo <= est <= hi
    True
    """
    arr = _as_reliability_data(data)
    if not 0 < confidence < 1:
        raise AgreementError("RK407", f"confidence={confidence} must be between 0 and 1", hint="use e.g. 0.95")
    fn = _COEFFICIENTS.get(coefficient) if isinstance(coefficient, str) else None
    if isinstance(coefficient, str) and fn is None:
        raise AgreementError(
            "RK407", f"unknown coefficient {coefficient!r}", hint=f"use one of {', '.join(_COEFFICIENTS)} or a function"
        )
    stat = (lambda d: fn(d, level)) if fn is not None else coefficient
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AgreementWarning)
        estimate = float(stat(arr))
        rng = np.random.default_rng(seed)
        n_units = arr.shape[1]
        reps = []
        for _ in range(n_boot):
            idx = rng.integers(0, n_units, n_units)
            reps.append(float(stat(arr[:, idx])))
    reps_arr = np.asarray(reps)
    reps_arr = reps_arr[~np.isnan(reps_arr)]
    if len(reps_arr) == 0:
        return estimate, float("nan"), float("nan")
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(reps_arr, [tail, 100 - tail])
    return estimate, float(low), float(high)


# --------------------------------------------------------------------------- vectorised binary tallies


@dataclass
class Tallies:
    """Presence/absence tallies for binary (code present or not) decisions.

    All arrays share a trailing "code" axis and may carry leading axes (bootstrap
    replicates). ``m`` coders rated ``n`` units each, every unit by every coder.

    Attributes
    ----------
    n
        Units, shape ``(...)`` or ``(..., codes)``.
    marginals
        Units marked by each coder, shape ``(coders, ..., codes)``.
    hist
        ``hist[k]`` = units marked by exactly ``k`` coders, shape ``(m + 1, ..., codes)``.
    """

    n: np.ndarray
    marginals: np.ndarray
    hist: np.ndarray

    @property
    def m(self) -> int:
        """Number of coders."""
        return self.hist.shape[0] - 1


def binary_coefficients(t: Tallies) -> dict[str, np.ndarray]:
    """Closed-form agreement coefficients for presence/absence decisions, vectorised.

    Parameters
    ----------
    t
        The tallies (see :class:`Tallies`).

    Returns
    -------
    dict of numpy arrays
        ``percent_agreement`` (all coders agree), ``cohen_kappa`` (only for two
        coders), ``fleiss_kappa``, ``brennan_prediger`` (``q = 2``, pairwise agreement)
        and ``alpha`` (nominal Krippendorff alpha); ``NaN`` where undefined.

    Examples
    --------
    Wikipedia's Cohen example as one "code": 20 both, 5 A only, 10 B only, 15 neither.

    >>> import numpy as np
    >>> t = Tallies(n=np.array([50.]), marginals=np.array([[25.], [30.]]),
    ...             hist=np.array([[15.], [15.], [20.]]))
    >>> round(float(binary_coefficients(t)["cohen_kappa"][0]), 2)
    0.4
    """
    m = t.m
    n = np.asarray(t.n, dtype=float)
    hist = np.asarray(t.hist, dtype=float)
    k = np.arange(m + 1, dtype=float).reshape((m + 1,) + (1,) * (hist.ndim - 1))
    out: dict[str, np.ndarray] = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        pa = (hist[0] + hist[m]) / n
        out["percent_agreement"] = pa
        # Fleiss: mean pairwise agreement per unit vs. chance from the pooled proportions
        pairs = (k * (k - 1) + (m - k) * (m - k - 1)) / (m * (m - 1))
        p_bar = (hist * pairs).sum(axis=0) / n
        n1 = (hist * k).sum(axis=0)
        p1 = n1 / (n * m)
        pe_f = p1**2 + (1 - p1) ** 2
        out["fleiss_kappa"] = np.where(np.isclose(pe_f, 1.0), np.nan, (p_bar - pe_f) / (1 - pe_f))
        out["brennan_prediger"] = (p_bar - 0.5) / 0.5
        if m == 2:
            marg = np.asarray(t.marginals, dtype=float)
            pa_, pb_ = marg[0] / n, marg[1] / n
            pe_c = pa_ * pb_ + (1 - pa_) * (1 - pb_)
            out["cohen_kappa"] = np.where(np.isclose(pe_c, 1.0), np.nan, (pa - pe_c) / (1 - pe_c))
        # Krippendorff nominal alpha with no missing values: 1 - (N-1) o01 / (n0 n1)
        total = n * m
        o01 = (hist * k * (m - k)).sum(axis=0) / (m - 1)
        n0 = total - n1
        out["alpha"] = np.where((n0 * n1) > 0, 1 - (total - 1) * o01 / (n0 * n1), np.nan)
    return out

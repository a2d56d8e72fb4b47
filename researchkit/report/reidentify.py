"""The re-identification check: no attribution may single out fewer than ``k`` respondents.

An attribution such as ``(R05, Havenmeester, Lauwersoog)`` identifies a person when only
one harbour master works in that port. Every attribute the report shows beside a
respondent code (the quote attribution fields and the respondent appendix) can be joined
on the code, so the check takes the combination of all of them. For every respondent
whose combination is shared by fewer than ``k`` respondents (``k = 3`` by default) the
check warns and, by default, coarsens: it keeps the largest set of fields (earlier fields
first) whose combination covers at least ``k`` respondents, and shows only those (the
respondent code alone when none does).

Examples
--------
>>> attrs = pd.DataFrame({"organisation": ["Douane", "Douane", "Douane", "Havenmeester"],
...                       "port": ["Harlingen", "Harlingen", "Harlingen", "Lauwersoog"]},
...                      index=["R01", "R02", "R03", "R04"])
>>> plan = reidentification_check(attrs, ["organisation", "port"], k=3)
>>> plan.loc["R01", "shown"], plan.loc["R04", "shown"], bool(plan.loc["R04", "coarsened"])
(('organisation', 'port'), (), True)
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import Sequence

import pandas as pd

from researchkit.errors import ReportError

__all__ = ["reidentification_check", "REIDENTIFICATION_ACTIONS", "DEFAULT_K"]

#: What the check does with a respondent whose combination covers fewer than k respondents.
REIDENTIFICATION_ACTIONS = ("coarsen", "warn", "off")
#: Smallest number of respondents an attribution must cover.
DEFAULT_K = 3


def _subsets(fields: Sequence[str]) -> list[tuple[str, ...]]:
    """Every ordered subset of ``fields``, largest first; among equal sizes, earlier fields kept first."""
    out: list[tuple[str, ...]] = []
    for size in range(len(fields), -1, -1):
        out.extend(combinations(fields, size))  # combinations() keeps the order of the fields
    return out


def _shared(combos: list[tuple[str, ...]], places: list[int]) -> list[int]:
    """For each respondent's values (``combos``), how many respondents share its values at ``places``
    (all of them for no places).

    Examples
    --------
    >>> _shared([("Douane", "Harlingen"), ("Douane", "Urk"), ("KMar", "Urk")], [0]), _shared([("a",), ("b",)], [])
    ([2, 2, 1], [2, 2])
    """
    keys = [tuple(combo[p] for p in places) for combo in combos]
    counts = Counter(keys)
    return [counts[key] for key in keys]


def reidentification_check(attributes: pd.DataFrame, fields: Sequence[str], *, k: int = DEFAULT_K) -> pd.DataFrame:
    """Per respondent: how many respondents share its combination, and which fields may be shown.

    Parameters
    ----------
    attributes
        One row per respondent (index: the respondent code), the values as shown in the report.
    fields
        The attribute columns shown beside a respondent code, in order of importance.
    k
        The smallest number of respondents a shown combination must cover.

    Returns
    -------
    pandas.DataFrame
        Index: respondent code. Columns ``covered`` (respondents sharing the full
        combination), ``unsafe`` (covered < k), ``shown`` (tuple of fields to show),
        ``coarsened`` (fewer fields shown than asked), ``dropped`` (tuple of fields left out).

    Raises
    ------
    ReportError
        ``RK530`` when ``k`` is not a positive integer or a field is not a column.
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ReportError("RK530", f"re-identification k={k!r} is not a positive whole number",
                          hint="set report.reidentification.k to e.g. 3 (an attribution must cover at least k respondents)")
    missing = [f for f in fields if f not in attributes.columns]
    if missing:
        raise ReportError("RK530", f"re-identification check: field(s) {', '.join(missing)} not in the attributes",
                          hint=f"use attribute columns: {', '.join(map(str, attributes.columns))}")
    values = attributes[list(fields)].astype(object).where(attributes[list(fields)].notna(), "").astype(str)
    combos = list(zip(*(values[f].tolist() for f in fields))) if fields else [()] * len(values)  # one per respondent
    subsets = _subsets(fields)
    sizes = {subset: _shared(combos, [list(fields).index(f) for f in subset]) for subset in subsets}
    rows = []
    full = tuple(fields)
    for i, code in enumerate(values.index):
        covered = sizes[full][i]
        shown = next((s for s in subsets if sizes[s][i] >= k), ())
        rows.append({"code": code, "covered": covered, "unsafe": covered < k, "shown": shown,
                     "coarsened": shown != full, "dropped": tuple(f for f in fields if f not in shown)})
    return pd.DataFrame(rows, columns=["code", "covered", "unsafe", "shown", "coarsened", "dropped"]).set_index("code")

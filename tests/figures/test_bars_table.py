"""frequency_bars reads its table into a codes x groups array: the bars pandas' pivot would give, duplicates refused."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from researchkit.errors import AnalysisError
from researchkit.figures import frequency_bars


def _pivot_widths(freq: pd.DataFrame, value: str, group_cols: list[str]) -> list[np.ndarray]:
    """The bar widths the former pandas route gave (pivot, reindex, fillna, scale)."""
    codes = list(dict.fromkeys(freq["code"]))
    scale = 100.0 if value == "share" else 1.0
    if not group_cols:
        return [(freq.set_index("code")[[value]].reindex(codes).fillna(0) * scale)[value].to_numpy()]
    keys = [" / ".join(map(str, r)) for r in freq[group_cols].itertuples(index=False)]
    groups = list(dict.fromkeys(keys))
    wide = freq.assign(_group=keys).pivot(index="code", columns="_group", values=value)
    wide = wide.reindex(index=codes, columns=groups).fillna(0) * scale
    return [wide[g].to_numpy() for g in groups]


def _drawn_widths(fig, n_groups: int, n_codes: int) -> list[np.ndarray]:
    patches = fig.axes[0].patches
    return [np.array([p.get_width() for p in patches[i * n_codes:(i + 1) * n_codes]]) for i in range(n_groups)]


@pytest.mark.parametrize("seed", range(6))
def test_bars_are_those_of_the_pivoted_table(seed: int) -> None:
    rng = np.random.default_rng(seed)
    codes = [f"C{i}" for i in range(7)]
    rows = [(c, g, h) for c in codes for g in ("haven", "politie", "visser") for h in ("x", "y") if rng.random() < 0.7]
    rows = [rows[i] for i in rng.permutation(len(rows))]  # codes and groups met in any order
    freq = pd.DataFrame(rows, columns=["code", "groep", "rol"])
    freq["share"] = rng.random(len(freq)) * 0.9
    freq.loc[freq.index[:2], "share"] = np.nan  # missing values are drawn as 0, as fillna(0) did
    freq["respondents"] = rng.integers(0, 9, len(freq))
    for value in ("share", "respondents"):
        expected = _pivot_widths(freq, value, ["groep", "rol"])
        drawn = _drawn_widths(frequency_bars(freq, value=value), len(expected), freq["code"].nunique())
        assert [w.tobytes() for w in drawn] == [w.tobytes() for w in expected]
    single = freq.drop_duplicates("code").drop(columns=["groep", "rol"])
    expected = _pivot_widths(single, "share", [])
    assert [w.tobytes() for w in _drawn_widths(frequency_bars(single), 1, len(single))] == [w.tobytes() for w in expected]


def test_two_rows_for_one_code_and_group_are_refused() -> None:
    freq = pd.DataFrame({"code": ["A", "B", "A"], "groep": ["x", "x", "x"], "share": [0.1, 0.2, 0.3]})
    with pytest.raises(AnalysisError, match=r"RK506.*more than one row for code 'A' and group 'x'"):
        frequency_bars(freq)
    with pytest.raises(AnalysisError, match=r"RK506.*more than one row for code 'A'\. What to do"):
        frequency_bars(freq.drop(columns="groep"))


def test_text_where_numbers_are_needed_is_explained() -> None:
    freq = pd.DataFrame({"code": ["A", "B"], "share": ["veel", "weinig"]})
    with pytest.raises(AnalysisError, match=r"RK506.*needs numbers in column 'share'.*veel"):
        frequency_bars(freq)

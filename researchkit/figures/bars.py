"""Bar charts: code frequencies, agreement per code, distinctive terms."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.colors import to_rgba

from researchkit.analysis._common import code_colors, code_names
from researchkit.errors import AnalysisError
from researchkit.figures._base import _GROUP_PALETTE, _axes, _code_label, _height, _labels, _need
from researchkit.figures.patchlimits import rectangle_limits_at_once
from researchkit.figures.tickcopies import ticks_copied
from researchkit.heap import paused_gc

__all__ = ["frequency_bars", "agreement_bars", "term_bars"]

_FREQ_COLUMNS = {"code", "name", "codings", "documents", "respondents", "n_respondents", "share", "row_pct", "col_pct"}


@paused_gc()
def frequency_bars(
    freq: pd.DataFrame,
    *,
    value: str = "share",
    ax: Any = None,
    codebook: Any = None,
    lang: str = "nl",
    title: str | None = None,
) -> Figure:
    """Horizontal bars per code, grouped by attribute when the table has groups.

    Parameters
    ----------
    freq
        Result of :func:`researchkit.analysis.frequencies` (with or without ``by``).
    value
        ``"share"`` (percentage of respondents, default), ``"respondents"``,
        ``"documents"``, ``"codings"``, ``"row_pct"`` or ``"col_pct"``.
    ax
        Draw on this axes; else a new A4-width figure.
    codebook
        Colours of the codes (used when there are no groups).
    lang
        ``"nl"`` or ``"en"`` labels.
    title
        Axes title.

    Returns
    -------
    matplotlib.figure.Figure
        Codes on the y axis (tick labels: code names), groups in the legend.

    Examples
    --------
    >>> freq = pd.DataFrame({"code": ["SIG", "VERM"], "respondents": [3, 5], "share": [0.3, 0.5]})
    >>> frequency_bars(freq).axes[0].get_xlabel()
    'Aandeel respondenten (%)'
    """
    _need(freq, ["code", value], "frequency_bars")
    labels = _labels(lang)
    group_cols = [c for c in freq.columns if c not in _FREQ_COLUMNS]
    codes = list(dict.fromkeys(freq["code"]))
    names = dict(zip(freq["code"], freq["name"])) if "name" in freq.columns else {}
    scale = 100.0 if value == "share" else 1.0
    keys = [" / ".join(map(str, r)) for r in zip(*(freq[c] for c in group_cols))] if group_cols else None
    groups = list(dict.fromkeys(keys)) if keys is not None else []
    wide = _wide_values(freq, value, codes, keys, groups) * scale
    fig, ax = _axes(ax, _height(len(codes) * max(1, min(len(groups), 4) * 0.6)))
    y = np.arange(len(codes))
    if groups:
        height = 0.8 / len(groups)
        with rectangle_limits_at_once(ax):
            for i, group in enumerate(groups):
                ax.barh(y - 0.4 + height * (i + 0.5), wide[:, i], height=height,
                        color=_GROUP_PALETTE[i % len(_GROUP_PALETTE)], label=group)
        ax.legend(title=" / ".join(group_cols), fontsize=8, title_fontsize=8, loc="upper left",
                  bbox_to_anchor=(1.01, 1.0), frameon=False)
    else:
        colors = code_colors(codes, codebook)
        with rectangle_limits_at_once(ax):
            ax.barh(y, wide[:, 0], height=0.7, color=[colors[c] for c in codes])
    with ticks_copied(fig):
        ax.set_yticks(y, [_code_label(c, names.get(c)) for c in codes], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(labels.get(value, value))
    if value == "share":
        ax.set_xlim(0, 100)
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title)
    return fig


def _wide_values(freq: pd.DataFrame, value: str, codes: list, keys: list[str] | None = None,
                 groups: list[str] | None = None) -> np.ndarray:
    """The ``value`` column of ``freq`` as a codes x groups array (rows in ``codes`` order, columns in
    ``groups`` order; ``keys`` names each row's group; one column without groups), 0 where a code has
    no row for a group or its value is missing. Two rows for one code and group are an error.

    Examples
    --------
    >>> freq = pd.DataFrame({"code": ["A", "B", "A"], "share": [0.5, None, 0.25]})
    >>> _wide_values(freq, "share", ["A", "B"], ["x", "x", "y"], ["x", "y"]).tolist()
    [[0.5, 0.25], [0.0, 0.0]]
    """
    row_of = {code: i for i, code in enumerate(codes)}
    rows = np.fromiter((row_of[c] for c in freq["code"]), dtype=np.intp, count=len(freq))
    if keys is None or not groups:  # (no groups, or no rows)
        n_columns, columns = 1, np.zeros(len(freq), dtype=np.intp)
    else:
        column_of = {group: j for j, group in enumerate(groups)}
        n_columns, columns = len(groups), np.fromiter((column_of[k] for k in keys), dtype=np.intp, count=len(keys))
    cells = rows * n_columns + columns
    if np.unique(cells).size != cells.size:
        first = int(np.flatnonzero(np.bincount(cells) > 1)[0])
        where = f"code {codes[first // n_columns]!r}" + (f" and group {groups[first % n_columns]!r}" if groups else "")
        raise AnalysisError(
            "RK506", f"frequency_bars: the table has more than one row for {where}",
            hint="pass one row per code (and group), as analysis.frequencies(...) returns it",
        )
    try:
        values = freq[value].to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise AnalysisError("RK506", f"frequency_bars needs numbers in column {value!r} ({exc})",
                            hint="pass a count or share column of analysis.frequencies(...)") from exc
    wide = np.zeros((len(codes), n_columns))
    wide[rows, columns] = np.where(np.isnan(values), 0.0, values)
    return wide


_AGREEMENT_VALUES = ("alpha", "cohen_kappa", "fleiss_kappa", "brennan_prediger", "percent_agreement")


@paused_gc()
def agreement_bars(
    table: pd.DataFrame,
    *,
    value: str | None = None,
    ax: Any = None,
    codebook: Any = None,
    lang: str = "nl",
    thresholds: Sequence[float] = (0.667, 0.8),
    title: str | None = None,
) -> Figure:
    """Agreement per code (e.g. :func:`researchkit.agreement.agreement`) as bars.

    Parameters
    ----------
    table
        One row per code with a ``code`` column and a coefficient column; an
        ``"(overall)"`` row is drawn as a dashed line; ``<value>_low``/``_high``
        columns become error bars.
    value
        The coefficient; default the first present of ``alpha, cohen_kappa,
        fleiss_kappa, brennan_prediger, percent_agreement``.
    thresholds
        Reference lines (Krippendorff's 0.667 and 0.8 by default).

    Codes whose coefficient is undefined (``NaN``) are labelled "n.v.t." / "n/a".

    Examples
    --------
    >>> table = pd.DataFrame({"code": ["SIG", "VERM"], "alpha": [0.85, float("nan")]})
    >>> [t.get_text() for t in agreement_bars(table).axes[0].texts]
    ['0.85', 'n.v.t.']
    """
    labels = _labels(lang)
    if value is None:
        value = next((v for v in _AGREEMENT_VALUES if isinstance(table, pd.DataFrame) and v in table.columns), "alpha")
    _need(table, ["code", value], "agreement_bars")
    overall = table[table["code"] == "(overall)"]
    per_code = table[table["code"] != "(overall)"]
    codes = [str(c) for c in per_code["code"]]
    names = code_names(codes, codebook)
    vals = per_code[value].to_numpy(dtype=float)
    fig, ax = _axes(ax, _height(len(codes)))
    y = np.arange(len(codes))
    colors = code_colors(codes, codebook)
    xerr = None
    if f"{value}_low" in per_code.columns and f"{value}_high" in per_code.columns:
        low = np.nan_to_num(vals - per_code[f"{value}_low"].to_numpy(dtype=float))
        high = np.nan_to_num(per_code[f"{value}_high"].to_numpy(dtype=float) - vals)
        xerr = np.vstack([np.maximum(low, 0), np.maximum(high, 0)])
    with rectangle_limits_at_once(ax):
        ax.barh(y, np.nan_to_num(vals), color=[colors[c] for c in codes], xerr=xerr, error_kw={"elinewidth": 0.8, "capsize": 2})
    for i, v in enumerate(vals):
        ax.text(max(v, 0) + 0.01 if np.isfinite(v) else 0.01, i, f"{v:.2f}" if np.isfinite(v) else labels["na"], va="center", fontsize=7)
    for t in thresholds:
        ax.axvline(t, color="#999999", linestyle=":", linewidth=0.8)
    if len(overall) and np.isfinite(float(overall[value].iloc[0])):
        ax.axvline(float(overall[value].iloc[0]), color="black", linestyle="--", linewidth=0.8, label=f"{labels['overall']} {float(overall[value].iloc[0]):.2f}")
        ax.legend(fontsize=7, frameon=False, loc="lower right")
    with ticks_copied(fig):
        ax.set_yticks(y, [_code_label(c, names[c]) for c in codes], fontsize=8)
    ax.invert_yaxis()
    finite = vals[np.isfinite(vals)]
    ax.set_xlim(min(0.0, float(finite.min()) if finite.size else 0.0) - 0.05, 1.05)
    ax.set_xlabel(f"{labels['agreement']} ({value})")
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title)
    return fig


@paused_gc()
def term_bars(
    terms: pd.DataFrame,
    *,
    value: str | None = None,
    n: int = 15,
    ax: Any = None,
    color: str = "#4C72B0",
    lang: str = "nl",
    title: str | None = None,
) -> Figure:
    """Bars of distinctive terms (``theme_summary(...).terms``, ``z``) or word
    frequencies (``word_frequencies(...)``, ``count``), top ``n``.

    Examples
    --------
    >>> terms = pd.DataFrame({"term": ["kade", "hek"], "z": [2.1, 1.4]})
    >>> [t.get_text() for t in term_bars(terms).axes[0].get_yticklabels()]
    ['kade', 'hek']
    """
    labels = _labels(lang)
    if value is None:
        value = "z" if isinstance(terms, pd.DataFrame) and "z" in terms.columns else "count"
    _need(terms, ["term", value], "term_bars")
    top = terms.head(n)
    fig, ax = _axes(ax, _height(len(top)))
    y = np.arange(len(top))
    with rectangle_limits_at_once(ax):
        ax.barh(y, top[value].to_numpy(dtype=float), color=to_rgba(color))
    with ticks_copied(fig):
        ax.set_yticks(y, top["term"].astype(str).tolist(), fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(labels.get(value, value))
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title)
    return fig

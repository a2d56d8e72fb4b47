"""Heatmaps and cell maps: crosstabs, co-occurrence, information position, white spots."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator

from researchkit.analysis._common import code_names
from researchkit.errors import AnalysisError
from researchkit.figures._base import A4_WIDTH, _axes, _code_label, _height, _labels, _need
from researchkit.figures.patchlimits import rectangle_limits_at_once
from researchkit.figures.tickcopies import ticks_copied
from researchkit.heap import paused_gc

__all__ = ["crosstab_heatmap", "cooccurrence_heatmap", "information_position_heatmap", "white_spot_map"]

def _heatmap(ax: Any, matrix: pd.DataFrame, *, cmap: Any = "Blues", fmt: str = "{:.0f}", vmin: float | None = None,
             vmax: float | None = None, annotate: bool = True) -> Any:
    values = matrix.to_numpy(dtype=float)
    image = ax.imshow(values, cmap=cmap, aspect="auto", vmin=vmin, vmax=vmax)
    with ticks_copied(ax.figure):
        ax.set_xticks(np.arange(matrix.shape[1]), [str(c) for c in matrix.columns], rotation=45, ha="right", fontsize=8)
        ax.set_yticks(np.arange(matrix.shape[0]), [str(r) for r in matrix.index], fontsize=8)
    if annotate and values.size <= 900:
        dark = np.asarray(image.norm(values)) > 0.6  # white text on dark cells, judged on the colour scale itself
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                v = values[i, j]
                if np.isfinite(v):
                    ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=7, color="white" if dark[i, j] else "black")
    # the cell borders: minor grid lines without tick marks, set before the minor ticks are made (each new tick
    # takes them from the axis) rather than applied to every tick afterwards
    ax.grid(which="minor", color="white", linewidth=1)
    ax.tick_params(which="minor", length=0)
    with ticks_copied(ax.figure):
        ax.set_xticks(np.arange(-0.5, matrix.shape[1]), minor=True)
        ax.set_yticks(np.arange(-0.5, matrix.shape[0]), minor=True)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return image


def _whole_ticks() -> MaxNLocator:
    """Colour-bar ticks for counts: whole numbers only (no "2.5 respondents")."""
    return MaxNLocator(integer=True)


@paused_gc()
def crosstab_heatmap(
    table: pd.DataFrame,
    *,
    ax: Any = None,
    cmap: str = "Blues",
    fmt: str | None = None,
    colorbar: bool = True,
    title: str | None = None,
) -> Figure:
    """Heatmap of a numeric crosstab (e.g. :func:`researchkit.analysis.crosstab`).

    Parameters
    ----------
    table
        A wide numeric table: index = rows, columns = groups (a ``"total"`` column is
        drawn too). MultiIndex columns are joined with ``" / "``.
    ax, cmap, title
        Axes, colour map, title.
    fmt
        Number format of the cell labels (default integers, or one decimal for floats).
    colorbar
        Draw a colour bar.

    Examples
    --------
    >>> table = pd.DataFrame({"politie": [2, 0], "visser": [1, 3]}, index=pd.Index(["SIG", "VERM"], name="code"))
    >>> [t.get_text() for t in crosstab_heatmap(table).axes[0].get_xticklabels()]
    ['politie', 'visser']
    """
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise AnalysisError("RK506", "crosstab_heatmap needs a non-empty wide table", hint="pass the result of analysis.crosstab(...)")
    matrix = table.copy()
    matrix.columns = [" / ".join(map(str, c)).rstrip(" /") if isinstance(c, tuple) else str(c) for c in matrix.columns]
    try:
        matrix = matrix.astype(float)
    except (TypeError, ValueError) as exc:
        raise AnalysisError("RK506", f"crosstab_heatmap needs numbers, the table holds text ({exc})", hint="use crosstab(..., value='respondents' or 'col_pct'), not value='label'") from exc
    if fmt is None:
        fmt = "{:.0f}" if np.allclose(np.nan_to_num(matrix.to_numpy()), np.round(np.nan_to_num(matrix.to_numpy()))) else "{:.1f}"
    fig, ax = _axes(ax, _height(len(matrix), per_row=0.35, base=1.8))
    image = _heatmap(ax, matrix, cmap=cmap, fmt=fmt)
    if colorbar:
        fig.colorbar(image, ax=ax, shrink=0.8, ticks=_whole_ticks() if fmt == "{:.0f}" else None)
    if title:
        ax.set_title(title)
    return fig


@paused_gc()
def cooccurrence_heatmap(
    result: pd.DataFrame,
    *,
    value: str = "c",
    ax: Any = None,
    codebook: Any = None,
    lang: str = "nl",
    diagonal: bool = False,
    title: str | None = None,
) -> Figure:
    """Heatmap of a :func:`researchkit.analysis.cooccurrence` result.

    Parameters
    ----------
    result
        The co-occurrence table.
    value
        ``"c"`` (default), ``"jaccard"`` or ``"count"``.
    diagonal
        Show the diagonal (a code with itself); hidden by default.
    codebook
        Code names for the tick labels.

    Examples
    --------
    >>> from researchkit.analysis import cooccurrence
    >>> codings = pd.DataFrame({"doc_id": ["d1", "d1"], "start": [0, 5], "end": [4, 9], "code": ["A", "B"]})
    >>> fig = cooccurrence_heatmap(cooccurrence(codings, unit="document"))
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['A', 'B']
    """
    _need(result, ["code_a", "code_b", value], "cooccurrence_heatmap")
    labels = _labels(lang)
    from researchkit.analysis.cooccurrence import cooccurrence_matrix

    matrix = cooccurrence_matrix(result, value=value).astype(float)
    if not diagonal:
        values = matrix.to_numpy(copy=True)
        np.fill_diagonal(values, np.nan)
        matrix = pd.DataFrame(values, index=matrix.index, columns=matrix.columns)
    names = code_names(matrix.index, codebook)
    matrix.index = [_code_label(c, names[c]) for c in matrix.index]
    matrix.columns = [_code_label(c, names[c]) for c in matrix.columns]
    fig, ax = _axes(ax, min(A4_WIDTH, _height(len(matrix), per_row=0.35, base=2.2)))
    image = _heatmap(ax, matrix, fmt="{:.0f}" if value == "count" else "{:.2f}", vmin=0, vmax=None if value == "count" else 1)
    fig.colorbar(image, ax=ax, shrink=0.8, label=labels.get(value, value), ticks=_whole_ticks() if value == "count" else None)
    if title:
        ax.set_title(title)
    return fig


@paused_gc()
def information_position_heatmap(
    result: pd.DataFrame,
    *,
    value: str = "respondents",
    ax: Any = None,
    lang: str = "nl",
    title: str | None = None,
) -> Figure:
    """Partner x dimension heatmap of :func:`researchkit.analysis.information_position`.

    ``value`` is ``"respondents"`` (default), ``"passages"`` or ``"documents"``. The
    dimension names of the demo codebook are shown in Dutch (verzamelen, vastleggen,
    veredelen, delen, benutten) with ``lang="nl"``.

    Examples
    --------
    >>> result = pd.DataFrame({"partner": ["ACT.DOU", "ACT.DOU"], "dimension": ["gather", "share"],
    ...                        "respondents": [2, 1]})
    >>> [t.get_text() for t in information_position_heatmap(result).axes[0].get_xticklabels()]
    ['verzamelen', 'delen']
    """
    _need(result, ["partner", "dimension", value], "information_position_heatmap")
    labels = _labels(lang)
    label_col = "partner_name" if "partner_name" in result.columns else "partner"
    partners = list(dict.fromkeys(result[label_col].astype(str)))
    dims = list(dict.fromkeys(result["dimension"]))
    matrix = result.assign(_p=result[label_col].astype(str)).pivot(index="_p", columns="dimension", values=value).reindex(index=partners, columns=dims)
    matrix.columns = [labels["dimension"].get(d, d) for d in dims]
    fig, ax = _axes(ax, _height(len(partners), per_row=0.35, base=1.8))
    image = _heatmap(ax, matrix.astype(float), cmap="Greens", fmt="{:.0f}", vmin=0)
    fig.colorbar(image, ax=ax, shrink=0.8, label=labels.get(value, value), ticks=_whole_ticks())
    if title:
        ax.set_title(title)
    return fig


@paused_gc()
def white_spot_map(
    result: pd.DataFrame,
    *,
    transpose: bool | str = "auto",
    ax: Any = None,
    lang: str = "nl",
    codebook: Any = None,
    title: str | None = None,
) -> Figure:
    """Map of :func:`researchkit.analysis.white_spots`: each cell shows ``vermoedens /
    signalen``; candidate white spots (suspicions, no signals) are orange, cells with
    signals blue (darker = more), cells mentioned without either pale, empty cells white.
    ``transpose="auto"`` puts the longer of the two dimensions (usually the
    phenomena) down the page.

    Examples
    --------
    >>> result = pd.DataFrame({"port": ["Harlingen"], "phenomenon": ["FEN.DRU"], "mentions": [2],
    ...                        "suspicions": [2], "signals": [0], "white_spot": [True]})
    >>> [t.get_text() for t in white_spot_map(result).axes[0].texts]
    ['2 / 0']
    """
    _need(result, ["suspicions", "signals", "white_spot", "mentions"], "white_spot_map")
    labels = _labels(lang)
    row_col, col_col = result.columns[0], result.columns[1]
    rows = list(dict.fromkeys(result[row_col].astype(str)))
    cols = list(dict.fromkeys(result[col_col].astype(str)))
    if transpose == "auto":
        transpose = len(cols) > len(rows)  # the longer list reads better down the page
    if transpose:
        row_col, col_col, rows, cols = col_col, row_col, cols, rows
    frame = result.assign(_r=result[row_col].astype(str), _c=result[col_col].astype(str)).set_index(["_r", "_c"])
    col_names = code_names(cols, codebook)
    row_names = code_names(rows, codebook)
    fig, ax = _axes(ax, _height(len(rows), per_row=0.4, base=2.4))
    top = max(int(frame["signals"].max()) if len(frame) else 1, 1)
    blues = LinearSegmentedColormap.from_list("signals", ["#dbe8f5", "#2c6fb0"])
    cells = {key: (bool(w), int(sig), int(m), int(sus)) for key, w, sig, m, sus in zip(
        frame.index, frame["white_spot"], frame["signals"], frame["mentions"], frame["suspicions"])}  # one look-up per cell
    with rectangle_limits_at_once(ax):
        for i, r in enumerate(rows):
            for j, c in enumerate(cols):
                white_spot, signals, mentions, suspicions = cells[(r, c)]
                if white_spot:
                    face = "#f28e2b"
                elif signals > 0:
                    face = blues(signals / top)
                elif mentions > 0:
                    face = "#eeeeee"
                else:
                    face = "white"
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=face, edgecolor="#bbbbbb", linewidth=0.8))
                if mentions > 0:
                    ax.text(j, i, f"{suspicions} / {signals}", ha="center", va="center", fontsize=7,
                            color="white" if (signals / top > 0.6 and not white_spot) else "black")
    ax.set_xlim(-0.5, len(cols) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    with ticks_copied(fig):
        ax.set_yticks(np.arange(len(rows)), [_code_label(r, row_names[r]) for r in rows], fontsize=8)
    axis_words = labels.get("axis", {})
    ax.set_xlabel(axis_words.get(str(col_col), str(col_col)))
    ax.set_ylabel(axis_words.get(str(row_col), str(row_col)))
    for spine in ax.spines.values():
        spine.set_visible(False)
    handles = [
        Patch(facecolor="#f28e2b", label=labels["white_spot"]),
        Patch(facecolor="#2c6fb0", label=labels["with_signals"]),
        Patch(facecolor="#eeeeee", edgecolor="#bbbbbb", label=labels["only_mentions"]),
    ]
    ax.legend(handles=handles, fontsize=7, loc="lower left", bbox_to_anchor=(0.0, 1.01), frameon=False,
              title=f"{labels['suspicions']} / {labels['signals']}", title_fontsize=7, alignment="left")
    col_labels = [_code_label(c, col_names[c]) for c in cols]
    crowded = sum(len(c) for c in col_labels) > 40  # rotate only when the labels would collide
    with ticks_copied(fig):
        ax.set_xticks(np.arange(len(cols)), col_labels, rotation=45 if crowded else 0, ha="right" if crowded else "center",
                      fontsize=8)
    if title:
        ax.set_title(title)
    return fig


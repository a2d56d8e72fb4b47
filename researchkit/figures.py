"""Figures for the analyses: one function per result, matplotlib, report-ready.

Every function takes an analysis result (or the codings), draws on ``ax`` when given
(else on a new figure sized for an A4 page: 16 cm wide), and returns the
:class:`~matplotlib.figure.Figure`. Nothing is shown or saved unless asked: figures
are built with the object-oriented API (no ``pyplot``, no global state, no
``show()``), so they work the same in notebooks, scripts and tests. Labels are Dutch
by default (``lang="en"`` for English); colours of codes come from the codebook.

:func:`save_figure` writes PNG, SVG or PDF atomically with fixed metadata, so the
same data give byte-identical files.

Examples
--------
>>> import pandas as pd
>>> from researchkit.transcripts import Corpus, Transcript
>>> from researchkit import analysis, figures
>>> corpus = Corpus([Transcript("R1", "aa bb", attributes={"group": "politie"})])
>>> codings = pd.DataFrame({"doc_id": ["R1"], "start": [0], "end": [2], "code": ["SIG"]})
>>> fig = figures.frequency_bars(analysis.frequencies(codings, corpus))
>>> fig.get_size_inches().round(2).tolist()[0]
6.3
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap, to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from researchkit.analysis._common import check_codings, code_colors, code_names, order_codes, roll_up
from researchkit.errors import AnalysisError
from researchkit.fileio import atomic_path

__all__ = [
    "save_figure",
    "frequency_bars",
    "crosstab_heatmap",
    "cooccurrence_heatmap",
    "cooccurrence_network",
    "coding_stripes",
    "information_position_heatmap",
    "white_spot_map",
    "partner_network_plot",
    "agreement_bars",
    "term_bars",
    "A4_WIDTH",
]

#: Width of a figure that fills the text column of an A4 page (16 cm), in inches.
A4_WIDTH = 6.3
#: Largest height that still leaves room for a caption on an A4 page, in inches.
A4_MAX_HEIGHT = 9.0

_LABELS = {
    "nl": {
        "codings": "Aantal coderingen",
        "documents": "Aantal interviews",
        "respondents": "Aantal respondenten",
        "share": "Aandeel respondenten (%)",
        "col_pct": "Percentage van de groep",
        "row_pct": "Percentage van de respondenten die de code noemen",
        "position": "Positie in het interview (%)",
        "interview": "Interview",
        "count": "Aantal keer samen",
        "jaccard": "Jaccard-index",
        "c": "c-coëfficiënt",
        "passages": "Aantal passages",
        "suspicions": "vermoedens",
        "signals": "signalen",
        "white_spot": "witte vlek (vermoedens, geen signalen)",
        "with_signals": "met signalen",
        "nothing": "niet genoemd",
        "only_mentions": "genoemd, zonder vermoedens of signalen",
        "agreement": "Overeenstemming",
        "overall": "totaal",
        "na": "n.v.t.",
        "term": "Term",
        "z": "Kenmerkendheid (z-score log-odds)",
        "dimension": {"gather": "verzamelen", "record": "vastleggen", "enrich": "veredelen", "share": "delen", "use": "benutten"},
        "axis": {"port": "haven", "phenomenon": "fenomeen", "group": "groep", "organisation": "organisatie", "partner": "partner"},
    },
    "en": {
        "codings": "Codings",
        "documents": "Interviews",
        "respondents": "Respondents",
        "share": "Share of respondents (%)",
        "col_pct": "Percentage of the group",
        "row_pct": "Percentage of respondents mentioning the code",
        "position": "Position in the interview (%)",
        "interview": "Interview",
        "count": "Co-occurrences",
        "jaccard": "Jaccard index",
        "c": "c-coefficient",
        "passages": "Passages",
        "suspicions": "suspicions",
        "signals": "signals",
        "white_spot": "white spot (suspicions, no signals)",
        "with_signals": "with signals",
        "nothing": "not mentioned",
        "only_mentions": "mentioned, no suspicions or signals",
        "agreement": "Agreement",
        "overall": "overall",
        "na": "n/a",
        "term": "Term",
        "z": "Distinctiveness (log-odds z-score)",
        "dimension": {"gather": "gather", "record": "record", "enrich": "enrich", "share": "share", "use": "use"},
        "axis": {},
    },
}

_GROUP_PALETTE = ["#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3", "#8C8C8C", "#CCB974", "#64B5CD"]


def _labels(lang: str) -> dict[str, Any]:
    if lang not in _LABELS:
        raise AnalysisError("RK504", f"lang={lang!r} is not one of {', '.join(_LABELS)}", hint="use 'nl' or 'en'")
    return _LABELS[lang]


def _height(n_rows: int, per_row: float = 0.32, base: float = 1.4, minimum: float = 2.4) -> float:
    return round(float(min(max(minimum, base + per_row * n_rows), A4_MAX_HEIGHT)), 1)


def _axes(ax: Any, height: float, width: float = A4_WIDTH) -> tuple[Figure, Any]:
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def _need(table: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    if not isinstance(table, pd.DataFrame):
        raise AnalysisError("RK506", f"{what} needs a DataFrame, got {type(table).__name__}", hint=f"pass the result of {what.split()[0]}()")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise AnalysisError(
            "RK506", f"{what}: the table lacks column(s) {', '.join(missing)} (has: {', '.join(map(str, table.columns))})",
            hint="pass the result of the matching analysis function",
        )


def _empty(ax: Any, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#555555")
    ax.set_xticks([])
    ax.set_yticks([])


def _code_label(code: str, name: str | None) -> str:
    return f"{name}" if name and name != code else code


# --------------------------------------------------------------------------- saving


def save_figure(fig: Figure, path: str | os.PathLike, *, dpi: int = 200) -> Path:
    """Write ``fig`` to PNG, SVG or PDF (by suffix), atomically and reproducibly.

    Metadata that would change between runs is fixed or left out: no creation date,
    a fixed ``Software``/``Creator`` entry, a fixed SVG id salt. The same figure
    therefore gives byte-identical files run after run.

    Parameters
    ----------
    fig
        The figure.
    path
        Target file; the suffix (``.png``, ``.svg``, ``.pdf``) chooses the format.
    dpi
        Resolution of PNG output (a 6.3-inch figure at 200 dpi is 1260 pixels wide).

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> fig = Figure(figsize=(2, 1)); _ = FigureCanvasAgg(fig); _ = fig.add_subplot().plot([0, 1])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = save_figure(fig, pathlib.Path(d) / "f.png", dpi=50)
    ...     p.read_bytes()[:4]
    b'\\x89PNG'
    """
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    metadata: dict[str, dict[str, Any]] = {
        "png": {"Software": "researchkit"},
        "svg": {"Creator": "researchkit", "Date": None},
        "pdf": {"Creator": "researchkit", "Producer": "researchkit", "CreationDate": None, "ModDate": None},
    }
    if fmt not in metadata:
        raise AnalysisError("RK506", f"{path}: cannot save a figure as {path.suffix or 'a file without suffix'!r}", hint="use .png, .svg or .pdf")
    if fig.canvas is None or not hasattr(fig.canvas, "print_figure"):
        FigureCanvasAgg(fig)
    with atomic_path(path, suffix=f".tmp.{fmt}") as tmp:
        with rc_context({"svg.hashsalt": "researchkit", "svg.fonttype": "path", "pdf.fonttype": 42}):
            fig.savefig(tmp, format=fmt, dpi=dpi, metadata=metadata[fmt])
    return path


# --------------------------------------------------------------------------- frequencies

_FREQ_COLUMNS = {"code", "name", "codings", "documents", "respondents", "n_respondents", "share", "row_pct", "col_pct"}


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
    if group_cols:
        keys = [" / ".join(map(str, r)) for r in freq[group_cols].itertuples(index=False)]
        frame = freq.assign(_group=keys)
        groups = list(dict.fromkeys(keys))
        wide = frame.pivot(index="code", columns="_group", values=value).reindex(index=codes, columns=groups).fillna(0) * scale
    else:
        groups = []
        wide = freq.set_index("code")[[value]].reindex(codes).fillna(0) * scale
    fig, ax = _axes(ax, _height(len(codes) * max(1, min(len(groups), 4) * 0.6)))
    y = np.arange(len(codes))
    if groups:
        height = 0.8 / len(groups)
        for i, group in enumerate(groups):
            ax.barh(y - 0.4 + height * (i + 0.5), wide[group].to_numpy(), height=height,
                    color=_GROUP_PALETTE[i % len(_GROUP_PALETTE)], label=group)
        ax.legend(title=" / ".join(group_cols), fontsize=8, title_fontsize=8, loc="upper left",
                  bbox_to_anchor=(1.01, 1.0), frameon=False)
    else:
        colors = code_colors(codes, codebook)
        ax.barh(y, wide[value].to_numpy(), height=0.7, color=[colors[c] for c in codes])
    ax.set_yticks(y, [_code_label(c, names.get(c)) for c in codes], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(labels.get(value, value))
    if value == "share":
        ax.set_xlim(0, 100)
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title)
    return fig


# --------------------------------------------------------------------------- heatmaps


def _heatmap(ax: Any, matrix: pd.DataFrame, *, cmap: Any = "Blues", fmt: str = "{:.0f}", vmin: float | None = None,
             vmax: float | None = None, annotate: bool = True) -> Any:
    values = matrix.to_numpy(dtype=float)
    image = ax.imshow(values, cmap=cmap, aspect="auto", vmin=vmin, vmax=vmax)
    ax.set_xticks(np.arange(matrix.shape[1]), [str(c) for c in matrix.columns], rotation=45, ha="right", fontsize=8)
    ax.set_yticks(np.arange(matrix.shape[0]), [str(r) for r in matrix.index], fontsize=8)
    if annotate and values.size <= 900:
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                v = values[i, j]
                if np.isfinite(v):  # white text on dark cells, judged on the colour scale itself
                    dark = float(image.norm(v)) > 0.6
                    ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=7, color="white" if dark else "black")
    ax.set_xticks(np.arange(-0.5, matrix.shape[1]), minor=True)
    ax.set_yticks(np.arange(-0.5, matrix.shape[0]), minor=True)
    ax.grid(which="minor", color="white", linewidth=1)
    ax.tick_params(which="minor", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return image


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
        fig.colorbar(image, ax=ax, shrink=0.8)
    if title:
        ax.set_title(title)
    return fig


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
    fig.colorbar(image, ax=ax, shrink=0.8, label=labels.get(value, value))
    if title:
        ax.set_title(title)
    return fig


def _circle_positions(nodes: Sequence[str]) -> dict[str, tuple[float, float]]:
    n = len(nodes)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    angles = np.pi / 2 - 2 * np.pi * np.arange(n) / n
    return {node: (float(np.cos(a)), float(np.sin(a))) for node, a in zip(nodes, angles)}


def _network(ax: Any, nodes: list[str], sizes: dict[str, float], edges: list[tuple[str, str, float]], colors: dict[str, str],
             labels: dict[str, str], edge_labels: bool) -> None:
    """Draw a weighted graph with networkx on a fixed circular layout (code order, from the top)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from(edges)
    pos = _circle_positions(nodes)
    top = max([w for _, _, w in edges], default=1) or 1
    biggest = max(sizes.values(), default=1) or 1
    edge_list = [(a, b) for a, b, _ in edges]
    nx.draw_networkx_edges(graph, pos, edgelist=edge_list, ax=ax, edge_color="#777777", alpha=0.7,
                           width=[0.5 + 5.5 * w / top for _, _, w in edges])
    nx.draw_networkx_nodes(graph, pos, nodelist=nodes, ax=ax, node_color=[colors[n] for n in nodes], edgecolors="white",
                           node_size=[120 + 900 * sizes.get(n, 0) / biggest for n in nodes])
    if edge_labels and edges:
        nx.draw_networkx_edge_labels(graph, pos, edge_labels={(a, b): f"{w:g}" for a, b, w in edges}, ax=ax, font_size=7,
                                     rotate=False, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
    for node in nodes:  # names outside the circle, aligned away from the centre
        x, y = pos[node]
        ax.text(x * 1.18, y * 1.18, labels[node], fontsize=8, ha="center" if abs(x) < 0.3 else ("left" if x > 0 else "right"),
                va="center", zorder=4)
    ax.set_xlim(-1.9, 1.9)
    ax.set_ylim(-1.4, 1.4)
    ax.set_aspect("equal")
    ax.axis("off")


def cooccurrence_network(
    result: pd.DataFrame,
    *,
    value: str = "count",
    min_value: float = 1,
    ax: Any = None,
    codebook: Any = None,
    edge_labels: bool = True,
    title: str | None = None,
) -> Figure:
    """Network of co-occurring codes: node size = units with the code, edge width = ``value``.

    The layout is a circle in code order, so the picture is the same every time.
    Edges with ``value < min_value`` are left out; every code is drawn.

    Examples
    --------
    >>> from researchkit.analysis import cooccurrence
    >>> codings = pd.DataFrame({"doc_id": ["d1", "d1"], "start": [0, 5], "end": [4, 9], "code": ["A", "B"]})
    >>> sorted(t.get_text() for t in cooccurrence_network(cooccurrence(codings, unit="document")).axes[0].texts)
    ['1', 'A', 'B']
    """
    _need(result, ["code_a", "code_b", "n_a", value], "cooccurrence_network")
    codes = list(dict.fromkeys(result["code_a"]))
    rank = {c: i for i, c in enumerate(codes)}
    sizes = dict(zip(result["code_a"], result["n_a"].astype(float)))
    pairs = result[(result["code_a"].map(rank) < result["code_b"].map(rank)) & (result[value].fillna(0) >= min_value) & (result[value].fillna(0) > 0)]
    edges = [(a, b, float(w)) for a, b, w in zip(pairs["code_a"], pairs["code_b"], pairs[value])]
    names = code_names(codes, codebook)
    fig, ax = _axes(ax, 5.2)
    if not codes:
        _empty(ax, "—")
        return fig
    _network(ax, codes, sizes, edges, code_colors(codes, codebook), {c: _code_label(c, names[c]) for c in codes}, edge_labels)
    if title:
        ax.set_title(title)
    return fig


# --------------------------------------------------------------------------- stripes


def coding_stripes(
    codings: pd.DataFrame,
    corpus: Any,
    *,
    codes: Sequence[str] | None = None,
    level: int | None = None,
    codebook: Any = None,
    ax: Any = None,
    lang: str = "nl",
    title: str | None = None,
) -> Figure:
    """Where in each interview each theme appears: one row per document, the text
    from 0 to 100 %, a coloured stripe per coding (one lane per code).

    Parameters
    ----------
    codings, corpus
        The codings table and its corpus (for the text lengths and document order).
    codes
        Codes to draw (in this order); default all (after ``level`` roll-up).
    level, codebook
        Roll-up level, and the codes' colours and names.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "De kade is open. Geen camera."), Transcript("R2", "Niets.")])
    >>> codings = pd.DataFrame({"doc_id": ["R1"], "start": [0], "end": [16], "code": ["GEL.1"]})
    >>> [t.get_text() for t in coding_stripes(codings, corpus).axes[0].get_yticklabels()]
    ['R1', 'R2']
    """
    labels = _labels(lang)
    frame = check_codings(codings, corpus)
    frame = roll_up(frame, codebook, level)
    code_list = list(dict.fromkeys(codes)) if codes is not None else order_codes(frame["code"], codebook)
    frame = frame[frame["code"].isin(code_list)]
    docs = list(corpus.doc_ids)
    lengths = {t.doc_id: max(len(t.text), 1) for t in corpus}
    colors = code_colors(code_list, codebook)
    names = code_names(code_list, codebook)
    fig, ax = _axes(ax, _height(len(docs), per_row=0.3, base=1.8))
    lane = 0.8 / max(len(code_list), 1)
    row = {d: i for i, d in enumerate(docs)}
    for k, code in enumerate(code_list):
        sub = frame[frame["code"] == code]
        if len(sub) == 0:
            continue
        start = 100.0 * sub["start"].to_numpy() / sub["doc_id"].map(lengths).to_numpy()
        width = np.maximum(100.0 * (sub["end"] - sub["start"]).to_numpy() / sub["doc_id"].map(lengths).to_numpy(), 0.4)
        y = sub["doc_id"].map(row).to_numpy() - 0.4 + lane * k
        ax.barh(y, width, left=start, height=lane, align="edge", color=colors[code], linewidth=0)
    ax.set_yticks(np.arange(len(docs)), docs, fontsize=7)
    ax.set_ylim(len(docs) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel(labels["position"])
    ax.set_ylabel(labels["interview"])
    handles = [Patch(color=colors[c], label=_code_label(c, names[c])) for c in code_list]
    if handles:
        ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title)
    return fig


# --------------------------------------------------------------------------- study views


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
    fig.colorbar(image, ax=ax, shrink=0.8, label=labels.get(value, value))
    if title:
        ax.set_title(title)
    return fig


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
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            cell = frame.loc[(r, c)]
            if bool(cell["white_spot"]):
                face = "#f28e2b"
            elif int(cell["signals"]) > 0:
                face = blues(int(cell["signals"]) / top)
            elif int(cell["mentions"]) > 0:
                face = "#eeeeee"
            else:
                face = "white"
            ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=face, edgecolor="#bbbbbb", linewidth=0.8))
            if int(cell["mentions"]) > 0:
                ax.text(j, i, f"{int(cell['suspicions'])} / {int(cell['signals'])}", ha="center", va="center", fontsize=7,
                        color="white" if (int(cell["signals"]) / top > 0.6 and not bool(cell["white_spot"])) else "black")
    ax.set_xlim(-0.5, len(cols) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
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
    ax.set_xticks(np.arange(len(cols)), col_labels, rotation=45 if crowded else 0, ha="right" if crowded else "center", fontsize=8)
    if title:
        ax.set_title(title)
    return fig


def partner_network_plot(
    edges: pd.DataFrame,
    *,
    partners: Sequence[str] | None = None,
    ax: Any = None,
    codebook: Any = None,
    edge_labels: bool = True,
    title: str | None = None,
) -> Figure:
    """Draw a :func:`researchkit.analysis.partner_network` edge table: who is mentioned
    with whom in cooperation passages (edge width and label = count).

    ``partners`` adds isolated partners (e.g. every child of the actors branch) so that
    a partner nobody links to is visible too. Layout: a circle in code order.

    Examples
    --------
    >>> edges = pd.DataFrame({"source": ["ACT.DOU"], "target": ["ACT.KMAR"], "count": [3]})
    >>> fig = partner_network_plot(edges, partners=["ACT.DOU", "ACT.KMAR", "ACT.OM"])
    >>> sorted(t.get_text() for t in fig.axes[0].texts)
    ['3', 'ACT.DOU', 'ACT.KMAR', 'ACT.OM']
    """
    _need(edges, ["source", "target", "count"], "partner_network_plot")
    nodes = list(dict.fromkeys(list(partners or []) + list(edges["source"]) + list(edges["target"])))
    if partners is None:
        nodes = order_codes(nodes, codebook)
    names = code_names(nodes, codebook)
    for col_id, col_name in (("source", "source_name"), ("target", "target_name")):
        if col_name in edges.columns:
            for code, name in zip(edges[col_id], edges[col_name]):
                if names.get(code) == code:
                    names[code] = name
    sizes = {n: 0.0 for n in nodes}
    for a, b, w in zip(edges["source"], edges["target"], edges["count"]):
        sizes[a] += float(w)
        sizes[b] += float(w)
    fig, ax = _axes(ax, 5.2)
    if not nodes:
        _empty(ax, "—")
        return fig
    _network(ax, nodes, sizes, [(a, b, float(w)) for a, b, w in zip(edges["source"], edges["target"], edges["count"])],
             code_colors(nodes, codebook), {n: _code_label(n, names[n]) for n in nodes}, edge_labels)
    if title:
        ax.set_title(title)
    return fig


# --------------------------------------------------------------------------- agreement, terms

_AGREEMENT_VALUES = ("alpha", "cohen_kappa", "fleiss_kappa", "brennan_prediger", "percent_agreement")


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
    ax.barh(y, np.nan_to_num(vals), color=[colors[c] for c in codes], xerr=xerr, error_kw={"elinewidth": 0.8, "capsize": 2})
    for i, v in enumerate(vals):
        ax.text(max(v, 0) + 0.01 if np.isfinite(v) else 0.01, i, f"{v:.2f}" if np.isfinite(v) else labels["na"], va="center", fontsize=7)
    for t in thresholds:
        ax.axvline(t, color="#999999", linestyle=":", linewidth=0.8)
    if len(overall) and np.isfinite(float(overall[value].iloc[0])):
        ax.axvline(float(overall[value].iloc[0]), color="black", linestyle="--", linewidth=0.8, label=f"{labels['overall']} {float(overall[value].iloc[0]):.2f}")
        ax.legend(fontsize=7, frameon=False, loc="lower right")
    ax.set_yticks(y, [_code_label(c, names[c]) for c in codes], fontsize=8)
    ax.invert_yaxis()
    finite = vals[np.isfinite(vals)]
    ax.set_xlim(min(0.0, float(finite.min()) if finite.size else 0.0) - 0.05, 1.05)
    ax.set_xlabel(f"{labels['agreement']} ({value})")
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title)
    return fig


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
    ax.barh(y, top[value].to_numpy(dtype=float), color=to_rgba(color))
    ax.set_yticks(y, top["term"].astype(str).tolist(), fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(labels.get(value, value))
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title)
    return fig

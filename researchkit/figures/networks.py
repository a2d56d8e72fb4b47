"""Networks on a fixed circular layout: co-occurring codes, partners mentioned together."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from researchkit.analysis._common import code_colors, code_names, order_codes
from researchkit.figures._base import _axes, _code_label, _empty, _need
from researchkit.heap import paused_gc

__all__ = ["cooccurrence_network", "partner_network_plot"]

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


@paused_gc()
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


@paused_gc()
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


"""Coding stripes: where in each interview each theme is coded."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from researchkit.analysis._common import check_codings, code_colors, code_names, order_codes, roll_up
from researchkit.figures._base import _axes, _code_label, _height, _labels
from researchkit.figures.patchlimits import rectangle_limits_at_once
from researchkit.heap import paused_gc

__all__ = ["coding_stripes"]

@paused_gc()
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
    with rectangle_limits_at_once(ax):
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


"""Figures about interviews as a series and one by one: the saturation curve and the
portrait (code-line) of a single interview."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from researchkit.analysis._common import check_codings, code_colors, code_names, order_codes, roll_up
from researchkit.errors import AnalysisError
from researchkit.figures._base import _axes, _code_label, _height, _labels, _need
from researchkit.figures.patchlimits import rectangle_limits_at_once
from researchkit.heap import paused_gc

__all__ = ["saturation_curve", "document_portrait"]

_TEXT = {
    "nl": {"new": "Nieuwe codes", "cumulative": "Codes tot nu toe", "interviews": "Interviews (in volgorde)",
           "codes": "Aantal codes", "chars": "Positie in het interview (tekens)", "turns": "beurten",
           "interviewer": "interviewer", "respondent": "respondent", "other": "overig"},
    "en": {"new": "New codes", "cumulative": "Codes so far", "interviews": "Interviews (in order)",
           "codes": "Number of codes", "chars": "Position in the interview (characters)", "turns": "turns",
           "interviewer": "interviewer", "respondent": "respondent", "other": "other"},
}
_ROLE_COLORS = {"interviewer": "#bbbbbb", "respondent": "#4C72B0", "other": "#e0e0e0"}


@paused_gc()
def saturation_curve(
    table: pd.DataFrame,
    *,
    ax: Any = None,
    lang: str = "nl",
    title: str | None = None,
) -> Figure:
    """The saturation curve: bars of new codes per interview, a line of the codes so far.

    Parameters
    ----------
    table
        Result of :func:`researchkit.analysis.saturation` (interviews in order).
    ax, lang, title
        Axes to draw on, ``"nl"``/``"en"`` labels, title.

    Examples
    --------
    >>> table = pd.DataFrame({"position": [1, 2], "doc_id": ["R1", "R2"], "new_codes": [4, 1], "cumulative_codes": [4, 5]})
    >>> fig = saturation_curve(table)
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
    ['R1', 'R2']
    """
    _need(table, ["doc_id", "new_codes", "cumulative_codes"], "saturation_curve")
    _labels(lang)
    words = _TEXT[lang]
    n = len(table)
    fig, ax = _axes(ax, 3.4)
    x = np.arange(n)
    with rectangle_limits_at_once(ax):
        ax.bar(x, table["new_codes"].to_numpy(dtype=float), color="#DD8452", label=words["new"], width=0.7)
    ax.plot(x, table["cumulative_codes"].to_numpy(dtype=float), color="#4C72B0", marker="o", markersize=3, label=words["cumulative"])
    for i, v in enumerate(table["new_codes"].tolist()):
        if v:
            ax.text(i, v, str(int(v)), ha="center", va="bottom", fontsize=6)
    ax.set_xticks(x, table["doc_id"].astype(str).tolist(), rotation=90 if n > 12 else 0, fontsize=7)
    ax.set_xlim(-0.6, max(n, 1) - 0.4)
    ax.set_ylim(0, max(float(table["cumulative_codes"].max()) if n else 1.0, 1.0) * 1.08)
    ax.set_xlabel(words["interviews"])
    ax.set_ylabel(words["codes"])
    ax.legend(fontsize=7, frameon=False, loc="upper left")
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title)
    return fig


@paused_gc()
def document_portrait(
    codings: pd.DataFrame,
    corpus: Any,
    *,
    doc_id: str,
    codes: Sequence[str] | None = None,
    level: int | None = None,
    codebook: Any = None,
    ax: Any = None,
    lang: str = "nl",
    title: str | None = None,
) -> Figure:
    """The code-line of one interview: one lane per code along the text, with the turns
    (interviewer grey, respondent blue) as a strip on top.

    Parameters
    ----------
    codings, corpus
        The codings table and its corpus.
    doc_id
        The interview.
    codes
        Lanes to draw, in this order; default every code coded in the interview.
    level, codebook
        Roll-up level; the codebook gives names, colours and order.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "De kade is open. Geen camera.")])
    >>> codings = pd.DataFrame({"doc_id": ["R1", "R1"], "start": [0, 17], "end": [16, 29], "code": ["GEL", "SIG"]})
    >>> fig = document_portrait(codings, corpus, doc_id="R1")
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['beurten', 'GEL', 'SIG']
    """
    _labels(lang)
    words = _TEXT[lang]
    if doc_id not in set(corpus.doc_ids):
        raise AnalysisError("RK502", f"doc_id={doc_id!r} is not in the corpus", hint="choose one of: " + ", ".join(list(corpus.doc_ids)[:15]))
    frame = roll_up(check_codings(codings, corpus), codebook, level)
    frame = frame[frame["doc_id"] == doc_id]
    lanes = list(dict.fromkeys(codes)) if codes is not None else order_codes(frame["code"], codebook)
    frame = frame[frame["code"].isin(lanes)]
    transcript = corpus[doc_id]
    length = max(len(transcript.text), 1)
    colors = code_colors(lanes, codebook)
    names = code_names(lanes, codebook)
    fig, ax = _axes(ax, _height(len(lanes) + 1, per_row=0.3, base=1.6))
    with rectangle_limits_at_once(ax):
        for turn in transcript.turns:
            ax.barh(0, turn.end - turn.start, left=turn.start, height=0.7, color=_ROLE_COLORS.get(turn.role, "#e0e0e0"), linewidth=0)
        for k, code in enumerate(lanes, start=1):
            sub = frame[frame["code"] == code]
            widths = np.maximum((sub["end"] - sub["start"]).to_numpy(), length / 400)
            ax.barh(np.full(len(sub), k), widths, left=sub["start"].to_numpy(), height=0.7, color=colors[code], linewidth=0)
    ax.set_yticks(np.arange(len(lanes) + 1), [words["turns"]] + [_code_label(c, names[c]) for c in lanes], fontsize=7)
    ax.set_ylim(len(lanes) + 0.5, -0.5)
    ax.set_xlim(0, length)
    ax.set_xlabel(words["chars"])
    roles = [r for r in ("interviewer", "respondent", "other") if any(t.role == r for t in transcript.turns)]
    if roles:
        ax.legend(handles=[Patch(color=_ROLE_COLORS[r], label=words[r]) for r in roles], fontsize=7, frameon=False,
                  loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=len(roles))
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title if title is not None else doc_id, loc="right", fontsize=9)
    return fig

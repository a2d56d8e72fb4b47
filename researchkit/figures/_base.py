"""Shared pieces of the figure modules: page sizes, Dutch/English labels, input checks.

Nothing here is public API except the constants :data:`A4_WIDTH` and :data:`A4_MAX_HEIGHT`.

Examples
--------
>>> _height(3)
2.4
>>> _labels("en")["position"]
'Position in the interview (%)'
"""

from __future__ import annotations

from typing import Any, Sequence

import pandas as pd
from matplotlib.figure import Figure

from researchkit.errors import AnalysisError
from researchkit.figures.display import new_figure

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
    """``(figure, axes)``: the given axes and its figure, or a new display-ready figure."""
    if ax is not None:
        return ax.figure, ax
    fig = new_figure(figsize=(width, height))
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


"""Pure helpers of the coded-transcripts page: cutting text at codings, colours, escaping.

Examples
--------
>>> split_segments(10, [(0, 5), (3, 8)])
[(0, 3, (0,)), (3, 5, (0, 1)), (5, 8, (1,)), (8, 10, ())]
"""

from __future__ import annotations

import colorsys
import html
import math
import re
from typing import Any, Iterable, Sequence

import pandas as pd

__all__ = ["split_segments", "default_colors"]

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
# Distinct, fairly dark colours (Tableau 10 and its lighter row, darkened a little) so that
# a 4 px stripe stays visible on white; used for codes without a codebook colour.
_PALETTE: tuple[str, ...] = (
    "#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F",
    "#BCBD22", "#17BECF", "#393B79", "#AD494A", "#637939", "#8C6D31", "#7B4173", "#3182BD",
    "#E6550D", "#31A354", "#756BB1", "#636363",
)



def split_segments(
    n_chars: int, spans: Sequence[tuple[int, int]], *, cuts: Iterable[int] = ()
) -> list[tuple[int, int, tuple[int, ...]]]:
    """Cut ``[0, n_chars)`` at every span boundary; list which spans cover each piece.

    Parameters
    ----------
    n_chars
        Length of the text.
    spans
        ``(start, end)`` pairs (end exclusive) inside ``[0, n_chars]``; they may overlap
        or nest.
    cuts
        Further offsets to cut at (turn boundaries, for instance).

    Returns
    -------
    list of (start, end, covering)
        Consecutive, non-empty pieces that together cover the whole text; ``covering``
        holds the indexes (into ``spans``, ascending) of the spans that contain the piece.

    Examples
    --------
    >>> split_segments(10, [(0, 5), (3, 8)])
    [(0, 3, (0,)), (3, 5, (0, 1)), (5, 8, (1,)), (8, 10, ())]
    >>> split_segments(4, [], cuts=[2])
    [(0, 2, ()), (2, 4, ())]
    """
    points = {0, n_chars}
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for i, (start, end) in enumerate(spans):
        if not 0 <= start <= end <= n_chars:
            raise ValueError(f"span {i} ({start}, {end}) is not inside the text of {n_chars} characters")
        if start == end:
            continue
        points.add(start)
        points.add(end)
        starts.setdefault(start, []).append(i)
        ends.setdefault(end, []).append(i)
    for cut in cuts:
        if 0 <= cut <= n_chars:
            points.add(cut)
    ordered = sorted(points)
    active: set[int] = set()
    covering: tuple[int, ...] = ()
    out: list[tuple[int, int, tuple[int, ...]]] = []
    for a, b in zip(ordered, ordered[1:]):
        ending, starting = ends.get(a), starts.get(a)
        if ending or starting:  # else (a cut only) the same spans cover the next piece
            if ending:
                active.difference_update(ending)
            if starting:
                active.update(starting)
            covering = tuple(sorted(active))
        out.append((a, b, covering))
    return out


def default_colors(codes: Iterable[str]) -> dict[str, str]:
    """Deterministic ``#RRGGBB`` colours for codes that have none.

    The codes are sorted (numbers inside ids in numeric order) and take the colours of a
    fixed 20-colour palette in turn; past 20 the hue steps by the golden angle. The
    same set of codes always gets the same colours.

    Examples
    --------
    >>> default_colors(["SIG.2", "SAM", "SIG.10"])
    {'SAM': '#1F77B4', 'SIG.2': '#FF7F0E', 'SIG.10': '#2CA02C'}
    """
    out: dict[str, str] = {}
    for i, code in enumerate(sorted(set(codes), key=_natural_key)):
        if i < len(_PALETTE):
            out[code] = _PALETTE[i]
        else:
            hue = ((i - len(_PALETTE)) * 0.6180339887498949) % 1.0
            r, g, b = colorsys.hls_to_rgb(hue, 0.42, 0.65)
            out[code] = "#" + "".join(f"{round(x * 255):02X}" for x in (r, g, b))
    return out


def _natural_key(value: str) -> tuple:
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", value) if part)


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _clean(value: Any) -> str:
    """A cell as display text: ``None``/NaN become ``""``."""
    if type(value) is str:  # the common case, without asking pandas
        return value
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


# ----------------------------------------------------------------------------------------
# Inputs
# ----------------------------------------------------------------------------------------

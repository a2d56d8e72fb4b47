"""Colours for codes: a code's own colour, else a palette colour (top level) or a shade of
its parent's colour (children). Deterministic: the result changes only with the file.

Examples
--------
>>> derive_color("#336699", 0, 1)
'#4785C2'
"""

from __future__ import annotations

import colorsys
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from researchkit.codebook.model import Code

__all__ = ["PALETTE", "derive_color", "resolve_colors"]

#: Tableau-20 like palette for top-level codes that have no colour of their own.
PALETTE = (
    "#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F",
    "#BCBD22", "#17BECF", "#AEC7E8", "#FFBB78", "#98DF8A", "#FF9896", "#C5B0D5", "#C49C94",
)


def derive_color(parent_hex: str, index: int, n_siblings: int) -> str:
    """A child's colour: the parent's, lighter, and shifted in hue per sibling."""
    r, g, b = (int(parent_hex[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, l, s = colorsys.rgb_to_hls(r, g, b)
    l = min(0.85, l + 0.12)
    if n_siblings > 1:
        h = (h + (index / n_siblings - 0.5) * 0.08) % 1.0
    r, g, b = colorsys.hls_to_rgb(h, l, s)
    return "#" + "".join(f"{round(x * 255):02X}" for x in (r, g, b))


def resolve_colors(top_codes: Sequence["Code"]) -> dict[str, str]:
    """A ``#RRGGBB`` colour for every code of the tree under ``top_codes`` (iteratively)."""
    out: dict[str, str] = {}
    palette_index = 0
    for code in top_codes:
        if code.color:
            out[code.id] = code.color
        else:
            out[code.id] = PALETTE[palette_index % len(PALETTE)]
            palette_index += 1
        stack = [code]
        while stack:
            parent = stack.pop()
            for i, child in enumerate(parent.children):
                out[child.id] = child.color or derive_color(out[parent.id], i, len(parent.children))
            stack.extend(reversed(parent.children))
    return out

"""Notebook display: a pandas Styler for analysis tables."""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["style_table"]

_PERCENT = {"share"}
_PCT = {"row_pct", "col_pct"}
_RATIO = {"jaccard", "c", "typicality", "log_odds", "z"}


def style_table(table: pd.DataFrame, *, gradient: str | None = "auto", cmap: str = "Blues", caption: str | None = None) -> Any:
    """Return a :class:`pandas.io.formats.style.Styler` for an analysis result.

    Shares are shown as percentages, percentages with one decimal, ratios with three
    decimals; numeric count columns get a colour gradient; ``white_spot`` cells that
    are ``True`` are highlighted. The table itself is not changed.

    Parameters
    ----------
    table
        Any result of :mod:`researchkit.analysis` (long or wide).
    gradient
        ``"auto"`` (the count columns), a column name, or ``None`` for no gradient.
    cmap
        Matplotlib colour map of the gradient.
    caption
        Table caption.

    Examples
    --------
    >>> df = pd.DataFrame({"code": ["SIG"], "respondents": [3], "share": [0.25]})
    >>> html = style_table(df).to_html()
    >>> "25.0%" in html
    True
    """
    styler = table.style  # pandas' Styler renders with jinja2, a dependency of researchkit
    formats: dict[str, str] = {}
    for col in table.columns:
        name = col[-1] if isinstance(col, tuple) else col
        if name in _PERCENT:
            formats[col] = "{:.1%}"
        elif name in _PCT:
            formats[col] = "{:.1f}"
        elif name in _RATIO:
            formats[col] = "{:.3f}"
    if formats:
        styler = styler.format(formats, na_rep="–")
    if gradient is not None:
        if gradient == "auto":
            cols = [c for c in table.columns if pd.api.types.is_integer_dtype(table[c]) and (c[-1] if isinstance(c, tuple) else c) not in ("turn", "start", "end", "rank")]
        else:
            cols = [gradient]
        if cols:
            styler = styler.background_gradient(cmap=cmap, subset=cols)
    if "white_spot" in table.columns:
        styler = styler.map(lambda v: "background-color: #f4cccc; font-weight: bold" if v is True else "", subset=["white_spot"])
    if caption:
        styler = styler.set_caption(caption)
    return styler

"""Tree queries on codings: rolling codes up to an ancestor level.

Examples
--------
>>> import pandas as pd
>>> from researchkit.codebook import Codebook
>>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "a", "children": [{"id": "A.1", "name": "b"}]}]})
>>> rollup(cb, pd.DataFrame({"doc_id": ["d"], "start": [0], "end": [1], "code": ["A.1"]}), level=1)["code"].tolist()
['A']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from researchkit.errors import ConfigurationError

if TYPE_CHECKING:  # pragma: no cover
    from researchkit.codebook.book import Codebook

__all__ = ["check_level", "rollup"]


def check_level(codebook: "Codebook", level: int) -> None:
    """Raise ``RK216`` unless ``level`` is a whole number >= 1."""
    if not isinstance(level, int) or isinstance(level, bool) or level < 1:
        raise ConfigurationError(
            "RK216", f"level {level!r} is not a valid codebook level",
            hint=f"use a whole number from 1 (top-level codes) to {codebook.depth}",
        )


def rollup(codebook: "Codebook", codings: pd.DataFrame, level: int = 1) -> pd.DataFrame:
    """The work of :meth:`Codebook.rollup <researchkit.codebook.Codebook.rollup>`."""
    check_level(codebook, level)
    if "code" not in codings.columns:
        raise ConfigurationError("RK215", "the codings table has no 'code' column",
                                 hint="pass a codings table (doc_id, start, end, code, coder, source, text)")
    known = set(codebook.ids)
    unknown = sorted(set(codings["code"].dropna().astype(str)) - known)
    if unknown:
        raise ConfigurationError(
            "RK215",
            f"{len(unknown)} code(s) in the codings are not in the codebook: {', '.join(unknown[:20])}",
            hint="load the codebook the codings were made with, or recode/remove those rows",
        )
    mapping = {cid: codebook.ancestor(cid, level) for cid in known}
    out = codings.copy()
    out["code"] = out["code"].map(mapping)
    keys = [c for c in ("doc_id", "start", "end", "code", "coder") if c in out.columns]
    merge_cols = [c for c in ("evidence", "rule_id") if c in out.columns]
    dup = out.duplicated(keys, keep=False) if merge_cols else None
    if merge_cols and dup.any():
        # rows that became one coding: their evidence and rule ids are joined (distinct, in order);
        # vectorised over the duplicated rows only (a per-group Python function was the slow part)
        group = out.loc[dup, keys].groupby(keys, sort=False, dropna=False).ngroup()
        for col in merge_cols:
            values = out[col].astype(object)
            text = values.map(type).eq(str) & values.astype(str).ne("")
            out[col] = values.where(text, None)
            parts = pd.DataFrame({"g": group, "v": values[dup & text]}).dropna().drop_duplicates()
            joined = parts.groupby("g", sort=False)["v"].agg("; ".join)
            out.loc[dup, col] = group.map(joined).where(group.isin(joined.index), None)
    return out.drop_duplicates(keys, keep="first").reset_index(drop=True)

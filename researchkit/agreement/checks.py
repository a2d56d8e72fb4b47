"""Checks of the inputs to the agreement functions: unit, columns, coders, offsets against the corpus.

Examples
--------
>>> check_unit("sentence")
'sentence'
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from researchkit.agreement.presence import index_of
from researchkit.codings import require_columns
from researchkit.errors import AgreementError

__all__ = ["AGREEMENT_UNITS", "check_coders", "check_in_corpus", "check_unit"]

#: Units agreement can be measured on.
AGREEMENT_UNITS: tuple[str, ...] = ("sentence", "turn", "paragraph", "document", "character")
_REQUIRED = ["doc_id", "start", "end", "code", "coder"]

def check_unit(unit: str) -> str:
    """Return ``unit`` if agreement understands it, else raise ``RK404``.

    Examples
    --------
    >>> check_unit("character")
    'character'
    """
    if unit not in AGREEMENT_UNITS:
        import difflib

        close = difflib.get_close_matches(str(unit), AGREEMENT_UNITS, n=1)
        guess = f" (did you mean {close[0]!r}?)" if close else ""
        raise AgreementError(
            "RK404",
            f"unknown unit of analysis {unit!r}{guess}",
            hint=f"use one of {', '.join(AGREEMENT_UNITS)}",
        )
    return unit


def _check_columns(codings: pd.DataFrame) -> None:
    require_columns(codings, _REQUIRED, error=AgreementError, code="RK403")


def check_coders(codings: pd.DataFrame, coders: Sequence[str] | str) -> list[str]:
    """Check that at least two distinct coders are asked for and that each has codings.

    Raises
    ------
    AgreementError
        ``RK402`` for fewer than two coders, ``RK401`` for a coder without codings
        (the message lists the coders present, with their number of codings).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"coder": ["ann", "bob", "bob"]})
    >>> check_coders(df, ["ann", "bob"])
    ['ann', 'bob']
    """
    if isinstance(coders, str):
        coders = [coders]
    coders = [str(c) for c in dict.fromkeys(coders or [])]
    counts = codings["coder"].astype(str).value_counts() if len(codings) else pd.Series(dtype=int)
    present = ", ".join(f"{c} ({n} codings)" for c, n in sorted(counts.items())) or "none"
    if len(coders) < 2:
        raise AgreementError(
            "RK402",
            f"agreement needs at least two coders, got {coders or 'none'}",
            hint=f"name two or more of the coders present: {present}",
        )
    unknown = [c for c in coders if c not in counts.index]
    if unknown:
        raise AgreementError(
            "RK401",
            f"coder(s) {', '.join(map(repr, unknown))} have no codings",
            hint=f"the coders present are: {present}",
        )
    return coders


def check_in_corpus(codings: pd.DataFrame, texts: dict[str, str]) -> None:
    """Raise ``RK403`` listing the rows whose document is unknown or whose offsets do not fit.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"doc_id": ["R01"], "start": [0], "end": [99]})
    >>> check_in_corpus(df, {"R01": "kort"})
    Traceback (most recent call last):
    ...
    researchkit.errors.AgreementError: [RK403] 1 coding(s) do not fit the corpus:
      row 0: end=99 is beyond the end of 'R01' (4 characters). What to do: check that the codings belong to this corpus (same doc_ids, same canonical text).
    """
    problems: list[str] = []
    known = pd.Series(index_of(codings["doc_id"], list(texts)) >= 0, index=codings.index)
    for idx in codings.index[~known][:10]:
        problems.append(f"row {idx}: doc_id={codings.at[idx, 'doc_id']!r} is not in the corpus")
    sub = codings[known]
    start = pd.to_numeric(sub["start"], errors="coerce")
    end = pd.to_numeric(sub["end"], errors="coerce")
    lengths = np.asarray([len(t) for t in texts.values()], dtype=np.int64)
    length = pd.Series(lengths[index_of(sub["doc_id"], list(texts))], index=sub.index)
    bad_num = start.isna() | end.isna() | (start != start.round()) | (end != end.round())
    for idx in sub.index[bad_num][:10]:
        problems.append(f"row {idx}: offsets start={sub.at[idx, 'start']!r}, end={sub.at[idx, 'end']!r} are not whole numbers")
    ok = ~bad_num
    bad_order = ok & ((start < 0) | (end <= start))
    for idx in sub.index[bad_order][:10]:
        problems.append(f"row {idx}: offsets start={int(start[idx])}, end={int(end[idx])} need 0 <= start < end")
    beyond = ok & ~bad_order & (end > length)
    for idx in sub.index[beyond][:10]:
        problems.append(
            f"row {idx}: end={int(end[idx])} is beyond the end of {sub.at[idx, 'doc_id']!r} ({int(length[idx])} characters)"
        )
    n_bad = int((~known).sum() + bad_num.sum() + bad_order.sum() + beyond.sum())
    if n_bad:
        more = f"\n  ... and {n_bad - len(problems)} more" if n_bad > len(problems) else ""
        raise AgreementError(
            "RK403",
            f"{n_bad} coding(s) do not fit the corpus:\n  " + "\n  ".join(problems) + more,
            hint="check that the codings belong to this corpus (same doc_ids, same canonical text)",
        )

"""The researcher's quote choices: pin or exclude coded passages per theme (an editable CSV).

The file has one row per choice: ``theme, doc_id, start, end, action`` with ``action``
``pin`` (quote this passage, before the automatic choice) or ``exclude`` (never quote it).
``researchkit run`` writes every quote it chose to ``tables/quotes.csv`` with the same
columns, so a row can be copied into the choice file and its action set. The file is
named in the run configuration (``report.quotes``), hashed as an input and counted in
the manifest.

Examples
--------
>>> import io
>>> parse_quote_choices(io.StringIO("theme,doc_id,start,end,action\\nSIG,R1,0,10,pin\\n"), name="q.csv").values.tolist()
[['SIG', 'R1', 0, 10, 'pin']]
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from researchkit.errors import ReportError

#: Columns of a quote-choice file.
CHOICE_COLUMNS = ["theme", "doc_id", "start", "end", "action"]
ACTIONS = ("pin", "exclude")


def parse_quote_choices(source: Any, *, name: str) -> pd.DataFrame:
    """Read and check a quote-choice CSV (a path or a text stream).

    Raises
    ------
    ReportError
        ``RK536``: unreadable file, missing columns, a bad action or offsets (every bad row listed).

    Examples
    --------
    >>> import io
    >>> parse_quote_choices(io.StringIO("theme,doc_id,start,end,action\\nSIG,R1,0,10,keep\\n"), name="q.csv")
    Traceback (most recent call last):
    ...
    researchkit.errors.ReportError: [RK536] q.csv: bad row(s): row 2: action 'keep' is not pin or exclude. What to do: each row needs theme, doc_id, whole-number start < end and action pin or exclude.
    """
    try:
        frame = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, OSError) as exc:
        raise ReportError("RK536", f"{name}: cannot read the quote file ({type(exc).__name__}: {exc})",
                          hint="save it as a UTF-8 CSV with the header theme,doc_id,start,end,action") from None
    missing = [c for c in CHOICE_COLUMNS if c not in frame.columns]
    if missing:
        raise ReportError("RK536", f"{name}: column(s) {', '.join(missing)} missing (it has {', '.join(frame.columns)})",
                          hint="copy rows from out/tables/quotes.csv and set the action to pin or exclude")
    frame = frame[CHOICE_COLUMNS].copy()
    problems = []
    starts = pd.to_numeric(frame["start"], errors="coerce")
    ends = pd.to_numeric(frame["end"], errors="coerce")
    for i, (action, s, e, theme, doc) in enumerate(zip(frame["action"], starts, ends, frame["theme"], frame["doc_id"])):
        row = i + 2
        if action.strip() not in ACTIONS:
            problems.append(f"row {row}: action {action!r} is not pin or exclude")
        if pd.isna(s) or pd.isna(e) or s != int(s) or e != int(e) or not 0 <= s < e:
            problems.append(f"row {row}: start/end {frame['start'].iloc[i]!r}/{frame['end'].iloc[i]!r} are not offsets")
        if not theme.strip() or not doc.strip():
            problems.append(f"row {row}: theme and doc_id are required")
    if problems:
        raise ReportError("RK536", f"{name}: bad row(s): " + "; ".join(problems[:20]),
                          hint="each row needs theme, doc_id, whole-number start < end and action pin or exclude")
    frame["action"] = frame["action"].str.strip()
    frame["start"], frame["end"] = starts.astype("int64"), ends.astype("int64")
    return frame.reset_index(drop=True)

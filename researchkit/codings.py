"""The codings table: the one interchange format for coded segments.

A codings table is a tidy :class:`pandas.DataFrame`, one row per coded segment, with
at least the columns of :data:`CODING_COLUMNS`. ``(doc_id, start, end, code, coder)``
identifies a coding; ``text`` is ``document_text[start:end]``, kept for reading.
Optional columns: :data:`OPTIONAL_COLUMNS`.

Examples
--------
>>> from researchkit.transcripts import Corpus, Transcript
>>> corpus = Corpus([Transcript("R01", "R: we werken goed samen")])
>>> df = make_codings([{"doc_id": "R01", "start": 3, "end": 23, "code": "SAM",
...                     "coder": "anna", "source": "manual"}], corpus)
>>> df.loc[0, "text"]
'we werken goed samen'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Mapping

from researchkit.errors import ResearchkitError

if TYPE_CHECKING:  # pandas loads when a table is built, not when the module is imported
    import pandas as pd

CODING_COLUMNS: list[str] = ["doc_id", "start", "end", "code", "coder", "source", "text"]
OPTIONAL_COLUMNS: list[str] = ["unit", "rule_id", "evidence", "confidence", "memo", "created", "id"]
SOURCES: tuple[str, ...] = ("manual", "rules", "model", "import")
KEY_COLUMNS: list[str] = ["doc_id", "start", "end", "code", "coder"]


class CodingsError(ResearchkitError, ValueError):
    """A codings table is malformed or does not fit the corpus."""


def require_columns(
    codings: object,
    required: Iterable[str],
    *,
    error: type[ResearchkitError],
    code: str,
    name: str = "codings",
) -> None:
    """Raise ``error(code, ...)`` unless ``codings`` is a DataFrame with the ``required`` columns.

    The one check every consumer of codings tables makes first (each raises its own
    catalogue error so the message says which step failed).

    Examples
    --------
    >>> import pandas as pd
    >>> require_columns(pd.DataFrame({"doc_id": []}), ["doc_id", "code"], error=CodingsError, code="RK301")
    Traceback (most recent call last):
    ...
    researchkit.codings.CodingsError: [RK301] codings: missing column(s) code (has: doc_id). What to do: a codings table needs at least the columns doc_id, code.
    """
    import pandas as pd

    required = list(required)
    if not isinstance(codings, pd.DataFrame):
        raise error(
            code,
            f"{name}: expected a pandas DataFrame in the codings shape, got {type(codings).__name__}",
            hint="pass a codings table (see researchkit.codings.make_codings)",
        )
    missing = [c for c in required if c not in codings.columns]
    if missing:
        raise error(
            code,
            f"{name}: missing column(s) {', '.join(missing)} (has: {', '.join(map(str, codings.columns))})",
            hint=f"a codings table needs at least the columns {', '.join(required)}",
        )


def empty_codings(extra: Iterable[str] = ()) -> pd.DataFrame:
    """Return an empty codings table with the right columns and dtypes.

    Examples
    --------
    >>> list(empty_codings().columns)
    ['doc_id', 'start', 'end', 'code', 'coder', 'source', 'text']
    """
    import pandas as pd

    columns = CODING_COLUMNS + [c for c in extra if c not in CODING_COLUMNS]
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    return frame.astype({"start": "int64", "end": "int64"})


def make_codings(rows: Iterable[Mapping], corpus=None) -> pd.DataFrame:
    """Build a codings table from row mappings, filling ``text`` from the corpus.

    Parameters
    ----------
    rows
        Mappings with at least ``doc_id, start, end, code, coder, source``.
    corpus
        A :class:`~researchkit.transcripts.Corpus`; when given, ``text`` is derived and
        every row is checked against it.
    """
    import pandas as pd

    frame = pd.DataFrame(list(rows))
    if frame.empty:
        return empty_codings()
    if corpus is not None:
        texts = corpus.texts()
        frame["text"] = [
            texts[d][s:e] if d in texts else None for d, s, e in zip(frame["doc_id"], frame["start"], frame["end"])
        ]
    return validate_codings(frame, corpus)


def validate_codings(codings: pd.DataFrame, corpus=None, *, name: str = "codings") -> pd.DataFrame:
    """Check a codings table and return it with canonical column order and dtypes.

    Every problem is reported at once, each with its row number: missing columns,
    offsets that are not integers or not ``0 <= start < end``, unknown ``source``,
    and — with a corpus — unknown documents, offsets beyond the text and ``text``
    values that are not ``document_text[start:end]``.

    Raises
    ------
    CodingsError
        Listing every problem found.

    Examples
    --------
    >>> import pandas as pd
    >>> validate_codings(pd.DataFrame({"doc_id": ["R01"]}))
    Traceback (most recent call last):
    ...
    researchkit.codings.CodingsError: [RK301] codings: missing column(s) start, end, code, coder, source (has: doc_id). What to do: a codings table needs at least the columns doc_id, start, end, code, coder, source.
    """
    import pandas as pd

    require_columns(codings, [c for c in CODING_COLUMNS if c != "text"], error=CodingsError, code="RK301", name=name)
    frame = codings.copy()
    problems: list[str] = []
    for col in ("start", "end"):
        numeric = pd.to_numeric(frame[col], errors="coerce")
        bad = frame.index[numeric.isna() | (numeric != numeric.round())]
        for idx in bad[:20]:
            problems.append(f"row {idx}: {col}={frame.at[idx, col]!r} is not an integer offset")
        frame[col] = numeric
    if not problems:
        frame = frame.astype({"start": "int64", "end": "int64"})
        bad = frame.index[(frame["start"] < 0) | (frame["end"] <= frame["start"])]
        for idx in bad[:20]:
            problems.append(f"row {idx}: offsets start={frame.at[idx, 'start']}, end={frame.at[idx, 'end']} need 0 <= start < end")
    bad_source = frame.index[~frame["source"].isin(SOURCES)]
    for idx in bad_source[:20]:
        problems.append(f"row {idx}: source={frame.at[idx, 'source']!r} is not one of {', '.join(SOURCES)}")
    if corpus is not None and not problems:
        texts = corpus.texts()
        if "text" not in frame.columns:
            frame["text"] = None
        derived = []
        for idx, doc, start, end, quoted in zip(frame.index, frame["doc_id"], frame["start"], frame["end"], frame["text"]):
            text = texts.get(doc)
            if text is None:
                problems.append(f"row {idx}: doc_id={doc!r} is not in the corpus")
                derived.append(quoted)
                continue
            if end > len(text):
                problems.append(f"row {idx}: end={end} is beyond the end of {doc!r} ({len(text)} characters)")
                derived.append(quoted)
                continue
            segment = text[start:end]
            if isinstance(quoted, str) and quoted != segment:
                problems.append(f"row {idx}: text {quoted[:40]!r} is not {doc!r}[{start}:{end}] = {segment[:40]!r}")
            derived.append(segment)
        frame["text"] = derived
    if problems:
        more = "\n  ... and more" if len(problems) >= 20 else ""
        raise CodingsError(
            "RK302",
            f"{name}: {len(problems)} problem(s):\n  " + "\n  ".join(problems) + more,
            hint="fix the rows named above; offsets are code-point indexes into the canonical text",
        )
    if "text" not in frame.columns:
        frame["text"] = None
    ordered = CODING_COLUMNS + [c for c in frame.columns if c not in CODING_COLUMNS]
    return frame[ordered].reset_index(drop=True)

"""Formatting helpers of the report: dates, numbers, lists, quotes, figures as PNG bytes.

Examples
--------
>>> _join_and(["a", "b", "c"], "nl"), _num(0.815, 2, "nl")
('a, b en c', '0,81')
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, Sequence

import pandas as pd

from researchkit.errors import ReportError
from researchkit.report.inputs import ReportInputs
from researchkit.report.texts import _MONTHS, _NUMBER_WORDS, MAX_QUOTE_CHARS

# --------------------------------------------------------------------------- formatting helpers


#: A date written as ISO ``YYYY-MM-DD`` (ASCII digits): read without pandas' format guessing.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _parse_date(value: Any) -> _dt.date | None:
    """A date from an attribute value or setting, or ``None`` when it is missing or no date.

    An ISO date (the usual way to write one) is read directly, the same date pandas reads
    (``None`` for one that does not exist); other forms go through :func:`pandas.to_datetime`.

    Examples
    --------
    >>> _parse_date(" 2026-02-03 "), _parse_date("2026-02-30"), _parse_date("3 March 2026"), _parse_date("onbekend")
    (datetime.date(2026, 2, 3), None, datetime.date(2026, 3, 3), None)
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    if _ISO_DATE.fullmatch(text):
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:  # (a month or day that does not exist: pandas reads no date either)
            return None
    stamp = pd.to_datetime(text, errors="coerce", dayfirst=False)
    if pd.isna(stamp):
        return None
    return stamp.date()


def interview_dates(corpus: Any, column: str = "date") -> list[_dt.date]:
    """The parseable interview dates of the corpus, sorted.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> interview_dates(Corpus([Transcript("a", "x", attributes={"date": "2026-03-02"}),
    ...                         Transcript("b", "y", attributes={"date": "onbekend"})]))
    [datetime.date(2026, 3, 2)]
    """
    attrs = corpus.attributes
    if column not in attrs.columns:
        return []
    parsed: dict[Any, _dt.date | None] = {}  # each distinct value parsed once (pandas parses one string at a time)
    for value in attrs[column]:
        if value not in parsed:
            parsed[value] = _parse_date(value)
    return sorted(d for d in (parsed[v] for v in attrs[column]) if d is not None)


def report_date(inputs: ReportInputs) -> _dt.date:
    """The report date: ``inputs.date`` or else the latest interview date.

    Raises
    ------
    ReportError
        ``RK554`` for a date that cannot be read, or when there is neither.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("a", "x", attributes={"date": "2026-02-03"}),
    ...                  Transcript("b", "y", attributes={"date": "2026-03-30"})])
    >>> report_date(ReportInputs(corpus, None, None)), report_date(ReportInputs(corpus, None, None, date="2026-04-15"))
    (datetime.date(2026, 3, 30), datetime.date(2026, 4, 15))
    """
    if inputs.date is not None:
        parsed = _parse_date(inputs.date)
        if parsed is None:
            raise ReportError("RK554", f"report date {inputs.date!r} is not a date", hint="use an ISO date such as 2026-04-01")
        return parsed
    dates = interview_dates(inputs.corpus)
    if not dates:
        raise ReportError(
            "RK554", "no report date given and no interview has a readable 'date' attribute",
            hint="pass date='2026-04-01' (the report never uses the clock, so that the same inputs give the same file)",
        )
    return dates[-1]


def format_date(day: _dt.date, language: str = "nl") -> str:
    """``3 februari 2026`` / ``3 February 2026``.

    Examples
    --------
    >>> format_date(_dt.date(2026, 2, 3))
    '3 februari 2026'
    """
    return f"{day.day} {_MONTHS[language][day.month - 1]} {day.year}"


def _count_word(n: int, language: str) -> str:
    words = _NUMBER_WORDS[language]
    return words[n] if 0 <= n < len(words) else str(n)


def _counted(n: int, one: str, many: str) -> str:
    """``n`` with the noun in the right number: ``_counted(1, "coding", "codings")`` is ``'1 coding'``."""
    return f"{n} {one if n == 1 else many}"


def _capitalize(word: str) -> str:
    """Capitalise a sentence's first word; Dutch "één" becomes "Eén" (not "Één")."""
    return "Eén" + word[3:] if word.startswith("één") else word[:1].upper() + word[1:]


def _num(value: float, digits: int, language: str) -> str:
    if value is None or pd.isna(value):
        return "–"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if language == "nl" else text


def _pct(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_") or "x"


def _plain_list(text: str) -> str:
    """Codebook include/exclude text ("- a\\n- b") as one line ("a; b")."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    items = [line[2:].strip() if line.startswith("- ") else line for line in lines]
    if len(items) > 1:
        items = [item.rstrip(".;") for item in items]
    return "; ".join(items)


def _join_and(items: Sequence[str], language: str) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" en " if language == "nl" else " and ") + items[-1]


def _sentence(text: str) -> str:
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "”", "’", '"')) else text + "."


#: A time marker inside a turn, as transcription tools write them every minute or at each pause:
#: ``[00:43:00]``, ``(12:03)``, f4transkript's ``#00:01:23-5#``. A quote in a report shows the words only.
_TIME_MARK = re.compile(r"(?:[\[(]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[\])]|#\d{1,2}:\d{2}:\d{2}(?:[-.]\d{1,2})?#)")


def _trim_quote(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    """A coded passage as a report quotes it: time markers out, white space collapsed, and cut after
    a sentence (``[…]``) when it is longer than ``limit`` characters. The passage itself (its offsets)
    is unchanged; this is how it is shown.

    Examples
    --------
    >>> _trim_quote("Like [00:43:00] it's not in your   deployment steps. #00:01:23-5#")
    "Like it's not in your deployment steps."
    """
    text = " ".join(_TIME_MARK.sub(" ", text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    if end > limit // 3:
        cut = cut[: end + 1]
    else:
        cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return cut.rstrip() + " […]"


def _figure_png(fig: Any, dpi: int) -> bytes:
    from researchkit.figures.save import png_bytes

    return png_bytes(fig, dpi=dpi)


def _people(values: pd.Series) -> list[str]:
    out: list[str] = []
    for value in values.dropna():
        for part in re.split(r"[;/]", str(value)):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return sorted(out)

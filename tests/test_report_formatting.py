"""researchkit.report.formatting: dates of the attributes and the settings."""

import datetime as dt
import random

import pandas as pd
import pytest

from researchkit.report.formatting import _parse_date, interview_dates
from researchkit.transcripts import Corpus, Transcript


def _pandas_date(text: str) -> dt.date | None:
    """The date pandas reads (what _parse_date gave for every string before ISO dates were read directly)."""
    stamp = pd.to_datetime(text.strip(), errors="coerce", dayfirst=False)
    return None if pd.isna(stamp) else stamp.date()


@pytest.mark.filterwarnings("ignore")
def test_iso_dates_are_the_dates_pandas_reads():
    rng = random.Random(7)
    cases = [f"{rng.randint(0, 9999):04d}-{rng.randint(0, 13):02d}-{rng.randint(0, 32):02d}" for _ in range(400)]
    cases += [f"{y:04d}-{m:02d}-{d:02d}" for y in (1, 1500, 1677, 1678, 2024, 2026, 2262, 2263, 9999)
              for m in (1, 2, 12) for d in (1, 28, 29, 30, 31)]
    cases += [" 2026-02-03\t", "2026-2-3", "2026-02-03T10:00", "03-02-2026", "٢٠٢٦-٠٢-٠٣"]
    for text in cases:
        assert _parse_date(text) == _pandas_date(text), text


def test_interview_dates_sorted_and_unreadable_left_out():
    corpus = Corpus([Transcript("a", "x", attributes={"date": "2026-03-02"}),
                     Transcript("b", "y", attributes={"date": "2026-02-30"}),
                     Transcript("c", "z", attributes={"date": "12 January 2026"})])
    assert interview_dates(corpus) == [dt.date(2026, 1, 12), dt.date(2026, 3, 2)]

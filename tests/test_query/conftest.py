"""A hand-made corpus and codings whose query answers are worked out by hand."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
from query_fixtures import R1, R2, _turns, span  # noqa: E402

from researchkit.transcripts import Corpus, Transcript  # noqa: E402


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus([
        Transcript("R1", R1, turns=_turns(R1), attributes={"port": "Harlingen", "group": "havenmeester"}),
        Transcript("R2", R2, turns=_turns(R2), attributes={"port": "Urk", "group": "visser"}),
    ])


def _row(doc, text, phrase, code, coder="anna", source="manual", nth=0):
    s, e = span(text, phrase, nth)
    return {"doc_id": doc, "start": s, "end": e, "code": code, "coder": coder, "source": source, "text": text[s:e]}


@pytest.fixture(scope="module")
def codings() -> pd.DataFrame:
    rows = [
        _row("R1", R1, "We werken samen met de douane.", "SAM"),
        _row("R1", R1, "douane", "ACT.DOU"),
        _row("R1", R1, "De politie komt soms.", "INFO.WV"),
        _row("R1", R1, "Er wordt gesmokkeld.", "FEN.DRU"),
        _row("R1", R1, "Niemand ziet het.", "SAM"),
        _row("R1", R1, "Niemand ziet het.", "SAM", coder="bob"),
        _row("R2", R2, "We werken samen met de politie.", "SAM"),
        _row("R2", R2, "De informatie blijft liggen.", "INFO.WV"),
        _row("R2", R2, "Cocaïne in een kotter 🚢 niet gezien.", "FEN.DRU", coder="rules", source="rules"),
    ]
    return pd.DataFrame(rows)

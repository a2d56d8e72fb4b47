"""Load the hand-made mini corpus of tests/data/analysis/havens_mini.json.

Used by tests/test_analysis_*.py and tests/test_figures.py via ``load()``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from researchkit.codebook import Codebook
from researchkit.transcripts import Corpus, Transcript, Turn

HERE = Path(__file__).parent


def build(data: dict) -> tuple[Corpus, pd.DataFrame]:
    docs = []
    for d in data["documents"]:
        text, turns = "", []
        for label, role, said in d["turns"]:
            if text:
                text += "\n"
            text += f"{label}: "
            turns.append(Turn(label, role, len(text), len(text) + len(said)))
            text += said
        docs.append(Transcript(d["doc_id"], text, tuple(turns), dict(d["attributes"])))
    corpus = Corpus(docs)
    rows = []
    for doc_id, phrase, codes in data["codings"]:
        text = corpus[doc_id].text
        start = text.find(phrase)
        assert start >= 0 and text.find(phrase, start + 1) == -1, (doc_id, phrase)
        for code in codes:
            rows.append({"doc_id": doc_id, "start": start, "end": start + len(phrase), "code": code,
                         "coder": "anna", "source": "manual", "text": phrase})
    return corpus, pd.DataFrame(rows)


def load() -> tuple[Corpus, pd.DataFrame, Codebook]:
    data = json.loads((HERE / "havens_mini.json").read_text(encoding="utf-8"))
    corpus, codings = build(data)
    return corpus, codings, Codebook.from_dict(data["codebook"])


def span(corpus: Corpus, doc_id: str, phrase: str) -> tuple[int, int]:
    start = corpus[doc_id].text.index(phrase)
    return start, start + len(phrase)

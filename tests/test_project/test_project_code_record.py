"""One coding by hand without pandas (``code_record``, used by ``researchkit code``) stores and refuses exactly as a one-row table does."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from project_fixtures import TEXT_R01

from researchkit.errors import ResearchkitError
from researchkit.project import CODINGS_FRAME_COLUMNS


def _as_table(project, row: dict) -> pd.DataFrame:
    """The one-row table path (how ``code`` stored a coding before ``code_record``): validate, check, insert, audit."""
    with project._write() as conn:
        return project._insert_codings(conn, pd.DataFrame([row]), on_duplicate="error", action="code", who=row["coder"])


def _row(text: str, quote: str, **extra) -> dict:
    s = text.index(quote)
    return {"doc_id": "R01", "start": s, "end": s + len(quote), "code": "HAV", "coder": "anna", "source": "manual",
            "text": quote, "memo": None, **extra}


def _error(call) -> ResearchkitError:
    with pytest.raises(ResearchkitError) as info:
        call()
    return info.value


def test_code_record_returns_the_stored_row_and_code_the_same_frame_as_codings(filled):
    record = filled.code_record("R01", quote="Harlingen", code="HAV", coder="anna", memo="eerste")
    assert list(record) == CODINGS_FRAME_COLUMNS
    assert TEXT_R01[record["start"]:record["end"]] == record["text"] == "Harlingen"
    assert (record["source"], record["memo"], record["confidence"], record["unit"]) == ("manual", "eerste", None, None)
    frame = filled.code("R01", quote="douane", code="DOU", coder="anna")
    pd.testing.assert_frame_equal(frame, filled.codings(code="DOU"))  # same columns, values and dtypes
    stored = filled.codings()
    as_dicts = stored.astype(object).where(stored.notna(), None).to_dict("records")
    assert record in as_dicts
    assert filled.coders()["name"].tolist() == ["anna"]


def test_the_audit_entry_is_that_of_a_one_row_table(filled):
    record = filled.code_record("R01", quote="Harlingen", code="HAV", coder="anna")
    table = _as_table(filled, _row(TEXT_R01, "douane", code="DOU"))
    entries = filled.history(action="code")
    assert entries["who"].tolist() == ["anna", "anna"] and entries["target"].tolist() == ["codings", "codings"]
    assert [json.loads(a) for a in entries["after"]] == [
        {"count": 1, "skipped": 0, "coders": ["anna"], "ids": [record["id"]]},
        {"count": 1, "skipped": 0, "coders": ["anna"], "ids": [table["id"].item()]},
    ]
    assert entries["before"].isna().all()


@pytest.mark.parametrize("case", ["duplicate", "unknown code", "bad source", "NUL in memo", "NUL in code"])
def test_refusals_are_those_of_a_one_row_table(filled, case):
    quote = "Harlingen"
    options = {"code": "HAV", "coder": "anna", "source": "manual", "memo": None}
    if case == "duplicate":
        filled.code("R01", quote=quote, code="HAV", coder="anna")
    options |= {"unknown code": {"code": "HAVN"}, "bad source": {"source": "handwerk"}, "NUL in memo": {"memo": "a\x00b"},
                "NUL in code": {"code": "H\x00V"}}.get(case, {})
    before = filled.codings()
    mine = _error(lambda: filled.code_record("R01", quote=quote, **options))
    table = _error(lambda: _as_table(filled, _row(TEXT_R01, quote, **options)))
    framed = _error(lambda: filled.code("R01", quote=quote, **options))
    assert type(mine) is type(table) is type(framed)
    assert mine.code == table.code == framed.code
    assert str(mine) == str(table) == str(framed)
    pd.testing.assert_frame_equal(filled.codings(), before)  # nothing written

"""The editable quote file: the run lists the quotes it chose; pinned ones come first, excluded ones
never appear, on the next run; the manifest records the choices."""

from __future__ import annotations

import importlib.util
import pathlib

import pandas as pd
import pytest
import yaml

from researchkit.errors import ReportError
from researchkit.run import run

_spec = importlib.util.spec_from_file_location("report_small", pathlib.Path(__file__).parent / "data" / "report" / "small.py")
small = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(small)


def _set(config: pathlib.Path, **report) -> None:
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["report"].update(report)
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_pin_and_exclude_are_honoured_on_the_next_run(tmp_path):
    config = small.write(tmp_path)
    _set(config, n_quotes=1)
    run(config, progress=None)
    chosen = pd.read_csv(tmp_path / "out" / "tables" / "quotes.csv", dtype={"action": str}, keep_default_na=False)
    assert list(chosen.columns) == ["theme", "doc_id", "start", "end", "action", "quote"]
    first = chosen.iloc[0]
    theme = first["theme"]
    corpus, codebook, codings = small.build()
    from researchkit import analysis

    others = analysis.passages(codings, corpus, code=theme, codebook=codebook, context=0, roles="respondent")
    other = others[(others["doc_id"] != first["doc_id"]) | (others["start"] != first["start"])].iloc[0]
    choices = pd.DataFrame([
        {"theme": theme, "doc_id": first["doc_id"], "start": first["start"], "end": first["end"], "action": "exclude"},
        {"theme": theme, "doc_id": other["doc_id"], "start": other["start"], "end": other["end"], "action": "pin"},
    ])
    choices.to_csv(tmp_path / "quotes.csv", index=False)
    _set(config, quotes="quotes.csv")
    result = run(config, progress=None)
    again = pd.read_csv(tmp_path / "out" / "tables" / "quotes.csv", keep_default_na=False)
    mine = again[again["theme"] == theme]
    assert (mine.iloc[0]["doc_id"], mine.iloc[0]["start"]) == (other["doc_id"], other["start"])
    assert not ((mine["doc_id"] == first["doc_id"]) & (mine["start"] == first["start"])).any()
    assert result.manifest["quotes"] == {"pinned": 1, "excluded": 1}
    assert "quotes.csv" in result.manifest["inputs"]


def test_a_pin_that_is_no_coded_passage_is_an_error(tmp_path):
    config = small.write(tmp_path)
    pd.DataFrame([{"theme": "SIG", "doc_id": "R1", "start": 0, "end": 3, "action": "pin"}]).to_csv(tmp_path / "q.csv", index=False)
    _set(config, quotes="q.csv")
    with pytest.raises(ReportError, match=r"RK536.*not coded passages of that theme: R1 0-3"):
        run(config, progress=None)
    (tmp_path / "q.csv").write_text("theme,doc_id,start,end,action\nSIG,R1,5,2,keep\n", encoding="utf-8")
    with pytest.raises(ReportError, match=r"RK536.*row 2: action 'keep'.*row 2: start/end"):
        run(config, progress=None)

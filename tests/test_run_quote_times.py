"""``report.quote_times``: a quote's time in the recording in its attribution.

The small study of the report tests is written with a time before every turn
(``[00:01:07] R: ...``, as transcription services and f4 write it) and coded by its rules; with
``quote_times: true`` every quote of the report ends its attribution with the time of the
turn it starts in; by default none does.
"""

from __future__ import annotations

import importlib.util
import pathlib
import re

import pytest
import yaml

from researchkit.errors import RunError
from researchkit.run import RunConfig, run

_spec = importlib.util.spec_from_file_location("report_small", pathlib.Path(__file__).parent / "data" / "report" / "small.py")
small = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(small)


def timed_study(folder: pathlib.Path, **report) -> pathlib.Path:
    config = small.write(folder)
    for path in sorted((folder / "transcripts").glob("R*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("".join(f"[00:{i:02d}:{7 * i % 60:02d}] {line}\n" for i, line in enumerate(lines)), encoding="utf-8")
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["manual_codings"] = []  # their offsets are those of the files without times; the rules code the timed files
    data["report"].update(report)
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config


def quote_lines(folder: pathlib.Path) -> list[str]:
    return [line for line in (folder / "out" / "report.md").read_text(encoding="utf-8").splitlines() if line.startswith("> “")]


def test_every_quote_carries_the_time_of_its_turn(tmp_path):
    run(timed_study(tmp_path, quote_times=True), progress=None)
    quotes = quote_lines(tmp_path)
    assert quotes and all(re.search(r", 0:\d\d:\d\d\)$", q) for q in quotes), quotes
    # R1's second line ([00:01:07]) is the respondent's first turn: the busje on the quay
    assert any(q.startswith("> “Er stond 's nachts een busje op de kade, zonder lichten.”") and q.endswith(", 0:01:07)")
               for q in quotes), quotes


def test_no_times_unless_asked(tmp_path):
    run(timed_study(tmp_path), progress=None)
    quotes = quote_lines(tmp_path)
    assert quotes and not any(re.search(r"0:\d\d:\d\d\)$", q) for q in quotes), quotes


def test_quote_times_must_be_true_or_false():
    with pytest.raises(RunError, match="report.quote_times must be true or false, got 'ja'"):
        RunConfig.from_dict({"codebook": "c.yaml", "report": {"quote_times": "ja"}})

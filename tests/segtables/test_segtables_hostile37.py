"""RQDA coding tables (rows by character offsets) whose offsets are no offsets: each row's issue names the cells."""

from __future__ import annotations

import csv

from researchkit.segtables import import_segment_table
from researchkit.transcripts import Corpus, Transcript

TEXT = "Interviewer: Hoe gaat het met de haven?\nRespondent: Goed, dank je."
HEADER = ["rowid", "cid", "fid", "codename", "filename", "index1", "index2", "CodingLength"]


def _import(tmp_path, rows):
    path = tmp_path / "coding.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return import_segment_table(path, Corpus([Transcript("R01", TEXT)]), coder="anna")


def test_rows_whose_offsets_are_no_whole_numbers_name_the_cells(tmp_path):
    bad = [("-5", "20"), ("NaN", "inf"), ("13.5", "20"), ("1e1", "2e1"), ("9" * 40, "9" * 41), ("abc", "")]
    result = _import(tmp_path, [(k, 1, 1, "Werk", "R01", s, e, "") for k, (s, e) in enumerate(bad, start=1)]
                     + [(9, 1, 1, "Werk", "R01", 13, 20, 7)])
    assert [tuple(c) for c in result.codings[["start", "end"]].itertuples(index=False)] == [(13, 20)]
    issues = {i.where: i for i in result.report.issues}
    assert sorted(issues) == [f"row {k}" for k in range(2, 8)]
    for k, (s, e) in enumerate(bad, start=2):
        issue = issues[f"row {k}"]
        assert issue.kind == "offsets do not fit" and issue.value == f"{s}-{e}"
        assert f"start {s!r} and end {e!r} are not both whole numbers" in issue.detail


def test_a_row_without_offsets_still_says_so(tmp_path):
    result = _import(tmp_path, [(1, 1, 1, "Werk", "R01", "", "", "")])
    (issue,) = result.report.issues
    assert issue.value == "None-None" and issue.detail == "the row gives no start and end offsets"

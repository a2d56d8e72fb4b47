"""Hostile and malformed coded-segment tables: every input gives a correct result or a researchkit error.

Each test reproduces, in a small generated file, an input that once broke the import
(a hang, a bare Python exception, a row lost without a word).
"""

from __future__ import annotations

from researchkit.segtables.nvivo import report_segments


def test_nvivo_report_lines_with_long_runs_of_spaces_are_read_in_linear_time():
    """A ``Nodes\\\\`` or ``<Files\\\\`` line padded with 100 000 spaces (a report pasted from a PDF) took
    minutes: a lazy group before ``\\s*$`` tried every split of the run. It is read in a moment now."""
    pad = " " * 100_000
    lines = [f"Nodes\\\\Werk{pad}\\\\ Samenwerking{pad}", f"<Files\\\\Haven\\\\Interview 01>{pad}- § 1 reference coded{pad}",
             "Reference 1 - 1.50% Coverage", "we werken goed samen", f"<Files\\\\Interview 02{pad}!", "Reference 1 - 2% Coverage",
             "de haven"]
    segments = report_segments(lines, default_code="x")
    assert [(s.document, s.codes, s.text, s.where) for s in segments] == [
        ("Interview 01", ("Werk\\Samenwerking",), "we werken goed samen", "line 3"),
        (f"Interview 02{pad}!".strip(), ("Werk\\Samenwerking",), "de haven", "line 6"),
    ]

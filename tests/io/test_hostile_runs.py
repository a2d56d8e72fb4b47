"""Long runs of white space in a transcript line are read in linear time (no regex backtracking)."""

from __future__ import annotations

from researchkit.io import read_transcript


def test_a_time_followed_by_a_long_run_of_spaces_does_not_stall_the_label_search(tmp_path):
    """``[00:00.00]`` then 20 000 spaces took 10 s per line (``\\s*[-–]?\\s*`` split the run every way);
    with 200 000 spaces minutes. The line is speech like any other and nothing of it is lost."""
    pad = " " * 200_000
    path = tmp_path / "interview.txt"
    path.write_text(f"I: Where?\n[00:00.00]{pad}in the port\nR: Yes.\n00:00:05 -{pad}\t\n", encoding="utf-8")
    t = read_transcript(path)
    assert "in the port" in t.text and t.text.count(" ") >= 200_000
    assert [t.turn_text(turn).strip()[-11:] for turn in t.turns if turn.speaker == "I"] == ["in the port"]


def test_long_runs_around_the_new_time_and_label_shapes_are_read_in_linear_time(tmp_path):
    """The shapes read since: a lower-case name alone on a line (``danah:``), a play link before a label
    (``[13:30](...)``), an f4 mark opening a paragraph, a bracketed time closing one. Long runs of spaces,
    parentheses and hashes inside them must not make any pattern backtrack; every character stays in the text."""
    pad = " " * 100_000
    lines = [f"Rebecca:{pad}", f"danah{pad}:", f"[13:30]({'(' * 50_000}{pad}", f"#00:00:05-2#{pad}I: Wat?",
             f"B: Dat was het.{pad}[00:01:23]", f"R: {'#' * 100_000}", f"{'a' * 100_000}:", "I: En toen?", "R: Niets."]
    path = tmp_path / "R01.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    t = read_transcript(path)
    assert t.text.count("#") >= 100_000 and t.text.count("(") >= 50_000 and "En toen?" in t.text


def test_the_new_patterns_alone_on_hostile_strings():
    from researchkit.io.roles import name_and_role
    from researchkit.io.speakers import match_lower_label_line
    from researchkit.io.timemarks import match_link_time, match_time_end, match_time_mark_start

    pad = " " * 100_000
    assert match_lower_label_line("danah" + pad + "x:") is None and match_lower_label_line(pad + "danah" + pad) is None
    assert match_link_time("[13:30](" + "(" * 100_000) is None and match_link_time("[13:30](" + "a" * 100_000) is None
    assert match_time_mark_start(pad + "#00:00:05" + pad) is None and match_time_end("x" + pad + "[00:01" + pad) is None
    assert name_and_role("Jan" + " – " * 20_000 + "interviewer") is None

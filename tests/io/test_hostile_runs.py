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

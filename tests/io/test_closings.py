"""A record's closing line (``io/closings.py``): nobody's speech, not the last speaker's."""

from __future__ import annotations

from pathlib import Path

import pytest

from researchkit.io import read_transcript
from researchkit.io.closings import is_closing_line

HEARING = """Chair: Welcome. Can you tell us where the delays come from?

Ms Okafor: From the suppliers, mostly.

Chair: Thank you for your evidence.

Ms Okafor: Thank you.

{closing}
"""


@pytest.mark.parametrize("closing", [
    "The meeting rose at 12.31 pm.",
    "Committee adjourned at 4.15 p.m.",
    "De vergadering wordt om 17.05 uur gesloten.",
    "Sluiting 17.05 uur.",
    "Schluss der Sitzung: 17.05 Uhr",
    "La séance est levée à 12 h 31.",
    "Se levanta la sesión a las 12.31 horas.",
])
def test_closing_line_is_not_the_last_speakers(tmp_path: Path, closing):
    path = tmp_path / "hearing.txt"
    path.write_text(HEARING.format(closing=closing), encoding="utf-8")
    t = read_transcript(path)
    last = t.turns[-1]
    assert (last.speaker, last.role, t.text[last.start : last.end]) == ("", "other", closing)
    assert t.text[t.turns[-2].start : t.turns[-2].end] == "Thank you."
    assert any("the meeting closed, was suspended or resumed" in n for n in t.notes)


@pytest.mark.parametrize("text", [
    "I declare the meeting closed at 12.31.",
    "Ik sluit de vergadering om 17.05 uur.",
    "The meeting closed at 12.31 and then we went to the pub.",
    "Was the meeting adjourned at 12.31?",
    "The committee adjourned.",
])
def test_speech_about_a_meeting_stays_speech(tmp_path: Path, text):
    assert not is_closing_line(text)
    path = tmp_path / "hearing.txt"
    path.write_text(HEARING.format(closing=text), encoding="utf-8")
    t = read_transcript(path)
    assert t.turns[-1].speaker == "Ms Okafor" and t.text[t.turns[-1].start : t.turns[-1].end].endswith(text)

"""The hand-made transcripts of the query tests (shared by conftest.py and the tests)."""

from __future__ import annotations

from researchkit.transcripts import Turn

R1 = ("I: Hoe werkt de haven?\n"
      "HM: We werken samen met de douane. De politie komt soms.\n"
      "I: En de visserij?\n"
      "HM: Er wordt gesmokkeld. Vissers smokkelden vroeger ook. Niemand ziet het.")
R2 = ("I: Wat ziet u?\n"
      "V: We werken samen met de politie.\n"
      "I: En informatie?\n"
      "V: De informatie blijft liggen. Cocaïne in een kotter 🚢 niet gezien.")


def _turns(text: str) -> tuple[Turn, ...]:
    turns, pos = [], 0
    for line in text.split("\n"):
        label, _, rest = line.partition(": ")
        start = pos + len(label) + 2
        turns.append(Turn(label, "interviewer" if label == "I" else "respondent", start, pos + len(line)))
        pos += len(line) + 1
    return tuple(turns)


def span(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``phrase``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)



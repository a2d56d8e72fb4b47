"""Speaker turns for texts that come from other QDA programs (which have none).

Examples
--------
>>> [t.speaker for t in turns_for_text("x", "I: Dag.\\nR: Hoi.")]
['I', 'R']
"""

from __future__ import annotations

from typing import Mapping

from researchkit.io.assemble import RawParagraph, assemble
from researchkit.transcripts import Turn

__all__ = ["turns_for_text"]


def turns_for_text(doc_id: str, text: str, *, labels: Mapping[str, str] | None = None,
                   attributes: Mapping | None = None) -> tuple[Turn, ...]:
    """Speaker turns of a canonical text whose layout must stay exactly as it is.

    The speaker grammar of the transcript readers is applied line by line; turn offsets
    point into ``text`` itself (no line is moved or trimmed).

    Examples
    --------
    >>> turns_for_text("x", "I: Dag.\\n\\nR:  Goedemorgen.\\nNog iets.")
    (Turn(speaker='I', role='interviewer', start=3, end=7, timestamp=None), Turn(speaker='R', role='respondent', start=13, end=35, timestamp=None))
    """
    lines, starts, pos = [], [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lines.append(RawParagraph(stripped, f"line {len(starts) + 1}"))
            starts.append(pos + (len(line) - len(line.lstrip())))
        pos += len(line) + 1
    if not lines:
        return ()
    built = assemble(doc_id, lines, labels=labels, attributes=attributes)
    spans = built.paragraphs

    def to_original(p: int, *, is_end: bool) -> int:
        for (a, b), origin in zip(spans, starts):
            if a <= p < b or (is_end and a < p <= b):
                return origin + (p - a)
        return len(text) if is_end else 0

    return tuple(Turn(turn.speaker, turn.role, to_original(turn.start, is_end=False), to_original(turn.end, is_end=True),
                      turn.timestamp) for turn in built.turns)

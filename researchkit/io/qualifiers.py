"""Notes in square brackets after a speaker label: ``Speaker 1 [Blue]:``, ``Interviewer [JS]:``, ``P3 [female, 40s]:``.

Transcribers put a short note about the speaker right after the label: the colour a
diarizer or a note-taker gave the voice, the interviewer's initials, a participant's
gender and age. The note is not part of the speaker's name: ``P3 [female, 40s]:`` on
the first turn and ``P3:`` after it are one speaker, ``P3``. The note stays in the text
(labels are text, outside the turn span), each note is listed in the assembler's note and
in the ``speaker_qualifiers`` attribute (``"P3: female, 40s"``), so nothing is lost.

One exception keeps people apart: when one label is written with two or more different
notes (``Interviewer [JS]`` and ``Interviewer [MK]``: two interviewers), the note is what
tells them apart, and those turns keep it in the speaker (``Interviewer [JS]``); the role
is still read from the label (an interviewer).

Examples
--------
>>> from researchkit.io.speakers import LabelMatch
>>> found = [LabelMatch("Speaker 1", None, 18, qualifier="Blue"), LabelMatch("Speaker 2", None, 17, qualifier="Red"),
...          LabelMatch("Speaker 1", None, 11), None]
>>> matches, notes, attribute = apply_qualifiers(found, ["line 1", "line 2", "line 3", "line 4"])
>>> [m.label for m in matches if m], attribute
(['Speaker 1', 'Speaker 2', 'Speaker 1'], 'Speaker 1: Blue; Speaker 2: Red')
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from researchkit.io.speakers import LabelMatch

__all__ = ["apply_qualifiers"]


def apply_qualifiers(
    matches: Sequence[LabelMatch | None], locations: Sequence[str]
) -> tuple[list[LabelMatch | None], list[str], str]:
    """The labels with their square-bracket notes settled, the note, and the ``speaker_qualifiers`` attribute.

    Parameters
    ----------
    matches
        The accepted label of each paragraph (``None`` where there is none).
    locations
        Where each paragraph is (``"line 3"``), for the note.

    Returns
    -------
    (matches, notes, attribute)
        ``matches`` unchanged except the labels written with two different notes, which
        keep their note (``Interviewer [JS]``); ``notes`` empty and ``attribute`` ``""``
        when no label carries a note.

    Examples
    --------
    >>> found = [LabelMatch("Interviewer", None, 18, qualifier="JS"), LabelMatch("Interviewer", None, 18, qualifier="MK")]
    >>> matches, notes, attribute = apply_qualifiers(found, ["line 1", "line 2"])
    >>> [m.label for m in matches], attribute
    (['Interviewer [JS]', 'Interviewer [MK]'], 'Interviewer: JS; Interviewer: MK')
    """
    first: dict[str, dict[str, str]] = {}  # label -> note -> where it is first written
    for m, where in zip(matches, locations):
        if m is not None and m.qualifier:
            first.setdefault(m.label, {}).setdefault(m.qualifier, where)
    if not first:
        return list(matches), [], ""
    apart = {label for label, notes in first.items() if len(notes) >= 2}
    out = [replace(m, label=f"{m.label} [{m.qualifier}]") if m is not None and m.label in apart and m.qualifier else m
           for m in matches]
    listed = [(label, note, where) for label, notes in first.items() for note, where in notes.items()]
    shown = ", ".join(f"{label!r} [{note}] ({where})" for label, note, where in listed[:8]) + (" ..." if len(listed) > 8 else "")
    text = (f"notes in square brackets (or round ones, on a label also written without them) after speaker labels stay "
            f"in the text and are not part of the speaker: {shown}; "
            "they are listed in the 'speaker_qualifiers' attribute")
    if apart:
        kept = ", ".join(f"{label!r}" for label in sorted(apart))
        text += (f"; {kept} is written with different notes, which tell its speakers apart, so those turns keep the note "
                 "in the speaker (role from the label)")
    return out, [text], "; ".join(f"{label}: {note}" for label, note, _ in listed)

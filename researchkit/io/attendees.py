"""The list of people at the top of a meeting transcript: Google Meet's ``Attendees``, Otter's ``SPEAKERS``.

A Google Meet transcript (a Google Doc) opens with the meeting's title, a line ``Attendees``
and a line of names separated by commas, then ``Transcript``; Otter's export has ``SPEAKERS``
and the names below it. A name in that list is a speaker by the file's own word: it labels a
turn even when the person speaks once, where a name label otherwise has to be used twice
(a participant who only says ``Neil Davies: Okay.`` is not glued to the turn before).

The heading is a paragraph that is only the word (``Attendees``, ``Participants``,
``Speakers``, Dutch ``Aanwezigen``/``Deelnemers``, German ``Teilnehmer``/``Teilnehmende``,
French/Spanish ``Participants``/``Participantes``; in Markdown ``# Attendees``, a colon after
it allowed) among the first :data:`MAX_HEAD` paragraphs; the names are the next paragraph, or
the rest of the heading's own line after the colon, split at commas and semicolons: at least
two, each of one to six words.

Examples
--------
>>> names, heading = listed_speakers(["Sync - Transcript", "Attendees", "Ann Lee, Bo de Wit, read.ai meeting notes", "Transcript"])
>>> sorted(names), heading
(['Ann Lee', 'Bo de Wit', 'read.ai meeting notes'], 1)
>>> listed_speakers(["I: Where were the attendees?", "R: At home."])
(frozenset(), None)
"""

from __future__ import annotations

import re
from typing import Sequence

__all__ = ["listed_speakers", "MAX_HEAD", "PARTICIPANT_HEADINGS", "is_participants_heading"]

#: Paragraphs at the top of a file in which the list is looked for.
MAX_HEAD = 12
#: Headings of a list of the people present (Google Meet's ``Attendees``, Otter's ``SPEAKERS``, ``### Teilnehmer:``).
PARTICIPANT_HEADINGS = frozenset({"attendees", "participants", "speakers", "aanwezigen", "deelnemers", "teilnehmer",
                                  "teilnehmende", "participantes", "asistentes", "teilnehmer:innen"})
_HEADINGS = PARTICIPANT_HEADINGS


def is_participants_heading(text: str) -> bool:
    """Whether a line is only the heading of a list of the people present (``### Teilnehmer:``, ``**Attendees**``).

    Examples
    --------
    >>> is_participants_heading("### Teilnehmer: "), is_participants_heading("Attendees"), is_participants_heading("Notes")
    (True, True, False)
    """
    return text.strip().strip("#*_ \t").rstrip(":").strip("*_ ").casefold() in PARTICIPANT_HEADINGS
_SPLIT_RE = re.compile(r"[,;]")


def listed_speakers(texts: Sequence[str]) -> tuple[frozenset[str], int | None]:
    """The names of the list of attendees at the top, and the index of its heading (``None`` without one)."""
    for index, text in enumerate(texts[:MAX_HEAD]):
        head, colon, rest = text.strip().strip("#*_ \t").partition(":")
        if head.strip().strip("*_ ").casefold() not in _HEADINGS:
            continue
        line = rest.strip() if colon and rest.strip().strip("*_ ") else (texts[index + 1] if index + 1 < len(texts) else "")
        names = [n.strip().strip("*_").strip() for n in _SPLIT_RE.split(line)]
        names = [n for n in names if n]
        if len(names) >= 2 and len(line) <= 2000 and all(1 <= len(n.split()) <= 6 and len(n) <= 80 for n in names):
            return frozenset(names), index
        return frozenset(), None
    return frozenset(), None

"""A record's line that the meeting closed or was suspended at a time: ``The meeting rose at 12.31 pm.``

Official reports end (and mark their breaks) with a line of the clerk's, not of any speaker: ``The meeting rose
at 12.31 pm.`` (UN Security Council, UK committees), ``Committee adjourned at 4.15 p.m.``, ``De vergadering wordt
om 17.05 uur gesloten.`` (Flemish Parliament), ``Sluiting 17.05 uur.`` (Tweede Kamer), ``Schluss der Sitzung: 17.05
Uhr``, ``La séance est levée à 12 h 31.``, ``Se levanta la sesión a las 12.31 horas.`` Without brackets it is no
stage direction (:mod:`researchkit.io.directions`), so it stayed in the last speaker's turn.

Such a paragraph is nobody's speech: below the first label, without a label of its own, at most :data:`MAX_WORDS`
words, no question, a clock time (``12.31``, ``17:05``, ``12 h 31``) with nothing after it but its unit (``pm``,
``uur``, ``Uhr``, ``horas``) and the closing word (``gesloten``), and either a meeting's name (:data:`MEETINGS`)
with a word that closes, suspends or resumes it in the clerk's third person or passive (:data:`EVENTS`: ``rose``,
``adjourned``, ``gesloten``, ``geschlossen``, ``levée``, ``levanta``) or a record's heading word first
(:data:`OPENERS`: ``Sluiting``, ``Schorsing``, ``Schluss``, ``Unterbrechung``). The chair saying it (``I declare
the meeting closed``, ``Ik sluit de vergadering.``) has no such word and stays speech. The line ends the turn above
it and becomes a turn with no speaker and role ``other``; it stays in the text.

Examples
--------
>>> [is_closing_line(t) for t in ("The meeting rose at 12.31 pm.", "De vergadering wordt om 17.05 uur gesloten.",
...  "Sluiting 17.05 uur.", "The meeting rose at noon?", "Ik sluit de vergadering om 17.05 uur.")]
[True, True, True, False, False]
"""

from __future__ import annotations

import re
from typing import Collection, Sequence

from researchkit.io.annotations import unlabelled_below_first_label

__all__ = ["is_closing_line", "closing_lines", "closing_note", "MEETINGS", "EVENTS", "OPENERS", "MAX_WORDS"]

#: Words a closing line has at most.
MAX_WORDS = 20
#: A meeting's name (en, nl, de, fr, es), lower case.
MEETINGS = frozenset({
    "meeting", "committee", "subcommittee", "sitting", "session", "hearing", "house", "senate", "council", "assembly",
    "board", "commission",
    "vergadering", "zitting", "commissie", "commissievergadering", "raadsvergadering", "bijeenkomst",
    "sitzung", "versammlung", "ausschuss", "ausschusssitzung",
    "séance", "réunion", "audition", "commission",
    "sesión", "reunión", "comisión", "audiencia",
})
#: Words that close, suspend or resume a meeting in the clerk's third person or passive, lower case.
EVENTS = frozenset({
    "rose", "adjourned", "ended", "closed", "concluded", "suspended", "resumed", "terminated",
    "gesloten", "geschorst", "heropend", "hervat", "beëindigd", "opgeheven",
    "geschlossen", "beendet", "unterbrochen", "fortgesetzt", "wiedereröffnet", "wiederaufgenommen",
    "levée", "suspendue", "reprise", "close", "achevée", "terminée", "s'achève", "s’achève",
    "levanta", "suspende", "reanuda", "levantó", "suspendió", "reanudó", "concluye", "termina",
})
#: A record's heading word that opens such a line (``Sluiting 17.05 uur``, ``Schluss der Sitzung: 17.05 Uhr``).
OPENERS = frozenset({"sluiting", "schorsing", "heropening", "schluss", "unterbrechung", "clôture", "suspension", "levée"})

#: A clock time: ``12.31``, ``17:05``, ``12 h 31``, ``4.15pm``.
_CLOCK_RE = re.compile(r"(?<![\d.:])(?:[01]?\d|2[0-3])(?:[.:]|\s?h\s?)[0-5]\d(?![\d.:]\d)")
_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
#: What may follow the time: its unit (``pm``, ``uur``, ``Uhr``, ``horas``) and the closing word.
_UNITS = frozenset({"am", "pm", "a", "m", "p", "hours", "hrs", "uur", "u", "uhr", "h", "heures", "horas", "hs"})


def is_closing_line(text: str) -> bool:
    """Whether a paragraph is a record's line that the meeting closed, was suspended or resumed at a time.

    Examples
    --------
    >>> is_closing_line("Schluss der Sitzung: 17.05 Uhr"), is_closing_line("La séance est levée à 12 h 31.")
    (True, True)
    >>> is_closing_line("Se levanta la sesión a las 12.31 horas."), is_closing_line("The committee adjourned.")
    (True, False)
    >>> is_closing_line("The meeting closed at 12.31 and then we went to the pub.")   # speech goes on after the time
    False
    """
    core = text.strip().strip("*_").strip()
    times = list(_CLOCK_RE.finditer(core))
    if "?" in core or not times:
        return False
    tail = [w.casefold() for w in _WORD_RE.findall(core[times[-1].end():])]
    if len(tail) > 3 or any(w not in _UNITS and w not in EVENTS for w in tail):
        return False
    words = [w.casefold() for w in _WORD_RE.findall(core)]
    if not words or len(core.split()) > MAX_WORDS:
        return False
    if words[0] in OPENERS:
        return True
    if words[0] in {"i", "ik", "ich", "je", "yo", "we", "wij", "wir", "nous"}:
        return False
    return any(w in MEETINGS for w in words) and any(w in EVENTS for w in words)


def closing_lines(texts: Sequence[str], labels: Sequence[object | None], skip: Collection[int] = ()) -> set[int]:
    """Indexes of the closing lines below the first label (see the module docstring).

    Examples
    --------
    >>> sorted(closing_lines(["Chair: Thank you.", "The meeting rose at 12.31 pm."], ["Chair", None]))
    [1]
    """
    return unlabelled_below_first_label(texts, labels, skip, is_closing_line)


def closing_note(indexes: Collection[int], locations: Sequence[str]) -> str:
    """The assembler's note on the closing lines set apart from the speech.

    Examples
    --------
    >>> closing_note({4}, [f"line {i + 1}" for i in range(5)])
    "1 line(s) recording that the meeting closed, was suspended or resumed at a time read as the record's, not speech (a turn with no speaker, role 'other'): line 5"
    """
    shown = ", ".join(locations[i] for i in sorted(indexes)[:8]) + (" ..." if len(indexes) > 8 else "")
    return (f"{len(indexes)} line(s) recording that the meeting closed, was suspended or resumed at a time read as the "
            f"record's, not speech (a turn with no speaker, role 'other'): {shown}")

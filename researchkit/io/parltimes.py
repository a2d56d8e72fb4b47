"""Times in parliamentary XML that are no clock time: left out, the turn kept, each named in one note.

A time in a parliamentary record (ParlParse's ``time="14:32:00"``, Canada's ``<Timestamp Hr Mn>``,
ParlInfo's ``<time.stamp>`` and the ``(14:08)`` printed after a 2.2 speaker's name) is incidental
metadata, not structure: a value that does not parse costs its turn the time, never the file. The
readers of :mod:`researchkit.io.publicwhip`, :mod:`researchkit.io.hansardxml` and
:mod:`researchkit.io.parlinfo` collect each such value here and add :meth:`BadTimes.note` to the
transcript's notes, naming the file, and per value the line, the element and the value as written.

Examples
--------
>>> times = BadTimes("debates2009-10-26a.xml")
>>> times.add(12, "speech", "time='14:75:00'")
>>> times.note()
"debates2009-10-26a.xml: 1 time(s) are no clock time (hours 0-47, minutes and seconds 0-59) and were left out, the turns kept without them: line 12, <speech> time='14:75:00'"
>>> BadTimes("x.xml").note() is None
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["BadTimes"]


@dataclass
class BadTimes:
    """The times of one file that are no clock time, in reading order (module docstring).

    Parameters
    ----------
    path
        The file, named in the note.

    Examples
    --------
    >>> times = BadTimes("HAN021-E.XML")
    >>> times.add(None, "Timestamp", "Hr='16' Mn='75'")
    >>> times.found
    [(None, 'Timestamp', "Hr='16' Mn='75'")]
    """

    path: str | Path
    found: list[tuple[int | None, str, str]] = field(default_factory=list)

    def add(self, line: int | None, element: str, value: str) -> None:
        """Remember one value: the line it is on (``None`` when unknown), its element's name, the value as written.

        Examples
        --------
        >>> times = BadTimes("x.xml"); times.add(3, "time.stamp", "'25:70:00'"); len(times.found)
        1
        """
        self.found.append((line, element, value))

    def note(self) -> str | None:
        """The note naming the file and every value (line, element, value), or ``None`` when all times were read.

        Examples
        --------
        >>> times = BadTimes("2013-06-26.xml"); times.add(4, "p", "'(25:08)'")
        >>> times.note().endswith("line 4, <p> '(25:08)'")
        True
        """
        if not self.found:
            return None
        shown = "; ".join((f"line {line}, " if line else "") + f"<{element}> {_cut(value)}"
                          for line, element, value in self.found[:SHOWN])
        more = len(self.found) - SHOWN
        if more > 0:  # a file of thousands of bad times: the first ones shown, the note not thousands of entries long
            lines = [line for line, _, _ in self.found[SHOWN:] if line]
            shown += f"; ... and {more} more" + (f" (lines {lines[0]}-{lines[-1]})" if lines else "")
        return (f"{Path(self.path).name}: {len(self.found)} time(s) are no clock time (hours 0-47, minutes and seconds 0-59) "
                f"and were left out, the turns kept without them: {shown}")


#: The bad times a note names one by one; the values' length shown at most.
SHOWN, _LONGEST = 20, 60


def _cut(value: str) -> str:
    """A value as written, or its first characters and its length when it is long (a paragraph typed into a time)."""
    return value if len(value) <= _LONGEST else f"{value[:_LONGEST]}... ({len(value)} characters)"

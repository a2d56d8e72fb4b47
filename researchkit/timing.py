"""Sync points: ``(offset, milliseconds)`` pairs tying a text to its recording (standard library only).

The one definition of what a usable sync point is and how a passage is timed by them,
shared by the transcript model (:attr:`researchkit.transcripts.Transcript.sync_points`),
the readers' assembly (:mod:`researchkit.io.syncpoints`), the project store
(:mod:`researchkit.project.syncfacts`) and the REFI-QDA exchange (:mod:`researchkit.refi.sync`).
It imports nothing heavier than :mod:`bisect`, so that storing one coding from the command
line never loads pandas or lxml.

Examples
--------
>>> time_at(((4, 1000), (30, 7250)), 12), time_at(((4, 1000),), 2)
(1.0, None)
>>> usable_points([[0, 1200], [9, 5], [1, -3], [2, 4.5], "x"], "ja nee")
((0, 1200),)
"""

from __future__ import annotations

import bisect
import math
from typing import Any, Sequence

__all__ = ["MAX_MS", "SyncPoints", "time_at", "usable_points", "is_usable", "clock"]

#: Sync points of one document: ``(canonical offset, milliseconds)``, by offset.
SyncPoints = tuple[tuple[int, int], ...]

#: The latest time a sync point may give (milliseconds; 1000 hours): later ones are damage, not a recording.
MAX_MS = 3_600_000_000


def is_usable(point: Any, text: str) -> bool:
    """Whether ``point`` is two whole numbers (not booleans): an offset inside ``text`` and 0 to :data:`MAX_MS` ms.

    Examples
    --------
    >>> is_usable((2, 0), "ja"), is_usable((3, 0), "ja"), is_usable((0, True), "ja")
    (True, False, False)
    """
    return (isinstance(point, (list, tuple)) and len(point) == 2 and all(type(v) is int for v in point)
            and 0 <= point[0] <= len(text) and 0 <= point[1] <= MAX_MS)


def usable_points(raw: Any, text: str) -> SyncPoints:
    """The usable pairs of ``raw`` (:func:`is_usable`), by offset (pairs at one offset keep their order); none for a non-list."""
    if not isinstance(raw, (list, tuple)):
        return ()
    return tuple(sorted(((p[0], p[1]) for p in raw if is_usable(p, text)), key=lambda p: p[0]))


def time_at(points: Sequence[tuple[int, int]], offset: int) -> float | None:
    """Seconds into the recording at ``offset``: the time of the last sync point at or before it (``None`` before the first)."""
    k = bisect.bisect_right([p[0] for p in points], offset)
    return points[k - 1][1] / 1000 if k else None


def clock(seconds: float | None) -> str:
    """``h:mm:ss`` for a time in seconds (whole seconds, rounded down); ``""`` for none.

    Examples
    --------
    >>> clock(80.0), clock(3723.9), clock(None), clock(float("nan"))
    ('0:01:20', '1:02:03', '', '')
    """
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return ""
    whole = int(math.floor(seconds))
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"

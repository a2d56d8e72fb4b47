"""Sync points of media transcripts: when each turn, and each passage, was said.

An audio or video source's ``<Transcript>`` ties its text to the recording with
``<SyncPoint guid position timeStamp>``: ``position`` is a character offset in the
transcript (counted as the program counts, :mod:`researchkit.refi.offsets`), ``timeStamp``
the time in milliseconds. researchkit keeps them in two ways:

* **Turn times.** A turn gets the time of the sync point at its start: the last sync
  point after the end of the turn before it (the start of the text for the first turn)
  and at or before the start of its speech -- so a sync point on the speaker label, on
  the line start or on the first word times the turn. A time written in the text
  (``[00:01:02] I:``) is kept (the report lists those that differ from their sync
  point); a turn with neither has none. Nothing is interpolated.
* **All sync points**, those inside turns too, as ``(offset, milliseconds)`` pairs in the
  canonical text (:attr:`researchkit.refi.model.Exchange.sync_points`), like
  ``Transcript.line_numbers``: :func:`time_at` gives the time of any passage (the last
  sync point at or before its start). A project keeps them while the document's text is
  unchanged (:mod:`researchkit.project.exchange`); researchkit's own ``.qdpx`` carries
  them in its extension.

A sync point without a time, or whose position fits no place in the text, is listed in
the report and not used.

Examples
--------
>>> from researchkit.transcripts import Turn
>>> text = "I: Hoe was het?\\nR: Goed."
>>> timed_turns((Turn("I", "interviewer", 3, 15), Turn("R", "respondent", 19, 24)), ((0, 1500), (16, 4250), (22, 5000)))[1]
Turn(speaker='R', role='respondent', start=19, end=24, timestamp=4.25)
>>> time_at(((0, 1500), (16, 4250), (22, 5000)), 23)
5.0
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import replace
from typing import Any, Sequence

from researchkit.refi.model import norm_guid
from researchkit.refi.offsets import Convention, SourceText
from researchkit.refi.xmlread import kids
from researchkit.timing import MAX_MS, SyncPoints, time_at, usable_points
from researchkit.transcripts import Turn

__all__ = ["transcript_sync", "turn_sync", "timed_turns", "sync_summary", "time_at", "side_sync"]



def _integer(value: str | None) -> int | None:
    """A whole number of at most 18 ASCII digits, else ``None`` (``--5``, ``²``, 5000 digits, ``4.0``).

    Examples
    --------
    >>> [_integer(v) for v in ("12", " -3 ", "--5", "\u00b2", "9" * 19, "4.0", None)]
    [12, -3, None, None, None, None, None]
    """
    text = (value or "").strip()
    return int(text) if re.fullmatch(r"-?[0-9]{1,18}", text) else None


def transcript_sync(transcript: Any, source: SourceText, convention: Convention | None, doc_id: str, report: Any) -> SyncPoints:
    """A ``<Transcript>``'s timed sync points, placed in its canonical text under ``convention``.

    Sorted by offset (sync points at one offset keep their file order). A sync point
    without a time (or a negative one, or one after :data:`MAX_MS`) or outside the text is listed in
    ``report.not_carried``.

    Examples
    --------
    >>> from lxml import etree
    >>> t = etree.fromstring('<Transcript xmlns="urn:QDA-XML:project:1.0"><SyncPoint guid="A" position="3" timeStamp="2260"/>'
    ...                      '<SyncPoint guid="B" position="0" timeStamp="0"/><SyncPoint guid="C" position="99" timeStamp="9"/></Transcript>')
    >>> from researchkit.refi.model import ExchangeReport
    >>> report = ExchangeReport("x")
    >>> transcript_sync(t, SourceText("I: ja"), None, "R01", report), len(report.not_carried)
    (((0, 0), (3, 2260)), 1)
    """
    found: list[tuple[int, int, str]] = []
    untimed: list[str] = []
    for p in kids(transcript, "SyncPoint"):
        position, ms = _integer(p.get("position")), _integer(p.get("timeStamp"))
        label = f"{norm_guid(p.get('guid')) or '?'} (line {p.sourceline})"
        if position is None or ms is None or not 0 <= ms <= MAX_MS:
            untimed.append(f"{label}: position {p.get('position')!r}, timeStamp {p.get('timeStamp')!r}")
        else:
            found.append((position, ms, label))
    if found:
        offsets, _, fits = source.to_canonical([f[0] for f in found], [f[0] for f in found], convention or Convention())
        placed = [(int(o), f[1]) for o, f, ok in zip(offsets.tolist(), found, fits.tolist()) if ok]
        untimed += [f"{f[2]}: position {f[0]} is not in the text ({len(source.canonical)} characters)"
                    for f, ok in zip(found, fits.tolist()) if not ok]
    else:
        placed = []
    if untimed:
        report.not_carried.append(f"transcript '{doc_id}': {len(untimed)} sync point(s) give no time at a place in the text "
                                  f"and are not kept: {'; '.join(untimed[:5])}" + (" ..." if len(untimed) > 5 else ""))
    return tuple(sorted(placed, key=lambda p: p[0]))


def turn_sync(turns: Sequence[Turn], points: SyncPoints) -> list[int | None]:
    """Milliseconds of the sync point at each turn's start, ``None`` for a turn without one (see the module docstring).

    Examples
    --------
    >>> turns = [Turn("I", "interviewer", 3, 8), Turn("R", "respondent", 12, 20)]
    >>> turn_sync(turns, ((0, 0), (0, 40), (5, 900), (9, 2100)))  # two at 0: the first written; 5 is inside the first turn
    [0, 2100]
    """
    offsets = [p[0] for p in points]
    out: list[int | None] = []
    previous_end = -1
    for turn in turns:
        lo = bisect.bisect_right(offsets, previous_end)
        hi = bisect.bisect_right(offsets, turn.start)
        if hi > lo:  # the last offset in the gap; of several sync points there, the first written
            out.append(points[bisect.bisect_left(offsets, offsets[hi - 1], lo, hi)][1])
        else:
            out.append(None)
        previous_end = turn.end
    return out


def timed_turns(turns: Sequence[Turn], points: SyncPoints) -> tuple[Turn, ...]:
    """``turns``, each without a time taking the time of the sync point at its start.

    A time written in the text (``[00:01:02] I:``) is kept: it is what the transcriber
    heard, and some programs (QualCoder) derive their sync points from it, starting with
    one at position 0 and time 0 (:func:`sync_summary` reports where the two differ).

    Examples
    --------
    >>> timed_turns([Turn("I", "interviewer", 3, 8, 61.0), Turn("R", "respondent", 12, 20)], ((0, 0), (9, 2100)))
    (Turn(speaker='I', role='interviewer', start=3, end=8, timestamp=61.0), Turn(speaker='R', role='respondent', start=12, end=20, timestamp=2.1))
    """
    return tuple(replace(turn, timestamp=ms / 1000) if turn.timestamp is None and ms is not None else turn
                 for turn, ms in zip(turns, turn_sync(turns, points)))


def sync_summary(doc_id: str, turns: Sequence[Turn], points: SyncPoints) -> str:
    """One line for the import report: sync points kept, turns timed by them, written times that differ (by more than a second).

    Examples
    --------
    >>> sync_summary("R01", [Turn("I", "interviewer", 3, 5, 12.0), Turn("R", "respondent", 9, 12)], ((0, 0), (6, 15500)))
    "transcript 'R01': 2 sync point(s) kept; 1 of 2 turn(s) timed by the sync point at their start; 1 keep the time written in the text, which differs from their sync point (12.0 s, sync point 0.0 s)"
    """
    found = turn_sync(turns, points)
    timed = sum(ms is not None and turn.timestamp is None for turn, ms in zip(turns, found))
    differ = [(turn.timestamp, ms / 1000) for turn, ms in zip(turns, found)
              if ms is not None and turn.timestamp is not None and abs(turn.timestamp - ms / 1000) > 1]
    line = (f"transcript '{doc_id}': {len(points)} sync point(s) kept; {timed} of {len(turns)} turn(s) timed by the sync "
            "point at their start")
    if differ:
        line += (f"; {len(differ)} keep the time written in the text, which differs from their sync point ("
                 + ", ".join(f"{a} s, sync point {b} s" for a, b in differ[:3]) + (" ..." if len(differ) > 3 else "") + ")")
    return line


def side_sync(side_doc: dict | None, text: str, report: Any, doc_id: str) -> SyncPoints:
    """The sync points researchkit's extension kept for a document, when its text is the one exported.

    Pairs that are not two whole numbers inside the text are left out (warned).

    Examples
    --------
    >>> import hashlib
    >>> side_sync({"sha256": hashlib.sha256(b"ja").hexdigest(), "sync_points": [[0, 1200]]}, "ja", None, "R01")
    ((0, 1200),)
    """
    raw = (side_doc or {}).get("sync_points")
    if not raw or side_doc.get("sha256") != hashlib.sha256(text.encode("utf-8")).hexdigest():
        return ()
    good = usable_points(raw, text) if isinstance(raw, list) else ()  # points at one offset keep their order
    if report is not None and (not isinstance(raw, list) or len(good) < len(raw)):
        report.warnings.append(f"'{doc_id}': {len(raw) - len(good) if isinstance(raw, list) else 'all'} sync point(s) in the "
                               "researchkit extension unusable; left out")
    return good

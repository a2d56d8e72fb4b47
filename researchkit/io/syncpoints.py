"""Sync points of an assembled transcript: every time the source gives a place in the text.

A turn keeps one ``timestamp`` (its first paragraph's), so a turn of many subtitle cues or
ASR segments, or an interview with a time written every few lines, loses the times inside
it. :func:`paragraph_sync_points` keeps them as ``(offset, milliseconds)`` pairs in the
canonical text (:attr:`researchkit.transcripts.Transcript.sync_points`, the shape of a
REFI-QDA transcript's ``<SyncPoint position timeStamp>``):

* a paragraph whose format gives its time (a cue, a segment, an annotation, a CHAT bullet,
  an ``.lrc`` line): at the paragraph's start;
* a label written with a time (``[00:01:23] I:``, ``Speaker 1 (00:01:23):``): at the
  paragraph's start;
* a line holding only a time (``[00:05:00]``, ``0:0:3.270 --> 0:0:4.250``): at its start;
* a time mark closing a paragraph (f4's ``#00:01:23-4#``, a bracketed end time read as
  one): where the mark begins, the time the paragraph ends.

Times are in whole milliseconds (rounded); pairs come in text order, one per offset (the
first time given there wins). Times that go back are kept as written (a file's own order).

Examples
--------
>>> from researchkit.io.assemble import RawParagraph
>>> cleaned = [("A: Ja.", RawParagraph("A: Ja.", "line 1", timestamp=1.5), 0), ("[00:00:09]", RawParagraph("[00:00:09]", "line 2"), 1)]
>>> paragraph_sync_points(cleaned, [(0, 6), (7, 17)], [None, None], {})
((0, 1500), (7, 9000))
"""

from __future__ import annotations

import math
from typing import Any, Mapping, Sequence

from researchkit.io.timemarks import match_time_mark_end, match_timestamp_only
from researchkit.timing import MAX_MS

__all__ = ["paragraph_sync_points"]


def _ms(seconds: float | None) -> int | None:
    """Whole milliseconds of a time in seconds; ``None`` for no time, a negative one or one past :data:`MAX_MS`.

    >>> _ms(1.5), _ms(float("nan")), _ms(1e308), _ms(-2.0)
    (1500, None, None, None)
    """
    if seconds is None or not math.isfinite(seconds) or not -1 <= seconds <= MAX_MS / 1000 + 1:
        return None  # NaN, infinity, or so large that the milliseconds overflow (a JSON "start": 1e308)
    ms = round(seconds * 1000)
    return ms if 0 <= ms <= MAX_MS else None


def paragraph_sync_points(cleaned: Sequence[tuple[str, Any, int]], spans: Sequence[tuple[int, int]],
                          matches: Sequence[Any], ends: Mapping[int, tuple[float, int]]) -> tuple[tuple[int, int], ...]:
    """``(offset, milliseconds)`` of every time the paragraphs give (see the module docstring).

    Parameters
    ----------
    cleaned
        The assembly's paragraphs: ``(text, RawParagraph, index)``.
    spans
        Each paragraph's span in the canonical text (a preset speaker's written label included).
    matches
        Each paragraph's speaker label match (``LabelMatch`` or ``None``), before turns use them up.
    ends
        Paragraphs closed by a bracketed time read as their end: ``index -> (seconds, position)``.

    Returns
    -------
    tuple
        The pairs in text order, one per offset.
    """
    found: dict[int, int] = {}
    for index, ((start, _), (text, p, _), m) in enumerate(zip(spans, cleaned, matches)):
        here = _ms(p.timestamp)
        if here is None and m is not None:
            here = _ms(m.timestamp)
        if here is None and p.speaker is None and not p.furniture and m is None:
            here = _ms(match_timestamp_only(text))
        if here is not None:
            found.setdefault(start, here)
        if p.speaker is None and not p.furniture:
            mark = match_time_mark_end(text) or ends.get(index)
            if mark is not None and (ms := _ms(mark[0])) is not None:
                found.setdefault(start + mark[1], ms)
    return tuple(sorted(found.items()))

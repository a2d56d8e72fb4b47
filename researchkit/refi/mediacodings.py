"""Codings on audio and video, carried over to the transcript's text through its sync points.

An ``<AudioSelection>`` or ``<VideoSelection>`` codes a stretch of the recording
(``begin``/``end`` in milliseconds). When the source has one transcript whose sync points
tie its text to the recording (QualCoder writes one at each coding's start and end,
ATLAS.ti and Transana at turns), what was said in that stretch is known to within the
sync points: the text from the last sync point at or before ``begin`` to the first one
at or after ``end``. researchkit codes text, so such a coding becomes a coding of that
passage (white space at its ends left out), with its code, coder and date, and
``origin`` saying where it came from and that it was widened to the sync points. A
coding of the whole recording (a ``<Coding>`` on the source itself) codes the whole
transcript.

What cannot be placed is listed in the report: a source with no transcript or several,
a transcript without sync points or whose times do not grow with the text, a selection
whose times are missing or reversed, or whose passage is blank.

Examples
--------
>>> text = "I: Hoe?\\nR: Goed, heel goed.\\nI: En toen?\\n"
>>> points = ((0, 0), (8, 2000), (27, 7000))
>>> a, b = passage_at_times(points, text, 2500, 6000)
>>> text[a:b]
'R: Goed, heel goed.'
"""

from __future__ import annotations

import bisect
from typing import Any, Sequence

from researchkit.refi.model import norm_guid, stable_guid
from researchkit.refi.xmlread import kid, kids, note_refs

__all__ = ["passage_at_times", "times_grow", "media_codings"]


def times_grow(points: Sequence[tuple[int, int]]) -> bool:
    """Whether the sync points' times never go back as their offsets grow (they are sorted by offset).

    Examples
    --------
    >>> times_grow(((0, 0), (5, 900), (9, 900))), times_grow(((0, 0), (5, 900), (9, 100)))
    (True, False)
    """
    return all(b[1] >= a[1] for a, b in zip(points, points[1:]))


def passage_at_times(points: Sequence[tuple[int, int]], text: str, begin: int, end: int) -> tuple[int, int] | None:
    """The passage of ``text`` said between ``begin`` and ``end`` ms, to within the sync points; ``None`` when blank.

    ``points`` are ``(offset, milliseconds)`` in ``text``, sorted by offset, times growing
    (:func:`times_grow`). The passage starts at the last sync point at or before ``begin``
    (the start of the text when there is none) and ends at the first one after that start
    at or after ``end`` (the end of the text when there is none), white space at both ends
    left out.
    """
    return _span([p[0] for p in points], [p[1] for p in points], text, begin, end)


def _span(offsets: list[int], times: list[int], text: str, begin: int, end: int) -> tuple[int, int] | None:
    """:func:`passage_at_times` on the points' offsets and times (both sorted): two binary searches."""
    k = bisect.bisect_right(times, begin) - 1
    start = offsets[k] if k >= 0 else 0
    j = max(bisect.bisect_left(times, end), bisect.bisect_right(offsets, start))
    stop = offsets[j] if j < len(offsets) else len(text)
    while start < stop and text[start].isspace():
        start += 1
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    return (start, stop) if start < stop else None


def _ms(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isdigit() and len(text) <= 12 else None


def media_codings(src: Any, kind: str, selections: list, doc_id: str, text: str, points: Sequence[tuple[int, int]],
                  ctx: Any) -> tuple[list[dict], list[str]]:
    """Coding rows on ``doc_id`` for the codings of ``selections`` (see module docstring), and what could not be placed.

    ``ctx`` is the reader's context (``guid_to_code``, ``side_codings``, ``memos``, ``report``).
    """
    rows: list[dict] = []
    problems: list[str] = []
    name = src.get("name") or ""
    offsets, times = [p[0] for p in points], [p[1] for p in points]
    for sel in selections:
        codings = kids(sel, "Coding")
        if not codings:
            continue
        begin, end = _ms(sel.get("begin")), _ms(sel.get("end"))
        label = f"{sel.get('name') or norm_guid(sel.get('guid'))} ({sel.get('begin')}-{sel.get('end')} ms)"
        if begin is None or end is None or end < begin:
            problems.append(f"{label}: its times are missing or reversed")
            continue
        span = _span(offsets, times, text, begin, end)
        if span is None:
            problems.append(f"{label}: the transcript says nothing between the sync points around it")
            continue
        a, b = span
        sel_guid = norm_guid(sel.get("guid")) or stable_guid("media-selection", name, label)
        for c in codings:
            ref = kid(c, "CodeRef")
            code_guid = norm_guid(ref.get("targetGUID")) if ref is not None else None
            code_id = ctx.guid_to_code.get(code_guid or "")
            if code_id is None:
                problems.append(f"{label}: coding {c.get('guid')} refers to unknown code {code_guid}")
                continue
            cid = norm_guid(c.get("guid")) or stable_guid("coding", sel_guid, code_guid or "")
            extra = ctx.side_codings.get(cid, {}) if isinstance(ctx.side_codings.get(cid), dict) else {}
            rows.append({"doc_id": doc_id, "start": a, "end": b, "code": code_id,
                         "_users": (c.get("creatingUser"), sel.get("creatingUser"), src.get("creatingUser")),
                         "_dates": (c.get("creationDateTime"), sel.get("creationDateTime"), extra.get("created")),
                         "source": "import", "text": text[a:b], "id": cid, "memo": None, "unit": None, "rule_id": None,
                         "evidence": None, "confidence": None,
                         "origin": f"{kind} '{name}' {begin}-{end} ms, placed on its transcript between the sync points around it"})
            refs = note_refs(c)
            if refs:
                ctx.memos.attach(refs, "coding", cid)
    return rows, problems

"""Rev-style continuation times: ``(00:00:48):`` goes on with the speaker above, from that time.

Rev.com transcripts (and Otter, Descript and podcast sites that copy them) write a speaker's
first paragraph under ``Name (00:00:07):`` and each later paragraph of the same speaker under a
line that is only a time in brackets and a colon::

    Lenny (00:00:40):
    In terms of the economic utility, ...

    (00:00:48):
    Today, my guest is Andrew Bosworth ...

Such a line (the speech below it, or on the same line: ``(00:01:25): My advice ...``) starts a
new turn of the speaker above with that time; the time stays in the text, outside the turn,
as a label's time does. In Markdown the time may be bold, with or without its colon
(``**(00:01:24)** And when ...`` below ``**Jason: (00:01:03)** Back then ...``). It counts only in a file whose labels carry a time in the same
brackets (``(00:48):`` needs labels such as ``Lenny (00:40):``, ``[00:48]:`` needs
``[00:40] Lenny:`` or ``Lenny [00:40]:``), with as many fields (``(12:30):`` is not a time of a
file timed ``(00:00:07)``; an ``(hh:mm:ss)`` continuation of ``(mm:ss)`` labels is, past the
first hour); and never when anything comes before the time on the line.

Examples
--------
>>> match_continuation_time("(00:00:48):"), match_continuation_time("[01:02:03]: So then")
((48.0, 11, '(', 3), (3723.0, 12, '[', 3))
>>> match_continuation_time("He said (00:48): no") is None
True
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from researchkit.io.speakers import _TS, LabelMatch, parse_timestamp

__all__ = ["match_continuation_time", "label_time_styles", "continuation_labels"]

_CONTINUATION_RE = re.compile(rf"^[ \t]*(?P<open>[\[(])(?P<ts>{_TS})[\])][ \t]*:(?!//)(?!\d)[ \t]*")
#: The same time in Markdown bold, its colon inside, outside or left out, as podcast sites print Rev's transcripts
#: below bold labels (``**Jason: (00:01:03)** Back then ...`` then ``**(00:01:24)** And when you're ...``).
_BOLD_CONTINUATION_RE = re.compile(
    rf"^[ \t]*(?P<bold>\*\*|__)(?P<open>[\[(])(?P<ts>{_TS})[\])][ \t]*:?(?P=bold)(?:[ \t]*:(?!//))?(?![\d*_])[ \t]*")
#: A time in brackets within a label as written (``Lenny (00:00:40):``, ``**Ali** (00:09):``, ``[00:12:03] R:``).
_LABEL_TIME_RE = re.compile(rf"\\?(?P<open>[\[(])(?P<ts>{_TS})\\?[\])]")


def match_continuation_time(paragraph: str) -> tuple[float, int, str, int] | None:
    """A paragraph opening with only a bracketed time and a colon: seconds, speech start, bracket, fields.

    Parameters
    ----------
    paragraph
        One paragraph of transcript text.

    Returns
    -------
    (seconds, content_start, bracket, fields) or None
        ``bracket`` is ``"("`` or ``"["``; ``fields`` is 2 for ``mm:ss`` and 3 for ``hh:mm:ss``.

    Examples
    --------
    >>> match_continuation_time("(00:48): Right.")
    (48.0, 9, '(', 2)
    >>> match_continuation_time("(00:48)") is None  # no colon: a time-only line, read elsewhere
    True
    >>> match_continuation_time("**(00:01:24)** And when")  # in bold the colon may be left out
    (84.0, 15, '(', 3)
    """
    m = _CONTINUATION_RE.match(paragraph) or _BOLD_CONTINUATION_RE.match(paragraph)
    if m is None:
        return None
    ts = m.group("ts")
    return parse_timestamp(ts), m.end(), m.group("open"), ts.count(":") + 1


def label_time_styles(texts: Sequence[str], matches: Sequence[LabelMatch | None]) -> set[tuple[str, int]]:
    """The bracket and field count of the times written in the file's labels.

    Examples
    --------
    >>> label_time_styles(["Lenny (00:00:40):", "Hi."], [LabelMatch("Lenny", 40.0, 17), None])
    {('(', 3)}
    """
    styles = set()
    for text, m in zip(texts, matches):
        if m is None or m.timestamp is None:
            continue
        found = _LABEL_TIME_RE.search(text, 0, len(text) if m.own_line else m.content_start)
        if found is not None:
            styles.add((found.group("open"), found.group("ts").count(":") + 1))
    return styles


def _fits(style: tuple[str, int], styles: set[tuple[str, int]]) -> bool:
    """The file's labels are timed in the same brackets, with as many fields (or hours added past the first hour)."""
    bracket, fields = style
    return (bracket, fields) in styles or (fields == 3 and (bracket, 2) in styles)


def continuation_labels(
    texts: Sequence[str], matches: Sequence[LabelMatch | None], skip: set[int] = frozenset()
) -> tuple[list[LabelMatch | None], list[int]]:
    """The labels with each continuation time read as a new turn of the speaker above.

    Parameters
    ----------
    texts
        The paragraphs.
    matches
        The accepted label of each paragraph (``None`` where there is none).
    skip
        Paragraphs that are never labels (furniture, metadata, a legend, preset speakers).

    Returns
    -------
    (matches, taken)
        ``taken`` lists the paragraphs read as continuations. A continuation time with no
        speech after it (the next paragraph is a label, or the file ends) stays text.

    Examples
    --------
    >>> texts = ["Lenny (00:00:40):", "Hi.", "(00:00:48):", "Today, my guest.", "Ann (00:01:02):", "Hello."]
    >>> found = [LabelMatch("Lenny", 40.0, 17), None, None, None, LabelMatch("Ann", 62.0, 15), None]
    >>> matches, taken = continuation_labels(texts, found)
    >>> taken, matches[2].label, matches[2].timestamp, matches[2].content_start
    ([2], 'Lenny', 48.0, 11)
    """
    out = list(matches)
    styles = label_time_styles(texts, matches)
    taken: list[int] = []
    if not styles:
        return out, taken
    speaker: LabelMatch | None = None
    for index, text in enumerate(texts):
        if out[index] is not None:
            speaker = out[index]
            continue
        found = match_continuation_time(text) if speaker is not None and index not in skip else None
        if found is None or not _fits(found[2:], styles):
            continue
        seconds, start, _, _ = found
        alone = not text[start:].strip()
        if alone and (index + 1 >= len(texts) or out[index + 1] is not None):
            continue  # no speech follows: the line stays in the text of the turn around it
        out[index] = replace(speaker, timestamp=seconds, content_start=len(text) if alone else start,
                             evidence="continuation", own_line=alone, qualifier="")
        taken.append(index)
    return out, taken

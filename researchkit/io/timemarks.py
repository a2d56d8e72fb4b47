"""Times written in a transcript's text, outside the labels: a bracketed time opening unlabelled speech, a line
that is only a time or a cue's range, f4's and MAXQDA's ``#00:01:23-4#`` marks, a time closing a paragraph
and a Markdown play link (used by :mod:`researchkit.io.assemble` and the readers).

Every pattern is anchored or searches only a bounded window, so a hostile line cannot make it quadratic.

Examples
--------
>>> match_time_mark_end("B: Ja. #00:01:23-4#"), match_timestamp_only("[00:01:02]")
((83.4, 6), 62.0)
"""

from __future__ import annotations

import re

from researchkit.io.speakers import _LOOSE_TS, _RANGE_ONLY_RE, _TAIL_WINDOW, _TS, parse_timestamp

__all__ = ["match_leading_time", "match_timestamp_only", "match_time_mark_start", "match_link_time", "count_bracket_times",
           "match_time_end", "match_time_mark_end"]

_TS_ONLY_RE = re.compile(rf"^\s*(?:#{{1,6}}\s+)?[\[(]?(?P<ts>{_TS})[\])]?\s*$")
#: f4transkript's and MAXQDA's time mark at the end of a paragraph: ``#00:01:23-4#``.
_MARK = r"#(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2})(?:[-.,](?P<f>\d{1,3}))?#"
_MARK_END_RE = re.compile(_MARK + r"\s*$")
#: The same mark opening a paragraph (NVivo's ``#00:01:23#`` before a label, f4's mark on a line of its own).
_MARK_START_RE = re.compile(r"\s*" + _MARK + r"[ \t]*")
#: A time in square or round brackets closing a paragraph (``... and that was it. [00:01:23]``), Markdown escapes allowed.
_TIME_END_RE = re.compile(rf"(?:\\?\[(?P<sq>{_TS})\\?\]|\((?P<rd>{_TS})\))\s*$")
#: A time in square or round brackets anywhere (``[00:23:00]`` as a running minute marker).
_TIME_ANY_RE = re.compile(rf"\\?\[{_TS}\\?\]|\({_TS}\)")


#: A bracketed time or time range opening a paragraph of speech: ``[00:43.81] Hello``, Whisper's ``[00:00.000 --> 00:07.680]  hello``,
#: aTrain's ``[00:00:04] - hello`` (the dash only separates the time from the speech).
_LEAD_TIME_RE = re.compile(rf"^\s*\[(?P<ts>{_LOOSE_TS})(?:\s*(?:-->|[-–])\s*{_LOOSE_TS})?\][ \t]+(?:[-–][ \t]+)?(?=\S)")
#: oTranscribe's time mark as its text and Markdown downloads write it: ``0:00:03``, the hours always there, and the
#: no-break space its editor puts after the mark (``0:00:03\u00a0Hello``); a plain clock and a space stay speech.
_NBSP_TIME_RE = re.compile(r"^[ \t]*(?P<ts>\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?)\u00a0[ \t\u00a0]*(?=\S)")


def match_leading_time(paragraph: str) -> tuple[float, int] | None:
    """A bracketed time (or range) before unlabelled speech, or oTranscribe's mark: its seconds and where the speech starts.

    Examples
    --------
    >>> match_leading_time("[00:00.000 --> 00:07.680]  hello everyone")
    (0.0, 27)
    >>> match_leading_time("[00:43.81] Hello"), match_leading_time("[laughs] ok")
    ((43.81, 11), None)
    >>> match_leading_time("[00:00:04] - Hoe lang al?")
    (4.0, 13)
    >>> match_leading_time("0:00:03\u00a0Hoe lang al?"), match_leading_time("10:30:00 vertrokken we")
    ((3.0, 8), None)
    """
    m = _LEAD_TIME_RE.match(paragraph) or _NBSP_TIME_RE.match(paragraph)
    return (parse_timestamp(m.group("ts")), m.end()) if m else None


def match_timestamp_only(paragraph: str) -> float | None:
    """Return the seconds if ``paragraph`` is nothing but a timestamp (``[00:05:00]``).

    Examples
    --------
    A cue's time range counts too, and gives its start (Teams' ``0:0:3.270 --> 0:0:4.250``).

    >>> match_timestamp_only("[00:05:00]")
    300.0
    >>> match_timestamp_only("0:0:3.270 --> 0:0:4.250")
    3.27
    >>> match_timestamp_only("## 00:20:00.000–00:31:45.000")  # a Markdown heading that is only a time range
    1200.0
    """
    m = _TS_ONLY_RE.match(paragraph) or _RANGE_ONLY_RE.match(paragraph)
    if m is None:
        mark = match_time_mark_start(paragraph)  # f4's "#00:01:30-0#" on a line of its own
        return mark[0] if mark is not None and mark[1] == len(paragraph) else None
    return parse_timestamp(m.group("ts"))


def _mark_seconds(m: re.Match) -> float:
    """The seconds of an f4 mark (the digits after the dash are tenths, hundredths or thousandths)."""
    fraction = m.group("f")
    seconds = float(int(m.group("h")) * 3600 + int(m.group("m")) * 60 + int(m.group("s")))
    seconds += int(fraction) / 10 ** len(fraction) if fraction else 0
    return round(seconds, 3)


def match_time_mark_start(paragraph: str) -> tuple[float, int] | None:
    """An f4/NVivo time mark opening the paragraph (``#00:00:05-2# I: Wat?``): its seconds and where the rest begins.

    Examples
    --------
    >>> match_time_mark_start("#00:00:05-2# I: Wat deed u?"), match_time_mark_start("#00:01:30#")
    ((5.2, 13), (90.0, 10))
    >>> match_time_mark_start("#1 voor mij") is None
    True
    """
    m = _MARK_START_RE.match(paragraph)
    return (_mark_seconds(m), m.end()) if m else None


#: A Markdown link whose text is a time, opening a paragraph: a web transcript's play link saved as Markdown
#: (InfoQ's ``[13:30](javascript:void(0);) Akhilesh Gupta: So ...``, ``[00:01:23](https://youtu.be/x?t=83) Name: ...``).
_LINK_TIME_RE = re.compile(rf"[ \t]*\[\(?(?P<ts>{_TS})\)?\]\((?:[^()\s]|\([^()\s]{{0,20}}\)){{1,300}}\)[ \t]+(?=\S)")


def match_link_time(paragraph: str) -> tuple[float, int] | None:
    """A Markdown link whose text is a time opening the paragraph: its seconds and where the rest begins.

    Examples
    --------
    >>> match_link_time("[13:30](javascript:void(0);) Akhilesh Gupta: So there are a few reasons")
    (810.0, 29)
    >>> match_link_time("[(00:01:05)](https://youtu.be/abc?t=65) Lex: Hi"), match_link_time("[link](https://x.org) Hi")
    ((65.0, 40), None)
    """
    m = _LINK_TIME_RE.match(paragraph)
    return (parse_timestamp(m.group("ts")), m.end()) if m else None


def count_bracket_times(paragraph: str) -> int:
    """How many times in square or round brackets a paragraph holds, wherever they stand.

    Examples
    --------
    >>> count_bracket_times("Ja [00:23:00] dat klopt. (00:24:00)"), count_bracket_times("Om (tien) uur.")
    (2, 0)
    """
    return len(_TIME_ANY_RE.findall(paragraph))


def match_time_end(paragraph: str) -> tuple[float, int] | None:
    """A time in brackets closing the paragraph (``Dat was het. [00:01:23]``, ``(00:01:23)``): its seconds and
    where it begins, the whitespace before it included, as :func:`match_time_mark_end` gives f4's mark.

    Examples
    --------
    >>> match_time_end("B: Dat was het. [00:01:23]"), match_time_end("B: Klopt. (01:40)")
    ((83.0, 15), (100.0, 9))
    >>> match_time_end("B: Om (tien) uur.") is None
    True
    """
    m = _TIME_END_RE.search(paragraph, max(0, len(paragraph.rstrip()) - _TAIL_WINDOW))
    if m is None:
        return None
    return parse_timestamp(m.group("sq") or m.group("rd")), len(paragraph[: m.start()].rstrip())


def match_time_mark_end(paragraph: str) -> tuple[float, int] | None:
    """A time mark closing the paragraph, as f4transkript and MAXQDA write it (``#00:01:23-4#``).

    The mark is the time at which the paragraph ends, so it is the start of the next turn.

    Returns
    -------
    (seconds, offset) or None
        The time (the digit after the dash is tenths of a second) and where the mark,
        with the whitespace before it, begins.

    Examples
    --------
    >>> match_time_mark_end("B: Ja, dat klopt. #00:01:23-4#")
    (83.4, 17)
    >>> match_time_mark_end("Dat was #1 voor mij.") is None
    True
    """
    m = _MARK_END_RE.search(paragraph, max(0, len(paragraph.rstrip()) - _TAIL_WINDOW))
    if m is None:
        return None
    return _mark_seconds(m), len(paragraph[: m.start()].rstrip())

"""``pattern.finditer(text)`` for the identifier patterns, with the expression tried only where a match can start.

An expression whose first item is a class of common characters (digits, letters) is
tried by the regular expression engine at every such character. These scans give the
same matches, in the same order, as ``finditer`` would (or the subset a detector keeps),
and try the expression only at the few places that matter:

* :func:`start_matches`: at the places another (cheap) expression finds;
* :func:`run_matches`: only in the runs of a match's characters that hold a place of
  interest (phone numbers that start with ``+`` or ``0``, not the many other numbers);
* :func:`anchored_matches`: before a rare character every match holds (the ``@`` of an
  e-mail address);
* :func:`anchored_starts`: every place an expression matches, tried only where one of the
  words every match starts with occurs (``str.find``: the keywords of the patterns that
  need one, ``kenteken``, ``bsn`` ...; an alternation of words is tried by the engine at
  every character).

Examples
--------
>>> import re
>>> email = re.compile(r"(?<![\\w.])[a-z][a-z.]*@[a-z]+\\.nl")
>>> [m.group() for m in anchored_matches(email, "@", frozenset("abcdefghijklmnopqrstuvwxyz."), "mail piet@haven.nl.")]
['piet@haven.nl']
>>> number = re.compile(r"\\d+(?: \\d+)*")
>>> [m.group() for m in run_matches(number, re.compile(r"\\d"), re.compile("0"), frozenset(" "), "12 34, 1 06 7 and 99")]
['1 06 7']
"""

from __future__ import annotations

import re
from typing import AbstractSet, Iterable, Iterator

__all__ = ["start_matches", "run_matches", "anchored_matches", "anchored_starts", "WordChars"]


def start_matches(pattern: re.Pattern[str], starts: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, trying ``pattern`` only where ``starts`` matches (every place a match can start).

    Examples
    --------
    >>> [m.group() for m in start_matches(re.compile(r"\\d+"), re.compile(r"\\d"), "a 12 b 3")]
    ['12', '3']
    """
    search, match = starts.search, pattern.match
    pos = 0
    while (start := search(text, pos)) is not None:
        m = match(text, start.start())
        if m is None:
            pos = start.start() + 1
        else:
            yield m
            pos = m.end()


def run_matches(pattern: re.Pattern[str], starts: re.Pattern[str], places: re.Pattern[str], marks: AbstractSet[str],
                text: str) -> Iterator[re.Match[str]]:
    """The matches of ``start_matches(pattern, starts, text)`` that start where ``places`` matches (and perhaps some others).

    Every match of ``pattern`` must be made of decimal digits (``\\d``, ``str.isdecimal``)
    and the characters ``marks`` only: then no match spans any other character, and the
    matches inside one run of digits and marks do not depend on the text before the run.
    Only the runs that hold a place ``places`` finds are read, each from its start (or
    from where the reading of the run before stopped) up to that place, as
    :func:`start_matches` reads it. ``places`` must find every place where a match
    of interest starts (more places cost time, not matches).

    Examples
    --------
    >>> numbers = run_matches(re.compile(r"\\d+(?:-\\d+)*"), re.compile(r"\\d"), re.compile("0"), frozenset("-"), "12-3 40-0 7")
    >>> [m.group() for m in numbers]
    ['40-0']
    """
    search, match = starts.search, pattern.match
    pos = 0  # where the reading so far would search on
    for found in places.finditer(text):
        place = found.start()
        if place < pos:
            continue  # read already: inside a match, or a start tried
        begin = place
        while begin > pos and ((ch := text[begin - 1]) in marks or ch.isdecimal()):
            begin -= 1
        while (start := search(text, begin, place + 1)) is not None:  # the run up to the place, as start_matches reads it
            m = match(text, start.start())
            if m is None:
                begin = start.start() + 1
            else:
                yield m
                begin = m.end()
        pos = max(begin, place + 1)


class WordChars:
    """A set of characters for :func:`anchored_matches`: those of ``\\w`` as :mod:`re` reads it in a text
    (``str.isalnum``, letters and digits of every script, and ``_``) and the characters of ``extra``.

    Examples
    --------
    >>> local = WordChars(".-")
    >>> ["é" in local, "\u212a" in local, "_" in local, "." in local, "@" in local, " " in local]
    [True, True, True, True, False, False]
    """

    def __init__(self, extra: str) -> None:
        self.extra = frozenset(extra)

    def __contains__(self, ch: object) -> bool:
        return isinstance(ch, str) and (ch.isalnum() or ch == "_" or ch in self.extra)


def anchored_matches(pattern: re.Pattern[str], anchor: str, run: AbstractSet[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for an expression whose matches hold ``anchor`` once, after a run of ``run`` characters.

    Each match must start with the run of ``run`` characters just before its ``anchor``
    (``anchor`` not among them), and the expression must not match after one of them (a
    left boundary such as ``(?<![\\w.])`` that covers ``run``): then an anchor has one
    possible start, found by walking back from it, and the expression is tried there only.

    Examples
    --------
    >>> email = re.compile(r"(?<![\\w.])[a-z][a-z.]*@[a-z]+\\.nl")
    >>> [m.group() for m in anchored_matches(email, "@", frozenset("abcdefghijklmnopqrstuvwxyz."), "a@b.nl, c@@d.nl x@y.nl")]
    ['a@b.nl', 'x@y.nl']
    """
    match = pattern.match
    pos = 0  # where finditer would search on
    at = text.find(anchor)
    while at >= 0:
        start = at
        while start > pos and text[start - 1] in run:
            start -= 1
        if start > pos or start == 0 or text[start - 1] not in run:  # else the run starts inside the last match
            m = match(text, start)
            if m is not None:
                yield m
                pos = m.end()
        at = text.find(anchor, at + 1)


def anchored_starts(pattern: re.Pattern[str], anchors: Iterable[str], text: str, limit: int | None = None) -> list[int]:
    """Every place before ``limit`` where ``pattern`` matches ``text`` (``pattern.match(text, place)``), in order.

    Each match of ``pattern`` must start with one of the strings ``anchors``: the places
    are those where an anchor occurs, found with ``str.find``, and tried there only. The
    same places as searching on from one character after each match.

    Examples
    --------
    >>> anchored_starts(re.compile(r"https?://|www\\."), ("http", "www."), "zie http://a, https://b of www.c; httpx")
    [4, 14, 27]
    """
    limit = len(text) if limit is None else limit
    places: set[int] = set()
    for anchor in anchors:
        place = text.find(anchor, 0, limit + len(anchor) - 1)
        while place >= 0:
            places.add(place)
            place = text.find(anchor, place + 1, limit + len(anchor) - 1)
    match = pattern.match
    return [place for place in sorted(places) if match(text, place) is not None]

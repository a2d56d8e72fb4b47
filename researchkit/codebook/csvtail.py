"""A long run of empty lines at the end of a CSV sheet, counted without parsing it.

A sheet saved with a million empty rows below the table (``,,,,`` or ``"",""`` or nothing on
each line; a spreadsheet whose used range reached row 1,048,576) cost two to three seconds
in Python's ``csv`` reader and in the check for empty rows, one record at a time, only for
the rows to be left out. :func:`blank_tail` finds such a tail with two C-level passes
(``str.rstrip`` and one regular expression without nested repetition, so linear) and
counts its lines; the caller parses the rest and counts the tail as that many empty rows,
with the same row numbers, notes and errors as a full parse gives.

A line counts only when the ``csv`` module is sure to read it as one record of empty or
blank cells: cells of spaces (and tabs, unless tab is the delimiter) or an empty quoted
cell ``""`` (spaces may follow it), between delimiters, ended by ``\\n``, ``\\r\\n`` or
``\\r``. Anything else (another white-space character, a quote inside a cell, a delimiter other than
``,`` ``;`` tab ``|``) leaves the tail to the ``csv`` reader.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: The delimiters whose blank lines are recognised (those the sniffer chooses from).
DELIMITERS = ",;\t|"
_LINE_END = re.compile(r"\r\n|\n|\r")


@lru_cache(maxsize=None)
def _blank_lines(delimiter: str) -> re.Pattern[str]:
    """Lines of blank cells, each ended by a line end; the last one may lack it.

    Possessive repeats (``*+``): nothing is given back, so the engine keeps no backtracking
    state per line (a greedy ``*`` over a million lines held ~190 MB of it); no match is
    lost, as no token can end a cell, a line or the tail in more than one way.
    """
    space = "[ ]" if delimiter == "\t" else "[ \\t]"
    cell = f'(?:""{space}*+|{space}*+)'
    line = f"{cell}(?:{re.escape(delimiter)}{cell})*+"
    return re.compile(f"(?:{line}(?:\\r\\n|\\n|\\r))*+(?:{line})?+")


def blank_tail(text: str, delimiter: str, *, more_than: int) -> tuple[int, int]:
    """Where the run of blank lines ending ``text`` starts and how many records it holds, when more than
    ``more_than``; else ``(len(text), 0)``.

    The run starts at a line start; each of its lines is one record of the ``csv`` reader when
    the text above it ends outside a quoted cell (the caller checks that).

    Examples
    --------
    >>> text = "code,name\\nhaven,Haven\\n" + ",,\\n" * 5 + '"",""\\n' * 5
    >>> start, count = blank_tail(text, ",", more_than=3)
    >>> text[:start], count
    ('code,name\\nhaven,Haven\\n', 10)
    >>> blank_tail(text, ",", more_than=10), blank_tail("a,b\\n,x\\n" + ",\\n" * 5, ",", more_than=3)
    ((67, 0), (7, 5))
    """
    nothing = (len(text), 0)
    if delimiter not in DELIMITERS:
        return nothing
    kept = len(text.rstrip(delimiter + (" " if delimiter == "\t" else " \t") + '"\r\n'))
    end = _LINE_END.search(text, kept)
    if end is None:
        return nothing
    start = end.end()
    if text.find('"', start) != -1 and _blank_lines(delimiter).fullmatch(text, start) is None:
        return nothing  # without quotes, delimiters, spaces and line ends are blank lines whatever their order
    ends = text.count("\n", start) + text.count("\r", start) - text.count("\r\n", start)
    last = max(text.rfind("\n", start), text.rfind("\r", start))
    count = ends + (1 if max(last + 1, start) < len(text) else 0)  # a last line without its line end is a record too
    return (start, count) if count > more_than else nothing

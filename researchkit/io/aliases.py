"""Two labels for one speaker: the full name the first time, or a label that declares its short form.

Oral histories name a speaker in full once and by surname after (``THOMAS HAIGH:`` then
``HAIGH:``); interview write-ups declare the abbreviation on first use
(``**Interviewer (I):**`` then ``**I:**``). Both are read as the short label, so one person is
one speaker; the assembler notes each.

Examples
--------
>>> from researchkit.io.speakers import LabelMatch
>>> labels = [LabelMatch("Interviewer (I)", None, 18), LabelMatch("R", None, 3), LabelMatch("I", None, 3)]
>>> declared_aliases(labels)
{0: 'I'}
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from researchkit.io.speakers import LabelMatch

#: A label with its short form in brackets: ``Interviewer (I)``, ``Respondent (R)``, ``Moderator (MOD)``.
_DECLARED_RE = re.compile(r"^(?P<long>[^()]+)\((?P<short>[^\W\d_][\w.]{0,3})\)$")


def full_name_aliases(matches: Sequence[LabelMatch | None], name_counts: Counter) -> dict[int, str]:
    """Name labels used once that are the full name of a label used at least twice.

    Oral histories name the speakers in full the first time and by surname after
    (``THOMAS HAIGH:`` once, then ``HAIGH:``); the full name is read as the short label.
    Only a name of two to four words whose last word is, case and all, a name label
    used twice counts; the result maps the paragraph index to that label.
    """
    aliases: dict[int, str] = {}
    for index, m in enumerate(matches):
        if m is None or m.evidence != "name" or name_counts[m.label] != 1 or m.own_line:
            continue
        words = m.label.replace(".", ". ").split()
        if 2 <= len(words) <= 4 and words[-1] != m.label and name_counts.get(words[-1], 0) >= 2:
            aliases[index] = words[-1]
    return aliases


def declared_aliases(matches: Sequence[LabelMatch | None]) -> dict[int, str]:
    """Labels such as ``Interviewer (I)`` whose bracketed short form labels other paragraphs, as that form.

    The short form must label another paragraph of the file; a Zoom qualifier whose short
    form labels nothing (``Ashlee Kupor (SL)``) stays as written.
    """
    counts = Counter(m.label for m in matches if m is not None)
    aliases: dict[int, str] = {}
    for index, m in enumerate(matches):
        found = _DECLARED_RE.match(m.label) if m is not None and not m.own_line else None
        if found and counts[found.group("short")] >= 1:
            aliases[index] = found.group("short")
    return aliases

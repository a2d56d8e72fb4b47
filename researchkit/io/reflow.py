"""Hard-wrapped text files: lines broken at a fixed width, joined back into paragraphs.

Many text transcripts were saved with a line break every 60-80 characters (converted from
PDF, typed in an editor that wraps, line-numbered for citation). Read line by line, every
such break would end a sentence (researchkit's sentence splitter ends a sentence at each
line break), so sentences, quotes and keyword phrases broke in the middle. A break is a
wrap when the next line's first word would not have fitted on the line: the writer (or the
program) had to go to the next line. A file counts as wrapped only with evidence: most
lines reach close to one width and at least a third of the breaks between text lines are
wraps. A break is never a wrap before a blank line, a speaker label, a label on its own
line, a time, a list item, a Markdown heading, quote or table row, or page furniture.

Joined lines are separated by one space (a hyphen at the end of a line stays, with no
space after it). The text reader passes each joined paragraph on with the offsets of its
source lines, so line numbers still point at the right words.

Examples
--------
>>> text = ("Interviewer: So tell me about the harbour and what you see there at\\n"
...         "night, when the boats come in and nobody is around to check them.\\n"
...         "Respondent: Well, I have seen things I did not expect to see at all.\\n"
...         "Sometimes a van waits on the quay with its lights off for an hour.\\n") * 3
>>> lines = text.split("\\n")
>>> paragraphs = [t for t, _ in join_wrapped(lines, wrapped_breaks(lines)) if t]
>>> len(lines), len(paragraphs), "there at night" in paragraphs[0]
(13, 6, True)
"""

from __future__ import annotations

import re
from typing import Collection, Sequence

from researchkit.io.speakers import match_label, match_label_line
from researchkit.io.timemarks import match_leading_time

__all__ = ["wrapped_breaks", "join_wrapped"]

#: Widths a wrapping writer or program uses (characters); outside this no wrap is assumed.
MIN_WIDTH, MAX_WIDTH = 40, 120
#: A line starts something of its own (a list item, heading, quote, table row, time).
_OWN_START = re.compile(r"^\s*(?:[-*•–+]\s|\d{1,3}[.)]\s|#|>|\||\[?\(?\d{1,2}:\d{2})")


def _starts_own(line: str) -> bool:
    return bool(_OWN_START.match(line) or match_label(line) or match_label_line(line) or match_leading_time(line))


def wrapped_breaks(lines: Sequence[str], *, skip: Collection[int] = ()) -> set[int]:
    """Indexes ``i`` of the lines whose break is a wrap (line ``i + 1`` goes on with the same paragraph).

    ``skip`` holds line indexes that are no text (page furniture, a header block). Empty
    when the file shows no fixed width (see the module docstring).

    Examples
    --------
    >>> wrapped_breaks(["I: Ja.", "R: Nee."])
    set()
    """
    lengths = sorted(len(line.rstrip()) for i, line in enumerate(lines) if line.strip() and i not in skip)
    if len(lengths) < 8:
        return set()
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if not MIN_WIDTH <= width <= MAX_WIDTH or sum(n >= 0.7 * width for n in lengths) < 0.4 * len(lengths):
        return set()
    candidates, wraps = 0, set()
    for i in range(len(lines) - 1):
        line, following = lines[i].rstrip(), lines[i + 1]
        if i in skip or i + 1 in skip or not line.strip() or not following.strip() or _starts_own(following):
            continue
        if match_label_line(line):
            continue
        candidates += 1
        first_word = following.split()[0]
        if len(line) >= 0.6 * width and len(line) + 1 + len(first_word) > width:
            wraps.add(i)
    if len(wraps) < 3 or len(wraps) < candidates / 3:
        return set()
    return wraps


def join_wrapped(lines: Sequence[str], wraps: Collection[int]) -> list[tuple[str, list[tuple[int, int]]]]:
    """The paragraphs of ``lines`` with wrapped lines joined: ``(text, [(offset in text, line index), ...])``.

    Blank lines are kept as empty paragraphs (so a caller's line bookkeeping stays in step).

    Examples
    --------
    >>> join_wrapped(["I: Waar was", "dat precies?", "", "R: Bij de kade-", "muur."], {0, 3})
    [('I: Waar was dat precies?', [(0, 0), (12, 1)]), ('', [(0, 2)]), ('R: Bij de kade-muur.', [(0, 3), (15, 4)])]
    """
    paragraphs: list[tuple[str, list[tuple[int, int]]]] = []
    text, parts = "", []
    for i, line in enumerate(lines):
        if parts:
            glue = "" if text.endswith("-") and text[-2:-1].isalpha() else " "
            text += glue
            parts.append((len(text), i))
            text += line.strip()
        else:
            text, parts = line.rstrip(), [(0, i)]
        if i not in wraps:
            paragraphs.append((text, parts))
            text, parts = "", []
    if parts:
        paragraphs.append((text, parts))
    return paragraphs

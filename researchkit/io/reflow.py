"""Hard-wrapped text files: lines broken at a fixed width, joined back into paragraphs.

Many text transcripts were saved with a line break every 60-80 characters (converted from
PDF, typed in an editor that wraps, line-numbered for citation). Read line by line, every
such break would end a sentence (researchkit's sentence splitter ends a sentence at each
line break), so sentences, quotes and keyword phrases broke in the middle. A break is a
wrap when the next line's first word would not have fitted on the line: the writer (or the
program) had to go to the next line. A file counts as wrapped only with evidence: most
lines reach close to one width and at least a third of the breaks between text lines are
wraps. A break is never a wrap before a blank line, a speaker label, a label on its own
line, a time, a list item, a Markdown heading, quote or table row, or page furniture. In a
double-spaced file (a court reporter's transcript: one blank line after nearly every line,
:func:`double_spaced`) the blank line is the spacing, not a paragraph break: a line of the
file's width (padded with blanks, so the count of characters says little) is joined with the
text line after the blank unless it ends a sentence.

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


#: A Markdown bold opening a line (``**P1**:``, ``__Anna:__``): a label is matched with its bold prefix, as the text reader does.
_BOLD_OPEN = re.compile(r"^\s*(\*\*|__)[^*_\n]{1,70}?\1\s*:?")


def _starts_own(line: str) -> bool:
    """Whether ``line`` starts something of its own: a list item, heading, time, or a label (bold ones too).

    Examples
    --------
    >>> _starts_own("**P1**: nee ja"), _starts_own("- item"), _starts_own("kade ja verdacht")
    (True, True, False)
    """
    if _OWN_START.match(line) or match_leading_time(line) or match_label_line(line):
        return True
    bold = _BOLD_OPEN.match(line)
    return bool(match_label(line, bold_prefix=bold.end() if bold else 0))


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
    double = double_spaced(lines, skip)
    candidates, wraps = 0, set()
    for i in range(len(lines) - 1):
        line, nxt = lines[i].rstrip(), i + 1
        if double and i + 2 < len(lines) and line.strip() and not lines[i + 1].strip() and i + 1 not in skip:
            nxt = i + 2  # a double-spaced file: the blank line between two lines is the spacing, not a paragraph break
            if line.endswith(_CLOSERS):
                continue  # a sentence's end: a break there may be the paragraph's end, and nothing is lost by keeping it
        following = lines[nxt]
        if i in skip or nxt in skip or not line.strip() or not following.strip() or _starts_own(following):
            continue
        if match_label_line(line):
            continue
        candidates += 1
        first_word = following.split()[0]
        # a double-spaced line that does not end a sentence goes on below: court reporters pad their lines with
        # blanks (``$1905.     So``), so the next word would often have fitted by the count of characters
        if len(line) >= 0.6 * width and (nxt > i + 1 or len(line) + 1 + len(first_word) > width):
            wraps.update(range(i, nxt))
    if len(wraps) < 3 or sum(bool(lines[i].strip()) for i in wraps) < candidates / 3:
        return set()
    return wraps


#: Line ends after which a double-spaced line is not joined to the next (the sentence may end the paragraph).
_CLOSERS = (".", "?", "!", ":", '"', "\u201d", ")", "]")
#: Share of the breaks between text lines that must be one blank line for a file to be double-spaced.
DOUBLE_SHARE = 0.9


def double_spaced(lines: Sequence[str], skip: Collection[int] = ()) -> bool:
    """Whether the text lines are double-spaced: one blank line after nearly every line (a court reporter's page).

    At least eight text lines, and :data:`DOUBLE_SHARE` of the gaps between two text lines (``skip``
    lines, page furniture, left out) exactly one blank line.

    Examples
    --------
    >>> double_spaced(["I: Where were you", "", "that night?", "", "R: At home,", "", "all of it.", ""] * 2)
    True
    >>> double_spaced(["I: Where?", "R: Home.", "", "I: When?", "R: Late."] * 2)
    False
    """
    text = [i for i, line in enumerate(lines) if line.strip() and i not in skip]
    if len(text) < 8:
        return False
    gaps = [b - a - 1 for a, b in zip(text, text[1:])]
    return sum(gap == 1 for gap in gaps) >= DOUBLE_SHARE * len(gaps)


def join_wrapped(lines: Sequence[str], wraps: Collection[int]) -> list[tuple[str, list[tuple[int, int]]]]:
    """The paragraphs of ``lines`` with wrapped lines joined: ``(text, [(offset in text, line index), ...])``.

    Blank lines are kept as empty paragraphs (so a caller's line bookkeeping stays in step), except a
    blank line inside a wrap (a double-spaced file's spacing), which is skipped.

    Examples
    --------
    >>> join_wrapped(["I: Waar was", "dat precies?", "", "R: Bij de kade-", "muur."], {0, 3})
    [('I: Waar was dat precies?', [(0, 0), (12, 1)]), ('', [(0, 2)]), ('R: Bij de kade-muur.', [(0, 3), (15, 4)])]
    """
    paragraphs: list[tuple[str, list[tuple[int, int]]]] = []
    text, parts = "", []
    for i, line in enumerate(lines):
        if parts and i in wraps and not line.strip():
            continue  # the blank line of a double-spaced file inside a wrapped paragraph
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

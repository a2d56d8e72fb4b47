"""Line numbers printed in a PDF's left margin (pure functions over the PDF reader's lines).

Word's line numbering (``w:lnNumType``), LibreOffice's, and typed numbers in a numbered
transcript all end up, in a PDF, as a number standing apart to the left of the text
column. pdfplumber puts it at the start of the line's text (``12 I: So tell me``), where
it would hide the label and ride along in quotes. A number counts as a line number when:

- it stands apart: it ends left of the text column (where most lines begin) and the gap
  to the text after it is at least half a character's height (a year that starts a line,
  ``1998 was hard``, begins *at* the text column and is followed by an ordinary space);
- the numbers line up (their right edges, or their left edges, agree within 1.5 points);
- on each page they go up (the longest rising run is kept: a stray page number is not
  part of it), by a fixed step (every line, or every fifth), on at least
  :data:`~researchkit.io.linenumbers.MIN_NUMBERED` lines and half of the lines of the
  numbered pages (or of their fifth lines).

Numbers alone on a line (Word numbers blank lines too) carry no text and are dropped;
every other line keeps its text without the number, and its number is recorded. When
only every n-th line is numbered, the lines between two printed numbers get the numbers
counted from them where the count of lines agrees (Word counts blank paragraphs, which
a PDF does not show); the others keep none, and :func:`~researchkit.io.line_range`
widens a passage's range to the numbered lines around it.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Callable, Sequence

from researchkit.io.furniture import is_page_number
from researchkit.io.linenumbers import MAX_STEP, MIN_COVERAGE, MIN_NUMBERED, find_line_numbers, numbering_note

_LEADING = re.compile(r"^\s*(\d{1,5})(?:\s+|$)")
#: Points within which the numbers of a column line up.
ALIGN = 1.5


@dataclass(frozen=True)
class LeadingNumber:
    """A number at the start of a PDF line: its value and place, and the line without it."""

    number: int
    x0: float
    x1: float
    text_x0: float | None
    gap: float
    text: str
    bold_prefix: int


def leading_number(text: str, chars: Sequence[dict], bold_prefix: Callable[[str, list], int]) -> LeadingNumber | None:
    """The number a line starts with, with the place of its digits and of the text after it.

    Examples
    --------
    >>> chars = [dict(text="1", x0=69.0, x1=76.0, size=11.0), dict(text="I", x0=90.1, x1=94.4, size=11.0),
    ...          dict(text=":", x0=94.4, x1=98.1, size=11.0)]
    >>> lead = leading_number("1 I:", chars, lambda text, chars: 0)
    >>> lead.number, lead.gap > 10, lead.text
    (1, True, 'I:')
    """
    m = _LEADING.match(text)
    if not m:
        return None
    glyphs = [c for c in chars if not str(c.get("text", "")).isspace()]
    k = len(m.group(1))
    if len(glyphs) < k or not all(str(g.get("text", "")).isdigit() for g in glyphs[:k]):
        return None
    digits, rest = glyphs[:k], glyphs[k:]
    x0, x1 = float(digits[0]["x0"]), float(digits[-1]["x1"])
    size = float(digits[-1].get("size") or 10.0)
    if not rest:
        return LeadingNumber(int(m.group(1)), x0, x1, None, float("inf"), "", 0)
    text_x0 = float(rest[0]["x0"])
    gap = text_x0 - x1
    if gap < 0.5 * size:
        return None
    after = text[m.end():]
    return LeadingNumber(int(m.group(1)), x0, x1, text_x0, gap, after, bold_prefix(after, list(rest)))


def _rising(items: list[tuple[int, int]]) -> list[int]:
    """Indices (into ``items`` of ``(index, number)``) of the longest strictly rising run of numbers."""
    tails: list[int] = []
    tail_at: list[int] = []
    parent = [-1] * len(items)
    for k, (_, n) in enumerate(items):
        pos = bisect.bisect_left(tails, n)
        if pos == len(tails):
            tails.append(n)
            tail_at.append(k)
        else:
            tails[pos], tail_at[pos] = n, k
        parent[k] = tail_at[pos - 1] if pos else -1
    out, k = [], tail_at[-1] if tail_at else -1
    while k >= 0:
        out.append(k)
        k = parent[k]
    return out[::-1]


def _text_column(pages: Sequence[Sequence]) -> float:
    """Where most lines' text begins (after a number standing apart, if any)."""
    starts = Counter(round(line.lead.text_x0 if line.lead is not None and line.lead.text_x0 is not None else line.x0)
                     for lines in pages for line in lines)
    return float(starts.most_common(1)[0][0]) if starts else 0.0


def _aligned(values: list[float]) -> bool:
    common = Counter(round(v) for v in values).most_common(1)[0][0]
    return sum(abs(v - common) <= ALIGN for v in values) >= 0.8 * len(values)


def _anchors(pages: Sequence[Sequence]) -> dict[tuple[int, int], int]:
    """``(page index, line index) -> number`` of the line numbers found, or ``{}``."""
    column = _text_column(pages)
    found: dict[tuple[int, int], int] = {}
    for p, lines in enumerate(pages):
        candidates = [(i, line.lead.number) for i, line in enumerate(lines)
                      if line.lead is not None and line.lead.x1 < column - 1 and not (line.in_margin and not line.lead.text)]
        found.update(((p, candidates[k][0]), candidates[k][1]) for k in _rising(candidates))
    if len(found) < MIN_NUMBERED:
        return {}
    leads = [pages[p][i].lead for p, i in found]
    if not (_aligned([lead.x1 for lead in leads]) or _aligned([lead.x0 for lead in leads])):
        return {}
    steps = Counter(found[b] - found[a] for a, b in zip(found, list(found)[1:]) if a[0] == b[0] and found[b] > found[a])
    step = steps.most_common(1)[0][0] if steps else 1
    numbered_pages = {p for p, _ in found}
    total = sum(len(pages[p]) for p in numbered_pages)
    if step > MAX_STEP or len(found) * step < MIN_COVERAGE * total:
        return {}
    return found


def _counted(lines: Sequence, printed: dict[int, int]) -> dict[int, int]:
    """Numbers of one page's unnumbered lines between two printed ones, where the count of lines agrees.

    Word counts blank paragraphs, which a PDF does not show as lines: where the count
    disagrees (or before the first and after the last printed number of a page, where
    nothing checks it) the lines stay without a number of their own.
    """
    known = sorted(printed)
    out: dict[int, int] = {}
    for before, after in zip(known, known[1:]):
        if printed[after] - printed[before] == after - before:
            out.update((i, printed[before] + i - before) for i in range(before + 1, after))
    return out


def _typed_anchors(pages: Sequence[Sequence]) -> dict[tuple[int, int], int]:
    """Numbers typed before the text with a plain space (``1 I: So ...``), found as in a text file.

    Each printed line is a line (a running header is one without a number). A line whose
    number is taken gets it as its ``lead`` (``pages`` is the caller's own copy).
    """
    places = [(p, i) for p, lines in enumerate(pages) for i in range(len(lines))]
    texts = [pages[p][i].text for p, i in places]
    found = find_line_numbers(texts, exclude={k for k, (p, i) in enumerate(places)
                                              if pages[p][i].in_margin and is_page_number(texts[k])})
    if found is None:
        return {}
    out = {}
    for k in found.printed:
        p, i = places[k]
        line = pages[p][i]
        if line.lead is None:  # the number is not apart from the text: note it as a lead of its own
            cut = len(texts[k]) - len(found.lines[k])
            pages[p][i] = replace(line, cell=None, lead=LeadingNumber(found.numbers[k], line.x0, line.x0, None, 0.0,
                                                                      found.lines[k], max(0, line.bold_prefix - cut)))
        out[(p, i)] = found.numbers[k]
    return out


def take_line_numbers(pages: Sequence[Sequence]) -> tuple[list[list], list[str]]:
    """The pages' lines with their margin line numbers taken out and recorded (``Line.printed``), and the note.

    ``pages`` hold the PDF reader's ``Line`` objects (``text``, ``x0``, ``in_margin``,
    ``lead``, ``bold_prefix``, ``printed``); lines are replaced, never changed in place.
    Without a line-number column the pages come back as they are, without a note.

    Examples
    --------
    >>> from researchkit.io.pdf import Line
    >>> def line(n, text):
    ...     return Line(f"{n} {text}", 1, n, 70.0 + 15 * n, 80.0 + 15 * n, 500.0, 0, False,
    ...                 LeadingNumber(n, 69.0, 76.0, 90.1, 14.1, text, 0), x0=69.0)
    >>> pages, notes = take_line_numbers([[line(n, w) for n, w in enumerate(["I: Waar?", "R: Hier.", "Ja.", "I: O."], 1)]])
    >>> [(x.text, x.printed) for x in pages[0]]
    [('I: Waar?', 1), ('R: Hier.', 2), ('Ja.', 3), ('I: O.', 4)]
    """
    pages = [list(lines) for lines in pages]
    found, where = _anchors(pages), "printed in the margin "
    if not found:
        found, where = _typed_anchors(pages), "typed before the lines "
    if not found:
        return [list(lines) for lines in pages], []
    numbers = list(found.values())
    steps = Counter(b - a for a, b in zip(numbers, numbers[1:]) if b > a)
    step = steps.most_common(1)[0][0] if steps else 1
    out: list[list] = []
    for p, lines in enumerate(pages):
        kept = []
        for i, line in enumerate(lines):
            if (p, i) not in found:
                kept.append(line)
            elif line.lead.text:
                kept.append(replace(line, text=line.lead.text, bold_prefix=line.lead.bold_prefix, printed=found[(p, i)]))
        body = [i for i, line in enumerate(kept) if line.printed is not None or not line.in_margin]
        printed = {k: kept[i].printed for k, i in enumerate(body) if kept[i].printed is not None}
        if step > 1 and printed:
            for k, n in _counted(body, printed).items():
                kept[body[k]] = replace(kept[body[k]], printed=n)
        out.append(kept)
    return out, [numbering_note(numbers, step, where=where)]

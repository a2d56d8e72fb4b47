"""A two-column speaker table in a PDF: the speaker in the first column, the speech in the second.

Word transcripts are often typed as a table (``I`` | ``So tell me ...``); in the PDF made
from one, pdfplumber reads a row's first line as ``I So tell me ...``, without a colon,
so the label is not seen, and the row's other lines start at the second column. A row's
first cell counts as a speaker label when:

- a gap of at least two character heights separates it from the text after it, and that
  text starts where the second column's lines start (their left edges agree within 1.5
  points on at least three lines);
- it is short (at most four words and 40 characters, not a number);
- the same cell text starts at least two rows, and the file has at least four such rows.

The label is passed on as the table's speaker column is for Word files
(``RawParagraph.label``), so it is used as found.

Examples
--------
>>> chars = [dict(text="I", x0=90.1, x1=94.4, size=11.0), dict(text="S", x0=306.1, x1=313.0, size=11.0)]
>>> first_cell("I So", chars)
('I', 2, 306.1)
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from researchkit.io.speakers import LabelMatch

#: Points within which the left edges of the second column's lines agree.
ALIGN = 1.5
#: Rows a file needs before its first cells are read as speakers.
MIN_ROWS = 4


def first_cell(text: str, chars: Sequence[dict]) -> tuple[str, int, float] | None:
    """A line's first cell when a wide gap follows it: ``(cell text, where the rest begins in text, x of the rest)``.

    Examples
    --------
    >>> chars = [dict(text=ch, x0=90.0 + 6 * k, x1=96.0 + 6 * k, size=11.0) for k, ch in enumerate("Ja")]
    >>> first_cell("Ja", chars) is None  # no wide gap: not a table row
    True
    """
    glyphs = [c for c in chars if not str(c.get("text", "")).isspace()]
    for k, (a, b) in enumerate(zip(glyphs, glyphs[1:]), start=1):
        size = float(a.get("size") or 10.0)
        if float(b["x0"]) - float(a["x1"]) >= 2 * size:
            break
    else:
        return None
    seen = 0
    for pos, ch in enumerate(text):
        if not ch.isspace():
            seen += 1
            if seen == k:
                cell = text[: pos + 1]
                rest = len(text) - len(text[pos + 1:].lstrip())
                return cell.strip(), rest, float(glyphs[k]["x0"])
    return None


def _plausible(cell: str) -> bool:
    return 0 < len(cell) <= 40 and len(cell.split()) <= 4 and not cell.replace(".", "").replace(":", "").isdigit()


def speaker_cells(lines: Sequence[tuple[tuple[str, int, float] | None, float]]) -> dict[int, LabelMatch]:
    """Index of each line that starts a table row with a speaker cell, and its label (module docstring).

    ``lines`` hold each line's :func:`first_cell` (or ``None``) and the left edge of the line.

    Examples
    --------
    >>> rows = [((w, 2, 306.0), 90.0) for w in "IRIR"] + [(None, 306.2)] * 3
    >>> sorted((i, m.label) for i, m in speaker_cells(rows).items())
    [(0, 'I'), (1, 'R'), (2, 'I'), (3, 'R')]
    """
    starts = [x0 for _, x0 in lines]
    rows = {i: cell for i, (cell, _) in enumerate(lines) if cell is not None and _plausible(cell[0])}
    aligned = lambda x: sum(abs(s - x) <= ALIGN for s in starts) + sum(abs(c[2] - x) <= ALIGN for c in rows.values())  # noqa: E731
    rows = {i: cell for i, cell in rows.items() if aligned(cell[2]) >= 3}
    uses = Counter(cell[0] for cell in rows.values())
    rows = {i: cell for i, cell in rows.items() if uses[cell[0]] >= 2}
    if len(rows) < MIN_ROWS:
        return {}
    return {i: LabelMatch(cell[0].rstrip(":").strip(), None, cell[1], evidence="column") for i, cell in rows.items()}

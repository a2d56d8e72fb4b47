"""Taguette's highlights exported as a document (HTML, Word; "Export this view") into coded segments.

Taguette writes the highlights of a tag, or all of them, through one template
(``taguette/templates/export_highlights.html``) and converts the page to Word, ODT or PDF:
a title, ``Taguette highlights`` or ``Taguette highlights: <tag path>``, then for every
highlight its text (the HTML of the highlighted passage, one or more paragraphs) followed by
one line naming the document and the tags::

    Document: Interview 01 Tags: interesting, people.interviewers

and a rule (``<hr>``) before the next one. The labels are translated: the Dutch export says
``Taguette markeringen``, ``Document:`` and ``Labels:`` (``po/main_nl_NL.po``); English and
Dutch are read. A highlight without tags has an empty ``Tags:`` (reported as "no code"),
and the tags are split at their commas (a tag whose name holds a comma reads as two:
export the highlights as CSV for those). Taguette gives no positions: each passage is
found in its document by its text.

Examples
--------
>>> lines = ["Taguette highlights", "De haven is klein.", "Document: Interview 01 Tags: haven, haven.klein"]
>>> [(s.document, s.codes, s.text) for s in taguette_segments(lines)[0]]
[('Interview 01', ('haven', 'haven.klein'), 'De haven is klein.')]
"""

from __future__ import annotations

import re
from typing import Sequence

from researchkit.segtables.model import Segment

__all__ = ["taguette_details", "taguette_segments"]

_LINE_MAX = 1000
#: ``Document: <name> Tags: a, b`` (English), ``Document: <name> Labels: a, b`` (Dutch); the name may hold spaces.
_DETAILS = re.compile(r"Document\s*:\s*(?P<doc>\S.*?)\s+(?:Tags|Labels)\s*:(?P<tags>.*)")
_TITLE = re.compile(r"Taguette (?:highlights|markeringen)(?:\s*:.*)?", re.IGNORECASE)


def taguette_details(line: str) -> tuple[str, tuple[str, ...]] | None:
    """The document and tags of a highlight's details line, else ``None``.

    Examples
    --------
    >>> taguette_details("Document: Interview 01 Tags: interesting, people")
    ('Interview 01', ('interesting', 'people'))
    >>> taguette_details("Document: R02 Labels:")
    ('R02', ())
    >>> taguette_details("Document: see the tags below") is None
    True
    """
    line = line.strip()
    if not line or len(line) > _LINE_MAX:
        return None
    found = _DETAILS.fullmatch(line)
    if found is None:
        return None
    tags = tuple(t.strip() for t in found.group("tags").split(",") if t.strip())
    return found.group("doc").strip(), tags


def taguette_segments(lines: Sequence[str], *, line_word: str = "line") -> tuple[list[Segment], list[str]]:
    """The highlights of a Taguette highlights document given as its lines, and notes.

    Each highlight is the text between the previous details line (or the title) and its own
    details line, its paragraphs joined with ``\\n``; the segment's place is its details line.
    """
    details = [(n, d) for n, d in ((n, taguette_details(line)) for n, line in enumerate(lines)) if d]
    if not details:
        return [], []
    first = next((j for j in range(len(lines)) if lines[j].strip()), 0)
    title = first if first < details[0][0] and _TITLE.fullmatch(lines[first].strip()) else None
    segments: list[Segment] = []
    lo = 0 if title is None else title + 1
    for n, (document, tags) in details:
        body = [lines[j].strip() for j in range(lo, n) if lines[j].strip()]
        segments.append(Segment(n + 1, document, "\n".join(body), tags, line=line_word))
        lo = n + 1
    notes = []
    if title is not None:
        notes.append(f"the title {lines[title].strip()!r} set aside")
    after = [j for j in range(details[-1][0] + 1, len(lines)) if lines[j].strip()]
    if after:
        notes.append(f"{len(after)} line(s) after the last highlight's details set aside (no highlight ends there)")
    return segments, notes

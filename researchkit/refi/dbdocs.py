"""What the importers of SQLite project databases (QualCoder, RQDA) share: a source's text and its tallies, finding a moved passage again.

Both programs store each coding's offsets and its coded text. :func:`place_seltext` finds a
passage whose offsets no longer hold it; :class:`DbDocument` is one source being read (its
raw and canonical text, attributes with where each came from, how many codings held);
:func:`covers` says whether a case's ranges cover a whole text; :func:`memo_text` and
:func:`as_number` read memo and attribute values.

Examples
--------
>>> covers([(0, 5), (5, 11)], 0, 11), covers([(0, 5)], 0, 11)
(True, False)
>>> as_number("67"), as_number("1,5"), as_number("n.v.t.")
(67, 1.5, 'n.v.t.')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from researchkit.refi.model import ExchangeReport
from researchkit.refi.offsets import SourceText

__all__ = ["MAX_OCCURRENCES", "MAX_SEARCHES", "DbDocument", "place_seltext", "covers", "memo_text", "as_number"]

#: How many occurrences of a passage are looked at when it must be found again.
MAX_OCCURRENCES = 10_000
#: How many misplaced codings of one project are searched for again; the rest are listed unplaced (bounded time).
MAX_SEARCHES = 10_000


def place_seltext(raw: str, seltext: str, pos0: int, *, limit: int = MAX_OCCURRENCES) -> tuple[str, tuple[int, int] | None, int]:
    """Where a coded passage whose offsets no longer hold it is now: ``(how, span, occurrences)``.

    The exact occurrence of ``seltext`` in ``raw`` that starts nearest ``pos0`` is taken
    when it is the only one, or clearly the nearest (less than half as far as the next).

    Examples
    --------
    >>> place_seltext("de haven, de haven", "haven", 12)
    ('nearest the stored offset', (13, 18), 2)
    >>> place_seltext("de haven, de haven", "haven", 8)
    ('several occurrences, none clearly the nearest', None, 2)
    >>> place_seltext("de haven", "boot", 0)
    ('found nowhere in the text', None, 0)
    """
    if not seltext:
        return "no coded text stored", None, 0
    hits: list[int] = []
    at = raw.find(seltext)
    while at != -1 and len(hits) < limit:
        hits.append(at)
        at = raw.find(seltext, at + 1)
    if not hits:
        return "found nowhere in the text", None, 0
    if len(hits) == 1:
        return "its only occurrence", (hits[0], hits[0] + len(seltext)), 1
    dist = sorted((abs(h - pos0), h) for h in hits)
    if dist[0][0] * 2 < dist[1][0]:
        return "nearest the stored offset", (dist[0][1], dist[0][1] + len(seltext)), len(hits)
    return "several occurrences, none clearly the nearest", None, len(hits)


def memo_text(value: Any) -> str | None:
    """A memo as text, ``None`` when empty.

    Examples
    --------
    >>> memo_text("  "), memo_text("Regen")
    (None, 'Regen')
    """
    return value if isinstance(value, str) and value.strip() else None


def as_number(value: str) -> Any:
    """A numeric attribute's text as an int or float (decimal comma too); other text as it is."""
    try:
        return int(value)
    except ValueError:
        try:
            return float(value.replace(",", ".")) if re.fullmatch(r"\s*-?\d+([.,]\d+)?([eE]-?\d+)?\s*", value) else value
        except ValueError:
            return value


@dataclass
class DbDocument:
    """One source with text being imported: its texts, attributes (and where each came from), and how its codings held."""

    fid: int
    doc_id: str
    raw: str
    source: SourceText
    guid: str
    attributes: dict = field(default_factory=dict)
    origins: dict = field(default_factory=dict)
    fitting: int = 0
    moved: int = 0
    lost: int = 0

    def put(self, name: str, value: Any, label: str, report: ExchangeReport) -> None:
        """Set attribute ``name`` from ``label``; a different value already set is kept (warned)."""
        if name in self.attributes and self.attributes[name] != value:
            report.warnings.append(f"'{self.doc_id}': attribute '{name}' is {self.attributes[name]!r} ({self.origins[name]}) "
                                   f"and {value!r} ({label}); the first is kept")
            return
        self.attributes.setdefault(name, value)
        self.origins.setdefault(name, label)


def covers(spans: list[tuple[int, int]], first: int, last: int) -> bool:
    """Whether the spans together cover ``first``..``last`` (the text without white space at its ends)."""
    reach = first
    for a, b in sorted(spans):
        if a > reach:
            break
        reach = max(reach, b)
    return reach >= last

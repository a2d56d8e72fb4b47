"""The blocks a report is made of (headings, paragraphs, tables, figures, quotes) and
:class:`ReportContent`, the ordered list the Word and Markdown writers render.

Examples
--------
>>> Heading("2 Signalen").level
1
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

import pandas as pd

from researchkit.report.texts import _T

# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Heading:
    """A heading; ``text`` includes its number (``"2 Signalen"``, ``"Bijlage A Codeboek"``);
    ``contents=False`` keeps it out of the table of contents (the codebook appendix's codes)."""

    text: str
    level: int = 1
    contents: bool = True


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text; ``lead`` is a bold lead-in (``"SIG.1 Verdacht gedrag."``)."""

    text: str
    lead: str = ""
    style: str = "body"


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass
class Table:
    """A numbered, captioned table.

    Attributes
    ----------
    key
        Stable name (file name of its CSV: ``tables/<key>.csv``).
    number
        Its number among the tables (Word ``SEQ Tabel`` field).
    caption
        Caption text without the number.
    columns, rows
        Header and cell texts, as shown.
    data
        The tidy table behind it (written as CSV by the main job).
    note
        A note under the table (source, reading aid).
    """

    key: str
    number: int
    caption: str
    columns: list[str]
    rows: list[list[str]]
    data: pd.DataFrame
    note: str = ""


@dataclass
class Figure:
    """A numbered, captioned figure: PNG bytes, rendered once."""

    key: str
    number: int
    caption: str
    png: bytes
    width_cm: float = 16.0


@dataclass(frozen=True)
class Quote:
    """A pseudonymised quote and its attribution ``(R07, Douane, Harlingen)``."""

    text: str
    attribution: str


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


@dataclass(frozen=True)
class TableOfContents:
    """The table of contents (a Word TOC field; in Markdown left to the renderer)."""


Block = Heading | Paragraph | Bullets | Table | Figure | Quote | PageBreak | TableOfContents


@dataclass
class ReportContent:
    """Everything a report says, in order; rendered by the Word and Markdown writers.

    Attributes
    ----------
    title, subtitle, author, organisation, client
        Title-page texts.
    date
        The report date (also the documents' metadata dates).
    language
        ``"nl"`` or ``"en"``.
    blocks
        The body, in order (title page excluded).
    notes
        Remarks for the researcher (chapters left out and why); not part of the report.
    privacy
        How quotes were pseudonymised: ``key_checksum`` (``""`` without a key),
        ``key_entries``, ``patterns`` (kinds replaced) and ``allow_unpseudonymised``.
    quotes
        Every quote shown: ``theme, doc_id, start, end, action`` (empty) and ``quote`` (as
        printed), the starting point of the editable quote file (``report.quotes``).
    """

    title: str
    subtitle: str
    author: str
    organisation: str
    client: str
    date: _dt.date
    language: str
    blocks: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    privacy: dict = field(default_factory=dict)
    quotes: pd.DataFrame | None = None

    @property
    def tables(self) -> list[Table]:
        """The numbered tables, in order."""
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def figures(self) -> list[Figure]:
        """The numbered figures, in order."""
        return [b for b in self.blocks if isinstance(b, Figure)]

    def headings(self, level: int | None = None) -> list[str]:
        """The headings' texts (with their numbers), in order; only those of ``level`` when given.

        Examples
        --------
        >>> content = ReportContent("T", "", "", "", "", _dt.date(2026, 1, 1), "nl",
        ...                         blocks=[Heading("1 Inleiding"), Heading("1.1 Aanleiding", level=2)])
        >>> content.headings(), content.headings(level=1)
        (['1 Inleiding', '1.1 Aanleiding'], ['1 Inleiding'])
        """
        return [b.text for b in self.blocks if isinstance(b, Heading) and (level is None or b.level == level)]

    def label(self, key: str) -> str:
        """A fixed text of the report language (``"table"`` -> ``"Tabel"``)."""
        return _T[self.language][key]

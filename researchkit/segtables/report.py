"""The report of a segment import: every row placed, or named with why it was not.

Examples
--------
>>> r = SegmentReport("seg.xlsx", "MAXQDA", rows=2, placed_rows=1, codings=1)
>>> r.issues.append(RowIssue("row 3", "passage not found", "Interview 1", "de haven", "closest: 'de havens' (0.94)"))
>>> print(r)  # doctest: +NORMALIZE_WHITESPACE
seg.xlsx (MAXQDA): 2 row(s), 1 placed, 1 coding(s); 1 row(s) not (fully) placed
  row 3: passage not found in 'Interview 1': 'de haven' -- closest: 'de havens' (0.94)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["RowIssue", "SegmentReport", "KINDS"]

#: The reasons a row (or one code of a row) is not imported.
KINDS = ("document not found", "document ambiguous", "no passage", "passage not found", "passage ambiguous",
         "no code", "code unknown", "code ambiguous", "duplicate", "not text", "offsets do not fit")


@dataclass(frozen=True)
class RowIssue:
    """Why a row, or one code of it, was not imported.

    Attributes
    ----------
    where
        ``"row 12"`` / ``"line 40"`` in the file.
    kind
        One of :data:`KINDS`.
    document
        The document as the table names it.
    value
        The bad value (the passage, the code, the document name).
    detail
        The candidates or the closest match, and what to do.
    """

    where: str
    kind: str
    document: str
    value: str
    detail: str = ""

    def __str__(self) -> str:
        value = self.value if len(self.value) <= 80 else self.value[:77] + "..."
        place = f" in {self.document!r}" if self.document and not self.kind.startswith("document") else ""
        return f"{self.where}: {self.kind}{place}: '{value}'" + (f" -- {self.detail}" if self.detail else "")


@dataclass
class SegmentReport:
    """What an import of coded segments did.

    Attributes
    ----------
    path, producer
        The file and the program that wrote it.
    rows
        Segment rows read.
    placed_rows
        Rows that gave at least one coding.
    codings
        Codings made (a row with several codes gives several).
    issues
        Every row or code not imported, with why.
    notes
        What the reader and the placement did that the user should know.
    columns
        ``header -> what it was read as``.
    how
        ``how a passage was placed -> count`` (only occurrence, nearest to paragraph ...).
    new_codes
        Codes added to the codebook (``codes_from_path``).
    stored, skipped
        Codings stored in the project, and those already there (set by ``Project.import_segments``).
    """

    path: str
    producer: str
    rows: int = 0
    placed_rows: int = 0
    codings: int = 0
    issues: list[RowIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    how: dict[str, int] = field(default_factory=dict)
    new_codes: list[str] = field(default_factory=list)
    stored: int | None = None
    skipped: int | None = None

    @property
    def unplaced_rows(self) -> int:
        """Rows with at least one issue."""
        return len({i.where for i in self.issues})

    def issues_frame(self) -> Any:
        """The issues as a table (``where, kind, document, value, detail``).

        Examples
        --------
        >>> SegmentReport("a.csv", "table").issues_frame().columns.tolist()
        ['where', 'kind', 'document', 'value', 'detail']
        """
        import pandas as pd

        return pd.DataFrame([vars(i) for i in self.issues], columns=["where", "kind", "document", "value", "detail"])

    def __str__(self) -> str:
        head = (f"{self.path} ({self.producer}): {self.rows} row(s), {self.placed_rows} placed, {self.codings} coding(s)"
                + (f"; {self.unplaced_rows} row(s) not (fully) placed" if self.issues else ""))
        lines = [head]
        if self.stored is not None:
            lines.append(f"  stored {self.stored} coding(s)" + (f", {self.skipped} already in the project" if self.skipped else ""))
        if self.how:
            lines.append("  placed: " + ", ".join(f"{n} {how}" for how, n in sorted(self.how.items(), key=lambda t: (-t[1], t[0]))))
        if self.new_codes:
            lines.append(f"  {len(self.new_codes)} code(s) added to the codebook: {', '.join(self.new_codes[:10])}"
                         + (" ..." if len(self.new_codes) > 10 else ""))
        lines += [f"  note: {n}" for n in self.notes]
        lines += [f"  {issue}" for issue in self.issues]
        return "\n".join(lines)

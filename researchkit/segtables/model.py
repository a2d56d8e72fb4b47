"""The coded segments read from another program's export, before they are placed in a corpus.

Examples
--------
>>> s = Segment(4, "Interview 1", "de haven", ("Haven",), start=3, end=3, unit="paragraph")
>>> s.where
'row 4'
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Segment", "SegmentTable"]


#: How many characters of a segment MAXQDA keeps as its preview (the ``Preview`` of its exchange
#: files' codings): a preview this long is taken as the start of a longer segment.
PREVIEW_LIMIT = 63


@dataclass(frozen=True)
class Segment:
    """One coded segment as the exporting program wrote it.

    Attributes
    ----------
    row
        Where it is in the file: the row number a spreadsheet shows (tables) or the
        line of its ``Reference`` heading (NVivo reports).
    document
        The document's name as the program wrote it.
    text
        The coded passage.
    codes
        The codes applied (one, or several from one cell or from Dedoose's code columns).
    coder, memo, ref
        Who coded it, the comment on it, the program's own id of the segment (``1:5``).
    start, end, unit
        The program's positions (``unit``: ``"paragraph"`` numbers from 1, ``"char"``
        offsets from 0), used to choose between several occurrences of the passage.
    line
        ``"row"``, ``"line"`` or ``"paragraph"``: how :attr:`where` names the place.
    cut
        The passage is a name the program shortened (ATLAS.ti's quotation name ending in
        ``...``), given because the table has no full passage.
    prefix
        The passage is only the start of the segment (a preview the program cut at
        :data:`PREVIEW_LIMIT` characters): placed only where the table's character offsets
        span a passage that begins with it.
    media
        ``"image"`` or ``"audio or video"`` for a coding of a picture or recording the
        program exported in the table (QualCoder's ``imid:``/``avid:`` rows, their passage
        cell ``image``/``a/v``): there is no text to place; ``""`` for text.
    by_offsets
        The table gives no passage, only character offsets (RQDA's coding table): the
        segment is the text at ``start``-``end``, checked only against ``length``.
    length
        The number of characters the table says the segment has (RQDA's ``CodingLength``).
    written
        The start and end cells as the table wrote them (rows by offsets), named when they are no offsets.
    """

    row: int
    document: str
    text: str
    codes: tuple[str, ...]
    coder: str | None = None
    memo: str | None = None
    ref: str | None = None
    start: int | None = None
    end: int | None = None
    unit: str | None = None
    line: str = "row"
    cut: bool = False
    media: str = ""
    prefix: bool = False
    by_offsets: bool = False
    length: int | None = None
    written: tuple[str, str] = ("", "")

    @property
    def where(self) -> str:
        """``"row 12"`` or ``"line 40"``."""
        return f"{self.line} {self.row}"


@dataclass
class SegmentTable:
    """Every segment of one exported file, with what the reader made of the file.

    Attributes
    ----------
    path
        The file.
    producer
        The program that wrote it (``MAXQDA``, ``ATLAS.ti``, ``NVivo``, ``QualCoder``,
        ``Dedoose``, ``Taguette``) or ``table``.
    segments
        In file order.
    columns
        ``header -> what it was read as``.
    notes
        What the reader did that the user should know (columns set aside, sheet read ...).
    rows
        Data rows read (empty rows not counted).
    """

    path: str
    producer: str
    segments: list[Segment] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    rows: int = 0

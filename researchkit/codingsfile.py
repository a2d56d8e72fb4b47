"""Codings kept in CSV files: read and write them as they are, and pin each coding's passage.

A codings CSV (``doc_id, start, end, code[, coder, source, text, ...]``) without a ``text``
column holds offsets only: after a transcript is corrected every later coding points at
the wrong passage, and nothing notices. :func:`pin` writes ``transcript[start:end]`` into
a ``text`` column; the run then refuses a coding whose text no longer sits at its offsets
(RK302), and :mod:`researchkit.codingsrealign` can move the codings to where their
passages went.

The functions are pure: a :class:`CodingsTable` (the file's cells with its encoding,
byte-order mark, delimiter and line ends) and the transcript texts in, a new table out.
:func:`read_codings_file` and :func:`write_codings_file` (atomic) are the edges; every
other column, the row order and the file's encoding and delimiter are kept.

Examples
--------
>>> table = parse_codings_csv(b"doc_id;start;end;code\\nR01;3;8;SIG\\n", "anna.csv")
>>> pinned = pin(table, {"R01": "R: Ja, de haven."})
>>> format_codings_csv(pinned).decode()
'doc_id;start;end;code;text\\nR01;3;8;SIG;Ja, d\\n'
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping, Sequence

from researchkit.errors import CodingsFileError, InputFileError

__all__ = ["CodingsTable", "Coding", "parse_codings_csv", "format_codings_csv", "read_codings_file",
           "write_codings_file", "codings_of", "unpinned_rows", "pin", "fit_problem", "raise_problems", "short"]

#: Byte-order marks kept when a file is written back, with the codec that writes the text after them.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DELIMITERS = (",", ";", "\t", "|")
_REQUIRED = ("doc_id", "start", "end")
_MAX_PROBLEMS = 20


@dataclass(frozen=True)
class CodingsTable:
    """The cells of a codings CSV and how the file was written.

    Attributes
    ----------
    name
        The file, for messages.
    header, rows
        The column names and the data rows as written (a row may be shorter than the header).
    encoding, bom, delimiter, newline
        Codec, byte-order mark (``b""`` for none), delimiter and line end to write the file back with.
    """

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    encoding: str = "utf-8"
    bom: bytes = b""
    delimiter: str = ","
    newline: str = "\n"

    def column(self, name: str) -> int | None:
        """Index of column ``name`` (``None`` when the file has none); spaces around a written name do not count."""
        return next((k for k, c in enumerate(self.header) if c.strip() == name), None)

    def cell(self, row: int, name: str) -> str:
        """The cell of data row ``row`` (0-based) in column ``name`` (``""`` when the row is short or the column absent)."""
        k = self.column(name)
        cells = self.rows[row]
        return cells[k] if k is not None and k < len(cells) else ""

    def with_column(self, name: str, values: Sequence[str | None]) -> "CodingsTable":
        """A copy with column ``name`` set (appended when absent); ``None`` leaves a cell as it is (a blank row stays blank)."""
        k = self.column(name)
        header, k = (self.header, k) if k is not None else (self.header + (name,), len(self.header))
        rows = []
        for cells, value in zip(self.rows, values):
            if value is None:
                rows.append(cells)
                continue
            padded = list(cells) + [""] * (k + 1 - len(cells))
            padded[k] = value
            rows.append(tuple(padded))
        return replace(self, header=header, rows=tuple(rows))

    def file_row(self, row: int) -> int:
        """The row number a spreadsheet program shows for data row ``row`` (the header is row 1)."""
        return row + 2


@dataclass(frozen=True)
class Coding:
    """One data row as a coding: its row index, document, offsets, code and pinned text (``None`` when not pinned)."""

    row: int
    doc_id: str
    start: int
    end: int
    code: str
    text: str | None


def short(text: str, most: int = 60) -> str:
    """``text`` on one line, cut to ``most`` characters (for messages)."""
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1] + "…"


# ----------------------------------------------------------------------------- reading and writing


def _bom_of(data: bytes) -> tuple[bytes, str | None]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return bom, codec
    return b"", None


def parse_codings_csv(data: bytes, name: str) -> CodingsTable:
    """Read a codings CSV's bytes: encoding (:func:`researchkit.io.text.decode_bytes`), delimiter, line end, cells.

    The delimiter is the one of ``,`` ``;`` tab ``|`` that splits the first line into
    column names including ``doc_id``, ``start`` and ``end``.

    Raises
    ------
    CodingsFileError
        ``RK338``: undecodable or empty, no such header, a row with more cells than the header.

    Examples
    --------
    >>> t = parse_codings_csv("\\ufeffdoc_id\\tstart\\tend\\r\\nR1\\t0\\t2\\r\\n".encode("utf-8"), "x.csv")
    >>> t.delimiter, t.bom, t.newline, t.rows
    ('\\t', b'\\xef\\xbb\\xbf', '\\r\\n', (('R1', '0', '2'),))
    """
    from researchkit.io.mixedutf8 import MIXED_ENCODING
    from researchkit.io.text import decode_bytes

    bom, codec = _bom_of(data)
    try:
        text, used = decode_bytes(data, name)
    except InputFileError as err:
        raise CodingsFileError("RK338", name, err.message.split(": ", 1)[-1].replace("transcript", "codings file"),
                               hint="save the codings as a CSV file (UTF-8) with a header line doc_id,start,end,code") from None
    first = text.split("\n", 1)[0]
    newline = "\r\n" if first.endswith("\r") else "\n"
    delimiter = next((d for d in _DELIMITERS if set(_REQUIRED) <= {c.strip() for c in next(csv.reader([first], delimiter=d), [])}), None)
    if delimiter is None:
        raise CodingsFileError("RK338", name, f"the first line {short(first.rstrip(), 80)!r} is not a header with the columns "
                               "doc_id, start and end", location="row 1",
                               hint="give the codings file a header line such as doc_id,start,end,code,coder,source")
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header = tuple(records[0])
    names = [c.strip() for c in header]
    twice = sorted({c for c in names if c and names.count(c) > 1})
    if twice:
        raise CodingsFileError("RK338", name, f"the header names the column(s) {', '.join(twice)} more than once",
                               location="row 1", hint="keep one column of each name")
    for number, cells in enumerate(records[1:], start=2):
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            raise CodingsFileError("RK338", name, f"{len(cells)} cells under a header of {len(header)} columns "
                                   f"(first extra cell {cells[len(header)][:40]!r})", location=f"row {number}",
                                   hint="quote cells that hold the delimiter, or remove the extra cells")
    rows = tuple(tuple(cells[: len(header)]) if len(cells) > len(header) else tuple(cells) for cells in records[1:])
    # UTF-8 with stray cp1252 bytes (io/mixedutf8.py) is written back as UTF-8: the same characters, the stray bytes mended
    encoding = codec or ("utf-8" if used == MIXED_ENCODING else used)
    return CodingsTable(name, header, rows, encoding=encoding, bom=bom, delimiter=delimiter, newline=newline)


def format_codings_csv(table: CodingsTable) -> bytes:
    """The bytes of ``table`` as a CSV in its own encoding, byte-order mark, delimiter and line ends.

    Raises
    ------
    CodingsFileError
        ``RK339`` when a cell holds a character the file's encoding cannot write (the row is named).
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=table.delimiter, lineterminator=table.newline)
    writer.writerow(table.header)
    writer.writerows(table.rows)
    try:
        return table.bom + out.getvalue().encode(table.encoding)
    except UnicodeEncodeError as err:
        for k, cells in enumerate(table.rows):
            bad = next((c for c in cells if not _encodable(c, table.encoding)), None)
            if bad is not None:
                raise CodingsFileError("RK339", table.name, f"{bad[:60]!r} holds a character {table.encoding} cannot write "
                                       f"({err.object[err.start:err.end]!r})", location=f"row {table.file_row(k)}",
                                       hint="save the codings file as UTF-8 and run the command again") from None
        raise CodingsFileError("RK339", table.name, f"the header cannot be written as {table.encoding}",
                               location="row 1", hint="save the codings file as UTF-8") from None


def _encodable(value: str, encoding: str) -> bool:
    try:
        value.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def read_codings_file(path: str | os.PathLike) -> CodingsTable:
    """Read a codings CSV file (see :func:`parse_codings_csv`); ``RK338`` when it is not there.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "anna.csv"
    >>> _ = p.write_bytes(b"doc_id,start,end,code\\nR1,0,2,SIG\\n")
    >>> read_codings_file(p).header
    ('doc_id', 'start', 'end', 'code')
    """
    path = Path(path)
    if not path.is_file():
        raise CodingsFileError("RK338", path, "codings file not found" + (" (a folder)" if path.is_dir() else ""),
                               hint="give the path of the codings CSV file")
    return parse_codings_csv(path.read_bytes(), str(path))


def write_codings_file(table: CodingsTable, path: str | os.PathLike) -> Path:
    """Write ``table`` to ``path`` atomically (a temporary file beside it, then a rename)."""
    from researchkit.fileio import atomic_write

    return atomic_write(path, format_codings_csv(table))


# ----------------------------------------------------------------------------- the codings of a table


def _blank(cells: Sequence[str]) -> bool:
    return not any(c.strip() for c in cells)


def _offset(value: str) -> int | None:
    value = value.strip()
    try:
        number = float(value) if value else None
    except ValueError:
        return None
    return int(number) if number is not None and number.is_integer() else None


def codings_of(table: CodingsTable) -> tuple[list[Coding], list[str]]:
    """The codings of ``table`` (blank rows left out) and the problems of rows whose offsets are no whole numbers.

    Examples
    --------
    >>> t = parse_codings_csv(b"doc_id,start,end,code\\nR1,0,2,A\\n,,,\\nR1,x,4,B\\n", "x.csv")
    >>> codings, problems = codings_of(t)
    >>> [(c.row, c.start, c.end) for c in codings], problems
    ([(0, 0, 2)], ["row 4: start='x' is not a whole-number offset"])
    """
    codings, problems = [], []
    has_text = table.column("text") is not None
    for k, cells in enumerate(table.rows):
        if _blank(cells):
            continue
        start, end = _offset(table.cell(k, "start")), _offset(table.cell(k, "end"))
        bad = [f"{col}={table.cell(k, col)!r}" for col, value in (("start", start), ("end", end)) if value is None]
        if bad:
            problems.append(f"row {table.file_row(k)}: {' and '.join(bad)} is not a whole-number offset")
            continue
        text = table.cell(k, "text") if has_text else ""
        codings.append(Coding(k, table.cell(k, "doc_id"), start, end, table.cell(k, "code"), text or None))
    return codings, problems


def unpinned_rows(table: CodingsTable) -> tuple[int, int]:
    """``(codings, codings without pinned text)``: every coding when the file has no ``text`` column.

    Examples
    --------
    >>> unpinned_rows(parse_codings_csv(b"doc_id,start,end,text\\nR1,0,2,ja\\nR1,3,6,\\n", "x.csv"))
    (2, 1)
    """
    rows = [cells for cells in table.rows if not _blank(cells)]
    if table.column("text") is None:
        return len(rows), len(rows)
    return len(rows), sum(1 for k, cells in enumerate(table.rows) if not _blank(cells) and not table.cell(k, "text"))


def raise_problems(table: CodingsTable, problems: list[str], hint: str) -> None:
    """Raise ``RK339`` listing ``problems`` (one line per row, at most 20 shown), if there are any."""
    if problems:
        more = f"\n  ... and {len(problems) - _MAX_PROBLEMS} more" if len(problems) > _MAX_PROBLEMS else ""
        raise CodingsFileError("RK339", table.name, f"{len(problems)} coding(s) do not fit the transcripts:\n  "
                               + "\n  ".join(problems[:_MAX_PROBLEMS]) + more, hint=hint)


def fit_problem(table: CodingsTable, coding: Coding, texts: Mapping[str, str], what: str = "transcript") -> str | None:
    """Why ``coding`` does not fit ``texts`` (unknown document, offsets out of order or beyond the text), else ``None``."""
    where = f"row {table.file_row(coding.row)}"
    text = texts.get(coding.doc_id)
    if text is None:
        known = ", ".join(sorted(texts)[:8]) + (" ..." if len(texts) > 8 else "")
        return f"{where}: doc_id={coding.doc_id!r} is not among the {what}s ({known or 'none'})"
    if not 0 <= coding.start < coding.end:
        return f"{where}: offsets start={coding.start}, end={coding.end} need 0 <= start < end"
    if coding.end > len(text):
        return f"{where}: end={coding.end} is beyond the end of {coding.doc_id!r} ({len(text)} characters in the {what})"
    return None


# ----------------------------------------------------------------------------- pin


def pin(table: CodingsTable, texts: Mapping[str, str]) -> CodingsTable:
    """``table`` with each coding's passage ``texts[doc_id][start:end]`` in its ``text`` column.

    Rows already pinned with the same passage stay as they are; every other column,
    blank rows and the row order are kept.

    Raises
    ------
    CodingsFileError
        ``RK339`` listing every row whose document is not in ``texts``, whose offsets do
        not fit, or whose pinned text is not the passage at its offsets (the transcript
        changed since: realign first).

    Examples
    --------
    >>> t = parse_codings_csv(b"doc_id,start,end\\nR1,0,9\\n", "x.csv")
    >>> pin(t, {"R1": "kort"})
    Traceback (most recent call last):
    ...
    researchkit.errors.CodingsFileError: [RK339] x.csv: 1 coding(s) do not fit the transcripts:
      row 2: end=9 is beyond the end of 'R1' (4 characters in the transcript).
    What to do: fix the offsets of these rows (code-point indexes into the canonical transcript text), or pin against the transcripts the codings were made on.
    """
    codings, problems = codings_of(table)
    values: list[str | None] = [None] * len(table.rows)
    for coding in codings:
        problem = fit_problem(table, coding, texts)
        if problem:
            problems.append(problem)
            continue
        passage = texts[coding.doc_id][coding.start : coding.end]
        if coding.text is not None and coding.text != passage:
            problems.append(f"row {table.file_row(coding.row)}: pinned text {short(coding.text, 40)!r} is not "
                            f"{coding.doc_id!r}[{coding.start}:{coding.end}] = {short(passage, 40)!r} (the transcript "
                            "changed since it was pinned: use researchkit code realign)")
            continue
        values[coding.row] = passage
    problems.sort(key=lambda p: int(p.split(":", 1)[0].split()[1]))
    raise_problems(table, problems, "fix the offsets of these rows (code-point indexes into the canonical transcript "
                                     "text), or pin against the transcripts the codings were made on")
    return table.with_column("text", values)

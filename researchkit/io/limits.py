"""The one limit on how many units (lines, cues, rows, paragraphs, annotations) a transcript may have.

Every unit becomes a paragraph that the shared assembly (:mod:`researchkit.io.assemble`) keeps some
600 bytes of at its peak, and most readers build Python objects per unit before that (a cue, a
row, an element's text), so a file of millions of one-word units would take gigabytes. A
day-long hearing has tens of thousands of units; :data:`MAX_UNITS` allows a hundred times that.
Readers count their units cheaply, before making per-unit objects where the format allows
(``-->`` in subtitles, ``<p`` in XML, line ends), and refuse with RK138 (RK136 for text files'
lines); :func:`~researchkit.io.assemble.assemble` checks the paragraphs of every reader as well.

Examples
--------
>>> count_tags(b'<tt><body><tt:p begin="1s">a</tt:p><p>b</p><param/><p\\n/></body></tt>', b"p")
3
>>> count_lines("a\\nb\\r\\nc\\rd")
4
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path

from researchkit.errors import TranscriptError

#: Most units (lines, cues, rows, paragraphs, annotations) one transcript may have, in every format.
MAX_UNITS = 1_000_000


def check_unit_count(path: str | Path, count: int, unit: str, *, limit: int | None = None) -> None:
    """Refuse a transcript of more than :data:`MAX_UNITS` units (RK138).

    ``unit`` names what was counted, plural (``"cues (--> lines)"``, ``"rows"``). The limit is
    read at the call, so a test can lower :data:`MAX_UNITS`.

    Examples
    --------
    >>> check_unit_count("a.srt", 7, "cues (--> lines)", limit=7)
    >>> check_unit_count("a.srt", 8, "cues (--> lines)", limit=7)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    researchkit.errors.TranscriptError: [RK138] a.srt: has 8 cues (--> lines), more than the 7 units a transcript may have...
    """
    limit = MAX_UNITS if limit is None else limit
    if count > limit:
        raise TranscriptError(
            "RK138", path,
            f"has {count:,} {unit}, more than the {limit:,} units a transcript may have (each becomes a paragraph; "
            "so many would take gigabytes of memory to assemble)",
            hint="check that this is one transcript; split it into files of fewer units (one per interview or session)",
        )


@lru_cache(maxsize=64)
def _tag_pattern(names: tuple[bytes, ...]) -> re.Pattern[bytes]:
    alternatives = b"|".join(re.escape(name) for name in names)
    return re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:" + alternatives + rb")(?=[\s/>])")


def count_tags(data: bytes, *names: bytes, ignore_case: bool = False) -> int:
    """How many start tags of elements with these local names (any namespace prefix) ``data`` holds.

    Counted on the bytes, before any element is parsed; ``<p`` does not count ``<param``. A tag
    inside a comment or CDATA counts too (an upper bound, exact for the files tools write).

    Examples
    --------
    >>> count_tags(b"<u who='#A'>ja</u><u>nee</u><unclear/>", b"u")
    2
    >>> count_tags(b"<P>a<br>b<BR/>", b"p", b"br", ignore_case=True)
    3
    """
    if ignore_case:
        data = data.lower()
        names = tuple(name.lower() for name in names)
    return sum(1 for _ in _tag_pattern(names).finditer(data))


def check_records(path: str | Path, data: bytes) -> None:
    """Refuse a ``.csv``/``.tsv`` of more than :data:`MAX_UNITS` rows below its header (RK138) before a table is made of it.

    The line ends are counted first, in C; only when they are too many are the records counted as the
    ``csv`` module splits them (a quoted cell may hold line ends; blank lines are no rows).

    Examples
    --------
    >>> check_records("a.csv", b'speaker,text\\nA,"ja\\nnee"\\n\\nB,ok\\n')
    """
    if count_lines(data) - 1 > MAX_UNITS:
        text = data.decode("utf-8", errors="replace")
        records = sum(1 for record in csv.reader(io.StringIO(text, newline="")) if record)
        check_unit_count(path, records - 1, "rows below the header")


def count_tags_in_zip(data: bytes, member: str, *names: bytes, chunk: int = 1 << 20) -> int:
    """:func:`count_tags` over one member of a zip (``word/document.xml``), inflated a megabyte at a time.

    A member that is missing or does not inflate counts 0: the reader's own checks report it.

    Examples
    --------
    >>> import io, zipfile
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as z:
    ...     z.writestr("content.xml", "<text:p>a</text:p>" * 5)
    >>> count_tags_in_zip(buf.getvalue(), "content.xml", b"p", chunk=7)
    5
    """
    pattern, count, tail = _tag_pattern(names), 0, b""
    keep = 2 + max(len(name) for name in names) + 64  # a tag's start, prefix and name cut by a chunk's end
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(member) as stream:
            while True:
                block = stream.read(chunk)
                buffer = tail + block
                cut = len(buffer) - keep if block else len(buffer)
                count += sum(1 for m in pattern.finditer(buffer) if m.start() < cut)
                if not block:
                    return count
                tail = buffer[max(cut, 0):]
    except (KeyError, zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError, NotImplementedError, RuntimeError):
        return 0


def count_lines(text: str | bytes) -> int:
    """Lines of ``text`` (``\\n``, ``\\r\\n`` or ``\\r`` ends), counted in C without making a line.

    Examples
    --------
    >>> count_lines(b"a\\n\\nb\\n"), count_lines("")
    (3, 0)
    """
    nl, cr, crlf = ("\n", "\r", "\r\n") if isinstance(text, str) else (b"\n", b"\r", b"\r\n")
    ends = text.count(nl) + text.count(cr) - text.count(crlf)
    return ends + (0 if not text or text.endswith((nl, cr)) else 1)

"""NVivo's coding reports: a node's coded passages as Word or text, read into coded segments.

NVivo exports a code's coding ("Export Node", the "Coding Summary by Code" report) as a
document, not as a table::

    Name: Nodes\\\\Werk\\\\Samenwerking
    <Files\\\\Interview 01> - § 2 references coded  [3.12% Coverage]

    Reference 1 - 1.50% Coverage

    we werken goed samen met de douane

    Reference 2 - 1.62% Coverage
    ...

A ``Nodes\\\\...``/``Codes\\\\...`` line names the code, a ``<Files\\\\...>`` line the document,
and every ``Reference N - x% Coverage`` heading starts a passage that runs to the next
heading (German ``Referenz``/``Abdeckung``, Dutch ``Verwijzing``/``dekking`` too). A report
that names no code takes the file name as its code. A reference to an area of a PDF page or
a picture is written as its place (``Page 1 : (136,153) - (502,293)``), not as text: it is
read as a region coding, which the import report lists as not text.

Examples
--------
>>> lines = ["Nodes\\\\\\\\Werk\\\\\\\\Samenwerking", "<Files\\\\\\\\Interview 01> - § 1 reference coded [1.5% Coverage]",
...          "", "Reference 1 - 1.50% Coverage", "", "we werken goed samen"]
>>> [(s.document, s.codes, s.text, s.where) for s in report_segments(lines, default_code="x")]
[('Interview 01', ('Werk\\\\Samenwerking',), 'we werken goed samen', 'line 4')]
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from researchkit.errors import InputFileError, SegmentTableError
from researchkit.segtables.model import Segment, SegmentTable

__all__ = ["report_segments", "read_report", "looks_like_report"]

_REFERENCE = re.compile(r"^\s*(?:Reference|Referenz|Verwijzing|R[ée]f[ée]rence|Referencia)\s+\d+\s*[-\u2013\u2014]\s*"
                        r"[\d.,]+\s*%\s*(?:Coverage|Abdeckung|Dekking|Couverture|Cobertura)\s*$", re.IGNORECASE)
# matched against the stripped line: a lazy group before ``\s*$`` would take time quadratic in a run of spaces
_CODE = re.compile(r"(?:Name\s*:\s*)?(?:Nodes|Codes|Knoten|Knooppunten|Noeuds|Nodos)\s*\\+(.+)", re.IGNORECASE)
# a reference to an area of a PDF page or a picture, written instead of text: ``Page 1 : (136,153) - (502,293)``
_REGION = re.compile(r"(?:(?:Page|Seite|Pagina|P[áa]gina)\s+\d+\s*:\s*)?\(\s*\d+\s*,\s*\d+\s*\)\s*[-\u2013]\s*\(\s*\d+\s*,\s*\d+\s*\)",
                     re.IGNORECASE)
_DOCUMENT = re.compile(r"<?\s*(?:Files|Internals|Externals|Dateien|Bestanden|Interne|Fichiers|Archivos)\s*\\+", re.IGNORECASE)


def _code_of(line: str) -> str | None:
    """The code a ``Nodes\\\\Werk\\\\Samenwerking`` line names (``Werk\\Samenwerking``), else ``None``.

    Examples
    --------
    >>> _code_of("Name: Nodes\\\\Werk \\\\ Samenwerking  "), _code_of("Werk")
    ('Werk\\\\Samenwerking', None)
    """
    found = _CODE.fullmatch(line.strip())
    return "\\".join(part.strip() for part in re.split(r"\\+", found.group(1))) if found else None


def _document_of(line: str) -> str | None:
    """The document a ``<Files\\\\Interview 01> - § 2 references coded`` line names (``Interview 01``), else ``None``.

    Examples
    --------
    >>> _document_of("<Files\\\\Haven\\\\Interview 01> - § 2 references coded [3.12% Coverage]"), _document_of("Files")
    ('Interview 01', None)
    """
    line = line.strip()
    found = _DOCUMENT.match(line)
    if found is None or found.end() == len(line):
        return None
    rest = line[found.end():]
    before, mark, _ = rest.partition("§")
    if mark and before.rstrip().endswith(("-", "\u2013")):
        rest = before.rstrip()[:-1]
    rest = rest.rstrip()
    rest = rest[:-1] if rest.endswith(">") else rest
    return re.split(r"\\+", rest.strip())[-1].strip()


def report_segments(lines: Iterable[str], *, default_code: str, line_word: str = "line") -> list[Segment]:
    """The passages of an NVivo coding report given as its lines (or Word paragraphs).

    A passage's paragraphs are joined with ``\\n``; blank lines around it are dropped.
    """
    segments: list[Segment] = []
    code, document = default_code, ""
    open_at: int | None = None
    body: list[str] = []

    def close() -> None:
        if open_at is not None:
            text = "\n".join(body).strip()
            region = _REGION.fullmatch(text)
            segments.append(Segment(open_at, document, text, (code,), line=line_word,
                                    media="PDF or picture region" if region else "", ref=text if region else None))

    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if _REFERENCE.match(line):
            close()
            open_at, body = number, []
        elif _code_of(line) is not None:
            close()
            open_at = None
            code = _code_of(line) or code
        elif _document_of(line) is not None:
            close()
            open_at = None
            document = _document_of(line) or ""
        elif open_at is not None:
            body.append(line)
    close()
    return segments


def _text(path: Path, encoding: str | None) -> str:
    from researchkit.io.text import decode_bytes

    try:
        return decode_bytes(path.read_bytes(), path, encoding=encoding)[0].lstrip("\ufeff")
    except InputFileError as err:
        raise SegmentTableError("RK661", path, f"cannot be read as text ({err.message})", hint=err.hint) from None


def looks_like_report(path: Path, encoding: str | None = None) -> bool:
    """Whether a ``.txt`` file holds NVivo ``Reference N - x% Coverage`` headings.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "n.txt"
    >>> _ = p.write_text("Reference 1 - 2.35% Coverage\\n\\nde haven\\n", encoding="utf-8")
    >>> looks_like_report(p)
    True
    """
    return any(_REFERENCE.match(line) for line in _text(path, encoding).splitlines())


def _docx_paragraphs(path: Path) -> list[str]:
    import docx

    try:
        return [p.text for p in docx.Document(str(path)).paragraphs]
    except Exception as err:  # python-docx raises many types for damaged files
        raise SegmentTableError("RK661", path, f"cannot be read as a Word file ({type(err).__name__}: {err})",
                                hint="open it in Word and save it again as .docx, or export the report as text") from None


def read_report(path: str | Path, *, code: str | None = None, encoding: str | None = None,
                lines: list[str] | None = None) -> SegmentTable:
    """Read an NVivo coding report (``.docx`` or ``.txt``; ``lines``: an HTML page's lines) as a :class:`SegmentTable`.

    Raises
    ------
    SegmentTableError
        RK661 unreadable, RK663 no ``Reference N - x% Coverage`` heading in it.
    """
    p = Path(path)
    if lines is not None:
        word = "line"
    elif p.suffix.lower() == ".docx":
        lines, word = _docx_paragraphs(p), "paragraph"
    else:
        lines, word = _text(p, encoding).split("\n"), "line"
    segments = report_segments(lines, default_code=code or p.stem, line_word=word)
    if not segments:
        raise SegmentTableError("RK663", p, "holds no 'Reference 1 - 2.35% Coverage' heading (NVivo), no quotation heading "
                                "'1:5 ¶ 12 in Interview 01' (ATLAS.ti) and no source line 'Interview 01: 12 - 14 (0)' (MAXQDA), "
                                "so no coded passage",
                                hint="export the node's coding from NVivo (Export Node or a Coding Summary by Code report), "
                                     "ATLAS.ti's quotation report, MAXQDA's retrieved segments, or the coded segments as a table")
    table = SegmentTable(str(p), "NVivo", segments, {"Nodes\\...": "code", "<Files\\...>": "document",
                                                      "Reference N - x% Coverage": "passage"}, rows=len(segments))
    if not any(_code_of(line) is not None for line in lines):
        table.notes.append(f"no 'Nodes\\...' line names the code: the passages are coded {segments[0].codes[0]!r} (the file name)")
    missing = [s.where for s in segments if not s.document]
    if missing:
        table.notes.append(f"{len(missing)} passage(s) come before any '<Files\\...>' line, so no document is named ({', '.join(missing[:5])})")
    return table

"""The leak check: prove that no key term or identifier pattern reached an output.

:func:`check_outputs` reads reports and exports the way a reader would and reports
every key term and pattern hit, with its place:

``.docx``
    Body paragraphs (``paragraph 12``), table cells (``table 2, row 3, cell 1``),
    headers and footers, footnotes, endnotes, comments (text and author), image
    descriptions, hyperlink targets and the document properties.
``.md``, ``.txt``, ``.json``
    ``line:column``.
``.html``, ``.htm``
    ``line:column`` of the text and of every attribute value (``title="..."``), comments
    and script data included.
``.csv``, ``.tsv``
    ``line``, column name.
``.qdpx`` (REFI-QDA project)
    Treated as a zip archive: ``project.qde`` (XML: element text and attribute values,
    with lines), ``sources/*.txt`` and ``sources/*.docx``. Member names that are absolute
    or contain ``..``, and members that are too large or too highly compressed (zip
    bombs) are refused. ``.qde``/``.qdc``/``.xml`` files are read as XML.

Placeholder tokens (``[PERSOON-1]``, ``[naam]``, ``[TELEFOON]``) are never findings.
The command ``researchkit privacy check OUTPUT... --key KEY`` exits 1 with the
locations when something is found.

Examples
--------
>>> import tempfile, os
>>> from researchkit.privacy.key import KeyEntry, PrivacyKey
>>> p = os.path.join(tempfile.mkdtemp(), "report.md")
>>> _ = open(p, "w").write("# Rapport\\n\\nZoals [PERSOON-1] zei: bel Jansen.\\n")
>>> check_outputs([p], PrivacyKey([KeyEntry("Piet Jansen")]))[["location", "term", "text"]].values.tolist()
[['line 3:28', 'Piet Jansen', 'Jansen']]
"""

from __future__ import annotations

import bisect
import os
from array import array
from pathlib import Path
from typing import Any, Iterable, Sequence

import pandas as pd

from researchkit.errors import PrivacyError
from researchkit.privacy.detect import find_identifiers
from researchkit.privacy.key import PrivacyKey
from researchkit.privacy.leakread import MAX_MEMBER_BYTES, MAX_RATIO, MAX_TOTAL_BYTES, SEP, Segment, read_segments  # noqa: F401 - limits re-exported

__all__ = ["FINDING_COLUMNS", "CHECKED_SUFFIXES", "check_text", "check_file", "check_outputs", "format_findings"]

FINDING_COLUMNS = ["file", "location", "kind", "source", "term", "text"]
#: File types the leak check reads.
CHECKED_SUFFIXES: tuple[str, ...] = (".docx", ".md", ".markdown", ".txt", ".json", ".html", ".htm", ".csv", ".tsv",
                                     ".qdpx", ".qde", ".qdc", ".xml")
def _locate_piece(seg: Segment, offset: int) -> str:
    p = seg.pieces
    assert p is not None
    k = bisect.bisect_right(p.starts, offset) - 1
    if k < 0:
        return seg.location
    start, line, col = p.starts[k], p.lines[k], p.cols[k]
    if not p.entity[k]:
        newlines = seg.text.count("\n", start, offset)
        if newlines:
            line += newlines
            col = offset - seg.text.rfind("\n", start, offset)
        else:
            col += offset - start
    where = f"line {line}:{col}"
    return f"{seg.location}, {where}" if seg.location else where


def _locate(seg: Segment, offset: int) -> str:
    if seg.locator is not None:
        return seg.locator(offset)
    if seg.pieces is not None:
        return _locate_piece(seg, offset)
    if seg.line is None:
        return seg.location
    line = seg.line + seg.text.count("\n", 0, offset)
    last = seg.text.rfind("\n", 0, offset)
    col = offset - last if last >= 0 else seg.col + offset
    where = f"line {line}:{col}"
    return f"{seg.location}, {where}" if seg.location else where


def _findings(file: str, segments: Iterable[Segment], key: PrivacyKey | None, kinds: Any) -> list[dict]:
    """All findings of a file: one detection pass over its small segments joined, one per large text.

    A large segment (the text of an HTML page, a long Markdown file) is scanned on its own
    so that its text is not copied; the many small ones (cells, paragraphs, attributes)
    are joined by a separator that no key term or pattern spans.
    """
    kept: list[Segment] = [seg for seg in segments if seg.text]
    small = [seg for seg in kept if len(seg.text) < _LARGE]
    rows = _scan_joined(file, small, key, kinds)
    for seg in kept:
        if len(seg.text) >= _LARGE:
            rows.extend(_row(file, seg, h.start, h) for h in find_identifiers(seg.text, key, kinds=kinds))
    return rows


#: Segments of at least this many characters are scanned on their own (not copied into the joined text).
_LARGE = 1 << 20


def _row(file: str, seg: Segment, offset: int, h: Any) -> dict:
    return {"file": file, "location": _locate(seg, offset), "kind": h.kind, "source": h.source, "term": h.term,
            "text": h.text}


def _scan_joined(file: str, kept: list[Segment], key: PrivacyKey | None, kinds: Any) -> list[dict]:
    if not kept:
        return []
    starts = array("q")
    pos = 0
    for seg in kept:
        starts.append(pos)
        pos += len(seg.text) + len(SEP)
    joined = SEP.join(seg.text for seg in kept)
    rows = []
    for h in find_identifiers(joined, key, kinds=kinds):
        i = bisect.bisect_right(starts, h.start) - 1
        rows.append(_row(file, kept[i], h.start - starts[i], h))
    return rows


def check_text(
    text: str,
    key: PrivacyKey | None = None,
    *,
    kinds: Sequence[str] | str | None = None,
    name: str = "<text>",
) -> pd.DataFrame:
    """Findings in one text (located as ``line:column``).

    Examples
    --------
    >>> check_text("ok\\nbel 06-12345678")[["location", "kind"]].values.tolist()
    [['line 2:5', 'phone']]
    """
    return _frame(_findings(name, [Segment("", text, 1, 1)], key, kinds))


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def check_file(
    path: str | os.PathLike,
    key: PrivacyKey | None = None,
    *,
    kinds: Sequence[str] | str | None = None,
    name: str | None = None,
) -> pd.DataFrame:
    """Findings in one output file (see the module notes for the places reported).

    Raises
    ------
    PrivacyError
        ``RK651`` missing, unsupported or unreadable file; ``RK652`` unsafe archive;
        ``RK653`` unsafe or malformed XML.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "t.csv")
    >>> _ = open(p, "w").write("quote,who\\n\\"bel 06 1234 5678\\",R01\\n")
    >>> check_file(p)[["location", "kind", "text"]].values.tolist()
    [['line 2, column quote', 'phone', '06 1234 5678']]
    """
    frame, _skipped = _check_one(Path(path), key, kinds, name)
    return frame


def _check_one(path: Path, key: PrivacyKey | None, kinds: Any, name: str | None) -> tuple[pd.DataFrame, list[str]]:
    label = name or str(path)
    if not path.is_file():
        raise PrivacyError("RK651", f"{label}: file not found", hint="check the path of the output to check")
    if path.suffix.lower() not in CHECKED_SUFFIXES:
        raise PrivacyError("RK651", f"{label}: cannot check {path.suffix or 'files without a suffix'!r} files",
                           hint=f"the leak check reads {', '.join(CHECKED_SUFFIXES)}")
    segments, skipped = read_segments(path, label)
    return _frame(_findings(label, segments, key, kinds)), skipped


def check_outputs(
    paths: Sequence[str | os.PathLike] | str | os.PathLike,
    key: PrivacyKey | None = None,
    *,
    kinds: Sequence[str] | str | None = None,
    names: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Check report and export files (and folders, recursively) for key terms and identifier patterns.

    Parameters
    ----------
    paths
        Files or folders. In a folder, every file of a checked type is read; other
        files (images) are listed in ``attrs["skipped"]``; the key file itself is never
        read.
    key
        The pseudonymisation key (``None``: patterns only).
    kinds
        Pattern kinds (default all; ``"none"`` for key terms only).
    names
        Names to show instead of the paths (e.g. the final name of a temporary file).

    Returns
    -------
    pandas.DataFrame
        :data:`FINDING_COLUMNS` (``file, location, kind, source, term, text``), one row
        per hit, in file order; empty when the outputs are clean. ``attrs["checked"]``
        lists the files read, ``attrs["skipped"]`` what was not read (images, the key)
        and remarks (a text file that is not UTF-8 is checked as Windows-1252).

    Raises
    ------
    PrivacyError
        ``RK651`` for a missing path or a file type that cannot be checked, ``RK652``
        unsafe archive, ``RK653`` unsafe XML.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "page.html")
    >>> _ = open(p, "w").write('<p title="Zie IMO 9074729">schoon</p>')
    >>> check_outputs([p])[["location", "kind"]].values.tolist()
    [['line 1:1, <p> attribute title', 'imo']]
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = [Path(p) for p in paths]
    if names is not None and len(names) != len(paths):
        raise PrivacyError("RK579", f"{len(names)} names for {len(paths)} paths", hint="give one name per path, or none")
    key_path = key.path.resolve() if key is not None and key.path is not None else None
    files: list[tuple[Path, str]] = []
    skipped: list[str] = []
    for i, p in enumerate(paths):
        shown = names[i] if names is not None else str(p)
        if p.is_dir():
            for f in sorted(q for q in p.rglob("*") if q.is_file()):
                rel = f"{shown}/{f.relative_to(p).as_posix()}"
                if key_path is not None and f.resolve() == key_path:
                    skipped.append(f"{rel} (the key itself)")
                elif f.suffix.lower() in CHECKED_SUFFIXES:
                    files.append((f, rel))
                else:
                    skipped.append(f"{rel} (type {f.suffix or 'without suffix'} not checked)")
        elif not p.exists():
            raise PrivacyError("RK651", f"{shown}: not found", hint="check the paths of the outputs to check")
        else:
            files.append((p, shown))
    frames = []
    for f, shown in files:
        frame, more = _check_one(f, key, kinds, shown)
        frames.append(frame)
        skipped.extend(more)
    result = pd.concat(frames, ignore_index=True) if frames else _frame([])
    result = result.reindex(columns=FINDING_COLUMNS)
    result.attrs["checked"] = [shown for _f, shown in files]
    result.attrs["skipped"] = skipped
    return result


def format_findings(findings: pd.DataFrame, *, limit: int = 50) -> str:
    """Findings as readable lines: ``file: location: kind 'text' (term)``.

    Examples
    --------
    >>> f = pd.DataFrame([{"file": "r.md", "location": "line 3:5", "kind": "person", "source": "key",
    ...                    "term": "Piet Jansen", "text": "Jansen"}])
    >>> print(format_findings(f))
    r.md: line 3:5: person 'Jansen' (key term 'Piet Jansen')
    """
    lines = []
    for row in findings.head(limit).itertuples(index=False):
        what = f"key term {row.term!r}" if row.source == "key" else "pattern"
        lines.append(f"{row.file}: {row.location}: {row.kind} {row.text!r} ({what})")
    if len(findings) > limit:
        lines.append(f"... and {len(findings) - limit} more")
    return "\n".join(lines)

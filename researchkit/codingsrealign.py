"""Realigning codings kept in a CSV file after their transcripts were corrected.

:func:`realign` uses the pinned ``text`` column alone: each coding whose pinned text is no
longer at its offsets goes to the exact pinned text nearest its old place, else to the
closest passage (:func:`researchkit.project.anchoring.closest_match`) with its score.
:func:`realign_from_old` maps offsets from the transcripts the codings were made on
(:func:`researchkit.project.anchoring.reanchor`). Neither drops a row: a coding that
cannot be placed keeps its offsets and pinned text, is marked ``not placed`` in the
``realign`` column and listed by :func:`format_report`. Pure functions on a
:class:`~researchkit.codingsfile.CodingsTable`; reading and writing the file is
:mod:`researchkit.codingsfile`'s.

Examples
--------
>>> from researchkit.codingsfile import parse_codings_csv
>>> table = parse_codings_csv(b"doc_id,start,end,code,text\\nR01,3,8,SIG,Ja de\\n", "anna.csv")
>>> moved, report = realign(table, {"R01": "R: Goed. Ja de haven."})
>>> print(format_report(report))
row 2 (R01, SIG): moved 3-8 -> 9-14
1 coding(s): 1 moved
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from researchkit.codingsfile import Coding, CodingsTable, codings_of, fit_problem, raise_problems, short
from researchkit.errors import CodingsFileError
from researchkit.project.anchoring import closest_match, find_quote, fold, occurrences, reanchor

__all__ = ["Realigned", "realign", "realign_from_old", "format_report", "report_rows", "write_report", "STATUS_WORDS",
           "MARK_COLUMN", "REPORT_COLUMNS"]

#: The column :func:`realign` marks codings in that need a look (edited passage, not placed).
MARK_COLUMN = "realign"
#: How the report words each status.
STATUS_WORDS = {"unchanged": "unchanged", "moved": "moved", "edited": "moved with edited passage", "unplaced": "not placed"}
#: The columns of the report file (:func:`write_report`), one row per coding.
REPORT_COLUMNS = ("row", "doc_id", "code", "old_start", "old_end", "start", "end", "status", "score", "reason")
#: How the report file words each status.
REPORT_STATUS = {"unchanged": "unchanged", "moved": "moved", "edited": "edited", "unplaced": "not placed"}
_FUZZY_CHARS = 500  # closest_match compares a quote by its first 500 folded characters


@dataclass(frozen=True)
class Realigned:
    """What :func:`realign` did with one coding.

    Attributes
    ----------
    row, doc_id, code
        The data row (0-based), its document and code.
    status
        ``unchanged``, ``moved``, ``edited`` (moved, and the passage itself was edited) or ``unplaced``.
    old_start, old_end, start, end
        Offsets before and after (the old ones for ``unplaced``).
    score
        Similarity of the pinned and the new passage (0-1) for ``edited``; for ``unplaced`` that of the closest passage, if any.
    passage
        The new passage (for ``unplaced``: the pinned text, kept).
    reason
        Why a coding was not placed.
    """

    row: int
    doc_id: str
    code: str
    status: str
    old_start: int
    old_end: int
    start: int
    end: int
    score: float | None = None
    passage: str = ""
    reason: str = ""

    def describe(self, table: CodingsTable | None = None) -> str:
        """One line of the report.

        Examples
        --------
        >>> Realigned(0, "R01", "SIG", "edited", 3, 8, 9, 15, 0.91, "Ja, de").describe()
        "row 2 (R01, SIG): moved with edited passage 3-8 -> 9-15 (score 0.91): 'Ja, de'"
        """
        where = f"row {self.row + 2} ({self.doc_id}, {self.code})"
        word = STATUS_WORDS[self.status]
        if self.status == "unchanged":
            return f"{where}: unchanged {self.start}-{self.end}"
        if self.status == "moved":
            return f"{where}: moved {self.old_start}-{self.old_end} -> {self.start}-{self.end}"
        if self.status == "edited":
            return f"{where}: {word} {self.old_start}-{self.old_end} -> {self.start}-{self.end} (score {self.score:.2f}): {short(self.passage)!r}"
        return f"{where}: NOT PLACED, kept at {self.old_start}-{self.old_end} and marked: {self.reason}"



def _ratio(a: str, b: str) -> float:
    """Similarity of two passages as :func:`~researchkit.project.anchoring.closest_match` scores it (folded, lower case)."""
    return difflib.SequenceMatcher(None, fold(a, casefold=True).text, fold(b, casefold=True).text, autojunk=False).ratio()


def _nearest(spans: Iterable[tuple[int, int]], old_start: int) -> tuple[tuple[int, int] | None, list[tuple[int, int]]]:
    """The span nearest ``old_start`` (``None`` when two are equally near), and the spans that tie for nearest."""
    spans = sorted(spans, key=lambda sp: (abs(sp[0] - old_start), sp[0]))
    if not spans:
        return None, []
    tied = [sp for sp in spans if abs(sp[0] - old_start) == abs(spans[0][0] - old_start)]
    return (spans[0] if len(tied) == 1 else None), tied


def _closest(text: str, pinned: str, folded: dict) -> list[tuple[int, int, float]]:
    """Candidate passages for an edited ``pinned`` text, best first: :func:`closest_match`, whose quotes are compared
    by their first 500 characters; a longer passage ends where the closest match of its last 500 characters ends."""
    found = closest_match(text, pinned, n=3, folded=folded)
    if len(fold(pinned).text) <= _FUZZY_CHARS:
        return found
    out = []
    for start, _, _ in found:
        window = text[start : start + 2 * len(pinned)]
        tail = closest_match(window, pinned[-_FUZZY_CHARS:], n=1)
        if tail and tail[0][1] > 0:
            start, end = _snap(text, start, start + tail[0][1], pinned)
            out.append((start, end, _ratio(pinned, text[start:end])))
    return sorted(out, key=lambda t: (-t[2], t[0]))


def _snap(text: str, start: int, end: int, pinned: str) -> tuple[int, int]:
    """Edges of a found passage moved onto the pinned text's own first and last words where they occur close by
    (:func:`closest_match` places the edges of a long passage only to within a word or two).

    Examples
    --------
    >>> text = "R: een twee drie vier vijf zes zeven acht"
    >>> _snap(text, 7, 41, "twee drie vier viif zes zeven")
    (7, 36)
    """
    k = max(1, min(40, len(pinned) // 4))
    near = 2 * k

    def closest(spots: list[int], target: int) -> int:
        spots = [p for p in spots if abs(p - target) <= near]
        return min(spots, key=lambda p: (abs(p - target), p)) if spots else target

    new_start = closest(occurrences(text, pinned[:k]), start)
    new_end = closest([h + k for h in occurrences(text, pinned[-k:])], end)
    return (new_start, new_end) if new_start < new_end else (start, end)


def _trim(text: str, start: int, end: int, pinned: str) -> tuple[int, int]:
    """A found passage without the punctuation and spaces at its edges that the pinned text does not have there.

    :func:`closest_match` widens a passage to whole space-separated words, so ``samen.``
    comes with its full stop where the pinned text ends in ``samen``.

    Examples
    --------
    >>> _trim("R: goed samen. Ja", 3, 14, "goed samen")
    (3, 13)
    """
    def loose(ch: str) -> bool:
        return ch.isspace() or unicodedata.category(ch).startswith("P")

    while end - start > 1 and loose(text[end - 1]) and not pinned.endswith(text[end - 1]):
        end -= 1
    while end - start > 1 and loose(text[start]) and not pinned.startswith(text[start]):
        start += 1
    return start, end


def _place(text: str, coding: Coding, folded: dict, min_score: float, old: int) -> tuple[str, int, int, float | None, str]:
    """``(status, start, end, score, reason)`` of one pinned coding in the current ``text``; ``old`` is where it is
    expected (its old start, shifted as far as the codings around it moved)."""
    pinned = coding.text or ""
    if text[coding.start : coding.end] == pinned:
        return "unchanged", coding.start, coding.end, None, ""
    best, tied = _nearest(((h, h + len(pinned)) for h in occurrences(text, pinned)), old)
    if best is not None:
        return "moved", best[0], best[1], None, ""
    if tied:
        places = " and ".join(f"{s}-{e}" for s, e in tied[:2])
        return "unplaced", coding.start, coding.end, 1.0, f"the pinned text occurs at {places}, equally near where it is expected ({old})"
    best, tied = _nearest(find_quote(text, pinned, folded=folded), old)  # same words; quote marks, dashes, spaces changed
    if best is not None and _ratio(pinned, text[best[0]:best[1]]) >= min_score:
        return "edited", best[0], best[1], round(_ratio(pinned, text[best[0]:best[1]]), 4), ""
    candidates = _closest(text, pinned, folded)
    if not candidates:
        return "unplaced", coding.start, coding.end, None, "nothing in the transcript is like the pinned text"
    top = [c for c in candidates if c[2] == candidates[0][2]]
    s, e, score = min(top, key=lambda c: (abs(c[0] - old), c[0]))
    trimmed = _trim(text, s, e, pinned)
    if trimmed != (s, e) and _ratio(pinned, text[trimmed[0]:trimmed[1]]) >= score:
        (s, e), score = trimmed, _ratio(pinned, text[trimmed[0]:trimmed[1]])
    if score >= min_score:
        return "edited", s, e, round(score, 4), ""
    return ("unplaced", coding.start, coding.end, round(score, 4),
            f"the closest passage {short(text[s:e], 50)!r} ({s}-{e}) scores {score:.2f}, below {min_score:.2f}")


def _check_score(value: float) -> None:
    if not 0.0 < value <= 1.0:
        raise CodingsFileError("RK668", "realign", f"minimum score {value!r} is not between 0 and 1",
                               hint="give e.g. --min-score 0.8 (1.0 accepts only unchanged passages)")


def _unplaced(coding: Coding, reason: str, score: float | None = None) -> Realigned:
    return Realigned(coding.row, coding.doc_id, coding.code, "unplaced", coding.start, coding.end, coding.start,
                     coding.end, score, coding.text or "", reason)


def realign(table: CodingsTable, texts: Mapping[str, str], *, min_score: float = 0.8) -> tuple[CodingsTable, list[Realigned]]:
    """Move every coding whose pinned ``text`` is no longer at its offsets in the current ``texts``.

    In order: the pinned text at its offsets (``unchanged``); the exact pinned text when
    it occurs once, else the occurrence nearest the old offset shifted as far as the
    nearest coding before it moved (``moved``; two equally near are ``unplaced``); the same words
    with other quote marks, dashes or spacing (:func:`~researchkit.project.anchoring.find_quote`),
    else the closest passage (:func:`~researchkit.project.anchoring.closest_match`) when it
    scores at least ``min_score`` (``edited``: the ``text`` column gets the new passage);
    anything else is ``unplaced``: the row keeps its offsets and pinned text (so the run
    refuses it until it is fixed) and is marked in the ``realign`` column.

    Raises
    ------
    CodingsFileError
        ``RK667`` the file has no ``text`` column (pin it, or use :func:`realign_from_old`);
        ``RK339`` offsets that are no whole numbers; ``RK668`` ``min_score`` not in (0, 1].

    Examples
    --------
    >>> from researchkit.codingsfile import parse_codings_csv
    >>> t = parse_codings_csv(b"doc_id,start,end,code,text\\nR1,3,24,A,wij werkten goed samen\\n", "x.csv")
    >>> new, report = realign(t, {"R1": "R: Nou, wij werken goed samen."})
    >>> report[0].describe()
    "row 2 (R1, A): moved with edited passage 3-24 -> 8-29 (score 0.98): 'wij werken goed samen'"
    >>> new.cell(0, "text"), new.cell(0, "realign")
    ('wij werken goed samen', 'edited 0.98')
    """
    _check_score(min_score)
    if table.column("text") is None:
        raise CodingsFileError("RK667", table.name, "no 'text' column: the codings hold no pinned passages to look for",
                               hint="realign with --old-transcripts DIR (the transcripts the codings were made on), or "
                                    "pin the file against those transcripts first (researchkit code pin)")
    codings, problems = codings_of(table)
    raise_problems(table, problems, "fix the offsets of these rows")
    placed: dict[int, Realigned] = {}
    by_doc: dict[str, list[Coding]] = {}
    for coding in codings:
        if coding.doc_id not in texts:
            placed[coding.row] = _unplaced(coding, f"doc_id {coding.doc_id!r} is not among the transcripts")
        elif coding.text is None:
            placed[coding.row] = _unplaced(coding, "no pinned text in this row (pin it against the transcript it was coded on)")
        else:
            by_doc.setdefault(coding.doc_id, []).append(coding)
    for doc_id, items in by_doc.items():
        placed.update(_realign_document(texts[doc_id], items, min_score))
    report = [placed[c.row] for c in codings]
    return _apply(table, report), report


def _realign_document(text: str, codings: list[Coding], min_score: float) -> dict[int, Realigned]:
    """Place one document's pinned codings: first those at their offsets or whose text occurs once, then the others
    near their old start shifted as far as the nearest coding placed before them (by old start) moved."""
    out: dict[int, Realigned] = {}

    def record(coding: Coding, status: str, start: int, end: int, score: float | None = None, reason: str = "") -> None:
        passage = coding.text if status == "unplaced" else text[start:end]
        out[coding.row] = Realigned(coding.row, coding.doc_id, coding.code, status, coding.start, coding.end, start, end,
                                    score, passage or "", reason)

    pending = []
    for coding in codings:
        hits = occurrences(text, coding.text or "")
        if text[coding.start : coding.end] == coding.text:
            record(coding, "unchanged", coding.start, coding.end)
        elif len(hits) == 1:
            record(coding, "moved", hits[0], hits[0] + len(coding.text or ""))
        else:
            pending.append(coding)
    anchors = sorted((r.old_start, r.start - r.old_start) for r in out.values())
    folded: dict = {}
    for coding in pending:
        before = [shift for start, shift in anchors if start <= coding.start]
        shift = before[-1] if before else (anchors[0][1] if anchors else 0)
        record(coding, *_place(text, coding, folded, min_score, coding.start + shift))
    return out


def realign_from_old(table: CodingsTable, old_texts: Mapping[str, str], texts: Mapping[str, str], *,
                     min_score: float = 0.8) -> tuple[CodingsTable, list[Realigned]]:
    """Move codings made on ``old_texts`` onto the corrected ``texts`` (:func:`~researchkit.project.anchoring.reanchor`).

    A file without a ``text`` column works too; the result is pinned (its ``text`` column
    holds each coding's new passage, or for a coding not placed the passage it was made on).

    Raises
    ------
    CodingsFileError
        ``RK339`` listing rows that do not fit the old transcripts (or whose pinned text is
        not their passage there: those are not the transcripts the codings were made on).

    Examples
    --------
    >>> from researchkit.codingsfile import parse_codings_csv
    >>> t = parse_codings_csv(b"doc_id,start,end,code\\nR1,3,8,A\\n", "x.csv")
    >>> new, report = realign_from_old(t, {"R1": "R: de haven"}, {"R1": "R: in de haven"})
    >>> report[0].status, new.rows[0]
    ('moved', ('R1', '6', '11', 'A', 'de ha'))
    """
    _check_score(min_score)
    codings, problems = codings_of(table)
    for coding in codings:
        problem = fit_problem(table, coding, old_texts, "old transcript")
        if problem is None and coding.text is not None and coding.text != old_texts[coding.doc_id][coding.start : coding.end]:
            problem = (f"row {table.file_row(coding.row)}: pinned text {short(coding.text, 40)!r} is not the old "
                       f"transcript's passage {short(old_texts[coding.doc_id][coding.start:coding.end], 40)!r}")
        if problem:
            problems.append(problem)
    raise_problems(table, problems, "give as --old-transcripts the transcripts the codings were made on")
    by_doc: dict[str, list[Coding]] = {}
    for coding in codings:
        by_doc.setdefault(coding.doc_id, []).append(coding)
    placed: dict[int, Realigned] = {}
    for doc_id, items in by_doc.items():
        old = old_texts[doc_id]
        if doc_id not in texts:
            for c in items:
                placed[c.row] = _unplaced(replace(c, text=old[c.start:c.end]), f"doc_id {doc_id!r} is not among the current transcripts")
            continue
        new = texts[doc_id]
        for c, p in zip(items, reanchor(old, new, [(str(c.row), c.start, c.end) for c in items], min_ratio=min_score)):
            if p.status == "unplaced":
                placed[c.row] = _unplaced(replace(c, text=p.old_text), "no safe place in the corrected transcript (its "
                                          "passage was rewritten or removed, or occurs more than once)")
            else:
                score = round(_ratio(p.old_text, p.new_text or ""), 4) if p.status == "edited" else None
                placed[c.row] = Realigned(c.row, doc_id, c.code, p.status, c.start, c.end, p.start, p.end, score, p.new_text or "")
    report = [placed[c.row] for c in codings]
    return _apply(table, report), report


def _apply(table: CodingsTable, report: list[Realigned]) -> CodingsTable:
    """The table with the report's offsets and passages, and the ``realign`` column when a coding needs a look."""
    n = len(table.rows)
    starts, ends, texts, marks = ([None] * n for _ in range(4))
    for r in report:
        starts[r.row], ends[r.row], texts[r.row] = str(r.start), str(r.end), r.passage
        marks[r.row] = {"edited": f"edited {r.score:.2f}" if r.score is not None else "edited", "unplaced": "not placed"}.get(r.status, r.status)
    out = table.with_column("start", starts).with_column("end", ends).with_column("text", texts)
    if table.column(MARK_COLUMN) is not None or any(r.status in ("edited", "unplaced") for r in report):
        out = out.with_column(MARK_COLUMN, marks)
    return out


def format_report(report: Sequence[Realigned]) -> str:
    """The report: one line per coding, then the counts (codings not placed listed again at the end).

    Examples
    --------
    >>> print(format_report([Realigned(0, "R1", "A", "moved", 3, 8, 6, 11)]))
    row 2 (R1, A): moved 3-8 -> 6-11
    1 coding(s): 1 moved
    """
    lines = [r.describe() for r in report]
    counts = {s: sum(1 for r in report if r.status == s) for s in STATUS_WORDS}
    lines.append(f"{len(report)} coding(s): " + ", ".join(f"{n} {STATUS_WORDS[s]}" for s, n in counts.items() if n))
    unplaced = [r for r in report if r.status == "unplaced"]
    if unplaced:
        lines.append(f"not placed ({len(unplaced)}; kept with their old offsets, marked 'not placed' in the "
                     f"'{MARK_COLUMN}' column): rows " + ", ".join(str(r.row + 2) for r in unplaced))
    return "\n".join(lines)


def report_rows(report: Sequence[Realigned], table: CodingsTable | None = None) -> list[dict[str, str]]:
    """The report as rows of text, one per coding in the file's order (:data:`REPORT_COLUMNS`): the coding's row
    number in the input file (as a spreadsheet program shows it, the header being row 1), document, code, offsets
    before and after (a coding not placed keeps its old ones), status (``unchanged``, ``moved``, ``edited``,
    ``not placed``), score (0-1, four decimals; empty when there is none) and why a coding was not placed.

    Examples
    --------
    >>> report_rows([Realigned(0, "R1", "A", "edited", 3, 8, 6, 12, 0.9167, "de hav")])
    [{'row': '2', 'doc_id': 'R1', 'code': 'A', 'old_start': '3', 'old_end': '8', 'start': '6', 'end': '12', \
'status': 'edited', 'score': '0.9167', 'reason': ''}]
    """
    def number(row: int) -> int:
        return table.file_row(row) if table is not None else row + 2

    return [{"row": str(number(r.row)), "doc_id": r.doc_id, "code": r.code, "old_start": str(r.old_start),
             "old_end": str(r.old_end), "start": str(r.start), "end": str(r.end), "status": REPORT_STATUS[r.status],
             "score": "" if r.score is None else f"{r.score:.4f}", "reason": r.reason} for r in report]


def write_report(report: Sequence[Realigned], path: str | Path, table: CodingsTable | None = None) -> Path:
    """Write the report as a UTF-8 CSV file (:func:`report_rows`), atomically; the same report gives the same bytes.

    Cells a spreadsheet program would run as a formula are written as text (:func:`researchkit.fileio.write_csv`).

    Examples
    --------
    >>> import tempfile, os
    >>> p = write_report([Realigned(0, "R1", "A", "moved", 3, 8, 6, 11)], os.path.join(tempfile.mkdtemp(), "r.csv"))
    >>> print(p.read_text(encoding="utf-8"), end="")
    row,doc_id,code,old_start,old_end,start,end,status,score,reason
    2,R1,A,3,8,6,11,moved,,
    """
    import pandas as pd

    from researchkit.fileio import write_csv

    frame = pd.DataFrame(report_rows(report, table), columns=list(REPORT_COLUMNS), dtype=object)
    return write_csv(frame, path)

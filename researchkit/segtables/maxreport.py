"""MAXQDA's retrieved segments exported as a document (Word, RTF saved as Word, HTML, text) into coded segments.

MAXQDA shows every retrieved segment with its *source information*: the document (after
its document group), the segment's position in paragraphs, and the code with the segment's
weight in brackets behind it (MAXQDA manual, "Weight scores": "displayed behind the code
name in brackets"). Exported as a document, each segment is its text and that source line.
Two source lines are recognised:

* ``Interviews\\Interview 01: 12 - 14 (0)`` (document group, document, first and last
  paragraph, the weight);
* ``Interview 01, Pos. 12-14`` (``Pos. 12``; also ``Position``, ``Abs.``/``Absatz``, ``Par.``).

The code is a ``Code: Werk\\Samenwerking`` line (``Kode:``) beside the source line, or,
when the source line carries no weight, the line beside it that ends in the weight
(``Werk\\Samenwerking (0)``). Whether the text comes after each source line or before it is
read from the file: text after the last source line means each source line heads its
segment, none means each closes one. A segment's paragraphs are joined with ``\\n``. Lines
above the first source line are the report's title when the text follows the source lines;
when it precedes them, only a first line that is MAXQDA's title of the list (``Retrieved
segments``, ``Liste der codierten Segmente``, ``Gecodeerde segmenten`` ...) is set aside.

Examples
--------
>>> lines = ["Retrieved segments", "Interviews\\\\Interview 01: 3 - 3 (0)", "Code: Haven\\\\Klein", "De haven is klein."]
>>> [(s.document, s.codes, s.text, s.start, s.end) for s in maxqda_segments(lines)[0]]
[('Interview 01', ('Haven\\\\Klein',), 'De haven is klein.', 3, 3)]
"""

from __future__ import annotations

import re
from typing import Sequence

from researchkit.segtables.model import Segment

__all__ = ["maxqda_source", "maxqda_segments"]

_LINE_MAX = 400
_WEIGHT = r"(?:\s*\((?P<w>\d{1,3})\))?"
#: ``Group\\Document: 12 - 14 (0)``: a range or a weight is required (``I: 12`` is speech, not a source line).
_COLON = re.compile(r"(?P<doc>[^:\n]{1,300}):\s*(?P<s>\d{1,9})(?:\s*[-\u2013]\s*(?P<e>\d{1,9}))?" + _WEIGHT)
#: ``Document, Pos. 12-14``.
_POS = re.compile(r"(?P<doc>[^\n]{1,300}?),\s*(?:Pos\.?|Position|Abs\.?|Absatz|Par\.?|Para\.?|Paragraph|Alinea)\s*"
                  r"(?P<s>\d{1,9})(?:\s*[-\u2013]\s*(?P<e>\d{1,9}))?" + _WEIGHT)
_CODE = re.compile(r"(?:Code|Kode|Codes)\s*:\s*(?P<code>\S.*?)" + _WEIGHT)
_BARE_CODE = re.compile(r"(?P<code>[^.!?\n]{1,200}?)\s*\((?P<w>\d{1,3})\)")
#: The title MAXQDA's window and exports give the list (English, German, Dutch; older and newer names): set aside
#: at the top of the file whichever side of its source line a segment's text is.
_TITLE = re.compile(r"(?:retrieved segments|coded segments|liste der codings|liste der codierten segmente|"
                    r"codierte segmente|gecodeerde segmenten|opgehaalde segmenten|lijst van gecodeerde segmenten)\b.{0,200}",
                    re.IGNORECASE)


def maxqda_source(line: str) -> dict | None:
    """``document``, ``start``, ``end``, ``weight`` of a source line, else ``None``.

    Examples
    --------
    >>> maxqda_source("Interviews\\\\Interview 01: 12 - 14 (0)")
    {'document': 'Interview 01', 'start': 12, 'end': 14, 'weight': 0}
    >>> maxqda_source("Interview 01, Pos. 7")
    {'document': 'Interview 01', 'start': 7, 'end': 7, 'weight': None}
    >>> maxqda_source("I: 12"), maxqda_source("R: de haven: 12 boten")
    (None, None)
    """
    line = line.strip()
    if not line or len(line) > _LINE_MAX:
        return None
    found = _POS.fullmatch(line)
    if found is None:
        found = _COLON.fullmatch(line)
        if found is None or (found.group("e") is None and found.group("w") is None):
            return None
    start = int(found.group("s"))
    document = re.split(r"\\+", found.group("doc").strip())[-1].strip()
    if not document:
        return None
    return {"document": document, "start": start, "end": int(found.group("e") or start),
            "weight": int(found.group("w")) if found.group("w") is not None else None}


def _code_line(line: str, source: dict) -> str | None:
    line = line.strip()
    if not line or len(line) > _LINE_MAX:
        return None
    found = _CODE.fullmatch(line)
    if found:
        return found.group("code").strip()
    if source["weight"] is None:
        bare = _BARE_CODE.fullmatch(line)
        if bare and maxqda_source(line) is None:
            return bare.group("code").strip()
    return None


def _neighbour(lines: Sequence[str], at: int, step: int, stop: int) -> int | None:
    k = at + step
    while 0 <= k < len(lines) and k != stop and not lines[k].strip():
        k += step
    return k if 0 <= k < len(lines) and k != stop else None


def maxqda_segments(lines: Sequence[str], *, line_word: str = "line") -> tuple[list[Segment], list[str]]:
    """The segments of a MAXQDA retrieved-segments document given as its lines, and notes."""
    sources = [(n, s) for n, s in ((n, maxqda_source(line)) for n, line in enumerate(lines)) if s]
    if not sources:
        return [], []
    codes: dict[int, tuple[int, str]] = {}
    used: set[int] = set()
    for k, (n, source) in enumerate(sources):
        for step in (1, -1):
            stop = sources[k + step][0] if 0 <= k + step < len(sources) else -2
            near = _neighbour(lines, n, step, stop)
            if near is not None and near not in used:
                code = _code_line(lines[near], source)
                if code:
                    codes[n] = (near, code)
                    used.add(near)
                    break
    first = next((j for j in range(len(lines)) if lines[j].strip()), 0)
    title = {first} if first < sources[0][0] and first not in used and _TITLE.fullmatch(lines[first].strip()) else set()
    taken = {n for n, _ in sources} | used | title
    last = sources[-1][0]
    after = any(lines[k].strip() for k in range(last + 1, len(lines)) if k not in taken)
    segments: list[Segment] = []
    for k, (n, source) in enumerate(sources):
        if after:
            lo, hi = n + 1, sources[k + 1][0] if k + 1 < len(sources) else len(lines)
        else:
            lo, hi = (sources[k - 1][0] + 1 if k else 0), n
        body = [lines[j].strip() for j in range(lo, hi) if j not in taken and lines[j].strip()]
        code = codes.get(n)
        segments.append(Segment(n + 1, source["document"], "\n".join(body), (code[1],) if code else (), start=source["start"],
                                end=source["end"], unit="paragraph", line=line_word))
    notes = []
    above = [j for j in range(0, sources[0][0]) if lines[j].strip() and (j in title or (after and j not in taken))]
    if above:
        notes.append(f"{len(above)} line(s) above the first source line set aside as the report's title")
    return segments, notes

"""Reader for YouTube's ``.sbv`` captions (SubViewer as YouTube Studio downloads them).

Each cue is a line with its start and end, then its text lines, then a blank line::

    0:00:01.000,0:00:04.000
    Interviewer: Where were you born?

    0:00:04.500,0:00:07.250
    >> In Urk.

Times are ``H:MM:SS.mmm`` (hours of one or more digits, a fraction of one to three digits). The
cues go through the one cue → turn assembly of :mod:`researchkit.io.subtitles`: a ``Name:`` prefix
names the speaker, a cue without one continues the speaker before. YouTube's ``>>`` (a new,
unnamed speaker) stays in the text as written. Encodings are detected as for text files; a
byte-order mark and CRLF line ends are normalised. A block that does not start with a time line is
RK125 naming its line.

Examples
--------
>>> from researchkit.transcripts import Source
>>> data = b"0:00:01.000,0:00:04.000\\nInterviewer: Where?\\n\\n0:00:04.500,0:00:07.250\\nRespondent: In Urk.\\n"
>>> t = read_sbv("R1.sbv", data, doc_id="R1", source=Source("R1.sbv", "0"))
>>> [(turn.speaker, turn.timestamp, t.turn_text(turn)) for turn in t.turns]
[('Interviewer', 1.0, 'Where?'), ('Respondent', 4.5, 'In Urk.')]
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.io.limits import check_unit_count
from researchkit.io.subtitles import Cue, cues_to_transcript
from researchkit.io.text import decode_text
from researchkit.transcripts import Source, Transcript, canonical_text

__all__ = ["read_sbv", "sbv_cues", "parse_sbv_time"]

_TIME = r"(\d{1,3}):([0-5]\d):([0-5]\d)(?:\.(\d{1,3}))?"
_TIME_LINE = re.compile(rf"\s*(?P<start>{_TIME})\s*,\s*(?P<end>{_TIME})\s*")
_CUE_START = re.compile(rf"^[ \t]*{_TIME}[ \t]*,", re.M)


def parse_sbv_time(value: str) -> float | None:
    """Seconds of an SBV time (``0:01:02.500``), ``None`` if it is not one.

    Examples
    --------
    >>> parse_sbv_time("0:01:02.500"), parse_sbv_time("1:00:00.5"), parse_sbv_time("0:61:00.000")
    (62.5, 3600.5, None)
    """
    m = re.fullmatch(_TIME, value.strip())
    if m is None:
        return None
    fraction = m.group(4) or ""
    seconds = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))
    return round(seconds + (int(fraction) / 10 ** len(fraction) if fraction else 0.0), 3)


def sbv_cues(path: str | Path, text: str) -> tuple[list[Cue], int]:
    """The cues of SBV text, and how many cues had no text.

    Raises
    ------
    TranscriptError
        RK125 for a block whose first line is not ``start,end``.

    Examples
    --------
    >>> cues, empty = sbv_cues("a.sbv", "0:00:01.000,0:00:02.000\\nHi\\nthere\\n\\n0:00:03.000,0:00:04.000\\n")
    >>> [(c.text, c.start, c.end, c.location) for c in cues], empty
    ([('Hi\\nthere', 1.0, 2.0, 'line 1 (0:00:01.000)')], 1)
    """
    lines = canonical_text(text).lstrip("\ufeff").split("\n")
    cues: list[Cue] = []
    empty = 0
    number = 0
    while number < len(lines):
        if not lines[number].strip():
            number += 1
            continue
        m = _TIME_LINE.fullmatch(lines[number])
        if m is None:
            shown = lines[number].strip()[:60]
            raise TranscriptError(
                "RK125", path, f"a cue must start with its times (0:00:01.000,0:00:04.000), found {shown!r}",
                location=f"line {number + 1}",
                hint="check the blank line between cues and the time line above this one, or download the captions again",
            )
        first = number
        number += 1
        body = []
        while number < len(lines) and lines[number].strip():
            body.append(lines[number].strip())
            number += 1
        if not body:
            empty += 1
            continue
        start, end = m.group("start"), m.group("end")
        cues.append(Cue("\n".join(body), parse_sbv_time(start), parse_sbv_time(end), location=f"line {first + 1} ({start})",
                        timing=f"line {first + 1} ({start},{end})"))
    return cues, empty


def read_sbv(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> Transcript:
    """Read a ``.sbv`` caption file from its bytes (see the module docstring).

    Raises
    ------
    TranscriptError
        RK125 for a malformed cue, RK104 for a file without cue text.
    """
    text, used, decode_notes = decode_text(data, path, encoding=encoding).parts()
    check_unit_count(path, sum(1 for _ in _CUE_START.finditer(text)), "cues (lines of times)")
    cues, empty = sbv_cues(path, text)
    notes = decode_notes
    if empty:
        notes.append(f"{empty} cue(s) have times but no text")
    return cues_to_transcript(path, cues, doc_id=doc_id, source=Source(source.path, source.sha256, "sbv", used),
                              labels=labels, notes=notes)

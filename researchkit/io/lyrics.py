"""Reader for ``.lrc`` timed transcripts (the lyrics format, as whisper.cpp's ``--output-lrc`` writes it).

An LRC file has one line per segment, the time in square brackets first::

    [ti:Interview 4]
    [by:whisper.cpp]
    [00:00.00] Interviewer: Where were you born?
    [00:03.52] Respondent: In Urk.
    [01:02:03.00](speaker 1) And then?

- **ID tags** at the top (``[ti:...]`` title, ``[ar:...]`` artist, ``[al:...]`` album,
  ``[au:...]`` author, ``[by:...]`` who made the file, ``[length:...]``, ``[offset:...]``,
  ``[re:...]``/``[ve:...]`` the program and its version, ``[#:...]`` a comment) become
  attributes (``title``, ``artist``, ``album``, ``author``, ``by``, ``length``, ``offset``,
  ``tool``, ``tool_version``, ``comment``; other tags under their own name) and leave the
  text, as a text file's ``Key: value`` header does.
- **Times**: ``[mm:ss]``, ``[mm:ss.xx]``, ``[mm:ss.xxx]``, minutes above 99
  (``[105:23.00]``, whisper.cpp on a long recording) and ``[h:mm:ss.xx]``; a line with
  several times (``[00:12.00][00:45.00] text``, a repeated chorus) takes the first and a note
  says so. The time stays in the text, outside the turn; it is the turn's timestamp. A time
  that is none (``[00:99.00]``, seconds of 60 or more) stays there too, but gives no turn a
  time; a note names its line.
- **Speakers** after the time: ``Speaker: text`` (any label the transcripts' grammar knows)
  and whisper.cpp's diarization ``(speaker 0)``, ``(speaker ?)``. Lines of one speaker
  without a new label continue the turn; a file without labels is one turn per line.
- Word times inside a line (enhanced LRC's ``<00:12.50>``) stay in the text; a note counts
  the lines that carry them. ``[offset:...]`` is kept as an attribute and noted: the
  timestamps are as written, not shifted.

Examples
--------
>>> from researchkit.transcripts import Source
>>> data = b"[ti:Interview 4]\\n[00:00.00] Interviewer: Where?\\n[00:03.52] Respondent: In Urk.\\n[00:05.10] Since 2001.\\n"
>>> t = read_lrc("R04.lrc", data, doc_id="R04", source=Source("R04.lrc", "0"))
>>> [(turn.speaker, turn.timestamp, t.turn_text(turn)) for turn in t.turns]
[('Interviewer', 0.0, 'Where?'), ('Respondent', 3.52, 'In Urk.\\n[00:05.10] Since 2001.')]
>>> t.attributes
{'title': 'Interview 4'}
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.limits import check_unit_count, count_lines
from researchkit.io.speakers import LabelMatch
from researchkit.io.text import decode_text
from researchkit.transcripts import Source, Transcript, canonical_text

__all__ = ["read_lrc", "ID_TAGS", "parse_lrc_time"]

#: LRC ID tags and the attribute each becomes (other tags keep their own name).
ID_TAGS = {"ti": "title", "ar": "artist", "al": "album", "au": "author", "by": "by", "length": "length",
           "offset": "offset", "re": "tool", "ve": "tool_version", "#": "comment", "la": "language", "lang": "language"}
_ID_TAG_RE = re.compile(r"^\[(?P<key>[A-Za-z#][\w#-]{0,15})\s*:(?P<value>[^\]\n]*)\]\s*$")
_TIME = r"(?:(?P<h>\d{1,2}):)?(?P<m>\d{1,3}):(?P<s>\d{2})(?:\.(?P<f>\d{1,3}))?"
_TIME_TAG_RE = re.compile(rf"\[{_TIME}\]")
_TAGS_RE = re.compile(rf"(?:[ \t]*\[{_TIME}\])+")
#: whisper.cpp's diarization, written between the time and the text: ``(speaker 0)``, ``(speaker ?)``.
_DIARIZED_RE = re.compile(r"[ \t]*\((?P<label>speaker [0-9?]{1,3})\)[ \t]*")
_WORD_TIME_RE = re.compile(r"<\d{1,3}:\d{2}(?:\.\d{1,3})?>")


def parse_lrc_time(tag: str) -> float | None:
    """Seconds of an LRC time tag (``[01:02.03]``, ``[105:23.00]``, ``[1:02:03.50]``), ``None`` if it is not one.

    A fraction of two digits is hundredths, of three milliseconds, as LRC writes them.

    Examples
    --------
    >>> parse_lrc_time("[01:02.03]"), parse_lrc_time("[105:23.5]"), parse_lrc_time("[1:02:03.250]"), parse_lrc_time("[ar:x]")
    (62.03, 6323.5, 3723.25, None)
    """
    m = _TIME_TAG_RE.fullmatch(tag.strip())
    if m is None or int(m.group("s")) >= 60:
        return None
    fraction = m.group("f") or ""
    seconds = int(m.group("h") or 0) * 3600 + int(m.group("m")) * 60 + int(m.group("s"))
    return round(seconds + (int(fraction) / 10 ** len(fraction) if fraction else 0), 3)


def _header(lines: list[str]) -> tuple[dict[str, str], int]:
    """The ID tags above the first timed line as attributes, and how many lines they (and blank lines) take."""
    attributes: dict[str, str] = {}
    consumed = 0
    for line in lines:
        m = _ID_TAG_RE.match(line.strip())
        if line.strip() and m is None:
            break
        if m is not None:
            key = m.group("key").casefold()
            attributes.setdefault(ID_TAGS.get(key, key), m.group("value").strip())
        consumed += 1
    return attributes, consumed


def _paragraph(line: str, where: str) -> tuple[RawParagraph, int]:
    """One line as a paragraph: its time read, whisper.cpp's ``(speaker N)`` as its label; and how many times it had."""
    tags = _TAGS_RE.match(line)
    if tags is None:
        return RawParagraph(line, where), 0
    # a time that is no time ([00:99.00]) still opens the line: read past it, so that no later reader
    # takes it for the turn's time; the turn has none
    seconds = parse_lrc_time(_TIME_TAG_RE.search(line).group(0))
    times = _TIME_TAG_RE.findall(line[: tags.end()])
    diarized = _DIARIZED_RE.match(line, tags.end())
    label = LabelMatch(diarized.group("label"), seconds, diarized.end(), evidence="known") if diarized else None
    return RawParagraph(line, where, timestamp=seconds, time_prefix=tags.end(), label=label), len(times)


def read_lrc(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> Transcript:
    """Read an ``.lrc`` transcript from its bytes (see the module docstring).

    Parameters
    ----------
    path
        For messages.
    data
        The file's bytes (encoding detected as for text files, or ``encoding``).
    doc_id, source, labels
        As for :func:`researchkit.io.read_transcript`.
    encoding
        Force a text encoding.
    """
    text, used, decode_notes = decode_text(data, path, encoding=encoding).parts()
    check_unit_count(path, count_lines(text), "lines")
    lines = canonical_text(text).split("\n")
    attributes, consumed = _header(lines)
    notes = decode_notes
    paragraphs: list[RawParagraph] = []
    repeated: list[str] = []
    rejected: list[str] = []
    word_times = 0
    for number, line in enumerate(lines[consumed:], start=consumed + 1):
        if not line.strip():
            continue
        paragraph, n_times = _paragraph(line.strip(), f"line {number}")
        paragraphs.append(paragraph)
        if n_times > 1:
            repeated.append(f"line {number}")
        if paragraph.time_prefix and paragraph.timestamp is None:
            rejected.append(f"line {number} {_TIME_TAG_RE.search(line).group(0)}")
        word_times += bool(_WORD_TIME_RE.search(line))
    if not paragraphs:
        raise TranscriptError("RK104", path, f"has only ID tags ({', '.join(sorted(attributes)) or 'none'}), no timed lines",
                              hint="check that the transcript was exported with its text")
    if not any(p.time_prefix for p in paragraphs):
        notes.append("no line starts with an LRC time ([mm:ss.xx]); read as plain lines")
    if rejected:
        notes.append(f"{len(rejected)} line(s) start with a time that is none (seconds of 60 or more); it stays in the "
                     f"text and is no turn's time: {', '.join(rejected[:5])}" + (" ..." if len(rejected) > 5 else ""))
    if repeated:
        notes.append(f"{len(repeated)} line(s) carry several times (a repeated line, as lyrics write a chorus); the first "
                     f"is the turn's time, the others stay in the text: {', '.join(repeated[:5])}" + (" ..." if len(repeated) > 5 else ""))
    if word_times:
        notes.append(f"{word_times} line(s) carry word times (<mm:ss.xx>, enhanced LRC); they stay in the text")
    if "offset" in attributes:
        notes.append(f"the file's [offset:{attributes['offset']}] (milliseconds) is kept as the 'offset' attribute; the "
                     "timestamps are as written, not shifted by it")
    source = Source(source.path, source.sha256, "lrc", used)
    del text, lines  # the lines live on as paragraphs: not kept through the assembly
    return assemble(doc_id, paragraphs, labels=labels, attributes=attributes, source=source, notes=notes)

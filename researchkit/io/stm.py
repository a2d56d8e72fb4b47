"""Reader for NIST ``.stm`` (Segment Time Mark) transcripts: TED-LIUM, ASR evaluation sets, Kaldi data.

Each line is one segment, its fields separated by blanks::

    ;; LABEL "O" "Overall" "All segments"
    ;; LABEL "male" "Male" "Male speakers"
    AlGore_2009 1 inter_segment_gap 0.00 17.82 <o,,unknown> ignore_time_segment_in_scoring
    AlGore_2009 1 AlGore 17.82 28.81 <o,f0,male> thank you so much chris
    AlGore_2009 1 AlGore 28.81 34.50 <o,f0,male> and it 's truly a great honor

``recording channel speaker start end [<label,...>] words``: the words are everything after the
times (and the optional label field in angle brackets), kept as written (sclite's ``(uh)`` and
``{ a / b }`` alternations too).

- **Segments** are ordered by start time (ties: the file's order), as NIST sorts them by channel
  first: the two channels of a telephone call are interleaved by time; a speaker's consecutive
  segments form one turn written once as ``Speaker: words`` whose time is its first segment's
  start (the times leave the text, as in :mod:`researchkit.io.tiers`).
- **Not speech, left out with a note**: segments whose words are ``ignore_time_segment_in_scoring``
  (regions not transcribed: music, noise, a gap) and those of the ``inter_segment_gap`` and
  ``excluded_region`` pseudo-speakers (counted, with their seconds); segments without words;
  ``;;`` comment lines (counted, the first quoted). ``;; LABEL "id" "title" "description"`` lines
  are kept as the ``stm_labels`` attribute; the label field of each speaker's segments (``<o,f0,male>``:
  condition, focus, gender in TED-LIUM) as the ``speaker_labels`` attribute (``AlGore: o, f0, male``).
- **One recording per file**: the first field names the recording; ``recording`` and ``channels``
  are attributes. A file with segments of several recordings (an evaluation set's one ``.stm``) is
  refused (RK127) naming them, because a transcript is one recording: split it with
  :func:`split_stm` (one ``.stm`` per recording, the ``;;`` lines copied into each).
- Speakers are the speaker ids as written (``AlGore``, ``en_4156_A``, ``sw02001-A``); their roles
  come from the usual inference (who asks the questions) unless ``labels=`` names them.
- **Errors**: RK127 with the line for a segment without its five fields, a time that is no number,
  or a label field that is not closed (``<o,f0,male`` without ``>``); RK104 a file without a segment
  that has words.

Examples
--------
>>> from researchkit.transcripts import Source
>>> data = (b';; LABEL "male" "Male" "Male speakers"\\n'
...         b"talk 1 inter_segment_gap 0.00 17.82 <o,,unknown> ignore_time_segment_in_scoring\\n"
...         b"talk 1 AlGore 17.82 28.81 <o,f0,male> thank you so much chris\\n"
...         b"talk 1 AlGore 28.81 34.50 <o,f0,male> and it 's truly a great honor\\n")
>>> t = read_stm("talk.stm", data, doc_id="talk", source=Source("talk.stm", "0"))
>>> print(t.text)
AlGore: thank you so much chris
and it 's truly a great honor
>>> [(turn.speaker, turn.timestamp) for turn in t.turns], t.attributes["speaker_labels"]
([('AlGore', 17.82)], 'AlGore: o, f0, male')
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.io.tiers import Utterance, assemble_utterances, overlaps
from researchkit.io.timedlines import decode_timed_lines, listed_places, parse_seconds
from researchkit.transcripts import Source, Transcript, canonical_text

__all__ = ["read_stm", "parse_stm_line", "StmSegment", "split_stm", "split_stm_text", "IGNORE", "GAP_SPEAKERS"]

#: The words NIST's scoring skips: a region that was not transcribed.
IGNORE = "ignore_time_segment_in_scoring"
#: Speaker ids of regions, not people.
GAP_SPEAKERS = frozenset({"inter_segment_gap", "excluded_region"})
_FIELDS_RE = re.compile(r"[ \t]*(\S+)[ \t]+(\S+)[ \t]+(\S+)[ \t]+(\S+)[ \t]+(\S+)(?:[ \t]+|$)")
_LABEL_LINE_RE = re.compile(r';;\s*LABEL\s+"(?P<id>[^"]*)"\s+"(?P<title>[^"]*)"(?:\s+"(?P<description>[^"]*)")?', re.I)
#: Recordings named in the error for a file of several.
_SHOWN = 8


@dataclass(frozen=True)
class StmSegment:
    """One segment line of a ``.stm`` file.

    Attributes
    ----------
    number
        Line number (1-based).
    recording, channel, speaker
        The first three fields as written.
    start, end
        Seconds.
    labels
        The label field's labels (``("o", "f0", "male")``), empty without one.
    text
        The words as written (``""`` for none).
    """

    number: int
    recording: str
    channel: str
    speaker: str
    start: float
    end: float
    labels: tuple[str, ...]
    text: str


def parse_stm_line(line: str, number: int, path: str | Path = "<stm>") -> StmSegment:
    """Parse one segment line (not blank, not a ``;;`` comment).

    Raises
    ------
    TranscriptError
        RK127 for a line without its five fields, a time that is no number, or an unclosed label field.

    Examples
    --------
    >>> parse_stm_line("sw02001 A sw02001-A 0.00 1.23 <o,f0,female> uh-huh [laughter]", 4)
    StmSegment(number=4, recording='sw02001', channel='A', speaker='sw02001-A', start=0.0, end=1.23, labels=('o', 'f0', 'female'), text='uh-huh [laughter]')
    """
    m = _FIELDS_RE.match(line)
    if m is None:
        _refuse(path, number, f"the line {line.strip()[:60]!r} has fewer than the five fields of a segment "
                "(recording channel speaker start end, then the words)")
    recording, channel, speaker, start_field, end_field = m.groups()
    start, end = parse_seconds(start_field), parse_seconds(end_field)
    for value, what in ((start, start_field), (end, end_field)):
        if value is None:
            _refuse(path, number, f"the time {what!r} of the line {line.strip()[:60]!r} is no number of seconds "
                    "(fields: recording channel speaker start end)")
    rest = line[m.end():].strip()
    labels: tuple[str, ...] = ()
    if rest.startswith("<"):
        close = rest.find(">")
        if close < 0 or " " in rest[:close] or "\t" in rest[:close]:
            _refuse(path, number, f"the label field {rest.split()[0][:40]!r} is not closed with '>' "
                    "(a segment's labels are written <a,b,c> without blanks)")
        labels = tuple(label.strip() for label in rest[1:close].split(","))
        rest = rest[close + 1:].strip()
    return StmSegment(number, recording, channel, speaker, start, end, labels, " ".join(rest.split()))


def _refuse(path: str | Path, number: int, message: str) -> None:
    """RK127 for a malformed segment line."""
    raise TranscriptError("RK127", path, message, location=f"line {number}",
                          hint="fix or remove the line (STM: recording channel speaker start end [<labels>] words; "
                               "comments start with ';;')")


def split_stm_text(text: str) -> dict[str, str]:
    """An ``.stm`` text cut into one text per recording (the first field), ``;;`` lines copied into each (pure).

    Examples
    --------
    >>> parts = split_stm_text(";; a set\\nr1 A s1 0 1 hi\\nr2 A s2 0 1 yo\\nr1 A s1 1 2 bye\\n")
    >>> parts["r1"]
    ';; a set\\nr1 A s1 0 1 hi\\nr1 A s1 1 2 bye\\n'
    >>> sorted(parts)
    ['r1', 'r2']
    """
    comments: list[str] = []
    parts: dict[str, list[str]] = {}
    for line in canonical_text(text).lstrip("\ufeff").split("\n"):
        if line.lstrip().startswith(";;"):
            comments.append(line)
        elif line.strip():
            parts.setdefault(line.split()[0], []).append(line)
    return {name: "\n".join(comments + lines) + "\n" for name, lines in parts.items()}


def split_stm(path: str | Path, folder: str | Path, *, encoding: str | None = None) -> list[Path]:
    """Write one ``<recording>.stm`` per recording of an ``.stm`` file into ``folder`` (UTF-8); the paths written.

    A recording id that is no plain file name (a ``/``, or ``..``) is written with ``_`` for those characters.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> p = os.path.join(d, "test.stm")
    >>> _ = open(p, "w").write("r1 A s1 0 1 hi\\nr2 A s2 0 1 yo\\n")
    >>> [q.name for q in split_stm(p, os.path.join(d, "split"))]
    ['r1.stm', 'r2.stm']
    """
    path, folder = Path(path), Path(folder)
    text, _, _ = decode_timed_lines(path.read_bytes(), path, encoding=encoding)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, part in sorted(split_stm_text(text).items()):
        target = folder / (re.sub(r"[\\/:]|^\.+", "_", name) + ".stm")
        target.write_text(part, encoding="utf-8")
        written.append(target)
    return written


def _one_recording(segments: list[StmSegment], path: str | Path) -> None:
    """RK127 for segments of several recordings, naming them."""
    recordings = Counter(s.recording for s in segments)
    if len(recordings) <= 1:
        return
    firsts = {}
    for s in segments:
        firsts.setdefault(s.recording, s.number)
    shown = ", ".join(f"{name} (line {firsts[name]}, {n} segment(s))" for name, n in list(recordings.items())[:_SHOWN])
    more = f" and {len(recordings) - _SHOWN} more" if len(recordings) > _SHOWN else ""
    raise TranscriptError(
        "RK127", path, f"holds segments of {len(recordings)} recordings: {shown}{more}; a transcript is one recording",
        location=f"line {[s.number for s in segments if s.recording != segments[0].recording][0]}",
        hint="split it into one .stm per recording: researchkit.io.stm.split_stm(path, folder), then read that folder")


def _attributes(segments: list[StmSegment], declared: list[tuple[str, str]]) -> dict[str, str]:
    """``recording``, ``channels``, ``stm_labels`` (the ``;; LABEL`` lines) and ``speaker_labels``."""
    attributes = {"recording": segments[0].recording,
                  "channels": ", ".join(dict.fromkeys(s.channel for s in segments))}
    if declared:
        attributes["stm_labels"] = "; ".join(f"{label}: {title}" if title else label for label, title in declared)
    by_speaker: dict[str, dict[tuple[str, ...], None]] = {}
    for s in segments:
        if s.labels and s.speaker not in GAP_SPEAKERS:
            by_speaker.setdefault(s.speaker, {})[s.labels] = None
    if by_speaker:
        attributes["speaker_labels"] = "; ".join(
            f"{speaker}: " + " | ".join(", ".join(label for label in labels if label) for labels in sets)
            for speaker, sets in by_speaker.items())
    return attributes


def _speech(segments: list[StmSegment]) -> tuple[list[Utterance], list[str]]:
    """The segments with words as utterances in time order, and notes on the ones left out."""
    gaps = [s for s in segments if s.speaker in GAP_SPEAKERS or s.text == IGNORE]
    speech = [s for s in segments if not (s.speaker in GAP_SPEAKERS or s.text == IGNORE)]
    empty = [s for s in speech if not s.text]
    kept = [s for s in speech if s.text]
    utterances = [Utterance(s.text, s.speaker, s.start, (s.start, index), f"line {s.number}", end=s.end)
                  for index, s in enumerate(kept)]
    notes = []
    if gaps:
        seconds = sum(max(0.0, s.end - s.start) for s in gaps)
        kinds = ", ".join(f"{k} {n}" for k, n in Counter(s.speaker if s.speaker in GAP_SPEAKERS else IGNORE
                                                         for s in gaps).items())
        notes.append(f"{len(gaps)} segment(s) that are no speech (not transcribed: {kinds}; {seconds:.1f} s) left out: "
                     f"{listed_places([f'line {s.number}' for s in gaps])}")
    if empty:
        notes.append(f"{len(empty)} segment(s) without words left out: {listed_places([f'line {s.number}' for s in empty])}")
    reversed_ = [f"line {s.number}" for s in kept if s.end < s.start]
    if reversed_:
        notes.append(f"{len(reversed_)} segment(s) end before they start (times kept as written): {listed_places(reversed_)}")
    if [u.order for u in utterances] != sorted(u.order for u in utterances):
        notes.append("segments are not in time order in the file (NIST sorts by channel first): written in the order "
                     "they start")
    return utterances, notes


def read_stm(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> Transcript:
    """Read a NIST ``.stm`` transcript of one recording from its bytes (see the module docstring).

    Raises
    ------
    TranscriptError
        RK127 a malformed line or several recordings in one file; RK104 no segment with words.

    Examples
    --------
    >>> t = read_stm("c.stm", b"c A c_A 0.5 1.0 hi\\nc B c_B 0.9 2.0 hello\\n", doc_id="c", source=Source("c.stm", "0"))
    >>> t.text, [turn.timestamp for turn in t.turns]
    ('c_A: hi\\nc_B: hello', [0.5, 0.9])
    """
    text, used, notes = decode_timed_lines(data, path, encoding=encoding)
    segments: list[StmSegment] = []
    comments: list[str] = []
    declared: list[tuple[str, str]] = []
    for number, line in enumerate(canonical_text(text).split("\n"), start=1):
        if not line.strip():
            continue
        if line.lstrip().startswith(";;"):
            label = _LABEL_LINE_RE.match(line.strip())
            if label is not None:
                declared.append((label.group("id"), label.group("title")))
            else:
                comments.append(f"line {number} {line.strip()[:80]!r}")
            continue
        segments.append(parse_stm_line(line, number, path))
    if not segments:
        raise TranscriptError("RK104", path, f"has no segments, only {len(comments) + len(declared)} ';;' comment line(s)",
                              hint="check that the transcript was saved with its segments")
    _one_recording(segments, path)
    utterances, speech_notes = _speech(segments)
    if not utterances:
        raise TranscriptError("RK104", path, f"has {len(segments)} segment(s) but none with words (only gaps and regions "
                              f"not transcribed)", hint="check that the transcript was saved with its words")
    speakers = list(dict.fromkeys(u.speaker for u in utterances))
    notes.append(f"read as a NIST .stm: {len(utterances)} segment(s) of {len(speakers)} speaker(s) in time order, one per "
                 "line, as written; consecutive segments of one speaker form one turn; the times and label fields leave "
                 "the text (a turn's time is its first segment's start)")
    notes += speech_notes
    if comments:
        notes.append(f"{len(comments)} ';;' comment line(s) left out: {listed_places(comments, 5)}")
    if declared:
        notes.append(f"{len(declared)} ';; LABEL' line(s) kept as the 'stm_labels' attribute")
    n_overlapping = overlaps(sorted(utterances, key=lambda u: u.order))
    if n_overlapping:
        notes.append(f"{n_overlapping} segment(s) start before another speaker's has ended (overlapping speech, written "
                     "in the order it starts)")
    return assemble_utterances(doc_id, utterances, source=source, fmt="stm", encoding=used, labels=labels,
                               attributes=_attributes(segments, declared), notes=notes)

"""Reader for the Santa Barbara Corpus of Spoken American English's ``.trn`` transcripts (SBCSAE, Du Bois et al.).

Each line is one intonation unit: its start and end in seconds, the speaker, the words::

    0.00\\t9.21\\tLENORE:\\t... So you don't need to go ... borrow equipment from anybody,
    9.21\\t9.52\\t\\tto --
    9.52\\t11.55\\tLYNNE:\\t[(H)=] <YWN Well,
    12.10\\t12.90\\t>ENV:\\t((DOG_BARKING))

- **Times**: two numbers first, separated by a tab or (older files) a space (``0.00 9.21``);
  they are columns, not words: they leave the text, a line's start is its time and a turn's
  time is its first line's. A line whose end comes before its start is kept as written (noted).
- **Speaker**: the column after the times, in capitals with a colon (``LENORE:``; without the
  colon too), also ``#`` (a disguised name, ``#FOSTER:``), ``>`` (an environment or other
  pseudo-speaker, ``>ENV:``, ``>DOG:``, ``>RADIO:``) and ``*`` prefixes, kept as written without
  the colon. An empty speaker column continues the speaker above. Where the tab after the speaker
  is missing (``CAROLYN:    [2@...]``) a name in capitals with its colon is still the speaker; words
  typed into the speaker column stay the words of the speaker above (noted), and words split over
  several columns by a stray tab are joined with one space (noted).
- **Words** are kept **as transcribed**: Du Bois' discourse transcription symbols (``[overlap]``,
  ``[2 ... 2]``, ``(H)``, ``(Hx)``, ``@@@``, ``..``, ``...(1.2)``, ``<X X>``, ``<YWN ... YWN>``,
  ``%``, ``=``, ``--``, ``&``, ``~Name``) stay, so a quote is what the transcriber wrote; runs of
  blanks inside a line are one space.
- **Turns**: consecutive lines of one speaker form one turn, written once as ``SPEAKER: ...``, one
  intonation unit per line (as :mod:`researchkit.io.talkbank` writes CHAT utterances).
- **Roles**: ``>`` pseudo-speakers are role ``other``; people's roles come from the usual role
  inference (who asks the questions) unless ``labels=`` names them.
- **Left out, with a note**: lines whose words start with ``$`` (a transcriber's note, not
  speech; each quoted), lines with times and no words (counted), stray NUL/DEL bytes.
- **Encoding**: detected as for text files (the corpus's UTF-8, and its Latin-1/cp1252 files).
- **Errors**: RK126 a line that does not start with its two times (naming the line), with advice
  for an sclite ``.trn`` (``text (utterance-id)``), which is a list of ASR reference sentences.

Examples
--------
>>> from researchkit.transcripts import Source
>>> data = (b"0.00\\t9.21\\tLENORE:\\t... So you don't need to go,\\n9.21\\t9.52\\t\\tto --\\n"
...         b"9.52 11.55\\tLYNNE:\\t[(H)=] <YWN Well,\\n12.10\\t12.90\\t>ENV:\\t((DOG_BARKING))\\n")
>>> t = read_trn("SBC001.trn", data, doc_id="SBC001", source=Source("SBC001.trn", "0"))
>>> print(t.text)
LENORE: ... So you don't need to go,
to --
LYNNE: [(H)=] <YWN Well,
>ENV: ((DOG_BARKING))
>>> [(turn.speaker, turn.role, turn.timestamp) for turn in t.turns][-1]
('>ENV', 'other', 12.1)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.io.tiers import NO_SPEAKER, Utterance, assemble_utterances, one_line, overlaps
from researchkit.io.timedlines import NUMBER, decode_timed_lines, listed_places, parse_seconds
from researchkit.transcripts import DECLARED_ONCE_NOTE, MAPPED_ONCE_NOTE, Source, Transcript, canonical_text

__all__ = ["read_trn", "parse_trn_line", "TrnLine"]

_TABBED_RE = re.compile(rf"[ \t]*(?P<start>{NUMBER})[ \t]+(?P<end>{NUMBER})\t(?P<speaker>[^\t]*)\t(?P<words>[^\t]*)")
_TIMES_RE = re.compile(r"[ \t]*(?P<start>[^\s]{1,40})(?:[ \t]+(?P<end>[^\s]{1,40}))?")
#: The speaker column: an optional ``#``, ``>`` or ``*``, a name, an optional colon.
_SPEAKER_RE = re.compile(r"(?P<name>[#>*]?[A-Za-z][\w'.-]{0,39}):?")
#: A speaker written with its colon before the words, without the tab between: capitals only.
_GLUED_RE = re.compile(r"(?P<name>[#>*]?[A-Z][A-Z0-9_]{0,39}):(?:[ \t]+|$)")
#: The end of a line of sclite's ``.trn`` (ASR reference sentences): words, then the utterance id in brackets
#: (searched in the line's last characters only, so a long line costs nothing).
_SCLITE_END_RE = re.compile(r"\S\s+\([^\s()]{1,80}\)\s*$")


@dataclass(frozen=True)
class TrnLine:
    """One line of a ``.trn`` file, parsed.

    Attributes
    ----------
    number
        Line number in the file (1-based).
    start, end
        Seconds.
    speaker
        As written without its colon; ``""`` on a line that continues the speaker above.
    text
        The words as written (blank runs made one space).
    repaired
        What was mended: ``"speaker column"`` (words in the speaker column), ``"columns"`` (words
        split over several columns), or ``""``.
    """

    number: int
    start: float
    end: float
    speaker: str
    text: str
    repaired: str = ""


def _split_speaker(column: str) -> tuple[str, str, bool]:
    """The speaker column as (speaker, words glued to it, whether it held words and no speaker)."""
    column = column.strip()
    if not column:
        return "", "", False
    if (m := _SPEAKER_RE.fullmatch(column)) is not None:
        return m.group("name"), "", False
    if (m := _GLUED_RE.match(column)) is not None:
        return m.group("name"), column[m.end():], False
    return "", column, True


def parse_trn_line(line: str, number: int, path: str | Path = "<trn>") -> TrnLine:
    """Parse one line that is not blank (see the module docstring).

    Raises
    ------
    TranscriptError
        RK126 when the line does not start with its start and end times.

    Examples
    --------
    >>> parse_trn_line("0.00\\t9.21\\tLENORE:\\t... So,", 1)
    TrnLine(number=1, start=0.0, end=9.21, speaker='LENORE', text='... So,', repaired='')
    >>> glued = parse_trn_line("1.0 2.0   CAROLYN:   [2@@2]", 3)
    >>> parse_trn_line("9.21 9.52\\t\\tto --", 2).speaker, glued.speaker, glued.text
    ('', 'CAROLYN', '[2@@2]')
    """
    tabbed = _TABBED_RE.fullmatch(line)
    if tabbed is not None:  # the usual layout: start, end, speaker, words, one tab (or the times a blank) apart
        speaker, glued, misplaced = _split_speaker(tabbed.group("speaker"))
        words = f"{glued} {tabbed.group('words')}" if glued else tabbed.group("words")
        return TrnLine(number, round(float(tabbed.group("start")), 3), round(float(tabbed.group("end")), 3), speaker,
                       one_line(words), "speaker column" if misplaced else "")
    m = _TIMES_RE.match(line)
    start, end = parse_seconds(m.group("start") or ""), parse_seconds(m.group("end") or "")
    if start is None or end is None:
        _refuse(line, number, path, bad=m.group("start") if start is None else m.group("end"), which="start" if start is None else "end")
    columns = line[m.end():].split("\t")
    if columns and not columns[0].strip():
        columns = columns[1:]  # the blanks between the end time and the speaker column
    repaired = ""
    if len(columns) <= 1:  # no tab after the times: a speaker in capitals with its colon, or words only
        rest = columns[0].strip() if columns else ""
        glued = _GLUED_RE.match(rest)
        speaker, words = (glued.group("name"), rest[glued.end():]) if glued else ("", rest)
    else:
        speaker, glued_words, misplaced = _split_speaker(columns[0])
        fields = [field.strip() for field in columns[1:] if field.strip()]
        if glued_words:
            fields.insert(0, glued_words)
        if misplaced:
            repaired = "speaker column"
        elif len(fields) > 1:
            repaired = "columns"
        words = " ".join(fields)
    return TrnLine(number, start, end, speaker, one_line(words), repaired)


def _refuse(line: str, number: int, path: str | Path, *, bad: str | None, which: str) -> None:
    """RK126 for a line without its two times, with advice for an sclite ``.trn``."""
    shown = line.strip()[:60]
    if number == 1 and _SCLITE_END_RE.search(line[-100:]):
        raise TranscriptError(
            "RK126", path, f"does not start with times: {shown!r} looks like sclite's .trn (words, then the utterance "
            "id in brackets), a list of ASR reference sentences without speakers' turns or times",
            location=f"line {number}",
            hint="researchkit reads SBCSAE .trn transcripts (start end SPEAKER: words); for ASR references use the "
                 "recordings' .stm or .ctm, or save the sentences as .txt")
    found = f"{bad!r} is no time" if bad else "nothing follows"
    raise TranscriptError(
        "RK126", path, f"the line {shown!r} does not start with its start and end times in seconds (its {which} time: "
        f"{found}); "
        "an SBCSAE .trn line is: start, end, SPEAKER:, words", location=f"line {number}",
        hint="check the times of this line (a line broken in two, a time typed as text), or remove the line")


def _utterances(lines: list[TrnLine]) -> tuple[list[Utterance], dict[str, list[str]]]:
    """Utterances in file order, the speaker carried over continuation lines; the places of what was noted."""
    utterances: list[Utterance] = []
    places: dict[str, list[str]] = {"comment": [], "empty": [], "orphan": [], "speaker column": [], "columns": [],
                                    "reversed": []}
    current = ""
    for line in lines:
        current = line.speaker or current
        where = f"line {line.number}"
        if line.repaired:
            places[line.repaired].append(where)
        if line.end < line.start:
            places["reversed"].append(where)
        if not line.text:
            places["empty"].append(where)
            continue
        if line.text.startswith("$"):
            places["comment"].append(f"{where} {line.text[:100]!r}")
            continue
        if not current:
            places["orphan"].append(where)
        utterances.append(Utterance(line.text, current or NO_SPEAKER, line.start, (len(utterances),), where, end=line.end))
    return utterances, places


def _notes(utterances: list[Utterance], places: dict[str, list[str]]) -> list[str]:
    """Notes on what was read, mended and left out."""
    speakers = list(dict.fromkeys(u.speaker for u in utterances))
    notes = [f"read as an SBCSAE .trn: {len(utterances)} intonation unit line(s) of {len(speakers)} speaker(s), one per "
             "line, as transcribed; consecutive lines of one speaker form one turn; the times leave the text (a turn's "
             "time is its first line's start)"]
    pseudo = [s for s in speakers if s.startswith(">")]
    if pseudo:
        notes.append(f"'>' pseudo-speakers (environment, animals, media) have role other: {', '.join(pseudo)}")
    texts = {
        "comment": "line(s) whose words start with '$' (a transcriber's note, not speech) left out of the text",
        "empty": "line(s) with times and no words left out",
        "orphan": f"line(s) before the first speaker name, read as {NO_SPEAKER!r} (role other)",
        "speaker column": "line(s) with words in the speaker column: read as words of the speaker above",
        "columns": "line(s) with words split over several columns by a stray tab: joined with one space",
        "reversed": "line(s) end before they start (times kept as written)",
    }
    for key, text in texts.items():
        if places[key]:
            notes.append(f"{len(places[key])} {text}: {listed_places(places[key])}")
    n_overlapping = overlaps(utterances)
    if n_overlapping:
        notes.append(f"{n_overlapping} line(s) start before another speaker's line has ended (overlapping speech, "
                     "written in the file's order)")
    return notes


def read_trn(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> Transcript:
    """Read an SBCSAE ``.trn`` transcript from its bytes (see the module docstring).

    Parameters
    ----------
    path
        For messages.
    data
        The file's bytes (encoding detected as for text files, or ``encoding``).
    doc_id, source, labels
        As for :func:`researchkit.io.read_transcript`; ``labels`` win over the role ``other`` of
        ``>`` pseudo-speakers.
    encoding
        Force a text encoding.

    Raises
    ------
    TranscriptError
        RK126 a line without its two times; RK104 no line with words.

    Examples
    --------
    >>> t = read_trn("a.trn", b"0.0\\t1.0\\tPETE:\\t(H) so,\\n1.0\\t2.0\\t\\t@@@\\n", doc_id="a", source=Source("a.trn", "0"))
    >>> t.text, t.turns[0].timestamp
    ('PETE: (H) so,\\n@@@', 0.0)
    """
    text, used, notes = decode_timed_lines(data, path, encoding=encoding)
    lines = [parse_trn_line(line, number, path) for number, line in enumerate(canonical_text(text).split("\n"), start=1)
             if line.strip()]
    utterances, places = _utterances(lines)
    if not utterances:
        raise TranscriptError("RK104", path, f"has no line with words ({len(lines)} line(s) with times only or notes)",
                              hint="check that the transcript was saved with its words")
    roles = dict(labels or {})
    for speaker in dict.fromkeys(u.speaker for u in utterances):
        if speaker.startswith(">"):
            roles.setdefault(speaker, "other")
    transcript = assemble_utterances(doc_id, utterances, source=source, fmt="sbcsae", encoding=used, labels=roles,
                                     notes=notes + _notes(utterances, places))
    # the '>' pseudo-speakers are in the label map, so assemble says "labels=... names" of one heard once: say why here
    said = tuple(DECLARED_ONCE_NOTE + note[len(MAPPED_ONCE_NOTE):] if note.startswith(MAPPED_ONCE_NOTE) else note
                 for note in transcript.notes)
    return replace(transcript, notes=said)

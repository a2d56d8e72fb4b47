"""Reader for subtitle transcripts (``.vtt`` WebVTT, ``.srt`` SubRip) with webvtt-py.

Transcription tools write one cue per few seconds. The speaker comes from a WebVTT
voice tag (``<v Jan de Vries>``) or a ``Name:`` prefix in the cue text; consecutive
cues of one speaker are joined into one turn whose timestamp is the first cue's
start. In the canonical text each turn is one paragraph, ``"Speaker: text"``, with
the cues of a turn on their own lines (the label is written once). Google Meet writes
the speaker as a line ``(Name)`` in the cue, and a second speaker of the same cue after
a ``-`` line; such a name (used in at least two cues) splits the cue.

YouTube's automatic captions (as ``yt-dlp`` saves them) roll: each cue repeats the line
shown before it and adds one, and short cues repeat a line alone. When most cues start
with the previous cue's last line, each line is kept once (:func:`rolling_captions`) and
a note counts the repeats left out; otherwise every cue is kept as written.

WebVTT's character references are decoded in the cue text and the voice names (Microsoft
Teams writes ``<v Carlos Far&#237;as>`` and ``Q&amp;A``), as a player shows them.

Malformed cue blocks are errors (webvtt-py's strict mode), never skipped silently.
"""

from __future__ import annotations

import html
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.limits import check_unit_count
from researchkit.io.metadata import parse_header_lines
from researchkit.io.onceused import ONCE_USED_MIN_TURNS
from researchkit.io.speakers import label_evidence, match_label, normalise_label, parse_timestamp
from researchkit.io.lineends import unify_line_ends
from researchkit.io.text import decode_text
from researchkit.transcripts import Source, Transcript


@dataclass(frozen=True, slots=True)
class Cue:
    """One timed cue of any subtitle format, as the readers hand it to :func:`cues_to_transcript`.

    Attributes
    ----------
    text
        The cue's words; lines separated by ``\\n`` (joined by spaces in the transcript).
    start, end
        Seconds, or ``None`` when the format gives no time (a TTML ``p`` without ``begin``).
    voice
        A speaker the format names (WebVTT ``<v Name>``, TTML ``ttm:agent``, SubStation's ``Name`` field).
    location
        Where the cue is, for messages (``"cue 3 (00:00:01.000)"``, ``"line 12"``).
    timing
        How the cue's times were written, for the notes on times out of order (``"cue 3 (00:00:01.000 --> 00:00:02.000)"``).
    """

    text: str
    start: float | None
    end: float | None
    voice: str | None = None
    location: str = ""
    timing: str = ""


def read_subtitles(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> Transcript:
    """Read a ``.vtt`` or ``.srt`` transcript from its bytes.

    Examples
    --------
    >>> vtt = b"WEBVTT\\n\\n00:00:01.000 --> 00:00:02.000\\n<v Interviewer>Dag.\\n\\n" \\
    ...       b"00:00:02.500 --> 00:00:04.000\\n<v Piet>Hoi.\\n"
    >>> t = read_subtitles("a.vtt", vtt, doc_id="a", source=Source("a.vtt", "0"))
    >>> [(turn.speaker, turn.role, turn.timestamp) for turn in t.turns]
    [('Interviewer', 'interviewer', 1.0), ('Piet', 'respondent', 2.5)]
    """
    fmt = "srt" if Path(path).suffix.lower() == ".srt" else "vtt"
    text, used, decode_notes = decode_text(data, path, encoding=encoding).parts()
    text, line_end_notes = unify_line_ends(text)  # U+2028, NEL, a form feed inside a cue: a new line of the cue
    check_unit_count(path, text.count("-->"), "cues (lines with -->)")
    cues, attributes = webvtt_cues(path, text, fmt=fmt)
    del text  # not kept through the assembly
    return cues_to_transcript(path, cues, doc_id=doc_id, source=Source(source.path, source.sha256, fmt, used),
                              labels=labels, attributes=attributes,
                              notes=decode_notes + line_end_notes,
                              references=fmt == "vtt")


def webvtt_cues(path: str | Path, text: str, *, fmt: str = "vtt") -> tuple[list[Cue], dict]:
    """The cues of WebVTT (``fmt="vtt"``, strict) or SubRip (``fmt="srt"``) text, and the ``NOTE`` metadata.

    Raises
    ------
    TranscriptError
        RK109 for a file webvtt-py cannot read, RK104 for one without cues.

    Examples
    --------
    >>> cues, meta = webvtt_cues("a.vtt", "WEBVTT\\n\\n00:00:01.000 --> 00:00:02.000\\n<v Ann>Hi.\\n")
    >>> [(c.voice, c.text, c.start, c.location) for c in cues], meta
    ([('Ann', 'Hi.', 1.0, 'cue 1 (00:00:01.000)')], {})
    """
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    try:
        captions = list(webvtt.from_buffer(io.StringIO(text), format=fmt, strict=True)) if fmt == "vtt" else list(
            webvtt.from_buffer(io.StringIO(text), format="srt")
        )
    except (MalformedFileError, MalformedCaptionError) as err:
        kind = "WebVTT" if fmt == "vtt" else "SubRip"
        raise TranscriptError(
            "RK109", path, f"is not a valid {kind} file: {err}",
            hint="check the cue timings (HH:MM:SS.mmm --> HH:MM:SS.mmm) and the blank lines between cues",
        ) from None
    if not captions:
        raise TranscriptError("RK104", path, "has no cues", hint="check that the subtitle file was exported with its text")
    cues: list[Cue] = []
    captions.reverse()
    while captions:  # each webvtt-py caption let go once its cue is made: the two are never all kept at once
        caption = captions.pop()
        number = len(cues) + 1
        cues.append(Cue(caption.text, parse_timestamp(caption.start), parse_timestamp(caption.end),
                        voice=(html.unescape(caption.voice) if fmt == "vtt" else caption.voice) if caption.voice else None,
                        location=f"cue {number} ({caption.start})", timing=f"cue {number} ({caption.start} --> {caption.end})"))
    return cues, (_note_metadata(text) if fmt == "vtt" else {})


def cues_to_transcript(
    path: str | Path,
    cues: list[Cue],
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
    attributes: Mapping | None = None,
    notes: list[str] | tuple[str, ...] = (),
    references: bool = False,
) -> Transcript:
    """Cues of any subtitle format as a transcript: the one cue → turn assembly of every subtitle reader.

    Rolling captions are kept once (:func:`rolling_captions`); with ``references`` WebVTT's character
    references are decoded; a speaker comes from the cue's ``voice``, a ``(Name)`` line used in two cues
    (:func:`cue_parts`) or a ``Name:`` prefix (after YouTube's ``>>``, left out). A plain name used once is
    text (noted) when it is the only label and unlabelled cues come before it (``Thus: what we call``), or
    one among six or more labelled cues whose speakers come back. Cues without a speaker continue the
    speaker before; each cue is a paragraph with its start as time, and :func:`~researchkit.io.assemble.assemble` joins a speaker's
    consecutive cues into one turn. Times out of order are noted (:func:`timing_notes`).
    ``cues`` is emptied once its paragraphs are made, so that a long file's cues are not kept through the
    assembly (a 25 MiB ``.srt`` of one-word cues holds over half a million).

    Examples
    --------
    >>> t = cues_to_transcript("a.sbv", [Cue("Ann: Hi.", 1.0, 2.0), Cue("Still me.", 2.0, 3.5), Cue("Bo: Yes.", 4.0, 5.0)],
    ...                        doc_id="a", source=Source("a.sbv", "0", "sbv"))
    >>> [(turn.speaker, turn.timestamp, t.turn_text(turn)) for turn in t.turns]
    [('Ann', 1.0, 'Hi.\\nStill me.'), ('Bo', 4.0, 'Yes.')]
    """
    if not cues:
        raise TranscriptError("RK104", path, "has no cues", hint="check that the subtitle file was exported with its text")
    notes = list(notes)
    cue_texts, repeated = rolling_captions([cue.text for cue in cues])
    if references:  # WebVTT escapes & < > and Teams writes accents as references: Far&#237;as, Tom &amp; Jerry
        cue_texts = [html.unescape(cue) for cue in cue_texts]
    names = parenthesised_speakers(cue_texts, known=labels)
    parts = [(cue, cue_parts(cue_text, names)) for cue, cue_text in zip(cues, cue_texts)]
    found = [[_prefix_label(content, labels) if not (speaker or cue.voice) else None for speaker, content in cue_split]
             for cue, cue_split in parts]
    name_counts = Counter(m.label for row in found for m in row if m is not None and m.evidence == "name")
    name_counts.update(speaker or cue.voice for cue, cue_split in parts for speaker, _ in cue_split if speaker or cue.voice)
    labelled = sum(m is not None for row in found for m in row) + sum(
        bool(speaker or cue.voice) for cue, cue_split in parts for speaker, _ in cue_split)
    # A name used once (as a label, a voice or a (Name) line) is text when it is the file's only label and unlabelled
    # cues come before it ("Thus: what we call"), or when it is one among six or more labelled cues whose speakers come back (as for text files, researchkit.io.onceused); two names once each
    # ("Ann: One." "Bo: Two.") are a short exchange.
    first_is_labelled = bool(found and found[0] and found[0][0] is not None)
    refuse_once = (labelled == 1 and not first_is_labelled) or (
        labelled >= ONCE_USED_MIN_TURNS and any(n >= 2 for n in name_counts.values()))
    paragraphs: list[RawParagraph] = []
    unlabelled = chevrons = 0
    once: list[str] = []
    for (cue, cue_split), row in zip(parts, found):
        for (speaker, content), m in zip(cue_split, row):
            speaker = speaker or cue.voice
            if m is not None and m.evidence == "name" and name_counts[m.label] < 2 and refuse_once:
                once.append(f"{m.label!r} ({cue.location})")  # "Thus: what we call": a sentence, not a speaker
            elif m is not None:
                marked = content.startswith(">>")
                speaker, content = m.label, (content[2:].lstrip() if marked else content)[m.content_start :]
                chevrons += marked
            if not speaker:
                unlabelled += 1
            paragraphs.append(RawParagraph(content, cue.location, speaker=speaker or None, timestamp=cue.start))
    notes += timing_notes(cues)
    count = len(cues)
    del parts, found, cue_texts
    cues.clear()  # the cues live on as paragraphs: neither they nor the label matches are kept through the assembly
    if repeated:
        notes.append(f"rolling captions (as YouTube writes them): {repeated} line(s) repeated from the cue before were "
                     "left out, so each line is in the text once")
    if unlabelled and unlabelled < len(paragraphs):
        notes.append(f"{unlabelled} cue(s) have no speaker; they continue the previous speaker's turn")
    if chevrons:
        notes.append(f"{chevrons} cue(s) open with YouTube's '>>' (a new speaker) before the speaker's label; the '>>' "
                     "marks were left out with the label")
    if once:
        notes.append(f"{len(once)} cue(s) open with a name and a colon used in no other cue, kept as text (a sentence such "
                     f"as 'Thus: ...' more often than a speaker): {', '.join(once[:5])}" + (" ..." if len(once) > 5 else "")
                     + "; pass labels=... if they are speakers")
    if not paragraphs:
        raise TranscriptError("RK104", path, f"has {count} cue(s) but no text in them",
                              hint="check that the subtitle file was exported with its text")
    return assemble(doc_id, paragraphs, labels=labels, attributes=dict(attributes or {}), source=source, notes=notes)


def _prefix_label(content: str, labels: Mapping[str, str] | None):
    """A ``Name:`` label opening a cue's text (after YouTube's ``>>``), if one is there with evidence."""
    text = content[2:].lstrip() if content.startswith(">>") else content  # YouTube's mark of a new speaker: ">> ALICE: Hi"
    m = match_label(text, known=labels)
    return m if m is not None and m.evidence in {"known", "name"} else None


#: Cues starting with the previous cue's last line, at least, for captions to count as rolling.
ROLLING_MIN_REPEATS = 3


def rolling_captions(cue_texts: list[str]) -> tuple[list[str], int]:
    """Cue texts with the lines repeated from the cue before left out, when the captions roll.

    Captions roll when at least :data:`ROLLING_MIN_REPEATS` cues, and at least half of all
    cues after the first, start with the previous cue's last line. Then each cue keeps the
    lines after the longest run of its first lines that repeats the end of the cue before
    (a cue that only repeats becomes empty). Otherwise the texts are returned unchanged.

    Returns
    -------
    tuple
        The cue texts, and the number of lines left out.

    Examples
    --------
    >>> cues = ["so today", "so today\\nthe port", "the port", "the port\\nof Harlingen", "of Harlingen\\nat night"]
    >>> rolling_captions(cues)
    (['so today', 'the port', '', 'of Harlingen', 'at night'], 4)
    >>> rolling_captions(["Yes.", "Yes.", "No."])  # ordinary subtitles stay as they are
    (['Yes.', 'Yes.', 'No.'], 0)
    """
    lines = [[line.strip() for line in text.split("\n") if line.strip()] for text in cue_texts]
    starts_with_last = sum(1 for prev, cur in zip(lines, lines[1:]) if prev and cur and cur[0] == prev[-1])
    if starts_with_last < ROLLING_MIN_REPEATS or starts_with_last < 0.5 * (len(lines) - 1):
        return list(cue_texts), 0
    out, left_out = [cue_texts[0]], 0
    for prev, cur in zip(lines, lines[1:]):
        k = repeated_lines(prev, cur)
        out.append("\n".join(cur[k:]))
        left_out += k
    return out, left_out


def repeated_lines(prev: list[str], cur: list[str]) -> int:
    """How many first lines of ``cur`` repeat the last lines of ``prev``: the longest such run.

    One pass of the prefix function (Knuth-Morris-Pratt) over ``cur`` then ``prev``: trying
    every length and comparing slices was quadratic in the lines of a long cue.

    Examples
    --------
    >>> repeated_lines(["a", "b", "c"], ["b", "c", "d"]), repeated_lines(["a", "a"], ["a", "a", "a"])
    (2, 2)
    >>> repeated_lines(["x"], ["y"]), repeated_lines([], ["y"])
    (0, 0)
    """
    cur = cur[: len(prev)]
    sequence = cur + [None] + prev  # None never equals a line: a run stops at the border
    border = [0] * len(sequence)
    for i in range(1, len(sequence)):
        k = border[i - 1]
        while k and sequence[i] != sequence[k]:
            k = border[k - 1]
        border[i] = k + (sequence[i] == sequence[k])
    return border[-1] if sequence else 0


_PAREN_NAME = re.compile(r"^\((?P<name>[^()\n]{1,63})\)$")


def parenthesised_speakers(cue_texts: list[str], *, known: Mapping[str, str] | None = None) -> frozenset[str]:
    """Names written as a line ``(Name)`` in at least two cues (Google Meet captions).

    Examples
    --------
    >>> sorted(parenthesised_speakers(["(Ann Lee)\\nHi", "(Ann Lee)\\nSo\\n-\\n(Bo)\\nNo", "(Bo)\\nYes", "(Music)"]))
    ['Ann Lee', 'Bo']
    """
    lookup = {normalise_label(k): v for k, v in (known or {}).items()}
    counts: Counter = Counter()
    for text in cue_texts:
        found = {m.group("name").strip() for line in text.split("\n") if (m := _PAREN_NAME.match(line.strip()))}
        counts.update(name for name in found if label_evidence(name, lookup, known) in {"known", "name"})
    return frozenset(name for name, n in counts.items() if n >= 2)


def cue_parts(text: str, names: frozenset[str]) -> list[tuple[str | None, str]]:
    """Split a cue's text at ``(Name)`` lines of known speakers: ``(speaker or None, words)`` parts.

    The lines of a part are joined by spaces; a ``-`` line stays in the text before it.

    Examples
    --------
    >>> cue_parts("(Ann Lee)\\nbackground?\\n-\\n(Bo)\\nLife wise", frozenset({"Ann Lee", "Bo"}))
    [('Ann Lee', 'background? -'), ('Bo', 'Life wise')]
    >>> cue_parts("no names here", frozenset())
    [(None, 'no names here')]
    """
    parts: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in (line.strip() for line in text.split("\n")):
        m = _PAREN_NAME.match(line)
        if m and m.group("name").strip() in names:
            parts.append((m.group("name").strip(), []))
        elif line:
            parts[-1][1].append(line)
    return [(speaker, " ".join(lines)) for speaker, lines in parts if lines]


def _note_metadata(text: str) -> dict:
    r"""``Key: value`` lines in WebVTT ``NOTE`` blocks before the first cue become attributes.

    Examples
    --------
    >>> _note_metadata("WEBVTT\n\nNOTE\nport: Eemshaven\ngroup: politie\n\n00:01.000 --> 00:02.000\nja\n")
    {'port': 'Eemshaven', 'group': 'politie'}
    """
    attributes: dict = {}
    for block in text.split("\n\n"):
        if "-->" in block:
            break
        lines = block.strip().split("\n")
        if lines and lines[0].startswith("NOTE"):
            body = lines[1:] if lines[0].strip() == "NOTE" else [lines[0][4:].strip()] + lines[1:]
            found, _ = parse_header_lines(body, require_terminator=False)
            attributes.update(found)
    return attributes


def timing_notes(cues: list[Cue]) -> list[str]:
    """Notes on cues that end before they start, start before the previous cue, or overlap it.

    The cues are kept in file order (the text is never reordered); the note names them. Cues
    without a time are passed over.

    Examples
    --------
    >>> timing_notes([Cue("a", 5.0, 6.0, timing="cue 1"), Cue("b", 1.0, 2.0, timing="cue 2")])
    ['1 cue(s) start before the cue above them: cue 2; kept in file order, timestamps as written; check the subtitle export']
    """
    reversed_, earlier, overlapping = [], [], []
    previous_start = previous_end = None
    for cue in cues:
        start, end = cue.start, cue.end
        if start is None:
            continue
        label = cue.timing or cue.location
        if end is not None and end < start:
            reversed_.append(label)
        if previous_start is not None and start < previous_start:
            earlier.append(label)
        elif previous_end is not None and start < previous_end:
            overlapping.append(label)
        previous_start, previous_end = start, max(start, end if end is not None else start)
    notes = []
    for cues, what in ((reversed_, "end before they start"), (earlier, "start before the cue above them"),
                       (overlapping, "overlap the cue above them")):
        if cues:
            notes.append(f"{len(cues)} cue(s) {what}: {', '.join(cues[:5])}" + (" ..." if len(cues) > 5 else "")
                         + "; kept in file order, timestamps as written; check the subtitle export")
    return notes

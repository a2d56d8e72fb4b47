"""The shared end of the time-aligned annotation readers (ELAN, Praat, Transcriber, EXMARaLDA).

Each reader turns its file into :class:`Utterance` s: a stretch of one speaker's speech with
its start (seconds, or ``None`` where the file gives no time), a sort key that places it on
the file's timeline, and its place in the file. :func:`assemble_utterances` orders them by
that key (start time first; ties broken by the tier's and the annotation's place in the
file, so the order never depends on anything but the file), writes each as a paragraph and
lets :func:`researchkit.io.assemble.assemble` make the transcript: a speaker's consecutive
utterances are one turn, written once as ``Speaker: text``, whose timestamp is its first
utterance's start. Speech of two speakers at once is written one after the other, in the
order their utterances start; :func:`overlaps` counts such utterances for a note.

Speaker names are the tiers' (``A``, ``SPK1``, ``Interviewer``): the file's structure says
who speaks, so a tier called ``A`` is speaker A, never the answer of a Q/A transcript; roles
come from the names (role words) or from who asks the questions, as for a transcription
tool's speakers (:class:`researchkit.io.asrdiarization.DiarizationLabels`).

Examples
--------
>>> from researchkit.transcripts import Source
>>> us = [Utterance("Yes.", "B", 1.5, (1500, 1), "B[1]"), Utterance("Where?", "A", 0.0, (0, 0), "A[1]"),
...       Utterance("At sea.", "B", 2.0, (2000, 1), "B[2]")]
>>> t = assemble_utterances("R1", us, source=Source("R1.eaf", "0"), fmt="eaf")
>>> t.text
'A: Where?\\nB: Yes.\\nAt sea.'
>>> [(turn.speaker, turn.timestamp, t.turn_text(turn)) for turn in t.turns]
[('A', 0.0, 'Where?'), ('B', 1.5, 'Yes.\\nAt sea.')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from researchkit.io.asrdiarization import DiarizationLabels, is_diarization_label
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.roles import LabelMap
from researchkit.transcripts import Source, Transcript

__all__ = ["Utterance", "assemble_utterances", "one_line", "overlaps", "listed", "NO_SPEAKER", "NOTE_TIER_WORDS", "names_notes"]

#: The speaker of speech that the file gives to nobody (a Transcriber turn without a speaker); role ``other``.
NO_SPEAKER = "(no speaker)"
#: Words of a tier's name (or ELAN linguistic type) that make it a tier of notes, not of a person's speech.
NOTE_TIER_WORDS = frozenset({
    "comment", "comments", "commentary", "note", "notes", "remark", "remarks", "memo", "memos", "topic", "topics",
    "situation", "context", "event", "events", "action", "actions", "noise", "noises", "sound", "sounds",
    "opmerking", "opmerkingen", "notitie", "notities", "commentaar", "onderwerp", "kommentar", "notiz", "notizen",
    "anmerkung", "anmerkungen", "thema", "marker", "markers",
})
#: Longest speaker name written into the text (a tier name is a name, not a paragraph).
MAX_SPEAKER = 80


@dataclass(frozen=True)
class Utterance:
    """One speaker's stretch of speech as the file has it.

    Attributes
    ----------
    text
        The words (white space is made single when the transcript is built).
    speaker
        The speaker's name as the file gives it.
    start
        Start in seconds, ``None`` when the file gives no time.
    order
        Sort key placing the utterance on the file's timeline (start first, then the tier's
        and the annotation's place in the file).
    location
        Where it is in the file, for notes (``"tier 'A', annotation a12"``).
    end
        End in seconds, when known (for counting overlapping speech).
    """

    text: str
    speaker: str
    start: float | None
    order: tuple
    location: str
    end: float | None = None


def one_line(text: str | None) -> str:
    """The text with every run of white space (line breaks too) made one space, stripped.

    Examples
    --------
    >>> one_line("  Nah/ CDU-Nahen\\n oder  "), one_line(None)
    ('Nah/ CDU-Nahen oder', '')
    """
    return " ".join((text or "").split())


def names_notes(*names: str | None) -> bool:
    """Whether a tier's name (or type) has a word of :data:`NOTE_TIER_WORDS`: a tier of remarks, topics or events.

    Examples
    --------
    >>> names_notes("comments", "commentary"), names_notes("Topic_1"), names_notes("Interviewer"), names_notes(None)
    (True, True, False, False)
    """
    words = " ".join(filter(None, names)).casefold()
    return any(word in NOTE_TIER_WORDS for word in re.split(r"[\W_\d]+", words) if word)


def listed(items: Sequence[str], limit: int = 8) -> str:
    """Up to ``limit`` items joined by commas, with ``...`` when there are more.

    Examples
    --------
    >>> listed(["a", "b", "c"], 2)
    'a, b ...'
    """
    return ", ".join(items[:limit]) + (" ..." if len(items) > limit else "")


def overlaps(utterances: Sequence[Utterance]) -> int:
    """How many utterances (in timeline order) start before an earlier one of another speaker has ended.

    Examples
    --------
    >>> overlaps([Utterance("a", "A", 0.0, (0,), "", end=5.0), Utterance("b", "B", 2.0, (2,), "", end=3.0),
    ...           Utterance("c", "A", 6.0, (6,), "", end=7.0)])
    1
    """
    count = 0
    latest: dict[str, float] = {}  # each speaker's latest end so far
    for u in utterances:
        if u.start is not None and any(end > u.start for speaker, end in latest.items() if speaker != u.speaker):
            count += 1
        if u.end is not None:
            latest[u.speaker] = max(latest.get(u.speaker, u.end), u.end)
    return count


def assemble_utterances(
    doc_id: str,
    utterances: Iterable[Utterance],
    *,
    source: Source,
    fmt: str,
    encoding: str = "utf-8",
    labels: Mapping[str, str] | None = None,
    attributes: Mapping | None = None,
    notes: Sequence[str] = (),
) -> Transcript:
    """A transcript from a reader's utterances (see the module docstring); empty ones are left out.

    Speaker names are written on one line, at most :data:`MAX_SPEAKER` characters; a speaker
    without a name is :data:`NO_SPEAKER` (role ``other`` unless ``labels`` says otherwise).

    Parameters
    ----------
    doc_id, labels
        As for :func:`researchkit.io.read_transcript`.
    utterances
        In any order; they are sorted by :attr:`Utterance.order`.
    source
        Provenance; its format and encoding are set to ``fmt`` and ``encoding``.
    attributes, notes
        From the file's metadata and the reader.
    """
    ordered = sorted((u for u in utterances if one_line(u.text)), key=lambda u: u.order)
    speakers = [one_line(u.speaker)[:MAX_SPEAKER] or NO_SPEAKER for u in ordered]
    paragraphs = [RawParagraph(one_line(u.text), u.location, speaker=speaker, timestamp=u.start)
                  for u, speaker in zip(ordered, speakers)]
    user = dict(labels or {})
    if NO_SPEAKER in speakers:
        user.setdefault(NO_SPEAKER, "other")
    machine = frozenset(s for s in set(speakers) if is_diarization_label(s))
    label_map: LabelMap = DiarizationLabels(user, machine=machine) if machine else LabelMap(user)
    return assemble(doc_id, paragraphs, labels=label_map, attributes=dict(attributes or {}),
                    source=Source(source.path, source.sha256, fmt, encoding), notes=list(notes))

"""Turns of a transcript without any speaker label.

Three readings, in this order, each only with its own evidence:

1. the questions are printed in bold or italics (:mod:`researchkit.io.emphasis`): those
   paragraphs are the interviewer's, the plain ones the respondent's;
2. the paragraphs alternate question and answer (:mod:`researchkit.io.alternation`);
3. otherwise each paragraph is one turn with no speaker and role ``other``.

A note says which reading was used. A bracketed time opening a paragraph
(``[00:43.81] Hello``) is its turn's time, and the turn starts after it; a line that is only a
time (a cue's ``00:00:02.000 --> 00:00:08.000``) is not a turn: it times the paragraph below.
A transcript whose only labels are a note-taker's is read the same way around the notes
(:func:`note_taker_turns`).

Examples
--------
>>> from researchkit.io.assemble import RawParagraph
>>> texts = ["Where?", "Here.", "When?", "Now.", "Why?", "So.", "Who?", "Me."]
>>> spans, pos = [], 0
>>> for text in texts:
...     spans.append((pos, pos + len(text))); pos += len(text) + 1
>>> notes = []
>>> raw = unlabelled_turns([(t, RawParagraph(t, f"line {i + 1}"), 0) for i, t in enumerate(texts)], spans, notes)
>>> [turn["role"] for turn in raw][:3], notes[0][:60]
(['interviewer', 'respondent', 'interviewer'], 'no speaker labels found; the paragraphs alternate question a')
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Sequence

from researchkit.io.alternation import alternation_note, alternation_roles
from researchkit.io.emphasis import emphasis_note, emphasis_roles
from researchkit.io.roles import normalise_label
from researchkit.io.timemarks import match_leading_time, match_timestamp_only

if TYPE_CHECKING:
    from researchkit.io.assemble import RawParagraph

__all__ = ["unlabelled_turns", "note_taker_turns", "NOTE_TAKER_LABELS"]

#: Labels of someone who writes notes beside the conversation, not of a speaker in it (normalised).
NOTE_TAKER_LABELS = frozenset({"notetaker", "note-taker", "notetakers", "notes", "note", "notulist", "observer", "observers",
                               "beobachter", "beobachterin", "observateur", "observatrice", "observador", "observadora",
                               "waarnemer", "protokoll", "protokollant", "protokollantin"})

Cleaned = Sequence[tuple[str, "RawParagraph", int]]


def unlabelled_turns(cleaned: Cleaned, spans: Sequence[tuple[int, int]], notes: list[str]) -> list[dict]:
    """The assembler's raw turns for a file without labels (see the module docstring); the note is appended to ``notes``.

    Parameters
    ----------
    cleaned
        The assembler's paragraphs: ``(text, RawParagraph, bold_prefix)``.
    spans
        Each paragraph's span in the canonical text.
    notes
        The transcript's notes so far.
    """
    kept = _speech(cleaned, spans)
    raw = _emphasis_turns(kept, notes)
    if raw is not None:
        return raw
    texts = [text for _, text, _ in kept]
    roles = alternation_roles(texts)
    raw = [_turn(start, end, text, p) for (start, end), text, p in kept]
    if roles is not None:
        for turn, role in zip(raw, roles):
            turn.update(kind="inferred", role=role)
        notes.append(alternation_note(roles, texts, kept[roles.index("interviewer")][2].location, [p.location for _, _, p in kept]))
    elif cleaned:
        notes.append(
            f"no speaker labels found: each of the {len(raw)} paragraphs became one turn with role "
            "'other'; pass labels=... or fix the transcript if turns should have speakers"
        )
    return raw


def _speech(cleaned: Cleaned, spans: Sequence[tuple[int, int]]) -> list[tuple[tuple[int, int], str, "RawParagraph"]]:
    """The paragraphs that are speech: not page furniture, not a line that is only a time (a cue's
    ``00:00:02.000 --> 00:00:08.000``), whose time goes to the paragraph below it instead."""
    kept = []
    pending: float | None = None
    for span, (text, p, _) in zip(spans, cleaned):
        if p.furniture or not text.strip():
            continue
        only = match_timestamp_only(text) if not p.time_prefix else None
        if only is not None:
            pending = only
            continue
        if pending is not None and p.timestamp is None and match_leading_time(text) is None:
            p = replace(p, timestamp=pending)
        pending = None
        kept.append((span, text, p))
    return kept


def note_taker_turns(
    cleaned: Cleaned, spans: Sequence[tuple[int, int]], labels: Sequence[object | None], notes: list[str]
) -> list[dict] | None:
    """Turns of a transcript whose only labels are a note-taker's (``Notetaker:``, ``Observer:``), else ``None``.

    Usability-test write-ups paste the recording's unlabelled cues and add the note-taker's
    remarks with a label (department-of-veterans-affairs/va.gov-team research transcripts). The
    notes are turns of their own (role ``other``); the conversation around them is read as a
    transcript without labels (:func:`unlabelled_turns`), never glued into a note.

    Parameters
    ----------
    labels
        The label of each paragraph (``LabelMatch`` or ``None``).
    """
    labelled = [i for i, m in enumerate(labels) if m is not None]
    if (not labelled or any(p.speaker is not None for _, p, _ in cleaned)
            or any(normalise_label(labels[i].label) not in NOTE_TAKER_LABELS for i in labelled)):
        return None
    rest = [i for i in range(len(cleaned)) if labels[i] is None]
    raw = unlabelled_turns([cleaned[i] for i in rest], [spans[i] for i in rest], notes)
    for i in labelled:
        m = labels[i]
        raw.append(dict(speaker=m.label, start=spans[i][0] + m.content_start, end=spans[i][1], ts=m.timestamp, kind="label"))
    raw.sort(key=lambda turn: turn["start"])
    names = sorted({labels[i].label for i in labelled})
    notes.append(f"the only speaker labels are a note-taker's ({', '.join(repr(n) for n in names)}, {len(labelled)} "
                 "note(s)): each note is a turn of its own (role 'other'); the conversation around them was read as a "
                 "transcript without labels")
    return raw


def _emphasis_turns(kept: list[tuple[tuple[int, int], str, "RawParagraph"]], notes: list[str]) -> list[dict] | None:
    """Turns of a file whose questions are printed in bold or italics (:mod:`researchkit.io.emphasis`), else ``None``."""
    texts = [text for _, text, _ in kept]
    bold = [p.bold_prefix >= len(text.rstrip()) for _, text, p in kept]
    italic = [p.italic and not b for (_, _, p), b in zip(kept, bold)]
    roles = emphasis_roles(texts, [b or i for b, i in zip(bold, italic)])
    if roles is None:
        return None
    kind = " or ".join(k for k, used in (("bold", any(bold)), ("italics", any(italic))) if used)
    raw: list[dict] = []
    for ((start, end), _text, p), role in zip(kept, roles):
        if raw and raw[-1]["role"] == role != "other":
            raw[-1]["end"] = end
        else:
            raw.append(dict(speaker="", start=start, end=end, ts=p.timestamp, kind="inferred", role=role))
    notes.append(emphasis_note(roles, texts, kind))
    return raw


def _turn(start: int, end: int, text: str, p: "RawParagraph") -> dict:
    """A paragraph of a file without labels as a turn; a bracketed time opening it (``[00:43.81] Hello``) is its time."""
    if p.time_prefix:  # read by the reader (.lrc)
        return dict(speaker="", start=start + p.time_prefix, end=end, ts=p.timestamp, kind="preamble")
    lead = match_leading_time(text) if p.timestamp is None else None
    if lead is None:
        return dict(speaker="", start=start, end=end, ts=p.timestamp, kind="preamble")
    return dict(speaker="", start=start + lead[1], end=end, ts=lead[0], kind="preamble")

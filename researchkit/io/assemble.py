"""Build a :class:`~researchkit.transcripts.Transcript` from a reader's paragraphs.

Every reader (Word, text, subtitles) turns its file into a list of
:class:`RawParagraph` objects; :func:`assemble` does the rest, the same way for all
formats: canonical text, paragraph spans, speaker labels, roles and turns.

Rules
-----
- The canonical text is the non-empty paragraphs joined by ``\\n``; labels and
  timestamps stay in the text, turn spans exclude them.
- A paragraph with a speaker label starts a new turn; a paragraph without one
  continues the previous turn (the turn then spans the line break).
- Paragraphs before the first label form a turn with an empty speaker and role
  ``other`` (a title line, say), so no text is outside a turn.
- A label that only looks like a name (``Kijk: ...``) counts only when it labels at
  least two paragraphs of the document; known role labels and bold labels always count.
- A transcript without any label becomes one turn per paragraph with role ``other``,
  and a note says so.

Examples
--------
>>> t = assemble("R01", [RawParagraph("I: Wat zag u?", "line 1"),
...                      RawParagraph("R: Een busje.", "line 2"),
...                      RawParagraph("Om drie uur 's nachts.", "line 3")])
>>> [(turn.role, t.turn_text(turn)) for turn in t.turns]
[('interviewer', 'Wat zag u?'), ('respondent', "Een busje.\\nOm drie uur 's nachts.")]
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Mapping, Sequence

from researchkit.io.speakers import LabelMap, LabelMatch, match_label, match_timestamp_only
from researchkit.transcripts import Source, Transcript, Turn, canonical_text


@dataclass
class RawParagraph:
    """One paragraph as a reader found it.

    Attributes
    ----------
    text
        The paragraph's text (any line ends; canonicalised here).
    location
        Where it is in the file, for messages (``"paragraph 12"``, ``"line 30"``).
    bold_prefix
        Number of leading characters printed in bold (Word files).
    speaker
        A speaker already known from the format (WebVTT voice tag); the paragraph is
        then written into the text as ``"speaker: text"``.
    timestamp
        A time already known from the format (subtitle cue start), in seconds.
    """

    text: str
    location: str
    bold_prefix: int = 0
    speaker: str | None = None
    timestamp: float | None = None


_SPLIT_NAMES = re.compile(r"\s*(?:;|,|&|\ben\b|\band\b|/)\s*")


def interviewer_names(attributes: Mapping) -> tuple[str, ...]:
    """Names listed under an ``interviewer``/``interviewers`` attribute.

    Examples
    --------
    >>> interviewer_names({"interviewer": "Marieke Hoekstra; Jeroen Postma"})
    ('Marieke Hoekstra', 'Jeroen Postma')
    """
    names: list[str] = []
    for key, value in attributes.items():
        if str(key).casefold() in {"interviewer", "interviewers", "interviewer(s)", "interviewster", "onderzoeker"} and value:
            names.extend(n for n in _SPLIT_NAMES.split(str(value)) if n)
    return tuple(names)


def assemble(
    doc_id: str,
    paragraphs: Sequence[RawParagraph],
    *,
    labels: Mapping[str, str] | LabelMap | None = None,
    attributes: Mapping | None = None,
    source: Source | None = None,
    notes: Sequence[str] = (),
) -> Transcript:
    """Turn a reader's paragraphs into a transcript.

    Parameters
    ----------
    doc_id
        Document id.
    paragraphs
        Paragraphs in reading order (empty ones are ignored).
    labels
        The user's label → role map (``{"Henk": "respondent"}``), merged over the
        Dutch/English defaults.
    attributes
        Metadata found in the file (used to recognise interviewers by name).
    source
        Provenance.
    notes
        Notes from the reader, passed on.

    Returns
    -------
    Transcript
    """
    label_map = labels if isinstance(labels, LabelMap) else LabelMap(dict(labels or {}))
    attributes = dict(attributes or {})
    cleaned = [(canonical_text(p.text).strip(), p) for p in paragraphs]
    cleaned = [(text, p) for text, p in cleaned if text]
    known = dict(label_map.mapping)

    matches: list[LabelMatch | None] = []
    for text, p in cleaned:
        if p.speaker is not None:
            matches.append(None)
            continue
        matches.append(match_label(text, known=known, bold_prefix=p.bold_prefix))
    name_counts = Counter(m.label for m in matches if m is not None and m.evidence == "name")
    matches = [
        None if m is not None and m.evidence == "name" and name_counts[m.label] < 2 else m for m in matches
    ]

    # Lay out the canonical text: paragraphs joined by "\n".
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    prefixes: list[int] = []  # length of a label we wrote for a preset speaker
    pos = 0
    previous_speaker: str | None = None
    for text, p in cleaned:
        prefix = 0
        if p.speaker is not None and p.speaker != previous_speaker:
            prefix = len(p.speaker) + 2
            text = f"{p.speaker}: {text}"
        if p.speaker is not None:
            previous_speaker = p.speaker
        pieces.append(text)
        prefixes.append(prefix)
        spans.append((pos, pos + len(text)))
        pos += len(text) + 1
    full_text = "\n".join(pieces)

    any_label = any(m is not None for m in matches) or any(p.speaker is not None for _, p in cleaned)
    notes = list(notes)
    interviewers = interviewer_names(attributes)
    raw_turns: list[list] = []  # [speaker, start, end, timestamp]

    if not any_label:
        for (start, end), (_, p) in zip(spans, cleaned):
            raw_turns.append(["", start, end, p.timestamp])
        if cleaned:
            notes.append(
                f"no speaker labels found: each of the {len(cleaned)} paragraphs became one turn with role "
                "'other'; pass labels=... or fix the transcript if turns should have speakers"
            )
    else:
        pending_ts: float | None = None
        for (start, end), (text, p), m, prefix in zip(spans, cleaned, matches, prefixes):
            if p.speaker is not None:
                if prefix:
                    raw_turns.append([p.speaker, start + prefix, end, p.timestamp, True])
                else:
                    raw_turns[-1][2] = end  # consecutive cues of one speaker join into one turn
                continue
            if m is not None:
                ts = m.timestamp if m.timestamp is not None else (p.timestamp if p.timestamp is not None else pending_ts)
                pending_ts = None
                raw_turns.append([m.label, start + m.content_start, end, ts, False])
                continue
            ts_only = match_timestamp_only(text)
            if ts_only is not None:
                pending_ts = ts_only
                continue
            if raw_turns and not (raw_turns[-1][0] == "" and raw_turns[-1][4] is None):
                current = raw_turns[-1]
                if current[1] >= current[2]:  # an empty labelled turn takes the next paragraph
                    current[1] = start
                current[2] = end
            elif raw_turns:
                raw_turns[-1][2] = end
            else:
                raw_turns.append(["", start, end, pending_ts, None])

    has_interviewer = any(label_map.known(t[0]) == "interviewer" for t in raw_turns if t[0])
    turns: list[Turn] = []
    for speaker, start, end, ts, *_ in raw_turns:
        # Trim whitespace inside the span so text[start:end] is the content proper.
        segment = full_text[start:end]
        lead = len(segment) - len(segment.lstrip())
        trail = len(segment) - len(segment.rstrip())
        start, end = start + lead, end - trail
        if end <= start:
            continue
        role = label_map.role(speaker, has_interviewer=has_interviewer, interviewers=interviewers) if speaker else "other"
        turns.append(Turn(speaker, role, start, end, ts))

    return Transcript(
        doc_id=doc_id,
        text=full_text,
        turns=tuple(turns),
        attributes=attributes,
        source=source,
        paragraphs=tuple(spans),
        notes=tuple(notes),
    )

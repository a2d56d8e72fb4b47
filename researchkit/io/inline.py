"""Speaker labels inside a paragraph: a whole interview on one line, as scrapes and some exports give it.

``Interviewer: Thanks for coming. Participant: Sure. Interviewer: Let's start. Participant: ...``
is one paragraph, so the assembler would make it one turn. A label counts inside a paragraph
only with clear evidence:

- it follows the end of a sentence (``.``, ``?``, ``!``, ``…``, a closing quote or bracket) or
  starts the paragraph, and a colon and speech follow it;
- it is a role word, a generic speaker or a participant code (``Interviewer``, ``Speaker 2``,
  ``P3``) used at least twice in the paragraph, or a name used at least three times;
- at least two such labels recur, four times together.

The text is not changed: the turns are split where the labels stand, and the labels stay in
the text outside the turn spans, as everywhere else. A bracketed time right before an inline
label (``[00:01:10] Participant:``) is that turn's time and stays outside the turn before it.

Examples
--------
>>> line = "Interviewer: Hi. Respondent: Hello. Interviewer: Ready? Respondent: Yes."
>>> [(s.label, line[s.content_start:][:6]) for s in find_inline_labels(line)]
[('Interviewer', 'Hi. Re'), ('Respondent', 'Hello.'), ('Interviewer', 'Ready?'), ('Respondent', 'Yes.')]
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Mapping, Sequence

from researchkit.io.roles import normalise_label
from researchkit.io.speakers import label_evidence, parse_timestamp

#: A label after the start of the paragraph or the end of a sentence, then a colon and speech.
_INLINE_RE = re.compile(
    r"""(?:^|(?<=[.!?…"”’')\]*_])\s+)
    (?P<label>[^\W\d_][\w'’.\- ]{0,40}?)\s?:[ \t]+(?=\S)""",
    re.VERBOSE,
)
#: A bracketed time right before an inline label: ``... okay. [00:01:10] Participant: ...``.
_TIME_BEFORE_RE = re.compile(r"[\[(](?P<ts>\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)[\])]\s*$")
#: Characters before a label searched for that time (a time is at most 14, then the spaces before the label):
#: searching from the paragraph's start made a one-line interview of many labels quadratic.
TIME_WINDOW = 64
#: Uses a role word or code needs in the paragraph, and a name.
MIN_KNOWN_USES, MIN_NAME_USES = 2, 3


@dataclass(frozen=True)
class InlineLabel:
    """A label inside a paragraph: where it (or a bracketed time before it) starts, where the speech starts, the label, the time."""

    label_start: int
    content_start: int
    label: str
    timestamp: float | None = None


def find_inline_labels(paragraph: str, *, known: Mapping[str, str] | None = None) -> list[InlineLabel]:
    """Labels of a paragraph that holds several turns (see module docstring); ``[]`` when there is no clear evidence."""
    if paragraph.count(":") < 4:  # four labels, each with its colon, or no split (most paragraphs: checked in one pass)
        return []
    lookup = {normalise_label(k): v for k, v in (known or {}).items()}
    found: list[tuple[InlineLabel, str]] = []
    for m in _INLINE_RE.finditer(paragraph):
        label = m.group("label").strip()
        evidence = label_evidence(label, lookup, known, max_words=4)
        if evidence in {"known", "code", "name"}:
            time = _TIME_BEFORE_RE.search(paragraph, max(0, m.start("label") - TIME_WINDOW), m.start("label"))
            start, seconds = (time.start(), parse_timestamp(time.group("ts"))) if time else (m.start("label"), None)
            found.append((InlineLabel(start, m.end(), label, seconds), evidence))
    counts = Counter(item.label for item, _ in found)
    kinds = {item.label: evidence for item, evidence in found}
    accepted = {label for label, n in counts.items() if n >= (MIN_NAME_USES if kinds[label] == "name" else MIN_KNOWN_USES)}
    if len(accepted) < 2 or sum(counts[label] for label in accepted) < 4:
        return []
    return [item for item, _ in found if item.label in accepted]


def split_inline_turns(raw: list[dict], splits: Sequence[tuple[int, InlineLabel]]) -> list[dict]:
    """Split the assembler's raw turns at inline labels; ``splits`` are ``(paragraph offset, label)``.

    A label whose place lies in no turn's span (the paragraph's own first label, already a
    turn) is skipped; otherwise the turn holding it ends before it and a turn of that
    speaker starts after its colon.

    Examples
    --------
    >>> text = "I: Hi. R: Yo. I: Ok? R: No."
    >>> raw = [dict(speaker="I", start=3, end=len(text), ts=None, kind="label")]
    >>> labels = find_inline_labels(text)
    >>> [(t["speaker"], text[t["start"]:t["end"]]) for t in split_inline_turns(raw, [(0, s) for s in labels])]
    [('I', 'Hi. '), ('R', 'Yo. '), ('I', 'Ok? '), ('R', 'No.')]
    """
    points = sorted(((offset + item.label_start, offset, item) for offset, item in splits), key=lambda point: point[0])
    turns: list[dict] = []
    k = 0
    for turn in raw:  # one pass over turns and labels, both in text order (a search per label was quadratic)
        current = dict(turn)
        while k < len(points) and points[k][0] < current["end"]:
            at, offset, item = points[k]
            k += 1
            if at < current["start"]:
                continue  # between two turns, or the paragraph's own first label
            turns.append({**current, "end": at})
            current = dict(speaker=item.label, start=offset + item.content_start, end=current["end"], ts=item.timestamp,
                           kind="label")
        turns.append(current)
    return turns


def inline_note(per_paragraph: Mapping[str, Sequence[InlineLabel]]) -> str:
    """The note naming the paragraphs that were split and the labels found in them.

    Examples
    --------
    >>> inline_note({"line 3": [InlineLabel(0, 3, "I"), InlineLabel(8, 11, "R"), InlineLabel(16, 19, "I")]})
    "speaker labels inside one paragraph split it into turns (line 3: 'I' x2, 'R' x1); the text is unchanged, check the turns if a label was really part of a sentence"
    """
    parts = []
    for where, items in list(per_paragraph.items())[:5]:
        counts = Counter(item.label for item in items)
        parts.append(f"{where}: " + ", ".join(f"{label!r} x{n}" for label, n in sorted(counts.items())))
    more = " ..." if len(per_paragraph) > 5 else ""
    return (f"speaker labels inside one paragraph split it into turns ({'; '.join(parts)}{more}); the text is unchanged, "
            "check the turns if a label was really part of a sentence")

"""LDC's conversational speech transcripts kept as plain text (read by :mod:`researchkit.io.text`).

Two layouts of the Linguistic Data Consortium's telephone corpora:

- **times before the label** (CallHome, CallFriend, and Hub-5 transcripts in ``.txt``): each
  segment a line, its start and end in seconds, then the side of the call and a colon::

      57.66 59.27 A: yeah right
      1079.17 1081.63 B1: [distortion] yeah i think so

  The start is the turn's time; both times stay in the text, outside the turn, as an ``.lrc``
  line's time does (:attr:`researchkit.io.assemble.RawParagraph.time_prefix`).
- **side and utterance number** (Switchboard's ``A.1:``, ``B.2:``, also ``A.1 utt1:``): the side is
  the speaker, the number stays in the text before the turn.

A file is read in one of these layouts when at least two lines, and at least half of its lines
that are not blank, are written so. The sides (``A``, ``B``, ``B1``: a capital and at most two
digits) are the speakers; like a transcription tool's ``A``/``B`` they only tell the voices apart,
so ``A`` is never the answer of a Q/A transcript: roles come from who asks the questions unless
``labels=`` names them (:class:`researchkit.io.asrdiarization.DiarizationLabels`). Another label
after the times (``Maria:``) is read by the usual label grammar.

Examples
--------
>>> lines = ["57.66 59.27 A: yeah right", "59.40 61.02 B1: so when", "continued here"]
>>> layout = ldc_layout(lines)
>>> layout
'times'
>>> p = ldc_paragraph(lines[1], "line 2", layout)
>>> p.timestamp, p.time_prefix, p.label.label, lines[1][p.label.content_start:]
(59.4, 12, 'B1', 'so when')
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence

from researchkit.io.asrdiarization import DiarizationLabels
from researchkit.io.assemble import RawParagraph
from researchkit.io.speakers import LabelMatch

__all__ = ["ldc_layout", "ldc_paragraph", "ldc_labels", "ldc_note"]

_SECONDS_PAIR_RE = re.compile(r"[ \t]*(?P<start>\d{1,6}\.\d{1,3})[ \t]+(?P<end>\d{1,6}\.\d{1,3})[ \t]+(?=\S)")
#: A side of the call after the times: ``A:``, ``B1:``.
_SIDE_RE = re.compile(r"(?P<side>[A-Z]\d{0,2})[ \t]*:(?:[ \t]+|$)")
#: Switchboard's side and utterance number: ``A.1:``, ``B.12 utt3:``.
_SIDE_NUMBER_RE = re.compile(r"[ \t]*(?P<side>[A-Z])\.\d{1,5}(?:[ \t]+utt\d{1,4})?[ \t]*:(?:[ \t]+|$)")
#: Share of the lines that are not blank that must be written in a layout.
MIN_SHARE = 0.5


def ldc_layout(lines: Sequence[str]) -> str:
    """``"times"``, ``"sides"`` or ``""``: the LDC layout the lines are written in (see the module docstring).

    Examples
    --------
    >>> ldc_layout(["A.1: Okay.", "", "B.2: Well, I have a Honda."]), ldc_layout(["R: 12.5 13.0 ok", "I: fine"])
    ('sides', '')
    """
    written = [line for line in lines if line.strip()]
    if len(written) < 2:
        return ""
    for layout, pattern in (("times", _SECONDS_PAIR_RE), ("sides", _SIDE_NUMBER_RE)):
        count = sum(1 for line in written if pattern.match(line))
        if count >= 2 and count >= MIN_SHARE * len(written):
            return layout
    return ""


def ldc_paragraph(line: str, where: str, layout: str, *, furniture: str = "") -> RawParagraph:
    """One line as a paragraph of the layout: its time read, its side as the label when it has one.

    Examples
    --------
    >>> p = ldc_paragraph("B.2: Well, I have a Honda.", "line 3", "sides")
    >>> p.label.label, p.label.content_start, p.timestamp
    ('B', 5, None)
    """
    if layout == "sides":
        m = _SIDE_NUMBER_RE.match(line)
        label = LabelMatch(m.group("side"), None, m.end(), "known") if m else None
        return RawParagraph(line, where, label=label, furniture=furniture)
    m = _SECONDS_PAIR_RE.match(line) if layout == "times" else None
    if m is None:
        return RawParagraph(line, where, furniture=furniture)
    start = round(float(m.group("start")), 3)
    side = _SIDE_RE.match(line, m.end())
    label = LabelMatch(side.group("side"), start, side.end(), "known") if side else None
    return RawParagraph(line, where, timestamp=start, time_prefix=m.end(), label=label, furniture=furniture)


def ldc_labels(paragraphs: Sequence[RawParagraph], labels: Mapping[str, str] | None) -> DiarizationLabels:
    """The label map of a file in an LDC layout: its sides only tell the voices apart (``labels=`` wins).

    Examples
    --------
    >>> m = ldc_labels([RawParagraph("A: hi", "line 1", label=LabelMatch("A", None, 3))], {})
    >>> m.known("A"), m.role("A", has_interviewer=False)
    (None, 'other')
    """
    sides = frozenset(p.label.label for p in paragraphs if p.label is not None)
    return DiarizationLabels(dict(labels or {}), machine=sides)


def ldc_note(layout: str, paragraphs: Sequence[RawParagraph]) -> str:
    """The note naming the layout read and the sides found.

    Examples
    --------
    >>> ldc_note("sides", [RawParagraph("A.1: hi", "line 1", label=LabelMatch("A", None, 5))])
    "read as LDC's side and utterance number layout (A.1: ...): the side is the speaker (A), the number stays in the text before the turn; sides only tell the voices apart (A is no answer of Q/A): roles from who asks, or labels=..."
    """
    sides = ", ".join(dict.fromkeys(p.label.label for p in paragraphs if p.label is not None)) or "none"
    if layout == "times":
        return (f"read as LDC's timed lines (start end SIDE: ...): a line's start is its turn's time, the times stay in "
                f"the text outside the turn; the sides are the speakers ({sides}); sides only tell the voices apart "
                "(A is no answer of Q/A): roles from who asks, or labels=...")
    return (f"read as LDC's side and utterance number layout (A.1: ...): the side is the speaker ({sides}), the number "
            "stays in the text before the turn; sides only tell the voices apart (A is no answer of Q/A): roles from who "
            "asks, or labels=...")

"""Cases that stand for one participant of a focus group: their values become speaker attributes.

NVivo and QualCoder model persons as cases; in a focus group such a case covers only the
turns of one speaker of the document. researchkit keeps speaker-level attributes
(``Corpus.speaker_attributes``, indexed by ``(doc_id, speaker)``), so such a case's
values go to that speaker. The rule is strict; a case that does not meet it is listed in
the import report as before, with the reason:

1. every non-blank character of the case's selections in the document lies in the turns of
   one labelled speaker (a turn counts from the start of the line its label is on, so a
   selection may include the label ``A:``; white space between turns counts for no one);
2. the selections cover more than half of that speaker's spoken non-blank characters and
   reach more than half of the speaker's turns (:data:`MIN_COVERAGE`);
3. no other case claims the same speaker of that document.

A case named otherwise than the speaker's label (or ``doc_id: label``, as researchkit
names the cases it exports, or the participant code a pseudonymised researchkit export names
it by, which its extension lists) also gives the speaker the attribute ``case``.

Examples
--------
>>> from researchkit.transcripts import Turn
>>> text = "M: Wie begint?\\nA: Ik vis op tong.\\nB: Ik op garnalen."
>>> turns = (Turn("M", "interviewer", 3, 14), Turn("A", "respondent", 18, 33), Turn("B", "respondent", 37, 52))
>>> speaker_of(text, turns, [(15, 33)])
('A', '')
>>> speaker_of(text, turns, [(15, 40)])
(None, "its selections run over the turns of 'A' and 'B'")
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from researchkit.refi.model import ExchangeReport

__all__ = ["MIN_COVERAGE", "SpeakerClaim", "speaker_of", "claimed_speakers", "code_spans", "speaker_case_name", "covers"]

#: The share of a speaker's spoken (non-blank) characters a case's selections must cover to be that speaker.
MIN_COVERAGE = 0.5


@dataclass(frozen=True)
class SpeakerClaim:
    """A case covering part of one document: its name, report label, spans (canonical offsets) and values."""

    case: str
    label: str
    doc_id: str
    spans: tuple[tuple[int, int], ...]
    values: tuple[tuple[str, Any], ...]


def speaker_case_name(doc_id: str, speaker: str) -> str:
    """The name researchkit gives the case of a speaker it exports.

    Examples
    --------
    >>> speaker_case_name("F1", "Anna")
    'F1: Anna'
    """
    return f"{doc_id}: {speaker}"


def code_spans(rows: Iterable[Mapping], code: str, doc_id: str) -> tuple[tuple[int, int], ...]:
    """The passages coding rows mark with ``code`` in ``doc_id`` (a case written also as a code, as NVivo does).

    Examples
    --------
    >>> code_spans([{"doc_id": "F1", "code": "Anna", "start": 3, "end": 9}, {"doc_id": "F2", "code": "Anna", "start": 0, "end": 2}], "Anna", "F1")
    ((3, 9),)
    """
    return tuple(sorted((int(r["start"]), int(r["end"])) for r in rows if r["code"] == code and r["doc_id"] == doc_id))


_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def is_label_line(line: str, speaker: str) -> bool:
    """Whether ``line`` is nothing but the label of ``speaker``: the label as a whole word (any case), and
    around it only marks, times and bracketed notes (``**Deelnemer 2**``, ``### Anna  0:35``,
    ``Participant 1 (F, 45)``, ``[00:01:02] Spreker 1:``), no other word.

    Examples
    --------
    >>> is_label_line("Deelnemer 2", "Deelnemer 2"), is_label_line("**ANNA** (00:12)", "Anna")
    (True, True)
    >>> is_label_line("Deelnemer 20", "Deelnemer 2"), is_label_line("Ronde 2: Anna", "Anna")
    (False, False)
    """
    name = speaker.strip().casefold()
    if not name:
        return False
    folded = line.strip().casefold()
    m = re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", folded)
    if m is None:
        return False
    rest = _BRACKETED.sub(" ", folded[:m.start()] + " " + folded[m.end():])
    return not any(c.isalpha() for c in rest)


def _label_above(text: str, speaker: str, lo: int, line_start: int) -> int:
    """The start of the speaker's label standing alone on a line above ``line_start`` (blank lines and lines
    without letters, such as a time, may lie between), within ``text[lo:line_start]``; else ``line_start``.

    Only the line closest to the speech is looked at: a heading above the label stays outside every turn.
    """
    end = line_start - 1  # the line end just above the speech's line
    while end >= lo and end >= 0:
        start = text.rfind("\n", 0, end) + 1
        if start < lo:
            return line_start  # the rest of the line the previous turn ends on: not a line of its own
        line = text[start:end]
        if any(c.isalpha() for c in line):
            return start if is_label_line(line, speaker) else line_start
        end = start - 1
    return line_start


class _Layout:
    """One document's turns as regions (label to end of text) and a running count of non-blank characters.

    A turn's region starts at the start of the line its speech starts on when the label is on
    that line (``ANNA: ...``), or at the label's line when the label stands alone on a line
    above the speech (``Deelnemer 2`` with the answer below, :func:`is_label_line`). Every
    question is answered with the counts and a walk over the turns a span reaches, so a file
    with many cases over a long text costs no pass over the whole text per case.
    """

    def __init__(self, text: str, turns: Sequence[Any]) -> None:
        self.text = text
        self.n = len(text)
        blank = np.fromiter((c.isspace() for c in text), dtype=bool, count=len(text))
        self.nonblank = np.concatenate([[0], np.cumsum(~blank)]).tolist()
        self.turns = list(turns)
        self.regions: list[tuple[int, int, str]] = []
        previous_end = 0
        for turn in self.turns:
            line_start = text.rfind("\n", 0, turn.start) + 1
            if turn.speaker and line_start <= turn.start and not text[line_start:turn.start].strip():
                line_start = _label_above(text, turn.speaker, previous_end, line_start)
            start = max(previous_end, min(line_start, turn.start))
            end = max(start, turn.end)
            self.regions.append((start, end, turn.speaker or ""))
            previous_end = max(previous_end, end)
        self.region_starts = [r[0] for r in self.regions]

    def count(self, a: int, b: int) -> int:
        """Non-blank characters in ``text[a:b]``."""
        return self.nonblank[b] - self.nonblank[a] if a < b else 0

    def outside(self, a: int, b: int) -> int | None:
        """The first non-blank character of ``text[a:b]`` (which lies outside every turn), or ``None``."""
        if not self.count(a, b):
            return None
        return next(i for i in range(a, b) if not self.text[i].isspace())

    def owners(self, a: int, b: int) -> tuple[set[str], int | None]:
        """The speakers whose regions hold non-blank characters of ``text[a:b]``, and the first such character outside every turn."""
        names: set[str] = set()
        pos = a
        i = max(0, bisect.bisect_right(self.region_starts, a) - 1)
        while i < len(self.regions) and self.regions[i][0] < b:
            start, end, speaker = self.regions[i]
            i += 1
            if end <= a:
                continue
            if self.count(pos, max(pos, start)):
                return names, self.outside(pos, start)
            if self.count(max(a, start), min(b, end)):
                names.add(speaker)
                if len(names) > 1:
                    return names, None
            pos = max(pos, min(b, end))
        return names, self.outside(pos, b)

    def line_at(self, offset: int) -> str:
        """The line holding ``offset``, without the white space at its ends, cut at 60 characters."""
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        line = self.text[start:end if end >= 0 else self.n].strip()
        return line if len(line) <= 60 else line[:59] + "…"


def covers(spans: Sequence[tuple[int, int]], first: int, last: int) -> bool:
    """Whether the spans together cover ``first``..``last`` (e.g. a text without the white space at its ends).

    Examples
    --------
    >>> covers([(0, 5), (5, 11)], 0, 11), covers([(0, 5)], 0, 11)
    (True, False)
    """
    reach = first
    for a, b in sorted(spans):
        if a > reach:
            break
        reach = max(reach, b)
    return reach >= last


def _merged(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _speaker_of(layout: _Layout, spans: Sequence[tuple[int, int]]) -> tuple[str | None, str]:
    clipped = [(max(0, int(a)), min(layout.n, int(b))) for a, b in spans]
    clipped = _merged([(a, b) for a, b in clipped if a < b])
    names: set[str] = set()
    for a, b in clipped:
        found, outside = layout.owners(a, b)
        if outside is not None:
            return None, (f"its selections hold text outside every speaker's turns (the line {layout.line_at(outside)!r}: "
                          "a heading, a note, or a label that is not only the speaker's)")
        names |= found
        if len(names) > 1:
            break
    if not names:
        return None, "its selections hold no text"
    if "" in names:
        return None, "its selections hold a turn without a speaker label"
    if len(names) > 1:
        return None, "its selections run over the turns of " + " and ".join(repr(n) for n in sorted(names))
    speaker = names.pop()
    total = got = touched = 0
    turns = [u for u in layout.turns if u.speaker == speaker]
    j = 0
    for u in turns:  # both lists are sorted: one walk
        total += layout.count(u.start, u.end)
        while j < len(clipped) and clipped[j][1] <= u.start:
            j += 1
        k, here = j, 0
        while k < len(clipped) and clipped[k][0] < u.end:
            here += layout.count(max(u.start, clipped[k][0]), min(u.end, clipped[k][1]))
            k += 1
        got += here
        touched += bool(here)
    if total == 0 or got / total <= MIN_COVERAGE:
        return None, (f"its selections cover {got} of the {total} characters speaker {speaker!r} speaks "
                      f"(more than {MIN_COVERAGE:.0%} needed)")
    if touched / len(turns) <= MIN_COVERAGE:
        return None, (f"its selections reach {touched} of the {len(turns)} turns of speaker {speaker!r} "
                      f"(more than {MIN_COVERAGE:.0%} needed)")
    return speaker, ""


def speaker_of(text: str, turns: Sequence[Any], spans: Sequence[tuple[int, int]]) -> tuple[str | None, str]:
    """The one speaker whose turns the spans cover (see module docstring), or ``None`` and why not.

    Examples
    --------
    >>> from researchkit.transcripts import Turn
    >>> turns = (Turn("A", "respondent", 3, 21), Turn("B", "respondent", 25, 27))
    >>> speaker_of("A: een lange zin hier\\nB: ja", turns, [(3, 8)])
    (None, "its selections cover 4 of the 15 characters speaker 'A' speaks (more than 50% needed)")
    """
    return _speaker_of(_Layout(text, turns), spans)


def _shown(spans: Sequence[tuple[int, int]]) -> str:
    return ", ".join(f"{a}-{b}" for a, b in sorted(spans)[:5]) + (", ..." if len(spans) > 5 else "")


def claimed_speakers(claims: Sequence[SpeakerClaim], corpus: Any, report: ExchangeReport, *,
                     columns: Sequence[str] | None = None,
                     names: Mapping[tuple[str, str], str] | None = None) -> pd.DataFrame | None:
    """Speaker attributes from the cases that cover part of a document (see module docstring), or ``None``.

    Every claim that is not carried is listed in ``report.not_carried``; every one that is,
    in one warning. ``columns`` (the order researchkit exported) orders the columns it names.
    ``names`` (``(doc_id, speaker) -> case name``: the participant codes a pseudonymised
    researchkit export names its cases by) are the speakers' own names too: no ``case``.
    Rows follow the corpus order, then each speaker's first turn.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript, Turn
    >>> t = Transcript("F1", "M: Wie?\\nA: Ik.\\nB: Wij.", (Turn("M", "interviewer", 3, 7),
    ...     Turn("A", "respondent", 11, 14), Turn("B", "respondent", 18, 22)))
    >>> report = ExchangeReport("x.qdpx")
    >>> claims = [SpeakerClaim("Anna", "case 'Anna'", "F1", ((8, 14),), (("age", 41),)),
    ...           SpeakerClaim("Bob", "case 'Bob'", "F1", ((8, 22),), (("age", 50),))]
    >>> claimed_speakers(claims, Corpus([t]), report).reset_index().values.tolist()
    [['F1', 'A', 41, 'Anna']]
    >>> report.not_carried[0][:60]
    "case 'Bob' covers only part of 'F1' (characters 8-22): its s"
    """
    layouts: dict[str, _Layout] = {}
    found: dict[tuple[str, str], list[SpeakerClaim]] = {}
    for claim in claims:
        if claim.doc_id not in corpus:
            continue
        t = corpus[claim.doc_id]
        layout = layouts.get(claim.doc_id) or layouts.setdefault(claim.doc_id, _Layout(t.text, t.turns))
        speaker, why = _speaker_of(layout, claim.spans)
        if speaker is None:
            report.not_carried.append(f"{claim.label} covers only part of '{claim.doc_id}' (characters {_shown(claim.spans)}): {why}, "
                                      "so it is not read as one speaker and the document does not get its values")
            continue
        found.setdefault((claim.doc_id, speaker), []).append(claim)
    rows: dict[tuple[str, str], dict] = {}
    carried = []
    for (doc_id, speaker), group in found.items():
        if len(group) > 1:
            names = ", ".join(c.label for c in group)
            report.not_carried.append(f"{names} all cover speaker {speaker!r} of '{doc_id}': which one is the speaker is ambiguous, "
                                      "so none gives its values (to the speaker or the document)")
            continue
        claim = group[0]
        values = dict(claim.values)
        own = (speaker, speaker_case_name(doc_id, speaker), (names or {}).get((doc_id, speaker)))
        if claim.case and claim.case not in own and "case" not in values:
            values["case"] = claim.case
        rows[(doc_id, speaker)] = values
        carried.append(f"{claim.label} -> speaker {speaker!r} of '{doc_id}'")
    if not rows:
        return None
    report.warnings.append(f"{len(carried)} case(s) covering one speaker's turns read as speaker attributes: "
                           + "; ".join(carried[:10]) + (" ..." if len(carried) > 10 else ""))
    order = {d: i for i, d in enumerate(corpus.doc_ids)}

    def first_turn(key: tuple[str, str]) -> tuple[int, int]:
        turns = corpus[key[0]].turns
        return order[key[0]], next((i for i, u in enumerate(turns) if u.speaker == key[1]), len(turns))

    keys = sorted(rows, key=first_turn)
    names: dict[str, None] = {c: None for c in (columns or ()) if any(c in rows[k] for k in keys)}
    for k in keys:
        names.update(dict.fromkeys(rows[k]))
    frame = pd.DataFrame([rows[k] for k in keys], columns=list(names),
                         index=pd.MultiIndex.from_tuples(keys, names=["doc_id", "speaker"]))
    return frame

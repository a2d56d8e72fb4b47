"""One transcript's matches turned into codings rows: the text pieces handed to spaCy,
the unit spans, and :class:`DocumentCoder`, which collects matches per unit, applies
exclusions and turn-scope proximity, and writes the rows.

Examples
--------
>>> from researchkit.transcripts import Transcript, Turn
>>> t = Transcript("R1", "I: Vraag?\\nR: Antwoord.", (Turn("I", "interviewer", 3, 9), Turn("R", "respondent", 13, 22)))
>>> [(ti, t.text[s:e]) for ti, _, s, e in segments(t, frozenset({"respondent"}))]
[(1, 'Antwoord.')]
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Any, Iterator

from researchkit.transcripts import Transcript, Turn
from researchkit.units import MAX_SEGMENT_CHARS, content_turns, trim_span, turn_segments

if TYPE_CHECKING:  # pragma: no cover
    from researchkit.autocode.ruleset import RuleSet

__all__ = ["segments", "unit_spans", "DocumentCoder", "expand_rows", "MAX_SEGMENT_CHARS"]

def segments(transcript: Transcript, roles: frozenset[str]) -> Iterator[tuple[int, Turn, int, int]]:
    """The pieces of text handed to spaCy: :func:`researchkit.units.turn_segments` of the turns with these roles."""
    return turn_segments(transcript, roles)


def unit_spans(transcript: Transcript, unit: str) -> list[tuple[int, int]]:
    """Sorted unit spans for turn/paragraph/document units."""
    text = transcript.text
    turns = content_turns(transcript)
    spans: list[tuple[int, int]] = []
    if unit == "turn":
        spans = [trim_span(text, t.start, t.end) for t in turns]
    elif unit == "paragraph":
        for t in turns:
            for ps, pe in sorted(transcript.paragraphs):
                if pe <= t.start or ps >= t.end:
                    continue
                spans.append(trim_span(text, max(ps, t.start), min(pe, t.end)))
    elif unit == "document":
        spans = [trim_span(text, 0, len(text))]
    return sorted((s, e) for s, e in spans if s < e)



class DocumentCoder:
    """Collects the matches of one transcript and turns them into codings rows."""

    def __init__(self, rules: "RuleSet", transcript: Transcript, unit: str) -> None:
        self.rules = rules
        self.t = transcript
        self.unit = unit
        # (code index, unit start, unit end) -> [(evidence start, rule ids, evidence words)]
        self.found: dict[tuple[int, int, int], list[tuple[int, list, list]]] = {}
        self.excluded: set[tuple[int, int, int]] = set()
        self.turn_terms: dict[int, list[tuple[int, int, int, int, int, int]]] = {}
        self.turn_role: dict[int, str] = {}
        self._spans = unit_spans(transcript, unit) if unit != "sentence" else None

    def _unit_of(self, start: int, sa: int, sb: int) -> tuple[int, int] | None:
        spans = self._spans
        if spans is None:
            return (sa, sb)
        i = bisect.bisect_right(spans, (start, float("inf"))) - 1
        if i >= 0 and spans[i][0] <= start < spans[i][1]:
            return spans[i]
        return None  # pragma: no cover - every segment lies inside a unit

    def add(self, turn_index: int, turn: Turn, offset: int, end: int, doc: Any, info: Any = None) -> None:
        code_hits, excl, turn_terms = self.rules.match_doc(doc, self.t.text[offset:end], turn.role, info)
        if not code_hits and not excl and not turn_terms:
            return
        found = self.found
        by_sentence = self._spans is None
        for ci, first, sa, sb, rule_ids, evidence in code_hits:
            if by_sentence:
                key = (ci, offset + sa, offset + sb)
            else:
                u = self._unit_of(offset + first, offset + sa, offset + sb)
                if u is None:  # pragma: no cover - every segment lies inside a unit
                    continue
                key = (ci, u[0], u[1])
            item = (offset + first, rule_ids, evidence)
            items = found.get(key)
            if items is None:
                found[key] = [item]
            else:
                items.append(item)
        for ci, first, sa, sb in excl:
            u = self._unit_of(offset + first, offset + sa, offset + sb)
            if u is not None:
                self.excluded.add((ci, *u))
        if turn_terms:
            self.turn_role[turn_index] = turn.role
            bucket = self.turn_terms.setdefault(turn_index, [])
            for pid, tid, a, b, sa, sb in turn_terms:
                u = self._unit_of(offset + a, offset + sa, offset + sb)
                if u is not None:
                    bucket.append((pid, tid, offset + a, offset + b, *u))  # type: ignore[arg-type]

    def _turn_proximity(self) -> None:
        """Turn-scope proximity: every unit holding a term counts when all terms occur in the turn."""
        rules, text, found = self.rules, self.t.text, self.found
        for items in self.turn_terms.values():
            by_prox: dict[int, list] = {}
            for item in items:
                by_prox.setdefault(item[0], []).append(item)
            for pid, occ in by_prox.items():
                p = rules.prox[pid]
                present = {o[1] for o in occ}
                if not all(t in present for t in p.terms):
                    continue
                if p.ordered:
                    firsts = [min(o[2] for o in occ if o[1] == t) for t in p.terms]
                    if firsts != sorted(firsts):
                        continue
                for _pid, _tid, a, b, us, ue in occ:
                    found.setdefault((p.code, us, ue), []).append((a, [p.rule_id], [text[a:b]]))

    def compact_rows(self) -> list[tuple[int, int, int, str, str]]:
        """``(unit start, unit end, code index, rule ids, evidence)`` per coding, sorted by unit
        and code (what a worker process sends back: the text is taken from the transcript)."""
        self._turn_proximity()
        out = []
        excluded = self.excluded
        for key, items in self.found.items():
            if key in excluded:
                continue
            ci, us, ue = key
            if len(items) == 1:
                _, rule_ids, words = items[0]
            else:
                items.sort(key=lambda x: x[0])
                rule_ids, words = [], []
                for item in items:
                    for r in item[1]:
                        if r not in rule_ids:
                            rule_ids.append(r)
                    for w in item[2]:
                        if w not in words:
                            words.append(w)
            out.append((us, ue, ci, "; ".join(rule_ids), "; ".join(words)))
        out.sort()
        return out

    def rows(self, unit: str) -> list[tuple]:
        """The codings rows of the transcript (``AUTOCODE_COLUMNS`` order), sorted by unit and code."""
        return expand_rows(self.rules.code_ids, self.t, unit, self.compact_rows())


def expand_rows(code_ids: list[str], transcript: Transcript, unit: str, compact: list[tuple]) -> list[tuple]:
    """Full codings rows (``AUTOCODE_COLUMNS`` order) from :meth:`DocumentCoder.compact_rows`."""
    doc_id, text = transcript.doc_id, transcript.text
    return [
        (doc_id, us, ue, code_ids[ci], "rules", "rules", text[us:ue], unit, rule_ids, words)
        for us, ue, ci, rule_ids, words in compact
    ]

"""Compiled-rule building blocks: the words of a term, per-code settings, proximity
rules, and the pure helpers that decide proximity and pattern anchors.

Examples
--------
>>> Word(frozenset({"haven"})).matches("havens", "haven")
True
>>> satisfy([(0, 1, 2), (1, 4, 5)], (0, 1), ordered=True)
[(1, 2), (4, 5)]
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from dataclasses import dataclass
from typing import Sequence

from researchkit.autocode.forms import compound_part
from researchkit.codebook import Code

__all__ = ["Word", "CodeRules", "Prox", "pattern_anchors", "windows", "satisfy"]


@dataclass(frozen=True)
class Word:
    """One word of a term: exact forms (folded form, lemma, diminutives) or a prefix.

    ``compound`` (``"head"``, ``"modifier"`` or ``"either"``) also lets the word match as
    that part of a compound, on the token's form or lemma.
    """

    forms: frozenset[str]
    prefix: str | None = None
    compound: str | None = None

    def matches(self, lower: str, lemma: str) -> bool:
        """Does a token with this (folded) form and lemma match the word?"""
        if self.prefix is not None:
            return lower.startswith(self.prefix) or lemma.startswith(self.prefix)
        if lower in self.forms or lemma in self.forms:
            return True
        if self.compound is None:
            return False
        return any(compound_part(x, f, self.compound) for f in self.forms for x in (lower, lemma))


@dataclass
class CodeRules:
    """A code's settings as the matcher needs them."""

    index: int
    code: Code
    roles: tuple[str, ...]
    negation_cues: frozenset[str] | None
    negation_window: int


@dataclass
class Prox:
    """A compiled proximity rule (also used for split separable verbs)."""

    code: int
    rule_id: str
    terms: tuple[int, ...]
    within: str | int
    ordered: bool

    n_distinct: int = 0

    def __post_init__(self) -> None:
        self.n_distinct = len(set(self.terms))


_ANCHOR_ATTRS = ("LOWER", "ORTH", "TEXT", "LEMMA", "NORM")


def pattern_anchors(pattern: Sequence[dict]) -> list[str] | None:
    """Words one of which must occur for ``pattern`` to match (its first required token),
    or ``None`` when the pattern has no such word (then the matcher always runs).

    Examples
    --------
    >>> pattern_anchors([{"LOWER": "buitenlands"}, {"LOWER": "kenteken"}])
    ['buitenlands']
    >>> pattern_anchors([{"IS_DIGIT": True}]) is None
    True
    """
    first = pattern[0]
    if first.get("OP") in ("?", "*", "!"):
        return None
    for key, value in first.items():
        if key.upper() not in _ANCHOR_ATTRS:
            continue
        if isinstance(value, str) and value.strip() and " " not in value.strip():
            return [value.strip().lower().replace("*", "")]
        if isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) and v.strip() for v in value["IN"]):
            words = [v.strip().lower() for v in value["IN"]]
            if all(" " not in w and "*" not in w for w in words):
                return words
    return None


def windows(occ: list[tuple[int, int, int]], width: int) -> list[list[tuple[int, int, int]]]:
    """Groups of occurrences ``(term, start, end)`` within ``width`` tokens of an anchor occurrence.

    Examples
    --------
    >>> windows([(0, 0, 1), (1, 9, 10)], 3)
    [[(0, 0, 1)], [(1, 9, 10)]]
    """
    occ = sorted(occ, key=lambda x: x[1])
    starts = [o[1] for o in occ]
    # each group is a contiguous run of the sorted occurrences: two bisections, not a scan per anchor
    return [occ[bisect_left(starts, a):bisect_right(starts, a + width)] for a in starts]


def satisfy(group: list[tuple[int, int, int]], terms: tuple[int, ...], ordered: bool) -> list[tuple[int, int]] | None:
    """Token spans (one per term) showing that all ``terms`` occur in ``group``, or ``None``."""
    by_term: dict[int, list[tuple[int, int]]] = {}
    for t, s, e in sorted(group, key=lambda x: x[1]):
        by_term.setdefault(t, []).append((s, e))
    if not all(t in by_term for t in terms):
        return None
    if not ordered:
        chosen = []
        used: set[tuple[int, int]] = set()
        for t in terms:
            options = [span for span in by_term[t] if span not in used]
            if not options:
                return None
            used.add(options[0])
            chosen.append(options[0])
        return chosen
    chosen, pos = [], -1
    for t in terms:
        nxt = next((span for span in by_term[t] if span[0] > pos), None)
        if nxt is None:
            return None
        chosen.append(nxt)
        pos = nxt[0]
    return chosen

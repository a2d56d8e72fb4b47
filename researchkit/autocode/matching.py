"""Matching one parsed piece of text against a :class:`~researchkit.autocode.ruleset.RuleSet`.

:func:`match_doc` finds the term occurrences of a ``Doc`` (one turn or part of one),
groups them per (code, sentence), drops negated matches, runs spaCy's ``Matcher`` only
on sentences that hold a pattern's anchor word, combines sentence- and window-scope
proximity rules, and hands turn-scope proximity terms back to the caller.

Examples
--------
>>> from researchkit.codebook import Codebook
>>> from researchkit.autocode.ruleset import RuleSet
>>> rs = RuleSet(Codebook.from_dict({"codes": [{"id": "A", "name": "a", "keywords": ["haven"]}]}))
>>> text = "Ja. De haven is groot."
>>> hits, exclusions, turn_terms = match_doc(rs, rs.nlp(text))
>>> [(rs.code_ids[ci], text[sa:sb]) for ci, _, sa, sb, _, _ in hits]
[('A', 'De haven is groot.')]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import compress
from typing import TYPE_CHECKING, Any

from researchkit.autocode.terms import satisfy, windows

if TYPE_CHECKING:  # pragma: no cover
    from researchkit.autocode.ruleset import RuleSet

__all__ = ["match_doc"]


@dataclass
class _Sentences:
    """Token-to-sentence and token-to-character maps of one ``Doc``."""

    text: str
    n: int
    sent_of: list[int]
    sent_starts: list[int]
    idx: list[int]
    ends: list[int]
    _spans: dict[int, tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Any, text: str) -> "_Sentences":
        from spacy.attrs import IDX, LENGTH, SENT_START

        info = doc.to_array([SENT_START, IDX, LENGTH])
        starts_mask = info[:, 0] == 1
        starts_mask[0] = True
        return cls(text, len(doc), (starts_mask.cumsum() - 1).tolist(), starts_mask.nonzero()[0].tolist(),
                   info[:, 1].tolist(), (info[:, 1] + info[:, 2]).tolist())

    def span(self, k: int) -> tuple[int, int]:
        """Character span of sentence ``k``, trimmed of surrounding whitespace."""
        span = self._spans.get(k)
        if span is None:
            starts, text = self.sent_starts, self.text
            last = (starts[k + 1] if k + 1 < len(starts) else self.n) - 1
            a, b = self.idx[starts[k]], self.ends[last]
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            span = self._spans[k] = (a, b)
        return span

    def words(self, s: int, e: int) -> str:
        """The text of tokens ``s`` to ``e``."""
        return self.text[self.idx[s]:self.ends[e - 1]]


def _scan(rs: "RuleSet", keys: list, found: list, acts: tuple[dict, dict, dict]) -> tuple[list, bool]:
    """Term occurrences that some rule of this role uses, and whether a pattern anchor occurs.

    Phrases are verified around their anchor word inline (this loop is the hot path)."""
    keyword_acts, exclusion_acts, prox_acts = acts
    anchors = rs._anchor_terms
    has_matcher = rs.matcher is not None
    anchored = has_matcher and rs._always_match
    hits: list[tuple[int, int, int]] = []
    forms, anchor_pos, lengths, checks = rs._forms, rs.anchor_pos, rs._term_lengths, rs._phrase_checks
    n = len(keys)
    for i in compress(range(n), found):
        singles, phrases = found[i]
        for tid in singles:
            if tid in keyword_acts or tid in exclusion_acts or tid in prox_acts:
                hits.append((tid, i, i + 1))
            if tid in anchors:
                anchored = has_matcher
        for tid in phrases:
            start = i - anchor_pos[tid]
            end = start + lengths[tid]
            if start < 0 or end > n:
                continue
            for offset, wf, special in checks[tid]:
                lower, lemma = forms[keys[start + offset]]
                if lower not in wf and lemma not in wf and (special is None or not special.matches(lower, lemma)):
                    break
            else:
                if tid in keyword_acts or tid in exclusion_acts or tid in prox_acts:
                    hits.append((tid, start, end))
                if tid in anchors:
                    anchored = has_matcher
    return hits, anchored


def _group(rs: "RuleSet", hits: list, keys: list, sents: _Sentences, acts: tuple[dict, dict, dict]
           ) -> tuple[dict, dict, dict]:
    """Keyword matches per (code, sentence), exclusions, and occurrences per proximity rule."""
    keyword_acts, exclusion_acts, prox_acts = acts
    sent_of, sent_starts, idx = sents.sent_of, sents.sent_starts, sents.idx
    groups: dict[tuple[int, int], list] = {}  # (code, sentence) -> [(start tok, end tok, rule, evidence)]
    excl: dict[tuple[int, int], int] = {}
    prox_seen: dict[int, list[tuple[int, int, int]]] = {}
    negated = rs.negated
    for tid, s, e in hits:
        k = sent_of[s]
        for ci, rule_id, neg in keyword_acts.get(tid, ()):
            if neg is not None and negated(neg, keys, s, sent_starts[k]):
                continue
            groups.setdefault((ci, k), []).append((s, e, rule_id, None))
        for ci in exclusion_acts.get(tid, ()):
            excl.setdefault((ci, k), idx[s])
        for pid in prox_acts.get(tid, ()):
            prox_seen.setdefault(pid, []).append((tid, s, e))
    return groups, excl, prox_seen


def _patterns(rs: "RuleSet", doc: Any, keys: list, found: list, sents: _Sentences, role: str | None,
              groups: dict) -> None:
    """Run the ``Matcher`` (on anchored sentences only, unless a pattern has no anchor)."""
    if rs._lemmatizer is not None:
        doc = rs._lemmatizer(doc)  # token patterns may test LEMMA
    sent_of, sent_starts = sents.sent_of, sents.sent_starts
    if rs._always_match:
        pattern_hits = rs.matcher(doc)
    else:
        anchors = rs._anchor_terms
        bounds = sent_starts + [sents.n]
        pattern_hits = []
        for k in sorted({sent_of[i] for i in compress(range(sents.n), found)
                         if any(t in anchors for part in found[i] for t in part)}):
            a0, b0 = bounds[k], bounds[k + 1]
            pattern_hits.extend((m, a0 + s, a0 + e) for m, s, e in rs.matcher(doc[a0:b0]))
    for match_id, s, e in pattern_hits:
        ci, rule_id = rs._pattern_keys[match_id]
        cr = rs.codes[ci]
        k = sent_of[s]
        if (role is not None and role not in cr.roles) or (
            cr.negation_cues is not None and rs.negated(cr, keys, s, sent_starts[k])
        ):
            continue
        groups.setdefault((ci, k), []).append((s, e, rule_id, None))


def _proximity(rs: "RuleSet", prox_seen: dict, keys: list, sents: _Sentences, groups: dict) -> list[tuple]:
    """Add sentence/window proximity matches to ``groups``; return turn-scope occurrences."""
    sent_of, sent_starts, idx, ends = sents.sent_of, sents.sent_starts, sents.idx, sents.ends
    turn_terms: list[tuple] = []
    for pid, occurrences in prox_seen.items():
        p = rs.prox[pid]
        if p.within != "turn" and len({t for t, _, _ in occurrences}) < p.n_distinct:
            continue  # not every term occurs here, so the rule cannot hold
        cr = rs.codes[p.code]
        if cr.negation_cues is not None:
            occurrences = [(t, s, e) for t, s, e in occurrences if not rs.negated(cr, keys, s, sent_starts[sent_of[s]])]
        if p.within == "turn":
            turn_terms.extend((pid, t, idx[s], ends[e - 1], sent_of[s]) for t, s, e in occurrences)
            continue
        if p.within == "sentence":
            by_sentence: dict[int, list[tuple[int, int, int]]] = {}
            for item in occurrences:
                by_sentence.setdefault(sent_of[item[1]], []).append(item)
            candidates = list(by_sentence.values())
        else:
            candidates = windows(occurrences, int(p.within))
        for group in candidates:
            chosen = satisfy(group, p.terms, p.ordered)
            if chosen:
                chosen.sort()
                evidence = " … ".join(sents.words(s, e) for s, e in chosen)
                first = chosen[0][0]
                groups.setdefault((p.code, sent_of[first]), []).append((first, chosen[-1][1], p.rule_id, evidence))
    return turn_terms


def _code_hits(groups: dict, sents: _Sentences) -> list[tuple]:
    """One entry per (code, sentence) with its rule ids and evidence, in match order."""
    out = []
    for (ci, k), items in groups.items():
        if len(items) == 1:
            s, e, rule, ev = items[0]
            rules = [rule]
            evidence = [sents.words(s, e) if ev is None else ev]
        else:
            items.sort(key=lambda x: (x[0], x[1]))
            rules, evidence = [], []
            for s, e, rule, ev in items:
                if rule not in rules:
                    rules.append(rule)
                if ev is None:
                    ev = sents.words(s, e)
                if ev not in evidence:
                    evidence.append(ev)
        sa, sb = sents.span(k)
        out.append((ci, sents.idx[items[0][0]], sa, sb, rules, evidence))
    return out


def match_doc(rs: "RuleSet", doc: Any, text: str | None = None, role: str | None = None) -> tuple[list, list, list]:
    """Match one spaCy ``doc`` (one turn, or a piece of one); offsets are chars into ``doc.text``.

    Parameters
    ----------
    rs
        The compiled rules.
    doc
        The parsed text.
    text
        ``doc.text`` when the caller has it (rebuilding it from the tokens is slow).
    role
        The speaker role of the text; codes that do not code this role are skipped.

    Returns
    -------
    code_hits
        One entry per (code, sentence): ``(code index, first match start, sentence
        start, sentence end, rule ids, evidence words)`` for keyword, separable,
        pattern and sentence/window proximity rules (negation applied).
    exclusions
        ``(code index, start, sentence start, sentence end)`` of exclusion terms.
    turn_terms
        ``(proximity id, term id, start, end, sentence start, sentence end)`` of terms
        of turn-scope proximity rules, for the caller to combine over the whole turn.
    """
    acts = rs.actions(role)
    keys, found = rs.lookup(doc)
    hits, anchored = _scan(rs, keys, found, acts)
    if not hits and not anchored:
        return [], [], []
    sents = _Sentences.of(doc, doc.text if text is None else text)
    groups, excl, prox_seen = _group(rs, hits, keys, sents, acts)
    if anchored:
        _patterns(rs, doc, keys, found, sents, role, groups)
    turn_terms = _proximity(rs, prox_seen, keys, sents, groups)
    out = _code_hits(groups, sents)
    excl_out = [(ci, start, *sents.span(k)) for (ci, k), start in excl.items()]
    turn_out = [(pid, t, a, b, *sents.span(k)) for pid, t, a, b, k in turn_terms]
    return out, excl_out, turn_out

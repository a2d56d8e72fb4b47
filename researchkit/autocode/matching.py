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

from bisect import bisect_right
from itertools import compress
from typing import TYPE_CHECKING, Any

from researchkit.autocode.terms import satisfy, windows

if TYPE_CHECKING:  # pragma: no cover
    from researchkit.autocode.ruleset import RuleSet

__all__ = ["match_doc"]

_SENT_ATTRS: list[str] = ["SENT_START", "IDX", "LENGTH"]
#: The keys, sentences and whitespace of a Doc in one array (the last four columns are what
#: :class:`researchkit.units.SentenceRecorder` records).
_KEY_SENT_ATTRS: list[str] = ["ORTH", *_SENT_ATTRS, "IS_SPACE"]


class _Sentences:
    """Sentence starts and token-to-character maps of one ``Doc`` (sentence of a token by bisection)."""

    __slots__ = ("text", "n", "sent_starts", "idx", "lens", "_spans")

    def __init__(self, doc: Any, text: str, info: Any = None) -> None:
        if info is None:
            info = doc.to_array(_SENT_ATTRS)
        starts = (info[:, 0] == 1).nonzero()[0].tolist()
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        self.text, self.n, self.sent_starts = text, len(info), starts
        self.idx, self.lens = info[:, 1].tolist(), info[:, 2].tolist()
        self._spans: dict[int, tuple[int, int]] = {}

    def sent(self, i: int) -> int:
        """The sentence index of token ``i``."""
        return bisect_right(self.sent_starts, i) - 1

    def end(self, i: int) -> int:
        """The character end of token ``i``."""
        return self.idx[i] + self.lens[i]

    def span(self, k: int) -> tuple[int, int]:
        """Character span of sentence ``k``, trimmed of surrounding whitespace."""
        span = self._spans.get(k)
        if span is None:
            starts, text = self.sent_starts, self.text
            last = (starts[k + 1] if k + 1 < len(starts) else self.n) - 1
            a, b = self.idx[starts[k]], self.idx[last] + self.lens[last]
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            span = self._spans[k] = (a, b)
        return span

    def words(self, s: int, e: int) -> str:
        """The text of tokens ``s`` to ``e``."""
        return self.text[self.idx[s]:self.idx[e - 1] + self.lens[e - 1]]


def _collect(rs: "RuleSet", keys: list, found: list, sents: _Sentences, acts: tuple[dict, dict, dict]
             ) -> tuple[dict, dict, dict, bool]:
    """One pass over the tokens that start a term: keyword matches per (code, sentence)
    (negation applied), exclusions, occurrences per proximity rule, and whether a pattern
    anchor occurs. This loop is the hot path: every entry was resolved per word type."""
    has_matcher = rs.matcher is not None
    anchored = has_matcher and rs._always_match
    starts, idx, negated, phrase_word = sents.sent_starts, sents.idx, rs.negated, rs._phrase_word
    groups: dict[tuple[int, int], list] = {}  # (code, sentence) -> [(start tok, end tok, rule, evidence)]
    excl: dict[tuple[int, int], int] = {}
    prox_seen: dict[int, list[tuple[int, int, int]]] = {}
    n = len(keys)
    for i in compress(range(n), found):
        entry = found[i]
        if entry[7]:
            kw, ex, px = entry[0], entry[1], entry[2]
            if entry[4]:
                anchored = has_matcher
            k = bisect_right(starts, i) - 1
            for ci, rule_id, neg in kw:
                if neg is not None and negated(neg, keys, i, starts[k]):
                    continue
                group = groups.get((ci, k))
                if group is None:
                    groups[(ci, k)] = [(i, i + 1, rule_id, None)]
                else:
                    group.append((i, i + 1, rule_id, None))
            for ci in ex:
                if (ci, k) not in excl:
                    excl[(ci, k)] = idx[i]
            for pid, tid in px:
                seen = prox_seen.get(pid)
                if seen is None:
                    prox_seen[pid] = [(tid, i, i + 1)]
                else:
                    seen.append((tid, i, i + 1))
        memo = entry[3]
        if memo is not None:  # phrases: bit masks of those whose neighbour words fit, then verify
            left, right, specs, free_left, free_right = memo
            key = keys[i - 1] if i else None
            # a neighbour that is no phrase word leaves only the phrases without a word there
            no_word = key is None or not phrase_word.get(key, True)
            mask = free_left if no_word else _memo_mask(left, rs, specs, key, -1)
            if not mask:
                continue
            key = keys[i + 1] if i + 1 < n else None
            no_word = key is None or not phrase_word.get(key, True)
            mask &= free_right if no_word else _memo_mask(right, rs, specs, key, 1)
            j = -1
            while mask:
                j += 1
                if not mask & 1:
                    mask >>= 1
                    continue
                mask >>= 1
                tid, back, length, checks = specs[j]
                s = i - back
                e = s + length
                if s < 0 or e > n:
                    continue
                for offset, wmemo, wf, special in checks:
                    key = keys[s + offset]
                    ok = wmemo.get(key)
                    if ok is None:
                        ok = wmemo[key] = rs.word_fits(key, wf, special)
                    if not ok:
                        break
                else:
                    _phrase_hit(rs, tid, s, e, keys, starts, idx, acts, groups, excl, prox_seen)
                    if tid in rs._anchor_terms:
                        anchored = has_matcher
    return groups, excl, prox_seen, anchored


def _memo_mask(memo: dict, rs: "RuleSet", specs: tuple, key: Any, rel: int) -> int:
    """:func:`_side_mask`, remembered in ``memo`` per neighbour key."""
    mask = memo.get(key)
    if mask is None:
        mask = memo[key] = _side_mask(rs, specs, key, rel)
    return mask


def _side_mask(rs: "RuleSet", specs: tuple, key: Any, rel: int) -> int:
    """Bit mask of the phrase ``specs`` whose word at ``rel`` (-1 before, 1 after the anchor)
    fits the token with cache key ``key`` (``None`` where the text ends); a phrase with no
    word there always fits."""
    mask = 0
    for j, (_, back, _length, checks) in enumerate(specs):
        fits = True
        for offset, _memo, wf, special in checks:
            if offset - back != rel:
                continue
            if key is None:
                fits = False
            else:
                fits = rs.word_fits(key, wf, special)
            break
        if fits:
            mask |= 1 << j
    return mask


def _phrase_hit(rs: "RuleSet", tid: int, s: int, e: int, keys: list, starts: list, idx: list,
                acts: tuple[dict, dict, dict], groups: dict, excl: dict, prox_seen: dict) -> None:
    """Record a verified phrase occurrence (tokens ``s`` to ``e``)."""
    keyword_acts, exclusion_acts, prox_acts = acts
    k = bisect_right(starts, s) - 1
    for ci, rule_id, neg in keyword_acts.get(tid, ()):
        if neg is not None and rs.negated(neg, keys, s, starts[k]):
            continue
        groups.setdefault((ci, k), []).append((s, e, rule_id, None))
    for ci in exclusion_acts.get(tid, ()):
        excl.setdefault((ci, k), idx[s])
    for pid in prox_acts.get(tid, ()):
        prox_seen.setdefault(pid, []).append((tid, s, e))


def _patterns(rs: "RuleSet", doc: Any, keys: list, found: list, sents: _Sentences, role: str | None,
              groups: dict) -> None:
    """Run the ``Matcher`` (on anchored sentences only, unless a pattern has no anchor)."""
    if rs._lemmatizer is not None:
        doc = rs._lemmatizer(doc)  # token patterns may test LEMMA
    sent_starts = sents.sent_starts
    if rs._always_match:
        pattern_hits = rs.matcher(doc)
    else:
        bounds = sent_starts + [sents.n]
        pattern_hits = []
        for k in sorted({sents.sent(i) for i in compress(range(sents.n), found) if found[i][5]}):
            a0, b0 = bounds[k], bounds[k + 1]
            pattern_hits.extend((m, a0 + s, a0 + e) for m, s, e in rs.matcher(doc[a0:b0]))
    for match_id, s, e in pattern_hits:
        ci, rule_id = rs._pattern_keys[match_id]
        cr = rs.codes[ci]
        k = sents.sent(s)
        if (role is not None and role not in cr.roles) or (
            cr.negation_cues is not None and rs.negated(cr, keys, s, sent_starts[k])
        ):
            continue
        groups.setdefault((ci, k), []).append((s, e, rule_id, None))


def _proximity(rs: "RuleSet", prox_seen: dict, keys: list, sents: _Sentences, groups: dict) -> list[tuple]:
    """Add sentence/window proximity matches to ``groups``; return turn-scope occurrences."""
    sent_of, sent_starts, idx = sents.sent, sents.sent_starts, sents.idx
    turn_terms: list[tuple] = []
    for pid, occurrences in prox_seen.items():
        p = rs.prox[pid]
        if p.within != "turn" and (len(occurrences) < p.n_distinct
                                   or len({t for t, _, _ in occurrences}) < p.n_distinct):
            continue  # not every term occurs here, so the rule cannot hold
        cr = rs.codes[p.code]
        if cr.negation_cues is not None:
            occurrences = [(t, s, e) for t, s, e in occurrences if not rs.negated(cr, keys, s, sent_starts[sent_of(s)])]
        if p.within == "turn":
            turn_terms.extend((pid, t, idx[s], sents.end(e - 1), sent_of(s)) for t, s, e in occurrences)
            continue
        if p.within == "sentence":
            by_sentence: dict[int, list[tuple[int, int, int]]] = {}
            for item in occurrences:
                by_sentence.setdefault(sent_of(item[1]), []).append(item)
            candidates = list(by_sentence.values())
        else:
            candidates = windows(occurrences, int(p.within))
        for group in candidates:
            chosen = satisfy(group, p.terms, p.ordered)
            if chosen:
                chosen.sort()
                evidence = " … ".join(sents.words(s, e) for s, e in chosen)
                first = chosen[0][0]
                groups.setdefault((p.code, sent_of(first)), []).append((first, chosen[-1][1], p.rule_id, evidence))
    return turn_terms


def _code_hits(groups: dict, sents: _Sentences) -> list[tuple]:
    """One entry per (code, sentence) with its rule ids and evidence, in match order."""
    out = []
    text, idx, lens, spans = sents.text, sents.idx, sents.lens, sents._spans
    for (ci, k), items in groups.items():
        if len(items) == 1:
            s, e, rule, ev = items[0]
            rules = [rule]
            evidence = [text[idx[s]:idx[e - 1] + lens[e - 1]] if ev is None else ev]
        else:
            items.sort(key=lambda x: (x[0], x[1]))
            rules, evidence = [], []
            for s, e, rule, ev in items:
                if rule not in rules:
                    rules.append(rule)
                if ev is None:
                    ev = text[idx[s]:idx[e - 1] + lens[e - 1]]
                if ev not in evidence:
                    evidence.append(ev)
        span = spans.get(k)
        if span is None:
            span = sents.span(k)
        out.append((ci, idx[items[0][0]], span[0], span[1], rules, evidence))
    return out


def match_doc(rs: "RuleSet", doc: Any, text: str | None = None, role: str | None = None, info: Any = None
              ) -> tuple[list, list, list]:
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
    info
        ``doc.to_array(_KEY_SENT_ATTRS)`` when the caller has it (orth-keyed rules only).

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
    if rs._orth_keyed:  # one array for the cache keys and the sentence maps
        if info is None:
            info = doc.to_array(_KEY_SENT_ATTRS)
        keys, found = rs.resolve_keys(info[:, 0].tolist(), doc, role)
        info = info[:, 1:]
    else:
        info = None
        keys, found = rs.resolved(doc, role)
    if not any(found) and not (rs.matcher is not None and rs._always_match):
        return [], [], []
    sents = _Sentences(doc, doc.text if text is None else text, info)
    groups, excl, prox_seen, anchored = _collect(rs, keys, found, sents, acts)
    if not groups and not excl and not prox_seen and not anchored:
        return [], [], []
    if anchored:
        _patterns(rs, doc, keys, found, sents, role, groups)
    turn_terms = _proximity(rs, prox_seen, keys, sents, groups)
    out = _code_hits(groups, sents)
    excl_out = [(ci, start, *sents.span(k)) for (ci, k), start in excl.items()]
    turn_out = [(pid, t, a, b, *sents.span(k)) for pid, t, a, b, k in turn_terms]
    return out, excl_out, turn_out

"""Rule-based auto-coding: codebook rules -> spaCy matching -> codings.

:func:`autocode` runs the codebook's rules (keywords, prefixes, phrases, spaCy
token patterns, proximity, Dutch separable verbs, exclusions, negation, roles)
over a corpus and returns a codings table, one row per ``(unit, code)``.

How matching stays cheap
------------------------
Every term of the codebook (keyword, exclusion, proximity term, separable verb)
is compiled once into a :class:`RuleSet`: exact words go into one dict keyed by
lower-case form and lemma, prefixes into one dict per prefix length. Each token
is looked up once per distinct ``(lower, lemma)`` pair (the result is cached for
the run), so the cost per token is a dict lookup whatever the number of keywords.
spaCy's ``Matcher`` is run only when the codebook has token patterns.

The corpus is streamed: turns are split into lines (a line break always ends a
sentence), fed through ``nlp.pipe`` and each ``Doc`` is dropped as soon as its
matches are taken; only one document's matches are held at a time. With
``n_process > 1`` documents are spread over worker processes, each with its own
pipeline, and the results are put back in corpus order.

Examples
--------
>>> from researchkit.codebook import Codebook
>>> from researchkit.transcripts import Corpus, Transcript, Turn
>>> cb = Codebook.from_dict({"codes": [{"id": "SAM", "name": "Samenwerking", "separable": ["samenwerken"]}]})
>>> t = Transcript("R01", "R: We werken goed samen. Het regent.", turns=(Turn("R", "respondent", 3, 36),))
>>> autocode(Corpus([t]), cb)[["start", "end", "code", "text", "evidence"]].to_dict("records")
[{'start': 3, 'end': 24, 'code': 'SAM', 'text': 'We werken goed samen.', 'evidence': 'werken … samen'}]
"""

from __future__ import annotations

import bisect
from itertools import compress
import multiprocessing
import warnings
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Sequence

import pandas as pd

from researchkit.codebook import Code, Codebook, Proximity, split_separable
from researchkit.codings import CODING_COLUMNS
from researchkit.errors import CodebookWarning, ConfigurationError
from researchkit.transcripts import Corpus, Transcript, Turn
from researchkit.units import check_roles, check_unit, content_turns, trim_span

__all__ = ["autocode", "iter_autocode", "RuleSet", "AUTOCODE_COLUMNS", "compile_rules"]

#: Columns of the table returned by :func:`autocode`.
AUTOCODE_COLUMNS: list[str] = CODING_COLUMNS + ["unit", "rule_id", "evidence"]

#: Longest text handed to spaCy in one piece; longer lines are cut at whitespace.
MAX_SEGMENT_CHARS = 100_000


# ----------------------------------------------------------------------------------------
# Compiled rules
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Word:
    """One word of a term: exact forms (lower-case and lemma) or a prefix."""

    forms: frozenset[str]
    prefix: str | None = None

    def matches(self, lower: str, lemma: str) -> bool:
        if self.prefix is not None:
            return lower.startswith(self.prefix) or lemma.startswith(self.prefix)
        return lower in self.forms or lemma in self.forms


@dataclass
class _CodeRules:
    index: int
    code: Code
    roles: tuple[str, ...]
    negation_cues: frozenset[str] | None
    negation_window: int


@dataclass
class _Prox:
    code: int
    rule_id: str
    terms: tuple[int, ...]
    within: str | int
    ordered: bool

    n_distinct: int = 0

    def __post_init__(self) -> None:
        self.n_distinct = len(set(self.terms))


class RuleSet:
    """A codebook's rules compiled against one spaCy pipeline.

    Parameters
    ----------
    codebook
        The codebook.
    nlp
        The pipeline (default: :func:`researchkit.nlp.get_pipeline` for the codebook's language).
    roles
        Default roles for codes that do not set ``roles:`` themselves.

    Examples
    --------
    >>> from researchkit.codebook import Codebook
    >>> rs = RuleSet(Codebook.from_dict({"codes": [{"id": "A", "name": "a", "keywords": ["drugs*"]}]}))
    >>> [(rs.code_ids[c], rules, words) for c, _, _, _, rules, words in rs.match_doc(rs.nlp("Veel drugshandel hier."))[0]]
    [('A', ['keyword:drugs*'], ['drugshandel'])]
    """

    def __init__(self, codebook: Codebook, nlp: Any = None, *, roles: Sequence[str] = ("respondent",)) -> None:
        from researchkit.nlp import get_pipeline

        self.codebook = codebook
        self.nlp = nlp if nlp is not None else get_pipeline(codebook.language)
        self.default_roles = tuple(roles)
        self.warnings: list[str] = codebook.check_rules(self.nlp)
        self.terms: list[tuple[_Word, ...]] = []
        self.term_text: list[str] = []
        self.anchor_pos: list[int] = []
        self._term_ids: dict[str, int] = {}
        self._exact: dict[str, list[int]] = {}
        self._prefix: dict[int, dict[str, list[int]]] = {}
        self.codes: list[_CodeRules] = []
        # term id -> [(code index, rule id)]
        self.keyword_of: dict[int, list[tuple[int, str]]] = {}
        self.exclusion_of: dict[int, list[int]] = {}
        self.prox: list[_Prox] = []
        self.prox_of_term: dict[int, list[int]] = {}
        self.matcher = None
        self._pattern_keys: dict[int, tuple[int, str]] = {}
        self._cache: dict[Any, tuple[int, ...]] = {}
        self._forms: dict[Any, tuple[str, str]] = {}
        self._anchor_terms: set[int] = set()
        self._role_actions: dict[str | None, tuple[dict, dict, dict]] = {}
        self._always_match = False
        lemmatizer = self.nlp.get_pipe("lemmatizer") if self.nlp.has_pipe("lemmatizer") else None
        self._orth_keyed = lemmatizer is None or getattr(lemmatizer, "mode", None) == "lookup"
        # A lookup lemma depends on the word form only, so it is looked up once per word
        # type (in _learn) instead of per token: the lemmatizer is left out of nlp.pipe.
        self._lemmatizer = lemmatizer if lemmatizer is not None and self._orth_keyed else None
        self.skip_in_pipe: tuple[str, ...] = ("lemmatizer",) if self._lemmatizer is not None else ()
        self._compile()

    # -- compilation ---------------------------------------------------------------

    def _term(self, text: str) -> int | None:
        key = text.strip().lower()
        if key in self._term_ids:
            return self._term_ids[key]
        words: list[_Word] = []
        for raw in key.split():
            if raw.endswith("*"):
                prefix = raw[:-1]
                if prefix:
                    words.append(_Word(frozenset(), prefix))
                continue
            for tok in self.nlp(raw):
                if tok.is_space:
                    continue
                words.append(_Word(frozenset({tok.lower_, tok.lemma_.lower()})))
        # leading/trailing punctuation-only words would never help; keep inner ones
        while words and words[0].prefix is None and all(not any(ch.isalnum() for ch in f) for f in words[0].forms):
            words.pop(0)
        while words and words[-1].prefix is None and all(not any(ch.isalnum() for ch in f) for f in words[-1].forms):
            words.pop()
        if not words:
            self._term_ids[key] = None  # type: ignore[assignment]
            return None
        tid = len(self.terms)
        self.terms.append(tuple(words))
        self.term_text.append(key)
        self._term_ids[key] = tid
        # Index the term under its most selective word (the longest; short words such as
        # "de", "in", "er" are everywhere), and verify the other words around it.
        scores = [len(w.prefix) - 1 if w.prefix is not None else min(len(f) for f in w.forms) for w in words]
        anchor = max(range(len(words)), key=lambda j: (scores[j], -j))
        self.anchor_pos.append(anchor)
        word = words[anchor]
        if word.prefix is not None:
            self._prefix.setdefault(len(word.prefix), {}).setdefault(word.prefix, []).append(tid)
        else:
            for form in word.forms:
                self._exact.setdefault(form, []).append(tid)
        return tid

    def _compile(self) -> None:
        from spacy.matcher import Matcher

        for index, code in enumerate(self.codebook.walk()):
            r = code.rules
            neg = r.negation
            cues = None
            if neg is not None:
                cue_forms: set[str] = set()
                for cue in neg.cues:
                    for tok in self.nlp(cue):
                        cue_forms.update({tok.lower_, tok.lemma_.lower()})
                cues = frozenset(cue_forms)
            cr = _CodeRules(index, code, r.roles if r.roles is not None else self.default_roles, cues,
                            neg.window if neg else 0)
            self.codes.append(cr)
            if not r.autocode:
                continue
            for kw in r.keywords:
                tid = self._term(kw)
                if tid is not None:
                    self.keyword_of.setdefault(tid, []).append((index, f"keyword:{kw}"))
            for kw in r.exclude_keywords:
                tid = self._term(kw)
                if tid is not None:
                    self.exclusion_of.setdefault(tid, []).append(index)
            proxies: list[tuple[Proximity, str]] = [
                (p, f"proximity:{p.id or i}") for i, p in enumerate(r.proximity)
            ]
            for verb in r.separable:
                tid = self._term(verb)
                if tid is not None:
                    self.keyword_of.setdefault(tid, []).append((index, f"separable:{verb}"))
                split = split_separable(verb)
                if split is not None:
                    proxies.append((Proximity(split, "sentence", False, None), f"separable:{verb}"))
            for p, rule_id in proxies:
                tids = [self._term(t) for t in p.terms]
                if any(t is None for t in tids):
                    continue
                pid = len(self.prox)
                self.prox.append(_Prox(index, rule_id, tuple(tids), p.within, p.ordered))  # type: ignore[arg-type]
                for t in set(tids):
                    self.prox_of_term.setdefault(t, []).append(pid)  # type: ignore[arg-type]
            for i, pattern in enumerate(r.patterns):
                if self.matcher is None:
                    self.matcher = Matcher(self.nlp.vocab, validate=True)
                key = f"{code.id}#pattern{i}"
                self.matcher.add(key, [list(pattern)])
                self._pattern_keys[self.nlp.vocab.strings[key]] = (index, f"pattern:{i}")
                anchors = _pattern_anchors(pattern)
                if anchors is None:
                    self._always_match = True
                else:
                    for word in anchors:
                        tid = self._term(word)
                        if tid is None:
                            self._always_match = True
                        else:
                            self._anchor_terms.add(tid)
        self._prefix_lengths = sorted(self._prefix)
        self.code_ids = [cr.code.id for cr in self.codes]
        self._relevant = frozenset(self.keyword_of) | frozenset(self.exclusion_of) | frozenset(self.prox_of_term)
        self.active_roles = frozenset(role for cr in self.codes if not cr.code.rules.empty for role in cr.roles)

    # -- matching --------------------------------------------------------------------

    def _doc_keys(self, doc: Any) -> list:
        """One cache key per token: the ORTH hash when lemmas depend on the text only
        (lookup lemmatizer), else the ``(ORTH, LEMMA)`` hash pair."""
        from spacy.attrs import LEMMA, ORTH

        if self._orth_keyed:
            return doc.to_array(ORTH).tolist()
        return list(map(tuple, doc.to_array([ORTH, LEMMA]).tolist()))

    def _learn(self, key: Any, token: Any) -> tuple[int, ...]:
        """Look up a token type not seen before: its forms and the terms its form starts."""
        lower = token.lower_
        if self._lemmatizer is not None:
            lemma = (self._lemmatizer.lookup_lemmatize(token) or [""])[0].lower() or lower
        else:
            lemma = token.lemma_.lower() or lower
        self._forms[key] = (lower, lemma)
        found: list[int] = list(self._exact.get(lower, ()))
        if lemma != lower:
            found.extend(self._exact.get(lemma, ()))
        for n in self._prefix_lengths:
            table = self._prefix[n]
            if len(lower) >= n:
                found.extend(table.get(lower[:n], ()))
            if lemma != lower and len(lemma) >= n:
                found.extend(table.get(lemma[:n], ()))
        tids = sorted(set(found))
        singles = tuple(t for t in tids if len(self.terms[t]) == 1)
        phrases = tuple(t for t in tids if len(self.terms[t]) > 1)
        result: tuple = (singles, phrases) if tids else ()
        self._cache[key] = result
        return result

    def term_hits(self, doc: Any) -> tuple[list[tuple[int, int, int]], list]:
        """Every term occurrence in ``doc`` as ``(term id, first token, end token)``.

        Also returns the per-token cache keys (for negation and phrase checks).
        """
        keys = self._doc_keys(doc)
        found = list(map(self._cache.get, keys))
        if None in found:
            for i, value in enumerate(found):
                if value is None:
                    found[i] = self._cache.get(keys[i]) or self._learn(keys[i], doc[i])
        hits: list[tuple[int, int, int]] = []
        n = len(keys)
        forms = self._forms
        terms = self.terms
        anchor_pos = self.anchor_pos
        for i in compress(range(n), found):
            singles, phrases = found[i]
            for tid in singles:
                hits.append((tid, i, i + 1))
            for tid in phrases:
                words = terms[tid]
                start = i - anchor_pos[tid]
                end = start + len(words)
                if start < 0 or end > n:
                    continue
                for j in range(len(words)):
                    if start + j == i:
                        continue
                    lower, lemma = forms[keys[start + j]]
                    if not words[j].matches(lower, lemma):
                        break
                else:
                    hits.append((tid, start, end))
        return hits, keys

    def _negated(self, cr: _CodeRules, keys: list, tok: int, sent_start: int) -> bool:
        if cr.negation_cues is None:
            return False
        cues = cr.negation_cues
        forms = self._forms
        for j in range(max(sent_start, tok - cr.negation_window), tok):
            lower, lemma = forms[keys[j]]
            if lower in cues or lemma in cues:
                return True
        return False

    def _actions(self, role: str | None) -> tuple[dict, dict, dict]:
        """Per-term actions for a speaker role (cached): keyword rules, exclusions, proximity."""
        cached = self._role_actions.get(role)
        if cached is not None:
            return cached
        codes = self.codes

        def applies(ci: int) -> bool:
            return role is None or role in codes[ci].roles

        keyword = {
            tid: tuple((ci, rule, codes[ci] if codes[ci].negation_cues is not None else None)
                       for ci, rule in acts if applies(ci))
            for tid, acts in self.keyword_of.items()
        }
        exclusion = {tid: tuple(ci for ci in cis if applies(ci)) for tid, cis in self.exclusion_of.items()}
        proximity = {tid: tuple(p for p in pids if applies(self.prox[p].code)) for tid, pids in self.prox_of_term.items()}
        result = (
            {t: a for t, a in keyword.items() if a},
            {t: a for t, a in exclusion.items() if a},
            {t: a for t, a in proximity.items() if a},
        )
        self._role_actions[role] = result
        return result

    def match_doc(self, doc: Any, text: str | None = None, role: str | None = None) -> tuple[list, list, list]:
        """Match one spaCy ``doc`` (one turn, or a piece of one); offsets are chars into ``doc.text``.

        Parameters
        ----------
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
        from spacy.attrs import IDX, LENGTH, SENT_START

        keyword_acts, exclusion_acts, prox_acts = self._actions(role)
        keys = self._doc_keys(doc)
        cache = self._cache
        found = list(map(cache.get, keys))
        if None in found:
            for i, value in enumerate(found):
                if value is None:
                    found[i] = cache.get(keys[i]) or self._learn(keys[i], doc[i])
        n = len(keys)
        terms, anchor_pos, forms = self.terms, self.anchor_pos, self._forms
        anchors = self._anchor_terms
        hits: list[tuple[int, int, int]] = []
        anchored = self.matcher is not None and self._always_match
        for i in compress(range(n), found):
            singles, phrases = found[i]
            for tid in singles:
                if tid in keyword_acts or tid in exclusion_acts or tid in prox_acts:
                    hits.append((tid, i, i + 1))
                if tid in anchors:
                    anchored = self.matcher is not None
            for tid in phrases:
                words = terms[tid]
                start = i - anchor_pos[tid]
                end = start + len(words)
                if start < 0 or end > n:
                    continue
                for j in range(len(words)):
                    if start + j != i:
                        lower, lemma = forms[keys[start + j]]
                        if not words[j].matches(lower, lemma):
                            break
                else:
                    if tid in keyword_acts or tid in exclusion_acts or tid in prox_acts:
                        hits.append((tid, start, end))
                    if tid in anchors:
                        anchored = self.matcher is not None
        if not hits and not anchored:
            return [], [], []

        info = doc.to_array([SENT_START, IDX, LENGTH])
        starts_mask = info[:, 0] == 1
        starts_mask[0] = True
        sent_of = (starts_mask.cumsum() - 1).tolist()
        sent_starts = starts_mask.nonzero()[0].tolist()
        idx = info[:, 1].tolist()
        ends = (info[:, 1] + info[:, 2]).tolist()
        if text is None:
            text = doc.text

        groups: dict[tuple[int, int], list] = {}  # (code index, sentence) -> [(start tok, end tok, rule, evidence)]
        excl: dict[tuple[int, int], int] = {}
        prox_seen: dict[int, list[tuple[int, int, int]]] = {}
        negated = self._negated
        for tid, s, e in hits:
            k = sent_of[s]
            acts = keyword_acts.get(tid)
            if acts is not None:
                for ci, rule_id, neg in acts:
                    if neg is not None and negated(neg, keys, s, sent_starts[k]):
                        continue
                    group = groups.get((ci, k))
                    if group is None:
                        groups[(ci, k)] = [(s, e, rule_id, None)]
                    else:
                        group.append((s, e, rule_id, None))
            if tid in exclusion_acts:
                for ci in exclusion_acts[tid]:
                    excl.setdefault((ci, k), idx[s])
            if tid in prox_acts:
                for pid in prox_acts[tid]:
                    if pid in prox_seen:
                        prox_seen[pid].append((tid, s, e))
                    else:
                        prox_seen[pid] = [(tid, s, e)]
        if anchored:
            codes = self.codes
            if self._lemmatizer is not None:
                doc = self._lemmatizer(doc)  # token patterns may test LEMMA
            if self._always_match:
                pattern_hits = self.matcher(doc)
            else:
                bounds = sent_starts + [n]
                pattern_hits = []
                for k in sorted({sent_of[i] for i in compress(range(n), found)
                                 if any(t in anchors for part in found[i] for t in part)}):
                    a0, b0 = bounds[k], bounds[k + 1]
                    pattern_hits.extend((m, a0 + s, a0 + e) for m, s, e in self.matcher(doc[a0:b0]))
            for match_id, s, e in pattern_hits:
                ci, rule_id = self._pattern_keys[match_id]
                cr = codes[ci]
                k = sent_of[s]
                if (role is not None and role not in cr.roles) or (
                    cr.negation_cues is not None and negated(cr, keys, s, sent_starts[k])
                ):
                    continue
                groups.setdefault((ci, k), []).append((s, e, rule_id, None))
        turn_terms: list[tuple] = []
        for pid, occurrences in prox_seen.items():
            p = self.prox[pid]
            if p.within != "turn" and len({t for t, _, _ in occurrences}) < p.n_distinct:
                continue  # not every term occurs here, so the rule cannot hold
            cr = self.codes[p.code]
            if cr.negation_cues is not None:
                occurrences = [(t, s, e) for t, s, e in occurrences if not negated(cr, keys, s, sent_starts[sent_of[s]])]
            if p.within == "turn":
                for t, s, e in occurrences:
                    turn_terms.append((pid, t, idx[s], ends[e - 1], sent_of[s]))
                continue
            if p.within == "sentence":
                by_sentence: dict[int, list[tuple[int, int, int]]] = {}
                for item in occurrences:
                    by_sentence.setdefault(sent_of[item[1]], []).append(item)
                candidates = list(by_sentence.values())
            else:
                candidates = _windows(occurrences, int(p.within))
            for group in candidates:
                chosen = _satisfy(group, p.terms, p.ordered)
                if chosen:
                    chosen.sort()
                    evidence = " … ".join(text[idx[s]:ends[e - 1]] for s, e in chosen)
                    first = chosen[0][0]
                    groups.setdefault((p.code, sent_of[first]), []).append((first, chosen[-1][1], p.rule_id, evidence))

        sentence_cache: dict[int, tuple[int, int]] = {}

        def sentence(k: int) -> tuple[int, int]:
            span = sentence_cache.get(k)
            if span is None:
                last = (sent_starts[k + 1] if k + 1 < len(sent_starts) else n) - 1
                a, b = idx[sent_starts[k]], ends[last]
                while a < b and text[a].isspace():
                    a += 1
                while b > a and text[b - 1].isspace():
                    b -= 1
                span = sentence_cache[k] = (a, b)
            return span

        out = []
        for (ci, k), items in groups.items():
            if len(items) == 1:
                s, e, rule, ev = items[0]
                rules = [rule]
                evidence = [text[idx[s]:ends[e - 1]] if ev is None else ev]
            else:
                items.sort(key=lambda x: (x[0], x[1]))
                rules, evidence = [], []
                for s, e, rule, ev in items:
                    if rule not in rules:
                        rules.append(rule)
                    if ev is None:
                        ev = text[idx[s]:ends[e - 1]]
                    if ev not in evidence:
                        evidence.append(ev)
            sa, sb = sentence(k)
            out.append((ci, idx[items[0][0]], sa, sb, rules, evidence))
        excl_out = [(ci, start, *sentence(k)) for (ci, k), start in excl.items()]
        turn_out = [(pid, t, a, b, *sentence(k)) for pid, t, a, b, k in turn_terms]
        return out, excl_out, turn_out


_ANCHOR_ATTRS = ("LOWER", "ORTH", "TEXT", "LEMMA", "NORM")


def _pattern_anchors(pattern: Sequence[dict]) -> list[str] | None:
    """Words one of which must occur for ``pattern`` to match (its first required token),
    or ``None`` when the pattern has no such word (then the matcher always runs)."""
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


def _windows(occ: list[tuple[int, int, int]], width: int) -> list[list[tuple[int, int, int]]]:
    """Groups of occurrences that lie within ``width`` tokens of an anchor occurrence."""
    occ = sorted(occ, key=lambda x: x[1])
    groups = []
    for anchor in occ:
        groups.append([o for o in occ if 0 <= o[1] - anchor[1] <= width])
    return groups


def _satisfy(group: list[tuple[int, int, int]], terms: tuple[int, ...], ordered: bool) -> list[tuple[int, int]] | None:
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


def compile_rules(codebook: Codebook, *, roles: Sequence[str] = ("respondent",), model: str | None = None) -> RuleSet:
    """Compile ``codebook``'s rules against its language's pipeline.

    Examples
    --------
    >>> from researchkit.codebook import Codebook
    >>> rs = compile_rules(Codebook.from_dict({"codes": [{"id": "A", "name": "a", "keywords": ["haven"]}]}))
    >>> len(rs.terms)
    1
    """
    from researchkit.nlp import get_pipeline

    return RuleSet(codebook, get_pipeline(codebook.language, model=model), roles=roles)


# ----------------------------------------------------------------------------------------
# Running over a corpus
# ----------------------------------------------------------------------------------------


def _segments(transcript: Transcript, roles: frozenset[str]) -> Iterator[tuple[int, Turn, int, int]]:
    """The pieces of text handed to spaCy: each turn's content (trimmed), cut at line
    breaks (else at a space) only when longer than :data:`MAX_SEGMENT_CHARS`. A line
    break always ends a sentence (see :mod:`researchkit.nlp`), so cutting there changes
    nothing."""
    text = transcript.text
    for ti, turn in enumerate(content_turns(transcript)):
        if turn.role not in roles:
            continue
        s, e = trim_span(text, turn.start, turn.end)
        while e - s > MAX_SEGMENT_CHARS:
            cut = text.rfind("\n", s, s + MAX_SEGMENT_CHARS)
            if cut <= s:
                cut = text.rfind(" ", s, s + MAX_SEGMENT_CHARS)
            if cut <= s:
                cut = s + MAX_SEGMENT_CHARS
            a, b = trim_span(text, s, cut)
            if a < b:
                yield ti, turn, a, b
            s, _ = trim_span(text, cut, e)
        if s < e:
            yield ti, turn, s, e


def _unit_spans(transcript: Transcript, unit: str) -> list[tuple[int, int]]:
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


class _DocumentCoder:
    """Collects the matches of one transcript and turns them into codings rows."""

    def __init__(self, rules: RuleSet, transcript: Transcript, unit: str) -> None:
        self.rules = rules
        self.t = transcript
        self.unit = unit
        # (code index, unit start, unit end) -> [(rule id, evidence start, evidence text)]
        self.found: dict[tuple[int, int, int], list[tuple[str, int, str]]] = {}
        self.excluded: set[tuple[int, int, int]] = set()
        self.turn_terms: dict[int, list[tuple[int, int, int, int]]] = {}
        self.turn_role: dict[int, str] = {}
        self._spans = _unit_spans(transcript, unit) if unit != "sentence" else None

    def _unit_of(self, start: int, sa: int, sb: int) -> tuple[int, int] | None:
        spans = self._spans
        if spans is None:
            return (sa, sb)
        i = bisect.bisect_right(spans, (start, float("inf"))) - 1
        if i >= 0 and spans[i][0] <= start < spans[i][1]:
            return spans[i]
        return None  # pragma: no cover - every segment lies inside a unit

    def add(self, turn_index: int, turn: Turn, offset: int, end: int, doc: Any) -> None:
        code_hits, excl, turn_terms = self.rules.match_doc(doc, self.t.text[offset:end], turn.role)
        if not code_hits and not excl and not turn_terms:
            return
        found = self.found
        for ci, first, sa, sb, rule_ids, evidence in code_hits:
            u = self._unit_of(offset + first, offset + sa, offset + sb)
            if u is not None:
                key = (ci, u[0], u[1])
                item = (offset + first, rule_ids, evidence)
                if key in found:
                    found[key].append(item)
                else:
                    found[key] = [item]
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

    def rows(self, unit: str) -> list[tuple]:
        rules = self.rules
        text = self.t.text
        found = self.found
        for turn_index, items in self.turn_terms.items():
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
                for _pid, tid, a, b, us, ue in occ:
                    found.setdefault((p.code, us, ue), []).append((a, [p.rule_id], [text[a:b]]))
        out = []
        excluded = self.excluded
        for key, items in found.items():
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
        code_ids = rules.code_ids
        doc_id = self.t.doc_id
        return [
            (doc_id, us, ue, code_ids[ci], "rules", "rules", text[us:ue], unit, rule_ids, words)
            for us, ue, ci, rule_ids, words in out
        ]


def _code_transcripts(
    rules: RuleSet, transcripts: Iterable[Transcript], unit: str, batch_size: int = 256
) -> Iterator[tuple[str, list[tuple]]]:
    """Stream transcripts through the pipeline; yield ``(doc_id, rows)`` per transcript."""
    roles = rules.active_roles
    nlp = rules.nlp

    def feed() -> Iterator[tuple[str, tuple[int, Transcript, int, Turn | None, int, int]]]:
        for n, t in enumerate(transcripts):
            for ti, turn, s, e in _segments(t, roles):
                yield t.text[s:e], (n, t, ti, turn, s, e)
            yield "", (n, t, -1, None, 0, 0)  # end-of-document marker

    current: _DocumentCoder | None = None
    for doc, (n, t, ti, turn, s, e) in nlp.pipe(feed(), as_tuples=True, batch_size=batch_size, disable=rules.skip_in_pipe):
        if current is None or current.t is not t:
            current = _DocumentCoder(rules, t, unit)
        if ti == -1:
            yield t.doc_id, current.rows(unit)
            current = None
            continue
        current.add(ti, turn, s, e, doc)


# worker-process state for n_process > 1
_WORKER: dict[str, Any] = {}


def _worker_init(codebook_data: dict, roles: tuple[str, ...], model: str | None, unit: str) -> None:
    from researchkit.nlp import get_pipeline

    cb = Codebook.from_dict(codebook_data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _WORKER["rules"] = RuleSet(cb, get_pipeline(cb.language, model=model), roles=roles)
    _WORKER["unit"] = unit


def _worker_run(transcripts: list[Transcript]) -> list[tuple[str, list[tuple], int]]:
    words = {t.doc_id: t.n_words for t in transcripts}
    return [(doc_id, rows, words[doc_id]) for doc_id, rows in
            _code_transcripts(_WORKER["rules"], transcripts, _WORKER["unit"])]


def _chunks(transcripts: Iterable[Transcript], size_words: int) -> Iterator[list[Transcript]]:
    chunk: list[Transcript] = []
    words = 0
    for t in transcripts:
        chunk.append(t)
        words += len(t.text) // 6
        if words >= size_words:
            yield chunk
            chunk, words = [], 0
    if chunk:
        yield chunk


def _prepare(
    codebook: Codebook, unit: str, roles: Iterable[str] | str, n_process: int, model: str | None
) -> tuple[RuleSet, tuple[str, ...]]:
    from researchkit.nlp import get_pipeline

    check_unit(unit)
    default_roles = check_roles(roles)
    if not default_roles:
        raise ConfigurationError("RK220", "roles is empty, so nothing would be coded",
                                 hint="pass roles=('respondent',) or another role")
    if not isinstance(n_process, int) or isinstance(n_process, bool) or n_process < 1:
        raise ConfigurationError("RK220", f"n_process={n_process!r} must be a whole number >= 1",
                                 hint="use n_process=1, or up to the number of CPU cores")
    if not isinstance(codebook, Codebook):
        raise ConfigurationError("RK220", f"codebook must be a researchkit.Codebook, got {type(codebook).__name__}",
                                 hint="load it with researchkit.Codebook.load('codebook.yaml')")
    nlp = get_pipeline(codebook.language, model=model)
    rules = RuleSet(codebook, nlp, roles=default_roles)
    for message in rules.warnings:
        warnings.warn(message, CodebookWarning, stacklevel=3)
    return rules, default_roles


def _iter_rows(
    rules: RuleSet,
    codebook: Codebook,
    transcripts: Iterable[Transcript],
    *,
    unit: str,
    roles: tuple[str, ...],
    n_process: int,
    model: str | None,
    need_words: bool = False,
) -> Iterator[tuple[str, list[tuple], int]]:
    """Yield ``(doc_id, rows, words)`` per document, in corpus order (``words`` is 0 unless
    ``need_words``, as counting words costs a pass over the text)."""

    def checked(items: Iterable[Transcript]) -> Iterator[Transcript]:
        for t in items:
            if rules.active_roles and not any(turn.role in rules.active_roles for turn in content_turns(t)):
                warnings.warn(
                    f"[RK221] document {t.doc_id!r} has no turn with role {', '.join(sorted(rules.active_roles))}; "
                    "nothing in it was coded. Check its speaker labels, or pass roles=... to code other roles",
                    CodebookWarning, stacklevel=4,
                )
            yield t

    if n_process == 1:
        words: dict[str, int] = {}

        def counted(items: Iterable[Transcript]) -> Iterator[Transcript]:
            for t in items:
                words[t.doc_id] = t.n_words if need_words else 0
                yield t

        for doc_id, doc_rows in _code_transcripts(rules, counted(checked(transcripts)), unit):
            yield doc_id, doc_rows, words.pop(doc_id, 0)
        return
    if "fork" in multiprocessing.get_all_start_methods():
        # Children inherit the compiled rules and the loaded pipeline (copy-on-write).
        ctx = multiprocessing.get_context("fork")
        _WORKER.update(rules=rules, unit=unit)
        pool = ctx.Pool(n_process)
    else:  # pragma: no cover - Windows/macOS spawn
        ctx = multiprocessing.get_context("spawn")
        pool = ctx.Pool(n_process, initializer=_worker_init, initargs=(codebook.to_dict(), roles, model, unit))
    try:
        for results in pool.imap(_worker_run, _chunks(checked(transcripts), 20_000)):
            yield from results
    finally:
        pool.terminate()
        pool.join()
        _WORKER.clear()


def iter_autocode(
    corpus: Corpus | Transcript | Iterable[Transcript],
    codebook: Codebook,
    *,
    unit: str = "sentence",
    roles: Iterable[str] | str = ("respondent",),
    n_process: int = 1,
    model: str | None = None,
) -> Iterator[pd.DataFrame]:
    """Like :func:`autocode`, but yield one codings table per document as it is done.

    Memory stays flat however large the corpus (only the current document's matches are
    held), so this suits very large corpora written out piece by piece. Documents
    without codings yield an empty table.

    Examples
    --------
    >>> from researchkit.codebook import Codebook
    >>> from researchkit.transcripts import Transcript, Turn
    >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "a", "keywords": ["haven"]}]})
    >>> docs = [Transcript(d, "R: De haven.", (Turn("R", "respondent", 3, 12),)) for d in ("R1", "R2")]
    >>> [len(frame) for frame in iter_autocode(docs, cb)]
    [1, 1]
    """
    rules, default_roles = _prepare(codebook, unit, roles, n_process, model)
    transcripts: Iterable[Transcript] = (corpus,) if isinstance(corpus, Transcript) else corpus
    for _doc_id, rows, _words in _iter_rows(rules, codebook, transcripts, unit=unit, roles=default_roles,
                                            n_process=n_process, model=model):
        yield pd.DataFrame(rows, columns=AUTOCODE_COLUMNS).astype({"start": "int64", "end": "int64"})


def autocode(
    corpus: Corpus | Transcript | Iterable[Transcript],
    codebook: Codebook,
    *,
    unit: str = "sentence",
    roles: Iterable[str] | str = ("respondent",),
    n_process: int = 1,
    model: str | None = None,
    progress: bool | Callable[[int], None] = False,
) -> pd.DataFrame:
    """Apply the codebook's rules to a corpus.

    Parameters
    ----------
    corpus
        A :class:`~researchkit.transcripts.Corpus` (or one transcript, or an iterable of them).
    codebook
        The :class:`~researchkit.codebook.Codebook`; its ``language`` selects the pipeline.
    unit
        ``"sentence"`` (default), ``"turn"``, ``"paragraph"`` or ``"document"``: what a
        coded row spans.
    roles
        Roles whose turns are coded for codes that do not set ``roles:`` themselves
        (default respondents only: interviewer questions are not evidence).
    n_process
        Worker processes; ``1`` runs in this process.
    model
        An installed trained spaCy pipeline to use instead of the blank one.
    progress
        ``True`` shows a tqdm progress bar (in words); a callable receives the word count
        of each finished document.

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id, start, end, code, coder, source, text, unit, rule_id,
        evidence``; ``coder`` and ``source`` are ``"rules"``. One row per
        ``(unit, code)``, ordered by corpus order, ``start``, ``end`` and codebook
        order. ``text[start:end] == row.text`` always holds. ``rule_id`` names the
        rules that fired (``keyword:verdacht*``, ``proximity:info-delen`` ...) and
        ``evidence`` the matched words, both ``"; "``-separated.

    Warns
    -----
    CodebookWarning
        ``RK214`` for rules that can never match; ``RK221`` for documents with no
        turn of the roles to code.

    Examples
    --------
    >>> from researchkit.codebook import Codebook
    >>> from researchkit.transcripts import Transcript, Turn
    >>> cb = Codebook.from_dict({"codes": [{"id": "VERM", "name": "Vermoedens", "keywords": ["vermoeden"]}]})
    >>> t = Transcript("R01", "I: Vermoedens?\\nR: Vermoedens, ja.",
    ...                turns=(Turn("I", "interviewer", 3, 14), Turn("R", "respondent", 18, 33)))
    >>> autocode(t, cb)[["doc_id", "start", "end", "code", "evidence"]].to_dict("records")
    [{'doc_id': 'R01', 'start': 18, 'end': 33, 'code': 'VERM', 'evidence': 'Vermoedens'}]
    """
    rules, default_roles = _prepare(codebook, unit, roles, n_process, model)
    transcripts: Iterable[Transcript] = (corpus,) if isinstance(corpus, Transcript) else corpus
    bar = None
    callback: Callable[[int], None] | None = None
    if progress is True:
        from tqdm.auto import tqdm

        total = corpus.n_words if isinstance(corpus, Corpus) else None
        bar = tqdm(total=total, unit="word", unit_scale=True, desc="autocode")
        callback = bar.update
    elif callable(progress):
        callback = progress
    rows: list[tuple] = []
    try:
        for _doc_id, doc_rows, words in _iter_rows(rules, codebook, transcripts, unit=unit, roles=default_roles,
                                                   n_process=n_process, model=model,
                                                   need_words=callback is not None):
            rows.extend(doc_rows)
            if callback is not None:
                callback(words)
    finally:
        if bar is not None:
            bar.close()
    frame = pd.DataFrame(rows, columns=AUTOCODE_COLUMNS)
    return frame.astype({"start": "int64", "end": "int64"})

"""A codebook's rules compiled once against a spaCy pipeline (:class:`RuleSet`).

Every term of the codebook (keyword, exclusion, proximity term, separable verb) is
compiled once: exact words go into one dict keyed by lower-case form and lemma,
prefixes into one dict per prefix length, phrases are indexed by their most selective
word. Each token *type* is looked up once per run and cached, so the cost per token is a
dict lookup whatever the number of keywords.

Examples
--------
>>> from researchkit.codebook import Codebook
>>> rs = RuleSet(Codebook.from_dict({"codes": [{"id": "A", "name": "a", "keywords": ["drugs*"]}]}))
>>> [(rs.code_ids[c], rules, words) for c, _, _, _, rules, words in rs.match_doc(rs.nlp("Veel drugshandel hier."))[0]]
[('A', ['keyword:drugs*'], ['drugshandel'])]
"""

from __future__ import annotations

from itertools import compress
from typing import Any, Sequence

from researchkit.autocode.forms import EITHER, HEAD, MIN_PART, MODIFIER, apostrophe_base, diminutives, fold, plurals
from researchkit.autocode.terms import CodeRules, Prox, Word, pattern_anchors
from researchkit.codebook import Code, Codebook, Proximity, split_separable

__all__ = ["RuleSet", "compile_rules"]


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
    >>> rs = RuleSet(Codebook.from_dict({"codes": [{"id": "A", "name": "a", "keywords": ["haven"]}]}))
    >>> rs.code_ids, len(rs.terms)
    (['A'], 1)
    """

    def __init__(self, codebook: Codebook, nlp: Any = None, *, roles: Sequence[str] = ("respondent",)) -> None:
        from researchkit.nlp import get_pipeline

        self.codebook = codebook
        self.nlp = nlp if nlp is not None else get_pipeline(codebook.language)
        self.default_roles = tuple(roles)
        self.warnings: list[str] = codebook.check_rules(self.nlp)
        self.terms: list[tuple[Word, ...]] = []
        self.term_text: list[str] = []
        self.anchor_pos: list[int] = []
        self._phrase_checks: dict[int, tuple] = {}
        self._term_ids: dict[str, int | None] = {}
        self._exact: dict[str, list[int]] = {}
        self._prefix: dict[int, dict[str, list[int]]] = {}
        self._heads: dict[int, dict[str, list[int]]] = {}  # compound heads by length
        self._modifiers: dict[int, dict[str, list[int]]] = {}  # compound modifiers by length
        self._dutch = codebook.language == "nl"
        self._stop_words = frozenset(fold(w) for w in getattr(self.nlp.Defaults, "stop_words", ()))
        self.codes: list[CodeRules] = []
        self.keyword_of: dict[int, list[tuple[int, str]]] = {}  # term id -> [(code index, rule id)]
        self.exclusion_of: dict[int, list[int]] = {}
        self.prox: list[Prox] = []
        self.prox_of_term: dict[int, list[int]] = {}
        self.matcher = None
        self._pattern_keys: dict[int, tuple[int, str]] = {}
        self._cache: dict[Any, tuple] = {}
        self._forms: dict[Any, tuple[str, str]] = {}
        self._bases: dict[Any, str] = {}  # token type -> base of a Dutch person noun ("KMar'ers" -> "kmar")
        self._phrase_word: dict[Any, bool] = {}  # token type -> fills a non-anchor word of some phrase
        self._anchor_terms: set[int] = set()
        self._role_actions: dict[str | None, tuple[dict, dict, dict]] = {}
        self._role_cache: dict[str | None, dict[Any, tuple]] = {}
        self._phrase_specs: dict[int, tuple] = {}
        self._always_match = False
        lemmatizer = self.nlp.get_pipe("lemmatizer") if self.nlp.has_pipe("lemmatizer") else None
        self._orth_keyed = lemmatizer is None or getattr(lemmatizer, "mode", None) == "lookup"
        # A lookup lemma depends on the word form only, so it is looked up once per word
        # type (in _learn) instead of per token: the lemmatizer is left out of nlp.pipe.
        self._lemmatizer = lemmatizer if lemmatizer is not None and self._orth_keyed else None
        self._lemma_of = getattr(self._lemmatizer, "lemma_of", None)  # researchkit's FormLemmatizer
        self.skip_in_pipe: tuple[str, ...] = ("lemmatizer",) if self._lemmatizer is not None else ()
        self._compile()

    # -- compilation ---------------------------------------------------------------

    def _words(self, key: str) -> list[Word]:
        """The words of a term: exact forms (folded form, lemma, diminutives), prefixes or compound parts."""
        words: list[Word] = []
        for raw in key.split():
            if raw.endswith("*"):
                prefix = fold(raw[:-1])
                if prefix:
                    words.append(Word(frozenset(), prefix))
                continue
            if raw.startswith("="):
                exact = fold(raw[1:])
                if exact:
                    words.append(Word(frozenset({exact})))
                continue
            head, modifier = raw.startswith("+"), raw.endswith("+")
            mode = EITHER if head and modifier else HEAD if head else MODIFIER if modifier else None
            for tok in self.nlp(raw.strip("+")):
                if not tok.is_space:
                    forms = self._word_forms(tok.text)
                    if mode in (HEAD, EITHER) and self._dutch:  # heads of compounds the lemmatizer does not know
                        forms = forms | {p for f in forms for p in plurals(f)}
                    words.append(Word(forms, compound=mode))

        def punct_only(w: Word) -> bool:
            return w.prefix is None and all(not any(ch.isalnum() for ch in f) for f in w.forms)

        # leading/trailing punctuation-only words would never help; keep inner ones
        while words and punct_only(words[0]):
            words.pop(0)
        while words and punct_only(words[-1]):
            words.pop()
        return words

    def _word_forms(self, text: str) -> frozenset[str]:
        """A keyword word's forms: folded form and lemma, plus Dutch diminutives of both."""
        forms = {fold(text), fold(self._lemma(text))} - {""}
        if self._dutch:
            for form in list(forms):
                forms.update(diminutives(form))
        return frozenset(forms)

    def _lemma(self, text: str) -> str:
        if self._lemma_of is not None:
            return self._lemma_of(text)
        doc = self.nlp(text)
        return "".join(t.lemma_ + t.whitespace_ for t in doc) if len(doc) else text

    def _term(self, text: str) -> int | None:
        """The id of a term (compiled and indexed on first use), or ``None`` if it has no word."""
        key = text.strip().lower()
        if key in self._term_ids:
            return self._term_ids[key]
        words = self._words(key)
        if not words:
            self._term_ids[key] = None
            return None
        tid = len(self.terms)
        self.terms.append(tuple(words))
        self.term_text.append(key)
        self._term_ids[key] = tid
        # Index the term under its most selective word (the longest; short words such as
        # "de", "in", "er" are everywhere), and verify the other words around it.
        anchor = max(range(len(words)), key=lambda j: (self._selectivity(words[j]), -j))
        self.anchor_pos.append(anchor)
        # the other words, checked around the anchor: (offset, exact forms, word needing a prefix/compound test)
        self._phrase_checks[tid] = tuple(
            (j, w.forms, w if w.prefix is not None or w.compound is not None else None)
            for j, w in enumerate(words) if j != anchor
        )
        word = words[anchor]
        if word.prefix is not None:
            self._prefix.setdefault(len(word.prefix), {}).setdefault(word.prefix, []).append(tid)
            return tid
        for form in word.forms:
            self._exact.setdefault(form, []).append(tid)
            if word.compound in (HEAD, EITHER):
                self._heads.setdefault(len(form), {}).setdefault(form, []).append(tid)
            if word.compound in (MODIFIER, EITHER):
                self._modifiers.setdefault(len(form), {}).setdefault(form, []).append(tid)
        return tid

    def _selectivity(self, word: Word) -> tuple[int, int]:
        """How rare a word of a phrase is likely to be: not a stop word (in any of its forms,
        e.g. the lemma "zijn" of "is") before a stop word, then longer before shorter."""
        if word.prefix is not None:
            return (1, len(word.prefix) - 1)
        stop = self._stop_words
        common = any(f in stop for f in word.forms) or any(len(f) <= 2 for f in word.forms)
        return (0 if common else 1, min(len(f) for f in word.forms))

    def _code_rules(self, index: int, code: Code) -> CodeRules:
        neg = code.rules.negation
        cues = None
        if neg is not None:
            cue_forms: set[str] = set()
            for cue in neg.cues:
                for tok in self.nlp(cue):
                    cue_forms.update({fold(tok.text), fold(self._lemma(tok.text))})
            cues = frozenset(cue_forms)
        roles = code.rules.roles if code.rules.roles is not None else self.default_roles
        return CodeRules(index, code, roles, cues, neg.window if neg else 0)

    def _compile_terms(self, index: int, code: Code) -> None:
        """Keywords, exclusions, proximity rules and separable verbs of one code."""
        r = code.rules
        for kw in r.keywords:
            tid = self._term(kw)
            if tid is not None:
                self.keyword_of.setdefault(tid, []).append((index, f"keyword:{kw}"))
        for kw in r.exclude_keywords:
            tid = self._term(kw)
            if tid is not None:
                self.exclusion_of.setdefault(tid, []).append(index)
        proxies: list[tuple[Proximity, str]] = [(p, f"proximity:{p.id or i}") for i, p in enumerate(r.proximity)]
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
            self.prox.append(Prox(index, rule_id, tuple(tids), p.within, p.ordered))  # type: ignore[arg-type]
            for t in set(tids):
                self.prox_of_term.setdefault(t, []).append(pid)  # type: ignore[arg-type]

    def _compile_patterns(self, index: int, code: Code) -> None:
        from spacy.matcher import Matcher

        for i, pattern in enumerate(code.rules.patterns):
            if self.matcher is None:
                self.matcher = Matcher(self.nlp.vocab, validate=True)
            key = f"{code.id}#pattern{i}"
            self.matcher.add(key, [list(pattern)])
            self._pattern_keys[self.nlp.vocab.strings[key]] = (index, f"pattern:{i}")
            anchors = pattern_anchors(pattern)
            if anchors is None:
                self._always_match = True
                continue
            for word in anchors:
                tid = self._term(word)
                if tid is None:
                    self._always_match = True
                else:
                    self._anchor_terms.add(tid)

    def _compile(self) -> None:
        for index, code in enumerate(self.codebook.walk()):
            self.codes.append(self._code_rules(index, code))
            if code.rules.autocode:
                self._compile_terms(index, code)
                self._compile_patterns(index, code)
        self._prefix_lengths = sorted(self._prefix)
        self._term_lengths = [len(words) for words in self.terms]
        self._head_lengths = sorted(self._heads)
        self._modifier_lengths = sorted(self._modifiers)
        # the words of phrases that are checked around an anchor: does a token type fill any of them?
        others = [check for checks in self._phrase_checks.values() for check in checks]
        self._phrase_word_forms = frozenset(f for _, forms, _ in others for f in forms)
        self._phrase_word_specials = tuple({id(w): w for _, _, w in others if w is not None}.values())
        self.code_ids = [cr.code.id for cr in self.codes]
        self._relevant = frozenset(self.keyword_of) | frozenset(self.exclusion_of) | frozenset(self.prox_of_term)
        self.active_roles = frozenset(role for cr in self.codes if not cr.code.rules.empty for role in cr.roles)

    # -- token look-up ---------------------------------------------------------------

    def _doc_keys(self, doc: Any) -> list:
        """One cache key per token: the ORTH hash when lemmas depend on the text only
        (lookup lemmatizer), else the ``(ORTH, LEMMA)`` hash pair."""
        from spacy.attrs import LEMMA, ORTH

        if self._orth_keyed:
            return doc.to_array(ORTH).tolist()
        return list(map(tuple, doc.to_array([ORTH, LEMMA]).tolist()))

    def _learn(self, key: Any, token: Any) -> tuple:
        """Look up a token type not seen before: its forms and the terms its form starts."""
        lower = fold(token.text)
        if self._lemma_of is not None:
            lemma = fold(self._lemma_of(token.text)) or lower
        elif self._lemmatizer is not None:
            lemma = fold((self._lemmatizer.lookup_lemmatize(token) or [""])[0]) or lower
        else:
            lemma = fold(token.lemma_) or lower
        self._forms[key] = (lower, lemma)
        base = apostrophe_base(token.text) if self._dutch else None
        if base:  # "KMar'ers": the person noun's base is a keyword's word too ("kmar"), in phrases as well
            self._bases[key] = base
        forms = self._phrase_word_forms
        self._phrase_word[key] = (lower in forms or lemma in forms or base in forms
                                  or any(w.matches(lower, lemma) or (base is not None and w.matches(base, base))
                                         for w in self._phrase_word_specials))
        variants: tuple[str, ...] = (lower,) if lemma == lower else (lower, lemma)
        if base:
            variants += (base,)
        found: list[int] = []
        for x in variants:
            found.extend(self._exact.get(x, ()))
            for n in self._prefix_lengths:
                if len(x) >= n:
                    found.extend(self._prefix[n].get(x[:n], ()))
            for n in self._head_lengths:
                if len(x) - n >= MIN_PART:
                    found.extend(self._heads[n].get(x[-n:], ()))
            for n in self._modifier_lengths:
                if len(x) - n >= MIN_PART:
                    found.extend(self._modifiers[n].get(x[:n], ()))
        tids = sorted(set(found))
        singles = tuple(t for t in tids if len(self.terms[t]) == 1)
        phrases = tuple(t for t in tids if len(self.terms[t]) > 1)
        result: tuple = (singles, phrases) if tids else ()
        self._cache[key] = result
        return result

    def lookup(self, doc: Any) -> tuple[list, list]:
        """Per-token cache keys and ``(single-word terms, phrase terms)`` started by each token
        (an empty tuple for tokens that start no term)."""
        keys = self._doc_keys(doc)
        cache = self._cache
        found = list(map(cache.get, keys))
        if None in found:
            for i, value in enumerate(found):
                if value is None:
                    found[i] = cache.get(keys[i]) or self._learn(keys[i], doc[i])
        return keys, found

    def resolved(self, doc: Any, role: str | None) -> tuple[list, list]:
        """Per-token cache keys and, per token, what it does for ``role`` (cached per word type).

        An entry is ``()`` for a token that starts no term this role uses, else
        ``(keyword actions, exclusion codes, proximity (rule, term) pairs, phrase memo,
        is a pattern anchor, starts any anchor term, phrase specs, has single-word work)`` with keyword actions
        ``(code index, rule id, code rules if negation applies else None)``; the phrase
        memo is ``(left, right, phrase specs, free before, free after)``, where ``left`` and
        ``right`` map the key of the token before or after the anchor to a bit mask of the
        phrases whose word there fits it (``None`` when the word anchors no phrase), and the
        free masks are those of phrases with no word there. Entries are
        resolved once per word type and role, so matching does one dict look-up per token.
        """
        return self.resolve_keys(self._doc_keys(doc), doc, role)

    def resolve_keys(self, keys: list, doc: Any, role: str | None) -> tuple[list, list]:
        """:meth:`resolved` for cache keys the caller already took from ``doc``."""
        by_role = self._role_cache.get(role)
        if by_role is None:
            by_role = self._role_cache[role] = {}
        try:  # every word type seen before (the usual case): no scan for gaps
            return keys, list(map(by_role.__getitem__, keys))
        except KeyError:
            found = list(map(by_role.get, keys))
        if None in found:
            cache = self._cache
            for i, value in enumerate(found):
                if value is None:
                    key = keys[i]
                    value = by_role.get(key)
                    if value is None:
                        base = cache.get(key)
                        if base is None:
                            base = self._learn(key, doc[i])
                        value = by_role[key] = self._resolve(base, role)
                    found[i] = value
        return keys, found

    def _resolve(self, base: tuple, role: str | None) -> tuple:
        """A learned ``(singles, phrases)`` entry turned into the actions of ``role``."""
        if not base:
            return ()
        kw_acts, ex_acts, px_acts = self.actions(role)
        anchors = self._anchor_terms
        singles, phrases = base
        kw: list[tuple] = []
        ex: list[int] = []
        px: list[tuple[int, int]] = []
        for tid in singles:
            kw.extend(kw_acts.get(tid, ()))
            ex.extend(ex_acts.get(tid, ()))
            px.extend((pid, tid) for pid in px_acts.get(tid, ()))
        phr = tuple(self._phrase_spec(t) for t in phrases
                    if t in kw_acts or t in ex_acts or t in px_acts or t in anchors)
        single_anchor = any(t in anchors for t in singles)
        any_anchor = single_anchor or any(t in anchors for t in phrases)
        if not (kw or ex or px or phr or any_anchor):
            return ()
        return (tuple(kw), tuple(ex), tuple(px), self._phrase_memo(phr) if phr else None, single_anchor, any_anchor,
                phr, bool(kw or ex or px or single_anchor))

    @staticmethod
    def _phrase_memo(specs: tuple) -> tuple:
        """``(left, right, specs, free before, free after)``: the memos of :meth:`resolved` plus the
        bit masks of the phrases with no word just before / after the anchor (what any token
        that is no phrase word leaves standing)."""
        free = [0, 0]
        for j, (_tid, back, _length, checks) in enumerate(specs):
            for side, rel in ((0, -1), (1, 1)):
                if not any(offset - back == rel for offset, _memo, _wf, _special in checks):
                    free[side] |= 1 << j
        return ({}, {}, specs, free[0], free[1])

    def _phrase_spec(self, tid: int) -> tuple:
        """``(term id, anchor position, length, checks)`` of a phrase; each check is
        ``(offset, memo, exact forms, word needing a prefix/compound test)`` where ``memo``
        remembers per token key whether that word matches (a key fixes form and lemma)."""
        spec = self._phrase_specs.get(tid)
        if spec is None:
            checks = tuple((offset, {}, wf, special) for offset, wf, special in self._phrase_checks[tid])
            spec = self._phrase_specs[tid] = (tid, self.anchor_pos[tid], len(self.terms[tid]), checks)
        return spec

    def phrase_at(self, tid: int, i: int, keys: list) -> tuple[int, int] | None:
        """Token span of phrase ``tid`` when its anchor word is token ``i`` and the others fit."""
        start = i - self.anchor_pos[tid]
        end = start + len(self.terms[tid])
        if start < 0 or end > len(keys):
            return None
        for offset, wf, special in self._phrase_checks[tid]:
            if not self.word_fits(keys[start + offset], wf, special):
                return None
        return start, end

    def word_fits(self, key: Any, wf: frozenset[str], special: Word | None) -> bool:
        """Does the token type ``key`` fill a phrase word with exact forms ``wf`` (and a
        prefix/compound test ``special``)? Its form, its lemma, or the base of a Dutch person
        noun (``KMar'ers`` fills ``kmar``) may."""
        lower, lemma = self._forms[key]
        if lower in wf or lemma in wf or (special is not None and special.matches(lower, lemma)):
            return True
        base = self._bases.get(key)
        return base is not None and (base in wf or (special is not None and special.matches(base, base)))

    def term_hits(self, doc: Any) -> tuple[list[tuple[int, int, int]], list]:
        """Every term occurrence in ``doc`` as ``(term id, first token, end token)``.

        Also returns the per-token cache keys (for negation and phrase checks).
        """
        keys, found = self.lookup(doc)
        hits: list[tuple[int, int, int]] = []
        for i in compress(range(len(keys)), found):
            singles, phrases = found[i]
            hits.extend((tid, i, i + 1) for tid in singles)
            for tid in phrases:
                span = self.phrase_at(tid, i, keys)
                if span is not None:
                    hits.append((tid, *span))
        return hits, keys

    def negated(self, cr: CodeRules, keys: list, tok: int, sent_start: int) -> bool:
        """Is token ``tok`` preceded by one of the code's negation cues in its sentence?"""
        if cr.negation_cues is None:
            return False
        cues = cr.negation_cues
        forms = self._forms
        for j in range(max(sent_start, tok - cr.negation_window), tok):
            lower, lemma = forms[keys[j]]
            if lower in cues or lemma in cues:
                return True
        return False

    def actions(self, role: str | None) -> tuple[dict, dict, dict]:
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

    def match_doc(self, doc: Any, text: str | None = None, role: str | None = None, info: Any = None
                  ) -> tuple[list, list, list]:
        """Match one spaCy ``doc`` (one turn, or a piece of one); offsets are chars into ``doc.text``.

        See :func:`researchkit.autocode.matching.match_doc` for the arguments and the returned lists.
        """
        from researchkit.autocode.matching import match_doc

        return match_doc(self, doc, text, role, info)


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

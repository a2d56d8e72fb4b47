"""Matching key terms in text: whole words, inflections, particles, case rules, variant spellings.

:class:`KeyMatcher` compiles the forms of a key (terms, variants, name parts) into one
regular expression per form, indexed by the form's first word, and scans a text word by
word. It matches on the normalised shadow of the text (:mod:`.normalise`: soft hyphens
and zero-width characters removed, ``ĳ`` -> ``ij``, accents stripped, NFD composed,
line-end hyphenation joined) and maps every hit back to the exact original span.

Case: a form written in lower case matches in any case. A capitalised form (``case:
auto``) matches as written and in capitals; it also matches in lower case
(``zijlstra``) unless one of its words is a common Dutch or English word (the lemma
tables of ``spacy-lookups-data``), so ``de boer`` (the farmer) and ``visser`` (the
fisher) stay while ``zijlstra`` is found.

Examples
--------
>>> from researchkit.privacy.entry import KeyEntry
>>> e = (KeyEntry("Henk Zijlstra", pseudonym="[PERSOON-1]"),)
>>> m = KeyMatcher([Form("Henk Zijlstra", 0, "[PERSOON-1]", "auto", True), Form("Zijlstra", 0, "[PERSOON-1]", "auto", False)], e)
>>> [h.text for h in m.find("zijlstra en Zíjl\\u00adstra en Zijl-\\nstras boot")]
['zijlstra', 'Zíjl\\xadstra', 'Zijl-\\nstras']
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from researchkit.errors import LanguageError
from researchkit.nlp import lemma_lookup_table
from researchkit.privacy.entry import KIND_PREFIXES, KeyEntry, KeyMatch
from researchkit.privacy.nameforms import KEY_PARTICLES
from researchkit.privacy.normalise import normalise_form, shadow

__all__ = ["Form", "KeyMatcher", "common_word"]

_SUFFIX = r"(?:['’]s|['’]|s)?"
_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class Form:
    """One matched form of a key entry (the term, a variant, or a name part)."""

    form: str
    entry: int
    pseudonym: str
    case: str
    explicit: bool


class _Lexicon:
    """The lower-cased forms and lemmas of some lookup tables, without lower-casing every form.

    ``word in lexicon`` is ``word in {k.lower() for k in keys} | {v.lower() for v in values}``:
    a key or lemma already in lower case is looked up as it is (in its table, or in the set of
    the table's lemmas); only the few others are lower-cased, once, into :attr:`extra`.
    """

    def __init__(self, tables: Sequence[Mapping[str, str]]) -> None:
        self.tables = tuple(tables)
        extra: set[str] = set()
        lemmas: list[frozenset] = []
        for table in self.tables:
            for items, keep in ((table, False), (frozenset(table.values()), True)):
                odd = _not_lower(items)  # a superset of the items that lower-casing changes
                extra.update(low for item, low in zip(odd, _lower_all(odd)) if item != low)
                if keep:
                    lemmas.append(items)
        self.extra = frozenset(extra)
        self.lemmas = tuple(lemmas)

    def __contains__(self, word: object) -> bool:
        if word in self.extra:
            return True
        return (isinstance(word, str) and word.lower() == word
                and (any(word in table for table in self.tables) or any(word in lemmas for lemmas in self.lemmas)))


def _not_lower(items: Iterable) -> list:
    """The items that are not strings in lower case (``str.islower``; a string without cased letters counts too).

    A string for which ``islower()`` holds is its own ``lower()``, so every item that
    lower-casing changes is in the result.

    Examples
    --------
    >>> _not_lower(["kade", "Visser", "42", 7])
    ['Visser', '42', 7]
    """
    try:
        return list(itertools.filterfalse(str.islower, items))
    except TypeError:  # an item that is not a string
        return [x for x in items if not (isinstance(x, str) and x.islower())]


@functools.lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """Common Dutch and English words (forms and lemmas of the spaCy lookup tables), lower case.

    The tables are the ones the lemmatizer loads (:func:`researchkit.nlp.lemma_lookup_table`,
    shared within a process).
    """
    tables = []
    for lang in ("nl", "en"):
        try:
            tables.append(lemma_lookup_table(lang))
        except LanguageError:  # pragma: no cover - the package ships both tables
            continue
    return _Lexicon(tables)


def _lower_all(items: list) -> list[str]:
    """``[str(x).lower() for x in items]``, lower-casing all items in one call.

    ``str.lower`` of the items joined by NUL equals the items lower-cased one by one: the
    only context rule of ``str.lower`` (a final sigma) stops at a NUL as at the end of a string.
    """
    try:
        joined = "\x00".join(items)
    except TypeError:  # a value that is not a string
        return [str(x).lower() for x in items]
    parts = joined.lower().split("\x00")
    if len(parts) != len(items):  # an item holds a NUL
        return [str(x).lower() for x in items]
    return parts


def common_word(word: str) -> bool:
    """Whether ``word`` (any case) is a common Dutch or English word.

    Examples
    --------
    >>> common_word("Visser"), common_word("Zijlstra")
    (True, False)
    """
    return word.lower() in _lexicon()


def _lower_case_allowed(form: str) -> bool:
    """A capitalised form may match in lower case when none of its words is a common word."""
    words = [w for w in _WORD_RE.findall(form) if w.lower() not in KEY_PARTICLES]
    return bool(words) and all(len(w) >= 3 and not common_word(w) for w in words)


def _word_pattern(word: str, case: str) -> str:
    """One word of a form; a particle in any case, an apostrophe in either shape (``van 't``, ``van ’t``), an elided
    ``d'`` in any case (``d'Ancona``, ``D'Ancona``)."""
    escaped = "['’]".join(re.escape(piece) for piece in word.replace("’", "'").split("'"))
    if word.lower().replace("’", "'") in KEY_PARTICLES or case == "insensitive":
        return f"(?i:{escaped})"
    if word[:2].lower().replace("’", "'") == "d'" and len(word) > 2:
        return "(?i:d['’])" + re.escape(word[2:])
    return escaped


def _form_pattern(form: str, case: str) -> str:
    words = form.split(" ")
    body = r"\s+".join(_word_pattern(w, case) for w in words)
    last = words[-1]
    suffix = _SUFFIX if last.lower() not in KEY_PARTICLES and last[-1:].isalnum() else ""
    return f"(?P<form>{body})(?P<suffix>{suffix})(?!\\w)"


def _choose(forms: Sequence[Form], entries: Sequence[KeyEntry]) -> list[Form]:
    """One form per (form, case): explicit terms win; a part shared by entries becomes the bare kind token."""
    explicit = {f.form.casefold() for f in forms if f.explicit}
    by_form: dict[tuple[str, str], set[int]] = {}
    for f in forms:
        by_form.setdefault((f.form, f.case), set()).add(f.entry)
    chosen: dict[tuple[str, str], Form] = {}
    for f in forms:
        if not f.explicit and f.form.casefold() in explicit:
            continue  # another entry names this form explicitly
        ident = (f.form, f.case)
        if ident in chosen and chosen[ident].explicit:
            continue
        if not f.explicit and len(by_form[ident]) > 1:
            kinds = {entries[i].kind for i in by_form[ident]}
            prefix = KIND_PREFIXES[kinds.pop()] if len(kinds) == 1 else "NAAM"
            f = Form(f.form, f.entry, f"[{prefix}]", f.case, False)
        chosen[ident] = f
    return list(chosen.values())


def _variants(f: Form) -> list[tuple[str, str]]:
    """(normalised form, effective case) pairs to compile for one form."""
    form = normalise_form(f.form)
    if f.case != "auto":
        return [(form, f.case)]
    if not any(ch.isupper() for ch in form):
        return [(form, "insensitive")]
    if _lower_case_allowed(form):
        return [(form, "insensitive")]
    out = [(form, "sensitive")]
    if form.upper() != form:
        out.append((form.upper(), "sensitive"))
    return out


def _first_words(table: dict[str, list]) -> re.Pattern[str] | None:
    """One expression for the words that can start a form (a first word, or it plus ``s``), in any case.

    It finds every word :meth:`KeyMatcher._candidates` accepts, and possibly a few more (the
    scan checks each), as long as the text passes :func:`_plain_case`. ``None`` when a first
    word is not a plain word (its case folding left a mark), so that the full scan is used.
    """
    if not table or not all(_PLAIN_WORD.fullmatch(w) for w in table):
        return None
    trie: dict = {}
    for word in table:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    # the first letter as a class lets the regular expression engine skip ahead fast; then: it starts a word
    first = sorted(trie)
    branches = [f"(?<={re.escape(ch)}){_trie_pattern(trie[ch])}" for ch in first]
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    charset = "[" + "".join(re.escape(ch) for ch in first) + "]"
    return re.compile(charset + r"(?<!\w.)" + body + r"s?(?!\w)", re.IGNORECASE | re.DOTALL)


def _trie_pattern(node: dict) -> str:
    """A regular expression for the words of a character trie (shared prefixes matched once)."""
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word ends here; longer ones go on
        return f"(?:{body})?"
    return body


_PLAIN_WORD = re.compile(r"[^\W_]+")
#: Characters whose case folding is not their lower case (ß -> ss, ΐ, ligatures ...): a text
#: with any of them is scanned word by word, where ``casefold`` decides.
_FOLD_CACHE: dict[str, bool] = {}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _plain_case(text: str) -> bool:
    """Whether every character of ``text`` folds to its lower case (so ``re.IGNORECASE`` finds what ``casefold`` does)."""
    if text.isascii():
        return True
    for ch in set(_NON_ASCII.findall(text)):
        plain = _FOLD_CACHE.get(ch)
        if plain is None:
            plain = _FOLD_CACHE[ch] = ch.casefold() == ch.lower() and len(ch.lower()) == 1
        if not plain:
            return False
    return True


class KeyMatcher:
    """Compiled forms of a key; :meth:`find` returns the matches in a text.

    Parameters
    ----------
    forms
        Every form to match (several per entry).
    entries
        The key's entries (with pseudonyms), indexed by :attr:`Form.entry`.
    """

    def __init__(self, forms: Sequence[Form], entries: Sequence[KeyEntry]) -> None:
        self.entries = tuple(entries)
        table: dict[str, list[tuple[str, Form, int]]] = {}
        for f in _choose(forms, self.entries):
            for form, case in _variants(f):
                first = _WORD_RE.search(form)
                if first is None:
                    continue
                # "lead": characters before the first word ("'t Hooft"), matched just before the word
                table.setdefault(first.group().casefold(), []).append((_form_pattern(form, case), f, first.start()))
        self._table: dict[str, list[tuple[re.Pattern[str], Form, int]]] = {}
        for word, items in table.items():
            items.sort(key=lambda it: (-len(it[1].form), it[1].form))
            self._table[word] = [(re.compile(p), f, lead) for p, f, lead in items]
        self._words = _first_words(self._table)

    def _candidates(self, word: str) -> list[tuple[re.Pattern[str], Form, int]] | None:
        candidates = self._table.get(word)
        if word[-1] == "s" and len(word) > 2:  # "Jansens": the form "Jansen" with its inflection
            more = self._table.get(word[:-1])
            if more:
                candidates = candidates + more if candidates else more
        return candidates

    def _scan(self, text: str) -> list[tuple[re.Match[str], Form]]:
        out: list[tuple[re.Match[str], Form]] = []
        pos = 0
        # only the words that can start a form are looked at; the rest of the scan is the same
        words = _WORD_RE if self._words is None or not _plain_case(text) else self._words
        for m in words.finditer(text):
            if m.start() < pos:
                continue
            candidates = self._candidates(m.group().casefold())
            if not candidates:
                continue
            best = None
            for pat, f, lead in candidates:
                start = m.start() - lead
                if start < pos or start < 0 or (lead and start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_")):
                    continue
                hit = pat.match(text, start)
                if hit and (best is None or hit.end() > best[0].end()):
                    best = (hit, f)
            if best is not None:
                out.append(best)
                pos = best[0].end()
        return out

    def find(self, text: str) -> list[KeyMatch]:
        """Every form in ``text`` (longest first, no overlaps), with original offsets, in text order."""
        if not self._table or not text:
            return []
        view = shadow(text)
        out: list[KeyMatch] = []
        for hit, f in self._scan(view.text):
            start, end = view.span(hit.start(), hit.end())
            entry = self.entries[f.entry]
            out.append(KeyMatch(start, end, text[start:end], entry.term, entry.kind, f.pseudonym, f.form,
                                hit.group("suffix")))
        return out

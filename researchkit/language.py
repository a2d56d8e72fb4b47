"""Which language a text is in, from spaCy's stop-word lists (no model, nothing downloaded).

Used where researchkit must name a language nobody gave it: a codebook imported from
another QDA program (REFI-QDA has no language field) takes the language of its
documents, or of its code names and descriptions, so that rules added later are matched
with the right lemmatizer. A guess is made only when one language's stop words clearly
outnumber every other's; otherwise :func:`guess_language` says it cannot tell. A stop word
counts ``1/k`` when ``k`` languages list it ("de", "in" say little; "het", "és" a lot); single
letters are not counted.

The stop-word lists are spaCy's own (``spacy/lang/<xx>/stop_words.py``), read as data
without importing spaCy's language classes (which would take seconds), for the languages
researchkit can build a pipeline for (:func:`researchkit.nlp.supported_languages`).

Examples
--------
>>> guess_language(["Wij hebben de douane gebeld, maar die kwam pas de volgende dag."]).language
'nl'
>>> guess_language(["Harlingen"]).language is None
True
"""

from __future__ import annotations

import functools
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

__all__ = ["LanguageGuess", "guess_language", "MIN_HITS", "MARGIN", "MAX_WORDS"]

#: Fewest (weighted) stop words of the winning language for a guess.
MIN_HITS = 3
#: The winner must have this many times the stop words of the runner-up.
MARGIN = 1.5
#: Words looked at (the first ones of the texts, in order).
MAX_WORDS = 20_000

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True)
class LanguageGuess:
    """The outcome of :func:`guess_language`.

    Attributes
    ----------
    language
        ISO code, or ``None`` when no language stands out.
    words
        Words looked at.
    hits
        ``(language, weighted stop words found)`` for the best candidates, best first (at most three).
    """

    language: str | None
    words: int
    hits: tuple[tuple[str, float], ...]

    def describe(self) -> str:
        """One line saying what was found (for import reports).

        Examples
        --------
        >>> LanguageGuess("nl", 40, (("nl", 12.0), ("en", 2.5))).describe()
        "'nl' (stop words weighing 12.0 in 40 words are Dutch; next: en 2.5)"
        """
        if not self.hits or self.language is None:
            found = ", ".join(f"{lang} {n:.1f}" for lang, n in self.hits) or "none"
            return f"undetermined ({self.words} words; weighted stop words found: {found})"
        rest = ", ".join(f"{lang} {n:.1f}" for lang, n in self.hits[1:]) or "none"
        name = _NAMES.get(self.language, self.language)
        return f"'{self.language}' (stop words weighing {self.hits[0][1]:.1f} in {self.words} words are {name}; next: {rest})"


_NAMES = {"nl": "Dutch", "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
          "pt": "Portuguese", "da": "Danish", "sv": "Swedish", "nb": "Norwegian", "cs": "Czech", "hu": "Hungarian"}


@functools.lru_cache(maxsize=1)
def _stop_words() -> dict[str, frozenset[str]]:
    """``language -> stop words`` for every supported language whose list spaCy ships."""
    from researchkit.nlp import supported_languages

    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - spaCy is a dependency
        return {}
    base = Path(list(spec.submodule_search_locations)[0]) / "lang"
    lists: dict[str, frozenset[str]] = {}
    for lang in supported_languages():
        path = base / lang / "stop_words.py"
        if not path.is_file():
            continue
        module_spec = importlib.util.spec_from_file_location(f"_researchkit_stop_words_{lang}", path)
        if module_spec is None or module_spec.loader is None:  # pragma: no cover
            continue
        module = importlib.util.module_from_spec(module_spec)
        module_spec.loader.exec_module(module)  # a module that only defines STOP_WORDS (a set of strings)
        words = getattr(module, "STOP_WORDS", None)
        if isinstance(words, (set, frozenset)):
            lists[lang] = frozenset(w.lower() for w in words if isinstance(w, str))
    return lists


@functools.lru_cache(maxsize=1)
def _weights() -> dict[str, float]:
    """``stop word -> 1/k``, ``k`` the number of languages listing it."""
    listed: dict[str, int] = {}
    for stop in _stop_words().values():
        for word in stop:
            listed[word] = listed.get(word, 0) + 1
    return {word: 1.0 / k for word, k in listed.items()}


def _words(texts: Iterable[str]) -> list[str]:
    out: list[str] = []
    for text in texts:
        if not isinstance(text, str):
            continue
        out.extend(w for m in _WORD.finditer(text) if len(w := m.group(0).lower()) > 1)  # "t", "z" of a time stamp say nothing
        if len(out) >= MAX_WORDS:
            return out[:MAX_WORDS]
    return out


def guess_language(texts: Iterable[str]) -> LanguageGuess:
    """Guess the language of ``texts`` by counting each language's stop words.

    Parameters
    ----------
    texts
        Texts in one language (documents, or code names and descriptions).

    Returns
    -------
    LanguageGuess
        ``.language`` is set when the best language has at least :data:`MIN_HITS` stop
        words and :data:`MARGIN` times those of the next; else ``None``.

    Examples
    --------
    >>> guess_language(["We asked the harbour master whether the boats were checked at night."]).language
    'en'
    >>> guess_language(["Senkit nem lehet kötelezni oltásra, ez az én döntésem, és nem az övé."]).language
    'hu'
    """
    words = _words(texts)
    lists = _stop_words()
    weights = _weights()
    found = [w for w in words if w in weights]
    counts = sorted(((round(sum(weights[w] for w in found if w in stop), 3), lang) for lang, stop in lists.items()),
                    key=lambda item: (-item[0], item[1]))
    counts = [(n, lang) for n, lang in counts if n > 0]
    hits = tuple((lang, n) for n, lang in counts[:3])
    if not counts or counts[0][0] < MIN_HITS:
        return LanguageGuess(None, len(words), hits)
    runner_up = counts[1][0] if len(counts) > 1 else 0
    if counts[0][0] < MARGIN * runner_up:
        return LanguageGuess(None, len(words), hits)
    return LanguageGuess(counts[0][1], len(words), hits)

"""The one place where spaCy pipelines are built.

researchkit never downloads a model. By default a pipeline is ``spacy.blank(lang)``
plus a word-form lemmatizer (:class:`FormLemmatizer`, see below), a small component
that starts a new sentence after a line break, and the rule-based ``sentencizer``.

The lemmatizer gives each word form one lemma, independent of context, from offline
data that ships with the installed packages:

- ``"lookup"``: spaCy's lookup tables (``spacy-lookups-data``), tried on the word as
  written and then in lower case (so "Vermoedens" at the start of a sentence is found);
- ``"simplemma"``: the simplemma tables (package ``simplemma``);
- ``"lookup+simplemma"``: the lookup table, and simplemma for words the table leaves
  unchanged ("havens" -> "haven", "vlekken" -> "vlek", "signalen" -> "signaal").

:data:`DEFAULT_LEMMATIZER` names the method used per language (chosen by measuring the
rules against the hand-coded gold subset; see ``docs/codebook.md``). A trained pipeline (e.g. ``nl_core_news_sm``) is used only when the
user has installed it and asks for it with ``model=``. Pipelines are built once per
``(lang, model)`` and cached for the life of the process.

Examples
--------
>>> from researchkit.nlp import get_pipeline
>>> nlp = get_pipeline("nl")
>>> [t.lemma_ for t in nlp("Vermoedens over containers.")]
['vermoeden', 'over', 'container', '.']
>>> get_pipeline("nl") is nlp
True
"""

from __future__ import annotations

import functools
import importlib.resources
import importlib.util
import re
import weakref
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from researchkit.errors import LanguageError

__all__ = ["get_pipeline", "supported_languages", "LINE_BREAK_COMPONENT", "pipeline_info", "FormLemmatizer",
           "lemma_lookup_table", "SPOKEN_FORMS",
           "LEMMATIZERS", "DEFAULT_LEMMATIZER", "lemmatizer_for", "blank_language"]

#: Name of the component that makes every line break a sentence boundary.
LINE_BREAK_COMPONENT = "researchkit_line_breaks"
#: Name of the word-form lemmatizer factory (the component itself is named ``lemmatizer``).
LEMMATIZER_FACTORY = "researchkit_lemmatizer"
#: Lemmatizer methods :func:`get_pipeline` accepts.
LEMMATIZERS: tuple[str, ...] = ("lookup", "simplemma", "lookup+simplemma")
#: Languages simplemma has data for, of those researchkit's readers see.
SIMPLEMMA_LANGUAGES: frozenset[str] = frozenset({"nl", "en", "de", "fr", "es"})
#: The method used when ``lemmatizer=None``: per language, else ``"lookup"``.
DEFAULT_LEMMATIZER: dict[str, str] = {lang: "lookup+simplemma" for lang in sorted(SIMPLEMMA_LANGUAGES)}

_LOOKUP_FILE = re.compile(r"^([a-z]{2,3})_lemma_lookup\.json(\.gz)?$")
#: Spoken and Flemish forms the tables leave as they are, with the written lemma (so that "nie"
#: is a negation cue like "niet", and "mekaar" matches a keyword with "elkaar"). Lower case.
SPOKEN_FORMS: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "nl": MappingProxyType({
        "nie": "niet", "ni": "niet", "mekaar": "elkaar", "effe": "even", "efkes": "even", "eventjes": "even",
        "tuurlijk": "natuurlijk", "'tuurlijk": "natuurlijk", "da": "dat", "wa": "wat", "'ns": "eens",
        "ne": "een", "'ne": "een", "iet": "iets",
    }),
})
#: Dutch writes the plural and diminutive of an abbreviation or of a word ending in a vowel with an
#: apostrophe ("pv's", "BOA's", "taxi's", "sms'jes", "auto'tje"), and its person noun too ("KMar'ers",
#: "FIOD'er"). Straight or curly apostrophe; the part before it must hold a letter (so "'s" and "'t"
#: are left alone). The person noun's lemma is ``X'er``; the others take the lemma of ``X``.
_PERSON_ENDINGS = frozenset({"er", "ers"})
_PLURAL_ENDINGS = frozenset({"s", "je", "jes", "tje", "tjes"})
#: simplemma writes a separable verb's particle with an underscore ("ingezet" -> "in_zetten").
_PARTICLE_JOIN = re.compile(r"(?<=[^\W\d_])_(?=[^\W\d_])")


@functools.lru_cache(maxsize=1)
def supported_languages() -> tuple[str, ...]:
    """Language codes for which a blank pipeline with a lookup lemmatizer can be built.

    These are the languages for which ``spacy-lookups-data`` ships a
    ``<lang>_lemma_lookup`` table.

    Returns
    -------
    tuple of str
        Sorted ISO codes, e.g. ``('ca', 'cs', 'da', 'de', 'en', ..., 'nl', ...)``.

    Examples
    --------
    >>> "nl" in supported_languages() and "en" in supported_languages()
    True
    """
    try:
        data = importlib.resources.files("spacy_lookups_data").joinpath("data")
        names = [p.name for p in data.iterdir()]
    except (ModuleNotFoundError, FileNotFoundError) as exc:  # pragma: no cover - install problem
        raise LanguageError(
            "RK203",
            f"the lemma lookup tables (package spacy-lookups-data) cannot be found: {exc}",
            hint="install researchkit with its dependencies (pip install -e .) so that spacy-lookups-data is present",
        ) from exc
    return tuple(sorted({m.group(1) for n in names if (m := _LOOKUP_FILE.match(n))}))


class FormLemmatizer:
    """A lemmatizer whose lemma depends on the word form only (cached per form).

    Parameters
    ----------
    lang
        Language code.
    method
        One of :data:`LEMMATIZERS`.
    table
        The spaCy ``lemma_lookup`` table (a dict-like), needed for ``lookup`` methods.

    Examples
    --------
    >>> lem = FormLemmatizer("nl", "simplemma")
    >>> lem.lemma_of("Havens"), lem.lemma_of("vlekken")
    ('haven', 'vlek')
    """

    #: The lemma depends on the form only: callers may look it up once per word type.
    mode = "lookup"

    def __init__(self, lang: str, method: str, table: Any = None) -> None:
        self.lang = lang
        self.method = method
        self.table = table if table is not None else {}
        self._simplemma = None
        if "simplemma" in method:
            import simplemma

            self._simplemma = simplemma.lemmatize
        self._cache: dict[str, str] = {}

    def _lookup(self, form: str) -> str:
        table = self.table
        lemma = table.get(form)
        if lemma is None:
            lower = form.lower()
            lemma = table.get(lower) if lower != form else None
        return lemma if isinstance(lemma, str) and lemma else form

    def _compute(self, form: str) -> str:
        if not any(ch.isalpha() for ch in form):
            return form
        spoken = SPOKEN_FORMS.get(self.lang, {}).get(form.lower().replace("\u2019", "'"))
        if spoken is not None:
            return spoken
        lemma = self._lookup(form) if "lookup" in self.method else form
        if self._simplemma is not None and lemma.lower() == form.lower():
            try:
                lemma = self._simplemma(form, lang=self.lang) or lemma
            except (ValueError, KeyError):  # pragma: no cover - a language simplemma lacks
                pass
            if "_" in lemma and "_" not in form:
                lemma = _PARTICLE_JOIN.sub("", lemma)  # "in_zetten" -> "inzetten", as keywords write it
        if self.lang == "nl" and lemma.lower() == form.lower():
            if "\u2019" in form:  # the curly apostrophe Word types: as the form with a straight one
                return self.lemma_of(form.replace("\u2019", "'"))
            lemma = self._dutch_apostrophe(form) or lemma
        return lemma

    def _dutch_apostrophe(self, form: str) -> str | None:
        """The lemma of a Dutch apostrophe plural, diminutive or person noun, or ``None``.

        "pv's" -> "pv", "sms'jes" -> "sms", "KMar'ers" -> "KMar'er" (a person noun is a word of
        its own; keyword matching also sees its base, see :func:`researchkit.autocode.forms.apostrophe_base`).
        """
        cut = max(form.rfind("'"), form.rfind("\u2019"))  # (split, not a regex: linear in a hostile token)
        base, ending = form[:cut], form[cut + 1:]
        if cut <= 0 or not any(ch.isalpha() for ch in base):
            return None
        if ending in _PERSON_ENDINGS:
            return base + "'er"
        return self.lemma_of(base) if ending in _PLURAL_ENDINGS else None

    def lemma_of(self, form: str) -> str:
        """The lemma of one word form (as the data gives it; compare in lower case)."""
        lemma = self._cache.get(form)
        if lemma is None:
            lemma = self._cache[form] = self._compute(form)
        return lemma

    def lookup_lemmatize(self, token: Any) -> list[str]:
        """spaCy's lookup-lemmatizer interface: ``[lemma]`` of a token."""
        return [self.lemma_of(token.text)]

    def __call__(self, doc: Any) -> Any:
        lemma_of = self.lemma_of
        for token in doc:
            token.lemma_ = lemma_of(token.text)
        return doc


def lemmatizer_for(lang: str, method: str | None = None) -> FormLemmatizer:
    """A :class:`FormLemmatizer` for ``lang`` (``method=None``: :data:`DEFAULT_LEMMATIZER`).

    Examples
    --------
    >>> lemmatizer_for("nl").lemma_of("signalen")
    'signaal'
    """
    code = _check_language(lang)
    method = _check_method(code, method)
    table = lemma_lookup_table(code) if "lookup" in method else None
    return FormLemmatizer(code, method, table)


@functools.lru_cache(maxsize=8)
def lemma_lookup_table(lang: str) -> Mapping[str, str]:
    """The ``lemma_lookup`` table of ``spacy-lookups-data`` for ``lang``, loaded once per process (read-only).

    The file spaCy's ``load_lookups`` reads (``<lang>_lemma_lookup.json`` or ``.json.gz``,
    with spaCy's JSON reader ``srsly``), as a plain mapping of word form to lemma, without
    spaCy's ``Table`` (which hashes every key). The lemmatizer (:func:`lemmatizer_for`) and
    the privacy key's common-word check share the one copy.

    Raises
    ------
    LanguageError
        ``RK203`` when the table cannot be loaded.

    Examples
    --------
    >>> lemma_lookup_table("nl")["signalen"]
    'signaal'
    """
    try:
        import spacy_lookups_data
        import srsly

        path = Path(str(getattr(spacy_lookups_data, lang)["lemma_lookup"]))
        data = srsly.read_json(path) if path.exists() else srsly.read_gzip_json(path.with_suffix(path.suffix + ".gz"))
    except Exception as exc:
        raise LanguageError(
            "RK203", f"the lemma lookup tables for {lang!r} could not be loaded: {exc}",
            hint="install spacy-lookups-data (a dependency of researchkit) in this environment",
        ) from exc
    return MappingProxyType(data)


def _check_method(lang: str, method: str | None) -> str:
    if method is None:
        return DEFAULT_LEMMATIZER.get(lang, "lookup")
    if method not in LEMMATIZERS:
        raise LanguageError("RK201", f"lemmatizer {method!r} is not known",
                            hint=f"use one of {', '.join(LEMMATIZERS)} (or None for the default)")
    if "simplemma" in method and lang not in SIMPLEMMA_LANGUAGES:
        raise LanguageError("RK201", f"the simplemma lemmatizer is not available for {lang!r} in researchkit",
                            hint=f"use lemmatizer='lookup', or one of the languages {', '.join(sorted(SIMPLEMMA_LANGUAGES))}")
    return method


def _register_components() -> None:
    from spacy.language import Language

    if Language.has_factory(LINE_BREAK_COMPONENT):
        return

    @Language.factory(LEMMATIZER_FACTORY, default_config={"method": "lookup"})
    def make_lemmatizer(nlp, name, method):  # type: ignore[no-untyped-def]
        return lemmatizer_for(nlp.lang, method)

    @Language.component(LINE_BREAK_COMPONENT)
    def line_breaks(doc):  # type: ignore[no-untyped-def]
        """Start a sentence after every whitespace token that holds a line break."""
        from spacy.attrs import IS_SPACE

        n = len(doc)
        if n < 2:
            return doc
        spaces = doc.to_array(IS_SPACE)
        if not spaces.any():
            return doc
        for i in spaces.nonzero()[0].tolist():
            if i + 1 < n and "\n" in doc[i].text:
                doc[i + 1].is_sent_start = True
        return doc


def _check_language(lang: str) -> str:
    if not isinstance(lang, str) or not lang.strip():
        raise LanguageError(
            "RK201",
            f"language {lang!r} is not a language code",
            hint=f"use one of the supported languages: {', '.join(supported_languages())}",
        )
    code = lang.strip().lower()
    if code not in supported_languages():
        raise LanguageError(
            "RK201",
            f"language {lang!r} is not supported (no lemma lookup table for it)",
            hint=f"use one of the supported languages: {', '.join(supported_languages())}",
        )
    return code


@functools.lru_cache(maxsize=16)
def _build(lang: str, model: str | None, lemmatizer: str) -> Any:
    import spacy

    _register_components()
    if model is not None:
        from pathlib import Path

        if not Path(model).is_dir() and importlib.util.find_spec(model) is None:
            raise LanguageError(
                "RK202",
                f"the trained spaCy pipeline {model!r} is not installed",
                hint=(
                    f"install it in this environment (e.g. python -m spacy download {model}, on a machine "
                    "with internet access, or pip install the package wheel), or leave model=None to use the "
                    f"built-in blank {lang!r} pipeline with the lookup lemmatizer"
                ),
            )
        try:
            nlp = spacy.load(model)
        except Exception as exc:  # spaCy raises plain OSError/ValueError for broken packages
            raise LanguageError(
                "RK202", f"the spaCy pipeline {model!r} could not be loaded: {exc}",
                hint="reinstall the pipeline package, or use model=None",
            ) from exc
        if nlp.lang != lang:
            raise LanguageError(
                "RK201",
                f"the pipeline {model!r} is for language {nlp.lang!r}, not {lang!r}",
                hint=f"ask for lang={nlp.lang!r}, or choose a pipeline for {lang!r}",
            )
        if not nlp.has_pipe("parser") and not nlp.has_pipe("senter") and not nlp.has_pipe("sentencizer"):
            nlp.add_pipe("sentencizer")
        if not nlp.has_pipe(LINE_BREAK_COMPONENT):
            nlp.add_pipe(LINE_BREAK_COMPONENT, first=True)
        return nlp

    nlp = spacy.blank(lang)
    if lang == "nl":
        _keep_curly_apostrophe(nlp)
    nlp.add_pipe(LEMMATIZER_FACTORY, name="lemmatizer", config={"method": lemmatizer})
    nlp.add_pipe(LINE_BREAK_COMPONENT)
    nlp.add_pipe("sentencizer")
    nlp.initialize()
    _BLANK_PIPELINES[nlp] = lang
    return nlp


#: The blank pipelines :func:`get_pipeline` built, and their language. Whatever their lemmatizer,
#: the blank pipelines of one language split text into the same tokens and sentences.
_BLANK_PIPELINES: "weakref.WeakKeyDictionary[Any, str]" = weakref.WeakKeyDictionary()


def blank_language(nlp: Any) -> str | None:
    """The language of ``nlp`` if it is a blank pipeline of :func:`get_pipeline`, else ``None``.

    Two blank pipelines of one language split every text into the same sentences (the
    lemmatizer plays no part in the split), so a split made by one holds for the other;
    a trained pipeline's split is its own.

    Examples
    --------
    >>> blank_language(get_pipeline("nl", lemmatizer="lookup")), blank_language(object())
    ('nl', None)
    """
    try:
        return _BLANK_PIPELINES.get(nlp)
    except TypeError:  # not weakly referable (a str, a number): not a pipeline
        return None


def _keep_curly_apostrophe(nlp: Any) -> None:
    """Let the Dutch tokenizer keep a curly apostrophe between letters inside the word, as it does
    a straight one ("KMar\u2019ers", "z\u2019n", "pv\u2019s" as Word types them: one token each,
    not "KMar", "\u2019", "ers"). The text is not changed; the lemmatizer reads "\u2019" as "'"."""
    from spacy.util import compile_infix_regex

    infixes = [pattern.replace("\u2019", "") for pattern in nlp.Defaults.infixes]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def get_pipeline(lang: str = "nl", *, model: str | None = None, lemmatizer: str | None = None) -> Any:
    """Return the (cached) spaCy pipeline for ``lang``.

    Parameters
    ----------
    lang
        ISO language code; must be one of :func:`supported_languages`.
    model
        Name of an installed trained pipeline (e.g. ``"nl_core_news_sm"``), or the
        folder of a pipeline saved with ``nlp.to_disk``, to use instead of the blank
        pipeline. Never downloaded.
    lemmatizer
        The word-form lemmatizer of the blank pipeline: one of :data:`LEMMATIZERS`, or
        ``None`` for :data:`DEFAULT_LEMMATIZER` of the language. Ignored with ``model``.

    Returns
    -------
    spacy.language.Language
        Tokenizer, lemmatizer and sentence boundaries (line breaks always end a
        sentence). The same object is returned on every call with the same arguments.

    Raises
    ------
    LanguageError
        ``RK201`` for an unknown language (the message lists the supported ones),
        ``RK202`` when ``model`` is not installed, ``RK203`` when lookup tables are missing.

    Examples
    --------
    >>> nlp = get_pipeline("en")
    >>> [t.lemma_ for t in nlp("suspicions were running")]
    ['suspicion', 'be', 'run']
    >>> get_pipeline("xx")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    researchkit.errors.LanguageError: [RK201] language 'xx' is not supported ...
    """
    code = _check_language(lang)
    return _build(code, model, _check_method(code, lemmatizer) if model is None else "")


def pipeline_info(nlp: Any) -> dict[str, Any]:
    """Describe a pipeline (language, components, model name) for logs and reports.

    Examples
    --------
    >>> pipeline_info(get_pipeline("nl"))["components"]
    ['lemmatizer', 'researchkit_line_breaks', 'sentencizer']
    """
    lemmatizer = nlp.get_pipe("lemmatizer") if nlp.has_pipe("lemmatizer") else None
    return {
        "lang": nlp.lang,
        "model": nlp.meta.get("name"),
        "components": list(nlp.pipe_names),
        "lemmatizer": getattr(lemmatizer, "method", None) or ("spacy" if lemmatizer is not None else None),
    }

"""Dutch (and Flemish) personal names: particles, titles and forms of address, and when a label names a person.

One set of rules for every place that compares names: speaker labels and the interviewer named in a
file's metadata (:mod:`researchkit.io.roles`, :mod:`researchkit.io.interviewers`), label aliases
(:mod:`researchkit.io.aliases`), the speakers sheet (:mod:`researchkit.io.attributes`) and the privacy
key's name parts (:mod:`researchkit.privacy.nameforms`). It imports nothing of the package.

The case of a particle (tussenvoegsel) depends on where it stands (``Ann de Wit``, ``De Wit``,
``mevrouw De Wit``, ``DE WIT``) and Flemish names capitalise it (``Van Den Broeck``), so names are
compared folded: case, accents and the apostrophe's shape ignored, ``v.d.``/``v/d`` read as
``van der``, titles and forms of address before the name (``Mevr.``, ``De heer``, ``mr. drs.``,
``Burgemeester``) left out. A label names a person when it is the full name, the surname with its
particles (``De Wit``), the surname without them (``Wit``), one half of a double surname
(``Jansen`` or ``De Vries`` of ``Jansen-de Vries``), the initials and surname (``A. de Wit``), the
first name and surname, or the first name alone.

Examples
--------
>>> names_person("Mevr. DE WIT", "Ann de Wit"), names_person("V.d. Berg", "Gerrit van der Berg")
(True, True)
>>> matching_names("De Vries", ["Jan de Vries", "Anna de Vries", "Ann de Wit"])
['Jan de Vries', 'Anna de Vries']
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

__all__ = [
    "PARTICLES", "TITLES", "FUNCTION_WORDS", "ACTING_WORDS", "PersonName", "fold_name", "parse_name",
    "names_person", "matching_names", "surname_forms", "is_title", "is_function_word", "NameIndex",
]

#: Surname particles (tussenvoegsels) and those of other languages met in Dutch studies, lower case.
PARTICLES: frozenset[str] = frozenset({
    "van", "de", "der", "den", "het", "ter", "ten", "te", "'t", "in", "op", "aan", "uit", "uijt",
    "vd", "v.d.", "v/d", "d'", "la", "le", "du", "da", "di", "von", "zu", "dos", "das", "del", "y", "el", "al", "bin",
    "mc", "mac",
})
#: Forms of address and degrees written before a Dutch name (``Mevr.``, ``Dhr.``, ``mr.``, a law degree,
#: ``Drs.``, ``Ir.``), lower case without the dot; ``de heer`` is two words (see :func:`_strip_titles`).
TITLES: frozenset[str] = frozenset({
    "mevrouw", "mevr", "mw", "mvr", "mej", "mejuffrouw", "meneer", "mijnheer", "dhr", "heer", "hr", "mr", "mrs", "ms",
    "dr", "drs", "ir", "ing", "prof", "ds",
})
#: Functions written as a label or before a name (``Burgemeester Hoekstra:``, ``Wnd. havenmeester:``,
#: ``Officier van justitie:``), lower case: a label of such words names a function, not a person. Words that are
#: also common surnames (``Visser``, ``Schipper``, ``Loods``) are not here: ``Mr. Visser:`` names a person; nor are
#: English words (``manager``, ``agent``), which would make ``The manager: ...`` a label.
FUNCTION_WORDS: frozenset[str] = frozenset({
    "burgemeester", "wethouder", "gedeputeerde", "havenmeester", "havencoördinator", "havencoordinator", "commissaris",
    "hoofdcommissaris", "inspecteur", "hoofdinspecteur", "hoofdagent", "brigadier", "adjudant", "wachtmeester",
    "opperwachtmeester", "majoor", "kapitein", "luitenant", "kolonel", "generaal", "rechercheur", "teamleider",
    "teamchef", "officier", "justitie", "advocaat", "advocaat-generaal", "rechter", "douanier", "douane", "marechaussee",
    "directeur", "voorzitter", "secretaris", "woordvoerder", "medewerker", "beleidsmedewerker",
    "beleidsadviseur", "adviseur", "coördinator", "ondernemer", "eigenaar", "politie", "gemeente", "wijkagent",
})
#: Words that make a function acting or deputy (``Wnd. havenmeester``, ``Plv. commissaris``).
ACTING_WORDS: frozenset[str] = frozenset({"wnd", "waarnemend", "waarnemende", "plv", "plaatsvervangend",
                                          "plaatsvervangende", "loco", "interim"})

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
#: ``v.d.``, ``v/d``, ``vd`` before a surname: ``van der`` (``v.d. Berg``); ``v.`` alone: ``van``.
_ABBREVIATED_RE = re.compile(r"(?<!\w)(?:v\.\s?d\.?|v/d|vd)(?=\s)")
_VAN_RE = re.compile(r"(?<!\w)v\.(?=\s)")
_BRACKETS_RE = re.compile(r"\s*[\(\[][^()\[\]]{0,40}[\)\]]")
_INITIALS_RE = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]?\.?$|^[^\W\d_]$")


def fold_name(name: str) -> str:
    """A name folded for comparison: lower case, accents and bracketed notes left out, one apostrophe,
    ``v.d.`` as ``van der``, single spaces.

    Examples
    --------
    >>> fold_name("Van ’t  Hóf"), fold_name("v.d. Berg (gemeente)"), fold_name("D'ANCONA")
    ("van 't hof", 'van der berg', "d'ancona")
    """
    text = unicodedata.normalize("NFD", str(name)[:200])
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _BRACKETS_RE.sub("", text.translate(_APOSTROPHES)).casefold()
    text = _ABBREVIATED_RE.sub("van der", text)
    text = _VAN_RE.sub("van", text)
    return " ".join(text.replace(" -", "-").replace("- ", "-").split())


def is_title(word: str) -> bool:
    """A form of address or degree (``Mevr.``, ``dhr``, ``Drs.``) in any case, with or without its dot.

    Examples
    --------
    >>> is_title("Mevr."), is_title("mr"), is_title("Jansen")
    (True, True, False)
    """
    return word.casefold().rstrip(".") in TITLES


def is_function_word(word: str) -> bool:
    """A function (``havenmeester``, ``Officier``) or its acting prefix (``Wnd.``), or ``van`` inside one.

    Examples
    --------
    >>> is_function_word("Havenmeester"), is_function_word("wnd."), is_function_word("Hoekstra")
    (True, True, False)
    """
    key = word.casefold().rstrip(".")
    return key in FUNCTION_WORDS or key in ACTING_WORDS


def _strip_titles(words: list[str]) -> list[str]:
    """Words without the titles, forms of address and functions in front (``De heer``, ``Mevr.``, ``Burgemeester``)."""
    i = 0
    while i < len(words):
        word = words[i].rstrip(".")
        if word in TITLES or word in ACTING_WORDS or (word in FUNCTION_WORDS and i + 1 < len(words)):
            i += 1
        elif word == "de" and i + 1 < len(words) and words[i + 1].rstrip(".") == "heer":
            i += 2
        elif word == "van" and 0 < i and words[i - 1].rstrip(".") == "officier" and i + 1 < len(words) and words[i + 1] == "justitie":
            i += 2  # "Officier van justitie Bakker"
        else:
            break
    return words[i:]


@dataclass(frozen=True)
class PersonName:
    """A name split as Dutch names are: given names (or initials) and the surname with its particles, folded.

    Attributes
    ----------
    given
        First names or initials (``("ann",)``, ``("a",)`` for ``A.``, ``("a", "j")`` for ``A.J.``).
    surname
        The surname with its particles (``"de wit"``, ``"jansen-de vries"``, ``"van 't hof"``).
    initials
        Whether ``given`` was written as initials.
    """

    given: tuple[str, ...]
    surname: str
    initials: bool = False

    @property
    def full(self) -> str:
        """The given names and surname as one folded string."""
        return " ".join((*self.given, self.surname)) if not self.initials else self.surname


def _is_particle(word: str) -> bool:
    return word in PARTICLES


def _starts_surname(word: str) -> bool:
    """A particle, an elided ``d'`` (``d'ancona``) or a double surname (``jansen-de``) opens the surname."""
    return word in PARTICLES or (word.startswith("d'") and len(word) > 2) or "-" in word.strip("-")


@functools.lru_cache(maxsize=4096)  # the same few labels and names, for every turn of a corpus
def parse_name(name: str) -> PersonName | None:
    """Split a name or a label that names a person; ``None`` when nothing but titles or functions is left.

    The surname starts at the first particle or double surname after the given names (``Ann | de Wit``,
    ``Marieke | Jansen-de Vries``, ``Pieter | Van Den Broeck``), else it is the last word.

    Examples
    --------
    >>> parse_name("Mevr. A.J. van 't Hof")
    PersonName(given=('a', 'j'), surname="van 't hof", initials=True)
    >>> parse_name("Dhr. Jansen-de Vries"), parse_name("Wnd. havenmeester")
    (PersonName(given=(), surname='jansen-de vries', initials=False), None)
    """
    words = _strip_titles(fold_name(name).split())
    if not words or not any(ch.isalpha() for ch in words[-1]):
        return None
    if all(w.rstrip(".") in FUNCTION_WORDS or w in {"van", "de"} for w in words):
        return None  # "havenmeester", "officier van justitie": a function, not a person
    start = next((i for i, w in enumerate(words) if _starts_surname(w)), len(words) - 1)
    if start == len(words) - 1 and _is_particle(words[-1]):
        start = len(words) - 1
    given, surname = words[:start], " ".join(words[start:])
    initials = bool(given) and all(_INITIALS_RE.match(g) for g in given)
    if initials:
        given = [letter for g in given for letter in g.split(".") if letter]
    return PersonName(tuple(g.rstrip(".") for g in given), surname, initials)


def _core(surname: str) -> str:
    """A surname without its leading particles (``de wit`` -> ``wit``, ``d'ancona`` -> ``ancona``)."""
    words = surname.split()
    while len(words) > 1 and _is_particle(words[0]):
        words = words[1:]
    if words and words[0].startswith("d'") and len(words[0]) > 2:
        words[0] = words[0][2:]
    return " ".join(words)


def surname_forms(name: str | PersonName) -> frozenset[str]:
    """The folded forms a label may use for this person's surname: with and without particles, and each half
    of a double surname.

    Examples
    --------
    >>> sorted(surname_forms("Marieke Jansen-de Vries"))
    ['de vries', 'jansen', 'jansen-de vries', 'vries']
    """
    person = parse_name(name) if isinstance(name, str) else name
    if person is None:
        return frozenset()
    forms = {person.surname, _core(person.surname)}
    if "-" in person.surname:
        for half in person.surname.split("-"):
            half = half.strip()
            if half and not _is_particle(half):
                forms.update({half, _core(half)})
    return frozenset(f for f in forms if f and not _is_particle(f))


def names_person(label: str, name: str) -> bool:
    """Whether a speaker label (or a name in a sheet) names the person ``name``.

    Examples
    --------
    >>> [names_person(x, "Ann de Wit") for x in ("DE WIT", "mevrouw De Wit", "A. de Wit", "Ann", "B. de Wit", "De Boer")]
    [True, True, True, True, False, False]
    >>> names_person("Jansen", "Marieke Jansen-de Vries"), names_person("Van Dam", "Piet van Damme")
    (True, False)
    """
    wanted, person = parse_name(label), parse_name(name)
    if wanted is None or person is None:
        return False
    if wanted.full == person.full and not wanted.initials:
        return True
    if not wanted.given:  # "De Wit", "Jansen", or a first name alone ("Ann")
        return wanted.surname in surname_forms(person) or (
            " " not in wanted.surname and bool(person.given) and not person.initials and wanted.surname == person.given[0])
    if wanted.surname not in surname_forms(person) or not person.given:
        return False
    if wanted.initials:
        letters = [g[0] for g in person.given]
        return letters[: len(wanted.given)] == list(wanted.given)
    if person.initials:
        return [g[0] for g in wanted.given][: len(person.given)] == list(person.given)
    return wanted.given[0] == person.given[0]


def matching_names(label: str, names: Iterable[str]) -> list[str]:
    """The names among ``names`` that ``label`` names, in order, each once; more than one is an ambiguity
    the caller must report, never resolve by choosing one.

    Examples
    --------
    >>> matching_names("Ter Horst", ["Bas ter Horst", "Hans ten Cate"])
    ['Bas ter Horst']
    """
    return [n for n in dict.fromkeys(names) if names_person(label, n)]


class NameIndex:
    """Names gathered one by one, asked whether a label names any of them without comparing it with every name.

    ``index.names_anyone(label)`` is ``any(names_person(label, n) for n in names)``: each name is filed under
    its full form, its surname forms and its first given name (every way :func:`names_person` can match),
    and only the names filed under the label's full form or surname are compared. A header of thousands
    of ``Key: value`` lines is thus read in linear time.

    Examples
    --------
    >>> index = NameIndex(); index.add("Ann de Wit"); index.add("Piet van Damme")
    >>> index.names_anyone("DE WIT"), index.names_anyone("Ann"), index.names_anyone("Van Dam")
    (True, True, False)
    """

    def __init__(self) -> None:
        self._filed: dict[str, list[str]] = {}

    def add(self, name: str) -> None:
        """File ``name`` (a value that is no person's name is never named)."""
        person = parse_name(name)
        if person is None:
            return
        places = {person.full, *surname_forms(person)}
        if person.given and not person.initials:
            places.add(person.given[0])
        for place in places:
            self._filed.setdefault(place, []).append(name)

    def names_anyone(self, label: str) -> bool:
        """Whether ``label`` names any of the names added."""
        wanted = parse_name(label)
        if wanted is None:
            return False
        candidates = self._filed.get(wanted.full, []) + (self._filed.get(wanted.surname, []) if wanted.surname != wanted.full else [])
        return any(names_person(label, name) for name in candidates)

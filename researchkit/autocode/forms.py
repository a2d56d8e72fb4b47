"""Word forms as people write them: spelling variants, Dutch diminutives and compounds.

- :func:`fold` makes the form both keywords and text are compared in: lower case,
  diacritics removed ("cocaïne" = "cocaine"), hyphens, soft hyphens and apostrophes
  dropped ("pick-ups" = "pickups", "drugs-smokkel" = "drugssmokkel", "collega's" = "collegas").
- :func:`diminutives` gives the Dutch diminutive forms of a word ("boot" -> "bootje",
  "lijn" -> "lijntje", "boom" -> "boompje", "bal" -> "balletje"), so that a keyword also
  matches its diminutive; plurals are found through the lemma ("havens" -> "haven").
- :func:`compound_part` tells whether a word is a compound with a keyword as its head
  ("drugssmokkel" for ``+smokkel``) or its modifier ("havenbeveiliging" for ``haven+``).
- :func:`apostrophe_base` gives the base of a Dutch person noun written with an apostrophe
  ("KMar'ers" -> "kmar"), which a keyword also matches: the lemmatizer keeps "KMar'er" as the
  word's lemma (a KMar'er is a person, not the KMar), so keyword ``kmar'er`` finds the person
  noun only, and ``kmar`` (or ``kmar*``) finds the organisation and its people, the way
  ``haven+`` finds "havenbeveiliging". Apostrophe plurals and diminutives ("pv's",
  "sms'jes") need nothing here: their lemma is the base (``researchkit.nlp``).

Examples
--------
>>> fold("Cocaïne"), fold("pick-ups"), fold("collega's")
('cocaine', 'pickups', 'collegas')
>>> diminutives("boot")
['bootje', 'bootjes']
>>> apostrophe_base("KMar\u2019ers")
'kmar'
"""

from __future__ import annotations

import unicodedata

__all__ = ["fold", "diminutives", "plurals", "compound_part", "apostrophe_base", "MIN_PART", "HEAD", "MODIFIER", "EITHER"]

#: Shortest other part of a compound (so that "+vis" does not match "ervis").
MIN_PART = 3
HEAD, MODIFIER, EITHER = "head", "modifier", "either"
_DROP = str.maketrans("", "", "-\u00ad\u2010\u2011'\u2019")
_VOWELS = set("aeiouy")
_LONG = {"aa", "ee", "oo", "uu", "ij", "ei", "ui", "eu", "oe", "ie", "ou", "au"}


def fold(form: str) -> str:
    """Lower case without diacritics, hyphens or apostrophes (the form words are compared in)."""
    lower = form.lower()
    if lower.isascii():
        return lower.translate(_DROP)
    decomposed = unicodedata.normalize("NFKD", lower)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_DROP)


def diminutives(word: str) -> list[str]:
    """Dutch diminutive forms of ``word`` (singular and plural), following the spelling rules.

    Examples
    --------
    >>> diminutives("lijn")[:2], diminutives("boom")[:2], diminutives("bal")[:2]
    (['lijntje', 'lijntjes'], ['boompje', 'boompjes'], ['balletje', 'balletjes'])
    """
    if len(word) < 3 or not word.isalpha() or word.endswith("je"):
        return []
    last = word[-1]
    long_vowel = word[-3:-1] in _LONG  # "lijn", "deur", "boom", "stoel"
    if last in _VOWELS:
        stems = [word + "tje", word + last + "tje"]  # "zee" -> "zeetje", "auto" -> "autootje"
    elif len(word) > 4 and word[-2] == "e" and last in "lnr":
        stems = [word + "tje"]  # unstressed: "tafel" -> "tafeltje", "wagen" -> "wagentje"
    elif len(word) > 4 and word[-2] == "e" and last == "m":
        stems = [word + "pje"]  # "bodem" -> "bodempje"
    elif last == "w" or (last in "lnr" and long_vowel):
        stems = [word + "tje"]  # "touw" -> "touwtje", "lijn" -> "lijntje"
    elif last == "m":
        stems = [word + "pje"] if long_vowel else [word + "metje"]  # "boom" -> "boompje", "kam" -> "kammetje"
    elif word.endswith("ing") and len(word) > 5:
        stems = [word[:-1] + "kje"]  # "koning" -> "koninkje"
    elif word.endswith("ng"):
        stems = [word + "etje"]  # "ding" -> "dingetje"
    elif last in "lnr" and word[-2] in _VOWELS:
        stems = [word + last + "etje"]  # "bal" -> "balletje", "kar" -> "karretje"
    else:
        stems = [word + "je"]  # "boot" -> "bootje", "bus" -> "busje", "pakket" -> "pakketje"
    out: list[str] = []
    for stem in dict.fromkeys(stems):
        out += [stem, stem + "s"]
    return out


def plurals(word: str) -> list[str]:
    """Candidate Dutch plural forms of ``word``, for compound heads the lemmatizer does not know
    ("havenstaatcontroles" ends with "controles"). Generous: the forms are only compared with
    word endings.

    Examples
    --------
    >>> plurals("controle"), plurals("bus")[:3], plurals("boot")[-1]
    (['controles', 'controlen'], ['buss', 'busen', 'bussen'], 'boten')
    """
    if len(word) < 3 or not word.isalpha():
        return []
    if word[-1] == "e":
        return [word + "s", word + "n"]
    if word[-1] in _VOWELS or word.endswith(("el", "em", "er", "je")) or (word.endswith("en") and len(word) > 4):
        return [word + "s"]
    out = [word + "s", word + "en", word + word[-1] + "en"]
    if word[-2] == word[-3] and word[-2] in _VOWELS:  # "boot" -> "boten"
        out.append(word[:-2] + word[-1] + "en")
    return out


def compound_part(form: str, keyword: str, mode: str) -> bool:
    """Is ``form`` a compound with ``keyword`` as its head or modifier (per ``mode``)?

    Examples
    --------
    >>> compound_part("drugssmokkel", "smokkel", HEAD), compound_part("havenbeveiliging", "haven", MODIFIER)
    (True, True)
    >>> compound_part("smokkelroute", "smokkel", HEAD), compound_part("ervis", "vis", HEAD)
    (False, False)
    """
    rest = len(form) - len(keyword)
    if rest < MIN_PART:
        return False
    if mode in (HEAD, EITHER) and form.endswith(keyword):
        return True
    return mode in (MODIFIER, EITHER) and form.startswith(keyword)


def apostrophe_base(form: str) -> str | None:
    """The folded base of a Dutch person noun written with an apostrophe, else ``None``.

    Examples
    --------
    >>> apostrophe_base("KMar'ers"), apostrophe_base("RIEC\u2019er"), apostrophe_base("pv's"), apostrophe_base("'er")
    ('kmar', 'riec', None, None)
    """
    cut = max(form.rfind("'"), form.rfind("\u2019"))  # (split, not a regex: linear in a hostile token)
    base = form[:cut]
    if cut <= 0 or form[cut + 1:] not in ("er", "ers") or not any(ch.isalpha() for ch in base):
        return None
    return fold(base)

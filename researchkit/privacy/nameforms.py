"""Surname particles and the parts of a full name: the lowest layer of the privacy package.

Both the name list (:mod:`.names`) and the key (:mod:`.key`) need to know that
``Jan van der Berg`` is also written ``Van der Berg`` or ``Berg``; this module holds that
knowledge and imports nothing else of the package.

Examples
--------
>>> name_parts("Jan van der Berg")
['Jan', 'Berg', 'van der Berg']
"""

from __future__ import annotations

from typing import Iterable

__all__ = ["NAME_PARTICLES", "KEY_PARTICLES", "name_parts"]

#: Dutch and other surname particles (and the conjunctions of a name list): never a name on their own.
NAME_PARTICLES: frozenset[str] = frozenset({
    "van", "de", "der", "den", "het", "ter", "ten", "te", "la", "le", "du", "da", "di", "von", "vd",
    "v.d.", "'t", "in", "op", "en", "and", "of", "y", "el", "al", "bin", "mc", "mac",
})
#: Particles the key matches in any case (``De Boer`` = ``de Boer``).
KEY_PARTICLES: frozenset[str] = frozenset({
    "van", "de", "der", "den", "het", "ter", "ten", "te", "la", "le", "du", "da", "di", "von", "vd", "v.d.", "'t",
    "in", "op", "y", "el", "al", "bin", "mc", "mac", "zu", "dos", "das", "del",
})


def name_parts(name: str, *, particles: Iterable[str] | None = None) -> list[str]:
    """The parts of a full name that identify its bearer on their own.

    Each word except surname particles (``van``, ``de``, ``der`` ...), initials and words
    without letters; a surname with its particles (``van der Berg``) is a part as well.
    The full name itself is not included.

    Examples
    --------
    >>> name_parts("Jan van der Berg")
    ['Jan', 'Berg', 'van der Berg']
    """
    skip = NAME_PARTICLES if particles is None else {p.lower() for p in particles}
    words = " ".join(str(name).split()).split(" ")
    out: list[str] = []
    for i, word in enumerate(words):
        if word.lower() in skip or len(word.strip(".")) < 2 or not any(ch.isalpha() for ch in word):
            continue
        out.append(word)
        j = i
        while j > 0 and words[j - 1].lower() in skip:
            j -= 1
        if j < i:
            out.append(" ".join(words[j : i + 1]))
    full = " ".join(words)
    return [p for p in dict.fromkeys(out) if p != full]

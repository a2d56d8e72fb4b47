"""Surname particles and the parts of a full name: the lowest layer of the privacy package.

Both the name list (:mod:`.names`) and the key (:mod:`.key`) need to know that
``Jan van der Berg`` is also written ``Van der Berg`` or ``Berg``; this module holds that
knowledge and imports nothing of the package but :mod:`researchkit.personnames` (the particles, titles
and functions the speaker labels use too, so a name is one name everywhere).

Examples
--------
>>> name_parts("Jan van der Berg")[:3]
['Jan', 'Berg', 'van der Berg']
"""

from __future__ import annotations

import re
from typing import Iterable

from researchkit.personnames import PARTICLES, is_function_word, is_title

__all__ = ["NAME_PARTICLES", "KEY_PARTICLES", "name_parts"]

#: Dutch and other surname particles (and the conjunctions of a name list): never a name on their own. The
#: particles are :data:`researchkit.personnames.PARTICLES`, the same the speaker labels use.
NAME_PARTICLES: frozenset[str] = PARTICLES | {"en", "and", "of"}
#: Particles the key matches in any case (``De Boer`` = ``de Boer``, ``V.d. Berg`` = ``v.d. Berg``).
KEY_PARTICLES: frozenset[str] = PARTICLES

#: A surname that ``v.d.`` and ``vd`` abbreviate (``van der Berg``, ``van den Broeck``, ``van de Wal``).
_VAN_DER_RE = re.compile(r"^van\s+d(?:e|er|en)\s+(?P<core>\S+)$", re.IGNORECASE)


def name_parts(name: str, *, particles: Iterable[str] | None = None) -> list[str]:
    """The parts of a full name that identify its bearer on their own.

    Each word except surname particles (``van``, ``de``, ``der`` ...), initials, titles and
    functions before the name (``mr.``, ``Drs.``, ``Burgemeester``) and words without letters; a
    surname with its particles (``van der Berg``) is a part as well, and so is its short form
    (``v.d. Berg``); each half of a double surname (``Jansen``, ``de Vries`` of ``Jansen-de Vries``)
    and the surname after an elided ``d'`` (``Ancona`` of ``d'Ancona``). The full name itself is not
    included.

    Examples
    --------
    >>> name_parts("Jan van der Berg")
    ['Jan', 'Berg', 'van der Berg', 'v.d. Berg', 'vd Berg']
    >>> name_parts("mr. Marieke Jansen-de Vries")
    ['Marieke', 'Jansen', 'Vries', 'de Vries', 'Jansen-de Vries']
    >>> name_parts("Marcel d'Ancona")
    ['Marcel', "d'Ancona", 'Ancona']
    """
    skip = NAME_PARTICLES if particles is None else {p.lower() for p in particles}
    written = " ".join(str(name).split()).split(" ")
    words: list[str] = []
    for word in written:  # "Jansen-de" "Vries": the halves of a double surname as words of their own
        halves = word.split("-")
        words.extend(halves if len(halves) > 1 and all(halves) and any(h.lower() in skip for h in halves) else [word])
    out: list[str] = []
    for i, word in enumerate(words):
        if (word.lower() in skip or len(word.strip(".")) < 2 or not any(ch.isalpha() for ch in word)
                or (i < len(words) - 1 and (is_title(word) or is_function_word(word)))):
            continue
        out.append(word)
        if word[:2].lower() in {"d'", "d’"} and len(word) > 3:
            out.append(word[2:])  # "d'Ancona": "Ancona"
        j = i
        while j > 0 and words[j - 1].lower() in skip:
            j -= 1
        if j < i:
            surname = " ".join(words[j : i + 1])
            out.append(surname)
            short = _VAN_DER_RE.match(surname)
            if short:
                out.extend([f"v.d. {short.group('core')}", f"vd {short.group('core')}"])
    double = next((w for w in written if "-" in w.strip("-") and any(h.lower() in skip for h in w.split("-"))), None)
    if double is not None:
        out.append(" ".join(written[written.index(double):]))  # "Jansen-de Vries"
    full = " ".join(written)
    return [p for p in dict.fromkeys(out) if p != full]

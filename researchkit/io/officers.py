"""A committee's officers named above the debate: ``Voorzitter: Van Weijenberg``, ``Griffier: Smits``.

The Tweede Kamer's reports of a committee debate (*verslag van een algemeen overleg*, *commissiedebat*;
``zoek.officielebekendmakingen.nl/kst-...``) name the chair and the clerk on lines of their own, below the
paragraphs that say what was discussed and above the list of members present, then the debate with
``De voorzitter: ...`` and ``De heer Azmani (VVD): ...``. Such a block stands in the middle of the preamble,
not at the top, so the metadata rule for the top of a file did not see it and ``Voorzitter`` became a speaker
whose turn swallowed the list of those present. Two or more consecutive ``Office: Name`` paragraphs whose keys
are all officers (:data:`OFFICE_KEYS`), each value only a name, each key opening no other paragraph, are metadata
wherever they stand.

Examples
--------
>>> officers_block([("Voorzitter", "Van Weijenberg"), ("Griffier", "Smits")], lambda key: 1)
True
>>> officers_block([("Voorzitter", "Dank u wel."), ("Griffier", "Smits")], lambda key: 1)
False
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

__all__ = ["OFFICE_KEYS", "is_office_key", "officers_block"]

#: A committee's officers, normalised (lower case, no spaces or dots): the chair, the clerk, the secretary (nl, de, en).
OFFICE_KEYS: frozenset[str] = frozenset({
    "voorzitter", "voorzitster", "ondervoorzitter", "griffier", "commissiegriffier", "secretaris", "notulist",
    "vorsitz", "vorsitzender", "vorsitzende", "schriftführer", "schriftführerin", "protokoll", "protokollführer",
    "protokollführerin", "chair", "chairman", "chairwoman", "clerk",
})

#: Only a name: capitalised words and Dutch/German particles, initials, a double surname (``Van Weijenberg``,
#: ``Kraneveldt-van der Veen``, ``Dr. H. Braun``); no sentence.
_NAME_RE = re.compile(r"^[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|van|von|de|der|den|ter|ten|te|in|zu|['’]t)){0,5}$")


def _key(text: str) -> str:
    return re.sub(r"[\s.]", "", text).casefold()


def is_office_key(key: str) -> bool:
    """Whether ``key`` names a committee officer (``Voorzitter``, ``Griffier``, ``Schriftführer``)."""
    return _key(key) in OFFICE_KEYS


def officers_block(block: Sequence[tuple[str, str]], key_count: Callable[[str], int]) -> bool:
    """Whether consecutive ``Key: value`` pairs name a committee's officers.

    Parameters
    ----------
    block
        The pairs, in order.
    key_count
        How many paragraphs of the file open with a key and a colon.

    Returns
    -------
    bool
        Two or more pairs, every key an officer (:data:`OFFICE_KEYS`) that opens no other paragraph, every value
        only a name (not a sentence).
    """
    if len(block) < 2:
        return False
    for key, value in block:
        value = value.strip()
        if not is_office_key(key) or not _NAME_RE.match(value) or value.endswith(".") and len(value.split()[-1]) > 2:
            return False
        if key_count(key) >= 2:
            return False
    return True

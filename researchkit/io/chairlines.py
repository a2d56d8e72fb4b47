"""Label lines without a colon in a chaired record: the chair's office, then each speaker's name, alone on a line.

The Flemish Parliament's reports on its website (plenary and committee, ``vlaamsparlement.be``,
``.../verslag/...``), saved or pasted as text or Word, print every label alone in its paragraph, with no
colon, and the speech in the paragraphs below it::

    De voorzitter

    Mevrouw Celis heeft het woord.

    Vera Celis (N-VA)

    Voorzitter, minister, ...

The chair's office (``De voorzitter``) labels many paragraphs; a member mostly speaks once, as ``Vera
Celis (N-VA)``, ``Mevrouw Sabine de Bethune (CD&V)``, ``De heer Ward Kennes`` or ``Luc Martens``. Plain
name lines (:func:`researchkit.io.speakers.match_label_line` with ``plain=True``) otherwise need two names
used twice (Teams pasted without times), so none of these was a label. Here, in a file where the chair's
office alone on its line labels two or more paragraphs, a plain name line is a label when it is used twice,
has a title (:func:`researchkit.io.onceused.titled_name`), has a note in brackets after the name (the
member's party), or when the paragraph just above it names the speaker's surname (the chair's ``Mevrouw
Celis heeft het woord.``). A one-off plain line that is none of these stays text.

Examples
--------
>>> from researchkit.io.speakers import match_label_line
>>> texts = ["De voorzitter", "Mevrouw Celis heeft het woord.", "Vera Celis (N-VA)", "Minister, ...",
...          "De voorzitter", "De heer Martens heeft het woord.", "Luc Martens", "Dank u.", "Jan Smit", "Ja."]
>>> matches = [match_label_line(t, plain=True) for t in texts]
>>> sorted(chaired_label_lines(matches, texts))
[0, 2, 4, 6]
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from researchkit.io.onceused import titled_name
from researchkit.io.speakers import LabelMatch

__all__ = ["chaired_label_lines", "MIN_CHAIR_LINES"]

#: How many paragraphs the chair's office alone on its line must label before the file's plain name lines count.
MIN_CHAIR_LINES = 2

#: The chair's office alone on its line, as the record prints it above the chair's speech: ``De voorzitter``,
#: ``De voorzitster``, ``De ondervoorzitter`` (a bare ``Voorzitter`` line is the web page's heading of who presided).
_CHAIR_RE = re.compile(r"^(?i:de)\s+(?i:(?:onder|vice-?)?voorzitter|(?:onder|vice-?)?voorzitster)$")

#: A note in brackets after the name: the member's party (``(N-VA)``, ``(Open Vld)``, ``(CD&V)``).
_PARTY_RE = re.compile(r"\s\([^()]{1,30}\)$")


def _surname(label: str) -> str:
    """The last word of the name, before a note in brackets (``Vera Celis (N-VA)`` → ``Celis``)."""
    name = _PARTY_RE.sub("", label).split()
    return name[-1] if name else ""


def chaired_label_lines(matches: Sequence[LabelMatch | None], texts: Sequence[str]) -> set[int]:
    """The paragraphs whose plain label line (evidence ``"plain"``) labels a turn in a chaired record.

    Parameters
    ----------
    matches
        The label found at each paragraph (``None`` where none), before plain lines are refused.
    texts
        The paragraphs' text, in the same order.

    Returns
    -------
    set of int
        Indexes into ``matches``: the chair's lines and the name lines that count; empty unless the chair's
        office alone on its line labels at least :data:`MIN_CHAIR_LINES` paragraphs.
    """
    plain = [i for i, m in enumerate(matches) if m is not None and m.evidence == "plain"]
    chair = [i for i in plain if _CHAIR_RE.match(matches[i].label)]
    if len(chair) < MIN_CHAIR_LINES:
        return set()
    counts = Counter(matches[i].label for i in plain)
    kept = set(chair)
    for i in plain:
        label = matches[i].label
        if i in kept:
            continue
        surname = _surname(label)
        above = texts[i - 1] if i > 0 and i - 1 < len(texts) else ""
        announced = len(surname) > 1 and re.search(rf"(?<!\w){re.escape(surname)}(?!\w)", above) is not None
        if counts[label] >= 2 or titled_name(label) or _PARTY_RE.search(label) or announced:
            kept.add(i)
    return kept

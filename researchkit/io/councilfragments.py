"""A council archive's spoken-text fragments: ``• 0:11 J. Deuring``, a description, the name again, then the speech.

Dutch municipal council archives (the RIS/"raadsarchief" pages, e.g. raadsarchief.stadskanaal.nl, saved or pasted
as text) list a meeting's agenda items with the fragments of the recording below each one::

     • 2 Mededelingen
      • 0:41 J. Deuring
       raadslid CDA
       J. Deuring
       En we hebben een aantal meldingen van afwezigheid gekregen. ...
      • 0:2 J. Hamster
       Wethouder (ChristenUnie)
       J. Hamster
       Ja, graag voorzitter.

The first line of a fragment is the player's link: a time and the speaker's name. The time is the position in the
fragment's own audio, not in the meeting (they go down as often as up), so it gives no turn its time. The second line
describes the speaker (office and party) and the third writes the name again. Read as labels by the general rules,
the first line became a label with a time, the description its speech, and a member heard once stayed in the turn
above.

Here, in a file with at least :data:`MIN_FRAGMENTS` fragments (a line of an optional bullet, a time ``m:ss`` and a
name of at most :data:`MAX_NAME_WORDS` words, with the same name alone on one of the next two lines), the name line
labels the speech below it, the link line and the description are set apart (page furniture: they stay in the
text, outside the turns), the descriptions go to the ``speaker_qualifiers`` attribute, and the other bullet lines
between the fragments (the agenda items, a link to the meeting's documents) are headings: speech of nobody.

Examples
--------
>>> texts = ["• 1 Opening", "• 0:11 J. Deuring", "raadslid CDA", "J. Deuring", "Welkom.",
...          "• 0:2 J. Hamster", "Wethouder (ChristenUnie)", "J. Hamster", "Ja, graag voorzitter."]
>>> [(f.head, f.description, f.name, f.speaker) for f in council_fragments(texts)]
[(1, 2, 3, 'J. Deuring'), (5, 6, 7, 'J. Hamster')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Sequence

from researchkit.io.speakers import LabelMatch

if TYPE_CHECKING:
    from researchkit.io.assemble import RawParagraph

__all__ = ["Fragment", "council_fragments", "mark_council_fragments", "MIN_FRAGMENTS", "MAX_NAME_WORDS"]

#: Fragments a file needs before its lines are read this way.
MIN_FRAGMENTS = 2
#: Words a speaker's name (and a description) has at most.
MAX_NAME_WORDS, MAX_DESCRIPTION_WORDS = 6, 10

_BULLETS = "•·●▪◦"
#: The player's link: an optional bullet, the fragment's time (``0:11``, ``1:2``, ``1:02:03``) and the name.
_HEAD_RE = re.compile(rf"^[{_BULLETS}]?\s*(?P<time>\d{{1,2}}:\d{{1,2}}(?::\d{{1,2}})?)\s+(?P<name>[^\W\d_][^:]{{0,79}})$")
#: Another bullet line: an agenda item (``• 2 Mededelingen``) or a document link.
_BULLET_RE = re.compile(rf"^[{_BULLETS}]\s*\S")


@dataclass(frozen=True)
class Fragment:
    """One fragment's lines (paragraph indexes): the link ``head``, the ``description`` (or ``None``), the ``name`` line."""

    head: int
    description: int | None
    name: int
    speaker: str
    time: str


def _fragment_at(texts: Sequence[str], i: int) -> Fragment | None:
    """The fragment whose link line is paragraph ``i``, else ``None``."""
    found = _HEAD_RE.match(texts[i].strip())
    if found is None:
        return None
    name = " ".join(found.group("name").split())
    if len(name.split()) > MAX_NAME_WORDS or name[-1] in ".?!,;":
        return None
    for gap in (1, 2):
        j = i + gap
        if j < len(texts) and " ".join(texts[j].split()) == name:
            description = i + 1 if gap == 2 else None
            if description is not None and (len(texts[description].split()) > MAX_DESCRIPTION_WORDS
                                            or _HEAD_RE.match(texts[description].strip())):
                return None
            return Fragment(i, description, j, name, found.group("time"))
    return None


def council_fragments(texts: Sequence[str]) -> list[Fragment]:
    """The fragments of a council archive page (see the module docstring); empty below :data:`MIN_FRAGMENTS`.

    Examples
    --------
    >>> council_fragments(["• 0:11 J. Deuring", "raadslid CDA", "J. Deuring", "Welkom."])   # one fragment only
    []
    """
    found: list[Fragment] = []
    i = 0
    while i < len(texts):
        fragment = _fragment_at(texts, i)
        if fragment is None:
            i += 1
            continue
        found.append(fragment)
        i = fragment.name + 1
    return found if len(found) >= MIN_FRAGMENTS else []


def mark_council_fragments(cleaned: list[tuple[str, "RawParagraph", int]], notes: list[str], attributes: dict) -> None:
    """Mark a council archive page's fragments in the assembler's paragraphs, in place (see the module docstring).

    The name line gets its label (own line, evidence ``known``, no time), the link and the description lines become
    furniture, the other bullet lines below the first fragment headings; a note says so, and the descriptions are
    the ``speaker_qualifiers`` attribute (``J. Deuring: raadslid CDA; ...``) unless the file gave one.

    Examples
    --------
    >>> from researchkit.io.assemble import RawParagraph
    >>> texts = ["• 0:11 J. Deuring", "raadslid CDA", "J. Deuring", "Welkom.", "• 2 Mededelingen",
    ...          "• 0:41 J. Deuring", "raadslid CDA", "J. Deuring", "Dank u."]
    >>> cleaned = [(t, RawParagraph(t, f"line {i + 1}"), 0) for i, t in enumerate(texts)]
    >>> notes, attributes = [], {}
    >>> mark_council_fragments(cleaned, notes, attributes)
    >>> [p.label.label if p.label else p.furniture or p.heading for _, p, _ in cleaned][:5]
    ['fragment link', 'speaker description', 'J. Deuring', False, True]
    >>> attributes["speaker_qualifiers"]
    'J. Deuring: raadslid CDA'
    """
    candidates = [i for i, (_, p, _) in enumerate(cleaned)
                  if not (p.furniture or p.speaker is not None or p.label is not None or p.time_prefix)]
    texts = [cleaned[i][0] for i in candidates]
    fragments = council_fragments(texts)
    if not fragments:
        return
    descriptions: dict[str, list[str]] = {}
    for f in fragments:
        head, name = candidates[f.head], candidates[f.name]
        text, p, bold = cleaned[head]
        cleaned[head] = (text, replace(p, furniture="fragment link"), bold)
        if f.description is not None:
            index = candidates[f.description]
            text, p, bold = cleaned[index]
            cleaned[index] = (text, replace(p, furniture="speaker description"), bold)
            described = descriptions.setdefault(f.speaker, [])
            if text not in described:
                described.append(text)
        text, p, bold = cleaned[name]
        cleaned[name] = (text, replace(p, label=LabelMatch(f.speaker, None, len(text), "known", own_line=True)), bold)
    parts = {i for f in fragments for i in (f.head, f.description, f.name) if i is not None}
    headings = [candidates[i] for i in range(fragments[0].head, len(texts)) if i not in parts and _BULLET_RE.match(texts[i])]
    for index in headings:
        text, p, bold = cleaned[index]
        cleaned[index] = (text, replace(p, heading=True), bold)
    if descriptions:
        attributes.setdefault("speaker_qualifiers", "; ".join(f"{name}: {d}" for name, ds in descriptions.items() for d in ds))
    first = cleaned[candidates[fragments[0].head]][1].location
    speakers = list(dict.fromkeys(f.speaker for f in fragments))
    shown = ", ".join(repr(s) for s in speakers[:8]) + (" ..." if len(speakers) > 8 else "")
    notes.append(f"{len(fragments)} fragment(s) of a council archive page (from {first}: a line with the fragment's time "
                 f"and the speaker's name, a description, the name again) read as labels on the name line: {shown}; the "
                 "time is the position in the fragment's own audio, not in the meeting, so it stays in the text and gives "
                 "no turn its time; the time and description lines are set apart from the turns (they stay in the text), "
                 f"the descriptions listed in 'speaker_qualifiers'; {len(headings)} other bullet line(s) between the "
                 "fragments (agenda items) read as headings")

"""A focus group's first line that gives the group and its number of participants: ``18-29 (5 participants)``.

Focus group transcripts often open with one line naming the group and how many took part, above the
discussion guide's first question: ``18-29 (5 participants)``, ``Groep B – 6 deelnemers``, ``Gruppe 2: 7
Teilnehmende``, ``Groupe 1 (8 participantes)``, ``Grupo focal 3, 6 participantes`` or just ``5 participants``. Read as
speech it was a first turn of nobody. When the file's first paragraph is exactly such a line, it is set apart
from the turns (page furniture: it stays in the text) and gives the attributes ``n_participants`` (a number) and
``group`` (the label before the count, when there is one), unless the file's metadata gave them; a note says so.

The count words (en, nl, de, fr, es): :data:`COUNT_WORDS`. The label has at most :data:`MAX_LABEL_WORDS` words and
no sentence in it; a line with anything after the count is not such a line.

Examples
--------
>>> group_header("18-29 (5 participants)")
('18-29', 5)
>>> group_header("Gruppe 2: 7 Teilnehmende"), group_header("5 deelnemers"), group_header("We had 5 participants.")
(('Gruppe 2', 7), ('', 5), None)
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from researchkit.io.roles import role_word

if TYPE_CHECKING:
    from researchkit.io.assemble import RawParagraph

__all__ = ["group_header", "mark_group_header", "COUNT_WORDS", "MAX_LABEL_WORDS"]

#: Words that count the people in a group, lower case (en, nl, de, fr, es).
COUNT_WORDS = frozenset({
    "participant", "participants", "people", "persons", "respondents",  # en (fr: participant(e)s)
    "participante", "participantes", "personas", "personnes",  # fr, es
    "deelnemer", "deelnemers", "personen", "respondenten",  # nl (de: Personen)
    "teilnehmer", "teilnehmerinnen", "teilnehmende", "teilnehmer*innen", "teilnehmer:innen",  # de
})
#: Words the group's label has at most.
MAX_LABEL_WORDS = 6

_COUNT = r"(?P<n>\d{1,3})\s+(?P<word>[^\W\d_][\w*:]*)"
_FORMS = (
    re.compile(rf"^(?P<label>[^()]+?)\s*\(\s*{_COUNT}\s*\)$"),  # 18-29 (5 participants)
    re.compile(rf"^(?P<label>[^()]+?)\s*(?:[,:–—-]|\s-)\s*{_COUNT}$"),  # Groep B – 6 deelnemers, Gruppe 2: 7 Teilnehmende
    re.compile(rf"^\(?{_COUNT}\)?$"),  # 5 participants
)


def group_header(text: str) -> tuple[str, int] | None:
    """The group's label (``""`` when there is none) and the number of participants a first line gives, else ``None``.

    Examples
    --------
    >>> group_header("Focus group 1 (6 participants)"), group_header("Grupo focal 3, 6 participantes")
    (('Focus group 1', 6), ('Grupo focal 3', 6))
    >>> group_header("Moderator: 5 participants"), group_header("David (5 participants) said so")
    (None, None)
    """
    line = " ".join(text.strip().strip("*_#").split())
    for form in _FORMS:
        found = form.match(line)
        if found is None or found.group("word").casefold() not in COUNT_WORDS or int(found.group("n")) == 0:
            continue
        label = found.groupdict().get("label") or ""
        label = label.strip()
        if len(label.split()) > MAX_LABEL_WORDS or any(ch in label for ch in ".?!;:") or _role_word(label):
            return None
        return label, int(found.group("n"))
    return None


def _role_word(label: str) -> bool:
    """``Moderator`` or ``Interviewer``: a label that names a speaker, not a group."""
    return bool(label) and role_word(label) is not None


def mark_group_header(cleaned: list[tuple[str, "RawParagraph", int]], notes: list[str], attributes: dict) -> None:
    """Set the first paragraph apart when it is a group's header line (see the module docstring), in place.

    Examples
    --------
    >>> from researchkit.io.assemble import RawParagraph
    >>> cleaned = [(t, RawParagraph(t, f"line {i + 1}"), 0) for i, t in enumerate(["18-29 (5 participants)", "Ann: Hi."])]
    >>> notes, attributes = [], {}
    >>> mark_group_header(cleaned, notes, attributes)
    >>> cleaned[0][1].furniture, attributes
    ('group header', {'n_participants': 5, 'group': '18-29'})
    """
    if not cleaned:
        return
    text, p, bold = cleaned[0]
    if p.furniture or p.speaker is not None or p.label is not None or p.time_prefix:
        return
    found = group_header(text)
    if found is None:
        return
    label, count = found
    cleaned[0] = (text, replace(p, furniture="group header"), bold)
    attributes.setdefault("n_participants", count)
    if label:
        attributes.setdefault("group", label)
    notes.append(f"the first line {text.strip()!r} ({p.location}) names the group and its number of participants: read as "
                 "the attributes 'n_participants'" + (" and 'group'" if label else "") + " and set apart from the turns "
                 "(it stays in the text)")

"""Two labels for one speaker: the full name the first time, or a label that declares its short form.

Oral histories name a speaker in full once and by surname or initials after (``THOMAS HAIGH:``
then ``HAIGH:``, ``Rebecca Scofield`` then ``RS``); interview write-ups declare the abbreviation on first use
(``**Interviewer (I):**`` then ``**I:**``); focus groups give a participant's details in brackets on the
first turn (``Participant 1 (F, 45):`` then ``Participant 1:``). All are read as the short label, so one person is
one speaker; the assembler notes each.

Examples
--------
>>> from researchkit.io.speakers import LabelMatch
>>> labels = [LabelMatch("Interviewer (I)", None, 18), LabelMatch("R", None, 3), LabelMatch("I", None, 3)]
>>> declared_aliases(labels)
{0: 'I'}
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Mapping, Sequence

from researchkit.io.roles import base_label
from researchkit.io.speakers import LabelMatch
from researchkit.personnames import names_person, parse_name

#: A label with its short form in brackets: ``Interviewer (I)``, ``Respondent (R)``, ``Moderator (MOD)``.
_DECLARED_RE = re.compile(r"^(?P<long>[^()]+)\((?P<short>[^\W\d_][\w.]{0,3})\)$")


def full_name_aliases(matches: Sequence[LabelMatch | None], name_counts: Counter) -> dict[int, str]:
    """Name labels used once that are the full name of a label used at least twice.

    Oral histories name the speakers in full the first time and by surname after
    (``THOMAS HAIGH:`` once, then ``HAIGH:``), or by initials (``Rebecca Scofield:``, then
    ``RS:``), printed hearings by title and surname (``Mr. J. L. RANKIN.`` once, then
    ``Mr. RANKIN.``); the full name is read as the short label. Only a name of two to four words
    whose last word, first and last word, or initials are (case and all) a name label used twice counts;
    the result maps the paragraph index to that label.
    """
    aliases: dict[int, str] = {}
    for index, m in enumerate(matches):
        if m is None or m.evidence != "name" or name_counts[m.label] != 1 or m.own_line:
            continue
        short = short_form(m.label, name_counts)
        if short is not None:
            aliases[index] = short
    return aliases


def short_form(label: str, counts: Mapping[str, int]) -> str | None:
    """The label used at least twice that names this full name: its surname (``HAIGH``) or its initials (``RS``).

    Examples
    --------
    >>> short_form("THOMAS HAIGH", {"HAIGH": 5}), short_form("Rebecca Scofield", {"RS": 8}), short_form("Ann Kinney", {"AK": 1})
    ('HAIGH', 'RS', None)
    >>> short_form("Mr. J. L. RANKIN", {"Mr. RANKIN": 4})
    'Mr. RANKIN'
    """
    words = label.replace(".", ". ").split()
    if not 2 <= len(words) <= 4:
        return None
    if words[-1] != label and counts.get(words[-1], 0) >= 2:
        return words[-1]
    if len(words) >= 3 and counts.get(f"{words[0]} {words[-1]}", 0) >= 2:
        return f"{words[0]} {words[-1]}"  # a printed hearing's "Mr. J. L. RANKIN" once, then "Mr. RANKIN"
    initials = "".join(word[0] for word in words if word[:1].isupper())
    if len(initials) == len(words) and counts.get(initials, 0) >= 2:
        return initials
    return _dutch_surname(label, counts)


#: Above this many distinct labels the Dutch surname forms are not compared (each once-used label against all).
_MAX_COMPARED = 200


def _dutch_surname(label: str, counts: Mapping[str, int]) -> str | None:
    """The one label used twice that writes this full name's surname of several words (particles) in any case (``Ann de Wit``
    once, then ``De Wit`` or ``DE WIT``; ``Gerrit van der Berg``, then ``V.d. Berg``), by
    :func:`researchkit.personnames.names_person`; ``None`` when another full name in the file shares that surname
    (``Jan de Vries`` and ``Anna de Vries`` beside ``De Vries``: which one is not guessed).

    Examples
    --------
    >>> _dutch_surname("Ann de Wit", {"De Wit": 3, "Ann de Wit": 1})
    'De Wit'
    >>> _dutch_surname("Jan de Vries", {"De Vries": 3, "Jan de Vries": 1, "Anna de Vries": 1}) is None
    True
    """
    person = parse_name(label)
    if person is None or not person.given or person.surname == person.surname.split()[-1] or len(counts) > _MAX_COMPARED:
        return None  # only a surname with particles ("de wit", "van 't hof"): "RONALD ARKIN" needs "ARKIN" as written
    found = [c for c, n in counts.items() if n >= 2 and c != label and (short := parse_name(c)) is not None
             and not short.given and names_person(c, label)]
    if len(found) != 1:
        return None
    rivals = [o for o in counts if o not in (label, found[0]) and (other := parse_name(o)) is not None and other.given
              and names_person(found[0], o) and not names_person(o, label)]
    return None if rivals else found[0]


def preset_aliases(speakers: Sequence[str | None]) -> dict[int, str]:
    """Speakers a reader found (table rows) that are a full name heard in one turn only, as the short label used
    in two turns or more (``Rebecca Scofield`` on the first row, ``RS`` after: CollectionBuilder oral histories).

    Consecutive paragraphs of one speaker are one turn; the result maps each paragraph of such a
    turn to the short label.

    Examples
    --------
    >>> preset_aliases(["Rebecca Scofield", "Ann Kinney", "RS", "AK", "RS", "AK", None])
    {0: 'RS', 1: 'AK'}
    """
    turns: Counter = Counter()
    previous = None
    for speaker in speakers:
        if speaker is not None and speaker != previous:
            turns[speaker] += 1
        previous = speaker if speaker is not None else previous
    found: dict[int, str] = {}
    for index, speaker in enumerate(speakers):
        short = short_form(speaker, turns) if speaker is not None and turns[speaker] == 1 else None
        if short is not None:
            found[index] = short
    return found


def declared_aliases(matches: Sequence[LabelMatch | None]) -> dict[int, str]:
    """Labels such as ``Interviewer (I)`` whose bracketed short form labels other paragraphs, as that form.

    The short form must label another paragraph of the file; a Zoom qualifier whose short
    form labels nothing (``Ashlee Kupor (SL)``) stays as written.
    """
    counts = Counter(m.label for m in matches if m is not None)
    aliases: dict[int, str] = {}
    for index, m in enumerate(matches):
        found = _DECLARED_RE.match(m.label) if m is not None and not m.own_line else None
        if found and counts[found.group("short")] >= 1:
            aliases[index] = found.group("short")
    return aliases


def qualified_aliases(matches: Sequence[LabelMatch | None]) -> dict[int, str]:
    """Labels with a note in round brackets (``Participant 1 (F, 45)``, ``Ashlee Kupor (SL)``) whose bare form labels
    other paragraphs (``Participant 1:``), as the bare form: a focus group's first turn gives the demographics.

    Only when the bare form has that one note in the file: ``Interviewer (JS)`` beside ``Interviewer (MK)``
    tells two interviewers apart and stays as written.

    Examples
    --------
    >>> ms = [LabelMatch("Participant 1 (F, 45)", None, 23, "known"), LabelMatch("Participant 1", None, 15, "known")]
    >>> qualified_aliases(ms)
    {0: 'Participant 1'}
    >>> qualified_aliases([LabelMatch("Ann (SL)", None, 10, "name"), LabelMatch("Bo", None, 4, "name")])
    {}
    """
    counts = Counter(m.label for m in matches if m is not None)
    declared = declared_aliases(matches)  # "Interviewer (I)" beside "I:" declares its short form
    variants: dict[str, set[str]] = {}
    for m in matches:
        if m is not None and (base := base_label(m.label)) != m.label and m.label.endswith(")"):
            variants.setdefault(base, set()).add(m.label)
    return {
        index: base
        for index, m in enumerate(matches)
        if m is not None and index not in declared and (base := base_label(m.label)) != m.label and m.label.endswith(")")
        and counts[base] >= 1 and len(variants.get(base, ())) == 1
    }


#: Between a name and a description of the speaker in one label: ``Pedro Gómez, Pescador``, ``Jan de Vries – boer``.
_DESCRIBED_SEPARATORS = (", ", " – ", " — ", " - ")


def described_aliases(matches: Sequence[LabelMatch | None]) -> dict[int, str]:
    """Labels that add a description to a name after a comma or a dash (``Pedro Gómez, Pescador``, ``Sandra Salinas,
    Entrevistadora``) whose name alone labels other paragraphs (``Pedro Gómez:``), as the name: an interview names
    each speaker with a role or trade on the first turn and by name after.

    Examples
    --------
    >>> ms = [LabelMatch("Pedro Gómez, Pescador", None, 23, "name"), LabelMatch("Pedro Gómez", None, 13, "name")]
    >>> described_aliases(ms)
    {0: 'Pedro Gómez'}
    >>> described_aliases([LabelMatch("Ann, Bo", None, 9, "name"), LabelMatch("Bo", None, 4, "name")])
    {}
    """
    counts = Counter(m.label for m in matches if m is not None)
    aliases: dict[int, str] = {}
    for index, m in enumerate(matches):
        if m is None or m.own_line:
            continue
        for separator in _DESCRIBED_SEPARATORS:
            head, found, tail = m.label.partition(separator)
            if found and tail.strip() and counts[head.strip()] >= 1 and head.strip() != m.label:
                aliases[index] = head.strip()
                break
    return aliases


def preset_alias_note(renamed: Mapping[int, str], speakers: Sequence[tuple[str | None, str]]) -> str:
    """The assembler's note on :func:`preset_aliases`; ``speakers`` holds each paragraph's speaker and location.

    Examples
    --------
    >>> preset_alias_note({0: "RS"}, [("Rebecca Scofield", "row 2"), ("RS", "row 4")])
    "full names heard in one turn read as the speaker named by the surname or the initials elsewhere: 'Rebecca Scofield' (row 2) as 'RS'"
    """
    first: dict[str, tuple[int, str]] = {}
    for index, short in renamed.items():
        first.setdefault(speakers[index][0] or "", (index, short))
    shown = ", ".join(f"{name!r} ({speakers[i][1]}) as {short!r}" for name, (i, short) in list(first.items())[:5])
    return "full names heard in one turn read as the speaker named by the surname or the initials elsewhere: " + shown


def qualified_full_name_aliases(matches: Sequence[LabelMatch | None], name_counts: Counter) -> dict[int, str]:
    """Full names used once with a note in round brackets (``Dr Ann Lee (Harbour Health)``, a witness with the
    organisation) whose title and surname, surname or initials label two or more paragraphs (``Dr Lee:``), as that
    short label: a hearing introduces each witness so once and by title and surname after.

    Only when the name without the note labels no paragraph (then :func:`qualified_aliases` reads it) and the short
    form is found as :func:`short_form` finds it; the note stays in the text.

    Examples
    --------
    >>> ms = [LabelMatch("Dr Ann Lee (Harbour Health)", None, 29, "name"), LabelMatch("Dr Lee", None, 8, "name"),
    ...       LabelMatch("Dr Lee", None, 8, "name")]
    >>> qualified_full_name_aliases(ms, Counter(m.label for m in ms))
    {0: 'Dr Lee'}
    >>> qualified_full_name_aliases(ms[:2], Counter(m.label for m in ms[:2]))   # "Dr Lee" used once: not enough
    {}
    """
    aliases: dict[int, str] = {}
    for index, m in enumerate(matches):
        if m is None or m.evidence != "name" or name_counts[m.label] != 1 or m.own_line or not m.label.endswith(")"):
            continue
        base = base_label(m.label)
        if base == m.label or name_counts[base] >= 1:
            continue
        short = short_form(base, name_counts)
        if short is not None:
            aliases[index] = short
    return aliases

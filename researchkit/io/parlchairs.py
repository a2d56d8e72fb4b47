"""The chair of a parliamentary record: its offices as printed, and the person a record names in the chair.

The chair presides and puts the questions, as the moderator of a focus group does, so it is the
``interviewer`` of a parliamentary record. Records name it two ways:

- **by office**, as a speaker's label: ``The CHAIRMAN.``, ``The PRESIDENT —``, ``Mr Speaker:``,
  ``Madam Deputy Speaker:``, ``The Chair (Mr. John Williamson (...)):``, ``Chairman Kanjorski.``, the UK
  select committees' ``Chair:`` (a bare ``Speaker`` or ``President`` is no office: ``Speaker 1`` numbers a voice),
  ``Mme la présidente Yaël Braun-Pivet.``, ``Le président :`` (:func:`is_chair_office`; the plain-text
  records of hearings and sittings, :func:`chair_askers`);
- **by person**, the office only in a line ``[Mr. Joe Benton in the Chair]`` (Westminster Hall's
  headings, a public bill committee's sittings, ParlParse's files since 2016, which name every
  speech's speaker by the person): :func:`in_the_chair` finds those names and :func:`person_key`
  compares them with the speakers' names, without honorifics (``Mr. Joe Benton`` is ``Joe Benton``).

Examples
--------
>>> in_the_chair("[Mr. Joe Benton in the Chair] — Death Penalty (Global Abolition)")
['Mr. Joe Benton']
>>> person_key("Mr. Joe Benton") == person_key("Joe Benton"), is_chair_office("The CHAIRMAN")
(True, True)
"""

from __future__ import annotations

import re
from typing import Collection

__all__ = ["in_the_chair", "person_key", "is_chair_office", "chair_askers"]

#: ``[Name in the Chair]``: the person (or office) presiding, as Hansard prints it on a line of its own.
_IN_THE_CHAIR = re.compile(r"\[\s*([^\[\]\n]{1,120}?)\s+in\s+the\s+chair\s*\]", re.IGNORECASE)
#: Words before a name that are no part of it.
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "rt", "hon", "right", "honourable", "the"})
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")

_TITLE = r"(?:The|Mr\.?|Mrs\.?|Ms\.?|Madam|Madame)"
_MODIFIER = r"(?:Acting|Deputy|Assistant|Principal|Temporary|Vice|Lord|First|Second)"
_OFFICE = (r"(?:Speaker|Chair|Chairman|Chairwoman|Chairperson|Vice-Chair|Vice-Chairman|Vice-Chairwoman|Co-Chair"
           r"|President|Presiding\s+Officer|Convener|Convenor)")
#: A note after the office in brackets (the person: ``The Chair (Mr. John Williamson (New Brunswick Southwest, CPC))``).
_NOTE = r"(?:\s*\([^()]*(?:\([^()]*\)[^()]*)*\))?"
#: An office written without a title (``Chair``, ``Chairman Kanjorski``): see :func:`chair_askers`.
_BARE_OFFICE = re.compile(r"(?:Chairman|Chairwoman|Chairperson|Chair|Convener|Convenor)(?:\s+[^\W\d_][\w'’\-]*)?$",
                          re.IGNORECASE)
_CHAIR_OFFICE = re.compile(
    rf"^(?:{_TITLE}\s+(?:{_MODIFIER}[\s-]+){{0,3}}{_OFFICE}"
    r"(?:\s+of\s+(?:the\s+)?(?:Committees?|Ways\s+and\s+Means)(?:\s+of\s+the\s+Whole(?:\s+House)?)?)?"
    rf"{_NOTE}"
    r"|(?:Chairman|Chairwoman|Chairperson|Chair|Convener|Convenor)(?:\s+[^\W\d_][\w'’\-]*)?"  # Chair (UK evidence), Chairman Kanjorski
    r"|(?:M\.|Mme|Monsieur|Madame)\s+(?:le|la)\s+(?:vice-|co-?)?pr[ée]sidente?\b[^:]*"  # M. le président, Mme la présidente X
    rf"|(?:Le|La)\s+(?:vice-|co-?)?pr[ée]sidente?(?:\s+suppl[ée]ante?|\s+adjointe?)?{_NOTE})$",
    re.IGNORECASE)


def in_the_chair(text: str) -> list[str]:
    """The names in the ``[... in the Chair]`` lines of a text, as printed, in order.

    Examples
    --------
    >>> in_the_chair("PRAYERS - [Mr Speaker in the Chair]"), in_the_chair("[Sir Roger  Gale in the Chair]")
    (['Mr Speaker'], ['Sir Roger Gale'])
    >>> in_the_chair("He sat in the chair.")
    []
    """
    return [" ".join(found.group(1).split()) for found in _IN_THE_CHAIR.finditer(text)]


def person_key(name: str) -> str:
    """A person's name for comparison: case folded, punctuation and honorifics (``Mr.``, ``Sir``, ``Rt Hon``) left out.

    A peer's title (``Lord``, ``Baroness``) is part of the name and stays.

    Examples
    --------
    >>> person_key("Sir Roger Gale"), person_key("Mr. Joe Benton"), person_key("Lord Haskel")
    ('roger gale', 'joe benton', 'lord haskel')
    """
    words = _WORD.findall(name.casefold())
    while words and words[0] in _HONORIFICS:
        words.pop(0)
    return " ".join(words)


def is_chair_office(label: str) -> bool:
    """Whether a speaker's label is the chair's office (module docstring), in English or French.

    Examples
    --------
    >>> [is_chair_office(x) for x in ("The PRESIDENT", "Madam Deputy Speaker", "Chairman Kanjorski",
    ...                               "M. le président", "The Chair (Mr. John Williamson (Calgary, CPC))")]
    [True, True, True, True, True]
    >>> [is_chair_office(x) for x in ("Mr. RANKIN", "The CLERK", "President Lincoln", "Mr. Chairman Smith Jones")]
    [False, False, False, False]
    """
    return _CHAIR_OFFICE.match(" ".join(label.split())) is not None


def chair_askers(labels: Collection[str], known, first: str | None = None) -> frozenset[str]:
    """The labels that are the chair's office, each the one who puts the questions (an ``interviewer``).

    Used by the assembler for a file whose labels name no interviewer (a hearing, a sitting's record as
    text); a label the user's map knows (``known(label)`` is not ``None``) is left to it. A bare office
    (``Chair:``, ``Chairman:``) counts only among three or more speakers (a committee's chair, members and
    witnesses) and only when it speaks first (``first``: the file's first label; the chair opens a sitting,
    a meeting, a focus group): between two, or when another label opens the file, it is as likely a person
    interviewed (``Anna:`` asks ``Chairman:`` and ``Secretary:``), while a titled office (``The PRESIDENT``,
    ``Mme la présidente``) is the record's own way of naming the chair.

    Parameters
    ----------
    labels
        The file's speaker labels.
    known
        The label map's look-up: the role it gives a label, or ``None``.

    Examples
    --------
    >>> sorted(chair_askers({"The CHAIRMAN", "Mr. RANKIN", "Mrs. OSWALD"}, lambda label: None))
    ['The CHAIRMAN']
    >>> chair_askers({"The CHAIRMAN"}, lambda label: "respondent")
    frozenset()
    >>> chair_askers({"Anna", "Chairman"}, lambda label: None), sorted(chair_askers({"Chair", "Ian Mearns", "Robert Halfon"}, lambda label: None))
    (frozenset(), ['Chair'])
    >>> chair_askers({"Anna", "Chairman", "Secretary"}, lambda label: None, first="Anna")
    frozenset()
    """
    few = len(set(labels)) < 3
    return frozenset(label for label in labels if known(label) is None and is_chair_office(label)
                     and not ((few or (first is not None and label != first)) and _BARE_OFFICE.match(label.strip())))

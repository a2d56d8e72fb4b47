"""A question number before a speaker label: UK select committee oral evidence's ``Q12 Chair: ...``.

The House of Commons and House of Lords publish their committees' oral evidence with every
question numbered in the margin, and the number is printed at the start of the asking member's
paragraph, before the label: ``Q1 Chair: Robert, we were just ...``, ``Q23 Ian Mearns: And ...``,
``Q104 The Chair: ...``, while the witness answers with a plain ``Robert Halfon: Thank you.``
(HTML, PDF, Word and text copies alike). The number is no part of the speaker's name and the
paragraph is no speech of the witness above it: the label after the number opens the turn, and
the number stays in the text before the label, outside the turn, like a time mark.

Only a label with its colon is read after a number (``Q7 Chair:``); ``Q7`` followed by speech
(``Q7 What do you think?``) is not a label, and a label must still be one by the usual rules
(a name labels two paragraphs, or is a role word). In a file of numbered questions (at least
:data:`MIN_NUMBERED` labels after a number, the numbers never going down) the numbers also say who
asks: a name after a number labels a turn even when used once (a member who puts one question),
and the labels after a number are the committee's, role ``interviewer`` (the witnesses, the other
labels, answer), below the user's own ``labels=``. Pure functions only.

Examples
--------
>>> question_number_prefix("Q12 Chair: Good morning.")
4
>>> question_number_prefix("Q1: What do you think?") is None, question_number_prefix("Q&A: later") is None
(True, True)
>>> question_number("Q104 The Chair: Thank you.")
104
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from researchkit.io.roles import LabelMap
    from researchkit.io.speakers import LabelMatch

__all__ = ["question_number_prefix", "question_number", "numbered_questions", "numbered_question_roles",
           "MIN_NUMBERED"]

#: Labels after a question number a file needs before its numbers say who asks.
MIN_NUMBERED = 2

#: ``Q`` and the question's number (the Commons count to the thousands in long inquiries), then blanks before the label.
_QUESTION_RE = re.compile(r"Q(?P<n>\d{1,4})[ \t\u00a0]+(?=\S)")


def question_number_prefix(paragraph: str) -> int | None:
    """Where the label begins after a question number opening ``paragraph`` (``Q12 Chair: ...`` gives 4), else ``None``.

    Parameters
    ----------
    paragraph
        One paragraph, stripped at its start.

    Returns
    -------
    int or None
        The length of the ``Q12`` prefix and the blanks after it.

    Examples
    --------
    >>> question_number_prefix("Q3\\u00a0Lord Smith of Hindhead: And?"), question_number_prefix("Quite so: yes")
    (3, None)
    """
    m = _QUESTION_RE.match(paragraph)
    return m.end() if m else None


def question_number(paragraph: str) -> int | None:
    """The question number opening ``paragraph`` (``Q12 Chair: ...`` gives 12), else ``None``.

    Examples
    --------
    >>> question_number("Q9 Chair: So?"), question_number("Chair: So?")
    (9, None)
    """
    m = _QUESTION_RE.match(paragraph)
    return int(m.group("n")) if m else None


def numbered_questions(texts: Sequence[str], matches: Sequence[LabelMatch | None]) -> list[int]:
    """The paragraphs whose label comes after a question number, when the file is one of numbered questions.

    That is: at least :data:`MIN_NUMBERED` such paragraphs, and their numbers never go down
    (``Q1``, ``Q2``, ``Q2``, ``Q5``); else none.

    Parameters
    ----------
    texts
        The paragraphs.
    matches
        The label found at the start of each paragraph (``None`` where there is none).

    Returns
    -------
    list of int
        Paragraph indices, in order.

    Examples
    --------
    >>> from researchkit.io.speakers import match_label
    >>> texts = ["Q1 Chair: Why?", "Ann Lee: Because.", "Q2 Bo Li: When?", "Ann Lee: Now.", "Q3 Chair: Thanks."]
    >>> found = [match_label(t[t.index(" ") + 1:] if t.startswith("Q") else t) for t in texts]
    >>> found = [m if not t.startswith("Q") else type(m)(m.label, m.timestamp, m.content_start + t.index(" ") + 1, m.evidence)
    ...          for t, m in zip(texts, found)]
    >>> numbered_questions(texts, found)
    [0, 2, 4]
    """
    found: list[int] = []
    numbers: list[int] = []
    for i, (text, m) in enumerate(zip(texts, matches)):
        if m is None:
            continue
        prefix = question_number_prefix(text)
        if prefix is not None and m.content_start > prefix and not m.label.startswith(text[:prefix].rstrip()):
            found.append(i)
            numbers.append(question_number(text) or 0)
    if len(found) < MIN_NUMBERED or any(b < a for a, b in zip(numbers, numbers[1:])):
        return []
    return found


def numbered_question_roles(texts: Sequence[str], matches: Sequence[LabelMatch | None], label_map: LabelMap,
                            locations: Sequence[str], notes: list[str]) -> LabelMap:
    """The label map with the askers of numbered questions as interviewers, and a note (see the module docstring).

    Parameters
    ----------
    texts
        The paragraphs.
    matches
        The labels accepted on each paragraph.
    label_map
        The map so far; its entries (the user's ``labels=``) win over the askers found here.
    locations
        Each paragraph's place, for the note.
    notes
        The notes; one is added when the file has numbered questions.

    Returns
    -------
    LabelMap

    Examples
    --------
    >>> from researchkit.io.roles import LabelMap
    >>> from researchkit.io.speakers import LabelMatch
    >>> texts = ["Q1 Chair: Why?", "Ann Lee: Because.", "Q2 Bo Li: When?", "Ann Lee: Now.", "Q3 Chair: Thanks."]
    >>> matches = [LabelMatch("Chair", None, 9), LabelMatch("Ann Lee", None, 9), LabelMatch("Bo Li", None, 9),
    ...            LabelMatch("Ann Lee", None, 9), LabelMatch("Chair", None, 9)]
    >>> notes = []
    >>> roles = numbered_question_roles(texts, matches, LabelMap({}), [f"line {i}" for i in range(1, 6)], notes)
    >>> roles.known("Bo Li"), roles.known("Ann Lee")
    ('interviewer', None)
    """
    numbered = numbered_questions(texts, matches)
    if not numbered:
        return label_map
    askers = list(dict.fromkeys(matches[i].label for i in numbered))
    first, last = question_number(texts[numbered[0]]), question_number(texts[numbered[-1]])
    notes.append(f"{len(numbered)} numbered question(s) (Q{first} to Q{last}, as committees print their oral evidence: "
                 f"{texts[numbered[0]][:matches[numbered[0]].content_start].strip()!r}, {locations[numbered[0]]}): each number "
                 f"stays in the text before its label, outside the turn; the speakers after a number ask the questions "
                 f"(role interviewer): {', '.join(map(repr, askers[:8]))}{' ...' if len(askers) > 8 else ''}; the others "
                 f"answer; pass labels=... if a role is wrong")
    return label_map.with_entries({label: "interviewer" for label in askers})

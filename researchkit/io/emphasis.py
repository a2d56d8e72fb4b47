"""Transcripts without labels whose questions are printed in bold (or italics): those paragraphs are the interviewer's.

A common way to type an interview is without speaker labels, the interviewer's questions
in bold (or in italics, in Word files) and the answers in plain type; "bold" below means either. When a file has no labels at all, its paragraphs
are read this way only with clear evidence: at least three paragraphs printed wholly in
bold and three in plain type, at least half of the bold ones asking a question (``?``),
and the plain ones asking at most half as often. Bold paragraphs before the first plain
one that ask nothing (a title, a date) stay a preamble. Consecutive paragraphs of one kind
make one turn. The assembler says so in a note; nothing in the text changes.

Examples
--------
>>> texts = ["Interview 3", "Where do you work?", "In the port.", "Since when?", "Since 2001.", "Why there?",
...          "My father did.", "And now?", "I stay."]
>>> bold = [True, True, False, True, False, True, False, True, False]
>>> emphasis_roles(texts, bold)
['other', 'interviewer', 'respondent', 'interviewer', 'respondent', 'interviewer', 'respondent', 'interviewer', 'respondent']
"""

from __future__ import annotations

from typing import Sequence

__all__ = ["emphasis_roles", "emphasis_note", "MIN_EACH", "MIN_QUESTION_SHARE"]

#: Paragraphs needed of each kind (bold, plain), and the share of bold ones that must ask something.
MIN_EACH, MIN_QUESTION_SHARE = 3, 0.5


def emphasis_roles(texts: Sequence[str], bold: Sequence[bool]) -> list[str] | None:
    """The role of each paragraph (``interviewer`` bold, ``respondent`` plain, ``other`` a bold title), or ``None``
    when the file does not show the convention (see the module docstring).

    Examples
    --------
    >>> emphasis_roles(["A?", "b", "C?", "d"], [True, False, True, False]) is None   # too few paragraphs
    True
    """
    asks = ["?" in text for text in texts]
    n_bold = sum(bold)
    n_plain = len(bold) - n_bold
    if n_bold < MIN_EACH or n_plain < MIN_EACH:
        return None
    first_plain = bold.index(False)
    title = [i for i in range(first_plain) if not asks[i]]
    counted = [i for i in range(len(texts)) if bold[i] and i not in title]
    if len(counted) < MIN_EACH:
        return None
    bold_share = sum(asks[i] for i in counted) / len(counted)
    plain_share = sum(a for a, b in zip(asks, bold) if not b) / n_plain
    if bold_share < MIN_QUESTION_SHARE or plain_share > bold_share / 2:
        return None
    return ["other" if i in title else "interviewer" if bold[i] else "respondent" for i in range(len(texts))]


def emphasis_note(roles: Sequence[str], texts: Sequence[str], kind: str = "bold") -> str:
    """The assembler's note on a file read by :func:`emphasis_roles`; ``kind`` says how the questions are set
    (``"bold"``, ``"italics"``, ``"bold or italics"``).

    Examples
    --------
    >>> emphasis_note(["other", "interviewer", "respondent"], ["Title", "Why?", "So."])
    "no speaker labels found; the 1 paragraph(s) printed wholly in bold (1 asking a question) were taken as the interviewer's turns and the 1 in plain type as the respondent's (1 bold title line(s) at the top kept apart, role 'other'); label the transcript if this is wrong"
    """
    bold = [t for r, t in zip(roles, texts) if r == "interviewer"]
    plain = sum(r == "respondent" for r in roles)
    title = sum(r == "other" for r in roles)
    return (f"no speaker labels found; the {len(bold)} paragraph(s) printed wholly in {kind} ({sum('?' in t for t in bold)} "
            f"asking a question) were taken as the interviewer's turns and the {plain} in plain type as the respondent's"
            + (f" ({title} {kind} title line(s) at the top kept apart, role 'other')" if title else "")
            + "; label the transcript if this is wrong")

"""Transcripts without labels or type whose paragraphs alternate question and answer.

Some interviews are typed with nothing but paragraph breaks: the interviewer's question,
the answer, the next question. When a file has no labels and no questions set in bold
(:mod:`researchkit.io.emphasis`), its paragraphs are read this way only with clear
evidence:

- at least :data:`MIN_PAIRS` question positions and as many answer positions (every other
  paragraph, from the first question on);
- at least :data:`MIN_QUESTION_SHARE` of the paragraphs in the question positions end with a
  question (``?``, or a Spanish ``¿...``);
- at most :data:`MAX_ANSWER_SHARE` of the paragraphs in the answer positions do, and at most
  a third of the question positions' share.

Paragraphs above the first question that ask nothing (a title, a date; at most
:data:`MAX_TITLE`) stay apart with role ``other``. An answer typed as two paragraphs breaks
the rhythm, and the evidence with it: such a file stays one turn per paragraph. The
assembler says so in a note with the counts; nothing in the text changes.

Subtitles cut an answer wherever the cue ends: a paragraph that continues the sentence of the
one above (:func:`continues_sentence`: no sentence end before it, a lower-case start) is
that speaker's, whatever its position (``Ik heet toch Voogt ... en mijn`` /
``geboorteplaats: ...``); the note lists such paragraphs.

Examples
--------
>>> texts = ["Interview 7", "Where do you work?", "In the port.", "Since when?", "Since 2001.", "Why there?",
...          "My father did.", "And now?", "I stay."]
>>> alternation_roles(texts)[:4]
['other', 'interviewer', 'respondent', 'interviewer']
"""

from __future__ import annotations

from typing import Sequence

from researchkit.io.questions import asks_question

__all__ = ["alternation_roles", "alternation_note", "continues_sentence", "MIN_PAIRS", "MIN_QUESTION_SHARE", "MAX_ANSWER_SHARE", "MAX_TITLE"]

#: Question positions (and answer positions) a file needs; the share of questions among them; the most the answers may ask.
MIN_PAIRS, MIN_QUESTION_SHARE, MAX_ANSWER_SHARE = 4, 0.7, 0.2
#: Paragraphs above the first question that may be a title block.
MAX_TITLE = 8
#: Characters that end a sentence (closing quotes and brackets after them are looked through).
_SENTENCE_END = ".!?…;:"
_CLOSERS = "\"'”’»)]*_"
#: Marks a transcriber writes before the rest of a sentence cut off above (``…en dan``, ``... en dan``, ``- en dan``).
_LEAD_MARKS = ("…", "...", "-", "–")


def continues_sentence(previous: str, text: str) -> bool:
    """Whether ``text`` goes on with the sentence ``previous`` left open: ``previous`` does not end a sentence and
    ``text`` starts with a lower-case letter (after a leading ellipsis or dash).

    Examples
    --------
    >>> continues_sentence("Ik heet toch Voogt en mijn", "geboorteplaats: Cheribon.")
    True
    >>> continues_sentence("Ik heet Voogt.", "geboorteplaats: Cheribon."), continues_sentence("En mijn", "Geboorteplaats?")
    (False, False)
    >>> continues_sentence("Ik ben geboren in Naarden,", "…en dat is nu afgebroken.")
    True
    """
    before = previous.rstrip().rstrip(_CLOSERS).rstrip()
    if not before or before[-1] in _SENTENCE_END:
        return False
    after = text.lstrip()
    for mark in _LEAD_MARKS:
        if after.startswith(mark):
            after = after[len(mark):].lstrip()
            break
    return after[:1].isalpha() and after[:1].islower()


def _counts(asks: Sequence[bool], first: int) -> tuple[int, int, int, int]:
    """Questions and paragraphs in the question positions, and in the answer positions, from ``first`` on."""
    questions = asks[first::2]
    answers = asks[first + 1 :: 2]
    return sum(questions), len(questions), sum(answers), len(answers)


def alternation_roles(texts: Sequence[str]) -> list[str] | None:
    """The role of each paragraph (``interviewer`` the questions, ``respondent`` the answers, ``other`` a title),
    or ``None`` when the paragraphs do not alternate clearly (see the module docstring).

    Examples
    --------
    >>> alternation_roles(["Where?", "Here.", "When?", "Now."]) is None   # too few paragraphs
    True
    >>> alternation_roles(["Where?", "Here.", "More.", "When?", "Now.", "Why?", "So.", "Who?", "Me."]) is None
    True
    """
    asks = [asks_question(text) for text in texts]
    first = asks.index(True) if True in asks else len(asks)
    if first > MAX_TITLE:
        return None
    q, n_q, a, n_a = _counts(asks, first)
    if n_q < MIN_PAIRS or n_a < MIN_PAIRS:
        return None
    q_share, a_share = q / n_q, a / n_a
    if q_share < MIN_QUESTION_SHARE or a_share > min(MAX_ANSWER_SHARE, q_share / 3):
        return None
    roles = ["other" if i < first else "interviewer" if (i - first) % 2 == 0 else "respondent" for i in range(len(texts))]
    for i in range(first + 1, len(texts)):
        if continues_sentence(texts[i - 1], texts[i]):
            roles[i] = roles[i - 1]  # an answer cut over two cues: the second half is the same speaker's
    return roles


def alternation_note(roles: Sequence[str], texts: Sequence[str], first_location: str,
                     locations: Sequence[str] | None = None) -> str:
    """The assembler's note on a file read by :func:`alternation_roles`, with the counts.

    ``first_location`` is where the first question is (``"line 3"``); ``locations``, each paragraph's place, names the
    paragraphs that continue the sentence above and went to its speaker.

    Examples
    --------
    >>> roles = alternation_roles(["Where?", "Here.", "When?", "Now.", "Why?", "So.", "Who?", "Me."])
    >>> alternation_note(roles, ["Where?", "Here.", "When?", "Now.", "Why?", "So.", "Who?", "Me."], "line 1")
    "no speaker labels found; the paragraphs alternate question and answer: 4 of the 4 paragraphs in the question positions (every other one from line 1) end with a question mark, 0 of the 4 between them do, so they were taken as the interviewer's and the respondent's turns; label the transcript if this is wrong"
    """
    asked = [asks_question(text) for text in texts]
    first = roles.index("interviewer")
    positional = ["other" if i < first else "interviewer" if (i - first) % 2 == 0 else "respondent" for i in range(len(roles))]
    questions = [a for a, r in zip(asked, positional) if r == "interviewer"]
    answers = [a for a, r in zip(asked, positional) if r == "respondent"]
    title = sum(r == "other" for r in roles)
    moved = [i for i, (r, p) in enumerate(zip(roles, positional)) if r != p]
    continued = ""
    if moved:
        shown = ", ".join(locations[i] if locations else f"paragraph {i + 1}" for i in moved[:8]) + (" ..." if len(moved) > 8 else "")
        continued = (f"; {len(moved)} paragraph(s) that continue the sentence above (no sentence end before, a lower-case "
                     f"start) kept with the speaker above: {shown}")
    return (f"no speaker labels found; the paragraphs alternate question and answer: {sum(questions)} of the "
            f"{len(questions)} paragraphs in the question positions (every other one from {first_location}) end with a "
            f"question mark, {sum(answers)} of the {len(answers)} between them do, so they were taken as the interviewer's "
            "and the respondent's turns" + (f" ({title} title line(s) at the top kept apart, role 'other')" if title else "")
            + continued + "; label the transcript if this is wrong")

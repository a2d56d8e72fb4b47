"""A discussion guide's numbered questions written between a focus group's turns (pure).

Focus groups run from a guide (online ones especially, where the moderator posts or reads
each question) are often transcribed with the guide's question set above the answers,
numbered and without a label::

    18-29 (5 participants)
    Question 1. What is your favourite place in your city? Why?
    David: So, um, I'll start ...
    Moderator: Sorry David, it's hard to hear you.
    ...
    Ibrahim: ... Manchester United matches and all.
    Question 2. How do you decide what to eat?
    David: Uh, kind of just depends ...

Such a line is the moderator's question, not the words of the participant above it. When a
labelled file has two or more of them (``Question 2.``, ``Vraag 3)``, ``Frage 4 -``; a number and a
period, bracket or dash, then the question), numbered upwards and each followed by labelled
speech before the next one, each is a turn of the moderator (speaker ``""``, role
``interviewer``), as an unlabelled moderator's question is (``io/assemble.py``). A list of
the guide's questions one under another (the guide printed above the transcript) is left as
it is, and so is a numbered line used once. ``Question 2: ...`` with a colon is a label
(``Question`` is a role word) and is read as before.

Examples
--------
>>> texts = ["Question 1. Why?", "A: Because.", "B: Yes.", "Question 2. How?", "A: So."]
>>> sorted(guide_prompts(texts, [None, 1, 1, None, 1]))
[0, 3]
"""

from __future__ import annotations

import re
from typing import Sequence

#: ``Question 2. ...`` (en, fr), ``Vraag``, ``Frage``, ``Pregunta``, ``Domanda``; in bold too
_PROMPT = re.compile(
    r"^\s*(?:\*\*)?(?:question|vraag|frage|pregunta|domanda|questão)\s*(\d{1,3})\s*(?:[.)]|\s[-–—])\s*(?:\*\*)?\s*\S",
    re.IGNORECASE,
)


def prompt_number(text: str) -> int | None:
    """The number of a guide's question opening ``text`` (``Question 2. How ...?``), else ``None``.

    Examples
    --------
    >>> prompt_number("Question 12. What would change?"), prompt_number("Question 2: Why?")
    (12, None)
    """
    match = _PROMPT.match(text)
    return int(match.group(1)) if match else None


def guide_prompts(texts: Sequence[str], matches: Sequence[object | None], excluded: set[int] = frozenset()) -> set[int]:
    """Indexes of the unlabelled paragraphs that are a guide's numbered questions (see the module docstring).

    Parameters
    ----------
    texts
        The paragraphs' text.
    matches
        Each paragraph's label match (``None``: no label).
    excluded
        Paragraphs that are something else already (furniture, headings, metadata).

    Returns
    -------
    set[int]
        Empty unless two or more such questions stand between labelled speech, numbered upwards.

    Examples
    --------
    >>> sorted(guide_prompts(["Question 1. Why?", "Question 2. How?", "A: So.", "B: Yes."], [None, None, 1, 1]))
    []
    """
    if not any(m is not None for m in matches):
        return set()
    numbered = [(i, n) for i, text in enumerate(texts)
                if matches[i] is None and i not in excluded and (n := prompt_number(text)) is not None]
    kept: list[tuple[int, int]] = []
    for position, (index, number) in enumerate(numbered):
        following = numbered[position + 1][0] if position + 1 < len(numbered) else len(texts)
        preceding = numbered[position - 1][0] if position else -1
        answered = any(matches[j] is not None for j in range(index + 1, following))
        apart = position == 0 or any(matches[j] is not None for j in range(preceding + 1, index))
        if answered and apart:  # labelled speech between this question and its neighbours: not a printed list
            kept.append((index, number))
    numbers = [n for _, n in kept]
    if len(kept) < 2 or any(b <= a for a, b in zip(numbers, numbers[1:])):
        return set()
    return {i for i, _ in kept}


def prompt_note(found: set[int], locations: Sequence[str]) -> str:
    """The note listing the guide's questions read as the moderator's.

    Examples
    --------
    >>> prompt_note({0, 3}, ["line 1", "line 2", "line 3", "line 4"])[:40]
    '2 numbered question(s) of a discussion g'
    """
    where = ", ".join(locations[i] for i in sorted(found)[:10]) + (" ..." if len(found) > 10 else "")
    return (f"{len(found)} numbered question(s) of a discussion guide between the turns (`Question 2. ...`) were taken "
            f"as the moderator's (speaker '', role interviewer): {where}; label them in the file if this is wrong")

"""The moderator's unlabelled lines in a focus group: questions and lines in capitals between participants' turns.

In a focus group transcript where only the participants are labelled (``P1:``, ``R3:``, names), the
moderator's questions stand unlabelled between their turns. :func:`moderator_lines` finds them for
:func:`researchkit.io.assemble.assemble`: the lines in capitals after a participant's turn, and the
questions (and capitals) just before the next participant's label; never the speech right below a
label line, and nothing when a label is an interviewer's or a labelled speaker asks in their own
paragraphs (counsel in a hearing, podcast hosts).
"""

from __future__ import annotations

from typing import Sequence

from researchkit.io.questions import labelled_askers
from researchkit.io.speakers import LabelMap, LabelMatch

__all__ = ["moderator_lines"]


def _is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 8 and len(text.split()) >= 2 and sum(ch.isupper() for ch in letters) >= 0.9 * len(letters)


def _is_question(text: str) -> bool:
    return text.rstrip().endswith("?") or text.lstrip().startswith("¿")


def moderator_lines(
    texts: Sequence[str], matches: Sequence[LabelMatch | None], label_map: LabelMap, furniture: set[int] = frozenset()
) -> set[int]:
    """The indexes of the unlabelled paragraphs between participant turns that are the moderator's (see the module
    docstring); none when a label is an interviewer's or a labelled speaker asks.

    Examples
    --------
    >>> from researchkit.io.speakers import LabelMap
    >>> texts = ["P1: Ik werk in de haven.", "Wat doet u daar precies?", "P2: Ik ben visser.", "P3: Ik ook."]
    >>> matches = [LabelMatch("P1", None, 4, "code"), None, LabelMatch("P2", None, 4, "code"), LabelMatch("P3", None, 4, "code")]
    >>> moderator_lines(texts, matches, LabelMap())
    {1}
    """
    labelled = [i for i, m in enumerate(matches) if m is not None]
    if not labelled or any(label_map.known(matches[i].label) == "interviewer" for i in labelled):
        return set()
    if labelled_askers([(matches[i].label, texts[i][matches[i].content_start :]) for i in labelled]):
        return set()  # a labelled speaker asks: the questions below their labels are theirs, no moderator unlabelled
    speakers = {matches[i].label for i in labelled}
    focus_group = len(speakers) >= 3 or any(matches[i].evidence == "code" for i in labelled)
    found: set[int] = set()
    index = labelled[0] + 1
    while index < len(texts):
        if matches[index] is not None:
            index += 1
            continue
        end = index
        while end < len(texts) and matches[end] is None:
            end += 1
        if matches[index - 1] is not None and (matches[index - 1].own_line
                                               or not texts[index - 1][matches[index - 1].content_start :].strip()):
            index += 1  # the speech below a label line is that speaker's, never the moderator's
        run = range(index, end)
        found.update(i for i in run if _is_caps(texts[i]))
        if focus_group and end < len(texts):  # a question right before the next participant's label
            tail = end - 1
            while tail >= index and (_is_question(texts[tail]) or _is_caps(texts[tail])):
                found.add(tail)
                tail -= 1
        index = end
    return found - furniture

"""Stage directions on a line of their own: ``(Pause)``, ``[Musik]``, ``[Laughter.]``, ``**(Schuss: Hafen)**``.

Transcribers note what is not said on a line of its own inside the speech: a pause, music,
laughter in the room, a camera shot in a documentary's script (``**(Schuss: Totale auf den
Hafen)**``), GPO's ``[Laughter.]`` and ``[Whereupon, at 11:50 a.m., the hearing was adjourned.]``,
the hour a hearing's transcript notes between the turns (``*(10.00 am)*``, ``(11.15)``, ``(Short break)``:
a clock time, not a recording time, so it stays text and gives no turn its timestamp).
Such a line is nobody's speech: like an analyst's memo in braces (:mod:`researchkit.io.annotations`)
it ends the turn above it and becomes a turn with no speaker and role ``other``, and speech
below it without a new label goes on as the speaker before it. The line stays in the text.

A direction is a paragraph below the first speaker label, without a label of its own and not
right below a label with nothing after it (``R:`` then ``(nods)`` is R's answer), that is
one pair of round or square brackets (in bold or italics or not) around at most
:data:`MAX_WORDS` words with at least two letters, and nothing else. A time in brackets
(``[00:12:03]``) is a time, not a direction; brackets inside the direction are not allowed.
A mark of words the transcriber could not make out (``[inaudible]``, ``[inaudible 00:03:12]``,
``[unintelligible]``, ``(unv.)``, ``[onverstaanbaar]``) is not a direction either: those words were the
speaker's, so the line stays in the turn around it (:func:`is_speech_gap`).

Examples
--------
>>> [is_direction(t) for t in ("(Pause)", "[Musik]", "**(Schuss: Hafen, Totale)**", "[00:12:03]", "(a)", "Ja (lacht)")]
[True, True, True, False, False, False]
"""

from __future__ import annotations

import re
from typing import Collection, Sequence

from researchkit.io.annotations import unlabelled_below_first_label

__all__ = ["is_direction", "is_speech_gap", "direction_lines", "direction_note"]

#: Words a direction has at most (a direction, not a sentence of speech in brackets).
MAX_WORDS = 15
_DIRECTION_RE = re.compile(r"\((?P<round>[^()\[\]\n]{1,200})\)|\[(?P<square>[^()\[\]\n]{1,200})\]")
_MARKUP = "*_"
_TIME_RE = re.compile(r"[\d:.,\s-]+")
#: A clock time written with a point, as hearing transcripts note the hour between the turns: ``(11.15)``, ``(9.05)``.
#: (A time with a colon, ``[00:12:03]``, is a recording time, read by :mod:`researchkit.io.timemarks`.)
_CLOCK_RE = re.compile(r"\s*(?:[01]?\d|2[0-3])\.[0-5]\d\s*")


#: First words of a mark for speech the transcriber could not make out (en, nl, de, fr, es), lower case, no dots.
GAP_WORDS = frozenset({
    "inaudible", "unintelligible", "indiscernible", "incomprehensible", "unclear", "inintelligible",  # en, fr
    "onverstaanbaar", "onhoorbaar",  # nl
    "unverständlich", "unverstaendlich", "unv",  # de (f4's "(unv.)")
    "incompréhensible", "ininteligible", "incomprensible",  # fr, es, it
})


def is_speech_gap(text: str) -> bool:
    """Whether a paragraph is only a mark for words that could not be made out: the speaker's, not a direction.

    Examples
    --------
    >>> [is_speech_gap(t) for t in ("[inaudible]", "[Inaudible 00:03:12]", "(unv.)", "[onverstaanbaar]", "[Laughter]")]
    [True, True, True, True, False]
    """
    core = text.strip().strip(_MARKUP).strip()
    if len(core) < 3 or core[0] + core[-1] not in ("()", "[]") or len(core) > 80:
        return False
    words = core[1:-1].split()
    return bool(words) and words[0].casefold().rstrip(".,:;?!") in GAP_WORDS and len(words) <= 4


def is_direction(text: str) -> bool:
    """Whether a paragraph is one stage direction in round or square brackets (see the module docstring).

    Examples
    --------
    >>> is_direction("[Laughter.]"), is_direction("_(lacht)_"), is_direction("(1)"), is_direction("[a] and [b]")
    (True, True, False, False)

    A clock time in a hearing's round brackets is one, a recording time is not:

    >>> is_direction("(11.15)"), is_direction("*(10.00 am)*"), is_direction("(10:02)"), is_direction("(31.75)")
    (True, True, False, False)
    """
    stripped = text.strip()
    core = stripped.strip(_MARKUP).strip()
    if len(stripped) - len(core) > 6:
        return False
    found = _DIRECTION_RE.fullmatch(core)
    if found is None:
        return False
    inner = found.group("round") or found.group("square")
    if found.group("round") and _CLOCK_RE.fullmatch(inner):
        return True  # "(11.15)": the hour of the day in a hearing, not a recording time and nobody's speech
    if _TIME_RE.fullmatch(inner):
        return False
    return sum(ch.isalpha() for ch in inner) >= 2 and len(inner.split()) <= MAX_WORDS


def direction_lines(texts: Sequence[str], labels: Sequence[object | None], skip: Collection[int] = ()) -> set[int]:
    """Indexes of the direction paragraphs below the first label.

    Parameters
    ----------
    texts
        The paragraphs' texts.
    labels
        The label found on each paragraph (``None`` where there is none).
    skip
        Paragraphs that are something else already (page furniture, legend, metadata, memos).

    Examples
    --------
    >>> sorted(direction_lines(["(Intro)", "I: Ready?", "(Pause)", "Yes.", "[Musik]"], [None, "I", None, None, None]))
    [2, 4]
    """
    return unlabelled_below_first_label(texts, labels, skip, lambda text: is_direction(text) and not is_speech_gap(text))


def direction_note(indexes: Collection[int], locations: Sequence[str]) -> str:
    """The assembler's note on the direction lines set apart from the speech.

    Examples
    --------
    >>> direction_note({2}, ["line 1", "line 2", "line 3"])
    "1 line(s) in brackets between the speech read as stage directions, not speech (a turn with no speaker, role 'other'): line 3; speech below them without a new label goes on as the speaker before them"
    """
    shown = ", ".join(locations[i] for i in sorted(indexes)[:8]) + (" ..." if len(indexes) > 8 else "")
    return (f"{len(indexes)} line(s) in brackets between the speech read as stage directions, not speech (a turn with "
            f"no speaker, role 'other'): {shown}; speech below them without a new label goes on as the speaker before them")

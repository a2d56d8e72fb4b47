"""Who asks the questions: the interviewer of a transcript whose labels are names or generic speakers.

Oral histories and recorded interviews often label the speakers by name or initials
(``MSM:`` and ``Morris:`` in Mahoney's Unix oral histories) or as ``SPEAKER_00``; nothing in
the labels says who interviews. When no label, attribute or legend names an interviewer,
the speaker who ends most of their turns with a question mark is taken as the interviewer,
only with clear evidence:

- that speaker ends at least :data:`MIN_SHARE` of their turns, and at least
  :data:`MIN_QUESTIONS` turns, with a question (``?``, or a Spanish ``¿...``);
- every other speaker with at least :data:`MIN_QUESTIONS` turns asks in at most a third of
  that share, and in at most :data:`MAX_OTHER_SHARE` of their turns.

A note says so, with the counts, and how to say otherwise (``labels={"MSM": "interviewer"}``).

A hearing or a panel interview has several askers and one speaker who answers
(:func:`infer_panel`: ``Mr. RANKIN.``, ``Senator COOPER.``, ``Mr. DULLES.`` asking, ``Mrs. OSWALD.``
answering): every speaker who asks and is answered by that speaker is an interviewer, and so
is the presiding chair (``The CHAIRMAN``, ``Chairman Kanjorski``).

When the labels already make every other speaker a participant (codes such as ``P6``,
``Participant #37``) and one speaker is labelled by name or initials (``C:``), that speaker
is the interviewer when they have three turns or more and ask at least as often as the
participants do (transcripts that drop question marks still say who interviews by the
labels' kind).

Examples
--------
>>> spoken = [("A", "Where?"), ("B", "Here."), ("A", "When?"), ("B", "Now."), ("A", "Why?"), ("B", "Because.")]
>>> text = " ".join(words for _, words in spoken)
>>> raw = [dict(speaker=s, start=text.index(w), end=text.index(w) + len(w), kind="label") for s, w in spoken]
>>> infer_interviewer(text, raw, lambda label: None)[0]
'A'
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

from researchkit.transcripts import is_generic_speaker

MIN_SHARE, MIN_QUESTIONS, MAX_OTHER_SHARE = 0.4, 3, 0.2
_CLOSERS = " \t\n\"'”’»)]*_"


def asks_question(turn_text: str) -> bool:
    """Whether a passage ends with a question (``?``, quotes and brackets after it allowed) or opens with ``¿``.

    Examples
    --------
    >>> asks_question('And then? '), asks_question('He said "why?"'), asks_question("¿Y tú."), asks_question("No.")
    (True, True, True, False)
    """
    stripped = turn_text.rstrip(_CLOSERS)
    return stripped.endswith("?") or turn_text.lstrip().startswith("¿")


def infer_interviewer(text: str, raw: Sequence[dict], known_role: Callable[[str], str | None]) -> tuple[str, str] | None:
    """The label of the speaker who asks the questions, and the note; ``None`` without clear evidence.

    Parameters
    ----------
    text
        The canonical text.
    raw
        The assembler's turns (``speaker``, ``start``, ``end``, ``kind``).
    known_role
        The role a label map knows for a label (``None`` for names and generic speakers);
        nothing is inferred when any speaker is a known interviewer.
    """
    asked: dict[str, list[int]] = {}
    respondents: dict[str, list[int]] = {}  # speakers the labels already make respondents (``P6``, ``Participant #37``)
    for turn in raw:
        speaker = turn["speaker"]
        if turn.get("kind") == "moderator" or (speaker and known_role(speaker) == "interviewer"):
            return None
        role = known_role(speaker) if speaker else "other"
        if role not in (None, "respondent"):
            continue
        passage = text[turn["start"] : turn["end"]]
        if passage.strip():
            counts = (asked if role is None else respondents).setdefault(speaker, [0, 0])
            counts[0] += asks_question(passage)
            counts[1] += 1
    if len(asked) == 1:
        return _sole_other_speaker(asked, respondents)
    if len(asked) < 2:
        return None
    share = {speaker: questions / turns for speaker, (questions, turns) in asked.items()}
    asker = max(share, key=lambda speaker: (share[speaker], asked[speaker][0]))
    questions, turns = asked[asker]
    if share[asker] < MIN_SHARE or questions < MIN_QUESTIONS:
        return None
    others = [s for s in asked if s != asker and asked[s][1] >= MIN_QUESTIONS]
    if not others or any(share[s] > min(MAX_OTHER_SHARE, share[asker] / 3) for s in others):
        return None
    most = max(share[s] for s in others)
    note = (f"no label names the interviewer; {asker!r} ends {questions} of {turns} turns with a question, the other "
            f"speakers at most {most:.0%} of theirs, so {asker!r} is taken as the interviewer and the others as "
            f"respondents; pass labels={{{asker!r}: 'respondent'}} (or the right speaker as 'interviewer') if this is wrong")
    return asker, note


def _sole_other_speaker(asked: dict[str, list[int]], respondents: dict[str, list[int]]) -> tuple[str, str] | None:
    """The one speaker labelled by name or initials (``C``) among speakers the labels make participants (``P6``).

    Transcripts that code the participants and write the interviewer's initials (``C:`` and
    ``P6:``) say who interviews by the labels' kind. Taken only when that speaker has
    :data:`MIN_QUESTIONS` turns or more, the participants too, it is not a generic speaker
    (``Speaker 1``), and it ends its turns with a question at least as often as they do.
    """
    (speaker, (questions, turns)), = asked.items()
    theirs = [sum(c[0] for c in respondents.values()), sum(c[1] for c in respondents.values())]
    if is_generic_speaker(speaker) or turns < MIN_QUESTIONS or theirs[1] < MIN_QUESTIONS:
        return None
    if questions / turns < theirs[0] / theirs[1]:
        return None
    listed = ", ".join(repr(s) for s in sorted(respondents)[:5])
    note = (f"no label names the interviewer; {speaker!r} is the only speaker not labelled as a participant ({listed}) "
            f"and asks as often as they do ({questions} of {turns} turns end with a question, theirs {theirs[0]} of "
            f"{theirs[1]}), so {speaker!r} is taken as the interviewer; pass labels={{{speaker!r}: 'respondent'}} if this is wrong")
    return speaker, note


#: The presiding member of a hearing (``The CHAIRMAN``, ``The Chair``, ``Chairman Kanjorski``, ``Chairwoman WATERS``;
#: the Scottish Parliament's ``The Convener``):
#: on the asking side of a hearing whether or not their turns end with a question.
_PRESIDING_RE = re.compile(r"^(?:The )?(?:Vice |Deputy )?(?:Chair(?:man|woman|person)?|CHAIR(?:MAN|WOMAN|PERSON)?|Convener|CONVENER)\b",
                           re.IGNORECASE)
#: Share of an asker's turns the answering speaker must answer next (a question to the room is not to a witness).
MIN_ANSWERED = 2 / 3


def infer_panel(text: str, raw: Sequence[dict], known_role: Callable[[str], str | None]) -> tuple[tuple[str, ...], str] | None:
    """The askers of a hearing or panel interview (two or more) and the note; ``None`` without clear evidence.

    The speaker with the most turns is the one who answers: at least :data:`MIN_QUESTIONS` turns, at
    most :data:`MAX_OTHER_SHARE` of them ending with a question, and at least a third of all turns.
    An asker ends at least :data:`MIN_SHARE` of their turns with a question and is answered by that
    speaker right after at least :data:`MIN_ANSWERED` of their turns; there must be two askers or more,
    with :data:`MIN_QUESTIONS` questions between them. The presiding chair (``The CHAIRMAN``) is on
    their side. Any other speaker with :data:`MIN_QUESTIONS` turns or more must ask as rarely as the
    one who answers (a second witness), else nothing is inferred.

    Examples
    --------
    >>> spoken = [("The CHAIRMAN", "Proceed."), ("Mr. RANKIN", "Your name?"), ("Mrs. OSWALD", "Marina."),
    ...           ("Senator COOPER", "Born where?"), ("Mrs. OSWALD", "Russia."), ("Mr. RANKIN", "When?"),
    ...           ("Mrs. OSWALD", "In 1941."), ("Senator COOPER", "Which city?"), ("Mrs. OSWALD", "Severodvinsk.")]
    >>> text = " ".join(words for _, words in spoken)
    >>> raw = [dict(speaker=s, start=text.index(w), end=text.index(w) + len(w), kind="label") for s, w in spoken]
    >>> infer_panel(text, raw, lambda label: None)[0]
    ('Mr. RANKIN', 'Senator COOPER', 'The CHAIRMAN')
    """
    order: list[tuple[str, bool]] = []  # (speaker, asks) of each turn with text
    for turn in raw:
        speaker = turn["speaker"]
        if turn.get("kind") == "moderator" or (speaker and known_role(speaker) == "interviewer"):
            return None
        passage = text[turn["start"] : turn["end"]]
        if speaker and known_role(speaker) is None and passage.strip():
            order.append((speaker, asks_question(passage)))
    counts: dict[str, list[int]] = {}
    for speaker, asks in order:
        counts.setdefault(speaker, [0, 0])
        counts[speaker][0] += asks
        counts[speaker][1] += 1
    if len(counts) < 3:
        return None
    witness = max(counts, key=lambda s: counts[s][1])
    questions, turns = counts[witness]
    if turns < MIN_QUESTIONS or questions > MAX_OTHER_SHARE * turns or 3 * turns < len(order):
        return None
    answered: dict[str, int] = {}
    for (speaker, _), (following, _) in zip(order, order[1:]):
        answered[speaker] = answered.get(speaker, 0) + (following == witness)
    askers = sorted(s for s, (q, n) in counts.items() if s != witness and q >= 1 and q >= MIN_SHARE * n
                    and answered.get(s, 0) >= MIN_ANSWERED * n - (order[-1][0] == s))
    if len(askers) < 2 or sum(counts[s][0] for s in askers) < MIN_QUESTIONS:
        return None
    chairs = sorted(s for s in counts if s != witness and s not in askers and _PRESIDING_RE.match(s))
    for s, (q, n) in counts.items():
        if s != witness and s not in askers and s not in chairs and n >= MIN_QUESTIONS and q > MAX_OTHER_SHARE * n:
            return None
    panel = tuple(askers + chairs)
    shown = ", ".join(f"{s!r} ({counts[s][0]} of {counts[s][1]})" for s in askers)
    note = (f"no label names the interviewer; {witness!r} answers (ends {questions} of {turns} turns with a question) "
            f"and {len(askers)} speakers ask, {witness!r} answering them: {shown}, so they are taken as the "
            f"interviewers" + (f", with the chair {', '.join(map(repr, chairs))}" if chairs else "")
            + f", and the others as respondents; pass labels={{{askers[0]!r}: 'respondent'}} (or the right speakers "
            "as 'interviewer') if this is wrong")
    return panel, note


#: Share of a speaker's labelled paragraphs that must ask a question for that speaker to be seen asking.
MIN_LABELLED_SHARE = 0.25


def labelled_askers(spoken: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """The labels whose own labelled paragraphs ask the questions: the asking is labelled, not left to a moderator.

    A focus group whose moderator is not labelled writes the moderator's questions as paragraphs of
    their own between the participants' turns; a hearing's counsel, a podcast's hosts, an interviewer
    named by initials write the questions in their own labelled paragraphs and go on below them
    without a label (``**Counsel Inquiry**: Thank you.`` then ``Is that all correct?``). A label
    asks when at least :data:`MIN_QUESTIONS` of its paragraphs, and :data:`MIN_LABELLED_SHARE` of them,
    end with a question; a paragraph with nothing after the label (a label line) does not count.

    Parameters
    ----------
    spoken
        ``(label, speech after the label)`` for each labelled paragraph, in order.

    Examples
    --------
    >>> labelled_askers([("CC", "Were you there?"), ("NL", "Yes."), ("CC", "When?"), ("NL", "May."),
    ...                  ("CC", "Why?"), ("NL", "Work."), ("CC", "Thanks.")])
    ('CC',)
    >>> labelled_askers([("P1", "I liked it."), ("P2", "Me too."), ("P1", "Did you?")])
    ()
    """
    counts: dict[str, list[int]] = {}
    for label, speech in spoken:
        if speech.strip():
            count = counts.setdefault(label, [0, 0])
            count[0] += asks_question(speech)
            count[1] += 1
    return tuple(sorted(label for label, (asked, total) in counts.items()
                        if asked >= MIN_QUESTIONS and asked >= MIN_LABELLED_SHARE * total))

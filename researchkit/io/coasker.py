"""A second moderator in a focus group whose labels name nobody's role: the other speaker the room answers.

Focus groups are often run by two people, and a transcription tool's labels (``SPEAKER_01``, ``SPEAKER_02``) say
nothing of it. The "who asks" rule (:func:`researchkit.io.questions.infer_interviewer`) finds the speaker who ends
most turns with a question; the second moderator, who opens the session, echoes the answers (``Muchos eventos.``),
thanks and asks the next participant, ends far fewer turns so and stayed a respondent (a team's own Whisper JSON of a
Colombian university's focus group: jufragarcaCUN/FocusGroupFebrero-12).

A speaker other than the first asker is a second interviewer only with all of this evidence:

- the transcript has at least :data:`MIN_SPEAKERS` speakers (a group, not an interview);
- the speaker puts a question (``?``, or a Spanish ``¿``, anywhere in the turn) in at least :data:`MIN_ASKED` turns,
  and none of those is answered by the first asker: the turns right after them are the participants';
- the speaker is the hub of the talk: the most turns of everyone but the first asker, at least
  :data:`HUB_FACTOR` times as many as any of the others, and the turns right after theirs come from at least
  :data:`MIN_ANSWERERS` different speakers besides the first asker (the room answers them).

A respondent who asks once, or a participant answered by the moderator, is not one; a note says why the speaker was
taken and how to say otherwise.

Examples
--------
>>> spoken = [("C", "Welcome. A word each? Ann first."), ("A", "Fun."), ("C", "Fun, yes."), ("B", "Work."), ("C", "Work."),
...           ("D", "Home."), ("M", "Why home?"), ("D", "Quiet."), ("C", "Quiet. Any word? Go on."), ("A", "Sleep."),
...           ("C", "Sleep, ok."), ("B", "Late."), ("M", "Late?"), ("B", "Yes."), ("M", "Why?"), ("A", "Trains."),
...           ("C", "Trains, right."), ("D", "Yes.")]
>>> text = " ".join(w for _, w in spoken)
>>> pos, raw = 0, []
>>> for s, w in spoken:
...     raw.append(dict(speaker=s, start=text.index(w, pos), end=text.index(w, pos) + len(w), kind="label"))
...     pos = raw[-1]["end"]
>>> second_asker(text, raw, lambda label: None, "M")[0]
'C'
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Sequence

__all__ = ["second_asker", "MIN_SPEAKERS", "MIN_ASKED", "HUB_FACTOR", "MIN_ANSWERERS"]

#: Speakers a transcript needs (two moderators and at least two participants).
MIN_SPEAKERS = 4
#: Turns with a question the second moderator needs, every one answered by a participant.
MIN_ASKED = 2
#: How many times the turns of any other speaker (the first asker aside) the second moderator has at least.
HUB_FACTOR = 2
#: Different speakers (the first asker aside) who speak right after the second moderator.
MIN_ANSWERERS = 3


def _puts_question(passage: str) -> bool:
    """A question anywhere in the turn: ``?`` or ``¿``."""
    return "?" in passage or "¿" in passage


def second_asker(text: str, raw: Sequence[dict], known_role: Callable[[str], str | None], first: str
                 ) -> tuple[str, str] | None:
    """The second interviewer of a focus group beside ``first`` (the speaker who asks), and the note; else ``None``.

    Parameters
    ----------
    text
        The canonical text.
    raw
        The assembler's turns (``speaker``, ``start``, ``end``).
    known_role
        The role a label map knows for a label; only speakers it knows nothing of can be taken.
    first
        The interviewer :func:`researchkit.io.questions.infer_interviewer` found.
    """
    spoken = [(turn["speaker"], text[turn["start"] : turn["end"]]) for turn in raw
              if turn["speaker"] and text[turn["start"] : turn["end"]].strip()]
    speakers = Counter(speaker for speaker, _ in spoken)
    if len(speakers) < MIN_SPEAKERS:
        return None
    rest = [(s, n) for s, n in speakers.most_common() if s != first]
    hub, turns = rest[0]
    if known_role(hub) is not None or turns < HUB_FACTOR * rest[1][1]:
        return None
    after = [spoken[i + 1][0] for i in range(len(spoken) - 1) if spoken[i][0] == hub]
    answerers = {s for s in after if s not in (hub, first)}
    asked = [i for i in range(len(spoken) - 1) if spoken[i][0] == hub and _puts_question(spoken[i][1])]
    if len(answerers) < MIN_ANSWERERS or len(asked) < MIN_ASKED or any(spoken[i + 1][0] == first for i in asked):
        return None
    note = (f"{hub!r} is taken as a second interviewer beside {first!r}: {hub!r} has {turns} turns, at least "
            f"{HUB_FACTOR} times as many as any other speaker but {first!r}, {len(answerers)} different speakers answer "
            f"them, and {len(asked)} turns with a question are answered by the participants, none by {first!r}; pass "
            f"labels={{{hub!r}: 'respondent'}} if this is wrong")
    return hub, note

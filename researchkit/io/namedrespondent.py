"""The interviewer of a two-person interview whose form names the respondent: the other speaker.

An interview's form or header often names only the person interviewed (``Naam geïnterviewde: Nina``,
``Respondent: Anna de Vries``, ``Pseudoniem geïnterviewde``; :func:`researchkit.io.interviewers.person_names`) and the
labels are first names (``Sari:``, ``Nina:``). When no attribute names the interviewer and exactly two speakers have
labels of no known role, one of which names the respondent (:func:`researchkit.personnames.matching_names`) and the
other names nobody in the attributes, that other speaker is the interviewer; a note says so.

Examples
--------
>>> raw = [{"speaker": "Sari"}, {"speaker": "Nina"}, {"speaker": "Sari"}]
>>> interviewer_beside_respondent(raw, lambda label: None, ("Nina",))[0]
'Sari'
>>> interviewer_beside_respondent(raw, lambda label: None, ("Eva",)) is None
True
"""

from __future__ import annotations

from typing import Callable, Sequence

from researchkit.personnames import matching_names

__all__ = ["interviewer_beside_respondent"]


def interviewer_beside_respondent(raw: Sequence[dict], known_role: Callable[[str], str | None], named: Sequence[str]
                                  ) -> tuple[str, str] | None:
    """The speaker who is not the respondent the attributes name, in a file of two such speakers, and the note.

    Parameters
    ----------
    raw
        The assembler's turns (``speaker``).
    known_role
        The role a label map knows for a label: nothing is inferred when a speaker has one.
    named
        The respondents the attributes name (:func:`researchkit.io.interviewers.person_names`).
    """
    if not named:
        return None
    speakers = list(dict.fromkeys(t["speaker"] for t in raw if t.get("speaker")))
    if len(speakers) != 2 or any(known_role(s) is not None for s in speakers):
        return None
    matches = {s: matching_names(s, named) for s in speakers}
    respondents = [s for s in speakers if matches[s]]
    if len(respondents) != 1:
        return None
    respondent = respondents[0]
    interviewer = next(s for s in speakers if s != respondent)
    note = (f"no label names the interviewer; the attributes name the respondent {matches[respondent][0]!r}, whom "
            f"{respondent!r} labels, so the other speaker, {interviewer!r}, is taken as the interviewer; pass "
            f"labels={{{interviewer!r}: 'respondent'}} if this is wrong")
    return interviewer, note

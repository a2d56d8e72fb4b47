"""Hearings and panel interviews: several speakers ask, one answers.

The Warren Commission's printed testimony (Hearings, vol. 1; the GPO text of Mrs. Lee Harvey Oswald's
testimony is quoted in the stored index) opens each turn with ``The CHAIRMAN.``, ``Mr. RANKIN.``,
``Senator COOPER.``, ``Mr. DULLES.``: the general counsel and the members ask, the witness answers.
Before, only the speaker with the most questions (``Mr. RANKIN``) was the interviewer and the
members who asked, and the chair, were read as respondents beside the witness.
"""

from __future__ import annotations

from pathlib import Path

from researchkit.io import read_transcript

HEARING = (
    "    TESTIMONY OF MRS. LEE HARVEY OSWALD\n\n"
    "    The CHAIRMAN. Mrs. Oswald, the Commission is now ready to receive your testimony.\n"
    "    Mr. RANKIN. Mrs. Oswald, would you please state your full name for the Commission?\n"
    "    Mrs. OSWALD. Marina Nicolaevna Oswald.\n"
    "    Mr. RANKIN. And where do you reside?\n"
    "    Mrs. OSWALD. At the present time in Dallas.\n"
    "    Senator COOPER. Did you speak with anyone about the trip before you left?\n"
    "    Mrs. OSWALD. No, I did not tell anybody.\n"
    "    Mr. RANKIN. Were you born in Russia?\n"
    "    Mrs. OSWALD. Yes.\n"
    "    Mr. DULLES. Had he spoken of that place before?\n"
    "    Mrs. OSWALD. Only once, when we lived in Minsk.\n"
    "    Senator COOPER. When was that?\n"
    "    Mrs. OSWALD. In the spring of 1962.\n"
    "    The CHAIRMAN. Thank you. We will recess for a few minutes.\n"
)


def test_every_member_who_asks_and_the_chair_are_interviewers_and_the_witness_answers(tmp_path: Path) -> None:
    path = tmp_path / "oswald.txt"
    path.write_text(HEARING, encoding="utf-8")
    t = read_transcript(path)
    roles = {x.speaker: x.role for x in t.turns if x.speaker}
    assert roles == {"The CHAIRMAN": "interviewer", "Mr. RANKIN": "interviewer", "Senator COOPER": "interviewer",
                     "Mr. DULLES": "interviewer", "Mrs. OSWALD": "respondent"}
    assert [t.turn_text(x) for x in t.turns][10:12] == ["Had he spoken of that place before?",
                                                        "Only once, when we lived in Minsk."]
    assert any("'Mrs. OSWALD' answers" in n and "with the chair 'The CHAIRMAN'" in n for n in t.notes)
    # the user's map still wins
    mapped = read_transcript(path, labels={"Mr. DULLES": "other"})
    assert {x.speaker: x.role for x in mapped.turns if x.speaker}["Mr. DULLES"] == "other"


def test_two_named_interviewers_and_one_narrator(tmp_path: Path) -> None:
    path = tmp_path / "oral.txt"
    path.write_text("Anna: Where were you born?\nCarla: In Leeds.\nBert: And your parents?\nCarla: Also from Leeds.\n"
                    "Anna: When did you move?\nCarla: In 1970, for work.\nBert: Why then?\nCarla: The mill closed.\n",
                    encoding="utf-8")
    assert [(x.speaker, x.role) for x in read_transcript(path).turns] == [
        ("Anna", "interviewer"), ("Carla", "respondent"), ("Bert", "interviewer"), ("Carla", "respondent")] * 2


def test_a_participant_asking_the_room_once_is_no_second_interviewer(tmp_path: Path) -> None:
    """A focus group: the moderator asks, participants answer, one of them asks the others once."""
    path = tmp_path / "groep.txt"
    path.write_text("Mod: What do you think of the plan?\nAnna: It is fine.\nBert: Too expensive.\nAnna: Not for me.\n"
                    "Carla: Did anyone read it?\nBert: I did.\nAnna: Me too.\nMod: And the costs?\nBert: Too high.\n"
                    "Carla: I agree.\n",
                    encoding="utf-8")
    roles = {x.speaker: x.role for x in read_transcript(path).turns}
    assert roles == {"Mod": "interviewer", "Anna": "respondent", "Bert": "respondent", "Carla": "respondent"}

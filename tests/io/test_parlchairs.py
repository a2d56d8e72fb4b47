"""The chair of a parliamentary record (io/parlchairs.py): its offices as printed, the person named in the chair,
and plain-text records of hearings and sittings read with the chair presiding (an interviewer)."""

from __future__ import annotations

import pytest

from researchkit.io import read_transcript
from researchkit.io.parlchairs import chair_askers, in_the_chair, is_chair_office, person_key


def roles(t):
    return [(turn.speaker, turn.role) for turn in t.turns if turn.speaker]


@pytest.mark.parametrize("label", ["The CHAIRMAN", "The Chair", "The PRESIDENT", "The ACTING DEPUTY PRESIDENT", "Mr Speaker",
                                   "Madam Deputy Speaker", "The Chairman of Ways and Means", "Chairman Kanjorski",
                                   "M. le président", "Mme la présidente Yaël Braun-Pivet", "Le Président", "La présidente",
                                   "The Chair (Mr. John Williamson (New Brunswick Southwest, CPC))", "The Convener",
                                   "Chair", "Chairman"])
def test_the_chairs_offices_are_recognised(label):
    assert is_chair_office(label)


@pytest.mark.parametrize("label", ["Mr. RANKIN", "Mrs. OSWALD", "The CLERK", "Senator COLSTON", "President Lincoln",
                                   "M. Gérard Collomb", "Interviewer", "Speaker", "Speaker 1", "The Speakers",
                                   "Chairman Smith Jones"])
def test_other_labels_are_no_chair(label):
    assert not is_chair_office(label)


def test_the_person_in_the_chair_and_the_name_without_honorifics():
    assert in_the_chair("[Mr. Joe Benton in the Chair]\n— Death Penalty") == ["Mr. Joe Benton"]
    assert in_the_chair("PRAYERS - [Madam Deputy Speaker in the Chair]") == ["Madam Deputy Speaker"]
    assert person_key("Sir Roger Gale") == person_key("Roger Gale") == person_key("ROGER  GALE")
    assert person_key("Baroness Fookes") == "baroness fookes"


def test_chair_askers_leaves_a_label_the_users_map_knows():
    assert chair_askers({"The CHAIRMAN", "Mr. RANKIN"}, {"The CHAIRMAN": "other"}.get) == frozenset()
    assert chair_askers({"The CHAIRMAN", "Mr. RANKIN"}, {}.get) == {"The CHAIRMAN"}


HEARING = """The CHAIRMAN. The committee will come to order. Mr. Rankin, please begin.

Mr. RANKIN. Would you state your name?

Mrs. OSWALD. Marina Nicolaevna Oswald.

The CHAIRMAN. Thank you. Proceed.

Mr. RANKIN. Where do you live?

Mrs. OSWALD. In Dallas.
"""

SENATE = """The PRESIDENT —Order! Senator Colston has the call.

Senator COLSTON(7.46) —I am speaking tonight on the bill.

The PRESIDENT —The question is that the bill be read.

Senator COLSTON(7.50) —I agree.
"""

ASSEMBLEE = """Mme la présidente Yaël Braun-Pivet. Mes chers collègues, nous recevons M. Collomb.

M. Gérard Collomb, ministre de l'intérieur. Je vous remercie.

Mme la présidente Yaël Braun-Pivet. La parole est au ministre.

M. Gérard Collomb. Je réponds.
"""


EVIDENCE = """Chair: Good morning. Welcome to the Committee.

Robert Halfon: Thank you.

Ian Mearns: And then?

Robert Halfon: Yes.

Chair: Mr Mearns again.

Ian Mearns: One more question.
"""


@pytest.mark.parametrize("text, expected", [
    (EVIDENCE, [("Chair", "interviewer"), ("Robert Halfon", "respondent"), ("Ian Mearns", "respondent")]),
    (HEARING, [("The CHAIRMAN", "interviewer"), ("Mr. RANKIN", "respondent"), ("Mrs. OSWALD", "respondent")]),
    (SENATE, [("The PRESIDENT", "interviewer"), ("Senator COLSTON", "respondent")]),
    (ASSEMBLEE, [("Mme la présidente Yaël Braun-Pivet", "interviewer"), ("M. Gérard Collomb", "respondent")]),
])
def test_a_plain_text_record_the_chair_presides_and_the_others_answer(tmp_path, text, expected):
    path = tmp_path / "record.txt"
    path.write_text(text, encoding="utf-8")
    t = read_transcript(path)
    assert sorted(set(roles(t)), key=roles(t).index) == expected


def test_the_chair_presides_only_in_a_record_whose_labels_name_no_interviewer(tmp_path):
    record, interview = tmp_path / "record.txt", tmp_path / "interview.txt"
    record.write_text(HEARING, encoding="utf-8")
    interview.write_text("Interviewer: Who chaired it?\n\nThe Chair: I did.\n\nInterviewer: And then?\n\nThe Chair: We voted.\n",
                         encoding="utf-8")
    assert dict(roles(read_transcript(record)))["The CHAIRMAN"] == "interviewer"
    assert sorted(set(roles(read_transcript(interview)))) == [("Interviewer", "interviewer"), ("The Chair", "respondent")]
    assert dict(roles(read_transcript(record, labels={"The CHAIRMAN": "other"})))["The CHAIRMAN"] == "other"


def test_a_bare_chair_label_between_two_speakers_is_no_chair(tmp_path):
    """An interview of an association's chairman by a researcher labelled by name: no one presides."""
    path = tmp_path / "interview.txt"
    path.write_text("Anna: How long have you led the association?\n\nChairman: Twelve years now.\n\n"
                    "Anna: And the port?\n\nChairman: It changed a lot.\n", encoding="utf-8")
    assert "interviewer" not in dict(roles(read_transcript(path))).values()


"""A role word used once is a label, not a parse error the quality flag "label(s) used once" should raise.

A short interview or a focus group where the interviewer opens with one question and the
participants talk among themselves (``Interviewster:``, French ``Enquêtrice :`` with the space
before the colon French typography puts there, Spanish ``Entrevistadora:``) was flagged as if the
role word were a one-off sentence opener. The reader notes such labels
(:data:`researchkit.transcripts.ROLE_WORD_ONCE_NOTE`) and the flag leaves them out; a name used
once is still flagged.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from researchkit.io import read_corpus, read_transcript
from researchkit.transcripts import ROLE_WORD_ONCE_NOTE, quality_flags

TALK = ["Anna: Het begon in de zomer.", "Piet: Ja, toen al.", "Anna: En daarna ook.", "Piet: Inderdaad zo.",
        "Anna: Goed.", "Piet: Klopt."]


@pytest.mark.parametrize("opener", ["Interviewster: Hoe begon het?", "Enquêtrice : Comment ça a commencé ?",
                                    "Entrevistadora: ¿Cómo empezó?"])
def test_a_role_word_used_once_is_noted_and_not_flagged(tmp_path: Path, opener: str) -> None:
    path = tmp_path / "groep.txt"
    path.write_text("\n".join([opener, *TALK]) + "\n", encoding="utf-8")
    t = read_transcript(path)
    label = opener.split(":")[0].strip()
    assert [(x.speaker, x.role) for x in t.turns][0] == (label, "interviewer")
    assert t.notes == (f"{ROLE_WORD_ONCE_NOTE}: {label!r} (line 1)",)
    assert not any("used once" in flag for flag in quality_flags(t))
    assert "used once" not in read_corpus(tmp_path).quality.loc["groep", "flags"]


def test_a_role_word_with_a_qualifier_is_a_role_word_and_a_name_used_once_is_still_flagged(tmp_path: Path) -> None:
    path = tmp_path / "groep.txt"
    path.write_text("\n".join(["Interviewer (Host): Welkom.", *TALK, "Jan Smit: Ik ook."]) + "\n", encoding="utf-8")
    t = read_transcript(path)
    assert f"{ROLE_WORD_ONCE_NOTE}: 'Interviewer (Host)' (line 1)" in t.notes
    assert quality_flags(t) == ["label(s) used once, not taken as speakers: 'Jan Smit' (line 8)"]


def test_a_role_word_used_twice_or_in_a_short_file_gets_no_note(tmp_path: Path) -> None:
    path = tmp_path / "kort.txt"
    path.write_text("Interviewster: Hoe begon het?\nAnna: In de zomer.\nPiet: Ja.\n", encoding="utf-8")
    assert read_transcript(path).notes == ()
    path.write_text("\n".join(["Interviewster: Hoe begon het?", *TALK, "Interviewster: Dank u."]) + "\n", encoding="utf-8")
    assert read_transcript(path).notes == ()


def test_a_role_word_after_a_name_gives_the_role(tmp_path):
    """``Sandra Salinas, Entrevistadora:`` (a Spanish interview a sweep found; the index did not name its
    repository) and ``Jane Doe, Interviewer:``: the name is the speaker, the role word after the comma
    its role. Before, both sides were ``other``; a name with a non-role word (``Pescador``) is a respondent."""
    from researchkit import read_transcript

    path = tmp_path / "entrevista.txt"
    path.write_text("Sandra Salinas, Entrevistadora: ¿Cuánto tiempo lleva en el puerto?\n"
                    "Pedro Gómez, Pescador: Unos veinte años.\n"
                    "Sandra Salinas, Entrevistadora: ¿Y ha notado cambios?\n"
                    "Pedro Gómez, Pescador: Sí, muchos.\n", encoding="utf-8")
    t = read_transcript(path)
    assert [(x.speaker, x.role) for x in t.turns][:2] == [("Sandra Salinas, Entrevistadora", "interviewer"),
                                                          ("Pedro Gómez, Pescador", "respondent")]
    path = tmp_path / "interview.txt"
    path.write_text("Jane Doe, Interviewer: How long?\nJohn Smith, Respondent: Twenty years.\n"
                    "Jane Doe, Interviewer: And now?\nJohn Smith, Respondent: Retired.\n", encoding="utf-8")
    assert {x.speaker: x.role for x in read_transcript(path).turns} == {
        "Jane Doe, Interviewer": "interviewer", "John Smith, Respondent": "respondent"}

"""A name written with its role word is a label, used once or often, whatever the separator.

Interview write-ups name each speaker with a role: ``Sandra Salinas, Entrevistadora:`` (a Spanish
interview a sweep found), ``Jan de Vries – interviewer:``, ``INTERVIEWER - Jane Doe:``, ``Jane Doe
(interviewer):``, and a language-course dialogue in the stored index writes ``A (interviewer): Hello.``
then ``A:`` and ``B (applicant):`` then ``B:``. Before, the dash form was no label at all (the dash
is no name word), the others had role ``other`` or lost the role after the first turn, and the
name+role label used once was flagged by the quality rule "label(s) used once".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from researchkit.io import read_corpus, read_transcript
from researchkit.io.roles import LabelMap, name_and_role
from researchkit.transcripts import ROLE_WORD_ONCE_NOTE, quality_flags


def _roles(path: Path) -> list[tuple[str, str, str]]:
    t = read_transcript(path)
    return [(x.speaker, x.role, t.text[x.start : x.end]) for x in t.turns]


@pytest.mark.parametrize(("asker", "answerer"), [
    ("Jan de Vries – interviewer", "Piet Jansen – respondent"),
    ("Jan de Vries — Interviewer", "Piet Jansen — Geïnterviewde"),
    ("INTERVIEWER - Jane Doe", "PARTICIPANT - John Roe"),
    ("Jane Doe (interviewer)", "John Roe (participant)"),
    ("Sandra Salinas, Entrevistadora", "Pedro Gómez, Entrevistado"),
])
def test_a_name_and_a_role_word_give_the_role_with_any_separator(tmp_path: Path, asker: str, answerer: str) -> None:
    path = tmp_path / "R01.txt"
    path.write_text(f"{asker}: Hoe gaat het?\n{answerer}: Goed.\n{asker}: Mooi zo.\n{answerer}: Ja.\n", encoding="utf-8")
    assert _roles(path) == [(asker, "interviewer", "Hoe gaat het?"), (answerer, "respondent", "Goed."),
                            (asker, "interviewer", "Mooi zo."), (answerer, "respondent", "Ja.")]


@pytest.mark.parametrize("opener", ["Sandra Salinas, Entrevistadora", "Jan de Vries – interviewer",
                                    "INTERVIEWER - Jane Doe", "Jane Doe (interviewer)"])
def test_a_name_and_role_label_used_once_is_a_speaker_and_not_flagged(tmp_path: Path, opener: str) -> None:
    path = tmp_path / "groep.txt"
    talk = ["Anna: En Lima.", "Pedro: Yo también.", "Anna: Y mis padres.", "Pedro: Sí.", "Anna: Bueno.", "Pedro: Vale."]
    path.write_text("\n".join([f"{opener}: Buenos días. ¿Dónde nació usted?", *talk]) + "\n", encoding="utf-8")
    t = read_transcript(path)
    assert (t.turns[0].speaker, t.turns[0].role, t.turn_text(t.turns[0])) == (opener, "interviewer",
                                                                               "Buenos días. ¿Dónde nació usted?")
    assert [x.speaker for x in t.turns[1:]] == ["Anna", "Pedro"] * 3
    assert f"{ROLE_WORD_ONCE_NOTE}: {opener!r} (line 1)" in t.notes
    assert not any("used once" in flag for flag in quality_flags(t))
    assert "used once" not in read_corpus(tmp_path).quality.loc["groep", "flags"]


def test_a_role_written_on_the_first_turn_holds_for_the_name_alone_after(tmp_path: Path) -> None:
    path = tmp_path / "dialogue.txt"
    path.write_text("A (interviewer): Hello. Please introduce yourself.\nB (applicant): Hello. My name is Sarah.\n"
                    "A: Tell me why you applied to our company.\nB: I want to work with responsibility.\n"
                    "A: Good. Are night shifts okay?\nB: Yes, they are.\n", encoding="utf-8")
    t = read_transcript(path)
    assert [(x.speaker, x.role) for x in t.turns] == [("A", "interviewer"), ("B", "respondent")] * 3
    assert any("'A' as interviewer (line 1)" in n for n in t.notes)
    path.write_text("Sandra Salinas, Entrevistadora: ¿Cuánto tiempo lleva en el puerto?\n"
                    "Pedro Gómez, Pescador: Treinta años.\nSandra Salinas: Ya veo.\nPedro Gómez: Muchos.\n"
                    "Sandra Salinas: Bien.\nPedro Gómez: El agua.\n", encoding="utf-8")
    rows = _roles(path)
    assert [(s, r) for s, r, _ in rows] == [("Sandra Salinas", "interviewer"), ("Pedro Gómez", "respondent")] * 3
    assert rows[1][2] == "Treinta años."  # the description once does not hide the turn in the question above
    assert read_transcript(path, labels={"Sandra Salinas": "respondent"}).turns[0].role == "respondent"  # yours wins


def test_name_and_role_reads_only_role_words_beside_a_name() -> None:
    assert name_and_role("Jan de Vries – interviewer") == ("Jan de Vries", "interviewer")
    assert name_and_role("Pedro Gómez, Pescador") is None
    assert name_and_role("Yes, I") is None  # one-letter codes are never read beside a name
    assert name_and_role("Interviewer - Respondent") is None  # two role words: no name
    assert LabelMap({"Jane Doe": "respondent"}).known("Jane Doe (interviewer)") == "respondent"

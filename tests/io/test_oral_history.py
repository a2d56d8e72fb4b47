"""Oral history transcripts: title blocks, full names the first time, surnames after."""

from researchkit import read_transcript
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.metadata import credited_interviewer

CHM_STYLE = """An interview with
CLEVE MOLER
Conducted by Thomas Haigh
On
8 and 9 March, 2004
Santa Barbara, California

THOMAS HAIGH: This is an oral history interview for the SIAM history project.
So, to begin with I wonder if you could say a little about your family.
CLEVE MOLER: I was born and raised primarily in Utah.
HAIGH: Were you an outstanding student?
MOLER: Pretty much everything.
HAIGH: And was that the first time you'd seen a computer?
MOLER: Yes.
[End of Tape 1, Side A] [Start of Tape 2, Side B]
HAIGH: Right.
"""


def _paras(*texts):
    return [RawParagraph(t, f"line {i}") for i, t in enumerate(texts, 1)]


def test_full_name_first_then_surname_is_one_speaker(tmp_path):
    path = tmp_path / "moler.txt"
    path.write_text(CHM_STYLE, encoding="utf-8")
    t = read_transcript(path)
    speakers = [x.speaker for x in t.turns]
    assert speakers == ["", "HAIGH", "MOLER", "HAIGH", "MOLER", "HAIGH", "MOLER", "HAIGH"]
    assert t.turn_text(t.turns[1]).startswith("This is an oral history interview")
    assert t.turn_text(t.turns[0]).endswith("Santa Barbara, California")
    assert {x.speaker: x.role for x in t.turns if x.speaker} == {"HAIGH": "interviewer", "MOLER": "respondent"}
    assert t.attributes["interviewer"] == "Thomas Haigh"
    assert any("'THOMAS HAIGH' (line 8) as 'HAIGH'" in n for n in t.notes)
    assert "[End of Tape 1, Side A]" in t.turn_text(t.turns[6])
    for turn in t.turns:
        assert t.text[turn.start:turn.end] == t.turn_text(turn)
    assert t.text == "\n".join(line for line in CHM_STYLE.splitlines() if line)


def test_full_name_needs_the_surname_label_used_twice():
    t = assemble("d", _paras("THOMAS HAIGH: Hello.", "MOLER: Hi.", "MOLER: Yes.", "HAIGH: Once."))
    assert [x.speaker for x in t.turns] == ["", "MOLER", "MOLER"]


def test_a_sentence_ending_in_a_label_word_is_not_an_alias():
    t = assemble("d", _paras("I: Wat zag u?", "R: Kijk, dat weet ik niet.", "Zo Kijk: toen.", "I: En?", "R: Niets."))
    assert [x.speaker for x in t.turns] == ["I", "R", "I", "R"]


def test_credited_interviewer_needs_a_name():
    assert credited_interviewer(["Interview conducted by Jan de Vries"]) == "Jan de Vries"
    assert credited_interviewer(["Interviewed by: Mary Smith."]) == "Mary Smith"
    assert credited_interviewer(["Conducted by the Society for Industrial and Applied Mathematics, as part of"]) is None
    assert credited_interviewer(["It was conducted by Mary Smith"]) is None


def test_title_block_credit_does_not_override_an_interviewer_attribute():
    t = assemble("d", _paras("Conducted by Thomas Haigh", "HAIGH: Hi.", "MOLER: Hi.", "HAIGH: So.", "MOLER: Yes."),
                 attributes={"interviewer": "Moler"})
    assert {x.speaker: x.role for x in t.turns if x.speaker} == {"HAIGH": "respondent", "MOLER": "interviewer"}


def test_q_and_a_with_a_period_are_labels(tmp_path):
    path = tmp_path / "qa.txt"
    path.write_text("Q. Where were you born?\nA. In Leeds, in 1931.\nQ. And your father?\nA. He was a miner.\n", encoding="utf-8")
    t = read_transcript(path)
    assert [(x.speaker, x.role, t.turn_text(x)) for x in t.turns] == [
        ("Q", "interviewer", "Where were you born?"), ("A", "respondent", "In Leeds, in 1931."),
        ("Q", "interviewer", "And your father?"), ("A", "respondent", "He was a miner."),
    ]


def test_an_initial_a_is_not_a_label_without_q_and_a_twice():
    t = assemble("d", _paras("I: Wie schreef dat?", "R: A. Smith schreef het.", "A. Smith was er ook.", "I: En?", "R: Niets."))
    assert [x.speaker for x in t.turns] == ["I", "R", "I", "R"]
    assert t.turn_text(t.turns[1]) == "A. Smith schreef het.\nA. Smith was er ook."

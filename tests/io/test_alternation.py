"""Question/answer alternation in files without labels (``io/alternation.py``): an answer cut over two cues."""

from __future__ import annotations

from pathlib import Path

from researchkit.io import read_transcript
from researchkit.io.alternation import alternation_roles, continues_sentence

# An oral-history subtitle file without speakers: one utterance a cue; the first answer takes three cues, cut
# mid-sentence after cue 2 (the rhythm of the positions comes back with cue 4).
CUES = [
    "Waar bent u geboren?",
    "In Utrecht, in de Twijnstraat, en mijn",
    "broers ook, alle drie.",
    "Dat was in 1931.",
    "Wat deed uw vader?",
    "Hij was timmerman.",
    "En uw moeder?",
    "Zij werkte thuis.",
    "Hoe lang woonde u daar?",
    "Tot de oorlog.",
    "Waarom vertrok u?",
    "Om het werk.",
]


def _srt(tmp_path: Path, cues: list[str]) -> Path:
    blocks = [f"{i}\n00:00:{2 * i:02d},000 --> 00:00:{2 * i + 1:02d},500\n{text}\n" for i, text in enumerate(cues, 1)]
    path = tmp_path / "mondeling.srt"
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path


def test_cue_that_continues_the_answer_stays_with_the_respondent(tmp_path):
    t = read_transcript(_srt(tmp_path, CUES))
    roles = [turn.role for turn in t.turns]
    assert len(t.turns) == len(CUES)
    assert roles[:4] == ["interviewer", "respondent", "respondent", "respondent"]
    assert t.text[t.turns[2].start : t.turns[2].end] == "broers ook, alle drie."
    # cue 5 on: questions on the interviewer's side (the rhythm is taken from the positions, as before)
    assert [turn.role for turn in t.turns[4:]] == ["interviewer", "respondent"] * 4
    note = next(n for n in t.notes if "alternate question and answer" in n)
    assert "1 paragraph(s) that continue the sentence above" in note and "cue 3" in note


def test_sentence_end_or_capital_start_keeps_the_position():
    texts = ["Where?", "Here.", "what else?", "Not much", "Why?", "So", "Who?", "Me.", "How?", "well, so."]
    roles = alternation_roles(texts)
    # "what else?" follows a sentence end: it keeps its question position; "Why?" after "Not much" starts with a
    # capital; "well, so." follows a question's sentence end
    assert roles == ["interviewer", "respondent"] * 5
    assert continues_sentence("ik ging -", "naar huis")
    assert not continues_sentence("Dat was het.", "en toen?")
    assert not continues_sentence("En toen", "(lacht) ja")


def test_no_continuation_no_change_in_the_note(tmp_path):
    cues = [c if i != 2 else "Broers ook, alle drie." for i, c in enumerate(CUES)]
    t = read_transcript(_srt(tmp_path, cues))
    assert t.turns[2].role == "interviewer"  # a capital after "en mijn": not read as the same sentence, position kept
    assert not any("continue the sentence" in n for n in t.notes)

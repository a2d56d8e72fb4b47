"""A focus group's first line naming the group and its number of participants (``io/groupheader.py``)."""

from __future__ import annotations


import docx
import pytest

from researchkit.io import read_transcript
from researchkit.io.groupheader import group_header

BODY = ("Question 1. Where do you like to eat out?\n"
        "Ann: The market hall, mostly.\n"
        "Bo: Anywhere cheap.\n"
        "Moderator: And why there?\n"
        "Ann: The food is fresh.\n")


@pytest.mark.parametrize("line, expected", [
    ("18-29 (5 participants)", ("18-29", 5)),
    ("Groep B – 6 deelnemers", ("Groep B", 6)),
    ("Gruppe 2: 7 Teilnehmende", ("Gruppe 2", 7)),
    ("Groupe 1 (8 participantes)", ("Groupe 1", 8)),
    ("Grupo focal 3, 6 participantes", ("Grupo focal 3", 6)),
    ("4 participants", ("", 4)),
    ("**Focus group 2 (6 participants)**", ("Focus group 2", 6)),
    ("We were 5 participants.", None),
    ("Moderator: 5 participants", None),
    ("18-29 (5 participants) and two observers", None),
    ("Room 4 (3 chairs)", None),
])
def test_group_header_forms(line, expected):
    assert group_header(line) == expected


def test_first_line_gives_attributes_and_is_no_turn(tmp_path):
    path = tmp_path / "fg1.txt"
    path.write_text("40-49 (6 participants)\n\n" + BODY, encoding="utf-8")
    t = read_transcript(path)
    assert t.attributes["n_participants"] == 6 and t.attributes["group"] == "40-49"
    assert t.text.startswith("40-49 (6 participants)\n")  # the line stays in the text
    assert [t.text[a:b] for a, b in t.furniture] == ["40-49 (6 participants)"]
    assert t.text[t.turns[0].start : t.turns[0].end] == "Question 1. Where do you like to eat out?"
    assert any("names the group and its number of participants" in n for n in t.notes)


def test_word_file_and_metadata_wins(tmp_path):
    document = docx.Document()
    for text in ["Groep A (7 deelnemers)", *BODY.splitlines()]:
        document.add_paragraph(text)
    path = tmp_path / "fg2.docx"
    document.save(path)
    t = read_transcript(path)
    assert t.attributes["n_participants"] == 7 and t.attributes["group"] == "Groep A"
    assert all("Groep A" not in t.text[turn.start : turn.end] for turn in t.turns)


def test_a_line_further_down_is_speech(tmp_path):
    path = tmp_path / "fg3.txt"
    path.write_text(BODY + "5 participants\n", encoding="utf-8")
    t = read_transcript(path)
    assert "n_participants" not in t.attributes
    assert t.text[t.turns[-1].start : t.turns[-1].end].endswith("5 participants")

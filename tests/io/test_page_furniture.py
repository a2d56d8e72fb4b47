"""Page furniture in .txt transcripts and names in capitals alone on a line."""

from researchkit import read_transcript
from researchkit.io.furniture import find_text_furniture

SPEECH = [
    ("HAIGH", "Where were you born?"),
    ("SMITH", "In Leeds. My father worked"),
    (None, "at the mill until the war."),
    ("HAIGH", "And school?"),
    ("SMITH", "The grammar school, then"),
    (None, "Cambridge, on a scholarship."),
    ("HAIGH", "Why Cambridge?"),
    ("SMITH", "My teacher had been there and"),
    (None, "wrote to them for me."),
    ("HAIGH", "Thank you."),
]


def _paged(header: str, number: str, *, form_feed: bool = True) -> str:
    """Speech with a page break inside three of SMITH's answers."""
    out, page = "Smith Oral History\n\n", 1
    for who, said in SPEECH:
        if who is None:
            out += number.format(page) + "\n" + ("\f" if form_feed else "\n") + header.format(page + 1) + "\n\n"
            page += 1
        out += (f"{who}: {said}" if who else said) + "\n\n"
    return out


def _read(tmp_path, text, name="t.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_transcript(path)


def test_form_feed_headers_and_page_numbers_are_set_apart_inside_the_turn(tmp_path):
    t = _read(tmp_path, _paged("Smith Oral History, Page {}", "- {} -"))
    assert [t.text[s:e] for s, e in t.furniture] == [
        "- 1 -", "Smith Oral History, Page 2", "- 2 -", "Smith Oral History, Page 3", "- 3 -", "Smith Oral History, Page 4"]
    assert any("3 running header(s) and 3 page number(s)" in n for n in t.notes)
    smith = [x for x in t.turns if x.speaker == "SMITH"]
    assert len(smith) == 3 and [x.speaker for x in t.turns].count("HAIGH") == 4
    turn = smith[0]
    assert t.text[turn.start:turn.end] == t.turn_text(turn)
    assert t.turn_text(turn) == "In Leeds. My father worked\n- 1 -\nSmith Oral History, Page 2\nat the mill until the war."
    assert t.spoken_text(turn.start, turn.end) == "In Leeds. My father worked\nat the mill until the war."
    assert "\f" not in t.turn_text(turn)
    assert len(t.text.split("\n")) == 17  # nothing dropped: the title, 10 speech lines, 3 × (number + header)


def test_page_numbers_between_blank_lines_without_form_feeds(tmp_path):
    t = _read(tmp_path, _paged("Interview with J. Smith — 12 March 1998", "{}", form_feed=False))
    kinds = [t.text[s:e] for s, e in t.furniture]
    assert kinds == ["1", "Interview with J. Smith — 12 March 1998"] * 1 + ["2", "Interview with J. Smith — 12 March 1998",
                                                                             "3", "Interview with J. Smith — 12 March 1998"]
    last_smith = [x for x in t.turns if x.speaker == "SMITH"][-1]
    assert t.spoken_text(last_smith.start, last_smith.end) == "My teacher had been there and\nwrote to them for me."


def test_furniture_between_turns_is_in_no_turn(tmp_path):
    text = "".join(f"I: Question {w}?\n\nR: Answer {w}.\n\nSmith Interview\n\n{n}\n\n" for n, w in enumerate("abcd", 3))
    t = _read(tmp_path, text)
    assert len(t.furniture) == 8
    for s, e in t.furniture:
        assert t.turn_at(s) is None
    assert [t.turn_text(x) for x in t.turns][:2] == ["Question a?", "Answer a."]


def test_a_year_in_speech_and_a_header_once_are_text(tmp_path):
    text = "Smith Oral History, Page 1\n\nI: When did you leave?\n\n1998\n\nR: Then. Or\n\n1999\n\nI: Really?\n\nR: Yes.\n"
    t = _read(tmp_path, text)
    assert t.furniture == ()
    assert not any("page furniture" in n for n in t.notes)
    assert find_text_furniture(["I: When?", "", "1998", "", "R: Then.", "", "1999", "", "I: Ok", "", "2000"]) == {}


def test_headers_need_three_repeats_and_labels_are_never_headers():
    page = ["Smith Interview", "I: Hello?", "R: Hello.", "\f"]
    assert find_text_furniture(page * 2) == {}  # twice is not enough
    lines = ["I: Hello?", "R: Hello.", "\f"] * 4
    assert find_text_furniture(lines) == {}


def test_pdf_reader_still_uses_the_shared_rules():
    from researchkit.io import pdf
    from researchkit.io.furniture import is_page_number

    assert pdf.is_page_number is is_page_number


CAPS = """Interview with J. Smith

HAIGH
Where were you born?

MR. SMITH
In Leeds.

HAIGH
And school?

MR. SMITH
The grammar school.

INTRODUCTION
This is how it began.
"""


def test_names_in_capitals_alone_on_a_line(tmp_path):
    t = _read(tmp_path, CAPS)
    assert [(x.speaker, t.turn_text(x)) for x in t.turns] == [
        ("", "Interview with J. Smith"), ("HAIGH", "Where were you born?"), ("MR. SMITH", "In Leeds."),
        ("HAIGH", "And school?"), ("MR. SMITH", "The grammar school.\nINTRODUCTION\nThis is how it began."),
    ]


def test_one_capitals_name_counts_with_another_label(tmp_path):
    text = "DR. JONES\nWhere were you born?\n\nR: In Leeds.\n\nDR. JONES\nAnd school?\n\nR: The grammar school.\n"
    t = _read(tmp_path, text)
    assert [x.speaker for x in t.turns] == ["DR. JONES", "R", "DR. JONES", "R"]


def test_headings_in_capitals_are_not_speakers(tmp_path):
    once = "INTRODUCTION\nThis is a study.\n\nI: Hello?\n\nR: Hello.\n\nI: Bye.\n\nR: Bye.\n"
    t = _read(tmp_path, once)
    assert t.turns[0].speaker == "" and "INTRODUCTION" in t.turn_text(t.turns[0])
    for heading in ("CHAPTER 1", "END OF TAPE", "INTRODUCTION"):
        text = f"{heading}\nSome speech.\n\nI: Hello?\n\nR: Hi.\n\n{heading}\nMore speech.\n"
        assert heading not in {x.speaker for x in _read(tmp_path, text).turns}
    # one name in capitals, used twice, and no other label: a heading repeated, not a speaker
    alone = "SMITH\nSome speech.\n\nSMITH\nMore speech.\n"
    assert {x.speaker for x in _read(tmp_path, alone).turns} == {""}
    # a line in capitals without speech below it is not a label
    nospeech = "HAIGH\nWhere?\n\nMOLER\nHere.\n\nHAIGH\n\nMOLER\nThere.\n\nHAIGH\n"
    assert [x.speaker for x in _read(tmp_path, nospeech).turns][:2] == ["HAIGH", "MOLER"]

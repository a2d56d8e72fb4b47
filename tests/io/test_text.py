import pytest

from researchkit import read_transcript
from researchkit.errors import TranscriptError

BODY = "Interviewer: Wat ziet u?\nGeïnterviewde: Een kotter zonder AIS – ’s nachts.\nDat is “raar”.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "mac_roman"])
def test_encodings_windows_and_mac_users_produce(tmp_path, encoding):
    path = tmp_path / f"R01_{encoding}.txt"
    text = BODY.replace("\n", "\r\n") if encoding == "cp1252" else BODY
    path.write_bytes(text.encode(encoding))
    t = read_transcript(path)
    assert t.turn_text(t.turns[1]) == "Een kotter zonder AIS – ’s nachts.\nDat is “raar”."
    assert t.turns[1].role == "respondent"
    assert "\r" not in t.text and "\ufeff" not in t.text
    expected = {"utf-8-sig": "utf-8"}.get(encoding, encoding)
    assert t.source.encoding.replace("_", "-").startswith(expected.replace("_", "-")[:6])
    if encoding in {"cp1252", "mac_roman"}:
        assert any("not UTF-8" in note for note in t.notes)


def test_classic_mac_line_ends(tmp_path):
    path = tmp_path / "mac.txt"
    path.write_bytes(BODY.replace("\n", "\r").encode("utf-8"))
    assert len(read_transcript(path).turns) == 2


def test_yaml_front_matter(tmp_path):
    path = tmp_path / "R04.txt"
    path.write_text("---\nport: Harlingen\ndate: 2026-02-12\ngroup: bedrijfsleven\n---\nI: Dag.\nR: Hoi.\n", encoding="utf-8")
    t = read_transcript(path)
    assert t.attributes == {"port": "Harlingen", "date": "2026-02-12", "group": "bedrijfsleven"}
    assert t.text == "I: Dag.\nR: Hoi."


def test_bad_front_matter_points_at_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("---\nport: Harlingen\ndate: [2026\n---\nI: Dag.\n", encoding="utf-8")
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert "RK108" in str(err.value) and "line" in str(err.value) and "bad.txt" in str(err.value)


def test_key_value_header_block(tmp_path):
    path = tmp_path / "R08.txt"
    path.write_text("Respondent: R08\nHaven: Lauwersoog\n\nInterviewer: Welkom.\n\nRespondent: Dank u.\n", encoding="utf-8")
    t = read_transcript(path)
    assert t.attributes == {"respondent": "R08", "haven": "Lauwersoog"}
    assert [x.role for x in t.turns] == ["interviewer", "respondent"]


def test_transcript_starting_with_turns_has_no_header(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("I: Hoi\nR: Dag\n\nI: Hoe gaat het?\n", encoding="utf-8")
    t = read_transcript(path)
    assert t.attributes == {} and len(t.turns) == 3


def test_markdown_bold_labels(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("**Interviewer:** Wat ziet u?\n\n**Respondent:** Niks.\n", encoding="utf-8")
    t = read_transcript(path)
    assert [(x.role, t.turn_text(x)) for x in t.turns] == [("interviewer", "Wat ziet u?"), ("respondent", "Niks.")]


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n\n")
    with pytest.raises(TranscriptError, match=r"RK104.*empty.txt"):
        read_transcript(path)


def test_binary_file_with_text_extension(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert "RK105" in str(err.value) and "photo.txt" in str(err.value)


def test_undecodable_file(tmp_path):
    import random

    rng = random.Random(1)
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(rng.randrange(128, 256) for _ in range(3000)))
    with pytest.raises(TranscriptError, match="RK106"):
        read_transcript(path)


def test_forced_wrong_encoding(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes("Geïnterviewde: ja".encode("cp1252"))
    with pytest.raises(TranscriptError, match="RK106"):
        read_transcript(path, encoding="utf-8")


def test_large_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # a 50 MB (sparse) file
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert "RK107" in str(err.value) and "50" in str(err.value)


def test_unsupported_extension(tmp_path):
    path = tmp_path / "old.wpd"
    path.write_bytes(b"x")
    with pytest.raises(TranscriptError, match=r"RK102.*save it as \.docx"):
        read_transcript(path)


def _turns(t):
    return [(x.speaker, x.role, x.timestamp, t.turn_text(x)) for x in t.turns]


def _check_offsets(t):
    for turn in t.turns:
        assert t.text[turn.start : turn.end] == t.turn_text(turn) == t.turn_text(turn).strip() != ""
    assert all(a.end <= b.start for a, b in zip(t.turns, t.turns[1:]))


OTTER = """Swarup Donepudi  0:10  
Okay, here we are. Good morning.

Speaker 1  0:21  
our new setup, yeah.

Swarup Donepudi  0:25  
We have this new mic.
And a second paragraph.

Unknown Speaker  7:40  
I didn't know that.
"""


def test_otter_label_lines_start_turns_with_their_time(tmp_path):
    path = tmp_path / "otter.txt"
    path.write_text(OTTER, encoding="utf-8")
    t = read_transcript(path)
    assert _turns(t) == [
        ("Swarup Donepudi", "other", 10.0, "Okay, here we are. Good morning."),
        ("Speaker 1", "other", 21.0, "our new setup, yeah."),
        ("Swarup Donepudi", "other", 25.0, "We have this new mic.\nAnd a second paragraph."),
        ("Unknown Speaker", "other", 460.0, "I didn't know that."),
    ]
    _check_offsets(t)
    assert t.text == "\n".join(line.rstrip() for line in OTTER.splitlines() if line.strip())  # nothing dropped


@pytest.mark.parametrize(
    "first, second",
    [
        ("### Interviewer (00:03)", "### Expert (02:10)"),
        ("#### Jamie", "#### Zac"),
        ("**Interviewer**", "**Matt Yonkovit**"),
        ("**Speaker 1 (00:03)**", "**Speaker 2 (02:10)**"),
        ("[Interviewer] 00:00:03", "[Expert] 00:02:10"),
    ],
)
def test_markdown_label_lines(tmp_path, first, second):
    path = tmp_path / "x.md"
    path.write_text(f"# Interview\n\n## Transcript\n\n{first}\nHow are you?\n\n---\n\n{second}\nFine.\nThanks.\n\n"
                    f"{first}\nGood.\n\n{second}\nBye.\n", encoding="utf-8")
    t = read_transcript(path)
    speakers = [x.speaker for x in t.turns]
    assert speakers[0] == "" and t.turn_text(t.turns[0]) == "# Interview\n## Transcript"
    assert len(set(speakers[1:])) == 2 and len(speakers) == 5
    assert [t.turn_text(x) for x in t.turns[1:]] == ["How are you?\n---", "Fine.\nThanks.", "Good.", "Bye."]
    _check_offsets(t)


def test_headings_and_short_lines_are_not_speakers(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("## Interview 1\n\nIntroduction\n\nWe talked.\n\n## Interview 2\n\nIntroduction\n\nAgain.\n", encoding="utf-8")
    t = read_transcript(path)
    assert {x.speaker for x in t.turns} == {""}


def test_label_line_followed_by_another_label_is_not_a_speaker(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("**Anna Berg**\n**Piet Jansen**\n\nText one.\n\n**Anna Berg**\n**Piet Jansen**\n\nText two.\n", encoding="utf-8")
    t = read_transcript(path)
    assert [x.speaker for x in t.turns] == ["", "Piet Jansen", "Piet Jansen"]
    assert t.turn_text(t.turns[1]) == "Text one.\n**Anna Berg**"


def test_bold_label_with_time_then_text_on_next_line(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("**Ali**  0:00  \nHello there.\n\n**Kelly**  0:19\nWelcome.\n\nUnknown Speaker  7:40\nYeah.\n\n"
                    "**Ali**  7:42\nOk.\n\n**Kelly**  7:50\nBye.\n", encoding="utf-8")
    t = read_transcript(path)
    assert _turns(t) == [
        ("Ali", "other", 0.0, "Hello there."), ("Kelly", "other", 19.0, "Welcome."),
        ("Unknown Speaker", "other", 460.0, "Yeah."), ("Ali", "other", 462.0, "Ok."), ("Kelly", "other", 470.0, "Bye."),
    ]
    _check_offsets(t)


def test_bold_label_with_time_inside_the_bold_and_escaped_time_after(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("**Interviewer (00:07):** We are the group.\n\n**Sir Roland A. Denopol, PCpe (00:54):** In labs.\n\n"
                    "**Interviewer:** \\[00:01:10.5\\] And then?\n\n**Sir Roland A. Denopol, PCpe (01:20):** Done.\n", encoding="utf-8")
    t = read_transcript(path)
    assert _turns(t) == [
        ("Interviewer", "interviewer", 7.0, "We are the group."),
        ("Sir Roland A. Denopol, PCpe", "respondent", 54.0, "In labs."),
        ("Interviewer", "interviewer", 70.5, "And then?"),
        ("Sir Roland A. Denopol, PCpe", "respondent", 80.0, "Done."),
    ]
    assert "\\[00:01:10.5\\]" in t.text  # the time stays in the text, outside the turn
    _check_offsets(t)


def test_bold_metadata_lines_are_not_speakers(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("# Customer Review\n\n## Interview 1\n\n**Date:** 2026-06-24\n**Participants:** Vera Drozd, Eka Khar\n\n"
                    "[00:16.12] Interviewer: Can you hear us?\n\n[00:19.23] Customer: Yes.\n\n----\n\n## Interview 2\n"
                    "**Date:** 2026-06-27\n**Participants:** Vera Drozd\n\n[01:33.52] Interviewer: Again?\n\n[01:35] Customer: Yes.\n",
                    encoding="utf-8")
    t = read_transcript(path)
    assert {x.speaker for x in t.turns} == {"", "Interviewer", "Customer"}
    assert t.turn_text(t.turns[0]) == "# Customer Review\n## Interview 1\n**Date:** 2026-06-24\n**Participants:** Vera Drozd, Eka Khar"
    assert t.attributes == {"date": "2026-06-24", "participants": "Vera Drozd, Eka Khar"}
    # "## Interview 2" and its metadata lines are a section marker (io/sections.py), not the customer's speech
    assert (t.turns[3].role, t.turn_text(t.turns[3])) == ("other", "## Interview 2\n**Date:** 2026-06-27\n**Participants:** Vera Drozd")
    assert t.turns[4].timestamp == 93.52
    assert any("read as metadata" in note for note in t.notes)
    _check_offsets(t)


def test_utf16_is_noted(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(BODY.encode("utf-16"))
    assert any("utf-16" in note and "not UTF-8" in note for note in read_transcript(path).notes)


HARD_WRAPPED = """\
HAIGH: So let us begin with your early years. Where did you grow up, and
what did your parents do for a living at that time in the nineteen
fifties?

SMITH: I grew up in a small fishing town in the north. My father worked
on the boats and my mother kept the accounts of the cooperative, which
was a lot of work in those years because everything was done by hand.

HAIGH: And did that shape your later interest in computing, would you
say, or did that come much later in your life and your career?

SMITH: It came later. At school I had a teacher who showed us a punched
card machine, and from then on I wanted to know how those machines
worked inside and what you could make them do for people at work.
"""


def test_a_hard_wrapped_text_file_reads_as_paragraphs_so_sentences_run_on(tmp_path):
    from researchkit.units import units

    path = tmp_path / "haigh.txt"
    path.write_text(HARD_WRAPPED, encoding="utf-8")
    t = read_transcript(path)
    assert [turn.speaker for turn in t.turns] == ["HAIGH", "SMITH", "HAIGH", "SMITH"]
    second = t.text[t.turns[1].start:t.turns[1].end]
    assert "\n" not in second and "My father worked on the boats" in second
    assert any(note.startswith("hard-wrapped text: 7 line breaks inside paragraphs") for note in t.notes)
    sentences = units(t, "sentence", lang="en")["text"].tolist()
    assert "Where did you grow up, and what did your parents do for a living at that time in the nineteen fifties?" in sentences
    # every word of the file is in the text, in order
    assert t.text.split() == HARD_WRAPPED.split()


def test_numbered_hard_wrapped_lines_keep_their_numbers_after_joining(tmp_path):
    from researchkit.io import line_range

    lines = [line for line in HARD_WRAPPED.splitlines()]
    numbered = "\n".join(f"{k + 1}\t{line}" if line else f"{k + 1}" for k, line in enumerate(lines)) + "\n"
    path = tmp_path / "numbered.txt"
    path.write_text(numbered, encoding="utf-8")
    t = read_transcript(path)
    assert [turn.speaker for turn in t.turns] == ["HAIGH", "SMITH", "HAIGH", "SMITH"]
    start = t.text.index("was a lot of work")
    first, last = line_range(t, start, start + len("was a lot of work"))
    assert first == 7 and last in (7, 8)  # (the numbered blank line 8 is not in the text: the range may take it in)
    start = t.text.index("father worked")
    assert line_range(t, start, start + len("father worked"))[0] == 5
    start = t.text.index("on the boats")
    assert line_range(t, start, start + len("on the boats")) == (6, 6)


def test_text_with_one_paragraph_a_line_is_not_reflowed(tmp_path):
    lines = [f"{'I' if k % 2 == 0 else 'R'}: " + "word " * (5 + (k * 7) % 23) + "end." for k in range(20)]
    path = tmp_path / "plain.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    t = read_transcript(path)
    assert len(t.turns) == 20 and not any(note.startswith("hard-wrapped") for note in t.notes)

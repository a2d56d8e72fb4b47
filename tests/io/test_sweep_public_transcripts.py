"""Layouts of real public transcripts (December 2026 sweep) that were read wrongly, each written here small.

- A public inquiry's hearing transcripts kept as reStructuredText (c19witness/uk-covid19-inquiry,
  ``2024-03-07_module-2B/1_Ms_Jane_Runeckles.rst``): ``**Ms Jane Runeckles**: ...`` labels, counsel
  going on below a label (``Thank you.`` then ``Is that all correct?``), a witness's name as a
  section title underlined with ``====``. Before, ``.rst`` was refused (RK102); read as Markdown, the
  counsel's questions below the label were taken as an unlabelled moderator's and the title was speech.
- The Podlets podcast transcripts (``[0:01:52.3] CC: Were you spun back up with a script?``): the
  hosts ask in their own labelled paragraphs and go on below them. Before, a question closing a
  host's second paragraph was the unlabelled moderator's.
"""

from __future__ import annotations

from pathlib import Path

from researchkit.io import read_transcript

HEARING = """Transcript of Module 9 Public Hearing on 07 March 2030.

*(10.00 am)*

**Chair Ross**: Good morning.

**Ms Kerr**: May I please call Tom Vale.

1. Mr Tom Vale
==============

**Ms Kerr**: Thank you for coming. You gave two statements.

Do both remain true?

**Mr Tom Vale**: They do.

**Ms Kerr**: Thank you.

You led the team from 2018.

Is that right?

**Mr Tom Vale**: It is.

**Ms Kerr**: Did the team grow in March?

**Mr Tom Vale**: Yes, by three.

**Ms Kerr**: Why was that?

**Mr Tom Vale**: The workload rose.

**Ms Kerr**: Who joined?

**Mr Tom Vale**: Three advisers.

**Chair Ross**: We will break there.
"""


def _turns(path: Path) -> list[tuple[str, str, str]]:
    t = read_transcript(path)
    return [(x.speaker, x.role, t.text[x.start : x.end]) for x in t.turns]


def test_restructuredtext_hearing_with_counsel_going_on_below_the_label(tmp_path: Path) -> None:
    path = tmp_path / "vale.rst"
    path.write_text(HEARING, encoding="utf-8")
    t = read_transcript(path)
    assert t.source.format == "text"
    assert _turns(path) == [
        ("", "other", "Transcript of Module 9 Public Hearing on 07 March 2030.\n*(10.00 am)*"),
        ("Chair Ross", "respondent", "Good morning."),
        ("Ms Kerr", "interviewer", "May I please call Tom Vale."),
        ("", "other", "1. Mr Tom Vale\n=============="),
        ("Ms Kerr", "interviewer", "Thank you for coming. You gave two statements.\nDo both remain true?"),
        ("Mr Tom Vale", "respondent", "They do."),
        ("Ms Kerr", "interviewer", "Thank you.\nYou led the team from 2018.\nIs that right?"),
        ("Mr Tom Vale", "respondent", "It is."),
        ("Ms Kerr", "interviewer", "Did the team grow in March?"),
        ("Mr Tom Vale", "respondent", "Yes, by three."),
        ("Ms Kerr", "interviewer", "Why was that?"),
        ("Mr Tom Vale", "respondent", "The workload rose."),
        ("Ms Kerr", "interviewer", "Who joined?"),
        ("Mr Tom Vale", "respondent", "Three advisers."),
        ("Chair Ross", "respondent", "We will break there."),
    ]
    assert not any("moderator" in n for n in t.notes)
    assert any("'1. Mr Tom Vale'" in n and "section markers" in n for n in t.notes)
    assert t.text == "\n".join(line for line in HEARING.splitlines() if line.strip())  # nothing lost


def test_a_short_rule_below_speech_is_no_underline(tmp_path: Path) -> None:
    path = tmp_path / "rule.md"
    path.write_text("A: One thing.\nB: Another thing here.\n---\nA: Yes.\nB: Part two\n==\nA: Done.\n", encoding="utf-8")
    turns = _turns(path)
    assert [s for s, _, _ in turns] == ["A", "B", "A", "B", "A"]
    assert turns[1][2] == "Another thing here.\n---"
    assert turns[3][2] == "Part two\n=="  # two '=' are no underline either


def test_hosts_who_ask_in_their_labelled_paragraphs_keep_their_questions_below(tmp_path: Path) -> None:
    path = tmp_path / "podlets.md"
    path.write_text(
        "[0:00:41.1] NL: Hello and welcome. Joining me this week are Carlisia Campos.\n\n"
        "[0:00:59.2] CC: Hi everybody.\n\n[0:01:01.1] NL: And Duffie Cooley.\n\n"
        "[0:01:02.4] DC: Hey everybody.\n\n[0:01:04.6] NL: How have you been?\n\n[0:01:29.8] DC: Awesome.\n\n"
        "[0:01:52.3] CC: Were you spun back up with a script?\n\n[0:01:57.1] NL: Yeah, I was.\n\n"
        "[0:01:58.8] CC: With infrastructure I suppose?\n\n[0:02:00.5] NL: Yes, absolutely.\n\n"
        "[0:03:58.8] CC: How do you feel about it if you are an admin?\n\n"
        "Someone can run a script now. Do you have concerns that your job is redundant?\n\n"
        "[0:04:53.6] NL: Yeah, we try to automate ourselves out of a job.\n", encoding="utf-8")
    t = read_transcript(path)
    turns = [(x.speaker, x.timestamp, t.text[x.start : x.end]) for x in t.turns]
    assert turns[-2] == ("CC", 238.8, "How do you feel about it if you are an admin?\n"
                         "Someone can run a script now. Do you have concerns that your job is redundant?")
    assert turns[-1][0] == "NL"
    assert not any(x.speaker == "" for x in t.turns)
    assert not any("moderator" in n for n in t.notes)


def test_an_unlabelled_moderator_is_still_found_when_the_participants_do_not_ask(tmp_path: Path) -> None:
    path = tmp_path / "fg.txt"
    path.write_text("Focus group 2, bus users\n\nP1: Most days I go by bus, it stops right at my door.\n"
                    "P2: I walk, the town is small enough for that.\nP3: I cycle whenever the weather lets me.\n"
                    "Why do you cycle?\nP3: It is quick and it costs nothing.\nP1: Cycling is too far for me, with my knees.\n"
                    "P2: Do you mean the town?\nP1: Yes, the town.\nWhat about the weekend?\n"
                    "P2: Then we take the car to see my mother.\n", encoding="utf-8")
    turns = _turns(path)
    assert ("", "interviewer", "Why do you cycle?") in turns
    assert ("", "interviewer", "What about the weekend?") in turns


def _stenographic(pages: list[list[str]], first_page: int = 9) -> str:
    """Pages as a court reporter's text file prints them: the page number far right, ``N   text`` lines, each
    line followed by a blank one."""
    out = []
    for number, lines in enumerate(pages, first_page):
        out.append(" " * 55 + str(number))
        out.append("")
        for n, line in enumerate(lines, 1):
            out.append(f"{n:2d}   {line}")
            out.append("")
    return "\n".join(out) + "\n"


HEARING_PAGES = [
    ["And the time is for both questions and", "answers.",
     "        CHAIRWOMAN WEST:   So with that, our",
     "first witness, Kim Lund, chancellor of the", "State University.    Please.",
     "        CHANCELLOR LUND:   Thank you.", "        Good morning.   It's a pleasure to be",
     "here.   I will keep to the time."],
    ["        (Laughter.)", "        CHAIRWOMAN WEST:   Let that be a", "lesson to all here.", "        ASSEMBLYWOMAN GRAY:   Thank you very", "much.",
     "        The budget -- the Executive Budget", "calls for regular annual increases in",
     "tuition.    What does the final tuition", "wind up being?"],
    ["        CHANCELLOR LUND:    The TAP gap right", "now is $1905.     So adding 800 to that,",
     "that would be 2700 for the students.", "        ASSEMBLYWOMAN GRAY:   I'm sorry, what",
     "was that?", "        CHANCELLOR LUND:    Unless we got", "some sort of relief, it would be $2705."],
]


def test_a_court_reporters_double_spaced_numbered_pages(tmp_path: Path) -> None:
    """A New York State legislative hearing as its stenographers write it (nysenate/OpenLegislation,
    ``src/test/resources/hearing/2-4-20 Higher Education Transcript.txt``): line numbers 1-24 on each page, the
    page number far right below the page's last line, a blank line after every line. Before, the page numbers
    were speech, every printed line was a paragraph of its own, and ``was that?`` (a question's second line)
    was taken as an unlabelled moderator's question."""
    path = tmp_path / "hearing.txt"
    path.write_text(_stenographic(HEARING_PAGES), encoding="utf-8")
    t = read_transcript(path)
    turns = [(x.speaker, t.text[x.start : x.end]) for x in t.turns]
    assert turns == [
        ("", "And the time is for both questions and answers."),  # the page number before it is furniture
        ("CHAIRWOMAN WEST", "So with that, our first witness, Kim Lund, chancellor of the State University.    Please."),
        ("CHANCELLOR LUND", "Thank you.\nGood morning.   It's a pleasure to be here.   I will keep to the time."),
        ("", "(Laughter.)"),
        ("CHAIRWOMAN WEST", "Let that be a lesson to all here."),
        ("ASSEMBLYWOMAN GRAY", "Thank you very much.\nThe budget -- the Executive Budget calls for regular annual "
                               "increases in tuition.    What does the final tuition wind up being?"),
        ("CHANCELLOR LUND", "The TAP gap right now is $1905.     So adding 800 to that, that would be 2700 for the students."),
        ("ASSEMBLYWOMAN GRAY", "I'm sorry, what was that?"),
        ("CHANCELLOR LUND", "Unless we got some sort of relief, it would be $2705."),
    ]
    assert [t.text[a:b] for a, b in t.furniture] == ["9", "10", "11"]
    assert any("double-spaced" in n for n in t.notes)
    assert any("page number" in n for n in t.notes)
    assert not any("moderator" in n for n in t.notes)
    words = [w for line in _stenographic(HEARING_PAGES).splitlines() for w in line.split()[1:] if line[:2].strip()]
    assert all(w in t.text for w in words)  # nothing of the speech lost


def test_paragraphs_separated_by_blank_lines_keep_their_breaks(tmp_path: Path) -> None:
    """Blank lines between paragraphs make a file look double-spaced too: a paragraph that ends a sentence is
    never joined with the next one."""
    path = tmp_path / "plain.txt"
    lines = ["I: Could you tell me a little about where you grew up as a child?",
             "R: In the north, near the harbour where my father kept his boat.",
             "He kept a small fishing boat there for many years, until the war.",
             "I: And your mother, what did she do in the village in those years?",
             "R: She taught at the village school until the war came and we left.",
             "We moved inland to the farm of my uncle, who had room for all of us."]
    path.write_text("\n\n".join(lines * 2) + "\n", encoding="utf-8")
    t = read_transcript(path)
    assert t.text == "\n".join(lines * 2)
    assert not any("hard-wrapped" in n for n in t.notes)

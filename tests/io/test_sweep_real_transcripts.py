"""Shapes of real public transcripts a sweep of the stored index read wrongly, each written here small.

- A Thoughtworks technology podcast transcript saved as Markdown ("Understanding bias in
  algorithmic systems", thoughtworks.com/insights/podcasts): ``Rebecca:`` and ``danah:`` alone on
  their lines, the speech below; danah boyd writes her name in lower case. Before, ``danah:`` was no
  label and all her speech went into Rebecca's turns.
- An InfoQ podcast transcript saved as Markdown: play links before the labels,
  ``[13:30](javascript:void(0);) Akhilesh Gupta: So ...``. Before, those labels were not seen and
  four turns were read as one turn of the host.
- A CollectionBuilder oral history's transcript CSV (mariamyi/SOF-oral-histories,
  ``_data/transcripts/randy-natasha-grubb.csv``: ``speaker,words,tags,timestamp`` with the speaker
  cell ``Clay Adkins:``). Before, the speaker kept the colon (``Clay Adkins:``) and the text read
  ``Clay Adkins:: Alright``.
"""

from __future__ import annotations

from pathlib import Path

from researchkit.io import read_transcript


def _turns(path: Path) -> list[tuple[str, float | None, str]]:
    t = read_transcript(path)
    return [(x.speaker, x.timestamp, t.text[x.start : x.end]) for x in t.turns]


def test_a_name_in_lower_case_alone_on_a_line_is_a_label_beside_other_labels(tmp_path: Path) -> None:
    path = tmp_path / "bias.md"
    path.write_text("**Podcast Transcript**\nRebecca:\nHello, danah. I'm thrilled to get a chance to talk to you.\n"
                    "danah:\nThanks for having me.\nRebecca:\nLet's start with what you have learned.\n"
                    "danah:\nOne of the blessings and curses of having been with social media.\n"
                    "danah:\nAnd then you start in these moments.\nRebecca:\nThat's not [crosstalk 00:06:51]\n"
                    "danah:\nAnd I think you're right.\n", encoding="utf-8")
    assert [(s, text) for s, _, text in _turns(path)] == [
        ("", "**Podcast Transcript**"),
        ("Rebecca", "Hello, danah. I'm thrilled to get a chance to talk to you."), ("danah", "Thanks for having me."),
        ("Rebecca", "Let's start with what you have learned."),
        ("danah", "One of the blessings and curses of having been with social media."),
        ("danah", "And then you start in these moments."), ("Rebecca", "That's not [crosstalk 00:06:51]"),
        ("danah", "And I think you're right.")]


def test_a_lower_case_line_with_a_colon_alone_or_once_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Anna: We went there.\nupdate:\nThe bus was late.\nPiet: Yes.\nAnna: Then home.\nPiet: Right.\n",
                    encoding="utf-8")
    turns = _turns(path)
    assert [s for s, _, _ in turns] == ["Anna", "Piet", "Anna", "Piet"]
    assert turns[0][2] == "We went there.\nupdate:\nThe bus was late."
    path.write_text("note:\nfirst\nnote:\nsecond\n", encoding="utf-8")  # no other label: not a speaker
    assert {s for s, _, _ in _turns(path)} == {""}


def test_a_play_link_before_a_label_gives_the_labels_time(tmp_path: Path) -> None:
    path = tmp_path / "infoq.md"
    path.write_text(
        "Charles Humble: It's a slightly cheeky question, but why did you not build a system on top of Kafka?\n\n"
        "[13:30](javascript:void(0);) Akhilesh Gupta: So there are a few reasons.\n\n"
        "So if let's say, we are running a hundred live videos at the same time.\n\n"
        "[15:02](javascript:void(0);) Charles Humble: And what about the cross data center case?\n\n"
        "[15:10](javascript:void(0);) Akhilesh Gupta: With Kafka, we would need MirrorMaker.\n", encoding="utf-8")
    assert _turns(path) == [
        ("Charles Humble", None, "It's a slightly cheeky question, but why did you not build a system on top of Kafka?"),
        ("Akhilesh Gupta", 810.0, "So there are a few reasons.\nSo if let's say, we are running a hundred live videos "
                                  "at the same time."),  # the paragraphs of one turn, joined by one line break
        ("Charles Humble", 902.0, "And what about the cross data center case?"),
        ("Akhilesh Gupta", 910.0, "With Kafka, we would need MirrorMaker.")]


def test_a_speaker_cell_ending_in_a_colon_names_the_speaker_without_it(tmp_path: Path) -> None:
    path = tmp_path / "grubb.csv"
    path.write_text("speaker,words,tags,timestamp\n"
                    "Clay Adkins:,\"Alright, my name is Clay Adkins. Today is June 14th.\",,0:00:19\n"
                    "Natasha Grubb:,Natasha Grubb.,,0:00:32\n"
                    "Clay Adkins:,Okay. And where did you attend before?,,0:00:57\n"
                    "Natasha Grubb:,\"he had a church in… Woodlawn… [inaudible]\",faith,0:01:00\n"
                    "Clay Adkins:,\"So, what has that been like?\",,0:01:23\n"
                    "Natasha Grubb:,\"It’s a lot; it’s a lot, you know.\",community-family;faith,0:01:33\n"
                    "Clay Adkins:,Either of you have anything else?,,0:18:55\n", encoding="utf-8")
    t = read_transcript(path)
    assert [(x.speaker, x.role, x.timestamp) for x in t.turns][:2] == [("Clay Adkins", "interviewer", 19.0),
                                                                       ("Natasha Grubb", "respondent", 32.0)]
    assert t.text.startswith("Clay Adkins: Alright, my name is Clay Adkins.")
    assert t.turn_text(t.turns[3]) == "he had a church in… Woodlawn… [inaudible]"


def test_a_list_of_the_people_present_under_its_heading_is_metadata(tmp_path: Path) -> None:
    """divekit/divekit-roadmap ``_interviews/fkrampe.md``: front matter, ``### Teilnehmer:`` and a bullet list
    ``* Interviewer: Taras Zaika``, ``* Protokollant: Henning Buhl``, ``* Interviewpartner: Fabian Krampe``. Before,
    ``Interviewer`` and ``Interviewpartner`` were speakers whose speech was a name, and the notes below were the
    ``Interviewpartner``'s turn."""
    path = tmp_path / "fkrampe.md"
    path.write_text("---\nacronym: fkrampe\ntype: interview\n---\n## Interviewleitfaden\n\n### Teilnehmer: \n\n"
                    "* Interviewer: Taras Zaika \n* Protokollant: Henning Buhl \n* Interviewpartner: Fabian Krampe \n \n"
                    "### Modalitäten\n\n* Dauer: 1 – 2 h \n* Datum: 12. Mai 2021 \n\n## Protokoll\n\n"
                    "1. Was ist Deine Rolle bezogen auf das DiveKit? \n    * Klassischer Nutzer als Lehrender \n",
                    encoding="utf-8")
    t = read_transcript(path)
    assert {x.speaker for x in t.turns} == {""}
    assert t.attributes["interviewer"] == "Taras Zaika" and t.attributes["interviewpartner"] == "Fabian Krampe"
    assert "Klassischer Nutzer als Lehrender" in t.text

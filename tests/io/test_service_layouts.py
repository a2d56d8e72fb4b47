"""Transcription services' exports in the layouts real public files show (sweep of December 2026, docs/ingestion.md,
"Exports from transcription services").

- Trint: ``Speaker 1 [00:00:00] text`` (label, blank, the time in square brackets, the speech on the same line, no
  colon), a turn's further paragraphs without a label, ``Unidentified`` for a voice Trint could not place; as
  committed in ``dansiegelman/Dan-Siegelman-Portfolio`` (``docs/report-transcripts/*-Trint-Transcript.md``).
- Temi: ``Speaker 1 (00:06):`` alone on a line, the speech below, a blank line; as committed in
  ``eycooper/capstone`` (``teacher and avatar/*.txt``, which its documentation calls "the Temi transcripts").
- Google Meet's transcript saved as Markdown: ``# Title – date – Transcript``, ``### Attendees`` and the list,
  the italic notice ``#### _This editable transcript was computer generated ..._`` above the speech, ``Name: text``,
  ``00:05:00`` alone every five minutes, ``Meeting ended after 00:29:55 👋`` and the notice again at the end; as
  committed in Polygon's governance-call transcripts.

Each fixture is written here with the project's own speech (interviews in the ports); only the layouts are copied.
"""

from __future__ import annotations

import docx
import pytest

from researchkit import read_transcript
from researchkit.io.speakers import match_label


def _write(folder, name, text, *, encoding="utf-8", newline="\n"):
    path = folder / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def _turns(t):
    """Speaker, time and text of each turn, read through the offsets (and checked against ``turn_text``)."""
    for turn in t.turns:
        assert t.turn_text(turn) == t.text[turn.start:turn.end]
    return [(turn.speaker, turn.timestamp, t.text[turn.start:turn.end]) for turn in t.turns]


def _nothing_lost(source: str, t) -> None:
    """Every printed character of the source is in the canonical text, in order (blank lines aside)."""
    assert "".join(source.split()) == "".join(t.text.split())


# -- Trint ----------------------------------------------------------------------------------------------------------

TRINT = [("Speaker 1", 0, ["Goedemorgen, fijn dat u er bent. Kunt u iets vertellen over uw werk in de haven?",
                           "Ik ben vooral benieuwd hoe lang u daar al werkt."]),
         ("Unidentified", 41, ["Sinds negentig."]),
         ("Speaker 2", 45, ["Ja, sinds 1990. Eerst op de kraan, later in het kantoor aan de kade."]),
         ("Speaker 1", 62, ["En wat veranderde er toen de containers kwamen?"]),
         ("Speaker 2", 3725, ["Alles. De ploegen werden kleiner en de nachten langer."])]


def _trint_paragraphs():
    paragraphs = []
    for speaker, seconds, said in TRINT:
        clock = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
        paragraphs.append(f"{speaker} [{clock}] {said[0]} ")  # Trint leaves a blank at the paragraph's end
        paragraphs += [f"{more} " for more in said[1:]]
    return paragraphs


EXPECTED_TRINT = [(speaker, float(seconds), "\n".join(said)) for speaker, seconds, said in TRINT]


def test_trint_text_export_label_and_bracketed_time_without_colon(tmp_path):
    """Before, no line was a label (no colon): five turns without speakers, and no times."""
    source = "## Haveninterview: Trint Transcript\n\n\n" + "\n\n\n".join(_trint_paragraphs()) + "\n"
    t = read_transcript(_write(tmp_path, "trint.md", source))
    turns = _turns(t)
    assert turns[0] == ("", None, "## Haveninterview: Trint Transcript")  # the title, nobody's speech
    assert turns[1:] == EXPECTED_TRINT
    assert t.turns[2].role == "other"  # Unidentified is a generic speaker, not a person
    _nothing_lost(source, t)


@pytest.mark.parametrize("bold", [False, True])
def test_trint_word_export(tmp_path, bold):
    document = docx.Document()
    for paragraph in _trint_paragraphs():
        run = document.add_paragraph()
        head, sep, rest = paragraph.partition(" [") if bold and not paragraph.startswith(("Ik ", )) else ("", "", paragraph)
        if head:
            run.add_run(head).bold = True
            run.add_run(sep + rest)
        else:
            run.add_run(paragraph)
    document.save(path := tmp_path / "trint.docx")
    t = read_transcript(path)
    assert _turns(t) == EXPECTED_TRINT
    _nothing_lost("".join(_trint_paragraphs()), t)


def test_a_sentence_with_a_bracketed_time_is_no_trint_label(tmp_path):
    """A time in square brackets inside speech (``then at [00:01:02] ...``) names nobody; a name used once is text."""
    source = ("Anna: So at [00:01:02] the crane stopped?\n\nthen at [00:01:02] it stopped, yes.\n\n"
              "Piet Jansen [00:01:09] It did.\n\nAnna: Why?\n\nPiet: No idea.\n\nAnna: Thanks.\n\nPiet: Sure.\n")
    t = read_transcript(_write(tmp_path, "mixed.txt", source))
    assert [s for s, _, _ in _turns(t)] == ["Anna", "Anna", "Piet", "Anna", "Piet"]
    first = t.turn_text(t.turns[0])
    assert "then at [00:01:02] it stopped, yes." in first and "Piet Jansen [00:01:09] It did." in first
    _nothing_lost(source, t)


def test_trint_label_parsing_is_linear_on_hostile_lines():
    for line in ("Speaker 1" + " " * 200_000 + "[00:00:01]", "A" + " b" * 100_000 + " [00:00:01] x",
                 "Speaker 1 [" + "0" * 200_000, "Speaker 1 " + "[00:00:01]" * 20_000):
        assert match_label(line) is None


# -- Temi -----------------------------------------------------------------------------------------------------------

TEMI = [("Speaker 1", "00:06", 6.0, "Goedemorgen. Kunt u iets vertellen over uw werk?"),
        ("Speaker 2", "00:11", 11.0, "Ja, ik werk al dertig jaar in de haven, meestal 's nachts."),
        ("Speaker 1", "00:15", 15.0, "En wat veranderde er?"),
        ("Speaker 2", "01:02:07", 3727.0, "Alles, eigenlijk."),
        ("Speaker 3", "01:02:09", 3729.0, "Sorry,")]


@pytest.mark.parametrize("windows", [False, True])
def test_temi_text_export(tmp_path, windows):
    """``Speaker 1 (00:06):`` alone on a line, the speech below, a blank line; minutes and seconds, hours once past
    the hour. Saved on Windows (a BOM, CRLF) it reads the same."""
    source = "".join(f"{who} ({clock}):\n{said}\n\n" for who, clock, _, said in TEMI)
    path = _write(tmp_path, "temi.txt", source, encoding="utf-8-sig" if windows else "utf-8",
                  newline="\r\n" if windows else "\n")
    t = read_transcript(path)
    assert _turns(t) == [(who, seconds, said) for who, _, seconds, said in TEMI]
    assert "\ufeff" not in t.text and "\r" not in t.text
    _nothing_lost(source, t)


# -- Google Meet (Markdown) -----------------------------------------------------------------------------------------

NOTICE = ("This editable transcript was computer generated and might contain errors. People can also change the text "
          "after it was created.")
MEET = "\n".join([
    "# Overleg havenbedrijf – 2024/10/24 15:51 CEST – Transcript",
    "### Attendees", "",
    "Anna de Boer, Bram Visser, Fireflies.ai Notetaker Kees, Anna de Boer's Presentation", "",
    f"#### _{NOTICE}_", "",
    "Anna de Boer: Goedemiddag allemaal. Kunnen we beginnen met de planning?", "",
    "Bram Visser: Ja, prima. De kade is volgende week klaar.", "",
    "Anna de Boer: Mooi. En de kranen?", "",
    "00:05:00", "",
    "Bram Visser: Die komen in maart.", "",
    "Anna de Boer: Dank je, dan sluiten we af.", "",
    "Meeting ended after 00:06:12 👋", "",
    NOTICE, ""])


def test_google_meet_transcript_saved_as_markdown(tmp_path):
    t = read_transcript(_write(tmp_path, "meet.md", MEET))
    turns = _turns(t)
    header = turns[0]
    assert header[0] == "" and header[2].startswith("# Overleg") and header[2].endswith(f"#### _{NOTICE}_")
    assert turns[1:] == [("Anna de Boer", None, "Goedemiddag allemaal. Kunnen we beginnen met de planning?"),
                         ("Bram Visser", None, "Ja, prima. De kade is volgende week klaar."),
                         ("Anna de Boer", None, "Mooi. En de kranen?"),
                         ("Bram Visser", 300.0, "Die komen in maart."),
                         ("Anna de Boer", None, "Dank je, dan sluiten we af.")]
    assert [t.text[a:b] for a, b in t.furniture] == ["Meeting ended after 00:06:12 👋", NOTICE]
    _nothing_lost(MEET, t)

"""Transcripts as researchers receive them: anonymised labels, a label whose colon was lost after its time, hearing clocks.

- labels already anonymised or pseudonymised (``[PERSOON-1]:``, ``[PERSOON-1]`` alone above the speech, ``[naam]:``,
  ``<Respondent 3>:``, ``Respondent [X]:``, ``###-1:``, ``XXX:``, ``P2 (vrouw, 34):``), researchkit's own pseudonyms
  among them: a pseudonymised transcript reads back with the turns and speakers of the pseudonymised corpus;
- a podcast's ``[0:04:53.6] NL Yeah, that's right.`` among ``[0:01:52.3] CC: Welcome ...`` lines;
- a hearing's clock times between the turns: ``*(10.00 am)*``, ``(10.02 am)``, ``(11.15)``, ``(Short break)``.

Each layout in a text file and in a Word file written by python-docx.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from researchkit.io import read_transcript
from researchkit.io.placeholders import PSEUDONYM_KIND_WORDS, bracketed_placeholder, is_placeholder
from researchkit.privacy import KeyEntry, PrivacyKey, apply_key
from researchkit.privacy.entry import KIND_PREFIXES
from researchkit.transcripts import Corpus


def _write(folder: Path, name: str, lines: list[str], *, italic: set[int] = frozenset()) -> Path:
    """A ``.txt`` (one paragraph a line) or a ``.docx`` (one Word paragraph a line, italics where asked)."""
    path = folder / name
    if path.suffix == ".docx":
        document = docx.Document()
        for i, line in enumerate(lines):
            document.add_paragraph().add_run(line).italic = i in italic
        document.save(path)
    else:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _said(t) -> list[tuple[str, str]]:
    return [(x.speaker, t.text[x.start : x.end]) for x in t.turns]


def _pairs(interviewer: str, other: str) -> list[str]:
    return [f"{interviewer} Hoe gaat het met u?", f"{other} Goed, dank u.", f"{interviewer} En op het werk?",
            f"{other} Druk. [lacht]"]


LABELS = [
    # (interviewer label as written, other label as written, other speaker as read)
    ("Interviewer:", "[PERSOON-1]:", "[PERSOON-1]"),
    ("[PERSOON-2]:", "[PERSOON-1]:", "[PERSOON-1]"),
    ("Interviewer:", "[naam]:", "[naam]"),
    ("Interviewer:", "[NAAM]:", "[NAAM]"),
    ("<Interviewer>:", "<Respondent 3>:", "Respondent 3"),
    ("Interviewer:", "Respondent [X]:", "Respondent [X]"),
    ("[I]:", "[R1]:", "R1"),
    ("I:", "P1:", "P1"),
    ("I:", "P2 (vrouw, 34):", "P2 (vrouw, 34)"),
    ("I:", "###-1:", "###-1"),
    ("I:", "XXX:", "XXX"),
]


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
@pytest.mark.parametrize("interviewer, other, speaker", LABELS)
def test_anonymised_colon_labels(tmp_path, suffix, interviewer, other, speaker):
    t = read_transcript(_write(tmp_path, "anon" + suffix, _pairs(interviewer, other)))
    assert [s for s, _ in _said(t)][1::2] == [speaker, speaker]
    assert [said for _, said in _said(t)] == ["Hoe gaat het met u?", "Goed, dank u.", "En op het werk?", "Druk. [lacht]"]
    if interviewer != "[PERSOON-2]:":
        assert {x.role for x in t.turns[1::2]} == {"respondent"}
    else:  # two pseudonyms: the roles two names would have
        named = read_transcript(_write(tmp_path, "named" + suffix, _pairs("Jan Smit:", "Piet Jansen:")))
        assert [x.role for x in t.turns] == [x.role for x in named.turns]


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_pseudonym_alone_on_a_line_above_the_speech(tmp_path, suffix):
    lines = ["[PERSOON-1]", "Goedemorgen, hoe gaat het?", "[PERSOON-2]", "Goed. Ik werk bij [BEDRIJF-1].",
             "[PERSOON-1]", "En [PERSOON-3]?", "[PERSOON-2]", "[lacht]", "[PERSOON-3] zei dat ook.", "[onverstaanbaar]",
             "[00:12:34]", "[inaudible]", "Dat was het."]
    t = read_transcript(_write(tmp_path, "regels" + suffix, lines))
    assert _said(t) == [
        ("[PERSOON-1]", "Goedemorgen, hoe gaat het?"), ("[PERSOON-2]", "Goed. Ik werk bij [BEDRIJF-1]."),
        ("[PERSOON-1]", "En [PERSOON-3]?"),
        # the note right below a label line is the speaker's; the pseudonym opening a sentence is speech
        ("[PERSOON-2]", "[lacht]\n[PERSOON-3] zei dat ook.\n[onverstaanbaar]\n[00:12:34]\n[inaudible]\nDat was het.")]


def test_bracketed_notes_are_never_speakers(tmp_path):
    lines = ["Interviewer: Waar was u?", "[lacht]", "Respondent: Thuis.", "[onverstaanbaar]", "[inaudible]",
             "[00:12:34]", "Interviewer: En toen?", "[lacht]", "Respondent: Niets."]
    t = read_transcript(_write(tmp_path, "notes.txt", lines))
    assert {x.speaker for x in t.turns} == {"Interviewer", "Respondent", ""}
    assert not any(bracketed_placeholder(x) for x in ("[lacht]", "[onverstaanbaar]", "[inaudible]", "[00:12:34]"))


def test_a_pseudonym_used_once_in_speech_is_not_a_label(tmp_path):
    # "[PERSOON-3]:" once inside the speech is a name said once, as "Jan:" once would be: it stays in the turn
    lines = ["Interviewer: Wie zei dat?", "Respondent: Mijn baas.", "[PERSOON-3]: die zei altijd ja.",
             "Interviewer: En u?", "Respondent: Nee."]
    t = read_transcript(_write(tmp_path, "once.txt", lines))
    assert [s for s, _ in _said(t)] == ["Interviewer", "Respondent", "Interviewer", "Respondent"]
    assert _said(t)[1][1] == "Mijn baas.\n[PERSOON-3]: die zei altijd ja."


def test_researchkit_pseudonyms_are_placeholders():
    assert PSEUDONYM_KIND_WORDS == set(KIND_PREFIXES.values())
    assert all(is_placeholder(f"{word}-{n}") and is_placeholder(word) for word in KIND_PREFIXES.values() for n in (1, 12))
    assert not any(is_placeholder(t) for t in ("Interviewer", "Speaker 1", "Person 2", "SPEAKER_00", "lacht", "P1"))


ORIGINALS = {
    "colon.txt": ["Interviewer: Goedemorgen, Piet. Hoe gaat het?", "Piet Jansen: Goed. Ik werk met Anna de Boer.",
                  "Interviewer: En Anna?", "Anna de Boer: Ik ben er ook.", "Piet Jansen: Ja. [lacht]", "[onverstaanbaar]",
                  "Anna de Boer: Zeker.", "Interviewer: Dank u."],
    "timed.txt": ["[00:00:01] Interviewer: Hoe gaat het?", "[00:00:05] Piet Jansen: Goed. Ik werk met Anna de Boer.",
                  "[00:00:09] Interviewer: En Anna?", "[00:00:12] Anna de Boer: Ik ben er ook.", "[00:00:15] Piet Jansen: Ja.",
                  "[00:00:20] Anna de Boer: Zeker."],
    "bold.md": ["**Interviewer**", "", "Hoe gaat het?", "", "**Piet Jansen**", "", "Goed. Ik werk met Anna de Boer.", "",
                "**Interviewer**", "", "En Anna?", "", "**Anna de Boer**", "", "Ik ben er ook.", "", "**Piet Jansen**", "",
                "Ja.", "", "**Anna de Boer**", "", "Zeker."],
    "otter.txt": ["Interviewer  0:01", "Hoe gaat het?", "", "Piet Jansen  0:05", "Goed. Ik werk met Anna de Boer.", "",
                  "Interviewer  0:09", "En Anna?", "", "Anna de Boer  0:12", "Ik ben er ook.", "", "Piet Jansen  0:15",
                  "Ja.", "", "Anna de Boer  0:20", "Zeker."],
    "qualified.txt": ["Interviewer: Hoe gaat het?", "Piet Jansen (PJ): Goed.", "Interviewer: En verder?",
                      "Piet Jansen (PJ): Ja."],
    "docx.docx": ["Interviewer: Goedemorgen. Hoe gaat het?", "Piet Jansen: Goed.", "Interviewer: En Anna?",
                  "Anna de Boer: Ik ben er ook.", "Piet Jansen: Ja.", "Anna de Boer: Zeker."],
}


@pytest.mark.parametrize("name", sorted(ORIGINALS))
def test_a_transcript_researchkit_pseudonymised_reads_back_alike(tmp_path, name):
    original = read_transcript(_write(tmp_path, name, ORIGINALS[name]))
    key = PrivacyKey([KeyEntry("Piet Jansen", pseudonym="[PERSOON-1]"), KeyEntry("Anna de Boer", pseudonym="[PERSOON-2]")])
    pseudonymised = apply_key(Corpus([original]), key).corpus[original.doc_id]
    assert any(x.speaker.startswith("[PERSOON-1]") for x in pseudonymised.turns)
    out = tmp_path / "out"
    out.mkdir()
    path = out / (Path(name).stem + (".md" if name.endswith(".md") else ".txt"))  # as `researchkit privacy apply` writes it
    path.write_text(pseudonymised.text + "\n", encoding="utf-8")
    back = read_transcript(path)
    assert back.text == pseudonymised.text
    assert [(x.speaker, x.role, x.start, x.end, x.timestamp) for x in back.turns] == [
        (x.speaker, x.role, x.start, x.end, x.timestamp) for x in pseudonymised.turns]
    assert len(back.turns) == len(original.turns)


PODCAST = ["Transcript: episode 12", "[0:01:52.3] CC: Welcome to the show.", "[0:02:10.1] NL: Thanks for having me.",
           "[0:03:00.0] CC: So tell me how it started.", "[0:04:53.6] NL Yeah, that's right.",
           "[0:05:01.2] CC: Great.", "[0:05:30.0] NL: Indeed.", "[0:06:00.0] CC: And then?",
           "[0:06:10.4] Nick Land: I left."]


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_a_known_label_after_a_time_without_its_colon_opens_a_turn(tmp_path, suffix):
    t = read_transcript(_write(tmp_path, "podcast" + suffix, PODCAST))
    turns = [(x.speaker, x.timestamp, t.text[x.start : x.end]) for x in t.turns]
    assert turns[4] == ("NL", 293.6, "Yeah, that's right.")
    assert turns[3] == ("CC", 180.0, "So tell me how it started.")
    # "Nick Land:" once is NL by the initials (io/aliases.py)
    assert [s for s, _, _ in turns[1:]] == ["CC", "NL", "CC", "NL", "CC", "NL", "CC", "NL"]
    assert any("without its colon" in note for note in t.notes)


@pytest.mark.parametrize("line", [
    "[0:04:53.6] NL: Yeah, that's right.",  # the control: with its colon
    "[0:04:53.6] Nick Land Yeah.",  # a name used once with its colon is not established
    "[0:04:53.6] Yeah, NL is right.",  # a label elsewhere in the line
    "[0:04:53.6] nl yeah.",  # not as the file writes it
    "0:04:53.6 NL Yeah.",  # another kind of time mark
    "[4:53] NL Yeah.",
])
def test_only_known_labels_right_after_the_same_time_mark(tmp_path, line):
    lines = PODCAST[:4] + [line] + PODCAST[5:]
    t = read_transcript(_write(tmp_path, "podcast.txt", lines))
    opened = "NL" if line.startswith("[0:04:53.6] NL") else "CC"
    assert t.turns[4 if opened == "NL" else 3].speaker == opened
    if opened == "CC":
        assert t.text[t.turns[3].start : t.turns[3].end].endswith(line)


def test_time_marked_speech_is_not_read_for_labels(tmp_path):
    # most paragraphs after a time mark have no label: the file marks times in its speech, a name there is speech
    lines = ["CC: Welcome.", "[0:01:00.0] NL: Thanks.", "[0:02:00.0] CC: So?", "[0:03:00.0] NL went home then.",
             "[0:04:00.0] And so on.", "[0:05:00.0] Right.", "[0:06:00.0] Fine.", "NL: Yes."]
    t = read_transcript(_write(tmp_path, "speech.txt", lines))
    assert [x.speaker for x in t.turns] == ["CC", "NL", "CC", "NL"]
    assert t.text[t.turns[2].start : t.turns[2].end].endswith("[0:06:00.0] Fine.")


HEARING = ["*(10.00 am)*", "MR SMITH: Good morning, sir.", "THE CHAIR: Good morning.", "(10.02 am)",
           "MR SMITH: Shall we begin?", "(11.15)", "THE CHAIR: Yes, please.", "(Short break)", "(11.30 am)",
           "MR SMITH: Thank you.", "THE CHAIR: Go on."]


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_a_hearings_clock_times_are_stage_notes(tmp_path, suffix):
    lines = [line.strip("*") for line in HEARING] if suffix == ".docx" else HEARING
    t = read_transcript(_write(tmp_path, "hearing" + suffix, lines, italic={0}))
    turns = [(x.speaker, x.role, x.timestamp, t.text[x.start : x.end]) for x in t.turns]
    clock = lines[0]
    assert turns == [
        ("", "other", None, clock), ("MR SMITH", turns[1][1], None, "Good morning, sir."),
        ("THE CHAIR", turns[2][1], None, "Good morning."), ("", "other", None, "(10.02 am)"),
        ("MR SMITH", turns[1][1], None, "Shall we begin?"), ("", "other", None, "(11.15)"),
        ("THE CHAIR", turns[2][1], None, "Yes, please."), ("", "other", None, "(Short break)\n(11.30 am)"),
        ("MR SMITH", turns[1][1], None, "Thank you."),
        ("THE CHAIR", turns[2][1], None, "Go on.")]
    assert all(line in t.text for line in lines)  # nothing dropped
    assert not t.sync_points or all(ms not in (11 * 3600 + 15 * 60) * 1000 for _, ms in t.sync_points)

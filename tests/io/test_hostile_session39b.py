"""Hostile input for the readers merged late in session 39: the chair rule on ordinary interview and meeting
transcripts (io/parlchairs.py via io/assemble.py), the corpus table memo (io/sheetmemo.py), and annotation/CHAT
files of UTF-8 with a stray cp1252 byte at every place in their speech (io/xmlsafe.py, io/talkbank.py)."""

from __future__ import annotations

import os

import pytest

from researchkit.io import read_transcript, sheetmemo, skip_reason
from researchkit.io.table import table_frame


def _conversation(*labels: str, rounds: int = 3) -> str:
    return "\n".join(f"{label}: Words {k} from speaker {i} about the harbour and the town.\n"
                     for k in range(rounds) for i, label in enumerate(labels))


def _roles(path) -> dict[str, str]:
    found: dict[str, str] = {}
    for turn in read_transcript(path).turns:
        found.setdefault(turn.speaker, turn.role)
    return found


def test_a_researcher_interviewing_an_associations_chairman_and_secretary_is_no_sitting(tmp_path):
    """Anna (labelled by name) asks the chairman and the secretary of an association: three speakers, a bare
    ``Chairman:``, but Anna opens the interview. The chairman became the interviewer and Anna a respondent."""
    path = tmp_path / "association.txt"
    path.write_text(_conversation("Anna", "Chairman", "Secretary"), encoding="utf-8")
    assert "interviewer" not in _roles(path).values()
    journalist = tmp_path / "company.txt"
    journalist.write_text(_conversation("Journalist", "Chairman", "CEO"), encoding="utf-8")
    assert _roles(journalist)["Chairman"] != "interviewer"


@pytest.mark.parametrize(("labels", "expected"), [
    # a board meeting's minutes: the chairman opens the meeting and presides
    (("Chairman", "Treasurer", "Secretary"), {"Chairman": "interviewer", "Treasurer": "respondent", "Secretary": "respondent"}),
    # a committee's evidence session: the chair opens it
    (("Chair", "Ian Mearns", "Robert Halfon"), {"Chair": "interviewer", "Ian Mearns": "respondent", "Robert Halfon": "respondent"}),
    # a focus group with its moderator and a participant who chairs a club: the moderator asks
    (("Moderator", "Chair", "Jan", "Piet"), {"Moderator": "interviewer", "Chair": "respondent", "Jan": "respondent",
                                             "Piet": "respondent"}),
    # numbered voices are no office
    (("Speaker 1", "Speaker 2", "Speaker 3"), {"Speaker 1": "other", "Speaker 2": "other", "Speaker 3": "other"}),
    (("Interviewer", "Chair", "Bob"), {"Interviewer": "interviewer", "Chair": "respondent", "Bob": "respondent"}),
])
def test_the_chair_rule_on_meetings_focus_groups_and_interviews(tmp_path, labels, expected):
    path = tmp_path / "t.txt"
    path.write_text(_conversation(*labels), encoding="utf-8")
    assert _roles(path) == expected


TABLE = "speaker,text\nI,How was the harbour?\nR,Busy.\n"


def test_the_table_memo_never_hands_back_the_frame_of_other_bytes(tmp_path):
    """Sorted, then rewritten with bytes of the same length; a symlink and an equal copy each read their own."""
    path, copy, link = tmp_path / "r01.csv", tmp_path / "r02.csv", tmp_path / "r03.csv"
    path.write_text(TABLE, encoding="utf-8")
    copy.write_text(TABLE, encoding="utf-8")
    os.symlink(path, link)
    with sheetmemo.collecting():
        for p in (path, copy, link):
            assert skip_reason(p) is None
        changed = TABLE.replace("Busy.", "Quiet")
        assert len(changed) == len(TABLE)
        path.write_text(changed, encoding="utf-8")  # rewritten between the sorting and the read
        frame, _ = table_frame(path, path.read_bytes())
        assert list(frame["text"]) == ["How was the harbour?", "Quiet"]
        frame, _ = table_frame(link, link.read_bytes())  # the link's entry went with its target's key: parsed again
        assert list(frame["text"]) == ["How was the harbour?", "Quiet"]
        frame, _ = table_frame(copy, copy.read_bytes())
        assert list(frame["text"]) == ["How was the harbour?", "Busy."]
    assert not sheetmemo.active()


def test_the_table_memo_keeps_no_more_than_its_bound(tmp_path, monkeypatch):
    monkeypatch.setattr(sheetmemo, "MAX_BYTES", 3 * len(TABLE.encode()))
    with sheetmemo.collecting():
        for k in range(10):
            p = tmp_path / f"r{k:02d}.csv"
            p.write_text(TABLE, encoding="utf-8")
            skip_reason(p)
        assert len(sheetmemo._memo) == 3
        frame, _ = table_frame(tmp_path / "r09.csv", (tmp_path / "r09.csv").read_bytes())  # not kept: parsed again
        assert list(frame["speaker"]) == ["I", "R"]


EAF = ('<?xml version="1.0" encoding="UTF-8"?>\n'
       '<ANNOTATION_DOCUMENT AUTHOR="" DATE="2024-01-01T00:00:00+01:00" FORMAT="3.0" VERSION="3.0">\n'
       '<HEADER MEDIA_FILE="" TIME_UNITS="milliseconds"/>\n<TIME_ORDER>\n'
       '<TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="0"/><TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="900"/>\n'
       '<TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="1000"/><TIME_SLOT TIME_SLOT_ID="ts4" TIME_VALUE="2100"/>\n</TIME_ORDER>\n'
       '<TIER LINGUISTIC_TYPE_REF="default" PARTICIPANT="Anna" TIER_ID="Anna">\n'
       '<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">'
       '<ANNOTATION_VALUE>Was het café open?</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>\n</TIER>\n'
       '<TIER LINGUISTIC_TYPE_REF="default" PARTICIPANT="Zoë" TIER_ID="Zoë">\n'
       '<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="ts3" TIME_SLOT_REF2="ts4">'
       '<ANNOTATION_VALUE>Ja, het was open.</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>\n</TIER>\n'
       '<LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="default" TIME_ALIGNABLE="true"/>\n'
       '</ANNOTATION_DOCUMENT>\n')
CHAT = ("@UTF8\r\n@Begin\r\n@Languages:\tfra\r\n@Participants:\tCHI Zoë Target_Child, MOT Mother\r\n"
        "*MOT:\ttu veux un café ? \x15100_900\x15\r\n*CHI:\toui , le café de Zoë . \x151000_2100\x15\r\n@End\r\n")


@pytest.mark.parametrize(("name", "template", "words"), [
    ("r.eaf", EAF, ["Was het café open?", "Ja, het was open.", "Zoë"]),
    ("r.cha", CHAT, ["tu veux un café ?", "oui , le café de Zoë ."]),
])
@pytest.mark.parametrize(("byte", "char"), [(b"\xe9", "é"), (b"\x92", "\u2019"), (b"\xa0", "\u00a0")])
def test_a_stray_byte_anywhere_in_the_speech_reads_as_the_file_saved_as_utf8(tmp_path, name, template, words, byte, char):
    """Text, speakers, roles and offsets equal those of the file re-saved as UTF-8, the byte at every place of the
    speech and the speaker names; and the word around it is kept."""
    places = sorted({i for w in words for s in [template.index(w)] for i in range(s, s + len(w) + 1)})
    for i in places:
        mixed, clean = tmp_path / ("m" + name), tmp_path / ("c" + name)
        mixed.write_bytes(template[:i].encode() + byte + template[i:].encode())
        clean.write_bytes((template[:i] + char + template[i:]).encode())
        ours, theirs = read_transcript(mixed), read_transcript(clean)
        assert ours.text == theirs.text, i
        assert [(u.speaker, u.role, u.start, u.end) for u in ours.turns] == \
            [(u.speaker, u.role, u.start, u.end) for u in theirs.turns], i
        assert any("UTF-8 except for" in n for n in ours.notes), i


def test_a_note_of_bad_parliamentary_times_stays_short_for_thousands_of_them():
    """Every bad time was named whole: 5,000 of them, or a page of text typed into a time, made a note as long."""
    from researchkit.io.parltimes import BadTimes

    times = BadTimes("HAN021-E.XML")
    for k in range(5000):
        times.add(k + 10, "Timestamp", f"Hr='16' Mn='{75 + k}'")
    times.add(9000, "time.stamp", repr("x" * 100_000))
    note = times.note()
    assert len(note) < 2000
    assert "5001 time(s)" in note and "line 10, <Timestamp> Hr='16' Mn='75'" in note
    assert note.endswith("; ... and 4981 more (lines 30-9000)")
    short = BadTimes("a.xml")
    short.add(4, "time.stamp", repr("y" * 1000))
    assert short.note().endswith(f"line 4, <time.stamp> '{'y' * 59}... (1002 characters)")

"""Oyez oral-argument JSON (``api.oyez.org/case_media/oral_argument_audio/...``).

The fixture follows the layout of a real saved answer (``walkerdb/supreme_court_transcripts``,
``oyez/cases/2019.18-1584-t01.json``): ``media_file`` hrefs, ``transcript.title``, ``duration: null``,
sections of turns whose ``speaker`` carries ``roles`` (``scotus_justice``) or ``roles: null`` (an
advocate), ``byte_start``/``byte_stop`` zeros, and the last block's ``stop: 0``.
"""

from __future__ import annotations

import json

import pytest

from researchkit import read_corpus
from researchkit.errors import CODES, TranscriptError
from researchkit.io import read_transcript, skip_reason

ROBERTS = {"ID": 15086, "name": "John G. Roberts, Jr.", "last_name": "Roberts", "identifier": "john_g_roberts_jr",
           "roles": [{"id": 2730, "type": "scotus_justice", "role_title": "Chief Justice of the United States"}]}
GINSBURG = {"ID": 15084, "name": "Ruth Bader Ginsburg", "roles": [{"type": "scotus_justice",
                                                                  "role_title": "Associate Justice of the Supreme Court"}]}
YANG = {"ID": 17293, "name": "Anthony A. Yang", "roles": None, "thumbnail": None}
KNEEDLER = {"ID": 17294, "name": "Edwin S. Kneedler", "roles": None}


def _turn(speaker, start, *texts):
    return {"start": start, "stop": start + 1, "byte_start": 0, "byte_stop": 0, "speaker": speaker,
            "text_blocks": [{"start": start + i, "stop": start + i + 1, "byte_start": 0, "byte_stop": 0, "text": text}
                            for i, text in enumerate(texts)]}


def _argument(**changes):
    root = {"id": 24972, "title": "Oral Argument - February 24, 2020",
            "media_file": [{"id": 80865, "mime": "audio/mpeg", "size": 14853832,
                            "href": "https://s3.amazonaws.com/oyez.case-media.mp3/case_data/2019/18-1587/argument.mp3"}],
            "transcript": {"title": "UNITED STATES FOREST SERVICE, ET AL., Petitioners, v. COWPASTURE", "duration": None,
                           "sections": [
                               {"start": 0, "stop": 40, "byte_start": 0, "byte_stop": 0, "turns": [
                                   _turn(ROBERTS, 0, "We'll hear argument first this morning. Mr. Yang."),
                                   _turn(YANG, 12.48, "Mr. Chief Justice, and may it please the Court:", "It does not."),
                                   _turn(GINSBURG, 20, "Mr. Yang, may I ask you a preliminary --"),
                                   _turn(None, 24, "(Inaudible)"),
                                   _turn(ROBERTS, 26, "Thank you, counsel.")]},
                               {"start": 40, "stop": 60, "turns": [
                                   _turn(ROBERTS, 40, "Mr. Kneedler."), _turn(KNEEDLER, 42, "Thank you.", "")]},
                               {"start": 60, "stop": 70, "turns": [
                                   _turn(ROBERTS, 60, "Rebuttal, Mr. Yang."),
                                   {"start": 62, "stop": 0, "speaker": YANG, "text_blocks": [
                                       {"start": 62, "stop": 0, "text": "Briefly. The case is submitted."}]}]}]},
            "public_note": None, "unavailable": False, "damaged": False, "display_title": None}
    root.update(changes)
    return root


def _write(tmp_path, root, name="2019.18-1584-t01.json"):
    path = tmp_path / name
    path.write_text(json.dumps(root), encoding="utf-8")
    return path


def _turns(t):
    return [(turn.speaker, turn.role, turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns]


def test_oyez_turns_roles_times_sections_and_offsets(tmp_path):
    t = read_transcript(_write(tmp_path, _argument()))
    assert t.source.format == "oyez"
    assert _turns(t) == [
        ("", "other", None, "Argument of Anthony A. Yang"),
        ("John G. Roberts, Jr.", "interviewer", 0.0, "We'll hear argument first this morning. Mr. Yang."),
        ("Anthony A. Yang", "respondent", 12.48, "Mr. Chief Justice, and may it please the Court:\nIt does not."),
        ("Ruth Bader Ginsburg", "interviewer", 20.0, "Mr. Yang, may I ask you a preliminary --"),
        ("(no speaker)", "other", 24.0, "(Inaudible)"),
        ("John G. Roberts, Jr.", "interviewer", 26.0, "Thank you, counsel."),
        ("", "other", None, "Argument of Edwin S. Kneedler"),
        ("John G. Roberts, Jr.", "interviewer", 40.0, "Mr. Kneedler."),
        ("Edwin S. Kneedler", "respondent", 42.0, "Thank you."),
        ("", "other", None, "Rebuttal of Anthony A. Yang"),
        ("John G. Roberts, Jr.", "interviewer", 60.0, "Rebuttal, Mr. Yang."),
        ("Anthony A. Yang", "respondent", 62.0, "Briefly. The case is submitted."),
    ]
    assert t.text.startswith("Argument of Anthony A. Yang\nJohn G. Roberts, Jr.: We'll hear")
    assert t.attributes == {"title": "Oral Argument - February 24, 2020",
                            "case": "UNITED STATES FOREST SERVICE, ET AL., Petitioners, v. COWPASTURE",
                            "media": "https://s3.amazonaws.com/oyez.case-media.mp3/case_data/2019/18-1587/argument.mp3",
                            "oyez_id": "24972"}
    notes = " | ".join(t.notes)
    assert "read as an Oyez oral argument: 10 text block(s) in 3 section(s)" in notes
    assert "2 justice(s) ask (interviewer), 2 advocate(s) answer (respondent)" in notes
    assert "1 turn(s) without a speaker (speaker: null) written as '(no speaker)', role other: transcript.sections[0].turns[3]" in notes
    assert "1 turn(s) or text block(s) without text: transcript.sections[1].turns[1].text_blocks[1]" in notes
    assert "Argument of Anthony A. Yang; Argument of Edwin S. Kneedler; Rebuttal of Anthony A. Yang" in notes


def test_one_section_has_no_heading_and_labels_decide(tmp_path):
    root = _argument()
    root["transcript"]["sections"] = root["transcript"]["sections"][:1]
    t = read_transcript(_write(tmp_path, root), labels={"Anthony A. Yang": "other"})
    assert [turn.speaker for turn in t.turns][:2] == ["John G. Roberts, Jr.", "Anthony A. Yang"]
    assert t.turns[1].role == "other"
    assert not any(note.startswith("3 sections") for note in t.notes)


def test_without_roles_the_questions_decide_and_it_is_noted(tmp_path):
    root = _argument()
    for section in root["transcript"]["sections"]:
        for turn in section["turns"]:
            if turn["speaker"]:
                turn["speaker"] = {**turn["speaker"], "roles": None}
    t = read_transcript(_write(tmp_path, root))
    assert any("no speaker carries Oyez's roles" in note for note in t.notes)
    assert any(note.startswith("3 sections") and "Section 1" in note for note in t.notes)


def test_flags_and_public_note_are_noted(tmp_path):
    root = _argument(damaged=True, public_note="Audio begins late.")
    root["transcript"]["duration"] = 10**400  # a duration that is no number is no attribute, and no error
    t = read_transcript(_write(tmp_path, root))
    assert "duration" not in t.attributes
    assert "Oyez marks this recording damaged" in t.notes
    assert "Oyez's note: 'Audio begins late.'" in t.notes


def test_transcript_null_is_rk137_and_still_a_transcript_in_a_folder(tmp_path):
    path = _write(tmp_path, _argument(transcript=None))
    assert skip_reason(path) is None  # Oyez's answer, not some other JSON: read and reported, never skipped silently
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert err.value.code == "RK137" and "2019.18-1584-t01.json" in str(err.value) and "transcript: null" in str(err.value)


def test_case_summary_json_is_skipped(tmp_path):
    summary = tmp_path / "2019.18-1584.json"
    summary.write_text(json.dumps({"ID": 62969, "name": "U.S. Forest Service v. Cowpasture", "oral_argument_audio": []}))
    assert "JSON" in (skip_reason(summary) or "")


@pytest.mark.parametrize("damage, place", [
    (lambda r: r["transcript"]["sections"][0]["turns"][1]["text_blocks"][0].update(start="12,5"),
     "transcript.sections[0].turns[1].text_blocks[0].start"),
    (lambda r: r["transcript"]["sections"][0]["turns"][1].update(start=-3), "transcript.sections[0].turns[1].start"),
    (lambda r: r["transcript"]["sections"][2].update(start=10**400), "transcript.sections[2].start"),
    (lambda r: r["transcript"]["sections"][1]["turns"][0].update(speaker="Roberts"), "transcript.sections[1].turns[0].speaker"),
    (lambda r: r["transcript"]["sections"][1].update(turns={"a": 1}), "transcript.sections[1].turns"),
    (lambda r: r["transcript"].update(sections=[3]), "transcript.sections[0]"),
    (lambda r: r["transcript"]["sections"][0]["turns"][0]["text_blocks"][0].update(text=["x"]),
     "transcript.sections[0].turns[0].text_blocks[0].text"),
])
def test_damaged_parts_are_rk137_naming_the_place(tmp_path, damage, place):
    root = _argument()
    damage(root)
    with pytest.raises(TranscriptError) as err:
        read_transcript(_write(tmp_path, root))
    assert err.value.code == "RK137" and place in str(err.value) and "2019.18-1584-t01.json" in str(err.value)


def test_no_words_is_rk104(tmp_path):
    root = _argument()
    root["transcript"]["sections"] = [{"turns": [_turn(ROBERTS, 0, "", "  ")]}]
    with pytest.raises(TranscriptError) as err:
        read_transcript(_write(tmp_path, root))
    assert err.value.code == "RK104"


def test_read_corpus_reads_oyez_beside_other_json(tmp_path):
    _write(tmp_path, _argument())
    (tmp_path / "package.json").write_text('{"name": "x", "version": "1.0.0"}')
    corpus = read_corpus(tmp_path)
    assert [t.doc_id for t in corpus] == ["2019.18-1584-t01"]


def test_the_code_is_in_the_catalogue():
    assert "RK137" in CODES and "RK121" in CODES

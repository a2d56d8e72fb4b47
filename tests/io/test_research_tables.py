"""Transcript tables as research data sets publish them (compound column names, study variables, a corpus in
one file), and a service's JSON wrapped in a response object. Fixtures are small tables in the data sets' layouts."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest

from researchkit import read_corpus
from researchkit.errors import TranscriptError
from researchkit.io import read_transcript
from researchkit.io.table import split_table

ANNOMI_HEADER = ("transcript_id,mi_quality,video_title,video_url,topic,utterance_id,interlocutor,timestamp,utterance_text,"
                 "main_therapist_behaviour,client_talk_type\n")


def test_compound_names_give_speaker_text_and_time(tmp_path):
    # AnnoMI's layout: interlocutor, utterance_text, timestamp; the study's variables beside them
    p = tmp_path / "mi_0.csv"
    p.write_text(ANNOMI_HEADER
                 + '0,high,Alcohol,https://v/1,alcohol,0,therapist,00:00:13,"Thanks for coming, really.",question,n/a\n'
                 + "0,high,Alcohol,https://v/1,alcohol,1,client,00:00:24,Sure.,n/a,neutral\n"
                 + "0,high,Alcohol,https://v/1,alcohol,2,therapist,00:00:25,How do you feel?,question,n/a\n", encoding="utf-8")
    t = read_transcript(p)
    assert [(x.speaker, x.timestamp, t.turn_text(x)) for x in t.turns] == [
        ("therapist", 13.0, "Thanks for coming, really."), ("client", 24.0, "Sure."), ("therapist", 25.0, "How do you feel?")]
    assert t.attributes["mi_quality"] == "high" and t.attributes["topic"] == "alcohol" and t.attributes["transcript_id"] == "0"
    assert any("'utterance_id', 'main_therapist_behaviour', 'client_talk_type'" in n for n in t.notes)


def test_time_column_is_the_one_that_holds_times(tmp_path):
    # zoomGroupStats' processed transcript: a start in seconds and a start as a date and clock time
    p = tmp_path / "zoom.csv"
    p.write_text("utteranceId,utteranceStartSeconds,utteranceStartTime,utteranceEndSeconds,userName,utteranceMessage,utteranceLanguage\n"
                 "1,0.24,2020-04-20 13:30:13,3.5,Tom Smith,Hello everyone.,en\n"
                 "2,4.1,2020-04-20 13:30:17,6.0,Janet Jones,Hi Tom.,en\n", encoding="utf-8")
    t = read_transcript(p)
    assert [(x.speaker, x.timestamp) for x in t.turns] == [("Tom Smith", 0.24), ("Janet Jones", 4.1)]
    assert t.attributes == {"utterancelanguage": "en"}


def test_millisecond_column_names_are_read_as_milliseconds(tmp_path):
    p = tmp_path / "ms.tsv"
    p.write_text("speaker\tstart_ms\ttext\nA\t1500\tYes.\nB\t2250\tNo.\n", encoding="utf-8")
    t = read_transcript(p)
    assert [x.timestamp for x in t.turns] == [1.5, 2.25]
    assert any("milliseconds by the column's name" in n for n in t.notes)


def test_two_candidate_text_columns_are_an_error_naming_both(tmp_path):
    p = tmp_path / "two.csv"
    p.write_text("speaker,turn_text,source_text\nA,Hi.,Hoi.\n", encoding="utf-8")
    # turn_text is a whole name: taken
    assert read_transcript(p).text.startswith("A: Hi.")
    p.write_text("speaker,english_text,dutch_text\nA,Hi.,Hoi.\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"RK145.*two\.csv: cannot tell which column holds the text: 'english_text', "
                                              r"'dutch_text'.*columns=\{'text': 'english_text'\}"):
        read_transcript(p)
    t = read_transcript(p, columns={"text": "dutch_text"})
    assert "Hoi." in t.text and any("'english_text'" in n for n in t.notes)


def test_a_corpus_in_one_table_is_refused_and_can_be_split(tmp_path):
    p = tmp_path / "AnnoMI-simple.csv"
    p.write_text(ANNOMI_HEADER
                 + "0,high,A,u,t,0,therapist,00:00:13,Hi.,question,n/a\n"
                 + "0,high,A,u,t,1,client,00:00:24,Hello.,n/a,neutral\n"
                 + "1,low,B,u,t,0,therapist,00:00:02,Quit.,therapist_input,n/a\n"
                 + "1,low,B,u,t,1,client,00:00:05,No.,n/a,sustain\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"RK146.*AnnoMI-simple\.csv: holds 2 conversations, not one: column "
                                              r"'transcript_id' has '0', '1'.*split_table"):
        read_transcript(p)
    files = split_table(p, "transcript_id", tmp_path / "split")
    assert [f.name for f in files] == ["AnnoMI-simple_0.csv", "AnnoMI-simple_1.csv"]
    corpus = read_corpus(tmp_path / "split")
    assert corpus["AnnoMI-simple_1"].attributes["mi_quality"] == "low"
    assert [x.speaker for x in corpus["AnnoMI-simple_1"].turns] == ["therapist", "client"]
    with pytest.raises(TranscriptError, match=r"RK145.*has no column 'session'"):
        split_table(p, "session", tmp_path / "x")


def test_doc_id_on_many_rows_is_a_transcript_table_not_an_attributes_sheet(tmp_path):
    folder = tmp_path / "t"
    folder.mkdir()
    # Switchboard as its R package tabulates it: doc_id, speaker, utterance_text, the caller's variables
    (folder / "sw4325.csv").write_text(
        "doc_id,damsl_tag,speaker,utterance_text,sex\n4325,o,A,Okay.,FEMALE\n4325,qy,B,\"So, you do?\",FEMALE\n", encoding="utf-8")
    (folder / "attributes.csv").write_text("doc_id,naam,comment\nsw4325,Piet,late\n", encoding="utf-8")
    corpus = read_corpus(folder)
    assert len(corpus) == 1 and [t.doc_id for t in corpus] == ["sw4325"]  # attributes.csv stays an attributes sheet
    t = corpus["sw4325"]
    assert [x.speaker for x in t.turns] == ["A", "B"] and t.attributes["sex"] == "FEMALE"


def test_columns_with_one_value_a_speaker_are_listed(tmp_path):
    p = tmp_path / "sw.csv"
    p.write_text("speaker,text,birth_year\n" + "A,One.,1962\nB,Two.,1971\n" * 3, encoding="utf-8")
    t = read_transcript(p)
    assert any("one value a speaker" in n and "'birth_year'" in n for n in t.notes)
    assert "birth_year" not in t.attributes


def test_workbook_first_sheet_and_semicolon_bom_csv(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "transcript"
    for row in (["Participant_ID", "Utterance", "Start_Time"], ["P01", "I live here.", "0:00:05"], ["P02", "Me too.", "0:00:09"]):
        ws.append(row)
    wb.create_sheet("codebook").append(["code", "definition"])
    p = tmp_path / "fg.xlsx"
    wb.save(p)
    t = read_transcript(p)
    assert [(x.speaker, x.timestamp) for x in t.turns] == [("P01", 5.0), ("P02", 9.0)]
    c = tmp_path / "semi.csv"
    c.write_bytes("\ufeffSpreker;Tekst;Tijd\nInterviewer;Goedendag, welkom.;00:00:01\nPiet;Dag;00:00:03\n".encode("utf-8"))
    t = read_transcript(c)
    assert [(x.speaker, x.role, t.turn_text(x)) for x in t.turns] == [
        ("Interviewer", "interviewer", "Goedendag, welkom."), ("Piet", "respondent", "Dag")]


def test_json_wrapped_in_a_response_object(tmp_path):
    p = tmp_path / "job.json"
    p.write_text(json.dumps({"id": "j-1", "output": {"duration": 12.5, "segments": [
        {"start": 0, "end": 7.3, "speaker_id": "B", "text": "Imagine a drive.", "words": []},
        {"start": 7.5, "end": 9.0, "speaker_id": "A", "text": "Yes.", "words": []}]}}), encoding="utf-8")
    t = read_transcript(p)
    assert [(x.speaker, x.timestamp) for x in t.turns] == [("B", 0.0), ("A", 7.5)]
    assert t.attributes["duration"] == 12.5
    assert any("under 'output'" in n and "'id'" in n for n in t.notes)
    p.write_text(json.dumps({"a": {"segments": []}, "b": {"segments": []}}), encoding="utf-8")
    with pytest.raises(TranscriptError, match="RK102"):
        read_transcript(p)


def test_elan_tab_delimited_export_clock_times_are_not_milliseconds(tmp_path):
    # ELAN's File > Export As > Tab-delimited Text: Tier, Begin Time - hh:mm:ss.ms, ..., Annotation
    p = tmp_path / "elan.tsv"
    p.write_text("Tier\tBegin Time - hh:mm:ss.ms\tEnd Time - hh:mm:ss.ms\tDuration - hh:mm:ss.ms\tAnnotation\n"
                 "INT\t00:00:01.250\t00:00:03.000\t00:00:01.750\tWhere did you grow up?\n"
                 "RESP\t00:00:03.500\t00:00:06.000\t00:00:02.500\tIn Leiden.\n", encoding="utf-8")
    t = read_transcript(p)
    assert [(x.speaker, x.role, x.timestamp) for x in t.turns] == [("INT", "interviewer", 1.25), ("RESP", "respondent", 3.5)]
    assert not any("milliseconds" in n for n in t.notes)

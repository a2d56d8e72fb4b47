"""Sync points: every time a transcript's source gives a place in its text, kept beside the turns.

A turn keeps its first paragraph's time; ``Transcript.sync_points`` keep the times inside it
(a cue of a subtitle file, a segment of a speech recogniser, a time written in the text), so
any passage can be timed (``Transcript.time_at``), also after pseudonymisation, in a
project, in a REFI-QDA round trip and in the quotes of the analysis.
"""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

from researchkit.analysis.quotes import quotes
from researchkit.io import read_transcript
from researchkit.privacy.apply import pseudonymise_transcript
from researchkit.project import Project
from researchkit.refi import media_time, read_qdpx
from researchkit.transcripts import Corpus

VTT = """WEBVTT

00:00:02.000 --> 00:00:05.000
<v Interviewer>Waar werkt u?

00:00:06.500 --> 00:00:09.000
<v Respondent>In de haven van Delfzijl.

00:00:09.250 --> 00:00:12.000
<v Respondent>Bel me op 06-12345678 als u wilt.

00:01:15.000 --> 00:01:19.000
<v Respondent>De douane komt zelden langs.
"""


def _paragraph_at(t, offset: int) -> str:
    return t.text[offset:].split("\n", 1)[0]


def test_each_cue_of_a_turn_keeps_its_time(tmp_path):
    path = tmp_path / "R01.vtt"
    path.write_text(VTT, encoding="utf-8")
    t = read_transcript(path)
    assert [ms for _, ms in t.sync_points] == [2000, 6500, 9250, 75000]
    assert [_paragraph_at(t, o) for o, _ in t.sync_points] == [
        "Interviewer: Waar werkt u?", "Respondent: In de haven van Delfzijl.", "Bel me op 06-12345678 als u wilt.",
        "De douane komt zelden langs."]
    respondent = t.turns[1]
    assert respondent.timestamp == 6.5  # the turn keeps its first cue's time ...
    late = t.text.index("douane")
    assert respondent.start < late < respondent.end and t.time_at(late) == 75.0  # ... the cue inside it its own


def test_times_written_in_a_text_file(tmp_path):
    path = tmp_path / "R02.txt"
    path.write_text("[00:00:05] I: Hoe lang woont u hier?\n"
                    "[00:00:09] R: Twintig jaar.\n"
                    "[00:01:00]\n"
                    "Eerst in Harlingen, toen hier.\n"
                    "I: En daarna? #00:02:10-4#\n"
                    "R: Niets.\n", encoding="utf-8")
    t = read_transcript(path)
    places = {_paragraph_at(t, o)[:20]: ms for o, ms in t.sync_points}
    assert places["[00:00:05] I: Hoe la"] == 5000 and places["[00:00:09] R: Twinti"] == 9000
    assert places["[00:01:00]"] == 60000
    mark = t.text.index(" #00:02:10-4#")
    assert (mark, 130400) in t.sync_points  # f4's mark: the time the paragraph ends, where the mark begins
    assert t.time_at(t.text.index("Harlingen")) == 60.0 and t.time_at(t.text.index("Niets")) == 130.4


def test_segments_of_a_speech_recogniser(tmp_path):
    path = tmp_path / "R03.json"
    path.write_text(json.dumps({"segments": [
        {"start": 0.0, "end": 2.0, "text": " Goedemorgen.", "speaker": "SPEAKER_00"},
        {"start": 2.5, "end": 4.0, "text": " Waar gaat het over?", "speaker": "SPEAKER_00"},
        {"start": 4.5, "end": 8.0, "text": " Over de haven.", "speaker": "SPEAKER_01"}]}), encoding="utf-8")
    t = read_transcript(path)
    assert [ms for _, ms in t.sync_points] == [0, 2500, 4500]
    assert t.time_at(t.text.index("Waar gaat")) == 2.5


def test_a_file_without_times_has_none(tmp_path):
    path = tmp_path / "R04.txt"
    path.write_text("I: Waar?\nR: Hier.\n", encoding="utf-8")
    t = read_transcript(path)
    assert t.sync_points == () and t.time_at(5) is None


def test_pseudonymisation_moves_them_with_the_text(tmp_path):
    path = tmp_path / "R01.vtt"
    path.write_text(VTT, encoding="utf-8")
    t = read_transcript(path)
    new, _ = pseudonymise_transcript(t)
    assert "06-12345678" not in new.text and len(new.text) != len(t.text)
    assert [ms for _, ms in new.sync_points] == [ms for _, ms in t.sync_points]
    assert [_paragraph_at(new, o) for o, _ in new.sync_points][-1] == "De douane komt zelden langs."
    assert new.time_at(new.text.index("douane")) == 75.0


def test_a_project_keeps_them_and_a_qdpx_carries_them(tmp_path):
    path = tmp_path / "R01.vtt"
    path.write_text(VTT, encoding="utf-8")
    t = read_transcript(path)
    project = Project.create(tmp_path / "p.rkp")
    project.add_documents(t)
    assert project.corpus()["R01"].sync_points == t.sync_points
    project.export_qdpx(tmp_path / "out.qdpx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ex = read_qdpx(tmp_path / "out.qdpx")
    assert ex.sync_points["R01"] == t.sync_points and ex.corpus["R01"].sync_points == t.sync_points
    other = Project.create(tmp_path / "q.rkp")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        other.import_qdpx(tmp_path / "out.qdpx")
    assert other.corpus()["R01"].sync_points == t.sync_points
    assert media_time(other.corpus()["R01"], t.text.index("douane")).seconds == 75.0


def test_a_quote_is_timed_by_its_own_cue(tmp_path):
    path = tmp_path / "R01.vtt"
    path.write_text(VTT, encoding="utf-8")
    t = read_transcript(path)
    corpus = Corpus([t])
    start = t.text.index("De douane")
    codings = pd.DataFrame([{"doc_id": "R01", "start": start, "end": start + len("De douane komt zelden langs."),
                             "code": "DOU", "coder": "anna", "source": "manual"},
                            {"doc_id": "R01", "start": t.text.index("In de haven"), "end": t.text.index("In de haven") + 11,
                             "code": "DOU", "coder": "anna", "source": "manual"}])
    chosen = quotes(codings, corpus, code="DOU", n=2)
    times = dict(zip(chosen["text"], chosen["timestamp"]))
    assert times == {"De douane komt zelden langs.": 75.0, "In de haven": 6.5}


@pytest.mark.parametrize("bad", [((99, 0),), ((0, -5),), ((0, 1.5),), ((0,),)])
def test_a_hand_built_transcript_with_impossible_sync_points_is_refused(tmp_path, bad):
    from researchkit.errors import ProjectError
    from researchkit.transcripts import Transcript

    project = Project.create(tmp_path / "p.rkp")
    with pytest.raises(ProjectError) as err:
        project.add_documents(Transcript("R05", "R: ja", sync_points=bad))
    assert err.value.code == "RK334" and "R05" in str(err.value) and "sync point" in str(err.value)
    assert len(project.documents()) == 0  # nothing stored

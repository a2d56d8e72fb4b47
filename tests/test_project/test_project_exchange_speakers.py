"""Speaker attributes (focus groups) through REFI-QDA and a project, on every backend.

A project's speaker attributes leave as one case per participant and come back into
another project exactly; person cases of another program (a ``.qdpx`` written here as NVivo
writes one) are stored as speaker attributes; a stored speaker keeps the attributes the
file does not give.
"""

from __future__ import annotations

import warnings
import zipfile

import pandas as pd

from researchkit.project import Project
from researchkit.refi import read_qdpx
from researchkit.refi.turns import turns_for_text
from researchkit.transcripts import Transcript

FOCUS = ("MOD: Welkom allemaal. Wat betekent de haven voor jullie?\n"
         "ANNA: Ik vis al dertig jaar vanuit Urk op tong.\n"
         "BERT: Voor mij is het werk, ik controleer vracht bij de douane.\n"
         "COR: Ik ben gestopt met vissen, de prijzen zijn te laag.\n"
         "MOD: Wat is er veranderd?\n"
         "ANNA: De quota, en de brandstof is duur geworden.\n"
         "BERT: Meer containers, minder mensen.\n"
         "COR: Alles, eerlijk gezegd.\n")
INTERVIEW = "I: Hoe gaat het in de haven?\nR: Goed, dank u.\n"
G = "00000000-0000-4000-8000-0000000000{:02d}".format


def _quiet(call, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(*args, **kwargs)


def _sheet() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["FG1", "FG1", "FG1"], "speaker": ["ANNA", "BERT", "COR"],
                         "sector": ["visserij", "douane", "visserij"], "age": [51, 38, 64]})


def _fill(p: Project) -> None:
    p.add_documents([Transcript("FG1", FOCUS, turns_for_text("FG1", FOCUS), {"place": "Urk"}),
                     Transcript("R01", INTERVIEW, turns_for_text("R01", INTERVIEW), {"place": "Harlingen"})])
    p.set_speaker_attributes(_sheet())


def test_speaker_attributes_go_out_as_cases_and_come_back_into_another_project(project, tmp_path):
    _fill(project)
    path = tmp_path / "fg.qdpx"
    report = _quiet(project.export_qdpx, path)
    assert report.counts["speaker cases"] == 3
    with zipfile.ZipFile(path) as z:
        qde = z.read("project.qde").decode("utf-8")
    assert 'name="FG1: ANNA"' in qde and qde.count("<SelectionRef ") == 6
    copy = Project.create(tmp_path / "copy.rkp", user="tester")
    try:
        imported = _quiet(copy.import_qdpx, path)
        assert imported.counts["imported_speakers"] == 3
        pd.testing.assert_frame_equal(copy.speaker_attributes(), project.speaker_attributes())
        assert copy.corpus().speaker_attributes.equals(project.speaker_attributes())
        assert copy.corpus()["FG1"].attributes == {"place": "Urk"}
    finally:
        copy.close()


def test_person_cases_of_another_program_are_stored_as_speaker_attributes(project, tmp_path):
    _fill(project)
    a = FOCUS.index("ANNA: Ik vis")
    b = FOCUS.index("ANNA: De quota")
    body = (f'<Variables><Variable guid="{G(80)}" name="age" typeOfVariable="Integer"/>'
            f'<Variable guid="{G(81)}" name="children" typeOfVariable="Integer"/></Variables>'
            f'<Cases><Case guid="{G(60)}" name="ANNA"><VariableValue><VariableRef targetGUID="{G(80)}"/><IntegerValue>52</IntegerValue>'
            f'</VariableValue><VariableValue><VariableRef targetGUID="{G(81)}"/><IntegerValue>3</IntegerValue></VariableValue>'
            f'<SelectionRef targetGUID="{G(20)}"/><SelectionRef targetGUID="{G(21)}"/></Case></Cases>'
            f'<Sources><TextSource guid="{G(1)}" name="FG1" plainTextPath="internal://{G(1)}.txt">'
            f'<PlainTextSelection guid="{G(20)}" startPosition="{a}" endPosition="{FOCUS.index(chr(10), a)}"/>'
            f'<PlainTextSelection guid="{G(21)}" startPosition="{b}" endPosition="{FOCUS.index(chr(10), b)}"/>'
            "</TextSource></Sources>")
    path = tmp_path / "nvivo.qdpx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", f'<Project xmlns="urn:QDA-XML:project:1.0" name="fg" origin="NVivo 14">{body}</Project>')
        z.writestr(f"sources/{G(1)}.txt", FOCUS.encode("utf-8"))
    assert _quiet(read_qdpx, path).corpus.speaker_attributes.reset_index().to_dict("records") == [
        {"doc_id": "FG1", "speaker": "ANNA", "age": 52, "children": 3}]
    report = _quiet(project.import_qdpx, path)
    assert report.counts["imported_speakers"] == 1
    stored = project.speaker_attributes()
    assert stored.index.tolist() == [("FG1", "ANNA"), ("FG1", "BERT"), ("FG1", "COR")]
    # the file's values win for Anna; what it does not give (sector), and the other speakers, stay as stored
    assert stored.loc[("FG1", "ANNA")].to_dict() == {"sector": "visserij", "age": 52, "children": 3}
    assert str(stored["age"].dtype) == "int64"  # whole numbers stay whole numbers when rows are merged
    assert stored.loc[("FG1", "BERT"), "age"] == 38 and pd.isna(stored.loc[("FG1", "BERT"), "children"])
    assert project.corpus()["FG1"].attributes == {"place": "Urk"}

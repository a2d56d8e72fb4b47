"""Speaker-level attributes (focus groups) in the project store, on every backend.

A focus group and an interview are written as text files and read with the readers; the
speakers sheet is a CSV (and an XLSX) written here. What the project gives back must be what
``read_corpus(folder, speakers=sheet)`` gives in memory; unknown speakers are refused as
``join_speaker_attributes`` refuses them; a changed transcript keeps the rows of speakers
who still speak and drops (reports, audits) the others.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from researchkit import read_corpus
from researchkit.cli import main
from researchkit.errors import AttributesError, ProjectError
from researchkit.project import Project, schema
from researchkit.project.speakerfacts import SPEAKERS_FACT

FOCUS = (
    "Gespreksleider: Welkom allemaal. Wat zien jullie in de haven?\n"
    "DE WIT: Ik zag 's nachts een busje bij de sluis staan.\n"
    "Deelnemer 2: Drugs komen hier binnen, dat vermoed ik al jaren.\n"
    "Deelnemer 3: Ik heb eigenlijk niets bijzonders gezien.\n"
    "Gespreksleider: Nog iets?\n"
    "DE WIT: Nee, verder niet.\n"
)
INTERVIEW = "I: Wat ziet u in de haven?\nR: Vreemde boten, 's nachts.\n"
SHEET = ("doc_id,speaker,group,organisation,born\n"
         "F1,Ann de Wit,politie,Politie basisteam,23-04-1971\n"
         "F1,Deelnemer 2,bedrijfsleven,Visser,\n"
         "F1,Deelnemer 3,handhaving,Douane,30-11-1980\n")


def same(left: pd.DataFrame, right: pd.DataFrame) -> None:
    """The same table: index, columns and values (an empty cell is missing on both sides; the dtype a reader chose aside)."""
    def cells(frame: pd.DataFrame) -> list[list]:
        return [[None if pd.isna(v) else v for v in row] for row in frame.itertuples(index=False, name=None)]

    assert (left.index.names, left.index.tolist(), list(left.columns)) == (right.index.names, right.index.tolist(), list(right.columns))
    assert cells(left) == cells(right)


@pytest.fixture
def study(tmp_path: Path) -> Path:
    docs = tmp_path / "transcripts"
    docs.mkdir()
    (docs / "F1.txt").write_text(FOCUS, encoding="utf-8")
    (docs / "R01.txt").write_text(INTERVIEW, encoding="utf-8")
    (tmp_path / "speakers.csv").write_text(SHEET, encoding="utf-8")
    return tmp_path


@pytest.fixture
def stored(project: Project, study: Path) -> Project:
    """The project holding the focus group and the interview (no speaker attributes yet)."""
    project.add_documents(read_corpus(study / "transcripts"))
    return project


def test_the_project_gives_back_what_read_corpus_gives_in_memory(stored, study):
    report = stored.set_speaker_attributes(study / "speakers.csv")
    in_memory = read_corpus(study / "transcripts", speakers=study / "speakers.csv")
    corpus = stored.corpus()
    same(corpus.speaker_attributes, in_memory.speaker_attributes)
    same(corpus.speakers, in_memory.speakers)
    assert corpus.speaker_attributes.loc[("F1", "DE WIT")].tolist() == ["politie", "Politie basisteam", "1971-04-23"]
    assert pd.isna(corpus.speaker_attributes.loc[("F1", "Deelnemer 2"), "born"])
    same(stored.speaker_attributes(), in_memory.speaker_attributes)
    assert report.changed == ["F1"] and report.removed.empty
    assert report.notes == ["speakers sheet rows matched to the label written otherwise in the transcript: F1 / 'Ann de Wit' as 'DE WIT'"]
    # the documents without speaker rows are in the corpus as before; selecting documents selects their speakers
    assert stored.corpus(doc_ids=["R01"]).speaker_attributes is None
    assert stored.corpus(doc_ids=["F1"]).speaker_attributes.index.tolist() == [("F1", "DE WIT"), ("F1", "Deelnemer 2"), ("F1", "Deelnemer 3")]


def test_a_second_connection_sees_them_and_an_xlsx_sheet_reads_as_the_csv(stored, study, project_url):
    pd.read_csv(study / "speakers.csv", dtype=str, keep_default_na=False).to_excel(study / "speakers.xlsx", index=False)
    stored.set_speaker_attributes(study / "speakers.xlsx")
    with Project.open(project_url, read_only=True) as colleague:
        seen = colleague.corpus().speakers
        with pytest.raises(ProjectError, match="RK312"):
            colleague.set_speaker_attributes(study / "speakers.csv")
    assert seen.set_index("speaker").loc["DE WIT", ["role", "turns", "group"]].tolist() == ["respondent", 2, "politie"]
    assert stored.history(action="set_speaker_attributes")["who"].tolist() == ["tester"]


def test_every_unknown_pair_is_listed_and_nothing_is_written(stored, study):
    (study / "bad.csv").write_text(SHEET + "F1,Deelnemer 9,politie,x,\nF9,M1,douane,y,\n", encoding="utf-8")
    with pytest.raises(AttributesError, match=r"RK134.*bad\.csv.*F1 / Deelnemer 9, F9 / M1"):
        stored.set_speaker_attributes(study / "bad.csv")
    assert stored.speaker_attributes().empty
    assert stored.history(action="set_speaker_attributes").empty


def test_a_speaker_given_twice_is_refused(stored):
    sheet = pd.DataFrame({"doc_id": ["F1", "F1"], "speaker": ["Deelnemer 2", "Deelnemer 2"], "group": ["a", "b"]})
    with pytest.raises(ProjectError, match=r"RK336.*F1 / Deelnemer 2"):
        stored.set_speaker_attributes(sheet)
    assert stored.speaker_attributes().empty
    assert list(sheet.columns) == ["doc_id", "speaker", "group"]  # the caller's table is left as it was


def test_a_sheet_replaces_the_rows_of_the_documents_it_names_and_reports_what_it_removes(stored, study):
    stored.set_speaker_attributes(study / "speakers.csv")
    seq = stored.history()["seq"].max()
    again = stored.set_speaker_attributes(study / "speakers.csv")  # the same sheet: nothing changes, nothing logged
    assert again.changed == [] and stored.history()["seq"].max() == seq

    fewer = pd.DataFrame({"doc_id": ["F1", "F1"], "speaker": ["DE WIT", "Deelnemer 2"], "group": ["politie", "visserij"]})
    report = stored.set_speaker_attributes(fewer)
    assert report.removed[["doc_id", "speaker"]].values.tolist() == [["F1", "Deelnemer 3"]]
    assert json.loads(report.removed.loc[0, "attributes"])["organisation"] == "Douane"
    assert stored.speaker_attributes().reset_index().values.tolist() == [["F1", "DE WIT", "politie"], ["F1", "Deelnemer 2", "visserij"]]
    entry = stored.history(action="set_speaker_attributes").iloc[-1]
    assert entry["target"] == "speakers:F1"
    assert json.loads(entry["before"])["speakers"]["Deelnemer 3"]["group"] == "handhaving"
    assert json.loads(entry["after"]) == {"columns": ["group"], "sheet": "<speakers>",
                                          "speakers": {"DE WIT": {"group": "politie"}, "Deelnemer 2": {"group": "visserij"}}}

    r01 = pd.DataFrame({"doc_id": ["R01"], "speaker": ["R"], "group": ["douane"]})
    stored.set_speaker_attributes(r01)  # another document: F1 keeps its rows
    assert stored.speaker_attributes().index.get_level_values(0).tolist() == ["F1", "F1", "R01"]
    replaced = stored.set_speaker_attributes(r01.assign(group="haven"), replace=True)  # the whole set: F1 loses its rows
    assert sorted(replaced.removed["speaker"]) == ["DE WIT", "Deelnemer 2"] and replaced.changed == ["F1", "R01"]
    assert stored.speaker_attributes().reset_index().values.tolist() == [["R01", "R", "haven"]]
    assert stored.history(action="remove_speaker_attributes")["target"].tolist() == ["speakers:F1"]
    assert stored.clear_speaker_attributes()[["doc_id", "speaker"]].values.tolist() == [["R01", "R"]]
    assert stored.speaker_attributes().empty and stored.corpus().speaker_attributes is None
    with pytest.raises(ProjectError, match="RK315"):
        stored.clear_speaker_attributes(doc_ids=["F9"])


def test_a_changed_transcript_keeps_the_speakers_who_still_speak_and_reports_the_others(stored, study):
    stored.set_speaker_attributes(study / "speakers.csv")
    # a typo corrected: the same speakers, every row kept
    (study / "transcripts" / "F1.txt").write_text(FOCUS.replace("bijzonders", "bijzonder"), encoding="utf-8")
    report = stored.add_documents(read_corpus(study / "transcripts"))
    assert report.documents.set_index("doc_id").loc["F1", "status"] == "changed"
    assert set(report.speakers["status"]) == {"kept"} and report.dropped_speakers.empty
    assert len(stored.speaker_attributes()) == 3
    # participant 3 left out of the corrected transcript: that row goes, listed and logged
    (study / "transcripts" / "F1.txt").write_text(FOCUS.replace("Deelnemer 3: Ik heb eigenlijk niets bijzonders gezien.\n", ""),
                                                 encoding="utf-8")
    report = stored.add_documents(read_corpus(study / "transcripts"))
    assert report.dropped_speakers[["doc_id", "speaker"]].values.tolist() == [["F1", "Deelnemer 3"]]
    assert report.speakers.set_index("speaker")["status"].to_dict() == {"DE WIT": "kept", "Deelnemer 2": "kept", "Deelnemer 3": "dropped"}
    assert "speakers={'kept': 2, 'dropped': 1}" in repr(report)
    assert stored.speaker_attributes().index.get_level_values("speaker").tolist() == ["DE WIT", "Deelnemer 2"]
    entry = stored.history(action="drop_speaker_attributes").iloc[-1]
    assert entry["target"] == "speakers:F1" and json.loads(entry["before"])["Deelnemer 3"]["group"] == "handhaving"
    # no speaker left: the fact goes entirely
    (study / "transcripts" / "F1.txt").write_text("Een verslag zonder sprekers.\n", encoding="utf-8")
    report = stored.add_documents(read_corpus(study / "transcripts"))
    assert sorted(report.dropped_speakers["speaker"]) == ["DE WIT", "Deelnemer 2"]
    assert stored.corpus().speaker_attributes is None


def test_adding_a_corpus_read_with_a_speakers_sheet_stores_it(project, study):
    corpus = read_corpus(study / "transcripts", speakers=study / "speakers.csv")
    report = project.add_documents(corpus)
    assert report.speakers["status"].tolist() == ["stored"] * 3
    same(project.corpus().speaker_attributes, corpus.speaker_attributes)
    assert project.history(action="set_speaker_attributes")["target"].tolist() == ["speakers:F1"]
    again = project.add_documents(corpus)  # nothing changed: nothing reported, nothing logged
    assert again.speakers.empty and len(project.history(action="set_speaker_attributes")) == 1


def test_a_failed_transaction_stores_nothing(stored, study):
    with pytest.raises(RuntimeError):
        with stored.transaction():
            stored.set_speaker_attributes(study / "speakers.csv")
            raise RuntimeError("a later step failed")
    assert stored.speaker_attributes().empty


def test_backup_and_restore_keep_them(stored, study, tmp_path):
    stored.set_speaker_attributes(study / "speakers.csv")
    folder = stored.backup(tmp_path / "backup")
    facts = json.loads((folder / "project.json").read_text(encoding="utf-8"))["project"]
    assert sum(key.startswith(SPEAKERS_FACT) for key in facts) == 1
    with Project.restore(folder, str(tmp_path / "restored.rkp")) as restored:
        pd.testing.assert_frame_equal(restored.speaker_attributes(), stored.speaker_attributes())


def test_a_value_damaged_outside_researchkit_is_named(stored, study):
    stored.set_speaker_attributes(study / "speakers.csv")
    table = schema.project_table
    with stored.engine.begin() as conn:
        conn.execute(table.update().where(table.c.key.like(SPEAKERS_FACT + "%")).values(value='{"columns": 3}'))
    with pytest.raises(ProjectError, match=r"RK337.*'F1'.*damaged"):
        stored.corpus()
    with pytest.raises(ProjectError, match="RK337"):
        stored.speaker_attributes()


def test_status_counts_the_speakers_with_attributes(stored, study, project_url, capsys):
    assert (stored.status()["speakers"], stored.status()["speaker_documents"]) == (0, 0)
    assert main(["project", "status", project_url]) == 0
    assert "Speakers with attributes" not in capsys.readouterr().out  # nothing stored: nothing said
    stored.set_speaker_attributes(study / "speakers.csv")
    assert (stored.status()["speakers"], stored.status()["speaker_documents"]) == (3, 1)
    assert main(["project", "status", project_url]) == 0
    assert "Speakers with attributes: 3 in 1 document(s)" in capsys.readouterr().out


def test_cli_import_list_and_clear(stored, study, project_url, capsys):
    assert main(["project", "speakers", "import", str(study / "speakers.csv"), "--project", project_url, "--user", "bert"]) == 0
    out = capsys.readouterr().out
    assert "3 speaker(s) of 1 document(s)" in out and "'Ann de Wit' as 'DE WIT'" in out
    assert main(["project", "speakers", "list", project_url]) == 0
    listed = capsys.readouterr().out
    assert listed.splitlines()[:2] == ["doc_id,speaker,group,organisation,born", "F1,DE WIT,politie,Politie basisteam,1971-04-23"]
    assert main(["project", "speakers", "list", project_url, "-o", str(study / "out.csv")]) == 0
    assert pd.read_csv(study / "out.csv", dtype=str)["speaker"].tolist() == ["DE WIT", "Deelnemer 2", "Deelnemer 3"]
    (study / "bad.csv").write_text(SHEET + "F1,Deelnemer 9,politie,x,\n", encoding="utf-8")
    assert main(["project", "speakers", "import", project_url, str(study / "bad.csv")]) == 2
    assert "RK134" in capsys.readouterr().err
    assert main(["project", "speakers", "clear", project_url, "--doc", "F1"]) == 0
    assert "3 speaker(s) of 1 document(s)" in capsys.readouterr().out
    with Project.open(project_url) as p:
        assert p.speaker_attributes().empty
        assert p.history(action="set_speaker_attributes")["who"].tolist() == ["bert"]


def test_cli_add_with_a_speakers_sheet_and_a_dropped_speaker(project_url, study, capsys):
    assert main(["project", "init", project_url]) == 0
    assert main(["project", "add", project_url, str(study / "transcripts"), "--speakers", str(study / "speakers.csv")]) == 0
    assert "Speaker attributes: stored 3" in capsys.readouterr().out
    (study / "transcripts" / "F1.txt").write_text(FOCUS.replace("Deelnemer 2: Drugs komen hier binnen, dat vermoed ik al jaren.\n", ""),
                                                 encoding="utf-8")
    assert main(["project", "add", project_url, str(study / "transcripts")]) == 0
    out = capsys.readouterr().out
    assert "kept 2, dropped 1" in out and "dropped: F1 / Deelnemer 2" in out


def test_the_stored_json_is_canonical(stored, study):
    stored.set_speaker_attributes(study / "speakers.csv")
    with stored.engine.connect() as conn:
        value = conn.execute(sa.select(schema.project_table.c.value).where(schema.project_table.c.key.like(SPEAKERS_FACT + "%"))).scalar_one()
    assert value.startswith('{"columns":["group","organisation","born"],"speakers":[["DE WIT",{"born":"1971-04-23"')

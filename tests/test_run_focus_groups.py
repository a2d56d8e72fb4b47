"""The main job on a study with a focus group: a speaker sheet, and counting per speaker.

The small study of the report tests (four interviews) gets a focus group (``F1.txt``: a
moderator and three participants of three groups) and a speaker-level attributes sheet.
With ``report.count_per: speaker`` every participant is a respondent of their own group in
the frequency tables, the figures, the summaries and the method text; by default the
focus group is one respondent of its document's group. A second study (``chapters_study``)
lets the participants and the moderator speak about partners and information, and gives
one participant a port of their own, for the information-position and white-spot chapters
and the optional co-occurrence, framework-matrix and partner-network chapters.
"""

from __future__ import annotations

import importlib.util
import pathlib

import pandas as pd
import pytest
import yaml

from researchkit.errors import RunError
from researchkit.run import RunConfig, reproduce, run

_spec = importlib.util.spec_from_file_location("report_small", pathlib.Path(__file__).parent / "data" / "report" / "small.py")
small = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(small)

FOCUS_GROUP = (
    "Gespreksleider: Welkom allemaal. Wat zien jullie in de haven?\n"
    "Deelnemer 1: Ik zag 's nachts een busje bij de sluis staan.\n"
    "Deelnemer 2: Drugs komen hier binnen, dat vermoed ik al jaren.\n"
    "Deelnemer 3: Ik heb eigenlijk niets bijzonders gezien.\n"
    "Gespreksleider: Nog iets?\n"
    "Deelnemer 1: Nee, verder niet.\n"
)
SPEAKERS = ("doc_id,speaker,group,organisation\n"
            "F1,Deelnemer 1,politie,Politie basisteam\n"
            "F1,Deelnemer 2,bedrijfsleven,Visser\n"
            "F1,Deelnemer 3,handhaving,Douane\n")


def study(folder: pathlib.Path, **report) -> pathlib.Path:
    config = small.write(folder)
    (folder / "transcripts" / "F1.txt").write_text(FOCUS_GROUP, encoding="utf-8")
    attributes = pd.read_csv(folder / "transcripts" / "attributes.csv")
    extra = pd.DataFrame([{"doc_id": "F1", "group": "gemengd", "organisation": "Focusgroep", "port": "Lauwersoog",
                           "date": "2026-03-20", "interviewer": "Sanne Dijkstra"}])
    pd.concat([attributes, extra], ignore_index=True).to_csv(folder / "transcripts" / "attributes.csv", index=False)
    (folder / "speakers.csv").write_text(SPEAKERS, encoding="utf-8")
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["speakers"] = "speakers.csv"
    data["report"].update(report)
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config


def frequencies_of(out: pathlib.Path, code: str) -> dict[str, list[int]]:
    table = pd.read_csv(out / "tables" / "frequencies.csv")
    rows = table[table["code"] == code]
    return {g: [int(r), int(n)] for g, r, n in zip(rows["group"], rows["respondents"], rows["n_respondents"])}


@pytest.fixture(scope="module")
def per_speaker(tmp_path_factory):
    folder = tmp_path_factory.mktemp("focus")
    config = study(folder, count_per="speaker")
    return folder, config, run(config, progress=None)


def test_every_participant_counts_in_their_own_group(per_speaker):
    folder, _config, _result = per_speaker
    # politie: R1, R4 and participant 1 (busje); handhaving: R2 and participant 3; bedrijfsleven: R3 and participant 2
    assert frequencies_of(folder / "out", "SIG.1") == {"bedrijfsleven": [1, 2], "handhaving": [1, 2], "politie": [2, 3]}
    assert frequencies_of(folder / "out", "VERM.1")["bedrijfsleven"] == [2, 2]  # R3 "ik denk", participant 2 "vermoed ik"
    markdown = (folder / "out" / "report.md").read_text(encoding="utf-8")
    assert "gebaseerd op 5 interviews met 7 respondenten" in markdown
    assert "politie (n=3)" in markdown and "gemengd" not in markdown.split("## ", 2)[-1].split("Bijlage")[0].split("Tabel")[0]


def test_a_participants_quote_is_attributed_to_the_participant(per_speaker):
    folder, _config, _result = per_speaker
    markdown = (folder / "out" / "report.md").read_text(encoding="utf-8")
    # F1 is the first document (R01); its participants are R01-1 ... in order of speaking, with their own organisation
    assert "“Ik zag 's nachts een busje bij de sluis staan.” (R01-1, Politie basisteam, Lauwersoog)" in markdown
    assert "(R01, Focusgroep" not in markdown.split("Bijlage")[0]
    # the respondent appendix lists the focus group and, under it, its participants with their own attributes
    assert "| R01 | gemengd | Focusgroep | Lauwersoog |\n| R01-1 | politie | Politie basisteam | Lauwersoog |\n" \
           "| R01-2 | bedrijfsleven | Visser | Lauwersoog |\n| R01-3 | handhaving | Douane | Lauwersoog |\n| R02 |" in markdown


def test_the_reidentification_check_counts_participants(tmp_path):
    config = study(tmp_path, count_per="speaker", reidentification="coarsen")
    result = run(config, progress=None)
    note = next(n for n in result.notes if n.startswith("re-identification check: 8 respondent(s)"))
    assert "R01-1, R01-2, R01-3" in note
    quotes_note = next(n for n in result.notes if n.startswith("re-identification check: attribution coarsened for the quotes"))
    assert "(R01-1, without organisation)" in quotes_note
    markdown = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    # Lauwersoog covers the focus group and its three participants; Politie basisteam x Lauwersoog only one
    assert "“Ik zag 's nachts een busje bij de sluis staan.” (R01-1, Lauwersoog)" in markdown


def test_the_speaker_sheet_is_an_input_of_the_manifest_and_the_run_reproduces(per_speaker):
    folder, config, result = per_speaker
    assert "speakers.csv" in {pathlib.Path(p).name for p in result.manifest["inputs"]}
    assert result.manifest["parameters"]["speakers"] == "speakers.csv"
    assert result.manifest["parameters"]["report"]["count_per"] == "speaker"
    report = reproduce(folder / "out" / "manifest.json")
    assert report.ok, str(report)
    assert set(report.outputs["status"]) == {"identical"}


def test_per_document_the_focus_group_is_one_respondent(tmp_path):
    config = study(tmp_path)
    run(config, progress=None)
    counts = frequencies_of(tmp_path / "out", "SIG.1")
    assert counts["gemengd"] == [1, 1] and counts["politie"] == [1, 2]  # R1 (busje); R4 has no SIG.1
    assert "gebaseerd op 5 interviews met 5 respondenten" in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")


def test_a_speaker_sheet_naming_an_unknown_speaker_stops_the_job(tmp_path):
    config = study(tmp_path, count_per="speaker")
    (tmp_path / "speakers.csv").write_text(SPEAKERS + "F1,Deelnemer 9,politie,Politie\n", encoding="utf-8")
    with pytest.raises(Exception, match="RK134.*Deelnemer 9"):
        run(config, progress=None)
    assert not (tmp_path / "out").exists()


def test_count_per_is_checked():
    with pytest.raises(RunError, match="report.count_per must be 'document' or 'speaker', got 'turn'"):
        RunConfig.from_dict({"codebook": "c.yaml", "report": {"count_per": "turn"}})


def project_study(folder: pathlib.Path, *, sheet: bool) -> pathlib.Path:
    """The study moved into a project (``study.rkp``) holding the speaker sheet; the job reads the project,
    with or without a ``speakers:`` sheet of its own."""
    from researchkit.io import read_corpus
    from researchkit.project import Project

    config = study(folder, count_per="speaker")
    corpus = read_corpus(folder / "transcripts", attributes=folder / "transcripts" / "attributes.csv")
    with Project.create(folder / "study.rkp", user="anna") as project:
        project.add_documents(corpus)
        project.set_speaker_attributes(folder / "speakers.csv")
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    for key in ("transcripts", "attributes", "speakers"):
        data.pop(key)
    data.update(project="study.rkp", autocode={"unit": "sentence", "roles": ["respondent"]})
    if sheet:  # participant 1 moved to another group in the job's own sheet
        (folder / "speakers-job.csv").write_text(SPEAKERS.replace("politie,Politie basisteam", "handhaving,Douane"), encoding="utf-8")
        data["speakers"] = "speakers-job.csv"
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config


def test_a_project_holding_the_speaker_sheet_counts_per_speaker_as_the_files_do(tmp_path, per_speaker):
    result = run(project_study(tmp_path, sheet=False), progress=None)
    files_folder = per_speaker[0]
    assert frequencies_of(tmp_path / "out", "SIG.1") == frequencies_of(files_folder / "out", "SIG.1") \
        == {"bedrijfsleven": [1, 2], "handhaving": [1, 2], "politie": [2, 3]}
    assert "gebaseerd op 5 interviews met 7 respondenten" in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert not any(n.startswith("speakers:") for n in result.notes)


def test_a_speakers_sheet_given_with_a_project_wins_with_a_note(tmp_path):
    result = run(project_study(tmp_path, sheet=True), progress=None)
    assert "speakers: speakers-job.csv is used; the project's stored speaker attributes (3 speakers) are not" in result.notes
    # participant 1 (busje) now counts in handhaving: R2 and participants 1 and 3
    assert frequencies_of(tmp_path / "out", "SIG.1") == {"bedrijfsleven": [1, 2], "handhaving": [2, 3], "politie": [1, 2]}


# the moderator's questions are coded too (autocode on interviewer turns): ACT.POL and INFO.4, ACT.DOU and
# ACT.POL on nobody's turn; participants 1 and 2 name the customs and the police in one sentence each
CHAPTERS_GROUP = FOCUS_GROUP.replace("Gespreksleider: Nog iets?\n", (
    "Gespreksleider: Deelt de politie informatie met jullie?\n"
    "Deelnemer 1: De politie deelt weinig informatie met ons.\n"
    "Deelnemer 3: Met de politie delen wij alles.\n"
    "Gespreksleider: Werken de douane en de politie samen?\n"
    "Deelnemer 1: Douane en politie werken goed samen.\n"
    "Deelnemer 2: De douane en de politie zien wij nooit samen.\n"))
# participant 2 (drugs, "vermoed ik") is from Harlingen; the others have the focus group's port, Lauwersoog
CHAPTERS_SPEAKERS = ("doc_id,speaker,group,organisation,port\n"
                     "F1,Deelnemer 1,politie,Politie basisteam,\n"
                     "F1,Deelnemer 2,bedrijfsleven,Visser,Harlingen\n"
                     "F1,Deelnemer 3,handhaving,Douane,\n")


def chapters_study(folder: pathlib.Path, **report) -> pathlib.Path:
    config = study(folder, **report)
    assert CHAPTERS_GROUP != FOCUS_GROUP
    (folder / "transcripts" / "F1.txt").write_text(CHAPTERS_GROUP, encoding="utf-8")
    (folder / "speakers.csv").write_text(CHAPTERS_SPEAKERS, encoding="utf-8")
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["autocode"] = {"unit": "sentence", "roles": ["respondent", "interviewer"]}
    # every chapter, and the optional ones that count respondents: they too count per speaker
    data["report"]["chapters"] = ["SIG", "VERM", "FEN", "ACT", "INFO", "information_position", "white_spots",
                                  "cooccurrence", "framework", "partner_network"]
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config


@pytest.fixture(scope="module", params=["speaker", "document"])
def chapters(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"chapters-{request.param}")
    result = run(chapters_study(folder, count_per=request.param), progress=None)
    return request.param, folder / "out", result


def chapter(out: pathlib.Path, heading: str) -> str:
    markdown = (out / "report.md").read_text(encoding="utf-8")
    start = markdown.index(heading)
    return markdown[start:markdown.index("\n# ", start)]


def test_the_information_position_chapter_counts_each_participant(chapters):
    per, out, _result = chapters
    table = pd.read_csv(out / "tables" / "information_position.csv", keep_default_na=False)
    share = table[(table["partner"] == "ACT.POL") & (table["dimension"] == "share")].iloc[0]
    text = chapter(out, "Informatiepositie per partner")
    if per == "speaker":
        # participants 1 and 3 (R01-1, R01-3), R2 and R4; the moderator's question is nobody's passage
        assert (share["respondents"], share["passages"], share["documents"]) == (4, 4, 3)
        assert share["respondent_codes"] == "R01-1; R01-3; R03; R05"
        assert "delen door Politie (4 respondenten)" in text and "| Politie | 1 | 4 |" in text
    else:
        # the focus group is one respondent, R01; the moderator's question is one of its passages
        assert (share["respondents"], share["passages"], share["documents"]) == (3, 5, 3)
        assert share["respondent_codes"] == "R01; R03; R05"
        assert "delen door Politie (3 respondenten)" in text and "| Politie | 1 | 3 |" in text


def test_the_white_spot_chapter_puts_a_participant_in_their_own_port(chapters):
    per, out, _result = chapters
    table = pd.read_csv(out / "tables" / "white_spots.csv").set_index(["port", "phenomenon"])
    text = chapter(out, "Witte vlekken")
    if per == "speaker":
        # participant 2's suspicion of drug smuggling counts for Harlingen (their port), not Lauwersoog (the group's)
        assert table.loc[("Harlingen", "FEN.DRU"), ["mentions", "suspicions", "respondents"]].tolist() == [3, 3, 3]
        assert table.loc[("Lauwersoog", "FEN.DRU"), ["mentions", "white_spot"]].tolist() == [0, False]
        assert "Harlingen – Drugssmokkel: 3 passages" in text and "Lauwersoog – Drugssmokkel" not in text
    else:
        # R2's interviewer asking "En drugs?" is a mention of Harlingen's document
        assert table.loc[("Harlingen", "FEN.DRU"), ["mentions", "suspicions", "respondents"]].tolist() == [3, 2, 2]
        assert table.loc[("Lauwersoog", "FEN.DRU"), ["mentions", "white_spot"]].tolist() == [1, True]
        assert "Lauwersoog – Drugssmokkel: 1 passage met vermoedens" in text


def test_codings_on_the_moderators_turn_are_noted_once(chapters):
    per, _out, result = chapters
    said = [n for n in result.notes if "respondent's turn" in n]
    if per == "speaker":
        # F1's question about the police and R2's "En drugs?": listed by the report, not again by each chapter
        assert said == ["counting per speaker: 5 coding(s) lie on no respondent's turn (a moderator's question, "
                        "a header) and are not counted (F1: 4, R2: 1)"]
    else:
        assert said == []
    assert not [n for n in result.notes if n.startswith(("information_position:", "white_spots:", "cooccurrence:",
                                                         "framework:", "partner_network:"))]


def test_the_partner_network_chapter_links_partners_in_one_participants_words(chapters):
    per, out, _result = chapters
    table = pd.read_csv(out / "tables" / "partner_network.csv").set_index(["source", "target"])
    edge = table.loc[("ACT.POL", "ACT.DOU"), ["count", "documents", "respondents"]].tolist()
    text = chapter(out, "Netwerk van partners")
    if per == "speaker":
        # R4's sentence, participants 1 and 2 (two respondents); not the moderator's question
        assert edge == [3, 2, 3]
        assert "| Politie | Douane | 3 | 3 |" in text and "door dezelfde deelnemer" in text
    else:
        # R4's sentence and three sentences of the focus group (one respondent), the moderator's among them
        assert edge == [4, 2, 2]
        assert "| Politie | Douane | 4 | 2 |" in text and "deelnemer" not in text


def test_the_cooccurrence_chapter_counts_each_participants_sentences(chapters):
    per, out, _result = chapters
    table = pd.read_csv(out / "tables" / "cooccurrence.csv").set_index(["code_a", "code_b"])
    text = chapter(out, "Samenhang tussen thema's")
    # actors with information: R1, R2 (two coders, one sentence), R4, participants 1 and 3, and per document the
    # moderator's question about the police and information
    if per == "speaker":
        assert table.loc[("ACT", "INFO"), ["n_a", "count"]].tolist() == [7, 5]
        assert "| Actoren | Informatiepositie | 5 |" in text and "dezelfde deelnemer" in text
    else:
        assert table.loc[("ACT", "INFO"), ["n_a", "count"]].tolist() == [9, 6]
        assert "| Actoren | Informatiepositie | 6 |" in text and "deelnemer" not in text


def test_the_framework_chapter_has_a_row_per_participant(chapters):
    per, out, _result = chapters
    table = pd.read_csv(out / "tables" / "framework_1.csv", keep_default_na=False)
    actors = dict(zip(table.loc[table["code"] == "ACT", "respondent"], table.loc[table["code"] == "ACT", "n_passages"]))
    text = chapter(out, "Raamwerkmatrix")
    if per == "speaker":
        # each participant by their own code; the moderator's two questions are nobody's passages
        assert actors == {"R01-1": 2, "R01-2": 1, "R01-3": 1, "R02": 1, "R03": 1, "R04": 0, "R05": 1}
        assert "\n| R01-1 | 1 fragment: " in text and "\n| R01 |" not in text
    else:
        # the focus group is one respondent: its participants' passages and the moderator's questions
        assert actors == {"R01": 6, "R02": 1, "R03": 1, "R04": 0, "R05": 1}
        assert "\n| R01 | 1 fragment: " in text and "R01-1" not in text

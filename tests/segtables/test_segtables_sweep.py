"""Coded-segment tables of a sweep of real exports in public repositories (files no other test names).

* ATLAS.ti 23+ quotation manager export: ``ICSA26-supplementary-material/edgeai.empirical-study.replication-package``
  ``thematic_analisys/atlas.ti_exports/README.md`` documents its ``20250914_quotation_export.csv``
  (400 coded fragments): Number (``1:1``), Reference (the paragraph), Name (usually empty),
  Text Content, Document, Codes, Number of Codes, Comment, Initial Position, Final Position,
  Extensão (the length; the researchers' ATLAS.ti ran in Portuguese), Creation Date,
  Modification Date. Before: ``Text Content`` was not a passage column, so the passage was
  read from the empty ``Name`` and every row was "no passage"; the table was not recognised as
  ATLAS.ti's.
"""

from __future__ import annotations

from segment_fixtures import write_xlsx

from researchkit.segtables import import_segment_table
from researchkit.segtables.columns import plan_columns
from researchkit.transcripts import Corpus, Transcript

FRAGMENT = ("README of the repository\n\n"
            "We keep the model on the device because the network is unreliable.\n\n"
            "Updates are pushed over MQTT when the gateway is online.\n\n"
            "We keep the model on the device because the network is unreliable.\n")

ATLAS23 = ["Number", "Reference", "Name", "Text Content", "Document", "Codes", "Number of Codes", "Comment",
           "Initial Position", "Final Position", "Extensão", "Creation Date", "Modification Date"]


def test_the_columns_of_atlas_ti_23_quotation_export_name_the_passage_the_positions_and_the_program():
    plan = plan_columns(ATLAS23)
    assert plan.producer == "ATLAS.ti" and plan.unit == "paragraph"
    assert plan.roles["text"] == 3 and plan.roles["ref"] == 0 and plan.roles["code"] == 5 and plan.roles["memo"] == 7
    assert (plan.roles["start"], plan.roles["end"]) == (8, 9)
    assert [h for _, h in plan.ignored] == ["Number of Codes", "Extensão", "Creation Date", "Modification Date"]


def test_atlas_ti_23_quotations_are_placed_from_their_text_content_in_the_paragraph_they_name(tmp_path):
    path = write_xlsx(tmp_path / "20250914_quotation_export.xlsx", [
        ATLAS23,
        ["1:1", "3", "", "We keep the model on the device because the network is unreliable.", "frag-001",
         "T1. Edge Connectivity\nOffline operation", 2, "", 3, 3, 1, "14/09/2025 10:01", "14/09/2025 10:01"],
        ["1:2", "5", "", "Updates are pushed over MQTT when the gateway is online.", "frag-001",
         "T1. Edge Connectivity", 1, "pushed, not pulled", 5, 5, 1, "14/09/2025 10:02", "14/09/2025 10:02"],
        ["1:3", "7", "", "We keep the model on the device because the network is unreliable.", "frag-001",
         "Offline operation", 1, "", 7, 7, 1, "14/09/2025 10:03", "14/09/2025 10:03"],
    ])
    result = import_segment_table(path, Corpus([Transcript("frag-001", FRAGMENT)]), coder="ana")
    got = [(r.code, r.start, FRAGMENT[r.start:r.end], r.memo if isinstance(r.memo, str) else "") for r in result.codings.itertuples()]
    first, second = FRAGMENT.index("We keep"), FRAGMENT.rindex("We keep")
    assert sorted(got) == sorted([
        ("T1. Edge Connectivity", first, "We keep the model on the device because the network is unreliable.", ""),
        ("Offline operation", first, "We keep the model on the device because the network is unreliable.", ""),
        ("T1. Edge Connectivity", FRAGMENT.index("Updates"), "Updates are pushed over MQTT when the gateway is online.",
         "pushed, not pulled"),
        ("Offline operation", second, "We keep the model on the device because the network is unreliable.", ""),
    ])
    assert result.report.producer == "ATLAS.ti" and result.report.placed_rows == 3 and not result.report.issues

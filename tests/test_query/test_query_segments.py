"""Segments on a codings table and on a Project; matrix queries; saturation and case matrices."""


import pytest

from query_fixtures import R1, R2, span
from researchkit import Project, analysis
from researchkit.query import matrix_query, segments


def test_segments_columns_offsets_and_context(codings, corpus):
    seg = segments(codings, corpus=corpus, code="SAM")
    assert list(seg.columns[:13]) == ["doc_id", "start", "end", "code", "coder", "source", "text", "speaker", "role", "turn",
                                      "context", "context_start", "context_end"]
    assert {"port", "group"} <= set(seg.columns)
    assert len(seg) == 4 and seg["coder"].tolist() == ["anna", "anna", "bob", "anna"]
    texts = corpus.texts()
    for row in seg.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.text
        assert texts[row.doc_id][row.context_start:row.context_end] == row.context
    assert seg["context"].iloc[0] == "We werken samen met de douane."  # the sentence
    assert seg["speaker"].tolist() == ["HM", "HM", "HM", "V"] and seg["turn"].tolist() == [1, 3, 3, 1]
    turn = segments(codings, corpus=corpus, code="SAM", context="turn")
    assert turn["context"].iloc[0] == "We werken samen met de douane. De politie komt soms."
    words = segments(codings, corpus=corpus, code="SAM", context=2)
    assert words["context"].iloc[1] == "vroeger ook. Niemand ziet het."  # two words before, none after the end
    assert words["context"].iloc[3] == "ziet u?\nV: We werken samen met de politie.\nI: En informatie"  # words across turns
    doc = segments(codings, corpus=corpus, code="ACT.DOU", context="document")
    assert doc["context"].tolist() == [R1]


def test_segments_filters(codings, corpus):
    assert segments(codings, corpus=corpus, where={"port": "Urk"})["code"].tolist() == ["SAM", "INFO.WV", "FEN.DRU"]
    assert segments(codings, corpus=corpus, coder="bob")["text"].tolist() == ["Niemand ziet het."]
    assert segments(codings, corpus=corpus, source_kind="rules")["doc_id"].tolist() == ["R2"]
    assert segments(codings, corpus=corpus, code="ACT")["code"].tolist() == ["ACT.DOU"]
    assert segments(codings, corpus=corpus, code="ACT", descendants=False).empty
    assert len(segments(codings, corpus=corpus, code=["SAM", "INFO.WV"])) == 6
    emoji = segments(codings, corpus=corpus, code="FEN.DRU", where={"speaker": "V"})
    assert emoji["text"].tolist() == ["Cocaïne in een kotter 🚢 niet gezien."]
    assert emoji["start"].iloc[0] == span(R2, "Cocaïne")[0]


def test_segments_on_a_project(codings, corpus, tmp_path):
    project = Project.create(tmp_path / "p.rkp")
    project.add_documents(list(corpus))
    for coder, rows in codings.groupby("coder"):
        project.add_codings(rows, coder=coder)
    seg = segments(project, code="SAM", coder="anna", where={"port": "Harlingen"})
    assert seg["text"].tolist() == ["We werken samen met de douane.", "Niemand ziet het."]
    assert "id" in seg.columns and seg["id"].notna().all()
    m = matrix_query(project, rows="port", cols=["SAM", "INFO.WV NEAR 3 FEN.DRU", "SAM AND INFO.WV WITHIN turn"])
    assert m.counts.to_dict() == {"SAM": {"Harlingen": 2, "Urk": 1}, "INFO.WV NEAR 3 FEN.DRU": {"Harlingen": 1, "Urk": 1},
                                  "SAM AND INFO.WV WITHIN turn": {"Harlingen": 1, "Urk": 0}}
    cell = m.cell("Harlingen", "SAM AND INFO.WV WITHIN turn")
    assert cell["text"].tolist() == ["We werken samen met de douane. De politie komt soms."]
    assert m.documents.loc["Urk", "SAM"] == 1


def test_matrix_by_case_and_speaker(codings, corpus):
    m = matrix_query(codings, rows="doc_id", cols={"samen": "SAM", "fen": "FEN.DRU"}, corpus=corpus)
    assert m.counts.to_dict() == {"samen": {"R1": 2, "R2": 1}, "fen": {"R1": 1, "R2": 1}}
    by_role = matrix_query(codings, rows="role", cols=["SAM"], corpus=corpus)
    assert by_role.counts.to_dict() == {"SAM": {"respondent": 3}}


def test_saturation_known_answer(codings, corpus):
    table = analysis.saturation(codings, corpus)
    assert table[["doc_id", "codes", "new_codes", "cumulative_codes"]].values.tolist() == [["R1", 4, 4, 4], ["R2", 3, 0, 4]]
    reverse = analysis.saturation(codings, corpus, order=["R2", "R1"])
    assert reverse["new_code_ids"].tolist() == ["FEN.DRU, INFO.WV, SAM", "ACT.DOU"]
    assert reverse["share_of_final"].tolist() == [0.75, 1.0]
    assert analysis.saturation(codings, corpus, order="port")["doc_id"].tolist() == ["R1", "R2"]


def test_case_matrix_counts_presence_and_speakers(codings, corpus):
    counts = analysis.case_matrix(codings, corpus)
    assert list(counts.columns) == ["doc_id", "port", "group", "ACT.DOU", "FEN.DRU", "INFO.WV", "SAM"]
    assert counts["SAM"].tolist() == [3, 1]
    presence = analysis.case_matrix(codings, corpus, value="presence", attributes=False)
    assert presence["SAM"].tolist() == [1, 1] and presence["ACT.DOU"].tolist() == [1, 0]
    speakers = analysis.case_matrix(codings, corpus, per="speaker")
    assert speakers[["doc_id", "speaker", "role"]].values.tolist() == [["R1", "I", "interviewer"], ["R1", "HM", "respondent"],
                                                                       ["R2", "I", "interviewer"], ["R2", "V", "respondent"]]
    assert speakers["SAM"].tolist() == [0, 3, 0, 1]
    assert int(speakers[list(counts.columns[3:])].to_numpy().sum()) == len(codings)  # nothing dropped


def test_matrix_by_respondent_and_bad_columns(codings, corpus):
    from researchkit.errors import QueryError

    same = corpus.with_attributes({"R1": {"respondent": "P1"}, "R2": {"respondent": "P1"}})  # one person, two interviews
    m = matrix_query(codings, rows="respondent", cols=["SAM"], corpus=same)
    assert m.counts.to_dict() == {"SAM": {"P1": 3}}
    m = matrix_query(codings, rows="respondent", cols=["SAM"], corpus=corpus)
    assert m.counts.to_dict() == {"SAM": {"R1": 2, "R2": 1}}
    with pytest.raises(QueryError, match="RK516"):
        matrix_query(codings, rows="port", cols=[], corpus=corpus)

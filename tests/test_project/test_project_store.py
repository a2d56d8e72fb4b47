"""The project store API on every backend (SQLite file, PostgreSQL schema)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import sqlalchemy as sa
from project_fixtures import CODEBOOK, TEXT_R01, make_corpus

from researchkit.codings import CODING_COLUMNS, CodingsError
from researchkit.errors import ProjectError, QuoteNotFoundError
from researchkit.project import CODINGS_FRAME_COLUMNS, SCHEMA_VERSION, Project


def _rules(rows):
    return pd.DataFrame(rows, columns=["doc_id", "start", "end", "code", "source"])


def test_create_then_open_round_trip(project_url, corpus):
    with Project.create(project_url, user="anna") as p:
        p.add_documents(corpus)
        uuid = p.uuid
        assert p.schema_version == SCHEMA_VERSION
    with Project.open(project_url) as p:
        assert p.uuid == uuid
        docs = p.documents()
        assert docs["doc_id"].tolist() == ["R01", "R02"]
        assert docs.loc[0, "group"] == "politie" and docs.loc[0, "turns"] == 2
        loaded = p.corpus()
        assert loaded["R01"].text == corpus["R01"].text
        assert loaded["R01"].turns == corpus["R01"].turns
        assert loaded["R02"].attributes == corpus["R02"].attributes


def test_create_refuses_an_existing_project(project_url):
    Project.create(project_url).close()
    with pytest.raises(ProjectError) as info:
        Project.create(project_url)
    assert info.value.code == "RK313"


def test_add_codings_stores_the_codings_shape(filled):
    text = TEXT_R01
    s = text.index("vreemde")
    df = _rules([("R01", s, s + 7, "SIG", "rules"), ("R01", text.index("haven"), text.index("haven") + 5, "HAV", "rules")])
    stored = filled.add_codings(df.assign(confidence=[0.9, None], rule_id=["r1", "r2"]), coder="rules")
    assert list(stored.columns) == CODINGS_FRAME_COLUMNS
    out = filled.codings()
    assert list(out.columns[: len(CODING_COLUMNS)]) == CODING_COLUMNS
    assert out["start"].tolist() == sorted(out["start"].tolist())
    assert out["text"].tolist() == ["haven", "vreemde"]
    assert set(out["id"]) == set(stored["id"])
    assert out.set_index("text").loc["vreemde", "confidence"] == pytest.approx(0.9)
    assert all(c.endswith("Z") for c in out["created"])
    assert filled.coders()["name"].tolist() == ["rules"]
    assert filled.coders()["kind"].tolist() == ["rules"]


def test_add_codings_checks_every_row_and_writes_nothing_on_error(filled):
    bad_offsets = _rules([("R01", 0, 3, "HAV", "rules"), ("R01", 5, 3, "HAV", "rules"), ("R01", -1, 3, "HAV", "rules")])
    with pytest.raises(CodingsError) as info:
        filled.add_codings(bad_offsets, coder="rules")
    assert "row 1" in str(info.value) and "row 2" in str(info.value)
    with pytest.raises(CodingsError) as info:
        filled.add_codings(_rules([("R01", 0, 3, "HAV", "rules"), ("R01", 0, 10**6, "HAV", "rules")]), coder="rules")
    assert "row 1" in str(info.value) and "beyond the end" in str(info.value)
    with pytest.raises(ProjectError) as info:
        filled.add_codings(_rules([("R99", 0, 3, "HAV", "rules")]), coder="rules")
    assert info.value.code == "RK315" and "R99" in str(info.value)
    with pytest.raises(ProjectError) as info:
        filled.add_codings(_rules([("R01", 0, 3, "HAVN", "rules")]), coder="rules")
    assert info.value.code == "RK318" and "did you mean 'HAV'" in str(info.value)
    wrong_text = _rules([("R01", 0, 3, "HAV", "rules")]).assign(text=["xyz"])
    with pytest.raises(CodingsError):
        filled.add_codings(wrong_text, coder="rules")
    assert filled.codings().empty


def test_duplicates_error_or_skip(filled):
    df = _rules([("R01", 3, 6, "HAV", "rules")])
    filled.add_codings(df, coder="rules")
    with pytest.raises(ProjectError) as info:
        filled.add_codings(pd.concat([df, _rules([("R01", 7, 10, "HAV", "rules")])]), coder="rules")
    assert info.value.code == "RK320"
    assert len(filled.codings()) == 1  # all or nothing
    added = filled.add_codings(pd.concat([df, _rules([("R01", 7, 10, "HAV", "rules")])]), coder="rules", on_duplicate="skip")
    assert len(added) == 1 and len(filled.codings()) == 2
    with pytest.raises(ProjectError) as info:
        filled.add_codings(pd.concat([df, df]), coder="rules")
    assert "duplicate" in str(info.value)


def test_import_keeps_ids_and_created(filled):
    df = _rules([("R01", 3, 6, "HAV", "import")]).assign(
        coder="bert", id="6f1c1d4e-1111-4222-8333-444455556666", created="2026-01-02T03:04:05.000000Z", memo="uit NVivo"
    )
    filled.add_codings(df)
    row = filled.codings().iloc[0]
    assert (row["id"], row["created"], row["memo"], row["coder"]) == (
        "6f1c1d4e-1111-4222-8333-444455556666", "2026-01-02T03:04:05.000000Z", "uit NVivo", "bert"
    )


def test_codings_filters(filled):
    filled.add_codings(_rules([("R01", 3, 6, "HAV", "rules"), ("R02", 3, 8, "SAM", "rules")]), coder="rules")
    filled.code("R02", quote="goed samen", code="SAM", coder="anna")
    assert len(filled.codings(coder="anna")) == 1
    assert len(filled.codings(coder=["anna", "rules"])) == 3
    assert filled.codings(code="SAM")["doc_id"].tolist() == ["R02", "R02"]
    assert len(filled.codings(doc_id="R01", source="rules")) == 1
    assert filled.codings(source="model").empty


def test_code_by_quote_and_offsets(filled):
    row = filled.code("R01", quote='zien "vreemde" boten', code="SIG.boot", coder="anna", memo="opvallend")
    assert row["text"].item() == "zien   \u201cvreemde\u201d boten"
    assert TEXT_R01[row["start"].item() : row["end"].item()] == row["text"].item()
    assert row["source"].item() == "manual" and row["memo"].item() == "opvallend"
    s = TEXT_R01.index("douane")
    row = filled.code("R01", start=s, end=s + 6, code="DOU", coder="anna")
    assert row["text"].item() == "douane"
    with pytest.raises(ProjectError) as info:
        filled.code("R01", start=5, end=4, code="DOU", coder="anna")
    assert info.value.code == "RK324"


def test_ambiguous_quote_lists_candidates_and_occurrence_picks_one(filled):
    with pytest.raises(QuoteNotFoundError) as info:
        filled.code("R01", quote="de haven", code="HAV", coder="anna")
    err = info.value
    # exact case first: "De haven" at the start of a sentence is not a candidate
    assert err.code == "RK317" and [c[2] for c in err.candidates] == ["de haven", "de haven"]
    assert "occurrence=1" in str(err) and "occurrence=2" in str(err)
    row = filled.code("R01", quote="de haven", occurrence=2, code="HAV", coder="anna")
    assert (row["start"].item(), row["end"].item()) == err.candidates[1][:2]


def test_missing_quote_shows_the_closest_match(filled):
    with pytest.raises(QuoteNotFoundError) as info:
        filled.code("R01", quote="de douane komt nooit", code="DOU", coder="anna")
    err = info.value
    assert err.code == "RK316"
    assert "closest match" in str(err) and err.candidates[0][2].startswith("de douane komt")
    with pytest.raises(ProjectError) as info:
        filled.code("R77", quote="x", code="DOU", coder="anna")
    assert info.value.code == "RK315"


def test_uncode_recode_remove(filled):
    filled.code("R02", quote="goed samen", code="SAM", coder="anna")
    assert filled.uncode("R02", quote="goed samen", code="SAM", coder="anna") == 1
    assert filled.codings().empty
    with pytest.raises(ProjectError) as info:
        filled.uncode("R02", quote="goed samen", code="SAM", coder="anna")
    assert info.value.code == "RK319"
    row = filled.code("R02", quote="goed samen", code="SAM", coder="anna")
    assert filled.recode(row, code="HAV", coder="anna") == 1
    assert filled.codings()["code"].tolist() == ["HAV"]
    with pytest.raises(ProjectError):
        filled.recode(row, code="NOPE", coder="anna")
    assert filled.remove_coding(row["id"].item(), coder="anna") == 1
    with pytest.raises(ProjectError) as info:
        filled.remove_coding(row["id"].item())
    assert info.value.code == "RK319"
    removed = filled.history(action="remove_coding")
    assert json.loads(removed["before"].item())["text"] == "goed samen"


def test_merge_codes_updates_codings_and_codebook(filled):
    filled.code("R01", quote="boten", code="SIG.boot", coder="anna")
    filled.code("R01", quote="boten", code="SIG", coder="anna")  # would collide after the merge
    filled.code("R01", quote="vreemde", code="SIG.boot", coder="anna")
    uuid_before = filled.codes().set_index("code_id").loc["SIG", "uuid"]
    assert filled.merge_codes("SIG.boot", into="SIG", coder="anna") == 2
    out = filled.codings()
    assert out["code"].tolist() == ["SIG", "SIG"] and out["text"].tolist() == ["vreemde", "boten"]
    assert "SIG.boot" not in filled.codebook()
    assert filled.codes().set_index("code_id").loc["SIG", "uuid"] == uuid_before
    assert filled.history(action="merge_codes_duplicate").shape[0] == 1


def test_split_code_moves_the_selection(filled):
    filled.code("R01", quote="haven van Harlingen", code="HAV", coder="anna")
    filled.code("R01", quote="De haven is klein", code="HAV", coder="anna")
    sel = filled.codings(code="HAV").iloc[:1]
    assert filled.split_code("HAV", {"HAV.harlingen": sel}, coder="anna") == 1
    assert sorted(filled.codings()["code"]) == ["HAV", "HAV.harlingen"]
    cb = filled.codebook()
    assert "HAV.harlingen" in cb and cb["HAV.harlingen"].parent == "HAV"
    with pytest.raises(ProjectError):
        filled.split_code("SAM", {"SAM.x": sel}, coder="anna")


def test_codebook_versions_keep_code_uuids(filled):
    first = filled.codes().set_index("code_id")["uuid"]
    changed = {"codes": CODEBOOK["codes"] + [{"id": "NEW", "name": "Nieuw"}]}
    filled.set_codebook(changed)
    second = filled.codes().set_index("code_id")["uuid"]
    assert second["SIG"] == first["SIG"] and "NEW" in second.index
    assert len(filled.codebook()) == len(first) + 1
    filled.code("R01", quote="boten", code="SIG.boot", coder="anna")
    with pytest.raises(ProjectError) as info:
        filled.set_codebook({"codes": [{"id": "HAV", "name": "Haven"}]})
    assert info.value.code == "RK318" and "SIG.boot (1 codings)" in str(info.value)


def test_review_accept_and_reject_in_bulk(filled):
    t = TEXT_R01
    suggestions = _rules(
        [("R01", t.index("boten"), t.index("boten") + 5, "SIG.boot", "rules"),
         ("R01", t.index("douane"), t.index("douane") + 6, "DOU", "rules"),
         ("R01", t.index("haven"), t.index("haven") + 5, "HAV", "rules")]
    )
    filled.add_codings(suggestions, coder="rules")
    pending = filled.suggestions(reviewer="anna")
    assert len(pending) == 3
    accepted = filled.review(pending[pending["code"] != "HAV"], decision="accept", coder="anna")
    assert accepted["decision"].tolist() == ["accept", "accept"]
    rejected = filled.review(pending[pending["code"] == "HAV"], decision="reject", coder="anna")
    assert rejected["result"].isna().all()
    mine = filled.codings(coder="anna")
    assert sorted(mine["code"]) == ["DOU", "SIG.boot"]
    assert set(mine["source"]) == {"manual"}
    assert set(mine["origin"]) == set(pending[pending["code"] != "HAV"]["id"])
    # the suggestions keep their origin
    assert set(filled.codings(coder="rules")["source"]) == {"rules"} and len(filled.codings(coder="rules")) == 3
    assert filled.suggestions(reviewer="anna").empty
    # changing one's mind: the coding made by the accept is withdrawn, both steps recorded
    douane = pending[pending["code"] == "DOU"]
    filled.review(douane, decision="reject", coder="anna")
    assert filled.codings(coder="anna")["code"].tolist() == ["SIG.boot"]
    assert filled.reviews(reviewer="anna")["decision"].tolist().count("reject") == 2
    with pytest.raises(ProjectError) as info:
        filled.review(filled.codings(coder="anna"), decision="accept", coder="anna")
    assert info.value.code == "RK323"
    with pytest.raises(ProjectError):
        filled.review(pending, decision="maybe", coder="anna")
    with pytest.raises(ProjectError):
        filled.review(pending, decision="accept", coder="rules")


def test_memos_on_every_target(filled):
    row = filled.code("R02", quote="goed samen", code="SAM", coder="anna")
    ids = [
        filled.memo("Ronde 2 begint", author="anna"),
        filled.memo("Respondent was nerveus", document="R02", author="anna"),
        filled.memo("Alleen formele samenwerking", code="SAM", author="bert"),
        filled.memo("Twijfel", coding=row["id"].item(), author="bert"),
    ]
    memos = filled.memos()
    assert sorted(memos["target_type"]) == ["code", "coding", "document", "project"]
    filled.memo("Twijfel opgelost", id=ids[3], author="bert")
    assert filled.memos().set_index("id").loc[ids[3], "text"] == "Twijfel opgelost"
    with pytest.raises(ProjectError):
        filled.memo("x", document="R99")
    with pytest.raises(ProjectError):
        filled.memo("x", document="R01", code="SAM")


def test_history_is_append_only(filled, rk_backend):
    filled.code("R02", quote="goed samen", code="SAM", coder="anna")
    history = filled.history()
    assert history["seq"].is_monotonic_increasing
    assert {"create_project", "add_documents", "set_codebook", "code"} <= set(history["action"])
    code_entry = history[history["action"] == "code"].iloc[0]
    assert code_entry["who"] == "anna" and code_entry["at"].endswith("Z")
    for sql in ("UPDATE rk_audit SET who = 'mallory'", "DELETE FROM rk_audit"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            with filled.engine.begin() as conn:
                conn.exec_driver_sql(sql)
    assert filled.history().equals(history)


def test_changed_transcript_reanchors_codings(filled):
    t = TEXT_R01
    filled.code("R01", quote="vreemde", code="SIG", coder="anna")
    filled.code("R01", quote="De haven is klein", code="HAV", coder="anna")
    filled.code("R01", quote="de douane komt zelden", code="DOU", coder="anna")
    filled.code("R01", quote="Wat ziet u", code="SAM", coder="anna")
    corrected = t.replace("Wij zien   ", "Wij zagen ").replace("De haven is klein", "De haven is heel klein").replace("Wat ziet u in", "Wat is er in")
    report = filled.add_documents(make_corpus({"R01": corrected, "R02": filled.text("R02")}))
    status = report.documents.set_index("doc_id")["status"].to_dict()
    assert status == {"R01": "changed", "R02": "unchanged"}
    by_code = report.codings.set_index("code")["status"].to_dict()
    assert by_code == {"SIG": "moved", "HAV": "edited", "DOU": "moved", "SAM": "unplaced"}
    out = filled.codings().set_index("code")
    assert corrected[out.loc["SIG", "start"] : out.loc["SIG", "end"]] == "vreemde"
    assert out.loc["HAV", "text"] == "De haven is heel klein"
    assert "SAM" not in out.index  # not silently moved ...
    unplaced = filled.unplaced()
    assert unplaced["code"].tolist() == ["SAM"] and unplaced["text"].tolist() == ["Wat ziet u"]  # ... nor dropped
    assert report.unplaced["id"].tolist() == unplaced["id"].tolist()
    assert filled.status()["unplaced"] == 1
    assert len(filled.history(action="reanchor_unplaced")) == 1
    placed = filled.place(unplaced["id"].item(), quote="Wat is er in", coder="anna")
    assert placed["text"].item() == "Wat is er in"
    assert filled.unplaced().empty and filled.integrity_check() == "ok"


def test_reanchor_can_refuse_and_write_nothing(filled):
    filled.code("R01", quote="Wat ziet u", code="SAM", coder="anna")
    before = filled.codings()
    with pytest.raises(ProjectError) as info:
        filled.add_documents(make_corpus({"R01": TEXT_R01.replace("Wat ziet u", "Wat is er")}), on_unplaced="error")
    assert info.value.code == "RK321" and "Wat ziet u" in str(info.value)
    assert filled.text("R01") == TEXT_R01
    pd.testing.assert_frame_equal(filled.codings(), before)


def test_codings_move_past_each_other_without_key_clashes(filled):
    # an insertion shifts coding A onto coding B's old offsets (same code and coder)
    text = "aaa bbb aaa bbb"
    filled.add_documents(make_corpus({"X": text}))
    filled.code("X", start=0, end=3, code="HAV", coder="anna")
    filled.code("X", start=4, end=7, code="HAV", coder="anna")
    report = filled.add_documents(make_corpus({"X": "bbb " + text}))
    assert set(report.codings["status"]) == {"moved"}
    out = filled.codings(doc_id="X")
    assert out["text"].tolist() == ["aaa", "bbb"] and out["start"].tolist() == [4, 8]


def test_status_and_integrity(filled):
    filled.code("R02", quote="goed samen", code="SAM", coder="anna")
    status = filled.status()
    assert status["documents"] == 2 and status["codings_per_coder"] == {"anna": 1}
    assert status["codes"] == 5 and status["schema_version"] == SCHEMA_VERSION
    assert filled.integrity_check() == "ok"


def test_codings_sort_by_code_point_on_every_backend(project):
    ids = ["r2", "\u00c91", "R10", "E1", "R2", "a b"]
    project.add_documents(make_corpus({d: "R: ja en nee" for d in ids}))
    for d in ids:
        project.code(d, quote="ja", code="Zeta", coder="anna")
        project.code(d, quote="ja", code="alpha", coder="anna")
    out = project.codings()
    assert out["doc_id"].tolist() == sorted(ids * 2)
    assert out["code"].tolist()[:2] == ["Zeta", "alpha"]
    assert project.documents()["doc_id"].tolist() == sorted(ids)


def test_code_counts_and_column_selection_match_the_full_table(filled):
    from project_fixtures import TEXT_R02, bulk_codings, bulk_text

    text = bulk_text(300)
    filled.add_documents(make_corpus({"BULK": text, "R02": TEXT_R02}))
    filled.add_codings(bulk_codings(text, 40, code="HAV"))
    filled.add_codings(bulk_codings(text, 25, code="SAM", coder="anna").assign(source="manual"))
    filled.code("R02", quote="goed samen", code="SAM", coder="anna")
    full = filled.codings()
    expected = full.groupby(["code", "coder"]).agg(codings=("id", "size"), documents=("doc_id", "nunique")).reset_index()
    pd.testing.assert_frame_equal(filled.code_counts(by=["code", "coder"]), expected)
    assert filled.code_counts(source="manual").values.tolist() == [["SAM", 26, 2]]
    assert filled.code_counts(by="doc_id", code="HAV").values.tolist() == [["BULK", 40, 1]]
    pd.testing.assert_frame_equal(filled.codings(columns=["code", "start"]), full[["code", "start"]])
    for bad in ({"by": "text"}, {"by": []}):
        with pytest.raises(ProjectError) as info:
            filled.code_counts(**bad)
        assert info.value.code == "RK324"
    with pytest.raises(ProjectError) as info:
        filled.codings(columns=["code", "nope"])
    assert info.value.code == "RK324" and "'nope'" in str(info.value)

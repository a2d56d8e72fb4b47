"""Memos (issue 17.4): list, filter and search on every target, one memo on several codings,
notes on codings counted everywhere, Markdown and Word export, the CLI."""

from __future__ import annotations

import docx
import pytest
from project_fixtures import TEXT_R01

from researchkit.cli import main
from researchkit.errors import ProjectError
from researchkit.project import Project


@pytest.fixture
def memos(filled):
    """A project with a memo of every kind, a note on a coding and one memo on two codings."""
    p = filled
    a = p.code("R01", quote="vreemde", code="SIG", coder="anna", memo="Zíjlstra zag ze ook")["id"].item()
    b = p.code("R02", quote="goed samen", code="SAM", coder="bert")["id"].item()
    c = p.code("R01", quote="douane", code="DOU", coder="bert")["id"].item()
    ids = {
        "project": p.memo("Ronde 2 begint", author="anna"),
        "document": p.memo("Respondent was nerveus", document="R02", author="anna"),
        "code": p.memo("Alleen formele samenwerking", code="SAM", author="bert"),
        "two": p.memo("Beide over \u201cvreemde boten\u201d en samenwerking", coding=[b, a], author="bert"),
    }
    return p, {"a": a, "b": b, "c": c, **ids}


def test_memos_keep_the_plain_call_and_filter_by_kind_target_author(memos):
    p, ids = memos
    plain = p.memos()
    assert len(plain) == 4 and set(plain["source"]) == {"memo"}
    assert plain["target_type"].tolist() == ["code", "coding", "document", "project"]
    assert p.memos(kind="coding")["id"].tolist() == [ids["two"]]
    assert p.memos(kind=["project", "document"], author="anna")["text"].tolist() == ["Respondent was nerveus", "Ronde 2 begint"]
    # the memo on two codings is found from either coding (first target or link)
    assert p.memos(target=ids["a"])["id"].tolist() == [ids["two"]]
    assert p.memos(target=ids["b"])["id"].tolist() == [ids["two"]]
    assert p.memos(target=ids["c"]).empty
    two = p.memos(kind="coding").iloc[0]
    assert (two["target"], two["links"]) == (ids["b"], (f"coding:{ids['a']}",))
    with pytest.raises(ProjectError) as info:
        p.memos(kind="codes")
    assert info.value.code == "RK324"


def test_memos_by_code_and_document_include_memos_on_their_codings(memos):
    p, ids = memos
    assert sorted(p.memos(code="SAM")["id"]) == sorted([ids["code"], ids["two"]])
    assert p.memos(code="DOU").empty
    assert sorted(p.memos(doc_id="R02")["id"]) == sorted([ids["document"], ids["two"]])
    assert sorted(p.memos(doc_id="R01", notes=True)["id"]) == sorted([ids["a"], ids["two"]])


def test_search_ignores_case_and_accents_and_keeps_phrases(memos):
    p, ids = memos
    assert p.memos(search="zijlstra").empty  # the note on a coding is listed only with notes=True
    note = p.memos(search="ZIJLSTRA", notes=True)
    assert note[["id", "target_type", "target", "author", "source"]].values.tolist() == [[ids["a"], "coding", ids["a"], "anna", "coding"]]
    assert p.memos(search='"vreemde boten"')["id"].tolist() == [ids["two"]]
    assert p.memos(search='"boten vreemde"').empty
    assert p.memos(search="samenwerking formele")["id"].tolist() == [ids["code"]]


def test_a_note_on_a_coding_is_counted_in_status(memos):
    p, _ = memos
    status = p.status()
    assert status["memos"] == 5 == len(p.memos(notes=True))
    assert status["memos_by_kind"] == {"project": 1, "document": 1, "code": 1, "coding": 2}


def test_link_and_unlink_a_memo(memos):
    p, ids = memos
    assert p.link_memo(ids["two"], coding=[ids["c"], ids["a"]], author="bert") == 1  # a was linked already
    assert p.memos(target=ids["c"])["id"].tolist() == [ids["two"]]
    assert p.link_memo(ids["two"], coding=ids["c"], unlink=True, author="bert") == 1
    assert p.memos(target=ids["c"]).empty
    actions = p.history(target=f"memo:{ids['two']}")["action"].tolist()
    assert actions == ["link_memo", "link_memo", "unlink_memo"]
    with pytest.raises(ProjectError) as info:
        p.link_memo(ids["two"], coding="no-such-coding")
    assert info.value.code == "RK319"
    with pytest.raises(ProjectError) as info:
        p.link_memo("no-such-memo", coding=ids["c"])
    assert info.value.code == "RK324"


def test_memo_links_survive_backup_and_restore(memos, tmp_path):
    p, ids = memos
    folder = p.backup(tmp_path / "backup")
    assert (folder / "memo_links.csv").exists()
    with Project.restore(folder, tmp_path / "copy.rkp") as copy:
        assert copy.memos(target=ids["a"])["id"].tolist() == [ids["two"]]
        assert copy.memos().equals(p.memos())


def test_export_markdown_groups_memos_and_shows_the_passages(memos, tmp_path):
    p, ids = memos
    path = p.export_memos(tmp_path / "memos.md", title="Memo's havenonderzoek")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Memo's havenonderzoek\n\n5 memos: project 1, document 1, code 1, coding 2.\n")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Project", "## Documents", "## Codes", "## Codings"]
    s = TEXT_R01.index("vreemde")
    assert f"- “vreemde” (R01 {s}–{s + 7}, SIG, anna)" in text
    assert "*Memo on 2 codings*" in text and "*Code SAM — Samenwerking*" in text
    assert text.count("Zíjlstra zag ze ook") == 1
    only = p.export_memos(tmp_path / "sam.md", code="SAM", notes=False).read_text(encoding="utf-8")
    assert "2 memos: code 1, coding 1." in only and "Zíjlstra" not in only


def test_export_word_reads_back_and_is_deterministic(memos, tmp_path):
    p, _ = memos
    first = p.export_memos(tmp_path / "a.docx")
    second = p.export_memos(tmp_path / "b.docx")
    assert first.read_bytes() == second.read_bytes()
    paragraphs = [(x.style.name, x.text) for x in docx.Document(str(first)).paragraphs]
    assert ("Heading 1", "Codings") in paragraphs
    assert ("Normal", "Beide over \u201cvreemde boten\u201d en samenwerking") in paragraphs
    assert sum(1 for style, _ in paragraphs if style == "Quote") == 3  # two passages of one memo + the note's passage
    with pytest.raises(ProjectError) as info:
        p.export_memos(tmp_path / "memos.txt")
    assert info.value.code == "RK333"
    assert not (tmp_path / "memos.txt").exists()


def test_cli_lists_searches_and_exports_memos(memos, tmp_path, capsys, rk_backend):
    p, ids = memos
    url = p.engine.url.render_as_string(hide_password=False) if rk_backend == "postgresql" else p.location
    assert main(["project", "memos", url, "--search", "zijlstra"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith(f"coding {ids['a']}  anna  ") and "Zíjlstra zag ze ook" in out[0]
    assert main(["project", "memos", url, "--kind", "coding", "--no-notes"]) == 0
    assert "(+1 link)" in capsys.readouterr().out
    assert main(["project", "memos", url, "--export", str(tmp_path / "m.docx"), "--author", "anna"]) == 0
    assert "3 memo(s) written" in capsys.readouterr().out
    assert main(["project", "status", url]) == 0
    assert "Memos: 5 (project 1, document 1, code 1, coding 2)" in capsys.readouterr().out

"""Relations between codes in the codebook: YAML, validation, merging codes, the report's codebook appendix."""

from __future__ import annotations

import pytest

from researchkit.codebook import Codebook
from researchkit.codebook.model import Relation
from researchkit.errors import CodebookError, ConfigurationError

YAML = """\
codebook: Havens
language: nl
codes:
  - id: SIG
    name: Signalen
    children:
      - id: SIG.1
        name: Verdacht gedrag
  - id: VERM
    name: Vermoedens
relations:
  - from: SIG.1
    to: VERM
    name: is oorzaak van
    direction: OneWay
  - from: VERM
    to: SIG
    name: hangt samen met
    color: "#aa0000"
"""


def test_relations_load_save_and_load_again_unchanged(tmp_path):
    (tmp_path / "cb.yaml").write_text(YAML, encoding="utf-8")
    cb = Codebook.load(tmp_path / "cb.yaml")
    assert cb.relations == (Relation("SIG.1", "VERM", "is oorzaak van", "one-way"),
                            Relation("VERM", "SIG", "hangt samen met", "associative", "#AA0000"))
    again = Codebook.load(cb.save(tmp_path / "out.yaml"))
    assert again.relations == cb.relations and again.to_dict() == cb.to_dict()
    assert "relations:" in (tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert "relations" not in Codebook.from_dict({"codes": [{"id": "A", "name": "a"}]}).to_dict()


def test_every_bad_relation_is_reported_with_its_line(tmp_path):
    bad = YAML + """\
  - from: SIG.2
    to: VERM
  - from: VERM
    to: SIG.1
    direction: sideways
    colour: red
  - {from: SIG, to: VERM, name: hangt samen met}
  - just text
"""
    (tmp_path / "bad.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(CodebookError) as err:
        Codebook.load(tmp_path / "bad.yaml")
    message = str(err.value)
    assert "RK212" in message
    assert "line 20 (relations[2]): 'from' names code 'SIG.2', which is not in the codebook (did you mean 'SIG.1'?)" in message
    assert "line 24 (relations[3]): direction 'sideways' is not one of associative, one-way, bidirectional" in message
    assert "line 25 (relations[3]): unknown key 'colour' (did you mean 'color'?)" in message
    # an associative relation the other way round is the same relation
    assert "line 26 (relations[4]): relation SIG -> VERM 'hangt samen met' is already relations[1]" in message
    assert "line 27 (relations[5]): a relation must be a mapping with from, to and name, got 'just text'" in message


def test_a_relations_list_that_is_no_list_and_relations_made_in_memory_with_unknown_codes_are_refused():
    with pytest.raises(CodebookError, match="'relations:' must be a list"):
        Codebook.from_dict({"codes": [{"id": "A", "name": "a"}], "relations": {"from": "A"}})
    with pytest.raises(ConfigurationError, match=r"RK213.*relations name codes the codebook does not have: B"):
        Codebook(Codebook.from_dict({"codes": [{"id": "A", "name": "a"}]}).codes, relations=[Relation("A", "B", "x")])


def test_merging_codes_moves_their_relations_to_the_code_they_go_into():
    from researchkit.project.codebooks import merge_in_tree

    data = Codebook.from_dict({"codes": [{"id": "A", "name": "a"}, {"id": "B", "name": "b"}, {"id": "C", "name": "c"}],
                               "relations": [{"from": "A", "to": "B", "name": "x"}, {"from": "C", "to": "A", "name": "x"},
                                             {"from": "C", "to": "B", "name": "y", "direction": "one-way"}]}).to_dict()
    merge_in_tree(data, ["C"], "B")
    merged = Codebook.from_dict(data)
    # C -> A 'x' became B -> A 'x': the same associative relation as A -> B 'x', kept once; C -> B became B -> B: left out
    assert merged.relations == (Relation("A", "B", "x"),) and "C" not in merged


def test_the_codebook_appendix_of_the_report_lists_the_relations():
    import pandas as pd

    from researchkit.report import ReportInputs
    from researchkit.report.content import Heading, Paragraph, build_content
    from researchkit.transcripts import Corpus, Transcript, Turn

    import yaml

    cb = Codebook.from_dict(yaml.safe_load(YAML))
    corpus = Corpus([Transcript("R01", "R: Een busje op de kade.", (Turn("R", "respondent", 3, 24),), {"group": "politie"})])
    codings = pd.DataFrame({"doc_id": ["R01"], "start": [3], "end": [24], "code": ["SIG.1"], "coder": ["anna"],
                            "source": ["manual"], "text": ["Een busje op de kade."]})
    content = build_content(ReportInputs(corpus, cb, codings, reidentification="off", date="2026-05-01"), chapters=["SIG"])
    blocks = content.blocks
    at = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "Relaties tussen codes")
    lines = [(b.lead, b.text) for b in blocks[at + 1:at + 3] if isinstance(b, Paragraph)]
    assert lines == [("SIG.1 Verdacht gedrag", "is oorzaak van → VERM Vermoedens."),
                     ("VERM Vermoedens", "hangt samen met — SIG Signalen.")]


def test_thousands_of_unknown_relation_codes_are_all_listed_in_bounded_time(monkeypatch):
    """Each unknown code got a did-you-mean against every code: 1000 unknown codes in a codebook of
    10 000 took 12 s (quadratic). Every problem is still listed; only the first ones get a suggestion."""
    import difflib

    calls = []
    real = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches", lambda *a, **k: calls.append(1) or real(*a, **k))
    codes = [{"id": f"C{i}", "name": f"C{i}"} for i in range(2000)]
    relations = [{"from": f"C{i}", "to": f"X{i}", "name": "r"} for i in range(500)]
    with pytest.raises(CodebookError) as info:
        Codebook.from_dict({"codes": codes, "relations": relations})
    assert len(info.value.problems) == 500 and len(calls) <= 25
    assert "relations[499]: 'to' names code 'X499', which is not in the codebook" in info.value.problems[-1]


def test_self_relations_and_cycles_are_kept_as_written():
    """A code related to itself, and one-way relations that go round in a circle, are valid data (nothing
    walks the relations as a tree), kept as written."""
    book = Codebook.from_dict({"codes": [{"id": "A", "name": "A"}, {"id": "B", "name": "B"}], "relations": [
        {"from": "A", "to": "A", "name": "refines"}, {"from": "A", "to": "B", "name": "x", "direction": "one-way"},
        {"from": "B", "to": "A", "name": "x", "direction": "one-way"}]})
    assert [(r.source, r.target, r.direction) for r in book.relations] == [("A", "A", "associative"), ("A", "B", "one-way"),
                                                                           ("B", "A", "one-way")]
    assert Codebook.from_dict(book.to_dict()).relations == book.relations

"""Tests for researchkit.codebook: loading, validation, tree queries, colours, roll-up, saving."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from researchkit.codebook import Code, Codebook, split_separable
from researchkit.errors import CodebookError, ConfigurationError

DATA = Path(__file__).parent / "data" / "codebook"


@pytest.fixture()
def cb() -> Codebook:
    return Codebook.load(DATA / "small.yaml")


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "cb.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def _problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(CodebookError) as info:
        Codebook.load(_write(tmp_path, text))
    assert info.value.code == "RK212"
    return info.value.problems


def test_load_basic(cb):
    assert len(cb) == 5
    assert "SIG.1" in cb and "NOPE" not in cb
    assert isinstance(cb["SIG.1"], Code)
    assert cb.language == "nl"
    assert cb.title == "Kleine testcodebook"
    sig = cb["SIG"]
    assert sig.name == "Signalen" and sig.name_en == "Signals"
    assert sig.include == "- gezien\n- gehoord"
    assert sig.line == 8 and cb["SIG.1"].line == 19
    assert cb["SIG.1"].parent == "SIG" and cb["SIG.1"].level == 2 and cb["SIG.1"].path == "SIG/SIG.1"
    assert sig.rules.keywords == ("signaal", "verdacht*", "gat in het hek")
    assert sig.rules.negation.cues == ("geen", "niet", "nooit")
    # children inherit negation and roles
    assert cb["SIG.1"].rules.negation == sig.rules.negation
    assert cb["VRAAG"].rules.roles == ("interviewer",)
    assert cb["SAM"].rules.proximity[0].terms == ("informatie", "delen")
    assert cb["SAM"].rules.proximity[0].id == "info-delen"


def test_walk_frame_tree(cb):
    assert [c.id for c in cb.walk()] == ["SIG", "SIG.1", "SIG.2", "SAM", "VRAAG"]
    frame = cb.to_frame()
    assert list(frame.columns)[:6] == ["id", "name", "name_en", "parent", "level", "path"]
    assert {"description", "color"} <= set(frame.columns)
    assert frame.set_index("id").loc["SIG.2", "parent"] == "SIG"
    assert cb.descendants("SIG") == ["SIG.1", "SIG.2"]
    assert cb.descendants("SAM") == []
    assert cb.ancestor("SIG.2", 1) == "SIG"
    assert cb.ancestor("SIG.2", 2) == "SIG.2"
    assert cb.ancestor("SAM", 3) == "SAM"
    with pytest.raises(KeyError, match="RK213.*did you mean"):
        cb["SIG.3"]
    with pytest.raises(ConfigurationError, match="RK216"):
        cb.ancestor("SIG", 0)


def test_colors_complete_and_deterministic(cb):
    colors = cb.colors()
    assert set(colors) == set(cb.ids)
    assert colors["SIG"] == "#D62728"
    assert all(c.startswith("#") and len(c) == 7 for c in colors.values())
    assert colors["SIG.1"] != colors["SIG.2"] != colors["SIG"]
    assert colors == Codebook.load(DATA / "small.yaml").colors()
    assert colors["SAM"] != colors["VRAAG"]


def test_rollup(cb):
    codings = pd.DataFrame(
        {
            "doc_id": ["d", "d", "d", "d"],
            "start": [0, 0, 10, 0],
            "end": [5, 5, 20, 5],
            "code": ["SIG.1", "SIG.2", "SAM", "SIG.1"],
            "coder": ["rules", "rules", "rules", "anna"],
            "source": ["rules", "rules", "rules", "manual"],
            "text": ["x" * 5, "x" * 5, "y" * 10, "x" * 5],
            "evidence": ["drugs", "buitenlands kenteken", "samenwerking", None],
        }
    )
    up = cb.rollup(codings, level=1)
    assert up[["code", "coder"]].values.tolist() == [["SIG", "rules"], ["SAM", "rules"], ["SIG", "anna"]]
    assert up.loc[0, "evidence"] == "drugs; buitenlands kenteken"
    same = cb.rollup(codings, level=2)
    assert len(same) == 4 and same["code"].tolist() == codings["code"].tolist()
    with pytest.raises(ConfigurationError) as info:
        cb.rollup(codings.assign(code=["SIG.9"] * 4))
    assert info.value.code == "RK215" and "SIG.9" in str(info.value)


def test_save_round_trip(cb, tmp_path):
    out = cb.save(tmp_path / "sub" / "copy.yaml")
    again = Codebook.load(out)
    assert again.to_dict() == cb.to_dict()
    assert again.colors() == cb.colors()
    assert [c.rules for c in again.walk()] == [c.rules for c in cb.walk()]
    assert not list(out.parent.glob("*.tmp"))


def test_from_dict_and_declared_parent():
    cb = Codebook.from_dict(
        {"codes": [{"id": "A", "name": "a", "roles": ["other"]}, {"id": "A.1", "name": "b", "parent": "A"},
                   {"id": "A.1.1", "name": "c", "parent": "A.1"}]}
    )
    assert cb["A.1.1"].level == 3 and cb["A.1.1"].path == "A/A.1/A.1.1"
    assert cb["A.1.1"].rules.roles == ("other",)
    assert [c.id for c in cb.codes] == ["A"]
    assert Codebook.from_dict(cb.to_dict()).to_dict() == cb.to_dict()


def test_syntax_error_points_at_line(tmp_path):
    p = _write(tmp_path, "codes:\n  - id: A\n    name: Alpha\n   - id: B\n")
    with pytest.raises(CodebookError) as info:
        Codebook.load(p)
    assert info.value.code == "RK211"
    assert "line 4" in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(CodebookError) as info:
        Codebook.load(tmp_path / "nope.yaml")
    assert info.value.code == "RK210" and "nope.yaml" in str(info.value)


def test_all_problems_reported_with_lines(tmp_path):
    problems = _problems(
        tmp_path,
        """language: nl
codse: 1
codes:
  - id: SIG
    name: Signalen
    color: red
    keywrds: [a]
    children:
      - id: SIG.1
        name: ""
        patterns:
          - [{LEMMA: x}, {FOO: 1}]
      - id: SIG
        name: dup
  - id: X
    name: y
    parent: NOPE
""",
    )
    text = "\n".join(problems)
    assert "line 2 (top level): unknown key 'codse' (did you mean 'codes'?)" in text
    assert any(p.startswith("line 6") and "'red'" in p and "#RRGGBB" in p for p in problems)
    assert any(p.startswith("line 7") and "did you mean 'keywords'" in p for p in problems)
    assert any(p.startswith("line 10") and "empty or missing name" in p for p in problems)
    assert any(p.startswith("line 12") and "FOO" in p for p in problems)
    assert any(p.startswith("line 13") and "duplicate id 'SIG'" in p and "line 4" in p for p in problems)
    assert any(p.startswith("line 17") and "unknown parent 'NOPE'" in p for p in problems)
    assert len(problems) == 7
    lines = [int(p.split()[1]) for p in problems]
    assert lines == sorted(lines)


@pytest.mark.parametrize(
    "snippet, expected",
    [
        ("    keywords: ['*']\n", "matches every word"),
        ("    keywords: ['dr*gs']\n", "'*' may only end a word"),
        ("    keywords: ['']\n", "is empty"),
        ("    patterns: [[]]\n", "non-empty list of token dicts"),
        ("    patterns: [[{LOWER: {REGEX: 1}}]]\n", "invalid spaCy token pattern"),
        ("    proximity: [{all_of: [a, b], within: 0}]\n", "positive number of tokens"),
        ("    proximity: [{all_of: [a, b], witin: turn}]\n", "did you mean 'within'"),
        ("    negation: {cues: [], window: 2}\n", "non-empty list of words"),
        ("    negation: {cues: [geen], window: -1}\n", "positive number"),
        ("    negation: maybe\n", "negation must be"),
        ("    roles: [respondant]\n", "did you mean 'respondent'"),
        ("    separable: [werken]\n", "known particle"),
        ("    examples: {a: 1}\n", "examples must be"),
        ("    autocode: 3\n", "autocode must be"),
        ("    id2: x\n", "did you mean 'id'"),
    ],
)
def test_rule_problems(tmp_path, snippet, expected):
    problems = _problems(tmp_path, "codes:\n  - id: A\n    name: Alpha\n" + snippet)
    assert any(expected in p and p.startswith("line 4") for p in problems), problems


def test_structural_problems(tmp_path):
    assert "no 'codes:' list" in _problems(tmp_path, "language: nl\n")[0]
    assert "non-empty list" in _problems(tmp_path, "codes: []\n")[0]
    assert "must be a mapping" in _problems(tmp_path, "- a\n- b\n")[0]
    p = _problems(tmp_path, "codes:\n  - name: geen id\n  - id: 'a b'\n    name: x\n  - just text\n")
    assert any("has no id" in x for x in p)
    assert any("'a b' is not valid" in x for x in p)
    assert any(x.startswith("line 5") and "must be a mapping" in x for x in p)
    p = _problems(tmp_path, "language: xx\ncodes:\n  - id: A\n    name: a\n")
    assert p[0].startswith("line 1") and "'xx' is not supported" in p[0] and "nl" in p[0]
    p = _problems(tmp_path, "codes:\n  - id: A\n    name: a\n    name: b\n")
    assert "appears twice" in p[0] and p[0].startswith("line 4")
    p = _problems(tmp_path, "codes:\n  - id: A\n    name: a\n    children:\n      - id: B\n        name: b\n        parent: C\n")
    assert "contradicts the nesting" in p[0]
    p = _problems(tmp_path, "codes:\n  - {id: A, name: a, parent: B}\n  - {id: B, name: b, parent: A}\n")
    assert any("cycle" in x for x in p)


def test_from_dict_problems_name_the_path():
    with pytest.raises(CodebookError) as info:
        Codebook.from_dict({"codes": [{"id": "A", "name": "a"}, {"id": "A", "name": ""}]})
    text = str(info.value)
    assert "codes[1]" in text and "duplicate id 'A'" in text and "empty or missing name" in text


def test_check_rules_warnings():
    cb = Codebook.from_dict(
        {"codes": [{"id": "A", "name": "a", "keywords": ["...", "ok"], "exclude_keywords": ["ok"],
                    "patterns": [[{"POS": "NOUN"}]]}]}
    )
    warnings = cb.check_rules()
    assert any("'...'" in w and "can never match" in w for w in warnings)
    assert any("POS" in w for w in warnings)
    assert any("both a keyword and an exclude_keywords" in w for w in warnings)
    assert all(w.startswith("[RK214]") for w in warnings)


def test_split_separable():
    assert split_separable("samenwerken") == ("werken", "samen")
    assert split_separable("doorgeven") == ("geven", "door")
    assert split_separable("opletten") == ("letten", "op")
    assert split_separable("werken") is None


ROOT = Path(__file__).resolve().parents[1]


def test_demo_codebook_is_complete():
    cb = Codebook.load(ROOT / "codebook" / "havens.yaml")
    assert [c.id for c in cb.codes] == ["SIG", "VERM", "FEN", "INFO", "SAM", "PRIO", "GEL", "ACT", "HAV", "AANB"]
    assert "INFO.WV" in cb and cb["INFO.WV"].parent == "INFO"
    assert cb.language == "nl"
    for code in cb.walk():
        assert code.name
        if code.level == 1:
            assert code.name_en and code.description and code.color
    assert cb.check_rules() == []
    assert len(cb.colors()) == len(cb)


def test_gold_standard_fits_corpus_and_codebook():
    from researchkit.codings import validate_codings
    from researchkit.io import read_corpus

    gold = pd.read_csv(ROOT / "codebook" / "gold" / "gold_codings.csv", dtype={"doc_id": str})
    corpus = read_corpus(ROOT / "transcripts")
    checked = validate_codings(gold, corpus, name="gold")  # text == document[start:end]
    assert len(checked) == len(gold) and set(gold["coder"]) == {"gold"}
    assert gold["doc_id"].nunique() >= 4
    cb = Codebook.load(ROOT / "codebook" / "havens.yaml")
    assert set(gold["code"]) <= set(cb.ids)


def test_save_writes_only_declared_settings(tmp_path):
    cb = Codebook.from_dict({"codes": [{"id": "A", "name": "a", "roles": ["interviewer"], "negation": True,
                                        "children": [{"id": "A.1", "name": "b"}]}]})
    data = cb.to_dict()
    child = data["codes"][0]["children"][0]
    assert "roles" not in child and "negation" not in child
    assert data["codes"][0]["roles"] == ["interviewer"] and data["codes"][0]["negation"] is True
    again = Codebook.load(cb.save(tmp_path / "cb.yaml"))
    assert again["A.1"].rules.roles == ("interviewer",) and again["A.1"].rules.negation is not None


# -- English fields (issue 16: one report language) ----------------------------------------


def test_english_fields_load_validate_and_round_trip(tmp_path):
    text = (
        "codebook: Havens\nname_en: Ports\ndescription: Nederlandse omschrijving.\n"
        "description_en: English description.\ncodes:\n"
        "  - id: A\n    name: Alfa\n    name_en: Alpha\n    description: Omschrijving.\n"
        "    description_en: Description.\n    children:\n      - id: A.1\n        name: Kind\n"
    )
    cb = Codebook.load(_write(tmp_path, text))
    assert (cb.name_en, cb.description, cb.description_en) == ("Ports", "Nederlandse omschrijving.", "English description.")
    assert cb["A"].description_en == "Description." and cb["A.1"].description_en is None
    assert getattr(cb["A.1"], "description_en", None) is None
    assert cb.to_frame().set_index("id").loc["A", "description_en"] == "Description."
    data = cb.to_dict()
    assert list(data["codes"][0])[:5] == ["id", "name", "name_en", "description", "description_en"]
    again = Codebook.load(cb.save(tmp_path / "again.yaml"))
    assert again.to_dict() == data and again.description_en == "English description." and again.name_en == "Ports"


def test_english_fields_are_validated(tmp_path):
    problems = _problems(tmp_path, "description_en: [a, b]\nname_en: ''\ncodes:\n  - id: A\n    name: a\n"
                                   "    description_en: 5\n    descripton_en: x\n")
    assert any("line 1" in p and "description_en must be non-empty text" in p for p in problems)
    assert any("line 2" in p and "name_en must be non-empty text" in p for p in problems)
    assert any("line 6" in p and "description_en must be non-empty text, got 5" in p for p in problems)
    assert any("line 7" in p and "did you mean 'description_en'" in p for p in problems)


def test_demo_codebook_has_dutch_description_and_english_translation():
    cb = Codebook.load(ROOT / "codebook" / "havens.yaml")
    assert "haven" in cb.description.lower() and "signalen" in cb.description.lower()  # Dutch
    assert cb.description_en and "ports" in cb.description_en.lower()
    assert all(code.description_en for code in cb.codes)


# -- hostile codebooks (issue 21) -------------------------------------------------------------


def _nested_yaml(depth: int) -> str:
    lines = ["codes:"]
    for level in range(depth):
        pad = "  " * (2 * level)
        lines += [f"{pad}  - id: C{level}", f"{pad}    name: c{level}", f"{pad}    children:"]
    lines[-1] = lines[-1].replace("children:", "x_leaf: true")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("depth", [200, 1000])
def test_deeply_nested_yaml_codebook_is_refused_clearly(tmp_path, depth):
    with pytest.raises(CodebookError) as info:
        Codebook.load(_write(tmp_path, _nested_yaml(depth)))
    assert info.value.code == "RK241"
    assert "nested too deeply" in str(info.value) and "30 levels" in str(info.value)


@pytest.mark.parametrize("depth", [200, 3000])
def test_deeply_nested_dict_codebook_is_refused_clearly(depth):
    data: dict = {"id": f"C{depth}", "name": "leaf"}
    for level in range(depth - 1, -1, -1):
        data = {"id": f"C{level}", "name": f"c{level}", "children": [data]}
    with pytest.raises(CodebookError) as info:
        Codebook.from_dict({"codes": [data]})
    assert info.value.code == "RK241" and "nested more than" in str(info.value)


def test_deep_chain_of_declared_parents_is_refused_clearly():
    codes = [{"id": "C0", "name": "c0"}] + [{"id": f"C{i}", "name": f"c{i}", "parent": f"C{i - 1}"} for i in range(1, 250)]
    with pytest.raises(CodebookError) as info:
        Codebook.from_dict({"codes": codes})
    assert info.value.code == "RK241" and "through parent: links" in str(info.value)


def test_codebook_at_the_depth_limit_loads_and_round_trips(tmp_path):
    from researchkit.codebook.model import MAX_CODE_DEPTH

    data: dict = {"id": f"C{MAX_CODE_DEPTH - 1}", "name": "leaf"}
    for level in range(MAX_CODE_DEPTH - 2, -1, -1):
        data = {"id": f"C{level}", "name": f"c{level}", "children": [data]}
    cb = Codebook.from_dict({"codes": [data]})
    assert cb.depth == MAX_CODE_DEPTH and len(cb.colors()) == MAX_CODE_DEPTH
    assert Codebook.from_dict(cb.to_dict()).to_dict() == cb.to_dict()


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system [ls]", "!!python/name:os.system", "!!python/tuple [1, 2]"])
def test_python_tags_are_refused_with_a_clear_message(tmp_path, tag):
    with pytest.raises(CodebookError) as info:
        Codebook.load(_write(tmp_path, f"codes:\n  - id: A\n    name: a\n    keywords: {tag}\n"))
    assert info.value.code == "RK240"
    message = str(info.value)
    assert "line 4" in message and "Python tag" in message and "not allowed" in message and "empty name" not in message


def test_python_tag_in_cli_gives_the_rk_message(tmp_path, capsys):
    from researchkit.cli import main

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "R01.txt").write_text("I: Vraag?\nR: Antwoord.\n", encoding="utf-8")
    path = _write(tmp_path, "codes:\n  - id: A\n    name: !!python/name:os.system\n")
    code = main(["autocode", str(tmp_path / "docs"), "--codebook", str(path), "--out", str(tmp_path / "o.csv")])
    err = capsys.readouterr().err
    assert code == 2 and "RK240" in err and "Python tag" in err and "line 3" in err
    assert not (tmp_path / "o.csv").exists()


def test_seeded_mutations_of_a_codebook_give_rk_errors_only(tmp_path):
    """A seeded mutator (byte flips, deletions, duplications, YAML-significant insertions)
    over a real codebook: every result loads or raises a CodebookError, never a traceback."""
    import random

    source = (DATA / "small.yaml").read_text(encoding="utf-8")
    tokens = [":", "-", "[", "]", "{", "}", "&a", "*a", "!!python/object:os.system", "!!binary", "'", '"', "\t",
              "\n  ", "\n- ", "#", "*", "+", "=", "\u00ad", "\x00", "\ufeff", "children:", "id:", "parent: SIG"]
    rng = random.Random(20261203)
    outcomes = {"loaded": 0, "refused": 0}
    for n in range(300):
        text = source
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(text) + 1)
            kind = rng.random()
            if kind < 0.35:
                text = text[:i] + rng.choice(tokens) + text[i:]
            elif kind < 0.6:
                text = text[:i] + text[i + rng.randint(1, 20):]
            elif kind < 0.8:
                j = rng.randrange(len(text) + 1)
                text = text[:i] + text[min(i, j):max(i, j)] + text[i:]
            else:
                text = text[:i] + chr(rng.randint(32, 0x2FF)) + text[i + 1:]
        path = tmp_path / f"m{n}.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            Codebook.load(path)
            outcomes["loaded"] += 1
        except CodebookError as err:
            assert err.code in ("RK210", "RK211", "RK212", "RK240", "RK241") and str(err)
            outcomes["refused"] += 1
    assert outcomes["loaded"] > 0 and outcomes["refused"] > 0


def test_rollup_joins_evidence_of_merged_codings_with_string_columns():
    import pandas as pd

    from researchkit.codebook import Codebook

    cb = Codebook.from_dict({"codes": [{"id": "SIG", "name": "Signalen", "children": [
        {"id": "SIG.1", "name": "a"}, {"id": "SIG.2", "name": "b"}]}]})
    df = pd.DataFrame({"doc_id": ["R1", "R1", "R1"], "start": [0, 0, 5], "end": [4, 4, 9],
                       "code": ["SIG.1", "SIG.2", "SIG.1"], "coder": ["a", "a", "a"],
                       "evidence": pd.array(["x", "y", None], dtype="str"),
                       "rule_id": pd.array(["r1", "r2", "r3"], dtype="str")})
    out = cb.rollup(df, level=1)
    assert out[["code", "evidence", "rule_id"]].values.tolist() == [["SIG", "x; y", "r1; r2"], ["SIG", None, "r3"]]


def test_thousands_of_unknown_parents_are_all_listed_with_few_suggestions(monkeypatch):
    """Each unknown ``parent:`` got a did-you-mean against every code: 1000 unknown parents in a codebook
    of 10 000 codes took 13 s (quadratic). Every problem is still listed; only the first ones get a
    suggestion (as for relations)."""
    import difflib

    calls = []
    real = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches", lambda *a, **k: calls.append(1) or real(*a, **k))
    codes = [{"id": f"C{i}", "name": f"C{i}"} for i in range(2000)]
    codes += [{"id": f"K{i}", "name": f"K{i}", "parent": f"C{i}x"} for i in range(500)]
    with pytest.raises(CodebookError) as info:
        Codebook.from_dict({"codes": codes})
    problems = info.value.problems
    assert len(problems) == 500 and len(calls) <= 25
    assert "unknown parent 'C0x' (did you mean" in problems[0]
    assert problems[-1] == "id K499: unknown parent 'C499x'"

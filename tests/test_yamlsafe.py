"""YAML limits: alias bombs, deep nesting and huge documents are refused quickly, with a place."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from researchkit import yamlsafe
from researchkit.codebook import Codebook
from researchkit.errors import CodebookError, ResearchkitError
from researchkit.yamlsafe import safe_load


def _alias_bomb(levels: int = 9, width: int = 9) -> str:
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_with_its_line():
    with pytest.raises(yamlsafe.YamlLimitError) as info:
        yamlsafe.safe_load(_alias_bomb())
    assert "alias" in str(info.value)
    assert info.value.problem_mark is not None


def test_recursive_alias_is_refused():
    with pytest.raises(yamlsafe.YamlLimitError, match="recursive"):
        yamlsafe.safe_load("a: &a [1, *a]\n")


def test_deep_nesting_is_refused_not_a_recursion_error():
    deep = "[" * 5000 + "]" * 5000
    with pytest.raises(yamlsafe.YamlLimitError, match="nested"):
        yamlsafe.safe_load(deep)


def test_size_limit():
    with pytest.raises(yamlsafe.YamlLimitError, match="bytes"):
        yamlsafe.safe_load("a: " + "x" * 200, max_bytes=100)


def test_ordinary_anchors_still_work():
    text = "base: &b {kind: person}\nentries:\n- <<: *b\n  term: Piet\n- <<: *b\n  term: Jan\n"
    data = yamlsafe.safe_load(text)
    assert [e["term"] for e in data["entries"]] == ["Piet", "Jan"]
    assert data["entries"][0]["kind"] == "person"


def test_only_safe_loaders_are_accepted():
    with pytest.raises(TypeError):
        yamlsafe.safe_load("a: 1", loader_cls=yaml.UnsafeLoader)


def _assert_quick_rk_error(call) -> ResearchkitError:
    """The loader refuses the bomb with a researchkit error that names the alias problem."""
    with pytest.raises(ResearchkitError) as info:
        call()
    assert "alias" in str(info.value)
    return info.value


def test_codebook_alias_bomb(tmp_path: Path):
    from researchkit.codebook import Codebook

    path = tmp_path / "codebook.yaml"
    path.write_text(_alias_bomb() + "codes:\n- id: A\n  name: A\n", encoding="utf-8")
    err = _assert_quick_rk_error(lambda: Codebook.load(path))
    assert err.code == "RK211" and "codebook.yaml" in str(err) and "line" in str(err)


def test_front_matter_alias_bomb(tmp_path: Path):
    from researchkit.io import read_transcript

    path = tmp_path / "R01.txt"
    path.write_text("---\n" + _alias_bomb() + "---\nI: Vraag?\nR: Antwoord.\n", encoding="utf-8")
    err = _assert_quick_rk_error(lambda: read_transcript(path))
    assert "R01.txt" in str(err) and "alias" in str(err)


def test_privacy_key_alias_bomb(tmp_path: Path):
    from researchkit.privacy import read_key

    path = tmp_path / "key.yaml"
    path.write_text(_alias_bomb() + "entries: []\n", encoding="utf-8")
    err = _assert_quick_rk_error(lambda: read_key(path))
    assert err.code == "RK572" and "alias" in str(err)


def test_run_config_alias_bomb(tmp_path: Path):
    from researchkit.run import load_config

    path = tmp_path / "run.yaml"
    path.write_text(_alias_bomb(), encoding="utf-8")
    err = _assert_quick_rk_error(lambda: load_config(path))
    assert "run.yaml" in str(err) and "alias" in str(err)


# --- scalars their tag cannot hold (found by benchmarks/fuzz_importers.py, seed 1) -------------------------------
# PyYAML reads a plain 2026-13-45 as a date and raises a bare ValueError ("month must be in 1..12") while
# building it; ``!!int abc`` gives ValueError, ``!!bool maybe`` KeyError. Before, those escaped every caller
# as raw exceptions (Codebook.load, a transcript's front matter: "not enough values to unpack").

@pytest.mark.parametrize("value, said", [("2026-13-45", "as a date"), ("2026-02-30", "as a date"),
                                          ("!!int abc", "as a whole number"), ("!!bool maybe", "true or false"),
                                          ("!!float x", "as a number")])
def test_a_scalar_its_tag_cannot_hold_is_a_marked_yaml_error(value, said):
    with pytest.raises(yaml.YAMLError) as err:
        safe_load(f"codes:\n- id: A\n  name: {value}\n")
    assert said in err.value.problem and err.value.problem_mark.line + 1 == 3


def test_codebook_with_an_impossible_date_names_file_line_and_value(tmp_path: Path):
    path = tmp_path / "codebook.yaml"
    path.write_text("codebook: Havens\nversion: 2026-13-45\ncodes:\n- id: A\n  name: Alpha\n", encoding="utf-8")
    with pytest.raises(CodebookError) as err:
        Codebook.load(path)
    assert err.value.code == "RK211"
    assert "codebook.yaml" in str(err.value) and "line 2" in str(err.value) and "'2026-13-45'" in str(err.value)


def test_front_matter_with_an_impossible_date_is_a_transcript_error(tmp_path: Path):
    from researchkit.errors import ResearchkitError
    from researchkit.io import read_transcript

    path = tmp_path / "R01.txt"
    path.write_text("---\ndate: 2026-13-45\n---\nI: Vraag?\nR: Antwoord.\n", encoding="utf-8")
    with pytest.raises(ResearchkitError) as err:
        read_transcript(path)
    assert "R01.txt" in str(err.value) and "line 2" in str(err.value) and "2026-13-45" in str(err.value)

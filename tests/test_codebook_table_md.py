"""Codebooks kept as Markdown (``.md``): pipe tables, tables under headings, nested lists.

The fixtures are shaped like real ``codebook.md`` files found in the public index:

* ``Rohit-Somisetty/Qualitative-Survey-Coding-Mixed-Methods-Analysis`` ``docs/codebook.md``: one
  table ``| Theme | Definition | Keyword / Phrase Signals | Example Quote |`` with ``| --- |``
  alignment, keywords as inline code, a title heading and prose around the table;
* ``hschildt/agentic-qual`` ``analysis/codebook.md``: numbered headings (``## 1. MANIFESTATIONS``,
  ``### 1.1 Verbal/Behavioral``) with ``- **slug**: definition`` bullets below, an ``## Overview``
  heading with prose only;
* an annotation codebook in the index (``# Annotation Codebook``, ``## 1. Evidence Type Tags``
  then ``| Code | Definition | Example |``, ``## 2. Behavioral Codes`` then ``| Code | Full Name |
  Definition |``, ``## 4. Contract Window Fields`` then ``| Field | Definition | Failure Mode |``);
  the index did not name its repository;
* ``RRNour/hciaireview`` ``codebook/codebook.md``: numbered items ``1. **agentic_ai** — agent, ...``.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from researchkit.codebook import Codebook
from researchkit.codebook.table import import_codebook_table
from researchkit.codebook.tablemd import _name_and_definition, clean_inline, read_markdown_rows, split_row
from researchkit.errors import CodebookError

SURVEY = """# Qualitative Coding Codebook

Transparent coding criteria ensure that mixed-methods findings are reproducible and auditable.

| Theme | Definition | Keyword / Phrase Signals | Example Quote |
| --- | --- | --- | --- |
| STRESS_BURNOUT | Mentions of mental load, burnout, anxiety, or emotional exhaustion. | `stress`, `burned out`, `overwhelmed` | "I am exhausted trying to keep up with work and caregiving." |
| FOOD_INSECURITY | References to skipping meals or stretching groceries. | `food insecurity`, `skip meals` | "We are stretching groceries thin and skipping meals." |
| CHILDCARE_ACCESS | Concerns about finding or keeping reliable childcare. | `waitlist`, `no slots` | "I have been on a childcare waitlist for months." |

**Note:** The programmatic codebook in `src/codebook.py` mirrors this table.
"""

SYCOPHANCY = """# Sycophancy Codebook - Presidential Transitions Study

**Last Updated**: December 8, 2025

## Overview
This codebook contains descriptive and analytical codes emerging from grounded theory analysis.

---

## 1. MANIFESTATIONS OF SYCOPHANCY

### 1.1 Verbal/Behavioral Sycophancy
- **slavishly-doing-will**: VP "slavishly doing the will of his master" (Hartmann/Ford)
- **yes-sir-general**: Automatic compliance - "everybody would say 'Yes sir, General'" (Hartmann on Reagan)

### 1.2 Institutional/Structural Sycophancy
- **hierarchical-deference**: Structured compliance in pyramidal organizations (Hartmann, Griscom)
- **gatekeeping**: Lindsay controlling access to Clinton, protective sycophancy (Mikva, Panetta)

## 2. ANTI-SYCOPHANTIC BEHAVIORS

### 2.1 Principled Resistance
- **refusing-assignment**: Declining to work for problematic leader (White re: Colson)
- **quit-threat**: Willingness to resign rather than comply (White, Mikva/Clinton)
"""

ANNOTATION = """# Annotation Codebook
## Observational Codes Used in Session Evidence

This codebook defines every annotation code applied to session transcripts.

---

## 1. Evidence Type Tags

Applied at the observation level in the paper and the manifest.

| Code | Definition | Example |
|------|-----------|---------|
| (A) | Author-interpreted. The researcher's interpretation. | "This is interpreted as the model generalizing..." |
| (M) | Model self-reported. | Gemini: "I am not just predicting the next word" |

---

## 2. Behavioral Codes (for inline annotation of transcripts)

| Code | Full Name | Definition |
|------|-----------|-----------|
| VT-ADOPT | V&T Adoption | The model produces a V&T statement without being instructed. |
| INV-VIOL | Invariant Violation | The output violates one of I1\\|I2 (noted as INV-VIOL:I2). |

---

## 4. Contract Window Fields

| Field | Definition | Failure Mode |
|-------|-----------|-------------|
| Task State | The user's current investigative intent | Intent drift |
"""


def _md(tmp_path: Path, text: str, name: str = "codebook.md") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8", newline="")
    return p


def test_single_table_survey_codebook(tmp_path: Path) -> None:
    p = _md(tmp_path, SURVEY)
    with pytest.raises(CodebookError) as err:  # 'Theme' is a category column, as in a CSV
        import_codebook_table(p)
    assert err.value.code == "RK242" and "--column name=" in str(err.value)
    book, report = import_codebook_table(p, columns={"name": "Theme"}, language="en")
    assert [c.id for c in book] == ["STRESS_BURNOUT", "FOOD_INSECURITY", "CHILDCARE_ACCESS"]
    code = book["STRESS_BURNOUT"]
    assert code.description.startswith("Mentions of mental load")
    assert code.extra["x_keyword_phrase_signals"] == "stress, burned out, overwhelmed"  # inline code reduced to text
    assert list(code.examples) == ['"I am exhausted trying to keep up with work and caregiving."']
    assert book.title == "Qualitative Coding Codebook"
    assert report.header_row == 5  # the table's header line


def test_headings_and_nested_bullets(tmp_path: Path) -> None:
    book, report = import_codebook_table(_md(tmp_path, SYCOPHANCY), language="en")
    assert [c.name for c in book.codes] == ["MANIFESTATIONS OF SYCOPHANCY", "ANTI-SYCOPHANTIC BEHAVIORS"]
    assert book["slavishly-doing-will"].path.split("/")[:-1] == ["MANIFESTATIONS_OF_SYCOPHANCY", "Verbal_Behavioral_Sycophancy"]
    assert book["gatekeeping"].parent == "Institutional_Structural_Sycophancy"
    assert book["quit-threat"].description == "Willingness to resign rather than comply (White, Mikva/Clinton)"
    assert len(book) == 11 and book.depth == 3
    assert book.title == "Sycophancy Codebook - Presidential Transitions Study"
    notes = "\n".join(report.notes)
    assert "'Overview' (line 5)" in notes  # a heading with prose only is named, not made a code
    assert "line 10: the outline number in front of heading '1. MANIFESTATIONS OF SYCOPHANCY' left out" in notes


def test_tables_under_headings(tmp_path: Path) -> None:
    book, report = import_codebook_table(_md(tmp_path, ANNOTATION), language="en")
    assert [c.name for c in book.codes] == ["Evidence Type Tags", "Behavioral Codes (for inline annotation of transcripts)"]
    assert book.codes[0].description == "Applied at the observation level in the paper and the manifest."
    assert [c.name for c in book.codes[0].children] == ["(A)", "(M)"]
    viol = book["INV-VIOL"]
    assert viol.parent == book.codes[1].id
    assert viol.description == "The output violates one of I1|I2 (noted as INV-VIOL:I2)."  # escaped pipe
    assert viol.extra["x_full_name"] == "Invariant Violation"  # 'Full Name' holds no paths: kept, not lost
    notes = "\n".join(report.notes)
    assert "line 30: table with columns 'Field', 'Definition', 'Failure Mode' set aside" in notes
    assert "'4. Contract Window Fields' (line 28)" in notes
    assert report.hierarchy == "level column 'Level'"


def test_markdown_codebook_saves_and_loads(tmp_path: Path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        book = Codebook.from_table(_md(tmp_path, ANNOTATION), language="en")
    assert any("RK249" in str(w.message) for w in caught)
    out = tmp_path / "codebook.yaml"
    book.save(out)
    assert Codebook.load(out).to_dict() == book.to_dict()


def test_cli_imports_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from researchkit.cli import main

    out = tmp_path / "cb.yaml"
    assert main(["codebook", "import", str(_md(tmp_path, SYCOPHANCY)), "--out", str(out), "--language", "en"]) == 0
    assert "11 codes, 2 at the top, 3 level(s)" in capsys.readouterr().out
    assert Codebook.load(out)["refusing-assignment"].parent == "Principled_Resistance"


def test_list_item_shapes() -> None:
    assert _name_and_definition("**agentic_ai** — agent, agentic, autonomous agent") == ("agentic_ai", "agent, agentic, autonomous agent")
    assert _name_and_definition("**Trust:** in staff") == ("Trust", "in staff")
    assert _name_and_definition("`builds_rapport` — Builds rapport") == ("builds_rapport", "Builds rapport")
    assert _name_and_definition("Subcode: a definition: with a colon") == ("Subcode", "a definition: with a colon")
    assert _name_and_definition("Just a theme") == ("Just a theme", "")


def test_indented_bullets_and_numbered_items(tmp_path: Path) -> None:
    text = "- Theme A\n  - Sub 1: first\n    * Deep: deeper\n  - Sub 2\n- Theme B\n\t- Tabbed: under B\n1. Numbered: top\n"
    book, _ = import_codebook_table(_md(tmp_path, text), language="en")
    assert [(c.name, c.parent) for c in book] == [("Theme A", None), ("Sub 1", "Theme_A"), ("Deep", "Sub_1"),
                                                  ("Sub 2", "Theme_A"), ("Theme B", None), ("Tabbed", "Theme_B"),
                                                  ("Numbered", None)]
    assert book["Deep"].description == "deeper"


def test_inline_markup_reduced_to_text() -> None:
    assert clean_inline("**Bold** and __strong__ and *it* [link](https://x.org/a_b) ![alt](i.png)") == "Bold and strong and it link alt"
    assert clean_inline("`code **not bold**` snake_case_name werk* 2*3") == "code **not bold** snake_case_name werk* 2*3"
    assert clean_inline("one<br>two<BR />three") == "one\ntwo\nthree"
    assert clean_inline("\\*literal\\* and \\[x\\]") == "*literal* and [x]"
    assert split_row("| a | b \\| c | `d` |") == ["a", "b | c", "`d`"]
    assert split_row("| a | |") == ["a", ""]


def test_ragged_rows_name_their_lines(tmp_path: Path) -> None:
    text = "| Code | Definition |\n|---|---|\n| A | one | extra |\n| B |\n| C | fine |\n"
    with pytest.raises(CodebookError) as err:
        import_codebook_table(_md(tmp_path, text))
    msg = str(err.value)
    assert err.value.code == "RK247"
    assert "line 3: a table row with 3 cell(s) where the header on line 1 has 2" in msg
    assert "line 4: a table row with 1 cell(s)" in msg
    assert "\\|" in msg  # the hint says how to write a pipe in a cell


def test_fenced_code_and_no_codebook(tmp_path: Path) -> None:
    text = "# Notes\n\n```\n| Code | Definition |\n|---|---|\n| A | x |\n```\n\nJust prose.\n"
    with pytest.raises(CodebookError) as err:
        import_codebook_table(_md(tmp_path, text))
    assert err.value.code == "RK247" and "no Markdown table" in str(err.value)


def test_duplicate_code_under_heading_names_lines(tmp_path: Path) -> None:
    text = "## Trust\n\n| Code | Definition |\n|---|---|\n| staff | a |\n| staff | b |\n\n## Risk\n\n| Code | Definition |\n|---|---|\n| staff | c |\n"
    with pytest.raises(CodebookError) as err:
        import_codebook_table(_md(tmp_path, text))
    assert err.value.code == "RK246" and "(rows 5 and 6)" in str(err.value)


def test_hostile_cells_parse_in_one_pass(tmp_path: Path) -> None:
    """Many unmatched brackets, backticks and emphasis markers: read (linear-time scanners), nothing lost."""
    junk = "[" * 20000 + "`" * 3 + "](" * 20000 + "*_" * 20000
    text = f"| Code | Definition |\n|---|---|\n| A | {junk} |\n"
    rows = read_markdown_rows(tmp_path / "x.md", text.encode("utf-8")).rows
    assert rows[1].cells[0] == "A" and rows[1].cells[1].startswith("[" * 20000 + "```" + "](" * 20000)


def test_markdown_suffix_and_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import researchkit.io.sheets as sheets

    p = _md(tmp_path, SURVEY, name="codes.markdown")
    monkeypatch.setattr(sheets, "MAX_SHEET_BYTES", 100)
    with pytest.raises(CodebookError) as err:
        import_codebook_table(p, columns={"name": "Theme"})
    assert err.value.code == "RK131"


def test_rules_and_prose_end_an_item(tmp_path: Path) -> None:
    """``---`` after the last bullet of a section (hschildt/agentic-qual) is no part of its definition; prose is noted."""
    text = ("# Book\n\n## Theme\n- **a-code**: its definition\n  continued here\n\n---\n\nA paragraph after the list.\n\n"
            "## Other\n- **b-code**: b\n")
    book, report = import_codebook_table(_md(tmp_path, text), language="en")
    assert book["a-code"].description == "its definition continued here"
    assert "1 line(s) of text outside the tables, lists and heading definitions set aside (line 9)" in report.notes


def test_list_nested_too_deep_is_one_problem(tmp_path: Path) -> None:
    """A list indented 2,000 levels deep: one RK248 naming the line where it gets too deep, not one per item."""
    text = "\n".join(" " * (2 * i) + f"- c{i}: d" for i in range(2000)) + "\n"
    with pytest.raises(CodebookError) as err:
        import_codebook_table(_md(tmp_path, text), language="en")
    assert err.value.code == "RK248"
    assert err.value.problems == ["row 31: 'c30' is at level 31 below 'c0' (row 1); a codebook nests codes at most 30 "
                                  "levels deep: give it a parent higher up"]


def test_table_with_its_own_parent_column_keeps_it(tmp_path: Path) -> None:
    """Headings over tables that carry a Parent column are not parents too (noted); the Parent column builds the tree."""
    text = ("# Book\n## A\n| Code | Parent | Definition |\n|---|---|---|\n| x | | top |\n| y | x | under |\n"
            "## B\n| Code | Parent | Definition |\n|---|---|---|\n| z | y | deeper |\n")
    book, report = import_codebook_table(_md(tmp_path, text), language="en")
    assert [(c.name, c.parent) for c in book] == [("x", None), ("y", "x"), ("z", "y")]
    assert report.hierarchy == "parent column 'Parent'"
    assert any("the table has its own column for the tree" in n for n in report.notes)
    assert any("'A' (line 2), 'B' (line 7)" in n for n in report.notes)


def test_codebook_load_reads_a_markdown_codebook_as_a_run_configuration_names_it(tmp_path: Path) -> None:
    """``Codebook.load`` routes ``.md`` to the table reader, as it does ``.csv``/``.xlsx``, so a run
    configuration or ``researchkit project codebook`` can name a Markdown codebook directly."""
    path = _md(tmp_path, SYCOPHANCY)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        loaded = Codebook.load(path)
        book, _report = import_codebook_table(path)
    assert loaded.to_frame().equals(book.to_frame()) and len(loaded) == 11

"""A sweep of real codebook files from public repositories, each read with ``Codebook.load`` / ``import_codebook_table``.

Every fixture is a shortened copy of the shape of one real file (its header, its quirks):

* ``navarral/swj2022-usability-paper`` ``data/transcripts/thematic-analysis/codebooks/codebook_20220303_8.csv``:
  a Taguette export (``tag,description,number of highlights``), one description over several lines;
* ``alexmueller07/conversationalist-lab-research`` ``codebook.csv``: a measures dictionary whose ``level``
  column says at which level a measure is taken (``person``, ``dyad``), beside ``family`` (a category);
* ``mchalekson/linkography_ai`` ``codebook/codebook.md``: ``## 1. Idea Management`` headings with bold
  labels alone on their line and no colon (``**Definition**``, ``**Positive Example**`` over a ``>`` quote,
  ``**Scoring (-1 → 2)**`` over bullets, ``**Theories**``), a scale table and a references list after them;
* ``NishankKS/GenAI-Trust-Study`` ``docs/codebook.md``: ``## Relevance (field: relevance)`` headings, a
  question and ``Why this matters: ...`` below each, then ``- relevant: ...`` bullets (the codes);
* ``Mahzabin-Tamanna/Study-on-SLSA`` ``Codebook.csv``: `` Sub-themes,Description`` rows, two empty rows,
  then a second table ``Codes,Description`` in the same sheet;
* ``BrianMills2718/qc`` ``codes.csv``: ``code_id,name,definition,frequency,first_appearance,theme_id,
  parent_code_id,hierarchy_level`` with levels counted from 0 and names indented by spaces;
* ``cgeeng/analysis_scripts`` ``Codebook.csv``: no header, ``name,description`` rows, its last three rows
  pasted twice;
* ``juanchiconsoli/qualitative-analysis-example`` ``codebook.yaml``: a plain YAML list of code names.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from researchkit.codebook import Codebook
from researchkit.codebook.table import import_codebook_table
from researchkit.errors import CodebookError


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8", newline="")
    return p


def _read(p: Path, **kwargs):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return import_codebook_table(p, language="en", **kwargs)


def test_taguette_export_with_a_description_over_several_lines(tmp_path: Path) -> None:
    p = _write(tmp_path, "codebook_20220303_8.csv", (
        "tag,description,number of highlights\n"
        "Moderator assist,\"The moderator intervenes because the participant struggles to complete a task.\",174\n"
        "Additional feature suggestion,\"Distinguish outliers based on historical data.\n"
        "Add time series, scatter and histogram plots.\",126\n"
        "Export (meta)data useful,\"Exporting the data is useful for a subsequent analysis.\",131\n"
        "Wording not clear,A word or expression that appears in a paragraph is not clear. ,75\n"))
    book, report = _read(p)
    assert [c.name for c in book] == ["Moderator assist", "Additional feature suggestion", "Export (meta)data useful",
                                      "Wording not clear"]
    assert book.codes[1].description == ("Distinguish outliers based on historical data.\n"
                                         "Add time series, scatter and histogram plots.")
    assert report.columns_ignored == ["number of highlights (a count the QDA program adds)"]


def test_a_level_column_of_words_is_kept_not_refused(tmp_path: Path) -> None:
    p = _write(tmp_path, "codebook.csv", (
        "measure,label,family,level,unit,description\n"
        "facial_valence_mean,Facial valence,affect,person,index,Mean pleasantness of facial expression.\n"
        "valence_synchrony,Valence synchrony (above chance),affect,dyad,correlation above chance,How much two faces track.\n"
        "backchannel_count,Backchannel count,backchannel,person,count,Number of acknowledgment tokens.\n"))
    book, report = _read(p)
    affect, backchannel = book.codes
    assert [c.name for c in affect.children] == ["Facial valence", "Valence synchrony (above chance)"]
    assert affect.children[1].extra["x_level"] == "dyad" and backchannel.children[0].extra["x_level"] == "person"
    assert "column 'level' holds no level numbers ('person', 'dyad'), so it is no tree: kept as x_level" in report.notes
    mixed = _write(tmp_path, "mixed.csv", "Code,Level\nA,1\nB,two\n")  # numbers and a word: the word is an error
    with pytest.raises(CodebookError, match=r"RK248.*level 'two'"):
        _read(mixed)


LINKOGRAPHY = """# Coordination & Decision Practices (CDP) Codebook

This codebook defines eight behavioral codes used to annotate utterances in team meetings.

---

## 1. Idea Management

**Definition**  
Behaviors that introduce, elaborate, or block the flow of ideas.  
**Focus = idea flow** (are ideas being generated, elaborated, or stifled?).

**Positive Example**  
> "Let's run a pilot with undergraduates to test feasibility."

**Negative Example**  
> "That's a stupid idea, let's not waste time."

**Scoring (-1 → 2)**
- **-1** = Blocks/dismisses ideas.
- **2** = Novel, elaborated, reasoned idea building on others.

**Theories**  
Creativity in teams (Amabile, 1996).

---

## 2. Information Seeking

**Definition**  
Asking questions, surfacing gaps, or discouraging inquiry.

---

## Scoring Scale Summary

All codes use a consistent **-1 to 2 scale**:

| Score | Interpretation |
|-------|---|
| **-1** | Negative behavior |

## References

- Amabile, T. M. (1996). Creativity and Innovation in Organizations.
"""


def test_bold_labels_without_a_colon(tmp_path: Path) -> None:
    book, report = _read(_write(tmp_path, "codebook.md", LINKOGRAPHY))
    assert [c.name for c in book] == ["Idea Management", "Information Seeking"]  # no "-1" codes, no summary, no references
    idea = book.codes[0]
    assert idea.description == ("Behaviors that introduce, elaborate, or block the flow of ideas. "
                                "Focus = idea flow (are ideas being generated, elaborated, or stifled?).")
    assert list(idea.examples) == ['"Let\'s run a pilot with undergraduates to test feasibility."',
                                   '"That\'s a stupid idea, let\'s not waste time."']
    assert idea.extra["x_remarks"] == ("Scoring (-1 → 2): -1 = Blocks/dismisses ideas.\n"
                                       "2 = Novel, elaborated, reasoned idea building on others.")
    assert idea.extra["x_theories"] == "Creativity in teams (Amabile, 1996)."
    notes = "\n".join(report.notes)
    assert "'Scoring Scale Summary' (line 35)" in notes and "(line 43)" in notes


def test_questions_over_value_bullets_stay_a_list(tmp_path: Path) -> None:
    text = ("# Codebook\n\nGenerated from `R/codebook.R`. Do not edit this file by hand.\n\n"
            "## Relevance (field: relevance)\nDoes the comment express an evaluation of an AI system?\n"
            "Why this matters: The largest threads are image-generation games.\n"
            "- relevant: The comment evaluates an AI system. EXAMPLES: \"Gemini is much better\" | \"not an LLM\"\n"
            "- not_relevant: The comment is about something else.\n\n"
            "## Trust stance (field: stance)\nWhat stance toward the AI target does the comment express?\n"
            "- trust: Presents the target as reliable.\n- distrust: Presents the target as unreliable.\n")
    book, _ = _read(_write(tmp_path, "codebook.md", text))
    relevance, stance = book.codes
    assert relevance.description == ("Does the comment express an evaluation of an AI system? "
                                     "Why this matters: The largest threads are image-generation games.")
    assert [c.id for c in relevance.children] == ["relevant", "not_relevant"]
    assert relevance.children[0].description.startswith("The comment evaluates an AI system. EXAMPLES:")
    assert [c.id for c in stance.children] == ["trust", "distrust"]


def test_a_second_table_in_the_same_sheet(tmp_path: Path) -> None:
    p = _write(tmp_path, "Codebook.csv", (
        " Sub-themes,Description\n"
        "Complicated Provenance Generation,\"How to model a build and represent it in provenance.\"\n"
        "Ambigious Terminlogy,\"Ambiguous, inconsistent, and sometimes undefined\"\n"
        ",\n,\n"
        "Codes,Description\n"
        "Complex Provenance,\"Challenges in generating accurate provenance information\"\n"
        "Confusing Terminology,Challenges related to the use of specific terms\n"))
    book, report = _read(p)
    assert [c.name for c in book] == ["Complicated Provenance Generation", "Ambigious Terminlogy", "Complex Provenance",
                                      "Confusing Terminology"]
    assert not any(c.name == "Codes" for c in book)
    assert any(n.startswith("row 6 repeats a header ('Codes', 'Description')") for n in report.notes)


def test_levels_counted_from_zero_and_a_parent_id_column(tmp_path: Path) -> None:
    p = _write(tmp_path, "codes.csv", (
        "code_id,name,definition,frequency,first_appearance,theme_id,parent_code_id,hierarchy_level\n"
        "C1,AI Applications,Specific applications of AI tools.,18,Interview 001,T1,,0\n"
        "C2,Challenges and Risks,The difficulties of integrating AI.,18,Interview 001,T2,,0\n"
        "C1.1,  Qualitative Analysis Automation,Automation of qualitative research tasks.,15,Interview 001,T1,C1,1\n"
        "C2.1,  Accuracy and Trust,Concerns about the accuracy of AI outputs.,14,Interview 001,T2,C2,1\n"
        "C1.1.1,    AI Transcription,Using AI for transcribing audio.,7,Interview 001,T1,C1.1,2\n"))
    book, report = _read(p)
    assert [(c.id, c.parent) for c in book] == [("C1", None), ("C1.1", "C1"), ("C1.1.1", "C1.1"), ("C2", None),
                                                ("C2.1", "C2")]
    assert book["C1.1"].name == "Qualitative Analysis Automation"
    assert "column 'hierarchy_level' counts levels from 0: read as levels from 1" in report.notes


def test_rows_pasted_twice_in_a_list_without_a_header(tmp_path: Path) -> None:
    p = _write(tmp_path, "Codebook.csv", (
        "Playful behavior,People playing pranks or messing with devices\n"
        "Device used for parenting,\"Watching children, telling people to do chores, etc.\"\n"
        "Device installed by someone who doesn't live there,\n"
        "User infers something about the device's automation,\n"
        "Device installed by someone who doesn't live there,\n"
        "User infers something about the device's automation,\n"))
    with pytest.raises(CodebookError) as err:
        _read(p)
    assert err.value.code == "RK242" and "'Playful behavior'" in str(err.value)
    book, report = _read(p, header=False)
    assert len(book) == 4
    assert "2 row(s) repeating an earlier row cell for cell left out: row 5 (as row 3), row 6 (as row 4)" in report.notes
    differ = _write(tmp_path, "differ.csv", "Code,Memo\nSluis,a\nSluis,b\n")  # the same name with other cells: RK246
    with pytest.raises(CodebookError, match=r"RK246.*'Sluis' appears 2 times"):
        _read(differ)


def test_a_plain_yaml_list_of_names_is_refused_clearly(tmp_path: Path) -> None:
    p = _write(tmp_path, "codebook.yaml", "- contexto_laboral\n- etica_profesional\n- negocios\n")
    with pytest.raises(CodebookError) as err:
        Codebook.load(p)
    message = str(err.value)
    assert err.value.code == "RK212" and "codebook.yaml" in message and "'codes:'" in message

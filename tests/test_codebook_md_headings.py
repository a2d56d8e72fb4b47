"""Markdown codebooks written as a heading per code, with labelled parts below each heading.

The fixtures are shortened copies of the shapes of real ``codebook.md`` files in the public index:

* ``stevepowell99/agents4qual`` ``analysis/codebook.md``: dated ``##`` sections, ``### Code_name``
  headings, then ``- **Definition**: ...``, ``- **Include**: ...``, ``- **Exclude**: ...`` and
  ``- **Example**:`` with the quotes as sub-bullets;
* ``elle-y-wang/hcp-interview-analysis`` ``docs/codebook.md``: ``## Domain A — ...`` over
  ``### A1 `builds_rapport` — label`` headings, each with a definition paragraph and an italic
  ``- *Maps Table 4 rows: ...*`` remark, a ``| Value | Meaning |`` table and numbered coding rules;
* ``andiyar/phd`` ``qualitative/codebook.md``: ``### 1 · Theme`` headings with a block-quoted
  ``> **Definition:** ...`` over several ``>`` lines, then ``Working notes (...):`` and bullets;
* ``ndelaneybusch/animacy`` ``qualitative/codebook.md``: ``### 1. DIMENSION`` headings with
  ``**Definition:** ...``, then ``**Categories:**`` and bullets ``- **Functional-First (FF):** ...``
  each with ``*Decision rule:*`` and ``*Example:*`` sub-bullets;
* ``AbelKatona18/central-european-populism-analysis`` ``codebook/codebook.md``: ``### Variable 01: ...``
  headings with ``* Definition: ...`` and ``* Target Keywords: ...`` bullets;
* a grounded-theory codebook in the index whose repository the index did not name:
  ``## Code 1: Crisis Construction``, ``**Definition:**`` on its own line over a paragraph,
  ``**Inclusion criteria:**`` / ``**Exclusion criteria:**`` over bullets, ``**Anchor examples:**``
  over a numbered list.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from researchkit.codebook import Codebook
from researchkit.codebook.table import import_codebook_table
from researchkit.codebook.tablemd import clean_inline, read_markdown_rows
from researchkit.codebook.tablemdfields import field_label, field_role, is_aside
from researchkit.errors import CodebookError

AGENTS4QUAL = """# Codebook (append-only)

## 2026-01-20T00:00:00Z — Initialized

Purpose: maintain the current set of codes with definitions, inclusion/exclusion criteria, and examples.

## 2026-01-20T01:05:00Z — Initial code set (v0, provisional)

### Misunderstood_or_noSharedExperience
- **Definition**: Loneliness framed as being *misunderstood* or lacking shared lived experience.
- **Include**: “People around me” but not feeling understood.
- **Exclude**: Simple physical aloneness with no mention of misunderstanding.
- **Example**:
  - `/sources_md/Interview_01.md` — “being misunderstood … has led to being lonely.” (lines 19–35)

### Exclusion_leftOut_opportunityGap
- **Definition**: Loneliness framed as exclusion from groups, including “not invited”.
- **Include**: Outcast imagery.
- **Exclude**: Voluntary solitude without an exclusion comparison.
- **Example**:
  - `/sources_md/Interview_01.md` — “being like an outcast …” (lines 91–123)

  - `/sources_md/Interview_12.md` — “excluded from friends …” (lines 5–9)

## 2026-01-20T01:40:00Z — Code set expansion (v1)

### SocialAnxiety_paranoia_beingWatched
- **Definition**: Loneliness experienced in groups as anxiety or self-consciousness.
- **Include**: Feeling watched/judged.
"""

HCP = """# Codebook v2 — HCP experiences of the ED Peer Program

**Status: v2, aligned to the team's preliminary analysis.**

Format: `### ID `slug` — Plain-English label used in figures`

---

## Domain A — What peers actually do

### A1 `builds_rapport` — Builds rapport and trust with patients
Peer connects with patients, gains their trust, gets them to open up; patients
speak more freely to the peer than to clinical staff.
- *Maps Table 4 rows: "Peer builds rapport with patients", "Peer makes patients willing"*

### A2 `emotional_support` — Offers emotional support and company
Sitting with, listening to, checking in on patients.

## Domain B — What difference the peer program makes

### B1 `patient_engagement` — Patients engage more with their care
- *Maps Table 4 rows: "Peer program promotes patient engagement in care"*

## Stance field

| Value | Meaning |
|---|---|
| `positive` | endorses, praises, reports benefit |

## Coding rules

1. Code **participant** utterances only; interviewer turns are context.
2. Multi-label is expected — assign every code that clearly applies.
"""

DREAMS = """# Paper 4 Codebook — v2 (theme framework)

## Scope gate (apply before coding anything)

A quote enters the database only if it speaks to patient comfort.

- Fine-grained symptom management **unless the symptom content feeds distress**

## The four themes

### 1 · Comfort through Preserved Awareness

> **Definition:** Patients are comfortable and able to express or show that comfort
> through interaction, awareness, responsiveness, or rousability.

Working notes (from the 22-Jul meeting, Judy's independent pass):
- Comfort described **alongside** retained interaction
- Judy's label: "comfortable wakefulness"

### 4 · Rousable or Responsive Communication

> **Definition:** Whether a patient is able to communicate, verbally or non-verbally,
> and the content of that communication.
>
> *(Kylie: the word "rousability" must appear in this paper.)*
"""

ANIMACY = """# Qualitative Coding Scheme for Role-Playing Response Analysis

## Overview
This codebook documents the coding scheme.

## Primary Coding Dimensions

### 1. ANTHROPOMORPHIZATION STRATEGY

**Definition:** How the model attributes human-like characteristics to non-human entities.

**Categories:**
- **Functional-First (FF):** Builds personality from the entity's actual function
  - *Decision rule:* Code FF if >60% of response content references actual function
  - *Example:* Lock reasoning about security from keyway mechanics

- **Emotion-First (EF):** Builds function around projected human emotional states
  - *Example:* Lock feeling "lonely" before mentioning tumblers

**Quantification:** Calculate the ratio of emotional to functional vocabulary
- Ratio < 0.3 → Functional-First

### 2. CHIMERA EFFECT

**Definition:** Bleed-through of the model's assistant self-model into role-playing responses.
"""

POPULISM = """# Methodological Codebook: Central European Populism Shift

## Project Objective
This data pipeline tracks the linguistic transition of populist rhetoric.

## 1. Textual Coding Variables

### Variable 01: Cosmic/Absolute Truth Markers (ABS_MARK)
* Definition: Textual units where the speaker claims a moral monopoly on absolute truths.
* Target Keywords: always, never, eternal, cosmic.

### Variable 03: Spatial Boundary Subversion (BOUND_SUB)
* Definition: The tactical hijacking of an opponent's geographic boundary metrics.

## 2. Behavioral Sub-Sample Survey Variables
* Sample Size (N): 60 Teen Participants
"""

CRISIS = """# Codebook: AI Nuclear Escalation Rationales

Method: Grounded theory (open coding, axial consolidation).

---

## Code 1: Crisis Construction

**Definition:**
The AI constructs a crisis frame by perceiving the current situation as existential
and compressing time through countdown language.

**Inclusion criteria:**
- Statements that identify a rival's imminent victory as an existential threat
- Statements that label the situation as a crisis

**Exclusion criteria:**
- Statements where desperation is the dominant register (see Code 2: Desperation)

**Anchor examples:**
1. **KK25S-The_Iroquois-T389** -- The AI declares "an emergency science race".
2. **GLM47B-The_Huns-T409** -- The AI labels the situation as a "multi-theater emergency".

---

## Code 2: Desperation

**Definition:**
The AI frames nuclear weapons as a response to severe power asymmetry.
"""

NESTED = """# Trust codebook

## Trust
Expressions of trust in institutions.

### Trust in police
Definition: Statements about relying on the police.
Inclusion: Calling the police, expecting help from officers.
Exclusion: Trust in the courts (use Trust in courts).
Example: "I would call them straight away."
Example: "They came when we needed them."

### Trust in courts
**Definition:** Statements about the fairness of judges.

## Distrust
**Definition:** Doubt that an institution will act in one's interest.
"""


def _md(tmp_path: Path, text: str, name: str = "codebook.md") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8", newline="")
    return p


def _read(tmp_path: Path, text: str) -> tuple[Codebook, list[str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book, report = import_codebook_table(_md(tmp_path, text), language="en")
    return book, list(report.notes)


def test_labelled_bullets_under_code_headings(tmp_path: Path) -> None:
    book, notes = _read(tmp_path, AGENTS4QUAL)
    leaf = book["Misunderstood_or_noSharedExperience"]
    assert leaf.description == "Loneliness framed as being misunderstood or lacking shared lived experience."
    assert leaf.include == "“People around me” but not feeling understood."
    assert leaf.exclude == "Simple physical aloneness with no mention of misunderstanding."
    assert list(leaf.examples) == ["/sources_md/Interview_01.md — “being misunderstood … has led to being lonely.” (lines 19–35)"]
    assert len(book["Exclusion_leftOut_opportunityGap"].examples) == 2  # a blank line between sub-bullets
    assert [c.name for c in book.codes] == ["2026-01-20T01:05:00Z — Initial code set (v0, provisional)",
                                            "2026-01-20T01:40:00Z — Code set expansion (v1)"]
    assert book["SocialAnxiety_paranoia_beingWatched"].parent == book.codes[1].id
    assert len(book) == 5 and book.title == "Codebook (append-only)"
    assert not any(c.name in ("Definition", "Include", "Example") for c in book)  # labels are no codes
    assert any("Initialized" in n and "set aside" in n for n in notes)


def test_headings_with_definition_paragraphs_and_remarks(tmp_path: Path) -> None:
    """``### A1 `slug` — label`` headings with a paragraph: codes (the slug their id, the label their name, A1
    kept), the italic bullet a remark, not a sub-code."""
    book, notes = _read(tmp_path, HCP)
    names = [c.name for c in book]
    assert names[:5] == ["Domain A — What peers actually do", "Builds rapport and trust with patients",
                         "Offers emotional support and company", "Domain B — What difference the peer program makes",
                         "Patients engage more with their care"]
    assert [c.id for c in book][1:3] == ["builds_rapport", "emotional_support"] and book["patient_engagement"]
    a1 = book.codes[0].children[0]
    assert a1.extra["x_outline"] == "A1"
    assert a1.description == ("Peer connects with patients, gains their trust, gets them to open up; patients "
                              "speak more freely to the peer than to clinical staff.")
    assert a1.extra["x_remarks"].startswith("Maps Table 4 rows: \"Peer builds rapport")
    assert not any(n.startswith("Maps") for n in names)
    assert not any("participant" in n for n in names)  # the coding rules under a heading that is no code
    assert any("2 list item(s) under headings that are no codes set aside (lines 32, 33)" in n for n in notes)
    assert any("'Stance field' (line 24), 'Coding rules' (line 30)" in n for n in notes)
    assert any("table(s) without a code column set aside" in n for n in notes)


def test_block_quoted_definition_and_working_notes(tmp_path: Path) -> None:
    book, notes = _read(tmp_path, DREAMS)
    first, last = book.codes  # "The four themes" above both is set aside like a subtitle (named in a note)
    assert any("'The four themes' (line 9)" in n for n in notes)
    assert first.name == "1 · Comfort through Preserved Awareness"
    assert first.description == ("Patients are comfortable and able to express or show that comfort "
                                 "through interaction, awareness, responsiveness, or rousability.")
    remarks = first.extra["x_remarks"]
    assert remarks.startswith("Working notes (from the 22-Jul meeting, Judy's independent pass): Comfort described")
    assert "Judy's label: \"comfortable wakefulness\"" in remarks
    assert not first.children  # the notes' bullets are no sub-codes
    assert last.description.endswith("and the content of that communication.")
    assert any("1 list item(s) under headings that are no codes set aside (line 7)" in n for n in notes)
    assert any("line(s) of text outside" in n for n in notes)  # the Kylie remark is named, not lost


def test_categories_below_a_dimension_are_its_codes(tmp_path: Path) -> None:
    book, _ = _read(tmp_path, ANIMACY)
    dim = book.codes[0]
    assert dim.name == "ANTHROPOMORPHIZATION STRATEGY"
    assert dim.description == "How the model attributes human-like characteristics to non-human entities."
    ff, ef = dim.children
    assert (ff.name, ff.description) == ("Functional-First (FF)", "Builds personality from the entity's actual function")
    assert ff.include == "Code FF if >60% of response content references actual function"  # decision rule
    assert list(ff.examples) == ["Lock reasoning about security from keyway mechanics"]
    assert list(ef.examples) == ['Lock feeling "lonely" before mentioning tumblers']
    assert dim.extra["x_quantification"] == ("Calculate the ratio of emotional to functional vocabulary\n"
                                             "Ratio < 0.3 → Functional-First")
    assert book.codes[1].name == "CHIMERA EFFECT" and len(book) == 4


def test_plain_labelled_bullets(tmp_path: Path) -> None:
    book, notes = _read(tmp_path, POPULISM)
    assert [c.name for c in book] == ["Cosmic/Absolute Truth Markers (ABS_MARK)", "Spatial Boundary Subversion (BOUND_SUB)"]
    first = book.codes[0]
    assert first.extra["x_outline"] == "Variable 01"  # "Variable 01:" in front of the name, kept
    assert first.description.startswith("Textual units where the speaker claims")
    assert first.extra["x_target_keywords"] == "always, never, eternal, cosmic."
    assert any("1 list item(s) under headings that are no codes set aside (line 16)" in n for n in notes)


def test_labels_on_their_own_lines_over_paragraphs_and_lists(tmp_path: Path) -> None:
    book, notes = _read(tmp_path, CRISIS)
    crisis, despair = book.codes
    assert (crisis.id, crisis.name, crisis.extra["x_outline"]) == ("Crisis_Construction", "Crisis Construction", "Code 1")
    assert crisis.description == ("The AI constructs a crisis frame by perceiving the current situation as existential "
                                  "and compressing time through countdown language.")
    assert crisis.include == ("Statements that identify a rival's imminent victory as an existential threat\n"
                              "Statements that label the situation as a crisis")
    assert crisis.exclude == "Statements where desperation is the dominant register (see Code 2: Desperation)"
    assert list(crisis.examples) == ['KK25S-The_Iroquois-T389 -- The AI declares "an emergency science race".',
                                     'GLM47B-The_Huns-T409 -- The AI labels the situation as a "multi-theater emergency".']
    assert despair.description == "The AI frames nuclear weapons as a response to severe power asymmetry."
    assert book.title == "Codebook: AI Nuclear Escalation Rationales" and len(book) == 2
    assert any(n.startswith("a heading per code read, with its labelled parts") for n in notes)
    assert "2 heading(s) written as 'Code 1: name': the name read without 'Code 1', kept as x_outline" in notes


def test_heading_levels_give_the_tree_and_plain_labels_the_fields(tmp_path: Path) -> None:
    book, _ = _read(tmp_path, NESTED)
    trust, distrust = book.codes
    assert (trust.name, trust.description) == ("Trust", "Expressions of trust in institutions.")
    police, courts = trust.children
    assert police.description == "Statements about relying on the police."
    assert police.include == "Calling the police, expecting help from officers."
    assert police.exclude == "Trust in the courts (use Trust in courts)."
    assert list(police.examples) == ['"I would call them straight away."', '"They came when we needed them."']
    assert courts.description == "Statements about the fairness of judges." and not courts.children
    assert distrust.description == "Doubt that an institution will act in one's interest."
    assert book.depth == 2


def test_heading_codebook_saves_and_loads(tmp_path: Path) -> None:
    p = _md(tmp_path, NESTED)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = Codebook.load(p)
    out = tmp_path / "codebook.yaml"
    book.save(out)
    again = Codebook.load(out)
    assert [c.to_dict() for c in again] == [c.to_dict() for c in book]


def test_rows_name_the_lines_of_the_headings(tmp_path: Path) -> None:
    p = _md(tmp_path, NESTED)
    rows = read_markdown_rows(p, p.read_bytes()).rows
    assert [r.cells for r in rows[:2]] == [["Trust codebook"], ["Level", "Code", "Definition", "Inclusion", "Exclusion",
                                                                 "Example"]]
    assert [(r.number, r.cells[:2]) for r in rows[2:]] == [(3, ["1", "Trust"]), (6, ["2", "Trust in police"]),
                                                           (13, ["2", "Trust in courts"]), (16, ["1", "Distrust"])]


def test_a_file_without_codes_names_what_was_expected(tmp_path: Path) -> None:
    p = _md(tmp_path, "# Meeting notes\n\nWe talked about the codes today.\n\nMore next week.\n", name="notes.md")
    with pytest.raises(CodebookError) as err:
        import_codebook_table(p)
    message = str(err.value)
    assert err.value.code == "RK247" and "notes.md" in message
    assert "no headings with a definition below them" in message and "**Definition:**" in message


def test_field_labels_and_asides() -> None:
    assert field_label("**Exclusion criteria:**") == ("Exclusion criteria", "", True)
    assert field_label("__Example__: a quote") == ("Example", "a quote", True)
    assert field_label("http://x.org: no") is None and field_label("**Trust** in staff") is None
    assert field_label("a label that is far too long to be any label at all: text") is None
    assert [field_role(x) for x in ("When to use", "Exclusion", "Anchor examples", "Decision rule", "Theme")] == [
        "include", "exclude", "examples", "include", None]
    assert is_aside("*Maps Table 4 rows: \"Peer has lived experience\"*") and not is_aside("**bold**: text")


def test_link_with_parentheses_in_its_url() -> None:
    """A Wikipedia link (``Trust_(social_science)``) in a table cell keeps its text and no stray ``)``."""
    assert clean_inline("[Trust](https://en.wikipedia.org/wiki/Trust_(social_science)) in staff") == "Trust in staff"
    assert clean_inline("see [x](https://a.org/b_(c)_(d)) (aside)") == "see x (aside)"
    assert clean_inline("[x](https://a.org/b_(c) unclosed") == "x unclosed"  # no matching ): the next ) ends it


def test_link_with_parentheses_in_a_table(tmp_path: Path) -> None:
    text = ("| Code | Definition |\n|---|---|\n"
            "| trust | [Trust](https://en.wikipedia.org/wiki/Trust_(social_science)) in staff (see [Risk]"
            "(https://en.wikipedia.org/wiki/Risk_(disambiguation))) |\n")
    book, _ = _read(tmp_path, text)
    assert book["trust"].description == "Trust in staff (see Risk)"


def test_many_labels_and_unclosed_emphasis_parse_in_one_pass(tmp_path: Path) -> None:
    """Hostile input: 20,000 labelled lines and open parentheses read in linear time, every line kept."""
    body = "".join(f"## C{i}\n**Definition:** d{i} (\n- *Example:* e{i}\n" for i in range(2000))
    book, _ = _read(tmp_path, "# Big\n" + body)
    assert len(book) == 2000 and book["C1999"].description == "d1999 ("
    assert clean_inline("[a](" * 5000) == "[a](" * 5000
    # 5,000 distinct labels under one code: at most 40 own columns, the rest kept under Remarks (bounded width)
    labels = "## One\n**Definition:** d\n" + "".join(f"**Label number {i}:** x{i}\n" for i in range(5000))
    book, _ = _read(tmp_path, "# Wide\n" + labels)
    one = book["One"]
    assert len([k for k in one.extra if k != "x_remarks"]) == 40
    assert one.extra["x_remarks"].count("\n") == 5000 - 40 - 1 and "Label number 4999: x4999" in one.extra["x_remarks"]
    assert clean_inline("[a](" * 50000 + ")" * 50000) == "a"  # nested link openings: each URL read once, not once each

"""Transcripts from public collections not met before (sweep of December 2026), and localized Word headings.

Each fixture is written by the test itself, in the shape of the real file named in the
test's docstring (the files themselves are not part of the repository).
"""

from __future__ import annotations

import copy

import docx
import pytest
from docx.oxml.ns import qn

from researchkit import read_transcript


def _write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- Word headings in a localized Word (Dutch Kop 1, German Überschrift 1, French Titre 1) ----------------------------

def _interview_with_heading(path, style_id: str, name: str, *, outline: bool = False, based_on: str | None = None,
                            own_level: str | None = None):
    """A Dutch interview whose section title ``Deel 2 Werk`` is in the heading style ``style_id``/``name``.

    The style is python-docx's ``Heading 1`` renamed as a localized Word (or a converter) writes it,
    without the outline level (``outline=False``) that Word's own built-in styles carry; with
    ``based_on`` it is a house style based on that style instead.
    """
    document = docx.Document()
    heading = document.styles["Heading 1"].element
    target = heading
    if based_on is not None:
        target = copy.deepcopy(heading)
        target.find(qn("w:basedOn")).set(qn("w:val"), based_on)
        heading.getparent().append(target)
    else:
        heading.find(qn("w:name")).set(qn("w:val"), name)
    target.set(qn("w:styleId"), style_id)
    target.find(qn("w:name")).set(qn("w:val"), name)
    ppr = target.find(qn("w:pPr"))
    if not outline or based_on is not None:
        ppr.remove(ppr.find(qn("w:outlineLvl")))
    if own_level is not None:
        level = ppr.makeelement(qn("w:outlineLvl"), {qn("w:val"): own_level})
        ppr.append(level)
    if based_on is not None:
        heading.set(qn("w:styleId"), based_on)
    for text in ["I: Waar bent u geboren?", "R: In Urk.", "I: En daarna?", "R: In Kampen."]:
        document.add_paragraph(text)
    title = document.add_paragraph("Deel 2 Werk")
    title._p.get_or_add_pPr().get_or_add_pStyle().set(qn("w:val"), style_id)
    for text in ["Daar werkte ik lang.", "I: Waar werkte u?", "R: Op de werf."]:
        document.add_paragraph(text)
    document.save(path)
    return read_transcript(path)


@pytest.mark.parametrize(("style_id", "name"), [
    ("Kop1", "Kop 1"),                  # Dutch
    ("Kop2", "heading 2"),              # Dutch Word: the id is localized, the name is not
    ("berschrift1", "Überschrift 1"),   # German (Word drops the Ü from the id)
    ("Titre1", "Titre 1"),              # French
    ("Ttulo1", "Título 1"),             # Spanish
    ("Heading1", "heading 1"),          # English, as before
])
def test_localized_word_heading_styles_are_section_markers(tmp_path, style_id, name):
    """A localized heading style without an outline level ends the turn like English ``Heading 1``."""
    t = _interview_with_heading(tmp_path / f"{style_id}.docx", style_id, name)
    turns = [(x.speaker, x.role, t.turn_text(x)) for x in t.turns]
    assert turns[4] == ("", "other", "Deel 2 Werk")          # the heading is nobody's speech
    assert turns[5] == ("R", "respondent", "Daar werkte ik lang.")  # speech below it: the speaker before it
    assert turns[6][0] == "I" and turns[7][0] == "R"
    assert any("heading(s) between turns" in n for n in t.notes)


def test_a_house_style_based_on_a_heading_is_a_heading_unless_it_says_body_text(tmp_path):
    """``Interviewdeel`` based on ``Kop1`` is a heading; with its own outline level 9 (body text) it is not."""
    t = _interview_with_heading(tmp_path / "based.docx", "Interviewdeel", "Interviewdeel", based_on="Kop1")
    assert (t.turns[4].speaker, t.turn_text(t.turns[4])) == ("", "Deel 2 Werk")
    t = _interview_with_heading(tmp_path / "body.docx", "Interviewdeel", "Interviewdeel", based_on="Kop1", own_level="9")
    assert (t.turns[3].speaker, t.turn_text(t.turns[3])) == ("R", "In Kampen.\nDeel 2 Werk\nDaar werkte ik lang.")


def test_a_style_named_like_a_heading_word_without_a_level_is_not_a_heading(tmp_path):
    """``Titre`` (French Word's document title) and ``Kop`` have no level: not section headings."""
    t = _interview_with_heading(tmp_path / "titre.docx", "Titre", "Titre")
    assert t.turn_text(t.turns[3]) == "In Kampen.\nDeel 2 Werk\nDaar werkte ik lang."

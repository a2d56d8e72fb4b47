"""The paragraph walk of io/docx.py: C-level lookups give what lxml's ``find`` paths gave."""

import docx
from lxml import etree

from researchkit import read_transcript
from researchkit.io.docx import _paragraph_items, _paragraph_layout, _paragraph_runs, _wholly_italic

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _p(inner: str):
    return etree.fromstring(f'<w:p xmlns:w="{W_NS}">{inner}</w:p>')


def test_questions_in_an_italic_style_without_any_w_i_are_wholly_italic(tmp_path):
    # No run has w:i: only the paragraph style makes the questions italic, so the body-wide shortcut must not apply.
    document = docx.Document()
    asking = document.styles.add_style("Vraag", 1)
    asking.font.italic = True
    pairs = [("Can you tell me about your work?", "I have worked there for twenty years."),
             ("What has changed?", "Mostly the automation."),
             ("Do you see customs on the quay?", "Sometimes, not often."),
             ("Did you report it?", "Once, to my manager."),
             ("And what would you change?", "The hours of the customs office.")]
    for question, answer in pairs:
        document.add_paragraph(question, style="Vraag")
        document.add_paragraph(answer)
    path = tmp_path / "style-italics.docx"
    document.save(path)
    assert b"<w:i/>" not in document.element.body.xml.encode()
    t = read_transcript(path)
    assert [turn.role for turn in t.turns] == ["interviewer", "respondent"] * 5
    assert any("printed wholly in italics (5 asking a question)" in note for note in t.notes)


def test_the_style_in_a_second_ppr_is_found_and_the_heading_comes_from_the_first():
    p = _p('<w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:pPr><w:pStyle w:val="Quote"/></w:pPr><w:r><w:t>Hallo</w:t></w:r>')
    style, titled = _paragraph_layout(p, {"Quote"})
    assert style.get(f"{{{W_NS}}}val") == "Quote"  # as p.find("w:pPr/w:pStyle")
    assert titled is True  # the first w:pPr's outline level; its (absent) style decides nothing
    assert _paragraph_layout(_p('<w:pPr><w:outlineLvl w:val="9"/></w:pPr>'), set()) == (None, False)
    assert _paragraph_layout(_p("<w:r><w:t>x</w:t></w:r>"), {"Heading1"}) == (None, False)


def test_runs_keep_bold_per_run_and_leave_out_deleted_text_and_drawings():
    p = _p('<w:pPr><w:rPr><w:b/></w:rPr></w:pPr>'
           '<w:r><w:rPr><w:b/></w:rPr><w:t>I:</w:t></w:r>'
           '<w:hyperlink><w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t xml:space="preserve"> Dag</w:t></w:r></w:hyperlink>'
           '<w:del><w:r><w:delText>weg</w:delText></w:r></w:del>'
           '<w:ins><w:r><w:t>,</w:t><w:br/><w:t>R</w:t></w:r></w:ins>'
           '<w:r><w:drawing><w:t>image text</w:t></w:drawing><w:tab/><w:t>ja</w:t></w:r>')
    assert _paragraph_runs(p) == [("I:", True), (" Dag", ("r", "Strong")), (",", None), ("\n", None), ("R", None),
                                  ("\t", None), ("ja", None)]
    items = _paragraph_items(p, 7, {"Strong": True})
    assert items == [("I: Dag,", "paragraph 7, line 1", 6, None), ("R\tja", "paragraph 7, line 2", 0, None)]


def test_wholly_italic_needs_every_run_with_text_in_italics():
    italic_runs = _p('<w:r><w:rPr><w:i/></w:rPr><w:t>Waarom?</w:t></w:r><w:r><w:t xml:space="preserve">  </w:t></w:r>')
    assert _wholly_italic(italic_runs, {}) is True  # a white-space run does not count
    mixed = _p('<w:r><w:rPr><w:i/></w:rPr><w:t>Waarom</w:t></w:r><w:r><w:rPr><w:i w:val="0"/></w:rPr><w:t>?</w:t></w:r>')
    assert _wholly_italic(mixed, {}) is False
    by_style = _p('<w:pPr><w:pStyle w:val="Vraag"/></w:pPr><w:r><w:t>Waarom?</w:t></w:r>')
    assert _wholly_italic(by_style, {"Vraag": True}) is True
    assert _wholly_italic(_p('<w:r><w:t xml:space="preserve"> </w:t></w:r>'), {}) is False  # no text: not italic

"""A word put at every element's text and tail position of the XML fixtures is never lost.

For each element of the fixtures of ParlInfo (``<hansard>``), ParlParse (``<publicwhip>``) and Canada's
``<Hansard>``, a unique word goes into its text, then into its tail; the file is read and the word must be
in the transcript's text, a speaker's name, an attribute or a note (or the file refused with a researchkit
error, as a damaged ``<time.stamp>`` is): never dropped. The same for TEI, TTML, ELAN and EXMARaLDA, but for
the text of the elements each reader leaves out by design, as documented (a TEI editor's ``<note>``, counted;
ELAN's dependent tiers and bookkeeping properties; EXMARaLDA's non-verbal tiers and tier formats): a word
after any element (a hand edit between two utterances) is always kept.
"""

from __future__ import annotations

import pytest
from lxml import etree

from researchkit.errors import ResearchkitError
from researchkit.io import read_transcript

from tests.io import test_annotation_formats as annotation
from tests.io import test_hansardxml, test_more_subtitles, test_parlinfo, test_publicwhip, test_xml_transcripts

WORD = "Zqxword"
FIXTURES = {
    "2013-06-26.xml": test_parlinfo.HOUSE_22, "2008-09-25.xml": test_parlinfo.SENATE_21,
    "debates2009-10-26a.xml": test_publicwhip.DEBATES, "wrans2009-10-26a.xml": test_publicwhip.WRANS,
    "debate.xml": test_hansardxml.DEBATE, "evidence.xml": test_hansardxml.EVIDENCE,
}


_SLOTS = annotation._slots(0, 2100, 2400, 5000)
EAF = annotation._eaf(
    annotation._tier("topic", [("a1", "ts1", "ts2", "smuggling")]).replace('ANNOTATION_ID="a1"', 'ANNOTATION_ID="a1" CVE_REF="cveid0"')
    + annotation._tier("R", [("a2", "ts3", "ts4", "At the quay.")], participant="Jan")
    + annotation._tier("R-en", [("ref", "a3", "a2", "Op de kade.")], parent="R", ltype="translation"),
    _SLOTS, header='        <PROPERTY NAME="Port">Urk</PROPERTY>\n').replace("</ANNOTATION_DOCUMENT>", annotation.CV + "</ANNOTATION_DOCUMENT>")
EXB = annotation._exb(annotation._etier("TIE0", "SPK0", [(0, 1, "Guten ")]) + annotation._etier("TIE1", "SPK1", [(1, 2, "Ja. ")])
                      + annotation._etier("TIE4", None, [(0, 2, "((lacht)) ")], category="nn", kind="d"),
                      annotation._timeline(0.0, 1.0, 2.0))


def _in(element, name: str, **attributes) -> bool:
    """Whether the element is, or is inside, an element ``name`` with these attribute values (any if ``None``)."""
    return any(etree.QName(e).localname == name and all(e.get(k) is not None if v is None else e.get(k) == v
                                                         for k, v in attributes.items())
               for e in (element, *element.iterancestors()))


#: The annotation formats' fixtures and, for each, the elements whose own text the reader leaves out by design.
LEFT_OUT = {
    "tei.xml": (test_xml_transcripts.TEI, lambda e: _in(e, "note")),  # editors' notes: counted in a note
    "w3c.ttml": (test_more_subtitles.W3C_TTML.strip(), lambda e: False),
    "r05.eaf": (EAF, lambda e: _in(e, "TIER", PARENT_REF=None) or _in(e, "CONTROLLED_VOCABULARY")
                or (_in(e, "PROPERTY") and e.get("NAME") in {"URN", "lastUsedAnnotationId"})),
    "annewill.exb": (EXB, lambda e: _in(e, "tier", category="nn") or _in(e, "tierformat-table")),
}


def _bytes(text: str) -> bytes:
    return text.encode("iso-8859-1" if 'encoding="ISO-8859-1"' in text[:80] else "utf-8")


def _kept(t) -> bool:
    return (WORD in t.text or any(WORD in turn.speaker for turn in t.turns)
            or any(WORD in str(value) for value in t.attributes.values()) or any(WORD in note for note in t.notes))


def lost_at_every_position(tmp_path, name: str, data: bytes, skip=lambda element, where: False) -> tuple[list, int]:
    """Insert :data:`WORD` at each element's text and tail in turn (``skip(element, where)`` leaves a position out),
    read each file, and return the positions whose word is found nowhere (text, speakers, attributes, notes) and how
    many positions were read; a file the reader refuses (a clear error) counts as neither."""
    count = sum(1 for _ in etree.fromstring(data).iter())
    lost, tried = [], 0
    for index in range(count):
        for where in ("text", "tail"):
            root = etree.fromstring(data)
            element = list(root.iter())[index]
            if not isinstance(element.tag, str) or (where == "tail" and element is root) or skip(element, where):
                continue
            setattr(element, where, (getattr(element, where) or "") + f" {WORD} ")
            path = tmp_path / name
            path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))
            tried += 1
            try:
                t = read_transcript(path)
            except ResearchkitError:
                continue
            if not _kept(t):
                lost.append((where, etree.QName(element).localname, element.sourceline))
    return lost, tried


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_a_word_at_every_text_and_tail_position_is_kept(tmp_path, name):
    lost, tried = lost_at_every_position(tmp_path, name, _bytes(FIXTURES[name]))
    assert tried > 20 and not lost, lost


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_the_clean_fixtures_get_no_note_of_stray_text(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(_bytes(FIXTURES[name]))
    assert not [n for n in read_transcript(path).notes if n.startswith("text outside")]


@pytest.mark.parametrize("name", sorted(LEFT_OUT))
def test_a_word_at_every_position_of_the_annotation_formats_is_kept(tmp_path, name):
    text, by_design = LEFT_OUT[name]
    lost, tried = lost_at_every_position(tmp_path, name, _bytes(text),
                                         skip=lambda element, where: where == "text" and by_design(element))
    assert tried > 20 and not lost, lost


@pytest.mark.parametrize("name", sorted(LEFT_OUT))
def test_the_clean_annotation_fixtures_get_no_note_of_stray_text(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(_bytes(LEFT_OUT[name][0]))
    assert not [n for n in read_transcript(path).notes if n.startswith("text outside")]


@pytest.mark.parametrize(("name", "change", "note"), [
    ("tei.xml", ("</u>\n   <incident>", "</u> said Ann\n   <incident>"), "line 23, <body>: 'said Ann'"),
    ("tei.xml", ('<pause dur="PT1.5S"/>', '<pause dur="PT1.5S">long one</pause>'), "line 23, <pause>: 'long one'"),
    ("w3c.ttml", ("</p>\n        <p xml:id=\"c2\"", "</p> Bye.\n        <p xml:id=\"c2\""), "line 11, <div>: 'Bye.'"),
    ("r05.eaf", ("</ANNOTATION>", "</ANNOTATION> Hello"), "<TIER>: 'Hello'"),
    ("annewill.exb", ('<tli id="T1" time="1.0" />', '<tli id="T1" time="1.0">uh</tli>'), "<tli>: 'uh'"),
])
def test_a_stray_word_is_named_with_its_line_and_element(tmp_path, name, change, note):
    text = LEFT_OUT[name][0]
    assert change[0] in text
    path = tmp_path / name
    path.write_bytes(_bytes(text.replace(change[0], change[1], 1)))
    t = read_transcript(path)
    assert any(n.startswith("text outside the elements this reader reads") and note in n for n in t.notes), t.notes

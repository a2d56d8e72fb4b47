"""A word put at every element's text and tail position of the parliamentary XML fixtures is never lost.

For each element of the fixtures of ParlInfo (``<hansard>``), ParlParse (``<publicwhip>``) and Canada's
``<Hansard>``, a unique word goes into its text, then into its tail; the file is read and the word must be
in the transcript's text, a speaker's name, an attribute or a note (or the file refused with a researchkit
error, as a damaged ``<time.stamp>`` is): never dropped.
"""

from __future__ import annotations

import pytest
from lxml import etree

from researchkit.errors import ResearchkitError
from researchkit.io import read_transcript

from tests.io import test_hansardxml, test_parlinfo, test_publicwhip

WORD = "Zqxword"
FIXTURES = {
    "2013-06-26.xml": test_parlinfo.HOUSE_22, "2008-09-25.xml": test_parlinfo.SENATE_21,
    "debates2009-10-26a.xml": test_publicwhip.DEBATES, "wrans2009-10-26a.xml": test_publicwhip.WRANS,
    "debate.xml": test_hansardxml.DEBATE, "evidence.xml": test_hansardxml.EVIDENCE,
}


def _bytes(text: str) -> bytes:
    return text.encode("iso-8859-1" if 'encoding="ISO-8859-1"' in text[:80] else "utf-8")


def _kept(t) -> bool:
    return (WORD in t.text or any(WORD in turn.speaker for turn in t.turns)
            or any(WORD in str(value) for value in t.attributes.values()) or any(WORD in note for note in t.notes))


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_a_word_at_every_text_and_tail_position_is_kept(tmp_path, name):
    data = _bytes(FIXTURES[name])
    count = sum(1 for _ in etree.fromstring(data).iter())
    lost, tried = [], 0
    for index in range(count):
        for where in ("text", "tail"):
            root = etree.fromstring(data)
            element = list(root.iter())[index]
            if not isinstance(element.tag, str) or (where == "tail" and element is root):
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
    assert tried > 20 and not lost, lost


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_the_clean_fixtures_get_no_note_of_stray_text(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(_bytes(FIXTURES[name]))
    assert not [n for n in read_transcript(path).notes if n.startswith("text outside")]

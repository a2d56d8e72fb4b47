"""No word of a BNC, OHMS, TEI, TTML or ELAN file lost silently (what session 39's metadata work left).

A unique word is put at every element's text and tail position of the BNC fixtures (the BNC XML edition, the Spoken
BNC2014 tagged and untagged) and the OHMS fixtures (a legacy transcript with sync, an OHMS 6 WebVTT one); the file is
read and the word must be in the text, a speaker, an attribute or a note (or the file refused with a researchkit
error), except in what the readers leave out by design and say so (the OHMS index and translation). Then the pieces
each reader used to drop: the BNC's long title, TEI header elements no attribute reads and persons who never speak,
TTML's second agent of a cue and agents nobody names, ELAN's vocabulary values in other languages, OHMS's
``<type>``/``<format>`` and a WebVTT ``NOTE`` after the cues.
"""

from __future__ import annotations

import pytest
from lxml import etree

from researchkit.errors import ResearchkitError
from researchkit.io import read_transcript

from tests.io import test_annotation_formats as annotation
from tests.io import test_bnc, test_xml_transcripts
from tests.io.test_xml_transcripts import _ohms

WORD = "Zqxword"

VTT = ("WEBVTT\n\nNOTE\nTRANSCRIPTION BEGIN\n\n"
       "01:00:03.000 --> 01:00:18.000\n<v SCHNEIDER>  What was it like growing up there?\n\n"
       "01:00:18.000 --> 01:00:31.000\n<v VOS>  It was a lot of fun.<br><br>One day, we got lost.\n\n"
       "NOTE\nTRANSCRIPTION END\n\n")
OHMS6 = _ohms("<version>6.0</version><title>Test Record</title><type>Oral history</type><format>Audio</format>"
              f"<interviewer>Jan Schneider</interviewer><vtt_transcript><![CDATA[{VTT}]]></vtt_transcript>",
              record_attrs=' id="36809"').decode()


def _in(element, *names: str) -> bool:
    return any(etree.QName(e).localname in names for e in (element, *element.iterancestors()))


#: Each fixture, and whether a word at (element, "text"/"tail") is left out by design (and said so in a note).
FIXTURES = {
    "KB0.xml": (test_bnc.KB0, lambda e, where: False),
    "S23A.xml": (test_bnc.TAGGED, lambda e, where: False),
    "S2A5.xml": (test_bnc.UNTAGGED, lambda e, where: False),
    # the index (the archive's segment descriptions) and the translation are left out whole, counted in a note
    "OH0139.xml": (_ohms(test_xml_transcripts.LEGACY).decode(),
                   lambda e, where: _in(e, "index", "transcript_alt") and not (where == "tail" and etree.QName(e).localname in {"index", "transcript_alt"})),
    "36809.xml": (OHMS6, lambda e, where: False),
}


def _kept(t) -> bool:
    return (WORD in t.text or any(WORD in turn.speaker for turn in t.turns)
            or any(WORD in str(value) for value in t.attributes.values()) or any(WORD in note for note in t.notes))


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_a_word_at_every_text_and_tail_position_is_kept(tmp_path, name):
    text, by_design = FIXTURES[name]
    data = text.encode("utf-8")
    count = sum(1 for _ in etree.fromstring(data).iter())
    lost, tried = [], 0
    for index in range(count):
        for where in ("text", "tail"):
            root = etree.fromstring(data)
            element = list(root.iter())[index]
            if not isinstance(element.tag, str) or (where == "tail" and element is root) or by_design(element, where):
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
    assert tried > 10 and not lost, lost


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_the_clean_fixtures_keep_their_text_and_get_no_note_of_stray_text(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(FIXTURES[name][0].encode("utf-8"))
    t = read_transcript(path)
    assert not [n for n in t.notes if n.startswith("text outside")]
    assert all(t.text[turn.start:turn.end].strip() for turn in t.turns)


@pytest.mark.parametrize(("name", "old", "new", "note"), [
    ("KB0.xml", "</u>\n<vocal", "</u> said Doris\n<vocal", "line 11, <div>: 'said Doris'"),
    ("KB0.xml", '<pause dur="4"/>', '<pause dur="4">four seconds</pause>', "line 13, <pause>: 'four seconds'"),
    ("KB0.xml", '<align with="KB0LC001"/>', '<align with="KB0LC001">overlap</align>', "line 13, <align>: 'overlap'"),
    ("KB0.xml", '<particDesc n="C1">', '<particDesc n="C1">nine people', "line 4, <particDesc>: 'nine people'"),
    ("S2A5.xml", "</u>\n</body>", "</u> end\n</body>", "line 7, <body>: 'end'"),
    ("S23A.xml", "</u>\n</text>", "</u> end\n</text>", "<text>: 'end'"),
    ("OH0139.xml", "<accession>", "typed<accession>", "<record>: 'typed'"),
])
def test_a_stray_word_is_named_with_its_line_and_element(tmp_path, name, old, new, note):
    text = FIXTURES[name][0]
    assert old in text
    path = tmp_path / name
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))
    t = read_transcript(path)
    assert any(n.startswith("text outside the elements this reader reads") and note in n for n in t.notes), t.notes

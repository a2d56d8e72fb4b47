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

from researchkit.io import read_transcript

from tests.io import test_bnc, test_xml_transcripts
from tests.io import test_hostile_session39 as hostile
from tests.io.test_xml_every_position import lost_at_every_position
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
    lost, tried = lost_at_every_position(tmp_path, name, data, skip=by_design)
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


# ------------------------------------------------------------------------------- what the readers used to drop

TEI = hostile.TEI.replace(
    "</titleStmt>", "</titleStmt>\n   <publicationStmt><p>Published by the Harbour Archive</p></publicationStmt>", 1).replace(
    "</recording></recordingStmt>", "</recording><p>Recorded in the harbour office</p></recordingStmt>", 1).replace(
    "</listPerson>", '<person xml:id="D"><persName>Dirk Zwart</persName></person></listPerson>', 1).replace(
    '<u who="#B">', '<u who="#B #C">', 1)
TTML = hostile.TTML.replace(
    "</metadata>\n  <styling>", '<ttm:agent xml:id="a3" type="person"><ttm:name type="full">Cor Mol</ttm:name></ttm:agent>'
    "</metadata>\n  <styling>", 1).replace('<p begin="3s" end="4s" ttm:agent="a2">', '<p begin="3s" end="4s" ttm:agent="a2 a1">', 1)
EVERY = {
    "tei.xml": (TEI, lambda e, where: where == "text" and _in(e, "note") and _in(e, "text")),  # editors' notes: counted
    "cues.ttml": (TTML, lambda e, where: False),
}


@pytest.mark.parametrize("name", sorted(EVERY))
def test_a_word_at_every_position_of_the_hostile_tei_and_ttml_is_kept(tmp_path, name, monkeypatch):
    monkeypatch.setitem(FIXTURES, name, EVERY[name])
    test_a_word_at_every_text_and_tail_position_is_kept(tmp_path, name)


def _read(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return read_transcript(path)


def _note(t, *words: str) -> str:
    found = [n for n in t.notes if all(w in n for w in words)]
    assert found, t.notes
    return found[0]


def test_bnc_title_is_kept_whole_and_header_fields_no_attribute_reads_are_named(tmp_path):
    """The title was cut at 500 characters without a note; the BNC header's statement of responsibility, licence,
    classification and setting (``<respStmt>``, ``<availability>``, ``<classCode>``, ``<settingDesc>``) were dropped."""
    title = "23 conversations recorded by 'Frank' (PS04Y) " + "with interlocutors " * 40 + WORD
    header = ("<respStmt><resp>Data capture and transcription</resp><name>Longman ELT</name></respStmt></titleStmt>"
              "<publicationStmt><availability>Consult the BNC Web Site</availability>")
    text = (hostile.BNC.replace("<title>Conversation</title>", f"<title>{title}</title>", 1)
            .replace("</titleStmt>\n<publicationStmt>", header, 1)
            .replace("</particDesc>", '</particDesc><settingDesc><setting n="1"><placeName>Ipswich</placeName>'
                     "<locale>home</locale></setting></settingDesc><textClass><classCode scheme='DLEE'>S conv</classCode>"
                     "</textClass>", 1))
    t = _read(tmp_path, "kb0.xml", text)
    assert t.attributes["title"] == title and len(title) > 500
    note = _note(t, "header text not read into an attribute")
    for words in ("<titleStmt/respStmt>: 'Data capture and transcription Longman ELT'",
                  "<publicationStmt/availability>: 'Consult the BNC Web Site'", "<profileDesc/settingDesc>: 'Ipswich home'",
                  "<textClass/classCode>: 'S conv'"):
        assert words in note
    assert t.text == _read(tmp_path, "plain.xml", hostile.BNC).text


def test_tei_header_paragraphs_persons_who_never_speak_and_a_second_speaker_are_named(tmp_path):
    t = _read(tmp_path, "tei.xml", TEI)
    note = _note(t, "header text not read into an attribute")
    assert "<publicationStmt/p>: 'Published by the Harbour Archive'" in note
    assert "<recordingStmt/p>: 'Recorded in the harbour office'" in note
    assert "Dirk Zwart (D)" in _note(t, "declared participant(s) with no utterance of their own")
    assert "Cor (C)" not in _note(t, "declared participant(s)")  # named in a who, second: in the note below
    assert "(#B #C)" in _note(t, "name several speakers in who")
    plain = _read(tmp_path, "plain.xml", hostile.TEI)
    assert (t.text, t.turns) == (plain.text, plain.turns)


def test_ttml_a_second_agent_of_a_cue_and_an_agent_nobody_names_are_named(tmp_path):
    t = _read(tmp_path, "cues.ttml", TTML)
    assert "<p> line 16 ('Piet Vos', 'Ann de Wit')" in _note(t, "name several agents in ttm:agent, read as the first one's")
    assert "'Cor Mol' (a3)" in _note(t, "agent(s) declared in the head that no cue names")
    plain = _read(tmp_path, "plain.ttml", hostile.TTML)
    assert (t.text, [(x.speaker, x.start, x.end) for x in t.turns]) == (plain.text, [(x.speaker, x.start, x.end) for x in plain.turns])


def test_eaf_a_vocabulary_entry_keeps_its_value_in_every_language(tmp_path):
    """Only the first language's value was shown: ``smokkel`` (Dutch) appeared nowhere."""
    t = _read(tmp_path, "r05.eaf", hostile.EAF)
    assert t.attributes["vocabulary"] == "smuggling: smuggling through the port | smokkel: smokkel via de haven; ja: agrees"
    same = hostile.EAF.replace(">smokkel</CVE_VALUE>", ">smuggling</CVE_VALUE>", 1)
    assert _read(tmp_path, "same.eaf", same).attributes["vocabulary"] == (
        "smuggling: smuggling through the port | smokkel via de haven; ja: agrees")


def test_ohms_type_format_version_and_the_webvtt_notes_are_kept(tmp_path):
    t = _read(tmp_path, "36809.xml", OHMS6.replace("NOTE\nTRANSCRIPTION END\n\n", f"NOTE\nTRANSCRIPTION END\n\nsaid {WORD}\n"))
    assert (t.attributes["type"], t.attributes["format"]) == ("Oral history", "Audio")
    assert "<record/version>: '6.0'" in _note(t, "OHMS record text not read into an attribute")
    note = _note(t, "block(s) of the OHMS WebVTT transcript that are no cues")
    assert "'NOTE TRANSCRIPTION BEGIN'; 'NOTE TRANSCRIPTION END'; 'said Zqxword'" in note
    assert [t.text[x.start:x.end] for x in t.turns] == ["What was it like growing up there?",
                                                         "It was a lot of fun. One day, we got lost."]

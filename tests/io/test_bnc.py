"""British National Corpus spoken texts: the BNC XML edition (``<bncDoc>``) and the Spoken BNC2014 (``<text>``).

The fixtures follow the BNC User Reference Guide's spoken examples (``<u who="PS6SF"><s n="12"><w c5="VVB"
hw="tell" pos="VERB">tell </w>``, ``<pause/>``, ``<vocal desc>``, ``<shift new>``, ``<align with>``, persons in
``particDesc``), a demographic text of several conversations (``<div n>``), and the Spoken BNC2014's tagged
files (``<u n="1" who="S0094" trans="nonoverlap" whoConfidence="high">`` with one ``<w pos lemma class usas>``
per line, ``'s`` a token of its own, CLAWS's ``gon`` + ``na``) and untagged ones with a ``<header>``.
"""

from __future__ import annotations

import pytest

from researchkit.errors import CODES, TranscriptError
from researchkit.io import read_transcript, skip_reason
from researchkit.io.bnc import token_glued

KB0 = """<?xml version="1.0" encoding="UTF-8"?>
<bncDoc xml:id="KB0"><teiHeader><fileDesc><titleStmt><title>23 conversations recorded by 'Frank' (PS04Y)</title></titleStmt>
<publicationStmt><idno type="bnc">KB0</idno></publicationStmt></fileDesc>
<profileDesc><creation date="1992"/><particDesc n="C1">
<person ageGroup="Ag4" xml:id="PS04Y" role="self" sex="m" soc="C2" dialect="XLO"><age>45+</age><persName>Frank</persName><occupation>retired</occupation></person>
<person ageGroup="Ag4" xml:id="PS04U" role="wife" sex="f"><persName>Doris</persName></person>
<person xml:id="KB0PSUNK" role="unspecified"><persName>unknown speaker</persName></person>
</particDesc></profileDesc></teiHeader>
<stext type="CONV">
<div n="1">
<u who="PS04Y"><s n="1"><w c5="UH" hw="yes" pos="INTERJ">Yes </w><pause/><w c5="AV0" hw="well" pos="ADV">well</w><c c5="PUN">.</c></s><s n="2"><w c5="PNP" hw="you" pos="PRON">You </w><w c5="VM0" hw="can" pos="VERB">ca</w><w c5="XX0" hw="not" pos="ADV">n't </w><w c5="VVI" hw="go" pos="VERB">go</w><c c5="PUN">?</c></s></u>
<vocal desc="laugh"/>
<u who="PS04U"><s n="3"><align with="KB0LC001"/><w c5="AV0" hw="no" pos="ADV">No</w><c c5="PUN">, </c><unclear/><w c5="PNP" hw="i" pos="PRON">I </w><shift new="laughing"/><w c5="VVD" hw="go" pos="VERB">went</w><pause dur="4"/><event desc="door slams"/></s></u>
<u who="KB0PSUNK"><s n="4"><w c5="ITJ" hw="hello" pos="INTERJ">Hello</w><c c5="PUN">.</c></s></u>
</div>
<div n="2"><u who="PS04Y"><s n="5"><w c5="ITJ" hw="right" pos="INTERJ">Right</w><c c5="PUN">.</c></s></u>
<u who="PS999"><s n="6"><mw c5="AV0"><w c5="AV0" hw="of" pos="ADV">of </w><w c5="AV0" hw="course" pos="ADV">course</w></mw><c c5="PUN">.</c></s></u></div>
</stext></bncDoc>"""

TAGGED = """<?xml version="1.0" encoding="UTF-8"?>
<text id="S23A">
<u n="1" who="S0094" trans="nonoverlap" whoConfidence="high">
<w pos="PPH1" lemma="it" class="PRON" usas="Z8">it</w>
<w pos="VBZ" lemma="be" class="VERB" usas="A3">'s</w>
<w pos="VVGK" lemma="go" class="VERB" usas="M1">gon</w>
<w pos="TO" lemma="to" class="PREP" usas="Z5">na</w>
<w pos="VVI" lemma="rain" class="VERB" usas="W4">rain</w>
<w pos="?" lemma="PUNC" class="STOP" usas="">?</w>
</u>
<u n="2" who="S0144" trans="overlap" whoConfidence="low">
<w pos="UH" lemma="yeah" class="INTERJ" usas="Z4">yeah</w>
<pause dur="short"/>
<w pos="PPIS1" lemma="i" class="PRON" usas="Z8">I</w>
<w pos="VD0" lemma="do" class="VERB" usas="A1">do</w>
<w pos="XX" lemma="not" class="ADV" usas="Z6">n't</w>
<w pos="VVI" lemma="know" class="VERB" usas="X2">know</w>
<vocal desc="laugh"/>
</u>
<u n="3" who="UNKFEMALE" trans="nonoverlap" whoConfidence="low"><w pos="UH" lemma="mm" class="INTERJ" usas="Z4">mm</w></u>
<u n="4" who="S0094" trans="nonoverlap" whoConfidence="high"><w pos="UH" lemma="yeah" class="INTERJ" usas="Z4">yeah</w></u>
</text>"""

UNTAGGED = """<?xml version="1.0" encoding="UTF-8"?>
<text id="S2A5"><header><rec_length>00:56:59</rec_length><rec_date>2016-05-07</rec_date><rec_loc>Home</rec_loc>
<conv_type>Discussing</conv_type><speakerInfo><speaker id="S0439"><exactage>41</exactage><gender>F</gender>
<occupation>teacher</occupation></speaker><speaker id="S0441"><gender>M</gender></speaker></speakerInfo></header>
<body>
<u n="1" who="S0439" trans="nonoverlap" whoConfidence="high">did you see <anon type="name" nameType="m"/> yesterday <pause dur="long"/> at the <trunc>sho</trunc> shop?</u>
<u n="2" who="S0441" trans="nonoverlap" whoConfidence="high">no <vocal desc="laugh"/> I <unclear/> went home</u>
</body></text>"""


def _turns(t):
    return [(turn.speaker, turn.role, t.text[turn.start : turn.end]) for turn in t.turns]


def _read(tmp_path, name, xml):
    path = tmp_path / name
    path.write_text(xml, encoding="utf-8")
    return read_transcript(path)


def test_bnc_xml_edition_words_marks_persons_roles_and_conversations(tmp_path):
    t = _read(tmp_path, "KB0.xml", KB0)
    assert t.source.format == "bnc"
    assert _turns(t) == [
        ("", "other", "(conversation 1)"),
        ("Frank", "respondent", "Yes (pause) well. You can't go?"),
        ("", "other", "(laugh)"),
        ("Doris", "other", "No, (unclear) I (shift: laughing) went (pause 4s) (door slams)"),
        ("unknown speaker", "other", "Hello."),
        ("", "other", "(conversation 2)"),
        ("Frank", "respondent", "Right."),
        ("PS999", "respondent", "of course."),
    ]
    assert "Frank: Yes (pause) well." in t.text
    assert t.attributes["bnc_id"] == "KB0" and t.attributes["date"] == "1992" and t.attributes["text_type"] == "CONV"
    assert t.attributes["participants"].startswith("PS04Y: Frank, m, Ag4, 45+, retired; PS04U: Doris, f, Ag4")
    notes = " | ".join(t.notes)
    assert "read as the BNC XML edition: 5 utterance(s)" in notes
    assert "speaker code(s) no person declares, kept as written: PS999 (<u> line 17)" in notes
    assert "unidentified speakers (role other): unknown speaker (1 utterance(s))" in notes
    assert "1 <align> overlap point(s) are no words" in notes


def test_bnc_xml_header_ids_and_creation_words_are_attributes(tmp_path):
    """The header's other ids (``<idno type="old">``) and the words of ``<creation>`` beside its date are kept, as the
    BNC XML edition writes them (they were dropped without a note); the BNC's own id stays ``bnc_id`` alone."""
    plain = tmp_path / "KB0.xml"
    plain.write_text(KB0, encoding="utf-8")
    before = read_transcript(plain)
    assert "idno" not in before.attributes and "creation" not in before.attributes
    path = tmp_path / "KSW.xml"
    path.write_text(KB0.replace('<idno type="bnc">KB0</idno>', '<idno type="bnc">KB0</idno><idno type="old"> XRi6SG </idno>', 1)
                    .replace('<creation date="1992"/>', '<creation date="1992">Origination/creation date not known</creation>', 1),
                    encoding="utf-8")
    t = read_transcript(path)
    assert t.attributes["idno"] == "old: XRi6SG"
    assert t.attributes["creation"] == "Origination/creation date not known"
    assert t.attributes["date"] == "1992" and t.attributes["bnc_id"] == "KB0"
    assert (t.text, t.turns) == (before.text, before.turns)


def test_bnc2014_tagged_tokens_are_spaced_by_rule(tmp_path):
    t = _read(tmp_path, "S23A.xml", TAGGED)
    assert _turns(t) == [("S0094", "respondent", "it's gonna rain?"),
                         ("S0144", "respondent", "yeah (short pause) I don't know (laugh)"),
                         ("UNKFEMALE", "other", "mm"), ("S0094", "respondent", "yeah")]
    notes = " | ".join(t.notes)
    assert "Spoken BNC2014 (tagged): 4 utterance(s); tokens spaced by rule" in notes
    assert "no speaker list in the file" in notes
    assert "2 utterance(s) marked whoConfidence='low'" in notes
    assert "1 utterance(s) marked trans='overlap'" in notes
    assert t.attributes == {"bnc_id": "S23A"}


def test_bnc2014_untagged_with_header(tmp_path):
    t = _read(tmp_path, "S2A5.xml", UNTAGGED)
    assert _turns(t) == [("S0439", "respondent", "did you see (anon: name) yesterday (long pause) at the sho shop?"),
                         ("S0441", "respondent", "no (laugh) I (unclear) went home")]
    assert t.attributes == {"bnc_id": "S2A5", "rec_length": "00:56:59", "date": "2016-05-07", "rec_loc": "Home",
                            "conv_type": "Discussing", "participants": "S0439: 41, F, teacher; S0441: M"}
    assert not any("no speaker list" in note for note in t.notes)


def test_token_glue_rules():
    assert token_glued("n't", "do") and token_glued(",", "well") and token_glued("ta", "got")
    assert not token_glued("na", "banana") and not token_glued("well", "oh") and not token_glued("“", "said")


def test_labels_decide_over_the_person_roles(tmp_path):
    path = tmp_path / "KB0.xml"
    path.write_text(KB0, encoding="utf-8")
    t = read_transcript(path, labels={"Doris": "interviewer"})
    assert [turn.role for turn in t.turns if turn.speaker == "Doris"] == ["interviewer"]


@pytest.mark.parametrize("xml, words", [
    ('<bncDoc xml:id="A00"><teiHeader/><wtext type="FICTION"><div><p><s><w>Hi</w></s></p></div></wtext></bncDoc>', "written BNC text"),
    ('<bncDoc xml:id="A00"><teiHeader/></bncDoc>', "has no <stext>"),
    ('<bncDoc xml:id="KB1"><stext type="CONV"><div n="1"><pause/></div></stext></bncDoc>', "has no <u> utterances"),
    ('<text id="S01"><header><rec_date>2016</rec_date></header><body/></text>', "has no <u> utterances"),
])
def test_texts_that_are_no_spoken_bnc_text_are_rk128(tmp_path, xml, words):
    path = tmp_path / "X01.xml"
    path.write_text(xml, encoding="utf-8")
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert err.value.code == "RK128" and words in str(err.value) and "X01.xml" in str(err.value) and "line 1" in str(err.value)


def test_utterances_without_words_are_rk104_and_damaged_xml_rk121(tmp_path):
    path = tmp_path / "S02.xml"
    path.write_text('<text id="S02"><u n="1" who="S0001"> <pause dur="short"/></u></text>', encoding="utf-8")
    t = read_transcript(path)  # a pause is written as a mark: the utterance is not empty
    assert t.text == "S0001: (short pause)"
    path.write_text('<text id="S02"><u n="1" who="S0001">   </u></text>', encoding="utf-8")
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert err.value.code == "RK104"
    path.write_text(TAGGED[: len(TAGGED) // 2], encoding="utf-8")
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert err.value.code == "RK121" and "S02.xml" in str(err.value)


def test_a_text_root_in_a_namespace_is_no_bnc_text(tmp_path):
    path = tmp_path / "notes.xml"
    path.write_text('<text xmlns="urn:x-notes"><u>hi</u></text>', encoding="utf-8")
    assert skip_reason(path) == "XML without a transcript layout (root <text>)"


def test_the_code_is_in_the_catalogue():
    assert "RK128" in CODES and "RK121" in CODES


def test_a_bncdoc_in_a_namespace_is_still_read(tmp_path):
    xml = KB0.replace('<bncDoc xml:id="KB0">', '<bncDoc xmlns="http://www.tei-c.org/ns/1.0" xml:id="KB0">')
    t = _read(tmp_path, "KB0.xml", xml)
    assert t.turns[1].speaker == "Frank" and t.text.count("(conversation") == 2

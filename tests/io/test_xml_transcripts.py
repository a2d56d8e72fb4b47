"""``.xml`` transcripts: the dispatcher by root element, OHMS (legacy text with sync, OHMS 6 WebVTT), TEI speech.

The fixtures follow real files found through the code index: the Science History Institute's OHMS test
exports (``spec/test_support/ohms_xml``: a legacy ``<transcript>`` with ``<sync>1:|1(3)|3(2)...``, an OHMS 6
``<vtt_transcript>`` with ``<v SCHNEIDER>`` and ``<br><br>``, ``No transcript.`` with an index), VOICE's TEI
(``<u who="#EDsed301_S1"><unclear> excuse me </unclear> ...<pause/></u>``) and the ISO 24624 TEI that
EXMARaLDA exports (``annotationBlock``, ``<w>`` tokens without spaces, ``interval="unknown"``).
"""

from __future__ import annotations

import pytest

from researchkit import read_corpus
from researchkit.errors import TranscriptError
from researchkit.io import read_transcript, skip_reason
from researchkit.io.xmlformats import XML_ROOTS, xml_reader

OHMS_NS = "https://www.weareavp.com/nunncenter/ohms"


def _turns(t):
    """Each turn as (speaker, role, time, its words), the words read through the offsets."""
    return [(turn.speaker, turn.role, turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns]


def _label_before(t, turn):
    """What the text holds on the turn's line before its words (the label the reader wrote or found)."""
    line_start = t.text.rfind("\n", 0, turn.start) + 1
    return t.text[line_start : turn.start]


def _ohms(record_body: str, *, record_attrs: str = ' id="00089981" dt="2020-05-18"') -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<ROOT xmlns="{OHMS_NS}" '
            f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><record{record_attrs}>{record_body}</record></ROOT>').encode()


LEGACY = (
    '<version>5.4</version><date value="2019-03-02" format="yyyy-mm-dd"/><title>Harbour work in Harlingen</title>'
    "<accession>OH0139</accession><duration>0:0:0</duration><collection_name>Ports</collection_name>"
    "<interviewee>Piet Vos</interviewee><interviewer>Jeffrey L. Sturchio</interviewer>"
    "<sync>1:|3(2)|bad|5(1)|99(1)</sync>"
    "<index><point><time>3</time><title>Childhood in Urk</title><synopsis>Born on the island.</synopsis>"
    "<keywords>Urk;Fishing</keywords></point><point><time>302</time><title>Customs</title></point></index>"
    "<transcript>STURCHIO: Where were you born?\n\n"
    "VOS: In Urk [[footnote]]1[[/footnote]], in 1950.\n"
    "STURCHIO: And then?\n"
    "VOS: Then Harlingen &amp; the customs.\n"
    "STURCHIO: Why?\n"
    "VOS: Money, see [[link]]https://example.org/wages[[/link]].\n\n"
    "[[footnotes]]\n[[note]]Urk was an island until 1939.[[/note]]\n[[/footnotes]]</transcript>"
    "<transcript_alt>VOS: In Urk.</transcript_alt><transcript_alt_lang>Dutch</transcript_alt_lang>"
)


def test_ohms_legacy_transcript_with_sync_footnotes_index_and_metadata(tmp_path):
    path = tmp_path / "OH0139.xml"
    path.write_bytes(_ohms(LEGACY))
    t = read_transcript(path)
    assert t.source.format == "ohms"
    assert t.attributes == {"record_id": "00089981", "title": "Harbour work in Harlingen", "interviewee": "Piet Vos",
                            "interviewer": "Jeffrey L. Sturchio", "accession": "OH0139", "collection": "Ports", "date": "2019-03-02"}
    # sync: minute 1 starts in line 3 ("VOS: In Urk"), minute 2 is "bad", minute 3 in line 5; each turn takes the
    # last minute mark before its first line; line 99 is past the end
    assert _turns(t) == [
        ("STURCHIO", "interviewer", 0.0, "Where were you born?"),
        ("VOS", "respondent", 0.0, "In Urk [1], in 1950."),
        ("STURCHIO", "interviewer", 60.0, "And then?"),
        ("VOS", "respondent", 60.0, "Then Harlingen & the customs."),
        ("STURCHIO", "interviewer", 180.0, "Why?"),
        ("VOS", "respondent", 180.0, "Money, see https://example.org/wages."),
    ]
    assert [_label_before(t, turn) for turn in t.turns] == ["STURCHIO: ", "VOS: "] * 3
    assert "Urk was an island" not in t.text
    notes = " | ".join(t.notes)
    assert "1 footnote(s) of the OHMS transcript left out" in notes
    assert "the OHMS index (2 segment(s)" in notes and "3s 'Childhood in Urk'" in notes
    assert "the translation in <transcript_alt> (Dutch), 12 characters, is left out" in notes
    assert "2 <sync> entr(y/ies) refused" in notes and "'bad'" in notes and "'99(1)' (line 99 of" in notes
    assert "OHMS <sync> minute marks (2)" in notes


def test_ohms_rights_usage_funding_subjects_and_keywords_are_attributes(tmp_path):
    """What archives fill in beside the transcript is kept: rights, usage and funding under their names, the repeated
    subject headings and keywords joined in file order, each once."""
    path = tmp_path / "OH0140.xml"
    body = LEGACY.replace("<transcript>", "<rights>In Copyright</rights><usage>Educational use only.</usage>"
                          "<funding>Port Heritage Fund</funding><subject>Harbours</subject><subject>Customs</subject>"
                          "<subject>Harbours</subject><keyword>Urk</keyword><keyword>fishing</keyword><transcript>", 1)
    path.write_bytes(_ohms(body))
    t = read_transcript(path)
    assert {k: t.attributes.get(k) for k in ("rights", "usage", "funding", "subjects", "keywords")} == {
        "rights": "In Copyright", "usage": "Educational use only.", "funding": "Port Heritage Fund",
        "subjects": "Harbours; Customs", "keywords": "Urk; fishing"}
    assert [turn.speaker for turn in t.turns] == ["STURCHIO", "VOS"] * 3  # the transcript reads as before


def test_ohms_second_interviewer_and_interviewee_are_kept_and_the_second_interviewer_asks(tmp_path):
    """An interview of two interviewers writes ``<interviewer>`` twice (one name each): both are kept, joined as the
    subjects are, and the second one's turns are an interviewer's too (only the first was kept before)."""
    path = tmp_path / "OH0141.xml"
    body = (LEGACY.replace("<interviewer>Jeffrey L. Sturchio</interviewer>", "<interviewer>Jeffrey L. Sturchio</interviewer>"
                           "<interviewer>Ann de Wit</interviewer><interviewer>Jeffrey L. Sturchio</interviewer>", 1)
            .replace("<interviewee>Piet Vos</interviewee>", "<interviewee>Piet Vos</interviewee><interviewee>Jan Bakker</interviewee>", 1)
            .replace("STURCHIO: Why?", "WIT: Why?", 1).replace("/wages[[/link]].\n", "/wages[[/link]].\nWIT: And now?\nVOS: Retired.\n", 1))
    path.write_bytes(_ohms(body))
    t = read_transcript(path)
    assert t.attributes["interviewer"] == "Jeffrey L. Sturchio; Ann de Wit"
    assert t.attributes["interviewee"] == "Piet Vos; Jan Bakker"
    assert [(turn.speaker, turn.role) for turn in t.turns] == [
        ("STURCHIO", "interviewer"), ("VOS", "respondent"), ("STURCHIO", "interviewer"), ("VOS", "respondent"),
        ("WIT", "interviewer"), ("VOS", "respondent"), ("WIT", "interviewer"), ("VOS", "respondent")]
    assert list(t.attributes) == list(read_transcript(_written(tmp_path, LEGACY)).attributes)  # same keys, same order


def _written(tmp_path, body: str):
    path = tmp_path / "plain-ohms.xml"
    path.write_bytes(_ohms(body))
    return path


def test_ohms_hard_wrapped_transcript_is_joined_into_paragraphs(tmp_path):
    """Legacy OHMS transcripts keep the line breaks of the typed transcript (the sync counts those lines)."""
    wrapped = ("FROG: Yes, my father was a petrologist. He graduated from Columbia in\n"
               "1888. I feel confident that if he had lived a little later, he would\n"
               "have been a physical chemist, because his interests lay along those\n"
               "lines of physical chemistry. He was not interested in descriptive\n"
               "geology or paleontology but he wanted to know how things got there.\n\n"
               "PIGGY: He was interested in the structure of things. My father's first\n"
               "cousin was a professor of chemistry at Vassar College. She was not a\n"
               "research chemist and she left Vassar to become president of the college.\n\n"
               "FROG: That shows a beginning interest in science.\nPIGGY: It does.")
    path = tmp_path / "smyth.xml"
    path.write_bytes(_ohms(f"<title>Fifty-line interview</title><sync>1:|7(3)</sync><transcript>{wrapped}</transcript>"))
    t = read_transcript(path)
    turns = _turns(t)
    assert [(s, ts) for s, _, ts, _ in turns] == [("FROG", 0.0), ("PIGGY", 0.0), ("FROG", 60.0), ("PIGGY", 60.0)]
    assert turns[0][3] == ("Yes, my father was a petrologist. He graduated from Columbia in 1888. I feel confident that if he "
                           "had lived a little later, he would have been a physical chemist, because his interests lay along "
                           "those lines of physical chemistry. He was not interested in descriptive geology or paleontology "
                           "but he wanted to know how things got there.")
    assert turns[1][3].count("\n") == 0
    assert "hard-wrapped text: 6 line breaks inside paragraphs joined with a space, as in a text file" in t.notes


def test_ohms_6_vtt_transcript_with_voices_and_breaks(tmp_path):
    vtt = ("WEBVTT\n\nNOTE\nTRANSCRIPTION BEGIN\n\n"
           "01:00:03.000 --> 01:00:18.000\n<v SCHNEIDER>  Today is December 16, 2024. What was it like growing up there?\n\n"
           "01:00:18.000 --> 01:00:31.000\n<v NAME OF INTERVIEWEE>  It was a lot of fun.<br><br>One day, we got lost.\n\n"
           "01:00:31.000 --> 01:00:38.000\n<v NAME OF INTERVIEWEE>  I couldn\u2019t follow the normal path.\n\n"
           "01:01:22.000 --> 00:00:00.000\n<v SCHNEIDER>  Did you stay in DC?\n\nNOTE\nTRANSCRIPTION END\n\n")
    path = tmp_path / "vtt-ohms.xml"
    path.write_bytes(_ohms(f"<version>6.0</version><title>Test Record</title><duration>00:00:00</duration><interviewee/>"
                           f"<vtt_transcript><![CDATA[{vtt}]]></vtt_transcript>", record_attrs=' id="36809"'))
    t = read_transcript(path)
    assert t.attributes == {"record_id": "36809", "title": "Test Record"}
    assert [(s, ts, words) for s, _, ts, words in _turns(t)] == [
        ("SCHNEIDER", 3603.0, "Today is December 16, 2024. What was it like growing up there?"),
        ("NAME OF INTERVIEWEE", 3618.0, "It was a lot of fun. One day, we got lost.\nI couldn\u2019t follow the normal path."),
        ("SCHNEIDER", 3682.0, "Did you stay in DC?"),
    ]
    assert "One day, we got lost." in t.text  # the <br><br> did not end the cue (a blank line would have)
    assert any("end before they start" in n and "01:01:22.000 --> 00:00:00.000" in n for n in t.notes)


@pytest.mark.parametrize("namespace", ["https://www.avpreserve.com/nunncenter/ohms", ""])
def test_ohms_in_the_older_namespace_or_none(tmp_path, namespace):
    path = tmp_path / "old.xml"
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    path.write_text(f"<ROOT{xmlns}><record><title>Old</title><transcript>Q: Where?\nA: Here.\nQ: When?\nA: Now.</transcript>"
                    "</record></ROOT>", encoding="utf-8")
    t = read_transcript(path)
    assert t.attributes == {"title": "Old"} and [w for _, _, _, w in _turns(t)] == ["Where?", "Here.", "When?", "Now."]
    assert [turn.role for turn in t.turns] == ["interviewer", "respondent"] * 2 and not any("sync" in n for n in t.notes)


def test_ohms_without_transcript_or_with_several_records_is_rk123(tmp_path):
    index_only = tmp_path / "alyea.xml"
    index_only.write_bytes(_ohms("<index><point><time>3</time><title>War</title></point></index>"
                                 "<transcript>No transcript.</transcript>"))
    with pytest.raises(TranscriptError) as err:
        read_transcript(index_only)
    assert err.value.code == "RK123"
    assert "no transcript" in str(err.value) and "only an index of 1 segment(s)" in str(err.value) and "alyea.xml" in str(err.value)
    two = tmp_path / "two.xml"
    two.write_bytes(f'<ROOT xmlns="{OHMS_NS}"><record><transcript>A: x</transcript></record><record/></ROOT>'.encode())
    with pytest.raises(TranscriptError, match=r"RK123.*2 <record> elements.*its own XML file"):
        read_transcript(two)
    none = tmp_path / "none.xml"
    none.write_bytes(b"<ROOT><other/></ROOT>")
    with pytest.raises(TranscriptError, match=r"RK123.*line 1, <ROOT>.*no <record>"):
        read_transcript(none)


TEI = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE TEI SYSTEM "tei_all.dtd">
<TEI xmlns="http://www.tei-c.org/ns/1.0">
 <teiHeader>
  <fileDesc><titleStmt><title>Interview Harlingen 4</title></titleStmt></fileDesc>
  <profileDesc>
   <particDesc><listPerson>
    <person xml:id="A" role="interviewer"><persName>Ann de Wit</persName></person>
    <person xml:id="B" role="interviewee"><persName><forename>Piet</forename> <surname>Vos</surname></persName></person>
   </listPerson></particDesc>
  </profileDesc>
  <sourceDesc><recordingStmt><recording><date when="2019-03-02"/></recording></recordingStmt></sourceDesc>
 </teiHeader>
 <text>
  <timeline unit="ms" origin="#T0">
   <when xml:id="T0" absolute="10:00:00"/><when xml:id="T1" interval="4500" since="#T0"/>
   <when xml:id="T2" interval="2000" since="#T1"/><when xml:id="T3" interval="unknown" since="#T0"/>
  </timeline>
  <body>
   <head>Part 1</head>
   <u who="#A" start="#T0">Where were you
      born? <pause/></u>
   <u who="#B" start="#T1"><unclear>In Urk</unclear>, <pause dur="PT1.5S"/> I think. <vocal><desc>laughs</desc></vocal><note>overlaps A</note></u>
   <incident><desc>phone rings</desc></incident>
   <u who="#B"><anchor synch="#T2"/>Sorry.</u>
   <u who="#A" start="#T3">And then? <gap reason="anonymization"/></u>
   <u who="#C">Hello.</u>
  </body>
 </text>
</TEI>
"""


def test_tei_utterances_speakers_timeline_and_events(tmp_path):
    path = tmp_path / "R04.xml"
    path.write_text(TEI, encoding="utf-8")
    t = read_transcript(path)
    assert t.source.format == "tei"
    assert t.attributes == {"title": "Interview Harlingen 4", "date": "2019-03-02", "interviewer": "Ann de Wit"}
    assert _turns(t) == [
        ("", "other", None, "Part 1"),
        ("Ann de Wit", "interviewer", 0.0, "Where were you born? (pause)"),
        ("Piet Vos", "respondent", 4.5, "In Urk, (pause 1.5s) I think. (laughs)"),
        ("", "other", None, "(phone rings)"),
        ("Piet Vos", "respondent", 6.5, "Sorry."),
        ("Ann de Wit", "interviewer", None, "And then? (gap: anonymization)"),
        ("C", "respondent", None, "Hello."),
    ]
    assert [_label_before(t, turn) for turn in t.turns] == ["", "Ann de Wit: ", "Piet Vos: ", "", "", "Ann de Wit: ", "C: "]
    assert "overlaps A" not in t.text
    notes = " | ".join(t.notes)
    assert "1 <note> element(s) (editors' notes, not speech) left out" in notes
    assert "speaker id(s) no <person> declares, kept as written: C" in notes
    assert "1 utterance time(s) point at no usable <when>" in notes and "(#T3)" in notes


def test_tei_header_notes_and_setting_are_attributes(tmp_path):
    """An edition's header notes and the setting of the conversation are kept (they were dropped without a note)."""
    path = tmp_path / "harlingen4.xml"
    path.write_text(TEI.replace("</titleStmt>", "</titleStmt><notesStmt><note>Recorded for the port study.</note>"
                                "<note>Names changed.</note></notesStmt>", 1)
                       .replace("</particDesc>", "</particDesc><settingDesc><setting><name>Harlingen</name>"
                                "<locale>harbour office</locale></setting></settingDesc>", 1), encoding="utf-8")
    t = read_transcript(path)
    assert t.attributes["header_notes"] == "Recorded for the port study.; Names changed."
    assert t.attributes["setting"] == "Harlingen harbour office"
    assert [turn.speaker for turn in t.turns if turn.speaker] == [turn.speaker for turn in _tei_turns(tmp_path) if turn.speaker]


def test_tei_recording_words_and_person_descriptions_are_attributes(tmp_path):
    """A recording's date written out beside its ``when``, its equipment, and what the header says of each person
    (notes, occupation, another name) are kept; before, only ``when`` was."""
    path = tmp_path / "harlingen5.xml"
    path.write_text(TEI.replace('<date when="2019-03-02"/>', '<date when="2019-03-02">2 March 2019, afternoon</date>'
                                '<equipment><p>Zoom H4n</p></equipment>', 1)
                       .replace("<persName>Ann de Wit</persName></person>", "<persName>Ann de Wit</persName>"
                                "<note>Harbour master until 2015.</note></person>", 1)
                       .replace("<surname>Vos</surname></persName></person>", "<surname>Vos</surname></persName>"
                                "<persName>Pietje</persName><occupation>fisher</occupation><note>Asked for <hi>no</hi> "
                                "recording of the second hour.</note></person>", 1), encoding="utf-8")
    t = read_transcript(path)
    assert t.attributes["date"] == "2019-03-02"
    assert t.attributes["recording"] == "2 March 2019, afternoon Zoom H4n"
    assert t.attributes["speaker_qualifiers"] == ("Ann de Wit: Harbour master until 2015.; "
                                                  "Piet Vos: Pietje | fisher | Asked for no recording of the second hour.")
    assert t.text == read_transcript(_written_tei(tmp_path)).text
    assert t.turns == _tei_turns(tmp_path)


def test_tei_recording_of_a_date_only_is_not_written_twice(tmp_path):
    path = tmp_path / "harlingen6.xml"
    path.write_text(TEI.replace('<date when="2019-03-02"/>', '<date>spring 2019</date>', 1), encoding="utf-8")
    t = read_transcript(path)
    assert t.attributes["date"] == "spring 2019" and "recording" not in t.attributes
    assert "speaker_qualifiers" not in t.attributes


def _written_tei(tmp_path):
    plain = tmp_path / "plain.xml"
    plain.write_text(TEI, encoding="utf-8")
    return plain


def _tei_turns(tmp_path):
    plain = tmp_path / "plain.xml"
    plain.write_text(TEI, encoding="utf-8")
    return read_transcript(plain).turns


def test_iso_24624_tei_tokens_annotation_blocks_and_body_timeline(tmp_path):
    path = tmp_path / "exmaralda-tei.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><profileDesc><particDesc>'
        '<person xml:id="SPK0" n="INT"/><person xml:id="SPK1" n="AB"><persName>Anna B</persName></person>'
        '</particDesc></profileDesc></teiHeader><text><body>'
        '<timeline unit="s" origin="#T_START"><when xml:id="T_START"/><when xml:id="T0" interval="1.25" since="#T_START"/>'
        '<when xml:id="T1" interval="2.25" since="#T0"/></timeline>'
        '<annotationBlock who="#SPK0" start="#T0" end="#T1"><u><seg type="utterance"><w>Wo</w><w>kommen</w><w>Sie</w>'
        '<w>her</w><pc>?</pc></seg></u><spanGrp type="en"><span from="#T0" to="#T1">Where are you from?</span></spanGrp>'
        '</annotationBlock><annotationBlock who="#SPK1" start="#T1"><u><seg><pc>"</pc><w>Aus</w><w>Urk</w><pc>.</pc>'
        '<pc>"</pc></seg></u></annotationBlock></body></text></TEI>', encoding="utf-8")
    t = read_transcript(path)
    assert [(s, ts, words) for s, _, ts, words in _turns(t)] == [("INT", 1.25, "Wo kommen Sie her?"),
                                                                 ("Anna B", 3.5, '"Aus Urk."')]
    assert "Where are you from?" not in t.text
    assert any("1 <spanGrp> annotation group(s)" in n for n in t.notes)


def test_tei_without_utterances_or_body_is_rk123(tmp_path):
    prose = tmp_path / "letter.xml"
    prose.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>Dear Ann,</p></body></text></TEI>', encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"RK123.*letter.xml, line 1, <body>.*no <u> utterances"):
        read_transcript(prose)
    corpus_file = tmp_path / "corpus.xml"
    corpus_file.write_text('<teiCorpus xmlns="http://www.tei-c.org/ns/1.0"><TEI/><TEI/></teiCorpus>', encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"RK123.*root element is <teiCorpus>.*save each <TEI> as its own file"):
        read_transcript(corpus_file)
    header_only = tmp_path / "header.xml"
    header_only.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/></TEI>', encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"RK123.*no <text><body>"):
        read_transcript(header_only)


def test_dispatcher_by_root_element_and_annotation_tools(tmp_path):
    # ELAN, Transcriber and EXMARaLDA files saved as .xml go to their readers (the root decides)
    elan = tmp_path / "session.xml"
    elan.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<ANNOTATION_DOCUMENT AUTHOR="" FORMAT="3.0"><HEADER/>'
                    '<TIME_ORDER><TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="500"/><TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="900"/>'
                    '</TIME_ORDER><TIER TIER_ID="Interviewer"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" '
                    'TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>Waar was u?</ANNOTATION_VALUE>'
                    '</ALIGNABLE_ANNOTATION></ANNOTATION></TIER></ANNOTATION_DOCUMENT>', encoding="utf-8")
    t = read_transcript(elan)
    assert (t.source.format, t.text, t.turns[0].timestamp) == ("eaf", "Interviewer: Waar was u?", 0.5)
    trs = tmp_path / "t.xml"
    trs.write_text('<!DOCTYPE Trans SYSTEM "trans-14.dtd">\n<Trans scribe="x"><Speakers><Speaker id="spk1" name="Ann"/>'
                   '</Speakers><Episode><Section type="report" startTime="0" endTime="3"><Turn speaker="spk1" startTime="0" '
                   'endTime="3"><Sync time="0"/>Goedemorgen.</Turn></Section></Episode></Trans>', encoding="utf-8")
    t = read_transcript(trs)
    assert (t.source.format, t.text) == ("trs", "Ann: Goedemorgen.")
    # without a reader registered for the suffix, the file is refused with the advice to rename it
    with pytest.raises(TranscriptError, match=r"RK122.*Transcriber.*rename it to t\.trs"):
        xml_reader(trs, trs.read_bytes(), {".xml": "xml"})
    # once a reader is registered for the suffix, the same table hands the file to it
    assert xml_reader(elan, elan.read_bytes(), {".xml": "xml", ".eaf": "elan"}) == "elan"
    assert xml_reader(trs, trs.read_bytes(), {".trs": "transcriber"}) == "transcriber"
    assert {XML_ROOTS[r] for r in ("ANNOTATION_DOCUMENT", "Trans", "basic-transcription")} == {".eaf", ".trs", ".exb"}
    other = tmp_path / "settings.xml"
    other.write_text('<config xmlns="urn:x"><a/></config>', encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"RK122.*root element <config> in namespace 'urn:x' is none of"):
        read_transcript(other)
    not_ohms = tmp_path / "generic.xml"
    not_ohms.write_text('<ROOT xmlns="urn:something-else"><record/></ROOT>', encoding="utf-8")
    with pytest.raises(TranscriptError, match="RK122"):
        read_transcript(not_ohms)


def test_ttml_and_xhtml_saved_as_xml_are_read_by_their_readers(tmp_path):
    ttml = tmp_path / "captions.xml"
    ttml.write_text('<tt xmlns="http://www.w3.org/ns/ttml"><body><div><p begin="1s" end="2s">Interviewer: Hi?</p>'
                    '<p begin="2.5s" end="4s">Respondent: Hello.</p></div></body></tt>', encoding="utf-8")
    t = read_transcript(ttml)
    assert t.source.format == "ttml" and [(s, ts, w) for s, _, ts, w in _turns(t)] == [
        ("Interviewer", 1.0, "Hi?"), ("Respondent", 2.5, "Hello.")]
    page = tmp_path / "page.xml"
    page.write_text('<html xmlns="http://www.w3.org/1999/xhtml"><body><p><b>I:</b> Dag.</p><p><b>R:</b> Hoi.</p></body></html>',
                    encoding="utf-8")
    assert [w for _, _, _, w in _turns(read_transcript(page))] == ["Dag.", "Hoi."]


def test_xml_files_in_a_folder_skip_what_is_no_transcript(tmp_path):
    (tmp_path / "R01.xml").write_bytes(_ohms(LEGACY))
    (tmp_path / "settings.xml").write_text("<?xml version='1.0'?><settings><theme>dark</theme></settings>", encoding="utf-8")
    (tmp_path / "broken.xml").write_text("<TEI><text><body><u who='#A'>x</body></TEI>", encoding="utf-8")
    assert skip_reason(tmp_path / "settings.xml") == "XML without a transcript layout (root <settings>)"
    assert skip_reason(tmp_path / "R01.xml") is None and skip_reason(tmp_path / "broken.xml") is None
    with pytest.warns(UserWarning, match="broken.xml"):
        corpus = read_corpus(tmp_path, strict=False)
    assert corpus.doc_ids == ["R01"]
    assert any("settings.xml (XML without a transcript layout (root <settings>))" in n for n in corpus.notes)
    assert [p.code for p in corpus.problems] == ["RK121"]
    assert "broken.xml, line 1: is not well-formed XML" in str(corpus.problems[0])


def test_hostile_and_damaged_xml(tmp_path):
    laughs = tmp_path / "laughs.xml"
    laughs.write_text('<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
                      '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><u who="#A">&b;</u></body></text></TEI>',
                      encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"RK121.*declares its own XML entities"):
        read_transcript(laughs)
    external = tmp_path / "external.xml"
    external.write_text('<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]><TEI>&x;</TEI>', encoding="utf-8")
    with pytest.raises(TranscriptError, match="RK121"):
        read_transcript(external)
    deep = tmp_path / "deep.xml"
    deep.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><u who="#A">' + "<seg>" * 5000 + "x"
                    + "</seg>" * 5000 + "</u></body></text></TEI>", encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"RK121.*deep.xml, line 1: nests XML elements more than 256 levels deep"):
        read_transcript(deep)
    truncated = tmp_path / "cut.xml"
    truncated.write_bytes(_ohms(LEGACY)[:-40])
    with pytest.raises(TranscriptError, match=r"RK121.*cut.xml, line \d+: is not well-formed XML"):
        read_transcript(truncated)
    empty_root = tmp_path / "blank.xml"
    empty_root.write_text("<?xml version='1.0'?>\n\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match="RK121"):
        read_transcript(empty_root)


def test_byte_order_marks_leading_blank_lines_and_utf16(tmp_path):
    body = ('<?xml version="1.0" encoding="UTF-16"?><TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>'
            '<u who="#A">Grüße aus Zoë\u2019s Haus.</u></body></text></TEI>')
    wide = tmp_path / "wide.xml"
    wide.write_bytes(body.encode("utf-16"))
    assert [w for _, _, _, w in _turns(read_transcript(wide))] == ["Grüße aus Zoë\u2019s Haus."]
    padded = tmp_path / "padded.xml"
    padded.write_bytes(b"\xef\xbb\xbf\r\n\r\n" + body.replace("UTF-16", "UTF-8").encode("utf-8"))
    t = read_transcript(padded)
    assert t.text == "A: Grüße aus Zoë\u2019s Haus." and t.text[t.turns[0].start:] == "Grüße aus Zoë\u2019s Haus."

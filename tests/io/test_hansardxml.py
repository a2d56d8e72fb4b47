"""The House of Commons of Canada's Hansard XML (``<Hansard>``): the Debates and committee Evidence.

The fixtures follow the files ourcommons.ca publishes, as kept in openparliament.ca's tests
(michaelmulley/openparliament, ``parliament/imports/tests/alpheus_examples``: ``HAN086-E.xml``, a
sitting of the House, and ``12324877-en.xml``, a meeting of the Standing Committee on Science and
Research): ``<ExtractedInformation>`` items, ``<HansardBody>`` / ``<OrderOfBusiness>`` /
``<SubjectOfBusiness>`` / ``<SubjectOfBusinessContent>`` / ``<Intervention>`` with ``<PersonSpeaking>
<Affiliation DbId Type>Name (Riding, Party)</Affiliation>: </PersonSpeaking>`` and ``<Content>`` of
``<ParaText>``, ``<Timestamp Hr Mn>``, ``<FloorLanguage>``, ``<ProceduralText>``, ``<CatchLine>``, a
``<Division>``, and an interjection printed inside a speech (``<B>Some hon. members:</B> Oh, oh!``).
The names and words are shortened or invented.
"""

from __future__ import annotations

import pytest

from researchkit.errors import CODES, TranscriptError
from researchkit.io import read_corpus, read_transcript, skip_reason

DEBATE = """<?xml version="1.0" encoding="UTF-8"?>
<Hansard xml:lang="EN" id="8361029">
\t<StartPageNumber>5359</StartPageNumber>
\t<DocumentTitle>
\t\t<DocumentName>OFFICIAL REPORT (HANSARD)</DocumentName>
\t</DocumentTitle>
\t<ExtractedInformation>
\t\t<ExtractedItem Name="InstitutionDebate">House of Commons Debates</ExtractedItem>
\t\t<ExtractedItem Name="Volume">VOLUME 147</ExtractedItem>
\t\t<ExtractedItem Name="Number">NUMBER 086</ExtractedItem>
\t\t<ExtractedItem Name="Date">Wednesday, May 14, 2014</ExtractedItem>
\t\t<ExtractedItem Name="SpeakerName">Speaker: The Honourable Andrew Scheer</ExtractedItem>
\t\t<ExtractedItem Name="MetaDocumentCategory">DEBATES</ExtractedItem>
\t\t<ExtractedItem Name="MetaVolumeNumber">147</ExtractedItem>
\t\t<ExtractedItem Name="MetaNumberNumber">086</ExtractedItem>
\t\t<ExtractedItem Name="MetaDateNumDay">14</ExtractedItem>
\t\t<ExtractedItem Name="MetaDateNumMonth">05</ExtractedItem>
\t\t<ExtractedItem Name="MetaDateNumYear">2014</ExtractedItem>
\t\t<ExtractedItem Name="ParliamentNumber">41</ExtractedItem>
\t\t<ExtractedItem Name="SessionNumber">2</ExtractedItem>
\t\t<ExtractedItem Name="InCameraNote"></ExtractedItem></ExtractedInformation>
\t<HansardBody>
\t\t<Intro>
\t\t\t<ParaText id="3720595">The House met at 2 p.m.</ParaText>
\t\t\t<Prayer>Prayers</Prayer>
\t\t</Intro>
\t\t<OrderOfBusiness id="8361042" Rubric="Other"><OrderOfBusinessTitle>ORAL QUESTIONS</OrderOfBusinessTitle><CatchLine>Oral Questions</CatchLine><SubjectOfBusiness id="8361043"><FloorLanguage language="EN">[<I>English</I>]</FloorLanguage><SubjectOfBusinessTitle>Housing</SubjectOfBusinessTitle><SubjectOfBusinessContent><Intervention Type="Answer" ToC="Yes" ToCText="Ms. Bergen" id="8361223"><PersonSpeaking><Affiliation DbId="194597" Type="4">Hon. Candice Bergen (Minister of State (Social Development), CPC)</Affiliation>: </PersonSpeaking><Content><ParaText id="3720753">Mr. Speaker, I am trying to suggest—</ParaText><ParaText id="3720754"><B>Some hon. members:</B> Oh, oh!</ParaText><ParaText id="3720755">As I was saying, the <Affiliation DbId="78738" Type="1">Prime Minister</Affiliation> acted.</ParaText></Content></Intervention>
\t\t\t\t\t<Timestamp Hr="14" Mn="45">(1445)</Timestamp><Intervention Type="Debate" ToC="No" ToCText="The Speaker" id="8361225"><PersonSpeaking><Affiliation DbId="170958" Type="15">The Speaker</Affiliation>: </PersonSpeaking><Content><ParaText id="3720756">Order, please. The hon. member for <Affiliation DbId="170151" Type="2">Hochelaga</Affiliation>.</ParaText></Content></Intervention>
\t\t\t\t\t<FloorLanguage language="FR">[<I>Translation</I>]</FloorLanguage><Intervention Type="Question" ToC="Yes" ToCText="Ms. Boutin-Sweet" id="8361226"><PersonSpeaking><Affiliation DbId="170151" Type="2">Ms. Marjolaine Boutin-Sweet (Hochelaga, NDP)</Affiliation>: </PersonSpeaking><Content><ParaText id="3720757">Mr. Speaker, there are real people behind those numbers.</ParaText><Timestamp Hr="14" Mn="50">(1450)</Timestamp><ParaText id="3720758">When will the government renew the funding?</ParaText></Content></Intervention>
\t\t\t\t</SubjectOfBusinessContent></SubjectOfBusiness>
\t\t\t<SubjectOfBusiness id="8361355"><SubjectOfBusinessTitle>Holidays Act</SubjectOfBusinessTitle><SubjectOfBusinessContent><Intervention Type="Debate" ToC="Yes" id="8361352"><PersonSpeaking><Affiliation DbId="170336" Type="2">Mr. Dan Harris (Scarborough Southwest, NDP) </Affiliation>
\t\t\t\t\t\t</PersonSpeaking><Content><ProceduralText TocType="TPC" id="1">Bill C-597. Introduction and first reading</ProceduralText><ParaText id="3720855"> moved for leave to introduce Bill <Document DbId="6396144" Type="4">C-597, An Act to amend the Holidays Act (Remembrance Day)</Document>.</ParaText><ProceduralText TocType="TCC" id="2"> (Motions deemed adopted, bill read the first time and printed) </ProceduralText></Content></Intervention>
\t\t\t\t</SubjectOfBusinessContent></SubjectOfBusiness>
\t\t\t<SubjectOfBusiness id="8363073"><Timestamp Hr="18" Mn="10">(1810)</Timestamp><SubjectOfBusinessContent><ParaText id="3721286">(The House divided on the motion, which was negatived on the following division:)
</ParaText><Division id="8361015" DivisionNumber="142"><DivisionNumber>(Division No. 142)</DivisionNumber><DivisionType vote-type="Yeas"><Type>YEAS</Type><Title>Members</Title><Affiliation DbId="170649">Andrews</Affiliation><Affiliation DbId="170756">Ashton</Affiliation><Total> -- 2</Total></DivisionType><DivisionType vote-type="Paired"><Type>PAIRED</Type><Nil>Nil</Nil></DivisionType></Division><Intervention Type="Debate" ToC="No" id="8363014"><PersonSpeaking><Affiliation DbId="170958" Type="15">The Speaker</Affiliation>: </PersonSpeaking><Content><ProceduralText TocType="TPC" id="6">Motion negatived</ProceduralText><ParaText id="3721283">I declare the motion defeated.</ParaText></Content></Intervention>
\t\t\t\t</SubjectOfBusinessContent></SubjectOfBusiness>
\t\t</OrderOfBusiness>
\t</HansardBody>
</Hansard>
"""

EVIDENCE = """<?xml version="1.0" encoding="UTF-8"?>
<Hansard xml:lang="EN" id="12324877">
  <StartPageNumber>1</StartPageNumber>
  <DocumentTitle>
    <DocumentName>EVIDENCE</DocumentName>
  </DocumentTitle>
  <ExtractedInformation>
    <ExtractedItem Name="InstitutionDebate">Standing Committee on Science and Research</ExtractedItem>
    <ExtractedItem Name="Number">NUMBER 053</ExtractedItem>
    <ExtractedItem Name="Date">Wednesday, September 20, 2023</ExtractedItem>
    <ExtractedItem Name="MetaDocumentCategory">Committee</ExtractedItem>
    <ExtractedItem Name="MetaNumberNumber">53</ExtractedItem>
    <ExtractedItem Name="MetaDateNumDay">20</ExtractedItem>
    <ExtractedItem Name="MetaDateNumMonth">09</ExtractedItem>
    <ExtractedItem Name="MetaDateNumYear">2023</ExtractedItem>
    <ExtractedItem Name="InstitutionDebateFr">Comité permanent de la science et de la recherche</ExtractedItem>
    <ExtractedItem Name="InstitutionDebateEn">Standing Committee on Science and Research</ExtractedItem>
    <ExtractedItem Name="Acronyme">SRSR</ExtractedItem>
    <ExtractedItem Name="SpeakerTitle">Chair</ExtractedItem>
    <ExtractedItem Name="SpeakerName">Mr. Lloyd Longfield</ExtractedItem>
    <ExtractedItem Name="SessionNumber">1</ExtractedItem>
    <ExtractedItem Name="ParliamentNumber">44</ExtractedItem>
    <ExtractedItem Name="InCameraNote" />
  </ExtractedInformation>
  <HansardBody>
    <OrderOfBusiness>
      <CatchLine />
      <SubjectOfBusiness>
        <SubjectOfBusinessContent>
          <Timestamp Hr="16" Mn="30">(1630)</Timestamp>
          <FloorLanguage language="EN">[<I>English</I>]</FloorLanguage>
          <Intervention Type="Interjection" ToC="No" ToCText="" id="12324880">
            <PersonSpeaking>
              <Affiliation DbId="298415" Type="35">The Chair (Mr. Lloyd Longfield (Guelph, Lib.))</Affiliation>: </PersonSpeaking>
            <Content>
              <ParaText id="7932005"> Welcome to meeting number 53 of the Standing Committee on Science and Research.</ParaText>
              <ParaText id="7932016">You can start with your presentation.</ParaText>
            </Content>
          </Intervention>
          <Intervention Type="Interjection" ToC="No" id="12324900">
            <PersonSpeaking>
              <Affiliation DbId="300655" Type="28">Mr. Benjamin Fung (Professor, McGill University)</Affiliation>: </PersonSpeaking>
            <Content>
              <ParaText id="7932017"> Good afternoon, Chair and committee members.</ParaText>
              <ParaText id="7932018">My research interests include cybersecurity.</ParaText>
            </Content>
          </Intervention>
          <Timestamp Hr="16" Mn="35">(1635)</Timestamp>
          <Intervention Type="Interjection" ToC="No" ToCText="" id="12324942">
            <PersonSpeaking>
              <Affiliation DbId="298415" Type="35">The Chair</Affiliation>: </PersonSpeaking>
            <Content>
              <ParaText id="7932033"> Thank you very much. Mr. Lobb, you have six minutes.</ParaText>
            </Content>
          </Intervention>
          <Intervention Type="Interjection" ToC="No" id="12324950">
            <PersonSpeaking>
              <Affiliation DbId="105120" Type="2">Mr. Ben Lobb (Huron—Bruce, CPC)</Affiliation>: </PersonSpeaking>
            <Content>
              <ParaText id="7932040">Professor Fung, what did the company ask of you?</ParaText>
            </Content>
          </Intervention>
          <Intervention Type="Interjection" ToC="No" id="12324951">
            <PersonSpeaking>
              <Affiliation DbId="300655" Type="28">Mr. Benjamin Fung</Affiliation>: </PersonSpeaking>
            <Content>
              <ParaText id="7932041">They asked me to reply to their emails.</ParaText>
            </Content>
          </Intervention>
          <Intervention Type="Interjection" ToC="No" id="12324952">
            <PersonSpeaking>
              <Affiliation DbId="290001" Type="27">The Clerk of the Committee (Mr. Keelan Buck)</Affiliation>: </PersonSpeaking>
            <Content>
              <ParaText id="7932042">The bells are ringing, Chair.</ParaText>
            </Content>
          </Intervention>
        </SubjectOfBusinessContent>
      </SubjectOfBusiness>
    </OrderOfBusiness>
  </HansardBody>
</Hansard>
"""


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def spoken(t):
    return [(turn.speaker, turn.role, turn.timestamp, t.turn_text(turn)) for turn in t.turns if turn.speaker]


def test_a_sitting_of_the_house_reads_as_turns_with_the_speaker_presiding(tmp_path):
    t = read_transcript(write(tmp_path, "HAN086-E.xml", DEBATE))
    assert t.source.format == "hansardxml"
    assert spoken(t) == [
        ("Hon. Candice Bergen", "respondent", None, "Mr. Speaker, I am trying to suggest—"),
        ("Some hon. members", "other", None, "Oh, oh!"),
        ("Hon. Candice Bergen", "respondent", None, "As I was saying, the Prime Minister acted."),
        ("The Speaker", "interviewer", 14 * 3600 + 45 * 60.0, "Order, please. The hon. member for Hochelaga."),
        ("Ms. Marjolaine Boutin-Sweet", "respondent", None, "Mr. Speaker, there are real people behind those numbers."),
        ("Ms. Marjolaine Boutin-Sweet", "respondent", 14 * 3600 + 50 * 60.0, "When will the government renew the funding?"),
        ("Mr. Dan Harris", "respondent", None, "moved for leave to introduce Bill C-597, An Act to amend the Holidays Act (Remembrance Day)."),
        ("The Speaker", "interviewer", 18 * 3600 + 10 * 60.0, "I declare the motion defeated."),
    ]
    for turn in t.turns:  # offsets are the text's
        assert t.text[turn.start : turn.end] == t.turn_text(turn)


def test_procedural_lines_titles_times_and_divisions_are_nobodys_and_nothing_is_lost(tmp_path):
    t = read_transcript(write(tmp_path, "HAN086-E.xml", DEBATE))
    lines = t.text.split("\n")
    for printed in ("The House met at 2 p.m.", "Prayers", "ORAL QUESTIONS", "[English]", "Housing", "(1445)", "[Translation]",
                    "(1450)", "Bill C-597. Introduction and first reading", "(Motions deemed adopted, bill read the first time and printed)",
                    "(1810)", "(The House divided on the motion, which was negatived on the following division:)",
                    "(Division No. 142)", "YEAS Members Andrews, Ashton -- 2", "PAIRED Nil", "Motion negatived"):
        assert printed in lines
        start = t.text.index(printed)
        owner = [turn for turn in t.turns if turn.start <= start < turn.end]
        assert all(turn.speaker == "" and turn.role == "other" for turn in owner), printed
    catch = t.text.index("Oral Questions")
    assert t.furniture == ((catch, catch + len("Oral Questions")),)


def test_the_sittings_attributes_and_each_speakers_riding_and_party(tmp_path):
    t = read_transcript(write(tmp_path, "HAN086-E.xml", DEBATE))
    a = t.attributes
    assert (a["date"], a["category"], a["number"], a["volume"], a["parliament"], a["session"]) == (
        "2014-05-14", "DEBATES", "086", "147", "41", "2")
    assert (a["institution"], a["presiding"], a["language"], a["title"], a["start_page"]) == (
        "House of Commons Debates", "Speaker: The Honourable Andrew Scheer", "en", "OFFICIAL REPORT (HANSARD)", "5359")
    assert a["speaker_qualifiers"] == ("Hon. Candice Bergen: Minister of State (Social Development), CPC; "
                                       "Ms. Marjolaine Boutin-Sweet: Hochelaga, NDP; Mr. Dan Harris: Scarborough Southwest, NDP")
    assert "committee" not in a


def test_committee_evidence_the_chair_and_members_ask_the_witnesses_answer(tmp_path):
    t = read_transcript(write(tmp_path, "SRSR-53.xml", EVIDENCE))
    assert spoken(t) == [
        ("The Chair", "interviewer", 16 * 3600 + 30 * 60.0,
         "Welcome to meeting number 53 of the Standing Committee on Science and Research.\nYou can start with your presentation."),
        ("Mr. Benjamin Fung", "respondent", None, "Good afternoon, Chair and committee members.\nMy research interests include cybersecurity."),
        ("The Chair", "interviewer", 16 * 3600 + 35 * 60.0, "Thank you very much. Mr. Lobb, you have six minutes."),
        ("Mr. Ben Lobb", "interviewer", None, "Professor Fung, what did the company ask of you?"),
        ("Mr. Benjamin Fung", "respondent", None, "They asked me to reply to their emails."),
        ("The Clerk of the Committee", "other", None, "The bells are ringing, Chair."),
    ]
    a = t.attributes
    assert (a["committee"], a["committee_acronym"], a["meeting"], a["date"], a["parliament"], a["session"]) == (
        "Standing Committee on Science and Research", "SRSR", "53", "2023-09-20", "44", "1")
    assert "The Chair: Mr. Lloyd Longfield (Guelph, Lib.)" in a["speaker_qualifiers"]
    assert "Mr. Benjamin Fung: Professor, McGill University" in a["speaker_qualifiers"]


def test_committee_evidence_a_clerk_printed_by_office_is_staff_and_a_co_chair_presides(tmp_path):
    # a joint committee's co-chair (La coprésidente) and its clerk printed without the staff types 26/27
    xml = ("<Hansard xml:lang='FR'><ExtractedInformation><ExtractedItem Name='MetaDocumentCategory'>Committee</ExtractedItem>"
           "</ExtractedInformation><HansardBody><Intervention><PersonSpeaking><Affiliation DbId='1'>La coprésidente "
           "(L'hon. Jane Roe)</Affiliation>: </PersonSpeaking><Content><ParaText>La séance est ouverte.</ParaText></Content>"
           "</Intervention><Intervention><PersonSpeaking><Affiliation DbId='2'>Le greffier du Comité (M. Paul Doe)"
           "</Affiliation>: </PersonSpeaking><Content><ParaText>Le vote est ouvert.</ParaText></Content></Intervention>"
           "<Intervention><PersonSpeaking><Affiliation DbId='3' Type='2'>M. Ben Lobb</Affiliation>: </PersonSpeaking>"
           "<Content><ParaText>Une question.</ParaText></Content></Intervention></HansardBody></Hansard>")
    t = read_transcript(write(tmp_path, "JOINT-3.xml", xml))
    assert [(s, r) for s, r, _, _ in spoken(t)] == [("La coprésidente", "interviewer"), ("Le greffier du Comité", "other"),
                                                    ("M. Ben Lobb", "interviewer")]


def test_labels_override_the_roles_read_from_the_file(tmp_path):
    t = read_transcript(write(tmp_path, "SRSR-53.xml", EVIDENCE), labels={"Mr. Ben Lobb": "other"})
    assert {turn.speaker: turn.role for turn in t.turns if turn.speaker}["Mr. Ben Lobb"] == "other"


def test_a_folder_reads_hansard_xml_and_does_not_skip_it(tmp_path):
    write(tmp_path, "HAN086-E.xml", DEBATE)
    write(tmp_path, "SRSR-53.xml", EVIDENCE)
    assert skip_reason(tmp_path / "HAN086-E.xml") is None
    corpus = read_corpus(tmp_path)
    assert len(corpus) == 2


def test_a_hansard_root_in_a_namespace_is_no_known_layout(tmp_path):
    path = write(tmp_path, "other.xml", '<Hansard xmlns="urn:example"><HansardBody/></Hansard>')
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert err.value.code == "RK122"


@pytest.mark.parametrize("body, code, where, shown", [
    ("<DocumentTitle><DocumentName>INDEX</DocumentName></DocumentTitle>", "RK167", "line 1, <Hansard>", "<HansardBody>"),
    ("<HansardBody>\n<Intro><ParaText>The House met at 2 p.m.</ParaText></Intro></HansardBody>", "RK167", "line 1, <HansardBody>",
     "no <Intervention> with words"),
    ("<HansardBody>\n<Intervention>\n<PersonSpeaking><Affiliation DbId='1' Type='2'> </Affiliation>: </PersonSpeaking>"
     "<Content><ParaText>Words.</ParaText></Content></Intervention></HansardBody>", "RK168", "line 3, <PersonSpeaking>",
     "names no speaker"),
])
def test_malformed_files_name_the_line_element_and_value(tmp_path, body, code, where, shown):
    path = write(tmp_path, "bad.xml", f"<Hansard xml:lang='EN'>{body}</Hansard>")
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    message = str(err.value)
    assert err.value.code == code and code in CODES
    assert "bad.xml" in message and where in message and shown in message and "What to do" in message


def test_a_timestamp_that_is_no_clock_time_is_left_out_the_turn_kept_and_noted(tmp_path):
    xml = ("<Hansard xml:lang='EN'><HansardBody>\n\n<Timestamp Hr='16' Mn='75'>(1675)</Timestamp>\n<Intervention><PersonSpeaking>"
           "<Affiliation Type='15'>The Speaker</Affiliation>: </PersonSpeaking><Content><ParaText>Order.</ParaText></Content>"
           "</Intervention>\n<Timestamp Hr='1 6' Mn='3O'>(1630)</Timestamp><Intervention><PersonSpeaking><Affiliation Type='2'>"
           "Hon. Hedy Fry</Affiliation>: </PersonSpeaking><Content><ParaText>Yes.</ParaText></Content></Intervention>"
           "\n<Timestamp Hr='16' Mn='45'>(1645)</Timestamp><Intervention><PersonSpeaking><Affiliation Type='2'>"
           "Mr. Ben Lobb</Affiliation>: </PersonSpeaking><Content><ParaText>No.</ParaText></Content></Intervention>"
           "</HansardBody></Hansard>")
    t = read_transcript(write(tmp_path, "HAN021-E.xml", xml))
    assert spoken(t) == [("The Speaker", "interviewer", None, "Order."), ("Hon. Hedy Fry", "respondent", None, "Yes."),
                         ("Mr. Ben Lobb", "respondent", 60300.0, "No.")]
    assert "(1675)" in t.text.split("\n")
    note = next(n for n in t.notes if "no clock time" in n)
    assert note.startswith("HAN021-E.xml: 2 time(s)")
    assert "line 3, <Timestamp> Hr='16' Mn='75'" in note and "line 5, <Timestamp> Hr='1 6' Mn='3O'" in note


def test_clock_seconds_still_refuses_a_bad_timestamp_when_asked_strictly():
    from lxml import etree

    from researchkit.io.hansardxml import clock_seconds
    with pytest.raises(TranscriptError) as err:
        clock_seconds("bad.xml", etree.fromstring("<Timestamp Hr='16' Mn='75'>(1675)</Timestamp>"))
    assert err.value.code == "RK169" and "Mn='75'" in str(err.value)


def test_xml_that_is_not_well_formed_is_rk121(tmp_path):
    path = write(tmp_path, "broken.xml", "<Hansard><HansardBody><Intervention></HansardBody></Hansard>")
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert err.value.code == "RK121"


def test_an_intervention_without_person_speaking_is_nobodys_and_noted(tmp_path):
    xml = ("<Hansard><HansardBody><Intervention><Content><ParaText>Words of no one named.</ParaText></Content></Intervention>"
           "<Intervention><PersonSpeaking><Affiliation>The Speaker</Affiliation>: </PersonSpeaking><Content>"
           "<ParaText>Order.</ParaText><Poem>A line of verse.</Poem></Content></Intervention></HansardBody></Hansard>")
    t = read_transcript(write(tmp_path, "x.xml", xml))
    assert spoken(t) == [("The Speaker", "interviewer", None, "Order.\nA line of verse.")]
    assert "Words of no one named." in t.text
    assert any("1 <Intervention>(s) without <PersonSpeaking>" in n for n in t.notes)
    assert any("<Poem> (1)" in n for n in t.notes)

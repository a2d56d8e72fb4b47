"""ParlParse / TheyWorkForYou XML (``<publicwhip>``): UK parliaments' debates and written answers.

The fixtures follow the files TheyWorkForYou publishes, as kept in mysociety/theyworkforyou's test
data (``uml-tests/parldata/scrapedxml/debates/debates2009-10-26a.xml``,
``parldata/scrapedxml/debates/debates2009-10-27c.xml``) and as ParlParse writes them
(``pyscraper/xmlfilewrite.py``: the ISO-8859-1 declaration and the DOCTYPE of character entities;
``pyscraper/new_hansard.py``: ``person_id``, empty ``time``): ``<gidredirect>``, ``<major-heading>``,
``<minor-heading>``, ``<speech>`` with ``speakername``/``speakerid``/``speakeroffice``/``nospeaker``/
``time`` holding ``<p pid class>``, a ``<division>`` with ``<divisioncount>`` and ``<mplist>``, and
written answers' ``<ques>``/``<reply>``. The names and words are shortened or invented.
"""

from __future__ import annotations

import pytest

from researchkit.errors import CODES, TranscriptError
from researchkit.io import read_corpus, read_transcript, skip_reason

HEADER = """<?xml version="1.0" encoding="ISO-8859-1"?>


<!DOCTYPE publicwhip
[
<!ENTITY ndash   "&#8211;">
<!ENTITY mdash   "&#8212;">
<!ENTITY nbsp   "&#160;" >
<!ENTITY pound  "&#163;" >
<!ENTITY eacute "&#233;" >
]>

"""

DEBATES = HEADER + """<publicwhip scrapeversion="a" latest="yes">
<gidredirect oldgid="uk.org.publicwhip/debate/2009-10-26a.1.1" newgid="uk.org.publicwhip/debate/2009-10-26b.1.1" matchtype="perfectmatch"/>
<major-heading id="uk.org.publicwhip/debate/2009-10-26a.1.0" nospeaker="true" colnum="1"  time="14:30:00" url="http://example.org/1">
Home Department
</major-heading>
<speech id="uk.org.publicwhip/debate/2009-10-26a.1.2" nospeaker="true" colnum="1"  time="14:30:00" url="http://example.org/2">
\t<p pid="a.1.2/1" class="italic"> Ordered,</p>
\t<p pid="a.1.2/2" class="indent">That Sir George Young be discharged from the Committee&mdash;(<i> Mr. McAvoy.)</i></p>
</speech>
<minor-heading id="uk.org.publicwhip/debate/2009-10-26a.4.0" nospeaker="true" colnum="4"  time="14:32:00" url="http://example.org/3">
Retail Crime
</minor-heading>
<speech id="uk.org.publicwhip/debate/2009-10-26a.4.5" speakerid="uk.org.publicwhip/member/1887" speakername="Alan Campbell" speakeroffice="The Parliamentary Under-Secretary of State for the Home Department"  colnum="4"  time="14:32:00" url="http://example.org/4">
\t<p pid="a.4.5/1">The &pound;5 million fund will help small shops.</p>
</speech>
<speech id="uk.org.publicwhip/debate/2009-10-26a.4.6" speakerid="uk.org.publicwhip/member/1703" speakername="John Whittingdale" colnum="4"  time="14:33:00" url="http://example.org/5">
\t<p pid="a.4.6/1">Is the Minister aware of the survey?</p>
\t<p pid="a.4.6/2">Why not businesses in Essex?</p>
</speech>
<speech id="uk.org.publicwhip/debate/2009-10-26a.5.0" speakerid="uk.org.publicwhip/member/40031" speakername="Mr. Speaker" colnum="5"  time="14:34:00" url="http://example.org/6">
\t<p pid="a.5.0/1">Order&mdash;<i> [</i><i> Interruption.</i><i> ]</i> It is time for the answer.</p>
</speech>
<speech id="uk.org.publicwhip/debate/2009-10-26a.5.1" speakername="Hon. Members:" nospeaker="true" colnum="5" time="" url="">
<p pid="a.5.1/1">Hear, hear!</p>
</speech>
<speech id="uk.org.publicwhip/debate/2009-10-26a.5.2" speakername="Mr. Deputy Speaker (Sir Alan Haselhurst)" person_id="uk.org.publicwhip/person/10259" colnum="5" time="" url="">
<p pid="a.5.2/1">I call Ren&eacute;e Smith.</p>
<p pid="a.5.2/2" class="italic">Question put and agreed to.</p>
<p pid="a.5.2/3">The Ayes have it.</p>
</speech>
<division id="uk.org.publicwhip/debate/2009-10-26a.215.2" nospeaker="true" divdate="2009-10-26" divnumber="56" colnum="215"  time="018:48:00" url="http://example.org/7">
    <divisioncount ayes="2" noes="1" tellerayes="1" tellernoes="1"/>
    <mplist vote="aye">
        <mpname id="uk.org.publicwhip/member/1929" vote="aye">Afriyie, Adam</mpname>
        <mpname id="uk.org.publicwhip/member/1785" vote="aye" teller="yes">James Duddridge</mpname>
    </mplist>
    <mplist vote="no">
        <mpname id="uk.org.publicwhip/member/1604" vote="no">Abbott, Ms Diane</mpname>
    </mplist>
</division>
</publicwhip>
"""

WRANS = HEADER + """<publicwhip scrapeversion="a" latest="no">
<major-heading id="uk.org.publicwhip/wrans/2009-10-28a.1.mh" nospeaker="true" colnum="1W" url="http://example.org/w">
Home Department
</major-heading>
<minor-heading id="uk.org.publicwhip/wrans/2009-10-28a.295833.h" nospeaker="true" colnum="1W" url="http://example.org/w">
Police: Manpower
</minor-heading>
<ques id="uk.org.publicwhip/wrans/2009-10-28a.295833.q0" person_id="uk.org.publicwhip/person/10201" speakername="Lynne Featherstone" colnum="1W" url="http://example.org/w">
\t<p qnum="295833">To ask the Secretary of State how many police officers there were in each force.</p>
</ques>
<reply id="uk.org.publicwhip/wrans/2009-10-28a.295833.r0" person_id="uk.org.publicwhip/person/10662" speakername="David Hanson" speakeroffice="Minister of State, Home Office" colnum="1W" url="http://example.org/w">
\t<p>The information is in the following table.</p>
\t<table><tr><th>Force</th><th>Officers</th></tr><tr><td>Essex</td><td>3,600</td></tr></table>
</reply>
</publicwhip>
"""


def write(tmp_path, name: str, text: str, encoding: str = "iso-8859-1"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def spoken(t):
    return [(turn.speaker, turn.role, turn.timestamp, t.turn_text(turn)) for turn in t.turns if turn.speaker]


def test_a_sitting_reads_as_turns_with_the_speaker_presiding(tmp_path):
    t = read_transcript(write(tmp_path, "debates2009-10-26a.xml", DEBATES))
    assert t.source.format == "publicwhip" and t.source.encoding == "iso-8859-1"
    assert spoken(t) == [
        ("Alan Campbell", "respondent", 14 * 3600 + 32 * 60.0, "The £5 million fund will help small shops."),
        ("John Whittingdale", "respondent", 14 * 3600 + 33 * 60.0, "Is the Minister aware of the survey?\nWhy not businesses in Essex?"),
        ("Mr. Speaker", "interviewer", 14 * 3600 + 34 * 60.0, "Order— [ Interruption. ] It is time for the answer."),
        ("Hon. Members", "other", None, "Hear, hear!"),
        ("Mr. Deputy Speaker", "interviewer", None, "I call Renée Smith."),
        ("Mr. Deputy Speaker", "interviewer", None, "The Ayes have it."),
    ]
    for turn in t.turns:  # offsets are the text's
        assert t.text[turn.start : turn.end] == t.turn_text(turn)


def test_headings_stage_directions_and_divisions_are_nobodys_and_nothing_is_lost(tmp_path):
    t = read_transcript(write(tmp_path, "debates2009-10-26a.xml", DEBATES))
    lines = t.text.split("\n")
    for printed in ("Home Department", "Ordered,", "That Sir George Young be discharged from the Committee—( Mr. McAvoy.)",
                    "Retail Crime", "Question put and agreed to.", "Division No. 56: Ayes 2, Noes 1",
                    "Aye: Afriyie, Adam; James Duddridge (teller)", "No: Abbott, Ms Diane"):
        assert printed in lines, printed
        start = t.text.index(printed)
        owner = [turn for turn in t.turns if turn.start <= start < turn.end]
        assert all(turn.speaker == "" and turn.role == "other" for turn in owner), printed


def test_the_sittings_attributes_and_each_speakers_office_and_id(tmp_path):
    t = read_transcript(write(tmp_path, "debates2009-10-26a.xml", DEBATES))
    a = t.attributes
    assert (a["date"], a["record"], a["house"], a["scrape_version"], a["latest"]) == (
        "2009-10-26", "debate", "House of Commons", "a", "yes")
    assert a["speaker_qualifiers"] == ("Alan Campbell: The Parliamentary Under-Secretary of State for the Home Department; "
                                       "Mr. Deputy Speaker: Sir Alan Haselhurst")
    assert a["speaker_ids"] == ("Alan Campbell: uk.org.publicwhip/member/1887; John Whittingdale: uk.org.publicwhip/member/1703; "
                                "Mr. Speaker: uk.org.publicwhip/member/40031; Mr. Deputy Speaker: uk.org.publicwhip/person/10259")
    assert not any("latest" in note for note in t.notes)


def test_written_answers_the_member_asks_the_minister_replies(tmp_path):
    t = read_transcript(write(tmp_path, "answers2009-10-28a.xml", WRANS))
    assert spoken(t) == [
        ("Lynne Featherstone", "interviewer", None, "To ask the Secretary of State how many police officers there were in each force."),
        ("David Hanson", "respondent", None, "The information is in the following table.\nForce | Officers\nEssex | 3,600"),
    ]
    assert (t.attributes["record"], t.attributes["house"], t.attributes["latest"]) == ("wrans", "written answers", "no")
    assert any('latest="no"' in note for note in t.notes)


def test_a_file_in_utf8_without_the_doctype_reads_the_same(tmp_path):
    body = DEBATES[len(HEADER):].replace("&mdash;", "—").replace("&pound;", "£").replace("&eacute;", "é")
    t = read_transcript(write(tmp_path, "debates.xml", '<?xml version="1.0" encoding="utf-8"?>\n' + body, "utf-8"))
    u = read_transcript(write(tmp_path, "debates2009-10-26a.xml", DEBATES))
    assert t.text == u.text and spoken(t) == spoken(u)


def test_labels_override_the_roles_read_from_the_file(tmp_path):
    t = read_transcript(write(tmp_path, "debates2009-10-26a.xml", DEBATES), labels={"John Whittingdale": "interviewer"})
    assert {turn.speaker: turn.role for turn in t.turns if turn.speaker}["John Whittingdale"] == "interviewer"


def test_a_folder_reads_publicwhip_xml_and_does_not_skip_it(tmp_path):
    write(tmp_path, "debates2009-10-26a.xml", DEBATES)
    write(tmp_path, "answers2009-10-28a.xml", WRANS)
    assert skip_reason(tmp_path / "debates2009-10-26a.xml") is None
    assert len(read_corpus(tmp_path)) == 2


def test_other_entities_in_the_doctype_are_still_refused(tmp_path):
    text = DEBATES.replace('<!ENTITY pound  "&#163;" >', '<!ENTITY pound  "pounds sterling" >')
    with pytest.raises(TranscriptError) as err:
        read_transcript(write(tmp_path, "debates.xml", text))
    assert err.value.code == "RK121" and "declares its own XML entities" in str(err.value)


def test_a_publicwhip_root_in_a_namespace_is_no_known_layout(tmp_path):
    with pytest.raises(TranscriptError) as err:
        read_transcript(write(tmp_path, "other.xml", '<publicwhip xmlns="urn:example"><speech/></publicwhip>'))
    assert err.value.code == "RK122"


@pytest.mark.parametrize("body, code, where, shown", [
    ("\n<gidredirect oldgid='a' newgid='b'/>\n<major-heading id='x'>Prayers</major-heading>", "RK153", "line 1, <publicwhip>",
     "nothing is spoken"),
])
def test_malformed_files_name_the_line_element_and_value(tmp_path, body, code, where, shown):
    path = write(tmp_path, "bad.xml", f"<publicwhip scrapeversion='a'>{body}</publicwhip>")
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    message = str(err.value)
    assert err.value.code == code and code in CODES
    assert "bad.xml" in message and where in message and shown in message and "What to do" in message


def test_a_time_that_is_no_clock_time_is_left_out_the_turns_kept_and_each_value_noted(tmp_path):
    xml = ("<publicwhip scrapeversion='a'>\n<speech speakername='Alan Campbell' time='14:75:00'>\n<p>Words.</p></speech>\n"
           "<major-heading time='9 o&apos;clock'>Home</major-heading>\n<speech speakername='Tony Baldry' time='14:40:00'>"
           "<p>More words.</p></speech>\n\n<division divnumber='3' time='noon'/></publicwhip>")
    t = read_transcript(write(tmp_path, "bad.xml", xml))
    assert spoken(t) == [("Alan Campbell", "respondent", None, "Words."), ("Tony Baldry", "respondent", 52800.0, "More words.")]
    note = next(n for n in t.notes if "no clock time" in n)
    assert note.startswith("bad.xml: 3 time(s)") and "the turns kept" in note
    assert "line 2, <speech> time='14:75:00'" in note and "line 4, <major-heading> time=\"9 o'clock\"" in note
    assert "line 7, <division> time='noon'" in note


def test_clock_time_still_refuses_a_bad_time_when_asked_strictly(tmp_path):
    from lxml import etree

    from researchkit.io.publicwhip import clock_time
    with pytest.raises(TranscriptError) as err:
        clock_time("bad.xml", etree.fromstring("<speech time='14:75:00'/>"))
    assert err.value.code == "RK154" and "'14:75:00'" in str(err.value)


def test_a_speech_without_a_name_is_nobodys_and_noted(tmp_path):
    xml = ('<publicwhip><speech id="uk.org.publicwhip/debate/1940-03-20a.1953.1" colnum="1953" time="">'
           '<p><i>The House met at a Quarter before Three of the Clock</i>, Mr. SPEAKER <i>in the Chair</i>.</p></speech>'
           '<speech speakername="Mr. Attlee" time=""><p>I beg to ask.</p><aside>A note.</aside></speech></publicwhip>')
    t = read_transcript(write(tmp_path, "debates1940-03-20a.xml", xml))
    assert spoken(t) == [("Mr. Attlee", "respondent", None, "I beg to ask.\nA note.")]
    assert "The House met at a Quarter before Three of the Clock, Mr. SPEAKER in the Chair." in t.text.split("\n")
    assert any("1 speech(es) name no speaker" in n for n in t.notes)
    assert any("<aside> (1)" in n for n in t.notes)
    assert t.attributes["date"] == "1940-03-20"


def test_westminster_hall_names_the_chair_by_the_person_in_its_heading_and_the_chair_presides(tmp_path):
    # as westminster2009-10-28a.xml (mysociety/theyworkforyou parldata): the heading names the chair, the speeches the person
    xml = ('<publicwhip scrapeversion="a" latest="yes"><minor-heading id="uk.org.publicwhip/westminhall/2009-10-28a.71.0" '
           'nospeaker="true" time="unknown">[Mr. Joe Benton in the Chair] &#8212; Death Penalty (Global Abolition)</minor-heading>'
           '<speech speakerid="uk.org.publicwhip/member/2006" speakername="Alistair Carmichael" time="009:30:00">'
           '<p>It is a pleasure to serve under your chairmanship, Mr. Benton.</p></speech>'
           '<speech speakerid="uk.org.publicwhip/member/1434" speakername="Joe Benton" time="010:11:00">'
           '<p>Before I call the next speaker, I ask hon. Members to be brief.</p></speech></publicwhip>')
    t = read_transcript(write(tmp_path, "westminster2009-10-28a.xml", xml))
    assert [(s, r) for s, r, _, _ in spoken(t)] == [("Alistair Carmichael", "respondent"), ("Joe Benton", "interviewer")]
    assert t.turns[0].timestamp is None  # time="unknown": left out, noted
    assert any("'[Mr. Joe Benton in the Chair]'" in n and "'Joe Benton' presides" in n for n in t.notes)
    assert any("time='unknown'" in n for n in t.notes)


def test_a_public_bill_committee_chair_by_person_id_and_its_witnesses_answer_the_members(tmp_path):
    # as pyscraper/new_hansard.py writes a public bill committee: <committee><chairmen><mpname person_id>, the chair's
    # speeches by the person, a witness's speech named with nospeaker="true" (no member), the members' with person_id
    xml = ('<publicwhip scraperversion="a" latest="yes"><bill title="Example Bill" session="2016_2017">Example Bill</bill>'
           '<committee><chairmen><mpname person_id="uk.org.publicwhip/person/10009" membername="Sir David Amess" '
           'attending="true">Sir David Amess</mpname></chairmen><mpname person_id="uk.org.publicwhip/person/24878" '
           'membername="Kate Green" attending="true">Kate Green <i>(Stretford and Urmston)</i>(Labour)</mpname></committee>'
           '<witnesses><witness>Dr Jane Roe, Chief Executive, Example Trust</witness></witnesses>'
           '<major-heading id="uk.org.publicwhip/standing/2016-10-11a.1.0" nospeaker="true">Examination of Witnesses</major-heading>'
           '<speech id="uk.org.publicwhip/standing/2016-10-11a.1.1" speakername="David Amess" '
           'person_id="uk.org.publicwhip/person/10009" time="09:25:00"><p>We will now hear oral evidence.</p></speech>'
           '<speech id="uk.org.publicwhip/standing/2016-10-11a.1.2" speakername="Kate Green" '
           'person_id="uk.org.publicwhip/person/24878"><p>What does the Bill change for you?</p></speech>'
           '<speech id="uk.org.publicwhip/standing/2016-10-11a.1.3" speakername="Dr Jane Roe" nospeaker="true">'
           '<p>A great deal.</p></speech></publicwhip>')
    t = read_transcript(write(tmp_path, "standing2016-10-11_PBC_Example_1st_sit_(Morning)a.xml", xml))
    assert [(s, r) for s, r, _, _ in spoken(t)] == [("David Amess", "interviewer"), ("Kate Green", "interviewer"),
                                                    ("Dr Jane Roe", "respondent")]
    assert t.attributes["house"] == "House of Commons, public bill committee"
    assert any("a committee's <chairmen>" in n and "'David Amess' presides" in n for n in t.notes)
    assert any("witnesses give evidence" in n and "'Dr Jane Roe'" in n for n in t.notes)


def test_a_chair_named_by_office_only_while_speeches_name_people_is_noted_with_what_to_do(tmp_path):
    # ParlParse since 2016: PRAYERS - [Mr Speaker in the Chair], every speech's speakername the person (new_hansard.py)
    xml = ('<publicwhip scraperversion="a" latest="yes"><major-heading id="uk.org.publicwhip/debate/2020-01-07a.1.0" '
           'nospeaker="true" time="">PRAYERS - <i>[Mr Speaker in the Chair]</i></major-heading>'
           '<speech id="uk.org.publicwhip/debate/2020-01-07a.1.1" speakername="Lindsay Hoyle" '
           'person_id="uk.org.publicwhip/person/10295" time="14:30:00"><p>Order.</p></speech></publicwhip>')
    t = read_transcript(write(tmp_path, "debates2020-01-07a.xml", xml))
    assert spoken(t) == [("Lindsay Hoyle", "respondent", 52200.0, "Order.")]
    assert any("'[Mr Speaker in the Chair]'" in n and "labels={'<the chair's name>': 'interviewer'}" in n for n in t.notes)
    again = read_transcript(write(tmp_path, "debates2020-01-07a.xml", xml), labels={"Lindsay Hoyle": "interviewer"})
    assert spoken(again)[0][1] == "interviewer"


@pytest.mark.parametrize("name", ["Lord Speaker", "The Convener", "The Deputy Convener", "The Chairperson (Mr Givan)",
                                  "Y Llywydd", "Y Dirprwy Lywydd", "Presiding Officer"])
def test_the_chairs_offices_of_every_parliament_preside(tmp_path, name):
    xml = (f'<publicwhip><speech id="uk.org.publicwhip/spor/2024-05-01.1.1" speakername="{name}" time="14:00">'
           '<p>Order.</p></speech><speech speakername="Ann Member" person_id="uk.org.publicwhip/person/1"><p>Yes.</p>'
           '</speech></publicwhip>')
    t = read_transcript(write(tmp_path, "x.xml", xml))
    assert [r for _, r, _, _ in spoken(t)] == ["interviewer", "respondent"]

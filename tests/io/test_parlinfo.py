"""The Parliament of Australia's Hansard XML from ParlInfo (``<hansard>``), schemas 2.0/2.1 and 2.2.

The fixtures follow the files ParlInfo publishes, as kept in OpenAustralia's parser tests
(openaustralia/openaustralia-parser: ``spec/fixtures/duplicate-times.xml``, a House sitting in schema 2.2
with a question, an answer, a printed interjection, a Speaker's continuation and ``<continue>``
talkers; ``spec/fixtures/bad-dates.xml``, a Senate sitting in 2.2 with the President's continuation and
a paragraph in italics; its 2.0/2.1 tests of ``<talk.start><talker>`` with ``<name role="display">``,
``<role>``, an empty ``<interjection>``, a ``<continue>`` naming the speaker by ``name.id``, and a
division with ``<division.data>`` and the Speaker's casting vote). The words are shortened.
"""

from __future__ import annotations

import pytest

from researchkit.errors import CODES, TranscriptError
from researchkit.io import read_corpus, read_transcript, skip_reason

BODY = '<body background="" style="" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'

HOUSE_22 = f"""<?xml version="1.0" encoding="UTF-8"?>
<hansard xsi:noNamespaceSchemaLocation="../../hansard.xsd" version="2.2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <session.header>
    <date>2013-06-26</date>
    <parliament.no>43</parliament.no>
    <session.no>1</session.no>
    <period.no>9</period.no>
    <chamber>House of Reps</chamber>
    <page.no>0</page.no>
    <proof>0</proof>
  </session.header>
  <chamber.xscript>
    <business.start>
      {BODY}
        <p class="HPS-SODJobDate"><span class="HPS-SODJobDate"><span style="font-weight:bold;" /><a href="Chamber" type="">Wednesday, 26 June 2013</a></span></p>
        <p class="HPS-Normal"><span class="HPS-Normal"><span style="font-weight:bold;">The SPEAKER (Ms Anna Burke) </span>took the chair at 09:00 and read prayers.</span></p>
      </body>
    </business.start>
    <debate>
      <debateinfo>
        <title>QUESTIONS WITHOUT NOTICE</title>
        <page.no>7130</page.no>
        <type>QUESTIONS WITHOUT NOTICE</type>
      </debateinfo>
      <debate.text>
        {BODY}
          <p class="HPS-Debate"><span class="HPS-Debate">QUESTIONS WITHOUT NOTICE</span></p>
        </body>
      </debate.text>
      <subdebate.1>
        <subdebateinfo>
          <title>Carbon Pricing</title>
          <page.no>7130</page.no>
        </subdebateinfo>
        <subdebate.text>
          {BODY}
            <p class="HPS-SubDebate"><span class="HPS-SubDebate">Carbon Pricing</span></p>
          </body>
        </subdebate.text>
        <question>
          <talk.start>
            <talker>
              <page.no>7131</page.no>
              <time.stamp />
              <name role="metadata">Abbott, Tony, MP</name>
              <name.id>EZ5</name.id>
              <electorate>Warringah</electorate>
              <party>LP</party>
              <in.gov />
              <first.speech />
            </talker>
          </talk.start>
          <talk.text>
            {BODY}
              <p class="HPS-Normal" style="direction:ltr;unicode-bidi:normal;">
                <span class="HPS-Normal">
                  <a href="EZ5" type="MemberQuestion">
                    <span class="HPS-MemberQuestion">Mr ABBOTT</span>
                  </a> (<span class="HPS-Electorate">Warringah</span>—<span class="HPS-MinisterialTitles">Leader of the Opposition</span>) (<span class="HPS-Time">14:08</span>):  Speaker, I have a supplementary question.</span>
              </p>
            </body>
          </talk.text>
        </question>
        <answer>
          <talk.start>
            <talker>
              <page.no>7131</page.no>
              <time.stamp />
              <name role="metadata">Gillard, Julia, MP</name>
              <name.id>83L</name.id>
              <electorate>Lalor</electorate>
              <party>ALP</party>
              <in.gov />
              <first.speech />
            </talker>
          </talk.start>
          <talk.text>
            {BODY}
              <p class="HPS-Normal"><span class="HPS-Normal"><a href="83L" type="MemberAnswer"><span class="HPS-MemberAnswer">Ms GILLARD</span></a> (<span class="HPS-Electorate">Lalor</span>—<span class="HPS-MinisterialTitles">Prime Minister</span>) (<span class="HPS-Time">14:09</span>):  Back to our old favourite.</span></p>
              <p class="HPS-Normal"><span class="HPS-Normal">He is always reduced to this.</span></p>
              <p class="HPS-Normal"><span class="HPS-Normal"><span class="HPS-MemberIInterjecting">Mrs Bronwyn Bishop interjecting</span>—</span></p>
              <p class="HPS-Normal"><span class="HPS-Normal"><a href="10000" type="OfficeContinuation"><span class="HPS-OfficeContinuation">The SPEAKER:</span></a>  Order! The member for Mackellar will desist.</span></p>
              <p class="HPS-Normal"><span class="HPS-Normal"><a href="83L" type="MemberContinuation"><span class="HPS-MemberContinuation">Ms GILLARD:</span></a>  The law of this country is stable— <span style="font-style:italic;">(Time expired)</span></span></p>
              <p class="HPS-Normal"><span class="HPS-Normal"><span style="font-style:italic;" /><span style="font-style:italic;">Honourable members having stood in their places—</span></span></p>
            </body>
          </talk.text>
          <continue>
            <talk.start>
              <talker>
                <page.no>7131</page.no>
                <time.stamp />
                <name role="metadata">SPEAKER, The</name>
                <name.id>10000</name.id>
                <electorate />
                <party />
              </talker>
            </talk.start>
            <talk.text>
            </talk.text>
          </continue>
        </answer>
      </subdebate.1>
    </debate>
  </chamber.xscript>
</hansard>
"""

SENATE_21 = """<?xml version="1.0" encoding="UTF-8"?>
<hansard xsi:noNamespaceSchemaLocation="../../hansard.xsd" version="2.1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <session.header>
    <date>2008-09-25</date>
    <parliament.no>42</parliament.no>
    <session.no>1</session.no>
    <period.no>3</period.no>
    <chamber>SENATE</chamber>
    <page.no>0</page.no>
    <proof>1</proof>
  </session.header>
  <chamber.xscript>
    <business.start>
      <day.start>2008-09-25</day.start>
      <para>The PRESIDENT (Senator the Hon. John Hogg) took the chair at 9.30 am and read prayers.</para>
    </business.start>
    <debate>
      <debateinfo>
        <title>QUESTIONS WITHOUT NOTICE</title>
        <page.no>5610</page.no>
        <type>Questions Without Notice</type>
      </debateinfo>
      <subdebate.1>
        <subdebateinfo>
          <title>Economy</title>
          <page.no>5610</page.no>
        </subdebateinfo>
        <question>
          <talk.start>
            <talker>
              <page.no>5610</page.no>
              <time.stamp>14:00:00</time.stamp>
              <name role="metadata">Minchin, Sen Nick</name>
              <name role="display">Senator MINCHIN</name>
              <name.id>YE4</name.id>
              <electorate>SA</electorate>
              <party>LP</party>
              <in.gov>0</in.gov>
              <first.speech>0</first.speech>
            </talker>
            <para>—My question is to the Minister representing the Treasurer.</para>
          </talk.start>
          <para>Will the minister confirm the forecast?</para>
        </question>
        <answer>
          <talk.start>
            <talker>
              <page.no>5610</page.no>
              <time.stamp>14:01:00</time.stamp>
              <name role="metadata">Sherry, Sen Nick</name>
              <name role="display">Senator SHERRY</name>
              <name.id>1K6</name.id>
              <electorate>TAS</electorate>
              <party>ALP</party>
              <role>Assistant Treasurer</role>
              <in.gov>1</in.gov>
            </talker>
            <para>—I thank Senator Minchin for the question.</para>
          </talk.start>
          <interjection>
            <talk.start>
              <talker>
                <name.id>YE4</name.id>
                <name role="metadata">Minchin, Sen Nick</name>
                <name role="display"></name>
              </talker>
            </talk.start>
          </interjection>
          <interjection>
            <talk.start>
              <talker>
                <name.id>10000</name.id>
                <name role="metadata">PRESIDENT, The</name>
                <name role="display">The PRESIDENT</name>
              </talker>
              <para>—Order! Senator Minchin, you have asked your question.</para>
            </talk.start>
          </interjection>
          <continue>
            <talk.start>
              <talker>
                <name.id>1K6</name.id>
                <name role="display">Senator SHERRY</name>
              </talker>
              <para>—As I was saying, the forecast stands.</para>
            </talk.start>
          </continue>
        </answer>
      </subdebate.1>
    </debate>
    <debate>
      <debateinfo>
        <title>MATTERS OF PUBLIC IMPORTANCE</title>
      </debateinfo>
      <para class="italic">Question put.</para>
      <division>
        <division.header>
          <time.stamp>16:13:00</time.stamp>
          <para>The Senate divided. [16:13]</para>
        </division.header>
        <para>(The President—Senator the Hon. John Hogg)</para>
        <division.data>
          <ayes>
            <num.votes>2</num.votes>
            <title>AYES</title>
            <names>
              <name>Bloggs, J.*</name>
              <name>Smith, H.</name>
            </names>
          </ayes>
          <noes>
            <num.votes>1</num.votes>
            <title>NOES</title>
            <names>
              <name>Doe, J.*</name>
            </names>
          </noes>
        </division.data>
        <para>* denotes teller</para>
        <division.result>
          <para>Question agreed to.</para>
        </division.result>
      </division>
    </debate>
  </chamber.xscript>
</hansard>
"""


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def spoken(t):
    return [(turn.speaker, turn.role, turn.timestamp, t.turn_text(turn)) for turn in t.turns if turn.speaker]


def nobodys(t, printed: str) -> bool:
    assert printed in t.text.split("\n"), printed
    start = t.text.index(printed)
    return all(turn.speaker == "" and turn.role == "other" for turn in t.turns if turn.start <= start < turn.end)


def test_schema_22_question_time_the_member_asks_the_minister_answers(tmp_path):
    t = read_transcript(write(tmp_path, "2013-06-26.xml", HOUSE_22))
    assert t.source.format == "parlinfo"
    assert spoken(t) == [
        ("Mr ABBOTT", "interviewer", 14 * 3600 + 8 * 60.0, "Speaker, I have a supplementary question."),
        ("Ms GILLARD", "respondent", 14 * 3600 + 9 * 60.0, "Back to our old favourite.\nHe is always reduced to this."),
        ("The SPEAKER", "interviewer", None, "Order! The member for Mackellar will desist."),
        ("Ms GILLARD", "respondent", None, "The law of this country is stable— (Time expired)"),
    ]
    for turn in t.turns:
        assert t.text[turn.start : turn.end] == t.turn_text(turn)


def test_schema_22_titles_once_interjections_and_italics_are_nobodys(tmp_path):
    t = read_transcript(write(tmp_path, "2013-06-26.xml", HOUSE_22))
    for printed in ("Wednesday, 26 June 2013", "The SPEAKER (Ms Anna Burke) took the chair at 09:00 and read prayers.",
                    "QUESTIONS WITHOUT NOTICE", "Carbon Pricing", "Mrs Bronwyn Bishop interjecting—",
                    "Honourable members having stood in their places—"):
        assert nobodys(t, printed)
    assert t.text.count("QUESTIONS WITHOUT NOTICE") == 1 and t.text.count("Carbon Pricing") == 1


def test_schema_22_attributes_qualifiers_and_ids(tmp_path):
    t = read_transcript(write(tmp_path, "2013-06-26.xml", HOUSE_22))
    a = t.attributes
    assert (a["date"], a["chamber"], a["parliament"], a["session"], a["period"], a["proof"], a["schema_version"]) == (
        "2013-06-26", "House of Reps", "43", "1", "9", "0", "2.2")
    assert a["speaker_qualifiers"] == "Mr ABBOTT: Warringah, LP, Leader of the Opposition; Ms GILLARD: Lalor, ALP, Prime Minister"
    assert a["speaker_ids"] == "Mr ABBOTT: EZ5; Ms GILLARD: 83L; The SPEAKER: 10000"
    assert not any("proof" in note for note in t.notes)


def test_schema_21_talkers_continuations_by_id_and_the_presidents_interjection(tmp_path):
    t = read_transcript(write(tmp_path, "2008-09-25.xml", SENATE_21))
    assert spoken(t) == [
        ("Senator MINCHIN", "interviewer", 14 * 3600.0,
         "My question is to the Minister representing the Treasurer.\nWill the minister confirm the forecast?"),
        ("Senator SHERRY", "respondent", 14 * 3600 + 60.0, "I thank Senator Minchin for the question."),
        ("The PRESIDENT", "interviewer", None, "Order! Senator Minchin, you have asked your question."),
        ("Senator SHERRY", "respondent", None, "As I was saying, the forecast stands."),
    ]
    a = t.attributes
    assert (a["date"], a["chamber"], a["proof"], a["schema_version"]) == ("2008-09-25", "SENATE", "1", "2.1")
    assert a["speaker_qualifiers"] == "Senator MINCHIN: SA, LP; Senator SHERRY: TAS, ALP, Assistant Treasurer"
    assert any("<proof>1</proof>" in note for note in t.notes)


def test_schema_21_divisions_and_procedure_are_nobodys(tmp_path):
    t = read_transcript(write(tmp_path, "2008-09-25.xml", SENATE_21))
    for printed in ("The PRESIDENT (Senator the Hon. John Hogg) took the chair at 9.30 am and read prayers.", "Economy",
                    "MATTERS OF PUBLIC IMPORTANCE", "Question put.", "The Senate divided. [16:13]",
                    "(The President—Senator the Hon. John Hogg)", "AYES (2): Bloggs, J.*; Smith, H.", "NOES (1): Doe, J.*",
                    "* denotes teller", "Question agreed to."):
        assert nobodys(t, printed)
    assert "2008-09-25" not in t.text  # <day.start> is the date, an attribute


def test_labels_override_the_roles_read_from_the_file(tmp_path):
    t = read_transcript(write(tmp_path, "2013-06-26.xml", HOUSE_22), labels={"Mr ABBOTT": "respondent"})
    assert {turn.speaker: turn.role for turn in t.turns if turn.speaker}["Mr ABBOTT"] == "respondent"


def test_a_folder_reads_parlinfo_and_canadian_hansard_apart(tmp_path):
    write(tmp_path, "2013-06-26.xml", HOUSE_22)
    write(tmp_path, "2008-09-25.xml", SENATE_21)
    write(tmp_path, "HAN001-E.xml", "<Hansard><HansardBody><Intervention><PersonSpeaking><Affiliation>The Speaker</Affiliation>"
                                    "</PersonSpeaking><Content><ParaText>Order.</ParaText></Content></Intervention></HansardBody></Hansard>")
    assert skip_reason(tmp_path / "2013-06-26.xml") is None
    corpus = read_corpus(tmp_path)
    assert sorted(t.source.format for t in corpus) == ["hansardxml", "parlinfo", "parlinfo"]


@pytest.mark.parametrize("body, code, where, shown", [
    ("\n<session.header><date>2013-06-26</date></session.header>", "RK155", "line 1, <hansard>", "no <chamber.xscript>"),
    ("\n<chamber.xscript>\n<debate><debateinfo><title>PETITIONS</title></debateinfo></debate></chamber.xscript>", "RK153",
     "line 2, <chamber.xscript>", "nothing is spoken"),
])
def test_malformed_files_name_the_line_element_and_value(tmp_path, body, code, where, shown):
    path = write(tmp_path, "bad.xml", f"<hansard version='2.1'>{body}</hansard>")
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    message = str(err.value)
    assert err.value.code == code and code in CODES
    assert "bad.xml" in message and where in message and shown in message and "What to do" in message


def test_a_time_that_is_no_clock_time_is_left_out_the_turn_kept_and_noted(tmp_path):
    xml = ("<hansard version='2.1'><chamber.xscript><speech><talk.start><talker>\n<time.stamp>25:70:00</time.stamp>"
           "<name.id>X1</name.id><name role='display'>Mr X</name></talker><para>Words.</para></talk.start></speech>"
           "<speech><talk.start><talker><time.stamp>14:08:00</time.stamp><name.id>Y1</name.id><name role='display'>Ms Y"
           "</name></talker><para>More.</para></talk.start></speech>\n<speech><talk.text><body>\n<p><a href='Z1' "
           "type='MemberSpeech'>Mr Z</a> (Lalor) (14:75): Last words.</p></body></talk.text></speech>"
           "</chamber.xscript></hansard>")
    t = read_transcript(write(tmp_path, "bad.xml", xml))
    assert spoken(t) == [("Mr X", "respondent", None, "Words."), ("Ms Y", "respondent", 50880.0, "More."),
                         ("Mr Z", "respondent", None, "Last words.")]
    note = next(n for n in t.notes if "no clock time" in n)
    assert note.startswith("bad.xml: 2 time(s)")
    assert "line 2, <time.stamp> '25:70:00'" in note and "line 4, <p> '(14:75)'" in note


def test_a_hansard_root_in_a_namespace_is_no_known_layout(tmp_path):
    with pytest.raises(TranscriptError) as err:
        read_transcript(write(tmp_path, "other.xml", '<hansard xmlns="urn:example"><chamber.xscript/></hansard>'))
    assert err.value.code == "RK122"


def test_unknown_elements_keep_their_words_and_are_noted(tmp_path):
    xml = ("<hansard version='2.1'><chamber.xscript><speech><talk.start><talker><name.id>X1</name.id>"
           "<name role='display'>Mr KATTER</name></talker><para>—I move:</para></talk.start>"
           "<motion><para>That the House notes the drought.</para></motion><aside>An aside.</aside></speech>"
           "<motionnospeech><name>Mr BILLSON</name><inline>to move:</inline></motionnospeech></chamber.xscript></hansard>")
    t = read_transcript(write(tmp_path, "x.xml", xml))
    assert spoken(t) == [("Mr KATTER", "respondent", None, "I move:\nThat the House notes the drought.\nAn aside.")]
    assert "Mr BILLSON to move:" in t.text
    assert any("<aside> (1)" in n and "<motionnospeech> (1)" in n for n in t.notes)

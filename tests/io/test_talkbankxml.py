"""TalkBank XML (``<CHAT>`` in TalkBank's namespace), as CLAN's chat2xml and ``chatter`` write it.

The fixture follows TalkBank's reference XML (``TalkBank/talkbank-tools``, ``corpus/reference-xml``): the
indented ``<participant>`` attributes, ``<comment type="Generic">`` headers, ``<pause symbolic-length>``,
``<e><happening>``, retracing groups with ``<k>`` and a ``<replacement>`` inside the word, ``<mor>`` inside
words and terminators, ``<tagMarker>``, ``<media start end unit="s"/>`` and ``<a type>`` tiers with media inside.
"""

from __future__ import annotations

import pytest

from researchkit.errors import CODES, TranscriptError
from researchkit.io import read_transcript, skip_reason

NS = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://www.talkbank.org/ns/talkbank"'

PITT = f"""<?xml version="1.0" encoding="UTF-8"?>

<CHAT {NS}
      xsi:schemaLocation="http://www.talkbank.org/ns/talkbank https://talkbank.org/software/talkbank.xsd"
      Media="002-0" Mediatypes="audio"
      Version="3.2.3"
      Lang="eng"
      Corpus="Pitt"
      Date="1984-01-01"
      >
  <Participants>
    <participant
      id="PAR"
      role="Participant"
      language="eng"
      age="P57Y"
      sex="female"
      group="Control"

    />
    <participant
      id="INV"
      name="Ann_Lee"
      role="Investigator"
      language="eng"

    />
  </Participants>
  <comment type="Situation">Cookie Theft picture description</comment>
  <begin-gem label="cookie"/>
  <u who="INV" uID="u0">
    <w>tell</w>
    <w>me</w>
    <w>what</w>
    <w>happens</w>
    <t type="p"></t>
    <media
      start="1.2"
      end="2.25"
      unit="s"
    />
  </u>
  <u who="PAR" uID="u1">
    <g><w>the</w>
    <w>boy</w><k type="retracing"/></g>
    <w>the</w>
    <w>boy</w>
    <pause symbolic-length="simple"></pause>
    <w type="filler">uh</w>
    <g><w formType="UNIBET">tika<replacement><w>kitty</w></replacement></w><error>p:n</error><k type="retracing with correction"/></g>
    <w>is<mor type="mor"><mw><pos><c>aux</c></pos><stem>be</stem></mw><gra type="gra" index="1" head="2" relation="AUX"/></mor></w>
    <w>climbing<mor type="mor"><mw><pos><c>verb</c></pos><stem>climb</stem></mw></mor></w>
    <tagMarker type="comma"></tagMarker>
    <e><happening>laughs</happening></e>
    <w type="omission">the</w>
    <w>cook<wk type="cmp"/>ie</w>
    <w>jar</w>
    <pause symbolic-length="simple" length="2.5"></pause>
    <t type="trail off"><mor type="mor"><mt type="p"/></mor></t>
    <media start="2.3" end="9.9" unit="s"/>
    <a type="comments">points at the picture <media start="3" end="4" unit="s"/></a>
  </u>
  <comment type="Generic">tape change</comment>
  <u who="PAR" uID="u2">
    <w>and</w>
    <g><w>the</w><w>mother</w><overlap type="overlap follows"/></g>
    <t type="q"></t>
    <media start="10000" end="12000" unit="ms"/>
  </u>
  <u who="XYZ" uID="u3">
    <w untranscribed="unintelligible">xxx</w>
    <t type="p"></t>
  </u>
  <end-gem label="cookie"/>
</CHAT>"""


def _read(tmp_path, xml, name="002-0.xml"):
    path = tmp_path / name
    path.write_text(xml, encoding="utf-8")
    return read_transcript(path)


def test_talkbank_xml_lines_speakers_roles_times_and_notes(tmp_path):
    t = _read(tmp_path, PITT)
    assert t.source.format == "talkbank-xml"
    assert t.text == ("Ann Lee: tell me what happens .\n"
                      "Participant: <the boy> [/] the boy (.) &-uh tika@u [: kitty] [* p:n] [//] is climbing , &=laughs 0the "
                      "cook+ie jar (2.5) +...\n"
                      "and <the mother> [>] ?\n"
                      "XYZ: xxx .")
    turns = [(turn.speaker, turn.role, turn.timestamp, t.text[turn.start : turn.end].split("\n")[0][:12]) for turn in t.turns]
    assert turns == [("Ann Lee", "interviewer", 1.2, "tell me what"), ("Participant", "respondent", 2.3, "<the boy> [/"),
                     ("XYZ", "other", None, "xxx .")]
    assert t.attributes["corpus"] == "Pitt" and t.attributes["media"] == "002-0" and t.attributes["media_type"] == "audio"
    assert t.attributes["date"] == "1984-01-01" and t.attributes["situation"] == "Cookie Theft picture description"
    assert t.attributes["gems"] == "cookie"
    assert t.attributes["participants"] == "PAR: Participant, P57Y, female, Control; INV: Ann_Lee, Investigator"
    assert t.attributes["sex"] == "female" and t.attributes["age"] == "P57Y"
    notes = " | ".join(t.notes)
    assert "read as TalkBank XML: 4 utterance(s) of 3 speaker(s)" in notes and "2 with a media time" not in notes
    assert "3 with a media time" in notes
    assert "the morphology tiers (%mor, %gra) of 3 word(s) and terminator(s)" in notes
    assert "dependent tiers are not speech and are left out of the text: %comments 1" in notes
    assert "speaker code(s) no <participant> declares: XYZ" in notes
    assert "1 comment(s) between the utterances, left out of the text: line 63 Generic 'tape change'" in notes
    assert "2 gem marker(s)" in notes


def test_second_utterance_time_in_milliseconds(tmp_path):
    t = _read(tmp_path, PITT)
    participant = t.turns[1]
    assert participant.timestamp == 2.3  # the turn's first utterance; the next one's <media unit="ms"> is 10 s
    assert "10000" not in t.text


def test_labels_by_code_or_label(tmp_path):
    path = tmp_path / "002-0.xml"
    path.write_text(PITT, encoding="utf-8")
    t = read_transcript(path, labels={"XYZ": "respondent", "Ann Lee": "other"})
    assert [turn.role for turn in t.turns] == ["other", "respondent", "respondent"]


@pytest.mark.parametrize("xml, words", [
    (f'<CHAT {NS}><Participants><participant id="CHI" role="Target_Child"/></Participants></CHAT>', "has no <u> utterances"),
    (f'<CHAT {NS}><u uID="u0"><w>hi</w><t type="p"/></u></CHAT>', "has no speaker (who)"),
    (f'<CHAT {NS}><u who="CHI"><w>hi</w><t type="p"/><media start="1,5" end="2" unit="s"/></u></CHAT>', "'1,5', not a time"),
    (f'<CHAT {NS}><u who="CHI"><w>hi</w><t type="p"/><media start="-4" end="2" unit="s"/></u></CHAT>', "'-4', not a time"),
])
def test_damaged_talkbank_xml_is_rk129(tmp_path, xml, words):
    with pytest.raises(TranscriptError) as err:
        _read(tmp_path, xml, "bad.xml")
    assert err.value.code == "RK129" and words in str(err.value) and "bad.xml" in str(err.value) and "line 1" in str(err.value)


def test_no_words_is_rk104_and_other_namespaces_are_not_talkbank(tmp_path):
    with pytest.raises(TranscriptError) as err:
        _read(tmp_path, f'<CHAT {NS}><u who="CHI"><media start="1" end="2" unit="s"/></u></CHAT>', "empty.xml")
    assert err.value.code == "RK104"
    path = tmp_path / "chat.xml"
    path.write_text('<CHAT xmlns="urn:example:chat-log"><message>hi</message></CHAT>', encoding="utf-8")
    assert skip_reason(path) == "XML without a transcript layout (root <CHAT>)"
    with pytest.raises(TranscriptError) as err:
        _read(tmp_path, f'<CHAT {NS}><u who="CHI"><w>hi</w></CHAT>', "cut.xml")
    assert err.value.code == "RK121" and "cut.xml" in str(err.value)


def test_the_code_is_in_the_catalogue():
    assert "RK129" in CODES and "RK121" in CODES

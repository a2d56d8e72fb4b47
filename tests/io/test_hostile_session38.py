"""Hostile input for the readers added in session 38 (Canadian, UK and Australian Hansard XML, the DOCTYPE of
character entities, UTF-8 with stray cp1252 bytes, corpus tables): each case pins a problem the fuzz sweep found,
or an input the new code must stand.

No wall-clock assertions: a blow-up is pinned by counting the work done or by the result.
"""

from __future__ import annotations

import pytest

from researchkit.errors import TranscriptError
from researchkit.io import read_transcript
from researchkit.io.charentities import resolve_character_entities
from researchkit.io.xmlsafe import parse_xml

DOCTYPE = b'<!DOCTYPE publicwhip\n[\n<!ENTITY mdash "&#8212;">\n<!ENTITY pound "&#163;">\n]>\n'
SPEECH = (b'<publicwhip>\n<speech id="uk.org.publicwhip/debate/2009-10-26a.5.0" speakername="Mr. Speaker">'
          b'<p>Order &mdash; &pound;5.</p></speech>\n</publicwhip>\n')


def _entities_refused(data: bytes) -> None:
    with pytest.raises(TranscriptError, match=r"RK121.*declares its own XML entities"):
        parse_xml("x.xml", data)


def test_a_doctype_of_character_entities_before_another_root_is_refused():
    """The DOCTYPE is read for <publicwhip> only: before <Trans> (or an ELAN file) it is refused as any other."""
    _entities_refused(b'<!DOCTYPE publicwhip [<!ENTITY mdash "&#8212;">]><Trans>a&mdash;b</Trans>')
    _entities_refused(b'<!DOCTYPE publicwhip [<!ENTITY mdash "&#8212;">]><publicwhipx>a</publicwhipx>')
    # a second DOCTYPE (one naming an external DTD) between it and the root is no root
    _entities_refused(b'<!DOCTYPE publicwhip [<!ENTITY a "&#65;">]><!DOCTYPE publicwhip SYSTEM "http://x/y.dtd">'
                      b'<publicwhip>&a;</publicwhip>')


def test_comments_and_processing_instructions_may_come_before_the_root():
    data = b'<!DOCTYPE publicwhip [<!ENTITY a "&#65;">]>\n<!-- made by ParlParse --><?pi x?>\n<publicwhip>&a;</publicwhip>'
    assert parse_xml("x.xml", data).text == "A"


@pytest.mark.parametrize("subset", [
    b'<!ENTITY a "text">', b'<!ENTITY % a "&#65;">', b'<!ENTITY a SYSTEM "file:///etc/passwd">',
    b'<!ENTITY a "&#65;"><!ENTITY b "&a;&a;&a;&a;">', b'<!ENTITY a "&#65;"><!-- c -->', b'<!ENTITY a "&#65;"><!ELEMENT a ANY>',
    b'<!ENTITY a "&#65;&#65;">', b'<!ENTITY a PUBLIC "-//x//y" "http://x/y">',
])
def test_any_other_declaration_in_the_subset_is_refused(subset):
    _entities_refused(b"<!DOCTYPE publicwhip [" + subset + b"]><publicwhip>&a;</publicwhip>")


def test_billion_laughs_and_quadratic_blowup_are_refused_before_parsing():
    laughs = b'<!ENTITY a "&#65;">' + b"".join(b'<!ENTITY %c "%s">' % (98 + i, (b"&%c;" % (97 + i)) * 10) for i in range(9))
    _entities_refused(b"<!DOCTYPE publicwhip [" + laughs + b"]><publicwhip>&j;</publicwhip>")
    blowup = b'<!ENTITY a "' + b"x" * 50_000 + b'">'
    _entities_refused(b"<!DOCTYPE publicwhip [" + blowup + b"]><publicwhip>" + b"&a;" * 50_000 + b"</publicwhip>")


def test_the_first_declaration_of_a_name_binds_as_in_xml():
    data = b'<!DOCTYPE publicwhip [<!ENTITY a "&#65;"><!ENTITY a "&#66;">]><publicwhip>&a;</publicwhip>'
    assert parse_xml("x.xml", data).text == "A"


@pytest.mark.parametrize("name", ["lt", "amp", "gt", "quot", "apos"])
def test_xmls_own_entities_keep_their_meaning(name):
    """``<!ENTITY lt "&#65;">`` made every ``&lt;`` an ``A``."""
    data = b'<!DOCTYPE publicwhip [<!ENTITY %s "&#65;">]><publicwhip>&%s;</publicwhip>' % (name.encode(), name.encode())
    assert parse_xml("x.xml", data).text == {"lt": "<", "amp": "&", "gt": ">", "quot": '"', "apos": "'"}[name]


def test_a_cdata_section_keeps_its_entity_names_as_text():
    data = b'<!DOCTYPE publicwhip [<!ENTITY a "&#65;">]><publicwhip>&a;<![CDATA[&a; ]]]]>&a;</publicwhip>'
    assert parse_xml("x.xml", data).text == "A&a; ]]A"


def test_an_unclosed_cdata_section_is_malformed_xml_and_read_once():
    data = b'<!DOCTYPE publicwhip [<!ENTITY a "&#65;">]><publicwhip>' + b"<![CDATA[&a;" * 20_000
    assert resolve_character_entities(data).endswith(b"<![CDATA[&a;")
    with pytest.raises(TranscriptError, match="RK121.*not well-formed"):
        parse_xml("x.xml", data)


@pytest.mark.parametrize("prologue", [b"", b"\xef\xbb\xbf", b'<?xml version="1.0" encoding="ISO-8859-1"?>\n',
                                      b'\n\n<?xml version="1.0" encoding="ISO-8859-1"?>\n', b"\r\n\r\n"])
def test_line_numbers_in_errors_stay_the_files(prologue, tmp_path):
    """The DOCTYPE's line ends were put back, then stripped with the white space before the root when the DOCTYPE
    came first; blank lines before an XML declaration shifted every line number up too."""
    data = prologue + DOCTYPE.replace(b"\n", b"\r\n" if b"\r" in prologue else b"\n") + b"<publicwhip>\n<speech>\n<p>a</b>\n"
    broken = data.count(b"\n")  # the </b> is on the last line
    path = tmp_path / "debates2009-10-26a.xml"
    path.write_bytes(data)
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert f"line {broken}:" in str(err.value) and f"p line {broken}" in str(err.value)


def test_elements_keep_the_files_line_numbers_after_a_doctype_first(tmp_path):
    path = tmp_path / "debates2009-10-26a.xml"
    path.write_bytes(b"\n" + DOCTYPE + SPEECH)
    root = parse_xml(path, path.read_bytes())
    assert root.sourceline == 7 and root[0].sourceline == 8
    t = read_transcript(path)
    assert t.text == "Mr. Speaker: Order \u2014 \u00a35."


PUBLICWHIP = (b'<publicwhip>\n<speech id="uk.org.publicwhip/debate/2009-10-26a.5.0" speakername="Mr. Speaker">'
              b'<p>Order.</p></speech> said loudly\n'
              b'<division divnumber="5">Ayes first<divisioncount ayes="1" noes="0">one</divisioncount>'
              b'<mplist vote="aye">Listed:<mpname vote="aye">Abbott, Diane</mpname> and more</mplist></division>\n'
              b'<gidredirect oldgid="a" newgid="b">moved</gidredirect>\n'
              b'<speech speakername="Tony Baldry"><table><tr><td>1</td> x <td>2</td></tr> y </table></speech>\n</publicwhip>\n')


def test_publicwhip_words_outside_the_elements_read_are_named_in_a_note(tmp_path):
    """Text after a </speech>, in a <division> or its lists, in a <gidredirect>, between table cells: was dropped."""
    path = tmp_path / "debates2009-10-26a.xml"
    path.write_bytes(PUBLICWHIP)
    t = read_transcript(path)
    assert "Abbott, Diane" in t.text and "1 | 2" in t.text
    note = next(n for n in t.notes if n.startswith("text outside the elements this reader reads"))
    for words in ("said loudly", "Ayes first", "one", "Listed:", "and more", "moved", "'x'", "'y'"):
        assert words in note, words
    assert "line 2, <publicwhip>: 'said loudly'" in note


HANSARD = ('<?xml version="1.0" encoding="UTF-8"?>\n<Hansard>stray at the top<DocumentTitle><DocumentName>Debates'
           '</DocumentName> title tail</DocumentTitle>\n<HansardBody>body text<Intervention><PersonSpeaking>before'
           '<Affiliation Type="1">The Speaker</Affiliation> (Chair)<B>bold name</B></PersonSpeaking><Content><ParaText>'
           'Order.</ParaText></Content></Intervention>\n<Division>Division text<DivisionType>type text<Type>Yeas</Type>'
           ' after type<Affiliation>Smith</Affiliation></DivisionType></Division></HansardBody></Hansard>\n')


def test_hansard_words_outside_the_elements_read_are_named_in_a_note_or_read(tmp_path):
    path = tmp_path / "debate.xml"
    path.write_text(HANSARD, encoding="utf-8")
    t = read_transcript(path)
    assert "body text" in t.text and "The Speaker: Order." in t.text and "Smith" in t.text
    note = next(n for n in t.notes if n.startswith("text outside the elements this reader reads"))
    for words in ("stray at the top", "title tail", "before", "bold name", "Division text", "type text", "after type"):
        assert words in note, words
    assert "(Chair)" not in note  # the note after the name is the speaker's qualifier, read


@pytest.mark.parametrize("seed", ["publicwhip", "hansard"])
def test_well_formed_files_without_stray_text_get_no_such_note(tmp_path, seed):
    path = tmp_path / "debates2009-10-26a.xml"
    path.write_bytes(DOCTYPE + SPEECH if seed == "publicwhip" else
                     b'<Hansard><HansardBody><Intervention><PersonSpeaking><Affiliation>The Speaker</Affiliation>'
                     b'</PersonSpeaking><Content><ParaText>Order.</ParaText></Content></Intervention></HansardBody></Hansard>')
    assert not [n for n in read_transcript(path).notes if n.startswith("text outside")]


PARLINFO = ('<hansard version="2.1">stray at the top<session.header><date>2008-09-25</date><page.no>12 a</page.no>'
            '</session.header>\n<chamber.xscript><debate>in the debate<debateinfo><title>PETITIONS</title><type>Petitions</type>'
            '</debateinfo>\n<speech><talk.start><talker><name.id>X1</name.id><name role="metadata">Katter, Bob, MP</name>'
            '<name role="display">Mr KATTER</name><in.gov>yes</in.gov></talker><para>—Words.</para></talk.start>'
            '</speech> after the speech\n</debate></chamber.xscript></hansard>')


def test_parlinfo_words_outside_the_elements_read_are_named_in_a_note(tmp_path):
    path = tmp_path / "2008-09-25.xml"
    path.write_text(PARLINFO, encoding="utf-8")
    t = read_transcript(path)
    assert "Words." in t.text and "PETITIONS" in t.text
    note = next(n for n in t.notes if n.startswith("text outside the elements this reader reads"))
    for words in ("line 1, <hansard>: 'stray at the top'", "<page.no>: '12 a'", "line 2, <debate>: 'in the debate'",
                  "<in.gov>: 'yes'", "line 3, <debate>: 'after the speech'"):
        assert words in note, words
    assert (t.attributes["debate_types"], t.attributes["speaker_other_names"]) == ("Petitions", "Mr KATTER: Katter, Bob, MP")


def test_hansard_keeps_every_distinct_note_of_a_speaker_and_the_items_it_does_not_map(tmp_path):
    path = tmp_path / "debate.xml"
    path.write_text('<Hansard><ExtractedInformation><ExtractedItem Name="MetaCreationTime">2023-09-21</ExtractedItem>'
                    '<ExtractedItem Name="ParliamentNumber">44</ExtractedItem><ExtractedItem Name="ParliamentNumber">45'
                    '</ExtractedItem></ExtractedInformation><HansardBody>'
                    '<Intervention><PersonSpeaking><Affiliation>Mr. Smith (Calgary, CPC)</Affiliation></PersonSpeaking>'
                    '<Content><ParaText>One.</ParaText></Content></Intervention>'
                    '<Intervention><PersonSpeaking><Affiliation>Mr. Smith (Minister of Finance)</Affiliation></PersonSpeaking>'
                    '<Content><ParaText>Two.</ParaText></Content></Intervention>'
                    '<Intervention><PersonSpeaking><Affiliation>Mr. Smith (Calgary, CPC)</Affiliation></PersonSpeaking>'
                    '<Content><ParaText>Three.</ParaText></Content></Intervention></HansardBody></Hansard>', encoding="utf-8")
    t = read_transcript(path)
    assert t.attributes["speaker_qualifiers"] == "Mr. Smith: Calgary, CPC | Minister of Finance"
    assert t.attributes["parliament"] == "44"
    assert t.attributes["extracted_items"] == "MetaCreationTime: 2023-09-21; ParliamentNumber: 45"

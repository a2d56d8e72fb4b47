"""Hostile files for the metadata the XML readers keep since session 39.

TEI's recording/creation words and person descriptions, TTML's cue metadata, ``<br>`` words and stray text,
ELAN's controlled-vocabulary descriptions, EXMARaLDA's speaker descriptions, the BNC's ids and creation, OHMS's
several interviewers and interviewees: every word of a hostile file is in the text, an attribute or a note;
attribute values are one line (a line break in one does not survive a CSV sheet); thousands of entries are read
whole; entity tricks and deep nesting are refused with a clear error; every turn's ``text[start:end]`` is its words;
reading twice gives the same transcript.
"""

from __future__ import annotations

import pandas as pd
import pytest

from researchkit.errors import ResearchkitError, TranscriptError
from researchkit.fileio import write_csv
from researchkit.io import read_corpus, read_transcript
from researchkit.refi import read_qdpx
from researchkit.refi.model import Exchange
from researchkit.refi.writer import write_qdpx

WORD = "Zqxword"

TEI = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
 <teiHeader>
  <fileDesc><titleStmt><title>Interview Harlingen 4</title></titleStmt>
   <sourceDesc><recordingStmt><recording type="audio"><date when="2019-03-02">2 March 2019</date><equipment><p>Zoom H4n</p></equipment></recording></recordingStmt></sourceDesc>
  </fileDesc>
  <profileDesc>
   <creation><date when="2019-04-01"/>Transcribed by Bo</creation>
   <particDesc><listPerson>
    <person xml:id="A" role="interviewer"><persName>Ann de Wit</persName><note>Harbour master</note></person>
    <person xml:id="B" role="interviewee"><persName><forename>Piet</forename> <surname>Vos</surname></persName><persName>Pietje</persName><occupation>fisher</occupation></person>
    <person xml:id="C"><persName>Cor</persName><note>observer</note></person>
   </listPerson></particDesc>
  </profileDesc>
 </teiHeader>
 <text><body><u who="#A">Where were you?</u><u who="#B">In Urk, at the auction.</u></body></text>
</TEI>
"""

TTML = """<?xml version="1.0" encoding="UTF-8"?>
<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttm="http://www.w3.org/ns/ttml#metadata" xmlns:tts="http://www.w3.org/ns/ttml#styling">
 <head>
  <metadata>
   <ttm:title>Haven</ttm:title>
   <ttm:desc>An interview</ttm:desc>
   <ttm:copyright>NA</ttm:copyright>
   <ttm:agent xml:id="a1" type="person"><ttm:name type="full">Ann de Wit</ttm:name></ttm:agent>
   <ttm:agent xml:id="a2" type="person"><ttm:name type="full">Piet Vos</ttm:name></ttm:agent>
  </metadata>
  <styling><style xml:id="s1" tts:color="red"/></styling>
 </head>
 <body>
  <div>
   <p begin="1s" end="2s" ttm:agent="a1">Where?<metadata ttm:agent="a2"><ttm:desc>off camera</ttm:desc></metadata></p>
   <p begin="3s" end="4s" ttm:agent="a2">In <span>Urk.<ttm:desc>whispers</ttm:desc></span><br/>Yes.</p>
   <p begin="5s" end="6s"><metadata><ttm:desc>music</ttm:desc></metadata></p>
  </div>
 </body>
</tt>
"""

EAF = """<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="K" FORMAT="3.0" VERSION="3.0">
 <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">
  <PROPERTY NAME="Port">Urk</PROPERTY>
 </HEADER>
 <TIME_ORDER>
  <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="0"/><TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="1000"/>
  <TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="2000"/><TIME_SLOT TIME_SLOT_ID="ts4" TIME_VALUE="3000"/>
 </TIME_ORDER>
 <TIER TIER_ID="I" LINGUISTIC_TYPE_REF="ut" PARTICIPANT="Ann">
  <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2" CVE_REF="c0"><ANNOTATION_VALUE>smokkel</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
 </TIER>
 <TIER TIER_ID="R" LINGUISTIC_TYPE_REF="ut" PARTICIPANT="Piet">
  <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="ts3" TIME_SLOT_REF2="ts4" CVE_REF="e1"><ANNOTATION_VALUE>ja</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
 </TIER>
 <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="ut" TIME_ALIGNABLE="true" CONTROLLED_VOCABULARY_REF="topics"/>
 <CONTROLLED_VOCABULARY CV_ID="topics">
  <DESCRIPTION LANG_REF="eng">interview topics</DESCRIPTION>
  <CV_ENTRY_ML CVE_ID="c0"><CVE_VALUE DESCRIPTION="smuggling through the port" LANG_REF="eng">smuggling</CVE_VALUE><CVE_VALUE DESCRIPTION="smokkel via de haven" LANG_REF="nld">smokkel</CVE_VALUE></CV_ENTRY_ML>
 </CONTROLLED_VOCABULARY>
 <CONTROLLED_VOCABULARY CV_ID="yn"><CV_ENTRY CVE_ID="e1" DESCRIPTION="agrees">ja</CV_ENTRY></CONTROLLED_VOCABULARY>
</ANNOTATION_DOCUMENT>
"""

EXB = """<?xml version="1.0" encoding="UTF-8"?>
<basic-transcription>
<head>
<meta-information><project-name>Havens</project-name><transcription-name>Wahl</transcription-name>
<referenced-file url="a.wav"/><ud-meta-information><ud-information attribute-name="Haven">Delfzijl</ud-information></ud-meta-information>
<comment>meta comment</comment><transcription-convention>HIAT</transcription-convention></meta-information>
<speakertable>
<speaker id="SPK0"><abbreviation>AW</abbreviation><sex value="f"/><ud-speaker-information><ud-information attribute-name="Beruf">Moderatorin</ud-information></ud-speaker-information><comment>spricht schnell</comment></speaker>
<speaker id="SPK1"><abbreviation>GL</abbreviation><sex value="m"/><ud-speaker-information/><comment>Gast</comment></speaker>
</speakertable>
</head>
<basic-body>
<common-timeline><tli id="T0" time="0.0"/><tli id="T1" time="1.0"/><tli id="T2" time="2.0"/></common-timeline>
<tier id="TIE0" speaker="SPK0" category="v" type="t"><event start="T0" end="T1">Guten Abend. </event></tier>
<tier id="TIE1" speaker="SPK1" category="v" type="t"><event start="T1" end="T2">Danke. </event></tier>
</basic-body>
</basic-transcription>
"""

BNC = """<?xml version="1.0" encoding="UTF-8"?>
<bncDoc xml:id="KB0"><teiHeader><fileDesc><titleStmt><title>Conversation</title></titleStmt>
<publicationStmt><idno type="bnc">KB0</idno><idno type="old">XRi6SG</idno></publicationStmt></fileDesc>
<profileDesc><creation date="1992">Origination/creation date not known</creation>
<particDesc><person xml:id="PS1" role="self"><persName>Ann</persName></person><person xml:id="PS2" role="wife"/></particDesc></profileDesc>
</teiHeader><stext type="CONV"><div n="1"><u who="PS1"><s n="1"><w c5="ITJ">Hello</w><c c5="PUN">.</c></s></u>
<u who="PS2"><s n="2"><w c5="ITJ">Hi</w><c c5="PUN">.</c></s></u></div></stext></bncDoc>
"""

OHMS = """<?xml version="1.0" encoding="UTF-8"?>
<ROOT xmlns="https://www.weareavp.com/nunncenter/ohms"><record id="1" dt="2020-05-18"><title>Haven</title>
<interviewee>Piet Vos</interviewee><interviewee>Jan Bakker</interviewee><interviewer>Ann de Wit</interviewer><interviewer>Bo Smit</interviewer>
<sync>1:|3(1)</sync><transcript>WIT: Where?

VOS: In Urk.
</transcript></record></ROOT>
"""

FILES = {"tei.xml": TEI, "cues.ttml": TTML, "r05.eaf": EAF, "annewill.exb": EXB, "kb0.xml": BNC, "oh01.xml": OHMS}


def _read(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return read_transcript(path)


def _kept(t, word: str = WORD) -> bool:
    return (word in t.text or any(word in turn.speaker for turn in t.turns)
            or any(word in str(value) for value in t.attributes.values()) or any(word in note for note in t.notes))


def _one_line(t) -> bool:
    """No attribute value holds a line break, tab or other white space but the plain space."""
    return all(" ".join(str(v).split()) == str(v) for v in t.attributes.values())


# ------------------------------------------------------------------------------------- properties of every fixture

@pytest.mark.parametrize("name", sorted(FILES))
def test_offsets_one_line_attributes_and_the_same_read_twice(tmp_path, name):
    first = _read(tmp_path, name, FILES[name])
    assert first.turns and all(first.text[turn.start:turn.end] == first.text[turn.start:turn.end].strip() != ""
                               for turn in first.turns)
    assert _one_line(first)
    again = _read(tmp_path, "again-" + name, FILES[name])
    assert (again.text, again.turns, list(again.attributes.items()), again.notes) == \
           (first.text, first.turns, list(first.attributes.items()), first.notes)


@pytest.mark.parametrize(("name", "old", "new"), [
    ("tei.xml", "Harbour master", "&x;"),
    ("cues.ttml", "off camera", "&x;"),
    ("r05.eaf", 'DESCRIPTION="agrees"', 'DESCRIPTION="&x;"'),
    ("annewill.exb", "spricht schnell", "&x;"),
])
def test_an_entity_in_the_new_metadata_is_refused_with_a_clear_error(tmp_path, name, old, new):
    """An entity declared in a DOCTYPE (a billion laughs, a file read) is refused before parsing, naming the file."""
    text = FILES[name].replace(old, new, 1)
    root = {"tei.xml": "TEI", "cues.ttml": "tt", "r05.eaf": "ANNOTATION_DOCUMENT", "annewill.exb": "basic-transcription"}[name]
    text = text.replace("?>\n", f'?>\n<!DOCTYPE {root} [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n', 1)
    with pytest.raises(TranscriptError) as err:
        _read(tmp_path, name, text)
    assert name in str(err.value) and "ENTITY" in str(err.value).upper()


@pytest.mark.parametrize(("name", "old"), [("tei.xml", "Harbour master"), ("r05.eaf", "interview topics"),
                                           ("annewill.exb", "spricht schnell"), ("cues.ttml", "off camera")])
def test_metadata_nested_past_the_parsers_depth_limit_is_refused_with_its_line(tmp_path, name, old):
    text = FILES[name].replace(old, "<x>" * 300 + "deep" + "</x>" * 300, 1)
    with pytest.raises(ResearchkitError) as err:
        _read(tmp_path, name, text)
    assert name in str(err.value) and "line" in str(err.value)


# ------------------------------------------------------------------------------------------------------- TTML

@pytest.mark.parametrize(("old", "new"), [
    ("<ttm:desc>An interview</ttm:desc>", f"<ttm:desc>An interview</ttm:desc><ttm:desc>{WORD} again</ttm:desc>"),
    ("<ttm:copyright>NA</ttm:copyright>", f"<ttm:copyright>NA</ttm:copyright><ttm:item name='x'>{WORD}</ttm:item>"),
    ('<ttm:name type="full">Ann de Wit</ttm:name>', f'<ttm:name type="full">Ann de Wit</ttm:name><ttm:name>{WORD}</ttm:name>'),
    ("<div>", f"<div><metadata><ttm:desc>{WORD} scene</ttm:desc></metadata>"),
    ("<div>", f"<div><ttm:desc>{WORD} scene</ttm:desc>"),
    ("<div>", f"<div><span>{WORD}</span>"),
    ("<styling>", f"<p>{WORD}</p><styling>"),
    ("<styling>", f"<ttm:desc>{WORD}</ttm:desc><styling>"),
    ('<style xml:id="s1" tts:color="red"/>', f'<style xml:id="s1" tts:color="red"><ttm:desc>{WORD}</ttm:desc></style>'),
    ("<div>", f"<div><x:note xmlns:x='urn:x'>{WORD}</x:note>"),
    ("Where?", f"Where?<set tts:color='red'>{WORD}</set>"),
])
def test_ttml_words_the_reader_reads_nowhere_are_named(tmp_path, old, new):
    """Before, a second ``ttm:desc`` in the head, any other head item, an agent's second name, metadata or a span in a
    ``div``, a ``p`` in the head and words in a ``set`` were dropped without a note (the stray check took every element
    but a few containers as read)."""
    assert old in TTML
    t = _read(tmp_path, "cues.ttml", TTML.replace(old, new, 1))
    assert _kept(t), t.notes
    plain = _read(tmp_path, "plain.ttml", TTML)
    assert (t.text, t.turns) == (plain.text, plain.turns)


def test_ttml_a_span_typed_into_a_br_is_read_after_the_break(tmp_path):
    t = _read(tmp_path, "cues.ttml", TTML.replace("<br/>", f"<br><span>{WORD}</span> too</br>", 1))
    assert t.text.endswith(f"In Urk. {WORD} tooYes.")  # the cue's lines joined, as a line break between cues' lines is
    assert all(t.text[turn.start:turn.end].strip() for turn in t.turns)


def test_ttml_a_clean_file_gets_no_stray_note(tmp_path):
    assert not [n for n in _read(tmp_path, "cues.ttml", TTML).notes if n.startswith("text outside")]


# -------------------------------------------------------------------------------------------------------- TEI

def test_tei_a_person_without_an_id_keeps_its_description(tmp_path):
    """A ``<person>`` without ``xml:id`` (no utterance can name it): its notes were dropped without a note."""
    text = TEI.replace('<person xml:id="C"><persName>Cor</persName><note>observer</note></person>',
                       f'<person><persName>Cor</persName><note>{WORD} observer</note></person><person><note>alone</note></person>')
    t = _read(tmp_path, "tei.xml", text)
    assert t.attributes["speaker_qualifiers"] == ("Ann de Wit: Harbour master; Piet Vos: Pietje | fisher; "
                                                  f"Cor: {WORD} observer; person at line 12: alone")


def test_tei_a_name_and_a_date_with_line_breaks_are_one_line(tmp_path):
    text = TEI.replace('<person xml:id="C"><persName>Cor</persName>', '<person xml:id="C" n="Cor&#10;de&#x2028;Wit">', 1).replace(
        'when="2019-03-02"', 'when="2019-03-02&#10;"', 1).replace("</body>", '<u who="#C">Hallo daar.</u></body>', 1)
    t = _read(tmp_path, "tei.xml", text)
    assert t.turns[-1].speaker == "Cor de Wit" and t.text.endswith("\nCor de Wit: Hallo daar.")
    assert "Cor de Wit: observer" in t.attributes["speaker_qualifiers"] and t.attributes["date"] == "2019-03-02"
    assert _one_line(t)


def test_tei_thousands_of_notes_and_event_descriptions_are_all_kept_once(tmp_path):
    """Read whole, each part once and in order (the parts were de-duplicated in a list, the descriptions of an event
    looked up in one: quadratic in their number)."""
    notes = "".join(f"<note>n{i}</note><note>n{i}</note>" for i in range(5000))
    text = TEI.replace("<note>Harbour master</note>", notes, 1).replace(
        "In Urk, at the auction.", "In Urk.<vocal>" + "<desc>x</desc>" * 5000 + f" {WORD}</vocal>", 1)
    t = _read(tmp_path, "tei.xml", text)
    described = t.attributes["speaker_qualifiers"].split("; ")[0]
    assert described == "Ann de Wit: " + " | ".join(f"n{i}" for i in range(5000))
    assert any(f"<vocal>: '{WORD}'" in n for n in t.notes)


# ------------------------------------------------------------------------------------------------------- ELAN

def test_eaf_a_cve_ref_to_no_entry_and_thousands_of_entries(tmp_path):
    missing = _read(tmp_path, "r05.eaf", EAF.replace('CVE_REF="c0"', 'CVE_REF="nope"', 1))
    assert missing.attributes["vocabulary"] == "ja: agrees"
    entries = "".join(f'<CV_ENTRY_ML CVE_ID="c{i}"><CVE_VALUE DESCRIPTION="d{i}">v{i}</CVE_VALUE></CV_ENTRY_ML>' for i in range(1, 5000))
    many = _read(tmp_path, "many.eaf", EAF.replace("</CV_ENTRY_ML>", "</CV_ENTRY_ML>" + entries, 1).replace('CVE_REF="e1"', 'CVE_REF="c4999"'))
    assert many.attributes["vocabulary"] == "smuggling: smuggling through the port | smokkel: smokkel via de haven; v4999: d4999"
    repeated = _read(tmp_path, "rep.eaf", EAF.replace("</CV_ENTRY_ML>", "</CV_ENTRY_ML>" + "".join(
        f'<CV_ENTRY_ML CVE_ID="c0"><CVE_VALUE DESCRIPTION="d{i % 3}">v</CVE_VALUE></CV_ENTRY_ML>' for i in range(3000)), 1))
    assert repeated.attributes["vocabulary"] == ("smuggling: smuggling through the port | smokkel: smokkel via de haven; "
                                                 "v: d0; v: d1; v: d2; ja: agrees")


def test_eaf_an_entry_without_a_value_is_named_by_its_id_on_one_line(tmp_path):
    t = _read(tmp_path, "r05.eaf", EAF.replace('<CV_ENTRY CVE_ID="e1" DESCRIPTION="agrees">ja</CV_ENTRY>',
                                               '<CV_ENTRY CVE_ID="e1" DESCRIPTION="agrees&#10;twice"></CV_ENTRY>', 1))
    assert t.attributes["vocabulary"].endswith("; e1: agrees twice")
    odd = EAF.replace('CVE_ID="e1"', 'CVE_ID="e&#10;1"', 1).replace('CVE_REF="e1"', 'CVE_REF="e&#10;1"', 1).replace(">ja</CV_ENTRY>", "></CV_ENTRY>", 1)
    t = _read(tmp_path, "odd.eaf", odd)
    assert t.attributes["vocabulary"].endswith("; e 1: agrees") and _one_line(t)


# ------------------------------------------------------------------------------------------------- EXMARaLDA

def test_exb_a_speaker_without_abbreviation_is_named_by_its_id_on_one_line(tmp_path):
    """The id of a speaker without abbreviation names its description; a line break in it came through."""
    t = _read(tmp_path, "annewill.exb", EXB.replace('<speaker id="SPK1"><abbreviation>GL</abbreviation>',
                                                    '<speaker id="SP&#10;K1&#13;x">', 1))
    assert t.attributes["speaker_qualifiers"] == "AW: Beruf: Moderatorin | spricht schnell; SP K1 x: Gast"
    assert _one_line(t)


def test_exb_thousands_of_speaker_entries_are_kept_once_in_order(tmp_path):
    infos = "".join(f'<ud-information attribute-name="k{i}">v{i}</ud-information>' * 2 for i in range(5000))
    same = "".join(f'<speaker id="SPK1"><abbreviation>GL</abbreviation><comment>c{i}</comment></speaker>' for i in range(3000))
    t = _read(tmp_path, "annewill.exb", EXB.replace("<ud-speaker-information/>", f"<ud-speaker-information>{infos}</ud-speaker-information>", 1)
              .replace("</speakertable>", same + "</speakertable>", 1))
    gl = t.attributes["speaker_qualifiers"].split("; GL: ")[1]
    assert gl == " | ".join([f"k{i}: v{i}" for i in range(5000)] + ["Gast"] + [f"c{i}" for i in range(3000)])


# -------------------------------------------------------------------------------------------------------- BNC

def test_bnc_long_ids_and_creation_are_kept_whole_and_one_line(tmp_path):
    """They were cut at 500 characters without a note; an ``idno``'s type with a line break came through."""
    long = " ".join(f"id{i}" for i in range(200)) + f" {WORD}"
    t = _read(tmp_path, "kb0.xml", BNC.replace("XRi6SG", long, 1).replace('type="old"', 'type="o&#10;ld"', 1)
              .replace("Origination/creation date not known", "words " * 120 + WORD, 1))
    assert t.attributes["idno"] == f"o ld: {long}"
    assert t.attributes["creation"].endswith(WORD) and len(t.attributes["creation"]) > 500
    assert _one_line(t)


# ------------------------------------------------------------------------------------------------------- OHMS

def test_ohms_thousands_of_interviewees_are_kept_once_in_order(tmp_path):
    people = "".join(f"<interviewee>Name{i} Bakker</interviewee>" * 2 for i in range(3000))
    t = _read(tmp_path, "oh01.xml", OHMS.replace("<interviewee>Jan Bakker</interviewee>", people, 1))
    assert t.attributes["interviewee"] == "; ".join(["Piet Vos"] + [f"Name{i} Bakker" for i in range(3000)])
    assert t.attributes["interviewer"] == "Ann de Wit; Bo Smit"


# ------------------------------------------------------------------------------------------- downstream, end to end

def test_hostile_attribute_values_survive_the_attributes_sheet_and_the_refi_export(tmp_path):
    """Read a folder with hostile metadata (C1 controls, a paragraph separator, a formula, quotes, a line break in an
    id), write the attributes as CSV and the corpus as REFI-QDA: both read back to the same values and texts."""
    folder = tmp_path / "transcripts"
    folder.mkdir()
    (folder / "R01.xml").write_text(TEI.replace("Harbour master", 'Harbour\u2028master\u0085of Urk \u0080\u009f; "q", =SUM(A1) <hi>&amp;</hi>'),
                                    encoding="utf-8")
    (folder / "R02.exb").write_text(EXB.replace('<speaker id="SPK1"><abbreviation>GL</abbreviation>', '<speaker id="SP&#13;K1&#10;x">')
                                    .replace("Gast", "Gast\u0085met\u2029regels"), encoding="utf-8")
    corpus = read_corpus(folder)
    assert not corpus.problems
    attributes = corpus.attributes
    assert attributes.loc["R01", "speaker_qualifiers"].startswith('Ann de Wit: Harbour master of Urk \u0080\u009f; "q", =SUM(A1) &;')
    assert attributes.loc["R02", "speaker_qualifiers"] == "AW: Beruf: Moderatorin | spricht schnell; SP K1 x: Gast met regels"
    sheet = write_csv(attributes.reset_index(), tmp_path / "attributes.csv")
    back = pd.read_csv(sheet, dtype=str, keep_default_na=False).set_index("doc_id")
    report = write_qdpx(Exchange(name="hostile", corpus=corpus), tmp_path / "x.qdpx")
    assert not report.warnings
    exchange = read_qdpx(tmp_path / "x.qdpx")
    for doc_id in attributes.index:
        for key, value in attributes.loc[doc_id].items():
            if isinstance(value, str) and value:
                assert back.loc[doc_id, key] == value, (doc_id, key)
                assert exchange.corpus.attributes.loc[doc_id, key] == value, (doc_id, key)
        assert exchange.corpus[doc_id].text == corpus[doc_id].text

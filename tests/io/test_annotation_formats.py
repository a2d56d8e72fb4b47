"""Time-aligned annotation formats of linguistics and oral-history archives: ELAN ``.eaf``, Praat
``.TextGrid``, Transcriber ``.trs`` and EXMARaLDA ``.exb`` (``researchkit/io/elan.py``, ``praat.py``,
``transcriber.py``, ``exmaralda.py``; safe XML in ``xmlsafe.py``, ordering in ``tiers.py``).

Every fixture is written here, shaped after real published files: ELAN's own sample files (unaligned
time slots, a LICENSE element, linked files, ``file:///`` media URLs), the Praat manual's TextGrid
examples, a New Zealand oral-history Transcriber file (ISO-8859-1, ``trans-14.dtd``, ``<Who>`` overlap,
``<Comment desc="unclear"/>``, ``&lt;mmm&gt;`` backchannels, ``<Sync time=" 233.727"/>``) and
EXMARaLDA's demo corpus (HIAT words cut into events, ``((atmen))``, a description tier without speaker).
"""

from __future__ import annotations

import codecs

import pytest

from researchkit import read_corpus
from researchkit.errors import CODES, TranscriptError
from researchkit.io import READERS, find_transcripts, read_transcript
from researchkit.io.elan import read_eaf
from researchkit.io.exmaralda import read_exb
from researchkit.io.praat import parse_textgrid
from researchkit.io.transcriber import read_trs
from researchkit.transcripts import Source


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _turns(t):
    """Speaker, role, timestamp and quoted passage of every turn; checks that the passage is the turn's own words."""
    rows = []
    for turn in t.turns:
        passage = t.text[turn.start:turn.end]
        assert passage == passage.strip() and passage, (turn, passage)
        if turn.speaker:
            assert t.text[:turn.start].rstrip().endswith(":") or t.text[:turn.start].endswith("\n"), turn
        rows.append((turn.speaker, turn.role, turn.timestamp, passage))
    return rows


# ------------------------------------------------------------------------------------------------- ELAN

def _eaf(tiers: str, slots: str, *, header: str = "", root: str = "ANNOTATION_DOCUMENT", prolog: str = "") -> str:
    return (f'{prolog}<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<{root} AUTHOR="Karin B." DATE="2014-10-28T10:14:04+01:00" FORMAT="3.0" VERSION="3.0" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://www.mpi.nl/tools/elan/EAFv3.0.xsd">\n'
            '    <LICENSE LICENSE_URL="http://www.mpi.nl/license.txt">Terms of use</LICENSE>\n'
            '    <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">\n'
            '        <MEDIA_DESCRIPTOR MEDIA_URL="file:///Users/Shared/haven/urk_04.wav" MIME_TYPE="audio/x-wav" RELATIVE_MEDIA_URL="./urk_04.wav"/>\n'
            '        <LINKED_FILE_DESCRIPTOR LINK_URL="file:///Users/Shared/tracker.txt" MIME_TYPE="text/plain"/>\n'
            '        <PROPERTY NAME="URN">urn:nl-mpi-tools-elan-eaf:5ed4d207-dd3b-4852</PROPERTY>\n'
            '        <PROPERTY NAME="lastUsedAnnotationId">12</PROPERTY>\n'
            f'{header}'
            '    </HEADER>\n'
            f'    <TIME_ORDER>\n{slots}    </TIME_ORDER>\n{tiers}'
            '    <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="utterance" TIME_ALIGNABLE="true"/>\n'
            '    <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Association" LINGUISTIC_TYPE_ID="translation" TIME_ALIGNABLE="false"/>\n'
            '    <CONSTRAINT DESCRIPTION="1-1 association with a parent annotation" STEREOTYPE="Symbolic_Association"/>\n'
            f'</{root}>\n')


def _slots(*values) -> str:
    return "".join(f'        <TIME_SLOT TIME_SLOT_ID="ts{i}"' + (f' TIME_VALUE="{v}"' if v is not None else "") + "/>\n"
                   for i, v in enumerate(values, start=1))


def _tier(tier_id: str, annotations, *, participant: str | None = None, parent: str | None = None,
          ltype: str = "utterance") -> str:
    attrs = f'TIER_ID="{tier_id}" LINGUISTIC_TYPE_REF="{ltype}"' + (f' PARTICIPANT="{participant}"' if participant else "") \
        + (f' PARENT_REF="{parent}"' if parent else "")
    body = ""
    for a in annotations:
        if a[0] == "ref":
            _, ann_id, ref, value = a
            body += (f'        <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="{ann_id}" ANNOTATION_REF="{ref}">'
                     f'<ANNOTATION_VALUE>{value}</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>\n')
        else:
            ann_id, ts1, ts2, value = a
            body += (f'        <ANNOTATION>\n            <ALIGNABLE_ANNOTATION ANNOTATION_ID="{ann_id}" TIME_SLOT_REF1="{ts1}" '
                     f'TIME_SLOT_REF2="{ts2}">\n                <ANNOTATION_VALUE>{value}</ANNOTATION_VALUE>\n'
                     '            </ALIGNABLE_ANNOTATION>\n        </ANNOTATION>\n')
    return f"    <TIER {attrs}>\n{body}    </TIER>\n"


def test_eaf_speakers_from_top_level_tiers_and_dependent_tiers_noted(tmp_path):
    slots = _slots(0, 2100, 2400, 5000, 5200, 7000)
    tiers = (_tier("Interviewer", [("a1", "ts1", "ts2", "Where were you that night?")])
             + _tier("R", [("a2", "ts3", "ts4", "At the quay, near the fish auction."), ("a3", "ts5", "ts6", "Every  week\nin winter.")],
                     participant="Jan de Vries")
             + _tier("R-en", [("ref", "a4", "a2", "Op de kade."), ("ref", "a5", "a3", "Elke week.")], parent="R",
                     ltype="translation"))
    path = _write(tmp_path, "R04.eaf", _eaf(tiers, slots, header='        <PROPERTY NAME="Port">Urk</PROPERTY>\n'))
    t = read_transcript(path)
    assert _turns(t) == [
        ("Interviewer", "interviewer", 0.0, "Where were you that night?"),
        ("Jan de Vries", "respondent", 2.4, "At the quay, near the fish auction.\nEvery week in winter."),
    ]
    assert t.text == ("Interviewer: Where were you that night?\n"
                      "Jan de Vries: At the quay, near the fish auction.\nEvery week in winter.")
    assert t.source.format == "eaf"
    assert t.attributes == {"author": "Karin B.", "license": "Terms of use http://www.mpi.nl/license.txt", "media": "urk_04.wav",
                            "port": "Urk"}
    assert "Op de kade" not in t.text
    assert t.notes[0] == ("read as ELAN: 3 annotation(s) from 2 top-level tier(s), each a speaker: 'Interviewer', "
                          "'R' (participant 'Jan de Vries')")
    assert any("dependent tier(s) left out" in n and "'R-en' (translation, under 'R', 2 annotation(s))" in n for n in t.notes)
    assert any(n.startswith("top-level tier(s) without a PARTICIPANT beside tiers with one: 'Interviewer'") for n in t.notes)


CV = ('    <CONTROLLED_VOCABULARY CV_ID="topics">\n        <DESCRIPTION LANG_REF="eng">interview topics</DESCRIPTION>\n'
      '        <CV_ENTRY_ML CVE_ID="cveid0">\n            <CVE_VALUE DESCRIPTION="smuggling through the port" LANG_REF="eng">'
      'smuggling</CVE_VALUE>\n            <CVE_VALUE DESCRIPTION="smokkel via de haven" LANG_REF="nld">smokkel</CVE_VALUE>\n'
      '        </CV_ENTRY_ML>\n        <CV_ENTRY_ML CVE_ID="cveid1">\n            <CVE_VALUE DESCRIPTION="talks with customs" '
      'LANG_REF="eng">customs</CVE_VALUE>\n        </CV_ENTRY_ML>\n        <CV_ENTRY_ML CVE_ID="cveid2">\n'
      '            <CVE_VALUE DESCRIPTION="never referred to" LANG_REF="eng">weather</CVE_VALUE>\n        </CV_ENTRY_ML>\n'
      '    </CONTROLLED_VOCABULARY>\n')


def test_eaf_vocabulary_entries_the_annotations_refer_to_keep_their_descriptions(tmp_path):
    """ELAN's controlled vocabularies describe each entry (``CVE_VALUE@DESCRIPTION``); an annotation names its entry by
    ``CVE_REF``. The descriptions of the entries the speech refers to are kept (they were dropped without a note)."""
    slots = _slots(0, 2100, 2400, 5000)
    tiers = (_tier("topic", [("a1", "ts1", "ts2", "smuggling"), ("a2", "ts3", "ts4", "customs")])
             + _tier("R", [("a3", "ts1", "ts2", "They came at night."), ("a4", "ts3", "ts4", "We called customs.")],
                     participant="Jan"))
    tiers = tiers.replace('ANNOTATION_ID="a1"', 'ANNOTATION_ID="a1" CVE_REF="cveid0"').replace(
        'ANNOTATION_ID="a2"', 'ANNOTATION_ID="a2" CVE_REF="cveid1"')
    plain = _eaf(tiers, slots)
    path = _write(tmp_path, "R05.eaf", plain.replace("</ANNOTATION_DOCUMENT>", CV + "</ANNOTATION_DOCUMENT>"))
    t = read_transcript(path)
    assert t.attributes["vocabulary"] == ("smuggling: smuggling through the port | smokkel: smokkel via de haven; "
                                          "customs: talks with customs")
    before = read_transcript(_write(tmp_path, "R05-plain.eaf", plain))
    assert (t.text, t.turns) == (before.text, before.turns)
    assert {k: v for k, v in t.attributes.items() if k != "vocabulary"} == before.attributes


def test_eaf_old_cv_entries_and_vocabulary_nobody_refers_to(tmp_path):
    slots = _slots(0, 2100)
    tiers = _tier("R", [("a1", "ts1", "ts2", "ja")], participant="Jan").replace('ANNOTATION_ID="a1"', 'ANNOTATION_ID="a1" CVE_REF="e1"')
    old = '    <CONTROLLED_VOCABULARY CV_ID="yn"><CV_ENTRY CVE_ID="e1" DESCRIPTION="agrees">ja</CV_ENTRY></CONTROLLED_VOCABULARY>\n'
    t = read_transcript(_write(tmp_path, "R06.eaf", _eaf(tiers, slots).replace("</ANNOTATION_DOCUMENT>", old + "</ANNOTATION_DOCUMENT>")))
    assert t.attributes["vocabulary"] == "ja: agrees"
    unreferred = _eaf(_tier("R", [("a1", "ts1", "ts2", "ja")], participant="Jan"), slots)
    t = read_transcript(_write(tmp_path, "R07.eaf", unreferred.replace("</ANNOTATION_DOCUMENT>", CV + "</ANNOTATION_DOCUMENT>")))
    assert "vocabulary" not in t.attributes


def test_eaf_top_level_note_tier_is_kept_with_role_other_and_named(tmp_path):
    # as in real files converted from CHAT: a top-level "comments" tier of type "commentary", no participant
    slots = _slots(0, 2100, 2400, 5000, 2200, 2300)
    tiers = (_tier("comments", [("a9", "ts5", "ts6", "%sit: phone rings")], ltype="commentary")
             + _tier("Interviewer", [("a1", "ts1", "ts2", "Where were you that night?")])
             + _tier("R", [("a2", "ts3", "ts4", "At the quay.")], participant="Jan de Vries"))
    t = read_transcript(_write(tmp_path, "R05.eaf", _eaf(tiers, slots)))
    assert _turns(t) == [
        ("Interviewer", "interviewer", 0.0, "Where were you that night?"),
        ("comments", "other", 2.2, "%sit: phone rings"),
        ("Jan de Vries", "respondent", 2.4, "At the quay."),
    ]
    assert t.notes[0].endswith("'Interviewer', 'R' (participant 'Jan de Vries'); note tier(s), kept in the text under "
                               "their names with role 'other' (remarks, not speech): 'comments'")
    # the user's labels win; a tier with a participant is speech whatever its name; all-note files stay speakers
    t = read_transcript(_write(tmp_path, "R06.eaf", _eaf(tiers, slots)), labels={"comments": "interviewer"})
    assert [turn.role for turn in t.turns if turn.speaker == "comments"] == ["interviewer"]
    only = _tier("Notes", [("a1", "ts1", "ts2", "Where were you?")]) + _tier("Topic", [("a2", "ts3", "ts4", "At sea.")])
    t = read_transcript(_write(tmp_path, "R07.eaf", _eaf(only, slots)))
    assert [turn.speaker for turn in t.turns] == ["Notes", "Topic"] and "note tier" not in t.notes[0]


def test_eaf_overlapping_speech_is_ordered_by_start_with_a_stable_tie_break(tmp_path):
    slots = _slots(0, 4000, 1500, 2500, 1500, 3000, 4200, 6000)
    tiers = (_tier("A", [("a1", "ts1", "ts2", "So when the boat came in"), ("a4", "ts7", "ts8", "And then?")])
             + _tier("B", [("a2", "ts3", "ts4", "Mm-hm.")])
             + _tier("C", [("a3", "ts5", "ts6", "At six.")]))
    t = read_transcript(_write(tmp_path, "F1.eaf", _eaf(tiers, slots)))
    assert [(s, ts, x) for s, _, ts, x in _turns(t)] == [
        ("A", 0.0, "So when the boat came in"), ("B", 1.5, "Mm-hm."), ("C", 1.5, "At six."), ("A", 4.2, "And then?")]
    assert any("2 annotation(s) start while another speaker's is still going on" in n for n in t.notes)
    again = read_transcript(_write(tmp_path, "F2.eaf", _eaf(tiers, slots)))
    assert again.text == t.text


def test_eaf_unaligned_time_slots_take_their_place_in_time_order(tmp_path):
    """ELAN's sample files have runs of slots without TIME_VALUE between aligned ones (ts39-ts42)."""
    slots = _slots(0, 1000, None, None, 3000, 4000)
    tiers = (_tier("I", [("a1", "ts1", "ts2", "First question?"), ("a3", "ts5", "ts6", "Second question?")])
             + _tier("P", [("a2", "ts3", "ts4", "An answer without times.")]))
    t = read_transcript(_write(tmp_path, "U.eaf", _eaf(tiers, slots)))
    assert [(s, ts, x) for s, _, ts, x in _turns(t)] == [
        ("I", 0.0, "First question?"), ("P", None, "An answer without times."), ("I", 3.0, "Second question?")]
    assert any("1 annotation(s) start at a time slot without a value" in n for n in t.notes)


def test_eaf_time_order_out_of_time_order(tmp_path):
    """Converters (nzilbb's ``elan_annotations.eaf``) append slots to TIME_ORDER out of time order: ts11=5750 after
    ts10=306920. Aligned slots sort by their values; an unaligned one after its tier's annotation before it."""
    slots = _slots(0, 23563, 306920, None, 5750, 25000)
    tiers = (_tier("mop03-2b", [("a10", "ts1", "ts5", "and ah . Cyril would arrive at the door"),
                                ("a11", "ts5", "ts4", "with this letter for Mum"), ("a12", "ts4", "ts2", "or whatever &lt;mmm&gt; you know -")],
                   participant="mop03-2b")
             + _tier("Interviewer", [("a31", "ts2", "ts6", "well inconsolable I imagine"), ("a91", "ts6", "ts3", "goodness")],
                     participant="Interviewer"))
    t = read_transcript(_write(tmp_path, "mop.eaf", _eaf(tiers, slots)))
    assert [(s, ts, x) for s, _, ts, x in _turns(t)] == [
        ("mop03-2b", 0.0, "and ah . Cyril would arrive at the door\nwith this letter for Mum\nor whatever <mmm> you know -"),
        ("Interviewer", 23.563, "well inconsolable I imagine\ngoodness"),
    ]


def test_eaf_encodings_namespace_bom_and_crlf(tmp_path):
    slots = _slots(0, 900, 1000, 2000)
    tiers = _tier("Interviewer", [("a1", "ts1", "ts2", "Waar was u?")]) + _tier("Renée", [("a2", "ts3", "ts4", "Op de kade, café.")])
    latin = _eaf(tiers, slots).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace("\n", "\r\n")
    t = read_transcript(_write(tmp_path, "L.eaf", latin.encode("latin-1")))
    assert _turns(t)[1][3] == "Op de kade, café." and "\r" not in t.text
    mislabelled = _eaf(tiers, slots).encode("cp1252")  # says UTF-8, saved as Windows Latin-1 by an editor
    t = read_transcript(_write(tmp_path, "M.eaf", mislabelled))
    assert _turns(t)[1][0] == "Renée" and any("decoded as cp1252" in n for n in t.notes)
    bom = codecs.BOM_UTF8 + _eaf(tiers, slots).replace("<ANNOTATION_DOCUMENT ", '<ANNOTATION_DOCUMENT xmlns="urn:x" ').encode()
    assert _turns(read_transcript(_write(tmp_path, "N.eaf", bom)))[0][3] == "Waar was u?"


def test_eaf_as_xml_file_through_the_format_function(tmp_path):
    """A ``.xml`` dispatcher calls the format's function with the same arguments as the suffix does."""
    data = _eaf(_tier("I", [("a1", "ts1", "ts2", "Hello there?")]) + _tier("R", [("a2", "ts2", "ts3", "Hi.")]),
                _slots(0, 500, 900)).encode()
    t = read_eaf(tmp_path / "export.xml", data, doc_id="export", source=Source(str(tmp_path / "export.xml"), "0"))
    assert [x for *_, x in _turns(t)] == ["Hello there?", "Hi."]
    with pytest.raises(TranscriptError) as err:
        read_eaf("other.xml", b"<Trans/>", doc_id="x", source=Source("other.xml", "0"))
    assert err.value.code == "RK163" and "not ELAN's <ANNOTATION_DOCUMENT>" in str(err.value)


@pytest.mark.parametrize("change, message, line", [
    (("ts2\" TIME_VALUE=\"2100\"", "ts2\" TIME_VALUE=\"soon\""), "TIME_VALUE='soon', not a time in milliseconds", "line 12"),
    (('TIME_SLOT_REF2="ts4"', 'TIME_SLOT_REF2="ts99"'), "refers to time slot 'ts99', which TIME_ORDER does not define", "line 25"),
    (("</TIER>", "</TIR>"), "is not well-formed XML", "line"),
    (('TIME_UNITS="milliseconds"', 'TIME_UNITS="beats"'), "TIME_UNITS='beats'", "line 4"),
])
def test_eaf_malformed_files_name_the_line_and_what_to_do(tmp_path, change, message, line):
    text = _eaf(_tier("I", [("a1", "ts1", "ts2", "Q?")]) + _tier("R", [("a2", "ts3", "ts4", "A.")]), _slots(0, 2100, 2400, 5000))
    assert change[0] in text
    with pytest.raises(TranscriptError) as err:
        read_transcript(_write(tmp_path, "bad.eaf", text.replace(change[0], change[1], 1)))
    assert err.value.code == "RK163" and message in str(err.value) and f"bad.eaf, {line}" in str(err.value)
    assert "What to do:" in str(err.value)


def test_eaf_without_speech(tmp_path):
    only_dependent = _eaf(_tier("R-en", [("ref", "a1", "a0", "x")], parent="R"), _slots(0))
    with pytest.raises(TranscriptError, match="no top-level tier") as err:
        read_transcript(_write(tmp_path, "dep.eaf", only_dependent))
    assert err.value.code == "RK163"
    empty = _eaf(_tier("I", [("a1", "ts1", "ts2", "")]), _slots(0, 100))
    with pytest.raises(TranscriptError, match="hold no annotation with text") as err:
        read_transcript(_write(tmp_path, "empty.eaf", empty))
    assert err.value.code == "RK104"


def test_eaf_with_a_hundred_thousand_annotations(tmp_path):
    n = 100_000
    slots = "".join(f'<TIME_SLOT TIME_SLOT_ID="ts{i}" TIME_VALUE="{i * 100}"/>' for i in range(n + 1))
    a = "".join(f'<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a{i}" TIME_SLOT_REF1="ts{i}" TIME_SLOT_REF2="ts{i + 1}">'
                f'<ANNOTATION_VALUE>w{i}</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>' for i in range(0, n, 2))
    b = "".join(f'<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a{i}" TIME_SLOT_REF1="ts{i}" TIME_SLOT_REF2="ts{i + 1}">'
                f'<ANNOTATION_VALUE>w{i}</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>' for i in range(1, n, 2))
    data = (f'<ANNOTATION_DOCUMENT><HEADER/><TIME_ORDER>{slots}</TIME_ORDER><TIER TIER_ID="A">{a}</TIER>'
            f'<TIER TIER_ID="B">{b}</TIER></ANNOTATION_DOCUMENT>')
    t = read_transcript(_write(tmp_path, "big.eaf", data))
    assert len(t.turns) == n and t.text[t.turns[-1].start:t.turns[-1].end] == f"w{n - 1}"
    assert t.turns[12345].timestamp == 1234.5


# ------------------------------------------------------------------------------------------- XML safety

@pytest.mark.parametrize("suffix, code", [(".eaf", "RK163"), (".trs", "RK165"), (".exb", "RK166")])
def test_xml_bombs_entities_and_depth_are_refused(tmp_path, suffix, code):
    lol = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
           '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>')
    with pytest.raises(TranscriptError, match="declares its own XML entities") as err:
        read_transcript(_write(tmp_path, "lol" + suffix, lol))
    assert err.value.code == code
    with pytest.raises(TranscriptError, match="uses the entity '&eacute;'") as err:
        read_transcript(_write(tmp_path, "ent" + suffix, '<!DOCTYPE Trans SYSTEM "trans-14.dtd">\n<Trans>\ncaf&eacute;</Trans>'))
    assert err.value.code == code and "line 3" in str(err.value)
    with pytest.raises(TranscriptError, match="more than 256 levels deep") as err:
        read_transcript(_write(tmp_path, "deep" + suffix, "<a>" * 100_000 + "</a>" * 100_000))
    assert err.value.code == code


# ------------------------------------------------------------------------------------------------ Praat

LONG = '''File type = "ooTextFile"
Object class = "TextGrid"

xmin = 0
xmax = 9.5
tiers? <exists>
size = 3
item []:
    item [1]:
        class = "IntervalTier"
        name = "Interviewer"
        xmin = 0
        xmax = 9.5
        intervals: size = 3
        intervals [1]:
            xmin = 0
            xmax = 2.25
            text = "Where did you moor ""De Hoop""?"
        intervals [2]:
            xmin = 2.25
            xmax = 6
            text = ""
        intervals [3]:
            xmin = 6
            xmax = 9.5
            text = "And in winter?"
    item [2]:
        class = "IntervalTier"
        name = "Jan"
        xmin = 0
        xmax = 9.5
        intervals: size = 3
        intervals [1]:
            xmin = 0
            xmax = 2.5
            text = ""
        intervals [2]:
            xmin = 2.5
            xmax = 6
            text = "At the quay,
near the auction."
        intervals [3]:
            xmin = 6
            xmax = 9.5
            text = ""
    item [3]:
        class = "TextTier"
        name = "bell"
        xmin = 0
        xmax = 9.5
        points: size = 2
        points [1]:
            number = 0.9
            mark = "ding"
        points [2]:
            number = 1.3
            mark = "dong"
'''

SHORT = '''File type = "ooTextFile"
Object class = "TextGrid"

0
9.5
<exists>
3
"IntervalTier"
"Interviewer"
0
9.5
3
0
2.25
"Where did you moor ""De Hoop""?"
2.25
6
""
6
9.5
"And in winter?"
"IntervalTier"
"Jan"
0
9.5
3
0
2.5
""
2.5
6
"At the quay,
near the auction."
6
9.5
""
"TextTier"
"bell"
0
9.5
2
0.9
"ding"
1.3
"dong"
'''


def test_textgrid_long_format(tmp_path):
    t = read_transcript(_write(tmp_path, "R07.TextGrid", LONG))
    assert _turns(t) == [
        ("Interviewer", "interviewer", 0.0, 'Where did you moor "De Hoop"?'),
        ("Jan", "respondent", 2.5, "At the quay, near the auction."),
        ("Interviewer", "interviewer", 6.0, "And in winter?"),
    ]
    assert t.attributes == {"duration": 9.5} and t.source.format == "textgrid"
    assert t.notes[0] == "read as Praat TextGrid: 3 interval(s) with text from 2 interval tier(s), each a speaker: 'Interviewer', 'Jan'"
    assert any("'bell' (point tier, 2 point(s))" in n for n in t.notes)
    assert any("3 empty interval(s) (pauses) skipped" in n for n in t.notes)


def _short_grid(*tiers) -> str:
    body = "".join(f'"IntervalTier"\n"{name}"\n0\n9\n{len(items)}\n' + "".join(f'{a}\n{b}\n"{w}"\n' for a, b, w in items)
                   for name, items in tiers)
    return f'File type = "ooTextFile"\nObject class = "TextGrid"\n\n0\n9\n<exists>\n{len(tiers)}\n{body}'


def test_textgrid_note_tier_keeps_its_text_with_role_other(tmp_path):
    grid = _short_grid(("Interviewer", [(0, 2, "Waar lag de boot?"), (2, 9, "")]),
                       ("Jan", [(0, 2.5, ""), (2.5, 9, "Aan de kade.")]),
                       ("Comments", [(0, 2.2, ""), (2.2, 2.4, "telefoon gaat"), (2.4, 9, "")]))
    t = read_transcript(_write(tmp_path, "R08.TextGrid", grid))
    assert _turns(t) == [("Interviewer", "interviewer", 0.0, "Waar lag de boot?"),
                         ("Comments", "other", 2.2, "telefoon gaat"),
                         ("Jan", "respondent", 2.5, "Aan de kade.")]
    assert t.notes[0].endswith("each a speaker: 'Interviewer', 'Jan'; note tier(s), kept in the text under their names "
                               "with role 'other' (remarks, not speech): 'Comments'")
    only = _short_grid(("notes", [(0, 2, "Waar?")]), ("topic", [(2, 4, "De haven.")]))
    t = read_transcript(_write(tmp_path, "R09.TextGrid", only))
    assert [turn.speaker for turn in t.turns] == ["notes", "topic"] and "note tier" not in t.notes[0]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-8"])
def test_textgrid_short_format_crlf_and_encodings_give_the_same_transcript(tmp_path, encoding):
    long = read_transcript(_write(tmp_path, "long.TextGrid", LONG))
    data = SHORT.replace("Jan", "Jané").replace("\n", "\r\n").encode(encoding)
    short = read_transcript(_write(tmp_path, "short.textgrid", data))
    assert short.text == long.text.replace("Jan", "Jané")
    assert _turns(short) == [(s.replace("Jan", "Jané"), role, ts, x) for s, role, ts, x in _turns(long)]


def test_textgrid_free_standing_data_comments_exponents_and_chronological(tmp_path):
    """The Praat manual's in-between layout: data on one line, ``!`` comments, ``[1]`` never a number."""
    mixed = ('"ooTextFile"\n"TextGrid"\n0  2.3  ! time domain of TextGrid\n<exists>\n2 tiers\n'
             '"IntervalTier"  "Mary"  ! type and name of tier 1\n0  2.3\n2 intervals coming\n'
             '1e-05  0.7  "r̝iːkɛj ""ahoj"" dvakrát"  ! interval [1]\n0.7 2.3 ""\n'
             '"IntervalTier" "John" 0 2.3 1\n0.8 2.3 "[laughs] 3 tiers"\n')
    t = read_transcript(_write(tmp_path, "m.TextGrid", mixed))
    assert [(s, ts, x) for s, _, ts, x in _turns(t)] == [("Mary", 0.0, 'r̝iːkɛj "ahoj" dvakrát'), ("John", 0.8, "[laughs] 3 tiers")]
    chrono = ('"Praat chronological TextGrid text file"\n0 2.3   ! Time domain.\n2   ! Number of tiers.\n'
              '"IntervalTier" "Mary" 0 2.3\n"TextTier" "bell" 0 2.3\n\n1 0 0.7\n"Hello there."\n2 0.9\n"ding"\n1 0.7 2.3\n"Bye."\n')
    t = read_transcript(_write(tmp_path, "c.TextGrid", chrono))
    assert [(s, ts, x) for s, _, ts, x in _turns(t)] == [("Mary", 0.0, "Hello there.\nBye.")]
    assert any("'bell' (point tier, 1 point(s))" in n for n in t.notes)


def test_textgrid_forced_aligner_words_and_phones(tmp_path):
    """Montreal Forced Aligner writes ``Speaker - words`` and ``Speaker - phones`` per speaker."""
    def tier(name, items):
        return f'"IntervalTier" "{name}" 0 3 {len(items)} ' + " ".join(f'{a} {b} "{x}"' for a, b, x in items)
    tg = ('"ooTextFile" "TextGrid" 0 3 <exists> 4 '
          + tier("Anna - words", [(0, 0.4, "hello"), (0.4, 1, "there")]) + " "
          + tier("Anna - phones", [(0, 0.1, "HH"), (0.1, 0.4, "AH0")]) + " "
          + tier("Bob - words", [(1, 3, "hi")]) + " " + tier("Bob - phones", [(1, 3, "HH AY1")]))
    t = read_transcript(_write(tmp_path, "mfa.TextGrid", tg))
    assert t.text == "Anna: hello there\nBob: hi"  # one word per interval, joined into a stretch of speech
    assert any("'Anna - phones' (a forced aligner's phones, 2 interval(s))" in n for n in t.notes)


@pytest.mark.parametrize("data, message, line", [
    (b"ooBinaryFile\x08TextGrid\x00\x00", "is a binary Praat file", None),
    ('File type = "ooTextFile"\nObject class = "Pitch 1"\n0 1 <exists>', "is a Praat 'Pitch 1', not a TextGrid", "line 2"),
    ('"ooTextFile" "TextGrid" 0 2 <exists> 1\n"IntervalTier" "A" 0 2 1\n0 2 "never closed\n', "has no closing quote", "line 3"),
    ('"ooTextFile" "TextGrid" 0 2 <exists> 1\n"IntervalTier" "A" 0 2 5\n0 2 "one"\n', "the file ends where the TextGrid needs", "line 3"),
    ('"ooTextFile" "TextGrid" 0 2 <exists> 1\n"IntervalTier" "A" 0 2 1\n0 "two" "x"', "expected the end time of interval 1 of tier 1", "line 3"),
    ('"Sound" 0 1', "not a Praat text file", "line 1"),
])
def test_textgrid_malformed(tmp_path, data, message, line):
    with pytest.raises(TranscriptError) as err:
        read_transcript(_write(tmp_path, "bad.TextGrid", data))
    assert err.value.code == "RK164" and message in str(err.value), str(err.value)
    if line:
        assert f"bad.TextGrid, {line}:" in str(err.value)


def test_textgrid_tokenizer_is_linear_on_hostile_input():
    with pytest.raises(TranscriptError, match="has no closing quote"):
        parse_textgrid("x.TextGrid", '"ooTextFile" "TextGrid" 0 1 <exists> 1 "IntervalTier" "A" 0 1 1 0 1 ' + '"' + "a " * 2_000_000)
    xmin, xmax, tiers = parse_textgrid("x.TextGrid", '"ooTextFile" "TextGrid" 0 1 <exists> 1 "IntervalTier" "A" 0 1 0 ' + "[1]: " * 500_000)
    assert tiers[0].items == []


# ------------------------------------------------------------------------------------------ Transcriber

TRS = '''<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE Trans SYSTEM "trans-14.dtd">
<Trans scribe="Robert F." audio_filename="hv03-2b-05" version="7" version_date="130825" xml:lang="nl">
<Topics>
<Topic id="to1" desc="haven-nacht"/>
</Topics>
<Speakers>
<Speaker id="spk1" name="Interviewer" check="no" type="female" dialect="native" accent="" scope="local"/>
<Speaker id="spk2" name="Rens Kóster" check="yes" type="male" dialect="native" accent="" scope="local"/>
<Speaker id="spk3" name="" check="no" type="male" scope="local"/>
</Speakers>
<Episode air_date="210426">
<Section type="report" startTime="0.0" endTime="30" topic="to1">
<Turn speaker="spk2" startTime="0" endTime="12.5">
<Sync time="0"/>
en ah . de boot kwam om drie uur binnen
<Sync time=" 5.75"/>
met de lichten uit &lt;mmm&gt; weet je -
<Sync time="9.126"/>
dat zag je wel vaker \n<Comment desc="onverstaanbaar"/>
 --
</Turn>
<Turn speaker="spk1" startTime="12.5" endTime="14">
<Sync time="12.5"/>

<Event desc="lacht" type="noise" extent="instantaneous"/>
 hoe vaak dan ?
</Turn>
<Turn speaker="spk1 spk2" startTime="14" endTime="18">
<Sync time="14"/>
<Who nb="1"/>
elke week ?
<Who nb="2"/>
nou elke week \n<Event desc="microfoon" type="noise" extent="instantaneous"/>
 bijna
</Turn>
<Turn startTime="18" endTime="20">
<Sync time="18"/>
</Turn>
<Turn speaker="spk3" startTime="20" endTime="30">
<Sync time="20"/>
ik was er ook bij
</Turn>
</Section>
</Episode>
</Trans>
'''


def test_trs_turns_sync_times_who_overlap_events_and_comments(tmp_path):
    path = _write(tmp_path, "hv03.trs", TRS.encode("latin-1"))
    t = read_transcript(path)
    assert _turns(t) == [
        ("Rens Kóster", "respondent", 0.0, "en ah . de boot kwam om drie uur binnen\nmet de lichten uit <mmm> weet je -\n"
                                           "dat zag je wel vaker --"),
        ("Interviewer", "interviewer", 12.5, "hoe vaak dan ?\nelke week ?"),
        ("Rens Kóster", "respondent", 14.0, "nou elke week bijna"),
        ("spk3", "respondent", 20.0, "ik was er ook bij"),
    ]
    assert t.attributes == {"scribe": "Robert F.", "media": "hv03-2b-05", "language": "nl", "air_date": "210426"}
    notes = " | ".join(t.notes)
    assert "1 turn(s) of several speakers at once" in notes
    assert "2 event mark(s) (noises, pronunciation, language marks: 'lacht' x1, 'microfoon' x1)" in notes
    assert "1 transcriber's comment(s) left out of the text: 'onverstaanbaar' (9.126 s)" in notes
    assert t.source.format == "trs"


def test_trs_doctype_is_never_read(tmp_path):
    """A ``trans-14.dtd`` beside the file that would give every turn a speaker and expand an entity is not loaded."""
    (tmp_path / "trans-14.dtd").write_text('<!ATTLIST Turn speaker CDATA "spk9">\n<!ENTITY who "nobody">\n')
    data = TRS.replace("<Sync time=\"18\"/>\n", "<Sync time=\"18\"/>\nmuziek op de achtergrond\n")
    t = read_transcript(_write(tmp_path, "dtd.trs", data.encode("latin-1")))
    assert ("(no speaker)", "other", 18.0, "muziek op de achtergrond") in _turns(t)
    assert "spk9" not in t.text and any("turns without a speaker" in n for n in t.notes)


def test_trs_unknown_speaker_ids_and_the_format_function(tmp_path):
    data = ('<Trans><Episode><Section type="report" startTime="0" endTime="4"><Turn speaker="spk7" startTime="0" endTime="2">'
            '<Sync time="0"/>Hallo?</Turn><Turn speaker="spk8" startTime="2" endTime="4"><Sync time="2"/>Ja.</Turn>'
            '</Section></Episode></Trans>').encode()
    t = read_trs(tmp_path / "t.xml", data, doc_id="t", source=Source("t.xml", "0"))
    assert [(s, x) for s, _, _, x in _turns(t)] == [("spk7", "Hallo?"), ("spk8", "Ja.")]
    assert any("speaker id(s) not in the file's <Speakers> list, used as written: spk7, spk8" in n for n in t.notes)


@pytest.mark.parametrize("change, message", [
    (('<Who nb="2"/>', '<Who nb="3"/>'), "<Who nb='3'/> names no speaker of its turn (2 speaker(s))"),
    (('<Sync time="9.126"/>', '<Sync time="9,126"/>'), "time='9,126' is not a time in seconds"),
    (("</Section>", "</Sectio>"), "is not well-formed XML"),
    (("<Trans ", "<Transcript "), "not Transcriber's <Trans>"),
])
def test_trs_malformed(tmp_path, change, message):
    assert change[0] in TRS
    text = TRS.replace("</Trans>", "</Transcript>") if change[1] == "<Transcript " else TRS
    with pytest.raises(TranscriptError) as err:
        read_transcript(_write(tmp_path, "bad.trs", text.replace(change[0], change[1]).encode("latin-1")))
    assert err.value.code == "RK165" and message in str(err.value) and "bad.trs, line " in str(err.value)


# ------------------------------------------------------------------------------------------- EXMARaLDA

def _exb(body_tiers: str, timeline: str, *, speakers: str | None = None) -> str:
    speakers = speakers if speakers is not None else (
        '<speaker id="SPK0"><abbreviation>AW</abbreviation><sex value="f"/><languages-used></languages-used><l1/><l2/>'
        '<ud-speaker-information></ud-speaker-information><comment/></speaker>\n'
        '<speaker id="SPK1"><abbreviation>GL</abbreviation><sex value="m"/><ud-speaker-information></ud-speaker-information>'
        '<comment/></speaker>\n')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!-- (c) http://www.rrz.uni-hamburg.de/exmaralda -->\n'
            '<basic-transcription>\n<head>\n<meta-information>\n<project-name>Havens DemoKorpus</project-name>\n'
            '<transcription-name>Halbes Wahlrecht</transcription-name>\n<referenced-file url="AnneWill_web.mp4" />\n'
            '<referenced-file url="AnneWill.wav" />\n<ud-meta-information>\n<ud-information attribute-name="" />\n'
            '<ud-information attribute-name="Haven">Delfzijl</ud-information>\n</ud-meta-information>\n<comment />\n'
            '<transcription-convention>HIAT (simplified)</transcription-convention>\n</meta-information>\n'
            f'<speakertable>\n{speakers}</speakertable>\n</head>\n<basic-body>\n<common-timeline>\n{timeline}</common-timeline>\n'
            f'{body_tiers}</basic-body>\n<tierformat-table><tier-format tierref="TIE0"><property name="font-name">Arial</property>'
            '</tier-format></tierformat-table>\n</basic-transcription>\n')


def _timeline(*times) -> str:
    return "".join(f'<tli id="T{i}"' + (f' time="{t}"' if t is not None else "") + " />\n" for i, t in enumerate(times))


def _etier(tier_id, speaker, events, *, category="v", kind="t") -> str:
    head = f'<tier id="{tier_id}"' + (f' speaker="{speaker}"' if speaker else "") + \
        f' category="{category}" type="{kind}" display-name="{speaker or ""} [{category}]">\n'
    return head + "".join(f'<event start="T{a}" end="T{b}">{x}</event>\n' for a, b, x in events) + "</tier>\n"


def test_exb_word_pieces_joined_and_overlap_written_at_word_boundaries(tmp_path):
    timeline = _timeline(0.0, 3.9066, 5.0933, 7.0933, 7.6333, 9.0, 9.5, 10.2, 10.9, 12.0, 12.5)
    tiers = (_etier("TIE0", "SPK0", [(0, 1, "Nah/ CDU-Nahen oder der "), (1, 2, "Studentenverbindung, "),
                                     (2, 3, "das ist Gottfried Ludewig, herzlich willkommen! "),
                                     (5, 6, "Ich will "), (6, 7, "kurz bei der "), (7, 8, "Wahl"), (8, 9, "rechtsä "),
                                     (9, 10, "nderung bleiben. ")])
             + _etier("TIE1", "SPK1", [(3, 4, "Hallo."), (6, 7, "Was? "), (8, 9, "Ja. "), (9, 10, "((atmen 1,2s)) ")])
             + _etier("TIE4", None, [(3, 5, "((applaudieren)) ")], category="nn", kind="d"))
    t = read_transcript(_write(tmp_path, "AnneWill.exb", _exb(tiers, timeline)))
    assert [(s, ts, x) for s, _, ts, x in _turns(t)] == [
        ("AW", 0.0, "Nah/ CDU-Nahen oder der Studentenverbindung, das ist Gottfried Ludewig, herzlich willkommen!"),
        ("GL", 7.093, "Hallo."),
        ("AW", 9.0, "Ich will"),
        ("GL", 9.5, "Was?"),
        ("AW", 9.5, "kurz bei der Wahlrechtsä"),
        ("GL", 10.9, "Ja. ((atmen 1,2s))"),
        ("AW", 12.0, "nderung bleiben."),
    ]
    assert t.attributes == {"project": "Havens DemoKorpus", "title": "Halbes Wahlrecht", "convention": "HIAT (simplified)",
                            "media": "AnneWill_web.mp4", "haven": "Delfzijl"}
    assert any("1 tier(s) left out" in n and "'[nn]' (type 'd', category 'nn', 1 event(s))" in n for n in t.notes)
    assert t.source.format == "exb"


def test_exb_comment_of_the_meta_information_is_an_attribute(tmp_path):
    """The transcriber's comment on the recording is kept (it was dropped without a note); an empty one adds nothing."""
    timeline = _timeline(0.0, 2.0)
    tiers = _etier("TIE0", "SPK0", [(0, 1, "Guten Abend. ")])
    empty = read_transcript(_write(tmp_path, "empty.exb", _exb(tiers, timeline)))
    assert "comment" not in empty.attributes
    text = _exb(tiers, timeline).replace("<comment />", "<comment>Ton ab Minute 3 gestört.</comment>", 1)
    t = read_transcript(_write(tmp_path, "comment.exb", text))
    assert t.attributes["comment"] == "Ton ab Minute 3 gestört."
    assert t.text == empty.text


def test_exb_speaker_comment_and_ud_speaker_information_are_speaker_qualifiers(tmp_path):
    """What the speaker table says of a speaker (its ``ud-information`` entries and its ``comment``) is kept
    (it was dropped without a note); the speakers' names and turns stay as they were."""
    timeline = _timeline(0.0, 2.0, 3.0)
    tiers = _etier("TIE0", "SPK0", [(0, 1, "Guten Abend. ")]) + _etier("TIE1", "SPK1", [(1, 2, "Danke. ")])
    plain = read_transcript(_write(tmp_path, "plain.exb", _exb(tiers, timeline)))
    assert "speaker_qualifiers" not in plain.attributes
    text = _exb(tiers, timeline).replace(
        '<ud-speaker-information></ud-speaker-information><comment/></speaker>\n<speaker id="SPK1"',
        '<ud-speaker-information><ud-information attribute-name="Beruf">Moderatorin</ud-information>'
        '<ud-information attribute-name="Alter">45</ud-information></ud-speaker-information>'
        '<comment>spricht schnell</comment></speaker>\n<speaker id="SPK1"', 1).replace(
        "<comment/></speaker>\n</speakertable>", "<comment>Gast, per Video zugeschaltet</comment></speaker>\n</speakertable>", 1)
    t = read_transcript(_write(tmp_path, "speakers.exb", text))
    assert t.attributes["speaker_qualifiers"] == ("AW: Beruf: Moderatorin | Alter: 45 | spricht schnell; "
                                                  "GL: Gast, per Video zugeschaltet")
    assert (t.text, t.turns) == (plain.text, plain.turns)


def test_exb_untimed_points_transcription_tiers_without_v_and_the_format_function(tmp_path):
    timeline = _timeline(0.0, None, 2.0, 3.0)
    tiers = (_etier("TIE0", "SPK0", [(0, 1, "Wo waren "), (1, 2, "Sie?")], category="sup")
             + _etier("TIE1", "SPK1", [(2, 3, "Am Kai.")], category="sup"))
    data = _exb(tiers, timeline).encode()
    t = read_exb(tmp_path / "k.xml", data, doc_id="k", source=Source("k.xml", "0"))
    assert [(s, ts, x) for s, _, ts, x in _turns(t)] == [("AW", 0.0, "Wo waren Sie?"), ("GL", 2.0, "Am Kai.")]
    assert any("no tier of category 'v'" in n for n in t.notes)
    late = _exb(_etier("TIE0", "SPK0", [(0, 1, "Ja. ")]) + _etier("TIE1", "SPK1", [(1, 2, "Nein. ")]), timeline)
    t = read_transcript(_write(tmp_path, "late.exb", late))
    assert [ts for _, _, ts, _ in _turns(t)] == [0.0, None]
    assert any("start at a timeline point without a time" in n for n in t.notes)


@pytest.mark.parametrize("change, message", [
    (('end="T2"', 'end="T42"'), "has end='T42', which the common timeline does not define"),
    (('<tli id="T2" time="5.0933" />', '<tli id="T1" time="5.0933" />'), "has the id 'T1' twice"),
    (('time="5.0933"', 'time="-1"'), "time='-1', not a time in seconds"),
    (("<basic-transcription>", "<segmented-transcription>"), "not EXMARaLDA's <basic-transcription>"),
])
def test_exb_malformed(tmp_path, change, message):
    text = _exb(_etier("TIE0", "SPK0", [(0, 1, "Hallo "), (1, 2, "Welt.")]), _timeline(0.0, 3.9066, 5.0933))
    text = text.replace("</basic-transcription>", "</segmented-transcription>") if "segmented" in change[1] else text
    assert change[0] in text
    with pytest.raises(TranscriptError) as err:
        read_transcript(_write(tmp_path, "bad.exb", text.replace(change[0], change[1], 1)))
    assert err.value.code == "RK166" and message in str(err.value) and "bad.exb, line " in str(err.value)


# ---------------------------------------------------------------------------------------------- corpus

def test_suffixes_are_registered_and_a_folder_of_all_four_reads(tmp_path):
    assert {".eaf", ".textgrid", ".trs", ".exb"} <= set(READERS)
    assert {"RK163", "RK164", "RK165", "RK166"} <= set(CODES)
    _write(tmp_path, "a.eaf", _eaf(_tier("I", [("a1", "ts1", "ts2", "Q?")]) + _tier("R", [("a2", "ts2", "ts3", "A.")]),
                                   _slots(0, 100, 200)))
    _write(tmp_path, "b.TextGrid", LONG)
    _write(tmp_path, "c.trs", TRS.encode("latin-1"))
    _write(tmp_path, "d.exb", _exb(_etier("TIE0", "SPK0", [(0, 1, "Hallo.")]), _timeline(0.0, 1.0)))
    transcripts, unsupported, _ = find_transcripts(tmp_path)
    assert [p.name for p in transcripts] == ["a.eaf", "b.TextGrid", "c.trs", "d.exb"] and not unsupported
    corpus = read_corpus(tmp_path)
    assert corpus.doc_ids == ["a", "b", "c", "d"]
    assert list(corpus.quality["format"]) == ["eaf", "textgrid", "trs", "exb"]


def test_speaker_names_are_one_line_and_bounded(tmp_path):
    long_name = "Tier " + "x" * 5000
    tg = f'"ooTextFile" "TextGrid" 0 2 <exists> 2 "IntervalTier" "{long_name}" 0 2 1 0 1 "Hi." "IntervalTier" "  Jan\n de Vries " 0 2 1 1 2 "Ja."'
    t = read_transcript(_write(tmp_path, "n.TextGrid", tg))
    assert [s for s, *_ in _turns(t)] == [long_name[:80], "Jan de Vries"]


def test_exb_timeline_order_not_id_order_and_gat_phrase_ends(tmp_path):
    """ExmaraldaR's ``Example_basic.exb`` (cGAT): timeline points inserted later keep higher ids (T0, T16, T17, T1 ...),
    most without a time, and phrase ends ``|`` with no space before the next event."""
    timeline = ('<tli id="T0" time="0.0"/>\n<tli id="T16"/>\n<tli id="T17"/>\n<tli id="T1"/>\n<tli id="T2"/>\n'
                '<tli id="T8" time="2.0"/>\n<tli id="T9" time="4.0"/>\n<tli id="T5" time="1346.757"/>\n')
    tiers = ('<tier id="TIE0" speaker="SPK0" category="v" type="t"><event start="T0" end="T16">dit is een </event>'
             '<event start="T16" end="T17">test</event><event start="T17" end="T1"> bestand|</event>'
             '<event start="T1" end="T2">het is maar voor één doel|</event><event start="T9" end="T5">ja|</event></tier>'
             '<tier id="TIE1" speaker="SPK1" category="v" type="t"><event start="T2" end="T8">laat zien hoe het werkt|</event></tier>')
    t = read_transcript(_write(tmp_path, "gat.exb", _exb(tiers, timeline)))
    assert [(s, ts, x) for s, _, ts, x in _turns(t)] == [
        ("AW", 0.0, "dit is een test bestand| het is maar voor één doel|"), ("GL", None, "laat zien hoe het werkt|"),
        ("AW", 4.0, "ja|")]


# ------------------------------------------------------------------- quirks of real files (sweep of public files)

def test_eaf_tier_copied_with_another_tiers_participant_is_read_under_its_role_name(tmp_path):
    """A tier copied in ELAN keeps the PARTICIPANT of its source: 'Interviewer' naming the respondent's participant."""
    slots = _slots(0, 3000, 3500, 6000)
    tiers = (_tier("mop07", [("a1", "ts1", "ts2", "We moved to the coast that winter.")], participant="mop07")
             + _tier("Interviewer", [("a2", "ts3", "ts4", "Why the coast?")], participant="mop07"))
    t = read_transcript(_write(tmp_path, "copied.eaf", _eaf(tiers, slots)))
    assert [(s, r, ts, x) for s, r, ts, x in _turns(t)] == [
        ("mop07", "respondent", 0.0, "We moved to the coast that winter."),
        ("Interviewer", "interviewer", 3.5, "Why the coast?")]
    assert any("name the PARTICIPANT of another top-level tier" in n and "'Interviewer' (participant 'mop07')" in n
               for n in t.notes)


def test_eaf_marker_tier_without_participant_is_a_note_tier(tmp_path):
    slots = _slots(0, 1000, 1200, 4000)
    tiers = (_tier("Person1 (Utterance)", [("a1", "ts3", "ts4", "How do you read this?")], participant="P001")
             + _tier("marker", [("a2", "ts1", "ts2", "convo start")]))
    t = read_transcript(_write(tmp_path, "marked.eaf", _eaf(tiers, slots)))
    assert [(s, r, x) for s, r, _, x in _turns(t)] == [("marker", "other", "convo start"),
                                                       ("P001", "respondent", "How do you read this?")]
    assert any("note tier(s)" in n and "'marker'" in n for n in t.notes)


def test_textgrid_fave_word_and_phone_tiers_read_as_words_joined_until_a_pause(tmp_path):
    """FAVE/P2FA write ``Name - word`` and ``Name - phone`` (singular); words are one per interval."""
    def tier(name, items):
        return f'"IntervalTier" "{name}" 0 6 {len(items)} ' + " ".join(f'{a} {b} "{x}"' for a, b, x in items)
    tg = ('"ooTextFile" "TextGrid" 0 6 <exists> 2 '
          + tier("Ruth - phone", [(0, 0.2, "W"), (0.2, 0.5, "EH1")]) + " "
          + tier("Ruth - word", [(0, 0.5, "WELL"), (0.5, 0.9, "I"), (0.9, 1.4, "SUPPOSE"), (1.4, 3.0, ""),
                                 (3.0, 3.5, "YES")]))
    t = read_transcript(_write(tmp_path, "fave.TextGrid", tg))
    assert [(s, ts, x) for s, _, ts, x in _turns(t)] == [("Ruth", 0.0, "WELL I SUPPOSE\nYES")]
    assert any("'Ruth - phone' (a forced aligner's phones, 2 interval(s))" in n for n in t.notes)
    assert any("2 word interval(s) joined" in n for n in t.notes)


def test_textgrid_sppas_annotation_tiers_keep_the_aligned_tokens(tmp_path):
    def tier(name, items):
        return f'"IntervalTier" "{name}" 0 2 {len(items)} ' + " ".join(f'{a} {b} "{x}"' for a, b, x in items)
    tg = ('"ooTextFile" "TextGrid" 0 2 <exists> 4 '
          + tier("Tokenization", [(0, 2, "+ anna sailed home +")]) + " "
          + tier("PhonAlign", [(0, 0.1, "#"), (0.1, 0.4, "a"), (0.4, 2, "#")]) + " "
          + tier("TokensAlign", [(0, 0.1, "+"), (0.1, 0.5, "anna"), (0.5, 0.9, "sailed"), (0.9, 1.5, "home"),
                                 (1.5, 2, "+")]) + " "
          + tier("MetaInformation", [(0, 2, "program=SPPAS")]))
    t = read_transcript(_write(tmp_path, "sppas.TextGrid", tg))
    assert [(s, ts, x) for s, _, ts, x in _turns(t)] == [("TokensAlign", 0.1, "anna sailed home")]
    assert any("3 tier(s) left out" in n and "'MetaInformation' (SPPAS annotation" in n for n in t.notes)
    assert any("2 empty interval(s) (pauses) skipped" in n for n in t.notes)


def test_exb_closed_hiat_pause_before_the_next_event_gets_a_space(tmp_path):
    """HIAT pauses and comments, ``((2s))``, end an event without the space that other events end with."""
    timeline = _timeline(0.0, 1.0, 2.0, 3.0, 4.0)
    tiers = _etier("TIE0", "SPK0", [(0, 1, "Okay, ah ah˙ "), (1, 2, "((2s))"), (2, 3, "No God, no "), (3, 4, "belief?")])
    t = read_transcript(_write(tmp_path, "HardTalk.exb", _exb(tiers, timeline)))
    assert [x for _, _, _, x in _turns(t)] == ["Okay, ah ah˙ ((2s)) No God, no belief?"]


def test_exb_ud_information_inside_events_is_not_text(tmp_path):
    """EXMARaLDA's ELAN import writes each annotation's ELAN-ID/ELAN-REF as ud-information inside the event."""
    timeline = _timeline(0.0, 1.0, 1.4)
    events = [(0, 1, '<ud-information attribute-name="ELAN-ID">TIE111_1</ud-information>'
                     '<ud-information attribute-name="ELAN-REF">TIE121_1</ud-information>'
                     '<ud-information attribute-name="ELAN-PREV"></ud-information>Kirst, '),
              (1, 2, '<ud-information attribute-name="ELAN-ID">TIE111_6</ud-information>imbi ist hucze!')]
    t = read_transcript(_write(tmp_path, "bienen.exb", _exb(_etier("TIE0", "SPK0", events), timeline)))
    assert [x for _, _, _, x in _turns(t)] == ["Kirst, imbi ist hucze!"]

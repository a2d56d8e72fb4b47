"""Focus-group participants through REFI-QDA: speaker attributes out as cases per speaker, person cases in as speakers.

Every file is written here: a focus group with a moderator and three participants,
exported by researchkit and read back; ``.qdpx`` projects made as NVivo and QualCoder
make them (person cases with selections of part of the document, a case that is also a
code); a QualCoder database with case ranges. The strict rule of
:mod:`researchkit.refi.speakercases` decides which case is a speaker; every case it does
not carry is listed in the report.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sqlite3
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree

import researchkit
from researchkit.codings import CODING_COLUMNS
from researchkit.refi import Exchange, read_qdpx, write_qdpx
from researchkit.refi.offsets import SourceText
from researchkit.refi.qualcoder import read_qualcoder
from researchkit.refi.speakercases import MIN_COVERAGE
from researchkit.refi.targets import get_target
from researchkit.refi.turns import turns_for_text
from researchkit.refi.validate import SCHEMA_DIR
from researchkit.transcripts import Corpus, Transcript

NS = {"q": "urn:QDA-XML:project:1.0"}
FG = ("MOD: Welkom allemaal. Wat betekent de haven voor jullie?\n"
      "ANNA: Ik vis al dertig jaar vanuit Urk op tong.\n"
      "BERT: Voor mij is het werk, ik controleer vracht bij de douane.\n"
      "COR: Ik ben gestopt met vissen, de prijzen zijn te laag.\n"
      "MOD: Wat is er veranderd?\n"
      "ANNA: De quota, en de brandstof is duur geworden 😀.\n"
      "BERT: Meer containers, minder mensen.\n"
      "COR: Alles, eerlijk gezegd.\n")
R01 = "I: Hoe gaat het in de haven?\nR: Goed, dank u.\n"


def _quiet(call, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(*args, **kwargs)


def _speakers() -> pd.DataFrame:
    """Three participants: an integer, a float with a missing value, a yes/no, a text with a missing value, a date."""
    return pd.DataFrame({"doc_id": ["FG1", "FG1", "FG1"], "speaker": ["ANNA", "BERT", "COR"],
                         "sector": ["visserij", "douane", None], "age": [51, 38, 64], "hours": [50.5, float("nan"), 12.0],
                         "member": [True, False, True], "since": ["1994-05-01", "2010-09-15", "1982-01-03"]}
                        ).set_index(["doc_id", "speaker"])


def _corpus(speakers: pd.DataFrame | None = None) -> Corpus:
    docs = [Transcript("FG1", FG, turns_for_text("FG1", FG), {"place": "Urk", "group": 1}),
            Transcript("R01", R01, turns_for_text("R01", R01), {"place": "Harlingen", "group": 2})]
    return Corpus(docs, speakers=speakers)


def _codings() -> pd.DataFrame:
    a = FG.index("tong")
    b = R01.index("haven")
    rows = [{"doc_id": "FG1", "start": a, "end": a + 4, "code": "VIS", "coder": "anna", "source": "manual", "text": "tong",
             "id": "00000000-0000-4000-8000-000000000a01", "created": "2026-01-02T03:04:05Z", "memo": None},
            {"doc_id": "R01", "start": b, "end": b + 5, "code": "HAVEN", "coder": "anna", "source": "manual", "text": "haven",
             "id": "00000000-0000-4000-8000-000000000a02", "created": "2026-01-02T03:04:05Z", "memo": "eerste keer"}]
    return pd.DataFrame(rows, columns=CODING_COLUMNS + ["id", "created", "memo"])


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts, a missing value as ``None``."""
    return [{k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in row.items()}
            for row in frame.reset_index().to_dict("records")]


def _project_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("project.qde"))


def _valid(root: etree._Element) -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "Project.xsd")))
    assert schema.validate(root), schema.error_log


# -- export and round trip ---------------------------------------------------------------


@pytest.mark.parametrize("target", ["standard", "nvivo", "atlasti"])
def test_speaker_attributes_round_trip_exactly_through_cases_per_participant(tmp_path, target):
    speakers = _speakers()
    path = tmp_path / f"fg-{target}.qdpx"
    report = _quiet(write_qdpx, Exchange("focus", _corpus(speakers), None, _codings()), path, target=target)
    assert report.counts["speaker cases"] == 3
    root = _project_xml(path)
    _valid(root)
    cases = {c.get("name"): c for c in root.iterfind("q:Cases/q:Case", NS)}
    assert set(cases) == {"FG1", "R01", "FG1: ANNA", "FG1: BERT", "FG1: COR"}
    assert cases["FG1: ANNA"].find("q:SourceRef", NS) is None  # a participant is part of the document, never all of it
    fg_source = next(t for t in root.iterfind("q:Sources/q:TextSource", NS) if t.get("name") in ("FG1", "FG1.txt"))
    with zipfile.ZipFile(path) as z:  # the text as the program reads it (NVivo's: BOM and CRLF)
        raw = z.read("sources/" + fg_source.get("plainTextPath").removeprefix("internal://")).decode("utf-8-sig")
    source, convention = SourceText(raw), get_target(target).convention
    assert source.canonical == FG
    selections = {s.get("guid"): s for s in root.iterfind("q:Sources/q:TextSource/q:PlainTextSelection", NS)}
    for name, speaker in (("FG1: ANNA", "ANNA"), ("FG1: BERT", "BERT"), ("FG1: COR", "COR")):
        refs = [r.get("targetGUID") for r in cases[name].iterfind("q:SelectionRef", NS)]
        turns = [u for u in turns_for_text("FG1", FG) if u.speaker == speaker]
        assert len(refs) == len(turns) == 2
        for ref, turn in zip(refs, turns):  # offsets sacred: each selection is exactly one of the speaker's turns
            sel = selections[ref]
            assert not sel.findall("q:Coding", NS)
            starts, ends, ok = source.to_canonical([int(sel.get("startPosition"))], [int(sel.get("endPosition"))], convention)
            assert ok.all() and FG[int(starts[0]):int(ends[0])] == FG[turn.start:turn.end]
            assert (int(starts[0]), int(ends[0])) == (turn.start, turn.end)
    anna_late = selections[[r.get("targetGUID") for r in cases["FG1: ANNA"].iterfind("q:SelectionRef", NS)][1]]
    end = FG.index("😀") + 2
    expected = len(raw[:end + FG.count("\n", 0, end)].encode("utf-16-le")) // 2 if target == "nvivo" else end
    assert int(anna_late.get("endPosition")) == expected  # NVivo counts the emoji as two UTF-16 units and CRLF as two
    back = _quiet(read_qdpx, path)
    pd.testing.assert_frame_equal(back.corpus.speaker_attributes, speakers)
    assert back.corpus["FG1"].attributes == {"place": "Urk", "group": 1}  # the document keeps its own values only
    assert not [line for line in back.report.not_carried if "case" in line]
    row = back.codings[back.codings["doc_id"] == "FG1"].iloc[0]
    assert FG[row.start:row.end] == row.text == "tong"


def test_round_trip_without_researchkits_extension_keeps_values_and_types(tmp_path):
    """Another program keeps the XML and drops researchkit's member: the values and their types still come back."""
    path = tmp_path / "fg.qdpx"
    _quiet(write_qdpx, Exchange("focus", _corpus(_speakers())), path)
    bare = tmp_path / "bare.qdpx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bare, "w") as dst:
        for info in src.infolist():
            if not info.filename.startswith("researchkit/"):
                dst.writestr(info, src.read(info))
    back = _quiet(read_qdpx, bare).corpus.speaker_attributes
    expected = _speakers()[sorted(_speakers().columns)]  # QDA-XML sorts the variables by name
    pd.testing.assert_frame_equal(back[sorted(back.columns)], expected)


def test_an_export_without_speaker_attributes_is_byte_for_byte_what_it_was(tmp_path):
    """The members of an export without speaker attributes, as the writer wrote them before speaker cases existed.

    The digests were taken from the writer of the main branch before this change, with the
    version string masked (it changes with every release).
    """
    digests = {}
    for speakers in (None, _speakers().iloc[0:0]):  # no table, and an empty one
        path = tmp_path / f"plain-{speakers is None}.qdpx"
        _quiet(write_qdpx, Exchange("plain", _corpus(speakers), None, _codings(), created="2026-01-02T03:04:05Z"), path)
        with zipfile.ZipFile(path) as z:
            members = {i.filename: hashlib.sha256(z.read(i).replace(researchkit.__version__.encode(), b"VERSION")).hexdigest()
                       for i in z.infolist()}
        digests[speakers is None] = members
    assert digests[True] == digests[False] == GOLDEN


GOLDEN = {  # the main branch's writer before speaker cases (commit 61904be), version masked
    "project.qde": "e8d7980418ed6d36919f5d266ba4fc460b519860ca3a84f95dfa73958bf15377",
    "sources/D6D69EB0-6925-5164-8097-A1A8CBE9DF8D.txt": "b54050fff965e13249449e369138c09d83cd7a7e519740661d888a7edfc65b2a",
    "sources/DA3E5882-F9D1-540F-B002-0A2573C519D5.txt": "66e61c67ab552b692e50ecac7062fe1a838b2e3288f2d9e78906e855d2ab885c",
    "researchkit/extension.json": "95588dbd4b27a97912a35bae866f0877b120d20c4fc5d52e868afd2f418c5c5f",
}


# -- import of person cases made elsewhere ------------------------------------------------

G = "00000000-0000-4000-8000-0000000000{:02d}".format


def _sel(n: int, passage: str, *, coding: str = "") -> str:
    a = FG.index(passage)
    b = a + len(passage)
    return f'<PlainTextSelection guid="{G(n)}" startPosition="{a}" endPosition="{b}">{coding}</PlainTextSelection>'


def _value(var: int, text: str, tag: str = "TextValue") -> str:
    return f'<VariableValue><VariableRef targetGUID="{G(var)}"/><{tag}>{text}</{tag}></VariableValue>'


def _person_cases_project(path: Path) -> Path:
    """As NVivo and QualCoder write persons: cases with selections of part of a document (labels included or not)."""
    coding = lambda n: f'<Coding guid="{G(n)}"><CodeRef targetGUID="{G(90)}"/></Coding>'  # noqa: E731
    body = (
        f'<Variables><Variable guid="{G(80)}" name="age" typeOfVariable="Integer"/>'
        f'<Variable guid="{G(81)}" name="sector" typeOfVariable="Text"/></Variables>'
        "<Cases>"
        # Anna: selections of her paragraphs with the label (QualCoder marks the line), one case named as a person
        f'<Case guid="{G(60)}" name="Anna de Vries">{_value(80, "51", "IntegerValue")}{_value(81, "visserij")}'
        f'<SelectionRef targetGUID="{G(20)}"/><SelectionRef targetGUID="{G(21)}"/></Case>'
        # Bert: a case that is also a code (NVivo writes the case node so), coding his two turns
        f'<Case guid="{G(91)}" name="BERT">{_value(80, "38", "IntegerValue")}</Case>'
        # Cor: the selection runs on into the moderator's question: ambiguous, listed
        f'<Case guid="{G(62)}" name="Cor">{_value(80, "64", "IntegerValue")}<SelectionRef targetGUID="{G(22)}"/></Case>'
        # a "case" covering one sentence of Anna's: too little of her to be her, listed
        f'<Case guid="{G(63)}" name="Brandstof">{_value(81, "energie")}<SelectionRef targetGUID="{G(23)}"/></Case>'
        # the whole document: a document case, as before
        f'<Case guid="{G(64)}" name="Urk">{_value(81, "haven")}<SourceRef targetGUID="{G(1)}"/></Case>'
        "</Cases>"
        f'<Sources><TextSource guid="{G(1)}" name="FG1" plainTextPath="internal://{G(1)}.txt">'
        + _sel(20, "ANNA: Ik vis al dertig jaar vanuit Urk op tong.\n")
        + _sel(21, "ANNA: De quota, en de brandstof is duur geworden 😀.")
        + _sel(22, "COR: Ik ben gestopt met vissen, de prijzen zijn te laag.\nMOD: Wat")
        + _sel(23, "de brandstof is duur")
        + _sel(30, "Voor mij is het werk, ik controleer vracht bij de douane.", coding=f'<Coding guid="{G(40)}"><CodeRef targetGUID="{G(91)}"/></Coding>')
        + _sel(31, "Meer containers, minder mensen.", coding=f'<Coding guid="{G(41)}"><CodeRef targetGUID="{G(91)}"/></Coding>')
        + _sel(32, "tong", coding=coding(42))
        + "</TextSource></Sources>"
    )
    codes = f'<Code guid="{G(90)}" name="Vis" isCodable="true"/><Code guid="{G(91)}" name="BERT" isCodable="true"/>'
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="fg" origin="NVivo 14"><CodeBook><Codes>{codes}</Codes></CodeBook>'
           f"{body}</Project>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        z.writestr(f"sources/{G(1)}.txt", FG.encode("utf-8"))
    return path


def test_person_cases_of_part_of_a_document_become_speaker_attributes(tmp_path):
    path = _person_cases_project(tmp_path / "nvivo.qdpx")
    _valid(_project_xml(path))
    ex = _quiet(read_qdpx, path)
    assert _records(ex.corpus.speaker_attributes) == [
        {"doc_id": "FG1", "speaker": "ANNA", "age": 51, "sector": "visserij", "case": "Anna de Vries"},
        {"doc_id": "FG1", "speaker": "BERT", "age": 38, "sector": None, "case": None},  # named as the label: no 'case'
    ]
    assert ex.corpus["FG1"].attributes == {"sector": "haven", "case": "Urk"}  # only the whole-document case
    lost = "\n".join(ex.report.not_carried)
    assert "case 'Cor' covers only part of 'FG1'" in lost and "run over the turns of 'COR' and 'MOD'" in lost
    assert "case 'Brandstof' covers only part of 'FG1'" in lost and f"more than {MIN_COVERAGE:.0%} needed" in lost
    assert "case 'Anna de Vries'" not in lost and "case 'BERT'" not in lost
    carried = [w for w in ex.report.warnings if "read as speaker attributes" in w]
    assert carried and "case 'Anna de Vries' -> speaker 'ANNA' of 'FG1'" in carried[0]
    bert = [c.id for c in ex.codebook.walk() if c.name == "BERT"]
    assert len(bert) == 1 and len(ex.codings[ex.codings["code"] == bert[0]]) == 2  # the case's codings are kept too


def test_two_cases_of_one_speaker_are_ambiguous_and_neither_is_carried(tmp_path):
    body = (f'<Variables><Variable guid="{G(80)}" name="age" typeOfVariable="Integer"/></Variables><Cases>'
            f'<Case guid="{G(60)}" name="Anna">{_value(80, "51", "IntegerValue")}<SelectionRef targetGUID="{G(20)}"/>'
            f'<SelectionRef targetGUID="{G(21)}"/></Case>'
            f'<Case guid="{G(61)}" name="Anna (2)">{_value(80, "52", "IntegerValue")}<SelectionRef targetGUID="{G(20)}"/>'
            f'<SelectionRef targetGUID="{G(21)}"/></Case></Cases>'
            f'<Sources><TextSource guid="{G(1)}" name="FG1" plainTextPath="internal://{G(1)}.txt">'
            + _sel(20, "Ik vis al dertig jaar vanuit Urk op tong.") + _sel(21, "De quota, en de brandstof is duur geworden 😀.")
            + "</TextSource></Sources>")
    path = tmp_path / "twice.qdpx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", f'<Project xmlns="urn:QDA-XML:project:1.0" name="fg" origin="QualCoder 3.6">{body}</Project>')
        z.writestr(f"sources/{G(1)}.txt", FG.encode("utf-8"))
    _valid(_project_xml(path))
    ex = _quiet(read_qdpx, path)
    assert ex.corpus.speaker_attributes is None
    assert ex.corpus["FG1"].attributes == {}
    assert any("case 'Anna', case 'Anna (2)' all cover speaker 'ANNA' of 'FG1'" in line for line in ex.report.not_carried)


def test_a_case_selection_that_names_no_selection_is_listed(tmp_path):
    body = (f'<Cases><Case guid="{G(60)}" name="Anna"><SelectionRef targetGUID="{G(99)}"/></Case></Cases>'
            f'<Sources><TextSource guid="{G(1)}" name="FG1" plainTextPath="internal://{G(1)}.txt"/></Sources>')
    path = tmp_path / "dangling.qdpx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", f'<Project xmlns="urn:QDA-XML:project:1.0" name="fg" origin="x">{body}</Project>')
        z.writestr(f"sources/{G(1)}.txt", FG.encode("utf-8"))
    ex = _quiet(read_qdpx, path)
    lost = "\n".join(ex.report.not_carried)
    assert "case 'Anna': 1 selection reference(s) to no text selection that was read" in lost
    assert "case 'Anna': no source of the project belongs to it" in lost


# -- QualCoder's database: the same rule --------------------------------------------------


def _qualcoder_rules():
    spec = importlib.util.spec_from_file_location("qc_db_tests", Path(__file__).with_name("test_qualcoder_db.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_qualcoder_case_ranges_of_one_participant_become_speaker_attributes(tmp_path):
    qc = _qualcoder_rules()
    folder = tmp_path / "FG.qda"
    folder.mkdir()
    con = sqlite3.connect(folder / "data.qda")
    con.executescript(qc.V14_SCHEMA)
    when = "2024-03-01 10:00:00"
    qc._insert(con, "project", databaseversion="v14", date=when, memo="", about="QualCoder 3.9", codername="anna",
               bookmarkfile=0, bookmarkpos=0, recently_used_codes="")
    crlf = FG.replace("\n", "\r\n")  # QualCoder keeps the CRs of a pasted text and counts them
    qc._insert(con, "source", id=1, name="FG1", fulltext=crlf, mediapath=None, memo="", owner="anna", date=when)
    for caseid, name in ((1, "ANNA"), (2, "Bert Bakker"), (3, "Cor")):
        qc._insert(con, "cases", caseid=caseid, name=name, memo="", owner="anna", date=when)
    spans = {1: ["ANNA: Ik vis al dertig jaar vanuit Urk op tong.", "ANNA: De quota, en de brandstof is duur geworden 😀."],
             2: ["Voor mij is het werk, ik controleer vracht bij de douane.", "Meer containers, minder mensen."],
             3: ["Ik ben gestopt met vissen, de prijzen zijn te laag.\r\nMOD: Wat"]}
    for caseid, passages in spans.items():
        for passage in passages:
            at = crlf.index(passage)
            qc._insert(con, "case_text", caseid=caseid, fid=1, pos0=at, pos1=at + len(passage), owner="anna", date=when)
    qc._insert(con, "attribute_type", name="leeftijd", date=when, owner="anna", memo="", caseOrFile="case", valuetype="numeric")
    for caseid, age in ((1, "51"), (2, "38"), (3, "64")):
        qc._insert(con, "attribute", name="leeftijd", attr_type="case", value=age, id=caseid, date=when, owner="anna")
    con.commit()
    con.close()
    ex = _quiet(read_qualcoder, folder)
    assert ex.corpus["FG1"].text == FG
    assert _records(ex.corpus.speaker_attributes) == [
        {"doc_id": "FG1", "speaker": "ANNA", "leeftijd": 51, "case": None},
        {"doc_id": "FG1", "speaker": "BERT", "leeftijd": 38, "case": "Bert Bakker"},
    ]
    lost = "\n".join(ex.report.not_carried)
    assert "case 'Cor' covers only part of 'FG1'" in lost and "run over the turns of 'COR' and 'MOD'" in lost
    assert ex.corpus["FG1"].attributes == {}


# -- the rule itself ----------------------------------------------------------------------


def test_the_rule_refuses_headings_unlabelled_turns_and_thin_coverage():
    from researchkit.refi.speakercases import speaker_of
    from researchkit.transcripts import Turn

    text = "Focusgroep Urk\n\nANNA: Ja.\n  Nog iets.\nBERT: Nee.\nANNA: Toch wel.\n"
    turns = (Turn("ANNA", "respondent", 22, 37), Turn("BERT", "respondent", 44, 48), Turn("ANNA", "respondent", 55, 64))
    assert text[22:37] == "Ja.\n  Nog iets." and text[44:48] == "Nee." and text[55:64] == "Toch wel."
    assert speaker_of(text, turns, [(0, 37), (49, 64)]) == (None, "its selections hold text outside every speaker's turns "
                                                            "(the line 'Focusgroep Urk': a heading, a note, or a label that is "
                                                            "not only the speaker's)")
    assert speaker_of(text, turns, [(16, 38), (49, 64)]) == ("ANNA", "")  # labels and the blank lines around them are fine
    assert speaker_of(text, turns, [(22, 37)])[1] == "its selections reach 1 of the 2 turns of speaker 'ANNA' (more than 50% needed)"
    unlabelled = (Turn("", "other", 22, 37),) + turns[1:]
    assert speaker_of(text, unlabelled, [(22, 37)]) == (None, "its selections hold a turn without a speaker label")
    assert speaker_of(text, turns, [(40, 40)]) == (None, "its selections hold no text")

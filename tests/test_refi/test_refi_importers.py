"""What the importers of other programs refuse in a researchkit ``.qdpx``, checked by their own rules.

The rules come from the importers' source:

* QualCoder ``src/qualcoder/refi.py`` (ccbogel/QualCoder, class ``RefiImport``), applied by
  ``qualcoder_rules.py``: it stops on an ``AudioSource``/``VideoSource`` without ``name``
  (``"/audio/" + name``) and on a ``<Transcript>`` without ``creationDateTime`` /
  ``modifiedDateTime`` (``create_date.replace``); it keeps one code per name
  (``code_name.name`` unique) and compares GUIDs as written (``c['guid'] == targetGUID``);
* qc ``qualitative_coding/refi_qda/reader.py`` (cproctor/qualitative-coding): every child of
  ``<Sources>`` needs a ``plainTextPath`` (``source['name']`` on an ``Element`` stops the
  import otherwise), each source is copied to ``import/<name>`` with its suffix replaced by
  the file's (``Path.with_suffix``), codes are looked up by GUID as written
  (``self.code_guids[targetGUID]``) and codings filed under the code's name; the file is
  validated against the REFI-QDA schema (the one researchkit ships).

Other importers (NVivo, ATLAS.ti, MAXQDA) are closed; every export is validated against
``Project.xsd`` before it is put in place.
"""

from __future__ import annotations

import importlib.util
import re
import warnings
import zipfile
from pathlib import Path, PurePosixPath

import pandas as pd
import pytest
from lxml import etree

from researchkit.codebook import Codebook
from researchkit.errors import ExchangeWarning
from researchkit.refi import read_qdpx, write_qdc, write_qdpx
from researchkit.refi.model import Exchange
from researchkit.refi.validate import schema
from researchkit.transcripts import Corpus, Transcript

_here = Path(__file__).parent
_spec = importlib.util.spec_from_file_location("qualcoder_rules", _here / "qualcoder_rules.py")
qualcoder_rules = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(qualcoder_rules)

NS = {"q": "urn:QDA-XML:project:1.0"}
TEXT = "I: Waar werkte u?\nR: In de haven van Urk, daarna bij de douane.\nI: En nu?\nR: Klein bedrijf.\n"
CODEBOOK = {"codes": [{"id": "H", "name": "Haven", "children": [{"id": "H.K", "name": "Klein"}]},
                      {"id": "D", "name": "Douane", "children": [{"id": "D.K", "name": "Klein"}]}]}


def _coding(doc: str, text: str, quote: str, code: str, coder: str, n: int, **extra) -> dict:
    start = text.index(quote)
    return {"doc_id": doc, "start": start, "end": start + len(quote), "code": code, "coder": coder,
            "id": f"00000000-0000-4000-8000-0000000001{n:02d}", "created": "2026-11-27T10:00:00Z", "memo": None,
            "text": quote, **extra}


def _exchange(*, media: dict | None = None, created: str | None = "2026-11-01T09:00:00Z",
              doc_ids: tuple[str, ...] = ("R01", "R02")) -> Exchange:
    docs = [Transcript(d, TEXT, attributes={"leeftijd": 40 + k, **(media or {} if k == 0 else {})})
            for k, d in enumerate(doc_ids)]
    rows = [_coding(doc_ids[0], TEXT, "haven van Urk", "H.K", "anna", 1, memo="eerste"),
            _coding(doc_ids[0], TEXT, "douane", "D.K", "bob", 2),
            _coding(doc_ids[1], TEXT, "Klein bedrijf", "D.K", "anna", 3)]
    memos = pd.DataFrame([{"id": "00000000-0000-4000-8000-000000000201", "target_type": "project", "target": "",
                           "author": "anna", "text": "Journaal", "created": "2026-11-02T09:00:00Z", "updated": None},
                          {"id": "00000000-0000-4000-8000-000000000202", "target_type": "code", "target": "D.K",
                           "author": "bob", "text": "Codememo", "created": "2026-11-02T09:00:00Z", "updated": None}])
    sync = {doc_ids[0]: ((0, 0), (TEXT.index("R: In"), 2500), (TEXT.index("I: En"), 9000))} if media else {}
    return Exchange("haven", Corpus(docs), Codebook.from_dict(CODEBOOK), pd.DataFrame(rows), memos=memos,
                    created=created, sync_points=sync)


def _root(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("project.qde"))


MEDIA = {"media_path": "relative:///opnamen/r01.m4a", "media_guid": "00000000-0000-4000-8000-000000000301"}


@pytest.mark.parametrize("target", ["standard", "nvivo", "atlasti", "maxqda", "qualcoder", "qc"])
def test_every_guid_the_file_refers_to_is_defined_with_exactly_that_spelling(tmp_path, target):
    """QualCoder and qc match references by string equality: ``targetGUID``, ``creatingUser`` must be written as defined."""
    out = tmp_path / f"{target}.qdpx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        write_qdpx(_exchange(media=MEDIA), out, target=target, recordings=True)
    root = _root(out)
    defined = [el.get("guid") for el in root.iter() if el.get("guid") is not None]
    assert len(defined) == len(set(defined))
    refs = [(el.tag.split("}")[1], key, el.get(key)) for el in root.iter()
            for key in ("targetGUID", "creatingUser", "modifyingUser", "fromSyncPoint", "toSyncPoint", "originGUID")
            if el.get(key) is not None]
    assert refs and {value for _, _, value in refs} <= set(defined), [r for r in refs if r[2] not in defined]
    assert all(re.fullmatch(r"[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}", g) for g in defined)  # one case throughout
    users = {u.get("guid") for u in root.iterfind(".//q:User", NS)}
    assert {v for _, key, v in refs if key == "creatingUser"} <= users
    # ATLAS.ti rejects a project whose richTextPath names the .txt (noted in QualCoder's exporter): none is written
    assert not [el for el in root.iter() if el.get("richTextPath") is not None]
    assert all(el.get("plainTextPath", "").startswith("internal://") for el in root.iterfind(".//q:TextSource", NS))


def test_a_recording_written_for_qualcoder_has_a_name_and_a_dated_transcript(tmp_path):
    """Without ``media_name`` the source used to go out nameless and its transcript undated: QualCoder stopped on both."""
    out = tmp_path / "qualcoder.qdpx"
    report = write_qdpx(_exchange(media=MEDIA), out, target="qualcoder", recordings=True)
    (audio,) = _root(out).iterfind(".//q:AudioSource", NS)
    (transcript,) = audio.iterfind("q:Transcript", NS)
    assert audio.get("name") == "r01.m4a"   # the recording's file name, as QualCoder names its copy
    assert transcript.get("creationDateTime") == audio.get("creationDateTime") == "2026-11-01T09:00:00Z"
    got = qualcoder_rules.read_like_qualcoder(out, tmp_path)
    assert got["sources"]["R01"]["fulltext"] == TEXT and len(got["codings"]) == 3
    assert report.warnings[0].startswith("1 code name(s) used by an earlier code renamed for QualCoder")
    # without a project date there is none to write: said in the report, and QualCoder's rule shows why
    undated = tmp_path / "undated.qdpx"
    report = write_qdpx(_exchange(media=MEDIA, created=None), undated, target="qualcoder", recordings=True)
    assert any(w.startswith("the project has no creation date") for w in report.warnings)
    with pytest.raises(qualcoder_rules.QualCoderWouldFail, match="transcript .* has no date"):
        qualcoder_rules.read_like_qualcoder(undated, tmp_path / "u")


def test_two_codes_of_one_name_keep_their_codings_in_qualcoder_when_written_for_it(tmp_path):
    """QualCoder keeps one code per name: the second ``Klein``'s codings arrived without a code from a standard file."""
    write_qdpx(_exchange(), tmp_path / "standard.qdpx")
    got = qualcoder_rules.read_like_qualcoder(tmp_path / "standard.qdpx", tmp_path / "s")
    assert sorted(str(c["code"]) for c in got["codings"]) == ["Klein", "None", "None"]   # what went wrong
    report = write_qdpx(_exchange(), tmp_path / "qualcoder.qdpx", target="qualcoder")
    got = qualcoder_rules.read_like_qualcoder(tmp_path / "qualcoder.qdpx", tmp_path / "q")
    assert sorted((c["seltext"], c["code"]) for c in got["codings"]) == [
        ("Klein bedrijf", "Klein (D.K)"), ("douane", "Klein (D.K)"), ("haven van Urk", "Klein")]
    assert "'D.K' as 'Klein (D.K)'" in report.warnings[0]
    back = read_qdpx(tmp_path / "qualcoder.qdpx")   # researchkit reads its own names back
    assert back.codebook["D.K"].name == "Klein" and sorted(back.codings["code"]) == ["D.K", "D.K", "H.K"]


def _read_like_qc(qdpx: Path) -> dict:
    """qc's ``REFIQDAReader`` rules (``validate``, ``unpack_codes``, ``unpack_sources``), without its corpus."""
    with zipfile.ZipFile(qdpx) as z:
        qde = z.read("project.qde")
    root = etree.fromstring(qde)
    schema("project").assertValid(root)
    code_guids = {c.get("guid"): c.get("name") for c in root.iterfind(".//q:Code", NS)}
    users = {u.get("guid"): u.get("name") for u in root.iterfind(".//q:User", NS)}
    files: dict[str, str] = {}
    coded: list[tuple] = []
    for source in root.find("q:Sources", NS):
        if not source.get("plainTextPath"):   # qc then formats source['name'] on an Element: TypeError
            raise AssertionError(f"qc stops on <{etree.QName(source).localname}>: no plainTextPath")
        importable = PurePosixPath("import", source.get("name")).with_suffix(".txt")
        assert importable.parent == PurePosixPath("import"), f"{source.get('name')!r} names a folder"
        assert str(importable) not in files, f"two sources copied to {importable}"
        files[str(importable)] = source.get("name")
        for sel in source.iterfind("q:PlainTextSelection", NS):
            named = re.match(r"line:(\d+)", sel.get("name") or "")
            line = int(named.group(1)) if named else None   # qc then guesses the line from startPosition
            for coding in sel.iterfind("q:Coding", NS):
                code = code_guids[coding.find("q:CodeRef", NS).get("targetGUID")]
                coded.append((importable.name, line, code, users.get(coding.get("creatingUser"), "default")))
    return {"files": sorted(files), "coded": sorted(coded), "codes": sorted(code_guids.values())}


def test_qc_gets_text_sources_only_under_names_its_import_keeps_apart(tmp_path):
    """Document ids with a dot (``int.01``) became one file in qc; a recording stopped its import."""
    ex = _exchange(media=MEDIA, doc_ids=("int.01", "int.02"))
    out = tmp_path / "qc.qdpx"
    report = write_qdpx(ex, out, target="qc", recordings=True)
    got = _read_like_qc(out)
    assert got["files"] == ["import/int.01.txt", "import/int.02.txt"]
    assert got["coded"] == [("int.01.txt", 1, "Klein", "anna"), ("int.01.txt", 1, "Klein (D.K)", "bob"),
                            ("int.02.txt", 3, "Klein (D.K)", "anna")]
    assert any("its recording 'relative:///opnamen/r01.m4a' not written: qc stops" in n for n in report.not_carried)
    back = read_qdpx(out)
    assert [t.doc_id for t in back.corpus] == ["int.01", "int.02"] and back.sync_points == ex.sync_points
    standard = tmp_path / "standard.qdpx"   # what a standard file did to qc
    write_qdpx(ex, standard, recordings=True)
    with pytest.raises(AssertionError, match="qc stops on <AudioSource>"):
        _read_like_qc(standard)


def test_control_characters_in_memos_names_and_attributes_are_replaced_and_reported_not_a_crash(tmp_path):
    """Word's vertical tab (manual line break) in a memo made the export fail with lxml's ValueError."""
    text = "R: ja\x07 de haven\x1b is mooi\n"
    rows = [_coding("R01", text, "ja\x07 de haven", "H", "anna", 1, memo="regel\x0bnieuw")]
    ex = Exchange("p", Corpus([Transcript("R01", text, attributes={"functie": "schipper\x0c"})]),
                  Codebook.from_dict({"codes": [{"id": "H", "name": "Haven"}]}), pd.DataFrame(rows))
    out = tmp_path / "cc.qdpx"
    report = write_qdpx(ex, out)   # validated against Project.xsd before it is put in place
    (warning,) = [w for w in report.warnings if "characters XML cannot hold" in w]
    assert warning.startswith("3 name(s), memo(s) or attribute value(s)")
    assert "<Description> text" in warning and "<PlainTextSelection> name" in warning and "<TextValue> text" in warning
    root = _root(out)
    (sel,) = root.iterfind(".//q:PlainTextSelection", NS)
    assert sel.find("q:Description", NS).text == "regel\nnieuw" and sel.get("name") == "ja\ufffd de haven"
    with zipfile.ZipFile(out) as z:
        guid = root.find(".//q:TextSource", NS).get("guid")
        assert z.read(f"sources/{guid}.txt").decode("utf-8") == text   # the text itself untouched
    back = read_qdpx(out)
    (row,) = back.codings.itertuples()
    assert back.corpus["R01"].text[row.start:row.end] == "ja\x07 de haven"


def test_a_codebook_with_a_control_character_is_written_with_a_warning(tmp_path):
    book = Codebook.from_dict({"codes": [{"id": "H", "name": "Haven", "description": "Plaats\x0baan het water"}]})
    with pytest.warns(ExchangeWarning, match="characters XML cannot hold"):
        path = write_qdc(book, tmp_path / "cb.qdc")
    assert b"Plaats\naan het water" in path.read_bytes()


def test_typed_variables_keep_their_types_in_and_out(tmp_path):
    """MAXQDA and Quirkos put a document's values in an unnamed case with one ``SourceRef`` (QualCoder's
    ``parse_case_for_file_variables`` documents the shape); a number may come as a ``TextValue`` of a variable
    declared ``Integer``. Types as declared come in; dates stay ISO text and go out as ``Date`` again."""
    G = "00000000-0000-4000-8000-0000000000{:02d}".format
    variables = "".join(f'<Variable guid="{G(60 + k)}" name="{n}" typeOfVariable="{t}"/>' for k, (n, t) in enumerate(
        [("leeftijd", "Integer"), ("vast", "Boolean"), ("uren", "Float"), ("datum", "Date"), ("begin", "DateTime"), ("noot", "Integer")]))
    values = [("TextValue", "47"), ("TextValue", "true"), ("FloatValue", "7.5"), ("DateValue", "2024-03-01"),
              ("DateTimeValue", "2024-03-01T09:30:00Z"), ("TextValue", "onbekend")]
    case = "".join(f'<VariableValue><VariableRef targetGUID="{G(60 + k)}"/><{tag}>{v}</{tag}></VariableValue>'
                   for k, (tag, v) in enumerate(values))
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="m" origin="MAXQDA 2020"><Variables>{variables}</Variables>'
           f'<Cases><Case guid="{G(70)}">{case}<SourceRef targetGUID="{G(20)}"/></Case></Cases>'
           f'<Sources><TextSource guid="{G(20)}" name="Interview 1" plainTextPath="internal://{G(20)}.txt"/></Sources></Project>')
    with zipfile.ZipFile(tmp_path / "m.qdpx", "w") as z:
        z.writestr("project.qde", qde)
        z.writestr(f"sources/{G(20)}.txt", "R: ja")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ex = read_qdpx(tmp_path / "m.qdpx")
    attrs = ex.corpus["Interview 1"].attributes
    assert attrs == {"leeftijd": 47, "vast": True, "uren": 7.5, "datum": "2024-03-01", "begin": "2024-03-01T09:30:00Z",
                     "noot": "onbekend"}   # a value that is no number stays as written
    write_qdpx(ex, tmp_path / "out.qdpx")
    root = _root(tmp_path / "out.qdpx")
    types = {v.get("name"): v.get("typeOfVariable") for v in root.iterfind(".//q:Variable", NS)}
    assert types == {"leeftijd": "Integer", "vast": "Boolean", "uren": "Float", "datum": "Date", "begin": "DateTime", "noot": "Text"}
    tags = sorted(etree.QName(vv[1]).localname for vv in root.iterfind(".//q:VariableValue", NS))
    assert tags == ["BooleanValue", "DateTimeValue", "DateValue", "FloatValue", "IntegerValue", "TextValue"]
    # not every date-like text is a date: 2024-02-30 stays Text (xsd:date would refuse it)
    bad = Exchange("b", Corpus([Transcript("R01", "ja", attributes={"datum": "2024-02-30"})]))
    write_qdpx(bad, tmp_path / "bad.qdpx")
    assert [v.get("typeOfVariable") for v in _root(tmp_path / "bad.qdpx").iterfind(".//q:Variable", NS)] == ["Text"]


def test_a_case_written_also_as_a_code_gives_its_values_to_the_documents_it_codes_whole(tmp_path):
    """Some exporters (NVivo) write each case also as a code of the same GUID and code the case's text with it;
    QualCoder's importer undoes this (``clean_up_case_codes_and_case_text`` in ``src/qualcoder/refi.py``)."""
    G = "00000000-0000-4000-8000-0000000000{:02d}".format
    interview, group = "R: Ik ben Anna.\n", "A: Anna hier.\nB: En Bram.\n"

    def sel(k: int, text: str, part: str, code: int) -> str:
        a = text.index(part)
        return (f'<PlainTextSelection guid="{G(k)}" startPosition="{a}" endPosition="{a + len(part)}">'
                f'<Coding guid="{G(k + 1)}"><CodeRef targetGUID="{G(code)}"/></Coding></PlainTextSelection>')

    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="n" origin="NVivo for Windows 14">'
           f'<CodeBook><Codes><Code guid="{G(10)}" name="Anna" isCodable="true"/><Code guid="{G(11)}" name="Werk" isCodable="true"/>'
           f'</Codes></CodeBook><Variables><Variable guid="{G(60)}" name="leeftijd" typeOfVariable="Integer"/></Variables>'
           f'<Cases><Case guid="{G(10)}" name="Anna"><VariableValue><VariableRef targetGUID="{G(60)}"/><IntegerValue>34</IntegerValue>'
           f'</VariableValue></Case></Cases><Sources>'
           f'<TextSource guid="{G(20)}" name="Interview Anna" plainTextPath="internal://{G(20)}.txt">'
           + sel(30, interview, "R: Ik ben Anna.", 10) + sel(32, interview, "Anna", 11) + '</TextSource>'
           f'<TextSource guid="{G(21)}" name="Groep" plainTextPath="internal://{G(21)}.txt">'
           + sel(34, group, "A: Anna hier.", 10) + '</TextSource></Sources></Project>')
    with zipfile.ZipFile(tmp_path / "n.qdpx", "w") as z:
        z.writestr("project.qde", qde)
        z.writestr(f"sources/{G(20)}.txt", interview)
        z.writestr(f"sources/{G(21)}.txt", group)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ex = read_qdpx(tmp_path / "n.qdpx")
    assert ex.corpus["Interview Anna"].attributes == {"leeftijd": 34, "case": "Anna"}
    assert ex.corpus["Groep"].attributes == {}   # a focus group: Anna speaks in part of it
    assert len(ex.codings) == 3   # the case's codings are kept
    assert ("case 'Anna' is also a code (the same GUID, as NVivo writes cases): its codings kept; the 1 document(s) it "
            "codes whole belong to it (Interview Anna); 1 document(s) it codes only in part (Groep) do not get its values; "
            "each is read as one speaker's case where its codings match one speaker's turns") in ex.report.warnings
    # in the focus group it codes speaker A's one turn: A's attributes (tests/test_refi/test_refi_speaker_cases.py)
    assert ex.corpus.speaker_attributes.reset_index().to_dict("records") == [
        {"doc_id": "Groep", "speaker": "A", "leeftijd": 34, "case": "Anna"}]

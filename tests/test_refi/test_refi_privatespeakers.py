"""Focus-group participants in a pseudonymised ``.qdpx``: a case per participant named by participant code.

The focus group is a Word file written here with python-docx (labels alone on a line above
the speech), read by researchkit's reader with a speaker sheet, exported through a privacy
key, checked against ``Project.xsd`` and read back. Every selection of a participant's case
must quote the participant's turn in the exported (pseudonymised) source text; no case or
selection name may hold a speaker's label.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import json
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree

import researchkit
from researchkit.codings import CODING_COLUMNS
from researchkit.privacy import KeyEntry, PrivacyKey
from researchkit.privacy.participants import participant_codes
from researchkit.privacy import respondent_codes
from researchkit.refi import Exchange, read_qdpx, write_qdpx
from researchkit.refi.offsets import SourceText
from researchkit.refi.targets import get_target
from researchkit.refi.validate import SCHEMA_DIR
from researchkit.transcripts import Corpus, Transcript

_spec = importlib.util.spec_from_file_location("focusgroup_files", Path(__file__).with_name("focusgroup_files.py"))
focusgroup_files = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(focusgroup_files)
focus_group_corpus = focusgroup_files.focus_group_corpus

NS = {"q": "urn:QDA-XML:project:1.0"}
CREATED = "2026-01-02T03:04:05Z"


def _quiet(call, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(*args, **kwargs)


def _key() -> PrivacyKey:
    return PrivacyKey([KeyEntry("Petra de Boer", pseudonym="[PERSOON-1]"), KeyEntry("Karel Smit", pseudonym="[PERSOON-2]"),
                       KeyEntry("Doeksen", kind="company", pseudonym="[BEDRIJF-1]"),
                       KeyEntry("Harlingen", kind="place", pseudonym="[PLAATS-1]")])


def _codings(corpus: Corpus) -> pd.DataFrame:
    rows = []
    for n, (doc_id, passage, code) in enumerate((("fg-haven", "brandstof is duur", "KOSTEN"),
                                                   ("fg-haven", "Petra weet dat ook", "KENNIS"),
                                                   ("int-visser", "haven", "HAVEN"))):
        text = corpus[doc_id].text
        a = text.index(passage)
        rows.append({"doc_id": doc_id, "start": a, "end": a + len(passage), "code": code, "coder": "anna", "source": "manual",
                     "text": passage, "id": f"00000000-0000-4000-8000-00000000a{n:03d}", "created": CREATED, "memo": None})
    return pd.DataFrame(rows, columns=CODING_COLUMNS + ["id", "created", "memo"])


def _exchange(folder: Path, **kwargs) -> Exchange:
    """The focus group and the interview, without their file paths (a temporary folder's name would vary)."""
    read = _quiet(focus_group_corpus, folder, **kwargs)
    corpus = Corpus([dataclasses.replace(t, source=None) for t in read], speakers=read.speaker_attributes)
    return Exchange("haven", corpus, None, _codings(corpus), created=CREATED)


def _root(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("project.qde"))
    schema = etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "Project.xsd")))
    assert schema.validate(root), schema.error_log
    return root


def _source_text(path: Path, root: etree._Element, name: str) -> str:
    source = next(t for t in root.iterfind("q:Sources/q:TextSource", NS) if t.get("name") in (name, f"{name}.txt"))
    with zipfile.ZipFile(path) as z:
        return z.read("sources/" + source.get("plainTextPath").removeprefix("internal://")).decode("utf-8-sig")


def _digests(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: hashlib.sha256(z.read(i).replace(researchkit.__version__.encode(), b"VERSION")).hexdigest()
                for i in z.infolist()}


@pytest.mark.parametrize("target", ["standard", "nvivo"])
def test_pseudonymised_export_writes_each_participant_as_a_case_named_by_code(tmp_path, target):
    ex = _exchange(tmp_path / "in")
    path = tmp_path / f"shared-{target}.qdpx"
    report = _quiet(write_qdpx, ex, path, key=_key(), target=target)
    assert report.counts["speaker cases"] == 2
    assert not report.not_carried
    root = _root(path)
    cases = {c.get("name"): c for c in root.iterfind("q:Cases/q:Case", NS)}
    # the codes the report gives the participants: the focus group is the first document, its participants in speaking order
    assert participant_codes(ex.corpus, respondent_codes(ex.corpus)) == {
        ("fg-haven", "Petra de Boer"): "R01-1", ("fg-haven", "Karel Smit"): "R01-2", ("int-visser", "R"): "R02"}
    assert set(cases) == {"fg-haven", "int-visser", "R01-1", "R01-2"}
    xml = etree.tostring(root, encoding="unicode")
    for secret in ("Petra", "Boer", "Karel", "Smit", "Doeksen", "Harlingen", "06-12345678"):
        assert secret not in xml
    raw = _source_text(path, root, "fg-haven")
    source, convention = SourceText(raw), get_target(target).convention
    text = source.canonical
    assert "Petra" not in text and text.startswith("Moderator\nWelkom allemaal. Wat betekent de haven van [PLAATS-1]")
    selections = {s.get("guid"): s for s in root.iterfind("q:Sources/q:TextSource/q:PlainTextSelection", NS)}
    expected = {"R01-1": ["Ik werk al twintig jaar bij Rederij [BEDRIJF-1].\nMijn vader werkte er ook, bel hem maar op [TELEFOON].",
                          "De drukte, en de brandstof is duur geworden."],
                "R01-2": ["Voor mij is het de douane, ik controleer vracht.",
                          "Meer containers, minder mensen. [PERSOON-1] weet dat ook."]}
    for code, turns in expected.items():
        refs = [r.get("targetGUID") for r in cases[code].iterfind("q:SelectionRef", NS)]
        assert cases[code].find("q:SourceRef", NS) is None
        quoted = []
        for ref in refs:  # offsets of the written (pseudonymised) text, counted as the target counts
            sel = selections[ref]
            starts, ends, ok = source.to_canonical([int(sel.get("startPosition"))], [int(sel.get("endPosition"))], convention)
            assert ok.all()
            quoted.append(text[int(starts[0]):int(ends[0])])
            assert sel.get("name").startswith(f"{code}: ")
        assert quoted == turns
    # the values went through the key: the firm's name is gone, the numbers stay
    organisation = [v.findtext("q:TextValue", namespaces=NS) for v in cases["R01-1"].iterfind("q:VariableValue", NS)]
    assert "Rederij [BEDRIJF-1]" in organisation
    ages = [v.findtext("q:IntegerValue", namespaces=NS) for v in cases["R01-2"].iterfind("q:VariableValue", NS)]
    assert "38" in ages


def test_pseudonymised_round_trip_gives_the_participants_attributes_on_the_pseudonymised_corpus(tmp_path):
    ex = _exchange(tmp_path / "in")
    path = tmp_path / "shared.qdpx"
    _quiet(write_qdpx, ex, path, key=_key())
    back = _quiet(read_qdpx, path)
    expected = pd.DataFrame({"organisation": ["Rederij [BEDRIJF-1]", "Douane"], "age": [51, 38], "years": [20.5, None],
                             "member": [True, False]},
                            index=pd.MultiIndex.from_tuples([("fg-haven", "[PERSOON-1]"), ("fg-haven", "[PERSOON-2]")],
                                                            names=["doc_id", "speaker"]))
    pd.testing.assert_frame_equal(back.corpus.speaker_attributes, expected, check_dtype=False)
    assert "case" not in back.corpus.speaker_attributes.columns  # the codes are researchkit's own names for the cases
    assert [u.speaker for u in back.corpus["fg-haven"].turns] == ["Moderator", "[PERSOON-1]", "[PERSOON-2]", "Moderator",
                                                                  "[PERSOON-1]", "[PERSOON-2]"]
    assert back.corpus["fg-haven"].attributes == {"port": "[PLAATS-1]", "group": 1}
    assert not [line for line in back.report.not_carried if "case" in line]
    carried = [w for w in back.report.warnings if "read as speaker attributes" in w]
    assert carried and "case 'R01-1' -> speaker '[PERSOON-1]' of 'fg-haven'" in carried[0]
    rows = back.codings.merge(pd.Series(["KOSTEN", "KENNIS"], name="code"))
    for row in rows.itertuples():
        assert back.corpus[row.doc_id].text[row.start:row.end] == row.text
    assert sorted(rows["text"]) == ["[PERSOON-1] weet dat ook", "brandstof is duur"]


@pytest.mark.parametrize("colons", [True, False])
def test_without_researchkits_extension_the_codes_come_back_as_case(tmp_path, colons):
    """Another program keeps the cases: the speakers get their values and the code as ``case``.

    Without the extension the turns come from the speaker grammar, which reads a pseudonym in
    front of the speech (``[PERSOON-1]: Ik werk ...``) and one alone on a line above it as the
    speaker ``[PERSOON-1]``, brackets kept, as the pseudonymised corpus names it.
    """
    path = tmp_path / "shared.qdpx"
    _quiet(write_qdpx, _exchange(tmp_path / "in", colons=colons), path, key=_key())
    bare = tmp_path / "bare.qdpx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bare, "w") as dst:
        for info in src.infolist():
            if not info.filename.startswith("researchkit/"):
                dst.writestr(info, src.read(info))
    back = _quiet(read_qdpx, bare).corpus.speaker_attributes.reset_index()
    assert back[["speaker", "case", "age"]].values.tolist() == [["[PERSOON-1]", "R01-1", 51], ["[PERSOON-2]", "R01-2", 38]]


def test_a_moderator_with_attributes_has_no_participant_code_and_is_listed(tmp_path):
    path = tmp_path / "shared.qdpx"
    report = _quiet(write_qdpx, _exchange(tmp_path / "in", moderator=True), path, key=_key())
    assert report.counts["speaker cases"] == 2
    assert any("speaker 'Moderator' of 'fg-haven': has attributes but no respondent turn" in line for line in report.not_carried)
    names = sorted(c.get("name") for c in _root(path).iterfind("q:Cases/q:Case", NS))
    assert names == ["R01-1", "R01-2", "fg-haven", "int-visser"]
    with zipfile.ZipFile(path) as z:
        assert "Universiteit" not in z.read("project.qde").decode("utf-8")
    side = json.loads(zipfile.ZipFile(path).read("researchkit/extension.json"))
    assert side["speaker_case_names"] == [["fg-haven", "[PERSOON-1]", "R01-1"], ["fg-haven", "[PERSOON-2]", "R01-2"]]


def test_two_labels_the_key_makes_one_are_left_out_and_listed(tmp_path):
    from researchkit.refi.turns import turns_for_text

    text = "I: Wie vist er?\nJan Smit: Ik.\nJan Smid: Ik ook.\nJan Smit: Op tong.\nJan Smid: Op garnalen.\nAnna: En ik.\nAnna: Op schol.\n"
    t = Transcript("FG2", text, turns_for_text("FG2", text))
    assert {u.speaker for u in t.turns} == {"I", "Jan Smit", "Jan Smid", "Anna"}
    sheet = pd.DataFrame({"age": [40, 41, 42]}, index=pd.MultiIndex.from_tuples(
        [("FG2", "Jan Smit"), ("FG2", "Jan Smid"), ("FG2", "Anna")], names=["doc_id", "speaker"]))
    key = PrivacyKey([KeyEntry("Jan Smit", variants=("Jan Smid",), pseudonym="[PERSOON-1]")])
    path = tmp_path / "fg2.qdpx"
    report = _quiet(write_qdpx, Exchange("fg2", Corpus([t], speakers=sheet)), path, key=key, kinds="none")
    lost = [line for line in report.not_carried if "one pseudonym" in line]
    assert len(lost) == 2 and "the key gives the labels 'Jan Smit' and 'Jan Smid' one pseudonym" in lost[0]
    assert report.counts["speaker cases"] == 1
    root = _root(path)
    assert sorted(c.get("name") for c in root.iterfind("q:Cases/q:Case", NS)) == ["FG2", "R01-3"]
    back = _quiet(read_qdpx, path).corpus.speaker_attributes.reset_index()
    assert back.values.tolist() == [["FG2", "Anna", 42]]


# -- nothing else changes ------------------------------------------------------------------


def test_an_export_without_a_key_is_what_it_was(tmp_path):
    """Speaker attributes without a key: the file the writer gave before pseudonymised speaker cases."""
    path = tmp_path / "plain.qdpx"
    _quiet(write_qdpx, _exchange(tmp_path / "in"), path)
    assert _digests(path) == PLAIN_WITH_SPEAKERS


def test_a_pseudonymised_export_without_speaker_attributes_is_what_it_was(tmp_path):
    ex = _exchange(tmp_path / "in")
    ex = Exchange(ex.name, Corpus(list(ex.corpus)), None, ex.codings, created=CREATED)
    path = tmp_path / "shared.qdpx"
    report = _quiet(write_qdpx, ex, path, key=_key())
    assert "speaker cases" not in report.counts and not report.not_carried
    assert _digests(path) == PRIVATE_WITHOUT_SPEAKERS


# The main branch's writer before this change (commit a293ec2), version masked.
PLAIN_WITH_SPEAKERS = {
    "project.qde": "8b9f2f2314822660c7f957b5d323c36797bdead93961aefe5ca10c8746e34759",
    "sources/8B68F10E-7E6D-56F3-8D89-4348E6978D07.txt": "2b3d833348c198410065a53e6bf361e8374c54d80e336412f01d5d7f74096ba7",
    "sources/B7DFF73B-4A0D-568F-BFD9-D10053033A60.txt": "3913d6bb989d12ec889ac9e5475ea7d1c7d2437f73121da58e2d1ad6a9845f7e",
    "researchkit/extension.json": "fc328de3461a7c7f019331636c4197a724ec0a5172e5f6743a04a196a1e9f5d3",
}
PRIVATE_WITHOUT_SPEAKERS = {
    "project.qde": "f12a93621970f7b2adbcf3f3d5ad67de3d1c50ad63ce7c0250d02dff8a3c037f",
    "sources/8B68F10E-7E6D-56F3-8D89-4348E6978D07.txt": "044a3a236207dd526bfc1d1a62bfc08f72ed75a82a05a528dbd51363bb3df07a",
    "sources/B7DFF73B-4A0D-568F-BFD9-D10053033A60.txt": "3913d6bb989d12ec889ac9e5475ea7d1c7d2437f73121da58e2d1ad6a9845f7e",
    "researchkit/extension.json": "680863e2d345f892690d19a2d2cf695a98c813c13e1018fac52a4b4ce8817cbf",
}

"""Reading REFI-QDA files with the quirks of real exports (fixtures: tests/data/refi, see make_fixtures.py).

Quirks reproduced: NVivo UTF-16 offsets with emoji, CRLF counted as 2 and a BOM (with the
origin named, and with an unknown origin so the convention must be detected); ATLAS.ti
CRLF counted as 1, braced and lower-case GUIDs, an NFD text; a flat exporter with
``<name>.qde``, ``Sources/``, ``plainTextPath`` without ``internal://``, hierarchy in names
(``::`` and ``\\``), duplicate names at different levels, a namespace variant, variables in
an unnamed case and on a source, memos in ``Description`` and ``Note``, an empty ``<Sets/>``;
a 0:4 codebook with #RGB colours; PDF, picture and audio sources, links, sets and graphs.
"""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import pytest

from researchkit.errors import ExchangeError, ExchangeWarning
from researchkit.refi import read_qdc, read_qdpx
from researchkit.refi.model import norm_guid

DATA = Path(__file__).resolve().parents[1] / "data" / "refi"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
USERS = {"user_anna": "Anna", "user_bob": "Bob"}


def _read(name: str, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ExchangeWarning)
        return read_qdpx(DATA / name, **kwargs)


@pytest.mark.parametrize("name", sorted(EXPECTED["codings"]))
def test_every_imported_coding_quotes_the_passage_the_other_program_showed(name):
    ex = _read(name)
    documents, codebook, codings = ex
    texts = {t.doc_id: t.text for t in documents}
    for row in codings.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
    got = sorted((r.text, norm_guid(ex.code_guids[r.code]), r.coder) for r in codings.itertuples())
    want = sorted((p, norm_guid(EXPECTED["guids"][c]), USERS[u]) for p, c, u in EXPECTED["codings"][name])
    assert got == want


def test_nvivo_convention_from_the_origin_and_detected_without_it():
    named = _read("nvivo_utf16_crlf_bom.qdpx").report
    unknown = _read("unknown_origin_utf16_crlf.qdpx").report
    assert named.conventions["Visser Lauwersoog"].startswith("UTF-16 code units, CRLF counted as 2 (known convention")
    assert unknown.conventions["Visser Lauwersoog"].startswith("UTF-16 code units, CRLF counted as 2 (detected: 4/4")
    text = _read("nvivo_utf16_crlf_bom.qdpx").corpus["Visser Lauwersoog"].text
    assert "\r" not in text and "\ufeff" not in text and "🚤" in text


def test_atlas_crlf_as_one_braced_guids_and_nfd_text():
    ex = _read("atlas_crlf1_braced.qdpx")
    assert "code points, CRLF counted as 1" in ex.report.conventions["Douane Delfzijl"]
    assert "café De Haven" in ex.corpus["Douane Delfzijl"].text  # composed (NFC)
    assert set(ex.codings["coder"]) == {"Anna"}  # braced lower-case user GUID matched
    assert ex.coders["Anna"] == norm_guid(EXPECTED["guids"]["user_anna"])


def test_flat_export_quirks():
    with pytest.warns(ExchangeWarning, match="empty|Sets|namespace"):
        ex = read_qdpx(DATA / "flat_named_qde.qdpx")
    report = ex.report
    assert any("namespace 'urn:QDA-XML:project:1:0'" in w for w in report.warnings)
    assert any("Sets" in w for w in report.warnings)  # schema-invalid empty <Sets/>: imported with a warning
    tree = [(c.id, c.name, c.parent) for c in ex.codebook.walk()]
    assert tree == [("Criminaliteit", "Criminaliteit", None), ("Smokkel", "Smokkel", "Criminaliteit"),
                    ("Signalen", "Signalen", None), ("Nacht", "Nacht", "Signalen"),
                    ("Informatie", "Informatie", None), ("Informatie.Nacht", "Nacht", "Informatie")]
    smokkel = ex.codebook["Smokkel"]
    assert smokkel.description == "Vervoer van verboden goederen." and smokkel.color == "#00AA00"
    assert ex.codebook["Criminaliteit"].extra["x_refi_codable"] is False
    # variables: in an unnamed case (visser) and on the source itself (havenmeester), typed
    assert ex.corpus["visser"].attributes == {"haven": "Harlingen", "jaren_ervaring": 23}
    assert ex.corpus["havenmeester"].attributes == {"haven": "Lauwersoog"}
    # memos: Description of a source and of the project, an unreferenced Note; selection Description = coding memo
    memos = sorted(ex.memos[["target_type", "target", "text"]].itertuples(index=False, name=None))
    assert memos == [("document", "visser", "Interview op de kade"), ("project", "", "Eerste codeerronde klaar."),
                     ("project", "", "Proefproject voor de uitwisseling.")]
    assert ex.codings.set_index("text").loc["De smokkel gaat via kleine bootjes.", "memo"] == "Twijfelgeval"
    # turns found in the text without moving a character
    turn = ex.corpus["visser"].turns[0]
    assert (turn.speaker, turn.role) == ("Respondent", "respondent")
    assert ex.corpus["visser"].text[turn.start : turn.start + 6] == "Ik ben"


def test_codebook_namespace_variant_braced_guids_and_short_colours():
    with pytest.warns(ExchangeWarning, match="0:4"):
        cb = read_qdc(DATA / "codebook_ns04.qdc")
    assert [(c.id, c.parent, c.color) for c in cb.walk()] == [
        ("Signalen", None, "#FF0000"), ("Drugs", "Signalen", None), ("Overig", "Signalen", None),
        ("Informatie", None, None), ("Informatie.Overig", "Informatie", None)]
    assert cb["Signalen"].description == "Concrete waarnemingen."


def test_what_cannot_be_carried_over_is_listed():
    ex = _read("pdf_picture_audio.qdpx")
    text = "\n".join(ex.report.not_carried)
    for fragment in ("PDFSource 'jaarverslag.pdf': 1 area selection(s) with 1 coding(s)", "PictureSource 'kade.jpg'",
                     "AudioSource 'opname.m4a'", "link 'verband'", "set 'Kernthema's'", "graph 'Netwerk'"):
        assert fragment in text
    # the PDF's text codings come through its text representation
    assert ex.codings["text"].tolist() == ["drie inbeslagnames"]
    assert "not carried over (6)" in str(ex.report)


def test_strict_mode_refuses_schema_invalid_files():
    with pytest.raises(ExchangeError, match="RK603"):
        read_qdpx(DATA / "flat_named_qde.qdpx", strict=True)


def test_selection_that_fits_no_convention_is_reported_not_dropped_silently(tmp_path):
    import zipfile

    src = tmp_path / "bad.qdpx"
    with zipfile.ZipFile(DATA / "nvivo_utf16_crlf_bom.qdpx") as z:
        qde = z.read("project.qde").decode("utf-8")
        members = {n: z.read(n) for n in z.namelist()}
    start = qde.index('endPosition="') + len('endPosition="')
    end = qde.index('"', start)
    members["project.qde"] = (qde[:start] + "99999" + qde[end:]).encode("utf-8")
    with zipfile.ZipFile(src, "w") as z:
        for n, data in members.items():
            z.writestr(n, data)
    with pytest.warns(ExchangeWarning, match="does not fit the text"):
        ex = read_qdpx(src)
    assert len(ex.codings) == 3 and any("99999" in item and "1 coding(s) not imported" in item for item in ex.report.not_carried)
    with pytest.raises(ExchangeError, match="RK605"):
        read_qdpx(src, strict=True)


def test_bare_qde_reads_its_sources_folder_and_refuses_when_no_text_is_there(tmp_path):
    import zipfile

    with zipfile.ZipFile(DATA / "atlas_crlf1_braced.qdpx") as z:
        (tmp_path / "p.qde").write_bytes(z.read("project.qde"))
        sources = {n: z.read(n) for n in z.namelist() if n.lower().startswith("sources/")}
    with pytest.raises(ExchangeError, match=r"RK604.*none of the 1 text source\(s\) was found beside p.qde") as info:
        read_qdpx(tmp_path / "p.qde")
    assert "Sources folder beside the .qde" in str(info.value)
    (tmp_path / "Sources").mkdir()  # unzipped as a repository holds it: the folder's case differs from the archive's
    for name, data in sources.items():
        (tmp_path / "Sources" / name.split("/", 1)[1]).write_bytes(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bare, packed = read_qdpx(tmp_path / "p.qde"), read_qdpx(DATA / "atlas_crlf1_braced.qdpx")
    columns = ["doc_id", "start", "end", "code", "coder", "text"]
    assert len(bare.codings) == 2 and bare.codings[columns].equals(packed.codings[columns])
    assert [t.text for t in bare.corpus] == [t.text for t in packed.corpus]


def test_not_a_refi_file(tmp_path):
    (tmp_path / "x.qdpx").write_bytes(b"not a zip")
    with pytest.raises(ExchangeError, match="RK600.*not a zip"):
        read_qdpx(tmp_path / "x.qdpx")
    shutil.make_archive(str(tmp_path / "empty"), "zip", tmp_path, "x.qdpx")
    (tmp_path / "empty.zip").rename(tmp_path / "empty.qdpx")
    with pytest.raises(ExchangeError, match="no .qde project file"):
        read_qdpx(tmp_path / "empty.qdpx")
    with pytest.raises(ExchangeError, match="RK600.*not found"):
        read_qdpx(tmp_path / "missing.qdpx")
    with pytest.raises(ExchangeError, match="not <CodeBook>"):
        (tmp_path / "p.qdc").write_text('<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>', encoding="utf-8")
        read_qdc(tmp_path / "p.qdc")

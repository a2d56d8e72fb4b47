"""Shapes of real exports found in public repositories (a sweep of NVivo, ATLAS.ti, requal files).

Each test rebuilds, in a few lines, the shape that went wrong: a codebook's GUIDs, offsets
counted on CRLF text whose CRs were stripped (a project committed to git), offsets no
convention explains, notes on passages nobody coded, codings that name no user, and a
project unpacked beside its ``Sources`` folder.
"""

from __future__ import annotations

import os
import warnings
import zipfile
from pathlib import Path

import pytest

from researchkit.cli import main
from researchkit.codebook import Codebook
from researchkit.errors import ExchangeError
from researchkit.project import Project
from researchkit.refi import read_qdc, read_qdpx, write_qdc

G = "00000000-0000-4000-8000-0000000000{:02d}".format
ATLAS_GUIDS = ["1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294", "14C4E248-F726-42CB-B1CD-A65D6A86F296"]


def _qdc(path: Path) -> Path:
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="ATLAS.ti Windows 23.4.0"><Codes>'
        f'<Code guid="{ATLAS_GUIDS[0]}" name="Smokkel" isCodable="true" color="#46AA00">'
        f'<Code guid="{ATLAS_GUIDS[1]}" name="Drugs" isCodable="true"/></Code></Codes></CodeBook>', encoding="utf-8")
    return path


def _qdpx(path: Path, sources: str, text: bytes, *, users: str = "", origin: str = "NVivo for Windows 12.6") -> Path:
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="{origin}">{users}'
           f'<CodeBook><Codes><Code guid="{G(10)}" name="Haven" isCodable="true"/></Codes></CodeBook>'
           f'<Sources><TextSource guid="{G(20)}" name="R01" plainTextPath="internal://{G(20)}.txt">{sources}</TextSource></Sources>'
           '</Project>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        z.writestr(f"sources/{G(20)}.txt", text)
    return path


def _selection(k: int, start: int, end: int, user: str | None = G(1)) -> str:
    who = f' creatingUser="{user}"' if user else ""
    return (f'<PlainTextSelection guid="{G(30 + k)}" startPosition="{start}" endPosition="{end}"{who}>'
            f'<Coding guid="{G(60 + k)}"{who}><CodeRef targetGUID="{G(10)}"/></Coding></PlainTextSelection>')


def _read(path: Path, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_qdpx(path, **kwargs)


# -- a codebook keeps its codes' GUIDs ------------------------------------------------------------

def test_codes_read_from_a_qdc_keep_their_guids_through_a_project_and_back(tmp_path):
    book = read_qdc(_qdc(tmp_path / "atlas.qdc"))
    assert [c.extra["x_refi_guid"] for c in book.walk()] == [g.lower() for g in ATLAS_GUIDS]
    assert main(["import", str(tmp_path / "atlas.qdc"), "-p", str(tmp_path / "p.rkp")]) == 0
    with Project.open(tmp_path / "p.rkp") as project:
        assert project.codes()["uuid"].tolist() == [g.lower() for g in ATLAS_GUIDS]
    assert main(["export", "--qdc", str(tmp_path / "back.qdc"), "-p", str(tmp_path / "p.rkp")]) == 0
    written = (tmp_path / "back.qdc").read_text(encoding="utf-8")
    assert all(f'guid="{g}"' in written for g in ATLAS_GUIDS)


def test_a_saved_codebook_writes_the_guids_it_was_read_with_and_never_one_guid_twice(tmp_path):
    book = read_qdc(_qdc(tmp_path / "atlas.qdc"))
    book.save(tmp_path / "codebook.yaml")
    again = write_qdc(Codebook.load(tmp_path / "codebook.yaml"), tmp_path / "again.qdc").read_text(encoding="utf-8")
    assert all(f'guid="{g}"' in again for g in ATLAS_GUIDS)
    copied = Codebook.from_dict({"codes": [{"id": "A", "name": "A", "x_refi_guid": ATLAS_GUIDS[0]},
                                           {"id": "B", "name": "B", "x_refi_guid": ATLAS_GUIDS[0]}]})
    twice = write_qdc(copied, tmp_path / "twice.qdc").read_text(encoding="utf-8")
    assert twice.count(ATLAS_GUIDS[0]) == 1  # the second code gets a GUID of its own (the file stays valid)


# -- offsets --------------------------------------------------------------------------------------

TEXT = "Vraag: Wat zag u? 🚤\nAntwoord: Een boot 😡 zonder AIS.\nVraag: Wanneer was dat?\nAntwoord: In de nacht van 3 juni."


def _nvivo_on_crlf(text: str, passage: str) -> tuple[int, int]:
    """Where NVivo puts ``passage``: UTF-16 code units of the text with CRLF line ends."""
    crlf = text.replace("\n", "\r\n")
    i = crlf.index(passage)
    return len(crlf[:i].encode("utf-16-le")) // 2, len(crlf[: i + len(passage)].encode("utf-16-le")) // 2


def test_offsets_counted_on_crlf_text_whose_crs_were_stripped_are_found(tmp_path):
    passages = ["Een boot 😡 zonder AIS.", "Wanneer was dat?", "In de nacht van 3 juni."]
    selections = "".join(_selection(k, *_nvivo_on_crlf(TEXT, p)) for k, p in enumerate(passages))
    ex = _read(_qdpx(tmp_path / "p.qdpx", selections, TEXT.encode("utf-8"),
                     users=f'<Users><User guid="{G(1)}" name="anna"/></Users>'))
    assert ex.codings["text"].tolist() == passages
    assert "LF line ends counted as 2" in ex.report.conventions["R01"] and "WEAK" not in ex.report.conventions["R01"]


def test_offsets_no_convention_explains_are_warned_and_refused_when_strict(tmp_path):
    text = ("Vraag: Wat zag de havenmeester? 🚤\nAntwoord: Containerschepen zonder transponder.\n"
            "Vraag: Onregelmatigheden?\nAntwoord: Nachtelijke overslagactiviteiten.")
    # cuts deep inside long words: inside a word under every convention (they differ by at most 4 positions here)
    cuts = [(text.index(w) + 5, text.index(w) + 8) for w in ("havenmeester", "Containerschepen", "Onregelmatigheden", "overslagactiviteiten")]
    path = _qdpx(tmp_path / "p.qdpx", "".join(_selection(k, a, b) for k, (a, b) in enumerate(cuts)), text.encode("utf-8"),
                 users=f'<Users><User guid="{G(1)}" name="anna"/></Users>', origin="qc 1.3")
    ex = _read(path)
    assert len(ex.codings) == 4 and "WEAK" in ex.report.conventions["R01"]
    assert any("no offset convention puts them on word boundaries" in w for w in ex.report.warnings)
    with pytest.raises(ExchangeError, match="RK605.*no offset convention"):
        _read(path, strict=True)


# -- notes and comments on passages nobody coded; codings without a user -------------------------------

def test_a_note_or_comment_on_an_uncoded_passage_becomes_a_document_memo_and_is_listed(tmp_path):
    text = "De haven is 's nachts onbewaakt. Dat weet iedereen."
    a, b = text.index("onbewaakt"), text.index("onbewaakt") + len("onbewaakt")
    c, d = text.index("iedereen"), text.index("iedereen") + len("iedereen")
    sources = (f'<PlainTextSelection guid="{G(40)}" startPosition="{a}" endPosition="{b}"><NoteRef targetGUID="{G(50)}"/></PlainTextSelection>'
               f'<PlainTextSelection guid="{G(41)}" startPosition="{c}" endPosition="{d}"><Description>wie precies?</Description></PlainTextSelection>')
    path = tmp_path / "p.qdpx"
    _qdpx(path, sources, text.encode("utf-8"), origin="requal")
    with zipfile.ZipFile(path, "a") as z:  # the note itself, as requal and MAXQDA write it
        qde = z.read("project.qde").decode("utf-8")
    qde = qde.replace("</Project>", f'<Notes><Note guid="{G(50)}" name="Memo"><PlainTextContent>Navragen bij de havenmeester.'
                      '</PlainTextContent></Note></Notes></Project>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        z.writestr(f"sources/{G(20)}.txt", text.encode("utf-8"))
    ex = _read(path)
    memos = ex.memos.set_index("text")
    assert memos.loc["Navragen bij de havenmeester.", "target_type"] == "document" and memos.loc["Navragen bij de havenmeester.", "target"] == "R01"
    assert memos.loc["wie precies?", "target"] == "R01" and "iedereen" in memos.loc["wie precies?", "name"]
    listed = " | ".join(ex.report.not_carried)
    assert f"'onbewaakt' (characters {a}-{b})" in listed and "'iedereen'" in listed and "kept as" in listed


def test_codings_that_name_no_user_go_to_the_files_only_user_and_the_report_says_so(tmp_path):
    text = "De haven is 's nachts onbewaakt."
    a = text.index("haven")
    ex = _read(_qdpx(tmp_path / "p.qdpx", _selection(0, a, a + 5, user=None), text.encode("utf-8"),
                     users=f'<Users><User guid="{G(1)}" name="Coder"/></Users>'))
    assert ex.codings["coder"].tolist() == ["Coder"]
    assert "1 coding(s) name no user" in ex.report.attribution and "the file's only <User>" in ex.report.attribution
    nobody = _read(_qdpx(tmp_path / "q.qdpx", _selection(0, a, a + 5, user=None), text.encode("utf-8")))
    assert nobody.codings["coder"].tolist() == ["import"] and "no user in the file says who" in nobody.report.attribution


# -- a project unpacked beside its Sources folder ----------------------------------------------------

UNPACKED_TEXT = "De haven is 's nachts onbewaakt."


def _unpacked(tmp_path: Path, sources: str) -> tuple[Path, str]:
    """A project as a repository holds it: ``project.qde`` and an empty sources folder; returns the folder and the XML."""
    packed = _qdpx(tmp_path / "p.qdpx", _selection(0, 3, 8), UNPACKED_TEXT.encode("utf-8"),
                   users=f'<Users><User guid="{G(1)}" name="anna"/></Users>')
    folder = tmp_path / "unpacked"
    (folder / sources).mkdir(parents=True)
    with zipfile.ZipFile(packed) as z:
        qde = z.read("project.qde").decode("utf-8")
    (folder / "project.qde").write_text(qde, encoding="utf-8")
    return folder, qde


def test_a_bare_qde_never_reads_through_a_link_out_of_its_folder(tmp_path):
    text = UNPACKED_TEXT
    folder, _ = _unpacked(tmp_path, "sources")
    outside = tmp_path / "elsewhere.txt"
    outside.write_text(text, encoding="utf-8")
    os.symlink(outside, folder / "sources" / f"{G(20)}.txt")
    with pytest.raises(ExchangeError, match="RK604.*none of the 1 text source"):
        _read(folder / "project.qde")
    (folder / "sources" / f"{G(20)}.txt").unlink()
    (folder / "sources" / f"{G(20)}.txt").write_text(text, encoding="utf-8")
    assert _read(folder / "project.qde").codings["text"].tolist() == ["haven"]


# -- the language of a codebook from another program -------------------------------------------------

def test_an_imported_codebook_takes_the_language_of_its_documents_or_says_it_cannot_tell(tmp_path):
    text = "We called customs, but they only came the next day. It was already late and the boat had gone."
    a = text.index("customs")
    users = f'<Users><User guid="{G(1)}" name="anna"/></Users>'
    ex = _read(_qdpx(tmp_path / "en.qdpx", _selection(0, a, a + 7), text.encode("utf-8"), users=users))
    assert ex.codebook.language == "en" and ex.report.language.startswith("'en'") and "from the documents" in ex.report.language
    assert "codebook language: 'en'" in str(ex.report)
    short = _read(_qdpx(tmp_path / "x.qdpx", _selection(0, 0, 4), "Harlingen Delfzijl".encode("utf-8"), users=users))
    assert short.codebook.language == "nl" and short.report.language.startswith("'nl' kept: the language of the documents is undetermined")


def test_a_qdc_takes_the_language_of_its_code_names_and_descriptions(tmp_path):
    (tmp_path / "cs.qdc").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        f'<Code guid="{G(1)}" name="Přístav" isCodable="true"><Description>Co se děje v přístavu a kdo to ví.</Description></Code>'
        f'<Code guid="{G(2)}" name="Policie" isCodable="true"><Description>Když policie nic neví o tom, co se tam děje.</Description></Code>'
        '</Codes></CodeBook>', encoding="utf-8")
    assert read_qdc(tmp_path / "cs.qdc").language == "cs"


def test_a_bare_qde_never_follows_a_path_out_of_its_folder(tmp_path):
    text = UNPACKED_TEXT
    folder, qde = _unpacked(tmp_path, "Sources")
    (tmp_path / "secret.txt").write_text("geheim", encoding="utf-8")
    (folder / "project.qde").write_text(qde.replace(f"internal://{G(20)}.txt", "internal://../../secret.txt"), encoding="utf-8")
    (folder / "Sources" / "other.txt").write_text(text, encoding="utf-8")  # a text is there, but not the one referred to
    with pytest.raises(ExchangeError, match="RK604.*none of the 1 text source"):
        _read(folder / "project.qde")

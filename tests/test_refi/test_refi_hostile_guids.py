"""Hostile ``.qdpx`` files not covered elsewhere: sources pointing out of the archive, selections
that cannot be, and GUIDs given twice (to sources, codings, users, or a code and its own child).

Duplicate GUIDs also occur in real files: the R script that writes MAXQDA 2020 video projects
(see ``test_refi_sweep.py``) gives every selection and coding one and the same GUID.
Before: two sources or two codings of one GUID were read, but ``Project.import_qdpx`` refused
the whole file with RK320 (a UNIQUE constraint, "look for duplicate codings"); a second
``<User>`` of one GUID silently renamed the first one's codings.
"""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

import pytest

from researchkit.errors import ExchangeError
from researchkit.project import Project
from researchkit.refi import read_qdpx

_spec = importlib.util.spec_from_file_location("qdpx_files", Path(__file__).with_name("qdpx_files.py"))
qdpx_files = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(qdpx_files)
G = qdpx_files.G

CODE = f'<Code guid="{G(10)}" name="Haven" isCodable="true"/>'
TEXTS = {20: "Hello world, a text.", 21: "Another text here."}


def _sel(k: int, start: int, end: int, user: str = "") -> str:
    who = f' creatingUser="{user}"' if user else ""
    return (f'<PlainTextSelection guid="{G(30 + k)}" startPosition="{start}" endPosition="{end}">'
            f'<Coding guid="{G(60 + k)}"{who}><CodeRef targetGUID="{G(10)}"/></Coding></PlainTextSelection>')


def _source(guid: int, name: str, sels: str, path: str | None = None) -> str:
    return f'<TextSource guid="{G(guid)}" name="{name}" plainTextPath="{path or f"internal://{G(guid)}.txt"}">{sels}</TextSource>'


def _write(path: Path, sources: str, *, codes: str = CODE) -> Path:
    return qdpx_files.write_project(path, f"<Sources>{sources}</Sources>", TEXTS, codes=codes, origin="x")


def _read(path: Path, **kwargs):
    return qdpx_files.quietly(read_qdpx, path, **kwargs)


@pytest.mark.parametrize("where", ["absolute://{p}", "relative://../outside/secret.txt", "internal://../outside/secret.txt",
                                   "file://{p}", "{p}", "internal:///etc/passwd", "internal://C:/Windows/win.ini"])
def test_a_source_pointing_out_of_the_archive_is_never_read_and_is_listed(tmp_path, where):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text("SECRET outside the archive", encoding="utf-8")
    (tmp_path / "work").mkdir()
    path = where.format(p=secret.as_posix())
    ex = _read(_write(tmp_path / "work" / "evil.qdpx", _source(20, "R01", _sel(1, 0, 5), path)))
    assert len(ex.corpus) == 0 and ex.codings.empty
    [listed] = ex.report.not_carried
    assert listed.startswith(f"TextSource 'R01' ({G(20)}): plainTextPath '{path}'")
    assert listed.endswith("the document and its 1 coding(s) are missing")
    assert "SECRET" not in str(ex.report)
    with pytest.raises(ExchangeError, match="RK604"):
        _read(tmp_path / "work" / "evil.qdpx", strict=True)


def test_selections_reversed_beyond_the_text_or_negative_are_listed_and_the_rest_read(tmp_path):
    path = _write(tmp_path / "s.qdpx", _source(20, "R01", _sel(1, 10, 5) + _sel(2, 0, 500) + _sel(3, -3, 2) + _sel(4, 0, 5)))
    ex = _read(path)
    assert [(r.start, r.end, r.text) for r in ex.codings.itertuples()] == [(0, 5, "Hello")]
    listed = [n for n in ex.report.not_carried if n.startswith("selection ")]
    assert [n.split(" in 'R01' ")[1].split(")")[0] for n in listed] == ["(10-5", "(0-500", "(-3-2"]
    assert all("1 coding(s) not imported" in n for n in listed)
    with pytest.raises(ExchangeError, match="RK605"):
        _read(path, strict=True)


def test_two_sources_of_one_guid_are_two_documents_and_import_into_a_project(tmp_path):
    path = _write(tmp_path / "d.qdpx", _source(20, "R01", _sel(1, 0, 5)) + _source(20, "R02", _sel(2, 0, 7), f"internal://{G(21)}.txt"))
    ex = _read(path)
    assert [(d.doc_id, d.text) for d in ex.corpus] == [("R01", TEXTS[20]), ("R02", TEXTS[21])]
    assert ex.doc_guids["R01"] == G(20) and ex.doc_guids["R02"] != G(20)
    assert any(w.startswith(f"{path}!project.qde: source GUID {G(20)} used twice") and "TextSource 'R02', after document 'R01'" in w
               for w in ex.report.warnings)
    project = Project.create(tmp_path / "p.rkp")
    qdpx_files.quietly(project.import_qdpx, path)
    assert sorted((r.doc_id, r.start, r.end) for r in project.codings().itertuples()) == [("R01", 0, 5), ("R02", 0, 7)]


def test_two_codings_of_one_guid_are_both_kept_and_import_into_a_project(tmp_path):
    twice = _sel(1, 0, 5) + _sel(1, 6, 11).replace(f'guid="{G(31)}"', f'guid="{G(32)}"')
    path = _write(tmp_path / "c.qdpx", _source(20, "R01", twice))
    ex = _read(path)
    assert [(r.start, r.end) for r in ex.codings.itertuples()] == [(0, 5), (6, 11)]
    assert ex.codings["id"].iloc[0] == G(61) and ex.codings["id"].nunique() == 2
    assert any(w.startswith(f"coding GUID {G(61)} used twice (again on 'R01' 6-11, code 'Haven')") for w in ex.report.warnings)
    project = Project.create(tmp_path / "p.rkp")
    qdpx_files.quietly(project.import_qdpx, path)
    assert sorted((r.start, r.end) for r in project.codings().itertuples()) == [(0, 5), (6, 11)]


def test_a_user_guid_given_twice_keeps_the_first_name_and_says_so(tmp_path):
    users = f'<Users><User guid="{G(1)}" name="anna"/><User guid="{G(1)}" name="bert"/></Users>'
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="x">{users}<CodeBook><Codes>{CODE}</Codes></CodeBook>'
           f'<Sources>{_source(20, "R01", _sel(1, 0, 5, user=G(1)))}</Sources></Project>')
    with zipfile.ZipFile(tmp_path / "u.qdpx", "w") as z:
        z.writestr("project.qde", qde)
        z.writestr(f"sources/{G(20)}.txt", TEXTS[20])
    ex = _read(tmp_path / "u.qdpx")
    assert ex.codings["coder"].tolist() == ["anna"]
    assert any(f"user GUID {G(1)} used twice" in w and "'bert'" in w and "credited to the first, 'anna'" in w for w in ex.report.warnings)


def test_a_code_whose_child_has_its_guid_is_no_cycle_the_child_gets_a_guid_of_its_own(tmp_path):
    codes = (f'<Code guid="{G(10)}" name="Haven" isCodable="true"><Code guid="{G(10)}" name="Kade" isCodable="true">'
             f'<Code guid="{G(11)}" name="Steiger" isCodable="true"/></Code></Code>')
    ex = _read(_write(tmp_path / "k.qdpx", _source(20, "R01", _sel(1, 0, 5)), codes=codes))
    assert [(c.name, c.parent) for c in ex.codebook.walk()] == [("Haven", None), ("Kade", "Haven"), ("Steiger", "Kade")]
    assert ex.codings["code"].tolist() == ["Haven"] and len(set(ex.code_guids.values())) == 3
    assert any(f"code GUID {G(10)} used twice" in w and "the second 'Kade' gets GUID" in w for w in ex.report.warnings)

"""A document made from a transcribed recording knows its recording, and its copy beside the project.

Shapes of real exports, rebuilt in a few lines: Transana and QualCoder put the recording in
the archive (``<AudioSource path="internal://<GUID>.mp3">``, the file in ``sources/``);
NVivo and MAXQDA may leave a large video outside (``relative://`` or ``absolute://``); the
standard's example has one video with two transcripts.
"""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

import pytest

from researchkit.cli import main
from researchkit.errors import ExchangeError
from researchkit.project import Project
from researchkit.refi import media_time, read_qdpx, write_qdpx
from researchkit.refi.mediafiles import extract_media

_spec = importlib.util.spec_from_file_location("qdpx_files", Path(__file__).with_name("qdpx_files.py"))
qdpx_files = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(qdpx_files)
G = qdpx_files.G
TEXT = "I: Hoe ging het in de haven?\nR: Goed, we werkten samen.\nI: En daarna?\nR: Niets.\n"
AUDIO = b"ID3\x03\x00fake mp3 frames \x00\xff" * 4
CODES = f'<Code guid="{G(10)}" name="Samen" isCodable="true"/>'


def _source(path: str, *, kind: str = "AudioSource", name: str = "interview-03", extra: str = "", guid: int = 20, text: int = 21) -> str:
    sync = (f'<SyncPoint guid="{G(30 + text)}" position="0" timeStamp="0"/>'
            f'<SyncPoint guid="{G(50 + text)}" position="{TEXT.index("R: Goed")}" timeStamp="754000"/>')
    return (f'<{kind} guid="{G(guid)}" name="{name}" path="{path}">'
            f'<Transcript guid="{G(text)}" name="R{text}" plainTextPath="internal://{G(text)}.txt">{sync}</Transcript>{extra}</{kind}>')


def _qdpx(path: Path, sources: str, *, members: dict[str, bytes] | None = None, tail: str = "", texts: tuple = (21,)) -> Path:
    return qdpx_files.write_project(path, f"<Sources>{sources}</Sources>{tail}", {k: TEXT for k in texts}, codes=CODES,
                                    origin="Transana 3.22b2-QDE-Win", members=members)


def _read(path: Path):
    return qdpx_files.quietly(read_qdpx, path)


def test_the_document_names_its_recording_and_the_report_says_so(tmp_path):
    ex = _read(_qdpx(tmp_path / "a.qdpx", _source(f"internal://{G(20)}.mp3"), members={f"sources/{G(20)}.mp3": AUDIO}))
    attrs = ex.corpus["R21"].attributes
    assert attrs == {"media_name": "interview-03", "media_path": f"internal://{G(20)}.mp3", "media_guid": G(20)}
    (line,) = [w for w in ex.report.warnings if "imported as document 'R21'" in w]
    assert f"its recording kept as attribute(s) media_name='interview-03', media_path='internal://{G(20)}.mp3'" in line
    where = media_time(ex.corpus["R21"], TEXT.index("samen"), ex.sync_points["R21"])
    assert str(where) == f"R21, 00:12:34, {G(20)}.mp3" and where.seconds == 754.0
    assert media_time(ex.corpus["R21"], 3, ex.sync_points["R21"]).clock == "00:00:00"


def test_a_recording_outside_the_archive_keeps_its_path_as_written_and_a_variable_of_the_same_name_wins(tmp_path):
    var = (f'<Variables><Variable guid="{G(70)}" name="media_name" typeOfVariable="Text"/></Variables>'
           f'<Cases><Case guid="{G(71)}" name="c"><VariableValue><VariableRef targetGUID="{G(70)}"/>'
           f'<TextValue>Opname 3</TextValue></VariableValue><SourceRef targetGUID="{G(21)}"/></Case></Cases>')
    video = _source("relative://video\\R21 deel 1.mp4", kind="VideoSource", name="R21 video", extra="")
    ex = _read(_qdpx(tmp_path / "v.qdpx", video, tail=var))
    attrs = ex.corpus["R21"].attributes
    assert attrs["media_path"] == "relative://video\\R21 deel 1.mp4" and attrs["media_name"] == "Opname 3"
    assert any("variable media_name is 'Opname 3', its recording says 'R21 video'" in w for w in ex.report.warnings)
    assert str(media_time(ex.corpus["R21"], 40, ex.sync_points["R21"])) == "R21, 00:12:34, R21 deel 1.mp4"


def test_qualcoders_shapes_a_file_name_with_spaces_inside_and_a_relative_recording_with_its_base_path(tmp_path):
    # QualCoder: path="internal://" + the file's own name (spaces and all), the file in sources/;
    # an external one as relative:/// or absolute:///, the project's basePath naming the folder
    inside = _source("internal://interview 03.mp3", name="interview 03.mp3")
    outside = _source("relative:///DF37-0983.m4a", guid=22, text=23, name="r23").replace(
        'path="relative:///DF37-0983.m4a"', 'path="relative:///DF37-0983.m4a" currentPath="absolute:///home/a/DF37-0983.m4a"')
    path = _qdpx(tmp_path / "q.qdpx", inside + outside, members={"sources/interview 03.mp3": AUDIO}, texts=(21, 23))
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members["project.qde"] = members["project.qde"].replace(b'origin="', b'basePath="//PROJECT/Sources" origin="')
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    ex = _read(path)
    assert ex.corpus["R23"].attributes == {"media_name": "r23", "media_path": "relative:///DF37-0983.m4a", "media_guid": G(22),
                                           "media_current_path": "absolute:///home/a/DF37-0983.m4a",
                                           "media_base_path": "//PROJECT/Sources"}
    assert "media_base_path" not in ex.corpus["R21"].attributes
    out = extract_media(path, ex, tmp_path / "m", relative_to=tmp_path)
    assert out.corpus["R21"].attributes["media_file"] == "m/interview 03.mp3" and (tmp_path / "m" / "interview 03.mp3").read_bytes() == AUDIO
    assert str(media_time(out.corpus["R23"], 60, out.sync_points["R23"])) == "R23, 00:12:34, DF37-0983.m4a"


def test_round_trip_keeps_the_recording_attributes_once(tmp_path):
    first = _read(_qdpx(tmp_path / "a.qdpx", _source(f"internal://{G(20)}.mp3"), members={f"sources/{G(20)}.mp3": AUDIO}))
    write_qdpx(first, tmp_path / "b.qdpx")
    with zipfile.ZipFile(tmp_path / "b.qdpx") as z:
        qde = z.read("project.qde").decode("utf-8")
    assert qde.count('name="media_path"') == 1 and qde.count(f"internal://{G(20)}.mp3") == 1  # a text variable, not a source
    second = _read(tmp_path / "b.qdpx")
    assert second.corpus["R21"].attributes == first.corpus["R21"].attributes
    write_qdpx(second, tmp_path / "c.qdpx")
    assert _read(tmp_path / "c.qdpx").corpus["R21"].attributes == first.corpus["R21"].attributes


def test_extraction_reuses_the_same_file_suffixes_a_different_one_and_lists_what_it_cannot_extract(tmp_path):
    two = _source(f"internal://{G(20)}.mp3") + _source(f"internal://{G(22)}.mp3", guid=22, text=23, name="b")
    lost = (_source("absolute://C:/opnames/r25.wav", guid=24, text=25, name="c")
            + _source("internal://../../evil.mp3", guid=26, text=27, name="d"))
    path = _qdpx(tmp_path / "a.qdpx", two + lost, members={f"sources/{G(20)}.mp3": AUDIO, f"sources/{G(22)}.mp3": b"other"},
                 texts=(21, 23, 25, 27))
    folder = tmp_path / "p.rkp.media"
    folder.mkdir()
    (folder / f"{G(22)}.mp3").write_bytes(b"someone else's file")
    out = extract_media(path, _read(path), folder, relative_to=tmp_path)
    assert out.corpus["R21"].attributes["media_file"] == f"p.rkp.media/{G(20)}.mp3"
    assert out.corpus["R23"].attributes["media_file"] == f"p.rkp.media/{G(22)}-2.mp3"
    assert (folder / f"{G(22)}.mp3").read_bytes() == b"someone else's file" and (folder / f"{G(22)}-2.mp3").read_bytes() == b"other"
    assert "media_file" not in out.corpus["R25"].attributes and "media_file" not in out.corpus["R27"].attributes
    listed = [n for n in out.report.not_carried if n.startswith("recording of")]
    assert listed == ["recording of 'R25': 'absolute://C:/opnames/r25.wav' lies outside the archive; not extracted (attribute media_path names it)",
                      "recording of 'R27': 'internal://../../evil.mp3' is not in the archive; not extracted (attribute media_path names it)"]
    assert sorted(p.name for p in tmp_path.rglob("*.mp3")) == sorted([f"{G(20)}.mp3", f"{G(22)}.mp3", f"{G(22)}-2.mp3"])
    again = extract_media(path, _read(path), folder, relative_to=tmp_path)  # the same files: reused, nothing new
    assert again.corpus["R23"].attributes["media_file"] == f"p.rkp.media/{G(22)}-2.mp3"
    assert len(list(folder.iterdir())) == 3 and any(w.startswith(f"recording sources/{G(20)}.mp3") and "already at" in w
                                                    for w in again.report.warnings)


def test_an_oversized_recording_is_refused_by_the_archive_limits(tmp_path):
    path = _qdpx(tmp_path / "a.qdpx", _source(f"internal://{G(20)}.mp3"), members={f"sources/{G(20)}.mp3": AUDIO * 50})
    ex = _read(path)
    with pytest.raises(ExchangeError) as caught:
        extract_media(path, ex, tmp_path / "m", max_member=1000)
    assert caught.value.code == "RK601" and not (tmp_path / "m").exists()


def test_the_import_command_extracts_the_recordings_beside_the_project(tmp_path, capsys):
    path = _qdpx(tmp_path / "a.qdpx", _source(f"internal://{G(20)}.mp3"), members={f"sources/{G(20)}.mp3": AUDIO})
    target = tmp_path / "study.rkp"
    assert main(["import", str(path), "-p", str(target), "--extract-media"]) == 0
    out = capsys.readouterr().out
    assert f"extracted to study.rkp.media/{G(20)}.mp3" in out and "media_name='interview-03'" in out
    assert (tmp_path / "study.rkp.media" / f"{G(20)}.mp3").read_bytes() == AUDIO
    with Project.open(target) as project:
        doc = project.corpus()["R21"]
    assert doc.attributes["media_file"] == f"study.rkp.media/{G(20)}.mp3"
    assert str(media_time(doc, TEXT.index("Goed"), ())) == f"R21, 00:12:34, study.rkp.media/{G(20)}.mp3"  # from the turn's time
    assert main(["import", str(path), "-p", str(target), "--extract-media"]) == 0  # again: the same file, not a second copy
    assert [p.name for p in (tmp_path / "study.rkp.media").iterdir()] == [f"{G(20)}.mp3"]
    qde = tmp_path / "p.qde"
    qde.write_bytes(zipfile.ZipFile(path).read("project.qde"))
    assert main(["import", str(qde), "-p", str(tmp_path / "other.rkp"), "--extract-media"]) != 0
    assert "[RK606]" in capsys.readouterr().err and not (tmp_path / "other.rkp").exists()


def test_a_link_in_the_media_folder_is_never_written_through_and_a_database_project_needs_a_media_dir(tmp_path, capsys):
    path = _qdpx(tmp_path / "a.qdpx", _source(f"internal://{G(20)}.mp3"), members={f"sources/{G(20)}.mp3": AUDIO})
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / f"{G(20)}.mp3").symlink_to(tmp_path / "elsewhere.mp3")  # dangling: writing through it would create elsewhere.mp3
    out = extract_media(path, _read(path), folder)
    assert out.corpus["R21"].attributes["media_file"] == str(folder / f"{G(20)}-2.mp3")
    assert not (tmp_path / "elsewhere.mp3").exists() and (folder / f"{G(20)}.mp3").is_symlink()
    url = "postgresql+psycopg://rk:rk@127.0.0.1:5432/postgres"
    assert main(["import", str(path), "-p", url, "--extract-media"]) != 0
    assert "[RK606]" in capsys.readouterr().err


def test_a_recording_larger_than_any_text_member_may_be_opens_and_is_streamed_out(tmp_path, monkeypatch):
    """Real projects carry hours of audio and video: the limits of what is read into memory
    (here shrunk to 1 MiB per member, 2 MiB in all) must not refuse the project; the recording
    is copied to disk in chunks, and no temporary file is left."""
    import os

    from researchkit.refi.safety import SafeArchive

    original = SafeArchive.__init__
    monkeypatch.setattr(SafeArchive, "__init__", lambda self, path, **kw: original(
        self, path, **{"max_member": 1024 * 1024, "max_total": 2 * 1024 * 1024, **kw}))
    video = os.urandom(3 * 1024 * 1024)
    path = _qdpx(tmp_path / "a.qdpx", _source(f"internal://{G(20)}.mp3"), members={f"sources/{G(20)}.mp3": video})
    ex = _read(path)
    out = extract_media(path, ex, tmp_path / "m", relative_to=tmp_path)
    assert out.corpus["R21"].attributes["media_file"] == f"m/{G(20)}.mp3"
    assert (tmp_path / "m" / f"{G(20)}.mp3").read_bytes() == video
    assert [p.name for p in (tmp_path / "m").iterdir()] == [f"{G(20)}.mp3"]

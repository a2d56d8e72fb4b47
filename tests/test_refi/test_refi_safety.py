"""Crafted archives and XML are refused with a clear error, and nothing is written anywhere."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest

from researchkit.errors import ExchangeError
from researchkit.project import Project
from researchkit.refi import read_qdc, read_qdpx
from researchkit.refi.safety import SafeArchive

QDE = b'<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>'


def _zip(path: Path, members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.mark.parametrize("member", ["../../x.txt", "sources/../../x.txt", "/etc/x.txt", "C:/Windows/x.txt", "..\\..\\x.txt"])
def test_zip_slip_and_absolute_members_are_refused(tmp_path, member):
    work = tmp_path / "work"
    work.mkdir()
    archive = _zip(work / "evil.qdpx", {"project.qde": QDE, member: b"pwned"})
    before = _files(tmp_path)
    with pytest.raises(ExchangeError, match=r"RK601.*unsafe path"):
        read_qdpx(archive)
    project = Project.create(work / "p.rkp")
    with pytest.raises(ExchangeError, match="RK601"):
        project.import_qdpx(archive)
    new = _files(tmp_path) - before
    assert new and all(f.startswith("work/p.rkp") for f in new), new  # only the project's own files
    assert not (tmp_path / "x.txt").exists() and len(project.documents()) == 0


def test_zip_bomb_by_size_is_refused_without_inflating(tmp_path):
    archive = _zip(tmp_path / "bomb.qdpx", {"project.qde": QDE, "sources/a.txt": b"\0" * (3 * 1024 * 1024)})
    with SafeArchive(archive, max_member=1024 * 1024) as z:
        assert z.read("project.qde") == QDE
        with pytest.raises(ExchangeError, match=r"RK601.*inflates to 3,145,728 bytes"):
            z.read("sources/a.txt")


def test_large_members_that_are_never_read_do_not_stop_a_project(tmp_path):
    """A real project carries its recordings: an hour of video is larger than any text member may be.
    Only what researchkit reads into memory is limited; a recording is streamed when copied out."""
    video = os.urandom(3 * 1024 * 1024)  # does not compress: no zip bomb
    archive = _zip(tmp_path / "with-video.qdpx", {"project.qde": QDE, "sources/interview.mp4": video})
    with SafeArchive(archive, max_member=1024 * 1024, max_total=2 * 1024 * 1024) as z:
        assert "sources/interview.mp4" in z.names()
        z.read("project.qde")
        with pytest.raises(ExchangeError, match="RK601"):  # into memory: the limits hold
            z.read("sources/interview.mp4")
        copy = io.BytesIO()
        assert z.copy("sources/interview.mp4", copy) == (len(video), hashlib.sha256(video).hexdigest())
        assert copy.getvalue() == video
        with pytest.raises(ExchangeError, match="RK601.*inflates to 3,145,728 bytes"):
            z.copy("sources/interview.mp4", io.BytesIO(), max_bytes=1024 * 1024)
    assert read_qdpx(archive).corpus is not None  # the project itself reads


def test_a_copied_member_that_is_a_zip_bomb_is_refused_too(tmp_path):
    archive = _zip(tmp_path / "bomb.qdpx", {"project.qde": QDE, "sources/a.mp3": b"\0" * (20 * 1024 * 1024)})
    with SafeArchive(archive) as z, pytest.raises(ExchangeError, match=r"RK601.*compressed \d[\d,]* to 1"):
        z.copy("sources/a.mp3", io.BytesIO())


def test_zip_bomb_by_ratio_is_refused(tmp_path):
    archive = _zip(tmp_path / "bomb.qdpx", {"project.qde": QDE, "sources/a.txt": b"\0" * (20 * 1024 * 1024)})
    assert zipfile.ZipFile(archive).getinfo("sources/a.txt").compress_size < 100_000
    with SafeArchive(archive) as z, pytest.raises(ExchangeError, match=r"RK601.*compressed \d[\d,]* to 1 \(limit 200 to 1\)"):
        z.read("sources/a.txt")  # refused from the directory, before inflating


def test_archive_total_size_limit(tmp_path):
    archive = _zip(tmp_path / "big.qdpx", {"project.qde": QDE, "sources/a.txt": os.urandom(600_000), "sources/b.txt": os.urandom(600_000)})
    with SafeArchive(archive, max_total=1_000_000) as z:
        z.read("sources/a.txt")
        with pytest.raises(ExchangeError, match="RK601.*more than 1,000,000 bytes"):
            z.read("sources/b.txt")  # the two read together pass the limit


def test_lying_directory_sizes_are_caught_while_inflating(tmp_path):
    archive = _zip(tmp_path / "liar.qdpx", {"project.qde": QDE, "sources/a.txt": b"x" * 5000}, compression=zipfile.ZIP_STORED)
    data = bytearray(archive.read_bytes())
    # patch the uncompressed size in the central directory entry of sources/a.txt to 10 bytes
    central = data.rfind(b"PK\x01\x02")
    assert data[central + 46 : central + 46 + 13] == b"sources/a.txt"
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    archive.write_bytes(bytes(data))
    with SafeArchive(archive) as z, pytest.raises(ExchangeError, match="RK601.*(corrupt|forged|larger than the archive directory says)"):
        z.read("sources/a.txt")


def test_a_directory_that_points_before_the_start_of_the_file_is_a_damaged_archive(tmp_path):
    """A flipped bit in the end record's directory offset puts every member before byte 0 (found by the fuzz sweep)."""
    archive = _zip(tmp_path / "flipped.qdpx", {"project.qde": QDE, "sources/a.txt": b"x" * 50})
    data = bytearray(archive.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    offset = int.from_bytes(data[end + 16 : end + 20], "little")
    data[end + 16 : end + 20] = (offset + 40_000).to_bytes(4, "little")  # the directory now claims to start 40 kB later
    archive.write_bytes(bytes(data))
    assert min(i.header_offset for i in zipfile.ZipFile(archive).infolist()) < 0
    with pytest.raises(ExchangeError, match="RK601.*member is corrupt or its recorded size or place is forged"):
        read_qdpx(archive)


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&secret;"/>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="11111111-1111-1111-1111-111111111111" name="&lol3;" isCodable="true"/></Codes></CodeBook>"""


def test_external_entities_are_refused(tmp_path):
    archive = _zip(tmp_path / "xxe.qdpx", {"project.qde": XXE})
    with pytest.raises(ExchangeError, match=r"RK602.*DOCTYPE"):
        read_qdpx(archive)


def test_billion_laughs_is_refused(tmp_path):
    (tmp_path / "laughs.qdc").write_bytes(LAUGHS)
    with pytest.raises(ExchangeError, match=r"RK602.*DOCTYPE"):
        read_qdc(tmp_path / "laughs.qdc")


def test_malformed_xml_names_the_line(tmp_path):
    archive = _zip(tmp_path / "broken.qdpx", {"project.qde": b'<Project xmlns="urn:QDA-XML:project:1.0" name="p">\n<Users>\n</Project>'})
    with pytest.raises(ExchangeError, match=r"RK602.*broken.qdpx!project.qde, line 3: not well-formed"):
        read_qdpx(archive)


def test_failed_import_leaves_the_project_unchanged(tmp_path):
    project = Project.create(tmp_path / "p.rkp")
    before = project.history()
    with pytest.raises(ExchangeError):
        project.import_qdpx(_zip(tmp_path / "xxe.qdpx", {"project.qde": XXE}))
    assert project.history().equals(before)

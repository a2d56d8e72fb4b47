"""Exporting the recording of a transcript with its sync points (``write_qdpx(..., recordings=True)``).

The shape is the one ATLAS.ti and QualCoder 1 export (and the standard's example,
REFI-QDA 1.5 p. 32-33, a ``VideoSource`` with ``path="relative:///….mp4"`` and a
``<Transcript>`` of ``<SyncPoint position timeStamp>``\\s): the document stays a
``TextSource`` with its codings, and after it comes the media source whose ``<Transcript>``
names the same text file. Positions are counted as the target program counts offsets.
"""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

from lxml import etree

from researchkit.project import Project
from researchkit.project.exchange import sync_points
from researchkit.refi import read_qdpx, write_qdpx

_spec = importlib.util.spec_from_file_location("qdpx_files", Path(__file__).with_name("qdpx_files.py"))
qdpx_files = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(qdpx_files)
G = qdpx_files.G
NS = {"q": "urn:QDA-XML:project:1.0"}
TEXT = ("I: Hoe ging het in de haven? \U0001f600\nR: Goed, we werkten samen.\nZe kwamen om tien uur.\n"
        "I: En daarna?\nR: Niets.\n")


def _media_project(path: Path, media_path: str, *, kind: str = "VideoSource", name: str = "int1.mp4") -> Path:
    points = [(30, 0, 0), (31, TEXT.index("R: Goed"), 4500), (32, TEXT.index("tien"), 10250), (33, TEXT.index("I: En"), 15000)]
    sync = "".join(f'<SyncPoint guid="{G(k)}" position="{p}" timeStamp="{ms}"/>' for k, p, ms in points)
    sel = (f'<TranscriptSelection guid="{G(40)}" fromSyncPoint="{G(31)}" toSyncPoint="{G(33)}">'
           f'<Coding guid="{G(41)}"><CodeRef targetGUID="{G(10)}"/></Coding></TranscriptSelection>')
    source = (f'<{kind} guid="{G(20)}" name="{name}" path="{media_path}">'
              f'<Transcript guid="{G(21)}" name="int1" plainTextPath="internal://{G(21)}.txt">{sync}{sel}</Transcript></{kind}>')
    return qdpx_files.write_project(path, f"<Sources>{source}</Sources>", {21: TEXT},
                                    codes=f'<Code guid="{G(10)}" name="Samen" isCodable="true"/>', origin="Transana 3.22b2-QDE-Win")


def _parts(path: Path):
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("project.qde"))
        files = {n: z.read(n) for n in z.namelist() if n.startswith("sources/")}
    return root, files


def test_a_transcripts_recording_goes_out_with_its_sync_points_and_comes_back_identical(tmp_path):
    first = qdpx_files.quietly(read_qdpx, _media_project(tmp_path / "a.qdpx", "relative:///video/int1.mp4"))
    assert first.sync_points["int1"] and len(first.codings) == 1
    out = tmp_path / "b.qdpx"
    report = write_qdpx(first, out, recordings=True)   # validated against Project.xsd before it is put in place
    assert report.warnings[0] == "'int1': its recording written as VideoSource 'relative:///video/int1.mp4' with 4 sync point(s)"
    assert report.warnings[1].startswith("the project has no creation date") and len(report.warnings) == 2  # Transana wrote none
    root, files = _parts(out)
    (text_source,) = root.findall(".//q:TextSource", NS)
    (video,) = root.findall(".//q:VideoSource", NS)
    (transcript,) = video.findall("q:Transcript", NS)
    assert (video.get("guid"), video.get("name"), video.get("path")) == (G(20).upper(), "int1.mp4", "relative:///video/int1.mp4")
    assert transcript.get("plainTextPath") == text_source.get("plainTextPath")   # one text, as ATLAS.ti writes it
    assert len(text_source.findall("q:PlainTextSelection", NS)) == 1 and not transcript.findall("q:TranscriptSelection", NS)
    written = [(int(p.get("position")), int(p.get("timeStamp"))) for p in transcript.findall("q:SyncPoint", NS)]
    assert written == list(first.sync_points["int1"])   # the standard counts code points, as researchkit does
    second = qdpx_files.quietly(read_qdpx, out)
    assert [t.doc_id for t in second.corpus] == ["int1"]   # the transcript is the text source's file: one document
    doc, before = second.corpus["int1"], first.corpus["int1"]
    assert (doc.text, doc.attributes, doc.turns) == (before.text, before.attributes, before.turns)
    assert second.sync_points == first.sync_points
    assert second.codings[["start", "end", "code"]].values.tolist() == first.codings[["start", "end", "code"]].values.tolist()
    assert write_qdpx(second, tmp_path / "c.qdpx", recordings=True) and _parts(tmp_path / "c.qdpx")[1] == files


def test_sync_positions_for_nvivo_are_utf16_units_on_the_crlf_file_it_gets(tmp_path):
    first = qdpx_files.quietly(read_qdpx, _media_project(tmp_path / "a.qdpx", "absolute:///D:/opnames/int1.m4a", kind="AudioSource",
                                                          name="int1.m4a"))
    out = tmp_path / "n.qdpx"
    write_qdpx(first, out, recordings=True, target="nvivo")
    root, files = _parts(out)
    (audio,) = root.findall(".//q:AudioSource", NS)   # an .m4a is audio
    (text_file,) = files.values()
    assert text_file.startswith(b"\xef\xbb\xbf") and b"\r\n" in text_file
    units = text_file.decode("utf-8-sig").encode("utf-16-le")  # as NVivo counts (its selections too): CRLF, an emoji as 2
    text = first.corpus["int1"].text
    for point, (offset, ms) in zip(audio.findall(".//q:SyncPoint", NS), first.sync_points["int1"]):
        position = int(point.get("position"))
        assert int(point.get("timeStamp")) == ms
        after = units[2 * position:].decode("utf-16-le").replace("\r\n", "\n")
        assert after == text[offset:]   # the same character in the file NVivo reads
    again = qdpx_files.quietly(read_qdpx, out)
    assert again.sync_points == first.sync_points


def test_a_recording_that_was_inside_the_archive_is_not_pointed_at_and_the_report_says_so(tmp_path):
    first = qdpx_files.quietly(read_qdpx, _media_project(tmp_path / "a.qdpx", f"internal://{G(20)}.mp4"))
    report = write_qdpx(first, tmp_path / "b.qdpx", recordings=True)
    root, _ = _parts(tmp_path / "b.qdpx")
    assert not root.findall(".//q:VideoSource", NS) and not root.findall(".//q:SyncPoint", NS)
    assert report.not_carried == [f"'int1': recording 'internal://{G(20)}.mp4' not written: it was inside the archive it came "
                                  "from and researchkit carries no recordings (its sync points travel in researchkit's extension)"]
    plain = write_qdpx(first, tmp_path / "c.qdpx")   # without recordings=True: text sources only, as before
    assert not _parts(tmp_path / "c.qdpx")[0].findall(".//q:VideoSource", NS) and not plain.not_carried


def test_a_project_exports_its_transcripts_recording_and_another_project_gets_the_same_times(tmp_path):
    with Project.create(tmp_path / "a.rkp") as project:
        qdpx_files.quietly(project.import_qdpx, _media_project(tmp_path / "a.qdpx", "relative:///int1.mp4"))
        points = sync_points(project)
        write_qdpx(project, tmp_path / "out.qdpx", recordings=True)
        turns = project.corpus()["int1"].turns
    with Project.create(tmp_path / "b.rkp") as other:
        qdpx_files.quietly(other.import_qdpx, tmp_path / "out.qdpx")
        assert sync_points(other) == points and points["int1"]
        assert other.corpus()["int1"].turns == turns


def test_a_pseudonymised_export_writes_the_recording_under_its_pseudonym_and_passes_the_leak_check(tmp_path):
    from researchkit.privacy import KeyEntry, PrivacyKey

    first = qdpx_files.quietly(read_qdpx, _media_project(tmp_path / "a.qdpx", "relative:///Zijlstra/int1.mp4", name="Zijlstra.mp4"))
    key = PrivacyKey([KeyEntry("Zijlstra")]).assigned()
    report = write_qdpx(first, tmp_path / "p.qdpx", key=key, kinds="none", recordings=True)
    root, _ = _parts(tmp_path / "p.qdpx")
    (video,) = root.findall(".//q:VideoSource", NS)
    assert "Zijlstra" not in etree.tostring(root, encoding="unicode")
    assert video.get("path").startswith("relative:///") and video.findall(".//q:SyncPoint", NS)
    assert any("its recording written as VideoSource" in w for w in report.warnings)


def test_the_command_line_exports_recordings_only_when_asked(tmp_path, capsys):
    from researchkit.cli import main

    with Project.create(tmp_path / "a.rkp") as project:
        qdpx_files.quietly(project.import_qdpx, _media_project(tmp_path / "a.qdpx", "relative:///int1.mp4"))
    assert main(["export", "--qdpx", str(tmp_path / "plain.qdpx"), "-p", str(tmp_path / "a.rkp")]) == 0
    assert main(["export", "--qdpx", str(tmp_path / "media.qdpx"), "--recordings", "-p", str(tmp_path / "a.rkp")]) == 0
    assert "its recording written as VideoSource" in capsys.readouterr().out
    assert not _parts(tmp_path / "plain.qdpx")[0].findall(".//q:VideoSource", NS)
    (video,) = _parts(tmp_path / "media.qdpx")[0].findall(".//q:VideoSource", NS)
    assert video.get("path") == "relative:///int1.mp4" and len(video.findall(".//q:SyncPoint", NS)) == 4

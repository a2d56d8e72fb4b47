"""Codings on audio and video carried over to the transcript through its sync points; what cannot be, listed.

Fixtures are shaped like QualCoder 1's export (``src/qualcoder/refi.py`` in
ccbogel/QualCoder: ``RefiExport`` writes a ``<VideoSource>``/``<AudioSource>`` whose
``<Transcript>`` has a sync point at 0 / 0 and one at each coding's start and end, and
``load_codings_for_audio_video`` documents the ``<VideoSelection begin="115" end="1100"
name="(115,0),(1100,0)">`` with its ``<Coding>``), and like MAXQDA's picture codings
(``<PictureSelection firstX firstY secondX secondY>``, documented in the same importer's
``load_codings_for_picture``). REFI-QDA 1.5, section 10.4: media selections are
milliseconds from the start of the recording.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

from researchkit.project import Project
from researchkit.refi import read_qdpx
from researchkit.refi.mediacodings import passage_at_times

G = "00000000-0000-4000-8000-0000000000{:02d}".format
TEXT = "[00:00:00] I: Hoe was de nacht?\n[00:00:04] R: Koud, en stil op zee.\n[00:00:09] I: En de vangst?\n[00:00:12] R: Slecht.\n"
USER = G(90)


def _points() -> str:
    marks = [(0, 0), (TEXT.index("[00:00:04]"), 4000), (TEXT.index("[00:00:09]"), 9000), (TEXT.index("[00:00:12]"), 12000)]
    return "".join(f'<SyncPoint guid="{G(50 + k)}" position="{p}" timeStamp="{ms}"/>' for k, (p, ms) in enumerate(marks))


def _selection(k: int, kind: str, begin: str, end: str, code: int = 10) -> str:
    return (f'<{kind} guid="{G(k)}" name="({begin},0),({end},0)" begin="{begin}" end="{end}" creatingUser="{USER}" '
            f'creationDateTime="2020-11-10T18:01:23Z"><Coding guid="{G(k + 1)}" creatingUser="{USER}" '
            f'creationDateTime="2020-11-10T18:01:23Z"><CodeRef targetGUID="{G(code)}"/></Coding></{kind}>')


def _project(path: Path, sources: str, texts: dict[int, str]) -> Path:
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="zee" origin="QualCoder 1.4">'
           f'<Users><User guid="{USER}" name="colin"/></Users>'
           f'<CodeBook><Codes><Code guid="{G(10)}" name="Kou" isCodable="true"/><Code guid="{G(11)}" name="Stilte" isCodable="true"/>'
           f'</Codes></CodeBook><Sources>{sources}</Sources></Project>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        for k, text in texts.items():
            z.writestr(f"sources/{G(k)}.txt", text.encode("utf-8"))
    return path


def _read(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_qdpx(path)


def test_a_video_selection_codes_the_transcript_between_the_sync_points_around_its_times(tmp_path):
    video = (f'<VideoSource guid="{G(20)}" name="nacht.mp4" path="relative:///nacht.mp4">'
             f'<Transcript guid="{G(21)}" name="nacht.mp4.transcribed" plainTextPath="internal://{G(21)}.txt" '
             f'creationDateTime="2020-11-10T18:00:00Z">{_points()}</Transcript>'
             + _selection(30, "VideoSelection", "4500", "8000")      # inside the answer: the answer
             + _selection(32, "VideoSelection", "9000", "13000", 11)  # from a sync point to past the last one: to the end
             + _selection(34, "VideoSelection", "7000", "6000")      # reversed: listed
             + f'<VideoSelection guid="{G(36)}" begin="1" end="2"/>'  # nothing coded: nothing to carry
             + '</VideoSource>')
    ex = _read(_project(tmp_path / "v.qdpx", video, {21: TEXT}))
    rows = ex.codings.sort_values("start")
    assert rows["text"].tolist() == ["[00:00:04] R: Koud, en stil op zee.", "[00:00:09] I: En de vangst?\n[00:00:12] R: Slecht."]
    doc = ex.corpus["nacht.mp4.transcribed"]
    assert all(doc.text[r.start:r.end] == r.text for r in rows.itertuples())   # offsets are the passage
    assert rows["code"].tolist() == ["Kou", "Stilte"] and set(rows["coder"]) == {"colin"}
    assert rows["created"].tolist() == ["2020-11-10T18:01:23Z"] * 2
    assert rows["origin"].iloc[0] == "VideoSource 'nacht.mp4' 4500-8000 ms, placed on its transcript between the sync points around it"
    assert ("VideoSource 'nacht.mp4': 2 coding(s) of its video selections placed on transcript 'nacht.mp4.transcribed' "
            "between the sync points around their times") in ex.report.warnings
    (listed,) = [x for x in ex.report.not_carried if "VideoSource" in x]
    assert listed.startswith("VideoSource 'nacht.mp4': 1 coding(s) of its 3 video selection(s) not placed: ")
    assert "(7000-6000 ms): its times are missing or reversed" in listed
    p = Project.create(tmp_path / "p.rkp")   # and they stay codings in a project, with where they came from
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p.import_qdpx(tmp_path / "v.qdpx")
    assert sorted(p.codings()["text"]) == sorted(rows["text"])


def test_media_codings_that_cannot_be_placed_are_listed_with_their_count_and_kind(tmp_path):
    untimed = (f'<AudioSource guid="{G(20)}" name="kade.m4a" path="relative:///kade.m4a">'
               f'<Transcript guid="{G(21)}" name="kade" plainTextPath="internal://{G(21)}.txt"/>'
               + _selection(30, "AudioSelection", "100", "900") + '</AudioSource>')
    two = (f'<AudioSource guid="{G(22)}" name="twee.m4a" path="relative:///twee.m4a">'
           f'<Transcript guid="{G(23)}" name="twee-nl" plainTextPath="internal://{G(23)}.txt">{_points()}</Transcript>'
           f'<Transcript guid="{G(24)}" name="twee-en" plainTextPath="internal://{G(24)}.txt">{_points()}</Transcript>'
           + _selection(32, "AudioSelection", "100", "900") + '</AudioSource>')
    backwards = (f'<VideoSource guid="{G(25)}" name="terug.mp4" path="relative:///terug.mp4">'
                 f'<Transcript guid="{G(26)}" name="terug" plainTextPath="internal://{G(26)}.txt">'
                 f'<SyncPoint guid="{G(60)}" position="0" timeStamp="5000"/><SyncPoint guid="{G(61)}" position="20" timeStamp="1000"/>'
                 f'</Transcript>' + _selection(34, "VideoSelection", "100", "900") + '</VideoSource>')
    picture = (f'<PictureSource guid="{G(27)}" name="haven.png" path="internal://{G(27)}.png">'
               f'<PictureSelection guid="{G(36)}" firstX="783" firstY="1238" secondX="1172" secondY="1788" creatingUser="{USER}">'
               f'<Coding guid="{G(37)}"><CodeRef targetGUID="{G(10)}"/></Coding></PictureSelection></PictureSource>')
    ex = _read(_project(tmp_path / "m.qdpx", untimed + two + backwards + picture, {21: TEXT, 23: TEXT, 24: TEXT, 26: TEXT}))
    assert ex.codings.empty
    listed = ex.report.not_carried
    assert "AudioSource 'kade.m4a': 1 coding(s) of its 1 audio selection(s) not placed: transcript 'kade' has no sync points tying its text to the times" in listed
    assert "AudioSource 'twee.m4a': 1 audio selection(s) with 1 coding(s): 2 transcripts, and which one the times refer to is unknown" in listed
    assert ("VideoSource 'terug.mp4': 1 coding(s) of its 1 video selection(s) not placed: the sync points of transcript "
            "'terug' go back in time as the text goes on") in listed
    assert "PictureSource 'haven.png': 1 picture selection(s) with 1 coding(s): researchkit codes text only" in listed


def test_the_passage_of_a_stretch_of_time_is_bounded_by_sync_points_and_trimmed():
    points = ((0, 0), (10, 1000), (20, 2000))
    text = "aaaaaaaaa\n bbbbbbb\n ccccccc\n"
    assert passage_at_times(points, text, 1000, 2000) == (11, 18)   # exactly on two sync points; blanks left out
    assert passage_at_times(points, text, 1500, 1600) == (11, 18)   # inside: widened to the points around it
    assert passage_at_times(points, text, 2500, 9000) == (20, 27)   # after the last point: to the end of the text
    assert passage_at_times((), text, 5, 10) == (0, 27)             # no points at all: the whole text
    assert passage_at_times(((0, 0), (3, 1000)), "   x", 0, 900) is None   # only blanks between the points

"""Shapes of real ``.qdpx`` exports in public repositories that no other test names (a sweep).

The files themselves are other people's research data, so each test rebuilds the shape in a
few lines, with the attributes, names and GUID forms the real file has:

* MAXQDA 2022 (Release 22.4.0) project re-written by a script of a metaphor study (a public
  ``parseQDPX`` script, stored in the public index): every ``TextSource`` holds one
  ``PlainTextSelection`` without a ``Coding`` (``name="0,5"``) and the project's
  ``<Links>`` tie those selections to each other (``name="Link"``, ``direction="Associative"``).
  Before: the report named each end "document 'X'", so which passages were linked was lost.
* MAXQDA Plus 2020 (Release 20.4.2) "New project" export, mirrored in a QDA app's test
  (Magnolia, ``xml-deserializer``): sources named without extension, two ``PictureSource``\\s
  nobody coded, a ``VideoSource`` holding an ``.m4a`` and no transcript, GUIDs ``A`` .. ``E``.
  Before: the pictures disappeared from the import without a word in the report.
* NVivo 14 export, mirrored in the same app's test: the text in ``Sources/`` (capital S), GUID
  ``ABC123``, no codings: read with its text.
* MAXQDA 2020 (Release 20.2.1) video project written by an R script for import into MAXQDA
  (``parse_disco``): code GUIDs that are code names, every ``VideoSelection`` and ``Coding``
  with one and the same GUID, no transcript: nothing placed, all listed.
"""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

from researchkit.refi import read_qdpx

_spec = importlib.util.spec_from_file_location("qdpx_files", Path(__file__).with_name("qdpx_files.py"))
qdpx_files = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(qdpx_files)
G = qdpx_files.G


def _zip(path: Path, qde: str, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_links_between_uncoded_selections_name_the_two_passages_maxqda_22(tmp_path):
    user = "DB54F35C-F8C7-4A3F-906C-074FFE27CD0F"
    header = "GO TO\nTARGET DOMAIN\nSOURCE DOMAIN\nMETAPHOR TYPE\n------------------------\n\n"
    linked = "Hamlet: the sea of troubles, and by opposing end them"
    qde = (f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd" '
           f'name="imported" origin="MAXQDA 2022 (Release 22.4.0)" xmlns="urn:QDA-XML:project:1.0">\n'
           f' <Users>\n  <User name="kasia" guid="{user}"/>\n </Users>\n<Sources>\n'
           f'<TextSource guid="{G(1)}" name="sea of troubles" creatingUser="{user}" \n  plainTextPath="internal://{G(1)}.txt">\n'
           f'<PlainTextSelection endPosition="5" guid="{G(2)}" startPosition="0" name="0,5"/>\n</TextSource>\n'
           f'<TextSource guid="{G(3)}" name="Hamlet linked" creatingUser="{user}" plainTextPath="internal://{G(3)}.txt">\n'
           f'<PlainTextSelection endPosition="27" guid="{G(4)}" startPosition="8" name="8,27"/>\n</TextSource>\n</Sources>\n'
           f'<Links>\n<Link originGUID="{G(2)}" name="Link" guid="{G(5)}" targetGUID="{G(4)}" color="#000000" '
           'direction="Associative"/>\n</Links>\n</Project>')
    ex = qdpx_files.quietly(read_qdpx, _zip(tmp_path / "fragments.qdpx", qde, {
        f"sources/{G(1)}.txt": header + "the sea of troubles", f"sources/{G(3)}.txt": linked}))
    assert sorted(d.doc_id for d in ex.corpus) == ["Hamlet linked", "sea of troubles"] and ex.codings.empty
    listed = [n for n in ex.report.not_carried if n.startswith("link ")]
    assert listed == [f"link 'Link' (selection {G(2)}, the passage 'GO TO' (characters 0-5) of 'sea of troubles' -> "
                      f"selection {G(4)}, the passage 'the sea of troubles' (characters 8-27) of 'Hamlet linked'): "
                      "researchkit has no links of this kind (it keeps relations between codes, and notes linked to what "
                      "they are about)"]


def test_pictures_nobody_coded_and_a_recording_without_transcript_are_listed_maxqda_2020(tmp_path):
    qde = ('<?xml version="1.0" encoding="utf-8"?>\n<Project origin="MAXQDA 2020 (Release 20.4.2)" '
           'xmlns="urn:QDA-XML:project:1.0" name="New project">\n <Sources>\n'
           '  <TextSource plainTextPath="internal://A.txt" guid="A" name="RTF"/>\n'
           '  <PictureSource path="internal://B.jpg" guid="B" name="Screenshot 2026-06-24 at 16.41.21"/>\n'
           '  <PictureSource path="internal://C.jpg" guid="C" name="magnoliasolid"/>\n'
           '  <TextSource plainTextPath="internal://D.txt" guid="D" name="Video-transcript"/>\n'
           '  <VideoSource path="internal://E.m4a" guid="E" name="New Recording 11"/>\n </Sources>\n</Project>')
    ex = qdpx_files.quietly(read_qdpx, _zip(tmp_path / "New project.qdpx", qde, {
        "Sources/A.txt": "Some rich text.", "Sources/B.jpg": b"\xff\xd8\xff", "Sources/C.jpg": b"\xff\xd8\xff",
        "Sources/D.txt": "I: Hello.\nR: Hi.", "Sources/E.m4a": b"\x00\x00\x00\x18ftypM4A "}))
    assert [(d.doc_id, d.text) for d in ex.corpus] == [("RTF", "Some rich text."), ("Video-transcript", "I: Hello.\nR: Hi.")]
    assert ex.report.not_carried == [
        "PictureSource 'Screenshot 2026-06-24 at 16.41.21': a picture without codings: researchkit codes text only",
        "PictureSource 'magnoliasolid': a picture without codings: researchkit codes text only",
        "VideoSource 'New Recording 11': no transcript: researchkit codes text only"]
    assert any("The value 'A' is not a GUID" in w for w in ex.report.warnings)


def test_an_nvivo_14_export_with_its_sources_folder_in_capitals_and_a_guid_that_is_none_is_read(tmp_path):
    qde = ('<?xml version="1.0" encoding="utf-8"?>\n<Project origin="NVivo 14" xmlns="urn:QDA-XML:project:1.0" '
           'name="NVivo Export">\n <Sources>\n  <TextSource plainTextPath="internal://ABC123.txt" guid="ABC123" '
           'name="Interview 1"/>\n </Sources>\n</Project>')
    text = "Interviewer: Tell me about your experience.\r\nParticipant: It was great."
    ex = qdpx_files.quietly(read_qdpx, _zip(tmp_path / "nvivo.qdpx", qde, {"Sources/ABC123.txt": "\ufeff" + text}))
    doc = ex.corpus["Interview 1"]
    assert doc.text == text.replace("\r\n", "\n") and [t.speaker for t in doc.turns] == ["Interviewer", "Participant"]


def test_video_codings_with_one_guid_for_all_and_code_guids_that_are_names_are_listed_not_placed_maxqda_2020(tmp_path):
    user = "2C5846FE-C0B7-4124-9256-794A5742CEBA"
    sels = "".join(f'<VideoSelection end="{b + 2000}" name="({b},0),({b + 2000},0)" creatingUser="{user}" begin="{b}" '
                   'guid="5FB6E502-B2A2-459C-B8F7-C3E17A3A2F87">\n    <Coding creatingUser="' + user + '" '
                   f'guid="E9CABA1A-0832-47CE-BD66-A8EC188D37FD">\n    <CodeRef targetGUID="{c}"/>\n    </Coding>\n'
                   '    </VideoSelection>' for b, c in ((1000, "ShowingA"), (5000, "ShowingB")))
    qde = ('<?xml version="1.0" encoding="utf-8"?>\n<Project origin="MAXQDA 2020 (Release 20.2.1)" '
           'name="Video-with-2-coded-segments" modifiedDateTime="2020-09-29T11:39:59Z" xmlns="urn:QDA-XML:project:1.0">\n'
           f'<Users>\n<User name="Francesca" guid="{user}"/>\n</Users>\n<CodeBook>\n<Codes>\n'
           '<Code isCodable="true" name="Showing A" color="#2364a2" guid="ShowingA"/>'
           '<Code isCodable="true" name="Showing B" color="#2364a2" guid="ShowingB"/>\n</Codes>\n</CodeBook>\n<Sources>\n'
           f'<VideoSource name="P3" creatingUser="{user}" path="internal://P3.mp4" '
           f'guid="46ACDB89-832F-4998-A542-D579FCBE8F1F">\n{sels}\n</VideoSource>\n</Sources>\n</Project>')
    ex = qdpx_files.quietly(read_qdpx, _zip(tmp_path / "video.qdpx", qde, {"Sources/P3.mp4": b"\x00"}))
    assert len(ex.corpus) == 0 and ex.codings.empty
    assert [c.name for c in ex.codebook.walk()] == ["Showing A", "Showing B"]
    assert ex.report.not_carried == ["VideoSource 'P3': 2 video selection(s) with 2 coding(s) and no transcript: "
                                     "researchkit codes text only"]

"""A project keeps what a transcript of audio or video and a codebook's relations bring, on every backend.

Import -> project -> export -> import again keeps the turns' times, the sync points inside
turns (a project fact tied to the document's text) and the relations between codes
(links in the file, ``relations:`` in the stored codebook).
"""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

from researchkit.codebook.model import Relation
from researchkit.project import Project
from researchkit.project.exchange import import_exchange, sync_points
from researchkit.refi import read_qdpx
from researchkit.transcripts import Transcript

_spec = importlib.util.spec_from_file_location("qdpx_files", Path(__file__).parents[1] / "test_refi" / "qdpx_files.py")
qdpx_files = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(qdpx_files)
G = qdpx_files.G
TEXT = "I: Hoe ging het in de haven?\nR: Goed, we werkten samen.\nZe kwamen om tien uur.\nI: En daarna?\nR: Niets.\n"
POINTS = ((0, 0), (TEXT.index("R: Goed"), 4500), (TEXT.index("tien uur"), 10250), (TEXT.index("Niets"), 17000))
TIMES = [0.0, 4.5, None, 17.0]


def _qdpx(path: Path, *, links: str = "", members: dict[str, bytes] | None = None) -> Path:
    sync = "".join(f'<SyncPoint guid="{G(30 + k)}" position="{o}" timeStamp="{ms}"/>' for k, (o, ms) in enumerate(POINTS))
    codes = f'<Code guid="{G(10)}" name="Samen" isCodable="true"/><Code guid="{G(11)}" name="Tijd" isCodable="true"/>'
    body = (f'<Sources><AudioSource guid="{G(20)}" name="int1.mp3" path="internal://{G(20)}.mp3">'
            f'<Transcript guid="{G(21)}" name="int1" plainTextPath="internal://{G(21)}.txt">{sync}'
            f'<TranscriptSelection guid="{G(40)}" fromSyncPoint="{G(32)}" toSyncPoint="{G(33)}">'
            f'<Coding guid="{G(41)}"><CodeRef targetGUID="{G(11)}"/></Coding></TranscriptSelection></Transcript></AudioSource></Sources>'
            f'{links}')
    return qdpx_files.write_project(path, body, {21: TEXT}, codes=codes, origin="Transana 3.22b2-QDE-Win", name="media",
                                     members=members)


LINK = f'<Links><Link guid="{G(60)}" name="is cause of" direction="OneWay" originGUID="{G(10)}" targetGUID="{G(11)}"/></Links>'


_quiet = qdpx_files.quietly


def test_times_and_relations_survive_import_export_import(project, tmp_path):
    _quiet(project.import_qdpx, _qdpx(tmp_path / "a.qdpx", links=LINK))
    assert [u.timestamp for u in project.corpus()["int1"].turns] == TIMES
    assert sync_points(project) == {"int1": POINTS}
    assert project.codebook().relations == (Relation("Samen", "Tijd", "is cause of", "one-way"),)
    _quiet(project.export_qdpx, tmp_path / "b.qdpx")
    with zipfile.ZipFile(tmp_path / "b.qdpx") as z:
        assert b'name="is cause of" direction="OneWay"' in z.read("project.qde")
    back = _quiet(read_qdpx, tmp_path / "b.qdpx")
    assert [u.timestamp for u in back.corpus["int1"].turns] == TIMES and back.sync_points == {"int1": POINTS}
    copy = Project.create(tmp_path / "copy.rkp", user="tester")
    _quiet(copy.import_qdpx, tmp_path / "b.qdpx")
    assert [u.timestamp for u in copy.corpus()["int1"].turns] == TIMES and sync_points(copy) == {"int1": POINTS}
    assert copy.codebook().relations == project.codebook().relations
    copy.close()


def test_a_document_already_stored_without_times_takes_them_and_a_corrected_text_drops_the_sync_points(project, tmp_path):
    ex = _quiet(read_qdpx, _qdpx(tmp_path / "a.qdpx"))
    bare = ex.corpus["int1"]
    project.add_documents([Transcript("int1", bare.text, tuple(u.__class__(u.speaker, u.role, u.start, u.end) for u in bare.turns))])
    _quiet(project.import_qdpx, tmp_path / "a.qdpx")
    assert [u.timestamp for u in project.corpus()["int1"].turns] == TIMES
    assert sync_points(project) == {"int1": POINTS}
    corrected = project.corpus()["int1"]
    project.add_documents([Transcript("int1", corrected.text.replace("haven", "kade"), (), {}, corrected.source)])
    assert sync_points(project) == {}  # the offsets were for the old text


def test_relations_are_added_to_a_codebook_the_project_already_has_and_follow_merged_codes(project, tmp_path):
    project.set_codebook({"codes": [{"id": "Samen", "name": "Samen"}, {"id": "Tijd", "name": "Tijd"}, {"id": "Uur", "name": "Uur"}],
                          "relations": [{"from": "Uur", "to": "Samen", "name": "is cause of", "direction": "one-way"}]})
    _quiet(project.import_qdpx, _qdpx(tmp_path / "a.qdpx", links=LINK))
    assert project.codebook().relations == (Relation("Uur", "Samen", "is cause of", "one-way"),
                                            Relation("Samen", "Tijd", "is cause of", "one-way"))
    project.merge_codes("Uur", into="Tijd")
    assert project.codebook().relations == (Relation("Tijd", "Samen", "is cause of", "one-way"),
                                            Relation("Samen", "Tijd", "is cause of", "one-way"))


def test_the_recording_a_transcript_came_from_survives_import_export_import_once(project, tmp_path):
    from researchkit.refi import media_time
    from researchkit.refi.mediafiles import extract_media

    path = _qdpx(tmp_path / "a.qdpx", members={f"sources/{G(20)}.mp3": b"ID3 fake"})
    import_exchange(project, extract_media(path, _quiet(read_qdpx, path), tmp_path / "p.media", relative_to=tmp_path))
    want = {"media_name": "int1.mp3", "media_path": f"internal://{G(20)}.mp3", "media_guid": G(20), "media_file": f"p.media/{G(20)}.mp3"}
    assert project.corpus()["int1"].attributes == want
    assert str(media_time(project.corpus()["int1"], TEXT.index("tien"), sync_points(project)["int1"])) == f"int1, 00:00:10, p.media/{G(20)}.mp3"
    _quiet(project.export_qdpx, tmp_path / "b.qdpx")
    with zipfile.ZipFile(tmp_path / "b.qdpx") as z:
        assert z.read("project.qde").count(b'name="media_file"') == 1
    _quiet(project.import_qdpx, tmp_path / "b.qdpx")  # back into the same project: the same attributes, not twice
    assert project.corpus()["int1"].attributes == want
    copy = Project.create(tmp_path / "copy.rkp", user="tester")
    _quiet(copy.import_qdpx, tmp_path / "b.qdpx")
    assert copy.corpus()["int1"].attributes == want
    copy.close()

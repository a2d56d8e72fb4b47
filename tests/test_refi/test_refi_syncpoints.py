"""Sync points of audio and video transcripts: the times of turns and passages are kept.

Shapes of real exports, rebuilt in a few lines: Transana and ATLAS.ti anchor the text of a
transcript to the recording with ``<SyncPoint position timeStamp>`` at the start of a
speaker's paragraph (on the label or on the first word) and inside turns;
QualCoder writes one at position 0 and time 0 and one at every coding's start and end,
with times taken from the ``[hh:mm:ss]`` stamps in its text (its ``get_transcript_syncpoints``);
NVivo counts positions in UTF-16 units with CRLF as 2, ATLAS.ti code points with CRLF as 1;
ATLAS.ti also exports a media file's transcript as a text source of its own.
"""

from __future__ import annotations

import importlib.util
import json
import zipfile
from pathlib import Path

from researchkit.refi import read_qdpx, validate_xml, write_qdpx
from researchkit.refi.sync import time_at

_spec = importlib.util.spec_from_file_location("qdpx_files", Path(__file__).with_name("qdpx_files.py"))
qdpx_files = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(qdpx_files)
G = qdpx_files.G
TEXT = ("I: Hoe ging het in de haven?\nR: Goed, we werkten samen.\nZe kwamen om tien uur.\n"
        "I: En daarna?\nR: Niets.\nI: Dank u.\n")


def _qdpx(path: Path, sources: str, texts: dict[int, str], *, origin: str = "Transana 3.22b2-QDE-Win", tail: str = "",
          encoding: str = "utf-8") -> Path:
    codes = f'<Code guid="{G(10)}" name="Samen" isCodable="true"/><Code guid="{G(11)}" name="Tijd" isCodable="true"/>'
    return qdpx_files.write_project(path, f"<Sources>{sources}</Sources>{tail}", texts, codes=codes, origin=origin, encoding=encoding)


def _audio(points: list[tuple[int, object, object]], selections: str = "", name: str = "int1") -> str:
    """An audio source with one transcript (G(21)); ``points`` are ``(guid number, position, timeStamp)`` (None: left out)."""
    sync = "".join(f'<SyncPoint guid="{G(k)}"' + (f' position="{p}"' if p is not None else "") + (f' timeStamp="{ms}"' if ms is not None else "")
                   + "/>" for k, p, ms in points)
    return (f'<AudioSource guid="{G(20)}" name="{name}.mp3" path="internal://{G(20)}.mp3">'
            f'<Transcript guid="{G(21)}" name="{name}" plainTextPath="internal://{G(21)}.txt">{sync}{selections}</Transcript></AudioSource>')


def _read(path: Path):
    return qdpx_files.quietly(read_qdpx, path)


def _times(ex, doc_id: str) -> list:
    return [u.timestamp for u in ex.corpus[doc_id].turns]


def test_a_turn_takes_the_time_of_the_sync_point_on_its_label_or_first_word_and_inner_points_time_passages(tmp_path):
    t = TEXT
    points = [(30, 0, 0), (31, t.index("R: Goed"), 4500), (32, t.index("Ze kwamen"), 9100),
              (33, t.index("En daarna") , 15000), (34, t.index("tien uur"), 10250)]
    sel = (f'<TranscriptSelection guid="{G(40)}" fromSyncPoint="{G(32)}" toSyncPoint="{G(34)}">'
           f'<Coding guid="{G(41)}"><CodeRef targetGUID="{G(11)}"/></Coding></TranscriptSelection>')
    ex = _read(_qdpx(tmp_path / "a.qdpx", _audio(points, sel), {21: t}))
    # label, label, first word of speech; no sync point before "Niets" and "Dank u": no time made up
    assert _times(ex, "int1") == [0.0, 4.5, 15.0, None, None]
    assert ex.sync_points["int1"] == tuple((t.index(x), ms) for x, ms in (("I: Hoe", 0), ("R: Goed", 4500), ("Ze kwamen", 9100),
                                                                          ("tien uur", 10250), ("En daarna", 15000)))
    (row,) = ex.codings.itertuples()
    assert row.text == "Ze kwamen om " and time_at(ex.sync_points["int1"], row.start) == 9.1
    assert time_at(ex.sync_points["int1"], t.index("uur")) == 10.25 and time_at((), 5) is None
    assert "transcript 'int1': 5 sync point(s) kept; 3 of 5 turn(s) timed by the sync point at their start" in ex.report.warnings


def test_sync_points_without_a_time_or_outside_the_text_are_listed_not_used(tmp_path):
    points = [(30, 0, 0), (31, TEXT.index("R: Goed"), None), (32, 9999, 5000), (33, TEXT.index("En daarna"), "-1"),
              (34, None, 700)]
    ex = _read(_qdpx(tmp_path / "a.qdpx", _audio(points), {21: TEXT}))
    assert _times(ex, "int1") == [0.0, None, None, None, None]
    assert ex.sync_points["int1"] == ((0, 0),)
    (listed,) = [n for n in ex.report.not_carried if "sync point(s)" in n]
    assert listed.startswith("transcript 'int1': 4 sync point(s) give no time at a place in the text and are not kept")
    assert f"{G(32)} (line 1): position 9999 is not in the text" in listed and "timeStamp None" in listed


def test_a_time_written_in_the_text_is_kept_when_qualcoders_sync_point_at_zero_says_otherwise(tmp_path):
    text = "[00:00:05] I: Waar werkt u?\n[00:00:09] R: In de haven, al jaren.\n"
    a, b = text.index("In de haven"), text.index(", al")
    points = [(30, 0, 0), (31, a, 9000), (32, b, 9000)]  # QualCoder: position 0 / time 0, then each coding's start and end
    sel = (f'<TranscriptSelection guid="{G(40)}" name="int1" fromSyncPoint="{G(31)}" toSyncPoint="{G(32)}">'
           f'<Coding guid="{G(41)}"><CodeRef targetGUID="{G(10)}"/></Coding></TranscriptSelection>')
    ex = _read(_qdpx(tmp_path / "q.qdpx", _audio(points, sel), {21: text}, origin="QualCoder 3.4"))
    assert _times(ex, "int1") == [5.0, 9.0]
    summary = next(w for w in ex.report.warnings if w.startswith("transcript 'int1'"))
    assert "1 keep the time written in the text, which differs from their sync point (5.0 s, sync point 0.0 s)" in summary


def test_sync_positions_are_counted_as_the_exporting_program_counts(tmp_path):
    text = "I: Bent u 👍 tevreden?\r\nR: Ja, zeer.\r\nI: Waarom?\r\nR: De haven.\r\n"
    utf16 = lambda s: len(s.encode("utf-16-le")) // 2  # noqa: E731 -- NVivo's count, CRLF as 2
    pos = [utf16(text[:text.index(x)]) for x in ("R: Ja", "zeer", "I: Waarom", "De haven")]
    points = [(30, pos[0], 3000), (31, pos[1], 3600), (32, pos[2], 7000), (33, pos[3], 8400)]
    sel = (f'<TranscriptSelection guid="{G(40)}" fromSyncPoint="{G(31)}" toSyncPoint="{G(32)}">'
           f'<Coding guid="{G(41)}"><CodeRef targetGUID="{G(10)}"/></Coding></TranscriptSelection>')
    ex = _read(_qdpx(tmp_path / "n.qdpx", _audio(points, sel), {21: text}, origin="NVivo 14", encoding="utf-8-sig"))
    canonical = ex.corpus["int1"].text
    assert ex.codings["text"].tolist() == ["zeer.\n"]
    assert [canonical[o:o + 4] for o, _ in ex.sync_points["int1"]] == ["R: J", "zeer", "I: W", "De h"]
    assert _times(ex, "int1") == [None, 3.0, 7.0, 8.4]


def test_an_atlas_transcript_that_is_a_text_sources_file_times_that_document(tmp_path):
    text = "I: Goedemorgen.\r\nR: Morgen, ik ben Piet.\r\n"
    crlf1 = lambda s: len(s.replace("\r\n", "\n"))  # noqa: E731 -- ATLAS.ti: code points, CRLF as 1
    doc = f'<TextSource guid="{G(21)}" name="int1" plainTextPath="internal://{G(21)}.txt"/>'
    points = [(30, 0, 1000), (31, crlf1(text[:text.index("R:")]), 2500)]
    ex = _read(_qdpx(tmp_path / "at.qdpx", doc + _audio(points), {21: text}, origin="ATLAS.ti 9.1.7"))
    assert [t.doc_id for t in ex.corpus] == ["int1"]
    assert _times(ex, "int1") == [1.0, 2.5] and ex.sync_points["int1"] == ((0, 1000), (16, 2500))


def test_times_survive_an_export_and_a_second_import_and_other_programs_get_a_valid_file(tmp_path):
    points = [(30, 0, 0), (31, TEXT.index("R: Goed"), 4500), (32, TEXT.index("tien"), 10250)]
    first = _read(_qdpx(tmp_path / "a.qdpx", _audio(points), {21: TEXT}))
    out = tmp_path / "b.qdpx"
    write_qdpx(first, out)  # validated against Project.xsd before it is put in place
    with zipfile.ZipFile(out) as z:
        qde = z.read("project.qde").decode("utf-8")
        side = json.loads(z.read("researchkit/extension.json"))
    assert "<SyncPoint" not in qde and "<TextSource" in qde  # researchkit holds no media: documents are text sources
    assert validate_xml(qde.encode("utf-8"), "project", where="b.qdpx") == []
    (doc,) = side["documents"].values()
    assert doc["sync_points"] == [[0, 0], [TEXT.index("R: Goed"), 4500], [TEXT.index("tien"), 10250]] and [u[4] for u in doc["turns"]][:2] == [0.0, 4.5]
    second = _read(out)
    assert _times(second, "int1") == _times(first, "int1") == [0.0, 4.5, None, None, None]
    assert second.sync_points == first.sync_points


def test_sync_points_of_a_changed_or_damaged_extension_are_not_used(tmp_path):
    first = _read(_qdpx(tmp_path / "a.qdpx", _audio([(30, 0, 0), (31, 5, 700)]), {21: TEXT}))
    out = tmp_path / "b.qdpx"
    write_qdpx(first, out)
    with zipfile.ZipFile(out) as z:
        members = {n: z.read(n) for n in z.namelist()}
    side = json.loads(members["researchkit/extension.json"])
    (guid,) = side["documents"]
    side["documents"][guid]["sync_points"] = [[0, 0], ["x", 1], [10**6, 5], [5, 700]]
    members["researchkit/extension.json"] = json.dumps(side).encode("utf-8")
    with zipfile.ZipFile(tmp_path / "edited.qdpx", "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    back = _read(tmp_path / "edited.qdpx")
    assert back.sync_points["int1"] == ((0, 0), (5, 700))
    assert "'int1': 2 sync point(s) in the researchkit extension unusable; left out" in back.report.warnings
    members[f"sources/{guid.upper()}.txt"] = TEXT.replace("haven", "kade").encode("utf-8")  # text edited elsewhere
    with zipfile.ZipFile(tmp_path / "changed.qdpx", "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    assert _read(tmp_path / "changed.qdpx").sync_points == {}


def test_a_pseudonymised_export_moves_the_sync_points_with_the_text(tmp_path):
    from researchkit.privacy import KeyEntry, PrivacyKey
    from researchkit.refi.private import pseudonymised_exchange

    text = "I: Wie belde?\nR: Henk Zijlstra belde. Om tien uur.\n"
    ex = _read(_qdpx(tmp_path / "a.qdpx", _audio([(30, 0, 0), (31, text.index("Om tien"), 6000)]), {21: text}))
    key = PrivacyKey([KeyEntry("Henk Zijlstra")]).assigned()
    private = pseudonymised_exchange(ex, key)
    new_text = private.corpus["int1"].text
    (offset, ms), = [p for p in private.sync_points["int1"] if p[1] == 6000]
    assert "Zijlstra" not in new_text and new_text[offset:].startswith("Om tien uur")


def test_the_standards_example_a_video_with_two_transcripts_each_anchored_at_zero(tmp_path):
    # REFI-QDA 1.5, the example project: "1960s Coca Cola commercial.mp4" with an audio and a visual transcript,
    # each with one <SyncPoint position="0" timeStamp="0"/>
    audio, visual = "Singer: Things go better with Coke.\nChorus: Coke!\n", "[Bottle on a table]\nA hand takes it.\n"
    video = (f'<VideoSource guid="{G(20)}" name="1960s Coca Cola commercial.mp4" path="relative:///{G(20)}.mp4">'
             + "".join(f'<Transcript guid="{G(k)}" name="{name}" plainTextPath="internal://{G(k)}.txt">'
                       f'<SyncPoint guid="{G(k + 10)}" position="0" timeStamp="0"/></Transcript>'
                       for k, name in ((21, "Commercial - Audio.docx"), (22, "Commercial - Visual.docx")))
             + "</VideoSource>")
    ex = _read(_qdpx(tmp_path / "coke.qdpx", video, {21: audio, 22: visual}, origin="ATLAS.ti 8.1"))
    assert ex.sync_points == {"Commercial - Audio.docx": ((0, 0),), "Commercial - Visual.docx": ((0, 0),)}
    assert _times(ex, "Commercial - Audio.docx") == [0.0, None]  # the first turn is where the recording starts


def test_hostile_sync_positions_and_times_are_listed_never_a_bare_error():
    """``--5``, ``²``, a 5000-digit number and a position past 2**63 raised ValueError/OverflowError;
    a time of 10**20 ms became a turn time of three billion years. All are listed, none kept."""
    from lxml import etree

    from researchkit.refi.model import ExchangeReport
    from researchkit.refi.offsets import SourceText
    from researchkit.refi.sync import MAX_MS, transcript_sync

    bad = [("--5", "0"), ("\u00b2", "0"), ("9" * 5000, "0"), ("99999999999999999999", "0"), ("0", "--5"), ("0", "\u00b2"),
           ("0", "9" * 5000), ("0", str(10**20)), ("0", str(MAX_MS + 1)), ("-1", "0"), ("4.0", "1")]
    xml = "".join(f'<SyncPoint guid="{G(40 + k)}" position="{p}" timeStamp="{ms}"/>' for k, (p, ms) in enumerate(bad))
    transcript = etree.fromstring(f'<Transcript xmlns="urn:QDA-XML:project:1.0">{xml}'
                                  f'<SyncPoint guid="{G(60)}" position="3" timeStamp="{MAX_MS}"/></Transcript>')
    report = ExchangeReport("x.qdpx")
    assert transcript_sync(transcript, SourceText("I: ja"), None, "int1", report) == ((3, MAX_MS),)
    (listed,) = report.not_carried
    assert listed.startswith(f"transcript 'int1': {len(bad)} sync point(s) give no time at a place in the text")


def test_damaged_sync_facts_in_a_project_give_no_sync_points_not_an_error():
    """The project keeps sync points as a JSON fact; one damaged outside researchkit (not JSON, nested
    100 000 deep, pairs that are not two whole numbers in the text) raised TypeError/RecursionError."""
    import hashlib

    from sqlalchemy import update

    from researchkit.project import schema
    from researchkit.project.examples import example_project
    from researchkit.project.exchange import import_exchange, sync_points
    from researchkit.refi.model import Exchange
    from researchkit.transcripts import Corpus, Transcript

    text = "I: Ja?\nR: Nee."
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    project = example_project({})
    import_exchange(project, Exchange("media", Corpus([Transcript("int1", text)]), sync_points={"int1": ((0, 0), (7, 2500))}))
    for value, expected in [("[" * 100_000, {}), ("not json", {}),
                            (json.dumps({"sha256": digest, "points": [[1], "x", [0, 1.5], [99, 1], [True, 2], [7, 2500]]}),
                             {"int1": ((7, 2500),)}),
                            (json.dumps({"sha256": digest, "points": {"a": 1}}), {})]:
        with project._write() as conn:
            conn.execute(update(schema.project_table).where(schema.project_table.c.key.like("sync.document.%")).values(value=value))
        assert sync_points(project) == expected

"""Hostile shapes of the newer REFI-QDA import parts: transcripts with sync points, sets, links, selection names.

Each test builds a small ``.qdpx`` whose XML has the shape of the trouble (sync points
swapped, repeated, unknown or out of the text; sets that hold themselves or unknown
GUIDs; links in circles, to nothing, or thousands of them; selection names as long as the
text). The import must not crash or hang, must name what it could not carry, and every
imported coding's ``text[start:end]`` must be its passage.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import numpy as np
import pytest

from researchkit.errors import ExchangeError
from researchkit.refi import read_qdpx
from researchkit.refi.offsets import name_matches

G = "00000000-0000-4000-8000-{:012d}".format
TEXT = "Wir arbeiten im Hafen seit zwanzig Jahren. Die Nachtschicht ist hart, sagt sie."
CODES = (f'<CodeBook><Codes><Code guid="{G(10)}" name="Arbeit" isCodable="true"/>'
         f'<Code guid="{G(11)}" name="Zeit" isCodable="true"/></Codes></CodeBook>')


def _qdpx(path: Path, sources: str, texts: dict[int, str], tail: str = "") -> Path:
    qde = f'<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="ATLAS.ti 9">{CODES}<Sources>{sources}</Sources>{tail}</Project>'
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        for k, text in texts.items():
            z.writestr(f"Sources/{k}.txt", text.encode("utf-8"))
    return path


def _read(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ex = read_qdpx(path)
    docs = {t.doc_id: t.text for t in ex.corpus}
    for row in ex.codings.itertuples():  # offsets are sacred
        assert docs[row.doc_id][row.start:row.end] == row.text
    return ex


def _transcript(points: list[tuple[int, object]], selections: str) -> str:
    sync = "".join(f'<SyncPoint guid="{G(g)}" position="{pos}" timeStamp="{n * 1000}"/>' for n, (g, pos) in enumerate(points))
    return (f'<AudioSource guid="{G(1)}" name="Audio" path="internal://a.mp3">'
            f'<Transcript guid="{G(2)}" name="Interview" plainTextPath="internal://2.txt">{sync}{selections}</Transcript></AudioSource>')


def _tsel(k: int, a: int, b: int) -> str:
    return (f'<TranscriptSelection guid="{G(k)}" fromSyncPoint="{G(a)}" toSyncPoint="{G(b)}">'
            f'<Coding guid="{G(k + 5000)}"><CodeRef targetGUID="{G(10)}"/></Coding></TranscriptSelection>')


def _source(k: int, selections: str = "") -> str:
    return f'<TextSource guid="{G(k)}" name="Doc{k}" plainTextPath="internal://{k}.txt">{selections}</TextSource>'


def _psel(k: int, a: int, b: int, name: str | None = None) -> str:
    named = f' name="{name}"' if name is not None else ""
    return (f'<PlainTextSelection guid="{G(k)}"{named} startPosition="{a}" endPosition="{b}">'
            f'<Coding guid="{G(k + 5000)}"><CodeRef targetGUID="{G(10)}"/></Coding></PlainTextSelection>')


# -- transcripts and sync points ----------------------------------------------------------------------

def test_swapped_sync_points_are_read_as_the_passage_between_them(tmp_path):
    ex = _read(_qdpx(tmp_path / "p.qdpx", _transcript([(100, 4), (101, 20)], _tsel(200, 101, 100)), {2: TEXT}))
    assert ex.codings[["start", "end", "text"]].values.tolist() == [[4, 20, TEXT[4:20]]]
    assert any("fromSyncPoint (position 20) comes after toSyncPoint (position 4)" in w for w in ex.report.warnings)


def test_a_sync_point_given_twice_keeps_its_first_position_and_is_warned(tmp_path):
    ex = _read(_qdpx(tmp_path / "p.qdpx", _transcript([(100, 4), (100, 30), (101, 20)], _tsel(200, 100, 101)), {2: TEXT}))
    assert ex.codings[["start", "end"]].values.tolist() == [[4, 20]]
    assert any(f"sync point {G(100)} of transcript 'Interview' is given twice (positions 4 and 30" in w for w in ex.report.warnings)


def test_a_selection_naming_an_unknown_sync_point_is_listed_with_that_sync_point(tmp_path):
    ex = _read(_qdpx(tmp_path / "p.qdpx", _transcript([(100, 4), (101, 20)], _tsel(200, 100, 999)), {2: TEXT}))
    assert ex.codings.empty
    assert any(f"toSyncPoint '{G(999)}' is no sync point of the transcript; 1 coding(s) not imported" in n
               for n in ex.report.not_carried)


@pytest.mark.parametrize("points", [[(100, -5), (101, 20)], [(100, 4), (101, len(TEXT) + 100)], [(100, "abc"), (101, 20)]])
def test_sync_points_before_beyond_or_outside_the_text_are_listed_not_imported(tmp_path, points):
    ex = _read(_qdpx(tmp_path / "p.qdpx", _transcript(points, _tsel(200, 100, 101) + _tsel(201, 101, 101)), {2: TEXT}))
    assert ex.codings.empty and len(ex.corpus) == 1
    assert sum(G(200) in n for n in ex.report.not_carried) == 1


def test_sync_points_out_of_order_overlapping_and_unused_place_every_selection(tmp_path):
    points = [(101, 20), (100, 4), (103, 30), (102, 10), (104, 50)]  # 104 is used by no selection
    ex = _read(_qdpx(tmp_path / "p.qdpx", _transcript(points, _tsel(200, 100, 101) + _tsel(201, 102, 103)), {2: TEXT}))
    assert ex.codings[["start", "end"]].values.tolist() == [[4, 20], [10, 30]]


def test_a_sync_point_far_beyond_any_text_is_rk605(tmp_path):
    path = _qdpx(tmp_path / "p.qdpx", _transcript([(100, 4), (101, 10**30)], _tsel(200, 100, 101)), {2: TEXT})
    with pytest.raises(ExchangeError) as info:
        _read(path)
    assert info.value.code == "RK605"


# -- sets ---------------------------------------------------------------------------------------------

def _set(k: int, name: str, members: list[int]) -> str:
    return f'<Set guid="{G(k)}" name="{name}">' + "".join(f'<MemberSource targetGUID="{G(m)}"/>' for m in members) + "</Set>"


def test_a_set_holding_itself_or_unknown_guids_is_listed_with_those_members_named(tmp_path):
    sets = "<Sets>" + _set(300, "gender: x", [300, 1]) + _set(301, "age: 40", [1, 999]) + "</Sets>"
    ex = _read(_qdpx(tmp_path / "p.qdpx", _source(1), {1: TEXT}, tail=sets))
    listed = " | ".join(ex.report.not_carried)
    assert "set 'gender: x' (2 source(s): set 'gender: x', 'Doc1')" in listed
    assert f"{G(999)} (not in the project)" in listed
    assert "gender" not in ex.corpus["Doc1"].attributes and "age" not in ex.corpus["Doc1"].attributes


def test_a_document_in_a_thousand_variable_sets_gets_a_thousand_attributes(tmp_path):
    sets = "<Sets>" + "".join(_set(300 + i, f"v{i}: value {i}", [1]) for i in range(1000)) + "</Sets>"
    ex = _read(_qdpx(tmp_path / "p.qdpx", _source(1), {1: TEXT}, tail=sets))
    attributes = ex.corpus["Doc1"].attributes
    assert len(attributes) == 1000 and attributes["v999"] == "value 999"


def test_group_names_without_a_variable_or_a_value_are_document_groups_not_variables(tmp_path):
    sets = "<Sets>" + _set(300, ": value", [1]) + _set(301, "variable:", [1]) + _set(302, "::", [1]) + "</Sets>"
    ex = _read(_qdpx(tmp_path / "p.qdpx", _source(1), {1: TEXT}, tail=sets))
    # one document in three groups: each group a yes/no attribute, none read as a variable
    assert ex.corpus["Doc1"].attributes == {"set: : value": True, "set: variable:": True, "set: ::": True}
    assert not ex.report.not_carried


def test_a_document_listed_twice_in_one_set_is_still_an_attribute(tmp_path):
    ex = _read(_qdpx(tmp_path / "p.qdpx", _source(1), {1: TEXT}, tail="<Sets>" + _set(300, "gender: female", [1, 1]) + "</Sets>"))
    assert ex.corpus["Doc1"].attributes == {"gender": "female"}
    assert any("of 1 document(s): 'Doc1'" in w for w in ex.report.warnings)


# -- links --------------------------------------------------------------------------------------------

def _notes(*numbers: int) -> str:
    return "<Notes>" + "".join(f'<Note guid="{G(n)}" name="N{n}"><PlainTextContent>memo {n}</PlainTextContent></Note>'
                               for n in numbers) + "</Notes>"


def _links(*ends: tuple[int, int]) -> str:
    return "<Links>" + "".join(f'<Link guid="{G(600000 + i)}" name="L{i}" originGUID="{G(a)}" targetGUID="{G(b)}"/>'
                               for i, (a, b) in enumerate(ends)) + "</Links>"


def test_links_in_a_circle_or_to_nothing_are_listed_and_their_notes_kept(tmp_path):
    tail = _notes(400, 401) + _links((400, 401), (401, 400), (400, 400), (400, 999), (998, 999))
    ex = _read(_qdpx(tmp_path / "p.qdpx", _source(1, _psel(20, 4, 12)), {1: TEXT}, tail=tail))
    listed = [n for n in ex.report.not_carried if "researchkit has no links" in n]
    assert len(listed) == 5
    assert any(f"note 'N400' -> {G(999)} (nothing researchkit imported)" in n for n in listed)
    assert sorted(ex.memos["text"]) == ["memo 400", "memo 401"]  # kept, as project memos


def test_a_note_tied_to_a_coding_by_a_reference_and_by_links_is_one_memo(tmp_path):
    sel = (f'<PlainTextSelection guid="{G(20)}" startPosition="4" endPosition="12"><Coding guid="{G(5020)}">'
           f'<CodeRef targetGUID="{G(10)}"/><NoteRef targetGUID="{G(400)}"/></Coding></PlainTextSelection>')
    ex = _read(_qdpx(tmp_path / "p.qdpx", _source(1, sel), {1: TEXT}, tail=_notes(400) + _links((400, 20), (20, 400), (400, 20))))
    on_coding = ex.memos[ex.memos["target_type"] == "coding"]
    assert on_coding["text"].tolist() == ["memo 400"] and ex.memos["id"].is_unique
    assert sum("not attached twice" in w for w in ex.report.warnings) == 3


def test_ten_thousand_links_each_attach_their_note_once(tmp_path):
    n = 10_000
    sels = "".join(_psel(100_000 + i, 4, 12 + i % 20) for i in range(20))
    tail = _notes(*range(200_000, 200_000 + n)) + _links(*[(200_000 + i, 100_000 + i % 20) for i in range(n)])
    ex = _read(_qdpx(tmp_path / "p.qdpx", _source(1, sels), {1: TEXT}, tail=tail))
    assert len(ex.memos) == n and set(ex.memos["target_type"]) == {"coding"} and ex.memos["id"].is_unique


# -- selection names ----------------------------------------------------------------------------------

def test_selections_named_by_their_whole_passage_are_evidence_and_place_the_codings(tmp_path):
    text = " ".join(f"wort{i}" for i in range(3000)) + "\r\nende"
    flat = text.replace("\r\n", " ")
    sels = "".join(_psel(100 + i, 0, len(text) - 6, name=flat[:len(text) - 6]) for i in range(5))
    sels += _psel(200, 0, len(text), name="Q" * 20_000)  # a huge name that is no passage
    ex = _read(_qdpx(tmp_path / "p.qdpx", _source(1, sels), {1: text}))
    assert sorted(ex.codings["end"].tolist()) == [len(text) - 6, len(text) - 1]  # the CRLF is one LF in the canonical text
    assert "5 selection name(s) are their passages" in ex.report.conventions["Doc1"]


def test_a_name_is_compared_with_its_passage_only_when_their_visible_lengths_agree():
    text = "Oh, that was great.\nSee you  tomorrow?"
    starts, ends = np.array([0, 0, 0]), np.array([len(text), len(text), 19])
    names = ["Oh, that was great. See you tomorrow?", "Oh, that was great. See you tomorrow!", "Oh, that was great"]
    assert name_matches(text, starts, ends, names) == 1


def test_codings_of_a_transcript_that_is_a_documents_text_are_placed_on_that_document(tmp_path):
    def video(k: int, t: int, sel: int) -> str:
        return (f'<VideoSource guid="{G(k)}" name="V{k}" path="internal://v.mp4"><Transcript guid="{G(t)}" name="T{t}" '
                f'plainTextPath="internal://5.txt"><SyncPoint guid="{G(100)}" position="4" timeStamp="0"/>'
                f'<SyncPoint guid="{G(101)}" position="12" timeStamp="900"/>{_tsel(sel, 100, 101)}</Transcript></VideoSource>')
    ex = _read(_qdpx(tmp_path / "p.qdpx", _source(5, _psel(20, 13, 15)) + video(6, 7, 201) + video(8, 9, 202), {5: TEXT}))
    assert len(ex.corpus) == 1  # the transcript is the text source's own file: imported once
    assert ex.codings[["doc_id", "start", "end"]].values.tolist() == [["Doc5", 13, 15], ["Doc5", 4, 12]]
    assert any("transcript 'T7' is the text of document 'Doc5' (imported once); its 1 coding(s) placed on it" in w
               for w in ex.report.warnings)


def test_a_set_name_of_thousands_of_spaces_is_read_at_once():
    from researchkit.refi.sets import set_variable

    # a regular expression with nested lazy quantifiers needed minutes for this (cubic backtracking)
    assert set_variable(" " * 20_000 + "x") is None
    assert set_variable("age" + " " * 20_000 + ":: 67") == ("age", "67")
    assert set_variable(" : value") is None and set_variable("g: a\nb") is None


def test_a_set_named_with_thousands_of_spaces_is_listed(tmp_path):
    name = " " * 20_000 + "x"
    ex = _read(_qdpx(tmp_path / "p.qdpx", _source(1), {1: TEXT}, tail="<Sets>" + _set(300, name, [1]) + "</Sets>"))
    assert ex.corpus["Doc1"].attributes == {"document_group": "x"}

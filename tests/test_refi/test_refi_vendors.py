"""Shapes of further real exports (a sweep of f4analyse, ATLAS.ti for Mac, small codebook tools).

Each test rebuilds, in a few lines, the shape of a real file: f4 writes a memo on a coded
passage as a selection of its own beside the coded one; ATLAS.ti keeps document variables
as document groups named ``gender: male`` (exported as ``<Set>``\\s); sets of codes and of
sources researchkit has no place for are listed with their members.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import pandas as pd

from researchkit.cli import main
from researchkit.project import Project
from researchkit.refi import read_qdc, read_qdpx

G = "00000000-0000-4000-8000-0000000000{:02d}".format
TEXT = "Wir arbeiten im Hafen seit zwanzig Jahren. Die Nachtschicht ist hart, sagt sie."


def _qdpx(path: Path, body: str, *, texts: dict[int, str], origin: str, tail: str = "") -> Path:
    """A project with one code (G(10)), the text sources in ``body`` and their texts (``guid number -> text``)."""
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="{origin}">'
           f'<CodeBook><Codes><Code guid="{G(10)}" name="Arbeit" isCodable="true"/><Code guid="{G(11)}" name="Zeit" isCodable="true"/>'
           f'</Codes></CodeBook><Sources>{body}</Sources>{tail}</Project>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        for k, text in texts.items():
            z.writestr(f"Sources/{G(k)}.txt", text.encode("utf-8"))
    return path


def _source(k: int, name: str, selections: str = "") -> str:
    return f'<TextSource guid="{G(k)}" name="{name}" plainTextPath="internal://{G(k)}.txt">{selections}</TextSource>'


def _read(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_qdpx(path)


# -- f4: a memo on a coded passage is a selection of its own ------------------------------------------

def _f4_project(path: Path) -> tuple[Path, tuple[int, int], tuple[int, int]]:
    coded = (TEXT.index("Die Nachtschicht"), TEXT.index(", sagt"))
    bare = (TEXT.index("seit"), TEXT.index("."))
    sels = (f'<PlainTextSelection guid="{G(30)}" startPosition="{coded[0]}" endPosition="{coded[1]}">'
            f'<Coding guid="{G(40)}"><CodeRef targetGUID="{G(10)}"/></Coding></PlainTextSelection>'
            f'<PlainTextSelection guid="{G(31)}" startPosition="{bare[0]}" endPosition="{bare[1]}">'
            f'<Description>Memo an einem nicht codierten Snippet</Description></PlainTextSelection>'
            f'<PlainTextSelection guid="{G(32)}" startPosition="{coded[0]}" endPosition="{coded[1]}">'
            f'<Description>Memo an einem codierten Snippet</Description><NoteRef targetGUID="{G(50)}"/></PlainTextSelection>')
    notes = f'<Notes><Note guid="{G(50)}" plainTextPath="internal://{G(50)}.txt"/></Notes>'
    return _qdpx(path, _source(20, "Interview 60mins", sels), texts={20: TEXT, 50: "Notiz am codierten Snippet"},
                 origin="f4 2025.2.9", tail=notes), coded, bare


def test_a_comment_in_its_own_selection_on_a_coded_passage_becomes_the_codings_memo(tmp_path):
    path, coded, bare = _f4_project(tmp_path / "f4.qdpx")
    ex = _read(path)
    (row,) = ex.codings.itertuples()
    assert (row.start, row.end) == coded and row.text == "Die Nachtschicht ist hart"
    assert row.memo == "Memo an einem codierten Snippet"
    memos = ex.memos.set_index("text")
    assert memos.loc["Notiz am codierten Snippet", "target_type"] == "coding" and memos.loc["Notiz am codierten Snippet", "target"] == row.id
    assert memos.loc["Memo an einem nicht codierten Snippet", "target_type"] == "document"  # nobody coded that passage
    listed = " | ".join(ex.report.not_carried)
    assert f"(characters {bare[0]}-{bare[1]})" in listed and f"(characters {coded[0]}-{coded[1]})" not in listed


def test_the_memo_on_a_coded_passage_survives_a_project_and_each_export(tmp_path, capsys):
    path, _, _ = _f4_project(tmp_path / "f4.qdpx")
    assert main(["import", str(path), "--project", str(tmp_path / "p.rkp")]) == 0
    for target in ("standard", "nvivo", "qualcoder"):
        out = tmp_path / f"{target}.qdpx"
        assert main(["export", "--qdpx", str(out), "--for", target, "-p", str(tmp_path / "p.rkp")]) == 0
        back = _read(out)
        assert back.codings["memo"].tolist() == ["Memo an einem codierten Snippet"], target
        assert back.codings["text"].tolist() == ["Die Nachtschicht ist hart"], target
    capsys.readouterr()


# -- ATLAS.ti: document groups named 'variable: value' are variables ---------------------------------

def _sets(*sets: tuple[str, list[int], list[int]]) -> str:
    body = "".join(f'<Set guid="{G(70 + i)}" name="{name}">' + "".join(f'<MemberSource targetGUID="{G(k)}"/>' for k in docs)
                   + "".join(f'<MemberCode targetGUID="{G(k)}"/>' for k in codes) + "</Set>"
                   for i, (name, docs, codes) in enumerate(sets))
    return f"<Sets>{body}</Sets>"


def _atlas_project(path: Path, *sets: tuple[str, list[int], list[int]]) -> Path:
    body = _source(20, "Simon.docx") + _source(21, "Mabel.txt") + _source(22, "Anna.txt") + \
        f'<VideoSource guid="{G(23)}" name="Coke.mp4" path="relative:///{G(23)}.mp4"/>'
    return _qdpx(path, body, texts={20: TEXT, 21: TEXT, 22: TEXT}, origin="ATLAS.ti 8.4.0 573 , macOS Version 10.14.3", tail=_sets(*sets))


def test_document_groups_named_variable_value_become_attributes_and_other_sets_are_listed_with_members(tmp_path):
    ex = _read(_atlas_project(tmp_path / "a.qdpx", ("gender: male", [20], []), ("gender: female", [21, 22], []),
                              ("age::67", [20], []), ("Video and Audio", [23, 20], []), ("Feelings", [], [10, 11])))
    attrs = ex.corpus.attributes
    assert attrs.loc["Simon.docx", "gender"] == "male" and attrs.loc["Mabel.txt", "gender"] == "female"
    assert attrs.loc["Anna.txt", "gender"] == "female" and attrs.loc["Simon.docx", "age"] == "67"
    assert any("set 'gender: female' read as attribute gender = 'female' of 2 document(s): 'Mabel.txt', 'Anna.txt'" in w
               for w in ex.report.warnings)
    listed = " | ".join(ex.report.not_carried)
    assert "set 'Video and Audio' (2 source(s): VideoSource 'Coke.mp4', 'Simon.docx')" in listed
    assert "set 'Feelings' (2 code(s): code 'Arbeit', code 'Zeit')" in listed
    assert "gender" not in listed


def test_a_document_in_two_groups_of_one_variable_keeps_the_groups_as_yes_no_attributes(tmp_path):
    ex = _read(_atlas_project(tmp_path / "a.qdpx", ("role: nurse", [20, 21], []), ("role: mother", [21], []),
                              ("Interview: Hafen", [20], [10])))
    assert "role" not in ex.corpus.attributes.columns and "Interview" not in ex.corpus.attributes.columns
    attrs = {t.doc_id: t.attributes for t in ex.corpus}
    assert attrs["Simon.docx"] == {"set: role: nurse": True} and attrs["Anna.txt"] == {}
    assert attrs["Mabel.txt"] == {"set: role: nurse": True, "set: role: mother": True}  # in both: neither lost
    listed = " | ".join(ex.report.not_carried)
    assert "role" not in listed
    assert "set 'Interview: Hafen' (1 source(s): 'Simon.docx'; 1 code(s): code 'Arbeit')" in listed  # codes too: not a variable


def test_a_group_variable_that_contradicts_a_project_variable_keeps_the_variable_and_warns(tmp_path):
    path = _atlas_project(tmp_path / "a.qdpx", ("gender: male", [20], []))
    with zipfile.ZipFile(path) as z:
        qde, text = z.read("project.qde").decode("utf-8"), z.read(f"Sources/{G(20)}.txt")
    qde = qde.replace("<Sources>", f'<Variables><Variable guid="{G(80)}" name="gender" typeOfVariable="Text"/></Variables><Sources>')
    qde = qde.replace(f'name="Simon.docx" plainTextPath="internal://{G(20)}.txt">',
                      f'name="Simon.docx" plainTextPath="internal://{G(20)}.txt"><VariableValue><VariableRef targetGUID="{G(80)}"/>'
                      '<TextValue>female</TextValue></VariableValue>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        z.writestr(f"Sources/{G(20)}.txt", text)
    ex = _read(path)
    assert ex.corpus.attributes.loc["Simon.docx", "gender"] == "female"
    assert any("set 'gender: male' says gender = 'male', the project's variables say 'female'" in w for w in ex.report.warnings)


def test_group_attributes_survive_a_project_and_an_export(tmp_path, capsys):
    path = _atlas_project(tmp_path / "a.qdpx", ("gender: male", [20], []), ("gender: female", [21], []))
    assert main(["import", str(path), "--project", str(tmp_path / "p.rkp")]) == 0
    with Project.open(tmp_path / "p.rkp") as project:
        stored = project.corpus().attributes["gender"]
    assert stored.loc[["Mabel.txt", "Simon.docx"]].tolist() == ["female", "male"] and stored.isna()["Anna.txt"]
    assert main(["export", "--qdpx", str(tmp_path / "out.qdpx"), "-p", str(tmp_path / "p.rkp")]) == 0
    back = _read(tmp_path / "out.qdpx").corpus.attributes
    assert back.loc[["Mabel.txt", "Simon.docx"], "gender"].tolist() == ["female", "male"]
    capsys.readouterr()


def test_the_code_sets_of_a_codebook_are_listed_with_their_codes(tmp_path):
    path = tmp_path / "cb.qdc"
    path.write_text(f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="ATLAS.ti Win 23.4.0"><Codes>'
                    f'<Code guid="{G(10)}" name="Arbeit" isCodable="true"/><Code guid="{G(11)}" name="Zeit" isCodable="true"/></Codes>'
                    f'<Sets><Set guid="{G(70)}" name="Alltag"><MemberCode targetGUID="{G(10)}"/><MemberCode targetGUID="{G(11)}"/>'
                    '</Set></Sets></CodeBook>', encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        book = read_qdc(path)
    assert [c.name for c in book.walk()] == ["Arbeit", "Zeit"]
    assert any("code set 'Alltag' (2 code(s): code 'Arbeit', code 'Zeit'): researchkit has no code sets" in str(w.message)
               for w in caught)


# -- ATLAS.ti 26: comments on video segments; PDF quotations written twice ----------------------------

def test_comments_on_video_segments_are_kept_as_project_memos_named_after_the_segment(tmp_path):
    user = f'<Users><User guid="{G(1)}" name="someone"/></Users>'
    video = (f'<VideoSource guid="{G(23)}" name="Christos vagias-2.MP4" path="relative:///{G(24)}.mov">'
             f'<VideoSelection guid="{G(30)}" name="2s" begin="2274" end="4100" creatingUser="{G(1)}">'
             f'<Coding guid="{G(40)}" creatingUser="{G(1)}"><CodeRef targetGUID="{G(10)}"/></Coding></VideoSelection>'
             f'<VideoSelection guid="{G(31)}" name="21s" begin="21477" end="21477" creatingUser="{G(1)}" creationDateTime="2026-09-13T10:00:00Z">'
             '<Description>Hello Trying this out</Description></VideoSelection></VideoSource>')
    path = tmp_path / "Project.qdpx"
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="Trial" origin="ATLAS.ti 26.1.2 (build 34883)">{user}'
           f'<CodeBook><Codes><Code guid="{G(10)}" name="hello" isCodable="true"/></Codes></CodeBook><Sources>{video}</Sources></Project>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("Trial.qde", qde)  # named after the project, media outside the archive
    ex = _read(path)
    (memo,) = ex.memos.itertuples()
    assert (memo.target_type, memo.text, memo.author) == ("project", "Hello Trying this out", "someone")
    assert memo.name == "on «21s (21477-21477 ms) of 'Christos vagias-2.MP4'»" and memo.created == "2026-09-13T10:00:00Z"
    assert any("2 video selection(s) with 1 coding(s)" in x and "1 comment(s) and note(s) on its selections kept as project memos" in x
               for x in ex.report.not_carried)


def test_a_pdf_quotation_written_as_area_and_as_text_is_not_reported_lost(tmp_path):
    text = "Para la base: 340 g de granola y mantequilla."
    a, b = text.index("granola"), text.index("granola") + len("granola")
    pdf = (f'<PDFSource guid="{G(25)}" name="Pay de Limón.pdf" path="internal://{G(26)}.pdf">'
           f'<PDFSelection guid="{G(30)}" name="granola" page="0" firstX="335" firstY="367" secondX="485" secondY="420">'
           f'<Coding guid="{G(40)}"><CodeRef targetGUID="{G(10)}"/></Coding></PDFSelection>'
           f'<PDFSelection guid="{G(31)}" name="Quotation 12:3" page="0" firstX="19" firstY="515" secondX="576" secondY="676">'
           f'<Description>a picture of the cake</Description><Coding guid="{G(41)}"><CodeRef targetGUID="{G(11)}"/></Coding></PDFSelection>'
           f'<Representation guid="{G(20)}" plainTextPath="internal://{G(20)}.txt">'
           f'<PlainTextSelection guid="{G(30)}" startPosition="{a}" endPosition="{b}" name="granola">'
           f'<Coding guid="{G(42)}"><CodeRef targetGUID="{G(10)}"/></Coding></PlainTextSelection></Representation></PDFSource>')
    ex = _read(_qdpx(tmp_path / "a.qdpx", pdf, texts={20: text}, origin="ATLAS.ti 8.4.0 573 , macOS Version 10.14.3"))
    assert ex.codings["text"].tolist() == ["granola"]
    listed = " | ".join(ex.report.not_carried)
    assert "1 area selection(s) with 1 coding(s) on PDF pages (1 more are also text selections of its representation: imported as text)" in listed
    (memo,) = ex.memos.itertuples()
    assert (memo.target_type, memo.target, memo.text) == ("document", "Pay de Limón.pdf", "a picture of the cake")
    assert memo.name == "on «Quotation 12:3 (page 0, (19,515)-(576,676)) of 'Pay de Limón.pdf'»"


# -- transcripts of audio and video sources --------------------------------------------------------

def _audio_project(path: Path, *, also_text_source: bool = False) -> Path:
    text = "I: Wie lange arbeiten Sie schon hier?\nB: Seit zwanzig Jahren, immer nachts. 🌙 Es ist hart."
    a, b = text.index("Seit"), text.index(", immer")
    u16 = len(text[:text.index("Es ist")].encode("utf-16-le")) // 2  # NVivo counts UTF-16 units: the moon counts 2
    transcript = (f'<Transcript guid="{G(21)}" name="Interview Hafen (Transkript)" plainTextPath="internal://{G(20)}.txt">'
                  f'<SyncPoint guid="{G(50)}" position="{a}" timeStamp="4100"/><SyncPoint guid="{G(51)}" position="{b}" timeStamp="6200"/>'
                  f'<SyncPoint guid="{G(52)}" position="{u16}" timeStamp="8000"/><SyncPoint guid="{G(53)}" position="{u16 + 11}" timeStamp="9000"/>'
                  f'<TranscriptSelection guid="{G(30)}" fromSyncPoint="{G(50)}" toSyncPoint="{G(51)}">'
                  f'<Coding guid="{G(40)}"><CodeRef targetGUID="{G(10)}"/></Coding></TranscriptSelection>'
                  f'<TranscriptSelection guid="{G(31)}" fromSyncPoint="{G(52)}" toSyncPoint="{G(53)}">'
                  f'<Coding guid="{G(41)}"><CodeRef targetGUID="{G(11)}"/></Coding></TranscriptSelection></Transcript>')
    body = (f'<AudioSource guid="{G(23)}" name="Interview Hafen.m4a" path="relative:///{G(24)}.m4a">{transcript}'
            f'<AudioSelection guid="{G(32)}" name="0:04-0:06" begin="4100" end="6200"><Coding guid="{G(42)}"><CodeRef targetGUID="{G(10)}"/>'
            '</Coding></AudioSelection></AudioSource>')
    if also_text_source:
        body = _source(20, "Interview Hafen.docx") + body
    cases = (f'<Variables><Variable guid="{G(80)}" name="Schicht" typeOfVariable="Text"/></Variables>'
             f'<Cases><Case guid="{G(81)}" name="B"><VariableValue><VariableRef targetGUID="{G(80)}"/><TextValue>Nacht</TextValue>'
             f'</VariableValue><SourceRef targetGUID="{G(23)}"/></Case></Cases>')
    path = _qdpx(path, body, texts={20: text}, origin="NVivo for Windows 14.23", tail="")
    with zipfile.ZipFile(path) as z:
        qde = z.read("project.qde").decode("utf-8")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde.replace("<Sources>", cases.split("<Cases>")[0] + "<Sources>").replace("</Sources>", "</Sources><Cases>" + cases.split("<Cases>")[1]))
        z.writestr(f"Sources/{G(20)}.txt", text.encode("utf-8"))
    return path


def test_the_transcript_of_an_audio_source_is_a_document_with_its_codings_between_sync_points(tmp_path):
    ex = _read(_audio_project(tmp_path / "a.qdpx"))
    assert list(ex.corpus.attributes.index) == ["Interview Hafen (Transkript)"]
    # the audio selection (4100-6200 ms) codes what the sync points at 4100 and 6200 ms enclose: the transcript
    # selection's passage with the same code, so it is one coding (merged as a duplicate)
    assert ex.codings.sort_values("start")["text"].tolist() == ["Seit zwanzig Jahren", "Es ist hart"]
    assert ex.corpus.attributes.loc["Interview Hafen (Transkript)", "Schicht"] == "Nacht"  # the case names the audio source
    assert not [x for x in ex.report.not_carried if "AudioSource" in x]
    assert ("AudioSource 'Interview Hafen.m4a': 1 coding(s) of its audio selections placed on transcript "
            "'Interview Hafen (Transkript)' between the sync points around their times") in ex.report.warnings
    assert any("transcript 'Interview Hafen (Transkript)' imported as document 'Interview Hafen (Transkript)'" in w for w in ex.report.warnings)


def test_a_transcript_that_is_the_file_of_a_text_source_is_imported_once(tmp_path):
    ex = _read(_audio_project(tmp_path / "a.qdpx", also_text_source=True))
    assert list(ex.corpus.attributes.index) == ["Interview Hafen.docx"]
    assert any("transcript 'Interview Hafen (Transkript)' is the text of document 'Interview Hafen.docx' (imported once)" in w
               for w in ex.report.warnings)


def test_transcript_codings_survive_a_project_and_an_nvivo_export(tmp_path, capsys):
    assert main(["import", str(_audio_project(tmp_path / "a.qdpx")), "--project", str(tmp_path / "p.rkp")]) == 0
    assert main(["export", "--qdpx", str(tmp_path / "n.qdpx"), "--for", "nvivo", "-p", str(tmp_path / "p.rkp")]) == 0
    back = _read(tmp_path / "n.qdpx")
    assert back.codings.sort_values("start")["text"].tolist() == ["Seit zwanzig Jahren", "Es ist hart"]
    capsys.readouterr()


# -- selection names that are the selected text (ATLAS.ti, QualCoder 1) --------------------------------

def _named_selection_project(path: Path, name: str) -> Path:
    text = "Wir arbeiten hart.\r\nIm Hafen ist es still, sagt sie. Und kalt."
    canonical = text.replace("\r\n", "\n")
    c = canonical.index(", sagt")
    start, end = c + 1, c + 12  # counted with the CRLF as 2: ", sagt sie." -- with CRLF as 1 it would be " sagt sie. "
    sel = (f'<PlainTextSelection guid="{G(30)}" startPosition="{start}" endPosition="{end}" name="{name}">'
           f'<Coding guid="{G(40)}"><CodeRef targetGUID="{G(10)}"/></Coding></PlainTextSelection>')
    return _qdpx(path, _source(20, "R01", sel), texts={20: text}, origin="ATLAS.ti 9.1.7")


def test_a_selection_name_that_is_its_text_decides_between_conventions_that_both_fit(tmp_path):
    ex = _read(_named_selection_project(tmp_path / "named.qdpx", ", sagt sie."))
    assert ex.codings["text"].tolist() == [", sagt sie."]
    assert "CRLF counted as 2" in ex.report.conventions["R01"] and "1 selection name(s) are their passages" in ex.report.conventions["R01"]
    # without the name nothing tells the two apart, and ATLAS.ti's own convention (CRLF as 1) is taken
    plain = _read(_named_selection_project(tmp_path / "plain.qdpx", "Quotation 1:1"))
    assert plain.codings["text"].tolist() == [" sagt sie. "] and "CRLF counted as 1" in plain.report.conventions["R01"]


def test_an_atlas_name_cut_with_an_ellipsis_matches_the_beginning_of_its_passage(tmp_path):
    ex = _read(_named_selection_project(tmp_path / "named.qdpx", ", sagt…"))
    assert ex.codings["text"].tolist() == [", sagt sie."]


# -- NVivo for Mac 12.7: LF text, UTF-16 offsets, empty selection names ---------------------------------

def test_nvivo_for_mac_counts_utf16_units_in_an_lf_text_and_names_no_selection(tmp_path):
    comments = ["Mi az a fityesznek? Akkor írják át amikor akarják 🤣🤣🤣", "Nem tehetik kötelezővé! 😡😡",
                "A Politikusoknak kötemező, ja leszavazták maguknak!"]
    text = "comment_text\ncomment_likes\n" + "".join(f"{c}\n{k}\n2021-11-24T16:39:10Z\n" for k, c in enumerate(comments))
    units = lambda s: len(s.encode("utf-16-le")) // 2  # noqa: E731 -- NVivo's count
    sels = ""
    for k, c in enumerate(comments):
        start = units(text[:text.index(c)])
        sels += (f'<PlainTextSelection creatingUser="{G(1)}" endPosition="{start + units(c)}" guid="{G(30 + k)}" name="" '
                 f'startPosition="{start}"><Coding creatingUser="{G(1)}" creationDateTime="2025-06-16T18:14:28Z" guid="{G(40 + k)}">'
                 f'<CodeRef targetGUID="{G(10 + k % 2)}"/></Coding></PlainTextSelection>')
    path = _qdpx(tmp_path / "mac.qdpx", _source(20, "videos_10_selected", sels), texts={20: text}, origin="NVivo for Mac 12.7.0")
    with zipfile.ZipFile(path) as z:
        qde, data = z.read("project.qde").decode("utf-8"), z.read(f"Sources/{G(20)}.txt")
    qde = qde.replace("<CodeBook>", f'<Users><User guid="{G(1)}" id="SF" name="floriansipos"/></Users><CodeBook>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        z.writestr(f"Sources/{G(20)}.txt", data)
    ex = _read(path)
    assert ex.codings.sort_values("start")["text"].tolist() == comments
    assert set(ex.codings["coder"]) == {"floriansipos"} and "UTF-16 code units" in ex.report.conventions["videos_10_selected"]


# -- ATLAS.ti: memos linked to quotations and codes -------------------------------------------------

def test_a_note_linked_to_a_quotation_or_a_code_is_a_memo_there_and_a_code_code_link_is_a_relation(tmp_path):
    a, b = TEXT.index("Die Nachtschicht"), TEXT.index(", sagt")
    sel = (f'<PlainTextSelection guid="{G(30)}" startPosition="{a}" endPosition="{b}" name="Die Nachtschicht ist hart">'
           f'<Coding guid="{G(40)}"><CodeRef targetGUID="{G(10)}"/></Coding></PlainTextSelection>')
    tail = (f'<Notes><Note guid="{G(50)}" name="Nachtarbeit"><PlainTextContent>Belastung durch Schichten</PlainTextContent></Note>'
            f'<Note guid="{G(51)}" name="Zeitbegriff"><PlainTextContent>Zeit als Dauer</PlainTextContent></Note></Notes>'
            f'<Links><Link guid="{G(60)}" name="Memo-Quotation Relation" direction="OneWay" originGUID="{G(50)}" targetGUID="{G(30)}"/>'
            f'<Link guid="{G(61)}" name="Memo-Code Relation" direction="OneWay" originGUID="{G(11)}" targetGUID="{G(51)}"/>'
            f'<Link guid="{G(62)}" name="is part of" direction="OneWay" originGUID="{G(10)}" targetGUID="{G(11)}"/></Links>')
    ex = _read(_qdpx(tmp_path / "a.qdpx", _source(20, "R01", sel), texts={20: TEXT}, origin="ATLAS.ti 9.1.7", tail=tail))
    memos = ex.memos.set_index("text")
    assert tuple(memos.loc["Belastung durch Schichten", ["target_type", "target"]]) == ("coding", ex.codings["id"].iloc[0])
    assert tuple(memos.loc["Zeit als Dauer", ["target_type", "target"]]) == ("code", "Zeit")
    assert any("link 'Memo-Quotation Relation': note 'Nachtarbeit' kept as a memo on coding" in w for w in ex.report.warnings)
    assert [(r.source, r.target, r.name, r.direction) for r in ex.codebook.relations] == [("Arbeit", "Zeit", "is part of", "one-way")]
    assert not any("is part of" in n for n in ex.report.not_carried)


def test_a_video_sources_own_comment_and_notes_go_to_its_transcript_as_transana_writes_them(tmp_path):
    text = "I: Bonjour.\nB: On a tourné la vidéo au port."
    a, b = text.index("On a tourné"), text.index(" au port")
    video = (f'<VideoSource guid="{G(23)}" name="English Episode 1" path="internal://{G(23)}.mpg" '
             'currentPath="absolute://E:/Data/David/Video/Transana/Unïcödé/Demo.mpg"><Description>English Episode Comment 1</Description>'
             f'<Transcript guid="{G(20)}" name="English Transcript 1" plainTextPath="internal://{G(20)}.txt">'
             '<Description>English Transcript Comment 1</Description>'
             f'<SyncPoint guid="{G(50)}" position="{a}" timeStamp="5000"/><SyncPoint guid="{G(51)}" position="{b}" timeStamp="10000"/>'
             f'<TranscriptSelection guid="{G(30)}" name="English Clip 1" fromSyncPoint="{G(50)}" toSyncPoint="{G(51)}">'
             f'<Description>English Clip Comment 1</Description><Coding guid="{G(40)}"><CodeRef targetGUID="{G(10)}"/></Coding>'
             f'</TranscriptSelection></Transcript><Coding guid="{G(41)}"><CodeRef targetGUID="{G(10)}"/></Coding>'
             f'<NoteRef targetGUID="{G(52)}"/></VideoSource>')
    notes = f'<Notes><Note guid="{G(52)}" name="Episode note"><PlainTextContent>Tourné en 2014</PlainTextContent></Note></Notes>'
    ex = _read(_qdpx(tmp_path / "t.qdpx", video, texts={20: text}, origin="Transana 3.22b2-QDE-Win", tail=notes))
    clip, whole = ex.codings.sort_values("end")[["text", "memo", "start"]].values.tolist()   # the episode's coding codes all of it
    assert clip == ["On a tourné la vidéo", "English Clip Comment 1", text.index("On a")]
    assert whole[0] == text and whole[2] == 0 and pd.isna(whole[1])
    memos = ex.memos.set_index("text")
    for text_of_memo in ("English Episode Comment 1", "English Transcript Comment 1", "Tourné en 2014"):
        assert tuple(memos.loc[text_of_memo, ["target_type", "target"]]) == ("document", "English Transcript 1"), text_of_memo
    assert "VideoSource 'English Episode 1': 1 coding(s) of the whole recording on the whole transcript 'English Transcript 1'" \
        in ex.report.warnings and not [x for x in ex.report.not_carried if "VideoSource" in x]


def test_a_pdf_sources_own_comment_and_notes_are_memos_on_its_document(tmp_path):
    pdf = (f'<PDFSource guid="{G(25)}" name="jaarverslag.pdf" path="internal://{G(26)}.pdf"><Description>Jahresbericht, Seite 3 wichtig</Description>'
           f'<Representation guid="{G(20)}" plainTextPath="internal://{G(20)}.txt"/><NoteRef targetGUID="{G(52)}"/></PDFSource>')
    notes = f'<Notes><Note guid="{G(52)}" name="PDF-Notiz"><PlainTextContent>Quelle: Hafenbehörde</PlainTextContent></Note></Notes>'
    ex = _read(_qdpx(tmp_path / "p.qdpx", pdf, texts={20: TEXT}, origin="QualCoder 3.5", tail=notes))
    memos = ex.memos.set_index("text")
    for text_of_memo in ("Jahresbericht, Seite 3 wichtig", "Quelle: Hafenbehörde"):
        assert tuple(memos.loc[text_of_memo, ["target_type", "target"]]) == ("document", "jaarverslag.pdf"), text_of_memo


# -- a small tool's codebook: ids that are not GUIDs --------------------------------------------------

def test_a_codebook_whose_guids_are_short_ids_is_warned_once_and_exported_with_real_guids(tmp_path, capsys):
    kids_xml = "".join(f'\n            <Code guid="c{k}"\n                  name="{n}"\n                  isCodable="true"\n                  color="#c95858">\n            </Code>'
                       for k, n in enumerate(["Rage", "Anger", "Fear", "Worry"], start=20))
    path = tmp_path / "example_codebook.qdc"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0"\n          origin="MastodonMoodBoard">\n'
                    '    <Codes>\n        <Code guid="c001"\n              name="Negativ/Aufgeregt"\n              isCodable="true"\n'
                    '              color="#e57373">\n            <Description>\n                All emotions with negative valence.\n'
                    f'            </Description>{kids_xml}\n        </Code>\n    </Codes>\n</CodeBook>', encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        book = read_qdc(path)
    (message,) = [str(w.message) for w in caught if "schema" in str(w.message)]
    assert "The value 'c001' is not a GUID (and 4 more like it: line " in message and "[0-9a-fA-F]" not in message
    assert [(c.name, c.parent) for c in book.walk()][:2] == [("Negativ/Aufgeregt", None), ("Rage", "Negativ_Aufgeregt")]
    assert book["Negativ_Aufgeregt"].description == "All emotions with negative valence."
    project = tmp_path / "p.rkp"
    assert main(["import", str(path), "--project", str(project)]) == 0
    assert main(["export", "--qdc", str(tmp_path / "a.qdc"), "-p", str(project)]) == 0
    assert main(["export", "--qdc", str(tmp_path / "b.qdc"), "-p", str(project)]) == 0
    written = (tmp_path / "a.qdc").read_bytes()
    assert written == (tmp_path / "b.qdc").read_bytes() and b'guid="c0' not in written
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the written codebook is valid: no schema warning
        assert len(read_qdc(tmp_path / "a.qdc")) == 5
    capsys.readouterr()

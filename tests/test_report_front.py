"""The researcher's own parts (summary, introduction, conclusions from Markdown) in the report and the run."""

from __future__ import annotations

import importlib.util
import pathlib

import docx
import pytest
import yaml

from researchkit.errors import ReportError
from researchkit.report import ReportInputs, build_content
from researchkit.report.blocks import Bullets, Heading, Paragraph
from researchkit.run import run

_spec = importlib.util.spec_from_file_location("report_small", pathlib.Path(__file__).parent / "data" / "report" / "small.py")
small = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(small)


def _content(**front):
    corpus, codebook, codings = small.build()
    return build_content(ReportInputs(corpus, codebook, codings, date="2026-04-01"), dpi=40, front_matter=front)


def test_parts_take_their_places_and_shift_the_chapter_numbers():
    content = _content(summary="Kort **gezegd**: het werkt.", introduction="# Aanleiding\nWaarom.\n\n- een\n- twee",
                       conclusions="Tot slot.")
    headings = [(b.text, b.level) for b in content.blocks if isinstance(b, Heading)]
    assert headings[0] == ("Samenvatting", 1)
    assert headings[1:3] == [("1 Inleiding", 1), ("1.1 Aanleiding", 2)]
    assert headings[3] == ("2 Methode en verantwoording", 1)
    numbered = [t for t, level in headings if level == 1 and t[0].isdigit()]
    assert numbered[-1].endswith("Conclusies") and numbered[-1].split()[0] == str(len(numbered))
    texts = [b.text for b in content.blocks if isinstance(b, Paragraph)]
    assert "Kort gezegd: het werkt." in texts and "Tot slot." in texts
    assert Bullets(("een", "twee")) in content.blocks
    assert not any("placeholder" in n for n in content.notes)


def test_absent_text_gives_a_marked_placeholder_and_a_note():
    content = _content(conclusions=None)
    texts = [b.text for b in content.blocks if isinstance(b, Paragraph)]
    assert any(t.startswith("[PLAATSHOUDER — conclusies") for t in texts)
    assert any(n.startswith("report.conclusions:") for n in content.notes)
    with pytest.raises(ReportError, match="RK531"):
        _content(preface="x")


def test_run_reads_the_markdown_files_and_marks_the_missing_one(tmp_path):
    config = small.write(tmp_path)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    (tmp_path / "inleiding.md").write_text("Dit onderzoek gaat over havens.\n", encoding="utf-8")
    data["report"].update(introduction="inleiding.md", conclusions="conclusies.md")
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run(config, progress=None)
    document = docx.Document(str(tmp_path / "out" / "report.docx"))
    text = [p.text for p in document.paragraphs]
    assert "Dit onderzoek gaat over havens." in text
    assert any(t.startswith("[PLAATSHOUDER — conclusies") for t in text)
    assert any("conclusies.md not found" in n for n in result.notes)
    assert "inleiding.md" in result.manifest["inputs"]
    (tmp_path / "inleiding.md").write_bytes(b"caf\xe9\n")
    with pytest.raises(ReportError, match="RK532"):
        run(config, progress=None)


def test_interviewers_are_named_only_by_their_key_pseudonyms(tmp_path):
    from researchkit.privacy import read_key
    from researchkit.report.chapters.method import _interviewer_labels

    people = ["Marieke Hoekstra", "Jeroen Postma"]
    path = tmp_path / "key.yaml"
    path.write_text("researchkit_privacy_key: 1\nentries:\n- term: Marieke Hoekstra\n  kind: person\n", encoding="utf-8")
    partial = read_key(path).assigned()
    assert _interviewer_labels(people, partial) == []  # one is not in the key: nobody is named
    path.write_text("researchkit_privacy_key: 1\nentries:\n- term: Marieke Hoekstra\n  kind: person\n"
                    "- term: Jeroen Postma\n  kind: person\n", encoding="utf-8")
    full = read_key(path).assigned()
    labels = _interviewer_labels(people, full)
    assert len(labels) == 2 and all(label.startswith("[") for label in labels)
    assert _interviewer_labels(people, None) == []

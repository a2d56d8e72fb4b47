"""Codebook files of QDA programs found in a second sweep (layouts no other test names).

* The Coding Analysis Toolkit (CAT, QDAP at the University of Pittsburgh and UMass Amherst):
  its help pages "Preparing a Codelist File" (``cat-help.texifter.com``) and "Data
  Preparation" (``qdap.pitt.edu/cat-dataprep.htm``) describe the code file it uploads and
  its users keep: a plain ``.txt``, one code a line, ``code|definition|keystroke``, the
  keystroke one character and optional, no header (``No|No, no specific new information
  provided|1``). Before: refused, RK242 (no header row), unless ``header=False`` was given, and
  then the keystroke was kept as ``x_column_3``.
"""

from __future__ import annotations

import pytest

from researchkit.codebook.table import import_codebook_table
from researchkit.errors import CodebookError

CAT_LINES = ("Haven|Over de haven, de kade, de sluis|1\n"
             "Douane|Controle, papieren, inspectie|2\n"
             "Weer|Storm, mist; alles over het weer|\n")


def test_a_cat_code_file_is_read_one_code_a_line_with_its_definition_and_keystroke(tmp_path):
    path = tmp_path / "codes.txt"
    path.write_text(CAT_LINES, encoding="utf-8")
    book, report = import_codebook_table(path, language="nl")
    got = [(c.id, c.name, c.description, c.extra.get("x_keystroke")) for c in book.walk()]
    assert got == [("Haven", "Haven", "Over de haven, de kade, de sluis", "1"),
                   ("Douane", "Douane", "Controle, papieren, inspectie", "2"),
                   ("Weer", "Weer", "Storm, mist; alles over het weer", None)]
    assert report.delimiter == "|" and report.header_row == 0  # no header row
    assert any("Coding Analysis Toolkit (CAT) code file" in note for note in report.notes)


def test_a_pipe_separated_text_file_with_a_header_is_read_by_its_header_not_as_a_cat_file(tmp_path):
    path = tmp_path / "codes.txt"
    path.write_text("Code|Definition\nHaven|Over de haven\n", encoding="utf-8")
    book, report = import_codebook_table(path, language="nl")
    assert [(c.name, c.description) for c in book.walk()] == [("Haven", "Over de haven")]
    assert report.header_row == 1 and not any("CAT" in note for note in report.notes)


@pytest.mark.parametrize("name, text", [
    ("codes.csv", CAT_LINES),  # CAT takes its code file as .txt only
    ("codes.txt", "Haven|Over de haven|1|extra\nDouane|Controle|2|extra\n"),  # four fields: not CAT's layout
    ("codes.txt", "Haven|Over de haven|Shift+H\n"),  # no keystroke CAT knows
])
def test_other_headerless_pipe_files_are_still_refused_naming_the_header_they_lack(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError) as err:
        import_codebook_table(path, language="nl")
    assert err.value.code == "RK242" and "header=False" in (err.value.hint or "")

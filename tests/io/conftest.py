"""Fixtures that write real transcript files (docx via python-docx, text in several encodings)."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import docx
import pytest


def write_docx(
    path: Path,
    paragraphs: Sequence[str | tuple[str, str]],
    *,
    meta_table: dict | None = None,
    title: str | None = None,
    header: str | None = None,
    body_table: list[list[str]] | None = None,
    comment_on: int | None = None,
) -> Path:
    """Write a Word file. A tuple ``(label, text)`` writes ``label`` as a bold run."""
    document = docx.Document()
    if header:
        document.sections[0].header.paragraphs[0].text = header
        document.sections[0].footer.paragraphs[0].text = header + " (footer)"
    if title:
        document.add_heading(title, level=1)
    if meta_table:
        table = document.add_table(rows=0, cols=2)
        for key, value in meta_table.items():
            cells = table.add_row().cells
            cells[0].text, cells[1].text = key, value
    for i, item in enumerate(paragraphs):
        p = document.add_paragraph()
        if isinstance(item, tuple):
            run = p.add_run(item[0])
            run.bold = True
            p.add_run(item[1])
        else:
            p.add_run(item)
        if comment_on == i:
            document.add_comment(p.runs[-1], text="COMMENT TEXT MUST NOT APPEAR", author="Anna", initials="A")
    if body_table:
        table = document.add_table(rows=len(body_table), cols=len(body_table[0]))
        for row, values in zip(table.rows, body_table):
            for cell, value in zip(row.cells, values):
                cell.text = value
    document.save(path)
    return path


@pytest.fixture
def make_docx(tmp_path):
    """Factory: ``make_docx("R01.docx", [...], meta_table=...)`` -> path."""

    def factory(name: str, paragraphs, **kwargs) -> Path:
        return write_docx(tmp_path / name, paragraphs, **kwargs)

    return factory


@pytest.fixture
def read_text(tmp_path):
    """Factory: ``read_text("R01.txt", "I: ...", encoding="latin-1")`` writes the file and reads it as a transcript."""
    from researchkit.io import read_transcript

    def factory(name: str, text: str, encoding: str = "utf-8"):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return read_transcript(path)

    return factory

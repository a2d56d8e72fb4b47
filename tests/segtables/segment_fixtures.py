"""Shared pieces of the coded-segment import tests: a small corpus, a codebook and a sheet writer.

The corpus has what real transcripts have and the placement must cope with: curly quotes
and runs of spaces (the exports write straight quotes and single spaces), blank lines
between paragraphs in one file and none in the other (programs differ in whether they
number empty paragraphs), and phrases that occur more than once ("de haven is klein").
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from researchkit.codebook import Codebook
from researchkit.transcripts import Corpus, Source, Transcript

#: Interview 01: paragraphs separated by blank lines (as a .txt transcript keeps them).
TEXT_01 = (
    "I: Wat ziet u in de haven?\n\n"
    "R: Wij zien   \u201cvreemde\u201d boten. De haven is klein.\n\n"
    "I: En de douane?\n\n"
    "R: De haven is klein, de douane komt zelden. We werken goed samen met de politie.\n\n"
    "I: Nog iets?\n\n"
    "R: De haven is klein."
)
#: Interview 02: one paragraph per line (as a Word transcript gives them).
TEXT_02 = (
    "I: How do you work with customs?\n"
    "R: We work well together with customs.\n"
    "I: And the harbour master?\n"
    "R: We work well together with him too. Honestly \u2013 it is fine.\n"
    "I: Anything else?\n"
    "R: Honestly \u2013 it is fine."
)

CODEBOOK = {"codes": [
    {"id": "WERK", "name": "Werk", "children": [
        {"id": "SAM", "name": "Samenwerking"},
        {"id": "CONF", "name": "Conflict"}]},
    {"id": "HAV", "name": "Haven", "children": [
        {"id": "HAV.klein", "name": "Klein"},
        {"id": "HAV.sig", "name": "Signalen"}]},
    {"id": "DOU", "name": "Douane", "children": [{"id": "DOU.klein", "name": "Klein"}]},
]}


def make_corpus() -> Corpus:
    """Two interviews whose ids differ from the names the programs use (``Interview 01.docx``)."""
    return Corpus([
        Transcript("interview_01", TEXT_01, source=Source("/data/Interview 01.txt", "0" * 64, "text", "utf-8")),
        Transcript("interview_02", TEXT_02, source=Source("/data/Interview 02.docx", "1" * 64, "docx")),
    ])


def make_codebook() -> Codebook:
    """The test codebook (two codes named 'Klein' under different parents)."""
    return Codebook.from_dict(CODEBOOK)


def write_xlsx(path: Path, rows: list[list], *, title: str = "Sheet1") -> Path:
    """A one-sheet workbook with ``rows`` (the first is the header), written by openpyxl."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path

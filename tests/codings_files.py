"""Small transcripts (a Word file written by python-docx and a .txt) and codings CSVs for the pin/realign tests."""

from __future__ import annotations

import pathlib

import docx

R01 = [
    "Interviewer: Hoe werken jullie samen met de douane?",
    "Respondent: Wij werkten goed samen met de douane in de haven.",
    "Interviewer: En de politie?",
    "Respondent: Die zien we bijna nooit op de kade.",
]
R02 = "I: Wat ziet u 's nachts?\nR: Busjes zonder licht bij de loods.\nI: Vaak?\nR: Elke week wel een keer.\n"

#: (doc_id, passage, code, memo) of the codings the tests make, in file order.
CODINGS = [
    ("R01", "Wij werkten goed samen met de douane", "SAM", "eerste; met \"douane\""),
    ("R01", "Die zien we bijna nooit op de kade", "POL", ""),
    ("R02", "Busjes zonder licht bij de loods", "SIG", "café"),
    ("R02", "Elke week wel een keer", "FREQ", ""),
]


def write_docx(path: pathlib.Path, paragraphs: list[str]) -> None:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)


def write_transcripts(folder: pathlib.Path, r01: list[str] = R01, r02: str = R02) -> pathlib.Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_docx(folder / "R01.docx", r01)
    (folder / "R02.txt").write_text(r02, encoding="utf-8")
    return folder


def texts(folder: pathlib.Path) -> dict[str, str]:
    from researchkit.io import read_corpus

    return dict(read_corpus(folder).texts())


def rows(folder: pathlib.Path) -> list[tuple[str, int, int, str, str]]:
    """``(doc_id, start, end, code, memo)`` of :data:`CODINGS` in the transcripts of ``folder``."""
    found = texts(folder)
    out = []
    for doc_id, passage, code, memo in CODINGS:
        start = found[doc_id].index(passage)
        out.append((doc_id, start, start + len(passage), code, memo))
    return out


def csv_text(folder: pathlib.Path, *, delimiter: str = ",", newline: str = "\n") -> str:
    """A codings CSV without a text column: doc_id, start, end, code, coder, source, memo (quoted where needed)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    writer.writerow(["doc_id", "start", "end", "code", "coder", "source", "memo"])
    for doc_id, start, end, code, memo in rows(folder):
        writer.writerow([doc_id, start, end, code, "anna", "manual", memo])
    return out.getvalue()

"""Small focus groups written with python-docx, for the speaker-case tests of REFI-QDA.

``fg-haven.docx`` writes every speaker's label alone on a paragraph above the speech
(``Petra de Boer``, then the answer), as Word transcripts often do; ``int-visser.docx`` is
an interview with ``I:``/``R:`` labels. The speaker sheet gives the two participants of the
focus group (and its moderator) their own attributes.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from docx import Document

FG_PARAGRAPHS = (
    "Moderator",
    "Welkom allemaal. Wat betekent de haven van Harlingen voor jullie?",
    "Petra de Boer",
    "Ik werk al twintig jaar bij Rederij Doeksen.",
    "Mijn vader werkte er ook, bel hem maar op 06-12345678.",
    "Karel Smit",
    "Voor mij is het de douane, ik controleer vracht.",
    "Moderator",
    "Wat is er veranderd?",
    "Petra de Boer",
    "De drukte, en de brandstof is duur geworden.",
    "Karel Smit",
    "Meer containers, minder mensen. Petra weet dat ook.",
)
INTERVIEW_PARAGRAPHS = ("I: Hoe gaat het in de haven?", "R: Goed, dank u.")


def colon_layout(paragraphs: tuple[str, ...]) -> tuple[str, ...]:
    """The same focus group with each label in front of its speech (``Petra de Boer: Ik werk ...``)."""
    out: list[str] = []
    label = None
    for text in paragraphs:
        if text in ("Moderator", "Petra de Boer", "Karel Smit"):
            label = text
        elif label is not None:
            out.append(f"{label}: {text}")
            label = None
        else:
            out.append(text)
    return tuple(out)


def write_docx(path: Path, paragraphs: tuple[str, ...]) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.save(str(path))
    return path


def write_focus_group_files(folder: Path, *, colons: bool = False) -> Path:
    """The two transcripts in ``folder`` (made if needed), the labels above the speech or before it; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    write_docx(folder / "fg-haven.docx", colon_layout(FG_PARAGRAPHS) if colons else FG_PARAGRAPHS)
    write_docx(folder / "int-visser.docx", INTERVIEW_PARAGRAPHS)
    return folder


def speaker_sheet(*, moderator: bool = False) -> pd.DataFrame:
    """The participants' own attributes: a text naming a firm, an integer, a float with a gap, a yes/no."""
    rows = [("fg-haven", "Petra de Boer", "Rederij Doeksen", 51, 20.5, True),
            ("fg-haven", "Karel Smit", "Douane", 38, None, False)]
    if moderator:
        rows.append(("fg-haven", "Moderator", "Universiteit", 45, None, False))
    return pd.DataFrame(rows, columns=["doc_id", "speaker", "organisation", "age", "years", "member"]).set_index(["doc_id", "speaker"])


def document_sheet() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["fg-haven", "int-visser"], "port": ["Harlingen", "Harlingen"], "group": [1, 2]})


def focus_group_corpus(folder: Path, *, moderator: bool = False, colons: bool = False):
    """The corpus read from the docx files with its document and speaker sheets."""
    from researchkit.io import read_corpus

    write_focus_group_files(folder, colons=colons)
    return read_corpus(folder, attributes=document_sheet(), speakers=speaker_sheet(moderator=moderator))

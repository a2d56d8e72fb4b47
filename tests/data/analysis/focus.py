"""A focus group about partners, written as a text file, for the analyses counting per speaker.

``write(folder)`` writes three transcripts, an attributes sheet and a speaker sheet, reads them
with :func:`researchkit.io.read_corpus` and returns ``(corpus, codings)``:

- ``F1.txt`` (Harlingen): a moderator asking about the customs and the KMar together (coded
  ``ACT.DOU``, ``ACT.KMAR`` and ``SAM.1``: codings on no respondent's turn) and three
  participants: participant 1 names both partners in one sentence, participant 2 the customs
  in one turn and the harbour master in another (the speaker sheet puts them in Urk),
  participant 3 both partners in one sentence;
- ``R1.txt`` (Delfzijl): an interview whose respondent names both partners in one sentence;
- ``N1.txt`` (Delfzijl): a note without speaker labels (no respondent speaker: one case of
  its own) naming both partners in one sentence.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

FOCUS_GROUP = (
    "Gespreksleider: Werken de douane en de KMar met jullie samen?\n"
    "Deelnemer 1: De douane en de KMar bellen ons elke week.\n"
    "Deelnemer 2: De douane zien wij nooit.\n"
    "Deelnemer 3: Met de KMar en de douane hebben wij goed contact.\n"
    "Deelnemer 2: En de havenmeester komt alleen bij de sluis.\n"
)
INTERVIEW = "I: Hoe gaat het?\nR: De douane werkt samen met de KMar.\n"
NOTE = "De douane en de KMar zijn er vaak.\n\nVerder niets.\n"

CODED = [
    ("F1", "Werken de douane en de KMar met jullie samen?", ["ACT.DOU", "ACT.KMAR", "SAM.1"]),  # the moderator
    ("F1", "De douane en de KMar bellen ons elke week.", ["ACT.DOU", "ACT.KMAR"]),
    ("F1", "De douane zien wij nooit.", ["ACT.DOU"]),
    ("F1", "Met de KMar en de douane hebben wij goed contact.", ["ACT.KMAR", "ACT.DOU"]),
    ("F1", "En de havenmeester komt alleen bij de sluis.", ["ACT.HAV"]),
    ("R1", "De douane werkt samen met de KMar.", ["ACT.DOU", "ACT.KMAR"]),
    ("N1", "De douane en de KMar zijn er vaak.", ["ACT.DOU", "ACT.KMAR"]),
]


def write(folder: Path):
    """Write the files into ``folder`` and read them; returns ``(corpus, codings)``."""
    from researchkit.io import read_corpus

    folder = Path(folder)
    transcripts = folder / "transcripts"
    transcripts.mkdir(parents=True)
    (transcripts / "F1.txt").write_text(FOCUS_GROUP, encoding="utf-8")
    (transcripts / "R1.txt").write_text(INTERVIEW, encoding="utf-8")
    (transcripts / "N1.txt").write_text(NOTE, encoding="utf-8")
    (folder / "attributes.csv").write_text("doc_id,port\nF1,Harlingen\nR1,Delfzijl\nN1,Delfzijl\n", encoding="utf-8")
    (folder / "speakers.csv").write_text("doc_id,speaker,port\nF1,Deelnemer 2,Urk\n", encoding="utf-8")
    corpus = read_corpus(transcripts, attributes=folder / "attributes.csv", speakers=folder / "speakers.csv")
    rows = []
    for doc_id, quote, codes in CODED:
        start = corpus[doc_id].text.index(quote)
        rows += [{"doc_id": doc_id, "start": start, "end": start + len(quote), "code": c} for c in codes]
    return corpus, pd.DataFrame(rows)

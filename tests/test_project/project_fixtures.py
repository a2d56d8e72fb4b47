"""Shared test data for the project-store tests (also used by child processes)."""

from __future__ import annotations

TEXT_R01 = (
    "I: Wat ziet u in de haven?\n"
    "R: Wij zien   \u201cvreemde\u201d boten in de haven van Harlingen.\n"
    "De haven is klein, maar de douane komt zelden."
)
TEXT_R02 = "I: Werkt u samen met de politie?\nR: Ja, we werken goed samen met de politie."

CODEBOOK = {
    "codes": [
        {"id": "SIG", "name": "Signalen", "color": "#AA0000", "children": [{"id": "SIG.boot", "name": "Boten"}]},
        {"id": "HAV", "name": "Haven"},
        {"id": "SAM", "name": "Samenwerking"},
        {"id": "DOU", "name": "Douane"},
    ]
}


def make_corpus(texts: dict[str, str] | None = None):
    """A small in-memory corpus with I:/R: turns and attributes."""
    from researchkit.transcripts import Corpus, Transcript, Turn

    texts = texts or {"R01": TEXT_R01, "R02": TEXT_R02}
    transcripts = []
    for k, (doc_id, text) in enumerate(sorted(texts.items())):
        turns, pos = [], 0
        for line in text.split("\n"):
            if line[:2] in ("I:", "R:"):
                role = "interviewer" if line[0] == "I" else "respondent"
                turns.append(Turn(line[0], role, pos + 3, pos + len(line)))
            pos += len(line) + 1
        transcripts.append(
            Transcript(doc_id, text, turns=tuple(turns), attributes={"group": ["politie", "douane"][k % 2], "port": "Harlingen"})
        )
    return Corpus(transcripts)


def bulk_text(n_words: int) -> str:
    """A long synthetic transcript: ``n_words`` distinct words, ten per line."""
    words = [f"woord{k:06d}" for k in range(n_words)]
    return "\n".join(" ".join(words[k : k + 10]) for k in range(0, n_words, 10))


def bulk_codings(text: str, n: int, *, doc_id: str = "BULK", coder: str = "rules", code: str = "HAV"):
    """``n`` codings, one per word of ``text`` (offsets checked by construction)."""
    import pandas as pd

    starts, pos = [], 0
    for k in range(n):
        start = text.index("woord", pos)
        starts.append(start)
        pos = start + 1
    ends = [s + 11 for s in starts]
    return pd.DataFrame(
        {"doc_id": doc_id, "start": starts, "end": ends, "code": code, "coder": coder, "source": "rules",
         "text": [text[s:e] for s, e in zip(starts, ends)]}
    )

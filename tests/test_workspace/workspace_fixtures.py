"""Test data for the workspace: transcripts with emoji, accents and combining marks, a codebook with siblings."""

from __future__ import annotations

import pandas as pd

from researchkit.transcripts import Corpus, Transcript, Turn

CODEBOOK = {
    "codes": [
        {"id": "SIG", "name": "Signalen", "color": "#CC0000",
         "children": [{"id": "SIG.1", "name": "Verdacht gedrag"}, {"id": "SIG.2", "name": "AIS uit"}, {"id": "SIG.3", "name": "Vreemde boten"}]},
        {"id": "SAM", "name": "Samenwerking", "color": "#2CA02C"},
        {"id": "HAV", "name": "Haven"},
    ]
}

# "n̈" is n + U+0308: no precomposed form, stays two code points after NFC
R01 = (
    "[00:00:05] Interviewer: Wat ziet u in de haven?\n"
    "[00:00:09] Respondent: Zoë zag gisteren 🙂 een vreemde boot bij het café van Spın̈ak, 's nachts.\n"
    "Het AIS stond uit. We bellen dan de douane.\n"
    "[00:01:02] Interviewer: En de samenwerking?\n"
    "[00:01:07] Respondent: Goed 🚢🚢, we delen info met de havenmeester en de KMar."
)
R02 = "I: Hoe gaat het?\nR: Rustig. Weinig visserij dit jaar, de prijzen zijn laag."


def _turns(text: str, labels: list[tuple[str, str, str, float | None]]) -> tuple[Turn, ...]:
    out, pos = [], 0
    for prefix, speaker, role, ts in labels:
        start = text.index(prefix, pos) + len(prefix)
        end = text.find("\n" + "[", start) if "[" in prefix else text.find("\n", start)
        if prefix.startswith("[") and speaker == "Respondent" and "AIS" in text[start:]:
            end = text.find("\n[", start)
        end = len(text) if end < 0 else end
        out.append(Turn(speaker, role, start, end, ts))
        pos = end
    return tuple(out)


def make_corpus() -> Corpus:
    t1 = _turns(R01, [("[00:00:05] Interviewer: ", "Interviewer", "interviewer", 5.0), ("[00:00:09] Respondent: ", "Respondent", "respondent", 9.0),
                      ("[00:01:02] Interviewer: ", "Interviewer", "interviewer", 62.0), ("[00:01:07] Respondent: ", "Respondent", "respondent", 67.0)])
    t2 = (Turn("I", "interviewer", 3, R02.index("\n")), Turn("R", "respondent", R02.index("R: ") + 3, len(R02)))
    return Corpus([Transcript("R01", R01, t1, attributes={"port": "Harlingen", "group": "haven"}),
                   Transcript("R02", R02, t2, attributes={"port": "Lauwersoog", "group": "visserij"})])


def suggestions(corpus: Corpus) -> pd.DataFrame:
    """Rule suggestions with confidences (highest first in the review queue)."""
    rows = []
    for doc, quote, code, conf in [("R01", "vreemde boot", "SIG.3", 0.95), ("R01", "AIS stond uit", "SIG.2", 0.9),
                                   ("R01", "douane", "SAM", 0.8), ("R02", "visserij", "HAV", 0.7), ("R01", "havenmeester", "SAM", 0.6)]:
        s = corpus[doc].text.index(quote)
        rows.append({"doc_id": doc, "start": s, "end": s + len(quote), "code": code, "source": "rules", "confidence": conf})
    return pd.DataFrame(rows)


def fill(project) -> None:
    corpus = make_corpus()
    project.add_documents(corpus)
    project.set_codebook(CODEBOOK)
    project.add_codings(suggestions(corpus), coder="rules")

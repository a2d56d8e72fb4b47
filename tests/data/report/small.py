"""A small fictional corpus, codebook and codings for the report, privacy and run tests.

``build()`` makes everything in memory (rules codings by ``autocode`` plus two manual
coders, ``anna`` and ``bob``, who both coded R1 and R2); ``write(folder)`` writes the
same material as files (text transcripts, attributes sheet, codebook YAML, a manual
codings CSV and a run configuration) for the main-job tests.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import yaml

from researchkit.codebook import Codebook
from researchkit.transcripts import Corpus, Transcript, Turn

DOCUMENTS = {
    "R1": [
        ("I", "interviewer", "Wat ziet u in de haven?"),
        ("R", "respondent", "Er stond 's nachts een busje op de kade, zonder lichten. Ik vermoed dat er drugs worden "
                            "gesmokkeld via de kotters. De douane deelt weinig informatie met ons."),
        ("I", "interviewer", "En verder?"),
        ("R", "respondent", "Piet Jansen van de rederij zegt dat ook, maar ik heb geen signalen van sigarettensmokkel "
                            "gezien in de afgelopen jaren."),
    ],
    "R2": [
        ("Interviewer", "interviewer", "Hoe werkt u samen?"),
        ("Henk Zijlstra", "respondent", "Wij delen informatie met de politie via het RIEC, elke week in een overleg. "
                                        "Een melding over een busje hebben we doorgezet naar de recherche."),
        ("Interviewer", "interviewer", "En drugs?"),
        ("Henk Zijlstra", "respondent", "Drugs komen hier vast wel binnen, dat vermoed ik echt, maar we hebben nooit iets "
                                        "gevonden. Zeg maar niet tegen Henk dat ik dat zei."),
    ],
    "R3": [
        ("I", "interviewer", "Vertel eens."),
        ("R", "respondent", "Als visser zie ik weleens een snelle boot zonder lichten voorbij komen in de nacht. "
                            "Die [NAAM] van de overkant weet er meer van dan ik. Ik denk dat er sigaretten worden "
                            "gesmokkeld met die boten."),
    ],
    "R4": [
        ("I", "interviewer", "Wat is het beeld?"),
        ("R", "respondent", "We hebben vorig jaar een partij cocaïne in beslag genomen in de haven van Delfzijl. "
                            "De douane registreert veel, maar de politie krijgt die informatie niet te zien. "
                            "Ik vermoed dat er meer drugs binnenkomt dan we weten."),
    ],
}

ATTRIBUTES = pd.DataFrame(
    {
        "doc_id": ["R1", "R2", "R3", "R4"],
        "group": ["politie", "handhaving", "bedrijfsleven", "politie"],
        "organisation": ["Politie basisteam (wijkagent)", "Douane", "Visser (kotter)", "Politie districtsrecherche"],
        "port": ["Harlingen", "Harlingen", "Delfzijl", "Delfzijl"],
        "date": ["2026-02-03", "2026-02-05", "2026-03-01", "2026-03-10"],
        "interviewer": ["Marieke Hoekstra", "Jeroen Postma", "Sanne Dijkstra", "Marieke Hoekstra; Jeroen Postma"],
    }
)

CODEBOOK = {
    "codebook": "Klein havencodeboek",
    "version": 1,
    "language": "nl",
    "description": "Testcodeboek.",
    "codes": [
        {"id": "SIG", "name": "Signalen", "description": "Concrete waarnemingen.",
         "include": ["Een busje op de kade.", "Een melding."], "exclude": "Vermoedens zonder waarneming.",
         "examples": ["Henk zag een busje."],
         "children": [
             {"id": "SIG.1", "name": "Verdacht gedrag", "keywords": ["busje", "zonder lichten", "snelle boot"]},
             {"id": "SIG.2", "name": "Vondsten en meldingen", "keywords": ["in beslag", "melding"]},
         ]},
        {"id": "VERM", "name": "Vermoedens", "description": "Een overtuiging zonder waarneming.",
         "children": [{"id": "VERM.1", "name": "Algemeen vermoeden", "keywords": ["vermoed*", "ik denk", "vast wel"]}]},
        {"id": "FEN", "name": "Fenomenen",
         "children": [
             {"id": "FEN.DRU", "name": "Drugssmokkel", "keywords": ["drugs", "cocaïne"]},
             {"id": "FEN.SMO", "name": "Sigarettensmokkel", "keywords": ["sigaret*", "sigarettensmokkel"]},
         ]},
        {"id": "ACT", "name": "Actoren",
         "children": [
             {"id": "ACT.POL", "name": "Politie", "keywords": ["politie"]},
             {"id": "ACT.DOU", "name": "Douane", "keywords": ["douane"]},
         ]},
        {"id": "INFO", "name": "Informatiepositie",
         "children": [
             {"id": "INFO.1", "name": "Verzamelen", "keywords": ["registreert", "zie ik"]},
             {"id": "INFO.4", "name": "Delen", "keywords": ["delen", "deelt", "informatie"]},
         ]},
    ],
}

MANUAL = [
    # coder, doc, phrase, codes
    ("anna", "R1", "Er stond 's nachts een busje op de kade, zonder lichten.", ["SIG.1"]),
    ("anna", "R1", "Ik vermoed dat er drugs worden gesmokkeld via de kotters.", ["VERM.1", "FEN.DRU"]),
    ("anna", "R2", "Wij delen informatie met de politie via het RIEC, elke week in een overleg.", ["INFO.4", "ACT.POL"]),
    ("bob", "R1", "Er stond 's nachts een busje op de kade, zonder lichten.", ["SIG.1"]),
    ("bob", "R1", "Ik vermoed dat er drugs worden gesmokkeld via de kotters.", ["VERM.1"]),
    ("bob", "R2", "Wij delen informatie met de politie via het RIEC, elke week in een overleg.", ["INFO.4"]),
]

NAMES_IN_TEXT = ["Piet", "Jansen", "Henk", "Zijlstra"]


def transcript_text(turns: list[tuple[str, str, str]]) -> tuple[str, tuple[Turn, ...]]:
    text, out = "", []
    for label, role, said in turns:
        if text:
            text += "\n"
        text += f"{label}: "
        out.append(Turn(label, role, len(text), len(text) + len(said)))
        text += said
    return text, tuple(out)


def corpus() -> Corpus:
    attrs = ATTRIBUTES.set_index("doc_id")
    docs = []
    for doc_id, turns in DOCUMENTS.items():
        text, ts = transcript_text(turns)
        docs.append(Transcript(doc_id, text, ts, {k: v for k, v in attrs.loc[doc_id].items()}))
    return Corpus(docs)


def codebook() -> Codebook:
    return Codebook.from_dict(CODEBOOK)


def manual_codings(c: Corpus) -> pd.DataFrame:
    rows = []
    for coder, doc_id, phrase, codes in MANUAL:
        text = c[doc_id].text
        start = text.index(phrase)
        for code in codes:
            rows.append({"doc_id": doc_id, "start": start, "end": start + len(phrase), "code": code,
                         "coder": coder, "source": "manual", "text": phrase})
    return pd.DataFrame(rows)


def build() -> tuple[Corpus, Codebook, pd.DataFrame]:
    from researchkit.autocode import autocode

    c, cb = corpus(), codebook()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rules = autocode(c, cb)
    codings = pd.concat([rules, manual_codings(c)], ignore_index=True)
    return c, cb, codings


def write(folder: Path) -> Path:
    """Write the material as files; returns the run configuration's path."""
    folder = Path(folder)
    (folder / "transcripts").mkdir(parents=True, exist_ok=True)
    for doc_id, turns in DOCUMENTS.items():
        text, _ = transcript_text(turns)
        (folder / "transcripts" / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
    ATTRIBUTES.to_csv(folder / "transcripts" / "attributes.csv", index=False)
    (folder / "codebook").mkdir(exist_ok=True)
    (folder / "codebook" / "klein.yaml").write_text(yaml.safe_dump(CODEBOOK, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (folder / "codebook" / "gold").mkdir(exist_ok=True)
    manual = manual_codings(corpus()).drop(columns=["text"])
    manual.to_csv(folder / "codebook" / "gold" / "manual.csv", index=False)
    config = {
        "base": "..",
        "transcripts": "transcripts",
        "attributes": "transcripts/attributes.csv",
        "codebook": "codebook/klein.yaml",
        "manual_codings": ["codebook/gold/*.csv"],
        "names": ["Piet Jansen"],
        # four respondents: the re-identification check (k=3) would coarsen every attribution; tested apart
        "report": {"title": "Kleine test", "author": "Bureau Test", "date": "2026-04-01", "dpi": 40,
                   "reidentification": "off", "suggestions": "include"},
        "out": "out",
    }
    path = folder / "codebook" / "run.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path

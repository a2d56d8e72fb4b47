"""A new study folder (``researchkit new FOLDER --lang nl|en``): the layout the main job expects.

::

    FOLDER/
      README.md               what goes where, the three commands
      transcripts/            your interviews (.docx, .txt, .vtt ...), one file per interview
      attributes.csv          one row per interview: doc_id, group, organisation, place, date, interviewer
      codebook.yaml           a starter codebook (three themes) to rewrite
      run.yaml                the run configuration: every study-specific choice is a setting here
      notebooks/01_start.ipynb

Nothing demo-specific is assumed: the group attribute, the attribution fields and the
chapters are named in ``run.yaml``; the information-position and white-spot chapters
are off until you name the codes they need.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "mijn-studie"
>>> sorted(p.name for p in new_study(folder, lang="en").iterdir())
['README.md', 'attributes.csv', 'codebook.yaml', 'notebooks', 'run.yaml', 'transcripts']
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from researchkit.errors import ReportError
from researchkit.fileio import atomic_write

__all__ = ["new_study", "SCAFFOLD_LANGUAGES"]

SCAFFOLD_LANGUAGES = ("nl", "en")

_TEXT = {
    "nl": {
        "codebook": """\
# Startcodeboek: herschrijf de thema's, omschrijvingen en zoekregels voor je eigen studie.
# Zie docs/codebook.md voor alle velden (include, exclude, examples, rules).
codebook: Mijn studie
version: 1
language: nl
description: Startcodeboek met drie thema's.
codes:
  - id: ERV
    name: Ervaringen
    description: Wat respondenten zelf hebben meegemaakt.
    keywords: [meegemaakt, ervaring, gezien]
  - id: KNEL
    name: Knelpunten
    description: Wat volgens respondenten niet goed gaat.
    keywords: [probleem, knelpunt, lastig, moeilijk]
  - id: IDEE
    name: Ideeën
    description: Voorstellen en oplossingen van respondenten.
    keywords: [voorstel, oplossing, zou moeten, idee]
""",
        "readme": """\
# {name}

1. Zet de interviews in `transcripts/` (één bestand per interview; de bestandsnaam zonder extensie is de `doc_id`).
2. Vul `attributes.csv` (één regel per interview) en herschrijf `codebook.yaml`.
3. Pas `run.yaml` aan (titel, groep, citaatvermelding, hoofdstukken) en draai `researchkit run run.yaml`.

Het rapport komt in `out/` (`report.docx`, `report.md`, tabellen, figuren, `manifest.json`).
""",
        "title": "Rapportage interviews",
    },
    "en": {
        "codebook": """\
# Starter codebook: rewrite the themes, descriptions and rules for your own study.
# See docs/codebook.md for every field (include, exclude, examples, rules).
codebook: My study
version: 1
language: en
description: Starter codebook with three themes.
codes:
  - id: EXP
    name: Experiences
    description: What respondents went through themselves.
    keywords: [experienced, experience, witnessed]
  - id: PROB
    name: Problems
    description: What respondents say does not work.
    keywords: [problem, difficult, bottleneck]
  - id: IDEA
    name: Ideas
    description: Proposals and solutions from respondents.
    keywords: [proposal, solution, should, idea]
""",
        "readme": """\
# {name}

1. Put the interviews in `transcripts/` (one file per interview; the file name without extension is the `doc_id`).
2. Fill in `attributes.csv` (one row per interview) and rewrite `codebook.yaml`.
3. Edit `run.yaml` (title, group, attribution, chapters) and run `researchkit run run.yaml`.

The report goes to `out/` (`report.docx`, `report.md`, tables, figures, `manifest.json`).
""",
        "title": "Interview report",
    },
}


def _run_yaml(lang: str) -> str:
    title = _TEXT[lang]["title"]
    return f"""\
# The main job of this study: `researchkit run run.yaml`. Paths are relative to this file.
transcripts: transcripts
attributes: attributes.csv
codebook: codebook.yaml
# Your own coded passages (CSV: doc_id,start,end,code[,coder,source]); none yet.
manual_codings: []
# Coding by hand in notebooks/01_start.ipynb stores your codings and your decisions on the
# rules' suggestions in a project; name it here and the run reads transcripts, codings and
# decisions from it (then manual_codings is not needed):
# project: study.rkp
autocode:
  unit: sentence
  roles: [respondent]
names: []
privacy_patterns: all
# Where phone numbers without a country code are read, and which regional identifiers are looked for
# (GB: postcodes, NI and NHS numbers; US: social security numbers): NL, or e.g. [NL, GB, US].
privacy_regions: NL
report:
  title: "{title}"
  subtitle: ""
  author: ""
  organisation: ""
  client: ""
  date: null            # default: the latest interview date
  language: {lang}
  # The attribute that forms the respondent groups in the tables.
  group: group
  # Attributes shown after the respondent code of a quote; the re-identification check
  # coarsens any combination shared by fewer than reidentification_k respondents.
  attribution: [organisation]
  reidentification: coarsen
  # exclude: only your own (and reviewed) codings count; include: the rules' unreviewed
  # suggestions count too, and the report says so in its text and tables.
  suggestions: exclude
  reidentification_k: 3
  # Chapters in order: code ids of codebook.yaml. Add information_position or white_spots
  # only after naming their codes below (a chapter that cannot be built is an error).
  chapters: null
  information_position: {{partners: null, dimensions: null}}
  white_spots: {{suspicion: null, signal: null, phenomena: null, rows: place}}
  n_quotes: 3
out: out
"""


#: The starter notebook's cells, ``(kind, nl, en)``: read and check, rules, the project, coding by hand.
_NOTEBOOK_CELLS = (
    ("markdown", "# Start\n\nLees de transcripten, controleer hoe ze zijn gelezen, en bekijk de coderingen van de zoekregels.",
     "# Start\n\nRead the transcripts, check how they were read, and look at the rules' codings."),
    ("code", 'import researchkit as rk\n\n'
             'corpus = rk.read_corpus("../transcripts", attributes="../attributes.csv")\n'
             'corpus.quality  # lees bestanden met een vlag voordat je codeert',
             'import researchkit as rk\n\n'
             'corpus = rk.read_corpus("../transcripts", attributes="../attributes.csv")\n'
             'corpus.quality  # read flagged files before coding'),
    ("code", 'codebook = rk.Codebook.load("../codebook.yaml")\ncodings = rk.autocode(corpus, codebook)\ncodings.head()', None),
    ("markdown", "## Zelf coderen\n\nHet project (`study.rkp`) bewaart je coderingen, je beoordelingen van de suggesties en je "
                 "memo's. Deze cel maakt het de eerste keer aan en werkt het daarna bij (gewijzigde transcripten, het codeboek, "
                 "nieuwe suggesties van de regels). Zet je naam in `CODER`.",
     "## Coding by hand\n\nThe project (`study.rkp`) keeps your codings, your decisions on the suggestions and your memos. "
     "This cell creates it the first time and updates it after that (changed transcripts, the codebook, new suggestions of "
     "the rules). Put your name in `CODER`."),
    ("code", 'from pathlib import Path\n\n'
             'CODER = "me"\n'
             'path = Path("../study.rkp")\n'
             'project = rk.Project.open(path, user=CODER) if path.exists() else rk.Project.create(path, user=CODER)\n'
             'project.add_documents(corpus)\n'
             'project.set_codebook(codebook)\n'
             'project.add_codings(codings, coder="rules", on_duplicate="skip")\n'
             'project.status()', None),
    ("markdown", "Selecteer tekst met de muis en kies een code (zie docs/workspace.md).",
     "Select text with the mouse and pick a code (see docs/workspace.md)."),
    ("code", 'from researchkit.workspace import CodingView, ReviewQueue\n\nCodingView(project, coder=CODER)', None),
    ("markdown", "De suggesties van de regels, een voor een: **a** accepteren, **r** afwijzen, **s** overslaan.",
     "The rules' suggestions, one at a time: **a** accept, **r** reject, **s** skip."),
    ("code", 'ReviewQueue(project, reviewer=CODER)', None),
    ("markdown", "Het rapport gebruikt je coderingen en beoordelingen als `run.yaml` het project noemt (`project: study.rkp`); "
                 "daarna: `researchkit run run.yaml`.",
     "The report uses your codings and decisions when `run.yaml` names the project (`project: study.rkp`); then: "
     "`researchkit run run.yaml`."),
)


def _notebook(lang: str) -> str:
    cells = []
    for number, (kind, nl, en) in enumerate(_NOTEBOOK_CELLS, start=1):
        source = nl if lang == "nl" or en is None else en
        cell = {"cell_type": kind, "id": f"start-{number}", "metadata": {}, "source": source}
        if kind == "code":
            cell.update(execution_count=None, outputs=[])
        cells.append(cell)
    nb = {"cells": cells,
          "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                       "language_info": {"name": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def new_study(folder: str | os.PathLike, *, lang: str = "nl") -> Path:
    """Create a study folder with transcripts/, attributes.csv, codebook.yaml, run.yaml, notebooks/.

    Raises
    ------
    ReportError
        ``RK534`` when the folder exists and is not empty, ``RK554`` for a language other than nl/en.
    """
    if lang not in SCAFFOLD_LANGUAGES:
        raise ReportError("RK554", f"language {lang!r} is not one of {', '.join(SCAFFOLD_LANGUAGES)}", hint="use --lang nl or --lang en")
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ReportError("RK534", f"{folder}: exists and is not empty; nothing was written",
                          hint="choose a new folder name (researchkit new never overwrites files)")
    text = _TEXT[lang]
    (folder / "transcripts").mkdir(parents=True, exist_ok=True)
    (folder / "notebooks").mkdir(exist_ok=True)
    files = {
        "README.md": text["readme"].format(name=folder.name),
        "attributes.csv": "doc_id,group,organisation,place,date,interviewer\n",
        "codebook.yaml": text["codebook"],
        "run.yaml": _run_yaml(lang),
        "notebooks/01_start.ipynb": _notebook(lang),
    }
    for name, content in files.items():
        atomic_write(folder / name, content.encode("utf-8"))
    return folder

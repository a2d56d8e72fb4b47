"""One language: descriptions in the report language, coder names in Dutch, unused codes in one line,
no "1 van 1" for a group of one."""

from __future__ import annotations

import importlib.util
import pathlib

import pandas as pd

from researchkit.codebook import Codebook
from researchkit.report import ReportInputs, build_content
from researchkit.report.chapters.theme import _description
from researchkit.report.content import iter_text
from researchkit.transcripts import Corpus, Transcript, Turn

_spec = importlib.util.spec_from_file_location("report_small", pathlib.Path(__file__).parent / "data" / "report" / "small.py")
small = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(small)


def test_unused_codes_are_one_line_and_the_csv_keeps_every_row():
    corpus, codebook, codings = small.build()
    children = [c.id for c in codebook.codes[0].children]
    codings = codings[~codings["code"].isin(children[:2])]  # two sub-themes nobody mentions
    content = build_content(ReportInputs(corpus, codebook, codings, date="2026-04-01"), dpi=40)
    for table in (t for t in content.tables if t.key.startswith("theme_")):
        zero_rows = [r for r in table.rows if r[0] and r[0] != table.key[6:] and all(cell.startswith("0 (") for cell in r[2:])]
        assert zero_rows == [], table.key
        per_code = table.data.groupby("code")["respondents"].sum()
        unused = set(per_code[per_code == 0].index) - {table.key[6:]}
        collapsed = [r for r in table.rows if r[1].startswith("Niet genoemd: ")]
        if unused:
            assert len(collapsed) == 1 and all(f"({c})" in collapsed[0][1] for c in unused)
        else:
            assert collapsed == []
    assert any(r[1].startswith("Niet genoemd: ") for t in content.tables for r in t.rows)


def test_dutch_report_names_the_rules_in_dutch():
    corpus, codebook, codings = small.build()
    content = build_content(ReportInputs(corpus, codebook, codings, date="2026-04-01"), dpi=40)
    by_source = next(t for t in content.tables if t.key == "coding_by_source")
    assert [r[1] for r in by_source.rows][0] == "zoekregels"
    assert "rules" not in " ".join(iter_text(content)).split()


def test_descriptions_follow_the_report_language():
    class Code:
        description = "Signalen in de haven"
        description_en = "Signals in the port"

    assert _description(Code(), "en") == "Signals in the port"
    assert _description(Code(), "nl") == "Signalen in de haven"
    Code.description_en = None
    assert _description(Code(), "en") == "Signalen in de haven"


def test_a_group_of_one_is_not_mostly_anything():
    texts = {f"R{i}": "R: Er stond een busje op de kade bij de haven vannacht." for i in range(1, 5)}
    corpus = Corpus([Transcript(d, t, (Turn("R", "respondent", 3, len(t)),),
                                {"group": g, "port": "Harlingen", "organisation": "X", "date": "2026-02-03"})
                     for (d, t), g in zip(texts.items(), ["politie", "politie", "politie", "bedrijfsleven"])])
    cb = Codebook.from_dict({"codes": [{"id": "SIG", "name": "Signalen"}]})
    codings = pd.DataFrame([{"doc_id": "R4", "start": 3, "end": 20, "code": "SIG", "coder": "a", "source": "manual"}])
    content = build_content(ReportInputs(corpus, cb, codings, date="2026-04-01", reidentification="off"), dpi=40)
    text = " ".join(iter_text(content))
    assert "1 van 1" not in text and "vooral door bedrijfsleven" not in text

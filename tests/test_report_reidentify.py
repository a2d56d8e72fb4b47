"""researchkit.report.reidentify: attributions that single out fewer than k respondents are coarsened."""

import doctest

import pandas as pd
import pytest

from researchkit.codebook import Codebook
from researchkit.errors import ReportError
from researchkit.report import ReportInputs
from researchkit.report import reidentify
from researchkit.report.content import Paragraph, Quote, Table, build_content
from researchkit.report.reidentify import reidentification_check
from researchkit.transcripts import Corpus, Transcript, Turn


def test_docstring_examples():
    result = doctest.testmod(reidentify, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def test_unique_combination_is_coarsened_and_a_safe_one_left():
    attrs = pd.DataFrame(
        {"organisation": ["Douane", "Douane", "Douane", "Havenmeester", "Politie", "Politie"],
         "port": ["Harlingen", "Harlingen", "Harlingen", "Lauwersoog", "Harlingen", "Delfzijl"]},
        index=["R01", "R02", "R03", "R04", "R05", "R06"])
    plan = reidentification_check(attrs, ["organisation", "port"], k=3)
    assert plan.loc["R01", "shown"] == ("organisation", "port") and not plan.loc["R01", "unsafe"]
    assert plan.loc["R01", "covered"] == 3
    # the harbour master of Lauwersoog: organisation alone covers 1, port alone 1 -> code only
    assert plan.loc["R04", "unsafe"] and plan.loc["R04", "shown"] == () and plan.loc["R04", "covered"] == 1
    # Politie in Harlingen: the port alone covers 4 respondents, so the port stays and the organisation goes
    assert plan.loc["R05", "shown"] == ("port",) and plan.loc["R05", "dropped"] == ("organisation",)
    assert plan.loc["R06", "shown"] == ()
    assert reidentification_check(attrs, ["organisation", "port"], k=1)["coarsened"].sum() == 0


@pytest.mark.parametrize("seed", range(6))
def test_each_subset_covers_the_respondents_that_share_its_values(seed):
    """covered and shown are the group sizes pandas gives for each subset of the fields (missing values are ''
    and form a group of their own)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 30))
    attrs = pd.DataFrame({f: rng.choice(["a", "b", "c", None], size=n).tolist() for f in ("org", "port", "group")},
                         index=[f"R{i:02d}" for i in range(n)])
    fields = ["org", "port", "group"][: int(rng.integers(0, 4))]
    k = int(rng.integers(1, 5))
    plan = reidentification_check(attrs, fields, k=k)
    values = attrs[fields].astype(object).where(attrs[fields].notna(), "").astype(str)
    subsets = reidentify._subsets(fields)
    size = {s: (values.groupby(list(s), sort=False)[fields[0]].transform("size") if s else pd.Series(n, index=values.index))
            for s in subsets}
    for code in attrs.index:
        expected_shown = next((s for s in subsets if int(size[s].loc[code]) >= k), ())
        assert plan.loc[code, "shown"] == expected_shown
        assert plan.loc[code, "covered"] == (int(size[tuple(fields)].loc[code]) if fields else n)
        assert plan.loc[code, "unsafe"] == (plan.loc[code, "covered"] < k)
    assert list(plan.index) == list(attrs.index)


def test_bad_k_and_fields():
    attrs = pd.DataFrame({"port": ["A"]}, index=["R01"])
    with pytest.raises(ReportError, match="RK530"):
        reidentification_check(attrs, ["port"], k=0)
    with pytest.raises(ReportError, match=r"RK530.*organisation"):
        reidentification_check(attrs, ["organisation"], k=3)


def _study(n_douane: int):
    docs = []
    for i in range(n_douane + 1):
        org, port = ("Douane", "Harlingen") if i < n_douane else ("Havenmeester", "Lauwersoog")
        said = f"Er stond een verdacht busje op de kade bij de loods nummer {i} en niemand wist van wie."
        text = "R: " + said
        docs.append(Transcript(f"D{i}", text, (Turn("R", "respondent", 3, len(text)),),
                               {"organisation": org, "port": port, "group": "haven", "date": "2026-02-03"}))
    corpus = Corpus(docs)
    codings = pd.DataFrame([{"doc_id": t.doc_id, "start": 3, "end": len(t.text), "code": "SIG", "coder": "anna",
                             "source": "manual"} for t in corpus])
    cb = Codebook.from_dict({"codes": [{"id": "SIG", "name": "Signalen"}]})
    return corpus, cb, codings


def test_report_coarsens_the_unique_respondent_and_names_the_quote():
    corpus, cb, codings = _study(3)
    content = build_content(ReportInputs(corpus, cb, codings, n_quotes=4), chapters=["SIG"])
    attributions = sorted(b.attribution for b in content.blocks if isinstance(b, Quote))
    assert attributions == ["(R01, Douane, Harlingen)", "(R02, Douane, Harlingen)", "(R03, Douane, Harlingen)", "(R04)"]
    assert any("R04" in n and "coarsened" in n and "quote" in n for n in content.notes)
    # one note for all themes (a run printed ten near-identical lines, one per theme)
    assert [n for n in content.notes if "quote" in n] == [
        "re-identification check: attribution coarsened for the quotes of 1 theme(s): theme SIG: quote 4 (R04, without "
        "organisation, port)"]
    appendix = [b for b in content.blocks if isinstance(b, Table) and b.key == "respondents"][0]
    assert ["R04", "haven", "–", "–"] in appendix.rows and ["R01", "haven", "Douane", "Harlingen"] in appendix.rows
    warned = build_content(ReportInputs(corpus, cb, codings, n_quotes=4, reidentification="warn"), chapters=["SIG"])
    assert "(R04, Havenmeester, Lauwersoog)" in [b.attribution for b in warned.blocks if isinstance(b, Quote)]
    assert any("NOT coarsened" in n for n in warned.notes)
    with pytest.raises(ReportError, match="RK530"):
        build_content(ReportInputs(corpus, cb, codings, reidentification="hide"), chapters=["SIG"])


def test_a_column_the_check_empties_for_everyone_is_left_out_of_the_respondents_appendix_and_the_text_says_why():
    corpus, cb, codings = _study(2)  # two Douane in Harlingen, one Havenmeester in Lauwersoog: k=3 hides both fields
    for lang, said in (("nl", "Organisatie en haven zijn weggelaten: in combinatie met de andere kenmerken delen minder "
                              "dan 3 respondenten die gegevens"),
                       ("en", "Organisation and port are left out: combined with the other attributes, fewer than 3 "
                              "respondents share them")):
        content = build_content(ReportInputs(corpus, cb, codings), chapters=["SIG"], language=lang)
        appendix = [b for b in content.blocks if isinstance(b, Table) and b.key == "respondents"][0]
        assert appendix.columns[1:] == ["Groep" if lang == "nl" else "Group"] and appendix.rows[0] == ["R01", "haven"]
        assert said in " ".join(b.text for b in content.blocks if isinstance(b, Paragraph))
    kept = build_content(ReportInputs(corpus, cb, codings, reidentification="off"), chapters=["SIG"])
    appendix = [b for b in content.blocks if isinstance(b, Table) and b.key == "respondents"][0]
    assert len([b for b in kept.blocks if isinstance(b, Table) and b.key == "respondents"][0].columns) == 4
    assert len(appendix.columns) == 2

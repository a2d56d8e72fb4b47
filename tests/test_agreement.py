"""Tests for researchkit.agreement: coefficients pinned to published examples, and the agreement table."""

from __future__ import annotations

import warnings

import krippendorff
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from researchkit.agreement import (
    OVERALL,
    Tallies,
    agreement,
    binary_coefficients,
    bootstrap_ci,
    brennan_prediger,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
)
from researchkit.agreement.presence import character_tallies, doc_offsets
from researchkit.errors import AgreementError, AgreementWarning, ResearchkitError
from researchkit.transcripts import Corpus, Transcript, Turn

nan = np.nan

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C (4 coders x 12 units)
K2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
]

# Wikipedia "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories
FLEISS_WIKI = [
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
]

# Wikipedia "Cohen's kappa", 50 proposals: 20 yes/yes, 5 yes(A)/no(B), 10 no(A)/yes(B), 15 no/no
WIKI_A = ["yes"] * 25 + ["no"] * 25
WIKI_B = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15


# --------------------------------------------------------------------------- coefficients


@pytest.mark.parametrize(
    "level, expected", [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)]
)
def test_krippendorff_2011_computing_example(level, expected):
    assert round(krippendorff_alpha(K2011, level=level), 3) == expected


def test_krippendorff_nominal_on_text_values_matches_numbers():
    labels = {1: "a", 2: "b", 3: "c", 4: "d", 5: "e"}
    text = [[labels[v] if v == v else None for v in row] for row in K2011]
    assert round(krippendorff_alpha(text, level="nominal"), 3) == 0.743


def test_krippendorff_ordinal_text_needs_value_domain():
    with pytest.raises(AgreementError, match="RK407"):
        krippendorff_alpha([["low", "high"], ["low", "low"]], level="ordinal")
    value = krippendorff_alpha([["low", "high", "mid"], ["low", "high", "high"]], level="ordinal",
                               value_domain=["low", "mid", "high"])
    assert -1 <= value <= 1


def test_krippendorff_unknown_level():
    with pytest.raises(AgreementError, match="nominal, ordinal, interval, ratio"):
        krippendorff_alpha(K2011, level="cardinal")


def test_cohen_kappa_wikipedia_example():
    assert cohen_kappa(WIKI_A, WIKI_B) == pytest.approx(0.4)
    assert percent_agreement([WIKI_A, WIKI_B]) == pytest.approx(0.7)


def test_cohen_kappa_cohen_1960_style_three_categories():
    # Sim & Wright (2005) / Cohen (1960) style 3x3 table; cross-checked with scikit-learn by construction
    table = np.array([[22, 2, 2], [4, 7, 2], [2, 3, 6]])
    a, b = [], []
    for i in range(3):
        for j in range(3):
            a += [i] * table[i, j]
            b += [j] * table[i, j]
    po = np.trace(table) / table.sum()
    pe = (table.sum(1) * table.sum(0)).sum() / table.sum() ** 2
    assert cohen_kappa(a, b) == pytest.approx((po - pe) / (1 - pe))


def test_cohen_kappa_drops_missing_and_checks_lengths():
    assert cohen_kappa(WIKI_A + [None], WIKI_B + ["yes"]) == pytest.approx(0.4)
    with pytest.raises(AgreementError, match="differ in length"):
        cohen_kappa([1, 2], [1])


def test_brennan_prediger():
    assert brennan_prediger(WIKI_A, WIKI_B) == pytest.approx(0.4)
    # with 4 possible categories chance agreement is 1/4
    assert brennan_prediger(WIKI_A, WIKI_B, n_categories=4) == pytest.approx((0.7 - 0.25) / 0.75)
    with pytest.raises(AgreementError, match="RK407"):
        brennan_prediger([1, 1], [1, 1], n_categories=1)


def test_fleiss_kappa_wikipedia_example():
    assert fleiss_kappa(FLEISS_WIKI) == pytest.approx(0.2099, abs=5e-5)


def test_fleiss_kappa_unequal_raters_is_an_error():
    with pytest.raises(AgreementError, match="same number of raters"):
        fleiss_kappa([[1, 2], [2, 2]])


@pytest.mark.parametrize("fn", [lambda: cohen_kappa([1, 1, 1], [1, 1, 1]),
                                lambda: fleiss_kappa([[3, 0], [3, 0]]),
                                lambda: krippendorff_alpha([[1, 1, 1], [1, 1, 1]])])
def test_no_variation_is_nan_with_a_reason_never_one(fn):
    with pytest.warns(AgreementWarning, match="no variation"):
        value = fn()
    assert np.isnan(value)


def test_single_coder_is_an_error():
    with pytest.raises(AgreementError, match="RK402"):
        krippendorff_alpha([[1, 2, 3]])
    with pytest.raises(AgreementError, match="RK402"):
        percent_agreement([[1, 2, 3]])


def test_percent_agreement_skips_units_with_one_rating():
    assert percent_agreement([[1, 2, nan, 1], [1, 3, 2, nan], [1, nan, nan, nan]]) == pytest.approx(0.5)


def test_bootstrap_ci_is_deterministic_and_brackets_the_estimate():
    rng = np.random.default_rng(3)
    truth = rng.integers(0, 3, 200)
    other = np.where(rng.random(200) < 0.8, truth, rng.integers(0, 3, 200))
    data = np.vstack([truth, other]).astype(float)
    first = bootstrap_ci(data, "alpha", n_boot=300, seed=7)
    assert first == bootstrap_ci(data, "alpha", n_boot=300, seed=7)
    est, lo, hi = first
    assert lo < est < hi and hi - lo < 0.3
    assert bootstrap_ci(data, "alpha", n_boot=300, seed=8) != first
    est_k, lo_k, hi_k = bootstrap_ci(data, "cohen_kappa", n_boot=300, seed=7)
    assert est_k == pytest.approx(cohen_kappa_score(truth, other)) and lo_k < est_k < hi_k
    with pytest.raises(AgreementError, match="unknown coefficient"):
        bootstrap_ci(data, "gamma")


@pytest.mark.parametrize("m", [2, 3, 5])
def test_binary_closed_forms_equal_the_libraries(m):
    rng = np.random.default_rng(m)
    n_units, n_codes = 300, 6
    truth = rng.random((n_units, n_codes)) < rng.uniform(0.05, 0.5, n_codes)
    mats = [truth ^ (rng.random(truth.shape) < 0.1) for _ in range(m)]
    k = np.sum(mats, axis=0)
    tallies = Tallies(
        n=np.full(n_codes, float(n_units)),
        marginals=np.stack([x.sum(0) for x in mats]).astype(float),
        hist=np.stack([(k == j).sum(0) for j in range(m + 1)]).astype(float),
    )
    coef = binary_coefficients(tallies)
    for c in range(n_codes):
        data = np.vstack([x[:, c] for x in mats]).astype(float)
        assert coef["alpha"][c] == pytest.approx(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
        counts = np.stack([m - k[:, c], k[:, c]], axis=1)
        assert coef["fleiss_kappa"][c] == pytest.approx(fleiss_kappa(counts))
        assert coef["percent_agreement"][c] == pytest.approx(percent_agreement(data))
        if m == 2:
            assert coef["cohen_kappa"][c] == pytest.approx(cohen_kappa_score(mats[0][:, c], mats[1][:, c]))
            assert coef["brennan_prediger"][c] == pytest.approx(brennan_prediger(data[0], data[1], n_categories=2))


# --------------------------------------------------------------------------- fixtures for the table

R01_TURNS = [
    ("I", "interviewer", "Hoe gaat het in de haven?"),
    ("R", "respondent", "Er komen veel schepen binnen. Soms zien we drugs. De douane weet dat."),
    ("I", "interviewer", "En de politie?"),
    ("R", "respondent", "Die werkt goed samen met ons. We bellen vaak."),
]
R02_TURNS = [
    ("I", "interviewer", "Wat ziet u 's nachts?"),
    ("R", "respondent", "Boten zonder licht. Niemand meldt het."),
]


def make_transcript(doc_id: str, turns) -> Transcript:
    text, spans = "", []
    for label, role, content in turns:
        text += f"{label}: "
        spans.append(Turn(label, role, len(text), len(text) + len(content)))
        text += content + "\n"
    return Transcript(doc_id, text.rstrip("\n"), turns=tuple(spans))


@pytest.fixture()
def corpus() -> Corpus:
    return Corpus([make_transcript("R01", R01_TURNS), make_transcript("R02", R02_TURNS)])


def span(corpus: Corpus, doc_id: str, phrase: str) -> tuple[int, int]:
    text = corpus[doc_id].text
    start = text.index(phrase)
    return start, start + len(phrase)


def codings_from(corpus: Corpus, items) -> pd.DataFrame:
    rows = []
    for doc_id, phrase, code, coder in items:
        s, e = span(corpus, doc_id, phrase)
        rows.append({"doc_id": doc_id, "start": s, "end": e, "code": code, "coder": coder, "source": "manual",
                     "text": corpus[doc_id].text[s:e]})
    return pd.DataFrame(rows)


@pytest.fixture()
def codings(corpus) -> pd.DataFrame:
    return codings_from(corpus, [
        ("R01", "Soms zien we drugs.", "DRUGS", "ann"),
        ("R01", "zien we drugs", "DRUGS", "bob"),                  # partial overlap marks the sentence
        ("R01", "De douane weet dat.", "PARTNER", "ann"),
        ("R01", "Die werkt goed samen met ons. We bellen", "SAMEN", "ann"),  # spans two sentences
        ("R01", "Die werkt goed samen met ons.", "SAMEN", "bob"),
        ("R01", "De douane", "PARTNER", "bob"),
        ("R02", "Boten zonder licht.", "SIGNAAL", "ann"),
        ("R02", "Niemand meldt het.", "SIGNAAL", "bob"),
        ("R02", "Boten zonder licht.", "DRUGS", "bob"),
    ])


def row(table: pd.DataFrame, code: str) -> pd.Series:
    return table.set_index("code").loc[code]


# --------------------------------------------------------------------------- the table


def test_sentence_table_counts_every_unit_coded_or_not(corpus, codings):
    table = agreement(codings, coders=["ann", "bob"], corpus=corpus, unit="sentence")
    assert table.attrs["unit"] == "sentence" and (table["unit"] == "sentence").all()
    assert table["code"].tolist() == ["DRUGS", "PARTNER", "SAMEN", "SIGNAAL", OVERALL]
    # R01: 1 + 3 + 1 + 2 sentences, R02: 1 + 2 sentences = 10 units
    assert (table["n_units"] == 10).all()
    drugs = row(table, "DRUGS")
    assert (drugs.n_ann, drugs.n_bob, drugs.both, drugs.neither) == (1, 2, 1, 8)
    assert drugs.percent_agreement == pytest.approx(0.9)
    samen = row(table, "SAMEN")
    assert (samen.n_ann, samen.n_bob, samen.both, samen.neither) == (2, 1, 1, 8)
    signaal = row(table, "SIGNAAL")
    assert (signaal.both, signaal.neither) == (0, 8)
    partner = row(table, "PARTNER")
    assert partner.cohen_kappa == pytest.approx(1.0) and partner.alpha == pytest.approx(1.0)


def test_table_coefficients_equal_library_on_the_presence_vectors(corpus, codings):
    from researchkit.units import units

    u = units(corpus, "sentence")
    table = agreement(codings, coders=["ann", "bob"], corpus=corpus)
    for code in ["DRUGS", "SAMEN", "SIGNAAL"]:
        vec = {}
        for coder in ["ann", "bob"]:
            sub = codings[(codings.coder == coder) & (codings.code == code)]
            vec[coder] = np.array([
                any(r.doc_id == d and r.start < e and s < r.end for r in sub.itertuples())
                for d, s, e in zip(u.doc_id, u.start, u.end)
            ])
        r = row(table, code)
        assert r.cohen_kappa == pytest.approx(cohen_kappa_score(vec["ann"], vec["bob"]))
        assert r.alpha == pytest.approx(krippendorff.alpha(np.vstack([vec["ann"], vec["bob"]]).astype(float),
                                                           level_of_measurement="nominal"))


def test_overall_row_definition(corpus, codings):
    table = agreement(codings, coders=["ann", "bob"], corpus=corpus)
    per_code, overall = table.iloc[:-1], row(table, OVERALL)
    assert overall.percent_agreement == pytest.approx(per_code.percent_agreement.mean())
    assert overall.cohen_kappa == pytest.approx(per_code.cohen_kappa.mean())
    # pooled alpha over unit x code decisions
    n, c = 10, len(per_code)
    t = Tallies(n=np.array([float(n * c)]),
                marginals=np.array([[per_code.n_ann.sum()], [per_code.n_bob.sum()]], dtype=float),
                hist=np.array([[per_code.neither.sum()], [n * c - per_code.neither.sum() - per_code.both.sum()],
                               [per_code.both.sum()]], dtype=float))
    assert overall.alpha == pytest.approx(binary_coefficients(t)["alpha"][0])
    # units with any code: ann marked 5 sentences, bob 5 (drugs x2, partner, samen, signaal)
    assert (overall.n_ann, overall.n_bob, overall.neither) == (5, 5, 4)
    assert "pooled" in overall.note and "mean" in overall.note


@pytest.mark.parametrize("unit, n_units", [("turn", 6), ("paragraph", 6), ("document", 2)])
def test_other_units(corpus, codings, unit, n_units):
    table = agreement(codings, coders=["ann", "bob"], corpus=corpus, unit=unit)
    assert (table["n_units"] == n_units).all()
    if unit == "document":
        drugs = row(table, "DRUGS")
        assert (drugs.n_ann, drugs.n_bob, drugs.both, drugs.neither) == (1, 2, 1, 0)
        signaal = row(table, "SIGNAAL")
        assert (signaal.both, signaal.neither) == (1, 1) and signaal.percent_agreement == 1.0
    if unit == "turn":
        # both SIGNAAL codings fall in R02's one respondent turn: full agreement
        assert row(table, "SIGNAAL").both == 1


def test_character_unit_matches_a_per_character_count(corpus, codings):
    table = agreement(codings, coders=["ann", "bob"], corpus=corpus, unit="character")
    n_chars = sum(len(t.text) for t in corpus)
    assert (table["n_units"] == n_chars).all()
    for code in ["DRUGS", "SAMEN", "SIGNAAL", "PARTNER"]:
        marks = {}
        for coder in ["ann", "bob"]:
            vec = []
            for t in corpus:
                v = np.zeros(len(t.text), bool)
                for r in codings[(codings.coder == coder) & (codings.code == code) & (codings.doc_id == t.doc_id)].itertuples():
                    v[r.start:r.end] = True
                vec.append(v)
            marks[coder] = np.concatenate(vec)
        r = row(table, code)
        a, b = marks["ann"], marks["bob"]
        assert (r.n_ann, r.n_bob, r.both, r.neither) == (a.sum(), b.sum(), (a & b).sum(), (~a & ~b).sum())
        assert r.cohen_kappa == pytest.approx(cohen_kappa_score(a, b))


def test_character_tallies_random_against_brute_force():
    rng = np.random.default_rng(11)
    texts = {"a": "x" * 300, "b": "y" * 200}
    rows = []
    for _ in range(120):
        d = rng.choice(["a", "b"])
        s = int(rng.integers(0, len(texts[d]) - 1))
        e = int(rng.integers(s + 1, min(len(texts[d]), s + 60) + 1))
        rows.append((d, s, e, rng.choice(["P", "Q"]), rng.choice(["u", "v", "w"])))
    codings = pd.DataFrame(rows, columns=["doc_id", "start", "end", "code", "coder"])
    base = doc_offsets(texts, ["a", "b"])
    # universe: doc a minus [100, 150), all of doc b
    universe = (np.array([0, 150, base["b"]]), np.array([100, 300, base["b"] + 200]))
    t = character_tallies(codings, coders=["u", "v", "w"], codes=["P", "Q"], universe=universe, doc_base=base)
    inside = np.zeros(base["b"] + 200, bool)
    for s, e in zip(*universe):
        inside[s:e] = True
    for ci, code in enumerate(["P", "Q"]):
        cover = []
        for coder in ["u", "v", "w"]:
            v = np.zeros(len(inside), bool)
            for r in codings[(codings.code == code) & (codings.coder == coder)].itertuples():
                v[base[r.doc_id] + r.start: base[r.doc_id] + r.end] = True
            cover.append(v[inside])
        k = np.sum(cover, axis=0)
        assert t.hist[:, ci].tolist() == [float((k == j).sum()) for j in range(4)]
        assert t.marginals[:, ci].tolist() == [float(v.sum()) for v in cover]
        assert t.n[ci] == inside.sum()


def test_three_coders_use_fleiss(corpus, codings):
    extra = codings_from(corpus, [("R01", "Soms zien we drugs.", "DRUGS", "cas"), ("R02", "Niemand", "SIGNAAL", "cas")])
    table = agreement(pd.concat([codings, extra]), coders=["ann", "bob", "cas"], corpus=corpus)
    assert "fleiss_kappa" in table and "cohen_kappa" not in table
    assert {"all", "none", "n_cas"} <= set(table.columns)
    drugs = row(table, "DRUGS")
    # sentences: "Soms zien we drugs." by all three; "Boten zonder licht." by bob only
    counts = np.array([[3, 0]] * 8 + [[0, 3], [2, 1]])
    assert drugs.fleiss_kappa == pytest.approx(fleiss_kappa(counts))
    assert drugs["all"] == 1


def test_identical_codings_give_one_but_no_variation_gives_nan(corpus):
    same = codings_from(corpus, [("R01", "Soms zien we drugs.", "DRUGS", c) for c in ("ann", "bob")])
    table = agreement(same, coders=["ann", "bob"], corpus=corpus, codes=["DRUGS", "UNUSED"], documents="all")
    assert row(table, "DRUGS").cohen_kappa == pytest.approx(1.0)
    unused = row(table, "UNUSED")
    assert np.isnan(unused.cohen_kappa) and np.isnan(unused.alpha)
    assert unused.neither == unused.n_units
    assert "no variation: all 10 units uncoded by all coders" in unused.note
    everything = pd.DataFrame([
        {"doc_id": d, "start": 0, "end": len(corpus[d].text), "code": "ALL", "coder": c, "source": "manual"}
        for d in ("R01", "R02") for c in ("ann", "bob")
    ])
    r = row(agreement(everything, coders=["ann", "bob"], corpus=corpus), "ALL")
    assert np.isnan(r.cohen_kappa) and np.isnan(r.alpha) and "coded by every coder" in r.note


def test_one_sided_code_has_kappa_zero_and_a_note(corpus, codings):
    extra = codings_from(corpus, [("R01", "We bellen vaak.", "ONLY_ANN", "ann")])
    table = agreement(pd.concat([codings, extra]), coders=["ann", "bob"], corpus=corpus)
    r = row(table, "ONLY_ANN")
    assert r.cohen_kappa == pytest.approx(0.0) and "never used by bob" in r.note


def test_unknown_and_single_coders(corpus, codings):
    with pytest.raises(AgreementError, match=r"RK401.*'zoe'.*ann \(4 codings\), bob \(5 codings\)"):
        agreement(codings, coders=["ann", "zoe"], corpus=corpus)
    with pytest.raises(AgreementError, match="RK402"):
        agreement(codings, coders=["ann"], corpus=corpus)
    with pytest.raises(AgreementError, match="RK402"):
        agreement(codings, coders=["ann", "ann"], corpus=corpus)


def test_codings_outside_the_corpus(corpus, codings):
    bad = pd.concat([codings, pd.DataFrame([
        {"doc_id": "R99", "start": 0, "end": 3, "code": "X", "coder": "ann", "source": "manual"},
        {"doc_id": "R01", "start": 5, "end": 9999, "code": "X", "coder": "bob", "source": "manual"},
    ])], ignore_index=True)
    with pytest.raises(AgreementError) as info:
        agreement(bad, coders=["ann", "bob"], corpus=corpus)
    msg = str(info.value)
    assert "RK403" in msg and "row 9: doc_id='R99'" in msg and "row 10: end=9999" in msg


def test_unknown_unit(corpus, codings):
    with pytest.raises(AgreementError, match="did you mean 'sentence'"):
        agreement(codings, coders=["ann", "bob"], corpus=corpus, unit="sentences")


def test_documents_coded_by_only_some_coders_are_left_out_with_a_warning(corpus, codings):
    only_ann = codings[~((codings.doc_id == "R02") & (codings.coder == "bob"))]
    with pytest.warns(AgreementWarning, match="R02"):
        table = agreement(only_ann, coders=["ann", "bob"], corpus=corpus)
    assert table.attrs["documents"] == ["R01"] and table.attrs["excluded_documents"] == ["R02"]
    assert (table.n_units == 7).all()
    table_all = agreement(only_ann, coders=["ann", "bob"], corpus=corpus, documents="all")
    assert (table_all.n_units == 10).all()
    with pytest.raises(AgreementError, match="RK403"):
        agreement(codings, coders=["ann", "bob"], corpus=corpus, documents=["R07"])


def test_documents_without_text_and_uncoded_labels(codings):
    corpus = Corpus([make_transcript("R01", R01_TURNS), make_transcript("R02", R02_TURNS), Transcript("R03", "")])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        agreement(codings, coders=["ann", "bob"], corpus=corpus)  # R03 not coded: not compared, no warning
    with pytest.warns(AgreementWarning, match="without text"):
        table = agreement(codings, coders=["ann", "bob"], corpus=corpus, documents="all")
    assert "R03" in row(table, OVERALL).note
    # a coding that covers only a speaker label marks no sentence: counted nowhere, but reported
    label = pd.DataFrame([{"doc_id": "R01", "start": 0, "end": 2, "code": "DRUGS", "coder": "ann", "source": "manual"}])
    with pytest.warns(AgreementWarning, match=r"RK406.*1 coding\(s\) overlap no sentence unit"):
        agreement(pd.concat([codings, label]), coders=["ann", "bob"], corpus=corpus)


def test_roles_restrict_the_units(corpus, codings):
    table = agreement(codings, coders=["ann", "bob"], corpus=corpus, roles="respondent")
    assert (table.n_units == 7).all()
    char = agreement(codings, coders=["ann", "bob"], corpus=corpus, unit="character", roles=["respondent"])
    respondent_chars = sum(t.end - t.start for doc in corpus for t in doc.turns if t.role == "respondent")
    assert (char.n_units == respondent_chars).all()


def test_precomputed_units_and_code_selection(corpus, codings):
    from researchkit.units import units

    u = units(corpus, "turn")
    a = agreement(codings, coders=["ann", "bob"], corpus=corpus, unit="turn", units=u, codes=["SAMEN", "DRUGS"])
    b = agreement(codings, coders=["ann", "bob"], corpus=corpus, unit="turn", codes=["SAMEN", "DRUGS"])
    pd.testing.assert_frame_equal(a, b)
    assert a.code.tolist() == ["SAMEN", "DRUGS", OVERALL]


def test_bootstrap_columns_are_deterministic(corpus, codings):
    t1 = agreement(codings, coders=["ann", "bob"], corpus=corpus, ci=0.9, n_boot=200, seed=1)
    t2 = agreement(codings, coders=["ann", "bob"], corpus=corpus, ci=0.9, n_boot=200, seed=1)
    pd.testing.assert_frame_equal(t1, t2)
    cols = list(t1.columns)
    assert cols.index("cohen_kappa_low") == cols.index("cohen_kappa") + 1 and cols[-1] == "note"
    ok = t1.cohen_kappa.notna()
    assert (t1.cohen_kappa_low[ok] <= t1.cohen_kappa_high[ok]).all()
    assert "bootstrap" in row(t1, OVERALL).note
    docs = agreement(codings, coders=["ann", "bob"], corpus=corpus, ci=0.9, n_boot=100, resample="documents")
    assert "documents resampled" in row(docs, OVERALL).note
    with pytest.raises(AgreementError, match="not independent"):
        agreement(codings, coders=["ann", "bob"], corpus=corpus, unit="character", ci=0.9, resample="units")
    chars = agreement(codings, coders=["ann", "bob"], corpus=corpus, unit="character", ci=0.9, n_boot=50)
    assert "alpha_low" in chars


def test_bootstrap_ci_vectorised_matches_a_slow_loop():
    rng = np.random.default_rng(5)
    n = 60
    a = rng.random((n, 2)) < 0.3
    b = a ^ (rng.random((n, 2)) < 0.15)
    from researchkit.agreement.presence import tallies_from_matrices

    w = np.zeros((3, n), np.float32)
    idx = [rng.integers(0, n, n) for _ in range(3)]
    for r, ix in enumerate(idx):
        np.add.at(w[r], ix, 1)
    rep = binary_coefficients(tallies_from_matrices([a, b], weights=w))
    for r, ix in enumerate(idx):
        for c in range(2):
            assert rep["cohen_kappa"][r, c] == pytest.approx(cohen_kappa_score(a[ix, c], b[ix, c]))


def test_errors_are_researchkit_errors(corpus, codings):
    with pytest.raises(ResearchkitError):
        agreement(codings.drop(columns=["coder"]), coders=["ann", "bob"], corpus=corpus)


def test_codings_without_a_code_are_an_error(corpus, codings):
    bad = codings.copy()
    bad.loc[2, "code"] = None
    with pytest.raises(AgreementError, match=r"RK403.*no code or no doc_id: rows 2"):
        agreement(bad, coders=["ann", "bob"], corpus=corpus)


@pytest.mark.parametrize("name", [
    "researchkit.agreement", "researchkit.agreement.coefficients", "researchkit.agreement.presence",
    "researchkit.agreement.table", "researchkit.agreement.disagreements", "researchkit.cli.agreement",
    "researchkit.suggest", "researchkit.suggest.data", "researchkit.suggest.model", "researchkit.suggest.evaluate",
    "researchkit.cli.suggest",
])
def test_docstring_examples(name):
    import doctest
    import importlib

    module = importlib.import_module(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AgreementWarning)
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def test_public_functions_follow_the_api_conventions():
    import inspect

    import researchkit.agreement as ag
    import researchkit.suggest as sg

    for func in [ag.agreement, ag.disagreements, ag.adjudicate, sg.train, sg.evaluate_suggestions, sg.learning_curve,
                 sg.compare_backends, ag.krippendorff_alpha, ag.fleiss_kappa, ag.bootstrap_ci]:
        doc = inspect.getdoc(func)
        assert doc and "Examples" in doc and ">>>" in doc, func.__name__
        params = list(inspect.signature(func).parameters.values())
        n_data = 2 if func.__name__ in ("adjudicate", "train", "evaluate_suggestions", "learning_curve",
                                         "compare_backends") else 1
        assert all(p.kind is p.KEYWORD_ONLY for p in params[n_data:] if p.kind is not p.VAR_KEYWORD
                   and p.name not in ("coefficient", "level")), func.__name__
        assert all(p.annotation is not p.empty for p in params), func.__name__


def test_krippendorff_package_documented_example():
    # the krippendorff package's own doctest data (3 coders x 15 units)
    data = [[nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
            [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
            [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4]]
    assert krippendorff_alpha(data, level="nominal") == pytest.approx(0.691358, abs=1e-6)
    assert krippendorff_alpha(data, level="interval") == pytest.approx(0.810845, abs=1e-6)

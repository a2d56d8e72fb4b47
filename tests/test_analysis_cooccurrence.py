"""Co-occurrence: hand-counted examples, symmetry/completeness, and agreement with a naive loop."""

import itertools

import numpy as np
import pandas as pd
import pytest

from researchkit.analysis import cooccurrence, cooccurrence_matrix
from researchkit.errors import AnalysisError, AnalysisWarning

def pair(table, a, b):
    r = table[(table["code_a"] == a) & (table["code_b"] == b)]
    assert len(r) == 1
    return r.iloc[0]


def test_sentence_units_by_hand(data):
    corpus, codings, _ = data
    out = cooccurrence(codings, corpus, unit="sentence")
    # ACT.DOU: R1 s1, R2 s1; ACT.POL: R1 s1, R4 s2 -> together once
    r = pair(out, "ACT.DOU", "ACT.POL")
    assert (r["n_a"], r["n_b"], r["count"]) == (2, 2, 1)
    assert r["jaccard"] == pytest.approx(1 / 3) and r["c"] == pytest.approx(1 / 3)
    r = pair(out, "ACT.DOU", "SAM.1")
    assert (r["count"], r["c"]) == (1, 0.5)
    assert pair(out, "FEN.DRU", "VERM.1")["count"] == 1
    assert pair(out, "FEN.DRU", "ACT.DOU")["count"] == 0
    r = pair(out, "VERM.5", "VERM.5")
    assert (r["count"], r["jaccard"], r["c"]) == (1, 1.0, 1.0)


def test_document_and_turn_units_by_hand(data):
    corpus, codings, _ = data
    doc = cooccurrence(codings, unit="document")  # no corpus needed
    r = pair(doc, "ACT.DOU", "FEN.DRU")  # R1 and R2 hold both
    assert (r["n_a"], r["n_b"], r["count"], r["c"]) == (2, 2, 2, 1.0)
    r = pair(doc, "ACT.POL", "VERM.1")  # R1 and R4
    assert (r["count"], r["jaccard"]) == (2, 1.0)
    turn = cooccurrence(codings, corpus, unit="turn")
    assert pair(turn, "ACT.DOU", "FEN.DRU")["count"] == 2
    assert pair(turn, "GEL.1", "VERM.5")["count"] == 1


def test_symmetric_and_complete(data):
    corpus, codings, _ = data
    out = cooccurrence(codings, corpus, unit="sentence")
    k = codings["code"].nunique()
    assert len(out) == k * k
    for value in ("count", "jaccard", "c"):
        m = cooccurrence_matrix(out, value=value).to_numpy(dtype=float)
        assert np.allclose(m, m.T, equal_nan=True)
    m = cooccurrence_matrix(out)
    assert list(m.index) == sorted(codings["code"].unique())


def test_level_and_codes(data):
    corpus, codings, cb = data
    out = cooccurrence(codings, corpus, unit="sentence", level=1, codebook=cb)
    assert list(dict.fromkeys(out["code_a"])) == ["SIG", "VERM", "FEN", "INFO", "SAM", "GEL", "ACT"]
    # FEN (R1 s2, R2 s2, R4 s1) with VERM (R1 s2, R3 s1, R4 s1): 2 sentences
    r = pair(out, "FEN", "VERM")
    assert (r["n_a"], r["n_b"], r["count"], r["c"]) == (3, 3, 2, 0.5)
    sub = cooccurrence(codings, corpus, unit="sentence", codes=["VERM.1", "FEN.DRU", "FEN.MSM"])
    assert list(dict.fromkeys(sub["code_a"])) == ["VERM.1", "FEN.DRU", "FEN.MSM"]
    r = pair(sub, "FEN.MSM", "FEN.MSM")
    assert r["n_a"] == 0 and np.isnan(r["c"])


def test_overlap_by_hand():
    codings = pd.DataFrame(
        [("d1", 0, 10, "A"), ("d1", 5, 15, "B"), ("d1", 8, 12, "B"), ("d1", 20, 30, "C"),
         ("d2", 0, 5, "A"), ("d2", 3, 8, "C")],
        columns=["doc_id", "start", "end", "code"],
    )
    out = cooccurrence(codings, unit="overlap")
    r = pair(out, "A", "B")  # A[0,10) overlaps both B's
    assert (r["n_a"], r["n_b"], r["count"], r["c"]) == (2, 2, 2, 1.0)
    # characters: A = 10 + 5, B = [5,15) = 10, shared [5,10) = 5 -> 5 / 20
    assert r["jaccard"] == pytest.approx(0.25)
    r = pair(out, "A", "C")  # d2 only; shared chars [3,5) = 2 of 15 + 15 - 2
    assert (r["count"], r["c"]) == (1, pytest.approx(1 / 3))
    assert r["jaccard"] == pytest.approx(2 / 28)
    r = pair(out, "B", "C")
    assert (r["count"], r["c"], r["jaccard"]) == (0, 0.0, 0.0)


def test_overlap_c_can_exceed_one_like_atlas():
    codings = pd.DataFrame([("d", 0, 10, "A"), ("d", 0, 3, "B"), ("d", 5, 8, "B")], columns=["doc_id", "start", "end", "code"])
    r = pair(cooccurrence(codings, unit="overlap"), "A", "B")
    assert (r["count"], r["c"]) == (2, 2.0)
    assert r["jaccard"] == pytest.approx(6 / 10)


def test_touching_spans_do_not_overlap():
    codings = pd.DataFrame([("d", 0, 5, "A"), ("d", 5, 9, "B")], columns=["doc_id", "start", "end", "code"])
    assert pair(cooccurrence(codings, unit="overlap"), "A", "B")["count"] == 0


def test_coding_outside_every_unit_is_kept(data):
    corpus, codings, _ = data
    label = codings.head(1).assign(start=0, end=2, code="LABEL", text="I:")  # on R1's speaker label
    out = cooccurrence(pd.concat([codings, label], ignore_index=True), corpus, unit="turn")
    r = pair(out, "LABEL", "LABEL")
    assert r["n_a"] == 1
    assert out[(out["code_a"] == "LABEL") & (out["code_b"] != "LABEL")]["count"].sum() == 0


def _naive(codings, unit):
    codes = sorted(codings["code"].unique())
    counts = {(a, b): 0 for a in codes for b in codes}
    if unit == "document":
        for _, g in codings.groupby("doc_id"):
            present = set(g["code"])
            for a in present:
                for b in present:
                    counts[(a, b)] += 1
    else:
        n = codings["code"].value_counts()
        for a in codes:
            counts[(a, a)] = int(n[a])
        for _, g in codings.groupby("doc_id"):
            rows = list(g.itertuples(index=False))
            for x, y in itertools.combinations(rows, 2):
                if x.code != y.code and x.start < y.end and y.start < x.end:
                    counts[(x.code, y.code)] += 1
                    counts[(y.code, x.code)] += 1
    return counts


@pytest.mark.parametrize("unit", ["document", "overlap"])
def test_vectorised_equals_naive_loop(unit):
    rng = np.random.default_rng(7)
    n = 400
    starts = rng.integers(0, 300, n)
    codings = pd.DataFrame({
        "doc_id": rng.choice(["a", "b", "c", "d", "e"], n),
        "start": starts,
        "end": starts + rng.integers(1, 40, n),
        "code": rng.choice(["K1", "K2", "K3", "K4", "K5", "K6"], n),
    })
    out = cooccurrence(codings, unit=unit)
    expected = _naive(codings, unit)
    got = {(a, b): c for a, b, c in zip(out["code_a"], out["code_b"], out["count"])}
    assert got == expected


def test_options_are_checked(data):
    corpus, codings, _ = data
    with pytest.raises(AnalysisError, match="RK504.*'word'"):
        cooccurrence(codings, corpus, unit="word")
    with pytest.raises(AnalysisError, match="RK505"):
        cooccurrence(codings, unit="sentence")
    with pytest.raises(AnalysisError, match="RK504"):
        cooccurrence_matrix(cooccurrence(codings, unit="document"), value="lift")


# --------------------------------------------------------------------------- counting per speaker (focus groups)


def test_per_speaker_codes_co_occur_only_in_one_participants_words(focus_partners):
    corpus, codings = focus_partners
    per_doc = cooccurrence(codings, corpus, unit="document")
    # per document the focus group is one unit: every two of its codes co-occur, the moderator's too
    r = pair(per_doc, "ACT.DOU", "ACT.KMAR")
    assert (r["n_a"], r["n_b"], r["count"]) == (3, 3, 3)
    assert pair(per_doc, "ACT.KMAR", "ACT.HAV")["count"] == 1 and pair(per_doc, "ACT.DOU", "SAM.1")["count"] == 1
    with pytest.warns(AnalysisWarning, match=r"3 coding\(s\) lie on no respondent's turn .*\(F1: 3\)"):
        out = cooccurrence(codings, corpus, unit="document", per="speaker")
    # customs: participants 1, 2 and 3, R1 and the unlabelled note N1; the KMar: all of them but participant 2
    r = pair(out, "ACT.DOU", "ACT.KMAR")
    assert (r["n_a"], r["n_b"], r["count"], r["c"]) == (5, 4, 4, 0.8)
    assert pair(out, "ACT.DOU", "ACT.HAV")["count"] == 1  # participant 2, in two turns of theirs
    assert pair(out, "ACT.KMAR", "ACT.HAV")["count"] == 0  # the KMar is in other participants' words
    assert pair(out, "SAM.1", "SAM.1")["n_a"] == 0  # only the moderator said it: listed, not counted
    start = corpus["F1"].text.index("Werken")
    assert out.attrs["unattributed"] == [("F1", start, start + 45, c) for c in ("ACT.DOU", "ACT.KMAR", "SAM.1")]


@pytest.mark.parametrize("unit", ["sentence", "turn", "overlap"])
def test_per_speaker_the_moderators_words_do_not_count(focus_partners, unit):
    corpus, codings = focus_partners
    # the moderator's question, participants 1 and 3, R1, N1 per document; without the question per speaker
    assert pair(cooccurrence(codings, corpus, unit=unit), "ACT.DOU", "ACT.KMAR")["count"] == 5
    with pytest.warns(AnalysisWarning, match=r"3 coding\(s\)"):
        out = cooccurrence(codings, corpus, unit=unit, per="speaker")
    assert pair(out, "ACT.DOU", "ACT.KMAR")["count"] == 4
    assert pair(out, "ACT.DOU", "ACT.HAV")["count"] == 0  # participant 2's two turns are two units


def test_per_is_checked(focus_partners):
    corpus, codings = focus_partners
    with pytest.raises(AnalysisError, match="RK504.*per='turn'"):
        cooccurrence(codings, corpus, per="turn")
    with pytest.raises(AnalysisError, match="corpus"):
        cooccurrence(codings, unit="document", per="speaker")

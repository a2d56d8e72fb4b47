"""Quotes: passages with speaker/position/context, typicality and the representative choice.

Hand computation for the quote corpus below (content words after stop words):
p1 "De kade is open."                          {kade, open}
p2 "Iedereen kan op de kade komen."            {iedereen, kade, komen}
p3 "De kade is 's nachts open en er is geen hek." {kade, nachts, open, hek}
p4 "Het hek staat altijd open."                {hek, staat, open}
document frequencies: kade 3, open 3, hek 2, the rest 1; leave-one-out typicality
= sum(df - 1) / (|terms| * 3): p1 4/6, p2 2/9, p3 5/12, p4 3/9.
"""


import pandas as pd
import pytest

from researchkit.analysis import passages, quotes, typicality
from researchkit.errors import AnalysisError

P1, P2 = "De kade is open.", "Iedereen kan op de kade komen."
P3, P4 = "De kade is 's nachts open en er is geen hek.", "Het hek staat altijd open."


@pytest.fixture(scope="module")
def quote_data(mini):
    raw = {
        "documents": [
            {"doc_id": "Q1", "attributes": {"group": "A"}, "turns": [["I", "interviewer", "Hoe is de kade?"], ["R", "respondent", f"{P1} {P2}"]]},
            {"doc_id": "Q2", "attributes": {"group": "A"}, "turns": [["I", "interviewer", "En 's nachts?"], ["R", "respondent", P3]]},
            {"doc_id": "Q3", "attributes": {"group": "B"}, "turns": [["I", "interviewer", "En het hek?"], ["R", "respondent", P4]]},
        ],
        "codings": [["Q1", P1, ["GEL.1"]], ["Q1", P2, ["GEL.1"]], ["Q2", P3, ["GEL.1"]], ["Q3", P4, ["GEL.1"]]],
    }
    return mini.build(raw)


def test_typicality_by_hand():
    scores = typicality([P1, P2, P3, P4])
    assert scores.tolist() == pytest.approx([4 / 6, 2 / 9, 5 / 12, 3 / 9])
    assert typicality(["alleen"]).tolist() == [0.0]


def test_representative_order_diverse_respondents_first(quote_data):
    corpus, codings = quote_data
    out = quotes(codings, corpus, code="GEL.1", n=None, min_words=0)
    assert out["text"].tolist() == [P1, P3, P4, P2]  # one per respondent, most typical first; then Q1's second
    assert out["rank"].tolist() == [1, 2, 3, 4]
    assert quotes(codings, corpus, code="GEL.1", n=2, min_words=0)["doc_id"].tolist() == ["Q1", "Q2"]


def test_by_group_takes_turns(quote_data):
    corpus, codings = quote_data
    out = quotes(codings, corpus, code="GEL.1", n=None, by="group", min_words=0)
    assert out["text"].tolist() == [P1, P4, P3, P2]
    assert out["group"].tolist() == ["A", "B", "A", "A"]


def test_deterministic(quote_data):
    corpus, codings = quote_data
    shuffled = codings.sample(frac=1, random_state=3).reset_index(drop=True)
    a = quotes(codings, corpus, code="GEL.1", n=None, by="group")
    b = quotes(shuffled, corpus, code="GEL.1", n=None, by="group")
    pd.testing.assert_frame_equal(a, b)


def test_speaker_position_context_and_attributes(quote_data):
    corpus, codings = quote_data
    out = passages(codings, corpus, code="GEL.1")
    first = out.iloc[0]
    text = corpus["Q1"].text
    start = text.index(P1)
    assert (first["doc_id"], first["respondent"], first["speaker"], first["role"], first["turn"]) == ("Q1", "Q1", "R", "respondent", 1)
    assert first["position"] == round(100 * start / len(text), 1)
    assert first["context_before"] == "Hoe is de kade?"
    assert first["context_after"] == P2
    assert out.iloc[1]["context_after"] == ""
    assert first["group"] == "A"
    chars = passages(codings, corpus, code="GEL.1", context=8)
    assert chars.iloc[0]["context_before"] == text[start - 8 : start].strip()


def test_passage_coded_twice_is_one_quote_and_descendants(quote_data, mini):
    corpus, codings = quote_data
    twice = pd.concat([codings, codings.assign(coder="bob"), codings.head(1).assign(code="GEL.2")], ignore_index=True)
    out = quotes(twice, corpus, code="GEL", n=None)
    assert len(out) == 4
    assert out.set_index("text").loc[P1, "code"] == "GEL.1, GEL.2"
    with pytest.raises(AnalysisError, match="RK503"):  # no coding is exactly GEL, and no codebook knows it
        quotes(twice, corpus, code="GEL", n=None, descendants=False)
    cb = mini.Codebook.from_dict({"codes": [{"id": "GEL", "name": "Gelegenheid", "children": [{"id": "GEL.1", "name": "Open"}]}]})
    assert len(quotes(twice, corpus, code="GEL", n=None, descendants=False, codebook=cb)) == 0


def test_roles_filter_and_errors(quote_data):
    corpus, codings = quote_data
    question = codings.head(1).assign(start=3, end=18, text="Hoe is de kade?")
    both = pd.concat([codings, question], ignore_index=True)
    assert len(quotes(both, corpus, code="GEL.1", n=None)) == 5
    assert len(quotes(both, corpus, code="GEL.1", n=None, roles="respondent")) == 4
    with pytest.raises(AnalysisError, match="RK503.*'XYZ'"):
        quotes(codings, corpus, code="XYZ")
    with pytest.raises(AnalysisError, match="RK504"):
        quotes(codings, corpus, code="GEL.1", context="paragraaf")
    with pytest.raises(AnalysisError, match="RK504"):
        quotes(codings, corpus, code="GEL.1", n=-1)
    with pytest.raises(AnalysisError, match="RK501"):
        quotes(codings, corpus, code="GEL.1", by="port")


def test_short_passages_are_ranked_after_quotable_ones():
    import pandas as pd

    from researchkit.analysis import quotes
    from researchkit.transcripts import Corpus, Transcript

    long_text = "We werken goed samen met de douane en de marechaussee in de haven."
    corpus = Corpus([Transcript("R1", "Korte lijnen."), Transcript("R2", long_text)])
    codings = pd.DataFrame({"doc_id": ["R1", "R2"], "start": [0, 0], "end": [13, len(long_text)], "code": ["SAM", "SAM"]})
    assert quotes(codings, corpus, code="SAM", n=2)["doc_id"].tolist() == ["R2", "R1"]
    ranked_by_typicality = quotes(codings, corpus, code="SAM", n=2, min_words=0)["doc_id"].tolist()
    assert sorted(ranked_by_typicality) == ["R1", "R2"]


# --------------------------------------------------------------------------- the selection (issue 18)


def _select_reference(frame, n, by, min_words=0):
    """The former quadratic selection, kept as the specification of the order."""
    short = [len(str(t).split()) < min_words for t in frame["text"]]
    order = sorted(range(len(frame)),
                   key=lambda i: (short[i], -frame["typicality"].iat[i], frame["doc_id"].iat[i], frame["start"].iat[i]))
    groups = [tuple(frame[c].iat[i] for c in by) if by else () for i in range(len(frame))]
    chosen, used, per_group = [], set(), {}
    remaining = list(order)
    pos = {i: k for k, i in enumerate(order)}
    while remaining and len(chosen) < n:
        pool = [i for i in remaining if frame["respondent"].iat[i] not in used]
        if not pool:
            used = set()
            continue
        pick = min(pool, key=lambda i: (per_group.get(groups[i], 0), pos[i]))
        chosen.append(pick)
        used.add(frame["respondent"].iat[pick])
        per_group[groups[pick]] = per_group.get(groups[pick], 0) + 1
        remaining.remove(pick)
    return chosen


@pytest.mark.parametrize("seed", range(30))
def test_heap_selection_equals_the_reference_order(seed):
    import numpy as np

    from researchkit.analysis.quotes import _select

    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 60))
    frame = pd.DataFrame({
        "text": [" ".join(["w"] * int(k)) for k in rng.integers(1, 15, size)],
        "typicality": rng.choice([0.0, 0.1, 0.25, 0.5], size),  # many ties
        "doc_id": [f"D{int(k)}" for k in rng.integers(0, 8, size)],
        "start": rng.integers(0, 5, size),
    })
    frame["respondent"] = frame["doc_id"].map(lambda d: f"R{int(d[1:]) % 5}")
    frame["group"] = frame["doc_id"].map(lambda d: "ab"[int(d[1:]) % 2])
    frame["port"] = [str(k) for k in rng.integers(0, 3, size)]
    for by in ([], ["group"], ["group", "port"]):
        for n in (1, 3, size):
            assert _select(frame, n, by, 5) == _select_reference(frame, n, by, 5)


def test_human_coded_passages_are_ranked_before_rules_only_ones():
    """Issue 16: a passage a person coded comes before a passage only the rules found."""
    from researchkit.analysis import quotes as choose
    from researchkit.transcripts import Corpus, Transcript

    a = "Er stond 's nachts een busje zonder lichten op de kade bij de visafslag."
    b = "Er stond 's nachts een busje op de kade, ik heb het zelf gezien en gemeld."
    corpus = Corpus([Transcript("R1", a), Transcript("R2", b)])
    codings = pd.DataFrame({"doc_id": ["R1", "R2"], "start": [0, 0], "end": [len(a), len(b)], "code": ["SIG", "SIG"],
                            "coder": ["rules", "anna"], "source": ["rules", "manual"]})
    ranked = choose(codings, corpus, code="SIG", n=None, min_words=0)
    assert ranked["doc_id"].tolist() == ["R2", "R1"]
    assert ranked["human"].tolist() == [True, False]


def test_quotes_describe_only_the_chosen_passages_as_all_of_them(data):
    """Position, context and attributes are added to the chosen quotes only: the table equals describing
    every passage (``passages``), spreading over ``by``, choosing, and keeping the chosen rows."""
    import numpy as np

    from researchkit.analysis._common import MISSING, attribute_frame
    from researchkit.analysis.quotes import _select
    from researchkit.units import units

    full, codings, cb = data
    sentences = units(full, "sentence")
    checked = missing_shown = 0
    # also with a port missing: the table shows the filled-in value of an attribute it spreads over
    for corpus, code in [(c, code.id) for c in (full, full.with_attributes({d: {"port": None if d == "R2" else full[d].attributes["port"]} for d in full.doc_ids})) for code in cb.codes[:4]]:
        for by in (None, "group", ["port", "group"], "doc_id"):
            for n, context, roles in ((2, "sentence", None), (None, 12, "respondent"), (0, "sentence", "respondent")):
                by_cols = [] if by is None else [by] if isinstance(by, str) else by
                every = passages(codings, corpus, code=code, codebook=cb, context=context, roles=roles)
                for col in by_cols:
                    every[col] = attribute_frame(corpus, by_cols)[col].reindex(every["doc_id"]).fillna(MISSING).to_numpy()
                chosen = _select(every, len(every) if n is None else min(n, len(every)), by_cols, 8)
                expected = every.iloc[chosen].reset_index(drop=True)
                expected.insert(0, "rank", np.arange(1, len(expected) + 1, dtype=np.int64))
                got = quotes(codings, corpus, code=code, codebook=cb, n=n, by=by, context=context, roles=roles)
                pd.testing.assert_frame_equal(got, expected)
                checked += len(got)
                missing_shown += int("port" in by_cols and (got["port"] == MISSING).any())
                # whole passages: the first quotes of all of them, every one described, are the quotes chosen
                options = dict(code=code, codebook=cb, by=by, context=context, roles=roles, whole=True, units_table=sentences)
                every_whole = quotes(codings, corpus, n=None, **options)
                head = every_whole.head(len(every_whole) if n is None else n).reset_index(drop=True)
                pd.testing.assert_frame_equal(quotes(codings, corpus, n=n, **options), head)
    assert checked and missing_shown


@pytest.mark.parametrize("seed", range(10))
def test_rank_order_equals_a_stable_sort_of_the_keys(seed):
    """The ranking is DataFrame.sort_values(kind="mergesort") on (short, machine, fit, typicality, doc, start):
    ties keep their row order, a missing fit sorts last."""
    import numpy as np

    from researchkit.analysis.quotes import _rank_order

    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 80))
    frame = pd.DataFrame({
        "text": [" ".join(["w"] * int(k)) for k in rng.integers(0, 12, size)],
        "human": rng.integers(0, 2, size).astype(bool),
        "density": rng.choice([0.5, 1.0, np.nan], size),
        "distinct": rng.integers(1, 3, size),
        "n_sentences": rng.integers(1, 3, size),
        "typicality": rng.choice([0.0, 0.25, 0.5], size),
        "doc_id": [f"D{int(k)}" for k in rng.integers(0, 12, size)],
        "start": rng.integers(0, 4, size),
    })
    keys = pd.DataFrame({"short": frame["text"].str.split().str.len() < 5, "machine": ~frame["human"],
                         "density": -frame["density"], "distinct": -frame["distinct"], "n_sentences": -frame["n_sentences"],
                         "typ": -frame["typicality"], "doc": frame["doc_id"], "start": frame["start"]})
    expected = keys.sort_values(list(keys.columns), kind="mergesort").index.tolist()
    assert _rank_order(frame, 5).tolist() == expected


def test_a_quote_source_shared_by_several_choices_gives_what_quotes_gives(data):
    """One QuoteSource serving many codes, options and roles (its checked codings and role units reused)
    gives each time exactly the table of quotes() on the codings and corpus."""
    from researchkit.analysis import QuoteSource
    from researchkit.units import units

    corpus, codings, cb = data
    sentences = units(corpus, "sentence")
    shared = QuoteSource(codings, corpus, units_table=sentences)
    unsplit = QuoteSource(codings, corpus)
    compared = 0
    for code in [c.id for c in cb.codes] + [cb.codes[0].children[0].id if cb.codes[0].children else cb.codes[0].id]:
        for whole, roles, by, n in ((True, ("respondent",), "group", 3), (True, None, None, None), (False, "respondent", "group", 2),
                                    (False, None, None, 0)):
            options = dict(code=code, codebook=cb, whole=whole, roles=roles, by=by, n=n, context=0)
            first = quotes(codings, corpus, units_table=sentences, **options)
            if len(first):
                options["exclude"] = first.head(1)[["doc_id", "start", "end"]]
                first = quotes(codings, corpus, units_table=sentences, **options)
            pd.testing.assert_frame_equal(shared.quotes(**options), first)
            pd.testing.assert_frame_equal(unsplit.quotes(**options), quotes(codings, corpus, **options))
            compared += len(first)
    assert compared > 10
    with pytest.raises(AnalysisError, match="RK504"):
        shared.quotes(code=cb.codes[0].id, n=-1)

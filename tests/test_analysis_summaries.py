"""Theme summary on the mini corpus, every number counted by hand.

Theme FEN = FEN.DRU (R1 s2, R2 s2) + FEN.SMO (R4 s1): 3 passages, 3 interviews, 3 of 4
respondents; group handhaver 2 of 2, ondernemer 1 of 2; port Harlingen 1 of 2
(R1), Lauwersoog 2 of 2. Co-occurs (sentence) with VERM.1 twice, SIG.6 once.
Words in the theme (10, each once): vermoed drugssmokkel kotters vorig jaar cocaïne
gevonden denk sigaretten gesmokkeld. The rest of the respondents' words (15):
douane deelt politie nachts toezicht | kmar douane overleggen goed | gemerkt kade open
iedereen | politie komt.
"""

import math

import pandas as pd

import pytest

from researchkit.analysis import theme_summary, weighted_log_odds
from researchkit.errors import AnalysisError

def test_counts_and_mentions(data):
    corpus, codings, cb = data
    s = theme_summary(codings, corpus, code="FEN", codebook=cb, min_count=1)
    assert (s.code, s.name, s.codings, s.documents, s.respondents, s.n_respondents) == ("FEN", "Fenomenen", 3, 3, 3, 4)
    groups = s.mentions["group"].set_index("group")
    assert groups.loc["handhaver", ["respondents", "n_respondents"]].tolist() == [2, 2]
    assert groups.loc["ondernemer", ["respondents", "n_respondents"]].tolist() == [1, 2]
    ports = s.mentions["port"].set_index("port")
    assert ports.loc["Lauwersoog", "respondents"] == 2 and ports.loc["Harlingen", "respondents"] == 1


def test_distinctive_terms_by_hand(data):
    corpus, codings, cb = data
    s = theme_summary(codings, corpus, code="FEN", codebook=cb, min_count=1)
    assert s.terms["term"].tolist()[:3] == ["cocaïne", "denk", "drugssmokkel"]
    assert len(s.terms) == 10 and set(s.terms["count"]) == {1} and set(s.terms["count_rest"]) == {0}
    # y=1, r=0, prior a=1, a0=25, n=10, m=15
    delta = math.log(2 / 33) - math.log(1 / 39)
    assert s.terms["log_odds"].iloc[0] == pytest.approx(delta)
    assert s.terms["z"].iloc[0] == pytest.approx(delta / math.sqrt(1 / 2 + 1 / 1))
    assert theme_summary(codings, corpus, code="FEN", codebook=cb).terms.empty  # min_count=2: no word twice


def test_cooccurring_and_quotes(data):
    corpus, codings, cb = data
    s = theme_summary(codings, corpus, code="FEN", codebook=cb)
    assert s.cooccurring[["code", "name", "count"]].values.tolist() == [["VERM.1", "Algemeen vermoeden", 2], ["SIG.6", "Vondsten", 1]]
    assert len(s.quotes) == 3 and set(s.quotes["doc_id"]) == {"R1", "R2", "R4"}


def test_generated_sentences(data):
    corpus, codings, cb = data
    s = theme_summary(codings, corpus, code="FEN", codebook=cb, min_count=1)
    assert s.text_nl == (
        "Het thema Fenomenen wordt genoemd door 3 van de 4 respondenten (3 passages in 3 interviews), "
        "vooral door handhaver (2 van 2). Per haven het vaakst: Lauwersoog (2 van 2). "
        "Kenmerkende woorden zijn “cocaïne”, “denk” en “drugssmokkel”. "
        "Het thema komt het vaakst samen voor met Algemeen vermoeden (2 keer)."
    )
    assert s.text_en == (
        "The theme Fenomenen is mentioned by 3 of 4 respondents (3 passages in 3 interviews), "
        "mostly by handhaver (2 of 2). By port, most often: Lauwersoog (2 of 2). "
        "Distinctive words are “cocaïne”, “denk” and “drugssmokkel”. "
        "It co-occurs most often with Algemeen vermoeden (2 times)."
    )
    assert str(s) == s.text_nl and "<h4>FEN" in s._repr_html_()


def test_theme_nobody_mentions(data):
    corpus, codings, cb = data
    s = theme_summary(codings, corpus, code="FEN.MSM", codebook=cb)
    assert s.respondents == 0
    assert s.text_nl == "Het thema Mensensmokkel wordt door geen van de 4 respondenten genoemd."


def test_single_group_attribute_and_errors(data):
    corpus, codings, cb = data
    s = theme_summary(codings, corpus, code="GEL.1", by="group", codebook=cb)
    assert list(s.mentions) == ["group"]
    assert s.text_nl.startswith("Het thema Open karakter wordt genoemd door 1 van de 4 respondenten (1 passage in 1 interview), vooral door ondernemer (1 van 2).")
    with pytest.raises(AnalysisError, match="RK503"):
        theme_summary(codings, corpus, code="NOPE")
    with pytest.raises(AnalysisError, match="RK501"):
        theme_summary(codings, corpus, code="FEN", by="regio")


def test_weighted_log_odds_symmetry():
    out = weighted_log_odds({"haven": 3, "kade": 1}, {"haven": 1, "kade": 3})
    z = dict(zip(out["term"], out["z"]))
    expected = (math.log(7 / 5) - math.log(5 / 7)) / math.sqrt(1 / 7 + 1 / 5)
    assert z["haven"] == pytest.approx(expected) and z["kade"] == pytest.approx(-expected)
    with pytest.raises(AnalysisError, match="RK504"):
        weighted_log_odds({"a": 1}, {"a": 1}, prior_scale=0)


def test_no_group_named_when_none_stands_out_and_labels(data):
    corpus, codings, cb = data
    everyone = codings.head(1).assign(code="X")
    rows = [everyone.assign(doc_id=d) for d in ["R1", "R2", "R3", "R4"]]
    import pandas as pd

    all_four = pd.concat(rows, ignore_index=True)
    for i, d in enumerate(["R1", "R2", "R3", "R4"]):  # put each coding on text of its own document
        text = corpus[d].text
        all_four.loc[i, ["start", "end", "text"]] = [3, 8, text[3:8]]
    s = theme_summary(all_four, corpus, code="X")
    assert s.text_nl == "Het thema X wordt genoemd door 4 van de 4 respondenten (4 passages in 4 interviews)."
    fen = theme_summary(codings, corpus, code="FEN", codebook=cb, labels={"port": "haven"})
    assert "Per haven het vaakst: Lauwersoog (2 van 2)." in fen.text_nl
    assert "By haven, most often: Lauwersoog (2 of 2)." in fen.text_en


def test_distinctive_words_need_several_interviews():
    """A word that only one interview uses in the theme's passages is not distinctive (report: min_documents=2)."""
    import pandas as pd

    from researchkit.analysis import theme_summary
    from researchkit.transcripts import Corpus, Transcript, Turn

    texts = {"R1": "R: Busje kade busje kade eerlijk eerlijk eerlijk.", "R2": "R: Busje kade vannacht gezien.",
             "R3": "R: Niets bijzonders hier, rustig weer."}
    corpus = Corpus([Transcript(d, t, (Turn("R", "respondent", 3, len(t)),)) for d, t in texts.items()])
    codings = pd.DataFrame([{"doc_id": d, "start": 3, "end": len(texts[d]), "code": "SIG"} for d in ("R1", "R2")])
    loose = theme_summary(codings, corpus, code="SIG", min_count=1, n_quotes=0)
    strict = theme_summary(codings, corpus, code="SIG", min_count=1, n_quotes=0, min_documents=2)
    assert "eerlijk" in set(loose.terms["term"])
    assert "eerlijk" not in set(strict.terms["term"]) and {"busje", "kade"} <= set(strict.terms["term"])


def test_place_names_keep_their_capitals():
    import pandas as pd

    from researchkit.analysis import theme_summary
    from researchkit.transcripts import Corpus, Transcript, Turn

    texts = {"R1": "R: In de eemshaven zie je containers.", "R2": "R: De eemshaven heeft containers en kranen.",
             "R3": "R: Rustig weer vandaag."}
    corpus = Corpus([Transcript(d, t, (Turn("R", "respondent", 3, len(t)),), {"port": p})
                     for (d, t), p in zip(texts.items(), ["Eemshaven", "Eemshaven", "Delfzijl"])])
    codings = pd.DataFrame([{"doc_id": d, "start": 3, "end": len(texts[d]), "code": "HAV"} for d in ("R1", "R2")])
    terms = set(theme_summary(codings, corpus, code="HAV", by="port", min_count=1, n_quotes=0).terms["term"])
    assert "Eemshaven" in terms and "eemshaven" not in terms


def test_theme_summaries_equal_one_summary_per_code(data):
    """All themes at once (shared units, words and mentions) give each code's own theme_summary."""
    import pandas as pd

    from researchkit.analysis import theme_summaries
    from researchkit.units import units

    corpus, codings, cb = data
    codes = [c.id for c in cb.codes] + ["FEN.DRU", "FEN.MSM", "VERM.1"]
    for kwargs in ({}, {"unit": "turn", "min_count": 1, "n_quotes": 0}, {"unit": "overlap", "by": "group", "n_quotes": 0},
                   {"unit": "document", "roles": None, "n_quotes": 0}):
        shared = units(corpus, kwargs.get("unit", "sentence")) if kwargs.get("unit") in (None, "turn") else None
        together = theme_summaries(codings, corpus, codes=codes, codebook=cb, units_table=shared,
                                   min_documents={c: 1 + (i % 2) for i, c in enumerate(codes)}, **kwargs)
        assert list(together) == codes
        for i, code in enumerate(codes):
            one = theme_summary(codings, corpus, code=code, codebook=cb, min_documents=1 + (i % 2), **kwargs)
            got = together[code]
            assert (got.codings, got.respondents, got.text_nl, got.text_en) == (one.codings, one.respondents, one.text_nl, one.text_en)
            for name in ("terms", "cooccurring", "quotes"):
                pd.testing.assert_frame_equal(getattr(got, name), getattr(one, name))
            for col in one.mentions:
                pd.testing.assert_frame_equal(got.mentions[col], one.mentions[col])
    with pytest.raises(AnalysisError, match="RK503"):
        theme_summaries(codings, corpus, codes=["FEN", "NOPE"])


def test_background_counts_equal_tokenising_the_rest_texts():
    """Rest counts from the once-tokenised background equal tokenising every rest piece, also when a
    passage cuts a word (hyphens, apostrophes, digits) or covers a whole turn; random texts and spans."""
    import random

    from researchkit.analysis._common import merge_spans
    from researchkit.analysis.background import Background, rest_texts
    from researchkit.analysis.words import term_counts
    from researchkit.transcripts import Corpus, Transcript, Turn

    rng = random.Random(18)
    pieces = list("abcdeé ") * 3 + ["-", "'", "’", "5", "_", ".", "\n", "o'n", "x-y", "zo-'n"]
    for _ in range(120):
        docs = []
        for d in range(3):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 80)))
            turns, pos = [], 0
            while pos < len(text):
                end = min(len(text), pos + rng.randint(1, 25))
                role = "respondent" if rng.random() < 0.6 else "interviewer"
                turns.append(Turn("R" if role == "respondent" else "I", role, pos, end))
                pos = end + rng.randint(0, 3)
            docs.append(Transcript(f"D{d}", text, tuple(turns) if rng.random() < 0.8 else ()))
        corpus = Corpus(docs)
        spans = {t.doc_id: merge_spans((a, min(len(t.text), a + rng.randint(1, 15)))
                                       for a in (rng.randrange(len(t.text)) for _ in range(rng.randint(1, 5))))
                 for t in docs if t.text and rng.random() < 0.8}
        roles = rng.choice([None, ("respondent",)])
        stop = rng.choice([(), ("ab", "de")])
        assert Background(corpus, roles).rest_counts(spans, stop) == term_counts(rest_texts(corpus, spans, roles), stop=stop)


def test_distinctive_words_are_one_per_lemma_and_written_as_the_interviews_write_them():
    from researchkit.codebook import Codebook
    from researchkit.transcripts import Corpus, Transcript

    said = ("The problem is the harbour of Rotterdam. Problems pile up in Rotterdam, problems everywhere. "
            "Another problem in Rotterdam. The problems of the KMar are known; the KMar knows the problem.")
    corpus = Corpus([Transcript("R1", said, attributes={"group": "police"}),
                     Transcript("R2", "The weather is fine today and the sea is calm.", attributes={"group": "fishers"})])
    codings = pd.DataFrame({"doc_id": ["R1"], "start": [0], "end": [len(said)], "code": ["PROB"]})
    cb = Codebook.from_dict({"language": "en", "codes": [{"id": "PROB", "name": "Problems"}]})
    text = theme_summary(codings, corpus, code="PROB", codebook=cb, min_count=1, unit="document").text_en
    words = text.split("Distinctive words are ")[1]
    assert ("“problem”" in words) != ("“problems”" in words)  # one form of the lemma, not both
    assert "“Rotterdam”" in words and "“KMar”" in words


def test_cooccurring_codes_equal_cooccurrence_with_the_branch_collapsed(data):
    """The summaries count co-occurrence with numpy from one mapping of the codings to units; each theme's
    counts and c-coefficients equal :func:`cooccurrence` on the codings with its branch collapsed into it."""
    from researchkit.analysis import cooccurrence, theme_summaries
    from researchkit.analysis._common import branch_mask, in_branch

    corpus, codings, cb = data
    codes = [c.id for c in cb.codes] + ["FEN.DRU", "VERM.1"]
    for unit in ("sentence", "turn", "document"):
        together = theme_summaries(codings, corpus, codes=codes, codebook=cb, unit=unit, n_quotes=0)
        checked = 0
        for code in codes:
            mask = branch_mask(codings["code"].astype(str), code, cb).to_numpy()
            collapsed = codings.assign(code=codings["code"].astype(str).where(~mask, code))
            co = cooccurrence(collapsed, corpus, unit=unit, codebook=cb)
            co = co[(co["code_a"] == code) & (co["code_b"] != code) & (co["count"] > 0)]
            co = co[pd.Series([not in_branch(code, other, cb) for other in co["code_b"]], index=co.index, dtype=bool)]
            expected = {b: (n, nb, c) for b, n, nb, c in zip(co["code_b"], co["count"], co["n_b"], co["c"])}
            got = together[code].cooccurring
            assert {b: (n, nb, c) for b, n, nb, c in zip(got["code"], got["count"], got["n_code"], got["c"])} == expected
            checked += len(expected)
        assert checked  # the mini corpus has co-occurring codes in every unit


def test_theme_summaries_load_no_scipy(tmp_path):
    """The main job's analyses count with numpy: loading scipy (a tenth of a second) is left to the analyses that need it."""
    import subprocess
    import sys

    code = (
        "import pandas as pd, sys\n"
        "from researchkit.analysis import theme_summaries, frequencies\n"
        "from researchkit.transcripts import Corpus, Transcript\n"
        "corpus = Corpus([Transcript('R1', 'Een busje. Een kotter.'), Transcript('R2', 'Een kotter.')])\n"
        "codings = pd.DataFrame({'doc_id': ['R1', 'R1', 'R2'], 'start': [0, 11, 0], 'end': [10, 22, 11], 'code': ['A', 'B', 'B']})\n"
        "s = theme_summaries(codings, corpus, codes=['A', 'B'], min_count=1, unit='document')\n"
        "assert s['A'].cooccurring['code'].tolist() == ['B'], s['A'].cooccurring\n"
        "print('scipy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("seed", range(8))
def test_top_group_equals_sorting_the_groups(seed):
    """The group named in the summary: highest share, then more respondents, then name (a stable sort's first row)."""
    import numpy as np

    from researchkit.analysis.summaries import _top_group

    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 12))
    n = rng.integers(1, 4, size)
    k = np.minimum(rng.integers(0, 4, size), n)
    table = pd.DataFrame({"port": rng.choice(["Urk", "Harlingen", "Den Helder", "Texel"], size), "respondents": k,
                          "n_respondents": n, "share": k / n})
    t = table[table["respondents"] > 0]
    if len(t) == 0:
        assert _top_group(table, "port") is None
        return
    t = t.assign(_v=t["port"].astype(str)).sort_values(["share", "respondents", "_v"], ascending=[False, False, True],
                                                       kind="mergesort")
    row = t.iloc[0]
    assert _top_group(table, "port") == (str(row["port"]), int(row["respondents"]), int(row["n_respondents"]))


def test_written_form_looks_back_past_quotes_and_brackets_only():
    """A word after a sentence end, with quotes, brackets or white space between, does not count; any
    other place does (random texts against the definition with the text before the word stripped)."""
    import random
    import re
    from collections import Counter

    from researchkit.analysis.summaries import _written_form

    def reference(term, text):
        inside = Counter()
        for m in re.finditer(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text, re.IGNORECASE):
            before = text[:m.start()].rstrip(" \t\"'“‘(")
            if before and before[-1] not in ".!?:;\n…":
                inside[m.group(0)] += 1
        return max(inside.items(), key=lambda item: (item[1], item[0] == term))[0] if inside else term

    rng = random.Random(5)
    pieces = ["KMar", "kmar", "Kmar", " ", ". ", "\n", "“", "(", "'", "\t", "de ", "? ", "…", ":", "x"]
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        assert _written_form("kmar", text) == reference("kmar", text), text
    assert _written_form("kmar", "Zie (“KMar”) en de KMar. (KMar") == "KMar"


def test_passages_count_a_sentence_once_whatever_its_codings(data):
    """A sentence coded with two sub-codes of the theme (or by two coders) is one passage: the
    summary said "120 passages" for 120 codings on 110 sentences (notebook 05, theme SAM)."""
    corpus, codings, cb = data
    first = codings[codings["code"] == "FEN.DRU"].iloc[:1]
    doubled = pd.concat([codings, first.assign(code="FEN.SMO"), first.assign(coder="tweede")], ignore_index=True)
    s = theme_summary(doubled, corpus, code="FEN", codebook=cb, min_count=1)
    assert (s.codings, s.passages) == (5, 3)
    assert "(3 passages in 3 interviews)" in s.text_nl and "(3 passages in 3 interviews)" in s.text_en


def test_one_background_gives_the_rest_counts_of_many_passages_and_stop_lists():
    """The counted background kept per stop list: one Background asked again and again (other spans, other
    stop lists, the same stop list twice) counts as tokenising each rest anew."""
    import random

    from researchkit.analysis._common import merge_spans
    from researchkit.analysis.background import Background, rest_texts
    from researchkit.analysis.words import term_counts
    from researchkit.transcripts import Corpus, Transcript, Turn

    rng = random.Random(37)
    words = ["haven", "kade", "de", "het", "busje", "nacht", "x", "o'n", "zo-'n", "5e"]
    docs = []
    for d in range(4):
        text = " ".join(rng.choice(words) for _ in range(60))
        turns = (Turn("I", "interviewer", 0, 40), Turn("R", "respondent", 41, len(text)))
        docs.append(Transcript(f"D{d}", text, turns))
    corpus = Corpus(docs)
    background = Background(corpus, ("respondent",))
    for _ in range(40):
        spans = {t.doc_id: merge_spans((a, a + rng.randint(1, 30)) for a in (rng.randrange(len(t.text)) for _ in range(3)))
                 for t in docs if rng.random() < 0.7}
        stop = rng.choice([(), ("de", "het"), ("kade",)])
        assert background.rest_counts(spans, stop) == term_counts(rest_texts(corpus, spans, ("respondent",)), stop=stop)

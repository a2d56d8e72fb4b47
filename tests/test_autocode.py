"""Tests for researchkit.autocode and the ``researchkit autocode`` command."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import researchkit
from researchkit.autocode import AUTOCODE_COLUMNS, RuleSet, autocode
from researchkit.codebook import Codebook
from researchkit.errors import CodebookWarning, ConfigurationError, LanguageError
from researchkit.transcripts import Corpus, Transcript, Turn

DATA = Path(__file__).parent / "data" / "codebook"


def make_transcript(doc_id: str, pairs: list[tuple[str, str]]) -> Transcript:
    """Build a transcript from (role, content) pairs; labels are I/R/X."""
    label = {"interviewer": "I", "respondent": "R", "other": "X"}
    parts, turns, pos = [], [], 0
    for role, content in pairs:
        prefix = f"{label[role]}: "
        parts.append(prefix + content)
        turns.append(Turn(label[role], role, pos + len(prefix), pos + len(prefix) + len(content)))
        pos += len(prefix) + len(content) + 1
    return Transcript(doc_id, "\n".join(parts), tuple(turns))


def cb(*codes: dict, **top) -> Codebook:
    return Codebook.from_dict({"codes": list(codes), **top})


def code(text: str, codebook: Codebook, role: str = "respondent", **kw) -> pd.DataFrame:
    t = make_transcript("D", [(role, text)])
    return autocode(Corpus([t]), codebook, **kw)


def test_columns_and_offsets():
    c = cb({"id": "A", "name": "a", "keywords": ["haven"]})
    t = make_transcript("R01", [("interviewer", "En de haven?"), ("respondent", "De haven is open. Echt.\nDe haven!")])
    df = autocode(Corpus([t]), c)
    assert list(df.columns) == AUTOCODE_COLUMNS
    assert df["text"].tolist() == ["De haven is open.", "De haven!"]
    for row in df.itertuples():
        assert t.text[row.start : row.end] == row.text
    assert set(df["coder"]) == {"rules"} and set(df["source"]) == {"rules"} and set(df["unit"]) == {"sentence"}
    assert df["rule_id"].tolist() == ["keyword:haven", "keyword:haven"]
    researchkit.codings.validate_codings(df, Corpus([t]))


def test_lemma_and_case_matching():
    c = cb({"id": "V", "name": "v", "keywords": ["vermoeden", "containers"]})
    df = code("Vermoedens genoeg. Die container stond open. Niks.", c)
    assert df["text"].tolist() == ["Vermoedens genoeg.", "Die container stond open."]
    assert df["evidence"].tolist() == ["Vermoedens", "container"]


def test_prefix_and_phrase():
    c = cb({"id": "D", "name": "d", "keywords": ["drugs*", "gat in het hek"]},
           {"id": "W", "name": "w", "keywords": ["witte vlek*"]})
    df = code("Drugshandel hier. Er zat een gat in het hek. Een gat in de weg. Witte vlekken overal. Witte muren.", c)
    got = list(zip(df["code"], df["evidence"]))
    assert got == [("D", "Drugshandel"), ("D", "gat in het hek"), ("W", "Witte vlekken")]


def test_one_row_per_unit_and_code_with_merged_evidence():
    c = cb({"id": "A", "name": "a", "keywords": ["douane", "politie"]})
    df = code("De douane en de politie en weer de douane.", c)
    assert len(df) == 1
    assert df.loc[0, "evidence"] == "douane; politie"
    assert df.loc[0, "rule_id"] == "keyword:douane; keyword:politie"


def test_separable_verbs_and_proximity():
    c = cb({"id": "SAM", "name": "s", "separable": ["samenwerken"],
            "proximity": [{"all_of": ["informatie", "delen"], "id": "info"}]})
    df = code("We werken goed samen. Samenwerken is lastig. We werken hard. Samen eten. "
              "Informatie delen we niet. Delen is fijn.\nInformatie komt later.", c)
    assert df["text"].tolist() == ["We werken goed samen.", "Samenwerken is lastig.", "Informatie delen we niet."]
    assert df["evidence"].tolist() == ["werken … samen", "Samenwerken", "Informatie … delen"]
    assert df["rule_id"].tolist() == ["separable:samenwerken", "separable:samenwerken", "proximity:info"]


def test_proximity_window_and_order():
    c = cb({"id": "A", "name": "a", "proximity": [{"all_of": ["ais", "uit"], "within": 3, "ordered": True}]})
    df = code("De AIS stond uit. Uit het niets kwam de AIS. De AIS was de hele lange nacht gewoon uit.", c)
    assert df["text"].tolist() == ["De AIS stond uit."]


def test_proximity_within_turn():
    c = cb({"id": "A", "name": "a", "proximity": [{"all_of": ["kotter", "nacht"], "within": "turn"}]})
    t = make_transcript("D", [("respondent", "Er lag een kotter. Het was nacht."), ("respondent", "Een kotter.")])
    df = autocode(Corpus([t]), c)
    assert df["text"].tolist() == ["Er lag een kotter.", "Het was nacht."]
    assert autocode(Corpus([t]), c, unit="turn")["text"].tolist() == ["Er lag een kotter. Het was nacht."]


def test_exclusions():
    c = cb({"id": "D", "name": "d", "keywords": ["drugs*"], "exclude_keywords": ["drugshond"]})
    df = code("Drugs in de haven. De drugshond vond drugs. Drugshonden ook. Drugsgeld is weg.", c)
    assert df["text"].tolist() == ["Drugs in de haven.", "Drugsgeld is weg."]


def test_negation_default_cues_and_window():
    c = cb({"id": "S", "name": "s", "keywords": ["signaal"], "negation": True})
    df = code("Ik heb geen signalen. Ik heb wel signalen. Nooit heb ik echt ooit zulke signalen gezien.", c)
    assert df["text"].tolist() == ["Ik heb wel signalen.", "Nooit heb ik echt ooit zulke signalen gezien."]
    c2 = cb({"id": "S", "name": "s", "keywords": ["signaal"], "negation": {"cues": ["nooit"], "window": 8}})
    df2 = code("Ik heb geen signalen. Nooit heb ik echt ooit zulke signalen gezien.", c2)
    assert df2["text"].tolist() == ["Ik heb geen signalen."]


def test_negation_does_not_cross_sentences():
    c = cb({"id": "S", "name": "s", "keywords": ["signaal"], "negation": True})
    assert code("Nee, niet. Signalen genoeg.", c)["text"].tolist() == ["Signalen genoeg."]


def test_negation_is_inherited_and_can_be_switched_off():
    c = cb({"id": "S", "name": "s", "negation": True, "children": [
        {"id": "S.1", "name": "a", "keywords": ["busje"]},
        {"id": "S.2", "name": "b", "keywords": ["melding"], "negation": False}]})
    df = code("Geen busje gezien. Geen melding gedaan.", c)
    assert df["code"].tolist() == ["S.2"]


def test_roles_default_and_per_code():
    c = cb({"id": "A", "name": "a", "keywords": ["haven"]},
           {"id": "Q", "name": "q", "keywords": ["haven"], "roles": ["interviewer"]})
    t = make_transcript("D", [("interviewer", "Hoe is de haven?"), ("respondent", "De haven is stil."),
                              ("other", "Haven intro.")])
    df = autocode(Corpus([t]), c)
    assert list(zip(df["code"], df["text"])) == [("Q", "Hoe is de haven?"), ("A", "De haven is stil.")]
    df_all = autocode(Corpus([t]), c, roles=("respondent", "other"))
    assert ("A", "Haven intro.") in list(zip(df_all["code"], df_all["text"]))


def test_patterns():
    c = cb({"id": "K", "name": "k", "patterns": [[{"LOWER": "buitenlands"}, {"LOWER": "kenteken"}],
                                                  [{"LEMMA": "container"}, {"IS_DIGIT": True}]]})
    df = code("Een buitenlands kenteken. Kenteken buitenlands. Containers 12 en 13.", c)
    assert df["text"].tolist() == ["Een buitenlands kenteken.", "Containers 12 en 13."]
    assert df["rule_id"].tolist() == ["pattern:0", "pattern:1"]


def test_pattern_without_anchor_always_runs():
    c = cb({"id": "N", "name": "n", "patterns": [[{"IS_DIGIT": True}, {"LOWER": "kilo"}]]})
    assert code("Er was 200 kilo. Veel kilo's.", c)["text"].tolist() == ["Er was 200 kilo."]


def test_units_turn_paragraph_document():
    c = cb({"id": "A", "name": "a", "keywords": ["haven"]})
    t = make_transcript("D", [("respondent", "Eerst iets anders. De haven.\nNog een alinea over de haven.")])
    texts = {u: autocode(Corpus([t]), c, unit=u)["text"].tolist() for u in ("sentence", "turn", "paragraph", "document")}
    assert texts["sentence"] == ["De haven.", "Nog een alinea over de haven."]
    assert texts["turn"] == ["Eerst iets anders. De haven.\nNog een alinea over de haven."]
    assert texts["paragraph"] == ["Eerst iets anders. De haven.", "Nog een alinea over de haven."]
    assert texts["document"] == [t.text]


def test_transcript_without_turns_warns():
    c = cb({"id": "A", "name": "a", "keywords": ["haven"]})
    with pytest.warns(CodebookWarning, match="RK221"):
        df = autocode(Corpus([Transcript("X", "De haven.")]), c)
    assert df.empty and list(df.columns) == AUTOCODE_COLUMNS
    assert autocode(Transcript("X", "De haven."), c, roles="other")["text"].tolist() == ["De haven."]


def test_never_matching_rule_warns():
    c = cb({"id": "A", "name": "a", "keywords": ["haven", "?!"]})
    with pytest.warns(CodebookWarning, match=r"RK214.*'\?!'"):
        code("De haven.", c)


def test_bad_options():
    c = cb({"id": "A", "name": "a", "keywords": ["haven"]})
    corpus = Corpus([make_transcript("D", [("respondent", "haven")])])
    with pytest.raises(ConfigurationError, match="RK204"):
        autocode(corpus, c, unit="zin")
    with pytest.raises(ConfigurationError, match="RK205"):
        autocode(corpus, c, roles=("respondant",))
    with pytest.raises(ConfigurationError, match="RK220"):
        autocode(corpus, c, roles=())
    with pytest.raises(ConfigurationError, match="RK220"):
        autocode(corpus, c, n_process=0)
    with pytest.raises(ConfigurationError, match="RK220"):
        autocode(corpus, {"codes": []})  # type: ignore[arg-type]
    with pytest.raises(LanguageError, match="RK202"):
        autocode(corpus, c, model="nl_not_installed_pipeline")


def test_english_codebook():
    c = cb({"id": "S", "name": "s", "keywords": ["suspicion"], "negation": True}, language="en")
    df = code("There were suspicions. There were no suspicions.", c)
    assert df["text"].tolist() == ["There were suspicions."]


def _demo_corpus() -> Corpus:
    docs = []
    for n in range(6):
        docs.append(make_transcript(f"R{n:02d}", [
            ("interviewer", "Hoe is de samenwerking met de douane?"),
            ("respondent", "We werken goed samen met de douane. 's Nachts is er niemand in de haven."),
            ("respondent", f"Er stond een busje {n}. Geen signalen verder.\nDe informatie wordt niet gedeeld."),
        ]))
    return Corpus(docs)


def test_determinism_and_n_process():
    codebook = Codebook.load(DATA.parent.parent.parent / "codebook" / "havens.yaml")
    corpus = _demo_corpus()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        one = autocode(corpus, codebook)
        again = autocode(corpus, codebook)
        two = autocode(corpus, codebook, n_process=2)
    assert len(one) > 0
    pd.testing.assert_frame_equal(one, again)
    pd.testing.assert_frame_equal(one, two)
    keys = list(zip(one["doc_id"], one["start"], one["end"]))
    assert keys == sorted(keys)
    assert not one.duplicated(["doc_id", "start", "end", "code"]).any()


def test_progress_callback():
    c = cb({"id": "A", "name": "a", "keywords": ["haven"]})
    seen = []
    autocode(_demo_corpus(), c, progress=seen.append)
    assert len(seen) == 6 and all(n > 0 for n in seen)


def test_package_level_function_despite_module_name():
    import researchkit.autocode  # noqa: F401  (sets the package attribute to the module)

    c = cb({"id": "A", "name": "a", "keywords": ["haven"]})
    assert len(researchkit.autocode(_demo_corpus(), c)) == 6


def test_ruleset_caches_and_compiles_once():
    c = cb({"id": "A", "name": "a", "keywords": ["haven", "haven", "Havens*"]})
    rs = RuleSet(c)
    assert len(rs.terms) == 2


def test_cli_autocode(tmp_path, capsys):
    from researchkit.cli import main

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "R01.txt").write_text(
        "Interviewer: Hoe is het in de haven?\nRespondent: De haven is 's nachts leeg. We werken goed samen.\n",
        encoding="utf-8",
    )
    book = tmp_path / "cb.yaml"
    book.write_text("codes:\n  - id: A\n    name: Alpha\n    keywords: [haven]\n"
                    "  - id: B\n    name: Beta\n    separable: [samenwerken]\n  - id: C\n    name: Gamma\n",
                    encoding="utf-8")
    out = tmp_path / "out" / "codings.csv"
    assert main(["autocode", str(folder), "--codebook", str(book), "--out", str(out), "--no-progress"]) == 0
    printed = capsys.readouterr().out
    assert "2 codings" in printed and "Alpha" in printed and "Gamma" not in printed
    df = pd.read_csv(out)
    assert df["code"].tolist() == ["A", "B"]
    assert main(["autocode", str(folder), "--codebook", str(tmp_path / "nope.yaml"), "--out", str(out)]) == 2
    assert "RK210" in capsys.readouterr().err


def test_sentences_agree_with_units():
    from researchkit.units import units

    c = cb({"id": "A", "name": "a", "keywords": ["haven", "kade"]})
    t = make_transcript("D", [("respondent", "De haven -- en dan\nde kade. Haven?  Ja, de haven!\n\nKade en haven."),
                              ("interviewer", "De haven?"), ("respondent", "Kade.")])
    coded = autocode(Corpus([t]), c)
    spans = set(zip(units(t, "sentence")["start"], units(t, "sentence")["end"]))
    assert len(coded) == 6
    assert set(zip(coded["start"], coded["end"])) <= spans


def test_iter_autocode_streams_per_document():
    from researchkit.autocode import iter_autocode

    c = cb({"id": "A", "name": "a", "keywords": ["douane"]})
    frames = list(iter_autocode(_demo_corpus(), c))
    assert len(frames) == 6 and all(len(f) == 1 for f in frames)
    pd.testing.assert_frame_equal(pd.concat(frames, ignore_index=True), autocode(_demo_corpus(), c))


def test_contextual_lemma_keys_give_same_matches(tmp_path):
    # With a trained pipeline lemmas depend on context, so tokens are keyed on (ORTH, LEMMA).
    c = cb({"id": "A", "name": "a", "keywords": ["vermoeden", "gat in het hek", "drugs*"], "negation": True})
    text = "Vermoedens over drugshandel. Geen vermoeden. Een gat in het hek."
    by_orth = RuleSet(c)
    by_pair = RuleSet(c)
    by_pair._orth_keyed = False
    doc = by_orth.nlp(text)
    assert by_orth.match_doc(doc, text) == by_pair.match_doc(doc, text)
    assert len(by_pair.match_doc(doc, text)[0]) == 2


def test_autocode_with_saved_pipeline(tmp_path):
    import spacy

    pipeline = spacy.blank("nl")
    pipeline.add_pipe("lemmatizer", config={"mode": "lookup"})
    pipeline.initialize()
    pipeline.to_disk(tmp_path / "pipe")
    c = cb({"id": "V", "name": "v", "keywords": ["vermoeden"]})
    df = code("Vermoedens genoeg. Niks.", c, model=str(tmp_path / "pipe"))
    assert df["text"].tolist() == ["Vermoedens genoeg."]


# -- how people speak: compounds, diminutives, plurals, spelling variants (issue 19) -----------


def _evidence(text: str, *keywords: str) -> list[str]:
    found = code(text, cb({"id": "A", "name": "a", "keywords": list(keywords)}))
    return [e for ev in found["evidence"] for e in ev.split("; ")]


def test_compound_head_and_modifier_are_opt_in():
    text = "De drugssmokkel groeit. Havenbeveiliging is zwak. Een smokkelroute. Gewoon smokkel."
    assert _evidence(text, "+smokkel") == ["drugssmokkel", "smokkel"]  # head (and the word itself)
    assert _evidence(text, "smokkel+") == ["smokkelroute", "smokkel"]  # modifier
    assert _evidence(text, "+smokkel+") == ["drugssmokkel", "smokkelroute", "smokkel"]
    assert _evidence(text, "haven+") == ["Havenbeveiliging"]
    assert _evidence(text, "smokkel") == ["smokkel"]  # without '+' a keyword is one word


def test_compound_heads_through_plurals_hyphens_and_minimum_part():
    text = "Twee containerschepen. Een CIE-melding kwam binnen. Ervis? Vissersboten."
    assert _evidence(text, "+schip") == ["containerschepen"]  # lemma containerschip
    assert _evidence(text, "+melding") == ["CIE-melding"]  # hyphen folded away
    assert _evidence(text, "+vis") == []  # "er" is too short to be the other part
    assert _evidence(text, "+boot") == ["Vissersboten"]


def test_demo_codebook_compounds_that_matter():
    demo = Codebook.load(Path(__file__).resolve().parents[1] / "codebook" / "havens.yaml")
    rows = code("Er kwam een CIE-melding binnen. Het cameratoezicht is slecht. Na de havenstaatcontroles. "
                "Er is een driehoeksoverleg. Hun passenregistratie klopt niet.", demo)
    by_code = rows.groupby("code")["evidence"].apply(list).to_dict()
    assert by_code["SIG.7"] == ["CIE-melding"]
    assert by_code["INFO.1"] == ["cameratoezicht", "havenstaatcontroles"]
    assert by_code["SAM.1"] == ["driehoeksoverleg"]
    assert by_code["INFO.2"] == ["passenregistratie"]


def test_plurals_and_diminutives_match_the_keyword():
    text = "De havens liggen stil. Twee bootjes. Een busje. Een lijntje. Wat balletjes."
    assert _evidence(text, "haven") == ["havens"]
    assert _evidence(text, "boot", "bus", "lijn", "bal") == ["bootjes", "busje", "lijntje", "balletjes"]


def test_spelling_variants_are_folded_with_exact_offsets():
    text = "Cocaine en cocaïne. Pick-ups en pickups. Collega's."
    rows = code(text, cb({"id": "A", "name": "a", "keywords": ["cocaïne", "pickup", "collega"]}))
    t = make_transcript("D", [("respondent", text)])
    assert all(t.text[s:e] == txt for s, e, txt in zip(rows["start"], rows["end"], rows["text"]))
    assert list(rows["evidence"]) == ["Cocaine; cocaïne", "Pick-ups; pickups", "Collega's"]


def test_exact_form_keyword_does_not_match_other_forms_of_its_lemma():
    text = "Ik heb gebeld. Ik bel morgen. Zij belt."
    assert _evidence(text, "gebeld") == ["gebeld", "bel", "belt"]  # through the lemma 'bellen'
    assert _evidence(text, "=gebeld") == ["gebeld"]


def test_keyword_syntax_errors_for_plus_and_equals():
    with pytest.raises(Exception, match="'\\+' may only start a word"):
        cb({"id": "A", "name": "a", "keywords": ["ha+ven"]})
    with pytest.raises(Exception, match="'=' starts an exact word form"):
        cb({"id": "A", "name": "a", "keywords": ["=haven*"]})
    with pytest.raises(Exception, match="either a prefix"):
        cb({"id": "A", "name": "a", "keywords": ["+haven*"]})


def test_n_process_paths_give_the_same_rows_for_every_unit():
    """Forked workers over an in-memory corpus (index ranges, compact rows) and over a stream
    (pickled transcripts) give exactly the single-process table."""
    codebook = Codebook.load(DATA.parent.parent.parent / "codebook" / "havens.yaml")
    corpus = _demo_corpus()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for unit in ("sentence", "turn", "paragraph"):
            one = autocode(corpus, codebook, unit=unit)
            assert len(one) > 0
            pd.testing.assert_frame_equal(one, autocode(list(corpus), codebook, unit=unit, n_process=2))
            pd.testing.assert_frame_equal(one, autocode((t for t in corpus), codebook, unit=unit, n_process=2))
        seen: list[int] = []
        autocode(corpus, codebook, n_process=2, progress=seen.append)
        assert seen == [t.n_words for t in corpus]


def test_guided_ranges_cover_every_document_once_and_shrink():
    from researchkit.autocode.parallel import guided_ranges

    weights = [300, 5, 5, 5, 5, 900, 5, 5, 40, 40, 40, 40]
    ranges = guided_ranges(weights, 2)
    assert [i for a, b in ranges for i in range(a, b)] == list(range(len(weights)))
    assert (5, 6) in ranges  # the heavy document is a range of its own
    assert guided_ranges([], 2) == []
    even = [10] * 200
    sizes = [sum(even[a:b]) for a, b in guided_ranges(even, 2)]
    assert sizes[0] == 500 and sizes[-1] <= 2000 / 64 and sizes == sorted(sizes, reverse=True)


def test_a_failing_or_dying_helper_process_is_reported_not_waited_for(monkeypatch):
    """n_process=2: an exception in the forked helper reaches the caller as itself; a helper
    that dies without a word raises RK222 (the caller does not hang)."""
    import os

    from researchkit.autocode import parallel
    from researchkit.errors import WorkerError

    import multiprocessing

    codebook = cb({"id": "A", "name": "a", "keywords": ["douane"]})
    corpus = [make_transcript(f"D{i:02d}", [("respondent", "De douane kwam. " * 20)]) for i in range(40)]
    parent = os.getpid()
    real = parallel._code_range

    def broken(fail):  # the caller codes only once the helper has taken a range (else, on a loaded
        started = multiprocessing.get_context("fork").Event()  # machine, the caller may code everything first)

        def code_range(rules, docs, unit, need_words, keep_sentences=False):
            if os.getpid() != parent:
                started.set()
                fail()
            if not started.wait(600):  # a guard against hanging CI if the helper cannot start, not a speed check
                raise RuntimeError("the forked helper never took a range")
            return real(rules, docs, unit, need_words, keep_sentences)
        return code_range

    def raise_key_error():
        raise KeyError("broken in the helper")

    monkeypatch.setattr(parallel, "_code_range", broken(raise_key_error))
    with pytest.raises(KeyError, match="broken in the helper"):
        autocode(corpus, codebook, n_process=2)

    monkeypatch.setattr(parallel, "_code_range", broken(lambda: os._exit(3)))
    with pytest.raises(WorkerError, match=r"RK222.*exit code 3"):
        autocode(corpus, codebook, n_process=2)
    monkeypatch.setattr(parallel, "_code_range", real)
    pd.testing.assert_frame_equal(autocode(corpus, codebook, n_process=3), autocode(corpus, codebook))


def test_documents_with_nothing_to_code_keep_their_place_in_the_stream():
    """Transcripts without a turn to code (first, between, last, several in a row) come back
    in corpus order with no rows, and the others keep theirs."""
    from researchkit.autocode.stream import code_transcripts, prepare

    c = cb({"id": "A", "name": "a", "keywords": ["douane"]})
    rules, _roles = prepare(c, "sentence", ("respondent",), 1, None)

    def asked(doc_id: str) -> Transcript:
        return Transcript(doc_id, "I: De douane?", (Turn("I", "interviewer", 3, 13),))

    def answered(doc_id: str) -> Transcript:
        return Transcript(doc_id, "R: De douane. Ja.\nR: Nog eens de douane.",
                          (Turn("R", "respondent", 3, 17), Turn("R", "respondent", 21, 40)))

    corpus = [asked("E1"), answered("A1"), asked("E2"), asked("E3"), answered("A2"), asked("E4")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = list(code_transcripts(rules, corpus, "sentence", batch_size=2))
    assert [doc_id for doc_id, _ in out] == ["E1", "A1", "E2", "E3", "A2", "E4"]
    assert [len(rows) for _, rows in out] == [0, 2, 0, 0, 2, 0]
    assert [r[6] for r in out[1][1]] == ["De douane.", "Nog eens de douane."]


def test_compiled_rules_are_reused_until_the_codebook_changes():
    """Coding again with an equal codebook reuses the compiled rules; a codebook edited in
    place, another pipeline or other default roles compile anew (and code by the new rules)."""
    import dataclasses

    from researchkit.autocode.stream import compiled_rules
    from researchkit.nlp import get_pipeline

    book = cb({"id": "A", "name": "a", "keywords": ["douane"]})
    nlp = get_pipeline("nl")
    first = compiled_rules(book, nlp, ("respondent",))
    assert compiled_rules(Codebook.from_dict(book.to_dict()), nlp, ("respondent",)) is first
    assert compiled_rules(book, nlp, ("respondent", "interviewer")) is not first
    assert compiled_rules(book, get_pipeline("nl", lemmatizer="lookup"), ("respondent",)) is not first
    assert len(code("De douane kwam.", book)) == 1
    book.codes[0].rules = dataclasses.replace(book.codes[0].rules, keywords=("kade",))  # edited in place
    assert compiled_rules(book, nlp, ("respondent",)) is not first
    assert len(code("De douane kwam.", book)) == 0 and len(code("Op de kade.", book)) == 1


def test_proximity_windows_are_the_occurrences_within_reach_of_each_anchor():
    """``windows`` (bisection) gives, for every occurrence in start order, exactly the
    occurrences that start 0..width tokens after it: checked against the definition on
    random occurrence lists with ties, overlaps and empty input."""
    import random

    from researchkit.autocode.terms import windows

    def by_definition(occ, width):
        occ = sorted(occ, key=lambda o: o[1])
        return [[o for o in occ if 0 <= o[1] - anchor[1] <= width] for anchor in occ]

    rng = random.Random(20261204)
    for _ in range(2000):
        starts = [rng.randint(0, 40) for _ in range(rng.randint(0, 25))]
        occ = [(rng.randint(0, 3), s, s + rng.randint(1, 3)) for s in starts]
        width = rng.randint(0, 12)
        assert windows(occ, width) == by_definition(occ, width)
    assert windows([(0, 5, 6), (1, 5, 7), (2, 9, 10)], 3) == [[(0, 5, 6), (1, 5, 7)], [(0, 5, 6), (1, 5, 7)], [(2, 9, 10)]]

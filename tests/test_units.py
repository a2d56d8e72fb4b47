"""Tests for researchkit.units."""

from __future__ import annotations

import pytest

from researchkit.errors import ConfigurationError
from researchkit.transcripts import Corpus, Transcript, Turn
from researchkit.units import UNIT_COLUMNS, units


def _transcript() -> Transcript:
    text = (
        "I: Hoe werkt u samen? Vertel.\n"
        "R: We werken goed samen. Soms niet.\n"
        "Nieuwe alinea zonder punt\n"
        "I: Dank u\n"
        "R: Graag gedaan."
    )
    i1 = text.index("Hoe")
    r1 = text.index("We werken")
    r1_end = text.index("\nI: Dank")
    i2 = text.index("Dank")
    r2 = text.index("Graag")
    turns = (
        Turn("I", "interviewer", i1, text.index("\nR:")),
        Turn("R", "respondent", r1, r1_end),
        Turn("I", "interviewer", i2, text.index("\nR: Graag")),
        Turn("R", "respondent", r2, len(text)),
    )
    return Transcript("R01", text, turns)


@pytest.fixture()
def corpus() -> Corpus:
    return Corpus([_transcript(), Transcript("R02", "Los tekstje. Zonder sprekers.")])


def _check_offsets(frame, corpus):
    texts = corpus.texts()
    for row in frame.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
        assert row.text == row.text.strip() and row.text


def test_sentence_units(corpus):
    df = units(corpus, "sentence")
    assert list(df.columns) == UNIT_COLUMNS
    _check_offsets(df, corpus)
    r01 = df[df.doc_id == "R01"]
    assert r01["text"].tolist() == [
        "Hoe werkt u samen?", "Vertel.", "We werken goed samen.", "Soms niet.",
        "Nieuwe alinea zonder punt", "Dank u", "Graag gedaan.",
    ]
    assert r01["unit_index"].tolist() == list(range(7))
    assert r01["role"].tolist()[2:5] == ["respondent"] * 3
    # a transcript without turns is one 'other' turn
    r02 = df[df.doc_id == "R02"]
    assert r02["role"].tolist() == ["other", "other"]
    assert r02["speaker"].tolist() == ["", ""]


def test_sentences_never_cross_turns(corpus):
    t = corpus["R01"]
    df = units(corpus, "sentence")
    for row in df[df.doc_id == "R01"].itertuples():
        turn = t.turns[row.turn]
        assert turn.start <= row.start < row.end <= turn.end


def test_role_filter_keeps_unit_index(corpus):
    all_units = units(corpus, "sentence")
    resp = units(corpus, "sentence", roles=["respondent"])
    assert set(resp["role"]) == {"respondent"}
    merged = resp.merge(all_units, on=["doc_id", "unit_index"], suffixes=("", "_all"))
    assert (merged["start"] == merged["start_all"]).all()
    assert len(resp) == 4


def test_turn_paragraph_document_units(corpus):
    turns = units(corpus, "turn", roles="respondent")
    _check_offsets(turns, corpus)
    assert turns["text"].tolist()[0] == "We werken goed samen. Soms niet.\nNieuwe alinea zonder punt"
    paras = units(corpus, "paragraph", roles=["respondent"])
    _check_offsets(paras, corpus)
    assert paras["text"].tolist() == ["We werken goed samen. Soms niet.", "Nieuwe alinea zonder punt", "Graag gedaan."]
    docs = units(corpus, "document")
    _check_offsets(docs, corpus)
    assert len(docs) == 2 and docs["turn"].isna().all()


def test_single_transcript_and_determinism():
    t = _transcript()
    assert units(t, "sentence").equals(units(t, "sentence"))


def test_bad_unit_and_role(corpus):
    with pytest.raises(ConfigurationError) as info:
        units(corpus, "sentense")
    assert info.value.code == "RK204" and "did you mean 'sentence'" in str(info.value)
    with pytest.raises(ConfigurationError) as info:
        units(corpus, "turn", roles=["respondant"])
    assert info.value.code == "RK205"


def test_empty_corpus():
    df = units(Corpus([]), "sentence")
    assert df.empty and list(df.columns) == UNIT_COLUMNS


def test_language_from_attribute():
    t = Transcript("E1", "We work together. Fine.", attributes={"language": "en"})
    assert units(t, "sentence", lang=None)["text"].tolist() == ["We work together.", "Fine."]


def test_sentence_split_without_the_lemmatizer_equals_the_whole_pipeline():
    """The split skips the blank pipeline's lemmatizer; the sentences are those of the whole pipeline."""
    from pathlib import Path

    from researchkit.io import read_corpus
    from researchkit.nlp import get_pipeline
    from researchkit.units import iter_segments, sentence_spans

    demo = read_corpus(Path(__file__).resolve().parents[1] / "transcripts")
    nlp = get_pipeline("nl")
    assert "lemmatizer" in nlp.pipe_names
    for transcript in list(demo)[:4]:
        segments = list(iter_segments(transcript))
        docs = nlp.pipe(transcript.text[s:e] for _, _, s, e in segments)  # every component
        whole = [(a, b) for (_, _, s, e), doc in zip(segments, docs) for a, b in sentence_spans(doc, s, transcript.text[s:e])]
        split = units(Corpus([transcript]), "sentence")
        assert list(zip(split["start"], split["end"])) == whole and len(whole) > 50


def _line_by_line(transcript: Transcript, lang: str) -> list[tuple[int, int, int]]:
    """The split as it was made before whole turns: every line of every turn on its own."""
    from researchkit.nlp import get_pipeline
    from researchkit.units import iter_segments, sentence_spans

    nlp = get_pipeline(lang)
    pieces = list(iter_segments(transcript))
    docs = nlp.pipe(transcript.text[s:e] for _, _, s, e in pieces)
    return [(a, b, i) for (i, _, s, e), doc in zip(pieces, docs) for a, b in sentence_spans(doc, s, transcript.text[s:e])]


def test_whole_turn_split_equals_the_line_by_line_split_on_awkward_text():
    """Units split whole turns (as auto-coding does, a line break ending a sentence); on text full of
    line breaks, stray punctuation, quotes, abbreviations, tabs and non-Latin stops the sentences
    are exactly those of splitting every line on its own."""
    import random

    from researchkit.units import _TURN_SENTENCES

    rnd = random.Random(20261204)
    atoms = ["Ja", "nee", "haven", ".", "!", "?", "...", "…", "\n", "\n\n", " ", "  ", "\t", '"', "'", "(", ")",
             "«", "»", "-", "–", ":", ";", "Mr.", "e.g.", "3.5", "dhr.", "etc.", "?!", '."', "'s", "😀", "\u00a0",
             "\u2028", "\u3002", "¿", "¡", "؟", "।"]
    for _ in range(250):
        body = "".join(a + (" " if rnd.random() < 0.5 else "") for a in (rnd.choice(atoms) for _ in range(rnd.randint(1, 40))))
        text = "I: Vraag?\nR: " + body
        t = Transcript("d", text, turns=(Turn("I", "interviewer", 3, 9), Turn("R", "respondent", 13, len(text))))
        for lang in ("nl", "en"):
            _TURN_SENTENCES.clear()
            split = units(t, "sentence", lang=lang)
            assert list(zip(split["start"], split["end"], split["turn"])) == _line_by_line(t, lang), repr(body)


def test_split_kept_by_auto_coding_equals_a_cold_split_on_awkward_text():
    """The split auto-coding keeps (arrays: first to last token that is not whitespace) is the
    split units() makes itself (character trimming), on text full of line breaks and odd spaces."""
    import random

    from researchkit.autocode import autocode
    from researchkit.codebook import Codebook
    from researchkit.units import _TURN_SENTENCES

    book = Codebook.from_dict({"codes": [{"id": "H", "name": "haven", "keywords": ["haven"]}]})
    rnd = random.Random(4)
    atoms = ["Ja", "nee", "haven", ".", "!", "?", "...", "\n", "\n\n", " ", "  ", "\t", "\u00a0", "\u2028", "\u3000",
             '"', "(", ")", ":", "Mr.", "3.5", "?!", "\u2009", "\r"]
    for _ in range(150):
        body = "".join(a + (" " if rnd.random() < 0.4 else "") for a in (rnd.choice(atoms) for _ in range(rnd.randint(1, 50))))
        text = "I: Vraag?\nR: " + body
        t = Transcript("d", text, turns=(Turn("I", "interviewer", 3, 9), Turn("R", "respondent", 13, len(text))))
        _TURN_SENTENCES.clear()
        cold = units(t, "sentence")
        _TURN_SENTENCES.clear()
        autocode(t, book)
        assert (1 in next(iter(_TURN_SENTENCES.values()))[0]) if body.strip() else not _TURN_SENTENCES  # kept
        warm = units(t, "sentence")
        assert warm.equals(cold), repr(body)


def test_keep_sentences_false_keeps_nothing_and_parallel_coding_gives_the_same_units():
    from pathlib import Path

    from researchkit.autocode import autocode, iter_autocode
    from researchkit.codebook import Codebook
    from researchkit.io import read_corpus
    from researchkit.units import _TURN_SENTENCES

    demo = read_corpus(Path(__file__).resolve().parents[1] / "transcripts")
    corpus = Corpus(list(demo)[:4])
    book = Codebook.from_dict({"codes": [{"id": "H", "name": "haven", "keywords": ["haven"]}]})
    _TURN_SENTENCES.clear()
    autocode(corpus, book, keep_sentences=False)
    for _ in iter_autocode(corpus, book):  # streaming keeps nothing by default (it would grow with the corpus)
        pass
    assert not _TURN_SENTENCES
    cold = units(corpus, "sentence")
    _TURN_SENTENCES.clear()
    autocode(corpus, book, n_process=2)  # the calling process keeps its share; the helpers' share is split anew
    assert units(corpus, "sentence").equals(cold)


def test_auto_coding_split_is_reused_by_units(monkeypatch):
    """Auto-coding records the sentences of the turns it parses; units then hands spaCy only the
    other turns (here the interviewer's), and the table is the one a cold split gives."""
    from researchkit import nlp as nlp_module
    from researchkit.autocode import autocode
    from researchkit.codebook import Codebook
    from researchkit.units import _TURN_SENTENCES

    corpus = Corpus([_transcript()])
    _TURN_SENTENCES.clear()
    cold = units(corpus, "sentence")
    _TURN_SENTENCES.clear()
    book = Codebook.from_dict({"codes": [{"id": "SAM", "name": "samenwerking", "keywords": ["samen"]}]})
    codings = autocode(corpus, book)
    assert len(codings) == 1
    real = nlp_module.get_pipeline
    handed: list[str] = []

    class Counting:
        def __init__(self, nlp):
            self.nlp, self.pipe_names = nlp, nlp.pipe_names

        def pipe(self, texts, **kwargs):
            texts = list(texts)
            handed.extend(texts)
            return self.nlp.pipe(texts, **kwargs)

    monkeypatch.setattr(nlp_module, "get_pipeline", lambda *a, **k: Counting(real(*a, **k)))
    warm = units(corpus, "sentence")
    assert handed == ["Hoe werkt u samen? Vertel.", "Dank u"]
    assert warm.equals(cold)
    coded = codings.iloc[0]
    assert ((warm["start"] == coded["start"]) & (warm["end"] == coded["end"])).sum() == 1  # a coded sentence is a unit


def test_trained_pipeline_split_is_not_taken_from_a_blank_pipeline():
    """Only blank pipelines share their split: a trained pipeline (its parser may set the boundaries) is its own."""
    from researchkit.nlp import blank_language, get_pipeline

    assert blank_language(get_pipeline("nl")) == "nl"
    assert blank_language(get_pipeline("nl", lemmatizer="lookup")) == "nl"
    assert blank_language(object()) is None and blank_language("nl") is None

"""The shipped demo corpus: fictional, complete, and read without problems."""

from pathlib import Path

from researchkit import read_corpus

ROOT = Path(__file__).resolve().parents[1]


def test_demo_corpus_reads_cleanly():
    corpus = read_corpus(ROOT / "transcripts", attributes=ROOT / "transcripts" / "attributes.csv")
    assert len(corpus) >= 16 and not corpus.problems
    formats = {t.source.format for t in corpus}
    assert {"docx", "text", "vtt"} <= formats
    for t in corpus:
        assert 1200 <= t.n_words <= 2500, (t.doc_id, t.n_words)
        assert "Fictief" in t.attributes["note"]
        roles = {turn.role for turn in t.turns}
        assert {"interviewer", "respondent"} <= roles, t.doc_id
        for turn in t.turns:
            assert t.text[turn.start : turn.end].strip() == t.text[turn.start : turn.end]
    attrs = corpus.attributes
    assert set(attrs["port"]) == {"Harlingen", "Lauwersoog", "Delfzijl", "Eemshaven"}
    assert set(attrs["group"]) == {"politie", "handhaving", "bedrijfsleven"}
    assert "fictional" in (ROOT / "transcripts" / "README.md").read_text(encoding="utf-8").lower()

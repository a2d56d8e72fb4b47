"""The pseudonymised view: offsets of turns, paragraphs and codings re-mapped exactly; the original untouched."""

import random
import re

import pandas as pd
import pytest

from researchkit.codings import validate_codings
from researchkit.errors import PrivacyError
from researchkit.privacy import (
    KeyEntry,
    PrivacyKey,
    apply_key,
    find_identifiers,
    pseudonymise_text,
    pseudonymise_with_map,
)
from researchkit.transcripts import Corpus, Transcript, Turn

KEY = PrivacyKey([KeyEntry("Henk Zijlstra"), KeyEntry("Piet de Boer"), KeyEntry("Kustvaart Noord BV", kind="company"),
                  KeyEntry("Zeester", kind="vessel")]).assigned()
KINDS = ["email", "url", "phone", "plate", "iban", "postcode", "imo", "mmsi"]  # context-free kinds
TURNS = {
    "R1": [
        ("Interviewer", "interviewer", "Goedemiddag meneer Zijlstra, fijn dat het kan."),
        ("Henk Zijlstra", "respondent", "Ja hoor. De Boer belde me gisteren op 06-12345678 over de Zeester. "
                                        "Die ligt bij Kustvaart Noord BV, Kade 3, 9934 AA Delfzijl."),
        ("Interviewer", "interviewer", "En wat zei de boer op het land?"),
        ("Henk Zijlstra", "respondent", "Niks. De bus met 12-ABC-3 stond er weer; mail maar naar p.boer@kustvaart.nl "
                                        "of kijk op https://www.kustvaart-noord.nl/vloot. IMO 9074729, dat schip."),
    ],
    "R2": [
        ("I", "interviewer", "Kent u Piet de Boer?"),
        ("R", "respondent", "Piet? Boers kotter, de ZEESTER, MMSI 244123456. Geld ging naar NL91 ABNA 0417 1643 00."),
        ("I", "interviewer", "Dank u."),
    ],
}


def build() -> Corpus:
    docs = []
    for doc_id, turns in TURNS.items():
        text, out = "", []
        for label, role, said in turns:
            text += ("\n" if text else "") + f"{label}: "
            out.append(Turn(label, role, len(text), len(text) + len(said)))
            text += said
        docs.append(Transcript(doc_id, text, tuple(out), {"port": "Delfzijl", "contact": "Henk Zijlstra, 06-12345678"}))
    return Corpus(docs)


def word_codings(corpus: Corpus, n: int = 400, seed: int = 7) -> pd.DataFrame:
    """Random codings whose boundaries fall on word boundaries (as coders and rules make them)."""
    rng = random.Random(seed)
    rows = []
    for t in corpus:
        starts = [m.start() for m in re.finditer(r"\S+", t.text)]
        ends = [m.end() for m in re.finditer(r"\S+", t.text)]
        for _ in range(n // len(corpus)):
            i = rng.randrange(len(starts))
            j = rng.randrange(i, min(i + 25, len(ends)))
            rows.append({"doc_id": t.doc_id, "start": starts[i], "end": ends[j], "code": f"C{rng.randrange(5)}",
                         "coder": "anna", "source": "manual"})
    return validate_codings(pd.DataFrame(rows), corpus)


def test_turns_paragraphs_and_speakers_are_remapped():
    corpus = build()
    view = apply_key(corpus, KEY, kinds=KINDS)
    for old, new in zip(corpus, view.corpus):
        assert len(new.turns) == len(old.turns)
        for a, b in zip(old.turns, new.turns):
            assert new.turn_text(b) == pseudonymise_text(old.turn_text(a), KEY, kinds=KINDS)
            assert (b.role, b.timestamp) == (a.role, a.timestamp)
        for (s, e), (s2, e2) in zip(old.paragraphs, new.paragraphs):
            assert new.text[s2:e2] == pseudonymise_text(old.text[s:e], KEY, kinds=KINDS)
    r1 = view.corpus["R1"]
    assert [t.speaker for t in r1.turns][:2] == ["Interviewer", "[PERSOON-1]"]
    assert "Zijlstra" not in r1.text and "meneer [PERSOON-1]" in r1.text and "de boer op het land" in r1.text
    assert r1.attributes == {"port": "Delfzijl", "contact": "[PERSOON-1], [TELEFOON]"}
    assert view.checksum == KEY.checksum and view.replacements > 15


def test_every_coding_quotes_the_pseudonymised_passage():
    """Property: for codings on word boundaries, new_text[start:end] == pseudonymise(original passage)."""
    corpus = build()
    codings = word_codings(corpus)
    view = apply_key(corpus, KEY, codings=codings, kinds=KINDS)
    validate_codings(view.codings, view.corpus)  # text == text[start:end] in the new corpus
    checked = 0
    for old, new in zip(codings.itertuples(), view.codings.itertuples()):
        passage = corpus[old.doc_id].text[old.start : old.end]
        ids = find_identifiers(corpus[old.doc_id].text, KEY, kinds=KINDS)
        if any(h.start < old.start < h.end or h.start < old.end < h.end for h in ids):
            continue  # a boundary inside an identifier: see the next test
        assert new.text == pseudonymise_text(passage, KEY, kinds=KINDS), passage
        assert (new.code, new.coder, new.doc_id) == (old.code, old.coder, old.doc_id)
        checked += 1
    assert checked > 200


def test_any_boundary_maps_to_the_whole_pseudonym():
    """Property for arbitrary offsets: the new passage is the old one with every identifier it touches replaced whole."""
    corpus = build()
    rng = random.Random(11)
    rows = []
    for t in corpus:
        for _ in range(300):
            s = rng.randrange(len(t.text))
            e = rng.randrange(s + 1, min(len(t.text), s + 80) + 1)
            rows.append({"doc_id": t.doc_id, "start": s, "end": e, "code": "X", "coder": "c", "source": "manual"})
    codings = validate_codings(pd.DataFrame(rows), corpus)
    view = apply_key(corpus, KEY, codings=codings, kinds=KINDS)
    for old, new in zip(codings.itertuples(), view.codings.itertuples()):
        text = corpus[old.doc_id].text
        expected, pos = "", old.start
        for h in find_identifiers(text, KEY, kinds=KINDS):
            if h.end <= old.start or h.start >= old.end:
                continue
            expected += text[pos : max(pos, h.start)] + h.replacement
            pos = max(pos, h.end)
        expected += text[pos : old.end] if pos < old.end else ""
        assert new.text == expected, (old.start, old.end, text[old.start : old.end])


def test_a_boundary_inside_a_name_widens_to_the_pseudonym():
    corpus = Corpus([Transcript("d", "Bel Piet de Boer nu.")])
    codings = pd.DataFrame([{"doc_id": "d", "start": 6, "end": 13, "code": "X", "coder": "a", "source": "manual"},
                            {"doc_id": "d", "start": 0, "end": 4, "code": "Y", "coder": "a", "source": "manual"},
                            {"doc_id": "d", "start": 16, "end": 20, "code": "Z", "coder": "a", "source": "manual",
                             "memo": "Piet zei het"}])
    view = apply_key(corpus, KEY, codings=codings)
    assert view.corpus["d"].text == "Bel [PERSOON-2] nu."
    assert view.codings["text"].tolist() == ["[PERSOON-2]", "Bel ", " nu."]
    assert view.codings["memo"].tolist()[2] == "[PERSOON-2] zei het"


def test_the_original_is_untouched():
    corpus = build()
    codings = word_codings(corpus, n=40)
    before_texts, before_codings = corpus.texts(), codings.copy()
    before_turns = [t.turns for t in corpus]
    apply_key(corpus, KEY, codings=codings)
    assert corpus.texts() == before_texts and [t.turns for t in corpus] == before_turns
    pd.testing.assert_frame_equal(codings, before_codings)


def test_patterns_only_and_unassigned_keys():
    view = apply_key(build(), None, kinds="phone")
    assert "[TELEFOON]" in view.corpus["R1"].text and "Zijlstra" in view.corpus["R1"].text and view.checksum == ""
    fresh = PrivacyKey([KeyEntry("Henk Zijlstra")])
    assert apply_key(build(), fresh).corpus["R1"].turns[1].speaker == "[PERSOON-1]"


def test_codings_that_do_not_fit_are_refused():
    corpus = build()
    bad = pd.DataFrame([{"doc_id": "R9", "start": 0, "end": 2, "code": "X", "coder": "a", "source": "manual"},
                        {"doc_id": "R1", "start": 5, "end": 99999, "code": "X", "coder": "a", "source": "manual"},
                        {"doc_id": "R1", "start": 0, "end": 3, "code": "X", "coder": "a", "source": "manual", "text": "xyz"}])
    with pytest.raises(PrivacyError, match=r"RK576.*3 coding\(s\).*'R9' is not in the corpus.*outside the text.*'xyz'"):
        apply_key(corpus, KEY, codings=bad)
    with pytest.raises(PrivacyError, match="RK576"):
        apply_key(corpus, KEY, codings=pd.DataFrame({"doc_id": ["R1"]}))


def test_offset_map_round_trip_on_a_long_text():
    text = " ".join(["Piet de Boer belde 06-12345678 over de Zeester."] * 200)
    new, mapping = pseudonymise_with_map(text, KEY)
    assert new.count("[PERSOON-2]") == 200 and new.count("[TELEFOON]") == 200 and new.count("[SCHIP-1]") == 200
    for s, e in [(0, 12), (13, 30), (len(text) - 8, len(text))]:
        assert new[mapping.start(s) : mapping.end(e)] == pseudonymise_text(text[s:e], KEY)

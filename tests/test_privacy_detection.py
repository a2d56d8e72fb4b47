"""Detection of identifiers: precision and recall per kind on hand-written Dutch sentences, and each detector."""

import pathlib
import re

import pytest
import yaml

from researchkit.errors import PrivacyError
from researchkit.privacy import (
    PATTERN_KINDS,
    KeyEntry,
    PrivacyKey,
    find_identifiers,
    find_patterns,
    iban_valid,
    imo_valid,
    pseudonymise_text,
    read_key,
    resolve_kinds,
)

DATA = pathlib.Path(__file__).parent / "data" / "privacy"
MARK = re.compile(r"\{\{(\w+)\|(.+?)\}\}")
#: The thresholds this test holds the detectors to (per kind, on tests/data/privacy/sentences.yaml).
MIN_PRECISION = 0.85
MIN_RECALL = 0.90


def parse(sentence: str) -> tuple[str, set[tuple[int, int, str]]]:
    """Strip the {{kind|text}} marks; return the text and the gold spans."""
    text, gold, pos = "", set(), 0
    for m in MARK.finditer(sentence):
        text += sentence[pos : m.start()]
        gold.add((len(text), len(text) + len(m.group(2)), m.group(1)))
        text += m.group(2)
        pos = m.end()
    return text + sentence[pos:], gold


def load_sentences() -> list[tuple[str, str, set]]:
    data = yaml.safe_load((DATA / "sentences.yaml").read_text(encoding="utf-8"))
    return [(section, *parse(s)) for section, sentences in data.items() for s in sentences]


def scores() -> dict[str, dict[str, float]]:
    key = read_key(DATA / "key.yaml")
    counts: dict[str, list[int]] = {}
    for _section, text, gold in load_sentences():
        found = {(h.start, h.end, h.kind) for h in find_identifiers(text, key)}
        for kind in {k for *_x, k in gold | found}:
            tp = len({g for g in gold if g[2] == kind} & {f for f in found if f[2] == kind})
            c = counts.setdefault(kind, [0, 0, 0])
            c[0] += tp
            c[1] += len([f for f in found if f[2] == kind])
            c[2] += len([g for g in gold if g[2] == kind])
    return {k: {"precision": tp / pred if pred else 1.0, "recall": tp / gold if gold else 1.0, "gold": gold, "found": pred}
            for k, (tp, pred, gold) in sorted(counts.items())}


def test_fixture_covers_every_kind():
    kinds = {k for _s, _t, gold in load_sentences() for *_x, k in gold}
    assert set(PATTERN_KINDS) | {"person", "company", "vessel"} <= kinds
    sections = {s for s, _t, gold in load_sentences() if not gold}
    assert len(sections) >= 10  # every section has negatives (sentences without identifiers)


def test_precision_and_recall_per_kind(capsys):
    result = scores()
    with capsys.disabled():
        print("\nidentifier detection on tests/data/privacy/sentences.yaml")
        print(f"{'kind':<10} {'gold':>4} {'found':>5} {'precision':>9} {'recall':>6}")
        for kind, s in result.items():
            print(f"{kind:<10} {s['gold']:>4} {s['found']:>5} {s['precision']:>9.3f} {s['recall']:>6.3f}")
    for kind, s in result.items():
        assert s["precision"] >= MIN_PRECISION, f"{kind}: precision {s['precision']:.3f}"
        assert s["recall"] >= MIN_RECALL, f"{kind}: recall {s['recall']:.3f}"


def test_each_section_is_found_by_its_own_detector_alone():
    key = read_key(DATA / "key.yaml")
    for section, text, gold in load_sentences():
        if section == "hard":
            continue
        if section in PATTERN_KINDS:
            found = {(m.start, m.end, m.kind) for m in find_patterns(text, kinds=[section])}
            assert found == gold, (section, text)
        else:
            found = {(m.start, m.end, m.kind) for m in key.find(text)}
            assert found == gold, (section, text)


@pytest.mark.parametrize("number", [
    "06-12345678", "06 1234 5678", "06 12 34 56 78", "0612345678", "050-1234567", "050 123 4567", "0591 123456",
    "0591-123456", "020 - 123 45 67", "+31 6 12345678", "+31612345678", "+31 (0)50 123 4567", "+31 (0)6 1234 5678",
    "0031 6 12345678", "0031 50 1234567", "+44 20 7946 0958", "+49 30 1234567", "+1 212 555 0199", "0800-1234",
    "088-1234567", "(050) 123 45 67",
])
def test_phone_formats(number):
    hits = find_patterns(f"Bel {number} even.", kinds=["phone"])
    assert [h.text for h in hits] == [number]


@pytest.mark.parametrize("text", [
    "om 12:30 uur", "in 2019", "pagina 1234", "1.250 euro", "€ 12.500,00", "12-03-2026", "2026-03-12", "nr. 12345",
    "0,5 procent", "tussen 9 en 17 uur", "1 2 3 4 5 6 7 8 9 10", "06-nummer", "zaak 2026/0412", "06-1234",
])
def test_phone_negatives(text):
    assert find_patterns(text, kinds=["phone"]) == []


@pytest.mark.parametrize("plate", [
    "AB-12-34", "12-34-AB", "12-AB-34", "AB-12-CD", "AB-CD-12", "12-AB-CD", "12-ABC-3", "1-ABC-23", "AB-123-C",
    "A-123-BC", "ABC-12-D", "A-12-BCD", "1-AB-234", "123-AB-1",
])
def test_every_sidecode(plate):
    assert [h.text for h in find_patterns(f"De auto met {plate} reed weg.", kinds=["plate"])] == [plate]


def test_plates_without_dashes_only_after_a_plate_word():
    assert [h.text for h in find_patterns("Kenteken: 12ABC3 gezien", kinds=["plate"])] == ["12ABC3"]
    assert [h.text for h in find_patterns("nummerbord AB123C", kinds=["plate"])] == ["AB123C"]
    assert find_patterns("artikel 12ABC3 en AB123C", kinds=["plate"]) == []
    assert find_patterns("kenteken 123456", kinds=["plate"]) == []


def test_iban_and_imo_checks():
    assert iban_valid("NL91ABNA0417164300") and iban_valid("nl91 abna 0417 1643 00")
    assert not iban_valid("NL91ABNA0417164301") and not iban_valid("NL91ABNA041716430")  # checksum, length
    assert iban_valid("GB29NWBK60161331926819") and not iban_valid("XX")
    assert imo_valid("9074729") and not imo_valid("9074720") and not imo_valid("907472")


def test_postcode_needs_capitals_and_not_a_year():
    found = [h.text for h in find_patterns("9712 CP, 9712CP, 9712 cp, 2026, 1234 SS, 0123 AB", kinds=["postcode"])]
    assert found == ["9712 CP", "9712CP"]


def test_birthdates_only_near_a_birth_word():
    text = "Rapport van 1 april 2026. Geboren: 01-02-1970. Interview 12-03-2026. born on 4 July 1960"
    assert [h.text for h in find_patterns(text, kinds=["birthdate"])] == ["01-02-1970", "4 July 1960"]


def test_overlaps_resolved_longest_and_most_specific_first():
    key = PrivacyKey([KeyEntry("Piet Jansen", pseudonym="[PERSOON-1]")])
    hits = find_identifiers("Mail Piet.Jansen@haven.nl of Piet Jansen.", key)
    assert [(h.kind, h.text) for h in hits] == [("email", "Piet.Jansen@haven.nl"), ("person", "Piet Jansen")]
    assert pseudonymise_text("Zie https://haven.nl/piet?tel=0612345678.") == "Zie [URL]."


def test_placeholders_are_never_identifiers():
    key = PrivacyKey([KeyEntry("Naam", kind="other"), KeyEntry("PERSOON", kind="other")])
    assert find_identifiers("[naam] en [PERSOON-1] en [TELEFOON]", key) == []


def test_kinds_option():
    assert resolve_kinds("all") == PATTERN_KINDS and resolve_kinds("none") == () and resolve_kinds(()) == ()
    assert pseudonymise_text("bel 06-12345678 of 12-AB-34", kinds="plate") == "bel 06-12345678 of [KENTEKEN]"
    with pytest.raises(PrivacyError, match=r"RK575.*'fone'.*phone"):
        resolve_kinds(["fone"])

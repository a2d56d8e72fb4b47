"""The pseudonymisation key: file formats, stable pseudonyms, checksum, matching rules, errors, suggestions."""

import pandas as pd
import pytest

from researchkit.errors import PrivacyError
from researchkit.privacy import (
    KeyEntry,
    PrivacyKey,
    confirm_candidates,
    read_key,
    suggest_names,
    write_candidates,
)
from researchkit.transcripts import Corpus, Transcript, Turn


def key_of(*entries, **kw) -> PrivacyKey:
    return PrivacyKey([KeyEntry(*e) if isinstance(e, tuple) else KeyEntry(e) for e in entries], **kw).assigned()


def test_pseudonyms_are_assigned_per_kind_in_file_order():
    key = PrivacyKey([KeyEntry("Piet de Boer"), KeyEntry("Kustvaart BV", kind="bedrijf"), KeyEntry("Els Bos"),
                      KeyEntry("Zeester", kind="schip"), KeyEntry("Urk", kind="plaats")]).assigned()
    assert [e.pseudonym for e in key] == ["[PERSOON-1]", "[BEDRIJF-1]", "[PERSOON-2]", "[SCHIP-1]", "[PLAATS-1]"]


def test_numbers_stay_stable_when_entries_are_added(tmp_path):
    path = tmp_path / "key.yaml"
    key = PrivacyKey([KeyEntry("Piet de Boer"), KeyEntry("Els Bos")]).assigned()
    key.save(path)
    # the researcher inserts a new name at the top of the file, without a pseudonym
    text = path.read_text(encoding="utf-8").replace("entries:\n", "entries:\n- term: Ans Smit\n  kind: person\n")
    path.write_text(text, encoding="utf-8")
    again = read_key(path)
    assert again.unassigned == ["Ans Smit"]
    assigned = again.assigned()
    assert {e.term: e.pseudonym for e in assigned} == {"Ans Smit": "[PERSOON-3]", "Piet de Boer": "[PERSOON-1]",
                                                       "Els Bos": "[PERSOON-2]"}
    assert again.checksum == assigned.checksum  # the checksum describes what the key does


def test_yaml_and_csv_round_trip_with_the_same_checksum(tmp_path):
    key = PrivacyKey([KeyEntry("Piet de Boer", variants=("P. de Boer", "Pietje"), note="buurman"),
                      KeyEntry("Visser", kind="person", case="sensitive", parts=False),
                      KeyEntry("Zeester", kind="vessel", pseudonym="De Boot")]).assigned()
    for name in ("k.yaml", "k.csv"):
        again = read_key(key.save(tmp_path / name))
        assert again.entries == key.entries
        assert again.checksum == key.checksum and again.short_checksum == key.checksum[:12]


def test_checksum_ignores_entry_order_and_tracks_content():
    a = PrivacyKey([KeyEntry("A B", pseudonym="[PERSOON-1]"), KeyEntry("C D", pseudonym="[PERSOON-2]")])
    b = PrivacyKey([KeyEntry("C D", pseudonym="[PERSOON-2]"), KeyEntry("A B", pseudonym="[PERSOON-1]")])
    c = PrivacyKey([KeyEntry("A B", pseudonym="[PERSOON-1]"), KeyEntry("C D", pseudonym="[PERSOON-3]")])
    assert a.checksum == b.checksum != c.checksum
    assert len(a.checksum) == 64 and repr(a).startswith("PrivacyKey(2 entries, checksum ")


def test_case_rules_for_names_that_are_words():
    key = key_of("Kees Visser", "Piet de Boer", ("Zeester", "vessel"), ("de snor", "other"))
    text = "Visser en de visser; De Boer, de Boer en de boer; de Zeester, de ZEESTER, een zeester; De Snor kwam."
    found = [m.text for m in key.find(text)]
    assert found == ["Visser", "De Boer", "de Boer", "Zeester", "ZEESTER", "De Snor"]


def test_inflections_possessives_and_particles():
    key = key_of("Klaas Jansen", "Jan van der Berg")
    text = "Jansens boot, Jansen's auto, Jansen’s huis, Jansen' schuur, Van der Bergs kotter, van der berg niet."
    assert [m.text for m in key.find(text)] == ["Jansens", "Jansen's", "Jansen’s", "Jansen'", "Van der Bergs"]
    assert key.pseudonymise("Jansen's auto") == "[PERSOON-1]'s auto"


def test_longest_match_first_and_no_overlaps():
    key = key_of(("Visserij Jansen", "company"), "Klaas Jansen")
    matches = key.find("Visserij Jansen en Klaas Jansen en Jansen")
    assert [(m.text, m.pseudonym) for m in matches] == [("Visserij Jansen", "[BEDRIJF-1]"),
                                                        ("Klaas Jansen", "[PERSOON-1]"), ("Jansen", "[PERSOON-1]")]


def test_a_first_name_shared_by_two_people_gets_the_bare_token():
    key = key_of("Jan Smit", "Jan Bos")
    assert key.pseudonymise("Jan zei het tegen Smit en Bos.") == "[PERSOON] zei het tegen [PERSOON-1] en [PERSOON-2]."


def test_parts_false_and_other_kinds_match_only_the_whole_term():
    key = key_of(("Groningen Seaports", "company"))
    assert key.pseudonymise("Groningen Seaports in Groningen") == "[BEDRIJF-1] in Groningen"
    key = PrivacyKey([KeyEntry("Piet Smit", parts=False)]).assigned()
    assert key.pseudonymise("Piet Smit, Piet en Smit") == "[PERSOON-1], Piet en Smit"


def test_user_supplied_pseudonyms():
    key = PrivacyKey([KeyEntry("Piet Smit", pseudonym="Jan Modaal")])
    assert key.pseudonymise("Smit belde") == "Jan Modaal belde"
    with pytest.raises(PrivacyError, match=r"RK574.*pseudonym 'Piet Bos'.*'Piet Bos'"):
        PrivacyKey([KeyEntry("Piet Smit", pseudonym="Piet Bos"), KeyEntry("Piet Bos")])


def test_conflicting_entries_are_listed(tmp_path):
    path = tmp_path / "key.yaml"
    path.write_text("entries:\n- term: Piet Smit\n  pseudonym: '[PERSOON-1]'\n- term: Smitje\n  variants: [Piet Smit]\n"
                    "  pseudonym: '[PERSOON-2]'\n", encoding="utf-8")
    with pytest.raises(PrivacyError, match=r"RK574.*'Piet Smit' \(line 4\) is also a term or variant in line 2 "
                                           r"with another pseudonym"):
        read_key(path)
    # the same referent under two entries with the same pseudonym is fine
    PrivacyKey([KeyEntry("Smit BV", kind="company", pseudonym="[BEDRIJF-1]"),
                KeyEntry("Smit B.V.", kind="company", variants=("Smit BV",), pseudonym="[BEDRIJF-1]")])


@pytest.mark.parametrize("content, message", [
    ("entries:\n- term: Piet\n  kind: persn\n", r"RK573.*line 2 \('Piet'\): kind 'persn' is not one of person"),
    ("entries:\n- kind: person\n", r"RK573.*line 2: no 'term'"),
    ("entries:\n- term: Piet\n  colour: red\n", r"RK573.*line 2: unknown field\(s\) 'colour'"),
    ("entries:\n- term: Piet\n  variants: 12\n", r"RK573.*variants must be a list"),
    ("entries:\n- term: Piet\n  case: loud\n", r"RK573.*case 'loud'"),
    ("entries: [\n", r"RK572.*line \d+, column \d+: not valid YAML"),
    ("names:\n- Piet\n", r"RK572.*unknown top-level key\(s\) 'names'"),
    ("researchkit_privacy_key: 2\nentries: []\n", r"RK572.*key format version 2 is not 1"),
    ("entries:\n- term: '---'\n", r"RK573.*the term is empty or has no letters"),
])
def test_malformed_key_files(tmp_path, content, message):
    path = tmp_path / "key.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PrivacyError, match=message):
        read_key(path)


def test_key_file_errors(tmp_path):
    with pytest.raises(PrivacyError, match=r"RK572.*not found"):
        read_key(tmp_path / "missing.yaml")
    (tmp_path / "latin.yaml").write_bytes("entries:\n- term: Jos\xe9\n".encode("latin-1"))
    with pytest.raises(PrivacyError, match=r"RK572.*not UTF-8"):
        read_key(tmp_path / "latin.yaml")
    (tmp_path / "k.csv").write_text("name,kind\nPiet,person\n", encoding="utf-8")
    with pytest.raises(PrivacyError, match=r"RK572.*header with 'term'"):
        read_key(tmp_path / "k.csv")
    (tmp_path / "k.csv").write_text("term,kind\nPiet,person\nSmit,boat,extra\n", encoding="utf-8")
    with pytest.raises(PrivacyError, match=r"RK573.*row 3: more cells than columns"):
        read_key(tmp_path / "k.csv")
    (tmp_path / "k.csv").write_text("term,kind,variants\nPiet,person,Pietje; P.\nZeester,planet,\n", encoding="utf-8")
    with pytest.raises(PrivacyError, match=r"RK573.*row 3 \('Zeester'\): kind 'planet'"):
        read_key(tmp_path / "k.csv")
    with pytest.raises(PrivacyError, match="RK579"):
        PrivacyKey().save()


def test_add_assigns_after_the_highest_and_refuses_duplicates(tmp_path):
    key = PrivacyKey([KeyEntry("Jan Smit", pseudonym="[PERSOON-7]")], path=tmp_path / "k.yaml")
    assert key.add("Els Bos").pseudonym == "[PERSOON-8]"
    with pytest.raises(PrivacyError, match="RK574.*already in the key"):
        key.add("Els Bos")
    with pytest.raises(PrivacyError, match="RK574"):
        key.add("Smitje", variants=["Jan Smit"])
    assert [e.term for e in key] == ["Jan Smit", "Els Bos"]
    assert read_key(key.save()).checksum == key.checksum


def test_suggestions_are_candidates_never_applied(tmp_path):
    text = ("I: Wie belde er?\nR: Ik sprak meneer Kramer van Kustvaart Noord BV. Later kwam Anna de Wit langs. "
            "De kotter Zeemeeuw lag er. Kramer zei niets.")
    corpus = Corpus([Transcript("R1", text, (Turn("I", "interviewer", 3, 16), Turn("R", "respondent", 20, len(text))))])
    table = suggest_names(corpus, key=key_of("Anna de Wit"))
    assert list(table.columns) == ["term", "kind", "count", "documents", "example", "confirm"]
    rows = {r.term: r.kind for r in table.itertuples()}
    assert rows == {"Kramer": "person", "Kustvaart Noord BV": "company", "Zeemeeuw": "vessel"}
    assert "Wie" not in rows and "Ik" not in rows and "Later" not in rows  # sentence starts are not names
    assert table.loc[table["term"] == "Kramer", "example"].iloc[0].startswith("Ik sprak meneer «Kramer» van")
    # confirming: only the rows marked yes are added
    path = write_candidates(table, tmp_path / "candidates.csv")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[frame["term"] == "Kramer", "confirm"] = "ja"
    frame.loc[frame["term"] == "Zeemeeuw", "confirm"] = "x"
    frame.loc[frame["term"] == "Zeemeeuw", "kind"] = "schip"
    frame.to_csv(path, index=False)
    key = key_of("Anna de Wit")
    assert confirm_candidates(key, path) == ["Kramer", "Zeemeeuw"]
    assert [(e.term, e.pseudonym) for e in key] == [("Anna de Wit", "[PERSOON-1]"), ("Kramer", "[PERSOON-2]"),
                                                    ("Zeemeeuw", "[SCHIP-1]")]


def test_confirm_errors(tmp_path):
    key = PrivacyKey()
    with pytest.raises(PrivacyError, match=r"RK578.*row 2: confirm value 'misschien'.*row 3: kind 'planet'"):
        confirm_candidates(key, pd.DataFrame({"term": ["A", "B"], "kind": ["person", "planet"], "confirm": ["misschien", "ja"]}))
    with pytest.raises(PrivacyError, match=r"RK578.*missing column\(s\) confirm"):
        confirm_candidates(key, pd.DataFrame({"term": ["A"], "kind": ["person"]}))
    with pytest.raises(PrivacyError, match=r"RK578.*not found"):
        confirm_candidates(key, tmp_path / "nope.csv")
    assert len(key) == 0


def test_suggestions_with_a_model_that_is_not_installed():
    corpus = Corpus([Transcript("R1", "Ik sprak Kramer.")])
    with pytest.raises(PrivacyError, match=r"RK577.*'nl_not_a_model' is not installed"):
        suggest_names(corpus, model="nl_not_a_model")


def test_suggestions_with_an_installed_pipeline_use_its_entities(tmp_path):
    import spacy

    nlp = spacy.blank("nl")
    ruler = nlp.add_pipe("entity_ruler", name="ner")  # stands in for a trained recogniser
    ruler.add_patterns([{"label": "ORG", "pattern": "Havenbedrijf Oost"}, {"label": "PER", "pattern": "Sjoerd"},
                        {"label": "PER", "pattern": "Kustvaart"}])
    nlp.to_disk(tmp_path / "nl_test_ner")
    text = "R: Ik belde met Havenbedrijf Oost. daarna sprak ik sjoerd en Sjoerd over de Kustvaart."
    corpus = Corpus([Transcript("R1", text, (Turn("R", "respondent", 3, len(text)),))])
    table = suggest_names(corpus, model=str(tmp_path / "nl_test_ner"))
    rows = {r.term: r.kind for r in table.itertuples()}
    assert rows["Havenbedrijf Oost"] == "company"  # found by the rules; the model decides the kind
    assert rows["Sjoerd"] == "person" and rows["Kustvaart"] == "person"
    blank = spacy.blank("nl")
    blank.to_disk(tmp_path / "nl_no_ner")
    with pytest.raises(PrivacyError, match=r"RK577.*has no entity recogniser"):
        suggest_names(corpus, model=str(tmp_path / "nl_no_ner"))


def test_terms_with_leading_punctuation_hyphens_and_inflected_first_words():
    key = key_of("'t Hooft", ("Jansens Transport", "company"), "Jan Jansen", "Jan-Willem de Vries")
    found = [(m.text, m.pseudonym) for m in key.find("Zei 't Hooft dat Jansens boot van Jansens Transport is, "
                                                     "en Jan-Willem? De Vries' zoon.")]
    assert found == [("'t Hooft", "[PERSOON-1]"), ("Jansens", "[PERSOON-2]"), ("Jansens Transport", "[BEDRIJF-1]"),
                     ("Jan-Willem", "[PERSOON-3]"), ("De Vries'", "[PERSOON-3]")]


def test_first_word_prefilter_finds_what_the_word_by_word_scan_finds():
    """The scan looks only at words that can start a key form (one expression); on random texts with
    inflections, case, accents, ligatures, ß and line-end hyphens it finds exactly what the
    word-by-word scan finds, and a text with a character whose case folding is special (ß) is
    scanned word by word."""
    import random

    from researchkit.privacy.matcher import _plain_case

    names = ["Piet de Boer", "Jan van der Berg", "Henk Zijlstra", "Zeester", "Kustvaart", "Jansen", "O'Neill",
             "Anne-Marie Visser", "Straße", "Ærø", "IJsselmeer", "Müller", "'t Hooft", "Bakker 12"]
    key = PrivacyKey([KeyEntry(n) for n in names]).assigned()
    matcher = key._matcher if key._matcher is not None else (key.find("x"), key._matcher)[1]
    assert matcher._words is not None
    words = ["piet", "de", "boer", "Boers", "jansens", "JANSEN", "jan", "van", "der", "bergs", "o'neill", "O’Neill",
             "anne-marie", "visser", "zijl-\nstra", "zíjlstra", "zeesters", "straße", "strasse", "STRASSE", "ærø",
             "ijsselmeer", "ĳsselmeer", "müller", "MÜLLER", "hooft", "'t", "Bakker", "12", "x", "-", "\n", ".",
             "Jansen's", "jansenss", "KUSTVAART", "henkie"]
    prefilter = matcher._words
    rng = random.Random(18)
    for _ in range(1500):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        fast = key.find(text)
        matcher._words = None
        try:
            slow = key.find(text)
        finally:
            matcher._words = prefilter
        assert fast == slow, text
    assert _plain_case("Zíjlstra’s boot") and not _plain_case("Straße")
    assert [m.text for m in key.find("bel Zeesters en KUSTVAART")] == ["Zeesters", "KUSTVAART"]

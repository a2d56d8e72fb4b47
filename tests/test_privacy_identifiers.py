"""Identifier kinds of issue 19.3: names with particles, vessels in context, places, fishing registrations, BSN,
library-backed checks (python-stdnum, phonenumbers), owner-only files (issue 21.7), and the import layering (issue 13)."""

from __future__ import annotations

import ast
import os
import stat
from pathlib import Path

import pandas as pd
import pytest

from researchkit.errors import PrivacyError
from researchkit.privacy import (
    KeyEntry,
    PrivacyKey,
    bsn_valid,
    find_patterns,
    iban_valid,
    imo_valid,
    phone_valid,
    postcode_valid,
    read_key,
    suggest_names,
    write_candidates,
)
from researchkit.privacy.lexicons import name_lists
from researchkit.transcripts import Corpus, Transcript

PACKAGE = Path(__file__).resolve().parents[1] / "researchkit" / "privacy"


def _suggest(text: str, **options) -> dict[str, str]:
    frame = suggest_names(Corpus([Transcript("R1", text)]), **options)
    return dict(zip(frame["term"], frame["kind"]))


# --------------------------------------------------------------------------- names with particles


@pytest.mark.parametrize(("text", "term"), [
    ("Ik sprak gisteren Jan de Boer in de haven.", "Jan de Boer"),
    ("Jan de Boer had de kotter toen nog.", "Jan de Boer"),
    ("Van der Meer was zijn maat.", "Van der Meer"),
    ("Ik sprak mevrouw Van der Meer over de lading.", "Van der Meer"),
    ("Toen belde Sietse ter Horst mij op.", "Sietse ter Horst"),
    ("Gisteren Piet Jansen gezien, zei hij.", "Piet Jansen"),
])
def test_full_names_with_particles_are_suggested_whole(text, term):
    found = _suggest(text)
    assert found.get(term) == "person", found
    assert not ({"Jan", "Boer", "Meer", "Horst"} & set(found)), found


@pytest.mark.parametrize("text", [
    "Toen de haven dichtging was het stil.",
    "Daarna de Douane, en dan pas wij.",
    "Ja. Nee. Misschien.",
])
def test_sentence_starts_are_not_names(text):
    assert _suggest(text, exclude=["Douane"]) == {}


# --------------------------------------------------------------------------- vessels and places in context


@pytest.mark.parametrize(("text", "term"), [
    ("De kotter Zeester lag in de haven.", "Zeester"),
    ("Hij voer met de Zeester uit, ver voor zonsopgang.", "Zeester"),
    ("Er lag een vrachtschip, de MS Noorderlicht, aan de kade.", "Noorderlicht"),
    ("Het schip Willem Barentsz werd later verkocht.", "Willem Barentsz"),
])
def test_vessels_in_context(text, term):
    assert _suggest(text).get(term) == "vessel"


@pytest.mark.parametrize(("text", "term", "kind"), [
    # a legal form written with dots stays with the company's name (the sequence stopped at "B")
    ("Het ging om Visserijbedrijf Dijkstra B.V. uit Lauwersoog.", "Visserijbedrijf Dijkstra B.V.", "company"),
    ("Wij kochten bij Van Dam N.V. in Groningen.", "Van Dam N.V.", "company"),
    # streets and quays: by their last word, or by a house number after them
    ("Ze stonden aan de Willem Barentszkade 12 te wachten.", "Willem Barentszkade", "place"),
    ("Hij woonde vroeger op de Hoofdstraat in Appingedam.", "Hoofdstraat", "place"),
    ("Het pand op Noordhorn 14 stond leeg.", "Noordhorn", "place"),
    # where a vessel lies is a quay, not a ship
    ("De kotter lag aan de Oosterhorn, naast de sluis.", "Oosterhorn", "place"),
    # a municipality of more than one word
    ("Ik belde de gemeente Het Hogeland daarover.", "Het Hogeland", "place"),
    ("Zijn vrouw werkt bij de Albert Heijn in het dorp.", "Albert Heijn", "company"),
    # the vessel's name after its fishing registration; the place after a postcode
    ("Die kotter, de UK-227 Zeester, kwam binnen.", "Zeester", "vessel"),
    ("Het adres was loods 4, 8861 ME Harlingen.", "Harlingen", "place"),
    # a known first name that opens a sentence, and is no ordinary word
    ("Dat wist ik niet. Jeroen zei: bel maar.", "Jeroen", "person"),
])
def test_kinds_and_names_of_real_sentences(text, term, kind):
    """Candidates from a Dutch interview passage with a company, streets, a quay, a municipality, a
    shop, a fishing vessel and a first name at a sentence start: before, the company lost its ``.V.``,
    streets and the shop were persons, the quay a vessel, and Zeester, Harlingen and Jeroen were missed."""
    found = _suggest(text)
    assert found.get(term) == kind, found


def test_english_interview_names_titles_streets_and_institutions():
    """An English interview passage (the layout of the public collections researchers share): titles
    (``Dr.``, ``Mr.``) were candidates or ended a sentence, ``Later I`` was a person, streets and
    hospitals were persons, and ``moved to Springfield`` was no place."""
    text = ("Well, I started there in 2009 under Dr. Sarah Mitchell at Riverside Hospital. We moved to Springfield "
            "after that, near Oak Street. Later I worked for Acme Logistics Inc. with Maria Gonzalez. I live at 42 "
            "Elm Road now. Mr. Smith knows. Dr Jones too.")
    found = suggest_names(Corpus([Transcript("R1", text)]), lang="en")
    assert dict(zip(found["term"], found["kind"])) == {
        "Sarah Mitchell": "person", "Riverside Hospital": "company", "Springfield": "place", "Oak Street": "place",
        "Acme Logistics Inc": "company", "Maria Gonzalez": "person", "Elm Road": "place", "Smith": "person",
        "Jones": "person",
    }


def test_speech_words_placeholders_and_acronyms_are_no_candidates_but_addresses_are():
    """Shapes of real English interview transcripts (poclecoqq/quality_issues_in_MLSSs, vdzorka/Thesis):
    fillers after a comma (``, Yeah``), ``I'm``, ``It's``, months, placeholders the transcriber put in
    (``Country 1``, ``Company X``), plural acronyms (``IDs``) and stutters (``G P T``) gave 40 of 103
    candidates. A possessive counts with the name; an address with a house number stays a candidate."""
    text = ("By someone, Yeah. That was, Okay, fine, and I'm sure I'll go. So far, It's only Country 1 and "
            "Company X, mapping IDs in August, the G P T model. Alice’s team met Alice. We used Kade 3 and "
            "the Dijkweg 4 as addresses.")
    found = _suggest(text, lang="en")
    assert found == {"Alice": "person", "Kade": "place", "Dijkweg": "place"}, found
    assert suggest_names(Corpus([Transcript("R1", text)]), lang="en").set_index("term").loc["Alice", "count"] == 2


@pytest.mark.parametrize("text", ["Dan gaan we. Wil je dat?", "Ben je er? Mark het maar.", "Van Dijk zei niets."])
def test_sentence_starts_that_are_ordinary_words_or_surnames_stay_out(text):
    found = _suggest(text)
    assert not ({"Dan", "Wil", "Ben", "Mark"} & set(found)), found
    assert found.get("Dijk") is None and found.get("Van Dijk", "person") == "person"


def test_a_name_after_an_article_without_sailing_context_is_no_vessel():
    found = _suggest("We spraken over de Hoekstra van vroeger, die kende iedereen.")
    assert found.get("Hoekstra") != "vessel"


def test_places_from_context_and_the_place_list():
    found = _suggest("Hij kwam oorspronkelijk uit Urk, net als zijn vader. We hebben ook Lauwersoog bekeken.")
    assert found["Urk"] == "place"
    assert found["Lauwersoog"] == ("place" if name_lists().available else "other")


def test_the_deduce_name_lists_are_read_offline():
    lists = name_lists()
    assert lists.available  # deduce is a dependency: its lists ship with it
    assert {"jan", "sietse"} <= lists.first_names and "zijlstra" in lists.surnames and "harlingen" in lists.places


def test_the_deduce_detector_adds_its_annotations():
    """The real deduce pipeline (offline; its first start in a fresh environment builds its lookup cache)."""
    found = _suggest("Ik sprak gisteren met Henk Zijlstra over wat er op 12 maart 2019 gebeurde.", detector="deduce")
    assert found.get("Henk Zijlstra") == "person"
    assert found.get("12 maart 2019") == "other"  # a date: only deduce finds it


def test_unknown_detector_is_a_clear_error():
    with pytest.raises(PrivacyError, match="RK577"):
        suggest_names(Corpus([Transcript("R1", "Jan de Boer")]), detector="magic")


# --------------------------------------------------------------------------- patterned kinds


@pytest.mark.parametrize(("text", "expected"), [
    ("De kotter UK-123 kwam binnen.", ["UK-123"]),
    ("Naast ons lag de HA 12 en de LO-7.", ["HA 12", "LO-7"]),
    ("Later zagen we de DZ4 en de SCH 6.", ["DZ4", "SCH 6"]),
    ("De garnalenkotter UK 265 voer uit.", ["UK 265"]),
    ("Hij woonde 12 jaar in de UK 12 jaar lang.", []),  # UK + space needs a vessel word; 'jaar' excludes anyway
    ("In de UK 2019 werd 12% meer gevangen; HA 12% erbij.", []),
    ("Het is XY-123 en AB 12, geen haven.", []),
    ("Ticket 123-UK-4 en UK-12a.", []),
])
def test_fishing_registrations(text, expected):
    assert [m.text for m in find_patterns(text, kinds=["fishing"])] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Zijn BSN is 123456782.", ["123456782"]),
    ("burgerservicenummer: 1112.22.333", ["1112.22.333"]),
    ("sofinummer 111 222 333 stond erop", ["111 222 333"]),
    ("BSN 123456789 (elfproef klopt niet)", []),
    ("Ordernummer 123456782 zonder het woord.", []),
])
def test_bsn_needs_its_word_and_the_eleven_test(text, expected):
    assert [m.text for m in find_patterns(text, kinds=["bsn"])] == expected


def test_checks_come_from_the_libraries():
    assert iban_valid("NL91 ABNA 0417 1643 00") and not iban_valid("NL91 ABNA 0417 1643 01")
    assert iban_valid("BE68539007547034")  # a bank code missing from the registry still leaks
    assert imo_valid("9074729") and not imo_valid("9074728") and not imo_valid("907472")
    assert bsn_valid("123456782") and not bsn_valid("123456789") and not bsn_valid("12345678")
    assert postcode_valid("9712 CP") and not postcode_valid("9712 SA") and not postcode_valid("0712 CP")
    assert phone_valid("06-12345678") and phone_valid("+31 (0)50 123 4567") and phone_valid("0049 30 1234567")
    assert not phone_valid("06-1234567") and not phone_valid("01-02-2026 10") and not phone_valid("612345678")
    source = (PACKAGE / "patterns.py").read_text(encoding="utf-8")
    assert "% 97" not in source and "_IBAN_LENGTHS" not in source  # the hand-written checks are gone


# --------------------------------------------------------------------------- owner-only files (issue 21.7)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_saving_the_key_keeps_it_owner_only(tmp_path):
    path = tmp_path / "privacy-key.yaml"
    path.write_text("entries:\n- term: Piet de Boer\n", encoding="utf-8")
    os.chmod(path, 0o600)
    old = os.umask(0o022)
    try:
        key = read_key(path)
        key.add("Zeester", kind="vessel")
        key.save()
        assert _mode(path) == 0o600
        path.chmod(0o644)  # a widened key gets owner-only again when saved
        key.save()
        assert _mode(path) == 0o600
        assert _mode(key.save(tmp_path / "copy.csv")) == 0o600
    finally:
        os.umask(old)
    assert read_key(path).checksum == key.checksum


def test_identifier_tables_are_owner_only(tmp_path):
    from researchkit.cli import main

    folder = tmp_path / "transcripts"
    folder.mkdir()
    (folder / "R1.txt").write_text("I: Wie?\nR: Meneer Kramer belde 06-12345678.\n", encoding="utf-8")
    candidates = tmp_path / "candidates.csv"
    table = tmp_path / "identifiers.csv"
    assert main(["privacy", "scan", str(folder), "--out", str(table), "--suggest", str(candidates)]) == 0
    assert _mode(table) == 0o600 and _mode(candidates) == 0o600
    assert "06-12345678" in table.read_text(encoding="utf-8") and "Kramer" in candidates.read_text(encoding="utf-8")
    frame = pd.DataFrame([{"term": "Kramer", "kind": "person", "count": 1, "documents": "R1", "example": "", "confirm": ""}])
    assert _mode(write_candidates(frame, tmp_path / "c2.csv")) == 0o600


# --------------------------------------------------------------------------- layering (issue 13)

#: Lower modules first: a module may import only modules before it in this list.
LAYERS = ["nameforms", "normalise", "spans", "entry", "keyfile", "lexicons", "checks", "addresses", "anchored", "patterns", "matcher", "key", "detect", "participants",
          "names", "suggest", "apply", "leakhtml", "leakdecode", "leakxml", "leakread", "leakcheck"]


def test_no_privacy_module_imports_a_higher_one():
    files = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert files <= set(LAYERS), files - set(LAYERS)
    for name in files:
        tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("researchkit.privacy."):
                target = node.module.rsplit(".", 1)[-1]
                assert LAYERS.index(target) < LAYERS.index(name), f"{name} imports {target}"
            if isinstance(node, ast.ImportFrom) and node.module == "researchkit.privacy":
                for alias in node.names:
                    if alias.name in LAYERS:
                        assert LAYERS.index(alias.name) < LAYERS.index(name), f"{name} imports {alias.name}"


def test_module_and_function_sizes():
    for path in PACKAGE.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert len(source.splitlines()) <= 600, path.name
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                body = length - len((ast.get_docstring(node) or "").splitlines())
                assert body <= 80, f"{path.name}:{node.name} has {body} lines besides its docstring"


def test_public_imports_keep_working():
    from researchkit.privacy.suggest import CANDIDATE_COLUMNS, confirm_candidates, suggest_names as old  # noqa: F401
    from researchkit.privacy.key import KEY_KINDS, KIND_PREFIXES, KeyEntry as E, KeyMatch, PrivacyKey as K, read_key as r  # noqa: F401
    from researchkit.privacy.names import name_parts

    assert old is suggest_names and E is KeyEntry and K is PrivacyKey and r is read_key
    assert name_parts("Jan van der Berg") == ["Jan", "Berg", "van der Berg", "v.d. Berg", "vd Berg"]
    assert PrivacyKey([KeyEntry("Jan Smit")]).assigned().pseudonymise("Smit") == "[PERSOON-1]"

"""Benchmark: recall and precision of identifier detection on planted identifiers.

Makes a Dutch interview corpus (fixed seed, written here: interview-like filler sentences
with capitalised non-names such as *Douane*, *Kustwacht*, month names and sentence
starts) and plants identifiers of every kind into it, at least ``--per-kind`` (default
200) of each:

* patterned: e-mail, URL, phone, licence plate, IBAN, postcode, IMO, MMSI, birth date,
  BSN, fishing registration, street address (a street word and a number, and a single name
  or street noun after a cue: ``adres: Oosterhorn 12``, ``gevestigd aan de Kade 3``), KvK, RSIN and VAT
  numbers (valid values; the checks must pass); the filler holds port talk that is no address
  (``aan Kade 3``, ``op ligplaats 12``, ``op de Zeester 12``: numbered quays and berths, a vessel's
  name before a number), so address precision counts them;
* names, found by ``suggest_names`` (the ``--suggest`` candidates): persons (first
  name and surname, with particles: ``Jan de Boer``, ``Van der Meer`` after
  *mevrouw*, at sentence starts too), vessels in context (``de kotter Zeester``, ``MS
  Noorderlicht``, ``met de Morgenster uitgevaren``), places, companies;
* key-term variants: after the planted names are put in a key, the key must find them
  written with a soft hyphen, a zero-width space, the ``ĳ`` ligature, added accents,
  in lower case, hyphenated across a line break, and in NFD.

With ``--regions NL,GB,US`` it also plants, in English sentences between English filler
(amounts, dates, times, order numbers), the identifiers of those regions: domestic GB and
US phone numbers (``020 7946 0958``, ``07911 123456``, ``(212) 555-0199``, ``1-800-...``;
numbers valid in the phonenumbers plan), UK postcodes, National Insurance and NHS numbers,
US Social Security numbers, English street addresses (``42 Elm Road``), and detects with those regions. It also reports what
phonenumbers' own ``PhoneNumberMatcher`` (leniency VALID) would find on the same corpus.

It reports recall and precision per kind (patterned kinds: exact span and kind; names:
the candidate term equals the planted name, kind guess reported separately) and the
goals: recall >= 0.98 for patterned identifiers, >= 0.90 for names, 1.0 for variants.

Run: ``.venv/bin/python benchmarks/bench_identifiers.py [--per-kind N] [--regions NL,GB,US]``
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from researchkit.privacy import KeyEntry, PrivacyKey, find_identifiers, resolve_regions, suggest_names  # noqa: E402
from researchkit.privacy.patterns import FISHING_PORTS  # noqa: E402
from researchkit.transcripts import Corpus, Transcript  # noqa: E402

FILLER = [
    "Ik werk nu een jaar of twaalf in de haven en ik zie veel veranderen.",
    "De Douane controleert de containers, maar het is nooit genoeg.",
    "In maart hadden we een grote vangst, dat weet ik nog goed.",
    "Daarna hebben we het met de Kustwacht besproken.",
    "Het gaat vaak om kleine dingen die niemand ziet.",
    "Volgens mij weet iedereen hier wel hoe het werkt.",
    "We praten er niet graag over, dat snap je wel.",
    "Soms komen er mensen langs die niets met de visserij te maken hebben.",
    "De gemeente heeft er weinig zicht op.",
    "In 2019 kostte een kist wel 1.250 euro, nu is het minder.",
    "Om half zes gaan de eerste boten weg.",
    "Ja, dat is zo, maar je moet het wel kunnen bewijzen.",
    "Op pagina 12 van het rapport staat er iets over.",
    "Europa wil strengere regels, maar hier merk je daar weinig van.",
    "Het Openbaar Ministerie heeft toen een onderzoek gestart.",
    "In de winter is het rustig, dan ligt alles stil.",
    # port talk that is no address: numbered quays and berths, a vessel's name before a number
    "We lagen drie dagen aan Kade 3 te wachten op de lossing.",
    "We losten op Kade 3 en daarna gingen we naar de vismarkt.",
    "De kotter ligt nu op ligplaats 12, naast de sleepboot.",
    "Bij Steiger 4 mag je niet aanleggen, dat weet iedereen.",
    "In Haven 2 lagen we naast een grote trawler.",
    "Op de Zeester 12 was het altijd gezellig aan boord.",
    "Hij zat op de Noorderlicht 4, samen met zijn broer.",
    "De vangst op de Morgenster 2 was dat jaar slecht.",
]
FIRST = ["Jan", "Piet", "Klaas", "Henk", "Anna", "Els", "Sanne", "Joost", "Bram", "Ineke", "Wim", "Gerrit", "Marieke",
         "Tjeerd", "Sietse", "Hilde", "Fenna", "Rients", "Auke", "Jelle", "Willem", "Dirk", "Geert", "Trijntje"]
LAST = ["de Boer", "van der Meer", "Zijlstra", "Hoekstra", "Postma", "van Dijk", "Wiersma", "Sikkema", "Hiemstra",
        "de Jong", "Kuipers", "Veenstra", "Schaap", "Wijnstra", "ter Horst", "van den Berg", "Dijkstra", "Brouwer",
        "de Haan", "Kingma", "Boersma", "van der Wal", "Talsma", "Bouma"]
VESSELS = ["Zeester", "Noorderlicht", "Morgenster", "Albatros", "Zeemeeuw", "Poolster", "Avondrood", "Zilvermeeuw",
           "Stormvogel", "Noordkaper", "Wilhelmina", "Orion", "Zeevalk", "Aldebaran", "Golfslag", "Zuiderzee"]
PLACES = ["Urk", "Harlingen", "Lauwersoog", "Den Helder", "IJmuiden", "Scheveningen", "Delfzijl", "Vlissingen",
          "Stellendam", "Zoutkamp", "Texel", "Katwijk", "Breskens", "Yerseke", "Wieringen", "Ouddorp"]
COMPANIES = ["Kustvaart Noord BV", "Visserij Hoekstra BV", "Rederij Zeewind", "Transport Postma BV", "Holding Wadden BV",
             "Noordzee Logistiek BV", "Visserij De Hoop BV", "Rederij Oostwal"]


def _letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("BDFGHJKLNPRSTVXZ") for _ in range(n))


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def make_value(kind: str, rng: random.Random) -> str:
    """A valid identifier of ``kind``."""
    if kind == "email":
        return f"{rng.choice(FIRST).lower()}.{rng.choice(LAST).split()[-1].lower()}{rng.randrange(99)}@{rng.choice(['haven', 'visserij', 'gmail'])}.{rng.choice(['nl', 'com'])}"
    if kind == "url":
        return f"https://www.{rng.choice(['kustvaart', 'vishandel', 'havenmeester'])}{rng.randrange(999)}.nl/{rng.choice(['contact', 'over-ons', 'p?id=' + _digits(rng, 3)])}"
    if kind == "phone":
        # numbers that can exist: mobile 06-1 ... 06-5, area codes with a first subscriber digit 2-9
        forms = [lambda: f"06-{rng.randrange(1, 6)}{_digits(rng, 7)}", lambda: f"06 {rng.randrange(1, 6)}{_digits(rng, 3)} {_digits(rng, 4)}",
                 lambda: f"050-{rng.randrange(2, 9)}{_digits(rng, 6)}", lambda: f"0591 {rng.randrange(2, 9)}{_digits(rng, 5)}",
                 lambda: f"+31 6 {rng.randrange(1, 6)}{_digits(rng, 7)}", lambda: f"020-{rng.randrange(2, 9)}{_digits(rng, 6)}"]
        return rng.choice(forms)()
    if kind == "plate":
        forms = [lambda: f"{_digits(rng, 2)}-{_letters(rng, 3)}-{_digits(rng, 1)}",
                 lambda: f"{_letters(rng, 2)}-{_digits(rng, 3)}-{_letters(rng, 1)}",
                 lambda: f"{_digits(rng, 1)}-{_letters(rng, 3)}-{_digits(rng, 2)}",
                 lambda: f"{_letters(rng, 2)}-{_letters(rng, 2)}-{_digits(rng, 2)}"]
        return rng.choice(forms)()
    if kind == "iban":
        from stdnum import iban

        bban = rng.choice(["ABNA", "RABO", "INGB", "TRIO", "SNSB"]) + _digits(rng, 10)
        value = f"NL{iban.calc_check_digits('NL00' + bban)}{bban}"
        return " ".join(value[i : i + 4] for i in range(0, len(value), 4)) if rng.random() < 0.5 else value
    if kind == "postcode":
        letters = "SA"
        while letters in ("SA", "SD", "SS"):
            letters = _letters(rng, 2)
        return f"{rng.randrange(1000, 9999)}{rng.choice([' ', ''])}{letters}"
    if kind == "imo":
        six = f"{rng.randrange(7, 10)}{_digits(rng, 5)}"
        check = sum(int(d) * w for d, w in zip(six, range(7, 1, -1))) % 10
        return f"IMO {six}{check}"
    if kind == "mmsi":
        return f"MMSI {rng.choice(['244', '245', '246', '211', '219'])}{_digits(rng, 6)}"
    if kind == "birthdate":
        months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "oktober"]
        return rng.choice([f"{rng.randrange(1, 28)} {rng.choice(months)} {rng.randrange(1940, 2005)}",
                           f"{rng.randrange(1, 28):02d}-{rng.randrange(1, 12):02d}-{rng.randrange(1940, 2005)}"])
    if kind == "bsn":
        while True:
            eight = f"{rng.randrange(1, 10)}{_digits(rng, 7)}"
            last = sum(int(d) * w for d, w in zip(eight, range(9, 1, -1))) % 11
            if last < 10:
                return eight + str(last)
    if kind == "fishing":
        return f"{rng.choice(list(FISHING_PORTS))}{rng.choice(['-', ' ', ''])}{rng.randrange(1, 400)}"
    if kind == "address":
        return f"{rng.choice(STREETS)} {_house_number(rng)}"
    if kind == "address_cue":
        return f"{rng.choice(CUE_STREETS)} {_house_number(rng)}"
    if kind == "kvk":
        d = f"{rng.randrange(1, 10)}{_digits(rng, 7)}"
        return rng.choice([d, f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:]}", f"{d[:2]}.{d[2:4]}.{d[4:6]}.{d[6:]}"])
    if kind == "rsin":
        d = make_value("bsn", rng)
        return rng.choice([d, f"{d[:4]}.{d[4:6]}.{d[6:]}"])
    if kind == "btw":
        d, b = make_value("bsn", rng), f"B{rng.randrange(1, 4):02d}"
        return rng.choice([f"NL{d}{b}", f"NL{d[:4]}.{d[4:6]}.{d[6:]}.{b[0]}.{b[1:]}"])
    return make_regional_value(kind, rng)


STREETS = ["Hoofdstraat", "Willem Barentszkade", "Zuiderpier", "Noorderhaven", "Oude Boteringestraat", "Van Harenstraat",
           "Dijkweg", "Zeedijk", "Havenkade", "Burgemeester de Withstraat", "Reitdiepskade", "Sint-Jansstraat", "IJsselkade",
           "Emmaplein", "Kerklaan", "Handelskade", "Nieuwe Weg", "Oude Haven", "Westerdreef", "Vissersplantsoen"]
#: Names that are an address only after a cue (a bare street noun, a quay or estate name).
CUE_STREETS = ["Kade", "Markt", "Haven", "Dijk", "Oosterhorn", "Zeebrugge", "Noordhorn", "Lauwershorn"]
ENGLISH_STREETS = ["Elm Road", "Baker Street", "Downing St", "Pennsylvania Avenue NW", "Dock Lane", "Harbour View Terrace",
                   "Quay Street", "Marine Parade Way", "Fish Market Wharf", "Church Rd"]


def _house_number(rng: random.Random) -> str:
    n = rng.randrange(1, 300)
    return rng.choice([str(n), f"{n}{rng.choice('abcAB')}", f"{n}-{n + 2}", f"{n} bis", str(n)])


def _valid_in(region: str, make) -> str:
    """A number from ``make()`` that phonenumbers calls valid in ``region``'s plan."""
    import phonenumbers

    while True:
        value = make()
        if phonenumbers.is_valid_number(phonenumbers.parse(value, region)):
            return value


def make_regional_value(label: str, rng: random.Random) -> str:
    """A valid identifier of a regional label (``phone_gb``, ``phone_us``, ``gb_postcode`` ...)."""
    if label == "phone_gb":
        forms = [lambda: f"020 {rng.choice('378')}{_digits(rng, 3)} {_digits(rng, 4)}",
                 lambda: f"(020) {rng.choice('378')}{_digits(rng, 3)} {_digits(rng, 4)}",
                 lambda: f"0161 {rng.randrange(2, 10)}{_digits(rng, 2)} {_digits(rng, 4)}",
                 lambda: f"0113-{rng.randrange(2, 10)}{_digits(rng, 2)}-{_digits(rng, 4)}",
                 lambda: f"07{rng.choice('45789')}{_digits(rng, 2)} {_digits(rng, 6)}"]
        return _valid_in("GB", lambda: rng.choice(forms)())
    if label == "phone_us":
        def nxx() -> str:
            return f"{rng.randrange(2, 10)}{_digits(rng, 2)}"
        forms = [lambda: f"({nxx()}) {nxx()}-{_digits(rng, 4)}", lambda: f"{nxx()}-{nxx()}-{_digits(rng, 4)}",
                 lambda: f"{nxx()}.{nxx()}.{_digits(rng, 4)}", lambda: f"1-800-{nxx()}-{_digits(rng, 4)}"]
        return _valid_in("US", lambda: rng.choice(forms)())
    if label == "gb_postcode":
        first, second, third = "ABCDEFGHIJKLMNOPRSTUWYZ", "ABCDEFGHKLMNOPQRSTUVWXY", "ABDEFGHJLNPQRSTUWXYZ"
        outward = rng.choice([f"{rng.choice(first)}{rng.randrange(1, 10)}", f"{rng.choice(first)}{rng.randrange(10, 100)}",
                              f"{rng.choice(first)}{rng.choice(second)}{rng.randrange(1, 100)}",
                              f"{rng.choice(first)}{rng.randrange(1, 10)}{rng.choice('ABCDEFGHJKPSTUW')}"])
        return f"{outward} {rng.randrange(10)}{rng.choice(third)}{rng.choice(third)}"
    if label == "gb_nino":
        never = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
        prefix = "GB"
        while prefix in never:
            prefix = rng.choice("ABCEGHJKLMNOPRSTWXYZ") + rng.choice("ABCEGHJKLMNPRSTWXYZ")
        d = _digits(rng, 6)
        return rng.choice([f"{prefix} {d[:2]} {d[2:4]} {d[4:]} {rng.choice('ABCD')}", f"{prefix}{d}{rng.choice('ABCD')}"])
    if label == "gb_nhs":
        while True:
            nine = _digits(rng, 9)
            check = (11 - sum(int(c) * w for c, w in zip(nine, range(10, 1, -1))) % 11) % 11
            if check < 10:
                value = nine + str(check)
                return rng.choice([f"{value[:3]} {value[3:6]} {value[6:]}", value])
    if label == "address_en":
        return f"{rng.randrange(1, 2000)}{rng.choice(['', '', 'B'])} {rng.choice(ENGLISH_STREETS)}"
    if label == "us_ssn":
        area = rng.choice([a for a in range(1, 900) if a != 666])
        return f"{area:03d}-{rng.randrange(1, 100):02d}-{rng.randrange(1, 10000):04d}"
    raise ValueError(label)


PATTERN_SENTENCES = {
    "email": ["Je kunt hem mailen op {v} als je meer wilt weten.", "Zijn adres was {v}, maar dat gebruikt hij niet meer."],
    "url": ["Het stond allemaal op {v} en iedereen kon het lezen.", "Kijk maar op {v} voor de foto's."],
    "phone": ["Bel hem gerust op {v} als je hem wilt spreken.", "Zijn nummer is {v}, zei hij erbij."],
    "plate": ["Er stond een bestelbus met kenteken {v} bij de loods.", "De auto met {v} reed twee keer langs."],
    "iban": ["Het geld ging naar rekening {v} en daarna was het weg.", "Ze betaalden via {v}, dat bleek later."],
    "postcode": ["Het pand staat op {a}, {v} en dat is vlak bij de afslag.", "Zijn adres was {a}, {v}."],
    "imo": ["Het vrachtschip met {v} lag een week aan de kade.", "Op de papieren stond {v} als nummer."],
    "mmsi": ["Op de AIS zagen we {v} opeens verdwijnen.", "Het signaal van {v} was een uur weg."],
    "birthdate": ["Hij is geboren op {v} en woont hier al zijn hele leven.", "Geboortedatum {v}, stond op het formulier."],
    "bsn": ["Zijn BSN {v} stond gewoon op de brief.", "Ze vroegen naar het burgerservicenummer, {v} dus."],
    "fishing": ["De kotter {v} kwam 's nachts binnen.", "We zagen de {v} naast ons liggen in de haven.",
                "Die vissersboot, de {v}, had altijd een volle lading."],
    "address": ["Het kantoor zit aan de {v} in de haven.", "Ze woont op {v}, vlak bij de vismarkt.",
                "Het bedrijf is gevestigd aan de {v} en heeft drie kotters.", "De loods op {v} staat al een jaar leeg."],
    "address_cue": ["Het adres is {v}, zei hij.", "Ze is gevestigd aan de {v}.", "Adres: {v}, stond op het briefpapier."],
    "kvk": ["Het bedrijf staat bij de KvK onder nummer {v}.", "KvK-nummer {v}, stond op de factuur.",
            "Ingeschreven in het handelsregister: {v}, als eenmanszaak."],
    "rsin": ["Het RSIN van de stichting is {v}.", "Op de brief stond RSIN {v}, met het logo."],
    "btw": ["Het btw-nummer {v} stond op de factuur.", "Factuur met btw-id {v}, zei de boekhouder."],
}
#: The kind a label is found as (labels that share a kind: the phone labels, the address forms).
LABEL_KINDS = {"address_cue": "address"}
#: English sentences for the identifiers of other regions: label -> (region, kind found, sentences).
REGION_SENTENCES = {
    "phone_gb": ("GB", "phone", ["Ring me on {v} if you want to talk.", "His number is {v}, he said."]),
    "phone_us": ("US", "phone", ["Call me at {v} any time.", "You can reach the office on {v} in the morning."]),
    "address_en": ("GB", "address", ["They moved to {v} last year.", "The office is at {v}, near the docks."]),
    "gb_postcode": ("GB", "gb_postcode", ["The unit is at {a}, Hull {v}, near the ferry.",
                                          "Send it to {v} and mark it private."]),
    "gb_nino": ("GB", "gb_nino", ["My National Insurance number is {v}, it was on the payslip.", "NI number {v}, as on the form."]),
    "gb_nhs": ("GB", "gb_nhs", ["His NHS number is {v}, the nurse said.", "NHS no. {v} was on the letter."]),
    "us_ssn": ("US", "us_ssn", ["His SSN is {v}, it was on the tax form.", "Social Security number {v}, according to the file."]),
}
ENGLISH_FILLER = [
    "I have worked at the port for about twelve years and a lot has changed.",
    "In 2019 a crate cost $1,250, now it is less, maybe 1,100.",
    "We met on 12/03/2026 at 10:30 with 25 people from the Border Force.",
    "Page 212 of the report says something about it, see pages 17-23.",
    "Order 2125550199 came in late, and case 2026/0412 was closed.",
    "At 5:30 the first boats leave, and by 7 am the quay is empty.",
    "The years 1990-2001 were different, everybody knew everybody.",
    "Customs checks the containers, but it is never enough.",
]

NAME_SENTENCES = {
    "person": ["Ik heb {v} daar vaak gezien.", "Toen belde {v} mij op.", "{v} zei dat de lading niet klopte.",
               "We hadden contact met {v} over de lading.", "Volgens {v} was het allemaal geregeld."],
    "vessel": ["De kotter {v} lag die nacht in de haven.", "Hij voer met de {v} uit, ver voor zonsopgang.",
               "Er lag een vrachtschip, de MS {v}, aan de kade.", "Het schip {v} werd later verkocht."],
    "place": ["Hij kwam oorspronkelijk uit {v}, net als zijn vader.", "We hebben ook in {v} gekeken, maar daar was niets."],
    "company": ["Het bedrijf {v} regelde het transport.", "Later bleek dat {v} erachter zat."],
}
VARIANTS = ["soft hyphen", "zero-width space", "ij ligature", "added accent", "lower case", "line-break hyphen", "NFD"]
#: Lower case is matched only for names without a common word (``de boer`` is the farmer): scored apart.
LOWER_EXPECTED = "lower case (no common word)"


def make_variant(term: str, how: str) -> str | None:
    """``term`` written as ``how`` (``None`` when that spelling does not apply to it)."""
    word = term.split()[-1]
    mid = len(word) // 2
    if how == "soft hyphen":
        new = word[:mid] + "\u00ad" + word[mid:]
    elif how == "zero-width space":
        new = word[:mid] + "\u200b" + word[mid:]
    elif how == "ij ligature":
        if "ij" not in word:
            return None
        new = word.replace("ij", "\u0133", 1)
    elif how == "added accent":
        vowel = next((i for i, c in enumerate(word) if c in "aeiou"), None)
        if vowel is None:
            return None
        new = word[:vowel] + {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú"}[word[vowel]] + word[vowel + 1 :]
    elif how == "lower case":
        return term.lower()
    elif how == "line-break hyphen":
        new = word[:mid] + "-\n" + word[mid:]
    elif how == "NFD":
        accented = make_variant(term, "added accent")
        return None if accented is None else unicodedata.normalize("NFD", accented)
    else:
        raise ValueError(how)
    return term[: len(term) - len(word)] + new


def build(per_kind: int, seed: int, regions: tuple[str, ...] = ("NL",)) -> tuple[Corpus, list[tuple[str, int, int, str]], dict[str, str]]:
    """The corpus, the planted pattern spans (doc, start, end, label) and the planted names (term -> kind)."""
    rng = random.Random(seed)
    jobs: list[tuple[str, str]] = []
    for kind in PATTERN_SENTENCES:
        jobs += [(kind, "pattern")] * per_kind
    for label, (region, _kind, _s) in REGION_SENTENCES.items():
        jobs += [(label, "regional")] * (per_kind if region in regions else 0)
    for kind in NAME_SENTENCES:
        jobs += [(kind, "name")] * (per_kind // 4)
    rng.shuffle(jobs)
    names: dict[str, str] = {}
    planted: list[tuple[str, int, int, str]] = []
    docs: list[Transcript] = []
    text, doc = "", 0
    for i, (kind, source) in enumerate(jobs):
        text += " ".join(rng.sample(ENGLISH_FILLER if source == "regional" else FILLER, 2)) + " "
        if source in ("pattern", "regional"):
            value = make_value(kind, rng)
            template = rng.choice(PATTERN_SENTENCES[kind] if source == "pattern" else REGION_SENTENCES[kind][2])
            if "{a}" in template:  # an address beside the identifier ("Kade 3, 9934 AA"): planted too
                label = "address" if source == "pattern" else "address_en"
                address = make_value(label, rng)
                at = len(text) + template.index("{a}")
                planted.append((f"R{doc:02d}", at, at + len(address), label))
                template = template.replace("{a}", address)
            at = len(text) + template.index("{v}")
            planted.append((f"R{doc:02d}", at, at + len(value), kind))
        else:
            value = _name(kind, rng)
            template = rng.choice(NAME_SENTENCES[kind])
            if kind == "person" and rng.random() < 0.3 and value.split()[0] in FIRST and value.split()[1][0].islower():
                value = value.split(" ", 1)[1]
                value = value[0].upper() + value[1:]  # "mevrouw Van der Meer"
                template = "Ik sprak mevrouw {v} over de lading."
            names[value] = kind
        text += template.replace("{v}", value) + " "
        if (i + 1) % 150 == 0 or i == len(jobs) - 1:
            docs.append(Transcript(f"R{doc:02d}", text))
            text, doc = "", doc + 1
    return Corpus(docs), planted, names


def _name(kind: str, rng: random.Random) -> str:
    if kind == "person":
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    if kind == "vessel":
        return rng.choice(VESSELS)
    if kind == "place":
        return rng.choice(PLACES)
    return rng.choice(COMPANIES)


def _kind_of(label: str) -> str:
    return REGION_SENTENCES[label][1] if label in REGION_SENTENCES else LABEL_KINDS.get(label, label)


def score_patterns(corpus: Corpus, planted: list[tuple[str, int, int, str]],
                   regions: tuple[str, ...] = ("NL",)) -> dict[str, tuple[int, int, int, float]]:
    """Per planted label: (found right, hits of its kind, planted, precision of its kind).

    The phone labels (``phone``, ``phone_gb``, ``phone_us``) share the kind ``phone``: their
    hits and precision are those of the kind.
    """
    found = {(t.doc_id, h.start, h.end, h.kind) for t in corpus for h in find_identifiers(t.text, None, regions=regions)}
    gold_all = {(d, s, e, _kind_of(lab)) for d, s, e, lab in planted}
    out = {}
    for label in [*PATTERN_SENTENCES, *(x for x in REGION_SENTENCES if any(p[3] == x for p in planted))]:
        kind = _kind_of(label)
        g = {(d, s, e, kind) for d, s, e, lab in planted if lab == label}
        f = {x for x in found if x[3] == kind}
        out[label] = (len(g & f), len(f), len(g), len(gold_all & f) / len(f) if f else 1.0)
    return out


def phone_matcher_comparison(corpus: Corpus, planted: list[tuple[str, int, int, str]], regions: tuple[str, ...]) -> str:
    """What phonenumbers' PhoneNumberMatcher (leniency VALID) finds, per region, against the planted phone numbers."""
    from phonenumbers import Leniency, PhoneNumberMatcher

    gold = {(d, s, e) for d, s, e, lab in planted if _kind_of(lab) == "phone"}
    others = [(d, s, e) for d, s, e, lab in planted if _kind_of(lab) != "phone"]
    found = {(t.doc_id, m.start, m.end) for t in corpus for r in regions
             for m in PhoneNumberMatcher(t.text, r, leniency=Leniency.VALID)}
    # leave out the hits inside other planted identifiers (IBAN, BSN ...): only numbers in the filler count against it
    found = {f for f in found if not any(f[0] == d and f[1] < e and s < f[2] for d, s, e in others)}
    tp = len(gold & found)
    wrong = sorted({corpus[d].text[s:e] for d, s, e in found - gold})
    return (f"PhoneNumberMatcher VALID in {','.join(regions)}: {len(found)} found, precision "
            f"{tp / len(found) if found else 1.0:.3f}, recall {tp / len(gold) if gold else 1.0:.3f} "
            f"(not planted: {', '.join(wrong[:8])}{' ...' if len(wrong) > 8 else ''})")


def planted_streets(corpus: Corpus, planted: list[tuple[str, int, int, str]]) -> set[str]:
    """The street names of the planted addresses (``Hoofdstraat`` of ``Hoofdstraat 5``, ``Elm Road`` of ``42 Elm Road``)."""
    import re

    texts = [corpus[d].text[s:e] for d, s, e, lab in planted if _kind_of(lab) == "address"]
    return {re.sub(r"^\d+\w? | \d.*$", "", t) for t in texts}


def score_names(corpus: Corpus, names: dict[str, str],
                streets: set[str] = frozenset()) -> tuple[dict[str, tuple[int, int, int]], int, list[str], int]:
    """Per name kind (found, 0, planted), the right kind guesses, the other candidates and how many planted streets
    were suggested (a street of an address stays a place candidate: the key then hides it without a number too)."""
    frame = suggest_names(corpus)
    found = dict(zip(frame["term"], frame["kind"]))
    out, right_kind = {}, 0
    for kind in NAME_SENTENCES:
        g = {n for n, k in names.items() if k == kind}
        hit = g & set(found)
        right_kind += sum(1 for n in hit if found[n] == kind)
        out[kind] = (len(hit), 0, len(g))
    wrong = sorted(set(found) - set(names) - streets)
    return out, right_kind, wrong, len(set(found) & streets)


def score_variants(names: dict[str, str], rng: random.Random) -> dict[str, tuple[int, int]]:
    from researchkit.privacy.matcher import _lower_case_allowed

    key = PrivacyKey([KeyEntry(n, kind=k) for n, k in sorted(names.items())]).assigned()
    out: dict[str, tuple[int, int]] = {}
    for how in [*VARIANTS, LOWER_EXPECTED]:
        hits = total = 0
        for term in sorted(names):
            if how == LOWER_EXPECTED and not _lower_case_allowed(term):
                continue
            variant = make_variant(term, "lower case" if how == LOWER_EXPECTED else how)
            if variant is None:
                continue
            text = f"Ik heb het aan {variant} gevraagd."
            total += 1
            start = text.index(variant)
            found = find_identifiers(text, key, kinds=())
            hits += any(h.start == start and h.end == start + len(variant) for h in found)
        out[how] = (hits, total)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--regions", default="NL", help="regions to plant and detect, e.g. NL,GB,US (default NL)")
    parser.add_argument("--matcher", action="store_true", help="also score phonenumbers' PhoneNumberMatcher (slow)")
    args = parser.parse_args()
    regions = resolve_regions(args.regions)
    t0 = time.perf_counter()
    corpus, planted, names = build(args.per_kind, args.seed, regions)
    words = sum(len(t.text.split()) for t in corpus)
    print(f"corpus: {len(corpus)} interviews, {words:,} words; planted: {len(planted)} patterned identifiers "
          f"({args.per_kind} per kind), {sum(Counter(names.values()).values())} distinct names; regions {','.join(regions)}")
    print(f"{'kind':<18} {'planted':>7} {'found':>6} {'precision':>9} {'recall':>7}")
    worst = 1.0
    for kind, (tp, pred, gold, precision) in score_patterns(corpus, planted, regions).items():
        recall = tp / gold if gold else 1.0
        worst = min(worst, recall)
        print(f"{kind:<18} {gold:>7} {pred:>6} {precision:>9.3f} {recall:>7.3f}")
    streets = planted_streets(corpus, planted)
    name_scores, right_kind, wrong, street_candidates = score_names(corpus, names, streets)
    tp_all = sum(tp for tp, _p, _g in name_scores.values())
    gold_all = sum(g for _t, _p, g in name_scores.values())
    for kind, (tp, _pred, gold) in name_scores.items():
        print(f"name: {kind:<12} {gold:>7} {tp:>6} {'':>9} {tp / gold if gold else 1.0:>7.3f}")
    suggested = tp_all + len(wrong)
    print(f"names via suggest_names: recall {tp_all / gold_all:.3f}, precision {tp_all / suggested:.3f} "
          f"({len(wrong)} other candidates: {', '.join(wrong[:12])}{' ...' if len(wrong) > 12 else ''}); "
          f"kind guessed right for {right_kind} of {tp_all}; and {street_candidates} of the {len(streets)} planted "
          f"street names (places, by design)")
    variants = score_variants(names, random.Random(args.seed))
    for how, (hits, total) in variants.items():
        print(f"key-term variant: {how:<28} {hits:>4} of {total:<4} recall {hits / total if total else 1.0:.3f}")
    spelled = [h / t for how, (h, t) in variants.items() if t and how != "lower case"]
    print(f"goals: patterned recall >= 0.98 (worst {worst:.3f}); names recall >= 0.90 ({tp_all / gold_all:.3f}); "
          f"variants 1.0 (worst {min(spelled):.3f}; 'lower case' of names with a common word is left alone by design)")
    print(f"identifiers_pattern_recall_min={worst:.3f}")
    print(f"identifiers_name_recall={tp_all / gold_all:.3f}")
    if args.matcher:
        print(phone_matcher_comparison(corpus, planted, regions))
    print(f"elapsed {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()

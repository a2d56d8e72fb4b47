"""The cheaper privacy paths give exactly what the straightforward ones give (issue 18).

- :func:`find_patterns` (expressions that skip to their first character, keyword
  expressions tried only where the lower-cased text has a keyword, cached checks) against
  a plain scan kept here: every expression as first written, ``finditer`` over the whole
  text, no pre-checks; on a varied text with pinned matches and on random texts.
- The HTML reader of the leak check (:mod:`researchkit.privacy.leakhtml`) against
  ``html.parser``: the same segments and the same place for every offset, on a page
  rendered by :func:`transcript_html`, on random pages in its subset (fed in tiny pieces
  too) and on pages outside it (where ``html.parser`` reads them).
- The common-word lexicon against lower-casing every form and lemma of both tables, and the
  shared lemma table against spaCy's ``load_lookups``.
"""

from __future__ import annotations

import gzip
import importlib.resources
import json
import random
import re

import pytest

from researchkit.privacy import addresses, leakread, patterns
from researchkit.privacy.leakcheck import _locate
from researchkit.privacy.matcher import _lexicon, common_word
from researchkit.privacy.patterns import find_patterns
from researchkit.privacy.spans import select_non_overlapping

# --------------------------------------------------------------------------- find_patterns: a plain reference scan

_REF = {
    "postcode": re.compile(r"(?<![\w#&-])[1-9]\d{3}[ \u00a0]?[A-Z]{2}(?![\w-])"),
    "iban": re.compile(r"(?<![\w#&])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?(?![\w])"),
    "imo": re.compile(r"\bIMO(?:[ \t-]*(?:nr\.?|no\.?|nummer|number))?(?:[ \t]+(?:is|was|van|of))?[ \t:.#-]*(\d{7})(?!\d)"),
    "mmsi_ctx": re.compile(r"\bMMSI(?:[ \t]*(?:nr\.?|no\.?|nummer|number))?[ \t:.#-]*([2-7]\d{8})(?!\d)"),
    "mmsi_bare": re.compile(r"(?<![\w.,+/#&-])([2-7]\d{8})(?![\w]|[.,]\d)"),
    "plate_dashed": re.compile(r"(?<![\w-])[A-Z0-9]{1,3}-[A-Z0-9]{2,3}-[A-Z0-9]{1,3}(?![\w-])"),
    "fishing": re.compile(
        r"(?<![\w/#&.-])(" + "|".join(sorted(patterns.FISHING_PORTS, key=len, reverse=True)) + r")"
        r"([-\u2011 ]?)(\d{1,3})(?![\w%]|[.,]\d|-\w)(?![ \t]*(?:%|procent|euro|eur\b|jaar|uur|km|kilo|mijl|meter|"
        r"keer|man|mensen|personen|minuten|dagen|graden|ton\b))"),
    "gb_postcode": re.compile(r"(?<![\w#&-])[A-PR-UWYZ](?:\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKPSTUW]|[A-HK-Y]\d[ABEHMNPRV-Y])"
                             r"[ \u00a0]?\d[ABD-HJLNP-UW-Z]{2}(?![\w-])"),
    "gb_nino": re.compile(r"(?<![\w#&-])[A-Z]{2}[ \u00a0]?\d{2}[ \u00a0]?\d{2}[ \u00a0]?\d{2}[ \u00a0]?[A-D](?![\w-])"),
    "btw": re.compile(r"(?<![\w#&-])NL[ \u00a0]?(?:\d{9}|\d{4}\.\d{2}\.\d{3})[ \u00a0.]?B\.?\d{2}(?![\w]|[.,]\d)"),
    # the address expressions with their left boundary first (the rules after them are the module's own)
    "address_nl": re.compile(r"(?<![\w'’.&/-])" + addresses._WORD + r"(?:[ \u00a0](?:" + addresses._PARTICLE
                             + r"[ \u00a0]){0,2}" + addresses._WORD + r"){0,3}[ \u00a0]" + addresses._NUMBER + addresses._END),
    "address_en": re.compile(r"(?<![\w$£€#.,/-])[1-9](\d{0,4})[A-Z]?[ \u00a0](?:[A-Z][a-z'’]{1,25}[ \u00a0]){1,3}(?:"
                             + "|".join(sorted(addresses.STREET_TYPES, key=len, reverse=True))
                             + r")(?:[ \u00a0](?:NW|NE|SW|SE|N|S|E|W))?(?![\w'’-])"),
}


def _ref_phone_valid(candidate: str, regions: tuple[str, ...]) -> bool:
    """A number with + or 00 anywhere; else valid in the numbering plan of one of the regions."""
    if candidate.startswith(("+", "00")):
        return patterns.phone_valid(candidate)
    return any(patterns.domestic_phone_valid(candidate, r) for r in regions)


def _ref_detect(kind: str, text: str, regions: tuple[str, ...] = ("NL",)):  # noqa: C901 - one branch per kind
    P = patterns
    if kind == "email":
        yield from ((m.start(), m.end()) for m in P._EMAIL.finditer(text))
    elif kind == "url":
        for m in P._URL.finditer(text):
            end = m.end()
            while end > m.start() and text[end - 1] in P._URL_TRAIL:
                if text[end - 1] == ")" and text.count("(", m.start(), end) >= text.count(")", m.start(), end):
                    break
                end -= 1
            if end - m.start() > 4:
                yield m.start(), end
    elif kind == "phone":
        for m in P._PHONE.finditer(text):
            raw = m.group()
            for end in reversed([g.end() for g in re.finditer(r"\d+\)?", raw)]):
                candidate = raw[:end]
                if _ref_phone_valid(candidate, regions):
                    start = m.start() + (1 if candidate.startswith("(") and ")" not in candidate else 0)
                    yield start, m.start() + end
                    break
    elif kind == "plate":
        yield from ((m.start(), m.end()) for m in _REF["plate_dashed"].finditer(text) if P._PLATE_SHAPE.fullmatch(m.group()))
        for m in P._PLATE_BARE.finditer(text):
            v = m.group(1)
            if any(c.isdigit() for c in v) and any(c.isalpha() for c in v) and v.upper() == v:
                yield m.start(1), m.end(1)
    elif kind == "iban":
        for m in _REF["iban"].finditer(text):
            parts = m.group().split(" ")
            for n in range(len(parts), 0, -1):
                if P.iban_valid(" ".join(parts[:n])):
                    yield m.start(), m.start() + len(" ".join(parts[:n]))
                    break
    elif kind == "postcode":
        yield from ((m.start(), m.end()) for m in _REF["postcode"].finditer(text) if P.postcode_valid(m.group()))
    elif kind == "imo":
        yield from ((m.start(), m.end()) for m in _REF["imo"].finditer(text) if P.imo_valid(m.group(1)))
    elif kind == "mmsi":
        seen = set()
        for m in _REF["mmsi_ctx"].finditer(text):
            seen.add(m.start(1))
            yield m.start(), m.end()
        for m in _REF["mmsi_bare"].finditer(text):
            if m.start(1) not in seen and 201 <= int(m.group(1)[:3]) <= 775:
                yield m.start(1), m.end(1)
    elif kind == "birthdate":
        yield from ((m.start(1), m.end(1)) for m in P._BIRTH.finditer(text))
    elif kind == "bsn":
        yield from ((m.start(1), m.end(1)) for m in P._BSN.finditer(text) if P.bsn_valid(m.group(1)))
    elif kind == "fishing":
        for m in _REF["fishing"].finditer(text):
            if m.group(2) == " " and m.group(1) in P._FISHING_AMBIGUOUS:
                if P._VESSEL_WORDS.search(text[max(0, m.start() - 60) : m.end() + 60]) is None:
                    continue
            yield m.start(), m.end()
    elif kind == "gb_postcode":
        yield from ((m.start(), m.end()) for m in _REF["gb_postcode"].finditer(text))
    elif kind == "gb_nino":
        yield from ((m.start(), m.end()) for m in _REF["gb_nino"].finditer(text) if P.nino_valid(m.group()))
    elif kind == "gb_nhs":
        yield from ((m.start(1), m.end(1)) for m in P._NHS.finditer(text) if P.nhs_valid(m.group(1)))
    elif kind == "us_ssn":
        yield from ((m.start(1), m.end(1)) for m in P._SSN.finditer(text) if P.ssn_valid(m.group(1)))
    elif kind == "kvk":
        yield from ((m.start(1), m.end(1)) for m in P._KVK.finditer(text) if P.kvk_valid(m.group(1)))
    elif kind == "rsin":
        yield from ((m.start(1), m.end(1)) for m in P._RSIN.finditer(text) if P.rsin_valid(m.group(1)))
    elif kind == "btw":
        yield from ((m.start(), m.end()) for m in _REF["btw"].finditer(text) if P.btw_valid(m.group()))
    elif kind == "address":
        hits = [addresses.dutch_hit(text, m) for m in _REF["address_nl"].finditer(text)]
        if "GB" in regions or "US" in regions:
            hits += [addresses.english_hit(text, m) for m in _REF["address_en"].finditer(text)]
        yield from (h for h in hits if h is not None)


def reference_patterns(text: str, *, url_trigger: bool = True, regions: tuple[str, ...] = ("NL",)) -> list[tuple[int, int, str]]:
    hits = []
    kinds = patterns.PATTERN_KINDS + tuple(k for r in regions for k in patterns.REGIONAL_KINDS[r])
    for kind in kinds:
        # the one pre-check that changes results: URLs only when "http", "HTTP", "www." or "WWW." is in the text
        if kind == "url" and url_trigger and not any(t in text for t in ("http", "HTTP", "www.", "WWW.")):
            continue
        hits.extend((s, e, kind) for s, e in _ref_detect(kind, text, regions))
    hits.sort(key=lambda h: (patterns._PRIORITY[h[2]], h[0], -(h[1] - h[0])))
    return select_non_overlapping(hits, span=lambda h: (h[0], h[1]))


def found(text: str, regions: tuple[str, ...] | None = None) -> list[tuple[int, int, str]]:
    return [(m.start, m.end, m.kind) for m in find_patterns(text, regions=regions)]


VARIED = (
    "Geboren op 12 maart 1975 te Urk; geb. 3-4-1961. Date of birth: March 12, 1975. DOB 1980-02-29.\n"
    "BSN 1234.56.782, burgerservicenummer: 123456782; sofinummer 111222333. Bel 06-12345678 of +31 (0)50 123 4567,\n"
    "0591 123456, +44 20 7946 0958, 0800-1234. KENTEKEN 12ABC3, kenteken: 12-ABC-3, nummerbord XB123C, AB-12-CD.\n"
    "IBAN NL91 ABNA 0417 1643 00 en NL91ABNA0417164300x. Postcode 9712 CP Groningen, 9712SS niet. IMO 9074729, "
    "imo 9074729, MMSI: 244123456 en 244123456 los, 123456789. De kotter UK 123 en HA-12, UK 2019, ST 5 procent.\n"
    "Mail p.jansen@haven.nl, www.haven.nl/pagina?(x) en https://politie.nl/a_(b)). Op 12-03-2026 om 12:30, pagina "
    "1234, in 2019, voor 1.250 euro. [TELEFOON] Registration number 12-ABC-3; licence plate XB-123-C; Number plate "
    "1-ABC-23. Kelvin \u212aENTEKEN 12ABC3, \u017fofinummer 123456782, b\u0131rth 12-03-1975, REG\u0130STRATION 34XYZ5."
)


def test_find_patterns_pins_the_matches_of_a_varied_text():
    hits = found(VARIED)
    assert hits == reference_patterns(VARIED)
    assert [(m.kind, m.text) for m in find_patterns(VARIED)] == [
        ("birthdate", "12 maart 1975"), ("birthdate", "3-4-1961"), ("birthdate", "March 12, 1975"),
        ("birthdate", "1980-02-29"), ("bsn", "1234.56.782"), ("bsn", "123456782"), ("bsn", "111222333"),
        ("phone", "06-12345678"), ("phone", "+31 (0)50 123 4567"), ("phone", "0591 123456"),
        ("phone", "+44 20 7946 0958"), ("phone", "0800-1234"), ("plate", "12ABC3"), ("plate", "12-ABC-3"),
        ("plate", "XB123C"), ("plate", "AB-12-CD"), ("iban", "NL91 ABNA 0417 1643 00"), ("postcode", "9712 CP"),
        ("imo", "IMO 9074729"), ("mmsi", "MMSI: 244123456"), ("mmsi", "244123456"), ("fishing", "UK 123"),
        ("fishing", "HA-12"), ("email", "p.jansen@haven.nl"), ("url", "www.haven.nl/pagina?(x)"),
        ("url", "https://politie.nl/a_(b)"), ("plate", "12-ABC-3"), ("plate", "XB-123-C"), ("plate", "1-ABC-23"),
        ("plate", "12ABC3"), ("bsn", "123456782"), ("plate", "34XYZ5"),
    ]
    # the texts without the characters that match a letter only case-insensitively take the keyword path
    plain = VARIED.split("Kelvin")[0]
    assert not any(ch in plain for ch in patterns._ODD_CASE) and found(plain) == reference_patterns(plain)
    assert any(ch in VARIED for ch in patterns._ODD_CASE)


def test_keywords_are_found_across_the_pieces_of_a_long_text(monkeypatch):
    monkeypatch.setattr(patterns, "_PIECE", 7)  # keywords cut by every piece boundary
    text = " ".join(["Geboren", "KENTEKEN 12ABC3", "bsn 123456782", "www.X.nl", "Date of Birth 1-2-1970", "sSn 123-45-6789",
                     "Social Security 536221235", "nhs 943 476 5919"] * 5)
    every = (patterns._BIRTH_START, patterns._PLATE_START, patterns._BSN_START, patterns._URL_START,
             patterns._SSN_START, patterns._NHS_START)
    index = patterns._keyword_index(text, every)  # all in one pass, as find_patterns looks for them
    for keywords in every:
        low = text.lower()
        expected = [i for i in range(len(text)) if keywords.match(low, i)]
        assert expected and index[keywords] == expected == patterns._keyword_index(text, [keywords])[keywords]
    assert found(text) == reference_patterns(text) and len(found(text)) == 25  # 536221235 is an MMSI there
    us_gb = ("NL", "GB", "US")
    assert found(text, us_gb) == reference_patterns(text, regions=us_gb) and len(found(text, us_gb)) == 35


_PIECES = ["kenteken", "Kenteken:", "KENTEKEN", "nummerbord", "registration", "number plate", "licence plate",
           "IMO", "imo", "MMSI", "BSN", "bsn", "burger service nummer", "sofi-nummer", "geboren", "GEB.", "born",
           "date of birth", "d.o.b.", "DOB", "UK", "HA", "IJM", "SCH", "ST", "kotter", "NL91", "ABNA", "0417", "1643",
           "00", "06", "+31", "(0)50", "9712", "CP", "SS", "12-ABC-3", "AB-12-CD", "12ABC3", "XB-123-C", "maart",
           "March", "1975", "12-03-1975", "3/4/61", "p.jansen@haven.nl", "a@b.co", "244123456", "9074729",
           "1234.56.782", "123456782", "http://x.nl/(a)", "www.haven.nl", "HTTP://A.B", "Www.x.nl", "€", "%", "euro",
           # addresses and business numbers
           "Hoofdstraat", "Kade", "Willem Barentszkade", "Oude", "Zeester", "Terminal", "12a", "3-5", "14 bis", "44", "op de",
           "aan de", "adres:", "woont op", "keer", "jaar", "in", "KvK", "kvk-nummer", "Kamer van Koophandel",
           "handelsregister", "12345678", "12 34 56 78", "RSIN", "fiscaal nummer", "367418253", "NL004495445B01",
           "NL 0044.95.445.B.01", "NL002455799B11"]
_CHARS = "0123456789 -./+()#&@:,;\n\t_%é’\u00a0ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _random_text(rng: random.Random, odd: bool, pieces: list[str] = _PIECES) -> str:
    parts = []
    for _ in range(rng.randrange(1, 40)):
        if rng.random() < 0.5:
            parts.append(rng.choice(pieces))
        else:
            parts.append("".join(rng.choice(_CHARS) for _ in range(rng.randrange(1, 7))))
        parts.append(rng.choice(["", " ", " ", "-", "\n", ".", ":", " van "]))
    if odd:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(["\u0130", "\u0131", "\u017f", "\u212a"]))
    return "".join(parts)


@pytest.mark.parametrize("odd", [False, True])
def test_find_patterns_equals_the_plain_scan_on_random_texts(odd):
    rng = random.Random(18 + odd)
    total = 0
    for _ in range(1500):
        text = _random_text(rng, odd)
        expected = reference_patterns(text)
        assert found(text) == expected, text
        total += len(expected)
    assert total > 500  # the texts do hold identifiers


_ADDRESS_PIECES = ["Hoofdstraat", "Kade", "kade", "Willem", "Barentszkade", "Oude", "Boteringestraat", "Van", "de", "van der",
                   "Zeester", "Terminal", "Haven", "Windpark", "Dijk", "Oosterhorn", "IJsselkade", "Sint-Jansstraat", "5",
                   "12a", "3-5", "14 bis", "44", "2019", "3e", "12:30", "1.250", "op de", "aan de", "adres:", "Adres",
                   "woont op", "gevestigd aan", "naar", "keer", "jaar", "schepen", "of 3", "januari", "in", "te", "nieuwe",
                   "verkocht", "Delfzijl", "9934 AA", ",", ".", "!", "\n", "%", "42", "221B", "Elm", "Baker", "Road", "Street",
                   "St", "Avenue", "NW", "In", "page", "1600", "KvK", "12345678", "RSIN", "367418253", "NL004495445B01"]


@pytest.mark.parametrize("regions", [("NL",), ("NL", "GB", "US")])
def test_addresses_equal_the_plain_scan_on_random_texts(regions):
    """Texts made mostly of address pieces (street words, numbers, cues, counts) joined by spaces."""
    rng = random.Random(31 + len(regions))
    total = 0
    for i in range(1500):
        parts = []
        for _ in range(rng.randrange(1, 8)):  # mostly: [cue] street number [follower], between other pieces
            parts += [rng.choice(_ADDRESS_PIECES) for _ in range(rng.randrange(0, 3))]
            parts += [rng.choice(_ADDRESS_PIECES[:17]), rng.choice(_ADDRESS_PIECES[17:26])]
        text = "".join(p + rng.choice([" ", " ", " ", "", "\u00a0", ", "]) for p in parts)
        if i % 7 == 0:
            text = text.replace("K", "\u212a", 1)  # a character that matches a letter only case-insensitively
        expected = reference_patterns(text, regions=regions)
        assert found(text, regions) == expected, text
        total += sum(1 for h in expected if h[2] == "address")
    assert total > 300  # the texts do hold addresses


def test_find_patterns_on_one_long_text_and_per_kind():
    rng = random.Random(7)
    text = " ".join(_random_text(rng, False) for _ in range(400))
    assert found(text) == reference_patterns(text)
    for kind in patterns.PATTERN_KINDS:
        assert list(patterns._DETECTORS[kind](text)) == list(_ref_detect(kind, text)), kind


def test_url_pre_check_is_kept_as_it_was():
    # "Http://" alone is not scanned for (the pre-check looks for http, HTTP, www., WWW.): unchanged behaviour
    assert found("zie Http://haven.nl/x") == [] == reference_patterns("zie Http://haven.nl/x")
    assert reference_patterns("zie Http://haven.nl/x", url_trigger=False) == [(4, 21, "url")]


VARIED_EN = (
    "Call me at (212) 555-0199 or 212-555-0199, mobile 07911 123456. Office SW1A 1AA London, SSN 123-45-6789.\n"
    "London 020 7946 0958, (0161) 496 0000, 1-800-555-0199, 212.555.0199, +1 212 555 0199; order 2125550199.\n"
    "NI number AB 12 34 56 C, JG103759A; QQ 12 34 56 C no. NHS number 943 476 5919, NHS no 9434765918.\n"
    "Social Security number: 536-22-1234, ssn 666-12-3456. Bel 06-12345678, postcode 9712 CP; M1 1AE, B33 8TH.\n"
    "On 12/03/2026 at 10:30, page 212, 1990-2001, $212,555, ISBN 978-0-306-40615-7, b\u0131rth 12-03-1975."
)


def test_find_patterns_with_regions_pins_the_matches_of_an_english_text():
    regions = ("NL", "GB", "US")
    assert found(VARIED_EN, regions) == reference_patterns(VARIED_EN, regions=regions)
    assert [(m.kind, m.text) for m in find_patterns(VARIED_EN, regions=regions)] == [
        ("phone", "(212) 555-0199"), ("phone", "212-555-0199"), ("phone", "07911 123456"), ("gb_postcode", "SW1A 1AA"),
        ("us_ssn", "123-45-6789"), ("phone", "020 7946 0958"), ("phone", "(0161) 496 0000"),
        ("phone", "1-800-555-0199"), ("phone", "212.555.0199"), ("phone", "+1 212 555 0199"),
        ("gb_nino", "AB 12 34 56 C"), ("gb_nino", "JG103759A"), ("gb_nhs", "943 476 5919"), ("us_ssn", "536-22-1234"),
        ("phone", "06-12345678"), ("postcode", "9712 CP"), ("gb_postcode", "M1 1AE"), ("gb_postcode", "B33 8TH"),
    ]
    # the default region finds the Dutch number, the + number and the Dutch postcode only
    assert [m.text for m in find_patterns(VARIED_EN)] == ["+1 212 555 0199", "06-12345678", "9712 CP"]
    assert found(VARIED_EN) == reference_patterns(VARIED_EN)


_EN_PIECES = ["SSN", "ssn", "social security", "Social Security number", "NHS", "NHS number", "SW1A", "1AA", "M1",
              "B33 8TH", "AB 12 34 56 C", "JG103759A", "(212)", "555-0199", "212-555-0199", "212.555.0199", "1-800",
              "07911 123456", "020 7946 0958", "(0161) 496 0000", "943 476 5919", "9434765919", "123-45-6789",
              "536221235", "666-12-3456", "+1", "1", "212", "NHS no. 943 476 5919", "SSN: 123-45-6789",
              "social security 536 22 1234", "NHS 9434765918", "42 Elm Road", "221B", "Baker Street", "St", "Avenue NW",
              "Pennsylvania", "In 2019", "page"]


@pytest.mark.parametrize("regions", [("GB",), ("US",), ("NL", "GB", "US")])
def test_find_patterns_with_regions_equals_the_plain_scan_on_random_texts(regions):
    rng = random.Random(19 + len(regions))
    total = 0
    for i in range(1000):
        text = _random_text(rng, i % 5 == 0, pieces=_PIECES + _EN_PIECES)
        expected = reference_patterns(text, regions=regions)
        assert found(text, regions) == expected, text
        total += len(expected)
    assert total > 500


def test_find_patterns_with_regions_per_kind_on_one_long_text():
    rng = random.Random(8)
    text = " ".join(_random_text(rng, False, pieces=_PIECES + _EN_PIECES) for _ in range(400))
    regions = ("NL", "GB", "US")
    assert found(text, regions) == reference_patterns(text, regions=regions)
    for kind in patterns.ALL_PATTERN_KINDS:
        if kind == "phone":
            assert list(patterns._phones(text, regions)) == list(_ref_detect(kind, text, regions))
        elif kind == "address":
            assert list(addresses.find_addresses(text, english=True)) == list(_ref_detect(kind, text, regions))
        else:
            assert list(patterns._DETECTORS[kind](text)) == list(_ref_detect(kind, text, regions)), kind


# --------------------------------------------------------------------------- the HTML reader of the leak check


def _canon(segments):
    """Each segment's place, text and the place of every offset (what the leak check reports)."""
    return [(s.location, s.text, s.line, s.col, [_locate(s, o) for o in range(len(s.text) + 1)]) for s in segments]


def _fast(text: str, size: int):
    return leakread._fast_segments(text[i : i + size] for i in range(0, len(text), size))


def _random_page(rng: random.Random) -> str:
    words = ["Piet", "de Boer", "Zeester", "06-12345678", "’t", "é", "x", "\n", "  ", "tekst", "IMO 9074729"]
    refs = ["&amp;", "&lt;", "&#8217;", "&#x2019;", "&eacute;", "&nbsp;", "&ampx;", "&a-b;", "&AMP;"]
    attrs = ["class=\"turn r\"", "title='Piet &amp; Zeester'", "data-x=\"\"", "hidden", "id = \"t1\"",
             "title=\"a\nb\"", "alt='06-12345678'", "style=\"--c:#fff\"", "TITLE=\"Groot\""]
    out = []
    if rng.random() < 0.5:
        out.append(rng.choice(["<!DOCTYPE html>\n", "<!doctype html>"]))
    for _ in range(rng.randrange(1, 30)):
        r = rng.random()
        tag = rng.choice(["p", "div", "span", "mark", "TD", "h2", "a", "br", "img"])
        if r < 0.3:
            out.append(rng.choice(words))
        elif r < 0.4:
            out.append(rng.choice(refs))
        elif r < 0.6:
            chosen = " ".join(rng.sample(attrs, rng.randrange(0, 4)))
            out.append(f"<{tag}{' ' + chosen if chosen else ''}{rng.choice(['', ' ', '/', ' /', chr(10)])}>")
        elif r < 0.75:
            out.append(f"</{tag}{rng.choice(['', ' ', chr(10)])}>")
        elif r < 0.82:
            out.append(rng.choice(["<!-- Piet de Boer -->", "<!---->", "<!-- a -- b --\n>", "<!-- <p> & -->"]))
        elif r < 0.9:
            name = rng.choice(["script", "style", "SCRIPT"])
            body = rng.choice(["var a = 1 < 2 && 3;", '{"n": "Piet</b>"}', "", "\n x \n", "</scrip>"])
            out.append(f"<{name} type=\"x\">{body}</{name.lower()}{rng.choice(['', ' '])}>")
        else:
            out.append(rng.choice(words) + rng.choice(refs))
    return "".join(out)


def test_fast_html_reader_gives_the_segments_of_html_parser():
    rng = random.Random(2026)
    for _ in range(400):
        page = _random_page(rng)
        expected = _canon(leakread._parser_segments(page))
        for size in (len(page) + 1, 1, 3, 17):  # whole, and in tiny pieces (tokens cut anywhere)
            fast = _fast(page, size)
            assert fast is not None, page
            assert _canon(fast) == expected, (page, size)


def test_fast_html_reader_on_a_rendered_transcript_page(tmp_path):
    from researchkit.report.html import transcript_html
    from researchkit.transcripts import Corpus, Transcript

    texts = ["I: Wat gebeurde er in ’t havengebied?\nR: Piet de Boer & de Zeester <kwamen> om 12:30 \"binnen\".",
             "I: En toen?\nR: Bel 06-12345678; zie www.haven.nl & IMO 9074729.\n\nR: Einde."]
    page = transcript_html(Corpus([Transcript(f"R{i}", t) for i, t in enumerate(texts, 1)]), None)
    path = tmp_path / "transcripts.html"
    path.write_text(page, encoding="utf-8")
    fast = _fast(page, 1 << 20)
    assert fast is not None  # our own page is in the subset
    assert _canon(fast) == _canon(leakread._parser_segments(page))
    assert _canon(leakread.read_segments(path, "t.html")[0]) == _canon(fast)
    assert "Piet de Boer & de Zeester <kwamen>" in fast[0].text


@pytest.mark.parametrize("page", [
    "<p>a < b</p>",  # a lone "<"
    "<p>R&D en 5 &euro</p>",  # "&" without ";"
    "<p title=unquoted>x</p>",  # an unquoted value
    "<?xml version='1.0'?><p>x</p>",  # a processing instruction
    "<p><![CDATA[x]]></p>",  # a marked section
    "<p>x</p><!-- not closed",
    "<script>var a = 1;",  # a script that is not closed
    '<p title="a"title="b">x</p>',  # attributes not separated
    "<p>x</p>&#12a;",
])
def test_pages_outside_the_subset_are_read_by_html_parser(page, tmp_path):
    assert _fast(page, 1 << 20) is None
    assert _canon(leakread.html_segments(page)) == _canon(leakread._parser_segments(page))
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    assert _canon(leakread.read_segments(path, "page.html")[0]) == _canon(leakread._parser_segments(page))


def test_attribute_values_holding_the_separator_are_located_alike():
    # values that hold the separator (or its halves) between several values of one tag: each offset names its value
    sep = leakread.SEP
    page = (f'<p title="a{sep}b" alt="IMO 9074729\n\x00" data-x="{sep}">x</p>\n<img alt="06-12345678" title="c\x00\n">'
            f'<a href="www.haven.nl{sep}" title=\'Piet\'>y &amp; z</a>')
    fast = _fast(page, 1 << 20)
    assert fast is not None
    assert _canon(fast) == _canon(leakread._parser_segments(page))
    for size in (1, 5):
        assert _canon(_fast(page, size)) == _canon(fast)
    attributes = fast[1]
    at = attributes.text.index("06-12345678")
    assert attributes.locator(at) == "line 7:1, <img> attribute alt"  # the values before hold five line ends
    assert attributes.locator(attributes.text.index("Piet")) == "line 8:3, <a> attribute title"


@pytest.mark.parametrize("page", [
    '<p title="it\'s" alt=\'say "hi"\' data-x="a=b" data-y="x>y" hidden data-z=\'\'>t</p>',
    "<img alt='06-12345678'title=\"x\">",  # outside the subset (no space between): html.parser reads it
    '<a href="www.haven.nl?a=1&amp;b=2" title="&#39;Piet&#39; &amp; \'Zeester\'" data-k="&#x212a;elvin">x</a>',
    '<p title="\u212a \u0130 \u017f &eacute;\n\n">&#8217;t &amp; \u212a</p><!-- <p title="Piet"> -->',
    '<p class="a"\n   title = "b"  data-x = \'c\'  >x</p><br/><hr class="x" />',
])
def test_attribute_values_are_the_quoted_strings(page):
    expected = _canon(leakread._parser_segments(page))
    assert _canon(leakread.html_segments(page)) == expected
    for size in (1, 4):
        fast = _fast(page, size)
        in_subset = "'title" not in page
        assert (fast is not None) == in_subset and (not in_subset or _canon(fast) == expected)


def test_a_token_longer_than_the_carry_limit_falls_back(monkeypatch):
    monkeypatch.setattr("researchkit.privacy.leakhtml._MAX_CARRY", 10)
    page = '<p title="' + "x" * 50 + '">tekst</p>'
    assert _fast(page, 8) is None
    assert _fast(page, 1 << 20) is not None
    assert _canon(leakread.html_segments(page)) == _canon(leakread._parser_segments(page))


# --------------------------------------------------------------------------- the common-word lexicon and the shared table


def _raw_tables() -> list[dict]:
    data = importlib.resources.files("spacy_lookups_data").joinpath("data")
    out = []
    for name in ("nl_lemma_lookup.json.gz", "en_lemma_lookup.json.gz"):
        with gzip.open(data.joinpath(name)) as handle:
            out.append(json.load(handle))
    return out


def test_common_word_answers_as_lower_casing_every_form_and_lemma():
    tables = _raw_tables()
    reference = set()
    for table in tables:
        reference.update(w.lower() for w in table)
        reference.update(str(v).lower() for v in table.values())
    lexicon = _lexicon()
    assert all(w in lexicon for w in reference)
    rng = random.Random(11)
    sample = []
    for table in tables:
        keys = list(table)
        sample.extend(rng.sample(keys, 3000))
        sample.extend(rng.sample(list(table.values()), 3000))
        sample.extend(k for k in keys if not k.islower())  # the capitalised keys (English: "Monday", "I" ...)
    assert any(not k.islower() for k in sample)
    for word in sample:
        for variant in (word, word.upper(), word.capitalize(), word + "x", word[:-1], "x" + word):
            assert common_word(variant) == (variant.lower() in reference), variant
    assert common_word("Visser") and common_word("DE") and not common_word("Zijlstra")


def test_lemma_table_is_the_one_spacy_loads():
    from spacy.lookups import load_lookups

    from researchkit.nlp import lemma_lookup_table, lemmatizer_for

    for lang in ("nl", "en"):
        table = lemma_lookup_table(lang)
        spacy_table = load_lookups(lang, ["lemma_lookup"]).get_table("lemma_lookup")
        assert len(table) == len(spacy_table)
        assert all(spacy_table.get(form) == lemma for form, lemma in table.items())
        assert lemma_lookup_table(lang) is table  # loaded once per process
    assert lemmatizer_for("nl").table is lemma_lookup_table("nl")
    with pytest.raises(TypeError):
        lemma_lookup_table("nl")["nieuw"] = "x"  # shared: read-only


VARIED_BUSINESS = (
    "Het kantoor zit aan de Willem Barentszkade 12a in Delfzijl; adres: Oosterhorn 12, 9934 AA. Zuiderpier 3-5 en "
    "Noorderhaven 14 bis. Niet: pagina 12, Terminal 2, kade 3 keer, de Zeester 12 jaar, Eemshaven 2019, Kade 3 keer.\n"
    "KvK-nummer 12345678, Kamer van Koophandel onder nummer 12 34 56 78, handelsregister: 24.68.13.57; kvk 1234567 niet.\n"
    "RSIN 367418253, fiscaal nummer 2094.94.177, RSIN 123456789 niet. Btw NL004495445B01, NL 0044.95.445.B.01, "
    "NL123456789B01 niet. I live at 42 Elm Road, 221B Baker Street; in 2019 Park Lane; \u212avK 87654321."
)


def test_find_patterns_pins_the_matches_of_addresses_and_business_numbers():
    for regions in (("NL",), ("NL", "GB", "US")):
        assert found(VARIED_BUSINESS, regions) == reference_patterns(VARIED_BUSINESS, regions=regions)
    plain = VARIED_BUSINESS.split("I live")[0]
    assert found(plain) == reference_patterns(plain) and not any(ch in plain for ch in patterns._ODD_CASE)
    assert [(m.kind, m.text) for m in find_patterns(VARIED_BUSINESS, regions=("NL", "GB"))] == [
        ("address", "Willem Barentszkade 12a"), ("address", "Oosterhorn 12"), ("postcode", "9934 AA"),
        ("address", "Zuiderpier 3-5"), ("address", "Noorderhaven 14 bis"), ("kvk", "12345678"), ("kvk", "12 34 56 78"),
        ("kvk", "24.68.13.57"), ("rsin", "367418253"), ("rsin", "2094.94.177"), ("btw", "NL004495445B01"),
        ("btw", "NL 0044.95.445.B.01"), ("address", "42 Elm Road"), ("address", "221B Baker Street"), ("kvk", "87654321"),
    ]
    # English addresses only in the regions GB and US
    assert "42 Elm Road" not in [m.text for m in find_patterns(VARIED_BUSINESS)]


def test_business_keywords_are_found_across_the_pieces_of_a_long_text(monkeypatch):
    monkeypatch.setattr(patterns, "_PIECE", 5)
    text = " ".join(["KvK-nummer 12345678", "Kamer van Koophandel 12 34 56 78", "HANDELSREGISTER 24.68.13.57",
                     "Rsin 367418253", "fiscaal nummer 209494177"] * 4)
    index = patterns._keyword_index(text, (patterns._KVK_START, patterns._RSIN_START))
    for keywords in (patterns._KVK_START, patterns._RSIN_START):
        low = text.lower()
        expected = [i for i in range(len(text)) if keywords.match(low, i)]
        assert expected and index[keywords] == expected == patterns._keyword_index(text, [keywords])[keywords]
    kinds = [k for *_x, k in found(text)]
    assert found(text) == reference_patterns(text) and kinds.count("kvk") == 12 and kinds.count("rsin") == 8

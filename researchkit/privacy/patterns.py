"""Identifier patterns: e-mail, URL, phone, licence plate, IBAN, postcode, IMO, MMSI, birth date, BSN, address, KvK ...

Each kind is a small, separately testable detector: a regular expression finds
candidates and, where the format has one, a check confirms them. Precision matters as
much as recall: report dates, page numbers, amounts, years and clock times must not be
flagged. The full scope of each kind is in ``docs/privacy.md`` (*Identifier patterns*):

* ``email`` (``local@domain.tld``, letters of any script), ``url`` (``http://``, ``https://``, ``www.``; trailing
  punctuation excluded; bare domains not flagged);
* ``phone``: Dutch numbers (``06-12345678``, ``050-1234567``, ``0800``/``0900``), ``+31``/``0031``
  with an optional ``(0)``, international ``+44 20 7946 0958``; numbers without a leading
  ``0``/``+`` (amounts, years, pages) never match;
* ``plate``: Dutch sidecodes 1-14 in capitals with dashes; without dashes only after *kenteken* ...;
* ``iban`` (mod 97 and length), ``postcode`` (``1234 AB``, not SA/SD/SS), ``imo`` (check digit),
  ``mmsi`` (after *MMSI*, or nine digits with a maritime country code 201-775);
* ``birthdate`` (a full date within 40 characters after *geboren*, *geb.*, *date of birth* ...),
  ``bsn`` (nine digits, eleven test, within 30 characters after *BSN*, *burgerservicenummer* ...);
* ``fishing``: port letters (:data:`FISHING_PORTS`) and 1-3 digits (``UK-123``, ``HA 12``); letters
  that are also abbreviations with a space need a vessel word nearby; never before ``%``, a unit,
  *euro* or more digits;
* ``address``: a street name and house number (``Hoofdstraat 5``, ``Willem Barentszkade 12a``;
  English ``42 Elm Road`` in the regions GB, US): :mod:`~researchkit.privacy.addresses`;
* ``kvk`` (eight digits, also ``12 34 56 78``, within 30 characters after *KvK*, *Kamer van
  Koophandel*, *handelsregister*), ``rsin`` (nine digits, eleven test, after *RSIN*, *fiscaal
  nummer*), ``btw`` (``NL004495445B01``, python-stdnum's ``nl.btw`` check).

Regions (``regions=("NL", "GB", "US")``, default ``("NL",)``) decide how a phone number
without a country code is read (:func:`~researchkit.privacy.checks.domestic_phone_valid`),
whether English addresses are looked for, and add the kinds of each region to ``all``
(:data:`REGIONAL_KINDS`; by name they are always available): ``gb_postcode`` (``SW1A 1AA``),
``gb_nino`` (``AB 12 34 56 C``), ``gb_nhs`` (ten digits, mod 11, after *NHS*), ``us_ssn``
(``123-45-6789`` after *SSN* or *social security*; never-issued numbers are not flagged).

Checks use well-kept libraries (:mod:`~researchkit.privacy.checks`): python-stdnum (IBAN,
IMO, BSN, RSIN, VAT number, postcode, SSN, NHS number) and phonenumbers (phone numbers).

Examples
--------
>>> [(m.kind, m.text) for m in find_patterns("Bel 06-12345678 of mail piet@voorbeeld.nl; kenteken 12-ABC-3.")]
[('phone', '06-12345678'), ('email', 'piet@voorbeeld.nl'), ('plate', '12-ABC-3')]
>>> find_patterns("Op 12-03-2026 om 12:30, pagina 1234, in 2019, voor 1.250 euro.")
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Sequence

from researchkit.errors import PrivacyError
from researchkit.privacy.addresses import find_addresses
from researchkit.privacy.anchored import WordChars, anchored_matches, anchored_starts, run_matches, start_matches
from researchkit.privacy.checks import (  # noqa: F401 - the checks are re-exported here
    DEFAULT_REGIONS,
    REGIONS,
    bsn_valid,
    btw_valid,
    kvk_valid,
    rsin_valid,
    domestic_phone_valid,
    iban_valid,
    imo_valid,
    nhs_valid,
    nino_valid,
    phone_valid,
    postcode_valid,
    resolve_regions,
    ssn_valid,
)
from researchkit.privacy.spans import inside_spans, select_non_overlapping  # noqa: F401 - inside_spans re-exported

__all__ = [
    "PATTERN_KINDS", "ALL_PATTERN_KINDS", "REGIONAL_KINDS", "REGIONS", "PATTERN_TOKENS", "PatternKinds",
    "PatternMatch", "find_patterns", "iban_valid", "imo_valid", "bsn_valid", "postcode_valid", "phone_valid",
    "domestic_phone_valid", "ssn_valid", "nhs_valid", "nino_valid", "kvk_valid", "rsin_valid", "btw_valid", "FISHING_PORTS",
    "resolve_kinds", "resolve_regions",
]

#: The pattern kinds of ``all`` in the default region (NL), in the order they are reported.
PATTERN_KINDS: tuple[str, ...] = ("email", "url", "phone", "plate", "iban", "postcode", "imo", "mmsi", "birthdate",
                                  "bsn", "fishing", "address", "kvk", "rsin", "btw")
#: The kinds that ``all`` adds for each region besides :data:`PATTERN_KINDS`.
REGIONAL_KINDS: dict[str, tuple[str, ...]] = {"NL": (), "GB": ("gb_postcode", "gb_nino", "gb_nhs"), "US": ("us_ssn",)}
#: Every kind that can be asked for by name.
ALL_PATTERN_KINDS: tuple[str, ...] = PATTERN_KINDS + tuple(k for r in REGIONS for k in REGIONAL_KINDS[r])
#: What a pattern hit is replaced by in a pseudonymised text.
PATTERN_TOKENS: dict[str, str] = {
    "email": "[E-MAIL]", "url": "[URL]", "phone": "[TELEFOON]", "plate": "[KENTEKEN]", "iban": "[IBAN]",
    "postcode": "[POSTCODE]", "imo": "[IMO]", "mmsi": "[MMSI]", "birthdate": "[GEBOORTEDATUM]", "bsn": "[BSN]",
    "fishing": "[VISSERIJNUMMER]", "address": "[ADRES]", "kvk": "[KVK-NUMMER]", "rsin": "[RSIN]",
    "btw": "[BTW-NUMMER]", "gb_postcode": "[POSTCODE]", "gb_nino": "[NI-NUMMER]", "gb_nhs": "[NHS-NUMMER]",
    "us_ssn": "[SSN]",
}


@dataclass(frozen=True)
class PatternMatch:
    """One pattern hit: ``text[start:end]`` is the identifier.

    Attributes
    ----------
    start, end
        Code-point offsets (end exclusive).
    kind
        One of :data:`PATTERN_KINDS`.
    text
        The matched identifier.
    """

    start: int
    end: int
    kind: str
    text: str


class PatternKinds(tuple):
    """Resolved pattern kinds (a tuple of kind names) with the regions their numbers are read in.

    Every function that takes ``kinds=`` (:func:`find_identifiers`, ``Pseudonymiser``,
    ``apply_key``, ``check_outputs`` ...) passes it on whole, so the regions travel with the
    kinds through every call path. Compares equal to the plain tuple of its kinds.

    Examples
    --------
    >>> chosen = resolve_kinds("phone,us_ssn", regions="US")
    >>> chosen, chosen.regions, chosen == ("phone", "us_ssn")
    (('phone', 'us_ssn'), ('US',), True)
    """

    regions: tuple[str, ...]

    def __new__(cls, kinds: Iterable[str] = (), regions: tuple[str, ...] = DEFAULT_REGIONS) -> "PatternKinds":
        self = super().__new__(cls, kinds)
        self.regions = tuple(regions)
        return self

    def __getnewargs__(self) -> tuple:  # pickling keeps the regions
        return tuple(self), self.regions


def resolve_kinds(kinds: Iterable[str] | str | None, regions: Iterable[str] | str | None = None) -> PatternKinds:
    """Validate pattern kinds: ``None`` or ``"all"`` means every kind of the regions, ``()`` none.

    Parameters
    ----------
    kinds
        Kind names (``"phone,email"`` works too), ``"all"``/``None`` or ``"none"``.
    regions
        Where numbers without a country code are read and whose kinds ``all`` adds
        (:func:`resolve_regions`); ``None`` keeps the regions of a :class:`PatternKinds`
        given as ``kinds``, else the default ``("NL",)``.

    Raises
    ------
    PrivacyError
        ``RK575`` naming the unknown kinds and the valid ones; ``RK579`` for unknown regions.

    Examples
    --------
    >>> resolve_kinds(["phone", "email"])
    ('email', 'phone')
    >>> resolve_kinds("phone,iban")
    ('phone', 'iban')
    >>> resolve_kinds("all", regions="NL,GB")[-4:]
    ('btw', 'gb_postcode', 'gb_nino', 'gb_nhs')
    """
    if isinstance(kinds, PatternKinds) and regions is None:
        return kinds
    regions = resolve_regions(getattr(kinds, "regions", None) if regions is None else regions)
    every = PATTERN_KINDS + tuple(k for r in REGIONS if r in regions for k in REGIONAL_KINDS[r])
    if kinds is None:
        return PatternKinds(every, regions)
    if isinstance(kinds, str):
        if kinds.strip().lower() in ("all", ""):
            return PatternKinds(every if kinds.strip() else (), regions)
        if kinds.strip().lower() == "none":
            return PatternKinds((), regions)
        kinds = [k.strip() for k in kinds.split(",") if k.strip()]
    wanted = [str(k).strip().lower() for k in kinds]
    unknown = [k for k in wanted if k not in ALL_PATTERN_KINDS]
    if unknown:
        raise PrivacyError("RK575", f"unknown identifier pattern kind(s) {', '.join(map(repr, unknown))}",
                           hint=f"use some of {', '.join(ALL_PATTERN_KINDS)} (or 'all' / 'none')")
    return PatternKinds((k for k in ALL_PATTERN_KINDS if k in wanted), regions)


# --------------------------------------------------------------------------- detectors

_B = r"(?<![\w@.+-])"  # left boundary: not inside a word, address or number
_EMAIL_LOCAL = WordChars("._%+-" + "".join(map(chr, range(0x300, 0x370))))  # before the @ (with combining accents)
# internationalised too (josé@haven.nl, zoë@café-haven.nl: RFC 6531, IDN; ASCII-only classes found nothing)
_LABEL = r"[^\W_](?:[^\W_]|[\u0300-\u036f-])*(?<!-)"
_EMAIL = re.compile(r"(?<![\w.%+\u0300-\u036f-])\w[\w.%+\u0300-\u036f-]*@" + _LABEL
                    + r"(?:\." + _LABEL + r")*\.[^\W\d_]{2,24}(?![\w-])")
_URL = re.compile(r"(?<![\w@/])(?:https?://|www\.)[^\s<>\"'`{}|\\^\[\]]+", re.IGNORECASE)
_URL_TRAIL = ".,;:!?)'\""
_SEP = r"[ \t\u00a0./-]{0,3}"
_PHONE = re.compile(
    r"(?<![\w+.,/#&-])(?:\+|00)?\(?\d{1,4}\)?(?:[ \t\u00a0]?\(0\))?(?:" + _SEP + r"\(?\d{1,8}\)?){1,6}(?![\w]|[.,]\d|-\d)"
)
#: Where a _PHONE match can start: its first character after its left boundary (never an empty match);
#: where one starting with +, 0 or (0 can; and the characters of a match besides digits.
_PHONE_START = re.compile(r"[+(\d](?<![\w+.,/#&-].)")
_PHONE_ZERO_START = re.compile(r"[+0(](?<![\w+.,/#&-].)(?:(?<=\()(?=0)|(?<!\())")  # one class first: a fast skip
_PHONE_MARKS = frozenset("+() \t\u00a0./-")
_LETTERS = r"[A-Z]"
_SIDECODES = [  # (letters/digits layout of the three groups)
    ("L2", "D2", "D2"), ("D2", "D2", "L2"), ("D2", "L2", "D2"), ("L2", "D2", "L2"), ("L2", "L2", "D2"),
    ("D2", "L2", "L2"), ("D2", "L3", "D1"), ("D1", "L3", "D2"), ("L2", "D3", "L1"), ("L1", "D3", "L2"),
    ("L3", "D2", "L1"), ("L1", "D2", "L3"), ("D1", "L2", "D3"), ("D3", "L2", "D1"),
]


def _group(spec: str) -> str:
    return (_LETTERS if spec[0] == "L" else r"\d") + "{" + spec[1] + "}"


_PLATE_SHAPE = re.compile(r"(?:" + "|".join("-".join(_group(g) for g in code) for code in _SIDECODES) + r")")
_PLATE_DASHED = re.compile(r"[A-Z0-9](?<![\w-].)[A-Z0-9]{0,2}-[A-Z0-9]{2,3}-[A-Z0-9]{1,3}(?![\w-])")
_PLATE_BARE = re.compile(
    r"(?i:kenteken(?:plaat|nummer)?|nummerbord|registration(?:\s+(?:plate|number))?|licen[cs]e\s+plate|number\s+plate)"
    r"\s*(?:[:.]|is|was|nr\.?|nummer)?\s*(?:van\s+)?"
    r"((?:" + "|".join("".join(_group(g) for g in code) for code in _SIDECODES) + r"))(?![\w-])"
)
_IBAN = re.compile(r"[A-Z](?<![\w#&].)[A-Z]\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?(?![\w])")
# (a pattern that starts with a character class, the left boundary checked after it, lets the
# regular expression engine skip ahead to that class: the same matches as the boundary first)
_POSTCODE = re.compile(r"[1-9](?<![\w#&-].)\d{3}[ \u00a0]?[A-Z]{2}(?![\w-])")
_IMO = re.compile(r"I(?<!\w.)MO(?:[ \t-]*(?:nr\.?|no\.?|nummer|number))?(?:[ \t]+(?:is|was|van|of))?[ \t:.#-]*(\d{7})(?!\d)")
_MMSI_CTX = re.compile(r"M(?<!\w.)MSI(?:[ \t]*(?:nr\.?|no\.?|nummer|number))?[ \t:.#-]*([2-7]\d{8})(?!\d)")
_MMSI_BARE = re.compile(r"([2-7](?<![\w.,+/#&-].)\d{8})(?![\w]|[.,]\d)")
_MONTHS = (r"(?:jan(?:uari|uary)?|feb(?:ruari|ruary)?|maa(?:rt)?|mar(?:ch)?|apr(?:il)?|mei|may|jun[ei]?|jul[iy]?|"
           r"aug(?:ustus|ust)?|sep(?:t(?:ember)?)?|okt(?:ober)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE = (r"(?:\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|\d{1,2}(?:e|ste|de)?\s+" + _MONTHS + r"\s+\d{4}"
         r"|" + _MONTHS + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})")
_BIRTH = re.compile(
    r"(?i:geboren|geb\.|geboortedatum|geboorte-datum|date\s+of\s+birth|d\.?o\.?b\.?|born)"
    r"[^\n]{0,40}?(?<![\w-])(" + _DATE + r")(?![\w])",
    re.IGNORECASE,
)


# the only characters outside ASCII that match an ASCII letter case-insensitively but not after str.lower
# (U+212A KELVIN SIGN lowers to "k"; U+0130 also lowers to two characters)
_ODD_CASE = ("\u0130", "\u0131", "\u017f")
# the beginnings of each case-insensitive expression's keywords in lower case (see _keyword_matches)
_URL_START = re.compile(r"https?://|www\.")
_PLATE_START = re.compile(r"kenteken|nummerbord|registration|licen|number")
_BSN_START = re.compile(r"bsn|burger|sofi")
_KVK_START = re.compile(r"kvk|k\.v\.k|kamer|handelsreg")
_RSIN_START = re.compile(r"rsin|fiscaal")
_SSN_START = re.compile(r"ssn|social")
_NHS_START = re.compile(r"nhs")
_BIRTH_START = re.compile(r"geboren|geb\.|geboorte|date|born|d\.?o\.?b")
#: What every match of each keyword expression starts with (where :func:`anchored_starts` tries it).
_KEYWORD_ANCHORS = {_URL_START: ("http", "www."), _PLATE_START: ("kenteken", "nummerbord", "registration", "licen", "number"),
                    _BSN_START: ("bsn", "burger", "sofi"), _KVK_START: ("kvk", "k.v.k", "kamer", "handelsreg"),
                    _RSIN_START: ("rsin", "fiscaal"), _SSN_START: ("ssn", "social"), _NHS_START: ("nhs",),
                    _BIRTH_START: ("geb", "date", "born", "dob", "do.", "d.o")}


_PIECE = 1 << 16
_KEYWORD_MAX = 16


def _keyword_index(text: str, keywords: Sequence[re.Pattern[str]]) -> dict[re.Pattern[str], list[int]]:
    """Every place where each of ``keywords`` (lower case, at most :data:`_KEYWORD_MAX` characters) matches ``text.lower()``.

    The text is lower-cased a piece at a time (pieces overlap by :data:`_KEYWORD_MAX`), so
    no lower-cased copy of a large text is made, and once for all ``keywords`` (one search
    for an alternation of them would be slower: it loses the skip to their first characters).
    """
    found: dict[re.Pattern[str], list[int]] = {k: [] for k in keywords}
    n = len(text)
    for first in range(0, n, _PIECE):
        window = text[first : first + _PIECE + _KEYWORD_MAX].lower()
        limit = min(_PIECE, n - first)
        for keyword, starts in found.items():  # every place where it matches: found from its anchors (str.find)
            starts.extend(first + place for place in anchored_starts(keyword, _KEYWORD_ANCHORS[keyword], window, limit))
    return found


def _keyword_matches(pattern: re.Pattern[str], keywords: re.Pattern[str], text: str,
                     starts: Iterable[int] | None = None) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for an expression that starts with a case-insensitive keyword.

    The expression is tried only where ``keywords`` (the beginnings of its keywords in lower
    case) occurs in the lower-cased text (``starts``, when :func:`_keyword_index` found them
    already). That is every place where it can match unless the text holds a character that
    matches an ASCII letter case-insensitively without being it in lower case
    (:data:`_ODD_CASE`): such a text is scanned in full.
    """
    if any(ch in text for ch in _ODD_CASE):
        yield from pattern.finditer(text)
        return
    pos = 0
    match = pattern.match
    for start in _keyword_index(text, [keywords])[keywords] if starts is None else starts:
        if start < pos:
            continue
        m = match(text, start)
        if m is not None:
            yield m
            pos = m.end()
_BSN = re.compile(r"(?i:\bBSN|burger\s?service\s?nummer|sofi-?nummer)(?:[ \t]*(?:nr\.?|nummer|is|was|van))?[^\n\d]{0,30}?"
                  r"(?<![\d.])(\d{4}[.\s]?\d{2}[.\s]?\d{3}|\d{3}[.\s]?\d{3}[.\s]?\d{3})(?![\d]|[.,]\d)")
# the Chamber of Commerce number (8 digits), the number of a legal entity (RSIN, 9) and the Dutch VAT number
_KVK = re.compile(r"(?i:\bkvk|\bk\.v\.k\.?|kamer\s+van\s+koophandel|handelsregister)(?:[ \t-]*(?:nr\.?|nummer|is|was|van|onder))?"
                  r"[^\n\d]{0,30}?(?<![\d.])(\d{8}|\d{2}([ .])\d{2}\2\d{2}\2\d{2}|\d{4}[ .]\d{4})(?![\d]|[.,]\d)"
                  r"(?![ \t]*(?:%|procent|euro|eur\b))")
_RSIN = re.compile(r"(?i:\brsin|fiscaal\s+nummer)(?:[ \t-]*(?:nr\.?|nummer|is|was|van))?[^\n\d]{0,30}?"
                   r"(?<![\d.])(\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}([ .])\d{3}\2\d{3})(?![\d]|[.,]\d)")
_BTW = re.compile(r"N(?<![\w#&-].)L[ \u00a0]?(?:\d{9}|\d{4}\.\d{2}\.\d{3})[ \u00a0.]?B\.?\d{2}(?![\w]|[.,]\d)")

# the official UK postcode format (outward A9, A99, AA9, AA99, A9A, AA9A; inward 9AA without C, I, K, M, O, V)
_GB_POSTCODE = re.compile(r"[A-PR-UWYZ](?<![\w#&-].)(?:\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKPSTUW]|[A-HK-Y]\d[ABEHMNPRV-Y])"
                          r"[ \u00a0]?\d[ABD-HJLNP-UW-Z]{2}(?![\w-])")
_NINO = re.compile(r"[A-Z](?<![\w#&-].)[A-Z][ \u00a0]?\d{2}[ \u00a0]?\d{2}[ \u00a0]?\d{2}[ \u00a0]?[A-D](?![\w-])")
_SSN = re.compile(r"(?i:\bSSN|\bsocial[ \t]+security)(?:[ \t]*(?:number|no\.?|nr\.?|\#|is|was))?[^\n\d]{0,30}?"
                  r"(?<![\d.-])(\d{3}-\d{2}-\d{4}|\d{3}[ \u00a0]\d{2}[ \u00a0]\d{4}|\d{9})(?![\d]|[.,-]\d)")
_NHS = re.compile(r"(?i:\bNHS)(?:[ \t]*(?:number|no\.?|nr\.?|\#|is|was))?[^\n\d]{0,30}?"
                  r"(?<![\d.-])(\d{3}[ \u00a0-]?\d{3}[ \u00a0-]?\d{4})(?![\d]|[.,-]\d)")

#: Ports of registry of Dutch fishing vessels and their letters (the registration painted on the bow).
FISHING_PORTS: dict[str, str] = {
    "ARM": "Arnemuiden", "BR": "Breskens", "BRU": "Bruinisse", "DZ": "Delfzijl", "EH": "Enkhuizen", "GO": "Goedereede",
    "HA": "Harlingen", "HD": "Den Helder", "HK": "Hoek van Holland", "HN": "Hoorn", "HU": "Huizen", "IJM": "IJmuiden",
    "KG": "Kortgene", "KW": "Katwijk", "LO": "Lauwersoog", "LE": "Lemmer", "MD": "Middelharnis", "MK": "Marken",
    "NB": "Noord-Beveland", "OD": "Ouddorp", "SCH": "Scheveningen", "ST": "Stellendam", "TH": "Tholen", "TX": "Texel",
    "UK": "Urk", "VD": "Volendam", "VL": "Vlissingen", "WR": "Wieringen", "WL": "Wierum", "YE": "Yerseke",
    "ZK": "Zoutkamp", "ZZ": "Zierikzee", "OLD": "Oudeschild", "WON": "Workum", "SL": "Stavoren",
}
# letters that are also everyday abbreviations: with a space before the number they need a vessel word nearby
_FISHING_AMBIGUOUS = frozenset({"UK", "ST", "GO", "TH", "MD", "VD", "HD", "BR", "HK", "NB", "TX", "EH", "SL", "OLD",
                                "HN", "LE", "KG"})
_FISHING = re.compile(r"(" + "|".join(p[0] + r"(?<![\w/#&.-].)" + p[1:] for p in sorted(FISHING_PORTS, key=len, reverse=True)) + r")"
                      r"([-\u2011 ]?)(\d{1,3})(?![\w%]|[.,]\d|-\w)(?![ \t]*(?:%|procent|euro|eur\b|jaar|uur|km|kilo|mijl|meter|"
                      r"keer|man|mensen|personen|minuten|dagen|graden|ton\b))")
_VESSEL_WORDS = re.compile(r"(?i)\b(?:kotter|schip|schepen|boot|vissersboot|visserschip|vaartuig|kotters|trawler|"
                           r"garnalenkotter|vissers|visser|schipper|bemanning|registratie|visnummer|vissersnummer|"
                           r"aan boord|romp|boeg|haven)\b")


def _emails(text: str) -> Iterable[tuple[int, int]]:
    for m in anchored_matches(_EMAIL, "@", _EMAIL_LOCAL, text):  # the expression tried before each "@" only
        yield m.start(), m.end()


def _urls(text: str, starts: Iterable[int] | None = None) -> Iterable[tuple[int, int]]:
    for m in _keyword_matches(_URL, _URL_START, text, starts):
        end = m.end()
        while end > m.start() and text[end - 1] in _URL_TRAIL:
            # keep a closing bracket that closes one opened inside the address
            if text[end - 1] == ")" and text.count("(", m.start(), end) >= text.count(")", m.start(), end):
                break
            end -= 1
        if end - m.start() > 4:
            yield m.start(), end


def _phone_in_regions(candidate: str, regions: tuple[str, ...]) -> bool:
    """A number with ``+``/``00`` (any region), or one without a country code read in one of ``regions``."""
    if "NL" in regions and phone_valid(candidate):  # the Dutch plan and international numbers, as before
        return True
    if candidate.startswith(("+", "00")):
        return phone_valid(candidate)
    return any(domestic_phone_valid(candidate, r) for r in regions if r != "NL")


#: How a number without a region's area-code start begins (a ``+``, a ``0`` or ``(0``), and a digit group of it.
_PHONE_PREFIX = re.compile(r"\s*(?:\+|0|\(0)")
_DIGIT_GROUP = re.compile(r"\d+\)?")


def _phones(text: str, regions: tuple[str, ...] = DEFAULT_REGIONS) -> Iterable[tuple[int, int]]:
    valid = phone_valid if regions == DEFAULT_REGIONS else (lambda c: _phone_in_regions(c, regions))
    any_start = "US" in regions  # a US number starts with its area code or a 1
    # _PHONE.finditer(text), tried only where a number can start; without a US region only the numbers that start
    # with +, 0 or (0 are read (the others fail _PHONE_PREFIX): only the runs of digits and marks that hold one
    found = (start_matches(_PHONE, _PHONE_START, text) if any_start
             else run_matches(_PHONE, _PHONE_START, _PHONE_ZERO_START, _PHONE_MARKS, text))
    for m in found:
        raw = m.group()
        if not any_start and not _PHONE_PREFIX.match(raw):
            continue
        # the longest prefix ending at a digit group that is a valid number
        ends = [g.end() for g in _DIGIT_GROUP.finditer(raw)]
        for end in reversed(ends):
            candidate = raw[:end]
            if valid(candidate):
                start = m.start()
                if candidate.startswith("(") and ")" not in candidate:
                    candidate, start = candidate[1:], start + 1
                yield start, m.start() + end
                break


def _plates(text: str, starts: Iterable[int] | None = None) -> Iterable[tuple[int, int]]:
    if "-" in text:
        for m in _PLATE_DASHED.finditer(text):
            if _PLATE_SHAPE.fullmatch(m.group()):
                yield m.start(), m.end()
    for m in _keyword_matches(_PLATE_BARE, _PLATE_START, text, starts):
        value = m.group(1)
        if any(c.isdigit() for c in value) and any(c.isalpha() for c in value) and value.upper() == value:
            yield m.start(1), m.end(1)


def _ibans(text: str) -> Iterable[tuple[int, int]]:
    for m in _IBAN.finditer(text):
        value = m.group()
        # the longest prefix (in groups) that is valid: an IBAN may run into a following word
        parts = value.split(" ")
        for n in range(len(parts), 0, -1):
            candidate = " ".join(parts[:n])
            if iban_valid(candidate):
                yield m.start(), m.start() + len(candidate)
                break


def _postcodes(text: str) -> Iterable[tuple[int, int]]:
    for m in _POSTCODE.finditer(text):
        if postcode_valid(m.group()):
            yield m.start(), m.end()


def _imos(text: str) -> Iterable[tuple[int, int]]:
    for m in _IMO.finditer(text):
        if imo_valid(m.group(1)):
            yield m.start(), m.end()


def _mmsis(text: str) -> Iterable[tuple[int, int]]:
    seen = set()
    for m in _MMSI_CTX.finditer(text):
        seen.add(m.start(1))
        yield m.start(), m.end()
    for m in _MMSI_BARE.finditer(text):
        if m.start(1) in seen:
            continue
        if 201 <= int(m.group(1)[:3]) <= 775:
            yield m.start(1), m.end(1)


def _bsns(text: str, starts: Iterable[int] | None = None) -> Iterable[tuple[int, int]]:
    for m in _keyword_matches(_BSN, _BSN_START, text, starts):
        if bsn_valid(m.group(1)):
            yield m.start(1), m.end(1)


def _fishing(text: str) -> Iterable[tuple[int, int]]:
    for m in _FISHING.finditer(text):
        letters, sep = m.group(1), m.group(2)
        if sep == " " and letters in _FISHING_AMBIGUOUS:
            window = text[max(0, m.start() - 60) : m.end() + 60]
            if _VESSEL_WORDS.search(window) is None:
                continue
        yield m.start(), m.end()


def _kvks(text: str, starts: Iterable[int] | None = None) -> Iterable[tuple[int, int]]:
    for m in _keyword_matches(_KVK, _KVK_START, text, starts):
        if kvk_valid(m.group(1)):
            yield m.start(1), m.end(1)


def _rsins(text: str, starts: Iterable[int] | None = None) -> Iterable[tuple[int, int]]:
    for m in _keyword_matches(_RSIN, _RSIN_START, text, starts):
        if rsin_valid(m.group(1)):
            yield m.start(1), m.end(1)


def _btws(text: str) -> Iterable[tuple[int, int]]:
    for m in _BTW.finditer(text):
        if btw_valid(m.group()):
            yield m.start(), m.end()


def _gb_postcodes(text: str) -> Iterable[tuple[int, int]]:
    for m in _GB_POSTCODE.finditer(text):
        yield m.start(), m.end()


def _ninos(text: str) -> Iterable[tuple[int, int]]:
    for m in _NINO.finditer(text):
        if nino_valid(m.group()):
            yield m.start(), m.end()


def _nhs_numbers(text: str, starts: Iterable[int] | None = None) -> Iterable[tuple[int, int]]:
    for m in _keyword_matches(_NHS, _NHS_START, text, starts):
        if nhs_valid(m.group(1)):
            yield m.start(1), m.end(1)


def _ssns(text: str, starts: Iterable[int] | None = None) -> Iterable[tuple[int, int]]:
    for m in _keyword_matches(_SSN, _SSN_START, text, starts):
        if ssn_valid(m.group(1)):
            yield m.start(1), m.end(1)


def _birthdates(text: str, starts: Iterable[int] | None = None) -> Iterable[tuple[int, int]]:
    for m in _keyword_matches(_BIRTH, _BIRTH_START, text, starts):
        yield m.start(1), m.end(1)


_DETECTORS: dict[str, Callable[[str], Iterable[tuple[int, int]]]] = {
    "email": _emails,
    "url": _urls,
    "phone": _phones,
    "plate": _plates,
    "iban": _ibans,
    "postcode": _postcodes,
    "imo": _imos,
    "mmsi": _mmsis,
    "birthdate": _birthdates,
    "bsn": _bsns,
    "fishing": _fishing,
    "address": find_addresses,
    "kvk": _kvks,
    "rsin": _rsins,
    "btw": _btws,
    "gb_postcode": _gb_postcodes,
    "gb_nino": _ninos,
    "gb_nhs": _nhs_numbers,
    "us_ssn": _ssns,
}
# quick pre-checks: a detector runs only when its trigger occurs in the text
_DIGIT = re.compile(r"\d")  # every kind but e-mail and URL needs one (\d or [0-9])
_TRIGGERS: dict[str, Callable[[str], bool]] = {
    "email": lambda t: "@" in t,
    "url": lambda t: "http" in t or "www." in t or "WWW." in t or "HTTP" in t,
    "imo": lambda t: "IMO" in t,
    "btw": lambda t: "NL" in t,
}
_NEEDS_DIGIT = frozenset(ALL_PATTERN_KINDS) - {"email", "url"}
#: The kinds found through :func:`_keyword_matches`, with their keyword expressions.
_KEYWORDS: dict[str, re.Pattern[str]] = {"url": _URL_START, "plate": _PLATE_START, "birthdate": _BIRTH_START, "bsn": _BSN_START,
                                         "kvk": _KVK_START, "rsin": _RSIN_START, "gb_nhs": _NHS_START, "us_ssn": _SSN_START}
# when two kinds claim overlapping text, the earlier kind here wins (then the longer hit)
_PRIORITY = {k: i for i, k in enumerate(("email", "url", "iban", "btw", "imo", "bsn", "rsin", "kvk", "us_ssn", "gb_nhs",
                                          "gb_nino", "mmsi", "birthdate", "phone", "gb_postcode", "plate", "fishing",
                                          "postcode", "address"))}


def find_patterns(text: str, *, kinds: Sequence[str] | str | None = None,
                  regions: Sequence[str] | str | None = None) -> list[PatternMatch]:
    """Every pattern identifier in ``text``, without overlaps, in text order.

    Parameters
    ----------
    text
        The text to scan.
    kinds
        Which of :data:`PATTERN_KINDS` to look for (default all; ``"phone,email"`` works too;
        see :func:`resolve_kinds`).
    regions
        Where phone numbers without a country code are read, and whose kinds ``all`` adds
        (default ``("NL",)``, or the regions of a :class:`PatternKinds`).

    Returns
    -------
    list of PatternMatch
        Where two kinds overlap, the more specific one wins (an e-mail address over the
        URL or phone number inside it, an IBAN over a phone number).

    Examples
    --------
    >>> [(m.kind, m.text) for m in find_patterns("IBAN NL91ABNA0417164300, IMO 9074729, 9712 CP Groningen")]
    [('iban', 'NL91ABNA0417164300'), ('imo', 'IMO 9074729'), ('postcode', '9712 CP')]
    >>> [(m.kind, m.text) for m in find_patterns("Call (212) 555-0199, SW1A 1AA, SSN 123-45-6789", regions="US,GB")]
    [('phone', '(212) 555-0199'), ('gb_postcode', 'SW1A 1AA'), ('us_ssn', '123-45-6789')]
    """
    wanted = resolve_kinds(kinds, regions)
    hits: list[tuple[int, int, str]] = []
    digits = _DIGIT.search(text) is not None
    chosen = [kind for kind in wanted if (digits or kind not in _NEEDS_DIGIT)
              and ((trigger := _TRIGGERS.get(kind)) is None or trigger(text))]
    # the keywords of all chosen kinds are looked for in one pass (a text with odd-case letters is scanned in full)
    keywords = [_KEYWORDS[kind] for kind in chosen if kind in _KEYWORDS]
    starts = _keyword_index(text, keywords) if len(keywords) > 1 and not any(ch in text for ch in _ODD_CASE) else {}
    for kind in chosen:
        if kind == "phone":
            found = _phones(text, wanted.regions)
        elif kind == "address":  # English addresses (42 Elm Road) in the regions GB and US
            found = find_addresses(text, english=not {"GB", "US"}.isdisjoint(wanted.regions))
        elif kind in _KEYWORDS:
            found = _DETECTORS[kind](text, starts.get(_KEYWORDS[kind]))  # type: ignore[call-arg]
        else:
            found = _DETECTORS[kind](text)
        for start, end in found:
            hits.append((start, end, kind))
    hits.sort(key=lambda h: (_PRIORITY[h[2]], h[0], -(h[1] - h[0])))
    taken = select_non_overlapping(hits, span=lambda h: (h[0], h[1]))
    return [PatternMatch(s, e, k, text[s:e]) for s, e, k in taken]

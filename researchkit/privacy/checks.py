"""The library checks behind the identifier patterns, and the regions numbers are read in.

Every check comes from a well-kept library, not own arithmetic: python-stdnum (IBAN,
IMO, BSN, RSIN, Dutch VAT number, Dutch postcode, US SSN, NHS number) and phonenumbers
(phone numbers in the numbering plan of a region). The UK National Insurance number and
the KvK number have no library check (python-stdnum has neither): :func:`nino_valid`
applies HMRC's published prefix rules, :func:`kvk_valid` the format (eight digits).
Each check is cached per candidate string (a text repeats its identifiers).

Regions (:data:`REGIONS`) decide how a phone number written without a country code is
read (the Dutch plan by default) and which regional identifier kinds ``all`` includes
(:mod:`researchkit.privacy.patterns`).

Examples
--------
>>> resolve_regions("nl, gb"), domestic_phone_valid("020 7946 0958", "GB"), ssn_valid("123-45-6789")
(('NL', 'GB'), True, True)
"""

from __future__ import annotations

import functools
import re
from typing import Iterable

from researchkit.errors import PrivacyError

__all__ = [
    "REGIONS",
    "DEFAULT_REGIONS",
    "resolve_regions",
    "iban_valid",
    "imo_valid",
    "bsn_valid",
    "postcode_valid",
    "phone_valid",
    "domestic_phone_valid",
    "ssn_valid",
    "nhs_valid",
    "nino_valid",
    "kvk_valid",
    "rsin_valid",
    "btw_valid",
]

#: Regions whose domestic phone numbers and identifiers can be looked for (ISO 3166 codes).
REGIONS: tuple[str, ...] = ("NL", "GB", "US")
#: The regions used when none are given: the Dutch reference study.
DEFAULT_REGIONS: tuple[str, ...] = ("NL",)


def resolve_regions(regions: Iterable[str] | str | None) -> tuple[str, ...]:
    """Validate regions: ``None`` means :data:`DEFAULT_REGIONS`; ``"NL,GB"`` or a list; order kept, no repeats.

    Raises
    ------
    PrivacyError
        ``RK579`` naming the unknown or missing regions and the valid ones.

    Examples
    --------
    >>> resolve_regions(None), resolve_regions(["us", "GB", "US"])
    (('NL',), ('US', 'GB'))
    """
    if regions is None:
        return DEFAULT_REGIONS
    if isinstance(regions, str):
        regions = regions.split(",")
    wanted = [str(r).strip().upper() for r in regions if str(r).strip()]
    unknown = [r for r in wanted if r not in REGIONS]
    if unknown or not wanted:
        what = f"unknown region(s) {', '.join(map(repr, unknown))}" if unknown else "no region given"
        raise PrivacyError("RK579", f"{what} for identifier patterns",
                           hint=f"use some of {', '.join(REGIONS)} (the default is {','.join(DEFAULT_REGIONS)})")
    return tuple(dict.fromkeys(wanted))


def iban_valid(value: str) -> bool:
    """Whether ``value`` (spaces allowed) is an IBAN: country, length, BBAN format and mod-97 (python-stdnum).

    Examples
    --------
    >>> iban_valid("NL91 ABNA 0417 1643 00"), iban_valid("NL91 ABNA 0417 1643 01")
    (True, False)
    """
    return _iban_valid(value)


@functools.lru_cache(maxsize=1 << 14)
def _iban_valid(value: str) -> bool:
    from stdnum import iban

    return bool(iban.is_valid(value, check_country=False))  # a bank missing from the registry still leaks


def imo_valid(digits: str) -> bool:
    """Whether seven digits form an IMO ship number with a valid check digit (python-stdnum).

    Examples
    --------
    >>> imo_valid("9074729"), imo_valid("9074728")
    (True, False)
    """
    return _imo_valid(digits)


@functools.lru_cache(maxsize=1 << 14)
def _imo_valid(digits: str) -> bool:
    from stdnum import imo

    return bool(re.fullmatch(r"\d{7}", digits)) and bool(imo.is_valid(digits))


def bsn_valid(value: str) -> bool:
    """Whether ``value`` is a Dutch citizen service number (BSN): nine digits passing the eleven test (python-stdnum).

    Examples
    --------
    >>> bsn_valid("1234.56.782"), bsn_valid("123456789")
    (True, False)
    """
    return _bsn_valid(value)


@functools.lru_cache(maxsize=1 << 14)
def _bsn_valid(value: str) -> bool:
    from stdnum.nl import bsn

    return len(re.sub(r"\D", "", value)) == 9 and bool(bsn.is_valid(value))


def postcode_valid(value: str) -> bool:
    """Whether ``value`` is a Dutch postcode that can be issued (``1234 AB``; not SA/SD/SS; python-stdnum).

    Examples
    --------
    >>> postcode_valid("9712 CP"), postcode_valid("9712 SS")
    (True, False)
    """
    return _postcode_valid(value)


@functools.lru_cache(maxsize=1 << 14)
def _postcode_valid(value: str) -> bool:
    from stdnum.nl import postcode

    return bool(postcode.is_valid(value.replace("\u00a0", " ")))


def phone_valid(raw: str) -> bool:
    """Whether ``raw`` is a valid phone number (Dutch by default, international with ``+``/``00``; phonenumbers).

    Numbers without a leading ``0``, ``+`` or ``00`` are never phone numbers here (amounts, years).

    Examples
    --------
    >>> phone_valid("06-12345678"), phone_valid("06-1234567"), phone_valid("+44 20 7946 0958"), phone_valid("612345678")
    (True, False, True, False)
    """
    return _phone_valid(raw)


@functools.lru_cache(maxsize=1 << 14)
def _phone_valid(raw: str) -> bool:
    import phonenumbers

    text = raw.replace("\u00a0", " ").strip()
    digits = re.sub(r"\D", "", text)
    if text.startswith("00"):
        text = "+" + text[2:]
    elif not text.startswith("+") and (not digits.startswith("0") or digits.startswith("00")):
        return False
    if not text.startswith("+"):
        # grouping as people write Dutch numbers: an area code has 3-4 digits (050, 0591), a 2-digit
        # first group is only the mobile 06 (so dates such as 01-02-2026 are not numbers)
        head = re.match(r"\(?(\d+)", text)
        if head is None or len(head.group(1)) == 1 or (len(head.group(1)) == 2 and head.group(1) != "06"):
            return False
    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_valid_number(number))


# how people write domestic numbers in each region (checked before the numbering plan):
# GB: trunk 0 and an area code of 3-5 digits with the 0 (020, 0161, 01632, 07911) or no grouping at all;
# US: the NANP groups 3-3-4 with an optional leading 1 ((212) 555-0199, 212-555-0199, 1-800-555-0199)
_GB_SHAPE = re.compile(r"\(?0\d{2,4}\)?(?:[ .-]\d{3,6}){1,2}|0\d{9,10}")
_US_SHAPE = re.compile(r"(?:1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}")


def domestic_phone_valid(raw: str, region: str) -> bool:
    """Whether ``raw``, written without a country code, is a valid number in ``region``'s numbering plan (phonenumbers).

    ``NL`` is :func:`phone_valid`. ``GB``: ``020 7946 0958``, ``(0161) 496 0000``,
    ``07911 123456``; ``US`` (the North American plan): ``(212) 555-0199``, ``212-555-0199``,
    ``212.555.0199``, ``1-800-555-0199``; ten digits without grouping are not read as a US
    number (order and case numbers). Numbers with ``+``/``00`` are not domestic: ``False``.

    Examples
    --------
    >>> domestic_phone_valid("(212) 555-0199", "US"), domestic_phone_valid("2125550199", "US")
    (True, False)
    >>> domestic_phone_valid("07911 123456", "GB"), domestic_phone_valid("01-02-2026", "GB")
    (True, False)
    """
    return _domestic_phone_valid(raw, region)


@functools.lru_cache(maxsize=1 << 14)
def _domestic_phone_valid(raw: str, region: str) -> bool:
    import phonenumbers

    text = " ".join(raw.replace("\u00a0", " ").split())
    if text.startswith(("+", "00")):
        return False
    if region == "NL":
        return _phone_valid(raw)
    shape = _GB_SHAPE if region == "GB" else _US_SHAPE if region == "US" else None
    if shape is None or shape.fullmatch(text) is None:
        return False
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_valid_number(number))


def ssn_valid(value: str) -> bool:
    """Whether ``value`` is a US Social Security number that can be issued (python-stdnum).

    Not issued: area ``000``, ``666`` and ``900``-``999``, group ``00``, serial ``0000``
    and the numbers made public in advertising (``078-05-1120`` ...).

    Examples
    --------
    >>> ssn_valid("123-45-6789"), ssn_valid("666-12-3456"), ssn_valid("912-34-5678"), ssn_valid("078-05-1120")
    (True, False, False, False)
    """
    return _ssn_valid(value)


@functools.lru_cache(maxsize=1 << 14)
def _ssn_valid(value: str) -> bool:
    from stdnum.us import ssn

    value = re.sub(r"[ \u00a0]", "-", value.strip())  # python-stdnum checks the 3-2-4 grouping of dashes
    return bool(re.fullmatch(r"[\d-]{9,11}", value)) and bool(ssn.is_valid(value))


def nhs_valid(value: str) -> bool:
    """Whether ``value`` (10 digits, spaces or dashes allowed) is an NHS number: the mod-11 check (python-stdnum).

    Examples
    --------
    >>> nhs_valid("943 476 5919"), nhs_valid("943 476 5918")
    (True, False)
    """
    return _nhs_valid(value)


@functools.lru_cache(maxsize=1 << 14)
def _nhs_valid(value: str) -> bool:
    from stdnum.gb import nhs

    digits = re.sub(r"[ \u00a0-]", "", value)
    return len(digits) == 10 and digits.isdigit() and bool(nhs.is_valid(digits))


# HMRC National Insurance Manual NIM39110: the first letter is not D, F, I, Q, U or V, the second not
# D, F, I, O, Q, U or V, and the prefixes BG, GB, KN, NK, NT, TN and ZZ are never allocated
_NINO = re.compile(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]")
_NINO_NEVER = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def nino_valid(value: str) -> bool:
    """Whether ``value`` is a UK National Insurance number by HMRC's format rules (``AB 12 34 56 C``).

    There is no check digit; the prefix letters and the suffix ``A``-``D`` are checked
    (``QQ 12 34 56 C`` is HMRC's example and, by design, not a valid number).

    Examples
    --------
    >>> nino_valid("AB 12 34 56 C"), nino_valid("QQ 12 34 56 C"), nino_valid("GB 12 34 56 A")
    (True, False, False)
    """
    compact = re.sub(r"[ \u00a0]", "", value)
    return _NINO.fullmatch(compact) is not None and compact[:2] not in _NINO_NEVER


def kvk_valid(value: str) -> bool:
    """Whether ``value`` is a Chamber of Commerce (KvK) number: eight digits, grouped or not, not all zeros.

    KvK numbers have no check digit (python-stdnum has no module for them; numbers issued
    since 2016 do not pass the old eleven test), so the pattern needs the word *KvK* before it.

    Examples
    --------
    >>> kvk_valid("12345678"), kvk_valid("12 34 56 78"), kvk_valid("1234567"), kvk_valid("00000000")
    (True, True, False, False)
    """
    digits = re.sub(r"[ .\u00a0]", "", value)
    return len(digits) == 8 and digits.isdigit() and digits != "00000000"


def rsin_valid(value: str) -> bool:
    """Whether ``value`` is an RSIN (the number of a legal entity): nine digits passing the BSN eleven test (python-stdnum).

    Examples
    --------
    >>> rsin_valid("0044.95.445"), rsin_valid("004495446")
    (True, False)
    """
    return _bsn_valid(value)


def btw_valid(value: str) -> bool:
    """Whether ``value`` is a Dutch VAT number (btw-identificatienummer, ``NL004495445B01``; python-stdnum ``nl.btw``).

    Both checks python-stdnum knows hold: the old number (an RSIN or BSN and ``B01``) and the
    one issued since 2020 (mod 97 over ``NL`` and the number).

    Examples
    --------
    >>> btw_valid("NL004495445B01"), btw_valid("NL 0044.95.445.B.01"), btw_valid("NL123456789B01")
    (True, True, False)
    """
    return _btw_valid(value)


@functools.lru_cache(maxsize=1 << 14)
def _btw_valid(value: str) -> bool:
    from stdnum.nl import btw

    compact = re.sub(r"[ .\u00a0-]", "", value).upper()
    return re.fullmatch(r"NL\d{9}B\d{2}", compact) is not None and bool(btw.is_valid(compact))

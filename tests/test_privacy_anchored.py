"""The anchored scans (:mod:`researchkit.privacy.anchored`) give the matches of a plain ``finditer`` (issue 18).

The e-mail and phone detectors try their expressions only before an ``@`` and only in the
runs of digits that hold a ``+``, ``0`` or ``(0``; here they are pinned against
``finditer`` over the whole text on hostile texts: many ``@``, long runs, addresses and
numbers back to back, digits of other scripts, letters that are word characters but not
ASCII (``é``, the Kelvin sign), the leak check's separator.
"""

from __future__ import annotations

import random
import re

import pytest

from researchkit.privacy import find_patterns, patterns
from researchkit.privacy.anchored import anchored_matches, anchored_starts, run_matches, start_matches
from researchkit.privacy.leakread import SEP

_EMAIL_CHARS = "ab.Z9_%+-@@ é\u212a\n,;()<>x\u0660"
_EMAIL_PIECES = ["p.jansen@haven.nl", "a@b.co", "x@y", "@", "@@", "a@b.nl@c.nl", "info@zee-haven.nl.", "é@x.nl",
                 "_a@b.nl", ".a@b.nl", "a.@b.nl", "a@-b.nl", "a@b-.nl", "a@b.c", "a@b.nlx@c.nl", SEP, "mailto:"]


def _plain_emails(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in patterns._EMAIL.finditer(text)]


def _texts(rng: random.Random, chars: str, pieces: list[str], n: int) -> list[str]:
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randrange(1, 30)):
            if rng.random() < 0.5:
                parts.append(rng.choice(pieces))
            else:
                parts.append("".join(rng.choice(chars) for _ in range(rng.randrange(1, 8))))
        out.append("".join(parts))
    return out


def test_emails_equal_finditer_on_hostile_texts():
    rng = random.Random(18)
    total = 0
    for text in _texts(rng, _EMAIL_CHARS, _EMAIL_PIECES, 3000):
        expected = _plain_emails(text)
        assert list(patterns._emails(text)) == expected, text
        total += len(expected)
    assert total > 1000  # the texts do hold addresses


@pytest.mark.parametrize("text", [
    "a" * 5000 + "@haven.nl",  # a long local part
    ("ab." * 2000 + "@") * 3 + "x@y.nl",  # long runs between many anchors
    "@" * 3000 + "a@b.nl",
    "p@q.nl" * 500,  # addresses back to back: each starts inside the last
    "x.y@z.nl a_b@c.de é.f@g.nl \u212a@h.nl",
])
def test_emails_equal_finditer_on_long_runs(text):
    assert list(patterns._emails(text)) == _plain_emails(text) == [m.span() for m in re.finditer(patterns._EMAIL, text)]


_PHONE_CHARS = "0123456789 +()-./\t\u00a0,#&\nAb\u0660\u0661\u0966\uff10"
_PHONE_PIECES = ["06-12345678", "050-1234567", "+31 6 12345678", "0031 (0)50 1234567", "(050) 123 45 67", "0800-1234",
                 "+44 20 7946 0958", "0.0", "0.166667", "40", "2019", "1.250", "12-03-2026", "(0", "0)", "+", "00",
                 "06 1234 5678 06 1234 5678", "\u0660\u0666-12345678", SEP, "data-c", "R01", "1 (17"]


def _plain_zero_numbers(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in patterns._PHONE.finditer(text) if patterns._PHONE_PREFIX.match(m.group())]


def _zero_numbers(text: str) -> list[tuple[int, int]]:
    found = run_matches(patterns._PHONE, patterns._PHONE_START, patterns._PHONE_ZERO_START, patterns._PHONE_MARKS, text)
    return [m.span() for m in found if patterns._PHONE_PREFIX.match(m.group())]


def _plain_phones(text: str) -> list[tuple[int, int]]:
    """The phone numbers of the default region as found with finditer over the whole text."""
    out = []
    for m in patterns._PHONE.finditer(text):
        raw = m.group()
        if not patterns._PHONE_PREFIX.match(raw):
            continue
        for end in reversed([g.end() for g in patterns._DIGIT_GROUP.finditer(raw)]):
            if patterns.phone_valid(raw[:end]):
                out.append((m.start() + (raw[:end].startswith("(") and ")" not in raw[:end]), m.start() + end))
                break
    return out


def test_numbers_starting_with_zero_equal_finditer_on_hostile_texts():
    rng = random.Random(31)
    total = 0
    for text in _texts(rng, _PHONE_CHARS, _PHONE_PIECES, 3000):
        expected = _plain_zero_numbers(text)
        assert _zero_numbers(text) == expected, text
        assert [m.span() for m in start_matches(patterns._PHONE, patterns._PHONE_START, text)] == \
            [m.span() for m in patterns._PHONE.finditer(text)], text
        assert list(patterns._phones(text)) == _plain_phones(text), text
        total += len(expected)
    assert total > 1000


@pytest.mark.parametrize("text", [
    "1 " * 4000 + "06-12345678",  # a long run before the number: one match of many groups, then the number
    "0 " * 4000,  # a place in every group of a long run
    ("12 34 56 78 90 12 34 " + "0" * 3 + ",") * 300,
    "\u0661\u0662 06 12345678 (0) 50 1234567" * 200,
    "9" * 3000 + " 06-12345678",
])
def test_numbers_starting_with_zero_equal_finditer_on_long_runs(text):
    assert _zero_numbers(text) == _plain_zero_numbers(text)
    assert list(patterns._phones(text)) == _plain_phones(text)


def test_anchored_matches_needs_the_run_start():
    # an expression whose matches start with the run before the anchor: same as finditer wherever the run starts
    pattern = re.compile(r"(?<![a-z])[a-z]+:[0-9]+")
    run = frozenset("abcdefghijklmnopqrstuvwxyz")
    for text in ["ab:12cd:34", "ab:12 cd:34", ":1 a:2", "abc:1:2 x:9", "a:" * 50]:
        assert [m.span() for m in anchored_matches(pattern, ":", run, text)] == [m.span() for m in pattern.finditer(text)]


def _searched_starts(pattern: re.Pattern[str], text: str) -> list[int]:
    """Every place where ``pattern`` matches, as the keyword index found them before: search on one character later."""
    out, pos = [], 0
    while (m := pattern.search(text, pos)) is not None:
        out.append(m.start())
        pos = m.start() + 1
    return out


_KEYWORD_PIECES = ["http://", "https://", "http:/", "htt", "www.", "ww.", "wwww.", "kenteken", "kentekenplaat", "nummerbord",
                   "registration", "licence", "license", "licen", "number", "numbe", "bsn", "bsnbsn", "burger", "sofi",
                   "kvk", "k.v.k", "k.v.", "kamer", "handelsreg", "rsin", "fiscaal", "ssn", "sssn", "social", "nhs",
                   "geboren", "geb.", "geb", "geboorte", "date", "born", "dob", "d.o.b", "d.ob", "do.b", "d.o", "ddob", "d..o"]


def test_keyword_places_equal_the_searched_ones():
    assert set(patterns._KEYWORDS.values()) <= set(patterns._KEYWORD_ANCHORS)
    rng = random.Random(5)
    total = 0
    for text in _texts(rng, "abdeghkonrstw.:/ -\n", _KEYWORD_PIECES, 2000):
        for pattern, anchors in patterns._KEYWORD_ANCHORS.items():
            expected = _searched_starts(pattern, text)
            assert anchored_starts(pattern, anchors, text) == expected, (pattern.pattern, text)
            limit = len(text) // 2  # a piece of a long text: places before the limit, matches may run past it
            assert anchored_starts(pattern, anchors, text, limit) == [p for p in expected if p < limit]
            total += len(expected)
    assert total > 5000


@pytest.mark.parametrize("text, found", [
    ("mail josé@haven.nl of zoë.jansen@café-haven.nl", ["josé@haven.nl", "zoë.jansen@café-haven.nl"]),
    ("jose\u0301@haven.nl, x@münchen.de, \u212a@h.nl, é.f@g.nl, _info@x.nl",
     ["jose\u0301@haven.nl", "x@münchen.de", "\u212a@h.nl", "é.f@g.nl", "_info@x.nl"]),
    ("a@b-.nl, a@-b.nl, prijs @ 5 euro, @politie, x@y.n1", []),
])
def test_internationalised_addresses_are_found(text, found):
    """Addresses with letters of any script (RFC 6531, IDN domains): the ASCII-only expression found none of them."""
    assert [m.text for m in find_patterns(text, kinds="email")] == found
    assert list(patterns._emails(text)) == _plain_emails(text)


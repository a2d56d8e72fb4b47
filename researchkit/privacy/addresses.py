"""Street addresses: the detector behind the pattern kind ``address`` (label ``[ADRES]``).

A street name and a house number identify a respondent's business at once (a shipping
company on a small port's quay). What counts as an address:

* **Dutch** (always): a capitalised street word ending in a street noun (:data:`STREET_WORDS`:
  ``straat``, ``weg``, ``laan``, ``kade``, ``plein``, ``dijk``, ``gracht``, ``singel``, ``steeg``,
  ``markt``, ``haven``, ``pier``, ``wal``, ``hof``, ``park``, ``pad``, ``dreef`` ...), up to three
  capitalised words or particles before it, a space and a house number of 1-4 digits with an
  optional letter, range or addition: ``Hoofdstraat 5``, ``Willem Barentszkade 12a``,
  ``Zuiderpier 3-5``, ``Noorderhaven 14 bis``, ``Oude Boteringestraat 44``. A street noun alone
  (``Markt 1``; after a usual prefix it is a street: ``Oude Haven 3``, :data:`STREET_PREFIXES`)
  or any other single capitalised word (``Oosterhorn 12``) counts only after a clear
  cue: ``op de``, ``aan de``, ``adres``, ``woont op``, ``gevestigd aan`` ... (a bare street noun also
  after ``op``, ``aan``, ``naar (de)``, ``in de``), never for words that number other things (:data:`NOT_STREETS`: *Terminal*,
  *Pagina*, *Loods* ...) nor for a word in capitals (``UK 12``, a fishing registration).
* **Port talk** is no address: a quay, basin or berth noun alone (:data:`PORT_NOUNS`: ``aan Kade 3``,
  ``in Haven 2``) numbers a part of the port, and a single name after ``op de`` is a ship (``op de
  Zeester 12``); they count only after a clear cue (``adres:``, ``woont op (de)``, ``gevestigd aan
  (de)``) or with a Dutch postcode after the number (``aan Kade 3, 9934 AA Delfzijl``).
* **English** (regions GB, US): a house number, one to three capitalised words and a street type
  (:data:`STREET_TYPES`), with an optional direction: ``42 Elm Road``, ``221B Baker Street``,
  ``10 Downing St``, ``1600 Pennsylvania Avenue NW``.

Never an address: a number followed by a unit, a count or a month (``Kade 3 keer``, ``Eemshaven 3
schepen``, ``2 of 3``, ``1 januari``: :data:`COUNT_WORDS`), by ``%``, ``:``/``.``/``,`` and a digit (times,
amounts); a Dutch number followed by a lower-case word other than a linking word (*in*, *te*, *is*,
*en*, *bij* ...) or a participle (*verkocht*, *gehuurd*): ``op de Wadden 3 seizoenen``, ``In de
Kerkstraat 3 nieuwe winkels`` (punctuation, the end, a capitalised word or a postcode may follow); a Dutch number
from 1800 to 2099 (a year); an English one from 1800 to 2099 after *in*, *since*, *by* ... or any number after *page*, *room*, *gate* ...; words in
lower case (``kade 3``, ``pagina 12``). At a sentence start the first word is kept only when it is a
usual street-name prefix (*Oude*, *Nieuwe*, *Sint*, *Prins* ...): ``Gisteren Hoofdstraat 5`` gives
``Hoofdstraat 5``.

Every expression starts with a character class and has bounded repetitions only (words of at
most 41 letters, at most four words), so a scan is linear in the text; the cue and the following
word are read in windows of 40 characters.

Examples
--------
>>> text = "Het kantoor zit aan de Willem Barentszkade 12a; pagina 12, Kade 3 keer, Terminal 2."
>>> [text[s:e] for s, e in find_addresses(text)]
['Willem Barentszkade 12a']
>>> text = "We lagen aan Kade 3 en op de Zeester 12 was het druk; post naar Zuiderhaven 12a, 8861 CK Harlingen."
>>> [text[s:e] for s, e in find_addresses(text)]
['Zuiderhaven 12a']
>>> text = "Write to 221B Baker Street or 10 Downing St."
>>> [text[s:e] for s, e in find_addresses(text, english=True)]
['221B Baker Street', '10 Downing St']
"""

from __future__ import annotations

import re
from typing import Iterator

__all__ = ["find_addresses", "STREET_WORDS", "STREET_TYPES", "NOT_STREETS", "COUNT_WORDS", "STREET_PREFIXES", "PORT_NOUNS"]

#: Dutch street nouns: a capitalised word ending in one of them is a street (``Hoofdstraat``, ``Zuiderpier``).
STREET_WORDS: tuple[str, ...] = ("straat", "weg", "laan", "kade", "plein", "dijk", "gracht", "singel", "steeg", "markt",
                                 "haven", "pier", "wal", "hof", "park", "pad", "dreef", "plantsoen", "boulevard", "diep",
                                 "hoven", "kanaal")
#: English street types (also abbreviated) after one to three capitalised words.
STREET_TYPES: tuple[str, ...] = ("Street", "St", "Road", "Rd", "Avenue", "Ave", "Lane", "Ln", "Drive", "Dr", "Boulevard",
                                 "Blvd", "Way", "Court", "Ct", "Place", "Pl", "Square", "Sq", "Terrace", "Crescent",
                                 "Close", "Gardens", "Grove", "Row", "Mews", "Parkway", "Highway", "Hwy", "Quay",
                                 "Wharf", "Walk", "Circle")
#: Capitalised words that number other things: never a street, whatever precedes them.
NOT_STREETS: frozenset[str] = frozenset(
    "terminal pagina bladzijde hoofdstuk artikel paragraaf bijlage figuur tabel loods boot schip kotter container "
    "kamer zaal hal gate perron spoor steiger ligplaats box unit fase week dag deel versie route dok ronde groep team "
    "niveau verdieping windkracht maasvlakte sectie vak nummer klasse categorie lid code zone sector regio lijn bus "
    "tram trein vlucht jaar uur seizoen editie aflevering station stap graad kanaal tafel afdeling pier windpark "
    "zonnepark "
    "januari februari maart april mei juni juli augustus september oktober november december "
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split())
#: Words after a number that make it a count or a measure (``Kade 3 keer``, ``Eemshaven 3 schepen``).
COUNT_WORDS: frozenset[str] = frozenset(
    "keer maal x uur uren jaar jaren maand maanden week weken dag dagen nacht nachten minuut minuten seconden euro eur "
    "ton kilo kg km meter m mijl zeemijl procent graden stuks man mensen personen schepen boten kotters containers "
    "kisten vrachtwagens auto's pallets vaten liter kwartier times hours years days weeks months minutes "
    "people boats ships miles pounds dollars percent januari februari maart april mei juni juli augustus september "
    "oktober november december january february march june july august october".split())
#: Usual first words of street names, kept also at the start of a sentence (``Oude Boteringestraat 44``).
STREET_PREFIXES: frozenset[str] = frozenset(
    "oude nieuwe lange korte hoge lage grote kleine sint st prins prinses koning koningin burgemeester dokter "
    "professor generaal admiraal kapitein graaf noorder zuider ooster wester noord zuid oost west binnen buiten eerste "
    "tweede derde".split())
#: Street nouns that alone number the parts of a port (``Kade 3``, ``Haven 2``): an address only after a clear
#: cue (``adres:``, ``gevestigd aan``) or with a postcode after it; with a prefix they are streets (``Oude Haven 3``).
PORT_NOUNS: frozenset[str] = frozenset("kade haven wal diep pier kanaal steiger ligplaats dok sluis".split())
_ARTICLE_CUES = frozenset({("op", "de"), ("aan", "de"), ("op", "het"), ("aan", "het")})
_BARE_CUES = frozenset({("naar", "de"), ("naar", "het"), ("in", "de"), ("in", "het")})
#: Lower-case words that may follow a Dutch house number (``Hoofdstraat 5 in Delfzijl``, ``... 12a te wachten``).
_FOLLOWERS = frozenset(
    "in te is was waren zijn en of bij naar op aan van voor met om tot tegenover naast achter vlakbij richting staat "
    "stond ligt lag zit zat woont woonde wonen woonden gevestigd heeft had hebben wordt werd kwam kwamen gaat ging daar "
    "hier toen dan nu ook nog al maar want dus die dat waar zei zegt hoor he hè ja nee".split())
_VERBS = frozenset("woon woont woonde woonden wonen gevestigd gehuisvest kantoor zit zat zitten".split())
_RESIDENCE = frozenset("woon woont woonde woonden wonen gevestigd gehuisvest".split())
_PARTICLES = frozenset("van de der den het ter ten te 't ’t".split())
#: Words before an English number that make it something else than a house number (``page 212 Main Street``).
_NUMBERED = frozenset("page pages p pp room gate flight platform route no number chapter section item case order".split())
_YEAR_WORDS = frozenset("in since until by before after from of during around circa year".split())

_LETTERS = r"[^\W\d_]"
_TAIL = _LETTERS + r"{0,40}(?:[-'’]" + _LETTERS + r"{1,40})?"
_WORD = r"(?:[A-Z]" + _TAIL + r")"
_PARTICLE = r"(?:van|de|der|den|het|ter|ten|te|'t|’t)"
_NUMBER = r"([1-9]\d{0,3})(?:[a-df-zA-Z]|-\d{1,4}[a-zA-Z]?|-[a-zA-Z]|[ \u00a0-](?:bis|hs))?"
_END = r"(?![\w'’]|[.,:]\d|-\w|[ \u00a0]?[%°])"
#: Dutch candidates: capitalised words (particles between them) and a house number; the rules decide.
DUTCH = re.compile(r"[A-Z](?<![\w'’.&/-].)" + _TAIL + r"(?:[ \u00a0](?:" + _PARTICLE + r"[ \u00a0]){0,2}" + _WORD
                   + r"){0,3}[ \u00a0]" + _NUMBER + _END)
#: English addresses: house number, one to three capitalised words, street type, optional direction.
ENGLISH = re.compile(r"[1-9](?<![\w$£€#.,/-].)(\d{0,4})[A-Z]?[ \u00a0](?:[A-Z][a-z'’]{1,25}[ \u00a0]){1,3}"
                     r"(?:" + "|".join(sorted(STREET_TYPES, key=len, reverse=True)) + r")"
                     r"(?:[ \u00a0](?:NW|NE|SW|SE|N|S|E|W))?(?![\w'’-])")
_WORDS = re.compile(r"\S+")
_DIGIT_NEXT = re.compile(r"[ \u00a0]*\d")
_PARTICIPLE = re.compile(r"(?:ge|ver|be|ont|her)[a-z]{1,20}[dt]")  # "Hoofdstraat 5 verkocht", "... gekocht"
_NEXT = re.compile(r"[ \u00a0]*(" + _LETTERS + r"+(?:['’]s)?|%)")
_POSTCODE_NEXT = re.compile(r",?[ \u00a0]{1,2}[1-9]\d{3}[ \u00a0]?[A-Z]{2}(?![\w])")


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 40) : pos].rstrip(" \t\u00a0\"'“‘(")
    return not before or before[-1] in ".!?\n"


def _cue_before(text: str, pos: int, bare: bool) -> str | None:
    """The address cue that ends right before ``pos``, or ``None``.

    ``"strong"``: ``adres:``, ``het adres is``, a verb and ``op``/``aan`` (``woont op``, ``gevestigd aan
    de``); ``"op de"``: ``op de``/``op het`` (also said of a ship: ``op de Zeester``); ``"weak"``: ``aan
    de``, and for a bare street noun ``op``, ``aan``, ``naar (de)``, ``in de``.
    """
    window = text[max(0, pos - 40) : pos]
    tokens = re.findall(_LETTERS + r"+|:", window.lower())
    if pos > 40 and tokens and window[0].isalpha():
        tokens = tokens[1:]  # a word cut by the window is no cue
    if not tokens:
        return None
    last = tokens[-1]
    if last == ":":
        return "strong" if len(tokens) > 1 and tokens[-2].endswith("adres") else None
    if last.endswith("adres") or (len(tokens) > 1 and tokens[-2].endswith("adres") and last in ("is", "was", "luidt")):
        return "strong"
    if tuple(tokens[-2:]) in _ARTICLE_CUES:
        if len(tokens) > 2 and tokens[-3] in (_VERBS if tokens[-2] == "aan" else _RESIDENCE):
            return "strong"  # woont op de, gevestigd aan de (not "zat op de": on a ship)
        return "op de" if tokens[-2] == "op" else "weak"
    if bare and tuple(tokens[-2:]) in _BARE_CUES:
        return "weak"
    if last in ("op", "aan", "naar"):
        if len(tokens) > 1 and tokens[-2] in _VERBS:
            return "strong"
        return "weak" if bare else None
    return None


def _postcode_after(text: str, end: int) -> bool:
    """Whether a Dutch postcode follows the house number (``Zuiderhaven 12a, 8861 CK Harlingen``)."""
    return _POSTCODE_NEXT.match(text, end, min(len(text), end + 12)) is not None


def _followed_by_count(text: str, end: int) -> bool:
    """A count, measure or date after the number (``3 keer``, ``2 of 3``, ``1 januari``)."""
    m = _NEXT.match(text, end, min(len(text), end + 40))
    if m is None:
        return False
    word = m.group(1).lower()
    return word in COUNT_WORDS or (word in ("of", "à", "a", "tot") and _DIGIT_NEXT.match(text, m.end()) is not None)


def _ends_an_address(text: str, end: int) -> bool:
    """What may follow a house number: the end, punctuation, a capital or digit, a linking word or a participle."""
    rest = text[end : end + 2].lstrip(" \u00a0")
    if not rest or not rest[0].isalpha() or rest[0].isupper():
        return True  # "Hoofdstraat 5, Delfzijl", "Hoofdstraat 5 9934 AA", "Hoofdstraat 5 Delfzijl"
    m = _NEXT.match(text, end, min(len(text), end + 40))
    word = m.group(1).lower() if m is not None else ""
    return word in _FOLLOWERS or _PARTICIPLE.fullmatch(word) is not None


def dutch_hit(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    """The address that the rules find in a :data:`DUTCH` candidate ``m``, or ``None``."""
    number = int(m.group(1))
    if 1800 <= number <= 2099 and m.end() - m.start(1) == 4:  # a year, not a house number
        return None
    if _followed_by_count(text, m.end()) or not _ends_an_address(text, m.end()):
        return None
    words = [(w.start(), w.end()) for w in _WORDS.finditer(text, m.start(), m.start(1) - 1)]
    low = text[words[-1][0] : words[-1][1]].lower()
    while len(words) > 1 and (not text[words[0][0]].isupper() or (
            _sentence_start(text, words[0][0]) and text[words[0][0] : words[0][1]].lower().rstrip(".") not in STREET_PREFIXES)):
        words.pop(0)
    if low.endswith(STREET_WORDS) and low not in STREET_WORDS and low not in NOT_STREETS:
        return words[0][0], m.end()  # Hoofdstraat 5, Willem Barentszkade 12a
    if low in STREET_WORDS and len(words) > 1 and text[words[-2][0]].isupper() and \
            text[words[-2][0] : words[-2][1]].lower().rstrip(".") in STREET_PREFIXES and low not in NOT_STREETS:
        return words[0][0], m.end()  # Oude Haven 3, Hoge Dijk 21 (not the surname Van Dijk, nor Jurassic Park 2)
    word = text[words[-1][0] : words[-1][1]]
    if low in NOT_STREETS or (len(word) > 1 and word.isupper()):
        return None  # Terminal 2; UK 12 (a fishing registration): a street name is never in capitals
    cue = _cue_before(text, words[-1][0], bare=low in STREET_WORDS)
    if cue is None:
        return None
    if cue == "strong" or _postcode_after(text, m.end()):
        return words[-1][0], m.end()  # adres: Oosterhorn 12, gevestigd aan de Kade 3, Kade 3, 9934 AA
    if low in PORT_NOUNS or (cue == "op de" and low not in STREET_WORDS):
        return None  # aan Kade 3, in Haven 2 (a numbered quay or basin); op de Zeester 12 (a ship)
    return words[-1][0], m.end()  # op de Markt 12, aan de Oosterhorn 12


def english_hit(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    """The address in an :data:`ENGLISH` match ``m``, or ``None`` (a year after *in*, a number after *page* ...)."""
    digits = text[m.start() : m.start(1) + len(m.group(1))]
    before = re.findall(r"\w+", text[max(0, m.start() - 20) : m.start()].lower())[-1:]
    if before and (before[0] in _NUMBERED or (len(digits) == 4 and 1800 <= int(digits) <= 2099 and before[0] in _YEAR_WORDS)):
        return None
    return m.start(), m.end()


def find_addresses(text: str, *, english: bool = False) -> Iterator[tuple[int, int]]:
    """The ``(start, end)`` of every street address in ``text`` (Dutch; English too when ``english``).

    Parameters
    ----------
    text
        The text to scan.
    english
        Also look for English addresses (``42 Elm Road``): the regions GB and US.

    Examples
    --------
    >>> [t[s:e] for t in ["Hij woont op Zeester 12, de Zeester 12 jaar."] for s, e in find_addresses(t)]
    ['Zeester 12']
    """
    for m in DUTCH.finditer(text):
        if (hit := dutch_hit(text, m)) is not None:
            yield hit
    if english:
        for m in ENGLISH.finditer(text):
            if (hit := english_hit(text, m)) is not None:
                yield hit

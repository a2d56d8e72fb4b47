"""Name suggestions: candidate persons, vessels, companies and places that are not in the key yet.

Suggestions are a list for the researcher; nothing is replaced until a candidate is
confirmed into the key (:func:`confirm_candidates`). Three sources, always offline:

* **rules** (always): sequences of capitalised words with particles (``Jan de Boer``,
  ``Van der Meer``) that do not start a sentence or turn with an ordinary word; the
  kind is guessed from the context (``meneer Kramer`` -> person; ``de kotter
  Zeemeeuw``, ``MS Noorderlicht``, ``met de Zeester uitvaren`` -> vessel; ``... BV`` ->
  company; ``uit Urk`` -> place) and from the Dutch first-name, surname and place lists
  that ``deduce`` ships (:mod:`.lexicons`);
* **deduce** (``detector="deduce"``): the Dutch de-identification pipeline ``deduce``
  adds its person, location and institution annotations;
* **model** (``model="nl_core_news_sm"``): the entity recogniser of a trained spaCy
  pipeline that you installed yourself.

Examples
--------
>>> from researchkit.transcripts import Corpus, Transcript
>>> c = Corpus([Transcript("R1", "Ik sprak meneer Kramer. De kotter Zeemeeuw lag er. Kramer zei niets.")])
>>> suggest_names(c)[["term", "kind", "count"]].values.tolist()
[['Kramer', 'person', 1], ['Zeemeeuw', 'vessel', 1]]
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from researchkit.errors import PrivacyError
from researchkit.privacy.detect import _context
from researchkit.privacy.entry import KEY_KINDS, KIND_ALIASES
from researchkit.privacy.key import PrivacyKey
from researchkit.privacy.keyfile import write_private_csv
from researchkit.privacy.lexicons import name_lists
from researchkit.privacy.matcher import common_word
from researchkit.privacy.patterns import find_patterns

__all__ = ["CANDIDATE_COLUMNS", "DETECTORS", "suggest_names", "write_candidates", "confirm_candidates"]

CANDIDATE_COLUMNS = ["term", "kind", "count", "documents", "example", "confirm"]
#: Candidate sources besides the rules.
DETECTORS: tuple[str, ...] = ("rules", "deduce")

_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’-]*"
_PARTICLE = r"(?:van|de|der|den|het|ter|ten|te|von|du|da|la|le|'t)"
_PARTICLES = {"van", "de", "der", "den", "het", "ter", "ten", "te", "von", "du", "da", "la", "le", "'t"}
#: A company's legal form written with dots, kept with the name ("Dijkstra B.V."; the sequence stopped at "B").
_LEGAL_FORM = r"(?:B\.V\.|N\.V\.|V\.O\.F\.|C\.V\.)"
_SEQ = re.compile(rf"{_CAP}(?:[ ](?:{_PARTICLE}[ ])*(?!{_LEGAL_FORM}|I\b){_CAP})*(?:[ ]{_LEGAL_FORM})?")
_ENDS_LEGAL_FORM = re.compile(rf"[ ]{_LEGAL_FORM}$")
_PERSON_CUES = re.compile(r"(?i)\b(?:meneer|mevrouw|mevr\.|dhr\.?|mw\.?|mr\.?|mrs\.?|ms\.?|dr\.?|prof\.?|collega|heer|"
                          r"schipper|agent|rechercheur|officier|buurman|buurvrouw|zoon|dochter|broer|zus|vader|moeder|"
                          r"oom|neef|nicht|vriend|vriendin|dokter|professor|miss|sir|colleague|manager|boss|officer|"
                          r"detective|nurse|doctor|friend|wife|husband|son|daughter|brother|sister|father|mother|uncle|"
                          r"aunt|cousin|neighbour|neighbor)\s+$")
#: Capitalised words of speech that are never names: interjections and fillers, English
#: contractions of "I", days and months (``Yeah``, ``I'm``, ``August 10th``, ``Monday``).
_NEVER_NAMES = frozenset({
    "oh", "uh", "um", "uhm", "er", "erm", "ah", "eh", "hmm", "mm", "mhm", "mmhmm", "huh", "yeah", "yep", "yes", "no",
    "nope", "okay", "ok", "hey", "hi", "hello", "sorry", "thanks", "thank", "alright", "well", "right", "actually",
    "good", "great", "wow", "cool", "sure", "exactly", "absolutely", "basically", "anyway", "like", "so",
    "i'm", "i'll", "i've", "i'd", "i’m", "i’ll", "i’ve", "i’d",
    "ja", "nee", "nou", "oké", "goh", "tja", "hoor", "joh", "hè", "hé", "ehm", "eh", "euh",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "januari", "februari",
    "maart", "mei", "juni", "juli", "augustus", "oktober",
})
#: One word with an apostrophe ending (``It's``, ``They're``): group 1 is the word before it.
_CONTRACTION = re.compile(r"(\w+)['’](?:s|re|ll|ve|d|m|t)$")
#: A placeholder a transcriber put in already: a common word with a number or letter ("Country 1", "Company X").
_PLACEHOLDER_AFTER = re.compile(r"[ ](?:\d{1,3}|[A-Z])(?![\w'’])")

#: Titles before a name: not a name themselves ("Dr Sarah Mitchell" is the person Sarah Mitchell).
_TITLES = frozenset({"dr", "mr", "mrs", "ms", "prof", "sir", "dhr", "mevr", "mw", "drs", "ir", "mr.", "dr.", "ing"})
_VESSEL_PREFIX = re.compile(r"^(?:MS|MV|M\.S\.|M\.V\.|Ms\.|Mv\.|ZK|HMS)\s+")
_VESSEL_CUES = re.compile(r"(?i)\b(?:schip|kotter|boot|vaartuig|coaster|trawler|jacht|vrachtschip|tanker|"
                          r"MS|MV|mv\.|ms\.|m\.s\.|m\.v\.)\s+(?:de\s+|het\s+)?$")
# "met de Zeester uitgevaren": an article before the name and a sailing word close by
_ARTICLE = re.compile(r"(?i)\b(?:de|het)\s+$")
_SAILING = re.compile(r"(?i)\b(?:voer|varen|vaart|voeren|uitgevaren|uitvaren|aan boord|afgemeerd|aangemeerd|"
                      r"lag (?:aan|in|bij|naast)|ligplaats|kotter|schip|schepen|boot|vissersboot|bemanning|"
                      r"schipper|romp|ruim|lading|gelost|gelost|binnengelopen|binnenliep|uitliep)\b")
_PLACE_CUES = re.compile(r"(?i)\b(?:in|uit|naar|vanuit|richting|nabij|rond|omgeving|haven van|gemeente|provincie|"
                         r"dorp|stad|eiland|regio|woonplaats|from|near|(?:moved|move|moving|went|drove|flew|"
                         r"travelled|traveled|relocated) to|town of|city of|county)\s+$")
#: Where a vessel lies ("lag aan de Oosterhorn"): the name after it is a quay or harbour, not a ship.
_BERTH_CUES = re.compile(r"(?i)\b(?:lag|ligt|liggen|lagen|afgemeerd|aangemeerd|ligplaats|ligplaatsen)\s+"
                         r"(?:aan|bij|in|naast|langs|op|tegen)\s+(?:de\s+|het\s+)?$")
#: Last words of Dutch street and quay names ("Willem Barentszkade", "Hoofdstraat", "Zeedijk").
_STREET_ENDINGS = ("straat", "weg", "laan", "kade", "plein", "dijk", "gracht", "singel", "steeg", "markt", "dreef",
                   "pad", "wal", "haven", "hoven", "kanaal", "boulevard", "straatweg", "park", "hof", "erf", "polder")
#: English street words, as the last word of a name ("Oak Street", "Elm Rd").
_STREET_WORDS = frozenset({"street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "drive", "dr", "way", "court",
                           "ct", "place", "square", "boulevard", "blvd", "close", "crescent", "terrace", "highway",
                           "parkway", "alley"})
#: A house number after a name ("Hoofdstraat 5", "Willem Barentszkade 12a"), or before it ("42 Elm Road").
_HOUSE_NUMBER = re.compile(r"[ ]\d{1,4}(?:[ ]?[a-zA-Z])?\b")
_NUMBER_BEFORE = re.compile(r"\b\d{1,5}[a-zA-Z]?[ ]$")
_COMPANY_CUES = re.compile(r"(?:\b(?:B\.?V\.?|N\.?V\.?|V\.?O\.?F\.?|Holding|Shipping|Transport|Logistics|Logistiek|"
                           r"Rederij|Handelsonderneming|Visserij|Beheer|Group|Groep|International|Seaports|Inc|Ltd|LLC|"
                           r"Corp|Corporation|GmbH|Company|Co)\b)")
_ORG_WORDS = {
    "dienst", "eenheid", "politie", "inspectie", "gemeente", "ministerie", "haven", "havens", "seaports", "port",
    "centrum", "platform", "bureau", "stichting", "vereniging", "raad", "rechtbank", "parket", "douane", "kustwacht",
    "marechaussee", "belastingdienst", "team", "afdeling", "college", "provincie", "waterschap", "omgevingsdienst",
    "veiligheidsregio", "recherche", "ministry", "police", "agency", "authority", "council", "service", "unit",
    "ziekenhuis", "school", "universiteit", "hogeschool", "kliniek", "kerk", "bibliotheek", "museum", "bank",
    "hospital", "center", "centre", "clinic", "university", "institute", "academy", "church", "library",
    "department", "foundation", "association", "society", "union", "office", "court", "bureau", "board",
    "consortium", "coalition", "alliance", "network", "partnership", "trust", "fund", "commission", "committee",
}
#: Last words of English place names that no list holds ("Rhode Island", "Orange County").
_PLACE_WORDS = frozenset({"island", "islands", "county", "city", "valley", "bay", "beach", "lake", "river", "village",
                          "mountains", "heights", "springs", "harbor", "harbour", "port", "coast", "state", "province"})
#: A possessive ending, counted with the name itself ("Alice’s" is Alice).
_POSSESSIVE = re.compile(r"['’]s$")
_ORG_CUES = re.compile(r"(?i)\b(?:bedrijf|firma|rederij|onderneming|bij|van)\s+$"
                       r"|(?i:\b(?:werkt|werkte|werken|werkten|werkzaam|dienst|baan|klant|leverancier)\s+(?:bij|voor)\s+(?:de\s+|het\s+)?$)")
_NER_KINDS = {"PER": "person", "PERSON": "person", "ORG": "company", "NORP": "other", "GPE": "place", "LOC": "place",
              "FAC": "place"}
_DEDUCE_KINDS = {"persoon": "person", "patient": "person", "locatie": "place", "instelling": "company", "datum": "other",
                 "ziekenhuis": "company"}
_JOIN = re.compile(rf" (?:{_PARTICLE} )+")
_SENTENCE_END = re.compile(r"[.!?:;\"“‘(]\s*$")
#: A title with its dot right before a name ("Mr. Smith"): the dot ends no sentence.
_TITLE_DOT = re.compile(r"(?i)\b(?:mr|mrs|ms|dr|prof|dhr|mevr|mw|drs|ir|ing)\.\s*$")


def _split_joined(term: str) -> list[tuple[str, int]]:
    """Split "Kramer van Kustvaart Noord BV" (two names joined by a particle) into its names.

    A surname with particles has one word after them (``Jan van der Berg``); two or more
    capitalised words after a particle are another name (``... van Kustvaart Noord BV``).
    """
    for m in _JOIN.finditer(term):
        tail = term[m.end() :]
        if len(tail.split(" ")) >= 2 and m.start() > 0:
            return [(term[: m.start()], 0), *[(p, o + m.end()) for p, o in _split_joined(tail)]]
    return [(term, 0)]


def _street(term: str, before: str, after: str) -> bool:
    """Whether ``term`` reads as a street or quay name: its last word ends like a Dutch one
    ("Hoofdstraat", "Willem Barentszkade"; not the surname "Dijk") or is an English street word
    after another word ("Oak Street"), or a house number follows or precedes it."""
    words = term.split()
    last = words[-1].lower().rstrip(".")
    if any(last.endswith(end) and len(last) >= len(end) + 3 for end in _STREET_ENDINGS):
        return last not in name_lists().surnames
    if len(words) >= 2 and last in _STREET_WORDS:
        return True
    return bool(_HOUSE_NUMBER.match(after) or (len(words) >= 2 and _NUMBER_BEFORE.search(before)))


def _acronym(part: str) -> bool:
    """A short acronym, also in the plural (``API``, ``IDs``, ``MLSSs``, ``API's``): no name."""
    singular = re.sub(r"(?:['’]?s)$", "", part) if len(part) > 2 else part
    return singular.isupper() and len(singular) <= 4


def _placeholder(term: str, after: str) -> bool:
    """Whether a sequence is a placeholder already: common words with a number or a letter
    (``Country 1``, ``School 2``, ``Company X``; the letter is part of the sequence)."""
    words = term.split(" ")
    last = words[-1].lower()
    if last.endswith(_STREET_ENDINGS) or last in _STREET_WORDS:
        return False  # "Kade 3", "Dijkweg 4": an address, the most identifying of all
    if len(words) >= 2 and len(words[-1]) == 1 and words[-1] != "I":
        words, letter = words[:-1], True
    else:
        letter = False
    return (letter or bool(_PLACEHOLDER_AFTER.match(after))) and all(common_word(w) for w in words)


def _name_runs(term: str, at: int, taken: list[tuple[int, int]]) -> list[tuple[str, int]]:
    """The runs of words of a capitalised sequence starting at ``at`` that can be names: words with
    a digit, words inside a pattern identifier (``UK-227`` in ``UK-227 Zeester``, the postcode
    letters ``ME`` in ``8861 ME Harlingen``), single letters (``I``, ``G P T``), titles and words
    that are never names (``Yeah``, ``I'm``, ``August``) split it; particles do not start or end a run.

    Examples
    --------
    >>> _name_runs("UK-227 Zeester", 10, [(10, 16)]), _name_runs("ME Harlingen", 5, [(0, 7)])
    ([('Zeester', 17)], [('Harlingen', 8)])
    """
    runs: list[list[tuple[str, int]]] = [[]]
    pos = 0
    for word in term.split(" "):
        start = at + pos
        pos += len(word) + 1
        if (any(ch.isdigit() for ch in word) or len(word) == 1 or word.lower() in _TITLES
                or word.lower() in _NEVER_NAMES or any(s < start + len(word) and start < e for s, e in taken)):
            runs.append([])  # (the English "I" and a title are no part of a name: "Later I", "Dr Sarah Mitchell")
        else:
            runs[-1].append((word, start))
    out = []
    for run in runs:
        while run and run[0][0].lower() in _PARTICLES and run[0][0][:1].islower():
            run = run[1:]
        while run and run[-1][0].lower() in _PARTICLES:
            run = run[:-1]
        if run:
            first, last = run[0][1], run[-1][1] + len(run[-1][0])
            out.append((term[first - at : last - at], first))
    return out


def _guess_kind(text: str, start: int, term: str) -> str:
    """The kind of a candidate from its words and the 30-60 characters around it."""
    before = text[max(0, start - 30) : start]
    after = text[start + len(term) : start + len(term) + 8]
    if _VESSEL_CUES.search(before) or _VESSEL_PREFIX.match(term):
        return "vessel"
    if _COMPANY_CUES.search(term):
        return "company"
    if _PERSON_CUES.search(before):
        return "person"
    if _BERTH_CUES.search(text[max(0, start - 40) : start]) or _street(term, before, after):
        return "place"  # "lag aan de Oosterhorn", "Willem Barentszkade 12"
    words = term.split()
    lists = name_lists()
    if _ARTICLE.search(before) and len(words) == 1 and _SAILING.search(text[max(0, start - 60) : start + len(term) + 60]):
        return "vessel"  # "met de Zeester uitgevaren"
    if _PLACE_CUES.search(before) and (len(words) == 1 or re.search(r"(?i)\bgemeente\s+$", before)):
        return "place"  # "uit Urk", "de gemeente Het Hogeland"
    if _ORG_CUES.search(before):
        return "company"
    if len(words) == 1 and term.lower() in lists.places:
        return "place"
    if len(words) >= 2:
        if any(w.casefold() in _ORG_WORDS for w in words):
            return "company"
        return "place" if words[-1].casefold() in _PLACE_WORDS else "person"
    if term.lower() in lists.first_names or term.lower() in lists.surnames:
        return "person"
    return "other"


def _sentence_start(words: list[str], stop: set[str]) -> str | None:
    """What to keep of a capitalised sequence that starts a sentence (``None``: nothing).

    ``Van der Meer zei`` keeps the surname with its particles; ``Jan de Boer zei`` keeps the
    full name when the first word is a known first name or no ordinary word; ``Gisteren
    Piet Jansen`` and ``Toen de Zeester`` drop the first word.
    """
    first = words[0].lower()
    lists = name_lists()
    if len(words) == 1 and first in lists.first_names and first not in stop and first not in lists.common \
            and not common_word(first):
        return words[0]  # "Jeroen zei": a first name that is no ordinary word ("Dan", "Wil", "Ben" are)
    if len(words) >= 2 and first in _PARTICLES and first not in ("de", "het", "'t"):
        return " ".join(words)  # "Van der Meer"
    if len(words) == 2 and first == "de" and words[1].lower() in lists.surnames:
        return " ".join(words)  # "De Vries zei" (but "De Zeester lag" drops the article)
    if len(words) >= 2 and first not in stop and first not in lists.common and (
            first in lists.first_names or (lists.available and first not in lists.places and words[1].lower() not in _PARTICLES)):
        return " ".join(words)
    rest = words[1:]
    while rest and rest[0].lower() in _PARTICLES:
        rest = rest[1:]
    return " ".join(rest) or None


def _stopwords(lang: str) -> set[str]:
    try:
        from spacy.util import get_lang_class

        return {w.casefold() for w in get_lang_class(lang).Defaults.stop_words}
    except Exception:  # pragma: no cover - spaCy always has nl and en
        return set()


class _Candidates:
    """Counts, documents, kind votes and examples of the candidate terms."""

    def __init__(self, key: PrivacyKey | None, stop: set[str]) -> None:
        self.key, self.stop = key, stop
        self.counts: Counter[str] = Counter()
        self.docs: dict[str, set[str]] = defaultdict(set)
        self.kinds: dict[str, Counter[str]] = defaultdict(Counter)
        self.examples: dict[str, str] = {}
        self.shortened: dict[str, set[str]] = defaultdict(set)  # "Seaports" <- "Groningen Seaports" at a sentence start

    def note(self, term: str, kind: str, doc_id: str, text: str, start: int, *, weight: int = 1) -> None:
        contraction = _CONTRACTION.match(term)
        if contraction and contraction.group(1).casefold() in self.stop:
            return  # "It's", "That's", "There's": a stop word's contraction
        if term in self.counts:
            self.kinds[term][kind] += weight
            if weight > 1:
                return  # a model's label for a term the rules found: a vote, not another occurrence
        elif (self.key is not None and self.key.find(term)) or term.casefold() in self.stop:
            return
        self.counts[term] += 1
        self.docs[term].add(doc_id)
        self.kinds[term][kind] += weight
        self.examples.setdefault(term, _context(text, start, start + len(term)))

    def rules(self, segment: str, doc_id: str, starts: set[int]) -> None:
        """Capitalised sequences in one turn (``starts``: where its sentences begin)."""
        # plates, e-mail ... are no names; a street in an address still is (the key then hides it without a number too)
        patterns = [p for p in find_patterns(segment) if p.kind != "address"]
        taken = [(p.start, p.end) for p in patterns]
        fishing_ends = {p.end for p in patterns if p.kind == "fishing"}
        for m in _SEQ.finditer(segment):
            term = m.group() if _ENDS_LEGAL_FORM.search(m.group()) else m.group().rstrip(".'’-")
            if _POSSESSIVE.search(term) and len(term.rsplit(" ", 1)[-1]) > 4:
                term = term[:-2]  # "Alice’s", "Alice Crisci's": the name
            begin = m.start()
            titled = _TITLE_DOT.search(segment[max(0, begin - 8) : begin]) is not None
            if not titled and (begin in starts or (begin > 0 and _SENTENCE_END.search(segment[max(0, begin - 3) : begin]))):
                kept = _sentence_start(term.split(" "), self.stop)
                if kept is None:
                    continue
                if kept != term:
                    self.shortened[kept].add(term)
                begin += term.index(kept)
                term = kept
            prefix = _VESSEL_PREFIX.match(term)
            if prefix and len(term) > prefix.end():  # "MS Noorderlicht": the name is the vessel's
                begin, term = begin + prefix.end(), term[prefix.end() :]
                self.note(term, "vessel", doc_id, segment, begin, weight=2)
                continue
            if _placeholder(term, segment[begin + len(term) : begin + len(term) + 5]):
                continue  # "Country 1", "Company X": pseudonymised by the transcriber already
            for whole, offset in _split_joined(term):
                for part, at in _name_runs(whole, begin + offset, taken):
                    if len(part) < 2 or _acronym(part):
                        continue
                    if at - 1 in fishing_ends:  # "de UK-227 Zeester": the name after a fishing number is the vessel's
                        self.note(part, "vessel", doc_id, segment, at, weight=2)
                        continue
                    self.note(part, _guess_kind(segment, at, part), doc_id, segment, at)

    def frame(self, min_count: int) -> pd.DataFrame:
        # a sequence cut at a sentence start belongs to the full name when that is a candidate too
        for rest, fulls in self.shortened.items():
            whole = [f for f in sorted(fulls) if f in self.counts and f != rest]
            if whole and rest in self.counts:
                self.counts[whole[0]] += self.counts.pop(rest)
                self.docs[whole[0]] |= self.docs.pop(rest)
                self.kinds.pop(rest, None)
        rows = []
        for term, n in self.counts.items():
            if n < min_count:
                continue
            kind = sorted(self.kinds[term].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            rows.append({"term": term, "kind": kind, "count": n, "documents": ";".join(sorted(self.docs[term])),
                         "example": self.examples[term], "confirm": ""})
        frame = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
        frame = frame.sort_values(["count", "term"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
        return frame.astype({"count": "int64"})


def _ner_pipeline(lang: str, model: str | None) -> Any:
    if model is None:
        return None
    import spacy.util

    from researchkit.nlp import get_pipeline

    if not (spacy.util.is_package(model) or Path(model).is_dir()):
        raise PrivacyError("RK577", f"the spaCy pipeline {model!r} is not installed",
                           hint="install a trained pipeline in this environment (no downloads happen here), or leave model out")
    ner = get_pipeline(lang, model=model)
    if not ner.has_pipe("ner"):
        raise PrivacyError("RK577", f"the spaCy pipeline {model!r} has no entity recogniser ('ner')",
                           hint="use a trained pipeline with NER, e.g. nl_core_news_sm, or leave model out")
    return ner


def _deduce_pipeline(detector: str) -> Any:
    if detector not in DETECTORS:
        raise PrivacyError("RK577", f"unknown name detector {detector!r}", hint=f"use one of {', '.join(DETECTORS)}")
    if detector != "deduce":
        return None
    try:
        from deduce import Deduce
    except ImportError as exc:
        raise PrivacyError("RK577", f"the name detector 'deduce' is not installed ({exc})",
                           hint="pip install deduce (it ships its word lists; nothing is downloaded)") from None
    return _deduce_instance(Deduce)


_DEDUCE: list[Any] = []


def _deduce_instance(factory: Any) -> Any:
    """One deduce pipeline per process (its first start ever builds and caches its lookup structures)."""
    if not _DEDUCE:
        import logging

        logging.getLogger().setLevel(max(logging.getLogger().level, logging.WARNING))
        _DEDUCE.append(factory())
    return _DEDUCE[0]


def _excluded_words(corpus: Any, lang: str, exclude: Iterable[str], exclude_attributes: bool) -> set[str]:
    stop = _stopwords(lang) | {str(w).casefold() for w in exclude}
    if exclude_attributes:
        attrs = corpus.attributes
        for col in attrs.columns:
            if col in ("interviewer", "interviewers", "name", "naam", "respondent_name"):
                continue  # names of people stay candidates
            for value in attrs[col].dropna().astype(str):
                stop.add(value.strip().casefold())
                stop.update(w.casefold() for w in re.findall(r"[^\W\d_]{3,}", value))
    return stop


def suggest_names(
    corpus: Any,
    *,
    key: PrivacyKey | None = None,
    lang: str = "nl",
    model: str | None = None,
    detector: str = "rules",
    min_count: int = 1,
    exclude: Iterable[str] = (),
    exclude_attributes: bool = True,
) -> pd.DataFrame:
    """Candidate names (persons, vessels, organisations, places) for the researcher to confirm.

    Parameters
    ----------
    corpus
        The corpus.
    key
        Terms already in the key are not suggested again.
    lang
        Language of the blank pipeline used to find sentence starts.
    model
        Name of an installed trained spaCy pipeline with an entity recogniser, or ``None``.
    detector
        ``"rules"`` (default) or ``"deduce"``: also the annotations of the Dutch
        de-identification pipeline ``deduce`` (offline; its very first start builds its
        lookup structures, which takes minutes once).
    min_count
        Leave out candidates seen fewer times.
    exclude
        Words never to suggest.
    exclude_attributes
        Leave out the values of the respondent attributes and their words (ports,
        organisations such as ``Douane``): they are analysis categories, not secrets.

    Returns
    -------
    pandas.DataFrame
        :data:`CANDIDATE_COLUMNS`: ``term, kind`` (a guess), ``count``, ``documents``
        (``;``-separated ids), ``example`` (the first context) and an empty ``confirm``
        column, sorted by count (descending) then term. Suggestions are never applied:
        confirm them with :func:`confirm_candidates`.

    Raises
    ------
    PrivacyError
        ``RK577`` when ``model`` is not installed or has no entity recogniser, or the
        detector is unknown or not installed.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> c = Corpus([Transcript("R1", "Van der Meer voer met de Zeester uit. Ik sprak Jan de Boer in Urk.")])
    >>> suggest_names(c)[["term", "kind"]].values.tolist()
    [['Jan de Boer', 'person'], ['Urk', 'place'], ['Van der Meer', 'person'], ['Zeester', 'vessel']]
    """
    from researchkit.nlp import get_pipeline

    ner = _ner_pipeline(lang, model)
    dd = _deduce_pipeline(detector)
    nlp = get_pipeline(lang)
    found = _Candidates(key, _excluded_words(corpus, lang, exclude, exclude_attributes))
    for t in corpus:
        spans = [(tu.start, tu.end) for tu in t.turns] or [(0, len(t.text))]
        for s, e in spans:
            segment = t.text[s:e]
            found.rules(segment, t.doc_id, {sent.start_char for sent in nlp(segment).sents})
            if ner is not None:
                for ent in ner(segment).ents:
                    if ent.label_ in _NER_KINDS and ent.text.strip():
                        found.note(ent.text.strip(), _NER_KINDS[ent.label_], t.doc_id, segment, ent.start_char, weight=2)
            if dd is not None:
                for ann in dd.deidentify(segment).annotations:
                    kind = next((k for tag, k in _DEDUCE_KINDS.items() if tag in ann.tag), None)
                    if kind is not None and ann.text.strip():
                        found.note(ann.text.strip(), kind, t.doc_id, segment, ann.start_char, weight=2)
    return found.frame(min_count)


def write_candidates(candidates: pd.DataFrame, path: str | Path) -> Path:
    """Write suggested names as a UTF-8 CSV (owner-only, ``0600``) to review: mark ``confirm`` with ``ja``/``yes``/``x``.

    Examples
    --------
    >>> import tempfile, os
    >>> frame = pd.DataFrame([{"term": "Kramer", "kind": "person", "count": 2, "documents": "R1", "example": "..", "confirm": ""}])
    >>> p = write_candidates(frame, os.path.join(tempfile.mkdtemp(), "candidates.csv"))
    >>> p.read_text().splitlines()[0]
    'term,kind,count,documents,example,confirm'
    """
    return write_private_csv(candidates.reindex(columns=CANDIDATE_COLUMNS), path)


_YES = {"ja", "j", "yes", "y", "x", "1", "true", "ok", "✓"}
_NO = {"", "nee", "n", "no", "0", "false", "-"}


def confirm_candidates(key: PrivacyKey, candidates: pd.DataFrame | str | Path) -> list[str]:
    """Add the confirmed candidates (``confirm`` = ja/yes/x) to ``key``; returns the terms added.

    The ``kind`` column may be corrected by the researcher before confirming. Terms
    already in the key are skipped. Save the key afterwards (:meth:`PrivacyKey.save`).

    Raises
    ------
    PrivacyError
        ``RK578`` for a file without ``term``/``kind``/``confirm`` columns, an unclear
        confirm value or an unknown kind (row numbers given).

    Examples
    --------
    >>> key = PrivacyKey()
    >>> frame = pd.DataFrame({"term": ["Kramer", "Zeemeeuw"], "kind": ["person", "vessel"], "confirm": ["ja", ""]})
    >>> confirm_candidates(key, frame), [e.pseudonym for e in key]
    (['Kramer'], ['[PERSOON-1]'])
    """
    label = "candidates"
    if not isinstance(candidates, pd.DataFrame):
        label = str(candidates)
        path = Path(candidates)
        if not path.is_file():
            raise PrivacyError("RK578", f"{path}: candidates file not found", hint="write it with 'researchkit privacy scan --suggest FILE'")
        try:
            candidates = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise PrivacyError("RK578", f"{path}: cannot read the candidates CSV ({exc})", hint="save it as UTF-8 CSV") from None
    missing = [c for c in ("term", "kind", "confirm") if c not in candidates.columns]
    if missing:
        raise PrivacyError("RK578", f"{label}: missing column(s) {', '.join(missing)} (has: {', '.join(map(str, candidates.columns))})",
                           hint="keep the columns term, kind and confirm of the suggestions file")
    problems, wanted = [], []
    for i, row in enumerate(candidates.itertuples(index=False), start=2):
        value = str(getattr(row, "confirm") or "").strip().lower()
        if value in _NO:
            continue
        if value not in _YES:
            problems.append(f"row {i}: confirm value {value!r} (use ja/yes/x, or leave empty)")
            continue
        kind = str(getattr(row, "kind") or "").strip().lower()
        kind = KIND_ALIASES.get(kind, kind)
        if kind not in KEY_KINDS:
            problems.append(f"row {i}: kind {kind!r} is not one of {', '.join(KEY_KINDS)}")
            continue
        wanted.append((str(getattr(row, "term")).strip(), kind))
    if problems:
        raise PrivacyError("RK578", f"{label}: {len(problems)} problem(s): " + "; ".join(problems),
                           hint="correct these rows of the candidates file")
    added = []
    for term, kind in wanted:
        if term and term not in key:
            key.add(term, kind=kind)
            added.append(term)
    return added

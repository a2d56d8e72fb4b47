"""Detection: key terms and identifier patterns in texts and corpora, and name suggestions.

* :func:`find_identifiers` — every identifier in one text: key terms
  (:meth:`PrivacyKey.find`) and patterns (:func:`~researchkit.privacy.patterns.find_patterns`),
  longest first, no overlaps.
* :func:`pseudonymise_text` — the text with each identifier replaced (key terms by their
  pseudonym, pattern hits by ``[TELEFOON]``, ``[KENTEKEN]`` ...).
* :func:`scan` — a table of every identifier in a corpus, for review.
* :func:`suggest_names` — candidate names of persons and organisations that are **not**
  in the key yet (capitalised word sequences not at a sentence start; the entity
  recogniser of a trained spaCy pipeline if one is installed and named). Suggestions are
  only a list for the researcher: nothing is replaced until a candidate is confirmed
  into the key (:func:`confirm_candidates`).

Examples
--------
>>> from researchkit.privacy.key import KeyEntry, PrivacyKey
>>> key = PrivacyKey([KeyEntry("Piet Jansen", pseudonym="[PERSOON-1]")])
>>> pseudonymise_text("Jansen belt 06-12345678.", key)
'[PERSOON-1] belt [TELEFOON].'
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

import pandas as pd

from researchkit.errors import PrivacyError
from researchkit.privacy.entry import KEY_KINDS, KIND_ALIASES as _KIND_ALIASES, PLACEHOLDER_RE
from researchkit.privacy.key import PrivacyKey
from researchkit.privacy.patterns import PATTERN_TOKENS, find_patterns, inside_spans, resolve_kinds, select_non_overlapping

__all__ = [
    "Identifier",
    "find_identifiers",
    "pseudonymise_text",
    "scan",
    "suggest_names",
    "write_candidates",
    "confirm_candidates",
    "SCAN_COLUMNS",
    "CANDIDATE_COLUMNS",
]

SCAN_COLUMNS = ["doc_id", "start", "end", "kind", "source", "term", "pseudonym", "text", "context"]
CANDIDATE_COLUMNS = ["term", "kind", "count", "documents", "example", "confirm"]


@dataclass(frozen=True)
class Identifier:
    """An identifier in a text: ``text[start:end]``.

    Attributes
    ----------
    start, end, text
        Where and what.
    kind
        A key kind (``person``, ``company`` ...) or a pattern kind (``phone``, ``plate`` ...).
    source
        ``"key"`` or ``"pattern"``.
    term
        The key term (for key hits) or the matched text (patterns).
    replacement
        What replaces it in a pseudonymised text.
    """

    start: int
    end: int
    text: str
    kind: str
    source: str
    term: str
    replacement: str


def find_identifiers(
    text: str,
    key: PrivacyKey | None = None,
    *,
    kinds: Sequence[str] | str | None = None,
) -> list[Identifier]:
    """Key terms and pattern identifiers in ``text``, longest first, without overlaps, in text order.

    Parameters
    ----------
    text
        The text.
    key
        The pseudonymisation key (``None``: patterns only).
    kinds
        Pattern kinds to look for (default all; ``()`` or ``"none"`` for key terms only).

    Examples
    --------
    >>> [(i.kind, i.text) for i in find_identifiers("Mail p.jansen@haven.nl of bel +31 6 12345678")]
    [('email', 'p.jansen@haven.nl'), ('phone', '+31 6 12345678')]
    """
    hits: list[Identifier] = []
    if key is not None and len(key):
        for m in key.find(text):
            hits.append(Identifier(m.start, m.end, m.text, m.kind, "key", m.term, m.pseudonym + m.suffix))
    for p in find_patterns(text, kinds=resolve_kinds(kinds)):
        hits.append(Identifier(p.start, p.end, p.text, p.kind, "pattern", p.text, PATTERN_TOKENS[p.kind]))
    if not hits:
        return hits
    if "[" in text:
        spans = [(m.start(), m.end()) for m in PLACEHOLDER_RE.finditer(text)]
        hits = inside_spans(hits, spans, span=lambda h: (h.start, h.end))
    hits.sort(key=lambda h: (-(h.end - h.start), h.source != "key", h.start))
    return select_non_overlapping(hits, span=lambda h: (h.start, h.end))


def pseudonymise_text(text: str, key: PrivacyKey | None = None, *, kinds: Sequence[str] | str | None = None) -> str:
    """``text`` with every identifier replaced (see :func:`find_identifiers`).

    Examples
    --------
    >>> pseudonymise_text("Kenteken 12-ABC-3, postcode 9712 CP.")
    'Kenteken [KENTEKEN], postcode [POSTCODE].'
    """
    parts, pos = [], 0
    for h in find_identifiers(text, key, kinds=kinds):
        parts.append(text[pos : h.start])
        parts.append(h.replacement)
        pos = h.end
    parts.append(text[pos:])
    return "".join(parts)


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return " ".join(f"{left}«{text[start:end]}»{right}".split())


def scan(corpus: Any, key: PrivacyKey | None = None, *, kinds: Sequence[str] | str | None = None) -> pd.DataFrame:
    """Every identifier in every document of a corpus, for the researcher to review.

    Returns
    -------
    pandas.DataFrame
        :data:`SCAN_COLUMNS`: ``doc_id, start, end, kind, source, term, pseudonym, text,
        context`` (40 characters either side). The table holds the identifiers
        themselves: treat it as confidential, like the key.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> scan(Corpus([Transcript("R1", "Bel 06-12345678.")]))[["doc_id", "kind", "text"]].values.tolist()
    [['R1', 'phone', '06-12345678']]
    """
    rows = []
    for t in corpus:
        for h in find_identifiers(t.text, key, kinds=kinds):
            rows.append({"doc_id": t.doc_id, "start": h.start, "end": h.end, "kind": h.kind, "source": h.source,
                         "term": h.term, "pseudonym": h.replacement, "text": h.text,
                         "context": _context(t.text, h.start, h.end)})
    frame = pd.DataFrame(rows, columns=SCAN_COLUMNS)
    return frame.astype({"start": "int64", "end": "int64"})


# --------------------------------------------------------------------------- suggestions

_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’-]*"
_PARTICLE = r"(?:van|de|der|den|het|ter|ten|te|von|du|da|la|le|'t)"
_SEQ = re.compile(rf"{_CAP}(?:[ ](?:{_PARTICLE}[ ])*{_CAP})*")
_PERSON_CUES = re.compile(r"(?i)\b(?:meneer|mevrouw|mevr\.|dhr\.?|mw\.?|mr\.?|mrs\.?|collega|heer|schipper|"
                          r"agent|rechercheur|officier|buurman|buurvrouw|zoon|dochter|broer|zus|vader|moeder|"
                          r"oom|neef|nicht|vriend|vriendin)\s+$")
_VESSEL_CUES = re.compile(r"(?i)\b(?:schip|kotter|boot|vaartuig|coaster|trawler|jacht|vrachtschip|tanker|"
                          r"MS|MV|mv\.|ms\.|m\.s\.|m\.v\.)\s+(?:de\s+|het\s+)?$")
_COMPANY_CUES = re.compile(r"(?:\b(?:B\.?V\.?|N\.?V\.?|V\.?O\.?F\.?|Holding|Shipping|Transport|Logistics|Logistiek|"
                           r"Rederij|Handelsonderneming|Visserij|Beheer|Group|Groep|International|Seaports)\b)")
_ORG_WORDS = {
    "dienst", "eenheid", "politie", "inspectie", "gemeente", "ministerie", "haven", "havens", "seaports", "port",
    "centrum", "platform", "bureau", "stichting", "vereniging", "raad", "rechtbank", "parket", "douane", "kustwacht",
    "marechaussee", "belastingdienst", "team", "afdeling", "college", "provincie", "waterschap", "omgevingsdienst",
    "veiligheidsregio", "recherche", "ministry", "police", "agency", "authority", "council", "service", "unit",
}
_ORG_CUES = re.compile(r"(?i)\b(?:bedrijf|firma|rederij|onderneming|bij|van)\s+$")
_NER_KINDS = {"PER": "person", "PERSON": "person", "ORG": "company", "NORP": "other", "GPE": "place", "LOC": "place",
              "FAC": "place"}


_JOIN = re.compile(rf" (?:{_PARTICLE} )+")


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


def _guess_kind(text: str, start: int, term: str) -> str:
    before = text[max(0, start - 30) : start]
    if _VESSEL_CUES.search(before):
        return "vessel"
    if _COMPANY_CUES.search(term):
        return "company"
    if _PERSON_CUES.search(before):
        return "person"
    if _ORG_CUES.search(before):
        return "company"
    words = term.split()
    if len(words) >= 2:
        return "company" if any(w.casefold() in _ORG_WORDS for w in words) else "person"
    return "other"


def _stopwords(lang: str) -> set[str]:
    try:
        from spacy.util import get_lang_class

        return {w.casefold() for w in get_lang_class(lang).Defaults.stop_words}
    except Exception:  # pragma: no cover - spaCy always has nl and en
        return set()


def suggest_names(
    corpus: Any,
    *,
    key: PrivacyKey | None = None,
    lang: str = "nl",
    model: str | None = None,
    min_count: int = 1,
    exclude: Iterable[str] = (),
    exclude_attributes: bool = True,
) -> pd.DataFrame:
    """Candidate names (persons, organisations, vessels) for the researcher to confirm.

    Rules (always): sequences of capitalised words (with particles such as ``van der``)
    that do not start a sentence or a turn, are not stop words, and are not covered by
    the key yet. With ``model=`` (an installed trained spaCy pipeline with an entity
    recogniser, e.g. ``nl_core_news_sm``), its PER/ORG/LOC entities are added and give
    the kind. Nothing is ever downloaded.

    Parameters
    ----------
    corpus
        The corpus.
    key
        Terms already in the key are not suggested again.
    lang
        Language of the blank pipeline used to find sentence starts.
    model
        Name of an installed trained pipeline, or ``None`` for the rules only.
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
        ``RK577`` when ``model`` is not installed or has no entity recogniser.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> c = Corpus([Transcript("R1", "Ik sprak meneer Kramer. De kotter Zeemeeuw lag er. Kramer zei niets.")])
    >>> suggest_names(c)[["term", "kind", "count"]].values.tolist()
    [['Kramer', 'person', 1], ['Zeemeeuw', 'vessel', 1]]
    """
    from researchkit.nlp import get_pipeline

    ner = None
    if model is not None:
        import spacy.util

        if not (spacy.util.is_package(model) or Path(model).is_dir()):
            raise PrivacyError("RK577", f"the spaCy pipeline {model!r} is not installed",
                               hint="install a trained pipeline in this environment (no downloads happen here), or leave model out")
        ner = get_pipeline(lang, model=model)
        if not ner.has_pipe("ner"):
            raise PrivacyError("RK577", f"the spaCy pipeline {model!r} has no entity recogniser ('ner')",
                               hint="use a trained pipeline with NER, e.g. nl_core_news_sm, or leave model out")
    nlp = get_pipeline(lang)
    stop = _stopwords(lang) | {str(w).casefold() for w in exclude}
    if exclude_attributes:
        attrs = corpus.attributes
        for col in attrs.columns:
            if col in ("interviewer", "interviewers", "name", "naam", "respondent_name"):
                continue  # names of people stay candidates
            for value in attrs[col].dropna().astype(str):
                stop.add(value.strip().casefold())
                stop.update(w.casefold() for w in re.findall(r"[^\W\d_]{3,}", value))
    counts: Counter[str] = Counter()
    docs: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[str, str] = {}
    shortened: dict[str, set[str]] = defaultdict(set)  # "Seaports" <- "Groningen Seaports" at a sentence start

    def note(term: str, kind: str, doc_id: str, text: str, start: int) -> None:
        if key is not None and key.find(term):
            return
        if term.casefold() in stop:
            return
        counts[term] += 1
        docs[term].add(doc_id)
        kinds[term][kind] += 1
        examples.setdefault(term, _context(text, start, start + len(term)))

    for t in corpus:
        spans = [(tu.start, tu.end) for tu in t.turns] or [(0, len(t.text))]
        for s, e in spans:
            segment = t.text[s:e]
            doc = nlp(segment)
            starts = {sent.start_char for sent in doc.sents}
            # text that is already an identifier by pattern (plates, e-mail ...) is no name candidate
            taken = [(p.start, p.end) for p in find_patterns(segment)]
            for m in _SEQ.finditer(segment):
                term = m.group().rstrip(".'’-")
                begin = m.start()
                words = term.split(" ")
                # drop a first word that starts the sentence ("Gisteren Piet Jansen ...")
                if begin in starts or (begin > 0 and re.search(r"[.!?:;\"“‘(]\s*$", segment[max(0, begin - 3) : begin])):
                    if len(words) == 1:
                        continue
                    rest = " ".join(words[1:]).lstrip()
                    while rest.split(" ")[0].lower() in ("van", "de", "der", "den", "het", "ter", "ten", "te"):
                        rest = " ".join(rest.split(" ")[1:])
                    if not rest:
                        continue
                    shortened[rest].add(term)
                    begin += term.index(rest)
                    term = rest
                for part, offset in _split_joined(term):
                    if len(part) < 2 or part.isupper() and len(part) <= 4 or any(ch.isdigit() for ch in part):
                        continue
                    at = begin + offset
                    if any(s_ < at + len(part) and at < e_ for s_, e_ in taken):
                        continue
                    note(part, _guess_kind(segment, begin + offset, part), t.doc_id, segment, begin + offset)
            if ner is not None:
                for ent in ner(segment).ents:
                    kind = _NER_KINDS.get(ent.label_)
                    if kind is None:
                        continue
                    term = ent.text.strip()
                    if term and term not in counts:
                        note(term, kind, t.doc_id, segment, ent.start_char)
                    elif term in counts:
                        kinds[term][kind] += 2  # the model's label outweighs the rules' guess
    # a sequence cut at a sentence start belongs to the full name when that is a candidate too
    for rest, fulls in shortened.items():
        whole = [f for f in sorted(fulls) if f in counts and f != rest]
        if whole and rest in counts:
            counts[whole[0]] += counts.pop(rest)
            docs[whole[0]] |= docs.pop(rest)
            kinds.pop(rest, None)
    rows = []
    for term, n in counts.items():
        if n < min_count:
            continue
        kind = sorted(kinds[term].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        rows.append({"term": term, "kind": kind, "count": n, "documents": ";".join(sorted(docs[term])),
                     "example": examples[term], "confirm": ""})
    frame = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    frame = frame.sort_values(["count", "term"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
    return frame.astype({"count": "int64"})


def write_candidates(candidates: pd.DataFrame, path: str | Path) -> Path:
    """Write suggested names as a UTF-8 CSV to review: mark ``confirm`` with ``ja``/``yes``/``x``.

    Examples
    --------
    >>> import tempfile, os
    >>> frame = pd.DataFrame([{"term": "Kramer", "kind": "person", "count": 2, "documents": "R1", "example": "..", "confirm": ""}])
    >>> p = write_candidates(frame, os.path.join(tempfile.mkdtemp(), "candidates.csv"))
    >>> p.read_text().splitlines()[0]
    'term,kind,count,documents,example,confirm'
    """
    from researchkit.fileio import write_csv

    return write_csv(candidates.reindex(columns=CANDIDATE_COLUMNS), path)


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
        kind = _KIND_ALIASES.get(kind, kind)
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

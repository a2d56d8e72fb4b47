"""An interview form's table flattened into lines: a field's name on one line, its value on the next.

Student theses and project reports put a form above the transcript (*Formulier persoonsgegevens*: ``Naam
geïnterviewde | Nina``, ``Datum interview | 28 november 2012``). Copied out of a PDF or a web page the table's cells
become lines of their own, key and value in turn::

    Naam geïnterviewde
    Nina
    Datum interview
    28 november 2012
    Leeftijd
    23 jaar

No colon says which is which, so no metadata rule read them, and the form's names (the respondent's) were lost to
the rules that find the interviewer. Here a run of at least :data:`MIN_PAIRS` such pairs among the first
:data:`MAX_START` paragraphs gives attributes (``naam_geïnterviewde``, ``datum_interview``, ``leeftijd``), which the
file's own metadata overrides; the lines stay in the text as they are, and a note lists the fields.

A key line is at most :data:`MAX_KEY_WORDS` words without a colon or a sentence end, one of which names a form's
field (:data:`FIELD_WORDS`, the metadata keys of :mod:`researchkit.io.metadata`, or a role word such as
``geïnterviewde``); a value line is at most :data:`MAX_VALUE_WORDS` words, no label with a colon opening it and no sentence end (a speaker's
label alone on a line above the speech, ``Interviewer`` / ``Goedemiddag.``, is no field).

Examples
--------
>>> form_pairs(["Interview 3", "Naam geïnterviewde", "Nina", "Datum interview", "28 november 2012", "Leeftijd", "23 jaar",
...             "Sari: Goedemiddag."])
(1, {'naam_geïnterviewde': 'Nina', 'datum_interview': '28 november 2012', 'leeftijd': '23 jaar'})
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

from researchkit.io.metadata import METADATA_KEYS, normalise_key
from researchkit.io.roles import role_word

if TYPE_CHECKING:
    from researchkit.io.assemble import RawParagraph

__all__ = ["form_pairs", "form_attributes", "FIELD_WORDS", "MIN_PAIRS", "MAX_START", "MAX_KEY_WORDS", "MAX_VALUE_WORDS"]

#: Pairs a run needs, and how far down the file it may start (paragraphs).
MIN_PAIRS, MAX_START = 3, 40
#: Words a key line and a value line have at most.
MAX_KEY_WORDS, MAX_VALUE_WORDS = 4, 8
#: Words that name a form's field besides the metadata keys (nl, en, de, fr, es), lower case.
FIELD_WORDS = frozenset({
    "naam", "name", "nom", "nombre", "pseudoniem", "pseudonym", "pseudonyme", "seudónimo", "leeftijd", "age", "alter",
    "âge", "edad", "geslacht", "gender", "sex", "geschlecht", "sexe", "sexo", "woonplaats", "residence", "wohnort",
    "domicile", "residencia", "beroep", "occupation", "beruf", "profession", "profesión", "opleiding", "education",
    "ausbildung", "formation", "educación", "begintijd", "eindtijd", "starttijd", "aanvang", "einde", "start", "end",
    "beginn", "ende", "début", "fin", "inicio", "interview", "gesprek", "entretien", "entrevista", "nationaliteit",
    "nationality", "land", "country",
})
_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
#: A speaker's label opening the line (``Sari: Ja``): speech, not a value (a time's colon, ``19:48 u``, is fine).
_LABEL_RE = re.compile(r"^[^\W\d_][^:]{0,40}:(?:\s|$)")


def _is_key(line: str) -> bool:
    """A field's name alone on its line: few words, no colon or sentence end, one of them a field word."""
    stripped = line.strip()
    words = _WORD_RE.findall(stripped)
    if not words or len(stripped.split()) > MAX_KEY_WORDS or len(stripped) > 40 or stripped[-1] in ".?!:;," or ":" in stripped:
        return False
    return any(w.casefold() in FIELD_WORDS or w.casefold() in METADATA_KEYS or role_word(w) is not None for w in words)


def _is_value(line: str) -> bool:
    """A field's value on its line: short, not empty, no sentence end (``Goedemiddag.`` below ``Interviewer`` is speech).

    >>> _is_value("28 november 2012"), _is_value("19:48 u"), _is_value("Goedemiddag."), _is_value("Sari: Ja")
    (True, True, False, False)
    """
    stripped = line.strip()
    return (bool(stripped) and len(stripped.split()) <= MAX_VALUE_WORDS and len(stripped) <= 80
            and _LABEL_RE.match(stripped) is None and stripped[-1] not in ".?!…")


def form_pairs(texts: Sequence[str]) -> tuple[int, dict[str, str]] | None:
    """Where the first run of key and value lines starts and the attributes it gives, else ``None``.

    Examples
    --------
    >>> form_pairs(["Datum", "3 mei", "Plaats", "Utrecht"]) is None   # two pairs only
    True
    """
    for start in range(min(MAX_START, len(texts))):
        attributes: dict[str, str] = {}
        i = start
        while i + 1 < len(texts) and _is_key(texts[i]) and _is_value(texts[i + 1]):
            key = normalise_key(" ".join(texts[i].split()))
            if key in attributes:
                break
            attributes[key] = " ".join(texts[i + 1].split())
            i += 2
        if len(attributes) >= MIN_PAIRS:
            return start, attributes
    return None


def form_attributes(cleaned: Sequence[tuple[str, "RawParagraph", int]], notes: list[str], attributes: dict) -> None:
    """Add the attributes of a flattened form at the top (:func:`form_pairs`) that the file did not give, with a note.

    Examples
    --------
    >>> from researchkit.io.assemble import RawParagraph
    >>> texts = ["Naam geïnterviewde", "Nina", "Datum interview", "28 november 2012", "Leeftijd", "23 jaar", "Sari: Dag."]
    >>> notes, attributes = [], {"leeftijd": "24"}
    >>> form_attributes([(t, RawParagraph(t, f"line {i + 1}"), 0) for i, t in enumerate(texts)], notes, attributes)
    >>> attributes
    {'leeftijd': '24', 'naam_geïnterviewde': 'Nina', 'datum_interview': '28 november 2012'}
    """
    usable = [(text, p) for text, p, _ in cleaned if p.speaker is None and p.label is None and not p.furniture]
    found = form_pairs([text for text, _ in usable[:MAX_START + 2 * 50]])
    if found is None:
        return
    start, pairs = found
    for key, value in pairs.items():
        attributes.setdefault(key, value)
    shown = ", ".join(f"{k!r}" for k in pairs)
    notes.append(f"{len(pairs)} field(s) of a form flattened into lines, its name on one and its value on the next (from "
                 f"{usable[start][1].location}), read as attributes the file did not give otherwise: {shown}; the lines "
                 "stay in the text")

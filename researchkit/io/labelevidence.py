"""Why a label may name a speaker: the evidence :func:`label_evidence` weighs (a known role or generic
word, a participant code, a name, a name with a description).

The speaker grammar (:mod:`researchkit.io.speakers`) finds where a label stands; this module says
whether what stands there is a speaker's label, and how sure that is: ``"known"`` (a role word, a
generic speaker, a name written with its role or a description), ``"code"`` (``E2``, ``P14``),
``"name"`` (capitalised words, which need to be used twice) or ``""``.

Examples
--------
>>> label_evidence("Interviewer", {}, None), label_evidence("E2", {}, None), label_evidence("Anna de Vries", {}, None)
('known', 'code', 'name')
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Mapping

from researchkit.io.roles import (
    ASKER_ROLE_WORDS, DEFAULT_ROLE_LABELS, GENERIC_SPEAKER_LABELS, PARTICIPANT_CODE_RE, base_label, name_and_role, normalise_label,
)
from researchkit.personnames import PARTICLES, is_function_word, is_title
from researchkit.transcripts import is_generic_speaker

__all__ = ["label_evidence", "DIARIZER_ID_RE"]

#: A diarizer's speaker id (``F_S12``, ``M_S3``): a known speaker label.
DIARIZER_ID_RE = re.compile(r"^[FMU]_S\d{1,3}$")
#: Surname particles (and the conjunctions of two names in one label: ``Jan en Piet``), as :mod:`researchkit.personnames`.
#: Titles and functions written in lower case inside a name label, as Dutch transcripts write them
#: (``De heer Van der Berg``, ``dhr. Jansen``, ``mevrouw De Vries``, ``mr. Van Dam``, ``Wnd. havenmeester``,
#: ``Officier van justitie``): skipped like a particle, so a capitalised word decides
#: (:func:`researchkit.personnames.is_title`, :func:`~researchkit.personnames.is_function_word`).
_NAME_PARTICLES = PARTICLES | {"of", "and", "en"}


def _is_generic(label: str) -> bool:
    """``Speaker 1``, ``Unknown Speaker``, ``Spreker 2``, AssemblyAI's ``Speaker A``: generic words, numbers, single letters."""
    return is_generic_speaker(base_label(label))


def _looks_like_name(label: str, max_words: int = 5) -> bool:
    words = base_label(label).replace("-", " ").split()
    if words and words[-1].isdigit():  # "Respondent 3", "Company 1"
        words = words[:-1]
    if not 1 <= len(words) <= max_words:
        return False
    capitalised = 0
    for word in words:
        bare = word.strip(".,'‘’()“”„«»\"")  # a nickname in brackets or quotes: Elizabeth (Jake) Feinler, Andrew ‘Boz’ Bosworth
        if not bare:
            return False
        particle = word.lower().replace("’", "'").strip(",")
        if len(bare) >= 2 and bare.isalpha() and bare.isupper():
            capitalised += 1  # initials in capitals ("EN", "DE": Entrevistadora N., D. E.), not the particle "en", "de"
            continue
        if bare.lower() in _NAME_PARTICLES or particle in _NAME_PARTICLES or (
                bare[0].islower() and (is_title(bare) or is_function_word(bare))):
            continue
        if bare[0].isupper() and not any(ch.isdigit() for ch in bare):
            capitalised += 1
            continue
        return False
    return capitalised >= 1


def label_evidence(label: str, lookup: Mapping[str, str], known: Mapping[str, str] | None, max_words: int = 5) -> str:
    """Why ``label`` may be a speaker: ``"known"``, ``"code"``, ``"name"`` or ``""`` (not a label).

    Examples
    --------
    >>> label_evidence("Unknown Speaker", {}, None), label_evidence("Ashlee Kupor (SL)", {}, None)
    ('known', 'name')

    A name written with its role word is a label even when used once:

    >>> label_evidence("Jan de Vries – interviewer", {}, None), label_evidence("Sandra Salinas, Entrevistadora", {}, None)
    ('known', 'known')
    """
    if not lookup and not known:  # no map of the user's: the answer depends on the label alone
        return _evidence_by_label(label, max_words)
    return _label_evidence(label, lookup, known, max_words)


@lru_cache(maxsize=4096)  # a file's few labels, at every paragraph
def _evidence_by_label(label: str, max_words: int) -> str:
    return _label_evidence(label, {}, None, max_words)


def _label_evidence(label: str, lookup: Mapping[str, str], known: Mapping[str, str] | None, max_words: int) -> str:
    key = normalise_label(base_label(label))
    if (
        key in lookup or key in DEFAULT_ROLE_LABELS or key in ASKER_ROLE_WORDS or label in (known or {})
        or normalise_label(label) in lookup or key in GENERIC_SPEAKER_LABELS or _is_generic(label)
        or DIARIZER_ID_RE.match(label)
    ):
        return "known"
    written = name_and_role(label)
    if written is not None and _looks_like_name(written[0], 4):
        return "known"
    if _name_with_description(label):
        return "known"
    if PARTICIPANT_CODE_RE.match(label) or PARTICIPANT_CODE_RE.match(base_label(label)):
        return "code"  # "E2", and "E2 (probe)": a participant code with a note in round brackets
    return "name" if _looks_like_name(label, max_words) else ""


def _name_with_description(label: str) -> bool:
    """A full name, a comma and what the person is, as a label that introduces someone: ``Fabiola Pineda,
    Administradora de A255``, ``Indira Gutiérrez, inquilina del coworking A255`` (later labelled by initials).

    Examples
    --------
    >>> _name_with_description("Fabiola Pineda, Administradora de A255"), _name_with_description("Juan, mi hermano")
    (True, False)
    >>> _name_with_description("Ana Ruiz, que vino ayer y se fue. Luego"), _name_with_description("Ana Ruiz")
    (False, False)
    >>> _name_with_description("Henk Zijlstra\tNee. Ja, misschien dit"), _name_with_description("Ja. Nee, zeker niet")
    (False, False)
    """
    head, comma, tail = label.partition(", ")
    words = tail.split()
    if "\t" in label or any(len(w) > 2 and w[-1] in ".?!" for w in head.split()):
        return False  # "Henk Zijlstra\tNee. Ja, misschien dit": a tab-separated label and a sentence, not a name
    return (bool(comma) and 2 <= len(head.split()) <= 4 and _looks_like_name(head, 4) and 1 <= len(words) <= 6
            and tail[:1].isalpha() and not any(ch in tail for ch in ".?!,;\"“”"))

"""Detection: key terms and identifier patterns in texts and corpora, and name suggestions.

* :func:`find_identifiers` — every identifier in one text: key terms
  (:meth:`PrivacyKey.find`) and patterns (:func:`~researchkit.privacy.patterns.find_patterns`),
  longest first, no overlaps.
* :func:`pseudonymise_text` — the text with each identifier replaced (key terms by their
  pseudonym, pattern hits by ``[TELEFOON]``, ``[KENTEKEN]`` ...).
* :func:`scan` — a table of every identifier in a corpus, for review.

Name suggestions (:func:`suggest_names`, :func:`confirm_candidates`) live in
:mod:`.suggest` (a higher layer: it uses this module).

Examples
--------
>>> from researchkit.privacy.key import KeyEntry, PrivacyKey
>>> key = PrivacyKey([KeyEntry("Piet Jansen", pseudonym="[PERSOON-1]")])
>>> pseudonymise_text("Jansen belt 06-12345678.", key)
'[PERSOON-1] belt [TELEFOON].'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import pandas as pd

from researchkit.privacy.entry import PLACEHOLDER_RE
from researchkit.privacy.key import PrivacyKey
from researchkit.privacy.patterns import PATTERN_TOKENS, find_patterns, inside_spans, resolve_kinds, select_non_overlapping

__all__ = [
    "Identifier",
    "find_identifiers",
    "pseudonymise_text",
    "scan",
    "SCAN_COLUMNS",
]

SCAN_COLUMNS = ["doc_id", "start", "end", "kind", "source", "term", "pseudonym", "text", "context"]


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
    regions: Sequence[str] | str | None = None,
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
    regions
        Where numbers without a country code are read and whose kinds ``all`` adds
        (default ``("NL",)``; see :func:`~researchkit.privacy.patterns.resolve_kinds`).

    Examples
    --------
    >>> [(i.kind, i.text) for i in find_identifiers("Mail p.jansen@haven.nl of bel +31 6 12345678")]
    [('email', 'p.jansen@haven.nl'), ('phone', '+31 6 12345678')]
    >>> [(i.kind, i.text) for i in find_identifiers("Call 212-555-0199, SSN 123-45-6789.", regions=("NL", "US"))]
    [('phone', '212-555-0199'), ('us_ssn', '123-45-6789')]
    """
    hits: list[Identifier] = []
    if key is not None and len(key):
        for m in key.find(text):
            hits.append(Identifier(m.start, m.end, m.text, m.kind, "key", m.term, m.pseudonym + m.suffix))
    for p in find_patterns(text, kinds=resolve_kinds(kinds, regions)):
        hits.append(Identifier(p.start, p.end, p.text, p.kind, "pattern", p.text, PATTERN_TOKENS[p.kind]))
    if not hits:
        return hits
    if "[" in text:
        spans = [(m.start(), m.end()) for m in PLACEHOLDER_RE.finditer(text)]
        hits = inside_spans(hits, spans, span=lambda h: (h.start, h.end))
    hits.sort(key=lambda h: (-(h.end - h.start), h.source != "key", h.start))
    return select_non_overlapping(hits, span=lambda h: (h.start, h.end))


def pseudonymise_text(text: str, key: PrivacyKey | None = None, *, kinds: Sequence[str] | str | None = None,
                      regions: Sequence[str] | str | None = None) -> str:
    """``text`` with every identifier replaced (see :func:`find_identifiers`).

    Examples
    --------
    >>> pseudonymise_text("Kenteken 12-ABC-3, postcode 9712 CP.")
    'Kenteken [KENTEKEN], postcode [POSTCODE].'
    >>> pseudonymise_text("Office SW1A 1AA, NI number AB 12 34 56 C.", regions="GB")
    'Office [POSTCODE], NI number [NI-NUMMER].'
    """
    parts, pos = [], 0
    for h in find_identifiers(text, key, kinds=kinds, regions=regions):
        parts.append(text[pos : h.start])
        parts.append(h.replacement)
        pos = h.end
    parts.append(text[pos:])
    return "".join(parts)


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return " ".join(f"{left}«{text[start:end]}»{right}".split())


def scan(corpus: Any, key: PrivacyKey | None = None, *, kinds: Sequence[str] | str | None = None,
         regions: Sequence[str] | str | None = None) -> pd.DataFrame:
    """Every identifier in every document of a corpus, for the researcher to review.

    Returns
    -------
    pandas.DataFrame
        :data:`SCAN_COLUMNS`: ``doc_id, start, end, kind, source, term, pseudonym, text,
        context`` (40 characters either side). The table holds the identifiers
        themselves: treat it as confidential, like the key. ``kinds`` and ``regions`` as
        in :func:`find_identifiers`.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> scan(Corpus([Transcript("R1", "Bel 06-12345678.")]))[["doc_id", "kind", "text"]].values.tolist()
    [['R1', 'phone', '06-12345678']]
    """
    rows = []
    kinds = resolve_kinds(kinds, regions)
    for t in corpus:
        for h in find_identifiers(t.text, key, kinds=kinds):
            rows.append({"doc_id": t.doc_id, "start": h.start, "end": h.end, "kind": h.kind, "source": h.source,
                         "term": h.term, "pseudonym": h.replacement, "text": h.text,
                         "context": _context(t.text, h.start, h.end)})
    frame = pd.DataFrame(rows, columns=SCAN_COLUMNS)
    return frame.astype({"start": "int64", "end": "int64"})


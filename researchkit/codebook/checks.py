"""Warnings about auto-coding rules that can never match (``RK214``).

Examples
--------
>>> from researchkit.codebook import Codebook
>>> rule_warnings(Codebook.from_dict({"codes": [{"id": "A", "name": "a", "keywords": ["haven"]}]}))
[]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from researchkit.codebook.model import NEEDS_TRAINED, Code

if TYPE_CHECKING:  # pragma: no cover
    from researchkit.codebook.book import Codebook

__all__ = ["rule_warnings"]


def rule_warnings(codebook: "Codebook", nlp: Any = None) -> list[str]:
    """The warnings of :meth:`Codebook.check_rules <researchkit.codebook.Codebook.check_rules>`."""
    if nlp is None:
        from researchkit.nlp import get_pipeline

        nlp = get_pipeline(codebook.language)
    trained = any(name in nlp.pipe_names for name in ("tagger", "morphologizer", "parser", "ner"))
    out: list[str] = []
    for code in codebook.walk():
        out.extend(_code_warnings(code, nlp, trained, codebook.language))
    return out


def _code_warnings(code: Code, nlp: Any, trained: bool, language: str) -> list[str]:
    warnings_: list[str] = []
    r = code.rules
    terms: list[tuple[str, str]] = [("keyword", k) for k in r.keywords]
    terms += [("exclude_keywords term", k) for k in r.exclude_keywords]
    terms += [("proximity term", t) for p in r.proximity for t in p.terms]
    for kind, term in terms:
        words = [t for t in nlp.make_doc(term.replace("*", "")) if not (t.is_punct or t.is_space)]
        if not words:
            warnings_.append(f"[RK214] code {code.id}: {kind} {term!r} has no word in it "
                             "(only punctuation or spaces), so it can never match")
    for i, pat in enumerate(r.patterns):
        needs = sorted({k.upper() for tok in pat for k in tok if k.upper() in NEEDS_TRAINED})
        if needs and not trained:
            warnings_.append(
                f"[RK214] code {code.id}: patterns[{i}] uses {', '.join(needs)}, which the blank "
                f"{language!r} pipeline does not set, so it can never match; use LEMMA/LOWER, or a trained pipeline"
            )
    overlap = sorted(set(k.lower() for k in r.keywords) & set(k.lower() for k in r.exclude_keywords))
    if overlap:
        warnings_.append(f"[RK214] code {code.id}: {', '.join(overlap)} is both a keyword and an "
                         "exclude_keywords term, so it can never code a unit")
    if r.negation is not None and not r.negation.cues:
        warnings_.append(f"[RK214] code {code.id}: negation is on but there are no cue words for "
                         f"language {language!r}; give negation: {{cues: [...]}}")
    return warnings_

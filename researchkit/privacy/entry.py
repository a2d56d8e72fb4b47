"""Key entries: the kinds, one entry (:class:`KeyEntry`), one match (:class:`KeyMatch`) and their checks.

The data layer of the pseudonymisation key; :mod:`.key` builds on it.

Examples
--------
>>> KeyEntry("Zeester", kind="schip").kind
'vessel'
>>> [e.pseudonym for e in assign([KeyEntry("A B"), KeyEntry("C D", pseudonym="[PERSOON-4]")])]
['[PERSOON-5]', '[PERSOON-4]']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Mapping, Sequence

from researchkit.errors import PrivacyError

__all__ = ["KEY_KINDS", "KIND_PREFIXES", "KIND_ALIASES", "PLACEHOLDER_RE", "KeyEntry", "KeyMatch", "assign",
           "as_entry", "entry_problems", "FIELDS"]

#: Kinds of key entries.
KEY_KINDS: tuple[str, ...] = ("person", "company", "vessel", "place", "other")
#: Pseudonym prefix per kind: ``[PERSOON-1]`` ...
KIND_PREFIXES: dict[str, str] = {"person": "PERSOON", "company": "BEDRIJF", "vessel": "SCHIP", "place": "PLAATS",
                                 "other": "OVERIG"}
KIND_ALIASES = {
    "persoon": "person", "name": "person", "naam": "person", "organisation": "company", "organization": "company",
    "org": "company", "bedrijf": "company", "organisatie": "company", "firm": "company", "ship": "vessel",
    "schip": "vessel", "boat": "vessel", "boot": "vessel", "plaats": "place", "location": "place", "locatie": "place",
    "overig": "other", "misc": "other",
}
_CASES = ("auto", "sensitive", "insensitive")
#: Placeholder tokens (``[PERSOON-1]``, ``[naam]``, ``[naam bedrijf]``, ``[TELEFOON]``): never identifiers.
PLACEHOLDER_RE = re.compile(r"\[[^\[\]\n]{1,40}\]")


@dataclass(frozen=True)
class KeyEntry:
    """One term to hide.

    Attributes
    ----------
    term
        The name as usually written (``Piet de Boer``).
    kind
        ``person``, ``company``, ``vessel``, ``place`` or ``other``.
    variants
        Other spellings (``P. de Boer``, ``Pietje``); inflections are matched anyway.
    pseudonym
        What replaces it; ``None`` until assigned.
    case
        ``auto``, ``sensitive`` or ``insensitive`` (see the module notes).
    parts
        For persons: also match the first name / surname alone (default ``True``);
        ignored for other kinds unless set to ``True``.
    note
        Free text for the researcher (never used in matching).

    Examples
    --------
    >>> KeyEntry("Zeester", kind="schip").kind
    'vessel'
    """

    term: str
    kind: str = "person"
    variants: tuple[str, ...] = ()
    pseudonym: str | None = None
    case: str = "auto"
    parts: bool | None = None
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "term", " ".join(str(self.term).split()))
        kind = str(self.kind).strip().lower()
        object.__setattr__(self, "kind", KIND_ALIASES.get(kind, kind))
        if isinstance(self.variants, str):
            object.__setattr__(self, "variants", tuple(v for v in re.split(r"[;|]", self.variants)))
        cleaned = tuple(dict.fromkeys(" ".join(str(v).split()) for v in self.variants if str(v).strip()))
        object.__setattr__(self, "variants", tuple(v for v in cleaned if v != self.term))
        if self.pseudonym is not None:
            p = " ".join(str(self.pseudonym).split())
            object.__setattr__(self, "pseudonym", p or None)
        object.__setattr__(self, "case", str(self.case or "auto").strip().lower())

    @property
    def match_parts(self) -> bool:
        """Whether the parts of the name are matched on their own."""
        return self.kind == "person" if self.parts is None else bool(self.parts)

    def as_dict(self) -> dict[str, Any]:
        """The entry as plain data (defaults left out), as written to the key file."""
        out: dict[str, Any] = {"term": self.term, "kind": self.kind}
        if self.variants:
            out["variants"] = list(self.variants)
        out["pseudonym"] = self.pseudonym
        if self.case != "auto":
            out["case"] = self.case
        if self.parts is not None:
            out["parts"] = bool(self.parts)
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class KeyMatch:
    """A key term found in a text: ``text[start:end]`` is ``text``.

    Attributes
    ----------
    start, end, text
        Where and what (including an inflection such as ``'s``).
    term, kind, pseudonym
        The key entry's term and kind, and the pseudonym that replaces the match.
    form
        The form of the term that matched (the term, a variant or a part).
    suffix
        The inflection or possessive matched after the form (``s``, ``'s``, ``'``).
    """

    start: int
    end: int
    text: str
    term: str
    kind: str
    pseudonym: str
    form: str
    suffix: str = ""



def assign(entries: Sequence[KeyEntry]) -> tuple[KeyEntry, ...]:
    """Give every entry without a pseudonym the next ``[PREFIX-n]`` of its kind, in order."""
    highest: dict[str, int] = {}
    for e in entries:
        m = re.fullmatch(r"\[([A-Z]+)-(\d+)\]", e.pseudonym or "")
        if m:
            highest[m.group(1)] = max(highest.get(m.group(1), 0), int(m.group(2)))
    out = []
    for e in entries:
        if not e.pseudonym:
            prefix = KIND_PREFIXES.get(e.kind, "OVERIG")
            highest[prefix] = highest.get(prefix, 0) + 1
            e = replace(e, pseudonym=f"[{prefix}-{highest[prefix]}]")
        out.append(e)
    return tuple(out)


def entry_problems(e: KeyEntry, where: str) -> list[str]:
    problems = []
    label = f"{where} ({e.term!r})" if e.term else where
    if not e.term or not any(ch.isalnum() for ch in e.term):
        problems.append(f"{where}: the term is empty or has no letters ({e.term!r})")
    if e.kind not in KEY_KINDS:
        problems.append(f"{label}: kind {e.kind!r} is not one of {', '.join(KEY_KINDS)}")
    if e.case not in _CASES:
        problems.append(f"{label}: case {e.case!r} is not one of {', '.join(_CASES)}")
    for v in e.variants:
        if not any(ch.isalnum() for ch in v):
            problems.append(f"{label}: variant {v!r} has no letters")
    if e.pseudonym is not None and "\n" in e.pseudonym:
        problems.append(f"{label}: the pseudonym spans lines")
    if e.parts is not None and not isinstance(e.parts, bool):
        problems.append(f"{label}: parts must be true or false, got {e.parts!r}")
    return problems


FIELDS = ("term", "kind", "variants", "pseudonym", "case", "parts", "note")


def as_entry(value: KeyEntry | Mapping[str, Any], where: str) -> KeyEntry:
    if isinstance(value, KeyEntry):
        return value
    if not isinstance(value, Mapping):
        raise PrivacyError("RK573", f"{where}: an entry must be a mapping with at least 'term', got {value!r}",
                           hint="write entries as '- term: Piet de Boer' with 'kind:' etc. below")
    unknown = [k for k in value if k not in FIELDS and k != "__line__"]
    if unknown:
        raise PrivacyError("RK573", f"{where}: unknown field(s) {', '.join(map(repr, unknown))}",
                           hint=f"the fields of an entry are {', '.join(FIELDS)}")
    if "term" not in value or value["term"] is None:
        raise PrivacyError("RK573", f"{where}: no 'term'", hint="give every entry the name or word to hide as 'term'")
    variants = value.get("variants") or ()
    if isinstance(variants, str):
        variants = tuple(v for v in re.split(r"[;|]", variants))
    elif not isinstance(variants, (list, tuple)):
        raise PrivacyError("RK573", f"{where}: variants must be a list, got {variants!r}",
                           hint="write variants: [P. de Boer, Pietje]")
    parts = value.get("parts")
    if isinstance(parts, str):
        low = parts.strip().lower()
        parts = None if low == "" else low in ("true", "yes", "ja", "1")
        if low not in ("", "true", "false", "yes", "no", "ja", "nee", "1", "0"):
            raise PrivacyError("RK573", f"{where}: parts must be true or false, got {value.get('parts')!r}",
                               hint="write parts: false (or leave it out)")
    pseudonym = value.get("pseudonym")
    return KeyEntry(
        term=str(value["term"]),
        kind=str(value.get("kind") or "person"),
        variants=tuple(str(v) for v in variants),
        pseudonym=None if pseudonym is None or str(pseudonym).strip() == "" else str(pseudonym),
        case=str(value.get("case") or "auto"),
        parts=parts,
        note=str(value.get("note") or ""),
    )


"""The pseudonymisation key: who and what to hide, and by which pseudonym.

A key is a small, human-editable file kept **outside** the project and its exports
(``privacy-key.yaml``, or a CSV with the same columns). Each entry has a ``term``
(``Piet de Boer``, ``Visserij Jansen BV``, ``Zeester``), a ``kind`` (``person``,
``company``, ``vessel``, ``place``, ``other``), optional spelling ``variants``, and a
``pseudonym``: given by the user, or assigned as ``[PERSOON-1]``, ``[BEDRIJF-2]``,
``[SCHIP-1]`` ... in file order, after the highest number already in use, and then
stored (:meth:`PrivacyKey.save`) so that numbers never change when entries are added.

Matching (:meth:`PrivacyKey.find`) follows how names are written:

* whole words only; longest match first; no overlaps;
* Dutch inflections and possessives after the last word: ``Jansens``, ``Jansen's``,
  ``Jansen’s``, ``Klaas'``;
* surname particles (``van``, ``de``, ``der`` ...) match in any case, so ``De Boer``
  matches ``de Boer`` but never ``de boer`` (the farmer);
* ``case: auto`` (default): a term written with a capital matches as written or in
  capitals (``ZEESTER``); a term written all in lower case matches in any case.
  ``sensitive`` / ``insensitive`` force either;
* a person's name also matches its parts (``Piet de Boer`` -> ``Piet``, ``De Boer``,
  ``Boer``) unless ``parts: false``; a part shared by two people becomes the
  kind's bare token (``[PERSOON]``) instead of either person's pseudonym.

The key's :attr:`~PrivacyKey.checksum` (sha256 of a canonical serialisation of the
entries with their pseudonyms) ties a report to the key version that produced it.

Examples
--------
>>> key = PrivacyKey([KeyEntry("Piet de Boer"), KeyEntry("Zeester", kind="vessel")])
>>> [e.pseudonym for e in key.assigned().entries]
['[PERSOON-1]', '[SCHIP-1]']
>>> [(m.text, m.pseudonym) for m in key.find("De Boer belde; de boer niet. De ZEESTER lag bij Boers schuur.")]
[('De Boer', '[PERSOON-1]'), ('ZEESTER', '[SCHIP-1]'), ('Boers', '[PERSOON-1]')]
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

import yaml

from researchkit.yamlsafe import safe_load

from researchkit.errors import PrivacyError, yaml_problem
from researchkit.privacy.names import name_parts

__all__ = [
    "KEY_KINDS",
    "KIND_PREFIXES",
    "KeyEntry",
    "KeyMatch",
    "PrivacyKey",
    "read_key",
    "PLACEHOLDER_RE",
]

#: Kinds of key entries.
KEY_KINDS: tuple[str, ...] = ("person", "company", "vessel", "place", "other")
#: Pseudonym prefix per kind: ``[PERSOON-1]`` ...
KIND_PREFIXES: dict[str, str] = {"person": "PERSOON", "company": "BEDRIJF", "vessel": "SCHIP", "place": "PLAATS",
                                 "other": "OVERIG"}
_KIND_ALIASES = {
    "persoon": "person", "name": "person", "naam": "person", "organisation": "company", "organization": "company",
    "org": "company", "bedrijf": "company", "organisatie": "company", "firm": "company", "ship": "vessel",
    "schip": "vessel", "boat": "vessel", "boot": "vessel", "plaats": "place", "location": "place", "locatie": "place",
    "overig": "other", "misc": "other",
}
_CASES = ("auto", "sensitive", "insensitive")
_PARTICLES = {
    "van", "de", "der", "den", "het", "ter", "ten", "te", "la", "le", "du", "da", "di", "von", "vd", "v.d.", "'t",
    "in", "op", "y", "el", "al", "bin", "mc", "mac", "zu", "dos", "das", "del",
}
_SUFFIX = r"(?:['’]s|['’]|s)?"
_WORD_RE = re.compile(r"\w+")
#: Placeholder tokens (``[PERSOON-1]``, ``[naam]``, ``[naam bedrijf]``, ``[TELEFOON]``): never identifiers.
PLACEHOLDER_RE = re.compile(r"\[[^\[\]\n]{1,40}\]")
_VERSION = 1
_HEADER = """\
# researchkit privacy key (pseudonymisation key) -- CONFIDENTIAL.
# Keep this file OUTSIDE the project folder and never share it with the outputs.
# Entries: term, kind (person | company | vessel | place | other), variants, pseudonym,
# optional case (auto | sensitive | insensitive), parts (false: do not match a person's
# first name or surname alone) and note. Pseudonyms left out are assigned as [PERSOON-1] ...
# and written back, so that numbers stay stable when entries are added.
"""


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
        object.__setattr__(self, "kind", _KIND_ALIASES.get(kind, kind))
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


@dataclass
class _Form:
    form: str
    entry: int
    pseudonym: str
    case: str
    explicit: bool


def _word_pattern(word: str, case: str) -> str:
    escaped = re.escape(word)
    if word.lower() in _PARTICLES or case == "insensitive":
        return f"(?i:{escaped})"
    return escaped


def _form_pattern(form: str, case: str) -> str:
    words = form.split(" ")
    body = r"\s+".join(_word_pattern(w, case) for w in words)
    last = words[-1]
    suffix = _SUFFIX if last.lower() not in _PARTICLES and last[-1:].isalnum() else ""
    return f"(?P<form>{body})(?P<suffix>{suffix})(?!\\w)" if suffix else f"(?P<form>{body})(?P<suffix>)(?!\\w)"


def _name_parts(term: str) -> list[str]:
    """Parts of a person's name (none for a one-word term), with this module's particles."""
    return name_parts(term, particles=_PARTICLES) if len(term.split(" ")) >= 2 else []


class PrivacyKey:
    """A pseudonymisation key: entries, pseudonyms, matching and the checksum.

    Parameters
    ----------
    entries
        :class:`KeyEntry` objects (or mappings with the same fields).
    path
        The file it was read from (used by :meth:`save` without a path).

    Raises
    ------
    PrivacyError
        ``RK573`` for a malformed entry, ``RK574`` for conflicting entries (every problem
        is listed at once).

    Examples
    --------
    >>> key = PrivacyKey([{"term": "Jan Jansen", "pseudonym": "Pieter"}])
    >>> key.pseudonymise("Jansens boot en Jan zelf")
    'Pieters boot en Pieter zelf'
    >>> len(key.checksum), key.short_checksum == key.checksum[:12]
    (64, True)
    """

    def __init__(self, entries: Iterable[KeyEntry | Mapping[str, Any]] = (), *, path: str | Path | None = None) -> None:
        items = list(entries)
        self._setup([_as_entry(e, f"entry {i + 1}") for i, e in enumerate(items)],
                    [f"entry {i + 1}" for i in range(len(items))], path)

    def _setup(self, entries: list[KeyEntry], wheres: list[str], path: str | Path | None) -> None:
        self.path: Path | None = Path(path) if path is not None else None
        self._entries: list[KeyEntry] = entries
        self._where: list[str] = wheres  # where each entry came from (file line/row), for messages
        self._reset()
        self._validate()

    def _reset(self) -> None:
        self._resolved_cache: tuple[KeyEntry, ...] | None = None
        self._compiled: dict[str, list[tuple[re.Pattern[str], _Form, int]]] | None = None

    def _resolved(self) -> tuple[KeyEntry, ...]:
        """The entries with every pseudonym assigned (cached)."""
        if self._resolved_cache is None:
            self._resolved_cache = _assign(self._entries)
        return self._resolved_cache

    # -- plain data -------------------------------------------------------------------

    @property
    def entries(self) -> tuple[KeyEntry, ...]:
        """The entries, in file order."""
        return tuple(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[KeyEntry]:
        return iter(self._entries)

    def __repr__(self) -> str:
        where = f", path={str(self.path)!r}" if self.path else ""
        return f"PrivacyKey({len(self)} entries, checksum {self.short_checksum}{where})"

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and any(e.term == " ".join(term.split()) for e in self._entries)

    @property
    def unassigned(self) -> list[str]:
        """Terms that have no stored pseudonym yet (they get one in :meth:`assigned`)."""
        return [e.term for e in self._entries if not e.pseudonym]

    def assigned(self) -> "PrivacyKey":
        """A copy in which every entry has a pseudonym.

        Numbers continue after the highest ``[PREFIX-n]`` already in the key, in file
        order, so stored pseudonyms never change.

        Examples
        --------
        >>> k = PrivacyKey([KeyEntry("A B"), KeyEntry("C D", pseudonym="[PERSOON-4]")]).assigned()
        >>> [e.pseudonym for e in k]
        ['[PERSOON-5]', '[PERSOON-4]']
        """
        return PrivacyKey(self._resolved(), path=self.path)

    def add(
        self,
        term: str,
        *,
        kind: str = "person",
        variants: Sequence[str] = (),
        pseudonym: str | None = None,
        case: str = "auto",
        parts: bool | None = None,
        note: str = "",
    ) -> KeyEntry:
        """Add an entry (pseudonym assigned at once, after the highest in use) and return it.

        Entries still without a pseudonym get theirs first, in file order.

        Raises
        ------
        PrivacyError
            ``RK574`` when the term is already in the key, ``RK573`` for a bad kind.

        Examples
        --------
        >>> key = PrivacyKey([KeyEntry("Jan Smit", pseudonym="[PERSOON-3]")])
        >>> key.add("Zeester", kind="vessel").pseudonym, key.add("Els Bos").pseudonym
        ('[SCHIP-1]', '[PERSOON-4]')
        """
        entry = _as_entry(KeyEntry(term, kind=kind, variants=tuple(variants), pseudonym=pseudonym, case=case,
                                   parts=parts, note=note), f"new entry {term!r}")
        if entry.term in self:
            raise PrivacyError("RK574", f"{self._label()}: {entry.term!r} is already in the key",
                               hint="edit the existing entry (add a variant) instead of adding it twice")
        old, old_where = list(self._entries), list(self._where)
        self._entries.append(entry)
        self._where.append(f"new entry {entry.term!r}")
        self._reset()
        try:
            if entry.pseudonym is None:  # every pending entry gets its pseudonym, in file order
                self._entries = list(self._resolved())
                self._reset()
            self._validate()
        except PrivacyError:
            self._entries, self._where = old, old_where
            self._reset()
            raise
        return self._entries[-1]

    # -- checksum ------------------------------------------------------------------------

    def canonical(self) -> str:
        """The canonical serialisation the checksum is computed over (JSON, sorted).

        Unassigned pseudonyms are included as they will be assigned, so the checksum
        always describes what the key does.
        """
        data = sorted((e.as_dict() for e in self._resolved()),
                      key=lambda d: (d["term"], d["kind"], d.get("pseudonym") or ""))
        return json.dumps({"researchkit_privacy_key": _VERSION, "entries": data}, ensure_ascii=False, sort_keys=True,
                          separators=(",", ":"))

    @property
    def checksum(self) -> str:
        """sha256 (hex) of :meth:`canonical`: names the key version behind a report."""
        return hashlib.sha256(self.canonical().encode("utf-8")).hexdigest()

    @property
    def short_checksum(self) -> str:
        """The first 12 hex digits of :attr:`checksum`, as shown in reports."""
        return self.checksum[:12]

    # -- saving ----------------------------------------------------------------------------

    def dumps(self, *, fmt: str = "yaml") -> str:
        """The key as YAML (with a header comment) or CSV text.

        Examples
        --------
        >>> print(PrivacyKey([KeyEntry("Zeester", kind="vessel", pseudonym="[SCHIP-1]")]).dumps(fmt="csv"), end="")
        term,kind,variants,pseudonym,case,parts,note
        Zeester,vessel,,[SCHIP-1],auto,,
        """
        if fmt == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(["term", "kind", "variants", "pseudonym", "case", "parts", "note"])
            for e in self._entries:
                writer.writerow([e.term, e.kind, "; ".join(e.variants), e.pseudonym or "", e.case,
                                 "" if e.parts is None else str(bool(e.parts)).lower(), e.note])
            return buffer.getvalue()
        if fmt != "yaml":
            raise PrivacyError("RK579", f"unknown key format {fmt!r}", hint="use 'yaml' or 'csv'")
        body = yaml.safe_dump({"researchkit_privacy_key": _VERSION, "entries": [e.as_dict() for e in self._entries]},
                              allow_unicode=True, sort_keys=False, width=100)
        return _HEADER + body

    def save(self, path: str | Path | None = None) -> Path:
        """Write the key atomically (YAML, or CSV for a ``.csv`` path); returns the path.

        Raises
        ------
        PrivacyError
            ``RK579`` when no path is known.

        Examples
        --------
        >>> import tempfile, os
        >>> p = os.path.join(tempfile.mkdtemp(), "key.yaml")
        >>> key = PrivacyKey([KeyEntry("Zeester", kind="vessel")]).assigned()
        >>> read_key(key.save(p)).checksum == key.checksum
        True
        """
        from researchkit.fileio import atomic_write

        target = Path(path) if path is not None else self.path
        if target is None:
            raise PrivacyError("RK579", "the key has no file to save to", hint="pass a path, e.g. key.save('privacy-key.yaml')")
        fmt = "csv" if target.suffix.lower() == ".csv" else "yaml"
        atomic_write(target, self.dumps(fmt=fmt))
        self.path = target
        return target

    # -- matching --------------------------------------------------------------------------

    def _label(self) -> str:
        return str(self.path) if self.path else "privacy key"

    def _forms(self) -> list[_Form]:
        forms: list[_Form] = []
        for i, e in enumerate(self._resolved()):
            for form in (e.term, *e.variants):
                forms.append(_Form(form, i, e.pseudonym or "", e.case, True))
            if e.match_parts:
                for part in _name_parts(e.term):
                    forms.append(_Form(part, i, e.pseudonym or "", e.case, False))
        return forms

    def _validate(self) -> None:
        problems: list[str] = []
        label = self._label()
        for where, e in zip(self._where, self._entries):
            problems.extend(_entry_problems(e, where))
        if problems:
            raise PrivacyError("RK573", f"{label}: {len(problems)} problem(s): " + "; ".join(problems),
                               hint="fix these entries in the key file (term, kind, variants, pseudonym, case)")
        seen: dict[str, tuple[str, str | None]] = {}
        for where, e in zip(self._where, self._entries):
            for form in dict.fromkeys((e.term, *e.variants)):
                k = form.casefold()
                if k not in seen:
                    seen[k] = (where, e.pseudonym)
                    continue
                other_where, other_pseudonym = seen[k]
                if other_where == where:
                    continue
                if e.pseudonym and other_pseudonym and e.pseudonym == other_pseudonym:
                    continue  # two entries for the same referent: allowed
                problems.append(f"{form!r} ({where}) is also a term or variant in {other_where}"
                                + (f" with another pseudonym ({other_pseudonym!r} vs {e.pseudonym!r})"
                                   if e.pseudonym and other_pseudonym else ""))
        # a pseudonym must not itself be a term of the key
        for where, e in zip(self._where, self._entries):
            if e.pseudonym and not PLACEHOLDER_RE.fullmatch(e.pseudonym):
                hits = self._find_raw(e.pseudonym)
                if hits:
                    problems.append(f"pseudonym {e.pseudonym!r} ({where}) contains the key term {hits[0].term!r}")
        if problems:
            raise PrivacyError("RK574", f"{label}: {len(problems)} conflict(s): " + "; ".join(problems),
                               hint="give each term and variant one entry, and pseudonyms that are not key terms")

    def _compile(self) -> dict[str, list[tuple[re.Pattern[str], _Form, int]]]:
        if self._compiled is not None:
            return self._compiled
        forms = self._forms()
        explicit = {f.form.casefold() for f in forms if f.explicit}
        by_form: dict[tuple[str, str], set[int]] = {}
        for f in forms:
            by_form.setdefault((f.form, f.case), set()).add(f.entry)
        resolved = self._resolved()
        chosen: dict[tuple[str, str], _Form] = {}
        for f in forms:
            if not f.explicit and f.form.casefold() in explicit:
                continue  # another entry names this form explicitly
            ident = (f.form, f.case)
            if ident in chosen and chosen[ident].explicit:
                continue
            if not f.explicit and len(by_form[ident]) > 1:
                kinds = {resolved[i].kind for i in by_form[ident]}
                prefix = KIND_PREFIXES[kinds.pop()] if len(kinds) == 1 else "NAAM"
                f = _Form(f.form, f.entry, f"[{prefix}]", f.case, False)
            chosen[ident] = f
        # group by the first word (casefolded): the scan looks words up in this table
        table: dict[str, list[tuple[str, _Form, int]]] = {}
        for f in chosen.values():
            variants = [f.form]
            if f.case == "auto" and any(ch.isupper() for ch in f.form) and f.form.upper() != f.form:
                variants.append(f.form.upper())
            case = f.case
            if case == "auto" and not any(ch.isupper() for ch in f.form):
                case = "insensitive"
            elif case == "auto":
                case = "sensitive"
            for form in variants:
                first = _WORD_RE.search(form)
                if first is None:
                    continue
                # "lead": characters before the first word ("'t Hooft"), matched just before the word
                table.setdefault(first.group().casefold(), []).append((_form_pattern(form, case), f, first.start()))
        compiled: dict[str, Any] = {}
        for word, items in table.items():
            items.sort(key=lambda it: (-len(it[1].form), it[1].form))
            compiled[word] = [(re.compile(p), f, lead) for p, f, lead in items]
        self._compiled = compiled
        return compiled

    def _find_raw(self, text: str) -> list[KeyMatch]:
        compiled = self._compile()
        key_entries = self._resolved()
        out: list[KeyMatch] = []
        pos = 0
        for m in _WORD_RE.finditer(text):
            if m.start() < pos:
                continue
            word = m.group().casefold()
            candidates = compiled.get(word)
            if word[-1] == "s" and len(word) > 2:  # "Jansens": the form "Jansen" with its inflection
                more = compiled.get(word[:-1])
                if more:
                    candidates = candidates + more if candidates else more
            if not candidates:
                continue
            best = None
            for pat, f, lead in candidates:
                start = m.start() - lead
                if start < pos or start < 0 or (lead and start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_")):
                    continue
                hit = pat.match(text, start)
                if hit and (best is None or hit.end() > best[0].end()):
                    best = (hit, f)
            if best is None:
                continue
            hit, f = best
            entry = key_entries[f.entry]
            out.append(KeyMatch(hit.start(), hit.end(), hit.group(), entry.term, entry.kind, f.pseudonym, f.form,
                                hit.group("suffix")))
            pos = hit.end()
        return out

    def find(self, text: str) -> list[KeyMatch]:
        """Every key term in ``text`` (longest match first, no overlaps), in text order.

        Text inside placeholder tokens (``[PERSOON-1]``, ``[naam]``) is never a match.

        Examples
        --------
        >>> key = PrivacyKey([KeyEntry("Jan van der Berg")])
        >>> [(m.text, m.form) for m in key.find("Van der Bergs auto; Jan van der Berg; de berg")]
        [('Van der Bergs', 'van der Berg'), ('Jan van der Berg', 'Jan van der Berg')]
        """
        matches = self._find_raw(text)
        if matches and "[" in text:
            from researchkit.privacy.patterns import inside_spans

            spans = [(p.start(), p.end()) for p in PLACEHOLDER_RE.finditer(text)]
            matches = inside_spans(matches, spans, span=lambda m: (m.start, m.end))
        return matches

    def pseudonymise(self, text: str) -> str:
        """``text`` with every key term replaced by its pseudonym (inflection kept).

        Examples
        --------
        >>> PrivacyKey([KeyEntry("Jansen", pseudonym="[PERSOON-2]")]).pseudonymise("Jansen's boot")
        "[PERSOON-2]'s boot"
        """
        parts, pos = [], 0
        for m in self.find(text):
            parts.append(text[pos : m.start])
            parts.append(m.pseudonym + m.suffix)
            pos = m.end
        parts.append(text[pos:])
        return "".join(parts)

    def forms(self) -> list[str]:
        """Every form that is matched (terms, variants, name parts), longest first.

        Examples
        --------
        >>> PrivacyKey([KeyEntry("Piet de Boer", variants=("P. de Boer",))]).forms()
        ['Piet de Boer', 'P. de Boer', 'de Boer', 'Boer', 'Piet']
        """
        return sorted({f.form for f in self._forms()}, key=lambda s: (-len(s), s))


def _assign(entries: Sequence[KeyEntry]) -> tuple[KeyEntry, ...]:
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


def _entry_problems(e: KeyEntry, where: str) -> list[str]:
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


_FIELDS = ("term", "kind", "variants", "pseudonym", "case", "parts", "note")


def _as_entry(value: KeyEntry | Mapping[str, Any], where: str) -> KeyEntry:
    if isinstance(value, KeyEntry):
        return value
    if not isinstance(value, Mapping):
        raise PrivacyError("RK573", f"{where}: an entry must be a mapping with at least 'term', got {value!r}",
                           hint="write entries as '- term: Piet de Boer' with 'kind:' etc. below")
    unknown = [k for k in value if k not in _FIELDS and k != "__line__"]
    if unknown:
        raise PrivacyError("RK573", f"{where}: unknown field(s) {', '.join(map(repr, unknown))}",
                           hint=f"the fields of an entry are {', '.join(_FIELDS)}")
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


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that records the line of every mapping (for error messages)."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_key(path: str | Path) -> PrivacyKey:
    """Read a key file (``.yaml``/``.yml``, or ``.csv`` with the columns term, kind, variants, pseudonym ...).

    Raises
    ------
    PrivacyError
        ``RK572`` missing or unreadable file; ``RK573`` malformed entries (file, line or
        row, value); ``RK574`` conflicting entries.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "key.yaml")
    >>> _ = open(p, "w").write("entries:\\n- term: Piet de Boer\\n- term: Zeester\\n  kind: vessel\\n")
    >>> read_key(p).assigned().pseudonymise("Piet voer op de Zeester.")
    '[PERSOON-1] voer op de [SCHIP-1].'
    >>> _ = open(p, "w").write("entries:\\n- term: Piet\\n  kind: persn\\n")
    >>> read_key(p)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    researchkit.errors.PrivacyError: [RK573] ...key.yaml: 1 problem(s): line 2 ('Piet'): kind 'persn' is not one of person, company, vessel, place, other...
    """
    path = Path(path)
    if not path.is_file():
        raise PrivacyError("RK572", f"{path}: privacy key not found",
                           hint="check the path; create one with 'researchkit privacy scan --suggest' or by hand (see docs/privacy.md)")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PrivacyError("RK572", f"{path}: not UTF-8 text (byte {exc.start})", hint="save the key as UTF-8") from None
    text = text.lstrip("\ufeff")
    if path.suffix.lower() == ".csv":
        raw, wheres = _read_csv_entries(path, text)
    else:
        try:
            data = safe_load(text, loader_cls=_LineLoader)
        except yaml.YAMLError as exc:
            where, problem = yaml_problem(exc)
            raise PrivacyError("RK572", f"{path}{where}: not valid YAML ({problem})",
                               hint="check the indentation and quoting near that line") from None
        if data is None:
            data = {"entries": []}
        if isinstance(data, list):
            data = {"entries": data}
        if not isinstance(data, Mapping) or not isinstance(data.get("entries", []), list):
            raise PrivacyError("RK572", f"{path}: a key is a mapping with a list 'entries' (got {type(data).__name__})",
                               hint="start the file with 'entries:' and list one '- term: ...' per name")
        version = data.get("researchkit_privacy_key", _VERSION)
        if version != _VERSION:
            raise PrivacyError("RK572", f"{path}: key format version {version!r} is not {_VERSION}",
                               hint="read it with the researchkit version that wrote it, or set researchkit_privacy_key: 1")
        extra = [k for k in data if k not in ("entries", "researchkit_privacy_key", "__line__")]
        if extra:
            raise PrivacyError("RK572", f"{path}: unknown top-level key(s) {', '.join(map(repr, extra))}",
                               hint="a key file has 'researchkit_privacy_key' (version) and 'entries'")
        raw = list(data.get("entries") or [])
        wheres = [f"line {e.get('__line__')}" if isinstance(e, Mapping) else f"entry {i + 1}" for i, e in enumerate(raw)]
    entries, problems = [], []
    for where, item in zip(wheres, raw):
        try:
            entries.append(_as_entry(item, where))
        except PrivacyError as exc:
            problems.append(exc.message)
    if problems:
        raise PrivacyError("RK573", f"{path}: {len(problems)} problem(s): " + "; ".join(problems),
                           hint="fix these entries in the key file")
    key = PrivacyKey.__new__(PrivacyKey)
    key._setup(entries, wheres, path)
    return key


def _read_csv_entries(path: Path, text: str) -> tuple[list[dict], list[str]]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or "term" not in [f.strip().lower() for f in reader.fieldnames]:
        raise PrivacyError("RK572", f"{path}: a CSV key needs a header with 'term' (has: {', '.join(reader.fieldnames or [])})",
                           hint="use the columns term,kind,variants,pseudonym[,case,parts,note]")
    rows, wheres = [], []
    for row in reader:
        clean = {str(k).strip().lower(): (v.strip() if isinstance(v, str) else v) for k, v in row.items() if k is not None}
        if not any(clean.values()):
            continue
        if None in row:
            raise PrivacyError("RK573", f"{path}, row {reader.line_num}: more cells than columns ({row[None]!r})",
                               hint="quote cells that contain commas")
        rows.append({k: v for k, v in clean.items() if v not in (None, "")} | {"term": clean.get("term", "")})
        wheres.append(f"row {reader.line_num}")
    return rows, wheres

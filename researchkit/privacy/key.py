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

import hashlib
import json
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from researchkit.errors import PrivacyError
from researchkit.privacy.entry import (
    FIELDS,
    KEY_KINDS,
    KIND_ALIASES,
    KIND_PREFIXES,
    PLACEHOLDER_RE,
    KeyEntry,
    KeyMatch,
    as_entry,
    assign,
    entry_problems,
)
from researchkit.privacy.keyfile import VERSION, dump_entries, load_entries, write_private
from researchkit.privacy.matcher import Form, KeyMatcher
from researchkit.privacy.nameforms import KEY_PARTICLES, name_parts
from researchkit.privacy.spans import inside_spans

__all__ = [
    "KEY_KINDS",
    "KIND_PREFIXES",
    "KeyEntry",
    "KeyMatch",
    "PrivacyKey",
    "read_key",
    "PLACEHOLDER_RE",
]

_KIND_ALIASES = KIND_ALIASES  # the old private name, still imported elsewhere
_VERSION = VERSION
_FIELDS = FIELDS
_as_entry = as_entry


def _name_parts(term: str) -> list[str]:
    """Parts of a person's name (none for a one-word term), with the key's particles."""
    return name_parts(term, particles=KEY_PARTICLES) if len(term.split(" ")) >= 2 else []


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
        self._matcher: KeyMatcher | None = None

    def _resolved(self) -> tuple[KeyEntry, ...]:
        """The entries with every pseudonym assigned (cached)."""
        if self._resolved_cache is None:
            self._resolved_cache = assign(self._entries)
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
        return dump_entries(self._entries, fmt=fmt)

    def save(self, path: str | Path | None = None) -> Path:
        """Write the key atomically and owner-only (``0600``; YAML, or CSV for a ``.csv`` path); returns the path.

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
        target = Path(path) if path is not None else self.path
        if target is None:
            raise PrivacyError("RK579", "the key has no file to save to", hint="pass a path, e.g. key.save('privacy-key.yaml')")
        fmt = "csv" if target.suffix.lower() == ".csv" else "yaml"
        write_private(target, self.dumps(fmt=fmt))
        self.path = target
        return target

    # -- matching --------------------------------------------------------------------------

    def _label(self) -> str:
        return str(self.path) if self.path else "privacy key"

    def _forms(self) -> list[Form]:
        forms: list[Form] = []
        for i, e in enumerate(self._resolved()):
            for form in (e.term, *e.variants):
                forms.append(Form(form, i, e.pseudonym or "", e.case, True))
            if e.match_parts:
                for part in _name_parts(e.term):
                    forms.append(Form(part, i, e.pseudonym or "", e.case, False))
        return forms

    def _validate(self) -> None:
        problems: list[str] = []
        label = self._label()
        for where, e in zip(self._where, self._entries):
            problems.extend(entry_problems(e, where))
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

    def _find_raw(self, text: str) -> list[KeyMatch]:
        if self._matcher is None:
            self._matcher = KeyMatcher(self._forms(), self._resolved())
        return self._matcher.find(text)

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
    entries, wheres = load_entries(path)
    key = PrivacyKey.__new__(PrivacyKey)
    key._setup(entries, wheres, Path(path))
    return key

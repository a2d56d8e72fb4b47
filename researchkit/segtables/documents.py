"""Which corpus document a table's document name means.

Programs name documents their own way: MAXQDA by the name in its document system
(usually the file name without suffix), ATLAS.ti with its number in front
(``D 3: Interview 03.docx``), NVivo with its folder (``Files\\\\Interview 03``), Taguette
and QualCoder by the file name. A name is compared with each document's id and its
source file's name, in steps from strict to loose; the first step that finds exactly one
document decides, and a step that finds several makes the name ambiguous:

1. as written (NFC);
2. case and runs of white space ignored;
3. a file suffix (``.docx``, ``.txt`` ...) dropped on either side;
4. ATLAS.ti's number (``D 3:``, ``3:``) and folders (``Files\\\\``) dropped;
5. spaces, ``_``, ``-`` and ``.`` ignored.

Examples
--------
>>> from researchkit.transcripts import Corpus, Transcript
>>> index = DocumentIndex(Corpus([Transcript("interview_03", "x"), Transcript("R01", "y")]))
>>> index.match("D 3: Interview 03.docx"), index.match("r01"), index.match("R02").doc_id
(DocMatch(doc_id='interview_03', candidates=()), DocMatch(doc_id='R01', candidates=()), None)
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath
from typing import Callable

__all__ = ["DocumentIndex", "DocMatch"]

_SUFFIX = re.compile(r"\.(?:docx?|txt|md|rtf|odt|pdf|html?|vtt|srt|csv|xlsx)$", re.IGNORECASE)
_PREFIX = re.compile(r"^\s*(?:D\s*)?\d+\s*:\s*")


def _nfc(name: str) -> str:
    return unicodedata.normalize("NFC", str(name)).strip()


def _loose(name: str) -> str:
    return " ".join(_nfc(name).casefold().split())


def _bare(name: str) -> str:
    return _SUFFIX.sub("", _loose(name)).strip()


def _unprefixed(name: str) -> str:
    last = re.split(r"[\\/]+", _nfc(name))[-1]
    return _bare(_PREFIX.sub("", last))


def _squeezed(name: str) -> str:
    return re.sub(r"[\s_.\-]+", "", _unprefixed(name))


_STEPS: tuple[Callable[[str], str], ...] = (_nfc, _loose, _bare, _unprefixed, _squeezed)


@dataclass(frozen=True)
class DocMatch:
    """The document a name means (``doc_id``), or the documents it could mean (``candidates``)."""

    doc_id: str | None
    candidates: tuple[str, ...] = ()


class DocumentIndex:
    """Document names of a corpus, folded for each matching step (see the module docstring)."""

    def __init__(self, corpus) -> None:
        self.doc_ids = [t.doc_id for t in corpus]
        names: dict[str, set[str]] = {}
        for t in corpus:
            forms = {t.doc_id}
            if t.source is not None and t.source.path and t.source.format != "memory":
                forms.add(PurePath(t.source.path).name)
            names[t.doc_id] = forms
        self._by_step: list[dict[str, set[str]]] = []
        for step in _STEPS:
            table: dict[str, set[str]] = {}
            for doc_id, forms in names.items():
                for form in forms:
                    key = step(form)
                    if key:
                        table.setdefault(key, set()).add(doc_id)
            self._by_step.append(table)
        self._cache: dict[str, DocMatch] = {}

    def match(self, name: str) -> DocMatch:
        """The document ``name`` means (see the module docstring)."""
        if name not in self._cache:
            self._cache[name] = self._match(name)
        return self._cache[name]

    def _match(self, name: str) -> DocMatch:
        if not str(name).strip():
            return DocMatch(None)
        for step, table in zip(_STEPS, self._by_step):
            found = table.get(step(name), set())
            if len(found) == 1:
                return DocMatch(next(iter(found)))
            if found:
                return DocMatch(None, tuple(sorted(found)))
        return DocMatch(None)

    def closest(self, name: str, n: int = 3) -> list[str]:
        """The doc ids most like ``name`` (for "did you mean").

        Examples
        --------
        >>> from researchkit.transcripts import Corpus, Transcript
        >>> DocumentIndex(Corpus([Transcript("interview_03", "x")])).closest("intervew 3")
        ['interview_03']
        """
        keys = {_squeezed(d): d for d in self.doc_ids}
        return [keys[k] for k in difflib.get_close_matches(_squeezed(name), list(keys), n=n, cutoff=0.5)]

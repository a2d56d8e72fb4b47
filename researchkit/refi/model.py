"""What travels through a REFI-QDA file: :class:`Exchange`, and the :class:`ExchangeReport`.

An :class:`Exchange` is the project-shaped content of a ``.qdpx`` file in researchkit's
terms: a corpus (canonical texts, turns, attributes), a codebook, a codings table with
code-point offsets, the coders, the memos, and the stable GUIDs of documents, codes and
coders. :func:`researchkit.refi.read_qdpx` returns one, :func:`researchkit.refi.write_qdpx`
writes one (or a project), and :meth:`researchkit.project.Project.import_qdpx` stores one.

Unpacking gives the three things most callers want::

    documents, codebook, codings = read_qdpx("study.qdpx")

Examples
--------
>>> from researchkit.transcripts import Corpus, Transcript
>>> ex = Exchange("demo", Corpus([Transcript("R01", "ja")]))
>>> documents, codebook, codings = ex
>>> len(documents), codebook is None, len(codings)
(1, True, 0)
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping

import pandas as pd

from researchkit.codings import CODING_COLUMNS
from researchkit.transcripts import Corpus

__all__ = ["CODE_GUID_KEY", "declared_code_guid", "declared_code_guids", "EXTENSION_MEMBER", "EXTENSION_FORMAT", "attribute_text", "Exchange", "ExchangeReport", "EXTRA_CODING_COLUMNS", "MEMO_COLUMNS", "NAMESPACE", "stable_guid", "norm_guid"]

#: Coding columns carried besides :data:`researchkit.codings.CODING_COLUMNS`.
EXTRA_CODING_COLUMNS = ["id", "created", "memo", "unit", "rule_id", "evidence", "confidence", "origin"]
#: Columns of a memos table.
MEMO_COLUMNS = ["id", "target_type", "target", "author", "text", "created", "updated"]
#: Archive member of a .qdpx holding what REFI-QDA cannot express (read back by researchkit).
EXTENSION_MEMBER = "researchkit/extension.json"
EXTENSION_FORMAT = "researchkit-qdpx-extension"
#: Namespace of researchkit's name-based (version 5) GUIDs.
NAMESPACE = uuid.UUID("6f1d0f5e-2b8c-5d39-9a57-7a3c1e0b6a11")


def stable_guid(*parts: str) -> str:
    """A GUID derived from names (uuid5): the same parts give the same GUID on every export.

    Examples
    --------
    >>> stable_guid("coder", "anna") == stable_guid("coder", "anna")
    True
    >>> len(stable_guid("x"))
    36
    """
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


def norm_guid(value: str | None) -> str | None:
    """A GUID as researchkit stores it: lower case, no braces (``{ABC-...}`` -> ``abc-...``).

    Examples
    --------
    >>> norm_guid("{2D2466F0-D77F-4F8C-BDF9-628966B6B74D}")
    '2d2466f0-d77f-4f8c-bdf9-628966b6b74d'
    """
    if value is None:
        return None
    return value.strip().strip("{}").lower()


#: Codebook key (a code's ``extra``) holding the GUID a REFI-QDA codebook gave the code, so that
#: a codebook read from a ``.qdc`` file keeps its codes' identity in a project and in exports.
CODE_GUID_KEY = "x_refi_guid"


def declared_code_guid(code: Any) -> str | None:
    """The GUID a code carries in its codebook (``x_refi_guid``), normalised, or ``None`` if absent or not a GUID.

    Examples
    --------
    >>> from researchkit.codebook import Codebook
    >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "Alpha", "x_refi_guid": "{1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294}"},
    ...                                    {"id": "B", "name": "Beta", "x_refi_guid": "not a guid"}]})
    >>> declared_code_guid(cb["A"]), declared_code_guid(cb["B"])
    ('1ff58b12-6f6f-4b0c-8be5-bbdc91f55294', None)
    """
    value = getattr(code, "extra", {}).get(CODE_GUID_KEY)
    if not isinstance(value, str):
        return None
    try:
        return str(uuid.UUID(value.strip().strip("{}")))
    except ValueError:
        return None


def declared_code_guids(codes: Iterable[Any], known: Mapping[str, str]) -> dict[str, str]:
    """``code id -> GUID`` declared by codes that ``known`` does not name yet, each GUID used once.

    A GUID already in ``known`` or declared by an earlier code (copied onto a second code
    by hand) is not given again: that code gets no declared GUID.

    Examples
    --------
    >>> from researchkit.codebook import Codebook
    >>> g = "1ff58b12-6f6f-4b0c-8be5-bbdc91f55294"
    >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "A", "x_refi_guid": g}, {"id": "B", "name": "B", "x_refi_guid": g}]})
    >>> declared_code_guids(cb.walk(), {})
    {'A': '1ff58b12-6f6f-4b0c-8be5-bbdc91f55294'}
    """
    out: dict[str, str] = {}
    taken = {g for g in known.values() if g}
    for code in codes:
        guid = declared_code_guid(code)
        if guid and code.id not in known and guid not in taken:
            out[code.id] = guid
            taken.add(guid)
    return out


def attribute_text(value: Any) -> str:
    """How an attribute value is written in a QDA-XML ``VariableValue``.

    Examples
    --------
    >>> attribute_text(True), attribute_text(3), attribute_text(2.5), attribute_text("Harlingen")
    ('true', '3', '2.5', 'Harlingen')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (int, str)):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


@dataclass
class ExchangeReport:
    """What an import or export did, and what it could not carry over.

    Attributes
    ----------
    path
        The file read or written.
    origin
        The program that wrote the file (its ``origin`` attribute).
    conventions
        Per document: the offset convention used and why.
    not_carried
        Items that researchkit cannot represent (picture, audio, video, PDF-area
        selections, graphs, links, sets, sources without text), one line each with
        where they are.
    warnings
        Defects that did not stop the import (schema problems, duplicates merged,
        renamed entities).
    counts
        Numbers of documents, codes, codings, coders, memos.
    attribution
        Which user attribute of the file made each coding's coder (the ``<Coding>``'s or
        the ``<PlainTextSelection>``'s), and why.
    language
        The language given to an imported codebook (REFI-QDA has no language field), and why.
    """

    path: str
    origin: str = ""
    conventions: dict[str, str] = field(default_factory=dict)
    not_carried: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    attribution: str = ""
    language: str = ""

    def __str__(self) -> str:
        lines = [f"{self.path}" + (f" (written by {self.origin})" if self.origin else "")]
        if self.counts:
            lines.append("  " + ", ".join(f"{v} {k}" for k, v in self.counts.items()))
        if self.attribution:
            lines.append(f"  {self.attribution}")
        if self.language:
            lines.append(f"  codebook language: {self.language}")
        for doc, text in self.conventions.items():
            lines.append(f"  offsets in {doc}: {text}")
        if self.not_carried:
            lines.append(f"  not carried over ({len(self.not_carried)}):")
            lines.extend(f"    - {item}" for item in self.not_carried)
        if self.warnings:
            lines.append(f"  warnings ({len(self.warnings)}):")
            lines.extend(f"    - {item}" for item in self.warnings)
        return "\n".join(lines)


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("start", "end") else "object") for c in columns})


@dataclass
class Exchange:
    """Project-shaped content of a REFI-QDA file (see module docstring).

    Attributes
    ----------
    name
        Project name.
    corpus
        The documents.
    codebook
        The codebook (``None`` when the file has no codes).
    codings
        Codings table: :data:`~researchkit.codings.CODING_COLUMNS` plus
        :data:`EXTRA_CODING_COLUMNS` (``id`` is the coding's GUID).
    coders
        ``name -> GUID`` of every coder (REFI users), in file order.
    memos
        Memos table (:data:`MEMO_COLUMNS`); ``target_type`` is ``project``, ``document``,
        ``code`` or ``coding``.
    doc_guids, code_guids
        ``doc_id -> GUID`` and ``code id -> GUID``.
    created
        When the project was created (ISO 8601), if known.
    origin
        The program that wrote the file.
    report
        The :class:`ExchangeReport` of the read.
    description
        Text for the project's ``Description`` (a pseudonymised export states its key here).
    key_checksum
        Checksum of the privacy key that pseudonymised this content (``""`` when not).
    sync_points
        ``doc_id -> ((offset, milliseconds), ...)``: the sync points of documents that are
        transcripts of audio or video, in the canonical text, by offset
        (:mod:`researchkit.refi.sync`).
    speaker_case_names
        ``(doc_id, speaker) -> case name`` for speakers with attributes whose case is not named
        ``doc_id: speaker``: a pseudonymised export names each participant's case by its
        participant code (``R05-2``, :mod:`researchkit.refi.privatespeakers`).
    """

    name: str
    corpus: Corpus
    codebook: Any = None
    codings: pd.DataFrame = field(default_factory=lambda: _empty(CODING_COLUMNS + EXTRA_CODING_COLUMNS))
    coders: dict[str, str] = field(default_factory=dict)
    memos: pd.DataFrame = field(default_factory=lambda: _empty(MEMO_COLUMNS))
    doc_guids: dict[str, str] = field(default_factory=dict)
    code_guids: dict[str, str] = field(default_factory=dict)
    created: str | None = None
    origin: str = ""
    report: ExchangeReport | None = None
    description: str = ""
    key_checksum: str = ""
    sync_points: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    speaker_case_names: dict[tuple[str, str], str] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Any]:
        yield self.corpus
        yield self.codebook
        yield self.codings

"""A pseudonymised exchange: what a ``.qdpx`` for people outside the project team contains.

:func:`pseudonymised_exchange` runs an :class:`~researchkit.refi.model.Exchange` through
the privacy key and identifier patterns (:mod:`researchkit.privacy`): texts, turns and
attributes via :func:`~researchkit.privacy.apply_key` (coding offsets re-mapped exactly,
so every coding still quotes its passage, now pseudonymised), and the free text around
them -- document ids, memos, code definitions and examples -- via
:func:`~researchkit.privacy.pseudonymise_text`. Speaker attributes (focus groups) stay, each
participant's case named by participant code (:mod:`researchkit.refi.privatespeakers`).
Source file paths are left out. The key's
checksum is written into the project's ``Description``, tying the file to the key
version that made it. :func:`researchkit.refi.write_qdpx` then leak-checks the archive
before putting it in place.

Examples
--------
>>> from researchkit.privacy import KeyEntry, PrivacyKey
>>> from researchkit.transcripts import Corpus, Transcript
>>> key = PrivacyKey([KeyEntry("Henk Zijlstra", pseudonym="[PERSOON-1]")])
>>> ex = Exchange("demo", Corpus([Transcript("R03", "R: Henk Zijlstra hier, bel 06-12345678.")]))
>>> private = pseudonymised_exchange(ex, key)
>>> private.corpus["R03"].text
'R: [PERSOON-1] hier, bel [TELEFOON].'
>>> private.description.startswith("Pseudonymised by researchkit with key ")
True
"""

from __future__ import annotations

import dataclasses
from typing import Any, Sequence

from researchkit.refi.model import Exchange, ExchangeReport
from researchkit.refi.privatespeakers import private_speakers

__all__ = ["pseudonymised_exchange"]

_CODE_TEXT = ("description", "include", "exclude", "examples", "name", "name_en")


def _codebook(codebook: Any, clean: Any) -> Any:
    """The codebook with the text of every code run through ``clean`` (ids unchanged)."""
    from researchkit.codebook import Codebook

    data = codebook.to_dict()

    def walk(nodes: list) -> None:
        for node in nodes:
            for field in _CODE_TEXT:
                value = node.get(field)
                if isinstance(value, str):
                    node[field] = clean(value)
                elif isinstance(value, list):
                    node[field] = [clean(v) if isinstance(v, str) else v for v in value]
            walk(node.get("children", []))

    walk(data["codes"])
    if isinstance(data.get("description"), str):
        data["description"] = clean(data["description"])
    for relation in data.get("relations", []):  # a relation's name is free text too
        if isinstance(relation.get("name"), str):
            relation["name"] = clean(relation["name"])
    return Codebook.from_dict(data)


def _sync_points(ex: Exchange, key: Any, kinds: Any, renamed: dict[str, str]) -> dict:
    """The sync points of each document moved to their places in its pseudonymised text."""
    from researchkit.privacy.apply import pseudonymise_with_map

    out = {}
    for doc_id, points in ex.sync_points.items():
        if doc_id in renamed:
            _, moved = pseudonymise_with_map(ex.corpus[doc_id].text, key, kinds=kinds)
            out[renamed[doc_id]] = tuple((moved.start(offset), ms) for offset, ms in points)
    return out


def pseudonymised_exchange(ex: Exchange, key: Any = None, *, kinds: Sequence[str] | str | None = None,
                           report: ExchangeReport | None = None) -> Exchange:
    """A copy of ``ex`` with identifiers replaced everywhere a ``.qdpx`` carries text (see module docstring).

    Parameters
    ----------
    ex
        The exchange (e.g. from :func:`researchkit.project.exchange.to_exchange`).
    key
        A :class:`~researchkit.privacy.PrivacyKey` (``None``: patterns only).
    kinds
        Identifier patterns to replace (default all; ``"none"`` for key terms only).
    report
        Where to list the speakers whose attributes are left out (``not_carried``; see
        :mod:`researchkit.refi.privatespeakers`).
    """
    from researchkit.privacy import apply_key, pseudonymise_text

    def clean(text: str) -> str:
        return pseudonymise_text(text, key, kinds=kinds)

    view = apply_key(ex.corpus, key, codings=ex.codings if len(ex.codings) else None, kinds=kinds)
    renamed = {t.doc_id: clean(t.doc_id) for t in view.corpus}
    transcripts = [dataclasses.replace(t, doc_id=renamed[t.doc_id], source=None) for t in view.corpus]
    from researchkit.transcripts import Corpus

    speakers, case_names, left_out = private_speakers(ex.corpus, key, kinds, renamed)
    if report is not None:
        report.not_carried += left_out
    codings = ex.codings.copy() if view.codings is None else view.codings.copy()
    codings["doc_id"] = codings["doc_id"].map(lambda d: renamed.get(d, d))
    memos = ex.memos.copy()
    memos["text"] = memos["text"].map(lambda t: clean(str(t)))
    for column in ("name", "description"):  # a note's name and description are free text too
        if column in memos:
            memos[column] = memos[column].map(lambda t: clean(t) if isinstance(t, str) else t)
    memos["target"] = [renamed.get(t, t) if kind == "document" else t for kind, t in zip(memos["target_type"], memos["target"])]
    checksum = view.checksum[:12] if view.checksum else "none (patterns only)"
    patterns = "all" if kinds is None else (kinds if isinstance(kinds, str) else ", ".join(kinds))
    description = (f"Pseudonymised by researchkit with key {checksum} (identifier patterns: {patterns}); "
                   f"{view.replacements} identifier(s) replaced. Source file names are left out.")
    return dataclasses.replace(
        ex,
        corpus=Corpus(transcripts, speakers=speakers),
        codebook=_codebook(ex.codebook, clean) if ex.codebook is not None else None,
        codings=codings,
        memos=memos,
        doc_guids={renamed[d]: g for d, g in ex.doc_guids.items() if d in renamed},
        description=description,
        key_checksum=view.checksum,
        sync_points=_sync_points(ex, key, kinds, renamed),
        speaker_case_names=case_names,
    )

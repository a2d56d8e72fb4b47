"""The speakers sheet's names matched to the labels of the transcripts (focus groups, ``--speakers``).

A researcher writes a person in the sheet as they know them (``Ann de Wit``, ``Mevr. Bakker``), the
transcript labels them as the transcriber typed (``DE WIT:``, ``Mevrouw Bakker:``). A sheet row whose
speaker is not a label of its document is matched by the rules of :mod:`researchkit.personnames`
(either side may be the fuller form); the match is taken only when it is one label, and that label is
not claimed by another row: otherwise the row stays unmatched and the error names the candidates.

Examples
--------
>>> resolved, unmatched = match_sheet_speakers([("F1", "Ann de Wit"), ("F1", "M1")], {"F1": ["DE WIT", "M1"]})
>>> resolved, unmatched
({('F1', 'Ann de Wit'): 'DE WIT'}, [])
"""

from __future__ import annotations

from typing import Mapping, Sequence

from researchkit.personnames import names_person

__all__ = ["match_sheet_speakers", "sheet_note"]

#: More labels than this in one document are not compared name by name (a sheet row then needs the exact label).
_MAX_LABELS = 500


def _names_same(sheet_name: str, label: str) -> bool:
    return names_person(label, sheet_name) or names_person(sheet_name, label)


def match_sheet_speakers(pairs: Sequence[tuple[str, str]], labels: Mapping[str, Sequence[str]]
                         ) -> tuple[dict[tuple[str, str], str], list[str]]:
    """Sheet rows ``(doc_id, speaker)`` that name a label otherwise: ``{row: label}``, and the rows that match none
    or more than one, described for the error (``F1 / De Vries (may be 'Jan de Vries' or 'Anna de Vries')``).

    Examples
    --------
    >>> match_sheet_speakers([("F1", "De Vries")], {"F1": ["Jan de Vries", "Anna de Vries"]})[1]
    ["F1 / De Vries (may be 'Jan de Vries' or 'Anna de Vries')"]
    """
    exact = {(d, s) for d, s in pairs if s in labels.get(d, ())}
    claimed: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for d, s in exact:
        claimed.setdefault((d, s), []).append((d, s))
    candidates: dict[tuple[str, str], list[str]] = {}
    for d, s in pairs:
        if (d, s) in exact:
            continue
        doc_labels = list(labels.get(d, ()))
        found = [lab for lab in doc_labels if _names_same(s, lab)] if len(doc_labels) <= _MAX_LABELS else []
        candidates[(d, s)] = found
        if len(found) == 1:
            claimed.setdefault((d, found[0]), []).append((d, s))
    resolved: dict[tuple[str, str], str] = {}
    unmatched: list[str] = []
    for (d, s), found in candidates.items():
        if len(found) == 1 and len(claimed[(d, found[0])]) == 1:
            resolved[(d, s)] = found[0]
        elif len(found) == 1:
            rivals = [r for _, r in claimed[(d, found[0])] if r != s]
            unmatched.append(f"{d} / {s} (the label {found[0]!r} may also be {' or '.join(map(repr, rivals))})")
        elif found:
            unmatched.append(f"{d} / {s} (may be {' or '.join(map(repr, found))})")
        else:
            unmatched.append(f"{d} / {s}")
    return resolved, unmatched


def sheet_note(resolved: Mapping[tuple[str, str], str]) -> str:
    """The corpus note on sheet rows matched to a label written otherwise.

    Examples
    --------
    >>> sheet_note({("F1", "Ann de Wit"): "DE WIT"})
    "speakers sheet rows matched to the label written otherwise in the transcript: F1 / 'Ann de Wit' as 'DE WIT'"
    """
    shown = ", ".join(f"{d} / {s!r} as {label!r}" for (d, s), label in list(resolved.items())[:10])
    more = f" (and {len(resolved) - 10} more)" if len(resolved) > 10 else ""
    return "speakers sheet rows matched to the label written otherwise in the transcript: " + shown + more

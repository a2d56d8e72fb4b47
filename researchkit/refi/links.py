"""Links of a REFI-QDA project: a link between a note and what it is about makes the note a memo there.

ATLAS.ti attaches a memo to a quotation, a code or a document with a link (``<Link
originGUID="note" targetGUID="quotation">``, "Memo-Quotation Relation") rather than a
``NoteRef``. researchkit has no links, but it has memos on codes, documents and codings:
a link with a note at one end and, at the other, a code, a text source or a text
selection attaches the note there (to each coding of the selection; to the document for
a passage nobody coded). Every other link -- between codes, between selections, to media
-- is listed in the report.

Examples
--------
>>> link_ends({"originGUID": "{ABC}", "targetGUID": "def"})
('abc', 'def')
"""

from __future__ import annotations

from typing import Any

from researchkit.refi.model import norm_guid
from researchkit.refi.xmlread import kid, kids

__all__ = ["link_ends", "attach_linked_notes"]


def link_ends(link: Any) -> tuple[str, str]:
    """A link's origin and target GUIDs, normalised (empty when missing)."""
    return norm_guid(link.get("originGUID")) or "", norm_guid(link.get("targetGUID")) or ""


def _end(guid: str, ctx: Any, targets: dict[str, list[tuple[str, str]]]) -> str:
    """One end of a link, named as the report can: a note, a code, a document, a selection's codings, else its GUID."""
    if guid in ctx.memos.notes:
        return f"note '{ctx.memos.notes[guid]['name'] or guid}'"
    places = targets.get(guid)
    if places and places[0][0] in ("code", "document"):
        return f"{places[0][0]} '{places[0][1]}'"
    return f"selection {guid}" if places else f"{guid} (nothing researchkit imported)" if guid else "?"


def attach_linked_notes(root: Any, ctx: Any, targets: dict[str, list[tuple[str, str]]]) -> None:
    """Attach notes to what links tie them to; list the links that tie nothing researchkit holds.

    ``targets`` maps a GUID to its memo targets ``(target_type, target)``: codes, text
    sources (documents) and text selections (their codings, or their document).
    """
    links_el = kid(root, "Links")
    for link in kids(links_el, "Link") if links_el is not None else []:
        origin, target = link_ends(link)
        label = link.get("name") or norm_guid(link.get("guid"))
        pairs = [(note, other) for note, other in ((origin, target), (target, origin)) if note in ctx.memos.notes and other in targets]
        if not pairs:
            ctx.report.not_carried.append(f"link '{label}' ({_end(origin, ctx, targets)} -> {_end(target, ctx, targets)}): "
                                          "researchkit has no links")
            continue
        note, other = pairs[0]
        places = targets[other]
        if not sum(ctx.memos.attach([note], target_type, target_id) for target_type, target_id in places):
            ctx.report.warnings.append(f"link '{label}': note '{ctx.memos.notes[note]['name'] or note}' is already a memo "
                                       "there (a note reference or another link ties the same two); not attached twice")
            continue
        name = ctx.memos.notes[note]["name"] or note
        ctx.report.warnings.append(f"link '{label}': note '{name}' kept as a memo on "
                                   + ", ".join(f"{t} '{i}'" for t, i in places[:5]) + (f" and {len(places) - 5} more" if len(places) > 5 else ""))

"""Links of a REFI-QDA project: relations between codes, and notes tied to what they are about.

* A link between two codes (ATLAS.ti's code-code relations: "is associated with", "is
  cause of", "contradicts") is a relation of the codebook
  (:attr:`researchkit.codebook.Codebook.relations`: from, to, name, direction, colour;
  :func:`code_relations`); researchkit writes the codebook's relations back as links
  (:func:`write_links`).
* ATLAS.ti attaches a memo to a quotation, a code or a document with a link (``<Link
  originGUID="note" targetGUID="quotation">``, "Memo-Quotation Relation") rather than a
  ``NoteRef``. researchkit has memos on codes, documents and codings: a link with a note
  at one end and, at the other, a code, a text source or a text selection attaches the
  note there (to each coding of the selection; to the document for a passage nobody
  coded).
* Every other link -- between selections (ATLAS.ti's hyperlinks between quotations),
  between a code and a document, to media -- is listed in the report: researchkit has no
  place for a relation between two passages.

Examples
--------
>>> link_ends({"originGUID": "{ABC}", "targetGUID": "def"})
('abc', 'def')
"""

from __future__ import annotations

from typing import Any

from researchkit.codebook.relations import direction_of
from researchkit.refi.codes import normalise_color
from researchkit.refi.model import norm_guid, stable_guid
from researchkit.refi.xmlread import kid, kids

__all__ = ["link_ends", "attach_linked_notes", "code_relations", "write_links", "REFI_DIRECTIONS"]

#: How each relation direction is written in a ``<Link>``.
REFI_DIRECTIONS = {"associative": "Associative", "one-way": "OneWay", "bidirectional": "Bidirectional"}


def link_ends(link: Any) -> tuple[str, str]:
    """A link's origin and target GUIDs, normalised (empty when missing)."""
    return norm_guid(link.get("originGUID")) or "", norm_guid(link.get("targetGUID")) or ""


def _links(root: Any) -> list:
    links_el = kid(root, "Links")
    return kids(links_el, "Link") if links_el is not None else []


def code_relations(root: Any, guid_to_code: dict[str, str], report: Any) -> tuple[list[dict], set[int]]:
    """The links between two codes, as codebook relations (YAML shape), and the indices of those links.

    A link without a direction is associative; one with a direction REFI-QDA does not
    know, or a colour that is no ``#RGB``/``#RRGGBB``, is read as associative / without
    colour (warned). The same relation twice is kept once (warned).

    Examples
    --------
    >>> from lxml import etree
    >>> root = etree.fromstring('<Project xmlns="urn:QDA-XML:project:1.0"><Links><Link guid="L" name="is cause of" '
    ...                         'direction="OneWay" originGUID="{A}" targetGUID="b"/></Links></Project>')
    >>> code_relations(root, {"a": "SIG", "b": "VERM"}, None)
    ([{'from': 'SIG', 'to': 'VERM', 'name': 'is cause of', 'direction': 'one-way'}], {0})
    """
    relations: list[dict] = []
    used: set[int] = set()
    seen: set[tuple[str, str, str]] = set()
    for i, link in enumerate(_links(root)):
        origin, target = link_ends(link)
        if origin not in guid_to_code or target not in guid_to_code:
            continue
        used.add(i)
        label = f"link '{link.get('name') or norm_guid(link.get('guid'))}' (line {link.sourceline})"
        rel = {"from": guid_to_code[origin], "to": guid_to_code[target], "name": (link.get("name") or "").strip()}
        direction = direction_of(link.get("direction") or "Associative")
        if direction is None and report is not None:
            report.warnings.append(f"{label}: direction {link.get('direction')!r} is not REFI-QDA's; read as associative")
        rel["direction"] = direction or "associative"
        color = normalise_color(link.get("color"))
        if link.get("color") and color is None and report is not None:
            report.warnings.append(f"{label}: colour {link.get('color')!r} is not #RGB/#RRGGBB; dropped")
        if color:
            rel["color"] = color
        keys = {(rel["from"], rel["to"], rel["name"])} | ({(rel["to"], rel["from"], rel["name"])} if rel["direction"] != "one-way" else set())
        if keys & seen:
            if report is not None:
                report.warnings.append(f"{label}: the relation {rel['from']} -> {rel['to']} is given twice; kept once")
            continue
        seen |= keys
        relations.append(rel)
    return relations, used


def write_links(xs: Any, codebook: Any, code_guids: dict[str, str], guid_text: Any) -> None:
    """``<Links>``: one ``<Link>`` per relation of ``codebook`` (nothing when it has none).

    Examples
    --------
    >>> import io
    >>> from researchkit.codebook import Codebook
    >>> from researchkit.refi.xmlstream import XmlStream
    >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "a"}, {"id": "B", "name": "b"}],
    ...                          "relations": [{"from": "A", "to": "B", "name": "contradicts"}]})
    >>> out = io.BytesIO()
    >>> xs = XmlStream(out, "urn:QDA-XML:project:1.0")
    >>> xs.start("Project", {"name": "p"}, root=True)
    >>> write_links(xs, cb, {"A": stable_guid("a"), "B": stable_guid("b")}, str.upper)
    >>> xs.end(); xs.close()
    >>> b'name="contradicts" direction="Associative" originGUID="' + stable_guid("a").upper().encode() in out.getvalue()
    True
    """
    relations = getattr(codebook, "relations", ()) if codebook is not None else ()
    if not relations:
        return
    xs.start("Links")
    for rel in relations:
        origin, target = code_guids[rel.source], code_guids[rel.target]
        attrs = {"guid": guid_text(stable_guid("relation", origin, target, rel.name)), "name": rel.name,
                 "direction": REFI_DIRECTIONS[rel.direction]}
        if rel.color:
            attrs["color"] = rel.color
        attrs.update(originGUID=guid_text(origin), targetGUID=guid_text(target))
        xs.leaf("Link", attrs)
    xs.end()


def _end(guid: str, ctx: Any, targets: dict[str, list[tuple[str, str]]]) -> str:
    """One end of a link, named as the report can: a note, a code, a text selection's passage, a document, else its GUID."""
    if guid in ctx.memos.notes:
        return f"note '{ctx.memos.notes[guid]['name'] or guid}'"
    if guid in getattr(ctx, "selection_places", {}):
        return ctx.selection_places[guid]
    places = targets.get(guid)
    if places and places[0][0] in ("code", "document"):
        return f"{places[0][0]} '{places[0][1]}'"
    return f"selection {guid}" if places else f"{guid} (nothing researchkit imported)" if guid else "?"


def attach_linked_notes(root: Any, ctx: Any, targets: dict[str, list[tuple[str, str]]], skip: set[int] | None = None) -> None:
    """Attach notes to what links tie them to; list the links that tie nothing researchkit holds.

    ``targets`` maps a GUID to its memo targets ``(target_type, target)``: codes, text
    sources (documents) and text selections (their codings, or their document). Links
    whose index is in ``skip`` (relations between codes, :func:`code_relations`) are passed over.
    """
    for i, link in enumerate(_links(root)):
        if skip and i in skip:
            continue
        origin, target = link_ends(link)
        label = link.get("name") or norm_guid(link.get("guid"))
        pairs = [(note, other) for note, other in ((origin, target), (target, origin)) if note in ctx.memos.notes and other in targets]
        if not pairs:
            ctx.report.not_carried.append(f"link '{label}' ({_end(origin, ctx, targets)} -> {_end(target, ctx, targets)}): "
                                          "researchkit has no links of this kind (it keeps relations between codes, and notes linked to what they are about)")
            continue
        note, other = pairs[0]
        places = targets[other]
        passage = getattr(ctx, "passage_names", {}).get(other)  # a passage nobody coded: the memo on its document is named after it
        if not sum(ctx.memos.attach([note], target_type, target_id, place=passage if target_type == "document" else None)
                   for target_type, target_id in places):
            ctx.report.warnings.append(f"link '{label}': note '{ctx.memos.notes[note]['name'] or note}' is already a memo "
                                       "there (a note reference or another link ties the same two); not attached twice")
            continue
        name = ctx.memos.notes[note]["name"] or note
        kept = (f"link '{label}': note '{name}' kept as a memo on "
                + ", ".join(f"{t} '{i}'" for t, i in places[:5]) + (f" and {len(places) - 5} more" if len(places) > 5 else ""))
        if passage:  # its passage survives only in the memo's name: said where the lost things are listed
            ctx.report.not_carried.append(f"{kept}: it is about {_end(other, ctx, targets)}, a selection without a coding; "
                                          "the memo is named after the passage (researchkit memos are not attached to passages)")
        else:
            ctx.report.warnings.append(kept)

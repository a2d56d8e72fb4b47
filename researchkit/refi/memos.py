"""Memos in REFI-QDA files: where each program reads them, and how researchkit reads them back.

The standard form is a ``<Note>`` (with a name, an optional ``Description`` and its
text) referred to by a ``<NoteRef>`` from the project, a source, a code or a coding.
Not every program reads that form; QualCoder, for one, reads

* code memos from the code's ``Description``,
* document memos from the source's ``Description``,
* coding memos from the ``PlainTextSelection``'s ``Description``,
* journals from ``Note``\\s with a ``plainTextPath`` (and a unique name),

and ignores the ``NoteRef``\\s. researchkit's export therefore writes every memo in the
standard form *and* appends it, as a labelled block (:func:`memo_block`), to the
``Description`` of its code, source or selection; project memos become notes with a
``plainTextPath``. On import the blocks that repeat a note referred to from the same
element are taken out again (:func:`strip_blocks`), so nothing is read twice.

Examples
--------
>>> block = memo_block("Memo on code HAV", "anna", "2026-11-27T10:00:00Z", "Te breed?")
>>> print(block)
Memo on code HAV (anna, 2026-11-27):
Te breed?
>>> strip_blocks("Definitie\\n\\n" + block, [block])
'Definitie'
>>> default_memo_name("code", "HAV"), is_default_name("Memo on project (2)")
('Memo on code HAV', True)
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Sequence

__all__ = ["MEMO_NAME_COLUMNS", "default_memo_name", "is_default_name", "memo_block", "strip_blocks", "unique_names"]

#: Optional memo columns carried by an Exchange: the note's name and its description.
MEMO_NAME_COLUMNS = ["name", "description"]
_DEFAULT = re.compile(r"^Memo on (project|document|code|coding)(\s.*?)?(\s\(\d+\))?$", re.S)


def default_memo_name(target_type: str, target: Any) -> str:
    """The name researchkit gives a memo without one (``Memo on document R01``)."""
    suffix = f" {target}" if target else ""
    return f"Memo on {target_type}{suffix}"


def is_default_name(name: Any) -> bool:
    """Whether ``name`` is empty or one researchkit made up (so it is not worth keeping)."""
    return not isinstance(name, str) or not name.strip() or bool(_DEFAULT.match(name))


def memo_block(name: str, author: str, created: Any, text: str) -> str:
    """A memo as a labelled block in a ``Description``: ``name (author, date):`` then the text."""
    date = str(created)[:10] if isinstance(created, str) and re.match(r"^\d{4}-\d{2}-\d{2}", created) else ""
    who = f"{author}, {date}" if date else str(author)
    return f"{name} ({who}):\n{text}"


def strip_blocks(text: str | None, blocks: Sequence[str]) -> str | None:
    """``text`` without the memo ``blocks`` researchkit appended to it (``None`` when nothing is left).

    A block is taken out only where it stands whole; what another program added stays.
    """
    if text is None:
        return None
    rest = text
    for block in blocks:
        at = rest.rfind(block)
        if at >= 0:
            rest = rest[:at].rstrip("\n") + rest[at + len(block):]
    rest = rest.strip("\n")
    return rest if rest.strip() else None


def unique_names(names: Iterable[str]) -> list[str]:
    """``names`` with repeats numbered (``Memo on project``, ``Memo on project (2)``).

    QualCoder stops importing on two journals of the same name.

    Examples
    --------
    >>> unique_names(["a", "a", "b", "a"])
    ['a', 'a (2)', 'b', 'a (3)']
    """
    seen: dict[str, int] = {}
    taken: set[str] = set()
    out = []
    for name in names:
        n = seen.get(name, 0) + 1
        seen[name] = n
        candidate = name if n == 1 else f"{name} ({n})"
        while candidate in taken:
            n += 1
            seen[name] = n
            candidate = f"{name} ({n})"
        taken.add(candidate)
        out.append(candidate)
    return out


class NoteCollector:
    """The ``<Note>``\\s of a project, turned into memo rows as elements refer to them.

    Parameters
    ----------
    notes
        ``guid -> {"text", "author", "created", "updated", "name", "description"}``.
    report
        The import report (unknown references are warned).
    default_author
        Author of memos made from ``Description``\\s.
    """

    def __init__(self, notes: dict[str, dict], report: Any, default_author: str) -> None:
        self.notes, self.report, self.default_author = notes, report, default_author
        self.rows: list[dict] = []
        self.attached: set[str] = set()
        self._placed: set[tuple[str, str, str]] = set()

    def attach(self, guids: list[str], target_type: str, target: str, *, place: str | None = None) -> int:
        """A memo on ``target`` for each note in ``guids`` (a note used twice is copied); how many were new.

        A note already on that very target (a ``NoteRef`` and a link, or two links) is not added again.
        ``place`` names the passage a note on a document is about (``on «de haven» (19-27)``):
        a note about a passage nobody coded becomes a memo on its document, and the place goes
        into the memo's name (after the note's own name, if it has one), so it is not lost.
        """
        from researchkit.refi.model import stable_guid

        added = 0
        for g in guids:
            note = self.notes.get(g)
            if note is None:
                self.report.warnings.append(f"NoteRef to unknown note {g} on {target_type} '{target}'; ignored")
                continue
            if (g, target_type, target) in self._placed:
                continue
            self._placed.add((g, target_type, target))
            added += 1
            memo_id = g if g not in self.attached else stable_guid("note-copy", g, target_type, target)
            self.attached.add(g)
            name = None if is_default_name(note["name"]) else note["name"]
            if place:
                name = f"{name} {place}" if name else place
            self.rows.append({"id": memo_id, "target_type": target_type, "target": target, "author": note["author"],
                              "text": note["text"], "created": note["created"], "updated": note["updated"],
                              "name": name,
                              "description": note["description"] or None})
        return added

    def blocks(self, guids: list[str]) -> list[str]:
        """The blocks researchkit would have appended to a ``Description`` for these notes."""
        return [memo_block(n["name"], n["author"], n["created"], n["text"]) for n in (self.notes.get(g) for g in guids)
                if n is not None and n["name"]]

    @staticmethod
    def strip(text: str | None, blocks: list[str]) -> str | None:
        """``text`` without ``blocks`` (see :func:`strip_blocks`); blank text is ``None``."""
        rest = strip_blocks(text, blocks) if blocks else text
        return rest if rest and rest.strip() else None

    def passage_comment(self, text: str, doc_id: str, selection: str, name: str, author: str, when: str | None) -> None:
        """A memo on document ``doc_id`` from the comment of one of its passages (selection GUID ``selection``)."""
        self.selection_comment(text, "document", doc_id, selection, name, author, when)

    def selection_comment(self, text: str, target_type: str, target: str, selection: str, name: str, author: str,
                          when: str | None) -> None:
        """A memo on ``target`` from the comment of a selection it cannot hold (a bare passage, a video segment ...)."""
        from researchkit.refi.model import stable_guid

        key = ("passage-comment", target, selection) if target_type == "document" else ("selection-comment", target_type, target, selection)
        self.rows.append({"id": stable_guid(*key), "target_type": target_type, "target": target,
                          "author": author, "text": text, "created": when or "", "updated": when or "", "name": name,
                          "description": None})

    def description(self, text: str | None, target_type: str, target: str, when: str | None, refs: list[str]) -> None:
        """A memo from an element's ``Description``, unless it only repeats the element's notes."""
        from researchkit.refi.model import stable_guid

        rest = self.strip(text, self.blocks(refs))
        if rest:
            self.rows.append({"id": stable_guid("description", target_type, target), "target_type": target_type,
                              "target": target, "author": self.default_author, "text": rest, "created": when or "",
                              "updated": when or "", "name": None, "description": None})

"""Memos on the project, documents, codes and codings: write, link, list, filter, search, export.

A memo has one first target (``target_type``, ``target``) and may be linked to more
(``rk_memo_links``): one memo about several codings. The note stored on a coding itself
(``code(..., memo=...)``) is a memo too: ``memos(notes=True)`` lists it, ``status()``
counts it, and :meth:`MemosPart.export_memos` writes it.

Examples
--------
>>> from researchkit.project.examples import example_project
>>> p = example_project({"R01": "R: de haven"})
>>> _ = p.memo("Respondent was nerveus", document="R01", author="anna")
>>> p.memos()[["target_type", "target", "text"]].values.tolist()
[['document', 'R01', 'Respondent was nerveus']]
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from sqlalchemy import Connection, select

from researchkit.errors import ProjectError
from researchkit.project import schema
from researchkit.project.codings import CodingsPart
from researchkit.project.faults import as_project_error, refuse_nul
from researchkit.project.rows import chunks, insert_ignoring_conflicts
from researchkit.project.schema import new_id, now

if TYPE_CHECKING:  # pandas loads when a table is built, not when the module is imported
    import pandas as pd

#: What a memo can be about, in the order memos are listed and exported.
MEMO_KINDS = ("project", "document", "code", "coding")
#: Columns of :meth:`MemosPart.memos`.
MEMO_COLUMNS = ["id", "target_type", "target", "author", "text", "created", "updated", "links", "source"]

Ids = str | Sequence[str] | None


def _as_list(value: Ids) -> list[str]:
    return [] if value is None else [value] if isinstance(value, str) else [str(v) for v in value]


def fold(text: str) -> str:
    """Text for searching: case-folded, accents and other combining marks removed.

    Examples
    --------
    >>> fold("Zíjlstra ÉÉN")
    'zijlstra een'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def search_terms(search: str) -> list[str]:
    """The terms of a memo search: words, and ``"quoted phrases"`` kept whole (folded).

    Examples
    --------
    >>> search_terms('smokkel "vreemde boten"')
    ['smokkel', 'vreemde boten']
    """
    return [fold(a or b) for a, b in re.findall(r'"([^"]+)"|(\S+)', search)]


class MemosPart(CodingsPart):
    """Memos: write, edit, link, list, filter, search and export."""

    def memo(
        self,
        text: str,
        *,
        document: str | None = None,
        code: str | None = None,
        coding: str | Sequence[str] | None = None,
        author: str | None = None,
        id: str | None = None,
    ) -> str:
        """Write a memo on the project (default), a document, a code or coding(s); or edit memo ``id``.

        ``coding`` may name several codings: one memo linked to all of them (the first
        is its ``target``, the others are in ``links``; see :meth:`link_memo`).

        Returns
        -------
        str
            The memo's id.

        Raises
        ------
        ProjectError
            RK315/RK318/RK319 for an unknown target, RK324 for more than one kind of
            target or an unknown ``id``, RK331 for a NUL character in the text.

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({})
        >>> _ = p.memo("Start of the second coding round", author="anna")
        >>> p.memos()["text"].tolist()
        ['Start of the second coding round']
        """
        codings = _as_list(coding)
        targets = [(k, v) for k, v in (("document", document), ("code", code), ("coding", codings[0] if codings else None)) if v is not None]
        if len(targets) > 1:
            raise ProjectError("RK324", "memo: give at most one of document=, code=, coding=", hint="write one memo per target")
        refuse_nul([text], field="memo text")
        target_type, target = targets[0] if targets else ("project", "")
        who = author or self.user
        m = schema.memos
        with self._write() as conn:
            self._check_targets(conn, target_type, codings or ([target] if target_type != "project" else []))
            if id is not None:
                old = conn.execute(select(m).where(m.c.id == id)).first()
                if old is None:
                    raise ProjectError("RK324", f"memo: no memo with id {id!r}", hint="take ids from project.memos()['id']")
                conn.execute(m.update().where(m.c.id == id).values(text=text, updated=now()))
                self._audit(conn, "edit_memo", f"memo:{id}", {"text": old.text}, {"text": text}, who=who)
                return id
            memo_id = new_id()
            stamp = now()
            self._ensure_coders(conn, [who])
            conn.execute(m.insert().values(id=memo_id, target_type=target_type, target=target, author=who, text=text, created=stamp, updated=stamp))
            self._audit(conn, "memo", f"{target_type}:{target}", None, {"id": memo_id, "text": text}, who=who)
            if len(codings) > 1:
                self._link(conn, memo_id, "coding", codings[1:], who=who)
        return memo_id

    def _check_targets(self, conn: Connection, target_type: str, targets: list[str]) -> None:
        if target_type == "document":
            for t in targets:
                self._text(conn, t)
        elif target_type == "coding":
            self._fetch_codings(conn, targets)
        elif target_type == "code":
            self._check_codes(conn, targets)

    def _link(self, conn: Connection, memo_id: str, target_type: str, targets: list[str], *, who: str) -> int:
        rows = [{"memo_id": memo_id, "target_type": target_type, "target": t, "created": now()} for t in dict.fromkeys(targets)]
        before = conn.execute(select(schema.memo_links.c.target).where(schema.memo_links.c.memo_id == memo_id)).scalars().all()
        conn.execute(insert_ignoring_conflicts(conn, schema.memo_links, ["memo_id", "target_type", "target"]), rows)
        added = sorted({r["target"] for r in rows} - set(before))
        if added:
            self._audit(conn, "link_memo", f"memo:{memo_id}", None, {"target_type": target_type, "targets": added}, who=who)
        return len(added)

    def link_memo(
        self,
        id: str,
        *,
        coding: Ids = None,
        document: Ids = None,
        code: Ids = None,
        unlink: bool = False,
        author: str | None = None,
    ) -> int:
        """Link memo ``id`` to more codings (or documents, codes), or ``unlink`` it from them.

        The memo's first target stays as it is. Linking what is already linked does nothing.

        Returns
        -------
        int
            Number of links added (or removed).

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({"R01": "R: de haven van Harlingen"})
        >>> a = p.code("R01", quote="haven", code="HAV", coder="anna")["id"].item()
        >>> b = p.code("R01", quote="Harlingen", code="HAV", coder="anna")["id"].item()
        >>> memo_id = p.memo("Twee keer dezelfde haven", coding=a, author="anna")
        >>> p.link_memo(memo_id, coding=b), len(p.memos(target=b))
        (1, 1)
        """
        who = author or self.user
        wanted = [(kind, t) for kind, values in (("coding", coding), ("document", document), ("code", code)) for t in _as_list(values)]
        ml = schema.memo_links
        changed = 0
        with self._write() as conn:
            if conn.execute(select(schema.memos.c.id).where(schema.memos.c.id == id)).first() is None:
                raise ProjectError("RK324", f"link_memo: no memo with id {id!r}", hint="take ids from project.memos()['id']")
            for kind in ("coding", "document", "code"):
                targets = [t for k, t in wanted if k == kind]
                if not targets:
                    continue
                if not unlink:
                    self._check_targets(conn, kind, targets)
                    changed += self._link(conn, id, kind, targets, who=who)
                    continue
                result = conn.execute(ml.delete().where(ml.c.memo_id == id, ml.c.target_type == kind, ml.c.target.in_(targets)))
                if result.rowcount:
                    self._audit(conn, "unlink_memo", f"memo:{id}", {"target_type": kind, "targets": sorted(targets)}, None, who=who)
                changed += result.rowcount
        return changed

    def memos(
        self,
        *,
        kind: Ids = None,
        target: Ids = None,
        search: str | None = None,
        author: Ids = None,
        code: Ids = None,
        doc_id: Ids = None,
        notes: bool = False,
    ) -> pd.DataFrame:
        """Memos, filtered and searched, sorted by kind, target, then creation.

        Parameters
        ----------
        kind
            ``"project"``, ``"document"``, ``"code"``, ``"coding"`` (or a list).
        target
            Memos about these documents, codes or codings (their first target or a link).
        search
            Words and ``"quoted phrases"`` that must all occur in the text; case and
            accents are ignored (``zijlstra`` finds "Zíjlstra").
        author
            Who wrote them (a coder name, or a list).
        code
            Memos on these codes, and on codings with these codes.
        doc_id
            Memos on these documents, and on codings in them.
        notes
            Also list the notes stored on codings themselves (``code(..., memo=...)``):
            ``id`` and ``target`` are then the coding's id, ``source`` is ``"coding"``.

        Returns
        -------
        pandas.DataFrame
            Columns :data:`MEMO_COLUMNS`: ``id, target_type, target, author, text, created,
            updated``, ``links`` (tuple of further targets, ``"coding:<id>"`` ...) and
            ``source`` (``"memo"``, or ``"coding"`` for a note on a coding).

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({"R01": "R: de haven"})
        >>> _ = p.memo("Eerste ronde", author="anna")
        >>> _ = p.code("R01", quote="haven", code="HAV", coder="bert", memo="Zíjlstra zei dit")
        >>> p.memos()[["target_type", "author", "text"]].values.tolist()
        [['project', 'anna', 'Eerste ronde']]
        >>> p.memos(search="zijlstra", notes=True)[["target_type", "author", "source"]].values.tolist()
        [['coding', 'bert', 'coding']]
        """
        import pandas as pd

        kinds = _as_list(kind)
        bad = [k for k in kinds if k not in MEMO_KINDS]
        if bad:
            raise ProjectError("RK324", f"memos(kind=...): unknown kind(s) {', '.join(map(repr, bad))}", hint=f"use {', '.join(MEMO_KINDS)}")
        with self._read() as conn:
            frame = _memo_frame(conn, notes=notes)
            if code is not None or doc_id is not None:
                about = _coding_facts(conn, _coding_targets(frame))
        keep = pd.Series(True, index=frame.index)
        if kinds:
            keep &= frame["target_type"].isin(kinds)
        if author is not None:
            keep &= frame["author"].isin(_as_list(author))
        if target is not None:
            keep &= _about(frame, set(_as_list(target)))
        for values, kind_name, field in ((code, "code", 1), (doc_id, "document", 0)):
            if values is not None:
                wanted = set(_as_list(values))
                on_coding = [any(about.get(t, ("", ""))[field] in wanted for t in _all_codings(r)) for r in frame.itertuples()]
                keep &= (frame["target_type"].eq(kind_name) & frame["target"].isin(wanted)) | pd.Series(on_coding, index=frame.index, dtype=bool)
        if search:
            terms = search_terms(search)
            keep &= frame["text"].map(lambda t: all(term in fold(t) for term in terms)).astype(bool)
        return frame[keep].reset_index(drop=True)

    def export_memos(self, path: str | os.PathLike, *, title: str | None = None, **filters: object) -> Path:
        """Write memos to a Markdown (``.md``) or Word (``.docx``) file, atomically.

        The memos are grouped by what they are about; a memo on codings shows each
        coded passage (document, code, coder, offsets). ``filters`` are those of
        :meth:`memos`; notes on codings are included unless ``notes=False``.

        Raises
        ------
        ProjectError
            RK333 for another file type, RK330 when the disk is full (nothing is half-written).

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({"R01": "R: de haven"})
        >>> _ = p.memo("Let op de haven", document="R01", author="anna")
        >>> path = p.export_memos(os.path.join(tempfile.mkdtemp(), "memos.md"))
        >>> "Let op de haven" in path.read_text(encoding="utf-8")
        True
        """
        from researchkit.project.memo_export import write_memos

        filters.setdefault("notes", True)
        frame = self.memos(**filters)  # type: ignore[arg-type]
        with self._read() as conn:
            facts = _coding_facts(conn, _coding_targets(frame), full=True)
        codes = self.codes()
        names = dict(zip(codes["code_id"], codes["name"])) if len(codes) else {}
        try:
            return write_memos(frame, facts, path, title=title or f"Memos — {Path(str(self.location)).stem}", code_names=names)
        except OSError as err:  # a full disk: atomic_write left the old file (if any) as it was
            problem = as_project_error(err, str(path))
            if problem is None:
                raise
            raise problem from None


def _memo_frame(conn: Connection, *, notes: bool) -> pd.DataFrame:
    """Every memo (and, with ``notes``, every note on a coding) as one table, sorted."""
    import pandas as pd

    m, ml, c = schema.memos, schema.memo_links, schema.codings
    links: dict[str, list[str]] = {}
    for r in conn.execute(select(ml.c.memo_id, ml.c.target_type, ml.c.target).order_by(ml.c.memo_id, ml.c.target_type, ml.c.target)):
        links.setdefault(r.memo_id, []).append(f"{r.target_type}:{r.target}")
    rows = [dict(r._mapping, links=tuple(links.get(r.id, ())), source="memo")
            for r in conn.execute(select(m).order_by(m.c.target_type, m.c.target, m.c.created, m.c.id))]
    if notes:
        query = select(c.c.id, c.c.coder, c.c.memo, c.c.created).where(c.c.memo.is_not(None), c.c.memo != "")
        rows += [{"id": r.id, "target_type": "coding", "target": r.id, "author": r.coder, "text": r.memo, "created": r.created,
                  "updated": r.created, "links": (), "source": "coding"} for r in conn.execute(query)]
        order = {k: i for i, k in enumerate(sorted(MEMO_KINDS))}
        rows.sort(key=lambda r: (order[r["target_type"]], r["target"], r["created"], r["id"]))
    return pd.DataFrame(rows, columns=MEMO_COLUMNS)


def _all_codings(row: object) -> list[str]:
    first = [row.target] if row.target_type == "coding" else []  # type: ignore[attr-defined]
    return first + [t.split(":", 1)[1] for t in row.links if t.startswith("coding:")]  # type: ignore[attr-defined]


def _coding_targets(frame: pd.DataFrame) -> list[str]:
    return sorted({t for r in frame.itertuples() for t in _all_codings(r)})


def _about(frame: pd.DataFrame, wanted: set[str]) -> pd.Series:
    import pandas as pd

    linked = [any(t.split(":", 1)[1] in wanted for t in links) for links in frame["links"]]
    return frame["target"].isin(wanted) | pd.Series(linked, index=frame.index, dtype=bool)


def _coding_facts(conn: Connection, ids: list[str], *, full: bool = False) -> dict[str, tuple]:
    """``id -> (doc_id, code[, coder, start, end, text])`` of the codings memos are about."""
    c = schema.codings
    cols = [c.c.id, c.c.doc_id, c.c.code] + ([c.c.coder, c.c.start, c.c.end, c.c.text] if full else [])
    out: dict[str, tuple] = {}
    for chunk in chunks(ids, size=500):
        out.update({r[0]: tuple(r[1:]) for r in conn.execute(select(*cols).where(c.c.id.in_(chunk)))})
    return out

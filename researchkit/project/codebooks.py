"""The codebook in the project: every version kept, codes with stable UUIDs, code checks.

Also the pure edits of a codebook's YAML tree that merging and splitting codes need.

Examples
--------
>>> from researchkit.project.examples import example_project
>>> p = example_project({})
>>> p.set_codebook({"codes": [{"id": "HAV", "name": "Haven"}]})
>>> p.codes()["code_id"].tolist()
['HAV']
"""

from __future__ import annotations

import difflib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy import Connection, select

from researchkit.errors import ProjectError
from researchkit.project import schema
from researchkit.project.database import Database
from researchkit.project.faults import refuse_nul
from researchkit.project.schema import new_id, now

if TYPE_CHECKING:  # pandas loads when a table is built, not when the module is imported
    import pandas as pd


class CodebookPart(Database):
    """The codebook: store a version, read the current one, check codes against it."""

    def set_codebook(self, codebook: Any, *, coder: str | None = None, force: bool = False,
                     uuids: Mapping[str, str] | None = None) -> None:
        """Store a codebook (a :class:`~researchkit.codebook.Codebook`, a YAML path or a dict) as the current one.

        Every version is kept; codes keep their UUID across versions (``uuids`` gives
        ``code id -> UUID`` for codes imported with another program's GUIDs). Codes still
        used by codings but missing from the new codebook are refused unless ``force``.

        Raises
        ------
        ProjectError
            RK318 listing codes in use that the codebook lacks.

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({})
        >>> p.set_codebook({"codes": [{"id": "SIG", "name": "Signals"}]})
        >>> "SIG" in p.codebook()
        True
        """
        text = codebook_yaml(codebook)
        refuse_nul([text], field="codebook YAML", where="set_codebook")
        data = yaml_load(text)
        with self._write() as conn:
            self._store_codebook(conn, data, text, who=coder or self.user, force=force, uuids=uuids)

    def _store_codebook(self, conn: Connection, data: dict, text: str, *, who: str, force: bool, action: str = "set_codebook",
                        uuids: Mapping[str, str] | None = None) -> None:
        from researchkit.codebook import Codebook

        new_codes = list(Codebook.from_dict(data).walk())
        ids = {code.id for code in new_codes}
        if not force:
            missing = {k: v for k, v in self._code_usage(conn).items() if k not in ids}
            if missing:
                listing = ", ".join(f"{k} ({v} codings)" for k, v in sorted(missing.items()))
                raise ProjectError(
                    "RK318", f"{self.location}: codes in use are not in the new codebook: {listing}",
                    hint="recode or merge those codings first, or pass force=True",
                )
        prev_id = conn.execute(select(sa.func.max(schema.codebooks.c.id))).scalar()
        previous: dict[str, str] = {}
        if prev_id is not None:
            previous = dict(conn.execute(select(schema.codes.c.code_id, schema.codes.c.uuid).where(schema.codes.c.codebook_id == prev_id)).all())
        previous.update({k: v for k, v in (uuids or {}).items() if v})
        book_id = conn.execute(schema.codebooks.insert().values(yaml=text, created=now(), coder=who)).inserted_primary_key[0]
        from researchkit.refi.model import declared_code_guids  # GUIDs a codebook read from a .qdc declares

        declared = declared_code_guids(new_codes, previous)
        rows = [_code_row(book_id, position, code, {**declared, **previous}) for position, code in enumerate(new_codes)]
        if rows:
            conn.execute(schema.codes.insert(), rows)
        self._audit(conn, action, "codebook", {"codebook_id": prev_id}, {"codebook_id": book_id, "codes": sorted(ids)}, who=who)

    def codebook(self) -> Any:
        """The current codebook as a :class:`~researchkit.codebook.Codebook`, or ``None`` if none was set.

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({})
        >>> p.codebook() is None
        True
        >>> p.set_codebook({"codes": [{"id": "HAV", "name": "Haven"}]})
        >>> len(p.codebook())
        1
        """
        from researchkit.codebook import Codebook

        text = self._codebook_text()
        return None if text is None else Codebook.from_dict(yaml_load(text))

    def _codebook_text(self, conn: Connection | None = None) -> str | None:
        q = select(schema.codebooks.c.yaml).order_by(schema.codebooks.c.id.desc()).limit(1)
        if conn is not None:
            return conn.execute(q).scalar()
        with self._read() as c:
            return c.execute(q).scalar()

    def codes(self) -> pd.DataFrame:
        """The codes of the current codebook with their stable UUIDs, in codebook order.

        Columns: ``codebook_id, code_id, uuid, name, description, color, parent, level, path, position``.

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({})
        >>> p.set_codebook({"codes": [{"id": "HAV", "name": "Haven", "children": [{"id": "HAV.n", "name": "Noord"}]}]})
        >>> p.codes()[["code_id", "path", "level"]].values.tolist()
        [['HAV', 'HAV', 1], ['HAV.n', 'HAV/HAV.n', 2]]
        """
        import pandas as pd

        c = schema.codes
        latest = select(sa.func.max(schema.codebooks.c.id)).scalar_subquery()
        with self._read() as conn:
            rows = conn.execute(select(c).where(c.c.codebook_id == latest).order_by(c.c.position)).all()
        return pd.DataFrame([dict(r._mapping) for r in rows], columns=[col.name for col in c.columns])

    def _code_ids(self, conn: Connection) -> set[str] | None:
        latest = conn.execute(select(sa.func.max(schema.codebooks.c.id))).scalar()
        if latest is None:
            return None
        return set(conn.execute(select(schema.codes.c.code_id).where(schema.codes.c.codebook_id == latest)).scalars())

    def _code_usage(self, conn: Connection) -> dict[str, int]:
        c = schema.codings
        return dict(conn.execute(select(c.c.code, sa.func.count()).group_by(c.c.code)).all())

    def _check_codes(self, conn: Connection, codes: Iterable[str]) -> None:
        known = self._code_ids(conn)
        if known is None:
            return
        unknown = sorted(set(codes) - known)
        if unknown:
            hints = []
            for u in unknown[:10]:
                close = difflib.get_close_matches(u, sorted(known), n=1)
                hints.append(f"{u!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
            raise ProjectError(
                "RK318", f"{self.location}: code(s) not in the project codebook: {', '.join(hints)}",
                hint="add the code to the codebook (set_codebook) or correct the code id",
            )


def _code_row(book_id: int, position: int, code: Any, previous: Mapping[str, str]) -> dict:
    parent = getattr(code, "parent", None)
    parent = getattr(parent, "id", parent)
    path = getattr(code, "path", code.id)
    if isinstance(path, (list, tuple)):
        path = "/".join(str(getattr(p, "id", p)) for p in path)
    return {
        "codebook_id": book_id, "code_id": code.id, "uuid": previous.get(code.id) or new_id(),
        "name": code.name or code.id, "description": getattr(code, "description", None) or None,
        "color": getattr(code, "color", None) or None, "parent": parent, "level": int(getattr(code, "level", 0) or 0),
        "path": str(path), "position": position,
    }


# ----------------------------------------------------------------------------- YAML and the code tree


def codebook_yaml(codebook: Any) -> str:
    """The YAML text to store for a Codebook, a YAML path, YAML text or a dict.

    Examples
    --------
    >>> print(codebook_yaml({"codes": [{"id": "A", "name": "Alpha"}]}).strip())
    codes:
    - id: A
      name: Alpha
    """
    if isinstance(codebook, (str, os.PathLike)) and not (isinstance(codebook, str) and "\n" in codebook):
        path = Path(codebook)
        if not path.exists():
            raise ProjectError("RK324", f"{path}: codebook file not found", hint="check the path")
        return path.read_text(encoding="utf-8")
    if isinstance(codebook, str):
        return codebook
    if isinstance(codebook, Mapping):
        return yaml_dump(dict(codebook))
    to_dict = getattr(codebook, "to_dict", None)
    if callable(to_dict):
        return yaml_dump(to_dict())
    save = getattr(codebook, "save", None)
    if callable(save):
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "codebook.yaml"
            save(target)
            return target.read_text(encoding="utf-8")
    raise ProjectError("RK324", f"set_codebook: cannot store a {type(codebook).__name__}", hint="give a Codebook, a YAML path or a dict")


def yaml_load(text: str) -> dict:
    """A stored codebook's YAML as a dict (with the YAML safety limits).

    Examples
    --------
    >>> yaml_load("codes: []")
    {'codes': []}
    """
    from researchkit.yamlsafe import safe_load

    data = safe_load(text)
    if not isinstance(data, dict):
        raise ProjectError("RK324", "the codebook YAML is not a mapping with a 'codes' list", hint="see docs/project.md")
    return data


def yaml_dump(data: Mapping) -> str:
    """Codebook data as YAML text (keys in their order, Unicode kept).

    Examples
    --------
    >>> yaml_dump({"codes": []})
    'codes: []\\n'
    """
    import yaml

    return yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True, default_flow_style=False)


def nested(text: str) -> dict:
    """The codebook YAML as plain data with every code nested under its parent.

    Examples
    --------
    >>> nested("codes:\\n- {id: A, name: A}\\n- {id: B, name: B, parent: A}")["codes"][0]["children"][0]["id"]
    'B'
    """
    from researchkit.codebook import Codebook

    return Codebook.from_dict(yaml_load(text)).to_dict()


def _walk_nodes(nodes: list, parent: dict | None = None) -> Iterator[tuple[dict, list, dict | None]]:
    for node in list(nodes):
        yield node, nodes, parent
        yield from _walk_nodes(node.get("children") or [], node)


def merge_in_tree(data: dict, merged: Sequence[str], into: str) -> None:
    """Remove ``merged`` codes from a codebook dict, moving their children under ``into``.

    Relations of a merged code become relations of ``into`` (a relation between two codes
    merged into one is left out, and so is one ``into`` already has).

    Examples
    --------
    >>> data = {"codes": [{"id": "A"}, {"id": "B", "children": [{"id": "B.1"}]}]}
    >>> merge_in_tree(data, ["B"], "A"); data
    {'codes': [{'id': 'A', 'children': [{'id': 'B.1'}]}]}
    """
    target = next(node for node, _, _ in _walk_nodes(data.get("codes") or []) if node.get("id") == into)
    for code_id in merged:
        for node, siblings, _ in list(_walk_nodes(data.get("codes") or [])):
            if node.get("id") == code_id:
                siblings.remove(node)
                children = node.get("children") or []
                if children:
                    target.setdefault("children", []).extend(children)
                break
    if data.get("relations"):
        from researchkit.codebook.relations import remap_relations

        data["relations"] = remap_relations(data["relations"], {code_id: into for code_id in merged})


def add_children(data: dict, parent_id: str, new_ids: Sequence[str]) -> None:
    """Add codes ``new_ids`` (named after their id) under ``parent_id`` in a codebook dict.

    Examples
    --------
    >>> data = {"codes": [{"id": "A"}]}
    >>> add_children(data, "A", ["A.1"]); data
    {'codes': [{'id': 'A', 'children': [{'id': 'A.1', 'name': 'A.1'}]}]}
    """
    parent = next(node for node, _, _ in _walk_nodes(data.get("codes") or []) if node.get("id") == parent_id)
    kids = parent.setdefault("children", [])
    for new in new_ids:
        kids.append({"id": new, "name": new})

"""A codebook as the CSV file Taguette imports (``Project > Import codebook``).

Taguette reads codebooks only as CSV (``taguette/import_codebook.py`` in
``remram44/taguette``): the file is decoded as UTF-8 (a byte-order mark would become part
of the first header, so none is written), the header must name exactly one of the columns
``tag``, ``name`` or ``path`` (upper-case headers are not recognised by the upstream
version) and may name ``description`` and (since Taguette gave tags a parent, 2024:
``parent_id`` in its ``tags`` table, ``parent`` in its own codebook export
``tag,parent,description,number of highlights`` and in ``import_codebook.list_tags_csv``)
``parent``, the parent tag's path; earlier versions ignore every other column. Each row is
one tag, its path and description stripped of surrounding white space; an empty path stops
the import ("Empty tag name"). In the versions without parents a tag's place in the tree is
its path, the levels joined with dots (``interesting.places`` is ``places`` under
``interesting``; exporting ``interesting`` takes every tag whose path starts with it).
Paths are unique in a project and at most 200 characters long, a description at most
102,400; of two rows with the same path only the first is offered for import.

So every code becomes one row: ``tag`` is the path of names from the top of the codebook
joined with dots, ``parent`` the parent's path (empty at the top), so both kinds of Taguette
build the tree (two codes ``Klein`` under ``Haven`` and under ``Douane`` become
``Haven.Klein`` and ``Douane.Klein``, two different tags), ``description`` the definition
with its ``Include:``/``Exclude:``/``Example:`` lines, as in a ``.qdc``. Two codes whose
paths would be the same tag (a top-level ``Haven.Klein`` beside ``Klein`` under ``Haven``,
two siblings of one name, or paths differing only in case) are refused (``RK610``) with
both named, because Taguette would keep one and drop the other; a path or description
over Taguette's limits is refused (``RK611``).

Examples
--------
>>> from researchkit.codebook import Codebook
>>> cb = Codebook.from_dict({"codes": [
...     {"id": "HAV", "name": "Haven", "children": [{"id": "HAV.K", "name": "Klein", "description": "Kleine havens"}]},
...     {"id": "DOU", "name": "Douane", "children": [{"id": "DOU.K", "name": "Klein"}]}]})
>>> print(taguette_codebook_csv(cb), end="")
tag,parent,description
Haven,,
Haven.Klein,Haven,Kleine havens
Douane,,
Douane.Klein,Douane,
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from researchkit.errors import ExchangeError
from researchkit.fileio import atomic_write
from researchkit.refi.qde import code_description

__all__ = ["taguette_tags", "taguette_codebook_csv", "write_taguette_codebook", "MAX_TAG_PATH", "MAX_DESCRIPTION"]

#: Taguette's limits (``taguette/validate.py``: ``tag_path``, ``tag_description``).
MAX_TAG_PATH = 200
MAX_DESCRIPTION = 102_400


def _names(code: Any, codebook: Any) -> list[str]:
    names = []
    node = code
    while node is not None:
        names.append(node.name.strip())
        node = codebook[node.parent] if node.parent is not None else None
    return list(reversed(names))


def taguette_tags(codebook: Any, *, where: str | Path = "Taguette codebook") -> list[tuple[str, str, str]]:
    """``(tag path, parent's tag path, description)`` per code, parents first, as Taguette will read them.

    Parameters
    ----------
    codebook
        A :class:`~researchkit.codebook.Codebook` with at least one code.
    where
        The file named in errors.

    Raises
    ------
    ExchangeError
        ``RK606`` no codes; ``RK610`` two codes would be one Taguette tag; ``RK611`` a
        path or description over Taguette's limits.

    Examples
    --------
    >>> from researchkit.codebook import Codebook
    >>> taguette_tags(Codebook.from_dict({"codes": [{"id": "A", "name": "Dr. Smith"}]}))
    [('Dr. Smith', '', '')]
    """
    if codebook is None or not len(codebook):
        raise ExchangeError("RK606", where, "the codebook has no codes", hint="load a codebook with at least one code")
    rows: list[tuple[str, str, str]] = []
    seen: dict[str, Any] = {}
    for code in codebook.walk():
        names = _names(code, codebook)
        path = ".".join(names).strip()
        label = " > ".join(names)
        key = path.casefold()
        if key in seen:
            other = seen[key]
            raise ExchangeError(
                "RK610", where,
                f"codes {other.id!r} ({' > '.join(_names(other, codebook))}) and {code.id!r} ({label}) would both be the "
                f"Taguette tag {path!r}: Taguette joins the levels of a tag with dots and keeps one tag per path "
                "(case ignored by some of its databases), so one of them would be lost",
                hint=f"rename one of the two codes (or a parent) in the codebook, e.g. {code.id!r}, so that their "
                     "dotted paths differ, and write the codebook again")
        seen[key] = code
        if len(path) > MAX_TAG_PATH:
            raise ExchangeError("RK611", where, f"code {code.id!r} ({label}) would be the Taguette tag {path[:60]!r}... of "
                                f"{len(path)} characters; Taguette takes tag paths of at most {MAX_TAG_PATH}",
                                hint="shorten the names of this code or of its parents")
        description = code_description(code).strip()
        if len(description) > MAX_DESCRIPTION:
            raise ExchangeError("RK611", where, f"the description of code {code.id!r} ({label}) has {len(description)} "
                                f"characters; Taguette takes at most {MAX_DESCRIPTION}",
                                hint="shorten its definition, criteria or examples")
        rows.append((path, ".".join(names[:-1]).strip(), description))
    return rows


def taguette_codebook_csv(codebook: Any, *, where: str | Path = "Taguette codebook") -> str:
    """The text of the Taguette codebook CSV: header ``tag,parent,description``, one row per code (see :func:`taguette_tags`).

    Examples
    --------
    >>> from researchkit.codebook import Codebook
    >>> taguette_codebook_csv(Codebook.from_dict({"codes": [{"id": "A", "name": "a, b", "description": "x\\ny"}]}))
    'tag,parent,description\\n"a, b",,"x\\ny"\\n'
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["tag", "parent", "description"])
    writer.writerows(taguette_tags(codebook, where=where))
    return out.getvalue()


def write_taguette_codebook(codebook: Any, path: str | Path) -> Path:
    """Write ``codebook`` as the CSV Taguette imports (UTF-8 without BOM, atomically).

    Parameters
    ----------
    codebook
        A :class:`~researchkit.codebook.Codebook`.
    path
        The ``.csv`` file to write (replaced atomically; nothing is written on an error).

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import tempfile, os
    >>> from researchkit.codebook import Codebook
    >>> cb = Codebook.from_dict({"codes": [{"id": "I", "name": "interesting", "children": [{"id": "P", "name": "places"}]}]})
    >>> write_taguette_codebook(cb, os.path.join(tempfile.mkdtemp(), "cb.csv")).read_bytes()
    b'tag,parent,description\\ninteresting,,\\ninteresting.places,interesting,\\n'
    """
    return atomic_write(path, taguette_codebook_csv(codebook, where=path).encode("utf-8"))

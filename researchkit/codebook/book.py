"""The :class:`Codebook`: a validated tree of codes with load/save, queries, colours and roll-up.

Examples
--------
>>> cb = Codebook.from_dict({"codes": [
...     {"id": "SAM", "name": "Samenwerking", "keywords": ["samenwerking"],
...      "children": [{"id": "SAM.1", "name": "Informatiedeling", "keywords": ["delen"]}]}]})
>>> len(cb), "SAM.1" in cb, cb["SAM.1"].parent, cb["SAM.1"].path
(2, True, 'SAM', 'SAM/SAM.1')
"""

from __future__ import annotations

import copy
import difflib
import os
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

import pandas as pd
import yaml

from researchkit.codebook.build import build_codebook, check_depth
from researchkit.codebook.checks import rule_warnings
from researchkit.codebook.colors import resolve_colors
from researchkit.codebook.model import DEFAULT_NEGATION_CUES, DEFAULT_NEGATION_WINDOW, Code, Negation, Relation
from researchkit.codebook.tree import check_level, rollup
from researchkit.codebook.yamlload import parse_yaml
from researchkit.errors import CodebookError, ConfigurationError

__all__ = ["Codebook"]


class Codebook:
    """A hierarchical codebook.

    Build one with :meth:`load` (YAML file) or :meth:`from_dict`. ``len(cb)`` counts
    all codes, ``"SIG.1" in cb`` tests membership, ``cb["SIG.1"]`` returns the
    :class:`Code`.

    Attributes
    ----------
    codes
        The top-level codes.
    language
        Language of names and keywords (``"nl"`` by default); selects the spaCy pipeline.
    title, version, description
        Metadata from the YAML file.
    name_en, description_en
        English title and description, if given (for reports in English).
    negation
        Default negation cues and window for codes that say ``negation: true``.
    source
        Path the codebook was loaded from, if any.
    relations
        Named relations between codes (:class:`~researchkit.codebook.model.Relation`), the
        ``relations:`` list of the YAML (see :mod:`researchkit.codebook.relations`).

    Examples
    --------
    >>> cb = Codebook.from_dict({"language": "nl", "codes": [{"id": "A", "name": "Alpha"}]})
    >>> cb["A"].name, cb.language
    ('Alpha', 'nl')
    """

    def __init__(
        self,
        codes: Sequence[Code],
        *,
        language: str = "nl",
        title: str | None = None,
        version: Any = None,
        description: str = "",
        negation: Negation | None = None,
        source: str | None = None,
        negation_raw: Any = None,
        name_en: str | None = None,
        description_en: str | None = None,
        relations: Sequence[Relation] = (),
    ) -> None:
        self.codes: list[Code] = list(codes)
        self.language = language
        self.title = title
        self.version = version
        self.description = description
        self.name_en = name_en
        self.description_en = description_en
        self.negation = negation or Negation(DEFAULT_NEGATION_CUES.get(language, ()), DEFAULT_NEGATION_WINDOW)
        self.source = source
        self._negation_raw = negation_raw
        self._index: dict[str, Code] = {c.id: c for c in self.walk()}
        self.relations: tuple[Relation, ...] = tuple(relations)
        unknown = sorted({c for r in self.relations for c in (r.source, r.target) if c not in self._index})
        if unknown:
            raise ConfigurationError("RK213", f"relations name codes the codebook does not have: {', '.join(unknown)}",
                                     hint="relate codes of this codebook only (Codebook.ids lists them)")

    # -- construction ----------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike) -> "Codebook":
        """Read and validate a YAML codebook (or a spreadsheet codebook, see below).

        Parameters
        ----------
        path
            The ``.yaml`` file, a ``.csv``/``.tsv``/``.xlsx``/``.xlsm`` sheet, or a Markdown
            (``.md``/``.markdown``) codebook table or list.

        Raises
        ------
        CodebookError
            ``RK210`` file missing, ``RK211`` YAML syntax error (with line and column),
            ``RK212`` invalid codebook, listing every problem with its line.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "cb.yaml"
        >>> _ = p.write_text("codes:\\n  - id: A\\n    name: Alpha\\n", encoding="utf-8")
        >>> Codebook.load(p)["A"].line
        2

        A spreadsheet (``.csv``, ``.tsv``, ``.xlsx``, ``.xlsm``) or Markdown file (``.md``) is read with :meth:`from_table`,
        so a run configuration or ``researchkit project codebook`` can name one directly.
        """
        p = Path(path)
        if p.suffix.lower() in (".csv", ".tsv", ".xlsx", ".xlsm", ".md", ".markdown"):
            return cls.from_table(p)
        try:
            text = p.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CodebookError("RK210", p, ["the codebook file does not exist"],
                                hint="check the path (e.g. codebook/havens.yaml)") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CodebookError("RK210", p, [f"the codebook cannot be read: {exc}"],
                                hint="save the codebook as UTF-8 text") from None
        data, problems = parse_yaml(text, str(p))
        return cls._from_data(data, str(p), problems)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Codebook":
        """Build and validate a codebook from plain data in the YAML shape.

        Examples
        --------
        >>> Codebook.from_dict({"codes": [{"id": "A", "name": "Alpha", "color": "#00ff00"}]})["A"].color
        '#00FF00'
        """
        if isinstance(data, Mapping):
            check_depth(data, "<codebook>")  # before deepcopy, which would recurse
            data = copy.deepcopy(dict(data))
        return cls._from_data(data, "<codebook>", [])

    @classmethod
    def from_table(cls, path: str | os.PathLike, **options: Any) -> "Codebook":
        """Read a codebook kept as a spreadsheet or exported by a QDA program (``.csv``, ``.xlsx``).

        The options are those of :func:`researchkit.codebook.table.import_codebook_table`
        (``sheet``, ``columns``, ``header``, ``encoding``, ``language``, ``title``); notes
        come as ``CodebookWarning`` (RK249).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "codes.csv"
        >>> _ = p.write_text("Code;Omschrijving\\nHaven;Alles over de haven\\n", encoding="utf-8")
        >>> Codebook.from_table(p)["Haven"].description
        'Alles over de haven'
        """
        from researchkit.codebook.table import read_codebook_table

        return read_codebook_table(path, **options)

    @classmethod
    def _from_data(cls, data: Any, source: str, problems: list[str]) -> "Codebook":
        codes, settings = build_codebook(data, source, problems)
        return cls(codes, source=None if source == "<codebook>" else source, **settings)

    # -- container protocol ----------------------------------------------------------

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, code_id: object) -> bool:
        return code_id in self._index

    def __getitem__(self, code_id: str) -> Code:
        try:
            return self._index[code_id]
        except KeyError:
            close = difflib.get_close_matches(str(code_id), list(self._index), n=3)
            raise KeyError(
                str(ConfigurationError(
                    "RK213", f"no code {code_id!r} in the codebook" + (f" (did you mean {', '.join(close)}?)" if close else ""),
                    hint="use one of the ids listed by Codebook.to_frame()",
                ))
            ) from None

    def __iter__(self) -> Iterator[Code]:
        return self.walk()

    def __repr__(self) -> str:
        return f"Codebook({self.title or 'untitled'!r}, {len(self)} codes, {len(self.codes)} top-level, language={self.language!r})"

    def walk(self) -> Iterator[Code]:
        """Yield every code depth-first, parents before children, in file order.

        Examples
        --------
        >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "a", "children": [{"id": "A.1", "name": "b"}]},
        ...                                     {"id": "B", "name": "c"}]})
        >>> [c.id for c in cb.walk()]
        ['A', 'A.1', 'B']
        """
        stack = list(reversed(self.codes))
        while stack:
            code = stack.pop()
            yield code
            stack.extend(reversed(code.children))

    @property
    def ids(self) -> list[str]:
        """All code ids, depth-first."""
        return [c.id for c in self.walk()]

    @property
    def depth(self) -> int:
        """The deepest level in the tree (1 for a flat codebook)."""
        return max((c.level for c in self.walk()), default=0)

    # -- tables and tree queries -----------------------------------------------------

    def to_frame(self) -> pd.DataFrame:
        """One row per code: ``id, name, name_en, parent, level, path, description, color, description_en``.

        ``color`` is the resolved colour from :meth:`colors`.

        Examples
        --------
        >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "Alpha"}]})
        >>> cb.to_frame()[["id", "name", "level", "path"]].to_dict("records")
        [{'id': 'A', 'name': 'Alpha', 'level': 1, 'path': 'A'}]
        """
        colors = self.colors()
        rows = [
            {
                "id": c.id,
                "name": c.name,
                "name_en": c.name_en,
                "parent": c.parent,
                "level": c.level,
                "path": c.path,
                "description": c.description,
                "color": colors[c.id],
                "description_en": c.description_en,
            }
            for c in self.walk()
        ]
        return pd.DataFrame(rows, columns=["id", "name", "name_en", "parent", "level", "path", "description", "color",
                                           "description_en"])

    def ancestor(self, code_id: str, level: int) -> str:
        """The id of ``code_id``'s ancestor at ``level`` (the code itself if it is that shallow).

        Examples
        --------
        >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "a", "children": [{"id": "A.1", "name": "b"}]}]})
        >>> cb.ancestor("A.1", 1), cb.ancestor("A.1", 2), cb.ancestor("A", 2)
        ('A', 'A.1', 'A')
        """
        self._check_level(level)
        code = self[code_id]
        while code.level > level and code.parent is not None:
            code = self._index[code.parent]
        return code.id

    def descendants(self, code_id: str) -> list[str]:
        """Ids of every code below ``code_id`` (depth-first, not including itself).

        Examples
        --------
        >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "a", "children": [{"id": "A.1", "name": "b"}]}]})
        >>> cb.descendants("A")
        ['A.1']
        """
        code = self[code_id]
        out = []
        stack = list(reversed(code.children))
        while stack:
            c = stack.pop()
            out.append(c.id)
            stack.extend(reversed(c.children))
        return out

    def colors(self) -> dict[str, str]:
        """A ``#RRGGBB`` colour for every code.

        A code's own ``color`` wins. A top-level code without one takes the next
        colour of a fixed palette (in file order); a child without one takes its
        parent's colour, lightened a little per level and shifted slightly per
        sibling, so families stay recognisable. Deterministic.

        Examples
        --------
        >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "a", "color": "#336699",
        ...                                      "children": [{"id": "A.1", "name": "b"}]}]})
        >>> cb.colors()["A"], cb.colors()["A.1"] != "#336699"
        ('#336699', True)
        """
        return resolve_colors(self.codes)


    def _check_level(self, level: int) -> None:
        check_level(self, level)

    def rollup(self, codings: pd.DataFrame, level: int = 1) -> pd.DataFrame:
        """Replace each coding's code by its ancestor at ``level``; merge the duplicates.

        Codes already at or above ``level`` are kept. Rows that become identical on
        ``(doc_id, start, end, code, coder)`` are collapsed into one (the first; its
        ``evidence`` and ``rule_id`` gather the distinct values of the merged rows).

        Raises
        ------
        ConfigurationError
            ``RK215`` when codings use codes missing from the codebook, ``RK216`` for a bad level.

        Examples
        --------
        >>> import pandas as pd
        >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "a", "children": [
        ...     {"id": "A.1", "name": "b"}, {"id": "A.2", "name": "c"}]}]})
        >>> df = pd.DataFrame({"doc_id": ["d", "d"], "start": [0, 0], "end": [5, 5], "code": ["A.1", "A.2"],
        ...                    "coder": ["x", "x"], "source": ["manual", "manual"], "text": ["hallo", "hallo"]})
        >>> cb.rollup(df, level=1)[["code", "start"]].to_dict("records")
        [{'code': 'A', 'start': 0}]
        """
        return rollup(self, codings, level)

    # -- output ------------------------------------------------------------------------

    def to_dict(self) -> dict:
        """The codebook as plain data in the YAML shape.

        Examples
        --------
        >>> Codebook.from_dict({"codes": [{"id": "A", "name": "Alpha"}]}).to_dict()
        {'language': 'nl', 'codes': [{'id': 'A', 'name': 'Alpha'}]}
        """
        out: dict[str, Any] = {}
        if self.title is not None:
            out["codebook"] = self.title
        if self.version is not None:
            out["version"] = self.version
        out["language"] = self.language
        if self.name_en:
            out["name_en"] = self.name_en
        if self.description:
            out["description"] = self.description
        if self.description_en:
            out["description_en"] = self.description_en
        if self._negation_raw is not None:
            out["negation"] = copy.deepcopy(self._negation_raw)
        out["codes"] = [c.to_dict() for c in self.codes]
        if self.relations:
            out["relations"] = [r.to_dict() for r in self.relations]
        return out

    def save(self, path: str | os.PathLike) -> Path:
        """Write the codebook as YAML, atomically (temp file + rename); returns the path.

        Codes that were attached with ``parent:`` are written nested. Loading the
        file again gives an equal codebook.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "Alpha"}]})
        >>> p = cb.save(pathlib.Path(tempfile.mkdtemp()) / "cb.yaml")
        >>> Codebook.load(p).to_dict() == cb.to_dict()
        True
        """
        target = Path(path)
        text = yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True, width=100, default_flow_style=None)
        from researchkit.fileio import atomic_write

        return atomic_write(target, text)

    # -- rule checks -------------------------------------------------------------------

    def check_rules(self, nlp: Any = None) -> list[str]:
        """Warnings about rules that can never match (``RK214``), one string each.

        A keyword or term that lemmatizes to nothing (only punctuation or spaces), a
        pattern that needs annotations a blank pipeline does not set (``POS``,
        ``DEP`` ...), or an exclusion that equals a keyword of the same code.

        Parameters
        ----------
        nlp
            The spaCy pipeline to check against (default: the codebook language's).

        Examples
        --------
        >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "a", "keywords": ["--"]}]})
        >>> cb.check_rules()
        ["[RK214] code A: keyword '--' has no word in it (only punctuation or spaces), so it can never match"]
        """
        return rule_warnings(self, nlp)

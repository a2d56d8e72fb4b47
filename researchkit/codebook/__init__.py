"""Hierarchical codebooks: YAML load/save, validation, colours and roll-up.

A codebook is a tree of :class:`Code` objects read from YAML (see
``docs/codebook.md``). Validation reports *every* problem at once, each with its
YAML line number: duplicate ids, unknown parents, bad colours, empty names,
invalid rules and spaCy patterns, and unknown keys with a did-you-mean.

The package is split by purpose:

- :mod:`~researchkit.codebook.model` — :class:`Code`, :class:`Rules` and the format's keys;
- :mod:`~researchkit.codebook.yamlload` — YAML with line numbers (and the safety limits);
- :mod:`~researchkit.codebook.validate` — checks of single fields;
- :mod:`~researchkit.codebook.build` — building the validated tree;
- :mod:`~researchkit.codebook.relations` — named relations between codes (``relations:``);
- :mod:`~researchkit.codebook.book` — the :class:`Codebook` itself;
- :mod:`~researchkit.codebook.tree`, :mod:`~researchkit.codebook.colors`,
  :mod:`~researchkit.codebook.checks` — roll-up, colours and rule warnings;
- :mod:`~researchkit.codebook.table` — codebooks kept as spreadsheets or exported by QDA
  programs (``.csv``/``.xlsx``), with :mod:`~researchkit.codebook.tableread` (the cells),
  :mod:`~researchkit.codebook.tablecols` (what each column is for),
  :mod:`~researchkit.codebook.tablerows` (rows as codes) and
  :mod:`~researchkit.codebook.tabletree` (the tree).

Examples
--------
>>> cb = Codebook.from_dict({"codes": [
...     {"id": "SAM", "name": "Samenwerking", "keywords": ["samenwerking"],
...      "children": [{"id": "SAM.1", "name": "Informatiedeling", "keywords": ["delen"]}]}]})
>>> len(cb), "SAM.1" in cb, cb["SAM.1"].parent, cb["SAM.1"].path
(2, True, 'SAM', 'SAM/SAM.1')
>>> cb.ancestor("SAM.1", 1)
'SAM'
"""

from __future__ import annotations

from researchkit.codebook.book import Codebook
from researchkit.codebook.model import (
    CODE_KEYS, DEFAULT_NEGATION_CUES, DEFAULT_NEGATION_WINDOW, DESCRIPTIVE_KEYS, NEEDS_TRAINED, RULE_KEYS,
    SEPARABLE_PARTICLES, TOP_KEYS, Code, Negation, Proximity, Relation, Rules,
)
from researchkit.codebook.table import TableReport, import_codebook_table, read_codebook_table
from researchkit.codebook.validate import split_separable

__all__ = ["Code", "Codebook", "Relation", "Rules", "Negation", "Proximity", "DEFAULT_NEGATION_CUES", "CODE_KEYS", "TOP_KEYS",
           "split_separable", "read_codebook_table", "import_codebook_table", "TableReport"]

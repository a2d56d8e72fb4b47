"""Dutch name and place lists for the name suggestions, from the lists that ``deduce`` ships.

``deduce`` (de-identification of Dutch text) ships curated lists of Dutch first names,
surnames, surname particles, place names (residences, municipalities, provinces,
regions) and common words that look like names. They are plain text files inside the
installed package: read here directly (offline, in well under a second), without
building deduce's own lookup structures. When ``deduce`` is not installed the lists are
empty and the suggestions fall back to their context rules.

Examples
--------
>>> lists = name_lists()
>>> ("jan" in lists.first_names, "harlingen" in lists.places) if lists.available else (True, True)
(True, True)
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path

__all__ = ["NameLists", "name_lists"]

_FILES = {
    "first_names": ("names/lst_first_name/items.txt",),
    "surnames": ("names/lst_surname/items.txt", "names/lst_interfix_surname/items.txt"),
    "places": ("locations/lst_placename/lst_residence/items.txt", "locations/lst_placename/lst_municipality/items.txt",
               "locations/lst_placename/lst_province/items.txt", "locations/lst_placename/lst_region/items.txt"),
    "common": ("whitelist/lst_common_word/items.txt", "whitelist/lst_stop_word/items.txt"),
}


@dataclass(frozen=True)
class NameLists:
    """Lower-cased Dutch first names, surnames, place names and name-like common words."""

    first_names: frozenset[str] = frozenset()
    surnames: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    common: frozenset[str] = frozenset()

    @property
    def available(self) -> bool:
        """Whether the lists were found (``deduce`` installed)."""
        return bool(self.first_names)


def _source() -> Path | None:
    spec = importlib.util.find_spec("deduce")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(list(spec.submodule_search_locations)[0]) / "data" / "lookup" / "src"
    return root if root.is_dir() else None


def _read(root: Path, names: tuple[str, ...]) -> frozenset[str]:
    out: set[str] = set()
    for name in names:
        path = root / name
        if path.is_file():
            out.update(line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def name_lists() -> NameLists:
    """The lists (cached); empty when ``deduce`` is not installed."""
    root = _source()
    if root is None:
        return NameLists()
    return NameLists(**{field: _read(root, files) for field, files in _FILES.items()})

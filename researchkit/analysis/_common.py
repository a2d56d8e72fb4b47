"""Shared helpers of :mod:`researchkit.analysis`: input checks, attributes, roll-up,
code branches, mapping codings to units, overlap pairs and tokenising.

Nothing here is public API; the functions are small and pure so that every analysis
builds on the same definitions (what a respondent is, what "under a branch" means,
which unit a coding falls in).
"""

from __future__ import annotations

import functools
import re
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from researchkit.codings import require_columns
from researchkit.errors import AnalysisError

#: Label used for a missing attribute value, so that no document silently disappears.
MISSING = "(unknown)"

#: Units a coding can be mapped to.
TEXT_UNITS = ("sentence", "turn", "paragraph")
ALL_UNITS = TEXT_UNITS + ("document", "overlap")

_REQUIRED = ("doc_id", "start", "end", "code")

# --------------------------------------------------------------------------- inputs


def check_codings(codings: pd.DataFrame, corpus: Any = None, *, name: str = "codings") -> pd.DataFrame:
    """Return a clean copy of ``codings`` (reset index, int offsets, str codes).

    Raises ``RK502`` for missing columns, non-integer offsets or documents that are
    not in ``corpus`` (every unknown document is listed).
    """
    require_columns(codings, _REQUIRED, error=AnalysisError, code="RK502", name=name)
    frame = codings.reset_index(drop=True).copy()
    for col in ("start", "end"):
        if frame[col].dtype.kind in "iu":  # plain integers: nothing to check
            if frame[col].dtype != np.int64:
                frame[col] = frame[col].astype("int64")
            continue
        values = pd.to_numeric(frame[col], errors="coerce")
        bad = frame.index[values.isna() | (values != values.round())]
        if len(bad):
            i = bad[0]
            raise AnalysisError(
                "RK502",
                f"{name}: row {i}: {col}={frame.at[i, col]!r} is not an integer offset ({len(bad)} such row(s))",
                hint="offsets are code-point indexes into the canonical text",
            )
        frame[col] = values.astype("int64")
    bad = frame.index[frame["code"].isna()]
    if len(bad):
        raise AnalysisError("RK502", f"{name}: row {bad[0]}: code is empty ({len(bad)} such row(s))",
                            hint="give every coding a code id")
    frame["code"] = frame["code"].astype(str)
    frame["doc_id"] = frame["doc_id"].astype(str)
    if corpus is not None and len(frame):
        known = set(corpus.doc_ids)
        unknown = sorted(set(frame["doc_id"].unique().tolist()) - known)
        if unknown:
            rows = frame.index[frame["doc_id"] == unknown[0]]
            shown = ", ".join(repr(u) for u in unknown[:10])
            raise AnalysisError(
                "RK502",
                f"{name}: {len(unknown)} doc_id(s) not in the corpus: {shown}"
                f"{' ...' if len(unknown) > 10 else ''} (first at row {rows[0]})",
                hint="analyse the codings with the corpus they were made on, or filter them first",
            )
    return frame


def require_corpus(corpus: Any, what: str) -> None:
    """Raise ``RK505`` when an option needs the corpus and none was given."""
    if corpus is None:
        raise AnalysisError("RK505", f"{what} needs the corpus", hint="pass corpus=... (the Corpus the codings were made on)")


def as_list(value: str | Sequence[str] | None) -> list[str]:
    """``None -> []``, ``"x" -> ["x"]``, sequences -> list."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def respondent_ids(corpus: Any, *, attributes: pd.DataFrame | None = None) -> pd.Series:
    """Map ``doc_id -> respondent``.

    One interview is one respondent, unless the attributes have a ``respondent``
    column: then documents sharing a value belong to the same respondent (an empty
    value falls back to the ``doc_id``). ``attributes``: ``corpus.attributes`` if at hand.
    """
    attrs = corpus.attributes if attributes is None else attributes
    ids = pd.Series(list(corpus.doc_ids), index=pd.Index(corpus.doc_ids, name="doc_id"), dtype=object)
    if "respondent" in attrs.columns:
        given = attrs["respondent"].reindex(ids.index)
        ids = given.where(given.notna() & (given.astype(str).str.strip() != ""), ids).astype(str)
    return ids.rename("respondent")


def attribute_frame(corpus: Any, by: str | Sequence[str] | None, *, attributes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the ``by`` attribute columns indexed by ``doc_id`` (missing -> ``MISSING``).

    Raises ``RK501`` naming the unknown column and listing the available ones.
    ``attributes``: ``corpus.attributes`` if at hand.
    """
    cols = as_list(by)
    attrs = corpus.attributes if attributes is None else attributes
    available = [c for c in attrs.columns]
    for col in cols:
        if col == "doc_id":
            continue
        if col not in attrs.columns:
            raise AnalysisError(
                "RK501",
                f"attribute {col!r} is not in the corpus attributes (available: "
                f"{', '.join(map(str, available)) or 'none'}; and doc_id)",
                hint="choose one of the available columns, or add it with corpus.with_attributes(...)",
            )
    frame = pd.DataFrame(index=pd.Index(corpus.doc_ids, name="doc_id"))
    for col in cols:
        if col == "doc_id":
            frame[col] = frame.index.astype(str)
        else:
            values = attrs[col].reindex(frame.index)
            frame[col] = values.where(values.notna(), MISSING).astype(str)
    return frame


def sort_key(values: Iterable[Any]) -> list[Any]:
    """Sort values for display, with ``MISSING`` last."""
    return sorted(set(values), key=lambda v: (v == MISSING, str(v)))


# --------------------------------------------------------------------------- codes


def _code_id(item: Any) -> str:
    return str(getattr(item, "id", item))


def codebook_order(codebook: Any) -> list[str]:
    """Code ids in codebook order (depth-first walk)."""
    return [_code_id(c) for c in codebook.walk()]


def order_codes(codes: Iterable[str], codebook: Any = None) -> list[str]:
    """Return the distinct ``codes`` in codebook order (unknown codes after, sorted) or sorted."""
    unique = set(codes.unique().tolist()) if isinstance(codes, pd.Series) else set(codes)
    if codebook is None:
        return sorted(unique)
    order = {c: i for i, c in enumerate(codebook_order(codebook))}
    return sorted(unique, key=lambda c: (c not in order, order.get(c, 0), c))


def code_names(codes: Iterable[str], codebook: Any = None) -> dict[str, str]:
    """Map code id -> readable name (the id itself without a codebook)."""
    names = {}
    for code in codes:
        name = code
        if codebook is not None:
            if code in codebook:  # a code the codebook does not know keeps its id
                name = str(getattr(codebook[code], "name", code) or code)
        names[code] = name
    return names


def code_colors(codes: Sequence[str], codebook: Any = None) -> dict[str, str]:
    """Map code id -> colour: the codebook's colour when set, else a fixed palette."""
    palette = [
        "#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860",
        "#DA8BC3", "#8C8C8C", "#CCB974", "#64B5CD", "#1B9E77", "#D95F02",
    ]
    given: dict[str, str] = {}
    if codebook is not None:
        given = {str(k): v for k, v in dict(codebook.colors()).items() if v}
    out = {}
    for i, code in enumerate(codes):
        out[code] = given.get(code) or palette[i % len(palette)]
    return out


def _code_level(codebook: Any, code: str) -> int:
    item = codebook[code]
    level = getattr(item, "level", None)
    if level is None:
        level = code.count(".") + 1
    return int(level)


def roll_up(codings: pd.DataFrame, codebook: Any, level: int | None) -> pd.DataFrame:
    """Replace every code by its ancestor at ``level`` (top = 1); shallower codes stay.

    Raises ``RK505`` without a codebook, ``RK504`` for a bad level and ``RK503`` for
    codes that are not in the codebook (all listed).
    """
    if level is None:
        return codings
    if codebook is None:
        raise AnalysisError("RK505", f"level={level!r} needs a codebook", hint="pass codebook=... (a researchkit Codebook)")
    if not isinstance(level, (int, np.integer)) or isinstance(level, bool) or level < 1:
        raise AnalysisError("RK504", f"level={level!r} is not a positive integer", hint="use level=1 for the top codes, 2 for their children ...")
    codes = sorted(set(codings["code"].unique().tolist()))
    unknown = [c for c in codes if c not in _known_codes(codebook)]
    if unknown:
        raise AnalysisError(
            "RK503",
            f"{len(unknown)} code(s) in the codings are not in the codebook: {', '.join(unknown[:10])}",
            hint="add them to the codebook or filter the codings before rolling up",
        )
    mapping = {}
    for code in codes:
        if _code_level(codebook, code) <= level:
            mapping[code] = code
        else:
            mapping[code] = _code_id(codebook.ancestor(code, level))
    out = codings.copy()
    out["code"] = out["code"].map(mapping)
    return out


def _known_codes(codebook: Any) -> set[str]:
    ids = getattr(codebook, "ids", None)
    return set(ids) if ids is not None else set(codebook_order(codebook))


def branch_mask(codes: pd.Series, branch: str, codebook: Any = None) -> pd.Series:
    """Boolean Series: is each code in ``branch`` (see :func:`in_branch`)? Computed once per distinct code,
    the branch's descendants looked up once.

    Examples
    --------
    >>> branch_mask(pd.Series(["ACT", "ACT.POL", "SIG"]), "ACT").tolist()
    [True, True, False]
    """
    unique = pd.unique(codes)
    return codes.map(dict(zip(unique, in_branch_each(unique, branch, codebook)))).astype(bool)


def in_branch_each(codes: Iterable[Any], branch: str, codebook: Any = None) -> list[bool]:
    """:func:`in_branch` of each of ``codes`` (as strings), the branch's descendants looked up once.

    Examples
    --------
    >>> in_branch_each(["ACT", "ACT.POL", "SIG"], "ACT")
    [True, True, False]
    """
    if codebook is not None and branch in codebook:
        members = {branch, *map(_code_id, codebook.descendants(branch))}
        return [str(c) in members for c in codes]
    return [in_branch(str(c), branch, codebook) for c in codes]


def in_branch(code: str, branch: str, codebook: Any = None) -> bool:
    """Is ``code`` the ``branch`` code itself or one of its descendants?

    With a codebook the tree decides; without one, dotted ids do
    (``ACT.POL.BT`` is under ``ACT`` and ``ACT.POL``).
    """
    if code == branch:
        return True
    if codebook is not None and branch in codebook:
        return code in set(map(_code_id, codebook.descendants(branch)))
    return code.startswith(branch + ".")


def branch_children(codes: Iterable[str], branch: str, codebook: Any = None) -> dict[str, str]:
    """Map each code strictly under ``branch`` to its ancestor one level below ``branch``.

    ``ACT.POL.BT -> ACT.POL`` for ``branch="ACT"``. The branch code itself is not
    mapped (a coding with just ``ACT`` names no particular partner).
    """
    out: dict[str, str] = {}
    codes = set(codes)
    if codebook is not None and branch in _known_codes(codebook):
        below = {_code_id(c) for c in codebook.descendants(branch)}
        target = _code_level(codebook, branch) + 1
        for code in codes & below:
            out[code] = code if _code_level(codebook, code) <= target else _code_id(codebook.ancestor(code, target))
        return out
    depth = branch.count(".") + 2
    for code in codes:
        if code.startswith(branch + "."):
            out[code] = ".".join(code.split(".")[:depth])
    return out


# --------------------------------------------------------------------------- units

_UNIT_KEY_SHIFT = np.int64(1) << np.int64(40)


def check_unit(unit: str, allowed: Sequence[str]) -> str:
    if unit not in allowed:
        raise AnalysisError("RK504", f"unit={unit!r} is not one of {', '.join(allowed)}", hint="choose one of the listed units")
    return unit


def text_units(corpus: Any, unit: str, units_frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The unit table for ``unit`` (from :func:`researchkit.units.units` unless given)."""
    if units_frame is None:
        from researchkit.units import units as _units

        units_frame = _units(corpus, unit)
    missing = [c for c in ("doc_id", "start", "end") if c not in units_frame.columns]
    if missing:
        raise AnalysisError("RK504", f"the units table lacks column(s) {', '.join(missing)}", hint="pass a table made by researchkit.units.units()")
    return units_frame


def map_to_units(codings: pd.DataFrame, units_frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Map every coding to every unit its span overlaps, vectorised.

    Returns ``(coding_rows, unit_ids, units_sorted)``: parallel arrays, one entry per
    (coding, unit) incidence, where ``unit_ids`` index ``units_sorted`` (the units
    sorted by document and start). A coding that overlaps no unit (e.g. one on a
    speaker label when the units are turns) gets a unit of its own (id ``>=
    len(units_sorted)``), so it is counted and never dropped.
    """
    n_u = len(units_frame)
    all_docs = np.concatenate([units_frame["doc_id"].to_numpy(dtype=object), codings["doc_id"].to_numpy(dtype=object)])
    doc_codes, _ = pd.factorize(all_docs, sort=True)
    u_doc = doc_codes[:n_u].astype(np.int64)
    c_doc = doc_codes[n_u:].astype(np.int64)
    u_start = units_frame["start"].to_numpy(np.int64)
    u_end = units_frame["end"].to_numpy(np.int64)
    order = np.lexsort((u_end, u_start, u_doc))  # integer sort: by document, start, end
    if np.array_equal(order, np.arange(n_u)):
        units_sorted = units_frame.reset_index(drop=True)
    else:
        units_sorted = units_frame.iloc[order].reset_index(drop=True)
        u_doc, u_start, u_end = u_doc[order], u_start[order], u_end[order]
    start_key = u_doc * _UNIT_KEY_SHIFT + u_start
    end_key = u_doc * _UNIT_KEY_SHIFT + u_end
    if len(end_key) > 1 and np.any(np.diff(end_key) < 0):
        raise AnalysisError("RK504", "units overlap within a document; cannot map codings to them", hint="use non-overlapping units (sentence, turn, paragraph)")
    c_start = codings["start"].to_numpy(np.int64)
    c_end = codings["end"].to_numpy(np.int64)
    lo = np.searchsorted(end_key, c_doc * _UNIT_KEY_SHIFT + c_start, side="right")
    hi = np.searchsorted(start_key, c_doc * _UNIT_KEY_SHIFT + c_end, side="left") - 1
    counts = np.maximum(hi - lo + 1, 0)
    rows = np.repeat(np.arange(len(codings)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    unit_ids = np.repeat(lo, counts) + offsets
    orphans = np.flatnonzero(counts == 0)
    if len(orphans):
        rows = np.concatenate([rows, orphans])
        unit_ids = np.concatenate([unit_ids, len(units_sorted) + np.arange(len(orphans))])
    order = np.lexsort((unit_ids, rows))
    return rows[order], unit_ids[order].astype(np.int64), units_sorted


def unit_incidence(codings: pd.DataFrame, corpus: Any, unit: str, units_frame: pd.DataFrame | None = None) -> tuple[np.ndarray, np.ndarray, pd.DataFrame | None]:
    """``(coding_rows, unit_ids, units_sorted)`` for sentence/turn/paragraph/document units."""
    if unit == "document":
        ids, _ = pd.factorize(codings["doc_id"].to_numpy(dtype=object))
        return np.arange(len(codings)), ids.astype(np.int64), None
    require_corpus(corpus, f"unit={unit!r}")
    frame = text_units(corpus, unit, units_frame)
    return map_to_units(codings, frame)


def overlap_pairs(codings: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """All pairs of codings (row indexes ``i, j``, ``i != j`` once) whose spans overlap.

    Two spans overlap when they share at least one character
    (``a.start < b.end and b.start < a.end``). Vectorised: codings are sorted by
    document and start; each coding overlaps exactly the following codings of its
    document that start before it ends.
    """
    if len(codings) == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    d, _ = pd.factorize(codings["doc_id"].to_numpy(dtype=object))
    return overlap_pairs_arrays(d, codings["start"].to_numpy(np.int64), codings["end"].to_numpy(np.int64))


def overlap_pairs_arrays(d: np.ndarray, s: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`overlap_pairs` on arrays: integer document codes, starts and ends."""
    if len(d) == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    d = np.asarray(d, dtype=np.int64)
    order = np.argsort(d * _UNIT_KEY_SHIFT + s, kind="stable")  # by document, then start
    key_start = d[order].astype(np.int64) * _UNIT_KEY_SHIFT + s[order]
    key_end = d[order].astype(np.int64) * _UNIT_KEY_SHIFT + e[order]
    stop = np.searchsorted(key_start, key_end, side="left")
    first = np.arange(len(order)) + 1
    counts = np.maximum(stop - first, 0)
    a = np.repeat(np.arange(len(order)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    b = np.repeat(first, counts) + offsets
    return order[a], order[b]


# --------------------------------------------------------------------------- words

TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)


@functools.lru_cache(maxsize=8)
def stop_words(langs: tuple[str, ...] = ("nl", "en")) -> frozenset[str]:
    """spaCy's stop lists for ``langs`` (lower case), plus single letters.

    Examples
    --------
    >>> "het" in stop_words() and "the" in stop_words()
    True
    """
    words: set[str] = set()
    for lang in langs:
        if lang == "nl":
            from spacy.lang.nl.stop_words import STOP_WORDS
        elif lang == "en":
            from spacy.lang.en.stop_words import STOP_WORDS
        else:
            import importlib

            try:
                STOP_WORDS = importlib.import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS
            except ModuleNotFoundError as exc:
                raise AnalysisError("RK504", f"no stop list for language {lang!r}", hint="use 'nl' and/or 'en', or pass your own stop words") from exc
        words |= {w.lower() for w in STOP_WORDS}
    # filler words of spoken Dutch/English that the written stop lists miss
    words |= {"eh", "ehm", "uh", "uhm", "hmm", "hm", "nou", "ja", "nee", "oke", "oké", "ok", "gewoon", "zeg", "soort"}
    return frozenset(words)


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens (letters only; digits and punctuation dropped).

    Examples
    --------
    >>> tokenize("De Douane controleert 's nachts; 24/7!")
    ['de', 'douane', 'controleert', 's', 'nachts']
    """
    return [token.lower() for token in TOKEN_RE.findall(text)]  # findall: no match objects


def content_tokens(text: str, stop: frozenset[str] | set[str]) -> list[str]:
    """Tokens of ``text`` that are not stop words and longer than one letter."""
    return [t for t in tokenize(text) if len(t) > 1 and t not in stop]


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge overlapping or touching ``(start, end)`` spans.

    Examples
    --------
    >>> merge_spans([(5, 9), (0, 3), (2, 4), (9, 10)])
    [(0, 4), (5, 10)]
    """
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]

"""Selection offsets between other QDA programs and researchkit's canonical text.

REFI-QDA says a text selection counts Unicode code points from 0 in the source file.
Real programs differ:

* NVivo (Windows and Mac) counts UTF-16 code units, so a character outside the Basic
  Multilingual Plane (an emoji) counts twice; NVivo for Windows writes a byte-order mark
  and CRLF line ends and counts CRLF as two;
* ATLAS.ti and MAXQDA count code points and count CRLF as one;
* a leading byte-order mark may or may not be counted;
* a project committed to git or unpacked by some tools has lost the CRs its program
  counted: the file has LF line ends, the offsets count each line end as two.

researchkit's text is canonical (NFC, ``\\n`` line ends, no BOM; see
:func:`researchkit.transcripts.canonical_text`), so every imported selection is
converted. :class:`SourceText` holds a source file's text as the other program saw it
and maps offsets, under any :class:`Convention`, to the canonical text. When the origin
does not settle it, :func:`choose_convention` scores every convention by how many
selections start and end on word boundaries (a person selects words, not half words)
and how many fit at all, and reports its choice -- and whether it is a weak one (fewer than
half of the selection ends on word boundaries: no candidate explains the offsets, so the
passages may be shifted). Where the file stores the selected text as the selection's name
(ATLAS.ti: its first words and ``…``; QualCoder 1: all of it), names that match their
passage count before word boundaries (:func:`name_matches`).

Examples
--------
>>> src = SourceText("Hi 😀\\r\\nfriend")
>>> src.canonical
'Hi 😀\\nfriend'
>>> nvivo = Convention("utf16", crlf=2)
>>> src.to_canonical([7], [13], nvivo)          # "friend" as NVivo counts it
(array([5]), array([11]), array([ True]))
>>> src.canonical[5:11]
'friend'
>>> choose_convention(src, [7], [13]).convention.label
'UTF-16 code units, CRLF counted as 2'
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Sequence

import numpy as np

__all__ = ["Convention", "CONVENTIONS", "SourceText", "ConventionChoice", "choose_convention", "origin_convention", "name_matches"]


@dataclass(frozen=True)
class Convention:
    """How a program counts positions in a text source.

    Attributes
    ----------
    unit
        ``"codepoint"`` (the standard) or ``"utf16"`` (UTF-16 code units, NVivo).
    crlf
        How many positions a CRLF line end counts: 2 (as stored in the file) or 1.
    bom
        Whether a leading byte-order mark counts as a position.
    lf
        How many positions a bare LF line end counts: 1 (as stored), or 2 when the
        program counted CRLF line ends that were later stripped to LF (a project
        committed to git, some unzip tools). Only tried for texts without any CR.
    """

    unit: str = "codepoint"
    crlf: int = 2
    bom: bool = False
    lf: int = 1

    @property
    def label(self) -> str:
        """A readable description (``'code points, CRLF counted as 1'``).

        Examples
        --------
        >>> Convention("utf16", 2, lf=2).label
        'UTF-16 code units, LF line ends counted as 2 (CRLF when counted, CR stripped since)'
        """
        unit = "code points" if self.unit == "codepoint" else "UTF-16 code units"
        if self.lf == 2:
            text = f"{unit}, LF line ends counted as 2 (CRLF when counted, CR stripped since)"
        else:
            text = f"{unit}, CRLF counted as {self.crlf}"
        return text + (", byte-order mark counted" if self.bom else "")


#: Every convention tried, in order of preference when scores tie (the standard first).
CONVENTIONS: tuple[Convention, ...] = tuple(
    Convention(unit, crlf, bom) for bom in (False, True) for unit in ("codepoint", "utf16") for crlf in (2, 1)
)
#: Tried after :data:`CONVENTIONS` for a text whose line ends are all bare LF: offsets counted on a CRLF copy.
STRIPPED_CR_CONVENTIONS: tuple[Convention, ...] = tuple(
    Convention(unit, 2, bom, lf=2) for bom in (False, True) for unit in ("codepoint", "utf16")
)
#: Below this share of selection ends on word boundaries (with at least :data:`WEAK_MIN_SELECTIONS`
#: selections) the best convention is reported as weak: no candidate explains the offsets.
WEAK_BOUNDARY_SHARE = 0.5
WEAK_MIN_SELECTIONS = 3

_ORIGINS = (
    ("nvivo", Convention("utf16", 2)),
    ("atlas", Convention("codepoint", 1)),
    ("maxqda", Convention("codepoint", 1)),
)


def origin_convention(origin: str | None) -> Convention | None:
    """The convention a program is known to use, from the ``origin`` attribute of its export.

    Examples
    --------
    >>> origin_convention("NVivo 14 (Windows)").unit
    'utf16'
    >>> origin_convention("QualCoder 3.5") is None
    True
    """
    folded = (origin or "").casefold()
    for key, convention in _ORIGINS:
        if key in folded:
            return convention
    return None


def _cluster_bounds(text: str) -> list[int]:
    """Start indexes of the pieces NFC may merge (a base character and its combining marks)."""
    starts = []
    for i, ch in enumerate(text):
        if i == 0 or not (unicodedata.combining(ch) or 0x1160 <= ord(ch) <= 0x11FF or 0x0300 <= ord(ch) <= 0x036F):
            starts.append(i)
    return starts


class SourceText:
    """A source text as another program stored it, with maps to its canonical form.

    Parameters
    ----------
    raw
        The decoded file content, including a leading BOM character if the file had one.

    Attributes
    ----------
    raw, canonical
        The text as stored, and as researchkit keeps it.
    has_bom, has_crlf, has_astral
        What makes conventions differ for this text.
    has_bare_lf
        Line ends are LF and there is no CR at all (a program may have counted them as CRLF).
    """

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.has_bom = raw.startswith("\ufeff")
        self.has_crlf = "\r\n" in raw
        self.has_astral = len(raw.encode("utf-16-le")) != 2 * len(raw)
        self.has_bare_lf = "\n" in raw and "\r" not in raw
        self._build()

    def _build(self) -> None:
        raw = self.raw
        n = len(raw)
        # 1. line ends and BOMs, as canonical_text does: CRLF -> LF, CR -> LF, U+FEFF dropped
        #    (vectorised: a boundary's place is the number of characters kept before it)
        text1 = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
        if len(text1) == n:
            b_start = b_end = np.arange(n + 1, dtype=np.int64)
        else:
            codes = np.frombuffer(raw.encode("utf-32-le"), dtype=np.uint32)
            lf_after_cr = np.zeros(n, dtype=bool)
            lf_after_cr[1:] = (codes[1:] == 10) & (codes[:-1] == 13)
            keep = ~(lf_after_cr | (codes == 0xFEFF))
            b_end = np.concatenate([[0], np.cumsum(keep)]).astype(np.int64)
            b_start = b_end.copy()
            # a boundary between CR and LF: a start begins at the newline, an end includes it
            b_start[:-1][lf_after_cr] -= 1
        # 2. NFC, piece by piece, so every boundary keeps a place
        m = len(text1)
        if unicodedata.is_normalized("NFC", text1):
            self.canonical = text1
            self._start_map, self._end_map = b_start, b_end
            return
        starts = _cluster_bounds(text1)
        c_start = np.zeros(m + 1, dtype=np.int64)
        c_end = np.zeros(m + 1, dtype=np.int64)
        pieces: list[str] = []
        pos = 0
        bounds = starts + [m]
        for a, b in zip(bounds[:-1], bounds[1:]):
            piece = unicodedata.normalize("NFC", text1[a:b])
            c_start[a:b] = pos  # a start inside a piece moves to the piece's start
            c_end[a + 1 : b + 1] = pos + len(piece)  # an end inside a piece moves to its end
            c_end[a] = pos
            pos += len(piece)
            pieces.append(piece)
        c_start[m] = c_end[m] = pos
        canonical = "".join(pieces)
        if canonical != unicodedata.normalize("NFC", text1):  # pragma: no cover - exotic compositions
            canonical = unicodedata.normalize("NFC", text1)
            ratio = len(canonical) / max(len(text1), 1)
            c_start = np.floor(np.arange(m + 1) * ratio).astype(np.int64)
            c_end = np.ceil(np.arange(m + 1) * ratio).astype(np.int64)
        self.canonical = canonical
        self._start_map = c_start[b_start]
        self._end_map = c_end[b_end]

    def positions(self, convention: Convention) -> np.ndarray:
        """Position, under ``convention``, of every boundary of the raw text (length ``len(raw) + 1``)."""
        raw = self.raw
        widths = np.ones(len(raw), dtype=np.int64)
        stripped_cr = convention.lf == 2 and self.has_bare_lf
        if (convention.unit == "utf16" and self.has_astral) or (convention.crlf == 1 and self.has_crlf) or stripped_cr:
            codes = np.frombuffer(raw.encode("utf-32-le"), dtype=np.uint32)
            if convention.unit == "utf16":
                widths[codes > 0xFFFF] = 2
            if convention.crlf == 1:
                cr_before_lf = np.zeros(len(raw), dtype=bool)
                cr_before_lf[:-1] = (codes[:-1] == 13) & (codes[1:] == 10)
                widths[cr_before_lf] = 0
            if stripped_cr:  # the text has no CR at all: every LF was a CRLF when the program counted
                widths[codes == 10] = 2
        if self.has_bom and not convention.bom:
            widths[0] = 0
        return np.concatenate([[0], np.cumsum(widths)])

    def to_canonical(self, starts: Sequence[int], ends: Sequence[int], convention: Convention) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Map selections to canonical offsets.

        Returns
        -------
        tuple of numpy arrays
            Canonical starts, canonical ends, and whether each selection fits the text
            under ``convention`` (inside it, not splitting a surrogate pair, start <= end).
        """
        pos = self.positions(convention)
        s = np.asarray(starts, dtype=np.int64)
        e = np.asarray(ends, dtype=np.int64)
        si = np.clip(np.searchsorted(pos, s, side="left"), 0, len(pos) - 1)
        ei = np.clip(np.searchsorted(pos, e, side="left"), 0, len(pos) - 1)
        ok = (s >= 0) & (e >= s) & (e <= pos[-1]) & (pos[si] == s) & (pos[ei] == e)
        return self._start_map[si], self._end_map[ei], ok

    def conventions_differ(self) -> bool:
        """Whether any two conventions give different positions for this text."""
        return self.has_bom or self.has_crlf or self.has_astral or self.has_bare_lf

    def candidates(self) -> list[Convention]:
        """The conventions worth trying for this text, in order of preference when scores tie."""
        found = [c for c in CONVENTIONS if self.has_bom or not c.bom]
        if self.has_bare_lf:
            found += [c for c in STRIPPED_CR_CONVENTIONS if self.has_bom or not c.bom]
        return found


def _on_boundary(text: str, positions: np.ndarray) -> int:
    n = len(text)
    hits = 0
    for p in positions.tolist():
        if p <= 0 or p >= n or not (text[p - 1].isalnum() and text[p].isalnum()):
            hits += 1
    return hits


def _squeeze(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


def name_matches(text: str, starts: np.ndarray, ends: np.ndarray, names: Sequence[str | None]) -> int:
    """How many selection names are their passage ``text[start:end]`` (or, ending in ``…``, its beginning).

    Whitespace is ignored (programs flatten line ends in names); names of fewer than three
    characters, and names that are labels (``Quotation 6:1``), match nothing.

    Examples
    --------
    >>> text = "Oh, that was great.\\nSee you tomorrow?"
    >>> name_matches(text, np.array([0, 0, 4]), np.array([37, 19, 8]), ["Oh, that was great. See you…", "Quote 1", "that"])
    2
    """
    hits = 0
    shown = None  # prefix counts of visible (non-space) characters, made once: a passage's squeezed length in one step
    for a, b, name in zip(starts.tolist(), ends.tolist(), names):
        clean = _squeeze((name or "").strip())
        cut = clean.endswith(("…", "...")) and len(clean) > 3
        clean = clean.rstrip("….") if cut else clean
        if len(clean) < 3 or not 0 <= a < b <= len(text):
            continue
        if not cut:  # a long passage is compared only when it has as many visible characters as the name
            shown = _visible_counts(text) if shown is None else shown
            if int(shown[b] - shown[a]) != len(clean):
                continue
        reach = 4 * len(clean) + 16  # enough of the passage to decide, unless it is mostly blank
        passage = _squeeze(text[a:min(b, a + reach)] if cut or b - a <= reach else text[a:b])
        hits += passage.startswith(clean) if cut else passage == clean
    return hits


_SPACES = np.array([c for c in range(0x3001) if chr(c).isspace()], dtype=np.uint32)


def _visible_counts(text: str) -> np.ndarray:
    """``counts[i]``: how many characters of ``text[:i]`` are not white space (as ``str.split`` sees it).

    Examples
    --------
    >>> _visible_counts("a b\\n").tolist()
    [0, 1, 1, 2, 2]
    """
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    return np.concatenate([[0], np.cumsum(~np.isin(codes, _SPACES))]).astype(np.int64)


@dataclass(frozen=True)
class ConventionChoice:
    """The convention chosen for one source, and why.

    Attributes
    ----------
    convention
        The winner.
    reason
        ``"no difference"`` (the text has no CRLF, BOM or astral characters),
        ``"origin"`` (the program is known and its convention fits best) or
        ``"detected"`` (scored).
    fitting, on_boundary, total
        Selections that fit the text, selection ends on word boundaries, selections.
    scores
        ``(convention label, fitting, on_boundary)`` for every candidate, for the report.
    named
        Selections whose name is their passage under this convention (see :func:`name_matches`).

    Examples
    --------
    >>> ConventionChoice(Convention(), "detected", 4, 3, 4).weak
    True
    """

    convention: Convention
    reason: str
    fitting: int
    on_boundary: int
    total: int
    scores: tuple[tuple[str, int, int], ...] = ()
    named: int = 0
    crlf_in_text: bool = True

    @property
    def weak(self) -> bool:
        """Fewer than half of the fitting selections' ends lie on word boundaries (enough selections to tell)."""
        return (self.reason != "no difference" and self.fitting >= WEAK_MIN_SELECTIONS
                and self.on_boundary < WEAK_BOUNDARY_SHARE * 2 * self.fitting)

    def describe(self) -> str:
        """One line for the import report."""
        if self.reason == "no difference":
            return "all conventions agree (no line ends, CRLF, byte-order mark or characters outside the BMP)"
        if self.total == 0:
            return "no selections to place"
        why = "known convention of the exporting program" if self.reason == "origin" else "detected"
        named = f", {self.named} selection name(s) are their passages" if self.named else ""
        label = self.convention.label
        if not self.crlf_in_text and self.convention.lf == 1:  # how CRLF would count says nothing on a text without one
            label = label.replace(f"CRLF counted as {self.convention.crlf}", "line ends as stored (no CRLF in the text)")
        line = (f"{label} ({why}: {self.fitting}/{self.total} selections fit{named}, "
                f"{self.on_boundary}/{2 * self.total} ends on word boundaries)")
        return line + (" -- WEAK: no convention puts the selections on word boundaries" if self.weak else "")


def choose_convention(source: SourceText, starts: Sequence[int], ends: Sequence[int], *, origin: str | None = None,
                      prefer: Convention | None = None, names: Sequence[str | None] | None = None) -> ConventionChoice:
    """Choose how the exporting program counted offsets in ``source``.

    Every candidate is scored by (selections that fit, selection ``names`` that are their
    passages, selection ends on word boundaries); the program's known convention
    (``prefer``, else the one known for ``origin``) wins ties, then the standard's
    (code points, CRLF as stored).

    Examples
    --------
    >>> src = SourceText("Ik zag 🚤 een boot\\r\\nin de haven")
    >>> src.canonical[src.canonical.index("haven"):]
    'haven'
    >>> c = choose_convention(src, [20, 14], [31, 18])   # NVivo: "in de haven", "boot"
    >>> c.convention.unit, c.reason
    ('utf16', 'detected')
    """
    total = len(starts)
    default = prefer or origin_convention(origin)
    if not source.conventions_differ() or total == 0:
        conv = default or CONVENTIONS[0]
        if source.conventions_differ():
            return ConventionChoice(conv, "origin" if default else "detected", 0, 0, 0)
        return ConventionChoice(conv, "no difference", total, 0, total)
    candidates = source.candidates()
    order = ([default] if default in candidates else []) + [c for c in candidates if c != default]
    names = list(names) if names is not None else [None] * total
    scored = []
    for rank, conv in enumerate(order):
        cs, ce, ok = source.to_canonical(starts, ends, conv)
        fitting = int(ok.sum())
        boundary = _on_boundary(source.canonical, cs[ok]) + _on_boundary(source.canonical, ce[ok])
        named = name_matches(source.canonical, cs[ok], ce[ok], [n for n, fits in zip(names, ok.tolist()) if fits])
        scored.append(((fitting, named, boundary, -rank), conv))
        if rank == 0 and default is not None and fitting == total and boundary == 2 * total and named == sum(map(bool, names)):
            break  # the known convention scores the most any can (every name a passage, or no names), and wins ties
    scored.sort(key=lambda item: item[0], reverse=True)
    (fitting, named, boundary, neg_rank), best = scored[0]
    reason = "origin" if default is not None and best == default else "detected"
    table = tuple((conv.label, key[0], key[2]) for key, conv in scored)
    return ConventionChoice(best, reason, fitting, boundary, total, table, named, crlf_in_text=source.has_crlf)

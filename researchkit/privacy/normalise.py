"""A normalised shadow of a text, for matching variant spellings, mapped back to exact offsets.

Names reach outputs in spellings a plain match misses: with a soft hyphen (U+00AD) or a
zero-width space inside, with the ``ĳ`` ligature, with added or removed accents
(``Zíjlstra``), in decomposed form (NFD), or hyphenated across a line break
(``Zijl-\\nstra``). The key is matched on a *shadow* of the text in which

* invisible characters (soft hyphen, zero-width space/joiners, word joiner, BOM, bidi
  marks) are removed;
* every other character is compatibility-decomposed (NFKD: ``ĳ`` -> ``ij``, ``ﬁ`` -> ``fi``,
  full-width letters, no-break spaces) and stripped of its combining marks
  (``í`` -> ``i``, NFD text alike);
* a hyphen at a line end between two letters is removed with the line break
  (``Zijl-\\nstra`` -> ``Zijlstra``).

Letter case is kept in the shadow; the key decides per term whether case may differ.
:class:`Shadow` maps every span of the shadow back to the exact span of the original
text (``text[start:end]`` is always the passage as written, combining marks included).
ASCII text without a line-end hyphen is its own shadow, at no cost.

Examples
--------
>>> s = shadow("Bel Zi\\u0301jl\\u00adstra of ĳsselmeer")
>>> s.text
'Bel Zijlstra of ijsselmeer'
>>> start, end = s.span(4, 12)
>>> "Bel Zi\\u0301jl\\u00adstra of ĳsselmeer"[start:end] == "Zi\\u0301jl\\u00adstra"
True
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["INVISIBLE", "Shadow", "shadow", "normalise_form"]

#: Characters removed from the shadow: soft hyphen, zero-width space/non-joiner/joiner,
#: word joiner, BOM/zero-width no-break space, Mongolian vowel separator, bidi marks.
INVISIBLE: frozenset[str] = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e\u200e\u200f\u2061\u2062\u2063\u2064")
# a run of non-ASCII characters, or a hyphen at a line end between two letters
# (a Word line break written as CR LF reads as two breaks: at most two are joined);
# the hyphen comes first, the letter before it is looked at only where there is one
_HYPHEN_BREAK = r"-(?<=[^\W\d_]-)[ \t]*(?:\r\n?|\n)(?:[ \t]*\n)?[ \t]*(?=[^\W\d_\u00ad\u200b-\u200d\u2060\ufeff])"
_SPECIAL = re.compile(r"[^\x00-\x7f]+|" + _HYPHEN_BREAK)
_LINE_END_HYPHEN = re.compile(_HYPHEN_BREAK)
_LINE_HYPHEN = re.compile(r"-[ \t]*[\r\n]")
# (written "X X*", not "X+": an expression that starts with a character class lets the engine skip to it;
# one that starts with a repeat is tried at every character, three times slower on a long, mostly ASCII text)
_NON_ASCII = re.compile(r"[^\x00-\x7f][^\x00-\x7f]*")
_NON_ASCII_CHAR = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=4096)
def _fold(ch: str) -> str:
    """The shadow of one non-ASCII character ('' when it disappears)."""
    if ch in INVISIBLE or unicodedata.combining(ch):
        return ""
    decomposed = unicodedata.normalize("NFKD", ch)
    out = "".join(c for c in decomposed if not unicodedata.combining(c) and c not in INVISIBLE)
    return unicodedata.normalize("NFC", out)


@dataclass(frozen=True)
class Shadow:
    """A normalised text and the map back to the original.

    Attributes
    ----------
    text
        The shadow text.
    original
        The text it was made from.
    shadow_starts, orig_starts, orig_ends, identity
        Piecewise map: piece ``i`` starts at ``shadow_starts[i]`` in the shadow and covers
        ``original[orig_starts[i]:orig_ends[i]]``; an identity piece maps character by
        character, any other piece as a whole (one original character or one
        character with its marks). Empty when every character of the shadow stands at the
        offset of its original (the text is its own shadow, or each character changed
        into exactly one: ``é`` -> ``e``).
    """

    text: str
    original: str
    shadow_starts: tuple[int, ...] = ()
    orig_starts: tuple[int, ...] = ()
    orig_ends: tuple[int, ...] = ()
    identity: tuple[bool, ...] = ()

    def _orig_start(self, i: int) -> int:
        k = bisect.bisect_right(self.shadow_starts, i) - 1
        if self.identity[k]:
            return self.orig_starts[k] + (i - self.shadow_starts[k])
        return self.orig_starts[k]

    def _orig_end(self, j: int) -> int:
        """Original end of a span whose last shadow character is ``j - 1``."""
        k = bisect.bisect_right(self.shadow_starts, j - 1) - 1
        if self.identity[k]:
            end = self.orig_starts[k] + (j - self.shadow_starts[k])
        else:
            end = self.orig_ends[k]
        # combining marks after the last letter belong to it
        while end < len(self.original) and unicodedata.combining(self.original[end]):
            end += 1
        return end

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``(start, end)`` of the shadow span ``start:end`` (``end > start``).

        Examples
        --------
        >>> s = shadow("Zijl-\\nstra")
        >>> s.text, s.span(0, 8)
        ('Zijlstra', (0, 10))
        """
        if not self.shadow_starts:
            return start, end
        return self._orig_start(start), self._orig_end(end)


def shadow(text: str) -> Shadow:
    """The normalised shadow of ``text`` (see the module notes).

    Examples
    --------
    >>> shadow("ZÍJLSTRA, zijlstra").text
    'ZIJLSTRA, zijlstra'
    >>> shadow("plain ascii").shadow_starts
    ()
    >>> s = shadow("Één café")  # one character for one: the same offsets, no map needed
    >>> s.text, s.shadow_starts, s.span(4, 8)
    ('Een cafe', (), (4, 8))
    """
    if text.isascii() and ("-" not in text or _LINE_HYPHEN.search(text) is None):
        return Shadow(text, text)
    table = _fold_table(text)
    if "-" not in text or _LINE_HYPHEN.search(text) is None:
        # The usual non-ASCII text: every such character has a one-character shadow (é -> e,
        # ë -> e, ’ and ø as they are), so the shadow is a translation of the same length and
        # the map back is the identity (no combining mark is present: it would shadow to '').
        if all(len(folded) == 1 for folded in table.values()):
            changed = {code: folded for code, folded in table.items() if folded != chr(code)}
            return Shadow(_NON_ASCII.sub(lambda run: run.group().translate(changed), text) if changed else text, text)
    if _LINE_END_HYPHEN.search(text) is None and all(folded == chr(code) for code, folded in table.items()):
        return Shadow(text, text)  # only characters that are their own shadow (’, ø ...): no copy
    return _piecewise(text, table)


def _fold_table(text: str) -> dict[int, str]:
    """``code point -> shadow`` of every non-ASCII character of ``text``."""
    return {ord(ch): _fold(ch) for ch in set(_NON_ASCII_CHAR.findall(text))}


def _piecewise(text: str, table: dict[int, str] | None = None) -> Shadow:
    """The shadow of any text, with its piecewise map (the general case of :func:`shadow`).

    Only line-end hyphens and the characters whose shadow is not exactly one character
    (invisible ones, combining marks, ligatures ...) break the text into pieces; between them
    the text is translated character for character (``é`` -> ``e``), which maps back offset
    by offset like an unchanged piece. ``table``: :func:`_fold_table` of ``text``, if at hand.
    """
    table = _fold_table(text) if table is None else table
    same_length = {code: folded for code, folded in table.items() if len(folded) == 1 and folded != chr(code)}
    odd = sorted(chr(code) for code, folded in table.items() if len(folded) != 1)
    events = _LINE_END_HYPHEN if not odd else re.compile(
        _LINE_END_HYPHEN.pattern + "|[" + "".join(re.escape(ch) for ch in odd) + "]")
    parts: list[str] = []
    s_starts: list[int] = []
    o_starts: list[int] = []
    o_ends: list[int] = []
    ident: list[bool] = []
    pos = out = 0  # in the original, in the shadow

    def piece(o_start: int, o_end: int, value: str, identity: bool) -> None:
        nonlocal out
        if value:
            s_starts.append(out)
            o_starts.append(o_start)
            o_ends.append(o_end)
            ident.append(identity)
            parts.append(value)
            out += len(value)

    # the one-for-one characters translated in one pass (only the non-ASCII runs are looked at): same length
    folded = _NON_ASCII.sub(lambda run: run.group().translate(same_length), text) if same_length else text
    for m in events.finditer(text):
        piece(pos, m.start(), folded[pos : m.start()], True)
        if m.group()[0] != "-":  # a character whose shadow is empty or longer (a line-end hyphen goes with its break)
            piece(m.start(), m.end(), table[ord(m.group())], False)
        pos = m.end()
    piece(pos, len(text), folded[pos:], True)
    return Shadow("".join(parts), text, tuple(s_starts), tuple(o_starts), tuple(o_ends), tuple(ident))


def normalise_form(form: str) -> str:
    """A key term or variant as it appears in the shadow (spaces collapsed).

    Examples
    --------
    >>> normalise_form("Zíjlstra"), normalise_form("ĲSSEL")
    ('Zijlstra', 'IJSSEL')
    """
    return " ".join(shadow(form).text.split())

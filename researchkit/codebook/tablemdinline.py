"""Inline Markdown of a codebook: the cells of a pipe-table line, and text without its markup.

:func:`split_row` cuts a table line into cells (``\\|`` is a pipe inside a cell);
:func:`clean_inline` reduces inline code, bold, italics, links and ``<br>`` to their text, in
linear time (a link ends at the ``)`` that matches its ``(``). Used by
:mod:`researchkit.codebook.tablemd`.

Examples
--------
>>> split_row("| `a` | **b** \\\\| c |"), clean_inline("[Trust](https://x.org/T_(y)) in **staff**")
(['`a`', '**b** | c'], 'Trust in staff')
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Sequence

__all__ = ["clean_inline", "split_row"]

_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MARKUP = re.compile(r"[`\\\[*_<]")
_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def split_row(line: str) -> list[str]:
    """The cells of a pipe-table line: outer pipes dropped, ``\\|`` a pipe inside a cell (other escapes kept).

    Examples
    --------
    >>> split_row("| a \\\\| b | `c` |")
    ['a | b', '`c`']
    >>> split_row("a|b")
    ['a', 'b']
    """
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    cells: list[str] = []
    cur: list[str] = []
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if ch == "\\" and i + 1 < n:
            cur.append("|" if s[i + 1] == "|" else s[i:i + 2])
            i += 2
            continue
        if ch == "|":
            cells.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
        i += 1
    last = "".join(cur).strip()
    if last or not s.endswith("|") or s.endswith("\\|"):
        cells.append(last)
    return cells


def _has_pipe(line: str) -> bool:
    """Whether the line holds a pipe that is not escaped."""
    i = line.find("|")
    while i >= 0:
        backslashes = 0
        while i - backslashes - 1 >= 0 and line[i - backslashes - 1] == "\\":
            backslashes += 1
        if backslashes % 2 == 0:
            return True
        i = line.find("|", i + 1)
    return False


def _is_delimiter_row(line: str) -> list[str] | None:
    """The cells of an alignment line (``|---|:---:|``), else ``None``."""
    if "|" not in line or "-" not in line:
        return None
    cells = split_row(line)
    for c in cells:
        c = c.strip()
        c = c[1:] if c.startswith(":") else c
        c = c[:-1] if c.endswith(":") else c
        if not c or c.strip("-"):
            return None
    return cells


def _code_spans(s: str) -> list[tuple[int, int, int]]:
    """``(start, end, run)`` of each inline code span: a run of backticks closed by the next run of the same length."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(s)
    while i < n:
        if s[i] == "\\" and i + 1 < n:
            i += 2
            continue
        if s[i] == "`":
            j = i
            while j < n and s[j] == "`":
                j += 1
            runs.append((i, j - i))
            i = j
        else:
            i += 1
    by_length: dict[int, list[int]] = {}
    for k, (_, length) in enumerate(runs):
        by_length.setdefault(length, []).append(k)
    spans, used_until = [], -1
    for k, (start, length) in enumerate(runs):
        if k <= used_until:
            continue
        same = by_length[length]
        at = bisect_right(same, k)
        if at < len(same):
            close = same[at]
            spans.append((start, runs[close][0] + length, length))
            used_until = close
    return spans


def _links(s: str, literal: Sequence[bool]) -> tuple[list[bool], list[int]]:
    """Characters of ``s`` to drop for links (``[text](url)`` keeps ``text``; ``![alt](url)`` keeps ``alt``).

    A URL may hold balanced parentheses (``https://en.wikipedia.org/wiki/Trust_(social_science)``): the
    link ends at the ``)`` that closes its ``(``, found in one pass; without one it ends at the next ``)``.
    """
    n = len(s)
    drop = [False] * n
    next_paren = [-1] * (n + 1)
    for i in range(n - 1, -1, -1):
        next_paren[i] = i if s[i] == ")" and not literal[i] else next_paren[i + 1]
    closing = [-1] * n  # the ``)`` matching each ``(``: one stack pass, linear
    opened: list[int] = []
    for i, ch in enumerate(s):
        if literal[i]:
            continue
        if ch == "(":
            opened.append(i)
        elif ch == ")" and opened:
            closing[opened.pop()] = i
    stack: list[int] = []
    i = 0
    while i < n:
        ch = s[i]
        if literal[i]:
            i += 1
            continue
        if ch == "[":
            stack.append(i)
        elif ch == "]" and stack:
            start = stack.pop()
            if i + 1 < n and s[i + 1] == "(" and not literal[i + 1]:
                close = closing[i + 1] if closing[i + 1] >= 0 else next_paren[i + 1]
                if close >= 0:
                    drop[start] = True
                    if start > 0 and s[start - 1] == "!" and not literal[start - 1]:
                        drop[start - 1] = True
                    for k in range(i, close + 1):
                        drop[k] = True
                    stack.clear()  # brackets inside a link are text
                    i = close + 1  # the URL is read once: what looks like a link inside it is part of it
                    continue
        i += 1
    return drop, next_paren


def _emphasis(s: str, literal: Sequence[bool], drop: list[bool]) -> None:
    """Mark paired ``*``/``_`` runs (bold, italics) for dropping; a lone ``*`` (``werk*``) or ``snake_case`` stays."""
    n = len(s)
    openers: dict[tuple[str, int], list[int]] = {}
    i = 0
    while i < n:
        ch = s[i]
        if ch not in "*_" or literal[i] or drop[i]:
            i += 1
            continue
        j = i
        while j < n and s[j] == ch and not literal[j]:
            j += 1
        before = s[i - 1] if i > 0 else " "
        after = s[j] if j < n else " "
        length = j - i
        can_open = not after.isspace() and (before.isspace() or before in _PUNCT or (ch == "*" and not after in _PUNCT))
        can_close = not before.isspace() and (after.isspace() or after in _PUNCT or (ch == "*" and not before in _PUNCT))
        if ch == "_" and before.isalnum() and after.isalnum():
            can_open = can_close = False
        if ch == "*" and before.isalnum() and after.isalnum():
            can_open = can_close = False
        key = (ch, length)
        stack = openers.get(key)
        if can_close and stack:
            start = stack.pop()
            for k in range(start, start + length):
                drop[k] = True
            for k in range(i, j):
                drop[k] = True
        elif can_open and length <= 3:
            openers.setdefault(key, []).append(i)
        i = j


def clean_inline(text: str) -> str:
    """The text of a Markdown cell or line: code spans, bold, italics and links reduced to their text, ``<br>`` a new line.

    Backslash escapes give their character. Linear in the length of ``text``.

    Examples
    --------
    >>> clean_inline("**Trust** in [staff](https://x.org) `a_b` snake_case werk* \\\\*not\\\\*<br>next")
    'Trust in staff a_b snake_case werk* *not*\\nnext'
    """
    if not _MARKUP.search(text):  # plain text (most lines): nothing to drop, only white space to tidy
        return "\n".join(" ".join(part.split()) for part in text.split("\n")).strip()
    s = _BR.sub("\n", text)
    n = len(s)
    literal = [False] * n
    drop = [False] * n
    for start, end, run in _code_spans(s):
        for k in range(start, start + run):
            drop[k] = True
        for k in range(end - run, end):
            drop[k] = True
        for k in range(start, end):
            literal[k] = True
    i = 0
    while i < n:
        if s[i] == "\\" and not literal[i] and i + 1 < n and s[i + 1] in _PUNCT:
            drop[i] = True
            literal[i + 1] = True
            i += 2
        else:
            i += 1
    link_drop, _ = _links(s, literal)
    for k in range(n):
        drop[k] = drop[k] or link_drop[k]
    _emphasis(s, literal, drop)
    out = "".join(ch for k, ch in enumerate(s) if not drop[k])
    return "\n".join(" ".join(part.split()) for part in out.split("\n")).strip()

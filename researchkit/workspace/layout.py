"""What the coding view shows, as plain data: blocks of a transcript, codings, code tree, colours.

Pure functions: a transcript and its codings go in, JSON-ready dicts come out. The
browser draws exactly these pieces in this order, and :func:`rendered` builds the
matching :class:`~researchkit.workspace.offsets.Rendered` from the same blocks, so a
browser selection maps back to canonical offsets without any arithmetic in JavaScript.

Examples
--------
>>> from researchkit.transcripts import Transcript, Turn
>>> t = Transcript("R01", "I: En?\\nR: Ja 🙂.", (Turn("I", "interviewer", 3, 6), Turn("R", "respondent", 10, 15)))
>>> blocks = document_blocks(t, [])
>>> [p["col"] for p in blocks[1]["parts"]]
['who', 'who', 'tx']
>>> rendered(blocks).canonical_text() == t.text
True
"""

from __future__ import annotations

import colorsys
import hashlib
import json
from typing import Any, Iterable, Mapping, Sequence

from researchkit.report.html import default_colors, split_segments
from researchkit.timing import clock
from researchkit.transcripts import Transcript
from researchkit.workspace.offsets import Rendered

__all__ = ["document_blocks", "rendered", "code_colors", "code_tree", "clock"]


def _spans(t: Transcript) -> list[dict]:
    """Partition the text into blocks: ``head`` (label as written) and ``body`` spans per turn."""
    text, n = t.text, len(t.text)
    out: list[dict] = []
    pos = 0
    for number, turn in sorted(enumerate(t.turns), key=lambda it: (it[1].start, it[1].end, it[0])):
        if turn.start < pos or turn.end > n:
            continue  # overlapping turn: its text stays in the surrounding block
        gap = text[pos : turn.start]
        head_start = pos
        cut = gap.rfind("\n")
        if cut >= 0 and gap[: cut + 1].strip():
            out.append({"kind": "between", "head": (pos, pos), "body": (pos, pos + cut + 1), "turn": None, "number": None})
            head_start = pos + cut + 1
        out.append({"kind": "turn", "head": (head_start, turn.start), "body": (turn.start, turn.end), "turn": turn, "number": number})
        pos = turn.end
    if pos < n or not out:
        out.append({"kind": "between" if out else "text", "head": (pos, pos), "body": (pos, n), "turn": None, "number": None})
    return out


def document_blocks(t: Transcript, codings: Sequence[tuple[int, int]], *, keys: Sequence[str] | None = None) -> list[dict]:
    """The blocks of one transcript, each with its parts in DOM order.

    Parameters
    ----------
    t
        The transcript.
    codings
        ``(start, end)`` of every coding shown.
    keys
        A stable key per coding (the coding ids), used in the segments instead of list
        positions, so that adding a coding does not change the other blocks. Default:
        the positions.

    Returns
    -------
    list of dict
        One dict per block: ``n`` (block number), ``kind`` (``turn``, ``between``,
        ``text``), ``turn`` (turn index or ``None``), ``role``, ``speaker``, ``start``,
        ``end``, ``codings`` (keys of the codings in the block), ``key`` (a hash of the
        block's content, so the browser redraws only changed blocks) and ``parts``:
        ``{"col": "who"|"tx", "cls": ..., "s": canonical start or None, "segs": [[text, [ids]], ...]}``.
    """
    text = t.text
    spans = _spans(t)
    cuts: list[int] = []
    for b in spans:
        cuts.extend(b["head"])
        cuts.extend(b["body"])
    segments = split_segments(len(text), list(codings), cuts=cuts)
    names = list(range(len(codings))) if keys is None else list(keys)
    blocks: list[dict] = []
    k = 0
    for n, b in enumerate(spans):
        lo, hi = b["head"][0], b["body"][1]
        mine = []
        while k < len(segments) and segments[k][1] <= hi:
            if segments[k][0] >= lo:
                mine.append(segments[k])
            k += 1

        def segs(a: int, z: int) -> list:
            return [[text[s:e], [names[i] for i in cov]] for s, e, cov in mine if s >= a and e <= z and s < e]

        turn = b["turn"]
        parts: list[dict] = []
        if turn is not None:
            parts.append({"col": "who", "cls": "lbl", "s": b["head"][0], "segs": segs(*b["head"])})
            parts.append({"col": "who", "cls": "role", "s": None, "segs": [[turn.role, []]]})
            when = clock(turn.timestamp)
            if when:
                parts.append({"col": "who", "cls": "time", "s": None, "segs": [[when, []]]})
        parts.append({"col": "tx", "cls": "tx", "s": b["body"][0], "segs": segs(*b["body"])})
        ids = [names[i] for i in sorted({i for _, _, cov in mine for i in cov})]
        block = {
            "n": n, "kind": b["kind"], "turn": b["number"], "role": turn.role if turn else "", "speaker": turn.speaker if turn else "",
            "start": lo, "end": hi, "codings": ids, "parts": parts,
        }
        block["key"] = hashlib.sha1(json.dumps([parts, ids], ensure_ascii=False).encode("utf-8")).hexdigest()[:16]
        blocks.append(block)
    return blocks


def rendered(blocks: Iterable[Mapping[str, Any]]) -> Rendered:
    """The :class:`Rendered` text of blocks, piece by piece in DOM order (what the browser shows).

    Examples
    --------
    >>> from researchkit.transcripts import Transcript, Turn
    >>> t = Transcript("R01", "R: Zoë", (Turn("R", "respondent", 3, 6, 5.0),))
    >>> rendered(document_blocks(t, [])).text
    'R: respondent0:00:05Zoë'
    """
    pieces: list[tuple[str, int | None]] = []
    for block in blocks:
        for part in block["parts"]:
            pieces.append(("".join(seg[0] for seg in part["segs"]), part["s"]))
    return Rendered(pieces)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, x)) * 255):02X}" for x in rgb)


def _sibling_color(parent: str, index: int, count: int) -> str:
    """A colour for child ``index`` of ``count``: the parent's hue turned so that siblings differ clearly."""
    r, g, b = (int(parent[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, l, s = colorsys.rgb_to_hls(r, g, b)
    step = min(0.11, 0.45 / max(count, 1))
    hue = (h + (index - (count - 1) / 2) * step) % 1.0
    light = (0.36, 0.5)[index % 2]
    return _hex(colorsys.hls_to_rgb(hue, light, max(0.55, s)))


def code_colors(codebook: Any, codes_used: Iterable[str] = ()) -> dict[str, str]:
    """``#RRGGBB`` per code: the codebook's own colours; sibling sub-codes without one get clearly different hues.

    Codes used but missing from the codebook get palette colours.

    Examples
    --------
    >>> from researchkit.codebook import Codebook
    >>> cb = Codebook.from_dict({"codes": [{"id": "S", "name": "s", "color": "#CC0000",
    ...     "children": [{"id": "S.1", "name": "a"}, {"id": "S.2", "name": "b"}]}]})
    >>> colors = code_colors(cb)
    >>> colors["S"], colors["S.1"] != colors["S.2"]
    ('#CC0000', True)
    """
    out: dict[str, str] = {}
    if codebook is not None:
        base = codebook.colors()

        def fill(code: Any) -> None:
            kids = list(code.children)
            for i, child in enumerate(kids):
                out[child.id] = (child.color or _sibling_color(out[code.id], i, len(kids))).upper()
                fill(child)

        for top in codebook.codes:
            out[top.id] = base[top.id].upper()
            fill(top)
    missing = sorted(set(codes_used) - set(out))
    out.update(default_colors(missing))
    return out


def code_tree(codebook: Any, *, colors: Mapping[str, str], counts_doc: Mapping[str, int], counts_all: Mapping[str, int]) -> list[dict]:
    """The code tree as rows in codebook order: ``id, name, level, parent, color, n_doc, n_all, description``.

    Codes that have codings but are not in the codebook come last (``missing=True``).

    Examples
    --------
    >>> from researchkit.codebook import Codebook
    >>> cb = Codebook.from_dict({"codes": [{"id": "S", "name": "Signalen", "children": [{"id": "S.1", "name": "AIS"}]}]})
    >>> rows = code_tree(cb, colors=code_colors(cb), counts_doc={"S.1": 2}, counts_all={"S.1": 5})
    >>> [(r["id"], r["level"], r["n_doc"], r["n_all"]) for r in rows]
    [('S', 1, 0, 0), ('S.1', 2, 2, 5)]
    """
    rows: list[dict] = []
    seen = set()
    if codebook is not None:
        for code in codebook.walk():
            seen.add(code.id)
            rows.append({
                "id": code.id, "name": code.name or "", "level": int(getattr(code, "level", 1) or 1), "parent": code.parent or "",
                "color": colors.get(code.id, "#777777"), "n_doc": int(counts_doc.get(code.id, 0)),
                "n_all": int(counts_all.get(code.id, 0)), "description": (getattr(code, "description", "") or "")[:300],
                "missing": False,
            })
    for code in sorted(set(counts_all) | set(counts_doc)):
        if code not in seen:
            rows.append({"id": code, "name": "(not in codebook)", "level": 1, "parent": "", "color": colors.get(code, "#777777"),
                         "n_doc": int(counts_doc.get(code, 0)), "n_all": int(counts_all.get(code, 0)), "description": "", "missing": True})
    return rows

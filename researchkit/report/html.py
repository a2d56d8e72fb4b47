"""One self-contained HTML page per corpus: the transcripts with their codings.

:func:`transcript_html` writes every transcript of a corpus with its speaker turns
(label as written, role, timestamp), coloured highlights on the coded text and one
thin coloured stripe per coding in the margin beside the coded lines, like the
coding stripes of a QDA program. A side panel has a document selector, a table of
contents and a code filter (a checkbox per code, with counts); unchecking a code
hides its stripes and highlights. Hovering a highlight or stripe shows code id and
name, coder and source of each coding.

The page has no external assets: CSS and JavaScript are inline, fonts are the
system's, nothing is fetched. Without JavaScript the text, highlights and stripes
still show (stripes then run the full height of the turn).

How the text is laid out
------------------------
Every character of the canonical text is written exactly once, in order, inside
elements with class ``src``: the stretch before a turn (the speaker label as
written, e.g. ``"\\nR: "``) in the turn's label column and the turn's content in
its text column. Generated text (role, formatted timestamp, headings) is never
inside a ``src`` element, so joining the ``src`` texts of a document gives back
the canonical text. The text is cut at every coding and turn boundary
(:func:`split_segments`); each segment is wrapped in one ``<mark data-c=N>`` per
coding that covers it (nested, in coding order), so overlapping codings show as
stacked translucent colours and the text of a coding's marks is exactly
``text[start:end]``. Coding details for the tooltip are stored once, as JSON in a
``<script type="application/json">`` element, not repeated on every segment.

Examples
--------
>>> from researchkit.transcripts import Corpus, Transcript, Turn
>>> from researchkit.codings import make_codings
>>> corpus = Corpus([Transcript("R01", "I: En?\\nR: We delen info.",
...                             (Turn("I", "interviewer", 3, 6), Turn("R", "respondent", 10, 24)))])
>>> codings = make_codings([{"doc_id": "R01", "start": 13, "end": 18, "code": "SAM",
...                          "coder": "anna", "source": "manual"}], corpus)
>>> page = transcript_html(corpus, codings)
>>> page.startswith("<!DOCTYPE html>"), '>delen</mark>' in page, 'href="http' in page
(True, True, False)
"""

from __future__ import annotations

import colorsys
import html
import json
import math
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Sequence

import pandas as pd

from researchkit.codings import validate_codings
from researchkit.errors import ReportError
from researchkit.fileio import atomic_write
from researchkit.transcripts import Corpus, Transcript

__all__ = ["transcript_html", "split_segments", "default_colors"]

DEFAULT_TITLE = "Coded transcripts"

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
# Distinct, fairly dark colours (Tableau 10 and its lighter row, darkened a little) so that
# a 4 px stripe stays visible on white; used for codes without a codebook colour.
_PALETTE: tuple[str, ...] = (
    "#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F",
    "#BCBD22", "#17BECF", "#393B79", "#AD494A", "#637939", "#8C6D31", "#7B4173", "#3182BD",
    "#E6550D", "#31A354", "#756BB1", "#636363",
)


# ----------------------------------------------------------------------------------------
# Pure helpers
# ----------------------------------------------------------------------------------------


def split_segments(
    n_chars: int, spans: Sequence[tuple[int, int]], *, cuts: Iterable[int] = ()
) -> list[tuple[int, int, tuple[int, ...]]]:
    """Cut ``[0, n_chars)`` at every span boundary; list which spans cover each piece.

    Parameters
    ----------
    n_chars
        Length of the text.
    spans
        ``(start, end)`` pairs (end exclusive) inside ``[0, n_chars]``; they may overlap
        or nest.
    cuts
        Further offsets to cut at (turn boundaries, for instance).

    Returns
    -------
    list of (start, end, covering)
        Consecutive, non-empty pieces that together cover the whole text; ``covering``
        holds the indexes (into ``spans``, ascending) of the spans that contain the piece.

    Examples
    --------
    >>> split_segments(10, [(0, 5), (3, 8)])
    [(0, 3, (0,)), (3, 5, (0, 1)), (5, 8, (1,)), (8, 10, ())]
    >>> split_segments(4, [], cuts=[2])
    [(0, 2, ()), (2, 4, ())]
    """
    points = {0, n_chars}
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for i, (start, end) in enumerate(spans):
        if not 0 <= start <= end <= n_chars:
            raise ValueError(f"span {i} ({start}, {end}) is not inside the text of {n_chars} characters")
        if start == end:
            continue
        points.add(start)
        points.add(end)
        starts.setdefault(start, []).append(i)
        ends.setdefault(end, []).append(i)
    for cut in cuts:
        if 0 <= cut <= n_chars:
            points.add(cut)
    ordered = sorted(points)
    active: set[int] = set()
    out: list[tuple[int, int, tuple[int, ...]]] = []
    for a, b in zip(ordered, ordered[1:]):
        for i in ends.get(a, ()):
            active.discard(i)
        active.update(starts.get(a, ()))
        out.append((a, b, tuple(sorted(active))))
    return out


def default_colors(codes: Iterable[str]) -> dict[str, str]:
    """Deterministic ``#RRGGBB`` colours for codes that have none.

    The codes are sorted (numbers inside ids in numeric order) and take the colours of a
    fixed 20-colour palette in turn; past 20 the hue steps by the golden angle. The
    same set of codes always gets the same colours.

    Examples
    --------
    >>> default_colors(["SIG.2", "SAM", "SIG.10"])
    {'SAM': '#1F77B4', 'SIG.2': '#FF7F0E', 'SIG.10': '#2CA02C'}
    """
    out: dict[str, str] = {}
    for i, code in enumerate(sorted(set(codes), key=_natural_key)):
        if i < len(_PALETTE):
            out[code] = _PALETTE[i]
        else:
            hue = ((i - len(_PALETTE)) * 0.6180339887498949) % 1.0
            r, g, b = colorsys.hls_to_rgb(hue, 0.42, 0.65)
            out[code] = "#" + "".join(f"{round(x * 255):02X}" for x in (r, g, b))
    return out


def _natural_key(value: str) -> tuple:
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", value) if part)


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _clean(value: Any) -> str:
    """A cell as display text: ``None``/NaN become ``""``."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def _clock(seconds: float) -> str:
    whole = int(math.floor(seconds))
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


# ----------------------------------------------------------------------------------------
# Inputs
# ----------------------------------------------------------------------------------------


def _as_corpus(corpus: Any) -> Corpus:
    if isinstance(corpus, Corpus):
        return corpus
    if isinstance(corpus, Transcript):
        return Corpus([corpus])
    raise ReportError(
        "RK561",
        f"transcript_html: corpus is a {type(corpus).__name__}, not a Corpus or Transcript",
        hint="pass the corpus from researchkit.read_corpus(...) (or one Transcript)",
    )


def _code_table(codes_used: Sequence[str], codebook: Any) -> dict[str, Any]:
    """How the codes are shown: order, names, colours, levels and filter rows.

    Returns a dict with ``order`` (codes that have codings, in display order),
    ``names``, ``colors``, ``levels``, ``missing`` (codes not in the codebook) and
    ``rows``: ``(code, has_codings)`` for the filter list, where codes without codings
    of their own appear only as headings above coded sub-codes.
    """
    names: dict[str, str] = {}
    colors: dict[str, str] = {}
    levels: dict[str, int] = {}
    used = set(codes_used)
    if codebook is None:
        order = sorted(used, key=_natural_key)
        colors = default_colors(order)
        for code in order:
            names[code] = ""
            parts = code.split(".")
            levels[code] = 1 + sum(".".join(parts[:n]) in used for n in range(1, len(parts)))
        return {"order": order, "names": names, "colors": colors, "levels": levels, "missing": [],
                "rows": [(code, True) for code in order]}
    if not (hasattr(codebook, "colors") and hasattr(codebook, "walk")):
        raise ReportError(
            "RK561",
            f"transcript_html: codebook is a {type(codebook).__name__}, not a Codebook",
            hint="pass researchkit.Codebook.load('codebook.yaml'), or codebook=None for automatic colours",
        )
    book_colors = codebook.colors()
    codes = list(codebook.walk())
    parent = {c.id: c.parent for c in codes}
    shown = set()
    for code in used:
        while code in parent and code not in shown:
            shown.add(code)
            code = parent[code]
    order: list[str] = []
    rows: list[tuple[str, bool]] = []
    for code in codes:
        if code.id not in shown:
            continue
        names[code.id] = code.name or ""
        levels[code.id] = int(getattr(code, "level", 1) or 1)
        color = book_colors.get(code.id)
        if not isinstance(color, str) or not _HEX.match(color):
            raise ReportError(
                "RK563",
                f"transcript_html: codebook colour {color!r} of code {code.id!r} is not #RRGGBB",
                hint="give the code a colour like #1F77B4 in the codebook, or remove its color key",
            )
        colors[code.id] = color.upper()
        rows.append((code.id, code.id in used))
        if code.id in used:
            order.append(code.id)
    missing = sorted(used - set(order), key=_natural_key)
    fallback = default_colors(missing)
    for code in missing:
        order.append(code)
        rows.append((code, True))
        names[code] = "(not in codebook)"
        levels[code] = 1
        colors[code] = fallback[code]
    return {"order": order, "names": names, "colors": colors, "levels": levels, "missing": missing, "rows": rows}


# ----------------------------------------------------------------------------------------
# Blocks: the text of one transcript cut into preamble / turn / between pieces
# ----------------------------------------------------------------------------------------


def _blocks(t: Transcript) -> list[dict]:
    """Partition ``t.text`` into blocks; each block has ``head`` and ``body`` spans."""
    text = t.text
    n = len(text)
    blocks: list[dict] = []
    turns = sorted(enumerate(t.turns), key=lambda it: (it[1].start, it[1].end, it[0]))
    pos = 0
    for number, turn in turns:
        if turn.start < pos or turn.end > n:
            raise ReportError(
                "RK562",
                f"transcript_html: document {t.doc_id!r}: turn {number} ({turn.start}-{turn.end}) overlaps the "
                f"previous turn or runs past the text ({n} characters)",
                hint="re-read the transcript with researchkit.read_transcript; turns must not overlap",
            )
        gap = text[pos : turn.start]
        head_start = pos
        cut = gap.rfind("\n")
        if cut >= 0 and gap[: cut + 1].strip():
            blocks.append({"kind": "between", "head": None, "body": (pos, pos + cut + 1), "turn": None})
            head_start = pos + cut + 1
        blocks.append({"kind": "turn", "head": (head_start, turn.start), "body": (turn.start, turn.end),
                       "turn": turn, "number": number})
        pos = turn.end
    if pos < n or not blocks:
        blocks.append({"kind": "between" if blocks else "text", "head": None, "body": (pos, n), "turn": None})
    return blocks


# ----------------------------------------------------------------------------------------
# Rendering
# ----------------------------------------------------------------------------------------


class _Renderer:
    def __init__(self, corpus: Corpus, frame: pd.DataFrame, codebook: Any, title: str) -> None:
        self.corpus = corpus
        self.title = title
        language = getattr(codebook, "language", None)
        self.lang = language if isinstance(language, str) and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", language) else None
        codes = [str(c) for c in frame["code"]]
        table = _code_table(codes, codebook)
        self.order: list[str] = table["order"]
        self.names: dict[str, str] = table["names"]
        self.colors: dict[str, str] = table["colors"]
        self.levels: dict[str, int] = table["levels"]
        self.missing: list[str] = table["missing"]
        self.rows: list[tuple[str, bool]] = table["rows"]
        self.k = {code: i for i, code in enumerate(self.order)}
        doc_rank = {d: i for i, d in enumerate(corpus.doc_ids)}
        rows = []
        extra = [c for c in ("memo", "confidence") if c in frame.columns]
        columns = ["doc_id", "start", "end", "code", "coder", "source"] + extra
        for doc_id, start, end, code, coder, source, *more in zip(*(frame[c].tolist() for c in columns)):
            code = str(code)
            rows.append(
                (
                    doc_rank[doc_id], int(start), -int(end), self.k[code], _clean(coder), _clean(source),
                    tuple(_clean(v) for v in more), doc_id, code,
                )
            )
        rows.sort(key=lambda r: r[:7])
        self.extra = extra
        self.codings: list[dict] = []
        self.by_doc: dict[str, list[int]] = {}
        for i, r in enumerate(rows):
            self.codings.append({"doc": r[7], "start": r[1], "end": -r[2], "code": r[8], "coder": r[4],
                                 "source": r[5], "extra": dict(zip(extra, r[6]))})
            self.by_doc.setdefault(r[7], []).append(i)
        self.counts = Counter(c["code"] for c in self.codings)

    # -- labels ----------------------------------------------------------------------

    def code_label(self, code: str) -> str:
        name = self.names.get(code, "")
        return f"{code} \u2014 {name}" if name else code

    # -- page ------------------------------------------------------------------------

    def page(self) -> str:
        out: list[str] = []
        w = out.append
        n_docs = len(self.corpus)
        lang = f' lang="{_esc(self.lang)}"' if self.lang else ""
        w(f'<!DOCTYPE html>\n<html{lang}>\n<head>\n<meta charset="utf-8">\n')
        w('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
        w('<meta name="generator" content="researchkit.report.transcript_html">\n')
        w(f"<title>{_esc(self.title)}</title>\n<style>\n{_CSS}{self.code_css()}</style>\n</head>\n")
        w('<body>\n<div class="layout">\n')
        w(self.sidebar())
        w('<main id="rk-main">\n<header class="page">')
        w(f"<h1>{_esc(self.title)}</h1>\n")
        coders = sorted({c["coder"] for c in self.codings if c["coder"]})
        w(f'<p class="summary">{n_docs} document{"s" if n_docs != 1 else ""} \u00b7 {len(self.codings)} coding'
          f'{"s" if len(self.codings) != 1 else ""} \u00b7 {len(self.order)} code{"s" if len(self.order) != 1 else ""}'
          + (f" \u00b7 coders: {_esc(', '.join(coders))}" if coders else "") + "</p>\n")
        if self.missing:
            w(f'<p class="notice" id="rk-missing">Codes not in the codebook (shown with automatic colours): '
              f'{_esc(", ".join(self.missing))}</p>\n')
        w("</header>\n")
        for number, t in enumerate(self.corpus, start=1):
            w(self.document(number, t))
        w('</main>\n</div>\n<div id="rk-tip" role="tooltip" hidden></div>\n')
        w(f'<script type="application/json" id="rk-data">{self.data_json()}</script>\n<script>\n')
        w(_JS)
        w("</script>\n</body>\n</html>\n")
        return "".join(out)

    def data_json(self) -> str:
        """Code labels and coding details for the hover tooltip, safe inside <script>."""
        data = {
            "codes": [self.code_label(code) for code in self.order],
            "codings": [
                [self.k[c["code"]], c["coder"], c["source"],
                 " \u00b7 ".join(f"{key}: {value[:200]}" for key, value in c["extra"].items() if value)]
                for c in self.codings
            ],
        }
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")

    def code_css(self) -> str:
        rules = []
        for code in self.order:
            k = self.k[code]
            color = self.colors[code]
            rules.append(
                f".k{k}{{--c:{color}}}mark.k{k}{{background-color:{_rgba(color, 0.24)}}}"
                f".x{k} mark.k{k}{{background-color:transparent}}.x{k} .st.k{k}{{display:none}}\n"
            )
        return "".join(rules)

    def sidebar(self) -> str:
        out = ['<nav id="rk-side">\n<h2>Documents</h2>\n']
        out.append('<select id="rk-doc" aria-label="Show document">\n')
        out.append(f'<option value="">All documents ({len(self.corpus)})</option>\n')
        for number, t in enumerate(self.corpus, start=1):
            out.append(f'<option value="doc-{number}">{_esc(t.doc_id)}</option>\n')
        out.append('</select>\n<ol class="toc">\n')
        for number, t in enumerate(self.corpus, start=1):
            n = len(self.by_doc.get(t.doc_id, ()))
            desc = ", ".join(_clean(v) for k, v in t.attributes.items() if k in ("group", "port") and _clean(v))
            out.append(
                f'<li><a href="#doc-{number}">{_esc(t.doc_id)}</a>'
                + (f' <span class="desc" title="{_esc(desc)}">{_esc(desc)}</span>' if desc else "")
                + f' <span class="n" title="codings">{n}</span></li>\n'
            )
        out.append("</ol>\n<h2>Codes</h2>\n")
        if self.order:
            out.append('<p class="fbtn"><button type="button" id="rk-all">All</button> '
                       '<button type="button" id="rk-none">None</button></p>\n')
        out.append('<ul id="rk-codes">\n')
        for code, coded in self.rows:
            name = self.names.get(code, "")
            level = min(self.levels.get(code, 1), 6)
            tail = (f' <span class="cname">{_esc(name)}</span>' if name else "")
            if not coded:
                out.append(f'<li class="lv{level} grp" title="{_esc(self.code_label(code))} (no codings of its own)">'
                           f'<span class="sw" style="--c:{self.colors[code]}"></span> <span class="cid">{_esc(code)}</span>'
                           f"{tail}</li>\n")
                continue
            k = self.k[code]
            out.append(
                f'<li class="lv{level}"><label title="{_esc(self.code_label(code))}">'
                f'<input type="checkbox" checked data-k="{k}" data-code="{_esc(code)}"> '
                f'<span class="sw k{k}"></span> <span class="cid">{_esc(code)}</span>{tail}'
                f' <span class="n">{self.counts[code]}</span></label></li>\n'
            )
        out.append("</ul>\n")
        if not self.order:
            out.append('<p class="empty">No codings.</p>\n')
        out.append("</nav>\n")
        return "".join(out)

    def document(self, number: int, t: Transcript) -> str:
        text = t.text
        mine = self.by_doc.get(t.doc_id, [])
        spans = [(self.codings[ci]["start"], self.codings[ci]["end"]) for ci in mine]
        blocks = _blocks(t)
        cuts = []
        for b in blocks:
            if b["head"]:
                cuts.extend(b["head"])
            cuts.extend(b["body"])
        segments = split_segments(len(text), spans, cuts=cuts)
        out = [f'<article class="doc" id="doc-{number}" data-doc="{_esc(t.doc_id)}">\n<header>']
        out.append(f"<h2>{_esc(t.doc_id)}</h2>")
        attrs = [(k, _clean(v)) for k, v in t.attributes.items() if _clean(v)]
        if attrs:
            out.append('<dl class="attrs">' + "".join(f"<dt>{_esc(k)}</dt><dd>{_esc(v)}</dd>" for k, v in attrs) + "</dl>")
        out.append(f'<p class="stats">{len(t.turns)} turns \u00b7 {t.n_words} words \u00b7 {len(mine)} codings</p>')
        out.append('</header>\n<div class="blocks">\n')
        seg_i = 0
        for b in blocks:
            lo = b["head"][0] if b["head"] else b["body"][0]
            hi = b["body"][1]
            block_segs = []
            while seg_i < len(segments) and segments[seg_i][1] <= hi:
                if segments[seg_i][0] >= lo:
                    block_segs.append(segments[seg_i])
                seg_i += 1
            out.append(self.block(b, block_segs, text, mine))
        out.append("</div>\n</article>\n")
        return "".join(out)

    def block(self, b: dict, segs: list, text: str, mine: list[int]) -> str:
        present: list[int] = sorted({i for _, _, cov in segs for i in cov})
        turn = b["turn"]
        if turn is not None:
            cls = f"blk turn r-{turn.role}"
            attrs = f' data-turn="{b["number"]}"'
        else:
            cls = f"blk {b['kind']}"
            attrs = ""
        out = [f'<div class="{cls}"{attrs}>']
        out.append('<div class="mg" aria-hidden="true">')
        for i in present:
            ci = mine[i]
            k = self.k[self.codings[ci]["code"]]
            out.append(f'<span class="st k{k}" data-k="{k}" data-c="{ci}"></span>')
        out.append("</div>")
        if turn is not None:
            head = [s for s in segs if s[1] <= b["head"][1]]
            body = [s for s in segs if s[0] >= b["body"][0]]
            label = text[b["head"][0] : b["head"][1]]
            out.append('<div class="who"><span class="src lbl">')
            out.append(self.segments_html(head, text, mine))
            out.append('</span><span class="meta">')
            if turn.speaker and turn.speaker not in label:
                out.append(f'<span class="spk">{_esc(turn.speaker)}</span> ')
            out.append(f'<span class="role">{_esc(turn.role)}</span>')
            if turn.timestamp is not None and not (isinstance(turn.timestamp, float) and math.isnan(turn.timestamp)):
                out.append(f' <time datetime="PT{float(turn.timestamp):g}S">{_clock(turn.timestamp)}</time>')
            out.append("</span></div>")
        else:
            body = segs
        out.append('<div class="src tx">')
        out.append(self.segments_html(body, text, mine))
        out.append("</div></div>\n")
        return "".join(out)

    def segments_html(self, segs: list, text: str, mine: list[int]) -> str:
        out = []
        for a, z, cov in segs:
            piece = html.escape(text[a:z], quote=False)
            if not cov:
                out.append(piece)
                continue
            for i in cov:
                ci = mine[i]
                out.append(f'<mark class="k{self.k[self.codings[ci]["code"]]}" data-c="{ci}">')
            out.append(piece + "</mark>" * len(cov))
        return "".join(out)


# ----------------------------------------------------------------------------------------
# Public entry point
# ----------------------------------------------------------------------------------------


def transcript_html(
    corpus: Corpus | Transcript,
    codings: pd.DataFrame | None,
    codebook: Any = None,
    *,
    out: str | os.PathLike | None = None,
    title: str = DEFAULT_TITLE,
) -> str:
    """Render a corpus and its codings as one self-contained HTML page.

    Each transcript shows its speaker turns (label as written, role, timestamp if
    any), coloured highlights on coded text and a thin stripe per coding in the
    margin beside the coded lines. A side panel offers a document selector, a table
    of contents and a code filter (checkbox and count per code; unchecking a code hides
    its stripes and highlights). Hovering a highlight or a stripe shows code id and name,
    coder and source (and ``memo``/``confidence`` when the table has them). Overlapping
    codings are cut into segments, each wrapped once per coding that covers it; every
    text is HTML-escaped and the text of a coding's spans is exactly
    ``text[start:end]``. The output is deterministic: codings are sorted by document,
    offsets, code, coder; codes follow the codebook order (codes not in the codebook
    come last, sorted) or, without a codebook, their sorted ids.

    Parameters
    ----------
    corpus
        The transcripts (a :class:`~researchkit.transcripts.Corpus`, or one
        :class:`~researchkit.transcripts.Transcript`), shown in corpus order.
    codings
        Codings table (see :mod:`researchkit.codings`), or ``None`` for none. It is
        checked against the corpus first.
    codebook
        A :class:`~researchkit.codebook.Codebook`: names and colours
        (``codebook.colors()``) of the codes. Without one, codes get the colours of a
        fixed palette (:func:`default_colors`). Codes missing from a given codebook are
        shown with palette colours and listed in a notice at the top of the page.
    out
        If given, the page is also written there (UTF-8, atomically: a temporary file
        in the same folder, then renamed).
    title
        Page title and heading.

    Returns
    -------
    str
        The HTML page.

    Raises
    ------
    researchkit.codings.CodingsError
        (RK301/RK302) The codings table lacks columns or does not fit the corpus
        (unknown document, offsets beyond the text, ``text`` not ``text[start:end]``);
        every bad row is listed.
    researchkit.errors.ReportError
        RK560 the page cannot be written to ``out``; RK561 an argument has the wrong
        type; RK562 a transcript's turns overlap; RK563 a codebook colour is not
        ``#RRGGBB``.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript, Turn
    >>> from researchkit.codings import make_codings
    >>> corpus = Corpus([Transcript("R01", "R: <b>smokkel</b> & meer",
    ...                             (Turn("R", "respondent", 3, 24),))])
    >>> codings = make_codings([{"doc_id": "R01", "start": 6, "end": 13, "code": "SIG",
    ...                          "coder": "anna", "source": "manual"}], corpus)
    >>> page = transcript_html(corpus, codings, title="Demo")
    >>> "&lt;b&gt;" in page and "<b>smokkel" not in page
    True
    >>> page == transcript_html(corpus, codings, title="Demo")
    True
    """
    corpus = _as_corpus(corpus)
    if not isinstance(title, str):
        raise ReportError("RK561", f"transcript_html: title {title!r} is not a string", hint="pass title='...'")
    if codings is None:
        frame = validate_codings(pd.DataFrame(columns=["doc_id", "start", "end", "code", "coder", "source"]), corpus)
    elif isinstance(codings, pd.DataFrame):
        frame = validate_codings(codings, corpus, name="codings given to transcript_html")
    else:
        raise ReportError(
            "RK561",
            f"transcript_html: codings is a {type(codings).__name__}, not a pandas DataFrame",
            hint="pass a codings table (researchkit.codings.make_codings, autocode or Project.codings) or None",
        )
    page = _Renderer(corpus, frame, codebook, title).page()
    if out is not None:
        _write_atomic(Path(out), page)
    return page


def _write_atomic(path: Path, content: str) -> None:
    folder = path.parent
    if path.is_dir():
        raise ReportError("RK560", f"cannot write the HTML page to {str(path)!r}: it is a folder",
                          hint="give a file name such as report/transcripts.html")
    if not folder.is_dir():
        raise ReportError("RK560", f"cannot write the HTML page to {str(path)!r}: folder {str(folder)!r} does not exist",
                          hint="create the folder first or choose another path")
    try:
        atomic_write(path, content, make_parents=False)
    except OSError as exc:
        raise ReportError("RK560", f"cannot write the HTML page to {str(path)!r}: {exc.strerror or exc}",
                          hint="check that the folder is writable and the disk not full") from exc


# ----------------------------------------------------------------------------------------
# Inline assets (no external files, no fonts, no network)
# ----------------------------------------------------------------------------------------

_CSS = """\
:root{--side:17rem;--mgw:3rem;--who:9.5rem}
*{box-sizing:border-box}
body{margin:0;color:#1d1d1f;background:#fff;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.layout{display:grid;grid-template-columns:var(--side) minmax(0,1fr)}
#rk-side{position:sticky;top:0;height:100vh;overflow:auto;padding:.8rem 1rem;border-right:1px solid #d8d8dc;background:#f7f7f9;font-size:13px}
#rk-side h2{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#555;margin:1rem 0 .4rem}
#rk-side h2:first-child{margin-top:0}
#rk-doc{width:100%;font:inherit}
.toc{list-style:none;margin:.4rem 0;padding:0}
.toc li{display:flex;gap:.35em;align-items:baseline;padding:1px 0}
.toc .desc{color:#666;flex:1;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.n{float:right;color:#555;font-variant-numeric:tabular-nums}
#rk-codes{list-style:none;margin:0;padding:0}
#rk-codes li{padding:1px 0}
#rk-codes label{display:block;cursor:pointer}
#rk-codes .grp{color:#555;padding-left:1.4rem}
#rk-codes .lv2{margin-left:1rem}#rk-codes .lv3{margin-left:2rem}#rk-codes .lv4,#rk-codes .lv5,#rk-codes .lv6{margin-left:3rem}
.sw{display:inline-block;width:.8em;height:.8em;border-radius:2px;background:var(--c);vertical-align:-1px}
.cid{font-weight:600}.cname{color:#444}
.fbtn button{font:inherit;padding:0 .5em}
main{padding:1rem 2rem 4rem;min-width:0;max-width:72rem}
header.page h1{margin:.2rem 0}
.summary{color:#555;margin:.2rem 0 1rem}
.notice{background:#fff4d6;border:1px solid #e0c060;padding:.4rem .6rem;border-radius:4px}
article.doc{border-top:2px solid #d8d8dc;margin-top:1.5rem;padding-top:.5rem}
article.doc>header h2{margin:.2rem 0}
.attrs{display:flex;flex-wrap:wrap;gap:.1rem 1rem;margin:.2rem 0;font-size:13px}
.attrs dt{color:#666}.attrs dt::after{content:":"}.attrs dd{margin:0 0 0 .3rem}
.stats{color:#666;font-size:13px;margin:.2rem 0 .6rem}
.blk{position:relative;display:grid;grid-template-columns:var(--mgw) var(--who) minmax(0,1fr);column-gap:.6rem;padding:.3rem 0}
.blk.turn+.blk.turn{border-top:1px solid #f0f0f2}
.mg{grid-column:1;grid-row:1;display:flex;justify-content:flex-end;gap:2px}
.st{display:block;width:4px;min-height:4px;border-radius:1px;background:var(--c)}
.js .mg{display:block;position:relative}
.js .st{position:absolute;top:0;height:100%;right:0}
.who{grid-column:2;grid-row:1;white-space:normal;overflow-wrap:anywhere;font-size:13px}
.lbl{font-weight:600}
.meta{display:block;color:#666}
.role{font-size:11px;text-transform:uppercase;letter-spacing:.04em;border:1px solid #ccc;border-radius:3px;padding:0 .3em}
.r-respondent .role{border-color:#6a9fd4;color:#245e99}
.tx{grid-column:3;grid-row:1;white-space:pre-wrap;overflow-wrap:anywhere}
.blk:not(.turn) .tx{grid-column:2/4;color:#555}
.r-interviewer .tx{color:#3c3c43}
mark{color:inherit;background:none;border-radius:2px}
mark.on,.st.on{outline:2px solid var(--c);outline-offset:0}
#rk-tip{position:fixed;z-index:10;max-width:28rem;padding:.35rem .55rem;background:#222;color:#fff;font-size:12px;line-height:1.4;border-radius:4px;pointer-events:none;white-space:pre-line;box-shadow:0 2px 8px rgba(0,0,0,.25)}
time{font-variant-numeric:tabular-nums}
[hidden]{display:none!important}
@media print{.layout{display:block}#rk-side{display:none}}
"""

_JS = r"""(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var hidden = {};
  var main = document.getElementById("rk-main");

  function docs() { return document.querySelectorAll("article.doc"); }

  // Place each stripe beside the lines its coding covers in that block, in lanes
  // that do not overlap. Reads all geometry first, then writes (one layout pass).
  function layout(articles) {
    var jobs = [], i, j;
    for (i = 0; i < articles.length; i++) {
      var art = articles[i];
      if (art.hidden) continue;
      var margins = art.querySelectorAll(".mg");
      for (j = 0; j < margins.length; j++) {
        var mg = margins[j];
        var stripes = mg.children;
        if (!stripes.length) continue;
        var box = mg.getBoundingClientRect();
        if (!box.width && !box.height) continue;
        var spans = mg.parentNode.querySelectorAll("mark"), ext = {};
        for (var s = 0; s < spans.length; s++) {
          var c = spans[s].getAttribute("data-c"), r = spans[s].getBoundingClientRect();
          var e = ext[c];
          if (!e) ext[c] = [r.top, r.bottom];
          else { if (r.top < e[0]) e[0] = r.top; if (r.bottom > e[1]) e[1] = r.bottom; }
        }
        jobs.push([mg, box, ext]);
      }
    }
    for (i = 0; i < jobs.length; i++) {
      var m = jobs[i][0], b = jobs[i][1], x = jobs[i][2], items = [];
      for (j = 0; j < m.children.length; j++) {
        var st = m.children[j];
        if (hidden[st.getAttribute("data-k")]) continue;
        var ex = x[st.getAttribute("data-c")];
        if (!ex) continue;
        items.push([ex[0] - b.top, ex[1] - b.top, j, st]);
      }
      items.sort(function (p, q) { return p[0] - q[0] || q[1] - p[1] || p[2] - q[2]; });
      var lanes = [];
      for (j = 0; j < items.length; j++) {
        var it = items[j], lane = 0;
        while (lane < lanes.length && lanes[lane] > it[0] + 0.5) lane++;
        lanes[lane] = it[1] + 2;
        it.push(lane);
      }
      var pitch = Math.max(1.5, Math.min(6, b.width / Math.max(1, lanes.length)));
      var width = Math.max(1, Math.min(4, pitch - 1));
      for (j = 0; j < items.length; j++) {
        var el = items[j][3];
        el.style.top = items[j][0].toFixed(1) + "px";
        el.style.height = Math.max(3, items[j][1] - items[j][0]).toFixed(1) + "px";
        el.style.right = (items[j][4] * pitch).toFixed(1) + "px";
        el.style.width = width.toFixed(1) + "px";
      }
    }
  }
  function layoutAll() { layout(docs()); root.setAttribute("data-rk-ready", "1"); }

  // Code filter: a class x<k> on <html> hides code k's stripes and highlights (CSS).
  var boxes = document.querySelectorAll("#rk-codes input[type=checkbox]");
  function setCode(k, on) {
    if (on) { delete hidden[k]; root.classList.remove("x" + k); }
    else { hidden[k] = true; root.classList.add("x" + k); }
  }
  for (var b = 0; b < boxes.length; b++) {
    boxes[b].addEventListener("change", function (ev) {
      setCode(ev.target.getAttribute("data-k"), ev.target.checked); layoutAll();
    });
    if (!boxes[b].checked) setCode(boxes[b].getAttribute("data-k"), false);
  }
  function setAll(on) {
    for (var i = 0; i < boxes.length; i++) { boxes[i].checked = on; setCode(boxes[i].getAttribute("data-k"), on); }
    layoutAll();
  }
  var all = document.getElementById("rk-all"), none = document.getElementById("rk-none");
  if (all) all.addEventListener("click", function () { setAll(true); });
  if (none) none.addEventListener("click", function () { setAll(false); });

  // Document selector: show one document or all.
  var select = document.getElementById("rk-doc");
  function showDoc(id) {
    var list = docs();
    for (var i = 0; i < list.length; i++) list[i].hidden = !!id && list[i].id !== id;
    layoutAll();
  }
  select.addEventListener("change", function () {
    showDoc(select.value);
    if (select.value) location.hash = select.value; else window.scrollTo(0, 0);
  });
  window.addEventListener("hashchange", function () {
    var id = location.hash.slice(1);
    if (select.value && select.value !== id && /^doc-\d+$/.test(id) && document.getElementById(id)) {
      select.value = id; showDoc(id);
    }
  });

  // Hovering a highlight or stripe outlines the coding's text and shows a tooltip with
  // code id and name, coder and source of every (visible) coding at that place.
  var data = JSON.parse(document.getElementById("rk-data").textContent);
  var tip = document.getElementById("rk-tip");
  function codingsAt(t) {
    var out = [];
    if (t.classList.contains("st")) out.push(t);
    else for (var e = t; e && e.tagName === "MARK"; e = e.parentNode) out.unshift(e);
    return out;
  }
  function describe(c) {
    var d = data.codings[c];
    var line = data.codes[d[0]] + "\n  coder: " + (d[1] || "?") + " \u00b7 source: " + d[2];
    return d[3] ? line + "\n  " + d[3] : line;
  }
  function hover(ev, on) {
    var t = ev.target;
    if (!t || !t.classList || !(t.tagName === "MARK" || t.classList.contains("st"))) return;
    var blk = t.closest(".blk"), els = codingsAt(t), lines = [];
    for (var i = 0; i < els.length; i++) {
      var c = els[i].getAttribute("data-c");
      if (hidden[data.codings[c][0]]) continue;
      lines.push(describe(c));
      var same = blk.querySelectorAll('[data-c="' + c + '"]');
      for (var j = 0; j < same.length; j++) same[j].classList.toggle("on", on);
    }
    if (on && lines.length) {
      tip.textContent = lines.join("\n");
      tip.hidden = false;
      var x = Math.min(ev.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
      var y = ev.clientY + 16;
      if (y + tip.offsetHeight > window.innerHeight) y = ev.clientY - tip.offsetHeight - 8;
      tip.style.left = Math.max(4, x) + "px"; tip.style.top = Math.max(4, y) + "px";
    } else tip.hidden = true;
  }
  main.addEventListener("mouseover", function (ev) { hover(ev, true); });
  main.addEventListener("mouseout", function (ev) { hover(ev, false); });

  var pending = false;
  window.addEventListener("resize", function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; layoutAll(); });
  });
  layoutAll();
})();
"""

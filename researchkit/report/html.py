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

import html
import json
import math
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

from researchkit.codings import validate_codings
from researchkit.errors import ReportError
from researchkit.fileio import atomic_write
from researchkit.timing import clock
from researchkit.transcripts import Corpus, Transcript
from researchkit.report.html_assets import _CSS, _JS
from researchkit.report.html_segments import (  # noqa: F401 (split_segments, default_colors re-exported)
    _HEX,
    _clean,
    _esc,
    _natural_key,
    _rgba,
    default_colors,
    split_segments,
)

__all__ = ["transcript_html", "split_segments", "default_colors"]

DEFAULT_TITLE = "Coded transcripts"

# ----------------------------------------------------------------------------------------
# Pure helpers
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
        self._plain = False  # the text of the document being rendered needs no escaping (set by document)

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
        # a text without "&", "<" and ">" is its own escape: its pieces are not escaped one by one
        self._plain = not ("&" in text or "<" in text or ">" in text)
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
                out.append(f' <time datetime="PT{float(turn.timestamp):g}S">{clock(turn.timestamp)}</time>')
            out.append("</span></div>")
        else:
            body = segs
        out.append('<div class="src tx">')
        out.append(self.segments_html(body, text, mine))
        out.append("</div></div>\n")
        return "".join(out)

    def segments_html(self, segs: list, text: str, mine: list[int]) -> str:
        out = []
        plain = self._plain
        for a, z, cov in segs:
            piece = text[a:z] if plain else html.escape(text[a:z], quote=False)
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

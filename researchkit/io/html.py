"""Reader for HTML transcripts (``.html``, ``.htm``) with lxml.

Block elements (``p``, ``div``, ``li``, headings, table rows, ``br`` line breaks) become
paragraphs; a leading ``<b>``/``<strong>`` becomes the bold prefix, so bold speaker
labels are recognised as in Word files; a short inline element that opens a block on its
own right before a block of text (``<span class="who">Kiah</span><div class="said">``) is
read as bold too, a name alone on its line. Headings (``h1``-``h6``) are marked, so a heading
between turns is a section marker as a Markdown heading is (:mod:`researchkit.io.sections`).
A link to a media time opening a paragraph (``<a href="#t=25">▶</a>``, the W3C media
fragment that trs2html and web players write) gives the paragraph its time; a link text
without letters (``▶``, ``[00:25]``) is the time mark, outside the turn. So does oTranscribe's
time mark opening a paragraph, ``<span class="timestamp" data-timestamp="12.3">0:00:12</span>``
(:func:`researchkit.io.otr.timestamp_span`: the seconds of its ``data-timestamp``). Scripts, styles, navigation, forms, images and
the ``<head>`` are not text: they are left out and a note says so. The page title
becomes the ``title`` attribute. Parsing never loads external resources (no network,
no entities).

Examples
--------
>>> from researchkit.transcripts import Source
>>> t = read_html("a.html", b"<p><b>I:</b> Dag.</p><p><b>R:</b> Hoi.</p>", doc_id="a", source=Source("a.html", "0"))
>>> [(turn.role, t.turn_text(turn)) for turn in t.turns]
[('interviewer', 'Dag.'), ('respondent', 'Hoi.')]
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.limits import check_unit_count, count_tags
from researchkit.io.text import decode_text
from researchkit.transcripts import Source, Transcript

#: Elements that make a paragraph, counted on the bytes for the unit limit (RK138).
BLOCK_TAGS = (b"p", b"div", b"li", b"br", b"tr", b"h1", b"h2", b"h3", b"h4", b"h5", b"h6")

BLOCKS = frozenset(
    "p div li h1 h2 h3 h4 h5 h6 tr dt dd blockquote pre section article header footer address "
    "caption figcaption td th table ul ol dl body main aside".split()
)
DROPPED = frozenset("script style noscript nav form button select textarea iframe object embed svg template head".split())
BOLD = frozenset({"b", "strong"})
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
#: A media-fragment time in a link (``#t=25``, ``#t=25.5``, ``#t=npt:0:01:02``, ``#t=25,30``): its start.
_MEDIA_TIME_RE = re.compile(r"#t=(?:npt:)?(?P<t>\d+(?::\d{1,2}){0,2}(?:\.\d+)?)(?:,[\d:.]*)?$")


def media_time(href: str | None) -> float | None:
    """Seconds of a link to a media time (``#t=25``, ``#t=npt:0:01:02.5``), else ``None``.

    Examples
    --------
    >>> media_time("#t=25"), media_time("#t=npt:0:01:02.5"), media_time("#top")
    (25.0, 62.5, None)
    """
    m = _MEDIA_TIME_RE.search(href or "")
    if m is None:
        return None
    seconds = 0.0
    for part in m.group("t").split(":"):
        seconds = seconds * 60 + float(part)
    return round(seconds, 3)


class _Collector:
    """Walks the tree and cuts it into paragraphs with their bold prefix."""

    def __init__(self) -> None:
        self.paragraphs: list[tuple[str, int, bool, float | None, int]] = []
        self.text: list[str] = []
        self.bold_len = 0
        self.length = 0
        self.bold_open = True  # the bold prefix is still growing
        self.dropped: dict[str, int] = {}
        self.headings = 0  # inside how many h1-h6 elements
        self.time: tuple[float, int] | None = None  # a media-time link opening the paragraph, and its mark's length

    def flush(self) -> None:
        text = "".join(self.text)
        if text.strip():
            lead = len(text) - len(text.lstrip())
            time, mark = self.time if self.time is not None else (None, 0)
            self.paragraphs.append((text, self.bold_len, self.headings > 0, time, lead + mark if mark else 0))
        self.text, self.bold_len, self.length, self.bold_open, self.time = [], 0, 0, True, None

    def time_link(self, element) -> bool:
        """A link to a media time before any text of the paragraph: its time (and its text, when it has no letters, as the mark)."""
        seconds = media_time(element.get("href")) if not "".join(self.text).strip() else None
        if seconds is None:
            return False
        label = " ".join(element.text_content().split())
        self.time = (seconds, len(label) if label and not any(ch.isalpha() for ch in label) else 0)
        return True

    def time_span(self, element) -> None:
        """oTranscribe's time mark before any text of the paragraph: its ``data-timestamp`` is the time."""
        from researchkit.io.otr import timestamp_span

        if "".join(self.text).strip():
            return
        found = timestamp_span(element.get("data-timestamp"), element.text_content())
        if found is not None:
            self.time = found

    def add(self, text: str | None, bold: bool) -> None:
        if not text:
            return
        inner = " ".join(text.split())  # collapse white space as a browser does (faster than a regex)
        text = (" " if text[:1].isspace() else "") + inner + (" " if inner and text[-1:].isspace() else "")
        self.text.append(text)
        if self.bold_open:
            self.length += len(text)
            if bold and text.strip():
                self.bold_len = self.length
            elif not bold and text.strip():
                self.bold_open = False

    def walk(self, root, bold: bool = False) -> None:
        """Collect the text of ``root`` and everything in it, in document order (with a stack of its
        own, not Python's: a page nested thousands of levels deep is read like any other)."""
        stack: list[tuple[object, bool, bool]] = [(root, bold, False)]
        while stack:
            element, bold, leaving = stack.pop()
            tag = element.tag.lower() if isinstance(element.tag, str) else ""
            if leaving:  # after the element's children
                if tag in BLOCKS:
                    self.flush()
                self.headings -= tag in HEADINGS
                self.add(element.tail, bold)
                continue
            if tag in DROPPED or tag == "img":
                if tag in {"img", "script", "style", "nav", "form", "iframe", "svg"}:
                    self.dropped[tag] = self.dropped.get(tag, 0) + 1
                self.add(element.tail, bold)
                continue
            if tag == "br":
                self.flush()
                self.add(element.tail, False)
                continue
            if tag in BLOCKS:
                self.flush()
            if tag == "a":
                self.time_link(element)
            elif tag == "span" and "timestamp" in (element.get("class") or "").split():
                self.time_span(element)
            self.headings += tag in HEADINGS
            inner_bold = bold or tag in BOLD
            stack.append((element, bold, True))
            if isinstance(element.tag, str):
                self.add(element.text, inner_bold)
                name = _name_element(element) if tag in BLOCKS else None
                stack.extend((child, inner_bold or child is name, False) for child in reversed(element))


#: Longest text of an element set apart as a speaker's name (``<span class="who">Kiah</span>``).
MAX_NAME_ELEMENT = 64
#: Most elements (itself included) such a name element may hold (``<span><b>Kiah</b></span>``).
MAX_NAME_NODES = 8


def _name_element(block):
    """The inline element that opens ``block`` on its own, right before a block of text, else ``None``.

    Web transcripts put the speaker's name in an element of its own above the speech
    (``<div class="turn"><span class="who">Kiah</span><div class="said"><p>...``): the name is
    then read as a bold name alone on its line is, a label line (it still has to label two
    paragraphs). Only a short text with nothing before it in the block and nothing after it
    but white space before the next block element.

    Examples
    --------
    >>> import lxml.html
    >>> turn = lxml.html.fromstring('<div><span class="who">Kiah</span><div><p>Hi John.</p></div></div>')
    >>> _name_element(turn).text
    'Kiah'
    >>> _name_element(lxml.html.fromstring('<div><span>01</span><span>Topic</span></div>')) is None
    True
    """
    if (block.text or "").strip() or len(block) < 2:
        return None
    first, second = block[0], block[1]
    if not isinstance(first.tag, str) or not isinstance(second.tag, str):
        return None
    first_tag, second_tag = first.tag.lower(), second.tag.lower()
    if first_tag in BLOCKS or first_tag in DROPPED or first_tag in {"br", "img", "a"} or second_tag not in BLOCKS:
        return None
    if (first.tail or "").strip():
        return None
    if any(True for _ in itertools.islice(first.iter(), MAX_NAME_NODES, None)):
        return None  # a name is a few nodes; never walk a deep subtree for each block (linear time)
    text = " ".join(first.text_content().split())
    return first if text and len(text) <= MAX_NAME_ELEMENT else None


def read_html(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> Transcript:
    """Read an HTML transcript from its bytes (see module docstring)."""
    import lxml.html
    from lxml.etree import ParserError

    text, used, decode_notes = decode_text(data, path, encoding=encoding).parts()
    encoded = text.lstrip("\ufeff").encode("utf-8")
    check_unit_count(path, count_tags(encoded, *BLOCK_TAGS, ignore_case=True), "block elements (p, div, li, br, tr, h1-h6)")
    for huge in (False, True):  # libxml2 stops at 256 levels of nesting, or 2,048 with huge_tree, and drops the rest
        try:
            parser = lxml.html.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True,
                                          huge_tree=huge)  # the bytes are the decoded text in UTF-8, whatever a <meta> says
            root = lxml.html.document_fromstring(encoded, parser=parser)
        except (ParserError, ValueError) as err:
            raise TranscriptError("RK103", path, f"cannot be read as HTML ({err})", hint="open it in a browser and save it as HTML or plain text again") from None
        limit = next((e for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"), None)
        if limit is None:
            break
    else:
        depth = re.search(r"[0-9]+", limit.message)
        raise TranscriptError(
            "RK103", path, f"cannot be read as HTML: its elements are nested more than {depth.group() if depth else '2048'} "
            f"levels deep (line {limit.line}), and the text below that depth would be lost",
            hint="open it in a browser and save it as plain text (or copy the text into Word), then ingest that")
    attributes: dict = {}
    title = root.findtext(".//title")
    if title and title.strip():
        attributes["title"] = " ".join(title.split())
    collector = _Collector()
    body = root.find("body")
    collector.walk(body if body is not None else root)
    collector.flush()
    if not collector.paragraphs:
        raise TranscriptError("RK104", path, "has no text in its body", hint="check that the page was saved with its text")
    notes = decode_notes
    if collector.dropped:
        kinds = ", ".join(f"{n} {tag}" for tag, n in sorted(collector.dropped.items()))
        notes.append(f"left out what is not text: {kinds} element(s)")
    paragraphs = [RawParagraph(t, f"block {i}", bold_prefix=b, heading=h, timestamp=ts, time_prefix=mark)
                  for i, (t, b, h, ts, mark) in enumerate(collector.paragraphs, start=1)]
    del root, body, collector, text, encoded  # the parsed page lives on as paragraphs: not kept through the assembly
    return assemble(doc_id, paragraphs, labels=labels, attributes=attributes,
                    source=Source(source.path, source.sha256, "html", used), notes=notes)

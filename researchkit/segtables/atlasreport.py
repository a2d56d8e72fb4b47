"""ATLAS.ti quotation reports (Word, HTML, text) read into coded segments.

ATLAS.ti writes a report of quotations as a document, one block per quotation, headed by
a line that names the quotation's id (``1:5``: document 1, its fifth quotation), its
document and where in the document it is. Three headings are recognised:

* ATLAS.ti 9 and later (22, 23, 24): ``1:5 ¶ 12 in Interview 01`` or ``1:5 ¶ 12 – 14 in
  Interview 01`` (a quotation name may stand between the id and ``¶``; ``in`` also
  ``im``/``uit``);
* ATLAS.ti 8: ``D 1: Interview 01.docx - 1:5`` (``¶ 12`` or ``(12:14)`` after it when written);
* ATLAS.ti 5 to 7 ("Output > All quotations"): ``P 1: Interview 01.docx - 1:5 [de haven is...]
  (12:14)   (anna)``: the name in brackets, the paragraphs, the author.

Below the heading, lines that start with a label are read as that field and the other
lines are the quotation's text (its paragraphs joined with ``\\n``):

* ``Codes:`` (``Kodes:``): the codes in brackets (``[Haven] [Werk::Samenwerking]``),
  after bullets (``● Haven``, on the line or on the lines below), or separated by ``;``;
  ATLAS.ti 7's `` - Family: ...`` after a code name is dropped;
* ``Comment:``/``Kommentar:``/``Commentaar:``/``Opmerking:``/``Memo:``: the memo;
  ``No memos``/``Keine Memos``/``Geen memo's`` say there is none;
* ``Created by:``/``Erstellt von:``/``Aangemaakt door:``/``Author:``: the coder;
* ``Content:``/``Inhalt:``/``Inhoud:``: the text starts after the label;
* other ``Label: value`` lines ATLAS.ti writes (``Created:``, ``Modified:``, ``Document
  Groups:``, ``Quotation Groups:``, ``Density:``, their German and Dutch names) are set aside.

Examples
--------
>>> lines = ["Report: quotations", "1:5 ¶ 3 in Interview 01", "Codes:", "● Haven", "● Werk::Samenwerking",
...          "Content:", "De haven is klein."]
>>> [(s.document, s.codes, s.text, s.start, s.where) for s in atlas_segments(lines)[0]]
[('Interview 01', ('Haven', 'Werk::Samenwerking'), 'De haven is klein.', 3, 'line 2')]
"""

from __future__ import annotations

import re
from typing import Sequence

from researchkit.segtables.model import Segment

__all__ = ["atlas_heading", "atlas_segments"]

#: Longer lines are never headings (and no heading pattern runs on them).
_HEADING_MAX = 400

_ID = r"(?P<id>\d{1,6}:\d{1,9})"
_PARA = r"\u00b6\s*(?P<s>\d{1,9})(?:\s*[-\u2013\u2014]\s*(?P<e>\d{1,9}))?"
#: ATLAS.ti 9+: ``1:5 ¶ 12 in Interview 01``: the part before the ¶ is the id and an optional quotation name, the
#: part after it matched alone (one pattern over both made a run of spaces before the ¶ take cubic time).
_NEW_HEAD = re.compile(_ID + r"(?:\s(?P<name>.*))?")
_NEW_TAIL = re.compile(r"\s*(?P<s>\d{1,9})(?:\s*[-\u2013\u2014]\s*(?P<e>\d{1,9}))?\s+(?:in|im|uit|dans|en)\s+(?P<doc>\S.*)")
#: ATLAS.ti 5-8: ``P 1: Interview 01.docx - 1:5 ...`` / ``D 1: Interview 01.docx - 1:5 ...``.
_OLD = re.compile(r"(?P<kind>[PD])\s?(?P<no>\d{1,6})\s*:\s*(?P<doc>[^\n]{1,300}?)\s+[-\u2013]\s+" + _ID + r"(?P<rest>(?:\s.*)?)")
_OLD_RANGE = re.compile(r"\((?P<s>\d{1,9}):(?P<e>\d{1,9})\)")
_OLD_PARA = re.compile(_PARA)
_OLD_NAME = re.compile(r"\[(?P<name>[^\]]{0,300})\]")
_OLD_AUTHOR = re.compile(r"\((?P<who>[^()\d:][^()]{0,80})\)\s*$")

_LABEL = re.compile(r"(?P<label>[A-Za-z\u00c0-\u017f' ]{2,40}?)\s*:\s*(?P<value>.*)")
_CODES = {"codes", "kodes", "code", "codierungen", "codering", "coderingen"}
_MEMO = {"comment", "comments", "kommentar", "commentaar", "opmerking", "memo", "memos", "quotation comment"}
_CODER = {"created by", "erstellt von", "aangemaakt door", "author", "autor", "auteur", "owner"}
_CONTENT = {"content", "inhalt", "inhoud", "quotation content", "zitatinhalt", "citaatinhoud", "text", "tekst"}
_SET_ASIDE = {"created", "modified", "erstellt", "geandert", "geändert", "aangemaakt", "gewijzigd", "document groups",
              "dokumentgruppen", "documentgroepen", "quotation groups", "zitatgruppen", "citaatgroepen", "density",
              "dichte", "dichtheid", "groundedness", "fundierung", "gefundeerdheid", "document", "dokument",
              "reference", "referenz", "referentie", "name", "hyperlinks", "links", "id", "codes count"}
_NO_MEMO = re.compile(r"(?:no memos?|keine memos?|geen memo'?s?|no comment|kein kommentar|geen commentaar)\.?", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[\u25cf\u25cb\u2022\u25e6\u25aa\u25a0\u25a1\u2013*-]\s*")
_FAMILY = re.compile(r"\s+-\s+(?:Family|Families|Familie|Familien|Families)\s*:.*$", re.IGNORECASE)


def atlas_heading(line: str) -> dict | None:
    """The fields of a quotation heading (``id``, ``document``, ``start``, ``end``, ``name``, ``coder``), else ``None``.

    Examples
    --------
    >>> h = atlas_heading("1:5 ¶ 12 – 14 in Interview 01")
    >>> h["id"], h["document"], h["start"], h["end"]
    ('1:5', 'Interview 01', 12, 14)
    >>> h = atlas_heading("P 1: Interview 01.docx - 1:5 [De haven is klein...]  (12:14)   (anna)")
    >>> h["document"], h["start"], h["end"], h["name"], h["coder"]
    ('Interview 01.docx', 12, 14, 'De haven is klein...', 'anna')
    >>> atlas_heading("D 2: Interview 02.docx - 2:1")["id"], atlas_heading("R: the harbour 1:5 is small")
    ('2:1', None)
    """
    line = line.strip()
    if not line or len(line) > _HEADING_MAX or ":" not in line:
        return None
    head, mark, tail = line.partition("\u00b6")
    if mark:
        first, second = _NEW_HEAD.fullmatch(head.strip()), _NEW_TAIL.fullmatch(tail)
        if first and second:
            start = int(second.group("s"))
            return {"id": first.group("id"), "document": second.group("doc").strip(), "start": start,
                    "end": int(second.group("e") or start), "name": (first.group("name") or "").strip() or None,
                    "coder": None}
    found = _OLD.fullmatch(line)
    if not found:
        return None
    rest = found.group("rest")
    out = {"id": found.group("id"), "document": found.group("doc").strip(), "start": None, "end": None, "name": None,
           "coder": None}
    named = _OLD_NAME.search(rest)
    if named:
        out["name"] = named.group("name").strip() or None
        rest = rest[:named.start()] + " " + rest[named.end():]
    span = _OLD_RANGE.search(rest) or _OLD_PARA.search(rest)
    if span:
        out["start"] = int(span.group("s"))
        out["end"] = int(span.group("e") or span.group("s"))
        rest = rest[:span.start()] + " " + rest[span.end():]
    author = _OLD_AUTHOR.search(rest)
    if author:
        out["coder"] = author.group("who").strip()
    return out


def _codes_in(value: str) -> list[str]:
    """The codes of a ``Codes:`` value (brackets, bullets or ``;``)."""
    bracketed = re.findall(r"\[([^\[\]]{1,300})\]", value)
    if bracketed:
        parts = bracketed
    elif re.search(r"[\u25cf\u25cb\u2022\u25e6\u25aa\u25a0]", value):
        parts = re.split(r"[\u25cf\u25cb\u2022\u25e6\u25aa\u25a0]", value)
    else:
        parts = value.split(";")
    return [_FAMILY.sub("", p).strip() for p in parts if _FAMILY.sub("", p).strip()]


def _label(line: str) -> tuple[str, str] | None:
    if len(line) > _HEADING_MAX:
        return None
    found = _LABEL.fullmatch(line.strip())
    if not found:
        return None
    key = " ".join(found.group("label").casefold().split())
    if key in _CODES | _MEMO | _CODER | _CONTENT | _SET_ASIDE:
        return key, found.group("value").strip()
    return None


def _block(number: int, heading: dict, body: Sequence[str], line_word: str) -> tuple[Segment, list[str]]:
    codes: list[str] = []
    memo: list[str] = []
    coder = heading["coder"]
    text: list[str] = []
    set_aside: list[str] = []
    in_codes = False
    for raw in body:
        line = raw.strip()
        if not text and not line:
            in_codes = False
            continue
        if in_codes and _BULLET.match(line):
            codes += _codes_in(_BULLET.sub("", line))
            continue
        in_codes = False
        labelled = _label(line) if not text else None
        if labelled:
            key, value = labelled
            if key in _CODES:
                codes += _codes_in(value)
                in_codes = True
            elif key in _MEMO:
                if value and not _NO_MEMO.fullmatch(value):
                    memo.append(value)
            elif key in _CODER:
                coder = value or coder
            elif key in _CONTENT:
                if value:
                    text.append(value)
            else:
                set_aside.append(key)
            continue
        if not text and _NO_MEMO.fullmatch(line):
            continue
        text.append(raw.rstrip())
    while text and not text[-1].strip():
        text.pop()
    passage = "\n".join(t.strip() for t in text if t.strip())
    cut = False
    if not passage and heading["name"]:
        passage, cut = heading["name"], heading["name"].endswith(("...", "\u2026"))
    segment = Segment(number, heading["document"], passage, tuple(codes), coder, "\n".join(memo) or None, heading["id"],
                      heading["start"], heading["end"], "paragraph" if heading["start"] is not None else None,
                      line=line_word, cut=cut)
    return segment, set_aside


def atlas_segments(lines: Sequence[str], *, line_word: str = "line") -> tuple[list[Segment], list[str]]:
    """The quotations of an ATLAS.ti report given as its lines (or paragraphs), and notes on what was set aside."""
    headings = [(n, h) for n, h in ((n, atlas_heading(line)) for n, line in enumerate(lines)) if h]
    segments: list[Segment] = []
    aside: dict[str, int] = {}
    for k, (n, heading) in enumerate(headings):
        end = headings[k + 1][0] if k + 1 < len(headings) else len(lines)
        segment, skipped = _block(n + 1, heading, lines[n + 1:end], line_word)
        segments.append(segment)
        for key in skipped:
            aside[key] = aside.get(key, 0) + 1
    notes = []
    if headings and any(line.strip() for line in lines[:headings[0][0]]):
        notes.append(f"{sum(1 for line in lines[:headings[0][0]] if line.strip())} line(s) above the first quotation "
                     "heading set aside as the report's title")
    if aside:
        notes.append("field(s) set aside (not about where a quotation is or how it is coded): "
                     + ", ".join(f"{k} ({n})" for k, n in sorted(aside.items())))
    return segments, notes

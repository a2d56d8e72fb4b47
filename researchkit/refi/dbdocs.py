"""What the importers of SQLite project databases (QualCoder, RQDA) share: a source's text and its tallies, finding a moved passage again.

Both programs store each coding's offsets and its coded text. :func:`place_seltext` finds a
passage whose offsets no longer hold it; :class:`DbDocument` is one source being read (its
raw and canonical text, attributes with where each came from, how many codings held);
:func:`covers` says whether a case's ranges cover a whole text; :func:`memo_text` and
:func:`as_number` read memo and attribute values.

Examples
--------
>>> covers([(0, 5), (5, 11)], 0, 11), covers([(0, 5)], 0, 11)
(True, False)
>>> as_number("67"), as_number("1,5"), as_number("n.v.t.")
(67, 1.5, 'n.v.t.')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import hashlib
from typing import Callable, Iterable, Mapping

import pandas as pd

from researchkit.errors import ExchangeError
from researchkit.refi.codetree import codebook_language
from researchkit.refi.memos import MEMO_NAME_COLUMNS
from researchkit.refi.model import MEMO_COLUMNS, Exchange, ExchangeReport
from researchkit.refi.offsets import SourceText
from researchkit.refi.reader import codings_frame
from researchkit.refi.speakercases import SpeakerClaim, claimed_speakers, covers
from researchkit.refi.turns import turns_for_text
from researchkit.refi.xmlread import emit
from researchkit.transcripts import Corpus, Source, Transcript

__all__ = ["MAX_OCCURRENCES", "MAX_SEARCHES", "DbDocument", "place_seltext", "covers", "memo_text", "as_number"]

#: How many occurrences of a passage are looked at when it must be found again.
MAX_OCCURRENCES = 10_000
#: How many misplaced codings of one project are searched for again; the rest are listed unplaced (bounded time).
MAX_SEARCHES = 10_000


def place_seltext(raw: str, seltext: str, pos0: int, *, limit: int = MAX_OCCURRENCES) -> tuple[str, tuple[int, int] | None, int]:
    """Where a coded passage whose offsets no longer hold it is now: ``(how, span, occurrences)``.

    The exact occurrence of ``seltext`` in ``raw`` that starts nearest ``pos0`` is taken
    when it is the only one, or clearly the nearest (less than half as far as the next).

    Examples
    --------
    >>> place_seltext("de haven, de haven", "haven", 12)
    ('nearest the stored offset', (13, 18), 2)
    >>> place_seltext("de haven, de haven", "haven", 8)
    ('several occurrences, none clearly the nearest', None, 2)
    >>> place_seltext("de haven", "boot", 0)
    ('found nowhere in the text', None, 0)
    """
    if not seltext:
        return "no coded text stored", None, 0
    hits: list[int] = []
    at = raw.find(seltext)
    while at != -1 and len(hits) < limit:
        hits.append(at)
        at = raw.find(seltext, at + 1)
    if not hits:
        return "found nowhere in the text", None, 0
    if len(hits) == 1:
        return "its only occurrence", (hits[0], hits[0] + len(seltext)), 1
    dist = sorted((abs(h - pos0), h) for h in hits)
    if dist[0][0] * 2 < dist[1][0]:
        return "nearest the stored offset", (dist[0][1], dist[0][1] + len(seltext)), len(hits)
    return "several occurrences, none clearly the nearest", None, len(hits)


def memo_text(value: Any) -> str | None:
    """A memo as text, ``None`` when empty.

    Examples
    --------
    >>> memo_text("  "), memo_text("Regen")
    (None, 'Regen')
    """
    return value if isinstance(value, str) and value.strip() else None


def as_number(value: str) -> Any:
    """A numeric attribute's text as an int or float (decimal comma too); other text as it is."""
    try:
        return int(value)
    except ValueError:
        try:
            return float(value.replace(",", ".")) if re.fullmatch(r"\s*-?\d+([.,]\d+)?([eE]-?\d+)?\s*", value) else value
        except ValueError:
            return value


@dataclass
class DbDocument:
    """One source with text being imported: its texts, attributes (and where each came from), and how its codings held."""

    fid: int
    doc_id: str
    raw: str
    source: SourceText
    guid: str
    attributes: dict = field(default_factory=dict)
    origins: dict = field(default_factory=dict)
    fitting: int = 0
    moved: int = 0
    lost: int = 0

    def put(self, name: str, value: Any, label: str, report: ExchangeReport) -> None:
        """Set attribute ``name`` from ``label``; a different value already set is kept (warned)."""
        if name in self.attributes and self.attributes[name] != value:
            report.warnings.append(f"'{self.doc_id}': attribute '{name}' is {self.attributes[name]!r} ({self.origins[name]}) "
                                   f"and {value!r} ({label}); the first is kept")
            return
        self.attributes.setdefault(name, value)
        self.origins.setdefault(name, label)


def database_exchange(*, name: str, file: str, fmt: str, docs: Iterable[DbDocument], codebook: Any, rows: list[dict],
                      memos: list, guid: Callable[[str, str], str], code_guids: Mapping[str, str], created: str | None,
                      labels: Mapping[str, str] | None, report: ExchangeReport,
                      speaker_claims: Iterable[SpeakerClaim] = ()) -> Exchange:
    """The :class:`~researchkit.refi.model.Exchange` of a QDA program's database (QualCoder, RQDA), once its reader
    has read the sources, codebook, codings and memos: each source a transcript (its canonical text, turns found
    as in REFI texts, its raw text's SHA-256 as provenance ``file!source/fid``), the codebook's language from
    the texts, the codings table, the coders, the counts; the report's warnings are emitted. ``speaker_claims``
    (:func:`carry_cases`) become the corpus's speaker attributes where a case covers one speaker's turns
    (:func:`~researchkit.refi.speakercases.claimed_speakers`); the others are listed.
    """
    docs = list(docs)
    transcripts = []
    for doc in docs:
        text = doc.source.canonical
        source = Source(f"{file}!source/{doc.fid}", hashlib.sha256(doc.raw.encode("utf-8", "surrogatepass")).hexdigest(),
                        fmt, "utf-8")
        transcripts.append(Transcript(doc.doc_id, text, turns_for_text(doc.doc_id, text, labels=labels), doc.attributes, source))
    if codebook is not None:
        texts = [t.text for t in transcripts] or [c.name for c in codebook.walk()]
        codebook = codebook_language(codebook, texts, "documents" if transcripts else "code names", report)
    corpus = Corpus(transcripts)
    speakers = claimed_speakers(list(speaker_claims), corpus, report)
    if speakers is not None:
        corpus = Corpus(transcripts, speakers=speakers)
    codings = codings_frame(rows, report)
    memo_frame = pd.DataFrame(memos, columns=MEMO_COLUMNS + MEMO_NAME_COLUMNS)
    names = sorted(set(codings["coder"]) | set(memo_frame["author"]))
    coders = {n: guid("coder", n) for n in names}
    report.counts = {"documents": len(transcripts), "codes": len(codebook) if codebook is not None else 0,
                     "codings": len(codings), "coders": len(set(codings["coder"])), "memos": len(memo_frame)}
    emit(report)
    return Exchange(name, corpus, codebook, codings, coders, memo_frame, {d.doc_id: d.guid for d in docs},
                    dict(code_guids), created, report.origin, report)


def checked_span(reader: Any, doc: DbDocument, p0: int | None, p1: int | None, sel: Any, *, ident: str, outside: str,
                 program: str, offsets: str, strict_code: str) -> tuple[tuple[int, int] | None, str | None]:
    """A coding's place in its source's raw text, checked against the coded text the database stored with it.

    The offsets hold when they lie inside the text and the text there is ``sel`` (or none is stored). Otherwise,
    with ``reader.strict``, ``strict_code`` is raised; else the coded text is looked for (:func:`place_seltext`,
    at most :data:`MAX_SEARCHES` searches per project) and the coding is placed where it is, with a warning, or
    listed as not imported. ``reader`` has ``strict``, ``searches``, ``report`` and ``where``; ``doc`` counts the
    codings that fit, moved or were lost. Returns the span and, for a moved coding, its origin note.
    """
    raw = doc.raw
    inside = p0 is not None and p1 is not None and 0 <= p0 < p1 <= len(raw)
    if inside and (sel is None or raw[p0:p1] == sel):
        doc.fitting += 1
        return (p0, p1), None
    shown = repr(sel[:60] + ("…" if len(sel) > 60 else "")) if isinstance(sel, str) else "none stored"
    problem = (f"the text there is {raw[p0:p1][:60]!r}, not its coded text {shown}" if inside
               else f"{outside} the text of {len(raw)} characters (coded text {shown})")
    if reader.strict:
        raise ExchangeError(strict_code, reader.where, f"{ident}: {problem}",
                            hint="import without strict to place it where its coded text occurs (listed in the report)")
    if not isinstance(sel, str):
        how, span, n = "no coded text stored", None, 0
    elif reader.searches >= MAX_SEARCHES:
        how, span, n = f"not searched for (more than {MAX_SEARCHES} misplaced codings in the project)", None, 0
    else:
        reader.searches += 1
        how, span, n = place_seltext(raw, sel, p0 if p0 is not None else 0)
    if span is None:
        doc.lost += 1
        reader.report.not_carried.append(f"{ident}: {problem}; {how}" + (f" ({n} occurrences)" if n > 1 else "") + ": not imported")
        return None, None
    doc.moved += 1
    reader.report.warnings.append(f"{ident}: {problem}; placed at {span[0]}-{span[1]}, {how}")
    return span, f"{program} offsets {offsets} did not hold the coded text; placed at {span[0]}-{span[1]} ({how})"


def carry_cases(reader: Any, cases: Iterable[tuple[Any, Any, Any, Any, Any]],
                ranges: Mapping[Any, Mapping[Any, list[tuple[int, int]]]], by_case: Mapping[Any, list[tuple[str, Any]]],
                convention: Any) -> list[SpeakerClaim]:
    """Give each case's attributes to the documents it covers whole (researchkit cases are documents).

    ``cases`` are ``(id, name, memo, owner, date)``; ``ranges`` the character ranges of each case per source id
    (``reader.docs`` key), counted in the raw text under ``convention``; ``by_case`` the case's ``(attribute, value)``
    pairs. A case that covers only part of a document is returned as a
    :class:`~researchkit.refi.speakercases.SpeakerClaim` (canonical offsets) for
    :func:`database_exchange`, which gives its values to the one speaker whose turns it covers or lists it; a
    range that does not fit the text, or a case with no text, is listed in ``reader.report``. Its memo goes to
    the first document it covers whole, else to the project (``reader.memo``).
    """
    report = reader.report
    claims: list[SpeakerClaim] = []
    for case_id, name, memo, owner, date in cases:
        cname = name if isinstance(name, str) and name.strip() else f"case {case_id}"
        whole, part = [], []
        for fid, spans in sorted(ranges.get(case_id, {}).items()):
            doc = reader.docs[fid]
            first, last = len(doc.raw) - len(doc.raw.lstrip()), len(doc.raw.rstrip())
            (whole if covers(spans, first, last) else part).append((doc, spans))
        for doc, _ in whole:
            for attribute, value in by_case.get(case_id, []):
                doc.put(attribute, value, f"case '{cname}'", report)
            if cname != doc.doc_id:
                doc.put("case", cname, f"case '{cname}'", report)
        for doc, spans in part:
            spans = sorted(spans)
            starts, ends, ok = doc.source.to_canonical([a for a, _ in spans], [b for _, b in spans], convention)
            bad = [f"{a}-{b}" for (a, b), fits in zip(spans, ok.tolist()) if not fits]
            if bad:
                report.not_carried.append(f"case '{cname}' covers only part of '{doc.doc_id}', at characters that do not fit its text "
                                          f"({', '.join(bad[:5])}): the document and its speakers do not get the case's attributes")
                continue
            claims.append(SpeakerClaim(name if isinstance(name, str) else "", f"case '{cname}'", doc.doc_id,
                                       tuple(zip(starts.tolist(), ends.tolist())), tuple(by_case.get(case_id, []))))
        if not whole and not part:
            n = len(by_case.get(case_id, []))
            report.not_carried.append(f"case '{cname}': no text of the project belongs to it; its {n} attribute value(s) not imported")
        if memo_text(memo):
            target = ("document", whole[0][0].doc_id) if whole else ("project", "")
            reader.memo("case", case_id, target[0], target[1], memo, owner, date, name=f"memo on case {cname}")
    return claims

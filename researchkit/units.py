"""Units of analysis: the spans a coding decision is made on.

Units are derived from a corpus on demand and never stored. Four kinds:

``sentence``
    Sentences found by the spaCy sentencizer in each turn's content. A sentence
    never crosses a turn, and a line break always ends a sentence.
``turn``
    One unit per speaker turn (its content, without the speaker label).
``paragraph``
    The transcript's paragraphs (``Transcript.paragraphs``) intersected with the
    turns, so a paragraph unit never crosses a turn either.
``document``
    One unit per document: the whole canonical text.

Every unit's ``start``/``end`` are code-point offsets into the canonical text,
trimmed of surrounding whitespace, so ``text[start:end] == unit.text``. A transcript
without turns is treated as one turn (index 0) with an empty speaker and role
``other``.

Examples
--------
>>> from researchkit.transcripts import Transcript, Turn, Corpus
>>> t = Transcript("R01", "I: Hoe gaat het?\\nR: Goed. We werken samen.",
...                turns=(Turn("I", "interviewer", 3, 16), Turn("R", "respondent", 20, 42)))
>>> units(Corpus([t]), "sentence", roles=["respondent"])[["unit_index", "start", "end", "text"]]
   unit_index  start  end              text
0           1     20   25             Goed.
1           2     26   42  We werken samen.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Iterable, Iterator, Mapping, Sequence

import numpy as np
import pandas as pd

from researchkit.errors import ConfigurationError
from researchkit.transcripts import ROLES, Corpus, Transcript, Turn

__all__ = [
    "UNITS", "UNIT_COLUMNS", "units", "content_turns", "iter_segments", "turn_segments", "trim_span", "sentence_spans",
    "check_unit", "check_roles", "remember_sentences", "SentenceRecorder", "MAX_SEGMENT_CHARS",
]

#: The unit kinds understood by :func:`units` and :func:`researchkit.autocode`.
UNITS: tuple[str, ...] = ("sentence", "turn", "paragraph", "document")

#: Columns of the table returned by :func:`units`.
UNIT_COLUMNS: list[str] = ["doc_id", "unit_index", "start", "end", "turn", "speaker", "role", "text"]


def check_unit(unit: str) -> str:
    """Return ``unit`` if it is one of :data:`UNITS`, else raise ``RK204``.

    Examples
    --------
    >>> check_unit("turn")
    'turn'
    """
    if unit not in UNITS:
        import difflib

        close = difflib.get_close_matches(str(unit), UNITS, n=1)
        guess = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConfigurationError(
            "RK204", f"unknown unit {unit!r}{guess}", hint=f"use one of {', '.join(UNITS)}"
        )
    return unit


def check_roles(roles: Iterable[str] | str | None) -> tuple[str, ...] | None:
    """Normalise a roles argument to a tuple (``None`` means every role); ``RK205`` if unknown.

    Examples
    --------
    >>> check_roles("respondent")
    ('respondent',)
    """
    if roles is None:
        return None
    if isinstance(roles, str):
        roles = (roles,)
    out = tuple(dict.fromkeys(roles))
    bad = [r for r in out if r not in ROLES]
    if bad:
        raise ConfigurationError(
            "RK205", f"unknown role(s) {', '.join(map(repr, bad))}", hint=f"roles are {', '.join(ROLES)}"
        )
    return out


def _transcripts(corpus: Corpus | Transcript | Iterable[Transcript]) -> Iterable[Transcript]:
    if isinstance(corpus, Transcript):
        return (corpus,)
    return corpus


def content_turns(transcript: Transcript) -> tuple[Turn, ...]:
    """The transcript's turns, or one ``other`` turn over the whole text when it has none.

    Examples
    --------
    >>> content_turns(Transcript("d", "los"))
    (Turn(speaker='', role='other', start=0, end=3, timestamp=None),)
    """
    if transcript.turns:
        return transcript.turns
    return (Turn("", "other", 0, len(transcript.text)),)


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so that it neither starts nor ends with whitespace.

    Examples
    --------
    >>> trim_span("  ja  ", 0, 6)
    (2, 4)
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


#: Longest text handed to spaCy in one piece; a longer turn is cut at a line break (else at a space).
MAX_SEGMENT_CHARS = 100_000


def turn_segments(transcript: Transcript, roles: Iterable[str] | None = None) -> Iterator[tuple[int, Turn, int, int]]:
    """Yield ``(turn_index, turn, start, end)`` for each turn's content, trimmed: the pieces of
    text that auto-coding and the sentence split hand to spaCy.

    A turn longer than :data:`MAX_SEGMENT_CHARS` is cut at its last line break within the
    limit (a line break always ends a sentence, so that cut changes nothing), else at a space.
    ``roles``: only turns with these roles (``None``: every turn).

    Examples
    --------
    >>> t = Transcript("R1", "I: Vraag?\\nR: Antwoord.", (Turn("I", "interviewer", 3, 9), Turn("R", "respondent", 13, 22)))
    >>> [(ti, t.text[s:e]) for ti, _, s, e in turn_segments(t, {"respondent"})]
    [(1, 'Antwoord.')]
    """
    text = transcript.text
    for ti, turn in enumerate(content_turns(transcript)):
        if roles is not None and turn.role not in roles:
            continue
        s, e = trim_span(text, turn.start, turn.end)
        while e - s > MAX_SEGMENT_CHARS:
            cut = text.rfind("\n", s, s + MAX_SEGMENT_CHARS)
            if cut <= s:
                cut = text.rfind(" ", s, s + MAX_SEGMENT_CHARS)
            if cut <= s:
                cut = s + MAX_SEGMENT_CHARS
            a, b = trim_span(text, s, cut)
            if a < b:
                yield ti, turn, a, b
            s, _ = trim_span(text, cut, e)
        if s < e:
            yield ti, turn, s, e


def iter_segments(transcript: Transcript, roles: Sequence[str] | None = None) -> Iterator[tuple[int, Turn, int, int]]:
    """Yield ``(turn_index, turn, start, end)`` for each non-blank line of each turn.

    These lines are what the NLP pipeline is run on: small documents, and a line
    break always ends a sentence anyway. Offsets are into the canonical text.

    Examples
    --------
    >>> t = Transcript("d", "R: een\\ntwee", turns=(Turn("R", "respondent", 3, 11),))
    >>> list(iter_segments(t))
    [(0, Turn(speaker='R', role='respondent', start=3, end=11, timestamp=None), 3, 6), (0, Turn(speaker='R', role='respondent', start=3, end=11, timestamp=None), 7, 11)]
    """
    text = transcript.text
    for index, turn in enumerate(content_turns(transcript)):
        if roles is not None and turn.role not in roles:
            continue
        pos = turn.start
        while pos < turn.end:
            nl = text.find("\n", pos, turn.end)
            line_end = turn.end if nl == -1 else nl
            s, e = trim_span(text, pos, line_end)
            if s < e:
                yield index, turn, s, e
            pos = line_end + 1


def sentence_spans(doc: Any, offset: int, text: str | None = None) -> list[tuple[int, int]]:
    """Character spans of the sentences of a spaCy ``doc``, shifted by ``offset``, trimmed.

    ``text`` is ``doc.text`` if the caller has it (rebuilding it from the tokens is slow).

    Examples
    --------
    >>> from researchkit.nlp import get_pipeline
    >>> sentence_spans(get_pipeline("nl")("Ja. Nee hoor."), 10)
    [(10, 13), (14, 23)]
    """
    from spacy.attrs import IDX, LENGTH, SENT_START

    n = len(doc)
    if n == 0:
        return []
    if text is None:
        text = doc.text
    info = doc.to_array([SENT_START, IDX, LENGTH])
    starts = (info[:, 0] == 1).nonzero()[0].tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    idx = info[:, 1].tolist()
    ends = (info[:, 1] + info[:, 2]).tolist()
    spans = []
    for k, first in enumerate(starts):
        s, e = idx[first], ends[(starts[k + 1] if k + 1 < len(starts) else n) - 1]
        if text[s].isspace() or text[e - 1].isspace():  # a sentence that starts or ends with a line break
            s, e = trim_span(text, s, e)
            if s >= e:
                continue
        spans.append((offset + s, offset + e))
    return spans


def _doc_lang(transcript: Transcript, lang: str | None) -> str:
    if lang is not None:
        return lang
    value = transcript.attributes.get("language") or transcript.attributes.get("lang")
    return str(value) if value else "nl"


#: Sentence spans of a blank pipeline, per transcript (text, turns, language): the turn indices split
#: so far, and one ``int64`` row ``(start, end, turn index)`` per sentence of those turns, in text order.
#: Auto-coding records the turns it parses (:class:`SentenceRecorder`, :func:`remember_sentences`);
#: :func:`units` splits only the other turns. So the spaCy split is made once per document and shared by
#: auto-coding, agreement, analysis, quotes and the report, which all ask for the same units (the split
#: is the costly part of every unit table). Arrays, not tuples: recording costs auto-coding little.
_TURN_SENTENCES: "OrderedDict[tuple, tuple[frozenset[int], np.ndarray]]" = OrderedDict()
#: Sentence spans of a trained pipeline, per (text, turns, language, model, pipeline).
_SENTENCE_CACHE: "OrderedDict[tuple, tuple[tuple[int, int, int], ...]]" = OrderedDict()
_SENTENCE_CACHE_SIZE = 20_000


def _remember(key: tuple, turns: Iterable[int], rows: np.ndarray) -> tuple[frozenset[int], np.ndarray]:
    """Add the sentences ``rows`` of ``turns`` to what is known of a transcript; return what is known."""
    entry = _TURN_SENTENCES.get(key)
    if entry is None:
        known, table = frozenset(turns), rows
    else:
        _TURN_SENTENCES.move_to_end(key)
        before, table = entry
        added = frozenset(turns) - before  # a turn is split once: the same turn again changes nothing
        if not added:
            return entry
        fresh = rows[np.isin(rows[:, 2], list(added))]
        table = np.concatenate([table, fresh])
        table = table[np.lexsort((table[:, 0], table[:, 2]))]
        known = before | added
    _TURN_SENTENCES[key] = (known, table)
    if len(_TURN_SENTENCES) > _SENTENCE_CACHE_SIZE:
        _TURN_SENTENCES.popitem(last=False)
    return known, table


def remember_sentences(transcript: Transcript, lang: str, spans: Mapping[int, Iterable[tuple[int, int]]]) -> None:
    """Record the sentences a blank pipeline of ``lang`` found in some of a transcript's turns.

    ``spans`` maps a turn index to the ``(start, end)`` of every sentence of that turn's
    segments (:func:`turn_segments`, split by :func:`sentence_spans` with offsets into the
    canonical text). :func:`units` then splits only the turns not recorded. Auto-coding
    records the turns it parses (:class:`SentenceRecorder`), so the analyses' units cost no
    second spaCy pass.

    Examples
    --------
    >>> t = Transcript("R1", "R: Ja. Nee.", (Turn("R", "respondent", 3, 11),))
    >>> remember_sentences(t, "nl", {0: [(3, 6), (7, 11)]})
    >>> units(t, "sentence")["text"].tolist()
    ['Ja.', 'Nee.']
    """
    _remember((transcript.text, tuple(transcript.turns), lang), spans, _rows(spans))


def _rows(spans: Mapping[int, Iterable[tuple[int, int]]]) -> np.ndarray:
    """``(start, end, turn index)`` rows of ``turn -> spans``, sorted by turn and start."""
    rows = [(a, b, ti) for ti in sorted(spans) for a, b in sorted(spans[ti])]
    return np.array(rows, dtype=np.int64).reshape(-1, 3)


class SentenceRecorder:
    """Records the sentences of one transcript's pieces as auto-coding parses them (see :func:`remember_sentences`).

    :meth:`add` keeps each parsed piece's sentence starts and token places (one array per
    piece); :meth:`finish` turns them into sentences for the whole transcript at once, with
    array operations: a sentence runs from its first to its last token that is not
    whitespace (spaCy never puts whitespace at the edge of any other token, so this is
    :func:`trim_span` of the sentence), and one made of whitespace alone is none.

    Examples
    --------
    >>> from researchkit.nlp import get_pipeline
    >>> t = Transcript("R1", "R: Ja. Nee\\nhoor.", (Turn("R", "respondent", 3, 16),))
    >>> recorder = SentenceRecorder(t, "nl")
    >>> recorder.add(0, 3, get_pipeline("nl")(t.text[3:16]))
    >>> recorder.finish()
    >>> units(t, "sentence")["text"].tolist()
    ['Ja.', 'Nee', 'hoor.']
    """

    __slots__ = ("transcript", "lang", "_pieces")

    #: The columns :meth:`add` needs, in this order.
    ATTRS: tuple[str, ...] = ("SENT_START", "IDX", "LENGTH", "IS_SPACE")

    def __init__(self, transcript: Transcript, lang: str) -> None:
        self.transcript, self.lang = transcript, lang
        self._pieces: list[tuple[int, int, Any]] = []

    def add(self, turn_index: int, offset: int, doc: Any, places: Any = None) -> None:
        """A parsed piece of turn ``turn_index`` that starts at ``offset`` in the canonical text;
        ``places``: its ``doc.to_array(SentenceRecorder.ATTRS)`` if the caller has it already."""
        if places is None:
            places = doc.to_array(list(self.ATTRS))
        if len(places):
            self._pieces.append((turn_index, offset, places))

    def finish(self) -> None:
        """Record the sentences of every piece added (:func:`remember_sentences`)."""
        pieces, self._pieces = self._pieces, []
        if not pieces:
            return
        info = np.concatenate([places for _, _, places in pieces]).astype(np.int64)  # (spaCy gives uint64)
        sizes = [len(places) for _, _, places in pieces]
        n = len(info)
        starts = info[:, 0] == 1
        starts[np.cumsum([0] + sizes[:-1])] = True  # a piece always starts a sentence
        begin = info[:, 1] + np.repeat([offset for _, offset, _ in pieces], sizes)
        end = begin + info[:, 2]
        first = np.flatnonzero(starts)
        last = np.append(first[1:], n) - 1
        token = np.arange(n)
        solid = info[:, 3] == 0
        next_solid = np.minimum.accumulate(np.where(solid, token, n)[::-1])[::-1]  # first non-space token at or after
        prev_solid = np.maximum.accumulate(np.where(solid, token, -1))  # last non-space token at or before
        a, b = next_solid[first], prev_solid[last]
        keep = a <= last  # not whitespace alone
        turn_of = np.repeat([ti for ti, _, _ in pieces], sizes)
        rows = np.column_stack((begin[a[keep]], end[b[keep]], turn_of[first[keep]]))
        _remember((self.transcript.text, tuple(self.transcript.turns), self.lang),
                  {ti for ti, _, _ in pieces}, rows)


def _sentence_units(transcript: Transcript, lang: str, model: str | None) -> list[list[int]]:
    """``[start, end, turn index]`` of every sentence of a transcript, in text order (cached)."""
    from researchkit.nlp import get_pipeline

    nlp = get_pipeline(lang, model=model)
    text = transcript.text
    if model is not None:
        return _trained_sentence_units(transcript, lang, model, nlp)
    key = (text, tuple(transcript.turns), lang)
    entry = _TURN_SENTENCES.get(key)
    known = entry[0] if entry is not None else frozenset()
    todo = [piece for piece in turn_segments(transcript) if piece[0] not in known]
    if todo or entry is None:
        # whole turns, as auto-coding splits them (its line-break component ends a sentence at every line
        # break); the lemmas play no part in the split: the blank pipeline's lemmatizer is skipped
        skip = [name for name in ("lemmatizer",) if name in nlp.pipe_names]
        found: dict[int, list[tuple[int, int]]] = {}
        for (ti, _turn, s, e), doc in zip(todo, nlp.pipe((text[s:e] for _, _, s, e in todo), disable=skip)):
            found.setdefault(ti, []).extend(sentence_spans(doc, s, text[s:e]))
        entry = _remember(key, {piece[0] for piece in todo}, _rows(found))
    return entry[1].tolist()


def _trained_sentence_units(transcript: Transcript, lang: str, model: str, nlp: Any) -> list[tuple[int, int, int]]:
    """The split of a trained pipeline: line by line, the whole pipeline (its parser may set the boundaries)."""
    text = transcript.text
    key = (text, tuple(transcript.turns), lang, model, id(nlp))
    cached = _SENTENCE_CACHE.get(key)
    if cached is not None:
        _SENTENCE_CACHE.move_to_end(key)
        return list(cached)
    spans: list[tuple[int, int, int]] = []
    segments = list(iter_segments(transcript))
    docs = nlp.pipe(text[s:e] for _, _, s, e in segments)
    for (i, _turn, s, e), doc in zip(segments, docs):
        spans.extend((a, b, i) for a, b in sentence_spans(doc, s, text[s:e]))
    _SENTENCE_CACHE[key] = tuple(spans)
    if len(_SENTENCE_CACHE) > _SENTENCE_CACHE_SIZE:
        _SENTENCE_CACHE.popitem(last=False)
    return spans


def units(
    corpus: Corpus | Transcript | Iterable[Transcript],
    unit: str = "sentence",
    *,
    roles: Iterable[str] | str | None = None,
    lang: str | None = "nl",
    model: str | None = None,
) -> pd.DataFrame:
    """Split a corpus into units of analysis.

    Parameters
    ----------
    corpus
        A :class:`~researchkit.transcripts.Corpus`, one transcript, or an iterable of them.
    unit
        ``"sentence"``, ``"turn"``, ``"paragraph"`` or ``"document"``.
    roles
        Keep only units from turns with these roles (e.g. ``["respondent"]``);
        ``None`` keeps all. Ignored for ``"document"`` units.
    lang
        Language of the sentence splitter; ``None`` reads each document's
        ``language`` attribute (default ``"nl"``).
    model
        An installed trained spaCy pipeline to use instead of the blank one.

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id, unit_index, start, end, turn, speaker, role, text``, in
        corpus and text order. ``unit_index`` numbers the units of a document over
        *all* roles, so it stays the same whatever ``roles`` is; ``turn`` is the turn
        index (missing for ``"document"`` units).

    Examples
    --------
    >>> from researchkit.transcripts import Transcript, Turn
    >>> t = Transcript("R01", "R: Ja.\\nNee.", turns=(Turn("R", "respondent", 3, 11),))
    >>> units(t, "paragraph")["text"].tolist()
    ['Ja.', 'Nee.']
    """
    check_unit(unit)
    wanted = check_roles(roles)
    rows: list[tuple] = []
    for transcript in _transcripts(corpus):
        text = transcript.text
        doc_id = transcript.doc_id
        if unit == "document":
            s, e = trim_span(text, 0, len(text))
            if s < e:
                rows.append((doc_id, 0, s, e, None, None, None, text[s:e]))
            continue
        turns = content_turns(transcript)
        spans: list[tuple[int, int, int]] = []  # (start, end, turn index)
        if unit == "turn":
            for i, turn in enumerate(turns):
                s, e = trim_span(text, turn.start, turn.end)
                if s < e:
                    spans.append((s, e, i))
        elif unit == "paragraph":
            paragraphs = sorted(transcript.paragraphs)
            for i, turn in enumerate(turns):
                for ps, pe in paragraphs:
                    if pe <= turn.start or ps >= turn.end:
                        continue
                    s, e = trim_span(text, max(ps, turn.start), min(pe, turn.end))
                    if s < e:
                        spans.append((s, e, i))
        else:  # sentence
            spans = _sentence_units(transcript, _doc_lang(transcript, lang), model)
        for index, (s, e, i) in enumerate(spans):
            turn = turns[i]
            if wanted is not None and turn.role not in wanted:
                continue
            rows.append((doc_id, index, s, e, i, turn.speaker, turn.role, text[s:e]))
    frame = pd.DataFrame(rows, columns=UNIT_COLUMNS)
    return frame.astype(
        {"doc_id": "object", "unit_index": "int64", "start": "int64", "end": "int64", "turn": "Int64",
         "speaker": "object", "role": "object", "text": "object"}
    )

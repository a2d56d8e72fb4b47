"""Reader for Praat TextGrid files (``.TextGrid``, any case of the suffix).

Praat reads a text file as a stream of *free-standing* data: numbers, texts in double
quotes (a quote inside doubled, ``""``) and flags such as ``<exists>``; everything else
(``xmin =``, ``item [1]:``, ``intervals: size =``) is a comment for people, as is the rest of
a line after ``!``. So one small tokenizer (:func:`praat_tokens`) reads the long ("full")
format, the short format (``ooTextFile short`` too) and anything in between, as the Praat
manual asks of a TextGrid reader; and the chronological format (``Praat chronological
TextGrid text file``). praatio's parser was not used: it finds fields by splitting on
``item [`` and by fixed line positions, so it misreads a short file with a comment line or
an interval whose text contains ``"IntervalTier"``, and rejects times written with an
exponent (``1e-05``).

- **Speakers** are the interval tiers, named by the tier; an empty interval (a pause) is
  skipped. Point tiers (``TextTier``: a bell, a tone mark) are not speech: left out, with a
  note naming them. A forced aligner's tiers (Montreal Forced Aligner: ``words`` and
  ``phones``, ``Anna - words`` and ``Anna - phones``; FAVE, P2FA and Gentle write ``word`` and
  ``phone``) keep the words; the phone tiers are left out (noted) and ``Anna - words`` is
  speaker ``Anna``. SPPAS's annotation tiers (``TokensAlign`` beside ``PhonAlign``,
  ``Tokenization``, ``Activity``, ``MetaInformation`` ...) keep ``TokensAlign``, the words, its
  silences ``#`` and ``+`` skipped as pauses; the other tiers are left out (noted). The words of
  an aligner's word tier, one per interval, are joined with spaces into stretches of speech
  that end at a pause of a second or more (:data:`WORD_PAUSE`, noted). An interval tier whose
  name names notes (``comments``, ``notes``, ``topic``, ``events``: a word of
  :data:`researchkit.io.tiers.NOTE_TIER_WORDS`) holds the transcriber's remarks: its intervals
  stay in the text under the tier's name with role ``other``, named in the first note (unless
  every tier is so named; ``labels=`` wins).
- **Order**: by the intervals' start times, ties by the tier's place, then the interval's.
- **Encoding**: UTF-16 with a byte-order mark (as Praat writes files with non-ASCII text),
  UTF-8 with or without one, else detected as for text files (with a note). A binary
  TextGrid (``ooBinaryFile``) is RK164, as is anything whose numbers and texts do not make a
  TextGrid; the error names the line.
- **Attributes**: ``duration`` (seconds, the TextGrid's ``xmax - xmin``).

Examples
--------
>>> from researchkit.transcripts import Source
>>> tg = '''File type = "ooTextFile"
... Object class = "TextGrid"
... 0
... 4.5
... <exists>
... 2
... "IntervalTier"
... "Interviewer"
... 0 4.5 2
... 0 1.2 "So, where were you?"
... 1.2 4.5 ""
... "IntervalTier"
... "Jan"
... 0 4.5 2
... 0 1.5 ""
... 1.5 4.5 "At ""the"" quay."
... '''.encode()
>>> t = read_textgrid("R01.TextGrid", tg, doc_id="R01", source=Source("R01.TextGrid", "0"))
>>> [(turn.speaker, turn.timestamp, t.turn_text(turn)) for turn in t.turns]
[('Interviewer', 0.0, 'So, where were you?'), ('Jan', 1.5, 'At "the" quay.')]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping

from researchkit.errors import TranscriptError
from researchkit.io.limits import check_unit_count
from researchkit.io.text import decode_text
from researchkit.io.tiers import Utterance, assemble_utterances, listed, names_notes, overlaps
from researchkit.transcripts import Source, Transcript

__all__ = ["read_textgrid", "praat_tokens", "parse_textgrid", "Tier"]

CODE = "RK164"
_NUMBER_RE = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_FLAG_RE = re.compile(r"<[A-Za-z]{1,20}>")
_CHRONOLOGICAL = "Praat chronological TextGrid text file"
#: A forced aligner's tier names: ``phones`` / ``Anna - phones`` beside ``words`` / ``Anna - words``
#: (Montreal Forced Aligner), ``phone`` beside ``word`` (FAVE, P2FA, Gentle).
_ALIGNER_RE = re.compile(r"(?:(?P<speaker>.+?)\s+-\s+)?(?P<kind>words?|phones?)", re.IGNORECASE)
#: Seconds of silence between two aligned words that end a stretch of speech (a forced aligner's word tier).
WORD_PAUSE = 1.0
#: SPPAS's tier of aligned words, and its silence marks in it.
_SPPAS_WORDS, _SPPAS_SILENCES = "TokensAlign", frozenset({"#", "+", "sil"})


@dataclass
class Tier:
    """One tier of a TextGrid: its class (``IntervalTier`` or ``TextTier``), name and items.

    An interval tier's items are ``(start, end, text)``, a point tier's ``(time, None, text)``.
    """

    kind: str
    name: str
    items: list[tuple[float, float | None, str]] = field(default_factory=list)


def praat_tokens(text: str) -> Iterator[tuple[str, object, int]]:
    """The free-standing data of a Praat text file: ``(kind, value, offset)`` with kind ``number``, ``text`` or ``flag``.

    Linear in the text; a text without its closing quote is RK164 (raised as ``ValueError``
    with the offset, turned into the error by the caller).

    Examples
    --------
    >>> [(k, v) for k, v, _ in praat_tokens('xmin = 0 ! comment 3\\nitem [1]:\\n  text = "a ""b"" c"\\n<exists> 1e-05')]
    [('number', 0.0), ('text', 'a "b" c'), ('flag', '<exists>'), ('number', 1e-05)]
    """
    pos, n = 0, len(text)
    while pos < n:
        char = text[pos]
        if char.isspace():
            pos += 1
            continue
        if char == "!":
            end = text.find("\n", pos)
            pos = n if end < 0 else end + 1
            continue
        if char == '"':
            start, parts, cursor = pos, [], pos + 1
            while True:
                close = text.find('"', cursor)
                if close < 0:
                    raise ValueError(start)
                parts.append(text[cursor:close])
                if text.startswith('"', close + 1):
                    parts.append('"')
                    cursor = close + 2
                    continue
                pos = close + 1
                break
            yield "text", "".join(parts), start
            continue
        end = pos
        while end < n and not text[end].isspace():
            end += 1
        word = text[pos:end]
        if _NUMBER_RE.fullmatch(word):
            yield "number", float(word), pos
        elif _FLAG_RE.fullmatch(word):
            yield "flag", word, pos
        pos = end


class _Reader:
    """A cursor over the tokens that raises RK164 naming the line when the next datum is not what a TextGrid has."""

    def __init__(self, path, text: str) -> None:
        self.path, self.text = path, text
        self.tokens = praat_tokens(text)
        self.last = 0

    def line(self, offset: int) -> str:
        return f"line {self.text.count(chr(10), 0, offset) + 1}"

    def fail(self, message: str, offset: int | None = None) -> TranscriptError:
        return TranscriptError(CODE, self.path, message, location=self.line(self.last if offset is None else offset),
                               hint="open the file in Praat and save it again as a text file (Save as text file...)")

    def next(self, kind: str, what: str):
        try:
            got, value, offset = next(self.tokens)
        except StopIteration:
            raise self.fail(f"the file ends where the TextGrid needs {what}") from None
        except ValueError as err:
            raise self.fail("a text in double quotes has no closing quote", err.args[0]) from None
        self.last = offset
        if got != kind:
            shown = repr(value)[:40]
            raise self.fail(f"expected {what} ({kind}), found the {got} {shown}")
        if kind == "number" and not math.isfinite(value):
            raise self.fail(f"{what} is not a finite number")
        return value

    def more(self) -> tuple[str, object, int] | None:
        try:
            token = next(self.tokens)
        except StopIteration:
            return None
        except ValueError as err:
            raise self.fail("a text in double quotes has no closing quote", err.args[0]) from None
        self.last = token[2]
        return token

    def count(self, what: str) -> int:
        value = self.next("number", what)
        if value < 0 or not float(value).is_integer():
            raise self.fail(f"{what} is {value!r}, not a count")
        return int(value)


def parse_textgrid(path: str | Path, text: str) -> tuple[float, float, list[Tier]]:
    """A TextGrid's time domain and tiers, from its decoded text (long, short or chronological format).

    Examples
    --------
    >>> xmin, xmax, tiers = parse_textgrid("a.TextGrid", '"ooTextFile" "TextGrid" 0 2 <exists> 1 "TextTier" "bell" 0 2 1 0.9 "ding"')
    >>> xmax, tiers
    (2.0, [Tier(kind='TextTier', name='bell', items=[(0.9, None, 'ding')])])
    """
    reader = _Reader(path, text)
    first = reader.next("text", "the file type")
    if first == _CHRONOLOGICAL:
        return _chronological(reader)
    if not first.startswith("ooTextFile"):
        raise reader.fail(f"the file type is {first[:40]!r}, not a Praat text file (\"ooTextFile\")")
    kind = reader.next("text", "the object class")
    if kind != "TextGrid":
        raise reader.fail(f"is a Praat {kind[:40]!r}, not a TextGrid")
    xmin, xmax = reader.next("number", "the start time"), reader.next("number", "the end time")
    flag = reader.next("flag", "<exists> or <absent>")
    if flag == "<absent>":
        return xmin, xmax, []
    tiers = []
    for number in range(1, reader.count("the number of tiers") + 1):
        tier_kind = reader.next("text", f"the class of tier {number}")
        if tier_kind not in {"IntervalTier", "TextTier"}:
            raise reader.fail(f"tier {number} is of class {tier_kind[:40]!r}, not IntervalTier or TextTier")
        tier = Tier(tier_kind, reader.next("text", f"the name of tier {number}"))
        reader.next("number", f"the start time of tier {number}")
        reader.next("number", f"the end time of tier {number}")
        for item in range(1, reader.count(f"the number of items of tier {number}") + 1):
            where = f"{'interval' if tier_kind == 'IntervalTier' else 'point'} {item} of tier {number}"
            start = reader.next("number", f"the time of {where}")
            end = reader.next("number", f"the end time of {where}") if tier_kind == "IntervalTier" else None
            tier.items.append((start, end, reader.next("text", f"the text of {where}")))
        tiers.append(tier)
    return xmin, xmax, tiers


def _chronological(reader: _Reader) -> tuple[float, float, list[Tier]]:
    """Praat's chronological format: the tiers' headers, then each item as its tier's number, times and text."""
    xmin, xmax = reader.next("number", "the start time"), reader.next("number", "the end time")
    tiers = []
    for number in range(1, reader.count("the number of tiers") + 1):
        tier_kind = reader.next("text", f"the class of tier {number}")
        if tier_kind not in {"IntervalTier", "TextTier"}:
            raise reader.fail(f"tier {number} is of class {tier_kind[:40]!r}, not IntervalTier or TextTier")
        tiers.append(Tier(tier_kind, reader.next("text", f"the name of tier {number}")))
        reader.next("number", f"the start time of tier {number}")
        reader.next("number", f"the end time of tier {number}")
    while (token := reader.more()) is not None:
        kind, value, _ = token
        if kind != "number" or not float(value).is_integer() or not 1 <= value <= len(tiers):
            raise reader.fail(f"expected the number of a tier (1 to {len(tiers)}), found {value!r}")
        tier = tiers[int(value) - 1]
        start = reader.next("number", "the time of an item")
        end = reader.next("number", "the end time of an interval") if tier.kind == "IntervalTier" else None
        tier.items.append((start, end, reader.next("text", "the text of an item")))
    return xmin, xmax, tiers


def read_textgrid(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> Transcript:
    """Read a Praat TextGrid from its bytes (see the module docstring).

    Raises
    ------
    TranscriptError
        RK164 for a binary TextGrid or one that does not parse; RK104 when its interval
        tiers hold no text.
    """
    if data.startswith(b"ooBinaryFile"):
        raise TranscriptError(CODE, path, "is a binary Praat file (ooBinaryFile)",
                              hint="open it in Praat and save it with Save as text file..., then read that file")
    text, used, decode_notes = decode_text(data, path, encoding=encoding).parts()
    check_unit_count(path, text.count('"') // 2, "quoted texts (intervals, points, tier and class names)")
    xmin, xmax, tiers = parse_textgrid(path, text.replace("\r\n", "\n"))
    notes = decode_notes
    speech, left_out = _speech_tiers(tiers)
    sppas = any(t.name.strip() == _SPPAS_WORDS for _, t in speech) and len(tiers) > 1
    aligned = _word_tiers(tiers)
    utterances, empty, words_joined = [], 0, 0
    for index, (speaker, tier) in enumerate(speech):
        for number, (start, end, words) in enumerate(tier.items):
            if not words.strip() or (sppas and words.strip() in _SPPAS_SILENCES):
                empty += 1
                continue
            last = utterances[-1] if utterances else None
            if (id(tier) in aligned and last is not None and last.order[1] == index and last.end is not None
                    and start - last.end < WORD_PAUSE):  # an aligner's next word: the same stretch of speech
                utterances[-1] = Utterance(f"{last.text} {words}", speaker, last.start, last.order, last.location, end)
                words_joined += 1
                continue
            utterances.append(Utterance(words, speaker, round(start, 3), (start, index, number),
                                        f"tier {tier.name!r}, interval {number + 1}", end))
    if not any(u.text.strip() for u in utterances):
        raise TranscriptError("RK104", path, f"the TextGrid's interval tiers ({listed([repr(t.name) for _, t in speech]) or 'none'}) "
                              "hold no text", hint="check that the TextGrid was saved after transcribing")
    note_tiers = [name for name, _ in speech if names_notes(name)]
    if len(set(note_tiers)) == len({name for name, _ in speech}):
        note_tiers = []  # every tier looks like notes: read them as speakers rather than leave no speech
    labels = dict(labels or {})
    for name in note_tiers:
        labels.setdefault(name, "other")
    notes.insert(0, f"read as Praat TextGrid: {len(utterances)} interval(s) with text from {len(speech)} interval tier(s), "
                    f"each a speaker: {listed([repr(name) for name, _ in speech if name not in note_tiers])}"
                    + (f"; note tier(s), kept in the text under their names with role 'other' (remarks, not speech): "
                       f"{listed([repr(name) for name in note_tiers])}" if note_tiers else ""))
    if left_out:
        notes.append(f"{len(left_out)} tier(s) left out, not speech: {listed(left_out)}")
    if empty:
        notes.append(f"{empty} empty interval(s) (pauses) skipped")
    if words_joined:
        notes.append(f"a forced aligner's word tier: {words_joined} word interval(s) joined to the word before them, a stretch "
                     f"of speech running until a pause of {WORD_PAUSE:g} s or more")
    crossing = overlaps(sorted(utterances, key=lambda u: u.order))
    if crossing:
        notes.append(f"{crossing} interval(s) start while another speaker's is still going on (overlapping speech); "
                     "they are written after it, in the order the intervals start")
    attributes = {"duration": round(xmax - xmin, 3)} if xmax > xmin else {}
    return assemble_utterances(doc_id, utterances, source=source, fmt="textgrid", encoding=used, labels=labels,
                               attributes=attributes, notes=notes)


def _speech_tiers(tiers: list[Tier]) -> tuple[list[tuple[str, Tier]], list[str]]:
    """The interval tiers with their speaker names, and descriptions of the tiers left out."""
    names = [t.name.strip() for t in tiers]
    matches = [_ALIGNER_RE.fullmatch(name) if len(name) <= 200 else None for name in names]
    aligner = {_kind(m) for m in matches if m} == {"word", "phone"}
    sppas = _SPPAS_WORDS in names and len(names) > 1
    speech, left_out = [], []
    for number, (tier, name, match) in enumerate(zip(tiers, names, matches), start=1):
        match = match if aligner else None
        if tier.kind != "IntervalTier":
            left_out.append(f"{tier.name!r} (point tier, {len(tier.items)} point(s))")
        elif sppas and name != _SPPAS_WORDS:
            left_out.append(f"{tier.name!r} (SPPAS annotation beside its aligned words, {len(tier.items)} interval(s))")
        elif match is not None and _kind(match) == "phone":
            left_out.append(f"{tier.name!r} (a forced aligner's phones, {len(tier.items)} interval(s))")
        else:
            speaker = (match.group("speaker") if match is not None and match.group("speaker") else name) or f"Tier {number}"
            speech.append((" ".join(speaker.split()), tier))
    return speech, left_out


def _word_tiers(tiers: list[Tier]) -> set[int]:
    """``id()`` of the tiers that hold one word per interval: a forced aligner's word tiers and SPPAS's ``TokensAlign``."""
    names = [t.name.strip() for t in tiers]
    matches = [_ALIGNER_RE.fullmatch(name) if len(name) <= 200 else None for name in names]
    aligner = {_kind(m) for m in matches if m} == {"word", "phone"}
    return {id(t) for t, name, m in zip(tiers, names, matches)
            if (aligner and m is not None and _kind(m) == "word") or (name == _SPPAS_WORDS and len(tiers) > 1)}


def _kind(match: re.Match) -> str:
    """``word`` or ``phone``, for a forced aligner's tier name in the singular or the plural."""
    return match.group("kind").lower().rstrip("s")

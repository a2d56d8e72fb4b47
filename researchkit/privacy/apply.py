"""A pseudonymised view of a corpus and its codings, with offsets re-mapped exactly.

:func:`apply_key` is a pure function: it returns new :class:`Transcript` objects whose
text has every identifier replaced (:func:`~researchkit.privacy.detect.find_identifiers`),
whose turns and paragraphs are moved to the new offsets, and a codings table whose
``start``/``end`` point at the same passages in the new text, so that
``new_text[start:end]`` is the pseudonymised version of the passage. A coding boundary
that falls inside a replaced identifier is widened to the whole pseudonym. The
original corpus and codings are never changed.

Examples
--------
>>> from researchkit.transcripts import Corpus, Transcript
>>> from researchkit.privacy.key import KeyEntry, PrivacyKey
>>> key = PrivacyKey([KeyEntry("Piet Jansen", pseudonym="[PERSOON-1]")])
>>> corpus = Corpus([Transcript("R1", "Piet Jansen belde. Hij was bang.")])
>>> codings = pd.DataFrame([{"doc_id": "R1", "start": 19, "end": 32, "code": "ANG", "coder": "a", "source": "manual"}])
>>> view = apply_key(corpus, key, codings=codings)
>>> view.corpus["R1"].text, view.codings.loc[0, "text"]
('[PERSOON-1] belde. Hij was bang.', 'Hij was bang.')
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
from dataclasses import dataclass
from typing import Any, NamedTuple, Sequence

import pandas as pd

from researchkit.errors import PrivacyError
from researchkit.privacy.detect import find_identifiers
from researchkit.privacy.key import PrivacyKey
from researchkit.transcripts import Corpus, Transcript, Turn

__all__ = ["OffsetMap", "PseudonymisedView", "pseudonymise_with_map", "pseudonymise_transcript", "pseudonymise_speaker_label",
           "pseudonymise_speaker_sheet", "apply_key"]

#: Free-text columns of a codings table that are pseudonymised too.
TEXT_COLUMNS = ("memo", "evidence")


@dataclass(frozen=True)
class OffsetMap:
    """Maps offsets of an original text to the pseudonymised text.

    Attributes
    ----------
    spans
        ``(old_start, old_end, new_start, new_end)`` of every replacement, in text order.

    Examples
    --------
    >>> m = OffsetMap(((4, 8, 4, 15),))  # "Bel Piet nu" -> "Bel [PERSOON-1] nu"
    >>> m.start(0), m.start(6), m.end(6), m.end(11)
    (0, 4, 15, 18)
    """

    spans: tuple[tuple[int, int, int, int], ...] = ()

    @functools.cached_property
    def _starts(self) -> list[int]:
        return [s[0] for s in self.spans]  # once per map, not per offset

    def _last_before(self, offset: int) -> int:
        return bisect.bisect_left(self._starts, offset) - 1

    def start(self, offset: int) -> int:
        """The new offset of a start boundary (inside a replacement: its start)."""
        i = self._last_before(offset)
        if i < 0:
            return offset
        old_start, old_end, new_start, new_end = self.spans[i]
        if offset < old_end:
            return new_start
        return offset - old_end + new_end

    def end(self, offset: int) -> int:
        """The new offset of an end boundary (inside a replacement: its end)."""
        i = self._last_before(offset)
        if i < 0:
            return offset
        old_start, old_end, new_start, new_end = self.spans[i]
        if offset < old_end:
            return new_end
        return offset - old_end + new_end


def pseudonymise_with_map(
    text: str,
    key: PrivacyKey | None = None,
    *,
    kinds: Sequence[str] | str | None = None,
) -> tuple[str, OffsetMap]:
    """The pseudonymised text and the :class:`OffsetMap` from old to new offsets.

    Examples
    --------
    >>> new, m = pseudonymise_with_map("Bel 06-12345678 nu")
    >>> new, new[m.start(16):m.end(18)]
    ('Bel [TELEFOON] nu', 'nu')
    """
    parts: list[str] = []
    spans: list[tuple[int, int, int, int]] = []
    pos = 0
    new_len = 0
    for h in find_identifiers(text, key, kinds=kinds):
        before = text[pos : h.start]
        parts.append(before)
        new_len += len(before)
        parts.append(h.replacement)
        spans.append((h.start, h.end, new_len, new_len + len(h.replacement)))
        new_len += len(h.replacement)
        pos = h.end
    parts.append(text[pos:])
    return "".join(parts), OffsetMap(tuple(spans))


def _pseudo_value(value: Any, key: PrivacyKey | None, kinds: Any) -> Any:
    if isinstance(value, str):
        return pseudonymise_with_map(value, key, kinds=kinds)[0]
    return value


def pseudonymise_speaker_label(label: str, key: PrivacyKey | None = None) -> str:
    """A speaker label as the pseudonymised transcript names the speaker: key terms replaced (no patterns).

    Examples
    --------
    >>> from researchkit.privacy.key import KeyEntry
    >>> pseudonymise_speaker_label("Piet Jansen", PrivacyKey([KeyEntry("Piet Jansen", pseudonym="[PERSOON-1]")]))
    '[PERSOON-1]'
    >>> pseudonymise_speaker_label("ANNA")
    'ANNA'
    """
    return key.pseudonymise(label) if key is not None else label


def pseudonymise_speaker_sheet(
    sheet: pd.DataFrame,
    key: PrivacyKey | None = None,
    *,
    kinds: Sequence[str] | str | None = None,
) -> pd.DataFrame:
    """Speaker attributes (indexed by ``(doc_id, speaker)``) as a pseudonymised corpus holds them.

    Each speaker label is renamed as :func:`pseudonymise_transcript` renames the turns'
    speakers (:func:`pseudonymise_speaker_label`), and each text value passes through the
    key and the patterns as a document attribute does; numbers, dates and yes/no values stay.
    Document ids are left as they are. Two labels that become one are the caller's to notice
    (the index is not checked).

    Examples
    --------
    >>> from researchkit.privacy.key import KeyEntry
    >>> key = PrivacyKey([KeyEntry("Piet Jansen", pseudonym="[PERSOON-1]")])
    >>> sheet = pd.DataFrame({"firm": ["Jansen Vis"], "age": [51]},
    ...                      index=pd.MultiIndex.from_tuples([("F1", "Piet Jansen")], names=["doc_id", "speaker"]))
    >>> pseudonymise_speaker_sheet(sheet, key).reset_index().values.tolist()
    [['F1', '[PERSOON-1]', '[PERSOON-1] Vis', 51]]
    """
    if key is not None and key.unassigned:
        key = key.assigned()
    out = sheet.copy()
    labels = {}
    for _doc_id, speaker in sheet.index.tolist():
        if speaker not in labels:
            labels[speaker] = pseudonymise_speaker_label(str(speaker), key) if isinstance(speaker, str) else speaker
    out.index = pd.MultiIndex.from_tuples([(d, labels[s]) for d, s in sheet.index.tolist()], names=sheet.index.names)
    for column in out.columns:
        values = out[column].tolist()
        if any(isinstance(v, str) for v in values):  # the column keeps its dtype (object or pandas' str)
            out[column] = pd.Series([_pseudo_value(v, key, kinds) for v in values], index=out.index, dtype=out[column].dtype)
    return out


def pseudonymise_transcript(
    transcript: Transcript,
    key: PrivacyKey | None = None,
    *,
    kinds: Sequence[str] | str | None = None,
) -> tuple[Transcript, OffsetMap]:
    """A pseudonymised copy of one transcript (text, turns, paragraphs, speakers, attributes).

    Examples
    --------
    >>> t = Transcript("R1", "R: bel 06-12345678.", (Turn("R", "respondent", 3, 19),))
    >>> new, _ = pseudonymise_transcript(t)
    >>> new.turn_text(new.turns[0])
    'bel [TELEFOON].'
    """
    text, mapping = pseudonymise_with_map(transcript.text, key, kinds=kinds)
    speakers: dict[str, str] = {}  # the same few speakers turn after turn: each pseudonymised once
    if key is not None:
        for turn in transcript.turns:
            if turn.speaker not in speakers:
                speakers[turn.speaker] = pseudonymise_speaker_label(turn.speaker, key)
    turns = tuple(
        Turn(speaker=speakers.get(turn.speaker, turn.speaker), role=turn.role,
             start=mapping.start(turn.start), end=mapping.end(turn.end), timestamp=turn.timestamp)
        for turn in transcript.turns
    )
    paragraphs = tuple((mapping.start(s), mapping.end(e)) for s, e in transcript.paragraphs)
    furniture = tuple((mapping.start(s), mapping.end(e)) for s, e in transcript.furniture)
    attributes = {k: _pseudo_value(v, key, kinds) for k, v in transcript.attributes.items()}
    source = transcript.source
    if source is not None and key is not None:
        source = dataclasses.replace(source, path=key.pseudonymise(source.path))
    notes = tuple(_pseudo_value(n, key, kinds) for n in transcript.notes)
    new = Transcript(doc_id=transcript.doc_id, text=text, turns=turns, attributes=attributes, source=source,
                     paragraphs=paragraphs, notes=notes, furniture=furniture,
                     line_numbers=tuple((mapping.start(s), n) for s, n in transcript.line_numbers),
                     sync_points=tuple((mapping.start(s), ms) for s, ms in transcript.sync_points))
    return new, mapping


class PseudonymisedView(NamedTuple):
    """The result of :func:`apply_key`.

    Attributes
    ----------
    corpus
        The pseudonymised corpus (same doc ids and order).
    codings
        The codings with re-mapped offsets and ``text`` (``None`` if none were given).
    maps
        ``doc_id -> OffsetMap``, to move further offsets (memos, notes) the same way.
    checksum
        The key's checksum (``""`` without a key): which key version made this view.
    replacements
        Number of identifiers replaced.
    """

    corpus: Corpus
    codings: pd.DataFrame | None
    maps: dict[str, OffsetMap]
    checksum: str
    replacements: int


def apply_key(
    corpus: Any,
    key: PrivacyKey | None = None,
    *,
    codings: pd.DataFrame | None = None,
    kinds: Sequence[str] | str | None = None,
) -> PseudonymisedView:
    """Pseudonymise a corpus (and its codings) with a key and the identifier patterns.

    Parameters
    ----------
    corpus
        The corpus; never modified.
    key
        The pseudonymisation key (``None``: patterns only). Entries without a stored
        pseudonym get one as in :meth:`PrivacyKey.assigned`.
    codings
        A codings table on ``corpus``; every row must fit the texts.
    kinds
        Pattern kinds to replace (default all; ``"none"`` for key terms only).

    Returns
    -------
    PseudonymisedView

    Raises
    ------
    PrivacyError
        ``RK576`` when a coding names an unknown document or its offsets or ``text`` do
        not fit the text.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> view = apply_key(Corpus([Transcript("R1", "Kenteken 12-AB-34.")]))
    >>> view.corpus["R1"].text, view.replacements
    ('Kenteken [KENTEKEN].', 1)
    """
    if key is not None and key.unassigned:
        key = key.assigned()
    transcripts, maps = [], {}
    count = 0
    for t in corpus:
        new, mapping = pseudonymise_transcript(t, key, kinds=kinds)
        transcripts.append(new)
        maps[t.doc_id] = mapping
        count += len(mapping.spans)
    new_corpus = Corpus(transcripts, problems=getattr(corpus, "problems", ()), notes=getattr(corpus, "notes", ()))
    new_codings = None
    if codings is not None:
        new_codings = _remap_codings(codings, corpus, new_corpus, maps, key, kinds)
    return PseudonymisedView(new_corpus, new_codings, maps, key.checksum if key is not None else "", count)


def _remap_codings(codings: pd.DataFrame, corpus: Any, new_corpus: Corpus, maps: dict[str, OffsetMap],
                   key: PrivacyKey | None, kinds: Any) -> pd.DataFrame:
    if not isinstance(codings, pd.DataFrame) or not {"doc_id", "start", "end"} <= set(codings.columns):
        raise PrivacyError("RK576", "codings must be a DataFrame with doc_id, start and end",
                           hint="pass a codings table (researchkit.codings)")
    problems = []
    starts, ends, texts = [], [], []
    for i, row in enumerate(codings.itertuples(index=False)):
        doc_id, start, end = str(row.doc_id), row.start, row.end
        if doc_id not in maps:
            problems.append(f"row {i}: document {doc_id!r} is not in the corpus")
            starts.append(start), ends.append(end), texts.append(None)
            continue
        text = corpus[doc_id].text
        try:
            start, end = int(start), int(end)
        except (TypeError, ValueError):
            problems.append(f"row {i}: offsets {row.start!r}, {row.end!r} are not whole numbers")
            starts.append(start), ends.append(end), texts.append(None)
            continue
        if not 0 <= start <= end <= len(text):
            problems.append(f"row {i} ({doc_id}): offsets {start}-{end} outside the text (length {len(text)})")
        elif hasattr(row, "text") and isinstance(row.text, str) and row.text != text[start:end]:
            problems.append(f"row {i} ({doc_id}): text {row.text[:40]!r} is not the text at {start}-{end}")
        mapping = maps[doc_id]
        new_start, new_end = mapping.start(start), mapping.end(end)
        starts.append(new_start)
        ends.append(new_end)
        texts.append(new_corpus[doc_id].text[new_start:new_end])
    if problems:
        raise PrivacyError("RK576", f"{len(problems)} coding(s) do not fit the corpus: " + "; ".join(problems[:10])
                           + (" ..." if len(problems) > 10 else ""),
                           hint="pseudonymise the codings together with the corpus they were made on")
    out = codings.copy()
    out["start"] = pd.array(starts, dtype="int64")
    out["end"] = pd.array(ends, dtype="int64")
    out["text"] = texts
    for col in TEXT_COLUMNS:
        if col in out.columns:
            out[col] = [_pseudo_value(v, key, kinds) for v in out[col]]
    return out
